/* compose.c - where a shaped paragraph's lines break: measurements, first fit and total fit. */
#include "text/compose_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/bidi.h"
#include "text/chars.h"
#include "text/kashida.h"
#include "text/shape.h"

/* themes/briefing.yaml's justify section: the values the theme documents. */
const mz_compose_rules mz_compose_defaults = {0.78, 0.95, 2, 50000, 4, 3, NULL, 0};

void mz_lines_free(mz_lines *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].g);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---- per-paragraph measurements ------------------------------------------ */

static void measure_free(mz_measure *m)
{
    free(m->W);
    free(m->SW);
    free(m->K);
    free(m->WS);
    free(m->cs);
    free(m->brk);
    free(m->site);
}

/* A character that makes a token a word: a letter or a digit, not
 * punctuation, symbols or marks of quotation. */
static int is_wordish(uint32_t c)
{
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (c < 0xC0 || (c >= 0x0600 && c <= 0x061F) || (c >= 0x066A && c <= 0x066D) || c == 0x06D4) return 0;
    return !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFD3E && c <= 0xFD3F) &&
           !(c >= 0xFE00 && c <= 0xFE6F) && !(c >= 0xFF00 && c <= 0xFF20);
}

/* WS: the words before each index, a word being a token between spaces
 * that holds a letter or a digit (a quotation mark or a dash alone is not
 * one), counted at its first such character: from a token's start to a
 * token's end the difference is the words between. */
static void count_words(mz_measure *m, const mz_para *p)
{
    unsigned w = 0;
    int counted = 0;
    m->WS[0] = 0;
    for (size_t i = 0; i < p->len; i++) {
        uint32_t c = p->u[i];
        if (mz_is_glue(c) || mz_is_line_space(c)) counted = 0;
        else if (!counted && is_wordish(c)) counted = 1, w++;
        m->WS[i + 1] = w;
    }
}

/* *main_font: the face of the paragraph's first right-to-left glyph, whose
 * tatweel sets the kashida quantum; -1 to find it in P's glyphs (a window
 * of a long paragraph is given the one found in an earlier window). */
static int measure_init(mz_measure *m, const mz_para *p, const mz_compose_opts *o, mz_fonts *fs, int *main_font_io)
{
    size_t n = p->len;
    memset(m, 0, sizeof *m);
    m->n = n;
    m->W = calloc(n + 1, sizeof *m->W);
    m->SW = calloc(n + 1, sizeof *m->SW);
    m->K = calloc(n + 1, sizeof *m->K);
    m->WS = calloc(n + 1, sizeof *m->WS);
    m->cs = calloc(n + 1, 1);
    m->brk = malloc(n + 1);
    m->site = calloc(n + 1, 1);
    double *adv = calloc(n + 1, sizeof *adv);
    unsigned char *safe = calloc(n + 1, 1);
    if (!m->W || !m->SW || !m->K || !m->WS || !m->cs || !m->brk || !m->site || !adv || !safe) {
        free(adv);
        free(safe);
        return 0;
    }
    int main_font = *main_font_io;
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
    *main_font_io = main_font;
    /* spaces in code keep their width: a monospaced line stretched reads
     * as other code (and breaks it in two for poppler) */
    for (size_t k = 0; k < p->nspans; k++)
        if (p->spans[k].style & MZ_STYLE_CODE)
            for (size_t i = p->spans[k].start; i < p->spans[k].end && i < n; i++) m->cs[i] |= MZ_CS_FIXED;
    for (size_t i = 0; i < n; i++) {
        m->W[i + 1] = m->W[i] + adv[i];
        m->SW[i + 1] = m->SW[i] + (mz_is_glue(p->u[i]) && !(m->cs[i] & MZ_CS_FIXED) ? adv[i] : 0);
    }
    mz_break_opportunities(p->u, n, p->style.lang ? p->style.lang : MZ_DEFAULT_LANG, m->brk);
    m->per_site = o->justify == MZ_JUSTIFY_KASHIDA ? 3
                  : (o->justify == MZ_JUSTIFY_AUTO || o->justify == MZ_JUSTIFY_DEFAULT) ? 2 : 0;
    if (m->per_site && main_font >= 0) {
        m->q = mz_kashida_quantum(fs, main_font) * p->style.size / fs->fonts[main_font]->upem;
        if (isnan(m->q)) { /* out of memory: a paragraph set without kashida would be a different PDF */
            free(adv);
            free(safe);
            return 0;
        }
        if (m->q > 0) mz_kashida_sites(p, safe, o->rules ? o->rules : &mz_compose_defaults, m->site);
    }
    if (m->q <= 0) m->per_site = 0;
    for (size_t i = 0; i < n; i++) m->K[i + 1] = m->K[i] + (m->site[i] != 0);
    count_words(m, p);
    free(adv);
    free(safe);
    return 1;
}

/* ---- line breaking: first fit ---------------------------------------------- */

static int is_forced(const mz_measure *m, size_t i) { return m->brk[i - 1] == MZ_BREAK_MUST; }
static int can_break(const mz_measure *m, size_t i)
{
    return i == m->n || m->brk[i - 1] == MZ_BREAK_ALLOW || m->brk[i - 1] == MZ_BREAK_MUST;
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
static size_t first_fit_end(const mz_composer *c, size_t s, double meas, int *forced)
{
    const mz_para *p = c->p;
    const mz_measure *m = c->m;
    size_t n = p->len, best = 0, last_cluster_fit = 0, ce = s;
    *forced = 0;
    for (size_t i = s + 1; i <= n; i++) {
        if (!mz_is_line_space(p->u[i - 1])) ce = i;
        double nat = m->W[ce] - m->W[s];
        /* ragged text never shrinks its spaces, so it may not count on it */
        double shrink = c->o->justify == MZ_JUSTIFY_NONE ? 0 : (m->SW[ce] - m->SW[s]) * c->shrink;
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
static mz_status first_fit(const mz_composer *c)
{
    size_t n = c->p->len, s = 0;
    int first = 1;
    while (s < n) {
        double meas = c->o->measure - (first ? c->o->first_indent : 0);
        int forced;
        size_t best = first_fit_end(c, s, meas, &forced);
        mz_line_spec ls = {s, content_end(c->p, s, best), best, best >= n, forced, meas};
        mz_status st = mz_compose_line(c, &ls);
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
/* auto's kashida stretch counts at this weight against spaces: with two
 * tatweels a site, as much as one a site did at 0.5 */
#define MZ_KASHIDA_COST 0.25

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
static double line_ratio(const mz_composer *c, size_t a, size_t e, double meas, int last)
{
    const mz_measure *m = c->m;
    size_t ce = content_end(c->p, a, e);
    double nat = m->W[ce] - m->W[a];
    double glue = m->SW[ce] - m->SW[a];
    double slack = meas - nat;
    if (slack < 0) {
        double shrink = glue * c->shrink;
        if (shrink <= 0 || slack < -shrink - 1e-6) return INFINITY;
        return slack / shrink;
    }
    if (last) return 0; /* the last line is set ragged: any shortfall is fine */
    double stretch = glue * MZ_SPACE_STRETCH;
    if (m->per_site) stretch += c->kweight * (double)mz_usable_sites(c, a, ce) * m->per_site * m->q;
    if (stretch <= 0) return slack < 1e-6 ? 0 : 1e6; /* a lone word: hopelessly loose */
    return slack / stretch;
}

/* The charge for a paragraph's last line [a, b) (or the last before a
 * forced break) that reads badly: one longer than the rules' share of the
 * measure looks like a justified line that failed, one with fewer words
 * than their minimum (a runt) looks orphaned.  Only a line after another
 * of its paragraph: a one-line paragraph has no other break. */
static double last_line_charge(const mz_composer *c, size_t a, size_t b, double meas)
{
    const mz_measure *m = c->m;
    if (a == 0 || is_forced(m, a)) return 0;
    size_t ce = content_end(c->p, a, b);
    double nat = m->W[ce] - m->W[a];
    int runt = m->WS[ce] - m->WS[a] < (unsigned)c->rules->last_min_words;
    return (runt || nat > c->rules->last_full * meas) ? c->rules->last_demerits : 0;
}

/* Tries a line from every active node to break b: drops the nodes from
 * which it is overfull (it is for every later b too) and keeps, per fitness
 * class, the cheapest line within the tolerance. */
static kp_best kp_scan(const mz_composer *c, kp *k, size_t b, int ragged, double tolerance)
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
        if (ragged) dem += last_line_charge(c, a->pos, b, meas);
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
static int total_fit(const mz_composer *c, double tolerance, size_t **breaks_out, size_t *nbreaks)
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

/* One paragraph at once: its measurements, its breaks, its lines. */
static mz_status compose_whole(mz_para *p, const mz_compose_opts *o, mz_fonts *fs, mz_lines *out, mz_diag *d,
                              int *main_font)
{
    mz_measure m;
    if (p->len == 0) return MZ_OK;
    if (!measure_init(&m, p, o, fs, main_font)) {
        measure_free(&m);
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory composing a paragraph");
    }
    const mz_compose_rules *ru = o->rules ? o->rules : &mz_compose_defaults;
    mz_composer c = {p, &m, o, fs, out, d, o->justify == MZ_JUSTIFY_KASHIDA ? 1.0 : MZ_KASHIDA_COST,
                     1 - ru->min_space, ru};
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
            mz_line_spec ls = {s, content_end(p, s, e), e, e >= p->len, forced, meas};
            st = mz_compose_line(&c, &ls);
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

/* ---- long paragraphs: composed in windows ----------------------------------- */

/* A paragraph longer than MZ_COMPOSE_WHOLE characters is composed a
 * window at a time (compose.h), so the measurements (27 bytes a character),
 * total fit's nodes and, for a paragraph given unshaped, the glyphs cover
 * one window, not the whole text. */

/* The end of the window that starts at s: just after the first space at or
 * past s + MZ_COMPOSE_WINDOW + MZ_COMPOSE_LOOKAHEAD that no other space and
 * nothing of its cluster (a mark, a joiner) follows (a break, where no
 * cluster and no word is cut), or the paragraph's end. */
static size_t window_end(const mz_para *p, size_t s)
{
    if (p->len - s <= MZ_COMPOSE_WINDOW + MZ_COMPOSE_LOOKAHEAD) return p->len;
    for (size_t i = s + MZ_COMPOSE_WINDOW + MZ_COMPOSE_LOOKAHEAD; i + 1 < p->len; i++) {
        uint32_t c = p->u[i + 1];
        if (p->u[i] == ' ' && c != ' ' && !mz_continues_cluster(c) && !mz_default_ignorable(c)) return i + 1;
    }
    return p->len;
}

typedef struct window {
    mz_para p;        /* characters [s, e) of the paragraph, indices from s */
    mz_run *runs;
    mz_span *spans;
    mz_bidi_iso *iso;
} window;

static void window_free(window *w)
{
    free(w->p.glyphs);
    free(w->runs);
    free(w->spans);
    free(w->iso);
}

/* The first glyph of run r, from g0, whose cluster lies on the far side of
 * x (at or past x along the run's order): clusters ascend along a
 * left-to-right run and descend along a right-to-left one, so a binary
 * search finds it. */
static size_t run_cut(const mz_para *p, const mz_run *r, size_t x)
{
    size_t lo = r->g0, hi = r->g0 + r->ng;
    int desc = r->ng > 1 && p->glyphs[r->g0].cluster > p->glyphs[r->g0 + r->ng - 1].cluster;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int before = desc ? p->glyphs[mid].cluster >= x : p->glyphs[mid].cluster < x;
        if (before) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Run r's glyphs whose clusters lie in [s, e): [*g0, *g1) of p->glyphs. */
static void run_range(const mz_para *p, const mz_run *r, size_t s, size_t e, size_t *g0, size_t *g1)
{
    int desc = r->ng > 1 && p->glyphs[r->g0].cluster > p->glyphs[r->g0 + r->ng - 1].cluster;
    *g0 = run_cut(p, r, desc ? e : s);
    *g1 = run_cut(p, r, desc ? s : e);
}

/* Run r's part in [s, e), its glyphs copied into w, rebased to s. */
static void window_run(window *w, const mz_para *p, const mz_run *r, size_t s, size_t e)
{
    mz_run *q = &w->runs[w->p.nruns++];
    size_t a = r->start > s ? r->start : s, b = r->start + r->len < e ? r->start + r->len : e;
    size_t g0, g1;
    run_range(p, r, s, e, &g0, &g1);
    *q = *r;
    q->start = a - s;
    q->len = b - a;
    q->g0 = w->p.nglyphs;
    for (size_t g = g0; g < g1; g++) {
        mz_glyph x = p->glyphs[g];
        x.cluster -= (uint32_t)s;
        w->p.glyphs[w->p.nglyphs++] = x;
    }
    q->ng = w->p.nglyphs - q->g0;
}

/* Glyphs of P whose clusters lie in [s, e). */
static size_t window_glyphs(const mz_para *p, size_t s, size_t e)
{
    size_t n = 0, g0, g1;
    for (size_t i = 0; i < p->nruns; i++)
        if (p->runs[i].start < e && p->runs[i].start + p->runs[i].len > s) {
            run_range(p, &p->runs[i], s, e, &g0, &g1);
            n += g1 - g0;
        }
    return n;
}

/* The glyphs of window [s, e) of P: P's own (copied) when it was shaped,
 * else its runs' parts shaped now, with the whole paragraph as context, as
 * mz_shape_para would have.  0 when out of memory. */
static int window_glyphs_fill(window *w, const mz_para *p, size_t s, size_t e, mz_fonts *fs)
{
    size_t ng = p->glyphs ? window_glyphs(p, s, e) : 0;
    if (p->glyphs && !(w->p.glyphs = malloc((ng ? ng : 1) * sizeof *w->p.glyphs))) return 0;
    w->p.glyphs_cap = ng;
    for (size_t i = 0; i < p->nruns; i++) {
        const mz_run *r = &p->runs[i];
        if (r->start >= e || r->start + r->len <= s) continue;
        if (p->glyphs) {
            window_run(w, p, r, s, e);
            continue;
        }
        mz_run *q = &w->runs[w->p.nruns++];
        size_t a = r->start > s ? r->start : s, b = r->start + r->len < e ? r->start + r->len : e;
        *q = *r;
        q->start = a - s;
        q->len = b - a;
        q->g0 = w->p.nglyphs;
        mz_shape_req req = {p, r, p->u, 0, p->len, a, b - a};
        if (!mz_shape_range(&req, fs, &w->p.glyphs, &w->p.nglyphs, &w->p.glyphs_cap)) return 0;
        for (size_t g = q->g0; g < w->p.nglyphs; g++) w->p.glyphs[g].cluster -= (uint32_t)s;
        q->ng = w->p.nglyphs - q->g0;
    }
    return 1;
}

/* Window [s, e) of P as a paragraph of its own (the text, levels and
 * types borrowed; glyphs, runs, spans and isolates copied or made).  0 when
 * out of memory. */
static int window_init(window *w, const mz_para *p, size_t s, size_t e, mz_fonts *fs)
{
    memset(w, 0, sizeof *w);
    w->p = *p;
    w->p.u = p->u + s;
    w->p.len = e - s;
    w->p.types = p->types + s;
    w->p.levels = p->levels + s;
    w->p.glyphs = NULL;
    w->runs = malloc((p->nruns ? p->nruns : 1) * sizeof *w->runs);
    w->spans = malloc((p->nspans ? p->nspans : 1) * sizeof *w->spans);
    w->iso = malloc((p->niso ? p->niso : 1) * sizeof *w->iso);
    w->p.nglyphs = w->p.nruns = w->p.nspans = w->p.niso = 0;
    if (!w->runs || !w->spans || !w->iso || !window_glyphs_fill(w, p, s, e, fs)) return 0;
    for (size_t i = 0; i < p->nspans; i++)
        if (p->spans[i].start < e && p->spans[i].end > s) {
            mz_span x = p->spans[i];
            x.start = x.start > s ? x.start - s : 0;
            x.end = (x.end < e ? x.end : e) - s;
            w->spans[w->p.nspans++] = x;
        }
    for (size_t i = 0; i < p->niso; i++)
        if (p->iso[i].start < e && p->iso[i].end > s) {
            mz_bidi_iso x = p->iso[i];
            x.start = x.start > s ? x.start - s : 0;
            x.end = (x.end < e ? x.end : e) - s;
            w->iso[w->p.niso++] = x;
        }
    w->p.runs = w->runs;
    w->p.runs_cap = w->p.nruns;
    w->p.spans = w->spans;
    w->p.iso = w->iso;
    return 1;
}

/* Lines [first, out->n) of a window that starts at s: those past the
 * window's first MZ_COMPOSE_WINDOW characters dropped (unless it is the
 * paragraph's last, ending at the paragraph's end), at least one kept, the
 * rest moved to the paragraph's indices.  Returns where the next window
 * starts (relative to s). */
static size_t window_keep(mz_lines *out, size_t first, size_t s, int last)
{
    size_t keep = out->n;
    if (!last) {
        keep = first + 1;
        while (keep < out->n && out->v[keep].end <= MZ_COMPOSE_WINDOW) keep++;
        for (size_t i = keep; i < out->n; i++) free(out->v[i].g);
        out->n = keep;
    }
    for (size_t i = first; i < keep; i++) {
        mz_line *l = &out->v[i];
        for (size_t k = 0; k < l->ng; k++) l->g[k].cl += (uint32_t)s;
        l->start += s;
        l->end += s;
    }
    return out->v[keep - 1].end - s;
}

mz_status mz_compose(mz_para *p, const mz_compose_opts *o, mz_fonts *fs, mz_lines *out, mz_diag *d)
{
    int main_font = -1;
    if (p->len <= MZ_COMPOSE_WHOLE) return compose_whole(p, o, fs, out, d, &main_font);
    mz_compose_opts wo = *o;
    size_t s = 0;
    while (s < p->len) {
        size_t e = window_end(p, s), first = out->n;
        window w;
        mz_status st = window_init(&w, p, s, e, fs) ? compose_whole(&w.p, &wo, fs, out, d, &main_font)
                                                : mz_fail(d, MZ_ERR_NOMEM, "out of memory composing a paragraph");
        window_free(&w);
        if (st) return st;
        if (out->n == first) return MZ_OK; /* nothing to set (cannot happen: the window holds text) */
        s += window_keep(out, first, s, e == p->len);
        wo.first_indent = 0; /* only the paragraph's first line is indented */
        if (o->flush && (st = o->flush(o->flush_ud, out, e == p->len))) return st;
    }
    return MZ_OK;
}
