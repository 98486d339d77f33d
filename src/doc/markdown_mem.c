/* markdown_mem.c - cmark-gfm without its aborts: a tracked allocator that unwinds a failed parse, and an iterator that allocates nothing. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/markdown_int.h"
#include "doc/markdown_mem.h"

/* cmark-gfm never checks an allocation: its own allocator aborts the
 * process, and any other must not return NULL.  Ours keeps every block of
 * the thread's parse on a list and, when one cannot be had, jumps back to
 * the caller of mz_md_mem_begin, which frees the list and reports out of
 * memory.  Per thread: a batch parses documents in parallel. */
typedef union blk {
    struct {
        union blk *prev, *next;
    } l;
    max_align_t align; /* what follows the header stays aligned for anything */
} blk;

typedef struct arena {
    blk head; /* circular list of live blocks */
    jmp_buf *on_fail;
    int tracking;
} arena;

static _Thread_local arena cur;

static void fail(void)
{
    if (cur.on_fail) longjmp(*cur.on_fail, 1);
    /* past mz_md_mem_disarm nothing allocates (mz_md_materialise); were a
     * block wanted there, no caller could unwind, and NULL would crash */
    abort();
}

static void link_blk(blk *b)
{
    b->l.next = cur.head.l.next;
    b->l.prev = &cur.head;
    cur.head.l.next->l.prev = b;
    cur.head.l.next = b;
}

static void unlink_blk(blk *b)
{
    b->l.prev->l.next = b->l.next;
    b->l.next->l.prev = b->l.prev;
}

static void *md_calloc(size_t n, size_t size)
{
    if (size && n > (SIZE_MAX - sizeof(blk)) / size) fail();
    if (!cur.tracking) { /* registration: plain blocks, kept for the process */
        void *p = calloc(n ? n : 1, size ? size : 1);
        if (!p) fail();
        return p;
    }
    blk *b = calloc(1, sizeof(blk) + n * size);
    if (!b) fail();
    link_blk(b);
    return b + 1;
}

static void *md_realloc(void *p, size_t size)
{
    if (size > SIZE_MAX - sizeof(blk)) fail();
    if (!cur.tracking) {
        void *q = realloc(p, size ? size : 1);
        if (!q) fail();
        return q;
    }
    if (!p) return md_calloc(1, size);
    blk *b = (blk *)p - 1;
    unlink_blk(b); /* realloc may move it: its neighbours are relinked below */
    blk *nb = realloc(b, sizeof(blk) + size);
    if (!nb) {
        link_blk(b);
        fail();
    }
    link_blk(nb);
    return nb + 1;
}

static void md_free(void *p)
{
    if (!p) return;
    if (!cur.tracking) {
        free(p);
        return;
    }
    blk *b = (blk *)p - 1;
    unlink_blk(b);
    free(b);
}

cmark_mem mz_md_mem = {md_calloc, md_realloc, md_free};

void mz_md_mem_begin(jmp_buf *on_fail)
{
    cur.head.l.next = cur.head.l.prev = &cur.head;
    cur.on_fail = on_fail;
    cur.tracking = 1;
}

void mz_md_mem_disarm(void) { cur.on_fail = NULL; }

void mz_md_mem_end(void)
{
    for (blk *b = cur.head.l.next; b && b != &cur.head;) {
        blk *next = b->l.next;
        free(b);
        b = next;
    }
    memset(&cur, 0, sizeof cur);
}

/* cmark-gfm registers its extensions once per process, through its default
 * allocator (which aborts): that allocator is ours for the while.  A failure
 * leaves the registry as it was before the failed append, and the blocks of
 * a half-made extension unfreed (they may be on cmark's lists). */
int mz_md_register(void)
{
    if (cmark_find_syntax_extension("autolink")) return 1; /* the last one registered */
    cmark_mem *def = cmark_get_default_mem_allocator();
    cmark_mem saved = *def;
    jmp_buf jb;
    cur.tracking = 0;
    cur.on_fail = &jb;
    if (setjmp(jb)) {
        *def = saved;
        cur.on_fail = NULL;
        return 0;
    }
    *def = mz_md_mem;
    cmark_gfm_core_extensions_ensure_registered();
    *def = saved;
    cur.on_fail = NULL;
    return cmark_find_syntax_extension("autolink") != NULL;
}

/* ---- an iterator that allocates nothing --------------------------------- */

/* cmark_iter_new allocates, and reading a node's text does the first time
 * (a NUL-terminated copy, kept on the node).  The reader must not allocate
 * through cmark once it is changing the document, so it walks with this
 * copy of cmark_iter's rules, and every text was read once before. */
static int is_leaf(cmark_node *n)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
        return 1;
    default:
        return 0;
    }
}

void mz_md_iter_init(mz_md_iter *it, cmark_node *root)
{
    it->root = root;
    it->node = NULL;
    it->next = root;
    it->next_ev = root ? CMARK_EVENT_ENTER : CMARK_EVENT_DONE;
}

cmark_event_type mz_md_iter_next(mz_md_iter *it)
{
    cmark_event_type ev = it->next_ev;
    cmark_node *n = it->next;
    it->node = n;
    if (ev == CMARK_EVENT_DONE) return ev;
    if (ev == CMARK_EVENT_ENTER && !is_leaf(n)) {
        cmark_node *c = cmark_node_first_child(n);
        it->next_ev = c ? CMARK_EVENT_ENTER : CMARK_EVENT_EXIT; /* childless: its exit next */
        if (c) it->next = c;
    } else if (n == it->root) {
        it->next_ev = CMARK_EVENT_DONE;
        it->next = NULL;
    } else if (cmark_node_next(n)) {
        it->next_ev = CMARK_EVENT_ENTER;
        it->next = cmark_node_next(n);
    } else {
        it->next_ev = CMARK_EVENT_EXIT;
        it->next = cmark_node_parent(n);
    }
    return ev;
}

void mz_md_iter_skip(mz_md_iter *it, cmark_node *n)
{
    it->next = n;
    it->next_ev = CMARK_EVENT_EXIT;
    mz_md_iter_next(it);
}

void mz_md_materialise(cmark_node *root)
{
    mz_md_iter it;
    mz_md_iter_init(&it, root);
    while (mz_md_iter_next(&it) != CMARK_EVENT_DONE) {
        cmark_node *n = it.node;
        cmark_node_get_literal(n);
        cmark_node_get_url(n);
        cmark_node_get_title(n);
        cmark_node_get_on_enter(n);
        cmark_node_get_on_exit(n);
        if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK) cmark_node_get_fence_info(n);
    }
}
