/* layout.h - pages as display lists: positioned glyph runs, rules, boxes,
 * links, and the document outline.  Coordinates are PDF points with the
 * origin at the page's bottom-left corner. */
#ifndef MZ_LAYOUT_H
#define MZ_LAYOUT_H

#include "text/compose.h"
#include "doc/doc.h"
#include "text/font.h"

typedef struct mz_rgb {
    float r, g, b;
} mz_rgb;

typedef enum mz_item_kind {
    MZ_ITEM_GLYPHS, /* a run of glyphs of one font and size */
    MZ_ITEM_RECT,   /* filled and/or stroked rectangle */
    MZ_ITEM_LINE,   /* straight stroked line */
    MZ_ITEM_CIRCLE, /* filled and/or stroked circle (x, y = centre, w = radius) */
    MZ_ITEM_LINK,   /* link annotation over a rectangle */
    MZ_ITEM_IMAGE   /* an image file (PNG, JPEG) filling the rectangle x, y, w, h */
} mz_item_kind;

/* The logical structure (tagged PDF): standard structure types. */
typedef enum mz_stype {
    MZ_S_DOCUMENT, MZ_S_H1, MZ_S_H2, MZ_S_H3, MZ_S_H4, MZ_S_H5, MZ_S_H6, MZ_S_P, MZ_S_L, MZ_S_LI,
    MZ_S_LBL, MZ_S_LBODY, MZ_S_TABLE, MZ_S_THEAD, MZ_S_TBODY, MZ_S_TR, MZ_S_TH, MZ_S_TD,
    MZ_S_FIGURE, MZ_S_CAPTION, MZ_S_NOTE, MZ_S_REFERENCE, MZ_S_LINK, MZ_S_TOC, MZ_S_TOCI,
    MZ_S_BLOCKQUOTE, MZ_S_CODE, MZ_S_SPAN
} mz_stype;

/* One structure element.  Node 0 is never used (an item's tag 0 means a
 * layout artifact); node 1 is the Document. */
typedef struct mz_snode {
    int type;               /* mz_stype */
    int parent;             /* node index; 0 for the Document */
    const uint32_t *text;   /* its logical text (for assistive technology), or NULL */
    size_t text_len;
    const char *alt;        /* UTF-8 alternative description (figures), or NULL */
    const char *lang;       /* a language other than its parent's, or NULL */
    int scope;              /* TH: 1 column, 2 row */
    /* an element whose text changes language (a Latin name in an Arabic
     * paragraph): its content is in Spans, nodes [run0, run0 + nruns), one
     * per run of one language in logical order, each with its text */
    int run0, nruns;
    int runs_done;          /* its runs were looked for (at its first line) */
} mz_snode;

/* Item tags: > 0 a structure node whose content the item is; these two
 * mark artifacts. */
enum { MZ_TAG_LAYOUT = 0, MZ_TAG_PAGINATION = -1 };

typedef struct mz_item {
    mz_item_kind kind;
    int tag;            /* structure node, or MZ_TAG_* (an artifact) */
    /* GLYPHS: baseline origin (x, y); glyph i is drawn at (x + g[i].x, y + g[i].y).
     * g is in visual order, left to right.  text/text_len is the logical
     * source text that g[i].cl / g[i].cn index (for ToUnicode/ActualText). */
    int font;
    double size;
    const mz_pglyph *g;
    size_t ng;
    const uint32_t *text;
    size_t text_len;
    /* geometry: GLYPHS use x, y; RECT/LINK use x, y (bottom-left), w, h;
     * LINE goes from (x, y) to (x + w, y + h); CIRCLE: centre (x, y), radius w */
    double x, y, w, h;
    double line_width;
    mz_rgb color;       /* text colour, or stroke colour */
    mz_rgb fill;
    int stroke, filled; /* RECT/CIRCLE: which of the two to paint */
    const char *uri;    /* LINK target (UTF-8); with dest, an internal link instead: */
    int dest;           /* LINK: 1 = to dest_y on its own page (a footnote keeps to its reference's page),
                           2 = to dest_y on page dest_page (a contents entry) */
    int dest_page;
    double dest_y;      /* LINK: the top of what it goes to */
    /* footnotes, for the structure tree: the number of the note an item
     * belongs to (its text, its number), or with note_ref set, that a
     * reference in the text (its number, its link) points to; 0 = none */
    int note, note_ref;
    int piece;          /* GLYPHS: MZ_PIECE_* bits */
    const char *image;  /* IMAGE: the file */
    int image_kind;     /* IMAGE: mz_image_kind */
} mz_item;

/* The pieces of a right-to-left line (one item per font, link and size)
 * go into the page in reading order (layout_core.c); a word space at a
 * piece's edge needs a helper for pdf.js (pdf_text.c): */
enum {
    MZ_PIECE_RTL = 1,          /* a piece of a right-to-left line */
    MZ_PIECE_SPACE_BEFORE = 2, /* a space at its right edge, facing a piece read before it */
    MZ_PIECE_SPACE_AFTER = 4   /* a space at its left edge, facing a piece read after it */
};

typedef struct mz_page {
    mz_item *items;
    size_t n, cap;
    mz_arena arena; /* this page's glyph copies: freed when the page is handed on */
} mz_page;

struct mz_layout;
/* Receives a finished page (streaming); it may be called a second time for
 * a page, with the items added later (running header and footer). */
typedef mz_status (*mz_page_sink)(void *userdata, const struct mz_layout *L, size_t page);

/* Sees each paragraph the layout sets, as the stage below hands it over:
 * after itemizing and shaping (runs, glyphs), then after composing (its
 * lines).  The dumps (api/dump.c) are written this way, from the text stage's
 * own output; the layout keeps no dump code. */
typedef struct mz_lay_watch {
    void (*para)(void *ud, int para_no, const mz_para *p, const mz_fonts *fs);
    void (*lines)(void *ud, int para_no, const uint32_t *text, const mz_lines *lines);
    void *ud;
} mz_lay_watch;

typedef struct mz_outline {
    const char *title; /* UTF-8 */
    int level;         /* 1.. */
    int page;          /* 0-based */
    double y;          /* top of the heading, PDF coordinates */
} mz_outline;

typedef struct mz_layout {
    mz_arena arena;          /* owns glyph arrays, texts, strings */
    double width, height;    /* page size, pt: the paper (the PDF's TrimBox when there is bleed) */
    double bleed;            /* pt beyond the paper that full-bleed elements reach (the BleedBox) */
    double media_pad;        /* pt the MediaBox adds on each side: the bleed, and crop marks' room */
    mz_page *pages;
    size_t npages, pages_cap;
    mz_outline *outline;
    size_t noutline, outline_cap;
    const mz_meta *meta;     /* borrowed from the document */
    const char *theme_path;  /* the theme file the layout used (in arena) */
    const char *doc_name;    /* the input's name (borrowed), NULL for standard input */
    int rtl;                 /* document direction */
    int arabic_digits;       /* page numbers etc.: the code point of their digits' zero (0x0660
                                Arabic-Indic, 0x06F0 extended), 0 = European */
    const struct mz_lay_watch *watch; /* set by the caller to see each paragraph (the dumps) */
    /* Streaming (set by the caller, or NULL to keep every page): each page
     * goes to sink as soon as it is complete and its items are freed, so
     * memory holds one page, not the document. */
    mz_page_sink sink;
    void *sink_ud;
    size_t flushed;                         /* pages [0, flushed) handed on */
    unsigned char font_used[MZ_MAX_FONTS];  /* faces that glyph items use */
    mz_snode *nodes;                        /* the structure tree, in reading order */
    size_t nnodes, nodes_cap;
    int tagged;                             /* build the tree (else every tag is 0) */
} mz_layout;

/* Lays the document out into pages.  Composes every paragraph. */
mz_status mz_layout_doc(mz_layout *L, const mz_doc *doc, mz_fonts *fs, const mz_options *opts,
                        mz_diag *d);
void mz_layout_free(mz_layout *L);

#endif
