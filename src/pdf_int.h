/* pdf_int.h - shared internals of the PDF module (pdf.c: the document;
 * pdf_font.c: glyph-ID fonts; pdf_text.c: glyph runs and their text layer).
 * Only these files include hpdf.h. */
#ifndef MZ_PDF_INT_H
#define MZ_PDF_INT_H

#include <hpdf.h>

#include "pdf.h"
#include "pdf_archive.h"

/* The one switch for ActualText order in RTL runs.  Visual (reversed) order
 * is what poppler 22.12 needs to return logical text (notes B.2, variant 4);
 * logical order is what the spec and Chrome/Skia write.  MuPDF 1.21 ignores
 * ActualText, so the choice does not change mutool's output. */
#define MZ_ACTUALTEXT_VISUAL 1
/* poppler's reorderText keeps every maximal run of non-R characters of an
 * RTL line in visual order, so neutrals between Arabic words (": «", "( ")
 * come out swapped.  Wrapping a neutral cluster of an RTL run in RLM
 * (U+200F) splits those runs; extractors' users strip RLM anyway. */
#define MZ_ACTUALTEXT_RLM 1

/* Write RTL runs in logical order (right to left) in the content stream. */
#ifndef MZ_STREAM_LOGICAL
#define MZ_STREAM_LOGICAL 1
#endif

/* Per font face used: the Type0 dict pages refer to, the glyphs used, and
 * each glyph's single ToUnicode code point. */
typedef struct mz_pfont {
    mz_font *f;
    HPDF_Dict type0;    /* indirect; completed by mz_pdf_finish_font */
    hb_set_t *gids;     /* glyphs drawn (GID 0 never) */
    uint32_t *uni;      /* per GID: ToUnicode code point, 0 = none yet */
    uint32_t *guess;    /* per GID: first char of a cluster it appears in */
    double *adv;        /* per GID: advance in 1/1000 em, once asked (< 0: not yet) */
    unsigned nglyphs;
    uint32_t blank;     /* zero-width empty glyph closing ActualText spans; 0 = none */
    uint32_t blank_cp;  /* the code point the blank glyph stands for */
} mz_pfont;

/* A deflated font program (pdf_font.c). */
typedef struct mz_subset {
    const mz_font *f;
    hb_set_t *gids;     /* the glyphs it was made for */
    unsigned char *z;   /* deflated program */
    size_t zlen;
    unsigned len1;      /* its length before deflating (/Length1) */
} mz_subset;

typedef struct mz_pw {
    HPDF_Doc pdf;
    mz_diag *d;
    HPDF_STATUS herr, hdetail; /* first libharu error seen by the handler */
    mz_fonts *fs;
    mz_pfont *pf;              /* fs->n entries; pf[i].f == NULL when unused */
    int nf;
    mz_buf b;                  /* content of the text object being built */
    mz_buf page;               /* the whole content of the page being drawn */
    mz_pdf_hash hash;          /* of everything drawn, for the document /ID */
    mz_subset own;             /* a font program made without a cache */
} mz_pw;

/* A HarfBuzz cluster of an item: glyphs g[i0, i0+n) in visual order. */
typedef struct mz_pcl {
    size_t i0, n;
    uint32_t cl, cn;
    int inserted; /* only glyphs of tatweel inserted by justification */
    int rtl;
    int rlm;      /* ActualText wrapped in RLM (MZ_ACTUALTEXT_RLM) */
} mz_pcl;

/* A drawing unit: clusters c[a..e] under one ActualText span standing for
 * text[lo, hi) (lo == hi: no text, e.g. inserted tatweel with no host). */
typedef struct mz_unit {
    size_t a, e;
    uint32_t lo, hi;
    int rtl, rlm;
    int simple_ok; /* a single 1:1 cluster: may go without a span */
    int lead;      /* start the span with the blank at lead_x (bridges a kerning gap) */
    double lead_x;
    int space;     /* the unit is a word space */
    double xlo, xhi; /* extent of its spacing glyphs, INFINITY/-INFINITY when none */
} mz_unit;

static inline mz_status hcheck(mz_pw *w, HPDF_STATUS st, const char *what)
{
    if (st == HPDF_OK && !w->herr) return MZ_OK;
    HPDF_STATUS e = w->herr ? w->herr : st;
    if (e == HPDF_FAILD_TO_ALLOC_MEM)
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF (%s)", what);
    return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: %s failed (libharu error 0x%04X, detail %u)",
                   what, (unsigned)e, (unsigned)w->hdetail);
}

static inline mz_status hnull(mz_pw *w, const void *p, const char *what)
{
    return hcheck(w, p ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, what);
}

/* numbers and strings (pdf.c) */
double mz_pdf_num(mz_buf *b, double v, int decimals); /* returns the value written */
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
void mz_pdf_complete_tounicode(mz_pfont *p);
mz_status mz_pdf_finish_font(mz_pw *w, mz_pfont *p);

/* glyph runs (pdf_text.c) */
int mz_pdf_cluster_text_ok(const mz_item *it, const mz_pcl *c);
mz_status mz_pdf_scan_item(mz_pw *w, const mz_item *it, mz_pcl *c);
mz_status mz_pdf_draw_glyphs(mz_pw *w, HPDF_Page page, const mz_item *it, mz_pcl *c, size_t *host,
                             mz_unit *u);

#endif
