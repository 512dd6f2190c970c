/* SPDX-License-Identifier: MIT */
/* emit.h - a finished document as JSON. */
#ifndef WS_EMIT_H
#define WS_EMIT_H

#include "doc.h"

/* Returns the document's result as a JSON object (docs/output.md) in a new
 * string the caller frees with ws_free, or NULL when out of memory. flags
 * are enum ws_json_flag. Offsets are converted to code points here and
 * nowhere else. */
char *emit_json(const struct doc *d, int flags);

/* What the JSON lists, as decisions that every other output format
 * (format*.c) takes from here so that the formats never disagree. */

/* Returns "PERSON", "ORG", "LOC" or "GROUP" (static). */
const char *emit_type_name(uint8_t type);

/* Returns "direct", "partial", "indirect" or "other" (static). */
const char *emit_kind_name(uint8_t kind);

/* Returns 1 when title i is listed under entity e: it belongs to e and is
 * the first of e's titles with its text; else 0. */
int emit_title_listed(const struct doc *d, size_t i, size_t e);

/* Returns the entity that mention i adds to entity e's affiliations (an
 * emitted entity other than e, not listed by an earlier mention), or -1. */
int32_t emit_affiliation(const struct doc *d, size_t i, size_t e);

/* Returns q's speaker entity when the output names one, else -1. */
int32_t emit_speaker(const struct doc *d, const struct quote *q);

/* Returns the confidence printed for q (0 without a speaker). */
double emit_confidence(const struct quote *q);

/* Stores the byte span of entity x's name (its fullest mention). */
void emit_entity_name(const struct doc *d, const struct entity *x,
                      uint32_t *start, uint32_t *end);

#endif
