/* SPDX-License-Identifier: MIT */
/* test-tokenize.c - Check suite for tokenize.c: tokens, their flags, and
 * the sentence and paragraph boundaries tokenize_doc finds.
 *
 * Sentence splitting consults the model's abbreviations, so those tests
 * load the default model once for the suite. The sentences are made up.
 */
#include "tokenize.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fold.h"
#include "model.h"
#define TEST_DEFAULT_MODEL
#include "test-util.h"

/* The tokenizer once more, under other names and built for machines
 * without SSE2 (words read eight bytes at a time in a 64-bit number), so
 * that the tests check the portable path reads what the library reads. */
int portable_tokenize_next(const char *s, size_t len, size_t *pos,
                           struct token *t);
int portable_tokenize_doc(struct doc *d);
#define WS_TOKENIZE_PORTABLE
#define tokenize_next portable_tokenize_next
#define tokenize_doc portable_tokenize_doc
#include "tokenize.c"
#undef tokenize_next
#undef tokenize_doc

/* ---- tokenize_next -------------------------------------------------------- */

/* Tokenizes s and returns the tokens' texts joined by '|'. */
static void
joined(const char *s, char *out, size_t cap)
{
    size_t pos = 0, n = 0, len = strlen(s);
    struct token t;

    out[0] = '\0';
    while (tokenize_next(s, len, &pos, &t)) {
        ck_assert_uint_le(t.start, t.end);
        ck_assert_uint_le(t.end, len);
        ck_assert_uint_eq(pos, t.end);
        n += (size_t)snprintf(out + n, cap - n, "%s%.*s", n ? "|" : "",
                              (int)(t.end - t.start), s + t.start);
        ck_assert_uint_lt(n, cap);
    }
    ck_assert_uint_eq(pos, len);
}

static const struct {
    const char *in;
    const char *want;
} split_cases[] = {
    {"NATO's chief, Jens Stoltenberg, said:",
     "NATO|'s|chief|,|Jens|Stoltenberg|,|said|:"},
    {"Nigel Gould-Davies spoke", "Nigel|Gould-Davies|spoke"},
    {"Gould\xE2\x80\x91" "Davies", "Gould\xE2\x80\x91" "Davies"},
    {"the U.S. and the U.N. agreed", "the|U.S.|and|the|U.N.|agreed"},
    {"J.K. Rowling wrote", "J.K.|Rowling|wrote"},
    {"about 1,000.5 tonnes", "about|1,000.5|tonnes"},
    {"some 3,000, he said", "some|3,000|,|he|said"},
    {"a London-based anti-war group", "a|London|-|based|anti-war|group"},
    {"3,a 3.5.6 x,1 1-2", "3|,|a|3.5.6|x|,|1|1-2"},
    {"It\xE2\x80\x99s over", "It|\xE2\x80\x99s|over"},
    {"Russia\xE2\x80\x99s army", "Russia|\xE2\x80\x99s|army"},
    {"O'Neill and O\xE2\x80\x99" "Brien", "O'Neill|and|O\xE2\x80\x99" "Brien"},
    {"we don't know", "we|don't|know"},
    {"the students' union", "the|students|'|union"},
    {"He said \xE2\x80\x9Cyes\xE2\x80\x9D loudly",
     "He|said|\xE2\x80\x9C|yes|\xE2\x80\x9D|loudly"},
    {"\xC2\xAB" "Oui\xC2\xBB, dit-il", "\xC2\xAB|Oui|\xC2\xBB|,|dit-il"},
    {"wait... what", "wait|...|what"},
    {"Caf\xC3\xA9 owner Zo\xC3\xAB", "Caf\xC3\xA9|owner|Zo\xC3\xAB"},
    {"  \n\t ", ""},
    {"", ""},
    {"(AP) -- Rain", "(|AP|)|-|-|Rain"},
};

START_TEST(test_tokenize_splits)
{
    char got[512];

    joined(split_cases[_i].in, got, sizeof(got));
    ck_assert_str_eq(got, split_cases[_i].want);
}
END_TEST

/* Returns the flags of the k-th token of s. */
static uint32_t
flags_of(const char *s, int k)
{
    size_t pos = 0, len = strlen(s);
    struct token t;

    for (int i = 0; i <= k; i++)
        ck_assert_msg(tokenize_next(s, len, &pos, &t), "no token %d", k);
    return t.flags;
}

static const struct {
    const char *in;
    int tok;
    uint32_t set, clear;
} flag_cases[] = {
    {"NATO's", 0, TOK_WORD | TOK_CAP | TOK_UPPER, TOK_PUNCT | TOK_POSS},
    {"NATO's", 1, TOK_POSS | TOK_WORD, TOK_PUNCT | TOK_QUOTE},
    {"It\xE2\x80\x99s", 1, TOK_POSS, TOK_PUNCT},
    {"Jens said", 0, TOK_WORD | TOK_CAP, TOK_UPPER | TOK_LOWER},
    {"Jens said", 1, TOK_WORD | TOK_LOWER | TOK_SPACE_BEFORE, TOK_CAP},
    {"A day", 0, TOK_CAP, TOK_UPPER}, /* one letter is not an acronym */
    {"2024 polls", 0, TOK_WORD | TOK_DIGIT, TOK_CAP | TOK_LOWER},
    {"\xC3\x89lys\xC3\xA9" "e", 0, TOK_CAP, TOK_UPPER}, /* Élysée */
    {"\xE2\x80\x9C" "Go", 0, TOK_PUNCT | TOK_QUOTE, TOK_WORD},
    {"Go\xE2\x80\x9D", 1, TOK_PUNCT | TOK_QUOTE, TOK_SPACE_BEFORE},
    {"\"Go\"", 0, TOK_QUOTE, 0},
    {"say \xE2\x80\x98no\xE2\x80\x99", 1, TOK_QUOTE | TOK_SPACE_BEFORE, 0},
    {"say \xE2\x80\x98no\xE2\x80\x99", 3, TOK_QUOTE, TOK_POSS},
    {"one\ntwo", 1, TOK_PARA_START | TOK_SPACE_BEFORE, 0},
    {"one two", 1, TOK_SPACE_BEFORE, TOK_PARA_START},
    {"one,", 1, TOK_PUNCT, TOK_WORD | TOK_QUOTE | TOK_SPACE_BEFORE},
};

START_TEST(test_tokenize_flags)
{
    uint32_t f = flags_of(flag_cases[_i].in, flag_cases[_i].tok);

    ck_assert_msg((f & flag_cases[_i].set) == flag_cases[_i].set,
                  "'%s' token %d: flags 0x%x lack 0x%x", flag_cases[_i].in,
                  flag_cases[_i].tok, f, flag_cases[_i].set);
    ck_assert_msg((f & flag_cases[_i].clear) == 0,
                  "'%s' token %d: flags 0x%x have some of 0x%x",
                  flag_cases[_i].in, flag_cases[_i].tok, f,
                  flag_cases[_i].clear);
}
END_TEST

START_TEST(test_tokenize_key_is_folded_text)
{
    const char *s = "Erdo\xC4\x9F" "an met ERDOGAN\xE2\x80\x99s aide";
    size_t pos = 0, len = strlen(s);
    struct token a, b;

    ck_assert(tokenize_next(s, len, &pos, &a));
    ck_assert(tokenize_next(s, len, &pos, &b)); /* met */
    ck_assert(tokenize_next(s, len, &pos, &b)); /* ERDOGAN */
    ck_assert_uint_eq(a.key, b.key);
    ck_assert_uint_eq(a.key, fold_key("erdogan", 7));
    ck_assert_int_eq(a.gz, -1);
}
END_TEST

START_TEST(test_tokenize_stops_at_end_of_buffer)
{
    /* len cuts the text: nothing past it is read or returned */
    const char *s = "Minister Brown resigned";
    size_t pos = 0;
    struct token t;

    ck_assert(tokenize_next(s, 11, &pos, &t));
    ck_assert(tokenize_next(s, 11, &pos, &t));
    ck_assert_uint_eq(t.start, 9);
    ck_assert_uint_eq(t.end, 11);
    ck_assert(!tokenize_next(s, 11, &pos, &t));
}
END_TEST

/* Words of every length around the eight and sixteen bytes the fast path
 * reads at a time, in every case, mid-text and at its very end, and ended
 * by each mark that may or may not join them to more. */
static const char *const long_word_texts[] = {
    "a ab abc abcd abcde abcdef abcdefg abcdefgh abcdefghi abcdefghijklmnop"
    " abcdefghijklmnopq",
    "A AB ABC ABCD ABCDEFG ABCDEFGH ABCDEFGHI ABCDEFGHIJKLMNOPQRS",
    "Ab Abcdefgh Abcdefghi aBCDEFGH ABCDEFGh A1 A1B 1A2B3C4D5E 12345678 1a",
    "Abcdefgh, abcdefg. ABCDEFGHI- abcdefgh' Abcdefgh's abcdefg-hij 1,000",
    "abcdefgh\xE2\x80\x9D abcdefg\xE2\x80\x94x ABCDEFGH&amp; x.y.z",
    "end7654",
    "endsat8x",
    "ends at 9",
    "ABCDEFGHIJ",
    "abcdefghijklmno ABCDEFGHIJKLMNOP Abcdefghijklmnopq"
    " ABCDEFGHIJKLMNOPQRSTUVWXYZABCDE abcdefghijklmnopqrstuvwxyzabcdef"
    " ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFg 0123456789012345678901234567890123",
    "x, y. Z",
    "NATO'S, Russia's. it's o's's x's1 abcdefgh's 'sa 's",
    /* marks that join words, also across the sixteen bytes read at a
     * time, and those that do not */
    "Gould-Davies London-based anti-democratic ABCDEFGHIJKLMNO-PQRS"
    " abcdefghijklmn-opq 1,000,000,000,000,000.25 3,a 3.a 1.5.6 2-B",
    "don't O'Neill rock'n'roll it's's abcdefghijklmn'st x-y, a.b,c",
};

START_TEST(test_tokenize_keys_and_flags_agree)
{
    /* every key is fold_key of the token's text, and TOK_UPPER is set
     * exactly on words of two or more letters, all of them capitals */
    const char *s = long_word_texts[_i];
    size_t pos = 0, len = strlen(s);
    struct token t;

    while (tokenize_next(s, len, &pos, &t)) {
        unsigned upper = 0, lower = 0;

        ck_assert_msg(t.key == fold_key(s + t.start, t.end - t.start),
                      "'%.*s': key is not fold_key's",
                      (int)(t.end - t.start), s + t.start);
        for (uint32_t k = t.start; k < t.end; k++) {
            upper += s[k] >= 'A' && s[k] <= 'Z';
            lower += s[k] >= 'a' && s[k] <= 'z';
        }
        if (t.flags & TOK_WORD)
            ck_assert_msg(!(t.flags & TOK_UPPER) == !(upper >= 2 && !lower),
                          "'%.*s': TOK_UPPER wrong", (int)(t.end - t.start),
                          s + t.start);
    }
}
END_TEST

/* ---- tokenize_doc --------------------------------------------------------- */

START_TEST(test_tokenize_doc_tokens_are_tokenize_next_tokens)
{
    /* the stage scans straight into its array: nothing of a token may
     * differ from what tokenize_next reads, and nothing be left over */
    const char *s = long_word_texts[_i];
    size_t pos = 0, n = 0;
    struct token t;
    struct doc d;

    doc_init(&d, (const struct model *)model, s, strlen(s));
    ck_assert_int_eq(tokenize_doc(&d), 0);
    while (tokenize_next(s, strlen(s), &pos, &t)) {
        const struct token *u = &d.tok.v[n++];

        ck_assert_uint_le(n, d.tok.n);
        ck_assert_uint_eq(u->start, t.start);
        ck_assert_uint_eq(u->end, t.end);
        ck_assert(u->key == t.key);
        ck_assert_uint_eq(u->flags & ~(TOK_SENT_START | TOK_SENT_END),
                          t.flags);
        ck_assert_int_eq(u->gz, -1);
        ck_assert_int_eq(u->word, 0);
        ck_assert_int_eq(u->cls, 0);
    }
    ck_assert_uint_eq(n, d.tok.n);
    doc_free(&d);
}
END_TEST

/* Returns a made-up text of n bytes in buf: words of every length in every
 * case, digits, the marks that may join words, spaces, newlines, '&'
 * references, curly quotes and bytes of every value. */
static size_t
random_text(unsigned *seed, char *buf, size_t n)
{
    static const char *const pieces[] = {
        "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789", " ", " ", " ", "\n", ".", ",", "-", "'", "'s", "\"",
        "...", "&amp;", "&#233;", "\xE2\x80\x99", "\xE2\x80\x9C",
        "\xC3\xA9", "\xC3\x89", "\xE2\x80\x94", "(", ")", "!", "?"};
    size_t i = 0;

    while (i < n) {
        *seed = *seed * 1103515245u + 12345u;
        unsigned r = *seed >> 8;
        const char *p = pieces[r % NELEMS(pieces)];
        size_t k = strlen(p);

        if (k >= 10) { /* a run of letters or digits, 1 to 40 long */
            for (size_t z = 1 + (r >> 5) % 40; z > 0 && i < n; z--)
                buf[i++] = p[(r >> (z % 16)) % k];
        } else if (r % 53 == 0) { /* any byte at all */
            buf[i++] = (char)(r >> 12);
        } else {
            for (size_t z = 0; z < k && i < n; z++)
                buf[i++] = p[z];
        }
    }
    return n;
}

static void
assert_same_token(const struct token *a, const struct token *b)
{
    ck_assert_uint_eq(a->start, b->start);
    ck_assert_uint_eq(a->end, b->end);
    ck_assert(a->key == b->key);
    ck_assert_uint_eq(a->flags, b->flags);
    ck_assert_uint_eq(a->sent, b->sent);
    ck_assert_uint_eq(a->para, b->para);
    ck_assert_int_eq(a->gz, b->gz);
    ck_assert_int_eq(a->word, b->word);
    ck_assert_int_eq(a->cls, b->cls);
}

START_TEST(test_tokenize_portable_path_agrees)
{
    /* every field of every token and every sentence, in texts of every
     * length around the sixteen and eight bytes read at a time */
    unsigned seed = 12345u + (unsigned)_i;
    char buf[300];

    for (int round = 0; round < 400; round++) {
        size_t len = random_text(&seed, buf, (size_t)(round % 300));
        size_t pa = 0, pb = 0;
        struct token a, b;
        struct doc da, db;

        for (;;) {
            int ra = tokenize_next(buf, len, &pa, &a);

            ck_assert_int_eq(ra, portable_tokenize_next(buf, len, &pb, &b));
            if (!ra)
                break;
            ck_assert_uint_eq(pa, pb);
            assert_same_token(&a, &b);
        }
        doc_init(&da, (const struct model *)model, buf, len);
        doc_init(&db, (const struct model *)model, buf, len);
        ck_assert_int_eq(tokenize_doc(&da), 0);
        ck_assert_int_eq(portable_tokenize_doc(&db), 0);
        ck_assert_uint_eq(da.tok.n, db.tok.n);
        ck_assert_uint_eq(da.sent.n, db.sent.n);
        for (size_t k = 0; k < da.tok.n; k++)
            assert_same_token(&da.tok.v[k], &db.tok.v[k]);
        for (size_t k = 0; k < da.sent.n; k++) {
            ck_assert_uint_eq(da.sent.v[k].tok_first, db.sent.v[k].tok_first);
            ck_assert_uint_eq(da.sent.v[k].tok_end, db.sent.v[k].tok_end);
        }
        doc_free(&da);
        doc_free(&db);
    }
}
END_TEST

START_TEST(test_tokenize_portable_path_agrees_on_every_byte)
{
    /* every byte value at every place in a block of letters or digits,
     * where the block is classified by range comparisons */
    static const char *const runs[] = {
        "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789012345678901234567", "aB9zA0yZ`{@[/:abcdefghijklm",
    };

    for (size_t r = 0; r < NELEMS(runs); r++) {
        for (unsigned c = 0; c < 256; c++) {
            for (size_t at = 0; at < 20; at++) {
                char buf[32];
                size_t len = strlen(runs[r]), pa = 0, pb = 0;
                struct token a, b;

                memcpy(buf, runs[r], len);
                buf[at] = (char)c;
                for (;;) {
                    int ra = tokenize_next(buf, len, &pa, &a);

                    ck_assert_int_eq(ra,
                                     portable_tokenize_next(buf, len, &pb, &b));
                    if (!ra)
                        break;
                    ck_assert_uint_eq(pa, pb);
                    assert_same_token(&a, &b);
                }
            }
        }
    }
}
END_TEST

/* Tokenizes text and returns its sentences joined by '|' after each
 * sentence's text (first token start to last token end). */
static void
sentences(const char *text, struct doc *d, char *out, size_t cap)
{
    size_t n = 0;

    doc_init(d, (const struct model *)model, text, strlen(text));
    ck_assert_int_eq(tokenize_doc(d), 0);
    out[0] = '\0';
    for (size_t s = 0; s < d->sent.n; s++) {
        const struct sentence *se = &d->sent.v[s];

        ck_assert_uint_lt(se->tok_first, se->tok_end);
        ck_assert(d->tok.v[se->tok_first].flags & TOK_SENT_START);
        ck_assert(d->tok.v[se->tok_end - 1].flags & TOK_SENT_END);
        for (uint32_t t = se->tok_first; t < se->tok_end; t++)
            ck_assert_uint_eq(d->tok.v[t].sent, s);
        uint32_t a = d->tok.v[se->tok_first].start;
        uint32_t b = d->tok.v[se->tok_end - 1].end;
        n += (size_t)snprintf(out + n, cap - n, "%s%.*s", s ? "|" : "",
                              (int)(b - a), text + a);
        ck_assert_uint_lt(n, cap);
    }
    /* sentences cover every token, in order */
    if (d->sent.n) {
        ck_assert_uint_eq(d->sent.v[0].tok_first, 0);
        ck_assert_uint_eq(d->sent.v[d->sent.n - 1].tok_end, d->tok.n);
    }
    for (size_t s = 1; s < d->sent.n; s++)
        ck_assert_uint_eq(d->sent.v[s].tok_first, d->sent.v[s - 1].tok_end);
}

static const struct {
    const char *in;
    const char *want;
} sentence_cases[] = {
    {"Mr. Smith said it. Then he left.", "Mr. Smith said it.|Then he left."},
    {"Dr. Ana Ruiz spoke. She left.", "Dr. Ana Ruiz spoke.|She left."},
    {"J. Smith said it. Then he left.", "J. Smith said it.|Then he left."},
    {"Is it over? No, he said! Quite.", "Is it over?|No, he said!|Quite."},
    {"He paused. then went on.", "He paused. then went on."},
    {"Prices rose 3.5 per cent. Shares fell.",
     "Prices rose 3.5 per cent.|Shares fell."},
    {"He said: \xE2\x80\x9CWe won.\xE2\x80\x9D The crowd cheered.",
     "He said: \xE2\x80\x9CWe won.\xE2\x80\x9D|The crowd cheered."},
    {"Talks ended. \xE2\x80\x9CWe tried,\xE2\x80\x9D she said.",
     "Talks ended.|\xE2\x80\x9CWe tried,\xE2\x80\x9D she said."},
    {"The vote came (after midnight.) Then silence.",
     "The vote came (after midnight.)|Then silence."},
    {"Storm hits coast\nResidents were told to leave",
     "Storm hits coast|Residents were told to leave"},
    {"One line\n\nand a lower-case one", "One line|and a lower-case one"},
    {"It ended. 2025 begins.", "It ended.|2025 begins."},
    /* a capital after a mark that ends nothing starts nothing */
    {"Rain fell, Then it stopped; Later - More (Some) came: Sun.",
     "Rain fell, Then it stopped; Later - More (Some) came: Sun."},
    {"Rain fell. (Then) it stopped, \"Later\" he said.",
     "Rain fell. (Then) it stopped, \"Later\" he said."},
    {"", ""},
};

START_TEST(test_tokenize_sentences)
{
    struct doc d;
    char got[512];

    sentences(sentence_cases[_i].in, &d, got, sizeof(got));
    ck_assert_str_eq(got, sentence_cases[_i].want);
    doc_free(&d);
}
END_TEST

START_TEST(test_tokenize_newline_starts_paragraph)
{
    const char *text = "First line here.\nSecond line, same story.\r\n\r\n"
                       "third paragraph";
    struct doc d;
    char got[256];

    sentences(text, &d, got, sizeof(got));
    ck_assert_uint_eq(d.sent.n, 3);
    /* paragraph index of each sentence's first token */
    for (size_t s = 0; s < d.sent.n; s++) {
        const struct token *t = &d.tok.v[d.sent.v[s].tok_first];

        ck_assert_uint_eq(t->para, s);
        ck_assert(t->flags & TOK_SENT_START);
        if (s)
            ck_assert(t->flags & TOK_PARA_START);
    }
    /* no token but the paragraph's first carries TOK_PARA_START */
    for (size_t i = 0; i < d.tok.n; i++)
        if (i != d.sent.v[0].tok_first && i != d.sent.v[1].tok_first &&
            i != d.sent.v[2].tok_first)
            ck_assert(!(d.tok.v[i].flags & TOK_PARA_START));
    doc_free(&d);
}
END_TEST

START_TEST(test_tokenize_token_limit)
{
    struct model m = *(const struct model *)model;
    const char *text = "one two three four five six";
    struct doc d;

    m.limits[WS_LIMIT_TOKENS] = 4;
    doc_init(&d, &m, text, strlen(text));
    ck_assert_int_eq(tokenize_doc(&d), WS_LIMIT);
    ck_assert_msg(strstr(d.err, "tokens") != NULL, "err: %s", d.err);
    doc_free(&d);
}
END_TEST

static Suite *
tokenize_suite(void)
{
    Suite *s = suite_create("tokenize");
    TCase *tc = tcase_create("next");
    TCase *td = tcase_create("doc");

    tcase_add_loop_test(tc, test_tokenize_splits, 0, NELEMS(split_cases));
    tcase_add_loop_test(tc, test_tokenize_flags, 0, NELEMS(flag_cases));
    tcase_add_test(tc, test_tokenize_key_is_folded_text);
    tcase_add_test(tc, test_tokenize_stops_at_end_of_buffer);
    tcase_add_loop_test(tc, test_tokenize_keys_and_flags_agree, 0,
                        NELEMS(long_word_texts));
    suite_add_tcase(s, tc);

    tcase_add_unchecked_fixture(td, model_setup, model_teardown);
    tcase_add_loop_test(td, test_tokenize_sentences, 0,
                        NELEMS(sentence_cases));
    tcase_add_test(td, test_tokenize_newline_starts_paragraph);
    tcase_add_test(td, test_tokenize_token_limit);
    tcase_add_loop_test(td, test_tokenize_doc_tokens_are_tokenize_next_tokens,
                        0, NELEMS(long_word_texts));
    tcase_add_loop_test(td, test_tokenize_portable_path_agrees, 0, 8);
    tcase_add_test(td, test_tokenize_portable_path_agrees_on_every_byte);
    suite_add_tcase(s, td);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(tokenize_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
