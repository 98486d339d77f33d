/* pdf_bookmarks.h - the document outline (bookmarks), written as raw values.
 * Internal to the PDF module. */
#ifndef MZ_PDF_BOOKMARKS_H
#define MZ_PDF_BOOKMARKS_H

#include "pdf/pdf_int.h"

/* The outline of L's headings (L->outline, in reading order, each under the
 * last heading of a lower level before it) and the catalog's /Outlines and
 * /PageMode; nothing when there is none.  PAGES[npages] are the pages. */
mz_status mz_pdf_bookmarks(mz_pw *w, const mz_layout *L, mz_hobj **pages, size_t npages);

#endif
