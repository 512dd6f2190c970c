/* SPDX-License-Identifier: MIT */
/* test-sort.c - Check suite for sort.c: sorting arrays that come nearly
 * in order, against a plain stable sort, in order, nearly in order, and
 * shuffled (the qsort path).
 */
#include "sort.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct item {
    uint32_t key;
    uint32_t seq; /* its place in the input, to check stability */
};

static int
cmp_key(const void *a, const void *b)
{
    const struct item *x = a, *y = b;

    return x->key < y->key ? -1 : x->key > y->key;
}

static uint32_t
next_rand(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* The expected order: a stable insertion sort, with no shortcut. */
static void
reference_sort(struct item *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct item x = v[i];
        size_t j = i;

        for (; j > 0 && v[j - 1].key > x.key; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* n items with keys from few distinct values (many equal ones), in order
 * but for `moved` of them put far from their place, or shuffled. */
static void
make(struct item *v, size_t n, size_t moved, int shuffled, uint32_t *seed)
{
    for (size_t i = 0; i < n; i++)
        v[i].key = (uint32_t)(i / 3);
    for (size_t k = 0; k < (shuffled ? n : moved) && n > 1; k++) {
        size_t a = next_rand(seed) % n, b = next_rand(seed) % n;
        uint32_t t = v[a].key;

        v[a].key = v[b].key;
        v[b].key = t;
    }
    for (size_t i = 0; i < n; i++)
        v[i].seq = (uint32_t)i;
}

START_TEST(test_sort_nearly_ordered_as_a_stable_sort)
{
    /* nearly in order: the insertion sort's answer, equal keys in their
     * input order */
    uint32_t seed = 42;
    struct item v[300], want[300];

    for (size_t n = 0; n <= 300; n += n < 10 ? 1 : 37)
        for (size_t moved = 0; moved <= 4; moved++) {
            make(v, n, moved, 0, &seed);
            memcpy(want, v, n * sizeof(*v));
            reference_sort(want, n);
            sort_nearly_ordered(v, n, sizeof(*v), cmp_key);
            ck_assert_msg(memcmp(v, want, n * sizeof(*v)) == 0,
                          "n %zu, %zu moved", n, moved);
        }
}
END_TEST

START_TEST(test_sort_shuffled_input_is_sorted)
{
    /* shuffled: past its budget of moves the insertion sort hands over to
     * qsort; the keys come out in order (qsort promises no stability) */
    uint32_t seed = 7;
    struct item v[2000];
    uint32_t count[700] = {0}, after[700] = {0};

    make(v, 2000, 0, 1, &seed);
    for (size_t i = 0; i < 2000; i++)
        count[v[i].key]++;
    sort_nearly_ordered(v, 2000, sizeof(*v), cmp_key);
    for (size_t i = 0; i < 2000; i++) {
        if (i)
            ck_assert_uint_le(v[i - 1].key, v[i].key);
        after[v[i].key]++;
    }
    ck_assert_mem_eq(count, after, sizeof(count));
}
END_TEST

START_TEST(test_sort_large_elements_go_to_qsort)
{
    struct big {
        uint32_t key;
        char pad[SORT_ELEM_MAX];
    } v[50];

    for (size_t i = 0; i < 50; i++) {
        memset(&v[i], 0, sizeof(v[i]));
        v[i].key = (uint32_t)((i * 37) % 50);
        v[i].pad[SORT_ELEM_MAX - 1] = (char)v[i].key;
    }
    sort_nearly_ordered(v, 50, sizeof(v[0]), cmp_key);
    for (size_t i = 0; i < 50; i++) {
        ck_assert_uint_eq(v[i].key, i);
        ck_assert_int_eq(v[i].pad[SORT_ELEM_MAX - 1], (char)i);
    }
}
END_TEST

static Suite *
sort_suite(void)
{
    Suite *s = suite_create("sort");
    TCase *tc = tcase_create("sort");

    tcase_add_test(tc, test_sort_nearly_ordered_as_a_stable_sort);
    tcase_add_test(tc, test_sort_shuffled_input_is_sorted);
    tcase_add_test(tc, test_sort_large_elements_go_to_qsort);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(sort_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
