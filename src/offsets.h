/* SPDX-License-Identifier: MIT */
/* offsets.h - byte offsets to code point offsets, for every output format. */
#ifndef WS_OFFSETS_H
#define WS_OFFSETS_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* Code point offsets of every token's start and end, made in one pass. */
struct cpmap {
    const struct doc *d;
    uint32_t *start; /* start[i]: code point offset of token i's start */
    uint32_t *end;   /* end[i]: ... of token i's end */
    int ascii;       /* 1: the text is ASCII, offsets are equal */
};

/* Builds the map for d. Returns 0 or WS_NOMEM; cpmap_free releases it. */
int cpmap_build(struct cpmap *m, const struct doc *d);
void cpmap_free(struct cpmap *m);

/* Returns the code point offset of byte offset b (a character boundary):
 * a table lookup at token boundaries, a short scan elsewhere. */
size_t cpmap_at(const struct cpmap *m, uint32_t b);

#endif
