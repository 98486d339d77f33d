/* layout_flow.c - text down the page: a set's lines placed from the cursor, breaking pages with widow and orphan control. */
#include "layout/layout_int.h"

#include <stdlib.h>

/* Places a whole set from the cursor down, breaking pages between lines with
 * widow and orphan control (headings keep with what follows in lay_heading). */
mz_status mz_lay_place_set(mz_lay *Y, const mz_set *set, double x0, double leading)
{
    size_t n = set->lines.n, i = 0;
    while (i < n) {
        /* how many lines fit on this page? */
        double y = Y->y, room = Y->y - Y->bottom;
        size_t fit = 0;
        double used = 0;
        for (size_t k = i; k < n; k++) {
            double h = mz_set_line_height(Y, set, k, leading) + mz_lay_notes_need(Y, set, k, k == i);
            if (used + h > room + 0.01) break;
            used += h;
            fit++;
        }
        size_t rest = n - i;
        if (fit < rest) {
            if (i == 0 && !set->cont && fit == 1 && rest > 1) fit = 0; /* orphan */
            if (set->more) {
            } else if (fit > 0 && rest - fit == 1 && fit >= 3) fit--; /* widow: keep two together */
            else if (fit > 0 && rest - fit == 1 && fit == 2 && i == 0 && !set->cont) fit = 0;
        }
        if (fit == 0) {
            if (Y->y >= Y->top - 0.01) fit = 1; /* a fresh page: always progress */
            else {
                mz_status st = mz_lay_new_page(Y);
                if (st) return st;
                continue;
            }
        }
        for (size_t k = 0; k < fit; k++, i++) {
            double h = mz_set_line_height(Y, set, i, leading);
            /* the baseline sits where a line box of height `leading` puts it */
            int first = k == 0 && i == 0 && !set->cont;
            double base = y - (first ? 0 : h - leading) - leading * MZ_BASELINE_DROP;
            mz_status st = MZ_OK;
            if (i == 0 && Y->marker) {
                /* the list marker goes beside the first line, now, while its
                 * page is still the current one (pages are handed on when done),
                 * and before it: readers that follow the content stream take
                 * the number first */
                const mz_block *mb = Y->marker;
                Y->marker = NULL;
                st = Y->marker_hook ? Y->marker_hook(Y, mb, Y->marker_x, Y->marker_w, base) : MZ_OK;
                if (st) return st;
            }
            double step = first ? leading : h;
            if (set->panel) st = mz_lay_panel_line(Y, set, i, x0, y, y - step, base);
            if (!st) st = mz_lay_place_line(Y, set, i, x0, base);
            if (st) return st;
            if (set->release) { /* the page has what it needs of the line */
                free(set->lines.v[i].g);
                set->lines.v[i].g = NULL;
                set->lines.v[i].ng = 0;
            }
            y -= step;
        }
        Y->y = y;
        if (i < n) {
            mz_status st = mz_lay_new_page(Y);
            if (st) return st;
        }
    }
    return MZ_OK;
}

/* Sets UTF-8 text at the cursor as a block (wrapping), advancing the cursor;
 * R's leading is in em of the body. */
mz_status mz_lay_block_text(mz_lay *Y, const char *utf8, const mz_role *r, int stype)
{
    size_t n;
    uint32_t *u = mz_lay_utf32(Y, utf8, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    if ((Y->tag = mz_tag_node(Y, stype, Y->tg.doc, u, n)) < 0) return Y->d->status;
    mz_tstyle ts = {Y->body_size * r->size, r->face, r->color, MZ_JUSTIFY_NONE, 0, 0};
    mz_set set;
    mz_status st = mz_lay_set_text(Y, &(mz_text){u, n, NULL, 0}, &ts, Y->right - Y->left, &set);
    if (!st) st = mz_lay_place_set(Y, &set, Y->left, Y->body_size * r->leading);
    Y->tag = MZ_TAG_LAYOUT;
    mz_set_free(&set);
    return st;
}
