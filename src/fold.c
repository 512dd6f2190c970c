/* SPDX-License-Identifier: MIT */
/* fold.c - UTF-8 decoding, validation and the folded keys words match by.
 *
 * Used by the tokenizer (document side) and the gazetteer loader (entry
 * side); both must fold identically or nothing matches. ASCII takes a fast
 * path; anything else goes through utf8proc's case folding and mark
 * stripping, one code point at a time.
 */
#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "entities.h"


size_t
fold_valid_prefix(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < len) {
        unsigned c = s[i];
        size_t n;
        uint32_t cp, min;
        uint64_t eight;

        /* ASCII (no byte with its high bit set), eight bytes at a time:
         * most text is ASCII, and one test beats eight */
        if (len - i >= 8) {
            memcpy(&eight, s + i, 8);
            if (!(eight & 0x8080808080808080ULL)) {
                i += 8;
                continue;
            }
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            cp = c & 0x1F;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            cp = c & 0x0F;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return i;
        }
        if (len - i < n)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

int32_t
fold_next(const char *str, size_t len, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str + *i;
    size_t left = len - *i;
    int32_t cp;

    if (s[0] < 0x80 || left < 2) {
        (*i)++;
        return s[0];
    }
    if (s[0] < 0xE0) {
        cp = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        *i += 2;
    } else if (s[0] < 0xF0 && left >= 3) {
        cp = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        *i += 3;
    } else if (left >= 4) {
        cp = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) |
             ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        *i += 4;
    } else {
        (*i)++;
        cp = 0xFFFD;
    }
    return cp;
}

enum fold_class
fold_class(int32_t cp)
{
    if (cp < 0x80)
        return fold_ascii_class((unsigned char)cp);
    if (cp == 0x2019 || cp == 0x02BC)
        return FC_APOS;
    if (cp == 0x2010 || cp == 0x2011)
        return FC_HYPHEN;
    if (cp == 0x2028 || cp == 0x2029 || cp == 0x85)
        return FC_NEWLINE;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return FC_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return FC_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return FC_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return FC_MARK;
    case UTF8PROC_CATEGORY_ND:
        return FC_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
        return FC_SPACE;
    default:
        return FC_OTHER;
    }
}

static int
entity_cmp(const void *a, const void *b)
{
    return strcmp(((const struct html_entity *)a)->name,
                  ((const struct html_entity *)b)->name);
}

size_t
fold_charref(const char *s, size_t len, int32_t *cp)
{
    size_t i = 1;
    uint32_t v = 0;

    if (len < 4 || s[0] != '&')
        return 0;
    if (s[1] == '#') {
        int hex = len > 2 && (s[2] == 'x' || s[2] == 'X');
        size_t digits = 0;

        i = hex ? 3 : 2;
        for (; i < len && digits < 7; i++, digits++) {
            unsigned char c = (unsigned char)s[i];
            int d = c >= '0' && c <= '9'                ? c - '0'
                    : hex && c >= 'a' && c <= 'f'       ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F'       ? c - 'A' + 10
                                                        : -1;
            if (d < 0)
                break;
            v = v * (hex ? 16 : 10) + (uint32_t)d;
        }
        if (!digits || i >= len || s[i] != ';' || v == 0 || v > 0x10FFFF ||
            (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = (int32_t)v;
        return i + 1;
    }
    char name[16];
    size_t n = 0;

    while (i < len && n < sizeof(name) - 1 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9')))
        name[n++] = s[i++];
    if (!n || i >= len || s[i] != ';')
        return 0;
    name[n] = '\0';
    const struct html_entity key = {name, 0};
    const struct html_entity *e = bsearch(&key, html_entities,
                                          html_entities_count,
                                          sizeof(html_entities[0]),
                                          entity_cmp);
    if (!e)
        return 0;
    *cp = (int32_t)e->value;
    return i + 1;
}

static void
hash_byte(struct fold_hash *h, unsigned char c)
{
    fold_hash_add(h, c, 1);
}

static void
hash_cp(struct fold_hash *h, int32_t cp)
{
    /* Hash the code point's UTF-8 bytes so ASCII hashes like plain bytes. */
    unsigned char b[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, b);

    for (utf8proc_ssize_t k = 0; k < n; k++)
        hash_byte(h, b[k]);
}

uint64_t
fold_key(const char *s, size_t len)
{
    struct fold_hash h = FOLD_HASH_START;
    size_t i = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];

        int32_t cp;
        size_t ref;

        if (c == '&' && (ref = fold_charref(s + i, len - i, &cp))) {
            i += ref;
        } else if (c < 0x80) {
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c + 32);
            hash_byte(&h, c);
            i++;
            continue;
        } else {
            cp = fold_next(s, len, &i);
        }
        if (cp < 0x80) {
            hash_byte(&h, (unsigned char)(cp >= 'A' && cp <= 'Z' ? cp + 32
                                                                : cp));
            continue;
        }
        enum fold_class fc = fold_class(cp);

        if (fc == FC_APOS) {
            hash_byte(&h, '\'');
            continue;
        }
        if (fc == FC_HYPHEN) {
            hash_byte(&h, '-');
            continue;
        }
        utf8proc_int32_t buf[8];
        int last = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(
            cp, buf, 8,
            UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
            &last);

        if (n < 0 || n > 8) {
            hash_cp(&h, cp);
            continue;
        }
        for (utf8proc_ssize_t k = 0; k < n; k++)
            hash_cp(&h, buf[k]);
    }
    return fold_hash_end(&h);
}
