/* SPDX-License-Identifier: MIT */
/* alloc.h - the library's allocator, with a failure hook for tests.
 *
 * Every allocation in libwhosaid goes through these so that the
 * allocation-failure sweep (tests/test-oom.c) can make the Nth one fail.
 */
#ifndef WS_ALLOC_H
#define WS_ALLOC_H

#include <stddef.h>

void *ws_malloc(size_t n);
void *ws_calloc(size_t n, size_t size);
void *ws_realloc(void *p, size_t n);
char *ws_strdup(const char *s);
char *ws_strndup(const char *s, size_t n);
void ws_free(void *p);

/* Test hook: after `n` more successful allocations, every allocation fails
 * (returns NULL) until reset with n < 0. Not thread-safe; tests only. */
void alloc_fail_after(long n);

#endif
