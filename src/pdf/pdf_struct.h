/* pdf_struct.h - the structure tree of a tagged PDF: marked content in the
 * pages, the elements that own it, the parent tree that maps back. */
#ifndef MZ_PDF_STRUCT_H
#define MZ_PDF_STRUCT_H

#include "pdf/pdf_int.h"

typedef struct mz_pst mz_pst;

mz_pst *mz_pst_new(void);
void mz_pst_free(mz_pst *s);

/* Opens, in B, the marked content of a piece of element TAG (a layout
 * structure node) on page PAGE: "/Type <</MCID n>> BDC".  *MCID is the
 * number it will have if kept: mz_pst_keep records it, or the caller
 * drops the bytes and the number is given again. */
mz_status mz_pst_open(mz_pw *w, mz_pst *s, const mz_layout *L, size_t page, int tag, mz_buf *b, int *mcid,
                      int ahead);
mz_status mz_pst_keep(mz_pw *w, mz_pst *s, const mz_layout *L, size_t page, mz_hobj *hp, int tag, int mcid);
/* An artifact's opening ("/Artifact <</Type /Pagination>> BDC") for TAG <= 0. */
const char *mz_pst_artifact(int tag);
/* Link annotation ANNOT on page PAGE is element TAG's: its /StructParent,
 * an OBJR in the element, /Tabs /S on the page. */
mz_status mz_pst_annot(mz_pw *w, mz_pst *s, const mz_layout *L, size_t page, mz_hobj *hp, int tag,
                       mz_hobj *annot);
/* The elements, the StructTreeRoot and the catalog's /MarkInfo. */
mz_status mz_pst_finish(mz_pw *w, mz_pst *s, const mz_layout *L, mz_hobj **pages, size_t npages);

#endif
