/* chars.h - character classes that itemizing and shaping must agree on: the
 * one definition of each, inline because every character of every paragraph
 * is asked. */
#ifndef MZ_CHARS_H
#define MZ_CHARS_H

#include <hb.h>
#include <stdint.h>

/* Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, 15.0):
 * invisible by default; shaping skips them. */
static inline int mz_default_ignorable(uint32_t c)
{
    if (c < 0x00AD) return 0; /* most text: ASCII */
    return c == 0x00AD || c == 0x034F || c == 0x061C || (c >= 0x115F && c <= 0x1160) ||
           (c >= 0x17B4 && c <= 0x17B5) || (c >= 0x180B && c <= 0x180F) ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) ||
           c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF0 && c <= 0xFFF8) ||
           (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) ||
           (c >= 0xE0000 && c <= 0xE0FFF);
}

/* Characters that belong to the cluster before them, so that no font switch
 * or word-cache cut falls in front of one: marks (Mn, Mc, Me), ZWNJ and ZWJ,
 * the combining grapheme joiner, variation selectors (also Mongolian), tags
 * and the emoji skin-tone modifiers. */
static inline int mz_continues_cluster(uint32_t c)
{
    if (c < 0x0300) return 0; /* no mark or joiner before the combining diacritics */
    if (c == 0x200C || c == 0x200D || c == 0x034F || (c >= 0xFE00 && c <= 0xFE0F) ||
        (c >= 0x180B && c <= 0x180F) || (c >= 0xE0000 && c <= 0xE0FFF) ||
        (c >= 0x1F3FB && c <= 0x1F3FF))
        return 1;
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

#endif
