/* chars.h - character classes that itemizing and shaping must agree on. */
#ifndef MZ_CHARS_H
#define MZ_CHARS_H

#include <stdint.h>

/* Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, 15.0):
 * invisible by default; shaping skips them. */
int mz_default_ignorable(uint32_t c);

/* Characters that belong to the cluster before them, so that no font switch
 * or word-cache cut falls in front of one: marks (Mn, Mc, Me), ZWNJ and ZWJ,
 * the combining grapheme joiner, variation selectors (also Mongolian), tags
 * and the emoji skin-tone modifiers. */
int mz_continues_cluster(uint32_t c);

#endif
