/* SPDX-License-Identifier: MIT */
/* format.h - output formats other than JSON: the view they share.
 *
 * Every format reads one view of a finished document, made once by
 * format_view_build from the decisions emit.c takes for the JSON (entity
 * ids, listed titles and affiliations, the speaker, the confidence) and
 * with code point offsets from offsets.c. So CSV, TSV, HTML and JSON-LD
 * list the same things as the JSON, with the same ids and offsets.
 * Everything here allocates through ws_malloc and reports out of memory
 * as NULL or WS_NOMEM, never by printing.
 */
#ifndef WS_FORMAT_H
#define WS_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "fbuf.h"
#include "whosaid.h"

/* ---- the view ----------------------------------------------------------- */

/* A span of the text: bytes for slicing, code points for printing. */
struct fspan {
    uint32_t start, end; /* bytes */
    size_t cstart, cend; /* code points */
};

struct fentity {
    int id;                /* "e<id>" */
    uint8_t type;          /* enum mention_type */
    struct fspan name;     /* the fullest mention */
    const char *kb_id;     /* gazetteer id or NULL (model-owned) */
    const char *kb_name;   /* gazetteer name or NULL */
    size_t title, ntitles; /* view->titles[title .. title + ntitles) */
    size_t aff, naffs;     /* view->affs[...]: indexes into view->ent */
    size_t men, nmen;      /* view->men[...]: its mentions, in order */
};

struct fquote {
    int id;            /* "q<id>" */
    struct fspan span; /* the quoted words */
    const char *kind;  /* "direct", ... (static) */
    int32_t speaker;   /* index into view->ent, or -1 */
    int has_site, has_cue;
    struct fspan site;  /* the speaker as written there */
    struct fspan cue;   /* the cue verb */
    const char *method; /* static, or NULL */
    double confidence;
};

struct fview {
    const struct doc *d;
    const char *text;    /* d->text */
    struct fentity *ent; /* emitted entities, in id order */
    size_t nent;
    struct fspan *titles;
    size_t ntitles;
    size_t *affs;
    size_t naffs;
    struct fspan *men;
    size_t nmen;
    struct fquote *q;
    size_t nq;
};

/* Builds the view of d. Returns 0, or WS_NOMEM with nothing to free. */
int format_view_build(struct fview *v, const struct doc *d);
void format_view_free(struct fview *v);

/* Returns 1 when id is a Wikidata item id: 'Q' and one or more digits. */
int format_is_qid(const char *id);

/* ---- the formats -------------------------------------------------------- */

/* Each returns a new string (ws_free) or NULL when out of memory; flags
 * as for ws_result_format. */
char *format_csv(const struct fview *v, const char *doc_id, int tsv, int flags);
char *format_html(const struct fview *v, const char *doc_id, int flags);
char *format_jsonld(const struct fview *v, const char *doc_id, int flags);

/* The error record of each format (see ws_format_error). */
void format_csv_error(struct fbuf *b, const char *doc_id, const char *code,
                      const char *message, int tsv);
void format_html_error(struct fbuf *b, const char *doc_id, const char *code,
                       const char *message);

/* The fixed parts: CSV/TSV header lines, HTML head and foot. */
extern const char format_csv_header[];
extern const char format_tsv_header[];
extern const char format_html_head[];
extern const char format_html_foot[];

/* Dispatch for ws_result_format: d in format fmt. Returns a new string
 * (ws_free) or NULL when out of memory or fmt is unknown. */
char *format_doc(const struct doc *d, enum ws_format fmt, const char *doc_id,
                 int flags);

#endif
