/* test_wordcache.c - the word cache (text/shape.c) returns exactly what HarfBuzz
 * returns for the whole range: every glyph, cluster, position and flag, for
 * whole runs, for sub-ranges cut anywhere and for words shaped alone (the
 * composer's elongated words, also cached whole), cold and warm, in several
 * fonts (Amiri, which kerns across spaces; Noto; DejaVu, whose lookups use
 * the space and so must not be cached at all).
 *
 * Run from anywhere: the project root comes from MZ_ROOT (tests/run.sh sets
 * it), else the current directory. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "text/itemize.h"
#include "text/shape.h"
#include "util/util.h"

static mz_fonts fs;
static char root[4096];

static int same(const mz_glyph *a, size_t na, const mz_glyph *b, size_t nb, char *why, size_t wl)
{
    if (na != nb) return snprintf(why, wl, "%zu glyphs, HarfBuzz gives %zu", na, nb), 0;
    for (size_t i = 0; i < na; i++) {
        if (a[i].gid != b[i].gid || a[i].cluster != b[i].cluster || a[i].ax != b[i].ax || a[i].dx != b[i].dx ||
            a[i].dy != b[i].dy || a[i].flags != b[i].flags || a[i].font != b[i].font) {
            snprintf(why, wl,
                     "glyph %zu: gid %u cluster %u ax %.4f dx %.4f dy %.4f flags %u; HarfBuzz: gid %u "
                     "cluster %u ax %.4f dx %.4f dy %.4f flags %u",
                     i, a[i].gid, a[i].cluster, a[i].ax, a[i].dx, a[i].dy, a[i].flags, b[i].gid, b[i].cluster,
                     b[i].ax, b[i].dx, b[i].dy, b[i].flags);
            return 0;
        }
    }
    return 1;
}

typedef struct tally {
    unsigned long ranges, bad;
    char first[600];
} tally;

/* Compares cached and direct shaping of [s, s+len) with context [cs, ce). */
static void compare(tally *t, const mz_para *p, const mz_run *run, const uint32_t *u, size_t cs, size_t ce,
                    size_t s, size_t len, const char *where)
{
    mz_glyph *a = NULL, *b = NULL;
    size_t na = 0, ca = 0, nb = 0, cb = 0;
    mz_shape_req r = {p, run, u, cs, ce, s, len};
    int ok2 = mz_shape_direct(&r, &fs, &b, &nb, &cb);
    /* the cache by pieces, then as a whole range (cold, then warm) */
    for (int way = 0; way < 3; way++) {
        na = 0;
        int ok1 = way ? mz_shape_alone(&r, &fs, &a, &na, &ca) : mz_shape_range(&r, &fs, &a, &na, &ca);
        char why[500];
        t->ranges++;
        if (!ok1 || !ok2 || !same(a, na, b, nb, why, sizeof why)) {
            if (!t->bad++)
                snprintf(t->first, sizeof t->first, "%s, range [%zu, %zu) of context [%zu, %zu)%s: %s", where, s,
                         s + len, cs, ce, way ? " alone" : "", ok1 && ok2 ? why : "out of memory");
        }
    }
    free(a);
    free(b);
}

/* Each word of RUN with its trailing spaces, as the composer shapes the
 * words it elongates: in the paragraph, and with the context cut after it. */
static void compare_words(tally *t, const mz_para *p, const mz_run *run, const uint32_t *u, size_t n,
                          const char *where)
{
    size_t end = run->start + run->len;
    for (size_t a = run->start; a < end;) {
        size_t b = a + 1;
        while (b < end && !(u[b - 1] == ' ' && u[b] != ' ')) b++;
        compare(t, p, run, u, 0, n, a, b - a, where);
        compare(t, p, run, u, 0, b, a, b - a, where);
        a = b;
    }
}

/* Every run of every line of TEXT, whole and cut at a spread of places
 * (mid-word, at spaces, with the context cut as a line's is). */
static void compare_text(tally *t, const char *text, size_t nbytes, int font, mz_dir dir, const char *lang,
                         const char *name)
{
    const char *p0 = text, *end = text + nbytes;
    unsigned line = 0;
    while (p0 < end) {
        const char *nl = memchr(p0, '\n', (size_t)(end - p0));
        const char *le = nl ? nl : end;
        line++;
        if (le > p0 && *p0 != '#') {
            mz_diag d = {0};
            char err[200];
            d.buf = err;
            d.len = sizeof err;
            size_t n;
            uint32_t *u = mz_utf8_decode(p0, (size_t)(le - p0), &n, &d, name, line);
            mz_para para;
            mz_para_style st = {0};
            st.dir = dir;
            st.size = 12;
            st.font_regular = st.font_bold = st.font_italic = st.font_bold_italic = font;
            st.lang = lang;
            if (u && !mz_itemize(&para, u, n, NULL, 0, &st, &fs, &d)) {
                char where[64];
                snprintf(where, sizeof where, "%s:%u", name, line);
                for (size_t r = 0; r < para.nruns; r++) {
                    const mz_run *run = &para.runs[r];
                    for (int pass = 0; pass < 2; pass++) /* cold, then warm */
                        compare(t, &para, run, u, 0, n, run->start, run->len, where);
                    compare_words(t, &para, run, u, n, where);
                    size_t step = run->len / 7 + 1;
                    for (size_t a = run->start; a < run->start + run->len; a += step) {
                        size_t b = a + step * 3 + 1 < run->start + run->len ? a + step * 3 + 1 : run->start + run->len;
                        compare(t, &para, run, u, 0, n, a, b - a, where);
                        compare(t, &para, run, u, a, b, a, b - a, where); /* context cut, as at a line end */
                    }
                }
                mz_para_free(&para);
            }
            free(u);
        }
        p0 = nl ? nl + 1 : end;
    }
}

static void check(const char *name, tally *t)
{
    MZ_CHECK(name, t->ranges > 0 && t->bad == 0, "%lu of %lu ranges differ; first: %s", t->bad, t->ranges,
             t->ranges ? t->first : "nothing compared");
}

/* The same pieces in many places: strings written to exercise the cuts. */
static const char *edge_cases =
    "كتابة كتاب مدرسة كبيرة وكذلك ه كل\n"           /* Amiri kerns an initial kaf after heh + space */
    "ة ك ة  ك ة\u00a0ك\n"
    " َكتب  ُ  بِسْمِ اللَّهِ   \n"                   /* marks right after spaces */
    "لا\u200dإله \u200cمن\u200d \u200d ب\n"         /* joiners at piece edges */
    "كتـــاب سـلام    محمـد ـ ـــ\n"                  /* tatweel, runs of spaces */
    "العدد ١٢٣٬٤٥٦٫٧ و 50% من (المجموع) [ص ٢]\n"
    "AV To Ta We Yo fi ffl office WAVE, \"quoted\" AVA\n"
    "كلمةطويلةجداجداجداجداجداجداجداجداجداجداجداجداجداجداجداجداجدا قصيرة\n"
    "x \u0301y \u200bz a\u034fb e\ufe0fq 👍🏽 ok\n";

int main(void)
{
    const char *r = getenv("MZ_ROOT");
    snprintf(root, sizeof root, "%.4000s", r ? r : ".");
    char font_dir[4200], path[4300];
    snprintf(font_dir, sizeof font_dir, "%s/fonts", root);
    mz_diag d = {0};
    char err[256];
    d.buf = err;
    d.len = sizeof err;
    if (mz_fonts_init(&fs, font_dir, &d)) {
        MZ_FAILF("wordcache: fonts", "%s", err);
        MZ_DONE();
    }
    int amiri = mz_fonts_load(&fs, "Amiri-Regular.ttf", &d);
    int amiri_b = mz_fonts_load(&fs, "Amiri-Bold.ttf", &d);
    int naskh = mz_fonts_load(&fs, "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf", &d);
    int sans = mz_fonts_load(&fs, "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", &d);
    int dejavu = mz_fonts_load(&fs, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", &d);
    MZ_CHECK("wordcache: test fonts load", amiri >= 0 && amiri_b >= 0 && naskh >= 0 && sans >= 0,
             "%s (Noto comes from fonts-noto-core)", err);

    const char *files[] = {"tests/data/seed.txt", "tests/data/mix.txt", "tests/data/shaping.txt",
                           "data/briefing.md"};
    size_t nf = sizeof files / sizeof files[0];
    char *texts[8];
    size_t lens[8];
    for (size_t i = 0; i < nf; i++) {
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        texts[i] = mz_t_read_file(path, &lens[i]);
        MZ_CHECK("wordcache: read test text", texts[i] != NULL, "%s", path);
    }
    const struct {
        int font;
        const char *name;
    } fonts[] = {{amiri, "Amiri Regular"}, {amiri_b, "Amiri Bold"}, {naskh, "Noto Naskh Arabic"},
                 {sans, "Noto Sans"}, {dejavu, "DejaVu Sans"}};
    for (size_t k = 0; k < sizeof fonts / sizeof fonts[0]; k++) {
        if (fonts[k].font < 0) continue;
        tally t = {0};
        for (size_t i = 0; i < nf; i++)
            if (texts[i]) compare_text(&t, texts[i], lens[i], fonts[k].font, MZ_DIR_RTL, "ar", files[i]);
        compare_text(&t, edge_cases, strlen(edge_cases), fonts[k].font, MZ_DIR_RTL, "ar", "edge cases");
        compare_text(&t, edge_cases, strlen(edge_cases), fonts[k].font, MZ_DIR_LTR, "en", "edge cases (LTR)");
        char name[128];
        snprintf(name, sizeof name, "wordcache: %s, cached shaping equals HarfBuzz on whole ranges", fonts[k].name);
        check(name, &t);
    }

    /* the case the guard exists for: Amiri moves an initial kaf after
     * "heh space", so the word must not be taken from the cache there */
    {
        const char *s = "ه كتب";
        size_t n;
        uint32_t *u = mz_utf8_decode(s, strlen(s), &n, &d, "kern", 1);
        mz_para para;
        mz_para_style st = {0};
        st.dir = MZ_DIR_RTL;
        st.size = 12;
        st.font_regular = st.font_bold = st.font_italic = st.font_bold_italic = amiri;
        st.lang = "ar";
        int differs = 0;
        if (u && amiri >= 0 && !mz_itemize(&para, u, n, NULL, 0, &st, &fs, &d)) {
            mz_glyph *a = NULL, *b = NULL;
            size_t na = 0, ca = 0, nb = 0, cb = 0;
            /* the word alone, then in context */
            mz_shape_req alone = {&para, &para.runs[0], u, 2, n, 2, n - 2};
            mz_shape_req whole = {&para, &para.runs[0], u, 0, n, 0, n};
            mz_shape_direct(&alone, &fs, &a, &na, &ca);
            mz_shape_direct(&whole, &fs, &b, &nb, &cb);
            for (size_t i = 0; i < na && i < nb && !differs; i++)
                if (b[i].cluster >= 2) {
                    for (size_t j = 0; j < na; j++)
                        if (a[j].cluster == b[i].cluster && a[j].gid == b[i].gid &&
                            (a[j].dx != b[i].dx || a[j].ax != b[i].ax))
                            differs = 1;
                }
            free(a);
            free(b);
            mz_para_free(&para);
        }
        free(u);
        MZ_CHECK("wordcache: Amiri kerns across a space (the guard is needed)", differs,
                 "shaping 'كتب' after 'ه ' moved nothing: the test no longer covers the guard");
    }

    unsigned long hits = 0, misses = 0;
    mz_wcache_stats(&fs, &hits, &misses);
    MZ_CHECK("wordcache: repeated words come from the cache", hits > misses && misses > 0,
             "%lu hits, %lu misses", hits, misses);

    for (size_t i = 0; i < nf; i++) free(texts[i]);
    mz_fonts_free(&fs);
    MZ_DONE();
}
