/* layout_image.c - figures: an image at its natural size or scaled down to the text frame, its caption below, kept on one page. */
#include "layout/layout_int.h"

/* An image's natural size: its pixels at a screen's density (the CSS
 * pixel), which is what an author sees it at; the theme's figure keys
 * decide the rest. */
#define MZ_FIG_DPI 96.0

mz_status mz_lay_image(mz_lay *Y, const mz_block *b)
{
    const mz_theme *th = Y->th;
    double fw = Y->right - Y->left, fh = Y->top - Y->bottom;
    double w = b->px_w * 72.0 / MZ_FIG_DPI, h = b->px_h * 72.0 / MZ_FIG_DPI;
    double k = 1;
    if (w * k > fw) k = fw / w;
    if (h * k > fh * th->figure_max_height) k = fh * th->figure_max_height / h;
    w *= k;
    h *= k;
    mz_tstyle ts = {Y->body_size * th->caption.size, th->caption.face, th->caption.color, MZ_JUSTIFY_NONE, 1, 0};
    mz_set cap = {0};
    mz_status st = b->text.len ? mz_lay_set_text(Y, &b->text, &ts, fw, &cap) : MZ_OK;
    double lead = ts.size * th->caption.leading, caph = 0;
    for (size_t i = 0; i < cap.lines.n; i++) caph += mz_set_line_height(Y, &cap, i, lead);
    double space = Y->leading * th->figure_space, gap = caph > 0 ? Y->leading * th->figure_gap : 0;
    if (!st) st = mz_lay_need(Y, space + h + gap + caph + space);
    if (st) {
        mz_set_free(&cap);
        return st;
    }
    double top = Y->y - space;
    /* a Figure whose alternative text is the alt text; the caption its Caption */
    int fig = mz_tag_node(Y, MZ_S_FIGURE, mz_tag_container(Y, b), NULL, 0);
    if (fig > 0) st = mz_tag_alt(Y, fig, b->text.u, b->text.len);
    if (fig < 0 || st) {
        mz_set_free(&cap);
        return Y->d->status;
    }
    Y->tag = fig;
    mz_item *it = mz_lay_item(Y, MZ_ITEM_IMAGE);
    Y->tag = MZ_TAG_LAYOUT;
    if (!it) {
        mz_set_free(&cap);
        return Y->d->status;
    }
    it->x = Y->left + (fw - w) / 2;
    it->y = top - h;
    it->w = w;
    it->h = h;
    it->image = b->src;
    it->image_kind = b->image_kind;
    double y = top - h - gap;
    if (cap.lines.n && (Y->tag = mz_tag_node(Y, MZ_S_CAPTION, fig, b->text.u, b->text.len)) < 0) st = Y->d->status;
    for (size_t i = 0; !st && i < cap.lines.n; i++) {
        double lh = mz_set_line_height(Y, &cap, i, lead);
        st = mz_lay_place_line(Y, &cap, i, Y->left, y - lh * 0.75);
        y -= lh;
    }
    Y->tag = MZ_TAG_LAYOUT;
    mz_set_free(&cap);
    Y->y = y - space;
    return st;
}
