/* pdf_image.h - image files (PNG, JPEG) as image XObjects of the document. */
#ifndef MZ_PDF_IMAGE_H
#define MZ_PDF_IMAGE_H

#include "pdf/pdf_bytes.h"

/* The image XObject of the file PATH of KIND (mz_image_kind), numbered and
 * ready for a page's resources; NULL with the reason in D (a file that
 * changed or cannot be decoded: MZ_ERR_INPUT, naming it). */
mz_hobj *mz_pdf_image(mz_hdoc *h, mz_zip *zip, mz_diag *d, const char *path, int kind);

#endif
