/* pdf_memo.h - deflated streams that recur from document to document, deflated once. */
#ifndef MZ_PDF_MEMO_H
#define MZ_PDF_MEMO_H

#include "pdf/pdf_int.h"
#include "pdf/pdf_bytes.h"

/* Writes IN deflated into stream DS, as mz_pdf_write_deflated does, taking
 * the deflated bytes from the faces' cache (w->fs) when an earlier stream
 * of the same bytes and level put them there: for streams that documents
 * of a batch share (ToUnicode maps of the same glyphs, running headers and
 * footers).  Inputs over MZ_MEMO_MAX bytes are deflated each time. */
mz_status mz_pdf_write_memo(mz_pw *w, mz_hobj *ds, mz_zin in);

#endif
