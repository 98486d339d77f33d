/* compose_line.c - one line of a paragraph set: justified, elongated with kashida, in visual order. */
#include "text/compose_int.h"

#include <stdlib.h>
#include <string.h>

#include "text/bidi.h"
#include "text/kashida.h"
#include "text/shape.h"

/* The glyphs of one run on a line: the paragraph's, or shaped again. */
typedef struct slice {
    size_t start, end;   /* logical range (paragraph indices) */
    const mz_run *run;
    mz_glyph *g;         /* glyphs in HarfBuzz (visual-within-run) order */
    size_t ng;
    size_t key;          /* visual position, for sorting */
    int reshaped;        /* glyphs come from the line's own text (clusters index it) */
    size_t toff;         /* offset of those glyphs in the reshaped array */
} slice;

unsigned mz_usable_sites(const mz_composer *c, size_t a, size_t ce)
{
    const mz_measure *m = c->m;
    unsigned sites = m->K[ce] - m->K[a], words = m->WS[ce] - m->WS[a];
    unsigned cap = words / (unsigned)c->rules->kashida_spread;
    if (cap < 1) cap = 1;
    return sites < cap ? sites : cap;
}

static int slice_cmp(const void *a, const void *b)
{
    const slice *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Glyphs p->glyphs[first .. first+count). */
typedef struct glyph_range {
    size_t first, count;
} glyph_range;

/* Glyphs of run r whose clusters fall in [a, b): clusters are monotone
 * within a run, so two binary searches find the contiguous range. */
static glyph_range run_glyph_range(const mz_para *p, const mz_run *r, size_t a, size_t b)
{
    const mz_glyph *g = p->glyphs + r->g0;
    size_t n = r->ng;
    int rtl = r->level & 1;
    /* position of the first glyph (in array order) with cluster >= x (LTR) or < x (RTL) */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int before = rtl ? g[mid].cluster >= b : g[mid].cluster < a;
        if (before) lo = mid + 1;
        else hi = mid;
    }
    size_t i0 = lo;
    lo = i0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int inside = rtl ? g[mid].cluster >= a : g[mid].cluster < b;
        if (inside) lo = mid + 1;
        else hi = mid;
    }
    return (glyph_range){r->g0 + i0, lo - i0};
}

/* The line's text with tatweels inserted before the chosen sites, and the
 * map back to paragraph indices (inserted characters map to ~index of the
 * letter they follow). */
typedef struct line_text {
    uint32_t *t;
    size_t *orig; /* orig[j] = paragraph index, with the top bit set for inserted tatweel */
    size_t len, cap;
    size_t *pos;  /* pos[i - s] = index in t of paragraph character i */
} line_text;

#define MZ_INSERTED ((size_t)1 << (sizeof(size_t) * 8 - 1))

static int build_line_text(line_text *lt, const mz_para *p, size_t s, size_t ce,
                           const unsigned char *count /* tatweels before i - s, or NULL */)
{
    size_t extra = 0;
    for (size_t i = s; count && i < ce; i++) extra += count[i - s];
    size_t need = ce - s + extra;
    if (!mz_grow((void **)&lt->t, &lt->cap, need + 1, sizeof *lt->t)) return 0;
    free(lt->orig);
    free(lt->pos);
    lt->orig = malloc((need + 1) * sizeof *lt->orig);
    lt->pos = malloc((ce - s + 1) * sizeof *lt->pos);
    if (!lt->orig || !lt->pos) return 0;
    size_t j = 0;
    for (size_t i = s; i < ce; i++) {
        for (unsigned k = 0; count && k < count[i - s]; k++) {
            lt->t[j] = 0x0640;
            lt->orig[j++] = (i - 1) | MZ_INSERTED;
        }
        lt->pos[i - s] = j;
        lt->t[j] = p->u[i];
        lt->orig[j++] = i;
    }
    lt->pos[ce - s] = j;
    lt->len = j;
    return 1;
}

static void line_text_free(line_text *lt)
{
    free(lt->t);
    free(lt->orig);
    free(lt->pos);
}

/* Setting one line: its slices of runs, the glyphs shaped again for it and
 * the text they were shaped from. */
typedef struct line_work {
    const mz_composer *c;
    const mz_line_spec *ls;
    slice *sl;
    size_t nsl, slcap;
    mz_glyph *tmp;        /* glyphs of the reshaped slices */
    size_t ntmp, tmpcap;
    line_text lt;
    int have_text;        /* lt holds the text of this gathering */
    const unsigned char *line_count; /* the gathering's tatweels: what lt is built with */
    unsigned char *count; /* count[i - s]: tatweels before character i, or NULL */
} line_work;

static void line_work_free(line_work *w)
{
    free(w->sl);
    free(w->tmp);
    line_text_free(&w->lt);
    free(w->count);
}

/* A line's kashida sites, as kashida.c takes them. */
static mz_kashida_line kashida_line(const mz_composer *c, const mz_line_spec *ls)
{
    return (mz_kashida_line){c->m->site, c->m->K, c->p->u, c->m->per_site, c->rules->kashida_spread,
                             ls->s, ls->ce};
}

/* Adds the slice [a, b) of run `run`: the paragraph's glyphs when both
 * ends are safe cuts and nothing in it is elongated, else glyphs shaped
 * again from the line's own text (tatweels inserted as COUNT says, context
 * cut at the line's ends).  The line's text is made by the first slice that
 * needs it, with all of the line's tatweels (that slice's run may have none:
 * the text serves every later slice).  0 when out of memory. */
static int add_slice(line_work *w, const mz_run *run, size_t a, size_t b, const unsigned char *count)
{
    const mz_para *p = w->c->p;
    const mz_measure *m = w->c->m;
    size_t s = w->ls->s, ce = w->ls->ce;
    if (!mz_grow((void **)&w->sl, &w->slcap, w->nsl + 1, sizeof *w->sl)) return 0;
    slice *x = &w->sl[w->nsl++];
    memset(x, 0, sizeof *x);
    x->start = a;
    x->end = b;
    x->run = run;
    int cut_bad = (a > run->start && (m->cs[a] & 2)) || (b < run->start + run->len && (m->cs[b] & 2)) ||
                  !(m->cs[a] & 1) || !(m->cs[b] & 1);
    int elongated = 0;
    for (size_t i = a; count && i < b && !elongated; i++) elongated = count[i - s] != 0;
    if (!cut_bad && !elongated) {
        glyph_range gr = run_glyph_range(p, run, a, b);
        x->g = p->glyphs + gr.first;
        x->ng = gr.count;
        return 1;
    }
    line_text *lt = &w->lt;
    if (!w->have_text) {
        if (!build_line_text(lt, p, s, ce, w->line_count)) return 0;
        w->have_text = 1;
    }
    size_t before = w->ntmp;
    size_t ta = lt->pos[a - s], tb = lt->pos[b - s];
    /* tatweels inserted right at the slice's start belong to it */
    while (ta > 0 && (lt->orig[ta - 1] & MZ_INSERTED) && ta > lt->pos[0] &&
           (lt->orig[ta - 1] & ~MZ_INSERTED) >= a - 1 && a > s)
        ta--;
    mz_shape_req req = {p, run, lt->t, 0, lt->len, ta, tb - ta};
    if (!mz_shape_alone(&req, w->c->fs, &w->tmp, &w->ntmp, &w->tmpcap)) return 0;
    x->reshaped = 1;
    x->toff = before;
    x->ng = w->ntmp - before;
    x->start = ta; /* in line-text coordinates until remapped */
    x->end = tb;
    return 1;
}

/* Collects the line's glyphs as slices of runs, tatweels inserted as COUNT
 * says (NULL: none).  A run holding elongated words is cut at word starts so
 * that only those words are shaped again (kashida lines would otherwise
 * re-shape whole lines).  Returns the line's natural width after shaping,
 * or -1 on OOM. */
static double gather(line_work *w, const unsigned char *count)
{
    const mz_para *p = w->c->p;
    size_t s = w->ls->s, ce = w->ls->ce;
    w->nsl = 0;
    w->ntmp = 0;
    w->have_text = 0;
    w->line_count = count;
    for (size_t r = 0; r < p->nruns; r++) {
        const mz_run *run = &p->runs[r];
        size_t a = run->start > s ? run->start : s;
        size_t b = run->start + run->len < ce ? run->start + run->len : ce;
        if (a >= b) continue;
        int elongated = 0;
        for (size_t i = a; count && i < b && !elongated; i++) elongated = count[i - s] != 0;
        if (!elongated) {
            if (!add_slice(w, run, a, b, NULL)) return -1;
            continue;
        }
        for (size_t sa = a; sa < b;) { /* words with their trailing spaces */
            size_t sb = sa + 1;
            while (sb < b && !(mz_is_glue(p->u[sb - 1]) && !mz_is_glue(p->u[sb]))) sb++;
            if (!add_slice(w, run, sa, sb, count)) return -1;
            sa = sb;
        }
    }
    double width = 0;
    for (size_t i = 0; i < w->nsl; i++) {
        slice *x = &w->sl[i];
        if (x->reshaped) x->g = w->tmp + x->toff;
        for (size_t k = 0; k < x->ng; k++) width += x->g[k].ax;
    }
    return width;
}

/* A line's glue and how far it must stretch or shrink. */
typedef struct line_fit {
    double natural; /* natural width, trailing spaces excluded */
    double glue;    /* advance of its inter-word spaces */
    size_t nglue;   /* and their number */
    size_t nsites;  /* kashida sites (0 when kashida is off) */
    double slack;   /* measure - natural */
    double ratio;   /* adjustment ratio */
    int justify;    /* set justified (not the last line, nor before a forced break) */
} line_fit;

static line_fit fit_line(const mz_composer *c, const mz_line_spec *ls)
{
    const mz_measure *m = c->m;
    size_t s = ls->s, ce = ls->ce;
    line_fit f = {0};
    f.natural = m->W[ce] - m->W[s];
    f.glue = m->SW[ce] - m->SW[s];
    for (size_t i = s; i < ce; i++)
        if (mz_is_glue(c->p->u[i]) && !(m->cs[i] & MZ_CS_FIXED)) f.nglue++;
    f.nsites = m->per_site ? mz_usable_sites(c, s, ce) : 0;
    double kstretch = (double)f.nsites * m->per_site * m->q;
    f.slack = ls->measure - f.natural;
    f.justify = c->o->justify != MZ_JUSTIFY_NONE && !ls->last && !ls->forced;
    if (f.justify) {
        double stretch = f.glue * MZ_SPACE_STRETCH + kstretch, shrink = f.glue * c->shrink;
        if (f.slack >= 0 && stretch > 0) f.ratio = f.slack / stretch;
        else if (f.slack < 0 && shrink > 0) f.ratio = f.slack / shrink;
    }
    return f;
}

/* Chooses the line's tatweels (w->count); *want is how many.  How much of
 * the slack they take depends on the mode: AUTO stretches the spaces first,
 * up to half their stretch.  0 when out of memory. */
static int choose_kashida(line_work *w, const line_fit *f, size_t *want)
{
    const mz_composer *c = w->c;
    *want = 0;
    if (!f->justify || !f->nsites || f->slack <= 0) return 1;
    double for_kashida = f->slack;
    if (c->o->justify == MZ_JUSTIFY_AUTO) for_kashida = f->slack - f->glue * MZ_SPACE_STRETCH * 0.5;
    if (f->nglue == 0) for_kashida = f->slack;
    if (for_kashida > 0) *want = (size_t)(for_kashida / c->m->q);
    if (!*want) return 1;
    w->count = calloc(w->ls->ce - w->ls->s + 1, 1);
    if (!w->count) return 0;
    mz_kashida_line kl = kashida_line(c, w->ls);
    *want = mz_kashida_choose(&kl, *want, w->count);
    return *want != SIZE_MAX;
}

/* Gathers the line with its tatweels.  Their real widths are not linear
 * (Amiri merges tatweel runs): insertions are given back until the line no
 * longer overshoots.  The line's width, or -1 when out of memory. */
static double elongate(line_work *w, size_t *want)
{
    mz_kashida_line kl = kashida_line(w->c, w->ls);
    double width = gather(w, *want ? w->count : NULL);
    while (width >= 0 && *want && width > w->ls->measure + 0.01 && mz_kashida_drop(&kl, w->count)) {
        (*want)--;
        width = gather(w, *want ? w->count : NULL);
    }
    return width;
}

/* UAX #9 L1-L2 on the line, then its slices in visual order.  0 when out
 * of memory. */
static int order_slices(line_work *w)
{
    const mz_para *p = w->c->p;
    size_t s = w->ls->s, ce = w->ls->ce, len = ce - s;
    if (!len) return 1;
    uint8_t *lv = malloc(len * sizeof *lv);
    size_t *map = malloc(len * sizeof *map);
    size_t *vis = malloc(len * sizeof *vis);
    mz_bidi_text bt = {p->types, p->levels, p->rtl, p->iso, p->niso};
    int ok = lv && map && vis && mz_bidi_reorder_line(&bt, s, len, lv, map);
    if (ok) {
        for (size_t i = 0; i < len; i++) vis[map[i]] = i;
        for (size_t i = 0; i < w->nsl; i++) {
            slice *x = &w->sl[i];
            size_t a = x->reshaped ? (w->lt.orig[x->start] & ~MZ_INSERTED) : x->start;
            if (x->reshaped && (w->lt.orig[x->start] & MZ_INSERTED)) a++;
            if (a < s) a = s;
            if (a >= ce) a = ce - 1;
            x->key = vis[a - s];
        }
        if (w->nsl > 1) qsort(w->sl, w->nsl, sizeof *w->sl, slice_cmp);
    }
    free(lv);
    free(map);
    free(vis);
    return ok;
}

/* The paragraph characters of a reshaped cluster, line-text [c0, c1): q->cl
 * and q->cn.  A cluster of inserted tatweel only stands for no source text
 * (cn 0, MZ_GF_INSERTED). */
static void source_of_reshaped(const line_text *lt, size_t c0, size_t c1, mz_pglyph *q)
{
    size_t first = (size_t)-1, cnt = 0;
    for (size_t c = c0; c < c1 && c < lt->len; c++)
        if (!(lt->orig[c] & MZ_INSERTED)) {
            if (first == (size_t)-1) first = lt->orig[c];
            cnt++;
        }
    if (cnt) {
        q->cl = (uint32_t)first;
        q->cn = (uint32_t)cnt;
    } else {
        q->cl = (uint32_t)(lt->orig[c0] & ~MZ_INSERTED);
        q->cn = 0;
        q->flags |= MZ_GF_INSERTED;
    }
}

/* Fills the flags and the source characters (cl, cn) of slice x's glyphs
 * into pg[0 .. x->ng): a cluster reaches to the next one in logical order. */
static void map_clusters(const slice *x, const line_text *lt, mz_pglyph *pg)
{
    int rtl = x->run->level & 1;
    uint32_t next = (uint32_t)x->end;
    for (size_t j = 0; j < x->ng; j++) {
        size_t gi = rtl ? j : x->ng - 1 - j; /* walk from the logical end backwards */
        const mz_glyph *g = &x->g[gi];
        mz_pglyph *q = &pg[gi];
        if (j > 0) {
            const mz_glyph *prev = &x->g[rtl ? j - 1 : x->ng - j];
            if (prev->cluster != g->cluster) next = prev->cluster;
        }
        q->flags = g->flags;
        if (!x->reshaped) {
            q->cl = g->cluster;
            q->cn = next - g->cluster;
        } else {
            source_of_reshaped(lt, g->cluster, next, q);
        }
    }
}

/* The pen along a line, the ink met so far, and the extra width each
 * inter-word space takes when the line is justified. */
typedef struct pen {
    double x, asc, desc;
    double extra;
    int justify;
} pen;

/* Raises the line's ink extents to those of glyph g, so layout can keep tall
 * marks from touching. */
static void add_ink(const mz_composer *c, const mz_glyph *g, unsigned style, pen *pn)
{
    int itop, ibot;
    mz_font *gf = c->fs->fonts[g->font];
    mz_font_ink(gf, g->gid, &itop, &ibot);
    if (itop == ibot) return;
    double k2 = c->p->style.size / gf->upem;
    if ((style & MZ_STYLE_SUPER) && c->p->style.super_scale > 0) k2 *= c->p->style.super_scale;
    double top = g->dy + itop * k2, bot = g->dy + ibot * k2;
    if (top > pn->asc) pn->asc = top;
    if (-bot > pn->desc) pn->desc = -bot;
}

/* Positions slice x's glyphs (pg[0 .. x->ng), their clusters mapped) along
 * the pen. */
static void place_slice(const mz_composer *c, const slice *x, mz_pglyph *pg, pen *pn)
{
    for (size_t j = 0; j < x->ng; j++) {
        const mz_glyph *g = &x->g[j];
        mz_pglyph *q = &pg[j];
        q->gid = g->gid;
        q->x = (float)(pn->x + g->dx);
        q->y = g->dy;
        q->font = g->font;
        q->style = x->run->style | ((uint32_t)(x->run->link + 1) << 16);
        add_ink(c, g, x->run->style, pn);
        pn->x += g->ax;
        if (pn->justify && q->cn == 1 && mz_is_glue(c->p->u[q->cl]) && !(c->m->cs[q->cl] & MZ_CS_FIXED))
            pn->x += pn->extra;
    }
}

/* Places the ordered slices' glyphs, widening the spaces of a justified
 * line to the measure, and appends the line.  0 when out of memory. */
static int place_line(line_work *w, const line_fit *f, double width, size_t want)
{
    const mz_composer *c = w->c;
    const mz_line_spec *ls = w->ls;
    size_t gtotal = 0;
    for (size_t i = 0; i < w->nsl; i++) gtotal += w->sl[i].ng;
    pen pn = {0};
    pn.justify = f->justify && f->nglue;
    if (pn.justify) pn.extra = (ls->measure - width) / (double)f->nglue;
    mz_pglyph *pg = malloc((gtotal ? gtotal : 1) * sizeof *pg);
    if (!pg) return 0;
    size_t k = 0;
    for (size_t i = 0; i < w->nsl; i++) {
        map_clusters(&w->sl[i], &w->lt, pg + k);
        place_slice(c, &w->sl[i], pg + k, &pn);
        k += w->sl[i].ng;
    }
    mz_line *L = &c->out->v[c->out->n++];
    memset(L, 0, sizeof *L);
    L->start = ls->s;
    L->end = ls->e;
    L->width = ls->measure;
    L->natural = f->natural;
    L->used = pn.x;
    L->ratio = f->ratio;
    L->kashida = (int)want;
    L->last = ls->last;
    L->ascent = pn.asc;
    L->descent = pn.desc;
    L->g = pg;
    L->ng = k;
    return 1;
}

mz_status mz_compose_line(const mz_composer *c, const mz_line_spec *ls)
{
    if (!mz_grow((void **)&c->out->v, &c->out->cap, c->out->n + 1, sizeof *c->out->v))
        return mz_fail(c->d, MZ_ERR_NOMEM, "out of memory composing lines");
    line_work w = {.c = c, .ls = ls};
    line_fit f = fit_line(c, ls);
    size_t want = 0;
    double width = -1;
    int ok = choose_kashida(&w, &f, &want) && (width = elongate(&w, &want)) >= 0 && order_slices(&w) &&
             place_line(&w, &f, width, want);
    line_work_free(&w);
    return ok ? MZ_OK : mz_fail(c->d, MZ_ERR_NOMEM, "out of memory composing lines");
}
