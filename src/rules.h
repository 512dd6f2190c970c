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
    uint8_t jit;       /* compiled to machine code (rules_jit): matched
                          with pcre2_jit_match, which skips pcre2_match's
                          checks */
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
/* Compiles every pattern parsed so far to machine code (PCRE2's JIT),
 * using up to `threads` threads, the caller's included; all have ended
 * when it returns. Until then a rule runs in PCRE2's interpreter, with
 * the same answers. JIT compilation is most of the time a model takes
 * to load, and the patterns are independent. */
#define RULES_JIT_THREADS_MAX 16
void rules_jit(struct rules *r, unsigned threads);

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

/* The rare answers of rules_match_code, out of line: given PCRE2's return
 * code rc of a run of code, runs the interpreter again when the JIT ran
 * out of stack, and returns as rules_match. */
int rules_match_finish(const struct rules *r, const pcre2_code *code, int rc,
                       const char *cls, size_t len, size_t start,
                       uint32_t options, pcre2_match_data *md);

/* Runs code with pcre2_match (its checks, its JIT where the options allow
 * it) and returns as rules_match. */
int rules_match_interpreted(const struct rules *r, const pcre2_code *code,
                            const char *cls, size_t len, size_t start,
                            uint32_t options, pcre2_match_data *md);

/* Runs code (with machine code when jit) over cls[0..len) from start
 * with PCRE2 options; returns as rules_match.
 *
 * Rules run once a match, tens of thousands of times a second: where the
 * machine code exists and the options allow it (JIT does not do
 * PCRE2_ANCHORED at match time), it is called directly, skipping
 * pcre2_match's argument checks (the class string is ASCII; a bad offset
 * still goes to pcre2_match, which reports it). Same answers, same
 * limits. Inline, with the two common answers decided here: a pass over
 * 500 articles makes some 21,000 calls, and a function's frame around
 * them cost as much as the decision. */
static inline int
rules_match_code(const struct rules *r, const pcre2_code *code, int jit,
                 const char *cls, size_t len, size_t start, uint32_t options,
                 pcre2_match_data *md)
{
    if (jit && !options && start <= len) {
        int rc = pcre2_jit_match(code, (PCRE2_SPTR)cls, len, start, 0, md,
                                 r->mctx);

        if (rc > 0)
            return 1;
        if (rc == PCRE2_ERROR_NOMATCH)
            return 0;
        return rules_match_finish(r, code, rc, cls, len, start, options, md);
    }
    return rules_match_interpreted(r, code, cls, len, start, options, md);
}

/* Runs rule ru over cls[0..len) from offset start. Returns 1 on a match
 * (ovector in md), 0 on none, or a negative status (WS_LIMIT when PCRE2's
 * match or depth limit was hit). */
static inline int
rules_match(const struct rules *r, const struct rule *ru, const char *cls,
            size_t len, size_t start, pcre2_match_data *md)
{
    return rules_match_code(r, ru->code, ru->jit, cls, len, start, 0, md);
}

/* The same, but the match must start exactly at offset at. */
static inline int
rules_match_at(const struct rules *r, const struct rule *ru, const char *cls,
               size_t len, size_t at, pcre2_match_data *md)
{
    return rules_match_code(r, ru->code, ru->jit, cls, len, at,
                            PCRE2_ANCHORED, md);
}

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

/* Forgets every answer and starts again from text 1; the slow path of
 * rules_needs_next. */
void rules_needs_restart(struct rule_needs *c);

/* Forgets the answers: the next questions are about another text. */
static inline void
rules_needs_next(struct rule_needs *c)
{
    /* an answer is 2 * text + bit: start again from 1 before it wraps */
    if (++c->text >= UINT32_MAX / 2)
        rules_needs_restart(c);
}

void rules_needs_free(struct rule_needs *c);

/* Whether rule ru is worth trying over cls[0..len), the current text of c:
 * 1 when it has no guard or its guard matches there, 0 when its guard does
 * not, or a negative status (WS_LIMIT as for rules_match). md is used for
 * the guard's match. */
int rules_needs_met(const struct rules *r, const struct rule *ru,
                    struct rule_needs *c, const char *cls, size_t len,
                    pcre2_match_data *md);

/* A text the rules are tried over, a document's class string (mention
 * rules) or a window of it (the others), with what is known of it: which
 * bytes it holds (each byte a rule requires is looked for once, when first
 * asked) and, through needs, the answers of the guards over it. */
struct rule_text {
    const char *s;
    size_t n;
    uint64_t known[2], found[2]; /* a bit a byte value below 128 */
    struct rule_needs *needs;
};

/* Starts t over s[0..n) (borrowed) as the current text of needs, whose
 * older answers it forgets. */
static inline void
rules_text_init(struct rule_text *t, const char *s, size_t n,
                struct rule_needs *needs)
{
    *t = (struct rule_text){s, n, {0, 0}, {0, 0}, needs};
    rules_needs_next(needs);
}

/* Looks for byte c (below 128) in t, once; returns whether it is there.
 * The slow path of rules_text_has. */
int rules_text_search(struct rule_text *t, unsigned c);

/* Whether byte c (below 128) is in t. */
static inline int
rules_text_has(struct rule_text *t, unsigned c)
{
    uint64_t bit = (uint64_t)1 << (c & 63);

    if (t->known[c >> 6] & bit)
        return (t->found[c >> 6] & bit) != 0;
    return rules_text_search(t, c);
}

/* Texts longer than this are given to PCRE2 untested: below it PCRE2
 * itself looks for a pattern's required code units before it matches (for
 * anchored patterns only up to 5,000 code units), so skipping a call
 * changes nothing, not even which texts hit the match limit. (A rule that
 * turns those checks off with (*NO_START_OPT) reports no units at all.) */
enum { RULES_PREFILTER_MAX = 4096 };

/* 0 when code unit c (0: none required) is surely not in t, nor its other
 * case (struct rule: the rule may be caseless; the class string is ASCII,
 * so there are no other variants). */
static inline int
rules_text_may_have(struct rule_text *t, uint32_t c, uint32_t other)
{
    if (c == 0 || c > 127 || t->n > RULES_PREFILTER_MAX)
        return 1;
    return rules_text_has(t, c) || (other != c && rules_text_has(t, other));
}

/* Whether rule ru is worth trying over t: 0 when it surely cannot match
 * there, 1 when it may, or a negative status (WS_LIMIT as for
 * rules_match). A code unit every match of the rule holds (struct rule's
 * first and last, found when the rules were loaded) that t lacks means it
 * cannot match, and so does its guard (needs=) when that does not match t;
 * a guard that is one letter (needs=V) is then a byte looked for once a
 * text, shared with the rules, not a call to PCRE2. Each test costs less
 * than PCRE2's set-up for a call. md is used for the guard's match. */
static inline int
rules_worth_trying(const struct rules *r, const struct rule *ru,
                   struct rule_text *t, pcre2_match_data *md)
{
    if (!rules_text_may_have(t, ru->first, ru->first_other) ||
        !rules_text_may_have(t, ru->last, ru->last_other))
        return 0;
    if (ru->needs < 0)
        return 1;
    const struct rule_guard *g = &r->guards[ru->needs];

    if (!rules_text_may_have(t, g->first, g->first_other) ||
        !rules_text_may_have(t, g->last, g->last_other))
        return 0;
    return rules_needs_met(r, ru, t->needs, t->s, t->n, md);
}

/* Notes in d->err which rule failed when rc is WS_LIMIT; returns rc. */
int rules_failed(struct doc *d, const struct rule *ru, int rc);

/* Returns group g of the last match in md as [*a, *b); 0 when unset. */
int rules_group(const struct rule *ru, pcre2_match_data *md,
                enum rule_group g, size_t *a, size_t *b);

#endif
