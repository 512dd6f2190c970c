/* SPDX-License-Identifier: MIT */
/* pipeline.c - the ordered stages that turn a text into a result.
 *
 * The code's table of contents: every stage has the shape
 * int <stage>_doc(struct doc *), reads what the stages above it wrote and
 * appends its own. A new stage is one row here and one file.
 */
#include "pipeline.h"

#include <stdio.h>

#include "attrib.h"
#include "classify.h"
#include "entity.h"
#include "gazetteer.h"
#include "rules.h"
#include "tokenize.h"

static const struct stage {
    const char *name;
    int (*run)(struct doc *d);
} stages[] = {
    {"tokenize", tokenize_doc},          /* tokens, sentences, paragraphs */
    {"quotes", attrib_spans_doc},        /* quotation spans */
    {"gazetteer", gazetteer_doc},        /* known names, titles, cues */
    {"classify", classify_doc},    /* the class string for rules */
    {"mentions", rules_doc},             /* people, titles, organisations */
    {"entities", entity_doc},            /* coreference inside the text */
    {"attribution", attrib_doc},         /* who said each quote */
    {"numbering", entity_number_doc},    /* output ids */
};

int
pipeline_run(struct doc *d)
{
    for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
        int rc = stages[i].run(d);

        if (rc) {
            if (!d->err[0])
                snprintf(d->err, sizeof(d->err), "stage '%s' failed",
                         stages[i].name);
            return rc;
        }
    }
    return 0;
}
