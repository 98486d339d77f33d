/* shape_int.h - what the word cache (shape.c), its HarfBuzz calls
 * (shape_hb.c) and its look at a face's lookups (shape_face.c) share. */
#ifndef MZ_SHAPE_INT_H
#define MZ_SHAPE_INT_H

#include "text/shape.h"

#include <hb.h>

/* What a cached piece is found by: its text and all else its glyphs depend on. */
typedef struct wkey {
    const uint32_t *t;
    size_t n;
    int font, rtl;
    uint32_t script;
    const char *lang; /* hb_language_t: interned, compared by address */
} wkey;

/* One shaping call: the request, its face and direction, and the growable
 * output (*n glyphs used of *cap). */
typedef struct shape_args {
    const mz_shape_req *r;
    mz_font *f;
    hb_language_t lang;
    int rtl;
    int whole;   /* the range is remembered whole once shaped in one piece (key wk, hash wh) */
    wkey wk;
    uint64_t wh;
    double k;    /* pt per font unit */
    double rise; /* pt: a superscript's raise */
    mz_glyph **out;
    size_t *n, *cap;
} shape_args;

/* A's settings for request R, appending to *OUT (*N used of *CAP). */
void mz_shape_args_init(shape_args *a, const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n,
                        size_t *cap);

/* Appends a glyph (room made by the caller): font units to pt, HarfBuzz's
 * flags to mujaz's. */
static inline void mz_put_glyph(const shape_args *a, uint32_t gid, uint32_t cluster, const hb_glyph_position_t *pos,
                                 unsigned gf)
{
    mz_glyph *g = &(*a->out)[(*a->n)++];
    g->gid = gid;
    g->cluster = cluster;
    g->ax = (float)(pos->x_advance * a->k);
    g->dx = (float)(pos->x_offset * a->k);
    g->dy = (float)(pos->y_offset * a->k + a->rise);
    g->flags = (uint16_t)(((gf & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) ? MZ_GF_UNSAFE_TO_BREAK : 0) |
                          ((gf & HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL) ? MZ_GF_SAFE_TATWEEL : 0) |
                          (a->rtl ? MZ_GF_RTL : 0));
    g->font = (uint16_t)a->r->run->font;
}

/* Shapes text[start, start+len) of the request in BUF, with the request's
 * context; the result stays in BUF.  0 on OOM. */
int mz_shape_hb(const shape_args *a, hb_buffer_t *buf, size_t start, size_t len);

/* Appends BUF's glyphs (clusters relative to the context's start); 0 on OOM. */
int mz_shape_append(const shape_args *a, hb_buffer_t *buf);

/* Can pieces of runs in face F be shaped apart, and which glyphs does
 * kerning across spaces move (*CTX, NULL for none; the caller owns it),
 * over how many pieces back and ahead?  (shape_face.c) */
int mz_wc_font_usable(mz_font *f, hb_set_t **ctx, unsigned *back, unsigned *ahead);

#endif
