/* SPDX-License-Identifier: MIT */
/* cli.h - internal interfaces of the whosaid command-line program.
 *
 * The program is a pipeline of its own around the library: a source turns
 * files, directories and standard input into records (one per plain-text
 * article, one per JSON Lines line); a pool of workers (the main thread
 * and -j N - 1 more) each read a record, render it into one output line
 * (parse, ws_extract, splice the JSON), and print the lines that are
 * ready in input order, counting progress. With -j 1 the main thread does
 * it all, and no thread is started.
 * A record lives in a slot of the pool from its reading to its printing:
 * the source fills it there, the pool clears it after printing.
 * Only whosaid.h is used from the library.
 */
#ifndef WS_CLI_H
#define WS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "whosaid.h"

/* Exit statuses, documented in docs/cli.md and the man page. */
enum cli_exit {
    CLI_EXIT_OK = 0,     /* every document processed */
    CLI_EXIT_FAILED = 1, /* some records failed; error records written */
    CLI_EXIT_USAGE = 2,  /* usage, model load or output error */
};

/* ---- buf.c: a growable byte buffer with a sticky out-of-memory flag ----- */

struct buf {
    char *data; /* NUL-terminated when len > 0 and !oom */
    size_t len;
    size_t cap;
    int oom; /* set by the first failed allocation; later adds do nothing */
};

void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Returns the data (caller frees; NULL only when out of memory), stores its
 * length in *len when len is not NULL, and leaves b empty. */
char *buf_take(struct buf *b, size_t *len);
void buf_free(struct buf *b);

/* ---- jsonscan.c: byte-level JSON helpers that never allocate trees ------ */

/* Returns the offset of the first byte that is not valid UTF-8 (overlong
 * forms and surrogates count as invalid), or n when all of s is valid. */
size_t utf8_check(const char *s, size_t n);

/* Appends s as a quoted JSON string; invalid UTF-8 becomes U+FFFD. */
void json_add_string(struct buf *b, const char *s, size_t n);

/* Appends a valid JSON text without its insignificant white space. */
void json_add_compact(struct buf *b, const char *s, size_t n);

/* Appends a valid JSON text indented by two spaces per level. */
void json_add_pretty(struct buf *b, const char *s, size_t n);

/* One top-level member of an object, as raw spans of the input. */
struct json_member {
    const char *key; /* including its quotes */
    size_t key_len;
    const char *val;
    size_t val_len;
};

/* flatjson.c: the common record, without jansson. Returns 1 and fills
 * out[0..*count) when s[0..n) is a valid JSON object whose members are all
 * strings, numbers, true, false or null (at most max of them, unique,
 * with unescaped names); returns 0 when the line needs jansson. */
int flat_object(const char *s, size_t n, struct json_member *out,
                size_t max, size_t *count);

/* Appends the decoded value of the JSON string v[0..n) (quotes included,
 * validated by flat_object) to b, NUL-terminated (not counted in b->len).
 * Returns 0, or -1 when out of memory. */
int flat_string(const char *v, size_t n, struct buf *b);

/* Walks the members of the valid JSON object s; *pos starts at 0.
 * Returns 1 and fills m for each member, 0 after the last one, -1 when s
 * is not an object after all. */
int json_next_member(const char *s, size_t n, size_t *pos,
                     struct json_member *m);

/* Returns 1 when the member's key, unescaped, equals name. */
int json_member_is(const struct json_member *m, const char *name);

/* ---- record: one unit of work --------------------------------------------*/

enum record_kind {
    RECORD_TEXT,   /* data is a whole plain-text article */
    RECORD_LINE,   /* data is one JSON Lines line, not parsed yet */
    RECORD_FAILED, /* the source could not read it: code, message say why */
};

struct record {
    enum record_kind kind;
    const char *path;        /* input name or "-"; borrowed from the source */
    unsigned long long line; /* 1-based line for JSON Lines, else 0 */
    char *data;              /* owned; data[len] is '\0' */
    size_t len;
    unsigned long long bytes; /* input bytes it took, for figures */
    unsigned long long pos;   /* raw input position after it, for the ETA */
    int html;                 /* RECORD_TEXT: an HTML page, not plain text */
    const char *code;         /* RECORD_FAILED: a static name, "IO", ... */
    char *message;            /* RECORD_FAILED: owned */
    /* Set by render_record. */
    char *out; /* owned output line without '\n'; NULL: out of memory */
    size_t out_len;
    int failed; /* the output is an error record */
};

/* Frees what rec owns and zeroes it. */
void record_clear(struct record *rec);

/* ---- source.c: files, directories, stdin, gzip -> records --------------- */

struct source;

/* Reads every plain (not JSON Lines) input as HTML, whatever its name;
 * without it, only names ending .html, .htm (and .gz of those) are. */
void source_force_html(struct source *src);

/* Makes a source over paths ("-" is standard input); directories are walked
 * now, recursively, in sorted order. force_jsonl reads every input as JSON
 * Lines; otherwise names ending .jsonl/.ndjson(.gz) are. No record holds
 * more than max_record bytes. Returns 0 and stores the source in *out, or
 * WS_NOMEM. A path that cannot be read is not an error here: it becomes an
 * IO record when its turn comes. */
int source_new(char *const *paths, size_t count, int force_jsonl,
               size_t max_record, struct source **out);
void source_free(struct source *src);

/* Fills rec with the next record, in input order. Returns 1 for a record,
 * 0 at the end of all input, WS_NOMEM when out of memory. */
int source_next(struct source *src, struct record *rec);

/* Calls wait(ctx) before every read from an input that may make the
 * reader wait (standard input from a pipe or a terminal, a FIFO): the
 * moment to flush output that a one-thread run has written so far. */
void source_set_wait(struct source *src, void (*wait)(void *ctx), void *ctx);

/* Returns the raw size of all inputs, or 0 when unknown (a pipe, stdin). */
unsigned long long source_total(const struct source *src);

/* ---- render.c: record -> output line (the workers' job) ----------------- */

struct render {
    const struct ws_model *model;
    int json_flags; /* WS_JSON_TEXT, WS_JSON_EXPLAIN for ws_result_json */
    int pretty;     /* indent the output */
    enum ws_format format; /* --format: WS_FORMAT_JSON for jsonl and json */
};

/* Sets rec->out, rec->out_len and rec->failed. Safe to call from many
 * threads at once with one render. */
void render_record(const struct render *r, struct record *rec);

/* Writes a last-resort error record for rec into dst (size n) without
 * allocating; used when rec->out is NULL. Returns the length. */
size_t render_nomem(const struct record *rec, char *dst, size_t n);

/* ---- pool.c: worker threads, ordered output, bounded window ------------- */

struct pool;

/* Called by one worker at a time, in input order: fill rec with the next
 * record. Returns 1 for a record, 0 at the end, a negative status. */
typedef int (*pool_read_fn)(void *ctx, struct record *rec);
/* Called by the workers, many at once: fill in rec->out. */
typedef void (*pool_work_fn)(void *ctx, struct record *rec);
/* Called by one worker at a time, in input order. Returns 0, or -1 to
 * stop the run (the output is gone). */
typedef int (*pool_emit_fn)(void *ctx, struct record *rec);
/* Called when output should reach its reader now: a chance to flush.
 * Returns 0, or -1 to stop the run. */
typedef int (*pool_idle_fn)(void *ctx);

/* How many records may be in flight (read, not yet written): at most
 * `records`, and no new one once those in flight took `bytes` of input
 * (rec->bytes) between them; one record is always let in. */
struct pool_window {
    size_t records;
    unsigned long long bytes;
};

/* A pool of threads workers: the caller's thread, in pool_run, and
 * threads - 1 more, started now so that they are running by the time
 * pool_run has work for them (until then they spin, yielding the CPU, for
 * at most 50 ms, then sleep). Returns NULL when out of memory. */
struct pool *pool_new(int threads);

/* Runs the workers until read reports the end and every record is
 * written, or emit stops the run, with at most window's worth of records
 * in flight; the extra workers have ended when it returns. started(ctx,
 * pool), when not NULL, is called before any record is read. Returns 0,
 * or the negative status read or the pool itself (WS_NOMEM) failed with.
 * Once only. */
int pool_run(struct pool *pool, struct pool_window window, pool_read_fn read,
             pool_work_fn work, pool_emit_fn emit, pool_idle_fn idle,
             void *ctx, void (*started)(void *ctx, struct pool *pool));

/* Ends the workers, if pool_run has not run, and frees the pool. */
void pool_free(struct pool *pool);

/* Called by the reading worker (from the source's wait hook) before a
 * read that may block: writes what is done and flushes it, so that a
 * filter fed one record at a time answers each before the next comes. */
void pool_reader_waits(struct pool *pool);

/* ---- progress.c: figures and the progress line -------------------------- */

struct progress {
    int show;                 /* draw the progress line on stderr */
    unsigned long long total; /* raw input bytes, 0 when unknown */
    unsigned long long records;
    unsigned long long errors;
    unsigned long long bytes;
    unsigned long long pos;
    double start;
    double last;
    int width; /* length of the line on screen, to blank what is left */
};

void progress_init(struct progress *p, int show, unsigned long long total);
/* Counts one emitted record; redraws at most about four times a second. */
void progress_add(struct progress *p, const struct record *rec);
/* Draws the last state and ends the line, when anything was drawn. */
void progress_end(struct progress *p);
/* Prints the summary for --stats. */
void progress_stats(const struct progress *p, FILE *f);

/* ---- subcommands -------------------------------------------------------- */

/* Each takes the arguments after "whosaid" (argv[0] is the subcommand
 * name) and returns the exit status. */
int extract_main(int argc, char **argv);
int check_main(int argc, char **argv);

/* Prints the help of a subcommand to f. */
void extract_help(FILE *f);
void check_help(FILE *f);

#endif /* WS_CLI_H */
