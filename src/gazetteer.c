/* SPDX-License-Identifier: MIT */
/* gazetteer.c - gazetteer files, the token trie, and the matching stage.
 *
 * Loading: TSV files (format in gazetteers/README.md) become entries and
 * their forms (name and aliases), all strings in one pool. An entry with the
 * type and id of an earlier one extends it (new forms, new attrs) or, with
 * drop=yes, removes it. gazetteer_build then turns every form into a path of
 * folded token keys in a trie whose edges live in one open-addressing hash
 * table, so matching costs one probe a token whatever the number of entries.
 *
 * Matching (stage 3): every token's word is looked up once in the word
 * table (behind a small Bloom filter), which also holds the first step of
 * the trie; from each token whose word begins some entry, walk the trie as
 * far as it goes and keep the longest match whose case rule the text
 * satisfies. What decides the speed is mostly mispredicted branches, not
 * cache misses (loading every table into the cache first changes nothing):
 * hence the filter asked for 64 tokens at a time, and a word table at most
 * a third full. The word table also carries the rules' @word letters
 * (every @word has a slot), and each token gets its letter (token.cls)
 * here, which the classify stage reads. The model owns everything here;
 * documents only read it.
 */
#include "gazetteer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "doc.h"
#include "fold.h"
#include "model.h"
#include "tokenize.h"
#include "whosaid.h"

static const char *const type_names[] = {
#define GZ_TYPE_NAME(name, letter) #name,
    GZ_TYPE_MAP(GZ_TYPE_NAME)
#undef GZ_TYPE_NAME
};

const char *
gazetteer_type_name(enum gz_type t)
{
    return t < GZ__TYPES ? type_names[t] : "?";
}

/* ---- growing arrays and the pool --------------------------------------- */

static int
grow(void **v, size_t *cap, size_t need, size_t elem)
{
    size_t n;
    void *p;

    if (need <= *cap)
        return 0;
    n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    p = ws_realloc(*v, n * elem);
    if (!p)
        return WS_NOMEM;
    *v = p;
    *cap = n;
    return 0;
}

/* Appends s[0..n) and a NUL to the pool; stores its offset. Offset 0 is the
 * empty string, so that 0 can mean "none". */
static int
pool_add(struct gazetteer *g, const char *s, size_t n, uint32_t *off)
{
    if (g->pool_len == 0) {
        if (grow((void **)&g->pool, &g->pool_cap, 1, 1))
            return WS_NOMEM;
        g->pool[g->pool_len++] = '\0';
    }
    if (n == 0) {
        *off = 0;
        return 0;
    }
    if (grow((void **)&g->pool, &g->pool_cap, g->pool_len + n + 1, 1))
        return WS_NOMEM;
    memcpy(g->pool + g->pool_len, s, n);
    g->pool[g->pool_len + n] = '\0';
    *off = (uint32_t)g->pool_len;
    g->pool_len += n + 1;
    return 0;
}

/* ---- the (type, id) index ---------------------------------------------- */

static uint64_t
id_hash(const struct gazetteer *g, uint8_t type, const char *id)
{
    (void)g;
    return fold_key(id, strlen(id)) * 31 + type;
}

static int64_t
idx_find(const struct gazetteer *g, uint8_t type, const char *id)
{
    if (!g->idx_mask)
        return -1;
    for (size_t h = id_hash(g, type, id) & g->idx_mask;;
         h = (h + 1) & g->idx_mask) {
        uint32_t e = g->idx[h];

        if (e == 0)
            return -1;
        const struct gz_entry *x = &g->entries[e - 1];
        if (x->type == type && strcmp(g->pool + x->id, id) == 0)
            return e - 1;
    }
}

static int
idx_insert(struct gazetteer *g, uint32_t entry)
{
    if ((g->nidx + 1) * 2 > g->idx_mask + 1 || !g->idx_mask) {
        size_t cap = g->idx_mask ? (g->idx_mask + 1) * 2 : 1024;
        uint32_t *n = ws_calloc(cap, sizeof(*n));

        if (!n)
            return WS_NOMEM;
        ws_free(g->idx);
        g->idx = n;
        g->idx_mask = cap - 1;
        g->nidx = 0;
        for (uint32_t e = 0; e < g->nentries; e++) {
            if (e == entry || !g->entries[e].id)
                continue;
            const struct gz_entry *x = &g->entries[e];
            size_t h = id_hash(g, x->type, g->pool + x->id) & g->idx_mask;

            while (g->idx[h])
                h = (h + 1) & g->idx_mask;
            g->idx[h] = e + 1;
            g->nidx++;
        }
    }
    const struct gz_entry *x = &g->entries[entry];
    size_t h = id_hash(g, x->type, g->pool + x->id) & g->idx_mask;

    while (g->idx[h])
        h = (h + 1) & g->idx_mask;
    g->idx[h] = entry + 1;
    g->nidx++;
    return 0;
}

/* ---- parsing ------------------------------------------------------------ */

enum column { COL_NAME, COL_TYPE, COL_ID, COL_ALIASES, COL_ATTRS, NCOLS };
static const char *const column_names[NCOLS] = {"name", "type", "id",
                                                "aliases", "attrs"};

struct parser {
    struct gazetteer *g;
    const char *file;
    size_t line;
    gz_report_fn report;
    void *ctx;
    int problems;
};

static void
problem(struct parser *p, const char *fmt, ...)
{
    char msg[400], line[600];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(line, sizeof(line), "%s:%zu: %s", p->file, p->line, msg);
    if (p->report)
        p->report(p->ctx, line);
    p->problems++;
}

static int
parse_type(const char *s, size_t n)
{
    for (int t = 0; t < GZ__TYPES; t++)
        if (strlen(type_names[t]) == n && memcmp(type_names[t], s, n) == 0)
            return t;
    return -1;
}

static int
eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* Checks attrs "k=v;k=v" and turns the known ones into entry fields. */
static void
apply_attrs(struct parser *p, struct gz_entry *e, const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t j = i, k;

        while (j < n && s[j] != ';')
            j++;
        for (k = i; k < j && s[k] != '='; k++)
            ;
        const char *key = s + i, *val = s + k + 1;
        size_t kn = k - i, vn = k < j ? j - k - 1 : 0;

        if (j == i) {
            /* an empty pair "a=1;;b=2" is harmless */
        } else if (k >= j || kn == 0) {
            problem(p, "attribute '%.*s' is not key=value", (int)(j - i), key);
        } else if (eq(key, kn, "gender")) {
            if (vn == 1 && strchr("mfun", val[0]))
                e->gender = val[0] == 'u' ? 0 : val[0];
            else
                problem(p, "gender must be m, f, u or n, not '%.*s'",
                        (int)vn, val);
        } else if (eq(key, kn, "number")) {
            if (eq(val, vn, "pl"))
                e->flags |= GZF_PLURAL;
            else if (!eq(val, vn, "sg"))
                problem(p, "number must be sg or pl, not '%.*s'", (int)vn,
                        val);
        } else if (eq(key, kn, "role")) {
            if (eq(val, vn, "prep"))
                e->flags |= GZF_PREP;
            else if (eq(val, vn, "noun"))
                e->flags |= GZF_NOUN;
            else if (!eq(val, vn, "verb"))
                problem(p, "role must be verb, prep or noun, not '%.*s'",
                        (int)vn, val);
        } else if (eq(key, kn, "order")) {
            if (eq(val, vn, "family-first"))
                e->flags |= GZF_FAMILY_FIRST;
            else if (!eq(val, vn, "given-first"))
                problem(p, "order must be family-first or given-first");
        } else if (eq(key, kn, "listener") || eq(key, kn, "ambiguous") ||
                   eq(key, kn, "weak") || eq(key, kn, "drop")) {
            uint16_t f = eq(key, kn, "listener")    ? GZF_LISTENER
                         : eq(key, kn, "ambiguous") ? GZF_AMBIGUOUS
                         : eq(key, kn, "weak")      ? GZF_WEAK
                                                    : GZF_DROPPED;
            if (eq(val, vn, "yes"))
                e->flags |= f;
            else if (!eq(val, vn, "no"))
                problem(p, "%.*s must be yes or no", (int)kn, key);
        } else if (eq(key, kn, "country") || eq(key, kn, "org") ||
                   eq(key, kn, "kind") || eq(key, kn, "lemma") ||
                   eq(key, kn, "origin")) {
            if (vn == 0)
                problem(p, "attribute '%.*s' has no value", (int)kn, key);
        } else {
            problem(p,
                    "unknown attribute '%.*s' (known: gender, number, role, "
                    "listener, order, country, org, kind, lemma, origin, "
                    "ambiguous, weak, drop)",
                    (int)kn, key);
        }
        i = j + 1;
    }
}

static int
add_form(struct parser *p, uint32_t entry, const char *s, size_t n)
{
    struct gazetteer *g = p->g;
    uint8_t exact = 0;
    uint32_t off;

    if (n && s[0] == '=') {
        exact = 1;
        s++;
        n--;
    }
    if (n == 0) {
        problem(p, "empty name or alias");
        return 0;
    }
    if (n && (s[0] == ' ' || s[n - 1] == ' ')) {
        problem(p, "'%.*s' has leading or trailing spaces", (int)n, s);
        return 0;
    }
    if (pool_add(g, s, n, &off) ||
        grow((void **)&g->forms, &g->cap_forms, g->nforms + 1,
             sizeof(*g->forms)))
        return WS_NOMEM;
    g->forms[g->nforms++] = (struct gz_form){entry, off, exact};
    return 0;
}

static int
parse_line(struct parser *p, const int *cols, int ncols, const char *s,
           size_t n)
{
    const char *field[NCOLS] = {0};
    size_t flen[NCOLS] = {0};
    int nf = 0;
    size_t i = 0;
    struct gazetteer *g = p->g;

    for (;;) {
        size_t j = i;

        while (j < n && s[j] != '\t')
            j++;
        if (nf < ncols) {
            field[cols[nf]] = s + i;
            flen[cols[nf]] = j - i;
        }
        nf++;
        if (j >= n)
            break;
        i = j + 1;
    }
    if (nf != ncols) {
        problem(p, "%d fields where the header names %d", nf, ncols);
        return 0;
    }
    if (!field[COL_NAME] || flen[COL_NAME] == 0) {
        problem(p, "empty name");
        return 0;
    }
    int type = parse_type(field[COL_TYPE], flen[COL_TYPE]);

    if (type < 0) {
        problem(p, "unknown type '%.*s' (see gazetteers/README.md)",
                (int)flen[COL_TYPE], field[COL_TYPE]);
        return 0;
    }
    struct gz_entry e = {0};
    e.type = (uint8_t)type;
    if (field[COL_ATTRS])
        apply_attrs(p, &e, field[COL_ATTRS], flen[COL_ATTRS]);

    int64_t prev = -1;
    uint32_t idoff = 0;

    if (field[COL_ID] && flen[COL_ID]) {
        if (pool_add(g, field[COL_ID], flen[COL_ID], &idoff))
            return WS_NOMEM;
        prev = idx_find(g, e.type, g->pool + idoff);
    }
    uint32_t entry;
    const char *name = field[COL_NAME];
    size_t nlen = flen[COL_NAME];

    if (prev >= 0) {
        /* a later file extends or drops the earlier entry */
        struct gz_entry *x = &g->entries[prev];

        entry = (uint32_t)prev;
        if (e.flags & GZF_DROPPED) {
            x->flags |= GZF_DROPPED;
            return 0;
        }
        x->flags |= e.flags;
        if (e.gender)
            x->gender = e.gender;
        if (field[COL_ATTRS] && flen[COL_ATTRS] &&
            pool_add(g, field[COL_ATTRS], flen[COL_ATTRS], &x->attrs))
            return WS_NOMEM;
        if (pool_add(g, name[0] == '=' ? name + 1 : name,
                     name[0] == '=' ? nlen - 1 : nlen, &x->name))
            return WS_NOMEM;
    } else {
        if (e.flags & GZF_DROPPED) {
            problem(p, "drop=yes but no earlier %s entry has id '%.*s'",
                    type_names[type], (int)flen[COL_ID],
                    field[COL_ID] ? field[COL_ID] : "");
            return 0;
        }
        if (pool_add(g, name[0] == '=' ? name + 1 : name,
                     name[0] == '=' ? nlen - 1 : nlen, &e.name))
            return WS_NOMEM;
        if (field[COL_ATTRS] &&
            pool_add(g, field[COL_ATTRS], flen[COL_ATTRS], &e.attrs))
            return WS_NOMEM;
        e.id = idoff;
        if (grow((void **)&g->entries, &g->cap_entries, g->nentries + 1,
                 sizeof(*g->entries)))
            return WS_NOMEM;
        entry = (uint32_t)g->nentries;
        g->entries[g->nentries++] = e;
        if (idoff && idx_insert(g, entry))
            return WS_NOMEM;
    }
    if (add_form(p, entry, name, nlen))
        return WS_NOMEM;
    if (field[COL_ALIASES]) {
        const char *a = field[COL_ALIASES];
        size_t an = flen[COL_ALIASES], k = 0;

        while (k < an) {
            size_t j = k;

            while (j < an && a[j] != '|')
                j++;
            if (add_form(p, entry, a + k, j - k))
                return WS_NOMEM;
            k = j + 1;
        }
    }
    return 0;
}

static int
parse_header(struct parser *p, const char *s, size_t n, int *cols,
             int *ncols)
{
    size_t i = 0;
    int seen[NCOLS] = {0};

    *ncols = 0;
    for (;;) {
        size_t j = i;
        int c;

        while (j < n && s[j] != '\t')
            j++;
        for (c = 0; c < NCOLS; c++)
            if (eq(s + i, j - i, column_names[c]))
                break;
        if (c == NCOLS) {
            problem(p, "unknown column '%.*s' in the header (known: name, "
                       "type, id, aliases, attrs)",
                    (int)(j - i), s + i);
            return -1;
        }
        if (seen[c]++) {
            problem(p, "column '%s' named twice", column_names[c]);
            return -1;
        }
        cols[(*ncols)++] = c;
        if (j >= n)
            break;
        i = j + 1;
    }
    if (!seen[COL_NAME] || !seen[COL_TYPE]) {
        problem(p, "the header must name the columns 'name' and 'type'");
        return -1;
    }
    return 0;
}

int
gazetteer_parse(struct gazetteer *g, const char *name, const char *buf,
                size_t len, gz_report_fn report, void *ctx)
{
    struct parser p = {g, name, 0, report, ctx, 0};
    int cols[NCOLS], ncols = 0, have_header = 0;
    size_t i = 0;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        size_t j = i, n;

        while (j < len && buf[j] != '\n')
            j++;
        p.line++;
        n = j - i;
        if (n && buf[i + n - 1] == '\r')
            n--;
        const char *s = buf + i;

        i = j + 1;
        if (n == 0 || s[0] == '#')
            continue;
        if (fold_valid_prefix(s, n) != n) {
            problem(&p, "not valid UTF-8");
            continue;
        }
        if (memchr(s, '\0', n)) {
            problem(&p, "contains a NUL byte");
            continue;
        }
        if (!have_header) {
            if (parse_header(&p, s, n, cols, &ncols))
                return p.problems;
            have_header = 1;
            continue;
        }
        if (parse_line(&p, cols, ncols, s, n))
            return WS_NOMEM;
    }
    if (!have_header) {
        p.line = 1;
        problem(&p, "no header line naming the columns (e.g. "
                    "'name<TAB>type<TAB>id<TAB>aliases<TAB>attrs')");
    }
    return p.problems;
}

/* ---- building the trie --------------------------------------------------- */

static uint64_t
edge_hash(uint32_t parent, uint64_t key)
{
    uint64_t h = key ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ULL);

    return h ^ (h >> 29);
}

static uint32_t
edge_find(const struct gazetteer *g, uint32_t parent, uint64_t key)
{
    for (size_t h = edge_hash(parent, key) & g->edge_mask;;
         h = (h + 1) & g->edge_mask) {
        const struct gz_edge *e = &g->edges[h];

        if (e->child == 0)
            return 0;
        if (e->key == key && e->parent == parent)
            return e->child;
    }
}

static int
edge_rehash(struct gazetteer *g, size_t cap)
{
    struct gz_edge *n = ws_calloc(cap, sizeof(*n));

    if (!n)
        return WS_NOMEM;
    for (size_t i = 0; g->edges && i <= g->edge_mask; i++) {
        struct gz_edge *e = &g->edges[i];

        if (!e->child)
            continue;
        size_t h = edge_hash(e->parent, e->key) & (cap - 1);
        while (n[h].child)
            h = (h + 1) & (cap - 1);
        n[h] = *e;
    }
    ws_free(g->edges);
    g->edges = n;
    g->edge_mask = cap - 1;
    return 0;
}

static int
child_of(struct gazetteer *g, uint32_t parent, uint64_t key, uint32_t *out)
{
    uint32_t c = edge_find(g, parent, key);

    if (c) {
        *out = c;
        return 0;
    }
    if ((g->nedges + 1) * 2 > g->edge_mask + 1 &&
        edge_rehash(g, (g->edge_mask + 1) * 2))
        return WS_NOMEM;
    if (grow((void **)&g->nodes, &g->cap_nodes, g->nnodes + 1,
             sizeof(*g->nodes)))
        return WS_NOMEM;
    c = (uint32_t)g->nnodes++;
    g->nodes[c] = (struct gz_node){0, 0, 0};
    g->nodes[parent].children++;
    size_t h = edge_hash(parent, key) & g->edge_mask;
    while (g->edges[h].child)
        h = (h + 1) & g->edge_mask;
    g->edges[h] = (struct gz_edge){key, parent, c};
    g->nedges++;
    *out = c;
    return 0;
}

struct pending {
    uint32_t node;
    struct gz_value v;
};

struct build {
    struct pending *v;
    size_t n, cap;
};

/* The slot for key, claimed if it was empty. The table never fills: it
 * has at least twice as many slots as forms and @words, and each claims
 * one. */
static struct gz_word *
word_slot(struct gazetteer *g, uint64_t key)
{
    size_t h = (key ^ (key >> 31)) & g->word_mask;

    while (g->words[h].used && g->words[h].key != key)
        h = (h + 1) & g->word_mask;
    g->words[h].key = key;
    g->words[h].used = 1;
    return &g->words[h];
}

/* The filters in front of the word and edge tables are Bloom filters
 * blocked into 64-bit words: a key sets two bits of one word, so a test
 * reads one word, and at about 12 bits a key (3-4% false positives) they
 * are small enough to stay in the first-level cache. Two bits rather than
 * three: the third halved the false positives, but every token paid for
 * it (a variable shift is three instructions here), and the stage ran 6%
 * faster without it. */
static uint64_t
filter_hash(uint64_t key)
{
    return key * 0x9E3779B97F4A7C15ULL;
}

static uint64_t
filter_bits(uint64_t h)
{
    return 1ULL << (h >> 58) | 1ULL << (h >> 52 & 63);
}

static int
filter_has(const uint64_t *f, size_t mask, uint64_t key)
{
    uint64_t h = filter_hash(key), bits = filter_bits(h);

    return (f[(h >> 20) & mask] & bits) == bits;
}

static void
filter_add(uint64_t *f, size_t mask, uint64_t key)
{
    uint64_t h = filter_hash(key);

    f[(h >> 20) & mask] |= filter_bits(h);
}

/* Allocates a filter for n keys; stores its mask (words - 1). */
static uint64_t *
filter_new(size_t n, size_t *mask)
{
    size_t words = 64;

    while (words * 64 < n * 12)
        words *= 2;
    *mask = words - 1;
    return ws_calloc(words, sizeof(uint64_t));
}

/* Is x a word that news text of any kind uses often: a common word, or
 * one of the small closed lists (pronouns, speech verbs, honorifics,
 * titles, groups)? words_compact puts these in first, so that they take
 * their home slots and the probe finds them at its first try. */
static int
word_is_frequent(const struct gazetteer *g, const struct gz_word *x)
{
    const uint32_t closed = 1u << GZ_PRONOUN | 1u << GZ_CUE |
                            1u << GZ_HONORIFIC | 1u << GZ_TITLE |
                            1u << GZ_GROUP | 1u << GZ_TITLE_MOD;

    return (x->types & closed) || x->letter ||
           gazetteer_is_common(g, x->key);
}

/* Moves the n words into the smallest table they fill to at most 1/3
 * (word_slot sized the table by forms, not words, and most of them are
 * aliases of a word already in), frequent words first. At 1/3 most keys
 * sit in their home slot, and the frequent ones nearly all do, so that
 * matching rarely takes the probe loop's (mispredicted) second turn: a
 * key that is not at home cost a mispredict on one probe in four or so.
 * Returns 0 or WS_NOMEM. */
static int
words_compact(struct gazetteer *g, size_t n)
{
    size_t cap = 1024;
    struct gz_word *w;

    while (cap < n * 3)
        cap *= 2;
    if (cap > g->word_mask + 1)
        return 0;
    w = ws_calloc(cap, sizeof(*w));
    if (!w)
        return WS_NOMEM;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i <= g->word_mask; i++) {
            const struct gz_word *x = &g->words[i];
            size_t h = (x->key ^ (x->key >> 31)) & (cap - 1);

            if (!x->used || (pass == 0) != word_is_frequent(g, x))
                continue;
            while (w[h].used)
                h = (h + 1) & (cap - 1);
            w[h] = *x;
        }
    ws_free(g->words);
    g->words = w;
    g->word_mask = cap - 1;
    return 0;
}

/* Moves the edges that matching follows (every one but the root's, which
 * the word table holds) into the smallest table they fill to at most 1/2:
 * the building table is sized by forms, not steps, and was four times the
 * second-level cache share a core gets of a whole run. Returns 0 or
 * WS_NOMEM. */
static int
edges_compact(struct gazetteer *g)
{
    size_t cap = 1024, n = 0;
    struct gz_edge *e;

    for (size_t i = 0; i <= g->edge_mask; i++)
        n += g->edges[i].child && g->edges[i].parent;
    while (cap < n * 2)
        cap *= 2;
    e = ws_calloc(cap, sizeof(*e));
    if (!e)
        return WS_NOMEM;
    for (size_t i = 0; i <= g->edge_mask; i++) {
        const struct gz_edge *x = &g->edges[i];
        size_t h = edge_hash(x->parent, x->key) & (cap - 1);

        if (!x->child || !x->parent)
            continue;
        while (e[h].child)
            h = (h + 1) & (cap - 1);
        e[h] = *x;
    }
    ws_free(g->edges);
    g->edges = e;
    g->edge_mask = cap - 1;
    g->nedges = n;
    return 0;
}

/* The slot of key in the built word table, or -1; the filter has said
 * that it may be there. */
static int64_t
word_probe(const struct gazetteer *g, uint64_t key)
{
    size_t h = (key ^ (key >> 31)) & g->word_mask;

    while (g->words[h].used) {
        if (g->words[h].key == key)
            return (int64_t)h;
        h = (h + 1) & g->word_mask;
    }
    return -1;
}

static int64_t
word_find(const struct gazetteer *g, uint64_t key)
{
    if (!g->words)
        return -1;
    if (g->filter && !filter_has(g->filter, g->filter_mask, key))
        return -1;
    return word_probe(g, key);
}

const struct gz_word *
gazetteer_word(const struct gazetteer *g, uint64_t key)
{
    int64_t h = word_find(g, key);

    return h < 0 ? NULL : &g->words[h];
}

static size_t
common_hash(uint64_t key)
{
    return (size_t)(key ^ (key >> 29));
}

/* Adds key to the common-word set, sized by gazetteer_build never to fill.
 * Key 0 stands for an empty slot, so it is stored as 1. */
static void
common_insert(struct gazetteer *g, uint64_t key)
{
    size_t h = common_hash(key) & g->common_mask;

    key = key ? key : 1;
    while (g->common[h] && g->common[h] != key)
        h = (h + 1) & g->common_mask;
    g->common[h] = key;
}

void
gazetteer_prefetch_common(const struct gazetteer *g, uint64_t key)
{
    if (g->common)
        __builtin_prefetch(&g->common[common_hash(key) & g->common_mask]);
}

int
gazetteer_is_common(const struct gazetteer *g, uint64_t key)
{
    if (!g->common)
        return 0;
    size_t h = common_hash(key) & g->common_mask;

    key = key ? key : 1;
    while (g->common[h]) {
        if (g->common[h] == key)
            return 1;
        h = (h + 1) & g->common_mask;
    }
    return 0;
}

/* Inserts one spelling (s, n) of a form: its tokens become a trie path,
 * and a one-word spelling also records its facts in the word table. Common
 * words and abbreviations live only there: they are facts looked up by
 * key, and keeping them out of the trie keeps it small and fast. */
static int
insert_spelling(struct gazetteer *g, struct build *b, const struct gz_form *f,
                const char *s, size_t n, uint32_t exact_off)
{
    const struct gz_entry *e = &g->entries[f->entry];
    int in_trie = e->type != GZ_COMMON && e->type != GZ_ABBREV;
    size_t pos = 0;
    struct token t;
    uint32_t node = 0, capmask = 0, ntok = 0;
    uint64_t single = 0;

    while (tokenize_next(s, n, &pos, &t)) {
        if (in_trie && ntok == 0) {
            /* the first step from the root is kept in the word table, so
             * matching looks each token up once */
            struct gz_word *w = word_slot(g, t.key);

            if (!w->root && child_of(g, 0, t.key, &w->root))
                return WS_NOMEM;
            node = w->root;
        } else if (in_trie && child_of(g, node, t.key, &node)) {
            return WS_NOMEM;
        }
        if ((t.flags & TOK_CAP) && ntok < 32)
            capmask |= 1u << ntok;
        single = t.key;
        ntok++;
    }
    if (ntok == 1 && e->type == GZ_COMMON) {
        common_insert(g, single);
        return 0;
    }
    if (ntok == 1) {
        struct gz_word *w = word_slot(g, single);

        w->types |= 1u << e->type;
        if (e->gender && (!w->gender || e->type == GZ_FIRST_NAME))
            w->gender = e->gender;
        if (e->flags & GZF_FAMILY_FIRST)
            w->family_first = 1;
    }
    if (ntok == 0 || !in_trie)
        return 0;
    if (grow((void **)&b->v, &b->cap, b->n + 1, sizeof(*b->v)))
        return WS_NOMEM;
    b->v[b->n++] = (struct pending){
        node,
        {f->entry, f->exact ? exact_off : 0, f->exact ? 0 : capmask, e->type,
         e->flags}};
    return 0;
}

static int
cmp_pending(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;

    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    if (x->v.entry != y->v.entry)
        return x->v.entry < y->v.entry ? -1 : 1;
    return 0;
}

/* The form without spaces: what an exact ("=WHO") form is compared with. */
static int
squeeze(struct gazetteer *g, const char *s, uint32_t *off)
{
    size_t n = strlen(s), k = 0;
    char *tmp = ws_malloc(n + 1);
    int rc;

    if (!tmp)
        return WS_NOMEM;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ')
            tmp[k++] = s[i];
    rc = pool_add(g, tmp, k, off);
    ws_free(tmp);
    return rc;
}

/* Gives every @word of r its letter in its word slot, claiming a slot for
 * one that has none. */
static void
record_letters(struct gazetteer *g, const struct rules *r)
{
    for (size_t i = 0; r->words && i <= r->word_mask; i++)
        if (r->words[i].letter)
            word_slot(g, r->words[i].key)->letter =
                (unsigned char)r->words[i].letter;
    g->letters_sig = r->words_sig;
}

int
gazetteer_build(struct gazetteer *g)
{
    return gazetteer_build_letters(g, NULL);
}

int
gazetteer_build_letters(struct gazetteer *g, const struct rules *r)
{
    struct build b = {0};
    int rc = WS_NOMEM;
    size_t words = 1024;
    char *tmp = NULL;

    size_t trie = 0, edges = 1024, common = 0, ncommon = 1024;

    for (size_t i = 0; i < g->nforms; i++) {
        uint8_t t = g->entries[g->forms[i].entry].type;

        trie += t != GZ_COMMON && t != GZ_ABBREV;
        common += t == GZ_COMMON;
    }
    while (ncommon < common * 2)
        ncommon *= 2;
    g->common = ws_calloc(ncommon, sizeof(*g->common));
    if (!g->common)
        goto out;
    g->common_mask = ncommon - 1;
    /* load factors of at most 1/2 for the words and the edges while
     * building (words_compact and edges_compact shrink both once they are
     * all in); the edge table grows if forms have more tokens than that
     * allows. */
    while (words < (g->nforms - common + (r ? r->nwords : 0)) * 2)
        words *= 2;
    while (edges < trie * 2)
        edges *= 2;
    g->words = ws_calloc(words, sizeof(*g->words));
    if (!g->words)
        goto out;
    g->word_mask = words - 1;
    if (edge_rehash(g, edges))
        goto out;
    g->nodes = ws_malloc(sizeof(*g->nodes) * 1024);
    if (!g->nodes)
        goto out;
    g->cap_nodes = 1024;
    g->nnodes = 1;
    g->nodes[0] = (struct gz_node){0, 0, 0};
    for (size_t i = 0; i < g->nforms; i++) {
        const struct gz_form *f = &g->forms[i];
        const char *s = g->pool + f->text;
        size_t n = strlen(s);
        uint32_t exact_off = 0;

        if (g->entries[f->entry].flags & GZF_DROPPED)
            continue;
        if (f->exact && squeeze(g, s, &exact_off))
            goto out;
        s = g->pool + f->text; /* the pool may have moved */
        if (insert_spelling(g, &b, f, s, n, exact_off))
            goto out;
        /* hyphenation: "Secretary-General" also as "Secretary General" */
        if (memchr(s, '-', n) && !f->exact) {
            tmp = ws_strndup(s, n);
            if (!tmp)
                goto out;
            for (size_t k = 1; k + 1 < n; k++)
                if (tmp[k] == '-' && tmp[k - 1] != ' ' && tmp[k + 1] != ' ')
                    tmp[k] = ' ';
            if (insert_spelling(g, &b, f, tmp, n, 0))
                goto out;
            ws_free(tmp);
            tmp = NULL;
        }
    }
    g->letters_sig = 0;
    if (r)
        record_letters(g, r);
    if (b.n)
        qsort(b.v, b.n, sizeof(*b.v), cmp_pending);
    g->values = ws_malloc(sizeof(*g->values) * (b.n ? b.n : 1));
    if (!g->values)
        goto out;
    g->nvalues = 0;
    for (size_t i = 0; i < b.n; i++) {
        struct gz_node *node = &g->nodes[b.v[i].node];

        if (i && b.v[i].node == b.v[i - 1].node &&
            b.v[i].v.entry == b.v[i - 1].v.entry &&
            b.v[i].v.exact == b.v[i - 1].v.exact &&
            b.v[i].v.capmask == b.v[i - 1].v.capmask)
            continue;
        if (node->vcount == 0)
            node->vfirst = (uint32_t)g->nvalues;
        node->vcount++;
        g->values[g->nvalues++] = b.v[i].v;
    }
    size_t nwords = 0;

    for (size_t i = 0; i <= g->word_mask; i++)
        nwords += g->words[i].used;
    if (words_compact(g, nwords) || edges_compact(g))
        goto out;
    g->filter = filter_new(nwords, &g->filter_mask);
    if (!g->filter)
        goto out;
    for (size_t i = 0; i <= g->word_mask; i++)
        if (g->words[i].used) {
            filter_add(g->filter, g->filter_mask, g->words[i].key);
            g->words[i].common = gazetteer_is_common(g, g->words[i].key);
            g->words[i].root_children =
                g->nodes[g->words[i].root].children > 0;
            g->words[i].root_vfirst = g->nodes[g->words[i].root].vfirst;
            g->words[i].root_vcount =
                g->nodes[g->words[i].root].vcount < GZ_VCOUNT_WIDE
                    ? g->nodes[g->words[i].root].vcount
                    : GZ_VCOUNT_WIDE;
        }
    g->efilter = filter_new(g->nedges, &g->efilter_mask);
    if (!g->efilter)
        goto out;
    for (size_t i = 0; i <= g->edge_mask; i++)
        if (g->edges[i].child)
            filter_add(g->efilter, g->efilter_mask,
                       edge_hash(g->edges[i].parent, g->edges[i].key));
    rc = 0;
out:
    ws_free(tmp);
    ws_free(b.v);
    return rc;
}

void
gazetteer_free(struct gazetteer *g)
{
    if (!g)
        return;
    if (g->borrowed) {
        memset(g, 0, sizeof(*g));
        return;
    }
    ws_free(g->entries);
    ws_free(g->forms);
    ws_free(g->pool);
    ws_free(g->edges);
    ws_free(g->nodes);
    ws_free(g->values);
    ws_free(g->words);
    ws_free(g->common);
    ws_free(g->filter);
    ws_free(g->efilter);
    ws_free(g->idx);
    memset(g, 0, sizeof(*g));
}

size_t
gazetteer_attr(const struct gazetteer *g, uint32_t e, const char *key,
               const char **val)
{
    const char *s = g->pool + g->entries[e].attrs;
    size_t k = strlen(key);

    while (*s) {
        const char *end = strchr(s, ';');
        size_t n = end ? (size_t)(end - s) : strlen(s);

        if (n > k && strncmp(s, key, k) == 0 && s[k] == '=') {
            *val = s + k + 1;
            return n - k - 1;
        }
        s += n + (end != NULL);
    }
    return 0;
}

/* The country an entry stands for or belongs to: a country's own id, else
 * its country= attribute. */
static size_t
country_of(const struct gazetteer *g, uint32_t e, const char **val)
{
    size_t n = gazetteer_attr(g, e, "country", val);

    if (n == 0 && g->entries[e].type == GZ_LOC && g->entries[e].id) {
        *val = g->pool + g->entries[e].id;
        n = strlen(*val);
    }
    return n;
}

int
gazetteer_same_country(const struct gazetteer *g, uint32_t a, uint32_t b)
{
    const char *x, *y;
    size_t nx = country_of(g, a, &x), ny = country_of(g, b, &y);

    return nx && nx == ny && memcmp(x, y, nx) == 0;
}

/* ---- the prebuilt image ----------------------------------------------- */

/* The image: a header of sizes, then each array at an 8-byte boundary, in
 * the order below. It is only ever read by the build that wrote it (the
 * default data compiled into the library), so struct layouts match. */
#define IMAGE_MAGIC 0x345A4753574FULL /* "OWSGZ4" */

struct image_header {
    uint64_t magic;
    uint64_t header_size;
    uint64_t nentries, nforms, pool_len, edge_slots, nedges, nnodes,
        nvalues, word_slots, common_slots, filter_words, efilter_words,
        idx_slots, nidx, letters_sig;
};

static size_t
pad8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static int
write_array(FILE *f, const void *p, size_t n)
{
    static const char zero[8];

    if (n && fwrite(p, 1, n, f) != n)
        return WS_IO;
    if (pad8(n) != n && fwrite(zero, 1, pad8(n) - n, f) != pad8(n) - n)
        return WS_IO;
    return 0;
}

int
gazetteer_write_image(const struct gazetteer *g, FILE *f)
{
    struct image_header h = {
        IMAGE_MAGIC,     sizeof(h),           g->nentries, g->nforms,
        g->pool_len,     g->edge_mask + 1,    g->nedges,   g->nnodes,
        g->nvalues,      g->word_mask + 1,    g->common_mask + 1,
        g->filter_mask + 1,                   g->efilter_mask + 1,
        g->idx_mask ? g->idx_mask + 1 : 0,    g->nidx,
        g->letters_sig};

    if (write_array(f, &h, sizeof(h)) ||
        write_array(f, g->entries, g->nentries * sizeof(*g->entries)) ||
        write_array(f, g->forms, g->nforms * sizeof(*g->forms)) ||
        write_array(f, g->pool, g->pool_len) ||
        write_array(f, g->edges, h.edge_slots * sizeof(*g->edges)) ||
        write_array(f, g->nodes, g->nnodes * sizeof(*g->nodes)) ||
        write_array(f, g->values, g->nvalues * sizeof(*g->values)) ||
        write_array(f, g->words, h.word_slots * sizeof(*g->words)) ||
        write_array(f, g->common, h.common_slots * sizeof(*g->common)) ||
        write_array(f, g->filter, h.filter_words * sizeof(*g->filter)) ||
        write_array(f, g->efilter, h.efilter_words * sizeof(*g->efilter)) ||
        write_array(f, g->idx, h.idx_slots * sizeof(*g->idx)))
        return WS_IO;
    return 0;
}

int
gazetteer_from_image(struct gazetteer *g, const void *image, size_t len)
{
    const char *p = image, *end = p + len;
    struct image_header h;

    if (len < sizeof(h) || ((uintptr_t)image & 7))
        return WS_INTERNAL;
    memcpy(&h, p, sizeof(h));
    if (h.magic != IMAGE_MAGIC || h.header_size != sizeof(h) ||
        !h.edge_slots || (h.edge_slots & (h.edge_slots - 1)) ||
        !h.word_slots || (h.word_slots & (h.word_slots - 1)) ||
        !h.common_slots || (h.common_slots & (h.common_slots - 1)) ||
        !h.filter_words || (h.filter_words & (h.filter_words - 1)) ||
        !h.efilter_words || (h.efilter_words & (h.efilter_words - 1)) ||
        (h.idx_slots & (h.idx_slots - 1)))
        return WS_INTERNAL;
    p += pad8(sizeof(h));
#define TAKE(field, count)                                                  \
    do {                                                                    \
        size_t bytes = (size_t)(count) * sizeof(*g->field);                 \
        if ((size_t)(end - p) < pad8(bytes))                                \
            return WS_INTERNAL;                                             \
        g->field = (void *)p;                                               \
        p += pad8(bytes);                                                   \
    } while (0)
    memset(g, 0, sizeof(*g));
    TAKE(entries, h.nentries);
    TAKE(forms, h.nforms);
    TAKE(pool, h.pool_len);
    TAKE(edges, h.edge_slots);
    TAKE(nodes, h.nnodes);
    TAKE(values, h.nvalues);
    TAKE(words, h.word_slots);
    TAKE(common, h.common_slots);
    TAKE(filter, h.filter_words);
    TAKE(efilter, h.efilter_words);
    TAKE(idx, h.idx_slots);
#undef TAKE
    g->nentries = g->cap_entries = h.nentries;
    g->nforms = g->cap_forms = h.nforms;
    g->pool_len = g->pool_cap = h.pool_len;
    g->edge_mask = h.edge_slots - 1;
    g->nedges = h.nedges;
    g->nnodes = g->cap_nodes = h.nnodes;
    g->nvalues = h.nvalues;
    g->word_mask = h.word_slots - 1;
    g->common_mask = h.common_slots - 1;
    g->filter_mask = h.filter_words - 1;
    g->efilter_mask = h.efilter_words - 1;
    g->idx_mask = h.idx_slots ? h.idx_slots - 1 : 0;
    g->nidx = h.nidx;
    g->letters_sig = h.letters_sig;
    if (!h.idx_slots)
        g->idx = NULL;
    g->borrowed = 1;
    return 0;
}

static int
copy_array(void **p, size_t bytes)
{
    void *n = ws_malloc(bytes ? bytes : 1);

    if (!n)
        return WS_NOMEM;
    if (bytes)
        memcpy(n, *p, bytes);
    *p = n;
    return 0;
}

int
gazetteer_thaw(struct gazetteer *g)
{
    struct gazetteer c = *g;

    if (!g->borrowed)
        return 0;
    c.entries = g->entries;
    c.forms = g->forms;
    c.pool = g->pool;
    c.idx = g->idx;
    c.edges = NULL;
    c.nodes = NULL;
    c.values = NULL;
    c.words = NULL;
    c.common = NULL;
    c.common_mask = 0;
    c.filter = NULL;
    c.efilter = NULL;
    c.filter_mask = c.efilter_mask = 0;
    c.edge_mask = c.nedges = c.nnodes = c.cap_nodes = c.nvalues = 0;
    c.word_mask = 0;
    c.letters_sig = 0;
    c.borrowed = 0;
    if (copy_array((void **)&c.entries, c.nentries * sizeof(*c.entries)))
        goto nomem;
    if (copy_array((void **)&c.forms, c.nforms * sizeof(*c.forms))) {
        c.forms = NULL;
        goto nomem;
    }
    if (copy_array((void **)&c.pool, c.pool_len)) {
        c.pool = NULL;
        goto nomem;
    }
    if (g->idx && copy_array((void **)&c.idx,
                             (c.idx_mask + 1) * sizeof(*c.idx))) {
        c.idx = NULL;
        goto nomem;
    }
    *g = c;
    return 0;
nomem:
    /* free only what was copied: pointers still equal to g's are borrowed */
    if (c.entries != g->entries)
        ws_free(c.entries);
    if (c.forms && c.forms != g->forms)
        ws_free(c.forms);
    if (c.pool && c.pool != g->pool)
        ws_free(c.pool);
    return WS_NOMEM;
}

/* ---- matching ------------------------------------------------------------ */

/* Does the text of tokens [a, b) satisfy the form's case rule? */
static int
case_ok(const struct doc *d, const struct gazetteer *g,
        const struct gz_value *v, size_t a, size_t b)
{
    if (v->exact) {
        const char *want = g->pool + v->exact;

        for (size_t i = a; i < b; i++) {
            size_t n = TOK_LEN(d, i);

            if (strncmp(want, TOK_PTR(d, i), n) != 0)
                return 0;
            want += n;
        }
        return *want == '\0';
    }
    /* one bit a token that does not start with a capital or a digit:
     * whether one does is unpredictable, so no branch asks it */
    uint32_t lower = 0;

    for (size_t i = a; i < b && i - a < 32; i++)
        lower |= (uint32_t)!(d->tok.v[i].flags & (TOK_CAP | TOK_DIGIT))
                 << (i - a);
    return (v->capmask & lower) == 0;
}

/* Chooses among the node's entries the one of the strongest type whose
 * case rule holds; returns its entry index or -1. */
static int64_t
choose(const struct doc *d, const struct gazetteer *g, uint32_t vfirst,
       uint32_t vcount, size_t a, size_t b)
{
    int64_t best = -1;
    int best_type = GZ__TYPES;

    for (uint32_t k = 0; k < vcount; k++) {
        const struct gz_value *v = &g->values[vfirst + k];

        if ((int)v->type < best_type && case_ok(d, g, v, a, b)) {
            best = v->entry;
            best_type = (int)v->type;
        }
    }
    return best;
}

/* The next step of a walk: the child of node along token j's key, or 0.
 * The edge filter answers most misses without a probe of the edge table. */
static uint32_t
step(const struct gazetteer *g, uint32_t node, uint64_t key)
{
    if (!filter_has(g->efilter, g->efilter_mask, edge_hash(node, key)))
        return 0;
    return edge_find(g, node, key);
}

/* Walks the trie from token i (whose word w starts some entry) as far as
 * the tokens go, within the paragraph. Returns the end of the longest
 * match whose case rule holds, with its entry and the node's values in
 * m, or 0. */
static size_t
longest_match(const struct doc *d, const struct gazetteer *g, size_t i,
              const struct gz_word *w, struct gzmatch *m)
{
    size_t n = d->tok.n, end = 0;
    uint32_t node = w->root, vfirst = w->root_vfirst;
    uint32_t vcount = w->root_vcount;
    int children = w->root_children;

    if (__builtin_expect(vcount == GZ_VCOUNT_WIDE, 0))
        vcount = g->nodes[node].vcount;

    for (size_t j = i;;) {
        if (vcount) {
            int64_t e = choose(d, g, vfirst, vcount, i, j + 1);

            if (e >= 0) {
                end = j + 1;
                *m = (struct gzmatch){(uint32_t)i, (uint32_t)end, vfirst,
                                      vcount, (uint32_t)e};
            }
        }
        if (!children || ++j >= n || (d->tok.v[j].flags & TOK_PARA_START))
            break;
        node = step(g, node, d->tok.v[j].key);
        if (!node)
            break;
        vfirst = g->nodes[node].vfirst;
        vcount = g->nodes[node].vcount;
        children = g->nodes[node].children > 0;
    }
    return end;
}

/* Looks up the words of the count (at most 64) tokens of d from base on,
 * storing each one's word-table slot and @word letter (token.cls, 0 for
 * none); returns a bit a token whose word
 * begins some entry. The filter answers for all of them first, without a
 * branch a token: which tokens pass it is unpredictable, and mispredicted
 * branches, not the lookups, were most of this stage's time. */
static uint64_t
scan_block(struct doc *d, const struct gazetteer *g, size_t base,
           size_t count)
{
    struct token *v = d->tok.v + base;
    uint64_t maybe = 0, starts = 0;

    for (size_t k = 0; k < count; k++) {
        maybe |= (uint64_t)filter_has(g->filter, g->filter_mask, v[k].key)
                 << k;
        v[k].word = 0;
        v[k].cls = 0;
    }
    for (uint64_t m = maybe; m; m &= m - 1) {
        uint64_t key = v[__builtin_ctzll(m)].key;
        __builtin_prefetch(&g->words[(key ^ (key >> 31)) & g->word_mask]);
    }
    while (maybe) {
        size_t k = (size_t)__builtin_ctzll(maybe);
        int64_t slot = word_probe(g, v[k].key);
        /* no branch on what the slot says (a miss, -1, reads some slot
         * and drops it): @words and names come in no predictable order */
        const struct gz_word *w = &g->words[(size_t)slot & g->word_mask];
        uint64_t found = slot >= 0;
        /* a walk from a word that is no entry alone ("the", "new": a
         * third of all walks) finds something only if the next token
         * continues one of its entries; the edge filter says so here,
         * without a branch, so that such walks are mostly not started,
         * and whether a walk's first word is an entry becomes
         * predictable (it mispredicted once in two walks) */
        size_t nx = base + k + 1 < d->tok.n ? k + 1 : k;
        uint64_t goes_on = filter_has(g->efilter, g->efilter_mask,
                                      edge_hash(w->root, v[nx].key));

        maybe &= maybe - 1;
        v[k].word = (int32_t)(slot + 1);
        /* the @word letter goes with the token, which classify reads
         * anyway, rather than stay in the slot, which it would have to
         * load again (the table is larger than the first-level cache) */
        v[k].cls = (char)(w->letter & -(unsigned)found);
        starts |= ((uint64_t)(w->root != 0) & found &
                   ((uint64_t)(w->root_vcount != 0) | goes_on))
                  << k;
    }
    for (uint64_t m = starts; m; m &= m - 1) {
        const struct gz_word *w = &g->words[v[__builtin_ctzll(m)].word - 1];
        __builtin_prefetch(&g->values[w->root_vfirst]);
    }
    return starts;
}

/* Gives every token of d the letter the rules' own @word table has for
 * it: for a model whose word slots do not carry its letters (user files
 * that add @words after the table was built, or no gazetteer at all). */
static void
letters_from_rules(struct doc *d)
{
    const struct rules *r = &d->model->rules;

    for (size_t i = 0; i < d->tok.n; i++)
        d->tok.v[i].cls = rules_word_letter(r, d->tok.v[i].key);
}

int
gazetteer_doc(struct doc *d)
{
    const struct gazetteer *g = &d->model->gz;
    size_t n = d->tok.n, next = 0;

    if (!g->nodes) {
        letters_from_rules(d);
        return 0;
    }
    /* news text has a known name, title or cue every few tokens (one in
     * six in the BBC set; more than one in four in 2 of its 2,050
     * articles): room for one in four saves the doublings from 16 */
    if (doc_reserve(&d->gz, sizeof(*d->gz.v), n / 4 + 16,
                    d->model->limits[WS_LIMIT_MENTIONS]))
        return WS_NOMEM;
    /* every token is looked up once, here, and keeps its word-table slot
     * for the classify stage; a walk starts from each token whose word
     * begins some entry, unless an earlier match covers it (tokens before
     * next) */
    for (size_t base = 0; base < n; base += 64) {
        uint64_t starts = scan_block(d, g, base, n - base < 64 ? n - base : 64);

        while (starts) {
            size_t i = base + (size_t)__builtin_ctzll(starts), end;
            struct gzmatch m;

            starts &= starts - 1;
            if (i < next)
                continue;
            end = longest_match(
                d, g, i, gazetteer_token_word(g, d->tok.v[i].word), &m);
            if (!end)
                continue;
            int rc = DOC_PUSH(d, &d->gz,
                              d->model->limits[WS_LIMIT_MENTIONS],
                              "gazetteer matches");
            if (rc)
                return rc;
            d->gz.v[d->gz.n] = m;
            for (size_t k = i; k < end; k++)
                d->tok.v[k].gz = (int32_t)d->gz.n;
            d->gz.n++;
            next = end;
        }
    }
    if (g->letters_sig != d->model->rules.words_sig)
        letters_from_rules(d);
    return 0;
}
