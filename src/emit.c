/* SPDX-License-Identifier: MIT */
/* emit.c - a finished document as JSON.
 *
 * The last stage: reads everything the others wrote and prints one JSON
 * object. Byte offsets become code point offsets here (offsets.c).
 * The writer appends to one growing buffer; output is deterministic.
 */
#include "emit.h"

#include <string.h>

#include "alloc.h"
#include "fbuf.h"
#include "gazetteer.h"
#include "model.h"
#include "offsets.h"
#include "whosaid.h"

struct out {
    struct fbuf b;
    int pretty;
    int depth;
    const struct doc *d;
    struct cpmap cp;
    /* each entity's mentions in text order: ment[first[e] .. first[e + 1])
     * are entity e's (one allocation, first then ment) */
    uint32_t *first, *ment;
};

static inline void
put(struct out *o, const char *s, size_t n)
{
    fbuf_put(&o->b, s, n);
}

/* A string literal and its length, known when compiling: put(o, LIT("null"))
 * copies four bytes without a strlen. */
#define LIT(s) s, sizeof(s) - 1

/* A member key as written after an earlier member: the comma, the quoted
 * key and its colon, so that compact output copies them in one piece (the
 * first member skips the comma). The keys are this file's own literals:
 * nothing to escape. */
#define KEY(k) LIT(",\"" k "\":")

static void
put_uint(struct out *o, size_t v)
{
    fbuf_uint(&o->b, v);
}

/* "e12", "q3": an output id, quoted. */
static void
put_id(struct out *o, char kind, size_t n)
{
    char k[2] = {'"', kind};

    put(o, k, 2);
    put_uint(o, n);
    put(o, "\"", 1);
}

/* A confidence, 0 to 1, with two decimals as printf's %.2f would. */
static void
put_confidence(struct out *o, double c)
{
    long v = (long)(c * 100 + 0.5);
    char b[8];

    if (v < 0)
        v = 0;
    b[0] = (char)('0' + v / 100);
    b[1] = '.';
    b[2] = (char)('0' + v / 10 % 10);
    b[3] = (char)('0' + v % 10);
    put(o, b, 4);
}

static void
json_str(struct out *o, const char *s, size_t n)
{
    fbuf_json(&o->b, s, n);
}

/* Pretty output only: a line break and the indent of the current depth
 * (kept out of line: compact output never calls it). */
static void
newline(struct out *o)
{
    put(o, "\n", 1);
    for (int i = 0; i < o->depth; i++)
        put(o, "  ", 2);
}

/* item() for pretty output. */
static void
pretty_item(struct out *o, int first)
{
    if (!first)
        put(o, ",", 1);
    newline(o);
}

/* Starts the next element of the current array; first says no comma.
 * Small enough to inline everywhere: compact output is one branch and at
 * most one byte. */
static inline void
item(struct out *o, int *first)
{
    if (o->pretty)
        pretty_item(o, *first);
    else if (!*first)
        put(o, ",", 1);
    *first = 0;
}

/* key() for pretty output: k is the key without its comma. */
static void
pretty_key(struct out *o, const char *k, size_t n, int first)
{
    pretty_item(o, first);
    put(o, k, n);
    put(o, " ", 1);
}

/* Starts member k (KEY("name"): a comma, the quoted key, its colon, and
 * its length) in the current object; first says no comma. Inline, so that
 * each key's copy has a length known when compiling. */
static inline void
key(struct out *o, const char *k, size_t n, int *first)
{
    if (o->pretty)
        pretty_key(o, k + 1, n - 1, *first);
    else if (*first)
        put(o, k + 1, n - 1);
    else
        put(o, k, n);
    *first = 0;
}

/* Opens an object or array: c is '{' or '['. */
static inline void
open_(struct out *o, char c)
{
    put(o, &c, 1);
    o->depth++;
}

/* Closes it: c is '}' or ']'; an empty one stays on its line. */
static inline void
close_(struct out *o, char c, int empty)
{
    o->depth--;
    if (!empty && o->pretty)
        newline(o);
    put(o, &c, 1);
}

/* {"start": .., "end": .., "text": ..} for bytes [a, b). */
static void
span(struct out *o, uint32_t a, uint32_t b, int *first)
{
    key(o, KEY("start"), first);
    put_uint(o, cpmap_at(&o->cp, a));
    key(o, KEY("end"), first);
    put_uint(o, cpmap_at(&o->cp, b));
    key(o, KEY("text"), first);
    json_str(o, o->d->text + a, b - a);
}

static uint32_t
tok_start(const struct doc *d, int32_t t)
{
    return d->tok.v[t].start;
}

static uint32_t
tok_end(const struct doc *d, int32_t t)
{
    return d->tok.v[t - 1].end;
}

/* The names this file writes for types and kinds, with their lengths:
 * nothing in them needs escaping. */
struct name {
    const char *s;
    size_t n;
};
#define NAME(s) {s, sizeof(s) - 1}

static const struct name *
type_name(uint8_t t)
{
    static const struct name names[] = {
        [MEN_PERSON] = NAME("PERSON"),
        [MEN_ORG] = NAME("ORG"),
        [MEN_LOC] = NAME("LOC"),
        [MEN_GROUP] = NAME("GROUP"),
    };

    return &names[t == MEN_PERSON || t == MEN_ORG || t == MEN_LOC ? t
                                                                  : MEN_GROUP];
}

static const struct name *
kind_name(uint8_t k)
{
    static const struct name names[] = {
        [KIND_DIRECT] = NAME("direct"),
        [KIND_PARTIAL] = NAME("partial"),
        [KIND_INDIRECT] = NAME("indirect"),
        [KIND_OTHER] = NAME("other"),
    };

    return &names[k <= KIND_INDIRECT ? k : KIND_OTHER];
}

const char *
emit_type_name(uint8_t t)
{
    return type_name(t)->s;
}

const char *
emit_kind_name(uint8_t k)
{
    return kind_name(k)->s;
}

/* Writes a name of type_name or kind_name as a JSON string. */
static void
put_name(struct out *o, const struct name *nm)
{
    if (fbuf_reserve(&o->b, nm->n + 2))
        return;
    o->b.s[o->b.n++] = '"';
    memcpy(o->b.s + o->b.n, nm->s, nm->n);
    o->b.n += nm->n;
    o->b.s[o->b.n++] = '"';
}

static int
same_title(const struct doc *d, const struct title *a, const struct title *b)
{
    if (a->tok_end - a->tok != b->tok_end - b->tok)
        return 0;
    for (uint32_t k = 0; k < a->tok_end - a->tok; k++)
        if (d->tok.v[a->tok + k].key != d->tok.v[b->tok + k].key)
            return 0;
    return 1;
}

int
emit_title_listed(const struct doc *d, size_t i, size_t e)
{
    const struct title *t = &d->title.v[i];

    if (d->men.v[t->mention].entity != (int32_t)e)
        return 0;
    for (size_t j = 0; j < d->title.n; j++) {
        const struct title *u = &d->title.v[j];

        if (j == i || d->men.v[u->mention].entity != (int32_t)e)
            continue;
        /* one entry per distinct title text */
        if (j < i && same_title(d, t, u))
            return 0;
        /* of two rules' readings of the same words ("Secretary-General",
         * "NATO Secretary-General"), the longer */
        if (u->tok <= t->tok && t->tok_end <= u->tok_end &&
            u->tok_end - u->tok > t->tok_end - t->tok)
            return 0;
    }
    return 1;
}

int32_t
emit_affiliation(const struct doc *d, size_t i, size_t e)
{
    const struct mention *m = &d->men.v[i];

    if (m->entity != (int32_t)e || m->org < 0)
        return -1;
    int32_t oe = d->men.v[m->org].entity;
    if (oe < 0 || oe == (int32_t)e || !d->ent.v[oe].emitted_id)
        return -1;
    for (size_t j = 0; j < i; j++)
        if (d->men.v[j].entity == (int32_t)e && d->men.v[j].org >= 0 &&
            d->men.v[d->men.v[j].org].entity == oe)
            return -1;
    return oe;
}

int32_t
emit_speaker(const struct doc *d, const struct quote *q)
{
    if (q->speaker_entity >= 0 && d->ent.v[q->speaker_entity].emitted_id)
        return q->speaker_entity;
    return -1;
}

double
emit_confidence(const struct quote *q)
{
    return q->speaker_entity >= 0 ? q->confidence : 0.0;
}

void
emit_entity_name(const struct doc *d, const struct entity *x,
                 uint32_t *start, uint32_t *end)
{
    const struct mention *b = &d->men.v[x->best];

    *start = tok_start(d, (int32_t)b->tok);
    *end = tok_end(d, (int32_t)b->tok_end);
}

/* Groups the mentions by entity with one counting pass, so that writing
 * an entity visits its own mentions instead of every mention of the
 * document. Returns 0 or WS_NOMEM. */
static int
group_mentions(struct out *o)
{
    const struct doc *d = o->d;
    size_t ne = d->ent.n, nm = d->men.n;

    o->first = ws_calloc(ne + 1 + nm, sizeof(*o->first));
    if (!o->first)
        return WS_NOMEM;
    o->ment = o->first + ne + 1;
    for (size_t i = 0; i < nm; i++) {
        int32_t e = d->men.v[i].entity;

        if (e >= 0 && (size_t)e < ne)
            o->first[e + 1]++;
    }
    for (size_t e = 0; e < ne; e++)
        o->first[e + 1] += o->first[e];
    /* place each mention at its entity's cursor, which ends at the next
     * entity's start; then move the starts back one place */
    for (size_t i = 0; i < nm; i++) {
        int32_t e = d->men.v[i].entity;

        if (e >= 0 && (size_t)e < ne)
            o->ment[o->first[e]++] = (uint32_t)i;
    }
    for (size_t e = ne; e > 0; e--)
        o->first[e] = o->first[e - 1];
    o->first[0] = 0;
    return 0;
}

static void
entity_titles(struct out *o, size_t e, int *f)
{
    const struct doc *d = o->d;
    int first = 1;

    key(o, KEY("titles"), f);
    open_(o, '[');
    for (size_t i = 0; i < d->title.n; i++) {
        const struct title *t = &d->title.v[i];
        int f2 = 1;

        if (!emit_title_listed(d, i, e))
            continue;
        item(o, &first);
        open_(o, '{');
        span(o, d->tok.v[t->tok].start, d->tok.v[t->tok_end - 1].end, &f2);
        close_(o, '}', 0);
    }
    close_(o, ']', first);
}

static void
entity_affiliations(struct out *o, size_t e)
{
    const struct doc *d = o->d;
    int first = 1;

    open_(o, '[');
    for (uint32_t k = o->first[e]; k < o->first[e + 1]; k++) {
        int32_t oe = emit_affiliation(d, o->ment[k], e);

        if (oe < 0)
            continue;
        item(o, &first);
        put_id(o, 'e', (size_t)d->ent.v[oe].emitted_id);
    }
    close_(o, ']', first);
}

static void
entity_name(struct out *o, const struct entity *x)
{
    uint32_t a, b;

    emit_entity_name(o->d, x, &a, &b);
    json_str(o, o->d->text + a, b - a);
}

/* The value of "via" for a mention found by a gazetteer entry that has an
 * id: "gazetteer:<id>", cut to VIA_MAX - 1 bytes as ever (ids are short; a
 * user's gazetteer could hold any). */
#define VIA_MAX 160
static void
via_gazetteer(struct out *o, const char *id)
{
    static const char pre[] = "gazetteer:";
    char via[VIA_MAX];
    size_t n = strnlen(id, VIA_MAX - sizeof(pre));

    memcpy(via, pre, sizeof(pre) - 1);
    memcpy(via + sizeof(pre) - 1, id, n);
    json_str(o, via, sizeof(pre) - 1 + n);
}

static void
entities(struct out *o)
{
    const struct doc *d = o->d;
    const struct gazetteer *g = &d->model->gz;
    int first = 1;

    open_(o, '[');
    for (size_t e = 0; e < d->ent.n; e++) {
        const struct entity *x = &d->ent.v[e];
        int f = 1;

        if (!x->emitted_id)
            continue;
        item(o, &first);
        open_(o, '{');
        key(o, KEY("id"), &f);
        put_id(o, 'e', (size_t)x->emitted_id);
        key(o, KEY("type"), &f);
        put_name(o, type_name(x->type));
        key(o, KEY("name"), &f);
        entity_name(o, x);
        if (x->entry >= 0) {
            const struct gz_entry *ge = &g->entries[x->entry];
            int kf = 1;

            key(o, KEY("kb"), &f);
            open_(o, '{');
            if (ge->id) {
                key(o, KEY("id"), &kf);
                json_str(o, gazetteer_str(g, ge->id),
                         strlen(gazetteer_str(g, ge->id)));
            }
            key(o, KEY("name"), &kf);
            json_str(o, gazetteer_str(g, ge->name),
                     strlen(gazetteer_str(g, ge->name)));
            close_(o, '}', 0);
        }
        if (x->type == MEN_PERSON)
            entity_titles(o, e, &f);
        if (x->type == MEN_PERSON || x->type == MEN_GROUP) {
            key(o, KEY("affiliations"), &f);
            entity_affiliations(o, e);
        }
        key(o, KEY("mentions"), &f);
        open_(o, '[');
        int mf = 1;
        for (uint32_t k = o->first[e]; k < o->first[e + 1]; k++) {
            const struct mention *m = &d->men.v[o->ment[k]];
            int f2 = 1;

            item(o, &mf);
            open_(o, '{');
            span(o, tok_start(d, (int32_t)m->tok),
                 tok_end(d, (int32_t)m->tok_end), &f2);
            key(o, KEY("via"), &f2);
            if (m->entry >= 0 && g->entries[m->entry].id &&
                strcmp(m->via, "gazetteer") == 0)
                via_gazetteer(o, gazetteer_str(g, g->entries[m->entry].id));
            else
                json_str(o, m->via, strlen(m->via));
            close_(o, '}', 0);
        }
        close_(o, ']', mf);
        close_(o, '}', 0);
    }
    close_(o, ']', first);
}

static void
quotes(struct out *o)
{
    const struct doc *d = o->d;
    int first = 1, n = 0;

    open_(o, '[');
    for (size_t i = 0; i < d->quote.n; i++) {
        const struct quote *q = &d->quote.v[i];
        int f = 1;

        item(o, &first);
        open_(o, '{');
        key(o, KEY("id"), &f);
        put_id(o, 'q', (size_t)++n);
        span(o, q->span.start, q->span.end, &f);
        key(o, KEY("kind"), &f);
        put_name(o, kind_name(q->kind));
        key(o, KEY("speaker"), &f);
        if (emit_speaker(d, q) >= 0) {
            const struct entity *x = &d->ent.v[q->speaker_entity];
            int sf = 1;

            open_(o, '{');
            key(o, KEY("entity"), &sf);
            put_id(o, 'e', (size_t)x->emitted_id);
            key(o, KEY("name"), &sf);
            entity_name(o, x);
            if (q->site_tok >= 0) {
                int mf = 1;

                key(o, KEY("mention"), &sf);
                open_(o, '{');
                span(o, tok_start(d, q->site_tok), tok_end(d, q->site_end),
                     &mf);
                close_(o, '}', 0);
            }
            close_(o, '}', 0);
        } else {
            put(o, LIT("null"));
        }
        key(o, KEY("cue"), &f);
        if (q->cue_tok >= 0) {
            int cf = 1;

            open_(o, '{');
            span(o, tok_start(d, q->cue_tok), tok_end(d, q->cue_end), &cf);
            close_(o, '}', 0);
        } else {
            put(o, LIT("null"));
        }
        key(o, KEY("method"), &f);
        if (q->method)
            json_str(o, q->method, strlen(q->method));
        else
            put(o, LIT("null"));
        key(o, KEY("confidence"), &f);
        put_confidence(o, emit_confidence(q));
        close_(o, '}', 0);
    }
    close_(o, ']', first);
}

/* For rule writers: each sentence with the class letter of every token. */
static void
explain(struct out *o)
{
    const struct doc *d = o->d;
    int first = 1;

    open_(o, '[');
    for (size_t s = 0; s < d->sent.n; s++) {
        const struct sentence *se = &d->sent.v[s];
        int f = 1;

        if (se->tok_end <= se->tok_first)
            continue;
        item(o, &first);
        open_(o, '{');
        span(o, d->tok.v[se->tok_first].start, d->tok.v[se->tok_end - 1].end,
             &f);
        key(o, KEY("classes"), &f);
        put(o, "\"", 1);
        for (uint32_t t = se->tok_first; t < se->tok_end; t++) {
            char c = d->cls[t];

            if (t > se->tok_first)
                put(o, " ", 1);
            if (c == '"' || c == '\\')
                put(o, "\\", 1);
            put(o, &c, 1);
        }
        put(o, "\"", 1);
        close_(o, '}', 0);
    }
    close_(o, ']', first);
}

char *
emit_json(const struct doc *d, int flags)
{
    struct out o = {0};
    int first = 1;
    char *json = NULL;

    o.pretty = (flags & WS_JSON_PRETTY) != 0;
    o.d = d;
    if (cpmap_build(&o.cp, d) || group_mentions(&o))
        goto out;
    open_(&o, '{');
    if (flags & WS_JSON_TEXT) {
        key(&o, KEY("text"), &first);
        json_str(&o, d->text, d->len);
    }
    key(&o, KEY("entities"), &first);
    entities(&o);
    key(&o, KEY("quotes"), &first);
    quotes(&o);
    if (flags & WS_JSON_EXPLAIN) {
        key(&o, KEY("sentences"), &first);
        explain(&o);
    }
    close_(&o, '}', 0);
    json = fbuf_take(&o.b);
out:
    ws_free(o.b.s); /* NULL once taken */
    ws_free(o.first);
    cpmap_free(&o.cp);
    return json;
}
