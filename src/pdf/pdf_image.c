/* pdf_image.c - image files as image XObjects: PNG through libpng (8 bits a channel, alpha as a soft mask), JPEG as it is (DCTDecode). */
#include "pdf/pdf_image.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/image.h"
#include "pdf/pdf_bytes.h"

#define MZ_JPEG_MAX_BYTES (64L * 1024 * 1024) /* a JPEG is embedded whole: 64 MB is a very large photograph */

/* ---- PNG ------------------------------------------------------------------------ */

/* libpng reports errors through a callback that must not return: it jumps
 * back here.  Its allocations go through malloc so that a failure is told
 * from a damaged file. */
typedef struct png_job {
    jmp_buf back;
    int oom;
    char why[160];
} png_job;

static void png_fail(png_structp png, png_const_charp msg)
{
    png_job *j = png_get_error_ptr(png);
    snprintf(j->why, sizeof j->why, "%s", msg);
    longjmp(j->back, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg; /* warnings (a wrong CRC in an ancillary chunk, a gamma) do not stop the image */
}

static png_voidp png_get(png_structp png, png_alloc_size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) ((png_job *)png_get_error_ptr(png))->oom = 1;
    return p;
}

static void png_put(png_structp png, png_voidp p)
{
    (void)png;
    free(p);
}

/* Decoded pixels: colour (1 or 3 channels) and alpha (or none), row after row. */
typedef struct png_pixels {
    unsigned char *color, *alpha;
    png_uint_32 w, h;
    int gray;
} png_pixels;

/* Reads F into PX with libpng (expanded to 8 bits a channel, interlacing
 * undone).  0 on success; on failure j says why. */
static int png_decode(FILE *f, png_job *j, png_pixels *px)
{
    png_structp png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, j, png_fail, png_quiet, j, png_get, png_put);
    if (!png) {
        j->oom = 1;
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    unsigned char *volatile rows = NULL;
    png_bytepp volatile ptrs = NULL;
    if (!info || setjmp(j->back)) {
        if (!info) j->oom = 1;
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        free(rows);
        free(ptrs);
        return -1;
    }
    png_init_io(png, f);
    png_read_info(png, info);
    png_set_expand(png);    /* palette to RGB, gray under 8 bits to 8, tRNS to alpha */
    png_set_strip_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    px->w = png_get_image_width(png, info);
    px->h = png_get_image_height(png, info);
    int ch = png_get_channels(png, info);
    size_t stride = png_get_rowbytes(png, info);
    if (stride != (size_t)px->w * (size_t)ch) png_error(png, "unexpected row layout");
    rows = malloc(stride * px->h);
    ptrs = malloc(px->h * sizeof *ptrs);
    if (!rows || !ptrs) {
        j->oom = 1;
        png_error(png, "out of memory");
    }
    for (png_uint_32 y = 0; y < px->h; y++) ptrs[y] = rows + y * stride;
    png_read_image(png, ptrs);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(ptrs);
    /* split off the alpha channel, in place for the colour */
    int alpha = ch == 2 || ch == 4, cc = alpha ? ch - 1 : ch;
    px->gray = cc == 1;
    px->alpha = NULL;
    if (alpha) {
        size_t n = (size_t)px->w * px->h;
        px->alpha = malloc(n ? n : 1);
        if (!px->alpha) {
            free(rows);
            j->oom = 1;
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            memmove(rows + i * (size_t)cc, rows + i * (size_t)ch, (size_t)cc);
            px->alpha[i] = rows[i * (size_t)ch + (size_t)cc];
        }
    }
    px->color = rows;
    return 0;
}

/* An image stream of W x H, 8 bits, in COLORSPACE, with PIXELS deflated. */
static mz_hobj *pixel_stream(mz_hdoc *h, mz_zip *zip, mz_diag *d, png_uint_32 w, png_uint_32 ht, const char *colorspace,
                             const unsigned char *pixels, size_t n)
{
    mz_hobj *s = mz_hstream(h);
    if (!s) return NULL;
    mz_hadd_name(h, s, "Type", "XObject");
    mz_hadd_name(h, s, "Subtype", "Image");
    mz_hadd_int(h, s, "Width", (int32_t)w);
    mz_hadd_int(h, s, "Height", (int32_t)ht);
    mz_hadd_name(h, s, "ColorSpace", colorspace);
    mz_hadd_int(h, s, "BitsPerComponent", 8);
    mz_pdf_write_deflated(h, zip, d, s, (mz_zin){pixels, n, MZ_ZLEVEL, "compressing an image"});
    return mz_hdoc_status(h) ? NULL : s;
}

static mz_hobj *png_xobject(mz_hdoc *h, mz_zip *zip, mz_diag *d, const char *path, FILE *f)
{
    png_job j = {0};
    png_pixels px = {0};
    if (png_decode(f, &j, &px)) {
        if (j.oom) mz_fail(d, MZ_ERR_NOMEM, "out of memory reading image '%s'", path);
        else mz_fail(d, MZ_ERR_INPUT, "image '%s': %s", path, j.why[0] ? j.why : "cannot be decoded");
        return NULL;
    }
    size_t n = (size_t)px.w * px.h;
    mz_hobj *img = pixel_stream(h, zip, d, px.w, px.h, px.gray ? "DeviceGray" : "DeviceRGB", px.color,
                                n * (px.gray ? 1 : 3));
    if (img && px.alpha) { /* the soft mask: PDF/A-2 allows it */
        mz_hobj *mask = pixel_stream(h, zip, d, px.w, px.h, "DeviceGray", px.alpha, n);
        if (!mask || mz_hadd(h, img, "SMask", mask)) img = NULL;
    }
    free(px.color);
    free(px.alpha);
    return img;
}

/* ---- JPEG ------------------------------------------------------------------------- */

static mz_hobj *jpeg_xobject(mz_hdoc *h, mz_diag *d, const char *path, FILE *f)
{
    mz_buf b = {0};
    unsigned char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= (size_t)MZ_JPEG_MAX_BYTES) mz_buf_put(&b, chunk, got);
    mz_image_info info;
    mz_status st = MZ_OK;
    if (b.oom) st = mz_fail(d, MZ_ERR_NOMEM, "out of memory reading image '%s'", path);
    else if (ferror(f)) st = mz_fail(d, MZ_ERR_INPUT, "image '%s': %s", path, strerror(errno));
    else if (b.len > (size_t)MZ_JPEG_MAX_BYTES)
        st = mz_fail(d, MZ_ERR_LIMIT, "image '%s' is over %ld MB (the limit)", path, MZ_JPEG_MAX_BYTES >> 20);
    else if (mz_image_probe((const unsigned char *)b.data, b.len, &info) != MZ_IMAGE_JPEG)
        st = mz_fail(d, MZ_ERR_INPUT, "image '%s' changed: it is no longer a JPEG file", path);
    mz_hobj *s = st ? NULL : mz_hstream(h);
    if (s) {
        mz_hadd_name(h, s, "Type", "XObject");
        mz_hadd_name(h, s, "Subtype", "Image");
        mz_hadd_int(h, s, "Width", info.width);
        mz_hadd_int(h, s, "Height", info.height);
        mz_hadd_name(h, s, "ColorSpace", info.components == 1 ? "DeviceGray" : info.components == 3 ? "DeviceRGB"
                                                                                                  : "DeviceCMYK");
        mz_hadd_int(h, s, "BitsPerComponent", 8);
        if (info.components == 4 && info.adobe) { /* Adobe's CMYK JPEGs are stored inverted */
            mz_hobj *dec = mz_harray(h);
            for (int k = 0; dec && k < 8; k++) mz_hadd_int(h, dec, NULL, k % 2 ? 0 : 1);
            if (dec) mz_hadd(h, s, "Decode", dec);
        }
        mz_hstream_write(h, s, b.data, b.len, MZ_HJPEG);
        if (mz_hdoc_status(h)) s = NULL;
    }
    mz_buf_free(&b);
    return s;
}

mz_hobj *mz_pdf_image(mz_hdoc *h, mz_zip *zip, mz_diag *d, const char *path, int kind)
{
    if (mz_hdoc_status(h)) return NULL;
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        mz_fail(d, errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_INPUT, "image '%s': %s", path, strerror(errno));
        return NULL;
    }
    mz_hobj *img = kind == MZ_IMAGE_PNG ? png_xobject(h, zip, d, path, f) : jpeg_xobject(h, d, path, f);
    fclose(f);
    return img;
}
