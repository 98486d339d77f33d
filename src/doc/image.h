/* image.h - what the document stage knows of an image file: its format and
 * size in pixels, read from its header (the PDF stage embeds the file). */
#ifndef MZ_IMAGE_H
#define MZ_IMAGE_H

#include <stddef.h>

typedef enum mz_image_kind { MZ_IMAGE_NONE = 0, MZ_IMAGE_PNG, MZ_IMAGE_JPEG } mz_image_kind;

/* The largest side mujaz embeds: 20 000 px is a poster at 600 dpi; beyond
 * it an image is a mistake or an attack on memory. */
#define MZ_IMAGE_MAX_SIDE 20000

/* Reads the header of the image in bytes p[0..n): its kind and size (a side
 * past MZ_IMAGE_MAX_SIDE comes back as MZ_IMAGE_MAX_SIDE + 1).
 * MZ_IMAGE_NONE when it is neither a PNG nor a JPEG with a readable size. */
mz_image_kind mz_image_probe(const unsigned char *p, size_t n, int *width, int *height);

#endif
