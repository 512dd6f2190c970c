/* SPDX-License-Identifier: MIT */
/* bench-stages.c - where the time goes: each pipeline stage over a corpus.
 *
 * usage: bench-stages CORPUS.jsonl [REPEAT]
 * Loads the default model, reads every record's "text" into memory, then
 * runs the pipeline stage by stage over all of them, REPEAT times, and
 * prints for each stage its share of the time and its throughput (MB of
 * article text a second, one thread). Also times model loading. Times are
 * the thread's CPU time, not the wall clock, so that other work on a
 * shared machine inflates them less. A figure
 * printer for tests/bench/run.sh, not a test: it checks nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attrib.h"
#include "classify.h"
#include "doc.h"
#include "emit.h"
#include "entity.h"
#include "gazetteer.h"
#include "model.h"
#include "rules.h"
#include "tokenize.h"
#include "whosaid.h"

static double
now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const struct {
    const char *name;
    int (*run)(struct doc *d);
} stages[] = {
    {"tokenize", tokenize_doc},       {"quotes", attrib_spans_doc},
    {"gazetteer", gazetteer_doc},     {"classify", classify_doc},
    {"mentions", rules_doc},          {"entities", entity_doc},
    {"attribution", attrib_doc},      {"numbering", entity_number_doc},
};
#define NSTAGES (sizeof(stages) / sizeof(stages[0]))

int
main(int argc, char **argv)
{
    char **texts = NULL;
    size_t *lens = NULL, n = 0, cap = 0, bytes = 0;
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    double t[NSTAGES + 1] = {0};
    struct ws_model *wm;
    struct ws_error err;
    FILE *f;
    char *line = NULL;
    size_t lcap = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: bench-stages CORPUS.jsonl [REPEAT]\n");
        return 2;
    }
    double t0 = now();
    if (ws_model_load(NULL, &wm, &err)) {
        fprintf(stderr, "bench-stages: %s\n", err.message);
        return 2;
    }
    double load = now() - t0;
    f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    while (getline(&line, &lcap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        const char *s = o ? json_string_value(json_object_get(o, "text")) : 0;

        if (s) {
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                texts = realloc(texts, cap * sizeof(*texts));
                lens = realloc(lens, cap * sizeof(*lens));
            }
            lens[n] = strlen(s);
            texts[n] = strdup(s);
            bytes += lens[n++];
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    const struct model *m = (const struct model *)wm;
    for (int r = 0; r < repeat; r++)
        for (size_t i = 0; i < n; i++) {
            struct doc d;

            doc_init(&d, m, texts[i], lens[i]);
            for (size_t s = 0; s < NSTAGES; s++) {
                double a = now();
                if (stages[s].run(&d)) {
                    fprintf(stderr, "stage %s failed: %s\n", stages[s].name,
                            d.err);
                    return 1;
                }
                t[s] += now() - a;
            }
            double a = now();
            char *json = emit_json(&d, 0);
            t[NSTAGES] += now() - a;
            free(json);
            doc_free(&d);
        }
    double total = 0, mb = (double)bytes * repeat / 1e6;
    for (size_t s = 0; s <= NSTAGES; s++)
        total += t[s];
    printf("corpus: %zu documents, %.2f MB of text, %d passes\n", n,
           (double)bytes / 1e6, repeat);
    printf("model load (defaults): %.1f ms\n", load * 1e3);
    printf("%-12s %8s %10s\n", "stage", "share", "MB/s");
    for (size_t s = 0; s <= NSTAGES; s++)
        printf("%-12s %7.1f%% %10.1f\n",
               s < NSTAGES ? stages[s].name : "emit json",
               100 * t[s] / total, mb / t[s]);
    printf("%-12s %7.1f%% %10.1f\n", "all", 100.0, mb / total);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    ws_model_free(wm);
    return 0;
}
