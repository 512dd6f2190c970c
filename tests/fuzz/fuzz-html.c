/* SPDX-License-Identifier: MIT */
/* fuzz-html.c - fuzz target: the HTML extractor, ws_html_text.
 *
 * The input is an HTML page. ws_html_text must return WS_OK with a
 * NUL-terminated text no longer than its limit, or an error status with
 * a message and no text. The text it returns must be valid UTF-8 that
 * ws_extract accepts (it may hit another limit, never WS_UTF8).
 */
#include <string.h>

#include "fuzz.h"
#include "whosaid.h"

static struct ws_model *model;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ws_result *r = NULL;
    struct ws_error err;
    char *text = (char *)data; /* must be reset */
    size_t len = 12345;
    int rc;

    if (!model && ws_model_load(NULL, &model, &err) != WS_OK)
        abort();
    rc = ws_html_text((const char *)data, size, 4096, &text, &len, &err);
    FUZZ_CHECK(err.code == rc);
    if (rc != WS_OK) {
        FUZZ_CHECK(err.message[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(text != NULL && text[len] == '\0' && len <= 4096);
    rc = ws_extract(model, text, len, &r, &err);
    FUZZ_CHECK(rc == WS_OK || rc == WS_LIMIT);
    if (rc == WS_OK)
        free(ws_result_json(r, WS_JSON_TEXT));
    ws_result_free(r);
    free(text);
    return 0;
}
