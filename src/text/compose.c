/* compose.c - a shaped paragraph into lines: UAX #14 breaks, total fit, justification, visual order. */
#include "text/compose.h"

#include <linebreak.h>
#include <linebreakdef.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/bidi.h"
#include "text/kashida.h"
#include "text/shape.h"

_Static_assert(MZ_BREAK_MUST == LINEBREAK_MUSTBREAK && MZ_BREAK_ALLOW == LINEBREAK_ALLOWBREAK &&
                   MZ_BREAK_NONE == LINEBREAK_NOBREAK && MZ_BREAK_INSIDE_CHAR == LINEBREAK_INSIDEACHAR,
               "compose.h names libunibreak's values");

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;
static void lb_init(void) { init_linebreak(); }

static int is_regional_indicator(uint32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

/* Code points libunibreak 1.1 cannot take: it has the regional-indicator
 * class in its data but not in its pair table (assertion lbcNew <= LBP_JT),
 * and it reads U+FFFF as the end of the text (assertion in set_linebreaks).
 * They are given to it as characters that break the same way: an
 * ideograph for a flag letter (breaks around it, as for an emoji), U+FFFE
 * (unknown, like any noncharacter) for U+FFFF and anything outside Unicode. */
static uint32_t unibreak_safe(uint32_t c)
{
    if (is_regional_indicator(c)) return 0x2F00;
    if (c == 0xFFFF || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0xFFFE;
    return c;
}

/* libunibreak's reader over U+FFFE-substituted text, so that nothing is
 * copied (and no allocation can fail) */
static utf32_t next_safe(const void *s, size_t len, size_t *ip)
{
    if (*ip >= len) return EOS;
    return unibreak_safe(((const uint32_t *)s)[(*ip)++]);
}

void mz_break_opportunities(const uint32_t *u, size_t len, const char *lang, char *brks)
{
    pthread_once(&lb_once, lb_init);
    if (!len) return;
    set_linebreaks(u, len, lang, brks, next_safe);
    size_t nri = 0;
    for (size_t i = 0; i < len; i++) nri += is_regional_indicator(u[i]);
    if (!nri) return;
    /* keep each flag pair whole (UAX #14 LB30a) */
    for (size_t i = 0; i + 1 < len;) {
        if (is_regional_indicator(u[i]) && is_regional_indicator(u[i + 1])) {
            if (brks[i] == LINEBREAK_ALLOWBREAK) brks[i] = LINEBREAK_NOBREAK;
            i += 2;
        } else {
            i++;
        }
    }
}

void mz_lines_free(mz_lines *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].g);
    free(l->v);
    memset(l, 0, sizeof *l);
}


/* ---- per-paragraph measurements ------------------------------------------ */

/* Prefix sums, so a candidate line costs O(1). */
typedef struct measure {
    size_t n;
    double *W;         /* W[i] = advance of characters [0, i) (clusters credited to their start) */
    double *SW;        /* SW[i] = advance of glue characters in [0, i) */
    unsigned *K;       /* K[i] = kashida sites in [0, i) */
    unsigned char *cs; /* cs[i]: a cluster starts at i; bit 1: its glyph is unsafe to break */
    char *brk;         /* brk[i]: break opportunity after character i */
    unsigned char *site; /* site[i] = priority (1..7) of a kashida site before character i, else 0 */
    double q;          /* width of one tatweel at this size (pt), 0 when the font cannot */
    int per_site;      /* tatweels a site may take: 0 (off), 1 or 2 */
} measure;

static void measure_free(measure *m)
{
    free(m->W);
    free(m->SW);
    free(m->K);
    free(m->cs);
    free(m->brk);
    free(m->site);
}

static int measure_init(measure *m, const mz_para *p, const mz_compose_opts *o, mz_fonts *fs)
{
    size_t n = p->len;
    memset(m, 0, sizeof *m);
    m->n = n;
    m->W = calloc(n + 1, sizeof *m->W);
    m->SW = calloc(n + 1, sizeof *m->SW);
    m->K = calloc(n + 1, sizeof *m->K);
    m->cs = calloc(n + 1, 1);
    m->brk = malloc(n + 1);
    m->site = calloc(n + 1, 1);
    double *adv = calloc(n + 1, sizeof *adv);
    unsigned char *safe = calloc(n + 1, 1);
    if (!m->W || !m->SW || !m->K || !m->cs || !m->brk || !m->site || !adv || !safe) {
        free(adv);
        free(safe);
        return 0;
    }
    int main_font = -1;
    for (size_t i = 0; i < p->nglyphs; i++) {
        const mz_glyph *g = &p->glyphs[i];
        uint32_t c = g->cluster;
        if (c >= n) continue;
        adv[c] += g->ax;
        m->cs[c] |= 1;
        if (g->flags & MZ_GF_UNSAFE_TO_BREAK) m->cs[c] |= 2;
        if (g->flags & MZ_GF_SAFE_TATWEEL) safe[c] = 1;
        if (main_font < 0 && (g->flags & MZ_GF_RTL)) main_font = g->font;
    }
    m->cs[n] = 1;
    for (size_t i = 0; i < n; i++) {
        m->W[i + 1] = m->W[i] + adv[i];
        m->SW[i + 1] = m->SW[i] + (mz_is_glue(p->u[i]) ? adv[i] : 0);
    }
    mz_break_opportunities(p->u, n, p->style.lang ? p->style.lang : "ar", m->brk);
    m->per_site = o->justify == MZ_JUSTIFY_KASHIDA ? 2
                  : (o->justify == MZ_JUSTIFY_AUTO || o->justify == MZ_JUSTIFY_DEFAULT) ? 1 : 0;
    if (m->per_site && main_font >= 0) {
        m->q = mz_kashida_quantum(fs, main_font) * p->style.size / fs->fonts[main_font]->upem;
        if (isnan(m->q)) { /* out of memory: a paragraph set without kashida would be a different PDF */
            free(adv);
            free(safe);
            return 0;
        }
        if (m->q > 0) mz_kashida_sites(p, safe, m->site);
    }
    if (m->q <= 0) m->per_site = 0;
    for (size_t i = 0; i < n; i++) m->K[i + 1] = m->K[i] + (m->site[i] != 0);
    free(adv);
    free(safe);
    return 1;
}

/* ---- line realisation --------------------------------------------------- */

typedef struct slice {
    size_t start, end;   /* logical range (paragraph indices) */
    const mz_run *run;
    mz_glyph *g;         /* glyphs in HarfBuzz (visual-within-run) order */
    size_t ng;
    size_t key;          /* visual position, for sorting */
    int reshaped;        /* glyphs come from the line's own text (clusters index it) */
    size_t toff;         /* offset of those glyphs in the reshaped array */
} slice;

static int slice_cmp(const void *a, const void *b)
{
    const slice *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Glyphs of run r whose clusters fall in [a, b): clusters are monotone
 * within a run, so two binary searches find the contiguous range. */
static void run_glyph_range(const mz_para *p, const mz_run *r, size_t a, size_t b, size_t *first,
                            size_t *count)
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
    *first = r->g0 + i0;
    *count = lo - i0;
}

typedef struct line_spec {
    size_t s, ce, e;
    int last, forced;
    double measure;
} line_spec;

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

/* One paragraph being composed: what every line of it needs. */
typedef struct composer {
    mz_para *p;
    const measure *m;
    const mz_compose_opts *o;
    mz_fonts *fs;
    mz_lines *out;
    mz_diag *d;
    double kweight; /* weight of kashida stretch against spaces in total fit */
} composer;

/* Setting one line: its slices of runs, the glyphs shaped again for it and
 * the text they were shaped from. */
typedef struct line_work {
    const composer *c;
    const line_spec *ls;
    slice *sl;
    size_t nsl, slcap;
    mz_glyph *tmp;        /* glyphs of the reshaped slices */
    size_t ntmp, tmpcap;
    line_text lt;
    int have_text;        /* lt holds the text of this gathering */
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
static mz_kashida_line kashida_line(const measure *m, const line_spec *ls)
{
    return (mz_kashida_line){m->site, m->K, m->per_site, ls->s, ls->ce};
}

/* Adds the slice [a, b) of run `run`: the paragraph's glyphs when both
 * ends are safe cuts and nothing in it is elongated, else glyphs shaped
 * again from the line's own text (tatweels inserted as COUNT says, context
 * cut at the line's ends).  The line's text is made by the first slice that
 * needs it.  0 when out of memory. */
static int add_slice(line_work *w, const mz_run *run, size_t a, size_t b, const unsigned char *count)
{
    const mz_para *p = w->c->p;
    const measure *m = w->c->m;
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
        size_t first, cnt;
        run_glyph_range(p, run, a, b, &first, &cnt);
        x->g = p->glyphs + first;
        x->ng = cnt;
        return 1;
    }
    line_text *lt = &w->lt;
    if (!w->have_text) {
        if (!build_line_text(lt, p, s, ce, count)) return 0;
        w->have_text = 1;
    }
    size_t before = w->ntmp;
    size_t ta = lt->pos[a - s], tb = lt->pos[b - s];
    /* tatweels inserted right at the slice's start belong to it */
    while (ta > 0 && (lt->orig[ta - 1] & MZ_INSERTED) && ta > lt->pos[0] &&
           (lt->orig[ta - 1] & ~MZ_INSERTED) >= a - 1 && a > s)
        ta--;
    mz_shape_req req = {p, run, lt->t, 0, lt->len, ta, tb - ta};
    if (!mz_shape_range(&req, w->c->fs, &w->tmp, &w->ntmp, &w->tmpcap)) return 0;
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

static line_fit fit_line(const composer *c, const line_spec *ls)
{
    const measure *m = c->m;
    size_t s = ls->s, ce = ls->ce;
    line_fit f = {0};
    f.natural = m->W[ce] - m->W[s];
    f.glue = m->SW[ce] - m->SW[s];
    for (size_t i = s; i < ce; i++) f.nglue += mz_is_glue(c->p->u[i]);
    f.nsites = m->per_site ? m->K[ce] - m->K[s] : 0;
    double kstretch = f.nsites * m->per_site * m->q;
    f.slack = ls->measure - f.natural;
    f.justify = c->o->justify != MZ_JUSTIFY_NONE && !ls->last && !ls->forced;
    if (f.justify) {
        double stretch = f.glue * MZ_SPACE_STRETCH + kstretch, shrink = f.glue * MZ_SPACE_SHRINK;
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
    const composer *c = w->c;
    *want = 0;
    if (!f->justify || !f->nsites || f->slack <= 0) return 1;
    double for_kashida = f->slack;
    if (c->o->justify == MZ_JUSTIFY_AUTO) for_kashida = f->slack - f->glue * MZ_SPACE_STRETCH * 0.5;
    if (f->nglue == 0) for_kashida = f->slack;
    if (for_kashida > 0) *want = (size_t)(for_kashida / c->m->q);
    if (!*want) return 1;
    w->count = calloc(w->ls->ce - w->ls->s + 1, 1);
    if (!w->count) return 0;
    mz_kashida_line kl = kashida_line(c->m, w->ls);
    *want = mz_kashida_choose(&kl, *want, w->count);
    return *want != SIZE_MAX;
}

/* Gathers the line with its tatweels.  Their real widths are not linear
 * (Amiri merges tatweel runs): insertions are given back until the line no
 * longer overshoots.  The line's width, or -1 when out of memory. */
static double elongate(line_work *w, size_t *want)
{
    mz_kashida_line kl = kashida_line(w->c->m, w->ls);
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
    int ok = lv && map && vis && mz_bidi_reorder_line(p->types, p->levels, s, len, p->rtl, lv, map);
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
        qsort(w->sl, w->nsl, sizeof *w->sl, slice_cmp);
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
static void add_ink(const composer *c, const mz_glyph *g, pen *pn)
{
    int itop, ibot;
    mz_font *gf = c->fs->fonts[g->font];
    mz_font_ink(gf, g->gid, &itop, &ibot);
    if (itop == ibot) return;
    double k2 = c->p->style.size / gf->upem;
    double top = g->dy + itop * k2, bot = g->dy + ibot * k2;
    if (top > pn->asc) pn->asc = top;
    if (-bot > pn->desc) pn->desc = -bot;
}

/* Positions slice x's glyphs (pg[0 .. x->ng), their clusters mapped) along
 * the pen. */
static void place_slice(const composer *c, const slice *x, mz_pglyph *pg, pen *pn)
{
    for (size_t j = 0; j < x->ng; j++) {
        const mz_glyph *g = &x->g[j];
        mz_pglyph *q = &pg[j];
        q->gid = g->gid;
        q->x = (float)(pn->x + g->dx);
        q->y = g->dy;
        q->font = g->font;
        q->style = x->run->style | ((uint32_t)(x->run->link + 1) << 16);
        add_ink(c, g, pn);
        pn->x += g->ax;
        if (pn->justify && q->cn == 1 && mz_is_glue(c->p->u[q->cl])) pn->x += pn->extra;
    }
}

/* Places the ordered slices' glyphs, widening the spaces of a justified
 * line to the measure, and appends the line.  0 when out of memory. */
static int place_line(line_work *w, const line_fit *f, double width, size_t want)
{
    const composer *c = w->c;
    const line_spec *ls = w->ls;
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

/* Sets line LS: glue, kashida (chosen, shaped, given back), visual order,
 * glyph positions, and the line record appended to c->out. */
static mz_status realise(const composer *c, const line_spec *ls)
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

/* ---- line breaking: first fit ---------------------------------------------- */

static int is_forced(const measure *m, size_t i) { return m->brk[i - 1] == LINEBREAK_MUSTBREAK; }
static int can_break(const measure *m, size_t i)
{
    return i == m->n || m->brk[i - 1] == LINEBREAK_ALLOWBREAK || m->brk[i - 1] == LINEBREAK_MUSTBREAK;
}

/* Content end of a line ending at e: trailing spaces and newlines dropped. */
static size_t content_end(const mz_para *p, size_t s, size_t e)
{
    while (e > s && mz_is_line_space(p->u[e - 1])) e--;
    return e;
}

/* The end of the line that first fit starts at s: the last break
 * opportunity whose content fits, allowing spaces to shrink to their minimum
 * (*forced when it is a forced break).  A word wider than the measure is
 * broken at the last cluster boundary that fits (the only alternative is ink
 * off the page). */
static size_t first_fit_end(const composer *c, size_t s, double meas, int *forced)
{
    const mz_para *p = c->p;
    const measure *m = c->m;
    size_t n = p->len, best = 0, last_cluster_fit = 0, ce = s;
    *forced = 0;
    for (size_t i = s + 1; i <= n; i++) {
        if (!mz_is_line_space(p->u[i - 1])) ce = i;
        double nat = m->W[ce] - m->W[s];
        /* ragged text never shrinks its spaces, so it may not count on it */
        double shrink = c->o->justify == MZ_JUSTIFY_NONE ? 0 : (m->SW[ce] - m->SW[s]) * MZ_SPACE_SHRINK;
        if (nat - shrink > meas + 1e-6 && ce == i) break;
        if ((m->cs[i] & 1) && nat <= meas + 1e-6) last_cluster_fit = i;
        if (can_break(m, i)) {
            best = i;
            if (i < n && is_forced(m, i)) {
                *forced = 1;
                break;
            }
        }
    }
    if (best) return best;
    if (last_cluster_fit > s) return last_cluster_fit;
    best = s + 1;
    while (best < n && !(m->cs[best] & 1)) best++;
    return best;
}

/* Each line takes as many words as fit.  Linear.  Used for paragraphs
 * total fit cannot set, and for ragged text. */
static mz_status first_fit(const composer *c)
{
    size_t n = c->p->len, s = 0;
    int first = 1;
    while (s < n) {
        double meas = c->o->measure - (first ? c->o->first_indent : 0);
        int forced;
        size_t best = first_fit_end(c, s, meas, &forced);
        line_spec ls = {s, content_end(c->p, s, best), best, best >= n, forced, meas};
        mz_status st = realise(c, &ls);
        if (st) return st;
        s = best;
        first = 0;
    }
    return MZ_OK;
}

/* ---- line breaking: total fit (Knuth-Plass) --------------------------------- */

/* Demerits as in TeX: (line penalty + badness)^2, plus a charge when a line's
 * fitness class differs by more than one from its predecessor's. */
#define MZ_LINE_PENALTY 10.0
#define MZ_ADJ_DEMERITS 3000.0
#define MZ_TOLERANCE 2.0        /* first pass: ratios up to 2 (TeX's tolerance ~800) */
#define MZ_MAX_ACTIVE 20000     /* active nodes before giving up on total fit */
#define MZ_KASHIDA_COST 0.5     /* kashida stretch counts at this weight against spaces */

typedef struct kp_node {
    size_t pos;      /* break position: the line after it starts here */
    int fitness;     /* 0 tight, 1 decent, 2 loose, 3 very loose */
    size_t line;     /* lines before this break */
    double total;    /* demerits so far */
    long prev;       /* index of the previous node, -1 at the start */
} kp_node;

/* Every node made so far, and the active ones (indices into nodes). */
typedef struct kp {
    kp_node *nodes;
    size_t nn, ncap;
    size_t *active;
    size_t na, acap;
} kp;

/* The best way found to reach a break, per fitness class. */
typedef struct kp_best {
    double dem[4];
    long from[4]; /* node the line starts at, -1 for none */
} kp_best;

static int fitness_class(double r)
{
    if (r < -0.5) return 0;
    if (r <= 0.5) return 1;
    if (r <= 1.0) return 2;
    return 3;
}

/* Ratio of a line [a, e): +inf = impossible (overfull), else r >= -1. */
static double line_ratio(const composer *c, size_t a, size_t e, double meas, int last)
{
    const measure *m = c->m;
    size_t ce = content_end(c->p, a, e);
    double nat = m->W[ce] - m->W[a];
    double glue = m->SW[ce] - m->SW[a];
    double slack = meas - nat;
    if (slack < 0) {
        double shrink = glue * MZ_SPACE_SHRINK;
        if (shrink <= 0 || slack < -shrink - 1e-6) return INFINITY;
        return slack / shrink;
    }
    if (last) return 0; /* the last line is set ragged: any shortfall is fine */
    double stretch = glue * MZ_SPACE_STRETCH +
                     c->kweight * (double)(m->K[ce] - m->K[a]) * m->per_site * m->q;
    if (stretch <= 0) return slack < 1e-6 ? 0 : 1e6; /* a lone word: hopelessly loose */
    return slack / stretch;
}

/* Tries a line from every active node to break b: drops the nodes from
 * which it is overfull (it is for every later b too) and keeps, per fitness
 * class, the cheapest line within the tolerance. */
static kp_best kp_scan(const composer *c, kp *k, size_t b, int ragged, double tolerance)
{
    kp_best best = {{INFINITY, INFINITY, INFINITY, INFINITY}, {-1, -1, -1, -1}};
    size_t w = 0;
    for (size_t i = 0; i < k->na; i++) {
        kp_node *a = &k->nodes[k->active[i]];
        double meas = c->o->measure - (a->pos == 0 ? c->o->first_indent : 0);
        double r = line_ratio(c, a->pos, b, meas, ragged);
        if (r == INFINITY) continue;
        k->active[w++] = k->active[i];
        if (r > tolerance) continue;
        double bad = 100 * fabs(r * r * r);
        double dem = (MZ_LINE_PENALTY + bad) * (MZ_LINE_PENALTY + bad);
        int fc = fitness_class(r);
        if (abs(fc - a->fitness) > 1) dem += MZ_ADJ_DEMERITS;
        dem += a->total;
        if (dem < best.dem[fc]) {
            best.dem[fc] = dem;
            best.from[fc] = (long)(a - k->nodes);
        }
    }
    k->na = w;
    return best;
}

/* Makes a node at break b for each fitness class that reaches it.  0 when
 * out of memory. */
static int kp_add(kp *k, size_t b, const kp_best *best)
{
    for (int fc = 0; fc < 4; fc++) {
        if (best->from[fc] < 0) continue;
        if (!mz_grow((void **)&k->nodes, &k->ncap, k->nn + 1, sizeof *k->nodes) ||
            !mz_grow((void **)&k->active, &k->acap, k->na + 1, sizeof *k->active))
            return 0;
        k->nodes[k->nn] = (kp_node){b, fc, k->nodes[best->from[fc]].line + 1, best->dem[fc], best->from[fc]};
        k->active[k->na++] = k->nn++;
    }
    return 1;
}

/* The breaks of the cheapest active node at the paragraph's end n, in
 * order.  0 when there is none, or out of memory. */
static int kp_path(const kp *k, size_t n, size_t **breaks_out, size_t *nbreaks)
{
    long bestn = -1;
    for (size_t i = 0; i < k->na; i++)
        if (k->nodes[k->active[i]].pos == n && (bestn < 0 || k->nodes[k->active[i]].total < k->nodes[bestn].total))
            bestn = (long)k->active[i];
    if (bestn < 0) return 0;
    size_t cnt = 0;
    for (long x = bestn; x > 0; x = k->nodes[x].prev) cnt++;
    size_t *br = malloc((cnt ? cnt : 1) * sizeof *br);
    if (!br) return 0;
    size_t i = cnt;
    for (long x = bestn; x > 0; x = k->nodes[x].prev) br[--i] = k->nodes[x].pos;
    *breaks_out = br;
    *nbreaks = cnt;
    return 1;
}

/* Knuth-Plass over the break opportunities: 1 with the breaks in
 * *breaks_out, 0 when no feasible set of breaks exists within the tolerance
 * (or too many are active, or memory ran out). */
static int total_fit(const composer *c, double tolerance, size_t **breaks_out, size_t *nbreaks)
{
    kp k = {0};
    int ok = 0;
    size_t n = c->p->len;
    if (!mz_grow((void **)&k.nodes, &k.ncap, 1, sizeof *k.nodes) ||
        !mz_grow((void **)&k.active, &k.acap, 1, sizeof *k.active))
        goto out;
    k.nodes[k.nn++] = (kp_node){0, 1, 0, 0, -1};
    k.active[k.na++] = 0;
    for (size_t b = 1; b <= n && k.na > 0; b++) {
        if (!can_break(c->m, b)) continue;
        int last = b == n;
        int forced = !last && is_forced(c->m, b);
        kp_best best = kp_scan(c, &k, b, last || forced, tolerance);
        if (forced) k.na = 0; /* nothing may jump over a forced break */
        if (!kp_add(&k, b, &best) || k.na > MZ_MAX_ACTIVE) goto out;
        if (last) ok = kp_path(&k, n, breaks_out, nbreaks);
    }
out:
    free(k.nodes);
    free(k.active);
    return ok;
}

mz_status mz_compose(mz_para *p, const mz_compose_opts *o, mz_fonts *fs, mz_lines *out, mz_diag *d)
{
    measure m;
    if (p->len == 0) return MZ_OK;
    if (!measure_init(&m, p, o, fs)) {
        measure_free(&m);
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory composing a paragraph");
    }
    composer c = {p, &m, o, fs, out, d, o->justify == MZ_JUSTIFY_KASHIDA ? 1.0 : MZ_KASHIDA_COST};
    size_t *br = NULL, nbr = 0;
    size_t first_line = out->n;
    mz_status st = MZ_OK;
    /* ragged text needs no total fit: first fit gives the same lines TeX would */
    int ok = o->justify != MZ_JUSTIFY_NONE && !o->first_fit &&
             (total_fit(&c, MZ_TOLERANCE, &br, &nbr) || total_fit(&c, INFINITY, &br, &nbr));
    if (ok) {
        size_t s = 0;
        for (size_t i = 0; i < nbr && !st; i++) {
            size_t e = br[i];
            double meas = o->measure - (s == 0 ? o->first_indent : 0);
            int forced = e < p->len && is_forced(&m, e);
            line_spec ls = {s, content_end(p, s, e), e, e >= p->len, forced, meas};
            st = realise(&c, &ls);
            s = e;
        }
    } else {
        st = first_fit(&c);
        if (o->justify != MZ_JUSTIFY_NONE && !o->first_fit)
            for (size_t i = first_line; i < out->n; i++) out->v[i].fallback = 1;
    }
    free(br);
    measure_free(&m);
    return st;
}
