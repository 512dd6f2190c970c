/* SPDX-License-Identifier: MIT */
/* fuzz-gazetteer.c - fuzz target: the gazetteer file parser and matcher.
 *
 * The input is a gazetteer file. It is parsed and built as ws_model_load
 * does for a user file given with the defaults off (gazetteer_parse, then
 * gazetteer_build), then a model made of it alone extracts from a fixed
 * article, so that what was parsed is also matched. Problems must be
 * reported as "name:line: ..." lines; nothing may crash or leak.
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz-model.h"
#include "gazetteer.h"
#include "model.h"

static void
report(void *ctx, const char *line)
{
    int *n = ctx;

    FUZZ_CHECK(strncmp(line, "fuzz.tsv:", 9) == 0);
    (*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct model m;
    struct ws_result *r = NULL;
    int problems = 0, rc;

    fuzz_model_init(&m, 100000, 1000);
    rc = gazetteer_parse(&m.gz, "fuzz.tsv", (const char *)data, size, report,
                         &problems);
    FUZZ_CHECK(rc == problems);
    FUZZ_CHECK(gazetteer_build(&m.gz) == 0);
    FUZZ_CHECK(rules_set_limits(&m.rules, 100000, 1000) == 0);
    rc = ws_extract((const struct ws_model *)&m, FUZZ_ARTICLE,
                    strlen(FUZZ_ARTICLE), &r, NULL);
    FUZZ_CHECK(rc == WS_OK);
    free(ws_result_json(r, WS_JSON_EXPLAIN));
    ws_result_free(r);
    gazetteer_free(&m.gz);
    rules_free(&m.rules);
    return 0;
}
