/* layout_table.c - GFM tables: widths from content, wrapped cells, rows whole, the header and caption repeated. */
#include "layout/layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/shape.h"

/* The narrowest text band of a column, em: one or two glyphs.  A narrower
 * column would set every letter on its own line, so a table with more
 * columns than fit at this width is refused (MZ_ERR_LIMIT) rather than
 * drawn as an unreadable smear. */
#define MZ_TABLE_MIN_TEXT 1.0
/* A hair added to each column's natural width so that the composer, which
 * measures the same advances, never breaks a line that was measured to fit. */
#define MZ_TABLE_EPS 0.5

typedef struct cell {
    mz_set set;
    double h; /* height of the text block */
} cell;

/* One table being laid out. */
typedef struct tbl {
    size_t cols;
    double size, hsize, lead, pad, vpad; /* size: the cells'; hsize: the header row's */
    double floor_w;   /* the narrowest text band of a column */
    double *w;        /* text band width of each column */
    double *x;        /* left edge of each column's box (padding included) */
    double left, width;
    double *nat, *mn; /* each column's natural width and widest word */
    char *fixed;      /* distribute's work */
    cell *hc, *rc;    /* the header row's cells, and the current row's */
    size_t *next;     /* per column: the next line of a row split over pages */
    double hh;        /* the header row's height */
    int header_page;  /* the page the header was last drawn on */
    const mz_block *b;
    int table, body;  /* its Table and TBody elements, once made */
    int head_done;    /* the header was tagged: a repeat of it is an artifact */
    int *ct;          /* per column: the element of the cell being placed */
    int container;    /* the element the table's elements go in */
    mz_text empty;    /* what an empty cell shows (theme table.empty) */
    mz_set cap, capc, src; /* the caption, as repeated (continued), the source line */
    double caph, capch, srch; /* their heights, each with its gap to the table */
    mz_text capt, srct;       /* their texts */
    int cap_done;     /* the caption was drawn once: again it is continued */
} tbl;

/* The text a cell shows: an empty body cell the theme's mark for nothing. */
static const mz_text *cell_text(const tbl *T, size_t r, size_t c)
{
    const mz_text *t = &T->b->cells[r * T->cols + c];
    return t->len || r == 0 ? t : &T->empty;
}

static int is_space(uint32_t c) { return c == ' ' || c == '\n' || c == 0x2028 || c == 0x3000; }

/* The direction a cell's text takes: that of its first strong character,
 * else the document's.  Bidi follows the cell; alignment follows the column. */
static mz_dir text_dir(const mz_lay *Y, const mz_text *t)
{
    mz_dir d = mz_bidi_first_strong(t->u, t->len);
    if (d != MZ_DIR_AUTO) return d;
    return Y->rtl ? MZ_DIR_RTL : MZ_DIR_LTR;
}

/* The text style of a cell of row r (0 = the header row). */
static mz_tstyle cell_style(const mz_lay *Y, const tbl *T, size_t r, size_t c, const mz_text *t)
{
    const mz_role *role = r == 0 ? &Y->th->table_header : &Y->th->table_cell;
    /* the first column names the row: the theme's face sets it apart */
    int face = r > 0 && c == 0 ? Y->th->table_first_face : role->face;
    mz_tstyle ts = {r == 0 ? T->hsize : T->size, face, role->color, MZ_JUSTIFY_NONE, 0, text_dir(Y, t)};
    return ts;
}

/* GFM column alignment (0 default, 1 left, 2 center, 3 right) as the set's
 * alignment (0 start, 1 centre, 2 end) for text of direction `rtl`.  The
 * default is the table's start side, so a column stays flush whatever the
 * direction of the text in each cell. */
static int cell_align(const mz_lay *Y, int col_align, int rtl)
{
    switch (col_align) {
    case 1: return rtl ? 2 : 0;
    case 2: return 1;
    case 3: return rtl ? 0 : 2;
    default: return (rtl != 0) == (Y->rtl != 0) ? 0 : 2;
    }
}

/* Natural single-line width of a cell and its widest unbreakable piece,
 * from one shaping pass (no composing, nothing dumped). */
static mz_status measure_text(mz_lay *Y, const mz_text *t, const mz_tstyle *ts, double *nat,
                              double *minw)
{
    *nat = *minw = 0;
    if (!t->len) return MZ_OK;
    mz_text digits; /* measured as mz_lay_set_text will set it */
    if (!(t = mz_lay_body_digits(Y, t, &digits))) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    mz_para_style ps;
    mz_lay_para_style(Y, ts, &ps); /* the same faces mz_lay_set_text will use */
    mz_para p;
    mz_status st = mz_itemize(&p, t->u, t->len, t->spans, t->nspans, &ps, Y->fs, Y->d);
    if (!st) st = mz_shape_para(&p, Y->fs, Y->d);
    double *adv = NULL;
    char *brk = NULL;
    if (!st) {
        adv = calloc(t->len, sizeof *adv);
        brk = malloc(t->len);
        if (!adv || !brk) st = mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory measuring a table");
    }
    if (!st) {
        for (size_t i = 0; i < p.nglyphs; i++)
            if (p.glyphs[i].cluster < t->len) adv[p.glyphs[i].cluster] += p.glyphs[i].ax;
        mz_break_opportunities(t->u, t->len, Y->lang, brk);
        /* word = piece between break opportunities; line = piece between
         * forced breaks; both without their trailing spaces */
        double word = 0, word_sp = 0, line = 0, line_sp = 0;
        for (size_t i = 0; i < t->len; i++) {
            if (is_space(t->u[i])) {
                word_sp += adv[i];
                line_sp += adv[i];
            } else {
                word += word_sp + adv[i];
                line += line_sp + adv[i];
                word_sp = line_sp = 0;
            }
            int end = i + 1 == t->len;
            if (end || brk[i] == MZ_BREAK_ALLOW || brk[i] == MZ_BREAK_MUST) {
                if (word > *minw) *minw = word;
                word = word_sp = 0;
            }
            if (end || brk[i] == MZ_BREAK_MUST) {
                if (line > *nat) *nat = line;
                line = line_sp = 0;
            }
        }
    }
    free(adv);
    free(brk);
    mz_para_free(&p);
    return st;
}

/* Shares AVAIL among N columns.  Columns whose natural width is within an
 * equal share keep it (short columns never wrap because a neighbour is
 * long); the rest share what remains in proportion to
 * their natural widths, but not below their widest word while that is
 * possible; when even the words do not fit, the excess over the floor is
 * scaled down. */
static void distribute(size_t n, const double *nat, const double *mn, double avail, double floor_w,
                       double *w, char *fixed)
{
    double sum_nat = 0, sum_min = 0;
    for (size_t c = 0; c < n; c++) {
        sum_nat += nat[c];
        sum_min += mn[c];
        fixed[c] = 0;
    }
    if (sum_nat <= avail) {
        /* everything fits on one line: spread the spare width so the table
         * spans the frame, in proportion, keeping its shape */
        for (size_t c = 0; c < n; c++) w[c] = nat[c] + (avail - sum_nat) * nat[c] / sum_nat;
        return;
    }
    if (sum_min > avail) {
        double over = sum_min - (double)n * floor_w, room = avail - (double)n * floor_w;
        for (size_t c = 0; c < n; c++)
            w[c] = floor_w + (over > 0 ? (mn[c] - floor_w) * room / over : 0);
        return;
    }
    /* each pass fixes at least one column or stops: at most 2n passes */
    for (int phase = 0; phase < 2; phase++) {
        for (;;) {
            double rest = avail, share = 0;
            size_t open = 0;
            for (size_t c = 0; c < n; c++) {
                if (fixed[c]) rest -= w[c];
                else {
                    share += nat[c];
                    open++;
                }
            }
            int changed = 0;
            for (size_t c = 0; c < n; c++) {
                if (fixed[c]) continue;
                double t = share > 0 ? rest * nat[c] / share : 0;
                if (phase == 0 && nat[c] <= rest / (double)open) {
                    w[c] = nat[c];
                    fixed[c] = 1;
                    changed = 1;
                } else if (phase == 1 && t < mn[c]) {
                    w[c] = mn[c];
                    fixed[c] = 1;
                    changed = 1;
                } else {
                    w[c] = t;
                }
            }
            if (!changed) break;
        }
    }
}

/* Sets a row's cells at their column widths; *row_h = the row's height. */
static mz_status set_row(mz_lay *Y, const mz_block *b, const tbl *T, size_t r, cell *cells,
                         double *row_h)
{
    double hmax = 0;
    for (size_t c = 0; c < T->cols; c++) {
        const mz_text *t = cell_text(T, r, c);
        mz_tstyle ts = cell_style(Y, T, r, c, t);
        ts.align = cell_align(Y, b->align ? b->align[c] : 0, ts.dir == MZ_DIR_RTL);
        mz_set *s = &cells[c].set;
        /* Unjustified lines may come back wider than the measure (first-fit
         * counts on spaces shrinking, and ragged lines do not shrink); set
         * again narrower until they fit, then place them in the full band. */
        double m = T->w[c];
        for (int tries = 0;; tries++) {
            mz_status st = mz_lay_set_text(Y, t, &ts, m, s);
            if (st) return st;
            double over = 0;
            for (size_t i = 0; i < s->lines.n; i++)
                if (s->lines.v[i].used - T->w[c] > over) over = s->lines.v[i].used - T->w[c];
            if (over < 0.01 || tries == 3 || m - over < T->w[c] * 0.5) break;
            mz_set_free(s);
            m -= over + 0.01;
        }
        mz_status bs = mz_lay_balance(Y, t, &ts, m, s);
        if (bs) return bs;
        for (size_t i = 0; i < s->lines.n; i++) s->lines.v[i].width = T->w[c];
        s->measure = T->w[c];
        double h = 0;
        for (size_t i = 0; i < s->lines.n; i++)
            h += i == 0 ? T->lead : mz_set_line_height(Y, s, i, T->lead);
        cells[c].h = h;
        if (h > hmax) hmax = h;
    }
    if (hmax < T->lead) hmax = T->lead; /* an all-blank row keeps one line's height */
    *row_h = hmax + 2 * T->vpad;
    return MZ_OK;
}

static void free_row(cell *cells, size_t n)
{
    for (size_t c = 0; c < n; c++) mz_set_free(&cells[c].set);
}

/* Where a row (or a slice of one) goes. */
typedef struct slot {
    double y_top;  /* the row's top */
    double room;   /* the height there is for a slice */
    int whole;     /* the whole row (centred vertically in row_h), else a slice */
    double row_h;
} slot;

/* Places a row's lines from next[c] on.  A row placed whole is centred
 * vertically in row_h; a slice of a row taller than a page takes, in each
 * cell, the lines that fit in room, top-aligned, and next[] advances.
 * *used = height taken. */
static mz_status place_row(mz_lay *Y, const tbl *T, const cell *cells, size_t *next,
                           const slot *at, double *used)
{
    double y_top = at->y_top, room = at->room, row_h = at->row_h;
    int whole = at->whole;
    double hmax = 0;
    int placed_any = 0;
    for (size_t c = 0; c < T->cols; c++) {
        const mz_set *s = &cells[c].set;
        Y->tag = T->ct[c];
        double x0 = T->x[c] + T->pad;
        double y = y_top - T->vpad;
        if (whole) y -= (row_h - 2 * T->vpad - cells[c].h) / 2;
        double h = 0;
        size_t i = next[c];
        for (; i < s->lines.n; i++) {
            double lh = i == next[c] ? T->lead : mz_set_line_height(Y, s, i, T->lead);
            if (!whole && h + lh + 2 * T->vpad > room + 0.01 && (h > 0 || placed_any)) break;
            double base = y - (i == next[c] ? 0 : lh - T->lead) - T->lead * MZ_BASELINE_DROP;
            mz_status st = mz_lay_place_line(Y, s, i, x0, base);
            if (st) return st;
            y -= lh;
            h += lh;
            placed_any = 1;
        }
        next[c] = i;
        if (h > hmax) hmax = h;
    }
    Y->tag = MZ_TAG_LAYOUT;
    *used = whole ? row_h : hmax + 2 * T->vpad;
    return MZ_OK;
}

/* The elements of row R's cells: a TR of the THead (header cells, TH with
 * column scope) or of the TBody (TD), under the table's element. */
static mz_status tag_row(mz_lay *Y, tbl *T, size_t r)
{
    for (size_t c = 0; c < T->cols; c++) T->ct[c] = MZ_TAG_LAYOUT;
    if (!Y->L->tagged || (r == 0 && T->head_done)) return MZ_OK;
    if (!T->table && (T->table = mz_tag_node(Y, MZ_S_TABLE, T->container, NULL, 0)) < 0)
        return Y->d->status;
    int group = T->table;
    if (r == 0) {
        T->head_done = 1;
        if ((group = mz_tag_node(Y, MZ_S_THEAD, T->table, NULL, 0)) < 0) return Y->d->status;
    } else if (!T->body && (T->body = mz_tag_node(Y, MZ_S_TBODY, T->table, NULL, 0)) < 0) {
        return Y->d->status;
    }
    int tr = mz_tag_node(Y, MZ_S_TR, r == 0 ? group : T->body, NULL, 0);
    if (tr < 0) return Y->d->status;
    for (size_t c = 0; c < T->cols; c++) {
        const mz_text *t = cell_text(T, r, c);
        if ((T->ct[c] = mz_tag_node(Y, r == 0 ? MZ_S_TH : MZ_S_TD, tr, t->u, t->len)) < 0) return Y->d->status;
        if (r == 0) Y->L->nodes[T->ct[c]].scope = 1;
    }
    return MZ_OK;
}

/* The caption over the header: the first time the table's Caption, on a
 * later page again with the continued mark, an artifact. */
static mz_status draw_caption(mz_lay *Y, tbl *T)
{
    const mz_set *s = T->cap_done ? &T->capc : &T->cap;
    if (!s->lines.n) return MZ_OK;
    double bottom;
    if (!T->cap_done && Y->L->tagged) {
        if (!T->table && (T->table = mz_tag_node(Y, MZ_S_TABLE, T->container, NULL, 0)) < 0) return Y->d->status;
        if ((Y->tag = mz_tag_node(Y, MZ_S_CAPTION, T->table, T->capt.u, T->capt.len)) < 0) return Y->d->status;
    }
    mz_status st = mz_lay_caption_place(Y, s, Y->y, &bottom);
    Y->tag = MZ_TAG_LAYOUT;
    Y->y -= T->cap_done ? T->capch : T->caph;
    T->cap_done = 1;
    return st;
}

/* What a page starting the table (or going on with it) needs over its rows. */
static double head_need(const tbl *T) { return T->hh + (T->cap_done ? T->capch : T->caph); }

static mz_status draw_header(mz_lay *Y, tbl *T, const cell *hc, double hh)
{
    mz_status cs = draw_caption(Y, T);
    if (cs) return cs;
    size_t *next = calloc(T->cols, sizeof *next);
    if (!next) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a table");
    double top = Y->y, used;
    const mz_theme *th = Y->th;
    mz_status st = mz_lay_fill(Y, T->left, top - hh, T->width, hh, th->table_header_fill);
    int *saved = T->ct, *own = calloc(T->cols, sizeof *own);
    if (!own) st = mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a table");
    T->ct = own;
    if (!st) st = tag_row(Y, T, 0);
    if (!st) st = place_row(Y, T, hc, next, &(slot){top, hh, 1, hh}, &used);
    T->ct = saved;
    free(own);
    if (!st)
        st = mz_lay_line(Y, T->left, top - hh, T->left + T->width, top - hh,
                         th->table_header_rule_color, th->table_header_rule_width);
    Y->y = top - hh;
    free(next);
    return st;
}

/* The caption ("جدول ١: ..."), as repeated on a later page, and the source
 * line, when the author gave them; each height with its gap to the table. */
static mz_status tbl_captions(mz_lay *Y, const mz_block *b, tbl *T)
{
    const mz_words *w = mz_theme_words(Y->th, Y->lang);
    double gap = Y->leading * Y->th->caption_gap;
    mz_text cont;
    mz_status st = MZ_OK;
    if (b->caption.len || b->source.len) {
        int no = ++Y->table_no;
        st = mz_lay_caption_text(Y, w->table, no, &b->caption, 0, &T->capt);
        if (!st) st = mz_lay_caption_text(Y, w->table, no, &b->caption, 1, &cont);
    } else {
        st = mz_lay_caption_text(Y, w->continued, 0, NULL, 0, &cont); /* the mark alone */
    }
    if (!st && T->capt.len) st = mz_lay_caption_set(Y, &T->capt, 0, &T->cap, &T->caph);
    if (!st) st = mz_lay_caption_set(Y, &cont, 0, &T->capc, &T->capch);
    if (!st && b->source.len && !(st = mz_lay_source_text(Y, &b->source, &T->srct)))
        st = mz_lay_caption_set(Y, &T->srct, 0, &T->src, &T->srch);
    if (T->caph > 0) T->caph += gap;
    if (T->capch > 0) T->capch += gap;
    if (T->srch > 0) T->srch += gap;
    return st;
}

/* The table's geometry from the theme; refuses more columns than fit. */
static mz_status tbl_init(mz_lay *Y, const mz_block *b, tbl *T)
{
    const mz_theme *th = Y->th;
    T->cols = b->cols;
    T->size = Y->body_size * th->table_cell.size;
    T->hsize = Y->body_size * th->table_header.size;
    T->lead = Y->leading * th->table_leading;
    T->vpad = th->table_vpad * T->size;
    T->left = Y->left;
    T->width = Y->right - Y->left;
    T->floor_w = MZ_TABLE_MIN_TEXT * T->size;
    double per_col = T->width / (double)T->cols;
    if (per_col < T->floor_w + 2 * th->table_min_pad * T->size)
        return mz_fail(Y->d, MZ_ERR_LIMIT,
                       "%s:%d: the table has %zu columns; at most %zu fit across the page",
                       Y->doc && Y->doc->name ? Y->doc->name : "", b->line, T->cols,
                       (size_t)(T->width / (T->floor_w + 2 * th->table_min_pad * T->size)));
    T->pad = th->table_pad * T->size;
    if (per_col < T->floor_w + 2 * T->pad) T->pad = (per_col - T->floor_w) / 2;
    size_t n = T->cols;
    T->nat = calloc(n, sizeof *T->nat);
    T->mn = calloc(n, sizeof *T->mn);
    T->fixed = calloc(n, 1);
    T->w = calloc(n, sizeof *T->w);
    T->x = calloc(n, sizeof *T->x);
    T->hc = calloc(n, sizeof *T->hc);
    T->rc = calloc(n, sizeof *T->rc);
    T->next = calloc(n, sizeof *T->next);
    T->ct = calloc(n, sizeof *T->ct);
    T->b = b;
    if (!T->nat || !T->mn || !T->fixed || !T->w || !T->x || !T->hc || !T->rc || !T->next || !T->ct)
        return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a table");
    size_t len;
    uint32_t *u = mz_lay_utf32(Y, th->table_empty, &len);
    mz_span *sp = mz_arena_alloc(&Y->L->arena, sizeof *sp);
    if (!u || !sp) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a table");
    *sp = (mz_span){0, len, 0, -1};
    T->empty = (mz_text){u, len, sp, len ? 1 : 0};
    if ((T->container = mz_tag_container(Y, b)) < 0) return Y->d->status;
    return tbl_captions(Y, b, T);
}

static void tbl_free(tbl *T)
{
    mz_set_free(&T->cap);
    mz_set_free(&T->capc);
    mz_set_free(&T->src);
    if (T->rc) free_row(T->rc, T->cols);
    if (T->hc) free_row(T->hc, T->cols);
    free(T->nat);
    free(T->mn);
    free(T->fixed);
    free(T->w);
    free(T->x);
    free(T->hc);
    free(T->rc);
    free(T->next);
    free(T->ct);
}

/* What columns at widths T->w make of the first MZ_TABLE_TRIAL_ROWS rows:
 * the rows' height; per column the height its cells add over one line in
 * the rows they make tallest (wrap) and the width its widest such cell
 * would take one line fewer in (want). */
#define MZ_TABLE_TRIAL_ROWS 64
static mz_status tbl_trial(mz_lay *Y, const mz_block *b, tbl *T, double *height, double *wrap, double *want)
{
    *height = 0;
    for (size_t c = 0; c < T->cols; c++) wrap[c] = want[c] = 0;
    size_t rows = b->rows < MZ_TABLE_TRIAL_ROWS ? b->rows : MZ_TABLE_TRIAL_ROWS;
    mz_status st = MZ_OK;
    for (size_t r = 0; r < rows && !st; r++) {
        double rh;
        if ((st = set_row(Y, b, T, r, T->rc, &rh))) break;
        *height += rh;
        for (size_t c = 0; c < T->cols; c++) {
            const mz_set *s = &T->rc[c].set;
            if (s->lines.n < 2 || T->rc[c].h + 2 * T->vpad < rh - 0.01) continue;
            wrap[c] += T->rc[c].h - T->lead;
            double sum = 0;
            for (size_t i = 0; i < s->lines.n; i++) sum += s->lines.v[i].used + T->size * 0.3;
            double w = sum / (double)(s->lines.n - 1);
            if (want[c] == 0 || w < want[c]) want[c] = w; /* the cheapest line to save first */
        }
        free_row(T->rc, T->cols);
    }
    return st;
}

/* Gives column TO what it wants (at most its natural width) from the other
 * columns, each in proportion to what it has over its floor: its widest
 * word, or its natural width when nothing in it wraps (a column that fits
 * is not made to wrap); 0 when they have too little. */
static int tbl_move(tbl *T, size_t to, double want)
{
    if (want > T->nat[to]) want = T->nat[to];
    double need = want - T->w[to], have = 0;
    for (size_t c = 0; c < T->cols; c++) {
        T->fixed[c] = 0; /* scratch: 1 when column c has spare over its floor */
        double fl = T->w[c] >= T->nat[c] ? T->nat[c] : T->mn[c];
        if (c != to && T->w[c] > fl) have += T->w[c] - fl, T->fixed[c] = 1;
    }
    if (need < 1 || have < need) return 0;
    for (size_t c = 0; c < T->cols; c++) {
        double fl = T->w[c] >= T->nat[c] ? T->nat[c] : T->mn[c];
        if (T->fixed[c]) T->w[c] -= (T->w[c] - fl) * need / have;
    }
    T->w[to] = want;
    return 1;
}

/* distribute() shares the width by natural widths, which can leave a
 * wrapped cell with a lone word on its last line while another column has
 * room to spare: width goes to the column whose wrapping makes the table
 * tallest, while that makes the rows measured shorter. */
static mz_status tbl_shorten(mz_lay *Y, const mz_block *b, tbl *T)
{
    size_t n = T->cols;
    double *wrap = calloc(n, sizeof *wrap), *want = calloc(n, sizeof *want), *keep = calloc(n, sizeof *keep);
    mz_status st = wrap && want && keep ? MZ_OK : mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a table");
    double h = 0, h2;
    if (!st) st = tbl_trial(Y, b, T, &h, wrap, want);
    for (int pass = 0; pass < 8 && !st; pass++) {
        size_t to = n;
        for (size_t c = 0; c < n; c++)
            if (wrap[c] > 0 && (to == n || wrap[c] > wrap[to])) to = c;
        memcpy(keep, T->w, n * sizeof *keep);
        if (to == n || !tbl_move(T, to, want[to])) break;
        if ((st = tbl_trial(Y, b, T, &h2, wrap, want))) break;
        if (h2 > h - 0.01) { /* no shorter: as it was */
            memcpy(T->w, keep, n * sizeof *keep);
            break;
        }
        h = h2;
    }
    free(wrap);
    free(want);
    free(keep);
    return st;
}

/* Column widths from content, and the columns' places: column 1 on the
 * start side (the right in RTL documents). */
static mz_status tbl_columns(mz_lay *Y, const mz_block *b, tbl *T)
{
    size_t n = T->cols;
    mz_status st = MZ_OK;
    for (size_t r = 0; r < b->rows && !st; r++) {
        for (size_t c = 0; c < n && !st; c++) {
            const mz_text *t = cell_text(T, r, c);
            mz_tstyle ts = cell_style(Y, T, r, c, t);
            double a, m;
            st = measure_text(Y, t, &ts, &a, &m);
            if (a > T->nat[c]) T->nat[c] = a;
            if (m > T->mn[c]) T->mn[c] = m;
        }
    }
    if (st) return st;
    for (size_t c = 0; c < n; c++) {
        T->nat[c] += MZ_TABLE_EPS;
        T->mn[c] += MZ_TABLE_EPS;
        if (T->nat[c] < T->floor_w) T->nat[c] = T->floor_w;
        if (T->mn[c] < T->floor_w) T->mn[c] = T->floor_w;
        if (T->mn[c] > T->nat[c]) T->mn[c] = T->nat[c];
    }
    distribute(n, T->nat, T->mn, T->width - 2 * T->pad * (double)n, T->floor_w, T->w, T->fixed);
    if ((st = tbl_shorten(Y, b, T))) return st;
    double edge = Y->rtl ? Y->right : Y->left;
    for (size_t c = 0; c < n; c++) {
        double cw = T->w[c] + 2 * T->pad;
        if (Y->rtl) {
            edge -= cw;
            T->x[c] = edge;
        } else {
            T->x[c] = edge;
            edge += cw;
        }
    }
    return MZ_OK;
}

/* A row taller than what a page holds below the header: the one case where
 * a row is split, line by line, over pages (the header again on each). */
static mz_status place_tall_row(mz_lay *Y, tbl *T, double rh)
{
    memset(T->next, 0, T->cols * sizeof *T->next);
    for (;;) {
        double used;
        mz_status st = place_row(Y, T, T->rc, T->next, &(slot){Y->y, Y->y - Y->bottom, 0, rh}, &used);
        if (st) return st;
        Y->y -= used;
        int done = 1;
        for (size_t c = 0; c < T->cols; c++)
            if (T->next[c] < T->rc[c].set.lines.n) done = 0;
        if (done) return MZ_OK;
        st = mz_lay_new_page(Y);
        if (!st) st = draw_header(Y, T, T->hc, T->hh);
        T->header_page = Y->page;
        if (st) return st;
    }
}

/* Body row r: on this page with the header when it fits (never a header
 * alone), else on the next; then the rule under it. */
static mz_status lay_row(mz_lay *Y, const mz_block *b, tbl *T, size_t r)
{
    const mz_theme *th = Y->th;
    double rh, used;
    mz_status st = set_row(Y, b, T, r, T->rc, &rh);
    if (st) return st;
    /* the last row keeps the source line with it */
    double need = rh + (T->header_page != Y->page ? head_need(T) : 0) + (r + 1 == b->rows ? T->srch : 0);
    if (Y->page < 0 || (Y->y - need < Y->bottom - 0.01 && Y->y < Y->top - 0.01)) {
        if ((st = mz_lay_new_page(Y))) return st;
    }
    if (T->header_page != Y->page) {
        st = draw_header(Y, T, T->hc, T->hh);
        T->header_page = Y->page;
        if (st) return st;
    }
    if ((st = tag_row(Y, T, r))) return st;
    if (Y->y - rh >= Y->bottom - 0.01) {
        memset(T->next, 0, T->cols * sizeof *T->next);
        st = place_row(Y, T, T->rc, T->next, &(slot){Y->y, rh, 1, rh}, &used);
        Y->y -= used;
    } else {
        st = place_tall_row(Y, T, rh);
    }
    if (!st) {
        int last = r + 1 == b->rows;
        st = mz_lay_line(Y, T->left, Y->y, T->left + T->width, Y->y,
                         last ? th->table_last_rule_color : th->table_row_rule_color,
                         last ? th->table_last_rule_width : th->table_row_rule_width);
    }
    free_row(T->rc, T->cols);
    return st;
}

/* The source line under the table: a paragraph after the Table element. */
static mz_status tbl_source(mz_lay *Y, tbl *T)
{
    if (!T->src.lines.n) return MZ_OK;
    mz_status st = mz_lay_need(Y, T->srch);
    if (st) return st;
    if ((Y->tag = mz_tag_node(Y, MZ_S_P, T->container, T->srct.u, T->srct.len)) < 0) return Y->d->status;
    double bottom;
    st = mz_lay_caption_place(Y, &T->src, Y->y - Y->leading * Y->th->caption_gap, &bottom);
    Y->tag = MZ_TAG_LAYOUT;
    Y->y = bottom;
    return st;
}

mz_status mz_lay_table_start(mz_lay *Y, const mz_block *b, double *need)
{
    *need = 0;
    if (b->rows == 0 || b->cols == 0 || !b->cells) return MZ_OK;
    /* measured as mz_lay_table sets it, with nothing of it kept: not its
     * number, not the paragraphs the dumps count */
    int table_no = Y->table_no, para_no = Y->para_no;
    const mz_lay_watch *watch = Y->watch;
    Y->watch = NULL;
    tbl T = {0};
    double row = 0;
    mz_status st = tbl_init(Y, b, &T);
    if (!st) st = tbl_columns(Y, b, &T);
    if (!st) st = set_row(Y, b, &T, 0, T.hc, &T.hh);
    if (!st && b->rows > 1) st = set_row(Y, b, &T, 1, T.rc, &row);
    if (!st) *need = Y->leading * Y->th->table_space + head_need(&T) + (b->rows > 1 ? row : T.srch);
    tbl_free(&T);
    Y->table_no = table_no;
    Y->para_no = para_no;
    Y->watch = watch;
    return st;
}

mz_status mz_lay_table(mz_lay *Y, const mz_block *b)
{
    if (b->rows == 0 || b->cols == 0 || !b->cells) return MZ_OK;
    tbl T = {0};
    mz_status st = tbl_init(Y, b, &T);
    if (!st) st = tbl_columns(Y, b, &T);
    if (st) goto out;
    double space = Y->leading * Y->th->table_space;
    if (Y->page >= 0 && Y->y < Y->top - 0.01) Y->y -= space;
    if ((st = set_row(Y, b, &T, 0, T.hc, &T.hh))) goto out;
    T.header_page = -1;
    if (b->rows == 1) {
        st = mz_lay_need(Y, head_need(&T) + T.srch);
        if (!st) st = draw_header(Y, &T, T.hc, T.hh);
    }
    for (size_t r = 1; r < b->rows && !st; r++) st = lay_row(Y, b, &T, r);
    if (!st) st = tbl_source(Y, &T);
    if (!st) Y->y -= space;
out:
    tbl_free(&T);
    return st;
}
