/* SPDX-License-Identifier: MIT */
/* test-gazetteer.c - Check suite for gazetteer.c: parsing gazetteer files
 * (and the "file:line: ..." problems), extending entries, the matching
 * stage, and matching end to end through the public API.
 *
 * Gazetteers are written inline; the public-API tests write them to a
 * temporary file and remove it. The names and sentences are made up or
 * common knowledge.
 */
#include "gazetteer.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "classify.h"
#include "doc.h"
#include "model.h"
#include "tokenize.h"
#include "test-util.h"

/* Parses buf as a file called "t.tsv"; problems land in *p. */
static int
parse(struct gazetteer *g, const char *buf, struct test_problems *p)
{
    memset(p, 0, sizeof(*p));
    return gazetteer_parse(g, "t.tsv", buf, strlen(buf), test_collect, p);
}

/* ---- problems ------------------------------------------------------------- */

static const struct {
    const char *what;
    const char *buf;
    const char *want; /* the first problem, in full or as a prefix */
} problem_cases[] = {
    {"no header, data first", "NATO\tORG\n",
     "t.tsv:1: unknown column 'NATO' in the header"},
    {"no header at all", "# only a comment\n\n",
     "t.tsv:1: no header line naming the columns"},
    {"empty file", "", "t.tsv:1: no header line naming the columns"},
    {"header without type", "name\tid\taliases\n",
     "t.tsv:1: the header must name the columns 'name' and 'type'"},
    {"header without name", "type\tid\n",
     "t.tsv:1: the header must name the columns 'name' and 'type'"},
    {"unknown column", "# people\nname\ttype\tcolour\n",
     "t.tsv:2: unknown column 'colour' in the header"},
    {"column twice", "name\ttype\tname\n", "t.tsv:1: column 'name' named twice"},
    {"too few fields", GZ_HEADER "Jens Stoltenberg\tPERSON\tp1\n",
     "t.tsv:2: 3 fields where the header names 5"},
    {"too many fields", "name\ttype\nJens Stoltenberg\tPERSON\tp1\n",
     "t.tsv:2: 3 fields where the header names 2"},
    {"unknown type", GZ_HEADER "# c\n\nJens Stoltenberg\tPERSN\tp1\t\t\n",
     "t.tsv:4: unknown type 'PERSN'"},
    {"lower-case type", "name\ttype\nOslo\tloc\n", "t.tsv:2: unknown type 'loc'"},
    {"bad gender", GZ_HEADER "Ana Ruiz\tPERSON\tp2\t\tgender=x\n",
     "t.tsv:2: gender must be m, f, u or n, not 'x'"},
    {"long gender", GZ_HEADER "Ana Ruiz\tPERSON\tp2\t\tgender=female\n",
     "t.tsv:2: gender must be m, f, u or n, not 'female'"},
    {"unknown attribute", GZ_HEADER "Ana Ruiz\tPERSON\tp2\t\tcolour=red\n",
     "t.tsv:2: unknown attribute 'colour'"},
    {"attribute without =", GZ_HEADER "Ana Ruiz\tPERSON\tp2\t\tgender\n",
     "t.tsv:2: attribute 'gender' is not key=value"},
    {"bad yes/no", GZ_HEADER "said\tCUE\tc1\t\tlistener=maybe\n",
     "t.tsv:2: listener must be yes or no"},
    {"bad role", GZ_HEADER "said\tCUE\tc1\t\trole=noun;role=adverb\n",
     "t.tsv:2: role must be verb, prep or noun, not 'adverb'"},
    {"attribute with no value", GZ_HEADER "Oslo\tLOC\tl1\t\tcountry=\n",
     "t.tsv:2: attribute 'country' has no value"},
    {"drop unknown id", GZ_HEADER "Ana Ruiz\tPERSON\tnobody\t\tdrop=yes\n",
     "t.tsv:2: drop=yes but no earlier PERSON entry has id 'nobody'"},
    {"drop id of another type",
     GZ_HEADER "Oslo\tLOC\tx1\t\t\nOslo\tORG\tx1\t\tdrop=yes\n",
     "t.tsv:3: drop=yes but no earlier ORG entry has id 'x1'"},
    {"empty alias", GZ_HEADER "Ana Ruiz\tPERSON\tp2\tRuiz||A. Ruiz\t\n",
     "t.tsv:2: empty name or alias"},
    {"alias with a space", GZ_HEADER "Ana Ruiz\tPERSON\tp2\tRuiz \t\n",
     "t.tsv:2: 'Ruiz ' has leading or trailing spaces"},
    {"empty name", GZ_HEADER "\tPERSON\tp2\t\t\n", "t.tsv:2: empty name"},
    {"invalid UTF-8", GZ_HEADER "Caf\xC3\tORG\to1\t\t\n",
     "t.tsv:2: not valid UTF-8"},
};

START_TEST(test_gazetteer_reports_problems)
{
    struct gazetteer g = {0};
    struct test_problems p;
    int rc = parse(&g, problem_cases[_i].buf, &p);

    ck_assert_msg(rc >= 1, "%s: %d problems", problem_cases[_i].what, rc);
    ck_assert_int_eq(rc, p.n);
    ck_assert_msg(strncmp(p.line[0], problem_cases[_i].want,
                          strlen(problem_cases[_i].want)) == 0,
                  "%s: got '%s', want '%s...'", problem_cases[_i].what,
                  p.line[0], problem_cases[_i].want);
    /* a file with problems still builds */
    ck_assert_int_eq(gazetteer_build(&g), 0);
    gazetteer_free(&g);
}
END_TEST

START_TEST(test_gazetteer_counts_every_problem)
{
    const char *buf = GZ_HEADER
        "Ana Ruiz\tPERSON\tp2\t\tgender=x\n"
        "Oslo\tPLACE\tl1\t\t\n"
        "Fine Name\tPERSON\tp3\t\t\n"
        "Short\tPERSON\n";
    struct gazetteer g = {0};
    struct test_problems p;

    ck_assert_int_eq(parse(&g, buf, &p), 3);
    ck_assert_int_eq(p.n, 3);
    ck_assert(strncmp(p.line[0], "t.tsv:2: ", 9) == 0);
    ck_assert(strncmp(p.line[1], "t.tsv:3: ", 9) == 0);
    ck_assert(strncmp(p.line[2], "t.tsv:5: ", 9) == 0);
    gazetteer_free(&g);
}
END_TEST

START_TEST(test_gazetteer_good_file_has_no_problems)
{
    const char *buf =
        "\xEF\xBB\xBF# a BOM, a comment, blank lines and CRLF are fine\r\n"
        "\r\n"
        "name\ttype\tid\taliases\tattrs\r\n"
        "North Atlantic Treaty Organization\tORG\tQ7184\t=NATO|Nato\t"
        "kind=intl\r\n"
        "Recep Tayyip Erdo\xC4\x9F" "an\tPERSON\tp:erdogan\tErdo\xC4\x9F" "an"
        "\tgender=m;country=TR\r\n"
        "Secretary-General\tTITLE\tt:sg\t\t\r\n"
        "said\tCUE\tc:said\t\trole=verb;listener=no\r\n"
        "according to\tCUE\tc:according\t\trole=prep\r\n"
        "Oslo\tLOC\t\t\t\r\n"
        "Ana Ruiz\tPERSON\tp:ruiz\t\tgender=f;;weak=no\r\n";
    struct gazetteer g = {0};
    struct test_problems p;

    ck_assert_int_eq(parse(&g, buf, &p), 0);
    ck_assert_int_eq(p.n, 0);
    ck_assert_uint_eq(g.nentries, 7);
    ck_assert_str_eq(gazetteer_str(&g, g.entries[0].name),
                     "North Atlantic Treaty Organization");
    ck_assert_str_eq(gazetteer_str(&g, g.entries[0].id), "Q7184");
    ck_assert_int_eq(g.entries[0].type, GZ_ORG);
    ck_assert_int_eq(g.entries[1].gender, 'm');
    ck_assert_int_eq(g.entries[6].gender, 'f');
    ck_assert(g.entries[4].flags & GZF_PREP);
    ck_assert_int_eq(gazetteer_build(&g), 0);
    gazetteer_free(&g);
}
END_TEST

START_TEST(test_gazetteer_columns_in_any_order)
{
    const char *buf = "type\tname\nPERSON\tAna Ruiz\n";
    struct gazetteer g = {0};
    struct test_problems p;

    ck_assert_int_eq(parse(&g, buf, &p), 0);
    ck_assert_uint_eq(g.nentries, 1);
    ck_assert_str_eq(gazetteer_str(&g, g.entries[0].name), "Ana Ruiz");
    ck_assert_int_eq(g.entries[0].type, GZ_PERSON);
    gazetteer_free(&g);
}
END_TEST

START_TEST(test_gazetteer_same_id_extends)
{
    const char *first = GZ_HEADER
        "Jens Stoltenberg\tPERSON\tp:js\tStoltenberg\t\n"
        "Stoltenberg\tORG\tp:js\t\t\n";
    const char *second = GZ_HEADER
        "Jens Stoltenberg\tPERSON\tp:js\tJ. Stoltenberg\tgender=m\n";
    struct gazetteer g = {0};
    struct test_problems p;
    size_t forms;

    ck_assert_int_eq(parse(&g, first, &p), 0);
    ck_assert_uint_eq(g.nentries, 2); /* same id, other type: a new entry */
    forms = g.nforms;
    ck_assert_int_eq(g.entries[0].gender, 0);
    ck_assert_int_eq(gazetteer_parse(&g, "u.tsv", second, strlen(second),
                                     test_collect, &p),
                     0);
    ck_assert_uint_eq(g.nentries, 2);
    ck_assert_uint_gt(g.nforms, forms); /* the alias was added */
    ck_assert_int_eq(g.entries[0].gender, 'm');
    /* every form of the person still points at entry 0 */
    int aliases = 0;
    for (size_t i = 0; i < g.nforms; i++)
        if (strcmp(gazetteer_str(&g, g.forms[i].text), "J. Stoltenberg") ==
            0) {
            ck_assert_uint_eq(g.forms[i].entry, 0);
            aliases++;
        }
    ck_assert_int_eq(aliases, 1);
    gazetteer_free(&g);
}
END_TEST

/* ---- the matching stage --------------------------------------------------- */

static const char match_gz[] = GZ_HEADER
    "North Atlantic Treaty Organization\tORG\tQ7184\tNATO\t\n"
    "World Health Organization\tORG\tQ7817\t=WHO\t\n"
    "Recep Tayyip Erdo\xC4\x9F" "an\tPERSON\tp:erdogan\tErdo\xC4\x9F" "an\t"
    "gender=m\n"
    "Secretary-General\tTITLE\tt:sg\t\t\n"
    "Thomas M\xC3\xBCller\tPERSON\tp:muller\t\t\n"
    "North Atlantic\tLOC\tl:na\t\t\n"
    "Oslo\tLOC\tl:oslo\t\t\n"
    "Gone Away\tPERSON\tp:gone\t\t\n"
    "Gone Away\tPERSON\tp:gone\t\tdrop=yes\n";

/* Runs tokenize + gazetteer over text with a model made of match_gz and
 * returns the matches as "text=id" joined by '|'. */
static void
matches(const char *text, char *out, size_t cap)
{
    struct model m;
    struct test_problems p;
    struct doc d;
    size_t n = 0;

    memset(&m, 0, sizeof(m));
    for (int k = 0; k < WS_LIMIT__COUNT; k++)
        m.limits[k] = 1000000;
    ck_assert_int_eq(parse(&m.gz, match_gz, &p), 0);
    ck_assert_int_eq(gazetteer_build(&m.gz), 0);
    doc_init(&d, &m, text, strlen(text));
    ck_assert_int_eq(tokenize_doc(&d), 0);
    ck_assert_int_eq(gazetteer_doc(&d), 0);
    out[0] = '\0';
    for (size_t i = 0; i < d.gz.n; i++) {
        const struct gzmatch *gm = &d.gz.v[i];
        const struct gz_entry *e = &m.gz.entries[gm->entry];
        uint32_t a = d.tok.v[gm->tok].start, b = d.tok.v[gm->tok_end - 1].end;

        for (uint32_t t = gm->tok; t < gm->tok_end; t++)
            ck_assert_int_eq(d.tok.v[t].gz, (int)i);
        n += (size_t)snprintf(out + n, cap - n, "%s%.*s=%s", i ? "|" : "",
                              (int)(b - a), text + a,
                              gazetteer_str(&m.gz, e->id));
        ck_assert_uint_lt(n, cap);
    }
    doc_free(&d);
    gazetteer_free(&m.gz);
}

static const struct {
    const char *text;
    const char *want;
} match_cases[] = {
    {"Nato said so.", "Nato=Q7184"},
    {"NATO said so.", "NATO=Q7184"},
    {"NATO's chief spoke.", "NATO=Q7184"},
    {"NATO\xE2\x80\x99s chief spoke.", "NATO=Q7184"},
    {"nato said so.", ""}, /* a capitalised form wants a capital */
    {"The WHO said so.", "WHO=Q7817"},
    {"Asked who said so.", ""}, /* "=WHO" is exact */
    {"Who said so?", ""},
    {"the World Health Organization said", "World Health Organization=Q7817"},
    {"Erdogan said", "Erdogan=p:erdogan"},
    {"ERDO\xC4\x9E" "AN said", "ERDO\xC4\x9E" "AN=p:erdogan"},
    {"Recep Tayyip Erdogan said", "Recep Tayyip Erdogan=p:erdogan"},
    {"Thomas Muller scored", "Thomas Muller=p:muller"},
    {"The Secretary General spoke", "Secretary General=t:sg"},
    {"The Secretary-General spoke", "Secretary-General=t:sg"},
    {"The Secretary\xE2\x80\x91General spoke",
     "Secretary\xE2\x80\x91General=t:sg"},
    /* the longest match wins over "North Atlantic" */
    {"The North Atlantic Treaty Organization met in Oslo",
     "North Atlantic Treaty Organization=Q7184|Oslo=l:oslo"},
    {"across the North Atlantic today", "North Atlantic=l:na"},
    /* a match never runs over a newline */
    {"North Atlantic\nTreaty Organization", "North Atlantic=l:na"},
    {"Gone Away left", ""}, /* dropped */
    {"", ""},
};

START_TEST(test_gazetteer_matches)
{
    char got[512];

    matches(match_cases[_i].text, got, sizeof(got));
    ck_assert_msg(strcmp(got, match_cases[_i].want) == 0,
                  "'%s': got '%s', want '%s'", match_cases[_i].text, got,
                  match_cases[_i].want);
}
END_TEST

/* ---- through the public API ----------------------------------------------- */

static const char api_gz[] = GZ_HEADER
    "North Atlantic Treaty Organization\tORG\tQ7184\tNATO\tkind=intl\n"
    "World Health Organization\tORG\tQ7817\t=WHO\tkind=intl\n"
    "Recep Tayyip Erdo\xC4\x9F" "an\tPERSON\tp:erdogan\tErdo\xC4\x9F" "an\t"
    "gender=m\n"
    "Secretary-General\tTITLE\tt:sg\t\t\n";

/* With no default rules, a title then two capitalised words is a person
 * with that title. */
static const char api_rules[] =
    "mention\ttitle-name\t80\t0.9\t(?<title>T_*)(?<person>CC)\n";

static struct ws_model *api_model;

static void
api_setup(void)
{
    api_model = test_model(0, api_gz, api_rules);
}

static void
api_teardown(void)
{
    ws_model_free(api_model);
    api_model = NULL;
}

static const struct {
    const char *text;
    const char *mention; /* the text of a mention expected, or NULL */
    const char *kb;      /* its entity's kb id, or NULL: no entity at all */
} api_cases[] = {
    {"Nato officials met on Tuesday.", "Nato", "Q7184"},
    {"NATO's chief arrived late.", "NATO", "Q7184"},
    {"The WHO warned of a new wave.", "WHO", "Q7817"},
    {"Nobody knew who warned them.", "who", NULL},
    {"Erdogan spoke in Ankara.", "Erdogan", "p:erdogan"},
    {"President Erdo\xC4\x9F" "an spoke.", "Erdo\xC4\x9F" "an", "p:erdogan"},
};

START_TEST(test_gazetteer_matches_through_api)
{
    json_t *j = test_extract_json(api_model, api_cases[_i].text, 0);
    json_t *e = test_entity_with_mention(j, api_cases[_i].mention);

    if (!api_cases[_i].kb) {
        ck_assert_msg(e == NULL, "'%s' should not be an entity",
                      api_cases[_i].mention);
        ck_assert_uint_eq(json_array_size(json_object_get(j, "entities")),
                          0);
    } else {
        ck_assert_msg(e != NULL, "no entity for '%s'", api_cases[_i].mention);
        ck_assert_pstr_eq(test_kb_id(e), api_cases[_i].kb);
    }
    json_decref(j);
}
END_TEST

START_TEST(test_gazetteer_hyphenated_title_through_api)
{
    json_t *j = test_extract_json(
        api_model, "Secretary General Jens Stoltenberg arrived.", 0);
    json_t *e = test_entity_with_mention(j, "Jens Stoltenberg");
    json_t *titles = json_object_get(e, "titles");

    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(json_array_size(titles), 1);
    ck_assert_str_eq(
        json_string_value(json_object_get(json_array_get(titles, 0), "text")),
        "Secretary General");
    json_decref(j);
}
END_TEST

/* ---- the built tables ----------------------------------------------------- */

/* Matching reads copies of facts kept elsewhere (a word's root node, its
 * common-word bit, each value's entry type and flags) so as to touch
 * fewer cache lines; the copies must agree with the originals, in the
 * image built with the library and in a table built at load time. */
static void
check_copies(const struct ws_model *wm)
{
    const struct model *m = (const struct model *)wm;
    const struct gazetteer *g = &m->gz;
    const struct rules *r = &m->rules;
    int letters = g->letters_sig == r->words_sig;
    size_t words = 0;

    for (size_t i = 0; i <= g->word_mask; i++) {
        const struct gz_word *w = &g->words[i];
        const struct gz_node *root = &g->nodes[w->root];

        if (!w->used)
            continue;
        words++;
        ck_assert_ptr_eq(gazetteer_word(g, w->key), w);
        ck_assert_int_eq(w->common, gazetteer_is_common(g, w->key));
        ck_assert_int_eq(w->root_children, root->children > 0);
        ck_assert_uint_eq(w->root_vfirst, root->vfirst);
        ck_assert_uint_eq(w->root_vcount, root->vcount < GZ_VCOUNT_WIDE
                                              ? root->vcount
                                              : GZ_VCOUNT_WIDE);
        if (letters)
            ck_assert_int_eq((char)w->letter,
                             rules_word_letter(r, w->key));
    }
    /* and every @word has a slot to carry its letter */
    for (size_t i = 0; letters && i <= r->word_mask; i++) {
        const struct gz_word *w;

        if (!r->words[i].letter)
            continue;
        w = gazetteer_word(g, r->words[i].key);
        ck_assert_ptr_nonnull(w);
        ck_assert_int_eq((char)w->letter, r->words[i].letter);
    }
    ck_assert_uint_gt(words, 0);
    /* a third full at most: a key is mostly in its home slot */
    ck_assert_uint_le(words * 3, g->word_mask + 1);
    for (size_t v = 0; v < g->nvalues; v++) {
        const struct gz_entry *e = &g->entries[g->values[v].entry];

        ck_assert_uint_eq(g->values[v].type, e->type);
        ck_assert_uint_eq(g->values[v].flags, e->flags);
    }
}

START_TEST(test_gazetteer_copies_agree_in_image)
{
    struct ws_model *m = test_model(1, NULL, NULL);
    const struct model *mm = (const struct model *)m;

    /* the image carries the default rules' @word letters */
    ck_assert_uint_ne(mm->rules.nwords, 0);
    ck_assert(mm->gz.letters_sig == mm->rules.words_sig);
    check_copies(m);
    ws_model_free(m);
}
END_TEST

/* The class string of text under model m, in cls (at least 256 bytes). */
static void
class_string(const struct model *m, const char *text, char *cls)
{
    struct doc d;

    doc_init(&d, m, text, strlen(text));
    ck_assert_int_eq(tokenize_doc(&d), 0);
    ck_assert_int_eq(attrib_spans_doc(&d), 0);
    ck_assert_int_eq(gazetteer_doc(&d), 0);
    ck_assert_int_eq(classify_doc(&d), 0);
    ck_assert_uint_lt(strlen(d.cls), 256);
    strcpy(cls, d.cls);
    doc_free(&d);
}

static const char letters_text[] =
    "The head of the Bank of England said that one of the firms, "
    "which trades in oil and gas in Oslo & Bergen, was a success. "
    "THE BANK OF ENGLAND said with some others that it was, however, "
    "an error by many; \xE2\x80\x9COf course,\xE2\x80\x9D said Mr Smith "
    "at the time, \"for the record\". In 2004 Several firms And Most of "
    "them who had Some left.";

/* The gazetteer stage gives a token the @word letter of its word slot
 * when the slots carry the rules' letters; the class string must be the
 * one the rules' own table gives, token for token. */
START_TEST(test_gazetteer_slot_letters_agree_with_rules)
{
    struct ws_model *wm = test_model(1, NULL, NULL);
    struct model copy = *(const struct model *)wm;
    char slots[256], table[256];

    class_string(&copy, letters_text, slots);
    /* a model whose slots do not carry its letters asks the rules */
    copy.gz.letters_sig = ~copy.rules.words_sig;
    class_string(&copy, letters_text, table);
    ck_assert_str_eq(slots, table);
    ck_assert_ptr_nonnull(strchr(slots, 'd'));
    ck_assert_ptr_nonnull(strchr(slots, 'o'));
    ws_model_free(wm);
}
END_TEST

/* A user rule file that adds an @word, or gives a default one another
 * letter, after the image was built: its letters count, and the image's
 * slots (which do not carry them) are not used. */
START_TEST(test_gazetteer_user_words_after_image)
{
    struct ws_model *wm =
        test_model(1, NULL, "@word\tz\tzebra|okapi\n@word\tg\tthe\n");
    const struct model *m = (const struct model *)wm;
    char cls[256];

    ck_assert(m->gz.letters_sig != m->rules.words_sig);
    class_string(m, "the zebra of the okapi", cls);
    ck_assert_str_eq(cls, "gzogz");
    ws_model_free(wm);
    /* a user gazetteer rebuilds the table: the letters still hold */
    wm = test_model(1, "name\ttype\tid\nZebra Corp\tORG\to:zc\n",
                    "@word\tz\tzebra\n");
    m = (const struct model *)wm;
    class_string(m, "the zebra of Zebra Corp", cls);
    ck_assert_str_eq(cls, "dzoO_");
    check_copies(wm);
    ws_model_free(wm);
    /* and with no gazetteer at all */
    wm = test_model(0, NULL, "@word\tz\tzebra\n");
    class_string((const struct model *)wm, "the zebra", cls);
    ck_assert_str_eq(cls, "lz");
    ws_model_free(wm);
}
END_TEST

START_TEST(test_gazetteer_copies_agree_when_built)
{
    struct ws_model *m = test_model(1, api_gz, NULL);

    check_copies(m);
    ws_model_free(m);
}
END_TEST

static Suite *
gazetteer_suite(void)
{
    Suite *s = suite_create("gazetteer");
    TCase *tp = tcase_create("parse");
    TCase *tm = tcase_create("match");
    TCase *ta = tcase_create("api");

    tcase_add_loop_test(tp, test_gazetteer_reports_problems, 0,
                        NELEMS(problem_cases));
    tcase_add_test(tp, test_gazetteer_counts_every_problem);
    tcase_add_test(tp, test_gazetteer_good_file_has_no_problems);
    tcase_add_test(tp, test_gazetteer_columns_in_any_order);
    tcase_add_test(tp, test_gazetteer_same_id_extends);
    suite_add_tcase(s, tp);

    tcase_add_loop_test(tm, test_gazetteer_matches, 0, NELEMS(match_cases));
    tcase_add_test(tm, test_gazetteer_copies_agree_in_image);
    tcase_add_test(tm, test_gazetteer_copies_agree_when_built);
    tcase_add_test(tm, test_gazetteer_slot_letters_agree_with_rules);
    tcase_add_test(tm, test_gazetteer_user_words_after_image);
    suite_add_tcase(s, tm);

    tcase_add_unchecked_fixture(ta, api_setup, api_teardown);
    tcase_add_loop_test(ta, test_gazetteer_matches_through_api, 0,
                        NELEMS(api_cases));
    tcase_add_test(ta, test_gazetteer_hyphenated_title_through_api);
    suite_add_tcase(s, ta);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(gazetteer_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
