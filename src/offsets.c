/* SPDX-License-Identifier: MIT */
/* offsets.c - byte offsets to code point offsets, for every output format.
 *
 * Stages work in bytes; the output speaks code points (what Python strings
 * and spaCy index by). The code point offset of byte b is the number of
 * bytes before b that are not UTF-8 continuation bytes (10xxxxxx). One pass
 * over the text stores that count at every 8th byte, so any offset, in any
 * order, is a table lookup plus a count inside one 64-bit word: no search
 * and no loop, whose branches mispredict when offsets come in no order.
 * Most texts are ASCII: the pass finds no continuation byte, keeps no
 * table and offsets are the byte offsets themselves.
 *
 * Counting goes eight bytes at a time: in a 64-bit word w, a byte is a
 * continuation byte when its bit 7 is set and its bit 6 is not, which for
 * all eight bytes at once is w & ~(w << 1) & 0x80...80 (the shift moves
 * each byte's bit 6 to its own bit 7; bits that cross into the next byte
 * land below bit 7 and are masked off). The count of set bits is then a
 * multiplication that sums the eight bytes into the top one.
 */
#include "offsets.h"

#include <assert.h>
#include <string.h>

#include "alloc.h"
#include "whosaid.h"

#define HIGH_BITS 0x8080808080808080ULL
#define LOW_BITS 0x0101010101010101ULL

/* Returns the 8 bytes at s as a word (any alignment). */
static inline uint64_t
load_word(const char *s)
{
    uint64_t w;

    memcpy(&w, s, sizeof(w));
    return w;
}

/* Returns w with bit 7 set in each continuation byte, all else clear. */
static inline uint64_t
cont_bits(uint64_t w)
{
    return w & ~(w << 1) & HIGH_BITS;
}

/* Returns the number of continuation bytes among the bytes of w. */
static inline unsigned
cont_in_word(uint64_t w)
{
    return (unsigned)(((cont_bits(w) >> 7) * LOW_BITS) >> 56);
}

/* Returns a mask of the first r (< 8) bytes in memory of a loaded word. */
static inline uint64_t
first_bytes(unsigned r)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return r ? ~0ULL << (64 - 8 * r) : 0;
#else
    return (1ULL << (8 * r)) - 1;
#endif
}

static inline int
is_cont(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Returns the length of the longest prefix of s[0..n) made of whole words
 * without a continuation byte, or n when s has none at all. ASCII runs go
 * 32 bytes a test; from the first 32 with a byte above 0x7F, word by
 * word. */
static size_t
ascii_words(const char *s, size_t n)
{
    size_t i = 0;

    for (; i + 32 <= n; i += 32) {
        uint64_t any = load_word(s + i) | load_word(s + i + 8) |
                       load_word(s + i + 16) | load_word(s + i + 24);

        if (any & HIGH_BITS)
            break;
    }
    for (; i + 8 <= n; i += 8)
        if (cont_bits(load_word(s + i)))
            return i;
    for (size_t j = i; j < n; j++)
        if (is_cont(s[j]))
            return i;
    return n;
}

int
cpmap_build(struct cpmap *m, const struct doc *d)
{
    size_t words = d->len / CPMAP_BLOCK, cont = 0, k = 0;
    size_t plain = ascii_words(d->text, d->len);

    m->text = d->text;
    m->len = d->len;
    m->blk = NULL;
    m->ascii = plain == d->len;
    if (m->ascii)
        return 0;
    m->blk = ws_malloc(sizeof(*m->blk) * (words + 1));
    if (!m->blk)
        return WS_NOMEM;
    /* up to the first word with a continuation byte, bytes are code
     * points; from there on, count; the last entry is for the partial
     * word at the end (or the end itself) */
    for (; k * CPMAP_BLOCK < plain; k++)
        m->blk[k] = (uint32_t)(k * CPMAP_BLOCK);
    for (; k < words; k++) {
        m->blk[k] = (uint32_t)(k * CPMAP_BLOCK - cont);
        cont += cont_in_word(load_word(d->text + k * CPMAP_BLOCK));
    }
    m->blk[words] = (uint32_t)(words * CPMAP_BLOCK - cont);
    return 0;
}

void
cpmap_free(struct cpmap *m)
{
    ws_free(m->blk);
    m->blk = NULL;
}

size_t
cpmap_at(const struct cpmap *m, uint32_t b)
{
    size_t k = b / CPMAP_BLOCK, at = k * CPMAP_BLOCK;
    unsigned r = (unsigned)(b - at), cont = 0;

    assert(b <= m->len);
    if (m->ascii)
        return b;
    if (at + CPMAP_BLOCK <= m->len) {
        cont = cont_in_word(load_word(m->text + at) & first_bytes(r));
    } else {
        /* the text's last, partial word: no reading past its end */
        for (unsigned i = 0; i < r; i++)
            cont += is_cont(m->text[at + i]);
    }
    return m->blk[k] + r - cont;
}
