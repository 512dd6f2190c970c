/* SPDX-License-Identifier: MIT */
/* attrib.c - quotations and who said them.
 *
 * Stage 6 (attrib_spans_doc) runs quote_scan over the text and ties each
 * span to its tokens. Stage 7 (attrib_doc) decides speakers with ordered
 * sieves, precise first (docs/attribution.md):
 *   1. "after" rules anchored at the closing mark: “…,” said X / “…,” X said
 *   2. "before" rules ending at the opening mark: X said: “…” / X told Y “…”
 *   3. the same rules find partial quotes' speakers in the reporter's clause
 *   4. pronouns (“…,” he said) resolve to the last person of that gender
 *   5. nominals ("the minister said") resolve to the person with that title
 *   6. continuation: an unattributed quote after X's quote is X's
 *   7. groups ("officials said") and organisations are speakers as written
 *   8. nothing certain: no speaker.
 * Which words are cues, groups and titles comes from the gazetteers through
 * the class string; the patterns come from the rule files.
 */
#include "attrib.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "entity.h"
#include "gazetteer.h"
#include "model.h"
#include "quote.h"
#include "rules.h"
#include "sort.h"
#include "whosaid.h"

/* Longest stretches after a closing mark and before an opening mark that
 * the rules look at: attributions sit next to their quotes, and bounded
 * windows keep a paragraph of 100,000 quotes linear. */
enum { AFTER_WINDOW = 48, BEFORE_WINDOW = 96 };

/* Index of the first token at or after from starting at or after byte b
 * (tokens before from start before b). */
static size_t
tok_at(const struct doc *d, size_t from, uint32_t b)
{
    size_t lo = from, hi = d->tok.n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (d->tok.v[mid].start < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int
attrib_spans_doc(struct doc *d)
{
    const size_t *lim = d->model->limits;
    struct quote_limits ql = {lim[WS_LIMIT_QUOTES], lim[WS_LIMIT_QUOTE_BYTES],
                              (unsigned)lim[WS_LIMIT_NESTING]};
    struct qspan *sp = NULL;
    size_t n = 0;
    int rc = quote_scan(d->text, d->len, &ql, &sp, &n);

    if (rc == QUOTE_ELIMIT) {
        snprintf(d->err, sizeof(d->err), "more than %zu quotations",
                 lim[WS_LIMIT_QUOTES]);
        return WS_LIMIT;
    }
    if (rc)
        return WS_NOMEM;
    /* Spans come sorted by start, so each start is searched for from the
     * last one; a span's tokens are walked anyway to mark them, which
     * finds its end, and its opening mark is a token or two before its
     * start. */
    size_t t = 0;
    for (size_t i = 0; i < n; i++) {
        if ((rc = DOC_PUSH(d, &d->quote, lim[WS_LIMIT_QUOTES], "quotations")))
            break;
        struct quote *q = &d->quote.v[d->quote.n++];

        memset(q, 0, sizeof(*q));
        q->span = sp[i];
        t = tok_at(d, t, sp[i].start);
        q->tok = (uint32_t)t;
        q->kind = KIND_OTHER;
        q->speaker_mention = q->speaker_entity = -1;
        q->cue_tok = q->cue_end = -1;
        q->site_tok = q->site_end = -1;
        size_t u = t;
        for (; u < d->tok.n && d->tok.v[u].start < sp[i].end; u++)
            d->tok.v[u].flags |= TOK_IN_QUOTE;
        q->tok_end = (uint32_t)u;
        /* the marks themselves, so that rules see them as 'q' and an
         * apostrophe or a stray mark as something else */
        size_t o = t;
        while (o > 0 && d->tok.v[o - 1].start >= sp[i].open)
            o--;
        if (sp[i].open > sp[i].start) /* never from quote_scan */
            o = tok_at(d, t, sp[i].open);
        if (o < d->tok.n && d->tok.v[o].start == sp[i].open &&
            !(sp[i].flags & QSPAN_CONTINUES && sp[i].open == sp[i].start))
            d->tok.v[o].flags |= TOK_MARK;
        if (sp[i].close > sp[i].end && q->tok_end < d->tok.n &&
            (d->tok.v[q->tok_end].flags & TOK_QUOTE))
            d->tok.v[q->tok_end].flags |= TOK_MARK;
    }
    ws_free(sp);
    return rc;
}

/* ---- resolving a speaker phrase to an entity ---------------------------- */

struct speaker {
    int32_t entity;
    int32_t mention;        /* the mention at the site, or -1 */
    uint32_t tok, tok_end;  /* the phrase as written */
    const char *how;        /* NULL, "pronoun", "nominal", "group" */
};

static int
in_quote(const struct doc *d, size_t t)
{
    return (d->tok.v[t].flags & TOK_IN_QUOTE) != 0;
}

/* he/she -> the most recent person of a compatible gender before tok. */
static int32_t
resolve_pronoun(const struct doc *d, size_t tok)
{
    const struct gz_word *w = gazetteer_word(&d->model->gz, d->tok.v[tok].key);
    char g = w ? (char)w->gender : 0;
    int32_t m = -1;

    if (!w || g == 'n' || g == 0)
        return -1; /* "they", "it": a group or an organisation */
    /* the nearest sentence that names a person of that gender, and in it
     * the first such person: the subject, more often than not. People of
     * unknown gender count only when nobody of the right one is near. A
     * possessor ("Mr Makarov's case") is rarely the one speaking. */
    for (int pass = 0; pass < 2 && m < 0; pass++) {
        uint32_t sent = UINT32_MAX;

        for (size_t k = d->men.n; k-- > 0;) {
            const struct mention *x = &d->men.v[k];

            if (x->tok >= tok || x->type != MEN_PERSON || x->entity < 0 ||
                in_quote(d, x->tok) || d->cls[x->tok_end] == 's')
                continue;
            if (d->tok.v[x->tok].sent != sent && m >= 0)
                break;
            if (d->tok.v[tok].para - d->tok.v[x->tok].para > 4)
                break;
            char eg = entity_gender(d, x->entity);

            if (pass == 0 ? eg != g : (eg && eg != g))
                continue;
            m = x->entity;
            sent = d->tok.v[x->tok].sent;
        }
    }
    return m;
}

/* "the company" -> the most recent organisation named before tok. */
static int32_t
resolve_org_nominal(const struct doc *d, size_t tok)
{
    for (size_t k = d->men.n; k-- > 0;) {
        const struct mention *x = &d->men.v[k];

        if (x->tok < tok && x->type == MEN_ORG && x->entity >= 0 &&
            !in_quote(d, x->tok))
            return x->entity;
    }
    return -1;
}

static int32_t resolve_by_title(const struct doc *d, size_t a, size_t b);

/* The gazetteer entry of the nationality or country in tokens [a, b)
 * ("the Chinese leader", "China's president"), or -1. */
static int32_t
country_in(const struct doc *d, size_t a, size_t b)
{
    for (size_t t = a; t < b; t++)
        if ((d->cls[t] == 'D' || d->cls[t] == 'L') && d->tok.v[t].gz >= 0)
            return (int32_t)d->gz.v[d->tok.v[t].gz].entry;
    return -1;
}

/* Is person entity e tied to the country of entry c: by the gazetteer, or
 * by a title given with a nationality or a country ("China's President
 * Xi Jinping", "Russian President Vladimir Putin")? */
static int
person_of_country(const struct doc *d, int32_t e, int32_t c)
{
    const struct gazetteer *g = &d->model->gz;
    const struct entity *x = &d->ent.v[e];

    if (x->entry >= 0 && gazetteer_same_country(g, (uint32_t)x->entry,
                                                (uint32_t)c))
        return 1;
    for (size_t j = 0; j < d->title.n; j++) {
        const struct title *t = &d->title.v[j];
        size_t from = t->tok >= 2 ? t->tok - 2 : 0;
        int32_t k;

        if (d->men.v[t->mention].entity != e)
            continue;
        k = country_in(d, from, t->tok_end);
        if (k >= 0 && gazetteer_same_country(g, (uint32_t)k, (uint32_t)c))
            return 1;
    }
    return 0;
}

/* "the minister" -> the most recent person whose title has that head;
 * "the Chinese leader" -> failing that, the most recent person tied to
 * China by a title or the gazetteer. */
static int32_t
resolve_nominal(const struct doc *d, size_t a, size_t b)
{
    int32_t by_title = resolve_by_title(d, a, b);

    if (by_title >= 0)
        return by_title;
    int32_t c = country_in(d, a, b);
    if (c < 0)
        return -1;
    for (size_t k = d->men.n; k-- > 0;) {
        const struct mention *x = &d->men.v[k];

        if (x->tok < a && x->type == MEN_PERSON && x->entity >= 0 &&
            person_of_country(d, x->entity, c))
            return x->entity;
    }
    return -1;
}

static int32_t
resolve_by_title(const struct doc *d, size_t a, size_t b)
{
    uint64_t head = 0;

    for (size_t t = a; t < b; t++)
        if (d->cls[t] == 'T' || (d->cls[t] == '_' && head))
            head = d->tok.v[t].key;
    if (!head)
        return -1;
    for (size_t k = d->men.n; k-- > 0;) {
        const struct mention *x = &d->men.v[k];

        if (x->tok >= a || x->type != MEN_PERSON || x->entity < 0)
            continue;
        /* any title of that entity ending in the head */
        for (size_t j = 0; j < d->title.n; j++) {
            const struct title *y = &d->title.v[j];

            if (d->men.v[y->mention].entity == x->entity &&
                d->tok.v[y->tok_end - 1].key == head)
                return x->entity;
        }
    }
    return -1;
}

static int
resolve_speaker(struct doc *d, size_t a, size_t b, struct speaker *sp)
{
    int rc = 0;

    sp->entity = sp->mention = -1;
    sp->tok = (uint32_t)a;
    sp->tok_end = (uint32_t)b;
    sp->how = NULL;
    /* the phrase's head: its last token that is not the rest of an entry
     * ("the Spurs sporting director": the title, not Spurs) */
    size_t h = b - 1;
    while (h > a && d->cls[h] == '_')
        h--;
    char head = d->cls[h];
    /* a named mention inside the phrase: people first */
    /* an unnamed source: "one analyst at Barclays", "a BBC spokesman" */
    int group = d->cls[a] == 'i' || d->cls[a] == 'j';
    for (size_t t = a; t < b; t++)
        group |= d->cls[t] == 'G';
    for (int pass = 0; pass < 2; pass++)
        for (size_t t = a; t < b; t++) {
            int32_t mi = d->ment_of_tok[t];

            if (mi < 0 || d->men.v[mi].entity < 0)
                continue;
            uint8_t ty = d->men.v[mi].type;
            if ((pass == 0 && ty == MEN_PERSON) ||
                (pass == 1 && ty == MEN_ORG && !group && head != 'G' &&
                 head != 'T' && head != 'Y')) {
                sp->mention = mi;
                sp->entity = d->men.v[mi].entity;
                return 0;
            }
        }
    for (size_t t = a; t < b; t++)
        if (d->cls[t] == 'R') {
            sp->entity = resolve_pronoun(d, t);
            sp->tok = (uint32_t)t;
            sp->tok_end = (uint32_t)t + 1;
            sp->how = "pronoun";
            return 0;
        }
    for (size_t t = a; t < b && !group; t++)
        if (d->cls[t] == 'Y' && (d->cls[a] == 'd' || d->cls[a] == 'h')) {
            sp->entity = resolve_org_nominal(d, a);
            sp->how = "nominal";
            return 0;
        }
    if (group) {
        sp->entity = entity_group(d, a, b, &rc);
        sp->how = "group";
        return rc;
    }
    for (size_t t = a; t < b; t++)
        if (d->cls[t] == 'T') {
            sp->entity = resolve_nominal(d, a, b);
            sp->how = "nominal";
            /* "the council's spokesperson", "the minister" of nobody we
             * know: an unnamed source, as written */
            if (sp->entity < 0) {
                sp->entity = entity_group(d, a, b, &rc);
                sp->how = "group";
            }
            return rc;
        }
    return 0;
}

/* ---- the rules each sieve runs ------------------------------------------ */

/* Around each quote the sieves try up to a dozen rules and over each
 * sentence the indirect ones: each window is a struct rule_text, which
 * looks each letter a rule requires up once a window and tries each guard
 * once a window (rules_worth_trying). */

/* ---- running the sieves ------------------------------------------------- */

/* A quote that ends its own sentence ("… last election.”) is followed by a
 * new sentence; if that sentence goes on after its verb ("Mr Hockney said
 * the law …") it is a statement of its own, not this quote's attribution. */
static int
ends_sentence(const struct doc *d, const struct quote *q)
{
    if (q->tok_end <= q->tok)
        return 0;
    const char *p = TOK_PTR(d, q->tok_end - 1);

    return d->cls[q->tok_end - 1] == '.' && (*p == '.' || *p == '!' ||
                                             *p == '?');
}

static int
attribution_closes(const struct doc *d, size_t end)
{
    return end >= d->tok.n || d->cls[end] == '.' || d->cls[end] == ',' ||
           (d->tok.v[end].flags & TOK_PARA_START);
}

/* Tries every rule of one kind over cls[base, base+len); on the first
 * match with a resolvable speaker, fills q, sets *hit to the rule (its
 * groups are in md) and returns 1. */
static int
try_rules(struct doc *d, struct quote *q, struct rule_needs *needs,
          enum rule_kind kind, size_t base, size_t len, pcre2_match_data *md,
          const struct rule **hit)
{
    int strict = kind == RULE_AFTER && ends_sentence(d, q);
    const struct rules *r = &d->model->rules;
    struct rule_text in;

    rules_text_init(&in, d->cls + base, len, needs);
    for (size_t k = r->kind_start[kind]; k < r->kind_start[kind + 1]; k++) {
        const struct rule *ru = &r->v[r->by_kind[k]];
        size_t a, b;
        struct speaker sp;
        int rc;

        rc = rules_worth_trying(r, ru, &in, md);
        if (rc < 0)
            return rules_failed(d, ru, rc);
        if (rc == 0)
            continue; /* cannot match here */
        /* a speaker phrase that resolves to nobody ("Tuesday") lets the
         * same rule try again further on */
        size_t off = 0;
        sp.entity = -1;
        while (off < len) {
            rc = rules_match(r, ru, d->cls + base, len, off, md);
            if (rc < 0)
                return rules_failed(d, ru, rc);
            if (rc == 0 || !rules_group(ru, md, RG_speaker, &a, &b))
                break;
            if (strict &&
                !attribution_closes(d, base + pcre2_get_ovector_pointer(md)[1]))
                break;
            if ((rc = resolve_speaker(d, base + a, base + b, &sp)))
                return rc;
            if (sp.entity >= 0)
                break;
            off = pcre2_get_ovector_pointer(md)[0] + 1;
        }
        if (sp.entity < 0)
            continue;
        q->speaker_entity = sp.entity;
        q->speaker_mention = sp.mention;
        if (sp.mention >= 0) {
            q->site_tok = (int32_t)d->men.v[sp.mention].tok;
            q->site_end = (int32_t)d->men.v[sp.mention].tok_end;
        } else {
            q->site_tok = (int32_t)sp.tok;
            q->site_end = (int32_t)sp.tok_end;
        }
        if (rules_group(ru, md, RG_cue, &a, &b)) {
            q->cue_tok = (int32_t)(base + a);
            q->cue_end = (int32_t)(base + b);
        } else {
            q->cue_tok = q->cue_end = -1;
        }
        q->method = ru->name;
        q->confidence = ru->confidence;
        *hit = ru;
        return 1;
    }
    return 0;
}

/* The end of t's paragraph, or t + AFTER_WINDOW if that comes first.
 * Paragraph numbers never decrease along the tokens, so the end is found
 * by bisection: a few tokens read, not up to AFTER_WINDOW of them (each
 * on its own cache line, more often than not). */
static size_t
para_end(const struct doc *d, size_t t)
{
    uint32_t p = d->tok.v[t].para;
    size_t lo = t, hi = t + AFTER_WINDOW < d->tok.n ? t + AFTER_WINDOW
                                                    : d->tok.n;

    /* tokens before lo are in paragraph p; hi is past it or the cap */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (d->tok.v[mid].para == p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int
attribute_one(struct doc *d, struct quote *q, struct rule_needs *needs,
              pcre2_match_data *md)
{
    const struct rule *hit;
    size_t n = d->tok.n;
    size_t open = q->tok > 0 ? q->tok - 1 : 0;
    size_t close = q->tok_end;
    int rc = 0;

    /* sieve 1: after the closing mark */
    if (!(q->span.flags & (QSPAN_RUNS_ON | QSPAN_UNCLOSED)) && close < n &&
        d->cls[close] == 'q') {
        size_t end = para_end(d, close);

        if ((rc = try_rules(d, q, needs, RULE_AFTER, close, end - close, md,
                            &hit)))
            return rc;
    }
    /* sieves 2-3: the reporter's clause before the opening mark */
    if (q->tok > 0 && d->cls[open] == 'q') {
        size_t s = d->sent.v[d->tok.v[open].sent].tok_first;

        if (open + 1 - s > BEFORE_WINDOW)
            s = open + 1 - BEFORE_WINDOW;

        if ((rc = try_rules(d, q, needs, RULE_BEFORE, s, open + 1 - s, md,
                            &hit)))
            return rc;
    }
    return 0;
}

static size_t
count_words(const struct doc *d, const struct quote *q)
{
    size_t w = 0;

    for (uint32_t t = q->tok; t < q->tok_end; t++)
        w += (d->tok.v[t].flags & TOK_WORD) != 0;
    return w;
}

/* direct: a sentence or clause someone said; partial: a fragment. */
static uint8_t
decide_kind(const struct doc *d, const struct quote *q)
{
    size_t words = count_words(d, q);

    if (q->span.flags & (QSPAN_CONTINUES | QSPAN_RUNS_ON))
        return KIND_DIRECT;
    if (q->tok >= q->tok_end)
        return KIND_OTHER;
    const struct token *first = &d->tok.v[q->tok];
    const struct token *last = &d->tok.v[q->tok_end - 1];
    char lc = d->cls[q->tok_end - 1];
    int ends = (last->flags & TOK_PUNCT) && (lc == '.' || lc == ',');
    int opens = q->tok >= 2 && (d->cls[q->tok - 2] == ':' ||
                                (d->tok.v[q->tok - 1].flags & TOK_PARA_START));

    if (words >= 3 && (first->flags & (TOK_CAP | TOK_DIGIT)) &&
        (ends || opens))
        return KIND_DIRECT;
    if (words >= 6 && (ends || opens))
        return KIND_DIRECT;
    return KIND_PARTIAL;
}

/* Sieve 6: an unattributed quote takes the speaker of the quote before it
 * when it follows in the same paragraph or opens the next one; run-on
 * pieces take the speaker of their first piece. */
static void
continuation(struct doc *d)
{
    for (size_t i = 0; i < d->quote.n; i++) {
        struct quote *q = &d->quote.v[i];

        if (q->speaker_entity >= 0 || q->kind == KIND_INDIRECT)
            continue;
        if (q->span.first >= 0 && (size_t)q->span.first < i &&
            d->quote.v[q->span.first].speaker_entity >= 0) {
            struct quote *f = &d->quote.v[q->span.first];

            q->speaker_entity = f->speaker_entity;
            q->speaker_mention = f->speaker_mention;
            q->site_tok = f->site_tok;
            q->site_end = f->site_end;
            q->method = "run-on";
            q->confidence = f->confidence * 0.95f;
            continue;
        }
        if (i == 0 || q->kind != KIND_DIRECT)
            continue;
        struct quote *p = &d->quote.v[i - 1];
        if (p->speaker_entity < 0 || q->tok >= d->tok.n ||
            p->tok_end >= d->tok.n)
            continue;
        uint32_t qp = d->tok.v[q->tok].para, pp = d->tok.v[p->tok].para;
        int opens_para = q->tok > 0 &&
                         (d->tok.v[q->tok - 1].flags & TOK_PARA_START);

        if (qp == pp || (qp == pp + 1 && opens_para) ||
            (qp == d->tok.v[p->tok_end].para + 1 && opens_para)) {
            q->speaker_entity = p->speaker_entity;
            q->speaker_mention = p->speaker_mention;
            q->site_tok = p->site_tok;
            q->site_end = p->site_end;
            q->method = "continuation";
            q->confidence = 0.8f;
        }
    }
}

/* Reported speech without quotation marks: one rule match a sentence. */
static int
indirect(struct doc *d, struct rule_needs *needs, pcre2_match_data *md)
{
    for (size_t s = 0; s < d->sent.n; s++) {
        size_t base = d->sent.v[s].tok_first;
        size_t len = d->sent.v[s].tok_end - base;
        const struct rule *hit = NULL;
        struct quote q;
        size_t a, b;

        if (memchr(d->cls + base, 'q', len))
            continue;
        memset(&q, 0, sizeof(q));
        q.speaker_entity = q.speaker_mention = -1;
        q.site_tok = q.site_end = q.cue_tok = q.cue_end = -1;
        int rc = try_rules(d, &q, needs, RULE_INDIRECT, base, len, md, &hit);
        if (rc < 0)
            return rc;
        if (rc == 0)
            continue;
        /* the content group of the rule that matched */
        if (rules_group(hit, md, RG_content, &a, &b)) {
            q.tok = (uint32_t)(base + a);
            q.tok_end = (uint32_t)(base + b);
        }
        if (q.tok_end <= q.tok)
            continue;
        q.kind = KIND_INDIRECT;
        q.span.start = d->tok.v[q.tok].start;
        q.span.end = d->tok.v[q.tok_end - 1].end;
        q.span.open = q.span.start;
        q.span.close = q.span.end;
        q.span.first = -1;
        if ((rc = DOC_PUSH(d, &d->quote, d->model->limits[WS_LIMIT_QUOTES],
                           "quotations")))
            return rc;
        d->quote.v[d->quote.n++] = q;
    }
    return 0;
}

static int
cmp_quote(const void *a, const void *b)
{
    const struct quote *x = a, *y = b;

    if (x->span.start != y->span.start)
        return x->span.start < y->span.start ? -1 : 1;
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

/* Puts quotes and reported speech in text order. Run-on pieces name their
 * first piece by index, so the indexes are carried through the sort. */
static int
sort_quotes(struct doc *d)
{
    size_t n = d->quote.n;
    int32_t *where = ws_malloc(sizeof(*where) * (n ? n : 1));

    if (!where)
        return WS_NOMEM;
    /* keep each quote's `first`, and let `first` carry its own index
     * through the sort */
    for (size_t i = 0; i < n; i++) {
        where[i] = d->quote.v[i].span.first;
        d->quote.v[i].span.first = (int32_t)i;
    }
    /* two runs in order, the spans and then the reported speech, a
     * sentence each: each reported clause moves back past a few quotes.
     * Equal quotes keep their order, as in glibc's qsort (a merge sort). */
    sort_nearly_ordered(d->quote.v, n, sizeof(*d->quote.v), cmp_quote);
    int32_t *pos = ws_malloc(sizeof(*pos) * (n ? n : 1));
    if (!pos) {
        ws_free(where);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        pos[d->quote.v[i].span.first] = (int32_t)i;
    for (size_t i = 0; i < n; i++) {
        int32_t old = where[d->quote.v[i].span.first];

        d->quote.v[i].span.first = old >= 0 ? pos[old] : -1;
    }
    ws_free(pos);
    ws_free(where);
    return 0;
}

int
attrib_doc(struct doc *d)
{
    const struct rules *r = &d->model->rules;
    struct rule_needs needs;
    pcre2_match_data *md;
    int rc = 0;

    if (rules_needs_init(&needs, r))
        return WS_NOMEM;
    md = pcre2_match_data_create(r->max_groups ? r->max_groups : 1, r->gctx);
    if (!md) {
        rules_needs_free(&needs);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < d->quote.n; i++) {
        struct quote *q = &d->quote.v[i];

        q->kind = decide_kind(d, q);
        if (q->span.depth > 0)
            continue;
        if ((rc = attribute_one(d, q, &needs, md)) < 0)
            goto out;
        rc = 0;
        if (q->speaker_entity < 0 && q->kind == KIND_PARTIAL &&
            count_words(d, q) <= 3 && q->span.first == (int32_t)i)
            q->kind = KIND_OTHER; /* a scare quote, a title, a nickname */
    }
    /* reported speech first: "Mr Hockney said the law was clear. “…”"
     * makes the quote after it his */
    if (d->model->indirect && (rc = indirect(d, &needs, md)) < 0)
        goto out;
    if ((rc = sort_quotes(d)))
        goto out;
    continuation(d);
out:
    pcre2_match_data_free(md);
    rules_needs_free(&needs);
    return rc;
}
