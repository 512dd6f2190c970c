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

/* The hash fold_key is built on, over a word's folded UTF-8 bytes, shared
 * with the tokenizer's ASCII fast path, which must agree with it exactly.
 * The bytes are taken eight at a time, as little-endian 64-bit chunks (the
 * last one zero-padded): each chunk is mixed into the state by one
 * multiply and one xor-shift (fold_hash_mix), then the length is mixed in
 * with one more multiply and xor-shift. A word of up to eight bytes
 * therefore costs two multiplies, whatever its length, where a
 * byte-at-a-time hash is one serial multiply a byte. (murmur3's fmix64,
 * two more multiplies, used to end every key: the tables that take keys
 * hash as well without it, and it lay on every token's path.)
 *
 * Why it is a good hash: the mix is a bijection of the chunk for a given
 * state (xor, multiplication by an odd constant and x ^ x >> 32 are each
 * invertible), so words of one chunk and equal length never collide, and
 * the finalizer is a bijection too; longer words collide only by chance,
 * about 2^-64 a pair. The length tells "a" from "a\0". Keys are compared
 * only within one process (the built-in gazetteer image is compiled by
 * the same code), and nothing orders output by key value.
 *
 * Bytes are added to a struct fold_hash up to eight at a time
 * (fold_hash_add), in order, however they are split; fold_hash_end gives
 * the key. */
struct fold_hash {
    uint64_t h;    /* the state after every whole chunk */
    uint64_t part; /* the bytes of the unfinished chunk, zero above them */
    size_t len;    /* bytes added; len % 8 of them are in part */
};

#define FOLD_HASH_SEED 0x9E3779B97F4A7C15ULL
#define FOLD_HASH_START ((struct fold_hash){FOLD_HASH_SEED, 0, 0})

static inline uint64_t
fold_hash_mix(uint64_t h, uint64_t chunk)
{
    h = (h ^ chunk) * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 32);
}

/* The low n (0 to 8) bytes of x, the rest cleared (the shifts stay below
 * 64, where C defines them). */
static inline uint64_t
fold_low_bytes(uint64_t x, unsigned n)
{
    return x & ~((~0ULL << (4 * n)) << (4 * n));
}

/* Adds the low n (0 to 8) bytes of x, the first in the low byte; the
 * bytes above them are ignored. No branch: word lengths are random, and
 * computing a mix that is thrown away costs less than a mispredict. */
static inline void
fold_hash_add(struct fold_hash *st, uint64_t x, unsigned n)
{
    unsigned fill = (unsigned)(st->len & 7);
    uint64_t bytes = fold_low_bytes(x, n);
    /* the unfinished chunk with the new bytes on top, and what does not
     * fit in it (the second shift keeps fill 0 from shifting by 64) */
    uint64_t chunk = st->part | bytes << (8 * fill);
    uint64_t rest = (bytes >> (63 - 8 * fill)) >> 1;
    uint64_t mixed = fold_hash_mix(st->h, chunk);
    int full = fill + n >= 8;

    st->h = full ? mixed : st->h;
    st->part = full ? rest : chunk;
    st->len += n;
}

/* The last step of every key: the length mixed in, then one multiply by
 * an odd constant, which carries every bit of h into the bits above it,
 * and an xor-shift, which brings the high half (moved by every bit) down
 * into the low one that hash tables index by. Both are bijections. */
static inline uint64_t
fold_hash_finish(uint64_t h, size_t len)
{
    h ^= len;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
    return h;
}

/* The key of the bytes added to st. */
static inline uint64_t
fold_hash_end(const struct fold_hash *st)
{
    uint64_t h = (st->len & 7) ? fold_hash_mix(st->h, st->part) : st->h;

    return fold_hash_finish(h, st->len);
}

/* The key of n (1 to 16) bytes given as two chunks, lo (the first eight)
 * and hi, each zero above its bytes: what fold_hash_add and fold_hash_end
 * give for them, without the bookkeeping, for the tokenizer's commonest
 * case (a word inside the sixteen bytes it reads at once). */
static inline uint64_t
fold_key16(uint64_t lo, uint64_t hi, unsigned n)
{
    uint64_t h = fold_hash_mix(FOLD_HASH_SEED, lo);

    /* a second chunk only past eight bytes: computed anyway, no branch */
    uint64_t h2 = fold_hash_mix(h, hi);

    return fold_hash_finish(n > 8 ? h2 : h, n);
}

/* Returns the 64-bit key of a word: case-folded, diacritics stripped,
 * typographic apostrophes and hyphens unified. Two spellings that should
 * match ("Erdoğan", "ERDOGAN") get the same key. */
uint64_t fold_key(const char *s, size_t len);

#endif
