/* pdf_text.c - glyph runs in visual order as TJ operators, each glyph under a ToUnicode map that says what it stands for where it is drawn. */
#include "pdf/pdf_text.h"

#include "pdf/pdf_bytes.h"
#include "pdf/pdf_font.h"
#include "pdf/pdf_outline.h"
#include "text/bidi.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One glyph item while it is drawn: what its glyphs stand for, and its
 * text as it is appended to w->b. */
typedef struct mz_tj {
    mz_pw *w;
    mz_hobj *page;
    mz_buf *b;
    mz_pfont *p;
    const mz_item *it;
    mz_gtext *tx;  /* the text of each of its glyphs */
    double size;
    double ox;     /* the text origin on the page */
    double dx, dy; /* the item's origin from the text origin (its rounding) */
    double cur;    /* where the reader's pen is, pt from the Tm origin */
    double rise;   /* current Ts */
    int open;      /* inside "[ ... ]TJ" */
    int hex;       /* inside a "<...>" glyph string of that TJ */
    int hidden;    /* text render mode 3 (invisible) is set */
} mz_tj;

/* ---- what each glyph stands for ------------------------------------------------------ */

static int is_inserted(const mz_pglyph *g) { return g->cn == 0 || (g->flags & MZ_GF_INSERTED); }

static int valid_cp(uint32_t c) { return c && c < 0x110000 && !(c >= 0xD800 && c <= 0xDFFF); }

/* Per GID, a code point whose nominal glyph it is (the smallest), built on
 * first need: only clusters of several glyphs ask. */
static int build_rev(mz_pfont *p)
{
    if (p->rev) return 1;
    p->rev = calloc(p->nglyphs ? p->nglyphs : 1, sizeof *p->rev);
    hb_set_t *us = hb_set_create();
    if (!p->rev || !us) {
        hb_set_destroy(us);
        return 0;
    }
    hb_face_collect_unicodes(p->f->face, us);
    for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next(us, &c);) {
        hb_codepoint_t g;
        if (hb_font_get_nominal_glyph(p->f->hb, c, &g) && g < p->nglyphs && !p->rev[g]) p->rev[g] = c;
    }
    int ok = hb_set_allocation_successful(us);
    hb_set_destroy(us);
    return ok;
}

static int hexval(char c) { return isdigit((unsigned char)c) ? c - '0' : (c | 0x20) - 'a' + 10; }

/* One component of an AGL glyph name: "uni0651064E" (several code points),
 * "u1F600", or the name of another glyph ("f" in "f_f_i"), which stands
 * for what the cmap maps to that glyph.  Returns the count, 0 if unknown. */
static size_t name_component(mz_pfont *p, const char *s, size_t n, uint32_t *out, size_t max)
{
    size_t k = 0;
    if (n >= 7 && !strncmp(s, "uni", 3) && (n - 3) % 4 == 0) {
        for (size_t i = 3; i < n; i += 4) {
            uint32_t c = 0;
            for (size_t j = i; j < i + 4; j++) {
                if (!isxdigit((unsigned char)s[j])) return 0;
                c = c * 16 + (uint32_t)hexval(s[j]);
            }
            if (!valid_cp(c) || k == max) return 0;
            out[k++] = c;
        }
        return k;
    }
    if (n >= 5 && n <= 7 && s[0] == 'u') {
        uint32_t c = 0;
        for (size_t j = 1; j < n; j++) {
            if (!isxdigit((unsigned char)s[j])) return 0;
            c = c * 16 + (uint32_t)hexval(s[j]);
        }
        if (!valid_cp(c) || !max) return 0;
        out[0] = c;
        return 1;
    }
    hb_codepoint_t g;
    if (!max || !hb_font_get_glyph_from_name(p->f->hb, s, (int)n, &g) || g >= p->nglyphs || !p->rev[g])
        return 0;
    out[0] = p->rev[g];
    return 1;
}

/* The code points glyph G stands for by itself, from its name (the part
 * before any '.'), else from the cmap.  0 when unknown. */
static size_t glyph_own(mz_pfont *p, uint32_t g, uint32_t *out, size_t max)
{
    char name[128];
    if (hb_font_get_glyph_name(p->f->hb, g, name, sizeof name) && name[0] && name[0] != '.') {
        size_t n = strcspn(name, "."), k = 0;
        for (size_t a = 0; a < n;) {
            size_t e = a;
            while (e < n && name[e] != '_') e++;
            size_t got = name_component(p, name + a, e - a, out + k, max - k);
            if (!got) {
                k = 0;
                break;
            }
            k += got;
            a = e + 1;
        }
        if (k) return k;
    }
    if (g < p->nglyphs && p->rev[g] && max) {
        out[0] = p->rev[g];
        return 1;
    }
    return 0;
}

#define MZ_OWN_MAX 8 /* code points one glyph name may stand for (AGL ligatures) */

/* The text of a cluster, C[0, n), and whether its run is right to left. */
typedef struct mz_ctext {
    const uint32_t *C;
    size_t n;
    int rtl;
} mz_ctext;

/* Appends the characters of CT (those PICK marks, or all) to w->cps for
 * glyph text *T, reversed in right-to-left runs: every client that reads a
 * visual-order line reverses it, a ligature's characters with it (pdf.js,
 * MuPDF and poppler alike). */
static void put_text(mz_pw *w, const mz_ctext *ct, const unsigned char *pick, mz_gtext *t)
{
    size_t o = w->ncps, len = 0;
    for (size_t k = 0; k < ct->n; k++)
        if (!pick || pick[k]) w->cps[o + len++] = ct->C[k];
    for (size_t a = 0, e = len ? len - 1 : 0; ct->rtl && a < e; a++, e--) {
        uint32_t x = w->cps[o + a];
        w->cps[o + a] = w->cps[o + e];
        w->cps[o + e] = x;
    }
    w->ncps += len;
    *t = (mz_gtext){(uint32_t)o, (uint32_t)len};
}

/* HarfBuzz orders a cluster's marks its own way (shadda before the vowel
 * it carries, whatever the source says), and readers take them in glyph
 * order.  The mark characters claimed by glyphs one each are given back to
 * those glyphs in reading order (the reverse of visual order in RTL), so
 * that a client returns them in the author's order, not only a canonically
 * equivalent one. */
static void marks_in_source_order(const mz_ctext *ct, unsigned char *owner)
{
    const uint32_t *C = ct->C;
    size_t cn = ct->n;
    int rtl = ct->rtl;
    unsigned char gl[64];
    size_t ng = 0;
    for (size_t c = 0; c < cn; c++) {
        if (owner[c] == 0xFF || mz_bidi_class_of(C[c]) != MZ_BC_NSM) continue;
        size_t mine = 0;
        for (size_t d = 0; d < cn; d++) mine += owner[d] == owner[c];
        if (mine != 1 || ng == sizeof gl) return; /* a glyph with more than the mark: leave as claimed */
        gl[ng++] = owner[c];
    }
    if (ng < 2) return;
    /* the mark glyphs in reading order */
    for (size_t a = 1; a < ng; a++)
        for (size_t b = a; b > 0 && (rtl ? gl[b] > gl[b - 1] : gl[b] < gl[b - 1]); b--) {
            unsigned char x = gl[b];
            gl[b] = gl[b - 1];
            gl[b - 1] = x;
        }
    size_t k = 0;
    for (size_t c = 0; c < cn; c++)
        if (owner[c] != 0xFF && mz_bidi_class_of(C[c]) == MZ_BC_NSM) owner[c] = gl[k++];
}

/* Each of glyphs G[0, n) claims the characters of CT it stands for by its
 * name or cmap (OWNER[c]: the index of the glyph that claimed CT->C[c]);
 * a glyph that claims a character CT lacks claims nothing. */
static void claim_chars(mz_pfont *p, const mz_pglyph *g, size_t n, const mz_ctext *ct, unsigned char *owner)
{
    memset(owner, 0xFF, ct->n);
    for (size_t i = 0; i < n && i < 0xFF; i++) {
        uint32_t own[MZ_OWN_MAX];
        size_t k = g[i].gid ? glyph_own(p, g[i].gid, own, MZ_OWN_MAX) : 0;
        size_t got = 0;
        for (size_t j = 0; j < k; j++) {
            size_t c = 0;
            while (c < ct->n && (owner[c] != 0xFF || ct->C[c] != own[j])) c++;
            if (c == ct->n) break;
            owner[c] = (unsigned char)i;
            got++;
        }
        if (got < k)
            for (size_t c = 0; c < ct->n; c++)
                if (owner[c] == i) owner[c] = 0xFF;
    }
}

/* Cluster text C = text[cl, cl+cn) over glyphs g[i0, i0+n) of the item.
 * One glyph takes all of C.  Several glyphs (a base and its marks, a
 * letter the font draws in two pieces): each takes the characters of C it
 * claims; what no glyph claims goes to the widest glyph; a glyph that
 * claims nothing of C stands for nothing. */
/* Glyphs of one cluster whose characters are shared out among them (the
 * owners are bytes, and marks_in_source_order keeps 64): a base with its
 * marks is a few; more is a hostile text (thousands of marks on one
 * letter), whose sharing would cost n times the cluster's length. */
#define MZ_CLUSTER_GLYPHS 64

static int cluster_text(mz_tj *tj, size_t i0, size_t n)
{
    mz_pw *w = tj->w;
    mz_pfont *p = tj->p;
    const mz_pglyph *g = &tj->it->g[i0];
    mz_gtext *t = tj->tx + i0;
    uint32_t cl = g->cl, cn = g->cn;
    if (is_inserted(g) || !cn || (size_t)cl + cn > tj->it->text_len) {
        for (size_t i = 0; i < n; i++) t[i] = (mz_gtext){0, 0};
        return 1;
    }
    mz_ctext ct = {tj->it->text + cl, cn, (g->flags & MZ_GF_RTL) != 0};
    /* each character goes to one glyph: the cluster's text once */
    if (!mz_grow((void **)&w->cps, &w->cps_cap, w->ncps + (size_t)cn + 1, sizeof *w->cps)) return 0;
    if (n > MZ_CLUSTER_GLYPHS) { /* no real cluster: a character a glyph in reading order */
        for (size_t k = 0; k < n; k++) {
            size_t i = ct.rtl ? n - 1 - k : k, a = k < cn ? k : cn, e = k + 1 < n ? (k < cn ? k + 1 : cn) : cn;
            mz_ctext one = {ct.C + a, e - a, 0};
            put_text(w, &one, NULL, &t[i]);
        }
        return 1;
    }
    if (n == 1) {
        put_text(w, &ct, NULL, &t[0]);
        return 1;
    }
    if (!build_rev(p)) return 0;
    unsigned char *owner = malloc(cn), *pick = malloc(cn);
    if (!owner || !pick) {
        free(owner);
        free(pick);
        return 0;
    }
    claim_chars(p, g, n, &ct, owner);
    size_t widest = 0;
    double ww = -1;
    for (size_t i = 0; i < n; i++) {
        double gw = g[i].gid ? mz_pdf_gwidth(p, g[i].gid) : -1;
        if (gw > ww) ww = gw, widest = i;
    }
    marks_in_source_order(&ct, owner);
    for (size_t i = 0; i < n; i++) {
        for (size_t c = 0; c < cn; c++) pick[c] = owner[c] == i || (owner[c] == 0xFF && i == widest);
        put_text(w, &ct, pick, &t[i]);
    }
    free(owner);
    free(pick);
    return 1;
}

/* ---- the TJ writer ------------------------------------------------------------------- */

static double round3(double v) { return (double)llround(v * 1000.0) / 1000.0; }

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
    double rise = round3(ty);
    if (rise != t->rise) {
        tj_close(t);
        t->rise = mz_pdf_num3(t->b, rise);
        mz_buf_puts(t->b, " Ts\n");
    }
    if (!t->open) mz_buf_puts(t->b, "[");
    t->open = 1;
    /* In whole thousandths of the font size (0.012 pt at 12 pt), and only
     * from one: finer is invisible, costs bytes, and the next absolute
     * target absorbs the rest, so the error never passes one. */
    double adj = (t->cur - tx) * 1000.0 / t->size; /* positive moves left */
    if (fabs(adj) >= 1.0) {
        if (t->hex) mz_buf_put(t->b, ">", 1);
        t->hex = 0;
        double wr = mz_pdf_num(t->b, adj, 0);
        t->cur -= wr * t->size / 1000.0;
    }
    /* consecutive glyphs with no adjustment share one string */
    if (!t->hex) mz_buf_put(t->b, "<", 1);
    t->hex = 1;
    mz_pdf_hex4(t->b, mz_pdf_cid(t->p, gid));
    t->cur += mz_pdf_gwidth(t->p, gid) * t->size / 1000.0;
}

/* Selects ToUnicode variant V of the item's font (Tf); the pen stays. */
static mz_status tj_font(mz_tj *t, int v)
{
    mz_hobj *d = t->p->var[v].type0;
    if (d == t->w->tf && t->size == t->w->tf_size) return MZ_OK; /* Tf holds across items */
    const char *fname = mz_hpage_font(t->w->h, t->page, d);
    if (!fname) return mz_hdoc_status(t->w->h);
    tj_close(t);
    mz_buf_puts(t->b, "/");
    mz_buf_puts(t->b, fname);
    mz_buf_puts(t->b, " ");
    mz_pdf_num3(t->b, t->size);
    mz_buf_puts(t->b, " Tf\n");
    t->w->tf = d;
    t->w->tf_size = t->size;
    return MZ_OK;
}

static void tj_hidden(mz_tj *t, int on)
{
    if (t->hidden == on) return;
    tj_close(t);
    mz_buf_puts(t->b, on ? "3 Tr\n" : "0 Tr\n");
    t->hidden = on;
}

/* Records where poppler will see the characters of a glyph drawn at page
 * position X: spread over its advance, left to right (pdf_lines.c). */
static int note_chars(mz_tj *t, const mz_pglyph *g, const mz_gtext *tx, double x)
{
    mz_pw *w = t->w;
    if (!mz_grow((void **)&w->pch, &w->pch_cap, w->npch + tx->len, sizeof *w->pch)) return 0;
    double adv = mz_pdf_gwidth(t->p, g->gid) * t->size / 1000.0;
    for (uint32_t k = 0; k < tx->len; k++, w->npch++) /* the index is the drawing order */
        w->pch[w->npch] = (mz_pchar){x + adv * k / tx->len, t->it->y, w->cps[tx->off + k], t->it->font,
                                     (float)t->size, (uint32_t)w->npch, (g->flags & MZ_GF_RTL) != 0};
    return 1;
}

/* Draws glyph GL of the item at (x, y) from the text origin with its text TX. */
static mz_status tj_text_glyph(mz_tj *t, const mz_pglyph *gl, const mz_gtext *tx, double x, double y)
{
    uint32_t g = gl->gid;
    if (!note_chars(t, gl, tx, t->ox + x)) return mz_fail(t->w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    int v = mz_pdf_variant(t->w, t->p, g, t->w->cps + tx->off, tx->len);
    if (v < 0) return mz_fail(t->w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    mz_status st = tj_font(t, v);
    if (!st) tj_glyph(t, g, x, y);
    return st;
}

/* ---- words the glyphs cannot carry ----------------------------------------------------- */

/* Clients build words from where glyphs are: a gap wider than 0.1 em starts
 * a new word (pdf.js 0.102, poppler 0.1, MuPDF 0.15), a step back of more
 * than 0.2 em a new text item (pdf.js; poppler a new word).  poppler keeps
 * a combining mark with its base only when the mark is drawn at the base's
 * origin.  A glyph that stands for nothing has no faithful ToUnicode entry
 * in any client (an empty one reads as U+FFFD in MuPDF, as the CID's code
 * point in pdf.js, and leaves a gap in poppler).  Words with any of these
 * are drawn twice: their glyphs as filled outlines, which no client reads,
 * and their text as invisible glyphs (render mode 3) set close together,
 * with marks at their base's origin and without the silent glyphs. */
#define MZ_WORD_GAP_MAX 0.09   /* em: largest gap kept inside a word */
#define MZ_WORD_BACK_MAX 0.18  /* em: largest step back kept inside a word */
#define MZ_REFLOW_GAP 0.02     /* em: gap between invisible glyphs when the word is wider
                                * (poppler joins pieces of a word only below 0.03 em) */

static int is_space_text(const mz_pw *w, const mz_gtext *t)
{
    return t->len == 1 && mz_bidi_class_of(w->cps[t->off]) == MZ_BC_WS;
}

/* What the word, glyphs [a, e) of the item, needs: nothing, drawing twice
 * (REFLOW_ALL), or only its glyphs on one side of a single gap that clients
 * would read as a space or a step back (REFLOW_GAP; *k = the first glyph
 * after the gap): outlines cost bytes, so a kerning gap redraws the few
 * glyphs beside it, not the word. */
enum { REFLOW_NONE, REFLOW_ALL, REFLOW_GAP };
#define MZ_REFLOW_SIDE_MAX 0.25 /* em: the widest gap closed by moving one side */

static int word_needs_reflow(const mz_tj *tj, size_t a, size_t e, size_t *k)
{
    const mz_pfont *p = tj->p;
    const mz_item *it = tj->it;
    const mz_gtext *t = tj->tx;
    double em = it->size, prev_end = NAN, base_x = NAN;
    size_t gaps = 0, cluster_start = a;
    for (size_t i = a; i < e; i++) {
        uint32_t g = it->g[i].gid;
        if (i > a && (it->g[i].cl != it->g[i - 1].cl || it->g[i].cn != it->g[i - 1].cn)) cluster_start = i;
        if (!g) continue;
        double gw = mz_pdf_gwidth(p, g) * em / 1000.0;
        /* a spacing glyph that stands for nothing (an inserted tatweel) is
         * a gap for the clients: its letters on either side stay apart */
        if (t[i].len == 0 && gw > 0 && !isnan(prev_end)) continue;
        if (t[i].len != 1) return REFLOW_ALL; /* stands for nothing, or for several characters */
        if (gw == 0) {
            /* a mark: compared with the next spacing glyph of its cluster */
            base_x = NAN;
            for (size_t j = i + 1; j < e && isnan(base_x); j++)
                if (it->g[j].cl == it->g[i].cl && it->g[j].gid && mz_pdf_gwidth(p, it->g[j].gid) > 0)
                    base_x = it->g[j].x;
            if (!isnan(base_x) && (it->g[i].x - base_x > 0.001 * em || base_x - it->g[i].x > 0.02 * em))
                return REFLOW_ALL;
            continue;
        }
        if (!isnan(prev_end)) {
            double gap = (it->g[i].x - prev_end) / em;
            if (gap > MZ_WORD_GAP_MAX || gap < -MZ_WORD_BACK_MAX) {
                /* a wide one (long kashida) is spread over the whole word:
                 * moved to one side it would widen the space beyond it
                 * past what pdf.js keeps on one line */
                gaps += gap > MZ_REFLOW_SIDE_MAX ? 2 : 1;
                *k = cluster_start;
            }
        }
        prev_end = it->g[i].x + gw;
    }
    return gaps == 0 ? REFLOW_NONE : gaps == 1 ? REFLOW_GAP : REFLOW_ALL;
}

/* The word's glyphs as filled outlines, into the page's graphics. */
static mz_status word_outlines(mz_tj *t, size_t a, size_t e)
{
    const mz_item *it = t->it;
    mz_buf *gb = &t->w->page;
    mz_pdf_rgb(gb, it->color, "rg");
    mz_gpath at = {.page = t->page, .size = it->size};
    for (size_t i = a; i < e; i++) {
        if (!it->g[i].gid) continue;
        mz_status st = mz_pdf_glyph_path(t->w, t->p, it->g[i].gid, &at, it->x + it->g[i].x, it->y + it->g[i].y, gb);
        if (st) return st;
    }
    mz_pdf_glyph_run_end(&at, gb);
    return gb->oom ? mz_fail(t->w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
}

/* The clusters of glyphs [a, e) with text: each one's spacing width and
 * whether it has marks.  Returns the count (at most MAXC). */
typedef struct mz_hcl {
    size_t i, e;
    double w;
    int mark;
} mz_hcl;

static size_t hidden_clusters(const mz_tj *t, size_t a, size_t e, mz_hcl *c, size_t maxc)
{
    const mz_pfont *p = t->p;
    const mz_item *it = t->it;
    const mz_gtext *tx = t->tx;
    size_t n = 0;
    for (size_t i = a; i < e && n < maxc;) {
        size_t ce = i + 1;
        while (ce < e && it->g[ce].cl == it->g[i].cl && it->g[ce].cn == it->g[i].cn) ce++;
        mz_hcl h = {i, ce, 0, 0};
        for (size_t k = i; k < ce; k++) {
            if (!it->g[k].gid || !tx[k].len) continue;
            double gw = mz_pdf_gwidth(p, it->g[k].gid) * it->size / 1000.0;
            if (gw == 0) h.mark = 1;
            h.w += gw;
        }
        if (h.w > 0 || h.mark) c[n++] = h;
        i = ce;
    }
    return n;
}

/* Draws glyph I's text invisibly at *X and advances *X.  A glyph standing
 * for several characters (a ligature) is read as the font's own glyphs for
 * each: a ToUnicode entry of several code points comes out reversed or
 * garbled in some clients (Ghostscript's txtwrite reads "fi" as U+6600). */
static mz_status hidden_glyph(mz_tj *t, size_t i, double *x)
{
    const mz_item *it = t->it;
    const mz_gtext *tx = &t->tx[i];
    double dx = t->dx, dy = t->dy;
    double k = it->size / 1000.0;
    hb_codepoint_t nom[MZ_OWN_MAX];
    size_t n = tx->len <= MZ_OWN_MAX ? tx->len : 0;
    hb_codepoint_t space = 0;
    hb_font_get_nominal_glyph(t->p->f->hb, ' ', &space);
    for (size_t j = 0; j < n; j++) {
        uint32_t c = t->w->cps[tx->off + j];
        if (!hb_font_get_nominal_glyph(t->p->f->hb, c, &nom[j]) || !nom[j] || nom[j] >= t->p->nglyphs)
            n = 0;
        /* a spacing character whose own glyph has no advance (Amiri's tatweel)
         * would pile up with its neighbours: any empty glyph with an advance
         * can carry it, as nothing is seen */
        else if (mz_pdf_gwidth(t->p, nom[j]) == 0 && mz_bidi_class_of(c) != MZ_BC_NSM)
            nom[j] = space && space < t->p->nglyphs && mz_pdf_gwidth(t->p, space) > 0 ? space : 0;
        if (n && !nom[j]) n = 0;
    }
    if (n < 2) {
        mz_status st = tj_text_glyph(t, &it->g[i], tx, dx + *x, dy);
        *x += mz_pdf_gwidth(t->p, it->g[i].gid) * k;
        return st;
    }
    mz_pglyph one = it->g[i];
    for (size_t j = 0; j < n; j++) {
        one.gid = nom[j];
        hb_set_add(t->p->gids, nom[j]);
        mz_gtext c1 = {tx->off + (uint32_t)j, 1};
        mz_status st = tj_text_glyph(t, &one, &c1, dx + *x, dy);
        if (st) return st;
        *x += mz_pdf_gwidth(t->p, nom[j]) * k;
    }
    return MZ_OK;
}

#define MZ_HIDDEN_CLUSTERS 256   /* a longer word is read as its first 256 clusters' text */
#define MZ_REFLOW_KEEP_GAP 0.05  /* em: a kerning gap kept, well inside a word */
#define MZ_REFLOW_KEEP_BACK 0.15 /* em: an overlap kept, well inside a word */
#define MZ_MARK_LEAD 0.012       /* em: how far before its base the first mark sits */

/* Where a word's invisible text is set: from FROM, or ending at TO; both
 * NAN: about where its glyphs are. */
typedef struct mz_anchor {
    double from, to;
} mz_anchor;

/* The word's text as invisible glyphs, its clusters side by side from
 * about the word's left edge (or as AT says), each mark at its base's
 * origin and drawn just before it, as in visual order.  When the word is
 * wider (kashida), the difference goes first between clusters (up to a gap
 * every client keeps inside a word; less next to marks, which poppler
 * rejoins to their word only across 0.03 em), then to both sides.  *SHIFT
 * is how far the word's right end moved, for the space after it. */
static mz_status word_hidden_text(mz_tj *t, size_t a, size_t e, mz_anchor at, double *shift)
{
    const mz_item *it = t->it;
    const mz_gtext *tx = t->tx;
    double from = at.from, to = at.to;
    const mz_pfont *p = t->p;
    double em = it->size, left = INFINITY, right = -INFINITY, wc = 0, cap = 0;
    mz_hcl c[MZ_HIDDEN_CLUSTERS];
    size_t n = hidden_clusters(t, a, e, c, MZ_HIDDEN_CLUSTERS);
    for (size_t i = a; i < e; i++) {
        if (!it->g[i].gid || !tx[i].len) continue;
        double gw = mz_pdf_gwidth(p, it->g[i].gid) * em / 1000.0;
        if (gw == 0) continue;
        if (it->g[i].x < left) left = it->g[i].x;
        if (it->g[i].x + gw > right) right = it->g[i].x + gw;
    }
    *shift = 0;
    if (!n || left == INFINITY) return MZ_OK; /* nothing to read */
    for (size_t k = 0; k < n; k++) {
        wc += c[k].w;
        if (k + 1 < n) cap += (c[k].mark || c[k + 1].mark ? MZ_REFLOW_GAP : MZ_WORD_GAP_MAX - 0.01) * em;
    }
    double extra = right - left - wc, share = extra > 0 && cap > 0 ? (extra < cap ? extra : cap) / cap : 0;
    double rest = extra - share * cap, lead = rest / 2;
    /* MuPDF reads a gap of 0.15 em before a word's first letter, after its
     * first mark, as a space */
    if (c[0].mark && lead > 0.1 * em) lead = 0.1 * em;
    double x = left + lead;
    if (!isnan(from)) x = from; /* set against the glyph before the gap */
    else if (!isnan(to)) x = to - wc - share * cap; /* or against the one after it */
    tj_hidden(t, 1);
    for (size_t k = 0; k < n; k++) {
        size_t nm = 0, jm = 0;
        for (size_t i = c[k].i; i < c[k].e; i++)
            nm += it->g[i].gid && tx[i].len && mz_pdf_gwidth(p, it->g[i].gid) == 0;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = c[k].i; i < c[k].e; i++) {
                if (!it->g[i].gid || !tx[i].len) continue;
                int mark = mz_pdf_gwidth(p, it->g[i].gid) == 0;
                if (mark != (pass == 0)) continue;
                /* marks just left of the base origin, in stream order left to
                 * right: poppler sorts by position and keeps a mark with its
                 * base only within 0.02 em before it */
                double mx = x - (mark ? MZ_MARK_LEAD * em * (double)(nm - jm++) / (double)nm : 0);
                mz_status st = hidden_glyph(t, i, mark ? &mx : &x);
                if (st) return st;
            }
        }
        if (k + 1 < n) x += share * (c[k].mark || c[k + 1].mark ? MZ_REFLOW_GAP : MZ_WORD_GAP_MAX - 0.01) * em;
    }
    tj_hidden(t, 0);
    *shift = x - right;
    return MZ_OK;
}

/* ---- line starts --------------------------------------------------------------------- */

/* MuPDF guesses each glyph's direction from its first code point, a
 * neutral or mark taking the previous glyph's, and starts every text
 * object left to right: a right-to-left line drawn (left to right) from a
 * final period or quotation mark would keep it in front.  A glyph mapped to
 * U+200F first sets the direction; it sits in an empty ActualText, which
 * MuPDF and poppler honour by reading nothing, and pdf.js skips format
 * characters.  A mark first on a line (the mark of the line's last letter)
 * is joined by MuPDF and pdf.js to the previous line, as marks do not
 * start lines; MuPDF keeps it on its own line when a space glyph comes
 * first (pdf.js still does not).  MuPDF takes each piece of a
 * right-to-left line after the first (see pieces below) as a line of its
 * own: it gets the U+200F too. */
static mz_status line_start(mz_tj *t, int piece)
{
    const mz_item *it = t->it;
    const mz_gtext *tx = t->tx;
    double dx = t->dx, dy = t->dy;
    size_t i = 0;
    while (i < it->ng && (!it->g[i].gid || !tx[i].len)) i++;
    if (i == it->ng || !(it->g[i].flags & MZ_GF_RTL)) return MZ_OK;
    uint32_t c = t->w->cps[tx[i].off];
    mz_bidi_class bt = mz_bidi_class_of(c);
    if (bt == MZ_BC_R) return MZ_OK;
    uint32_t zw = 0;
    mz_status st = mz_pdf_zw_glyph(t->w, t->p, &zw);
    if (st || !zw) return st;
    static const uint32_t rlm = 0x200F, sp = 0x20;
    int v = mz_pdf_variant(t->w, t->p, zw, &rlm, 1);
    if (v < 0 || (st = tj_font(t, v))) return st ? st : mz_fail(t->w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    tj_close(t);
    mz_buf_puts(t->b, "/Span <</ActualText ()>> BDC\n");
    tj_glyph(t, zw, dx + it->g[i].x, dy);
    tj_close(t);
    mz_buf_puts(t->b, "EMC\n");
    if (bt != MZ_BC_NSM || piece) return MZ_OK; /* inside a line a mark joins what is before it */
    hb_codepoint_t space;
    if (!hb_font_get_nominal_glyph(t->p->f->hb, ' ', &space) || !space || space >= t->p->nglyphs) return MZ_OK;
    hb_set_add(t->p->gids, space);
    if ((v = mz_pdf_variant(t->w, t->p, space, &sp, 1)) < 0 || (st = tj_font(t, v)))
        return st ? st : mz_fail(t->w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    tj_glyph(t, space, dx + it->g[i].x - mz_pdf_gwidth(t->p, space) * t->size / 1000.0, dy);
    return MZ_OK;
}

/* ---- the pieces of a right-to-left line ------------------------------------------ */

/* A right-to-left line's pieces (one item per font, link and size) come
 * in reading order, the rightmost first, each one's glyphs left to right
 * (layout_core.c).  They share the line's origin: no block separator goes
 * between them (block_start).  pdf.js ends its text item, not its line, on
 * a step back along the baseline, and joins its items with nothing
 * between them; it takes a word space only from a gap between two glyphs
 * (0.102 to 0.6 em), never from a space glyph, and ends an item at every
 * marked content operator.  So a space at a piece's edge, facing another
 * piece, gets a bridge on the piece's far side: the face's space glyph
 * mapped to U+0000, in an empty ActualText (MuPDF and poppler read
 * nothing), which Firefox's copy removes, MZ_BRIDGE_GAP from the piece's
 * glyphs.  pdf.js reads the gap as a space item between the bridge and the
 * piece, on the side where the space is read.  A piece after a raised one
 * (a note's number) starts with a bridge on the baseline where the raised
 * one ended: pdf.js ends its line at a step back off the baseline.  MuPDF
 * starts a line at each step back between right-to-left pieces (so each
 * gets the U+200F of a line start) and reads them in order. */
#define MZ_BRIDGE_GAP 0.3 /* em: a gap pdf.js reads as one space */

/* Draws a bridge from X (to X, with TO) from the text origin, rise Y. */
static mz_status bridge(mz_tj *t, double x, double y, int to)
{
    hb_codepoint_t space;
    static const uint32_t nul = 0;
    if (!hb_font_get_nominal_glyph(t->p->f->hb, ' ', &space) || !space || space >= t->p->nglyphs ||
        mz_pdf_gwidth(t->p, space) <= 0)
        return MZ_OK;
    hb_set_add(t->p->gids, space);
    int v = mz_pdf_variant(t->w, t->p, space, &nul, 1);
    mz_status st = v < 0 ? mz_fail(t->w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : tj_font(t, v);
    if (st) return st;
    tj_close(t);
    mz_buf_puts(t->b, "/Span <</ActualText ()>> BDC\n");
    tj_glyph(t, space, to ? x - mz_pdf_gwidth(t->p, space) * t->size / 1000.0 : x, y);
    tj_close(t);
    mz_buf_puts(t->b, "EMC\n");
    return MZ_OK;
}

/* The first (DIR 1) or last (DIR -1) glyph of the item with text that is
 * not a space; ng if none. */
static size_t edge_letter(const mz_tj *t, int dir)
{
    const mz_item *it = t->it;
    for (size_t k = 0; k < it->ng; k++) {
        size_t i = dir > 0 ? k : it->ng - 1 - k;
        if (it->g[i].gid && t->tx[i].len && !is_space_text(t->w, &t->tx[i])) return i;
    }
    return it->ng;
}

/* Before a piece's glyphs: after another piece of its line, a bridge on
 * the baseline after a raised piece and the U+200F of a line start; and
 * for a space at its right edge, a bridge left of it. */
static mz_status piece_start(mz_tj *t, int after_piece)
{
    mz_pw *w = t->w;
    const mz_item *it = t->it;
    mz_status st = MZ_OK;
    if (after_piece && w->line_rise != 0) st = bridge(t, w->line_x - t->ox, t->dy, 0);
    if (!st && after_piece) st = line_start(t, 1);
    size_t l = edge_letter(t, 1);
    if (st || !(it->piece & MZ_PIECE_SPACE_BEFORE) || l == it->ng) return st;
    return bridge(t, t->dx + it->g[l].x - MZ_BRIDGE_GAP * t->size, t->dy + it->g[l].y, 1);
}

/* After a piece's glyphs: for a space at its left edge, a bridge right of it. */
static mz_status piece_end(mz_tj *t)
{
    const mz_item *it = t->it;
    size_t l = edge_letter(t, -1);
    if (!(it->piece & MZ_PIECE_SPACE_AFTER) || l == it->ng) return MZ_OK;
    double end = it->g[l].x + mz_pdf_gwidth(t->p, it->g[l].gid) * t->size / 1000.0;
    return bridge(t, t->dx + end + MZ_BRIDGE_GAP * t->size, t->dy + it->g[l].y, 0);
}

/* Blocks that share a baseline but not a line: table cells side by side,
 * a timeline's labels, the two ends of a cover band.  pdf.js joins the
 * text items of such blocks with nothing between them ("آسيانابول1981"),
 * and so does MuPDF where the direction changes.  Between them go a space
 * glyph (MuPDF reads it; pdf.js and poppler take spaces from gaps) and, in
 * an empty ActualText (which MuPDF and poppler honour by reading nothing),
 * a zero-width glyph mapped to U+0000 one em above the baseline: pdf.js
 * reads it as the start of a new line, which ends the block's line in its
 * copy, and Firefox's copy handler removes the U+0000.  The pieces of a
 * right-to-left line, drawn in reading order (steps back and forth), are
 * known by their line's origin instead and get none (mz_pdf_draw_glyphs). */
#define MZ_BLOCK_BACK 0.2  /* em: a step back that no word of a line makes */
#define MZ_BLOCK_GAP 1.0   /* em: a gap wider than any justified space */

static mz_status block_start(mz_tj *t)
{
    const mz_item *it = t->it;
    const mz_gtext *tx = t->tx;
    double dx = t->dx, dy = t->dy;
    size_t i = 0;
    while (i < it->ng && (!it->g[i].gid || !tx[i].len)) i++;
    if (i == it->ng) return MZ_OK;
    double x = t->ox + dx + it->g[i].x, last = t->w->line_x, em = t->size;
    if (x >= last - MZ_BLOCK_BACK * em && x <= last + MZ_BLOCK_GAP * em) return MZ_OK;
    mz_status st = MZ_OK;
    hb_codepoint_t space;
    static const uint32_t sp = 0x20, nul = 0;
    int v;
    if (hb_font_get_nominal_glyph(t->p->f->hb, ' ', &space) && space && space < t->p->nglyphs) {
        hb_set_add(t->p->gids, space);
        if ((v = mz_pdf_variant(t->w, t->p, space, &sp, 1)) < 0 || (st = tj_font(t, v)))
            return st ? st : mz_fail(t->w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
        /* at the logical end of the block before: its left in RTL, where
         * MuPDF, which keeps a run's characters in stream order before it
         * reverses them, reads it after the block's last word */
        double sx = t->w->line_rtl ? t->w->line_left - mz_pdf_gwidth(t->p, space) * em / 1000.0 : last;
        tj_glyph(t, space, sx - t->ox, dy);
    }
    uint32_t zw = 0;
    if ((st = mz_pdf_zw_glyph(t->w, t->p, &zw)) || !zw) return st;
    if ((v = mz_pdf_variant(t->w, t->p, zw, &nul, 1)) < 0 || (st = tj_font(t, v)))
        return st ? st : mz_fail(t->w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    tj_close(t);
    mz_buf_puts(t->b, "/Span <</ActualText ()>> BDC\n");
    tj_glyph(t, zw, dx + it->g[i].x, dy + em);
    tj_close(t);
    mz_buf_puts(t->b, "EMC\n");
    return MZ_OK;
}

/* ---- glyph runs ---------------------------------------------------------------------- */

/* Glyphs as text; one that stands for nothing (a tatweel justification
 * inserted) as its outline only. */
static mz_status plain_glyphs(mz_tj *t, size_t a, size_t e)
{
    const mz_item *it = t->it;
    const mz_gtext *tx = t->tx;
    double dx = t->dx, dy = t->dy;
    mz_status st = MZ_OK;
    for (size_t i = a; i < e && !st; i++)
        if (it->g[i].gid)
            st = tx[i].len ? tj_text_glyph(t, &it->g[i], &tx[i], dx + it->g[i].x, dy + it->g[i].y)
                           : word_outlines(t, i, i + 1);
    return st;
}

/* A word with one gap before glyph K (a kerning gap, an overlap, or the
 * inserted tatweel of kashida): the side with fewer glyphs is drawn twice,
 * its invisible text moved against the other side. */
static mz_status gap_reflow(mz_tj *t, size_t a, size_t k, size_t e, double *shift)
{
    const mz_item *it = t->it;
    const mz_gtext *tx = t->tx;
    double left_end = -INFINITY, right_start = INFINITY;
    for (size_t i = a; i < k; i++)
        if (it->g[i].gid && tx[i].len && mz_pdf_gwidth(t->p, it->g[i].gid) > 0) {
            double r = it->g[i].x + mz_pdf_gwidth(t->p, it->g[i].gid) * it->size / 1000.0;
            if (r > left_end) left_end = r;
        }
    for (size_t i = k; i < e; i++)
        if (it->g[i].gid && tx[i].len && mz_pdf_gwidth(t->p, it->g[i].gid) > 0 && it->g[i].x < right_start)
            right_start = it->g[i].x;
    /* the gap the invisible side keeps: as near the real one as every
     * client still reads as one word, so that the spaces around the word
     * lose as little as possible */
    double em = it->size, gap = right_start - left_end, keep = gap;
    if (keep > MZ_REFLOW_KEEP_GAP * em) keep = MZ_REFLOW_KEEP_GAP * em;
    if (keep < -MZ_REFLOW_KEEP_BACK * em) keep = -MZ_REFLOW_KEEP_BACK * em;
    mz_status st;
    if (e - k <= k - a) { /* the right side moves */
        st = plain_glyphs(t, a, k);
        if (!st) st = word_outlines(t, k, e);
        if (!st) st = word_hidden_text(t, k, e, (mz_anchor){left_end + keep, NAN}, shift);
    } else {
        st = word_outlines(t, a, k);
        if (!st) st = word_hidden_text(t, a, k, (mz_anchor){NAN, right_start - keep}, shift);
        *shift = 0; /* the word still ends where it did */
        if (!st) st = plain_glyphs(t, k, e);
    }
    return st;
}

/* Where a space glyph goes: against the next word, the justification's
 * extra width before it.  Only the gap matters to clients that read spaces
 * from gaps; MuPDF reads the extra width after a space, before a word that
 * starts with a mark, as a second space after the mark. */
static double space_x(const mz_tj *t, size_t i, double shift)
{
    const mz_item *it = t->it;
    const mz_gtext *tx = t->tx;
    double sw = mz_pdf_gwidth(t->p, it->g[i].gid) * t->size / 1000.0, x = it->g[i].x + shift;
    for (size_t j = i + 1; j < it->ng; j++) {
        if (!it->g[j].gid || !tx[j].len) continue;
        if (is_space_text(t->w, &tx[j])) break;
        if (mz_pdf_gwidth(t->p, it->g[j].gid) == 0) continue; /* a mark: its base decides */
        if (it->g[j].x - sw > x) x = it->g[j].x - sw;
        break;
    }
    return x;
}

/* Checks and records the glyphs an item draws. */
static mz_status add_glyphs(mz_pw *w, mz_pfont *p, const mz_item *it)
{
    /* without the bitmap (no memory for it) every glyph goes to the set */
    if (!p->in_gids) p->in_gids = calloc(p->nglyphs / 8 + 1, 1);
    for (size_t i = 0; i < it->ng; i++) {
        uint32_t g = it->g[i].gid;
        if (g == 0) continue; /* .notdef is never drawn */
        if (g >= p->nglyphs) /* only a damaged GSUB can produce such glyphs */
            return mz_fail(w->d, MZ_ERR_FONT,
                           "font '%s': damaged: its substitutions produce glyph %u, but it has only %u glyphs",
                           mz_pdf_font_label(p->f), g, (unsigned)p->nglyphs);
        if (p->in_gids && (p->in_gids[g >> 3] >> (g & 7) & 1)) continue;
        hb_set_add(p->gids, g);
        if (p->in_gids) p->in_gids[g >> 3] |= (unsigned char)(1u << (g & 7));
    }
    if (!hb_set_allocation_successful(p->gids))
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    return MZ_OK;
}

/* The text of every glyph of the item, cluster by cluster, into T. */
static mz_status item_texts(mz_tj *tj)
{
    mz_pw *w = tj->w;
    const mz_item *it = tj->it;
    w->ncps = 0;
    for (size_t i = 0; i < it->ng;) {
        const mz_pglyph *g = &it->g[i];
        size_t e = i + 1;
        while (e < it->ng && it->g[e].cl == g->cl && it->g[e].cn == g->cn &&
               is_inserted(&it->g[e]) == is_inserted(g))
            e++;
        if (!cluster_text(tj, i, e - i))
            return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
        i = e;
    }
    return MZ_OK;
}

/* The item's glyphs word by word: each drawn as text, or twice where
 * clients would misread it.  Word spaces are the font's space glyph,
 * mapped to U+0020. */
static mz_status draw_words(mz_tj *t)
{
    const mz_item *it = t->it;
    const mz_gtext *tx = t->tx;
    mz_status st = MZ_OK;
    double shift = 0; /* of the space after a word drawn twice */
    for (size_t a = 0; a < it->ng && !st;) {
        if (is_space_text(t->w, &tx[a]) || !it->g[a].gid) {
            if (it->g[a].gid)
                st = tj_text_glyph(t, &it->g[a], &tx[a], t->dx + space_x(t, a, shift), t->dy + it->g[a].y);
            shift = 0;
            a++;
            continue;
        }
        size_t e = a + 1, k = a;
        while (e < it->ng && !is_space_text(t->w, &tx[e])) e++;
        int need = word_needs_reflow(t, a, e, &k);
        if (need == REFLOW_ALL) {
            st = word_outlines(t, a, e);
            if (!st) st = word_hidden_text(t, a, e, (mz_anchor){NAN, NAN}, &shift);
        } else if (need == REFLOW_GAP) {
            st = gap_reflow(t, a, k, e, &shift);
        } else {
            st = plain_glyphs(t, a, e);
        }
        a = e;
    }
    return st;
}

/* Appends the item's text, in w->b, to the content stream's one text
 * object (pdf.c): MuPDF resets its direction guess at every BT, so a line
 * opened by a neutral would read left to right.  PREV_LINE: the text
 * object has a fill colour already. */
static void put_item_text(mz_tj *t, int prev_line)
{
    mz_pw *w = t->w;
    const mz_item *it = t->it;
    if (!prev_line || memcmp(&w->fill, &it->color, sizeof w->fill)) mz_pdf_rgb(&w->text, it->color, "rg");
    w->fill = it->color;
    mz_buf_puts(&w->text, "1 0 0 1 ");
    mz_pdf_num3(&w->text, t->ox);
    mz_buf_puts(&w->text, " ");
    mz_pdf_num3(&w->text, round3(it->y));
    mz_buf_puts(&w->text, " Tm\n");
    mz_buf_put(&w->text, t->b->data, t->b->len);
}

/* Draws a glyph item left to right, as XeLaTeX, Typst and Chromium do, and
 * as the clients that apply the bidi algorithm to what they read expect
 * (pdf.js, MuPDF since 1.24, poppler, PDFium). */
mz_status mz_pdf_draw_glyphs(mz_pw *w, mz_hobj *page, const mz_item *it, mz_gtext *t)
{
    mz_pfont *p = NULL;
    if (!it->ng) return MZ_OK;
    if (!(it->size > 0)) return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: glyph run of size %g", it->size);
    mz_status st = mz_pdf_use_font(w, it->font, &p);
    if (!st) st = add_glyphs(w, p, it);
    /* the text matrix's origin as written; glyph targets are relative to it */
    double ox = round3(it->x), oy = round3(it->y);
    mz_tj tj = {.w = w, .page = page, .b = &w->b, .p = p, .it = it, .tx = t, .size = round3(it->size),
                .ox = ox, .dx = it->x - ox, .dy = it->y - oy};
    if (!st) st = item_texts(&tj);
    if (st) return st;

    w->b.len = 0;
    /* a new line for clients: a baseline off by more than they allow on one line */
    int prev_line = w->in_line; /* the text object has a font and colour already */
    if (!prev_line) w->tf = NULL;
    /* the next piece of the line drawn last (its items share the line's origin) */
    int piece = (it->piece & MZ_PIECE_RTL) && w->in_line && it->y == w->line_y && it->x == w->line_org;
    int new_line = !w->in_line || fabs(it->y - w->line_y) > 0.3 * it->size;
    if (!piece && new_line) st = line_start(&tj, 0);
    else if (!piece) st = block_start(&tj);
    if (!st && (it->piece & MZ_PIECE_RTL)) st = piece_start(&tj, piece);
    w->in_line = 1;
    w->line_y = it->y;
    if (!st) st = draw_words(&tj);
    if (!st) st = piece_end(&tj);
    if (st) return st;
    w->line_x = ox + tj.cur;
    w->line_left = ox + tj.dx + it->g[0].x;
    w->line_rtl = (it->g[0].flags & MZ_GF_RTL) != 0;
    w->line_org = it->x;
    w->line_rise = tj.rise;
    tj_close(&tj);
    if (tj.rise != 0) mz_buf_puts(&w->b, "0 Ts\n"); /* Ts outlives the item */
    if (w->b.oom || !hb_set_allocation_successful(p->gids))
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    mz_pdf_hash_bytes(&w->hash, w->b.data, w->b.len);
    mz_pdf_hash_bytes(&w->hash, p->f->psname, strlen(p->f->psname));
    put_item_text(&tj, prev_line);
    return MZ_OK;
}
