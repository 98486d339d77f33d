/* pdf_outline.c - glyph outlines as filled PDF paths, for glyphs that must be seen but not read. */
#include "pdf/pdf_outline.h"

#include "pdf/pdf_bytes.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Path coordinates are whole font units: the cubic control points of a
 * quadratic segment fall at thirds, rounded off by at most half a unit
 * (0.006 pt at 12 pt). */
typedef struct mz_pathw {
    mz_buf *b;
} mz_pathw;

static void pt(mz_buf *b, float x, float y)
{
    mz_pdf_num(b, (double)lroundf(x), 0);
    mz_buf_put(b, " ", 1);
    mz_pdf_num(b, (double)lroundf(y), 0);
    mz_buf_put(b, " ", 1);
}

static void move_to(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mz_buf *b = ((mz_pathw *)ud)->b;
    pt(b, x, y);
    mz_buf_puts(b, "m\n");
}

static void line_to(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mz_buf *b = ((mz_pathw *)ud)->b;
    pt(b, x, y);
    mz_buf_puts(b, "l\n");
}

static void quad_to(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, float cx, float cy, float x, float y,
                    void *u)
{
    (void)df, (void)u;
    mz_buf *b = ((mz_pathw *)ud)->b;
    float x0 = st->current_x, y0 = st->current_y;
    pt(b, x0 + (cx - x0) * 2 / 3, y0 + (cy - y0) * 2 / 3);
    pt(b, x + (cx - x) * 2 / 3, y + (cy - y) * 2 / 3);
    pt(b, x, y);
    mz_buf_puts(b, "c\n");
}

static void cubic_to(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, float c1x, float c1y, float c2x,
                     float c2y, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mz_buf *b = ((mz_pathw *)ud)->b;
    pt(b, c1x, c1y);
    pt(b, c2x, c2y);
    pt(b, x, y);
    mz_buf_puts(b, "c\n");
}

static void close_path(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, void *u)
{
    (void)df, (void)st, (void)u;
    mz_buf_puts(((mz_pathw *)ud)->b, "h\n");
}

static hb_draw_funcs_t *draw_funcs(void)
{
    hb_draw_funcs_t *f = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(f, move_to, NULL, NULL);
    hb_draw_funcs_set_line_to_func(f, line_to, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(f, quad_to, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(f, cubic_to, NULL, NULL);
    hb_draw_funcs_set_close_path_func(f, close_path, NULL, NULL);
    hb_draw_funcs_make_immutable(f);
    return f;
}

/* Glyph GID as a form XObject: its outline in font units, filled with
 * whatever colour is current where it is drawn; made on first use and kept
 * for the document (a glyph drawn this way is usually drawn again).  The
 * forms are drawn with the page's graphics, before its text object: pdf.js
 * ends a text item at every form, which would cut a line. */
static mz_status glyph_form(mz_pw *w, mz_pfont *p, uint32_t gid, mz_hobj **out)
{
    if (!p->form) {
        p->form = calloc(p->nglyphs ? p->nglyphs : 1, sizeof *p->form);
        if (!p->form) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    }
    if ((*out = p->form[gid].obj)) return MZ_OK;
    mz_buf b = {0};
    mz_pathw pw = {&b};
    /* HarfBuzz draws nothing, and says nothing, when it cannot allocate */
    mz_errno_watch();
    hb_draw_funcs_t *df = draw_funcs(); /* immutable and cheap; HarfBuzz 6 has no static one */
    hb_font_get_glyph_shape(p->f->hb, gid, df, &pw);
    hb_draw_funcs_destroy(df);
    mz_buf_puts(&b, "f\n");
    hb_glyph_extents_t ext = {0, 0, 0, 0};
    hb_font_get_glyph_extents(p->f->hb, gid, &ext);
    if (b.oom || errno == ENOMEM) {
        mz_buf_free(&b);
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    }
    mz_hdoc *h = w->h;
    mz_hobj *fo = mz_hstream(h), *bb = mz_harray(h);
    mz_hadd_name(h, fo, "Type", "XObject");
    mz_hadd_name(h, fo, "Subtype", "Form");
    int box[4] = {ext.x_bearing, ext.y_bearing + ext.height, ext.x_bearing + ext.width, ext.y_bearing};
    for (int i = 0; i < 4; i++) mz_hadd_int(h, bb, NULL, box[i]);
    mz_hadd(h, fo, "BBox", bb);
    mz_status st = mz_hdoc_status(h);
    if (!st)
        st = mz_pdf_write_deflated(h, w->d, fo, (mz_zin){b.data, b.len, Z_DEFAULT_COMPRESSION, "writing a glyph form"});
    mz_buf_free(&b);
    if (!st) p->form[gid].obj = *out = fo;
    return st;
}

mz_status mz_pdf_glyph_path(mz_pw *w, mz_pfont *p, uint32_t gid, const mz_gpath *at, mz_buf *out)
{
    mz_hobj *fo = NULL;
    if (gid >= p->nglyphs) return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: glyph %u of %u", gid, p->nglyphs);
    mz_status st = glyph_form(w, p, gid, &fo);
    if (st) return st;
    struct mz_pform *pf = &p->form[gid];
    /* libharu finds a form's name by walking the page's XObjects: a page
     * with many outlined words (kashida) would pay that for every glyph */
    if (pf->page != at->page) {
        const char *name = mz_hpage_xobject(w->h, at->page, fo);
        if (!name) return mz_hdoc_status(w->h);
        pf->page = at->page;
        pf->name = name;
    }
    double k = at->size / p->f->upem;
    mz_buf_puts(out, "q ");
    mz_pdf_num(out, k, 6);
    mz_buf_puts(out, " 0 0 ");
    mz_pdf_num(out, k, 6);
    mz_buf_puts(out, " ");
    mz_pdf_num3(out, at->x);
    mz_buf_puts(out, " ");
    mz_pdf_num3(out, at->y);
    mz_buf_puts(out, " cm\n/");
    mz_buf_puts(out, pf->name);
    mz_buf_puts(out, " Do\nQ\n");
    return out->oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
}
