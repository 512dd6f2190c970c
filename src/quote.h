/* SPDX-License-Identifier: MIT */
/* quote.h - finding quotation spans in raw text (internal). */
#ifndef WS_QUOTE_H
#define WS_QUOTE_H

#include <stddef.h>
#include <stdint.h>

enum qstyle {
    QSTYLE_STRAIGHT,  /* "..." */
    QSTYLE_CURLY,     /* “...” (also „...“) */
    QSTYLE_SINGLE,    /* ‘...’ or '...' (British single quotes) */
    QSTYLE_GUILLEMET, /* «...» and ‹...› */
};

enum qspan_flag {
    QSPAN_CONTINUES = 1 << 0, /* opened in an earlier paragraph: a run-on piece */
    QSPAN_RUNS_ON = 1 << 1,   /* no closing mark here; goes on in the next paragraph */
    QSPAN_UNCLOSED = 1 << 2,  /* never closed: cut at the paragraph end */
};

/* One quoted span. All offsets are byte offsets into the text. */
struct qspan {
    uint32_t open;  /* the opening mark */
    uint32_t start; /* first byte inside the marks */
    uint32_t end;   /* one past the last quoted byte (before the closing mark) */
    uint32_t close; /* one past the closing mark, or == end when there is none */
    uint8_t style;  /* enum qstyle */
    uint8_t flags;  /* enum qspan_flag */
    uint8_t depth;  /* 0: outermost; 1: nested inside another span; ... */
    int32_t first;  /* index of the first piece of a run-on chain (own index if none) */
};

struct quote_limits {
    size_t max_quotes; /* more spans than this: QUOTE_ELIMIT */
    size_t max_bytes;  /* a span longer than this is treated as unbalanced */
    unsigned max_depth; /* deeper nesting is flattened */
};

enum { QUOTE_OK = 0, QUOTE_ENOMEM = -1, QUOTE_ELIMIT = -6 };

/* Finds every quotation span in text[0..len) (valid UTF-8). Spans come out
 * sorted by start. On success stores a malloc'd array in *out (the caller
 * frees it; NULL when *n is 0) and returns QUOTE_OK; on failure returns
 * QUOTE_ENOMEM or QUOTE_ELIMIT and stores nothing. */
int quote_scan(const char *text, size_t len, const struct quote_limits *lim,
               struct qspan **out, size_t *n);

#endif
