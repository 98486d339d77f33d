/* kashida.c - where Arabic words may take tatweels (kashida), and which sites of a line do. */
#include "text/kashida.h"

#include <errno.h>
#include <math.h>

#include <stdlib.h>
#include <string.h>

/* ---- Arabic joining, for kashida sites ------------------------------------ */

enum { J_NONE, J_RIGHT, J_DUAL, J_CAUSING }; /* Joining_Type U, R, D, C */
enum { G_OTHER, G_SEEN, G_SAD, G_TEH_MARBUTA, G_HEH, G_DAL, G_ALEF, G_TAH, G_LAM, G_KAF, G_GAF,
       G_BEH, G_REH, G_YEH, G_ALEF_MAKSURA, G_WAW, G_AIN, G_QAF, G_FEH, G_TATWEEL };

/* Joining type and group of the Arabic letters (ArabicShaping.txt), enough
 * for the priority rules; anything else cannot take a kashida. */
static int joining(uint32_t c, int *group)
{
    static const struct { uint16_t lo, hi; unsigned char jt, grp; } t[] = {
        {0x0620, 0x0620, J_DUAL, G_YEH},         {0x0622, 0x0623, J_RIGHT, G_ALEF},
        {0x0624, 0x0624, J_RIGHT, G_WAW},        {0x0625, 0x0625, J_RIGHT, G_ALEF},
        {0x0626, 0x0626, J_DUAL, G_YEH},         {0x0627, 0x0627, J_RIGHT, G_ALEF},
        {0x0628, 0x0628, J_DUAL, G_BEH},         {0x0629, 0x0629, J_RIGHT, G_TEH_MARBUTA},
        {0x062A, 0x062B, J_DUAL, G_BEH},         {0x062C, 0x062E, J_DUAL, G_OTHER},
        {0x062F, 0x0630, J_RIGHT, G_DAL},        {0x0631, 0x0632, J_RIGHT, G_REH},
        {0x0633, 0x0634, J_DUAL, G_SEEN},        {0x0635, 0x0636, J_DUAL, G_SAD},
        {0x0637, 0x0638, J_DUAL, G_TAH},         {0x0639, 0x063A, J_DUAL, G_AIN},
        {0x063B, 0x063F, J_DUAL, G_OTHER},       {0x0640, 0x0640, J_CAUSING, G_TATWEEL},
        {0x0641, 0x0641, J_DUAL, G_FEH},         {0x0642, 0x0642, J_DUAL, G_QAF},
        {0x0643, 0x0643, J_DUAL, G_KAF},         {0x0644, 0x0644, J_DUAL, G_LAM},
        {0x0645, 0x0645, J_DUAL, G_OTHER},       {0x0646, 0x0646, J_DUAL, G_BEH},
        {0x0647, 0x0647, J_DUAL, G_HEH},         {0x0648, 0x0648, J_RIGHT, G_WAW},
        {0x0649, 0x0649, J_DUAL, G_ALEF_MAKSURA}, {0x064A, 0x064A, J_DUAL, G_YEH},
        {0x066E, 0x066E, J_DUAL, G_BEH},         {0x066F, 0x066F, J_DUAL, G_QAF},
        {0x0671, 0x0673, J_RIGHT, G_ALEF},       {0x0675, 0x0675, J_RIGHT, G_ALEF},
        {0x0676, 0x0677, J_RIGHT, G_WAW},        {0x0678, 0x0678, J_DUAL, G_YEH},
        {0x0679, 0x0680, J_DUAL, G_BEH},         {0x0681, 0x0687, J_DUAL, G_OTHER},
        {0x0688, 0x0690, J_RIGHT, G_DAL},        {0x0691, 0x0699, J_RIGHT, G_REH},
        {0x069A, 0x069C, J_DUAL, G_SEEN},        {0x069D, 0x069E, J_DUAL, G_SAD},
        {0x069F, 0x069F, J_DUAL, G_TAH},         {0x06A0, 0x06A0, J_DUAL, G_AIN},
        {0x06A1, 0x06A6, J_DUAL, G_FEH},         {0x06A7, 0x06A8, J_DUAL, G_QAF},
        {0x06A9, 0x06AE, J_DUAL, G_KAF},         {0x06AF, 0x06B4, J_DUAL, G_GAF},
        {0x06B5, 0x06B8, J_DUAL, G_LAM},         {0x06B9, 0x06BD, J_DUAL, G_BEH},
        {0x06BE, 0x06BE, J_DUAL, G_HEH},         {0x06BF, 0x06BF, J_DUAL, G_OTHER},
        {0x06C0, 0x06C0, J_RIGHT, G_TEH_MARBUTA}, {0x06C1, 0x06C2, J_DUAL, G_HEH},
        {0x06C3, 0x06C3, J_RIGHT, G_TEH_MARBUTA}, {0x06C4, 0x06CB, J_RIGHT, G_WAW},
        {0x06CC, 0x06CC, J_DUAL, G_YEH},         {0x06CD, 0x06CD, J_RIGHT, G_YEH},
        {0x06CE, 0x06CE, J_DUAL, G_YEH},         {0x06CF, 0x06CF, J_RIGHT, G_WAW},
        {0x06D0, 0x06D1, J_DUAL, G_YEH},         {0x06D2, 0x06D3, J_RIGHT, G_YEH},
        {0x06D5, 0x06D5, J_RIGHT, G_HEH},        {0x06FA, 0x06FA, J_DUAL, G_SEEN},
        {0x06FB, 0x06FB, J_DUAL, G_SAD},
    };
    size_t lo = 0, hi = sizeof t / sizeof *t;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < t[mid].lo) hi = mid;
        else if (c > t[mid].hi) lo = mid + 1;
        else {
            *group = t[mid].grp;
            return t[mid].jt;
        }
    }
    *group = G_OTHER;
    return J_NONE;
}

static int is_arabic_mark(uint32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06DC) ||
           (c >= 0x06DF && c <= 0x06E4) || (c >= 0x06E7 && c <= 0x06E8) || (c >= 0x06EA && c <= 0x06ED);
}

/* Microsoft/LibreOffice kashida priority of the junction before letter b
 * (after letter a; c is the letter after b or 0).  1 is best, 0 = no site. */
static int kashida_priority(uint32_t a, uint32_t b, uint32_t c, int b_final)
{
    int ga, gb, gc;
    int ja = joining(a, &ga), jb = joining(b, &gb);
    if (!(ja == J_DUAL || ja == J_CAUSING) || !(jb == J_DUAL || jb == J_RIGHT || jb == J_CAUSING))
        return 0;
    if (ga == G_LAM && gb == G_ALEF) return 0; /* never inside lam-alef */
    if (ga == G_TATWEEL) return 1;             /* after a kashida the author typed */
    if (ga == G_SEEN || ga == G_SAD) return 2;
    if (b_final && (gb == G_TEH_MARBUTA || gb == G_HEH || gb == G_DAL)) return 3;
    if (b_final && (gb == G_ALEF || gb == G_TAH || gb == G_LAM || gb == G_KAF || gb == G_GAF)) return 4;
    if (!b_final && (gb == G_BEH || gb == G_YEH) && c) {
        joining(c, &gc);
        if (gc == G_REH || gc == G_YEH || gc == G_ALEF_MAKSURA) return 5;
    }
    if (b_final && (gb == G_WAW || gb == G_AIN || gb == G_QAF || gb == G_FEH)) return 6;
    if (b_final && gb != G_YEH && gb != G_ALEF_MAKSURA) return 7; /* no kashida before final yeh (tdf#65344) */
    return 0;
}

/* One tatweel's width in font f, measured as HarfBuzz shapes it at a safe
 * junction ("سلام" vs "سـلام"): Amiri's nominal U+0640 has no advance, the
 * elongated forms come from GSUB. */
double mz_kashida_quantum(mz_fonts *fs, int font)
{
    if (fs->tatweel[font] != 0) return fs->tatweel[font] > 0 ? fs->tatweel[font] : 0;
    static const uint32_t plain[] = {0x0633, 0x0644, 0x0627, 0x0645};
    static const uint32_t longer[] = {0x0633, 0x0640, 0x0644, 0x0627, 0x0645};
    double w[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        hb_buffer_t *b = hb_buffer_create();
        hb_buffer_add_utf32(b, k ? longer : plain, k ? 5 : 4, 0, -1);
        hb_buffer_set_direction(b, HB_DIRECTION_RTL);
        hb_buffer_set_script(b, HB_SCRIPT_ARABIC);
        hb_buffer_set_language(b, hb_language_from_string("ar", -1)); /* kashida is Arabic whatever the document */
        mz_errno_watch(); /* HarfBuzz's failed allocations show only there */
        if (!hb_shape_full(fs->fonts[font]->hb, b, NULL, 0, NULL) || !hb_buffer_allocation_successful(b) ||
            errno == ENOMEM) {
            hb_buffer_destroy(b);
            return NAN; /* out of memory: not remembered */
        }
        unsigned n;
        hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
        for (unsigned i = 0; i < n; i++) w[k] += pos[i].x_advance;
        hb_buffer_destroy(b);
    }
    double q = w[1] - w[0];
    /* a font whose tatweel is invisible or absurd cannot justify with it */
    if (!mz_font_has(fs->fonts[font], 0x0640) || q < fs->fonts[font]->upem * 0.02 ||
        q > fs->fonts[font]->upem * 1.0)
        q = -1;
    fs->tatweel[font] = (float)q;
    return q > 0 ? q : 0;
}

/* Chooses at most one kashida site per word: the best priority, ties going
 * to the end of the word.  Only all-Arabic words, only junctions HarfBuzz
 * flags safe to elongate. */
void mz_kashida_sites(const mz_para *p, const unsigned char *safe, unsigned char *site)
{
    size_t n = p->len, i = 0;
    while (i < n) {
        while (i < n && (mz_is_glue(p->u[i]) || mz_is_line_space(p->u[i]))) i++;
        size_t ws = i;
        while (i < n && !mz_is_glue(p->u[i]) && !mz_is_line_space(p->u[i])) i++;
        size_t we = i;
        /* letters of the word (marks skipped); a non-Arabic character rules the word out */
        size_t letters[64], nl = 0;
        int ok = 1;
        for (size_t k = ws; k < we && ok; k++) {
            uint32_t c = p->u[k];
            int g;
            if (is_arabic_mark(c)) continue;
            if (joining(c, &g) == J_NONE && c != 0x0621) ok = 0;
            else if (nl < 64) letters[nl++] = k;
            else ok = 0; /* a 64-letter "word" is not prose */
        }
        if (!ok || nl < 2) continue;
        int best = 0;
        size_t best_at = 0;
        for (size_t k = 1; k < nl; k++) {
            size_t b = letters[k];
            /* something other than marks between the letters (ZWNJ, ZWJ): no */
            int clean = 1;
            for (size_t x = letters[k - 1] + 1; x < b; x++)
                if (!is_arabic_mark(p->u[x])) clean = 0;
            if (!clean || !safe[b]) continue;
            uint32_t c = k + 1 < nl ? p->u[letters[k + 1]] : 0;
            int pr = kashida_priority(p->u[letters[k - 1]], p->u[b], c, k + 1 == nl);
            if (pr && (!best || pr <= best)) {
                best = pr;
                best_at = b;
            }
        }
        if (best) site[best_at] = (unsigned char)best;
    }
}

/* Chooses which sites of the line get tatweels: best priorities first,
 * spread out (no two neighbouring sites while others remain), from the
 * line's end backwards; at most per_site each. */
size_t mz_kashida_choose(const mz_kashida_line *l, size_t want, unsigned char *count)
{
    const unsigned char *site = l->site;
    size_t s = l->s, nsites = l->K[l->ce] - l->K[s];
    if (!want || !nsites) return 0;
    size_t *idx = malloc(nsites * sizeof *idx);
    if (!idx) return SIZE_MAX;
    size_t k = 0;
    for (size_t i = l->ce; i-- > s && k < nsites;)
        if (site[i]) idx[k++] = i; /* from the end of the line */
    nsites = k; /* the same count, as the analyser cannot see */
    size_t given = 0;
    for (int round = 0; round < l->per_site && given < want; round++)
        for (int pr = 1; pr <= 7 && given < want; pr++)
            for (int pass = 0; pass < 2 && given < want; pass++)
                for (size_t j = 0; j < nsites && given < want; j++) {
                    size_t i = idx[j];
                    if (site[i] != pr || count[i - s] != round) continue;
                    /* first pass: skip sites next to one already elongated */
                    int near = (j > 0 && count[idx[j - 1] - s] > round) ||
                               (j + 1 < nsites && count[idx[j + 1] - s] > round);
                    if (pass == 0 && near) continue;
                    count[i - s]++;
                    given++;
                }
    free(idx);
    return given;
}

/* Drops the tatweel most recently given (the last in choice order): the one
 * at the highest priority number, nearest the line's start. */
int mz_kashida_drop(const mz_kashida_line *l, unsigned char *count)
{
    int worst = 0;
    size_t s = l->s, at = 0;
    for (size_t i = s; i < l->ce; i++)
        if (count[i - s] && (l->site[i] > worst || (l->site[i] == worst && count[i - s] >= count[at - s]))) {
            worst = l->site[i];
            at = i;
        }
    if (!worst) return 0;
    count[at - s]--;
    return 1;
}
