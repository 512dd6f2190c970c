/* SPDX-License-Identifier: MIT */
/* test-rules.c - Check suite for rules.c: parsing rule files (and the
 * "file:line: ..." problems), matching over a class string, the PCRE2
 * limits, the class letters written for a document, and the resolution of
 * overlapping candidates into mentions.
 */
#include "rules.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "classify.h"
#include "defaults.h"
#include "doc.h"
#include "gazetteer.h"
#include "model.h"
#include "fold.h"
#include "tokenize.h"
#include "test-util.h"

/* Parses buf as "r.rules" into r; problems land in *p. */
static int
parse(struct rules *r, const char *buf, struct test_problems *p)
{
    int rc;

    memset(p, 0, sizeof(*p));
    rc = rules_parse(r, "r.rules", buf, strlen(buf), test_collect, p);
    rules_jit(r, 1); /* as a model load does */
    return rc;
}

/* ---- problems ------------------------------------------------------------- */

static const struct {
    const char *what;
    const char *buf;
    const char *want;    /* the first problem starts with this */
    const char *also;    /* and contains this, or NULL */
} problem_cases[] = {
    {"bad pattern", "mention\tx\t10\t0.5\t(?<person>C(\n",
     "r.rules:1: rule 'x': ", "at offset 12"},
    {"bad pattern on line 3", "# rules\n\nmention\tbad-one\t10\t0.5\tC[\n",
     "r.rules:3: rule 'bad-one': ", "at offset"},
    {"bad pattern after expansion",
     "@define\tBROKEN\t(?:C\nmention\tx\t10\t0.5\t(?<person>{BROKEN})\n",
     "r.rules:2: rule 'x': ", "at offset"},
    {"unknown macro", "mention\tx\t10\t0.5\t(?<person>{NOPE}C)\n",
     "r.rules:1: unknown macro {NOPE}", NULL},
    {"macro loop", "@define\tLOOP\t{LOOP}\nmention\tx\t10\t0.5\t(?<person>{LOOP})\n",
     "r.rules:2: @define macros nest more than 16 deep", NULL},
    {"four fields", "mention\tx\t10\t0.5\n",
     "r.rules:1: a rule has 5 or 6 tab-separated fields", "not 4"},
    {"sixth field not needs=", "mention\tx\t10\t0.5\tC\textra\n",
     "r.rules:1: rule 'x': the sixth field is needs=PATTERN, not 'extra'",
     NULL},
    {"empty guard", "mention\tx\t10\t0.5\t(?<person>C)\tneeds=\n",
     "r.rules:1: rule 'x': the sixth field is needs=PATTERN", NULL},
    {"bad guard", "# g\nmention\tx\t10\t0.5\t(?<person>C)\tneeds=C[\n",
     "r.rules:2: rule 'x': needs: ", "at offset"},
    {"guard with an unknown macro",
     "mention\tx\t10\t0.5\t(?<person>C)\tneeds={NOPE}\n",
     "r.rules:1: unknown macro {NOPE}", NULL},
    {"seven fields", "mention\tx\t10\t0.5\tC\tneeds=C\textra\n",
     "r.rules:1: a rule has 5 or 6 tab-separated fields", "not 7"},
    {"spaces, not tabs", "mention x 10 0.5 (?<person>C)\n",
     "r.rules:1: a rule has 5 or 6 tab-separated fields", "not 1"},
    {"unknown kind", "speech\tx\t10\t0.5\t(?<person>C)\n",
     "r.rules:1: unknown rule kind 'speech'", NULL},
    {"mention without a group", "mention\tx\t10\t0.5\t(?<title>T)C\n",
     "r.rules:1: rule 'x': a mention rule needs a person, org, group or loc "
     "group", NULL},
    {"after without speaker", "after\ty\t10\t0.5\t,V(?<person>CC)\n",
     "r.rules:1: rule 'y': a after rule needs a (?<speaker>...) group", NULL},
    {"before without speaker", "before\tz\t10\t0.5\t(?<person>CC)V:\n",
     "r.rules:1: rule 'z': a before rule needs a (?<speaker>...) group", NULL},
    {"indirect without speaker", "indirect\tw\t10\t0.5\tCVh\n",
     "r.rules:1: rule 'w': a indirect rule needs a (?<speaker>...) group",
     NULL},
    {"bad priority", "mention\tx\thigh\t0.5\t(?<person>C)\n",
     "r.rules:1: priority must be a whole number 0..1000, not 'high'", NULL},
    {"priority too big", "mention\tx\t1001\t0.5\t(?<person>C)\n",
     "r.rules:1: priority must be a whole number 0..1000", NULL},
    {"bad confidence", "mention\tx\t10\t1.5\t(?<person>C)\n",
     "r.rules:1: confidence must be a number 0..1, not '1.5'", NULL},
    {"@word with a reserved letter", "@word\tc\tof|for\n",
     "r.rules:1: @word takes a lower-case letter other than c l q s x", NULL},
    {"@word with a capital", "@word\tQ\tof\n",
     "r.rules:1: @word takes a lower-case letter", NULL},
    {"@word with two letters", "@word\tab\tof\n",
     "r.rules:1: @word takes a lower-case letter", NULL},
    {"@word without words", "@word\tz\n",
     "r.rules:1: @word takes a lower-case letter", NULL},
    {"@define lower-case name", "@define\tname\tC\n",
     "r.rules:1: macro names are upper case: 'name'", NULL},
    {"@define without pattern", "@define\tNAME\n",
     "r.rules:1: @define takes a NAME and a pattern", NULL},
    {"invalid UTF-8", "mention\tx\t10\t0.5\t(?<person>C\xE2\x80)\n",
     "r.rules:1: not valid UTF-8 text", NULL},
};

START_TEST(test_rules_reports_problems)
{
    struct rules r = {0};
    struct test_problems p;
    int rc = parse(&r, problem_cases[_i].buf, &p);

    ck_assert_msg(rc >= 1, "%s: %d problems", problem_cases[_i].what, rc);
    ck_assert_int_eq(rc, p.n);
    ck_assert_msg(strncmp(p.line[0], problem_cases[_i].want,
                          strlen(problem_cases[_i].want)) == 0,
                  "%s: got '%s', want '%s...'", problem_cases[_i].what,
                  p.line[0], problem_cases[_i].want);
    if (problem_cases[_i].also)
        ck_assert_msg(strstr(p.line[0], problem_cases[_i].also) != NULL,
                      "%s: '%s' lacks '%s'", problem_cases[_i].what,
                      p.line[0], problem_cases[_i].also);
    ck_assert_uint_eq(r.n, 0); /* no broken rule is kept */
    rules_free(&r);
}
END_TEST

START_TEST(test_rules_bad_pattern_names_pcre2_message)
{
    struct rules r = {0};
    struct test_problems p;

    ck_assert_int_eq(parse(&r, "mention\tx\t10\t0.5\t(?<person>C(\n", &p), 1);
    ck_assert_msg(strstr(p.line[0], "missing closing parenthesis at offset "
                                    "12") != NULL,
                  "got '%s'", p.line[0]);
    rules_free(&r);
}
END_TEST

START_TEST(test_rules_counts_every_problem)
{
    const char *buf = "mention\ta\t10\t0.5\t(?<person>C)\n"
                      "mention\tb\t10\t0.5\t(\n"
                      "mention\tc\t10\n"
                      "@word\tc\tof\n"
                      "mention\td\t10\t0.5\t(?<org>U)\n";
    struct rules r = {0};
    struct test_problems p;

    ck_assert_int_eq(parse(&r, buf, &p), 3);
    ck_assert(strncmp(p.line[0], "r.rules:2: ", 11) == 0);
    ck_assert(strncmp(p.line[1], "r.rules:3: ", 11) == 0);
    ck_assert(strncmp(p.line[2], "r.rules:4: ", 11) == 0);
    ck_assert_uint_eq(r.n, 2); /* a and d */
    rules_free(&r);
}
END_TEST

/* ---- a good file and matching -------------------------------------------- */

static const char good_rules[] =
    "# kind\tname\tpriority\tconfidence\tpattern\r\n"
    "\r\n"
    "@word\td\tthe\n"
    "@word\to\tof|for\n"
    "@define\tNAME\t(?:F_*|C)C+\n"
    "@define\tTNAME\t(?<title>T_*)(?<person>{NAME})\n"
    "mention\ttitle-name\t80\t0.9\t{TNAME}\n"
    "mention\torg-acr\t48\t0.9\t(?<org>C+)\\((?<acr>U)\\)\n"
    "after\tsaid-name\t90\t0.95\t^q?,?q(?<cue>V)(?<speaker>{NAME})\n"
    "before\tname-said\t90\t0.9\t(?<speaker>{NAME})(?<cue>V):q$\n"
    "indirect\tname-said-that\t60\t0.6\t(?<speaker>{NAME})(?<cue>V)h\n";

START_TEST(test_rules_good_file_parses)
{
    struct rules r = {0};
    struct test_problems p;

    ck_assert_int_eq(parse(&r, good_rules, &p), 0);
    ck_assert_int_eq(p.n, 0);
    ck_assert_uint_eq(r.n, 5);
    ck_assert_str_eq(r.v[0].name, "title-name");
    ck_assert_str_eq(r.v[0].file, "r.rules");
    ck_assert_uint_eq(r.v[0].line, 7);
    ck_assert_int_eq(r.v[0].kind, RULE_MENTION);
    ck_assert_int_eq(r.v[0].priority, 80);
    ck_assert_float_eq_tol(r.v[0].confidence, 0.9, 1e-6);
    ck_assert_int_gt(r.v[0].group[RG_person], 0);
    ck_assert_int_gt(r.v[0].group[RG_title], 0);
    ck_assert_int_eq(r.v[0].group[RG_org], 0);
    ck_assert_int_eq(r.v[2].kind, RULE_AFTER);
    ck_assert_int_gt(r.v[2].group[RG_speaker], 0);
    ck_assert_int_eq(r.v[3].kind, RULE_BEFORE);
    ck_assert_int_eq(r.v[4].kind, RULE_INDIRECT);
    ck_assert_uint_gt(r.max_groups, 2);
    rules_free(&r);
}
END_TEST

/* rules_word_letter reads two slots without a branch and probes further
 * only when both hold other words: with 200 @words in 512 slots, chains
 * of every length occur, and each word, and words that are not there,
 * must get exactly what the whole probe gives. */
START_TEST(test_rules_word_letter_every_chain)
{
    static const char letters[] = "ofadintywehpbujk";
    struct rules r = {0};
    struct test_problems p;
    char *buf = malloc(200 * 32), word[16];
    size_t len = 0;

    ck_assert_ptr_nonnull(buf);
    for (int i = 0; i < 200; i++)
        len += (size_t)sprintf(buf + len, "@word\t%c\tw%d\n",
                               letters[i % 16], i);
    ck_assert_int_eq(parse(&r, buf, &p), 0);
    ck_assert_int_eq(p.n, 0);
    for (int i = 0; i < 400; i++) {
        uint64_t key;

        snprintf(word, sizeof(word), "w%d", i);
        key = fold_key(word, strlen(word));
        ck_assert_int_eq(rules_word_letter(&r, key),
                         rules_word_letter_probe(&r, key));
        ck_assert_int_eq(rules_word_letter(&r, key),
                         i < 200 ? letters[i % 16] : 0);
    }
    free(buf);
    rules_free(&r);
}
END_TEST

START_TEST(test_rules_match_finds_groups)
{
    struct rules r = {0};
    struct test_problems p;
    pcre2_match_data *md;
    size_t a = 0, b = 0;
    /* "the former minister Ana Ruiz said" as classes: d M T F C V */
    const char *cls = "dlTFCV";

    ck_assert_int_eq(parse(&r, good_rules, &p), 0);
    md = pcre2_match_data_create(r.max_groups, NULL);
    ck_assert_ptr_nonnull(md);
    ck_assert_int_eq(rules_match(&r, &r.v[0], cls, strlen(cls), 0, md), 1);
    ck_assert_int_eq(rules_group(&r.v[0], md, RG_title, &a, &b), 1);
    ck_assert_uint_eq(a, 2);
    ck_assert_uint_eq(b, 3);
    ck_assert_int_eq(rules_group(&r.v[0], md, RG_person, &a, &b), 1);
    ck_assert_uint_eq(a, 3);
    ck_assert_uint_eq(b, 5);
    ck_assert_int_eq(rules_group(&r.v[0], md, RG_org, &a, &b), 0);
    /* starting past the title, there is nothing to find */
    ck_assert_int_eq(rules_match(&r, &r.v[0], cls, strlen(cls), 3, md), 0);
    /* the class string is bounded by len, not by its NUL */
    ck_assert_int_eq(rules_match(&r, &r.v[0], cls, 3, 0, md), 0);
    /* org and acronym: "Institute for Strategic Studies (IISS)" */
    ck_assert_int_eq(rules_match(&r, &r.v[1], "CoCC(U)", 7, 0, md), 1);
    ck_assert_int_eq(rules_group(&r.v[1], md, RG_acr, &a, &b), 1);
    ck_assert_uint_eq(a, 5);
    ck_assert_uint_eq(b, 6);
    pcre2_match_data_free(md);
    rules_free(&r);
}
END_TEST

/* Patterns that backtrack exponentially over a run of 'l', and a subject
 * that makes them fail slowly. */
static const struct {
    const char *rule;
    char last;        /* the subject's last letter, after 40 'l' */
    const char *easy; /* a subject the rule matches at once */
} runaway_cases[] = {
    {"mention\tx\t10\t0.5\t(?<person>(?:l+)+[CV])\n", 'l', "llC"},
    {"mention\tx\t10\t0.5\t(?<person>(?:l+)+$)\n", '.', "ll"},
    {"mention\tx\t10\t0.5\t(?<person>(?:l|l)+[CV])\n", 'l', "llV"},
};

START_TEST(test_rules_runaway_pattern_hits_limit)
{
    struct rules r = {0};
    struct test_problems p;
    char cls[42];
    pcre2_match_data *md;

    memset(cls, 'l', 40);
    cls[40] = runaway_cases[_i].last;
    cls[41] = '\0';
    ck_assert_int_eq(parse(&r, runaway_cases[_i].rule, &p), 0);
    ck_assert_int_eq(rules_set_limits(&r, 10000, 200), 0);
    md = pcre2_match_data_create(r.max_groups, NULL);
    ck_assert_int_eq(rules_match(&r, &r.v[0], cls, 41, 0, md), WS_LIMIT);
    /* the same rule still works on an easy subject */
    ck_assert_int_eq(rules_match(&r, &r.v[0], runaway_cases[_i].easy,
                                 strlen(runaway_cases[_i].easy), 0, md),
                     1);
    pcre2_match_data_free(md);
    rules_free(&r);
}
END_TEST

START_TEST(test_rules_runaway_rule_fails_extraction)
{
    /* Through the public API: a low match limit and a runaway rule over a
     * long lower-case sentence give WS_LIMIT naming the rule, not a hang. */
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;
    struct ws_result *res = NULL;
    struct ws_error err = {0};
    char *path = test_tmp_write(
        "mention\trunaway\t10\t0.5\t(?<person>(?:l+)+[CV])\n");
    char text[64 * 6 + 1];

    ck_assert_int_eq(ws_options_add_rules(o, path), WS_OK);
    ws_options_set_defaults(o, 0);
    ck_assert_int_eq(ws_options_set_limit(o, WS_LIMIT_MATCH, 5000), WS_OK);
    ck_assert_int_eq(ws_model_load(o, &m, &err), WS_OK);
    for (int k = 0; k < 64; k++)
        memcpy(text + 6 * k, "words ", 6);
    text[sizeof(text) - 1] = '\0';
    ck_assert_int_eq(ws_extract(m, text, strlen(text), &res, &err),
                     WS_LIMIT);
    ck_assert_ptr_null(res);
    ck_assert_int_eq(err.code, WS_LIMIT);
    ck_assert_msg(strstr(err.message, "runaway") != NULL, "message: %s",
                  err.message);
    ws_model_free(m);
    ws_options_free(o);
    test_tmp_remove(path);
}
END_TEST

START_TEST(test_rules_free_is_idempotent)
{
    struct rules r = {0};

    rules_free(&r);
    rules_free(&r);
    rules_free(NULL);
}
END_TEST

/* ---- the class string ----------------------------------------------------- */

static const char cls_gz[] = GZ_HEADER
    "minister\tTITLE\tt:minister\t\t\n"
    "former\tTITLE_MOD\tm:former\t\t\n"
    "said\tCUE\tc:said\t\t\n"
    "according to\tCUE\tc:according\t\trole=prep\n"
    "Ana\tFIRST_NAME\tf:ana\t\tgender=f\n"
    "International Institute for Strategic Studies\tORG\to:iiss\t\t\n"
    "Oslo\tLOC\tl:oslo\t\t\n"
    "Mr\tHONORIFIC\th:mr\t\tgender=m\n";

static const char cls_rules[] = "@word\td\tthe\n@word\te\tin\n";

static const struct {
    const char *text;
    const char *want;
} cls_cases[] = {
    {"The former minister Ana Ruiz said", "dMTFCV"},
    {"the minister said", "dTV"},
    {"Ana Ruiz of the International Institute for Strategic Studies",
     "FCldO____"},
    {"\xE2\x80\x9CWe won,\xE2\x80\x9D said Mr. Ruiz in Oslo.", "qCl,qVH.CeL."},
    {"NATO's 1,200 staff (BBC)", "Us0l(U)"},
    {"according to Ana", "A_F"},
    {"THE INTERNATIONAL AUTHORITY", "UCC"},
};

START_TEST(test_rules_class_string)
{
    struct ws_model *wm = test_model(0, cls_gz, cls_rules);
    const struct model *m = (const struct model *)wm;
    const char *text = cls_cases[_i].text;
    struct doc d;

    doc_init(&d, m, text, strlen(text));
    ck_assert_int_eq(tokenize_doc(&d), 0);
    /* the quotation stage tells marks ('q') from apostrophes */
    ck_assert_int_eq(attrib_spans_doc(&d), 0);
    ck_assert_int_eq(gazetteer_doc(&d), 0);
    ck_assert_int_eq(classify_doc(&d), 0);
    ck_assert_msg(strcmp(d.cls, cls_cases[_i].want) == 0,
                  "'%s': got '%s', want '%s'", text, d.cls,
                  cls_cases[_i].want);
    doc_free(&d);
    ws_model_free(wm);
}
END_TEST

/* ---- resolving candidates into mentions ---------------------------------- */

static const char resolve_sentence[] =
    "Chancellor Gordon Brown met Mark Nuttall, chief executive of Shell "
    "plc, and Nigel Gould-Davies of the International Institute for "
    "Strategic Studies (IISS) in London, said Mr Blair. ";

/* Runs the stages up to the mentions over text (default model). */
static void
mentions_of(const struct model *m, const char *text, struct doc *d)
{
    doc_init(d, m, text, strlen(text));
    ck_assert_int_eq(tokenize_doc(d), 0);
    ck_assert_int_eq(attrib_spans_doc(d), 0);
    ck_assert_int_eq(gazetteer_doc(d), 0);
    ck_assert_int_eq(classify_doc(d), 0);
    ck_assert_int_eq(rules_doc(d), 0);
}

/* Mentions in text order, not overlapping, every index into them valid. */
static void
check_mention_invariants(const struct doc *d)
{
    for (size_t i = 0; i < d->men.n; i++) {
        const struct mention *x = &d->men.v[i];

        ck_assert_uint_lt(x->tok, x->tok_end);
        if (i > 0)
            ck_assert_uint_le(d->men.v[i - 1].tok_end, x->tok);
        for (uint32_t t = x->tok; t < x->tok_end; t++)
            ck_assert_int_eq(d->ment_of_tok[t], (int32_t)i);
        ck_assert(x->org < (int32_t)d->men.n);
        ck_assert(x->alias_of < (int32_t)d->men.n);
    }
    for (size_t i = 0; i < d->title.n; i++) {
        ck_assert_int_lt(d->title.v[i].mention, (int32_t)d->men.n);
        ck_assert_int_eq(d->men.v[d->title.v[i].mention].type, MEN_PERSON);
    }
}

START_TEST(test_rules_resolution_does_not_depend_on_position)
{
    /* One sentence alone, and the same sentence twenty times over (enough
     * candidates that the sort merges runs): every copy resolves the same
     * mentions, titles and links, the later copies shifted. */
    enum { COPIES = 20 };
    struct ws_model *wm = test_model(1, NULL, NULL);
    const struct model *m = (const struct model *)wm;
    size_t len = strlen(resolve_sentence);
    char *text = malloc(len * COPIES + 1);
    struct doc one, many;

    ck_assert_ptr_nonnull(text);
    for (int k = 0; k < COPIES; k++)
        memcpy(text + k * len, resolve_sentence, len);
    text[len * COPIES] = '\0';
    mentions_of(m, resolve_sentence, &one);
    mentions_of(m, text, &many);
    check_mention_invariants(&one);
    check_mention_invariants(&many);
    ck_assert_uint_ge(one.men.n, 5);
    ck_assert_uint_ge(one.title.n, 2);
    ck_assert_uint_eq(many.men.n, one.men.n * COPIES);
    ck_assert_uint_eq(many.title.n, one.title.n * COPIES);

    uint32_t ntok = (uint32_t)one.tok.n;
    int32_t nmen = (int32_t)one.men.n;

    for (size_t i = 0; i < many.men.n; i++) {
        const struct mention *x = &many.men.v[i], *y = &one.men.v[i % nmen];
        int32_t shift = (int32_t)(i / nmen) * nmen;

        ck_assert_uint_eq(x->tok, y->tok + ntok * (i / nmen));
        ck_assert_uint_eq(x->tok_end, y->tok_end + ntok * (i / nmen));
        ck_assert_str_eq(x->via, y->via);
        ck_assert_int_eq(x->type, y->type);
        ck_assert_int_eq(x->org, y->org < 0 ? -1 : y->org + shift);
        ck_assert_int_eq(x->alias_of,
                         y->alias_of < 0 ? -1 : y->alias_of + shift);
    }
    doc_free(&one);
    doc_free(&many);
    free(text);
    ws_model_free(wm);
}
END_TEST

/* ---- the shipped attribution rules' guards ------------------------------- */

#define GUARD_OPEN "(?(?=\\G)(?(?=(?s).*"
#define GUARD_CLOSE ")|(*COMMIT)(*F)))"

/* A copy of the compiled-in default file whose name ends with name. */
static char *
read_shipped(const char *name)
{
    for (size_t i = 0; i < default_nfiles; i++) {
        const struct default_file *f = &default_files[i];
        size_t n = strlen(f->name), k = strlen(name);

        if (n >= k && strcmp(f->name + n - k, name) == 0) {
            char *s = malloc(f->len + 1);

            ck_assert_ptr_nonnull(s);
            memcpy(s, f->data, f->len);
            s[f->len] = '\0';
            return s;
        }
    }
    ck_abort_msg("no default file %s", name);
    return NULL;
}

/* Removes every guard from a rule file's text, in place; returns how many. */
static int
strip_guards(char *s)
{
    int n = 0;
    char *g;

    while ((g = strstr(s, GUARD_OPEN)) != NULL) {
        char *end = strstr(g, GUARD_CLOSE);

        ck_assert_ptr_nonnull(end);
        end += strlen(GUARD_CLOSE);
        memmove(g, end, strlen(end) + 1);
        n++;
    }
    return n;
}

START_TEST(test_rules_guards_change_no_match)
{
    /* Each guard only ends a search that could not have found anything:
     * the shipped rules and the same rules without their guards find the
     * same match (or none) over many windows, from every start offset. */
    char *classes = read_shipped("classes.rules");
    char *with = read_shipped("attribution.rules");
    char *without = strdup(with);
    struct rules g = {0}, u = {0};
    struct test_problems p;
    static const char letters[] = "CCFPTMDGHLOUVVdlllhb,.:()_sRjikN";
    uint32_t seed = 12345;
    char cls[40];

    ck_assert_ptr_nonnull(without);
    ck_assert_int_gt(strip_guards(without), 0);
    ck_assert_int_eq(parse(&g, classes, &p), 0);
    ck_assert_int_eq(parse(&u, classes, &p), 0);
    ck_assert_int_eq(rules_parse(&g, "a.rules", with, strlen(with), NULL,
                                 NULL), 0);
    ck_assert_int_eq(rules_parse(&u, "a.rules", without, strlen(without),
                                 NULL, NULL), 0);
    ck_assert_uint_eq(g.n, u.n);
    pcre2_match_data *mg = pcre2_match_data_create(g.max_groups, NULL);
    pcre2_match_data *mu = pcre2_match_data_create(u.max_groups, NULL);

    for (int k = 0; k < 4000; k++) {
        size_t len = 2 + k % 30;

        for (size_t i = 0; i + 1 < len; i++) {
            seed = seed * 1103515245u + 12345u;
            cls[i] = letters[(seed >> 16) % (sizeof(letters) - 1)];
        }
        cls[len - 1] = 'q';
        for (size_t i = 0; i < g.n; i++) {
            if (g.v[i].kind != RULE_BEFORE)
                continue;
            for (size_t off = 0; off < len; off++) {
                int rg = rules_match(&g, &g.v[i], cls, len, off, mg);
                int ru = rules_match(&u, &u.v[i], cls, len, off, mu);

                ck_assert_msg(rg == ru, "%s on '%.*s' from %zu: %d, not %d",
                              g.v[i].name, (int)len, cls, off, rg, ru);
                if (rg != 1)
                    continue;
                PCRE2_SIZE *og = pcre2_get_ovector_pointer(mg);
                PCRE2_SIZE *ou = pcre2_get_ovector_pointer(mu);

                uint32_t ncap = 0;

                pcre2_pattern_info(u.v[i].code, PCRE2_INFO_CAPTURECOUNT,
                                   &ncap);
                for (int n = 0; n < 2 * (int)(ncap + 1); n++)
                    ck_assert_msg(og[n] == ou[n], "%s on '%.*s': group %d",
                                  g.v[i].name, (int)len, cls, n / 2);
            }
        }
    }
    pcre2_match_data_free(mg);
    pcre2_match_data_free(mu);
    rules_free(&g);
    rules_free(&u);
    free(classes);
    free(with);
    free(without);
}
END_TEST

/* ---- the shipped rules' needs= guards ------------------------------------ */

/* One generated class string of len letters: pieces from pieces (a
 * space-separated list, so that a piece may be a few letters that often go
 * together), the last letter last (0: any). */
static void
generate(char *cls, size_t len, const char *pieces, char last,
         uint32_t *seed)
{
    size_t npieces = 1, i = 0;

    for (const char *c = pieces; *c; c++)
        npieces += *c == ' ';
    while (i < len) {
        const char *c = pieces;

        *seed = *seed * 1103515245u + 12345u;
        for (size_t k = (*seed >> 16) % npieces; k > 0; k--)
            c = strchr(c, ' ') + 1;
        for (; *c && *c != ' ' && i < len; c++)
            cls[i++] = *c;
    }
    if (last)
        cls[len - 1] = last;
}

START_TEST(test_rules_needs_guards_lose_no_match)
{
    /* A guard must match wherever its rule can (docs/rules.md). Over many
     * generated class strings, every shipped rule with a guard finds
     * nothing where its guard does not match: a mention rule neither in
     * the string nor in any prefix of it (it is retried inside a sentence,
     * a prefix of the document), a window rule not in the window (after
     * windows start with their quote's mark, before windows end with it). Each guard must also both
     * reject strings and let through strings the rule matches, or this
     * would prove nothing. */
    static const char *const files[] = {"classes.rules", "people.rules",
                                        "attribution.rules"};
    static const char mention_pieces[] =
        "C C F F P P T T M D G H L O U S B K Y _ _ s d l l i a o f , - . "
        "( ) V (U) (C) CS BoC Os ,iMT ,dT Hl";
    static const char window_pieces[] =
        "C C F P T M D G H L O U V V d l l l h b , . : ( ) _ s R j i k N "
        "q V: ,b lll llll H.";
    struct rules r = {0};
    struct rule_needs needs;
    uint32_t seed = 4242;
    char cls[48];
    int guarded = 0;

    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char *text = read_shipped(files[i]);

        ck_assert_int_eq(rules_parse(&r, files[i], text, strlen(text), NULL,
                                     NULL), 0);
        free(text);
    }
    ck_assert_int_eq(rules_needs_init(&needs, &r), 0);
    pcre2_match_data *md = pcre2_match_data_create(r.max_groups, NULL);

    for (size_t i = 0; i < r.n; i++) {
        const struct rule *ru = &r.v[i];
        int mention = ru->kind == RULE_MENTION;
        int rejected = 0, matched = 0;

        if (ru->needs < 0)
            continue;
        guarded++;
        for (int k = 0; k < 10000; k++) {
            size_t len = 2 + k % 40;

            generate(cls, len, mention ? mention_pieces : window_pieces,
                     ru->kind == RULE_BEFORE ? 'q' : 0, &seed);
            if (ru->kind == RULE_AFTER)
                cls[0] = 'q'; /* after windows start at the closing mark */
            rules_needs_next(&needs);
            int met = rules_needs_met(&r, ru, &needs, cls, len, md);

            ck_assert_int_ge(met, 0);
            if (met) {
                matched += rules_match(&r, ru, cls, len, 0, md) == 1;
                continue;
            }
            rejected++;
            for (size_t n = mention ? 1 : len; n <= len; n++)
                ck_assert_msg(rules_match(&r, ru, cls, n, 0, md) == 0,
                              "%s matches '%.*s' (of '%.*s') where its "
                              "guard does not",
                              ru->name, (int)n, cls, (int)len, cls);
        }
        ck_assert_msg(rejected > 0, "%s: its guard rejected nothing",
                      ru->name);
        ck_assert_msg(matched > 0, "%s: never matched", ru->name);
    }
    ck_assert_int_gt(guarded, 0);
    pcre2_match_data_free(md);
    rules_needs_free(&needs);
    rules_free(&r);
}
END_TEST

/* ---- rewrites for speed ------------------------------------------------- */

/* s (a rule file's text, freed) with the @define of name given text
 * instead: the form before a rewrite for speed. */
static char *
define_replaced(char *s, const char *name, const char *text)
{
    char key[64];

    snprintf(key, sizeof(key), "@define\t%s\t", name);
    char *at = strstr(s, key);

    ck_assert_msg(at != NULL, "no @define %s", name);
    at += strlen(key);
    size_t old = strcspn(at, "\n"), tail = strlen(at + old);
    char *out = malloc((size_t)(at - s) + strlen(text) + tail + 1);

    ck_assert_ptr_nonnull(out);
    memcpy(out, s, (size_t)(at - s));
    strcpy(out + (at - s), text);
    strcat(out, at + old);
    free(s);
    return out;
}

/* Loads the shipped rules over classes (a classes.rules text) into r. */
static void
load_shipped_over(struct rules *r, const char *classes)
{
    static const char *const files[] = {"people.rules", "attribution.rules"};

    ck_assert_int_eq(rules_parse(r, "classes.rules", classes,
                                 strlen(classes), NULL, NULL), 0);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char *text = read_shipped(files[i]);

        ck_assert_int_eq(rules_parse(r, files[i], text, strlen(text), NULL,
                                     NULL), 0);
        free(text);
    }
}

/* Asserts that rule i of a and of b find the same first match (or none,
 * or the same error) in cls[0..len) from every start offset, with the same
 * groups; returns how many offsets matched. */
static int
same_matches(const struct rules *a, const struct rules *b, size_t i,
             const char *cls, size_t len, pcre2_match_data *ma,
             pcre2_match_data *mb)
{
    uint32_t ncap = 0;
    int found = 0;

    pcre2_pattern_info(b->v[i].code, PCRE2_INFO_CAPTURECOUNT, &ncap);
    for (size_t off = 0; off < len; off++) {
        int ra = rules_match(a, &a->v[i], cls, len, off, ma);
        int rb = rules_match(b, &b->v[i], cls, len, off, mb);

        ck_assert_msg(ra == rb, "%s on '%.*s' from %zu: %d, not %d",
                      a->v[i].name, (int)len, cls, off, ra, rb);
        if (ra != 1)
            continue;
        found++;
        PCRE2_SIZE *oa = pcre2_get_ovector_pointer(ma);
        PCRE2_SIZE *ob = pcre2_get_ovector_pointer(mb);

        for (int n = 0; n < 2 * (int)(ncap + 1); n++)
            ck_assert_msg(oa[n] == ob[n], "%s on '%.*s' from %zu: group %d",
                          a->v[i].name, (int)len, cls, off, n / 2);
    }
    return found;
}

/* Asserts that every shipped rule finds the same matches over classes
 * texts now and before (both freed), with the same groups, in 1,000
 * class strings generated from pieces (seeded with seed) at every start
 * offset. With quote_ends, a third of them start with a quote mark (where
 * the after rules begin) and a third end with one (where the before rules
 * end). */
static void
assert_same_rule_matches(char *now, char *before, const char *pieces,
                         uint32_t seed, int quote_ends)
{
    struct rules a = {0}, b = {0};
    char cls[48];
    int found = 0;

    ck_assert_str_ne(now, before); /* the rewrite is there */
    load_shipped_over(&a, now);
    load_shipped_over(&b, before);
    ck_assert_uint_eq(a.n, b.n);
    pcre2_match_data *ma = pcre2_match_data_create(a.max_groups, NULL);
    pcre2_match_data *mb = pcre2_match_data_create(b.max_groups, NULL);

    for (int k = 0; k < 1000; k++) {
        size_t len = 2 + k % 40;

        generate(cls, len, pieces, quote_ends && k % 3 == 2 ? 'q' : 0,
                 &seed);
        if (quote_ends && k % 3 == 1)
            cls[0] = 'q';
        for (size_t i = 0; i < a.n; i++)
            found += same_matches(&a, &b, i, cls, len, ma, mb);
    }
    ck_assert_int_gt(found, 0);
    pcre2_match_data_free(ma);
    pcre2_match_data_free(mb);
    rules_free(&a);
    rules_free(&b);
    free(now);
    free(before);
}

START_TEST(test_rules_orgname_lookahead_changes_no_match)
{
    /* {ORGNAME} starts with a lookahead for speed (classes.rules): every
     * shipped rule finds the same matches, with the same groups, as with
     * the macro as it was before, over many generated class strings from
     * every start offset (a lookahead one letter too strict fails this). */
    static const char old_orgname[] =
        "(?:(?:[CDL]_*){0,3}[BS]_*(?:[of]d?(?:[CLDS]_*){1,5}){1,3}|"
        "[cCDLOU]_*(?:[CDLOU]_*){0,3}S_*|(?:C_*){1,2}O_*|O_*)";
    static const char pieces[] =
        "C C C D L O U S B c _ _ o f d s l , . ( ) V P F T M G H Y q "
        "CS CCS CCCS CCCCS CCCCCS C_S cCS BoC BodC BoCoC COS C_O CO CCO "
        "CCCO O_ (U) (C) ,dT ,iMT";
    char *before = define_replaced(read_shipped("classes.rules"), "ORGNAME",
                                   old_orgname);

    assert_same_rule_matches(read_shipped("classes.rules"), before, pieces,
                             777, 0);
}
END_TEST

START_TEST(test_rules_needs_shares_and_caches_guards)
{
    /* equal guards (after expansion) are one guard, tried once a text */
    static const char buf[] =
        "@define\tHON\tH\n"
        "mention\ta\t10\t0.5\t(?<person>HC)\tneeds=H\n"
        "mention\tb\t10\t0.5\t(?<person>HF)\tneeds={HON}\n"
        "mention\tc\t10\t0.5\t(?<person>C)\n"
        "mention\td\t10\t0.5\t(?<person>FC)\tneeds=F\n";
    struct rules r = {0};
    struct rule_needs needs;
    struct test_problems p;

    ck_assert_int_eq(parse(&r, buf, &p), 0);
    ck_assert_uint_eq(r.nguards, 2);
    ck_assert_int_eq(r.v[0].needs, r.v[1].needs);
    ck_assert_int_eq(r.v[2].needs, -1);
    ck_assert_int_ne(r.v[3].needs, r.v[0].needs);
    ck_assert_int_eq(rules_needs_init(&needs, &r), 0);
    pcre2_match_data *md = pcre2_match_data_create(r.max_groups, NULL);

    ck_assert_int_eq(rules_needs_met(&r, &r.v[0], &needs, "lHCl", 4, md), 1);
    ck_assert_int_eq(rules_needs_met(&r, &r.v[2], &needs, "lHCl", 4, md), 1);
    ck_assert_int_eq(rules_needs_met(&r, &r.v[3], &needs, "lHCl", 4, md), 0);
    /* the answer is kept for the text: asked again about other bytes
     * without rules_needs_next, it is the same */
    ck_assert_int_eq(rules_needs_met(&r, &r.v[1], &needs, "llll", 4, md), 1);
    rules_needs_next(&needs);
    ck_assert_int_eq(rules_needs_met(&r, &r.v[1], &needs, "llll", 4, md), 0);
    ck_assert_int_eq(rules_needs_met(&r, &r.v[3], &needs, "lFCl", 4, md), 1);
    pcre2_match_data_free(md);
    rules_needs_free(&needs);
    rules_free(&r);
}
END_TEST

START_TEST(test_rules_text_rejects_by_required_letters)
{
    /* a rule whose required letter (first or last) or whose guard's is
     * missing from the text is not worth trying, and its guard is not run
     * for it; each letter is looked for once a text */
    static const char buf[] =
        "after\ta\t10\t0.5\t^q,?(?<speaker>C)V\n"
        "before\tb\t10\t0.5\t(?<speaker>C)l*Vq$\tneeds=V\n"
        "before\tc\t10\t0.5\t(?<speaker>C)q$\n";
    struct rules r = {0};
    struct rule_needs needs;
    struct rule_text t;
    struct test_problems p;

    ck_assert_int_eq(parse(&r, buf, &p), 0);
    ck_assert_int_eq(rules_needs_init(&needs, &r), 0);
    pcre2_match_data *md = pcre2_match_data_create(r.max_groups, NULL);

    rules_text_init(&t, "qCl", 3, &needs);
    ck_assert_int_eq(rules_worth_trying(&r, &r.v[0], &t, md), 0); /* no V */
    ck_assert_int_eq(rules_worth_trying(&r, &r.v[1], &t, md), 0);
    ck_assert_int_eq(rules_worth_trying(&r, &r.v[2], &t, md), 1);
    ck_assert_uint_eq(needs.seen[r.v[1].needs] >> 1, 0); /* not run */
    ck_assert(rules_text_has(&t, 'q') && !rules_text_has(&t, 'V'));

    rules_text_init(&t, "ClVq", 4, &needs);
    /* letters, not places: q and V are there, so PCRE2 decides */
    ck_assert_int_eq(rules_worth_trying(&r, &r.v[0], &t, md), 1);
    ck_assert_int_eq(rules_match(&r, &r.v[0], t.s, t.n, 0, md), 0);
    ck_assert_int_eq(rules_worth_trying(&r, &r.v[1], &t, md), 1);
    ck_assert_uint_eq(needs.seen[r.v[1].needs] >> 1, needs.text); /* run */
    ck_assert_int_eq(rules_match(&r, &r.v[1], t.s, t.n, 0, md), 1);
    pcre2_match_data_free(md);
    rules_needs_free(&needs);
    rules_free(&r);
}
END_TEST

START_TEST(test_rules_index_by_kind)
{
    /* each stage finds its rules, in file order, across files */
    static const char one[] = "before\tb1\t1\t0.5\t(?<speaker>C)Vq$\n"
                              "mention\tm1\t1\t0.5\t(?<person>C)\n"
                              "after\ta1\t1\t0.5\t^qV(?<speaker>C)\n";
    static const char two[] = "mention\tm2\t1\t0.5\t(?<person>F)\n"
                              "before\tb2\t1\t0.5\t(?<speaker>F)Vq$\n";
    static const char *const want[RULE__KINDS][3] = {
        {"m1", "m2"}, {"a1"}, {"b1", "b2"}, {NULL}};
    struct rules r = {0};
    struct test_problems p;

    ck_assert_int_eq(parse(&r, one, &p), 0);
    ck_assert_int_eq(parse(&r, two, &p), 0);
    for (int k = 0; k < RULE__KINDS; k++) {
        size_t n = 0;

        while (want[k][n])
            n++;
        ck_assert_uint_eq(r.kind_start[k + 1] - r.kind_start[k], n);
        for (size_t i = 0; i < n; i++)
            ck_assert_str_eq(r.v[r.by_kind[r.kind_start[k] + i]].name,
                             want[k][i]);
    }
    /* the required units, with a letter's other case */
    const struct rule *a1 = &r.v[r.by_kind[r.kind_start[RULE_AFTER]]];
    ck_assert_uint_eq(a1->first, 'q');
    ck_assert_uint_eq(a1->first_other, 'Q');
    rules_free(&r);
}
END_TEST

START_TEST(test_rules_jit_threads_compile_every_pattern)
{
    /* however the patterns are shared out, each is compiled, once */
    uint32_t have_jit = 0;
    char *classes = read_shipped("classes.rules");

    pcre2_config(PCRE2_CONFIG_JIT, &have_jit);
    for (unsigned threads = 1; threads <= RULES_JIT_THREADS_MAX + 2;
         threads += 3) {
        struct rules r = {0};

        load_shipped_over(&r, classes);
        ck_assert_uint_ge(r.nguards, 1);
        for (size_t i = 0; i < r.n; i++)
            ck_assert_uint_eq(r.v[i].jit, 0); /* not before rules_jit */
        rules_jit(&r, threads);
        for (size_t i = 0; i < r.n; i++)
            ck_assert_msg(r.v[i].jit == have_jit, "rule %s, %u threads",
                          r.v[i].name, threads);
        for (size_t i = 0; i < r.nguards; i++)
            ck_assert_uint_eq(r.guards[i].jit, have_jit);
        rules_free(&r);
    }
    free(classes);
}
END_TEST

/* ---- macros written for less compiled code ---------------------------- */

/* The macros as they were before classes.rules wrote each form once and
 * gave them lookaheads for speed ("How the macros are written" there). */
static const char *const macros_before[][2] = {
    {"PERSONREF", "(?:{HNAME}|{NAME})"},
    {"GROUPNP", "(?:(?:[dihj][lY]?s?)?(?:[OLDCU]_*s?)?M*(?:T_*)?G_*"
                "(?:[oaf]d?{ORGNAME})?|[ij](?:[OLDU]_*s?)?M*T_*"
                "(?:[oaf]d?{ORGNAME})?|j)"},
    {"SPEAKER", "(?:(?:d?[OLUC]_*s|[OLU]_*)?(?:l{0,2}{TITLE},?)?{PERSONREF}|"
                "R|{GROUPNP}|{NOMINAL}|{ORGNOMINAL}|d?{ORGNAME}|d?[CU])"},
};

START_TEST(test_rules_macro_rewrites_change_no_match)
{
    /* Every shipped rule finds the same first match, with the same groups,
     * with the macros as they were before they were rewritten, over many
     * generated class strings from every start offset; a third of them
     * start with a quote mark, where the after rules begin, and a third
     * end with one, where the before rules end. A rewrite that changes
     * the order in which PCRE2 tries the alternatives fails this. */
    static const char pieces[] =
        "C C C F F P P H H K K _ _ M M D D T T G G L L O U S B Y R j i d h "
        "o f a n l l s , - . ( ) V V q HCC H.C HK_C FKC CKKKC FKKKC MLT MCT "
        "MT DT dT dG jG iT GoO Ga GadO dY dlY CS BoC (U) ,dT ,iMT TnT";
    char *before = read_shipped("classes.rules");

    for (size_t i = 0; i < NELEMS(macros_before); i++)
        before = define_replaced(before, macros_before[i][0],
                                 macros_before[i][1]);
    assert_same_rule_matches(read_shipped("classes.rules"), before, pieces,
                             2026, 1);
}
END_TEST

static Suite *
rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *tp = tcase_create("parse");
    TCase *tm = tcase_create("match");
    TCase *tc = tcase_create("classes");

    tcase_add_loop_test(tp, test_rules_reports_problems, 0,
                        NELEMS(problem_cases));
    tcase_add_test(tp, test_rules_bad_pattern_names_pcre2_message);
    tcase_add_test(tp, test_rules_counts_every_problem);
    tcase_add_test(tp, test_rules_good_file_parses);
    tcase_add_test(tp, test_rules_word_letter_every_chain);
    tcase_add_test(tp, test_rules_free_is_idempotent);
    suite_add_tcase(s, tp);

    tcase_add_test(tm, test_rules_match_finds_groups);
    tcase_add_loop_test(tm, test_rules_runaway_pattern_hits_limit, 0,
                        NELEMS(runaway_cases));
    tcase_add_test(tm, test_rules_runaway_rule_fails_extraction);
    tcase_add_test(tm, test_rules_guards_change_no_match);
    tcase_add_test(tm, test_rules_needs_guards_lose_no_match);
    tcase_add_test(tm, test_rules_needs_shares_and_caches_guards);
    tcase_add_test(tm, test_rules_text_rejects_by_required_letters);
    tcase_add_test(tm, test_rules_orgname_lookahead_changes_no_match);
    tcase_add_test(tm, test_rules_macro_rewrites_change_no_match);
    tcase_add_test(tp, test_rules_index_by_kind);
    tcase_add_test(tp, test_rules_jit_threads_compile_every_pattern);
    suite_add_tcase(s, tm);

    tcase_add_loop_test(tc, test_rules_class_string, 0, NELEMS(cls_cases));
    tcase_add_test(tc, test_rules_resolution_does_not_depend_on_position);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(rules_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
