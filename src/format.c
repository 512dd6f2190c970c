/* SPDX-License-Identifier: MIT */
/* format.c - the view every output format reads, and the dispatch.
 *
 * Runs after the pipeline, like emit.c, and reads the same arrays the same
 * way: emit.c decides what is listed (entities with an output id, their
 * distinct titles, their affiliations, each quote's speaker) and this file
 * only copies those decisions into flat arrays with byte and code point
 * offsets (offsets.c), which format_csv.c, format_html.c and
 * format_jsonld.c then print. WS_FORMAT_JSON is emit_json itself.
 * Also the output buffer they share and the public ws_format_* calls.
 */
#include "format.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "emit.h"
#include "gazetteer.h"
#include "model.h"
#include "offsets.h"

/* ---- the view ----------------------------------------------------------- */

int
format_is_qid(const char *id)
{
    if (!id || id[0] != 'Q' || id[1] == '\0')
        return 0;
    for (id++; *id; id++)
        if (*id < '0' || *id > '9')
            return 0;
    return 1;
}

static void
fspan_set(struct fspan *s, const struct cpmap *cp, uint32_t a, uint32_t b)
{
    s->start = a;
    s->end = b;
    s->cstart = cpmap_at(cp, a);
    s->cend = cpmap_at(cp, b);
}

static void
tok_span(struct fspan *s, const struct cpmap *cp, const struct doc *d,
         int32_t tok, int32_t tok_end)
{
    fspan_set(s, cp, d->tok.v[tok].start, d->tok.v[tok_end - 1].end);
}

/* Turns the per-entity counts in c into first indexes, in place; returns
 * the total. */
static size_t
bucket_starts(const struct fview *v, size_t *c)
{
    size_t total = 0;

    for (size_t k = 0; k < v->nent; k++) {
        size_t n = c[k];

        c[k] = total;
        total += n;
    }
    return total;
}

int
format_view_build(struct fview *v, const struct doc *d)
{
    const struct gazetteer *g = &d->model->gz;
    struct cpmap cp = {0};
    int32_t *vix = NULL; /* entity index -> view index, or -1 */
    size_t *cnt = NULL;  /* per view entity: a counter for filling */
    size_t k;
    int rc = WS_NOMEM;

    memset(v, 0, sizeof(*v));
    v->d = d;
    v->text = d->text;
    if (cpmap_build(&cp, d))
        return WS_NOMEM;
    vix = ws_malloc(sizeof(*vix) * (d->ent.n ? d->ent.n : 1));
    v->ent = ws_calloc(d->ent.n ? d->ent.n : 1, sizeof(*v->ent));
    v->q = ws_calloc(d->quote.n ? d->quote.n : 1, sizeof(*v->q));
    cnt = ws_calloc(d->ent.n ? d->ent.n : 1, sizeof(*cnt));
    if (!vix || !v->ent || !v->q || !cnt)
        goto out;

    /* entities, in the JSON's order */
    for (size_t e = 0; e < d->ent.n; e++) {
        const struct entity *x = &d->ent.v[e];
        struct fentity *fe = &v->ent[v->nent];
        uint32_t a, b;

        vix[e] = -1;
        if (!x->emitted_id)
            continue;
        vix[e] = (int32_t)v->nent++;
        fe->id = x->emitted_id;
        fe->type = x->type;
        emit_entity_name(d, x, &a, &b);
        fspan_set(&fe->name, &cp, a, b);
        if (x->entry >= 0) {
            const struct gz_entry *ge = &g->entries[x->entry];

            fe->kb_id = ge->id ? gazetteer_str(g, ge->id) : NULL;
            fe->kb_name = gazetteer_str(g, ge->name);
        }
    }

    /* titles (people only, as in the JSON): count, place, fill */
    for (size_t i = 0; i < d->title.n; i++) {
        int32_t e = d->men.v[d->title.v[i].mention].entity;

        if (e >= 0 && vix[e] >= 0 && d->ent.v[e].type == MEN_PERSON &&
            emit_title_listed(d, i, (size_t)e))
            v->ent[vix[e]].ntitles++;
    }
    for (k = 0; k < v->nent; k++)
        cnt[k] = v->ent[k].ntitles;
    v->ntitles = bucket_starts(v, cnt);
    v->titles = ws_malloc(sizeof(*v->titles) * (v->ntitles ? v->ntitles : 1));
    if (!v->titles)
        goto out;
    for (k = 0; k < v->nent; k++)
        v->ent[k].title = cnt[k];
    for (size_t i = 0; i < d->title.n; i++) {
        const struct title *t = &d->title.v[i];
        int32_t e = d->men.v[t->mention].entity;

        if (e >= 0 && vix[e] >= 0 && d->ent.v[e].type == MEN_PERSON &&
            emit_title_listed(d, i, (size_t)e))
            tok_span(&v->titles[cnt[vix[e]]++], &cp, d, (int32_t)t->tok,
                     (int32_t)t->tok_end);
    }

    /* affiliations (people and groups) and mentions, the same way */
    for (size_t i = 0; i < d->men.n; i++) {
        int32_t e = d->men.v[i].entity;

        if (e < 0 || vix[e] < 0)
            continue;
        v->ent[vix[e]].nmen++;
        if ((d->ent.v[e].type == MEN_PERSON || d->ent.v[e].type == MEN_GROUP) &&
            emit_affiliation(d, i, (size_t)e) >= 0)
            v->ent[vix[e]].naffs++;
    }
    for (k = 0; k < v->nent; k++)
        cnt[k] = v->ent[k].naffs;
    v->naffs = bucket_starts(v, cnt);
    v->affs = ws_malloc(sizeof(*v->affs) * (v->naffs ? v->naffs : 1));
    if (!v->affs)
        goto out;
    for (k = 0; k < v->nent; k++)
        v->ent[k].aff = cnt[k];
    for (size_t i = 0; i < d->men.n; i++) {
        int32_t e = d->men.v[i].entity, oe;

        if (e < 0 || vix[e] < 0 ||
            (d->ent.v[e].type != MEN_PERSON && d->ent.v[e].type != MEN_GROUP))
            continue;
        oe = emit_affiliation(d, i, (size_t)e);
        if (oe >= 0)
            v->affs[cnt[vix[e]]++] = (size_t)vix[oe];
    }
    for (k = 0; k < v->nent; k++)
        cnt[k] = v->ent[k].nmen;
    v->nmen = bucket_starts(v, cnt);
    v->men = ws_malloc(sizeof(*v->men) * (v->nmen ? v->nmen : 1));
    if (!v->men)
        goto out;
    for (k = 0; k < v->nent; k++)
        v->ent[k].men = cnt[k];
    for (size_t i = 0; i < d->men.n; i++) {
        const struct mention *m = &d->men.v[i];

        if (m->entity >= 0 && vix[m->entity] >= 0)
            tok_span(&v->men[cnt[vix[m->entity]]++], &cp, d, (int32_t)m->tok,
                     (int32_t)m->tok_end);
    }

    /* quotes */
    for (size_t i = 0; i < d->quote.n; i++) {
        const struct quote *q = &d->quote.v[i];
        struct fquote *fq = &v->q[v->nq++];
        int32_t sp = emit_speaker(d, q);

        fq->id = (int)i + 1;
        fspan_set(&fq->span, &cp, q->span.start, q->span.end);
        fq->kind = emit_kind_name(q->kind);
        fq->speaker = sp >= 0 ? vix[sp] : -1;
        if (sp >= 0 && q->site_tok >= 0) {
            fq->has_site = 1;
            tok_span(&fq->site, &cp, d, q->site_tok, q->site_end);
        }
        if (q->cue_tok >= 0) {
            fq->has_cue = 1;
            tok_span(&fq->cue, &cp, d, q->cue_tok, q->cue_end);
        }
        fq->method = q->method;
        fq->confidence = emit_confidence(q);
    }
    rc = 0;
out:
    cpmap_free(&cp);
    ws_free(vix);
    ws_free(cnt);
    if (rc)
        format_view_free(v);
    return rc;
}

void
format_view_free(struct fview *v)
{
    ws_free(v->ent);
    ws_free(v->titles);
    ws_free(v->affs);
    ws_free(v->men);
    ws_free(v->q);
    memset(v, 0, sizeof(*v));
}

/* ---- dispatch ----------------------------------------------------------- */

char *
format_doc(const struct doc *d, enum ws_format fmt, const char *doc_id,
           int flags)
{
    struct fview v;
    char *s = NULL;

    if (fmt == WS_FORMAT_JSON)
        return emit_json(d, flags);
    if (fmt != WS_FORMAT_CSV && fmt != WS_FORMAT_TSV && fmt != WS_FORMAT_HTML &&
        fmt != WS_FORMAT_JSONLD)
        return NULL;
    if (format_view_build(&v, d))
        return NULL;
    switch (fmt) {
    case WS_FORMAT_CSV:
    case WS_FORMAT_TSV:
        s = format_csv(&v, doc_id, fmt == WS_FORMAT_TSV, flags);
        break;
    case WS_FORMAT_HTML:
        s = format_html(&v, doc_id, flags);
        break;
    default:
        s = format_jsonld(&v, doc_id, flags);
        break;
    }
    format_view_free(&v);
    return s;
}

const char *
ws_format_header(enum ws_format fmt)
{
    switch (fmt) {
    case WS_FORMAT_CSV:
        return format_csv_header;
    case WS_FORMAT_TSV:
        return format_tsv_header;
    case WS_FORMAT_HTML:
        return format_html_head;
    default:
        return "";
    }
}

const char *
ws_format_footer(enum ws_format fmt)
{
    return fmt == WS_FORMAT_HTML ? format_html_foot : "";
}

char *
ws_format_error(enum ws_format fmt, const char *doc_id, const char *code,
                const char *message)
{
    struct fbuf b = {0};

    if (!code)
        code = "";
    if (!message)
        message = "";
    switch (fmt) {
    case WS_FORMAT_CSV:
    case WS_FORMAT_TSV:
        format_csv_error(&b, doc_id, code, message, fmt == WS_FORMAT_TSV);
        break;
    case WS_FORMAT_HTML:
        format_html_error(&b, doc_id, code, message);
        break;
    case WS_FORMAT_JSON:
    case WS_FORMAT_JSONLD:
        fbuf_puts(&b, "{\"id\":");
        if (doc_id)
            fbuf_json(&b, doc_id, strlen(doc_id));
        else
            fbuf_puts(&b, "null");
        fbuf_puts(&b, ",\"error\":{\"code\":");
        fbuf_json(&b, code, strlen(code));
        fbuf_puts(&b, ",\"message\":");
        fbuf_json(&b, message, strlen(message));
        fbuf_puts(&b, "}}");
        break;
    default:
        return NULL;
    }
    return fbuf_take(&b);
}
