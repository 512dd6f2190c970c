/* SPDX-License-Identifier: MIT */
/* fuzz-jsonl.c - fuzz target: the CLI's JSON Lines reader and renderer.
 *
 * The input is a JSON Lines file (or, when it starts with the gzip magic,
 * a compressed one: zlib reads both). It goes through the program's own
 * code, src/cli/source.c, render.c, jsonscan.c, flatjson.c and buf.c,
 * linked into the target: written to a temporary file, read with
 * source_new/source_next (as --jsonl, with a 300-byte record limit so
 * that the LIMIT path is reached), and each record rendered as a worker
 * would. Checked: every output line is one valid JSON object, an error
 * record's "line" is its input line, and for plain input there is
 * exactly one output per input line. No seam in source.c was needed: it
 * reads files, so the target makes one.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "fuzz.h"

static struct ws_model *model;
static char path[4200];

static void
remove_tmp(void)
{
    unlink(path);
}

static void
setup(void)
{
    const char *dir = getenv("TMPDIR");
    struct ws_error err;
    int fd;

    snprintf(path, sizeof(path), "%s/whosaid-fuzz-jsonl-XXXXXX",
             dir && dir[0] ? dir : "/tmp");
    fd = mkstemp(path);
    FUZZ_CHECK(fd >= 0);
    close(fd);
    atexit(remove_tmp);
    if (ws_model_load(NULL, &model, &err) != WS_OK) {
        fprintf(stderr, "fuzz-jsonl: %s\n", err.message);
        abort();
    }
}

static void
write_input(const uint8_t *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_TRUNC);
    size_t off = 0;

    FUZZ_CHECK(fd >= 0);
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);

        FUZZ_CHECK(w > 0);
        off += (size_t)w;
    }
    close(fd);
}

/* Output lines a plain (not gzip) input must give: one per line, the last
 * one counted even without its newline. */
static unsigned long long
lines_in(const uint8_t *data, size_t size)
{
    unsigned long long n = 0;

    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n + (size > 0 && data[size - 1] != '\n');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *paths[1] = { path };
    struct source *src = NULL;
    struct record rec;
    unsigned long long records = 0;
    int rc;

    if (!model)
        setup();
    write_input(data, size);
    FUZZ_CHECK(source_new(paths, 1, 1, 300, &src) == 0);
    while ((rc = source_next(src, &rec)) == 1) {
        struct render r = { .model = model, .json_flags = WS_JSON_TEXT,
                            .format = WS_FORMAT_JSON };
        unsigned long long line = rec.line;
        json_error_t jerr;
        json_t *j;

        records++;
        /* every other record pretty, so that both writers are fuzzed */
        r.pretty = (int)(records & 1);
        if (records & 2)
            r.json_flags |= WS_JSON_EXPLAIN;
        render_record(&r, &rec);
        FUZZ_CHECK(rec.out != NULL);
        FUZZ_CHECK(r.pretty || memchr(rec.out, '\n', rec.out_len) == NULL);
        j = json_loadb(rec.out, rec.out_len,
                      JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &jerr);
        /* jansson refuses numbers a double cannot hold (1e999), which are
         * valid JSON that the flat reader copies as they are
         * (corpus/jsonl/regress-huge-exponent.jsonl) */
        if (!j && strstr(jerr.text, "overflow")) {
            record_clear(&rec);
            continue;
        }
        if (!j)
            fprintf(stderr, "bad output: %.*s\n", (int)rec.out_len, rec.out);
        FUZZ_CHECK(json_is_object(j));
        FUZZ_CHECK(json_object_get(j, "id") != NULL);
        /* error records carry their line; results do not */
        if (line > 0 && rec.failed)
            FUZZ_CHECK(json_number_value(json_object_get(j, "line")) ==
                       (double)line);
        FUZZ_CHECK(!rec.failed ||
                   json_is_object(json_object_get(j, "error")));
        json_decref(j);
        record_clear(&rec);
    }
    FUZZ_CHECK(rc == 0);
    if (size < 2 || data[0] != 0x1f || data[1] != 0x8b)
        FUZZ_CHECK(records == lines_in(data, size));
    source_free(src);
    return 0;
}
