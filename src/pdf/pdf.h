/* pdf.h - the PDF writer: laid-out pages to a PDF file. */
#ifndef MZ_PDF_H
#define MZ_PDF_H

#include "layout/layout.h"

typedef struct mz_pdf_opts {
    int pdfa;             /* write PDF/A-2b */
    long long epoch;      /* creation date, seconds since 1970 (SOURCE_DATE_EPOCH); -1 = now */
    struct mz_out *out;   /* save straight into this output (outfile.h); NULL = buffer */
} mz_pdf_opts;

/* Streaming: begin, then mz_pdf_page for each page as layout finishes it
 * (it is an mz_page_sink; a page may come twice, the second time with its
 * header and footer), then end, which embeds the fonts and saves.  free
 * releases the writer whatever happened. */
typedef struct mz_pdf_writer mz_pdf_writer;
mz_status mz_pdf_begin(mz_pdf_writer **w, mz_fonts *fs, mz_diag *d);
mz_status mz_pdf_page(void *w, const mz_layout *L, size_t page);
mz_status mz_pdf_end(mz_pdf_writer *w, const mz_layout *L, const mz_pdf_opts *o, unsigned char **out,
                     size_t *out_len);
void mz_pdf_free(mz_pdf_writer *w);

/* All at once: writes the laid-out document as a complete PDF into a malloc'd buffer
 * (*out, *out_len; caller frees).  Fonts used by the layout are embedded as
 * subset glyph-ID fonts with ToUnicode maps. */
mz_status mz_pdf_write(const mz_layout *L, mz_fonts *fs, const mz_pdf_opts *o, unsigned char **out,
                       size_t *out_len, mz_diag *d);

#endif
