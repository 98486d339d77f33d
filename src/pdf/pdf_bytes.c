/* pdf_bytes.c - numbers, hex strings, colours, UTF-16 text strings and deflated streams, as the PDF writer writes them. */
#include "pdf/pdf_bytes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

/* Writes v rounded to `dec` decimals (at most 6) without locale dependence,
 * printf or "-0"; returns the value actually written so callers can track
 * what a reader computes. */
double mz_pdf_num(mz_buf *b, double v, int dec)
{
    static const long long scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    long long q = llround(v * (double)scale[dec]);
    char t[32], *e = t + sizeof t, *p = e;
    long long a = q < 0 ? -q : q;
    int frac = (int)(a % scale[dec]);
    long long ip = a / scale[dec];
    if (frac) {
        int digits = dec;
        while (frac % 10 == 0) { /* no trailing zeros */
            frac /= 10;
            digits--;
        }
        for (int k = 0; k < digits; k++, frac /= 10) *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (q < 0) *--p = '-';
    mz_buf_put(b, p, (size_t)(e - p));
    return (double)q / (double)scale[dec];
}

double mz_pdf_num3(mz_buf *b, double v) { return mz_pdf_num(b, v, 3); }

void mz_pdf_hex4(mz_buf *b, uint32_t v)
{
    static const char hx[] = "0123456789ABCDEF";
    char t[4] = {hx[(v >> 12) & 15], hx[(v >> 8) & 15], hx[(v >> 4) & 15], hx[v & 15]};
    mz_buf_put(b, t, 4);
}

void mz_pdf_rgb(mz_buf *b, mz_rgb c, const char *op)
{
    mz_pdf_num3(b, c.r);
    mz_buf_put(b, " ", 1);
    mz_pdf_num3(b, c.g);
    mz_buf_put(b, " ", 1);
    mz_pdf_num3(b, c.b);
    mz_buf_put(b, " ", 1);
    mz_buf_puts(b, op);
    mz_buf_put(b, "\n", 1);
}

/* mz_pdf_hex4, not printf's %04X: the same digits, for every entry of
 * every ToUnicode map, at a tenth of the instructions. */
void mz_pdf_utf16_hex(mz_buf *b, uint32_t c)
{
    if (c > 0x10FFFF) { /* not a code point: the digits printf writes */
        c -= 0x10000;
        mz_buf_printf(b, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
    } else if (c > 0xFFFF) {
        c -= 0x10000;
        mz_pdf_hex4(b, 0xD800 + (c >> 10));
        mz_pdf_hex4(b, 0xDC00 + (c & 0x3FF));
    } else {
        mz_pdf_hex4(b, c);
    }
}

/* For Info strings and outline titles, written as binary strings
 * (<FEFF...>): libharu 2.3.0 has no UTF-16 text strings. */
unsigned char *mz_pdf_utf16_text(const char *s, size_t *n)
{
    size_t n32 = 0;
    uint32_t *u = mz_utf8_decode(s, strlen(s), &n32, NULL, NULL, 0);
    if (!u) return NULL;
    size_t cap = 2 + n32 * 4;
    if (cap > 65000) cap = 65000; /* HPDF_LIMIT_MAX_STRING_LEN */
    unsigned char *o = malloc(cap);
    if (!o) {
        free(u);
        return NULL;
    }
    size_t k = 0;
    o[k++] = 0xFE;
    o[k++] = 0xFF;
    for (size_t i = 0; i < n32 && k + 4 <= cap; i++) {
        uint32_t c = u[i];
        if (c > 0xFFFF) {
            c -= 0x10000;
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            o[k++] = (unsigned char)(hi >> 8), o[k++] = (unsigned char)hi;
            o[k++] = (unsigned char)(lo >> 8), o[k++] = (unsigned char)lo;
        } else {
            o[k++] = (unsigned char)(c >> 8), o[k++] = (unsigned char)c;
        }
    }
    free(u);
    *n = k;
    return o;
}

void mz_zip_free(mz_zip *zip)
{
    for (int i = 0; i < MZ_ZLEVELS; i++) libdeflate_free_compressor(zip->c[i]);
    memset(zip, 0, sizeof *zip);
}

mz_status mz_pdf_deflate(mz_zip *zip, mz_diag *d, mz_zin in, unsigned char **z, size_t *zlen)
{
    if (in.level < 0 || in.level >= MZ_ZLEVELS) return mz_fail(d, MZ_ERR_INTERNAL, "deflate level %d", in.level);
    /* made once a level and kept: a compressor's setup costs more than
     * compressing a glyph form */
    struct libdeflate_compressor *c = zip->c[in.level];
    if (!c && !(c = zip->c[in.level] = libdeflate_alloc_compressor(in.level)))
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory %s", in.what);
    size_t n = libdeflate_zlib_compress_bound(c, in.len);
    *z = malloc(n);
    if (!*z) return mz_fail(d, MZ_ERR_NOMEM, "out of memory %s", in.what);
    *zlen = libdeflate_zlib_compress(c, in.data ? in.data : "", in.len, *z, n);
    if (!*zlen) { /* cannot happen: the bound is libdeflate's own */
        free(*z);
        *z = NULL;
        return mz_fail(d, MZ_ERR_INTERNAL, "deflate overran its bound %s", in.what);
    }
    return MZ_OK;
}

/* libharu's own compression always uses zlib's default level and keeps
 * the uncompressed bytes until the file is saved; this keeps only the
 * compressed ones. */
mz_status mz_pdf_write_deflated(mz_hdoc *h, mz_zip *zip, mz_diag *d, mz_hobj *ds, mz_zin in)
{
    unsigned char *z = NULL;
    size_t n = 0;
    mz_status st = mz_pdf_deflate(zip, d, in, &z, &n);
    if (!st) st = mz_hstream_write(h, ds, z, n, MZ_HDEFLATED);
    free(z);
    return st;
}
