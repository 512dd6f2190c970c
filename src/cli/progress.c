/* SPDX-License-Identifier: MIT */
/* progress.c - the progress line and the --stats summary, on stderr.
 *
 * Only the writer thread calls progress_add, once per record in output
 * order, so the figures need no lock. The line is redrawn in place with
 * a carriage return at most four times a second: drawing costs a write
 * to the terminal, and a faster line cannot be read anyway. The ETA is
 * known only when every input is a regular file, so that the total size
 * is known; it follows the raw (possibly compressed) bytes read.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define MB (1024.0 * 1024.0)

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_init(struct progress *p, int show, unsigned long long total)
{
    memset(p, 0, sizeof(*p));
    p->show = show;
    p->total = total;
    p->start = now();
}

static void
draw(struct progress *p, double t)
{
    double secs = t - p->start;
    double mb = (double)p->bytes / MB;
    char line[160], eta[32] = "";
    int n;

    if (p->total > 0 && p->pos > 0 && secs > 0.5) {
        double frac = (double)p->pos / (double)p->total;
        double left = frac < 1.0 ? secs * (1.0 - frac) / frac : 0.0;
        unsigned long s = (unsigned long)(left + 0.5);

        snprintf(eta, sizeof(eta), ", ETA %lu:%02lu:%02lu", s / 3600,
                 s / 60 % 60, s % 60);
    }
    n = snprintf(line, sizeof(line),
                 "whosaid: %llu records, %.1f MB, %.1f MB/s, %llu errors%s",
                 p->records, mb, secs > 0 ? mb / secs : 0.0, p->errors, eta);
    if (n < 0)
        return;
    /* Blank what a longer earlier line left behind. */
    fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
    fflush(stderr);
    p->width = n;
}

void
progress_add(struct progress *p, const struct record *rec)
{
    double t;

    p->records++;
    p->errors += rec->failed ? 1 : 0;
    p->bytes += rec->bytes;
    if (rec->pos > p->pos)
        p->pos = rec->pos;
    if (!p->show)
        return;
    t = now();
    if (t - p->last >= 0.25) {
        p->last = t;
        draw(p, t);
    }
}

void
progress_end(struct progress *p)
{
    if (!p->show)
        return;
    draw(p, now());
    fputc('\n', stderr);
    p->width = 0;
}

void
progress_stats(const struct progress *p, FILE *f)
{
    double secs = now() - p->start;
    double mb = (double)p->bytes / MB;

    fprintf(f,
            "whosaid: %llu records, %llu errors, %llu bytes (%.1f MB) in "
            "%.2f s, %.1f MB/s\n",
            p->records, p->errors, p->bytes, mb, secs,
            secs > 0 ? mb / secs : 0.0);
}
