/* SPDX-License-Identifier: MIT */
/* rules.c - rule files, the class string, and the mention rules stage.
 *
 * Rules are PCRE2 patterns, but not over the raw text: over the class
 * string, one letter a token ('T' a title, 'F' a first name, 'C' an unknown
 * capitalised word, ...; docs/rules.md has the table). That lets a rule
 * name gazetteer classes instead of spelling out thousands of words, and
 * lets PCRE2's JIT run every rule over a document in microseconds. A
 * match's group offsets are token indexes.
 *
 * The classify stage (classify.c) writes doc->cls from the tokens; the
 * mentions stage (rules_doc) runs the mention rules over the whole class
 * string (a match that crosses a sentence boundary is retried inside its
 * sentence), adds the gazetteer's own names, and keeps the best candidate
 * where they overlap.
 */
#include "rules.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "fold.h"
#include "gazetteer.h"
#include "model.h"
#include "whosaid.h"

static const char *const group_names[RG__COUNT] = {
#define RULE_GROUP_NAME(name) #name,
    RULE_GROUP_MAP(RULE_GROUP_NAME)
#undef RULE_GROUP_NAME
};

static const char *const kind_names[RULE__KINDS] = {"mention", "after",
                                                    "before", "indirect"};

/* The gazetteer's people and organisations count as candidates of this
 * priority; its places weaker, so that "UK Film Council" or "Jordan Smith"
 * found by a rule wins over the place inside it. */
enum { GAZETTEER_PRIORITY = 50, GAZETTEER_LOC_PRIORITY = 30 };

static void *
pcre_alloc(size_t n, void *ctx)
{
    (void)ctx;
    return ws_malloc(n);
}

static void
pcre_free(void *p, void *ctx)
{
    (void)ctx;
    ws_free(p);
}

struct rparser {
    struct rules *r;
    const char *file;
    size_t line;
    rules_report_fn report;
    void *ctx;
    int problems;
};

static void
problem(struct rparser *p, const char *fmt, ...)
{
    char msg[500], line[700];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(line, sizeof(line), "%s:%zu: %s", p->file, p->line, msg);
    if (p->report)
        p->report(p->ctx, line);
    p->problems++;
}

/* One pair's share of rules.words_sig: a sum of these, so that a pair
 * can be taken out again when a later file gives the word another letter. */
static uint64_t
word_sig(uint64_t key, char letter)
{
    uint64_t h = (key ^ (uint64_t)(unsigned char)letter << 56) *
                 0x9E3779B97F4A7C15ULL;

    return h ^ (h >> 31);
}

/* Keeps the table at most half full: rules_word_letter (rules.h) relies
 * on it to find most keys in their home slot or the next. */
static int
word_insert(struct rules *r, uint64_t key, char letter)
{
    if ((r->nwords + 1) * 2 > r->word_mask + 1 || !r->words) {
        size_t cap = r->words ? (r->word_mask + 1) * 2 : 256;
        struct word_letter *n = ws_calloc(cap, sizeof(*n));

        if (!n)
            return WS_NOMEM;
        for (size_t i = 0; r->words && i <= r->word_mask; i++) {
            if (!r->words[i].letter)
                continue;
            size_t h = r->words[i].key & (cap - 1);
            while (n[h].letter)
                h = (h + 1) & (cap - 1);
            n[h] = r->words[i];
        }
        ws_free(r->words);
        r->words = n;
        r->word_mask = cap - 1;
    }
    size_t h = key & r->word_mask;

    while (r->words[h].letter && r->words[h].key != key)
        h = (h + 1) & r->word_mask;
    if (!r->words[h].letter)
        r->nwords++;
    else
        r->words_sig -= word_sig(key, r->words[h].letter);
    r->words_sig += word_sig(key, letter);
    r->words[h] = (struct word_letter){key, letter};
    return 0;
}


static const char *
define_find(const struct rules *r, const char *name, size_t n)
{
    for (size_t i = r->ndefines; i >= 2; i -= 2)
        if (strlen(r->defines[i - 2]) == n &&
            memcmp(r->defines[i - 2], name, n) == 0)
            return r->defines[i - 1];
    return NULL;
}

/* Expands {NAME} macros into out (size cap). Returns 0, or -1 after
 * reporting an unknown macro or an expansion that is too long/deep. */
static int
expand(struct rparser *p, const char *s, size_t n, char *out, size_t cap,
       size_t *len, int depth)
{
    if (depth > 16) {
        problem(p, "@define macros nest more than 16 deep");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '{' && i + 1 < n && s[i + 1] >= 'A' && s[i + 1] <= 'Z') {
            size_t j = i + 1;

            while (j < n && ((s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_' ||
                             (s[j] >= '0' && s[j] <= '9')))
                j++;
            if (j < n && s[j] == '}') {
                const char *def = define_find(p->r, s + i + 1, j - i - 1);

                if (!def) {
                    problem(p, "unknown macro {%.*s}", (int)(j - i - 1),
                            s + i + 1);
                    return -1;
                }
                if (expand(p, def, strlen(def), out, cap, len, depth + 1))
                    return -1;
                i = j;
                continue;
            }
        }
        if (*len + 1 >= cap) {
            problem(p, "pattern longer than %zu bytes after expansion", cap);
            return -1;
        }
        out[(*len)++] = s[i];
    }
    out[*len] = '\0';
    return 0;
}

static int
split_tabs(const char *s, size_t n, const char **f, size_t *fl, int max)
{
    int k = 0;
    size_t i = 0;

    for (;;) {
        size_t j = i;

        while (j < n && s[j] != '\t')
            j++;
        if (k < max) {
            f[k] = s + i;
            fl[k] = j - i;
        }
        k++;
        if (j >= n)
            return k;
        i = j + 1;
    }
}

static int
parse_word(struct rparser *p, const char **f, size_t *fl, int nf)
{
    if (nf != 3 || fl[1] != 1 || !(f[1][0] >= 'a' && f[1][0] <= 'z') ||
        strchr("clqsx", f[1][0])) {
        problem(p, "@word takes a lower-case letter other than c l q s x and "
                   "a |-separated list of words");
        return 0;
    }
    size_t i = 0;

    while (i < fl[2]) {
        size_t j = i;

        while (j < fl[2] && f[2][j] != '|')
            j++;
        if (j > i && word_insert(p->r, fold_key(f[2] + i, j - i), f[1][0]))
            return WS_NOMEM;
        i = j + 1;
    }
    return 0;
}

static int
parse_define(struct rparser *p, const char **f, size_t *fl, int nf)
{
    struct rules *r = p->r;

    if (nf != 3 || fl[1] == 0) {
        problem(p, "@define takes a NAME and a pattern");
        return 0;
    }
    for (size_t i = 0; i < fl[1]; i++)
        if (!((f[1][i] >= 'A' && f[1][i] <= 'Z') || f[1][i] == '_' ||
              (f[1][i] >= '0' && f[1][i] <= '9'))) {
            problem(p, "macro names are upper case: '%.*s'", (int)fl[1],
                    f[1]);
            return 0;
        }
    if (r->ndefines + 2 > r->cap_defines) {
        size_t cap = r->cap_defines ? r->cap_defines * 2 : 32;
        char **n = ws_realloc(r->defines, cap * sizeof(*n));

        if (!n)
            return WS_NOMEM;
        r->defines = n;
        r->cap_defines = cap;
    }
    char *name = ws_strndup(f[1], fl[1]);
    char *text = ws_strndup(f[2], fl[2]);

    if (!name || !text) {
        ws_free(name);
        ws_free(text);
        return WS_NOMEM;
    }
    r->defines[r->ndefines++] = name;
    r->defines[r->ndefines++] = text;
    return 0;
}

/* Expands and compiles one pattern (what: "rule 'x'" or "rule 'x': needs"
 * for messages) into *code; machine code comes later, from rules_jit.
 * Returns 0 with *code set, 0 with *code NULL after reporting a bad
 * pattern, or WS_NOMEM. The expanded text is left in pat (size cap). */
static int
compile(struct rparser *p, const char *what, const char *s, size_t n,
        char *pat, size_t cap, pcre2_code **code)
{
    size_t plen = 0;
    int err;
    PCRE2_SIZE erroff;

    *code = NULL;
    if (expand(p, s, n, pat, cap, &plen, 0))
        return 0;
    pcre2_compile_context *cctx = pcre2_compile_context_create(p->r->gctx);
    if (!cctx)
        return WS_NOMEM;
    /* The class string is ASCII letters, so byte mode matches exactly as
     * UTF mode would, and its JIT code does not decode UTF-8. */
    *code = pcre2_compile((PCRE2_SPTR)pat, plen, 0, &err, &erroff, cctx);
    pcre2_compile_context_free(cctx);
    if (!*code) {
        PCRE2_UCHAR msg[256];

        if (err == PCRE2_ERROR_NOMEMORY || err == PCRE2_ERROR_HEAP_FAILED)
            return WS_NOMEM;
        pcre2_get_error_message(err, msg, sizeof(msg));
        problem(p, "%s: %s at offset %zu of the expanded pattern \"%s\"",
                what, (char *)msg, (size_t)erroff, pat);
    }
    return 0;
}

/* The code unit PCRE2_INFO_FIRSTCODEUNIT or PCRE2_INFO_LASTCODEUNIT (what)
 * says every match of code holds, 0 when there is none; *other gets its
 * other case (see struct rule). */
static uint32_t
required_unit(const pcre2_code *code, uint32_t what, uint32_t *other)
{
    uint32_t unit = 0;

    if (pcre2_pattern_info(code, what, &unit) != 0)
        unit = 0;
    *other = unit;
    if (unit < 128 && (unit | 0x20) >= 'a' && (unit | 0x20) <= 'z')
        *other = unit ^ 0x20;
    return unit;
}

/* Parses a rule's needs= field (f, n bytes) into *guard: the index of an
 * equal guard already loaded or of a new one. Returns 0 (*guard -1 after
 * reporting a problem) or WS_NOMEM. */
static int
parse_needs(struct rparser *p, const char *rule, int rlen, const char *f,
            size_t n, int32_t *guard)
{
    static const char key[] = "needs=";
    struct rules *r = p->r;
    char what[200], pat[4096];
    struct rule_guard g = {0};
    int rc;

    *guard = -1;
    if (n < sizeof(key) - 1 || memcmp(f, key, sizeof(key) - 1) != 0 ||
        n == sizeof(key) - 1) {
        problem(p, "rule '%.*s': the sixth field is needs=PATTERN, not "
                   "'%.*s'",
                rlen, rule, (int)(n < 40 ? n : 40), f);
        return 0;
    }
    snprintf(what, sizeof(what), "rule '%.*s': needs", rlen, rule);
    if ((rc = compile(p, what, f + sizeof(key) - 1, n - (sizeof(key) - 1),
                      pat, sizeof(pat), &g.code)) || !g.code)
        return rc;
    for (size_t i = 0; i < r->nguards; i++)
        if (strcmp(r->guards[i].text, pat) == 0) {
            pcre2_code_free(g.code);
            *guard = (int32_t)i;
            return 0;
        }
    if (r->nguards + 1 > r->cap_guards) {
        size_t cap = r->cap_guards ? r->cap_guards * 2 : 8;
        struct rule_guard *v = ws_realloc(r->guards, cap * sizeof(*v));

        if (!v) {
            pcre2_code_free(g.code);
            return WS_NOMEM;
        }
        r->guards = v;
        r->cap_guards = cap;
    }
    if (!(g.text = ws_strdup(pat))) {
        pcre2_code_free(g.code);
        return WS_NOMEM;
    }
    g.first = required_unit(g.code, PCRE2_INFO_FIRSTCODEUNIT, &g.first_other);
    g.last = required_unit(g.code, PCRE2_INFO_LASTCODEUNIT, &g.last_other);
    *guard = (int32_t)r->nguards;
    r->guards[r->nguards++] = g;
    return 0;
}

static int
parse_rule(struct rparser *p, const char **f, size_t *fl, int nf)
{
    struct rules *r = p->r;
    int kind = -1;
    char *end;
    char pat[16384], what[200];
    int32_t needs = -1;
    int rc;

    if (nf != 5 && nf != 6) {
        problem(p, "a rule has 5 or 6 tab-separated fields (kind, name, "
                   "priority, confidence, pattern, needs=guard), not %d",
                nf);
        return 0;
    }
    for (int k = 0; k < RULE__KINDS; k++)
        if (strlen(kind_names[k]) == fl[0] &&
            memcmp(kind_names[k], f[0], fl[0]) == 0)
            kind = k;
    if (kind < 0) {
        problem(p, "unknown rule kind '%.*s' (known: mention, after, before, "
                   "indirect)",
                (int)fl[0], f[0]);
        return 0;
    }
    char num[32];
    snprintf(num, sizeof(num), "%.*s", (int)(fl[2] < 31 ? fl[2] : 31), f[2]);
    long prio = strtol(num, &end, 10);
    if (!fl[2] || *end || prio < 0 || prio > 1000) {
        problem(p, "priority must be a whole number 0..1000, not '%s'", num);
        return 0;
    }
    snprintf(num, sizeof(num), "%.*s", (int)(fl[3] < 31 ? fl[3] : 31), f[3]);
    double conf = strtod(num, &end);
    if (!fl[3] || *end || conf < 0 || conf > 1) {
        problem(p, "confidence must be a number 0..1, not '%s'", num);
        return 0;
    }
    if (nf == 6) {
        if ((rc = parse_needs(p, f[1], (int)fl[1], f[5], fl[5], &needs)))
            return rc;
        if (needs < 0)
            return 0;
    }
    struct rule ru = {0};
    snprintf(what, sizeof(what), "rule '%.*s'", (int)fl[1], f[1]);
    if ((rc = compile(p, what, f[4], fl[4], pat, sizeof(pat), &ru.code)) ||
        !ru.code)
        return rc;
    pcre2_code *code = ru.code;
    ru.kind = (uint8_t)kind;
    ru.priority = (int)prio;
    ru.confidence = (float)conf;
    ru.line = p->line;
    ru.needs = needs;
    ru.first = required_unit(code, PCRE2_INFO_FIRSTCODEUNIT, &ru.first_other);
    ru.last = required_unit(code, PCRE2_INFO_LASTCODEUNIT, &ru.last_other);
    for (int g = 0; g < RG__COUNT; g++) {
        int n = pcre2_substring_number_from_name(code,
                                                 (PCRE2_SPTR)group_names[g]);
        ru.group[g] = n > 0 ? n : 0;
    }
    uint32_t ncap = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap);
    if (ncap + 1 > r->max_groups)
        r->max_groups = ncap + 1;
    if ((kind == RULE_AFTER || kind == RULE_BEFORE ||
         kind == RULE_INDIRECT) && !ru.group[RG_speaker]) {
        problem(p, "rule '%.*s': a %s rule needs a (?<speaker>...) group",
                (int)fl[1], f[1], kind_names[kind]);
        pcre2_code_free(code);
        return 0;
    }
    if (kind == RULE_MENTION && !ru.group[RG_person] && !ru.group[RG_org] &&
        !ru.group[RG_group] && !ru.group[RG_loc]) {
        problem(p, "rule '%.*s': a mention rule needs a person, org, group "
                   "or loc group",
                (int)fl[1], f[1]);
        pcre2_code_free(code);
        return 0;
    }
    ru.name = ws_strndup(f[1], fl[1]);
    ru.file = ws_strdup(p->file);
    if (!ru.name || !ru.file || (r->n + 1 > r->cap &&
                                 !(r->cap = r->cap ? r->cap * 2 : 32, 1))) {
        goto nomem;
    }
    struct rule *nv = ws_realloc(r->v, r->cap * sizeof(*nv));
    if (!nv)
        goto nomem;
    r->v = nv;
    r->v[r->n++] = ru;
    return 0;
nomem:
    ws_free(ru.name);
    ws_free(ru.file);
    pcre2_code_free(code);
    return WS_NOMEM;
}

/* Rebuilds r->by_kind, the rules of each kind in file order, so that a
 * stage walks only the rules of its kind. Returns 0 or WS_NOMEM. */
static int
index_by_kind(struct rules *r)
{
    size_t at[RULE__KINDS];
    uint32_t *v = ws_malloc(sizeof(*v) * (r->n ? r->n : 1));

    if (!v)
        return WS_NOMEM;
    memset(r->kind_start, 0, sizeof(r->kind_start));
    for (size_t i = 0; i < r->n; i++)
        r->kind_start[r->v[i].kind + 1]++;
    for (int k = 0; k < RULE__KINDS; k++) {
        r->kind_start[k + 1] += r->kind_start[k];
        at[k] = r->kind_start[k];
    }
    for (size_t i = 0; i < r->n; i++)
        v[at[r->v[i].kind]++] = (uint32_t)i;
    ws_free(r->by_kind);
    r->by_kind = v;
    return 0;
}

int
rules_parse(struct rules *r, const char *name, const char *buf, size_t len,
            rules_report_fn report, void *ctx)
{
    struct rparser p = {r, name, 0, report, ctx, 0};
    size_t i = 0;

    if (!r->gctx) {
        r->gctx = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
        if (!r->gctx)
            return WS_NOMEM;
    }
    while (i < len) {
        size_t j = i, n;

        while (j < len && buf[j] != '\n')
            j++;
        p.line++;
        n = j - i;
        if (n && buf[i + n - 1] == '\r')
            n--;
        const char *s = buf + i;
        const char *f[8];
        size_t fl[8];
        int nf, rc = 0;

        i = j + 1;
        if (n == 0 || s[0] == '#')
            continue;
        if (fold_valid_prefix(s, n) != n || memchr(s, '\0', n)) {
            problem(&p, "not valid UTF-8 text");
            continue;
        }
        nf = split_tabs(s, n, f, fl, 8);
        if (fl[0] == 5 && memcmp(f[0], "@word", 5) == 0)
            rc = parse_word(&p, f, fl, nf);
        else if (fl[0] == 7 && memcmp(f[0], "@define", 7) == 0)
            rc = parse_define(&p, f, fl, nf);
        else
            rc = parse_rule(&p, f, fl, nf);
        if (rc)
            return rc;
    }
    if (index_by_kind(r))
        return WS_NOMEM;
    return p.problems;
}

/* The JIT compilation of the patterns, shared out between threads: each
 * takes the next pattern not taken yet, rules first, then guards. */
struct jit_work {
    struct rules *r;
    atomic_size_t next;
};

static void *
jit_some(void *arg)
{
    struct jit_work *w = arg;
    struct rules *r = w->r;
    size_t i;

    while ((i = atomic_fetch_add(&w->next, 1)) < r->n + r->nguards) {
        pcre2_code *code = i < r->n ? r->v[i].code : r->guards[i - r->n].code;
        uint8_t *jit = i < r->n ? &r->v[i].jit : &r->guards[i - r->n].jit;

        /* JIT is an optimisation: without it (no JIT on this CPU, no
         * executable memory) the interpreter gives the same answers */
        if (!*jit)
            *jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    }
    return NULL;
}

void
rules_jit(struct rules *r, unsigned threads)
{
    struct jit_work w = {.r = r};
    pthread_t tid[RULES_JIT_THREADS_MAX];
    unsigned started = 0;

    atomic_init(&w.next, 0);
    if (threads > RULES_JIT_THREADS_MAX)
        threads = RULES_JIT_THREADS_MAX;
    /* a thread that cannot start leaves its share to the others */
    while (started + 1 < threads &&
           pthread_create(&tid[started], NULL, jit_some, &w) == 0)
        started++;
    jit_some(&w);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
}

int
rules_set_limits(struct rules *r, size_t match, size_t depth)
{
    if (!r->gctx) {
        r->gctx = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
        if (!r->gctx)
            return WS_NOMEM;
    }
    if (!r->mctx) {
        r->mctx = pcre2_match_context_create(r->gctx);
        if (!r->mctx)
            return WS_NOMEM;
    }
    pcre2_set_match_limit(r->mctx, (uint32_t)match);
    pcre2_set_depth_limit(r->mctx, (uint32_t)depth);
    return 0;
}

void
rules_free(struct rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        ws_free(r->v[i].name);
        ws_free(r->v[i].file);
        pcre2_code_free(r->v[i].code);
    }
    ws_free(r->v);
    for (size_t i = 0; i < r->nguards; i++) {
        ws_free(r->guards[i].text);
        pcre2_code_free(r->guards[i].code);
    }
    ws_free(r->guards);
    ws_free(r->by_kind);
    ws_free(r->words);
    for (size_t i = 0; i < r->ndefines; i++)
        ws_free(r->defines[i]);
    ws_free(r->defines);
    pcre2_match_context_free(r->mctx);
    pcre2_general_context_free(r->gctx);
    memset(r, 0, sizeof(*r));
}

/* What a return code of PCRE2's means for rules_match. */
static int
match_status(int rc)
{
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc == PCRE2_ERROR_NOMEMORY)
        return WS_NOMEM;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
        return WS_LIMIT;
    return WS_INTERNAL;
}

/* JIT code keeps its backtracking on a small machine stack; a huge
 * sentence can outgrow it where the interpreter, which keeps it on the
 * heap under the match limit, does not: then the interpreter runs it
 * again. */
int
rules_match_finish(const struct rules *r, const pcre2_code *code, int rc,
                   const char *cls, size_t len, size_t start,
                   uint32_t options, pcre2_match_data *md)
{
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(code, (PCRE2_SPTR)cls, len, start,
                         PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT | options, md,
                         r->mctx);
    return match_status(rc);
}

int
rules_match_interpreted(const struct rules *r, const pcre2_code *code,
                        const char *cls, size_t len, size_t start,
                        uint32_t options, pcre2_match_data *md)
{
    int rc = pcre2_match(code, (PCRE2_SPTR)cls, len, start,
                         PCRE2_NO_UTF_CHECK | options, md, r->mctx);

    return rules_match_finish(r, code, rc, cls, len, start, options, md);
}

int
rules_needs_init(struct rule_needs *c, const struct rules *r)
{
    c->n = r->nguards;
    c->text = 1;
    if (c->n <= sizeof(c->few) / sizeof(c->few[0])) {
        memset(c->few, 0, sizeof(c->few));
        c->seen = c->few;
        return 0;
    }
    c->seen = ws_calloc(c->n, sizeof(*c->seen));
    return c->seen ? 0 : WS_NOMEM;
}

void
rules_needs_restart(struct rule_needs *c)
{
    memset(c->seen, 0, sizeof(*c->seen) * c->n);
    c->text = 1;
}

void
rules_needs_free(struct rule_needs *c)
{
    if (c->seen != c->few)
        ws_free(c->seen);
    c->seen = NULL;
}

int
rules_needs_met(const struct rules *r, const struct rule *ru,
                struct rule_needs *c, const char *cls, size_t len,
                pcre2_match_data *md)
{
    if (ru->needs < 0)
        return 1;
    uint32_t *seen = &c->seen[ru->needs];

    if (*seen >> 1 == c->text)
        return (int)(*seen & 1);
    const struct rule_guard *g = &r->guards[ru->needs];
    int rc = rules_match_code(r, g->code, g->jit, cls, len, 0, 0, md);

    if (rc < 0)
        return rc;
    *seen = 2 * c->text + (uint32_t)rc;
    return rc;
}

int
rules_text_search(struct rule_text *t, unsigned c)
{
    uint64_t bit = (uint64_t)1 << (c & 63);

    t->known[c >> 6] |= bit;
    if (memchr(t->s, (int)c, t->n))
        t->found[c >> 6] |= bit;
    return (t->found[c >> 6] & bit) != 0;
}

int
rules_failed(struct doc *d, const struct rule *ru, int rc)
{
    if (rc == WS_LIMIT)
        snprintf(d->err, sizeof(d->err),
                 "rule '%s' hit the PCRE2 match or depth limit", ru->name);
    return rc;
}

/* Group g of a match whose ovector ov has nov pairs, as in rules_group. */
static inline int
group_span(const struct rule *ru, const PCRE2_SIZE *ov, uint32_t nov,
           enum rule_group g, size_t *a, size_t *b)
{
    int n = ru->group[g];

    if (!n || (uint32_t)n >= nov || ov[2 * n] == PCRE2_UNSET ||
        ov[2 * n] == ov[2 * n + 1])
        return 0;
    *a = ov[2 * n];
    *b = ov[2 * n + 1];
    return 1;
}

int
rules_group(const struct rule *ru, pcre2_match_data *md, enum rule_group g,
            size_t *a, size_t *b)
{
    return group_span(ru, pcre2_get_ovector_pointer(md),
                      pcre2_get_ovector_count(md), g, a, b);
}

/* ---- mention candidates -------------------------------------------------- */

struct cand {
    struct mention m;
    int32_t title_tok, title_end; /* a title given with it, or -1 */
    int32_t org_cand;   /* candidate index of the affiliation, or -1 */
    int32_t acr_cand;   /* candidate index of the acronym, or -1 */
    int32_t win;        /* candidate that won its span (itself, or one
                           with the same span), or -1 */
    int32_t out;        /* mention index once accepted, or -1 */
};

struct cands {
    struct cand *v;
    size_t n, cap;
};

static int
cand_add(struct doc *d, struct cands *c, size_t a, size_t b, uint8_t type,
         int prio, const char *via, int32_t entry)
{
    if (c->n >= d->model->limits[WS_LIMIT_MENTIONS]) {
        snprintf(d->err, sizeof(d->err), "more than %zu mention candidates",
                 d->model->limits[WS_LIMIT_MENTIONS]);
        return WS_LIMIT;
    }
    if (c->n + 1 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct cand *n = ws_realloc(c->v, cap * sizeof(*n));

        if (!n)
            return WS_NOMEM;
        c->v = n;
        c->cap = cap;
    }
    struct cand *x = &c->v[c->n++];
    memset(x, 0, sizeof(*x));
    x->m.tok = (uint32_t)a;
    x->m.tok_end = (uint32_t)b;
    x->m.type = type;
    x->m.priority = (int16_t)prio;
    x->m.entry = entry;
    x->m.entity = -1;
    x->title_tok = x->title_end = -1;
    x->m.org = -1;
    x->m.alias_of = -1;
    x->m.via = via;
    x->org_cand = x->acr_cand = -1;
    x->win = x->out = -1;
    return 0;
}

/* The gazetteer entry whose match covers exactly tokens [a, b), or -1. */
static int32_t
entry_at(const struct doc *d, size_t a, size_t b)
{
    int32_t g = d->tok.v[a].gz;
    uint8_t type;

    if (g < 0 || d->gz.v[g].tok != a || d->gz.v[g].tok_end != b)
        return -1;
    /* only named things link to the knowledge base, never a first name
     * or a common word that happens to cover the same span */
    type = d->model->gz.entries[d->gz.v[g].entry].type;
    if (type != GZ_PERSON && type != GZ_ORG && type != GZ_LOC)
        return -1;
    return (int32_t)d->gz.v[g].entry;
}

/* Adds the candidates of one match of mention rule ru (its ovector ov of
 * nov pairs): one for each of its person, org, acr, group and loc groups
 * that is set, with the links between them. Returns 0 or a negative
 * status. */
static int
add_match(struct doc *d, struct cands *c, const struct rule *ru,
          const PCRE2_SIZE *ov, uint32_t nov)
{
    static const struct {
        enum rule_group g;
        uint8_t type;
    } kinds[] = {
        {RG_person, MEN_PERSON}, {RG_org, MEN_ORG}, {RG_acr, MEN_ORG},
        {RG_group, MEN_GROUP},   {RG_loc, MEN_LOC},
    };
    int32_t person = -1, org = -1, acr = -1;
    size_t a, b;
    int rc;

    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        if (!group_span(ru, ov, nov, kinds[k].g, &a, &b))
            continue;
        if ((rc = cand_add(d, c, a, b, kinds[k].type, ru->priority, ru->name,
                           entry_at(d, a, b))))
            return rc;
        if (kinds[k].g == RG_person)
            person = (int32_t)c->n - 1;
        else if (kinds[k].g == RG_org)
            org = (int32_t)c->n - 1;
        else if (kinds[k].g == RG_acr)
            acr = (int32_t)c->n - 1;
    }
    if (person >= 0 && group_span(ru, ov, nov, RG_title, &a, &b)) {
        c->v[person].title_tok = (int32_t)a;
        c->v[person].title_end = (int32_t)b;
    }
    if (person >= 0 && org >= 0)
        c->v[person].org_cand = org;
    if (org >= 0 && acr >= 0)
        c->v[org].acr_cand = acr;
    return 0;
}

/* Runs a mention rule over the whole document at once (one PCRE2 call a
 * match, not one a sentence); a match that crosses a sentence boundary is
 * tried again inside its first sentence only. */
static int
run_mention_rule(struct doc *d, const struct rule *ru, pcre2_match_data *md,
                 struct cands *c)
{
    const struct rules *r = &d->model->rules;
    size_t len = d->tok.n, off = 0;
    /* where every match of md leaves its groups, for as long as md lives */
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t nov = pcre2_get_ovector_count(md);

    while (off < len) {
        int rc = rules_match(r, ru, d->cls, len, off, md);

        if (rc == 1) {
            if (ov[1] > ov[0] &&
                d->tok.v[ov[0]].sent != d->tok.v[ov[1] - 1].sent) {
                const struct sentence *se = &d->sent.v[d->tok.v[ov[0]].sent];
                size_t start = ov[0];

                rc = rules_match_at(r, ru, d->cls, se->tok_end, start, md);
                if (rc == 0) {
                    off = start + 1;
                    continue;
                }
            }
        }
        if (rc < 0)
            return rules_failed(d, ru, rc);
        if (rc == 0)
            break;
        if ((rc = add_match(d, c, ru, ov, nov)))
            return rc;
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    return 0;
}

static int
add_gazetteer_names(struct doc *d, struct cands *c)
{
    const struct gazetteer *g = &d->model->gz;

    for (size_t i = 0; i < d->gz.n; i++) {
        const struct gzmatch *m = &d->gz.v[i];
        const struct gz_entry *e = &g->entries[m->entry];
        uint8_t type;

        if (d->cls[m->tok] == 'c')
            continue;
        switch (e->type) {
        case GZ_PERSON: type = MEN_PERSON; break;
        case GZ_ORG: type = MEN_ORG; break;
        case GZ_LOC: type = MEN_LOC; break;
        default: continue;
        }
        int rc = cand_add(d, c, m->tok, m->tok_end, type,
                          type == MEN_LOC ? GAZETTEER_LOC_PRIORITY
                                          : GAZETTEER_PRIORITY,
                          "gazetteer", (int32_t)m->entry);
        if (rc)
            return rc;
        c->v[c->n - 1].m.gender = (uint8_t)e->gender;
    }
    return 0;
}

/* Sort key of a candidate: stronger, then longer, then earlier first; the
 * candidate index last makes every key distinct, so the order does not
 * depend on the sort algorithm. Packed in two words that sort ascending
 * (cand_key_make), so that a comparison is two, not four. */
struct cand_key {
    uint64_t rank; /* 0xFFFF - (priority + 0x8000), then UINT32_MAX - len */
    uint64_t at;   /* token, then candidate index */
};

static inline struct cand_key
cand_key_make(int16_t priority, uint32_t len, uint32_t tok, uint32_t idx)
{
    uint64_t strength = (uint16_t)(priority + 0x8000); /* order-keeping */

    return (struct cand_key){((0xFFFF - strength) << 32) | (UINT32_MAX - len),
                             ((uint64_t)tok << 32) | idx};
}

static inline uint32_t
cand_key_idx(const struct cand_key *k)
{
    return (uint32_t)k->at;
}

static inline int
cand_before(const struct cand_key *x, const struct cand_key *y)
{
    return x->rank < y->rank || (x->rank == y->rank && x->at < y->at);
}

/* Sorts v[0..n) by cand_before, using tmp[0..n) as scratch. A bottom-up
 * merge sort over insertion-sorted runs: an article has a few dozen
 * candidates, and qsort's call through a function pointer a comparison
 * cost more than the sort itself; merging keeps a hostile document's
 * hundred thousand candidates O(n log n). */
enum { SORT_RUN = 16 };

static void
sort_keys(struct cand_key *v, struct cand_key *tmp, size_t n)
{
    for (size_t lo = 0; lo < n; lo += SORT_RUN) {
        size_t hi = lo + SORT_RUN < n ? lo + SORT_RUN : n;

        for (size_t i = lo + 1; i < hi; i++) {
            struct cand_key k = v[i];
            size_t j = i;

            for (; j > lo && cand_before(&k, &v[j - 1]); j--)
                v[j] = v[j - 1];
            v[j] = k;
        }
    }
    struct cand_key *from = v, *to = tmp;

    for (size_t w = SORT_RUN; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n;
            size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;

            while (i < mid && j < hi)
                to[k++] = cand_before(&from[j], &from[i]) ? from[j++]
                                                           : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        struct cand_key *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof(*v));
}

/* Keeps the best candidates that do not overlap, strongest first, and
 * returns the candidate whose mention each token belongs to in
 * d->ment_of_tok. A loser with exactly the winner's span gives the winner
 * its org and acronym, and shares its mention (x->win). Sets bit t of
 * starts (zeroed, a bit a token) where a winner starts. order is scratch
 * for 2 * c->n keys. */
static void
choose_winners(struct doc *d, struct cands *c, struct cand_key *order,
               uint64_t *starts)
{
    for (size_t i = 0; i < c->n; i++)
        order[i] = cand_key_make(c->v[i].m.priority,
                                 c->v[i].m.tok_end - c->v[i].m.tok,
                                 c->v[i].m.tok, (uint32_t)i);
    sort_keys(order, order + c->n, c->n);
    for (size_t k = 0; k < c->n; k++) {
        struct cand *x = &c->v[cand_key_idx(&order[k])];
        int32_t clash = -1;

        for (uint32_t t = x->m.tok; t < x->m.tok_end; t++)
            if (d->ment_of_tok[t] >= 0) {
                clash = d->ment_of_tok[t];
                break;
            }
        if (clash >= 0) {
            struct cand *win = &c->v[clash];

            if (win->m.tok == x->m.tok && win->m.tok_end == x->m.tok_end) {
                if (win->org_cand < 0)
                    win->org_cand = x->org_cand;
                if (win->acr_cand < 0)
                    win->acr_cand = x->acr_cand;
                x->win = clash;
            }
            continue;
        }
        x->win = (int32_t)cand_key_idx(&order[k]);
        for (uint32_t t = x->m.tok; t < x->m.tok_end; t++)
            d->ment_of_tok[t] = x->win;
        starts[x->m.tok / 64] |= (uint64_t)1 << (x->m.tok % 64);
    }
}

/* Resolves the candidates into d->men in text order, d->ment_of_tok, and
 * d->title in candidate order. Winners never overlap and are never empty
 * (rules_group skips empty groups, a gazetteer match covers a token), so
 * numbering them in order of their first token gives the order
 * doc_sort_mentions would give, without sorting the mentions. The first
 * tokens are bits of a bitmap, so finding them in order costs a word for
 * 64 tokens, not a look at every token. */
static int
resolve(struct doc *d, struct cands *c)
{
    size_t nkeys = 2 * (c->n ? c->n : 1), words = d->tok.n / 64 + 1;
    struct cand_key *order = ws_malloc(sizeof(*order) * nkeys +
                                       sizeof(uint64_t) * words);
    uint64_t *starts;
    int rc = 0;

    if (!order)
        return WS_NOMEM;
    starts = (uint64_t *)(order + nkeys);
    memset(starts, 0, sizeof(*starts) * words);
    choose_winners(d, c, order, starts);
    for (size_t w = 0; w < words && !rc; w++)
        for (uint64_t bits = starts[w]; bits; bits &= bits - 1) {
            size_t t = w * 64 + (size_t)__builtin_ctzll(bits);
            struct cand *x = &c->v[d->ment_of_tok[t]];

            if ((rc = DOC_PUSH(d, &d->men,
                               d->model->limits[WS_LIMIT_MENTIONS],
                               "mentions")))
                break;
            x->out = (int32_t)d->men.n;
            d->men.v[d->men.n++] = x->m;
            for (; t < x->m.tok_end; t++)
                d->ment_of_tok[t] = x->out;
        }
    ws_free(order);
    if (rc)
        return rc;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].win >= 0)
            c->v[i].out = c->v[c->v[i].win].out;
    /* links between accepted mentions, and every title given */
    for (size_t i = 0; i < c->n; i++) {
        struct cand *x = &c->v[i];

        if (x->out < 0)
            continue;
        if (x->title_tok >= 0 && d->men.v[x->out].type == MEN_PERSON) {
            if ((rc = DOC_PUSH(d, &d->title,
                               d->model->limits[WS_LIMIT_MENTIONS], "titles")))
                return rc;
            d->title.v[d->title.n++] = (struct title){
                x->out, (uint32_t)x->title_tok, (uint32_t)x->title_end};
        }
        if (x->org_cand >= 0 && c->v[x->org_cand].out >= 0 &&
            d->men.v[x->out].org < 0)
            d->men.v[x->out].org = c->v[x->org_cand].out;
        if (x->acr_cand >= 0 && c->v[x->acr_cand].out >= 0)
            d->men.v[c->v[x->acr_cand].out].alias_of = x->out;
    }
    return 0;
}

int
rules_doc(struct doc *d)
{
    const struct rules *r = &d->model->rules;
    struct cands c = {0};
    struct rule_needs needs = {0};
    pcre2_match_data *md = NULL;
    int rc = WS_NOMEM;

    d->ment_of_tok = ws_malloc(sizeof(*d->ment_of_tok) * (d->tok.n + 1));
    if (!d->ment_of_tok)
        goto out;
    for (size_t i = 0; i < d->tok.n; i++)
        d->ment_of_tok[i] = -1;
    md = pcre2_match_data_create(r->max_groups ? r->max_groups : 1, r->gctx);
    if (!md || rules_needs_init(&needs, r))
        goto out;
    /* the whole document is one text: each guard is tried once. (Looking
     * the rules' required letters up first, as rules_worth_trying does,
     * costs more than it saves here: over a whole document they are
     * nearly always there.) */
    for (size_t k = r->kind_start[RULE_MENTION];
         k < r->kind_start[RULE_MENTION + 1]; k++) {
        const struct rule *ru = &r->v[r->by_kind[k]];

        rc = ru->needs < 0 ? 1
                           : rules_needs_met(r, ru, &needs, d->cls, d->tok.n,
                                             md);
        if (rc < 0) {
            rules_failed(d, ru, rc);
            goto out;
        }
        if (rc && (rc = run_mention_rule(d, ru, md, &c)))
            goto out;
    }
    if ((rc = add_gazetteer_names(d, &c)))
        goto out;
    rc = resolve(d, &c);
out:
    rules_needs_free(&needs);
    pcre2_match_data_free(md);
    ws_free(c.v);
    return rc;
}
