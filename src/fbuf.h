/* SPDX-License-Identifier: MIT */
/* fbuf.h - a growing output buffer with a sticky out-of-memory flag. */
#ifndef WS_FBUF_H
#define WS_FBUF_H

#include <stddef.h>
#include <string.h>

struct fbuf {
    char *s; /* NUL-terminated only by fbuf_take: use n */
    size_t n, cap;
    int oom;
};

/* Makes room for more bytes (and a NUL). Returns 0, or -1 with oom set. */
int fbuf_grow(struct fbuf *b, size_t more);

/* Makes room for n more bytes after s[b->n] (and a NUL), so that a writer
 * can store them directly. Returns 0, or -1 once out of memory. */
static inline int
fbuf_reserve(struct fbuf *b, size_t n)
{
    return b->n + n + 1 > b->cap ? fbuf_grow(b, n) : 0;
}

/* Appends s[0..n); does nothing once out of memory. */
static inline void
fbuf_put(struct fbuf *b, const char *s, size_t n)
{
    if (fbuf_reserve(b, n))
        return;
    memcpy(b->s + b->n, s, n);
    b->n += n;
}

void fbuf_puts(struct fbuf *b, const char *s);
void fbuf_printf(struct fbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as a quoted JSON string. */
void fbuf_json(struct fbuf *b, const char *s, size_t n);
/* Appends s with & < > " ' as HTML character references. */
void fbuf_html(struct fbuf *b, const char *s, size_t n);
/* Returns the string, NUL-terminated (caller frees with ws_free; "" when
 * nothing was written) or NULL when out of memory; b is left empty either
 * way. */
char *fbuf_take(struct fbuf *b);

/* Appends the decimal digits of v. */
void fbuf_uint(struct fbuf *b, size_t v);

#endif
