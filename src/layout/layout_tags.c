/* layout_tags.c - the logical structure the layout builds beside its pages: elements in reading order, their texts, languages and alternatives. */
#include "layout/layout_int.h"

#include <stdlib.h>
#include <string.h>

/* The language of Latin-script runs in a right-to-left document, and of
 * Arabic-script ones in a left-to-right document, when an element's text
 * is mostly of that script (README: "Language"). */
#define MZ_LATIN_LANG "en"
#define MZ_ARABIC_LANG "ar"

/* Which language an element whose text is TEXT speaks, when not the
 * document's: its strong characters decide by majority. */
static const char *lang_of(const mz_lay *Y, const uint32_t *u, size_t n)
{
    size_t l = 0, r = 0;
    for (size_t i = 0; i < n; i++) {
        mz_bidi_class c = mz_bidi_class_of(u[i]);
        if (c == MZ_BC_L) l++;
        else if (c == MZ_BC_R) r++;
    }
    int doc_rtl = !strncmp(Y->lang, "ar", 2) || !strncmp(Y->lang, "fa", 2) || !strncmp(Y->lang, "ur", 2) ||
                  !strncmp(Y->lang, "he", 2);
    if (doc_rtl && l > r) return MZ_LATIN_LANG;
    if (!doc_rtl && r > l) return MZ_ARABIC_LANG;
    return NULL;
}

int mz_tag_node(mz_lay *Y, int type, int parent, const uint32_t *text, size_t len)
{
    mz_layout *L = Y->L;
    if (!L->tagged) return 0;
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
    if (text && type != MZ_S_DOCUMENT) s->lang = lang_of(Y, text, len);
    return (int)L->nnodes++;
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
