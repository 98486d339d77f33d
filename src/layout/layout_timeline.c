/* layout_timeline.c - the ```timeline figure: an axis, a disc per year, labels in lanes, its caption. */
/* Time runs in the document's direction; each year has one disc and one
 * label (its events, one under another), hung like a flag from a pole, in
 * lanes above and below the axis, so that no label meets another label or
 * another year's pole.  A label is as wide as the room to the next label on
 * its side, so it wraps only when that room is short. */
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
    double nat;        /* the widest of its events' labels on one line */
    double measure;    /* the width its labels are set in */
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

/* One timeline being laid out. */
typedef struct tlstate {
    tl T;
    const mz_block *b;
    const char *name;  /* the document, for messages */
    size_t n, ng;      /* events; groups (years) */
    ev_key *ord;       /* events in time order */
    mz_set *lab;       /* each event's label, in that order */
    group *G;
    size_t *placed, np;      /* groups given a lane so far */
    double *laneh;           /* lane heights: [side * (n + 1) + lane] */
    size_t nlanes[2];
    double r, d0, lg;        /* disc radius, axis to lane 0, between lanes */
    double ext[2];           /* how far the figure reaches above and below the axis */
    mz_text capt, srct;      /* "شكل ١: title", "المصدر: ..." */
    mz_set cap, src;         /* set, centred under the figure */
    double caph, srch;       /* their heights, with the gap over each */
} tlstate;

static mz_status tl_init(mz_lay *Y, const mz_block *b, tlstate *S)
{
    const mz_theme *th = Y->th;
    tl *T = &S->T;
    S->b = b;
    S->n = b->nevents;
    S->name = Y->doc && Y->doc->name ? Y->doc->name : "";
    if (S->n > MZ_TL_MAX_EVENTS)
        return mz_fail(Y->d, MZ_ERR_LIMIT, "%s:%d: the timeline has %zu events; at most %d fit",
                       S->name, b->line, S->n, MZ_TL_MAX_EVENTS);
    T->lsize = Y->body_size * th->tl_label.size;
    T->lead = T->lsize * th->tl_label.leading;
    T->measure = T->lsize * th->tl_measure;
    T->gap = th->tl_gap * T->lsize;       /* from the pole to the text */
    T->margin =
        th->tl_margin * T->lsize; /* kept clear around every box; less than gap, see lane_free */
    T->pole_right = Y->rtl;
    S->r = Y->body_size * th->tl_dot;
    size_t n = S->n;
    S->ord = calloc(n, sizeof *S->ord);
    S->placed = calloc(n, sizeof *S->placed);
    S->lab = calloc(n, sizeof *S->lab);
    S->G = calloc(n, sizeof *S->G);
    S->laneh = calloc(2 * (n + 1), sizeof *S->laneh);
    if (!S->ord || !S->placed || !S->lab || !S->G || !S->laneh)
        return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a timeline");
    for (size_t i = 0; i < n; i++) S->ord[i] = (ev_key){b->events[i].year, i};
    qsort(S->ord, n, sizeof *S->ord, ev_cmp);
    return MZ_OK;
}

static void tl_free(tlstate *S)
{
    mz_set_free(&S->cap);
    mz_set_free(&S->src);
    for (size_t k = 0; k < S->ng; k++) mz_set_free(&S->G[k].yset);
    if (S->lab)
        for (size_t k = 0; k < S->n; k++) mz_set_free(&S->lab[k]);
    free(S->ord);
    free(S->placed);
    free(S->lab);
    free(S->G);
    free(S->laneh);
}

/* A new group for year: its number set over the labels. */
static mz_status tl_year(mz_lay *Y, tlstate *S, int year, size_t first)
{
    const mz_theme *th = Y->th;
    group *g = &S->G[S->ng++];
    g->year = year;
    g->first = first;
    size_t len;
    uint32_t *u = mz_lay_number(Y, year, &len);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory laying out a timeline");
    mz_tstyle ys = {S->T.lsize, th->tl_year.face, th->tl_year.color, MZ_JUSTIFY_NONE, 0, 0};
    mz_status st = mz_lay_set_text(Y, &(mz_text){u, len, NULL, 0}, &ys, S->T.measure, &g->yset);
    if (st) return st;
    hug_pole(&S->T, &g->yset);
    return MZ_OK;
}

static mz_status tl_set_label(mz_lay *Y, tlstate *S, size_t k, double measure)
{
    const mz_theme *th = Y->th;
    const mz_event *e = &S->b->events[S->ord[k].i];
    mz_tstyle ts = {S->T.lsize, th->tl_label.face, th->tl_label.color, MZ_JUSTIFY_NONE, 0, 0};
    mz_set_free(&S->lab[k]);
    mz_status st = mz_lay_set_text(Y, &e->label, &ts, measure, &S->lab[k]);
    if (!st) hug_pole(&S->T, &S->lab[k]);
    return st;
}

/* The years, and each one's labels on one line (their natural width). */
static mz_status tl_groups(mz_lay *Y, tlstate *S)
{
    mz_status st = MZ_OK;
    double wide = Y->right - Y->left;
    for (size_t k = 0; k < S->n && !st; k++) {
        int year = S->b->events[S->ord[k].i].year;
        if (S->ng == 0 || S->G[S->ng - 1].year != year) st = tl_year(Y, S, year, k);
        if (!st) st = tl_set_label(Y, S, k, wide);
        if (st) break;
        group *g = &S->G[S->ng - 1];
        g->n++;
        double w = set_width(&S->lab[k]) + 1; /* a hair, so that it sets on one line again */
        if (w > g->nat) g->nat = w;
    }
    return st;
}

/* Sets label k at MEASURE; when it wraps, as narrow as it can be in as many
 * lines, so the lines are even and the last is not a lone word. */
static mz_status tl_fit_label(mz_lay *Y, tlstate *S, size_t k, double measure)
{
    mz_status st = tl_set_label(Y, S, k, measure);
    size_t lines = S->lab[k].lines.n;
    if (st || lines < 2) return st;
    double lo = measure / (double)lines, hi = measure;
    for (int i = 0; i < 10 && !st; i++) {
        double m = (lo + hi) / 2;
        st = tl_set_label(Y, S, k, m);
        if (S->lab[k].lines.n > lines) lo = m;
        else hi = m;
    }
    return st ? st : tl_set_label(Y, S, k, hi);
}

/* Each year's labels as wide as the room to the next label on its side
 * (tl_lanes alternates the sides, latest year above), at least the theme's
 * measure, at most what they need; the box they make under the year. */
static mz_status tl_labels(mz_lay *Y, tlstate *S)
{
    const mz_theme *th = Y->th;
    const tl *T = &S->T;
    double late = Y->rtl ? Y->left : Y->right;
    mz_status st = MZ_OK;
    for (size_t k = 0; k < S->ng && !st; k++) {
        group *g = &S->G[k];
        double to = k + 2 < S->ng ? S->G[k + 2].x : late;
        double room = fabs(to - g->x) - T->gap - (k + 2 < S->ng ? T->margin : th->tl_late_pad);
        g->measure = room < T->measure ? T->measure : room > g->nat ? g->nat : room;
        g->w = set_width(&g->yset);
        g->h = set_height(Y, &g->yset, T->lead);
        for (size_t i = 0; i < g->n && !st; i++) {
            mz_set *s = &S->lab[g->first + i];
            if (!(st = tl_fit_label(Y, S, g->first + i, g->measure))) {
                double w = set_width(s);
                if (w > g->w) g->w = w;
                g->h += set_height(Y, s, T->lead) + (i ? th->tl_stack_gap * T->lead : 0);
            }
        }
        g->t0 = Y->rtl ? g->x - T->gap - g->w : g->x + T->gap;
        g->t1 = g->t0 + g->w;
    }
    return st;
}

/* The years' places: in time order from the start side, each gap in
 * proportion to the years between, but none under the theme's least step
 * (discs a year apart stay apart); room at the late end for the last label. */
static void tl_places(mz_lay *Y, tlstate *S)
{
    const tl *T = &S->T;
    group *G = S->G;
    size_t ng = S->ng;
    double last = G[ng - 1].nat < T->measure ? T->measure : G[ng - 1].nat;
    if (last > (Y->right - Y->left) / 3) last = (Y->right - Y->left) / 3;
    double pad_early = Y->body_size * Y->th->tl_early_pad, pad_late = last + T->gap + Y->th->tl_late_pad;
    double inner = Y->right - Y->left - pad_early - pad_late, step = Y->th->tl_min_step * S->r;
    if (inner < 0) inner = 0;
    if (step * (double)(ng - 1) > inner) step = ng > 1 ? inner / (double)(ng - 1) : 0;
    /* per year a; gaps max(step, a * years): find a so that they fill inner */
    double lo = 0, hi = inner + 1;
    for (int i = 0; i < 60 && ng > 1; i++) {
        double a = (lo + hi) / 2, sum = 0;
        for (size_t k = 1; k < ng; k++) sum += fmax(step, a * (G[k].year - G[k - 1].year));
        if (sum > inner) hi = a;
        else lo = a;
    }
    double off = 0;
    for (size_t k = 0; k < ng; k++) {
        group *g = &G[k];
        if (k) off += fmax(step, lo * (G[k].year - G[k - 1].year));
        if (ng == 1) g->x = (Y->left + Y->right) / 2;
        else g->x = Y->rtl ? Y->right - pad_early - off : Y->left + pad_early + off;
    }
}

/* Lanes, latest year first: labels hang toward later years, so a pole
 * placed now never lies under a box placed before, and the lane just
 * beyond the outermost one on either side is always free. */
static mz_status tl_lanes(mz_lay *Y, tlstate *S)
{
    size_t ng = S->ng;
    for (size_t q = 0; q < ng; q++) {
        group *g = &S->G[ng - 1 - q];
        int pref = (int)(q % 2);
        int done = 0;
        for (size_t j = 0; !done && j <= ng; j++) {
            for (int t = 0; t < 2 && !done; t++) {
                int s = t ? !pref : pref;
                if (lane_free(&S->T, S->G, S->placed, S->np, g, s, j)) {
                    g->side = s;
                    g->lane = j;
                    done = 1;
                }
            }
        }
        if (!done) /* cannot happen (see above); stop rather than overlap silently */
            return mz_fail(Y->d, MZ_ERR_INTERNAL, "%s:%d: no room for a timeline label", S->name,
                           S->b->line);
        S->placed[S->np++] = (size_t)(g - S->G);
        if (g->lane + 1 > S->nlanes[g->side]) S->nlanes[g->side] = g->lane + 1;
        double *lh = &S->laneh[(size_t)g->side * (S->n + 1) + g->lane];
        if (g->h > *lh) *lh = g->h;
    }
    return MZ_OK;
}

/* Heights: the lanes from the axis out. */
static void tl_extents(mz_lay *Y, tlstate *S)
{
    const mz_theme *th = Y->th;
    double r = S->r;
    S->d0 = r + th->tl_first_lane_gap * S->T.lsize;
    S->lg = th->tl_lane_gap * S->T.lsize;
    for (int s = 0; s < 2; s++) {
        S->ext[s] = S->nlanes[s] ? S->d0 - S->lg : 2 * r;
        for (size_t j = 0; j < S->nlanes[s]; j++) S->ext[s] += S->lg + S->laneh[(size_t)s * (S->n + 1) + j];
    }
}

/* The axis, with an arrowhead where time goes. */
static mz_status tl_axis(mz_lay *Y, double ay)
{
    const mz_theme *th = Y->th;
    double late = Y->rtl ? Y->left : Y->right, dir = Y->rtl ? 1 : -1;
    mz_rgb ac = th->tl_axis_color;
    double aw = th->tl_axis_width, al = th->tl_arrow_length, as = th->tl_arrow_spread;
    mz_status st = mz_lay_line(Y, Y->left, ay, Y->right, ay, ac, aw);
    if (!st) st = mz_lay_line(Y, late, ay, late + dir * al, ay + as, ac, aw);
    if (!st) st = mz_lay_line(Y, late, ay, late + dir * al, ay - as, ac, aw);
    return st;
}

/* Where set s's band starts, hung from g's pole. */
static double hang(const tl *T, const group *g, const mz_set *s)
{
    return T->pole_right ? g->x - T->gap - s->measure : g->x + T->gap;
}

/* A year's pole, disc, number and labels, the axis at ay. */
static mz_status tl_group(mz_lay *Y, const tlstate *S, const group *g, double ay)
{
    const mz_theme *th = Y->th;
    const tl *T = &S->T;
    double off = S->d0;
    const double *lh = &S->laneh[(size_t)g->side * (S->n + 1)];
    for (size_t j = 0; j < g->lane; j++) off += lh[j] + S->lg;
    /* above: boxes sit on their lane's floor; below: they hang from its top */
    double top = g->side == 0 ? ay + off + g->h : ay - off;
    double bot = top - g->h;
    double pole_end = g->side == 0 ? top : bot;
    mz_status st = mz_lay_line(Y, g->x, ay, g->x, pole_end, th->tl_pole_color, th->tl_pole_width);
    if (!st) st = draw_dot(Y, g->x, ay, S->r); /* one disc a year, whatever its events */
    double y;
    if (!st) st = place_set_at(Y, &g->yset, hang(T, g, &g->yset), top, T->lead, &y);
    for (size_t i = 0; i < g->n && !st; i++) {
        const mz_set *s = &S->lab[g->first + i];
        if (i) y -= th->tl_stack_gap * T->lead;
        st = place_set_at(Y, s, hang(T, g, s), y, T->lead, &y);
    }
    return st;
}

/* The caption (the `title:` line, numbered as a figure) and the source line. */
static mz_status tl_caption(mz_lay *Y, const mz_block *b, tlstate *S)
{
    double gap = Y->leading * Y->th->figure_gap;
    mz_status st = MZ_OK;
    if (b->caption.len &&
        !(st = mz_lay_caption_text(Y, mz_theme_words(Y->th, Y->lang)->figure, ++Y->fig_no, &b->caption, 0,
                                   &S->capt)))
        st = mz_lay_caption_set(Y, &S->capt, 1, &S->cap, &S->caph);
    if (!st && b->source.len && !(st = mz_lay_source_text(Y, &b->source, &S->srct)))
        st = mz_lay_caption_set(Y, &S->srct, 1, &S->src, &S->srch);
    if (S->caph > 0) S->caph += gap;
    if (S->srch > 0) S->srch += S->caph > 0 ? 0 : gap;
    return st;
}

/* Under the figure from Y: the caption, a Caption after the Figure (a
 * reader honouring the Figure's /Alt, its events, skips the Figure's kids);
 * the source line, a paragraph after it. */
static mz_status tl_caption_place(mz_lay *Y, tlstate *S, int fig, double y, double *bottom)
{
    return mz_lay_figure_captions(Y, fig, &S->cap, &S->capt, &S->src, &S->srct, y, bottom);
}

/* The timeline's Figure: its alternative text is its
 * events in order, "year label ..." per year (the years in the digits
 * drawn), so a reader that cannot see it hears what it says. */
static int tl_tag(mz_lay *Y, const mz_block *b)
{
    if (!Y->L->tagged) return MZ_TAG_LAYOUT;
    mz_buf t = {0};
    for (size_t i = 0; i < b->nevents; i++) {
        const mz_event *e = &b->events[i];
        if (i == 0 || e->year != b->events[i - 1].year) {
            if (i) mz_buf_puts(&t, "\n");
            mz_format_number(&t, e->year, Y->arabic_digits);
        }
        char *l = mz_utf32_to_utf8(e->label.u, e->label.len);
        if (!l) t.oom = 1;
        else mz_buf_printf(&t, " %s", l);
        free(l);
    }
    return mz_tag_figure(Y, b, &t);
}

mz_status mz_lay_timeline(mz_lay *Y, const mz_block *b)
{
    if (b->nevents == 0 || !b->events) return MZ_OK;
    int fig = tl_tag(Y, b);
    if (fig < 0) return Y->d->status;
    tlstate S = {0};
    mz_status st = tl_init(Y, b, &S);
    if (!st) st = tl_groups(Y, &S);
    if (st) goto out;
    tl_places(Y, &S);
    if ((st = tl_labels(Y, &S)) || (st = tl_lanes(Y, &S))) goto out;
    tl_extents(Y, &S);
    if ((st = tl_caption(Y, b, &S))) goto out;
    double space = Y->leading * Y->th->tl_space;
    double total = S.ext[0] + S.ext[1], axis_total = total;
    total += S.caph + S.srch;
    if (total > Y->top - Y->bottom) {
        st = mz_fail(Y->d, MZ_ERR_LIMIT,
                     "%s:%d: the timeline's labels need %.0f pt, more than a page holds; "
                     "spread the years or shorten the labels", S.name, b->line, total);
        goto out;
    }
    if (Y->page >= 0 && Y->y < Y->top - 0.01) Y->y -= space;
    if ((st = mz_lay_need(Y, total))) goto out;
    double ay = Y->y - S.ext[0];
    st = tl_axis(Y, ay);
    Y->tag = fig;
    for (size_t k = 0; k < S.ng && !st; k++) st = tl_group(Y, &S, &S.G[k], ay);
    Y->tag = MZ_TAG_LAYOUT;
    double y = Y->y - axis_total;
    if (!st) st = tl_caption_place(Y, &S, fig, y, &y);
    if (!st) Y->y = y - space;
out:
    tl_free(&S);
    return st;
}
