/* SPDX-License-Identifier: MIT */
/* fbuf.c - a growing output buffer with a sticky out-of-memory flag.
 *
 * Every writer (the JSON, CSV, HTML and JSON-LD formats, the HTML text
 * extractor) appends to one of these. The first failed allocation sets
 * oom and every later append does nothing, so a writer checks once, at
 * the end (the SQLite way), instead of after every call.
 */
#include "fbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "inline.h"

/* Every x86-64 has SSE2; WS_FBUF_PORTABLE picks the word path alone, which
 * a unit test (tests/test-emit.c) compares against the SSE2 one. */
#if defined(__SSE2__) && !defined(WS_FBUF_PORTABLE)
#include <emmintrin.h>
#define FBUF_SSE2 1
#endif


/* The first room is 16 KB: a news article's JSON is a few KB (a median
 * of 4.4 KB over 2,050 BBC articles, all but 0.3% under 16 KB), and
 * starting at 4 KB cost most documents one or two reallocations, each
 * copying what was written so far. */
#define FBUF_FIRST (16 * 1024)

int
fbuf_grow(struct fbuf *b, size_t more)
{
    size_t cap = b->cap ? b->cap * 2 : FBUF_FIRST;

    if (b->oom)
        return -1;
    while (cap < b->n + more + 1)
        cap *= 2;
    char *p = ws_realloc(b->s, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->s = p;
    b->cap = cap;
    return 0;
}

void
fbuf_puts(struct fbuf *b, const char *s)
{
    fbuf_put(b, s, strlen(s));
}

void
fbuf_printf(struct fbuf *b, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        fbuf_put(b, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* JSON strings take every byte as is but control bytes (below 0x20), the
 * quote and the backslash: json_plain[c] is 1 for the bytes taken as is. */
#define ROW16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
/* clang-format off */
static const unsigned char json_plain[256] = {
    ROW16(0), ROW16(0),                             /* 0x00-0x1F */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2F: '"' */
    ROW16(1), ROW16(1),                             /* 0x30-0x4F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5F: '\\' */
    ROW16(1), ROW16(1), ROW16(1), ROW16(1), ROW16(1), ROW16(1),
    ROW16(1), ROW16(1), ROW16(1), ROW16(1),         /* 0x60-0xFF */
};
/* clang-format on */

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Returns nonzero when one of the 8 bytes of w is not json_plain. The
 * classic word tests: (x - ONES * k) & ~x & HIGHS is nonzero exactly when
 * some byte of x is below k (k <= 0x80; borrows can mark more bytes, but
 * only above one that truly is below k), and a byte equals c when that
 * byte of x ^ (ONES * c) is below 1. */
static inline uint64_t
word_has_special(uint64_t w)
{
    uint64_t q = w ^ (ONES * '"'), bs = w ^ (ONES * '\\');

    return ((w - ONES * 0x20) & ~w & HIGHS) | ((q - ONES) & ~q & HIGHS) |
           ((bs - ONES) & ~bs & HIGHS);
}

/* Copies the bytes of s[0..n) to out up to the first byte that needs
 * escaping, or all of them, and returns the count. Whole blocks are
 * tested and stored at once (sixteen bytes with SSE2, else eight), and
 * the last, partial block is tested and stored as the block ending at
 * s + n, which overlaps bytes already copied but needs no loop; strings
 * of 4 to 7 bytes are two overlapping 32-bit words. In a block holding a
 * byte to escape, the SSE2 mask's lowest bit is that byte; a word is
 * finished byte by byte. Bytes stored past the count are inside the room
 * made for the string (n bytes) and are written over. */
static ALWAYS_INLINE size_t
json_copy_plain(char *out, const char *s, size_t n)
{
    size_t i = 0;
    uint64_t w;

#ifdef FBUF_SSE2
    if (n >= 16) {
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i slash = _mm_set1_epi8('\\');
        const __m128i ctl = _mm_set1_epi8(0x1F);
        __m128i x;
        unsigned mask;

        for (;;) {
            size_t at = i + 16 <= n ? i : n - 16;

            x = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
            _mm_storeu_si128((__m128i *)(void *)(out + at), x);
            mask = (unsigned)_mm_movemask_epi8(
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                          _mm_cmpeq_epi8(x, slash)),
                             _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x)));
            /* bytes of an overlapping last block before i were plain */
            if (mask)
                return at + (size_t)__builtin_ctz(mask);
            if (at + 16 == n)
                return n;
            i += 16;
        }
    }
#endif
    if (n >= 8) {
        for (; i + 8 <= n; i += 8) {
            memcpy(&w, s + i, sizeof(w)); /* any alignment and byte order */
            if (word_has_special(w))
                goto bytes;
            memcpy(out + i, &w, sizeof(w));
        }
        memcpy(&w, s + n - 8, sizeof(w));
        if (!word_has_special(w)) {
            memcpy(out + n - 8, &w, sizeof(w));
            return n;
        }
    } else if (n >= 4) {
        uint32_t a, z;

        memcpy(&a, s, sizeof(a));
        memcpy(&z, s + n - 4, sizeof(z));
        /* the two halves of one word: the tests are byte by byte */
        if (!word_has_special(a | (uint64_t)z << 32)) {
            memcpy(out, &a, sizeof(a));
            memcpy(out + n - 4, &z, sizeof(z));
            return n;
        }
    }
bytes:
    for (; i < n && json_plain[(unsigned char)s[i]]; i++)
        out[i] = s[i];
    return i;
}

/* Appends the escape of c, a byte that is not json_plain. */
static void
json_escape(struct fbuf *b, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char u[7] = "\\u00";

    switch (c) {
    case '"':
        fbuf_put(b, "\\\"", 2);
        break;
    case '\\':
        fbuf_put(b, "\\\\", 2);
        break;
    case '\n':
        fbuf_put(b, "\\n", 2);
        break;
    case '\r':
        fbuf_put(b, "\\r", 2);
        break;
    case '\t':
        fbuf_put(b, "\\t", 2);
        break;
    default:
        u[4] = hex[c >> 4];
        u[5] = hex[c & 15];
        fbuf_put(b, u, 6);
    }
}

/* The rest of a JSON string from s[i], a byte to escape, on: each run of
 * plain bytes is copied straight into the buffer and the byte that ends
 * it escaped with an ordinary append, after which room is made again for
 * the rest and the closing quote. */
static NOINLINE void
json_escaped_rest(struct fbuf *b, const char *s, size_t i, size_t n)
{
    for (;;) {
        json_escape(b, (unsigned char)s[i++]);
        if (fbuf_reserve(b, n - i + 1))
            return;

        size_t run = json_copy_plain(b->s + b->n, s + i, n - i);

        b->n += run;
        i += run;
        if (i == n)
            break;
    }
    b->s[b->n++] = '"';
}

/* Most strings need no escape: room is made for all of the string and its
 * quotes at once and the string copied straight into the buffer; the
 * rare one with a byte to escape goes on out of line, so that the common
 * case stays a short function. */
void
fbuf_json(struct fbuf *b, const char *s, size_t n)
{
    size_t run;

    if (fbuf_reserve(b, n + 2))
        return;
    b->s[b->n++] = '"';
    run = json_copy_plain(b->s + b->n, s, n);
    b->n += run;
    if (run == n)
        b->s[b->n++] = '"';
    else
        json_escaped_rest(b, s, run, n);
}

void
fbuf_html(struct fbuf *b, const char *s, size_t n)
{
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc;

        switch (c) {
        case '&':
            esc = "&amp;";
            break;
        case '<':
            esc = "&lt;";
            break;
        case '>':
            esc = "&gt;";
            break;
        case '"':
            esc = "&quot;";
            break;
        case '\'':
            esc = "&#39;";
            break;
        case '\t':
        case '\n':
        case '\r':
            continue;
        default:
            /* HTML allows no other control characters (NUL included) */
            if (c >= 0x20 && c != 0x7F)
                continue;
            esc = "&#xFFFD;";
        }
        fbuf_put(b, s + run, i - run);
        run = i + 1;
        fbuf_puts(b, esc);
    }
    fbuf_put(b, s + run, n - run);
}

char *
fbuf_take(struct fbuf *b)
{
    char *s = NULL;

    if (!b->oom && !b->s) {
        b->s = ws_calloc(1, 1); /* nothing written: "" */
        b->oom = !b->s;
    }
    if (!b->oom) {
        s = b->s;
        s[b->n] = '\0'; /* fbuf_grow always leaves room for it */
    } else {
        ws_free(b->s);
    }
    memset(b, 0, sizeof(*b));
    return s;
}

/* Two digits a step: "00" to "99" side by side, so that v % 100 indexes the
 * pair (half the divisions of a digit-by-digit loop). */
static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

/* Returns the number of decimal digits of v: four at a time, then the
 * last one to four without a loop (offsets and ids rarely reach 10,000). */
static size_t
count_digits(uint64_t v)
{
    size_t n = 1;

    for (; v >= 10000; v /= 10000)
        n += 4;
    return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* Digits are written straight into the buffer, from the last, once their
 * number is known. Most numbers (offsets, ids) have four digits or fewer:
 * those are one or two pairs, from one division by 100 in 32 bits. */
void
fbuf_uint(struct fbuf *b, size_t v)
{
    size_t len;
    char *end;

    if (v < 10000) {
        uint32_t hi = (uint32_t)v / 100, lo = (uint32_t)v % 100;
        char *p;

        if (fbuf_reserve(b, 4))
            return;
        p = b->s + b->n;
        if (hi == 0) {
            if (lo < 10) {
                p[0] = (char)('0' + lo);
                b->n += 1;
            } else {
                memcpy(p, digit_pairs + 2 * lo, 2);
                b->n += 2;
            }
        } else if (hi < 10) {
            p[0] = (char)('0' + hi);
            memcpy(p + 1, digit_pairs + 2 * lo, 2);
            b->n += 3;
        } else {
            memcpy(p, digit_pairs + 2 * hi, 2);
            memcpy(p + 2, digit_pairs + 2 * lo, 2);
            b->n += 4;
        }
        return;
    }
    len = count_digits(v);
    if (fbuf_reserve(b, len))
        return;
    end = b->s + b->n + len;
    b->n += len;
    while (v >= 100) {
        end -= 2;
        memcpy(end, digit_pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10)
        memcpy(end - 2, digit_pairs + 2 * v, 2);
    else
        end[-1] = (char)('0' + v);
}
