/* SPDX-License-Identifier: MIT */
/* rules.h - rule files, the class string, and the mention rules stage. */
#ifndef WS_RULES_H
#define WS_RULES_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

struct doc;
struct gazetteer;

/* Where a rule runs (docs/rules.md). */
enum rule_kind {
    RULE_MENTION, /* over each sentence: people, titles, organisations */
    RULE_AFTER,   /* anchored at a quote's closing mark: "…,” said X" */
    RULE_BEFORE,  /* ending at a quote's opening mark: "X said: “…" */
    RULE_INDIRECT, /* over each sentence without quotes: "X said that …" */
    RULE__KINDS
};

/* The named groups a rule may set. */
#define RULE_GROUP_MAP(X)                                                   \
    X(person) X(title) X(org) X(acr) X(speaker) X(cue) X(listener)          \
    X(content) X(group) X(loc)

enum rule_group {
#define RULE_GROUP_ENUM(name) RG_##name,
    RULE_GROUP_MAP(RULE_GROUP_ENUM)
#undef RULE_GROUP_ENUM
    RG__COUNT
};

/* A rule's guard (its needs= field, docs/rules.md): a pattern that must
 * match somewhere in the text a rule runs over for the rule to be tried.
 * Rules with the same guard share one, so it is tried once a text. */
struct rule_guard {
    char *text;        /* the expanded pattern, to find an equal guard */
    pcre2_code *code;
    uint8_t jit;       /* as in struct rule */
    uint32_t first, first_other, last, last_other; /* as in struct rule */
};

struct rule {
    char *name;
    char *file;        /* where it came from, for messages */
    size_t line;
    uint8_t kind;      /* enum rule_kind */
    uint8_t jit;       /* compiled to machine code: matched with
                          pcre2_jit_match, which skips pcre2_match's checks */
    int priority;
    float confidence;
    pcre2_code *code;
    int group[RG__COUNT]; /* capture number of each named group, 0: none */
    int32_t needs;     /* index of its guard in rules.guards, or -1 */
    /* Code units every match holds, as PCRE2 reports them at load time:
     * the one a match must start with and the last literal one (0: none).
     * PCRE2 does not say whether a unit was compiled caseless ("(?i)"), so
     * for an ASCII letter the *_other field holds its other case, which
     * counts as well; otherwise it repeats the unit. */
    uint32_t first, first_other, last, last_other;
};

struct word_letter {
    uint64_t key;
    char letter; /* 0: empty slot */
};

struct rules {
    struct rule *v;
    size_t n, cap;
    struct word_letter *words; /* @word: literal words with their own letter */
    size_t word_mask, nwords;
    /* a digest of the table's (key, letter) pairs, whatever their order:
     * a copy of the letters (the gazetteer's word slots) records the
     * digest it was made from, and is used only while the two agree */
    uint64_t words_sig;
    char **defines;            /* @define: name, text, name, text, ... */
    size_t ndefines, cap_defines;
    struct rule_guard *guards;
    size_t nguards, cap_guards;
    /* The rules of each kind in file order: v[by_kind[i]] for i in
     * kind_start[k] .. kind_start[k + 1] - 1; rebuilt after every file. */
    uint32_t *by_kind;
    size_t kind_start[RULE__KINDS + 1];
    uint32_t max_groups;
    pcre2_general_context *gctx;
    pcre2_match_context *mctx;
};

typedef void (*rules_report_fn)(void *ctx, const char *line);

/* Parses one rule file held in buf[0..len) into r, compiling every rule.
 * Returns the number of problems reported (each "file:line: ...", with
 * PCRE2's message and offset for bad patterns) or a negative status. */
int rules_parse(struct rules *r, const char *name, const char *buf,
                size_t len, rules_report_fn report, void *ctx);

/* Sets the PCRE2 match and depth limits. Returns 0 or WS_NOMEM. */
int rules_set_limits(struct rules *r, size_t match, size_t depth);

void rules_free(struct rules *r);

/* The slow path of rules_word_letter: the whole linear probe. */
static inline char
rules_word_letter_probe(const struct rules *r, uint64_t key)
{
    for (size_t h = key & r->word_mask; r->words[h].letter;
         h = (h + 1) & r->word_mask)
        if (r->words[h].key == key)
            return r->words[h].letter;
    return 0;
}

/* The letter an @word line gives the word with this folded key, or 0.
 * Inline and without a branch on the answer: the class string asks it for
 * most tokens, a quarter of them are @words in no predictable order, and a
 * branch on whether a token is one mispredicted a third of the time. The
 * table is probed linearly and is at most half full, so the key is in its
 * home slot or the next unless both hold other words; only then does the
 * whole probe run. */
static inline char
rules_word_letter(const struct rules *r, uint64_t key)
{
    const struct word_letter *a, *b;
    unsigned hit_a, hit_b, elsewhere;

    if (!r->words)
        return 0;
    a = &r->words[key & r->word_mask];
    b = &r->words[(key + 1) & r->word_mask];
    hit_a = (unsigned)(a->key == key) & (a->letter != 0);
    hit_b = (unsigned)(b->key == key) & (b->letter != 0);
    /* one test of all three, so that the compiler makes one branch, and
     * that one is rarely taken */
    elsewhere = ~(hit_a | hit_b) & (a->letter != 0) & (b->letter != 0);
    if (__builtin_expect(elsewhere & 1, 0))
        return rules_word_letter_probe(r, key);
    /* at most one of them holds key, and an empty slot's letter is 0 */
    return (char)((-(int)hit_a & a->letter) | (-(int)hit_b & b->letter));
}

/* Stage: runs the mention rules and the gazetteer's names, resolves
 * overlaps by priority and fills d->men and d->ment_of_tok. */
int rules_doc(struct doc *d);

/* Runs rule ru over cls[0..len) from offset start. Returns 1 on a match
 * (ovector in md), 0 on none, or a negative status (WS_LIMIT when PCRE2's
 * match or depth limit was hit). */
int rules_match(const struct rules *r, const struct rule *ru,
                const char *cls, size_t len, size_t start,
                pcre2_match_data *md);

/* The same, but the match must start exactly at offset at. */
int rules_match_at(const struct rules *r, const struct rule *ru,
                   const char *cls, size_t len, size_t at,
                   pcre2_match_data *md);

/* The answers of the guards over the text being matched, each guard
 * tried at most once a text. */
struct rule_needs {
    uint32_t *seen; /* a guard's answer: 2 * text + (matched); older: unknown */
    uint32_t text;  /* the number of the current text, from 1 */
    size_t n;
    uint32_t few[16]; /* seen, without an allocation a document, when the
                         rules have no more guards than this */
};

/* Sets c up for r's guards, with a first text. Returns 0 or WS_NOMEM;
 * rules_needs_free releases it. */
int rules_needs_init(struct rule_needs *c, const struct rules *r);

/* Forgets the answers: the next questions are about another text. */
void rules_needs_next(struct rule_needs *c);

void rules_needs_free(struct rule_needs *c);

/* Whether rule ru is worth trying over cls[0..len), the current text of c:
 * 1 when it has no guard or its guard matches there, 0 when its guard does
 * not, or a negative status (WS_LIMIT as for rules_match). md is used for
 * the guard's match. */
int rules_needs_met(const struct rules *r, const struct rule *ru,
                    struct rule_needs *c, const char *cls, size_t len,
                    pcre2_match_data *md);

/* Notes in d->err which rule failed when rc is WS_LIMIT; returns rc. */
int rules_failed(struct doc *d, const struct rule *ru, int rc);

/* Returns group g of the last match in md as [*a, *b); 0 when unset. */
int rules_group(const struct rule *ru, pcre2_match_data *md,
                enum rule_group g, size_t *a, size_t *b);

#endif
