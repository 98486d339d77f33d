/* shape.c - shaping of itemized runs through the word cache: words and spaces shaped once, reused exactly. */
#include "text/shape_int.h"

#include "text/chars.h"

#include <hb-ot.h>

#include <stdlib.h>
#include <string.h>

/* The word cache.  Shaping is most of mujaz's work (Amiri runs thousands
 * of lookups per character) and documents repeat their words, so a run is
 * cut into words and spaces and each piece is looked up before it is shaped.
 * This is exact, not an approximation, because a piece is only taken from
 * the cache when shaping it alone cannot differ from shaping it inside the
 * run:
 *  - the font's GSUB/GPOS lookups never touch the space glyph (checked once
 *    per face in shape_face.c; fonts with kern/morx/kerx tables are not
 *    cached at all), so no substitution or positioning reaches across a
 *    space;
 *  - a piece never starts with a mark, joiner or variation selector (those
 *    belong to the cluster before them), and the pieces at the ends of the
 *    range are cached only where the range ends at a space or at the end of
 *    the context, since the context (joining) is otherwise part of the result.
 * The misses are shaped in groups, runs of them; with a font that kerns
 * across a space (Amiri) a group is shaped again with the pieces before it
 * only when it holds a glyph that such kerning moves (probe_groups).
 * tests/test_wordcache.c compares both ways on every paragraph of the seed,
 * the harakat/bidi mix and the test documents; tests/t_bench_bytes.sh
 * renders text that the cache mostly meets once with and without it. */

#define MZ_WC_MAX_CHARS 40          /* longer pieces are rare: shaped, not cached */
#define MZ_WC_MERGE_GAP 2           /* characters: groups this close are shaped as one */
#define MZ_WC_MAX_BYTES (4u << 20)   /* the cache is emptied when its pool passes this */
#define MZ_WC_BUF_KEEP 65536        /* glyphs: a larger shaping buffer is freed after use */
#define MZ_WC_MAX_ENTRIES 32768      /* ... or when it holds this many pieces (table ~2.6 MB);
                                        a long document has 10-20 thousand distinct words */

typedef struct wglyph {
    uint32_t gid;
    uint16_t cl;       /* cluster, relative to the piece's start */
    uint16_t hbflags;  /* hb_glyph_flags_t */
    int32_t ax, dx, dy; /* font units */
} wglyph;

typedef struct wentry {
    uint64_t hash;     /* 0 = empty slot */
    const char *lang;  /* hb_language_t: interned, compared by address */
    uint32_t script;
    uint32_t off;      /* in pool (uint32 words): nch chars, then ng wglyphs */
    uint16_t nch, ng;
    uint16_t font;
    uint8_t rtl;
} wentry;

struct mz_wcache {
    wentry *tab;
    size_t cap, n;     /* open addressing; cap is a power of two */
    uint32_t *pool;
    size_t plen, pcap; /* uint32 words */
    hb_buffer_t *buf;  /* reused for every shaping call */
    signed char usable[MZ_MAX_FONTS]; /* 0 unknown, 1 yes, -1 no */
    hb_set_t *ctx[MZ_MAX_FONTS];      /* glyphs that kerning across spaces may move */
    unsigned back[MZ_MAX_FONTS], ahead[MZ_MAX_FONTS]; /* pieces such kerning looks over */
    unsigned long hits, misses;
};

#define WG_WORDS (sizeof(wglyph) / sizeof(uint32_t))

static void wcache_free(void *data)
{
    struct mz_wcache *c = data;
    if (!c) return;
    if (c->buf) hb_buffer_destroy(c->buf);
    for (int i = 0; i < MZ_MAX_FONTS; i++) hb_set_destroy(c->ctx[i]);
    free(c->tab);
    free(c->pool);
    free(c);
}

void mz_wcache_stats(const mz_fonts *fs, unsigned long *hits, unsigned long *misses)
{
    const struct mz_wcache *c = mz_fonts_cache(fs, MZ_FONTS_CACHE_WORDS);
    *hits = c ? c->hits : 0;
    *misses = c ? c->misses : 0;
}

static struct mz_wcache *wcache(mz_fonts *fs)
{
    struct mz_wcache *c = mz_fonts_cache(fs, MZ_FONTS_CACHE_WORDS);
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c) return NULL;
        c->buf = hb_buffer_create();
        if (!hb_buffer_allocation_successful(c->buf)) {
            wcache_free(c);
            return NULL;
        }
        mz_fonts_set_cache(fs, MZ_FONTS_CACHE_WORDS, c, wcache_free);
    }
    return c;
}

static uint64_t key_hash(const wkey *k)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)k->font << 40) ^ ((uint64_t)k->rtl << 39) ^ k->script ^
                 ((uint64_t)(uintptr_t)k->lang << 7);
    for (size_t i = 0; i < k->n; i++) {
        h ^= k->t[i];
        h *= 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    return h ? h : 1;
}

/* The entry of key K (hash H), or the empty slot where it would go. */
static wentry *lookup(struct mz_wcache *c, uint64_t h, const wkey *k)
{
    if (!c->cap) return NULL;
    for (size_t i = h & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        wentry *e = &c->tab[i];
        if (!e->hash) return e;
        if (e->hash == h && e->nch == k->n && e->font == k->font && e->rtl == k->rtl && e->script == k->script &&
            e->lang == k->lang && !memcmp(c->pool + e->off, k->t, k->n * sizeof *k->t))
            return e;
    }
}

static void wc_clear(struct mz_wcache *c)
{
    if (c->tab) memset(c->tab, 0, c->cap * sizeof *c->tab);
    c->n = 0;
    c->plen = 0;
}

/* Doubles the table once it is 3/4 full.  0 when out of memory. */
static int wc_room(struct mz_wcache *c)
{
    if ((c->n + 1) * 4 <= c->cap * 3) return 1;
    size_t ncap = c->cap ? c->cap * 2 : 1024;
    wentry *nt = calloc(ncap, sizeof *nt);
    if (!nt) return 0;
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->tab[i].hash) continue;
        size_t j = c->tab[i].hash & (ncap - 1);
        while (nt[j].hash) j = (j + 1) & (ncap - 1);
        nt[j] = c->tab[i];
    }
    free(c->tab);
    c->tab = nt;
    c->cap = ncap;
    return 1;
}

/* Adds a piece's glyphs (font units, clusters relative to its start).
 * Failing to add (memory) only costs speed. */
static void insert(struct mz_wcache *c, uint64_t h, const wkey *k, const wglyph *g, size_t ng)
{
    if (ng > UINT16_MAX) return;
    size_t words = k->n + ng * WG_WORDS;
    if ((c->plen + words) * sizeof(uint32_t) > MZ_WC_MAX_BYTES || c->n >= MZ_WC_MAX_ENTRIES) wc_clear(c);
    if (!wc_room(c)) return;
    if (!mz_grow((void **)&c->pool, &c->pcap, c->plen + words, sizeof *c->pool)) return;
    wentry *e = lookup(c, h, k);
    if (e->hash) return;
    e->hash = h;
    e->lang = k->lang;
    e->script = k->script;
    e->off = (uint32_t)c->plen;
    e->nch = (uint16_t)k->n;
    e->ng = (uint16_t)ng;
    e->font = (uint16_t)k->font;
    e->rtl = (uint8_t)k->rtl;
    memcpy(c->pool + c->plen, k->t, k->n * sizeof *k->t);
    if (ng) memcpy(c->pool + c->plen + k->n, g, ng * sizeof *g);
    c->plen += words;
    c->n++;
}

/* A piece of the range: [a, b), a word or the spaces between words. */
typedef struct piece {   /* 16 bytes: a long paragraph has a piece every 3 characters */
    uint32_t a, b;       /* paragraphs are at most 16 M characters (README, Limits) */
    int32_t group;       /* index of the group it is shaped in, or -1 (from the cache) */
    unsigned char cacheable;
    unsigned char solid; /* holds a character that lookups do not skip */
    unsigned char moves; /* holds a glyph that kerning across spaces may move */
    unsigned char near;  /* within reach of such a glyph */
} piece;

/* Consecutive pieces shaped together by HarfBuzz. */
typedef struct group {
    size_t lo, hi; /* pieces, logical, inclusive */
    size_t off, n; /* its glyphs in plan.S when done */
    int done;      /* shaped while planning (probe_groups) */
} group;

typedef struct plan {
    piece *P;
    size_t np, pcap;
    group *G;
    size_t ng, gcap;
    mz_glyph *S; /* glyphs of the groups shaped while planning, each a block */
    size_t ns, scap;
} plan;

static wkey piece_key(const shape_args *a, const piece *pc)
{
    return (wkey){a->r->text + pc->a, pc->b - pc->a, a->r->run->font, a->rtl, a->r->run->script,
                  (const char *)a->lang};
}

/* The cache's entry for a piece, or NULL.  An entry without glyphs records
 * a piece that holds a glyph kerning across spaces moves: never taken from
 * the cache, it tells the plan to shape the piece with its neighbours. */
static wentry *entry(struct mz_wcache *c, const shape_args *a, const piece *pc)
{
    if (!pc->cacheable) return NULL;
    wkey k = piece_key(a, pc);
    wentry *e = lookup(c, key_hash(&k), &k);
    return e && e->hash ? e : NULL;
}

static wentry *find(struct mz_wcache *c, const shape_args *a, const piece *pc)
{
    wentry *e = entry(c, a, pc);
    return e && e->ng ? e : NULL;
}

/* Index of the piece REACH solid pieces before (dir -1) or after (+1) piece
 * i, clamped to the range. */
static size_t reach(const plan *pl, size_t i, unsigned reach_n, int dir)
{
    size_t j = i;
    for (unsigned k = 0; k < reach_n;) {
        if (dir < 0 ? j == 0 : j + 1 >= pl->np) break;
        j = dir < 0 ? j - 1 : j + 1;
        if (pl->P[j].solid) k++;
    }
    return j;
}

/* Cuts the request's range at every space/non-space change where the next
 * character may start a cluster.  0 when out of memory. */
static int cut_pieces(const mz_shape_req *r, plan *pl)
{
    const uint32_t *text = r->text;
    size_t start = r->start, end = r->start + r->len;
    for (size_t i = start, pa = start; i < end; i++) {
        if (i + 1 < end && ((text[i] == ' ') == (text[i + 1] == ' ') || mz_continues_cluster(text[i + 1]))) continue;
        if (!mz_grow((void **)&pl->P, &pl->pcap, pl->np + 1, sizeof *pl->P)) return 0;
        piece *pc = &pl->P[pl->np++];
        pc->a = (uint32_t)pa;
        pc->b = (uint32_t)(i + 1);
        pa = i + 1;
        size_t m = pc->b - pc->a;
        /* the range's end pieces only where the range ends at a space or
         * at the context's end: elsewhere the context is part of the result */
        int cacheable = m <= MZ_WC_MAX_CHARS && !mz_continues_cluster(text[pc->a]) &&
                        (pc->a > start || pc->a == r->ctx_start || text[pc->a - 1] == ' ' || text[pc->a] == ' ') &&
                        (pc->b < end || pc->b == r->ctx_end || text[pc->b] == ' ' || text[pc->b - 1] == ' ');
        pc->cacheable = (unsigned char)cacheable;
        pc->solid = pc->near = pc->moves = 0;
        for (size_t k = pc->a; k < pc->b && !pc->solid; k++) pc->solid = !mz_default_ignorable(text[k]);
    }
    return 1;
}

/* Decides, in logical order, which pieces come from the cache and which are
 * shaped anew: each run of misses is a group, and groups that touch or are a
 * space apart are one (one HarfBuzz call costs as much as ~3 characters,
 * ~24 000 instructions with Amiri, and on text the cache meets once every
 * other word or so the groups are mostly a space apart).  Nothing is shaped
 * here. */
/* Do pieces [.., hi] and [lo, ..] touch, or are they a space or so apart? */
static int close_pieces(const plan *pl, size_t hi, size_t lo)
{
    return hi + 1 >= lo || pl->P[lo].a - pl->P[hi].b <= MZ_WC_MERGE_GAP;
}

static int core_groups(struct mz_wcache *c, const shape_args *a, plan *pl)
{
    for (size_t i = 0; i < pl->np; i++) {
        const wentry *e = entry(c, a, &pl->P[i]);
        pl->P[i].group = e && e->ng ? -1 : -2;
        pl->P[i].moves = e && !e->ng; /* known to hold a glyph that kerning moves */
    }
    for (size_t i = 0; i < pl->np;) {
        if (pl->P[i].group == -1) {
            i++;
            continue;
        }
        size_t lo = i, hi = i;
        while (hi + 1 < pl->np && pl->P[hi + 1].group == -2) hi++;
        i = hi + 1;
        if (pl->ng && close_pieces(pl, pl->G[pl->ng - 1].hi, lo)) {
            pl->G[pl->ng - 1].hi = hi;
            continue;
        }
        if (!mz_grow((void **)&pl->G, &pl->gcap, pl->ng + 1, sizeof *pl->G)) return 0;
        pl->G[pl->ng++] = (group){lo, hi, 0, 0, 0};
    }
    return 1;
}

/* Extends every group not done by the pieces around it that kerning across
 * spaces may look at (it holds a glyph that kerning moves), and merges the
 * groups that then overlap -- or touch, or are a space apart, when neither
 * is done.  A done group merged into another is shaped again with it. */
static void extend_groups(const struct mz_wcache *c, const shape_args *a, plan *pl)
{
    int font = a->r->run->font;
    size_t ng = pl->ng;
    pl->ng = 0; /* rebuilt in place: never longer than what is read */
    for (size_t k = 0; k < ng; k++) {
        group g = pl->G[k];
        if (!g.done) {
            g.lo = reach(pl, g.lo, c->back[font], -1);
            g.hi = reach(pl, g.hi, c->ahead[font], +1);
        }
        while (pl->ng) {
            const group *L = &pl->G[pl->ng - 1];
            int overlap = L->hi >= g.lo;
            int close = !L->done && !g.done && close_pieces(pl, L->hi, g.lo);
            if (!overlap && !close) break;
            if (L->lo < g.lo) g.lo = L->lo;
            if (L->hi > g.hi) g.hi = L->hi;
            g.done = 0;
            pl->ng--;
        }
        pl->G[pl->ng++] = g;
    }
}

/* Points every piece at its group (-1: from the cache). */
static void assign_groups(plan *pl)
{
    for (size_t i = 0; i < pl->np; i++) pl->P[i].group = -1;
    for (size_t k = 0; k < pl->ng; k++)
        for (size_t q = pl->G[k].lo; q <= pl->G[k].hi; q++) pl->P[q].group = (int)k;
}

/* The piece of [lo, hi] holding character index CL (binary search). */
static size_t piece_of(const plan *pl, size_t lo, size_t hi, size_t cl)
{
    while (lo < hi) {
        size_t m = lo + (hi - lo + 1) / 2;
        if (pl->P[m].a <= cl) lo = m;
        else hi = m - 1;
    }
    return lo;
}

/* Marks the pieces of group G (just shaped in c->buf) that hold a glyph
 * kerning across spaces may move, and those within its reach. */
static void mark_moving(struct mz_wcache *c, const shape_args *a, plan *pl, const group *G)
{
    int font = a->r->run->font;
    const hb_set_t *ctx = c->ctx[font];
    unsigned gn;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(c->buf, &gn);
    for (size_t q = G->lo; q <= G->hi; q++) pl->P[q].moves = pl->P[q].near = 0;
    if (!ctx) return;
    for (unsigned i = 0; i < gn; i++)
        if (hb_set_has(ctx, info[i].codepoint))
            pl->P[piece_of(pl, G->lo, G->hi, info[i].cluster + a->r->ctx_start)].moves = 1;
    for (size_t q = G->lo; q <= G->hi; q++) {
        if (!pl->P[q].moves) continue;
        size_t l = reach(pl, q, c->back[font], -1), h = reach(pl, q, c->ahead[font], +1);
        for (size_t j = l; j <= h; j++) pl->P[j].near = 1;
    }
}

/* Caches the cacheable pieces of group G, just shaped in c->buf: each
 * piece's glyphs are the contiguous block (visual order) whose clusters fall
 * inside it.  Nothing is cached from a group whose blocks do not line up,
 * nor the pieces around a glyph that kerning across spaces moves (their
 * flags record the kerning). */
static void remember(struct mz_wcache *c, const shape_args *a, plan *pl, const group *G)
{
    size_t ctx_start = a->r->ctx_start;
    unsigned gn;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(c->buf, &gn);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(c->buf, NULL);
    mark_moving(c, a, pl, G);
    size_t gi = 0;
    for (size_t q = 0; q <= G->hi - G->lo; q++) { /* check the blocks */
        const piece *pc = &pl->P[a->rtl ? G->hi - q : G->lo + q];
        while (gi < gn && info[gi].cluster + ctx_start >= pc->a && info[gi].cluster + ctx_start < pc->b) gi++;
    }
    if (gi != gn) return;
    wglyph tmp[4 * MZ_WC_MAX_CHARS];
    gi = 0;
    for (size_t q = 0; q <= G->hi - G->lo; q++) {
        const piece *pc = &pl->P[a->rtl ? G->hi - q : G->lo + q];
        size_t b0 = gi;
        while (gi < gn && info[gi].cluster + ctx_start >= pc->a && info[gi].cluster + ctx_start < pc->b) gi++;
        size_t n = gi - b0;
        c->misses++;
        if (pc->moves && pc->cacheable) { /* recorded, so that the plan extends its group at once */
            wkey k = piece_key(a, pc);
            insert(c, key_hash(&k), &k, NULL, 0);
            continue;
        }
        if (!pc->cacheable || !n || n > sizeof tmp / sizeof tmp[0] || pc->near || find(c, a, pc)) continue;
        for (size_t j = 0; j < n; j++)
            tmp[j] = (wglyph){info[b0 + j].codepoint, (uint16_t)(info[b0 + j].cluster + ctx_start - pc->a),
                              (uint16_t)hb_glyph_info_get_glyph_flags(&info[b0 + j]), pos[b0 + j].x_advance,
                              pos[b0 + j].x_offset, pos[b0 + j].y_offset};
        wkey k = piece_key(a, pc);
        insert(c, key_hash(&k), &k, tmp, n);
    }
}

/* Caches the whole range of a, just shaped in one group in c->buf. */
static void remember_whole(struct mz_wcache *c, const shape_args *a)
{
    unsigned gn;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(c->buf, &gn);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(c->buf, NULL);
    wglyph tmp[4 * MZ_WC_MAX_CHARS];
    if (!gn || gn > sizeof tmp / sizeof tmp[0]) return;
    size_t from = a->r->start - a->r->ctx_start; /* clusters count from the context's start */
    for (unsigned j = 0; j < gn; j++)
        tmp[j] = (wglyph){info[j].codepoint, (uint16_t)(info[j].cluster - from),
                          (uint16_t)hb_glyph_info_get_glyph_flags(&info[j]), pos[j].x_advance, pos[j].x_offset,
                          pos[j].y_offset};
    insert(c, a->wh, &a->wk, tmp, gn);
}

/* A shaping buffer grown past MZ_WC_BUF_KEEP is not held on to.  0 on OOM. */
static int keep_buf(struct mz_wcache *c)
{
    if (hb_buffer_get_length(c->buf) <= MZ_WC_BUF_KEEP) return 1;
    hb_buffer_destroy(c->buf);
    c->buf = hb_buffer_create();
    return hb_buffer_allocation_successful(c->buf);
}

/* Appends group G's glyphs: those shaped while planning, or shaped now
 * (and its pieces remembered). */
static int emit_group(struct mz_wcache *c, const shape_args *a, plan *pl, const group *G)
{
    if (G->done) {
        if (!mz_grow((void **)a->out, a->cap, *a->n + G->n, sizeof **a->out)) return 0;
        memcpy(*a->out + *a->n, pl->S + G->off, G->n * sizeof *pl->S);
        *a->n += G->n;
        return 1;
    }
    if (!mz_shape_hb(a, c->buf, pl->P[G->lo].a, pl->P[G->hi].b - pl->P[G->lo].a) || !mz_shape_append(a, c->buf)) return 0;
    remember(c, a, pl, G);
    if (a->whole && G->lo == 0 && G->hi + 1 == pl->np) remember_whole(c, a);
    return keep_buf(c);
}

/* Does kerning across spaces, moving a glyph of piece Q, look at pieces
 * outside group G? */
static int looks_out(const struct mz_wcache *c, int font, const plan *pl, const group *G, size_t q)
{
    return reach(pl, q, c->back[font], -1) < G->lo || reach(pl, q, c->ahead[font], +1) > G->hi;
}

/* Is group G, just shaped in c->buf, exact as it stands: does no glyph in
 * it that kerning across spaces moves look at pieces outside it? */
static int self_contained(const struct mz_wcache *c, const shape_args *a, const plan *pl, const group *G)
{
    int font = a->r->run->font;
    const hb_set_t *ctx = c->ctx[font];
    unsigned gn;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(c->buf, &gn);
    for (unsigned i = 0; i < gn; i++) {
        if (!hb_set_has(ctx, info[i].codepoint)) continue;
        if (looks_out(c, font, pl, G, piece_of(pl, G->lo, G->hi, info[i].cluster + a->r->ctx_start))) return 0;
    }
    return 1;
}

/* Does group G hold a piece known (from the cache) to hold a glyph that
 * kerning moves, near enough its ends to look outside it? */
static int known_open(const struct mz_wcache *c, const shape_args *a, const plan *pl, const group *G)
{
    int font = a->r->run->font;
    for (size_t q = G->lo; q <= G->hi; q++)
        if (pl->P[q].moves && looks_out(c, font, pl, G, q)) return 1;
    return 0;
}

/* With a font that kerns across spaces, shapes every group as it stands,
 * in logical order, and keeps the glyphs of those that are exact so (most
 * are: a group needs its neighbours only when it holds a glyph that kerning
 * moves, near its ends); the others are extended and shaped again.  Shaping
 * every group with its neighbours instead shaped 1.7 times the missed text
 * on text that does not repeat (issue 19). */
static int probe_groups(struct mz_wcache *c, const shape_args *a, plan *pl)
{
    if (a->whole || !c->ctx[a->r->run->font]) return 1;
    shape_args s = *a;
    s.out = &pl->S;
    s.n = &pl->ns;
    s.cap = &pl->scap;
    for (size_t k = 0; k < pl->ng; k++) {
        group *G = &pl->G[k];
        if (known_open(c, a, pl, G)) continue;
        if (!mz_shape_hb(a, c->buf, pl->P[G->lo].a, pl->P[G->hi].b - pl->P[G->lo].a)) return 0;
        if (self_contained(c, a, pl, G)) {
            G->off = pl->ns;
            if (!mz_shape_append(&s, c->buf)) return 0;
            G->n = pl->ns - G->off;
            G->done = 1;
            remember(c, a, pl, G);
        }
        if (!keep_buf(c)) return 0;
    }
    extend_groups(c, a, pl);
    return 1;
}

/* Appends a cached piece's glyphs. */
static int emit_cached(const shape_args *a, const struct mz_wcache *c, const wentry *e, const piece *pc)
{
    const wglyph *g = (const wglyph *)(c->pool + e->off + e->nch);
    if (!mz_grow((void **)a->out, a->cap, *a->n + e->ng, sizeof **a->out)) return 0;
    for (unsigned j = 0; j < e->ng; j++) {
        hb_glyph_position_t pos = {.x_advance = g[j].ax, .x_offset = g[j].dx, .y_offset = g[j].dy};
        mz_put_glyph(a, g[j].gid, (uint32_t)pc->a + g[j].cl, &pos, g[j].hbflags);
    }
    return 1;
}

/* Writes the range's glyphs in visual order: cached pieces from the cache,
 * groups shaped as they come (and remembered).  A piece planned as cached
 * but since dropped (the cache was emptied when full) is shaped alone: it
 * is out of every lookup's reach, so that is exact. */
static int emit(struct mz_wcache *c, const shape_args *a, plan *pl)
{
    for (size_t v = 0; v < pl->np;) {
        size_t i = a->rtl ? pl->np - 1 - v : v;
        const piece *pc = &pl->P[i];
        if (pc->group >= 0) {
            const group *G = &pl->G[pc->group];
            if (!emit_group(c, a, pl, G)) return 0;
            v += G->hi - G->lo + 1;
            continue;
        }
        wentry *e = find(c, a, pc);
        if (!e) {
            if (!mz_shape_hb(a, c->buf, pc->a, pc->b - pc->a) || !mz_shape_append(a, c->buf)) return 0;
        } else {
            if (!emit_cached(a, c, e, pc)) return 0;
            c->hits++;
        }
        v++;
    }
    return 1;
}

/* Whole ranges.  The composer shapes each word it elongates again, alone
 * (with its spaces), and a word holding a glyph that kerning across spaces
 * may move (Amiri's initial kaf) is never a cached piece: inside a run its
 * glyphs depend on the word before.  Alone in the buffer nothing precedes
 * it, so its glyphs depend only on its text, its settings and the flags at
 * the ends (BOT/EOT) -- and on the context, which HarfBuzz reads only for
 * Arabic joining: a range that starts after a space and ends with one
 * (or at the context's ends) joins nothing outside.  Such a range is
 * cached whole, under a key no piece can have. */
#define MZ_WC_WHOLE 2 /* wkey.rtl bits: a whole range, started at BOT, ended at EOT */
#define MZ_WC_BOT 4
#define MZ_WC_EOT 8

static int whole_key(shape_args *a)
{
    const mz_shape_req *r = a->r;
    size_t s = r->start, e = r->start + r->len;
    if (r->run->script != HB_SCRIPT_ARABIC || r->len > MZ_WC_MAX_CHARS) return 0;
    if ((s != r->ctx_start && r->text[s - 1] != ' ') || (e != r->ctx_end && r->text[e - 1] != ' ')) return 0;
    int bits = MZ_WC_WHOLE | (s == r->ctx_start ? MZ_WC_BOT : 0) | (e == r->ctx_end ? MZ_WC_EOT : 0);
    a->wk = (wkey){r->text + s, r->len, r->run->font, a->rtl | bits, r->run->script, (const char *)a->lang};
    a->wh = key_hash(&a->wk);
    a->whole = 1;
    return 1;
}

static int shape_range(const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n, size_t *cap, int whole);

/* A whole range that needs HarfBuzz at all is shaped in one group, so that
 * it can be remembered whole (its spaces would come from the cache). */
static int whole_group(const shape_args *a, plan *pl)
{
    if (!a->whole || !pl->ng) return 1;
    pl->G[0] = (group){0, pl->np - 1, 0, 0, 0};
    pl->ng = 1;
    return 1;
}

int mz_shape_range(const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n, size_t *cap)
{
    return shape_range(r, fs, out, n, cap, 0);
}

int mz_shape_alone(const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n, size_t *cap)
{
    return shape_range(r, fs, out, n, cap, 1);
}

static int shape_range(const mz_shape_req *r, mz_fonts *fs, mz_glyph **out, size_t *n, size_t *cap, int whole)
{
    struct mz_wcache *c = fs->no_word_cache ? NULL : wcache(fs);
    int font = r->run->font;
    if (!c || font < 0 || font >= MZ_MAX_FONTS || !r->len || r->start + r->len > UINT32_MAX)
        return mz_shape_direct(r, fs, out, n, cap);
    if (!mz_font_warm_layout(fs->fonts[font])) return 0; /* before mz_wc_font_usable reads the tables */
    if (!c->usable[font])
        c->usable[font] = mz_wc_font_usable(fs->fonts[font], &c->ctx[font], &c->back[font], &c->ahead[font]) ? 1 : -1;
    if (c->usable[font] < 0) return mz_shape_direct(r, fs, out, n, cap);

    shape_args a;
    mz_shape_args_init(&a, r, fs, out, n, cap);
    if (whole && whole_key(&a)) {
        wentry *e = lookup(c, a.wh, &a.wk);
        if (e && e->hash) {
            c->hits++;
            piece pc = {.a = (uint32_t)r->start};
            return emit_cached(&a, c, e, &pc);
        }
    }
    plan pl = {0};
    /* about a glyph per character: one allocation, as HarfBuzz's own output
     * would be, instead of a doubling per group on long paragraphs */
    int ok = cut_pieces(r, &pl) && mz_grow((void **)out, cap, *n + r->len, sizeof **out) &&
             core_groups(c, &a, &pl) && whole_group(&a, &pl) && probe_groups(c, &a, &pl);
    if (ok) assign_groups(&pl);
    ok = ok && emit(c, &a, &pl);
    free(pl.P);
    free(pl.G);
    free(pl.S);
    return ok;
}

mz_status mz_shape_para(mz_para *p, mz_fonts *fs, mz_diag *d)
{
    p->nglyphs = 0;
    for (size_t r = 0; r < p->nruns; r++) {
        mz_run *run = &p->runs[r];
        run->g0 = p->nglyphs;
        mz_shape_req req = {p, run, p->u, 0, p->len, run->start, run->len};
        if (!mz_shape_range(&req, fs, &p->glyphs, &p->nglyphs, &p->glyphs_cap))
            return mz_fail(d, MZ_ERR_NOMEM, "out of memory shaping a paragraph");
        run->ng = p->nglyphs - run->g0;
    }
    return MZ_OK;
}
