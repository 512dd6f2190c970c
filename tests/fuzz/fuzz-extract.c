/* SPDX-License-Identifier: MIT */
/* fuzz-extract.c - fuzz target: ws_extract and ws_result_json on raw text.
 *
 * The input is the article. It runs through two models: the defaults, and
 * the defaults with every limit tiny, so that the limit paths are fuzzed
 * too. Whatever the input, ws_extract must return WS_OK, WS_UTF8 or
 * WS_LIMIT with a message and no result; on success the JSON must parse,
 * carry the text back unchanged, and keep every start/end inside it.
 */
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "whosaid.h"

static struct ws_model *model_default, *model_tight;

static struct ws_model *
load(int tight)
{
    static const size_t small[WS_LIMIT__COUNT] = {
        [WS_LIMIT_DOC_BYTES] = 2048, [WS_LIMIT_TOKENS] = 60,
        [WS_LIMIT_MENTIONS] = 8,     [WS_LIMIT_QUOTES] = 3,
        [WS_LIMIT_QUOTE_BYTES] = 40, [WS_LIMIT_MATCH] = 200,
        [WS_LIMIT_DEPTH] = 20,
    };
    struct ws_options *o = ws_options_new();
    struct ws_model *m = NULL;
    struct ws_error err;

    FUZZ_CHECK(o != NULL);
    for (int k = 0; tight && k < WS_LIMIT__COUNT; k++)
        if (small[k])
            FUZZ_CHECK(ws_options_set_limit(o, (enum ws_limit)k, small[k]) ==
                       WS_OK);
    if (ws_model_load(o, &m, &err) != WS_OK) {
        fprintf(stderr, "fuzz-extract: %s\n", err.message);
        abort();
    }
    ws_options_free(o);
    return m;
}

/* Every object with integer "start" and "end" must lie in [0, ncp]. */
static void
check_spans(json_t *j, json_int_t ncp)
{
    const char *key;
    json_t *v;
    size_t i;

    if (json_is_array(j)) {
        json_array_foreach(j, i, v) check_spans(v, ncp);
        return;
    }
    if (!json_is_object(j))
        return;
    json_t *s = json_object_get(j, "start"), *e = json_object_get(j, "end");

    if (json_is_integer(s) && json_is_integer(e)) {
        FUZZ_CHECK(json_integer_value(s) >= 0);
        FUZZ_CHECK(json_integer_value(s) <= json_integer_value(e));
        FUZZ_CHECK(json_integer_value(e) <= ncp);
    }
    json_object_foreach(j, key, v) check_spans(v, ncp);
}

static void
run(const struct ws_model *m, const char *text, size_t len)
{
    struct ws_result *r = (struct ws_result *)text; /* must be reset */
    struct ws_error err;
    json_error_t jerr;
    json_int_t ncp = 0;
    json_t *j, *t;
    char *s;
    int rc = ws_extract(m, text, len, &r, &err);

    FUZZ_CHECK(err.code == rc);
    if (rc != WS_OK) {
        FUZZ_CHECK(rc == WS_UTF8 || rc == WS_LIMIT);
        FUZZ_CHECK(r == NULL);
        FUZZ_CHECK(err.message[0] != '\0');
        return;
    }
    FUZZ_CHECK(r != NULL);
    for (size_t i = 0; i < len; i++)
        ncp += ((unsigned char)text[i] & 0xC0) != 0x80;

    s = ws_result_json(r, WS_JSON_TEXT | WS_JSON_EXPLAIN);
    FUZZ_CHECK(s != NULL && s[0] == '{');
    j = json_loads(s, JSON_ALLOW_NUL, &jerr);
    if (!j)
        fprintf(stderr, "bad JSON: %s: %s\n", jerr.text, s);
    FUZZ_CHECK(j != NULL);
    t = json_object_get(j, "text");
    FUZZ_CHECK(json_is_string(t) && json_string_length(t) == len &&
               memcmp(json_string_value(t), text, len) == 0);
    FUZZ_CHECK(json_array_size(json_object_get(j, "quotes")) ==
               ws_result_quote_count(r));
    FUZZ_CHECK(json_array_size(json_object_get(j, "entities")) ==
               ws_result_entity_count(r));
    check_spans(j, ncp);
    json_decref(j);
    free(s);

    s = ws_result_json(r, WS_JSON_PRETTY);
    FUZZ_CHECK(s != NULL);
    j = json_loads(s, JSON_ALLOW_NUL, &jerr);
    FUZZ_CHECK(j != NULL);
    json_decref(j);
    free(s);
    ws_result_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model_default) {
        model_default = load(0);
        model_tight = load(1);
    }
    run(model_default, (const char *)data, size);
    run(model_tight, (const char *)data, size);
    return 0;
}
