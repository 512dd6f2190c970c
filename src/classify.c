/* SPDX-License-Identifier: MIT */
/* classify.c - stage 4: the class string, one letter a token.
 *
 * The rules (rules.c) are regular expressions over this string, so every
 * decision about what a token may be (a known name, a title, a cue, a
 * capitalised word, a common word at a sentence start) is made here once,
 * as one letter, and the patterns stay short. The letters are listed in
 * docs/rules.md.
 */
#include "classify.h"

#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "gazetteer.h"
#include "model.h"
#include "whosaid.h"

enum { CLS_PADDING = 64 };

static char
punct_letter(const char *p, size_t n)
{
    if (n == 1) {
        switch (*p) {
        case ',': return ',';
        case '.': case '!': case '?': return '.';
        case ':': case ';': return ':';
        case '(': case '[': return '(';
        case ')': case ']': return ')';
        case '-': return '-';
        default: return 'x';
        }
    }
    if (n == 3 && (memcmp(p, "\xE2\x80\x93", 3) == 0 ||
                   memcmp(p, "\xE2\x80\x94", 3) == 0))
        return '-'; /* – — */
    if (n == 3 && (memcmp(p, "...", 3) == 0 ||
                   memcmp(p, "\xE2\x80\xA6", 3) == 0))
        return '.';
    return 'x';
}

/* Is token t a common word? Asked only where the answer decides a letter
 * (a capitalised word at a sentence start, a one-word match), not for
 * every token: the common-word set is large and mostly out of the caches.
 * A token the gazetteer stage found in the word table carries the answer
 * in its slot. */
static int
token_is_common(const struct gazetteer *g, const struct token *t)
{
    const struct gz_word *w;

    if (!(t->flags & TOK_CAP))
        return 0; /* only a capitalised word needs telling from a name */
    w = gazetteer_token_word(g, t->word);
    return w ? w->common : gazetteer_is_common(g, t->key);
}

/* The type and flags of match m's entry, from the value the gazetteer
 * stage chose it through: the trie node it has just read is in the cache,
 * the entry table (1.2 MB) is not. */
static void
match_facts(const struct gazetteer *g, const struct gzmatch *m,
            unsigned *type, unsigned *flags)
{
    for (uint32_t k = 0; k < m->nvalues; k++) {
        const struct gz_value *v = &g->values[m->value + k];

        if (v->entry == m->entry) {
            *type = v->type;
            *flags = v->flags;
            return;
        }
    }
    *type = g->entries[m->entry].type; /* not reached: m chose a value */
    *flags = g->entries[m->entry].flags;
}

static char
shape_letter(const struct doc *d, size_t i)
{
    const struct token *t = &d->tok.v[i];

    /* possessives, marks and apostrophes: a few tokens in a hundred, so
     * one test for the three */
    if (t->flags & (TOK_POSS | TOK_MARK | TOK_QUOTE)) {
        const struct token *p = i > 0 ? &d->tok.v[i - 1] : NULL;

        if (t->flags & TOK_POSS)
            return 's';
        if (t->flags & TOK_MARK)
            return 'q';
        /* "Ladbrokes' Warren Lush": an apostrophe closing a word in s */
        return p && !(t->flags & TOK_SPACE_BEFORE) && (p->flags & TOK_WORD) &&
                       (d->text[p->end - 1] | 0x20) == 's'
                   ? 's'
                   : 'x';
    }
    /* an @word's letter (the gazetteer stage found it: token.cls) wins
     * over the shape's (but not in capitals); one is chosen without a
     * branch on which */
    char w = t->cls;
    char c;

    w = t->flags & TOK_UPPER ? 0 : w;
    if (t->flags & TOK_PUNCT)
        c = punct_letter(TOK_PTR(d, i), TOK_LEN(d, i));
    else if (t->flags & TOK_DIGIT)
        c = '0';
    else if (t->flags & TOK_UPPER)
        c = TOK_LEN(d, i) <= 6 ? 'U' : 'C';
    else if (t->flags & TOK_CAP) {
        int initial = (t->flags & TOK_SENT_START) ||
                      (i > 0 && (d->tok.v[i - 1].flags & TOK_QUOTE) &&
                       (d->tok.v[i - 1].flags & TOK_SPACE_BEFORE));
        /* an @word needs no answer: it skips a likely cache miss */
        c = initial && !w && token_is_common(&d->model->gz, t) ? 'c' : 'C';
    } else if (t->flags & TOK_LOWER)
        c = 'l';
    else
        c = 'x';
    /* w when there is one: a mask, as the compiler turns w ? w : c into
     * the very branch this avoids */
    unsigned keep = -(unsigned)(w != 0);

    return (char)(((unsigned char)w & keep) | ((unsigned char)c & ~keep));
}

/* The letter of token i, the first of gazetteer match m, or 0 when the
 * match says nothing and the token's shape decides. */
static char
match_letter(const struct doc *d, size_t i, const struct gzmatch *m)
{
    const struct gazetteer *g = &d->model->gz;
    const struct token *t = &d->tok.v[i];
    const struct gz_word *w = gazetteer_token_word(g, t->word);
    size_t n = d->tok.n;
    unsigned type, flags;
    char c;

    match_facts(g, m, &type, &flags);
    c = gazetteer_type_letter(type);
    if (type == GZ_CUE)
        c = flags & GZF_PREP ? 'A' : flags & GZF_NOUN ? 'N' : 'V';
    /* a sentence-initial "May" or "Will" is a word, not a name, unless a
     * capitalised word follows ("Mike McGuire") */
    if (c && m->tok_end == i + 1 && (t->flags & TOK_SENT_START) &&
        !(i + 1 < n && (d->tok.v[i + 1].flags & TOK_CAP)) &&
        (type == GZ_FIRST_NAME || type == GZ_TITLE_MOD ||
         (flags & GZF_AMBIGUOUS)) &&
        token_is_common(g, t))
        c = 'c';
    /* "Total Recall", "Vice City": a common-word name followed by a
     * capitalised word is part of another name */
    if (c && (flags & GZF_AMBIGUOUS) && m->tok_end == i + 1 &&
        i + 1 < n && (d->tok.v[i + 1].flags & TOK_CAP) &&
        (type == GZ_ORG || type == GZ_LOC || type == GZ_PERSON) &&
        token_is_common(g, t))
        c = 'C';
    /* "Dairy Board", "Film Council": a capitalised word that can end an
     * organisation's name does, mid-sentence */
    if ((c == 'G' || c == 'T' || c == 'Y') && (t->flags & TOK_CAP) &&
        !(t->flags & TOK_SENT_START) && w &&
        (w->types & (1u << GZ_ORG_SUFFIX)))
        c = 'S';
    /* and "Airline" in "European Regions Airline Association" is a word
     * of a name, not a noun standing for one */
    if (c == 'Y' && (t->flags & TOK_CAP) && !(t->flags & TOK_SENT_START))
        c = 'C';
    /* "Florida State University", "North East Says No", "Total Recall":
     * a capitalised speech verb mid-sentence is a name's */
    if ((c == 'V' || c == 'N') && (t->flags & TOK_CAP) &&
        !(t->flags & TOK_SENT_START) &&
        !(i > 0 && (d->tok.v[i - 1].flags & TOK_QUOTE)))
        c = 'C';
    /* "IT firm": a pronoun in capitals is an acronym */
    if (c == 'R' && (t->flags & TOK_UPPER))
        c = 0;
    /* a first name in capitals is a headline word or an acronym
     * ("HAL", "JOHN"), not evidence of a person */
    if (c == 'F' && (t->flags & TOK_UPPER))
        c = 0;
    /* "Mark", "Will", "May" on their own are more often words than
     * names; next to another name they are names */
    if (c == 'F' && m->tok_end == i + 1 && (flags & GZF_AMBIGUOUS) &&
        !(i + 1 < n && (d->tok.v[i + 1].flags & TOK_CAP)) &&
        !(i > 0 && (d->tok.v[i - 1].flags & TOK_CAP) &&
          !(d->tok.v[i].flags & TOK_SENT_START)))
        c = 'C';
    /* "Den died": a capitalised particle that starts no surname */
    if (c == 'K' && (t->flags & TOK_CAP) &&
        !(i + 1 < n && (d->tok.v[i + 1].flags & TOK_CAP)))
        c = 'C';
    /* a lower-case word is never a name */
    if (c && (t->flags & TOK_LOWER) &&
        (type == GZ_FIRST_NAME || type == GZ_SURNAME_PARTICLE))
        c = type == GZ_SURNAME_PARTICLE ? 'K' : 0;
    return c;
}

int
classify_doc(struct doc *d)
{
    const struct gazetteer *g = &d->model->gz;
    size_t n = d->tok.n;

    /* PCRE2's JIT code searches the class string 16 or 32 bytes at a time
     * and may read past its NUL; the zeroed padding keeps those reads
     * inside the allocation. The loops below write every letter. */
    d->cls = ws_malloc(n + 1 + CLS_PADDING);
    if (!d->cls)
        return WS_NOMEM;
    memset(d->cls + n, 0, 1 + CLS_PADDING);
    /* a capitalised word that starts a sentence and that the gazetteer
     * stage did not find will ask the common-word set, a likely cache miss
     * each: start those loads now, a few a document, so that they overlap
     * instead of stalling the loop one by one */
    for (size_t s = 0; s < d->sent.n; s++) {
        size_t first = d->sent.v[s].tok_first;

        if (first < n && (d->tok.v[first].flags & TOK_CAP) &&
            d->tok.v[first].word == 0)
            gazetteer_prefetch_common(g, d->tok.v[first].key);
    }
    /* every token its shape's letter first, then each gazetteer match
     * its own over its first token, when it has one, and '_' over the
     * rest: asking each token whether a match covers it mispredicted on
     * one token in five, and few tokens are in matches */
    for (size_t i = 0; i < n; i++)
        d->cls[i] = shape_letter(d, i);
    for (size_t k = 0; k < d->gz.n; k++) {
        const struct gzmatch *m = &d->gz.v[k];
        char c = match_letter(d, m->tok, m);

        if (c)
            d->cls[m->tok] = c;
        for (size_t i = m->tok + 1; i < m->tok_end; i++)
            d->cls[i] = '_';
    }
    return 0;
}
