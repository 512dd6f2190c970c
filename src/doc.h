/* SPDX-License-Identifier: MIT */
/* doc.h - one document in flight: its text and what each stage found.
 *
 * Every stage reads the arrays of the stages before it and appends its own.
 * Offsets are byte offsets into doc->text; code points appear only in emit.c.
 * The doc owns every array; doc_free releases them all.
 */
#ifndef WS_DOC_H
#define WS_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "quote.h"

struct model;

enum tok_flag {
    TOK_WORD = 1 << 0,        /* letters or digits */
    TOK_CAP = 1 << 1,         /* starts with an upper-case letter */
    TOK_UPPER = 1 << 2,       /* two or more letters, all upper case */
    TOK_DIGIT = 1 << 3,       /* starts with a digit */
    TOK_PUNCT = 1 << 4,
    TOK_QUOTE = 1 << 5,       /* a quotation mark or apostrophe-like mark */
    TOK_SENT_START = 1 << 6,  /* first token of a sentence */
    TOK_PARA_START = 1 << 7,  /* first token of a paragraph (line) */
    TOK_SPACE_BEFORE = 1 << 8,
    TOK_POSS = 1 << 9,        /* the possessive 's or ’s split off a word */
    TOK_LOWER = 1 << 10,      /* starts with a lower-case letter */
    TOK_ABBREV = 1 << 11,     /* a word whose following '.' does not end */
    TOK_SENT_END = 1 << 12,   /* last token of a sentence */
    TOK_IN_QUOTE = 1 << 13,   /* inside a quotation span */
    TOK_MARK = 1 << 14,       /* a quotation mark quote_scan paired, not an
                                 apostrophe or a stray mark */
};

struct token {
    uint32_t start, end; /* bytes */
    uint64_t key;        /* hash of the folded form (gazetteer key) */
    uint32_t flags;      /* enum tok_flag */
    uint32_t sent;       /* sentence index */
    uint32_t para;       /* paragraph index */
    int32_t gz;          /* index of the gazetteer match that covers it, -1 */
    int32_t word;        /* gazetteer word-table slot + 1, 0: not listed */
    char cls;            /* @word letter (gazetteer stage), 0: none */
};

struct sentence {
    uint32_t tok_first, tok_end; /* tokens [first, end) */
};

/* A gazetteer match: tokens [tok, tok_end) matched an entry list. */
struct gzmatch {
    uint32_t tok, tok_end;
    uint32_t value;      /* first value of the trie node (model) */
    uint32_t nvalues;
    uint32_t entry;      /* the chosen entry (model index) */
};

enum mention_type {
    MEN_PERSON,
    MEN_ORG,
    MEN_LOC,
    MEN_GROUP,
    MEN_PRONOUN,
    MEN_NOMINAL, /* "the minister": a title standing for a person */
};

/* A mention of an entity: tokens [tok, tok_end). */
struct mention {
    uint32_t tok, tok_end;
    uint8_t type;        /* enum mention_type */
    uint8_t gender;      /* 'm', 'f' or 0 */
    int16_t priority;
    int32_t entry;       /* gazetteer entry, or -1 */
    int32_t entity;      /* set by entity.c */
    int32_t org;         /* mention index of an affiliation, or -1 */
    int32_t alias_of;    /* acronym defined for this mention, or -1 */
    const char *via;     /* rule name or "gazetteer" (model-owned) */
};

/* A title given to a person where it is mentioned: tokens [tok, tok_end). */
struct title {
    int32_t mention;
    uint32_t tok, tok_end;
};

struct entity {
    uint8_t type;          /* enum mention_type: PERSON, ORG or GROUP */
    uint8_t gender;
    int32_t best;          /* mention with the canonical (fullest) name */
    int32_t entry;         /* gazetteer entry, or -1 */
    uint32_t first_mention;
    int32_t emitted_id;    /* "e<N>" in the output, 0 when not emitted */
};

enum quote_kind {
    KIND_DIRECT,
    KIND_PARTIAL,
    KIND_INDIRECT,
    KIND_OTHER,
};

struct quote {
    struct qspan span;       /* from quote_scan, or the reported clause */
    uint8_t kind;            /* enum quote_kind */
    int32_t speaker_mention; /* mention index, or -1 */
    int32_t speaker_entity;  /* entity index, or -1 */
    int32_t cue_tok, cue_end; /* tokens of the cue, or -1 */
    int32_t site_tok, site_end; /* the speaker as written here, or -1 */
    uint32_t tok, tok_end;   /* tokens inside the quote */
    const char *method;      /* the sieve that decided (static string) */
    float confidence;
};

/* A growable array with a ceiling. */
#define DOC_VEC(T) struct { T *v; size_t n, cap; }

struct doc {
    const char *text;
    size_t len;
    const struct model *model;
    DOC_VEC(struct token) tok;
    DOC_VEC(struct sentence) sent;
    DOC_VEC(struct gzmatch) gz;
    DOC_VEC(struct mention) men;
    DOC_VEC(struct title) title;
    DOC_VEC(struct entity) ent;
    DOC_VEC(struct quote) quote;
    char *cls;              /* class string: one letter a token, NUL-ended */
    int32_t *ment_of_tok;   /* mention index covering each token, or -1 */
    char err[256];          /* what went wrong, for the caller */
};

/* Initialises an empty doc over text (borrowed; must outlive the doc). */
void doc_init(struct doc *d, const struct model *m, const char *text,
              size_t len);

/* Releases every array the doc owns; the doc can then be dropped. */
void doc_free(struct doc *d);

/* Makes room for one more element of vector vec (elem bytes each), growing
 * geometrically up to limit elements. Returns 0, WS_NOMEM or WS_LIMIT (and
 * then names the limit in d->err). */
int doc_grow(struct doc *d, void *vec, size_t elem, size_t limit,
             const char *what);

/* Makes room for n elements of vec at once (at most limit), where a
 * stage can estimate its count: one allocation instead of a run of
 * doublings. Returns 0 or WS_NOMEM. */
int doc_reserve(void *vec, size_t elem, size_t n, size_t limit);

#define DOC_PUSH(d, vecp, limit, what)                                     \
    ((vecp)->n < (vecp)->cap                                               \
         ? 0                                                               \
         : doc_grow((d), (vecp), sizeof(*(vecp)->v), (limit), (what)))

/* Sorts d->men by position, keeping every index into it (org, alias_of,
 * entity best mentions, ment_of_tok) pointing at the same mentions.
 * Returns 0 or WS_NOMEM. */
int doc_sort_mentions(struct doc *d);

/* Returns the bytes of token i as a length and a pointer. */
#define TOK_LEN(d, i) ((d)->tok.v[i].end - (d)->tok.v[i].start)
#define TOK_PTR(d, i) ((d)->text + (d)->tok.v[i].start)

#endif
