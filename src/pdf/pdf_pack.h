/* pdf_pack.h - the file's layout: stream objects as they are, every other
 * object in deflated object streams, a cross-reference stream (PDF 1.5,
 * ISO 32000-1 7.5.7 and 7.5.8).  It is given objects as libharu writes
 * them (hpdf_shim.c) and knows only that syntax.  Internal to the PDF
 * module. */
#ifndef MZ_PDF_PACK_H
#define MZ_PDF_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

typedef struct mz_pack mz_pack;

/* A file of objects 1 .. NOBJ-1 (object 0 is the free list's head),
 * opening with HEADER; NULL when out of memory. */
mz_pack *mz_pack_new(size_t nobj, const char *header);
void mz_pack_free(mz_pack *pk);

/* Where the file goes as it is made (the bytes written so far, in order);
 * without one, the whole file is held until mz_pack_take. */
typedef void (*mz_pack_sink)(void *ud, const void *p, size_t n);
void mz_pack_set_sink(mz_pack *pk, mz_pack_sink sink, void *ud);

/* Object NUM, a stream: its value ("<<...>>\012stream\015\012...\012endstream")
 * goes into the file as an indirect object. */
mz_status mz_pack_stream(mz_pack *pk, mz_diag *d, uint32_t num, const char *v, size_t n);
/* Object NUM, anything else: into the object stream being filled, its hex
 * strings as literal strings (half the bytes, and they deflate better);
 * VERBATIM: as it is (an object the PDF module wrote itself). */
mz_status mz_pack_object(mz_pack *pk, mz_diag *d, uint32_t num, const char *v, size_t n, int verbatim);

/* Ends the file: the last object stream, the cross-reference stream whose
 * dictionary holds the entries of TRAILER (a dictionary as libharu writes
 * it: "<<\012/Root 1 0 R\012...>>"), startxref.  Checks that every object
 * was given once and that each offset points at its object. */
mz_status mz_pack_finish(mz_pack *pk, mz_diag *d, const char *trailer, size_t n);
/* The finished file (with a sink: its bytes not yet given to it),
 * malloc'd: the caller frees it. */
unsigned char *mz_pack_take(mz_pack *pk, size_t *len);

#endif
