/* SPDX-License-Identifier: MIT */
/* alloc.c - the library's allocator, with a failure hook for tests.
 *
 * A thin layer over malloc. The countdown exists so that a test can prove
 * each allocation failure becomes WS_NOMEM and leaks nothing; in normal runs
 * it is negative and costs one predictable branch.
 */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

static long fail_countdown = -1;

static int
should_fail(void)
{
    if (fail_countdown < 0)
        return 0;
    if (fail_countdown == 0)
        return 1;
    fail_countdown--;
    return 0;
}

void
alloc_fail_after(long n)
{
    fail_countdown = n;
}

void *
ws_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *
ws_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *
ws_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *
ws_strndup(const char *s, size_t n)
{
    char *r = ws_malloc(n + 1);

    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

char *
ws_strdup(const char *s)
{
    return ws_strndup(s, strlen(s));
}

void
ws_free(void *p)
{
    free(p);
}
