/* SPDX-License-Identifier: MIT */
/* tokenize.c - words, punctuation, sentences and paragraphs.
 *
 * Stage 1 of the pipeline. Reads doc->text, appends doc->tok (one token a
 * word or punctuation mark, with byte offsets, a folded key and shape
 * flags) and doc->sent. A newline always starts a paragraph: news dumps
 * mark paragraphs with blank lines, headlines with single ones, and neither
 * ever continues a sentence across it. The possessive 's is split off its
 * word so that "NATO's" matches the entry "NATO".
 */
#include "tokenize.h"

#include <stdint.h>
#include <string.h>

#include "fold.h"
#include "model.h"
#include "whosaid.h"

static inline int
is_alnum_class(enum fold_class c)
{
    return c == FC_UPPER || c == FC_LOWER || c == FC_LETTER ||
           c == FC_DIGIT || c == FC_MARK;
}

static inline enum fold_class
class_at(const char *s, size_t len, size_t i, int32_t *cp_out, size_t *next)
{
    size_t j = i;
    int32_t cp;

    if (i >= len) {
        *next = i;
        if (cp_out)
            *cp_out = 0;
        return FC_SPACE;
    }
    if (s[i] == '&') {
        size_t ref = fold_charref(s + i, len - i, &cp);

        if (ref) {
            *next = i + ref;
            if (cp_out)
                *cp_out = cp;
            return fold_class(cp);
        }
    }
    if ((unsigned char)s[i] < 0x80) {
        *next = i + 1;
        if (cp_out)
            *cp_out = (unsigned char)s[i];
        return s[i] ? fold_ascii_class((unsigned char)s[i]) : FC_SPACE;
    }
    cp = fold_next(s, len, &j);
    *next = j;
    if (cp_out)
        *cp_out = cp;
    return fold_class(cp);
}

static int
is_quote_cp(int32_t cp)
{
    switch (cp) {
    case '"':
    case '\'':
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
        return 1;
    default:
        return 0;
    }
}

/* Reads a word starting at i; returns its end. Hyphens and apostrophes
 * between letters stay inside ("Gould-Davies", "O'Neill", "don't"), as do
 * dots and commas between digits ("1,000.5") and dotted initials ("U.S."). */
static size_t
scan_word(const char *s, size_t len, size_t i)
{
    size_t next;
    enum fold_class c = class_at(s, len, i, NULL, &next);
    int digits = c == FC_DIGIT, capital = c == FC_UPPER;

    i = next;
    for (;;) {
        c = class_at(s, len, i, NULL, &next);
        if (is_alnum_class(c)) {
            i = next;
            continue;
        }
        if (i >= len)
            break;
        size_t after;
        enum fold_class c2 = class_at(s, len, next, NULL, &after);

        /* "Microsoft-partnered", "London-based": a name and a suffix, two
         * tokens; "Gould-Davies" and "anti-democratic" stay one */
        if (c == FC_HYPHEN && capital && c2 == FC_LOWER)
            break;
        if ((c == FC_HYPHEN || c == FC_APOS) && is_alnum_class(c2)) {
            /* "Russia's", "students's": leave 's to be its own token */
            if (c == FC_APOS && (s[next] == 's' || s[next] == 'S')) {
                size_t a2;
                enum fold_class c3 = class_at(s, len, after, NULL, &a2);

                if (!is_alnum_class(c3))
                    break;
            }
            i = next;
            continue;
        }
        if (digits && (s[i] == ',' || s[i] == '.') && c2 == FC_DIGIT) {
            i = next;
            continue;
        }
        /* web addresses: "Computerandvideogames.com", "bbc.co.uk" */
        if (s[i] == '.' && !digits && (c2 == FC_LOWER) && i > 0) {
            size_t k = next;

            while (k < len && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '.'))
                k++;
            if (k - next <= 4 || memchr(s + next, '.', k - next)) {
                i = next;
                continue;
            }
        }
        /* dotted initials: U.S. U.N. */
        if (s[i] == '.' && (c2 == FC_UPPER) && i >= 1) {
            size_t a2;
            class_at(s, len, after, NULL, &a2);
            if (after < len && s[after] == '.') {
                i = after + 1;
                continue;
            }
        }
        break;
    }
    return i;
}

static void
word_flags(const char *s, size_t start, size_t end, struct token *t)
{
    size_t i = start, next;
    int letters = 0, upper = 0;
    enum fold_class first = class_at(s, end, i, NULL, &next);

    if (first == FC_UPPER)
        t->flags |= TOK_CAP;
    else if (first == FC_LOWER)
        t->flags |= TOK_LOWER;
    else if (first == FC_DIGIT)
        t->flags |= TOK_DIGIT;
    while (i < end) {
        enum fold_class c = class_at(s, end, i, NULL, &next);

        if (c == FC_UPPER || c == FC_LOWER || c == FC_LETTER)
            letters++;
        if (c == FC_UPPER)
            upper++;
        i = next;
    }
    if (letters >= 2 && upper == letters)
        t->flags |= TOK_UPPER;
}

/* The fast path for the commonest token: ASCII letters and digits ended by
 * a plain separator. Sets t's end, flags and key in one pass and returns
 * 1; returns 0 (t untouched) when the general path must decide. */
static int
ascii_word(const char *s, size_t len, size_t i, struct token *t)
{
    uint64_t h = FOLD_HASH_INIT;
    size_t j = i;
    unsigned letters = 0, upper = 0;
    unsigned char c = (unsigned char)s[i];

    for (; j < len; j++) {
        c = (unsigned char)s[j];
        if (c >= 'a' && c <= 'z') {
            letters++;
        } else if (c >= 'A' && c <= 'Z') {
            letters++;
            upper++;
            c = (unsigned char)(c + 32);
        } else if (!(c >= '0' && c <= '9')) {
            break;
        }
        h = fold_hash_byte(h, c);
    }
    if (j < len) {
        c = (unsigned char)s[j];
        if (c >= 0x80 || c == '-' || c == '\'' || c == '.' || c == ',' ||
            c == '&' || c == 0)
            return 0;
    }
    c = (unsigned char)s[i];
    t->end = (uint32_t)j;
    t->flags |= TOK_WORD;
    if (c >= 'A' && c <= 'Z')
        t->flags |= TOK_CAP;
    else if (c >= 'a' && c <= 'z')
        t->flags |= TOK_LOWER;
    else
        t->flags |= TOK_DIGIT;
    if (letters >= 2 && upper == letters)
        t->flags |= TOK_UPPER;
    t->key = h;
    return 1;
}

int
tokenize_next(const char *s, size_t len, size_t *pos, struct token *t)
{
    size_t i = *pos, next;
    uint32_t flags = 0;
    int32_t cp;
    enum fold_class c;

    for (;;) {
        if (i >= len) {
            *pos = i;
            return 0;
        }
        c = class_at(s, len, i, &cp, &next);
        if (c == FC_SPACE || cp == 0) {
            flags |= TOK_SPACE_BEFORE;
            i = next;
        } else if (c == FC_NEWLINE) {
            flags |= TOK_SPACE_BEFORE | TOK_PARA_START;
            i = next;
        } else {
            break;
        }
    }
    memset(t, 0, sizeof(*t));
    t->start = (uint32_t)i;
    t->flags = flags;
    t->gz = -1;
    if ((unsigned char)s[i] < 0x80 && is_alnum_class(c) &&
        ascii_word(s, len, i, t)) {
        *pos = t->end;
        return 1;
    }
    if (is_alnum_class(c) && c != FC_MARK) {
        t->end = (uint32_t)scan_word(s, len, i);
        t->flags |= TOK_WORD;
        word_flags(s, t->start, t->end, t);
    } else if (c == FC_APOS && next < len && (s[next] == 's' || s[next] == 'S')
               && !(flags & TOK_SPACE_BEFORE)) {
        size_t after;
        enum fold_class c3 = class_at(s, len, next + 1, NULL, &after);

        if (!is_alnum_class(c3)) {
            t->end = (uint32_t)(next + 1);
            t->flags |= TOK_POSS | TOK_WORD;
        } else {
            t->end = (uint32_t)next;
            t->flags |= TOK_PUNCT | TOK_QUOTE;
        }
    } else if (cp == '.' && next + 1 < len && s[next] == '.' &&
               s[next + 1] == '.') {
        t->end = (uint32_t)(next + 2);
        t->flags |= TOK_PUNCT;
    } else {
        t->end = (uint32_t)next;
        t->flags |= TOK_PUNCT;
        if (is_quote_cp(cp))
            t->flags |= TOK_QUOTE;
    }
    t->key = fold_key(s + t->start, t->end - t->start);
    *pos = t->end;
    return 1;
}

static int
is_sentence_end(const struct doc *d, size_t i)
{
    const struct token *t = &d->tok.v[i];
    const char *p = d->text + t->start;
    size_t n = t->end - t->start;

    if (!(t->flags & TOK_PUNCT))
        return 0;
    if (n == 1 && (*p == '!' || *p == '?'))
        return 1;
    if (n == 3 && memcmp(p, "\xE2\x80\xA6", 3) == 0)
        return 1;
    if (!(n == 1 && *p == '.') && !(n == 3 && *p == '.'))
        return 0;
    if (i == 0)
        return 1;
    /* "Mr." "Dr." "Jan." and single initials do not end a sentence */
    const struct token *w = &d->tok.v[i - 1];

    if ((w->flags & TOK_WORD) && !(t->flags & TOK_SPACE_BEFORE)) {
        if (w->end - w->start == 1 && (w->flags & TOK_CAP))
            return 0;
        if (model_is_abbrev(d->model, w->key))
            return 0;
    }
    return 1;
}

/* Splits tokens into sentences: a paragraph start always begins one; so
 * does the token after sentence-final punctuation (and any closing quotes
 * or brackets right after it) when it starts with a capital, a digit or a
 * quotation mark. */
/* Returns 1 for a quotation mark or a ')': what may stand between a
 * sentence's last word and the next sentence. */
static int
is_closer(const struct doc *d, size_t i)
{
    const struct token *t = &d->tok.v[i];

    return (t->flags & TOK_QUOTE) ||
           (t->end - t->start == 1 && d->text[t->start] == ')');
}

static int
split_sentences(struct doc *d, size_t limit)
{
    size_t n = d->tok.n, first = 0;
    size_t plain = SIZE_MAX; /* the last token so far that is no closer */
    uint32_t para = 0;

    for (size_t i = 0; i < n; i++) {
        struct token *t = &d->tok.v[i];
        int start = i == 0 || (t->flags & TOK_PARA_START);

        if (t->flags & TOK_PARA_START && i > 0)
            para++;
        if (!start && i > 0 && is_sentence_end(d, i - 1) == 0) {
            /* look back over closing marks to a sentence end: the last
             * token that is none, kept as we go, not searched for, so
             * that a run of 100,000 marks stays linear */
            size_t j = plain != SIZE_MAX && plain > first ? plain : first;

            if (j < i - 1 && is_sentence_end(d, j) &&
                (t->flags & (TOK_CAP | TOK_DIGIT | TOK_QUOTE)))
                start = 1;
        } else if (!start && i > 0 &&
                   (t->flags & (TOK_CAP | TOK_DIGIT | TOK_QUOTE)) &&
                   (t->flags & TOK_SPACE_BEFORE)) {
            start = 1;
        }
        if (start && i > first) {
            int rc = DOC_PUSH(d, &d->sent, limit, "sentences");

            if (rc)
                return rc;
            d->sent.v[d->sent.n++] =
                (struct sentence){(uint32_t)first, (uint32_t)i};
            d->tok.v[i - 1].flags |= TOK_SENT_END;
            first = i;
        }
        if (start)
            t->flags |= TOK_SENT_START;
        t->sent = (uint32_t)d->sent.n;
        t->para = para;
        if (!is_closer(d, i))
            plain = i;
    }
    if (n > first) {
        int rc = DOC_PUSH(d, &d->sent, limit, "sentences");

        if (rc)
            return rc;
        d->sent.v[d->sent.n++] = (struct sentence){(uint32_t)first,
                                                   (uint32_t)n};
        d->tok.v[n - 1].flags |= TOK_SENT_END;
    }
    return 0;
}

int
tokenize_doc(struct doc *d)
{
    size_t pos = 0, limit = d->model->limits[WS_LIMIT_TOKENS];
    struct token t;

    while (tokenize_next(d->text, d->len, &pos, &t)) {
        int rc = DOC_PUSH(d, &d->tok, limit, "tokens");

        if (rc)
            return rc;
        d->tok.v[d->tok.n++] = t;
    }
    return split_sentences(d, limit);
}
