/* pdf.c - the PDF writer's top: the document, its pages and their graphics, Info and catalog. */
#include "pdf/pdf_int.h"

#include "pdf/pdf_bookmarks.h"
#include "pdf/pdf_bytes.h"
#include "pdf/pdf_font.h"
#include "pdf/pdf_image.h"
#include "pdf/pdf_lines.h"
#include "pdf/pdf_memo.h"
#include "pdf/pdf_struct.h"
#include "pdf/pdf_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- graphics ------------------------------------------------------------------------- */

/* A circle as four Bezier quarter arcs (the usual 0.5523 control distance). */
static void put_circle(mz_buf *b, double x, double y, double r)
{
    const double k = 0.5522847498 * r;
    double pts[] = {x + r, y,                                    /* start */
                    x + r, y + k, x + k, y + r, x, y + r,        /* to the top */
                    x - k, y + r, x - r, y + k, x - r, y,        /* to the left */
                    x - r, y - k, x - k, y - r, x, y - r,        /* to the bottom */
                    x + k, y - r, x + r, y - k, x + r, y};       /* back */
    mz_pdf_num3(b, pts[0]);
    mz_buf_put(b, " ", 1);
    mz_pdf_num3(b, pts[1]);
    mz_buf_puts(b, " m\n");
    for (int seg = 0; seg < 4; seg++) {
        for (int i = 0; i < 6; i++) {
            mz_pdf_num3(b, pts[2 + seg * 6 + i]);
            mz_buf_put(b, " ", 1);
        }
        mz_buf_puts(b, "c\n");
    }
}

/* ---- other items ---------------------------------------------------------------------- */

/* Percent-encodes bytes a PDF URI string must not hold raw (it is 7-bit ASCII). */
static char *uri_ascii(const char *s)
{
    mz_buf b = {0};
    for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
        if (*q > 0x20 && *q < 0x7F) mz_buf_put(&b, q, 1);
        else mz_buf_printf(&b, "%%%02X", *q);
    }
    mz_buf_put(&b, "", 1);
    if (b.oom) {
        mz_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static mz_status nomem(mz_pw *w) { return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF"); }

/* A rectangle or circle, filled, stroked or both. */
static mz_status draw_shape(mz_pw *w, const mz_item *it)
{
    mz_buf *g = &w->page;
    if (!it->filled && !it->stroke) return MZ_OK;
    if (it->filled) mz_pdf_rgb(g, it->fill, "rg");
    if (it->stroke) {
        mz_pdf_rgb(g, it->color, "RG");
        mz_pdf_num3(g, it->line_width > 0 ? it->line_width : 0);
        mz_buf_puts(g, " w\n");
    }
    if (it->kind == MZ_ITEM_RECT) {
        double v[4] = {it->x, it->y, it->w, it->h};
        for (int k = 0; k < 4; k++) {
            mz_pdf_num3(g, v[k]);
            mz_buf_put(g, " ", 1);
        }
        mz_buf_puts(g, "re\n");
    } else {
        put_circle(g, it->x, it->y, it->w);
    }
    mz_buf_puts(g, it->filled && it->stroke ? "B\n" : it->filled ? "f\n" : "S\n");
    return g->oom ? nomem(w) : MZ_OK;
}

static mz_status draw_line(mz_pw *w, const mz_item *it)
{
    mz_buf *g = &w->page;
    mz_pdf_rgb(g, it->color, "RG");
    mz_pdf_num3(g, it->line_width > 0 ? it->line_width : 0);
    mz_buf_puts(g, " w\n");
    double v[4] = {it->x, it->y, it->x + it->w, it->y + it->h};
    for (int k = 0; k < 4; k++) {
        mz_pdf_num3(g, v[k]);
        mz_buf_puts(g, k == 1 ? " m\n" : k == 3 ? " l\nS\n" : " ");
    }
    return g->oom ? nomem(w) : MZ_OK;
}

static mz_status draw_link(mz_pw *w, mz_hobj *page, const mz_item *it, mz_hobj **pages, size_t npages)
{
    double rect[4] = {it->x, it->y, it->x + it->w, it->y + it->h};
    w->annot = NULL;
    if (it->dest == 2) { /* a page of this document, made already (ensure_pages) */
        if (it->dest_page < 0 || (size_t)it->dest_page >= npages)
            return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: a link to page %d of %zu", it->dest_page + 1, npages);
        return mz_hpage_goto(w->h, page, rect, pages[it->dest_page], it->dest_y, &w->annot);
    }
    if (it->dest) return mz_hpage_goto(w->h, page, rect, page, it->dest_y, &w->annot);
    if (it->note_ref) return MZ_OK; /* a reference whose note is on another page: no link out */
    if (!it->uri) return MZ_OK;
    char *u = uri_ascii(it->uri);
    if (!u) return nomem(w);
    double rc[4] = {it->x, it->y, it->x + it->w, it->y + it->h};
    mz_status st = mz_hpage_link(w->h, page, rc, u, &w->annot);
    free(u);
    return st;
}

/* The image XObject of FILE: embedded on its first use, then shared. */
static mz_hobj *image_of(mz_pw *w, const mz_item *it)
{
    for (size_t i = 0; i < w->nimages; i++)
        if (!strcmp(w->images[i].path, it->image)) return w->images[i].xobj;
    if (!mz_grow((void **)&w->images, &w->images_cap, w->nimages + 1, sizeof *w->images)) {
        nomem(w);
        return NULL;
    }
    mz_hobj *x = mz_pdf_image(w->h, &w->zip, w->d, it->image, it->image_kind);
    if (!x) return NULL;
    w->images[w->nimages++] = (struct mz_pimage){it->image, x};
    /* the document ID is a hash of what is drawn: the image's bytes too */
    FILE *f = fopen(it->image, "rb");
    unsigned char chunk[16384];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0) mz_pdf_hash_bytes(&w->hash, chunk, n);
    if (f) fclose(f);
    return x;
}

/* An image fills its rectangle: the unit square scaled and moved there. */
static mz_status draw_image(mz_pw *w, mz_hobj *page, const mz_item *it)
{
    mz_hobj *x = image_of(w, it);
    const char *name = x ? mz_hpage_xobject(w->h, page, x) : NULL;
    if (!name) return w->d->status ? w->d->status : nomem(w);
    mz_buf *g = &w->page;
    double m[6] = {it->w, 0, 0, it->h, it->x, it->y};
    mz_buf_puts(g, "q\n");
    for (int k = 0; k < 6; k++) {
        mz_pdf_num3(g, m[k]);
        mz_buf_puts(g, " ");
    }
    mz_buf_printf(g, "cm\n/%s Do\nQ\n", name);
    return g->oom ? nomem(w) : MZ_OK;
}

static mz_status draw_item(mz_pw *w, mz_hobj *page, const mz_item *it, mz_hobj **pages, size_t npages)
{
    mz_pdf_hash_item(&w->hash, it);
    switch (it->kind) {
    case MZ_ITEM_GLYPHS:
        return MZ_OK; /* handled by mz_pdf_draw_glyphs */
    case MZ_ITEM_RECT:
    case MZ_ITEM_CIRCLE:
        return draw_shape(w, it);
    case MZ_ITEM_LINE:
        return draw_line(w, it);
    case MZ_ITEM_LINK:
        return draw_link(w, page, it, pages, npages);
    case MZ_ITEM_IMAGE:
        return draw_image(w, page, it);
    }
    return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: unknown display item kind %d", (int)it->kind);
}

/* ---- document ------------------------------------------------------------------------- */

/* A UTF-16 text string under KEY of dictionary TO. */
static mz_status add_text(mz_pw *w, mz_hobj *to, const char *key, const char *utf8)
{
    size_t n = 0;
    unsigned char *t = mz_pdf_utf16_text(utf8, &n);
    if (!t) return nomem(w);
    mz_status st = mz_hadd_bytes(w->h, to, key, t, n);
    free(t);
    return st;
}

static mz_status set_info(mz_pw *w, const mz_layout *L, const mz_pdf_opts *o)
{
    mz_status st = mz_hdoc_creator(w->h, "mujaz");
    if (st) return st;
    const mz_meta *m = L->meta;
    struct {
        const char *key, *val;
    } kv[] = {{"Title", mz_pdf_title(L)},
              {"Author", m ? m->author : NULL},
              {"Subject", m ? m->subtitle : NULL}};
    for (size_t i = 0; i < 3; i++)
        if (kv[i].val && *kv[i].val && (st = add_text(w, mz_hdoc_root(w->h, MZ_HINFO), kv[i].key, kv[i].val)))
            return st;
    time_t t = o && o->epoch >= 0 ? (time_t)o->epoch : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) return mz_fail(w->d, MZ_ERR_USAGE, "creation date %lld is out of range", (long long)t);
    return mz_hdoc_dates(w->h, &tm);
}

static mz_status set_catalog(mz_pw *w, const mz_layout *L)
{
    mz_hdoc *h = w->h;
    mz_hobj *cat = mz_hdoc_root(h, MZ_HCATALOG);
    const char *lang = L->meta && L->meta->lang && *L->meta->lang ? L->meta->lang : MZ_DEFAULT_LANG;
    mz_hadd_str(h, cat, "Lang", lang);
    if (L->rtl || L->tagged) { /* our own dict: HPDF_SetViewerPreference would recreate it */
        mz_hobj *vp = mz_hdict(h);
        if (L->rtl) mz_hadd_name(h, vp, "Direction", "R2L");
        /* PDF/UA: the title bar shows the title, not the file name */
        if (L->tagged) mz_hadd_bool(h, vp, "DisplayDocTitle", 1);
        mz_hadd(h, cat, "ViewerPreferences", vp);
    }
    return mz_hdoc_page_labels(h);
}

/* The page's content is built in w->page and deflated here, so libharu
 * holds only compressed bytes until the file is saved (memory), and nothing
 * is compressed twice.  libharu's own compression is off for pages. */
static mz_status flush_page(mz_pw *w, mz_hobj *page, int furniture)
{
    if (w->art_g) mz_buf_puts(&w->page, "EMC\n");
    if (w->art_t) mz_buf_puts(&w->text, "EMC\n");
    w->art_g = w->art_t = 0;
    mz_status st = mz_pdf_line_helpers(w, page, &w->text);
    if (st) return st;
    if (w->text.len) { /* the text over the graphics, in one text object */
        mz_buf_puts(&w->page, "BT\n");
        mz_buf_put(&w->page, w->text.data, w->text.len);
        mz_buf_puts(&w->page, "ET\n");
    }
    if (w->page.oom || w->text.oom) return nomem(w);
    mz_zin in = {w->page.data, w->page.len, MZ_ZLEVEL, "writing a page"};
    /* a header and footer recur in other documents (the same page of the
     * same count), a page's body does not */
    return furniture ? mz_pdf_write_memo(w, mz_hpage_contents(page), in)
                     : mz_pdf_write_deflated(w->h, &w->zip, w->d, mz_hpage_contents(page), in);
}

/* The writer, between mz_pdf_begin and mz_pdf_end. */
struct mz_pdf_writer {
    mz_pw w;
    mz_pst *tree;       /* the structure of a tagged document */
    mz_hobj **pages;    /* PDF page of each layout page */
    size_t npages, pages_cap;
    unsigned char *has_content; /* per page: a content stream was written already */
    mz_gtext *gt;       /* scratch per glyph item, grown as needed */
    size_t scratch;
};

mz_status mz_pdf_begin(mz_pdf_writer **out, mz_fonts *fs, mz_diag *d)
{
    mz_pdf_writer *pw = calloc(1, sizeof *pw);
    *out = pw;
    if (!pw) return mz_fail(d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    mz_pw *w = &pw->w;
    w->d = d;
    w->fs = fs;
    w->nf = MZ_MAX_FONTS; /* fonts may still be loaded (fallbacks) while pages arrive */
    w->pf = calloc(MZ_MAX_FONTS, sizeof *w->pf);
    if (!w->pf) return nomem(w);
    mz_pdf_hash_init(&w->hash);
    return mz_hdoc_new(&w->h, d);
}

/* The box KEY of page PG: the paper W x H grown by PAD on each side (the
 * paper's origin stays the page's, so nothing drawn moves). */
static mz_status page_box(mz_hdoc *h, mz_hobj *pg, const char *key, double w, double ht, double pad)
{
    const double v[4] = {-pad, -pad, w + pad, ht + pad};
    mz_hobj *a = mz_harray(h);
    for (int i = 0; i < 4; i++) mz_hadd_real(h, a, NULL, (float)v[i]);
    return mz_hadd(h, pg, key, a);
}

/* With bleed, a print shop's three boxes: MediaBox (bleed and crop marks'
 * room), BleedBox, TrimBox (the paper); without, the MediaBox alone. */
static mz_status page_boxes(mz_hdoc *h, mz_hobj *pg, const mz_layout *L)
{
    if (L->media_pad <= 0) return MZ_OK;
    mz_status st = page_box(h, pg, "MediaBox", L->width, L->height, L->media_pad);
    if (!st) st = page_box(h, pg, "BleedBox", L->width, L->height, L->bleed);
    if (!st) st = page_box(h, pg, "TrimBox", L->width, L->height, 0);
    return st;
}

/* Makes sure PDF pages exist up to layout page `page`. */
static mz_status ensure_pages(mz_pdf_writer *pw, const mz_layout *L, size_t page)
{
    mz_pw *w = &pw->w;
    if (!(L->width > 0 && L->height > 0))
        return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: page size %gx%g", L->width, L->height);
    while (pw->npages <= page) {
        size_t cap = pw->pages_cap;
        if (!mz_grow((void **)&pw->pages, &pw->pages_cap, pw->npages + 1, sizeof *pw->pages))
            return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory adding a page");
        if (cap != pw->pages_cap) {
            unsigned char *hc = realloc(pw->has_content, pw->pages_cap);
            if (!hc) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory adding a page");
            pw->has_content = hc;
        }
        mz_status st = mz_hpage_add(w->h, L->width, L->height, &pw->pages[pw->npages]);
        if (!st) st = page_boxes(w->h, pw->pages[pw->npages], L);
        if (st) return st;
        pw->has_content[pw->npages++] = 0;
    }
    return pw->pages ? MZ_OK : mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: no page %zu", page);
}

/* Grows the per-glyph scratch to the page's longest glyph item. */
static mz_status page_scratch(mz_pdf_writer *pw, const mz_page *pg)
{
    size_t maxg = 1;
    for (size_t i = 0; i < pg->n; i++)
        if (pg->items[i].kind == MZ_ITEM_GLYPHS && pg->items[i].ng > maxg) maxg = pg->items[i].ng;
    if (maxg <= pw->scratch) return MZ_OK;
    free(pw->gt);
    pw->gt = malloc(maxg * sizeof *pw->gt);
    pw->scratch = pw->gt ? maxg : 0;
    return pw->gt ? MZ_OK : nomem(&pw->w);
}

static mz_status draw_plain(mz_pdf_writer *pw, mz_hobj *hp, const mz_item *it)
{
    mz_pw *w = &pw->w;
    return it->kind == MZ_ITEM_GLYPHS ? mz_pdf_draw_glyphs(w, hp, it, pw->gt) : draw_item(w, hp, it, pw->pages, pw->npages);
}

/* In buffer B (whose open artifact *OPEN records), an artifact of TAG's
 * kind open, consecutive artifacts of a kind sharing one sequence; tag
 * 1: none open (content follows). */
static void artifact(mz_buf *b, int *open, int tag)
{
    int want = tag <= 0 ? tag + 2 : 0;
    if (*open == want) return;
    if (*open) mz_buf_puts(b, "EMC\n");
    if (want) mz_buf_puts(b, mz_pst_artifact(tag));
    *open = want;
}

/* An item of a tagged page: content in its element's marked content (a
 * glyph item's text in the text object, and in the graphics any outlines
 * it draws, each their own MCID), decoration and furniture as artifacts,
 * a link annotation in its element. */
static mz_status draw_tagged(mz_pdf_writer *pw, const mz_layout *L, size_t page, mz_hobj *hp, const mz_item *it)
{
    mz_pw *w = &pw->w;
    int tag = it->tag;
    mz_status st;
    if (it->kind == MZ_ITEM_LINK) {
        st = draw_item(w, hp, it, pw->pages, pw->npages);
        return st ? st : mz_pst_annot(w, pw->tree, L, page, hp, tag, w->annot);
    }
    if (tag <= 0 || (size_t)tag >= L->nnodes) {
        if (tag > 0) tag = MZ_TAG_LAYOUT;
        artifact(&w->page, &w->art_g, tag);
        if (it->kind == MZ_ITEM_GLYPHS) artifact(&w->text, &w->art_t, tag);
        st = draw_plain(pw, hp, it);
        return st ? st : w->page.oom || w->text.oom ? nomem(w) : MZ_OK;
    }
    artifact(&w->page, &w->art_g, 1);
    artifact(&w->text, &w->art_t, 1);
    int mt = -1, mg;
    size_t g0 = w->page.len;
    if (it->kind == MZ_ITEM_GLYPHS && (st = mz_pst_open(w, pw->tree, L, page, tag, &w->text, &mt, 0))) return st;
    if ((st = mz_pst_open(w, pw->tree, L, page, tag, &w->page, &mg, mt >= 0))) return st;
    size_t g1 = w->page.len;
    if ((st = draw_plain(pw, hp, it))) return st;
    if (mt >= 0) {
        mz_buf_puts(&w->text, "EMC\n");
        if ((st = mz_pst_keep(w, pw->tree, L, page, hp, tag, mt))) return st;
    }
    if (w->page.len == g1) {
        w->page.len = g0; /* it drew no graphics */
    } else {
        mz_buf_puts(&w->page, "EMC\n");
        if ((st = mz_pst_keep(w, pw->tree, L, page, hp, tag, mg))) return st;
    }
    return w->page.oom || w->text.oom ? nomem(w) : MZ_OK;
}

mz_status mz_pdf_page(void *ud, const mz_layout *L, size_t page)
{
    mz_pdf_writer *pw = ud;
    mz_pw *w = &pw->w;
    mz_status st = ensure_pages(pw, L, page);
    if (st || page >= L->npages) return st;
    const mz_page *pg = &L->pages[page];
    if ((st = page_scratch(pw, pg)) || !pg->n) return st;
    for (size_t i = 0; i < pg->n && !st; i++) /* the pages contents entries link to */
        if (pg->items[i].kind == MZ_ITEM_LINK && pg->items[i].dest == 2 && pg->items[i].dest_page >= 0)
            st = ensure_pages(pw, L, (size_t)pg->items[i].dest_page);
    if (L->tagged && !pw->tree && !(pw->tree = mz_pst_new())) st = nomem(w);
    if (st) return st;
    mz_hobj *hp = pw->pages[page];
    /* a page's second helping (header, footer) goes in a stream of its own */
    int furniture = pw->has_content[page];
    if (furniture && (st = mz_hpage_new_contents(w->h, hp))) return st;
    w->page.len = w->text.len = w->npch = 0;
    w->in_line = 0;
    w->art_g = w->art_t = 0;
    for (size_t i = 0; i < pg->n && !st; i++) {
        const mz_item *it = &pg->items[i];
        st = L->tagged ? draw_tagged(pw, L, page, hp, it) : draw_plain(pw, hp, it);
    }
    if (!st) st = flush_page(w, hp, furniture);
    pw->has_content[page] = 1;
    return st;
}

mz_status mz_pdf_end(mz_pdf_writer *pw, const mz_layout *L, const mz_pdf_opts *o, unsigned char **out,
                     size_t *out_len)
{
    mz_pw *w = &pw->w;
    *out = NULL;
    *out_len = 0;
    mz_status st = ensure_pages(pw, L, L->npages ? L->npages - 1 : 0); /* a PDF needs a page */
    for (int f = 0; f < w->nf && !st; f++)
        if (w->pf[f].f && w->pf[f].nvar) st = mz_pdf_finish_font(w, &w->pf[f]);
    /* one clock reading, so Info and XMP dates agree */
    mz_pdf_opts oo = {0, -1, NULL};
    if (o) oo = *o;
    if (oo.epoch < 0) oo.epoch = (long long)time(NULL);
    if (!st) st = set_info(w, L, &oo);
    if (!st) st = set_catalog(w, L);
    if (!st) st = mz_pdf_bookmarks(w, L, pw->pages, L->npages < pw->npages ? L->npages : pw->npages);
    if (!st && L->tagged) {
        if (!pw->tree && !(pw->tree = mz_pst_new())) st = nomem(w);
        if (!st) st = mz_pst_finish(w, pw->tree, L, pw->pages, pw->npages);
    }
    if (!st) st = mz_pdf_set_id(w->h, &w->hash, L);
    if (!st && (oo.pdfa || L->tagged)) st = mz_pdf_set_xmp(w->h, L, (time_t)oo.epoch, oo.pdfa, w->d);
    if (!st && oo.out)
        st = mz_hdoc_save_to(w->h, oo.out);
    else if (!st)
        st = mz_hdoc_save(w->h, out, out_len);
    return st;
}

void mz_pdf_free(mz_pdf_writer *pw)
{
    if (!pw) return;
    mz_pw *w = &pw->w;
    mz_hdoc_free(w->h);
    for (int f = 0; w->pf && f < w->nf; f++) mz_pdf_font_free(&w->pf[f]);
    free(w->pf);
    mz_pst_free(pw->tree);
    free(pw->pages);
    free(pw->has_content);
    free(pw->gt);
    free(w->cps);
    free(w->pch);
    free(w->images);
    mz_buf_free(&w->b);
    mz_buf_free(&w->page);
    mz_buf_free(&w->text);
    mz_zip_free(&w->zip);
    free(pw);
}

mz_status mz_pdf_write(const mz_layout *L, mz_fonts *fs, const mz_pdf_opts *o, unsigned char **out,
                       size_t *out_len, mz_diag *d)
{
    mz_pdf_writer *pw;
    *out = NULL;
    *out_len = 0;
    mz_status st = mz_pdf_begin(&pw, fs, d);
    for (size_t p = 0; p < L->npages && !st; p++) st = mz_pdf_page(pw, L, p);
    if (!st) st = mz_pdf_end(pw, L, o, out, out_len);
    mz_pdf_free(pw);
    return st;
}
