/* SPDX-License-Identifier: MIT */
/* tokenize.h - words, punctuation, sentences and paragraphs. */
#ifndef WS_TOKENIZE_H
#define WS_TOKENIZE_H

#include <stddef.h>

#include "doc.h"

/* Reads the token at or after *pos in s[0..len) into *t (start, end, flags
 * and key; sent/para/gz/cls untouched) and advances *pos past it. Returns 1,
 * or 0 at the end of the text. The gazetteer loader tokenizes entries with
 * it too, so that entries and text fold alike. */
int tokenize_next(const char *s, size_t len, size_t *pos, struct token *t);

/* Stage: fills d->tok with every token and d->sent with the sentences. */
int tokenize_doc(struct doc *d);

#endif
