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

#endif
