/* SPDX-License-Identifier: MIT */
/* gazetteer.h - gazetteer files, the token trie, and the matching stage. */
#ifndef WS_GAZETTEER_H
#define WS_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct doc;
struct rules;
struct ws_error;

#define GZ_TYPE_MAP(X)                                                      \
    X(DEMONYM, 'D')                                                         \
    X(PERSON, 'P')                                                          \
    X(ORG, 'O')                                                             \
    X(LOC, 'L')                                                             \
    X(TITLE, 'T')                                                           \
    X(HONORIFIC, 'H')                                                       \
    X(CUE, 'V')                                                             \
    X(PRONOUN, 'R')                                                         \
    X(GROUP, 'G')                                                           \
    X(ORG_NOUN, 'Y')                                                        \
    X(TITLE_MOD, 'M')                                                       \
    X(ORG_SUFFIX, 'S')                                                      \
    X(ORG_HEAD, 'B')                                                        \
    X(FIRST_NAME, 'F')                                                      \
    X(SURNAME_PARTICLE, 'K')                                                \
    X(ABBREV, 0)                                                            \
    X(COMMON, 0)

/* In this order, earlier types win when one span matches several. */
enum gz_type {
#define GZ_TYPE_ENUM(name, letter) GZ_##name,
    GZ_TYPE_MAP(GZ_TYPE_ENUM)
#undef GZ_TYPE_ENUM
    GZ__TYPES
};

enum gz_flag {
    GZF_DROPPED = 1 << 0,
    GZF_AMBIGUOUS = 1 << 1,
    GZF_LISTENER = 1 << 2,    /* CUE: takes the hearer as object (told) */
    GZF_FAMILY_FIRST = 1 << 3, /* FIRST_NAME: a family name said first */
    GZF_WEAK = 1 << 4,
    GZF_PREP = 1 << 5,        /* CUE role=prep: "according to" */
    GZF_NOUN = 1 << 6,        /* CUE role=noun: "statement" */
    GZF_PLURAL = 1 << 7,
};

struct gz_entry {
    uint32_t name;   /* pool offsets of NUL-terminated strings */
    uint32_t id;
    uint32_t attrs;
    uint8_t type;    /* enum gz_type */
    char gender;     /* 'm', 'f', 'n' or 0 */
    uint16_t flags;  /* enum gz_flag */
};

/* What one trie node can stand for: an entry, through one of its forms. */
struct gz_value {
    uint32_t entry;
    uint32_t exact;   /* pool offset of the form without spaces, 0: folded */
    uint32_t capmask; /* bit i: the form's token i starts with a capital */
    /* the entry's type and flags, here so that choosing among a node's
     * entries, and classifying the match, read no entry */
    uint16_t type;    /* enum gz_type */
    uint16_t flags;   /* enum gz_flag */
};

struct gz_form {
    uint32_t entry, text;
    uint8_t exact;
};

struct gz_edge {
    uint64_t key;
    uint32_t parent, child; /* child 0: empty slot */
};

struct gz_node {
    uint32_t vfirst, vcount;
    uint32_t children; /* edges out of it: 0 ends every walk at once */
};

/* Facts about single words, whatever their case: which types list them. */
struct gz_word {
    uint64_t key;
    uint32_t root;              /* the trie node this word leads to, or 0 */
    uint32_t types : GZ__TYPES; /* bit per enum gz_type */
    uint32_t gender : 8;        /* 'm', 'f', 'n' or 0 */
    uint32_t family_first : 1;  /* a family name said first ("Kishi") */
    uint32_t used : 1;          /* 0: an empty slot */
    uint32_t common : 1;        /* also a common word (gazetteer_is_common),
                                   so that a token looked up here need not
                                   ask the common-word set */
    /* the root node's facts, so that the first step of a walk reads no
     * node: most walks end there */
    uint32_t root_children : 1; /* some entry goes on after this word */
    uint32_t root_vfirst;       /* entries that are this word alone */
    uint32_t root_vcount : 24;  /* their number, GZ_VCOUNT_WIDE for this
                                   many or more: then the node's says */
    /* the word's @word letter (rules_word_letter), or 0: the class string
     * reads it from the slot the gazetteer stage found for the token
     * instead of probing the rules' table (gazetteer_build_letters) */
    uint32_t letter : 8;
};

#define GZ_VCOUNT_WIDE 0xFFFFFFu

struct gazetteer {
    struct gz_entry *entries;
    size_t nentries, cap_entries;
    struct gz_form *forms;
    size_t nforms, cap_forms;
    char *pool;
    size_t pool_len, pool_cap;
    /* built by gazetteer_build */
    /* the trie's edges; once built, only those out of nodes other than
     * the root (the word table holds the root's) */
    struct gz_edge *edges;
    size_t edge_mask, nedges;
    struct gz_node *nodes;
    size_t nnodes, cap_nodes;
    struct gz_value *values;
    size_t nvalues;
    struct gz_word *words;
    size_t word_mask;
    /* common words (type COMMON) apart, as bare keys: 65,000 of them would
     * push the word table out of the caches, and only capitalised tokens
     * ever ask */
    uint64_t *common;
    size_t common_mask;
    /* a Bloom filter of every word in the word table: most tokens
     * ("market") are in no entry, and this 16 KB answers for them from the
     * cache instead of a probe into the table */
    uint64_t *filter;
    size_t filter_mask;  /* its 64-bit words - 1 */
    /* the same for the trie's other edges (parent, word): the walk from a
     * word that begins some entry ("the", "new", "John") mostly ends at the
     * next word, and this says so without a probe */
    uint64_t *efilter;
    size_t efilter_mask;
    /* (type, id) -> entry, for overrides while loading */
    uint32_t *idx;
    size_t idx_mask, nidx;
    /* the rules.words_sig of the @word letters in the word slots (0:
     * none); classify reads the slots only while it is the model's */
    uint64_t letters_sig;
    /* 1: the arrays point into a read-only image (gazetteer_from_image)
     * and are not freed; gazetteer_thaw copies them before any change */
    int borrowed;
};

/* Problem reporter: line is "file:line: what is wrong". */
typedef void (*gz_report_fn)(void *ctx, const char *line);

/* Parses one gazetteer file held in buf[0..len) (name is used in messages)
 * into g. Every problem goes to report; returns the number of problems, or
 * a negative status (WS_NOMEM). Entries from files with problems are still
 * added; callers that load a model fail the load on any problem. */
int gazetteer_parse(struct gazetteer *g, const char *name, const char *buf,
                    size_t len, gz_report_fn report, void *ctx);

/* Builds the matcher from everything parsed. Returns 0 or WS_NOMEM. */
int gazetteer_build(struct gazetteer *g);

/* The same, and records the letter of every @word of r in its word slot
 * (an @word in no gazetteer gets a slot of its own), with r->words_sig in
 * g->letters_sig: a model whose rules still have those very letters then
 * finds a token's letter in the slot the gazetteer stage stored. r may be
 * NULL (no letters). Returns 0 or WS_NOMEM. */
int gazetteer_build_letters(struct gazetteer *g, const struct rules *r);

void gazetteer_free(struct gazetteer *g);

/* Writes the parsed and built gazetteer g as one flat image to f, for
 * gazetteer_from_image. Returns 0 or WS_IO. */
int gazetteer_write_image(const struct gazetteer *g, FILE *f);

/* Points g (empty) at the arrays inside a read-only image made by
 * gazetteer_write_image with this very build; the image must outlive g.
 * Returns 0, or WS_INTERNAL when the image is not one. */
int gazetteer_from_image(struct gazetteer *g, const void *image, size_t len);

/* Makes a gazetteer loaded from an image editable again: copies what
 * parsing extends and drops the built matcher (gazetteer_build makes a
 * new one). Returns 0 or WS_NOMEM. */
int gazetteer_thaw(struct gazetteer *g);

/* Returns the type letters for rules ('P' for PERSON...) or 0. Inline:
 * the class string asks it for every gazetteer match. */
static inline char
gazetteer_type_letter(enum gz_type t)
{
    static const char letters[] = {
#define GZ_TYPE_LETTER(name, letter) letter,
        GZ_TYPE_MAP(GZ_TYPE_LETTER)
#undef GZ_TYPE_LETTER
    };

    return t < GZ__TYPES ? letters[t] : 0;
}
const char *gazetteer_type_name(enum gz_type t);

/* Finds attribute key in entry e's attrs; returns its value's length and
 * stores a pointer to it in *val (not NUL-terminated), or returns 0. */
size_t gazetteer_attr(const struct gazetteer *g, uint32_t e, const char *key,
                      const char **val);

/* Returns 1 when entries a and b name the same country: a LOC entry's id or
 * the country= attribute of either. */
int gazetteer_same_country(const struct gazetteer *g, uint32_t a,
                           uint32_t b);

/* Returns the facts about one folded word, or NULL. */
const struct gz_word *gazetteer_word(const struct gazetteer *g, uint64_t key);

/* Returns 1 when the folded word is a common word (type COMMON). */
int gazetteer_is_common(const struct gazetteer *g, uint64_t key);

/* Starts loading what gazetteer_is_common(g, key) will read, so that
 * several such lookups overlap their cache misses. */
void gazetteer_prefetch_common(const struct gazetteer *g, uint64_t key);

/* The same for a token's word slot (struct token.word), which the
 * gazetteer stage stores for every token. */
static inline const struct gz_word *
gazetteer_token_word(const struct gazetteer *g, int32_t word)
{
    return word > 0 ? &g->words[word - 1] : NULL;
}

static inline const char *
gazetteer_str(const struct gazetteer *g, uint32_t off)
{
    return g->pool + off;
}

/* Stage: finds every gazetteer match (longest leftmost, token aligned),
 * fills d->gz and each token's gz index, word slot and @word letter
 * (token.cls, 0 for none: from the word slots when they carry the model's
 * letters, see letters_sig, else from the rules' table). Returns 0 or
 * WS_NOMEM / WS_LIMIT (too many matches). */
int gazetteer_doc(struct doc *d);

#endif
