/* SPDX-License-Identifier: MIT */
/* sort.c - sorting arrays that come nearly in order.
 *
 * Several stages produce arrays that are in order but for a few elements:
 * quotes found as spans and then as reported clauses, entities made in
 * order of first mention but for a few joined later. They all sort here.
 */
#include "sort.h"

#include <stdlib.h>
#include <string.h>

void
sort_nearly_ordered(void *v, size_t n, size_t size,
                    int (*cmp)(const void *, const void *))
{
    unsigned char *a = v, x[SORT_ELEM_MAX];
    size_t moves = 0;

    if (size > sizeof(x)) {
        qsort(v, n, size, cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        unsigned char *at = a + i * size;
        size_t j = i;

        if (cmp(at - size, at) <= 0)
            continue;
        memcpy(x, at, size);
        /* strictly smaller: an equal element stays behind its equal */
        while (j > 0 && cmp(x, a + (j - 1) * size) < 0)
            j--;
        memmove(a + (j + 1) * size, a + j * size, (i - j) * size);
        memcpy(a + j * size, x, size);
        moves += i - j;
        if (moves > 8 * n) {
            qsort(v, n, size, cmp);
            return;
        }
    }
}
