/* font.h - font loading (FreeType + HarfBuzz), caching per file, and
 * per-character fallback through fontconfig. */
#ifndef MZ_FONT_H
#define MZ_FONT_H

#include <hb.h>

#include "util/util.h"

/* FreeType's handles (FT_Face, FT_Library) by their struct names: only
 * font.c includes FreeType's headers. */
struct FT_FaceRec_;
struct FT_LibraryRec_;

typedef struct mz_font {
    char *path;          /* file it came from */
    int index;           /* face index in the file */
    struct FT_FaceRec_ *ft; /* FT_Face: validation and the OS/2 and post tables */
    hb_blob_t *blob;     /* whole file */
    hb_face_t *face;
    hb_font_t *hb;       /* scale = upem, so positions are in font units */
    unsigned upem;
    char *psname;        /* PostScript name ("Amiri-Regular"), sanitised for PDF names */
    char *name;          /* family and style ("Amiri Bold"), for messages */
    int ascender, descender, line_gap; /* hhea/OS-2, font units (descender < 0) */
    int cap_height, x_height;
    int bbox[4];         /* head.xMin yMin xMax yMax */
    int italic_angle;    /* degrees, from post */
    int serif, fixed_pitch;
    unsigned fs_type;    /* OS/2 fsType embedding bits */
    int16_t *ink;        /* per glyph: top and bottom of its ink (2 per gid), lazily filled */
    uint8_t *ink_known;  /* per glyph: ink[] is filled */
    unsigned nglyphs;
    int layout_warm;     /* 1: GSUB/GPOS/GDEF loaded (first shaping); -1: that failed */
    uint8_t *bmp_has;    /* 2 bits per BMP code point: looked up, has a glyph (lazily made) */
} mz_font;

#define MZ_MAX_FONTS 64 /* distinct faces per document: fallback chains stay small */

typedef struct mz_fonts {
    struct FT_LibraryRec_ *ft; /* FT_Library */
    mz_font *fonts[MZ_MAX_FONTS];
    int n;
    /* fallback memo: code point -> font index (+1), small open hash */
    uint32_t *fb_keys;
    int *fb_vals;
    size_t fb_cap, fb_n;
    const char *font_dir;
    /* width of one inserted tatweel at a safe junction, font units, per
     * font (0 = not measured yet, -1 = the font cannot elongate) */
    float tatweel[MZ_MAX_FONTS];
    int no_word_cache; /* shape every range whole (measurement, tests): same output */
    /* caches kept as long as the faces, by their owners: see below */
    struct mz_fonts_cache {
        void *data;
        void (*destroy)(void *data);
    } caches[5];
} mz_fonts;

/* Caches that a stage keeps for as long as the faces live: shaped words
 * (text/shape.c), subset, deflated font programs for documents set with
 * the same faces and glyphs (pdf/pdf_font.c), the deflated outlines of
 * glyphs drawn as forms (pdf/pdf_outline.c), the parsed theme
 * (layout/theme.c) and small deflated streams that recur (pdf/pdf_memo.c).
 * The owner registers its own destroy function; mz_fonts_free calls it
 * without knowing the cache.  A batch worker's faces outlive its
 * documents, so these are what documents share. */
enum { MZ_FONTS_CACHE_WORDS, MZ_FONTS_CACHE_PROGRAMS, MZ_FONTS_CACHE_FORMS, MZ_FONTS_CACHE_THEME,
       MZ_FONTS_CACHE_STREAMS };

static inline void *mz_fonts_cache(const mz_fonts *fs, int slot) { return fs->caches[slot].data; }

static inline void mz_fonts_set_cache(mz_fonts *fs, int slot, void *data, void (*destroy)(void *))
{
    fs->caches[slot].data = data;
    fs->caches[slot].destroy = destroy;
}

mz_status mz_fonts_init(mz_fonts *fs, const char *font_dir, mz_diag *d);
void mz_fonts_free(mz_fonts *fs);

/* Loads SPEC (a file path, a bare file name found in font_dir, or a fontconfig
 * family name such as "Amiri:bold") and returns its index, reusing a face
 * already loaded from the same file.  -1 and an MZ_ERR_FONT message on failure. */
int mz_fonts_load(mz_fonts *fs, const char *spec, mz_diag *d);

/* Loads the bold and/or italic face of the installed family SPEC names (a
 * fontconfig family, as mz_fonts_load takes it): its index; MZ_FONT_NO_FACE
 * when SPEC is a file, not a family, or the family has no face of that
 * weight and slant; -1 and a message when the face is there but unusable. */
#define MZ_FONT_NO_FACE (-2)
/* Is SPEC a fontconfig family (not a file name or path)? */
int mz_font_is_family(const char *spec);
int mz_fonts_load_style(mz_fonts *fs, const char *spec, int bold, int italic, mz_diag *d);

/* Vertical ink extent of glyph gid, font units (top >= bottom); cached,
 * since layout asks for every glyph of every line. */
void mz_font_ink(mz_font *f, uint32_t gid, int *top, int *bottom);

/* Does font i have a glyph for c? */
int mz_font_has(const mz_font *f, uint32_t c);
/* Loads F's layout tables (GSUB, GPOS, GDEF) before its first shaping, with
 * errno watched: 0 when an allocation failed there (HarfBuzz would keep the
 * table empty for the face's life and shape without it), then always 0. */
int mz_font_warm_layout(mz_font *f);

/* The font to use for character c when PREFERRED is wanted: PREFERRED itself
 * when it covers c, else an installed font found through fontconfig (memoised),
 * else PREFERRED (the caller then warns once). */
int mz_fonts_for_char(mz_fonts *fs, int preferred, uint32_t c, mz_diag *d);

static inline mz_font *mz_fonts_get(mz_fonts *fs, int i) { return fs->fonts[i]; }

#endif
