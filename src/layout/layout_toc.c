/* layout_toc.c - the table of contents: an entry per heading, its page number, dotted leader and link. */
#include "layout/layout_int.h"


/* The dotted leader from an entry's text (ending at text_lo/text_hi) to its number. */
static mz_status lay_leader(mz_lay *Y, double text_lo, double text_hi, double num_w, double base)
{
    const mz_theme *th = Y->th;
    double a = Y->rtl ? Y->left + num_w + th->toc_leader_gap : text_hi + th->toc_leader_gap;
    double z = Y->rtl ? text_lo - th->toc_leader_gap : Y->right - num_w - th->toc_leader_gap;
    for (double x = z - th->toc_leader_inset; x > a; x -= th->toc_leader_step) {
        mz_item *dot = mz_lay_item(Y, MZ_ITEM_CIRCLE);
        if (!dot) return Y->d->status;
        dot->x = x;
        dot->y = base + th->toc_leader_raise;
        dot->w = th->toc_leader_radius;
        dot->fill = th->toc_leader_color;
        dot->filled = 1;
    }
    return MZ_OK;
}

/* The link from a contents entry (from its first line's top, TOP, to
 * below its last baseline) to its heading at Y on PAGE (1-based). */
static mz_status toc_link(mz_lay *Y, double top, double base, int page, double y)
{
    mz_item *ln = mz_lay_item(Y, MZ_ITEM_LINK);
    if (!ln) return Y->d->status;
    ln->x = Y->left;
    ln->y = base - Y->leading * (1 - MZ_BASELINE_DROP);
    ln->w = Y->right - Y->left;
    ln->h = top - ln->y;
    ln->dest = 2;
    ln->dest_page = page - 1;
    ln->dest_y = y;
    return MZ_OK;
}

/* One entry: heading B, on PAGE (0 in the first pass: a placeholder) at
 * DEST_Y; a TOCI of TOC, the heading's text a Link in its Reference. */
static mz_status lay_toc_entry(mz_lay *Y, const mz_block *b, int page, double dest_y, int toc)
{
    int toci = mz_tag_node(Y, MZ_S_TOCI, toc, NULL, 0);
    int ref = toci < 0 ? -1 : mz_tag_node(Y, MZ_S_REFERENCE, toci, NULL, 0); /* TOCI holds no Link itself */
    int link = ref < 0 ? -1 : mz_tag_node(Y, MZ_S_LINK, ref, b->text.u, b->text.len);
    if (link < 0) return Y->d->status;
    Y->tag = link;
    double top = Y->y;
    const mz_theme *th = Y->th;
    const mz_role *r = b->level == 1 ? &th->toc_entry_top : &th->toc_entry;
    double indent = (b->level - 1) * th->toc_indent * Y->body_size;
    mz_tstyle ts = {Y->body_size * r->size, r->face, r->color, MZ_JUSTIFY_NONE, 0, 0};
    mz_set set;
    double numw = th->toc_number_width * Y->body_size;
    mz_status st = mz_lay_set_text(Y, &b->text, &ts, Y->right - Y->left - indent - numw, &set);
    double x0 = Y->rtl ? Y->left + numw : Y->left + indent;
    double base = 0, text_lo = 0, text_hi = 0;
    for (size_t li = 0; !st && li < set.lines.n; li++) {
        /* a long heading wraps: every line of it, the number on the last */
        st = mz_lay_need(Y, Y->leading);
        if (li == 0) top = Y->y;
        base = Y->y - Y->leading * MZ_BASELINE_DROP;
        if (!st) st = mz_lay_place_line(Y, &set, li, x0, base);
        const mz_line *ln = &set.lines.v[li];
        text_lo = Y->rtl ? x0 + ln->width - ln->used : x0;
        text_hi = Y->rtl ? x0 + ln->width : x0 + ln->used;
        if (li + 1 < set.lines.n) Y->y -= Y->leading * th->toc_step;
    }
    mz_set_free(&set);
    if (!st && page > 0) st = toc_link(Y, top, base, page, dest_y);
    Y->tag = toci;
    if (st) return st;
    size_t nn;
    /* the first pass's placeholder has the width of a one-digit number */
    uint32_t *num = mz_lay_number(Y, page ? page : 8, &nn);
    if (!num) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    mz_tstyle ns = {Y->body_size * th->toc_entry.size, th->toc_entry.face, th->toc_number_color,
                    MZ_JUSTIFY_NONE, 2, 0};
    st = mz_lay_set_text(Y, &(mz_text){num, nn, NULL, 0}, &ns, numw, &set);
    double num_w = set.lines.n ? set.lines.v[0].used : 0;
    if (!st && set.lines.n)
        st = mz_lay_place_line(Y, &set, 0, Y->rtl ? Y->left : Y->right - numw, base);
    mz_set_free(&set);
    Y->tag = MZ_TAG_LAYOUT;
    if (!st) st = lay_leader(Y, text_lo, text_hi, num_w, base);
    Y->y -= Y->leading * th->toc_step;
    return st;
}

mz_status mz_lay_toc(mz_lay *Y, const mz_layout *prev)
{
    /* entries come from the outline of a first pass (prev); in that pass the
     * numbers are placeholders of the same size, so pages do not move */
    const mz_theme *th = Y->th;
    size_t n = 0;
    for (size_t i = 0; i < Y->doc->nblocks; i++)
        if (Y->doc->blocks[i].type == MZ_BLOCK_HEADING && Y->doc->blocks[i].level <= th->toc_levels)
            n++;
    if (!n) return MZ_OK;
    mz_status st = mz_lay_block_text(Y, mz_theme_words(th, Y->lang)->contents, &th->toc_title, MZ_S_P);
    size_t k = 0;
    int toc = st ? -1 : mz_tag_node(Y, MZ_S_TOC, Y->tg.doc, NULL, 0);
    if (toc < 0) return Y->d->status;
    for (size_t i = 0; i < Y->doc->nblocks && !st; i++) {
        const mz_block *b = &Y->doc->blocks[i];
        if (b->type != MZ_BLOCK_HEADING || b->level > th->toc_levels) continue;
        int page = 0;
        double y = 0;
        if (prev) {
            size_t seen = 0;
            for (size_t o = 0; o < prev->noutline; o++)
                if (prev->outline[o].level <= th->toc_levels && seen++ == k) {
                    page = prev->outline[o].page + 1;
                    y = prev->outline[o].y;
                }
        }
        k++;
        st = lay_toc_entry(Y, b, page, y, toc);
    }
    if (!st) {
        Y->y -= Y->leading * th->toc_rule_gap;
        st = mz_lay_line(Y, Y->left, Y->y, Y->right, Y->y, th->toc_rule_color, th->toc_rule_width);
        Y->y -= Y->leading * th->toc_after;
    }
    return st;
}
