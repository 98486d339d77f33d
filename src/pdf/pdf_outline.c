/* pdf_outline.c - glyph outlines as filled PDF paths, for glyphs that must be seen but not read. */
#include "pdf/pdf_outline.h"

#include "pdf/pdf_bytes.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Path coordinates are whole font units: the cubic control points of a
 * quadratic segment fall at thirds, rounded off by at most half a unit
 * (0.006 pt at 12 pt). */
typedef struct mz_pathw {
    mz_buf *b;
} mz_pathw;

/* "a b" into T (room for 41); returns its length. */
static size_t pair(char *t, long a, long b)
{
    size_t n = mz_pdf_itoa(t, a);
    t[n++] = ' ';
    return n + mz_pdf_itoa(t + n, b);
}

/* "x y ", one copy into the path: a glyph has some fifty segments and a
 * document hundreds of forms */
static void pt(mz_buf *b, float x, float y)
{
    char t[44];
    size_t n = pair(t, lroundf(x), lroundf(y));
    t[n++] = ' ';
    mz_buf_put(b, t, n);
}

static void move_to(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mz_buf *b = ((mz_pathw *)ud)->b;
    pt(b, x, y);
    mz_buf_put(b, "m\n", 2);
}

static void line_to(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mz_buf *b = ((mz_pathw *)ud)->b;
    pt(b, x, y);
    mz_buf_put(b, "l\n", 2);
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
    mz_buf_put(b, "c\n", 2);
}

static void cubic_to(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, float c1x, float c1y, float c2x,
                     float c2y, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mz_buf *b = ((mz_pathw *)ud)->b;
    pt(b, c1x, c1y);
    pt(b, c2x, c2y);
    pt(b, x, y);
    mz_buf_put(b, "c\n", 2);
}

static void close_path(hb_draw_funcs_t *df, void *ud, hb_draw_state_t *st, void *u)
{
    (void)df, (void)st, (void)u;
    mz_buf_put(((mz_pathw *)ud)->b, "h\n", 2);
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

/* A glyph's form as deflated bytes and its box: they depend on the face
 * and the glyph only, so they are kept in the faces' cache (mz_fonts) for
 * every later document of a batch (deflating a glyph's path costs about
 * 135 000 instructions, and a briefing draws some fifty). */
typedef struct mz_gform {
    unsigned char *z; /* NULL: not made yet */
    size_t zlen;
    int box[4];
} mz_gform;

struct mz_form_cache {
    const mz_font *f[MZ_MAX_FONTS]; /* the face whose forms g[i] holds */
    mz_gform *g[MZ_MAX_FONTS];      /* per GID */
    unsigned n[MZ_MAX_FONTS];
};

static void face_forms_free(struct mz_form_cache *c, int i)
{
    for (unsigned k = 0; c->g[i] && k < c->n[i]; k++) free(c->g[i][k].z);
    free(c->g[i]);
    c->g[i] = NULL;
    c->f[i] = NULL;
    c->n[i] = 0;
}

static void form_cache_free(void *data)
{
    struct mz_form_cache *c = data;
    for (int i = 0; c && i < MZ_MAX_FONTS; i++) face_forms_free(c, i);
    free(c);
}

/* The cache's entry for glyph GID of P's face; NULL when out of memory. */
static mz_gform *cached_form(mz_pw *w, mz_pfont *p, uint32_t gid)
{
    struct mz_form_cache *c = mz_fonts_cache(w->fs, MZ_FONTS_CACHE_FORMS);
    if (!c) {
        if (!(c = calloc(1, sizeof *c))) return NULL;
        mz_fonts_set_cache(w->fs, MZ_FONTS_CACHE_FORMS, c, form_cache_free);
    }
    int i = (int)(p - w->pf); /* the face's index: pf has one record per face */
    if (i < 0 || i >= MZ_MAX_FONTS) return NULL;
    if (c->f[i] != p->f) { /* another face at this index (never while the faces live) */
        face_forms_free(c, i);
        if (!(c->g[i] = calloc(p->nglyphs ? p->nglyphs : 1, sizeof *c->g[i]))) return NULL;
        c->f[i] = p->f;
        c->n[i] = p->nglyphs;
    }
    return gid < c->n[i] ? &c->g[i][gid] : NULL;
}

/* Draws glyph GID's outline in font units and deflates it into G. */
static mz_status make_form(mz_pw *w, mz_pfont *p, uint32_t gid, mz_gform *g)
{
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
    int box[4] = {ext.x_bearing, ext.y_bearing + ext.height, ext.x_bearing + ext.width, ext.y_bearing};
    memcpy(g->box, box, sizeof box);
    mz_status st = mz_pdf_deflate(&w->zip, w->d, (mz_zin){b.data, b.len, MZ_ZLEVEL_FORM, "writing a glyph form"},
                                  &g->z, &g->zlen);
    mz_buf_free(&b);
    return st;
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
    mz_gform *g = cached_form(w, p, gid);
    if (!g) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    mz_status st = g->z ? MZ_OK : make_form(w, p, gid, g);
    if (st) return st;
    mz_hdoc *h = w->h;
    mz_hobj *fo = mz_hstream(h), *bb = mz_harray(h);
    mz_hadd_name(h, fo, "Type", "XObject");
    mz_hadd_name(h, fo, "Subtype", "Form");
    for (int i = 0; i < 4; i++) mz_hadd_int(h, bb, NULL, g->box[i]);
    mz_hadd(h, fo, "BBox", bb);
    st = mz_hdoc_status(h);
    if (!st) st = mz_hstream_write(h, fo, g->z, g->zlen, MZ_HDEFLATED);
    if (!st) p->form[gid].obj = *out = fo;
    return st;
}

/* Where the run's next glyph goes: its scaling and origin for the first,
 * a move in font units from the last for the others.  Rounding each place
 * from the origin (not each move) keeps the error of a glyph within half a
 * unit however long the word: 0.007 pt at 13.5 pt, as the outlines' own. */
static void run_move(mz_gpath *at, double k, double x, double y, mz_buf *out)
{
    if (!at->open) {
        mz_buf_puts(out, "q ");
        mz_pdf_num(out, k, 6);
        mz_buf_puts(out, " 0 0 ");
        mz_pdf_num(out, k, 6);
        mz_buf_puts(out, " ");
        mz_pdf_num3(out, x);
        mz_buf_puts(out, " ");
        mz_pdf_num3(out, y);
        mz_buf_puts(out, " cm\n");
        at->ox = x, at->oy = y, at->ux = at->uy = 0, at->open = 1;
        return;
    }
    long ux = lround((x - at->ox) / k), uy = lround((y - at->oy) / k);
    if (ux == at->ux && uy == at->uy) return;
    char t[64] = "1 0 0 1 ";
    size_t n = 8 + pair(t + 8, ux - at->ux, uy - at->uy);
    memcpy(t + n, " cm\n", 4);
    mz_buf_put(out, t, n + 4);
    at->ux = ux, at->uy = uy;
}

mz_status mz_pdf_glyph_path(mz_pw *w, mz_pfont *p, uint32_t gid, mz_gpath *at, double x, double y, mz_buf *out)
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
    run_move(at, at->size / p->f->upem, x, y, out);
    mz_buf_put(out, "/", 1);
    mz_buf_puts(out, pf->name);
    mz_buf_put(out, " Do\n", 4);
    return out->oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
}

void mz_pdf_glyph_run_end(mz_gpath *at, mz_buf *out)
{
    if (at->open) mz_buf_puts(out, "Q\n");
    at->open = 0;
}
