/* pdf.c - writes laid-out pages as PDF through libharu: glyph-ID fonts, ToUnicode, ActualText. */
#include "pdf.h"
#include "pdf_archive.h"

#include <ctype.h>
#include <fribidi.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hpdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

/* The one switch for ActualText order in RTL runs.  Visual (reversed) order
 * is what poppler 22.12 needs to return logical text (notes B.2, variant 4);
 * logical order is what the spec and Chrome/Skia write.  MuPDF 1.21 ignores
 * ActualText, so the choice does not change mutool's output. */
#define MZ_ACTUALTEXT_VISUAL 1
/* poppler's reorderText keeps every maximal run of non-R characters of an
 * RTL line in visual order, so neutrals between Arabic words (": «", "( ")
 * come out swapped.  Wrapping a neutral cluster of an RTL run in RLM
 * (U+200F) splits those runs; extractors' users strip RLM anyway. */
#define MZ_ACTUALTEXT_RLM 1

/* Write RTL runs in logical order (right to left) in the content stream. */
#ifndef MZ_STREAM_LOGICAL
#define MZ_STREAM_LOGICAL 1
#endif

/* Per font face used: the Type0 dict pages refer to, the glyphs used, and
 * each glyph's single ToUnicode code point. */
typedef struct mz_pfont {
    mz_font *f;
    HPDF_Dict type0;    /* indirect; completed by finish_font */
    hb_set_t *gids;     /* glyphs drawn (GID 0 never) */
    uint32_t *uni;      /* per GID: ToUnicode code point, 0 = none yet */
    uint32_t *guess;    /* per GID: first char of a cluster it appears in */
    unsigned nglyphs;
    uint32_t blank;     /* zero-width empty glyph closing ActualText spans; 0 = none */
    uint32_t blank_cp;  /* the code point the blank glyph stands for */
} mz_pfont;

typedef struct mz_pw {
    HPDF_Doc pdf;
    mz_diag *d;
    HPDF_STATUS herr, hdetail; /* first libharu error seen by the handler */
    mz_fonts *fs;
    mz_pfont *pf;              /* fs->n entries; pf[i].f == NULL when unused */
    int nf;
    mz_buf b;                  /* content of the text object being built */
    mz_buf page;               /* the whole content of the page being drawn */
    mz_pdf_hash hash;          /* of everything drawn, for the document /ID */
} mz_pw;

/* libharu calls this on every error; we only record it (no longjmp) and turn
 * it into an mz_status where the failing call is checked. */
static void HPDF_STDCALL mz_hpdf_error(HPDF_STATUS err, HPDF_STATUS detail, void *ud)
{
    mz_pw *w = ud;
    if (!w->herr) {
        w->herr = err;
        w->hdetail = detail;
    }
}

/* Turns a libharu failure (status or recorded error) into an mz_status. */
static mz_status hcheck(mz_pw *w, HPDF_STATUS st, const char *what)
{
    if (st == HPDF_OK && !w->herr) return MZ_OK;
    HPDF_STATUS e = w->herr ? w->herr : st;
    if (e == HPDF_FAILD_TO_ALLOC_MEM)
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF (%s)", what);
    return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: %s failed (libharu error 0x%04X, detail %u)",
                   what, (unsigned)e, (unsigned)w->hdetail);
}

static mz_status hnull(mz_pw *w, const void *p, const char *what)
{
    return hcheck(w, p ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, what);
}

/* ---- numbers and strings ---------------------------------------------------- */

/* Writes v rounded to `dec` decimals (at most 3) without locale dependence,
 * printf or "-0"; returns the value actually written so callers can track
 * what a reader computes. */
static double put_num_dec(mz_buf *b, double v, int dec)
{
    static const long long scale[] = {1, 10, 100, 1000};
    long long q = llround(v * (double)scale[dec]);
    char t[32], *e = t + sizeof t, *p = e;
    long long a = q < 0 ? -q : q;
    int frac = (int)(a % scale[dec]);
    long long ip = a / scale[dec];
    if (frac) {
        int digits = dec;
        while (frac % 10 == 0) { /* no trailing zeros */
            frac /= 10;
            digits--;
        }
        for (int k = 0; k < digits; k++, frac /= 10) *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (q < 0) *--p = '-';
    mz_buf_put(b, p, (size_t)(e - p));
    return (double)q / (double)scale[dec];
}

static double put_num(mz_buf *b, double v) { return put_num_dec(b, v, 3); }

static void put_hex4(mz_buf *b, uint32_t v)
{
    static const char hx[] = "0123456789ABCDEF";
    char t[4] = {hx[(v >> 12) & 15], hx[(v >> 8) & 15], hx[(v >> 4) & 15], hx[v & 15]};
    mz_buf_put(b, t, 4);
}

static void put_rgb(mz_buf *b, mz_rgb c, const char *op)
{
    put_num(b, c.r);
    mz_buf_put(b, " ", 1);
    put_num(b, c.g);
    mz_buf_put(b, " ", 1);
    put_num(b, c.b);
    mz_buf_put(b, " ", 1);
    mz_buf_puts(b, op);
    mz_buf_put(b, "\n", 1);
}

/* A circle as four Bezier quarter arcs (the usual 0.5523 control distance). */
static void put_circle(mz_buf *b, double x, double y, double r)
{
    const double k = 0.5522847498 * r;
    double pts[] = {x + r, y,                                    /* start */
                    x + r, y + k, x + k, y + r, x, y + r,        /* to the top */
                    x - k, y + r, x - r, y + k, x - r, y,        /* to the left */
                    x - r, y - k, x - k, y - r, x, y - r,        /* to the bottom */
                    x + k, y - r, x + r, y - k, x + r, y};       /* back */
    put_num(b, pts[0]);
    mz_buf_put(b, " ", 1);
    put_num(b, pts[1]);
    mz_buf_puts(b, " m\n");
    for (int seg = 0; seg < 4; seg++) {
        for (int i = 0; i < 6; i++) {
            put_num(b, pts[2 + seg * 6 + i]);
            mz_buf_put(b, " ", 1);
        }
        mz_buf_puts(b, "c\n");
    }
}

static void put_utf16_hex(mz_buf *b, uint32_t c)
{
    if (c > 0xFFFF) {
        c -= 0x10000;
        mz_buf_printf(b, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
    } else {
        mz_buf_printf(b, "%04X", c);
    }
}

/* UTF-8 → UTF-16BE with BOM, as a libharu binary (written <FEFF...>), for
 * Info strings and outline titles: libharu 2.3.0 has no UTF-16 text strings. */
static HPDF_Binary utf16_binary(mz_pw *w, const char *s)
{
    size_t n32 = 0;
    uint32_t *u = mz_utf8_decode(s, strlen(s), &n32, NULL, NULL, 0);
    if (!u) return NULL;
    size_t cap = 2 + n32 * 4;
    if (cap > 65000) cap = 65000; /* HPDF_LIMIT_MAX_STRING_LEN */
    unsigned char *o = malloc(cap);
    if (!o) {
        free(u);
        return NULL;
    }
    size_t k = 0;
    o[k++] = 0xFE;
    o[k++] = 0xFF;
    for (size_t i = 0; i < n32 && k + 4 <= cap; i++) {
        uint32_t c = u[i];
        if (c > 0xFFFF) {
            c -= 0x10000;
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            o[k++] = (unsigned char)(hi >> 8), o[k++] = (unsigned char)hi;
            o[k++] = (unsigned char)(lo >> 8), o[k++] = (unsigned char)lo;
        } else {
            o[k++] = (unsigned char)(c >> 8), o[k++] = (unsigned char)c;
        }
    }
    HPDF_Binary bin = HPDF_Binary_New(w->pdf->mmgr, o, (HPDF_UINT)k);
    free(o);
    free(u);
    return bin;
}

/* ---- fonts --------------------------------------------------------------------- */

/* Glyph width in PDF glyph units (1/1000 em), rounded to 3 decimals: the same
 * value goes into /W and into our pen tracking. */
static double gwidth(const mz_pfont *p, uint32_t gid)
{
    double w = hb_font_get_glyph_h_advance(p->f->hb, gid) * 1000.0 / p->f->upem;
    return (double)llround(w * 1000.0) / 1000.0;
}

static int has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *t = hb_face_reference_table(face, tag);
    int ok = hb_blob_get_length(t) > 0;
    hb_blob_destroy(t);
    return ok;
}

static const char *font_label(const mz_font *f)
{
    return f->path ? f->path : f->psname ? f->psname : "(unnamed font)";
}

/* Checks the face can be embedded and creates its records on first use. */
static mz_status use_font(mz_pw *w, int fi, mz_pfont **out)
{
    *out = NULL;
    if (fi < 0 || fi >= w->nf || !w->fs->fonts[fi])
        return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: glyph run names font %d of %d", fi,
                       w->nf);
    mz_pfont *p = &w->pf[fi];
    *out = p;
    if (p->f) return MZ_OK;
    mz_font *f = w->fs->fonts[fi];
    if (!has_table(f->face, HB_TAG('g', 'l', 'y', 'f')))
        return mz_fail(w->d, MZ_ERR_FONT,
                       "%s: only TrueType (glyf) outlines can be embedded; this font has %s",
                       font_label(f),
                       has_table(f->face, HB_TAG('C', 'F', 'F', ' ')) ||
                               has_table(f->face, HB_TAG('C', 'F', 'F', '2'))
                           ? "CFF outlines"
                           : "no outlines");
    /* fsType 0x0002 alone = Restricted License: no embedding allowed. */
    if ((f->fs_type & 0x000F) == 0x0002)
        return mz_fail(w->d, MZ_ERR_FONT,
                       "%s: the font's licence forbids embedding (OS/2 fsType 0x%04X)",
                       font_label(f), f->fs_type);
    p->f = f;
    p->nglyphs = hb_face_get_glyph_count(f->face);
    p->gids = hb_set_create();
    p->uni = calloc(p->nglyphs ? p->nglyphs : 1, sizeof *p->uni);
    p->guess = calloc(p->nglyphs ? p->nglyphs : 1, sizeof *p->guess);
    if (!hb_set_allocation_successful(p->gids) || !p->uni || !p->guess)
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    /* The blank must be a real, empty, zero-advance glyph of the font. */
    static const uint32_t blanks[] = {0x200B, 0xFEFF, 0x2060, 0x200C, 0x200D};
    for (size_t i = 0; i < sizeof blanks / sizeof *blanks && !p->blank; i++) {
        hb_codepoint_t g;
        hb_glyph_extents_t ext;
        if (hb_font_get_nominal_glyph(f->hb, blanks[i], &g) && g &&
            hb_font_get_glyph_h_advance(f->hb, g) == 0 &&
            (!hb_font_get_glyph_extents(f->hb, g, &ext) || (ext.width == 0 && ext.height == 0))) {
            p->blank = g;
            p->blank_cp = blanks[i];
        }
    }
    p->type0 = HPDF_Dict_New(w->pdf->mmgr);
    mz_status st = hnull(w, p->type0, "creating a font dictionary");
    if (st) return st;
    return hcheck(w, HPDF_Xref_Add(w->pdf->xref, p->type0), "registering a font dictionary");
}

/* A code point from an AGL-style glyph name ("uni0644.init", "u1F600"), or 0. */
static uint32_t cp_from_name(hb_font_t *font, uint32_t gid)
{
    char name[64];
    if (!hb_font_get_glyph_name(font, gid, name, sizeof name)) return 0;
    const char *s = name;
    int ndig;
    if (!strncmp(s, "uni", 3)) s += 3, ndig = 4;
    else if (s[0] == 'u' && s[1]) s += 1, ndig = 0;
    else return 0;
    uint32_t c = 0;
    int n = 0;
    while (isxdigit((unsigned char)s[n]) && (ndig ? n < ndig : n < 6)) {
        c = c * 16 + (uint32_t)(isdigit((unsigned char)s[n]) ? s[n] - '0' : (s[n] | 0x20) - 'a' + 10);
        n++;
    }
    if ((ndig && n != 4) || (!ndig && n < 4)) return 0;
    if (!ndig && s[n] && s[n] != '.' && s[n] != '_') return 0;
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return c;
}

/* Gives every used glyph exactly one code point: 1:1 clusters came first (in
 * pass 1), then the cmap, then the glyph name, then a cluster's first char. */
static void complete_tounicode(mz_pfont *p)
{
    int missing = 0;
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);)
        if (!p->uni[g]) missing = 1;
    if (!missing) return;
    hb_set_t *us = hb_set_create();
    hb_face_collect_unicodes(p->f->face, us);
    for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next(us, &c);) {
        hb_codepoint_t g;
        if (hb_font_get_nominal_glyph(p->f->hb, c, &g) && g < p->nglyphs && !p->uni[g] &&
            hb_set_has(p->gids, g))
            p->uni[g] = c;
    }
    hb_set_destroy(us);
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);) {
        if (!p->uni[g]) p->uni[g] = cp_from_name(p->f->hb, g);
        if (!p->uni[g]) p->uni[g] = p->guess[g];
    }
}

/* Six capital letters from the glyph set: reproducible, and different for
 * different subsets of one font (PDF 1.7 §5.5.3). */
static void subset_tag(const mz_pfont *p, char tag[7])
{
    uint64_t h = 1469598103934665603ULL;
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);) {
        for (int k = 0; k < 4; k++) {
            h ^= (g >> (8 * k)) & 0xFF;
            h *= 1099511628211ULL;
        }
    }
    for (const char *s = p->f->psname ? p->f->psname : ""; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = 0;
}

static mz_status write_stream(mz_pw *w, HPDF_Dict ds, const void *data, size_t len,
                              const char *what)
{
    ds->filter = HPDF_STREAM_FILTER_FLATE_DECODE; /* own streams don't follow the doc mode */
    return hcheck(w, HPDF_Stream_Write(ds->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len), what);
}

static mz_status tounicode_stream(mz_pw *w, mz_pfont *p, HPDF_Dict *out)
{
    mz_buf b = {0};
    mz_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t n = 0;
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);)
        if (p->uni[g]) n++;
    size_t done = 0;
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);) {
        if (!p->uni[g]) continue;
        if (done % 100 == 0) /* at most 100 entries per block */
            mz_buf_printf(&b, "%zu beginbfchar\n", n - done < 100 ? n - done : 100);
        mz_buf_printf(&b, "<%04X> <", g);
        put_utf16_hex(&b, p->uni[g]);
        mz_buf_puts(&b, ">\n");
        if (++done % 100 == 0 || done == n) mz_buf_puts(&b, "endbfchar\n");
    }
    mz_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    mz_status st = b.oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
    HPDF_Dict ds = NULL;
    if (!st) {
        ds = HPDF_DictStream_New(w->pdf->mmgr, w->pdf->xref);
        st = hnull(w, ds, "creating a ToUnicode stream");
    }
    if (!st) st = write_stream(w, ds, b.data, b.len, "writing a ToUnicode CMap");
    mz_buf_free(&b);
    *out = ds;
    return st;
}

/* Completes the font: subset program, descriptor, CIDFont with /W, ToUnicode. */
static mz_status finish_font(mz_pw *w, mz_pfont *p)
{
    mz_font *f = p->f;
    HPDF_MMgr mm = w->pdf->mmgr;
    HPDF_Xref xref = w->pdf->xref;
    HPDF_STATUS r = HPDF_OK;
    mz_status st;
    complete_tounicode(p);

    /* 1. HarfBuzz subset keeping GIDs; layout tables are dropped so that
     * closure adds no glyphs beyond ours (and composite components). */
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", font_label(f));
    hb_set_union(hb_subset_input_glyph_set(in), p->gids);
    static const hb_tag_t drop[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('M', 'A', 'T', 'H'), HB_TAG('C', 'O', 'L', 'R'), HB_TAG('C', 'P', 'A', 'L'),
        HB_TAG('D', 'S', 'I', 'G'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'),
        HB_TAG('k', 'e', 'r', 'n'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('S', 'V', 'G', ' '),
        HB_TAG('S', 'T', 'A', 'T'), HB_TAG('M', 'E', 'R', 'G'), HB_TAG('m', 'e', 't', 'a')};
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
        hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), drop[i]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS);
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!sub) return mz_fail(w->d, MZ_ERR_FONT, "%s: HarfBuzz could not subset the font", font_label(f));
    hb_blob_t *blob = hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    unsigned blen = 0;
    const char *bdata = hb_blob_get_data(blob, &blen);
    if (!blen) {
        hb_blob_destroy(blob);
        return mz_fail(w->d, MZ_ERR_FONT, "%s: the font subset is empty", font_label(f));
    }
    HPDF_Dict ff = HPDF_DictStream_New(mm, xref);
    st = hnull(w, ff, "creating the font file stream");
    if (!st) st = write_stream(w, ff, bdata, blen, "writing the font program");
    hb_blob_destroy(blob);
    if (st) return st;
    r |= HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)blen);

    char tag[7], base[200];
    subset_tag(p, tag);
    snprintf(base, sizeof base, "%s+%s", tag, f->psname && *f->psname ? f->psname : "Font");
    double k = 1000.0 / f->upem;

    /* 2. FontDescriptor with the face's own metrics. */
    HPDF_Dict fd = HPDF_Dict_New(mm);
    if ((st = hnull(w, fd, "creating a font descriptor"))) return st;
    r |= HPDF_Xref_Add(xref, fd);
    r |= HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    r |= HPDF_Dict_AddName(fd, "FontName", base);
    int flags = 4; /* symbolic: glyphs are reached by GID, not by a standard encoding */
    if (f->fixed_pitch) flags |= 1;
    if (f->serif) flags |= 2;
    if (f->italic_angle) flags |= 64;
    r |= HPDF_Dict_AddNumber(fd, "Flags", flags);
    HPDF_Array bb = HPDF_Array_New(mm);
    if ((st = hnull(w, bb, "creating a font bbox"))) return st;
    r |= HPDF_Dict_Add(fd, "FontBBox", bb);
    for (int i = 0; i < 4; i++) r |= HPDF_Array_AddNumber(bb, (HPDF_INT32)lround(f->bbox[i] * k));
    r |= HPDF_Dict_AddNumber(fd, "ItalicAngle", f->italic_angle);
    r |= HPDF_Dict_AddNumber(fd, "Ascent", (HPDF_INT32)lround(f->ascender * k));
    r |= HPDF_Dict_AddNumber(fd, "Descent", (HPDF_INT32)lround(f->descender * k));
    r |= HPDF_Dict_AddNumber(fd, "CapHeight",
                             (HPDF_INT32)lround((f->cap_height ? f->cap_height : f->ascender) * k));
    if (f->x_height) r |= HPDF_Dict_AddNumber(fd, "XHeight", (HPDF_INT32)lround(f->x_height * k));
    r |= HPDF_Dict_AddNumber(fd, "StemV", 80); /* not in the font; a conventional value */
    r |= HPDF_Dict_Add(fd, "FontFile2", ff);

    /* 3. CIDFontType2, CIDs = GIDs, widths of the used glyphs. */
    HPDF_Dict cid = HPDF_Dict_New(mm);
    if ((st = hnull(w, cid, "creating a CIDFont"))) return st;
    r |= HPDF_Xref_Add(xref, cid);
    r |= HPDF_Dict_AddName(cid, "Type", "Font");
    r |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    r |= HPDF_Dict_AddName(cid, "BaseFont", base);
    HPDF_Dict si = HPDF_Dict_New(mm);
    if ((st = hnull(w, si, "creating CIDSystemInfo"))) return st;
    r |= HPDF_Dict_Add(cid, "CIDSystemInfo", si);
    r |= HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    r |= HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    r |= HPDF_Dict_AddNumber(si, "Supplement", 0);
    r |= HPDF_Dict_Add(cid, "FontDescriptor", fd);
    r |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
    r |= HPDF_Dict_AddNumber(cid, "DW", 0);
    HPDF_Array wa = HPDF_Array_New(mm);
    if ((st = hnull(w, wa, "creating a /W array"))) return st;
    r |= HPDF_Dict_Add(cid, "W", wa);
    HPDF_Array grp = NULL;
    hb_codepoint_t prev = HB_SET_VALUE_INVALID;
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);) {
        if (!grp || g != prev + 1) { /* consecutive GIDs share one [w1 w2 ...] */
            r |= HPDF_Array_AddNumber(wa, (HPDF_INT32)g);
            grp = HPDF_Array_New(mm);
            if ((st = hnull(w, grp, "creating a /W group"))) return st;
            r |= HPDF_Array_Add(wa, grp);
        }
        double gw = gwidth(p, g);
        if (gw == floor(gw)) r |= HPDF_Array_AddNumber(grp, (HPDF_INT32)gw);
        else r |= HPDF_Array_AddReal(grp, (HPDF_REAL)gw);
        prev = g;
    }

    /* 4. ToUnicode, 5. the Type0 font pages already refer to. */
    HPDF_Dict tu = NULL;
    if ((st = tounicode_stream(w, p, &tu))) return st;
    r |= HPDF_Dict_AddName(p->type0, "Type", "Font");
    r |= HPDF_Dict_AddName(p->type0, "Subtype", "Type0");
    r |= HPDF_Dict_AddName(p->type0, "BaseFont", base);
    r |= HPDF_Dict_AddName(p->type0, "Encoding", "Identity-H");
    HPDF_Array desc = HPDF_Array_New(mm);
    if ((st = hnull(w, desc, "creating DescendantFonts"))) return st;
    r |= HPDF_Dict_Add(p->type0, "DescendantFonts", desc);
    r |= HPDF_Array_Add(desc, cid);
    r |= HPDF_Dict_Add(p->type0, "ToUnicode", tu);
    return hcheck(w, r, "building a font");
}

/* ---- text --------------------------------------------------------------------------- */

/* A HarfBuzz cluster of an item: glyphs g[i0, i0+n) in visual order. */
typedef struct mz_pcl {
    size_t i0, n;
    uint32_t cl, cn;
    int inserted; /* only glyphs of tatweel inserted by justification */
    int rtl;
    int rlm;      /* ActualText wrapped in RLM (MZ_ACTUALTEXT_RLM) */
} mz_pcl;

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

static int cluster_text_ok(const mz_item *it, const mz_pcl *c)
{
    return !c->inserted && c->cn && (size_t)c->cl + c->cn <= it->text_len;
}

/* A cluster of an RTL run holding no strong RTL character and no space. */
static int rtl_neutral(const mz_item *it, const mz_pcl *c)
{
    if (!c->rtl || !cluster_text_ok(it, c)) return 0;
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
        if (c[k].rtl && c[k].cn == 1 && cluster_text_ok(it, &c[k]) &&
            fribidi_get_bidi_type(it->text[c[k].cl]) == FRIBIDI_TYPE_WS)
            c[k].rlm = (k > 0 && !c[k - 1].rtl) || (k + 1 < nc && !c[k + 1].rtl);
    }
}

/* Pass 1: glyph sets and ToUnicode from clusters where one glyph stands for
 * one character. */
static mz_status scan_item(mz_pw *w, const mz_item *it, mz_pcl *c)
{
    mz_pfont *p = NULL;
    mz_status st = use_font(w, it->font, &p);
    if (st) return st;
    size_t nc = split_clusters(it, c);
    for (size_t k = 0; k < nc; k++) {
        int text_ok = cluster_text_ok(it, &c[k]);
        for (size_t i = c[k].i0; i < c[k].i0 + c[k].n; i++) {
            uint32_t g = it->g[i].gid;
            if (g == 0) continue; /* .notdef is never drawn */
            if (g >= p->nglyphs) /* only a damaged GSUB can produce such glyphs */
                return mz_fail(w->d, MZ_ERR_FONT,
                               "font '%s': damaged: its substitutions produce glyph %u, but it "
                               "has only %u glyphs",
                               font_label(p->f), g, (unsigned)p->nglyphs);
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
        t->rise = put_num(t->b, rise);
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
        double wr = put_num_dec(t->b, adj, 0);
        t->cur -= wr * t->size / 1000.0;
    }
    /* consecutive glyphs with no adjustment share one string */
    if (!t->hex) mz_buf_put(t->b, "<", 1);
    t->hex = 1;
    put_hex4(t->b, gid);
    t->cur += gwidth(t->p, gid) * t->size / 1000.0;
}

/* A drawing unit: clusters c[a..e] under one ActualText span standing for
 * text[lo, hi) (lo == hi: no text, e.g. inserted tatweel with no host). */
typedef struct mz_unit {
    size_t a, e;
    uint32_t lo, hi;
    int rtl, rlm;
    int simple_ok; /* a single 1:1 cluster: may go without a span */
    int lead;      /* start the span with the blank at lead_x (bridges a kerning gap) */
    double lead_x;
    int space;     /* the unit is a word space */
    double xlo, xhi; /* extent of its spacing glyphs, INFINITY/-INFINITY when none */
} mz_unit;

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
        put_utf16_hex(t->b, ch);
    }
    if (u->rlm) mz_buf_puts(t->b, "200F");
    mz_buf_puts(t->b, ">>> BDC\n");
}

static void span_end(mz_tj *t)
{
    tj_close(t);
    mz_buf_puts(t->b, "EMC\n");
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
    double right = -INFINITY;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = i0; i < i1; i++) {
            uint32_t g = it->g[i].gid;
            if (!g) continue;
            double gw = gwidth(p, g);
            if ((gw != 0) != (pass == 0)) continue;
            double tx = ox + it->g[i].x;
            tj_glyph(t, g, tx, oy + it->g[i].y);
            double r = tx + gw * t->size / 1000.0;
            if (r > right) right = r;
        }
    }
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
        double gw = gwidth(p, it->g[i].gid) * it->size / 1000.0;
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
        else
            for (size_t k = w[i].a; k <= w[i].e; k++) draw_unit(t, p, it, c, &u[k], ox, oy);
    }
    if (w != wbuf) free(w);
}

static mz_status draw_glyphs(mz_pw *w, HPDF_Page page, const mz_item *it, mz_pcl *c, size_t *host,
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
    double size = put_num(b, it->size);
    mz_buf_puts(b, " Tf\n1 0 0 1 ");
    double ox = put_num(b, it->x);
    mz_buf_puts(b, " ");
    double oy = put_num(b, it->y);
    mz_buf_puts(b, " Tm\n");
    mz_tj t = {b, p, size, 0, 0, 0, 0};
    /* Units are runs of clusters with the same host; hosts are contiguous. */
    size_t nu = 0;
    for (size_t a = 0; a < nc;) {
        size_t e = a;
        while (e + 1 < nc && host[e + 1] == host[a]) e++;
        const mz_pcl *h = host[a] == SIZE_MAX ? NULL : &c[host[a]];
        mz_unit un = {a, e, 0, 0, h ? h->rtl : c[a].rtl, h ? h->rlm : 0, 0, 0, 0, 0, 0, 0};
        if (h && cluster_text_ok(it, h)) {
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
    put_rgb(&w->page, it->color, "rg");
    mz_buf_puts(&w->page, "BT\n");
    mz_buf_put(&w->page, b->data, b->len);
    mz_buf_puts(&w->page, "ET\n");
    return MZ_OK;
}

/* ---- other items ---------------------------------------------------------------------- */

/* Percent-encodes bytes a PDF URI string must not hold raw (it is 7-bit ASCII). */
static char *uri_ascii(const char *s)
{
    mz_buf b = {0};
    for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
        if (*q > 0x20 && *q < 0x7F) mz_buf_put(&b, q, 1);
        else mz_buf_printf(&b, "%%%02X", *q);
    }
    mz_buf_put(&b, "", 1);
    if (b.oom) {
        mz_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static mz_status draw_item(mz_pw *w, HPDF_Page page, const mz_item *it)
{
    mz_pdf_hash_item(&w->hash, it);
    switch (it->kind) {
    case MZ_ITEM_GLYPHS:
        return MZ_OK; /* handled by draw_glyphs */
    case MZ_ITEM_RECT:
    case MZ_ITEM_CIRCLE: {
        mz_buf *g = &w->page;
        if (!it->filled && !it->stroke) return MZ_OK;
        if (it->filled) put_rgb(g, it->fill, "rg");
        if (it->stroke) {
            put_rgb(g, it->color, "RG");
            put_num(g, it->line_width > 0 ? it->line_width : 0);
            mz_buf_puts(g, " w\n");
        }
        if (it->kind == MZ_ITEM_RECT) {
            double v[4] = {it->x, it->y, it->w, it->h};
            for (int k = 0; k < 4; k++) {
                put_num(g, v[k]);
                mz_buf_put(g, " ", 1);
            }
            mz_buf_puts(g, "re\n");
        } else {
            put_circle(g, it->x, it->y, it->w);
        }
        mz_buf_puts(g, it->filled && it->stroke ? "B\n" : it->filled ? "f\n" : "S\n");
        return g->oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
    }
    case MZ_ITEM_LINE: {
        mz_buf *g = &w->page;
        put_rgb(g, it->color, "RG");
        put_num(g, it->line_width > 0 ? it->line_width : 0);
        mz_buf_puts(g, " w\n");
        double v[4] = {it->x, it->y, it->x + it->w, it->y + it->h};
        for (int k = 0; k < 4; k++) {
            put_num(g, v[k]);
            mz_buf_puts(g, k == 1 ? " m\n" : k == 3 ? " l\nS\n" : " ");
        }
        return g->oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
    }
    case MZ_ITEM_LINK: {
        if (!it->uri) return MZ_OK;
        char *u = uri_ascii(it->uri);
        if (!u) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
        HPDF_Rect rc = {(HPDF_REAL)it->x, (HPDF_REAL)it->y, (HPDF_REAL)(it->x + it->w),
                        (HPDF_REAL)(it->y + it->h)};
        HPDF_Annotation an = HPDF_Page_CreateURILinkAnnot(page, rc, u);
        free(u);
        mz_status st = hnull(w, an, "creating a link");
        if (st) return st;
        /* /F 4 (Print): PDF/A wants annotations printed as they show */
        return hcheck(w, HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0) | HPDF_Dict_AddNumber(an, "F", 4),
                      "setting a link border");
    }
    }
    return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: unknown display item kind %d", (int)it->kind);
}

/* ---- document ------------------------------------------------------------------------- */

static mz_status set_info(mz_pw *w, const mz_layout *L, const mz_pdf_opts *o)
{
    HPDF_Doc pdf = w->pdf;
    mz_status st = hcheck(w, HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "mujaz"), "setting Creator");
    if (st) return st;
    const mz_meta *m = L->meta;
    struct {
        const char *key, *val;
    } kv[] = {{"Title", m ? m->title : NULL},
              {"Author", m ? m->author : NULL},
              {"Subject", m ? m->subtitle : NULL}};
    for (size_t i = 0; i < 3; i++) {
        if (!kv[i].val || !*kv[i].val) continue;
        HPDF_Binary bin = utf16_binary(w, kv[i].val);
        if ((st = hnull(w, bin, "encoding document information"))) return st;
        if ((st = hcheck(w, HPDF_Dict_Add(pdf->info, kv[i].key, bin), "setting document information")))
            return st;
    }
    time_t t = o && o->epoch >= 0 ? (time_t)o->epoch : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) return mz_fail(w->d, MZ_ERR_USAGE, "creation date %lld is out of range", (long long)t);
    HPDF_Date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                    tm.tm_sec > 59 ? 59 : tm.tm_sec, 'Z', 0, 0};
    if ((st = hcheck(w, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt), "setting CreationDate")))
        return st;
    return hcheck(w, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt), "setting ModDate");
}

static mz_status set_catalog(mz_pw *w, const mz_layout *L)
{
    HPDF_Doc pdf = w->pdf;
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS r = HPDF_OK;
    const char *lang = L->meta && L->meta->lang && *L->meta->lang ? L->meta->lang : "ar";
    r |= HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(mm, lang, NULL));
    if (L->rtl) { /* our own dict: HPDF_SetViewerPreference would recreate it */
        HPDF_Dict vp = HPDF_Dict_New(mm);
        mz_status st = hnull(w, vp, "creating ViewerPreferences");
        if (st) return st;
        r |= HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp);
        r |= HPDF_Dict_AddName(vp, "Direction", "R2L");
    }
    r |= HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    return hcheck(w, r, "setting catalog entries");
}

static mz_status add_outline(mz_pw *w, const mz_layout *L, HPDF_Page *pages, size_t npages)
{
    enum { MAXL = 16 };
    HPDF_Outline stack[MAXL + 1] = {0}; /* last outline seen at each level */
    HPDF_MMgr mm = w->pdf->mmgr;
    mz_status st;
    for (size_t i = 0; i < L->noutline; i++) {
        const mz_outline *ol = &L->outline[i];
        if (ol->page < 0 || (size_t)ol->page >= npages)
            return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: outline entry on page %d of %zu",
                           ol->page + 1, npages);
        int lv = ol->level < 1 ? 1 : ol->level > MAXL ? MAXL : ol->level;
        HPDF_Outline parent = NULL;
        for (int k = lv - 1; k >= 1 && !parent; k--) parent = stack[k];
        HPDF_Outline o = HPDF_CreateOutline(w->pdf, parent, "", NULL);
        if ((st = hnull(w, o, "creating an outline entry"))) return st;
        HPDF_Binary title = utf16_binary(w, ol->title ? ol->title : "");
        if ((st = hnull(w, title, "encoding an outline title"))) return st;
        HPDF_STATUS r = HPDF_Dict_Add(o, "Title", title); /* replaces libharu's byte string */
        /* [page /XYZ 0 y null]: keep the reader's zoom (SetXYZ insists on one). */
        HPDF_Destination dst = HPDF_Page_CreateDestination(pages[ol->page]);
        if ((st = hnull(w, dst, "creating an outline destination"))) return st;
        HPDF_Array_Clear(dst);
        r |= HPDF_Array_Add(dst, pages[ol->page]);
        r |= HPDF_Array_AddName(dst, "XYZ");
        r |= HPDF_Array_AddNumber(dst, 0);
        r |= HPDF_Array_AddReal(dst, (HPDF_REAL)ol->y);
        r |= HPDF_Array_Add(dst, HPDF_Null_New(mm));
        r |= HPDF_Outline_SetDestination(o, dst);
        if (lv == 1) r |= HPDF_Outline_SetOpened(o, HPDF_TRUE);
        if ((st = hcheck(w, r, "building the outline"))) return st;
        stack[lv] = o;
        for (int k = lv + 1; k <= MAXL; k++) stack[k] = NULL;
    }
    if (L->noutline)
        return hcheck(w, HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE), "setting page mode");
    return MZ_OK;
}

static mz_status save(mz_pw *w, unsigned char **out, size_t *out_len)
{
    mz_status st = hcheck(w, HPDF_SaveToStream(w->pdf), "saving the document");
    if (st) return st;
    HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf);
    unsigned char *buf = malloc(size ? size : 1);
    if (!buf) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory for a %u-byte PDF", (unsigned)size);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS r = HPDF_ReadFromStream(w->pdf, buf + got, &n);
        got += n;
        if (r == HPDF_STREAM_EOF || n == 0) break; /* EOF is how the last read ends */
        if (r != HPDF_OK) break;
    }
    if (w->herr == HPDF_STREAM_EOF) w->herr = 0;
    if (got != size || w->herr) {
        free(buf);
        return hcheck(w, w->herr ? w->herr : HPDF_STREAM_EOF, "reading the PDF back from memory");
    }
    *out = buf;
    *out_len = size;
    return MZ_OK;
}

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* The page's content is built in w->page and deflated here, so libharu
 * holds only compressed bytes until the file is saved (memory), and nothing
 * is compressed twice.  libharu's own compression is off for pages. */
static mz_status flush_page(mz_pw *w, HPDF_Page page)
{
    if (w->page.oom) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    uLongf n = compressBound((uLong)w->page.len);
    unsigned char *z = malloc(n ? n : 1);
    if (!z) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    if (compress2(z, &n, (const Bytef *)(w->page.data ? w->page.data : ""), (uLong)w->page.len,
                  Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(z);
        return mz_fail(w->d, MZ_ERR_NOMEM, "zlib could not compress a page");
    }
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    mz_status st = hcheck(w, HPDF_Stream_Write(attr->stream, z, (HPDF_UINT)n), "writing a page");
    free(z);
    /* libharu drops a /Filter key from streams it does not filter itself
     * (HPDF_Dict_Write), so the key is written from its write hook */
    attr->contents->write_fn = write_flate_filter;
    return st;
}

/* The writer, between mz_pdf_begin and mz_pdf_end. */
struct mz_pdf_writer {
    mz_pw w;
    HPDF_Page *pages;   /* PDF page of each layout page */
    size_t npages, pages_cap;
    unsigned char *has_content; /* per page: a content stream was written already */
    mz_pcl *cl;         /* scratch per glyph item, grown as needed */
    size_t *host;
    mz_unit *units;
    size_t scratch;
};

mz_status mz_pdf_begin(mz_pdf_writer **out, mz_fonts *fs, mz_diag *d)
{
    mz_pdf_writer *pw = calloc(1, sizeof *pw);
    *out = pw;
    if (!pw) return mz_fail(d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    mz_pw *w = &pw->w;
    w->d = d;
    w->fs = fs;
    w->nf = MZ_MAX_FONTS; /* fonts may still be loaded (fallbacks) while pages arrive */
    w->pf = calloc(MZ_MAX_FONTS, sizeof *w->pf);
    if (!w->pf) return mz_fail(d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    w->pdf = HPDF_NewEx(mz_hpdf_error, NULL, NULL, 0, w);
    if (!w->pdf) return mz_fail(d, MZ_ERR_NOMEM, "out of memory while creating the PDF");
    w->pdf->pdf_version = HPDF_VER_17; /* ActualText needs 1.5 */
    mz_pdf_hash_init(&w->hash);
    /* every stream sets its own filter: pages are deflated by flush_page */
    return hcheck(w, HPDF_SetCompressionMode(w->pdf, HPDF_COMP_NONE), "setting compression");
}

/* Makes sure PDF pages exist up to layout page `page`. */
static mz_status ensure_pages(mz_pdf_writer *pw, const mz_layout *L, size_t page)
{
    mz_pw *w = &pw->w;
    if (!(L->width > 0 && L->height > 0))
        return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: page size %gx%g", L->width, L->height);
    while (pw->npages <= page) {
        size_t cap = pw->pages_cap;
        if (!mz_grow((void **)&pw->pages, &pw->pages_cap, pw->npages + 1, sizeof *pw->pages))
            return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory adding a page");
        if (cap != pw->pages_cap) {
            unsigned char *hc = realloc(pw->has_content, pw->pages_cap);
            if (!hc) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory adding a page");
            pw->has_content = hc;
        }
        HPDF_Page page_ = HPDF_AddPage(w->pdf);
        mz_status st = hnull(w, page_, "adding a page");
        if (st) return st;
        if ((st = hcheck(w, HPDF_Page_SetWidth(page_, (HPDF_REAL)L->width), "setting the page width")) ||
            (st = hcheck(w, HPDF_Page_SetHeight(page_, (HPDF_REAL)L->height), "setting the page height")))
            return st;
        pw->has_content[pw->npages] = 0;
        pw->pages[pw->npages++] = page_;
    }
    return MZ_OK;
}

mz_status mz_pdf_page(void *ud, const mz_layout *L, size_t page)
{
    mz_pdf_writer *pw = ud;
    mz_pw *w = &pw->w;
    mz_status st = ensure_pages(pw, L, page);
    if (st || page >= L->npages) return st;
    const mz_page *pg = &L->pages[page];
    size_t maxg = 1;
    for (size_t i = 0; i < pg->n; i++)
        if (pg->items[i].kind == MZ_ITEM_GLYPHS && pg->items[i].ng > maxg) maxg = pg->items[i].ng;
    if (maxg > pw->scratch) {
        free(pw->cl);
        free(pw->host);
        free(pw->units);
        pw->cl = malloc(maxg * sizeof *pw->cl);
        pw->host = malloc(maxg * sizeof *pw->host);
        pw->units = malloc(maxg * sizeof *pw->units);
        pw->scratch = maxg;
        if (!pw->cl || !pw->host || !pw->units) {
            pw->scratch = 0;
            return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
        }
    }
    /* glyph sets and ToUnicode values from this page's 1:1 clusters first,
     * so that its simple glyphs need no ActualText */
    for (size_t i = 0; i < pg->n && !st; i++)
        if (pg->items[i].kind == MZ_ITEM_GLYPHS && pg->items[i].ng)
            st = scan_item(w, &pg->items[i], pw->cl);
    if (st || !pg->n) return st;
    HPDF_Page hp = pw->pages[page];
    if (pw->has_content[page]) { /* a second helping (header, footer): its own stream */
        HPDF_Dict ns = NULL;
        if ((st = hcheck(w, HPDF_Page_New_Content_Stream(hp, &ns), "adding a content stream"))) return st;
    }
    w->page.len = 0;
    for (size_t i = 0; i < pg->n && !st; i++) {
        const mz_item *it = &pg->items[i];
        st = it->kind == MZ_ITEM_GLYPHS ? draw_glyphs(w, hp, it, pw->cl, pw->host, pw->units)
                                        : draw_item(w, hp, it);
    }
    if (!st) st = flush_page(w, hp);
    pw->has_content[page] = 1;
    return st;
}

mz_status mz_pdf_end(mz_pdf_writer *pw, const mz_layout *L, const mz_pdf_opts *o, unsigned char **out,
                     size_t *out_len)
{
    mz_pw *w = &pw->w;
    *out = NULL;
    *out_len = 0;
    mz_status st = ensure_pages(pw, L, L->npages ? L->npages - 1 : 0); /* a PDF needs a page */
    for (int f = 0; f < w->nf && !st; f++)
        if (w->pf[f].f) {
            complete_tounicode(&w->pf[f]);
            st = finish_font(w, &w->pf[f]);
        }
    /* one clock reading, so Info and XMP dates agree */
    mz_pdf_opts oo = {0, -1, NULL};
    if (o) oo = *o;
    if (oo.epoch < 0) oo.epoch = (long long)time(NULL);
    if (!st) st = set_info(w, L, &oo);
    if (!st) st = set_catalog(w, L);
    if (!st) st = add_outline(w, L, pw->pages, L->npages < pw->npages ? L->npages : pw->npages);
    if (!st) st = mz_pdf_set_id(w->pdf, &w->hash, L, w->d);
    if (!st && oo.pdfa) st = mz_pdf_set_pdfa(w->pdf, L, (time_t)oo.epoch, w->d);
    if (!st && oo.path)
        st = hcheck(w, HPDF_SaveToFile(w->pdf, oo.path), "saving the document");
    else if (!st)
        st = save(w, out, out_len);
    return st;
}

void mz_pdf_free(mz_pdf_writer *pw)
{
    if (!pw) return;
    mz_pw *w = &pw->w;
    if (w->pdf) HPDF_Free(w->pdf);
    for (int f = 0; w->pf && f < w->nf; f++) {
        if (w->pf[f].gids) hb_set_destroy(w->pf[f].gids);
        free(w->pf[f].uni);
        free(w->pf[f].guess);
    }
    free(w->pf);
    free(pw->pages);
    free(pw->has_content);
    free(pw->cl);
    free(pw->host);
    free(pw->units);
    mz_buf_free(&w->b);
    mz_buf_free(&w->page);
    free(pw);
}

mz_status mz_pdf_write(const mz_layout *L, mz_fonts *fs, const mz_pdf_opts *o, unsigned char **out,
                       size_t *out_len, mz_diag *d)
{
    mz_pdf_writer *pw;
    *out = NULL;
    *out_len = 0;
    mz_status st = mz_pdf_begin(&pw, fs, d);
    for (size_t p = 0; p < L->npages && !st; p++) st = mz_pdf_page(pw, L, p);
    if (!st) st = mz_pdf_end(pw, L, o, out, out_len);
    mz_pdf_free(pw);
    return st;
}
