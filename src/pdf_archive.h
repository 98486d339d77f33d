/* pdf_archive.h - the PDF module's archival parts: a content-hash /ID and
 * PDF/A-2b (XMP, sRGB OutputIntent).  Internal to the PDF module. */
#ifndef MZ_PDF_ARCHIVE_H
#define MZ_PDF_ARCHIVE_H

#include <hpdf.h>
#include <time.h>

#include "layout.h"

#ifndef MZ_ICC_PROFILE
/* Debian's icc-profiles-free; read only when PDF/A is asked for */
#define MZ_ICC_PROFILE "/usr/share/color/icc/sRGB.icc"
#endif

/* Sets the trailer's /ID to an MD5 of the laid-out content (pages, glyphs,
 * geometry, text, metadata): identical documents get identical IDs, and the
 * ID does not depend on the time. */
mz_status mz_pdf_set_id(HPDF_Doc pdf, const mz_layout *L, mz_fonts *fs, mz_diag *d);

/* Makes the document PDF/A-2b: XMP metadata matching the Info dictionary,
 * and an sRGB OutputIntent.  t is the creation time written in both. */
mz_status mz_pdf_set_pdfa(HPDF_Doc pdf, const mz_layout *L, time_t t, mz_diag *d);

#endif
