/* pdf_lines.c - per-line helpers that keep a client's reading order right where the glyphs alone cannot (poppler's direction sections). */
#include "pdf/pdf_lines.h"

#include "pdf/pdf_bytes.h"
#include "pdf/pdf_font.h"
#include "text/bidi.h"

#include <math.h>
#include <stdlib.h>

/* poppler's classes (UnicodeTypeTable.cc): R, L, "Num" (digits and the
 * separators it reads with numbers, the Arabic comma among them), else
 * neutral. */
enum { PN = 0, PR, PL, PNUM };

static int poppler_class(uint32_t c)
{
    if ((c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9) ||
        c == ',' || c == '.' || c == '-' || c == '+' || c == '/' || c == ':' || c == '%' || c == '$' ||
        c == '#' || c == 0x060C || (c >= 0x066A && c <= 0x066C))
        return PNUM;
    mz_bidi_class t = mz_bidi_class_of(c);
    if (t == MZ_BC_R) return PR;
    if (t == MZ_BC_L) return PL;
    return PN;
}

static int pch_cmp(const void *a, const void *b)
{
    const mz_pchar *x = a, *y = b;
    if (fabs(x->y - y->y) > 0.5) return x->y > y->y ? -1 : 1; /* lines top down */
    if (x->x != y->x) return x->x < y->x ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq; /* stream order for ties */
}

/* Are the characters in pch_cmp's order so that any sort leaves them as
 * they are: lines (baselines within 0.5 of each other) more than 0.5
 * apart, top down, each left to right?  Pages come so, and sorting their
 * ~2 000 characters was a fifth of this stage's work. */
static int in_order(const mz_pchar *v, size_t n)
{
    double lo = v[0].y, hi = v[0].y, prev_lo = INFINITY;
    for (size_t i = 1; i < n; i++) {
        if (pch_cmp(&v[i - 1], &v[i]) > 0) return 0;
        if (fabs(v[i].y - v[i - 1].y) > 0.5) { /* the next line, below */
            prev_lo = lo;
            lo = hi = v[i].y;
        } else {
            lo = v[i].y < lo ? v[i].y : lo;
            hi = v[i].y > hi ? v[i].y : hi;
        }
        if (hi - lo > 0.5 || prev_lo - hi <= 0.5) return 0;
    }
    return 1;
}

/* Writes one helper: the face's empty glyph, mapped to U+200F, at (x, y). */
static mz_status put_helper(mz_pw *w, mz_hobj *page, const mz_pchar *at, double x, mz_buf *out)
{
    mz_pfont *p = &w->pf[at->font];
    uint32_t zw = 0;
    mz_status st = mz_pdf_zw_glyph(w, p, &zw);
    if (st || !zw) return st;
    static const uint32_t rlm = 0x200F;
    int v = mz_pdf_variant(w, p, zw, &rlm, 1);
    if (v < 0) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    const char *fname = mz_hpage_font(w->h, page, p->var[v].type0);
    if (!fname) return mz_hdoc_status(w->h);
    mz_buf_printf(out, "/%s ", fname);
    mz_pdf_num3(out, at->size);
    mz_buf_puts(out, " Tf\n1 0 0 1 ");
    mz_pdf_num3(out, x);
    mz_buf_puts(out, " ");
    mz_pdf_num3(out, at->y);
    mz_buf_puts(out, " Tm\n<");
    mz_pdf_hex4(out, mz_pdf_cid(p, zw));
    mz_buf_puts(out, "> Tj\n");
    return MZ_OK;
}

/* poppler (TextOutputDev.cc reorderText) reads a mostly right-to-left
 * page line by line from the right: a section of R and neutral characters,
 * reversed, then a section of everything else (L, "Num", neutral) as it
 * stands, and so on.  Neutrals left of a number or Latin run join that run,
 * so "قال، ثم" reads "قال ،ثم" and "عام 1981 كتب" reads "عام 1981كتب": the
 * space moves across; and a "Num" character that the bidi algorithm set
 * right to left ("%s", the "/" after a URL) is read with the run beside it.
 * A zero-width U+200F between a space the bidi algorithm set right to left
 * and the number or Latin run (or "Num" punctuation) on its right ends
 * poppler's section there.
 * poppler then returns the U+200F too: it is the one way to keep its order
 * (no other character of its R class is invisible), and it costs phrase
 * searches that span the punctuation and the space.  MuPDF, which would
 * read them as well, drops them: they are drawn inside an empty ActualText
 * that poppler does not read (not a /Span); pdf.js skips format characters. */
static mz_status line_helpers(mz_pw *w, mz_hobj *page, const mz_pchar *v, size_t n, mz_buf *out)
{
    mz_status st = MZ_OK;
    for (size_t i = 1; i < n && !st; i++) {
        /* the section grows leftwards from an L or "Num" character over a
         * right-to-left space; a helper inside a word (between the "/" and
         * the URL it follows) would break poppler's lines instead */
        if (!v[i - 1].rtl || mz_bidi_class_of(v[i - 1].c) != MZ_BC_WS) continue;
        int b = poppler_class(v[i].c);
        if (b != PL && b != PNUM) continue;
        st = put_helper(w, page, &v[i], v[i].x - 0.01 * v[i].size, out);
    }
    return st;
}

mz_status mz_pdf_line_helpers(mz_pw *w, mz_hobj *page, mz_buf *out)
{
    if (w->npch < 2) return MZ_OK;
    /* poppler reads the page right to left only when it has more R than L */
    long lr = 0;
    for (size_t i = 0; i < w->npch; i++) {
        int k = poppler_class(w->pch[i].c);
        lr += k == PL ? 1 : k == PR ? -1 : 0;
    }
    if (lr >= 0) return MZ_OK;
    if (!in_order(w->pch, w->npch)) qsort(w->pch, w->npch, sizeof *w->pch, pch_cmp);
    size_t start = out->len;
    mz_buf_puts(out, "/Artifact <</ActualText ()>> BDC\n");
    size_t body = out->len;
    mz_status st = MZ_OK;
    for (size_t a = 0; a < w->npch && !st;) {
        size_t e = a + 1;
        while (e < w->npch && fabs(w->pch[e].y - w->pch[a].y) <= 0.5) e++;
        st = line_helpers(w, page, w->pch + a, e - a, out);
        a = e;
    }
    w->tf = NULL; /* the helpers selected fonts of their own */
    if (out->len == body) out->len = start; /* none needed */
    else mz_buf_puts(out, "EMC\n");
    return out->oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : st;
}
