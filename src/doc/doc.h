/* doc.h - the document model: metadata plus a flat list of blocks, each with
 * inline text in UTF-32 and style spans.  Readers (plain text, Markdown) fill
 * it; itemize/layout read it.  Everything lives in the document's arena. */
#ifndef MZ_DOC_H
#define MZ_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Inline style bits. */
enum {
    MZ_STYLE_BOLD = 1,
    MZ_STYLE_ITALIC = 2,
    MZ_STYLE_CODE = 4,
    MZ_STYLE_STRIKE = 8, /* ~~struck~~ */
    /* a footnote's number, raised and smaller: in the text a reference
     * (ASCII digits, its span's link one of the document's note links),
     * and at the head of the note itself */
    MZ_STYLE_SUPER = 16
};

/* A styled range [start, end) of a block's text.  Spans are sorted, do not
 * overlap, and cover the whole text. */
typedef struct mz_span {
    size_t start, end;
    unsigned style; /* MZ_STYLE_* bits */
    int link;       /* index into mz_doc.links, or -1 */
} mz_span;

/* Inline content: logical-order UTF-32 text with its style spans. */
typedef struct mz_text {
    uint32_t *u;
    size_t len;
    mz_span *spans;
    size_t nspans;
} mz_text;

typedef enum mz_block_type {
    MZ_BLOCK_PARA,
    MZ_BLOCK_HEADING,  /* level 1..6, each with its theme style and outline depth */
    MZ_BLOCK_TABLE,
    MZ_BLOCK_HR,
    MZ_BLOCK_TIMELINE, /* fenced ```timeline block */
    MZ_BLOCK_CODE,     /* other fenced/indented code: text kept verbatim, one line per \n */
    MZ_BLOCK_IMAGE,    /* an image alone in its paragraph: a figure; text = its caption (the alt text) */
    MZ_BLOCK_NOTE,     /* a paragraph of footnote `note` (item_start on its first); after the body */
    MZ_BLOCK_FACTS,    /* fenced ```facts block: key facts, one item a line (items) */
    MZ_BLOCK_CHART     /* fenced ```chart block: bars, columns or a line drawn from data */
} mz_block_type;

/* A ```chart: one point per data row that has a value, in the data's order. */
typedef enum mz_chart_kind { MZ_CHART_COLUMN, MZ_CHART_BAR, MZ_CHART_LINE } mz_chart_kind;

typedef struct mz_chart {
    mz_chart_kind kind;
    size_t n;
    mz_text *label;    /* each point's category (the x: column) */
    double *value;     /* its value (the y: column) */
    int decimals;      /* digits after the point its numbers are written with */
    int group;         /* thousands separated */
    int skipped;       /* rows left out: their y: cell was empty */
    mz_text unit;      /* after each number in the figure's /Alt, len 0 when none */
    mz_text yname;     /* the y: column's header, over the value axis (len 0 when none) */
} mz_chart;

typedef struct mz_event {
    int year;
    mz_text label;
    int line; /* source line */
} mz_event;

typedef struct mz_block {
    mz_block_type type;
    int level;        /* heading level */
    int line;         /* 1-based source line of the block's start */
    /* Nesting context (paragraphs, code): */
    int list_depth;   /* 0 = not in a list; 1 = top-level list item; ... */
    int quote_depth;  /* number of enclosing block quotes */
    int item_start;   /* 1 if this block is the first of a list item (draw the marker) */
    int ordered;      /* the innermost list is numbered */
    long number;      /* the item's number when ordered */
    long number_max;  /* the largest number of the innermost list (its widest marker) */
    int task;         /* a task list item's box: 0 none, 1 open [ ], 2 ticked [x] */
    int note;         /* NOTE: the footnote's number (1.., in order of first reference) */
    mz_text text;     /* PARA, HEADING, CODE */
    /* TABLE: rows x cols cells, row 0 is the header row */
    size_t rows, cols;
    mz_text *cells;   /* rows*cols, row-major */
    int *align;       /* per column: 0 default, 1 left, 2 center, 3 right */
    /* TIMELINE */
    mz_event *events;
    size_t nevents;
    /* FACTS: its items, UTF-8, a list marker (- * •) taken off */
    char **items;
    size_t nitems;
    /* IMAGE: the file (resolved against the document's directory), its kind
     * (mz_image_kind) and size in pixels, the title attribute or NULL */
    const char *src;
    int image_kind, px_w, px_h;
    const char *title;
    /* TABLE, TIMELINE: the author's caption (a `Table:` paragraph beside the
     * table, a timeline's `title:` line) and its source (`Source:` /
     * `source:`), len 0 when none; an image's caption is its text */
    mz_text caption, source;
    /* TABLE from a data file (```table): per column 1 when its cells are
     * numbers the reader wrote (ASCII digits, ',' between thousands, '.'),
     * which layout sets in the document's digits; NULL for a GFM table.
     * TABLE and CHART from a file: src is the data file (watched by build). */
    unsigned char *num_col;
    mz_chart *chart; /* CHART */
} mz_block;

typedef enum mz_paper { MZ_PAPER_A4 = 0, MZ_PAPER_LETTER } mz_paper;

typedef struct mz_meta {
    char *title, *subtitle, *date, *author; /* UTF-8, NULL when absent */
    char *lang;                             /* default "ar" */
    char *latin_lang;                       /* Latin-script runs in a right-to-left document; NULL: "en" */
    char *header, *footer;
    /* the cover's identity block: the issuing unit (under the issuer, which
     * is `author`), the handling marking, the reference number; the key
     * facts (a list); the logo, resolved against the document, with its
     * kind (mz_image_kind) and size in pixels */
    char *unit, *classification, *reference;
    char **facts;
    size_t nfacts;
    int facts_line;
    const char *logo;
    int logo_kind, logo_w, logo_h, logo_line;
    double bleed;                           /* pt beyond the trim (`bleed: 3mm`), when has_bleed */
    int has_bleed;
    char *font, *bold_font, *italic_font;   /* path or fontconfig family; NULL = default */
    char *theme;                            /* theme file (relative to the document) or name */
    double font_size;                       /* 0 = default */
    mz_dir dir;
    mz_paper paper;
    mz_justify justify;
    mz_digits digits;
    int toc;
    int pdfa;                               /* 1 true, 0 unset, -1 false */
    int tags;                               /* 1 true, 0 unset (tagged), -1 false */
    int body_digits;                        /* 1 true, 0 unset, -1 false */
} mz_meta;

typedef struct mz_doc {
    mz_arena arena;
    const char *name; /* input name for messages */
    mz_meta meta;
    mz_block *blocks;
    size_t nblocks, cap;
    char **links;     /* link targets (UTF-8) */
    size_t nlinks, links_cap;
    int *link_note;   /* per link: the footnote number it refers to, 0 for a link out */
    size_t link_note_cap;
    int nnotes;       /* footnotes (MZ_BLOCK_NOTE blocks carry 1..nnotes) */
} mz_doc;

/* Readers.  Both return MZ_OK or an error in d (file:line). */
mz_status mz_read_text(mz_doc *doc, const char *data, size_t len, mz_diag *d);
mz_status mz_read_markdown(mz_doc *doc, const char *data, size_t len, mz_diag *d);
/* Registers cmark-gfm's extensions (process-wide, unguarded: call before
 * starting threads that read Markdown); 0 when out of memory. */
int mz_markdown_ready(void);

/* Picks the reader by the name's extension (.txt = plain text). */
mz_status mz_doc_read(mz_doc *doc, const char *name, const char *data, size_t len, mz_diag *d);

/* Blocks per document: far beyond any real document; bounds memory. */
#define MZ_MAX_BLOCKS 10000000

/* Helpers for readers. */
mz_block *mz_doc_add_block(mz_doc *doc, mz_block_type type, int line); /* zeroed; NULL on OOM */
int mz_doc_add_link(mz_doc *doc, const char *target);                 /* index or -1 on OOM */
int mz_doc_add_note_link(mz_doc *doc, int note);                      /* "#note-N"; index or -1 */
void mz_doc_free(mz_doc *doc);
/* Frees the block array once the layout is done with it (a long document's
 * largest part: a block is some 290 bytes); the texts, meta and links the
 * blocks point at stay, since the layout keeps pointers into them. */
void mz_doc_drop_blocks(mz_doc *doc);

#endif
