/* bidi.c - UAX #9 through FriBidi: character classes, paragraph levels, line order. */
#include "text/bidi.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

/* Levels are handed to FriBidi in place: both are one byte, and levels are
 * never negative (at most 126). */
_Static_assert(sizeof(FriBidiLevel) == sizeof(uint8_t), "FriBidi levels are bytes");

uint8_t mz_bidi_table[MZ_BIDI_TABLE];
int mz_bidi_table_ready;

/* Filled before any render reads it: mz_global_init calls this under its
 * lock, and every render passes through that lock first. */
void mz_bidi_init(void)
{
    if (mz_bidi_table_ready) return;
    for (uint32_t c = 0; c < MZ_BIDI_TABLE; c++) mz_bidi_table[c] = (uint8_t)mz_bidi_class_lookup(c);
    mz_bidi_table_ready = 1;
}

mz_bidi_class mz_bidi_class_lookup(uint32_t c)
{
    FriBidiCharType t = fribidi_get_bidi_type(c);
    switch (t) {
    case FRIBIDI_TYPE_LTR: return MZ_BC_L;
    case FRIBIDI_TYPE_RTL:
    case FRIBIDI_TYPE_AL: return MZ_BC_R;
    case FRIBIDI_TYPE_NSM: return MZ_BC_NSM;
    case FRIBIDI_TYPE_WS: return MZ_BC_WS;
    default: return MZ_BC_OTHER;
    }
}

mz_dir mz_bidi_first_strong(const uint32_t *u, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        FriBidiCharType t = fribidi_get_bidi_type(u[i]);
        if (FRIBIDI_IS_STRONG(t)) return FRIBIDI_IS_RTL(t) ? MZ_DIR_RTL : MZ_DIR_LTR;
    }
    return MZ_DIR_AUTO;
}

/* mz_bidi_type -> FriBidi's bit-mask value. */
static const FriBidiCharType to_fribidi[] = {
    [MZ_BT_L] = FRIBIDI_TYPE_LTR,   [MZ_BT_R] = FRIBIDI_TYPE_RTL,   [MZ_BT_AL] = FRIBIDI_TYPE_AL,
    [MZ_BT_EN] = FRIBIDI_TYPE_EN,   [MZ_BT_AN] = FRIBIDI_TYPE_AN,   [MZ_BT_ES] = FRIBIDI_TYPE_ES,
    [MZ_BT_ET] = FRIBIDI_TYPE_ET,   [MZ_BT_CS] = FRIBIDI_TYPE_CS,   [MZ_BT_NSM] = FRIBIDI_TYPE_NSM,
    [MZ_BT_BN] = FRIBIDI_TYPE_BN,   [MZ_BT_B] = FRIBIDI_TYPE_BS,    [MZ_BT_S] = FRIBIDI_TYPE_SS,
    [MZ_BT_WS] = FRIBIDI_TYPE_WS,   [MZ_BT_ON] = FRIBIDI_TYPE_ON,   [MZ_BT_LRE] = FRIBIDI_TYPE_LRE,
    [MZ_BT_RLE] = FRIBIDI_TYPE_RLE, [MZ_BT_LRO] = FRIBIDI_TYPE_LRO, [MZ_BT_RLO] = FRIBIDI_TYPE_RLO,
    [MZ_BT_PDF] = FRIBIDI_TYPE_PDF, [MZ_BT_LRI] = FRIBIDI_TYPE_LRI, [MZ_BT_RLI] = FRIBIDI_TYPE_RLI,
    [MZ_BT_FSI] = FRIBIDI_TYPE_FSI, [MZ_BT_PDI] = FRIBIDI_TYPE_PDI,
};

/* FriBidi's value -> mz_bidi_type.  FriBidi's data has only these 23
 * classes; ON stands for anything else, as UAX #9 reads unknown text. */
static uint8_t from_fribidi(FriBidiCharType t)
{
    switch (t) {
    case FRIBIDI_TYPE_LTR: return MZ_BT_L;
    case FRIBIDI_TYPE_RTL: return MZ_BT_R;
    case FRIBIDI_TYPE_AL: return MZ_BT_AL;
    case FRIBIDI_TYPE_EN: return MZ_BT_EN;
    case FRIBIDI_TYPE_AN: return MZ_BT_AN;
    case FRIBIDI_TYPE_ES: return MZ_BT_ES;
    case FRIBIDI_TYPE_ET: return MZ_BT_ET;
    case FRIBIDI_TYPE_CS: return MZ_BT_CS;
    case FRIBIDI_TYPE_NSM: return MZ_BT_NSM;
    case FRIBIDI_TYPE_BN: return MZ_BT_BN;
    case FRIBIDI_TYPE_BS: return MZ_BT_B;
    case FRIBIDI_TYPE_SS: return MZ_BT_S;
    case FRIBIDI_TYPE_WS: return MZ_BT_WS;
    case FRIBIDI_TYPE_LRE: return MZ_BT_LRE;
    case FRIBIDI_TYPE_RLE: return MZ_BT_RLE;
    case FRIBIDI_TYPE_LRO: return MZ_BT_LRO;
    case FRIBIDI_TYPE_RLO: return MZ_BT_RLO;
    case FRIBIDI_TYPE_PDF: return MZ_BT_PDF;
    case FRIBIDI_TYPE_LRI: return MZ_BT_LRI;
    case FRIBIDI_TYPE_RLI: return MZ_BT_RLI;
    case FRIBIDI_TYPE_FSI: return MZ_BT_FSI;
    case FRIBIDI_TYPE_PDI: return MZ_BT_PDI;
    default: return MZ_BT_ON;
    }
}

int mz_bidi_paragraph(const uint32_t *u, size_t len, mz_bidi_base base, uint8_t *types,
                      uint8_t *levels)
{
    int unpaired = 0;
    return mz_bidi_paragraph_iso(u, len, base, NULL, 0, types, levels, &unpaired);
}

/* The line's isolate boundaries: how many, and (when SEP) at which of its
 * positions a virtual LRI (before) or PDI (after) goes, with its level. */
static size_t line_separators(const mz_bidi_text *t, size_t off, size_t len, size_t *at, uint8_t *lv,
                              int *pdi)
{
    size_t n = 0;
    for (size_t k = 0; k < t->niso; k++) {
        const mz_bidi_iso *s = &t->iso[k];
        if (s->start >= off && s->start < off + len) {
            if (at) at[n] = s->start - off, lv[n] = s->level, pdi[n] = 0;
            n++;
        }
        if (s->end > off && s->end <= off + len) {
            if (at) at[n] = s->end - off, lv[n] = s->level, pdi[n] = 1;
            n++;
        }
    }
    return n;
}

/* From the order of the copy with separators (FMAP, LV over N) back to the
 * line's LEN characters (POS: each one's place in the copy). */
static int drop_separators(const FriBidiStrIndex *fmap, const FriBidiLevel *lv, size_t n, const size_t *pos,
                           size_t len, size_t *map, uint8_t *line_levels)
{
    size_t *line_of = malloc(n * sizeof *line_of); /* the copy's place -> the line's index */
    if (!line_of) return 0;
    for (size_t i = 0; i < n; i++) line_of[i] = (size_t)-1;
    for (size_t i = 0; i < len; i++) line_of[pos[i]] = i;
    for (size_t i = 0, v = 0; i < n; i++)
        if (line_of[fmap[i]] != (size_t)-1) map[v++] = line_of[fmap[i]];
    for (size_t i = 0; i < len; i++) line_levels[i] = (uint8_t)lv[pos[i]];
    free(line_of);
    return 1;
}

int mz_bidi_reorder_line(const mz_bidi_text *t, size_t off, size_t len, uint8_t *line_levels,
                         size_t *map)
{
    if (len == 0) return 1;
    /* fribidi_reorder_line changes the levels in place (L1): it gets the
     * caller's line-local copy, and the line's types in its own values;
     * with isolates, a copy with their LRI and PDI put back */
    size_t nsep = line_separators(t, off, len, NULL, NULL, NULL), n = len + nsep;
    FriBidiCharType *ft = malloc(n * sizeof *ft);
    FriBidiStrIndex *fmap = malloc(n * sizeof *fmap);
    FriBidiLevel *lv = nsep ? malloc(n * sizeof *lv) : (FriBidiLevel *)line_levels;
    size_t *at = nsep ? malloc(nsep * sizeof *at) : NULL, *pos = nsep ? malloc(len * sizeof *pos) : NULL;
    uint8_t *sl = nsep ? malloc(nsep) : NULL;
    int *pdi = nsep ? malloc(nsep * sizeof *pdi) : NULL;
    int ok = 0;
    if (ft && fmap && lv && (!nsep || (at && pos && sl && pdi))) {
        if (nsep) line_separators(t, off, len, at, sl, pdi);
        size_t j = 0;
        for (size_t i = 0; i <= len; i++) {
            /* separators at i: PDIs (ends) before LRIs (starts), in the order found */
            for (int want = 1; want >= 0; want--)
                for (size_t q = 0; q < nsep; q++)
                    if (at[q] == i && pdi[q] == want) {
                        ft[j] = want ? FRIBIDI_TYPE_PDI : FRIBIDI_TYPE_LRI;
                        lv[j] = (FriBidiLevel)sl[q];
                        fmap[j] = (FriBidiStrIndex)j;
                        j++;
                    }
            if (i == len) break;
            ft[j] = to_fribidi[t->types[off + i]];
            lv[j] = (FriBidiLevel)t->levels[off + i];
            fmap[j] = (FriBidiStrIndex)j;
            if (nsep) pos[i] = j;
            j++;
        }
        ok = fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, ft, (FriBidiStrIndex)n, 0,
                                  t->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR, lv, NULL, fmap) != 0;
        if (ok && nsep) ok = drop_separators(fmap, lv, n, pos, len, map, line_levels);
        else for (size_t i = 0; ok && i < len; i++) map[i] = (size_t)fmap[i];
    }
    free(ft);
    free(fmap);
    if (nsep) free(lv);
    free(at);
    free(pos);
    free(sl);
    free(pdi);
    return ok;
}

/* FriBidi 1.0.8 sorts a paragraph's bracket pairs with a merge whose
 * recursion is as deep as their number (pairing_nodes_sorted_merge;
 * fribidi issue #253): 800 000 pairs overflowed an 8 MB stack (SIGSEGV).
 * Past MZ_MAX_BRACKETS (bidi.h) bracket characters a paragraph's brackets
 * are resolved as other neutrals (N1, N2; 8 192 take a few hundred KB of
 * stack even under AddressSanitizer): only a bracket between text of two
 * directions may then face the other way.
 *
 * Bracket pairs change nothing (UAX #9 N0 resolves a pair as N1 and N2
 * would) in a paragraph whose every strong character has the paragraph's
 * direction and which has no explicit embedding: digits count as right to
 * left there, as N0 and N1 take them, so in a right-to-left paragraph only
 * L matters.  Not pairing them then keeps FriBidi 1.0.8 from its unchecked
 * malloc in pairing_nodes_push, which crashes when that allocation fails
 * ("(تابع)" over every continued table is such a paragraph).  BASE_RTL:
 * the paragraph is (or, by its first strong character, will be) right to left.
 * Returns 1 when the brackets were left unpaired for their number. */
static int bracket_types(const uint32_t *u, size_t len, const FriBidiCharType *ft, mz_bidi_base base,
                         FriBidiBracketType *bt)
{
    int l = 0, r = 0, x = 0, first = 0; /* first: the first strong character's direction, 1 RTL, -1 LTR */
    for (size_t i = 0; i < len; i++) {
        FriBidiCharType t = ft[i];
        if (t == FRIBIDI_TYPE_LTR) l = 1, first = first ? first : -1;
        else if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) r = 1, first = first ? first : 1;
        else if (t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN) r = 1;
        else if (FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t)) x = 1;
    }
    /* the paragraph's direction (P2-P3: digits are not strong there) */
    int rtl = base == MZ_BASE_RTL || ((base == MZ_BASE_AUTO_RTL || base == MZ_BASE_AUTO_LTR) && first == 1) ||
              (base == MZ_BASE_AUTO_RTL && first == 0);
    int one_way = !x && (rtl ? !l : !r);
    size_t nb = 0;
    if (!one_way) {
        fribidi_get_bracket_types(u, (FriBidiStrIndex)len, ft, bt);
        for (size_t i = 0; i < len; i++) nb += bt[i] != FRIBIDI_NO_BRACKET;
        if (nb <= MZ_MAX_BRACKETS) return 0;
    }
    for (size_t i = 0; i < len; i++) bt[i] = FRIBIDI_NO_BRACKET;
    return nb > MZ_MAX_BRACKETS;
}

/* The isolates' insides: each its own left-to-right paragraph, its levels
 * raised to the least even level above the paragraph's (X5a). */
static int isolate_levels(const uint32_t *u, const mz_bidi_iso *iso, size_t niso, int rtl, uint8_t *levels,
                          int *unpaired)
{
    (void)rtl; /* the least even level above 0 or 1 */
    const uint8_t lift = 2;
    for (size_t k = 0; k < niso; k++) {
        size_t n = iso[k].end - iso[k].start;
        FriBidiCharType *ft = malloc(n * sizeof *ft);
        FriBidiBracketType *bt = malloc(n * sizeof *bt);
        FriBidiParType par = FRIBIDI_PAR_LTR;
        int ok = ft && bt;
        if (ok) {
            fribidi_get_bidi_types(u + iso[k].start, (FriBidiStrIndex)n, ft);
            *unpaired |= bracket_types(u + iso[k].start, n, ft, MZ_BASE_LTR, bt);
            ok = fribidi_get_par_embedding_levels_ex(ft, bt, (FriBidiStrIndex)n, &par,
                                                     (FriBidiLevel *)levels + iso[k].start) != 0;
        }
        free(ft);
        free(bt);
        if (!ok) return 0;
        for (size_t i = iso[k].start; i < iso[k].end; i++) {
            /* FRIBIDI_MAX_EXPLICIT_LEVEL is 125: an isolate nests no deeper */
            unsigned l = levels[i] + lift;
            levels[i] = (uint8_t)(l > 125 ? 125 : l);
        }
    }
    return 1;
}

/* ---- right-to-left prose, numbers in it: levels 1 and 2 ----------------- */

/* A paragraph of direction PAR whose types FT hold no left-to-right letter,
 * embedding, isolate (those left after the isolates are set as neutrals)
 * or boundary neutral resolves without FriBidi (most of whose cost is a
 * list node malloc'd for every run of one type), as UAX #9 does it with no
 * L anywhere: its direction is right to left (P2-P3: the first strong
 * character, or none and WRTL), so sos and eos are R; W1 gives a mark the
 * type before it, W2 makes a European number after AL (sos is R) Arabic,
 * W3 makes AL R, W4 a single separator between two numbers of one kind
 * (ES: European only) that number, W5 terminators beside a European number
 * European, W6 other separators and terminators neutral, W7 finds no L;
 * N0-N2 resolve brackets and every neutral to R (numbers count as R, sos
 * and eos are R), I2 raises numbers to 2 and leaves R at 1, and L1 resets
 * neutrals to 1, where they are.  Most Arabic paragraphs are such prose;
 * test_bidi compares both. */

enum { W_R, W_EN, W_AN, W_ET, W_ES, W_CS, W_N }; /* types after W1-W3 */

/* 0 when FT may not be resolved as above; else 1 when it holds no number
 * (every level is then 1), 2 when it does. */
static int rtl_only(const FriBidiCharType *ft, size_t len, FriBidiParType par)
{
    if (par == FRIBIDI_PAR_LTR) return 0;
    int strong = 0, numbers = 0;
    for (size_t i = 0; i < len; i++) {
        FriBidiCharType t = ft[i];
        if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) strong = 1;
        else if (t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN) numbers = 1;
        else if (t != FRIBIDI_TYPE_NSM && t != FRIBIDI_TYPE_WS && t != FRIBIDI_TYPE_ON && t != FRIBIDI_TYPE_CS &&
                 t != FRIBIDI_TYPE_ES && t != FRIBIDI_TYPE_ET && t != FRIBIDI_TYPE_SS)
            return 0;
    }
    return strong || par != FRIBIDI_PAR_ON ? 1 + numbers : 0;
}

/* W1-W3 into W[i] (one of the W_ types). */
static void weak_types(const FriBidiCharType *ft, size_t len, uint8_t *w)
{
    int after_al = 0;
    uint8_t prev = W_R; /* sos */
    for (size_t i = 0; i < len; i++) {
        FriBidiCharType t = ft[i];
        uint8_t c = t == FRIBIDI_TYPE_NSM ? prev
                    : t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL ? W_R
                    : t == FRIBIDI_TYPE_EN ? (after_al ? W_AN : W_EN)
                    : t == FRIBIDI_TYPE_AN ? W_AN
                    : t == FRIBIDI_TYPE_ET ? W_ET
                    : t == FRIBIDI_TYPE_ES ? W_ES
                    : t == FRIBIDI_TYPE_CS ? W_CS
                                           : W_N;
        if (t == FRIBIDI_TYPE_RTL) after_al = 0;
        else if (t == FRIBIDI_TYPE_AL) after_al = 1;
        w[i] = prev = c;
    }
}

/* The levels of a paragraph rtl_only allows (KIND: what it returned),
 * written over the types weak_types left in LEVELS: W4-W6, then 2 for
 * numbers, 1 for the rest. */
static void rtl_levels(const FriBidiCharType *ft, size_t len, int kind, uint8_t *levels)
{
    if (kind == 1) {
        memset(levels, 1, len);
        return;
    }
    weak_types(ft, len, levels);
    uint8_t prev = W_R; /* the type weak_types gave levels[i - 1] */
    for (size_t i = 0; i < len; i++) {
        uint8_t c = levels[i];
        if (c == W_ET) { /* W5: the whole run of terminators */
            size_t b = i;
            while (b < len && levels[b] == W_ET) b++;
            uint8_t l = prev == W_EN || (b < len && levels[b] == W_EN) ? 2 : 1;
            memset(levels + i, l, b - i);
            prev = W_ET;
            i = b - 1;
            continue;
        }
        uint8_t next = i + 1 < len ? levels[i + 1] : W_N;
        int number = c == W_EN || c == W_AN ||
                     (c == W_ES && prev == W_EN && next == W_EN) ||
                     (c == W_CS && prev == next && (next == W_EN || next == W_AN));
        levels[i] = number ? 2 : 1;
        prev = c;
    }
}

/* ---- long one-way paragraphs: resolved a chunk at a time ------------------ */

/* FriBidi keeps a list node of about 40 bytes per run of one bidi type
 * (a word, a space) beside 8 bytes of types a character: 19 bytes a
 * character on Arabic prose.  A paragraph longer than MZ_BIDI_WHOLE with no
 * explicit embedding or isolate, whose strong characters all have its
 * direction or which has no brackets, is resolved a chunk of about
 * MZ_BIDI_CHUNK at a time:
 * each chunk starts at a strong character of the paragraph's direction
 * after a space after another, so every rule (W1-W7 look back to the last
 * strong character, N1-N2 resolve the space between two of the paragraph's
 * direction to it, I1-I2 are per character) resolves each character as
 * over the whole paragraph, and there are no bracket pairs (N0) to span
 * chunks, or they change nothing (see bracket_types). */
#define MZ_BIDI_WHOLE 65536
#define MZ_BIDI_CHUNK 32768

/* The types of u[0..len) (types[i] = the mz_bidi_type of u[i]), through
 * buffers of MZ_BIDI_CHUNK, and the paragraph's direction when it may be
 * resolved in chunks as described above: 1 right to left, 0 left to
 * right, -1 it may not (or out of memory). */
static int chunkable_types(const uint32_t *u, size_t len, mz_bidi_base base, uint8_t *types)
{
    FriBidiCharType *ft = malloc(MZ_BIDI_CHUNK * sizeof *ft);
    FriBidiBracketType *bt = malloc(MZ_BIDI_CHUNK * sizeof *bt);
    int l = 0, r = 0, x = 0, first = 0, brackets = 0;
    if (!ft || !bt) x = 1;
    for (size_t c = 0; !x && c < len; c += MZ_BIDI_CHUNK) {
        size_t n = len - c < MZ_BIDI_CHUNK ? len - c : MZ_BIDI_CHUNK;
        fribidi_get_bidi_types(u + c, (FriBidiStrIndex)n, ft);
        fribidi_get_bracket_types(u + c, (FriBidiStrIndex)n, ft, bt);
        for (size_t i = 0; i < n; i++) {
            FriBidiCharType t = ft[i];
            types[c + i] = from_fribidi(t);
            if (t == FRIBIDI_TYPE_LTR) l = 1, first = first ? first : -1;
            else if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) r = 1, first = first ? first : 1;
            else if (t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN) r = 1;
            else if (FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t)) x = 1;
            if (bt[i] != FRIBIDI_NO_BRACKET) brackets = 1;
        }
    }
    free(ft);
    free(bt);
    int rtl = base == MZ_BASE_RTL || ((base == MZ_BASE_AUTO_RTL || base == MZ_BASE_AUTO_LTR) && first == 1) ||
              (base == MZ_BASE_AUTO_RTL && first == 0);
    return !x && (!brackets || (rtl ? !l : !r)) ? rtl : -1;
}

static int strong_of(uint8_t t, int rtl) { return rtl ? t == MZ_BT_R || t == MZ_BT_AL : t == MZ_BT_L; }

/* Where the chunk from c ends: the first place at or past c + MZ_BIDI_CHUNK
 * with a strong character of the paragraph's direction there and two
 * before, a space between; else the paragraph's end. */
static size_t chunk_end(const uint8_t *types, size_t len, size_t c, int rtl)
{
    for (size_t i = c + MZ_BIDI_CHUNK; i < len; i++)
        if (strong_of(types[i], rtl) && types[i - 1] == MZ_BT_WS && strong_of(types[i - 2], rtl)) return i;
    return len;
}

/* The levels of a paragraph chunkable_types allows, chunk by chunk.  0 when
 * out of memory. */
static int chunked_levels(size_t len, int rtl, const uint8_t *types, uint8_t *levels)
{
    for (size_t c = 0, d; c < len; c = d) {
        d = chunk_end(types, len, c, rtl);
        size_t n = d - c;
        FriBidiCharType *ft = malloc(n * sizeof *ft);
        FriBidiBracketType *bt = malloc(n * sizeof *bt);
        FriBidiParType par = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
        int ok = ft && bt;
        for (size_t i = 0; ok && i < n; i++) {
            ft[i] = to_fribidi[types[c + i]];
            bt[i] = FRIBIDI_NO_BRACKET;
        }
        int kind = ok ? rtl_only(ft, n, par) : 0;
        if (kind) rtl_levels(ft, n, kind, levels + c);
        else ok = ok && fribidi_get_par_embedding_levels_ex(ft, bt, (FriBidiStrIndex)n, &par,
                                                            (FriBidiLevel *)levels + c) != 0;
        free(ft);
        free(bt);
        if (!ok) return 0;
    }
    return 1;
}

int mz_bidi_paragraph_iso(const uint32_t *u, size_t len, mz_bidi_base base, mz_bidi_iso *iso,
                          size_t niso, uint8_t *types, uint8_t *levels, int *unpaired)
{
    *unpaired = 0;
    if (len > MZ_BIDI_WHOLE && niso == 0) {
        int rtl = chunkable_types(u, len, base, types);
        if (rtl >= 0) return chunked_levels(len, rtl, types, levels) ? rtl : -1;
    }
    /* WRTL: the first strong character, else right to left; ON: else left */
    FriBidiParType par = base == MZ_BASE_LTR ? FRIBIDI_PAR_LTR
                         : base == MZ_BASE_RTL ? FRIBIDI_PAR_RTL
                         : base == MZ_BASE_AUTO_RTL ? FRIBIDI_PAR_WRTL
                                                    : FRIBIDI_PAR_ON;
    if (len == 0) return FRIBIDI_IS_RTL(par) != 0;
    FriBidiCharType *ft = malloc(len * sizeof *ft);
    FriBidiBracketType *bt = malloc(len * sizeof *bt);
    int rtl = -1;
    if (ft && bt) {
        fribidi_get_bidi_types(u, (FriBidiStrIndex)len, ft);
        *unpaired = bracket_types(u, len, ft, base, bt);
        /* the types kept are the characters' own (L1 reads them when lines are ordered) */
        for (size_t i = 0; i < len; i++) types[i] = from_fribidi(ft[i]);
        for (size_t k = 0; k < niso; k++)
            for (size_t i = iso[k].start; i < iso[k].end && i < len; i++) {
                ft[i] = FRIBIDI_TYPE_ON; /* a run of neutrals resolves as one would */
                bt[i] = FRIBIDI_NO_BRACKET;
            }
        int kind = rtl_only(ft, len, par);
        if (kind) {
            rtl_levels(ft, len, kind, levels);
            rtl = 1;
        } else if (fribidi_get_par_embedding_levels_ex(ft, bt, (FriBidiStrIndex)len, &par,
                                                       (FriBidiLevel *)levels)) {
            rtl = FRIBIDI_IS_RTL(par) != 0;
        }
    }
    free(ft);
    free(bt);
    for (size_t k = 0; rtl >= 0 && k < niso; k++) iso[k].level = levels[iso[k].start];
    if (rtl >= 0 && !isolate_levels(u, iso, niso, rtl, levels, unpaired)) rtl = -1;
    return rtl;
}
