/* SPDX-License-Identifier: MIT */
/* test-emit.c - Check suite for emit.c: the JSON a result becomes.
 *
 * Checks what every output must keep whatever the pipeline found: offsets
 * are code points and every span's "text" is that slice of the input;
 * pretty and compact output are the same JSON; strings are escaped so that
 * they parse back to the bytes of the input. The articles are made up.
 */
#include "emit.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_DEFAULT_MODEL
#include "fbuf.h"
#include "test-util.h"

/* The output buffer once more, under other names and without SSE2, so
 * that the tests check the portable path writes what the library writes. */
int portable_fbuf_grow(struct fbuf *b, size_t more);
void portable_fbuf_puts(struct fbuf *b, const char *s);
void portable_fbuf_printf(struct fbuf *b, const char *fmt, ...);
void portable_fbuf_json(struct fbuf *b, const char *s, size_t n);
void portable_fbuf_html(struct fbuf *b, const char *s, size_t n);
char *portable_fbuf_take(struct fbuf *b);
void portable_fbuf_uint(struct fbuf *b, size_t v);
#define WS_FBUF_PORTABLE
#define fbuf_grow portable_fbuf_grow
#define fbuf_puts portable_fbuf_puts
#define fbuf_printf portable_fbuf_printf
#define fbuf_json portable_fbuf_json
#define fbuf_html portable_fbuf_html
#define fbuf_take portable_fbuf_take
#define fbuf_uint portable_fbuf_uint
#include "fbuf.c"
#undef fbuf_grow
#undef fbuf_puts
#undef fbuf_printf
#undef fbuf_json
#undef fbuf_html
#undef fbuf_take
#undef fbuf_uint

/* ---- code point offsets --------------------------------------------------- */

struct spans {
    const char *text;
    size_t len, ncp;
    size_t *off; /* code point -> byte */
    int checked;
    int quotes;
};

/* Checks every object below j that has start, end and text. */
static void
check_spans(struct spans *sp, json_t *j, const char *where)
{
    size_t i;
    const char *k;
    json_t *v;

    if (json_is_array(j)) {
        json_array_foreach(j, i, v) check_spans(sp, v, where);
        return;
    }
    if (!json_is_object(j))
        return;
    json_t *s = json_object_get(j, "start"), *e = json_object_get(j, "end");
    json_t *t = json_object_get(j, "text");

    if (s && e && t) {
        json_int_t a = json_integer_value(s), b = json_integer_value(e);

        ck_assert_msg(json_is_integer(s) && json_is_integer(e) &&
                          json_is_string(t),
                      "%s: bad span types", where);
        ck_assert_msg(0 <= a && a <= b && (size_t)b <= sp->ncp,
                      "%s: span [%lld, %lld) outside %zu code points", where,
                      (long long)a, (long long)b, sp->ncp);
        size_t ba = sp->off[a], bb = sp->off[b];
        ck_assert_msg(json_string_length(t) == bb - ba &&
                          memcmp(json_string_value(t), sp->text + ba,
                                 bb - ba) == 0,
                      "%s: span [%lld, %lld) has text '%s', the input has "
                      "'%.*s'",
                      where, (long long)a, (long long)b, json_string_value(t),
                      (int)(bb - ba), sp->text + ba);
        sp->checked++;
    }
    json_object_foreach(j, k, v) check_spans(sp, v, k);
}

/* Extracts text and checks every span of the result against it; returns
 * the number of spans checked. */
static int
check_text(const char *text, int *quotes)
{
    struct spans sp = {.text = text, .len = strlen(text)};
    json_t *j = test_extract_json(model, text, WS_JSON_EXPLAIN);

    sp.off = test_cp_offsets(text, sp.len, &sp.ncp);
    check_spans(&sp, j, "result");
    if (quotes)
        *quotes = (int)json_array_size(json_object_get(j, "quotes"));
    json_decref(j);
    free(sp.off);
    return sp.checked;
}

static const char *const offset_cases[] = {
    "Caf\xC3\xA9 owner \xE2\x80\x9C\xC3\x87" "a va,\xE2\x80\x9D said "
    "Zo\xC3\xAB Dubois.",
    "\xF0\x9F\x93\xB0 NATO's chief, Jens Stoltenberg, said: \xE2\x80\x9C"
    "D\xC3\xA9j\xC3\xA0 vu \xE2\x80\x94 again.\xE2\x80\x9D",
    "\xE5\x8C\x97\xE4\xBA\xAC\xE3\x80\x82 Mr. M\xC3\xBCller said: "
    "\xE2\x80\x9CNo comment.\xE2\x80\x9D\n\xC2\xAB" "Non\xC2\xBB, "
    "a-t-il dit.",
    "\xE2\x80\x9CWe\xE2\x80\x99re not leaving,\xE2\x80\x9D Erdo\xC4\x9F"
    "an told reporters in \xC4\xB0stanbul.",
};

START_TEST(test_emit_offsets_are_code_points)
{
    int quotes = 0;
    int n = check_text(offset_cases[_i], &quotes);

    ck_assert_int_ge(quotes, 1);
    ck_assert_int_ge(n, 3);
}
END_TEST

START_TEST(test_emit_offsets_in_long_text)
{
    /* Past many 256-byte blocks, with multibyte characters straddling
     * block edges at every alignment. */
    const char *para = "Zo\xC3\xAB Dubois, who runs a caf\xC3\xA9 in Orl"
                       "\xC3\xA9" "ans, said: \xE2\x80\x9C\xC3\x87" "a va "
                       "\xF0\x9F\x99\x82 mieux.\xE2\x80\x9D\n";
    size_t plen = strlen(para), cap = 80 * (plen + 3) + 1, n = 0;
    char *text = malloc(cap);
    int quotes = 0, spans;

    for (int k = 0; k < 80; k++) {
        /* shift the next paragraph by 0, 1 or 2 bytes */
        for (int pad = 0; pad < k % 3; pad++)
            text[n++] = ' ';
        memcpy(text + n, para, plen);
        n += plen;
    }
    text[n] = '\0';
    spans = check_text(text, &quotes);
    ck_assert_int_eq(quotes, 80);
    ck_assert_int_ge(spans, 160);
    free(text);
}
END_TEST

/* ---- formats -------------------------------------------------------------- */

static const char article[] =
    "NATO's chief, Jens Stoltenberg, said: \xE2\x80\x9CWe are ready.\xE2\x80"
    "\x9D\n\xE2\x80\x9CIt will take years,\xE2\x80\x9D said Ana Ruiz, the "
    "mayor of Murcia. Ruiz added that funds were short.";

START_TEST(test_emit_pretty_is_same_json)
{
    static const int extra[] = {0, WS_JSON_TEXT, WS_JSON_EXPLAIN,
                                WS_JSON_TEXT | WS_JSON_EXPLAIN};

    for (size_t k = 0; k < NELEMS(extra); k++) {
        char *c = test_extract_str(model, article, extra[k]);
        char *p = test_extract_str(model, article, extra[k] | WS_JSON_PRETTY);
        json_t *jc = json_loads(c, 0, NULL), *jp = json_loads(p, 0, NULL);

        ck_assert_ptr_nonnull(jc);
        ck_assert_ptr_nonnull(jp);
        ck_assert_msg(json_equal(jc, jp), "flags %d: pretty differs",
                      extra[k]);
        /* compact: one line, starting with '{' */
        ck_assert_int_eq(c[0], '{');
        ck_assert_ptr_null(strchr(c, '\n'));
        ck_assert_ptr_nonnull(strchr(p, '\n'));
        ck_assert_ptr_nonnull(strstr(p, "\n  \"entities\": ["));
        json_decref(jc);
        json_decref(jp);
        free(c);
        free(p);
    }
}
END_TEST

START_TEST(test_emit_text_flag_adds_text)
{
    json_t *plain = test_extract_json(model, article, 0);
    json_t *with = test_extract_json(model, article, WS_JSON_TEXT);
    json_t *t = json_object_get(with, "text");

    ck_assert_ptr_null(json_object_get(plain, "text"));
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(json_string_value(t), article);
    /* and nothing else changes */
    ck_assert_int_eq(json_object_del(with, "text"), 0);
    ck_assert(json_equal(plain, with));
    json_decref(plain);
    json_decref(with);
}
END_TEST

START_TEST(test_emit_explain_adds_sentences)
{
    json_t *j = test_extract_json(model, "One sentence. Another one.",
                                  WS_JSON_EXPLAIN);
    json_t *s = json_object_get(j, "sentences");

    ck_assert_uint_eq(json_array_size(s), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s, 1),
                                                       "text")),
                     "Another one.");
    ck_assert(json_is_string(json_object_get(json_array_get(s, 0),
                                             "classes")));
    json_decref(j);
}
END_TEST

/* ---- escaping ------------------------------------------------------------- */

static const struct {
    const char *text;
    size_t len; /* 0: strlen */
} escape_cases[] = {
    {"A \"quoted\" word and a back\\slash.", 0},
    {"Tabs\tand\r\nnewlines\n\nand a form\ffeed.", 0},
    {"Controls \x01\x02\x1F and DEL \x7F here.", 0},
    {"A NUL \0 inside.", 16},
    {"Ana Ruiz said: \xE2\x80\x9C" "C:\\path\\to \"it\"\x07\xE2\x80\x9D", 0},
    {"\xE2\x80\xA8 line and paragraph \xE2\x80\xA9 separators", 0},
    {"Non-ASCII stays: Zo\xC3\xAB, \xF0\x9F\x93\xB0, \xE5\x8C\x97.", 0},
};

START_TEST(test_emit_escapes_strings)
{
    const char *text = escape_cases[_i].text;
    size_t len = escape_cases[_i].len ? escape_cases[_i].len : strlen(text);
    struct ws_result *r = NULL;
    json_error_t jerr;
    json_t *j, *t;
    char *s;

    ck_assert_int_eq(ws_extract(model, text, len, &r, NULL), WS_OK);
    for (int pretty = 0; pretty <= WS_JSON_PRETTY; pretty += WS_JSON_PRETTY) {
        s = ws_result_json(r, WS_JSON_TEXT | WS_JSON_EXPLAIN | pretty);
        ck_assert_ptr_nonnull(s);
        /* no raw control character ever reaches the output */
        for (const char *p = s; *p; p++)
            ck_assert_msg((unsigned char)*p >= 0x20 ||
                              (pretty && *p == '\n'),
                          "raw control 0x%02x in output",
                          (unsigned char)*p);
        j = json_loads(s, JSON_ALLOW_NUL, &jerr);
        ck_assert_msg(j != NULL, "does not parse (%s): %s", jerr.text, s);
        t = json_object_get(j, "text");
        ck_assert_uint_eq(json_string_length(t), len);
        ck_assert_mem_eq(json_string_value(t), text, len);
        json_decref(j);
        free(s);
    }
    ws_result_free(r);
}
END_TEST

/* The writer tests eight bytes at a time and the last, partial word apart:
 * a byte to escape at each position of texts of each length up to five
 * words must come back as written. */
START_TEST(test_emit_escapes_at_every_position)
{
    static const char special[] = {'"', '\\', '\n', '\x01', '\x1F'};
    char text[41];

    for (size_t n = 1; n < sizeof(text); n++)
        for (size_t p = 0; p < n; p++)
            for (size_t k = 0; k < sizeof(special); k++) {
                json_t *j, *t;

                for (size_t i = 0; i < n; i++)
                    text[i] = (char)('a' + i % 26);
                text[p] = special[k];
                text[n] = '\0';
                j = test_extract_json(model, text, WS_JSON_TEXT);
                t = json_object_get(j, "text");
                ck_assert_msg(json_string_length(t) == n &&
                                  memcmp(json_string_value(t), text, n) == 0,
                              "length %zu, byte 0x%02x at %zu", n,
                              (unsigned char)special[k], p);
                json_decref(j);
            }
}
END_TEST

START_TEST(test_emit_quote_text_escaped)
{
    const char *text = "\xE2\x80\x9CSay \"no\" to C:\\temp,\xE2\x80\x9D said "
                       "Ana Ruiz.";
    json_t *j = test_extract_json(model, text, 0);
    json_t *q = json_array_get(json_object_get(j, "quotes"), 0);

    ck_assert_ptr_nonnull(q);
    ck_assert_str_eq(json_string_value(json_object_get(q, "text")),
                     "Say \"no\" to C:\\temp,");
    json_decref(j);
}
END_TEST

/* The JSON string writer tests sixteen bytes at a time with SSE2, eight
 * without, the last block apart, and 4 to 7 bytes as two words: both
 * paths must write the same bytes for strings of every length up to five
 * blocks, with none, one or many bytes to escape anywhere. */
START_TEST(test_emit_string_writer_paths_agree)
{
    static const char bytes[] = {'"',    '\\',   '\n',   '\x01', '\x1F',
                                 ' ',    '\x7F', '\xC3', '\xA9', '\x80',
                                 '\xFF', 'a',    'Z'};
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    char text[90];

    for (size_t n = 0; n < sizeof(text); n++)
        for (int k = 0; k < 200; k++) {
            struct fbuf a = {0}, b = {0};
            char *sa, *sb;

            for (size_t i = 0; i < n; i++) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                /* k / 20 in 10: how many bytes are drawn from bytes[] */
                text[i] = seed % 10 < (uint64_t)k / 20
                              ? bytes[(seed >> 8) % sizeof(bytes)]
                              : (char)('a' + (seed >> 8) % 26);
            }
            fbuf_put(&a, "x", 1); /* the string need not start the buffer */
            fbuf_put(&b, "x", 1);
            fbuf_json(&a, text, n);
            portable_fbuf_json(&b, text, n);
            sa = fbuf_take(&a);
            sb = portable_fbuf_take(&b);
            ck_assert_ptr_nonnull(sa);
            ck_assert_ptr_nonnull(sb);
            ck_assert_str_eq(sa, sb);
            free(sa);
            free(sb);
        }
}
END_TEST

/* Integers are written as printf's %zu would, at every number of digits
 * and around each power of ten. */
START_TEST(test_emit_integers_as_printf)
{
    struct fbuf b = {0};
    char want[64], *got;
    size_t v[80], n = 0;

    for (size_t p = 1; n + 3 <= 60; p *= 10) {
        v[n++] = p - 1;
        v[n++] = p;
        v[n++] = p + p / 2 + 7;
        if (p > SIZE_MAX / 10)
            break;
    }
    v[n++] = 0;
    v[n++] = 4294967295u;
    v[n++] = 4294967296u;
    v[n++] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        fbuf_put(&b, "x", 1);
        fbuf_uint(&b, v[i]);
        got = fbuf_take(&b);
        snprintf(want, sizeof(want), "x%zu", v[i]);
        ck_assert_ptr_nonnull(got);
        ck_assert_str_eq(got, want);
        free(got);
    }
}
END_TEST

/* ---- knowledge-base links ------------------------------------------------- */

START_TEST(test_emit_kb_only_for_named_entries)
{
    /* Regression: a person found by a rule over a word that is also a
     * COMMON dictionary word ("Smith", "Baker", "Brown" are in common.tsv)
     * got that COMMON entry as its knowledge-base link, and the output
     * read "kb": {"name": "smith"}. Only named entries (PERSON, ORG, LOC)
     * may link an entity to the knowledge base. */
    const char *text = "Mr. Smith said it. Mrs. Baker agreed. Ms. Brown left.";
    json_t *j = test_extract_json(model, text, 0);
    const char *names[] = {"Smith", "Baker", "Brown"};

    for (size_t k = 0; k < NELEMS(names); k++) {
        json_t *e = test_entity_with_mention(j, names[k]);

        ck_assert_msg(e != NULL, "no entity for %s", names[k]);
        ck_assert_msg(json_object_get(e, "kb") == NULL,
                      "%s is linked to kb entry '%s'", names[k],
                      json_string_value(json_object_get(
                          json_object_get(e, "kb"), "name")));
    }
    json_decref(j);
}
END_TEST

START_TEST(test_emit_kb_for_gazetteer_people)
{
    json_t *j = test_extract_json(
        model, "Jens Stoltenberg said the alliance was ready.", 0);
    json_t *e = test_entity_with_mention(j, "Jens Stoltenberg");

    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(json_string_value(json_object_get(e, "type")), "PERSON");
    ck_assert_ptr_nonnull(test_kb_id(e));
    json_decref(j);
}
END_TEST

static Suite *
emit_suite(void)
{
    Suite *s = suite_create("emit");
    TCase *tc = tcase_create("emit");

    tcase_add_unchecked_fixture(tc, model_setup, model_teardown);
    tcase_add_loop_test(tc, test_emit_offsets_are_code_points, 0,
                        NELEMS(offset_cases));
    tcase_add_test(tc, test_emit_offsets_in_long_text);
    tcase_add_test(tc, test_emit_pretty_is_same_json);
    tcase_add_test(tc, test_emit_text_flag_adds_text);
    tcase_add_test(tc, test_emit_explain_adds_sentences);
    tcase_add_loop_test(tc, test_emit_escapes_strings, 0,
                        NELEMS(escape_cases));
    tcase_add_test(tc, test_emit_escapes_at_every_position);
    tcase_add_test(tc, test_emit_string_writer_paths_agree);
    tcase_add_test(tc, test_emit_integers_as_printf);
    tcase_add_test(tc, test_emit_quote_text_escaped);
    tcase_add_test(tc, test_emit_kb_only_for_named_entries);
    tcase_add_test(tc, test_emit_kb_for_gazetteer_people);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(emit_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
