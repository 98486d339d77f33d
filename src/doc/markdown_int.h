/* markdown_int.h - shared internals of the Markdown reader (markdown.c:
 * the body through cmark-gfm; frontmatter.c: the YAML front matter). */
#ifndef MZ_MARKDOWN_INT_H
#define MZ_MARKDOWN_INT_H

#include <cmark-gfm.h>
#include <setjmp.h>

#include "doc/doc.h"

/* A front-matter value is a title, a path or a header line; 64 KiB is far
 * beyond any of them and bounds what one key can make us copy. */
#define MZ_FRONT_VALUE_MAX (64 * 1024)
/* Values quoted back in error messages are clipped to this many bytes so a
 * pasted paragraph does not make the message unreadable. */
#define MZ_QUOTE_MAX 60

/* ---- shared helpers ---------------------------------------------------- */

/* One open list: its kind, first number and the current item's index. */
typedef struct list_frame {
    int ordered;
    long start, index;
} list_frame;

/* One character of inline text being collected, with its style and link. */
typedef struct ichar {
    uint32_t c;
    unsigned style;
    int link;
} ichar;

typedef struct reader {
    mz_doc *doc;
    mz_diag *d;
    const char *name;
    int line_off;      /* file line of the body's line 0 */
    list_frame *lists; /* one per open list (heap: nesting is unbounded) */
    size_t nlists, lists_cap;
    int quote_depth;
    int item_pending; /* the next block opens a list item */
    ichar *chars;     /* inline scratch, reused for every block */
    size_t nchars, chars_cap;
} reader;


mz_status mz_md_oom(reader *r);
/* Copies s (n bytes) for a message, clipped at a UTF-8 boundary with "...". */
const char *mz_md_clip(char out[MZ_QUOTE_MAX + 4], const char *s, size_t n);

/* Front matter: finds it (a first line '---' up to a closing '---' or '...';
 * *y = NULL when there is none) and the body after it, then reads it into
 * the document's metadata with file:line errors. */
mz_status mz_md_split_front(reader *r, const char *p, const char *end, const char **y, size_t *yn,
                            const char **body, int *body_line);
mz_status mz_md_read_front(reader *r, const char *p, size_t n, int first_line);

/* ---- cmark-gfm's memory and traversal (markdown_mem.c) ------------------ */

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
