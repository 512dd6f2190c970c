/* SPDX-License-Identifier: MIT */
/* render.c - one record in, one output line out: the workers' job.
 *
 * For a JSON Lines record it checks the bytes are UTF-8, lets jansson
 * validate the line and decode "text", then copies "id" and the other
 * members (into "meta") as raw bytes, so that values come out exactly as
 * they went in. It calls ws_extract and splices {"id":...,"meta":...,
 * in front of the library's compact JSON instead of parsing it again.
 * With --format, the library's other formats take the place of the JSON
 * (ws_result_format) and error records take the format's own shape
 * (ws_format_error; JSON-LD keeps the JSON error object).
 * Anything that goes wrong becomes an error record on the record's own
 * line; nothing here stops the run. Runs on many threads at once: all it
 * shares is the read-only model. The output line belongs to the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

/* Finishes a line built in b: indents it when asked, hands it to rec. */
static void
finish(const struct render *r, struct record *rec, struct buf *b)
{
    struct buf pretty = { 0 };

    if (r->pretty && !b->oom) {
        json_add_pretty(&pretty, b->data, b->len);
        buf_free(b);
        *b = pretty;
    }
    free(rec->out);
    rec->out = buf_take(b, &rec->out_len);
}

/* Returns the record's id as plain text for the CSV, TSV and HTML formats
 * (caller frees): a string's value, a number as written, NULL for null.
 * Sets *oom when it cannot. */
static char *
id_text(const char *id_json, size_t id_len, int *oom)
{
    json_t *v;
    char *s = NULL;

    if (!id_json)
        return NULL;
    v = json_loadb(id_json, id_len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (!v) {
        *oom = 1;
        return NULL;
    }
    if (json_is_string(v))
        s = strdup(json_string_value(v));
    else if (!json_is_null(v))
        s = strndup(id_json, id_len);
    if (!s && !json_is_null(v))
        *oom = 1;
    json_decref(v);
    return s;
}

/* An error record in a table or page format: the id when known, else the
 * path for a whole file; "path:line: " before the message for a line. */
static void
put_error_format(const struct render *r, struct record *rec,
                 const char *id_json, size_t id_len, const char *code,
                 const char *message)
{
    struct buf msg = { 0 };
    char *id = NULL;
    int oom = 0;

    if (id_json)
        id = id_text(id_json, id_len, &oom);
    else if (rec->line == 0 && !(id = strdup(rec->path)))
        oom = 1;
    if (rec->line > 0)
        buf_printf(&msg, "%s:%llu: %s", rec->path, rec->line, message);
    else
        buf_adds(&msg, message);
    rec->failed = 1;
    free(rec->out);
    rec->out = NULL;
    if (!oom && !msg.oom)
        rec->out = ws_format_error(r->format, id, code, msg.data);
    rec->out_len = rec->out ? strlen(rec->out) : 0;
    free(id);
    buf_free(&msg);
}

/* id_json: the id as JSON text, or NULL for the default: the path for a
 * whole file, null for a line whose id is not known. */
static void
put_error(const struct render *r, struct record *rec, const char *id_json,
          size_t id_len, const char *code, const char *message)
{
    struct buf b = { 0 };

    if (r->format != WS_FORMAT_JSON && r->format != WS_FORMAT_JSONLD) {
        put_error_format(r, rec, id_json, id_len, code, message);
        return;
    }
    buf_adds(&b, "{\"id\":");
    if (id_json)
        buf_add(&b, id_json, id_len);
    else if (rec->line == 0)
        json_add_string(&b, rec->path, strlen(rec->path));
    else
        buf_adds(&b, "null");
    if (rec->line > 0)
        buf_printf(&b, ",\"line\":%llu", rec->line);
    buf_adds(&b, ",\"error\":{\"code\":");
    json_add_string(&b, code, strlen(code));
    buf_adds(&b, ",\"message\":");
    json_add_string(&b, message, strlen(message));
    buf_adds(&b, "}}");
    rec->failed = 1;
    finish(r, rec, &b);
}

/* A result in a format other than JSON: CSV/TSV rows or an HTML
 * <article> (the header and footer are written once, by extract.c), or a
 * JSON-LD object on one line. */
static void
put_formatted(const struct render *r, struct record *rec,
              const char *id_json, size_t id_len, const struct ws_result *res)
{
    struct buf b = { 0 };
    char *id, *s = NULL;
    int oom = 0;

    id = id_text(id_json, id_len, &oom);
    if (!oom)
        s = ws_result_format(res, r->format, id,
                             r->format == WS_FORMAT_JSONLD
                                 ? 0
                                 : WS_FORMAT_FRAGMENT);
    free(id);
    if (!s) {
        put_error(r, rec, id_json, id_len, ws_status_name(WS_NOMEM),
                  ws_strerror(WS_NOMEM));
        return;
    }
    if (r->format != WS_FORMAT_JSONLD) {
        free(rec->out);
        rec->out = s;
        rec->out_len = strlen(s);
        return;
    }
    buf_adds(&b, s);
    free(s);
    finish(r, rec, &b);
}

/* Puts {"id":...,"meta":..., in front of the library's members: json is
 * "{...}", and they follow ours after a comma unless it has none at all.
 * The library's string is grown to the line's size and its members moved
 * up in place, so the line is built in one allocation that b takes over
 * (*json is then NULL). Returns 0, or -1 when out of memory (*json is
 * still the caller's). */
static int
splice(struct buf *b, char **json, const char *id_json, size_t id_len,
       const char *meta, size_t meta_len)
{
    static const char id_key[] = "{\"id\":", meta_key[] = ",\"meta\":";
    size_t body = strlen(*json + 1); /* without the '{' */
    int comma = (*json)[1] != '}';
    size_t head = sizeof(id_key) - 1 + id_len +
                  (meta_len ? sizeof(meta_key) - 1 + meta_len : 0) +
                  (size_t)comma;
    char *line = realloc(*json, head + body + 1), *p;

    if (!line)
        return -1;
    *json = NULL;
    memmove(line + head, line + 1, body + 1); /* and the NUL */
    p = line;
    memcpy(p, id_key, sizeof(id_key) - 1);
    p += sizeof(id_key) - 1;
    memcpy(p, id_json, id_len);
    p += id_len;
    if (meta_len) {
        memcpy(p, meta_key, sizeof(meta_key) - 1);
        p += sizeof(meta_key) - 1;
        memcpy(p, meta, meta_len);
        p += meta_len;
    }
    if (comma)
        *p = ',';
    buf_free(b);
    b->data = line;
    b->len = head + body;
    b->cap = head + body + 1;
    return 0;
}

static void
put_result(const struct render *r, struct record *rec, const char *id_json,
           size_t id_len, const char *meta, size_t meta_len,
           const char *text, size_t len, int html)
{
    struct ws_error err = { 0 };
    struct ws_result *res = NULL;
    struct buf b = { 0 };
    char *json = NULL;
    int rc;

    char *page = NULL;
    size_t page_len = 0;

    if (html) {
        /* offsets then refer to the page's text, which --include-text
         * prints */
        rc = ws_html_text(text, len, 0, &page, &page_len, &err);
        if (rc != WS_OK) {
            put_error(r, rec, id_json, id_len, ws_status_name(rc),
                      err.message[0] ? err.message : ws_strerror(rc));
            goto out;
        }
        text = page;
        len = page_len;
    }
    rc = ws_extract(r->model, text, len, &res, &err);
    if (rc != WS_OK) {
        put_error(r, rec, id_json, id_len, ws_status_name(rc),
                  err.message[0] ? err.message : ws_strerror(rc));
        goto out;
    }
    if (r->format != WS_FORMAT_JSON) {
        put_formatted(r, rec, id_json, id_len, res);
        goto out;
    }
    json = ws_result_json(res, r->json_flags);
    if (!json || json[0] != '{' ||
        splice(&b, &json, id_json, id_len, meta, meta_len)) {
        put_error(r, rec, id_json, id_len, ws_status_name(WS_NOMEM),
                  ws_strerror(WS_NOMEM));
        goto out;
    }
    finish(r, rec, &b);
out:
    free(json);
    free(page);
    ws_result_free(res);
}

static const char *
type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static int
member_is(const struct json_member *m, const char *quoted)
{
    return m->key_len == strlen(quoted) &&
           memcmp(m->key, quoted, m->key_len) == 0;
}

static const char *
scalar_name(const struct json_member *m)
{
    switch (m->val[0]) {
    case '"': return "a string";
    case 't': case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
    }
}

/* The common record, read without jansson (flatjson.c). Returns 1 when it
 * rendered the record, 0 when the line needs the general path. The id is
 * passed on as the bytes of the line itself, which live until the record
 * is rendered. */
static int
render_flat(const struct render *r, struct record *rec)
{
    struct json_member mem[64];
    const struct json_member *text = NULL, *html = NULL, *idm = NULL;
    struct buf meta = { 0 }, msg = { 0 }, body = { 0 };
    const char *id = "null";
    size_t n, id_len = 4;

    if (!flat_object(rec->data, rec->len, mem, 64, &n))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (member_is(&mem[i], "\"id\"")) {
            idm = &mem[i];
        } else if (member_is(&mem[i], "\"text\"")) {
            text = &mem[i];
        } else {
            if (member_is(&mem[i], "\"html\""))
                html = &mem[i];
            else {
                buf_addc(&meta, meta.len ? ',' : '{');
                buf_add(&meta, mem[i].key, mem[i].key_len);
                buf_addc(&meta, ':');
                buf_add(&meta, mem[i].val, mem[i].val_len);
            }
        }
    }
    if (meta.len)
        buf_addc(&meta, '}');
    if (idm && (idm->val[0] == 't' || idm->val[0] == 'f')) {
        buf_printf(&msg, "\"id\" is a boolean; it must be a string or a "
                         "number");
        put_error(r, rec, NULL, 0, "ID", msg.oom ? "bad \"id\"" : msg.data);
        goto out;
    } else if (idm && idm->val[0] != 'n') {
        id = idm->val;
        id_len = idm->val_len;
    }
    const struct json_member *src = text ? text : html;
    if (!src || src->val[0] != '"') {
        if (src)
            buf_printf(&msg, "\"%s\" is %s, not a string",
                       text ? "text" : "html", scalar_name(src));
        else
            buf_adds(&msg, "no \"text\" or \"html\" member");
        put_error(r, rec, id, id_len, "NOTEXT", msg.oom ? "no text" : msg.data);
        goto out;
    }
    if (meta.oom || flat_string(src->val, src->val_len, &body)) {
        put_error(r, rec, NULL, 0, ws_status_name(WS_NOMEM),
                  ws_strerror(WS_NOMEM));
        goto out;
    }
    put_result(r, rec, id, id_len, meta.data, meta.len,
               body.data ? body.data : "", body.len, !text);
out:
    buf_free(&meta);
    buf_free(&msg);
    buf_free(&body);
    return 1;
}

static void
render_line(const struct render *r, struct record *rec)
{
    struct buf id = { 0 }, meta = { 0 }, msg = { 0 };
    struct json_member m;
    json_error_t jerr;
    json_t *root = NULL, *text, *html, *idv;
    size_t bad, pos = 0;
    int more;

    bad = utf8_check(rec->data, rec->len);
    if (bad < rec->len) {
        buf_printf(&msg, "line is not valid UTF-8 (byte %zu)", bad + 1);
        put_error(r, rec, NULL, 0, ws_status_name(WS_UTF8),
                  msg.oom ? "line is not valid UTF-8" : msg.data);
        goto out;
    }
    if (render_flat(r, rec))
        goto out;
    /* Numbers are copied as raw bytes later, so their decoded value does
     * not matter: reading integers as reals only spares a 20-digit id the
     * "too big integer" error. Duplicate keys would make "meta" ambiguous. */
    root = json_loadb(rec->data, rec->len,
                      JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL |
                          JSON_ALLOW_NUL,
                      &jerr);
    if (!root) {
        buf_printf(&msg, "%s (column %d)", jerr.text, jerr.column);
        put_error(r, rec, NULL, 0, "JSON",
                  msg.oom ? "not valid JSON" : msg.data);
        goto out;
    }
    if (!json_is_object(root)) {
        buf_printf(&msg, "line is %s, not an object", type_name(root));
        put_error(r, rec, NULL, 0, "NOTOBJECT",
                  msg.oom ? "line is not an object" : msg.data);
        goto out;
    }
    while ((more = json_next_member(rec->data, rec->len, &pos, &m)) == 1) {
        if (json_member_is(&m, "id")) {
            json_add_compact(&id, m.val, m.val_len);
        } else if (!json_member_is(&m, "text") &&
                   !json_member_is(&m, "html")) {
            buf_addc(&meta, meta.len ? ',' : '{');
            buf_add(&meta, m.key, m.key_len);
            buf_addc(&meta, ':');
            json_add_compact(&meta, m.val, m.val_len);
        }
    }
    if (meta.len)
        buf_addc(&meta, '}');
    if (more < 0 || id.oom || meta.oom) {
        put_error(r, rec, NULL, 0, ws_status_name(WS_NOMEM),
                  ws_strerror(WS_NOMEM));
        goto out;
    }
    idv = json_object_get(root, "id");
    if (!idv || json_is_null(idv)) {
        buf_free(&id);
        buf_adds(&id, "null");
    } else if (!json_is_string(idv) && !json_is_number(idv)) {
        buf_printf(&msg, "\"id\" is %s; it must be a string or a number",
                   type_name(idv));
        put_error(r, rec, NULL, 0, "ID", msg.oom ? "bad \"id\"" : msg.data);
        goto out;
    }
    text = json_object_get(root, "text");
    html = text ? NULL : json_object_get(root, "html");
    if (html && json_is_string(html)) {
        put_result(r, rec, id.data, id.len, meta.data, meta.len,
                   json_string_value(html), json_string_length(html), 1);
        goto out;
    }
    if (!json_is_string(text)) {
        if (text)
            buf_printf(&msg, "\"text\" is %s, not a string",
                       type_name(text));
        else if (html)
            buf_printf(&msg, "\"html\" is %s, not a string",
                       type_name(html));
        else
            buf_adds(&msg, "no \"text\" or \"html\" member");
        put_error(r, rec, id.data, id.len, "NOTEXT",
                  msg.oom ? "no text" : msg.data);
        goto out;
    }
    put_result(r, rec, id.data, id.len, meta.data, meta.len,
               json_string_value(text), json_string_length(text), 0);
out:
    json_decref(root);
    buf_free(&id);
    buf_free(&meta);
    buf_free(&msg);
}

void
render_record(const struct render *r, struct record *rec)
{
    struct buf id = { 0 };

    switch (rec->kind) {
    case RECORD_FAILED:
        put_error(r, rec, NULL, 0, rec->code,
                  rec->message ? rec->message : rec->code);
        break;
    case RECORD_LINE:
        render_line(r, rec);
        break;
    case RECORD_TEXT:
        json_add_string(&id, rec->path, strlen(rec->path));
        if (id.oom)
            break;
        put_result(r, rec, id.data, id.len, NULL, 0, rec->data, rec->len,
                   rec->html);
        break;
    }
    buf_free(&id);
    /* The input is no longer needed: free it now, not when printed, so
     * that finished records waiting their turn hold only their output. */
    free(rec->data);
    rec->data = NULL;
    if (!rec->out)
        rec->failed = 1;
}

size_t
render_nomem(const struct record *rec, char *dst, size_t n)
{
    int k;

    if (rec->line > 0)
        k = snprintf(dst, n,
                     "{\"id\":null,\"line\":%llu,\"error\":{\"code\":"
                     "\"NOMEM\",\"message\":\"out of memory\"}}",
                     rec->line);
    else
        k = snprintf(dst, n,
                     "{\"id\":null,\"error\":{\"code\":\"NOMEM\","
                     "\"message\":\"out of memory\"}}");
    return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}
