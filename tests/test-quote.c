/* SPDX-License-Identifier: MIT */
/* test-quote.c - Check suite for quote.c, the quotation-span finder.
 *
 * Every scan goes through scan_ok(), which also checks the invariants any
 * result must keep (sorted, inside the text, trimmed, chains pointing
 * backwards) and that a second scan gives the same bytes. The sentences are
 * made up for these tests.
 */
#include "quote.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct quote_limits test_lim = {
    .max_quotes = 1000, .max_bytes = 4096, .max_depth = 3,
};

static int
is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Checks what every result must keep. It asserts once at the end, since
 * each Check assertion costs a message to the runner and a result may hold
 * 100,000 spans. */
static void
check_sane(const char *text, size_t len, const struct qspan *q, size_t n)
{
    const char *bad = NULL;
    size_t last_runs_on = 0; /* index + 1 of the last run-on piece */
    size_t i;

    ck_assert(n == 0 ? q == NULL : q != NULL);
    for (i = 0; i < n && !bad; i++) {
        int open_end = (q[i].flags & (QSPAN_RUNS_ON | QSPAN_UNCLOSED)) != 0;

        if (!(q[i].open < q[i].start && q[i].start < q[i].end &&
              q[i].end <= q[i].close && q[i].close <= len))
            bad = "offsets out of order";
        else if (is_ascii_space(text[q[i].start]) ||
                 is_ascii_space(text[q[i].end - 1]))
            bad = "not trimmed";
        else if (i > 0 && q[i - 1].start >= q[i].start)
            bad = "not sorted";
        else if (open_end ? q[i].close != q[i].end : q[i].close <= q[i].end)
            bad = "close does not match flags";
        else if (q[i].first < 0 || q[i].first > (int)i)
            bad = "first out of range";
        else if ((q[i].flags & QSPAN_CONTINUES) &&
                 (!last_runs_on || q[last_runs_on - 1].first != q[i].first))
            bad = "continuation without a run-on piece before it";
        else if (!(q[i].flags & QSPAN_CONTINUES) && q[i].first != (int)i)
            bad = "first of a lone span is not itself";
        else if ((q[i].flags & QSPAN_RUNS_ON) && q[i].depth != 0)
            bad = "a nested span runs on";
        /* Spans nested in a run-on piece may sort between it and its
         * continuation, so look back to the last run-on piece. */
        if (q[i].flags & QSPAN_RUNS_ON)
            last_runs_on = i + 1;
    }
    ck_assert_msg(!bad, "span %zu: %s", i - 1, bad);
}

/* Scans text, expects QUOTE_OK and a sane, repeatable result. */
static size_t
scan_len(const char *text, size_t len, const struct quote_limits *lim,
         struct qspan **out)
{
    struct qspan *again = NULL;
    size_t n = 99;
    size_t n2 = 99;

    *out = NULL;
    ck_assert_int_eq(quote_scan(text, len, lim, out, &n), QUOTE_OK);
    check_sane(text, len, *out, n);
    ck_assert_int_eq(quote_scan(text, len, lim, &again, &n2), QUOTE_OK);
    ck_assert_uint_eq(n, n2);
    if (n > 0)
        ck_assert_mem_eq(*out, again, n * sizeof(**out));
    free(again);
    return n;
}

static size_t
scan_ok(const char *text, struct qspan **out)
{
    return scan_len(text, strlen(text), &test_lim, out);
}

static void
assert_span(const char *text, const struct qspan *q, const char *want)
{
    size_t len = q->end - q->start;

    ck_assert_msg(len == strlen(want) &&
                      memcmp(text + q->start, want, len) == 0,
                  "span \"%.*s\", wanted \"%s\"", (int)len, text + q->start,
                  want);
}

/* A text and the spans it should give, in order. */
struct qcase {
    const char *text;
    size_t n;
    const char *span[3];
    uint8_t style;    /* of every span */
    uint8_t depth[3];
};

static void
run_case(const struct qcase *c)
{
    struct qspan *q;
    size_t n = scan_ok(c->text, &q);
    size_t i;

    ck_assert_msg(n == c->n, "%zu spans, wanted %zu in: %s", n, c->n,
                  c->text);
    for (i = 0; i < n; i++) {
        assert_span(c->text, &q[i], c->span[i]);
        ck_assert_uint_eq(q[i].style, c->style);
        ck_assert_uint_eq(q[i].depth, c->depth[i]);
        ck_assert_uint_eq(q[i].flags, 0);
    }
    free(q);
}

static const struct qcase mark_cases[] = {
    {"The mayor said \"the bridge will reopen in May\" after the vote.", 1,
     {"the bridge will reopen in May"}, QSTYLE_STRAIGHT, {0}},
    {"“We are not leaving,” the union leader told reporters on Monday.", 1,
     {"We are not leaving,"}, QSTYLE_CURLY, {0}},
    {"„Wir bleiben hier“, sagte der Sprecher am Abend.", 1,
     {"Wir bleiben hier"}, QSTYLE_CURLY, {0}},
    {"«\xc2\xa0Nous resterons ici\xc2\xa0», a déclaré la maire.", 1,
     {"Nous resterons ici"}, QSTYLE_GUILLEMET, {0}},
    {"Le slogan ‹ non merci › circulait en ville.", 1, {"non merci"},
     QSTYLE_GUILLEMET, {0}},
    {"‘The council has failed us,’ a resident said.", 1,
     {"The council has failed us,"}, QSTYLE_SINGLE, {0}},
    {"'We will appeal,' the club said in a statement.", 1,
     {"We will appeal,"}, QSTYLE_SINGLE, {0}},
    {"Er nannte den Plan ‚absurd‘ und ging.", 1, {"absurd"}, QSTYLE_SINGLE,
     {0}},
    {"\"Not today,\" she said. \"Maybe tomorrow.\"", 2,
     {"Not today,", "Maybe tomorrow."}, QSTYLE_STRAIGHT, {0, 0}},
    {"\"Yes,\" he said.\"No,\" she replied.", 2, {"Yes,", "No,"},
     QSTYLE_STRAIGHT, {0, 0}},
    {"The report (“a disgrace”) was shelved.", 1, {"a disgrace"},
     QSTYLE_CURLY, {0}},
    {"The rollout was—\"frankly\"—a mess.", 1, {"frankly"}, QSTYLE_STRAIGHT,
     {0}},
    {"“Hello!“ the fan shouted, typing the wrong mark.", 1, {"Hello!"},
     QSTYLE_CURLY, {0}},
};

START_TEST(test_quote_finds_each_mark)
{
    run_case(&mark_cases[_i]);
}
END_TEST

static const struct qcase apostrophe_cases[] = {
    {"‘It’s Russia’s move now,’ the envoy said.", 1,
     {"It’s Russia’s move now,"}, QSTYLE_SINGLE, {0}},
    {"‘The students’ union will strike,’ its president warned.", 1,
     {"The students’ union will strike,"}, QSTYLE_SINGLE, {0}},
    {"‘We grew up on rock ’n’ roll,’ the singer said.", 1,
     {"We grew up on rock ’n’ roll,"}, QSTYLE_SINGLE, {0}},
    {"‘The ’90s were a different era,’ she said.", 1,
     {"The ’90s were a different era,"}, QSTYLE_SINGLE, {0}},
    {"‘Back in the ‘90s we had nothing,’ he said.", 1,
     {"Back in the ‘90s we had nothing,"}, QSTYLE_SINGLE, {0}},
    {"'I don't think it's over,' O'Neill said at nine o'clock.", 1,
     {"I don't think it's over,"}, QSTYLE_SINGLE, {0}},
    {"'We love rock 'n' roll,' the band said.", 1,
     {"We love rock 'n' roll,"}, QSTYLE_SINGLE, {0}},
    {"'The class of '98 still meets,' she said.", 1,
     {"The class of '98 still meets,"}, QSTYLE_SINGLE, {0}},
    /* Only a plural-possessive-looking closer: it is the closer. */
    {"‘We owe it all to the players’ she said.", 1,
     {"We owe it all to the players"}, QSTYLE_SINGLE, {0}},
    {"‘We thank the students’ he said, ‘and their teachers.’", 2,
     {"We thank the students", "and their teachers."}, QSTYLE_SINGLE,
     {0, 0}},
    {"Russia’s envoy said it’s the students’ turn, as in the ’90s.", 0,
     {NULL}, QSTYLE_SINGLE, {0}},
    {"The players' wages rose in the '90s, O'Neill's report said.", 0,
     {NULL}, QSTYLE_SINGLE, {0}},
};

START_TEST(test_quote_tells_apostrophes)
{
    run_case(&apostrophe_cases[_i]);
}
END_TEST

struct nest_case {
    const char *text;
    const char *outer;
    const char *inner;
    uint8_t outer_style;
    uint8_t inner_style;
};

static const struct nest_case nest_cases[] = {
    {"“The sign said ‘closed for repairs’ all week,” a shopper said.",
     "The sign said ‘closed for repairs’ all week,", "closed for repairs",
     QSTYLE_CURLY, QSTYLE_SINGLE},
    {"\"They told me 'wait your turn' again,\" he said.",
     "They told me 'wait your turn' again,", "wait your turn",
     QSTYLE_STRAIGHT, QSTYLE_SINGLE},
    {"‘He shouted “fire” and ran,’ she said.", "He shouted “fire” and ran,",
     "fire", QSTYLE_SINGLE, QSTYLE_CURLY},
    {"« Il a dit ‹ jamais › hier », selon elle.", "Il a dit ‹ jamais › hier",
     "jamais", QSTYLE_GUILLEMET, QSTYLE_GUILLEMET},
    {"“It’s the ‘people’s budget’, they say,” he said.",
     "It’s the ‘people’s budget’, they say,", "people’s budget",
     QSTYLE_CURLY, QSTYLE_SINGLE},
};

START_TEST(test_quote_nests_single_in_double)
{
    const struct nest_case *c = &nest_cases[_i];
    struct qspan *q;

    ck_assert_uint_eq(scan_ok(c->text, &q), 2);
    assert_span(c->text, &q[0], c->outer);
    assert_span(c->text, &q[1], c->inner);
    ck_assert_uint_eq(q[0].depth, 0);
    ck_assert_uint_eq(q[1].depth, 1);
    ck_assert_uint_eq(q[0].style, c->outer_style);
    ck_assert_uint_eq(q[1].style, c->inner_style);
    free(q);
}
END_TEST

START_TEST(test_quote_flattens_past_max_depth)
{
    const char *text = "“The sign said ‘closed’ all week,” he said.";
    struct quote_limits lim = test_lim;
    struct qspan *q;

    lim.max_depth = 0;
    ck_assert_uint_eq(scan_len(text, strlen(text), &lim, &q), 1);
    assert_span(text, &q[0], "The sign said ‘closed’ all week,");
    free(q);
}
END_TEST

/* Marks and the paragraph break between the pieces of a run-on quote. */
struct runon_case {
    const char *open;
    const char *close;
    const char *sep;
    uint8_t style;
};

static const struct runon_case runon_cases[] = {
    {"“", "”", "\n\n", QSTYLE_CURLY},
    {"“", "”", "\r\n\r\n", QSTYLE_CURLY},
    {"“", "”", "\n", QSTYLE_CURLY},
    {"“", "”", "\n \t\n", QSTYLE_CURLY},
    {"\"", "\"", "\n\n", QSTYLE_STRAIGHT},
    {"‘", "’", "\n\n", QSTYLE_SINGLE},
    {"«", "»", "\r\n", QSTYLE_GUILLEMET},
};

START_TEST(test_quote_runs_on_over_paragraphs)
{
    const struct runon_case *c = &runon_cases[_i];
    char text[512];
    struct qspan *q;
    size_t i;

    snprintf(text, sizeof(text),
             "%sGood morning,%s the minister said.%s"
             "%sThe first point is the budget.%s"
             "%sThe second point is the timetable.%s"
             "%sThe third point is trust,%s she told the chamber.%s"
             "Officials nodded.",
             c->open, c->close, c->sep, c->open, c->sep, c->open, c->sep,
             c->open, c->close, c->sep);
    ck_assert_uint_eq(scan_ok(text, &q), 4);
    assert_span(text, &q[0], "Good morning,");
    assert_span(text, &q[1], "The first point is the budget.");
    assert_span(text, &q[2], "The second point is the timetable.");
    assert_span(text, &q[3], "The third point is trust,");
    ck_assert_uint_eq(q[0].flags, 0);
    ck_assert_uint_eq(q[1].flags, QSPAN_RUNS_ON);
    ck_assert_uint_eq(q[2].flags, QSPAN_CONTINUES | QSPAN_RUNS_ON);
    ck_assert_uint_eq(q[3].flags, QSPAN_CONTINUES);
    ck_assert_int_eq(q[0].first, 0);
    for (i = 1; i < 4; i++) {
        ck_assert_int_eq(q[i].first, 1);
        ck_assert_uint_eq(q[i].style, c->style);
        ck_assert_uint_eq(q[i].depth, 0);
    }
    ck_assert_uint_eq(q[3].close, q[3].end + strlen(c->close));
    free(q);
}
END_TEST

START_TEST(test_quote_crlf_paragraphs)
{
    const char *text = "“We start today.  \r\n\r\n"
                       "“And we finish on Friday,” the foreman said.\r\n";
    struct qspan *q;

    ck_assert_uint_eq(scan_ok(text, &q), 2);
    assert_span(text, &q[0], "We start today.");
    ck_assert_uint_eq(q[0].flags, QSPAN_RUNS_ON);
    ck_assert_uint_eq(q[0].end, strlen("“We start today."));
    assert_span(text, &q[1], "And we finish on Friday,");
    ck_assert_uint_eq(q[1].flags, QSPAN_CONTINUES);
    ck_assert_int_eq(q[1].first, 0);
    free(q);
}
END_TEST

START_TEST(test_quote_run_on_needs_same_family)
{
    const char *text = "“The first part ends here.\n\n"
                       "‘Different,’ a critic said.";
    struct qspan *q;

    ck_assert_uint_eq(scan_ok(text, &q), 2);
    ck_assert_uint_eq(q[0].flags, QSPAN_UNCLOSED);
    ck_assert_uint_eq(q[1].flags, 0);
    free(q);
}
END_TEST

START_TEST(test_quote_empty_continuation_ends_chain)
{
    const char *text = "“Part one of the statement.\n\n“” was all he added.";
    struct qspan *q;

    ck_assert_uint_eq(scan_ok(text, &q), 1);
    assert_span(text, &q[0], "Part one of the statement.");
    ck_assert_uint_eq(q[0].flags, QSPAN_UNCLOSED);
    free(q);
}
END_TEST

struct stray_case {
    const char *open;
    const char *close;
    const char *sep;
};

static const struct stray_case stray_open_cases[] = {
    {"“", "”", "\n\n"},
    {"“", "”", "\r\n\r\n"},
    {"“", "”", "\n"},
    {"\"", "\"", "\n\n"},
    {"‘", "’", "\n\n"},
    {"«", "»", "\n\n"},
};

START_TEST(test_quote_stray_open_does_not_swallow)
{
    const struct stray_case *c = &stray_open_cases[_i];
    char text[512];
    struct qspan *q;

    snprintf(text, sizeof(text),
             "%sWe will not resign, the minister said at dawn.%s"
             "Officials later confirmed the resignation.%s"
             "%sIt was time,%s an aide said.",
             c->open, c->sep, c->sep, c->open, c->close);
    ck_assert_uint_eq(scan_ok(text, &q), 2);
    assert_span(text, &q[0], "We will not resign, the minister said at dawn.");
    ck_assert_uint_eq(q[0].flags, QSPAN_UNCLOSED);
    assert_span(text, &q[1], "It was time,");
    ck_assert_uint_eq(q[1].flags, 0);
    free(q);
}
END_TEST

START_TEST(test_quote_stray_open_in_paragraph)
{
    const char *text = "“We will not resign, he said. Later “it was time,” "
                       "an aide said.";
    struct qspan *q;

    ck_assert_uint_eq(scan_ok(text, &q), 2);
    assert_span(text, &q[0], "We will not resign, he said. Later");
    ck_assert_uint_eq(q[0].flags, QSPAN_UNCLOSED);
    assert_span(text, &q[1], "it was time,");
    ck_assert_uint_eq(q[1].flags, 0);
    free(q);
}
END_TEST

static const struct qcase stray_close_cases[] = {
    {"The vote was close.” Reporters waited. “It passed,” she said.", 1,
     {"It passed,"}, QSTYLE_CURLY, {0}},
    {"Nobody spoke» until the end. «Enfin», dit-il.", 1, {"Enfin"},
     QSTYLE_GUILLEMET, {0}},
    {"The students’ union met. ‘We won,’ they said.", 1, {"We won,"},
     QSTYLE_SINGLE, {0}},
    {"The 55\" screen was \"too big,\" she said.", 1, {"too big,"},
     QSTYLE_STRAIGHT, {0}},
};

START_TEST(test_quote_stray_close_ignored)
{
    run_case(&stray_close_cases[_i]);
}
END_TEST

START_TEST(test_quote_odd_straight_count)
{
    static const char *const texts[] = {
        "He said \"we will win. Later \"the team played well,\" the coach "
        "added, and \"nobody\" disagreed.",
        "\"Unfinished business, she said, and then \"the team played "
        "well,\" he added, and \"nobody\" disagreed.",
        "A lone \" sat there, then \"the team played well,\" he added, "
        "and \"nobody\" disagreed.",
    };
    static const size_t want_n[] = {3, 3, 2};
    const char *text = texts[_i];
    struct qspan *q;
    size_t n = scan_ok(text, &q);

    ck_assert_uint_eq(n, want_n[_i]);
    if (n == 3)
        ck_assert_uint_eq(q[0].flags, QSPAN_UNCLOSED);
    assert_span(text, &q[n - 2], "the team played well,");
    assert_span(text, &q[n - 1], "nobody");
    ck_assert_uint_eq(q[n - 2].flags, 0);
    ck_assert_uint_eq(q[n - 1].flags, 0);
    free(q);
}
END_TEST

START_TEST(test_quote_empty_quotes_skipped)
{
    static const char *const texts[] = {
        "He replied “” and “ ” and then “yes” to both.",
        "He replied \"\" and then \"yes\" to both.",
        "He replied ‘’ and « » and then ‘yes’ to both.",
    };
    struct qspan *q;

    ck_assert_uint_eq(scan_ok(texts[_i], &q), 1);
    assert_span(texts[_i], &q[0], "yes");
    free(q);
}
END_TEST

/* The scan steps over plain text in blocks; a mark or a line break must be
 * found wherever it falls, including a multibyte mark across two blocks.
 * _i is the length of plain text before the marks. */
START_TEST(test_quote_finds_marks_at_any_offset)
{
    static const char *const want[] = {
        "one", "two", "three", "four", "five", "six",
    };
    static const char tail[] = " “one” \"two\" «three» ‘four’\n'five' „six“";
    char text[128];
    struct qspan *q;
    size_t i;

    memset(text, 'a', (size_t)_i);
    memcpy(text + _i, tail, sizeof(tail));
    ck_assert_uint_eq(scan_ok(text, &q), NELEMS(want));
    for (i = 0; i < NELEMS(want); i++) {
        assert_span(text, &q[i], want[i]);
        ck_assert_uint_eq(q[i].flags, 0);
    }
    free(q);
}
END_TEST

START_TEST(test_quote_no_quotes)
{
    struct qspan *q = (struct qspan *)&q;
    size_t n = 7;

    ck_assert_int_eq(quote_scan("", 0, &test_lim, &q, &n), QUOTE_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(q);
    ck_assert_uint_eq(scan_ok("The council met on Tuesday.\n\n", &q), 0);
    /* No limits given: the defaults apply. */
    ck_assert_int_eq(quote_scan("“Fine,” he said.", strlen("“Fine,” he said."),
                                NULL, &q, &n),
                     QUOTE_OK);
    ck_assert_uint_eq(n, 1);
    free(q);
}
END_TEST

START_TEST(test_quote_limit_exceeded)
{
    const char *text = "“One,” “two,” and “three,” the crowd counted.";
    struct quote_limits lim = test_lim;
    struct qspan *q = (struct qspan *)&lim;
    size_t n = 42;

    lim.max_quotes = 2;
    ck_assert_int_eq(quote_scan(text, strlen(text), &lim, &q, &n),
                     QUOTE_ELIMIT);
    ck_assert_ptr_eq(q, (struct qspan *)&lim);
    ck_assert_uint_eq(n, 42);
    lim.max_quotes = 3;
    ck_assert_uint_eq(scan_len(text, strlen(text), &lim, &q), 3);
    free(q);
}
END_TEST

START_TEST(test_quote_long_quote_dropped)
{
    struct quote_limits lim = test_lim;
    char text[1024];
    struct qspan *q;
    size_t n;

    lim.max_bytes = 60;
    /* A closed quotation longer than max_bytes is not paired. */
    snprintf(text, sizeof(text),
             "“This statement goes on and on and on and on and on and on "
             "and on,” he said. “Short,” she said.");
    n = scan_len(text, strlen(text), &lim, &q);
    ck_assert_uint_eq(n, 1);
    assert_span(text, &q[0], "Short,");
    free(q);
    /* A paragraph whose breaks were lost: the stray opener is dropped. */
    snprintf(text, sizeof(text),
             "“No end in sight. The hearing went on for hours and hours, "
             "and the panel took no questions from the floor at all.");
    ck_assert_uint_eq(scan_len(text, strlen(text), &lim, &q), 0);
}
END_TEST

/* A unit repeated 100,000 times: quadratic work would time out. */
static const char *const many_units[] = {
    "\"", "“", "”", "‘", "’", "'", "«", "»", "“a” ", "“‘", "\"a ", "'a ",
    "‘x’ ", "“a\n", "“a\n\n", "\"a\" \"", "“‘«‹", "a’s ",
};

START_TEST(test_quote_many_marks_linear)
{
    const char *unit = many_units[_i];
    size_t ul = strlen(unit);
    size_t count = 100000;
    size_t len = ul * count;
    struct quote_limits lim = {
        .max_quotes = 200000, .max_bytes = 1 << 20, .max_depth = 8,
    };
    char *text = malloc(len + 1);
    struct qspan *q = NULL;
    size_t n = 0;
    size_t i;

    ck_assert_ptr_nonnull(text);
    for (i = 0; i < count; i++)
        memcpy(text + i * ul, unit, ul);
    text[len] = '\0';
    ck_assert_int_eq(quote_scan(text, len, &lim, &q, &n), QUOTE_OK);
    check_sane(text, len, q, n);
    ck_assert_uint_le(n, count);
    free(q);
    free(text);
}
END_TEST

/* One quotation holding 100,000 nested ones: it closes last, so it is
 * sorted in front of all of them, and that must stay linear too. */
START_TEST(test_quote_many_nested_sorted)
{
    static const char inner[] = "‘a’ ";
    size_t count = 100000;
    size_t il = strlen(inner);
    size_t len = strlen("“") + il * count + strlen("”");
    struct quote_limits lim = {
        .max_quotes = 200000,
        .max_bytes = 1 << 22,
        .max_depth = 8,
    };
    char *text = malloc(len + 1);
    struct qspan *q = NULL;
    size_t n = 0;
    size_t i;

    ck_assert_ptr_nonnull(text);
    strcpy(text, "“");
    for (i = 0; i < count; i++)
        memcpy(text + strlen("“") + i * il, inner, il);
    strcpy(text + len - strlen("”"), "”");
    ck_assert_int_eq(quote_scan(text, len, &lim, &q, &n), QUOTE_OK);
    check_sane(text, len, q, n);
    ck_assert_uint_eq(n, count + 1);
    ck_assert_uint_eq(q[0].depth, 0);
    ck_assert_uint_eq(q[0].open, 0);
    ck_assert_uint_eq(q[count].depth, 1);
    free(q);
    free(text);
}
END_TEST

/* Random texts made of marks, letters, spaces and breaks must keep every
 * invariant, under every limit. A fixed seed keeps the test repeatable. */
START_TEST(test_quote_random_text_keeps_invariants)
{
    static const char *const bits[] = {
        "“", "”", "‘", "’", "\"", "'", "«", "»", "‹", "›", "„", "‚", "a",
        "s", "n", "9", " ", " ", "\n", "\r\n", "\n\n", ".", ",", "(", "—",
        "\xc2\xa0", "word ",
    };
    struct quote_limits lim = {
        .max_quotes = 1000, .max_bytes = 40, .max_depth = 1,
    };
    uint32_t seed = 12345u;
    char text[1024];
    struct qspan *q;
    size_t len;
    size_t n;
    size_t i;
    int round;
    int k;

    for (round = 0; round < 3000; round++) {
        lim.max_bytes = round % 3 ? 40 : 4096;
        lim.max_depth = (unsigned)(round % 4);
        len = 0;
        for (k = 0; k < 120; k++) {
            const char *b;

            seed = seed * 1103515245u + 12345u;
            b = bits[(seed >> 16) % NELEMS(bits)];
            memcpy(text + len, b, strlen(b));
            len += strlen(b);
        }
        text[len] = '\0';
        n = scan_len(text, len, &lim, &q);
        for (i = 0; i < n; i++)
            ck_assert_uint_le(q[i].depth, lim.max_depth);
        free(q);
    }
}
END_TEST

static Suite *
quote_suite(void)
{
    Suite *s = suite_create("quote");
    TCase *tc = tcase_create("core");
    TCase *slow = tcase_create("many");

    tcase_add_loop_test(tc, test_quote_finds_each_mark, 0,
                        NELEMS(mark_cases));
    tcase_add_loop_test(tc, test_quote_tells_apostrophes, 0,
                        NELEMS(apostrophe_cases));
    tcase_add_loop_test(tc, test_quote_nests_single_in_double, 0,
                        NELEMS(nest_cases));
    tcase_add_test(tc, test_quote_flattens_past_max_depth);
    tcase_add_loop_test(tc, test_quote_runs_on_over_paragraphs, 0,
                        NELEMS(runon_cases));
    tcase_add_test(tc, test_quote_crlf_paragraphs);
    tcase_add_test(tc, test_quote_run_on_needs_same_family);
    tcase_add_test(tc, test_quote_empty_continuation_ends_chain);
    tcase_add_loop_test(tc, test_quote_stray_open_does_not_swallow, 0,
                        NELEMS(stray_open_cases));
    tcase_add_test(tc, test_quote_stray_open_in_paragraph);
    tcase_add_loop_test(tc, test_quote_stray_close_ignored, 0,
                        NELEMS(stray_close_cases));
    tcase_add_loop_test(tc, test_quote_odd_straight_count, 0, 3);
    tcase_add_loop_test(tc, test_quote_empty_quotes_skipped, 0, 3);
    tcase_add_loop_test(tc, test_quote_finds_marks_at_any_offset, 0, 48);
    tcase_add_test(tc, test_quote_no_quotes);
    tcase_add_test(tc, test_quote_limit_exceeded);
    tcase_add_test(tc, test_quote_long_quote_dropped);
    tcase_add_test(tc, test_quote_random_text_keeps_invariants);
    suite_add_tcase(s, tc);

    /* Generous: sanitizers and valgrind are slow, quadratic is slower. */
    tcase_set_timeout(slow, 60);
    tcase_add_loop_test(slow, test_quote_many_marks_linear, 0,
                        NELEMS(many_units));
    tcase_add_test(slow, test_quote_many_nested_sorted);
    suite_add_tcase(s, slow);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(quote_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
