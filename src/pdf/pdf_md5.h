/* pdf_md5.h - MD5 (RFC 1321) for the document ID.  Internal to the PDF module. */
#ifndef MZ_PDF_MD5_H
#define MZ_PDF_MD5_H

#include <stddef.h>
#include <stdint.h>

/* libharu's MD5 gives the same digests (test_pdf compares them) but copies
 * its input a byte at a time: the ID hashes every glyph run, a few bytes a
 * call, 23.7 M instructions on the seed x70 there, 14.8 M here. */
typedef struct mz_md5 {
    uint32_t s[4];
    uint64_t len;           /* bytes taken so far */
    unsigned char buf[64];  /* the block being filled: len % 64 bytes of it */
} mz_md5;

void mz_md5_init(mz_md5 *m);
void mz_md5_update(mz_md5 *m, const void *p, size_t n);
void mz_md5_final(mz_md5 *m, unsigned char digest[16]);

#endif
