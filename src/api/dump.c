/* dump.c - every stage's output as stable text (--dump=doc|runs|glyphs|lines|pages). */
#include "api/dump.h"

#include <math.h>
#include <string.h>

#include "doc/csv.h"
#include "text/shape.h"

#include <stdint.h>

/* Text as it reads, with the characters that would break a dump's lines shown
 * as escapes. */
static void put_text(mz_buf *b, const uint32_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (u[i] == '\n') mz_buf_puts(b, "\\n");
        else mz_utf8_put(b, u[i]);
    }
}

static void put_str(mz_buf *b, const char *key, const char *v)
{
    if (v) mz_buf_printf(b, "%s: %s\n", key, v);
}

/* ---- doc: the document model ------------------------------------------------ */

static const char *block_name(mz_block_type t)
{
    switch (t) {
    case MZ_BLOCK_PARA: return "paragraph";
    case MZ_BLOCK_HEADING: return "heading";
    case MZ_BLOCK_TABLE: return "table";
    case MZ_BLOCK_HR: return "rule";
    case MZ_BLOCK_TIMELINE: return "timeline";
    case MZ_BLOCK_CODE: return "code";
    case MZ_BLOCK_IMAGE: return "image";
    case MZ_BLOCK_NOTE: return "note";
    case MZ_BLOCK_FACTS: return "facts";
    case MZ_BLOCK_CHART: return "chart";
    }
    return "?";
}

/* "text" plus its spans other than plain unlinked ones: [start,end) bold
 * italic code link=N. */
static void put_inline(mz_buf *b, const char *indent, const mz_text *t)
{
    mz_buf_printf(b, "%stext: ", indent);
    put_text(b, t->u, t->len);
    mz_buf_puts(b, "\n");
    for (size_t s = 0; s < t->nspans; s++) {
        const mz_span *sp = &t->spans[s];
        if (!sp->style && sp->link < 0) continue;
        mz_buf_printf(b, "%sspan %zu-%zu%s%s%s%s", indent, sp->start, sp->end,
                      sp->style & MZ_STYLE_BOLD ? " bold" : "", sp->style & MZ_STYLE_ITALIC ? " italic" : "",
                      sp->style & MZ_STYLE_CODE ? " code" : "", sp->style & MZ_STYLE_STRIKE ? " struck" : "");
        if (sp->style & MZ_STYLE_SUPER) mz_buf_puts(b, " super");
        if (sp->link >= 0) mz_buf_printf(b, " link=%d", sp->link);
        mz_buf_puts(b, "\n");
    }
}

static void put_meta(mz_buf *b, const mz_meta *m)
{
    static const char *const dirs[] = {"default", "rtl", "ltr", "auto"};
    static const char *const justify[] = {"default", "auto", "spaces", "kashida", "none"};
    static const char *const digits[] = {"default", "arabic-indic", "european", "native", "extended-arabic-indic"};
    put_str(b, "title", m->title);
    put_str(b, "subtitle", m->subtitle);
    put_str(b, "date", m->date);
    put_str(b, "author", m->author);
    put_str(b, "lang", m->lang);
    put_str(b, "latin-lang", m->latin_lang);
    put_str(b, "header", m->header);
    put_str(b, "footer", m->footer);
    put_str(b, "font", m->font);
    put_str(b, "bold-font", m->bold_font);
    put_str(b, "italic-font", m->italic_font);
    if (m->font_size > 0) mz_buf_printf(b, "font-size: %.2f\n", m->font_size);
    mz_buf_printf(b, "dir: %s\npaper: %s\njustify: %s\ndigits: %s\ntoc: %s\npdfa: %s\n",
                  dirs[m->dir], m->paper == MZ_PAPER_LETTER ? "letter" : "a4", justify[m->justify],
                  digits[m->digits], m->toc ? "yes" : "no", m->pdfa > 0 ? "yes" : m->pdfa < 0 ? "no" : "default");
    if (m->body_digits) mz_buf_printf(b, "body-digits: %s\n", m->body_digits > 0 ? "yes" : "no"); /* unset: as before */
    /* the cover's identity and print keys, when given (the dumps of before stay) */
    put_str(b, "unit", m->unit);
    put_str(b, "classification", m->classification);
    put_str(b, "reference", m->reference);
    if (m->logo) mz_buf_printf(b, "logo: %s %s %dx%d px\n", m->logo, m->logo_kind == 1 ? "png" : "jpeg", m->logo_w, m->logo_h);
    if (m->has_bleed) mz_buf_printf(b, "bleed: %.2f pt\n", m->bleed);
    for (size_t i = 0; i < m->nfacts; i++) mz_buf_printf(b, "fact %zu: %s\n", i + 1, m->facts[i]);
}

static void put_chart(mz_buf *b, const mz_chart *ch)
{
    static const char *const kinds[] = {"column", "bar", "line"};
    mz_buf_printf(b, "  chart %s: %zu points, %d left out (no value), %d decimals%s\n", kinds[ch->kind % 3], ch->n,
                  ch->skipped, ch->decimals, ch->group ? ", grouped" : "");
    for (size_t i = 0; i < ch->n; i++) {
        mz_buf_puts(b, "  point ");
        mz_csv_format(b, ch->value[i], ch->decimals, 0); /* not printf: the locale's decimal point */
        mz_buf_puts(b, "\n");
        put_inline(b, "    ", &ch->label[i]);
    }
}

static void put_block(mz_buf *b, size_t i, const mz_block *bl)
{
    mz_buf_printf(b, "block %zu line %d: %s", i + 1, bl->line, block_name(bl->type));
    if (bl->type == MZ_BLOCK_HEADING) mz_buf_printf(b, " level=%d", bl->level);
    if (bl->list_depth)
        mz_buf_printf(b, " list=%d%s%s", bl->list_depth, bl->ordered ? " ordered" : "",
                      bl->item_start ? " item" : "");
    if (bl->list_depth && bl->ordered && bl->item_start) mz_buf_printf(b, " number=%ld", bl->number);
    if (bl->task) mz_buf_printf(b, " task=%s", bl->task == 2 ? "done" : "open");
    if (bl->quote_depth) mz_buf_printf(b, " quote=%d", bl->quote_depth);
    if (bl->type == MZ_BLOCK_NOTE) mz_buf_printf(b, " note=%d%s", bl->note, bl->item_start ? " first" : "");
    if (bl->type == MZ_BLOCK_TABLE) mz_buf_printf(b, " %zux%zu", bl->rows, bl->cols);
    mz_buf_puts(b, "\n");
    if (bl->type == MZ_BLOCK_IMAGE)
        mz_buf_printf(b, "  file: %s\n  %s %dx%d px\n%s%s%s", bl->src, bl->image_kind == 1 ? "png" : "jpeg", bl->px_w,
                      bl->px_h, bl->title ? "  title: " : "", bl->title ? bl->title : "", bl->title ? "\n" : "");
    if (bl->type == MZ_BLOCK_PARA || bl->type == MZ_BLOCK_HEADING || bl->type == MZ_BLOCK_CODE ||
        bl->type == MZ_BLOCK_IMAGE || bl->type == MZ_BLOCK_NOTE)
        put_inline(b, "  ", &bl->text);
    if (bl->type == MZ_BLOCK_TABLE) {
        static const char *const aligns[] = {"default", "left", "center", "right"};
        for (size_t c = 0; c < bl->cols; c++)
            mz_buf_printf(b, "  column %zu: %s\n", c + 1, bl->align ? aligns[bl->align[c] & 3] : "default");
        for (size_t r = 0; r < bl->rows; r++)
            for (size_t c = 0; c < bl->cols; c++) {
                mz_buf_printf(b, "  cell %zu,%zu%s\n", r + 1, c + 1, r == 0 ? " header" : "");
                put_inline(b, "    ", &bl->cells[r * bl->cols + c]);
            }
    }
    for (size_t k = 0; k < bl->nitems; k++) mz_buf_printf(b, "  fact %zu: %s\n", k + 1, bl->items[k]);
    if ((bl->type == MZ_BLOCK_TABLE || bl->type == MZ_BLOCK_CHART) && bl->src) mz_buf_printf(b, "  data: %s\n", bl->src);
    if (bl->type == MZ_BLOCK_CHART && bl->chart) put_chart(b, bl->chart);
    for (size_t e = 0; e < bl->nevents; e++) {
        mz_buf_printf(b, "  event %d line %d\n", bl->events[e].year, bl->events[e].line);
        put_inline(b, "    ", &bl->events[e].label);
    }
}

void mz_dump_doc(mz_buf *b, const mz_doc *doc)
{
    mz_buf_printf(b, "document: %zu blocks, %zu links\n", doc->nblocks, doc->nlinks);
    put_meta(b, &doc->meta);
    for (size_t i = 0; i < doc->nlinks; i++) mz_buf_printf(b, "link %zu: %s\n", i, doc->links[i]);
    if (doc->nnotes) mz_buf_printf(b, "notes: %d\n", doc->nnotes);
    for (size_t i = 0; i < doc->nblocks; i++) put_block(b, i, &doc->blocks[i]);
}

/* ---- runs and glyphs: the text stage's paragraphs --------------------------- */

void mz_dump_runs(mz_buf *b, int para_no, const mz_para *p, const mz_fonts *fs)
{
    mz_buf_printf(b, "paragraph %d: dir=%s\n", para_no, p->rtl ? "rtl" : "ltr");
    for (size_t r = 0; r < p->nruns; r++) {
        const mz_run *run = &p->runs[r];
        char tag[5];
        mz_script_name(run->script, tag);
        mz_buf_printf(b, "  run %zu+%zu level=%u script=%s font=%s style=%u: ", run->start, run->len,
                      run->level, tag, fs->fonts[run->font]->psname, run->style);
        put_text(b, p->u + run->start, run->len);
        mz_buf_puts(b, "\n");
    }
}

/* A length in pt back in the font's units, as hb-shape prints positions. */
static long font_units(double pt, const mz_font *f, double size)
{
    return lround(pt * (double)f->upem / size);
}

/* Each run as hb-shape --no-glyph-names prints it: [gid=cluster@dx,dy+advance|...],
 * offsets left out when zero, clusters relative to the paragraph, positions in
 * font units. */
void mz_dump_glyphs(mz_buf *b, int para_no, const mz_para *p, const mz_fonts *fs)
{
    mz_buf_printf(b, "# paragraph %d\n", para_no);
    for (size_t r = 0; r < p->nruns; r++) {
        const mz_run *run = &p->runs[r];
        const mz_font *f = fs->fonts[run->font];
        char tag[5];
        mz_script_name(run->script, tag);
        mz_buf_printf(b, "%u %s %s [", run->level, tag, f->psname);
        for (size_t i = 0; i < run->ng; i++) {
            const mz_glyph *g = &p->glyphs[run->g0 + i];
            const mz_font *gf = fs->fonts[g->font];
            mz_buf_printf(b, "%s%u=%u", i ? "|" : "", g->gid, g->cluster);
            long dx = font_units(g->dx, gf, p->style.size), dy = font_units(g->dy, gf, p->style.size);
            if (dx || dy) mz_buf_printf(b, "@%ld,%ld", dx, dy);
            mz_buf_printf(b, "+%ld", font_units(g->ax, gf, p->style.size));
        }
        mz_buf_puts(b, "]\n");
    }
}

/* ---- lines: composition ------------------------------------------------------ */

void mz_dump_lines(mz_buf *b, int para_no, const uint32_t *text, const mz_lines *lines, size_t from)
{
    if (from == 0) mz_buf_printf(b, "# paragraph %d\n", para_no);
    if (from == 0 && lines->n && lines->v[0].fallback)
        mz_buf_puts(b, "# total fit found no feasible breaks (a word wider than the line?): set first-fit\n");
    for (size_t i = from; i < lines->n; i++) {
        const mz_line *l = &lines->v[i];
        mz_buf_printf(b, "line %zu%s: width=%.2f natural=%.2f ratio=%.3f kashida=%d text=", i + 1,
                      l->last ? " last" : "", l->width, l->natural, l->ratio, l->kashida);
        size_t e = l->end;
        while (e > l->start && (text[e - 1] == ' ' || text[e - 1] == '\n')) e--;
        put_text(b, text + l->start, e - l->start);
        mz_buf_puts(b, "\n");
    }
}

/* ---- pages: the display lists --------------------------------------------------- */

static const char *kind_name(mz_item_kind k)
{
    switch (k) {
    case MZ_ITEM_GLYPHS: return "glyphs";
    case MZ_ITEM_RECT: return "rect";
    case MZ_ITEM_LINE: return "line";
    case MZ_ITEM_CIRCLE: return "circle";
    case MZ_ITEM_LINK: return "link";
    case MZ_ITEM_IMAGE: return "image";
    }
    return "?";
}

/* A glyph item: its face and size, the logical text its glyphs stand for,
 * and each glyph's ID at its position. */
static void put_glyph_item(mz_buf *out, const mz_item *it, const mz_fonts *fs)
{
    mz_buf_printf(out, " font=%s size=%.2f n=%zu text=", fs->fonts[it->font]->psname, it->size, it->ng);
    uint32_t lo = UINT32_MAX, hi = 0;
    for (size_t k = 0; k < it->ng; k++) {
        if (!it->g[k].cn) continue;
        if (it->g[k].cl < lo) lo = it->g[k].cl;
        if (it->g[k].cl + it->g[k].cn > hi) hi = it->g[k].cl + it->g[k].cn;
    }
    for (uint32_t c = lo; c < hi && c < it->text_len; c++) mz_utf8_put(out, it->text[c]);
    mz_buf_puts(out, " gids=");
    for (size_t k = 0; k < it->ng; k++) mz_buf_printf(out, "%s%u@%.2f", k ? "," : "", it->g[k].gid, it->g[k].x);
}

void mz_dump_pages(mz_buf *out, const mz_layout *L, const mz_fonts *fs)
{
    mz_buf_printf(out, "document: %zu pages, %.2f x %.2f, %s\n", L->npages, L->width, L->height,
                  L->rtl ? "rtl" : "ltr");
    for (size_t o = 0; o < L->noutline; o++)
        mz_buf_printf(out, "outline %d page=%d y=%.2f: %s\n", L->outline[o].level, L->outline[o].page + 1,
                      L->outline[o].y, L->outline[o].title);
    for (size_t p = 0; p < L->npages; p++) {
        const mz_page *P = &L->pages[p];
        mz_buf_printf(out, "page %zu: %zu items\n", p + 1, P->n);
        for (size_t i = 0; i < P->n; i++) {
            const mz_item *it = &P->items[i];
            mz_buf_printf(out, "  %s x=%.2f y=%.2f", kind_name(it->kind), it->x, it->y);
            if (it->note) mz_buf_printf(out, " note=%d%s", it->note, it->note_ref ? " ref" : "");
            if (it->kind == MZ_ITEM_GLYPHS) {
                put_glyph_item(out, it, fs);
            } else {
                mz_buf_printf(out, " w=%.2f h=%.2f", it->w, it->h);
                if (it->kind == MZ_ITEM_LINK) mz_buf_printf(out, " uri=%s", it->uri);
                if (it->kind == MZ_ITEM_LINK && it->dest) mz_buf_printf(out, " dest_y=%.2f", it->dest_y);
                if (it->kind == MZ_ITEM_IMAGE) mz_buf_printf(out, " file=%s", it->image);
            }
            mz_buf_puts(out, "\n");
        }
    }
}

/* ---- watching a layout ------------------------------------------------------------ */

static void watch_runs(void *ud, int para_no, const mz_para *p, const mz_fonts *fs)
{
    mz_dump_runs(ud, para_no, p, fs);
}

static void watch_glyphs(void *ud, int para_no, const mz_para *p, const mz_fonts *fs)
{
    mz_dump_glyphs(ud, para_no, p, fs);
}

static void watch_lines(void *ud, int para_no, const uint32_t *text, const mz_lines *lines)
{
    mz_dump_lines(ud, para_no, text, lines, 0);
}

mz_lay_watch mz_dump_watch(mz_dump stage, mz_buf *out)
{
    mz_lay_watch w = {NULL, NULL, out};
    if (stage == MZ_DUMP_RUNS) w.para = watch_runs;
    if (stage == MZ_DUMP_GLYPHS) w.para = watch_glyphs;
    if (stage == MZ_DUMP_LINES) w.lines = watch_lines;
    return w;
}
