/* SPDX-License-Identifier: MIT */
/* fuzz-model.h - the model the data-file targets build by hand.
 *
 * fuzz-gazetteer and fuzz-rules load fuzzed data into a struct model of
 * their own (ws_model_load would stop at the first bad file); both give it
 * the same small limits, so that a hostile file cannot make one input run
 * for minutes. Only the PCRE2 limits differ between them.
 */
#ifndef WS_FUZZ_MODEL_H
#define WS_FUZZ_MODEL_H

#include <string.h>

#include "model.h"

static inline void
fuzz_model_init(struct model *m, size_t match_limit, size_t depth_limit)
{
    memset(m, 0, sizeof(*m));
    m->indirect = 1;
    m->limits[WS_LIMIT_DOC_BYTES] = 1 << 20;
    m->limits[WS_LIMIT_TOKENS] = 100000;
    m->limits[WS_LIMIT_MENTIONS] = 100000;
    m->limits[WS_LIMIT_QUOTES] = 1000;
    m->limits[WS_LIMIT_QUOTE_BYTES] = 20000;
    m->limits[WS_LIMIT_MATCH] = match_limit;
    m->limits[WS_LIMIT_DEPTH] = depth_limit;
}

#endif
