/* SPDX-License-Identifier: MIT */
/* model.c - options, and loading a model from data files.
 *
 * The default gazetteers and rules come compiled in (defaults.c, made by
 * embed.py from gazetteers/default.list), in the documented order; user
 * files follow in the order given, so they extend or override the defaults.
 * A file with any problem fails the load with its first problem as the
 * message, "file:line: what is wrong": a silently skipped entry would be a
 * silently wrong answer.
 */
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "defaults.h"

struct ws_options {
    char **gazetteers;
    size_t ngazetteers;
    char **rules;
    size_t nrules;
    int defaults;
    int indirect;
    unsigned load_threads;
    size_t limits[WS_LIMIT__COUNT];
};

static const size_t default_limits[WS_LIMIT__COUNT] = {
    [WS_LIMIT_DOC_BYTES] = 16u << 20,
    [WS_LIMIT_TOKENS] = 4000000,
    [WS_LIMIT_MENTIONS] = 1000000,
    [WS_LIMIT_QUOTES] = 100000,
    [WS_LIMIT_QUOTE_BYTES] = 20000,
    [WS_LIMIT_MATCH] = 100000,
    [WS_LIMIT_DEPTH] = 1000,
    [WS_LIMIT_NESTING] = 8,
};

struct ws_options *
ws_options_new(void)
{
    struct ws_options *o = ws_calloc(1, sizeof(*o));

    if (!o)
        return NULL;
    o->defaults = 1;
    o->indirect = 1;
    o->load_threads = 1;
    return o;
}

void
ws_options_free(struct ws_options *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->ngazetteers; i++)
        ws_free(o->gazetteers[i]);
    for (size_t i = 0; i < o->nrules; i++)
        ws_free(o->rules[i]);
    ws_free(o->gazetteers);
    ws_free(o->rules);
    ws_free(o);
}

static int
push_path(char ***v, size_t *n, const char *path)
{
    char **p;
    char *s;

    if (!path)
        return WS_INVALID;
    s = ws_strdup(path);
    if (!s)
        return WS_NOMEM;
    p = ws_realloc(*v, (*n + 1) * sizeof(*p));
    if (!p) {
        ws_free(s);
        return WS_NOMEM;
    }
    p[(*n)++] = s;
    *v = p;
    return WS_OK;
}

int
ws_options_add_gazetteer(struct ws_options *o, const char *path)
{
    return o ? push_path(&o->gazetteers, &o->ngazetteers, path) : WS_INVALID;
}

int
ws_options_add_rules(struct ws_options *o, const char *path)
{
    return o ? push_path(&o->rules, &o->nrules, path) : WS_INVALID;
}

void
ws_options_set_defaults(struct ws_options *o, int on)
{
    if (o)
        o->defaults = on != 0;
}

void
ws_options_set_indirect(struct ws_options *o, int on)
{
    if (o)
        o->indirect = on != 0;
}

void
ws_options_set_load_threads(struct ws_options *o, int n)
{
    if (o)
        o->load_threads = n < 1 ? 1 : (unsigned)n;
}

int
ws_options_set_limit(struct ws_options *o, enum ws_limit which, size_t value)
{
    if (!o || (int)which < 0 || which >= WS_LIMIT__COUNT)
        return WS_INVALID;
    o->limits[which] = value;
    return WS_OK;
}

/* ---- loading ------------------------------------------------------------ */

struct first_problem {
    char msg[512];
    int n;
};

static void
keep_first(void *ctx, const char *line)
{
    struct first_problem *f = ctx;

    if (f->n++ == 0)
        snprintf(f->msg, sizeof(f->msg), "%s", line);
}

static int
is_rules_file(const char *name)
{
    size_t n = strlen(name);

    return n >= 6 && strcmp(name + n - 6, ".rules") == 0;
}

/* Reads a whole data file. Data files are small; documents never come
 * through here. */
static int
read_file(const char *path, char **buf, size_t *len, char *err, size_t errn)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 65536, n = 0;
    char *b = NULL;

    if (!f) {
        snprintf(err, errn, "%s: cannot open: %s", path, strerror(errno));
        return WS_IO;
    }
    b = ws_malloc(cap);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);

        n += got;
        if (n < cap)
            break;
        char *nb = ws_realloc(b, cap * 2);
        if (!nb) {
            ws_free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap *= 2;
    }
    if (b && ferror(f)) {
        snprintf(err, errn, "%s: cannot read: %s", path, strerror(errno));
        ws_free(b);
        fclose(f);
        return WS_IO;
    }
    fclose(f);
    if (!b)
        return WS_NOMEM;
    *buf = b;
    *len = n;
    return WS_OK;
}

/* Parses one data file's bytes into m. Returns problems (> 0), 0 or a
 * negative status. */
static int
parse_data(struct model *m, const char *name, const char *buf, size_t len,
           rules_report_fn report, void *ctx)
{
    if (is_rules_file(name))
        return rules_parse(&m->rules, name, buf, len, report, ctx);
    return gazetteer_parse(&m->gz, name, buf, len, report, ctx);
}

static int
load_defaults(struct model *m, struct first_problem *fp)
{
    if (gazetteer_from_image(&m->gz, default_image, default_image_size())) {
        snprintf(fp->msg, sizeof(fp->msg),
                 "the built-in gazetteer image is damaged; rebuild whosaid");
        return WS_INTERNAL;
    }
    for (size_t i = 0; i < default_nfiles; i++) {
        char name[300];

        snprintf(name, sizeof(name), "gazetteers/%s", default_files[i].name);
        int rc = parse_data(m, name, default_files[i].data,
                            default_files[i].len, keep_first, fp);
        if (rc < 0)
            return rc;
        if (rc > 0)
            return is_rules_file(name) ? WS_RULE : WS_DATA;
    }
    return WS_OK;
}

static int
load_file(struct model *m, const char *path, int as_rules,
          struct first_problem *fp)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = read_file(path, &buf, &len, fp->msg, sizeof(fp->msg));

    if (rc)
        return rc;
    if (as_rules)
        rc = rules_parse(&m->rules, path, buf, len, keep_first, fp);
    else
        rc = gazetteer_parse(&m->gz, path, buf, len, keep_first, fp);
    ws_free(buf);
    if (rc > 0)
        return as_rules ? WS_RULE : WS_DATA;
    return rc;
}

static void
model_destroy(struct model *m)
{
    if (!m)
        return;
    gazetteer_free(&m->gz);
    rules_free(&m->rules);
    ws_free(m);
}

int
ws_model_load(const struct ws_options *opts, struct ws_model **out,
              struct ws_error *err)
{
    struct model *m = NULL;
    struct first_problem fp = {{0}, 0};
    int rc = WS_NOMEM;
    int defaults = opts ? opts->defaults : 1;

    if (!out) {
        rc = WS_INVALID;
        snprintf(fp.msg, sizeof(fp.msg), "ws_model_load: out is NULL");
        goto out;
    }
    *out = NULL;
    m = ws_calloc(1, sizeof(*m));
    if (!m)
        goto out;
    m->indirect = opts ? opts->indirect : 1;
    for (int k = 0; k < WS_LIMIT__COUNT; k++)
        m->limits[k] = opts && opts->limits[k] ? opts->limits[k]
                                               : default_limits[k];
    if (defaults && (rc = load_defaults(m, &fp)))
        goto out;
    /* user gazetteers extend the prebuilt defaults: copy, parse, rebuild */
    if (opts && opts->ngazetteers && (rc = gazetteer_thaw(&m->gz)))
        goto out;
    for (size_t i = 0; opts && i < opts->ngazetteers; i++)
        if ((rc = load_file(m, opts->gazetteers[i],
                            is_rules_file(opts->gazetteers[i]), &fp)))
            goto out;
    for (size_t i = 0; opts && i < opts->nrules; i++)
        if ((rc = load_file(m, opts->rules[i], 1, &fp)))
            goto out;
    rules_jit(&m->rules, opts ? opts->load_threads : 1);
    if ((!m->gz.borrowed &&
         (rc = gazetteer_build_letters(&m->gz, &m->rules))) ||
        (rc = rules_set_limits(&m->rules, m->limits[WS_LIMIT_MATCH],
                               m->limits[WS_LIMIT_DEPTH])))
        goto out;
    *out = (struct ws_model *)m;
    m = NULL;
    rc = WS_OK;
out:
    model_destroy(m);
    if (err) {
        err->code = rc;
        if (rc && !fp.msg[0])
            snprintf(fp.msg, sizeof(fp.msg), "%s", ws_strerror(rc));
        snprintf(err->message, sizeof(err->message), "%s",
                 rc ? fp.msg : "");
    }
    return rc;
}

void
ws_model_free(struct ws_model *model)
{
    model_destroy((struct model *)model);
}

int
ws_data_check(const char *path, void (*report)(void *ctx, const char *line),
              void *ctx)
{
    struct model *m = ws_calloc(1, sizeof(*m));
    struct first_problem quiet = {{0}, 0};
    char *buf = NULL;
    size_t len = 0;
    int rc;

    if (!m)
        return WS_NOMEM;
    /* user files may build on the defaults: their ids, their macros */
    rc = load_defaults(m, &quiet);
    if (rc == WS_OK)
        rc = gazetteer_thaw(&m->gz);
    if (rc == WS_OK) {
        char msg[512] = "";

        rc = read_file(path, &buf, &len, msg, sizeof(msg));
        if (rc == WS_IO) {
            if (report)
                report(ctx, msg);
            rc = 1;
        } else if (rc == WS_OK) {
            rc = parse_data(m, path, buf, len, report, ctx);
        }
    } else if (rc > 0 || rc == WS_DATA || rc == WS_RULE) {
        if (report)
            report(ctx, quiet.msg);
        rc = 1;
    }
    ws_free(buf);
    model_destroy(m);
    return rc;
}
