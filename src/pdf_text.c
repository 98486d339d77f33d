/* pdf_text.c - glyph runs as TJ operators, with ToUnicode and ActualText for extraction. */
#include "pdf_int.h"

#include <fribidi.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- text --------------------------------------------------------------------------- */


static int is_inserted(const mz_pglyph *g) { return g->cn == 0 || (g->flags & MZ_GF_INSERTED); }

/* Splits an item's glyphs into clusters (consecutive glyphs sharing cl/cn). */
static size_t split_clusters(const mz_item *it, mz_pcl *c)
{
    size_t nc = 0;
    for (size_t i = 0; i < it->ng; i++) {
        const mz_pglyph *g = &it->g[i];
        int ins = is_inserted(g);
        if (nc && c[nc - 1].inserted == ins && c[nc - 1].cl == g->cl && c[nc - 1].cn == g->cn) {
            c[nc - 1].n++;
            continue;
        }
        c[nc] = (mz_pcl){i, 1, g->cl, g->cn, ins, (g->flags & MZ_GF_RTL) != 0, 0};
        nc++;
    }
    return nc;
}

int mz_pdf_cluster_text_ok(const mz_item *it, const mz_pcl *c)
{
    return !c->inserted && c->cn && (size_t)c->cl + c->cn <= it->text_len;
}

/* A cluster of an RTL run holding no strong RTL character and no space. */
static int rtl_neutral(const mz_item *it, const mz_pcl *c)
{
    if (!c->rtl || !mz_pdf_cluster_text_ok(it, c)) return 0;
    for (uint32_t k = 0; k < c->cn; k++) {
        FriBidiCharType t = fribidi_get_bidi_type(it->text[c->cl + k]);
        if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL || t == FRIBIDI_TYPE_WS) return 0;
    }
    return 1;
}

/* Which clusters get RLM: neutrals of RTL runs, and spaces of RTL runs next
 * to an LTR run (else poppler moves the space into the LTR run: "2024بتاريخ"). */
static void mark_rlm(const mz_item *it, mz_pcl *c, size_t nc)
{
    for (size_t k = 0; MZ_ACTUALTEXT_RLM && k < nc; k++) {
        c[k].rlm = rtl_neutral(it, &c[k]);
        if (c[k].rtl && c[k].cn == 1 && mz_pdf_cluster_text_ok(it, &c[k]) &&
            fribidi_get_bidi_type(it->text[c[k].cl]) == FRIBIDI_TYPE_WS)
            c[k].rlm = (k > 0 && !c[k - 1].rtl) || (k + 1 < nc && !c[k + 1].rtl);
    }
}

/* Pass 1: glyph sets and ToUnicode from clusters where one glyph stands for
 * one character. */
mz_status mz_pdf_scan_item(mz_pw *w, const mz_item *it, mz_pcl *c)
{
    mz_pfont *p = NULL;
    mz_status st = mz_pdf_use_font(w, it->font, &p);
    if (st) return st;
    size_t nc = split_clusters(it, c);
    for (size_t k = 0; k < nc; k++) {
        int text_ok = mz_pdf_cluster_text_ok(it, &c[k]);
        for (size_t i = c[k].i0; i < c[k].i0 + c[k].n; i++) {
            uint32_t g = it->g[i].gid;
            if (g == 0) continue; /* .notdef is never drawn */
            if (g >= p->nglyphs) /* only a damaged GSUB can produce such glyphs */
                return mz_fail(w->d, MZ_ERR_FONT,
                               "font '%s': damaged: its substitutions produce glyph %u, but it "
                               "has only %u glyphs",
                               mz_pdf_font_label(p->f), g, (unsigned)p->nglyphs);
            if (!hb_set_has(p->gids, g)) hb_set_add(p->gids, g);
            if (!p->guess[g]) p->guess[g] = text_ok ? it->text[c[k].cl] : c[k].inserted ? 0x0640 : 0;
        }
        if (text_ok && c[k].n == 1 && c[k].cn == 1 && it->g[c[k].i0].gid) {
            uint32_t g = it->g[c[k].i0].gid, ch = it->text[c[k].cl];
            if (!p->uni[g] && ch && ch < 0x110000 && !(ch >= 0xD800 && ch <= 0xDFFF)) p->uni[g] = ch;
        }
    }
    if (!hb_set_allocation_successful(p->gids))
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    return MZ_OK;
}

/* State of one BT..ET text object while glyphs are appended to w->b. */
typedef struct mz_tj {
    mz_buf *b;
    const mz_pfont *p;
    double size;
    double cur;  /* where the reader's pen is, pt from the Tm origin */
    double rise; /* current Ts */
    int open;    /* inside "[ ... ]TJ" */
    int hex;     /* inside a "<...>" glyph string of that TJ */
} mz_tj;

static void tj_close(mz_tj *t)
{
    if (t->hex) mz_buf_put(t->b, ">", 1);
    if (t->open) mz_buf_puts(t->b, "]TJ\n");
    t->open = t->hex = 0;
}

/* Draws glyph gid with its origin at (tx, ty) from the Tm origin.  The TJ
 * adjustment is computed from the absolute target, so rounding never adds up. */
static void tj_glyph(mz_tj *t, uint32_t gid, double tx, double ty)
{
    double rise = (double)llround(ty * 1000.0) / 1000.0;
    if (rise != t->rise) {
        tj_close(t);
        t->rise = mz_pdf_num3(t->b, rise);
        mz_buf_puts(t->b, " Ts\n");
    }
    if (!t->open) mz_buf_puts(t->b, "[");
    t->open = 1;
    /* In whole thousandths of the font size (0.012 pt at 12 pt): finer is
     * invisible, costs bytes, and the next absolute target absorbs the rest. */
    double adj = (t->cur - tx) * 1000.0 / t->size; /* positive moves left */
    if (fabs(adj) >= 0.5) {
        if (t->hex) mz_buf_put(t->b, ">", 1);
        t->hex = 0;
        double wr = mz_pdf_num(t->b, adj, 0);
        t->cur -= wr * t->size / 1000.0;
    }
    /* consecutive glyphs with no adjustment share one string */
    if (!t->hex) mz_buf_put(t->b, "<", 1);
    t->hex = 1;
    mz_pdf_hex4(t->b, gid);
    t->cur += mz_pdf_gwidth(t->p, gid) * t->size / 1000.0;
}


/* Writes /Span <</ActualText <FEFF...>>> BDC for the unit's source text. */
static void span_begin(mz_tj *t, const mz_item *it, const mz_unit *u)
{
    tj_close(t);
    mz_buf_puts(t->b, "/Span <</ActualText <FEFF");
    if (u->rlm) mz_buf_puts(t->b, "200F");
    for (uint32_t k = 0; k < u->hi - u->lo; k++) {
        uint32_t i = MZ_ACTUALTEXT_VISUAL && u->rtl ? u->hi - 1 - k : u->lo + k;
        uint32_t ch = it->text[i];
        if (ch >= 0x110000 || (ch >= 0xD800 && ch <= 0xDFFF)) ch = 0xFFFD;
        mz_pdf_utf16_hex(t->b, ch);
    }
    if (u->rlm) mz_buf_puts(t->b, "200F");
    mz_buf_puts(t->b, ">>> BDC\n");
}

static void span_end(mz_tj *t)
{
    tj_close(t);
    mz_buf_puts(t->b, "EMC\n");
}

/* Draws glyphs [i0, i1) of a unit: spacing glyphs first, then marks.
 * Returns the right edge of the spacing glyphs (-INFINITY: none). */
static double unit_glyphs(mz_tj *t, const mz_pfont *p, const mz_item *it, size_t i0, size_t i1, double ox,
                          double oy)
{
    double right = -INFINITY;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = i0; i < i1; i++) {
            uint32_t g = it->g[i].gid;
            if (!g) continue;
            double gw = mz_pdf_gwidth(p, g);
            if ((gw != 0) != (pass == 0)) continue;
            double tx = ox + it->g[i].x;
            tj_glyph(t, g, tx, oy + it->g[i].y);
            double r = tx + gw * t->size / 1000.0;
            if (r > right) right = r;
        }
    }
    return right;
}

/* Draws one unit.  A 1:1 cluster whose glyph's ToUnicode already says the
 * right thing goes without a span. */
static void draw_unit(mz_tj *t, mz_pfont *p, const mz_item *it, const mz_pcl *c, const mz_unit *u,
                      double ox, double oy)
{
    size_t i0 = c[u->a].i0, i1 = c[u->e].i0 + c[u->e].n;
    int simple = u->simple_ok && c[u->a].n == 1 && it->g[i0].gid &&
                 p->uni[it->g[i0].gid] == it->text[u->lo] && !u->rlm && !(u->lead && p->blank);
    if (simple) {
        tj_glyph(t, it->g[i0].gid, ox + it->g[i0].x, oy + it->g[i0].y);
        return;
    }
    /* B.3: base glyphs first, then marks, then the blank at the right edge,
     * so the span covers the unit with no gap or backward step. */
    span_begin(t, it, u);
    if (u->lead && p->blank) {
        hb_set_add(p->gids, p->blank);
        p->uni[p->blank] = p->blank_cp;
        tj_glyph(t, p->blank, ox + u->lead_x, oy);
    }
    double right = unit_glyphs(t, p, it, i0, i1, ox, oy);
    /* a single glyph already spans the unit; anything else closes with the
     * blank at the right edge */
    if (p->blank && i1 - i0 > 1) {
        if (right == -INFINITY) right = ox + it->g[i0].x;
        hb_set_add(p->gids, p->blank);
        p->uni[p->blank] = p->blank_cp;
        tj_glyph(t, p->blank, right, oy);
    }
    span_end(t);
}

static int unit_is_space(const mz_item *it, const mz_unit *u)
{
    return u->hi > u->lo && fribidi_get_bidi_type(it->text[u->lo]) == FRIBIDI_TYPE_WS;
}

/* Horizontal extent of a unit's spacing glyphs as an extractor sees them
 * (glyph origin to origin + advance). */
static void unit_extent(const mz_pfont *p, const mz_item *it, const mz_pcl *c, const mz_unit *u,
                        double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = c[u->a].i0; i < c[u->e].i0 + c[u->e].n; i++) {
        double gw = mz_pdf_gwidth(p, it->g[i].gid) * it->size / 1000.0;
        if (!it->g[i].gid || gw == 0) continue;
        if (it->g[i].x < *lo) *lo = it->g[i].x;
        if (it->g[i].x + gw > *hi) *hi = it->g[i].x + gw;
    }
}

/* Extractors start a new word at a gap wider than 0.1 em or a step back of
 * more than 0.2 em (poppler's minWordBreakSpace, minDupBreakOverlap).  GPOS
 * kerning can open such gaps inside a word (Amiri moves a waw 0.12 em away
 * from an initial yeh: "ويعود" read as "و يعود").  Such a unit starts its
 * span with the zero-width blank at its left neighbour's right edge, so the
 * span reaches back over the gap and the word stays whole. */
#define MZ_GAP_MAX 0.08
#define MZ_STEP_BACK_MAX 0.15

static void bridge_gaps(const mz_pfont *p, const mz_item *it, const mz_pcl *c, mz_unit *u, size_t nu)
{
    for (size_t k = 0; k < nu; k++) { /* each unit measured once */
        unit_extent(p, it, c, &u[k], &u[k].xlo, &u[k].xhi);
        u[k].space = unit_is_space(it, &u[k]);
    }
    for (size_t k = 1; k < nu && p->blank; k++) {
        mz_unit *a = &u[k - 1], *b = &u[k];
        if (a->xlo == INFINITY || b->xlo == INFINITY || a->rtl != b->rtl || a->space || b->space ||
            a->lo == a->hi || b->lo == b->hi)
            continue;
        double gap = (b->xlo - a->xhi) / it->size;
        if ((gap > MZ_GAP_MAX || gap < -MZ_STEP_BACK_MAX) && b->xhi > a->xhi) {
            b->lead = 1;
            b->lead_x = a->xhi;
            b->simple_ok = 0;
        }
    }
}

/* Does the unit hold a combining mark or several glyphs?  Such units rely
 * on being drawn left to right (B.3), so their words are too. */
static int unit_complex(const mz_item *it, const mz_pcl *c, const mz_unit *u)
{
    for (size_t k = u->a; k <= u->e; k++)
        if (c[k].n > 1 || (!c[k].inserted && c[k].cn > 1)) return 1;
    for (uint32_t k = u->lo; k < u->hi; k++)
        if (fribidi_get_bidi_type(it->text[k]) == FRIBIDI_TYPE_NSM) return 1;
    return 0;
}

static uint32_t unit_key(const mz_unit *u, size_t k, size_t nu)
{
    /* a unit without text sorts with its neighbour */
    for (size_t j = k; j < nu; j++)
        if (u[j].hi > u[j].lo) return u[j].lo;
    for (size_t j = k; j-- > 0;)
        if (u[j].hi > u[j].lo) return u[j].hi;
    return 0;
}

typedef struct mz_word { size_t a, e; uint32_t key; } mz_word;

/* An RTL word with marks or multi-glyph clusters (units u[a..e], left to
 * right), drawn right to left for extractors that read the stream in order
 * (MuPDF 1.21), as one span for poppler: its ActualText is the word, and
 * zero-width blanks at the word's left edge (first) and right edge (last)
 * give the span the word's extent, which per-cluster spans drawn backwards
 * do not (poppler then cut "الْحَمْدُ" in three).  Returns 0, drawing
 * nothing, when the word needs spans of its own (RLM-wrapped punctuation). */
static int draw_word_span(mz_tj *t, mz_pfont *p, const mz_item *it, const mz_pcl *c, const mz_unit *u,
                          size_t a, size_t e, double ox, double oy)
{
    if (!p->blank) return 0;
    uint32_t lo = UINT32_MAX, hi = 0;
    double xlo = INFINITY, xhi = -INFINITY;
    for (size_t k = a; k <= e; k++) {
        if (u[k].rlm || !u[k].rtl) return 0;
        if (u[k].hi > u[k].lo) {
            if (u[k].lo < lo) lo = u[k].lo;
            if (u[k].hi > hi) hi = u[k].hi;
        }
        if (u[k].xlo < xlo) xlo = u[k].xlo;
        if (u[k].xhi > xhi) xhi = u[k].xhi;
    }
    if (lo >= hi || xlo == INFINITY) return 0;
    mz_unit whole = u[a];
    whole.lo = lo;
    whole.hi = hi;
    whole.rlm = 0;
    span_begin(t, it, &whole);
    hb_set_add(p->gids, p->blank);
    p->uni[p->blank] = p->blank_cp;
    tj_glyph(t, p->blank, ox + xlo, oy);
    for (size_t k = e + 1; k-- > a;)
        unit_glyphs(t, p, it, c[u[k].a].i0, c[u[k].e].i0 + c[u[k].e].n, ox, oy);
    tj_glyph(t, p->blank, ox + xhi, oy);
    span_end(t);
    return 1;
}

static int word_cmp(const void *x, const void *y)
{
    const mz_word *a = x, *b = y;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* The content stream follows the text's logical order where that costs
 * poppler nothing: words in logical order, and inside an RTL word of plain
 * letters the glyphs right to left.  MuPDF 1.21 and other extractors that
 * read the stream in order then get logical text too; poppler sorts by
 * position.  Words with marks or multi-glyph clusters stay left to right,
 * which poppler needs to keep them whole. */
static void draw_units_in_order(mz_tj *t, mz_pfont *p, const mz_item *it, const mz_pcl *c,
                                const mz_unit *u, size_t nu, double ox, double oy)
{
    if (!MZ_STREAM_LOGICAL) {
        for (size_t k = 0; k < nu; k++) draw_unit(t, p, it, c, &u[k], ox, oy);
        return;
    }
    mz_word wbuf[64], *w = nu <= 64 ? wbuf : malloc(nu * sizeof *w);
    if (!w) { /* no memory for the nicety: visual order is still correct */
        for (size_t k = 0; k < nu; k++) draw_unit(t, p, it, c, &u[k], ox, oy);
        return;
    }
    size_t nw = 0;
    for (size_t k = 0; k < nu;) {
        size_t e = k;
        if (!u[k].space)
            while (e + 1 < nu && u[e + 1].rtl == u[k].rtl && !u[e + 1].space) e++;
        w[nw++] = (mz_word){k, e, unit_key(u, k, nu)};
        if (u[k].rtl) w[nw - 1].key = unit_key(u, e, nu); /* logical start is at the right */
        k = e + 1;
    }
    qsort(w, nw, sizeof *w, word_cmp);
    for (size_t i = 0; i < nw; i++) {
        int backwards = u[w[i].a].rtl;
        for (size_t k = w[i].a; backwards && k <= w[i].e; k++)
            if (unit_complex(it, c, &u[k])) backwards = 0;
        if (backwards)
            for (size_t k = w[i].e + 1; k-- > w[i].a;) draw_unit(t, p, it, c, &u[k], ox, oy);
        else if (u[w[i].a].rtl && draw_word_span(t, p, it, c, u, w[i].a, w[i].e, ox, oy))
            ;
        else
            for (size_t k = w[i].a; k <= w[i].e; k++) draw_unit(t, p, it, c, &u[k], ox, oy);
    }
    if (w != wbuf) free(w);
}

mz_status mz_pdf_draw_glyphs(mz_pw *w, HPDF_Page page, const mz_item *it, mz_pcl *c, size_t *host,
                             mz_unit *u)
{
    mz_pfont *p = &w->pf[it->font];
    if (!it->ng) return MZ_OK;
    if (!(it->size > 0)) return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: glyph run of size %g", it->size);
    const char *fname = HPDF_Page_GetLocalFontName(page, (HPDF_Font)p->type0);
    mz_status st = hnull(w, fname, "registering a font on a page");
    if (st) return st;
    size_t nc = split_clusters(it, c);
    mark_rlm(it, c, nc);

    /* Inserted tatweel belongs to the logically preceding letter: its visual
     * right neighbour in RTL, left neighbour in LTR (notes B.3 step 5). */
    for (size_t k = 0; k < nc; k++) {
        host[k] = k;
        if (!c[k].inserted) continue;
        host[k] = SIZE_MAX;
        if (c[k].rtl) {
            for (size_t j = k + 1; j < nc && host[k] == SIZE_MAX; j++)
                if (!c[j].inserted) host[k] = j;
            for (size_t j = k; j-- > 0 && host[k] == SIZE_MAX;)
                if (!c[j].inserted) host[k] = j;
        } else {
            for (size_t j = k; j-- > 0 && host[k] == SIZE_MAX;)
                if (!c[j].inserted) host[k] = j;
            for (size_t j = k + 1; j < nc && host[k] == SIZE_MAX; j++)
                if (!c[j].inserted) host[k] = j;
        }
    }

    mz_buf *b = &w->b;
    b->len = 0;
    mz_buf_puts(b, "/");
    mz_buf_puts(b, fname);
    mz_buf_puts(b, " ");
    double size = mz_pdf_num3(b, it->size);
    mz_buf_puts(b, " Tf\n1 0 0 1 ");
    double ox = mz_pdf_num3(b, it->x);
    mz_buf_puts(b, " ");
    double oy = mz_pdf_num3(b, it->y);
    mz_buf_puts(b, " Tm\n");
    mz_tj t = {b, p, size, 0, 0, 0, 0};
    /* Units are runs of clusters with the same host; hosts are contiguous. */
    size_t nu = 0;
    for (size_t a = 0; a < nc;) {
        size_t e = a;
        while (e + 1 < nc && host[e + 1] == host[a]) e++;
        const mz_pcl *h = host[a] == SIZE_MAX ? NULL : &c[host[a]];
        mz_unit un = {a, e, 0, 0, h ? h->rtl : c[a].rtl, h ? h->rlm : 0, 0, 0, 0, 0, 0, 0};
        if (h && mz_pdf_cluster_text_ok(it, h)) {
            un.lo = h->cl;
            un.hi = h->cl + h->cn;
            un.simple_ok = a == e && h == &c[a] && h->cn == 1;
        }
        u[nu++] = un;
        a = e + 1;
    }
    bridge_gaps(p, it, c, u, nu);
    draw_units_in_order(&t, p, it, c, u, nu, it->x - ox, it->y - oy);
    tj_close(&t);
    if (t.rise != 0) mz_buf_puts(b, "0 Ts\n"); /* Ts outlives ET */
    if (b->oom || !hb_set_allocation_successful(p->gids))
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");

    mz_pdf_hash_bytes(&w->hash, b->data, b->len);
    mz_pdf_hash_bytes(&w->hash, p->f->psname, strlen(p->f->psname));
    mz_pdf_rgb(&w->page, it->color, "rg");
    mz_buf_puts(&w->page, "BT\n");
    mz_buf_put(&w->page, b->data, b->len);
    mz_buf_puts(&w->page, "ET\n");
    return MZ_OK;
}

