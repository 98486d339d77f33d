/* pdf_archive.h - the PDF module's archival parts: a content-hash /ID and
 * PDF/A-2b (XMP, sRGB OutputIntent).  Internal to the PDF module. */
#ifndef MZ_PDF_ARCHIVE_H
#define MZ_PDF_ARCHIVE_H

#include <time.h>

#include "layout/layout.h"
#include "pdf/hpdf_shim.h"
#include "pdf/pdf_md5.h"

#ifndef MZ_ICC_PROFILE
/* Debian's icc-profiles-free; read only when PDF/A is asked for */
#define MZ_ICC_PROFILE "/usr/share/color/icc/sRGB.icc"
#endif

/* The document ID is an MD5 of what is drawn: the text objects as written
 * (glyph IDs, positions, ActualText) and the geometry of everything else,
 * plus the metadata; not the time.  Identical documents get identical IDs. */
typedef struct mz_pdf_hash {
    mz_md5 md5;
} mz_pdf_hash;

void mz_pdf_hash_init(mz_pdf_hash *h);
void mz_pdf_hash_bytes(mz_pdf_hash *h, const void *p, size_t n);
void mz_pdf_hash_item(mz_pdf_hash *h, const mz_item *it); /* non-glyph items */

/* Sets the trailer's /ID from the hash (and the layout's metadata). */
mz_status mz_pdf_set_id(mz_hdoc *doc, mz_pdf_hash *h, const mz_layout *L);

/* XMP metadata matching the Info dictionary (t: the creation time in
 * both), declaring PDF/UA-1 when the document is tagged; with PDFA, also
 * PDF/A-2 (conformance A when tagged, else B) and an sRGB OutputIntent. */
mz_status mz_pdf_set_xmp(mz_hdoc *doc, const mz_layout *L, time_t t, int pdfa, mz_diag *d);
/* The document's title: its own, else its first heading's, else its file
 * name (a tagged PDF shows one in the reader's title bar); NULL for a
 * document from standard input with neither. */
const char *mz_pdf_title(const mz_layout *L);

#endif
