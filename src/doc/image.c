/* image.c - the format and pixel size of a PNG or JPEG file, from its header. */
#include "doc/image.h"

#include <string.h>

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* PNG: the signature, then IHDR (width, height) as the first chunk. */
static int png_size(const unsigned char *p, size_t n, unsigned long *w, unsigned long *h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (n < 24 || memcmp(p, sig, 8) != 0 || memcmp(p + 12, "IHDR", 4) != 0) return 0;
    *w = be32(p + 16);
    *h = be32(p + 20);
    return 1;
}

/* JPEG: SOI, then markers until a start-of-frame (SOF0-SOF15 but DHT, JPG,
 * DAC), whose header holds height and width. */
static int jpeg_size(const unsigned char *p, size_t n, unsigned long *w, unsigned long *h, mz_image_info *info)
{
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) return 0;
    size_t i = 2;
    while (i + 4 <= n) {
        if (p[i] != 0xFF) return 0;
        unsigned m = p[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) { /* no length */
            i += 2;
            continue;
        }
        unsigned len = be16(p + i + 2);
        if (len < 2 || i + 2 + len > n) return 0;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (len < 8) return 0;
            *h = be16(p + i + 5);
            *w = be16(p + i + 7);
            info->components = p[i + 9];
            return info->components == 1 || info->components == 3 || info->components == 4;
        }
        if (m == 0xEE && len >= 7 && !memcmp(p + i + 4, "Adobe", 5)) info->adobe = 1; /* APP14 */
        if (m == 0xD9 || m == 0xDA) return 0; /* end, or scan data before any frame */
        i += 2 + len;
    }
    return 0;
}

mz_image_kind mz_image_probe(const unsigned char *p, size_t n, mz_image_info *info)
{
    unsigned long w = 0, h = 0;
    memset(info, 0, sizeof *info);
    mz_image_kind k = png_size(p, n, &w, &h)          ? MZ_IMAGE_PNG
                      : jpeg_size(p, n, &w, &h, info) ? MZ_IMAGE_JPEG
                                                      : MZ_IMAGE_NONE;
    if (!k || w == 0 || h == 0) return MZ_IMAGE_NONE;
    /* clamped: the caller tells the limit by the size */
    info->width = w > MZ_IMAGE_MAX_SIDE ? MZ_IMAGE_MAX_SIDE + 1 : (int)w;
    info->height = h > MZ_IMAGE_MAX_SIDE ? MZ_IMAGE_MAX_SIDE + 1 : (int)h;
    return k;
}
