/* SPDX-License-Identifier: MIT */
/* entity.c - one entity per person or organisation in a document.
 *
 * Stage 5. Reads d->men (sorted by position) and writes d->ent, setting
 * each mention's entity. News names a person in full first and by surname
 * after ("Nigel Gould-Davies" ... "Gould-Davies" ... "Mr Gould-Davies"), so
 * a short mention joins the most recent entity whose name contains it; the
 * reverse order ("Blair" before "Tony Blair") joins too. The canonical name
 * is the mention with the most tokens.
 */
#include "entity.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "gazetteer.h"
#include "model.h"
#include "sort.h"
#include "whosaid.h"

static size_t
mlen(const struct mention *m)
{
    return m->tok_end - m->tok;
}

static int
same_keys(const struct doc *d, const struct mention *a,
          const struct mention *b)
{
    if (mlen(a) != mlen(b))
        return 0;
    for (size_t k = 0; k < mlen(a); k++)
        if (d->tok.v[a->tok + k].key != d->tok.v[b->tok + k].key)
            return 0;
    return 1;
}

/* A set of word keys as a filter: a bit a key, by a hash of it. A key
 * whose bit is clear is not in the set; a set bit may be a false alarm. */
struct key_filter {
    uint64_t bit[16]; /* 1,024 bits */
};

static size_t
key_filter_slot(uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15u) >> 54); /* top 10 bits */
}

static void
key_filter_add(struct key_filter *f, uint64_t key)
{
    size_t s = key_filter_slot(key);

    f->bit[s >> 6] |= (uint64_t)1 << (s & 63);
}

static int
key_filter_may_have(const struct key_filter *f, uint64_t key)
{
    size_t s = key_filter_slot(key);

    return (f->bit[s >> 6] >> (s & 63)) & 1;
}

static void
key_filter_add_mention(struct key_filter *f, const struct doc *d,
                       const struct mention *m)
{
    for (uint32_t t = m->tok; t < m->tok_end; t++)
        key_filter_add(f, d->tok.v[t].key);
}

/* A hash of the words of mention m, in order: mentions with the same keys
 * (same_keys) have the same signature. */
static uint64_t
signature(const struct doc *d, const struct mention *m)
{
    uint64_t h = mlen(m);

    for (uint32_t t = m->tok; t < m->tok_end; t++)
        h = (h ^ d->tok.v[t].key) * 0x100000001B3u;
    return h;
}

/* The names (signatures) and gazetteer entries of the mentions entity_doc
 * has given an entity so far, by type: the backward searches for an
 * earlier mention of the same name skip the walk when the name is new,
 * as a first mention is. */
struct seen_names {
    struct key_filter org, org_entry, loc, group;
};

static struct key_filter *
seen_of_type(struct seen_names *s, uint8_t type)
{
    return type == MEN_ORG ? &s->org : type == MEN_LOC ? &s->loc
                                                       : &s->group;
}

/* Does the name of mention b contain the single word of mention a as one
 * of its name tokens (not a title or particle)? */
static int
contains_word(const struct doc *d, const struct mention *big, uint64_t key)
{
    for (uint32_t t = big->tok; t < big->tok_end; t++)
        if (d->tok.v[t].key == key && t > big->tok)
            return 1;
    /* family-first names: "Kishi Nobuo" is "Mr Kishi" */
    if (d->tok.v[big->tok].key == key) {
        const struct gz_word *w = gazetteer_word(&d->model->gz, key);

        return (w && w->family_first) || mlen(big) == 1;
    }
    return 0;
}

static int
new_entity(struct doc *d, size_t mi)
{
    struct mention *m = &d->men.v[mi];
    int rc = DOC_PUSH(d, &d->ent, d->model->limits[WS_LIMIT_MENTIONS],
                      "entities");

    if (rc)
        return rc;
    d->ent.v[d->ent.n] = (struct entity){
        m->type == MEN_ORG ? MEN_ORG : m->type, m->gender, (int32_t)mi,
        m->entry, (uint32_t)mi, 0};
    m->entity = (int32_t)d->ent.n++;
    return 0;
}

static void
join(struct doc *d, size_t mi, int32_t e)
{
    struct mention *m = &d->men.v[mi];
    struct entity *x = &d->ent.v[e];
    const struct mention *best = &d->men.v[x->best];

    m->entity = e;
    if (mlen(m) > mlen(best))
        x->best = (int32_t)mi;
    if (!x->gender && m->gender)
        x->gender = m->gender;
    if (x->entry < 0 && m->entry >= 0)
        x->entry = m->entry;
}

/* Finds the entity a person mention refers to, or -1. */
static int32_t
find_person(struct doc *d, size_t mi)
{
    const struct mention *m = &d->men.v[mi];

    for (size_t k = mi; k-- > 0;) {
        const struct mention *o = &d->men.v[k];

        if (o->type != MEN_PERSON || o->entity < 0)
            continue;
        if (m->entry >= 0 && o->entry == m->entry)
            return o->entity;
        if (same_keys(d, m, o))
            return o->entity;
        if (mlen(m) == 1 &&
            contains_word(d, &d->men.v[d->ent.v[o->entity].best],
                          d->tok.v[m->tok].key))
            return o->entity;
    }
    /* "Blair ... Tony Blair": a full name joins an earlier bare surname */
    if (mlen(m) > 1) {
        uint64_t last = d->tok.v[m->tok_end - 1].key;

        for (size_t k = mi; k-- > 0;) {
            const struct mention *o = &d->men.v[k];

            if (o->type == MEN_PERSON && o->entity >= 0 && mlen(o) == 1 &&
                mlen(&d->men.v[d->ent.v[o->entity].best]) == 1 &&
                d->tok.v[o->tok].key == last)
                return o->entity;
        }
    }
    return -1;
}

/* Is the single token t the initials of mention big ("IISS" of
 * "International Institute for Strategic Studies")? Lower-case words
 * (of, for, the, and) are skipped, as acronyms do. */
static int
is_initials(const struct doc *d, size_t t, const struct mention *big)
{
    const char *a = TOK_PTR(d, t);
    size_t n = TOK_LEN(d, t), k = 0;

    if (!(d->tok.v[t].flags & TOK_UPPER) || mlen(big) < 2)
        return 0;
    for (uint32_t i = big->tok; i < big->tok_end; i++) {
        const struct token *w = &d->tok.v[i];

        if (!(w->flags & TOK_CAP))
            continue;
        if (k >= n || a[k] != d->text[w->start])
            return 0;
        k++;
    }
    return k == n;
}

static int32_t
find_org(struct doc *d, size_t mi, uint64_t sig, struct seen_names *seen)
{
    const struct mention *m = &d->men.v[mi];

    if (mlen(m) == 1 && (d->tok.v[m->tok].flags & TOK_UPPER))
        for (size_t k = mi; k-- > 0;) {
            const struct mention *o = &d->men.v[k];

            if (o->type == MEN_ORG && o->entity >= 0 &&
                is_initials(d, m->tok, o))
                return o->entity;
        }

    if (m->alias_of >= 0 && m->alias_of < (int32_t)mi)
        return d->men.v[m->alias_of].entity;
    if (!key_filter_may_have(&seen->org, sig) &&
        !(m->entry >= 0 &&
          key_filter_may_have(&seen->org_entry, (uint64_t)m->entry)))
        return -1; /* a new name and a new entry: no earlier mention */
    for (size_t k = mi; k-- > 0;) {
        const struct mention *o = &d->men.v[k];

        if (o->type != MEN_ORG || o->entity < 0)
            continue;
        if ((m->entry >= 0 && o->entry == m->entry) || same_keys(d, m, o))
            return o->entity;
    }
    return -1;
}

/* "Mr Blair": the honorific tells the gender. */
static void
honorific_gender(struct doc *d, struct mention *m)
{
    size_t t = m->tok;

    if (t > 0 && d->cls[t - 1] == '.' && t > 1)
        t--;
    if (t == 0 || d->cls[t - 1] != 'H')
        return;
    const struct gz_word *w = gazetteer_word(&d->model->gz, d->tok.v[t - 1].key);
    if (w && (w->gender == 'm' || w->gender == 'f'))
        m->gender = (uint8_t)w->gender;
}

/* The position of the first one-word place among mentions [*k, n) at or
 * after token from, or UINT32_MAX; *k is moved to that mention. */
static uint32_t
next_place(const struct doc *d, size_t *k, size_t n, size_t from)
{
    for (; *k < n; ++*k) {
        const struct mention *m = &d->men.v[*k];

        if (m->tok >= from && m->type == MEN_LOC && mlen(m) == 1)
            return m->tok;
    }
    return UINT32_MAX;
}

/* The classes of the words that may be a surname or an acronym on their
 * own: capitalised words, first names and acronyms; and the NUL that ends
 * the class string, so that a scan needs no other bound. */
static const unsigned char bare_name_class[256] = {['\0'] = 1, ['C'] = 1,
                                                   ['F'] = 1, ['U'] = 1};

/* The first token at or after t (t <= d->tok.n) of a bare_name_class, or
 * d->tok.n. One token in twenty-five or so is one: with SSE2 (every
 * x86-64) sixteen letters are tested at a time, the way memchr does, while
 * they lie inside the string (its NUL included); the table handles the
 * rest, and other machines. The vector test names the table's four bytes
 * again: change both together. */
static size_t
next_bare_name(const struct doc *d, size_t t)
{
#ifdef __SSE2__
    const __m128i nul = _mm_setzero_si128(), c = _mm_set1_epi8('C'),
                  f = _mm_set1_epi8('F'), u = _mm_set1_epi8('U');

    for (; t + 16 <= d->tok.n + 1; t += 16) {
        __m128i v = _mm_loadu_si128((const void *)(d->cls + t));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nul),
                                                _mm_cmpeq_epi8(v, c)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, f),
                                                _mm_cmpeq_epi8(v, u)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);

        if (mask)
            return t + (size_t)__builtin_ctz(mask);
    }
#endif
    while (!bare_name_class[(unsigned char)d->cls[t]])
        t++;
    return t;
}

/* The person a bare surname at token t names: of the people among mentions
 * [0, n) whose fullest name holds key, the one named last before t, else
 * the first named after it; -1 when nobody. memo has a byte an entity. */
static int32_t
surname_owner(const struct doc *d, size_t n, size_t t, uint64_t key,
              uint8_t *memo)
{
    int32_t found = -1;
    uint32_t found_at = 0;

    /* whether a mention fits depends on its entity's fullest name only:
     * answered once an entity (0 not asked, 1 yes, 2 no) */
    memset(memo, 0, d->ent.n);
    for (size_t k = 0; k < n; k++) {
        const struct mention *m = &d->men.v[k];

        if (m->type != MEN_PERSON || m->entity < 0)
            continue;
        uint8_t *fits = &memo[m->entity];
        if (!*fits) {
            const struct mention *best = &d->men.v[d->ent.v[m->entity].best];

            *fits = mlen(best) >= 2 && contains_word(d, best, key) ? 1 : 2;
        }
        if (*fits != 1)
            continue;
        if (found < 0 || (m->tok < t && m->tok > found_at)) {
            found = m->entity;
            found_at = m->tok;
        }
    }
    return found;
}

/* The organisation whose one-word mention among [0, n) is key (an acronym
 * defined earlier: "the Northfield Housing Trust (NHT) ... the NHT said"),
 * or -1. */
static int32_t
acronym_owner(const struct doc *d, size_t n, uint64_t key)
{
    for (size_t k = 0; k < n; k++) {
        const struct mention *m = &d->men.v[k];

        if (m->type == MEN_ORG && m->entity >= 0 && mlen(m) == 1 &&
            d->tok.v[m->tok].key == key)
            return m->entity;
    }
    return -1;
}

/* Mention held, a one-word place, turns out to be person found: the place
 * entity loses it, and is dropped if that was all of it. A new fullest
 * name of the place entity joins the names in f. */
static void
place_to_person(struct doc *d, int32_t held, int32_t found,
                struct key_filter *f)
{
    struct mention *m = &d->men.v[held];
    int32_t was = m->entity;

    m->type = MEN_PERSON;
    m->via = "surname";
    m->entity = found;
    int left = 0;
    for (size_t k = 0; k < d->men.n; k++)
        left |= d->men.v[k].entity == was;
    if (!left)
        d->ent.v[was].best = -1;
    else if (d->ent.v[was].best == held)
        for (size_t k = 0; k < d->men.n; k++)
            if (d->men.v[k].entity == was) {
                d->ent.v[was].best = (int32_t)k;
                key_filter_add_mention(f, d, &d->men.v[k]);
                break;
            }
}

/* Adds a one-token mention of entity found at token t. Returns 0 or a
 * status. */
static int
add_bare_mention(struct doc *d, size_t t, uint8_t type, int32_t found)
{
    int rc = DOC_PUSH(d, &d->men, d->model->limits[WS_LIMIT_MENTIONS],
                      "mentions");
    if (rc)
        return rc;
    struct mention *m = &d->men.v[d->men.n++];
    memset(m, 0, sizeof(*m));
    m->tok = (uint32_t)t;
    m->tok_end = (uint32_t)t + 1;
    m->type = type;
    m->entry = -1;
    m->entity = found;
    m->org = m->alias_of = -1;
    m->via = type == MEN_ORG ? "acronym" : "surname";
    honorific_gender(d, m);
    d->ment_of_tok[t] = (int32_t)d->men.n - 1;
    return 0;
}

/* Fills names with every word surname_owner may find among mentions
 * [0, n) (the words of people's fullest names that contains_word accepts)
 * and acronyms with every word acronym_owner may find, so that the words
 * neither holds (most capitalised words) cost no walk over the mentions.
 * memo has a byte an entity. */
static void
surname_filters(const struct doc *d, size_t n, uint8_t *memo,
                struct key_filter *names, struct key_filter *acronyms)
{
    memset(memo, 0, d->ent.n);
    for (size_t k = 0; k < n; k++) {
        const struct mention *m = &d->men.v[k];

        if (m->type == MEN_PERSON && m->entity >= 0)
            memo[m->entity] = 1;
        if (m->type == MEN_ORG && mlen(m) == 1)
            key_filter_add_mention(acronyms, d, m);
    }
    for (size_t e = 0; e < d->ent.n; e++) {
        if (!memo[e] || d->ent.v[e].best < 0)
            continue;
        const struct mention *best = &d->men.v[d->ent.v[e].best];

        if (mlen(best) < 2)
            continue;
        uint64_t first = d->tok.v[best->tok].key;
        const struct gz_word *w = gazetteer_word(&d->model->gz, first);
        if (w && w->family_first)
            key_filter_add(names, first);
        for (uint32_t t = best->tok + 1; t < best->tok_end; t++)
            key_filter_add(names, d->tok.v[t].key);
    }
}

/* A bare surname the rules could not call a name on its own ("Gould-Davies
 * said") is a mention of the person whose full name ends with it. */
static int
add_surnames(struct doc *d)
{
    size_t added = 0, n = d->men.n;
    struct key_filter names = {{0}}, acronyms = {{0}};
    uint8_t *memo = ws_malloc(d->ent.n ? d->ent.n : 1);
    int rc = 0;

    if (!memo)
        return WS_NOMEM;
    surname_filters(d, n, memo, &names, &acronyms);
    /* Only a capitalised word, a first name, an acronym or a one-word
     * place can be a surname: the places come from a cursor over the
     * mentions (sorted by position), and every other word costs a look at
     * its class and nothing more. */
    size_t place = 0, word = next_bare_name(d, 0);
    uint32_t place_at = next_place(d, &place, n, 0);
    for (;;) {
        size_t t = word < place_at ? word : place_at;

        if (t >= d->tok.n)
            break;
        if (t == word)
            word = next_bare_name(d, t + 1);
        if (t == place_at)
            place_at = next_place(d, &place, n, t + 1);
        char c = d->cls[t];
        int32_t held = d->ment_of_tok[t];

        /* a place that is also the surname of someone in the article
         * ("Leslie Grantham" ... "Grantham hit the headlines") is them */
        if (held >= 0 && !(d->men.v[held].type == MEN_LOC &&
                           mlen(&d->men.v[held]) == 1))
            continue;
        if (held < 0 && c != 'C' && c != 'F' && c != 'U')
            continue;
        uint64_t key = d->tok.v[t].key;
        int32_t found = -1;
        uint8_t type = MEN_PERSON;

        /* of two people with that surname, the one named last before it
         * (else the first named after it) */
        if (key_filter_may_have(&names, key))
            found = surname_owner(d, n, t, key, memo);
        if (found < 0 && held < 0 && c == 'U' &&
            key_filter_may_have(&acronyms, key))
            found = acronym_owner(d, n, key);
        if (found >= 0 && d->ent.v[found].type == MEN_ORG)
            type = MEN_ORG;
        else if (c == 'U')
            found = -1; /* acronyms are not surnames */
        if (found < 0)
            continue;
        if (held >= 0) {
            place_to_person(d, held, found, &names);
            continue;
        }
        if ((rc = add_bare_mention(d, t, type, found)))
            goto out;
        added++;
    }
    if (added)
        rc = doc_sort_mentions(d);
out:
    ws_free(memo);
    return rc;
}

/* The same words typed PERSON by a weak rule (a name next to a verb:
 * "Dimension Data calls") and ORG elsewhere ("IT firm Dimension Data") are
 * the organisation. Gazetteer people and titled names keep their type. */
static void
unify_types(struct doc *d)
{
    for (size_t i = 0; i < d->men.n; i++) {
        struct mention *m = &d->men.v[i];

        if (m->type != MEN_PERSON || m->entry >= 0 || m->priority > 60)
            continue;
        for (size_t k = 0; k < d->men.n; k++)
            if (d->men.v[k].type == MEN_ORG && same_keys(d, m, &d->men.v[k])) {
                m->type = MEN_ORG;
                break;
            }
    }
}

/* The entity of the latest mention before mi of the same type (a place or
 * a group) and the same words, or -1. */
static int32_t
find_same_name(struct doc *d, size_t mi, uint64_t sig,
               struct seen_names *seen)
{
    const struct mention *m = &d->men.v[mi];

    if (!key_filter_may_have(seen_of_type(seen, m->type), sig))
        return -1;
    for (size_t k = mi; k-- > 0;)
        if (d->men.v[k].type == m->type && d->men.v[k].entity >= 0 &&
            same_keys(d, m, &d->men.v[k]))
            return d->men.v[k].entity;
    return -1;
}

/* Notes that mention mi now has an entity, for the searches of later
 * mentions. */
static void
seen_add(struct doc *d, size_t mi, uint64_t sig, struct seen_names *seen)
{
    const struct mention *m = &d->men.v[mi];

    if (m->type != MEN_ORG && m->type != MEN_LOC && m->type != MEN_GROUP)
        return;
    key_filter_add(seen_of_type(seen, m->type), sig);
    if (m->type == MEN_ORG && m->entry >= 0)
        key_filter_add(&seen->org_entry, (uint64_t)m->entry);
}

int
entity_doc(struct doc *d)
{
    struct seen_names seen;

    memset(&seen, 0, sizeof(seen));
    unify_types(d);
    for (size_t i = 0; i < d->men.n; i++) {
        struct mention *m = &d->men.v[i];
        int32_t e = -1;
        int rc;

        uint64_t sig = 0;

        if (m->type == MEN_PERSON)
            honorific_gender(d, m);
        if (m->type == MEN_PERSON) {
            e = find_person(d, i);
        } else if (m->type == MEN_ORG) {
            sig = signature(d, m);
            e = find_org(d, i, sig, &seen);
        } else if (m->type == MEN_LOC || m->type == MEN_GROUP) {
            sig = signature(d, m);
            e = find_same_name(d, i, sig, &seen);
        } else {
            continue;
        }
        if (e >= 0)
            join(d, i, e);
        else if ((rc = new_entity(d, i)))
            return rc;
        seen_add(d, i, sig, &seen);
    }
    /* an acronym defined after its organisation: "... Studies (IISS)" */
    for (size_t i = 0; i < d->men.n; i++) {
        struct mention *m = &d->men.v[i];

        if (m->alias_of >= 0 && d->men.v[m->alias_of].entity >= 0 &&
            m->entity != d->men.v[m->alias_of].entity) {
            int32_t from = m->entity, to = d->men.v[m->alias_of].entity;

            for (size_t k = 0; k < d->men.n; k++)
                if (d->men.v[k].entity == from)
                    join(d, k, to);
            d->ent.v[from].best = -1; /* emptied */
        }
    }
    return add_surnames(d);
}

int32_t
entity_group(struct doc *d, size_t a, size_t b, int *rc)
{
    struct mention m = {0};

    m.tok = (uint32_t)a;
    m.tok_end = (uint32_t)b;
    m.type = MEN_GROUP;
    m.entry = -1;
    m.org = m.alias_of = -1;
    m.via = "group";
    for (size_t e = 0; e < d->ent.n; e++) {
        const struct entity *x = &d->ent.v[e];

        if (x->type == MEN_GROUP && x->best >= 0 &&
            same_keys(d, &m, &d->men.v[x->best]))
            return (int32_t)e;
    }
    if ((*rc = DOC_PUSH(d, &d->men, d->model->limits[WS_LIMIT_MENTIONS],
                        "mentions")))
        return -1;
    d->men.v[d->men.n++] = m;
    if ((*rc = new_entity(d, d->men.n - 1)))
        return -1;
    return (int32_t)d->ent.n - 1;
}

char
entity_gender(const struct doc *d, int32_t e)
{
    const struct entity *x = &d->ent.v[e];

    if (x->gender)
        return (char)x->gender;
    if (x->entry >= 0 && d->model->gz.entries[x->entry].gender)
        return d->model->gz.entries[x->entry].gender;
    /* the first name of the fullest mention */
    if (x->best >= 0) {
        const struct mention *m = &d->men.v[x->best];
        const struct gz_word *w =
            gazetteer_word(&d->model->gz, d->tok.v[m->tok].key);

        if (w && (w->types & (1u << GZ_FIRST_NAME)))
            return (char)w->gender;
    }
    return 0;
}

/* Reorders d->ent so that shown entities come first, by id, and every
 * index into it (mentions, quotes) follows; writers then list entities in
 * id order by walking the array. */
static int
put_in_id_order(struct doc *d)
{
    size_t n = d->ent.n, next = 0;
    int32_t *to = ws_malloc(sizeof(*to) * (n ? n : 1));
    struct entity *v = ws_malloc(sizeof(*v) * (n ? n : 1));

    if (!to || !v) {
        ws_free(to);
        ws_free(v);
        return WS_NOMEM;
    }
    for (size_t e = 0; e < n; e++)
        if (d->ent.v[e].emitted_id)
            to[e] = d->ent.v[e].emitted_id - 1;
    next = 0;
    for (size_t e = 0; e < n; e++)
        next += d->ent.v[e].emitted_id != 0;
    for (size_t e = 0; e < n; e++)
        if (!d->ent.v[e].emitted_id)
            to[e] = (int32_t)next++;
    for (size_t e = 0; e < n; e++)
        v[to[e]] = d->ent.v[e];
    if (n)
        memcpy(d->ent.v, v, sizeof(*v) * n);
    for (size_t i = 0; i < d->men.n; i++)
        if (d->men.v[i].entity >= 0)
            d->men.v[i].entity = to[d->men.v[i].entity];
    for (size_t i = 0; i < d->quote.n; i++)
        if (d->quote.v[i].speaker_entity >= 0)
            d->quote.v[i].speaker_entity = to[d->quote.v[i].speaker_entity];
    ws_free(to);
    ws_free(v);
    return 0;
}

struct first_at {
    uint32_t tok;
    uint32_t entity;
};

static int
cmp_first(const void *a, const void *b)
{
    const struct first_at *x = a, *y = b;

    if (x->tok != y->tok)
        return x->tok < y->tok ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

int
entity_number_doc(struct doc *d)
{
    size_t n = d->ent.n, k = 0;
    struct first_at *order = ws_malloc(sizeof(*order) * (n ? n : 1));
    uint8_t *speaks = ws_calloc(n ? n : 1, 1);

    if (!order || !speaks) {
        ws_free(order);
        ws_free(speaks);
        return WS_NOMEM;
    }
    for (size_t e = 0; e < n; e++)
        order[e] = (struct first_at){UINT32_MAX, (uint32_t)e};
    for (size_t i = 0; i < d->men.n; i++) {
        int32_t e = d->men.v[i].entity;

        if (e >= 0 && d->men.v[i].tok < order[e].tok)
            order[e].tok = d->men.v[i].tok;
    }
    for (size_t i = 0; i < d->quote.n; i++)
        if (d->quote.v[i].speaker_entity >= 0)
            speaks[d->quote.v[i].speaker_entity] = 1;
    /* shown: people, organisations and places, and groups only where they
     * speak; numbered in order of first mention, so a group made when it
     * speaks stands where it is in the text, not last */
    for (size_t e = 0; e < n; e++) {
        const struct entity *x = &d->ent.v[e];

        d->ent.v[e].emitted_id = 0;
        if (x->best >= 0 && order[e].tok != UINT32_MAX &&
            (x->type != MEN_GROUP || speaks[e]))
            order[k++] = order[e];
    }
    /* entities are made walking the mentions in text order, so they come
     * nearly in order of first mention (groups made when they speak, and
     * names joined later, are the exceptions); every key is distinct */
    sort_nearly_ordered(order, k, sizeof(*order), cmp_first);
    for (size_t i = 0; i < k; i++)
        d->ent.v[order[i].entity].emitted_id = (int32_t)i + 1;
    ws_free(order);
    ws_free(speaks);
    return put_in_id_order(d);
}
