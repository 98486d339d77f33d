/* markdown_mem.h - cmark-gfm's allocator and an allocation-free tree walk
 * (markdown_mem.c), for markdown.c only. */
#ifndef MZ_MARKDOWN_MEM_H
#define MZ_MARKDOWN_MEM_H

#include <cmark-gfm.h>
#include <setjmp.h>

/* The allocator given to cmark: between mz_md_mem_begin and
 * mz_md_mem_disarm a failed allocation longjmps to ON_FAIL (whose caller
 * then calls mz_md_mem_end, which frees every block cmark still holds). */
extern cmark_mem mz_md_mem;
void mz_md_mem_begin(jmp_buf *on_fail);
void mz_md_mem_disarm(void);
void mz_md_mem_end(void);
int mz_md_register(void); /* cmark-gfm's extensions; 0 when out of memory */

/* Reads every text of the tree once, so that reading it again allocates
 * nothing (cmark keeps a NUL-terminated copy on the node). */
void mz_md_materialise(cmark_node *root);

/* cmark_iter's walk without its allocation. */
typedef struct mz_md_iter {
    cmark_node *root, *node, *next;
    cmark_event_type next_ev;
} mz_md_iter;
void mz_md_iter_init(mz_md_iter *it, cmark_node *root);
cmark_event_type mz_md_iter_next(mz_md_iter *it); /* it->node is the node of the event */
void mz_md_iter_skip(mz_md_iter *it, cmark_node *n); /* as cmark_iter_reset(it, n, EXIT) */

#endif
