/* SPDX-License-Identifier: MIT */
/* api.c - the public entry points: extraction, results, status codes.
 *
 * Implements whosaid.h around the pipeline: checks the input, runs the
 * stages, and turns every failure into a status code and a message. The
 * result owns a copy of the text so that callers may free theirs at once;
 * the copy lives in the result's own allocation, right after it.
 */
#include "whosaid.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "emit.h"
#include "fold.h"
#include "format.h"
#include "model.h"
#include "pipeline.h"

struct ws_result {
    struct doc doc;
    char *text; /* the bytes right after the struct, NUL-terminated */
};

const char *
ws_strerror(int status)
{
    switch (status) {
#define WS_STATUS_MSG(num, name, msg)                                       \
    case num:                                                               \
        return msg;
        WS_STATUS_MAP(WS_STATUS_MSG)
#undef WS_STATUS_MSG
    default:
        return "unknown status";
    }
}

const char *
ws_status_name(int status)
{
    switch (status) {
#define WS_STATUS_NAME(num, name, msg)                                      \
    case num:                                                               \
        return #name;
        WS_STATUS_MAP(WS_STATUS_NAME)
#undef WS_STATUS_NAME
    default:
        return "UNKNOWN";
    }
}

static int
fail(struct ws_error *err, int code, const char *msg)
{
    if (err) {
        err->code = code;
        snprintf(err->message, sizeof(err->message), "%s",
                 msg && msg[0] ? msg : ws_strerror(code));
    }
    return code;
}

int
ws_extract(const struct ws_model *model, const char *text, size_t len,
           struct ws_result **out, struct ws_error *err)
{
    const struct model *m = (const struct model *)model;
    struct ws_result *r;
    char msg[300];
    size_t valid;
    int rc;

    if (!out)
        return fail(err, WS_INVALID, "ws_extract: out is NULL");
    *out = NULL;
    if (!m || (!text && len))
        return fail(err, WS_INVALID, "ws_extract: no model or no text");
    if (len > m->limits[WS_LIMIT_DOC_BYTES]) {
        snprintf(msg, sizeof(msg),
                 "document of %zu bytes is over the limit of %zu bytes", len,
                 m->limits[WS_LIMIT_DOC_BYTES]);
        return fail(err, WS_LIMIT, msg);
    }
    valid = fold_valid_prefix(text, len);
    if (valid != len) {
        snprintf(msg, sizeof(msg), "invalid UTF-8 at byte %zu", valid);
        return fail(err, WS_UTF8, msg);
    }
    r = len < SIZE_MAX - sizeof(*r) ? ws_malloc(sizeof(*r) + len + 1) : NULL;
    if (!r)
        return fail(err, WS_NOMEM, NULL);
    r->text = (char *)(r + 1);
    if (len)
        memcpy(r->text, text, len);
    r->text[len] = '\0';
    doc_init(&r->doc, m, r->text, len);
    rc = pipeline_run(&r->doc);
    if (rc) {
        fail(err, rc, rc == WS_NOMEM ? NULL : r->doc.err);
        ws_result_free(r);
        return rc;
    }
    *out = r;
    if (err) {
        err->code = WS_OK;
        err->message[0] = '\0';
    }
    return WS_OK;
}

void
ws_result_free(struct ws_result *r)
{
    if (!r)
        return;
    doc_free(&r->doc);
    ws_free(r);
}

char *
ws_result_json(const struct ws_result *r, int flags)
{
    /* ws_malloc is malloc underneath, so the caller's free() matches */
    return r ? emit_json(&r->doc, flags) : NULL;
}

char *
ws_result_format(const struct ws_result *r, enum ws_format fmt,
                 const char *doc_id, int flags)
{
    return r ? format_doc(&r->doc, fmt, doc_id, flags) : NULL;
}

size_t
ws_result_entity_count(const struct ws_result *r)
{
    size_t n = 0;

    for (size_t i = 0; r && i < r->doc.ent.n; i++)
        n += r->doc.ent.v[i].emitted_id != 0;
    return n;
}

size_t
ws_result_quote_count(const struct ws_result *r)
{
    return r ? r->doc.quote.n : 0;
}
