/* font.c - font faces (FreeType vets, HarfBuzz shapes), loaded once per file, and fontconfig fallbacks. */
#include "text/font.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include FT_TRUETYPE_TABLES_H

#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

#define MZ_MAX_FONT_FILE (64u << 20) /* 64 MiB: larger than any real text font */

#define FONT_ERR (errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_FONT)

mz_status mz_fonts_init(mz_fonts *fs, const char *font_dir, mz_diag *d)
{
    memset(fs, 0, sizeof *fs);
    mz_errno_watch();
    FT_Error e = FT_Init_FreeType(&fs->ft);
    if (e == FT_Err_Out_Of_Memory || errno == ENOMEM)
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory initialising FreeType");
    if (e) return mz_fail(d, MZ_ERR_FONT, "cannot initialise FreeType (error %d)", e);
    /* HarfBuzz makes its Unicode tables on first use and, if that fails,
     * keeps empty ones for the process: text would shape as unknown
     * characters.  Made here, where a failure can be told. */
    if (hb_unicode_funcs_get_default() == hb_unicode_funcs_get_empty()) {
        FT_Done_FreeType(fs->ft);
        fs->ft = NULL;
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory initialising HarfBuzz");
    }
    fs->font_dir = font_dir ? font_dir : MZ_FONT_DIR;
    return MZ_OK;
}

static void font_free(mz_font *f)
{
    if (!f) return;
    if (f->hb) hb_font_destroy(f->hb);
    if (f->face) hb_face_destroy(f->face);
    if (f->ft) FT_Done_Face(f->ft);
    if (f->blob) hb_blob_destroy(f->blob);
    free(f->path);
    free(f->psname);
    free(f->name);
    free(f->ink);
    free(f->ink_known);
    free(f->bmp_has);
    free(f);
}

void mz_fonts_free(mz_fonts *fs)
{
    for (int i = 0; i < fs->n; i++) font_free(fs->fonts[i]);
    if (fs->ft) FT_Done_FreeType(fs->ft);
    free(fs->fb_keys);
    free(fs->fb_vals);
    for (size_t i = 0; i < sizeof fs->caches / sizeof fs->caches[0]; i++)
        if (fs->caches[i].data && fs->caches[i].destroy) fs->caches[i].destroy(fs->caches[i].data);
    memset(fs, 0, sizeof *fs);
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* PDF names allow only regular characters; keep letters, digits, - and _. */
static char *sanitise_psname(const char *name, const char *path)
{
    const char *src = name;
    if (!src || !*src) {
        const char *slash = strrchr(path, '/');
        src = slash ? slash + 1 : path;
    }
    size_t n = strlen(src);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n && k < 63; i++) {
        char c = src[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '_')
            out[k++] = c;
        else if (c == '.')
            break; /* file extension */
    }
    if (!k) out[k++] = 'F';
    out[k] = 0;
    return out;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A truncated or damaged file still loads (FreeType and HarfBuzz quietly
 * ignore tables they cannot read), and then sets text without its joining
 * or marks.  Check that every table the directory lists lies inside the
 * file before trusting it. */
static int sfnt_intact(const unsigned char *p, size_t n, char *why, size_t whylen)
{
    if (n < 12) {
        snprintf(why, whylen, "%zu bytes is too short for a font", n);
        return 0;
    }
    size_t off = 0;
    if (memcmp(p, "ttcf", 4) == 0) { /* a collection: check its first face */
        if (n < 16) {
            snprintf(why, whylen, "truncated collection header");
            return 0;
        }
        off = be32(p + 12);
        if (off > n - 12) {
            snprintf(why, whylen, "the first face lies past the end of the file");
            return 0;
        }
    }
    unsigned ntables = (unsigned)p[off + 4] << 8 | p[off + 5];
    if (off + 12 + 16 * (size_t)ntables > n) {
        snprintf(why, whylen, "the table directory (%u tables) is cut off", ntables);
        return 0;
    }
    for (unsigned i = 0; i < ntables; i++) {
        const unsigned char *r = p + off + 12 + 16 * i;
        uint32_t to = be32(r + 8), tl = be32(r + 12);
        if ((uint64_t)to + tl > n) {
            snprintf(why, whylen, "table '%c%c%c%c' runs past the end of the file (truncated?)",
                     r[0] >= 32 && r[0] < 127 ? r[0] : '?', r[1] >= 32 && r[1] < 127 ? r[1] : '?',
                     r[2] >= 32 && r[2] < 127 ? r[2] : '?', r[3] >= 32 && r[3] < 127 ? r[3] : '?');
            return 0;
        }
    }
    return 1;
}

/* HarfBuzz loads a face's tables on first use and, when an allocation
 * fails there, keeps an empty table for the face's life: the document would
 * shape without GSUB, or measure every glyph as inkless, and say nothing.
 * Loading them now, while errno is watched, turns that into an error.  The
 * layout tables wait for the face's first shaping (mz_font_warm_layout):
 * a family's four faces are loaded and a short document shapes in one or
 * two, and Amiri's GSUB and GPOS take ~1.9 M instructions to load. */
static int warm_tables(mz_font *f)
{
    hb_codepoint_t g = 0;
    hb_glyph_extents_t e;
    /* HarfBuzz makes its font functions once per process; when that failed
     * (in whichever thread) they are empty and every character reads as
     * missing: FreeType must find the face's first character there too */
    FT_UInt ft_gid = 0;
    FT_ULong first = FT_Get_First_Char(f->ft, &ft_gid);
    if (ft_gid && !hb_font_get_nominal_glyph(f->hb, (hb_codepoint_t)first, &g)) return 0;
    hb_font_get_nominal_glyph(f->hb, 0x20, &g);
    hb_font_get_glyph_h_advance(f->hb, g);
    /* an empty glyph (a space, often .notdef) is measured without them */
    static const uint32_t inked[] = {0x0627, 'a', 'H', '0'};
    for (size_t i = 0; i < sizeof inked / sizeof *inked; i++)
        if (hb_font_get_nominal_glyph(f->hb, inked[i], &g)) hb_font_get_glyph_extents(f->hb, g, &e);
    for (hb_codepoint_t i = 0; i < 4 && i < f->nglyphs; i++) hb_font_get_glyph_extents(f->hb, i, &e);
    return 1;
}

/* Checks that PATH names a regular font file of a sane size and writes its
 * canonical path to REAL (PATH_MAX bytes).  0 and a message when not. */
static int check_file(const char *path, char *real, mz_diag *d)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return mz_fail(d, MZ_ERR_FONT, "font '%s': %s", path, strerror(errno)), 0;
    if (S_ISDIR(st.st_mode))
        return mz_fail(d, MZ_ERR_FONT, "font '%s': is a directory, not a font file", path), 0;
    if (!S_ISREG(st.st_mode))
        return mz_fail(d, MZ_ERR_FONT, "font '%s': not a regular file", path), 0;
    if ((unsigned long long)st.st_size > MZ_MAX_FONT_FILE)
        return mz_fail(d, MZ_ERR_FONT, "font '%s': larger than the 64 MiB limit for font files", path), 0;
    if (!realpath(path, real)) snprintf(real, PATH_MAX, "%s", path);
    return 1;
}

/* Reads the font file REAL and opens its first face with FreeType (which
 * vets it) and HarfBuzz.  NULL and a message when it is not a usable
 * TrueType/OpenType font. */
static mz_font *open_face(mz_fonts *fs, const char *path, const char *real, mz_diag *d)
{
    mz_font *f = calloc(1, sizeof *f);
    if (!f) return mz_fail(d, MZ_ERR_NOMEM, "out of memory loading font '%s'", path), NULL;
    f->path = strdup(real);
    f->blob = hb_blob_create_from_file_or_fail(real);
    if (!f->path || !f->blob) {
        font_free(f);
        return mz_fail(d, FONT_ERR, "font '%s': cannot read the file", path), NULL;
    }
    unsigned len;
    const char *data = hb_blob_get_data(f->blob, &len);
    char why[128];
    if (!sfnt_intact((const unsigned char *)data, len, why, sizeof why)) {
        font_free(f);
        return mz_fail(d, FONT_ERR, "font '%s': damaged: %s", path, why), NULL;
    }
    FT_Error err = FT_New_Memory_Face(fs->ft, (const FT_Byte *)data, (FT_Long)len, 0, &f->ft);
    if (err || !f->ft) {
        f->ft = NULL;
        font_free(f);
        return mz_fail(d, FONT_ERR, "font '%s': not a usable font file (FreeType error %d)", path, err), NULL;
    }
    if (!FT_IS_SFNT(f->ft) || !FT_IS_SCALABLE(f->ft)) {
        font_free(f);
        return mz_fail(d, FONT_ERR, "font '%s': not a TrueType/OpenType font", path), NULL;
    }
    f->face = hb_face_create(f->blob, 0);
    f->upem = hb_face_get_upem(f->face);
    if (hb_face_get_glyph_count(f->face) == 0 || f->upem < 16 || f->upem > 16384) {
        font_free(f);
        return mz_fail(d, FONT_ERR, "font '%s': damaged (no glyphs or bad units per em)", path), NULL;
    }
    f->hb = hb_font_create(f->face);
    f->nglyphs = hb_face_get_glyph_count(f->face);
    hb_font_set_scale(f->hb, (int)f->upem, (int)f->upem);
    return f;
}

/* Vertical metrics (hhea/OS/2), embedding bits, style hints and bbox. */
static void read_metrics(mz_font *f)
{
    hb_font_extents_t ext;
    hb_font_get_h_extents(f->hb, &ext);
    f->ascender = ext.ascender;
    f->descender = ext.descender;
    f->line_gap = ext.line_gap;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(f->ft, FT_SFNT_OS2);
    TT_Postscript *post = FT_Get_Sfnt_Table(f->ft, FT_SFNT_POST);
    if (os2) {
        f->fs_type = os2->fsType;
        f->cap_height = os2->version >= 2 ? os2->sCapHeight : 0;
        f->x_height = os2->version >= 2 ? os2->sxHeight : 0;
        /* sFamilyClass high byte 1..7 are serif classes */
        int cls = os2->sFamilyClass >> 8;
        f->serif = cls >= 1 && cls <= 7;
    }
    if (!f->cap_height) f->cap_height = (int)(f->ascender * 0.7);
    if (post) {
        f->italic_angle = (int)(post->italicAngle >> 16);
        f->fixed_pitch = post->isFixedPitch != 0;
    }
    f->bbox[0] = (int)f->ft->bbox.xMin;
    f->bbox[1] = (int)f->ft->bbox.yMin;
    f->bbox[2] = (int)f->ft->bbox.xMax;
    f->bbox[3] = (int)f->ft->bbox.yMax;
}

/* "Noto Naskh Arabic Bold": the face's family and style names, for messages
 * (the PostScript name when the font has no family name). */
static char *face_name(struct FT_FaceRec_ *ft, const char *psname)
{
    const char *fam = ft->family_name, *sty = ft->style_name;
    if (!fam || !*fam) return psname ? strdup(psname) : NULL;
    size_t n = strlen(fam) + (sty ? strlen(sty) : 0) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s%s", fam, sty && *sty ? " " : "", sty ? sty : "");
    return s;
}

/* Loads the font file PATH, or finds it loaded already: its index, or -1
 * and a message. */
static int load_file(mz_fonts *fs, const char *path, mz_diag *d)
{
    char real[PATH_MAX];
    if (!check_file(path, real, d)) return -1;
    for (int i = 0; i < fs->n; i++)
        if (strcmp(fs->fonts[i]->path, real) == 0) return i;
    if (fs->n >= MZ_MAX_FONTS)
        return mz_fail(d, MZ_ERR_LIMIT, "font '%s': more than %d font faces in one document", path,
                       MZ_MAX_FONTS),
               -1;

    /* FreeType and HarfBuzz report a failed allocation as a bad font (or
     * not at all): errno tells, as malloc sets it */
    mz_errno_watch();
    mz_font *f = open_face(fs, path, real, d);
    if (!f) return -1;
    f->psname = sanitise_psname(FT_Get_Postscript_Name(f->ft), real);
    f->name = face_name(f->ft, f->psname);
    if (!f->psname || !f->name) {
        font_free(f);
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory loading font '%s'", path), -1;
    }
    read_metrics(f);
    if (!warm_tables(f)) errno = ENOMEM; /* empty functions come of a failed allocation */
    if (errno == ENOMEM) { /* a table HarfBuzz or FreeType left out: the font would work differently */
        font_free(f);
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory loading font '%s'", path), -1;
    }
    fs->fonts[fs->n] = f;
    return fs->n++;
}

/* fontconfig: the file of the best match for a pattern string, if its family
 * really is the one asked for (fontconfig always returns *something*). */
static char *fc_find(const char *spec)
{
    char *result = NULL;
    FcPattern *pat = FcNameParse((const FcChar8 *)spec);
    if (!pat) return NULL;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, pat, &res);
    FcChar8 *want = NULL, *got = NULL, *file = NULL;
    FcPatternGetString(pat, FC_FAMILY, 0, &want);
    if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
        int ok = !want;
        for (int i = 0; !ok && FcPatternGetString(m, FC_FAMILY, i, &got) == FcResultMatch; i++)
            if (strcasecmp((const char *)got, (const char *)want) == 0) ok = 1;
        if (ok) result = strdup((const char *)file);
    }
    if (m) FcPatternDestroy(m);
    FcPatternDestroy(pat);
    return result;
}

/* Is the match M of the family WANT (any of its family names)? */
static int fc_is_family(FcPattern *m, const FcChar8 *want)
{
    FcChar8 *got = NULL;
    for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &got) == FcResultMatch; i++)
        if (strcasecmp((const char *)got, (const char *)want) == 0) return 1;
    return 0;
}

/* fontconfig: the file of SPEC's family in bold and/or italic.  fontconfig
 * answers with the nearest face it has, so the best match must be that
 * family, that weight and that slant; and a single face (index 0, not a
 * variable font's axes), since that is what load_file reads.  FcFontSort,
 * not FcFontMatch: a match is prepared for rendering, and the system's
 * "synthetic" rules there call a Regular face found for an italic oblique
 * (with a slanting matrix) and one found for a bold, bold (emboldened). */
static char *fc_find_style(const char *spec, int bold, int italic)
{
    char *result = NULL;
    FcPattern *pat = FcNameParse((const FcChar8 *)spec);
    if (!pat) return NULL;
    FcPatternDel(pat, FC_STYLE); /* "Family:style=Light" would outrank the weight */
    FcPatternDel(pat, FC_WEIGHT);
    FcPatternDel(pat, FC_SLANT);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
    FcPattern *m = set && set->nfont > 0 ? set->fonts[0] : NULL;
    FcChar8 *want = NULL, *file = NULL;
    int weight = 0, slant = 0, index = 0;
    FcBool variable = FcFalse;
    if (m && FcPatternGetString(pat, FC_FAMILY, 0, &want) == FcResultMatch && fc_is_family(m, want) &&
        FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetInteger(m, FC_WEIGHT, 0, &weight) == FcResultMatch &&
        FcPatternGetInteger(m, FC_SLANT, 0, &slant) == FcResultMatch) {
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        FcPatternGetBool(m, FC_VARIABLE, 0, &variable);
        int weight_ok = bold ? weight >= FC_WEIGHT_DEMIBOLD : weight < FC_WEIGHT_DEMIBOLD;
        int slant_ok = italic ? slant != FC_SLANT_ROMAN : slant == FC_SLANT_ROMAN;
        if (weight_ok && slant_ok && index == 0 && !variable) result = strdup((const char *)file);
    }
    if (set) FcFontSetDestroy(set);
    FcPatternDestroy(pat);
    return result;
}

/* A file name or path rather than a fontconfig family. */
static int spec_is_path(const char *spec)
{
    return strchr(spec, '/') != NULL || strstr(spec, ".ttf") || strstr(spec, ".otf") || strstr(spec, ".TTF") ||
           strstr(spec, ".OTF");
}

int mz_fonts_load(mz_fonts *fs, const char *spec, mz_diag *d)
{
    char path[PATH_MAX];
    if (!spec || !*spec) return mz_fail(d, MZ_ERR_FONT, "empty font name"), -1;
    if (spec_is_path(spec)) {
        if (!strchr(spec, '/')) {
            snprintf(path, sizeof path, "%s/%s", fs->font_dir, spec);
            if (is_file(path)) return load_file(fs, path, d);
            if (!is_file(spec))
                return mz_fail(d, MZ_ERR_FONT,
                               "font '%s': not in the font directory %s nor the current directory "
                               "(see --font-dir or MUJAZ_FONT_DIR)",
                               spec, fs->font_dir),
                       -1;
        }
        return load_file(fs, spec, d);
    }
    char *file = fc_find(spec);
    if (!file)
        return mz_fail(d, MZ_ERR_FONT, "font '%s': no such font file or installed family", spec), -1;
    int i = load_file(fs, file, d);
    free(file);
    return i;
}

int mz_font_is_family(const char *spec) { return spec && *spec && !spec_is_path(spec); }

int mz_fonts_load_style(mz_fonts *fs, const char *spec, int bold, int italic, mz_diag *d)
{
    if (!spec || !*spec || spec_is_path(spec)) return MZ_FONT_NO_FACE;
    mz_errno_watch();
    char *file = fc_find_style(spec, bold, italic);
    if (!file)
        return errno == ENOMEM ? mz_fail(d, MZ_ERR_NOMEM, "out of memory looking up font '%s'", spec), -1
                               : MZ_FONT_NO_FACE;
    int i = load_file(fs, file, d);
    free(file);
    return i;
}

void mz_font_ink(mz_font *f, uint32_t gid, int *top, int *bottom)
{
    if (!f->ink && f->nglyphs) {
        f->ink = malloc(2 * (size_t)f->nglyphs * sizeof *f->ink);
        f->ink_known = calloc(f->nglyphs, 1);
        if (!f->ink || !f->ink_known) { /* no cache: ask HarfBuzz each time */
            free(f->ink);
            free(f->ink_known);
            f->ink = NULL;
            f->ink_known = NULL;
        }
    }
    if (f->ink && gid < f->nglyphs && f->ink_known[gid]) {
        *top = f->ink[2 * gid];
        *bottom = f->ink[2 * gid + 1];
        return;
    }
    hb_glyph_extents_t e;
    if (!hb_font_get_glyph_extents(f->hb, gid, &e)) e.y_bearing = e.height = 0;
    *top = e.y_bearing;
    *bottom = e.y_bearing + e.height;
    if (f->ink && gid < f->nglyphs && *top >= INT16_MIN && *top <= INT16_MAX &&
        *bottom >= INT16_MIN && *bottom <= INT16_MAX) {
        f->ink[2 * gid] = (int16_t)*top;
        f->ink[2 * gid + 1] = (int16_t)*bottom;
        f->ink_known[gid] = 1;
    }
}

int mz_font_warm_layout(mz_font *f)
{
    if (f->layout_warm) return f->layout_warm > 0;
    mz_errno_watch();
    hb_ot_layout_table_get_lookup_count(f->face, HB_OT_TAG_GSUB);
    hb_ot_layout_table_get_lookup_count(f->face, HB_OT_TAG_GPOS);
    hb_ot_layout_has_glyph_classes(f->face);
    f->layout_warm = errno == ENOMEM ? -1 : 1;
    return f->layout_warm > 0;
}

int mz_font_has(const mz_font *f, uint32_t c)
{
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(f->hb, c, &g) && g != 0;
}

/* ---- fallback ------------------------------------------------------------- */

static size_t fb_slot(const mz_fonts *fs, uint32_t c)
{
    size_t h = (c * 2654435761u) & (fs->fb_cap - 1);
    while (fs->fb_vals[h] && fs->fb_keys[h] != c) h = (h + 1) & (fs->fb_cap - 1);
    return h;
}

static int fb_memo(mz_fonts *fs, uint32_t c, int val)
{
    if (fs->fb_n * 2 >= fs->fb_cap) {
        size_t ncap = fs->fb_cap ? fs->fb_cap * 2 : 64;
        uint32_t *ok = fs->fb_keys;
        int *ov = fs->fb_vals;
        size_t ocap = fs->fb_cap;
        fs->fb_keys = calloc(ncap, sizeof *fs->fb_keys);
        fs->fb_vals = calloc(ncap, sizeof *fs->fb_vals);
        if (!fs->fb_keys || !fs->fb_vals) {
            free(fs->fb_keys);
            free(fs->fb_vals);
            fs->fb_keys = ok;
            fs->fb_vals = ov;
            return 0;
        }
        fs->fb_cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (ov[i]) {
                size_t h = fb_slot(fs, ok[i]);
                fs->fb_keys[h] = ok[i];
                fs->fb_vals[h] = ov[i];
            }
        free(ok);
        free(ov);
    }
    size_t h = fb_slot(fs, c);
    if (!fs->fb_vals[h]) fs->fb_n++;
    fs->fb_keys[h] = c;
    fs->fb_vals[h] = val;
    return 1;
}

/* Returns font index + 1 of an installed font covering c, -1 (none), or
 * -2 when one exists but the document has MZ_MAX_FONTS faces already. */
static int fc_fallback(mz_fonts *fs, uint32_t c)
{
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    int found = -1;
    if (!pat || !cs) goto out;
    FcCharSetAddChar(cs, c);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
    for (int i = 0; set && i < set->nfont && found < 0 && i < 32; i++) {
        FcCharSet *fcs = NULL;
        FcChar8 *file = NULL;
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &fcs) != FcResultMatch ||
            !FcCharSetHasChar(fcs, c))
            continue;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        const char *f = (const char *)file;
        size_t n = strlen(f);
        /* glyph-ID embedding needs TrueType outlines (see pdf.c) */
        if (n < 4 || strcasecmp(f + n - 4, ".ttf") != 0) continue;
        mz_diag quiet = {0};
        int idx = load_file(fs, f, &quiet);
        if (idx >= 0 && mz_font_has(fs->fonts[idx], c)) found = idx + 1;
        else if (quiet.status == MZ_ERR_LIMIT) found = -2;
    }
    if (set) FcFontSetDestroy(set);
out:
    if (cs) FcCharSetDestroy(cs);
    if (pat) FcPatternDestroy(pat);
    return found;
}

/* mz_font_has through a memo of the BMP: itemizing asks for every
 * character, and HarfBuzz's cmap lookup costs ~150 instructions.  Without
 * memory for the memo it only asks HarfBuzz. */
static int font_has_memo(mz_font *f, uint32_t c)
{
    if (c > 0xFFFF) return mz_font_has(f, c);
    if (!f->bmp_has) f->bmp_has = calloc(0x10000 / 4, 1);
    if (!f->bmp_has) return mz_font_has(f, c);
    unsigned bits = f->bmp_has[c >> 2] >> ((c & 3) * 2) & 3;
    if (bits) return (int)(bits >> 1);
    int has = mz_font_has(f, c);
    f->bmp_has[c >> 2] |= (uint8_t)((1u | (unsigned)has << 1) << ((c & 3) * 2));
    return has;
}

int mz_fonts_for_char(mz_fonts *fs, int preferred, uint32_t c, mz_diag *d)
{
    if (font_has_memo(fs->fonts[preferred], c)) return preferred;
    /* a face whose character map HarfBuzz could not load has no characters */
    if (errno == ENOMEM) return mz_fail(d, MZ_ERR_NOMEM, "out of memory looking up U+%04X", (unsigned)c), preferred;
    /* another face already loaded (e.g. the fallback of a neighbour) */
    if (fs->fb_cap) {
        size_t h = fb_slot(fs, c);
        if (fs->fb_vals[h]) return fs->fb_vals[h] > 0 ? fs->fb_vals[h] - 1 : preferred;
    }
    int found = fc_fallback(fs, c);
    fb_memo(fs, c, found > 0 ? found : -1);
    if (found > 0) return found - 1;
    if (found == -2)
        mz_warn(d, "U+%04X needs another font, but the document already uses %d font faces (the limit); "
                   "it will show as a missing-glyph box", (unsigned)c, MZ_MAX_FONTS);
    else
        mz_warn(d, "no installed font has a glyph for U+%04X; it will show as a missing-glyph box", (unsigned)c);
    return preferred;
}
