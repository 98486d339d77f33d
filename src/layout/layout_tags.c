/* layout_tags.c - the logical structure the layout builds beside its pages: elements in reading order, their texts, languages and alternatives. */
#include "layout/layout_int.h"

#include <stdlib.h>
#include <string.h>

/* Languages (README: "Language"): an element, or a run inside one, whose
 * strong characters are left to right speaks the document's language when
 * the document is left to right, else the front matter's `latin_lang`
 * (default en); one of right-to-left characters the document's language
 * when it is right to left, else Arabic. */
#define MZ_LATIN_LANG "en"
#define MZ_ARABIC_LANG "ar"

enum { SC_LTR = 1, SC_RTL }; /* the direction a script is written in */

static int rtl_lang(const char *lang)
{
    return !strncmp(lang, "ar", 2) || !strncmp(lang, "fa", 2) || !strncmp(lang, "ur", 2) ||
           !strncmp(lang, "he", 2);
}

static const char *lang_for(const mz_lay *Y, int side)
{
    if (side == SC_RTL) return rtl_lang(Y->lang) ? Y->lang : MZ_ARABIC_LANG;
    if (!rtl_lang(Y->lang)) return Y->lang;
    return Y->doc && Y->doc->meta.latin_lang ? Y->doc->meta.latin_lang : MZ_LATIN_LANG;
}

/* Which language an element whose text is TEXT speaks, when not the
 * document's: its strong characters decide by majority.  *MIXED: it has
 * strong characters of both directions (it may have runs). */
static const char *lang_of(const mz_lay *Y, const uint32_t *u, size_t n, int *mixed)
{
    size_t l = 0, r = 0;
    for (size_t i = 0; i < n; i++) {
        mz_bidi_class c = mz_bidi_class_of(u[i]);
        if (c == MZ_BC_L) l++;
        else if (c == MZ_BC_R) r++;
    }
    *mixed = l && r;
    int doc_rtl = rtl_lang(Y->lang);
    if (doc_rtl && l > r) return lang_for(Y, SC_LTR);
    if (!doc_rtl && r > l) return lang_for(Y, SC_RTL);
    return NULL;
}

/* Elements whose text may change language inside (not links, labels or
 * figures: a link is inside the run it is in). */
static int has_runs(int type)
{
    return (type >= MZ_S_H1 && type <= MZ_S_P) || type == MZ_S_LBODY || type == MZ_S_TH || type == MZ_S_TD ||
           type == MZ_S_CAPTION || type == MZ_S_CODE;
}

static int new_node(mz_lay *Y, int type, int parent, const uint32_t *text, size_t len)
{
    mz_layout *L = Y->L;
    if (!mz_grow((void **)&L->nodes, &L->nodes_cap, L->nnodes + 1, sizeof *L->nodes)) {
        mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory building the structure tree");
        return -1;
    }
    if (L->nnodes == 0) memset(&L->nodes[L->nnodes++], 0, sizeof *L->nodes); /* node 0: unused */
    mz_snode *s = &L->nodes[L->nnodes];
    memset(s, 0, sizeof *s);
    s->type = type;
    s->parent = parent;
    s->text = text;
    s->text_len = len;
    return (int)L->nnodes++;
}

/* A Span for U[a, b), a run of NODE's text in language LANG (NULL: the
 * element's own); -1 when out of memory. */
static int add_run(mz_lay *Y, int node, const uint32_t *u, size_t a, size_t b, const char *lang)
{
    int sp = new_node(Y, MZ_S_SPAN, node, u + a, b - a);
    if (sp < 0) return -1;
    mz_snode *sn = &Y->L->nodes[node];
    Y->L->nodes[sp].lang = lang;
    if (!sn->nruns) sn->run0 = sp;
    sn->nruns++;
    return 0;
}

/* Each character's direction as the bidi algorithm resolved it (the
 * direction of the glyphs it is drawn with; a character with none, a
 * space at a line's end, takes the one before it), into DIR[0, set->len). */
static void char_dirs(const mz_set *set, unsigned char *dir)
{
    memset(dir, 2, set->len);
    for (size_t i = 0; i < set->lines.n; i++) {
        const mz_line *l = &set->lines.v[i];
        for (size_t k = 0; k < l->ng; k++)
            for (size_t c = l->g[k].cl; c < (size_t)l->g[k].cl + l->g[k].cn && c < set->len; c++)
                dir[c] = (l->g[k].flags & MZ_GF_RTL) != 0;
    }
    for (size_t c = 0; c < set->len; c++)
        if (dir[c] == 2) dir[c] = c ? dir[c - 1] : (unsigned char)(set->rtl != 0);
}

/* The language of the stretch U[a, b) drawn in one direction (RTL): that
 * of its script when it has a letter of the script written that way (a
 * Latin name left to right, an Arabic one right to left), else the
 * element's (digits, punctuation, a URL's slashes). */
static const char *stretch_lang(const mz_lay *Y, const uint32_t *u, size_t a, size_t b, int rtl, const char *own)
{
    for (size_t i = a; i < b; i++) {
        mz_bidi_class c = mz_bidi_class_of(u[i]);
        if (c == (rtl ? MZ_BC_R : MZ_BC_L)) return lang_for(Y, rtl ? SC_RTL : SC_LTR);
    }
    return own;
}

/* The Spans of element NODE, whose text SET sets: one per run of one
 * language in logical order, cut where the direction changes, as bidi
 * resolved it (so neutrals, code and numbers go where they are drawn).  A
 * run in the element's own language has no /Lang.  None when the text is
 * in one language throughout. */
static mz_status tag_runs(mz_lay *Y, int node, const mz_set *set)
{
    unsigned char *dir = malloc(set->len ? set->len : 1);
    if (!dir) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory building the structure tree");
    char_dirs(set, dir);
    const uint32_t *u = set->text;
    const char *own = Y->L->nodes[node].lang ? Y->L->nodes[node].lang : Y->lang;
    size_t start = 0, n = set->len;
    const char *cur = own;
    mz_status st = MZ_OK;
    for (size_t a = 0; a < n && !st;) {
        size_t b = a + 1;
        while (b < n && dir[b] == dir[a]) b++;
        const char *lang = stretch_lang(Y, u, a, b, dir[a], own);
        if (a && strcmp(lang, cur) && add_run(Y, node, u, start, a, strcmp(cur, own) ? cur : NULL))
            st = Y->d->status;
        if (!a || strcmp(lang, cur)) {
            start = a;
            cur = lang;
        }
        a = b;
    }
    free(dir);
    if (st || !Y->L->nodes[node].nruns) return st; /* one language throughout */
    return add_run(Y, node, u, start, n, strcmp(cur, own) ? cur : NULL) ? Y->d->status : MZ_OK;
}

int mz_tag_node(mz_lay *Y, int type, int parent, const uint32_t *text, size_t len)
{
    if (!Y->L->tagged) return 0;
    int node = new_node(Y, type, parent, text, len);
    if (node < 0) return -1;
    if (!text || type == MZ_S_DOCUMENT) return node;
    int mixed;
    Y->L->nodes[node].lang = lang_of(Y, text, len, &mixed);
    Y->L->nodes[node].runs_done = !mixed || !has_runs(type); /* nothing to look for */
    return node;
}

mz_status mz_tag_prepare(mz_lay *Y, const mz_set *set)
{
    if (Y->tag <= 0 || (size_t)Y->tag >= Y->L->nnodes) return MZ_OK;
    mz_snode *sn = &Y->L->nodes[Y->tag];
    if (sn->runs_done || sn->text != set->text || sn->text_len != set->len) return MZ_OK;
    sn->runs_done = 1;
    return tag_runs(Y, Y->tag, set);
}

/* The run of NODE that character CL of its text is in (a binary search). */
static int run_at(const mz_layout *L, const mz_snode *sn, size_t cl)
{
    int lo = 0, hi = sn->nruns - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if ((size_t)(L->nodes[sn->run0 + mid].text - sn->text) <= cl) lo = mid;
        else hi = mid - 1;
    }
    return sn->run0 + lo;
}

const mz_snode *mz_tag_runs_of(const mz_lay *Y, const mz_set *set)
{
    if (Y->tag <= 0 || (size_t)Y->tag >= Y->L->nnodes) return NULL;
    const mz_snode *sn = &Y->L->nodes[Y->tag];
    return sn->nruns > 1 && sn->text == set->text && sn->text_len == set->len ? sn : NULL;
}

int mz_tag_run(const mz_lay *Y, const mz_set *set, const mz_pglyph *g, size_t n)
{
    const mz_snode *sn = mz_tag_runs_of(Y, set);
    if (!sn) return Y->tag;
    size_t first = SIZE_MAX;
    for (size_t k = 0; k < n; k++)
        if (g[k].cn && g[k].cl < first) first = g[k].cl;
    return first < set->len ? run_at(Y->L, sn, first) : Y->tag;
}

int mz_tag_run_turn(const mz_lay *Y, const mz_snode *sn, const mz_set *set, const mz_pglyph *a,
                    const mz_pglyph *b)
{
    if (!a->cn || !b->cn || a->cl >= set->len || b->cl >= set->len) return 0;
    return run_at(Y->L, sn, a->cl) != run_at(Y->L, sn, b->cl);
}

mz_status mz_tag_alt(mz_lay *Y, int node, const uint32_t *u, size_t n)
{
    if (node <= 0) return MZ_OK;
    char *s = mz_utf32_to_utf8(u, n);
    char *a = s ? mz_arena_strdup(&Y->L->arena, s) : NULL;
    free(s);
    if (!a) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory building the structure tree");
    Y->L->nodes[node].alt = a;
    return MZ_OK;
}

/* Closes the open lists and quote: a block outside them follows. */
static void close_containers(mz_lay *Y)
{
    memset(Y->tg.list, 0, sizeof Y->tg.list);
    memset(Y->tg.item, 0, sizeof Y->tg.item);
    memset(Y->tg.body, 0, sizeof Y->tg.body);
    Y->tg.quote = 0;
}

/* The element a block's content goes in: the Document, a block quote, or
 * the body of the list item it belongs to (lists made as they open). */
int mz_tag_container(mz_lay *Y, const mz_block *b)
{
    if (!Y->L->tagged) return 0;
    mz_tags *t = &Y->tg;
    int d = b->list_depth < MZ_TAG_MAX_DEPTH ? b->list_depth : MZ_TAG_MAX_DEPTH - 1;
    if (!d && !b->quote_depth) {
        close_containers(Y);
        return t->doc;
    }
    if (b->quote_depth && !t->quote && (t->quote = mz_tag_node(Y, MZ_S_BLOCKQUOTE, t->doc, NULL, 0)) < 0)
        return -1;
    if (!b->quote_depth) t->quote = 0;
    int base = t->quote ? t->quote : t->doc;
    for (int k = d + 1; k < MZ_TAG_MAX_DEPTH; k++) t->list[k] = t->item[k] = t->body[k] = 0;
    for (int k = 1; k <= d; k++) {
        int parent = k == 1 ? base : t->body[k - 1];
        if (!parent) parent = base;
        if (!t->list[k] && (t->list[k] = mz_tag_node(Y, MZ_S_L, parent, NULL, 0)) < 0) return -1;
    }
    if (!d) return base;
    if (b->item_start || !t->item[d]) {
        if ((t->item[d] = mz_tag_node(Y, MZ_S_LI, t->list[d], NULL, 0)) < 0) return -1;
        t->body[d] = 0;
        t->label = b->item_start ? t->item[d] : 0;
    }
    if (!t->body[d] && (t->body[d] = mz_tag_node(Y, MZ_S_LBODY, t->item[d], NULL, 0)) < 0) return -1;
    return t->body[d];
}

/* A heading's element type: the cover title is the one H1 when there is
 * one; the document's shallowest heading level comes next; no level is
 * skipped (a jump of two is tagged as one). */
int mz_tag_heading(mz_lay *Y, int level)
{
    mz_tags *t = &Y->tg;
    close_containers(Y);
    int lv = level - t->hmin + 1 + (t->title ? 1 : 0);
    if (lv > t->hprev + 1) lv = t->hprev + 1;
    if (lv < 1 + t->title) lv = 1 + t->title;
    if (lv > 6) lv = 6;
    t->hprev = lv;
    return MZ_S_H1 + lv - 1;
}

mz_status mz_tag_begin(mz_lay *Y)
{
    memset(&Y->tg, 0, sizeof Y->tg);
    Y->tag = MZ_TAG_LAYOUT;
    Y->tg.hmin = 6;
    for (size_t i = 0; i < Y->doc->nblocks; i++)
        if (Y->doc->blocks[i].type == MZ_BLOCK_HEADING && Y->doc->blocks[i].level < Y->tg.hmin)
            Y->tg.hmin = Y->doc->blocks[i].level;
    if ((Y->tg.doc = mz_tag_node(Y, MZ_S_DOCUMENT, 0, NULL, 0)) < 0) return Y->d->status;
    return MZ_OK;
}
