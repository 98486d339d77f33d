/* markdown_int.h - shared internals of the Markdown reader (markdown.c:
 * the body through cmark-gfm; frontmatter.c: the YAML front matter;
 * reader.c: their errors). */
#ifndef MZ_MARKDOWN_INT_H
#define MZ_MARKDOWN_INT_H


#include "doc/doc.h"

/* A front-matter value is a title, a path or a header line; 64 KiB is far
 * beyond any of them and bounds what one key can make us copy. */
#define MZ_FRONT_VALUE_MAX (64 * 1024)
/* Key facts (front matter facts:, a ```facts block): a box, not a second document. */
#define MZ_FACTS_MAX 16
/* Values quoted back in error messages are clipped to this many bytes so a
 * pasted paragraph does not make the message unreadable. */
#define MZ_QUOTE_MAX 60

/* ---- shared helpers ---------------------------------------------------- */

/* One open list: its kind, first number and the current item's index. */
typedef struct list_frame {
    int ordered;
    long start, index;
    long last; /* the last item's number */
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
    int task;         /* the open item's task box (mz_block.task) */
    int note;         /* inside footnote definition `note` (0: not) */
    int note_first;   /* its first block is still to come */
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

/* SRC (a document's link to a file) as a path: relative ones against the
 * document's directory; "" for a URL.  In the arena; NULL on OOM. */
char *mz_md_doc_path(reader *r, const char *src);
/* A ```table (CHART 0) or ```chart block B from its text LIT: its spec and
 * data (datablock.c), with file:line errors. */
mz_status mz_md_data_block(reader *r, mz_block *b, const char *lit, int chart);

#endif
