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

int main(int argc, char **argv)
{
    const char *path = TEST_FILE;
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
