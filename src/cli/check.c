/* SPDX-License-Identifier: MIT */
/* check.c - `whosaid gazetteer check`: validate data files.
 *
 * Runs ws_data_check on each file and prints every problem it reports,
 * "file:line: what is wrong", one a line on standard output, so that
 * editors and CI logs can jump to them; the count goes to standard error.
 * A file that cannot be opened is a different kind of failure (exit 2)
 * from a file with problems in it (exit 1), so it is tested here first.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

void
check_help(FILE *f)
{
    fputs("Usage: whosaid gazetteer check FILE...\n"
          "\n"
          "Check gazetteer and rule files without loading a model. Each\n"
          "problem is printed on standard output as 'file:line: what is\n"
          "wrong'; a count goes to standard error. A file ending in .rules\n"
          "is checked as a rule file, any other as a gazetteer.\n"
          "\n"
          "Examples:\n"
          "  whosaid gazetteer check my-people.tsv\n"
          "  whosaid gazetteer check gazetteers/*.tsv my.rules\n"
          "\n"
          "Exit status: 0 no problems, 1 problems found, 2 a file could\n"
          "not be read or the command was misused.\n",
          f);
}

struct check_ctx {
    unsigned long problems;
    int write_failed;
};

static void
report(void *ctx, const char *line)
{
    struct check_ctx *c = ctx;

    if (fputs(line, stdout) == EOF || putchar('\n') == EOF)
        c->write_failed = 1;
}

static int
usage(const char *fmt, const char *what)
{
    fputs("whosaid: ", stderr);
    fprintf(stderr, fmt, what);
    fputs("; see 'whosaid gazetteer --help'\n", stderr);
    return CLI_EXIT_USAGE;
}

/* Returns 0 when path is a file we can open, else prints why. */
static int
readable(const char *path)
{
    struct stat st;
    FILE *f;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "whosaid: cannot read '%s': %s\n", path,
                strerror(EISDIR));
        return -1;
    }
    f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "whosaid: cannot read '%s': %s\n", path,
                strerror(errno));
        return -1;
    }
    fclose(f);
    return 0;
}

int
check_main(int argc, char **argv)
{
    struct check_ctx ctx = { 0 };
    unsigned long files = 0;
    int i, only_files = 0, nfiles = 0, broken = 0;

    if (argc < 2)
        return usage("'gazetteer' needs a command, '%s'", "check");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        check_help(stdout);
        return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "check") != 0)
        return usage("unknown gazetteer command '%s'", argv[1]);
    for (i = 2; i < argc; i++) {
        if (only_files || argv[i][0] != '-' || argv[i][1] == '\0') {
            nfiles++;
            continue;
        }
        if (strcmp(argv[i], "--") == 0) {
            only_files = 1;
        } else if (strcmp(argv[i], "--help") == 0 ||
                   strcmp(argv[i], "-h") == 0) {
            check_help(stdout);
            return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
        } else {
            return usage("unknown option '%s'", argv[i]);
        }
    }
    if (nfiles == 0)
        return usage("'gazetteer check' needs at least one %s", "FILE");

    for (i = 2, only_files = 0; i < argc; i++) {
        int n;

        if (!only_files && strcmp(argv[i], "--") == 0) {
            only_files = 1;
            continue;
        }
        if (readable(argv[i]) < 0) {
            broken = 1;
            continue;
        }
        n = ws_data_check(argv[i], report, &ctx);
        if (n < 0) {
            fprintf(stderr, "whosaid: %s: %s\n", argv[i], ws_strerror(n));
            broken = 1;
            continue;
        }
        ctx.problems += (unsigned long)n;
        files++;
    }
    if (fflush(stdout) != 0 || ctx.write_failed) {
        fprintf(stderr, "whosaid: cannot write output: %s\n",
                strerror(errno));
        return CLI_EXIT_USAGE;
    }
    fprintf(stderr, "%lu problem%s in %lu file%s\n", ctx.problems,
            ctx.problems == 1 ? "" : "s", files, files == 1 ? "" : "s");
    if (broken)
        return CLI_EXIT_USAGE;
    return ctx.problems > 0 ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
