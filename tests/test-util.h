/* SPDX-License-Identifier: MIT */
/* test-util.h - helpers shared by the unit test suites.
 *
 * Temporary data files (written under $TMPDIR or /tmp and removed by the
 * caller), models loaded from in-memory gazetteers and rules, a problem
 * collector for the data-file parsers, JSON results through jansson, and a
 * UTF-8 code point slicer for checking output offsets. Everything is
 * static inline so that each test file takes only what it uses.
 */
#ifndef WS_TEST_UTIL_H
#define WS_TEST_UTIL_H

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "whosaid.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The header every test gazetteer starts with. */
#define GZ_HEADER "name\ttype\tid\taliases\tattrs\n"

/* Writes content to a new temporary file; returns its path (free it, and
 * unlink it, with test_tmp_remove). */
static inline char *
test_tmp_write(const char *content)
{
    const char *dir = getenv("TMPDIR");
    char *path;
    size_t n;
    int fd;

    if (!dir || !dir[0])
        dir = "/tmp";
    n = strlen(dir) + 32;
    path = malloc(n);
    ck_assert_ptr_nonnull(path);
    snprintf(path, n, "%s/whosaid-test-XXXXXX", dir);
    fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "mkstemp failed in %s", dir);
    size_t len = strlen(content), off = 0;
    while (off < len) {
        ssize_t w = write(fd, content + off, len - off);

        ck_assert_msg(w > 0, "write to %s failed", path);
        off += (size_t)w;
    }
    close(fd);
    return path;
}

static inline void
test_tmp_remove(char *path)
{
    if (!path)
        return;
    unlink(path);
    free(path);
}

/* Loads a model. defaults: built-in data on or off; gz and rules: the
 * contents of one user gazetteer and one user rule file, or NULL. Fails
 * the test when the load fails. */
static inline struct ws_model *
test_model(int defaults, const char *gz, const char *rules)
{
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;
    struct ws_error err = {0};
    char *gpath = NULL, *rpath = NULL;
    int rc;

    ck_assert_ptr_nonnull(o);
    ws_options_set_defaults(o, defaults);
    if (gz) {
        gpath = test_tmp_write(gz);
        ck_assert_int_eq(ws_options_add_gazetteer(o, gpath), WS_OK);
    }
    if (rules) {
        rpath = test_tmp_write(rules);
        ck_assert_int_eq(ws_options_add_rules(o, rpath), WS_OK);
    }
    rc = ws_model_load(o, &m, &err);
    ws_options_free(o);
    test_tmp_remove(gpath);
    test_tmp_remove(rpath);
    ck_assert_msg(rc == WS_OK, "ws_model_load: %d %s", rc, err.message);
    ck_assert_ptr_nonnull(m);
    return m;
}

/* Extracts from text and returns the result's JSON as a string (free()). */
static inline char *
test_extract_str(const struct ws_model *m, const char *text, int flags)
{
    struct ws_result *r = NULL;
    struct ws_error err = {0};
    int rc = ws_extract(m, text, strlen(text), &r, &err);
    char *s;

    ck_assert_msg(rc == WS_OK, "ws_extract: %d %s", rc, err.message);
    s = ws_result_json(r, flags);
    ck_assert_ptr_nonnull(s);
    ws_result_free(r);
    return s;
}

/* Extracts from text and returns the parsed JSON (json_decref()). */
static inline json_t *
test_extract_json(const struct ws_model *m, const char *text, int flags)
{
    char *s = test_extract_str(m, text, flags);
    json_error_t jerr;
    json_t *j = json_loads(s, JSON_ALLOW_NUL, &jerr);

    ck_assert_msg(j != NULL, "bad JSON (%s): %s", jerr.text, s);
    free(s);
    return j;
}

/* Returns the first entity whose mentions include one with this text, or
 * NULL. Borrowed from j. */
static inline json_t *
test_entity_with_mention(json_t *j, const char *text)
{
    json_t *ents = json_object_get(j, "entities");
    size_t i, k;
    json_t *e, *m;

    json_array_foreach(ents, i, e) {
        json_array_foreach(json_object_get(e, "mentions"), k, m) {
            const char *t = json_string_value(json_object_get(m, "text"));

            if (t && strcmp(t, text) == 0)
                return e;
        }
    }
    return NULL;
}

/* The kb id of an entity, or NULL. */
static inline const char *
test_kb_id(json_t *entity)
{
    return json_string_value(
        json_object_get(json_object_get(entity, "kb"), "id"));
}

/* Problems reported by the data-file parsers, kept in order. */
struct test_problems {
    char line[16][600];
    int n;
};

static inline void
test_collect(void *ctx, const char *line)
{
    struct test_problems *p = ctx;

    if (p->n < (int)NELEMS(p->line))
        snprintf(p->line[p->n], sizeof(p->line[0]), "%s", line);
    p->n++;
}

/* Decodes valid UTF-8 text into a new array of code point byte offsets:
 * off[k] is where code point k starts, off[ncp] == len. */
static inline size_t *
test_cp_offsets(const char *text, size_t len, size_t *ncp)
{
    size_t *off = malloc((len + 1) * sizeof(*off));
    size_t n = 0;

    ck_assert_ptr_nonnull(off);
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            off[n++] = i;
    off[n] = len;
    *ncp = n;
    return off;
}

#ifdef TEST_DEFAULT_MODEL
/* The default model, loaded once for a test case: add it with
 * tcase_add_unchecked_fixture(tc, model_setup, model_teardown). Files that
 * want it define TEST_DEFAULT_MODEL before including this header. */
static struct ws_model *model;

static void
model_setup(void)
{
    model = test_model(1, NULL, NULL);
}

static void
model_teardown(void)
{
    ws_model_free(model);
    model = NULL;
}
#endif

#endif
