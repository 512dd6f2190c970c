/* SPDX-License-Identifier: MIT */
/* replay.c - main() for a fuzz target built without libFuzzer.
 *
 * Feeds each file named on the command line, and each file inside each
 * directory named (not recursively, in name order), to
 * LLVMFuzzerTestOneInput, once, so that the seed corpus and every saved
 * crash run in the normal test suite. Prints how many inputs it ran and
 * exits 0; a finding crashes the target as it would under libFuzzer.
 */
#define _DEFAULT_SOURCE /* scandir, alphasort */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, len = 0, got;
    uint8_t *buf = malloc(cap);

    if (!f || !buf) {
        fprintf(stderr, "replay: cannot read %s: %s\n", path,
                strerror(errno));
        free(buf);
        if (f)
            fclose(f);
        return -1;
    }
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *p = realloc(buf, cap * 2);

            if (!p) {
                fclose(f);
                free(buf);
                return -1;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    /* a copy of exactly len bytes, so that ASan sees any read past it */
    uint8_t *exact = malloc(len ? len : 1);

    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int
skip_hidden(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

int
main(int argc, char **argv)
{
    unsigned long runs = 0;
    int failed = 0;

    for (int i = 1; i < argc; i++) {
        struct stat st;
        struct dirent **names = NULL;
        int n;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            failed = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= run_file(argv[i]) != 0;
            runs++;
            continue;
        }
        n = scandir(argv[i], &names, skip_hidden, alphasort);
        if (n < 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            failed = 1;
            continue;
        }
        for (int k = 0; k < n; k++) {
            char path[4096];

            snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]->d_name);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                failed |= run_file(path) != 0;
                runs++;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("replay: %lu inputs\n", runs);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
