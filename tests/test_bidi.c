/* test_bidi.c - UAX #9 conformance of mujaz's bidi layer against every case
 * of BidiCharacterTest.txt, through the functions the pipeline calls:
 * mz_bidi_paragraph (as mz_itemize does) and mz_bidi_reorder_line (as
 * mz_compose does for each line).
 *
 * One PASS/FAIL line per category (paragraph level, character levels, line
 * levels after L1, visual order), not one per case.  Cases that fail for a
 * documented reason (KNOWN below) are counted separately and do not fail the
 * test; a failure outside them does.
 *
 * Usage: test_bidi [BidiCharacterTest.txt] [-v]   (-v lists every failure) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

#include "harness.h"
#include "text/bidi.h"

#define TEST_FILE "/usr/share/unicode/BidiCharacterTest.txt"
#define MAXC 256
#define SHOW 8 /* failing line numbers shown per category */

enum { C_PAR, C_LEVELS, C_LINE_LEVELS, C_ORDER, NCAT };
static const char *cat_name[NCAT] = {"bidi paragraph level", "bidi levels", "bidi line levels (L1)",
                                     "bidi visual order"};

/* Known deviations.  Each one names a reason that was checked by hand; a
 * case failing a category is "known" when it matches one of them.
 *
 * NSM: mz_bidi_reorder_line passes FRIBIDI_FLAGS_DEFAULT to
 *   fribidi_reorder_line, which includes FRIBIDI_FLAG_REORDER_NSM: a run of
 *   non-spacing marks after an RTL base is kept after (to the right of) its
 *   base in visual order, so the glyph pair stays in logical order for the
 *   shaper.  UAX #9 L3 describes this as an optional rendering step that the
 *   test file explicitly puts out of scope ("rules L3 and L4 are also out of
 *   scope"), so the expected visual order reverses marks with their base.
 *   Only the visual order is affected; levels are not. */
typedef struct stats {
    long total, pass, known;
    long first_fail[SHOW];
    int nshow;
} stats;

static stats st[NCAT];
static int verbose;

static void record(int cat, int ok, int known, long lineno)
{
    stats *s = &st[cat];
    s->total++;
    if (ok) s->pass++;
    else if (known) s->known++;
    else if (s->nshow < SHOW) s->first_fail[s->nshow++] = lineno;
    if (!ok && verbose) printf("# %s: line %ld%s\n", cat_name[cat], lineno, known ? " (known)" : "");
}

/* Does the expected visual order differ from the actual one only by runs of
 * NSM characters that follow an RTL base being kept in logical order (the
 * FRIBIDI_FLAG_REORDER_NSM rendering step)?  We re-apply that step to the
 * expected order and compare. */
static int nsm_reorder_explains(const uint8_t *types, const int *lev, const size_t *exp, size_t nexp,
                                const size_t *act)
{
    size_t *fix = malloc(nexp * sizeof *fix);
    if (!fix) return 0;
    memcpy(fix, exp, nexp * sizeof *fix);
    /* In the expected order an RTL base followed logically by marks appears
     * as  m_k .. m_1 base  (marks to the left).  REORDER_NSM turns each such
     * maximal visual sequence of same-level odd NSMs immediately left of
     * their base into  base m_1 .. m_k  mirrored: i.e. reverse the sequence
     * [marks..., base]. */
    size_t i = 0;
    int any = 0;
    while (i < nexp) {
        size_t j = i;
        while (j < nexp && types[fix[j]] == MZ_BT_NSM && (lev[fix[j]] & 1)) j++;
        if (j > i && j < nexp && (lev[fix[j]] & 1) && lev[fix[j]] == lev[fix[i]]) {
            /* reverse fix[i..j] inclusive */
            for (size_t a = i, b = j; a < b; a++, b--) {
                size_t t = fix[a];
                fix[a] = fix[b];
                fix[b] = t;
            }
            any = 1;
            i = j + 1;
        } else {
            i = j > i ? j : i + 1;
        }
    }
    int same = any && memcmp(fix, act, nexp * sizeof *fix) == 0;
    free(fix);
    return same;
}

/* The code point at S (valid UTF-8) into *c; returns its length. */
static int utf8_next(const char *s, uint32_t *c)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80) return *c = p[0], 1;
    if (p[0] < 0xE0) return *c = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F), 2;
    if (p[0] < 0xF0) return *c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F), 3;
    return *c = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F), 4;
}

/* A long paragraph (past bidi.c's MZ_BIDI_WHOLE, so resolved in chunks
 * when it may be) of words drawn from WORDS, with the levels FriBidi gives
 * the whole of it: every character the same.  Arabic with harakat, digits
 * (EN and Arabic-Indic AN), a percent sign (ET), punctuation (CS, ON) and
 * Latin words (L) between them; no brackets, so it is chunked. */
static void check_long(const char *name, const char *const *words, size_t nwords, mz_bidi_base base)
{
    enum { LEN = 300000 };
    uint32_t *u = malloc(LEN * sizeof *u);
    uint8_t *types = malloc(LEN), *levels = malloc(LEN);
    FriBidiCharType *ft = malloc(LEN * sizeof *ft);
    FriBidiBracketType *bt = malloc(LEN * sizeof *bt);
    FriBidiLevel *want = malloc(LEN * sizeof *want);
    if (!u || !types || !levels || !ft || !bt || !want) {
        MZ_FAILF(name, "out of memory");
        goto out;
    }
    size_t n = 0;
    unsigned x = 12345;
    while (n < LEN - 64) {
        x = x * 1103515245u + 12345u;
        for (const char *w = words[(x >> 16) % nwords]; *w;) {
            uint32_t c;
            int k = utf8_next(w, &c);
            u[n++] = c;
            w += k;
        }
        u[n++] = ' ';
    }
    fribidi_get_bidi_types(u, (FriBidiStrIndex)n, ft);
    fribidi_get_bracket_types(u, (FriBidiStrIndex)n, ft, bt);
    FriBidiParType par = base == MZ_BASE_LTR ? FRIBIDI_PAR_LTR : base == MZ_BASE_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_WRTL;
    int whole = fribidi_get_par_embedding_levels_ex(ft, bt, (FriBidiStrIndex)n, &par, want) != 0;
    int rtl = mz_bidi_paragraph(u, n, base, types, levels);
    size_t bad = n;
    for (size_t i = 0; i < n && bad == n; i++)
        if (levels[i] != (uint8_t)want[i]) bad = i;
    MZ_CHECK(name, whole && rtl == (FRIBIDI_IS_RTL(par) != 0) && bad == n,
             "rtl %d (FriBidi %d), first differing level at %zu of %zu", rtl, FRIBIDI_IS_RTL(par) != 0, bad, n);
out:
    free(u);
    free(types);
    free(levels);
    free(ft);
    free(bt);
    free(want);
}

static void check_long_paragraphs(void)
{
    static const char *const rtl_words[] = {"\u0627\u0644\u062a\u0639\u0627\u0648\u0646", "\u0641\u064a", "\u0645\u064e\u062c\u0627\u0644\u064d",
                                            "2019", "\u0661\u0662\u0663", "45%", "\u060c", "COVID", "Windows 11", ".", "\u0628\u0644\u062f\u0627\u0646"};
    static const char *const ltr_words[] = {"the", "police", "2019", "\u0627\u0644\u0634\u0631\u0637\u0629", "45%", ",", "of", "\u0661\u0662", "region."};
    check_long("bidi: a long right-to-left paragraph, chunked, as FriBidi whole", rtl_words,
               sizeof rtl_words / sizeof *rtl_words, MZ_BASE_RTL);
    check_long("bidi: a long paragraph of auto direction, chunked, as FriBidi whole", rtl_words,
               sizeof rtl_words / sizeof *rtl_words, MZ_BASE_AUTO_RTL);
    check_long("bidi: a long left-to-right paragraph, chunked, as FriBidi whole", ltr_words,
               sizeof ltr_words / sizeof *ltr_words, MZ_BASE_LTR);
}

/* Short paragraphs drawn from Arabic letters, harakat, spaces, a tab,
 * separators, terminators and brackets (which mz_bidi_paragraph sets at
 * level 1 without FriBidi), from digits of three kinds and the separators
 * and terminators that join them (levels 2 and 1, still without FriBidi),
 * and from what rules that out (Latin, ZWJ, an isolate, an embedding), in
 * every base direction: the levels and direction must be FriBidi's. */
static void check_rtl_prose(void)
{
    /* prose; then numbers and what W4-W5 join to them; then what the fast path leaves to FriBidi */
    static const uint32_t pool[] = {0x0627, 0x0644, 0x0639, 0x0628, 0x064E, 0x0651, 0x0670, 0x0020, 0x0009, 0x002E,
                                    0x060C, 0x061F, 0x002C, 0x003A, 0x002B, 0x002D, 0x0025, 0x0023, 0x0028, 0x0029,
                                    0x005B, 0x005D, 0x00AB, 0x00BB, 0x2014, 0x05D0, 0x0640, 0x0031, 0x0039, 0x0661,
                                    0x0660, 0x06F1, 0x066A, 0x066B, 0x066C, 0x002F, 0x0024, 0x00B0, 0x002C, 0x002E,
                                    0x002D, 0x0025, 0x0061, 0x200D, 0x2067, 0x2069, 0x202B, 0x202C};
    enum { NPOOL = sizeof pool / sizeof *pool, NPURE = 27, NNUM = 42, MAXLEN = 24 };
    const mz_bidi_base bases[] = {MZ_BASE_RTL, MZ_BASE_LTR, MZ_BASE_AUTO_RTL, MZ_BASE_AUTO_LTR};
    const FriBidiParType pars[] = {FRIBIDI_PAR_RTL, FRIBIDI_PAR_LTR, FRIBIDI_PAR_WRTL, FRIBIDI_PAR_ON};
    unsigned x = 4242;
    long cases = 0, pure = 0, nums = 0, bad = 0;
    for (int k = 0; k < 60000; k++) {
        uint32_t u[MAXLEN];
        uint8_t types[MAXLEN], levels[MAXLEN];
        FriBidiCharType ft[MAXLEN];
        FriBidiBracketType bt[MAXLEN];
        FriBidiLevel want[MAXLEN];
        x = x * 1103515245u + 12345u;
        size_t n = 1 + (x >> 16) % MAXLEN;
        /* a third from prose only, a third with numbers, a third from the whole pool */
        size_t from = k % 3 == 0 ? NPURE : k % 3 == 1 ? NNUM : NPOOL;
        int is_pure = 1, is_num = 0;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            size_t c = (x >> 16) % from;
            u[i] = pool[c];
            is_pure &= c < NPURE;
            is_num |= c >= NPURE && c < NNUM && pool[c] >= 0x0030 && pool[c] <= 0x06F9 &&
                      fribidi_get_bidi_type(pool[c]) != FRIBIDI_TYPE_ET &&
                      fribidi_get_bidi_type(pool[c]) != FRIBIDI_TYPE_CS && fribidi_get_bidi_type(pool[c]) != FRIBIDI_TYPE_ES;
        }
        for (int b = 0; b < 4; b++) {
            FriBidiParType par = pars[b];
            fribidi_get_bidi_types(u, (FriBidiStrIndex)n, ft);
            fribidi_get_bracket_types(u, (FriBidiStrIndex)n, ft, bt);
            int ok = fribidi_get_par_embedding_levels_ex(ft, bt, (FriBidiStrIndex)n, &par, want) != 0;
            int rtl = mz_bidi_paragraph(u, n, bases[b], types, levels);
            for (size_t i = 0; ok && i < n; i++) ok = levels[i] == (uint8_t)want[i];
            bad += !ok || rtl != (FRIBIDI_IS_RTL(par) != 0);
            cases++;
            pure += is_pure && b != 1;
            nums += !is_pure && is_num && from == NNUM && b != 1;
        }
    }
    MZ_CHECK("bidi: right-to-left prose and its numbers set at levels 1 and 2 as FriBidi sets them",
             bad == 0 && pure > 20000 && nums > 20000, "%ld of %ld paragraphs differ (%ld of prose only, %ld with numbers)",
             bad, cases, pure, nums);
}

int main(int argc, char **argv)
{
    const char *path = TEST_FILE;
    check_long_paragraphs();
    check_rtl_prose();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) verbose = 1;
        else path = argv[i];
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        MZ_FAILF("bidi test file", "cannot open %s: %s (install unicode-data)", path, strerror(errno));
        MZ_DONE();
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, ncases = 0, bad_lines = 0;
    uint32_t u[MAXC];
    int lev[MAXC];
    size_t exp[MAXC], act[MAXC];
    uint8_t levels[MAXC], line_levels[MAXC], types[MAXC];
    size_t map[MAXC];
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\r') continue;
        char *fld[5];
        char *p = line;
        int nf = 0;
        for (; nf < 5; nf++) {
            fld[nf] = p;
            p = strchr(p, ';');
            if (!p) {
                nf++;
                break;
            }
            *p++ = 0;
        }
        if (nf != 5) {
            bad_lines++;
            continue;
        }
        /* field 0: code points */
        size_t n = 0;
        char *q = fld[0], *end;
        for (;;) {
            unsigned long c = strtoul(q, &end, 16);
            if (end == q) break;
            if (n == MAXC) break;
            u[n++] = (uint32_t)c;
            q = end;
        }
        int dir = atoi(fld[1]);
        int par = atoi(fld[2]);
        /* field 3: levels, 'x' = removed by X9 */
        size_t nl = 0;
        q = fld[3];
        while (*q && nl < MAXC) {
            while (*q == ' ') q++;
            if (*q == 'x') {
                lev[nl++] = -1;
                q++;
            } else if (*q >= '0' && *q <= '9') {
                lev[nl++] = (int)strtol(q, &q, 10);
            } else {
                break;
            }
        }
        /* field 4: visual order */
        size_t ne = 0;
        q = fld[4];
        for (;;) {
            unsigned long v = strtoul(q, &end, 10);
            if (end == q || ne == MAXC) break;
            exp[ne++] = v;
            q = end;
        }
        if (n == 0 || nl != n || dir < 0 || dir > 2) {
            bad_lines++;
            continue;
        }
        ncases++;

        mz_bidi_base base = dir == 0 ? MZ_BASE_LTR : dir == 1 ? MZ_BASE_RTL : MZ_BASE_AUTO_LTR;
        int rtl = mz_bidi_paragraph(u, n, base, types, levels);
        if (rtl < 0) {
            record(C_PAR, 0, 0, lineno);
            record(C_LEVELS, 0, 0, lineno);
            record(C_LINE_LEVELS, 0, 0, lineno);
            record(C_ORDER, 0, 0, lineno);
            continue;
        }
        record(C_PAR, rtl == par, 0, lineno);
        int ok = 1;
        for (size_t i = 0; i < n; i++)
            if (lev[i] >= 0 && levels[i] != lev[i]) ok = 0;
        record(C_LEVELS, ok, 0, lineno);

        mz_bidi_text bt = {types, levels, rtl, NULL, 0};
        if (!mz_bidi_reorder_line(&bt, 0, n, line_levels, map)) {
            record(C_LINE_LEVELS, 0, 0, lineno);
            record(C_ORDER, 0, 0, lineno);
            continue;
        }
        ok = 1;
        for (size_t i = 0; i < n; i++)
            if (lev[i] >= 0 && line_levels[i] != lev[i]) ok = 0;
        record(C_LINE_LEVELS, ok, 0, lineno);

        size_t na = 0;
        for (size_t i = 0; i < n; i++)
            if (map[i] < n && lev[map[i]] >= 0) act[na++] = map[i];
        ok = na == ne && memcmp(act, exp, ne * sizeof *exp) == 0;
        int known = !ok && na == ne && nsm_reorder_explains(types, lev, exp, ne, act);
        record(C_ORDER, ok, known, lineno);
    }
    free(line);
    fclose(f);

    MZ_CHECK("bidi test file parsed", ncases > 90000 && bad_lines == 0,
             "%ld cases, %ld unparsable lines in %s", ncases, bad_lines, path);
    for (int c = 0; c < NCAT; c++) {
        stats *s = &st[c];
        long unexplained = s->total - s->pass - s->known;
        if (unexplained == 0 && s->total > 0) {
            if (s->known)
                printf("PASS %s: %ld/%ld (+%ld known deviations: FRIBIDI_FLAG_REORDER_NSM, UAX #9 L3)\n",
                       cat_name[c], s->pass, s->total, s->known);
            else
                printf("PASS %s: %ld/%ld\n", cat_name[c], s->pass, s->total);
        } else {
            char buf[256] = "";
            size_t o = 0;
            for (int k = 0; k < s->nshow && o < sizeof buf - 16; k++)
                o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%ld", k ? ", " : "", s->first_fail[k]);
            MZ_FAILF(cat_name[c], "%ld/%ld passed, %ld known deviations, %ld unexplained (lines %s%s)",
                     s->pass, s->total, s->known, unexplained, buf, unexplained > s->nshow ? ", ..." : "");
        }
    }
    MZ_DONE();
}
