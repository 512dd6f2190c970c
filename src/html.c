/* SPDX-License-Identifier: MIT */
/* html.c - the article text of an HTML page, with libxml2's HTML parser.
 *
 * Not a pipeline stage: an input filter. It parses the page (recovering
 * from broken markup, never touching the network), walks the tree, drops
 * what is not article text (scripts, styles, navigation, headers and
 * footers, forms, asides, figures' code, hidden templates), and writes
 * the text with a blank line between blocks, so that the paragraph rules
 * of the rest of the pipeline apply as they do to plain text. Character
 * references come out decoded; offsets in whosaid's output then refer to
 * this extracted text, which `--include-text` prints.
 *
 * libxml2 is loaded the first time a page comes, not linked: with the ICU
 * and C++ libraries it brings along, linking it cost every process about
 * 0.9 ms at start (a third of whosaid's own startup), and most runs read
 * no HTML at all. Only three of its functions are called; the tree is
 * walked through the structs of its headers, which are its stable ABI.
 */
#define _DEFAULT_SOURCE /* strcasecmp */

#include "whosaid.h"

#include <dlfcn.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "fbuf.h"
#include "fold.h"

/* the shared object of the libxml2 whose headers this was built with */
#define LIBXML2_SONAME "libxml2.so.2"

static struct {
    void (*init_parser)(void);
    htmlDocPtr (*read_memory)(const char *buffer, int size, const char *url,
                              const char *encoding, int options);
    void (*free_doc)(xmlDocPtr doc);
    char error[300]; /* why it could not be loaded; "" when it was */
} libxml;

static pthread_once_t libxml_once = PTHREAD_ONCE_INIT;

static void
load_libxml(void)
{
    void *h = dlopen(LIBXML2_SONAME, RTLD_NOW | RTLD_LOCAL);
    const char *why = NULL;

    if (h) {
        /* POSIX allows casting dlsym's object pointer to a function */
        *(void **)&libxml.init_parser = dlsym(h, "xmlInitParser");
        *(void **)&libxml.read_memory = dlsym(h, "htmlReadMemory");
        *(void **)&libxml.free_doc = dlsym(h, "xmlFreeDoc");
        if (!libxml.init_parser || !libxml.read_memory || !libxml.free_doc)
            why = "a function is missing";
    } else {
        why = dlerror();
        if (!why)
            why = "unknown error";
    }
    if (why) {
        snprintf(libxml.error, sizeof(libxml.error),
                 "HTML needs " LIBXML2_SONAME ", which cannot be loaded: %s",
                 why);
        return;
    }
    /* once, before any thread parses (libxml2's threading contract) */
    libxml.init_parser();
}

struct textbuf {
    struct fbuf b;
    size_t limit;
    int over;
    int pending_break; /* 0 none, 1 a space, 2 a paragraph break */
};

static void
add(struct textbuf *t, const char *s, size_t n)
{
    if (t->over || t->b.n + n + 3 > t->limit) {
        t->over = 1;
        return;
    }
    fbuf_put(&t->b, s, n);
}

/* Text with its runs of white space folded to one space; breaks asked
 * for by blocks are written before the next visible character. */
static void
add_text(struct textbuf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (b->b.n && !b->pending_break)
                b->pending_break = 1;
            continue;
        }
        /* U+00A0 no-break space is a space too */
        if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
            if (b->b.n && !b->pending_break)
                b->pending_break = 1;
            s++;
            continue;
        }
        if (b->pending_break && b->b.n)
            add(b, b->pending_break == 2 ? "\n\n" : " ",
                b->pending_break == 2 ? 2 : 1);
        b->pending_break = 0;
        add(b, s, 1);
    }
}

static int
name_is(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (strcasecmp((const char *)n->name, *names) == 0)
            return 1;
    return 0;
}

/* The value of n's attribute name, as xmlGetProp gives it (the HTML
 * parser leaves it one text node), or NULL when n has none. *tmp owns a
 * value joined from several nodes; the caller frees it. */
static const char *
attr_value(const xmlNode *n, const char *name, char **tmp)
{
    *tmp = NULL;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->type != XML_ATTRIBUTE_NODE ||
            strcmp((const char *)a->name, name) != 0)
            continue;
        const xmlNode *c = a->children;

        if (!c)
            return "";
        if (!c->next && c->type == XML_TEXT_NODE)
            return c->content ? (const char *)c->content : "";
        struct fbuf b = {0};

        for (; c; c = c->next)
            if (c->type == XML_TEXT_NODE && c->content)
                fbuf_put(&b, (const char *)c->content,
                         strlen((const char *)c->content));
        *tmp = fbuf_take(&b);
        return *tmp; /* NULL when out of memory, as from xmlGetProp */
    }
    return NULL;
}

static const char *const dropped[] = {
    "script", "style", "noscript", "template", "nav", "header", "footer",
    "aside", "form", "button", "select", "textarea", "iframe", "svg",
    "canvas", "object", "embed", "head", "menu", NULL};

static const char *const blocks[] = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5",
    "h6", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "dd", "dt",
    "dl", "figure", "figcaption", "address", "hr", "br", "body", NULL};

/* A class or id that marks page furniture rather than the article. */
static int
is_furniture(const xmlNode *n)
{
    static const char *const marks[] = {"nav", "menu", "footer", "cookie",
                                        "share", "social", "advert",
                                        "related", "comment", "sidebar",
                                        NULL};
    const char *attrs[] = {"class", "id", "role", NULL};

    for (const char **a = attrs; *a; a++) {
        char *tmp;
        const char *v = attr_value(n, *a, &tmp);
        int hit = 0;

        if (!v)
            continue;
        for (const char *const *m = marks; *m && !hit; m++)
            hit = strstr(v, *m) != NULL;
        if (strcasecmp((const char *)n->name, "a") == 0)
            hit = 0;
        hit |= strcmp(v, "navigation") == 0;
        ws_free(tmp);
        if (hit)
            return 1;
    }
    char *tmp;
    int hidden = attr_value(n, "hidden", &tmp) != NULL;

    ws_free(tmp);
    return hidden;
}

/* The document's root element, as xmlDocGetRootElement finds it. */
static int
has_root(const xmlDoc *doc)
{
    for (const xmlNode *n = doc->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

static void
walk(struct textbuf *b, const xmlNode *n, int depth)
{
    /* documents nest deeper than this only to hurt us */
    if (depth > 256)
        return;
    for (; n && !b->b.oom && !b->over; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                add_text(b, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(n, dropped) || is_furniture(n))
            continue;
        int block = name_is(n, blocks);

        if (block && b->b.n)
            b->pending_break = 2;
        walk(b, n->children, depth + 1);
        if (block && b->b.n)
            b->pending_break = 2;
    }
}

/* A page in a broken or undeclared encoding can leave bytes that are not
 * UTF-8: each becomes U+FFFD, so that the text always extracts. */
static void
valid_utf8(struct fbuf *b)
{
    size_t ok = fold_valid_prefix(b->s, b->n), i = 0;
    struct fbuf c = {0};

    if (b->oom || ok == b->n)
        return;
    while (i < b->n) {
        ok = fold_valid_prefix(b->s + i, b->n - i);
        fbuf_put(&c, b->s + i, ok);
        i += ok;
        if (i < b->n) {
            fbuf_put(&c, "\xEF\xBF\xBD", 3);
            i++;
        }
    }
    ws_free(b->s);
    *b = c;
}

int
ws_html_text(const char *html, size_t len, size_t limit, char **text,
             size_t *text_len, struct ws_error *err)
{
    struct textbuf b = {0};
    htmlDocPtr doc;
    int rc = WS_OK;

    if (!text || !text_len || (!html && len))
        return err ? (err->code = WS_INVALID,
                      snprintf(err->message, sizeof(err->message),
                               "ws_html_text: bad arguments"),
                      WS_INVALID)
                   : WS_INVALID;
    *text = NULL;
    *text_len = 0;
    if (len > (size_t)0x7fffffff) {
        rc = WS_LIMIT;
        goto out;
    }
    pthread_once(&libxml_once, load_libxml);
    if (libxml.error[0]) {
        rc = WS_INTERNAL;
        goto out;
    }
    b.limit = limit ? limit : (16u << 20);
    doc = libxml.read_memory(html ? html : "", (int)len, NULL, NULL,
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 HTML_PARSE_NOIMPLIED);
    if (doc) {
        walk(&b, has_root(doc) ? doc->children : NULL, 0);
        libxml.free_doc(doc);
    }
    if (b.over) {
        rc = WS_LIMIT;
        goto out;
    }
    add(&b, "\n", 1);
    valid_utf8(&b.b);
    if (b.b.oom) {
        rc = WS_NOMEM;
        goto out;
    }
    *text_len = b.b.n;
    *text = fbuf_take(&b.b);
    if (!*text) {
        *text_len = 0;
        rc = WS_NOMEM;
    }
out:
    ws_free(b.b.s);
    if (err) {
        err->code = rc;
        if (rc == WS_LIMIT)
            snprintf(err->message, sizeof(err->message),
                     "the page's text is over the limit of %zu bytes",
                     limit ? limit : (size_t)(16u << 20));
        else if (rc == WS_INTERNAL)
            snprintf(err->message, sizeof(err->message), "%s", libxml.error);
        else if (rc)
            snprintf(err->message, sizeof(err->message), "%s",
                     ws_strerror(rc));
        else
            err->message[0] = '\0';
    }
    return rc;
}
