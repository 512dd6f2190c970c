/* SPDX-License-Identifier: MIT */
/* main.c - the whosaid program: subcommands, help and version.
 *
 * Dispatches to one file per subcommand (extract.c, check.c) and prints
 * the overview help. SIGPIPE is ignored here, once for the whole program,
 * so that a closed pipe (whosaid ... | head) shows up as EPIPE from a
 * write, which the writer treats as a quiet stop, instead of killing the
 * process halfway through a line.
 *
 * The program also tells glibc's malloc to keep freed memory instead of
 * giving it back at once: compiling the rules allocates and frees a few
 * hundred large blocks, and returning each to the kernel cost about 300
 * brk calls, a sixth of startup.
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__ /* defined by the headers above */
#include <malloc.h>
#endif

#include "cli.h"

static void
main_help(FILE *f)
{
    fputs("Usage: whosaid COMMAND [OPTIONS] [FILE...]\n"
          "\n"
          "whosaid reads news articles and prints who said what: the\n"
          "people and organisations named, the quotes, and who spoke each\n"
          "one, as JSON.\n"
          "\n"
          "Commands:\n"
          "  extract          find speakers and quotes in articles\n"
          "  gazetteer check  check gazetteer and rule files for mistakes\n"
          "  help [COMMAND]   show help (also: COMMAND --help)\n"
          "\n"
          "Options:\n"
          "  -h, --help       show this help\n"
          "  --version        print the version\n"
          "\n"
          "Examples:\n"
          "  # one article, indented for reading\n"
          "  whosaid extract --pretty article.txt\n"
          "\n"
          "  # a JSON Lines dump ({\"id\":..., \"text\":...} a line), 8\n"
          "  # threads, a progress line, one output line per input line\n"
          "  whosaid extract -j 8 --progress news.jsonl.gz -o out.jsonl\n"
          "\n"
          "  # names of your own, added to the built-in gazetteers\n"
          "  whosaid extract --gazetteer my-people.tsv article.txt\n"
          "\n"
          "  # check that gazetteer first\n"
          "  whosaid gazetteer check my-people.tsv\n"
          "\n"
          "  # every quote with its speaker, one a line\n"
          "  whosaid extract news.jsonl | jq -c '.quotes[]'\n"
          "\n"
          "See 'whosaid extract --help' and man whosaid for the details.\n",
          f);
}

static int
help(int argc, char **argv)
{
    const char *topic = argc > 1 ? argv[1] : NULL;

    if (!topic)
        main_help(stdout);
    else if (strcmp(topic, "extract") == 0)
        extract_help(stdout);
    else if (strcmp(topic, "gazetteer") == 0 || strcmp(topic, "check") == 0)
        check_help(stdout);
    else {
        fprintf(stderr, "whosaid: no help on '%s'; see 'whosaid --help'\n",
                topic);
        return CLI_EXIT_USAGE;
    }
    return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;

    signal(SIGPIPE, SIG_IGN);
#ifdef __GLIBC__
    /* what a worker frees is reused by the next record: memory stays
     * bounded by the largest records, so trimming buys nothing */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 1 << 20);
#endif
    if (!cmd) {
        fputs("Usage: whosaid COMMAND [OPTIONS] [FILE...]\n"
              "Try 'whosaid --help'.\n",
              stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0)
        return help(argc - 1, argv + 1);
    if (strcmp(cmd, "--version") == 0) {
        printf("whosaid %s\n", WS_VERSION);
        return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    }
    if (strcmp(cmd, "extract") == 0)
        return extract_main(argc - 1, argv + 1);
    if (strcmp(cmd, "gazetteer") == 0)
        return check_main(argc - 1, argv + 1);
    if (cmd[0] == '-')
        fprintf(stderr, "whosaid: unknown option '%s'; see 'whosaid --help'\n",
                cmd);
    else
        fprintf(stderr,
                "whosaid: unknown command '%s'; see 'whosaid --help'\n", cmd);
    return CLI_EXIT_USAGE;
}
