/* itemize.c - bidi levels and the split of a paragraph into runs of
 * one level, script, font and style. */
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
    free(p->runs);
    free(p->glyphs);
    memset(p, 0, sizeof *p);
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
    uint32_t *scripts = malloc(len * sizeof *scripts);
    int *fonts = malloc(len * sizeof *fonts);
    unsigned *styles = malloc(len * sizeof *styles);
    int *links = malloc(len * sizeof *links);
    mz_status st = MZ_OK;
    if (!p->types || !p->levels || !scripts || !fonts || !styles || !links) {
        st = mz_fail(d, MZ_ERR_NOMEM, "out of memory itemizing a paragraph");
        goto out;
    }

    /* bidi */
    mz_bidi_base base = style->dir == MZ_DIR_LTR    ? MZ_BASE_LTR
                        : style->dir == MZ_DIR_AUTO ? MZ_BASE_AUTO_RTL /* first strong, else RTL */
                                                    : MZ_BASE_RTL;
    int rtl = mz_bidi_paragraph(u, len, base, p->types, p->levels);
    if (rtl < 0) {
        st = mz_fail(d, MZ_ERR_NOMEM, "FriBidi failed on a paragraph (out of memory?)");
        goto out;
    }
    p->rtl = rtl;

    /* styles and links from the spans */
    for (size_t i = 0; i < len; i++) {
        styles[i] = 0;
        links[i] = -1;
    }
    for (size_t s = 0; s < nspans; s++)
        for (size_t i = spans[s].start; i < spans[s].end && i < len; i++) {
            styles[i] = spans[s].style;
            links[i] = spans[s].link;
        }

    /* scripts: Common and Inherited take the previous real script; a leading
     * run of them takes the first real script that follows */
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_INVALID;
    for (size_t i = 0; i < len; i++) {
        hb_script_t s = hb_unicode_script(uf, u[i]);
        if (is_real_script(s)) last = s;
        scripts[i] = is_real_script(s) ? s : last;
    }
    hb_script_t next = HB_SCRIPT_INVALID;
    for (size_t i = len; i-- > 0;) {
        if (scripts[i] != HB_SCRIPT_INVALID) next = scripts[i];
        else scripts[i] = next != HB_SCRIPT_INVALID ? next : HB_SCRIPT_COMMON;
    }

    /* fonts: the face of the style when it covers the character, else a
     * fallback; marks and joiners stay with their base */
    for (size_t i = 0; i < len; i++) {
        int want = pick_face(style, styles[i]);
        uint32_t c = u[i];
        if (i > 0 && (mz_continues_cluster(c) || mz_default_ignorable(c)) &&
            (mz_font_has(fs->fonts[fonts[i - 1]], c) || mz_default_ignorable(c) ||
             !mz_font_has(fs->fonts[want], c)))
            fonts[i] = fonts[i - 1];
        else if (mz_default_ignorable(c) || c == '\n' || c == '\t')
            fonts[i] = want;
        else
            fonts[i] = mz_fonts_for_char(fs, want, c, d);
        if (d->status != MZ_OK) {
            st = d->status;
            goto out;
        }
    }
    /* a fallback face for a space or digit between two runs of the main face
     * would split words needlessly: Common characters the main face covers
     * stay in it */

    /* runs */
    size_t start = 0;
    for (size_t i = 1; i <= len; i++) {
        if (i < len && p->levels[i] == p->levels[start] && scripts[i] == scripts[start] &&
            fonts[i] == fonts[start] && styles[i] == styles[start] && links[i] == links[start])
            continue;
        if (!mz_grow((void **)&p->runs, &p->runs_cap, p->nruns + 1, sizeof *p->runs)) {
            st = mz_fail(d, MZ_ERR_NOMEM, "out of memory itemizing a paragraph");
            goto out;
        }
        mz_run *r = &p->runs[p->nruns++];
        memset(r, 0, sizeof *r);
        r->start = start;
        r->len = i - start;
        r->level = p->levels[start];
        r->script = scripts[start];
        r->font = fonts[start];
        r->style = styles[start];
        r->link = links[start];
        start = i;
    }
out:
    free(scripts);
    free(fonts);
    free(styles);
    free(links);
    return st;
}
