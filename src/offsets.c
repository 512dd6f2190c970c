/* SPDX-License-Identifier: MIT */
/* offsets.c - byte offsets to code point offsets, for every output format.
 *
 * Stages work in bytes; the output speaks code points (what Python strings
 * and spaCy index by). Almost every offset printed is a token boundary, so
 * one linear pass over the text records the code point offset of each, and
 * a binary search finds it; other offsets scan from the nearest token.
 */
#include "offsets.h"

#include "alloc.h"
#include "whosaid.h"

static size_t
count_cp(const char *s, size_t from, size_t to)
{
    size_t n = 0;

    for (size_t i = from; i < to; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int
cpmap_build(struct cpmap *m, const struct doc *d)
{
    size_t n = d->tok.n, cp = 0, at = 0;

    m->d = d;
    m->start = m->end = NULL;
    m->ascii = 1;
    for (size_t i = 0; i < d->len && m->ascii; i++)
        m->ascii = (unsigned char)d->text[i] < 0x80;
    if (m->ascii)
        return 0;
    m->start = ws_malloc(sizeof(*m->start) * (n ? n : 1));
    m->end = ws_malloc(sizeof(*m->end) * (n ? n : 1));
    if (!m->start || !m->end) {
        cpmap_free(m);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        cp += count_cp(d->text, at, d->tok.v[i].start);
        m->start[i] = (uint32_t)cp;
        cp += count_cp(d->text, d->tok.v[i].start, d->tok.v[i].end);
        m->end[i] = (uint32_t)cp;
        at = d->tok.v[i].end;
    }
    return 0;
}

void
cpmap_free(struct cpmap *m)
{
    ws_free(m->start);
    ws_free(m->end);
    m->start = m->end = NULL;
}

size_t
cpmap_at(const struct cpmap *m, uint32_t b)
{
    const struct doc *d = m->d;
    size_t lo = 0, hi = d->tok.n;

    if (m->ascii)
        return b;
    /* the last token starting at or before b */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (d->tok.v[mid].start <= b)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return count_cp(d->text, 0, b);
    const struct token *t = &d->tok.v[lo - 1];

    if (t->start == b)
        return m->start[lo - 1];
    if (t->end <= b)
        return m->end[lo - 1] + count_cp(d->text, t->end, b);
    return m->start[lo - 1] + count_cp(d->text, t->start, b);
}
