/* pdf_font.h - the faces a PDF uses: their Type0 fonts and ToUnicode variants. */
#ifndef MZ_PDF_FONT_H
#define MZ_PDF_FONT_H

#include "pdf/pdf_int.h"

/* Glyph width in 1/1000 em, as written in /W. */
double mz_pdf_gwidth(const mz_pfont *p, uint32_t gid);

/* The code that draws GID of P's face, numbered on first use (and the glyph
 * kept for the subset); 0 when out of memory or GID is not the face's. */
uint32_t mz_pdf_new_cid(mz_pfont *p, uint32_t gid);
static inline uint32_t mz_pdf_cid(mz_pfont *p, uint32_t gid)
{
    /* inline for the glyphs numbered already: all but a few hundred */
    return p->cid && gid < p->nglyphs && p->cid[gid] ? p->cid[gid] : mz_pdf_new_cid(p, gid);
}
const char *mz_pdf_font_label(const mz_font *f);
/* The records of font FI of the writer's fonts, made on first use. */
mz_status mz_pdf_use_font(mz_pw *w, int fi, mz_pfont **out);
/* Embeds the subset program and completes the Type0 fonts (at the end). */
mz_status mz_pdf_finish_font(mz_pw *w, mz_pfont *p);
void mz_pdf_font_free(mz_pfont *p);

/* The ToUnicode variant of P that gives glyph G the text S[0, N); -1 when out of memory. */
int mz_pdf_variant(mz_pw *w, mz_pfont *p, uint32_t g, const uint32_t *s, uint32_t n);
/* An empty glyph with no advance of P's face, in *GID; 0 when it has none. */
mz_status mz_pdf_zw_glyph(mz_pw *w, mz_pfont *p, uint32_t *gid);

#endif
