/* layout.c - the flow: the document's blocks into pages, with cover, contents, header and footer. */
#include "layout/layout_int.h"

#include <errno.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The narrowest text measure, em: absurdly deep nesting still leaves a usable line. */
#define MZ_MIN_MEASURE 6

static mz_status lay_marker(mz_lay *Y, const mz_block *b, double band_x, double band_w,
                            double baseline);
static mz_status intro_need(mz_lay *Y, const mz_block *b, const mz_block *next, const mz_set *set, double *need);

/* Moves the cursor down to the rhythm's next step (measured from the
 * frame's top, so the body lines of every page align). */
static void snap(mz_lay *Y, double extra)
{
    if (Y->grid <= 0 || Y->page < 0) return;
    double below = Y->top - (Y->y - extra);
    double steps = ceil(below / Y->grid - 1e-6);
    Y->y = Y->top - steps * Y->grid + extra;
}

/* ---- blocks ------------------------------------------------------------------ */

static const mz_heading *heading_style(const mz_lay *Y, int level)
{
    return &Y->th->h[level < 1 ? 0 : level > 6 ? 5 : level - 1];
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

static mz_status lay_heading(mz_lay *Y, const mz_block *b, const mz_block *next, const mz_block *next2)
{
    const mz_heading *hs = heading_style(Y, b->level);
    const mz_theme *th = Y->th;
    double size = Y->body_size * hs->text.size;
    double lead = size * hs->text.leading;
    double before = Y->leading * hs->before;
    double after = Y->leading * hs->after;
    mz_tstyle ts = {size, hs->text.face, hs->text.color, MZ_JUSTIFY_NONE, 0, 0};
    mz_set set;
    double width = Y->right - Y->left;
    mz_status st = mz_lay_set_text(Y, &b->text, &ts, width, &set);
    if (st) {
        mz_set_free(&set);
        return st;
    }
    /* the heading's whole block: its lines, its rule and the space after */
    double h = 0;
    for (size_t i = 0; i < set.lines.n; i++) h += mz_set_line_height(Y, &set, i, lead);
    double block = h + (hs->rule > 0 ? th->heading_rule_advance : 0) + after;
    if (Y->page >= 0 && Y->y < Y->top - 0.01) Y->y -= before;
    /* the text after it on the rhythm: any slack goes above the heading,
     * which keeps it close to what it introduces */
    snap(Y, block);
    /* keep with the next block: the heading plus two body lines (or the table header) */
    double keep = after + Y->leading * (next && next->type == MZ_BLOCK_TABLE ? th->keep_table
                                                                             : th->keep_lines);
    /* and with an introduction, what it introduces */
    double intro;
    if ((st = intro_need(Y, next, next2, NULL, &intro))) goto out;
    if (intro > 0) keep = after + intro;
    if (Y->page < 0 || Y->y - h - keep < Y->bottom) {
        if (Y->page < 0 || Y->y < Y->top - 0.01) {
            st = mz_lay_new_page(Y);
            if (st) goto out;
            snap(Y, block);
        }
    }
    st = outline_add(Y, &b->text, b->level, Y->y);
    if (st) goto out;
    if ((Y->tag = mz_tag_node(Y, mz_tag_heading(Y, b->level), Y->tg.doc, set.text, set.len)) < 0) {
        st = Y->d->status;
        goto out;
    }
    st = mz_lay_place_set(Y, &set, Y->left, lead);
    Y->tag = MZ_TAG_LAYOUT;
    if (st) goto out;
    if (hs->rule > 0) {
        /* a short rule under section headings, on the start side, in the heading's colour */
        double w = hs->rule;
        double x = Y->rtl ? Y->right - w : Y->left;
        st = mz_lay_fill(Y, x, Y->y - th->heading_rule_drop, w, th->heading_rule_height,
                         hs->text.color);
        Y->y -= th->heading_rule_advance;
    }
    Y->y -= after;
out:
    mz_set_free(&set);
    return st;
}

/* Top-level numbered items carry their number in an accent disc: lists of
 * steps or priorities are what a briefing's reader looks for first.  A
 * list's markers are alike: discs only when its largest number fits one. */
static int marker_disc(const mz_lay *Y, const mz_block *b)
{
    const mz_theme *th = Y->th;
    return b->ordered && !b->task && b->list_depth <= th->disc_max_depth && b->number >= 0 &&
           b->number_max <= th->disc_max_number;
}

/* The marker of B's item showing NUMBER: a task box, a number, a bullet. */
static uint32_t *marker_text(mz_lay *Y, const mz_block *b, long number, size_t *n)
{
    const mz_theme *th = Y->th;
    if (b->task && !b->ordered) return mz_lay_utf32(Y, b->task == 2 ? th->task_done : th->task_open, n);
    if (!b->ordered) return mz_lay_utf32(Y, b->list_depth % 2 ? th->bullet_odd : th->bullet_even, n);
    mz_buf tb = {0};
    mz_format_number(&tb, number, Y->arabic_digits);
    if (!marker_disc(Y, b)) mz_buf_puts(&tb, th->number_suffix);
    if (b->task) { /* a numbered task keeps its number, its box after it */
        mz_buf_puts(&tb, " ");
        mz_buf_puts(&tb, b->task == 2 ? th->task_done : th->task_open);
    }
    uint32_t *u = tb.oom ? NULL : mz_lay_utf32(Y, tb.data, n);
    mz_buf_free(&tb);
    return u;
}

static mz_tstyle marker_style(const mz_lay *Y, const mz_block *b)
{
    const mz_theme *th = Y->th;
    int disc = marker_disc(Y, b);
    mz_tstyle ts = {disc ? Y->body_size * th->disc_size : Y->body_size * th->marker_size,
                    b->ordered ? th->number_face : th->bullet_face,
                    disc ? th->disc_text_color : th->marker_color, MZ_JUSTIFY_NONE, disc ? 1 : 0, 0};
    return ts;
}

/* How much wider than the theme's band B's list needs its marker band: the
 * whole of its widest number (its largest), with the pads, on one line. */
static mz_status marker_extra(mz_lay *Y, const mz_block *b, double *extra)
{
    *extra = 0;
    if (!b->list_depth || !b->ordered || marker_disc(Y, b)) return MZ_OK;
    size_t n;
    uint32_t *u = marker_text(Y, b, b->number_max > b->number ? b->number_max : b->number, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a list marker");
    mz_tstyle ts = marker_style(Y, b);
    mz_set set;
    mz_status st = mz_lay_set_text(Y, &(mz_text){u, n, NULL, 0}, &ts, Y->right - Y->left, &set);
    /* the pads each side, and as much again before the text: a whole number reads apart from it */
    double need = set.lines.n ? set.lines.v[0].used + 4 * Y->th->marker_pad * Y->body_size : 0;
    double band = Y->th->list_indent * Y->body_size;
    if (!st && need > band) *extra = need - band;
    mz_set_free(&set);
    return st;
}

static mz_status lay_marker(mz_lay *Y, const mz_block *b, double band_x, double band_w,
                            double baseline)
{
    /* bullet, task box or number, set in the band [band_x, band_x + band_w]
     * reserved on the start side between the margin and the text */
    size_t n;
    const mz_theme *th = Y->th;
    int disc = marker_disc(Y, b);
    uint32_t *u = marker_text(Y, b, b->number, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a list marker");
    if (b->task) {
        mz_status cst = mz_lay_check_glyph(Y, b->task == 2 ? th->task_done : th->task_open, "a task box",
                                            b->task == 2 ? 2u : 1u);
        if (cst) return cst;
    }
    mz_tstyle ts = marker_style(Y, b);
    double size = ts.size;
    mz_status st = MZ_OK;
    double r = Y->body_size * th->disc_radius;
    double cx = Y->rtl ? band_x + band_w - r : band_x + r; /* at the margin side */
    double raise = Y->body_size * th->disc_raise;
    if (disc) {
        mz_item *c = mz_lay_item(Y, MZ_ITEM_CIRCLE);
        if (!c) return Y->d->status;
        c->x = cx;
        c->y = baseline + raise;
        c->w = r;
        c->fill = th->disc_color;
        c->filled = 1;
    }
    mz_set set;
    double pad = th->marker_pad * Y->body_size;
    st = mz_lay_set_text(Y, &(mz_text){u, n, NULL, 0}, &ts, disc ? 2 * r : band_w - 2 * pad, &set);
    /* the number's middle on the disc's centre; its text the item's label */
    int body = Y->tag, lbl = Y->tg.label ? mz_tag_node(Y, MZ_S_LBL, Y->tg.label, u, n) : body;
    Y->tg.label = 0;
    if (lbl < 0) st = Y->d->status;
    Y->tag = lbl;
    if (!st && set.lines.n)
        st = mz_lay_place_line(Y, &set, 0, disc ? cx - r : band_x + pad,
                               disc ? baseline + raise - size * th->disc_raise : baseline);
    Y->tag = body;
    mz_set_free(&set);
    return st;
}

/* A short paragraph ending with a colon introduces what follows it (a
 * table, a list): it goes to the next page with it rather than end a page
 * alone.  INTRO_LINES: longer paragraphs stand on their own. */
#define MZ_INTRO_LINES 3

/* Is B an introduction (a short paragraph ending with a colon) of NEXT?
 * Then *NEED is what must fit with it: its lines (SET, else set here), the
 * space after it and the start of what it introduces; else 0. */
/* An introduction's lines and their heights (while there are few enough to count). */
typedef struct intro_lines {
    size_t n;
    double h;
} intro_lines;

static void add_lines(const mz_lay *Y, const mz_set *set, intro_lines *il)
{
    for (size_t i = 0; i < set->lines.n && il->n + i < MZ_INTRO_LINES; i++)
        il->h += mz_set_line_height(Y, set, i, Y->leading);
    il->n += set->lines.n;
}

static mz_status count_lines(mz_lay *Y, mz_set *set, int last, void *ud)
{
    add_lines(Y, set, ud);
    return MZ_OK;
}

static mz_status intro_need(mz_lay *Y, const mz_block *b, const mz_block *next, const mz_set *set, double *need)
{
    *need = 0;
    if (!b || !next || b->type != MZ_BLOCK_PARA || b->list_depth || b->quote_depth) return MZ_OK;
    size_t n = b->text.len;
    while (n && b->text.u[n - 1] == ' ') n--;
    if (!n || b->text.u[n - 1] != ':') return MZ_OK;
    double start = 0;
    mz_status st = MZ_OK;
    if (next->type == MZ_BLOCK_TABLE) {
        double left = Y->left, right = Y->right; /* the table spans the frame (lay_wide) */
        Y->left = Y->frame_left;
        Y->right = Y->frame_right;
        st = mz_lay_table_start(Y, next, &start);
        Y->left = left;
        Y->right = right;
    } else if (next->type == MZ_BLOCK_PARA && next->list_depth && next->item_start) {
        start = Y->leading * Y->th->keep_lines; /* the first item's first lines */
    }
    if (st || start <= 0) return st;
    mz_set own;
    intro_lines il = {0, Y->leading * Y->th->para_after + Y->grid}; /* the space after it, and the rhythm's slack */
    if (!set) {
        /* measured as lay_para sets it (a long one a window at a time, its
         * lines counted and let go), not counted by the dumps */
        const mz_lay_watch *watch = Y->watch;
        int para_no = Y->para_no;
        mz_status (*flush)(mz_lay *, mz_set *, int, void *) = Y->para_flush;
        void *flush_ud = Y->para_flush_ud;
        Y->watch = NULL;
        Y->para_flush = count_lines;
        Y->para_flush_ud = &il;
        mz_tstyle ts = {Y->body_size, Y->th->body.face, Y->th->body.color, Y->justify, 0, 0};
        st = mz_lay_set_text(Y, &b->text, &ts, Y->right - Y->left, &own);
        Y->watch = watch;
        Y->para_no = para_no;
        Y->para_flush = flush;
        Y->para_flush_ud = flush_ud;
        if (st) {
            mz_set_free(&own);
            return st;
        }
        set = &own;
    }
    if (!il.n) add_lines(Y, set, &il); /* not a long paragraph's: its lines are all in the set */
    if (il.n > 0 && il.n <= MZ_INTRO_LINES) *need = il.h + start;
    if (set == &own) mz_set_free(&own);
    return MZ_OK;
}

/* An introduction goes to the next page with what it introduces rather
 * than end a page alone. */
static mz_status keep_intro(mz_lay *Y, const mz_block *b, const mz_block *next, const mz_set *set)
{
    if (Y->page < 0 || Y->y >= Y->top - 0.01) return MZ_OK;
    double need;
    mz_status st = intro_need(Y, b, next, set, &need);
    if (st || need <= 0) return st;
    return Y->y - need < Y->bottom - 0.01 ? mz_lay_new_page(Y) : MZ_OK;
}

/* A paragraph being placed: where, and what its first lines set off. */
typedef struct para_flow {
    const mz_block *b, *next;
    double x0, width, extra;
    int begun;        /* its first lines are placed (or being placed) */
    int page0;        /* the page and cursor it started at (for a quote's rule) */
    double y0;
} para_flow;

/* Before a paragraph's first lines: kept with what it introduces, its list
 * marker armed, its structure element open. */
static mz_status para_begin(mz_lay *Y, para_flow *pf, mz_set *set)
{
    const mz_block *b = pf->b;
    mz_status st = keep_intro(Y, b, pf->next, set);
    if (st) return st;
    pf->begun = 1;
    pf->page0 = Y->page;
    pf->y0 = Y->y;
    if (b->list_depth && b->item_start) {
        double band = Y->th->list_indent * Y->body_size + pf->extra;
        Y->marker = b;
        Y->marker_x = Y->rtl ? pf->x0 + pf->width : pf->x0 - band;
        Y->marker_w = band;
    }
    int parent = mz_tag_container(Y, b);
    Y->tag = parent < 0 ? -1 : mz_tag_node(Y, b->type == MZ_BLOCK_CODE ? MZ_S_CODE : MZ_S_P, parent, set->text, set->len);
    return Y->tag < 0 ? Y->d->status : MZ_OK;
}

/* Places SET, lines of the paragraph PF (all of them, or a window's). */
static mz_status para_place(mz_lay *Y, mz_set *set, int last, void *ud)
{
    para_flow *pf = ud;
    set->panel = pf->b->type == MZ_BLOCK_CODE;
    set->release = 1;
    set->cont = pf->begun;
    set->more = !last;
    mz_status st = pf->begun ? MZ_OK : para_begin(Y, pf, set);
    return st ? st : mz_lay_place_set(Y, set, pf->x0, Y->leading);
}

static mz_status lay_para(mz_lay *Y, const mz_block *b, const mz_block *next)
{
    double em = Y->body_size;
    const mz_theme *th = Y->th;
    double extra;
    mz_status st = marker_extra(Y, b, &extra);
    if (st) return st;
    /* a list inside a widened list's item starts inside that item's text */
    double inherited = 0;
    if (b->list_depth > 0 && b->list_depth < MZ_LIST_BANDS) {
        Y->list_extra[b->list_depth] = extra;
        for (int k = 1; k < b->list_depth; k++) inherited += Y->list_extra[k];
    }
    double indent = (b->list_depth * th->list_indent + b->quote_depth * th->quote_indent) * em + extra + inherited;
    double width = Y->right - Y->left - indent;
    if (width < MZ_MIN_MEASURE * em) width = MZ_MIN_MEASURE * em;
    double x0 = Y->rtl ? Y->left : Y->right - width;
    mz_tstyle ts = {em, th->body.face, th->body.color, Y->justify, 0, 0};
    if (b->type == MZ_BLOCK_CODE) {
        ts.justify = MZ_JUSTIFY_NONE;
        ts.dir = MZ_DIR_LTR;
        ts.size = em * th->code.size;
        ts.face = th->code.face;
        ts.color = th->code.color;
    }
    if (b->quote_depth) ts.color = th->quote_color;
    para_flow pf = {b, next, x0, width, extra, 0, 0, 0};
    mz_set set;
    /* a long paragraph is placed a window at a time, as it is composed */
    mz_status (*flush)(mz_lay *, mz_set *, int, void *) = Y->para_flush;
    void *flush_ud = Y->para_flush_ud;
    Y->para_flush = para_place;
    Y->para_flush_ud = &pf;
    st = mz_lay_set_text(Y, &b->text, &ts, width, &set);
    Y->para_flush = flush;
    Y->para_flush_ud = flush_ud;
    if (!st && !pf.begun) st = para_place(Y, &set, 1, &pf);
    Y->tag = MZ_TAG_LAYOUT;
    Y->marker = NULL;
    if (!st && b->quote_depth) {
        /* a rule on the start side of quoted text (on the last page it reached) */
        double x =
            Y->rtl ? Y->right - (b->quote_depth - 1) * th->quote_indent * em - th->quote_rule_inset
                   : Y->left + (b->quote_depth - 1) * th->quote_indent * em + th->quote_rule_inset;
        double top = (Y->page == pf.page0) ? pf.y0 : Y->top;
        st = mz_lay_line(Y, x, top - th->quote_rule_overhang, x, Y->y + th->quote_rule_overhang,
                         th->quote_rule_color, th->quote_rule_width);
    }
    if (!st) Y->y -= b->list_depth ? Y->leading * th->item_after : Y->leading * th->para_after;
    mz_set_free(&set);
    return st;
}

static mz_status lay_hr(mz_lay *Y)
{
    const mz_theme *th = Y->th;
    double space = Y->leading * th->hr_space;
    mz_status st = mz_lay_need(Y, space);
    if (st) return st;
    double mid = (Y->left + Y->right) / 2, w = (Y->right - Y->left) * th->hr_length;
    st = mz_lay_line(Y, mid - w / 2, Y->y - space * 0.5, mid + w / 2, Y->y - space * 0.5,
                     th->hr_color, th->hr_width);
    Y->y -= space;
    return st;
}

/* ---- the document ------------------------------------------------------------ */

static int load_face(mz_lay *Y, const char *opt, const char *meta, const char *def)
{
    const char *spec = opt ? opt : meta ? meta : def;
    return mz_fonts_load(Y->fs, spec, Y->d);
}

/* The document's direction, digits, justification and body size. */
static void settings(mz_lay *Y)
{
    const mz_doc *doc = Y->doc;
    const mz_meta *m = &doc->meta;
    const mz_options *opts = Y->opts;
    mz_dir dir = opts->dir ? opts->dir : m->dir;
    Y->rtl = dir != MZ_DIR_LTR;
    if (dir == MZ_DIR_AUTO) {
        /* the document's direction follows its first strong character */
        for (size_t i = 0; i < doc->nblocks; i++) {
            const mz_text *t = &doc->blocks[i].text;
            mz_dir first = mz_bidi_first_strong(t->u, t->len);
            if (first != MZ_DIR_AUTO) {
                Y->rtl = first == MZ_DIR_RTL;
                break;
            }
        }
    }
    Y->L->rtl = Y->rtl;
    mz_digits dg = opts->digits ? opts->digits : m->digits;
    Y->arabic_digits = mz_theme_digit_zero(Y->th, Y->lang, dg, Y->rtl);
    Y->L->arabic_digits = Y->arabic_digits;
    mz_justify j = opts->justify ? opts->justify : m->justify;
    Y->justify = j ? j : MZ_JUSTIFY_AUTO;
    Y->body_size = opts->font_size > 0 ? opts->font_size
                   : m->font_size > 0  ? m->font_size
                                       : Y->th->body.size;
    Y->leading = Y->body_size * Y->th->body.leading;
    /* print: the option, else the front matter, else the theme */
    Y->bleed = opts->bleed < 0 ? 0 : opts->bleed > 0 ? opts->bleed : m->has_bleed ? m->bleed : Y->th->bleed;
    int marks = opts->crop_marks ? opts->crop_marks > 0 : Y->th->crop_marks;
    double o = Y->bleed > Y->th->crop_offset ? Y->bleed : Y->th->crop_offset;
    Y->L->bleed = Y->bleed;
    Y->L->media_pad = marks ? o + Y->th->crop_length : Y->bleed;
}

/* The four faces: the options', else the front matter's, else Amiri. */
static mz_status load_faces(mz_lay *Y, int first_pass)
{
    const mz_options *opts = Y->opts;
    const mz_meta *m = &Y->doc->meta;
    mz_diag *d = Y->d;
    int custom = opts->font || m->font;
    Y->f_regular = load_face(Y, opts->font, m->font, "Amiri-Regular.ttf");
    if (Y->f_regular < 0) return d->status;
    Y->f_bold = load_face(Y, opts->bold_font, m->bold_font, custom ? NULL : "Amiri-Bold.ttf");
    /* a face that is not there falls back to the regular one; one that ran
     * out of memory or hit a limit ends the render */
    if (Y->f_bold < 0) {
        if (opts->bold_font || m->bold_font || (d->status && d->status != MZ_ERR_FONT))
            return d->status;
        d->status = MZ_OK; /* a custom regular face without a bold: its family's, else itself */
        Y->f_bold = mz_lay_family_face(Y, MZ_FACE_BOLD, Y->f_regular, first_pass);
        if (Y->f_bold < 0) return d->status;
    }
    Y->f_italic = load_face(Y, opts->italic_font, m->italic_font, custom ? NULL : "Amiri-Slanted.ttf");
    if (Y->f_italic < 0) {
        if (opts->italic_font || m->italic_font || (d->status && d->status != MZ_ERR_FONT))
            return d->status;
        d->status = MZ_OK;
        Y->f_italic = mz_lay_family_face(Y, MZ_FACE_ITALIC, Y->f_regular, first_pass);
        if (Y->f_italic < 0) return d->status;
    }
    if (!custom) Y->f_bold_italic = mz_fonts_load(Y->fs, "Amiri-BoldSlanted.ttf", d);
    else if (opts->bold_font || m->bold_font || opts->italic_font || m->italic_font) Y->f_bold_italic = Y->f_bold;
    else /* the family's, else its bold, else its italic */
        Y->f_bold_italic = mz_lay_family_face(Y, MZ_FACE_BOLD_ITALIC,
                                              Y->f_bold != Y->f_regular ? Y->f_bold : Y->f_italic, first_pass);
    if (Y->f_bold_italic < 0) return d->status;
    /* a body font without Arabic still works (fallback fonts set the text),
     * but the author asked for a look they will not get: say so */
    mz_errno_watch();
    int has_alef = mz_font_has(Y->fs->fonts[Y->f_regular], 0x0627);
    if (!has_alef && errno == ENOMEM)
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory reading a font's characters");
    if (strncmp(Y->lang, "ar", 2) == 0 && !has_alef && first_pass &&
        mz_warn(d, "font '%s' has no Arabic letters; Arabic text is set in fallback fonts",
                Y->fs->fonts[Y->f_regular]->path))
        return d->status;
    return MZ_OK;
}

/* The page and its text frame, from the theme. */
static void frame(mz_lay *Y)
{
    const mz_theme *th = Y->th;
    mz_layout *L = Y->L;
    L->width = Y->doc->meta.paper == MZ_PAPER_LETTER ? th->letter_w : th->a4_w;
    L->height = Y->doc->meta.paper == MZ_PAPER_LETTER ? th->letter_h : th->a4_h;
    Y->left = Y->frame_left = th->margin_left;
    Y->right = Y->frame_right = L->width - th->margin_right;
    Y->top = L->height - th->margin_top;
    Y->bottom = th->margin_bottom;
    /* a text column narrower than the frame keeps to the start side; the
     * end side is room for what spans the frame */
    if (th->measure > 0 && th->measure < Y->right - Y->left) {
        if (Y->rtl) Y->left = Y->right - th->measure;
        else Y->right = Y->left + th->measure;
    }
    Y->grid = Y->leading * th->grid;
}

/* A block that spans the frame (a table, a figure, the timeline). */
static mz_status lay_wide(mz_lay *Y, const mz_block *b)
{
    double left = Y->left, right = Y->right;
    Y->left = Y->frame_left;
    Y->right = Y->frame_right;
    mz_status st = b->type == MZ_BLOCK_TABLE      ? mz_lay_data_table(Y, b) /* a GFM table: as it is */
                   : b->type == MZ_BLOCK_CHART    ? mz_lay_chart(Y, b)
                   : b->type == MZ_BLOCK_TIMELINE ? mz_lay_timeline(Y, b)
                                                  : mz_lay_image(Y, b);
    Y->left = left;
    Y->right = right;
    return st;
}

static mz_status lay_blocks(mz_lay *Y)
{
    const mz_doc *doc = Y->doc;
    mz_status st = MZ_OK;
    for (size_t i = 0; i < doc->nblocks && !st; i++) {
        const mz_block *b = &doc->blocks[i];
        const mz_block *next = i + 1 < doc->nblocks ? &doc->blocks[i + 1] : NULL;
        Y->line = b->line;
        /* every block starts on the rhythm; a heading places itself (lay_heading) */
        if (b->type != MZ_BLOCK_HEADING && b->type != MZ_BLOCK_NOTE) snap(Y, 0);
        switch (b->type) {
        case MZ_BLOCK_PARA:
        case MZ_BLOCK_CODE: st = lay_para(Y, b, next); break;
        case MZ_BLOCK_HEADING: st = lay_heading(Y, b, next, i + 2 < doc->nblocks ? &doc->blocks[i + 2] : NULL); break;
        case MZ_BLOCK_HR: st = lay_hr(Y); break;
        case MZ_BLOCK_TABLE:
        case MZ_BLOCK_TIMELINE:
        case MZ_BLOCK_CHART:
        case MZ_BLOCK_IMAGE: st = lay_wide(Y, b); break;
        case MZ_BLOCK_FACTS:
            st = mz_lay_facts(Y, mz_theme_facts_title(Y->th, Y->lang), b->items, b->nitems, b);
            Y->y -= Y->leading * Y->th->facts_after;
            break;
        case MZ_BLOCK_NOTE: break; /* at the foot of the page of its reference (layout_notes.c) */
        }
    }
    return st;
}

static mz_status layout_pass(mz_layout *L, const mz_doc *doc, mz_fonts *fs, const mz_options *opts,
                             const mz_theme *th, mz_diag *d, const mz_layout *prev)
{
    mz_lay Y = {0};
    Y.L = L;
    Y.doc = doc;
    Y.fs = fs;
    Y.d = d;
    Y.opts = opts;
    Y.th = th;
    Y.page = -1;
    Y.lang = doc->meta.lang ? doc->meta.lang : MZ_DEFAULT_LANG;
    Y.watch = L->watch;
    Y.marker_hook = lay_marker; /* list markers beside their items' first lines (mz_lay_place_set) */
    settings(&Y);
    mz_status st = mz_tag_begin(&Y);
    Y.tg.title = Y.tg.hprev = th->cover_on && doc->meta.title;
    if (!st) st = load_faces(&Y, !prev);
    if (!st) st = mz_lay_code_face(&Y, !prev);
    if (st) return st;
    frame(&Y);
    st = mz_lay_notes_begin(&Y);
    if (!st) {
        /* the cover spans the frame, as do the header and footer */
        double left = Y.left, right = Y.right;
        Y.left = Y.frame_left;
        Y.right = Y.frame_right;
        st = mz_lay_cover(&Y);
        Y.left = left;
        Y.right = right;
    }
    if (!st && doc->meta.toc) st = mz_lay_toc(&Y, prev);
    if (!st) st = lay_blocks(&Y);
    if (!st) st = mz_lay_notes_end(&Y);
    if (!st && Y.page < 0) st = mz_lay_new_page(&Y); /* an empty document is one blank page */
    /* the header and footer need the page count: with a sink, the body
     * pages go first and the furniture follows as a second helping */
    if (!st) st = mz_lay_flush(&Y, L->npages);
    if (!st) st = mz_lay_furniture(&Y);
    mz_lay_notes_free(&Y);
    free(Y.tg.notes);
    return st;
}

mz_status mz_layout_doc(mz_layout *L, const mz_doc *doc, mz_fonts *fs, const mz_options *opts,
                        mz_diag *d)
{
    L->meta = &doc->meta;
    L->doc_name = doc->name;
    char path[4096];
    mz_theme_ref ref = {opts->theme, doc->meta.theme, doc->name, opts->font_dir, opts->theme_dir};
    if (!mz_theme_path(&ref, path, sizeof path))
        return mz_fail(d, MZ_ERR_INPUT, "%s: the theme's path is too long", doc->name ? doc->name : "");
    const mz_theme *th = NULL; /* parsed once per set of faces (a batch worker's documents share it) */
    mz_status st = mz_theme_load_cached(&th, fs, path, opts->font_dir, opts->theme_dir, d);
    if (st) return st;
    if (!(L->theme_path = mz_arena_strdup(&L->arena, path)))
        st = mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    L->tagged = opts->tags ? opts->tags > 0 : doc->meta.tags >= 0;
    if (!st && !doc->meta.toc) st = layout_pass(L, doc, fs, opts, th, d, NULL);
    else if (!st) {
        /* the table of contents needs the page numbers of a first pass */
        mz_layout first = {0};
        st = layout_pass(&first, doc, fs, opts, th, d, NULL);
        if (!st) st = layout_pass(L, doc, fs, opts, th, d, &first);
        mz_layout_free(&first);
    }
    return st;
}
