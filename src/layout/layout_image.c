/* layout_image.c - figures: an image at its natural size or scaled down to the text frame, its caption below, kept on one page; the numbered captions of figures and tables. */
#include "layout/layout_int.h"

#include <stdint.h>
#include <string.h>

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
    mz_set cap = {0};
    mz_text ct = {0}; /* "شكل ١: the alt text" */
    double caph = 0;
    mz_status st = MZ_OK;
    if (b->text.len && !(st = mz_lay_caption_text(Y, mz_theme_words(th, Y->lang)->figure, ++Y->fig_no, &b->text,
                                                  0, &ct)))
        st = mz_lay_caption_set(Y, &ct, 1, &cap, &caph);
    double space = Y->leading * th->figure_space, gap = caph > 0 ? Y->leading * th->figure_gap : 0;
    if (!st) st = mz_lay_need(Y, space + h + gap + caph + space);
    if (st) {
        mz_set_free(&cap);
        return st;
    }
    double top = Y->y - space;
    /* a Figure whose alternative text is its caption as drawn (the alt
     * text, numbered), the caption its Caption: a reader honouring /Alt
     * skips the Figure's kids, so the number would be lost with alt alone */
    int fig = mz_tag_node(Y, MZ_S_FIGURE, mz_tag_container(Y, b), NULL, 0);
    if (fig > 0) st = cap.lines.n ? mz_tag_alt(Y, fig, ct.u, ct.len) : mz_tag_alt(Y, fig, b->text.u, b->text.len);
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
    if (cap.lines.n && (Y->tag = mz_tag_node(Y, MZ_S_CAPTION, fig, ct.u, ct.len)) < 0) st = Y->d->status;
    if (!st) st = mz_lay_caption_place(Y, &cap, y, &y);
    Y->tag = MZ_TAG_LAYOUT;
    mz_set_free(&cap);
    Y->y = y - space;
    return st;
}

/* ---- captions: tables', timelines' and images' ------------------------------- */

/* Appends u[0..n) to T (whose room the caller made), in style STYLE. */
static void text_put(mz_text *t, const uint32_t *u, size_t n, unsigned style, int link)
{
    if (!n) return;
    memcpy(t->u + t->len, u, n * sizeof *u);
    mz_span *last = t->nspans ? &t->spans[t->nspans - 1] : NULL;
    if (last && last->style == style && last->link == link) last->end += n;
    else t->spans[t->nspans++] = (mz_span){t->len, t->len + n, style, link};
    t->len += n;
}

static uint32_t *utf32(mz_lay *Y, const char *s, size_t *n)
{
    uint32_t *u = mz_lay_utf32(Y, s, n);
    if (!u) mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a caption");
    return u;
}

mz_status mz_lay_caption_text(mz_lay *Y, const char *word, int no, const mz_text *text, int continued,
                              mz_text *out)
{
    const mz_words *w = mz_theme_words(Y->th, Y->lang);
    mz_buf b = {0};
    mz_buf_puts(&b, word);
    if (no > 0) {
        mz_buf_puts(&b, " ");
        mz_format_number(&b, no, Y->arabic_digits);
    }
    if (text && text->len) mz_buf_puts(&b, no > 0 ? ": " : " ");
    mz_buf_put(&b, "", 1);
    size_t nl = 0, nc = 0;
    uint32_t *label = b.oom ? NULL : utf32(Y, b.data, &nl);
    mz_buf_free(&b);
    if (!label) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a caption");
    uint32_t *cont = NULL;
    if (continued && !(cont = utf32(Y, w->continued, &nc))) return Y->d->status;
    size_t tl = text ? text->len : 0, ts = text ? text->nspans : 0;
    if (tl > SIZE_MAX / 2 / sizeof *out->u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a caption");
    size_t len = nl + tl + 1 + nc;
    memset(out, 0, sizeof *out);
    out->u = mz_arena_alloc(&Y->L->arena, (len + 1) * sizeof *out->u);
    out->spans = mz_arena_alloc(&Y->L->arena, (ts + 3) * sizeof *out->spans);
    if (!out->u || !out->spans) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a caption");
    /* the label in the theme's label face (mz_face's bits are the style's) */
    text_put(out, label, nl, (unsigned)Y->th->caption_label_face, -1);
    for (size_t i = 0; i < ts; i++) {
        const mz_span *sp = &text->spans[i];
        text_put(out, text->u + sp->start, sp->end - sp->start, sp->style, sp->link);
    }
    if (continued) {
        text_put(out, (const uint32_t[]){' '}, 1, 0, -1);
        text_put(out, cont, nc, 0, -1);
    }
    return MZ_OK;
}

mz_status mz_lay_caption_set(mz_lay *Y, const mz_text *t, int align, mz_set *set, double *h)
{
    const mz_theme *th = Y->th;
    mz_tstyle ts = {Y->body_size * th->caption.size, th->caption.face, th->caption.color, MZ_JUSTIFY_NONE,
                    align, 0};
    memset(set, 0, sizeof *set);
    *h = 0;
    if (!t->len) return MZ_OK;
    mz_status st = mz_lay_set_text(Y, t, &ts, Y->right - Y->left, set);
    double lead = ts.size * th->caption.leading;
    for (size_t i = 0; !st && i < set->lines.n; i++) *h += mz_set_line_height(Y, set, i, lead);
    return st;
}

mz_status mz_lay_caption_place(mz_lay *Y, const mz_set *set, double top, double *bottom)
{
    double lead = Y->body_size * Y->th->caption.size * Y->th->caption.leading, y = top;
    mz_status st = MZ_OK;
    for (size_t i = 0; !st && i < set->lines.n; i++) {
        double lh = mz_set_line_height(Y, set, i, lead);
        st = mz_lay_place_line(Y, set, i, Y->left, y - lh * 0.75);
        y -= lh;
    }
    *bottom = y;
    return st;
}

mz_status mz_lay_source_text(mz_lay *Y, const mz_text *src, mz_text *out)
{
    return mz_lay_caption_text(Y, mz_theme_words(Y->th, Y->lang)->source, 0, src, 0, out);
}

int mz_tag_figure(mz_lay *Y, const mz_block *b, mz_buf *alt)
{
    mz_buf_put(alt, "", 1);
    size_t n = 0;
    uint32_t *u = alt->oom ? NULL : mz_lay_utf32(Y, alt->data, &n);
    mz_buf_free(alt);
    if (!u) {
        mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory building the structure tree");
        return -1;
    }
    int fig = mz_tag_node(Y, MZ_S_FIGURE, mz_tag_container(Y, b), NULL, 0);
    if (fig > 0 && mz_tag_alt(Y, fig, u, n)) return -1;
    return fig;
}

/* Under a drawn figure from Y: its caption, a Caption after the Figure FIG
 * (a reader honouring the Figure's /Alt skips the Figure's kids), and the
 * source line, a paragraph after it; *BOTTOM: where they end. */
mz_status mz_lay_figure_captions(mz_lay *Y, int fig, const mz_set *cap, const mz_text *capt, const mz_set *src,
                                 const mz_text *srct, double y, double *bottom)
{
    double gap = Y->leading * Y->th->figure_gap;
    mz_status st = MZ_OK;
    *bottom = y;
    int parent = fig > 0 ? Y->L->nodes[fig].parent : 0;
    if (cap->lines.n) {
        if ((Y->tag = mz_tag_node(Y, MZ_S_CAPTION, fig > 0 ? parent : fig, capt->u, capt->len)) < 0)
            return Y->d->status;
        st = mz_lay_caption_place(Y, cap, *bottom - gap, bottom);
    }
    if (!st && src->lines.n) {
        if ((Y->tag = mz_tag_node(Y, MZ_S_P, parent, srct->u, srct->len)) < 0) return Y->d->status;
        st = mz_lay_caption_place(Y, src, *bottom - (cap->lines.n ? 0 : gap), bottom);
    }
    Y->tag = MZ_TAG_LAYOUT;
    return st;
}
