/* image.h - what the document stage knows of an image file: its format and
 * size in pixels, read from its header (the PDF stage embeds the file). */
#ifndef MZ_IMAGE_H
#define MZ_IMAGE_H

#include <stddef.h>

typedef enum mz_image_kind { MZ_IMAGE_NONE = 0, MZ_IMAGE_PNG, MZ_IMAGE_JPEG } mz_image_kind;

/* The largest side mujaz embeds: 20 000 px is a poster at 600 dpi; and the
 * most pixels, 40 million (a 8K photograph is 33 M): the PDF stage holds a
 * PNG's decoded pixels (4 bytes each at most) while it compresses them. */
#define MZ_IMAGE_MAX_SIDE 20000
#define MZ_IMAGE_MAX_PIXELS 40000000L

/* What a JPEG's header says besides its size: colour components (1, 3 or 4)
 * and whether an Adobe marker says its CMYK is stored inverted. */
typedef struct mz_image_info {
    int width, height;
    int components;
    int adobe;
} mz_image_info;

/* Reads the header of the image in bytes p[0..n): its kind and size (a side
 * past MZ_IMAGE_MAX_SIDE comes back as MZ_IMAGE_MAX_SIDE + 1).
 * MZ_IMAGE_NONE when it is neither a PNG nor a JPEG with a readable size. */
mz_image_kind mz_image_probe(const unsigned char *p, size_t n, mz_image_info *info);

#endif
