/* pdf_font.c - glyph-ID fonts: Type0/CIDFontType2 objects, HarfBuzz subsets, ToUnicode maps and their variants. */
#include "pdf/pdf_font.h"

#include "pdf/pdf_bytes.h"
#include "pdf/pdf_memo.h"

#include <ctype.h>
#include <errno.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- fonts --------------------------------------------------------------------- */

/* CIDs are numbered 1, 2, ... in the order glyphs are first drawn, and
 * the CIDToGIDMap takes them to the subset's GIDs: a page's strings then
 * hold small numbers whose high byte rarely changes, and the seed x70's
 * content streams deflate 4% smaller than with the face's GIDs (~6 000 for
 * Amiri).  Numbered as drawn, not at the end, since pages are written as
 * they are finished. */
uint32_t mz_pdf_new_cid(mz_pfont *p, uint32_t gid)
{
    if (!p->cid || gid >= p->nglyphs) return 0;
    if (p->cid[gid]) return p->cid[gid];
    hb_set_add(p->gids, gid);
    if (!hb_set_allocation_successful(p->gids)) return 0;
    p->cid[gid] = (uint16_t)++p->ncid; /* nglyphs <= 65 535: so is ncid */
    p->cid_gid[p->ncid] = (uint16_t)gid;
    return p->ncid;
}

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
    p->cid = calloc(p->nglyphs ? p->nglyphs : 1, sizeof *p->cid);
    p->cid_gid = calloc((size_t)p->nglyphs + 1, sizeof *p->cid_gid);
    if (!hb_set_allocation_successful(p->gids) || !p->adv || !p->cid || !p->cid_gid)
        return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    /* numbered now, as pages refer to it; filled by mz_pdf_finish_font */
    p->type0 = mz_hindirect(w->h, mz_hdict(w->h));
    return p->type0 ? MZ_OK : mz_hdoc_status(w->h);
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

static mz_status tounicode_stream(mz_pw *w, const mz_pfont *p, const mz_pvar *v, mz_hobj **out)
{
    mz_buf b = {0};
    mz_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t n = 0;
    for (unsigned c = 1; c <= p->ncid; c++)
        if (v->map[p->cid_gid[c]]) n++;
    size_t done = 0;
    for (unsigned c = 1; c <= p->ncid; c++) {
        uint32_t g = p->cid_gid[c];
        if (!v->map[g]) continue;
        if (done % 100 == 0) /* at most 100 entries per block */
            mz_buf_printf(&b, "%zu beginbfchar\n", n - done < 100 ? n - done : 100);
        mz_buf_puts(&b, "<");
        mz_pdf_hex4(&b, c);
        mz_buf_puts(&b, "> <");
        const uint32_t *t = p->pool + v->map[g] - 1;
        for (uint32_t k = 0; k < t[0]; k++) mz_pdf_utf16_hex(&b, t[1 + k]);
        mz_buf_puts(&b, ">\n");
        if (++done % 100 == 0 || done == n) mz_buf_puts(&b, "endbfchar\n");
    }
    mz_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    mz_status st = b.oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
    mz_hobj *ds = NULL;
    if (!st) {
        ds = mz_hstream(w->h);
        st = mz_hdoc_status(w->h);
    }
    if (!st)
        st = mz_pdf_write_memo(w, ds, (mz_zin){b.data, b.len, MZ_ZLEVEL, "writing a ToUnicode CMap"});
    mz_buf_free(&b);
    *out = ds;
    return st;
}

/* Font programs kept across the documents of one mz_fonts (a batch context):
 * the subset depends only on the face and the glyph set, and subsetting and
 * deflating are a third of a short document's work. */
/* Programs kept (~25 KB each, and their glyphs' new numbers).  Most
 * documents of a batch have a body face subset of their own, used once, and
 * share their headings' face subsets with others: a program never used
 * again is replaced first, then the least recently used (replacing the
 * oldest let the body's programs push the shared ones out: 100 varied
 * briefings made 77 bold subsets for 29 distinct glyph sets). */
#define MZ_SUBSET_CACHE 32

struct mz_subset_cache {
    mz_subset e[MZ_SUBSET_CACHE];
    unsigned long long used[MZ_SUBSET_CACHE]; /* when each was last made or used (0 = empty) */
    unsigned char reused[MZ_SUBSET_CACHE];    /* found here at least once */
    unsigned long long clock;
};

/* The entry to replace: an empty one, else the oldest of those never
 * reused, else the least recently used. */
static size_t subset_victim(const struct mz_subset_cache *c)
{
    size_t v = 0;
    for (size_t i = 1; i < MZ_SUBSET_CACHE; i++)
        if (c->reused[i] < c->reused[v] || (c->reused[i] == c->reused[v] && c->used[i] < c->used[v])) v = i;
    for (size_t i = 0; i < MZ_SUBSET_CACHE; i++)
        if (!c->used[i]) return i;
    return v;
}

static void subset_free(mz_subset *s)
{
    hb_set_destroy(s->gids);
    free(s->z);
    free(s->ng);
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

/* The subset's GID of each of P's glyphs, in the set's order, into S. */
static mz_status new_gids(mz_pw *w, const mz_pfont *p, const hb_map_t *old_new, mz_subset *s)
{
    size_t n = hb_set_get_population(p->gids), i = 0;
    s->ng = malloc((n ? n : 1) * sizeof *s->ng);
    if (!s->ng) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", mz_pdf_font_label(p->f));
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(p->gids, &g);) {
        hb_codepoint_t ng = hb_map_get(old_new, g);
        if (ng == HB_MAP_VALUE_INVALID || ng > 0xFFFF)
            return mz_fail(w->d, MZ_ERR_FONT, "%s: the subset lost glyph %u", mz_pdf_font_label(p->f), g);
        s->ng[i++] = (uint16_t)ng;
    }
    return MZ_OK;
}

/* The document's CIDToGIDMap into DS: two bytes (big-endian) per CID, the
 * subset's GID of its glyph.  Its own, as the CIDs are (the program may
 * be an earlier document's). */
static mz_status cid_to_gid(mz_pw *w, const mz_pfont *p, const mz_subset *s, mz_hobj *ds)
{
    size_t n = (size_t)p->ncid + 1, i = 0;
    if (!s->ng || !p->cid) return mz_fail(w->d, MZ_ERR_INTERNAL, "%s: a subset without its glyph numbers", mz_pdf_font_label(p->f));
    unsigned char *m = calloc(n, 2);
    if (!m) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", mz_pdf_font_label(p->f));
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(s->gids, &g); i++) {
        unsigned c = g < p->nglyphs ? p->cid[g] : 0; /* 0: not this document's */
        if (!c) continue;
        m[2 * c] = (unsigned char)(s->ng[i] >> 8);
        m[2 * c + 1] = (unsigned char)s->ng[i];
    }
    /* level 1: as small as 4 here (the seed's two maps: 1 033 bytes against
     * 1 103 when they were indexed by the face's GIDs) in 60% of its time */
    mz_status st = mz_pdf_write_deflated(w->h, &w->zip, w->d, ds, (mz_zin){m, 2 * n, 1, "writing a CIDToGIDMap"});
    free(m);
    return st;
}

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
        if (c->e[i].f == f && hb_set_is_equal(c->e[i].gids, p->gids)) {
            c->used[i] = ++c->clock;
            c->reused[i] = 1;
            return &c->e[i];
        }

    /* layout tables are dropped so that closure adds no glyphs beyond ours
     * (and composite components) */
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return *st = mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", mz_pdf_font_label(f)), NULL;
    hb_set_union(hb_subset_input_glyph_set(in), p->gids);
    for (size_t i = 0; i < sizeof drop_tables / sizeof *drop_tables; i++)
        hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), drop_tables[i]);
    /* a set that could not grow silently holds fewer glyphs */
    if (!hb_set_allocation_successful(hb_subset_input_glyph_set(in)) ||
        !hb_set_allocation_successful(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG))) {
        hb_subset_input_destroy(in);
        return *st = mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", mz_pdf_font_label(f)), NULL;
    }
    /* compact: the subset numbers its glyphs anew and a CIDToGIDMap takes
     * the page's CIDs (the face's GIDs) there; keeping the GIDs instead
     * would carry hmtx and loca entries for all of the face's glyphs */
    mz_errno_watch();
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    if (!sub || errno == ENOMEM) {
        hb_face_destroy(sub);
        hb_subset_plan_destroy(plan);
        return *st = errno == ENOMEM ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory subsetting %s", mz_pdf_font_label(f))
                                     : mz_fail(w->d, MZ_ERR_FONT, "%s: HarfBuzz could not subset the font",
                                               mz_pdf_font_label(f)),
               NULL;
    }
    size_t slot = c ? subset_victim(c) : 0;
    mz_subset *s = c ? &c->e[slot] : &w->own;
    if (c) c->used[slot] = c->reused[slot] = 0; /* empty until it is complete */
    subset_free(s);
    *st = new_gids(w, p, hb_subset_plan_old_to_new_glyph_mapping(plan), s);
    hb_subset_plan_destroy(plan);
    if (*st) {
        hb_face_destroy(sub);
        subset_free(s);
        return NULL;
    }
    hb_blob_t *blob = hb_face_reference_blob(sub); /* compiles the subset: allocates */
    hb_face_destroy(sub);
    unsigned blen = 0;
    const char *bdata = hb_blob_get_data(blob, &blen);
    if (!blen || errno == ENOMEM) {
        hb_blob_destroy(blob);
        subset_free(s);
        return *st = errno == ENOMEM ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory subsetting %s", mz_pdf_font_label(f))
                                     : mz_fail(w->d, MZ_ERR_FONT, "%s: the font subset is empty", mz_pdf_font_label(f)),
               NULL;
    }
    /* level 4: 1% more bytes than the default level on these subsets, in
     * 60% of its time; level 1 would take another third off for 1.5% more
     * bytes (the seed's body face: 21 654, not 21 334) */
    *st = mz_pdf_deflate(&w->zip, w->d, (mz_zin){bdata, blen, 4, "writing the font program"}, &s->z, &s->zlen);
    hb_blob_destroy(blob);
    if (*st) {
        subset_free(s);
        return NULL;
    }
    s->len1 = blen;
    s->f = f;
    s->gids = hb_set_copy(p->gids);
    if (!hb_set_allocation_successful(s->gids)) {
        subset_free(s);
        return *st = mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while subsetting %s", mz_pdf_font_label(f)), NULL;
    }
    if (c) c->used[slot] = ++c->clock;
    return s;
}

/* The font program as a FontFile2 stream: a compact HarfBuzz subset,
 * deflated, and its CIDToGIDMap stream; or the same bytes from an earlier
 * document with the same glyphs. */
static mz_status font_file(mz_pw *w, mz_pfont *p, mz_hobj **out, mz_hobj **map)
{
    mz_status st;
    const mz_subset *sp = subset_program(w, p, &st);
    if (!sp) return st;
    unsigned blen = sp->len1;
    mz_hobj *ff = mz_hstream(w->h);
    mz_hstream_write(w->h, ff, sp->z, sp->zlen, MZ_HDEFLATED);
    *map = mz_hstream(w->h);
    st = mz_hdoc_status(w->h);
    if (!st) st = cid_to_gid(w, p, sp, *map);
    if (!mz_fonts_cache(w->fs, MZ_FONTS_CACHE_PROGRAMS)) subset_free(&w->own); /* not kept: the writer's own copy */
    *out = ff;
    return st ? st : mz_hadd_int(w->h, ff, "Length1", (int32_t)blen);
}

/* The FontDescriptor, with the face's own metrics. */
static mz_status font_descriptor(mz_pw *w, const mz_pfont *p, const char *base, mz_hobj *ff, mz_hobj **out)
{
    mz_hdoc *h = w->h;
    const mz_font *f = p->f;
    double k = 1000.0 / f->upem;
    int flags = 4; /* symbolic: glyphs are reached by GID, not by a standard encoding */
    if (f->fixed_pitch) flags |= 1;
    if (f->serif) flags |= 2;
    if (f->italic_angle) flags |= 64;
    mz_hobj *fd = mz_hdict(h), *bb = mz_harray(h);
    mz_hadd_name(h, fd, "Type", "FontDescriptor");
    mz_hadd_name(h, fd, "FontName", base);
    mz_hadd_int(h, fd, "Flags", flags);
    for (int i = 0; i < 4; i++) mz_hadd_int(h, bb, NULL, (int32_t)lround(f->bbox[i] * k));
    mz_hadd(h, fd, "FontBBox", bb);
    mz_hadd_int(h, fd, "ItalicAngle", f->italic_angle);
    mz_hadd_int(h, fd, "Ascent", (int32_t)lround(f->ascender * k));
    mz_hadd_int(h, fd, "Descent", (int32_t)lround(f->descender * k));
    mz_hadd_int(h, fd, "CapHeight", (int32_t)lround((f->cap_height ? f->cap_height : f->ascender) * k));
    if (f->x_height) mz_hadd_int(h, fd, "XHeight", (int32_t)lround(f->x_height * k));
    mz_hadd_int(h, fd, "StemV", 80); /* not in the font; a conventional value */
    mz_hadd(h, fd, "FontFile2", ff);
    *out = mz_hindirect(h, fd);
    return mz_hdoc_status(h);
}

/* /W: the widths of the drawn glyphs, "1 [w1 w2 ...]" (the CIDs are
 * consecutive). */
static mz_hobj *widths(mz_pw *w, const mz_pfont *p)
{
    mz_hdoc *h = w->h;
    mz_hobj *wa = mz_harray(h), *grp = mz_harray(h);
    for (unsigned c = 1; c <= p->ncid && !mz_hdoc_status(h); c++) {
        double gw = mz_pdf_gwidth(p, p->cid_gid[c]);
        if (gw == floor(gw)) mz_hadd_int(h, grp, NULL, (int32_t)gw);
        else mz_hadd_real(h, grp, NULL, (float)gw);
    }
    if (p->ncid) {
        mz_hadd_int(h, wa, NULL, 1);
        mz_hadd(h, wa, NULL, grp);
    }
    return wa;
}

/* The CIDFontType2: MAP takes the CIDs (mz_pdf_cid) to the subset's GIDs. */
static mz_status cid_font(mz_pw *w, const mz_pfont *p, const char *base, mz_hobj *fd, mz_hobj *map, mz_hobj **out)
{
    mz_hdoc *h = w->h;
    mz_hobj *cid = mz_hdict(h), *si = mz_hdict(h);
    mz_hadd_name(h, cid, "Type", "Font");
    mz_hadd_name(h, cid, "Subtype", "CIDFontType2");
    mz_hadd_name(h, cid, "BaseFont", base);
    mz_hadd_str(h, si, "Registry", "Adobe");
    mz_hadd_str(h, si, "Ordering", "Identity");
    mz_hadd_int(h, si, "Supplement", 0);
    mz_hadd(h, cid, "CIDSystemInfo", si);
    mz_hadd(h, cid, "FontDescriptor", fd);
    mz_hadd(h, cid, "CIDToGIDMap", map);
    mz_hadd_int(h, cid, "DW", 0);
    mz_hadd(h, cid, "W", widths(w, p));
    *out = mz_hindirect(h, cid);
    return mz_hdoc_status(h);
}

/* Fills the Type0 font of variant V, which pages refer to already. */
static mz_status type0_font(mz_pw *w, const mz_pfont *p, int v, const char *base, mz_hobj *cid)
{
    mz_hdoc *h = w->h;
    mz_hobj *tu = NULL, *t0 = p->var[v].type0;
    mz_status st = tounicode_stream(w, p, &p->var[v], &tu);
    if (st) return st;
    mz_hadd_name(h, t0, "Type", "Font");
    mz_hadd_name(h, t0, "Subtype", "Type0");
    mz_hadd_name(h, t0, "BaseFont", base);
    mz_hadd_name(h, t0, "Encoding", "Identity-H");
    mz_hobj *desc = mz_harray(h);
    mz_hadd(h, desc, NULL, cid);
    mz_hadd(h, t0, "DescendantFonts", desc);
    return mz_hadd(h, t0, "ToUnicode", tu);
}

/* Completes the font: subset program, descriptor, CIDFont with /W, and per
 * variant its ToUnicode and Type0 font. */
mz_status mz_pdf_finish_font(mz_pw *w, mz_pfont *p)
{
    mz_hobj *ff = NULL, *fd = NULL, *cid = NULL, *map = NULL;
    char tag[7], base[200];
    mz_status st = font_file(w, p, &ff, &map);
    if (st) return st;
    subset_tag(p, tag);
    snprintf(base, sizeof base, "%s+%s", tag, p->f->psname && *p->f->psname ? p->f->psname : "Font");
    if ((st = font_descriptor(w, p, base, ff, &fd)) || (st = cid_font(w, p, base, fd, map, &cid))) return st;
    for (int v = 0; v < p->nvar && !st; v++) st = type0_font(w, p, v, base, cid);
    return st;
}

/* ---- ToUnicode variants -------------------------------------------------------------- */

/* A glyph has one ToUnicode entry per font dictionary, but may stand for
 * different text in different places (a mirrored bracket, a shared form, a
 * mark a ligature absorbed).  Each face has variants: Type0 dicts that
 * share its CIDFont and font program and differ only in ToUnicode.  A use
 * goes to the first variant whose entry for the glyph is the same or still
 * free.  Clients do not start a new text line at a change between them
 * (pdf.js compares the font names, which are equal). */
#define MZ_TOUNICODE_VARIANTS 64 /* beyond this, a use shares the last variant's entry */

static int same_text(const mz_pfont *p, uint32_t e, const uint32_t *s, uint32_t n)
{
    const uint32_t *q = p->pool + e - 1;
    return q[0] == n && !memcmp(q + 1, s, n * sizeof *s);
}

static int new_variant(mz_pw *w, mz_pfont *p)
{
    if (!mz_grow((void **)&p->var, &p->capvar, (size_t)p->nvar + 1, sizeof *p->var)) return 0;
    mz_pvar *nv = &p->var[p->nvar];
    nv->map = calloc(p->nglyphs ? p->nglyphs : 1, sizeof *nv->map);
    nv->type0 = !nv->map ? NULL : p->nvar ? mz_hindirect(w->h, mz_hdict(w->h)) : p->type0;
    if (!nv->type0) {
        free(nv->map);
        return 0;
    }
    p->nvar++;
    return 1;
}

/* The first variant whose entry for G is S or free, made or filled as needed. */
int mz_pdf_variant(mz_pw *w, mz_pfont *p, uint32_t g, const uint32_t *s, uint32_t n)
{
    int v = 0;
    while (v < p->nvar && p->var[v].map[g] && !same_text(p, p->var[v].map[g], s, n)) v++;
    if (v == MZ_TOUNICODE_VARIANTS) return v - 1;
    if (v == p->nvar && !new_variant(w, p)) return -1;
    if (!p->var[v].map[g]) {
        if (!mz_grow((void **)&p->pool, &p->cappool, p->npool + n + 1, sizeof *p->pool)) return -1;
        p->pool[p->npool] = n;
        memcpy(p->pool + p->npool + 1, s, n * sizeof *s);
        p->var[v].map[g] = (uint32_t)p->npool + 1;
        p->npool += n + 1;
    }
    return v;
}

/* ---- glyphs the reading-order helpers draw ------------------------------------------- */

/* An empty glyph with no advance, to carry a directional mark for one
 * client without moving or showing anything. */
mz_status mz_pdf_zw_glyph(mz_pw *w, mz_pfont *p, uint32_t *gid)
{
    if (p->zw < 0) {
        static const uint32_t cps[] = {0x200F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E};
        hb_glyph_extents_t ext;
        p->zw = 0;
        for (size_t i = 0; i < sizeof cps / sizeof *cps && !p->zw; i++) {
            hb_codepoint_t g;
            if (hb_font_get_nominal_glyph(p->f->hb, cps[i], &g) && g && g < p->nglyphs &&
                hb_font_get_glyph_h_advance(p->f->hb, g) == 0 &&
                (!hb_font_get_glyph_extents(p->f->hb, g, &ext) || (ext.width == 0 && ext.height == 0)))
                p->zw = (int)g;
        }
        for (unsigned g = 1; g < p->nglyphs && !p->zw; g++)
            if (hb_font_get_glyph_h_advance(p->f->hb, g) == 0 &&
                (!hb_font_get_glyph_extents(p->f->hb, g, &ext) || (ext.width == 0 && ext.height == 0)))
                p->zw = (int)g;
    }
    *gid = (uint32_t)p->zw;
    if (p->zw) hb_set_add(p->gids, (hb_codepoint_t)p->zw);
    return hb_set_allocation_successful(p->gids) ? MZ_OK
                                                 : mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
}

void mz_pdf_font_free(mz_pfont *p)
{
    if (p->gids) hb_set_destroy(p->gids);
    for (int v = 0; v < p->nvar; v++) free(p->var[v].map);
    free(p->var);
    free(p->pool);
    free(p->rev);
    free(p->in_gids);
    free(p->adv);
    free(p->cid);
    free(p->cid_gid);
    free(p->form); /* the forms themselves belong to the document */
    memset(p, 0, sizeof *p);
}
