/* shape.c - HarfBuzz shaping of itemized runs, with paragraph context. */
#include "shape.h"

#include <stdlib.h>
#include <string.h>

/* One buffer per thread would do; the library is single-threaded per
 * document, and creating buffers is cheap next to shaping. */
int mz_shape_range(const mz_para *p, const mz_run *run, const uint32_t *text, size_t ctx_start,
                   size_t ctx_end, size_t start, size_t len, mz_fonts *fs, mz_glyph **out,
                   size_t *n, size_t *cap)
{
    mz_font *f = fs->fonts[run->font];
    hb_buffer_t *buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf)) return 0;
    hb_buffer_add_utf32(buf, text + ctx_start, (int)(ctx_end - ctx_start),
                        (unsigned)(start - ctx_start), (int)len);
    int rtl = run->level & 1;
    hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, (hb_script_t)run->script);
    hb_buffer_set_language(buf, hb_language_from_string(p->style.lang ? p->style.lang : "ar", -1));
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
    unsigned flags = HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL;
    if (start == ctx_start) flags |= HB_BUFFER_FLAG_BOT;
    if (start + len == ctx_end) flags |= HB_BUFFER_FLAG_EOT;
    hb_buffer_set_flags(buf, (hb_buffer_flags_t)flags);
    hb_shape(f->hb, buf, NULL, 0);
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        return 0;
    }
    unsigned gn;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &gn);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    if (!mz_grow((void **)out, cap, *n + gn, sizeof **out)) {
        hb_buffer_destroy(buf);
        return 0;
    }
    double k = p->style.size / f->upem;
    for (unsigned i = 0; i < gn; i++) {
        mz_glyph *g = &(*out)[(*n)++];
        hb_glyph_flags_t gf = hb_glyph_info_get_glyph_flags(&info[i]);
        g->gid = info[i].codepoint;
        g->cluster = info[i].cluster + (uint32_t)ctx_start;
        g->ax = (float)(pos[i].x_advance * k);
        g->dx = (float)(pos[i].x_offset * k);
        g->dy = (float)(pos[i].y_offset * k);
        g->flags = (uint16_t)(((gf & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) ? MZ_GF_UNSAFE_TO_BREAK : 0) |
                              ((gf & HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL) ? MZ_GF_SAFE_TATWEEL : 0) |
                              (rtl ? MZ_GF_RTL : 0));
        g->font = (uint16_t)run->font;
    }
    hb_buffer_destroy(buf);
    return 1;
}

mz_status mz_shape_para(mz_para *p, mz_fonts *fs, mz_diag *d)
{
    p->nglyphs = 0;
    for (size_t r = 0; r < p->nruns; r++) {
        mz_run *run = &p->runs[r];
        run->g0 = p->nglyphs;
        if (!mz_shape_range(p, run, p->u, 0, p->len, run->start, run->len, fs, &p->glyphs,
                            &p->nglyphs, &p->glyphs_cap))
            return mz_fail(d, MZ_ERR_NOMEM, "out of memory shaping a paragraph");
        run->ng = p->nglyphs - run->g0;
    }
    return MZ_OK;
}
