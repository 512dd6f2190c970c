/* SPDX-License-Identifier: MIT */
/* classify.h - stage 4: the class string the rules run over. */
#ifndef WS_CLASSIFY_H
#define WS_CLASSIFY_H

struct doc;

/* Stage: writes the class string d->cls, one letter a token
 * (docs/rules.md lists the letters). Returns 0 or WS_NOMEM. */
int classify_doc(struct doc *d);

#endif
