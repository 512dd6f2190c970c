/* SPDX-License-Identifier: MIT */
/* whosaid.h - the public API of libwhosaid: who said what in news text.
 *
 * Load a model once (gazetteers and rules), then extract from as many texts as
 * you like, from as many threads as you like: a loaded model is read-only and
 * may be shared. Each extraction returns a result owned by the caller.
 *
 * Ownership, stated once: every ws_*_new / ws_model_load has a matching
 * *_free; *_free(NULL) does nothing. Strings returned as `char *` belong to
 * the caller and are released with free(). Strings returned as `const char *`
 * are borrowed and live as long as the object they came from.
 *
 * Errors: functions return enum ws_status (WS_OK is 0, errors are negative).
 * Where a `struct ws_error *` is passed (it may be NULL), it receives the code
 * and a message; data-file errors read "file:line: what is wrong".
 * The library never prints, never exits and never aborts on bad input.
 */
#ifndef WHOSAID_H
#define WHOSAID_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WS_VERSION "0.1.0"

/* The one table of status codes: the number, the name, the message.
 * Numbers never change once released. */
#define WS_STATUS_MAP(X)                                                    \
    X(0, OK, "success")                                                     \
    X(-1, NOMEM, "out of memory")                                           \
    X(-2, INVALID, "invalid argument")                                      \
    X(-3, IO, "cannot read file")                                           \
    X(-4, DATA, "malformed data file")                                      \
    X(-5, UTF8, "text is not valid UTF-8")                                  \
    X(-6, LIMIT, "a limit was exceeded")                                    \
    X(-7, RULE, "bad rule pattern")                                         \
    X(-8, INTERNAL, "internal error")

enum ws_status {
#define WS_STATUS_ENUM(num, name, msg) WS_##name = (num),
    WS_STATUS_MAP(WS_STATUS_ENUM)
#undef WS_STATUS_ENUM
};

/* Returns a static message for a status code ("unknown status" if none). */
const char *ws_strerror(int status);

/* Returns the status's short name ("NOMEM", "UTF8", ...) or "UNKNOWN";
 * stable, meant for machine-readable error records. */
const char *ws_status_name(int status);

/* Details of the last failure of a call that was given this struct. */
struct ws_error {
    int code;             /* an enum ws_status */
    char message[512];    /* NUL-terminated, never empty when code != 0 */
};

/* ---- options for loading a model ---------------------------------------- */

struct ws_options;

/* Returns new options with the defaults (built-in gazetteers and rules on,
 * indirect speech on, default limits), or NULL when out of memory. */
struct ws_options *ws_options_new(void);
void ws_options_free(struct ws_options *opts);

/* Adds a user gazetteer file (loaded after the defaults, in call order).
 * The path is copied. Returns WS_OK or WS_NOMEM. */
int ws_options_add_gazetteer(struct ws_options *opts, const char *path);

/* Adds a user rule file (loaded after the default rules, in call order). */
int ws_options_add_rules(struct ws_options *opts, const char *path);

/* on = 0: start with no built-in gazetteers and rules. Default 1. */
void ws_options_set_defaults(struct ws_options *opts, int on);

/* on = 0: do not report reported speech without quotation marks. Default 1. */
void ws_options_set_indirect(struct ws_options *opts, int on);

/* Threads ws_model_load may use to compile the rules to machine code,
 * the calling thread included; they have all ended when it returns. Most
 * of the time a model takes to load is that compilation, so a program
 * that will run several threads can start sooner. Default 1. */
void ws_options_set_load_threads(struct ws_options *opts, int n);

/* The limits one extraction may reach; past one, ws_extract fails with
 * WS_LIMIT and says which. 0 keeps the default. */
enum ws_limit {
    WS_LIMIT_DOC_BYTES,   /* default 16 MiB */
    WS_LIMIT_TOKENS,      /* default 4,000,000 */
    WS_LIMIT_MENTIONS,    /* default 1,000,000 */
    WS_LIMIT_QUOTES,      /* default 100,000 */
    WS_LIMIT_QUOTE_BYTES, /* longest quote span, default 20,000 bytes */
    WS_LIMIT_MATCH,       /* PCRE2 match limit, default 100,000 */
    WS_LIMIT_DEPTH,       /* PCRE2 depth limit, default 1,000 */
    WS_LIMIT_NESTING,     /* quotes inside quotes, default 8 (at most 15) */
    WS_LIMIT__COUNT
};
int ws_options_set_limit(struct ws_options *opts, enum ws_limit which,
                         size_t value);

/* ---- the model ---------------------------------------------------------- */

struct ws_model;

/* Loads gazetteers and rules. On success stores a new model in *out and
 * returns WS_OK; on failure stores NULL, returns the status and fills err.
 * opts may be NULL for the defaults. The model does not keep opts. */
int ws_model_load(const struct ws_options *opts, struct ws_model **out,
                  struct ws_error *err);
void ws_model_free(struct ws_model *model);

/* Validates gazetteer or rule files without loading a model: every problem
 * is reported through report(ctx, "file:line: what is wrong"). A file whose
 * name ends in ".rules" is checked as a rule file, anything else as a
 * gazetteer. Returns the number of problems found (0: all good), or a
 * negative status when it could not run (out of memory). */
int ws_data_check(const char *path,
                  void (*report)(void *ctx, const char *line), void *ctx);

/* ---- HTML input --------------------------------------------------------- */

/* Extracts the article text of an HTML page html[0..len) (any encoding the
 * page declares; UTF-8 if none): scripts, styles, navigation, headers,
 * footers and forms are dropped, character references decoded, and blocks
 * separated by a blank line. On success stores a new NUL-terminated UTF-8
 * string in *text (free() it) and its length in *text_len. limit caps the
 * text's size (0: 16 MiB); past it, WS_LIMIT. Offsets that ws_extract
 * reports for this text refer to it, not to the HTML. libxml2 is loaded
 * on the first call; WS_INTERNAL, with the reason in err, when it cannot
 * be. */
int ws_html_text(const char *html, size_t len, size_t limit, char **text,
                 size_t *text_len, struct ws_error *err);

/* ---- extraction --------------------------------------------------------- */

struct ws_result;

/* Extracts people, organisations, quotes and speakers from one UTF-8 text
 * of len bytes (it need not be NUL-terminated). Safe to call from many
 * threads at once on one model. On success stores a new result in *out. */
int ws_extract(const struct ws_model *model, const char *text, size_t len,
               struct ws_result **out, struct ws_error *err);
void ws_result_free(struct ws_result *result);

/* Output flags for ws_result_json. */
enum ws_json_flag {
    WS_JSON_PRETTY = 1 << 0,  /* indent by two spaces */
    WS_JSON_TEXT = 1 << 1,    /* add "text": the article as read */
    WS_JSON_EXPLAIN = 1 << 2, /* keep "via"/"method" even when obvious */
};

/* Returns the result as one JSON object {"entities": [...], "quotes": [...]}
 * with code point offsets (docs/output.md), in a new string the caller frees,
 * or NULL when out of memory. Compact output has no newline and starts with
 * '{' so that callers may splice their own members in front. */
char *ws_result_json(const struct ws_result *result, int flags);

/* Output formats (docs/formats.md). They all read one internal view of the
 * result, so they never disagree with each other or with the JSON. */
enum ws_format {
    WS_FORMAT_JSON,   /* what ws_result_json returns */
    WS_FORMAT_CSV,    /* one row per quote, RFC 4180, CRLF line ends */
    WS_FORMAT_TSV,    /* the same columns; \t \n \r \\ escaped, LF */
    WS_FORMAT_HTML,   /* the article, highlighted, with a quote table */
    WS_FORMAT_JSONLD, /* schema.org Quotation, Person, Organization */
};

/* Output flag for ws_result_format (the JSON flags apply to JSON and, for
 * WS_JSON_PRETTY, to JSON-LD). */
enum ws_format_flag {
    /* CSV/TSV: rows only, no header line; HTML: one <article> only, to go
     * between ws_format_header and ws_format_footer. */
    WS_FORMAT_FRAGMENT = 1 << 8,
};

/* Returns the result in format fmt, in a new string the caller frees with
 * free(), or NULL when out of memory or fmt is unknown. doc_id (may be
 * NULL) names the document in the CSV/TSV rows, the HTML heading and the
 * JSON-LD article node; it is not used by WS_FORMAT_JSON. Without
 * WS_FORMAT_FRAGMENT, CSV/TSV start with the header line and HTML is a
 * whole self-contained page. A document without quotes gives no CSV/TSV
 * rows (an empty string with WS_FORMAT_FRAGMENT). */
char *ws_result_format(const struct ws_result *result, enum ws_format fmt,
                       const char *doc_id, int flags);

/* Return what goes before and after many WS_FORMAT_FRAGMENT outputs: the
 * CSV/TSV header line (and "" after), or the HTML page's head and foot;
 * "" for the JSON formats. Static strings, never NULL. */
const char *ws_format_header(enum ws_format fmt);
const char *ws_format_footer(enum ws_format fmt);

/* Returns a record saying that document doc_id (may be NULL) failed with
 * status name code and message, as a fragment of format fmt: a CSV/TSV row
 * (kind "error", the code under method, the message under quote), an HTML
 * <article> section, or a JSON object {"id":...,"error":{"code":...,
 * "message":...}}. New string, caller frees; NULL when out of memory. */
char *ws_format_error(enum ws_format fmt, const char *doc_id,
                      const char *code, const char *message);

/* Counts, for callers that only want figures. */
size_t ws_result_entity_count(const struct ws_result *result);
size_t ws_result_quote_count(const struct ws_result *result);

#ifdef __cplusplus
}
#endif

#endif /* WHOSAID_H */
