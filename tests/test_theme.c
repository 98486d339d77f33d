/* test_theme.c - the theme loader: the shipped briefing theme gives exactly
 * the numbers the layout had in C, report extends it, template fields,
 * where themes are found, file:line errors, and layout following a theme. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "layout/theme.h"

#ifndef MZ_THEME_DIR
#define MZ_THEME_DIR "themes"
#endif
#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

static int same_rgb(mz_rgb a, float r, float g, float b) { return a.r == r && a.g == g && a.b == b; }

static mz_status load(mz_theme *th, const char *name, char *err, size_t n)
{
    char path[4096];
    mz_diag d = {0};
    d.buf = err;
    d.len = n;
    err[0] = 0;
    if (!mz_theme_path(&(mz_theme_ref){NULL, name, NULL, NULL, NULL}, path, sizeof path)) return MZ_ERR_USAGE;
    return mz_theme_load(th, path, NULL, NULL, &d);
}

/* The decimal values in briefing.yaml are the same doubles (and floats) as
 * the C literals they replaced: byte-identical output depends on it. */
static void test_briefing_exact(void)
{
    mz_theme th;
    char err[512];
    mz_status st = load(&th, "briefing", err, sizeof err);
    MZ_CHECK("briefing loads", st == MZ_OK, "%s", err);
    if (st) return;
    MZ_CHECK("page sizes exact", th.a4_w == 595.276 && th.a4_h == 841.890 && th.letter_w == 612.0 &&
                                     th.letter_h == 792.0, "%.17g %.17g", th.a4_w, th.a4_h);
    MZ_CHECK("margins", th.margin_left == 70.0 && th.margin_right == 70.0 && th.margin_top == 78.0 &&
                            th.margin_bottom == 72.0, "%g %g", th.margin_top, th.margin_bottom);
    MZ_CHECK("palette floats exact",
             same_rgb(th.palette[0], 0.11f, 0.13f, 0.17f) && same_rgb(th.palette[1], 0.05f, 0.25f, 0.42f) &&
                 same_rgb(th.palette[2], 0.40f, 0.43f, 0.48f) && same_rgb(th.palette[3], 0.72f, 0.76f, 0.81f) &&
                 same_rgb(th.palette[4], 0.93f, 0.95f, 0.97f) && same_rgb(th.palette[5], 1, 1, 1),
             "ink %.9g", th.palette[0].r);
    MZ_CHECK("palette names resolved", same_rgb(th.link_color, 0.05f, 0.25f, 0.42f) &&
                                            same_rgb(th.h[2].text.color, 0.11f, 0.13f, 0.17f),
             "link %.9g", th.link_color.r);
    MZ_CHECK("a literal colour", same_rgb(th.band_end_note.color, 0.85f, 0.9f, 0.95f), "%.9g", th.band_end_note.color.r);
    MZ_CHECK("heading scales", th.h[0].text.size == 1.6 && th.h[1].text.size == 1.3 &&
                                   th.h[2].text.size == 1.12 && th.h[3].text.size == 1.05 &&
                                   th.h[4].text.size == 1.0 && th.h[5].text.size == 1.0,
             "%.17g", th.h[2].text.size);
    MZ_CHECK("body", th.body.size == 13.5 && th.body.leading == 1.75 && th.measure == 330 && th.grid == 0.5 && th.list_indent == 1.6, "%g", th.body.leading);
    MZ_CHECK("table and timeline", th.table_cell.size == 0.85 && th.table_leading == 0.85 &&
                                       th.table_min_pad == 0.15 && th.tl_label.size == 0.85 &&
                                       th.tl_measure == 7.0 && th.tl_dot == 0.27 && th.tl_gap == 0.45,
             "%.17g", th.table_min_pad);
    MZ_CHECK("faces", th.h[0].text.face == MZ_FACE_BOLD && th.body.face == MZ_FACE_REGULAR &&
                          th.caption.face == MZ_FACE_REGULAR && th.code.face == MZ_FACE_REGULAR,
             "%d", th.h[0].text.face);
    mz_theme_free(&th);
}

static void test_report(void)
{
    mz_theme th;
    char err[512];
    mz_status st = load(&th, "report", err, sizeof err);
    MZ_CHECK("report loads", st == MZ_OK, "%s", err);
    if (st) return;
    MZ_CHECK("report changes what it names", th.margin_left == 80 && th.band_height == 0 &&
                                                 th.h[0].rule == 0 && th.body.size == 11,
             "%g %g", th.margin_left, th.band_height);
    MZ_CHECK("report inherits the rest", th.a4_w == 595.276 && th.h[0].text.leading == 1.55, "%g", th.a4_w);
    /* a colour naming the palette takes the extending theme's palette entry */
    MZ_CHECK("inherited colour names follow the new palette",
             th.link_color.r == th.palette[1].r && th.link_color.g == th.palette[1].g &&
                 th.palette[1].r != 0.05f,
             "%g", th.link_color.r);
    mz_theme_free(&th);
}

static void test_fields(void)
{
    mz_theme th;
    char err[512];
    if (load(&th, "briefing", err, sizeof err)) {
        MZ_FAILF("fields: theme", "%s", err);
        return;
    }
    mz_meta m = {0};
    m.title = "العنوان";
    m.date = "2026";
    mz_fields f = {&m, mz_theme_words(&th, "ar-EG"), "سري", 2, 3, 0x0660};
    mz_buf b = {0};
    mz_theme_expand("{header}|{date}|{footer}|{page_of}|{classification}", &f, &b);
    mz_buf_put(&b, "", 1);
    MZ_CHECK("header falls back to the title; digits; words by language prefix",
             b.data && !strcmp(b.data, "العنوان|2026||صفحة ٢ من ٣|سري"), "'%s'", b.data ? b.data : "");
    mz_buf_free(&b);
    f.words = mz_theme_words(&th, "fr");
    f.digit_zero = 0;
    mz_theme_expand("{page_of} {contents}", &f, &b);
    mz_buf_put(&b, "", 1);
    MZ_CHECK("an unlisted language takes the fallback's words", b.data && !strcmp(b.data, "Page 2 of 3 Contents"),
             "'%s'", b.data ? b.data : "");
    mz_buf_free(&b);
    f.page = 0;
    mz_theme_expand("{page}{page_of}", &f, &b);
    MZ_CHECK("no page: page fields are empty", b.len == 0, "%zu bytes", b.len);
    mz_buf_free(&b);
    f.page = 12;
    f.words = mz_theme_words(&th, "fa-IR");
    f.digit_zero = mz_theme_digit_zero(&th, "fa-IR", MZ_DIGITS_NATIVE, 1);
    mz_theme_expand("{contents} {page_of}", &f, &b);
    mz_buf_put(&b, "", 1);
    MZ_CHECK("Persian words and native digits", b.data && !strcmp(b.data, "فهرست صفحه ۱۲ از ۳"), "'%s'",
             b.data ? b.data : "");
    mz_buf_free(&b);
    mz_theme_free(&th);
}

/* Which digits: by name, native (the language's), and unset by direction. */
static void test_digits(void)
{
    mz_theme th;
    char err[512];
    if (load(&th, "briefing", err, sizeof err)) {
        MZ_FAILF("digits: theme", "%s", err);
        return;
    }
    static const struct {
        const char *lang;
        int digits, rtl, zero;
    } cases[] = {
        {"ar", MZ_DIGITS_NATIVE, 1, 0x0660},          {"ar-EG", MZ_DIGITS_NATIVE, 0, 0x0660},
        {"fa", MZ_DIGITS_NATIVE, 1, 0x06F0},          {"ur", MZ_DIGITS_NATIVE, 1, 0x06F0},
        {"en", MZ_DIGITS_NATIVE, 1, 0},               {"fr", MZ_DIGITS_NATIVE, 0, 0}, /* the fallback's */
        {"fa", MZ_DIGITS_DEFAULT, 1, 0x06F0},         {"ar", MZ_DIGITS_DEFAULT, 1, 0x0660},
        {"he", MZ_DIGITS_DEFAULT, 1, 0x0660},         {"en", MZ_DIGITS_DEFAULT, 1, 0x0660}, /* as always */
        {"fa", MZ_DIGITS_DEFAULT, 0, 0},              {"fa", MZ_DIGITS_ARABIC_INDIC, 0, 0x0660},
        {"ar", MZ_DIGITS_EXTENDED_ARABIC_INDIC, 1, 0x06F0}, {"fa", MZ_DIGITS_EUROPEAN, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int z = mz_theme_digit_zero(&th, cases[i].lang, cases[i].digits, cases[i].rtl);
        MZ_CHECK("digit zero by name, language and direction", z == cases[i].zero, "%s digits %d rtl %d: %#x",
                 cases[i].lang, cases[i].digits, cases[i].rtl, (unsigned)z);
    }
    mz_theme_free(&th);
}

static void test_paths(void)
{
    char p[256];
    char want[300];
    snprintf(want, sizeof want, "%s/report.yaml", MZ_THEME_DIR);
    MZ_CHECK("a name is a shipped theme", mz_theme_path(&(mz_theme_ref){"report", NULL, "a/b.md", NULL, NULL}, p, sizeof p) && !strcmp(p, want), "%s", p);
    MZ_CHECK("a name in the theme directory given (the program's MUJAZ_THEME_DIR)",
             mz_theme_path(&(mz_theme_ref){"report", NULL, "a/b.md", "/f", "/t"}, p, sizeof p) && !strcmp(p, "/t/report.yaml"),
             "%s", p);
    MZ_CHECK("no theme: the default", mz_theme_path(&(mz_theme_ref){NULL, NULL, "a/b.md", NULL, NULL}, p, sizeof p) && strstr(p, "/briefing.yaml"), "%s", p);
    MZ_CHECK("the front matter's path is beside the document",
             mz_theme_path(&(mz_theme_ref){NULL, "t/x.yaml", "docs/b.md", NULL, NULL}, p, sizeof p) && !strcmp(p, "docs/t/x.yaml"), "%s", p);
    MZ_CHECK("the front matter's .yaml without a folder too",
             mz_theme_path(&(mz_theme_ref){NULL, "x.yml", "docs/b.md", NULL, NULL}, p, sizeof p) && !strcmp(p, "docs/x.yml"), "%s", p);
    MZ_CHECK("--theme is the working directory's",
             mz_theme_path(&(mz_theme_ref){"t/x.yaml", "y.yaml", "docs/b.md", NULL, NULL}, p, sizeof p) && !strcmp(p, "t/x.yaml"), "%s", p);
    MZ_CHECK("an absolute path stays", mz_theme_path(&(mz_theme_ref){NULL, "/etc/t.yaml", "docs/b.md", NULL, NULL}, p, sizeof p) &&
                                           !strcmp(p, "/etc/t.yaml"), "%s", p);
    /* beside the shipped fonts when those are named and hold the theme */
    {
        char dir[] = "/tmp/mujaz-test-themesXXXXXX", f[200];
        if (mkdtemp(dir)) {
            snprintf(f, sizeof f, "%s/fonts", dir);
            mkdir(f, 0700);
            snprintf(f, sizeof f, "%s/themes", dir);
            mkdir(f, 0700);
            snprintf(f, sizeof f, "%s/themes/local.yaml", dir);
            FILE *fp = fopen(f, "w");
            if (fp) fclose(fp);
            char fonts[200];
            snprintf(fonts, sizeof fonts, "%s/fonts", dir);
            snprintf(want, sizeof want, "%s/fonts/../themes/local.yaml", dir);
            MZ_CHECK("a shipped theme beside the named font directory",
                     mz_theme_path(&(mz_theme_ref){"local", NULL, NULL, fonts, NULL}, p, sizeof p) && !strcmp(p, want), "%s", p);
            snprintf(want, sizeof want, "%s/report.yaml", MZ_THEME_DIR);
            MZ_CHECK("not there: the built-in directory",
                     mz_theme_path(&(mz_theme_ref){"report", NULL, NULL, fonts, NULL}, p, sizeof p) && !strcmp(p, want), "%s", p);
            remove(f);
            snprintf(f, sizeof f, "%s/themes", dir);
            rmdir(f);
            snprintf(f, sizeof f, "%s/fonts", dir);
            rmdir(f);
            rmdir(dir);
        }
    }
    MZ_CHECK("a path that does not fit", !mz_theme_path(&(mz_theme_ref){"a-very-long-theme-name-indeed", NULL, NULL, NULL, NULL}, p, 8), "fit");
}

static void test_errors(void)
{
    const char *path = "/tmp/mujaz-test-theme.yaml";
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"extends: briefing\nbody:\n  size: big\n", ":3: 'body.size' must be a number"},
        {"extends: briefing\nbody: {sise: 3}\n", ":2: unknown theme key 'body.sise'"},
        {"extends: briefing\nheader: {start: \"{titel}\"}\n", ":2: 'header.start': unknown field {titel}"},
        {"extends: briefing\nwords: {de: {contents: Inhalt}}\n", "the words of 'de' need both"},
        {"- a\n- b\n", ":1: a theme must be 'key: value' lines"},
        {"extends: briefing\n---\nbody: {size: 3}\n", ":2: a theme is one YAML document"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        FILE *f = fopen(path, "w");
        if (!f) {
            MZ_FAILF("errors", "cannot write %s", path);
            return;
        }
        fputs(cases[i].text, f);
        fclose(f);
        mz_theme th;
        char err[512] = "";
        mz_diag d = {0};
        d.buf = err;
        d.len = sizeof err;
        mz_status st = mz_theme_load(&th, path, NULL, NULL, &d);
        char name[64];
        snprintf(name, sizeof name, "theme error %zu", i + 1);
        MZ_CHECK(name, st == MZ_ERR_INPUT && !strncmp(err, path, strlen(path)) && strstr(err, cases[i].want),
                 "status %d: %s", st, err);
    }
    remove(path);
}

static int write_file(const char *path, const char *text, long long mtime)
{
    FILE *f = fopen(path, "w");
    if (!f) return 0;
    int ok = fputs(text, f) >= 0;
    ok = fclose(f) == 0 && ok;
    struct timespec t[2] = {{(time_t)mtime, 0}, {(time_t)mtime, 0}};
    return ok && utimensat(AT_FDCWD, path, t, 0) == 0;
}

/* mz_theme_load_cached: a second document with the same theme gets the
 * parsed theme again; a change to any file of the chain (same length, only
 * the time and bytes differ) is read anew. */
static void test_cached(void)
{
    char dir[] = "/tmp/mujaz-theme-cache-XXXXXX", a[256], b[256];
    if (!mkdtemp(dir)) {
        MZ_FAILF("theme cache", "mkdtemp failed");
        return;
    }
    snprintf(a, sizeof a, "%s/a.yaml", dir);
    snprintf(b, sizeof b, "%s/b.yaml", dir);
    mz_fonts fs;
    mz_diag d = {0};
    char err[512] = "";
    d.buf = err;
    d.len = sizeof err;
    if (!write_file(a, "extends: b.yaml\npage: {margins: {left: 81}}\n", 1000000000) ||
        !write_file(b, "extends: briefing\nbody: {size: 11}\n", 1000000000) || mz_fonts_init(&fs, MZ_FONT_DIR, &d)) {
        MZ_FAILF("theme cache", "setup failed: %s", err);
        return;
    }
    const mz_theme *t1 = NULL, *t2 = NULL, *t3 = NULL;
    mz_status st = mz_theme_load_cached(&t1, &fs, a, NULL, NULL, &d);
    MZ_CHECK("cached theme loads", !st && t1 && t1->body.size == 11 && t1->margin_left == 81, "%d %s", st, err);
    st = mz_theme_load_cached(&t2, &fs, a, NULL, NULL, &d);
    MZ_CHECK("unchanged files: the same parsed theme", !st && t2 == t1, "%d %s", st, err);
    /* the extended file changes: same length, another time */
    if (write_file(b, "extends: briefing\nbody: {size: 12}\n", 1000000100)) {
        st = mz_theme_load_cached(&t3, &fs, a, NULL, NULL, &d);
        MZ_CHECK("a changed file of the chain is read again", !st && t3 && t3->body.size == 12 && t3->margin_left == 81,
                 "%d %s %g", st, err, t3 ? t3->body.size : 0);
    }
    st = mz_theme_load_cached(&t3, &fs, "/nonexistent/theme.yaml", NULL, NULL, &d);
    MZ_CHECK("a missing theme fails as uncached", st == MZ_ERR_INPUT && !t3, "%d", st);
    mz_fonts_free(&fs);
    remove(a);
    remove(b);
    rmdir(dir);
}

/* The same document laid out with each shipped theme: the report's frame. */
static void test_layout(void)
{
    mz_fonts fs;
    mz_diag d = {0};
    char err[512] = "";
    d.buf = err;
    d.len = sizeof err;
    if (mz_fonts_init(&fs, MZ_FONT_DIR, &d)) {
        MZ_FAILF("layout: fonts", "%s", err);
        return;
    }
    static const char src[] = "---\ntitle: عنوان\n---\n\n## قسم\n\nنص الفقرة الأولى.\n";
    const char *themes[2] = {NULL, "report"};
    double left[2] = {0}, band[2] = {0};
    for (int k = 0; k < 2; k++) {
        mz_doc doc = {0};
        mz_layout L = {0};
        mz_options o;
        mz_options_init(&o);
        o.theme = themes[k];
        mz_status st = mz_doc_read(&doc, "t.md", src, sizeof src - 1, &d);
        if (!st) st = mz_layout_doc(&L, &doc, &fs, &o, &d);
        MZ_CHECK(k ? "layout with report" : "layout with the default", st == MZ_OK, "%s", err);
        for (size_t p = 0; !st && p < L.npages; p++)
            for (size_t i = 0; i < L.pages[p].n; i++) {
                const mz_item *it = &L.pages[p].items[i];
                if (it->kind == MZ_ITEM_RECT && it->w > 500) band[k] = it->h;
                if (it->kind == MZ_ITEM_RECT && it->h < 1 && it->w > 400) left[k] = it->x; /* the cover's rule */
            }
        mz_layout_free(&L);
        mz_doc_free(&doc);
    }
    /* a title alone: the band at its bare height (nothing in it) */
    MZ_CHECK("the band is the default's, not the report's", band[0] == 34 && band[1] == 0, "%g %g", band[0], band[1]);
    MZ_CHECK("the cover rule spans each theme's frame", left[0] == 70 && left[1] == 80, "%g %g", left[0], left[1]);
    mz_fonts_free(&fs);
}

int main(void)
{
    test_briefing_exact();
    test_report();
    test_fields();
    test_digits();
    test_paths();
    test_errors();
    test_cached();
    test_layout();
    MZ_DONE();
}
