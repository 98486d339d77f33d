/* pdf_struct.c - the tagged PDF's structure: marked-content numbers per page, the elements in reading order, the parent tree. */
#include "pdf/pdf_struct.h"

#include "pdf/pdf_bytes.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One child of an element: a marked-content sequence, an annotation, or
 * another element, in the order the reader meets them. */
typedef struct kid {
    int kind; /* K_MCID, K_OBJR, K_ELEM */
    int page;
    int v;    /* MCID, child node, or annotation (its index in mz_pst.annot) */
} kid;      /* 12 bytes: a long document has one a marked-content sequence */
enum { K_MCID, K_OBJR, K_ELEM };

typedef struct elem {
    kid *k;
    size_t n, cap;
    int attached;   /* in its parent's kids */
    mz_hobj *obj;
    mz_hobj *holder; /* its parent's group holding it, when the parent has too many kids */
    int into;        /* > 0: its content is in that element's (hoist) */
    int text;        /* > 0: the node whose text, language and /Alt it carries */
} elem;

typedef struct spage {
    int key;        /* its /StructParents, -1 = none yet */
    int *mc;        /* node of each MCID */
    mz_hobj **ho;   /* NULL, or per MCID the group element holding it */
    size_t n, cap;
} spage;

typedef struct skey {
    int page;       /* >= 0: a page's MCIDs */
    int node;       /* else: an annotation's element */
} skey;

struct mz_pst {
    elem *e;
    size_t ne;
    spage *p;
    size_t np;
    skey *keys;     /* parent-tree keys, in order */
    size_t nkeys, keys_cap;
    mz_hobj **annot; /* the link annotations that are kids */
    size_t nannot, annot_cap;
    mz_buf out, gout; /* an element's bytes, a group's */
};

/* Element types' names, as mz_stype lists them. */
static const char *const S_NAME[] = {
    "Document", "H1", "H2", "H3", "H4", "H5", "H6", "P", "L", "LI", "Lbl", "LBody", "Table", "THead",
    "TBody", "TR", "TH", "TD", "Figure", "Caption", "Note", "Reference", "Link", "TOC", "TOCI",
    "BlockQuote", "Code", "Span"};

static mz_status add_text32(mz_pw *w, mz_hobj *to, const char *key, const uint32_t *u, size_t n);

static mz_status nomem(mz_pw *w) { return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory building the structure tree"); }

mz_pst *mz_pst_new(void) { return calloc(1, sizeof(mz_pst)); }

void mz_pst_free(mz_pst *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->ne; i++) free(s->e[i].k);
    for (size_t i = 0; i < s->np; i++) {
        free(s->p[i].mc);
        free(s->p[i].ho);
    }
    free(s->e);
    free(s->p);
    free(s->keys);
    free(s->annot);
    mz_buf_free(&s->out);
    mz_buf_free(&s->gout);
    free(s);
}

/* Room for the layout's nodes and pages so far (both only grow). */
static int grow(mz_pst *s, const mz_layout *L, size_t page)
{
    if (L->nnodes > s->ne) {
        elem *e = realloc(s->e, L->nnodes * sizeof *e);
        if (!e) return 0;
        memset(e + s->ne, 0, (L->nnodes - s->ne) * sizeof *e);
        s->e = e;
        s->ne = L->nnodes;
    }
    if (page >= s->np) {
        size_t n = page + 16;
        spage *p = realloc(s->p, n * sizeof *p);
        if (!p) return 0;
        for (size_t i = s->np; i < n; i++) p[i] = (spage){-1, NULL, NULL, 0, 0};
        s->p = p;
        s->np = n;
    }
    return 1;
}

static int add_kid(elem *e, kid k)
{
    if (!mz_grow((void **)&e->k, &e->cap, e->n + 1, sizeof *e->k)) return 0;
    e->k[e->n++] = k;
    return 1;
}

/* Node N is in its parent's kids from its first content on, and so are
 * its ancestors: the tree holds what was drawn, in the order drawn. */
static int attach(mz_pst *s, const mz_layout *L, int n)
{
    while (n > 0 && !s->e[n].attached) {
        s->e[n].attached = 1;
        int p = L->nodes[n].parent;
        if (p <= 0) break;
        if (!add_kid(&s->e[p], (kid){K_ELEM, -1, n})) return 0;
        n = p;
    }
    return 1;
}

static int new_key(mz_pst *s, skey k)
{
    if (!mz_grow((void **)&s->keys, &s->keys_cap, s->nkeys + 1, sizeof *s->keys)) return -1;
    s->keys[s->nkeys] = k;
    return (int)s->nkeys++;
}

mz_status mz_pst_open(mz_pw *w, mz_pst *s, const mz_layout *L, size_t page, int tag, mz_buf *b, int *mcid,
                      int ahead)
{
    if (!grow(s, L, page)) return nomem(w);
    int t = (size_t)tag < L->nnodes ? L->nodes[tag].type : MZ_S_SPAN;
    *mcid = (int)s->p[page].n + ahead;
    mz_buf_printf(b, "/%s <</MCID %d>> BDC\n", S_NAME[t], *mcid);
    return b->oom ? nomem(w) : MZ_OK;
}

mz_status mz_pst_keep(mz_pw *w, mz_pst *s, const mz_layout *L, size_t page, mz_hobj *hp, int tag, int mcid)
{
    if (!grow(s, L, page) || (size_t)tag >= s->ne) return tag > 0 && (size_t)tag < L->nnodes ? nomem(w) : mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: structure node %d of %zu", tag, L->nnodes);
    spage *p = &s->p[page];
    if ((size_t)mcid != p->n) return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: MCID %d kept out of order", mcid);
    if (p->key < 0) {
        if ((p->key = new_key(s, (skey){(int)page, 0})) < 0) return nomem(w);
        mz_status st = mz_hadd_int(w->h, hp, "StructParents", p->key);
        if (st) return st;
    }
    if (!mz_grow((void **)&p->mc, &p->cap, p->n + 1, sizeof *p->mc)) return nomem(w);
    p->mc[p->n++] = tag;
    if (!add_kid(&s->e[tag], (kid){K_MCID, (int)page, mcid}) || !attach(s, L, tag)) return nomem(w);
    return MZ_OK;
}

/* Layout artifacts (rules, tints, the timeline's axis) untyped: a typed
 * one is 2 KB more in the seed x70's deflated pages, and /Type is
 * optional (ISO 32000-1 14.8.2.2.2); running headers and footers keep
 * /Pagination, which a reader may offer to skip. */
const char *mz_pst_artifact(int tag)
{
    return tag == MZ_TAG_PAGINATION ? "/Artifact <</Type /Pagination>> BDC\n" : "/Artifact BMC\n";
}

mz_status mz_pst_annot(mz_pw *w, mz_pst *s, const mz_layout *L, size_t page, mz_hobj *hp, int tag,
                       mz_hobj *annot)
{
    if (!annot || tag <= 0) return MZ_OK;
    if (!grow(s, L, page) || (size_t)tag >= s->ne) return nomem(w);
    int key = new_key(s, (skey){-1, tag});
    if (key < 0) return nomem(w);
    mz_status st = mz_hadd_int(w->h, annot, "StructParent", key);
    if (!st) st = mz_hadd_name(w->h, hp, "Tabs", "S");
    /* PDF/UA: a link says what it is (its text) */
    const mz_snode *sn = &L->nodes[tag];
    if (!st && sn->text && sn->text_len) st = add_text32(w, annot, "Contents", sn->text, sn->text_len);
    if (st) return st;
    if (s->nannot >= INT_MAX || !mz_grow((void **)&s->annot, &s->annot_cap, s->nannot + 1, sizeof *s->annot))
        return nomem(w);
    s->annot[s->nannot] = annot;
    if (!add_kid(&s->e[tag], (kid){K_OBJR, (int)page, (int)s->nannot++}) || !attach(s, L, tag)) return nomem(w);
    return MZ_OK;
}

/* UTF-32 text as a UTF-16BE text string under KEY (libharu's: an
 * annotation's /Contents). */
static mz_status add_text32(mz_pw *w, mz_hobj *to, const char *key, const uint32_t *u, size_t n)
{
    char *s8 = mz_utf32_to_utf8(u, n);
    size_t len = 0;
    unsigned char *t = s8 ? mz_pdf_utf16_text(s8, &len) : NULL;
    free(s8);
    if (!t) return nomem(w);
    mz_status st = mz_hadd_bytes(w->h, to, key, t, len);
    free(t);
    return st;
}

/* ---- the elements' bytes ------------------------------------------------
 * Elements, their groups and the parent tree are written here, as PDF
 * values (mz_hset_raw), not built of libharu objects: they were a tenth
 * of a tagged render's instructions that way. */

static void put_uint(mz_buf *b, uint32_t v)
{
    char t[12];
    int k = 12;
    do t[--k] = (char)('0' + v % 10);
    while (v /= 10);
    mz_buf_put(b, t + k, (size_t)(12 - k));
}

/* U as a text string: a literal of UTF-16BE bytes with their BOM, at most
 * 65000 bytes of them (as libharu's strings were). */
static void put_text32(mz_buf *b, const uint32_t *u, size_t n)
{
    if (n > 32500) n = 32500; /* 65000 bytes of UTF-16 at most */
    if (b->oom || !mz_grow((void **)&b->data, &b->cap, b->len + 8 * n + 8, 1)) {
        b->oom = 1;
        return;
    }
    unsigned char *p = (unsigned char *)b->data + b->len;
    *p++ = '(';
    p = mz_pdf_lit_byte(mz_pdf_lit_byte(p, 0xFE), 0xFF);
    for (size_t i = 0, used = 2; i < n && used + 4 <= 65000; i++) {
        uint32_t c = u[i];
        if (c > 0x10FFFF || (c >= 0xD800 && c < 0xE000)) c = 0xFFFD;
        used += c > 0xFFFF ? 4 : 2;
        if (c > 0xFFFF) {
            c -= 0x10000;
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            p = mz_pdf_lit_byte(mz_pdf_lit_byte(p, hi >> 8), hi & 0xFF);
            c = lo;
        }
        p = mz_pdf_lit_byte(mz_pdf_lit_byte(p, c >> 8), c & 0xFF);
    }
    *p++ = ')';
    b->len = (size_t)(p - (unsigned char *)b->data);
    b->data[b->len] = 0;
}

static void put_text8(mz_buf *b, const char *s8)
{
    size_t n = 0;
    uint32_t *u = mz_utf8_decode(s8, strlen(s8), &n, NULL, NULL, 0);
    if (!u) b->oom = 1;
    else put_text32(b, u, n);
    free(u);
}

/* An ASCII string (a language tag, an ID) as a literal. */
static void put_ascii(mz_buf *b, const char *s8)
{
    size_t n = strlen(s8);
    if (b->oom || !mz_grow((void **)&b->data, &b->cap, b->len + 2 * n + 3, 1)) {
        b->oom = 1;
        return;
    }
    unsigned char *p = (unsigned char *)b->data + b->len;
    *p++ = '(';
    for (size_t i = 0; i < n; i++) p = mz_pdf_lit_byte(p, (unsigned char)s8[i]);
    *p++ = ')';
    b->len = (size_t)(p - (unsigned char *)b->data);
    b->data[b->len] = 0;
}

/* Kids per /K array: libharu's arrays held at most 32767 values
 * (HPDF_LIMIT_MAX_ARRAY), and readers have limits of their own; an
 * element with more (a 100 000-paragraph document, a 10 MB paragraph)
 * holds them in groups of this many, each a Div (or, in an element of
 * text, a Span). */
#define MZ_ST_GROUP 8192

/* Kids [a, b) of element N into B: MCIDs on page PG as numbers, on other
 * pages as MCRs, annotations as OBJRs, child elements as references;
 * HOLDER, when not N itself, is the group they are in. */
static mz_status put_kids(mz_pw *w, mz_pst *s, int n, size_t a, size_t b, mz_buf *o, mz_hobj *holder,
                          mz_hobj **pages, size_t npages, int pg)
{
    elem *e = &s->e[n];
    for (size_t i = a; i < b; i++) {
        const kid *c = &e->k[i];
        if (holder && c->kind == K_ELEM) s->e[c->v].holder = holder;
        if (holder && c->kind == K_MCID) {
            spage *p = &s->p[c->page];
            if (!p->ho && !(p->ho = calloc(p->cap ? p->cap : 1, sizeof *p->ho))) return nomem(w);
            p->ho[c->v] = holder;
        }
        if (c->page >= (int)npages) return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: structure on page %d", c->page);
        if (i > a) mz_buf_put(o, " ", 1);
        if (c->kind == K_ELEM) {
            mz_pdf_ref(o, s->e[c->v].obj);
        } else if (c->kind == K_MCID && c->page == pg) {
            put_uint(o, (uint32_t)c->v);
        } else {
            mz_buf_puts(o, c->kind == K_MCID ? "<</Type/MCR/Pg " : "<</Type/OBJR/Pg ");
            mz_pdf_ref(o, pages[c->page]);
            if (c->kind == K_MCID) {
                mz_buf_puts(o, "/MCID ");
                put_uint(o, (uint32_t)c->v);
            } else {
                mz_buf_puts(o, "/Obj ");
                mz_pdf_ref(o, s->annot[c->v]);
            }
            mz_buf_put(o, ">>", 2);
        }
    }
    return o->oom ? nomem(w) : MZ_OK;
}

/* Element N's /K into O: its kids, or groups of them (MZ_ST_GROUP), each
 * group an object of its own. */
static mz_status fill_kids(mz_pw *w, mz_pst *s, const mz_layout *L, int n, mz_hobj **pages, size_t npages,
                           int pg, mz_buf *o)
{
    mz_hdoc *h = w->h;
    elem *e = &s->e[n];
    mz_status st = MZ_OK;
    mz_buf_puts(o, "/K[");
    if (e->n <= MZ_ST_GROUP) {
        st = put_kids(w, s, n, 0, e->n, o, NULL, pages, npages, pg);
        mz_buf_put(o, "]", 1);
        return st;
    }
    int type = L->nodes[n].type;
    int text = type >= MZ_S_H1 && type <= MZ_S_P;
    text = text || type == MZ_S_TD || type == MZ_S_TH || type == MZ_S_LBL || type == MZ_S_CODE || type == MZ_S_LINK;
    mz_buf *g = &s->gout;
    for (size_t a = 0; a < e->n && !st; a += MZ_ST_GROUP) {
        size_t b = a + MZ_ST_GROUP < e->n ? a + MZ_ST_GROUP : e->n;
        mz_hobj *go = mz_hnumbered(h);
        if (!go) return mz_hdoc_status(h) ? mz_hdoc_status(h) : nomem(w);
        g->len = 0;
        mz_buf_puts(g, text ? "<</S/Span/P " : "<</S/Div/P ");
        mz_pdf_ref(g, e->obj);
        if (pg >= 0 && pg < (int)npages) {
            mz_buf_puts(g, "/Pg ");
            mz_pdf_ref(g, pages[pg]);
        }
        mz_buf_puts(g, "/K[");
        st = put_kids(w, s, n, a, b, g, go, pages, npages, pg);
        mz_buf_puts(g, "]>>");
        if (!st) st = g->oom ? nomem(w) : mz_hset_raw(h, go, g->data, g->len);
        if (a) mz_buf_put(o, " ", 1);
        mz_pdf_ref(o, go);
    }
    mz_buf_put(o, "]", 1);
    return st;
}

/* Whether element N's text is all in its language runs' Spans, each of
 * which got content: then the element has no /Alt of its own, which would
 * hide the Spans' (and their /Lang) from a screen reader. */
static int in_runs(const mz_pst *s, const mz_layout *L, int n, const mz_snode *tn)
{
    if (tn->nruns < 2) return 0;
    for (int r = tn->run0; r < tn->run0 + tn->nruns; r++)
        if ((size_t)r >= s->ne || !s->e[r].attached) return 0;
    const elem *e = &s->e[n];
    for (size_t i = 0; i < e->n; i++)
        if (e->k[i].kind != K_ELEM || L->nodes[e->k[i].v].parent != (int)(tn - L->nodes)) return 0;
    return 1;
}

/* Element N's dictionary. */
static mz_status fill_elem(mz_pw *w, mz_pst *s, const mz_layout *L, int n, mz_hobj *root, mz_hobj **pages,
                           size_t npages)
{
    const mz_snode *sn = &L->nodes[n], *tn = &L->nodes[s->e[n].text > 0 ? s->e[n].text : n];
    mz_buf *o = &s->out;
    o->len = 0;
    mz_buf_puts(o, "<</S/");
    mz_buf_puts(o, S_NAME[sn->type]);
    mz_buf_puts(o, "/P ");
    mz_pdf_ref(o, s->e[n].holder ? s->e[n].holder : sn->parent > 0 ? s->e[sn->parent].obj : root);
    int pg = -1;
    for (size_t i = 0; i < s->e[n].n && pg < 0; i++)
        if (s->e[n].k[i].kind == K_MCID) pg = s->e[n].k[i].page;
    if (pg >= 0 && pg < (int)npages) {
        mz_buf_puts(o, "/Pg ");
        mz_pdf_ref(o, pages[pg]);
    }
    mz_status st = fill_kids(w, s, L, n, pages, npages, pg, o);
    /* The element's logical text for assistive technology.  Not as
     * /ActualText: MuPDF (1.28) puts an element's ActualText in place of
     * its glyphs in what it extracts, without positions, and its bidi pass
     * then reverses right-to-left text (measured: tests/t_clients.sh), so
     * copy and search in SumatraPDF and mupdf would read Arabic backwards.
     * /Alt replaces the content for a screen reader in the same way and no
     * client's text layer reads it. */
    if (tn->alt) {
        mz_buf_puts(o, "/Alt");
        put_text8(o, tn->alt);
    } else if (tn->text && tn->text_len && !in_runs(s, L, n, tn)) {
        mz_buf_puts(o, "/Alt");
        put_text32(o, tn->text, tn->text_len);
    }
    if (tn->lang) {
        mz_buf_puts(o, "/Lang");
        put_ascii(o, tn->lang);
    }
    if (sn->type == MZ_S_TH) mz_buf_puts(o, sn->scope == 2 ? "/A<</O/Table/Scope/Row>>" : "/A<</O/Table/Scope/Column>>");
    if (sn->type == MZ_S_NOTE) {
        char id[32];
        snprintf(id, sizeof id, "note-%d", n);
        mz_buf_puts(o, "/ID");
        put_ascii(o, id);
    }
    mz_buf_put(o, ">>", 2);
    if (st) return st;
    return o->oom ? nomem(w) : mz_hset_raw(w->h, s->e[n].obj, o->data, o->len);
}

/* The parent tree: a flat number tree, each key a page's array of the
 * elements of its MCIDs, or an annotation's element. */
static mz_status parent_tree(mz_pw *w, mz_pst *s, mz_hobj *root)
{
    mz_hdoc *h = w->h;
    mz_buf *o = &s->out;
    o->len = 0;
    mz_buf_puts(o, "<</Nums[");
    for (size_t k = 0; k < s->nkeys; k++) {
        if (k) mz_buf_put(o, " ", 1);
        put_uint(o, (uint32_t)k);
        if (s->keys[k].page >= 0) {
            const spage *p = &s->p[s->keys[k].page];
            mz_buf_put(o, "[", 1);
            for (size_t i = 0; i < p->n; i++) {
                if (i) mz_buf_put(o, " ", 1);
                mz_pdf_ref(o, p->ho && p->ho[i] ? p->ho[i] : s->e[p->mc[i]].obj);
            }
            mz_buf_put(o, "]", 1);
        } else {
            mz_buf_put(o, " ", 1);
            mz_pdf_ref(o, s->e[s->keys[k].node].obj);
        }
    }
    mz_buf_puts(o, "]>>");
    mz_hobj *pt = mz_hnumbered(h);
    if (!pt) return mz_hdoc_status(h) ? mz_hdoc_status(h) : nomem(w);
    mz_status st = o->oom ? nomem(w) : mz_hset_raw(h, pt, o->data, o->len);
    if (!st) st = mz_hadd(h, root, "ParentTree", pt);
    return st ? st : mz_hadd_int(h, root, "ParentTreeNextKey", (int32_t)s->nkeys);
}

/* A list item's body that is one paragraph holds the paragraph's content
 * itself (its MCIDs, links, text and language): LBody may hold content
 * (ISO 32000-1 14.8.4.3.3), and the element less is a tenth of the seed
 * x70's structure elements, 3 KB of its file. */
static void hoist(mz_pst *s, const mz_layout *L)
{
    for (size_t n = 1; n < s->ne; n++) {
        elem *e = &s->e[n];
        if (!e->attached || L->nodes[n].type != MZ_S_LBODY || e->n != 1 || e->k[0].kind != K_ELEM) continue;
        int c = e->k[0].v;
        elem *p = &s->e[c];
        if (L->nodes[c].type != MZ_S_P || p->n > MZ_ST_GROUP || L->nodes[c].alt) continue;
        free(e->k);
        e->k = p->k;
        e->n = p->n;
        e->cap = p->cap;
        e->text = c;
        p->k = NULL;
        p->n = p->cap = 0;
        p->attached = 0;
        p->into = (int)n;
    }
}

mz_status mz_pst_finish(mz_pw *w, mz_pst *s, const mz_layout *L, mz_hobj **pages, size_t npages)
{
    mz_hdoc *h = w->h;
    if (L->nnodes < 2) return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: a tagged document without its tree");
    if (!grow(s, L, 0)) return nomem(w);
    s->e[1].attached = 1; /* the Document, even when empty */
    hoist(s, L);
    for (size_t n = 1; n < s->ne; n++)
        if (s->e[n].attached && !(s->e[n].obj = mz_hnumbered(h)))
            return mz_hdoc_status(h) ? mz_hdoc_status(h) : nomem(w);
    /* what pointed at a hoisted paragraph (its kids' /P, the parent tree)
     * points at the body holding its content */
    for (size_t n = 1; n < s->ne; n++)
        if (s->e[n].into) s->e[n].obj = s->e[s->e[n].into].obj;
    mz_hobj *root = mz_hindirect(h, mz_hdict(h));
    if (!root) return mz_hdoc_status(h) ? mz_hdoc_status(h) : nomem(w);
    mz_hadd_name(h, root, "Type", "StructTreeRoot");
    mz_status st = MZ_OK;
    for (size_t n = 1; n < s->ne && !st; n++)
        if (s->e[n].attached) st = fill_elem(w, s, L, (int)n, root, pages, npages);
    if (st) return st;
    mz_hadd(h, root, "K", s->e[1].obj);
    if ((st = parent_tree(w, s, root))) return st;
    mz_hobj *cat = mz_hdoc_root(h, MZ_HCATALOG);
    mz_hadd(h, cat, "StructTreeRoot", root);
    mz_hobj *mi = mz_hdict(h);
    mz_hadd_bool(h, mi, "Marked", 1);
    mz_hadd(h, cat, "MarkInfo", mi);
    return mz_hdoc_status(h);
}
