/* pdf_lines.h - reading-order helpers for a page's lines. */
#ifndef MZ_PDF_LINES_H
#define MZ_PDF_LINES_H

#include "pdf/pdf_int.h"

/* Appends to OUT (text) the helpers the characters in w->pch need on PAGE. */
mz_status mz_pdf_line_helpers(mz_pw *w, mz_hobj *page, mz_buf *out);

#endif
