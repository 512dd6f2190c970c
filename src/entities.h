/* SPDX-License-Identifier: MIT */
/* entities.h - the HTML character entities, by name (made at build time by
 * gen-entities from libxml2's own table). */
#ifndef WS_ENTITIES_H
#define WS_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

struct html_entity {
    const char *name; /* without '&' and ';', case-sensitive */
    uint32_t value;   /* its code point */
};

/* Sorted by name (strcmp order). */
extern const struct html_entity html_entities[];
extern const size_t html_entities_count;

#endif
