/* layout_cover.c - the cover block (band, logo, title, key facts) and every page's header, footer and crop marks. */
#include "layout/layout_int.h"

#include <stdlib.h>
#include <string.h>


/* Where a line of furniture or of the cover band goes: across the text
 * frame, aligned (0 start, 1 centre, 2 end), its first baseline given. */
typedef struct spot {
    const mz_role *r;
    int align;
    double baseline;
    double x0, w;       /* a narrower band than the frame when w > 0 (beside the cover's logo) */
} spot;

/* Sets UTF-8 text at AT (no page breaks). */
static mz_status lay_simple(mz_lay *Y, const char *utf8, const spot *at)
{
    const mz_role *r = at->r;
    size_t n;
    uint32_t *u = mz_lay_utf32(Y, utf8, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    double size = Y->body_size * r->size;
    mz_tstyle ts = {size, r->face, r->color, MZ_JUSTIFY_NONE, at->align, 0};
    mz_set set;
    /* the cover band's texts (issuer, date) are the document's: a P each */
    int saved = Y->tag;
    if (Y->tg.band && (Y->tag = mz_tag_node(Y, MZ_S_P, Y->tg.doc, u, n)) < 0) return Y->d->status;
    double x0 = at->w > 0 ? at->x0 : Y->left, w = at->w > 0 ? at->w : Y->right - Y->left;
    mz_status st = mz_lay_set_text(Y, &(mz_text){u, n, NULL, 0}, &ts, w, &set);
    for (size_t i = 0; !st && i < set.lines.n; i++)
        st = mz_lay_place_line(Y, &set, i, x0, at->baseline - (double)i * size * r->leading);
    Y->tag = saved;
    mz_set_free(&set);
    return st;
}

static mz_fields fields(const mz_lay *Y, long page)
{
    const char *mark = Y->doc->meta.classification ? Y->doc->meta.classification : Y->th->classification;
    mz_fields f = {&Y->doc->meta, mz_theme_words(Y->th, Y->lang), mark, page, (long)Y->L->npages,
                   Y->arabic_digits};
    return f;
}

/* Expands TMPL and sets it at AT; *laid = 1 when it was not empty. */
static mz_status lay_template(mz_lay *Y, const char *tmpl, const mz_fields *f, const spot *at,
                              int *laid)
{
    mz_buf b = {0};
    mz_theme_expand(tmpl, f, &b);
    mz_status st = MZ_OK;
    if (b.oom) st = mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a header or footer");
    else if (b.len) {
        st = lay_simple(Y, b.data, at);
        *laid = 1;
    }
    mz_buf_free(&b);
    return st;
}

/* The logo at the frame's start edge, centred in the band: an artifact,
 * since the issuer's name beside it says what it says (a Figure with that
 * name as /Alt would be read twice).  *room: the width it takes, with its gap. */
static mz_status band_logo(mz_lay *Y, double *room)
{
    const mz_meta *m = &Y->doc->meta;
    const mz_theme *th = Y->th;
    double band_h = th->band_height, h = th->logo_size < band_h ? th->logo_size : band_h;
    *room = 0;
    if (!m->logo || h <= 0 || m->logo_w <= 0 || m->logo_h <= 0) return MZ_OK;
    double w = h * m->logo_w / m->logo_h;
    int saved = Y->tag;
    Y->tag = MZ_TAG_LAYOUT;
    mz_item *it = mz_lay_item(Y, MZ_ITEM_IMAGE);
    Y->tag = saved;
    if (!it) return Y->d->status;
    it->x = Y->rtl ? Y->right - w : Y->left;
    it->y = Y->L->height - band_h + (band_h - h) / 2;
    it->w = w;
    it->h = h;
    it->image = m->logo;
    it->image_kind = m->logo_kind;
    *room = w + th->logo_gap;
    return MZ_OK;
}

/* One line of the band: TEXT (a template) in role R at BASELINE, aligned
 * ALIGN (0 start, 2 end) in [x0, x0 + w]; *laid = 1 when not empty. */
static mz_status band_line(mz_lay *Y, const char *text, const mz_role *r, int align, double x0, double w,
                           double baseline, int *laid)
{
    mz_fields f = fields(Y, 0);
    *laid = 0;
    return lay_template(Y, text, &f, &(spot){r, align, baseline, x0, w}, laid);
}

/* Whether template T comes out empty on the cover. */
static int band_empty(mz_lay *Y, const char *t, int *oom)
{
    mz_fields f = fields(Y, 0);
    mz_buf b = {0};
    mz_theme_expand(t, &f, &b);
    int empty = b.len == 0;
    *oom |= b.oom;
    mz_buf_free(&b);
    return empty;
}

/* The band across the top of the first page, to the paper's edge and
 * into the bleed: the issuer's identity (logo, issuer, unit) at the start,
 * the marking and reference at the end; set line by line (both sides'
 * first lines, then their notes), the order readers take them in.  A side
 * without a note has its line half a note leading above the notes' baseline.
 * A band with nothing in it (no text, no logo) is the theme's bare height.
 * *height: the band's height. */
static mz_status lay_band(mz_lay *Y, double *height)
{
    const mz_theme *th = Y->th;
    const mz_meta *m = &Y->doc->meta;
    double W = Y->L->width, H = Y->L->height, band_h = th->band_height, b = Y->bleed;
    *height = 0;
    if (band_h <= 0) return MZ_OK;
    int oom = 0, laid;
    int sn = !band_empty(Y, th->band_start_note_text, &oom), en = !band_empty(Y, th->band_end_note_text, &oom);
    int bare = !sn && !en && !m->logo && band_empty(Y, th->band_start_text, &oom) && band_empty(Y, th->band_end_text, &oom);
    if (oom) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting the cover band");
    if (bare) band_h = th->band_bare_height;
    *height = band_h;
    if (band_h <= 0) return MZ_OK;
    double low = H - band_h + th->band_baseline, logo = 0;
    mz_status st = mz_lay_fill(Y, 0 - b, H - band_h, W + 2 * b, band_h + b, th->band_color); /* 0 - b: no -0.00 */
    if (!st) st = band_logo(Y, &logo);
    double fw = Y->right - Y->left, sx = Y->rtl ? Y->left : Y->left + logo;
    if (bare) return st;
    double ss = Y->body_size * th->band_start_note.size * th->band_start_note.leading;
    double es = Y->body_size * th->band_end_note.size * th->band_end_note.leading;
    Y->tg.band = 1;
    if (!st) st = band_line(Y, th->band_start_text, &th->band_start, 0, sx, fw - logo, low + (sn ? ss : ss / 2), &laid);
    if (!st) st = band_line(Y, th->band_end_text, &th->band_end, 2, Y->left, fw, low + (en ? es : es / 2), &laid);
    if (!st && sn) st = band_line(Y, th->band_start_note_text, &th->band_start_note, 0, sx, fw - logo, low, &laid);
    if (!st && en) st = band_line(Y, th->band_end_note_text, &th->band_end_note, 2, Y->left, fw, low, &laid);
    Y->tg.band = 0;
    return st;
}

mz_status mz_lay_cover(mz_lay *Y)
{
    const mz_meta *m = &Y->doc->meta;
    const mz_theme *th = Y->th;
    mz_status st = MZ_OK;
    if (!th->cover_on || (!m->title && !m->subtitle && !m->author && !m->date && !m->nfacts)) return MZ_OK;
    if (Y->page < 0) st = mz_lay_new_page(Y);
    double band_h = 0;
    if (!st) st = lay_band(Y, &band_h);
    Y->y = Y->L->height - band_h - th->title_top;
    if (!st && m->title) st = mz_lay_block_text(Y, m->title, &th->cover_title, MZ_S_H1);
    if (!st && m->subtitle) {
        Y->y -= th->subtitle_gap;
        st = mz_lay_block_text(Y, m->subtitle, &th->cover_subtitle, MZ_S_P);
    }
    mz_buf by = {0};
    mz_fields f = fields(Y, 0);
    mz_theme_expand(th->byline, &f, &by);
    if (!st && by.oom) st = mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting the cover");
    if (!st && by.len) {
        Y->y -= th->byline_gap;
        st = mz_lay_block_text(Y, by.data, &th->cover_byline, MZ_S_P);
    }
    mz_buf_free(&by);
    if (!st) {
        /* a rule across the frame, and an accent bar on it at the start side */
        Y->y -= th->cover_rule_gap;
        st = mz_lay_fill(Y, Y->left, Y->y, Y->right - Y->left, th->cover_rule_width,
                         th->cover_rule_color);
        double w = th->cover_accent_width;
        if (!st && w > 0)
            st = mz_lay_fill(Y, Y->rtl ? Y->right - w : Y->left, Y->y - th->cover_accent_drop, w,
                             th->cover_accent_height, th->cover_accent_color);
    }
    if (!st && m->nfacts) {
        Y->y -= th->facts_gap;
        st = mz_lay_facts(Y, mz_theme_facts_title(th, Y->lang), m->facts, m->nfacts, NULL);
    }
    Y->y -= Y->leading * (m->nfacts ? th->facts_after : th->cover_after);
    return st;
}

/* One page's header or footer: its three slots, and its rule when any was set
 * (under a header's baseline, over a footer's). */
static mz_status lay_slots(mz_lay *Y, const mz_furniture *fu, size_t p, double base, int under)
{
    if (p == 0 && !fu->first_page) return MZ_OK;
    mz_fields f = fields(Y, (long)p + 1);
    int laid = 0;
    mz_status st = lay_template(Y, fu->start, &f, &(spot){&fu->text, 0, base, 0, 0}, &laid);
    if (!st) st = lay_template(Y, fu->centre, &f, &(spot){&fu->text, 1, base, 0, 0}, &laid);
    if (!st) st = lay_template(Y, fu->end, &f, &(spot){&fu->text, 2, base, 0, 0}, &laid);
    if (!st && laid && fu->rule_width > 0) {
        double y = under ? base - fu->rule_gap : base + fu->rule_gap;
        st = mz_lay_line(Y, Y->left, y, Y->right, y, fu->rule_color, fu->rule_width);
    }
    return st;
}

/* Crop marks at the four corners of page P's trim: from the bleed's edge
 * (at least the theme's offset) outwards, in the MediaBox's margin; artifacts. */
static mz_status lay_crop_marks(mz_lay *Y)
{
    const mz_theme *th = Y->th;
    double W = Y->L->width, H = Y->L->height;
    double o = Y->bleed > th->crop_offset ? Y->bleed : th->crop_offset, e = o + th->crop_length;
    mz_rgb black = {0, 0, 0};
    mz_status st = MZ_OK;
    for (int c = 0; c < 4 && !st; c++) {
        double x = c & 1 ? W : 0, y = c & 2 ? H : 0, sx = c & 1 ? 1 : -1, sy = c & 2 ? 1 : -1;
        st = mz_lay_line(Y, x + sx * o, y, x + sx * e, y, black, th->crop_width);
        if (!st) st = mz_lay_line(Y, x, y + sy * o, x, y + sy * e, black, th->crop_width);
    }
    return st;
}

mz_status mz_lay_furniture(mz_lay *Y)
{
    mz_layout *L = Y->L;
    const mz_theme *th = Y->th;
    mz_status st = MZ_OK;
    int saved = Y->page;
    Y->tag = MZ_TAG_PAGINATION;
    Y->left = Y->frame_left;
    Y->right = Y->frame_right;
    for (size_t p = 0; p < L->npages && !st; p++) {
        Y->page = (int)p;
        st = lay_slots(Y, &th->header, p, L->height - th->margin_top + th->header.baseline, 1);
        if (!st) st = lay_slots(Y, &th->footer, p, th->margin_bottom - th->footer.baseline, 0);
        if (!st && L->media_pad > L->bleed) st = lay_crop_marks(Y);
        /* with a sink, each page's header and footer go on at once: holding
         * them all would hold an arena block per page */
        if (!st && L->sink) {
            L->flushed = p;
            st = mz_lay_flush(Y, p + 1);
        }
    }
    Y->page = saved;
    return st;
}
