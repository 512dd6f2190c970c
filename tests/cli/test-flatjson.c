/* SPDX-License-Identifier: MIT */
/* test-flatjson.c - the program's fast JSON Lines reader (flatjson.c,
 * and utf8_check in jsonscan.c).
 *
 * flat_object skips the plain bytes of strings sixteen at a time with
 * SSE2, or eight at a time in a 64-bit word without it; both must accept,
 * decline and split a line alike, so the reader is built a second time
 * here for machines without SSE2 and the two are compared on lines made
 * of every kind of byte, at every length and offset around the step
 * sizes. utf8_check's ASCII runs are compared the same way, and
 * flat_string's unescaping in place is checked against expected texts.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The reader once more, under other names and without SSE2. */
int portable_flat_object(const char *s, size_t n, struct json_member *out,
                         size_t max, size_t *count);
int portable_flat_string(const char *v, size_t n, struct buf *b);
#define WS_FLATJSON_PORTABLE
#define flat_object portable_flat_object
#define flat_string portable_flat_string
#include "flatjson.c"
#undef flat_object
#undef flat_string

size_t portable_utf8_check(const char *s, size_t n);
void portable_json_add_string(struct buf *b, const char *s, size_t n);
void portable_json_add_compact(struct buf *b, const char *s, size_t n);
void portable_json_add_pretty(struct buf *b, const char *s, size_t n);
int portable_json_next_member(const char *s, size_t n, size_t *pos,
                              struct json_member *m);
int portable_json_member_is(const struct json_member *m, const char *name);
#define WS_JSONSCAN_PORTABLE
#define utf8_check portable_utf8_check
#define json_add_string portable_json_add_string
#define json_add_compact portable_json_add_compact
#define json_add_pretty portable_json_add_pretty
#define json_next_member portable_json_next_member
#define json_member_is portable_json_member_is
#include "jsonscan.c"
#undef utf8_check
#undef json_add_string
#undef json_add_compact
#undef json_add_pretty
#undef json_next_member
#undef json_member_is

/* Bytes a string's body is made of: plain ASCII, UTF-8 lead and
 * continuation bytes, and each byte that stops a plain run. */
static const char alphabet[] = {
    'a',        'Z',        ' ',        '0',  '"',  '\\',       '\n',
    '\t',       0x01,       0x1F,       0x20, 0x7F, (char)0x80, (char)0xC3,
    (char)0xA9, (char)0xE2, (char)0xFF, '/',  'u',
};

/* xorshift: the same bytes on every run */
static uint64_t
next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Makes {"id":7,"text":"<body>"} where the body is len bytes drawn from
 * alphabet, a plain run of a few at most `special` out of 64 bytes. */
static size_t
make_line(char *line, size_t len, unsigned special, uint64_t *seed)
{
    static const char head[] = "{\"id\":7,\"text\":\"";
    size_t n = sizeof(head) - 1;

    memcpy(line, head, n);
    for (size_t i = 0; i < len; i++) {
        uint64_t r = next_rand(seed);

        if (r % 64 < special)
            line[n++] = alphabet[(r >> 8) % sizeof(alphabet)];
        else
            line[n++] = (char)('a' + (r >> 8) % 26);
    }
    memcpy(line + n, "\"}", 2);
    return n + 2;
}

static void
same_reading(const char *line, size_t n)
{
    struct json_member a[8], b[8];
    size_t na = 0, nb = 0;
    int ra = flat_object(line, n, a, 8, &na);
    int rb = portable_flat_object(line, n, b, 8, &nb);

    ck_assert_int_eq(ra, rb);
    if (!ra)
        return;
    ck_assert_uint_eq(na, nb);
    for (size_t i = 0; i < na; i++) {
        ck_assert_ptr_eq(a[i].key, b[i].key);
        ck_assert_uint_eq(a[i].key_len, b[i].key_len);
        ck_assert_ptr_eq(a[i].val, b[i].val);
        ck_assert_uint_eq(a[i].val_len, b[i].val_len);
    }
    struct buf da = {0}, db = {0};

    ck_assert_int_eq(flat_string(a[1].val, a[1].val_len, &da), 0);
    ck_assert_int_eq(portable_flat_string(b[1].val, b[1].val_len, &db), 0);
    ck_assert_uint_eq(da.len, db.len);
    ck_assert(memcmp(da.data, db.data, da.len) == 0);
    ck_assert_int_eq(da.data[da.len], '\0');
    buf_free(&da);
    buf_free(&db);
}

/* _i: how many bytes in 64 stop a plain run (0: none, 63: nearly all). */
START_TEST(test_flatjson_portable_path_agrees)
{
    static const unsigned special[] = {0, 1, 4, 16, 63};
    uint64_t seed = 0x9E3779B97F4A7C15ULL + (uint64_t)_i;
    char *line = malloc(4096);

    ck_assert_ptr_nonnull(line);
    for (size_t len = 0; len <= 80; len++)
        for (int k = 0; k < 40; k++) {
            size_t n = make_line(line, len, special[_i], &seed);

            same_reading(line, n);
            /* and the same line cut short anywhere near its end */
            for (size_t cut = 1; cut <= 20 && cut < n; cut++)
                same_reading(line, n - cut);
        }
    free(line);
}
END_TEST

/* Texts of ASCII runs of every length broken by valid and invalid UTF-8:
 * both paths must stop at the same first bad byte. */
START_TEST(test_flatjson_utf8_check_paths_agree)
{
    static const char *const seqs[] = {
        "\xc3\xa9",     "\xe2\x82\xac", "\xf0\x9f\x93\xb0", /* valid */
        "\xc3",         "\x80",         "\xe0\x80\x80",
        "\xed\xa0\x80", "\xff", /* not */
    };
    uint64_t seed = 0xD1B54A32D192ED03ULL;
    char text[128];

    for (size_t len = 0; len + 4 < sizeof(text); len++)
        for (int k = 0; k < 60; k++) {
            size_t n = 0;

            while (n < len) {
                uint64_t r = next_rand(&seed);
                const char *q = seqs[(r >> 8) % (k < 30 ? 3 : 8)];

                if (r % 24 == 0 && n + strlen(q) <= len) {
                    memcpy(text + n, q, strlen(q));
                    n += strlen(q);
                } else {
                    text[n++] = (char)(0x20 + (r >> 16) % 0x5F);
                }
            }
            ck_assert_uint_eq(utf8_check(text, n),
                              portable_utf8_check(text, n));
        }
}
END_TEST

/* Decodes the JSON string lit (quotes included) and compares. */
static void
decodes_to(const char *lit, const char *want)
{
    struct buf b = {0};

    buf_adds(&b, "kept:");
    ck_assert_int_eq(flat_string(lit, strlen(lit), &b), 0);
    ck_assert_uint_eq(b.len, 5 + strlen(want));
    ck_assert_str_eq(b.data + 5, want);
    ck_assert(memcmp(b.data, "kept:", 5) == 0);
    buf_free(&b);
}

START_TEST(test_flatjson_string_unescapes_in_place)
{
    decodes_to("\"\"", "");
    decodes_to("\"plain text, no escape at all\"",
               "plain text, no escape at all");
    decodes_to("\"a\\nb\"", "a\nb");
    decodes_to("\"\\\"quoted\\\" \\\\ \\/ \\b\\f\\r\\t\"",
               "\"quoted\" \\ / \b\f\r\t");
    decodes_to("\"caf\\u00e9 \\u20ac \\u0041\\u007f\"",
               "caf\xc3\xa9 \xe2\x82\xac A\x7f");
    decodes_to("\"\\u00e9\\u00e9\\u00e9\\u00e9\"",
               "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    decodes_to("\"\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\"",
               "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
    decodes_to("\"ends in an escape\\\\\"", "ends in an escape\\");
}
END_TEST

static Suite *
flatjson_suite(void)
{
    Suite *s = suite_create("flatjson");
    TCase *tc = tcase_create("flatjson");

    tcase_add_loop_test(tc, test_flatjson_portable_path_agrees, 0, 5);
    tcase_add_test(tc, test_flatjson_utf8_check_paths_agree);
    tcase_add_test(tc, test_flatjson_string_unescapes_in_place);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(flatjson_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
