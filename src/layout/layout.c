/* layout.c - the flow of blocks into pages: paragraphs, headings, lists,
 * quotes, rules, the cover block, running header and footer, the outline. */
#include "layout/layout_int.h"

#include <errno.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Page geometry (pt).  Margins leave room for the running header/footer. */
#define MZ_A4_W 595.276
#define MZ_A4_H 841.890
#define MZ_LETTER_W 612.0
#define MZ_LETTER_H 792.0
#define MZ_MARGIN_X 62.0
#define MZ_MARGIN_TOP 78.0
#define MZ_MARGIN_BOTTOM 72.0
/* Amiri's ascender + descender is 1.76 em; 1.75 em between baselines keeps
 * harakat on adjacent lines apart without looking airy. */
#define MZ_LEADING 1.75
#define MZ_LIST_INDENT 1.6 /* em per list level */

static mz_status lay_marker(mz_lay *Y, const mz_block *b, double band_x, double band_w,
                            double baseline);

/* Places a whole set from the cursor down, breaking pages between lines with
 * widow and orphan control (headings keep with what follows in lay_heading). */
static mz_status place_set(mz_lay *Y, const mz_set *set, double x0, double leading)
{
    size_t n = set->lines.n, i = 0;
    while (i < n) {
        /* how many lines fit on this page? */
        double y = Y->y, room = Y->y - Y->bottom;
        size_t fit = 0;
        double used = 0;
        for (size_t k = i; k < n; k++) {
            double h = mz_set_line_height(Y, set, k, leading);
            if (used + h > room + 0.01) break;
            used += h;
            fit++;
        }
        size_t rest = n - i;
        if (fit < rest) {
            if (i == 0 && fit == 1 && rest > 1) fit = 0;   /* orphan */
            if (fit > 0 && rest - fit == 1 && fit >= 3) fit--; /* widow: keep two together */
            else if (fit > 0 && rest - fit == 1 && fit == 2 && i == 0) fit = 0;
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
            double base = y - (k == 0 && i == 0 ? 0 : h - leading) - leading * 0.68;
            mz_status st = MZ_OK;
            if (i == 0 && Y->marker) {
                /* the list marker goes beside the first line, now, while its
                 * page is still the current one (pages are handed on when done),
                 * and before it: readers that follow the content stream take
                 * the number first */
                const mz_block *mb = Y->marker;
                Y->marker = NULL;
                st = lay_marker(Y, mb, Y->marker_x, Y->marker_w, base);
                if (st) return st;
            }
            st = mz_lay_place_line(Y, set, i, x0, base);
            if (st) return st;
            y -= (k == 0 && i == 0) ? leading : h;
        }
        Y->y = y;
        if (i < n) {
            mz_status st = mz_lay_new_page(Y);
            if (st) return st;
        }
    }
    return MZ_OK;
}

/* ---- blocks ------------------------------------------------------------------ */

static double heading_size(const mz_lay *Y, int level)
{
    static const double scale[] = {1.0, 1.6, 1.3, 1.12};
    return Y->body_size * scale[level < 1 ? 1 : level > 3 ? 3 : level];
}

static mz_status outline_add(mz_lay *Y, const mz_text *t, int level, double y)
{
    mz_layout *L = Y->L;
    if (!mz_grow((void **)&L->outline, &L->outline_cap, L->noutline + 1, sizeof *L->outline))
        return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory adding an outline entry");
    char *s = mz_utf32_to_utf8(t->u, t->len);
    if (!s) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory adding an outline entry");
    char *a = mz_arena_strdup(&L->arena, s);
    free(s);
    if (!a) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory adding an outline entry");
    mz_outline *o = &L->outline[L->noutline++];
    o->title = a;
    o->level = level;
    o->page = Y->page;
    o->y = y;
    return MZ_OK;
}

static mz_status lay_heading(mz_lay *Y, const mz_block *b, const mz_block *next)
{
    double size = heading_size(Y, b->level);
    double lead = size * 1.55;
    double before = b->level == 1 ? Y->leading * 1.3 : Y->leading * 0.9;
    double after = b->level == 1 ? Y->leading * 0.55 : Y->leading * 0.35;
    mz_tstyle ts = {size, 1, b->level == 3 ? MZ_INK : MZ_ACCENT, MZ_JUSTIFY_NONE, 0, 0};
    mz_set set;
    double width = Y->right - Y->left;
    mz_status st = mz_lay_set_text(Y, b->text.u, b->text.len, b->text.spans, b->text.nspans, &ts,
                                   width, 0, &set);
    if (st) {
        mz_set_free(&set);
        return st;
    }
    if (Y->page >= 0 && Y->y < Y->top - 0.01) Y->y -= before;
    /* keep with the next block: the heading plus two body lines (or the table header) */
    double keep = after + Y->leading * (next && next->type == MZ_BLOCK_TABLE ? 3.5 : 2.2);
    double h = set.lines.n * lead;
    if (Y->page < 0 || Y->y - h - keep < Y->bottom) {
        if (Y->page < 0 || Y->y < Y->top - 0.01) {
            st = mz_lay_new_page(Y);
            if (st) goto out;
        }
    }
    st = outline_add(Y, &b->text, b->level, Y->y);
    if (st) goto out;
    st = place_set(Y, &set, Y->left, lead);
    if (st) goto out;
    if (b->level <= 2) {
        /* a short accent rule under section headings, on the start side */
        double w = b->level == 1 ? 48 : 32;
        double x = Y->rtl ? Y->right - w : Y->left;
        st = mz_lay_rect(Y, x, Y->y - 3, w, 2.2, MZ_ACCENT, 1, MZ_ACCENT, 0);
        Y->y -= 6;
    }
    Y->y -= after;
out:
    mz_set_free(&set);
    return st;
}

static mz_status lay_marker(mz_lay *Y, const mz_block *b, double band_x, double band_w,
                            double baseline)
{
    /* bullet or number, set in the band [band_x, band_x + band_w] reserved
     * on the start side between the margin and the text */
    size_t n;
    uint32_t *u;
    /* top-level numbered items carry their number in an accent disc: lists of
     * steps or priorities are what a briefing's reader looks for first */
    int disc = b->ordered && b->list_depth == 1 && b->number >= 0 && b->number < 100;
    if (b->ordered) {
        mz_buf tb = {0};
        mz_format_number(&tb, b->number, Y->arabic_digits);
        if (!disc) mz_buf_puts(&tb, ".");
        u = tb.oom ? NULL : mz_lay_utf32(Y, tb.data, &n);
        mz_buf_free(&tb);
    } else {
        /* bullet, then en dash: both in Amiri, so no fallback font decides the look */
        u = mz_lay_utf32(Y, b->list_depth % 2 ? "\u2022" : "\u2013", &n);
    }
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a list marker");
    double size = disc ? Y->body_size * 0.8 : Y->body_size;
    mz_tstyle ts = {size, b->ordered, disc ? (mz_rgb){1, 1, 1} : MZ_ACCENT, MZ_JUSTIFY_NONE,
                    disc ? 1 : 0, 0};
    mz_status st = MZ_OK;
    double r = Y->body_size * 0.62;
    double cx = Y->rtl ? band_x + band_w - r : band_x + r; /* at the margin side */
    if (disc) {
        mz_item *c = mz_lay_item(Y, MZ_ITEM_CIRCLE);
        if (!c) return Y->d->status;
        c->x = cx;
        c->y = baseline + Y->body_size * 0.3;
        c->w = r;
        c->fill = MZ_ACCENT;
        c->filled = 1;
    }
    mz_set set;
    double pad = 0.2 * Y->body_size;
    st = mz_lay_set_text(Y, u, n, NULL, 0, &ts, disc ? 2 * r : band_w - 2 * pad, 0, &set);
    if (!st && set.lines.n)
        st = mz_lay_place_line(Y, &set, 0, disc ? cx - r : band_x + pad,
                               disc ? baseline + Y->body_size * 0.3 - size * 0.3 : baseline);
    mz_set_free(&set);
    return st;
}

static mz_status lay_para(mz_lay *Y, const mz_block *b)
{
    double em = Y->body_size;
    double indent = (b->list_depth * MZ_LIST_INDENT + b->quote_depth * 1.4) * em;
    double width = Y->right - Y->left - indent;
    if (width < 6 * em) width = 6 * em; /* absurd nesting: keep a usable measure */
    double x0 = Y->rtl ? Y->left : Y->right - width;
    mz_tstyle ts = {em, 0, b->quote_depth ? MZ_MUTED : MZ_INK, Y->justify, 0, 0};
    if (b->type == MZ_BLOCK_CODE) {
        ts.justify = MZ_JUSTIFY_NONE;
        ts.dir = MZ_DIR_LTR;
        ts.size = em * 0.9;
    }
    mz_set set;
    mz_status st = mz_lay_set_text(Y, b->text.u, b->text.len, b->text.spans, b->text.nspans, &ts,
                                   width, 0, &set);
    if (st) {
        mz_set_free(&set);
        return st;
    }
    int page0 = Y->page;
    double y0 = Y->y;
    if (b->list_depth && b->item_start) {
        double band = MZ_LIST_INDENT * em;
        Y->marker = b;
        Y->marker_x = Y->rtl ? x0 + width : x0 - band;
        Y->marker_w = band;
    }
    st = place_set(Y, &set, x0, Y->leading);
    Y->marker = NULL;
    if (!st && b->quote_depth) {
        /* a rule on the start side of quoted text (on the last page it reached) */
        double x = Y->rtl ? Y->right - (b->quote_depth - 1) * 1.4 * em - 2
                          : Y->left + (b->quote_depth - 1) * 1.4 * em + 2;
        double top = (Y->page == page0) ? y0 : Y->top;
        st = mz_lay_line(Y, x, top - 3, x, Y->y + 3, MZ_RULE, 1.6);
    }
    if (!st) Y->y -= b->list_depth ? Y->leading * 0.25 : Y->leading * 0.5;
    mz_set_free(&set);
    return st;
}

static mz_status lay_hr(mz_lay *Y)
{
    mz_status st = mz_lay_need(Y, Y->leading);
    if (st) return st;
    double mid = (Y->left + Y->right) / 2, w = (Y->right - Y->left) * 0.3;
    st = mz_lay_line(Y, mid - w / 2, Y->y - Y->leading * 0.5, mid + w / 2,
                               Y->y - Y->leading * 0.5, MZ_RULE, 0.8);
    Y->y -= Y->leading;
    return st;
}

/* ---- cover, header and footer -------------------------------------------- */

static mz_status lay_simple(mz_lay *Y, const char *utf8, double size, int bold, mz_rgb color,
                            int align, double x0, double width, double baseline)
{
    size_t n;
    uint32_t *u = mz_lay_utf32(Y, utf8, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    mz_tstyle ts = {size, bold, color, MZ_JUSTIFY_NONE, align, 0};
    mz_set set;
    mz_status st = mz_lay_set_text(Y, u, n, NULL, 0, &ts, width, 0, &set);
    for (size_t i = 0; !st && i < set.lines.n; i++)
        st = mz_lay_place_line(Y, &set, i, x0, baseline - i * size * 1.5);
    mz_set_free(&set);
    return st;
}

/* Sets UTF-8 text at the cursor as a block (wrapping), advancing the cursor. */
static mz_status lay_block_text(mz_lay *Y, const char *utf8, double size, int bold, mz_rgb color,
                                double lead)
{
    size_t n;
    uint32_t *u = mz_lay_utf32(Y, utf8, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    mz_tstyle ts = {size, bold, color, MZ_JUSTIFY_NONE, 0, 0};
    mz_set set;
    mz_status st = mz_lay_set_text(Y, u, n, NULL, 0, &ts, Y->right - Y->left, 0, &set);
    if (!st) st = place_set(Y, &set, Y->left, lead);
    mz_set_free(&set);
    return st;
}

static mz_status lay_cover(mz_lay *Y)
{
    const mz_meta *m = &Y->doc->meta;
    mz_status st = MZ_OK;
    if (!m->title && !m->subtitle && !m->author && !m->date) return MZ_OK;
    if (Y->page < 0) st = mz_lay_new_page(Y);
    if (st) return st;
    double W = Y->L->width, H = Y->L->height;
    /* a deep band across the top of the first page carrying the issuing body */
    double band_h = 34;
    st = mz_lay_rect(Y, 0, H - band_h, W, band_h, MZ_ACCENT, 1, MZ_ACCENT, 0);
    if (!st && m->author)
        st = lay_simple(Y, m->author, Y->body_size * 0.92, 1, (mz_rgb){1, 1, 1}, 0, Y->left,
                        Y->right - Y->left, H - band_h + 12);
    if (!st && m->date)
        st = lay_simple(Y, m->date, Y->body_size * 0.92, 0, (mz_rgb){0.85f, 0.9f, 0.95f}, 2,
                        Y->left, Y->right - Y->left, H - band_h + 12);
    Y->y = H - band_h - 46;
    if (!st && m->title) st = lay_block_text(Y, m->title, Y->body_size * 2.2, 1, MZ_ACCENT, Y->body_size * 3.3);
    if (!st && m->subtitle) {
        Y->y -= 2;
        st = lay_block_text(Y, m->subtitle, Y->body_size * 1.25, 0, MZ_MUTED, Y->body_size * 2.2);
    }
    if (!st) {
        Y->y -= 10;
        st = mz_lay_rect(Y, Y->left, Y->y, Y->right - Y->left, 0.8, MZ_RULE, 1, MZ_RULE, 0);
        double w = 80;
        if (!st) st = mz_lay_rect(Y, Y->rtl ? Y->right - w : Y->left, Y->y - 0.6, w, 2.0, MZ_ACCENT, 1, MZ_ACCENT, 0);
        Y->y -= Y->leading * 1.2;
    }
    return st;
}

static mz_status lay_furniture(mz_lay *Y)
{
    mz_layout *L = Y->L;
    const mz_meta *m = &Y->doc->meta;
    const char *head = m->header ? m->header : m->title;
    double small = Y->body_size * 0.75;
    mz_status st = MZ_OK;
    int saved = Y->page;
    for (size_t p = 0; p < L->npages && !st; p++) {
        Y->page = (int)p;
        if (p > 0 && head) {
            double base = L->height - MZ_MARGIN_TOP + 30;
            st = lay_simple(Y, head, small, 0, MZ_MUTED, 0, Y->left, Y->right - Y->left, base);
            if (!st) st = mz_lay_line(Y, Y->left, base - 8, Y->right, base - 8, MZ_RULE, 0.5);
        }
        /* «صفحة n من total» in the document's digits, centred: "n / total"
         * reads as a fraction, and in right-to-left text it has no letter to
         * hold its order, so every PDF reader returned it reversed */
        mz_buf b = {0};
        int ar = strncmp(Y->lang, "ar", 2) == 0;
        mz_buf_puts(&b, ar ? "صفحة " : "Page ");
        mz_format_number(&b, (long)p + 1, Y->arabic_digits);
        mz_buf_puts(&b, ar ? " من " : " of ");
        mz_format_number(&b, (long)L->npages, Y->arabic_digits);
        double base = MZ_MARGIN_BOTTOM - 38;
        if (!st && b.oom) st = mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a page footer");
        if (!st)
            st = lay_simple(Y, b.data, small, 0, MZ_MUTED, 1, Y->left, Y->right - Y->left, base);
        mz_buf_free(&b);
        if (!st && m->footer)
            st = lay_simple(Y, m->footer, small, 0, MZ_MUTED, 2, Y->left, Y->right - Y->left, base);
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

/* ---- table of contents ------------------------------------------------------ */

static mz_status lay_toc(mz_lay *Y, const mz_layout *prev)
{
    /* entries come from the outline of a first pass (prev); in that pass the
     * numbers are placeholders of the same size, so pages do not move */
    size_t n = 0;
    for (size_t i = 0; i < Y->doc->nblocks; i++)
        if (Y->doc->blocks[i].type == MZ_BLOCK_HEADING && Y->doc->blocks[i].level <= 2) n++;
    if (!n) return MZ_OK;
    const char *title = (Y->lang && strncmp(Y->lang, "ar", 2) == 0) ? "المحتويات" : "Contents";
    mz_status st = lay_block_text(Y, title, Y->body_size * 1.3, 1, MZ_ACCENT, Y->body_size * 2.0);
    size_t k = 0;
    for (size_t i = 0; i < Y->doc->nblocks && !st; i++) {
        const mz_block *b = &Y->doc->blocks[i];
        if (b->type != MZ_BLOCK_HEADING || b->level > 2) continue;
        int page = 0;
        if (prev) {
            size_t seen = 0;
            for (size_t o = 0; o < prev->noutline; o++)
                if (prev->outline[o].level <= 2 && seen++ == k) page = prev->outline[o].page + 1;
        }
        k++;
        double indent = (b->level - 1) * 1.5 * Y->body_size;
        mz_tstyle ts = {Y->body_size, b->level == 1, MZ_INK, MZ_JUSTIFY_NONE, 0, 0};
        mz_set set;
        double numw = 3 * Y->body_size;
        st = mz_lay_set_text(Y, b->text.u, b->text.len, b->text.spans, b->text.nspans, &ts,
                             Y->right - Y->left - indent - numw, 0, &set);
        if (st) {
            mz_set_free(&set);
            break;
        }
        double x0 = Y->rtl ? Y->left + numw : Y->left + indent;
        double base = 0, text_lo = 0, text_hi = 0;
        for (size_t li = 0; li < set.lines.n && !st; li++) {
            /* a long heading wraps: every line of it, the number on the last */
            st = mz_lay_need(Y, Y->leading);
            base = Y->y - Y->leading * 0.68;
            if (!st) st = mz_lay_place_line(Y, &set, li, x0, base);
            const mz_line *ln = &set.lines.v[li];
            text_lo = Y->rtl ? x0 + ln->width - ln->used : x0;
            text_hi = Y->rtl ? x0 + ln->width : x0 + ln->used;
            if (li + 1 < set.lines.n) Y->y -= Y->leading * 0.95;
        }
        mz_set_free(&set);
        size_t nn;
        uint32_t *num = mz_lay_number(Y, page ? page : 8, &nn);
        if (!num) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
        mz_tstyle ns = {Y->body_size, 0, page ? MZ_MUTED : (mz_rgb){1, 1, 1}, MZ_JUSTIFY_NONE, 2, 0};
        if (!st) st = mz_lay_set_text(Y, num, nn, NULL, 0, &ns, numw, 0, &set);
        double num_w = set.lines.n ? set.lines.v[0].used : 0;
        if (!st && set.lines.n)
            st = mz_lay_place_line(Y, &set, 0, Y->rtl ? Y->left : Y->right - numw, base);
        mz_set_free(&set);
        /* a dotted leader from the entry to its page number */
        double a = Y->rtl ? Y->left + num_w + 6 : text_hi + 6;
        double z = Y->rtl ? text_lo - 6 : Y->right - num_w - 6;
        for (double x = z - 1; x > a && !st; x -= 4) {
            mz_item *dot = mz_lay_item(Y, MZ_ITEM_CIRCLE);
            if (!dot) return Y->d->status;
            dot->x = x;
            dot->y = base + 1.2;
            dot->w = 0.55;
            dot->fill = MZ_RULE;
            dot->filled = 1;
        }
        Y->y -= Y->leading * 0.95;
    }
    if (!st) {
        Y->y -= Y->leading * 0.5;
        st = mz_lay_line(Y, Y->left, Y->y, Y->right, Y->y, MZ_RULE, 0.6);
        Y->y -= Y->leading;
    }
    return st;
}

/* ---- the document ------------------------------------------------------------ */

static int load_face(mz_lay *Y, const char *opt, const char *meta, const char *def)
{
    const char *spec = opt ? opt : meta ? meta : def;
    return mz_fonts_load(Y->fs, spec, Y->d);
}

static mz_status layout_pass(mz_layout *L, const mz_doc *doc, mz_fonts *fs, const mz_options *opts,
                             mz_diag *d, const mz_layout *prev)
{
    mz_lay Y = {0};
    const mz_meta *m = &doc->meta;
    Y.L = L;
    Y.doc = doc;
    Y.fs = fs;
    Y.d = d;
    Y.opts = opts;
    Y.page = -1;
    Y.lang = m->lang ? m->lang : "ar";
    Y.dump_runs = L->dump_runs;
    Y.dump_glyphs = L->dump_glyphs;
    Y.dump_lines = L->dump_lines;
    mz_dir dir = opts->dir ? opts->dir : m->dir;
    Y.rtl = dir != MZ_DIR_LTR;
    if (dir == MZ_DIR_AUTO) {
        /* the document's direction follows its first strong character */
        for (size_t i = 0; i < doc->nblocks; i++) {
            const mz_text *t = &doc->blocks[i].text;
            mz_dir first = mz_bidi_first_strong(t->u, t->len);
            if (first != MZ_DIR_AUTO) {
                Y.rtl = first == MZ_DIR_RTL;
                break;
            }
        }
    }
    L->rtl = Y.rtl;
    mz_digits dg = opts->digits ? opts->digits : m->digits;
    Y.arabic_digits = dg ? dg == MZ_DIGITS_ARABIC_INDIC : Y.rtl;
    L->arabic_digits = Y.arabic_digits;
    mz_justify j = opts->justify ? opts->justify : m->justify;
    Y.justify = j ? j : MZ_JUSTIFY_AUTO;
    Y.body_size = opts->font_size > 0 ? opts->font_size : m->font_size > 0 ? m->font_size : 12;
    Y.leading = Y.body_size * MZ_LEADING;

    Y.f_regular = load_face(&Y, opts->font, m->font, "Amiri-Regular.ttf");
    if (Y.f_regular < 0) return d->status;
    Y.f_bold = load_face(&Y, opts->bold_font, m->bold_font,
                         (opts->font || m->font) ? NULL : "Amiri-Bold.ttf");
    /* a face that is not there falls back to the regular one; one that ran
     * out of memory or hit a limit ends the render */
    if (Y.f_bold < 0) {
        if (opts->bold_font || m->bold_font || (d->status && d->status != MZ_ERR_FONT)) return d->status;
        Y.f_bold = Y.f_regular; /* a custom regular face without a bold: use it */
        d->status = MZ_OK;
    }
    Y.f_italic = load_face(&Y, opts->italic_font, m->italic_font,
                           (opts->font || m->font) ? NULL : "Amiri-Slanted.ttf");
    if (Y.f_italic < 0) {
        if (opts->italic_font || m->italic_font || (d->status && d->status != MZ_ERR_FONT)) return d->status;
        Y.f_italic = Y.f_regular;
        d->status = MZ_OK;
    }
    Y.f_bold_italic = (opts->font || m->font) ? Y.f_bold : mz_fonts_load(fs, "Amiri-BoldSlanted.ttf", d);
    if (Y.f_bold_italic < 0) return d->status;
    /* a body font without Arabic still works (fallback fonts set the text),
     * but the author asked for a look they will not get: say so */
    mz_errno_watch();
    int has_alef = mz_font_has(fs->fonts[Y.f_regular], 0x0627);
    if (!has_alef && errno == ENOMEM) return mz_fail(d, MZ_ERR_NOMEM, "out of memory reading a font's characters");
    if (strncmp(Y.lang, "ar", 2) == 0 && !has_alef && !prev &&
        mz_warn(d, "font '%s' has no Arabic letters; Arabic text is set in fallback fonts",
                fs->fonts[Y.f_regular]->path))
        return d->status;

    L->width = m->paper == MZ_PAPER_LETTER ? MZ_LETTER_W : MZ_A4_W;
    L->height = m->paper == MZ_PAPER_LETTER ? MZ_LETTER_H : MZ_A4_H;
    Y.left = MZ_MARGIN_X;
    Y.right = L->width - MZ_MARGIN_X;
    Y.top = L->height - MZ_MARGIN_TOP;
    Y.bottom = MZ_MARGIN_BOTTOM;

    mz_status st = lay_cover(&Y);
    if (!st && m->toc) st = lay_toc(&Y, prev);
    for (size_t i = 0; i < doc->nblocks && !st; i++) {
        const mz_block *b = &doc->blocks[i];
        const mz_block *next = i + 1 < doc->nblocks ? &doc->blocks[i + 1] : NULL;
        Y.line = b->line;
        switch (b->type) {
        case MZ_BLOCK_PARA:
        case MZ_BLOCK_CODE: st = lay_para(&Y, b); break;
        case MZ_BLOCK_HEADING: st = lay_heading(&Y, b, next); break;
        case MZ_BLOCK_HR: st = lay_hr(&Y); break;
        case MZ_BLOCK_TABLE: st = mz_lay_table(&Y, b); break;
        case MZ_BLOCK_TIMELINE: st = mz_lay_timeline(&Y, b); break;
        }
    }
    if (!st && Y.page < 0) st = mz_lay_new_page(&Y); /* an empty document is one blank page */
    /* the header and footer need the page count: with a sink, the body
     * pages go first and the furniture follows as a second helping */
    if (!st) st = mz_lay_flush(&Y, L->npages);
    if (!st) st = lay_furniture(&Y);
    return st;
}

mz_status mz_layout_doc(mz_layout *L, const mz_doc *doc, mz_fonts *fs, const mz_options *opts,
                        mz_diag *d)
{
    L->meta = &doc->meta;
    if (!doc->meta.toc) return layout_pass(L, doc, fs, opts, d, NULL);
    /* the table of contents needs the page numbers of a first pass */
    mz_layout first = {0};
    mz_status st = layout_pass(&first, doc, fs, opts, d, NULL);
    if (!st) st = layout_pass(L, doc, fs, opts, d, &first);
    mz_layout_free(&first);
    return st;
}
