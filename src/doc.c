/* SPDX-License-Identifier: MIT */
/* doc.c - one document in flight: its arrays and their ceilings.
 *
 * The doc owns every array a stage appends to; growth is geometric and
 * stops at the limit the model sets, so hostile input gets a WS_LIMIT
 * error instead of unbounded memory.
 */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "whosaid.h"

void
doc_init(struct doc *d, const struct model *m, const char *text, size_t len)
{
    memset(d, 0, sizeof(*d));
    d->model = m;
    d->text = text;
    d->len = len;
}

void
doc_free(struct doc *d)
{
    if (!d)
        return;
    ws_free(d->tok.v);
    ws_free(d->sent.v);
    ws_free(d->gz.v);
    ws_free(d->men.v);
    ws_free(d->title.v);
    ws_free(d->ent.v);
    ws_free(d->quote.v);
    ws_free(d->cls);
    ws_free(d->ment_of_tok);
    d->tok.v = NULL;
    d->sent.v = NULL;
    d->gz.v = NULL;
    d->men.v = NULL;
    d->title.v = NULL;
    d->ent.v = NULL;
    d->quote.v = NULL;
    d->cls = NULL;
    d->ment_of_tok = NULL;
}

/* All DOC_VEC types share this layout: a pointer, then n, then cap. */
struct any_vec {
    void *v;
    size_t n, cap;
};

int
doc_reserve(void *vec, size_t elem, size_t n, size_t limit)
{
    struct any_vec *a = vec;
    void *p;

    if (n > limit)
        n = limit;
    if (n <= a->cap)
        return 0;
    p = ws_realloc(a->v, n * elem);
    if (!p)
        return WS_NOMEM;
    a->v = p;
    a->cap = n;
    return 0;
}

int
doc_grow(struct doc *d, void *vec, size_t elem, size_t limit,
         const char *what)
{
    struct any_vec *a = vec;

    if (a->n < a->cap)
        return 0;
    if (a->n >= limit) {
        snprintf(d->err, sizeof(d->err), "more than %zu %s (the limit)",
                 limit, what);
        return WS_LIMIT;
    }
    return doc_reserve(vec, elem, a->cap ? a->cap * 2 : 16, limit);
}

/* Mention order: by first token, and of two at one token the higher
 * priority first. */
static int
mention_before(const struct mention *x, const struct mention *y)
{
    if (x->tok != y->tok)
        return x->tok < y->tok;
    return x->priority > y->priority;
}

/* Returns the end of the run of mentions in order from v[i] on. */
static size_t
run_end(const struct mention *v, size_t i, size_t n)
{
    for (i++; i < n && !mention_before(&v[i], &v[i - 1]); i++)
        ;
    return i;
}

/* Merges the runs v[0..mid) and v[mid..n) through tmp; of two equal
 * mentions, the left run's goes first. */
static void
merge(struct mention *v, size_t mid, size_t n, struct mention *tmp)
{
    size_t a = 0, b = mid, k = 0;

    while (a < mid && b < n)
        tmp[k++] = mention_before(&v[b], &v[a]) ? v[b++] : v[a++];
    while (a < mid)
        tmp[k++] = v[a++];
    /* what is left of the right run is in place already */
    memcpy(v, tmp, k * sizeof(*v));
}

/* A stable sort that merges the runs already in order, pairwise, until
 * one is left. The mentions come as two runs (the rules' in text order,
 * then the bare surnames entity.c adds in text order), so this is one
 * merge, where qsort went through its whole mergesort with a comparison
 * a call; any stable sort gives the same order. Returns 0 or WS_NOMEM. */
static int
sort_mentions(struct mention *v, size_t n)
{
    struct mention *tmp = NULL;

    for (;;) {
        size_t i = 0, runs = 0;

        while (i < n) {
            size_t mid = run_end(v, i, n), end;

            runs++;
            if (mid == n)
                break;
            end = run_end(v, mid, n);
            if (!tmp && !(tmp = ws_malloc(sizeof(*tmp) * n)))
                return WS_NOMEM;
            merge(v + i, mid - i, end - i, tmp);
            i = end;
        }
        if (runs <= 1)
            break;
    }
    ws_free(tmp);
    return 0;
}

int
doc_sort_mentions(struct doc *d)
{
    size_t n = d->men.n;
    int32_t *old = ws_malloc(sizeof(*old) * (n ? n : 1));
    int32_t *map = ws_malloc(sizeof(*map) * (n ? n : 1));

    if (!old || !map) {
        ws_free(old);
        ws_free(map);
        return WS_NOMEM;
    }
    /* park each mention's entity in `old` and its old index in entity */
    for (size_t i = 0; i < n; i++) {
        old[i] = d->men.v[i].entity;
        d->men.v[i].entity = (int32_t)i;
    }
    if (sort_mentions(d->men.v, n)) {
        /* put the entities back: the doc stays whole */
        for (size_t i = 0; i < n; i++)
            d->men.v[i].entity = old[d->men.v[i].entity];
        ws_free(old);
        ws_free(map);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        map[d->men.v[i].entity] = (int32_t)i;
    for (size_t i = 0; i < n; i++) {
        struct mention *m = &d->men.v[i];

        m->entity = old[m->entity];
        if (m->org >= 0)
            m->org = map[m->org];
        if (m->alias_of >= 0)
            m->alias_of = map[m->alias_of];
        if (d->ment_of_tok)
            for (uint32_t t = m->tok; t < m->tok_end; t++)
                d->ment_of_tok[t] = (int32_t)i;
    }
    for (size_t i = 0; i < d->title.n; i++)
        d->title.v[i].mention = map[d->title.v[i].mention];
    for (size_t e = 0; e < d->ent.n; e++) {
        if (d->ent.v[e].best >= 0)
            d->ent.v[e].best = map[d->ent.v[e].best];
        d->ent.v[e].first_mention = (uint32_t)map[d->ent.v[e].first_mention];
    }
    ws_free(old);
    ws_free(map);
    return 0;
}
