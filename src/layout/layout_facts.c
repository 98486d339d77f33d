/* layout_facts.c - the key-facts box: a tinted panel with its title and one marked item per fact, kept on one page. */
#include "layout/layout_int.h"

#include <stdlib.h>

/* The narrowest measure an item may have, em of its size. */
#define MZ_MIN_FACTS_MEASURE 4

/* What the box sets: its title and items, composed once to be measured
 * and then placed. */
typedef struct facts {
    mz_set title;
    mz_set *items;
    size_t n;
    double height;      /* the panel's, pads included */
} facts;

static void facts_free(facts *F)
{
    mz_set_free(&F->title);
    for (size_t i = 0; F->items && i < F->n; i++) mz_set_free(&F->items[i]);
    free(F->items);
}

static double set_height(const mz_lay *Y, const mz_set *s, const mz_role *r)
{
    double h = 0;
    for (size_t i = 0; i < s->lines.n; i++) h += mz_set_line_height(Y, s, i, Y->body_size * r->size * r->leading);
    return h;
}

/* Sets UTF8 in role R at MEASURE into *out. */
static mz_status set_role(mz_lay *Y, const char *utf8, const mz_role *r, double measure, mz_set *out)
{
    size_t n;
    uint32_t *u = mz_lay_utf32(Y, utf8, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting the key facts");
    mz_tstyle ts = {Y->body_size * r->size, r->face, r->color, MZ_JUSTIFY_NONE, 0, 0};
    return mz_lay_set_text(Y, &(mz_text){u, n, NULL, 0}, &ts, measure, out);
}

/* Composes everything and measures the panel: the text measure is the
 * frame less the pads and the bar; items leave a band for the marker. */
static mz_status facts_set(mz_lay *Y, const char *title, char *const *items, size_t n, facts *F, double *mk_band)
{
    const mz_theme *th = Y->th;
    double pad = th->facts_pad * Y->body_size, measure = Y->right - Y->left - 2 * pad - th->facts_bar_width;
    double isize = Y->body_size * th->facts_item.size;
    *mk_band = th->facts_marker_band * isize;
    if (measure - *mk_band < MZ_MIN_FACTS_MEASURE * isize)
        return mz_fail(Y->d, MZ_ERR_INPUT, "%s:%d: the key facts' panel leaves no room for its text (cover.facts.pad)",
                       Y->doc->name ? Y->doc->name : "<stdin>", Y->line);
    if (!(F->items = calloc(n, sizeof *F->items))) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    F->n = n;
    mz_status st = title ? set_role(Y, title, &th->facts_title, measure, &F->title) : MZ_OK;
    double h = 2 * pad + set_height(Y, &F->title, &th->facts_title);
    for (size_t i = 0; !st && i < n; i++) {
        st = set_role(Y, items[i], &th->facts_item, measure - *mk_band, &F->items[i]);
        if (!st) h += set_height(Y, &F->items[i], &th->facts_item) + (i ? Y->leading * th->facts_item_gap : 0);
    }
    F->height = h;
    return st;
}

/* Places the lines of S from the top *y down in [x0, x0 + S's measure]. */
static mz_status place(mz_lay *Y, const mz_set *s, const mz_role *r, double x0, double *y)
{
    mz_status st = MZ_OK;
    double lead = Y->body_size * r->size * r->leading;
    for (size_t i = 0; !st && i < s->lines.n; i++) {
        double lh = mz_set_line_height(Y, s, i, lead);
        /* as the body's lines: the extra height of tall ink above, the baseline
         * where a line box of the leading puts it */
        st = mz_lay_place_line(Y, s, i, x0, *y - (lh - lead) - lead * MZ_BASELINE_DROP);
        *y -= lh;
    }
    return st;
}

/* The items: an L of LIs, each its text an LBody; the marker beside its
 * first line a drawn square, decoration (an artifact, no text a reader
 * would take for content: PDF readers copied a ◆ glyph into every item). */
static mz_status place_items(mz_lay *Y, facts *F, int parent, double tx, double mk_band, double *y)
{
    const mz_theme *th = Y->th;
    if (!F->n || !F->items) return MZ_OK; /* the callers give one item at least */
    int list = mz_tag_node(Y, MZ_S_L, parent, NULL, 0);
    if (list < 0) return Y->d->status;
    double measure = F->items[0].measure;
    mz_status st = MZ_OK;
    for (size_t i = 0; !st && i < F->n; i++) {
        if (i) *y -= Y->leading * th->facts_item_gap;
        int li = mz_tag_node(Y, MZ_S_LI, list, NULL, 0);
        int body = li < 0 ? -1 : mz_tag_node(Y, MZ_S_LBODY, li, F->items[i].text, F->items[i].len);
        if (body < 0) return Y->d->status;
        /* the first baseline, as place() puts it */
        double lead = Y->body_size * th->facts_item.size * th->facts_item.leading;
        double lh = F->items[i].lines.n ? mz_set_line_height(Y, &F->items[i], 0, lead) : lead;
        double base = *y - (lh - lead) - lead * MZ_BASELINE_DROP, isz = Y->body_size * th->facts_item.size;
        double side = th->facts_marker_size * isz, mid = base + th->facts_marker_raise * isz;
        double mx = Y->rtl ? tx + measure + (mk_band - side) / 2 : tx - mk_band + (mk_band - side) / 2;
        Y->tag = MZ_TAG_LAYOUT;
        st = mz_lay_fill(Y, mx, mid - side / 2, side, side, th->facts_marker_color);
        Y->tag = body;
        if (!st) st = place(Y, &F->items[i], &th->facts_item, tx, y);
    }
    Y->tag = MZ_TAG_LAYOUT;
    return st;
}

/* The element type of the box's title: on the cover the level under the
 * cover's title; in the body one under the heading it follows. */
static int title_type(mz_lay *Y, const mz_block *b)
{
    if (!b) return mz_tag_heading(Y, Y->tg.hmin);
    int lv = Y->tg.hprev + 1 > 6 ? 6 : Y->tg.hprev + 1;
    return MZ_S_H1 + lv - 1;
}

mz_status mz_lay_facts(mz_lay *Y, const char *title, char *const *items, size_t n, const mz_block *b)
{
    const mz_theme *th = Y->th;
    if (!n) return MZ_OK;
    int line = b ? b->line : Y->doc->meta.facts_line;
    Y->line = line;
    facts F = {0};
    double mk_band;
    mz_status st = facts_set(Y, title, items, n, &F, &mk_band);
    if (!st && F.height > Y->top - Y->bottom)
        st = mz_fail(Y->d, MZ_ERR_INPUT, "%s:%d: the key facts do not fit on one page: shorten them",
                     Y->doc->name ? Y->doc->name : "<stdin>", line);
    if (!st) st = mz_lay_need(Y, F.height);
    double pad = th->facts_pad * Y->body_size, top = Y->y, bar = th->facts_bar_width;
    /* the panel and its bar are decoration: artifacts */
    Y->tag = MZ_TAG_LAYOUT;
    if (!st) st = mz_lay_fill(Y, Y->left, top - F.height, Y->right - Y->left, F.height, th->facts_fill);
    if (!st && bar > 0) st = mz_lay_fill(Y, Y->rtl ? Y->right - bar : Y->left, top - F.height, bar, F.height, th->facts_bar_color);
    double y = top - pad, tx0 = Y->rtl ? Y->left + pad : Y->left + bar + pad;
    /* the title reads as a heading of the box: the level under the cover's title */
    int parent = b ? mz_tag_container(Y, b) : Y->tg.doc;
    if (parent < 0) st = Y->d->status;
    if (!st && title) {
        int h = mz_tag_node(Y, title_type(Y, b), parent, F.title.text, F.title.len);
        if (h < 0) st = Y->d->status;
        Y->tag = h;
        if (!st) st = place(Y, &F.title, &th->facts_title, tx0, &y);
        Y->tag = MZ_TAG_LAYOUT;
    }
    double tx = Y->rtl ? tx0 : tx0 + mk_band;
    if (!st) st = place_items(Y, &F, parent, tx, mk_band, &y);
    Y->y = top - F.height;
    facts_free(&F);
    return st;
}
