/* shape.h - HarfBuzz shaping of a paragraph's runs with full paragraph
 * context, plus the re-shaping of sub-ranges the composer needs. */
#ifndef MZ_SHAPE_H
#define MZ_SHAPE_H

#include "text/itemize.h"

/* Shapes every run of p into p->glyphs. */
mz_status mz_shape_para(mz_para *p, mz_fonts *fs, mz_diag *d);

/* A range to shape: TEXT[start, start+len) with one run's settings (font,
 * level, script) and the paragraph's size and language, TEXT[ctx_start,
 * ctx_end) as context.  Clusters index TEXT. */
typedef struct mz_shape_req {
    const mz_para *p;
    const mz_run *run;
    const uint32_t *text;
    size_t ctx_start, ctx_end;
    size_t start, len;
} mz_shape_req;

/* Shapes R, appending glyphs to *out (growable: *n used, *cap allocated),
 * through the word cache.  Used to shape runs, to re-shape at unsafe breaks
 * (context cut at the line's ends) and to measure words with inserted
 * kashida.  Returns 0 on OOM. */
int mz_shape_range(const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n, size_t *cap);

/* mz_shape_range for a range HarfBuzz sees alone (a word the composer
 * elongates, with its spaces): also cached as a whole, which a word that
 * kerning across spaces may move cannot be as a piece. */
int mz_shape_alone(const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n, size_t *cap);

/* mz_shape_range without the word cache: HarfBuzz on the whole range.
 * The cache's results must equal these (tests/test_wordcache.c). */
int mz_shape_direct(const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n, size_t *cap);

/* Pieces taken from the word cache, and pieces shaped and added to it. */
void mz_wcache_stats(const mz_fonts *fs, unsigned long *hits, unsigned long *misses);

/* Interns the default language tag once, before there are threads:
 * HarfBuzz does it lock-free, which ThreadSanitizer (blind to HarfBuzz's
 * atomics) would report. */
void mz_shape_global_init(void);

/* A run's script (an hb_script_t) as its ISO 15924 tag, e.g. "Arab". */
void mz_script_name(uint32_t script, char tag[5]);

#endif
