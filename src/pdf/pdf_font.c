/* pdf_font.c - glyph-ID fonts: Type0/CIDFontType2 objects, HarfBuzz subsets, ToUnicode maps. */
#include "pdf/pdf_int.h"

#include <ctype.h>
#include <errno.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <math.h>
#include <stdlib.h>
#include <zlib.h>
#include <string.h>

/* ---- fonts --------------------------------------------------------------------- */

/* Glyph width in PDF glyph units (1/1000 em), rounded to 3 decimals: the same
 * value goes into /W and into our pen tracking.  Asked several times for
 * every glyph drawn, so kept per GID. */
double mz_pdf_gwidth(const mz_pfont *p, uint32_t gid)
{
    if (p->adv && gid < p->nglyphs && p->adv[gid] >= 0) return p->adv[gid];
    double w = hb_font_get_glyph_h_advance(p->f->hb, gid) * 1000.0 / p->f->upem;
    w = (double)llround(w * 1000.0) / 1000.0;
    if (p->adv && gid < p->nglyphs) p->adv[gid] = w;
    return w;
}

static int has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *t = hb_face_reference_table(face, tag);
    int ok = hb_blob_get_length(t) > 0;
    hb_blob_destroy(t);
    return ok;
}

const char *mz_pdf_font_label(const mz_font *f)
{
    return f->path ? f->path : f->psname ? f->psname : "(unnamed font)";
}

/* Checks the face can be embedded and creates its records on first use. */
mz_status mz_pdf_use_font(mz_pw *w, int fi, mz_pfont **out)
{
    *out = NULL;
    if (fi < 0 || fi >= w->nf || !w->fs->fonts[fi])
        return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: glyph run names font %d of %d", fi,
                       w->nf);
    mz_pfont *p = &w->pf[fi];
    *out = p;
    if (p->f) return MZ_OK;
    mz_font *f = w->fs->fonts[fi];
    mz_errno_watch(); /* a table HarfBuzz could not load for want of memory reads as absent */
    int glyf = has_table(f->face, HB_TAG('g', 'l', 'y', 'f'));
    if (!glyf && errno == ENOMEM) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    if (!glyf)
        return mz_fail(w->d, MZ_ERR_FONT,
                       "%s: only TrueType (glyf) outlines can be embedded; this font has %s",
                       mz_pdf_font_label(f),
                       has_table(f->face, HB_TAG('C', 'F', 'F', ' ')) ||
                               has_table(f->face, HB_TAG('C', 'F', 'F', '2'))
                           ? "CFF outlines"
                           : "no outlines");
    /* fsType 0x0002 alone = Restricted License: no embedding allowed. */
    if ((f->fs_type & 0x000F) == 0x0002)
        return mz_fail(w->d, MZ_ERR_FONT,
                       "%s: the font's licence forbids embedding (OS/2 fsType 0x%04X)",
                       mz_pdf_font_label(f), f->fs_type);
    p->f = f;
    p->zw = -1;
    p->nglyphs = hb_face_get_glyph_count(f->face);
    p->gids = hb_set_create();
    p->adv = malloc((p->nglyphs ? p->nglyphs : 1) * sizeof *p->adv);
    for (unsigned g = 0; p->adv && g < p->nglyphs; g++) p->adv[g] = -1;
    if (!hb_set_allocation_successful(p->gids) || !p->adv)
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    p->type0 = HPDF_Dict_New(w->pdf->mmgr);
    mz_status st = hnull(w, p->type0, "creating a font dictionary");
    if (st) return st;
    return hcheck(w, HPDF_Xref_Add(w->pdf->xref, p->type0), "registering a font dictionary");
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

static mz_status tounicode_stream(mz_pw *w, const mz_pfont *p, const mz_pvar *v, HPDF_Dict *out)
{
    mz_buf b = {0};
    mz_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t n = 0;
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);)
        if (v->map[g]) n++;
    size_t done = 0;
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);) {
        if (!v->map[g]) continue;
        if (done % 100 == 0) /* at most 100 entries per block */
            mz_buf_printf(&b, "%zu beginbfchar\n", n - done < 100 ? n - done : 100);
        mz_buf_printf(&b, "<%04X> <", g);
        const uint32_t *t = p->pool + v->map[g] - 1;
        for (uint32_t k = 0; k < t[0]; k++) mz_pdf_utf16_hex(&b, t[1 + k]);
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
    if (!st) st = mz_pdf_write_deflated(w, ds, b.data, b.len, Z_DEFAULT_COMPRESSION, "writing a ToUnicode CMap");
    mz_buf_free(&b);
    *out = ds;
    return st;
}

/* Font programs kept across the documents of one mz_fonts (a batch context):
 * the subset depends only on the face and the glyph set, and subsetting and
 * deflating are a third of a short document's work. */
#define MZ_SUBSET_CACHE 8 /* programs kept (~25 KB each), oldest replaced first */

struct mz_subset_cache {
    mz_subset e[MZ_SUBSET_CACHE];
    size_t next;
};

static void subset_free(mz_subset *s)
{
    hb_set_destroy(s->gids);
    free(s->z);
    memset(s, 0, sizeof *s);
}

static void subset_cache_free(void *data)
{
    struct mz_subset_cache *c = data;
    if (!c) return;
    for (size_t i = 0; i < MZ_SUBSET_CACHE; i++) subset_free(&c->e[i]);
    free(c);
}

static const hb_tag_t drop_tables[] = {
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
    HB_TAG('M', 'A', 'T', 'H'), HB_TAG('C', 'O', 'L', 'R'), HB_TAG('C', 'P', 'A', 'L'),
    HB_TAG('D', 'S', 'I', 'G'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'),
    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('S', 'V', 'G', ' '),
    HB_TAG('S', 'T', 'A', 'T'), HB_TAG('M', 'E', 'R', 'G'), HB_TAG('m', 'e', 't', 'a')};

/* The deflated subset program of P's face with P's glyphs: from the cache
 * of w->fs when an earlier document had the same, else made (and kept, or
 * held in w->own until written).  NULL with *st set on failure. */
static const mz_subset *subset_program(mz_pw *w, mz_pfont *p, mz_status *st)
{
    mz_font *f = p->f;
    struct mz_subset_cache *c = mz_fonts_cache(w->fs, MZ_FONTS_CACHE_PROGRAMS);
    if (!c && (c = calloc(1, sizeof *c)) != NULL)
        mz_fonts_set_cache(w->fs, MZ_FONTS_CACHE_PROGRAMS, c, subset_cache_free);
    for (size_t i = 0; c && i < MZ_SUBSET_CACHE; i++)
        if (c->e[i].f == f && hb_set_is_equal(c->e[i].gids, p->gids)) return &c->e[i];

    /* layout tables are dropped so that closure adds no glyphs beyond ours
     * (and composite components) */
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return *st = mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", mz_pdf_font_label(f)), NULL;
    hb_set_union(hb_subset_input_glyph_set(in), p->gids);
    for (size_t i = 0; i < sizeof drop_tables / sizeof *drop_tables; i++)
        hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), drop_tables[i]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS);
    /* a set that could not grow silently holds fewer glyphs */
    if (!hb_set_allocation_successful(hb_subset_input_glyph_set(in)) ||
        !hb_set_allocation_successful(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG))) {
        hb_subset_input_destroy(in);
        return *st = mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", mz_pdf_font_label(f)), NULL;
    }
    mz_errno_watch();
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!sub || errno == ENOMEM) {
        hb_face_destroy(sub);
        return *st = errno == ENOMEM ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory subsetting %s", mz_pdf_font_label(f))
                                     : mz_fail(w->d, MZ_ERR_FONT, "%s: HarfBuzz could not subset the font",
                                               mz_pdf_font_label(f)),
               NULL;
    }
    hb_blob_t *blob = hb_face_reference_blob(sub); /* compiles the subset: allocates */
    hb_face_destroy(sub);
    unsigned blen = 0;
    const char *bdata = hb_blob_get_data(blob, &blen);
    if (!blen || errno == ENOMEM) {
        hb_blob_destroy(blob);
        return *st = errno == ENOMEM ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory subsetting %s", mz_pdf_font_label(f))
                                     : mz_fail(w->d, MZ_ERR_FONT, "%s: the font subset is empty", mz_pdf_font_label(f)),
               NULL;
    }
    mz_subset *s = c ? &c->e[c->next] : &w->own;
    subset_free(s);
    /* level 4: half the time of the default on these subsets (long zero
     * runs in the hmtx and loca of RETAIN_GIDS) for 1.3% more bytes */
    *st = mz_pdf_deflate(w, bdata, blen, 4, &s->z, &s->zlen, "writing the font program");
    hb_blob_destroy(blob);
    if (*st) return NULL;
    s->len1 = blen;
    s->f = f;
    s->gids = hb_set_copy(p->gids);
    if (!hb_set_allocation_successful(s->gids)) {
        subset_free(s);
        return *st = mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", mz_pdf_font_label(f)), NULL;
    }
    if (c) c->next = (c->next + 1) % MZ_SUBSET_CACHE;
    return s;
}

/* Completes the font: subset program, descriptor, CIDFont with /W, ToUnicode. */
mz_status mz_pdf_finish_font(mz_pw *w, mz_pfont *p)
{
    mz_font *f = p->f;
    HPDF_MMgr mm = w->pdf->mmgr;
    HPDF_Xref xref = w->pdf->xref;
    HPDF_STATUS r = HPDF_OK;
    mz_status st;

    /* 1. The font program: HarfBuzz subset keeping GIDs, deflated; or the
     * same bytes from an earlier document with the same glyphs. */
    const mz_subset *sp = subset_program(w, p, &st);
    if (!sp) return st;
    unsigned blen = sp->len1;
    HPDF_Dict ff = HPDF_DictStream_New(mm, xref);
    st = hnull(w, ff, "creating the font file stream");
    if (!st) st = mz_pdf_write_z(w, ff, sp->z, sp->zlen, "writing the font program");
    if (!mz_fonts_cache(w->fs, MZ_FONTS_CACHE_PROGRAMS)) subset_free(&w->own); /* not kept: the writer's own copy */
    if (st) return st;
    HSEQ(r, HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)blen));

    char tag[7], base[200];
    subset_tag(p, tag);
    snprintf(base, sizeof base, "%s+%s", tag, f->psname && *f->psname ? f->psname : "Font");
    double k = 1000.0 / f->upem;

    /* 2. FontDescriptor with the face's own metrics. */
    HPDF_Dict fd = HPDF_Dict_New(mm);
    if ((st = hnull(w, fd, "creating a font descriptor"))) return st;
    HSEQ(r, HPDF_Xref_Add(xref, fd));
    HSEQ(r, HPDF_Dict_AddName(fd, "Type", "FontDescriptor"));
    HSEQ(r, HPDF_Dict_AddName(fd, "FontName", base));
    int flags = 4; /* symbolic: glyphs are reached by GID, not by a standard encoding */
    if (f->fixed_pitch) flags |= 1;
    if (f->serif) flags |= 2;
    if (f->italic_angle) flags |= 64;
    HSEQ(r, HPDF_Dict_AddNumber(fd, "Flags", flags));
    HPDF_Array bb = HPDF_Array_New(mm);
    if ((st = hnull(w, bb, "creating a font bbox"))) return st;
    HSEQ(r, HPDF_Dict_Add(fd, "FontBBox", bb));
    for (int i = 0; i < 4; i++) HSEQ(r, HPDF_Array_AddNumber(bb, (HPDF_INT32)lround(f->bbox[i] * k)));
    HSEQ(r, HPDF_Dict_AddNumber(fd, "ItalicAngle", f->italic_angle));
    HSEQ(r, HPDF_Dict_AddNumber(fd, "Ascent", (HPDF_INT32)lround(f->ascender * k)));
    HSEQ(r, HPDF_Dict_AddNumber(fd, "Descent", (HPDF_INT32)lround(f->descender * k)));
    HSEQ(r, HPDF_Dict_AddNumber(fd, "CapHeight",
                             (HPDF_INT32)lround((f->cap_height ? f->cap_height : f->ascender) * k)));
    if (f->x_height) HSEQ(r, HPDF_Dict_AddNumber(fd, "XHeight", (HPDF_INT32)lround(f->x_height * k)));
    HSEQ(r, HPDF_Dict_AddNumber(fd, "StemV", 80)); /* not in the font; a conventional value */
    HSEQ(r, HPDF_Dict_Add(fd, "FontFile2", ff));

    /* 3. CIDFontType2, CIDs = GIDs, widths of the used glyphs. */
    HPDF_Dict cid = HPDF_Dict_New(mm);
    if ((st = hnull(w, cid, "creating a CIDFont"))) return st;
    HSEQ(r, HPDF_Xref_Add(xref, cid));
    HSEQ(r, HPDF_Dict_AddName(cid, "Type", "Font"));
    HSEQ(r, HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2"));
    HSEQ(r, HPDF_Dict_AddName(cid, "BaseFont", base));
    HPDF_Dict si = HPDF_Dict_New(mm);
    if ((st = hnull(w, si, "creating CIDSystemInfo"))) return st;
    HSEQ(r, HPDF_Dict_Add(cid, "CIDSystemInfo", si));
    HSEQ(r, HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, "Adobe", NULL)));
    HSEQ(r, HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, "Identity", NULL)));
    HSEQ(r, HPDF_Dict_AddNumber(si, "Supplement", 0));
    HSEQ(r, HPDF_Dict_Add(cid, "FontDescriptor", fd));
    HSEQ(r, HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity"));
    HSEQ(r, HPDF_Dict_AddNumber(cid, "DW", 0));
    HPDF_Array wa = HPDF_Array_New(mm);
    if ((st = hnull(w, wa, "creating a /W array"))) return st;
    HSEQ(r, HPDF_Dict_Add(cid, "W", wa));
    HPDF_Array grp = NULL;
    hb_codepoint_t prev = HB_SET_VALUE_INVALID;
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);) {
        if (!grp || g != prev + 1) { /* consecutive GIDs share one [w1 w2 ...] */
            HSEQ(r, HPDF_Array_AddNumber(wa, (HPDF_INT32)g));
            grp = HPDF_Array_New(mm);
            if ((st = hnull(w, grp, "creating a /W group"))) return st;
            HSEQ(r, HPDF_Array_Add(wa, grp));
        }
        double gw = mz_pdf_gwidth(p, g);
        if (gw == floor(gw)) HSEQ(r, HPDF_Array_AddNumber(grp, (HPDF_INT32)gw));
        else HSEQ(r, HPDF_Array_AddReal(grp, (HPDF_REAL)gw));
        prev = g;
    }

    /* 4. per variant: its ToUnicode and the Type0 font pages already refer to */
    for (int v = 0; v < p->nvar; v++) {
        HPDF_Dict tu = NULL, t0 = p->var[v].type0;
        if ((st = tounicode_stream(w, p, &p->var[v], &tu))) return st;
        HSEQ(r, HPDF_Dict_AddName(t0, "Type", "Font"));
        HSEQ(r, HPDF_Dict_AddName(t0, "Subtype", "Type0"));
        HSEQ(r, HPDF_Dict_AddName(t0, "BaseFont", base));
        HSEQ(r, HPDF_Dict_AddName(t0, "Encoding", "Identity-H"));
        HPDF_Array desc = HPDF_Array_New(mm);
        if ((st = hnull(w, desc, "creating DescendantFonts"))) return st;
        HSEQ(r, HPDF_Dict_Add(t0, "DescendantFonts", desc));
        HSEQ(r, HPDF_Array_Add(desc, cid));
        HSEQ(r, HPDF_Dict_Add(t0, "ToUnicode", tu));
    }
    return hcheck(w, r, "building a font");
}

void mz_pdf_font_free(mz_pfont *p)
{
    if (p->gids) hb_set_destroy(p->gids);
    for (int v = 0; v < p->nvar; v++) free(p->var[v].map);
    free(p->var);
    free(p->pool);
    free(p->rev);
    free(p->adv);
    free(p->form); /* the forms themselves belong to the document */
    memset(p, 0, sizeof *p);
}
