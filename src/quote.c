/* SPDX-License-Identifier: MIT */
/* quote.c - finding quotation spans in raw text.
 *
 * The quote stage. quote_scan reads the document text (valid UTF-8) and
 * writes a caller-owned array of struct qspan: the words between quotation
 * marks, sorted by start, in byte offsets. It owns nothing once it returns.
 *
 * One left-to-right pass, which steps over plain text straight to the next
 * byte that can start a mark or a line break. Paragraphs end at every line
 * break. Each mark is classified by its neighbours (opener, closer, weak
 * closer, apostrophe) and matched on a small stack of open marks; a span is
 * emitted when its mark closes, and each paragraph's spans are sorted when
 * the paragraph ends, which is also where run-on chains and unclosed marks
 * are decided.
 * docs/quotes.md describes the rules with examples.
 */
#include "quote.h"

#include "alloc.h"
#include "sort.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Open marks held at once. Bounds the work per mark and needs no
 * allocation; deeper nesting than this is flattened like max_depth. */
#define STACK_MAX 16

/* Stands for "no character" before the start or after the end of text. */
#define CP_NONE 0xFFFFFFFFu

/* Limits used when the caller passes none. */
#define DEFAULT_MAX_QUOTES 65536
#define DEFAULT_MAX_BYTES 16384
#define DEFAULT_MAX_DEPTH 4

/* Marks pair only within a family: a closer never closes another family's
 * opener. Families are finer than enum qstyle so that a straight " inside
 * a curly quotation does not close it. */
enum family {
    FAM_STRAIGHT2, /* " */
    FAM_CURLY2,    /* “ ” „ */
    FAM_GUIL2,     /* « » */
    FAM_STRAIGHT1, /* ' */
    FAM_CURLY1,    /* ‘ ’ ‚ */
    FAM_GUIL1,     /* ‹ › */
};

static const uint8_t family_style[] = {
    [FAM_STRAIGHT2] = QSTYLE_STRAIGHT, [FAM_CURLY2] = QSTYLE_CURLY,
    [FAM_GUIL2] = QSTYLE_GUILLEMET,    [FAM_STRAIGHT1] = QSTYLE_SINGLE,
    [FAM_CURLY1] = QSTYLE_SINGLE,      [FAM_GUIL1] = QSTYLE_GUILLEMET,
};

/* An opening mark waiting for its closer. */
struct entry {
    uint32_t open;     /* offset of the opening mark */
    uint32_t start;    /* one past it */
    uint32_t weak;     /* offset of the first weak closer, if has_weak */
    uint8_t weak_len;  /* its length in bytes */
    bool has_weak;
    bool cont;         /* continues a run-on chain from the last paragraph */
    uint8_t fam;       /* enum family */
    size_t out_n;      /* spans emitted before this mark was pushed */
};

/* What a mark may do, judged from its neighbours. */
struct mark {
    uint32_t pos;
    uint32_t len;
    uint8_t fam;
    bool can_open;
    bool can_close;
    bool weak; /* closes only if no better closer follows (students’ union) */
};

struct scan {
    const char *s;
    uint32_t len;
    size_t max_quotes;
    size_t max_bytes;
    unsigned max_depth;

    struct qspan *out;
    size_t n;
    size_t cap;

    struct entry stack[STACK_MAX];
    unsigned sp;

    size_t para_base;       /* first span of the current paragraph */
    uint32_t last_open_end; /* one past the last opening mark */

    /* Run-on state: the next paragraph opens at cont_pos, continuing the
     * chain whose first piece is chain_first and last piece chain_prev. */
    bool cont_pending;
    bool cont_here; /* the mark being handled is that continuation */
    uint32_t cont_pos;
    size_t chain_first;
    size_t chain_prev;
};

/* Decodes the character at i; stores its length in *n. Malformed or
 * truncated bytes decode as themselves, one byte long, so a bad input can
 * never make us read past the end. */
static uint32_t
decode_at(const char *s, uint32_t len, uint32_t i, uint32_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[i];
    uint32_t need;
    uint32_t k;

    if (c < 0x80) {
        *n = 1;
        return c;
    }
    if (c >= 0xF0 && c < 0xF8)
        need = 3;
    else if (c >= 0xE0)
        need = 2;
    else if (c >= 0xC0)
        need = 1;
    else
        need = 0;
    if (need == 0 || c >= 0xF8 || len - i <= need) {
        *n = 1;
        return c;
    }
    c &= 0x3Fu >> need;
    for (k = 1; k <= need; k++) {
        if ((u[i + k] & 0xC0) != 0x80) {
            *n = 1;
            return u[i];
        }
        c = (c << 6) | (u[i + k] & 0x3Fu);
    }
    *n = need + 1;
    return c;
}

/* Returns the character ending at pos (CP_NONE at floor) and stores where
 * it starts in *at. */
static uint32_t
decode_before(const char *s, uint32_t len, uint32_t floor, uint32_t pos,
              uint32_t *at)
{
    uint32_t j;
    uint32_t n;
    uint32_t c;

    if (pos <= floor) {
        *at = pos;
        return CP_NONE;
    }
    j = pos - 1;
    if ((unsigned char)s[j] < 0x80) { /* most text: nothing to decode */
        *at = j;
        return (unsigned char)s[j];
    }
    while (j > floor && pos - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    c = decode_at(s, len, j, &n);
    if (j + n != pos) {
        *at = pos - 1;
        return (unsigned char)s[pos - 1];
    }
    *at = j;
    return c;
}

static uint32_t
decode_after(const char *s, uint32_t len, uint32_t pos)
{
    uint32_t n;

    if (pos >= len)
        return CP_NONE;
    return decode_at(s, len, pos, &n);
}

/* Start and end of text count as space: a mark there has open air on
 * that side. */
static bool
is_space(uint32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    if (c == CP_NONE)
        return true;
    switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200B;
    }
}

/* A letter or digit, roughly: outside ASCII everything that is not a known
 * punctuation, symbol or space block counts, which is right for the
 * letters news text uses and needs no Unicode tables. */
static bool
is_word(uint32_t c)
{
    if (c == CP_NONE)
        return false;
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
                                          (c | 0x20) <= 'z');
    if (c <= 0xBF)
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7)
        return false;
    if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
        (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
        (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x1F000 && c <= 0x1FAFF) ||
        c == 0xFEFF || c == 0x1680)
        return false;
    return true;
}

/* Characters after which a quotation may open: brackets, dashes, inverted
 * marks and the opening quotation marks themselves. */
static bool
is_open_punct(uint32_t c)
{
    switch (c) {
    case '(': case '[': case '{': case 0xA1: case 0xBF: case 0x2013:
    case 0x2014: case 0x2018: case 0x201A: case 0x201C: case 0x201E:
    case 0xAB: case 0x2039:
        return true;
    default:
        return false;
    }
}

static bool
is_apostrophe_mark(uint32_t c)
{
    return c == '\'' || c == 0x2018 || c == 0x2019;
}

/* True when the character ending at pos is an apostrophe-shaped mark. */
static bool
apostrophe_before(const struct scan *st, uint32_t pos)
{
    uint32_t at;

    return is_apostrophe_mark(decode_before(st->s, st->len, 0, pos, &at));
}

/* True when a single mark at p-1 elides letters rather than opening a
 * quotation: '90s, ’98, 'n' (rock 'n' roll), 'em, 'tis, 'til, 'cause. */
static bool
is_elision(const char *s, uint32_t len, uint32_t p)
{
    static const char *const words[] = {"em", "tis", "twas", "til", "cause"};
    char w[8];
    uint32_t k = 0;
    uint32_t i = p;
    uint32_t after;
    size_t j;

    while (i < len && k < sizeof(w) - 1 && is_word((unsigned char)s[i]) &&
           (unsigned char)s[i] < 0x80) {
        w[k++] = (char)((unsigned char)s[i] | 0x20);
        i++;
    }
    w[k] = '\0';
    after = decode_after(s, len, i);
    if (k == 0 || is_word(after))
        return false;
    if ((k == 2 || (k == 3 && w[2] == 's')) && w[0] >= '0' && w[0] <= '9' &&
        w[1] >= '0' && w[1] <= '9')
        return true;
    if (k == 1 && w[0] == 'n')
        return is_apostrophe_mark(after);
    for (j = 0; j < sizeof(words) / sizeof(words[0]); j++)
        if (strcmp(w, words[j]) == 0)
            return true;
    return false;
}

/* Index of the innermost open mark of family fam, or -1. */
static int
find_open(const struct scan *st, unsigned fam)
{
    int i;

    for (i = (int)st->sp - 1; i >= 0; i--)
        if (st->stack[i].fam == fam)
            return i;
    return -1;
}

/* Fills *m with what the mark cp at pos may do. The rules are the ones in
 * docs/quotes.md; the asymmetry between the families is deliberate: curly
 * and angle marks say which way they face, straight marks and ’ do not. */
static void
classify(const struct scan *st, uint32_t pos, uint32_t cp, uint32_t mlen,
         struct mark *m)
{
    uint32_t at;
    uint32_t prev = decode_before(st->s, st->len, 0, pos, &at);
    uint32_t next = decode_after(st->s, st->len, pos + mlen);
    bool octx = is_space(prev) || is_open_punct(prev) ||
                (pos != 0 && pos == st->last_open_end);
    bool after_word = !is_space(prev) && !is_open_punct(prev);
    const struct entry *top = st->sp ? &st->stack[st->sp - 1] : NULL;

    memset(m, 0, sizeof(*m));
    m->pos = pos;
    m->len = mlen;
    switch (cp) {
    case '"':
        m->fam = FAM_STRAIGHT2;
        /* A mark with space on both sides closes what is open: a sloppy
         * closer is likelier than a quotation that opens on a space. */
        m->can_close = after_word || (is_space(prev) && is_space(next));
        /* After punctuation with nothing open it opens too, so that
         * ."No," pairs even without the space. */
        m->can_open = !is_space(next) &&
                      (octx || (!is_word(prev) &&
                                find_open(st, FAM_STRAIGHT2) < 0));
        break;
    case '\'':
    case 0x2019:
        m->fam = cp == '\'' ? FAM_STRAIGHT1 : FAM_CURLY1;
        if (is_word(prev) && is_word(next))
            return; /* It’s, don't, O'Neill: neither */
        m->can_close = after_word && !is_word(next);
        /* students’ union, rock ’n’ roll: a closer followed by a word may
         * well be an apostrophe, so a later closer is preferred. */
        m->weak = m->can_close && is_space(next) && prev != CP_NONE &&
                  (prev == 's' || prev == 'S' ||
                   (is_word(prev) && apostrophe_before(st, at)));
        /* ’ never opens: after a space it elides (’90s, ’n’). */
        m->can_open = cp == '\'' && !is_space(next) && octx &&
                      !is_elision(st->s, st->len, pos + mlen);
        break;
    case 0x2018:
        m->fam = FAM_CURLY1;
        /* After a word it closes: German ‚…‘, or a mark typed the
         * wrong way round. */
        m->can_close = after_word && !is_word(next);
        m->can_open = !is_space(next) && octx &&
                      !is_elision(st->s, st->len, pos + mlen);
        break;
    case 0x201A:
        m->fam = FAM_CURLY1;
        m->can_open = !is_space(next) && octx;
        break;
    case 0x201C:
        m->fam = FAM_CURLY2;
        m->can_close = after_word && !is_word(next);
        m->can_open = true;
        break;
    case 0x201E:
        m->fam = FAM_CURLY2;
        m->can_open = true;
        break;
    case 0x201D:
        m->fam = FAM_CURLY2;
        m->can_close = true;
        break;
    case 0xAB:
    case 0xBB:
        m->fam = FAM_GUIL2;
        m->can_open = cp == 0xAB;
        m->can_close = cp == 0xBB;
        break;
    default: /* 0x2039, 0x203A */
        m->fam = FAM_GUIL1;
        m->can_open = cp == 0x2039;
        m->can_close = cp == 0x203A;
        break;
    }
    /* A closing-shaped mark right after its own opener closes it at once
     * (‘’, ""), to be skipped as empty rather than left open. */
    if (top && top->start == pos && top->fam == m->fam &&
        (cp == '"' || cp == '\'' || cp == 0x2019 || cp == 0x201D ||
         cp == 0xBB || cp == 0x203A))
        m->can_close = true;
}

/* The entry that the current (or a future) run-on piece was going to
 * continue from is gone, so the previous piece does not run on after
 * all. */
static void
break_chain(struct scan *st)
{
    struct qspan *q = &st->out[st->chain_prev];

    q->flags = (uint8_t)((q->flags & ~QSPAN_RUNS_ON) | QSPAN_UNCLOSED);
}

/* Spans emitted inside a mark that turned out not to be one were given a
 * depth one too deep. Only spans starting after `from` are affected. */
static void
shallower(struct scan *st, size_t first, uint32_t from)
{
    size_t i;

    for (i = first; i < st->n; i++)
        if (st->out[i].start > from && st->out[i].depth > 0)
            st->out[i].depth--;
}

static int
grow(struct scan *st)
{
    size_t cap = st->cap ? st->cap * 2 : 16;
    struct qspan *p;

    if (cap > st->max_quotes)
        cap = st->max_quotes;
    if (cap < st->n + 1)
        return QUOTE_ELIMIT;
    p = ws_realloc(st->out, cap * sizeof(*p));
    if (!p)
        return QUOTE_ENOMEM;
    st->out = p;
    st->cap = cap;
    return QUOTE_OK;
}

/* Emits the span of entry e (at stack depth `depth`) ending at `end`, with
 * the closing mark ending at `close`. Returns 1 if emitted, 0 if skipped as
 * empty or too long, or a negative status. */
static int
emit(struct scan *st, const struct entry *e, unsigned depth, uint32_t end,
     uint32_t close, uint8_t flags)
{
    uint32_t start = e->start;
    bool no_mark = close == end;
    uint32_t at;
    uint32_t n;
    struct qspan *q;
    int rc;

    if (close - e->open > st->max_bytes)
        return 0;
    while (start < end && is_space(decode_at(st->s, st->len, start, &n)))
        start += n;
    while (end > start && is_space(decode_before(st->s, st->len, start, end,
                                                 &at)))
        end = at;
    if (start >= end)
        return 0;
    /* Only marks or punctuation inside (“‘”, “…”): nothing was said. The
     * scan stops at the first word character, and spans nest at most
     * STACK_MAX deep, so this stays linear. */
    for (at = start; at < end; at += n)
        if (is_word(decode_at(st->s, st->len, at, &n)))
            break;
    if (at >= end)
        return 0;
    if (no_mark)
        close = end;
    if (st->n >= st->max_quotes)
        return QUOTE_ELIMIT;
    if (st->n == st->cap && (rc = grow(st)) != QUOTE_OK)
        return rc;
    q = &st->out[st->n++];
    memset(q, 0, sizeof(*q)); /* padding too: results compare bytewise */
    q->open = e->open;
    q->start = start;
    q->end = end;
    q->close = close;
    q->style = family_style[e->fam];
    q->flags = flags;
    q->depth = (uint8_t)depth;
    q->first = -1; /* set when the paragraph is sorted */
    if (e->cont) {
        q->flags |= QSPAN_CONTINUES;
        q->first = (int32_t)st->chain_first;
    }
    return 1;
}

/* A mark that was not a quotation after all. */
static void
forget(struct scan *st, const struct entry *e)
{
    shallower(st, e->out_n, e->open);
    if (e->cont)
        break_chain(st);
}

/* Pops the innermost mark and emits its span. Returns 1, 0 or a negative
 * status like emit. */
static int
close_top(struct scan *st, uint32_t end, uint32_t close, uint8_t flags)
{
    struct entry e = st->stack[--st->sp];
    int r = emit(st, &e, st->sp, end, close, flags);

    if (r == 0)
        forget(st, &e);
    return r;
}

/* Closes the innermost mark at its weak closer; spans emitted after that
 * point were not inside it. */
static int
close_top_weak(struct scan *st)
{
    const struct entry *e = &st->stack[st->sp - 1];

    shallower(st, e->out_n, e->weak);
    return close_top(st, e->weak, e->weak + e->weak_len, 0);
}

static void
drop_top(struct scan *st)
{
    struct entry e = st->stack[--st->sp];

    forget(st, &e);
}

/* Gives up the innermost mark: closed at its weak closer if it saw one,
 * otherwise forgotten. */
static int
abandon_top(struct scan *st)
{
    int r;

    if (st->stack[st->sp - 1].has_weak) {
        r = close_top_weak(st);
        return r < 0 ? r : 0;
    }
    drop_top(st);
    return 0;
}

/* Forgets the outermost marks that have been open longer than max_bytes:
 * their paragraph break was probably lost, and they must not pair with a
 * mark far away. */
static void
expire(struct scan *st, uint32_t pos)
{
    struct entry e;

    while (st->sp > 0 && pos - st->stack[0].open > st->max_bytes) {
        e = st->stack[0];
        memmove(&st->stack[0], &st->stack[1],
                (st->sp - 1) * sizeof(st->stack[0]));
        st->sp--;
        forget(st, &e);
    }
}

static int
push(struct scan *st, const struct mark *m)
{
    struct entry *e;
    int r;

    st->last_open_end = m->pos + m->len;
    /* The same family opening again directly inside itself means the
     * earlier mark was stray (or closed by a weak closer): end it here
     * rather than let it capture every later pair. */
    if (st->sp > 0 && st->stack[st->sp - 1].fam == m->fam) {
        if (st->stack[st->sp - 1].has_weak)
            r = close_top_weak(st);
        else
            r = close_top(st, m->pos, m->pos, QSPAN_UNCLOSED);
        if (r < 0)
            return r;
    }
    if (st->sp > st->max_depth || st->sp >= STACK_MAX)
        return QUOTE_OK; /* flattened: too deep */
    e = &st->stack[st->sp++];
    memset(e, 0, sizeof(*e));
    e->open = m->pos;
    e->start = m->pos + m->len;
    e->fam = m->fam;
    e->out_n = st->n;
    e->cont = st->cont_here;
    st->cont_here = false;
    return QUOTE_OK;
}

static int
on_mark(struct scan *st, uint32_t pos, uint32_t cp, uint32_t mlen)
{
    struct mark m;
    struct entry *e;
    int k;
    int r;

    if (st->cont_pending && pos >= st->cont_pos) {
        /* The continuation is the first mark of its paragraph. */
        st->cont_here = pos == st->cont_pos;
        st->cont_pending = false;
        if (!st->cont_here)
            break_chain(st);
    }
    expire(st, pos);
    classify(st, pos, cp, mlen, &m);
    k = m.can_close ? find_open(st, m.fam) : -1;
    if (k >= 0 && m.weak) {
        e = &st->stack[k];
        if ((unsigned)k == st->sp - 1 && !e->has_weak) {
            e->has_weak = true;
            e->weak = pos;
            e->weak_len = (uint8_t)mlen;
        }
    } else if (k >= 0) {
        while (st->sp - 1 > (unsigned)k)
            if ((r = abandon_top(st)) < 0)
                return r;
        if ((r = close_top(st, pos, pos + mlen, 0)) < 0)
            return r;
    } else if (m.can_open) {
        if ((r = push(st, &m)) < 0)
            return r;
    }
    if (st->cont_here) {
        /* The continuation mark did not open after all. */
        break_chain(st);
        st->cont_here = false;
    }
    return QUOTE_OK;
}

static int
cmp_start(const void *a, const void *b)
{
    const struct qspan *x = a, *y = b;

    return x->start < y->start ? -1 : x->start > y->start;
}

/* True when the next paragraph after pos opens with a mark of family fam:
 * the news convention for a quotation that runs on. Stores the mark's
 * offset in *at. */
static bool
next_para_opens(const struct scan *st, uint32_t pos, unsigned fam,
                uint32_t *at)
{
    uint32_t n = 0;
    uint32_t c = CP_NONE;
    struct mark m;

    while (pos < st->len) {
        c = decode_at(st->s, st->len, pos, &n);
        if (!is_space(c))
            break;
        pos += n;
    }
    if (pos >= st->len)
        return false;
    switch (c) {
    case '"': case '\'': case 0xAB: case 0x2018: case 0x201A: case 0x201C:
    case 0x201E: case 0x2039:
        break;
    default:
        return false;
    }
    classify(st, pos, c, n, &m);
    *at = pos;
    return m.can_open && m.fam == fam;
}

/* Ends the paragraph at pos: settles the marks still open, sorts the
 * paragraph's spans and numbers the run-on chains. */
static int
para_end(struct scan *st, uint32_t pos)
{
    struct entry e;
    uint32_t next = 0;
    bool runs;
    size_t i;
    int r;

    if (st->sp == 0 && st->n == st->para_base)
        return QUOTE_OK; /* nothing to settle, sort or number */
    while (st->sp > 1)
        if ((r = abandon_top(st)) < 0)
            return r;
    if (st->sp == 1) {
        if (st->stack[0].has_weak) {
            if ((r = close_top_weak(st)) < 0)
                return r;
        } else {
            e = st->stack[0];
            st->sp = 0;
            runs = next_para_opens(st, pos, e.fam, &next);
            st->stack[st->sp++] = e;
            r = close_top(st, pos, pos,
                          runs ? QSPAN_RUNS_ON : QSPAN_UNCLOSED);
            if (r < 0)
                return r;
            if (r == 1 && runs) {
                st->cont_pending = true;
                st->cont_pos = next;
            }
        }
    }
    /* By start (starts are distinct: each span starts after its own
     * mark). A span is emitted when its mark closes, so it is out of place
     * only behind the spans nested inside it, fewer than STACK_MAX: a
     * nearly ordered paragraph. out is NULL until the first span: no
     * pointer arithmetic on it then. */
    if (st->n > st->para_base)
        sort_nearly_ordered(st->out + st->para_base, st->n - st->para_base,
                            sizeof(*st->out), cmp_start);
    for (i = st->para_base; i < st->n; i++) {
        if (!(st->out[i].flags & QSPAN_CONTINUES))
            st->out[i].first = (int32_t)i;
        if (st->out[i].flags & QSPAN_RUNS_ON) {
            st->chain_first = (size_t)st->out[i].first;
            st->chain_prev = i;
        }
    }
    st->para_base = st->n;
    return QUOTE_OK;
}

/* The mark starting at byte i: its code point and length, or 0. Line and
 * paragraph separators come back too, as '\n'. */
static uint32_t
mark_at(const char *text, uint32_t len, uint32_t i, uint32_t *mlen)
{
    const unsigned char *u = (const unsigned char *)text;
    uint32_t c;

    *mlen = 1;
    switch (u[i]) {
    case '"':
    case '\'':
    case '\n':
        return u[i];
    case '\r':
        /* A lone CR is an old Mac line end; in CRLF the LF breaks. */
        return i + 1 < len && u[i + 1] == '\n' ? 0 : '\n';
    case 0xC2:
        if (i + 1 >= len)
            return 0;
        *mlen = 2;
        if (u[i + 1] == 0xAB || u[i + 1] == 0xBB)
            return u[i + 1];
        return u[i + 1] == 0x85 ? '\n' : 0;
    case 0xE2:
        if (i + 2 >= len || u[i + 1] != 0x80)
            return 0;
        *mlen = 3;
        c = 0x2000u | (u[i + 2] & 0x3Fu);
        if ((c >= 0x2018 && c <= 0x201A) || c == 0x201C || c == 0x201D ||
            c == 0x201E || c == 0x2039 || c == 0x203A)
            return c;
        return c == 0x2028 || c == 0x2029 ? '\n' : 0;
    default:
        return 0;
    }
}

/* The bytes at which mark_at can find something: the ASCII marks, the
 * line ends, and the lead bytes of every other mark and separator (0xC2:
 * « » NEL; 0xE2: ‘ ’ ‚ “ ” „ ‹ › LS PS). mark_at returns 0 for every
 * other byte, so the scan may step over them unseen. */
static const bool mark_lead[256] = {
    ['"'] = true,  ['\''] = true, ['\n'] = true,
    ['\r'] = true, [0xC2] = true, [0xE2] = true,
};

/* Returns the offset of the first byte at or after i that may start a mark
 * (see mark_lead), or len. Nearly every byte of an article is plain text,
 * so this loop is most of the scan's time; with SSE2 (every x86-64) it
 * tests sixteen bytes at a time, the way memchr does, and the table
 * handles the tail and other machines. Marks and breaks often come in
 * runs (“‘, ”\n\n), so the byte at i is looked at on its own first. */
static uint32_t
next_lead(const unsigned char *u, uint32_t len, uint32_t i)
{
    if (i < len && mark_lead[u[i]])
        return i;
#ifdef __SSE2__
    const __m128i dq = _mm_set1_epi8('"');
    const __m128i sq = _mm_set1_epi8('\'');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i c2 = _mm_set1_epi8((char)0xC2);
    const __m128i e2 = _mm_set1_epi8((char)0xE2);

    while (len - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(u + i));
        __m128i hit = _mm_cmpeq_epi8(v, dq);
        unsigned mask;

        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, sq));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, lf));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, cr));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, c2));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, e2));
        /* Bit k is set when byte i + k is one of them. */
        mask = (unsigned)_mm_movemask_epi8(hit);

        if (mask)
            return i + (uint32_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    while (i < len && !mark_lead[u[i]])
        i++;
    return i;
}

/* Finds the quotation spans of text[0..len). See quote.h. A NULL lim means
 * the defaults above. Returns QUOTE_OK with a malloc'd array in *out (the
 * caller frees it; NULL when *n is 0), or QUOTE_ENOMEM / QUOTE_ELIMIT with
 * *out and *n untouched and nothing leaked. Texts of 4 GiB or more do not
 * fit the 32-bit offsets and give QUOTE_ELIMIT. */
int
quote_scan(const char *text, size_t len, const struct quote_limits *lim,
           struct qspan **out, size_t *n)
{
    const unsigned char *u = (const unsigned char *)text;
    struct scan st;
    uint32_t i = 0;
    uint32_t cp;
    uint32_t mlen;
    int rc = QUOTE_OK;

    assert(out && n && (text || len == 0));
    memset(&st, 0, sizeof(st));
    if (len > UINT32_MAX) {
        rc = QUOTE_ELIMIT;
        goto out;
    }
    st.s = text;
    st.len = (uint32_t)len;
    st.max_quotes = lim ? lim->max_quotes : DEFAULT_MAX_QUOTES;
    st.max_bytes = lim ? lim->max_bytes : DEFAULT_MAX_BYTES;
    st.max_depth = lim ? lim->max_depth : DEFAULT_MAX_DEPTH;
    /* `first` is an int32_t index. */
    if (st.max_quotes > INT32_MAX)
        st.max_quotes = INT32_MAX;

    while ((i = next_lead(u, st.len, i)) < st.len) {
        cp = mark_at(text, st.len, i, &mlen);
        if (cp == '\n')
            rc = para_end(&st, i);
        else if (cp != 0)
            rc = on_mark(&st, i, cp, mlen);
        if (rc != QUOTE_OK)
            goto out;
        i += cp ? mlen : 1;
    }
    rc = para_end(&st, st.len);

out:
    if (rc != QUOTE_OK) {
        ws_free(st.out);
        return rc;
    }
    if (st.n == 0) {
        ws_free(st.out);
        st.out = NULL;
    }
    *out = st.out;
    *n = st.n;
    return QUOTE_OK;
}
