/* SPDX-License-Identifier: MIT */
/* fold.h - UTF-8 decoding, validation and the folded keys words match by. */
#ifndef WS_FOLD_H
#define WS_FOLD_H

#include <stddef.h>
#include <stdint.h>

/* Returns the length of the longest valid UTF-8 prefix of s[0..len): len
 * when all of it is valid. Overlongs, surrogates and values past U+10FFFF
 * are invalid. */
size_t fold_valid_prefix(const char *s, size_t len);

/* Decodes the code point at s[*i] (valid UTF-8) and advances *i. */
int32_t fold_next(const char *s, size_t len, size_t *i);

/* Character classes the tokenizer needs. */
enum fold_class {
    FC_SPACE,
    FC_NEWLINE,
    FC_UPPER,
    FC_LOWER,
    FC_LETTER, /* a letter with no case (CJK, Arabic...) */
    FC_MARK,   /* a combining mark: stays inside its word */
    FC_DIGIT,
    FC_APOS,   /* ' ’ */
    FC_HYPHEN, /* - ‐ ‑ */
    FC_OTHER,  /* punctuation, symbols */
};
enum fold_class fold_class(int32_t cp);

/* fold_class for an ASCII byte, inline: most of news text is ASCII. */
static inline enum fold_class
fold_ascii_class(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return FC_LOWER;
    if (c >= 'A' && c <= 'Z')
        return FC_UPPER;
    if (c >= '0' && c <= '9')
        return FC_DIGIT;
    switch (c) {
    case ' ': case '\t': case '\f': case '\v': return FC_SPACE;
    case '\n': case '\r': return FC_NEWLINE;
    case '\'': return FC_APOS;
    case '-': return FC_HYPHEN;
    default: return FC_OTHER;
    }
}

/* If s[0..len) starts with an HTML character reference ("&#233;",
 * "&#xE9;", "&eacute;"), stores its code point in *cp and returns the
 * reference's length in bytes; else returns 0. News dumps leave these in
 * plain text ("Jos&#233;"); words fold and classify as if decoded, while
 * offsets keep pointing into the text as written. */
size_t fold_charref(const char *s, size_t len, int32_t *cp);

/* The hash fold_key is built on (FNV-1a over the folded UTF-8 bytes), for
 * the tokenizer's ASCII fast path, which must agree with it byte for byte. */
#define FOLD_HASH_INIT 1469598103934665603ULL
static inline uint64_t
fold_hash_byte(uint64_t h, unsigned char c)
{
    return (h ^ c) * 1099511628211ULL;
}

/* Returns the 64-bit key of a word: case-folded, diacritics stripped,
 * typographic apostrophes and hyphens unified. Two spellings that should
 * match ("Erdoğan", "ERDOGAN") get the same key. */
uint64_t fold_key(const char *s, size_t len);

#endif
