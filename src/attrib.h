/* SPDX-License-Identifier: MIT */
/* attrib.h - quotations and who said them. */
#ifndef WS_ATTRIB_H
#define WS_ATTRIB_H

#include "doc.h"

/* Stage: finds quotation spans (quote_scan) and ties each to its tokens;
 * fills d->quote. */
int attrib_spans_doc(struct doc *d);

/* Stage: the speaker sieves, in order (docs/attribution.md); sets each
 * quote's kind, speaker, cue, method and confidence; adds reported speech
 * (kind indirect) when the model allows it. */
int attrib_doc(struct doc *d);

#endif
