/* SPDX-License-Identifier: MIT */
/* model.h - the loaded model: gazetteers, rules and limits (internal).
 *
 * Built once by ws_model_load and read-only afterwards, so that one model
 * serves every thread.
 */
#ifndef WS_MODEL_H
#define WS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "rules.h"
#include "whosaid.h"

struct model {
    size_t limits[WS_LIMIT__COUNT];
    int indirect;
    struct gazetteer gz;
    struct rules rules;
};

/* Returns 1 when the folded word has an entry of type t (any case). */
static inline int
model_word_is(const struct model *m, uint64_t key, enum gz_type t)
{
    const struct gz_word *w = gazetteer_word(&m->gz, key);

    return w && (w->types & (1u << t));
}

/* Returns 1 when the folded word is an abbreviation whose '.' does not end
 * a sentence ("Mr", "Jan", "Inc"). */
static inline int
model_is_abbrev(const struct model *m, uint64_t key)
{
    return model_word_is(m, key, GZ_ABBREV);
}

#endif
