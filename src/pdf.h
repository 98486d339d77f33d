/* pdf.h - the PDF writer: the only module that includes hpdf.h. */
#ifndef MZ_PDF_H
#define MZ_PDF_H

#include "layout.h"

typedef struct mz_pdf_opts {
    int pdfa;             /* write PDF/A-2b */
    long long epoch;      /* creation date, seconds since 1970 (SOURCE_DATE_EPOCH); -1 = now */
} mz_pdf_opts;

/* Writes the laid-out document as a complete PDF into a malloc'd buffer
 * (*out, *out_len; caller frees).  Fonts used by the layout are embedded as
 * subset glyph-ID fonts with ToUnicode maps. */
mz_status mz_pdf_write(const mz_layout *L, mz_fonts *fs, const mz_pdf_opts *o, unsigned char **out,
                       size_t *out_len, mz_diag *d);

#endif
