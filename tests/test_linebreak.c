/* test_linebreak.c - UAX #14 line breaking through mz_break_opportunities
 * (libunibreak) against every case of LineBreakTest.txt, plus the
 * Arabic-specific facts the composer relies on.
 *
 * LineBreakTest.txt is for Unicode 15.0; libunibreak 1.1 implements UAX #14
 * of Unicode 6.x.  Every difference is put in a group named after the rule
 * the test file says applies at that position (the file's comments give it,
 * e.g. "÷ [30.1]"), and each group carries the reason libunibreak 1.1
 * differs.  The test fails when a difference falls outside the documented
 * groups, or when the documented groups stop holding (a group's count
 * grows past its bound: a regression hiding behind an old excuse).
 *
 * Usage: test_linebreak [LineBreakTest.txt] [-v]   (-v lists every case) */
#include <errno.h>
#include <linebreak.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/breaks.h"
#include "harness.h"

#define TEST_FILE "/usr/share/unicode/auxiliary/LineBreakTest.txt"
#define MAXC 128

typedef struct group {
    const char *name;
    const char *reason;
    long bound;         /* positions this group accounts for in LineBreakTest-15.0.0 */
    long count;         /* positions seen */
    long first_line;
} group;

/* Why libunibreak 1.1 (UAX #14 of about Unicode 6.1, 2012) differs from the
 * Unicode 15.0 test data.  Each difference is put in the first group whose
 * test (classify() below) matches.  The bounds are the counts observed with
 * LineBreakTest-15.0.0.txt and libunibreak 1.1-2.1 (Debian); a group growing
 * past its bound means something else changed. */
enum { G_RI, G_EMOJI, G_CB, G_CJ, G_CM, G_LB24, G_LB30, G_LB25, G_LB22, G_LB21AB, G_U3000, G_SOT_SP, NG };
static group groups[NG] = {
    [G_RI] = {"LB30a regional indicators",
              "libunibreak 1.1 has the RI class in its data but not in its pair table: set_linebreaks "
              "aborts on U+1F1E6..U+1F1FF; mujaz substitutes an ideograph (ID) for each RI and "
              "then joins pairs (LB30a), which differs from Unicode 15 only next to other classes "
              "(RI after OP/QU/ZWJ...)", 19, 0, 0},
    [G_EMOJI] = {"emoji (LB8a, LB30b)",
                 "EB/EM emoji-modifier classes and ZWJ sequences (Unicode 9-11) are unknown to libunibreak "
                 "1.1: U+261D and U+1F3FB are ID there, ZWJ is CM; unassigned pictographs are AL (XX), "
                 "not ID", 59, 0, 0},
    [G_CB] = {"CB object replacement",
              "U+FFFC (CB): libunibreak 1.1 breaks around it by LB20 even where LB11-LB19 (WJ, GL, OP, QU, "
              "CM) forbid a break first", 30, 0, 0},
    [G_CJ] = {"CJ small kana (LB1)",
              "libunibreak 1.1 resolves CJ to ID (CSS 'normal'); the UAX #14 default resolves CJ to NS, "
              "so no break before small kana", 115, 0, 0},
    [G_CM] = {"combining marks (LB9, LB10)",
              "libunibreak 1.1 treats a combining mark after a non-letter base (B2, BA, BB, CL, CP, EX, "
              "GL, SY, WJ, QU, ...) as AL instead of giving it the base's class (LB9), and keeps a mark "
              "after a space with the space instead of treating it as AL after SP (LB10, LB18); marks "
              "after letters (Arabic harakat) are unaffected (2 of them in cases that also hold a "
              "regional indicator)", 260, 0, 0},
    [G_LB24] = {"LB24 letters and prefix/postfix",
                "(AL|HL) x (PR|PO) and (PR|PO) x (AL|HL) were added to LB24 after libunibreak 1.1's "
                "revision of UAX #14 (e.g. '#%', 'a$')", 40, 0, 0},
    [G_LB30] = {"LB30 East Asian brackets",
                "since Unicode 8.0 LB30 ((AL|HL|NU) x OP, CP x (AL|HL|NU)) excludes East Asian "
                "Wide/Fullwidth brackets such as U+2329; libunibreak 1.1 applies it to every OP/CP", 43, 0, 0},
    [G_LB25] = {"LB25 number tailoring",
                "LineBreakTest uses the regular-expression tailoring of numbers of UAX #14 section 8.2 "
                "example 7 (a break between PR and OP, IS and NU, CL and PO unless they are part of one "
                "number); libunibreak 1.1 applies LB25's pair rules (PR x OP, IS x NU, CL x PO)", 18, 0, 0},
    [G_LB22] = {"LB22 inseparable",
                "LB22 is 'x IN' after any class in Unicode 15; libunibreak 1.1 keeps the older rule that "
                "prevents a break before IN only after AL, HL, ID, IN and NU", 16, 0, 0},
    [G_LB21AB] = {"LB21a/LB21b Hebrew",
                  "LB21a (HL (HY|BA) x) and LB21b (SY x HL) are later than libunibreak 1.1", 2, 0, 0},
    [G_U3000] = {"U+3000 ideographic space",
                 "U+3000 is BA in Unicode 15 (no break before it, LB21) but ID in libunibreak 1.1's data",
                 11, 0, 0},
    [G_SOT_SP] = {"LB18 leading space",
                  "a space at the start of the text: Unicode 15 allows a break after it (LB18); "
                  "libunibreak 1.1 does not break there", 24, 0, 0},
};

/* Line-break class labels of the test case's characters, from its comment
 * ("... [9.0] COMBINING DIAERESIS (CM1_CM) × ..."): the last parenthesised
 * word of each segment between break marks. */
static int comment_classes(const char *comment, char cls[][24], int max)
{
    int n = 0;
    const char *p = comment;
    while (*p && n < max) {
        /* a segment runs to the next × or ÷ */
        const char *e = p;
        while (*e && !((unsigned char)e[0] == 0xC3 && ((unsigned char)e[1] == 0x97 || (unsigned char)e[1] == 0xB7)))
            e++;
        const char *open = NULL, *close = NULL;
        for (const char *q = p; q < e; q++) {
            if (*q == '(') open = q;
            if (*q == ')' && open) close = q;
        }
        if (strchr(p, ']') && strchr(p, ']') < e && open && close && close > open) {
            size_t k = (size_t)(close - open - 1);
            if (k > 23) k = 23;
            memcpy(cls[n], open + 1, k);
            cls[n][k] = 0;
            n++;
        }
        if (!*e) break;
        p = e + 2;
    }
    return n;
}

static int is(const char *c, const char *name) { return strcmp(c, name) == 0; }
static int alphabetic(const char *c)
{
    return is(c, "AL") || is(c, "AI_AL") || is(c, "XX_AL") || is(c, "SA_AL") || is(c, "HL");
}
static int numeric_class(const char *c)
{
    return is(c, "PR") || is(c, "PO") || is(c, "OP_OP30") || is(c, "IS") || is(c, "SY") || is(c, "CL") ||
           is(c, "CP_CP30") || is(c, "NU") || is(c, "HY");
}

/* The group of a difference at position k (a break between characters k-1
 * and k) of a case with classes cls[0..n), or -1. */
static int classify(char cls[][24], int n, int k, const char *rule, const char *comment)
{
    if (k <= 0 || k >= n) return -1;
    const char *prev = cls[k - 1], *next = cls[k];
    /* the base of a run of marks before the position (over spaces too) */
    int j = k - 1;
    while (j >= 0 && is(cls[j], "SP")) j--;
    int marks_end = j;
    while (j >= 0 && is(cls[j], "CM1_CM")) j--;
    const char *base = j >= 0 ? cls[j] : "sot";
    int after_marks = marks_end >= 0 && is(cls[marks_end], "CM1_CM");

    if (is(prev, "RI") || is(next, "RI") || is(base, "RI")) return G_RI;
    if (is(prev, "EB") || is(prev, "EM") || is(next, "EB") || is(next, "EM") || is(base, "EB") ||
        is(base, "EM") || is(prev, "ZWJ_O_ZWJ_CM") || is(next, "ZWJ_O_ZWJ_CM") ||
        is(base, "ZWJ_O_ZWJ_CM") || strncmp(rule, "30.2", 4) == 0)
        return G_EMOJI;
    if (is(prev, "CB") || is(next, "CB") || is(base, "CB")) return G_CB;
    if (is(next, "CJ_NS") || is(base, "CJ_NS") || is(prev, "CJ_NS")) return G_CJ;
    if (strstr(comment, "IDEOGRAPHIC SPACE")) return G_U3000;
    if (strncmp(rule, "24.", 3) == 0) return G_LB24;
    if (is(rule, "999.0") && (is(next, "OP") || is(prev, "CP"))) return G_LB30;
    if (after_marks && !alphabetic(base)) return G_CM;
    if (is(prev, "SP") && is(next, "CM1_CM")) return G_CM;
    if (is(rule, "999.0") && numeric_class(prev) && numeric_class(next)) return G_LB25;
    if (is(rule, "999.0") && is(prev, "CJ_NS")) return G_CJ;
    if (is(rule, "22.0")) return G_LB22;
    if (is(rule, "21.1") || is(rule, "21.2")) return G_LB21AB;
    if (is(rule, "18.0") && is(prev, "SP")) {
        int all_sp = 1;
        for (int i = 0; i < k; i++)
            if (!is(cls[i], "SP")) all_sp = 0;
        if (all_sp) return G_SOT_SP;
    }
    return -1;
}

static int verbose;

/* Rule applied at break position k (0 = before the first character) as the
 * test file's comment says: the k-th "[x.y]" of the comment. */
static int rule_at(const char *comment, int k, char *out, size_t outsz)
{
    const char *p = comment;
    for (int i = 0; p; i++) {
        p = strchr(p, '[');
        if (!p) return 0;
        const char *e = strchr(p, ']');
        if (!e) return 0;
        if (i == k) {
            size_t n = (size_t)(e - p - 1);
            if (n >= outsz) n = outsz - 1;
            memcpy(out, p + 1, n);
            out[n] = 0;
            return 1;
        }
        p = e + 1;
    }
    return 0;
}

/* UTF-8 → code points, for the Arabic checks (no invalid input here). */
static size_t decode(const char *s, uint32_t *u, size_t max)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < max) {
        uint32_t c = *p;
        int k = 0;
        if (c >= 0xF0) c &= 0x07, k = 3;
        else if (c >= 0xE0) c &= 0x0F, k = 2;
        else if (c >= 0xC0) c &= 0x1F, k = 1;
        p++;
        while (k-- > 0 && (*p & 0xC0) == 0x80) c = (c << 6) | (*p++ & 0x3F);
        u[n++] = c;
    }
    return n;
}

/* Regional indicators (U+1F1E6..U+1F1FF, the letters of flag emoji). */
static int has_ri(const uint32_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (u[i] >= 0x1F1E6 && u[i] <= 0x1F1FF) return 1;
    return 0;
}

/* Regional indicators used to abort libunibreak 1.1 (assertion in
 * set_linebreaks); mujaz now substitutes them, so they are broken in
 * process: an abort would end this program, and tests/run.sh counts a test
 * program that dies as a failure.  (A child process per case made the
 * suite crawl under valgrind.)  1 when it returned. */
static int breaks_isolated(const uint32_t *u, size_t n, char *brks)
{
    mz_break_opportunities(u, n, "ar", brks);
    return 1;
}

static int allowed(char b) { return b == LINEBREAK_ALLOWBREAK || b == LINEBREAK_MUSTBREAK; }

/* Character indices (after which a break is allowed) of S, as a string
 * "3,7" for messages; returns the number of break positions inside S. */
static int inner_breaks(const char *s, char *list, size_t listsz, uint32_t *u, size_t *np, char *brks)
{
    size_t n = decode(s, u, 512);
    *np = n;
    mz_break_opportunities(u, n, "ar", brks);
    int nb = 0;
    size_t o = 0;
    list[0] = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (allowed(brks[i])) {
            nb++;
            if (o < listsz - 12) o += (size_t)snprintf(list + o, listsz - o, "%s%zu", o ? "," : "", i);
        }
    return nb;
}

static void arabic_checks(void)
{
    uint32_t u[512];
    char brks[512], list[256];
    size_t n;

    /* running Arabic text: a break after each space and nowhere else */
    const char *text = "التعاون الشرطي الإقليمي جزء لا يتجزأ من بيئة عمل الإنتربول اليوم";
    inner_breaks(text, list, sizeof list, u, &n, brks);
    int ok = 1;
    size_t bad = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        int want = u[i] == ' ';
        if (allowed(brks[i]) != want) {
            ok = 0;
            bad = i;
            break;
        }
    }
    MZ_CHECK("linebreak arabic: breaks only after spaces", ok,
             "break opportunity %s after character %zu (U+%04X)", ok ? "" : allowed(brks[bad]) ? "found" : "missing",
             bad, (unsigned)u[bad]);

    /* the final position is always a break */
    MZ_CHECK("linebreak arabic: break at the end", n > 0 && allowed(brks[n - 1]),
             "brks[%zu] = %d", n - 1, n ? brks[n - 1] : -1);

    /* numbers stay whole */
    static const char *const whole[] = {
        "١٢٣٬٤٥٦٫٧",  /* Arabic-Indic digits with Arabic thousands and decimal separators */
        "2024/05/01",  /* a date */
        "1,234.56",
        "٢٠٢٤/٠٥/٠١",
        "١٠٪",         /* percent sign */
        "%١٠",
        "I-24/7",
    };
    for (size_t k = 0; k < sizeof whole / sizeof *whole; k++) {
        char name[128];
        snprintf(name, sizeof name, "linebreak arabic: \"%s\" unbreakable", whole[k]);
        int nb = inner_breaks(whole[k], list, sizeof list, u, &n, brks);
        MZ_CHECK(name, nb == 0, "break opportunities after characters %s", list);
    }
    /* ... also inside a sentence: the number is not split from itself */
    {
        const char *s = "بلغ العدد ١٢٣٬٤٥٦٫٧ في 2024/05/01 تقريبا";
        inner_breaks(s, list, sizeof list, u, &n, brks);
        int okk = 1;
        for (size_t i = 0; i + 1 < n; i++)
            if (allowed(brks[i]) && u[i] != ' ') okk = 0;
        MZ_CHECK("linebreak arabic: numbers in a sentence break only at spaces", okk,
                 "breaks after characters %s", list);
    }

    /* no break before Arabic punctuation, even after a space-less word */
    static const char *const punct[] = {"كلمة، كلمة", "كلمة؛ كلمة", "كلمة؟ كلمة", "كلمة. كلمة",
                                        "كلمة! كلمة", "«كلمة» كلمة", "(كلمة) كلمة"};
    for (size_t k = 0; k < sizeof punct / sizeof *punct; k++) {
        char name[128];
        inner_breaks(punct[k], list, sizeof list, u, &n, brks);
        int okk = 1;
        for (size_t i = 0; i + 1 < n; i++)
            if (allowed(brks[i]) && u[i] != ' ') okk = 0;
        snprintf(name, sizeof name, "linebreak arabic: \"%s\" breaks only at the space", punct[k]);
        MZ_CHECK(name, okk, "breaks after characters %s", list);
    }
    /* and the same with the mark right after a space: never a line starting with ، */
    {
        const char *s = "كلمة ، كلمة ؟";
        inner_breaks(s, list, sizeof list, u, &n, brks);
        int okk = 1;
        for (size_t i = 0; i + 1 < n; i++)
            if (allowed(brks[i]) && (u[i + 1] == 0x060C || u[i + 1] == 0x061B || u[i + 1] == 0x061F))
                okk = 0;
        MZ_CHECK("linebreak arabic: no break before ، ؛ ؟ after a space", okk, "breaks after characters %s",
                 list);
    }
    /* kashida (tatweel), harakat and ZWJ/ZWNJ inside a word never break */
    {
        const char *s = "كتـــاب عَلَّمَ الْإِنْسَانَ مَا لَمْ يَعْلَمْ مى‌خواهم";
        inner_breaks(s, list, sizeof list, u, &n, brks);
        int okk = 1;
        for (size_t i = 0; i + 1 < n; i++)
            if (allowed(brks[i]) && u[i] != ' ') okk = 0;
        MZ_CHECK("linebreak arabic: tatweel, harakat and ZWNJ do not break words", okk,
                 "breaks after characters %s", list);
    }
    /* flag emoji (regional indicator pairs) in Arabic text: no crash, no
     * break inside the flag (LB30a), breaks at the spaces */
    {
        const char *s = "علم 🇸🇦 السعودية و🇪🇬🇯🇴";
        size_t nn = decode(s, u, 512);
        int ran = breaks_isolated(u, nn, brks);
        int okk = ran && nn == 21;
        if (okk) {
            /* indices: 0-2 علم, 3 sp, 4-5 🇸🇦, 6 sp, 7-14 السعودية, 15 sp, 16 و, 17-18 🇪🇬, 19-20 🇯🇴 */
            if (allowed(brks[4]) || allowed(brks[17]) || allowed(brks[19])) okk = 0;
            if (!allowed(brks[3]) || !allowed(brks[6]) || !allowed(brks[15])) okk = 0;
        }
        MZ_CHECK("linebreak: flag emoji (regional indicators) do not abort and stay whole", okk,
                 ran ? "wrong breaks around the flags" :
                       "mz_break_opportunities aborted the process (libunibreak 1.1 asserts on U+1F1E6..U+1F1FF)");
    }
    /* a newline is a mandatory break */
    {
        const char *s = "سطر\nسطر";
        inner_breaks(s, list, sizeof list, u, &n, brks);
        MZ_CHECK("linebreak: newline is a mandatory break", n == 7 && brks[3] == LINEBREAK_MUSTBREAK,
                 "brks[3] = %d", n > 3 ? brks[3] : -1);
    }
}

/* Every code point, every noncharacter and values past Unicode reach the
 * break finder without ending the process (libunibreak asserts on some),
 * in runs of 64 beside ordinary text, and each run ends in a break. */
static void every_code_point(void)
{
    uint32_t u[66];
    char brk[66];
    long bad = 0;
    for (uint32_t c = 0; c <= 0x110040; c += 64) {
        u[0] = 0x0627;
        for (int k = 0; k < 64; k++) u[1 + k] = c + (uint32_t)k;
        u[65] = ' ';
        mz_break_opportunities(u, 66, "ar", brk);
        if (brk[65] != LINEBREAK_MUSTBREAK) bad++;
    }
    static const uint32_t odd[] = {0xFFFF, 0xFFFE, 0xFFFF, 0x1FFFF, 0x10FFFF, 0x110000, 0xFFFFFFFF, 0xD800, 0xDFFF, 0x1F1E6, 0x1F1E7};
    mz_break_opportunities(odd, sizeof odd / sizeof *odd, "ar", brk);
    MZ_CHECK("linebreak every code point, noncharacters and beyond Unicode", bad == 0, "%ld runs without a final break", bad);
}

/* Arabic prose, which mz_break_opportunities breaks without libunibreak:
 * random paragraphs of letters (all of U+0621..U+06D5 and beyond, so that
 * each one's class is checked), harakat, digits, spaces and punctuation, and a few
 * characters that send it back to libunibreak, in several languages: the
 * opportunities must be libunibreak's. */
static void prose_checks(void)
{
    static const uint32_t extra[] = {0x20,   0x20,   0x20,   0x2E,   0x2C,   0x3A,   0x060C, 0x21,   0x3F,
                                     0x061B, 0x061F, 0x064E, 0x0651, 0x0670, 0x0640, 0x0030, 0x0031, 0x0039,
                                     0x0660, 0x0665, 0x066B, 0x066C, 0x06F4, 0x0025, 0x066A, 0x0061, 0x0028,
                                     0x00AB, 0x200D, 0x06D4, 0x002D, 0x002F, 0x0024};
    const char *langs[] = {"ar", NULL, "en", "fr", "zh", "ja", "de"};
    enum { MAXLEN = 20 };
    unsigned x = 777;
    long cases = 0, bad = 0;
    for (int k = 0; k < 60000; k++) {
        uint32_t u[MAXLEN];
        char want[MAXLEN], got[MAXLEN];
        x = x * 1103515245u + 12345u;
        size_t n = 1 + (x >> 16) % MAXLEN;
        int plain = k % 3 != 0; /* two in three from prose characters only */
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            unsigned r = (x >> 16) % 1000;
            if (r < 500) u[i] = 0x0600 + (x >> 8) % 0x100; /* the Arabic block, all of it */
            else u[i] = extra[(x >> 20) % (plain ? 23 : sizeof extra / sizeof *extra)];
        }
        const char *lang = langs[(size_t)k % (sizeof langs / sizeof *langs)];
        set_linebreaks_utf32(u, n, lang, want);
        mz_break_opportunities(u, n, lang, got);
        bad += memcmp(want, got, n) != 0;
        cases++;
    }
    MZ_CHECK("linebreak: Arabic prose broken as libunibreak breaks it", bad == 0,
             "%ld of %ld paragraphs differ", bad, cases);
}

int main(int argc, char **argv)
{
    prose_checks();
    every_code_point();
    const char *path = TEST_FILE;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) verbose = 1;
        else path = argv[i];
    }

    arabic_checks();

    FILE *f = fopen(path, "r");
    if (!f) {
        MZ_FAILF("linebreak test file", "cannot open %s: %s (install unicode-data)", path,
                 strerror(errno));
        MZ_DONE();
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, ncases = 0, npos = 0, nsame = 0, ncases_same = 0, bad_lines = 0;
    long unexplained = 0, unexplained_first[8];
    int nshow = 0;
    long ncrash = 0, crash_first[8];
    int ncrash_shown = 0;
    uint32_t u[MAXC];
    char want[MAXC], brks[MAXC];
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n') continue;
        char *comment = strchr(line, '#');
        if (!comment) {
            bad_lines++;
            continue;
        }
        *comment++ = 0;
        /* tokens: "×" (C3 97) or "÷" (C3 B7) alternate with hex code points */
        size_t n = 0;
        int nmarks = 0;
        char *p = line;
        int okp = 1;
        while (*p) {
            if (*p == ' ' || *p == '\t') {
                p++;
                continue;
            }
            if ((unsigned char)p[0] == 0xC3 && ((unsigned char)p[1] == 0x97 || (unsigned char)p[1] == 0xB7)) {
                int brk = (unsigned char)p[1] == 0xB7;
                if (nmarks > 0 && n > 0) want[n - 1] = (char)brk;
                nmarks++;
                p += 2;
                continue;
            }
            char *end;
            unsigned long c = strtoul(p, &end, 16);
            if (end == p || n == MAXC) {
                okp = 0;
                break;
            }
            u[n++] = (uint32_t)c;
            p = end;
        }
        if (!okp || n == 0 || nmarks != (int)n + 1) {
            bad_lines++;
            continue;
        }
        ncases++;
        memset(brks, 0, sizeof brks);
        if (has_ri(u, n)) {
            if (!breaks_isolated(u, n, brks)) {
                if (ncrash_shown < 8) crash_first[ncrash_shown++] = lineno;
                ncrash++;
                continue;
            }
        } else {
            mz_break_opportunities(u, n, "ar", brks);
        }
        int case_same = 1;
        for (size_t i = 0; i + 1 < n; i++) {
            npos++;
            int got = allowed(brks[i]);
            if (got == want[i]) {
                nsame++;
                continue;
            }
            case_same = 0;
            char rule[16] = "?";
            rule_at(comment, (int)i + 1, rule, sizeof rule);
            char cls[MAXC][24];
            int nc = comment_classes(comment, cls, MAXC);
            int g = nc == (int)n ? classify(cls, nc, (int)i + 1, rule, comment) : -1;
            if (g >= 0) {
                if (groups[g].count == 0) groups[g].first_line = lineno;
                groups[g].count++;
            } else {
                if (nshow < 8) unexplained_first[nshow++] = lineno;
                unexplained++;
            }
            if (verbose)
                printf("# line %ld pos %zu rule %s group %s: want %s got %s: %s", lineno, i + 1, rule,
                       g >= 0 ? groups[g].name : "NONE",
                       want[i] ? "break" : "no break", got ? "break" : "no break", comment);
        }
        if (case_same) ncases_same++;
    }
    free(line);
    fclose(f);

    MZ_CHECK("linebreak test file parsed", ncases > 7000 && bad_lines == 0,
             "%ld cases, %ld unparsable lines in %s", ncases, bad_lines, path);
    printf("# linebreak: %ld/%ld cases and %ld/%ld positions agree with Unicode 15.0\n", ncases_same,
           ncases, nsame, npos);
    {
        char buf[128] = "";
        size_t o = 0;
        for (int k = 0; k < ncrash_shown; k++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%ld", k ? ", " : "", crash_first[k]);
        MZ_CHECK("linebreak conformance: no case aborts", ncrash == 0,
                 "mz_break_opportunities aborted the process on %ld cases (lines %s%s): libunibreak 1.1's "
                 "set_linebreaks asserts lbcNew <= LBP_JT on regional indicators U+1F1E6..U+1F1FF; "
                 "src/text/breaks.c must not hand it those characters",
                 ncrash, buf, ncrash > ncrash_shown ? ", ..." : "");
    }
    int groups_ok = 1;
    for (int g = 0; g < NG; g++) {
        printf("# %s: %ld positions differ (bound %ld, first at line %ld): %s\n", groups[g].name,
               groups[g].count, groups[g].bound, groups[g].first_line, groups[g].reason);
        if (groups[g].count > groups[g].bound) {
            groups_ok = 0;
            MZ_FAILF("linebreak documented deviation bound", "%s: %ld positions differ, more than %ld",
                     groups[g].name, groups[g].count, groups[g].bound);
        }
    }
    if (groups_ok) MZ_PASS("linebreak documented deviations within their bounds");
    {
        char buf[128] = "";
        size_t o = 0;
        for (int k = 0; k < nshow; k++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%ld", k ? ", " : "", unexplained_first[k]);
        if (unexplained == 0)
            printf("PASS linebreak conformance: %ld/%ld positions, every difference documented\n", nsame, npos);
        else
            MZ_FAILF("linebreak conformance", "%ld positions differ outside the documented groups (lines %s%s)",
                     unexplained, buf, unexplained > nshow ? ", ..." : "");
    }
    MZ_DONE();
}
