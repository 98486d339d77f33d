/* pdf_text.h - glyph items as text, with what each glyph stands for. */
#ifndef MZ_PDF_TEXT_H
#define MZ_PDF_TEXT_H

#include "pdf/pdf_int.h"

/* Draws glyph item IT on PAGE; T is scratch for one mz_gtext per glyph. */
mz_status mz_pdf_draw_glyphs(mz_pw *w, mz_hobj *page, const mz_item *it, mz_gtext *t);

#endif
