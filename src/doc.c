/* SPDX-License-Identifier: MIT */
/* doc.c - one document in flight: its arrays and their ceilings.
 *
 * The doc owns every array a stage appends to; growth is geometric and
 * stops at the limit the model sets, so hostile input gets a WS_LIMIT
 * error instead of unbounded memory.
 */
#include "doc.h"

#include <stdio.h>
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
    ws_free(d->ent.v);
    ws_free(d->quote.v);
    ws_free(d->cls);
    ws_free(d->ment_of_tok);
    d->tok.v = NULL;
    d->sent.v = NULL;
    d->gz.v = NULL;
    d->men.v = NULL;
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
doc_grow(struct doc *d, void *vec, size_t elem, size_t limit,
         const char *what)
{
    struct any_vec *a = vec;
    size_t cap;
    void *p;

    if (a->n < a->cap)
        return 0;
    if (a->n >= limit) {
        snprintf(d->err, sizeof(d->err), "more than %zu %s (the limit)",
                 limit, what);
        return WS_LIMIT;
    }
    cap = a->cap ? a->cap * 2 : 16;
    if (cap > limit)
        cap = limit;
    p = ws_realloc(a->v, cap * elem);
    if (!p)
        return WS_NOMEM;
    a->v = p;
    a->cap = cap;
    return 0;
}
