/* SPDX-License-Identifier: MIT */
/* offsets.h - byte offsets to code point offsets, for every output format. */
#ifndef WS_OFFSETS_H
#define WS_OFFSETS_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* The text's code points are counted once, at every CPMAP_BLOCK-th byte
 * (one 64-bit word); an offset is then its word's count plus a count
 * inside the word. */
#define CPMAP_BLOCK 8

struct cpmap {
    const char *text;
    size_t len;
    uint32_t *blk; /* blk[k]: code points in text[0 .. k * CPMAP_BLOCK) */
    int ascii;     /* 1: no byte continues a character (ASCII text), so
                    * offsets are equal and blk is NULL */
};

/* Builds the map for d's text. Returns 0 or WS_NOMEM; cpmap_free releases
 * it (also after a failure, and more than once). */
int cpmap_build(struct cpmap *m, const struct doc *d);
void cpmap_free(struct cpmap *m);

/* Returns the code point offset of byte offset b (at most the text's
 * length): the number of bytes before b that start a character. Any
 * offset costs the same: a table lookup and a count in one word. */
size_t cpmap_at(const struct cpmap *m, uint32_t b);

#endif
