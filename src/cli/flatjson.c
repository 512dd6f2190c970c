/* SPDX-License-Identifier: MIT */
/* flatjson.c - a fast reader for the common JSON Lines record.
 *
 * Nearly every record of a news dump is one flat object: "id", "text" and
 * a few more strings or numbers. Parsing those with jansson builds a tree
 * and copies the text twice; this validates the line by RFC 8259 in one
 * pass and decodes only the text. Anything it is not sure of — a nested
 * object or array, an escaped key, a lone surrogate — it declines, and the
 * caller parses the line with jansson as before, so errors and edge cases
 * keep jansson's exact behaviour.
 */
#include <stdint.h>
#include <string.h>

#include "cli.h"

static size_t
ws_skip(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                     s[i] == '\r'))
        i++;
    return i;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#if defined(__SSE2__) && !defined(WS_FLATJSON_PORTABLE)
#include <emmintrin.h>

/* Skips from s[i] over plain string bytes (all but '"', '\\' and control
 * bytes), sixteen at a time: two compares find the quote and the
 * backslash, and a byte is a control byte when min(x, 0x1F) == x. The
 * lowest set bit of the mask is the first byte to stop at, so the caller
 * lands on it at once. The last fifteen bytes or fewer are left to the
 * caller's byte loop. Every x86-64 has SSE2; defining
 * WS_FLATJSON_PORTABLE picks the word path below, which a unit test
 * (tests/cli/test-flatjson.c) compares against this one. */
static size_t
skip_plain(const char *s, size_t n, size_t i)
{
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\');
    const __m128i ctl = _mm_set1_epi8(0x1F);

    while (n - i >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i stop = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, slash)),
            _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x));
        unsigned mask = (unsigned)_mm_movemask_epi8(stop);

        if (mask)
            return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
    return i;
}
#else
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Whether any of the 8 bytes in x ends or interrupts a plain run of a
 * JSON string: '"', '\\' or a control byte. Each test sets a byte's high
 * bit when that byte matches (and never when no byte does), so one word
 * answers for 8 bytes: an article's text is long runs of plain bytes. */
static int
special8(uint64_t x)
{
    uint64_t quote = x ^ (ONES * '"'), slash = x ^ (ONES * '\\');
    uint64_t hits = ((quote - ONES) & ~quote) | ((slash - ONES) & ~slash) |
                    ((x - ONES * 0x20) & ~x);

    return (hits & HIGHS) != 0;
}

/* Skips from s[i] over plain string bytes, 8 at a time while no byte of
 * the word is special; the caller's byte loop decides the rest. */
static size_t
skip_plain(const char *s, size_t n, size_t i)
{
    while (n - i >= 8) {
        uint64_t x;

        memcpy(&x, s + i, 8);
        if (special8(x))
            break;
        i += 8;
    }
    return i;
}
#endif

/* A string starting at s[i] == '"': returns the index after its closing
 * quote, or 0 when it is not valid (or holds a \u escape this reader
 * leaves to jansson). *escaped says whether it has backslashes. */
static size_t
scan_string(const char *s, size_t n, size_t i, int *escaped)
{
    *escaped = 0;
    for (i = skip_plain(s, n, i + 1); i < n; i = skip_plain(s, n, i + 1)) {
        unsigned char c = (unsigned char)s[i];

        if (c == '"')
            return i + 1;
        if (c < 0x20)
            return 0;
        if (c != '\\')
            continue;
        *escaped = 1;
        if (++i >= n)
            return 0;
        switch (s[i]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n':
        case 'r': case 't':
            break;
        case 'u': {
            unsigned v = 0;

            if (i + 4 >= n)
                return 0;
            for (int k = 1; k <= 4; k++) {
                int h = hexval(s[i + k]);
                if (h < 0)
                    return 0;
                v = v << 4 | (unsigned)h;
            }
            /* surrogates and NUL: jansson's rules, jansson's messages */
            if (v == 0 || (v >= 0xD800 && v <= 0xDFFF))
                return 0;
            i += 4;
            break;
        }
        default:
            return 0;
        }
    }
    return 0;
}

static size_t
scan_number(const char *s, size_t n, size_t i)
{
    size_t start, begin = i;

    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0') {
        i++;
    } else {
        start = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start || s[start] == '0')
            return 0;
    }
    if (i < n && s[i] == '.') {
        start = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start)
            return 0;
    }
    /* an exponent, or more digits than a double holds, may overflow:
     * jansson decides those, with its own error */
    if (i < n && (s[i] == 'e' || s[i] == 'E'))
        return 0;
    return i - begin > 300 ? 0 : i;
}

static size_t
scan_literal(const char *s, size_t n, size_t i, const char *lit)
{
    size_t k = strlen(lit);

    return n - i >= k && memcmp(s + i, lit, k) == 0 ? i + k : 0;
}

int
flat_object(const char *s, size_t n, struct json_member *out, size_t max,
            size_t *count)
{
    size_t i = ws_skip(s, n, 0), m = 0;
    int escaped;

    if (i >= n || s[i] != '{')
        return 0;
    i = ws_skip(s, n, i + 1);
    if (i < n && s[i] == '}')
        goto end;
    for (;;) {
        size_t k, v, e;

        if (i >= n || s[i] != '"' || m >= max)
            return 0;
        k = i;
        e = scan_string(s, n, i, &escaped);
        if (!e || escaped)
            return 0;
        out[m].key = s + k;
        out[m].key_len = e - k;
        for (size_t j = 0; j < m; j++)
            if (out[j].key_len == out[m].key_len &&
                memcmp(out[j].key, out[m].key, out[m].key_len) == 0)
                return 0; /* a duplicate: jansson says which */
        i = ws_skip(s, n, e);
        if (i >= n || s[i] != ':')
            return 0;
        i = ws_skip(s, n, i + 1);
        v = i;
        if (i >= n)
            return 0;
        switch (s[i]) {
        case '"': e = scan_string(s, n, i, &escaped); break;
        case 't': e = scan_literal(s, n, i, "true"); break;
        case 'f': e = scan_literal(s, n, i, "false"); break;
        case 'n': e = scan_literal(s, n, i, "null"); break;
        default: e = scan_number(s, n, i); break;
        }
        if (!e)
            return 0;
        out[m].val = s + v;
        out[m].val_len = e - v;
        m++;
        i = ws_skip(s, n, e);
        if (i < n && s[i] == ',') {
            i = ws_skip(s, n, i + 1);
            continue;
        }
        if (i < n && s[i] == '}')
            break;
        return 0;
    }
end:
    if (ws_skip(s, n, i + 1) != n)
        return 0;
    *count = m;
    return 1;
}

/* The decoded string is never longer than its escaped form, so the
 * escaped bytes are copied once, in one allocation, and unescaped where
 * they lie: the write position never passes the read position, and an
 * escape is read before anything is written over it. Text before the
 * first backslash does not move at all. */
int
flat_string(const char *v, size_t n, struct buf *b)
{
    size_t w, r, end;
    char *d;

    buf_add(b, v + 1, n - 2);
    if (b->oom)
        return -1;
    d = b->data;
    end = b->len;
    w = r = b->len - (n - 2);
    for (;;) {
        const char *bs = memchr(d + r, '\\', end - r);
        size_t run = bs ? (size_t)(bs - (d + r)) : end - r;

        if (w != r)
            memmove(d + w, d + r, run);
        w += run;
        r += run + 1; /* past the backslash */
        if (!bs)
            break;
        switch (d[r]) {
        case 'b': d[w++] = '\b'; break;
        case 'f': d[w++] = '\f'; break;
        case 'n': d[w++] = '\n'; break;
        case 'r': d[w++] = '\r'; break;
        case 't': d[w++] = '\t'; break;
        case 'u': {
            unsigned x = (unsigned)(hexval(d[r + 1]) << 12 |
                                    hexval(d[r + 2]) << 8 |
                                    hexval(d[r + 3]) << 4 | hexval(d[r + 4]));

            if (x < 0x80) {
                d[w++] = (char)x;
            } else if (x < 0x800) {
                d[w++] = (char)(0xC0 | x >> 6);
                d[w++] = (char)(0x80 | (x & 0x3F));
            } else {
                d[w++] = (char)(0xE0 | x >> 12);
                d[w++] = (char)(0x80 | (x >> 6 & 0x3F));
                d[w++] = (char)(0x80 | (x & 0x3F));
            }
            r += 4;
            break;
        }
        default: d[w++] = d[r]; break; /* " \\ / */
        }
        r++;
    }
    b->len = w;
    d[w] = '\0';
    return 0;
}
