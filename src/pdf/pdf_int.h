/* pdf_int.h - shared internals of the PDF module (pdf.c: the document;
 * pdf_font.c: glyph-ID fonts; pdf_text.c: glyph runs and their text layer).
 * Only these files include hpdf.h. */
#ifndef MZ_PDF_INT_H
#define MZ_PDF_INT_H

#include <hpdf.h>

#include "pdf/pdf.h"
#include "pdf/pdf_archive.h"
#include "util/outfile.h"

/* A Type0 dict of a face: variant 0 is the one fonts are first made with;
 * others share its CIDFont and differ in ToUnicode (pdf_text.c). */
typedef struct mz_pvar {
    HPDF_Dict type0;    /* indirect; completed by mz_pdf_finish_font */
    uint32_t *map;      /* per GID: 0 = no entry, else 1 + offset of its text in pool */
} mz_pvar;

/* Per font face used: its Type0 dicts, the glyphs used, and their texts. */
typedef struct mz_pfont {
    mz_font *f;
    HPDF_Dict type0;    /* == var[0].type0 once a glyph is drawn */
    hb_set_t *gids;     /* glyphs drawn (GID 0 never) */
    mz_pvar *var;
    int nvar;
    size_t capvar;
    uint32_t *pool;     /* texts: length, then code points */
    size_t npool, cappool;
    uint32_t *rev;      /* per GID: a code point the cmap maps to it (built on need) */
    double *adv;        /* per GID: advance in 1/1000 em, once asked (< 0: not yet) */
    HPDF_Dict *form;    /* per GID: its outline as a form XObject, once drawn so */
    int zw;             /* an empty zero-width glyph (helpers), 0 = none, -1 = not looked for */
    unsigned nglyphs;
} mz_pfont;

/* A deflated font program (pdf_font.c). */
typedef struct mz_subset {
    const mz_font *f;
    hb_set_t *gids;     /* the glyphs it was made for */
    unsigned char *z;   /* deflated program */
    size_t zlen;
    unsigned len1;      /* its length before deflating (/Length1) */
} mz_subset;

/* A character as poppler lays it out: where it starts, on which baseline,
 * in which font (for helpers), and whether its bidi run is right to left. */
typedef struct mz_pchar {
    double x, y;
    uint32_t c;
    int font;
    float size;
    uint32_t seq;   /* stream order, for ties */
    uint8_t rtl;
} mz_pchar;

typedef struct mz_pw {
    HPDF_Doc pdf;
    mz_diag *d;
    HPDF_STATUS herr, hdetail; /* first libharu error seen by the handler */
    mz_fonts *fs;
    mz_pfont *pf;              /* fs->n entries; pf[i].f == NULL when unused */
    int nf;
    mz_buf b;                  /* content of the text object being built */
    mz_buf page;               /* the graphics of the content stream being drawn */
    mz_buf text;               /* and its text, one text object drawn over them */
    uint32_t *cps;             /* the texts of the glyph item being drawn */
    size_t ncps, cps_cap;
    mz_pchar *pch;             /* the characters of the content stream, for pdf_lines.c */
    size_t npch, pch_cap;
    double line_y;             /* baseline of the line being drawn */
    double line_x;             /* where its last glyph item's pen stopped (page) */
    double line_left;          /* and where that item's glyphs begin */
    int line_rtl;              /* that item is right to left */
    int in_line;               /* a glyph item was drawn in this content stream */
    HPDF_Dict tf;              /* font dict and size the text object has selected */
    double tf_size;
    mz_rgb fill;               /* and its fill colour (valid when in_line) */
    mz_pdf_hash hash;          /* of everything drawn, for the document /ID */
    mz_subset own;             /* a font program made without a cache */
} mz_pw;

/* Set by the allocator the PDF writer gives libharu when an allocation
 * fails: libharu then reports whatever its caller's check says (a
 * "dictionary count" error for a dictionary it could not grow). */
extern _Thread_local int mz_hpdf_oom;

static inline mz_status hcheck(mz_pw *w, HPDF_STATUS st, const char *what)
{
    if (st == HPDF_OK && !w->herr && !mz_hpdf_oom) return MZ_OK;
    HPDF_STATUS e = w->herr ? w->herr : st;
    /* zlib fails only for want of memory when libharu deflates a stream */
    if (e == HPDF_FAILD_TO_ALLOC_MEM || mz_hpdf_oom || (e == HPDF_ZLIB_ERROR && errno == ENOMEM))
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF (%s)", what);
    return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: %s failed (libharu error 0x%04X, detail %u)",
                   what, (unsigned)e, (unsigned)w->hdetail);
}

/* libharu calls in sequence, none after the first failure: a failed
 * Xref_Add, Dict_Add or Array_Add frees the object it was given, so the
 * calls that would use that object next must not run. */
#define HSEQ(r, call)                      \
    do {                                   \
        if ((r) == HPDF_OK) (r) = (call);  \
    } while (0)

static inline mz_status hnull(mz_pw *w, const void *p, const char *what)
{
    return hcheck(w, p ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, what);
}

/* numbers and strings (pdf.c) */
double mz_pdf_num(mz_buf *b, double v, int decimals); /* at most 6; returns the value written */
double mz_pdf_num3(mz_buf *b, double v);
void mz_pdf_hex4(mz_buf *b, uint32_t v);
void mz_pdf_utf16_hex(mz_buf *b, uint32_t c);
void mz_pdf_rgb(mz_buf *b, mz_rgb c, const char *op); /* "r g b op" */

/* fonts (pdf_font.c) */
double mz_pdf_gwidth(const mz_pfont *p, uint32_t gid);

/* Writes LEN bytes of DATA into stream DS, deflated at zlib LEVEL, with its
 * /Filter; WHAT completes "out of memory ..." messages ("writing a page"). */
mz_status mz_pdf_write_deflated(mz_pw *w, HPDF_Dict ds, const void *data, size_t len, int level,
                                const char *what);
/* The two halves of it: deflate into *Z (malloc'd), write deflated bytes. */
mz_status mz_pdf_deflate(mz_pw *w, const void *data, size_t len, int level, unsigned char **z, size_t *zlen,
                         const char *what);
mz_status mz_pdf_write_z(mz_pw *w, HPDF_Dict ds, const unsigned char *z, size_t zlen, const char *what);
const char *mz_pdf_font_label(const mz_font *f);
mz_status mz_pdf_use_font(mz_pw *w, int fi, mz_pfont **out);
mz_status mz_pdf_finish_font(mz_pw *w, mz_pfont *p);
void mz_pdf_font_free(mz_pfont *p);

/* glyph outlines (pdf_outline.c): appends glyph GID of P's face, filled,
 * with its origin at (x, y) at SIZE pt, to OUT (a page's graphics) */
mz_status mz_pdf_glyph_path(mz_pw *w, HPDF_Page page, mz_pfont *p, uint32_t gid, double x, double y,
                            double size, mz_buf *out);

/* The ToUnicode variant of P that gives glyph G the text S[0, N) (pdf_text.c); -1 on OOM. */
int mz_pdf_variant(mz_pw *w, mz_pfont *p, uint32_t g, const uint32_t *s, uint32_t n);

/* reading-order helpers (pdf_lines.c) */
mz_status mz_pdf_zw_glyph(mz_pw *w, mz_pfont *p, uint32_t *gid); /* 0 in *gid: the face has none */
mz_status mz_pdf_line_helpers(mz_pw *w, HPDF_Page page, mz_buf *out);

/* glyph runs (pdf_text.c) */
/* The text a glyph of an item stands for: w->cps[off, off+len); len 0 =
 * nothing (a tatweel inserted by justification, a piece a font adds). */
typedef struct mz_gtext {
    uint32_t off, len;
} mz_gtext;
mz_status mz_pdf_draw_glyphs(mz_pw *w, HPDF_Page page, const mz_item *it, mz_gtext *t);

#endif
