/* kashida.c - where Arabic words may take tatweels (kashida), and which sites of a line do. */
#include "text/kashida.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>

#include <stdlib.h>
#include <string.h>

/* ---- Arabic joining, for kashida sites ------------------------------------ */

enum { J_NONE, J_RIGHT, J_DUAL, J_CAUSING }; /* Joining_Type U, R, D, C */
enum { G_OTHER, G_SEEN, G_SAD, G_TEH_MARBUTA, G_HEH, G_DAL, G_ALEF, G_TAH, G_LAM, G_KAF, G_GAF,
       G_BEH, G_REH, G_YEH, G_ALEF_MAKSURA, G_WAW, G_AIN, G_QAF, G_FEH, G_TATWEEL };

/* Joining type and group of the Arabic letters (ArabicShaping.txt), enough
 * for the priority rules; anything else cannot take a kashida. */
static int joining_search(uint32_t c, int *group)
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

/* The same for U+0600..U+06FF by index: sites are looked for in every
 * paragraph of a justified document, a few lookups a character, and the
 * search cost more than the rest of the rules.  Made once per process, by
 * mz_kashida_sites (every caller of joining() runs inside it). */
#define MZ_JT_BASE 0x0600
#define MZ_JT_N 0x100
static unsigned char jt_type[MZ_JT_N], jt_group[MZ_JT_N];
static pthread_once_t jt_once = PTHREAD_ONCE_INIT;

static void jt_init(void)
{
    for (uint32_t i = 0; i < MZ_JT_N; i++) {
        int g;
        jt_type[i] = (unsigned char)joining_search(MZ_JT_BASE + i, &g);
        jt_group[i] = (unsigned char)g;
    }
}

static int joining(uint32_t c, int *group)
{
    if (c - MZ_JT_BASE >= MZ_JT_N) return joining_search(c, group);
    *group = jt_group[c - MZ_JT_BASE];
    return jt_type[c - MZ_JT_BASE];
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

/* FNV-1a over a word's letters (marks and tatweel skipped, so a vocalised
 * or elongated word is the word): what the skip list holds. */
#define MZ_FNV_BASIS 14695981039346656037ull
#define MZ_FNV_PRIME 1099511628211ull

static uint64_t hash_letter(uint64_t h, uint32_t c)
{
    for (int k = 0; k < 4; k++) h = (h ^ ((c >> (8 * k)) & 0xFF)) * MZ_FNV_PRIME;
    return h;
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int mz_kashida_words(const char *list, uint64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t len = list ? strlen(list) : 0, nu = 0;
    if (!len) return 1;
    mz_diag d = {0}; /* a theme's text is valid UTF-8 (libyaml checks it) */
    uint32_t *u = mz_utf8_decode(list, len, &nu, &d, "kashida words", 0);
    uint64_t *h = malloc((nu / 2 + 1) * sizeof *h); /* a word and a space at least */
    if (!u || !h) {
        free(u);
        free(h);
        return 0;
    }
    size_t k = 0;
    for (size_t i = 0; i < nu;) {
        while (i < nu && (mz_is_glue(u[i]) || mz_is_line_space(u[i]) || u[i] == '\t' || u[i] == ',')) i++;
        if (i == nu) break;
        uint64_t x = MZ_FNV_BASIS;
        for (; i < nu && !mz_is_glue(u[i]) && !mz_is_line_space(u[i]) && u[i] != '\t' && u[i] != ','; i++)
            if (!is_arabic_mark(u[i]) && u[i] != 0x0640) x = hash_letter(x, u[i]);
        h[k++] = x;
    }
    free(u);
    qsort(h, k, sizeof *h, u64_cmp);
    *out = h;
    *n = k;
    return 1;
}

/* Punctuation that may stand at a word's edges: not an Arabic letter or
 * mark, not a Latin letter or a digit of any script. */
static int edge_punct(uint32_t c)
{
    int g;
    if (joining(c, &g) != J_NONE || c == 0x0621 || is_arabic_mark(c)) return 0;
    if (c < 0x80) return !((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
    return (c >= 0x0600 && c <= 0x061F) || c == 0x066A || c == 0x066B || c == 0x066C || c == 0x06D4 ||
           (c >= 0x00A1 && c <= 0x00BF) || (c >= 0x2010 && c <= 0x205E) || (c >= 0xFD3E && c <= 0xFD3F);
}

/* Whether the word of letters LETTERS (paragraph indices, marks excluded)
 * is one that takes no kashida: too short, or on the rules' list. */
static int plain_word(const mz_para *p, const size_t *letters, size_t nl, const mz_compose_rules *ru)
{
    size_t real = 0;
    uint64_t x = MZ_FNV_BASIS;
    for (size_t k = 0; k < nl; k++)
        if (p->u[letters[k]] != 0x0640) {
            real++;
            x = hash_letter(x, p->u[letters[k]]);
        }
    if (real < (size_t)ru->kashida_min_letters) return 1;
    return ru->nkashida_skip && bsearch(&x, ru->kashida_skip, ru->nkashida_skip, sizeof x, u64_cmp);
}

/* Chooses at most one kashida site per word: the best priority, ties going
 * to the end of the word.  Only all-Arabic words, only junctions HarfBuzz
 * flags safe to elongate; none in short words or the rules' function words
 * (an elongated مـا or مـن reads as a mistake). */
void mz_kashida_sites(const mz_para *p, const unsigned char *safe, const mz_compose_rules *ru,
                      unsigned char *site)
{
    pthread_once(&jt_once, jt_init);
    size_t n = p->len, i = 0;
    while (i < n) {
        while (i < n && (mz_is_glue(p->u[i]) || mz_is_line_space(p->u[i]))) i++;
        size_t ws = i;
        while (i < n && !mz_is_glue(p->u[i]) && !mz_is_line_space(p->u[i])) i++;
        size_t we = i;
        /* punctuation around the word (a comma, a full stop, quotation marks) is not part of it */
        while (ws < we && edge_punct(p->u[ws])) ws++;
        while (we > ws && edge_punct(p->u[we - 1])) we--;
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
        if (!ok || nl < 2 || plain_word(p, letters, nl, ru)) continue;
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

/* A line's site: where it is, in which word of the line, its priority. */
typedef struct ksite {
    size_t at;
    long word;
    int pr;
} ksite;

/* The line's sites in logical order, with their words; *nwords the line's
 * words.  NULL when out of memory (or no site). */
static ksite *line_sites(const mz_kashida_line *l, size_t *nsites, long *nwords)
{
    size_t n = l->K[l->ce] - l->K[l->s], k = 0;
    ksite *v = n ? calloc(n, sizeof *v) : NULL;
    long word = -1;
    int in_word = 0;
    for (size_t i = l->s; i < l->ce; i++) {
        int blank = mz_is_glue(l->u[i]) || mz_is_line_space(l->u[i]);
        if (!blank && !in_word) word++;
        in_word = !blank;
        if (v && l->site[i] && k < n) v[k++] = (ksite){i, word, l->site[i]};
    }
    *nsites = k;
    *nwords = word + 1;
    return v;
}

/* Picks the line's elongated words: best priorities first across the whole
 * line, at least `spread` words apart, at most one word in `spread`, none in
 * the line's last two words while earlier ones can take them; within a
 * priority the site farthest from those chosen (the first: nearest the
 * line's middle), so elongation spreads over the line instead of bunching.
 * dist[] (nv entries, scratch) holds each site's distance in words to the
 * nearest chosen one.  Returns how many; order[] lists them as chosen.
 * Linear in the line's sites per pick. */
static size_t pick_sites(const ksite *v, size_t nv, long nwords, long spread, size_t limit, size_t *order,
                         long *dist)
{
    size_t cap = (size_t)(nwords / spread), got = 0;
    if (cap < 1) cap = 1;
    if (limit > cap) limit = cap;
    for (size_t j = 0; j < nv; j++) dist[j] = LONG_MAX;
    for (int pass = 0; pass < 2 && got < limit; pass++)
        for (int pr = 1; pr <= 7 && got < limit; pr++)
            while (got < limit) {
                long best_d = -1, best_mid = 0;
                size_t best = 0;
                for (size_t j = 0; j < nv; j++) {
                    if (v[j].pr != pr || dist[j] < spread || (pass == 0 && v[j].word >= nwords - 2)) continue;
                    long mid = labs(2 * v[j].word - (nwords - 1));
                    if (dist[j] > best_d || (dist[j] == best_d && mid < best_mid))
                        best_d = dist[j], best_mid = mid, best = j;
                }
                if (best_d < 0) break;
                order[got++] = best;
                for (size_t j = 0; j < nv; j++)
                    if (labs(v[j].word - v[best].word) < dist[j]) dist[j] = labs(v[j].word - v[best].word);
            }
    return got;
}

size_t mz_kashida_choose(const mz_kashida_line *l, size_t want, unsigned char *count)
{
    size_t nv;
    long nwords;
    if (!want || l->K[l->ce] == l->K[l->s]) return 0;
    ksite *v = line_sites(l, &nv, &nwords);
    size_t *order = malloc((nv ? nv : 1) * sizeof *order);
    long *dist = malloc((nv ? nv : 1) * sizeof *dist);
    if (!v || !order || !dist) {
        free(v);
        free(order);
        free(dist);
        return SIZE_MAX;
    }
    size_t got = pick_sites(v, nv, nwords, l->spread > 0 ? l->spread : 1, want, order, dist), given = 0;
    /* one tatweel to each chosen word, then a second, in the order chosen */
    for (int round = 0; round < l->per_site && given < want; round++)
        for (size_t k = 0; k < got && given < want; k++) {
            count[v[order[k]].at - l->s]++;
            given++;
        }
    free(v);
    free(order);
    free(dist);
    return given;
}

/* Takes back a tatweel: from a site holding two first, then the worst
 * priority, nearest the line's end (the reverse of the order given). */
int mz_kashida_drop(const mz_kashida_line *l, unsigned char *count)
{
    int worst = 0, most = 0;
    size_t s = l->s, at = 0;
    for (size_t i = s; i < l->ce; i++) {
        int c = count[i - s];
        if (c && (c > most || (c == most && l->site[i] >= worst))) {
            most = c;
            worst = l->site[i];
            at = i;
        }
    }
    if (!most) return 0;
    count[at - s]--;
    return 1;
}
