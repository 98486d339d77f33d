/* test_engine.c - the text engine end to end: itemize (FriBidi + fonts),
 * shape (HarfBuzz), compose (line breaking, justification, visual order).
 *
 * Run from anywhere: the project root comes from MZ_ROOT (tests/run.sh sets
 * it), else the current directory. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/chars.h"
#include "text/compose.h"
#include "harness.h"
#include "text/itemize.h"
#include "text/shape.h"
#include "util/util.h"

#define SIZE 12.0

static mz_fonts fs;
static int amiri = -1;
static char font_dir[4096], root[4096];

/* warnings captured by the callback */
static char warn_log[8192];
static unsigned nwarn;
static void warn_cb(void *ud, const char *msg)
{
    (void)ud;
    nwarn++;
    size_t n = strlen(warn_log);
    snprintf(warn_log + n, sizeof warn_log - n, "%s\n", msg);
}

static void diag_init(mz_diag *d, char *buf, size_t len)
{
    memset(d, 0, sizeof *d);
    d->buf = buf;
    d->len = len;
    if (buf && len) buf[0] = 0;
    d->warn = warn_cb;
    warn_log[0] = 0;
    nwarn = 0;
}

static mz_para_style style_for(mz_dir dir)
{
    mz_para_style st;
    memset(&st, 0, sizeof st);
    st.dir = dir;
    st.size = SIZE;
    st.font_regular = st.font_bold = st.font_italic = st.font_bold_italic = amiri;
    st.lang = "ar";
    return st;
}

/* A paragraph set through the whole engine. */
typedef struct set {
    uint32_t *u;
    size_t n;
    mz_para p;
    mz_lines L;
    mz_status st;
    char err[256];
} set;

static void set_free(set *s)
{
    mz_lines_free(&s->L);
    mz_para_free(&s->p);
    free(s->u);
    memset(s, 0, sizeof *s);
}

static int set_text(set *s, const char *utf8, size_t nbytes, double measure, mz_justify j, mz_dir dir)
{
    mz_diag d;
    memset(s, 0, sizeof *s);
    diag_init(&d, s->err, sizeof s->err);
    s->u = mz_utf8_decode(utf8, nbytes, &s->n, &d, "test", 0);
    if (!s->u) return 0;
    mz_para_style st = style_for(dir);
    s->st = mz_itemize(&s->p, s->u, s->n, NULL, 0, &st, &fs, &d);
    if (!s->st) s->st = mz_shape_para(&s->p, &fs, &d);
    mz_compose_opts o = {.measure = measure, .justify = j};
    if (!s->st) s->st = mz_compose(&s->p, &o, &fs, &s->L, &d);
    return s->st == MZ_OK;
}

/* Do the lines tile [0, n) in order? Describes the first problem in why. */
static int lines_tile(const set *s, char *why, size_t whylen)
{
    size_t pos = 0;
    for (size_t i = 0; i < s->L.n; i++) {
        const mz_line *l = &s->L.v[i];
        if (l->start != pos || l->end <= l->start) {
            snprintf(why, whylen, "line %zu is [%zu, %zu), expected to start at %zu", i, l->start, l->end, pos);
            return 0;
        }
        for (size_t k = 0; k < l->ng; k++)
            if (l->g[k].cn && (l->g[k].cl < l->start || l->g[k].cl >= l->end)) {
                snprintf(why, whylen, "line %zu [%zu, %zu) holds a glyph of character %u", i, l->start,
                         l->end, (unsigned)l->g[k].cl);
                return 0;
            }
        if (l->last != (i + 1 == s->L.n)) {
            snprintf(why, whylen, "line %zu of %zu has last=%d", i, s->L.n, l->last);
            return 0;
        }
        pos = l->end;
    }
    if (pos != s->n) {
        snprintf(why, whylen, "lines end at %zu, the text at %zu", pos, s->n);
        return 0;
    }
    return 1;
}

/* The x of the leftmost glyph of character c's cluster on line l, or -1e9. */
static double x_of(const mz_line *l, size_t c, int *found)
{
    double x = 1e9;
    *found = 0;
    for (size_t k = 0; k < l->ng; k++)
        if (l->g[k].cl == c && l->g[k].cn) {
            if (l->g[k].x < x) x = l->g[k].x;
            *found = 1;
        }
    return x;
}

static const mz_line *line_of(const set *s, size_t c)
{
    for (size_t i = 0; i < s->L.n; i++)
        if (c >= s->L.v[i].start && c < s->L.v[i].end) return &s->L.v[i];
    return NULL;
}

/* code-point index of the first occurrence of the UTF-8 needle */
static size_t find_cp(const set *s, const char *needle)
{
    size_t nn;
    mz_diag d;
    diag_init(&d, NULL, 0);
    uint32_t *w = mz_utf8_decode(needle, strlen(needle), &nn, &d, "needle", 0);
    size_t r = (size_t)-1;
    for (size_t i = 0; w && i + nn <= s->n; i++)
        if (memcmp(s->u + i, w, nn * sizeof *w) == 0) {
            r = i;
            break;
        }
    free(w);
    return r;
}

static int is_arabic_letter(uint32_t c)
{
    return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || c == 0x0640;
}

static void test_multiline_bidi(void)
{
    const char *text = "تقدم هيئات الشرطة خدمة I-24/7 منذ عام 2016 وحتى عام 2019 عبر ١٢٣ مكتبا "
                       "بالتعاون مع regional police bodies في المنطقة العربية كلها";
    set s;
    int ok = set_text(&s, text, strlen(text), 150, MZ_JUSTIFY_DEFAULT, MZ_DIR_RTL);
    MZ_CHECK("engine bidi: mixed paragraph composes", ok, "status %d: %s", s.st, s.err);
    if (!ok) {
        set_free(&s);
        return;
    }
    char why[256] = "";
    MZ_CHECK("engine bidi: several lines at 150 pt", s.L.n >= 3, "%zu lines", s.L.n);
    MZ_CHECK("engine bidi: lines tile the paragraph in logical order", lines_tile(&s, why, sizeof why), "%s",
             why);

    /* the first line holds the paragraph's start, at its right end (RTL) */
    {
        const mz_line *l = &s.L.v[0];
        int f;
        double x0 = x_of(l, 0, &f);
        int right = f;
        size_t sp = find_cp(&s, " ");
        for (size_t k = 0; f && k < l->ng; k++)
            if (l->g[k].cl > sp && l->g[k].cn && l->g[k].x > x0) right = 0;
        MZ_CHECK("engine bidi: first word at the right end of the first line", right,
                 f ? "a later word lies right of character 0" : "character 0 is not on the first line");
    }

    /* Latin words left to right */
    {
        const char *w[] = {"regional", "police", "bodies"};
        int pairs = 0, bad = 0;
        for (int i = 0; i + 1 < 3; i++) {
            size_t a = find_cp(&s, w[i]), b = find_cp(&s, w[i + 1]);
            const mz_line *la = line_of(&s, a), *lb = line_of(&s, b);
            if (!la || la != lb) continue;
            int fa, fb;
            double xa = x_of(la, a, &fa), xb = x_of(lb, b, &fb);
            pairs++;
            if (!fa || !fb || !(xa < xb)) bad++;
        }
        MZ_CHECK("engine bidi: Latin phrase reads left to right", pairs > 0 && bad == 0,
                 "%d of %d same-line word pairs out of order", bad, pairs);
        /* and each Latin word's letters left to right */
        int badw = 0;
        for (int i = 0; i < 3; i++) {
            size_t a = find_cp(&s, w[i]);
            const mz_line *l = line_of(&s, a);
            double prev = -1e9;
            for (size_t c = a; l && c < a + strlen(w[i]); c++) {
                int f;
                double x = x_of(l, c, &f);
                if (f && x <= prev) badw++;
                if (f) prev = x;
            }
        }
        MZ_CHECK("engine bidi: Latin letters left to right", badw == 0, "%d letters out of order", badw);
    }

    /* numbers: digits left to right */
    {
        const char *nums[] = {"2016", "2019", "١٢٣", "I-24/7"};
        int bad = 0, seen = 0;
        char which[64] = "";
        for (int i = 0; i < 4; i++) {
            size_t a = find_cp(&s, nums[i]);
            const mz_line *l = line_of(&s, a);
            size_t len = 0;
            for (const char *q = nums[i]; *q; q++) len += ((unsigned char)*q & 0xC0) != 0x80;
            double prev = -1e9;
            for (size_t c = a; l && c < a + len; c++) {
                int f;
                double x = x_of(l, c, &f);
                if (!f) continue;
                seen++;
                if (x <= prev && !bad) snprintf(which, sizeof which, "%s", nums[i]);
                if (x <= prev) bad++;
                prev = x;
            }
        }
        MZ_CHECK("engine bidi: numbers read left to right", seen >= 10 && bad == 0,
                 "%d of %d digits out of order (first in \"%s\")", bad, seen, which);
    }

    /* Arabic words right to left: inside a word, x decreases as the logical
     * cluster increases (glyphs are in visual order, so clusters decrease) */
    {
        int bad = 0, words = 0;
        size_t badc = 0;
        for (size_t i = 0; i < s.L.n; i++) {
            const mz_line *l = &s.L.v[i];
            size_t c = l->start;
            while (c < l->end) {
                if (!is_arabic_letter(s.u[c])) {
                    c++;
                    continue;
                }
                size_t e = c;
                while (e < l->end && (is_arabic_letter(s.u[e]) || (s.u[e] >= 0x064B && s.u[e] <= 0x065F))) e++;
                words++;
                uint32_t last = UINT32_MAX;
                for (size_t k = 0; k < l->ng; k++) {
                    const mz_pglyph *g = &l->g[k];
                    if (g->cl < c || g->cl >= e) continue;
                    if (last != UINT32_MAX && g->cl > last) {
                        bad++;
                        badc = g->cl;
                    }
                    last = g->cl;
                }
                c = e;
            }
        }
        MZ_CHECK("engine bidi: Arabic words right to left", words > 10 && bad == 0,
                 "%d glyphs out of order in %d words (cluster %zu)", bad, words, badc);
    }
    /* the glyphs of a line lie within the measure */
    {
        int bad = 0;
        for (size_t i = 0; i < s.L.n; i++) {
            const mz_line *l = &s.L.v[i];
            for (size_t k = 0; k < l->ng; k++)
                if (l->g[k].x < -SIZE || l->g[k].x > l->width + SIZE) bad++;
        }
        MZ_CHECK("engine bidi: glyphs within the measure", bad == 0, "%d glyphs outside", bad);
    }
    set_free(&s);
}

static void test_justification(void)
{
    char path[4200];
    const char *seed = getenv("MZ_SEED");
    snprintf(path, sizeof path, "%s", seed ? seed : "");
    size_t len = 0;
    char *text = seed ? mz_t_read_file(path, &len) : NULL;
    if (!text) {
        snprintf(path, sizeof path, "%s/tests/data/seed.txt", root);
        text = mz_t_read_file(path, &len);
    }
    if (!text) {
        MZ_FAILF("engine justify: seed text", "cannot read %s", path);
        return;
    }
    int paras = 0, lines = 0, justified = 0, bad_width = 0, bad_last = 0, bad_ratio = 0, fails = 0;
    char first_bad[256] = "", first_ratio[256] = "";
    double worst = 0;
    /* the CLI's default A4 measure and a narrower column.  (At 200 pt,
     * first-fit with kashida still leaves ~7 of 67 lines with ratio up to 1.6:
     * the seed's long words leave too little glue on five-word lines.) */
    double measures[] = {471.28, 300};
    for (int mi = 0; mi < 2; mi++) {
        char *p = text, *end = text + len;
        while (p < end) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            if (n > 0) {
                set s;
                paras++;
                if (!set_text(&s, p, n, measures[mi], MZ_JUSTIFY_AUTO, MZ_DIR_RTL)) fails++;
                for (size_t i = 0; i < s.L.n; i++) {
                    const mz_line *l = &s.L.v[i];
                    int spaces = 0;
                    for (size_t c = l->start; c + 1 < l->end; c++) spaces += s.u[c] == ' ';
                    lines++;
                    if (!l->last && spaces) {
                        justified++;
                        if (!(l->used > l->width - 0.01 && l->used < l->width + 0.01)) {
                            if (!bad_width++)
                                snprintf(first_bad, sizeof first_bad,
                                         "measure %g paragraph %d line %zu: used %.3f width %.3f natural %.3f",
                                         measures[mi], paras, i, l->used, l->width, l->natural);
                        }
                        if (!(l->ratio >= -1 - 1e-9 && l->ratio <= 1 + 1e-9)) {
                            if (!bad_ratio++)
                                snprintf(first_ratio, sizeof first_ratio,
                                         "measure %g paragraph %d line %zu: ratio %.3f, natural %.2f of %.2f, "
                                         "%d spaces, kashida %d",
                                         measures[mi], paras, i, l->ratio, l->natural, l->width, spaces,
                                         l->kashida);
                            if (l->ratio > worst) worst = l->ratio;
                        }
                    }
                    if (l->last && !(l->used > l->natural - 0.01 && l->used < l->natural + 0.01)) bad_last++;
                }
                set_free(&s);
            }
            p += n + 1;
        }
    }
    free(text);
    MZ_CHECK("engine justify: seed paragraphs compose", paras > 0 && fails == 0, "%d of %d failed", fails,
             paras);
    MZ_CHECK("engine justify: non-last lines fill the measure", justified > 10 && bad_width == 0,
             "%d of %d justified lines off (first: %s)", bad_width, justified, first_bad);
    MZ_CHECK("engine justify: last lines are not stretched", bad_last == 0, "%d last lines with used != natural",
             bad_last);
    MZ_CHECK("engine justify: ratio within [-1, 1]", bad_ratio == 0,
             "%d of %d justified lines (worst %.2f; first: %s)", bad_ratio, justified, worst, first_ratio);
    printf("# justification: %d paragraphs, %d lines, %d justified\n", paras, lines, justified);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_bad_input(void)
{
    mz_diag d;
    char err[256];
    size_t n;

    /* invalid UTF-8 → U+FFFD, the warning names the byte offset */
    {
        const char in[] = "ab\xff" "cd";
        diag_init(&d, err, sizeof err);
        uint32_t *u = mz_utf8_decode(in, 5, &n, &d, "doc.md", 100);
        int ok = u && n == 5 && u[0] == 'a' && u[2] == 0xFFFD && u[3] == 'c' && u[4] == 'd';
        MZ_CHECK("engine input: invalid byte becomes U+FFFD", ok, "n=%zu u[2]=U+%04X", n, u && n > 2 ? (unsigned)u[2] : 0);
        MZ_CHECK("engine input: warning names the byte offset", nwarn == 1 && strstr(warn_log, "102") &&
                                                                   strstr(warn_log, "doc.md"),
                 "%u warnings: %s", nwarn, warn_log);
        free(u);
    }
    /* truncated, overlong, surrogate, out of range */
    {
        static const struct {
            const char *s;
            size_t n;
            const char *what;
        } bad[] = {
            {"a\xd8", 2, "truncated sequence"},
            {"a\xc0\xaf" "b", 4, "overlong '/'"},
            {"a\xed\xa0\x80" "b", 5, "UTF-16 surrogate"},
            {"a\xf4\x90\x80\x80" "b", 6, "beyond U+10FFFF"},
            {"a\x80" "b", 3, "lone continuation byte"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            char name[96];
            diag_init(&d, err, sizeof err);
            uint32_t *u = mz_utf8_decode(bad[i].s, bad[i].n, &n, &d, "x", 0);
            int has_fffd = 0, all_valid = 1;
            for (size_t k = 0; u && k < n; k++) {
                if (u[k] == 0xFFFD) has_fffd = 1;
                if (u[k] > 0x10FFFF || (u[k] >= 0xD800 && u[k] <= 0xDFFF) || u[k] == '/') all_valid = 0;
            }
            snprintf(name, sizeof name, "engine input: %s becomes U+FFFD with a warning", bad[i].what);
            MZ_CHECK(name, u && has_fffd && all_valid && nwarn >= 1 && u[0] == 'a',
                     "n=%zu fffd=%d valid=%d warnings=%u", n, has_fffd, all_valid, nwarn);
            free(u);
        }
    }
    /* the reader's check before decoding: valid exactly when decoding warns of nothing */
    {
        static const unsigned char pieces[][4] = {{'a'}, {0}, {0xD8, 0xA7}, {0xC2, 0x80}, {0xC1, 0xBF}, {0xE0, 0x9F, 0xBF},
                                                  {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xED, 0xA0, 0x80},
                                                  {0xEF, 0xBF, 0xBF}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xF0, 0x90, 0x80, 0x80},
                                                  {0xF4, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0x80}, {0xF5}, {0xFF}};
        static const size_t plen[] = {1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 1, 1, 1};
        unsigned x = 5;
        int bad = 0, valid = 0, cases = 0;
        for (int k = 0; k < 20000; k++) {
            char buf[64];
            size_t len = 0;
            x = x * 1103515245u + 12345u;
            size_t parts = (x >> 16) % 8;
            for (size_t i = 0; i < parts; i++) {
                x = x * 1103515245u + 12345u;
                size_t c = (x >> 16) % 3 ? (x >> 16) % 4 : (x >> 16) % (sizeof plen / sizeof *plen);
                size_t m = plen[c];
                x = x * 1103515245u + 12345u;
                if ((x >> 16) % 16 == 0 && m > 1) m--; /* a sequence cut short */
                memcpy(buf + len, pieces[c], m);
                len += m;
            }
            diag_init(&d, NULL, 0);
            uint32_t *u = mz_utf8_decode(buf, len, &n, &d, "x", 0);
            int quiet = u && d.nwarnings == 0;
            bad += mz_utf8_valid(buf, len) != quiet;
            valid += quiet;
            cases++;
            free(u);
        }
        MZ_CHECK("engine input: UTF-8 taken as valid exactly when decoding it warns of nothing",
                 bad == 0 && valid > 2000 && valid < cases - 2000, "%d of %d differ (%d valid)", bad, cases, valid);
    }
    /* NUL bytes */
    {
        const char in[] = "a\0b";
        diag_init(&d, err, sizeof err);
        uint32_t *u = mz_utf8_decode(in, 3, &n, &d, "x", 0);
        MZ_CHECK("engine input: NUL byte becomes U+FFFD with a warning",
                 u && n == 3 && u[1] == 0xFFFD && nwarn == 1 && strstr(warn_log, "offset 1"), "n=%zu warnings=%u %s",
                 n, nwarn, warn_log);
        free(u);
    }
    /* strict: a warning is an input error */
    {
        diag_init(&d, err, sizeof err);
        d.strict = 1;
        uint32_t *u = mz_utf8_decode("a\xff", 2, &n, &d, "x", 0);
        MZ_CHECK("engine input: strict turns invalid UTF-8 into MZ_ERR_INPUT", d.status == MZ_ERR_INPUT,
                 "status %d", d.status);
        free(u);
    }
    /* NUL and U+FFFD in a paragraph shape and compose */
    {
        set s;
        const char in[] = "كلمة\0كلمة \xff كلمة";
        int ok = set_text(&s, in, sizeof in - 1, 100, MZ_JUSTIFY_DEFAULT, MZ_DIR_RTL);
        char why[200] = "";
        MZ_CHECK("engine input: NUL and invalid bytes in a paragraph compose", ok && lines_tile(&s, why, sizeof why),
                 "status %d %s %s", s.st, s.err, why);
        set_free(&s);
    }
    /* a lone combining mark */
    {
        set s;
        int ok = set_text(&s, "\xd9\x8e", 2, 100, MZ_JUSTIFY_DEFAULT, MZ_DIR_RTL);
        MZ_CHECK("engine input: lone fatha (U+064E) shapes", ok && s.L.n == 1 && s.L.v[0].ng >= 1,
                 "status %d %s, %zu lines", s.st, s.err, s.L.n);
        set_free(&s);
        ok = set_text(&s, " \xd9\x8e\xd9\x91 \xd9\x8e", 6, 100, MZ_JUSTIFY_DEFAULT, MZ_DIR_RTL);
        MZ_CHECK("engine input: marks after spaces shape", ok, "status %d %s", s.st, s.err);
        set_free(&s);
    }
    /* empty paragraph */
    {
        set s;
        int ok = set_text(&s, "", 0, 100, MZ_JUSTIFY_DEFAULT, MZ_DIR_RTL);
        MZ_CHECK("engine input: empty paragraph", ok && s.L.n == 0 && s.n == 0, "status %d, %zu lines", s.st,
                 s.L.n);
        set_free(&s);
    }
    /* only spaces */
    {
        set s;
        int ok = set_text(&s, "    ", 4, 100, MZ_JUSTIFY_DEFAULT, MZ_DIR_RTL);
        char why[200] = "";
        MZ_CHECK("engine input: paragraph of spaces", ok && lines_tile(&s, why, sizeof why), "status %d %s %s",
                 s.st, s.err, why);
        set_free(&s);
    }
    /* long paragraphs without spaces: 256 KB and 1 MB */
    {
        const char *word = "بسملةوالحمدلله"; /* 14 letters, 28 bytes */
        size_t sizes[] = {256 * 1024, 1024 * 1024};
        double t[2] = {0, 0};
        for (int k = 0; k < 2; k++) {
            size_t wl = strlen(word), nb = sizes[k] / wl * wl;
            char *buf = malloc(nb);
            if (!buf) return;
            for (size_t i = 0; i < nb; i += wl) memcpy(buf + i, word, wl);
            set s;
            double t0 = now();
            int ok = set_text(&s, buf, nb, 300, MZ_JUSTIFY_DEFAULT, MZ_DIR_RTL);
            t[k] = now() - t0;
            char why[200] = "", name[96];
            snprintf(name, sizeof name, "engine input: %zu KB paragraph without spaces", sizes[k] / 1024);
            int tiles = ok && lines_tile(&s, why, sizeof why);
            double maxw = 0;
            for (size_t i = 0; i < s.L.n; i++)
                if (s.L.v[i].natural > maxw) maxw = s.L.v[i].natural;
            MZ_CHECK(name, tiles && s.L.n > 100 && maxw <= 300 + 0.01, "status %d %s; %zu lines, widest %.2f; %s",
                     s.st, s.err, s.L.n, maxw, why);
            set_free(&s);
            free(buf);
        }
        printf("# long paragraph without spaces: 256 KB %.2f s, 1 MB %.2f s (ratio %.1f; linear is ~4)\n", t[0], t[1],
               t[0] > 0 ? t[1] / t[0] : 0);
    }
}

static void test_no_tofu(void)
{
    /* Latin, Arabic, Devanagari, Greek, Cyrillic, Hebrew: Amiri covers Latin and
     * Arabic; fontconfig fallback (fonts-noto-core) must find the others */
    const char *text = "Hello مرحبا بالعالم नमस्ते दुनिया Καλημέρα Привет שלום 2024 ٢٠٢٤";
    set s;
    int ok = set_text(&s, text, strlen(text), 1000, MZ_JUSTIFY_DEFAULT, MZ_DIR_RTL);
    MZ_CHECK("engine fonts: mixed scripts compose", ok, "status %d %s", s.st, s.err);
    size_t zero = 0, total = 0;
    uint32_t zc = 0;
    for (size_t i = 0; i < s.p.nglyphs; i++) {
        total++;
        if (s.p.glyphs[i].gid == 0) {
            if (!zero) zc = s.u[s.p.glyphs[i].cluster];
            zero++;
        }
    }
    for (size_t i = 0; i < s.L.n; i++)
        for (size_t k = 0; k < s.L.v[i].ng; k++)
            if (s.L.v[i].g[k].gid == 0) zero++;
    MZ_CHECK("engine fonts: no .notdef glyph for covered scripts", ok && total > 30 && zero == 0,
             "%zu of %zu glyphs are gid 0 (first for U+%04X)", zero, total, (unsigned)zc);
    int fonts_used = 0;
    for (size_t r = 0; r < s.p.nruns; r++)
        if (s.p.runs[r].font != amiri) fonts_used = 1;
    MZ_CHECK("engine fonts: fallback font used for Devanagari/Greek", fonts_used, "every run uses Amiri");
    set_free(&s);
}

/* Default_Ignorable_Code_Point exactly as DerivedCoreProperties.txt lists
 * it.  Itemizing once left out U+3164, U+FFA0, U+FFF0-FFF8, U+1BCA0-1BCA3
 * and U+1D173-1D17A (shaping had them): those looked for a fallback font. */
static void test_char_classes(void)
{
    const char *path = "/usr/share/unicode/DerivedCoreProperties.txt";
    FILE *f = fopen(path, "r");
    if (!f) {
        MZ_FAILF("chars: Default_Ignorable_Code_Point", "cannot open %s (install unicode-data)", path);
        return;
    }
    static unsigned char want[0x110000];
    char line[512];
    size_t listed = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned lo, hi;
        char prop[64];
        int n = sscanf(line, "%x..%x ; %63s", &lo, &hi, prop);
        if (n < 3) {
            n = sscanf(line, "%x ; %63s", &lo, prop);
            hi = lo;
            if (n < 2) continue;
        }
        if (strcmp(prop, "Default_Ignorable_Code_Point") != 0 || hi >= 0x110000) continue;
        for (unsigned c = lo; c <= hi; c++) want[c] = 1, listed++;
    }
    fclose(f);
    unsigned bad = 0, first = 0;
    for (uint32_t c = 0; c < 0x110000; c++)
        if (!mz_default_ignorable(c) != !want[c] && !bad++) first = c;
    MZ_CHECK("chars: Default_Ignorable_Code_Point as in the UCD", listed > 4000 && bad == 0,
             "%u code points differ (first U+%04X), %zu listed", bad, first, listed);

    /* a default ignorable takes no fallback font (and no warning): one run */
    set s;
    int ok = set_text(&s, "\xd8\xa7\xef\xbf\xb0\xd8\xa8", 7, 1000, MZ_JUSTIFY_NONE, MZ_DIR_RTL); /* ا U+FFF0 ب */
    MZ_CHECK("chars: U+FFF0 stays in the run's font", ok && s.p.nruns == 1 && nwarn == 0,
             "%zu runs, %u warnings: %s", s.p.nruns, nwarn, warn_log);
    set_free(&s);
    /* a skin-tone modifier continues its emoji's cluster: same font */
    ok = set_text(&s, "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 8, 1000, MZ_JUSTIFY_NONE, MZ_DIR_LTR); /* U+1F44D U+1F3FD */
    MZ_CHECK("chars: an emoji modifier keeps its base's font", ok && s.p.nruns == 1 && mz_continues_cluster(0x1F3FD),
             "%zu runs", s.p.nruns);
    set_free(&s);
    MZ_CHECK("chars: marks, joiners and selectors continue a cluster, letters do not",
             mz_continues_cluster(0x064E) && mz_continues_cluster(0x200D) && mz_continues_cluster(0x200C) &&
                 mz_continues_cluster(0xFE0F) && mz_continues_cluster(0xE0100) && mz_continues_cluster(0x180E) &&
                 !mz_continues_cluster(0x0627) && !mz_continues_cluster(' ') && !mz_continues_cluster(0x1F44D),
             "wrong class");
}

int main(void)
{
    const char *r = getenv("MZ_ROOT");
    snprintf(root, sizeof root, "%.4000s", r ? r : ".");
    snprintf(font_dir, sizeof font_dir, "%.4000s/fonts", root);
    mz_diag d;
    char err[256];
    diag_init(&d, err, sizeof err);
    mz_status st = mz_fonts_init(&fs, font_dir, &d);
    if (!st) amiri = mz_fonts_load(&fs, "Amiri-Regular.ttf", &d);
    if (st || amiri < 0) {
        MZ_FAILF("engine fonts: load Amiri", "%s (font dir %s)", err, font_dir);
        mz_fonts_free(&fs);
        MZ_DONE();
    }
    test_multiline_bidi();
    test_justification();
    test_bad_input();
    test_no_tofu();
    test_char_classes();
    mz_fonts_free(&fs);
    MZ_DONE();
}
