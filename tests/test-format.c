/* SPDX-License-Identifier: MIT */
/* test-format.c - Check suite for format*.c: CSV, TSV, HTML and JSON-LD.
 *
 * Every format is checked against the JSON of the same result, so that the
 * formats cannot drift apart: CSV parsed back by a small RFC 4180 reader
 * and TSV unescaped give the JSON's quotes, speakers and offsets; the HTML
 * page escapes the article, refers to nothing outside itself and marks
 * every quote with its speaker; JSON-LD parses, every node it refers to is
 * in its graph, and only Wikidata ids become "sameAs". Allocation failures
 * give NULL, never a crash. The articles and gazetteer are made up.
 */
#include "format.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "test-util.h"

static struct ws_model *model; /* the defaults and the gazetteer below */

/* Two made-up people and two organisations: one of each with a Wikidata
 * id, one with an id that only looks like one. */
static const char gazetteer[] = GZ_HEADER
    "Helga Marwick\tPERSON\tQ99000001\t\tgender=f\n"
    "Tobias Quennell\tPERSON\tperson:tobias-quennell\t\tgender=m\n"
    "Harbour Ferries Union\tORG\tQ12ab\t\tkind=union\n"
    "Port Authority of Lindmouth\tORG\tQ99000002\t=PAL\tkind=public\n";

/* Commas, double quotes, a tab, markup and an ampersand inside quotes. */
static const char article[] =
    "Ferry strike to go ahead, union says\n"
    "\n"
    "\xE2\x80\x9CWe asked for a fair deal, not a favour, and we were told "
    "\"no\" three times,\xE2\x80\x9D said Tobias Quennell, general "
    "secretary of the Harbour Ferries Union.\n"
    "\n"
    "Helga Marwick, chief executive of the Port Authority of Lindmouth, "
    "said the offer was \xE2\x80\x9Cgenerous, by any measure\xE2\x80\x9D.\n"
    "\xE2\x80\x9CPassengers will be the ones who pay for this,\xE2\x80\x9D "
    "she told reporters. \xE2\x80\x9CThe timetable\tstays <frozen> & so do "
    "fares.\xE2\x80\x9D\n";

/* A document id that needs quoting in every format. */
static const char odd_id[] = "wire, \"7\"\n<b>&\tx</b>";

static void
model_setup(void)
{
    model = test_model(1, gazetteer, NULL);
}

static void
model_teardown(void)
{
    ws_model_free(model);
    model = NULL;
}

static struct ws_result *
extract(const char *text)
{
    struct ws_result *r = NULL;
    struct ws_error err = {0};

    ck_assert_msg(ws_extract(model, text, strlen(text), &r, &err) == WS_OK,
                  "ws_extract: %s", err.message);
    return r;
}

static json_t *
result_json(const struct ws_result *r)
{
    char *s = ws_result_json(r, 0);
    json_t *j;

    ck_assert_ptr_nonnull(s);
    j = json_loads(s, 0, NULL);
    ck_assert_ptr_nonnull(j);
    free(s);
    return j;
}

static int
count(const char *s, const char *what)
{
    int n = 0;

    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

/* ---- a small table reader ----------------------------------------------- */

#define MAXROWS 64
#define MAXFIELDS 16

struct table {
    char *f[MAXROWS][MAXFIELDS];
    int nf[MAXROWS];
    int n;
};

static void
table_free(struct table *t)
{
    for (int r = 0; r < t->n; r++)
        for (int k = 0; k < t->nf[r]; k++)
            free(t->f[r][k]);
    t->n = 0;
}

static void
table_add(struct table *t, int r, char *field)
{
    ck_assert_msg(t->nf[r] < MAXFIELDS, "row %d: too many fields", r);
    t->f[r][t->nf[r]++] = field;
}

/* RFC 4180, strictly: a field is quoted or has no '"', CR or LF; rows end
 * in CR LF. Fails the test on anything else. */
static void
csv_read(struct table *t, const char *s)
{
    size_t i = 0, len = strlen(s);

    while (i < len) {
        int r = t->n++;

        ck_assert_int_lt(r, MAXROWS);
        t->nf[r] = 0;
        for (;;) {
            char *f = malloc(len + 1);
            size_t k = 0;

            ck_assert_ptr_nonnull(f);
            if (s[i] == '"') {
                for (i++;; i++) {
                    ck_assert_msg(i < len, "unterminated quoted field");
                    if (s[i] == '"' && s[i + 1] == '"')
                        f[k++] = s[i++];
                    else if (s[i] == '"')
                        break;
                    else
                        f[k++] = s[i];
                }
                i++;
            } else {
                for (; i < len && s[i] != ',' && s[i] != '\r'; i++) {
                    ck_assert_msg(s[i] != '"' && s[i] != '\n',
                                  "'\"' or LF in an unquoted field at %zu", i);
                    f[k++] = s[i];
                }
            }
            f[k] = '\0';
            table_add(t, r, f);
            if (s[i] == ',') {
                i++;
                continue;
            }
            ck_assert_msg(s[i] == '\r' && s[i + 1] == '\n',
                          "row %d does not end in CR LF", r);
            i += 2;
            break;
        }
    }
}

/* TSV: one row a line, fields split at tabs, \\ \t \n \r unescaped. */
static void
tsv_read(struct table *t, const char *s)
{
    while (*s) {
        const char *nl = strchr(s, '\n');
        int r = t->n++;

        ck_assert_msg(nl != NULL, "last TSV row has no LF");
        ck_assert_int_lt(r, MAXROWS);
        t->nf[r] = 0;
        for (const char *p = s;;) {
            const char *end = memchr(p, '\t', (size_t)(nl - p));
            char *f, *o;

            if (!end)
                end = nl;
            f = o = malloc((size_t)(end - p) + 1);
            ck_assert_ptr_nonnull(f);
            for (; p < end; p++) {
                ck_assert_msg(*p != '\r', "raw CR in a TSV field");
                if (*p != '\\') {
                    *o++ = *p;
                    continue;
                }
                p++;
                ck_assert_msg(p < end, "TSV field ends in a backslash");
                switch (*p) {
                case '\\':
                    *o++ = '\\';
                    break;
                case 't':
                    *o++ = '\t';
                    break;
                case 'n':
                    *o++ = '\n';
                    break;
                case 'r':
                    *o++ = '\r';
                    break;
                default:
                    ck_abort_msg("unknown TSV escape \\%c", *p);
                }
            }
            *o = '\0';
            table_add(t, r, f);
            if (end == nl)
                break;
            p = end + 1;
        }
        s = nl + 1;
    }
}

static const char *const columns[] = {
    "doc_id",     "quote_id",       "speaker",
    "speaker_id", "speaker_titles", "speaker_organisations",
    "quote",      "kind",           "cue",
    "method",     "confidence",     "start",
    "end",
};

static json_t *
entity_by_id(json_t *j, const char *id)
{
    size_t i;
    json_t *e;

    json_array_foreach(json_object_get(j, "entities"), i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "id")), id) == 0)
            return e;
    }
    return NULL;
}

/* "a; b": the titles' texts, or the affiliations' names. */
static void
joined(json_t *j, json_t *ent, int orgs, char *out, size_t n)
{
    json_t *arr = json_object_get(ent, orgs ? "affiliations" : "titles");
    size_t i;
    json_t *v;

    out[0] = '\0';
    json_array_foreach(arr, i, v)
    {
        const char *s =
            orgs ? json_string_value(json_object_get(
                       entity_by_id(j, json_string_value(v)), "name"))
                 : json_string_value(json_object_get(v, "text"));

        if (i)
            strncat(out, "; ", n - strlen(out) - 1);
        strncat(out, s, n - strlen(out) - 1);
    }
}

#define EQ(row, col, want)                                                     \
    ck_assert_msg(strcmp(t->f[row][col], (want)) == 0,                         \
                  "row %d %s: got '%s', want '%s'", row, columns[col],         \
                  t->f[row][col], (want))

/* Every row says what the JSON says about its quote. */
static void
check_rows(struct table *t, json_t *j, const char *doc_id)
{
    json_t *quotes = json_object_get(j, "quotes"), *q;
    char buf[512];
    size_t i;

    ck_assert_int_eq(t->n, (int)json_array_size(quotes) + 1);
    ck_assert_int_eq(t->nf[0], (int)NELEMS(columns));
    for (int k = 0; k < (int)NELEMS(columns); k++)
        EQ(0, k, columns[k]);
    json_array_foreach(quotes, i, q)
    {
        int r = (int)i + 1;
        json_t *sp = json_object_get(q, "speaker");
        json_t *cue = json_object_get(q, "cue");
        const char *method = json_string_value(json_object_get(q, "method"));

        ck_assert_int_eq(t->nf[r], (int)NELEMS(columns));
        EQ(r, 0, doc_id);
        EQ(r, 1, json_string_value(json_object_get(q, "id")));
        EQ(r, 6, json_string_value(json_object_get(q, "text")));
        EQ(r, 7, json_string_value(json_object_get(q, "kind")));
        EQ(r, 8,
           json_is_null(cue) ? ""
                             : json_string_value(json_object_get(cue, "text")));
        EQ(r, 9, method ? method : "");
        snprintf(buf, sizeof(buf), "%.2f",
                 json_real_value(json_object_get(q, "confidence")));
        EQ(r, 10, buf);
        snprintf(buf, sizeof(buf), "%lld",
                 (long long)json_integer_value(json_object_get(q, "start")));
        EQ(r, 11, buf);
        snprintf(buf, sizeof(buf), "%lld",
                 (long long)json_integer_value(json_object_get(q, "end")));
        EQ(r, 12, buf);
        if (json_is_null(sp)) {
            for (int k = 2; k <= 5; k++)
                EQ(r, k, "");
            continue;
        }
        const char *eid = json_string_value(json_object_get(sp, "entity"));
        json_t *ent = entity_by_id(j, eid);

        ck_assert_ptr_nonnull(ent);
        EQ(r, 2, json_string_value(json_object_get(sp, "name")));
        EQ(r, 3, eid);
        joined(j, ent, 0, buf, sizeof(buf));
        EQ(r, 4, buf);
        joined(j, ent, 1, buf, sizeof(buf));
        EQ(r, 5, buf);
    }
}

START_TEST(test_format_csv_round_trip)
{
    struct ws_result *r = extract(article);
    json_t *j = result_json(r);
    struct table t = {0};
    char *csv = ws_result_format(r, WS_FORMAT_CSV, odd_id, 0);

    ck_assert_ptr_nonnull(csv);
    ck_assert_int_ge((int)json_array_size(json_object_get(j, "quotes")), 4);
    /* the quotes hold commas and double quotes; the id a newline */
    ck_assert_ptr_nonnull(strstr(csv, "\"\"no\"\""));
    ck_assert_ptr_nonnull(strstr(csv, "\"wire, \"\"7\"\"\n<b>&\tx</b>\","));
    csv_read(&t, csv);
    check_rows(&t, j, odd_id);
    table_free(&t);
    free(csv);
    json_decref(j);
    ws_result_free(r);
}
END_TEST

START_TEST(test_format_tsv_has_no_raw_tabs_in_fields)
{
    struct ws_result *r = extract(article);
    json_t *j = result_json(r);
    struct table t = {0};
    char *tsv = ws_result_format(r, WS_FORMAT_TSV, odd_id, 0);

    ck_assert_ptr_nonnull(tsv);
    /* the tab inside a quote and in the id are escaped */
    ck_assert_ptr_nonnull(strstr(tsv, "timetable\\tstays"));
    ck_assert_ptr_nonnull(strstr(tsv, "wire, \"7\"\\n<b>&\\tx</b>\t"));
    ck_assert_ptr_null(strchr(tsv, '\r'));
    /* tsv_read splits at every raw tab: each row has exactly 13 fields */
    tsv_read(&t, tsv);
    check_rows(&t, j, odd_id);
    table_free(&t);
    free(tsv);
    json_decref(j);
    ws_result_free(r);
}
END_TEST

START_TEST(test_format_fragment_has_no_header)
{
    struct ws_result *r = extract(article);
    char *csv = ws_result_format(r, WS_FORMAT_CSV, "a", 0);
    char *rows = ws_result_format(r, WS_FORMAT_CSV, "a", WS_FORMAT_FRAGMENT);
    char *page = ws_result_format(r, WS_FORMAT_HTML, "a", 0);
    char *part = ws_result_format(r, WS_FORMAT_HTML, "a", WS_FORMAT_FRAGMENT);
    const char *head = ws_format_header(WS_FORMAT_CSV);

    ck_assert_ptr_nonnull(csv);
    ck_assert_ptr_nonnull(rows);
    ck_assert_int_eq(strncmp(csv, head, strlen(head)), 0);
    ck_assert_str_eq(csv + strlen(head), rows);
    ck_assert_ptr_nonnull(page);
    ck_assert_ptr_nonnull(part);
    ck_assert_int_eq(strncmp(part, "<article", 8), 0);
    /* page = head + fragment + foot */
    head = ws_format_header(WS_FORMAT_HTML);
    ck_assert_int_eq(strncmp(page, head, strlen(head)), 0);
    ck_assert_int_eq(strncmp(page + strlen(head), part, strlen(part)), 0);
    ck_assert_str_eq(page + strlen(head) + strlen(part),
                     ws_format_footer(WS_FORMAT_HTML));
    ck_assert_str_eq(ws_format_header(WS_FORMAT_JSONLD), "");
    ck_assert_str_eq(ws_format_footer(WS_FORMAT_CSV), "");
    free(csv);
    free(rows);
    free(page);
    free(part);
    ws_result_free(r);
}
END_TEST

START_TEST(test_format_no_quotes_no_rows)
{
    struct ws_result *r = extract("The ferry left on time on Tuesday.\n");
    char *rows = ws_result_format(r, WS_FORMAT_TSV, "a", WS_FORMAT_FRAGMENT);
    char *html = ws_result_format(r, WS_FORMAT_HTML, "a", 0);

    ck_assert_ptr_nonnull(rows);
    ck_assert_str_eq(rows, "");
    ck_assert_ptr_nonnull(html);
    ck_assert_ptr_nonnull(strstr(html, "No quotes found."));
    free(rows);
    free(html);
    ws_result_free(r);
}
END_TEST

/* ---- HTML --------------------------------------------------------------- */

START_TEST(test_format_html_refers_to_nothing_outside)
{
    struct ws_result *r = extract(article);
    char *html = ws_result_format(r, WS_FORMAT_HTML, "ferries.txt", 0);
    static const char *const banned[] = {
        "http://", "https://", "<script src", "<link",   "@import",
        "url(",    " src=",    "//fonts",     "<iframe", "<img",
    };

    ck_assert_ptr_nonnull(html);
    for (size_t k = 0; k < NELEMS(banned); k++)
        ck_assert_msg(strstr(html, banned[k]) == NULL,
                      "the page refers outside itself: '%s'", banned[k]);
    ck_assert_int_eq(strncmp(html, "<!DOCTYPE html>", 15), 0);
    ck_assert_ptr_nonnull(strstr(html, "<meta charset=\"utf-8\">"));
    /* every element opened is closed */
    ck_assert_int_eq(count(html, "<mark"), count(html, "</mark>"));
    ck_assert_int_eq(count(html, "<span"), count(html, "</span>"));
    ck_assert_int_eq(count(html, "<article"), count(html, "</article>"));
    free(html);
    ws_result_free(r);
}
END_TEST

START_TEST(test_format_html_escapes_text)
{
    struct ws_result *r = extract(article);
    char *html =
        ws_result_format(r, WS_FORMAT_HTML, "<script>alert(1)</script>&\"'", 0);

    ck_assert_ptr_nonnull(html);
    ck_assert_ptr_null(strstr(html, "<frozen>"));
    ck_assert_ptr_null(strstr(html, "& so"));
    ck_assert_ptr_nonnull(strstr(html, "&lt;frozen&gt; &amp; so do"));
    ck_assert_ptr_null(strstr(html, "<script>alert"));
    ck_assert_int_eq(count(html, "<script"), 1); /* the page's own */
    ck_assert_ptr_nonnull(
        strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
    /* a straight double quote inside a quote, in its title attribute */
    ck_assert_ptr_nonnull(strstr(html, "told &quot;no&quot; three"));
    free(html);
    ws_result_free(r);
}
END_TEST

START_TEST(test_format_html_marks_every_quote_with_its_speaker)
{
    struct ws_result *r = extract(article);
    json_t *j = result_json(r);
    char *html = ws_result_format(r, WS_FORMAT_HTML, "a", 0);
    json_t *q;
    size_t i;

    ck_assert_ptr_nonnull(html);
    json_array_foreach(json_object_get(j, "quotes"), i, q)
    {
        json_t *sp = json_object_get(q, "speaker");
        const char *qid = json_string_value(json_object_get(q, "id"));
        const char *eid =
            json_is_null(sp) ? ""
                             : json_string_value(json_object_get(sp, "entity"));
        char want[256];

        snprintf(want, sizeof(want),
                 "data-quote=\"%s\" data-kind=\"%s\" data-speaker=\"%s\"", qid,
                 json_string_value(json_object_get(q, "kind")), eid);
        ck_assert_msg(strstr(html, want), "no quote mark with %s", want);
        snprintf(want, sizeof(want),
                 "<tr data-quote=\"%s\" "
                 "data-speaker=\"%s\"",
                 qid, eid);
        ck_assert_msg(strstr(html, want), "no table row %s", want);
    }
    ck_assert_int_eq(count(html, "<mark class=\"ws-q"),
                     (int)json_array_size(json_object_get(j, "quotes")));
    free(html);
    json_decref(j);
    ws_result_free(r);
}
END_TEST

START_TEST(test_format_html_colour_follows_the_speaker)
{
    /* the same entity id gives the same colour in another article */
    struct ws_result *a = extract(article);
    struct ws_result *b = extract(article);
    char *x = ws_result_format(a, WS_FORMAT_HTML, "a", 0);
    char *y = ws_result_format(b, WS_FORMAT_HTML, "a", 0);

    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(y);
    ck_assert_str_eq(x, y);
    ck_assert_ptr_nonnull(strstr(x, "--c:hsl("));
    free(x);
    free(y);
    ws_result_free(a);
    ws_result_free(b);
}
END_TEST

/* ---- JSON-LD ------------------------------------------------------------ */

/* Checks that a {"@id": ...} reference names a node of the graph. */
static void
check_ref(json_t *nodes, json_t *ref, const char *where)
{
    const char *id = json_string_value(json_object_get(ref, "@id"));

    ck_assert_msg(json_is_object(ref) && id, "%s: not a node reference", where);
    ck_assert_int_eq((int)json_object_size(ref), 1);
    ck_assert_msg(json_object_get(nodes, id) != NULL, "%s: %s is not in @graph",
                  where, id);
}

static int
is_qid(const char *s)
{
    if (!s || s[0] != 'Q' || !s[1])
        return 0;
    return strspn(s + 1, "0123456789") == strlen(s + 1);
}

static void
check_jsonld(const char *s, json_t *j)
{
    json_error_t jerr;
    json_t *ld = json_loads(s, 0, &jerr), *graph, *n, *v;
    json_t *nodes = json_object();
    size_t i, k;
    int quotations = 0;

    ck_assert_msg(ld != NULL, "JSON-LD does not parse: %s", jerr.text);
    ck_assert_str_eq(json_string_value(json_object_get(ld, "@context")),
                     "https://schema.org");
    graph = json_object_get(ld, "@graph");
    ck_assert(json_is_array(graph));
    json_array_foreach(graph, i, n)
    {
        const char *id = json_string_value(json_object_get(n, "@id"));

        ck_assert_msg(id && json_is_string(json_object_get(n, "@type")),
                      "node %zu has no @id or @type", i);
        ck_assert_msg(!json_object_get(nodes, id), "%s twice", id);
        json_object_set(nodes, id, n);
    }
    json_array_foreach(graph, i, n)
    {
        const char *type = json_string_value(json_object_get(n, "@type"));

        if ((v = json_object_get(n, "creator")))
            check_ref(nodes, v, "creator");
        if ((v = json_object_get(n, "isPartOf")))
            check_ref(nodes, v, "isPartOf");
        if ((v = json_object_get(n, "affiliation"))) {
            json_t *a;

            ck_assert(json_is_array(v));
            json_array_foreach(v, k, a) check_ref(nodes, a, "affiliation");
        }
        quotations += strcmp(type, "Quotation") == 0;
    }
    /* the same entities, speakers and Wikidata links as the JSON */
    json_array_foreach(json_object_get(j, "entities"), i, v)
    {
        char id[32];
        const char *kb =
            json_string_value(json_object_get(json_object_get(v, "kb"), "id"));
        json_t *same;

        snprintf(id, sizeof(id), "_:%s",
                 json_string_value(json_object_get(v, "id")));
        n = json_object_get(nodes, id);
        ck_assert_msg(n != NULL, "no node %s", id);
        ck_assert_str_eq(json_string_value(json_object_get(n, "name")),
                         json_string_value(json_object_get(v, "name")));
        same = json_object_get(n, "sameAs");
        if (is_qid(kb)) {
            char url[96];

            snprintf(url, sizeof(url), "https://www.wikidata.org/wiki/%s", kb);
            ck_assert_msg(same && strcmp(json_string_value(same), url) == 0,
                          "%s (%s): no sameAs", id, kb);
        } else {
            ck_assert_msg(same == NULL, "%s (%s): sameAs for a non-Q id", id,
                          kb ? kb : "none");
        }
    }
    json_array_foreach(json_object_get(j, "quotes"), i, v)
    {
        char id[32];
        json_t *sp = json_object_get(v, "speaker"), *c;

        snprintf(id, sizeof(id), "_:%s",
                 json_string_value(json_object_get(v, "id")));
        n = json_object_get(nodes, id);
        ck_assert_msg(n != NULL, "no Quotation %s", id);
        ck_assert_str_eq(json_string_value(json_object_get(n, "text")),
                         json_string_value(json_object_get(v, "text")));
        c = json_object_get(n, "creator");
        if (json_is_null(sp)) {
            ck_assert_ptr_null(c);
        } else {
            char want[32];

            snprintf(want, sizeof(want), "_:%s",
                     json_string_value(json_object_get(sp, "entity")));
            ck_assert_str_eq(json_string_value(json_object_get(c, "@id")),
                             want);
        }
    }
    ck_assert_int_eq(quotations,
                     (int)json_array_size(json_object_get(j, "quotes")));
    json_decref(nodes);
    json_decref(ld);
}

START_TEST(test_format_jsonld_references_resolve)
{
    struct ws_result *r = extract(article);
    json_t *j = result_json(r);
    char *s = ws_result_format(r, WS_FORMAT_JSONLD, odd_id, 0);
    char *p = ws_result_format(r, WS_FORMAT_JSONLD, odd_id, WS_JSON_PRETTY);
    json_t *a, *b;

    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_null(strchr(s, '\n')); /* one object, one line */
    check_jsonld(s, j);
    /* the fixture has both kinds of id */
    ck_assert_ptr_nonnull(strstr(s, "wikidata.org/wiki/Q99000001"));
    ck_assert_ptr_null(strstr(s, "Q12ab\""));
    ck_assert_ptr_nonnull(strstr(s, "\"jobTitle\""));
    ck_assert_ptr_nonnull(strstr(s, "\"affiliation\""));
    /* pretty is the same JSON */
    ck_assert_ptr_nonnull(p);
    a = json_loads(s, 0, NULL);
    b = json_loads(p, 0, NULL);
    ck_assert(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    free(s);
    free(p);
    json_decref(j);
    ws_result_free(r);
}
END_TEST

static const char *const qid_cases[][2] = {
    {"Q7184", "1"}, {"Q1", "1"},        {"Q", "0"},   {"Q12ab", "0"},
    {"q42", "0"},   {"person:q1", "0"}, {"Q-1", "0"}, {"", "0"},
};

START_TEST(test_format_sameas_only_for_qids)
{
    ck_assert_int_eq(format_is_qid(qid_cases[_i][0]),
                     qid_cases[_i][1][0] == '1');
}
END_TEST

/* ---- errors and failures ------------------------------------------------ */

START_TEST(test_format_error_records)
{
    struct table t = {0};
    char *csv =
        ws_format_error(WS_FORMAT_CSV, "w,1", "JSON", "bad \"text\", line 2");
    char *tsv = ws_format_error(WS_FORMAT_TSV, NULL, "IO", "a\tb");
    char *html = ws_format_error(WS_FORMAT_HTML, "<x>", "UTF8", "a & b");
    char *js = ws_format_error(WS_FORMAT_JSONLD, NULL, "NOTEXT", "no \"t\"");
    json_t *j;

    ck_assert_ptr_nonnull(csv);
    csv_read(&t, csv);
    ck_assert_int_eq(t.n, 1);
    ck_assert_int_eq(t.nf[0], (int)NELEMS(columns));
    ck_assert_str_eq(t.f[0][0], "w,1");
    ck_assert_str_eq(t.f[0][6], "bad \"text\", line 2");
    ck_assert_str_eq(t.f[0][7], "error");
    ck_assert_str_eq(t.f[0][9], "JSON");
    table_free(&t);
    tsv_read(&t, tsv);
    ck_assert_int_eq(t.nf[0], (int)NELEMS(columns));
    ck_assert_str_eq(t.f[0][6], "a\tb");
    table_free(&t);
    ck_assert_ptr_nonnull(strstr(html, "&lt;x&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "a &amp; b"));
    ck_assert_ptr_nonnull(strstr(html, "data-error=\"UTF8\""));
    j = json_loads(js, 0, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert(json_is_null(json_object_get(j, "id")));
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(j, "error"), "message")),
                     "no \"t\"");
    json_decref(j);
    free(csv);
    free(tsv);
    free(html);
    free(js);
}
END_TEST

START_TEST(test_format_bad_arguments_give_null)
{
    struct ws_result *r = extract(article);

    ck_assert_ptr_null(ws_result_format(NULL, WS_FORMAT_CSV, "a", 0));
    ck_assert_ptr_null(ws_result_format(r, (enum ws_format)99, "a", 0));
    ck_assert_ptr_null(ws_format_error((enum ws_format)99, "a", "X", "y"));
    ck_assert_str_eq(ws_format_header((enum ws_format)99), "");
    ws_result_free(r);
}
END_TEST

static const enum ws_format all_formats[] = {
    WS_FORMAT_JSON, WS_FORMAT_CSV,    WS_FORMAT_TSV,
    WS_FORMAT_HTML, WS_FORMAT_JSONLD,
};

START_TEST(test_format_allocation_failure_gives_null)
{
    struct ws_result *r = extract(article);
    enum ws_format fmt = all_formats[_i];
    char *want = ws_result_format(r, fmt, odd_id, 0);
    long n;

    ck_assert_ptr_nonnull(want);
    for (n = 0; n < 10000; n++) {
        char *s;

        alloc_fail_after(n);
        s = ws_result_format(r, fmt, odd_id, 0);
        alloc_fail_after(-1);
        if (s) {
            /* once it succeeds it is the whole output */
            ck_assert_str_eq(s, want);
            free(s);
            break;
        }
    }
    ck_assert_int_lt(n, 10000);
    ck_assert_int_gt(n, 0);
    free(want);
    ws_result_free(r);
}
END_TEST

static Suite *
format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("format");

    tcase_add_unchecked_fixture(tc, model_setup, model_teardown);
    tcase_add_test(tc, test_format_csv_round_trip);
    tcase_add_test(tc, test_format_tsv_has_no_raw_tabs_in_fields);
    tcase_add_test(tc, test_format_fragment_has_no_header);
    tcase_add_test(tc, test_format_no_quotes_no_rows);
    tcase_add_test(tc, test_format_html_refers_to_nothing_outside);
    tcase_add_test(tc, test_format_html_escapes_text);
    tcase_add_test(tc, test_format_html_marks_every_quote_with_its_speaker);
    tcase_add_test(tc, test_format_html_colour_follows_the_speaker);
    tcase_add_test(tc, test_format_jsonld_references_resolve);
    tcase_add_loop_test(tc, test_format_sameas_only_for_qids, 0,
                        (int)NELEMS(qid_cases));
    tcase_add_test(tc, test_format_error_records);
    tcase_add_test(tc, test_format_bad_arguments_give_null);
    tcase_add_loop_test(tc, test_format_allocation_failure_gives_null, 0,
                        (int)NELEMS(all_formats));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(format_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
