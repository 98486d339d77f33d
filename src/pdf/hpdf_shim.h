/* hpdf_shim.h - the PDF objects the writer builds, over libharu, which no
 * file but hpdf_shim.c sees.
 *
 * Every call that can fail returns the document's first error: once one
 * has failed (the failure is recorded in the document's mz_diag), later
 * calls do nothing and return it again, so a sequence of calls may be
 * checked once, at its end.  Allocation failures (in libharu, or in zlib
 * when libharu deflates) are MZ_ERR_NOMEM, a failed write of the output
 * MZ_ERR_OUTPUT, anything else MZ_ERR_INTERNAL.
 *
 * An object is made, filled, then attached (mz_hadd, mz_hindirect): from
 * then on it is its container's, or freed if the attaching failed or an
 * earlier call had, so a failure never leaves a half-made object in the
 * document.  Streams, pages and outline entries are numbered when made (as
 * libharu makes them), Type0 fonts when first referred to. */
#ifndef MZ_HPDF_SHIM_H
#define MZ_HPDF_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/outfile.h"
#include "util/util.h"

typedef struct mz_hdoc mz_hdoc; /* a document being built, and its first error */
typedef struct mz_hobj mz_hobj; /* a dictionary, array, stream or page of one */

/* A new document (PDF 1.7, no compression of its own: every stream says
 * how it is encoded), and its release. */
mz_status mz_hdoc_new(mz_hdoc **out, mz_diag *d);
void mz_hdoc_free(mz_hdoc *h);
mz_status mz_hdoc_status(const mz_hdoc *h);

/* The document's own dictionaries, filled with mz_hadd_*. */
typedef enum { MZ_HCATALOG, MZ_HINFO, MZ_HTRAILER } mz_hroot;
mz_hobj *mz_hdoc_root(mz_hdoc *h, mz_hroot which);

/* Info entries libharu formats itself: /Creator, and /CreationDate and
 * /ModDate both at T (UTC); /Producer, which libharu sets. */
mz_status mz_hdoc_creator(mz_hdoc *h, const char *creator);
mz_status mz_hdoc_dates(mz_hdoc *h, const struct tm *t);
const char *mz_hdoc_producer(mz_hdoc *h);
/* Catalog entries: decimal page labels from 1; open with the outline shown. */
mz_status mz_hdoc_page_labels(mz_hdoc *h);
mz_status mz_hdoc_show_outline(mz_hdoc *h);

/* Saves the document into a malloc'd buffer, or into an output. */
mz_status mz_hdoc_save(mz_hdoc *h, unsigned char **out, size_t *out_len);
mz_status mz_hdoc_save_to(mz_hdoc *h, mz_out *o);

/* Objects, NULL when they could not be made.  A dictionary or array is
 * direct (written where it is attached) unless given a number of its own
 * with mz_hindirect; a stream is numbered when made. */
mz_hobj *mz_hdict(mz_hdoc *h);
mz_hobj *mz_harray(mz_hdoc *h);
mz_hobj *mz_hstream(mz_hdoc *h);
/* O, numbered; NULL when that failed (O is freed then, and must not be used). */
mz_hobj *mz_hindirect(mz_hdoc *h, mz_hobj *o);
/* O's object number (0: not numbered). */
uint32_t mz_hobj_num(const mz_hobj *o);
/* Numbered object O is saved as the N bytes at P (a complete PDF value,
 * copied; written by the PDF module itself, for speed), not as what
 * libharu holds in it. */
mz_status mz_hset_raw(mz_hdoc *h, mz_hobj *o, const void *p, size_t n);
/* A numbered object whose value is to be given with mz_hset_raw (the
 * structure elements, tens of thousands in a long document): libharu's
 * smallest object, a null, holds the number -- 8 bytes where an empty
 * dictionary took about 200.  NULL when it could not be made. */
mz_hobj *mz_hnumbered(mz_hdoc *h);

/* Values added to TO: under KEY when TO is a dictionary (replacing an entry
 * of that key in place), at the end when KEY is NULL and TO an array.
 * mz_hadd attaches the object O (consumed, as above; an indirect one is
 * added as a reference). */
mz_status mz_hadd(mz_hdoc *h, mz_hobj *to, const char *key, mz_hobj *o);
mz_status mz_hadd_name(mz_hdoc *h, mz_hobj *to, const char *key, const char *name);
mz_status mz_hadd_int(mz_hdoc *h, mz_hobj *to, const char *key, int32_t v);
mz_status mz_hadd_bool(mz_hdoc *h, mz_hobj *to, const char *key, int v);
mz_status mz_hadd_real(mz_hdoc *h, mz_hobj *to, const char *key, float v);
mz_status mz_hadd_str(mz_hdoc *h, mz_hobj *to, const char *key, const char *s); /* (...) */
mz_status mz_hadd_bytes(mz_hdoc *h, mz_hobj *to, const char *key, const void *p, size_t n); /* <...> */
mz_status mz_hadd_null(mz_hdoc *h, mz_hobj *to, const char *key);

/* Appends N bytes to stream S.  MZ_HDEFLATED: they are deflated already
 * (the stream gets its /Filter); MZ_HDEFLATE_AT_SAVE: libharu deflates
 * them, at zlib's default level, when the file is saved; MZ_HJPEG: they are
 * a JPEG file, written as they are under /DCTDecode. */
typedef enum { MZ_HRAW, MZ_HDEFLATED, MZ_HDEFLATE_AT_SAVE, MZ_HJPEG } mz_henc;
mz_status mz_hstream_write(mz_hdoc *h, mz_hobj *s, const void *p, size_t n, mz_henc enc);

/* Pages.  mz_hpage_add appends a page of the given size with an empty
 * content stream; mz_hpage_new_contents gives it another, which
 * mz_hpage_contents returns from then on. */
mz_status mz_hpage_add(mz_hdoc *h, double width, double height, mz_hobj **page);
mz_status mz_hpage_new_contents(mz_hdoc *h, mz_hobj *page);
mz_hobj *mz_hpage_contents(mz_hobj *page);
/* The page's resource name for a font dictionary or a form XObject,
 * registered on first use; NULL when that failed. */
const char *mz_hpage_font(mz_hdoc *h, mz_hobj *page, mz_hobj *font);
const char *mz_hpage_xobject(mz_hdoc *h, mz_hobj *page, mz_hobj *form);
/* A borderless, printed link to URI (7-bit ASCII) over RECT {x0, y0, x1, y1};
 * *ANNOT is its annotation (for the structure tree), NULL on failure. */
mz_status mz_hpage_link(mz_hdoc *h, mz_hobj *page, const double rect[4], const char *uri, mz_hobj **annot);
/* A borderless, printed link over RECT to the height Y of page TARGET
 * (a footnote's reference to its note, a contents entry to its heading). */
mz_status mz_hpage_goto(mz_hdoc *h, mz_hobj *page, const double rect[4], mz_hobj *target, double y,
                        mz_hobj **annot);

#endif
