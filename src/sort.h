/* SPDX-License-Identifier: MIT */
/* sort.h - sorting arrays that come nearly in order. */
#ifndef WS_SORT_H
#define WS_SORT_H

#include <stddef.h>

/* Elements larger than this go straight to qsort. */
#define SORT_ELEM_MAX 128

/* Sorts v[0..n) of size-byte elements by cmp, as qsort would, but in
 * linear time when the input is nearly in order (each element a short
 * way from its place): an insertion sort, a comparison or two an element
 * where qsort costs dozens through its function pointer. Elements that
 * compare equal keep their order. Past eight moves an element on average
 * the input is not like that, and qsort finishes it. */
void sort_nearly_ordered(void *v, size_t n, size_t size,
                         int (*cmp)(const void *, const void *));

#endif
