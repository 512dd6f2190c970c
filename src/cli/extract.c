/* SPDX-License-Identifier: MIT */
/* extract.c - `whosaid extract`: options, the model, and the run.
 *
 * Parses the options (by hand, so that every message names the option as
 * the user typed it), loads one model for every thread, then streams
 * records from the source through the pool to the output. It owns the
 * model, the source, the output stream and the figures; the writer thread
 * uses the output and figures only through emit() and idle(), and the
 * main thread touches them again only after pool_finish has joined it.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_JOBS 1024

struct extract_opts {
    const char **gazetteers; /* borrowed from argv */
    size_t ngazetteers;
    const char **rules;
    size_t nrules;
    char **files;
    size_t nfiles;
    int jsonl;
    int html;
    int no_defaults;
    int no_indirect;
    int pretty;
    int json_flags;
    int jobs;
    int progress; /* 1 on, 0 off, -1 when stderr is a terminal */
    int stats;
    size_t max_line;
    size_t limits[WS_LIMIT__COUNT]; /* --limit; 0: the library's default */
    const char *output;
    enum ws_format format; /* --format; jsonl and json are WS_FORMAT_JSON */
    int help;
};

struct run {
    struct render render;
    FILE *out;
    int lines; /* each record is one line: add the '\n' (JSON formats) */
    struct progress progress;
    int write_errno; /* 0, or why the output failed */
    struct source *src;
};

void
extract_help(FILE *f)
{
    fputs(
        "Usage: whosaid extract [OPTIONS] [FILE...]\n"
        "\n"
        "Find who said what in news articles and print it as JSON, one\n"
        "object per article, one per line. Each FILE is one plain-text\n"
        "article; with no FILE, or with -, standard input is read. A\n"
        "directory is walked recursively in name order. Files ending in\n"
        ".jsonl or .ndjson are JSON Lines: one {\"text\": ...} record a\n"
        "line, and exactly one output line for each input line. Files\n"
        "ending in .html or .htm are web pages: their article text is\n"
        "extracted first (scripts, navigation and footers dropped), and a\n"
        "JSON Lines record may carry \"html\" instead of \"text\". Any file\n"
        "may be gzip-compressed (.gz).\n"
        "\n"
        "Input:\n"
        "  --jsonl                   read every input as JSON Lines\n"
        "  --html                    read every plain input as an HTML page\n"
        "  --max-line-bytes N        longest record read (default 64M);\n"
        "                            longer lines become LIMIT errors\n"
        "  --max-doc-bytes N         longest text the library accepts\n"
        "                            (default 16M; --limit doc-bytes=N)\n"
        "  --limit NAME=N            a library limit (repeatable); past it\n"
        "                            the record is a LIMIT error. NAME:\n"
        "                            doc-bytes (16M), tokens (4000000),\n"
        "                            mentions (1000000), quotes (100000),\n"
        "                            quote-bytes (20000), match (100000),\n"
        "                            depth (1000), nesting (8)\n"
        "Model:\n"
        "  --gazetteer FILE          add a gazetteer of your own "
        "(repeatable)\n"
        "  --rules FILE              add a rule file of your own "
        "(repeatable)\n"
        "  --no-default-gazetteers   start without the built-in data\n"
        "  --no-indirect             report only quoted speech\n"
        "Output:\n"
        "  -o, --output FILE         write to FILE instead of standard "
        "output\n"
        "  --format FORMAT           jsonl (default): one JSON object a\n"
        "                            line; json: the same, indented;\n"
        "                            csv, tsv: one row per quote after a\n"
        "                            header line; html: one page, an\n"
        "                            article section each; jsonld:\n"
        "                            schema.org JSON-LD, one a line\n"
        "  --pretty                  indent the JSON\n"
        "  --include-text            add the article text to each object\n"
        "  --explain                 keep how each speaker was found\n"
        "Running:\n"
        "  -j, --jobs N              worker threads (default: all CPUs)\n"
        "  --progress, --no-progress progress line on stderr (default: on\n"
        "                            when stderr is a terminal)\n"
        "  --stats                   print records, errors and speed at "
        "the end\n"
        "  -h, --help                show this help\n"
        "\n"
        "N takes a K, M or G suffix (powers of 1024).\n"
        "\n"
        "A JSON Lines record carries \"text\" and may carry \"id\" (a string\n"
        "or a number, copied as is); its other fields come back under\n"
        "\"meta\". A record that cannot be processed gives an error object\n"
        "on its line and the run goes on:\n"
        "  {\"id\":null,\"line\":7,\"error\":{\"code\":\"JSON\","
        "\"message\":\"...\"}}\n"
        "\n"
        "Examples:\n"
        "  whosaid extract article.txt\n"
        "  whosaid extract -j 8 --progress dump.jsonl.gz -o out.jsonl\n"
        "  whosaid extract --gazetteer my-people.tsv article.txt\n"
        "  cat article.txt | whosaid extract --pretty\n"
        "  whosaid extract --format csv articles/ -o quotes.csv\n"
        "  whosaid extract --format html article.txt -o article.html\n"
        "  whosaid extract dump.jsonl | jq -c '.quotes[]'\n"
        "\n"
        "Exit status: 0 all processed, 1 some records failed (see their\n"
        "error objects), 2 usage, data file or output error.\n",
        f);
}

static int
usage_error(const char *fmt, const char *what)
{
    fputs("whosaid: ", stderr);
    fprintf(stderr, fmt, what);
    fputs("; see 'whosaid extract --help'\n", stderr);
    return CLI_EXIT_USAGE;
}

/* Parses a byte count with an optional K, M or G suffix. */
static int
parse_size(const char *s, size_t *out)
{
    unsigned long long v, mul = 1;
    char *end;

    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0)
        return -1;
    switch (*end) {
    case 'k': case 'K': mul = 1ull << 10; end++; break;
    case 'm': case 'M': mul = 1ull << 20; end++; break;
    case 'g': case 'G': mul = 1ull << 30; end++; break;
    default: break;
    }
    if (*end != '\0' || v == 0 || v > (unsigned long long)SIZE_MAX / mul / 2)
        return -1;
    *out = (size_t)(v * mul);
    return 0;
}

enum opt_id {
    OPT_JSONL, OPT_HTML, OPT_GAZ, OPT_RULES, OPT_NODEF, OPT_NOIND, OPT_PRETTY,
    OPT_TEXT, OPT_EXPLAIN, OPT_JOBS, OPT_PROGRESS, OPT_NOPROGRESS,
    OPT_STATS, OPT_MAXLINE, OPT_MAXDOC, OPT_OUTPUT, OPT_HELP, OPT_FORMAT,
    OPT_LIMIT,
};

static const struct {
    const char *name;
    int has_arg;
    enum opt_id id;
} options[] = {
    { "--jsonl", 0, OPT_JSONL },
    { "--html", 0, OPT_HTML },
    { "--gazetteer", 1, OPT_GAZ },
    { "--rules", 1, OPT_RULES },
    { "--no-default-gazetteers", 0, OPT_NODEF },
    { "--no-indirect", 0, OPT_NOIND },
    { "--pretty", 0, OPT_PRETTY },
    { "--format", 1, OPT_FORMAT },
    { "--include-text", 0, OPT_TEXT },
    { "--explain", 0, OPT_EXPLAIN },
    { "--jobs", 1, OPT_JOBS },
    { "-j", 1, OPT_JOBS },
    { "--progress", 0, OPT_PROGRESS },
    { "--no-progress", 0, OPT_NOPROGRESS },
    { "--stats", 0, OPT_STATS },
    { "--max-line-bytes", 1, OPT_MAXLINE },
    { "--max-doc-bytes", 1, OPT_MAXDOC },
    { "--limit", 1, OPT_LIMIT },
    { "--output", 1, OPT_OUTPUT },
    { "-o", 1, OPT_OUTPUT },
    { "--help", 0, OPT_HELP },
    { "-h", 0, OPT_HELP },
};

/* Finds arg's option; *val gets an attached value ("--x=v", "-jV"). */
static int
find_option(const char *arg, const char **val)
{
    size_t i, n;

    for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        n = strlen(options[i].name);
        if (strncmp(arg, options[i].name, n) != 0)
            continue;
        if (arg[n] == '\0') {
            *val = NULL;
            return (int)i;
        }
        if (arg[1] == '-' && arg[n] == '=') {
            *val = arg + n + 1;
            return (int)i;
        }
        if (arg[1] != '-' && options[i].has_arg) {
            *val = arg + n;
            return (int)i;
        }
    }
    return -1;
}

/* --format's names, in the order the help lists them. */
static const struct {
    const char *name;
    enum ws_format format;
    int pretty;
} formats[] = {
    { "jsonl", WS_FORMAT_JSON, 0 }, { "json", WS_FORMAT_JSON, 1 },
    { "csv", WS_FORMAT_CSV, 0 },    { "tsv", WS_FORMAT_TSV, 0 },
    { "html", WS_FORMAT_HTML, 0 },  { "jsonld", WS_FORMAT_JSONLD, 0 },
};

static int
parse_format(struct extract_opts *o, const char *name, const char *val)
{
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        if (strcmp(val, formats[i].name) == 0) {
            o->format = formats[i].format;
            o->pretty |= formats[i].pretty;
            return 0;
        }
    }
    return usage_error("'%s' needs one of jsonl, json, csv, tsv, html, "
                       "jsonld",
                       name);
}

/* --limit names, in enum ws_limit order (docs/robustness.md). */
static const char *const limit_names[WS_LIMIT__COUNT] = {
    [WS_LIMIT_DOC_BYTES] = "doc-bytes", [WS_LIMIT_TOKENS] = "tokens",
    [WS_LIMIT_MENTIONS] = "mentions",   [WS_LIMIT_QUOTES] = "quotes",
    [WS_LIMIT_QUOTE_BYTES] = "quote-bytes", [WS_LIMIT_MATCH] = "match",
    [WS_LIMIT_DEPTH] = "depth",         [WS_LIMIT_NESTING] = "nesting",
};

/* Parses "NAME=N" for --limit. */
static int
parse_limit(struct extract_opts *o, const char *name, const char *val)
{
    size_t len = strcspn(val, "="), n;

    for (int k = 0; k < WS_LIMIT__COUNT; k++) {
        if (!limit_names[k] || strlen(limit_names[k]) != len ||
            strncmp(val, limit_names[k], len) != 0)
            continue;
        if (val[len] != '=' || parse_size(val + len + 1, &n) < 0)
            return usage_error("'%s' needs NAME=N with N a positive number",
                               name);
        o->limits[k] = n;
        return 0;
    }
    return usage_error("'%s' takes one of doc-bytes, tokens, mentions, "
                       "quotes, quote-bytes, match, depth, nesting",
                       name);
}

static int
apply_option(struct extract_opts *o, enum opt_id id, const char *name,
             const char *val)
{
    size_t n;

    switch (id) {
    case OPT_JSONL: o->jsonl = 1; break;
    case OPT_HTML: o->html = 1; break;
    case OPT_GAZ: o->gazetteers[o->ngazetteers++] = val; break;
    case OPT_RULES: o->rules[o->nrules++] = val; break;
    case OPT_NODEF: o->no_defaults = 1; break;
    case OPT_NOIND: o->no_indirect = 1; break;
    case OPT_PRETTY: o->pretty = 1; break;
    case OPT_TEXT: o->json_flags |= WS_JSON_TEXT; break;
    case OPT_EXPLAIN: o->json_flags |= WS_JSON_EXPLAIN; break;
    case OPT_PROGRESS: o->progress = 1; break;
    case OPT_NOPROGRESS: o->progress = 0; break;
    case OPT_STATS: o->stats = 1; break;
    case OPT_OUTPUT: o->output = val; break;
    case OPT_HELP: o->help = 1; break;
    case OPT_FORMAT: return parse_format(o, name, val);
    case OPT_LIMIT: return parse_limit(o, name, val);
    case OPT_JOBS:
        if (parse_size(val, &n) < 0 || n > MAX_JOBS)
            return usage_error("'%s' needs a number of threads from 1 to "
                               "1024",
                               name);
        o->jobs = (int)n;
        break;
    case OPT_MAXLINE:
    case OPT_MAXDOC:
        if (parse_size(val, &n) < 0)
            return usage_error("'%s' needs a positive number of bytes", name);
        if (id == OPT_MAXLINE)
            o->max_line = n;
        else
            o->limits[WS_LIMIT_DOC_BYTES] = n;
        break;
    }
    return 0;
}

static int
parse_args(int argc, char **argv, struct extract_opts *o)
{
    int i, only_files = 0;

    o->progress = -1;
    o->max_line = (size_t)64 << 20;
    o->gazetteers = calloc((size_t)argc, sizeof(*o->gazetteers));
    o->rules = calloc((size_t)argc, sizeof(*o->rules));
    o->files = calloc((size_t)argc, sizeof(*o->files));
    if (!o->gazetteers || !o->rules || !o->files) {
        fputs("whosaid: out of memory\n", stderr);
        return CLI_EXIT_USAGE;
    }
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *val;
        char name[64];
        int k, rc;

        if (only_files || arg[0] != '-' || arg[1] == '\0') {
            o->files[o->nfiles++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_files = 1;
            continue;
        }
        /* The name as typed, without "=value", for messages. */
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
        k = find_option(arg, &val);
        if (k < 0)
            return usage_error("unknown option '%s'", name);
        if (arg[1] != '-')
            snprintf(name, sizeof(name), "%s", options[k].name);
        if (options[k].has_arg && !val) {
            if (i + 1 == argc)
                return usage_error("option '%s' needs a value", name);
            val = argv[++i];
        } else if (!options[k].has_arg && val) {
            return usage_error("option '%s' takes no value", name);
        }
        rc = apply_option(o, options[k].id, name, val);
        if (rc != 0)
            return rc;
    }
    if (o->jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);

        o->jobs = n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
    }
    if (o->progress < 0)
        o->progress = isatty(STDERR_FILENO);
    return 0;
}

/* A user's data file that cannot be read is a usage error, and saying so
 * here names the file whatever the library's message would be. */
static int
check_readable(const char *kind, const char *path)
{
    FILE *f = fopen(path, "r");

    if (f) {
        fclose(f);
        return 0;
    }
    fprintf(stderr, "whosaid: cannot read %s file '%s': %s\n", kind, path,
            strerror(errno));
    return -1;
}

static int
load_model(const struct extract_opts *o, struct ws_model **model)
{
    struct ws_options *opts = NULL;
    struct ws_error err = { 0 };
    size_t i;
    int rc = WS_NOMEM;

    *model = NULL;
    for (i = 0; i < o->ngazetteers; i++)
        if (check_readable("gazetteer", o->gazetteers[i]) < 0)
            return WS_IO;
    for (i = 0; i < o->nrules; i++)
        if (check_readable("rules", o->rules[i]) < 0)
            return WS_IO;
    opts = ws_options_new();
    if (!opts)
        goto fail;
    for (i = 0; i < o->ngazetteers; i++)
        if ((rc = ws_options_add_gazetteer(opts, o->gazetteers[i])) != 0)
            goto fail;
    for (i = 0; i < o->nrules; i++)
        if ((rc = ws_options_add_rules(opts, o->rules[i])) != 0)
            goto fail;
    ws_options_set_defaults(opts, !o->no_defaults);
    ws_options_set_indirect(opts, !o->no_indirect);
    /* the workers are idle until the model is loaded */
    ws_options_set_load_threads(opts, o->jobs);
    for (int k = 0; k < WS_LIMIT__COUNT; k++)
        if (o->limits[k] &&
            (rc = ws_options_set_limit(opts, (enum ws_limit)k,
                                       o->limits[k])) != 0)
            goto fail;
    rc = ws_model_load(opts, model, &err);
    if (rc != 0) {
        fprintf(stderr, "whosaid: %s\n",
                err.message[0] ? err.message : ws_strerror(rc));
        goto out;
    }
    goto out;
fail:
    fprintf(stderr, "whosaid: %s\n", ws_strerror(rc));
out:
    ws_options_free(opts);
    return rc;
}

static void
work(void *ctx, struct record *rec)
{
    struct run *run = ctx;

    render_record(&run->render, rec);
}

static int
write_failed(struct run *run)
{
    run->write_errno = errno ? errno : EIO;
    return -1;
}

static int
emit(void *ctx, struct record *rec)
{
    struct run *run = ctx;
    char fallback[128];
    const char *line = rec->out;
    size_t len = rec->out_len;

    if (!line && !run->lines) {
        /* the last resort, in the format's own shape */
        line = run->render.format == WS_FORMAT_HTML
                   ? "<article class=\"ws-doc ws-failed\"><p "
                     "class=\"ws-error\"><strong>NOMEM</strong>: out of "
                     "memory</p></article>\n"
                   : run->render.format == WS_FORMAT_TSV
                         ? "\t\t\t\t\t\tout of memory\terror\t\tNOMEM\t\t\t\n"
                         : ",,,,,,out of memory,error,,NOMEM,,,\r\n";
        len = strlen(line);
    } else if (!line) {
        len = render_nomem(rec, fallback, sizeof(fallback));
        line = fallback;
    }
    errno = 0;
    /* CSV/TSV rows and HTML sections end their own lines; a document
     * without quotes has no rows at all */
    if (fwrite(line, 1, len, run->out) != len ||
        (run->lines && putc('\n', run->out) == EOF))
        return write_failed(run);
    progress_add(&run->progress, rec);
    return 0;
}

static int
idle(void *ctx)
{
    struct run *run = ctx;

    errno = 0;
    if (fflush(run->out) != 0)
        return write_failed(run);
    return 0;
}

static int
read_next(void *ctx, struct record *rec)
{
    struct run *run = ctx;

    return source_next(run->src, rec);
}

static void
reader_waits(void *ctx)
{
    pool_reader_waits(ctx);
}

static void
pool_started(void *ctx, struct pool *pool)
{
    struct run *run = ctx;

    source_set_wait(run->src, reader_waits, pool);
}

/* Streams every record through the pool. Returns the exit status. */
static int
run_all(struct run *run, struct pool *pool, int jobs)
{
    /* 64 records a worker in flight: a long article holds up the output
     * while the other workers go on (with 16, two workers waited for one
     * another about 50 times a pass over a news dump); and 64 MiB of
     * input at most, so that memory stays bounded however long the
     * records are */
    struct pool_window window = {(size_t)jobs * 64, 64ull << 20};
    int rc = pool_run(pool, window, read_next, work, emit, idle, run,
                      pool_started);

    if (rc < 0) {
        fprintf(stderr, "whosaid: %s\n", ws_strerror(rc));
        return CLI_EXIT_USAGE;
    }
    return 0;
}

int
extract_main(int argc, char **argv)
{
    struct extract_opts o = { 0 };
    struct ws_model *model = NULL;
    struct source *src = NULL;
    struct run run = { 0 };
    struct pool *pool = NULL;
    int rc, status = CLI_EXIT_USAGE;

    rc = parse_args(argc, argv, &o);
    if (rc != 0)
        goto out;
    if (o.help) {
        extract_help(stdout);
        status = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
        goto out;
    }
    /* the workers start first: they are running by the time the model
     * is loaded (see pool.c) */
    pool = pool_new(o.jobs);
    if (!pool) {
        fprintf(stderr, "whosaid: %s\n", ws_strerror(WS_NOMEM));
        goto out;
    }
    if (load_model(&o, &model) != 0)
        goto out;
    rc = source_new(o.files, o.nfiles, o.jsonl, o.max_line, &src);
    if (rc != 0) {
        fprintf(stderr, "whosaid: %s\n", ws_strerror(rc));
        goto out;
    }
    if (o.html)
        source_force_html(src);
    run.src = src;
    run.out = stdout;
    if (o.output && strcmp(o.output, "-") != 0) {
        run.out = fopen(o.output, "w");
        if (!run.out) {
            fprintf(stderr, "whosaid: cannot write '%s': %s\n", o.output,
                    strerror(errno));
            goto out;
        }
    }
    /* Large writes for a dump; a terminal keeps its line buffering. The
     * buffer is ours because glibc ignores the size of one it allocates
     * (it writes 4 KB at a time); static, because stdout is flushed
     * after main returns. */
    static char outbuf[256 * 1024];
    if (!isatty(fileno(run.out)))
        setvbuf(run.out, outbuf, _IOFBF, sizeof(outbuf));
    run.render.model = model;
    run.render.json_flags = o.json_flags;
    run.render.pretty = o.pretty;
    run.render.format = o.format;
    run.lines = o.format == WS_FORMAT_JSON || o.format == WS_FORMAT_JSONLD;
    progress_init(&run.progress, o.progress, source_total(src));

    /* the CSV/TSV header line or the HTML page's head, once */
    errno = 0;
    if (fputs(ws_format_header(o.format), run.out) == EOF)
        run.write_errno = errno ? errno : EIO;
    status = run.write_errno ? CLI_EXIT_USAGE : run_all(&run, pool, o.jobs);
    errno = 0;
    if (!run.write_errno && fputs(ws_format_footer(o.format), run.out) == EOF)
        run.write_errno = errno ? errno : EIO;
    errno = 0;
    if (!run.write_errno && fflush(run.out) != 0)
        run.write_errno = errno ? errno : EIO;
    progress_end(&run.progress);
    if (o.stats)
        progress_stats(&run.progress, stderr);
    if (run.write_errno && run.write_errno != EPIPE) {
        fprintf(stderr, "whosaid: cannot write output: %s\n",
                strerror(run.write_errno));
        status = CLI_EXIT_USAGE;
    } else if (status == 0 && run.progress.errors > 0) {
        status = CLI_EXIT_FAILED;
    }
out:
    if (run.out && run.out != stdout && fclose(run.out) != 0 &&
        status != CLI_EXIT_USAGE) {
        fprintf(stderr, "whosaid: cannot write '%s': %s\n", o.output,
                strerror(errno));
        status = CLI_EXIT_USAGE;
    }
    pool_free(pool);
    source_free(src);
    ws_model_free(model);
    free(o.gazetteers);
    free(o.rules);
    free(o.files);
    return status;
}
