/* SPDX-License-Identifier: MIT */
/* test-fold.c - Check suite for fold.c: UTF-8 validation, decoding,
 * character classes and the folded keys words match by.
 */
#include "fold.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fold_valid_prefix ---------------------------------------------------- */

static const struct {
    const char *what;
    const char *s;
    size_t len;   /* 0: strlen(s) */
    size_t valid; /* expected longest valid prefix */
} valid_cases[] = {
    {"empty", "", 0, 0},
    {"ascii", "The minister said.", 0, 18},
    {"two-byte", "Caf\xC3\xA9", 0, 5},
    {"three-byte quotes", "\xE2\x80\x9CYes\xE2\x80\x9D", 0, 9},
    {"four-byte emoji", "ok \xF0\x9F\x98\x80", 0, 7},
    {"U+10FFFF", "a\xF4\x8F\xBF\xBF", 0, 5},
    {"NUL is valid", "a\0b", 3, 3},
    {"overlong NUL C0 80", "ab\xC0\x80", 0, 2},
    {"overlong C1 BF", "\xC1\xBF", 0, 0},
    {"overlong E0 80 AF", "x\xE0\x80\xAF", 0, 1},
    {"overlong F0 80 80 AF", "xy\xF0\x80\x80\xAF", 0, 2},
    {"surrogate ED A0 80", "abc\xED\xA0\x80", 0, 3},
    {"surrogate ED BF BF", "\xED\xBF\xBF", 0, 0},
    {"truncated two-byte", "Caf\xC3", 0, 3},
    {"truncated three-byte", "said \xE2\x80", 0, 5},
    {"truncated four-byte", "\xF0\x9F\x98", 0, 0},
    {"past U+10FFFF", "ok\xF4\x90\x80\x80", 0, 2},
    {"F5 lead", "\xF5\x80\x80\x80", 0, 0},
    {"lone continuation", "a\x80z", 0, 1},
    {"lead then ascii", "a\xC3z", 0, 1},
    {"FF byte", "abc\xFF", 0, 3},
};

START_TEST(test_fold_valid_prefix)
{
    size_t len = valid_cases[_i].len ? valid_cases[_i].len
                                     : strlen(valid_cases[_i].s);

    ck_assert_msg(fold_valid_prefix(valid_cases[_i].s, len) ==
                      valid_cases[_i].valid,
                  "%s: got %zu, want %zu", valid_cases[_i].what,
                  fold_valid_prefix(valid_cases[_i].s, len),
                  valid_cases[_i].valid);
}
END_TEST

START_TEST(test_fold_valid_prefix_finds_fault_anywhere)
{
    /* ASCII is checked eight bytes at a time: a fault at every offset of
     * a long line, and in its last few bytes, is still found exactly */
    char s[40];
    static const char *const faults[] = {"\xFF", "\xC3", "\xED\xA0\x80",
                                         "\xC0\x80", "\x80"};

    for (size_t f = 0; f < NELEMS(faults); f++) {
        size_t n = strlen(faults[f]);

        for (size_t at = 0; at + n <= sizeof(s); at++) {
            memset(s, 'a', sizeof(s));
            memcpy(s + at, faults[f], n);
            ck_assert_uint_eq(fold_valid_prefix(s, sizeof(s)), at);
            ck_assert_uint_eq(fold_valid_prefix(s, at), at);
        }
    }
    memset(s, 'a', sizeof(s));
    for (size_t len = 0; len <= sizeof(s); len++)
        ck_assert_uint_eq(fold_valid_prefix(s, len), len);
}
END_TEST

/* ---- fold_next ------------------------------------------------------------ */

START_TEST(test_fold_next_decodes_code_points)
{
    const char *s = "A\xC3\xA9\xE2\x80\x99\xF0\x9F\x98\x80";
    size_t len = strlen(s), i = 0;
    const int32_t want[] = {'A', 0xE9, 0x2019, 0x1F600};

    for (size_t k = 0; k < NELEMS(want); k++)
        ck_assert_int_eq(fold_next(s, len, &i), want[k]);
    ck_assert_uint_eq(i, len);
}
END_TEST

/* ---- fold_class ----------------------------------------------------------- */

static const struct {
    int32_t cp;
    enum fold_class want;
} class_cases[] = {
    {'a', FC_LOWER},     {'Z', FC_UPPER},      {'7', FC_DIGIT},
    {' ', FC_SPACE},     {'\t', FC_SPACE},     {'\n', FC_NEWLINE},
    {'\r', FC_NEWLINE},  {'\'', FC_APOS},      {'-', FC_HYPHEN},
    {',', FC_OTHER},     {'"', FC_OTHER},      {0xE9, FC_LOWER},   /* é */
    {0xC7, FC_UPPER},    /* Ç */               {0x130, FC_UPPER},  /* İ */
    {0x2019, FC_APOS},   /* ’ */               {0x2010, FC_HYPHEN},
    {0x2011, FC_HYPHEN}, {0x2014, FC_OTHER},   /* — */
    {0x201C, FC_OTHER},  /* “ */               {0x4E2D, FC_LETTER}, /* 中 */
    {0x0301, FC_MARK},   /* combining acute */ {0x0663, FC_DIGIT}, /* ٣ */
    {0xA0, FC_SPACE},    /* no-break space */  {0x2029, FC_NEWLINE},
    {0x2028, FC_NEWLINE},
};

START_TEST(test_fold_class)
{
    ck_assert_msg(fold_class(class_cases[_i].cp) == class_cases[_i].want,
                  "U+%04X: got %d, want %d", (unsigned)class_cases[_i].cp,
                  fold_class(class_cases[_i].cp), class_cases[_i].want);
}
END_TEST

/* ---- fold_key ------------------------------------------------------------- */

static uint64_t
key(const char *s)
{
    return fold_key(s, strlen(s));
}

/* Pairs that must fold to the same key. */
static const char *const same_cases[][2] = {
    {"Erdo\xC4\x9F" "an", "ERDOGAN"},
    {"Erdo\xC4\x9F" "an", "erdogan"},
    {"ERDOGAN", "erdogan"},
    {"Russia\xE2\x80\x99s", "Russia's"},
    {"M\xC3\xBCller", "muller"},
    {"M\xC3\xBCller", "MULLER"},
    {"Zo\xC3\xAB", "zoe"},
    {"\xC3\x87" "a", "ca"},                       /* Ça */
    {"Gould\xE2\x80\x90" "Davies", "gould-davies"}, /* U+2010 hyphen */
    {"Gould\xE2\x80\x91" "Davies", "Gould-Davies"}, /* U+2011 */
    {"O\xCA\xBC" "Neill", "o'neill"},               /* U+02BC */
    {"Jose\xCC\x81", "jos\xC3\xA9"},                /* combining acute */
    {"NATO", "nato"},
    {"Gould-Davies", "GOULD-DAVIES"},
    {"Gould-Davies", "gould-davies"},
    {"Jos\xC3\xA9", "Jose"},
    {"Jos\xC3\xA9", "JOS\xC3\x89"},
    {"Jos&#233;", "jose"},
    /* past one, two and three eight-byte chunks of the hash */
    {"Internationalisation", "INTERNATIONALISATION"},
    {"Abcdefgh", "aBCDEFGH"},
    {"Abcdefghi", "aBCDEFGHI"},
    {"Abcdefghijklmnop", "aBCDEFGHIJKLMNOP"},
    {"Abcdefghijklmnopq", "aBCDEFGHIJKLMNOPQ"},
};

START_TEST(test_fold_key_equal)
{
    ck_assert_msg(key(same_cases[_i][0]) == key(same_cases[_i][1]),
                  "'%s' and '%s' should fold alike", same_cases[_i][0],
                  same_cases[_i][1]);
}
END_TEST

/* Pairs that must stay apart. */
static const char *const differ_cases[][2] = {
    {"China", "Chine"},
    {"Paris", "Pari"},
    {"US", "USA"},
    {"co-op", "coop"},
    {"it's", "its"},
    {"Mr", "Mr."},
    {"", "a"},
    {"abcdefgh", "abcdefghabcdefgh"},
    {"Gould-Davies", "GouldDavies"},
    {"internationalisation", "internationalisatio"},
    {"internationalisation", "internationalisatiom"},
};

START_TEST(test_fold_key_differs)
{
    ck_assert_msg(key(differ_cases[_i][0]) != key(differ_cases[_i][1]),
                  "'%s' and '%s' should fold apart", differ_cases[_i][0],
                  differ_cases[_i][1]);
}
END_TEST

START_TEST(test_fold_key_uses_only_len_bytes)
{
    /* The key of a slice is the key of the slice, not of what follows. */
    ck_assert(fold_key("Smithson", 5) == key("smith"));
    ck_assert(fold_key("Erdo\xC4\x9F" "an's", 8) == key("ERDOGAN"));
}
END_TEST

START_TEST(test_fold_key_counts_zero_bytes)
{
    /* the hash pads its last eight-byte chunk with zeros; the length it
     * mixes in still tells a word from the same word and NULs */
    ck_assert(fold_key("a\0", 2) != fold_key("a", 1));
    ck_assert(fold_key("abcdefgh\0", 9) != fold_key("abcdefgh", 8));
    ck_assert(fold_key("abcdefgh\0\0\0\0\0\0\0\0", 16) !=
              fold_key("abcdefgh", 8));
}
END_TEST

/* Bytes that fold to themselves (no capitals, no '&', ASCII). */
static void
random_folded(char *s, size_t n, unsigned *seed)
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789-'.,";

    for (size_t k = 0; k < n; k++) {
        *seed = *seed * 1103515245u + 12345u;
        s[k] = set[(*seed >> 16) % (sizeof(set) - 1)];
    }
}

/* The low n bytes of s[0..n) as a little-endian number. */
static uint64_t
chunk_of(const char *s, size_t n)
{
    uint64_t x = 0;

    for (size_t k = n; k-- > 0;)
        x = x << 8 | (unsigned char)s[k];
    return x;
}

START_TEST(test_fold_hash_any_split)
{
    /* fold_key, fold_hash_add in pieces of any size, and fold_key16 give
     * one key for the same folded bytes: the tokenizer's fast path relies
     * on it. */
    unsigned seed = 7;
    char s[40];

    for (size_t n = 0; n <= sizeof(s); n++) {
        for (int round = 0; round < 20; round++) {
            struct fold_hash h = FOLD_HASH_START;
            size_t at = 0;

            random_folded(s, n, &seed);
            while (at < n) {
                seed = seed * 1103515245u + 12345u;
                size_t piece = (seed >> 16) % 9;
                uint64_t garbage;

                if (piece > n - at)
                    piece = n - at;
                /* the bytes above the piece's are ignored */
                garbage = piece < 8 ? ~0ULL << 8 * piece : 0;
                fold_hash_add(&h, chunk_of(s + at, piece) | garbage,
                              (unsigned)piece);
                at += piece;
            }
            ck_assert_msg(fold_hash_end(&h) == fold_key(s, n),
                          "pieces and fold_key differ at %zu bytes", n);
            if (n >= 1 && n <= 16)
                ck_assert_msg(fold_key16(chunk_of(s, n < 8 ? n : 8),
                                         n > 8 ? chunk_of(s + 8, n - 8) : 0,
                                         (unsigned)n) == fold_key(s, n),
                              "fold_key16 and fold_key differ at %zu", n);
        }
    }
}
END_TEST

static Suite *
fold_suite(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("fold");

    tcase_add_loop_test(tc, test_fold_valid_prefix, 0, NELEMS(valid_cases));
    tcase_add_test(tc, test_fold_valid_prefix_finds_fault_anywhere);
    tcase_add_test(tc, test_fold_next_decodes_code_points);
    tcase_add_loop_test(tc, test_fold_class, 0, NELEMS(class_cases));
    tcase_add_loop_test(tc, test_fold_key_equal, 0, NELEMS(same_cases));
    tcase_add_loop_test(tc, test_fold_key_differs, 0, NELEMS(differ_cases));
    tcase_add_test(tc, test_fold_key_uses_only_len_bytes);
    tcase_add_test(tc, test_fold_key_counts_zero_bytes);
    tcase_add_test(tc, test_fold_hash_any_split);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(fold_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
