/* pdf_outline.h - glyphs drawn as filled outlines (form XObjects). */
#ifndef MZ_PDF_OUTLINE_H
#define MZ_PDF_OUTLINE_H

#include "pdf/pdf_int.h"

/* Where a glyph's outline goes: on PAGE, its origin at (x, y), at SIZE pt. */
typedef struct mz_gpath {
    mz_hobj *page;
    double x, y, size;
} mz_gpath;

/* Appends glyph GID of P's face, filled, as AT says, to OUT (a page's graphics). */
mz_status mz_pdf_glyph_path(mz_pw *w, mz_pfont *p, uint32_t gid, const mz_gpath *at, mz_buf *out);

#endif
