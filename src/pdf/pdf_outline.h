/* pdf_outline.h - glyphs drawn as filled outlines (form XObjects). */
#ifndef MZ_PDF_OUTLINE_H
#define MZ_PDF_OUTLINE_H

#include "pdf/pdf_int.h"

/* A run of outlined glyphs (a word) on PAGE at SIZE pt.  The first glyph
 * sets the run's origin; each next one moves from the last by whole font
 * units, so a word costs one scaling and its glyphs the short moves that
 * repeat (the same glyph, the same advance) and deflate well.  The rest is
 * the writer's: zero it but for PAGE and SIZE. */
typedef struct mz_gpath {
    mz_hobj *page;
    double size;
    double ox, oy; /* the origin, pt */
    long ux, uy;   /* the last glyph's place, font units from the origin */
    int open;
} mz_gpath;

/* Appends glyph GID of P's face, filled, its origin at (X, Y) pt, to the
 * run AT in OUT (a page's graphics). */
mz_status mz_pdf_glyph_path(mz_pw *w, mz_pfont *p, uint32_t gid, mz_gpath *at, double x, double y, mz_buf *out);

/* Ends the run AT (if it drew anything) in OUT. */
void mz_pdf_glyph_run_end(mz_gpath *at, mz_buf *out);

#endif
