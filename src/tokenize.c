/* SPDX-License-Identifier: MIT */
/* tokenize.c - words, punctuation, sentences and paragraphs.
 *
 * Stage 1 of the pipeline. Reads doc->text, appends doc->tok (one token a
 * word or punctuation mark, with byte offsets, a folded key and shape
 * flags) and doc->sent. A newline always starts a paragraph: news dumps
 * mark paragraphs with blank lines, headlines with single ones, and neither
 * ever continues a sentence across it. The possessive 's is split off its
 * word so that "NATO's" matches the entry "NATO".
 *
 * Speed: one pass appends each token and places it in its sentence. Most
 * tokens are ASCII words (numbers and hyphenated words among them) and
 * marks, which a byte table and reading sixteen bytes at a time with SSE2
 * (eight elsewhere) take on their own (ascii_word, ascii_punct); whatever
 * they cannot settle, they leave to rest_token, out of line: longer words
 * (long_word) and the general path (class_at decodes UTF-8 and character
 * references), which decides everything else. The key hash takes eight
 * folded bytes at a time (fold.h), so a word that ends inside the block
 * it was read in gets its key in one computation, whatever its length.
 * A word or a quiet mark right after a token that ends nothing, most
 * tokens, joins its sentence without the sentence rules, and each token
 * is written to the array once, whole.
 */
#include "tokenize.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "fold.h"
#include "inline.h"
#include "model.h"
#include "whosaid.h"

/* What the tokenizer needs to know of one byte, from a 256-entry table, so
 * that the common case (ASCII words, spaces and punctuation) costs one
 * load a byte instead of a chain of comparisons. B_UPPER is 0x20, the bit
 * that turns an ASCII capital into its small letter: OR-ing a byte with
 * (kind & B_UPPER) folds its case. */
enum {
    B_LOWER = 0x01,
    B_DIGIT = 0x02,
    B_SPACE = 0x04,   /* ' ' \t \f \v and NUL: separators */
    B_NEWLINE = 0x08, /* \n \r: a paragraph starts after them */
    B_JOIN = 0x10,    /* - ' . , : may keep a word going (scan_word) */
    B_UPPER = 0x20,
    B_SLOW = 0x40,    /* '&' (a character reference?) and bytes >= 0x80:
                         their class needs decoding (class_at) */
    B_STOP = 0x80,    /* . ! ? ) may end a sentence or close one */
    B_ALNUM = B_LOWER | B_UPPER | B_DIGIT,
};

#define BYTE_KIND(c)                                                       \
    ((c) >= 'a' && (c) <= 'z'   ? B_LOWER                                  \
     : (c) >= 'A' && (c) <= 'Z' ? B_UPPER                                  \
     : (c) >= '0' && (c) <= '9' ? B_DIGIT                                  \
     : (c) == ' ' || (c) == '\t' || (c) == '\f' || (c) == '\v' || (c) == 0 \
         ? B_SPACE                                                         \
     : (c) == '\n' || (c) == '\r' ? B_NEWLINE                              \
     : (c) == '.' ? B_JOIN | B_STOP                                        \
     : (c) == '-' || (c) == '\'' || (c) == ',' ? B_JOIN                    \
     : (c) == '&' || (c) >= 0x80 ? B_SLOW                                  \
     : (c) == '!' || (c) == '?' || (c) == ')' ? B_STOP                     \
                                 : 0)
#define BYTE_KIND4(c)                                                      \
    BYTE_KIND(c), BYTE_KIND((c) + 1), BYTE_KIND((c) + 2), BYTE_KIND((c) + 3)
#define BYTE_KIND16(c)                                                     \
    BYTE_KIND4(c), BYTE_KIND4((c) + 4), BYTE_KIND4((c) + 8),               \
        BYTE_KIND4((c) + 12)
#define BYTE_KIND64(c)                                                     \
    BYTE_KIND16(c), BYTE_KIND16((c) + 16), BYTE_KIND16((c) + 32),          \
        BYTE_KIND16((c) + 48)

static const uint8_t byte_kind[256] = {
    BYTE_KIND64(0), BYTE_KIND64(64), BYTE_KIND64(128), BYTE_KIND64(192),
};


static inline unsigned
kind_of(const char *s, size_t i)
{
    return byte_kind[(unsigned char)s[i]];
}

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

/* Returns 1 when s[j] (j < len) starts the possessive 's or 'S that is
 * split off a word: no letter or digit follows it. Past an '&' or a
 * non-ASCII byte the general path decides. */
static int
is_possessive(const char *s, size_t len, size_t j)
{
    return s[j] == '\'' && j + 1 < len &&
           (s[j + 1] == 's' || s[j + 1] == 'S') &&
           (j + 2 >= len || !(kind_of(s, j + 2) & (B_ALNUM | B_SLOW)));
}

/* word_stop for a stop at s[j] that is not ASCII, or '&'. */
static int
slow_word_end(const char *s, size_t len, size_t j)
{
    if (s[j] == '&')
        return 0;
    enum fold_class c = fold_class(fold_next(s, len, &j));

    return !is_alnum_class(c) && c != FC_APOS && c != FC_HYPHEN;
}

/* What an ASCII word does at s[j] (j < len), the first byte after its
 * letters and digits, as scan_word decides it. */
enum word_stop {
    STOP_UNSURE, /* the general path must decide */
    STOP_ENDS,   /* the word ends before s[j] */
    STOP_JOINS,  /* the mark s[j] joins the letters or digits after it */
};

/* A plain separator ends the word, and so does a '-' ''' '.' ',' that
 * nothing word-like follows, or a non-ASCII character that is neither a
 * letter nor an apostrophe or hyphen (a curly quotation mark, a dash). A
 * mark between ASCII letters or digits joins them as scan_word's rules
 * say: "Gould-Davies", "don't" and "1,000.5" are one word each, while
 * "London-based" (a capital's word, then a small letter) is two, and the
 * possessive 's is split off. A full stop between letters (web addresses,
 * initials), '&' (a reference?) and a non-ASCII letter are left to
 * scan_word. first is the kind of the word's first byte. */
static ALWAYS_INLINE enum word_stop
word_stop(const char *s, size_t len, size_t j, unsigned first)
{
    unsigned k = kind_of(s, j);
    /* what follows a '-' ''' '.' ','; at the end of the text, the mark
     * itself, which joins nothing */
    unsigned after = kind_of(s, j + 1 < len ? j + 1 : j);
    /* no branch on the mark: after a word, a comma or a full stop comes
     * as unpredictably as a space */
    unsigned joins = ((k & B_JOIN) != 0) & ((after & (B_ALNUM | B_SLOW)) != 0);

    if (k & B_SLOW)
        return slow_word_end(s, len, j) ? STOP_ENDS : STOP_UNSURE;
    if (!joins)
        return STOP_ENDS;
    /* "NATO's": the possessive is split off, and the word ends here */
    if (is_possessive(s, len, j))
        return STOP_ENDS;
    if (after & B_SLOW)
        return STOP_UNSURE;
    switch (s[j]) {
    case '-':
        return (first & B_UPPER) && (after & B_LOWER) ? STOP_ENDS
                                                      : STOP_JOINS;
    case ',':
        return (first & B_DIGIT) && (after & B_DIGIT) ? STOP_JOINS
                                                      : STOP_ENDS;
    case '.':
        return (first & B_DIGIT) && (after & B_DIGIT) ? STOP_JOINS
                                                      : STOP_UNSURE;
    default:
        /* an apostrophe: not the possessive (is_possessive said so)
         * unless what follows its 's is not ASCII */
        if ((s[j + 1] == 's' || s[j + 1] == 'S') &&
            (kind_of(s, j + 2) & B_SLOW))
            return STOP_UNSURE;
        return STOP_JOINS;
    }
}

/* Words are read a block of bytes at a time, which finds a word's end with
 * arithmetic instead of a branch a byte: word lengths are random, and a
 * loop that stops at the first separator mispredicts its exit once a word,
 * which cost more than the rest of the word. classify_block describes a
 * block with one bit a byte (bit k for the block's byte k): with SSE2
 * (every x86-64) sixteen bytes in a few vector instructions; elsewhere
 * eight bytes in one 64-bit number (SWAR: SIMD within a register). Both
 * say the same of each byte; defining WS_TOKENIZE_PORTABLE picks the
 * second anyway, so that the tests can compare the two. */
#if defined(__SSE2__) && !defined(WS_TOKENIZE_PORTABLE)
#include <emmintrin.h>
#define BLOCK 16
#else
#define BLOCK 8
#endif

struct block {
    uint32_t alnum; /* ASCII letters and digits */
    uint32_t cap;   /* ASCII capitals */
    uint32_t lower; /* ASCII small letters */
    /* the bytes as fold_key hashes them (capitals made small), eight to
     * a number, the block's first byte in the low byte */
    uint64_t folded[BLOCK / 8];
};

#if BLOCK == 16
static inline struct block
classify_block(const char *s)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i x20 = _mm_set1_epi8(0x20);
    /* OR-ing 0x20 folds capitals onto small letters, and nothing else onto
     * them. A byte is in [lo, lo + n) when, moved down by lo + 128 (mod
     * 256), it lands in [-128, -128 + n): one addition and one signed
     * comparison, where two comparisons and an AND would do. */
    __m128i small = _mm_or_si128(v, x20);
    __m128i letter =
        _mm_cmplt_epi8(_mm_add_epi8(small, _mm_set1_epi8((char)(128 - 'a'))),
                       _mm_set1_epi8(-128 + 26));
    __m128i digit =
        _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(128 - '0'))),
                       _mm_set1_epi8(-128 + 10));
    /* a capital is a letter whose 0x20 bit is clear; shifted left by two,
     * that bit lands on the byte's high bit, which movemask reads */
    __m128i cap = _mm_andnot_si128(_mm_slli_epi16(v, 2), letter);
    struct block b;

    b.alnum = (uint32_t)_mm_movemask_epi8(_mm_or_si128(letter, digit));
    b.cap = (uint32_t)_mm_movemask_epi8(cap);
    b.lower = (uint32_t)_mm_movemask_epi8(letter) & ~b.cap;
    _mm_storeu_si128((__m128i *)(void *)b.folded,
                     _mm_or_si128(v, _mm_and_si128(letter, x20)));
    return b;
}
#else
#define ONES 0x0101010101010101ULL
#define HIGHS (ONES * 0x80)

/* The eight bytes at s as a number, s[0] in the low byte whatever the
 * machine's byte order (compilers make this one load). */
static inline uint64_t
load8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
           (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
           (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

/* Flags (sets the high bit, 0x80, of) the bytes of y in [lo, hi]. Every
 * byte of y must be below 0x80, so that no sum carries into the next
 * byte: b + 0x80 - lo reaches 0x80 when b >= lo, and b + 0x7F - hi when
 * b > hi. */
static inline uint64_t
bytes_in(uint64_t y, unsigned char lo, unsigned char hi)
{
    return (y + ONES * (0x80 - lo)) & ~(y + ONES * (0x7F - hi)) & HIGHS;
}

/* Gathers the flags of the eight bytes into bits 0-7: the multiplication
 * moves byte k's flag (at bit 8k after the shift) to bit 56 + k, and no
 * two of its terms meet or carry. */
static inline uint32_t
flag_bits(uint64_t flags)
{
    return (uint32_t)(((flags >> 7) * 0x0102040810204080ULL) >> 56);
}

static inline struct block
classify_block(const char *s)
{
    uint64_t x = load8(s);
    uint64_t y = x & ~HIGHS; /* bytes >= 0x80 are cleared by & ~x */
    /* OR-ing 0x20 folds capitals onto small letters, and nothing else
     * onto them; a capital is a letter whose 0x20 bit is clear */
    uint64_t letter = bytes_in(y | ONES * 0x20, 'a', 'z') & ~x;
    uint64_t cap = letter & ~(y << 2);
    struct block b;

    b.alnum = flag_bits(letter | (bytes_in(y, '0', '9') & ~x));
    b.cap = flag_bits(cap);
    b.lower = flag_bits(letter & ~cap);
    b.folded[0] = x | cap >> 2;
    return b;
}
#endif

/* Adds the first n (at most BLOCK) folded bytes of b to the key: one
 * fold_hash_add for each eight bytes, the same two whatever n is. */
static inline void
hash_block(struct fold_hash *h, const struct block *b, unsigned n)
{
#if BLOCK == 16
    fold_hash_add(h, b->folded[0], n < 8 ? n : 8);
    fold_hash_add(h, b->folded[1], n < 8 ? 0 : n - 8);
#else
    fold_hash_add(h, b->folded[0], n);
#endif
}

/* The key of the low n (at most 8) bytes of x, already folded. */
static inline uint64_t
key_of_bytes(uint64_t x, unsigned n)
{
    struct fold_hash h = FOLD_HASH_START;

    fold_hash_add(&h, x, n);
    return fold_hash_end(&h);
}

/* A word's flag for the kind of its first byte (B_UPPER, B_LOWER or
 * B_DIGIT), looked up rather than tested: capitals come as unpredictably
 * as small letters, and a mispredicted branch costs more than a load. */
static const uint16_t word_start[B_ALNUM + 1] = {
    [B_UPPER] = TOK_CAP,
    [B_LOWER] = TOK_LOWER,
    [B_DIGIT] = TOK_DIGIT,
};

#if BLOCK == 16
/* The sixteen bytes at first_bytes + 16 - n are n bytes of 0xFF, then
 * zeros: AND-ed with a block, they keep its first n bytes and clear the
 * rest, one load where two masks were computed. */
static const unsigned char first_bytes[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};
#endif

/* The key of a word that is the first n (less than BLOCK) bytes of b. */
static inline uint64_t
block_key(const struct block *b, unsigned n)
{
#if BLOCK == 16
    __m128i keep =
        _mm_loadu_si128((const __m128i *)(const void *)(first_bytes + 16 - n));
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)b->folded);
    uint64_t word[2];

    _mm_storeu_si128((__m128i *)(void *)word, _mm_and_si128(v, keep));
    return fold_key16(word[0], word[1], n);
#else
    return fold_key16(fold_low_bytes(b->folded[0], n), 0, n);
#endif
}

/* What a scanner found: a token's end (0: the general path must decide),
 * the flags it adds and its key. The paths that are not inlined return
 * one, so that the flags and key of the inlined path never have their
 * address taken and can stay in registers. */
struct scan {
    size_t end;
    uint64_t key;
    uint32_t flags;
};

/* ascii_word for any length: a block at a time, marks between them, the
 * key added to as it goes. */
static struct scan
long_word(const char *s, size_t len, size_t i)
{
    struct scan r = {0, 0, 0};
    struct fold_hash h = FOLD_HASH_START;
    size_t j = i;
    /* capitals seen, counted up to two a block (enough to tell whether
     * there are two in all), and whether any small letter was */
    unsigned upper = 0, lower = 0;
    unsigned first = kind_of(s, i) & B_ALNUM;

    for (;;) {
        if (len - j < BLOCK) {
            /* the last few bytes of the text, one at a time */
            unsigned k;

            for (; j < len && ((k = kind_of(s, j)) & B_ALNUM); j++) {
                upper += (k & B_UPPER) != 0;
                lower |= k & B_LOWER;
                fold_hash_add(&h, (unsigned char)(s[j] | (k & B_UPPER)), 1);
            }
        } else {
            struct block b = classify_block(s + j);
            /* the word's part of the block: the bytes before the first
             * that is no letter or digit (bit BLOCK of ~alnum is always
             * set) */
            unsigned n = (unsigned)__builtin_ctz(~b.alnum);
            uint32_t in = (1u << n) - 1;
            uint32_t caps = b.cap & in;

            upper += (caps != 0) + ((caps & (caps - 1)) != 0);
            lower |= (b.lower & in) != 0;
            hash_block(&h, &b, n);
            j += n;
            if (n == BLOCK)
                continue;
        }
        if (j == len)
            break;
        enum word_stop stop = word_stop(s, len, j, first);

        if (stop == STOP_ENDS)
            break;
        if (stop == STOP_UNSURE)
            return r;
        /* the mark, '-' ''' '.' or ',', folds to itself */
        fold_hash_add(&h, (unsigned char)s[j], 1);
        j++;
    }
    r.flags = TOK_WORD | word_start[first];
    /* two or more letters, all capitals */
    if (!lower && upper >= 2)
        r.flags |= TOK_UPPER;
    r.key = fold_hash_end(&h);
    r.end = j;
    return r;
}

/* The fast path for the commonest token: ASCII letters and digits that
 * end inside the block they start, read in one pass that also folds the
 * key. Returns the end and sets *flags and *key; returns 0 for what
 * rest_token must read (longer words, marks inside, stops only the
 * general path can judge, the last few bytes of the text). first is the
 * kind of s[i]. */
static ALWAYS_INLINE size_t
ascii_word(const char *s, size_t len, size_t i, unsigned first,
           uint32_t *flags, uint64_t *key)
{
    first &= B_ALNUM;
    if (len - i >= BLOCK) {
        struct block b = classify_block(s + i);
        /* the word's part of the block, as in long_word */
        unsigned n = (unsigned)__builtin_ctz(~b.alnum);

        if (n < BLOCK) {
            /* The key first, as soon as the length is known, though a
             * word that does not end here throws it away: fold_key16
             * branches on whether the word is longer than eight bytes,
             * which comes as unpredictably as word lengths do, and a
             * wrong guess costs less the earlier it is found (measured:
             * 2% of the stage). */
            *key = block_key(&b, n);
            enum word_stop stop = word_stop(s, len, i + n, first);
            uint32_t in = (1u << n) - 1;
            uint32_t caps = b.cap & in;

            if (stop == STOP_UNSURE)
                return 0;
            if (stop == STOP_ENDS) {
                *flags |= TOK_WORD | word_start[first];
                /* two or more letters, all capitals */
                if (!(b.lower & in) && (caps & (caps - 1)))
                    *flags |= TOK_UPPER;
                return i + n;
            }
        }
    }
    return 0;
}

/* The fast path for ASCII punctuation: one byte, one token, or the
 * possessive 's. Returns the end and sets *flags and *key; returns 0 for
 * what the general path must decide: another apostrophe, and "...". */
static ALWAYS_INLINE size_t
ascii_punct(const char *s, size_t len, size_t i, uint32_t *flags,
            uint64_t *key)
{
    unsigned char c = (unsigned char)s[i];

    if (c == '\'' && !(*flags & TOK_SPACE_BEFORE) &&
        is_possessive(s, len, i)) {
        *flags |= TOK_POSS | TOK_WORD;
        *key = key_of_bytes('\'' | 's' << 8, 2);
        return i + 2;
    }
    if (c == '\'' ||
        (c == '.' && i + 2 < len && s[i + 1] == '.' && s[i + 2] == '.'))
        return 0;
    *flags |= TOK_PUNCT;
    if (c == '"')
        *flags |= TOK_QUOTE;
    *key = key_of_bytes(c, 1);
    return i + 1;
}

/* The general path: any token at i that is not an ASCII word the fast path
 * took, after separators that gave it the flags before. Returns its end,
 * its flags (before among them) and its key. */
static struct scan
other_token(const char *s, size_t len, size_t i, uint32_t before)
{
    uint32_t flags = before;
    uint64_t key;
    size_t next, end;
    int32_t cp;
    enum fold_class c = class_at(s, len, i, &cp, &next);

    if (is_alnum_class(c) && c != FC_MARK) {
        struct token t = {.flags = TOK_WORD};

        end = scan_word(s, len, i);
        word_flags(s, i, end, &t);
        flags |= t.flags;
    } else if (c == FC_APOS && next < len &&
               (s[next] == 's' || s[next] == 'S') &&
               !(flags & TOK_SPACE_BEFORE)) {
        size_t after;
        enum fold_class c3 = class_at(s, len, next + 1, NULL, &after);

        if (!is_alnum_class(c3)) {
            end = next + 1;
            flags |= TOK_POSS | TOK_WORD;
        } else {
            end = next;
            flags |= TOK_PUNCT | TOK_QUOTE;
        }
    } else if (cp == '.' && next + 1 < len && s[next] == '.' &&
               s[next + 1] == '.') {
        end = next + 2;
        flags |= TOK_PUNCT;
    } else {
        end = next;
        flags |= TOK_PUNCT;
        if (is_quote_cp(cp))
            flags |= TOK_QUOTE;
    }
    /* a one-byte ASCII token ('&' aside) folds to its small self */
    unsigned k = kind_of(s, i);

    if (end == i + 1 && !(k & B_SLOW))
        key = key_of_bytes((unsigned char)(s[i] | (k & B_UPPER)), 1);
    else
        key = fold_key(s + i, end - i);
    return (struct scan){end, key, flags};
}

/* If s[i] (not ASCII, or '&') is a separator, returns the flags it gives
 * the next token and sets *next past it; else returns 0. */
static uint32_t
other_separator(const char *s, size_t len, size_t i, size_t *next)
{
    int32_t cp;
    enum fold_class c = class_at(s, len, i, &cp, next);

    if (c == FC_SPACE || cp == 0)
        return TOK_SPACE_BEFORE;
    if (c == FC_NEWLINE)
        return TOK_SPACE_BEFORE | TOK_PARA_START;
    return 0;
}

/* The token at i that the inline paths (ascii_word, ascii_punct) left,
 * after separators that gave it the flags before: an ASCII word that
 * does not end inside its first block, or anything else. Out of line, so
 * that the loop around the inline paths keeps its registers. */
static NOINLINE struct scan
rest_token(const char *s, size_t len, size_t i, uint32_t before)
{
    unsigned k = kind_of(s, i);

    if ((k & B_ALNUM) && !(k & B_SLOW)) {
        struct scan r = long_word(s, len, i);

        if (r.end) {
            r.flags |= before;
            return r;
        }
    }
    return other_token(s, len, i, before);
}

/* tokenize_next, writing every field of *t. */
static ALWAYS_INLINE int
scan_token(const char *s, size_t len, size_t *pos, struct token *t)
{
    size_t i = *pos, end = 0;
    uint32_t flags = 0;
    uint64_t key;
    unsigned k;

    for (;;) {
        if (i >= len) {
            *pos = i;
            return 0;
        }
        k = kind_of(s, i);
        if (k & (B_SPACE | B_NEWLINE)) {
            flags |= TOK_SPACE_BEFORE;
            if (k & B_NEWLINE)
                flags |= TOK_PARA_START;
            i++;
        } else {
            size_t next;
            uint32_t sep = k & B_SLOW ? other_separator(s, len, i, &next) : 0;

            if (!sep)
                break;
            flags |= sep;
            i = next;
        }
    }
    if (!(k & B_SLOW)) {
        if (k & B_ALNUM)
            end = ascii_word(s, len, i, k, &flags, &key);
        else
            end = ascii_punct(s, len, i, &flags, &key);
    }
    if (!end) {
        struct scan r = rest_token(s, len, i, flags);

        end = r.end;
        flags = r.flags;
        key = r.key;
    }
    *t = (struct token){
        .start = (uint32_t)i,
        .end = (uint32_t)end,
        .key = key,
        .flags = flags,
        .gz = -1,
    };
    *pos = end;
    return 1;
}

int
tokenize_next(const char *s, size_t len, size_t *pos, struct token *t)
{
    return scan_token(s, len, pos, t);
}

/* Returns 1 when token i ends a sentence ('.' '!' '?' '...'), 0 when it
 * does not, -1 when only the abbreviations can tell: a '.' right after a
 * word ("Mr." "Jan." do not end one). */
static int
sentence_end(const struct doc *d, size_t i)
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
        return -1; /* unless w is an abbreviation: see known_end */
    }
    return 1;
}

/* Returns *ends, sentence_end of token i, after settling -1 by looking the
 * word before up among the abbreviations. The lookup is left until a rule
 * needs the answer, which most full stops never meet: the last of a
 * paragraph, or one before a small letter. */
static int
known_end(const struct doc *d, size_t i, int *ends)
{
    if (*ends < 0)
        *ends = !model_is_abbrev(d->model, d->tok.v[i - 1].key);
    return *ends;
}

/* Returns 1 for a mark that can neither end a sentence nor close one (a
 * comma, a colon, a dash), whatever stands before it: sentence_end and
 * is_closer say 0 of it. What is not ASCII, and '&', is left to them. */
static inline int
is_quiet_mark(const char *s, const struct token *t)
{
    return !(t->flags & TOK_QUOTE) &&
           !(kind_of(s, t->start) & (B_SLOW | B_STOP));
}

/* Returns 1 for a quotation mark or a ')': what may stand between a
 * sentence's last word and the next sentence. */
static int
is_closer(const struct doc *d, size_t i)
{
    const struct token *t = &d->tok.v[i];

    return (t->flags & TOK_QUOTE) ||
           (t->end - t->start == 1 && d->text[t->start] == ')');
}

/* Sentence splitting, one token at a time as the tokenizer appends them:
 * a paragraph start always begins a sentence; so does the token after
 * sentence-final punctuation (and any closing quotes or brackets right
 * after it) when it starts with a capital, a digit or a quotation mark.
 * Whether a token ends a sentence depends only on it and the token before,
 * so it is decided once, when the token is appended, and remembered for
 * the tokens the rule looks back at. */
struct splitter {
    size_t first;    /* the current sentence's first token */
    size_t plain;    /* the last token so far that is no closer, or none */
    int first_ends;  /* sentence_end of those two and of the last one */
    int plain_ends;
    int last_ends;
    uint32_t para;
};

static int
push_sentence(struct doc *d, size_t first, size_t end, size_t limit)
{
    int rc = DOC_PUSH(d, &d->sent, limit, "sentences");

    if (rc)
        return rc;
    d->sent.v[d->sent.n++] = (struct sentence){(uint32_t)first,
                                               (uint32_t)end};
    d->tok.v[end - 1].flags |= TOK_SENT_END;
    return 0;
}

/* Places the token just appended, i, in its sentence and paragraph
 * (tokenize_doc has taken the commonest case, see calm there). */
static int
split_step(struct doc *d, struct splitter *sp, size_t limit)
{
    size_t i = d->tok.n - 1;
    struct token *t = &d->tok.v[i];
    int ends = sentence_end(d, i);
    int start = i == 0 || (t->flags & TOK_PARA_START);

    if (t->flags & TOK_PARA_START && i > 0)
        sp->para++;
    /* only a capital, a digit or a quotation mark starts a sentence
     * within a paragraph, so most words need no more thought */
    if (!start && (t->flags & (TOK_CAP | TOK_DIGIT | TOK_QUOTE))) {
        if (known_end(d, i - 1, &sp->last_ends)) {
            start = (t->flags & TOK_SPACE_BEFORE) != 0;
        } else {
            /* look back over closing marks to a sentence end: the last
             * token that is none, kept as we go, not searched for, so
             * that a run of 100,000 marks stays linear */
            int plain = sp->plain != SIZE_MAX && sp->plain > sp->first;
            size_t j = plain ? sp->plain : sp->first;

            start = j < i - 1 &&
                    known_end(d, j, plain ? &sp->plain_ends : &sp->first_ends);
        }
    }
    if (start) {
        if (i > sp->first) {
            int rc = push_sentence(d, sp->first, i, limit);

            if (rc)
                return rc;
        }
        sp->first = i;
        sp->first_ends = ends;
        t->flags |= TOK_SENT_START;
    }
    t->sent = (uint32_t)d->sent.n;
    t->para = sp->para;
    if (!is_closer(d, i)) {
        sp->plain = i;
        sp->plain_ends = ends;
    }
    sp->last_ends = ends;
    return 0;
}

/* Makes room at once for the tokens a text of this length usually has
 * (news runs five or six bytes a token), so that the array is not copied
 * again and again as it grows. The guess stays under the token limit, and
 * under a few MB for huge texts: past it, the array grows as usual. */
static int
reserve_tokens(struct doc *d, size_t limit)
{
    size_t want = d->len / 4 + 16;

    return doc_reserve(&d->tok, sizeof(*d->tok.v),
                       want < 65536 ? want : 65536, limit);
}

int
tokenize_doc(struct doc *d)
{
    size_t pos = 0, limit = d->model->limits[WS_LIMIT_TOKENS];
    struct splitter sp = {.plain = SIZE_MAX};
    /* Most tokens are words mid-paragraph right after a word that ends
     * no sentence (calm: the last token is plain and its last_ends 0).
     * Such a word ends no sentence and closes nothing (those are
     * punctuation), and starts none, whatever its first letter, since
     * the token before ends none (split_step's rules find no end to look
     * back to); so it only joins the current sentence, and leaves things
     * calm. So does a quiet mark (is_quiet_mark), a comma most often. The
     * splitter is told of those tokens only when a token needs its rules:
     * then the last was plain and ended nothing.
     *
     * needs holds the flags of a token that needs the rules: when calm, a
     * mark's or a paragraph's first token's; else any token's, since each
     * is a word or a mark. One test a token then tells both apart. */
    const uint32_t calm_needs = TOK_PUNCT | TOK_PARA_START;
    uint32_t needs = TOK_WORD | TOK_PUNCT;
    /* The loop keeps in locals what it reads of d for every token: a
     * token is stored as a whole, and a store that may write a char (the
     * class letter) may write anything as far as the compiler knows, so
     * it would load them again after each one. d->tok.n is brought up to
     * date before anything else reads it. */
    const char *s = d->text;
    size_t len = d->len, n = d->tok.n;
    uint32_t sent = (uint32_t)d->sent.n, para = 0;
    int rc = reserve_tokens(d, limit);

    if (rc)
        return rc;
    for (struct token t; scan_token(s, len, &pos, &t);) {
        if (n == d->tok.cap) {
            rc = DOC_PUSH(d, &d->tok, limit, "tokens");
            if (rc)
                return rc;
        }
        /* where a calm word belongs; split_step decides the rest again */
        t.sent = sent;
        t.para = para;
        d->tok.v[n++] = t;
        d->tok.n = n;
        if (!(t.flags & needs))
            continue;
        if (needs == calm_needs && !(t.flags & TOK_PARA_START) &&
            is_quiet_mark(s, &t))
            continue;
        if (needs == calm_needs) {
            sp.plain = n - 2;
            sp.plain_ends = 0;
            sp.last_ends = 0;
        }
        rc = split_step(d, &sp, limit);
        if (rc)
            return rc;
        needs = sp.plain == n - 1 && sp.last_ends == 0
                    ? calm_needs
                    : TOK_WORD | TOK_PUNCT;
        sent = (uint32_t)d->sent.n;
        para = sp.para;
    }
    if (d->tok.n > sp.first)
        return push_sentence(d, sp.first, d->tok.n, limit);
    return 0;
}
