/* SPDX-License-Identifier: MIT */
/* gzcompile.c - build-time tool: the default gazetteers as a ready image.
 *
 * usage: gzcompile LIST OUT
 * Parses every gazetteer file named in LIST (gazetteers/default.list),
 * builds the matcher, and writes it as one flat image that embed.py puts
 * inside the library. Loading the defaults then costs no parsing and no
 * hashing: whosaid starts in a few milliseconds whatever the size of the
 * lists. The rule files are read only for their @word letters, which the
 * image keeps in its word slots (gazetteer_build_letters); the library
 * compiles the rules themselves at load time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "gazetteer.h"
#include "rules.h"
#include "whosaid.h"

static void
report(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
        fread(buf, 1, (size_t)n, f) == (size_t)n) {
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

int
main(int argc, char **argv)
{
    struct gazetteer g = {0};
    struct rules r = {0};
    char dir[4096], line[1024], path[8192];
    FILE *list, *out;
    int problems = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: gzcompile LIST OUT\n");
        return 2;
    }
    snprintf(dir, sizeof(dir), "%s", argv[1]);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = '\0';
    else
        strcpy(dir, "./");
    list = fopen(argv[1], "r");
    if (!list) {
        fprintf(stderr, "gzcompile: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    while (fgets(line, sizeof(line), list)) {
        char *name = line, *end;
        size_t len = 0;

        name[strcspn(name, "#")] = '\0';
        while (*name == ' ' || *name == '\t')
            name++;
        end = name + strlen(name);
        while (end > name && strchr(" \t\r\n", end[-1]))
            *--end = '\0';
        if (!*name)
            continue;
        int is_rules = end - name > 6 && strcmp(end - 6, ".rules") == 0;
        snprintf(path, sizeof(path), "%s%s", dir, name);
        char *buf = slurp(path, &len);
        if (!buf) {
            fprintf(stderr, "gzcompile: %s: cannot read\n", path);
            return 2;
        }
        snprintf(path, sizeof(path), "gazetteers/%s", name);
        int rc = is_rules ? rules_parse(&r, path, buf, len, report, NULL)
                          : gazetteer_parse(&g, path, buf, len, report, NULL);
        free(buf);
        if (rc < 0) {
            fprintf(stderr, "gzcompile: %s: %s\n", path, ws_strerror(rc));
            return 2;
        }
        problems += rc;
    }
    fclose(list);
    if (problems) {
        fprintf(stderr, "gzcompile: %d problems in the default data files\n",
                problems);
        return 1;
    }
    if (gazetteer_build_letters(&g, &r)) {
        fprintf(stderr, "gzcompile: out of memory\n");
        return 2;
    }
    out = fopen(argv[2], "wb");
    if (!out || gazetteer_write_image(&g, out) || fclose(out)) {
        fprintf(stderr, "gzcompile: %s: cannot write\n", argv[2]);
        return 2;
    }
    gazetteer_free(&g);
    rules_free(&r);
    return 0;
}
