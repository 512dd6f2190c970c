/* SPDX-License-Identifier: MIT */
/* test-html.c - the article text of HTML pages (src/html.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

static char *
text_of(const char *html, int *rc)
{
    char *t = NULL;
    size_t n = 0;
    struct ws_error err;

    *rc = ws_html_text(html, strlen(html), 0, &t, &n, &err);
    if (*rc == WS_OK)
        ck_assert_uint_eq(strlen(t), n);
    return t;
}

START_TEST(test_html_drops_scripts_navigation_and_footers)
{
    int rc;
    char *t = text_of(
        "<html><head><title>Site</title><style>p{color:red}</style></head>"
        "<body><nav><a href=/>Home</a> | <a href=/news>News</a></nav>"
        "<header>Daily Paper</header><h1>Port strike ends</h1>"
        "<p>Dock workers returned on Monday.</p>"
        "<script>var tracker = 1;</script>"
        "<div class=\"social-share\">Share this</div>"
        "<footer>All rights reserved</footer></body></html>",
        &rc);

    ck_assert_int_eq(rc, WS_OK);
    ck_assert_str_eq(t, "Port strike ends\n\nDock workers returned on "
                        "Monday.\n");
    free(t);
}
END_TEST

START_TEST(test_html_decodes_references_and_folds_space)
{
    int rc;
    char *t = text_of("<p>Jos&eacute;   Mar&#237;a\n said: &ldquo;Yes&rdquo;"
                      "&nbsp;&amp; no.</p>",
                      &rc);

    ck_assert_int_eq(rc, WS_OK);
    ck_assert_str_eq(t, "Jos\xc3\xa9 Mar\xc3\xad" "a said: \xe2\x80\x9cYes"
                        "\xe2\x80\x9d & no.\n");
    free(t);
}
END_TEST

START_TEST(test_html_separates_blocks_by_a_blank_line)
{
    int rc;
    char *t = text_of("<div><p>One.</p><p>Two.</p><ul><li>Three</li>"
                      "<li>Four</li></ul></div>",
                      &rc);

    ck_assert_int_eq(rc, WS_OK);
    ck_assert_str_eq(t, "One.\n\nTwo.\n\nThree\n\nFour\n");
    free(t);
}
END_TEST

START_TEST(test_html_recovers_from_broken_markup)
{
    int rc;
    char *t = text_of("<p>Unclosed <b>bold <i>and <p>next</div></span>"
                      "<<<>>> &bogus; &#xZZ;",
                      &rc);

    ck_assert_int_eq(rc, WS_OK);
    ck_assert_ptr_nonnull(strstr(t, "Unclosed bold and"));
    ck_assert_ptr_nonnull(strstr(t, "next"));
    free(t);
}
END_TEST

START_TEST(test_html_empty_page_gives_empty_text)
{
    int rc;
    char *t = text_of("", &rc);

    ck_assert_int_eq(rc, WS_OK);
    ck_assert_str_eq(t, "\n");
    free(t);
}
END_TEST

START_TEST(test_html_text_over_the_limit_is_an_error)
{
    size_t n = 100000;
    char *page = malloc(n + 8), *t = NULL;
    size_t len = 0;
    struct ws_error err;

    memcpy(page, "<p>", 3);
    memset(page + 3, 'a', n);
    strcpy(page + 3 + n, "</p>");
    ck_assert_int_eq(ws_html_text(page, strlen(page), 1000, &t, &len, &err),
                     WS_LIMIT);
    ck_assert_ptr_null(t);
    ck_assert_ptr_nonnull(strstr(err.message, "1000"));
    free(page);
}
END_TEST

START_TEST(test_html_deep_nesting_is_bounded)
{
    size_t depth = 20000;
    char *page = malloc(depth * 5 + 16), *p = page, *t;
    int rc;

    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<div>");
    strcpy(p, "deep");
    t = text_of(page, &rc);
    ck_assert_int_eq(rc, WS_OK);
    free(t);
    free(page);
}
END_TEST

START_TEST(test_html_extracted_text_feeds_extraction)
{
    const char *page = "<article><p>&ldquo;We will appeal,&rdquo; said "
                       "Maria Lindqvist.</p></article>";
    struct ws_model *m;
    struct ws_result *r;
    struct ws_error err;
    char *t;
    size_t n;

    ck_assert_int_eq(ws_model_load(NULL, &m, &err), WS_OK);
    ck_assert_int_eq(ws_html_text(page, strlen(page), 0, &t, &n, &err),
                     WS_OK);
    ck_assert_int_eq(ws_extract(m, t, n, &r, &err), WS_OK);
    char *json = ws_result_json(r, 0);
    ck_assert_ptr_nonnull(strstr(json, "\"text\":\"We will appeal,\""));
    ck_assert_ptr_nonnull(strstr(json, "\"name\":\"Maria Lindqvist\""));
    free(json);
    free(t);
    ws_result_free(r);
    ws_model_free(m);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("html");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_html_drops_scripts_navigation_and_footers);
    tcase_add_test(tc, test_html_decodes_references_and_folds_space);
    tcase_add_test(tc, test_html_separates_blocks_by_a_blank_line);
    tcase_add_test(tc, test_html_recovers_from_broken_markup);
    tcase_add_test(tc, test_html_empty_page_gives_empty_text);
    tcase_add_test(tc, test_html_text_over_the_limit_is_an_error);
    tcase_add_test(tc, test_html_deep_nesting_is_bounded);
    tcase_add_test(tc, test_html_extracted_text_feeds_extraction);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
