/* SPDX-License-Identifier: MIT */
/* entity.h - one entity per person or organisation in a document. */
#ifndef WS_ENTITY_H
#define WS_ENTITY_H

#include "doc.h"

/* Stage: groups d->men into d->ent (coreference inside one document):
 * full names, surnames, honorific + surname, gazetteer ids and acronyms.
 * Sets every mention's entity. */
int entity_doc(struct doc *d);

/* Returns the entity of a new GROUP speaker phrase [a, b) (one per distinct
 * phrase), adding a mention and an entity when needed; -1 and a status in
 * *rc on failure. */
int32_t entity_group(struct doc *d, size_t a, size_t b, int *rc);

/* Returns the gender of person entity e: 'm', 'f' or 0 when unknown. */
char entity_gender(const struct doc *d, int32_t e);

/* Stage: numbers the entities the output shows (e1, e2, ... in order of
 * first mention): people, organisations and places, and groups only where
 * they speak. */
int entity_number_doc(struct doc *d);

#endif
