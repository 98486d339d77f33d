/* layout_image.c - figures: an image at its natural size or scaled down to the text frame, its caption below, kept on one page. */
#include "layout/layout_int.h"

#define MZ_FIG_DPI 96.0     /* an image's natural size: pixels at a screen's density */
#define MZ_FIG_MAX_H 0.6    /* of the frame's height: a figure leaves room for its caption and text */
#define MZ_FIG_CAPTION 0.85 /* caption size relative to the body */
#define MZ_FIG_SPACE 0.6    /* space before and after the figure, in body leadings */
#define MZ_FIG_GAP 0.35     /* between image and caption, in body leadings */

mz_status mz_lay_image(mz_lay *Y, const mz_block *b)
{
    double fw = Y->right - Y->left, fh = Y->top - Y->bottom;
    double w = b->px_w * 72.0 / MZ_FIG_DPI, h = b->px_h * 72.0 / MZ_FIG_DPI;
    double k = 1;
    if (w * k > fw) k = fw / w;
    if (h * k > fh * MZ_FIG_MAX_H) k = fh * MZ_FIG_MAX_H / h;
    w *= k;
    h *= k;
    mz_tstyle ts = {Y->body_size * MZ_FIG_CAPTION, 0, MZ_MUTED, MZ_JUSTIFY_NONE, 1, 0};
    mz_set cap = {0};
    mz_status st = b->text.len ? mz_lay_set_text(Y, b->text.u, b->text.len, b->text.spans, b->text.nspans, &ts, fw,
                                                 0, &cap)
                               : MZ_OK;
    double lead = ts.size * 1.6, caph = 0;
    for (size_t i = 0; i < cap.lines.n; i++) caph += mz_set_line_height(Y, &cap, i, lead);
    double space = Y->leading * MZ_FIG_SPACE, gap = caph > 0 ? Y->leading * MZ_FIG_GAP : 0;
    if (!st) st = mz_lay_need(Y, space + h + gap + caph + space);
    if (st) {
        mz_set_free(&cap);
        return st;
    }
    double top = Y->y - space;
    mz_item *it = mz_lay_item(Y, MZ_ITEM_IMAGE);
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
    for (size_t i = 0; !st && i < cap.lines.n; i++) {
        double lh = mz_set_line_height(Y, &cap, i, lead);
        st = mz_lay_place_line(Y, &cap, i, Y->left, y - lh * 0.75);
        y -= lh;
    }
    mz_set_free(&cap);
    Y->y = y - space;
    return st;
}
