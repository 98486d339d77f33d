/* test_compose.c - the paragraph composer: total fit against first fit,
 * kashida rules, inserted tatweel accounting, the house style's limits
 * (shrink, last lines, which words take kashida and how spread), and linear
 * behaviour. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/compose.h"
#include "harness.h"
#include "layout/theme.h"
#include "text/kashida.h"
#include "text/shape.h"

#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

static mz_fonts fs;
static int amiri;
static mz_compose_rules rules;   /* the shipped theme's */
static uint32_t **plain;         /* its plain words, harakat dropped */
static size_t nplain;

typedef struct stats {
    int lines, loose1, loose05, kashida, kashida_last, two_in_word, bad_used, cn_bad;
    int undrawn; /* lines that report tatweels but draw none */
    int nonlast;
    double badness; /* sum of 100|r|^3 over non-last lines */
    int fallback;   /* lines total fit could not set */
    int short_elongated, plain_elongated; /* elongated words of < min_letters letters, or listed */
    int near;       /* elongated words on a line fewer than the spread apart */
    int over_cap;   /* lines with more elongated words than one in the spread */
    int elongated;  /* elongated words */
    int narrow;     /* spaces narrower than the rules' minimum (text without harakat) */
    int runts, long_last; /* last lines of one word, or longer than the rules' share */
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

static int is_mark(uint32_t c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640; }
static int is_space(uint32_t c) { return c == ' ' || c == 0x00A0; }

static int is_letter(uint32_t c) { return (c >= 0x0621 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3); }
static int is_wordish(uint32_t c)
{
    return is_letter(c) || (c >= 0x0660 && c <= 0x0669) || (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= 0xC0 && c <= 0x24F);
}

/* The word of p holding character i: [*ws, *we), punctuation at its edges dropped. */
static void word_at(const mz_para *p, size_t i, size_t *ws, size_t *we)
{
    size_t a = i, b = i;
    while (a > 0 && !is_space(p->u[a - 1])) a--;
    while (b < p->len && !is_space(p->u[b])) b++;
    while (a < b && !is_letter(p->u[a])) a++;
    while (b > a && !is_letter(p->u[b - 1]) && !is_mark(p->u[b - 1])) b--;
    *ws = a;
    *we = b;
}

/* Letters of [a, b) with harakat and tatweel dropped, into out (64 max). */
static size_t letters_of(const uint32_t *u, size_t a, size_t b, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = a; i < b && k < 63; i++)
        if (!is_mark(u[i])) out[k++] = u[i];
    out[k] = 0;
    return k;
}

static int listed(const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < nplain; i++) {
        size_t m = 0;
        while (plain[i][m]) m++;
        if (m == n && !memcmp(plain[i], w, n * sizeof *w)) return 1;
    }
    return 0;
}

/* Words (tokens holding a letter or digit) of [a, b). */
static int words_in(const uint32_t *u, size_t a, size_t b)
{
    int n = 0, in = 0, word = 0;
    for (size_t i = a; i <= b; i++) {
        if (i == b || is_space(u[i])) {
            n += in && word;
            in = word = 0;
        } else {
            in = 1;
            word |= is_wordish(u[i]);
        }
    }
    return n;
}

/* Index of the word of the line [s, e) holding character i. */
static int word_index(const uint32_t *u, size_t s, size_t i)
{
    int w = 0;
    for (size_t k = s + 1; k <= i; k++) w += is_space(u[k - 1]) && !is_space(u[k]);
    return w;
}

/* The kashida rules on line l of p: which words are elongated, how far apart. */
static void check_kashida(const mz_para *p, const mz_line *l, stats *s)
{
    int ew[256], ne = 0;
    for (size_t g = 0; g < l->ng; g++) {
        if (!(l->g[g].flags & MZ_GF_INSERTED)) continue;
        size_t ws, we;
        word_at(p, l->g[g].cl, &ws, &we);
        int w = word_index(p->u, l->start, l->g[g].cl), seen = 0;
        for (int k = 0; k < ne; k++) seen |= ew[k] == w;
        if (seen || ne == 256) continue;
        ew[ne++] = w;
        uint32_t let[64];
        size_t nl = letters_of(p->u, ws, we, let);
        s->short_elongated += nl < (size_t)rules.kashida_min_letters;
        s->plain_elongated += listed(let, nl);
    }
    s->elongated += ne;
    for (int a = 0; a < ne; a++)
        for (int b = a + 1; b < ne; b++) s->near += abs(ew[a] - ew[b]) < rules.kashida_spread;
    int words = words_in(p->u, l->start, l->end), cap = words / rules.kashida_spread;
    s->over_cap += ne > (cap < 1 ? 1 : cap);
}

/* Spaces on a justified line no narrower than the rules allow: a space
 * glyph's width is the distance to the next glyph's pen (text without
 * harakat: no offsets). */
static void check_spaces(const mz_para *p, const mz_line *l, stats *s)
{
    double natural = 0;
    for (size_t i = 0; i < p->nglyphs && !natural; i++)
        if (p->glyphs[i].cluster < p->len && p->u[p->glyphs[i].cluster] == ' ') natural = p->glyphs[i].ax;
    for (size_t g = 0; g + 1 < l->ng; g++)
        if (l->g[g].cn == 1 && p->u[l->g[g].cl] == ' ' && !is_mark(p->u[l->g[g + 1].cl]) &&
            l->g[g + 1].x - l->g[g].x < rules.min_space * natural - 0.01)
            s->narrow++;
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
            mz_compose_opts o = {measure, 0, j, ff, &rules, NULL, NULL};
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
                    check_kashida(&p, l, s);
                    if (!l->last) check_spaces(&p, l, s);
                    if (l->last && k > 0 && !L.v[k - 1].last) {
                        s->runts += words_in(p.u, l->start, l->end) < rules.last_min_words;
                        s->long_last += l->natural > rules.last_full * l->width;
                    }
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

/* The shipped theme's rules, and its plain words as text (the test's own
 * reading of the list, not the composer's hashes). */
static int load_rules(mz_theme *th, uint64_t **hashes)
{
    mz_diag d = {0};
    if (mz_theme_load(th, "themes/briefing.yaml", NULL, NULL, &d)) return 0;
    rules = th->justify;
    if (!mz_kashida_words(th->kashida_plain, hashes, &rules.nkashida_skip)) return 0;
    rules.kashida_skip = *hashes;
    size_t n;
    uint32_t *u = mz_utf8_decode(th->kashida_plain, strlen(th->kashida_plain), &n, &d, "plain", 0);
    plain = calloc(n + 1, sizeof *plain);
    if (!u || !plain) return 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (is_space(u[i]) || u[i] == '\n')) i++;
        size_t a = i;
        while (i < n && !is_space(u[i]) && u[i] != '\n') i++;
        if (i == a) break;
        plain[nplain] = calloc(64, sizeof **plain);
        if (!plain[nplain]) return 0;
        letters_of(u, a, i, plain[nplain++]);
    }
    free(u);
    return nplain > 0;
}

/* Kashida on a made-up line: nine four-letter words, each with a site of
 * the given priority; which words get tatweels for WANT of them. */
static size_t choose_on(const int *pr, size_t want, int per_site, int *words)
{
    static uint32_t u[45];
    unsigned char site[45] = {0}, count[45] = {0};
    unsigned K[46] = {0};
    for (size_t i = 0; i < 45; i++) u[i] = i % 5 == 4 ? ' ' : 0x0633;
    for (int w = 0; w < 9; w++) site[w * 5 + 2] = (unsigned char)pr[w];
    for (size_t i = 0; i < 45; i++) K[i + 1] = K[i] + (site[i] != 0);
    mz_kashida_line kl = {site, K, u, per_site, 3, 0, 44};
    size_t got = mz_kashida_choose(&kl, want, count);
    for (int w = 0; w < 9; w++) words[w] = count[w * 5 + 2];
    return got;
}

static void test_choose(void)
{
    int w[9];
    /* the best sites are in the last two words: earlier ones take the tatweels */
    const int pr[9] = {7, 7, 7, 7, 5, 7, 7, 2, 2};
    size_t got = choose_on(pr, 2, 1, w);
    MZ_CHECK("kashida choose: the last two words stay plain while earlier sites can take the tatweels",
             got == 2 && !w[7] && !w[8] && w[4] == 1, "got %zu: %d %d %d %d %d %d %d %d %d", got, w[0], w[1], w[2],
             w[3], w[4], w[5], w[6], w[7], w[8]);
    /* more wanted than the words may take: one word in three, three apart */
    got = choose_on(pr, 9, 1, w);
    int on = 0, close = 0, last = -9;
    for (int i = 0; i < 9; i++)
        if (w[i]) {
            on++;
            close += i - last < 3;
            last = i;
        }
    MZ_CHECK("kashida choose: at most one word in three elongated, never two within three words", on == 3 &&
             close == 0 && got == 3, "got %zu in %d words, %d too close", got, on, close);
    /* a better priority anywhere on the line goes before worse ones */
    const int pr2[9] = {7, 7, 3, 7, 7, 7, 7, 7, 7};
    got = choose_on(pr2, 1, 1, w);
    MZ_CHECK("kashida choose: the best priority on the line is used first", got == 1 && w[2] == 1, "got %zu", got);
    /* two per site: each chosen word takes its first before any takes a second */
    got = choose_on(pr, 4, 2, w);
    int twice = 0, once = 0;
    for (int i = 0; i < 9; i++) twice += w[i] == 2, once += w[i] == 1;
    MZ_CHECK("kashida choose: tatweels go round the chosen words", got == 4 && twice + once == 3 && twice == 1,
             "got %zu: %d words with two, %d with one", got, twice, once);
}

int main(void)
{
    mz_diag d = {0};
    if (mz_fonts_init(&fs, MZ_FONT_DIR, &d) || (amiri = mz_fonts_load(&fs, "Amiri-Regular.ttf", &d)) < 0) {
        MZ_FAILF("compose: fonts", "%s", "cannot load Amiri");
        MZ_DONE();
    }
    mz_theme th;
    uint64_t *hashes = NULL;
    if (!load_rules(&th, &hashes)) {
        MZ_FAILF("compose: rules", "%s", "cannot read themes/briefing.yaml's justify rules");
        MZ_DONE();
    }
    test_choose();
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
            snprintf(nm, sizeof nm, "compose %s %.0fpt: no word of fewer than %d letters and no listed function word "
                     "elongated", name, w, rules.kashida_min_letters);
            MZ_CHECK(nm, au.short_elongated + ka.short_elongated + au.plain_elongated + ka.plain_elongated == 0,
                     "short: auto %d kashida %d; listed: auto %d kashida %d", au.short_elongated, ka.short_elongated,
                     au.plain_elongated, ka.plain_elongated);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: elongated words at least %d words apart, one in %d at most",
                     name, w, rules.kashida_spread, rules.kashida_spread);
            MZ_CHECK(nm, au.near + ka.near + au.over_cap + ka.over_cap == 0 && ka.elongated > 0,
                     "too close: auto %d kashida %d; over the cap: auto %d kashida %d lines (%d words elongated)",
                     au.near, ka.near, au.over_cap, ka.over_cap, ka.elongated);
            snprintf(nm, sizeof nm, "compose %s %.0fpt: no space shrinks below %.2f of its width", name, w,
                     rules.min_space);
            MZ_CHECK(nm, au.narrow + ka.narrow + sp.narrow == 0, "auto %d kashida %d spaces %d spaces", au.narrow,
                     ka.narrow, sp.narrow);
            /* at 300 pt some paragraphs have no other breaks within the
             * tolerance (two full lines), and spaces (with auto's kashida,
             * weighed at a quarter) would make a line looser than the charge
             * is worth (ratio 1.3 and more): there only kashida mode's count */
            snprintf(nm, sizeof nm, "compose %s %.0fpt: no last line of one word%s", name, w,
                     wi ? " (kashida mode)" : ", none fuller than 95% of the measure");
            int bad = wi ? ka.runts : au.runts + ka.runts + sp.runts + au.long_last + ka.long_last + sp.long_last;
            MZ_CHECK(nm, bad == 0, "runts: auto %d kashida %d spaces %d; long: auto %d kashida %d spaces %d", au.runts,
                     ka.runts, sp.runts, au.long_last, ka.long_last, sp.long_last);
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
    stats ka;
    compose_all(mix, nm_, 300, MZ_JUSTIFY_KASHIDA, 0, &ka);
    MZ_CHECK("compose kashida-mix.txt: no short or listed word elongated, elongated words apart",
             ka.short_elongated + ka.plain_elongated + ka.near + ka.over_cap == 0 && ka.elongated > 0,
             "short %d listed %d near %d over %d (%d elongated)", ka.short_elongated, ka.plain_elongated, ka.near,
             ka.over_cap, ka.elongated);
    size_t nh;
    uint32_t *har = read_text("tests/data/harakat.txt", &nh, 1);
    for (double w = 240; har && w <= 480; w += 60) {
        stats hk;
        compose_all(har, nh, w, MZ_JUSTIFY_KASHIDA, 0, &hk);
        char nm[160];
        snprintf(nm, sizeof nm, "compose harakat.txt at %.0f pt: vocalised short and function words stay plain", w);
        MZ_CHECK(nm, hk.short_elongated + hk.plain_elongated + hk.near + hk.over_cap == 0 && hk.elongated > 0,
                 "short %d listed %d near %d over %d (%d elongated)", hk.short_elongated, hk.plain_elongated, hk.near,
                 hk.over_cap, hk.elongated);
    }
    /* the checks see what the rules prevent: without them the seed has a
     * runt, and short and function words are elongated */
    mz_compose_rules shipped = rules;
    rules.last_demerits = 0;
    stats off;
    compose_all(s1, n1, 471.28, MZ_JUSTIFY_SPACES, 0, &off);
    MZ_CHECK("compose seed 471pt: without the last-line charge a runt or a full last line comes back",
             off.runts + off.long_last > 0, "runts %d long %d", off.runts, off.long_last);
    /* function words among content words, set narrow in kashida mode */
    static const char fw[] = "قال الذي عندما كتب من المدرسة التي بينما سافر هو إلى المدينة ";
    mz_buf fb = {0};
    for (int i = 0; i < 6; i++) mz_buf_puts(&fb, fw);
    size_t nf;
    uint32_t *fu = mz_utf8_decode(fb.data, fb.len, &nf, &d, "function words", 0);
    mz_buf_free(&fb);
    rules = shipped;
    rules.kashida_min_letters = 2;
    rules.nkashida_skip = 0;
    compose_all(fu, fu ? nf : 0, 200, MZ_JUSTIFY_KASHIDA, 0, &off);
    int caught = off.plain_elongated + off.short_elongated;
    rules = shipped;
    compose_all(fu, fu ? nf : 0, 200, MZ_JUSTIFY_KASHIDA, 0, &off);
    MZ_CHECK("compose: function words stay plain among elongated content words (and without the rules they do not)",
             caught > 0 && off.plain_elongated + off.short_elongated == 0 && off.elongated > 0,
             "without the rules %d short or listed words elongated; with them %d short, %d listed of %d", caught,
             off.short_elongated, off.plain_elongated, off.elongated);
    free(fu);
    free(har);
    free(mix);
    free(s1);
    free(s20);
    mz_fonts_free(&fs);
    for (size_t i = 0; i < nplain; i++) free(plain[i]);
    free(plain);
    free(hashes);
    mz_theme_free(&th);
    MZ_DONE();
}
