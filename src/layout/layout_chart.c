/* layout_chart.c - the ```chart figure (columns, bars, a line) drawn as vectors, and a ```table's numbers in the document's digits. */
/* A chart reads in the document's direction: in a right-to-left document
 * the first category is on the right (columns, a line) and bars grow from
 * the right; the value axis's numbers stand on the start side.  Numbers
 * are written as the data's format says, in the document's digits (with
 * the Arabic separators ٬ and ٫ when those digits are Arabic). */
#include "layout/layout_int.h"
#include "doc/csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MZ_ARABIC_THOUSANDS 0x066C
#define MZ_ARABIC_DECIMAL 0x066B

/* The reader's ASCII number text U in the document's digits, in place. */
static void data_digits(const mz_lay *Y, uint32_t *u, size_t n)
{
    uint32_t zero = (uint32_t)Y->arabic_digits;
    if (zero <= '0') return;
    int arabic = zero == 0x0660 || zero == 0x06F0;
    for (size_t i = 0; i < n; i++) {
        if (u[i] >= '0' && u[i] <= '9') u[i] = zero + (u[i] - '0');
        else if (arabic && u[i] == ',') u[i] = MZ_ARABIC_THOUSANDS;
        else if (arabic && u[i] == '.') u[i] = MZ_ARABIC_DECIMAL;
    }
}

mz_status mz_lay_data_table(mz_lay *Y, const mz_block *b)
{
    if (!b->num_col || !b->rows || !b->cols) return mz_lay_table(Y, b);
    /* a copy of the cells: the document model stays as read (--dump=doc) */
    mz_block t = *b;
    size_t nc = b->rows * b->cols;
    t.cells = mz_arena_alloc(&Y->L->arena, nc * sizeof *t.cells);
    if (!t.cells) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a table");
    memcpy(t.cells, b->cells, nc * sizeof *t.cells);
    for (size_t i = b->cols; i < nc; i++) {
        mz_text *c = &t.cells[i];
        if (!b->num_col[i % b->cols] || !c->len) continue;
        uint32_t *u = mz_arena_alloc(&Y->L->arena, c->len * sizeof *u);
        if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a table");
        memcpy(u, c->u, c->len * sizeof *u);
        data_digits(Y, u, c->len);
        c->u = u;
    }
    return mz_lay_table(Y, &t);
}

/* ---- the chart ------------------------------------------------------------ */

typedef struct chart {
    const mz_block *b;
    const mz_chart *ch;
    double lsize, lead, gap;
    double lo, hi, step;   /* the value axis: lo..hi in steps */
    int tdec;              /* decimals of the axis's numbers */
    size_t nticks;
    mz_set *cat, *val, *tick; /* category labels, value labels, axis numbers */
    mz_set unit;
    mz_text capt, srct;
    mz_set cap, src;
    double caph, srch;
    double catw, valw, tickw; /* the widest of each, set on one line */
} chart;

static void chart_free(chart *C)
{
    for (size_t i = 0; C->cat && i < C->ch->n; i++) mz_set_free(&C->cat[i]);
    for (size_t i = 0; C->val && i < C->ch->n; i++) mz_set_free(&C->val[i]);
    for (size_t i = 0; C->tick && i < C->nticks; i++) mz_set_free(&C->tick[i]);
    mz_set_free(&C->unit);
    mz_set_free(&C->cap);
    mz_set_free(&C->src);
    free(C->cat);
    free(C->val);
    free(C->tick);
}

static double set_w(const mz_set *s)
{
    double w = 0;
    for (size_t i = 0; i < s->lines.n; i++)
        if (s->lines.v[i].used > w) w = s->lines.v[i].used;
    return w;
}

static double set_h(const mz_lay *Y, const mz_set *s, double lead)
{
    double h = 0;
    for (size_t i = 0; i < s->lines.n; i++) h += i == 0 ? lead : mz_set_line_height(Y, s, i, lead);
    return h;
}

/* V as the chart writes it: the data's format, the document's digits. */
static uint32_t *chart_number(mz_lay *Y, double v, int dec, int group, size_t *len)
{
    mz_buf t = {0};
    mz_csv_format(&t, v, dec, group);
    mz_buf_put(&t, "", 1);
    uint32_t *u = t.oom ? NULL : mz_lay_utf32(Y, t.data, len);
    mz_buf_free(&t);
    if (u) data_digits(Y, u, *len);
    return u;
}

static mz_status set_label(mz_lay *Y, chart *C, const mz_text *t, mz_rgb color, int align, double measure,
                           mz_set *s)
{
    const mz_role *r = &Y->th->chart_label;
    mz_tstyle ts = {C->lsize, r->face, color, MZ_JUSTIFY_NONE, align, 0};
    return mz_lay_set_text(Y, t, &ts, measure, s);
}

static mz_status set_number(mz_lay *Y, chart *C, double v, int dec, mz_rgb color, mz_set *s)
{
    size_t n;
    uint32_t *u = chart_number(Y, v, dec, C->ch->group, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a chart");
    return set_label(Y, C, &(mz_text){u, n, NULL, 0}, color, 1, Y->right - Y->left, s);
}

/* A round step (1, 2, 2.5 or 5 times a power of ten) giving at most the
 * theme's number of gridlines past zero; the axis from it. */
static void chart_axis(const mz_theme *th, chart *C)
{
    const mz_chart *ch = C->ch;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < ch->n; i++) {
        if (ch->value[i] < lo) lo = ch->value[i];
        if (ch->value[i] > hi) hi = ch->value[i];
    }
    if (hi - lo <= 0) hi = 1;
    int lines = th->chart_grid_lines > 0 ? th->chart_grid_lines : 1;
    double rough = (hi - lo) / lines, p = pow(10, floor(log10(rough))), step = p;
    static const double mult[] = {1, 2, 2.5, 5, 10};
    for (size_t k = 0; k < sizeof mult / sizeof *mult; k++)
        if (mult[k] * p >= rough - 1e-12 * rough) {
            step = mult[k] * p;
            break;
        }
    C->step = step;
    C->lo = floor(lo / step + 1e-9) * step;
    C->hi = ceil(hi / step - 1e-9) * step;
    C->nticks = (size_t)floor((C->hi - C->lo) / step + 0.5) + 1;
    C->tdec = 0;
    while (C->tdec < 6 && fabs(step * pow(10, C->tdec) - floor(step * pow(10, C->tdec) + 0.5)) > 1e-9) C->tdec++;
}

/* Every text the chart draws, set: categories, values, axis numbers, unit, caption. */
static mz_status chart_sets(mz_lay *Y, chart *C, double slot)
{
    const mz_theme *th = Y->th;
    const mz_chart *ch = C->ch;
    C->cat = calloc(ch->n, sizeof *C->cat);
    C->val = calloc(ch->n, sizeof *C->val);
    C->tick = calloc(C->nticks, sizeof *C->tick);
    if (!C->cat || !C->val || !C->tick) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a chart");
    mz_status st = MZ_OK;
    int bar = ch->kind == MZ_CHART_BAR;
    for (size_t i = 0; i < ch->n && !st; i++) {
        st = set_label(Y, C, &ch->label[i], th->chart_label.color, bar ? 0 : 1, slot, &C->cat[i]);
        if (!st) st = set_number(Y, C, ch->value[i], ch->decimals, th->chart_value_color, &C->val[i]);
        if (!st && set_w(&C->cat[i]) > C->catw) C->catw = set_w(&C->cat[i]);
        if (!st && set_w(&C->val[i]) > C->valw) C->valw = set_w(&C->val[i]);
    }
    for (size_t k = 0; k < C->nticks && !st; k++) {
        st = set_number(Y, C, C->lo + (double)k * C->step, C->tdec, th->chart_label.color, &C->tick[k]);
        if (!st && set_w(&C->tick[k]) > C->tickw) C->tickw = set_w(&C->tick[k]);
    }
    if (!st && ch->unit.len)
        st = set_label(Y, C, &ch->unit, th->chart_label.color, 0, Y->right - Y->left, &C->unit);
    double gap = Y->leading * th->figure_gap;
    if (!st && C->b->caption.len &&
        !(st = mz_lay_caption_text(Y, mz_theme_words(th, Y->lang)->figure, ++Y->fig_no, &C->b->caption, 0,
                                   &C->capt)))
        st = mz_lay_caption_set(Y, &C->capt, 1, &C->cap, &C->caph);
    if (!st && C->b->source.len && !(st = mz_lay_source_text(Y, &C->b->source, &C->srct)))
        st = mz_lay_caption_set(Y, &C->srct, 1, &C->src, &C->srch);
    if (C->caph > 0) C->caph += gap;
    if (C->srch > 0) C->srch += C->caph > 0 ? 0 : gap;
    return st;
}

/* Set S's lines in the band [x0, x0 + its measure] from TOP down. */
static mz_status place_at(mz_lay *Y, const mz_set *s, double x0, double top, double lead)
{
    double y = top;
    for (size_t i = 0; i < s->lines.n; i++) {
        double lh = i == 0 ? lead : mz_set_line_height(Y, s, i, lead);
        double base = y - (i == 0 ? 0 : lh - lead) - lead * MZ_BASELINE_DROP;
        mz_status st = mz_lay_place_line(Y, s, i, x0, base);
        if (st) return st;
        y -= lh;
    }
    return MZ_OK;
}

/* The place of value V along a value axis of LEN points from its start A,
 * running toward DIR (+1 up or right, -1 left). */
static double value_at(const chart *C, double v, double a, double len, int dir)
{
    return a + dir * (v - C->lo) / (C->hi - C->lo) * len;
}

/* Columns or a line: categories across in the document's direction, values up. */
static mz_status draw_columns(mz_lay *Y, chart *C, double top, double plot_h, double slot, double *bottom)
{
    const mz_theme *th = Y->th;
    const mz_chart *ch = C->ch;
    double axis_w = C->tickw + C->gap;
    double pl = Y->rtl ? Y->left : Y->left + axis_w, pr = Y->rtl ? Y->right - axis_w : Y->right;
    double unit_h = C->unit.lines.n ? set_h(Y, &C->unit, C->lead) : 0;
    double pt = top - unit_h - C->lead, pb = pt - plot_h;
    mz_status st = MZ_OK;
    if (unit_h) st = place_at(Y, &C->unit, Y->rtl ? Y->right - C->unit.measure : Y->left, top, C->lead);
    for (size_t k = 0; k < C->nticks && !st; k++) { /* gridlines and their numbers */
        double v = C->lo + (double)k * C->step, y = value_at(C, v, pb, plot_h, 1);
        if (fabs(v) > C->step * 1e-9 && th->chart_grid_width > 0)
            st = mz_lay_line(Y, pl, y, pr, y, th->chart_grid_color, th->chart_grid_width);
        const mz_set *s = &C->tick[k];
        double cx = Y->rtl ? pr + C->gap + C->tickw / 2 : pl - C->gap - C->tickw / 2; /* centred in the band */
        if (!st) st = mz_lay_place_line(Y, s, 0, cx - s->measure / 2, y - C->lsize * 0.35);
    }
    double y0 = value_at(C, 0, pb, plot_h, 1), px = 0, py = 0;
    for (size_t i = 0; i < ch->n && !st; i++) {
        double cx = Y->rtl ? pr - ((double)i + 0.5) * slot : pl + ((double)i + 0.5) * slot;
        double yv = value_at(C, ch->value[i], pb, plot_h, 1), bw = slot * th->chart_bar_width;
        if (ch->kind == MZ_CHART_COLUMN) {
            double h = fabs(yv - y0);
            st = mz_lay_fill(Y, cx - bw / 2, fmin(yv, y0), bw, h > 0.5 ? h : 0.5, th->chart_bar_color);
        } else {
            if (i) st = mz_lay_line(Y, px, py, cx, yv, th->chart_bar_color, th->chart_line_width);
            px = cx, py = yv;
        }
        const mz_set *vs = &C->val[i];
        double vb = ch->value[i] < 0 ? fmin(yv, y0) - C->lsize * 1.1 : fmax(yv, y0) + C->lsize * 0.35;
        if (!st) st = mz_lay_place_line(Y, vs, 0, cx - vs->measure / 2, vb + (ch->kind == MZ_CHART_LINE ? C->lsize * 0.3 : 0));
        if (!st) st = place_at(Y, &C->cat[i], cx - slot / 2, pb - C->lead * 0.3, C->lead);
    }
    for (size_t i = 0; ch->kind == MZ_CHART_LINE && i < ch->n && !st; i++) { /* the points over the line */
        double cx = Y->rtl ? pr - ((double)i + 0.5) * slot : pl + ((double)i + 0.5) * slot;
        mz_item *it = mz_lay_item(Y, MZ_ITEM_CIRCLE);
        if (!it) return Y->d->status;
        it->x = cx;
        it->y = value_at(C, ch->value[i], pb, plot_h, 1);
        it->w = Y->body_size * th->chart_dot;
        it->filled = 1;
        it->fill = th->chart_bar_color;
    }
    if (!st) st = mz_lay_line(Y, pl, y0, pr, y0, th->chart_axis_color, th->chart_axis_width);
    double cath = 0;
    for (size_t i = 0; i < ch->n; i++) cath = fmax(cath, set_h(Y, &C->cat[i], C->lead));
    *bottom = pb - C->lead * 0.3 - cath;
    return st;
}

/* Bars: categories down the start side, values growing toward the end. */
static mz_status draw_bars(mz_lay *Y, chart *C, double top, double row, double labw, double *bottom)
{
    const mz_theme *th = Y->th;
    const mz_chart *ch = C->ch;
    double valw = C->valw + C->gap;
    /* the plot: between the labels (start side) and the room for the numbers */
    double pl = Y->rtl ? Y->left + valw : Y->left + labw + C->gap, pr = Y->rtl ? Y->right - labw - C->gap : Y->right - valw;
    double len = pr - pl, a = Y->rtl ? pr : pl;
    int dir = Y->rtl ? -1 : 1;
    double unit_h = C->unit.lines.n ? set_h(Y, &C->unit, C->lead) : 0;
    double pt = top - unit_h, pb = pt - row * (double)ch->n;
    mz_status st = MZ_OK;
    if (unit_h) st = place_at(Y, &C->unit, Y->rtl ? Y->left : Y->right - C->unit.measure, top, C->lead);
    for (size_t k = 0; k < C->nticks && !st; k++) {
        double v = C->lo + (double)k * C->step, x = value_at(C, v, a, len, dir);
        if (fabs(v) > C->step * 1e-9 && th->chart_grid_width > 0)
            st = mz_lay_line(Y, x, pt, x, pb, th->chart_grid_color, th->chart_grid_width);
        if (!st) st = mz_lay_place_line(Y, &C->tick[k], 0, x - C->tick[k].measure / 2, pb - C->lead * MZ_BASELINE_DROP - C->lead * 0.2);
    }
    double x0 = value_at(C, 0, a, len, dir);
    for (size_t i = 0; i < ch->n && !st; i++) {
        double yc = pt - ((double)i + 0.5) * row, xv = value_at(C, ch->value[i], a, len, dir);
        double bh = row * th->chart_bar_width, w = fabs(xv - x0);
        st = mz_lay_fill(Y, fmin(xv, x0), yc - bh / 2, w > 0.5 ? w : 0.5, bh, th->chart_bar_color);
        const mz_set *vs = &C->val[i];
        int toward_end = (ch->value[i] >= 0) == !Y->rtl; /* the number beyond the bar's far end */
        double vx = toward_end ? fmax(xv, x0) + C->gap / 2 + set_w(vs) / 2 : fmin(xv, x0) - C->gap / 2 - set_w(vs) / 2;
        if (!st) st = mz_lay_place_line(Y, vs, 0, vx - vs->measure / 2, yc - C->lsize * 0.35);
        double lh = set_h(Y, &C->cat[i], C->lead);
        double lx = Y->rtl ? Y->right - C->cat[i].measure : Y->left; /* from the start side */
        if (!st) st = place_at(Y, &C->cat[i], lx, yc + lh / 2, C->lead);
    }
    if (!st) st = mz_lay_line(Y, x0, pt, x0, pb, th->chart_axis_color, th->chart_axis_width);
    *bottom = pb - C->lead * 1.2;
    return st;
}

/* The chart's Figure: its /Alt is its data, "title: label value unit, ..."
 * with the numbers as drawn, so a reader who cannot see it hears it. */
static int chart_tag(mz_lay *Y, chart *C)
{
    if (!Y->L->tagged) return MZ_TAG_LAYOUT;
    const mz_chart *ch = C->ch;
    mz_buf t = {0};
    char *s = C->b->caption.len ? mz_utf32_to_utf8(C->b->caption.u, C->b->caption.len) : NULL;
    char *unit = ch->unit.len ? mz_utf32_to_utf8(ch->unit.u, ch->unit.len) : NULL;
    if ((C->b->caption.len && !s) || (ch->unit.len && !unit)) t.oom = 1;
    if (s) mz_buf_printf(&t, "%s: ", s);
    for (size_t i = 0; i < ch->n && !t.oom; i++) {
        char *l = mz_utf32_to_utf8(ch->label[i].u, ch->label[i].len);
        size_t n;
        uint32_t *num = chart_number(Y, ch->value[i], ch->decimals, ch->group, &n);
        char *v = num ? mz_utf32_to_utf8(num, n) : NULL;
        if (!l || !v) t.oom = 1;
        else mz_buf_printf(&t, "%s%s %s%s%s", i ? (Y->rtl ? "، " : ", ") : "", l, v, unit ? " " : "", unit ? unit : "");
        free(l);
        free(v);
    }
    free(s);
    free(unit);
    return mz_tag_figure(Y, C->b, &t);
}

/* Under the figure: its caption (a Caption after the Figure, as the
 * timeline's) and the source line (a paragraph). */
static mz_status chart_caption(mz_lay *Y, chart *C, int fig, double y, double *bottom)
{
    return mz_lay_figure_captions(Y, fig, &C->cap, &C->capt, &C->src, &C->srct, y, bottom);
}

/* The height the figure takes above its caption, and the bar chart's row and label band. */
static double chart_height(mz_lay *Y, chart *C, double *row, double *labw)
{
    const mz_chart *ch = C->ch;
    double unit_h = C->unit.lines.n ? set_h(Y, &C->unit, C->lead) : 0;
    if (ch->kind != MZ_CHART_BAR) {
        double cath = 0;
        for (size_t i = 0; i < ch->n; i++) cath = fmax(cath, set_h(Y, &C->cat[i], C->lead));
        return unit_h + C->lead + Y->body_size * Y->th->chart_height + C->lead * 0.3 + cath;
    }
    *row = C->lead * 1.5;
    *labw = 0;
    for (size_t i = 0; i < ch->n; i++) {
        *row = fmax(*row, set_h(Y, &C->cat[i], C->lead) + C->lead * 0.3);
        *labw = fmax(*labw, set_w(&C->cat[i]));
    }
    return unit_h + *row * (double)ch->n + C->lead * 1.2;
}

mz_status mz_lay_chart(mz_lay *Y, const mz_block *b)
{
    if (!b->chart || !b->chart->n) return MZ_OK;
    const mz_theme *th = Y->th;
    const char *name = Y->doc && Y->doc->name ? Y->doc->name : "";
    chart C = {.b = b, .ch = b->chart};
    C.lsize = Y->body_size * th->chart_label.size;
    C.lead = C.lsize * th->chart_label.leading;
    C.gap = C.lsize * 0.5;
    chart_axis(th, &C);
    double width = Y->right - Y->left;
    /* a column's slot, or a bar chart's label band: at most a third of the frame */
    double slot = b->chart->kind == MZ_CHART_BAR ? width / 3 : (width - width / 8) / (double)b->chart->n;
    int fig = chart_tag(Y, &C);
    if (fig < 0) return Y->d->status;
    mz_status st = chart_sets(Y, &C, slot);
    if (st) goto out;
    if (b->chart->kind != MZ_CHART_BAR) { /* the slots share what the value axis leaves */
        slot = (width - C.tickw - C.gap) / (double)b->chart->n;
        for (size_t i = 0; i < b->chart->n && !st; i++) {
            mz_set_free(&C.cat[i]);
            st = set_label(Y, &C, &b->chart->label[i], th->chart_label.color, 1, slot * 0.96, &C.cat[i]);
        }
        if (st) goto out;
    }
    double row = 0, labw = 0, h = chart_height(Y, &C, &row, &labw);
    double total = h + C.caph + C.srch, space = Y->leading * th->chart_space;
    if (total > Y->top - Y->bottom) {
        st = mz_fail(Y->d, MZ_ERR_LIMIT, "%s:%d: the chart needs %.0f pt, more than a page holds; fewer rows or a lower chart.height",
                     name, b->line, total);
        goto out;
    }
    if (Y->page >= 0 && Y->y < Y->top - 0.01) Y->y -= space;
    if ((st = mz_lay_need(Y, total))) goto out;
    double top = Y->y, y;
    Y->tag = fig;
    st = b->chart->kind == MZ_CHART_BAR ? draw_bars(Y, &C, top, row, labw, &y)
                                        : draw_columns(Y, &C, top, Y->body_size * th->chart_height, slot, &y);
    Y->tag = MZ_TAG_LAYOUT;
    y = top - h;
    if (!st) st = chart_caption(Y, &C, fig, y, &y);
    if (!st) Y->y = y - space;
out:
    chart_free(&C);
    return st;
}
