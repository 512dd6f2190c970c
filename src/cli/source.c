/* SPDX-License-Identifier: MIT */
/* source.c - input: files, directories, stdin and gzip, as records.
 *
 * The first stage of the program. It reads the paths given on the command
 * line (directories walked in sorted order, so two runs print the same
 * thing), opens each through zlib, which reads plain and gzip-compressed
 * files alike, and cuts them into records: a plain-text file is one
 * record, a JSON Lines file one record per line. Lines are read through a
 * fixed buffer, never the whole file, so memory does not depend on the
 * size of the input; a line longer than the limit is read to its end and
 * dropped, leaving a LIMIT record in its place so that output lines still
 * match input lines. Nothing here parses JSON: the workers do that.
 * The source owns the path strings that records borrow.
 */
#define _DEFAULT_SOURCE /* scandir, alphasort */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "cli.h"

#define READ_CHUNK (256 * 1024)
#define MAX_DEPTH 64 /* directory nesting; also stops symbolic link loops */

struct input {
    char *path;
    int jsonl;
    int err;                 /* errno met while walking, reported later */
    unsigned long long size; /* raw size when a regular file */
    int stream;              /* not a regular file: a read may wait */
};

struct source {
    struct input *inputs;
    size_t count;
    size_t cap;
    size_t next; /* the next input to open */
    int force_jsonl;
    int force_html;
    size_t max_record;
    unsigned long long total; /* 0 when unknown */
    int total_known;
    unsigned long long done; /* raw bytes of the inputs already finished */

    /* The input being read: a file through zlib, or standard input. */
    struct input *cur;
    gzFile gz;
    struct pipe_in *pipe;
    int eof;
    unsigned long long line;
    unsigned long long offset; /* raw offset in it, after the last read */
    char *rbuf;
    size_t rpos;
    size_t rlen;
    void (*wait)(void *ctx); /* source_set_wait */
    void *wait_ctx;
};

/* Standard input, read as it comes: read(2) returns what a pipe holds,
 * where gzread would wait to fill its buffer, which would stall a filter
 * fed one record at a time (Spark's pipe, a slow producer). A gzip stream
 * is recognised by its magic number and inflated by hand. */
struct pipe_in {
    int fd;
    int gzip; /* -1: not known yet, 0: plain, 1: gzip */
    int zinit;
    z_stream zs;
    size_t off, have; /* plain: sniffed bytes not handed out yet */
    const char *err;  /* why the last read failed */
    unsigned char buf[65536];
};

static ssize_t
read_some(int fd, void *dst, size_t n)
{
    ssize_t k;

    do
        k = read(fd, dst, n);
    while (k < 0 && errno == EINTR);
    return k;
}

static int
pipe_sniff(struct pipe_in *p)
{
    size_t have = 0;

    /* two bytes decide; a pipe may hand over one at a time */
    while (have < 2) {
        ssize_t k = read_some(p->fd, p->buf + have, sizeof(p->buf) - have);

        if (k < 0) {
            p->err = strerror(errno);
            return -1;
        }
        if (k == 0)
            break;
        have += (size_t)k;
    }
    p->gzip = have >= 2 && p->buf[0] == 0x1f && p->buf[1] == 0x8b;
    if (p->gzip) {
        memset(&p->zs, 0, sizeof(p->zs));
        if (inflateInit2(&p->zs, 16 + MAX_WBITS) != Z_OK) {
            p->err = "out of memory";
            return -1;
        }
        p->zinit = 1;
        p->zs.next_in = p->buf;
        p->zs.avail_in = (uInt)have;
    } else {
        p->off = 0;
        p->have = have;
    }
    return 0;
}

/* Returns bytes read (as soon as there are any), 0 at the end, -1 on an
 * error (p->err says which). */
static int
pipe_read(struct pipe_in *p, void *dst, size_t n)
{
    if (p->gzip < 0 && pipe_sniff(p))
        return -1;
    if (!p->gzip) {
        if (p->have) {
            size_t k = p->have < n ? p->have : n;

            memcpy(dst, p->buf + p->off, k);
            p->off += k;
            p->have -= k;
            return (int)k;
        }
        ssize_t k = read_some(p->fd, dst, n);
        if (k < 0)
            p->err = strerror(errno);
        return (int)k;
    }
    p->zs.next_out = dst;
    p->zs.avail_out = (uInt)n;
    for (;;) {
        size_t made;

        if (p->zs.avail_in == 0) {
            ssize_t k = read_some(p->fd, p->buf, sizeof(p->buf));

            if (k < 0) {
                p->err = strerror(errno);
                return -1;
            }
            if (k == 0)
                return (int)(n - p->zs.avail_out);
            p->zs.next_in = p->buf;
            p->zs.avail_in = (uInt)k;
        }
        int ret = inflate(&p->zs, Z_NO_FLUSH);
        made = n - p->zs.avail_out;
        if (ret == Z_STREAM_END) {
            /* gzip members may follow one another (cat a.gz b.gz) */
            inflateReset(&p->zs);
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            p->err = p->zs.msg ? p->zs.msg : "corrupt gzip data";
            return -1;
        }
        if (made)
            return (int)made;
    }
}

static void
pipe_free(struct pipe_in *p)
{
    if (p && p->zinit)
        inflateEnd(&p->zs);
    free(p);
}

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
is_html_name(const char *path)
{
    return ends_with(path, ".html") || ends_with(path, ".htm") ||
           ends_with(path, ".html.gz") || ends_with(path, ".htm.gz");
}

void
source_force_html(struct source *src)
{
    src->force_html = 1;
}

static int
is_jsonl_name(const char *path)
{
    return ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ||
           ends_with(path, ".jsonl.gz") || ends_with(path, ".ndjson.gz");
}

static int
source_push(struct source *src, const char *path, int err,
            const struct stat *st)
{
    struct input *in;

    if (src->count == src->cap) {
        size_t cap = src->cap ? src->cap * 2 : 16;
        struct input *p = realloc(src->inputs, cap * sizeof(*p));

        if (!p)
            return WS_NOMEM;
        src->inputs = p;
        src->cap = cap;
    }
    in = &src->inputs[src->count];
    memset(in, 0, sizeof(*in));
    in->path = strdup(path);
    if (!in->path)
        return WS_NOMEM;
    in->jsonl = src->force_jsonl || is_jsonl_name(path);
    in->err = err;
    if (st && S_ISREG(st->st_mode))
        in->size = (unsigned long long)st->st_size;
    else
        src->total_known = 0;
    in->stream = !(st && S_ISREG(st->st_mode));
    src->total += in->size;
    src->count++;
    return 0;
}

static int
skip_entry(const struct dirent *d)
{
    /* Hidden files are editor and system litter, not articles. */
    return d->d_name[0] != '.';
}

static int
source_walk(struct source *src, const char *path, int depth, int top)
{
    struct dirent **names = NULL;
    struct stat st;
    int n = 0, i, rc = 0;

    if (strcmp(path, "-") == 0)
        return source_push(src, path, 0, NULL);
    if (stat(path, &st) != 0)
        return source_push(src, path, errno, NULL);
    if (!S_ISDIR(st.st_mode)) {
        /* In a directory only regular files are articles; a FIFO or a
         * device named on the command line is read as asked. */
        if (!top && !S_ISREG(st.st_mode))
            return 0;
        return source_push(src, path, 0, &st);
    }
    if (depth >= MAX_DEPTH)
        return source_push(src, path, ELOOP, NULL);
    /* alphasort compares with strcoll; the program never calls setlocale,
     * so that is byte order whatever the user's locale. */
    n = scandir(path, &names, skip_entry, alphasort);
    if (n < 0)
        return source_push(src, path, errno, NULL);
    for (i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(path);
        char *child = malloc(len + strlen(names[i]->d_name) + 2);

        if (!child) {
            rc = WS_NOMEM;
            break;
        }
        sprintf(child, "%s%s%s", path,
                len && path[len - 1] == '/' ? "" : "/", names[i]->d_name);
        rc = source_walk(src, child, depth + 1, 0);
        free(child);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int
source_new(char *const *paths, size_t count, int force_jsonl,
           size_t max_record, struct source **out)
{
    struct source *src;
    size_t i;
    int rc = WS_NOMEM;

    *out = NULL;
    src = calloc(1, sizeof(*src));
    if (!src)
        goto out;
    src->force_jsonl = force_jsonl;
    src->max_record = max_record;
    src->total_known = 1;
    src->rbuf = malloc(READ_CHUNK);
    if (!src->rbuf)
        goto out;
    if (count == 0)
        rc = source_push(src, "-", 0, NULL);
    else
        for (i = 0, rc = 0; i < count && rc == 0; i++)
            rc = source_walk(src, paths[i], 0, 1);
    if (rc != 0)
        goto out;
    *out = src;
    src = NULL;
out:
    source_free(src);
    return rc;
}

void
source_free(struct source *src)
{
    size_t i;

    if (!src)
        return;
    if (src->gz)
        gzclose(src->gz);
    pipe_free(src->pipe);
    for (i = 0; i < src->count; i++)
        free(src->inputs[i].path);
    free(src->inputs);
    free(src->rbuf);
    free(src);
}

void
source_set_wait(struct source *src, void (*wait)(void *ctx), void *ctx)
{
    src->wait = wait;
    src->wait_ctx = ctx;
}

unsigned long long
source_total(const struct source *src)
{
    return src->total_known ? src->total : 0;
}

static unsigned long long
source_pos(const struct source *src)
{
    return src->done + src->offset;
}

/* gzread, noting the raw offset for the ETA. gzoffset costs a system call,
 * so it is asked once a read, not once a record. */
static int
source_read(struct source *src, void *dst, size_t n)
{
    if (src->wait && src->cur->stream)
        src->wait(src->wait_ctx);
    if (src->pipe) {
        int got = pipe_read(src->pipe, dst, n);

        if (got > 0)
            src->offset += (unsigned long long)got;
        return got;
    }
    int got = gzread(src->gz, dst, (unsigned)n);
    long off = (long)gzoffset(src->gz);

    if (off > 0)
        src->offset = (unsigned long long)off;
    return got;
}

static int
set_failed(struct source *src, struct record *rec, unsigned long long line,
           const char *code, const char *fmt, const char *what)
{
    struct buf b = { 0 };

    rec->kind = RECORD_FAILED;
    rec->path = src->cur->path;
    rec->line = line;
    rec->code = code;
    buf_printf(&b, fmt, src->cur->path, what);
    rec->message = buf_take(&b, NULL);
    rec->pos = source_pos(src);
    return rec->message ? 1 : WS_NOMEM;
}

static const char *
gz_message(gzFile gz)
{
    int errnum = 0;
    const char *msg = gzerror(gz, &errnum);

    return errnum == Z_ERRNO ? strerror(errno) : msg;
}

/* Why the last read of the open input failed. */
static const char *
read_message(const struct source *src)
{
    return src->pipe ? src->pipe->err : gz_message(src->gz);
}

static void
source_close(struct source *src)
{
    if (src->gz)
        gzclose(src->gz);
    src->gz = NULL;
    pipe_free(src->pipe);
    src->pipe = NULL;
    src->done += src->cur ? src->cur->size : 0;
    src->offset = 0;
    src->cur = NULL;
}

/* Reads a whole plain-text article. */
static int
read_text(struct source *src, struct record *rec)
{
    size_t cap = 64 * 1024, len = 0;
    char *data = malloc(cap + 1);
    char msg[64];
    int n;

    if (!data)
        return WS_NOMEM;
    for (;;) {
        if (len == cap) {
            char *p;

            if (cap > src->max_record) {
                free(data);
                snprintf(msg, sizeof(msg), "%zu", src->max_record);
                return set_failed(src, rec, 0, "LIMIT",
                                  "%s: larger than %s bytes "
                                  "(see --max-line-bytes)",
                                  msg);
            }
            cap = cap * 2 > src->max_record + 1 ? src->max_record + 1
                                                  : cap * 2;
            if (cap <= len)
                cap = len + 1;
            p = realloc(data, cap + 1);
            if (!p) {
                free(data);
                return WS_NOMEM;
            }
            data = p;
        }
        n = source_read(src, data + len,
                        cap - len < READ_CHUNK ? cap - len : READ_CHUNK);
        if (n < 0) {
            free(data);
            return set_failed(src, rec, 0, "IO", "%s: cannot read: %s",
                              read_message(src));
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > src->max_record) {
            free(data);
            snprintf(msg, sizeof(msg), "%zu", src->max_record);
            return set_failed(src, rec, 0, "LIMIT",
                              "%s: larger than %s bytes "
                              "(see --max-line-bytes)",
                              msg);
        }
    }
    data[len] = '\0';
    rec->kind = RECORD_TEXT;
    rec->html = src->force_html || is_html_name(src->cur->path);
    rec->path = src->cur->path;
    rec->data = data;
    rec->len = len;
    rec->bytes = len;
    rec->pos = source_pos(src);
    return 1;
}

static int
is_blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* Reads one line of a JSON Lines input. Returns 1 for a record, 0 at the
 * end of this input, WS_NOMEM. */
static int
read_line(struct source *src, struct record *rec)
{
    struct buf line = { 0 };
    unsigned long long seen = 0; /* bytes of the line, kept or not */
    int started = 0, over = 0;
    char msg[96];

    for (;;) {
        const char *p, *nl;
        size_t chunk;

        if (src->rpos == src->rlen) {
            int n;

            if (src->eof)
                break;
            n = source_read(src, src->rbuf, READ_CHUNK);
            if (n < 0) {
                /* Give up on this input: what follows cannot be trusted. */
                buf_free(&line);
                src->eof = 1;
                return set_failed(src, rec, src->line + 1, "IO",
                                  "%s: cannot read: %s",
                                  read_message(src));
            }
            if (n == 0) {
                src->eof = 1;
                continue;
            }
            src->rpos = 0;
            src->rlen = (size_t)n;
        }
        started = 1;
        p = src->rbuf + src->rpos;
        nl = memchr(p, '\n', src->rlen - src->rpos);
        chunk = nl ? (size_t)(nl - p) : src->rlen - src->rpos;
        if (!over && seen + chunk > src->max_record) {
            over = 1;
            buf_free(&line);
        }
        if (!over)
            buf_add(&line, p, chunk);
        seen += chunk;
        src->rpos += chunk + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!started)
        return 0;
    src->line++;
    rec->bytes = seen;
    if (over) {
        snprintf(msg, sizeof(msg), "line is %llu bytes, over the limit of "
                 "%zu (see --max-line-bytes)", seen, src->max_record);
        return set_failed(src, rec, src->line, "LIMIT", "%.0s%s", msg);
    }
    rec->data = buf_take(&line, &rec->len);
    if (!rec->data)
        return WS_NOMEM;
    if (rec->len && rec->data[rec->len - 1] == '\r')
        rec->data[--rec->len] = '\0';
    /* A byte order mark is no JSON; some tools write one anyway. */
    if (src->line == 1 && rec->len >= 3 &&
        memcmp(rec->data, "\xef\xbb\xbf", 3) == 0) {
        memmove(rec->data, rec->data + 3, rec->len - 2);
        rec->len -= 3;
    }
    if (is_blank(rec->data, rec->len)) {
        free(rec->data);
        rec->data = NULL;
        rec->len = 0;
        return set_failed(src, rec, src->line, "EMPTY", "%.0s%s",
                          "empty line");
    }
    rec->kind = RECORD_LINE;
    rec->path = src->cur->path;
    rec->line = src->line;
    rec->pos = source_pos(src);
    return 1;
}

int
source_next(struct source *src, struct record *rec)
{
    int rc;

    memset(rec, 0, sizeof(*rec));
    for (;;) {
        if (!src->gz && !src->pipe) {
            struct input *in;

            if (src->next == src->count)
                return 0;
            in = &src->inputs[src->next++];
            src->cur = in;
            if (in->err) {
                rc = set_failed(src, rec, 0, "IO", "%s: cannot open: %s",
                                strerror(in->err));
                source_close(src);
                return rc;
            }
            if (strcmp(in->path, "-") == 0) {
                struct stat st;

                /* "< dump.jsonl" never waits; a pipe or a terminal may */
                if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode))
                    in->stream = 0;
                src->pipe = malloc(sizeof(*src->pipe));
                if (src->pipe) {
                    src->pipe->fd = STDIN_FILENO;
                    src->pipe->gzip = -1;
                    src->pipe->zinit = 0;
                    src->pipe->have = src->pipe->off = 0;
                    src->pipe->err = "read error";
                }
                errno = src->pipe ? 0 : ENOMEM;
            } else {
                errno = 0;
                src->gz = gzopen(in->path, "rb");
            }
            if (!src->gz && !src->pipe) {
                rc = set_failed(src, rec, 0, "IO", "%s: cannot open: %s",
                                errno ? strerror(errno) : "out of memory");
                source_close(src);
                return rc;
            }
            if (src->gz)
                gzbuffer(src->gz, READ_CHUNK);
            src->eof = 0;
            src->line = 0;
            src->rpos = src->rlen = 0;
            if (!in->jsonl) {
                rc = read_text(src, rec);
                source_close(src);
                return rc;
            }
        }
        rc = read_line(src, rec);
        if (rc != 0)
            return rc;
        source_close(src);
    }
}

void
record_clear(struct record *rec)
{
    free(rec->data);
    free(rec->message);
    free(rec->out);
    memset(rec, 0, sizeof(*rec));
}
