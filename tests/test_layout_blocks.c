/* test_layout_blocks.c - tables and timelines in the display list: column
 * order by direction, page splits with repeated headers, no overlapping
 * text, timeline order, lanes and limits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "layout/layout.h"

#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

static mz_fonts FS;

/* ---- building documents by hand ------------------------------------------ */

static mz_text mk(mz_doc *d, const char *s)
{
    mz_text t = {0};
    mz_diag q = {0};
    size_t n;
    uint32_t *tmp = mz_utf8_decode(s, strlen(s), &n, &q, "", 0);
    t.u = mz_arena_alloc(&d->arena, (n + 1) * sizeof *t.u);
    memcpy(t.u, tmp, n * sizeof *t.u);
    free(tmp);
    t.len = n;
    t.spans = mz_arena_alloc(&d->arena, sizeof *t.spans);
    t.spans[0] = (mz_span){0, n, 0, -1};
    t.nspans = 1;
    return t;
}

static void doc_init(mz_doc *d, mz_dir dir)
{
    memset(d, 0, sizeof *d);
    d->name = "test.md";
    d->meta.dir = dir;
}

static mz_block *add_para(mz_doc *d, const char *s)
{
    mz_block *b = mz_doc_add_block(d, MZ_BLOCK_PARA, 1);
    b->text = mk(d, s);
    return b;
}

/* A table whose cell (r, c) text is cell(r, c). */
static mz_block *add_table(mz_doc *d, size_t rows, size_t cols,
                           const char *(*cell)(size_t r, size_t c, char *buf))
{
    mz_block *b = mz_doc_add_block(d, MZ_BLOCK_TABLE, 7);
    b->rows = rows;
    b->cols = cols;
    b->cells = mz_arena_alloc(&d->arena, rows * cols * sizeof *b->cells);
    b->align = mz_arena_alloc(&d->arena, cols * sizeof *b->align);
    char buf[512];
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) b->cells[r * cols + c] = mk(d, cell(r, c, buf));
    return b;
}

static mz_block *add_timeline(mz_doc *d, size_t n, const int *years, const char **labels)
{
    mz_block *b = mz_doc_add_block(d, MZ_BLOCK_TIMELINE, 3);
    b->events = mz_arena_alloc(&d->arena, n * sizeof *b->events);
    b->nevents = n;
    for (size_t i = 0; i < n; i++) {
        b->events[i].year = years[i];
        b->events[i].label = mk(d, labels[i]);
        b->events[i].line = (int)(4 + i);
    }
    return b;
}

static mz_status run(mz_layout *L, const mz_doc *d, mz_diag *dg)
{
    mz_options o;
    mz_options_init(&o);
    memset(L, 0, sizeof *L);
    return mz_layout_doc(L, d, &FS, &o, dg);
}

/* ---- geometry of glyph items ---------------------------------------------- */

typedef struct box {
    double x0, y0, x1, y1;
} box;

/* Advance-based extent horizontally, ink extent vertically. */
static box item_box(const mz_item *it)
{
    box b = {1e9, 1e9, -1e9, -1e9};
    mz_font *f = FS.fonts[it->font];
    double k = it->size / f->upem;
    for (size_t i = 0; i < it->ng; i++) {
        const mz_pglyph *g = &it->g[i];
        double adv = hb_font_get_glyph_h_advance(f->hb, g->gid) * k;
        hb_glyph_extents_t e;
        double top = 0.5 * it->size, bot = 0;
        if (hb_font_get_glyph_extents(f->hb, g->gid, &e) && e.height) {
            top = g->y + e.y_bearing * k;
            bot = g->y + (e.y_bearing + e.height) * k;
        }
        double x0 = it->x + g->x, x1 = x0 + adv;
        if (x0 < b.x0) b.x0 = x0;
        if (x1 > b.x1) b.x1 = x1;
        if (it->y + bot < b.y0) b.y0 = it->y + bot;
        if (it->y + top > b.y1) b.y1 = it->y + top;
    }
    return b;
}

static int meet(box a, box b, double tol)
{
    return a.x0 < b.x1 - tol && b.x0 < a.x1 - tol && a.y0 < b.y1 - tol && b.y0 < a.y1 - tol;
}

/* Extent of all glyph items of text t on page p (found = 0 when none). */
static box text_box(const mz_layout *L, size_t p, const mz_text *t, int *found)
{
    box b = {1e9, 1e9, -1e9, -1e9};
    *found = 0;
    const mz_page *P = &L->pages[p];
    for (size_t i = 0; i < P->n; i++) {
        const mz_item *it = &P->items[i];
        if (it->kind != MZ_ITEM_GLYPHS || it->text != t->u) continue;
        box c = item_box(it);
        if (c.x0 < b.x0) b.x0 = c.x0;
        if (c.y0 < b.y0) b.y0 = c.y0;
        if (c.x1 > b.x1) b.x1 = c.x1;
        if (c.y1 > b.y1) b.y1 = c.y1;
        *found = 1;
    }
    return b;
}

/* Does any pair of glyph items with different source texts meet? */
static int any_overlap(const mz_layout *L, char *why, size_t whylen)
{
    for (size_t p = 0; p < L->npages; p++) {
        const mz_page *P = &L->pages[p];
        for (size_t i = 0; i < P->n; i++) {
            if (P->items[i].kind != MZ_ITEM_GLYPHS) continue;
            box a = item_box(&P->items[i]);
            for (size_t j = i + 1; j < P->n; j++) {
                if (P->items[j].kind != MZ_ITEM_GLYPHS || P->items[j].text == P->items[i].text)
                    continue;
                box b = item_box(&P->items[j]);
                if (meet(a, b, 0.3)) {
                    snprintf(why, whylen,
                             "page %zu items %zu [%.1f,%.1f]x[%.1f,%.1f] and %zu [%.1f,%.1f]x[%.1f,%.1f]",
                             p + 1, i, a.x0, a.x1, a.y0, a.y1, j, b.x0, b.x1, b.y0, b.y1);
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* ---- table cells ----------------------------------------------------------- */

static const char *cell_small(size_t r, size_t c, char *buf)
{
    static const char *h[] = {"المؤشر", "القيمة", "ملاحظات"};
    if (r == 0) return h[c % 3];
    snprintf(buf, 512, "%s %zu", c == 0 ? "بند" : c == 1 ? "قيمة" : "ملاحظة", r);
    return buf;
}

static const char *cell_long(size_t r, size_t c, char *buf)
{
    if (r == 0) return c == 0 ? "الرقم" : c == 1 ? "البند" : "الوصف";
    if (c == 0) {
        snprintf(buf, 512, "%zu", r);
        return buf;
    }
    if (c == 1) {
        snprintf(buf, 512, "بند رقم %zu", r);
        return buf;
    }
    buf[0] = 0;
    for (size_t k = 0; k < 1 + r % 4; k++)
        strcat(buf, "نص طويل يصف البند ويحتاج إلى أكثر من سطر في الخلية الضيقة ");
    return buf;
}

static const char *cell_sparse(size_t r, size_t c, char *buf)
{
    (void)buf;
    if ((r + c) % 2) return "";
    return r == 0 ? "عنوان" : "خلية";
}

static const char *cell_wide(size_t r, size_t c, char *buf)
{
    snprintf(buf, 512, "%s%zu", r ? "x" : "h", c);
    return buf;
}

static void test_table_columns(mz_dir dir, const char *name)
{
    mz_doc d;
    doc_init(&d, dir);
    mz_block *b = add_table(&d, 4, 3, cell_small);
    mz_layout L;
    mz_diag dg = {0};
    mz_status st = run(&L, &d, &dg);
    MZ_CHECK(name, st == MZ_OK, "layout failed: %d %s", st, dg.buf ? dg.buf : "");
    int ok = st == MZ_OK;
    char why[256] = "";
    for (size_t r = 0; ok && r < b->rows; r++) {
        int f1, f2, f3;
        box c1 = text_box(&L, 0, &b->cells[r * 3], &f1);
        box c2 = text_box(&L, 0, &b->cells[r * 3 + 1], &f2);
        box c3 = text_box(&L, 0, &b->cells[r * 3 + 2], &f3);
        if (!f1 || !f2 || !f3) {
            ok = 0;
            snprintf(why, sizeof why, "row %zu: a cell was not drawn", r);
        } else if (dir == MZ_DIR_RTL ? !(c1.x0 > c2.x1 && c2.x0 > c3.x1)
                                     : !(c1.x1 < c2.x0 && c2.x1 < c3.x0)) {
            ok = 0;
            snprintf(why, sizeof why, "row %zu: columns at %.1f %.1f %.1f", r, c1.x0, c2.x0, c3.x0);
        } else if (fabs(c1.y0 - c2.y0) > 2 && r > 0) {
            ok = 0;
            snprintf(why, sizeof why, "row %zu: cells not on one baseline", r);
        }
    }
    char n2[96];
    snprintf(n2, sizeof n2, "%s: column order", name);
    MZ_CHECK(n2, ok, "%s", why);
    /* the header row sits on a tinted band, with an accent rule under it */
    int tint = 0, accent = 0;
    for (size_t i = 0; ok && i < L.pages[0].n; i++) {
        const mz_item *it = &L.pages[0].items[i];
        if (it->kind == MZ_ITEM_RECT && it->filled && fabs(it->fill.b - 0.97f) < 0.01) tint = 1;
        if (it->kind == MZ_ITEM_LINE && fabs(it->color.b - 0.42f) < 0.01) accent = 1;
    }
    snprintf(n2, sizeof n2, "%s: header band and rule", name);
    MZ_CHECK(n2, tint && accent, "tint=%d accent=%d", tint, accent);
    mz_layout_free(&L);
    mz_doc_free(&d);
}

static void test_table_split(void)
{
    mz_doc d;
    doc_init(&d, MZ_DIR_RTL);
    add_para(&d, "فقرة قبل الجدول.");
    size_t rows = 90;
    mz_block *b = add_table(&d, rows, 3, cell_long);
    add_para(&d, "فقرة بعد الجدول.");
    mz_layout L;
    mz_diag dg = {0};
    mz_status st = run(&L, &d, &dg);
    MZ_CHECK("table split: layout", st == MZ_OK && L.npages >= 3, "st=%d pages=%zu", st, L.npages);
    if (st) goto out;
    /* every page with body rows carries the header, above them */
    int ok = 1;
    char why[256] = "";
    size_t pages_with_rows = 0;
    for (size_t p = 0; p < L.npages && ok; p++) {
        double lowest_header = 1e9, highest_body = -1e9;
        int has_body = 0, has_header = 0;
        for (size_t r = 0; r < rows; r++) {
            for (size_t c = 0; c < 3; c++) {
                int f;
                box x = text_box(&L, p, &b->cells[r * 3 + c], &f);
                if (!f) continue;
                if (r == 0) {
                    has_header = 1;
                    if (x.y0 < lowest_header) lowest_header = x.y0;
                } else {
                    has_body = 1;
                    if (x.y1 > highest_body) highest_body = x.y1;
                }
            }
        }
        if (has_body) pages_with_rows++;
        if (has_body && !has_header) {
            ok = 0;
            snprintf(why, sizeof why, "page %zu has rows but no header", p + 1);
        } else if (has_header && !has_body) {
            ok = 0;
            snprintf(why, sizeof why, "page %zu has a header alone", p + 1);
        } else if (has_body && lowest_header < highest_body) {
            ok = 0;
            snprintf(why, sizeof why, "page %zu: header below a row", p + 1);
        }
    }
    MZ_CHECK("table split: header repeated on every page", ok && pages_with_rows >= 2, "%s (%zu pages)",
             why, pages_with_rows);
    /* rows are never split: each cell's glyphs are on one page */
    ok = 1;
    for (size_t r = 1; r < rows && ok; r++) {
        for (size_t c = 0; c < 3 && ok; c++) {
            int pages = 0, f;
            for (size_t p = 0; p < L.npages; p++) {
                text_box(&L, p, &b->cells[r * 3 + c], &f);
                pages += f;
            }
            if (pages != 1) {
                ok = 0;
                snprintf(why, sizeof why, "row %zu col %zu on %d pages", r, c, pages);
            }
        }
    }
    MZ_CHECK("table split: rows kept whole", ok, "%s", why);
    /* rows stay inside the text frame */
    ok = 1;
    for (size_t p = 0; p < L.npages && ok; p++) {
        for (size_t r = 1; r < rows; r++) {
            int f;
            box x = text_box(&L, p, &b->cells[r * 3 + 2], &f);
            if (f && (x.y0 < 60 || x.x0 < 55 || x.x1 > L.width - 55)) {
                ok = 0;
                snprintf(why, sizeof why, "row %zu at [%.1f,%.1f]x[%.1f,%.1f]", r, x.x0, x.x1, x.y0,
                         x.y1);
                break;
            }
        }
    }
    MZ_CHECK("table split: inside the frame", ok, "%s", why);
    MZ_CHECK("table split: no overlapping text", !any_overlap(&L, why, sizeof why), "%s", why);
    /* the short column keeps its natural width: "بند رقم N" is one line */
    ok = 1;
    for (size_t r = 1; r < rows && ok; r++) {
        for (size_t p = 0; p < L.npages; p++) {
            int f;
            box x = text_box(&L, p, &b->cells[r * 3 + 1], &f);
            if (f && x.y1 - x.y0 > 12 * 0.92 * 1.5) {
                ok = 0;
                snprintf(why, sizeof why, "row %zu: short cell is %.1f pt tall", r, x.y1 - x.y0);
            }
        }
    }
    MZ_CHECK("table split: short column not wrapped", ok, "%s", why);
out:
    mz_layout_free(&L);
    mz_doc_free(&d);
}

/* Whatever space is left above the table, its header never ends a page. */
static void test_table_header_not_alone(void)
{
    int ok = 1;
    char why[128] = "";
    for (int k = 0; k < 40 && ok; k++) {
        mz_doc d;
        doc_init(&d, MZ_DIR_RTL);
        for (int i = 0; i < k; i++) add_para(&d, "سطر من نص الفقرة يملأ الصفحة شيئا فشيئا.");
        mz_block *b = add_table(&d, 4, 3, cell_long);
        mz_layout L;
        mz_diag dg = {0};
        if (run(&L, &d, &dg) != MZ_OK) {
            ok = 0;
            snprintf(why, sizeof why, "layout failed with %d paragraphs", k);
        }
        for (size_t p = 0; ok && p < L.npages; p++) {
            int fh, fb = 0;
            text_box(&L, p, &b->cells[0], &fh);
            for (size_t r = 1; r < b->rows && !fb; r++) text_box(&L, p, &b->cells[r * 3 + 2], &fb);
            if (fh && !fb) {
                ok = 0;
                snprintf(why, sizeof why, "%d paragraphs: header alone on page %zu", k, p + 1);
            }
        }
        mz_layout_free(&L);
        mz_doc_free(&d);
    }
    MZ_CHECK("table: header kept with the first row", ok, "%s", why);
}

static void test_table_edge_cases(void)
{
    mz_doc d;
    doc_init(&d, MZ_DIR_RTL);
    add_table(&d, 5, 4, cell_sparse);
    add_table(&d, 1, 2, cell_small); /* a header only */
    mz_layout L;
    mz_diag dg = {0};
    mz_status st = run(&L, &d, &dg);
    char why[256] = "";
    MZ_CHECK("table: empty cells and header-only table", st == MZ_OK, "st=%d", st);
    if (!st) MZ_CHECK("table: empty cells, no overlap", !any_overlap(&L, why, sizeof why), "%s", why);
    mz_layout_free(&L);
    mz_doc_free(&d);

    /* a row taller than a page is split rather than run off the page */
    doc_init(&d, MZ_DIR_RTL);
    mz_block *b = mz_doc_add_block(&d, MZ_BLOCK_TABLE, 9);
    b->rows = 2;
    b->cols = 2;
    b->cells = mz_arena_alloc(&d.arena, 4 * sizeof *b->cells);
    b->cells[0] = mk(&d, "أ");
    b->cells[1] = mk(&d, "ب");
    b->cells[2] = mk(&d, "قصير");
    char *big = malloc(6000 * 10 + 1);
    big[0] = 0;
    for (int i = 0; i < 6000; i++) strcat(big, "كلمة ");
    b->cells[3] = mk(&d, big);
    free(big);
    memset(&dg, 0, sizeof dg);
    st = run(&L, &d, &dg);
    int inside = st == MZ_OK;
    for (size_t p = 0; inside && p < L.npages; p++) {
        int f;
        box x = text_box(&L, p, &b->cells[3], &f);
        if (f && x.y0 < 60) inside = 0;
    }
    MZ_CHECK("table: a row taller than a page stays inside the frame", inside && L.npages >= 2,
             "st=%d pages=%zu", st, L.npages);
    mz_layout_free(&L);
    mz_doc_free(&d);

    /* 1000 columns: refused with a limit error naming the line, no crash */
    doc_init(&d, MZ_DIR_RTL);
    add_table(&d, 3, 1000, cell_wide);
    char err[256] = "";
    memset(&dg, 0, sizeof dg);
    dg.buf = err;
    dg.len = sizeof err;
    st = run(&L, &d, &dg);
    MZ_CHECK("table: 1000 columns is a limit error", st == MZ_ERR_LIMIT && strstr(err, "test.md:7"),
             "st=%d err=%s", st, err);
    mz_layout_free(&L);
    mz_doc_free(&d);

    /* 20 narrow columns still fit */
    doc_init(&d, MZ_DIR_LTR);
    add_table(&d, 3, 20, cell_wide);
    memset(&dg, 0, sizeof dg);
    st = run(&L, &d, &dg);
    MZ_CHECK("table: 20 columns laid out", st == MZ_OK, "st=%d", st);
    if (!st) MZ_CHECK("table: 20 columns, no overlap", !any_overlap(&L, why, sizeof why), "%s", why);
    mz_layout_free(&L);
    mz_doc_free(&d);
}

/* ---- timelines ---------------------------------------------------------------- */

static size_t circles(const mz_layout *L, size_t p, const mz_item **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < L->pages[p].n; i++)
        if (L->pages[p].items[i].kind == MZ_ITEM_CIRCLE && n < max) out[n++] = &L->pages[p].items[i];
    return n;
}

/* No vertical leader crosses a glyph box. */
static int leader_crosses(const mz_layout *L, char *why, size_t whylen)
{
    for (size_t p = 0; p < L->npages; p++) {
        const mz_page *P = &L->pages[p];
        for (size_t i = 0; i < P->n; i++) {
            const mz_item *ln = &P->items[i];
            if (ln->kind != MZ_ITEM_LINE || fabs(ln->w) > 0.01 || fabs(ln->h) < 1) continue;
            double y0 = ln->h < 0 ? ln->y + ln->h : ln->y, y1 = y0 + fabs(ln->h);
            for (size_t j = 0; j < P->n; j++) {
                if (P->items[j].kind != MZ_ITEM_GLYPHS) continue;
                box b = item_box(&P->items[j]);
                if (ln->x > b.x0 + 0.3 && ln->x < b.x1 - 0.3 && y0 < b.y1 - 0.3 && b.y0 < y1 - 0.3) {
                    snprintf(why, whylen, "leader at x=%.1f crosses text [%.1f,%.1f]", ln->x, b.x0,
                             b.x1);
                    return 1;
                }
            }
        }
    }
    return 0;
}

static void test_timeline(mz_dir dir, const char *name)
{
    static const int years[] = {2019, 2015, 2016, 2017, 2017, 2020, 2021, 2024, 2018};
    static const char *labels[] = {
        "برنامج التحول الرقمي الشامل في الوزارات", "إطلاق الرؤية الوطنية",
        "تأسيس الهيئة العامة للإحصاء", "أول تقرير سنوي", "إصلاح نظام الدعم", "خطة التعافي",
        "الموازنة متعددة السنوات", "الاستراتيجية الجديدة", "قانون المالية العامة"};
    size_t n = sizeof years / sizeof *years;
    mz_doc d;
    doc_init(&d, dir);
    add_para(&d, "مقدمة.");
    add_timeline(&d, n, years, labels);
    add_para(&d, "خاتمة.");
    mz_layout L;
    mz_diag dg = {0};
    mz_status st = run(&L, &d, &dg);
    char nm[96], why[256] = "";
    snprintf(nm, sizeof nm, "%s: layout", name);
    MZ_CHECK(nm, st == MZ_OK && L.npages == 1, "st=%d pages=%zu", st, L.npages);
    if (st) goto out;
    const mz_item *c[32];
    size_t nc = circles(&L, 0, c, 32);
    /* one dot per year (a year's events share its label): 2017 has two */
    static const int sorted[] = {2015, 2016, 2017, 2018, 2019, 2020, 2021, 2024};
    size_t ny = sizeof sorted / sizeof *sorted;
    snprintf(nm, sizeof nm, "%s: one dot per year", name);
    MZ_CHECK(nm, nc == ny, "%zu dots for %zu years", nc, ny);
    int ok = nc == ny;
    for (size_t k = 0; ok && k + 1 < nc; k++) {
        double dx = c[k + 1]->x - c[k]->x;
        if (dir == MZ_DIR_RTL ? !(dx < -1) : !(dx > 1)) {
            ok = 0;
            snprintf(why, sizeof why, "dot %zu at %.1f then %.1f", k, c[k]->x, c[k + 1]->x);
        }
    }
    snprintf(nm, sizeof nm, "%s: time runs %s", name, dir == MZ_DIR_RTL ? "right to left" : "left to right");
    MZ_CHECK(nm, ok, "%s", why);
    /* linear in years: 2015..2018 one step each, 2021..2024 three */
    if (ok) {
        double s1 = (c[3]->x - c[0]->x) / 3, s3 = c[7]->x - c[6]->x;
        snprintf(nm, sizeof nm, "%s: positions linear in years", name);
        MZ_CHECK(nm, fabs(s3 - 3 * s1) < 0.5, "step %.2f vs 3-year gap %.2f", s1, s3);
    }
    snprintf(nm, sizeof nm, "%s: labels do not overlap", name);
    MZ_CHECK(nm, !any_overlap(&L, why, sizeof why), "%s", why);
    snprintf(nm, sizeof nm, "%s: leaders do not cross labels", name);
    MZ_CHECK(nm, !leader_crosses(&L, why, sizeof why), "%s", why);
    /* every label is drawn, inside the frame */
    ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        int f;
        box x = text_box(&L, 0, &d.blocks[1].events[i].label, &f);
        if (!f || x.x0 < 55 || x.x1 > L.width - 55) {
            ok = 0;
            snprintf(why, sizeof why, "label %zu: found=%d [%.1f,%.1f]", i, f, x.x0, x.x1);
        }
    }
    snprintf(nm, sizeof nm, "%s: labels inside the frame", name);
    MZ_CHECK(nm, ok, "%s", why);
    /* the paragraphs around the figure do not meet it */
    int f1, f2;
    box pa = text_box(&L, 0, &d.blocks[0].text, &f1), pb = text_box(&L, 0, &d.blocks[2].text, &f2);
    double top = -1e9, bot = 1e9;
    for (size_t i = 0; i < L.pages[0].n; i++) {
        const mz_item *it = &L.pages[0].items[i];
        if (it->kind != MZ_ITEM_GLYPHS || it->text == d.blocks[0].text.u ||
            it->text == d.blocks[2].text.u || it->y < 60)
            continue;
        box x = item_box(it);
        if (x.y1 > top) top = x.y1;
        if (x.y0 < bot) bot = x.y0;
    }
    snprintf(nm, sizeof nm, "%s: figure between its paragraphs", name);
    MZ_CHECK(nm, f1 && f2 && pa.y0 > top && pb.y1 < bot, "before %.1f top %.1f bottom %.1f after %.1f",
             pa.y0, top, bot, pb.y1);
out:
    mz_layout_free(&L);
    mz_doc_free(&d);
}

static void test_timeline_edges(void)
{
    /* one year only: its one dot (both events in its label) is centred */
    static const int y1[] = {1990, 1990};
    static const char *l1[] = {"حدث", "حدث آخر في العام نفسه"};
    mz_doc d;
    doc_init(&d, MZ_DIR_RTL);
    add_timeline(&d, 2, y1, l1);
    mz_layout L;
    mz_diag dg = {0};
    mz_status st = run(&L, &d, &dg);
    const mz_item *c[4];
    size_t nc = st ? 0 : circles(&L, 0, c, 4);
    MZ_CHECK("timeline: a single year is centred", nc == 1 && fabs(c[0]->x - L.width / 2) < 0.5,
             "st=%d dots=%zu x=%.1f", st, nc, nc ? c[0]->x : 0);
    char why[256] = "";
    if (!st) MZ_CHECK("timeline: same-year labels stacked", !any_overlap(&L, why, sizeof why), "%s", why);
    mz_layout_free(&L);
    mz_doc_free(&d);

    /* crowded years: laid out without overlap, or refused as a limit; never a crash */
    int years[40];
    const char *labels[40];
    for (int i = 0; i < 40; i++) {
        years[i] = 1980 + i;
        labels[i] = i % 3 ? "حدث قصير" : "حدث له وصف أطول قليلا من غيره";
    }
    for (size_t n = 4; n <= 40; n += 6) {
        doc_init(&d, MZ_DIR_RTL);
        add_timeline(&d, n, years, labels);
        memset(&dg, 0, sizeof dg);
        st = run(&L, &d, &dg);
        char nm[64];
        snprintf(nm, sizeof nm, "timeline: %zu consecutive years (%s)", n,
                 st == MZ_OK ? "laid out" : "refused");
        if (st == MZ_OK) MZ_CHECK(nm, !any_overlap(&L, why, sizeof why) && !leader_crosses(&L, why, sizeof why), "%s", why);
        else MZ_CHECK(nm, st == MZ_ERR_LIMIT, "st=%d", st);
        mz_layout_free(&L);
        mz_doc_free(&d);
    }

    /* too many events: a limit error, not a hang */
    static int many_y[300];
    static const char *many_l[300];
    for (int i = 0; i < 300; i++) {
        many_y[i] = 1700 + i;
        many_l[i] = "حدث";
    }
    doc_init(&d, MZ_DIR_RTL);
    add_timeline(&d, 300, many_y, many_l);
    memset(&dg, 0, sizeof dg);
    st = run(&L, &d, &dg);
    MZ_CHECK("timeline: 300 events is a limit error", st == MZ_ERR_LIMIT, "st=%d", st);
    mz_layout_free(&L);
    mz_doc_free(&d);
}

int main(void)
{
    mz_diag d = {0};
    if (mz_fonts_init(&FS, MZ_FONT_DIR, &d) != MZ_OK) {
        printf("FAIL fonts: cannot initialise\n");
        return 1;
    }
    test_table_columns(MZ_DIR_RTL, "table rtl");
    test_table_columns(MZ_DIR_LTR, "table ltr");
    test_table_split();
    test_table_header_not_alone();
    test_table_edge_cases();
    test_timeline(MZ_DIR_RTL, "timeline rtl");
    test_timeline(MZ_DIR_LTR, "timeline ltr");
    test_timeline_edges();
    mz_fonts_free(&FS);
    MZ_DONE();
}
