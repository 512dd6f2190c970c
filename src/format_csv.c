/* SPDX-License-Identifier: MIT */
/* format_csv.c - who said what as a table: CSV (RFC 4180) and TSV.
 *
 * Reads the view of format.c and writes one row per quote: the document,
 * the quote's id, the speaker with their titles and organisations, the
 * quote, its kind, cue, method and confidence, and its code point offsets
 * (the same as the JSON's). CSV quotes a field that holds a comma, a
 * double quote, CR or LF, doubles its double quotes, and ends rows with
 * CR LF, so that spreadsheets open it as it is. TSV has no quoting: a
 * backslash, tab, LF or CR inside a field is written \\ \t \n \r, so that
 * every row is one line and every tab a column break.
 */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "format.h"

#define COLUMNS(SEP, END)                                                      \
    "doc_id" SEP "quote_id" SEP "speaker" SEP "speaker_id" SEP                 \
    "speaker_titles" SEP "speaker_organisations" SEP "quote" SEP "kind" SEP    \
    "cue" SEP "method" SEP "confidence" SEP "start" SEP "end" END

const char format_csv_header[] = COLUMNS(",", "\r\n");
const char format_tsv_header[] = COLUMNS("\t", "\n");

/* Several values inside one field (titles, organisations). */
#define JOIN "; "

struct row {
    struct fbuf *b;
    int tsv;
    int first; /* no separator before the next field */
};

/* Starts a field: the separator unless it is the row's first. */
static void
sep(struct row *r)
{
    if (!r->first)
        fbuf_put(r->b, r->tsv ? "\t" : ",", 1);
    r->first = 0;
}

/* Appends s to the current field, escaped for TSV; CSV fields are escaped
 * whole by field(). */
static void
tsv_text(struct fbuf *b, const char *s, size_t n)
{
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        const char *esc;

        switch (s[i]) {
        case '\\':
            esc = "\\\\";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        default:
            continue;
        }
        fbuf_put(b, s + run, i - run);
        run = i + 1;
        fbuf_puts(b, esc);
    }
    fbuf_put(b, s + run, n - run);
}

/* Appends a whole field of n bytes. */
static void
field(struct row *r, const char *s, size_t n)
{
    size_t run = 0;

    sep(r);
    if (r->tsv) {
        tsv_text(r->b, s, n);
        return;
    }
    if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) &&
        !memchr(s, '\r', n)) {
        fbuf_put(r->b, s, n);
        return;
    }
    fbuf_put(r->b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '"')
            continue;
        fbuf_put(r->b, s + run, i + 1 - run);
        fbuf_put(r->b, "\"", 1);
        run = i + 1;
    }
    fbuf_put(r->b, s + run, n - run);
    fbuf_put(r->b, "\"", 1);
}

static void
fields(struct row *r, const char *s)
{
    field(r, s ? s : "", s ? strlen(s) : 0);
}

static void
span_field(struct row *r, const struct fview *v, const struct fspan *s)
{
    field(r, v->text + s->start, s->end - s->start);
}

static void
end_row(struct row *r)
{
    fbuf_puts(r->b, r->tsv ? "\n" : "\r\n");
    r->first = 1;
}

/* The speaker's titles or organisations joined by JOIN, as one field.
 * Made in a buffer of its own because CSV escapes fields whole. */
static void
joined_field(struct row *r, const struct fview *v, const struct fentity *e,
             int orgs)
{
    struct fbuf tmp = {0};
    size_t n = orgs ? e->naffs : e->ntitles;

    for (size_t k = 0; k < n; k++) {
        const struct fspan *s =
            orgs ? &v->ent[v->affs[e->aff + k]].name : &v->titles[e->title + k];

        if (k)
            fbuf_puts(&tmp, JOIN);
        fbuf_put(&tmp, v->text + s->start, s->end - s->start);
    }
    if (tmp.oom)
        r->b->oom = 1;
    field(r, tmp.s ? tmp.s : "", tmp.n);
    ws_free(tmp.s);
}

char *
format_csv(const struct fview *v, const char *doc_id, int tsv, int flags)
{
    struct fbuf b = {0};
    struct row r = {.b = &b, .tsv = tsv, .first = 1};
    char num[32];

    if (!(flags & WS_FORMAT_FRAGMENT))
        fbuf_puts(&b, tsv ? format_tsv_header : format_csv_header);
    for (size_t i = 0; i < v->nq; i++) {
        const struct fquote *q = &v->q[i];
        const struct fentity *e = q->speaker >= 0 ? &v->ent[q->speaker] : NULL;

        fields(&r, doc_id);
        snprintf(num, sizeof(num), "q%d", q->id);
        fields(&r, num);
        if (e) {
            span_field(&r, v, &e->name);
            snprintf(num, sizeof(num), "e%d", e->id);
            fields(&r, num);
            joined_field(&r, v, e, 0);
            joined_field(&r, v, e, 1);
        } else {
            for (int k = 0; k < 4; k++)
                fields(&r, "");
        }
        span_field(&r, v, &q->span);
        fields(&r, q->kind);
        if (q->has_cue)
            span_field(&r, v, &q->cue);
        else
            fields(&r, "");
        fields(&r, q->method);
        snprintf(num, sizeof(num), "%.2f", q->confidence);
        fields(&r, num);
        snprintf(num, sizeof(num), "%zu", q->span.cstart);
        fields(&r, num);
        snprintf(num, sizeof(num), "%zu", q->span.cend);
        fields(&r, num);
        end_row(&r);
    }
    return fbuf_take(&b);
}

void
format_csv_error(struct fbuf *b, const char *doc_id, const char *code,
                 const char *message, int tsv)
{
    struct row r = {.b = b, .tsv = tsv, .first = 1};

    fields(&r, doc_id);
    for (int k = 0; k < 5; k++) /* quote_id .. speaker_organisations */
        fields(&r, "");
    fields(&r, message);
    fields(&r, "error");
    fields(&r, "");
    fields(&r, code);
    for (int k = 0; k < 3; k++) /* confidence, start, end */
        fields(&r, "");
    end_row(&r);
}
