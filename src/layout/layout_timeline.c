/* layout_timeline.c - the ```timeline figure: an axis along which time runs
 * in the document's direction, a dot per event, and the labels hung like
 * flags from poles, in lanes above and below the axis so that no label meets
 * another label or another event's pole. */
#include "layout/layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Events per timeline.  The figure is kept on one page, and a page holds a
 * few dozen captions at most; the limit also bounds the lane search, which
 * is quadratic in the number of years. */
#define MZ_TL_MAX_EVENTS 200

/* The events of one year: one pole and one label box. */
typedef struct group {
    int year;
    size_t first, n;   /* into the sorted event order */
    double x;          /* the pole, at the year's place on the axis */
    double w, h;       /* label box: widest line; height */
    double t0, t1;     /* the box's text band, horizontally */
    int side;          /* 0 above the axis, 1 below */
    size_t lane;       /* 0 = nearest the axis */
    mz_set yset;       /* the year, in the document's digits */
} group;

typedef struct tl {
    double lsize, lead, measure, gap, margin;
    int pole_right;    /* labels hang to the left of their pole (RTL) */
} tl;

/* Events in time order; the source order breaks ties (qsort is not stable). */
typedef struct ev_key {
    int year;
    size_t i;
} ev_key;

static int ev_cmp(const void *a, const void *b)
{
    const ev_key *x = a, *y = b;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static double set_height(const mz_lay *Y, const mz_set *s, double lead)
{
    double h = 0;
    for (size_t i = 0; i < s->lines.n; i++) h += i == 0 ? lead : mz_set_line_height(Y, s, i, lead);
    return h;
}

static double set_width(const mz_set *s)
{
    double w = 0;
    for (size_t i = 0; i < s->lines.n; i++)
        if (s->lines.v[i].used > w) w = s->lines.v[i].used;
    return w;
}

/* Text hugs the pole whatever its own direction. */
static void hug_pole(const tl *T, mz_set *s) { s->align = (s->rtl != 0) == T->pole_right ? 0 : 2; }

/* Can group g take lane j on side s, given the groups placed so far? */
static int lane_free(const tl *T, const group *G, const size_t *placed, size_t np, const group *g,
                     int s, size_t j)
{
    double m = T->margin;
    double a0 = T->pole_right ? g->t0 : g->x, a1 = T->pole_right ? g->x : g->t1;
    for (size_t k = 0; k < np; k++) {
        const group *e = &G[placed[k]];
        if (e->side != s) continue;
        double b0 = T->pole_right ? e->t0 : e->x, b1 = T->pole_right ? e->x : e->t1;
        if (e->lane == j && a0 < b1 + m && b0 < a1 + m) return 0;        /* boxes meet */
        if (e->lane < j && g->x > e->t0 - m && g->x < e->t1 + m) return 0; /* our pole crosses it */
        if (e->lane > j && e->x > g->t0 - m && e->x < g->t1 + m) return 0; /* its pole crosses us */
    }
    return 1;
}

static mz_status draw_dot(mz_lay *Y, double x, double y, double r)
{
    mz_item *it = mz_lay_item(Y, MZ_ITEM_CIRCLE);
    if (!it) return Y->d->status;
    it->x = x;
    it->y = y;
    it->w = r;
    it->filled = 1;
    it->fill = Y->th->tl_dot_color;
    it->stroke = 1; /* a ring keeps the dot crisp where it sits on a line */
    it->color = Y->th->tl_ring_color;
    it->line_width = Y->th->tl_ring_width;
    return MZ_OK;
}

static mz_status place_set_at(mz_lay *Y, const mz_set *s, double x0, double top, double lead,
                              double *y)
{
    *y = top;
    for (size_t i = 0; i < s->lines.n; i++) {
        double lh = i == 0 ? lead : mz_set_line_height(Y, s, i, lead);
        double base = *y - (i == 0 ? 0 : lh - lead) - lead * MZ_BASELINE_DROP;
        mz_status st = mz_lay_place_line(Y, s, i, x0, base);
        if (st) return st;
        *y -= lh;
    }
    return MZ_OK;
}

mz_status mz_lay_timeline(mz_lay *Y, const mz_block *b)
{
    size_t n = b->nevents;
    if (n == 0 || !b->events) return MZ_OK;
    const char *name = Y->doc && Y->doc->name ? Y->doc->name : "";
    if (n > MZ_TL_MAX_EVENTS)
        return mz_fail(Y->d, MZ_ERR_LIMIT, "%s:%d: the timeline has %zu events; at most %d fit",
                       name, b->line, n, MZ_TL_MAX_EVENTS);
    tl T;
    const mz_theme *th = Y->th;
    T.lsize = Y->body_size * th->tl_label.size;
    T.lead = T.lsize * th->tl_label.leading;
    T.measure = T.lsize * th->tl_measure;
    T.gap = th->tl_gap * T.lsize;       /* from the pole to the text */
    T.margin = th->tl_margin * T.lsize; /* kept clear around every box; less than gap, see lane_free */
    T.pole_right = Y->rtl;
    double r = Y->body_size * th->tl_dot;

    ev_key *ord = calloc(n, sizeof *ord);
    size_t *placed = calloc(n, sizeof *placed);
    mz_set *lab = calloc(n, sizeof *lab);
    group *G = calloc(n, sizeof *G);
    double *laneh = calloc(2 * (n + 1), sizeof *laneh);
    size_t ng = 0;
    mz_status st = MZ_OK;
    if (!ord || !placed || !lab || !G || !laneh) {
        st = mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a timeline");
        goto out;
    }
    for (size_t i = 0; i < n; i++) ord[i] = (ev_key){b->events[i].year, i};
    qsort(ord, n, sizeof *ord, ev_cmp);

    /* labels and year numbers, grouped by year */
    for (size_t k = 0; k < n && !st; k++) {
        const mz_event *e = &b->events[ord[k].i];
        mz_tstyle ts = {T.lsize, th->tl_label.face, th->tl_label.color, MZ_JUSTIFY_NONE, 0, 0};
        st = mz_lay_set_text(Y, e->label.u, e->label.len, e->label.spans, e->label.nspans, &ts,
                             T.measure, 0, &lab[k]);
        if (st) break;
        hug_pole(&T, &lab[k]);
        if (ng == 0 || G[ng - 1].year != e->year) {
            group *g = &G[ng++];
            g->year = e->year;
            g->first = k;
            size_t len;
            uint32_t *u = mz_lay_number(Y, e->year, &len);
            if (!u) {
                st = mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a timeline");
                break;
            }
            mz_tstyle ys = {T.lsize, th->tl_year.face, th->tl_year.color, MZ_JUSTIFY_NONE, 0, 0};
            st = mz_lay_set_text(Y, u, len, NULL, 0, &ys, T.measure, 0, &g->yset);
            if (st) break;
            hug_pole(&T, &g->yset);
            g->w = set_width(&g->yset);
            g->h = set_height(Y, &g->yset, T.lead);
        }
        group *g = &G[ng - 1];
        g->n++;
        double w = set_width(&lab[k]);
        if (w > g->w) g->w = w;
        g->h += set_height(Y, &lab[k], T.lead) + (g->n > 1 ? th->tl_stack_gap * T.lead : 0);
    }
    if (st) goto out;

    /* the years' places: linear in time, earliest on the start side; room at
     * the late end for the widest label hanging from the last pole */
    double wmax = 0;
    for (size_t k = 0; k < ng; k++)
        if (G[k].w > wmax) wmax = G[k].w;
    double pad_early = Y->body_size * th->tl_early_pad, pad_late = wmax + T.gap + th->tl_late_pad;
    double inner = Y->right - Y->left - pad_early - pad_late;
    if (inner < 0) inner = 0;
    int y0 = G[0].year, y1 = G[ng - 1].year;
    for (size_t k = 0; k < ng; k++) {
        group *g = &G[k];
        double t = y1 > y0 ? ((double)g->year - y0) / ((double)y1 - y0) : 0;
        if (ng == 1) g->x = (Y->left + Y->right) / 2;
        else g->x = Y->rtl ? Y->right - pad_early - t * inner : Y->left + pad_early + t * inner;
        g->t0 = Y->rtl ? g->x - T.gap - g->w : g->x + T.gap;
        g->t1 = g->t0 + g->w;
    }

    /* lanes, latest year first: labels hang toward later years, so a pole
     * placed now never lies under a box placed before, and the lane just
     * beyond the outermost one on either side is always free */
    size_t np = 0, nlanes[2] = {0, 0};
    for (size_t q = 0; q < ng; q++) {
        group *g = &G[ng - 1 - q];
        int pref = (int)(q % 2);
        int done = 0;
        for (size_t j = 0; !done && j <= ng; j++) {
            for (int t = 0; t < 2 && !done; t++) {
                int s = t ? !pref : pref;
                if (lane_free(&T, G, placed, np, g, s, j)) {
                    g->side = s;
                    g->lane = j;
                    done = 1;
                }
            }
        }
        if (!done) { /* cannot happen (see above); keep going rather than overlap silently */
            st = mz_fail(Y->d, MZ_ERR_INTERNAL, "%s:%d: no room for a timeline label", name,
                         b->line);
            goto out;
        }
        placed[np++] = (size_t)(g - G);
        if (g->lane + 1 > nlanes[g->side]) nlanes[g->side] = g->lane + 1;
        double *lh = &laneh[g->side * (n + 1) + g->lane];
        if (g->h > *lh) *lh = g->h;
    }

    /* heights: the dots of a year's further events stack along its pole */
    size_t maxn = 1;
    for (size_t k = 0; k < ng; k++)
        if (G[k].n > maxn) maxn = G[k].n;
    double step = th->tl_dot_step * r;
    double d0 = r + (double)(maxn - 1) * step + th->tl_first_lane_gap * T.lsize; /* axis to the first lane */
    double lg = th->tl_lane_gap * T.lsize;                                          /* between lanes */
    double ext[2];
    for (int s = 0; s < 2; s++) {
        ext[s] = nlanes[s] ? d0 - lg : 2 * r;
        for (size_t j = 0; j < nlanes[s]; j++) ext[s] += lg + laneh[s * (n + 1) + j];
    }
    double space = Y->leading * th->tl_space;
    double total = ext[0] + ext[1];
    if (total > Y->top - Y->bottom) {
        st = mz_fail(Y->d, MZ_ERR_LIMIT,
                     "%s:%d: the timeline's labels need %.0f pt, more than a page holds; "
                     "spread the years or shorten the labels", name, b->line, total);
        goto out;
    }
    if (Y->page >= 0 && Y->y < Y->top - 0.01) Y->y -= space;
    if ((st = mz_lay_need(Y, total))) goto out;
    double ay = Y->y - ext[0];

    /* the axis, with an arrowhead where time goes */
    double late = Y->rtl ? Y->left : Y->right, dir = Y->rtl ? 1 : -1;
    mz_rgb ac = th->tl_axis_color;
    double aw = th->tl_axis_width, al = th->tl_arrow_length, as = th->tl_arrow_spread;
    st = mz_lay_line(Y, Y->left, ay, Y->right, ay, ac, aw);
    if (!st) st = mz_lay_line(Y, late, ay, late + dir * al, ay + as, ac, aw);
    if (!st) st = mz_lay_line(Y, late, ay, late + dir * al, ay - as, ac, aw);

    for (size_t k = 0; k < ng && !st; k++) {
        group *g = &G[k];
        double off = d0;
        const double *lh = &laneh[g->side * (n + 1)];
        for (size_t j = 0; j < g->lane; j++) off += lh[j] + lg;
        /* above: boxes sit on their lane's floor; below: they hang from its top */
        double top = g->side == 0 ? ay + off + g->h : ay - off;
        double bot = top - g->h;
        double pole_end = g->side == 0 ? top : bot;
        st = mz_lay_line(Y, g->x, ay, g->x, pole_end, th->tl_pole_color, th->tl_pole_width);
        for (size_t i = 0; i < g->n && !st; i++) {
            double dy = (double)i * step * (g->side == 0 ? 1 : -1);
            st = draw_dot(Y, g->x, ay + dy, r);
        }
        double x0 = T.pole_right ? g->x - T.gap - T.measure : g->x + T.gap;
        double y;
        if (!st) st = place_set_at(Y, &g->yset, x0, top, T.lead, &y);
        for (size_t i = 0; i < g->n && !st; i++) {
            if (i) y -= th->tl_stack_gap * T.lead;
            st = place_set_at(Y, &lab[g->first + i], x0, y, T.lead, &y);
        }
    }
    if (!st) Y->y = ay - ext[1] - space;
out:
    for (size_t k = 0; k < ng; k++) mz_set_free(&G[k].yset);
    if (lab)
        for (size_t k = 0; k < n; k++) mz_set_free(&lab[k]);
    free(ord);
    free(placed);
    free(lab);
    free(G);
    free(laneh);
    return st;
}
