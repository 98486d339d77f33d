/* shape_face.c - whether a face's words can be shaped apart: its lookups' reach across spaces. */
#include "text/shape_int.h"

#include <hb-ot.h>

static int has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *b = hb_face_reference_table(face, tag);
    unsigned n = hb_blob_get_length(b);
    hb_blob_destroy(b);
    return n > 0;
}

/* Bounds-checked big-endian reads from a layout table. */
typedef struct otab {
    const uint8_t *d;
    size_t n;
} otab;

static unsigned u16(const otab *t, size_t off) { return off + 2 <= t->n ? (unsigned)(t->d[off] << 8 | t->d[off + 1]) : 0; }

static size_t u32(const otab *t, size_t off)
{
    return off + 4 <= t->n ? (size_t)t->d[off] << 24 | (size_t)t->d[off + 1] << 16 | (size_t)t->d[off + 2] << 8 | t->d[off + 3]
                           : 0;
}

/* One chaining rule at OFF: backtrack count, input (count - 1 entries),
 * lookahead count. */
static void chain_rule(const otab *t, size_t off, unsigned *back, unsigned *ahead)
{
    unsigned nb = u16(t, off);
    size_t o = off + 2 + 2 * (size_t)nb;
    unsigned ni = u16(t, o);
    o += 2 + 2 * (size_t)(ni ? ni - 1 : 0);
    unsigned na = u16(t, o);
    if (nb > *back) *back = nb;
    if (na > *ahead) *ahead = na;
}

/* Longest backtrack and lookahead of a chaining-context subtable at OFF
 * (GSUB 6 / GPOS 8, formats 1-3). */
static void chain_lengths(const otab *t, size_t off, unsigned *back, unsigned *ahead)
{
    unsigned fmt = u16(t, off);
    if (fmt == 3) {
        unsigned nb = u16(t, off + 2);
        size_t o = off + 4 + 2 * (size_t)nb;
        unsigned ni = u16(t, o);
        o += 2 + 2 * (size_t)ni;
        unsigned na = u16(t, o);
        if (nb > *back) *back = nb;
        if (na > *ahead) *ahead = na;
        return;
    }
    if (fmt != 1 && fmt != 2) return;
    size_t sets = fmt == 1 ? off + 4 : off + 10;
    unsigned nsets = u16(t, sets);
    for (unsigned i = 0; i < nsets; i++) {
        unsigned so = u16(t, sets + 2 + 2 * (size_t)i);
        if (!so) continue;
        size_t set = off + so;
        unsigned nr = u16(t, set);
        for (unsigned r = 0; r < nr; r++) {
            unsigned ro = u16(t, set + 2 + 2 * (size_t)r);
            if (ro) chain_rule(t, set + ro, back, ahead);
        }
    }
}

/* Context reach of GPOS lookup LI: the longest backtrack and lookahead of
 * its chaining subtables.  0 when the lookup skips more than marks (it
 * could then look past a whole piece) or is not a chaining lookup. */
static int gpos_reach(const otab *t, unsigned li, unsigned *back, unsigned *ahead)
{
    size_t ll = u16(t, 8);
    if (!ll || li >= u16(t, ll)) return 0;
    size_t lk = ll + u16(t, ll + 2 + 2 * (size_t)li);
    unsigned type = u16(t, lk), flag = u16(t, lk + 2), nsub = u16(t, lk + 4);
    if (flag & 0x6) return 0; /* IgnoreBaseGlyphs, IgnoreLigatures */
    for (unsigned i = 0; i < nsub; i++) {
        size_t st = lk + u16(t, lk + 6 + 2 * (size_t)i);
        unsigned ty = type;
        if (ty == 9) { /* extension */
            ty = u16(t, st + 2);
            st += u32(t, st + 4);
        }
        if (ty != 8) return 0;
        chain_lengths(t, st, back, ahead);
    }
    return 1;
}

/* Can pieces of runs in this font be shaped apart?  Not when a GSUB lookup
 * names the space glyph, or a GPOS lookup takes it as input (kerning
 * against spaces).  GPOS chaining lookups that only look across a space
 * (Amiri kerns an initial kaf after a word ending in heh: backtrack
 * "space heh") move only their input glyphs: those go into *CTX, pieces
 * holding one are never cached, and they are shaped together with as many
 * pieces around them as the lookups look back (*BACK) and ahead (*AHEAD). */
int mz_wc_font_usable(mz_font *f, hb_set_t **ctx, unsigned *back, unsigned *ahead)
{
    *ctx = NULL;
    *back = *ahead = 0;
    hb_codepoint_t sp;
    if (!hb_font_get_nominal_glyph(f->hb, 0x20, &sp)) return 0;
    if (has_table(f->face, HB_TAG('k', 'e', 'r', 'n')) || has_table(f->face, HB_TAG('m', 'o', 'r', 'x')) ||
        has_table(f->face, HB_TAG('k', 'e', 'r', 'x')) || has_table(f->face, HB_TAG('m', 'o', 'r', 't')))
        return 0;
    hb_set_t *bef = hb_set_create(), *in = hb_set_create(), *out = hb_set_create();
    hb_set_t *acc = hb_set_create();
    hb_blob_t *gpos = hb_face_reference_table(f->face, HB_OT_TAG_GPOS);
    unsigned glen;
    const char *gdata = hb_blob_get_data(gpos, &glen);
    otab gt = {(const uint8_t *)gdata, glen};
    /* GSUB: any lookup naming the space, in any role, rules the face out,
     * so all of them are collected into one set: clearing sets between
     * lookups made HarfBuzz build and sort their pages again each time */
    unsigned nsub = hb_ot_layout_table_get_lookup_count(f->face, HB_OT_TAG_GSUB);
    for (unsigned i = 0; i < nsub; i++) hb_ot_layout_lookup_collect_glyphs(f->face, HB_OT_TAG_GSUB, i, out, out, out, out);
    int ok = !hb_set_has(out, sp);
    unsigned npos = hb_ot_layout_table_get_lookup_count(f->face, HB_OT_TAG_GPOS);
    for (unsigned i = 0; i < npos && ok; i++) {
        hb_set_clear(bef); /* before and after: the space there is kerning across it */
        hb_set_clear(in);
        hb_set_clear(out);
        hb_ot_layout_lookup_collect_glyphs(f->face, HB_OT_TAG_GPOS, i, bef, in, bef, out);
        int around = hb_set_has(bef, sp);
        if (hb_set_has(in, sp) || hb_set_has(out, sp)) ok = 0;
        else if (around && !gpos_reach(&gt, i, back, ahead)) ok = 0;
        else if (around) hb_set_union(acc, in);
    }
    ok = ok && hb_set_allocation_successful(bef) && hb_set_allocation_successful(in) &&
         hb_set_allocation_successful(out) && hb_set_allocation_successful(acc);
    hb_blob_destroy(gpos);
    hb_set_destroy(bef);
    hb_set_destroy(in);
    hb_set_destroy(out);
    if (ok && !hb_set_is_empty(acc)) *ctx = acc;
    else hb_set_destroy(acc);
    return ok;
}
