/* itemize.c - a paragraph's runs of one bidi level, script, font and style; which digits are its text's. */
#include "text/itemize.h"

#include "text/bidi.h"
#include "text/chars.h"

#include <stdlib.h>
#include <string.h>

/* FriBidi and HarfBuzz index with int, and each character costs ~60 bytes
 * through the pipeline: 16 M characters (a 30 MB paragraph) bounds both. */
#define MZ_MAX_PARA_CHARS (16 * 1024 * 1024)

static int is_real_script(hb_script_t s)
{
    return s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN;
}

static int pick_face(const mz_para_style *st, unsigned style)
{
    if ((style & MZ_STYLE_CODE) && st->font_code > 0) return st->font_code - 1;
    int b = (style & MZ_STYLE_BOLD) != 0, i = (style & MZ_STYLE_ITALIC) != 0;
    if (b && i) return st->font_bold_italic;
    if (b) return st->font_bold;
    if (i) return st->font_italic;
    return st->font_regular;
}

void mz_para_free(mz_para *p)
{
    free(p->types);
    free(p->levels);
    free(p->iso);
    free(p->runs);
    free(p->glyphs);
    memset(p, 0, sizeof *p);
}

/* What each character of a paragraph is set with, before runs are cut. */
/* What each character of a paragraph being itemized has, 9 bytes of it
 * (a long paragraph's largest arrays while its runs are made): its style
 * and link are its span's, read through the span's index. */
typedef struct char_attrs {
    uint32_t *scripts; /* hb_script_t */
    uint8_t *fonts;    /* mz_fonts index */
    uint32_t *span;    /* index of the last span over it in p->spans, or NO_SPAN (a text of
                          at most 256 MiB has fewer spans) */
} char_attrs;

#define NO_SPAN UINT32_MAX
_Static_assert(MZ_MAX_FONTS <= 256, "a face's index is kept in a byte");

static void char_attrs_free(char_attrs *a)
{
    free(a->scripts);
    free(a->fonts);
    free(a->span);
}

static unsigned style_at(const mz_para *p, const char_attrs *a, size_t i)
{
    return a->span[i] == NO_SPAN ? 0 : p->spans[a->span[i]].style;
}

static int link_at(const mz_para *p, const char_attrs *a, size_t i)
{
    return a->span[i] == NO_SPAN ? -1 : p->spans[a->span[i]].link;
}

/* Styles and links from the spans. */
static void span_attrs(const mz_para *p, char_attrs *a)
{
    for (size_t i = 0; i < p->len; i++) a->span[i] = NO_SPAN;
    for (size_t s = 0; s < p->nspans; s++)
        for (size_t i = p->spans[s].start; i < p->spans[s].end && i < p->len; i++) a->span[i] = (uint32_t)s;
}

/* Scripts: Common and Inherited take the previous real script; a leading
 * run of them takes the first real script that follows. */
static void resolve_scripts(const mz_para *p, uint32_t *scripts)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_INVALID;
    for (size_t i = 0; i < p->len; i++) {
        hb_script_t s = hb_unicode_script(uf, p->u[i]);
        if (is_real_script(s)) last = s;
        scripts[i] = is_real_script(s) ? s : last;
    }
    hb_script_t next = HB_SCRIPT_INVALID;
    for (size_t i = p->len; i-- > 0;) {
        if (scripts[i] != HB_SCRIPT_INVALID) next = scripts[i];
        else scripts[i] = next != HB_SCRIPT_INVALID ? next : HB_SCRIPT_COMMON;
    }
}

/* A mirrored character (brackets, guillemets) is drawn by its run's script
 * and direction: Amiri's Arabic guillemets point the other way, so a closing
 * » that took the script of the Arabic word before it in a left-to-right
 * line shows as «.  Such a character takes the script of the nearest real-
 * script character at its own bidi level instead: the one before it (within
 * the same embedding: a lower level between them ends the search), else the
 * one after; when neither exists it keeps what resolve_scripts gave it.
 * HarfBuzz then mirrors it in right-to-left runs and not in left-to-right
 * ones, as for any run of that script.  The neutrals after it at its level
 * (a space, a full stop) follow it, as they follow any character's script. */
/* Can C be Bidi_Mirrored?  No for ASCII outside ()<>[]{} and for the
 * Arabic block, which hold most text: HarfBuzz is asked only about the rest. */
static int may_mirror(hb_unicode_funcs_t *uf, uint32_t c)
{
    if (c < 0x80) return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}';
    if (c >= 0x0600 && c <= 0x06FF) return 0;
    return hb_unicode_mirroring(uf, c) != c;
}

static void mirrored_scripts(const mz_para *p, uint32_t *scripts)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    /* only a mirrored character changes anything (carry starts at one) */
    size_t m = 0;
    while (m < p->len && !may_mirror(uf, p->u[m])) m++;
    if (m == p->len) return;
    uint32_t near[256]; /* per level: the real script last met at it, or INVALID */
    /* backward first (the one after), then forward (the one before), which wins */
    for (int forward = 0; forward < 2; forward++) {
        for (size_t l = 0; l < 256; l++) near[l] = HB_SCRIPT_INVALID;
        unsigned prev = 0;
        uint32_t carry = HB_SCRIPT_INVALID; /* forward: a mirrored character's, for the neutrals after it */
        for (size_t k = 0; k < p->len; k++) {
            size_t i = forward ? k : p->len - 1 - k;
            unsigned lv = p->levels[i];
            for (unsigned l = lv + 1; l <= prev; l++) near[l] = HB_SCRIPT_INVALID; /* left an embedding */
            if (lv != prev) carry = HB_SCRIPT_INVALID;
            prev = lv;
            hb_script_t s = hb_unicode_script(uf, p->u[i]);
            if (is_real_script(s)) {
                near[lv] = s;
                carry = HB_SCRIPT_INVALID;
            } else if (hb_unicode_mirroring(uf, p->u[i]) != p->u[i]) {
                if (near[lv] != HB_SCRIPT_INVALID) scripts[i] = near[lv];
                if (forward) carry = scripts[i];
            } else if (carry != HB_SCRIPT_INVALID) {
                scripts[i] = carry; /* the space after », as resolve_scripts would have had it */
            }
        }
    }
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == 0xA0 || c == 0x200E || c == 0x200F;
}

/* Is the word around u[i] (between spaces) a URL or an e-mail address? */
static int in_address(const uint32_t *u, size_t len, size_t i, size_t *word_end)
{
    size_t a = i, b = i;
    while (a > 0 && !is_space(u[a - 1])) a--;
    while (b < len && !is_space(u[b])) b++;
    *word_end = b;
    for (size_t k = a; k < b; k++)
        if (u[k] == '@' || (k + 2 < b && u[k] == ':' && u[k + 1] == '/' && u[k + 2] == '/') ||
            (k + 3 < b && (u[k] | 0x20) == 'w' && (u[k + 1] | 0x20) == 'w' && (u[k + 2] | 0x20) == 'w' &&
             u[k + 3] == '.'))
            return 1;
    return 0;
}

size_t mz_text_digits(uint32_t *u, size_t len, const mz_span *spans, size_t nspans, uint32_t zero)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t first = HB_SCRIPT_INVALID, last = HB_SCRIPT_INVALID;
    for (size_t i = 0; i < len && first == HB_SCRIPT_INVALID; i++)
        if (is_real_script(hb_unicode_script(uf, u[i]))) first = hb_unicode_script(uf, u[i]);
    size_t changed = 0, s = 0, word_end = 0; /* the word looked at last ends there */
    int address = 0;                         /* and is an address */
    for (size_t i = 0; i < len; i++) {
        hb_script_t sc = hb_unicode_script(uf, u[i]);
        if (is_real_script(sc)) last = sc;
        if (u[i] < '0' || u[i] > '9') continue;
        while (s < nspans && spans[s].end <= i) s++;
        if (s < nspans && spans[s].start <= i && (spans[s].style & MZ_STYLE_CODE)) continue;
        hb_script_t near = last != HB_SCRIPT_INVALID ? last : first;
        if (near != HB_SCRIPT_INVALID && near != HB_SCRIPT_ARABIC) continue;
        if (i >= word_end) address = in_address(u, len, i, &word_end);
        if (address) continue;
        u[i] = zero + (u[i] - '0');
        changed++;
    }
    return changed;
}

/* Fonts: the face of the style when it covers the character, else a
 * fallback (so a space or digit between two runs of the main face, which it
 * covers, stays in it and does not split words).  Marks, joiners and default
 * ignorables (invisible: they need no face) stay with the character before
 * them. */
static mz_status assign_fonts(const mz_para *p, mz_fonts *fs, char_attrs *a, mz_diag *d)
{
    uint8_t *fonts = a->fonts;
    for (size_t i = 0; i < p->len; i++) {
        unsigned style = style_at(p, a, i);
        int want = pick_face(&p->style, style);
        uint32_t c = p->u[i];
        int ign = mz_default_ignorable(c);
        if (i > 0 && (mz_continues_cluster(c) || ign) &&
            (mz_font_has(fs->fonts[fonts[i - 1]], c) || ign || !mz_font_has(fs->fonts[want], c)))
            fonts[i] = fonts[i - 1];
        else if (ign || c == '\n' || c == '\t')
            fonts[i] = (uint8_t)want;
        else if (want != p->style.font_regular && (style & MZ_STYLE_CODE) && !mz_font_has(fs->fonts[want], c) &&
                 mz_font_has(fs->fonts[p->style.font_regular], c))
            fonts[i] = (uint8_t)p->style.font_regular; /* Arabic in code: the body's face, not some other font's */
        else
            fonts[i] = (uint8_t)mz_fonts_for_char(fs, want, c, d);
        if (d->status != MZ_OK) return d->status;
    }
    return MZ_OK;
}

/* Cuts the paragraph into maximal runs of equal level, script, font, style
 * and link. */
/* Combining marks in a row that one shaping call may hold.  A letter has a
 * few; tens of thousands (a hostile text) overflow HarfBuzz's 16-bit
 * attachment offsets, and its assertion in GPOS (propagate_attachment_
 * offsets) aborts the process: a longer row is cut into runs of this many,
 * drawn without their base. */
#define MZ_MARKS_IN_A_ROW 1024

static mz_status make_runs(mz_para *p, const char_attrs *a, size_t len, mz_diag *d)
{
    size_t start = 0, marks = 0;
    for (size_t i = 1; i <= len; i++) {
        if (i < len) marks = p->types[i] == MZ_BT_NSM ? marks + 1 : 0; /* the characters' own types */
        int cut = marks && marks % MZ_MARKS_IN_A_ROW == 0;
        if (i < len && !cut && p->levels[i] == p->levels[start] && a->scripts[i] == a->scripts[start] &&
            a->fonts[i] == a->fonts[start] && style_at(p, a, i) == style_at(p, a, start) &&
            link_at(p, a, i) == link_at(p, a, start))
            continue;
        if (!mz_grow((void **)&p->runs, &p->runs_cap, p->nruns + 1, sizeof *p->runs))
            return mz_fail(d, MZ_ERR_NOMEM, "out of memory itemizing a paragraph");
        mz_run *r = &p->runs[p->nruns++];
        memset(r, 0, sizeof *r);
        r->start = start;
        r->len = i - start;
        r->level = p->levels[start];
        r->script = a->scripts[start];
        r->font = a->fonts[start];
        r->style = style_at(p, a, start);
        r->link = link_at(p, a, start);
        start = i;
    }
    return MZ_OK;
}

/* Bidi types, levels and the paragraph's direction. */
static mz_status itemize_bidi(mz_para *p, mz_diag *d)
{
    mz_bidi_base base = p->style.dir == MZ_DIR_LTR    ? MZ_BASE_LTR
                        : p->style.dir == MZ_DIR_AUTO ? MZ_BASE_AUTO_RTL /* first strong, else RTL */
                                                      : MZ_BASE_RTL;
    /* inline code is isolated: its neutrals and digits keep to the code,
     * not to the text around it; so is a footnote's number, which would
     * otherwise join a number before it (2019 and ² read 2019² in Arabic) */
    mz_bidi_iso *iso = NULL;
    size_t niso = 0, cap = 0;
    for (size_t k = 0; k < p->nspans; k++) {
        const mz_span *sp = &p->spans[k];
        if (!(sp->style & (MZ_STYLE_CODE | MZ_STYLE_SUPER)) || sp->start >= sp->end || sp->end > p->len) continue;
        if (niso && iso[niso - 1].end >= sp->start) { /* adjacent or overlapping: one isolate */
            if (sp->end > iso[niso - 1].end) iso[niso - 1].end = sp->end;
            continue;
        }
        if (!mz_grow((void **)&iso, &cap, niso + 1, sizeof *iso)) {
            free(iso);
            return mz_fail(d, MZ_ERR_NOMEM, "out of memory itemizing a paragraph");
        }
        iso[niso++] = (mz_bidi_iso){sp->start, sp->end, 0};
    }
    int unpaired = 0;
    int rtl = mz_bidi_paragraph_iso(p->u, p->len, base, iso, niso, p->types, p->levels, &unpaired);
    p->iso = iso; /* mz_para_free frees it */
    p->niso = niso;
    if (rtl < 0) return mz_fail(d, MZ_ERR_NOMEM, "FriBidi failed on a paragraph (out of memory?)");
    /* the number as README writes it: MZ_MAX_BRACKETS (text/bidi.h) */
    mz_status ws = unpaired ? mz_warn(d, "a paragraph with more than 8 192 brackets and text of both "
                                          "directions: its brackets are ordered as other punctuation, not as pairs")
                            : MZ_OK;
    if (ws) return ws; /* --strict */
    p->rtl = rtl;
    return MZ_OK;
}

mz_status mz_itemize(mz_para *p, const uint32_t *u, size_t len, const mz_span *spans, size_t nspans,
                     const mz_para_style *style, mz_fonts *fs, mz_diag *d)
{
    memset(p, 0, sizeof *p);
    p->u = u;
    p->len = len;
    p->spans = spans;
    p->nspans = nspans;
    p->style = *style;
    if (len == 0) return MZ_OK;
    if (len > MZ_MAX_PARA_CHARS)
        return mz_fail(d, MZ_ERR_LIMIT, "a paragraph of %zu characters exceeds the limit of %d",
                       len, MZ_MAX_PARA_CHARS);

    p->types = malloc(len * sizeof *p->types);
    p->levels = malloc(len * sizeof *p->levels);
    char_attrs a = {malloc(len * sizeof *a.scripts), malloc(len * sizeof *a.fonts), malloc(len * sizeof *a.span)};
    mz_status st;
    if (!p->types || !p->levels || !a.scripts || !a.fonts || !a.span)
        st = mz_fail(d, MZ_ERR_NOMEM, "out of memory itemizing a paragraph");
    else if (!(st = itemize_bidi(p, d))) {
        span_attrs(p, &a);
        resolve_scripts(p, a.scripts);
        mirrored_scripts(p, a.scripts);
        st = assign_fonts(p, fs, &a, d);
        if (!st) st = make_runs(p, &a, len, d); /* len: what the arrays hold */
    }
    char_attrs_free(&a);
    return st;
}
