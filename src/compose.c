/* compose.c - breaks a shaped paragraph into lines (UAX #14 opportunities),
 * justifies them, and orders each line's glyphs visually (UAX #9 L1-L2). */
#include "compose.h"

#include <linebreak.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "shape.h"

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;
static void lb_init(void) { init_linebreak(); }

void mz_break_opportunities(const uint32_t *u, size_t len, const char *lang, char *brks)
{
    pthread_once(&lb_once, lb_init);
    if (len) set_linebreaks_utf32(u, len, lang, brks);
}

void mz_lines_free(mz_lines *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].g);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Inter-word glue: the space character and the no-break space. */
static int is_glue(uint32_t c) { return c == ' ' || c == 0x00A0; }
/* Characters dropped at a line's end (UAX #9 L1 and alreq: invisible). */
static int is_trailing_space(uint32_t c) { return c == ' ' || c == 0x3000 || c == 0x2028; }

/* Per-paragraph measurements, all prefix sums so a range costs O(1). */
typedef struct measure {
    size_t n;
    double *W;         /* W[i] = advance of characters [0, i) (clusters credited to their start) */
    double *SW;        /* SW[i] = advance of glue characters in [0, i) */
    unsigned char *cs; /* cs[i] = 1 when a cluster starts at i */
    char *brk;         /* brk[i]: break opportunity after character i */
} measure;

static void measure_free(measure *m)
{
    free(m->W);
    free(m->SW);
    free(m->cs);
    free(m->brk);
}

static int measure_init(measure *m, const mz_para *p)
{
    size_t n = p->len;
    memset(m, 0, sizeof *m);
    m->n = n;
    m->W = calloc(n + 1, sizeof *m->W);
    m->SW = calloc(n + 1, sizeof *m->SW);
    m->cs = calloc(n + 1, 1);
    m->brk = malloc(n + 1);
    double *adv = calloc(n + 1, sizeof *adv);
    if (!m->W || !m->SW || !m->cs || !m->brk || !adv) {
        free(adv);
        return 0;
    }
    for (size_t i = 0; i < p->nglyphs; i++) {
        uint32_t c = p->glyphs[i].cluster;
        if (c < n) {
            adv[c] += p->glyphs[i].ax;
            m->cs[c] = 1;
        }
    }
    m->cs[n] = 1;
    for (size_t i = 0; i < n; i++) {
        m->W[i + 1] = m->W[i] + adv[i];
        m->SW[i + 1] = m->SW[i] + (is_glue(p->u[i]) ? adv[i] : 0);
    }
    free(adv);
    mz_break_opportunities(p->u, n, p->style.lang ? p->style.lang : "ar", m->brk);
    return 1;
}

/* ---- line realisation --------------------------------------------------- */

typedef struct slice {
    size_t start, end; /* logical range */
    const mz_run *run;
    mz_glyph *g;       /* glyphs in HarfBuzz (visual-within-run) order */
    size_t ng;
    size_t key;        /* visual position, for sorting */
} slice;

static int slice_cmp(const void *a, const void *b)
{
    const slice *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Does cutting run r's glyphs at character c need re-shaping? */
static int cut_unsafe(const mz_para *p, const mz_run *r, size_t c)
{
    for (size_t i = 0; i < r->ng; i++) {
        const mz_glyph *g = &p->glyphs[r->g0 + i];
        if (g->cluster == c) return (g->flags & MZ_GF_UNSAFE_TO_BREAK) != 0;
    }
    return 1; /* c is not a cluster start: never expected, be safe */
}

typedef struct line_spec {
    size_t s, ce, e;
    int last, forced;
    double measure;
} line_spec;

static mz_status realise(mz_para *p, const measure *m, const line_spec *ls, const mz_compose_opts *o,
                         mz_fonts *fs, mz_lines *out, mz_diag *d)
{
    size_t s = ls->s, ce = ls->ce;
    size_t len = ce - s;
    slice *sl = NULL;
    size_t nsl = 0, slcap = 0;
    mz_glyph *tmp = NULL; /* re-shaped glyphs of cut runs */
    size_t ntmp = 0, tmpcap = 0;
    FriBidiLevel *lv = NULL;
    size_t *map = NULL, *vis = NULL;
    mz_pglyph *pg = NULL;
    mz_status st = MZ_OK;

    if (!mz_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory composing lines");

    /* glyph slices of the runs that meet [s, ce) */
    size_t gtotal = 0;
    for (size_t r = 0; r < p->nruns && len; r++) {
        mz_run *run = &p->runs[r];
        size_t a = run->start > s ? run->start : s;
        size_t b = run->start + run->len < ce ? run->start + run->len : ce;
        if (a >= b) continue;
        if (!mz_grow((void **)&sl, &slcap, nsl + 1, sizeof *sl)) goto oom;
        slice *x = &sl[nsl++];
        x->start = a;
        x->end = b;
        x->run = run;
        int whole = a == run->start && b == run->start + run->len;
        int reshape = !whole && ((a > run->start && cut_unsafe(p, run, a)) ||
                                 (b < run->start + run->len && cut_unsafe(p, run, b)));
        if (reshape) {
            size_t before = ntmp;
            if (!mz_shape_range(p, run, p->u, s, ce, a, b - a, fs, &tmp, &ntmp, &tmpcap)) goto oom;
            x->g = NULL; /* fixed up below: tmp may move while growing */
            x->key = before;
            x->ng = ntmp - before;
        } else {
            size_t i0 = run->g0, i1 = run->g0 + run->ng;
            /* glyphs of [a, b): clusters are monotone within a run */
            size_t first = i1, last = i0;
            for (size_t i = i0; i < i1; i++) {
                uint32_t c = p->glyphs[i].cluster;
                if (c >= a && c < b) {
                    if (first == i1) first = i;
                    last = i + 1;
                }
            }
            x->g = first < last ? &p->glyphs[first] : NULL;
            x->ng = first < last ? last - first : 0;
            x->key = (size_t)-1;
        }
        gtotal += x->ng;
    }
    for (size_t i = 0; i < nsl; i++)
        if (!sl[i].g && sl[i].key != (size_t)-1) sl[i].g = tmp + sl[i].key;

    /* UAX #9 L1-L2 on the line, then slices in visual order */
    if (len) {
        lv = malloc(len * sizeof *lv);
        map = malloc(len * sizeof *map);
        vis = malloc(len * sizeof *vis);
        if (!lv || !map || !vis) goto oom;
        if (!mz_bidi_reorder_line(p->types, p->levels, s, len, p->base, lv, map)) goto oom;
        for (size_t i = 0; i < len; i++) vis[map[i]] = i;
        for (size_t i = 0; i < nsl; i++) sl[i].key = vis[sl[i].start - s];
        qsort(sl, nsl, sizeof *sl, slice_cmp);
    }

    /* justification */
    double natural = m->W[ce] - m->W[s];
    double glue = m->SW[ce] - m->SW[s];
    size_t nglue = 0;
    for (size_t i = s; i < ce; i++) nglue += is_glue(p->u[i]);
    double slack = ls->measure - natural;
    double ratio = 0, extra = 0;
    int justify = o->justify != MZ_JUSTIFY_NONE && !ls->last && !ls->forced && nglue > 0;
    if (justify) {
        ratio = slack >= 0 ? slack / (glue * MZ_SPACE_STRETCH) : slack / (glue * MZ_SPACE_SHRINK);
        extra = slack / (double)nglue;
    }

    pg = malloc((gtotal ? gtotal : 1) * sizeof *pg);
    if (!pg) goto oom;
    double pen = 0;
    size_t k = 0;
    double asc = 0, desc = 0;
    for (size_t i = 0; i < nsl; i++) {
        slice *x = &sl[i];
        int rtl = x->run->level & 1;
        /* characters per cluster: the distance to the next cluster in logical order */
        uint32_t next = (uint32_t)x->end;
        size_t base = k;
        for (size_t j = 0; j < x->ng; j++) {
            size_t gi = rtl ? j : x->ng - 1 - j; /* walk from the logical end backwards */
            const mz_glyph *g = &x->g[gi];
            mz_pglyph *q = &pg[base + gi];
            if (j > 0) {
                const mz_glyph *prev = &x->g[rtl ? j - 1 : x->ng - j];
                if (prev->cluster != g->cluster) next = prev->cluster;
            }
            q->cl = g->cluster;
            q->cn = (g->flags & MZ_GF_INSERTED) ? 0 : next - g->cluster;
        }
        for (size_t j = 0; j < x->ng; j++) {
            const mz_glyph *g = &x->g[j];
            mz_pglyph *q = &pg[k++];
            q->gid = g->gid;
            q->x = (float)(pen + g->dx);
            q->y = g->dy;
            q->font = g->font;
            q->flags = g->flags;
            q->style = x->run->style | ((uint32_t)(x->run->link + 1) << 16);
            /* ink extents, so layout can keep tall marks from touching */
            hb_glyph_extents_t ext;
            mz_font *gf = fs->fonts[g->font];
            if (hb_font_get_glyph_extents(gf->hb, g->gid, &ext)) {
                double k2 = p->style.size / gf->upem;
                double top = g->dy + ext.y_bearing * k2, bot = g->dy + (ext.y_bearing + ext.height) * k2;
                if (top > asc) asc = top;
                if (-bot > desc) desc = -bot;
            }
            pen += g->ax;
            if (justify && q->cn == 1 && is_glue(p->u[g->cluster])) pen += extra;
        }
    }

    mz_line *L = &out->v[out->n++];
    memset(L, 0, sizeof *L);
    L->start = s;
    L->end = ls->e;
    L->width = ls->measure;
    L->natural = natural;
    L->used = pen;
    L->ratio = ratio;
    L->last = ls->last;
    L->ascent = asc;
    L->descent = desc;
    L->g = pg;
    L->ng = k;
    pg = NULL;
    goto done;
oom:
    st = mz_fail(d, MZ_ERR_NOMEM, "out of memory composing lines");
done:
    free(sl);
    free(tmp);
    free(lv);
    free(map);
    free(vis);
    free(pg);
    return st;
}

/* ---- line breaking -------------------------------------------------------- */

/* First-fit: each line takes as many words as fit, allowing spaces to shrink
 * to their minimum.  Linear: every position is looked at a bounded number of
 * times.  A word wider than the measure is broken at the last cluster
 * boundary that fits (the only alternative is ink outside the page). */
static mz_status first_fit(mz_para *p, const measure *m, const mz_compose_opts *o, mz_fonts *fs,
                           mz_lines *out, mz_diag *d)
{
    size_t n = p->len, s = 0;
    int first = 1;
    while (s < n) {
        double meas = o->measure - (first ? o->first_indent : 0);
        size_t best = 0, best_ce = 0;
        int forced = 0;
        size_t last_cluster_fit = 0;
        size_t i;
        size_t ce = s; /* end of content so far (no trailing spaces) */
        for (i = s + 1; i <= n; i++) {
            if (!is_trailing_space(p->u[i - 1])) ce = i;
            double nat = m->W[ce] - m->W[s];
            double shrink = (m->SW[ce] - m->SW[s]) * MZ_SPACE_SHRINK;
            if (nat - shrink > meas + 1e-6 && ce == i) break;
            if (m->cs[i] && nat <= meas + 1e-6) last_cluster_fit = i;
            if (i == n || m->brk[i - 1] == LINEBREAK_ALLOWBREAK ||
                m->brk[i - 1] == LINEBREAK_MUSTBREAK) {
                best = i;
                best_ce = ce;
                if (i < n && m->brk[i - 1] == LINEBREAK_MUSTBREAK) {
                    forced = 1;
                    break;
                }
            }
        }
        if (!best) {
            /* nothing fits: emergency break inside the word */
            best = last_cluster_fit > s ? last_cluster_fit : 0;
            if (!best) {
                best = s + 1;
                while (best < n && !m->cs[best]) best++;
            }
            best_ce = best;
        }
        /* the newline of a forced break is not content */
        while (best_ce > s && (p->u[best_ce - 1] == '\n' || p->u[best_ce - 1] == 0x2028))
            best_ce--;
        line_spec ls = {s, best_ce, best, best >= n, forced, meas};
        mz_status st = realise(p, m, &ls, o, fs, out, d);
        if (st) return st;
        s = best;
        first = 0;
    }
    return MZ_OK;
}

mz_status mz_compose(mz_para *p, const mz_compose_opts *o, mz_fonts *fs, mz_lines *out, mz_diag *d)
{
    measure m;
    if (p->len == 0) return MZ_OK;
    if (!measure_init(&m, p)) {
        measure_free(&m);
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory composing a paragraph");
    }
    mz_status st = first_fit(p, &m, o, fs, out, d);
    measure_free(&m);
    return st;
}
