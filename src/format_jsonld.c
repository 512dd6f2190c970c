/* SPDX-License-Identifier: MIT */
/* format_jsonld.c - the result as linked data: schema.org JSON-LD.
 *
 * Reads the view of format.c and writes one JSON-LD document whose
 * "@graph" holds the article (NewsArticle, "identifier": the doc id), one
 * node per entity of the JSON, with the same ids as blank nodes ("_:e5":
 * Person, Organization, Place; a group of unnamed speakers, "officials",
 * is an Organization, the nearest type schema.org has), and one Quotation
 * per quote ("_:q2") with "text", "creator" (the speaker) and "isPartOf"
 * (the article). People carry "jobTitle" (their distinct titles) and
 * "affiliation"; a gazetteer entry's name, when the text wrote it another
 * way, is "alternateName"; and "sameAs" links to Wikidata where the
 * gazetteer's id is a Wikidata item (Q and digits), never otherwise.
 * Every "@id" used as a reference names a node of the same graph.
 */
#include <string.h>

#include "format.h"

struct ld {
    struct fbuf *b;
    const struct fview *v;
    int pretty;
    int first; /* no comma before the next member or node */
};

/* Starts a member of the current node: a comma unless first, a line of
 * its own when pretty. */
static void
member(struct ld *l, const char *name)
{
    if (!l->first)
        fbuf_puts(l->b, ",");
    l->first = 0;
    if (l->pretty)
        fbuf_puts(l->b, "\n      ");
    fbuf_json(l->b, name, strlen(name));
    fbuf_puts(l->b, l->pretty ? ": " : ":");
}

static void
string(struct ld *l, const char *s)
{
    fbuf_json(l->b, s, strlen(s));
}

static void
span_string(struct ld *l, const struct fspan *s)
{
    fbuf_json(l->b, l->v->text + s->start, s->end - s->start);
}

/* Starts a node of the graph; first says it is the first node. */
static void
node(struct ld *l, int *first, const char *type, char kind, int id)
{
    if (!*first)
        fbuf_puts(l->b, ",");
    *first = 0;
    fbuf_puts(l->b, l->pretty ? "\n    {" : "{");
    l->first = 1;
    member(l, "@id");
    if (kind)
        fbuf_printf(l->b, "\"_:%c%d\"", kind, id);
    else
        string(l, "_:article");
    member(l, "@type");
    string(l, type);
}

static void
end_node(struct ld *l)
{
    fbuf_puts(l->b, l->pretty ? "\n    }" : "}");
}

static void
ref(struct ld *l, const char *member_name, int id)
{
    member(l, member_name);
    fbuf_printf(l->b, "{\"@id\":\"_:e%d\"}", id);
}

static const char *
schema_type(uint8_t t)
{
    switch (t) {
    case MEN_PERSON:
        return "Person";
    case MEN_LOC:
        return "Place";
    default:
        return "Organization"; /* ORG, GROUP */
    }
}

static void
entity(struct ld *l, const struct fentity *e, int *first)
{
    const struct fview *v = l->v;
    size_t k;

    node(l, first, schema_type(e->type), 'e', e->id);
    member(l, "name");
    span_string(l, &e->name);
    if (e->kb_name &&
        (strlen(e->kb_name) != e->name.end - e->name.start ||
         memcmp(e->kb_name, v->text + e->name.start, strlen(e->kb_name)))) {
        member(l, "alternateName");
        string(l, e->kb_name);
    }
    if (e->ntitles) {
        member(l, "jobTitle");
        if (e->ntitles > 1)
            fbuf_puts(l->b, "[");
        for (k = 0; k < e->ntitles; k++) {
            if (k)
                fbuf_puts(l->b, ",");
            span_string(l, &v->titles[e->title + k]);
        }
        if (e->ntitles > 1)
            fbuf_puts(l->b, "]");
    }
    if (e->naffs) {
        member(l, "affiliation");
        fbuf_puts(l->b, "[");
        for (k = 0; k < e->naffs; k++)
            fbuf_printf(l->b, "%s{\"@id\":\"_:e%d\"}", k ? "," : "",
                        v->ent[v->affs[e->aff + k]].id);
        fbuf_puts(l->b, "]");
    }
    if (format_is_qid(e->kb_id)) {
        member(l, "sameAs");
        fbuf_printf(l->b, "\"https://www.wikidata.org/wiki/%s\"", e->kb_id);
    }
    end_node(l);
}

char *
format_jsonld(const struct fview *v, const char *doc_id, int flags)
{
    struct fbuf b = {0};
    struct ld l = {.b = &b, .v = v, .pretty = (flags & WS_JSON_PRETTY) != 0};
    int first = 1;

    fbuf_puts(&b, l.pretty ? "{\n  \"@context\": \"https://schema.org\",\n"
                             "  \"@graph\": ["
                           : "{\"@context\":\"https://schema.org\","
                             "\"@graph\":[");
    node(&l, &first, "NewsArticle", 0, 0);
    if (doc_id) {
        member(&l, "identifier");
        string(&l, doc_id);
    }
    end_node(&l);
    for (size_t e = 0; e < v->nent; e++)
        entity(&l, &v->ent[e], &first);
    for (size_t i = 0; i < v->nq; i++) {
        const struct fquote *q = &v->q[i];

        node(&l, &first, "Quotation", 'q', q->id);
        member(&l, "text");
        span_string(&l, &q->span);
        if (q->speaker >= 0)
            ref(&l, "creator", v->ent[q->speaker].id);
        member(&l, "isPartOf");
        fbuf_puts(&b, "{\"@id\":\"_:article\"}");
        end_node(&l);
    }
    fbuf_puts(&b, l.pretty ? "\n  ]\n}" : "]}");
    return fbuf_take(&b);
}
