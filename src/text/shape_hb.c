/* shape_hb.c - one HarfBuzz call: a request's settings, its buffer, its glyphs in mujaz's units. */
#include "text/shape_int.h"

#include <errno.h>

#include <hb-ot.h>

#include <stdlib.h>

void mz_shape_global_init(void) { hb_language_from_string(MZ_DEFAULT_LANG, -1); }

void mz_script_name(uint32_t script, char tag[5])
{
    hb_tag_to_string(hb_script_to_iso15924_tag((hb_script_t)script), tag);
    tag[4] = 0;
}

void mz_shape_args_init(shape_args *a, const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n,
                        size_t *cap)
{
    a->r = r;
    a->f = fs->fonts[r->run->font];
    a->lang = hb_language_from_string(r->p->style.lang ? r->p->style.lang : MZ_DEFAULT_LANG, -1);
    a->rtl = r->run->level & 1;
    a->whole = 0;
    a->k = r->p->style.size / a->f->upem;
    a->rise = 0;
    if ((r->run->style & MZ_STYLE_SUPER) && r->p->style.super_scale > 0) {
        a->k *= r->p->style.super_scale;
        a->rise = r->p->style.super_rise * r->p->style.size;
    }
    a->out = out;
    a->n = n;
    a->cap = cap;
}

/* Shapes text[start, start+len) of the request in BUF, with the request's
 * context; the result stays in BUF.  0 on OOM. */
int mz_shape_hb(const shape_args *a, hb_buffer_t *buf, size_t start, size_t len)
{
    const mz_shape_req *r = a->r;
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf32(buf, r->text + r->ctx_start, (int)(r->ctx_end - r->ctx_start),
                        (unsigned)(start - r->ctx_start), (int)len);
    hb_buffer_set_direction(buf, a->rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, (hb_script_t)r->run->script);
    hb_buffer_set_language(buf, a->lang);
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
    unsigned flags = HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL;
    if (start == r->ctx_start) flags |= HB_BUFFER_FLAG_BOT;
    if (start + len == r->ctx_end) flags |= HB_BUFFER_FLAG_EOT;
    hb_buffer_set_flags(buf, (hb_buffer_flags_t)flags);
    /* HarfBuzz works on when an allocation fails (a lookup it could not
     * prepare is skipped): errno, which malloc sets, is the one witness */
    mz_errno_watch();
    return hb_shape_full(a->f->hb, buf, NULL, 0, NULL) && hb_buffer_allocation_successful(buf) &&
           errno != ENOMEM;
}

/* Appends BUF's glyphs (clusters relative to the context's start). */
int mz_shape_append(const shape_args *a, hb_buffer_t *buf)
{
    unsigned gn;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &gn);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    if (!mz_grow((void **)a->out, a->cap, *a->n + gn, sizeof **a->out)) return 0;
    for (unsigned i = 0; i < gn; i++)
        mz_put_glyph(a, info[i].codepoint, info[i].cluster + (uint32_t)a->r->ctx_start, &pos[i],
                  hb_glyph_info_get_glyph_flags(&info[i]));
    return 1;
}

int mz_shape_direct(const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n, size_t *cap)
{
    if (!mz_font_warm_layout(fs->fonts[r->run->font])) return 0;
    shape_args a;
    mz_shape_args_init(&a, r, fs, out, n, cap);
    hb_buffer_t *buf = hb_buffer_create();
    int ok = mz_shape_hb(&a, buf, r->start, r->len) && mz_shape_append(&a, buf);
    hb_buffer_destroy(buf);
    return ok;
}
