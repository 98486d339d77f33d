/* pdf_bookmarks.c - the document outline: its entries numbered and written as values, their links counted here. */
#include "pdf/pdf_bookmarks.h"

#include "pdf/pdf_bytes.h"

#include <stdlib.h>
#include <string.h>

/* libharu's outline entries are dictionaries of six entries or more, a
 * 128-byte key each, held to the file's end: 5 MB for the 5 600 headings
 * of the seed x700.  The values here are what libharu wrote, byte for
 * byte: the keys in the order it added them (Title, Prev, Parent, Dest,
 * First, Last, Next, then Count when it saved), every entry open (its
 * default: /Count is the number of descendants), the root first and the
 * entries after it, numbered in reading order. */

/* Where entry i sits: its parent (-1: the root), its neighbours and its
 * first and last children (-1: none), and how many entries it holds. */
typedef struct bnode {
    int parent, prev, next, first, last;
    size_t count;
} bnode;

enum { MAXL = 16 }; /* deeper headings go under the sixteenth level */

static mz_status nomem(mz_pw *w) { return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory writing the outline"); }

/* The tree: each entry under the last one before it of a lower level.
 * Returns the last top-level entry (the first is entry 0: nothing is
 * before it). */
static size_t link_tree(const mz_layout *L, bnode *b)
{
    int stack[MAXL + 1];
    for (int k = 0; k <= MAXL; k++) stack[k] = -1;
    for (size_t i = 0; i < L->noutline; i++) {
        int lv = L->outline[i].level < 1 ? 1 : L->outline[i].level > MAXL ? MAXL : L->outline[i].level;
        int parent = -1;
        for (int k = lv - 1; k >= 1 && parent < 0; k--) parent = stack[k];
        b[i] = (bnode){parent, -1, -1, -1, -1, 0};
        if (parent >= 0) {
            b[i].prev = b[parent].last;
            if (b[parent].first < 0) b[parent].first = (int)i;
            b[parent].last = (int)i;
        }
        stack[lv] = (int)i;
        for (int k = lv + 1; k <= MAXL; k++) stack[k] = -1;
    }
    /* top-level entries are the root's children: chained among themselves */
    int last_top = -1;
    for (size_t i = 0; i < L->noutline; i++) {
        if (b[i].parent >= 0) continue;
        b[i].prev = last_top;
        last_top = (int)i;
    }
    for (size_t i = 0; i < L->noutline; i++)
        if (b[i].prev >= 0) b[b[i].prev].next = (int)i;
    /* children come after their parent: counted from the end */
    for (size_t i = L->noutline; i-- > 0;)
        if (b[i].parent >= 0) b[b[i].parent].count += 1 + b[i].count;
    return (size_t)last_top;
}

static void put_ref(mz_buf *o, const char *key, const mz_hobj *obj)
{
    mz_buf_puts(o, key);
    mz_pdf_ref(o, obj);
}

/* UTF-8 S as the literal string the packer makes of libharu's: UTF-16BE
 * with its BOM (mz_pdf_utf16_text), each byte as mz_pdf_lit_byte puts it. */
static int put_title(mz_buf *o, const char *s)
{
    size_t n = 0;
    unsigned char *t = mz_pdf_utf16_text(s, &n);
    if (!t || o->oom || !mz_grow((void **)&o->data, &o->cap, o->len + 2 * n + 9, 1)) {
        free(t);
        return 0;
    }
    mz_buf_puts(o, "/Title(");
    unsigned char *p = (unsigned char *)o->data + o->len;
    for (size_t i = 0; i < n; i++) p = mz_pdf_lit_byte(p, t[i]);
    *p++ = ')';
    o->len = (size_t)(p - (unsigned char *)o->data);
    o->data[o->len] = 0;
    free(t);
    return 1;
}

/* Entry OL's value into O, for its object SELF. */
static mz_status put_entry(mz_pw *w, mz_buf *o, const mz_outline *ol, const bnode *b, mz_hobj *const *obj,
                           mz_hobj *root, mz_hobj *page, mz_hobj *self)
{
    o->len = 0;
    mz_buf_puts(o, "<<");
    if (!put_title(o, ol->title ? ol->title : "")) return nomem(w);
    if (b->prev >= 0) put_ref(o, "/Prev ", obj[b->prev]);
    put_ref(o, "/Parent ", b->parent >= 0 ? obj[b->parent] : root);
    /* [page /XYZ 0 y null]: null keeps the reader's zoom; whole points */
    mz_buf_printf(o, "/Dest[%u 0 R/XYZ 0 %d null]", (unsigned)mz_hobj_num(page), (int)(int32_t)(ol->y + 0.5));
    if (b->first >= 0) {
        put_ref(o, "/First ", obj[b->first]);
        put_ref(o, "/Last ", obj[b->last]);
    }
    if (b->next >= 0) put_ref(o, "/Next ", obj[b->next]);
    if (b->count) mz_buf_printf(o, "/Count %zu", b->count);
    mz_buf_puts(o, ">>");
    return o->oom ? nomem(w) : mz_hset_raw(w->h, self, o->data, o->len);
}

/* The root: its first and last top-level entries, and all of them counted. */
static mz_status put_root(mz_pw *w, mz_buf *o, size_t n, size_t last, mz_hobj *const *obj, mz_hobj *root)
{
    o->len = 0;
    mz_buf_puts(o, "<</Type/Outlines");
    put_ref(o, "/First ", obj[0]);
    put_ref(o, "/Last ", obj[last]);
    mz_buf_printf(o, "/Count %zu>>", n);
    return o->oom ? nomem(w) : mz_hset_raw(w->h, root, o->data, o->len);
}

mz_status mz_pdf_bookmarks(mz_pw *w, const mz_layout *L, mz_hobj **pages, size_t npages)
{
    mz_hdoc *h = w->h;
    size_t n = L->noutline;
    if (!n) return MZ_OK;
    for (size_t i = 0; i < n; i++)
        if (L->outline[i].page < 0 || (size_t)L->outline[i].page >= npages)
            return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: outline entry on page %d of %zu",
                           L->outline[i].page + 1, npages);
    bnode *b = malloc(n * sizeof *b);
    mz_hobj **obj = calloc(n, sizeof *obj);
    mz_buf o = {0};
    mz_status st = b && obj ? MZ_OK : nomem(w);
    /* the root's number first, then the entries' in reading order, as
     * libharu numbered them; the catalog names the root where libharu did */
    mz_hobj *root = st ? NULL : mz_hnumbered(h);
    if (!st && !root) st = mz_hdoc_status(h) ? mz_hdoc_status(h) : nomem(w);
    if (!st) st = mz_hadd(h, mz_hdoc_root(h, MZ_HCATALOG), "Outlines", root);
    for (size_t i = 0; i < n && !st; i++)
        if (!(obj[i] = mz_hnumbered(h))) st = mz_hdoc_status(h) ? mz_hdoc_status(h) : nomem(w);
    if (!st) st = put_root(w, &o, n, link_tree(L, b), obj, root);
    for (size_t i = 0; i < n && !st; i++)
        st = put_entry(w, &o, &L->outline[i], &b[i], obj, root, pages[L->outline[i].page], obj[i]);
    mz_buf_free(&o);
    free(b);
    free(obj);
    return st ? st : mz_hdoc_show_outline(h);
}
