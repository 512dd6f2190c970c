/* SPDX-License-Identifier: MIT */
/* test-hostile.c - Check suite: pathological input through the public API.
 *
 * What docs/robustness.md promises, tried: invalid UTF-8 of every kind,
 * NUL bytes, a byte order mark, CR LF, a 50 MB single line, 100,000
 * quotation marks, a document that is one long name, all capitals, deeply
 * nested quotes, a gazetteer of a million entries, and a rule that
 * backtracks catastrophically. Each must end in WS_OK or a clear status
 * (WS_UTF8, WS_LIMIT with a message that names the limit), never a crash, a
 * hang or a silently shortened result. Every input is generated here; the
 * large ones go to temporary files that the test removes.
 */
#include "whosaid.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEST_DEFAULT_MODEL
#include "test-util.h"

#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */
#define LS "\xE2\x80\x98" /* ‘ */
#define RS "\xE2\x80\x99" /* ’ */

/* Loads the default model with one limit changed. */
static struct ws_model *
model_with_limit(enum ws_limit which, size_t value)
{
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;
    struct ws_error err = {0};

    ck_assert_int_eq(ws_options_set_limit(o, which, value), WS_OK);
    ck_assert_int_eq(ws_model_load(o, &m, &err), WS_OK);
    ws_options_free(o);
    return m;
}

/* Returns a new buffer of n bytes: unit repeated (the last copy cut). */
static char *
repeat(const char *unit, size_t n)
{
    size_t k = strlen(unit);
    char *s = malloc(n + 1);

    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        s[i] = unit[i % k];
    s[n] = '\0';
    return s;
}

/* Extracts text[0..len) and checks what every successful result must
 * satisfy: the JSON parses, carries the text back byte for byte, and every
 * start/end lies inside it. Returns the parsed JSON (json_decref()). */
static json_t *
extract_ok(const struct ws_model *m, const char *text, size_t len)
{
    struct ws_result *r = NULL;
    struct ws_error err = {0};
    json_error_t jerr;
    json_t *j, *t;
    char *s;
    int rc = ws_extract(m, text, len, &r, &err);

    ck_assert_msg(rc == WS_OK, "ws_extract: %s: %s", ws_status_name(rc),
                  err.message);
    s = ws_result_json(r, WS_JSON_TEXT);
    ck_assert_ptr_nonnull(s);
    j = json_loads(s, JSON_ALLOW_NUL, &jerr);
    ck_assert_msg(j != NULL, "bad JSON: %s", jerr.text);
    t = json_object_get(j, "text");
    ck_assert(json_is_string(t));
    ck_assert_uint_eq(json_string_length(t), len);
    ck_assert(memcmp(json_string_value(t), text, len) == 0);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "quotes")),
                      ws_result_quote_count(r));
    free(s);
    ws_result_free(r);
    return j;
}

/* Extracts and expects a failure with this status whose message contains
 * `contains` (may be NULL). */
static void
extract_fails(const struct ws_model *m, const char *text, size_t len,
              int want, const char *contains)
{
    struct ws_result *r = (struct ws_result *)m; /* must be reset */
    struct ws_error err = {0};
    int rc = ws_extract(m, text, len, &r, &err);

    ck_assert_msg(rc == want, "want %s, got %s: %s", ws_status_name(want),
                  ws_status_name(rc), err.message);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, want);
    ck_assert(err.message[0] != '\0');
    if (contains)
        ck_assert_msg(strstr(err.message, contains) != NULL,
                      "message '%s' lacks '%s'", err.message, contains);
}

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- bytes: UTF-8, NUL, BOM, CR LF ---------------------------------------- */

static const struct {
    const char *what;
    const char *text;
    size_t len;
    size_t at; /* the byte the error names */
} bad_utf8[] = {
    {"overlong 2-byte NUL", "Ana \xC0\x80 said", 12, 4},
    {"overlong 2-byte slash", "\xC1\xAF", 2, 0},
    {"overlong 3-byte", "said \xE0\x80\xAF.", 9, 5},
    {"overlong 4-byte", "x\xF0\x80\x80\xAF", 5, 1},
    {"high surrogate", "Bo \xED\xA0\x80 Lin", 10, 3},
    {"low surrogate", "Bo \xED\xBF\xBF Lin", 10, 3},
    {"surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80", 6, 0},
    {"truncated 2-byte at end", "Caf\xC3", 4, 3},
    {"truncated 3-byte at end", "said \xE2\x80", 7, 5},
    {"truncated 4-byte at end", "ok \xF0\x9F\x98", 6, 3},
    {"truncated 3-byte in the middle", "a \xE2\x80 b", 6, 2},
    {"lone continuation byte", "Ruiz \x80 said", 11, 5},
    {"past U+10FFFF", "\xF4\x90\x80\x80", 4, 0},
    {"F5 lead byte", "\xF5\x80\x80\x80", 4, 0},
    {"FE byte", "said \xFE", 6, 5},
    {"FF byte", "\xFF", 1, 0},
};

START_TEST(test_hostile_invalid_utf8)
{
    char want[64];

    snprintf(want, sizeof(want), "invalid UTF-8 at byte %zu",
             bad_utf8[_i].at);
    extract_fails(model, bad_utf8[_i].text, bad_utf8[_i].len, WS_UTF8, want);
}
END_TEST

START_TEST(test_hostile_nul_bytes)
{
    /* NUL is a valid code point: the text is read to len, not to a NUL */
    static const char text[] = "Ana Ruiz\0 said: " LQ "\0We will\0 rebuild."
                               RQ "\0\0";
    json_t *j = extract_ok(model, text, sizeof(text) - 1);

    json_decref(j);
    j = extract_ok(model, "\0\0\0\0", 4);
    json_decref(j);
}
END_TEST

START_TEST(test_hostile_byte_order_mark)
{
    static const char text[] = "\xEF\xBB\xBF" LQ "We will rebuild," RQ
                               " said Ana Ruiz, the mayor of Oslo.";
    json_t *j = extract_ok(model, text, strlen(text));

    ck_assert_uint_ge(json_array_size(json_object_get(j, "quotes")), 1);
    json_decref(j);
    /* only a BOM */
    j = extract_ok(model, "\xEF\xBB\xBF", 3);
    json_decref(j);
}
END_TEST

START_TEST(test_hostile_crlf_finds_the_same)
{
    /* CR LF line ends find the same quotes and speakers as LF */
    static const char lf[] = LQ "We will rebuild the port," RQ
                             " said Ana Ruiz, the mayor of Oslo.\n\n"
                             "Jens Stoltenberg told reporters: " LQ
                             "We are ready." RQ "\n";
    static const char crlf[] = LQ "We will rebuild the port," RQ
                               " said Ana Ruiz, the mayor of Oslo.\r\n\r\n"
                               "Jens Stoltenberg told reporters: " LQ
                               "We are ready." RQ "\r\n";
    json_t *a = extract_ok(model, lf, strlen(lf));
    json_t *b = extract_ok(model, crlf, strlen(crlf));
    json_t *qa = json_object_get(a, "quotes"), *qb = json_object_get(b, "quotes");
    size_t i;
    json_t *q;

    ck_assert_uint_eq(json_array_size(qa), json_array_size(qb));
    ck_assert_uint_ge(json_array_size(qa), 2);
    json_array_foreach(qa, i, q) {
        json_t *o = json_array_get(qb, i);

        ck_assert_str_eq(json_string_value(json_object_get(q, "text")),
                         json_string_value(json_object_get(o, "text")));
        ck_assert(json_equal(json_object_get(json_object_get(q, "speaker"),
                                             "name"),
                             json_object_get(json_object_get(o, "speaker"),
                                             "name")));
    }
    json_decref(a);
    json_decref(b);
    /* lone CRs are line ends of nothing in particular, and harmless */
    json_decref(extract_ok(model, "\r\r\r said \r\r", 12));
}
END_TEST

/* ---- size ----------------------------------------------------------------- */

START_TEST(test_hostile_50mb_single_line)
{
    /* 50 MB of words on one line: over the default 16 MiB document limit,
     * refused before it is read; with the limit raised, over the token
     * limit; neither is cut short silently */
    size_t len = 50u << 20;
    char *text = repeat("word ", len);
    struct ws_model *m = model_with_limit(WS_LIMIT_DOC_BYTES, 64u << 20);

    extract_fails(model, text, len, WS_LIMIT, "16777216");
    extract_fails(m, text, len, WS_LIMIT, "tokens");
    ws_model_free(m);
    free(text);
}
END_TEST

START_TEST(test_hostile_one_huge_token)
{
    /* 12 MB without a space: one token, one (not found) word */
    size_t len = 12u << 20;
    char *text = repeat("x", len);
    json_t *j = extract_ok(model, text, len);

    json_decref(j);
    free(text);
}
END_TEST

/* 100,000 marks of each kind, alone and mixed. */
static const char *const mark_units[] = {
    "\"", LQ, RQ, LQ RQ, LQ LS, "'", "\xC2\xAB", "\" \"", LQ "a" RQ " ",
};

START_TEST(test_hostile_100k_quotation_marks)
{
    /* quick (linear), and either a result or the quotation limit */
    const char *unit = mark_units[_i];
    size_t len = 100000 * strlen(unit);
    char *text = repeat(unit, len);
    struct ws_result *r = NULL;
    struct ws_error err = {0};
    double t0 = now();
    int rc = ws_extract(model, text, len, &r, &err);

    ck_assert_msg(rc == WS_OK || rc == WS_LIMIT, "%s: %s",
                  ws_status_name(rc), err.message);
    if (rc == WS_LIMIT)
        ck_assert_msg(strstr(err.message, "quotations") != NULL, "%s",
                      err.message);
    ck_assert_msg(now() - t0 < 30, "unit %d took %.1f s", _i, now() - t0);
    ws_result_free(r);
    free(text);
}
END_TEST

START_TEST(test_hostile_quote_limit_is_an_error)
{
    /* 1,000 short quotations over a limit of 100: WS_LIMIT, not 100 */
    struct ws_model *m = model_with_limit(WS_LIMIT_QUOTES, 100);
    size_t len = 1000 * strlen(LQ "Yes," RQ " she said. ");
    char *text = repeat(LQ "Yes," RQ " she said. ", len);

    extract_fails(m, text, len, WS_LIMIT, "quotations");
    ws_model_free(m);
    free(text);
}
END_TEST

START_TEST(test_hostile_mention_limit_is_an_error)
{
    struct ws_model *m = model_with_limit(WS_LIMIT_MENTIONS, 10);
    size_t len = 200 * strlen("Jens Stoltenberg met Ana Ruiz. ");
    char *text = repeat("Jens Stoltenberg met Ana Ruiz. ", len);

    extract_fails(m, text, len, WS_LIMIT, NULL);
    ws_model_free(m);
    free(text);
}
END_TEST

START_TEST(test_hostile_one_long_name)
{
    /* a 2 MB document that is one name: capitalised words, name
     * particles and hyphens, no punctuation at all */
    size_t len = 2u << 20;
    char *text = repeat("Jean-Pierre van der Berg de la Cruz Ana Ruiz ", len);
    double t0 = now();
    json_t *j = extract_ok(model, text, len);

    ck_assert_msg(now() - t0 < 60, "took %.1f s", now() - t0);
    json_decref(j);
    free(text);
}
END_TEST

START_TEST(test_hostile_all_capitals)
{
    static const char text[] =
        "PRESIDENT MACRON SAID: \"WE WILL NOT GIVE IN.\" JENS STOLTENBERG, "
        "NATO'S CHIEF, TOLD REPORTERS THAT THE ALLIANCE WAS READY. \"IT "
        "WILL TAKE YEARS,\" SAID ANA RUIZ, THE MAYOR OF OSLO.";
    size_t len = 1u << 20;
    char *big = repeat(text, len);
    json_t *j = extract_ok(model, text, strlen(text));

    json_decref(j);
    j = extract_ok(model, big, len);
    json_decref(j);
    free(big);
}
END_TEST

START_TEST(test_hostile_deeply_nested_quotes)
{
    /* 10,000 levels of alternating double and single quotes, then their
     * closers: nesting past the limit is flattened, in linear time */
    const char *open = LQ "He said " LS "she said ";
    const char *close = RS " and more" RQ " then";
    size_t n = 10000, lo = strlen(open), lc = strlen(close);
    char *text = malloc(n * (lo + lc) + 1);
    struct ws_model *m = model_with_limit(WS_LIMIT_NESTING, 2);
    double t0 = now();
    json_t *j;

    for (size_t i = 0; i < n; i++)
        memcpy(text + i * lo, open, lo);
    for (size_t i = 0; i < n; i++)
        memcpy(text + n * lo + i * lc, close, lc);
    text[n * (lo + lc)] = '\0';
    j = extract_ok(model, text, n * (lo + lc));
    json_decref(j);
    j = extract_ok(m, text, n * (lo + lc));
    json_decref(j);
    ck_assert_msg(now() - t0 < 60, "took %.1f s", now() - t0);
    ws_model_free(m);
    free(text);
}
END_TEST

START_TEST(test_hostile_nesting_limit_applies)
{
    /* nesting 1: a quote inside a quote inside a quote is flattened */
    static const char text[] = LQ "I told him " LS "go home" RS " twice," RQ
                               " said Ana Ruiz.";
    struct ws_model *flat = model_with_limit(WS_LIMIT_NESTING, 1);
    json_t *a = extract_ok(model, text, strlen(text));
    json_t *b = extract_ok(flat, text, strlen(text));

    ck_assert_uint_ge(json_array_size(json_object_get(a, "quotes")),
                      json_array_size(json_object_get(b, "quotes")));
    json_decref(a);
    json_decref(b);
    ws_model_free(flat);
}
END_TEST

/* ---- data files ----------------------------------------------------------- */

START_TEST(test_hostile_million_entry_gazetteer)
{
    /* a user gazetteer of 1,000,000 people, written, loaded on top of the
     * defaults, and matched */
    const char *dir = getenv("TMPDIR");
    char path[512];
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;
    struct ws_error err = {0};
    FILE *f;
    json_t *j, *e;
    static const char text[] =
        "Zorbu Quaxel-777777 said: " LQ "We are a million." RQ;

    snprintf(path, sizeof(path), "%s/whosaid-hostile-%ld.tsv",
             dir && dir[0] ? dir : "/tmp", (long)getpid());
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(GZ_HEADER, f);
    for (long i = 0; i < 1000000; i++)
        fprintf(f, "Zorbu Quaxel-%ld\tPERSON\tp:zq%ld\tQuaxel-%ld\t"
                   "gender=m\n", i, i, i);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(ws_options_add_gazetteer(o, path), WS_OK);
    ck_assert_msg(ws_model_load(o, &m, &err) == WS_OK, "load: %s",
                  err.message);
    unlink(path);
    j = extract_ok(m, text, strlen(text));
    e = test_entity_with_mention(j, "Zorbu Quaxel-777777");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(test_kb_id(e), "p:zq777777");
    json_decref(j);
    ws_model_free(m);
    ws_options_free(o);
}
END_TEST

START_TEST(test_hostile_catastrophic_rule)
{
    /* (C+)+ then a class that never comes backtracks exponentially over
     * a sentence of capitalised words (a class, not a letter, so that
     * PCRE2 cannot rule the match out early by a required letter): the
     * match limit ends it with WS_LIMIT naming the rule, at extract time,
     * in well under a second */
    const char *rules = "mention\tslow\t10\t0.5\t(?<person>(?:C+)+[ZY])\n";
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;
    struct ws_error err = {0};
    char *path = test_tmp_write(rules);
    size_t len = 40 * strlen("Blorf ");
    char *text = repeat("Blorf ", len);
    double t0;

    ck_assert_int_eq(ws_options_add_rules(o, path), WS_OK);
    ck_assert_msg(ws_model_load(o, &m, &err) == WS_OK, "load: %s",
                  err.message);
    t0 = now();
    extract_fails(m, text, len, WS_LIMIT, "'slow'");
    ck_assert_msg(now() - t0 < 10, "took %.1f s", now() - t0);
    /* a short sentence is still fine with the same rule */
    json_decref(extract_ok(m, "Blorf said so.", 14));
    ws_model_free(m);
    ws_options_free(o);
    test_tmp_remove(path);
    free(text);
}
END_TEST

START_TEST(test_hostile_depth_limit)
{
    /* a tiny depth limit turns deep recursion into WS_LIMIT as well */
    const char *rules = "mention\tdeep\t10\t0.5\t(?<person>(C|D)*(C|D)*[ZY])\n";
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;
    char *path = test_tmp_write(rules);
    size_t len = 400 * strlen("Blorf ");
    char *text = repeat("Blorf ", len);
    struct ws_result *r = NULL;
    int rc;

    ck_assert_int_eq(ws_options_add_rules(o, path), WS_OK);
    ck_assert_int_eq(ws_options_set_limit(o, WS_LIMIT_MATCH, 50), WS_OK);
    ck_assert_int_eq(ws_options_set_limit(o, WS_LIMIT_DEPTH, 2), WS_OK);
    ck_assert_int_eq(ws_model_load(o, &m, NULL), WS_OK);
    rc = ws_extract(m, text, len, &r, NULL);
    ck_assert_int_eq(rc, WS_LIMIT);
    ck_assert_ptr_null(r);
    ws_model_free(m);
    ws_options_free(o);
    test_tmp_remove(path);
    free(text);
}
END_TEST

static Suite *
hostile_suite(void)
{
    Suite *s = suite_create("hostile");
    TCase *tb = tcase_create("bytes");
    TCase *tz = tcase_create("size");
    TCase *td = tcase_create("data");

    tcase_add_unchecked_fixture(tb, model_setup, model_teardown);
    tcase_add_loop_test(tb, test_hostile_invalid_utf8, 0, NELEMS(bad_utf8));
    tcase_add_test(tb, test_hostile_nul_bytes);
    tcase_add_test(tb, test_hostile_byte_order_mark);
    tcase_add_test(tb, test_hostile_crlf_finds_the_same);
    suite_add_tcase(s, tb);

    tcase_add_unchecked_fixture(tz, model_setup, model_teardown);
    tcase_add_test(tz, test_hostile_50mb_single_line);
    tcase_add_test(tz, test_hostile_one_huge_token);
    tcase_add_loop_test(tz, test_hostile_100k_quotation_marks, 0,
                        NELEMS(mark_units));
    tcase_add_test(tz, test_hostile_quote_limit_is_an_error);
    tcase_add_test(tz, test_hostile_mention_limit_is_an_error);
    tcase_add_test(tz, test_hostile_one_long_name);
    tcase_add_test(tz, test_hostile_all_capitals);
    tcase_add_test(tz, test_hostile_deeply_nested_quotes);
    tcase_add_test(tz, test_hostile_nesting_limit_applies);
    tcase_set_timeout(tz, 120);
    suite_add_tcase(s, tz);

    tcase_add_test(td, test_hostile_million_entry_gazetteer);
    tcase_add_test(td, test_hostile_catastrophic_rule);
    tcase_add_test(td, test_hostile_depth_limit);
    tcase_set_timeout(td, 240);
    suite_add_tcase(s, td);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(hostile_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
