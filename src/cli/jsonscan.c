/* SPDX-License-Identifier: MIT */
/* jsonscan.c - byte-level JSON helpers: UTF-8 checks, quoting, copying.
 *
 * The output of the program is mostly spliced from bytes that are already
 * JSON: the library's result and the members of the input line that go
 * into "meta". Copying those bytes keeps numbers exactly as they were
 * written (a 20-digit id stays 20 digits; 0.1 does not become
 * 0.10000000000000001) and costs no tree. These helpers assume their input
 * was validated first (by jansson); they never allocate except through
 * struct buf.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#if defined(__SSE2__) && !defined(WS_JSONSCAN_PORTABLE)
#include <emmintrin.h>
#endif

#include "cli.h"

/* Returns the length of the valid UTF-8 sequence starting a non-ASCII
 * byte at p (n bytes left), or 0 when it is not valid. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t need, k;

    if (c >= 0xc2 && c <= 0xdf)
        need = 1;
    else if (c >= 0xe0 && c <= 0xef)
        need = 2;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 3;
    else
        return 0;
    if (n <= need)
        return 0;
    for (k = 1; k <= need; k++)
        if ((p[k] & 0xc0) != 0x80)
            return 0;
    /* Overlong forms, UTF-16 surrogates and code points past U+10FFFF
     * show in the second byte. */
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
        (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
        return 0;
    return need + 1;
}

/* Returns the index of the first byte from i on that is not ASCII, or n.
 * Most text is ASCII: sixteen bytes a step with SSE2, whose mask of high
 * bits says which byte ends the run, else eight a step in a 64-bit word
 * (WS_JSONSCAN_PORTABLE picks that path, which a unit test compares). */
static size_t
skip_ascii(const unsigned char *p, size_t n, size_t i)
{
#if defined(__SSE2__) && !defined(WS_JSONSCAN_PORTABLE)
    while (n - i >= 16) {
        unsigned mask = (unsigned)_mm_movemask_epi8(
            _mm_loadu_si128((const __m128i *)(const void *)(p + i)));

        if (mask)
            return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    while (n - i >= 8) {
        uint64_t w;

        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        i += 8;
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

size_t
utf8_check(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k;

    while (i < n) {
        if (p[i] < 0x80) {
            i = skip_ascii(p, n, i);
            continue;
        }
        k = utf8_seq(p + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

void
json_add_string(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0;

    buf_addc(b, '"');
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t ok;

        if (c >= 0x80) {
            ok = utf8_seq((const unsigned char *)s + i, n - i);
            if (ok == 0) {
                /* One bad byte becomes one U+FFFD; the rest goes on. */
                buf_add(b, s + run, i - run);
                buf_adds(b, "\xef\xbf\xbd");
                run = ++i;
                continue;
            }
            i += ok;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        buf_add(b, s + run, i - run);
        buf_addc(b, '\\');
        switch (c) {
        case '"': buf_addc(b, '"'); break;
        case '\\': buf_addc(b, '\\'); break;
        case '\n': buf_addc(b, 'n'); break;
        case '\r': buf_addc(b, 'r'); break;
        case '\t': buf_addc(b, 't'); break;
        case '\b': buf_addc(b, 'b'); break;
        case '\f': buf_addc(b, 'f'); break;
        default:
            buf_adds(b, "u00");
            buf_addc(b, hex[c >> 4]);
            buf_addc(b, hex[c & 15]);
            break;
        }
        run = ++i;
    }
    buf_add(b, s + run, n - run);
    buf_addc(b, '"');
}

static int
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && is_ws(s[i]))
        i++;
    return i;
}

/* i is at the opening quote; returns the index after the closing one.
 * Strings are most of the bytes (the article text), so memchr finds each
 * candidate quote and only the backslashes before it are looked at. */
static size_t
skip_string(const char *s, size_t n, size_t i)
{
    size_t open = i++;

    while (i < n) {
        const char *q = memchr(s + i, '"', n - i);
        size_t at, k;

        if (!q)
            return n;
        at = (size_t)(q - s);
        for (k = at; k > open + 1 && s[k - 1] == '\\'; k--)
            ;
        if ((at - k) % 2 == 0)
            return at + 1;
        i = at + 1;
    }
    return n;
}

static size_t
skip_value(const char *s, size_t n, size_t i)
{
    size_t depth = 0;

    if (i < n && s[i] == '"')
        return skip_string(s, n, i);
    if (i < n && (s[i] == '{' || s[i] == '[')) {
        while (i < n) {
            char c = s[i];

            if (c == '"') {
                i = skip_string(s, n, i);
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if ((c == '}' || c == ']') && --depth == 0)
                return i + 1;
            i++;
        }
        return n;
    }
    while (i < n && !is_ws(s[i]) && s[i] != ',' && s[i] != '}' &&
           s[i] != ']')
        i++;
    return i;
}

void
json_add_compact(struct buf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;

    while (i < n) {
        if (s[i] == '"') {
            i = skip_string(s, n, i);
            continue;
        }
        if (is_ws(s[i])) {
            buf_add(b, s + run, i - run);
            i = skip_ws(s, n, i);
            run = i;
            continue;
        }
        i++;
    }
    buf_add(b, s + run, n - run);
}

static void
add_indent(struct buf *b, size_t depth)
{
    static const char spaces[] = "                                ";
    size_t want = depth * 2;

    buf_addc(b, '\n');
    while (want > 0) {
        size_t k = want < sizeof(spaces) - 1 ? want : sizeof(spaces) - 1;

        buf_add(b, spaces, k);
        want -= k;
    }
}

void
json_add_pretty(struct buf *b, const char *s, size_t n)
{
    size_t i = 0, depth = 0;

    /* The layout of jansson's JSON_INDENT(2), so that both look alike. */
    while (i < n) {
        char c = s[i];
        size_t j;

        switch (c) {
        case '"':
            j = skip_string(s, n, i);
            buf_add(b, s + i, j - i);
            i = j;
            continue;
        case '{':
        case '[':
            j = skip_ws(s, n, i + 1);
            if (j < n && (s[j] == '}' || s[j] == ']')) {
                buf_addc(b, c);
                buf_addc(b, s[j]);
                i = j + 1;
                continue;
            }
            buf_addc(b, c);
            add_indent(b, ++depth);
            break;
        case '}':
        case ']':
            add_indent(b, depth ? --depth : 0);
            buf_addc(b, c);
            break;
        case ',':
            buf_addc(b, ',');
            add_indent(b, depth);
            break;
        case ':':
            buf_add(b, ": ", 2);
            break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        default:
            buf_addc(b, c);
            break;
        }
        i++;
    }
}

int
json_next_member(const char *s, size_t n, size_t *pos, struct json_member *m)
{
    size_t i = *pos;

    if (i == 0) {
        i = skip_ws(s, n, 0);
        if (i >= n || s[i] != '{')
            return -1;
        i++;
    }
    i = skip_ws(s, n, i);
    if (i < n && s[i] == ',')
        i = skip_ws(s, n, i + 1);
    if (i >= n)
        return -1;
    if (s[i] == '}') {
        *pos = i;
        return 0;
    }
    if (s[i] != '"')
        return -1;
    m->key = s + i;
    i = skip_string(s, n, i);
    m->key_len = (size_t)(s + i - m->key);
    i = skip_ws(s, n, i);
    if (i >= n || s[i] != ':')
        return -1;
    i = skip_ws(s, n, i + 1);
    m->val = s + i;
    i = skip_value(s, n, i);
    m->val_len = (size_t)(s + i - m->val);
    *pos = i;
    return 1;
}

int
json_member_is(const struct json_member *m, const char *name)
{
    size_t len = strlen(name);
    json_t *key;
    int same;

    if (m->key_len < 2)
        return 0;
    if (!memchr(m->key, '\\', m->key_len))
        return m->key_len == len + 2 && memcmp(m->key + 1, name, len) == 0;
    /* An escaped key ("\u0074ext") is rare: let jansson unescape it. */
    key = json_loadb(m->key, m->key_len, JSON_DECODE_ANY | JSON_ALLOW_NUL,
                     NULL);
    same = json_is_string(key) && json_string_length(key) == len &&
           memcmp(json_string_value(key), name, len) == 0;
    json_decref(key);
    return same;
}
