/* SPDX-License-Identifier: MIT */
/* test-offsets.c - Check suite for offsets.c: byte offsets to code points.
 *
 * Tokenizes made-up texts with the default model and checks cpmap_at
 * against a naive count of code points before each byte offset: at every
 * token start and end, at every character boundary inside tokens and
 * between them, on ASCII and on multibyte text, on texts longer than one
 * counting block and word, and on an empty document.
 */
#include "offsets.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tokenize.h"
#define TEST_DEFAULT_MODEL
#include "test-util.h"

/* The number of code points in s[0..b): the naive count. */
static size_t
naive_cp(const char *s, size_t b)
{
    size_t n = 0;

    for (size_t i = 0; i < b; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static int
is_boundary(const char *s, size_t len, size_t b)
{
    return b == len || ((unsigned char)s[b] & 0xC0) != 0x80;
}

/* Checks cpmap_at at every character boundary b <= upto of text, and at
 * its end. */
static void
assert_boundaries(const struct cpmap *m, const char *text, size_t len,
                  size_t upto)
{
    for (size_t b = 0; b <= upto; b++) {
        if (!is_boundary(text, len, b))
            continue;
        ck_assert_msg(cpmap_at(m, (uint32_t)b) == naive_cp(text, b),
                      "byte %zu: got %zu, want %zu", b,
                      cpmap_at(m, (uint32_t)b), naive_cp(text, b));
    }
    ck_assert_uint_eq(cpmap_at(m, (uint32_t)len), naive_cp(text, len));
}

static const struct {
    const char *text;
    int ascii; /* 1: the map must say the text is ASCII */
} cases[] = {
    /* pure ASCII */
    {"Ana Ruiz, the mayor of Murcia, said: \"It will take years.\"", 1},
    {"Prices rose 3.5 per cent.\n\nShares fell (again) on Friday.", 1},
    /* two-byte letters */
    {"Zo\xC3\xAB Dubois runs a caf\xC3\xA9 in Orl\xC3\xA9" "ans.", 0},
    /* curly apostrophe inside a word and curly quotes around a quote */
    {"\xE2\x80\x9CWe\xE2\x80\x99re not leaving,\xE2\x80\x9D said Ren\xC3\xA9"
     "e Marchand, the caf\xC3\xA9\xE2\x80\x99s owner.",
     0},
    /* four-byte emoji, alone and next to words */
    {"\xF0\x9F\x93\xB0 Fans cheered \xF0\x9F\x8E\x89\xF0\x9F\x8E\x89 as "
     "J\xC3\xBCrgen Klopp\xF0\x9F\x91\x8F waved.",
     0},
    /* CJK, with and without spaces, and a full stop of its own */
    {"\xE5\x8C\x97\xE4\xBA\xAC\xE3\x80\x82 Officials in \xE4\xB8\x8A\xE6"
     "\xB5\xB7 said \xE2\x80\x9C\xE5\xA5\xBD\xE2\x80\x9D to the plan.",
     0},
    /* many counting blocks, with characters of every length across their
     * edges and ASCII stretches longer than a block between them */
    {"Fran\xC3\xA7ois \xC3\x89mile Lef\xC3\xA8vre told the Bundestag "
     "\xE2\x80\x9Cnothing\xE2\x80\x9D had changed since the talks in "
     "M\xC3\xBCnchen and \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x93\xB0\xF0"
     "\x9F\x93\xB0 ended; the minister, speaking at length about budgets "
     "and about schools, said \xC3\xA9t\xC3\xA9 would be \xE2\x80\x94 "
     "again \xE2\x80\x94 difficult for S\xC3\xB8ren and Zo\xC3\xAB.",
     0},
    /* more than 32 ASCII bytes, then a stray continuation byte (text that
     * is not UTF-8 still counts one code point per byte that is not a
     * continuation byte) */
    {"Plain words for more than thirty-two bytes \x80 then \xC3\xA9t\xC3"
     "\xA9 and a stray \xBF at the end.",
     0},
    /* a multibyte character as the very first and very last character */
    {"\xC3\x89lise Martin left \xE2\x80\x94 quickly\xE2\x80\xA6", 0},
};

/* Checks cpmap_at at every token boundary (the offsets the output prints
 * most) and at every character boundary of the text. */
START_TEST(test_offsets_match_naive_count)
{
    const char *text = cases[_i].text;
    size_t len = strlen(text);
    struct doc d;
    struct cpmap m;

    doc_init(&d, (const struct model *)model, text, len);
    ck_assert_int_eq(tokenize_doc(&d), 0);
    ck_assert_uint_gt(d.tok.n, 3);
    ck_assert_int_eq(cpmap_build(&m, &d), 0);
    ck_assert_int_eq(m.ascii, cases[_i].ascii);
    for (size_t i = 0; i < d.tok.n; i++) {
        uint32_t a = d.tok.v[i].start, b = d.tok.v[i].end;

        ck_assert_msg(cpmap_at(&m, a) == naive_cp(text, a),
                      "token %zu start byte %u: got %zu, want %zu", i, a,
                      cpmap_at(&m, a), naive_cp(text, a));
        ck_assert_msg(cpmap_at(&m, b) == naive_cp(text, b),
                      "token %zu end byte %u: got %zu, want %zu", i, b,
                      cpmap_at(&m, b), naive_cp(text, b));
    }
    /* mid-token and between-token offsets, and both ends of the text */
    assert_boundaries(&m, text, len, len);
    cpmap_free(&m);
    doc_free(&d);
}
END_TEST

/* Offsets before the first token: leading spaces and blank lines. */
START_TEST(test_offsets_before_first_token)
{
    const char *text = "  \n\n \xE2\x80\x9CHi,\xE2\x80\x9D she said.";
    size_t len = strlen(text);
    struct doc d;
    struct cpmap m;

    doc_init(&d, (const struct model *)model, text, len);
    ck_assert_int_eq(tokenize_doc(&d), 0);
    ck_assert_int_eq(cpmap_build(&m, &d), 0);
    assert_boundaries(&m, text, len, d.tok.v[0].start);
    cpmap_free(&m);
    doc_free(&d);
}
END_TEST

START_TEST(test_offsets_empty_document)
{
    static const char *const texts[] = {"", "   \n\n  "};

    for (size_t k = 0; k < NELEMS(texts); k++) {
        size_t len = strlen(texts[k]);
        struct doc d;
        struct cpmap m;

        doc_init(&d, (const struct model *)model, texts[k], len);
        ck_assert_int_eq(tokenize_doc(&d), 0);
        ck_assert_uint_eq(d.tok.n, 0);
        ck_assert_int_eq(cpmap_build(&m, &d), 0);
        ck_assert_uint_eq(cpmap_at(&m, 0), 0);
        ck_assert_uint_eq(cpmap_at(&m, (uint32_t)len), len);
        cpmap_free(&m);
        cpmap_free(&m); /* freeing twice is harmless */
        doc_free(&d);
    }
}
END_TEST

/* An empty document that is not ASCII-only cannot happen, but a text of
 * only multibyte punctuation has no word tokens around which to count. */
START_TEST(test_offsets_only_multibyte)
{
    const char *text = "\xE2\x80\x94\xE2\x80\x94 \xE2\x80\xA6";
    size_t len = strlen(text);
    struct doc d;
    struct cpmap m;

    doc_init(&d, (const struct model *)model, text, len);
    ck_assert_int_eq(tokenize_doc(&d), 0);
    ck_assert_int_eq(cpmap_build(&m, &d), 0);
    ck_assert_int_eq(m.ascii, 0);
    assert_boundaries(&m, text, len, len);
    cpmap_free(&m);
    doc_free(&d);
}
END_TEST

static Suite *
offsets_suite(void)
{
    Suite *s = suite_create("offsets");
    TCase *tc = tcase_create("offsets");

    tcase_add_unchecked_fixture(tc, model_setup, model_teardown);
    tcase_add_loop_test(tc, test_offsets_match_naive_count, 0,
                        NELEMS(cases));
    tcase_add_test(tc, test_offsets_before_first_token);
    tcase_add_test(tc, test_offsets_empty_document);
    tcase_add_test(tc, test_offsets_only_multibyte);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(offsets_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
