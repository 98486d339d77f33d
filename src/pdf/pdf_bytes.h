/* pdf_bytes.h - what the PDF writer's modules write with: numbers, hex
 * strings and colours in content streams, UTF-16 text strings, deflated
 * streams. */
#ifndef MZ_PDF_BYTES_H
#define MZ_PDF_BYTES_H

#include "pdf/hpdf_shim.h"
#include "layout/layout.h"

/* V with at most DECIMALS (up to 6) decimals; returns the value written. */
double mz_pdf_num(mz_buf *b, double v, int decimals);
double mz_pdf_num3(mz_buf *b, double v);
/* V's decimal digits (what mz_pdf_num writes for a whole number) into
 * OUT (room for 20), unterminated; returns their number.  Inline: glyph
 * outlines write hundreds of thousands of coordinates. */
static inline size_t mz_pdf_itoa(char *out, long v)
{
    unsigned long a = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v, t = a;
    size_t n = v < 0, d = 1;
    if (v < 0) out[0] = '-';
    while (t >= 10) {
        t /= 10;
        d++;
    }
    for (size_t i = d; i-- > 0; a /= 10) out[n + i] = (char)('0' + a % 10);
    return n + d;
}
/* "N 0 R" for numbered object O. */
static inline void mz_pdf_ref(mz_buf *b, const mz_hobj *o)
{
    char t[24];
    size_t n = mz_pdf_itoa(t, (long)mz_hobj_num(o));
    mz_buf_put(b, t, n);
    mz_buf_put(b, " 0 R", 4);
}
/* Byte C of a literal string at P (room for 2): escaped when a literal
 * cannot hold it as it is (the parentheses, the backslash; CR, which a
 * reader takes for an end of line).  Returns the end. */
static inline unsigned char *mz_pdf_lit_byte(unsigned char *p, unsigned c)
{
    if (c == '(' || c == ')' || c == '\\' || c == '\r') *p++ = '\\';
    *p++ = c == '\r' ? 'r' : (unsigned char)c;
    return p;
}
void mz_pdf_hex4(mz_buf *b, uint32_t v);
void mz_pdf_utf16_hex(mz_buf *b, uint32_t c);
void mz_pdf_rgb(mz_buf *b, mz_rgb c, const char *op); /* "r g b op" */

/* UTF-8 S as a text string's bytes: UTF-16BE with its BOM, at most 65000
 * bytes (libharu's longest string); malloc'd, *N bytes; NULL when out of
 * memory. */
unsigned char *mz_pdf_utf16_text(const char *s, size_t *n);

/* Deflate levels (libdeflate's, 0-12, in the zlib format FlateDecode
 * reads).  Against zlib at the same levels the whole file is 2% smaller
 * and deflating takes 37% fewer instructions (dict100k: 564 -> 552 KB,
 * 223 M -> 140 M), with no setup per stream. */
#define MZ_ZLEVELS 13
#define MZ_ZLEVEL 6 /* streams drawn here: pages, CMaps, images */
/* A glyph form is a few hundred bytes of path, where the cost of a call
 * is its Huffman codes, not its matches: level 1 took 33% fewer
 * instructions than 6 and came out 0.5% smaller (347 forms of dict100k) */
#define MZ_ZLEVEL_FORM 1

/* A writer's compressors, one a level, made on first use. */
struct libdeflate_compressor;
typedef struct mz_zip {
    struct libdeflate_compressor *c[MZ_ZLEVELS];
} mz_zip;
void mz_zip_free(mz_zip *zip);

/* Bytes to deflate at LEVEL; WHAT completes "out of memory ..." messages
 * ("writing a page"). */
typedef struct mz_zin {
    const void *data;
    size_t len;
    int level;
    const char *what;
} mz_zin;

/* Deflates IN into *Z (malloc'd), *ZLEN bytes. */
mz_status mz_pdf_deflate(mz_zip *zip, mz_diag *d, mz_zin in, unsigned char **z, size_t *zlen);
/* Deflates IN into stream DS of document H. */
mz_status mz_pdf_write_deflated(mz_hdoc *h, mz_zip *zip, mz_diag *d, mz_hobj *ds, mz_zin in);

#endif
