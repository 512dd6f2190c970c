/* SPDX-License-Identifier: MIT */
/* buf.c - a growable byte buffer for building output lines.
 *
 * Output lines are built by appending many small pieces; checking every
 * append for failure would bury the logic, so the buffer keeps a sticky
 * out-of-memory flag instead (as SQLite does): after the first failed
 * allocation every append does nothing and buf_take returns NULL, and the
 * caller checks once at the end. The buffer owns its data until buf_take
 * hands it over.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
buf_reserve(struct buf *b, size_t n)
{
    size_t cap;
    char *p;

    if (b->oom)
        return -1;
    if (n > SIZE_MAX - b->len - 1) {
        b->oom = 1;
        return -1;
    }
    if (b->len + n + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
        cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
    p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_reserve(b, (size_t)n) < 0) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *
buf_take(struct buf *b, size_t *len)
{
    char *p;

    /* An empty buffer still hands over "", so NULL always means oom. */
    if (!b->data && buf_reserve(b, 0) == 0 && b->data)
        b->data[0] = '\0';
    p = b->oom ? NULL : b->data;
    if (b->oom)
        free(b->data);
    if (len)
        *len = p ? b->len : 0;
    memset(b, 0, sizeof(*b));
    return p;
}

void
buf_free(struct buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}
