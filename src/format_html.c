/* SPDX-License-Identifier: MIT */
/* format_html.c - the article as a page: highlights and a quote table.
 *
 * Reads the view of format.c and writes one <article>: the text with every
 * quote in a <mark>, every mention of a person, organisation, group or
 * place in a <span>, the speaker as written and the cue of each quote
 * marked, and beside it a table of who said what. Each speaker has a
 * colour of its own, chosen from its entity id, so it is the same on
 * every run. Every quote carries its evidence in data attributes
 * (data-speaker, data-cue, data-method, ...) and in its title, shown on
 * hover; a click marks the quote, its speaker and cue, and its table row
 * (a few lines of inline script; without it the page still works).
 * The page needs nothing outside itself: inline CSS, no fonts, scripts or
 * images from anywhere. All text is escaped. Spans that would cross one
 * another (never seen, but not impossible) are left unmarked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "emit.h"
#include "format.h"

const char format_html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, "
    "initial-scale=1\">\n"
    "<meta name=\"generator\" content=\"whosaid " WS_VERSION "\">\n"
    "<title>whosaid: who said what</title>\n"
    "<style>\n"
    "body{margin:0;background:#fbfaf6;color:#1c1c1c;"
    "font:17px/1.55 Georgia,'DejaVu Serif',serif}\n"
    ".ws-top{margin:0;padding:.6em 1.2em;background:#22364f;color:#fff;"
    "font:600 16px/1.4 system-ui,sans-serif}\n"
    "main{padding:1em 1.2em}\n"
    ".ws-doc{display:grid;grid-template-columns:minmax(0,3fr) "
    "minmax(0,2fr);gap:1.4em;align-items:start;margin:0 0 2em;"
    "padding:0 0 1.6em;border-bottom:1px solid #ccc}\n"
    "@media (max-width:820px){.ws-doc{grid-template-columns:1fr}}\n"
    ".ws-doc>h2{grid-column:1/-1;margin:0;"
    "font:600 15px/1.4 system-ui,sans-serif;color:#555}\n"
    ".ws-text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}\n"
    ".ws-q{background:var(--c,#e4e4e4);color:inherit;border-radius:3px;"
    "padding:0 1px;cursor:pointer;-webkit-box-decoration-break:clone;"
    "box-decoration-break:clone}\n"
    ".ws-q.ws-indirect{background:none;border-bottom:3px solid "
    "var(--c,#bbb)}\n"
    ".ws-m{border-bottom:2px solid #8a8a8a}\n"
    ".ws-PERSON{border-bottom-color:#2f6bd0}\n"
    ".ws-ORG{border-bottom-color:#b8442b}\n"
    ".ws-GROUP{border-bottom:2px dashed #777}\n"
    ".ws-LOC{border-bottom:1px dotted #999}\n"
    ".ws-spk{font-weight:bold}\n"
    ".ws-site{background:var(--c);border-radius:3px;cursor:pointer}\n"
    ".ws-cue{text-decoration:underline wavy #666;cursor:pointer}\n"
    ".ws-on{outline:2px solid #111;outline-offset:1px}\n"
    ".ws-side{font:14px/1.4 system-ui,sans-serif;position:sticky;top:0}\n"
    ".ws-ev{margin:0 0 .8em;padding:.5em .7em;background:#fff;"
    "border:1px solid #ddd;border-radius:4px;min-height:1.4em}\n"
    ".ws-table{border-collapse:collapse;width:100%;background:#fff}\n"
    ".ws-table th,.ws-table td{padding:.35em .45em;text-align:left;"
    "vertical-align:top;border-bottom:1px solid #e2e2e2}\n"
    ".ws-table th{background:#eef1f5}\n"
    ".ws-table tr[data-quote]{cursor:pointer}\n"
    ".ws-table small{color:#555}\n"
    ".ws-sw{display:inline-block;width:.8em;height:.8em;margin-right:.35em;"
    "border-radius:50%;background:var(--c,#e4e4e4);"
    "border:1px solid rgba(0,0,0,.25)}\n"
    ".ws-error{margin:0;padding:.6em .8em;background:#fdecea;"
    "border:1px solid #e0a39a;border-radius:4px;"
    "font:15px/1.4 system-ui,sans-serif}\n"
    "</style>\n"
    "<script>\n"
    "document.addEventListener('click',function(ev){\n"
    "  var t=ev.target.closest&&ev.target.closest('[data-quote]');\n"
    "  var a=t&&t.closest('article');\n"
    "  if(!a)return;\n"
    "  var q=t.getAttribute('data-quote');\n"
    "  a.querySelectorAll('.ws-on').forEach(function(x){\n"
    "    x.classList.remove('ws-on');});\n"
    "  a.querySelectorAll('[data-quote=\"'+q+'\"]').forEach(function(x){\n"
    "    x.classList.add('ws-on');});\n"
    "  var m=a.querySelector('mark[data-quote=\"'+q+'\"]');\n"
    "  var p=a.querySelector('.ws-ev');\n"
    "  if(m&&p)p.textContent=m.title;\n"
    "});\n"
    "</script>\n"
    "</head>\n"
    "<body>\n"
    "<h1 class=\"ws-top\">whosaid: who said what</h1>\n"
    "<main>\n";

const char format_html_foot[] = "</main>\n</body>\n</html>\n";

/* What a marked span of the article is. The order breaks ties between
 * spans over the same bytes: the quote outside, the cue inside. */
enum hkind { H_QUOTE, H_MENTION, H_SITE, H_CUE };

struct hspan {
    uint32_t start, end; /* bytes */
    uint8_t kind;        /* enum hkind */
    size_t ref;          /* quote index (view->q) or entity (view->ent) */
};

struct page {
    struct fbuf *b;
    const struct fview *v;
    char pfx[16];          /* "d" and a hash of the doc id: element ids */
    unsigned char *speaks; /* per entity: speaks at least one quote */
};

static void
esc(struct page *p, const char *s)
{
    fbuf_html(p->b, s, strlen(s));
}

static void
esc_span(struct page *p, const struct fspan *s)
{
    fbuf_html(p->b, p->v->text + s->start, s->end - s->start);
}

/* style="--c:..." with entity e's colour: hues a golden angle apart. */
static void
colour(struct page *p, const struct fentity *e)
{
    fbuf_printf(p->b, " style=\"--c:hsl(%d,70%%,82%%)\"",
                (int)(((unsigned)e->id * 137u) % 360u));
}

/* The evidence of quote q in one line: the title and the panel text. */
static void
evidence(struct page *p, const struct fquote *q)
{
    const struct fview *v = p->v;

    fbuf_printf(p->b, "q%d (%s) \xC2\xB7 ", q->id, q->kind);
    if (q->speaker >= 0) {
        fbuf_puts(p->b, "speaker: ");
        esc_span(p, &v->ent[q->speaker].name);
    } else {
        fbuf_puts(p->b, "no speaker found");
    }
    if (q->has_cue) {
        fbuf_puts(p->b, " \xC2\xB7 cue: ");
        esc_span(p, &q->cue);
    }
    if (q->method) {
        fbuf_puts(p->b, " \xC2\xB7 method: ");
        esc(p, q->method);
    }
    fbuf_printf(p->b, " \xC2\xB7 confidence %.2f", q->confidence);
}

static void
open_quote(struct page *p, const struct fquote *q)
{
    const struct fview *v = p->v;
    const struct fentity *e = q->speaker >= 0 ? &v->ent[q->speaker] : NULL;

    fbuf_printf(p->b,
                "<mark class=\"ws-q ws-%s\" id=\"%s-q%d\" "
                "data-quote=\"q%d\" data-kind=\"%s\" data-speaker=\"",
                q->kind, p->pfx, q->id, q->id, q->kind);
    if (e)
        fbuf_printf(p->b, "e%d", e->id);
    fbuf_puts(p->b, "\" data-speaker-name=\"");
    if (e)
        esc_span(p, &e->name);
    fbuf_puts(p->b, "\" data-cue=\"");
    if (q->has_cue)
        esc_span(p, &q->cue);
    fbuf_puts(p->b, "\" data-method=\"");
    if (q->method)
        esc(p, q->method);
    fbuf_printf(p->b,
                "\" data-confidence=\"%.2f\" data-start=\"%zu\" "
                "data-end=\"%zu\"",
                q->confidence, q->span.cstart, q->span.cend);
    if (e)
        colour(p, e);
    fbuf_puts(p->b, " title=\"");
    evidence(p, q);
    fbuf_puts(p->b, "\">");
}

static void
open_mention(struct page *p, size_t ent)
{
    const struct fentity *e = &p->v->ent[ent];

    fbuf_printf(p->b, "<span class=\"ws-m ws-%s%s\" data-entity=\"e%d\"",
                emit_type_name(e->type), p->speaks[ent] ? " ws-spk" : "",
                e->id);
    if (e->kb_id) {
        fbuf_puts(p->b, " data-kb=\"");
        esc(p, e->kb_id);
        fbuf_puts(p->b, "\"");
    }
    if (p->speaks[ent])
        colour(p, e);
    fbuf_puts(p->b, " title=\"");
    esc_span(p, &e->name);
    fbuf_printf(p->b, " (%s, e%d)\">", emit_type_name(e->type), e->id);
}

static void
open_span(struct page *p, const struct hspan *s)
{
    const struct fquote *q;

    switch (s->kind) {
    case H_QUOTE:
        open_quote(p, &p->v->q[s->ref]);
        break;
    case H_MENTION:
        open_mention(p, s->ref);
        break;
    case H_SITE:
        q = &p->v->q[s->ref];
        fbuf_printf(p->b,
                    "<span class=\"ws-site\" data-quote=\"q%d\" "
                    "data-entity=\"e%d\"",
                    q->id, p->v->ent[q->speaker].id);
        colour(p, &p->v->ent[q->speaker]);
        fbuf_printf(p->b, " title=\"speaker of q%d\">", q->id);
        break;
    default:
        q = &p->v->q[s->ref];
        fbuf_printf(p->b,
                    "<span class=\"ws-cue\" data-quote=\"q%d\" "
                    "title=\"cue of q%d\">",
                    q->id, q->id);
        break;
    }
}

static void
close_span(struct page *p, const struct hspan *s)
{
    fbuf_puts(p->b, s->kind == H_QUOTE ? "</mark>" : "</span>");
}

static int
hspan_cmp(const void *a, const void *b)
{
    const struct hspan *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1; /* the outer one first */
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->ref < y->ref ? -1 : x->ref > y->ref;
}

static void
add(struct hspan *h, size_t *n, const struct fspan *s, int kind, size_t ref)
{
    if (s->start >= s->end)
        return;
    h[*n].start = s->start;
    h[*n].end = s->end;
    h[*n].kind = (uint8_t)kind;
    h[*n].ref = ref;
    (*n)++;
}

/* The article text with its spans marked, nested as a tree: a span that
 * would cross the one open around it is skipped. Returns 0 or -1 (out of
 * memory, also set on the buffer). */
static int
text(struct page *p)
{
    const struct fview *v = p->v;
    size_t cap = v->nmen + 3 * v->nq, n = 0, top = 0;
    struct hspan *h = ws_malloc(sizeof(*h) * (cap ? cap : 1));
    const struct hspan **stack = ws_malloc(sizeof(*stack) * (cap ? cap : 1));
    uint32_t pos = 0;

    if (!h || !stack) {
        ws_free(h);
        ws_free((void *)stack);
        p->b->oom = 1;
        return -1;
    }
    for (size_t e = 0; e < v->nent; e++)
        for (size_t k = 0; k < v->ent[e].nmen; k++)
            add(h, &n, &v->men[v->ent[e].men + k], H_MENTION, e);
    for (size_t i = 0; i < v->nq; i++) {
        add(h, &n, &v->q[i].span, H_QUOTE, i);
        if (v->q[i].has_site)
            add(h, &n, &v->q[i].site, H_SITE, i);
        if (v->q[i].has_cue)
            add(h, &n, &v->q[i].cue, H_CUE, i);
    }
    if (n > 1)
        qsort(h, n, sizeof(*h), hspan_cmp);

    fbuf_puts(p->b, "<div class=\"ws-text\">");
    for (size_t i = 0; i < n; i++) {
        const struct hspan *s = &h[i];

        while (top && stack[top - 1]->end <= s->start) {
            fbuf_html(p->b, v->text + pos, stack[top - 1]->end - pos);
            pos = stack[top - 1]->end;
            close_span(p, stack[--top]);
        }
        if (top && stack[top - 1]->end < s->end)
            continue; /* crosses the open span */
        fbuf_html(p->b, v->text + pos, s->start - pos);
        pos = s->start;
        open_span(p, s);
        stack[top++] = s;
    }
    while (top) {
        fbuf_html(p->b, v->text + pos, stack[top - 1]->end - pos);
        pos = stack[top - 1]->end;
        close_span(p, stack[--top]);
    }
    fbuf_html(p->b, v->text + pos, v->d->len - pos);
    fbuf_puts(p->b, "</div>\n");
    ws_free(h);
    ws_free((void *)stack);
    return 0;
}

/* The speaker cell: swatch, name, then titles and organisations. */
static void
speaker_cell(struct page *p, const struct fentity *e)
{
    const struct fview *v = p->v;
    size_t k;

    fbuf_puts(p->b, "<td><span class=\"ws-sw\"></span>");
    esc_span(p, &e->name);
    if (e->ntitles || e->naffs)
        fbuf_puts(p->b, "<br><small>");
    for (k = 0; k < e->ntitles; k++) {
        if (k)
            fbuf_puts(p->b, "; ");
        esc_span(p, &v->titles[e->title + k]);
    }
    for (k = 0; k < e->naffs; k++) {
        if (k || e->ntitles)
            fbuf_puts(p->b, "; ");
        esc_span(p, &v->ent[v->affs[e->aff + k]].name);
    }
    if (e->ntitles || e->naffs)
        fbuf_puts(p->b, "</small>");
    fbuf_puts(p->b, "</td>");
}

static void
table(struct page *p)
{
    const struct fview *v = p->v;

    fbuf_puts(p->b, "<aside class=\"ws-side\">\n"
                    "<p class=\"ws-ev\">Click a quote to see its "
                    "evidence.</p>\n"
                    "<table class=\"ws-table\">\n"
                    "<thead><tr><th>#</th><th>Quote</th><th>Speaker</th>"
                    "<th>Kind</th><th>Cue</th><th>Method</th>"
                    "<th>Conf.</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < v->nq; i++) {
        const struct fquote *q = &v->q[i];
        const struct fentity *e = q->speaker >= 0 ? &v->ent[q->speaker] : NULL;

        fbuf_printf(p->b, "<tr data-quote=\"q%d\" data-speaker=\"", q->id);
        if (e)
            fbuf_printf(p->b, "e%d", e->id);
        fbuf_puts(p->b, "\"");
        if (e)
            colour(p, e);
        fbuf_printf(p->b, "><td><a href=\"#%s-q%d\">q%d</a></td><td>", p->pfx,
                    q->id, q->id);
        esc_span(p, &q->span);
        fbuf_puts(p->b, "</td>");
        if (e)
            speaker_cell(p, e);
        else
            fbuf_puts(p->b, "<td><em>unknown</em></td>");
        fbuf_printf(p->b, "<td>%s</td><td>", q->kind);
        if (q->has_cue)
            esc_span(p, &q->cue);
        fbuf_puts(p->b, "</td><td>");
        if (q->method)
            esc(p, q->method);
        fbuf_printf(p->b, "</td><td>%.2f</td></tr>\n", q->confidence);
    }
    if (!v->nq)
        fbuf_puts(p->b, "<tr><td colspan=\"7\">No quotes found.</td></tr>\n");
    fbuf_puts(p->b, "</tbody>\n</table>\n</aside>\n");
}

/* Element ids must differ between the articles of one page, and stay the
 * same from run to run: a hash of the id and the text (FNV-1a). Two
 * articles with the same id and text share them, harmlessly. */
static void
prefix(char *pfx, size_t n, const char *doc_id, const char *text, size_t len)
{
    uint32_t h = 2166136261u;

    for (const char *s = doc_id ? doc_id : ""; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    h = (h ^ 0xFFu) * 16777619u; /* between the two */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    snprintf(pfx, n, "d%08x", (unsigned)h);
}

/* Opens the <article>; an error section has no element ids (pfx ""). */
static void
heading(struct page *p, const char *doc_id, const char *extra_class)
{
    fbuf_printf(p->b, "<article class=\"ws-doc%s\"", extra_class);
    if (p->pfx[0])
        fbuf_printf(p->b, " id=\"%s\"", p->pfx);
    fbuf_puts(p->b, " data-doc=\"");
    if (doc_id)
        esc(p, doc_id);
    fbuf_puts(p->b, "\">\n<h2>");
    if (doc_id)
        esc(p, doc_id);
    else
        fbuf_puts(p->b, "(no id)");
    fbuf_puts(p->b, "</h2>\n");
}

char *
format_html(const struct fview *v, const char *doc_id, int flags)
{
    struct fbuf b = {0};
    struct page p = {.b = &b, .v = v};

    prefix(p.pfx, sizeof(p.pfx), doc_id, v->text, v->d->len);
    p.speaks = ws_calloc(v->nent ? v->nent : 1, 1);
    if (!p.speaks)
        return NULL;
    for (size_t i = 0; i < v->nq; i++)
        if (v->q[i].speaker >= 0)
            p.speaks[v->q[i].speaker] = 1;
    if (!(flags & WS_FORMAT_FRAGMENT))
        fbuf_puts(&b, format_html_head);
    heading(&p, doc_id, "");
    text(&p);
    table(&p);
    fbuf_puts(&b, "</article>\n");
    if (!(flags & WS_FORMAT_FRAGMENT))
        fbuf_puts(&b, format_html_foot);
    ws_free(p.speaks);
    return fbuf_take(&b);
}

void
format_html_error(struct fbuf *b, const char *doc_id, const char *code,
                  const char *message)
{
    struct page p = {.b = b};

    heading(&p, doc_id, " ws-failed");
    fbuf_puts(b, "<p class=\"ws-error\" data-error=\"");
    esc(&p, code);
    fbuf_puts(b, "\"><strong>");
    esc(&p, code);
    fbuf_puts(b, "</strong>: ");
    esc(&p, message);
    fbuf_puts(b, "</p>\n</article>\n");
}
