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
#include <stdio.h>
#include <string.h>

#include "alloc.h"

int
fbuf_grow(struct fbuf *b, size_t more)
{
    size_t cap = b->cap ? b->cap * 2 : 4096;

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

void
fbuf_json(struct fbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;

    fbuf_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char u[7] = "\\u00";

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        fbuf_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            fbuf_puts(b, "\\\"");
            break;
        case '\\':
            fbuf_puts(b, "\\\\");
            break;
        case '\n':
            fbuf_puts(b, "\\n");
            break;
        case '\r':
            fbuf_puts(b, "\\r");
            break;
        case '\t':
            fbuf_puts(b, "\\t");
            break;
        default:
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            fbuf_put(b, u, 6);
        }
    }
    fbuf_put(b, s + run, n - run);
    fbuf_put(b, "\"", 1);
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
    if (!b->oom)
        s = b->s;
    else
        ws_free(b->s);
    memset(b, 0, sizeof(*b));
    return s;
}


void
fbuf_uint(struct fbuf *b, size_t v)
{
    char buf[24];
    size_t i = sizeof(buf);

    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    fbuf_put(b, buf + i, sizeof(buf) - i);
}
