/* SPDX-License-Identifier: MIT */
/* pipeline.h - the ordered stages that turn a text into a result. */
#ifndef WS_PIPELINE_H
#define WS_PIPELINE_H

#include "doc.h"

/* Runs every stage over d in order. Returns 0 or the first stage's
 * negative status (with d->err naming what went wrong when it can). */
int pipeline_run(struct doc *d);

#endif
