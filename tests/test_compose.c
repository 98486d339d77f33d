/* test_compose.c - the paragraph composer: total fit against first fit,
 * kashida rules, inserted tatweel accounting, and linear behaviour. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/compose.h"
#include "harness.h"
#include "text/shape.h"

#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

static mz_fonts fs;
static int amiri;

typedef struct stats {
    int lines, loose1, loose05, kashida, kashida_last, two_in_word, bad_used, cn_bad;
    int undrawn; /* lines that report tatweels but draw none */
    int nonlast;
    double badness; /* sum of 100|r|^3 over non-last lines */
    int fallback;   /* lines total fit could not set */
} stats;

static uint32_t *read_text(const char *path, size_t *n, int times)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 16];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    mz_buf b = {0};
    for (int t = 0; t < times; t++) mz_buf_put(&b, buf, len);
    mz_diag d = {0};
    uint32_t *u = mz_utf8_decode(b.data, b.len, n, &d, "seed", 0);
    mz_buf_free(&b);
    return u;
}

/* Sets each line of u (a paragraph per line) at `measure` and gathers stats. */
static void compose_all(const uint32_t *u, size_t n, double measure, mz_justify j, int ff, stats *s)
{
    memset(s, 0, sizeof *s);
    mz_para_style ps = {MZ_DIR_RTL, 12, amiri, amiri, amiri, amiri, "ar", 0, 0, 0};
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && u[e] != '\n') e++;
        if (e > i) {
            mz_para p;
            mz_diag d = {0};
            mz_lines L = {0};
            mz_compose_opts o = {measure, 0, j, ff};
            if (mz_itemize(&p, u + i, e - i, NULL, 0, &ps, &fs, &d) == MZ_OK &&
                mz_shape_para(&p, &fs, &d) == MZ_OK && mz_compose(&p, &o, &fs, &L, &d) == MZ_OK) {
                for (size_t k = 0; k < L.n; k++) {
                    mz_line *l = &L.v[k];
                    s->lines++;
                    s->fallback += l->fallback;
                    if (!l->last) {
                        s->nonlast++;
                        if (fabs(l->ratio) > 1) s->loose1++;
                        if (fabs(l->ratio) > 0.5) s->loose05++;
                        s->badness += 100 * pow(fabs(l->ratio), 3);
                    }
                    s->kashida += l->kashida;
                    if (l->last && l->kashida) s->kashida_last++;
                    /* the glyphs' advances add up to the width the line reports */
                    if (!l->last && fabs(l->used - l->width) > 0.01 && l->ratio != 0) s->bad_used++;
                    /* inserted tatweel: count the words that received one */
                    int last_word = -1, drawn = 0;
                    for (size_t g = 0; g < l->ng; g++) {
                        if (!(l->g[g].flags & MZ_GF_INSERTED)) continue;
                        drawn++;
                        if (l->g[g].cn != 0) s->cn_bad++;
                        /* the word = index of the last space before cl */
                        int w = 0;
                        for (uint32_t c = 0; c < l->g[g].cl; c++) w += p.u[c] == ' ';
                        /* glyphs of one site are adjacent; a second site in the same word is not */
                        if (w == last_word && g > 0 && !(l->g[g - 1].flags & MZ_GF_INSERTED)) s->two_in_word++;
                        last_word = w;
                    }
                    if (l->kashida > 0 && !drawn) s->undrawn++;
                }
            }
            mz_lines_free(&L);
            mz_para_free(&p);
        }
        i = e + 1;
    }
}

int main(void)
{
    mz_diag d = {0};
    if (mz_fonts_init(&fs, MZ_FONT_DIR, &d) || (amiri = mz_fonts_load(&fs, "Amiri-Regular.ttf", &d)) < 0) {
        MZ_FAILF("compose: fonts", "%s", "cannot load Amiri");
        MZ_DONE();
    }
    size_t n1, n20;
    uint32_t *s1 = read_text("tests/data/seed.txt", &n1, 1), *s20 = read_text("tests/data/seed.txt", &n20, 20);
    const double widths[] = {471.28, 300};
    for (int t = 0; t < 2; t++) {
        const uint32_t *u = t ? s20 : s1;
        size_t n = t ? n20 : n1;
        const char *name = t ? "seed x20" : "seed";
        for (int wi = 0; wi < 2; wi++) {
            double w = widths[wi];
            stats ff, au, ka, sp;
            compose_all(u, n, w, MZ_JUSTIFY_SPACES, 1, &ff);
            compose_all(u, n, w, MZ_JUSTIFY_SPACES, 0, &sp);
            compose_all(u, n, w, MZ_JUSTIFY_AUTO, 0, &au);
            compose_all(u, n, w, MZ_JUSTIFY_KASHIDA, 0, &ka);
            char nm[160];
            printf("# %s at %.0f pt: %d non-last lines; |r|>1: first-fit %d, spaces %d, auto %d, kashida %d; "
                   "|r|>0.5: first-fit %d, spaces %d, auto %d, kashida %d; tatweels auto %d, kashida %d\n",
                   name, w, au.nonlast, ff.loose1, sp.loose1, au.loose1, ka.loose1, ff.loose05, sp.loose05,
                   au.loose05, ka.loose05, au.kashida, ka.kashida);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: auto has no non-last line looser than ratio 1", name, w);
            MZ_CHECK(nm, au.loose1 == 0, "%d lines", au.loose1);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: kashida has no non-last line looser than ratio 1", name, w);
            MZ_CHECK(nm, ka.loose1 == 0, "%d lines", ka.loose1);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: total fit (spaces) has no more total badness than first fit", name, w);
            MZ_CHECK(nm, sp.badness <= ff.badness + 1e-6, "total fit %.0f, first fit %.0f", sp.badness, ff.badness);
            printf("# %s at %.0f pt: badness first-fit %.0f, total-fit spaces %.0f\n", name, w, ff.badness, sp.badness);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: kashida has fewer |ratio|>0.5 lines than first fit", name, w);
            MZ_CHECK(nm, ka.loose05 < ff.loose05, "kashida %d, first fit %d", ka.loose05, ff.loose05);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: auto has fewer |ratio|>0.5 lines than first fit", name, w);
            MZ_CHECK(nm, au.loose05 < ff.loose05, "auto %d, first fit %d", au.loose05, ff.loose05);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: total fit sets every paragraph (no first-fit fallback)", name, w);
            MZ_CHECK(nm, sp.fallback + au.fallback + ka.fallback == 0, "spaces %d auto %d kashida %d lines",
                     sp.fallback, au.fallback, ka.fallback);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: kashida mode elongates", name, w);
            MZ_CHECK(nm, ka.kashida > 0, "no tatweel inserted");
            snprintf(nm, sizeof nm, "compose %s %.0fpt: spaces mode never elongates", name, w);
            MZ_CHECK(nm, sp.kashida == 0, "%d tatweels", sp.kashida);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: no kashida in last lines", name, w);
            MZ_CHECK(nm, au.kashida_last == 0 && ka.kashida_last == 0, "auto %d, kashida %d", au.kashida_last, ka.kashida_last);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: never two kashida sites in one word", name, w);
            MZ_CHECK(nm, au.two_in_word == 0 && ka.two_in_word == 0, "auto %d, kashida %d", au.two_in_word, ka.two_in_word);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: inserted tatweel stands for no source text", name, w);
            MZ_CHECK(nm, au.cn_bad == 0 && ka.cn_bad == 0, "%d glyphs", au.cn_bad + ka.cn_bad);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: justified lines fill the measure exactly", name, w);
            MZ_CHECK(nm, au.bad_used == 0 && ka.bad_used == 0 && sp.bad_used == 0, "auto %d kashida %d spaces %d",
                     au.bad_used, ka.bad_used, sp.bad_used);
        }
    }
    /* Arabic broken by Latin, digits and brackets: a line whose first run
     * needs shaping again at its edge but holds no elongated word once lost
     * every tatweel of the line (they were counted, not drawn) */
    size_t nm_;
    uint32_t *mix = read_text("tests/data/kashida-mix.txt", &nm_, 1);
    int undrawn = 0, kashida = 0;
    for (double w = 240; mix && w <= 480; w += 20) {
        stats ka;
        compose_all(mix, nm_, w, MZ_JUSTIFY_KASHIDA, 0, &ka);
        undrawn += ka.undrawn + ka.bad_used;
        kashida += ka.kashida;
    }
    MZ_CHECK("compose kashida-mix.txt at 13 widths: every line's tatweels are drawn and fill it", mix && kashida > 0 &&
             undrawn == 0, "%d lines without their tatweels or short (%d tatweels)", undrawn, kashida);
    free(mix);
    free(s1);
    free(s20);
    mz_fonts_free(&fs);
    MZ_DONE();
}
