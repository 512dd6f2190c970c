/* SPDX-License-Identifier: MIT */
/* tokenize.h - words, punctuation, sentences and paragraphs. */
#ifndef WS_TOKENIZE_H
#define WS_TOKENIZE_H

#include <stddef.h>

#include "doc.h"

/* Reads the token at or after *pos in s[0..len) into *t (start, end, flags
 * and key; gz -1, sent, para, word and cls 0) and advances *pos past it.
 * Returns 1, or 0 at the end of the text. The gazetteer loader tokenizes
 * entries with it too, so that entries and text fold alike; tokenize_doc
 * reads exactly the same tokens. */
int tokenize_next(const char *s, size_t len, size_t *pos, struct token *t);

/* Stage: fills d->tok with every token and d->sent with the sentences, in
 * one pass. Returns 0, WS_NOMEM, or WS_LIMIT past the token limit. */
int tokenize_doc(struct doc *d);

#endif
