/* bidi.h - UAX #9 for mujaz: the bidi class of a character, a paragraph's
 * embedding levels and a line's visual order, in mujaz's own types (FriBidi
 * stays inside bidi.c). */
#ifndef MZ_BIDI_H
#define MZ_BIDI_H

#include <stddef.h>
#include <stdint.h>

#include "mujaz.h"

/* The classes the layout and PDF stages tell apart; every other bidi class
 * is MZ_BC_OTHER. */
typedef enum mz_bidi_class {
    MZ_BC_OTHER,
    MZ_BC_L,    /* strong left to right */
    MZ_BC_R,    /* strong right to left: R or AL */
    MZ_BC_NSM,  /* non-spacing mark: takes the direction of its base */
    MZ_BC_WS    /* whitespace */
} mz_bidi_class;

/* The class of c.  Below U+0800 (Latin, Greek, Cyrillic, Hebrew, Arabic,
 * Syriac, Thaana, NKo: nearly every character a briefing has) from a table
 * that mz_bidi_init fills from FriBidi once (mz_global_init calls it), since
 * the PDF stage asks for every character it writes; above, and before that,
 * FriBidi itself. */
#define MZ_BIDI_TABLE 0x800
extern uint8_t mz_bidi_table[MZ_BIDI_TABLE];
extern int mz_bidi_table_ready;
void mz_bidi_init(void);
mz_bidi_class mz_bidi_class_lookup(uint32_t c);

static inline mz_bidi_class mz_bidi_class_of(uint32_t c)
{
    return c < MZ_BIDI_TABLE && mz_bidi_table_ready ? (mz_bidi_class)mz_bidi_table[c] : mz_bidi_class_lookup(c);
}

/* The direction of the first strong character of u[0..len) (UAX #9 P2-P3),
 * or MZ_DIR_AUTO when there is none. */
mz_dir mz_bidi_first_strong(const uint32_t *u, size_t len);

/* Every Bidi_Class of UAX #9, as a paragraph stores them (one byte each). */
typedef enum mz_bidi_type {
    MZ_BT_L, MZ_BT_R, MZ_BT_AL, MZ_BT_EN, MZ_BT_AN, MZ_BT_ES, MZ_BT_ET, MZ_BT_CS,
    MZ_BT_NSM, MZ_BT_BN, MZ_BT_B, MZ_BT_S, MZ_BT_WS, MZ_BT_ON,
    MZ_BT_LRE, MZ_BT_RLE, MZ_BT_LRO, MZ_BT_RLO, MZ_BT_PDF,
    MZ_BT_LRI, MZ_BT_RLI, MZ_BT_FSI, MZ_BT_PDI
} mz_bidi_type;

/* A paragraph's base direction: given, or that of its first strong
 * character (P2-P3) with a default for text that has none. */
typedef enum mz_bidi_base { MZ_BASE_LTR, MZ_BASE_RTL, MZ_BASE_AUTO_LTR, MZ_BASE_AUTO_RTL } mz_bidi_base;

/* UAX #9 up to I2 on the paragraph u[0..len): types[i] = the mz_bidi_type of
 * u[i], levels[i] = its embedding level.  Returns 1 when the paragraph is
 * right to left, 0 when left to right, -1 when out of memory. */
int mz_bidi_paragraph(const uint32_t *u, size_t len, mz_bidi_base base, uint8_t *types,
                      uint8_t *levels);

/* A stretch of a paragraph set as a left-to-right isolate (UAX #9 LRI ...
 * PDI) without the two characters in the text: inline code.  From outside
 * it counts as one neutral; inside, its own left-to-right paragraph. */
typedef struct mz_bidi_iso {
    size_t start, end;
    uint8_t level; /* its initiator's and PDI's level: the neutral's, resolved outside */
} mz_bidi_iso;

/* Bracket characters paired in one paragraph (or isolate) with text of
 * both directions; past them, none is (FriBidi's pair sort recurses as
 * deep as the pairs: bidi.c). */
#define MZ_MAX_BRACKETS 8192

/* mz_bidi_paragraph with ISO[0..niso) (sorted, disjoint) isolated; sets
 * each one's level.  *UNPAIRED: 1 when the paragraph (or an isolate) had
 * more than MZ_MAX_BRACKETS brackets to pair, 0 else. */
int mz_bidi_paragraph_iso(const uint32_t *u, size_t len, mz_bidi_base base, mz_bidi_iso *iso,
                          size_t niso, uint8_t *types, uint8_t *levels, int *unpaired);

/* A paragraph as mz_bidi_paragraph resolved it. */
typedef struct mz_bidi_text {
    const uint8_t *types;  /* mz_bidi_type of each character */
    const uint8_t *levels; /* embedding level of each character */
    int rtl;               /* the paragraph is right to left */
    const mz_bidi_iso *iso; /* its isolates (mz_bidi_paragraph_iso), or NULL */
    size_t niso;
} mz_bidi_text;

/* UAX #9 L1-L2 for one line [off, off+len) of paragraph T (not modified):
 * fills map[0..len) with logical indices (relative to off) in visual order,
 * left to right, and line_levels[0..len) with the line's levels after L1.
 * Marks stay after their base (FriBidi's REORDER_NSM, UAX #9 L3), as the
 * shaper needs them.  An isolate is ordered as if its LRI and PDI were
 * there (at the isolate's level): a run inside it never joins a run of
 * the same level beside it.  0 when out of memory. */
int mz_bidi_reorder_line(const mz_bidi_text *t, size_t off, size_t len, uint8_t *line_levels,
                         size_t *map);

#endif
