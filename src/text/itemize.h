/* itemize.h - a paragraph's bidi levels and its runs of equal level,
 * script, font and style: the input to shaping. */
#ifndef MZ_ITEMIZE_H
#define MZ_ITEMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "text/font.h"

/* A maximal range of characters with one bidi level, script, font, style,
 * size and link.  Glyphs of the run are para->glyphs[g0 .. g0+ng), in
 * HarfBuzz order (visual order within the run). */
typedef struct mz_run {
    size_t start, len;  /* logical character range */
    uint8_t level;      /* bidi embedding level */
    uint32_t script;    /* hb_script_t */
    int font;           /* index in mz_fonts */
    unsigned style;     /* MZ_STYLE_* */
    int link;           /* mz_doc link index or -1 */
    size_t g0, ng;
} mz_run;

/* Per-glyph flags. */
enum {
    MZ_GF_UNSAFE_TO_BREAK = 1,  /* HB_GLYPH_FLAG_UNSAFE_TO_BREAK */
    MZ_GF_SAFE_TATWEEL = 2,     /* HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL */
    MZ_GF_INSERTED = 4,         /* glyph of a tatweel inserted by justification */
    MZ_GF_RTL = 8               /* glyph belongs to an odd-level (RTL) run */
};

typedef struct mz_glyph {
    uint32_t gid;
    uint32_t cluster;  /* index of the cluster's first character in the paragraph */
    float ax, dx, dy;  /* advance and offsets, in pt */
    uint16_t flags;    /* MZ_GF_* */
    uint16_t font;
} mz_glyph;

/* Paragraph-level text settings. */
typedef struct mz_para_style {
    mz_dir dir;        /* RTL, LTR or AUTO (first strong character) */
    double size;       /* pt */
    int font_regular, font_bold, font_italic, font_bold_italic; /* mz_fonts indices */
    const char *lang;  /* BCP 47, e.g. "ar" */
    /* (fields a zeroed style leaves off) */
    int font_code;     /* face + 1 for MZ_STYLE_CODE text; 0 = the style's own face */
    double super_scale, super_rise; /* MZ_STYLE_SUPER: size and raise, in em of `size` (scale 0 = not raised) */
} mz_para_style;

typedef struct mz_para {
    const uint32_t *u;          /* logical text (borrowed) */
    size_t len;
    const mz_span *spans;       /* borrowed; may be NULL (= all regular) */
    size_t nspans;
    mz_para_style style;
    uint8_t *types;             /* mz_bidi_type of each character (text/bidi.h) */
    uint8_t *levels;            /* bidi embedding level of each character */
    int rtl;                    /* resolved paragraph direction: 1 = right to left */
    struct mz_bidi_iso *iso;    /* its bidi isolates (inline code, note numbers), for line order */
    size_t niso;
    mz_run *runs;
    size_t nruns, runs_cap;
    mz_glyph *glyphs;           /* filled by mz_shape_para */
    size_t nglyphs, glyphs_cap;
} mz_para;

/* Bidi + runs.  Font fallback warnings go to d (once per code point). */
mz_status mz_itemize(mz_para *p, const uint32_t *u, size_t len, const mz_span *spans, size_t nspans,
                     const mz_para_style *style, mz_fonts *fs, mz_diag *d);
void mz_para_free(mz_para *p);

/* Writes the European digits of u[0..len) in the digits from ZERO (the code
 * point of their zero, e.g. 0x0660) where they belong to the text around
 * them: not after a letter of another script than Arabic (COVID-19, Windows
 * 11), not in code spans, not in a word that is a URL or an address (://,
 * www., @).  Returns how many it changed. */
size_t mz_text_digits(uint32_t *u, size_t len, const mz_span *spans, size_t nspans, uint32_t zero);

#endif
