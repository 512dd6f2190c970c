/* SPDX-License-Identifier: MIT */
/* test-api.c - Check suite for the public API (whosaid.h): status codes,
 * options, loading errors, extraction errors and limits, NULL safety,
 * allocation failures, and extraction from many threads at once; and the
 * document every extraction fills (doc.c): its mention sort.
 *
 * Only whosaid.h is used, except for the allocation-failure hook and the
 * doc tests. The articles are made up for these tests.
 */
#include "whosaid.h"

#include <check.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc.h"
#define TEST_DEFAULT_MODEL
#include "test-util.h"

/* ---- status codes --------------------------------------------------------- */

static const struct {
    int code;
    const char *name;
    const char *msg;
} status_cases[] = {
#define STATUS_ROW(num, name, msg) {num, #name, msg},
    WS_STATUS_MAP(STATUS_ROW)
#undef STATUS_ROW
    {1, "UNKNOWN", "unknown status"},
    {-9, "UNKNOWN", "unknown status"},
    {100, "UNKNOWN", "unknown status"},
    {INT_MIN, "UNKNOWN", "unknown status"},
};

START_TEST(test_api_status_names_and_messages)
{
    ck_assert_str_eq(ws_status_name(status_cases[_i].code),
                     status_cases[_i].name);
    ck_assert_str_eq(ws_strerror(status_cases[_i].code),
                     status_cases[_i].msg);
}
END_TEST

START_TEST(test_api_status_numbers_are_stable)
{
    ck_assert_int_eq(WS_OK, 0);
    ck_assert_int_eq(WS_NOMEM, -1);
    ck_assert_int_eq(WS_INVALID, -2);
    ck_assert_int_eq(WS_IO, -3);
    ck_assert_int_eq(WS_DATA, -4);
    ck_assert_int_eq(WS_UTF8, -5);
    ck_assert_int_eq(WS_LIMIT, -6);
    ck_assert_int_eq(WS_RULE, -7);
    ck_assert_int_eq(WS_INTERNAL, -8);
    ck_assert_str_eq(ws_status_name(WS_UTF8), "UTF8");
}
END_TEST

/* ---- options and NULL safety ---------------------------------------------- */

START_TEST(test_api_options_reject_null)
{
    struct ws_options *o = ws_options_new();

    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(ws_options_add_gazetteer(NULL, "people.tsv"),
                     WS_INVALID);
    ck_assert_int_eq(ws_options_add_rules(NULL, "people.rules"), WS_INVALID);
    ck_assert_int_eq(ws_options_add_gazetteer(o, NULL), WS_INVALID);
    ck_assert_int_eq(ws_options_add_rules(o, NULL), WS_INVALID);
    ck_assert_int_eq(ws_options_set_limit(NULL, WS_LIMIT_TOKENS, 5),
                     WS_INVALID);
    ck_assert_int_eq(ws_options_set_limit(o, WS_LIMIT__COUNT, 5), WS_INVALID);
    ck_assert_int_eq(ws_options_set_limit(o, (enum ws_limit)-1, 5),
                     WS_INVALID);
    ck_assert_int_eq(ws_options_set_limit(o, WS_LIMIT_DEPTH, 0), WS_OK);
    ws_options_set_defaults(NULL, 0);
    ws_options_set_indirect(NULL, 0);
    ws_options_free(NULL);
    ws_options_free(o);
}
END_TEST

START_TEST(test_api_free_null_is_safe)
{
    ws_result_free(NULL);
    ws_model_free(NULL);
    ws_options_free(NULL);
    ck_assert_ptr_null(ws_result_json(NULL, 0));
    ck_assert_uint_eq(ws_result_entity_count(NULL), 0);
    ck_assert_uint_eq(ws_result_quote_count(NULL), 0);
}
END_TEST

START_TEST(test_api_options_copy_paths)
{
    /* the path is copied: changing the caller's buffer changes nothing */
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;
    struct ws_error err = {0};
    char *path = test_tmp_write(GZ_HEADER "Ana Ruiz\tPERSON\tp:ruiz\t\t\n");
    char buf[512];

    snprintf(buf, sizeof(buf), "%s", path);
    ws_options_set_defaults(o, 0);
    ck_assert_int_eq(ws_options_add_gazetteer(o, buf), WS_OK);
    memset(buf, 'x', strlen(buf));
    ck_assert_int_eq(ws_model_load(o, &m, &err), WS_OK);
    ws_model_free(m);
    ws_options_free(o);
    test_tmp_remove(path);
}
END_TEST

/* ---- loading -------------------------------------------------------------- */

START_TEST(test_api_load_null_out)
{
    struct ws_error err = {0};

    ck_assert_int_eq(ws_model_load(NULL, NULL, &err), WS_INVALID);
    ck_assert_int_eq(err.code, WS_INVALID);
    ck_assert(err.message[0] != '\0');
    ck_assert_int_eq(ws_model_load(NULL, NULL, NULL), WS_INVALID);
}
END_TEST

START_TEST(test_api_load_defaults_without_options)
{
    struct ws_model *m = NULL;
    struct ws_error err = {.code = 99, .message = "stale"};

    ck_assert_int_eq(ws_model_load(NULL, &m, &err), WS_OK);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(err.code, WS_OK);
    ck_assert_str_eq(err.message, "");
    ws_model_free(m);
    ck_assert_int_eq(ws_model_load(NULL, &m, NULL), WS_OK);
    ws_model_free(m);
}
END_TEST

/* Loads with one user file that fails; checks code and message. as_rules:
 * add it with ws_options_add_rules. */
static void
load_fails(const char *path, int as_rules, int want, const char *prefix,
           const char *contains)
{
    struct ws_options *o = ws_options_new();
    struct ws_model *m = (struct ws_model *)o; /* not NULL: must be reset */
    struct ws_error err = {0};

    ws_options_set_defaults(o, 0);
    if (as_rules)
        ck_assert_int_eq(ws_options_add_rules(o, path), WS_OK);
    else
        ck_assert_int_eq(ws_options_add_gazetteer(o, path), WS_OK);
    ck_assert_int_eq(ws_model_load(o, &m, &err), want);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(err.code, want);
    if (prefix)
        ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0,
                      "message '%s' does not start with '%s'", err.message,
                      prefix);
    if (contains)
        ck_assert_msg(strstr(err.message, contains) != NULL,
                      "message '%s' lacks '%s'", err.message, contains);
    ws_options_free(o);
}

START_TEST(test_api_load_missing_file)
{
    char path[512];
    const char *dir = getenv("TMPDIR");

    snprintf(path, sizeof(path), "%s/whosaid-no-such-file-%ld.tsv",
             dir && dir[0] ? dir : "/tmp", (long)getpid());
    load_fails(path, 0, WS_IO, path, "cannot open");
    load_fails(path, 1, WS_IO, path, "cannot open");
}
END_TEST

START_TEST(test_api_load_malformed_gazetteer)
{
    char *path = test_tmp_write(GZ_HEADER
                                "Ana Ruiz\tPERSON\tp:ruiz\t\tgender=f\n"
                                "Jens Stoltenberg\tPERSON\tp:js\t\tgender=q\n");
    char prefix[600];

    snprintf(prefix, sizeof(prefix), "%s:3: ", path);
    load_fails(path, 0, WS_DATA, prefix, "gender");
    test_tmp_remove(path);
}
END_TEST

START_TEST(test_api_load_malformed_rules)
{
    char *path = test_tmp_write("# people\n"
                                "mention\tok\t10\t0.5\t(?<person>CC)\n"
                                "mention\tbroken\t10\t0.5\t(?<person>C\n");
    char prefix[600];

    snprintf(prefix, sizeof(prefix), "%s:3: rule 'broken': ", path);
    load_fails(path, 1, WS_RULE, prefix, "at offset");
    test_tmp_remove(path);
}
END_TEST

START_TEST(test_api_load_rules_named_as_gazetteer)
{
    /* a ".rules" file given as a gazetteer is read as rules */
    const char *dir = getenv("TMPDIR");
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/whosaid-test-%ld.rules",
             dir && dir[0] ? dir : "/tmp", (long)getpid());
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("mention\tbroken\t10\t0.5\t(\n", f);
    fclose(f);
    load_fails(path, 0, WS_RULE, path, "rule 'broken'");
    unlink(path);
}
END_TEST

/* ---- ws_data_check -------------------------------------------------------- */

START_TEST(test_api_data_check)
{
    char *good = test_tmp_write(GZ_HEADER "Ana Ruiz\tPERSON\tp:ruiz\t\t\n");
    char *bad = test_tmp_write(GZ_HEADER "Ana Ruiz\tPERSN\t\t\t\n"
                                         "Bo Lin\tPERSON\t\t\tgender=z\n");
    struct test_problems p = {0};
    char prefix[600];

    ck_assert_int_eq(ws_data_check(good, test_collect, &p), 0);
    ck_assert_int_eq(p.n, 0);
    ck_assert_int_eq(ws_data_check(bad, test_collect, &p), 2);
    ck_assert_int_eq(p.n, 2);
    snprintf(prefix, sizeof(prefix), "%s:2: ", bad);
    ck_assert(strncmp(p.line[0], prefix, strlen(prefix)) == 0);
    snprintf(prefix, sizeof(prefix), "%s:3: ", bad);
    ck_assert(strncmp(p.line[1], prefix, strlen(prefix)) == 0);
    ck_assert_int_eq(ws_data_check(bad, NULL, NULL), 2);
    test_tmp_remove(good);
    test_tmp_remove(bad);
}
END_TEST

/* ---- extraction ----------------------------------------------------------- */

START_TEST(test_api_extract_rejects_bad_arguments)
{
    struct ws_result *r = (struct ws_result *)model;
    struct ws_error err = {0};

    ck_assert_int_eq(ws_extract(model, "x", 1, NULL, &err), WS_INVALID);
    ck_assert_int_eq(err.code, WS_INVALID);
    ck_assert_int_eq(ws_extract(NULL, "x", 1, &r, &err), WS_INVALID);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(ws_extract(model, NULL, 3, &r, &err), WS_INVALID);
    ck_assert_ptr_null(r);
    ck_assert(err.message[0] != '\0');
    ck_assert_int_eq(ws_extract(model, NULL, 3, &r, NULL), WS_INVALID);
}
END_TEST

static const struct {
    const char *text;
    size_t len;
    size_t at;
} utf8_cases[] = {
    {"Caf\xC3\xA9 \xC3", 7, 6},          /* truncated at the end */
    {"\xC0\x80 said", 7, 0},             /* overlong NUL */
    {"Ana said \xED\xA0\x80.", 13, 9},   /* surrogate */
    {"Bo \xF4\x90\x80\x80 Lin", 11, 3},  /* past U+10FFFF */
    {"\xE2\x80\x9CYes\xE2\x80\x9D\xFF", 10, 9},
};

START_TEST(test_api_extract_invalid_utf8)
{
    struct ws_result *r = NULL;
    struct ws_error err = {0};
    char want[64];

    ck_assert_int_eq(ws_extract(model, utf8_cases[_i].text, utf8_cases[_i].len,
                                &r, &err),
                     WS_UTF8);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, WS_UTF8);
    snprintf(want, sizeof(want), "invalid UTF-8 at byte %zu",
             utf8_cases[_i].at);
    ck_assert_str_eq(err.message, want);
}
END_TEST

START_TEST(test_api_extract_empty_text)
{
    struct ws_result *r = NULL;
    struct ws_error err = {.code = 5};
    char *s;

    ck_assert_int_eq(ws_extract(model, "", 0, &r, &err), WS_OK);
    ck_assert_int_eq(err.code, WS_OK);
    ck_assert_str_eq(err.message, "");
    s = ws_result_json(r, 0);
    ck_assert_str_eq(s, "{\"entities\":[],\"quotes\":[]}");
    free(s);
    ck_assert_uint_eq(ws_result_entity_count(r), 0);
    ck_assert_uint_eq(ws_result_quote_count(r), 0);
    ws_result_free(r);

    /* NULL text with length 0 is an empty text too */
    ck_assert_int_eq(ws_extract(model, NULL, 0, &r, NULL), WS_OK);
    s = ws_result_json(r, WS_JSON_TEXT);
    ck_assert_str_eq(s, "{\"text\":\"\",\"entities\":[],\"quotes\":[]}");
    free(s);
    ws_result_free(r);

    /* whitespace only */
    s = test_extract_str(model, " \n\n\t \r\n", 0);
    ck_assert_str_eq(s, "{\"entities\":[],\"quotes\":[]}");
    free(s);
}
END_TEST

/* Loads the default model with one limit changed. */
static struct ws_model *
model_with_limit(enum ws_limit which, size_t value)
{
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;

    ck_assert_int_eq(ws_options_set_limit(o, which, value), WS_OK);
    ck_assert_int_eq(ws_model_load(o, &m, NULL), WS_OK);
    ws_options_free(o);
    return m;
}

START_TEST(test_api_extract_document_limit)
{
    struct ws_model *m = model_with_limit(WS_LIMIT_DOC_BYTES, 40);
    const char *text = "The minister said the talks would resume.";
    struct ws_result *r = NULL;
    struct ws_error err = {0};
    size_t len = strlen(text);

    ck_assert_uint_gt(len, 40);
    ck_assert_int_eq(ws_extract(m, text, len, &r, &err), WS_LIMIT);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, WS_LIMIT);
    ck_assert_msg(strstr(err.message, "40") != NULL, "message: %s",
                  err.message);
    /* exactly at the limit is fine; the check comes before UTF-8 */
    ck_assert_int_eq(ws_extract(m, text, 40, &r, &err), WS_OK);
    ws_result_free(r);
    ck_assert_int_eq(ws_extract(m, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                                   "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                                   "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                                   "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                                   "\xFF",
                                41, &r, &err),
                     WS_LIMIT);
    ws_model_free(m);
}
END_TEST

START_TEST(test_api_extract_default_document_limit)
{
    /* the default ceiling is 16 MiB: one byte more is refused unread */
    size_t len = (16u << 20) + 1;
    char *big = malloc(len);
    struct ws_result *r = NULL;
    struct ws_error err = {0};

    ck_assert_ptr_nonnull(big);
    memset(big, 'a', len);
    ck_assert_int_eq(ws_extract(model, big, len, &r, &err), WS_LIMIT);
    ck_assert_ptr_null(r);
    free(big);
}
END_TEST

START_TEST(test_api_extract_token_limit)
{
    struct ws_model *m = model_with_limit(WS_LIMIT_TOKENS, 5);
    struct ws_result *r = NULL;
    struct ws_error err = {0};
    const char *text = "One two three four five six seven.";

    ck_assert_int_eq(ws_extract(m, text, strlen(text), &r, &err), WS_LIMIT);
    ck_assert_ptr_null(r);
    ck_assert_msg(strstr(err.message, "tokens") != NULL, "message: %s",
                  err.message);
    ck_assert_int_eq(ws_extract(m, "Four short words.", 17, &r, &err), WS_OK);
    ws_result_free(r);
    ws_model_free(m);
}
END_TEST

START_TEST(test_api_extract_reads_only_len_bytes)
{
    /* the text need not be NUL-terminated: bytes past len are not read */
    const char *whole = "NATO's chief, Jens Stoltenberg, said: \xE2\x80\x9CWe "
                        "are ready.\xE2\x80\x9D Then Ana Ruiz spoke.";
    size_t len = strlen(whole) - strlen(" Then Ana Ruiz spoke.");
    char *cut = malloc(len);
    char *a, *b;
    struct ws_result *r = NULL;

    memcpy(cut, whole, len);
    ck_assert_int_eq(ws_extract(model, cut, len, &r, NULL), WS_OK);
    free(cut); /* the result keeps its own copy */
    a = ws_result_json(r, WS_JSON_TEXT);
    ws_result_free(r);
    ck_assert_int_eq(ws_extract(model, whole, len, &r, NULL), WS_OK);
    b = ws_result_json(r, WS_JSON_TEXT);
    ws_result_free(r);
    ck_assert_str_eq(a, b);
    ck_assert(strstr(a, "Ruiz") == NULL);
    free(a);
    free(b);
}
END_TEST

START_TEST(test_api_counts_match_json)
{
    const char *text =
        "Mr. Ruiz, the mayor of Oslo, said: \xE2\x80\x9CWe will rebuild.\xE2"
        "\x80\x9D\n\xE2\x80\x9CIt will take years,\xE2\x80\x9D said Jens "
        "Stoltenberg.";
    struct ws_result *r = NULL;
    json_t *j;
    char *s;

    ck_assert_int_eq(ws_extract(model, text, strlen(text), &r, NULL), WS_OK);
    s = ws_result_json(r, 0);
    j = json_loads(s, 0, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert_uint_eq(ws_result_entity_count(r),
                      json_array_size(json_object_get(j, "entities")));
    ck_assert_uint_eq(ws_result_quote_count(r),
                      json_array_size(json_object_get(j, "quotes")));
    ck_assert_uint_ge(ws_result_quote_count(r), 2);
    json_decref(j);
    free(s);
    ws_result_free(r);
}
END_TEST

/* ---- threads -------------------------------------------------------------- */

static const char *const thread_texts[] = {
    "NATO's chief, Jens Stoltenberg, said: \xE2\x80\x9CWe are ready to help "
    "Kyiv.\xE2\x80\x9D",
    "\xE2\x80\x9CThe harvest was poor,\xE2\x80\x9D said Ana Ruiz, a farmer "
    "from Murcia. She added that prices would rise.",
    "Caf\xC3\xA9 owner Zo\xC3\xAB Dubois said business had halved.\n"
    "\xE2\x80\x9C" "Ca va,\xE2\x80\x9D she told reporters.",
    "The Prime Minister told MPs that the bill would pass. The opposition "
    "leader said it would not.",
    "According to the European Commission, growth will slow. \xE2\x80\x9CWe "
    "see risks,\xE2\x80\x9D its spokesman said.",
    "",
    "Erdo\xC4\x9F" "an met Macron in Paris on Tuesday, officials said.",
};

#define ROUNDS 25
#define NTHREADS 4

static char *expected_json[NELEMS(thread_texts)];

struct worker {
    int failures;
};

static void *
worker_run(void *arg)
{
    struct worker *w = arg;

    for (int round = 0; round < ROUNDS; round++) {
        for (size_t k = 0; k < NELEMS(thread_texts); k++) {
            /* each thread starts at a different text */
            size_t i = (k + (size_t)round) % NELEMS(thread_texts);
            struct ws_result *r = NULL;
            char *s;

            if (ws_extract(model, thread_texts[i], strlen(thread_texts[i]),
                           &r, NULL) != WS_OK) {
                w->failures++;
                continue;
            }
            s = ws_result_json(r, WS_JSON_EXPLAIN);
            if (!s || strcmp(s, expected_json[i]) != 0)
                w->failures++;
            free(s);
            ws_result_free(r);
        }
    }
    return NULL;
}

START_TEST(test_api_threads_give_identical_output)
{
    pthread_t th[NTHREADS];
    struct worker w[NTHREADS];

    for (size_t i = 0; i < NELEMS(thread_texts); i++) {
        char *again;

        expected_json[i] =
            test_extract_str(model, thread_texts[i], WS_JSON_EXPLAIN);
        /* determinism in one thread first */
        again = test_extract_str(model, thread_texts[i], WS_JSON_EXPLAIN);
        ck_assert_str_eq(again, expected_json[i]);
        free(again);
    }
    for (int t = 0; t < NTHREADS; t++) {
        w[t].failures = 0;
        ck_assert_int_eq(pthread_create(&th[t], NULL, worker_run, &w[t]), 0);
    }
    for (int t = 0; t < NTHREADS; t++)
        ck_assert_int_eq(pthread_join(th[t], NULL), 0);
    for (int t = 0; t < NTHREADS; t++)
        ck_assert_msg(w[t].failures == 0, "thread %d: %d results differ", t,
                      w[t].failures);
    for (size_t i = 0; i < NELEMS(thread_texts); i++) {
        free(expected_json[i]);
        expected_json[i] = NULL;
    }
}
END_TEST

START_TEST(test_api_load_threads_give_identical_output)
{
    /* a model compiled by several threads answers as the default one */
    for (int threads = 2; threads <= 5; threads += 3) {
        struct ws_options *o = ws_options_new();
        struct ws_model *m = NULL;
        struct ws_error err;

        ck_assert_ptr_nonnull(o);
        ws_options_set_load_threads(o, threads);
        ck_assert_int_eq(ws_model_load(o, &m, &err), WS_OK);
        for (size_t i = 0; i < NELEMS(thread_texts); i++) {
            char *want = test_extract_str(model, thread_texts[i],
                                          WS_JSON_EXPLAIN);
            char *got = test_extract_str(m, thread_texts[i],
                                         WS_JSON_EXPLAIN);

            ck_assert_str_eq(got, want);
            free(want);
            free(got);
        }
        ws_model_free(m);
        ws_options_free(o);
    }
    ws_options_set_load_threads(NULL, 2);
}
END_TEST

/* ---- allocation failure --------------------------------------------------- */

START_TEST(test_api_extract_survives_allocation_failure)
{
    /* Make the Nth allocation fail for every N until extraction succeeds:
     * each run must fail cleanly with WS_NOMEM (the sanitizer run checks
     * that nothing leaks), and the final run must match a normal one. */
    const char *text = "Mr. Ruiz said: \xE2\x80\x9CWe will rebuild.\xE2\x80"
                       "\x9D Jens Stoltenberg, NATO's chief, agreed.";
    char *want = test_extract_str(model, text, 0), *again;
    long n;

    for (n = 0; n < 100000; n++) {
        struct ws_result *r = NULL;
        struct ws_error err = {0};
        char *s;
        int rc;

        alloc_fail_after(n);
        rc = ws_extract(model, text, strlen(text), &r, &err);
        if (rc == WS_OK) {
            s = ws_result_json(r, 0);
            alloc_fail_after(-1);
            ws_result_free(r);
            if (!s)
                continue; /* the JSON writer ran out instead */
            ck_assert_str_eq(s, want);
            free(s);
            break;
        }
        alloc_fail_after(-1);
        ck_assert_msg(rc == WS_NOMEM, "allocation %ld: rc %d (%s)", n, rc,
                      err.message);
        ck_assert_ptr_null(r);
        ck_assert_int_eq(err.code, WS_NOMEM);
    }
    ck_assert_int_lt(n, 100000);
    /* the shared model came through every failure unchanged */
    again = test_extract_str(model, text, 0);
    ck_assert_str_eq(again, want);
    free(again);
    free(want);
}
END_TEST

START_TEST(test_api_load_survives_allocation_failure)
{
    /* Regression: when an allocation inside pcre2_compile failed, the load
     * reported a rule problem ("rule 't': failed to allocate heap memory
     * at offset ...") and returned WS_RULE, not WS_NOMEM: rules.c checked
     * only PCRE2_ERROR_NOMEMORY, a match-time code, while pcre2_compile
     * reports PCRE2_ERROR_HEAP_FAILED. */
    char *gz = test_tmp_write(GZ_HEADER
                              "Ana Ruiz\tPERSON\tp:ruiz\tRuiz\tgender=f\n"
                              "mayor\tTITLE\tt:mayor\t\t\n"
                              "said\tCUE\tc:said\t\t\n");
    char *rules = test_tmp_write("@word\td\tthe\n"
                                 "@define\tNAME\t(?:F|C)C*\n"
                                 "mention\tt\t80\t0.9\t(?<title>T)(?<person>{NAME})\n");
    /* The whole pipeline, load + extract + JSON, with allocation N failing
     * for N = 0, 1, ... until all of it succeeds: each step fails with
     * WS_NOMEM (or NULL JSON) and leaks nothing (the sanitizer and valgrind
     * runs check), and the run that succeeds prints byte for byte what a
     * run without failures prints. */
    const char *text = "The mayor Ana Ruiz said: \xE2\x80\x9CWe will rebuild."
                       "\xE2\x80\x9D";
    const int flags = WS_JSON_TEXT | WS_JSON_EXPLAIN | WS_JSON_PRETTY;
    struct ws_options *o = ws_options_new();
    struct ws_model *ref = NULL;
    struct ws_result *rr = NULL;
    char *want;
    long n;

    ws_options_set_defaults(o, 0);
    ck_assert_int_eq(ws_options_add_gazetteer(o, gz), WS_OK);
    ck_assert_int_eq(ws_options_add_rules(o, rules), WS_OK);
    ck_assert_int_eq(ws_model_load(o, &ref, NULL), WS_OK);
    ck_assert_int_eq(ws_extract(ref, text, strlen(text), &rr, NULL), WS_OK);
    want = ws_result_json(rr, flags);
    ck_assert_ptr_nonnull(want);
    ws_result_free(rr);
    ws_model_free(ref);
    for (n = 0; n < 100000; n++) {
        struct ws_model *m = NULL;
        struct ws_result *r = NULL;
        struct ws_error err = {0};
        char *s = NULL;
        int rc;

        alloc_fail_after(n);
        rc = ws_model_load(o, &m, &err);
        if (rc == WS_OK) {
            rc = ws_extract(m, text, strlen(text), &r, &err);
            if (rc == WS_OK)
                s = ws_result_json(r, flags);
        }
        alloc_fail_after(-1);
        ws_result_free(r);
        ws_model_free(m);
        if (s) {
            ck_assert_str_eq(s, want);
            free(s);
            break;
        }
        ck_assert_msg(rc == WS_OK || rc == WS_NOMEM,
                      "allocation %ld: rc %d (%s)", n, rc, err.message);
        if (rc != WS_OK) {
            ck_assert_int_eq(err.code, WS_NOMEM);
            ck_assert(r == NULL);
        }
    }
    ck_assert_int_lt(n, 100000);
    free(want);
    ws_options_free(o);
    test_tmp_remove(gz);
    test_tmp_remove(rules);
}
END_TEST

/* ---- the doc: mentions sorted in place ----------------------------------- */

static uint64_t
next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* doc_sort_mentions gives the order of a stable sort by first token, the
 * higher priority first at one token, and keeps every index into the
 * mentions (org, alias_of, titles, entities' best and first mentions)
 * pointing at the same mention: on runs in order, shuffled mentions and
 * ties. Each mention carries its old index in entry. */
START_TEST(test_api_doc_sort_mentions_is_stable)
{
    uint64_t seed = 0x9E3779B97F4A7C15ULL * (uint64_t)(_i + 1);

    for (int round = 0; round < 300; round++) {
        size_t n = 1 + next_rand(&seed) % 70, runs = 1 + round % 4;
        int32_t want[70], at[70];
        struct doc d;

        doc_init(&d, NULL, "", 0);
        ck_assert_int_eq(doc_reserve(&d.men, sizeof(*d.men.v), n, n), 0);
        ck_assert_int_eq(doc_reserve(&d.title, sizeof(*d.title.v), 4, 4), 0);
        ck_assert_int_eq(doc_reserve(&d.ent, sizeof(*d.ent.v), 4, 4), 0);
        for (size_t i = 0; i < n; i++) {
            struct mention *m = &d.men.v[i];
            size_t run = i * runs / n;

            memset(m, 0, sizeof(*m));
            /* `runs` runs in order (round % 4 == 3: no order at all) */
            m->tok = (uint32_t)(round % 4 == 3
                                    ? next_rand(&seed) % 30
                                    : run * 3 + i % 5 + next_rand(&seed) % 2);
            m->priority = (int16_t)(next_rand(&seed) % 3);
            m->entry = (int32_t)i;
            m->entity = (int32_t)(next_rand(&seed) % 4);
            m->org = next_rand(&seed) % 3 ? -1 : (int32_t)(i * 7 % n);
            m->alias_of = next_rand(&seed) % 4 ? -1 : (int32_t)(i * 3 % n);
        }
        d.men.n = n;
        for (size_t k = 0; k < 4; k++) {
            d.title.v[k].mention = (int32_t)(next_rand(&seed) % n);
            d.ent.v[k].best = k == 3 ? -1 : (int32_t)(next_rand(&seed) % n);
            d.ent.v[k].first_mention = (uint32_t)(next_rand(&seed) % n);
        }
        d.title.n = d.ent.n = 4;
        /* the expected order: insertion sort, stable */
        for (size_t i = 0; i < n; i++) {
            size_t j = i;

            for (; j > 0; j--) {
                const struct mention *p = &d.men.v[want[j - 1]],
                                     *q = &d.men.v[i];

                if (p->tok < q->tok ||
                    (p->tok == q->tok && p->priority >= q->priority))
                    break;
                want[j] = want[j - 1];
            }
            want[j] = (int32_t)i;
        }
        int32_t org[70], alias[70], ent[70], title[4], best[4], first[4];

        for (size_t i = 0; i < n; i++) {
            org[i] = d.men.v[i].org;
            alias[i] = d.men.v[i].alias_of;
            ent[i] = d.men.v[i].entity;
        }
        for (size_t k = 0; k < 4; k++) {
            title[k] = d.title.v[k].mention;
            best[k] = d.ent.v[k].best;
            first[k] = (int32_t)d.ent.v[k].first_mention;
        }
        ck_assert_int_eq(doc_sort_mentions(&d), 0);
        for (size_t i = 0; i < n; i++) {
            int32_t was = d.men.v[i].entry;

            ck_assert_int_eq(was, want[i]);
            at[was] = (int32_t)i;
        }
        for (size_t i = 0; i < n; i++) {
            const struct mention *m = &d.men.v[i];
            int32_t was = m->entry;

            ck_assert_int_eq(m->entity, ent[was]);
            ck_assert_int_eq(m->org, org[was] < 0 ? -1 : at[org[was]]);
            ck_assert_int_eq(m->alias_of, alias[was] < 0 ? -1 : at[alias[was]]);
        }
        for (size_t k = 0; k < 4; k++) {
            ck_assert_int_eq(d.title.v[k].mention, at[title[k]]);
            ck_assert_int_eq(d.ent.v[k].best, best[k] < 0 ? -1 : at[best[k]]);
            ck_assert_int_eq((int32_t)d.ent.v[k].first_mention, at[first[k]]);
        }
        doc_free(&d);
    }
}
END_TEST

static Suite *
api_suite(void)
{
    Suite *s = suite_create("api");
    TCase *ts = tcase_create("status");
    TCase *tl = tcase_create("load");
    TCase *te = tcase_create("extract");
    TCase *td = tcase_create("doc");

    tcase_add_loop_test(ts, test_api_status_names_and_messages, 0,
                        NELEMS(status_cases));
    tcase_add_test(ts, test_api_status_numbers_are_stable);
    tcase_add_test(ts, test_api_options_reject_null);
    tcase_add_test(ts, test_api_free_null_is_safe);
    suite_add_tcase(s, ts);

    tcase_add_test(tl, test_api_options_copy_paths);
    tcase_add_test(tl, test_api_load_null_out);
    tcase_add_test(tl, test_api_load_defaults_without_options);
    tcase_add_test(tl, test_api_load_missing_file);
    tcase_add_test(tl, test_api_load_malformed_gazetteer);
    tcase_add_test(tl, test_api_load_malformed_rules);
    tcase_add_test(tl, test_api_load_rules_named_as_gazetteer);
    tcase_add_test(tl, test_api_data_check);
    tcase_add_test(tl, test_api_load_survives_allocation_failure);
    tcase_set_timeout(tl, 60);
    suite_add_tcase(s, tl);

    tcase_add_unchecked_fixture(te, model_setup, model_teardown);
    tcase_add_test(te, test_api_extract_rejects_bad_arguments);
    tcase_add_loop_test(te, test_api_extract_invalid_utf8, 0,
                        NELEMS(utf8_cases));
    tcase_add_test(te, test_api_extract_empty_text);
    tcase_add_test(te, test_api_extract_document_limit);
    tcase_add_test(te, test_api_extract_default_document_limit);
    tcase_add_test(te, test_api_extract_token_limit);
    tcase_add_test(te, test_api_extract_reads_only_len_bytes);
    tcase_add_test(te, test_api_counts_match_json);
    tcase_add_test(te, test_api_threads_give_identical_output);
    tcase_add_test(te, test_api_load_threads_give_identical_output);
    tcase_add_test(te, test_api_extract_survives_allocation_failure);
    tcase_set_timeout(te, 60);
    suite_add_tcase(s, te);

    tcase_add_loop_test(td, test_api_doc_sort_mentions_is_stable, 0, 4);
    suite_add_tcase(s, td);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(api_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
