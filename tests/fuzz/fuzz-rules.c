/* SPDX-License-Identifier: MIT */
/* fuzz-rules.c - fuzz target: the rule file parser and PCRE2 matching.
 *
 * The input is a rule file. It is parsed after the built-in classes.rules
 * (word classes and macros only, cheap to parse) so that it may use their
 * names, compiled with PCRE2, given small match and depth limits, then a
 * model made of the built-in gazetteers and these rules extracts from a
 * fixed article: a pattern that backtracks without end must give
 * WS_LIMIT, never hang. Problems must be reported as "name:line: ...".
 */
#include <string.h>

#include "defaults.h"
#include "fuzz.h"
#include "fuzz-model.h"
#include "gazetteer.h"
#include "model.h"

static void
report(void *ctx, const char *line)
{
    int *n = ctx;

    FUZZ_CHECK(strstr(line, ".rules:") != NULL);
    (*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct model m;
    struct ws_result *r = NULL;
    struct ws_error err;
    int problems = 0, rc;

    fuzz_model_init(&m, 20000, 200);
    FUZZ_CHECK(gazetteer_from_image(&m.gz, default_image,
                                    default_image_size()) == 0);
    for (size_t i = 0; i < default_nfiles; i++)
        if (strcmp(default_files[i].name, "classes.rules") == 0)
            FUZZ_CHECK(rules_parse(&m.rules, "classes.rules",
                                   default_files[i].data,
                                   default_files[i].len, report,
                                   &problems) == 0);
    rc = rules_parse(&m.rules, "fuzz.rules", (const char *)data, size,
                     report, &problems);
    FUZZ_CHECK(rc == problems);
    rules_jit(&m.rules, 1);
    FUZZ_CHECK(rules_set_limits(&m.rules, m.limits[WS_LIMIT_MATCH],
                                m.limits[WS_LIMIT_DEPTH]) == 0);
    if (problems == 0) {
        rc = ws_extract((const struct ws_model *)&m, FUZZ_ARTICLE,
                        strlen(FUZZ_ARTICLE), &r, &err);
        FUZZ_CHECK(rc == WS_OK || rc == WS_LIMIT);
        if (rc == WS_OK)
            free(ws_result_json(r, WS_JSON_EXPLAIN));
        ws_result_free(r);
    }
    gazetteer_free(&m.gz);
    rules_free(&m.rules);
    return 0;
}
