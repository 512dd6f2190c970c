/* SPDX-License-Identifier: MIT */
/* offsets.c - byte offsets to code point offsets, for every output format.
 *
 * Stages work in bytes; the output speaks code points (what Python strings
 * and spaCy index by). The code point offset of byte b is the number of
 * bytes before b that are not UTF-8 continuation bytes (10xxxxxx). One pass
 * over the text stores that count at every CPMAP_BLOCK-th byte, so any
 * offset, in any order, is a lookup plus a count of under one block. Most
 * texts are ASCII: the pass finds no continuation byte, keeps no table and
 * offsets are the byte offsets themselves.
 *
 * Counting goes eight bytes at a time: in a 64-bit word w, a byte is a
 * continuation byte when its bit 7 is set and its bit 6 is not, which for
 * all eight bytes at once is w & ~(w << 1) & 0x80...80 (the shift moves
 * each byte's bit 6 to its own bit 7; bits that cross into the next byte
 * land below bit 7 and are masked off). The count of set bits is then a
 * multiplication that sums the eight bytes into the top one.
 */
#include "offsets.h"

#include <assert.h>
#include <string.h>

#include "alloc.h"
#include "whosaid.h"

#define HIGH_BITS 0x8080808080808080ULL
#define LOW_BITS 0x0101010101010101ULL

/* Returns the number of continuation bytes among the 8 bytes at s. */
static inline unsigned
cont_in_word(const char *s)
{
    uint64_t w;

    memcpy(&w, s, sizeof(w)); /* any alignment; the byte order is moot */
    w = (w & ~(w << 1) & HIGH_BITS) >> 7;
    return (unsigned)((w * LOW_BITS) >> 56);
}

/* Returns 1 when s[0..n) holds a continuation byte, stopping at the first
 * word that does. */
static int
has_cont(const char *s, size_t n)
{
    size_t i = 0;

    for (; i + 8 <= n; i += 8)
        if (cont_in_word(s + i))
            return 1;
    for (; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            return 1;
    return 0;
}

/* Returns the number of continuation bytes in s[0..n). */
static size_t
cont_count(const char *s, size_t n)
{
    size_t c = 0, i = 0;

    for (; i + 8 <= n; i += 8)
        c += cont_in_word(s + i);
    for (; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) == 0x80;
    return c;
}

int
cpmap_build(struct cpmap *m, const struct doc *d)
{
    size_t nblk = d->len / CPMAP_BLOCK + 1, cont = 0;

    m->text = d->text;
    m->len = d->len;
    m->blk = NULL;
    m->ascii = !has_cont(d->text, d->len);
    if (m->ascii)
        return 0;
    m->blk = ws_malloc(sizeof(*m->blk) * nblk);
    if (!m->blk)
        return WS_NOMEM;
    for (size_t k = 0; k < nblk; k++) {
        size_t at = k * CPMAP_BLOCK;

        if (k > 0)
            cont += cont_count(d->text + at - CPMAP_BLOCK, CPMAP_BLOCK);
        m->blk[k] = (uint32_t)(at - cont);
    }
    return 0;
}

void
cpmap_free(struct cpmap *m)
{
    ws_free(m->blk);
    m->blk = NULL;
}

size_t
cpmap_at(const struct cpmap *m, uint32_t b)
{
    size_t k = b / CPMAP_BLOCK, at = k * CPMAP_BLOCK;

    assert(b <= m->len);
    if (m->ascii)
        return b;
    return m->blk[k] + (b - at) - cont_count(m->text + at, b - at);
}
