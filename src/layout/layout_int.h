/* layout_int.h - shared state of the layout modules, lowest first:
 * layout_core.c (pages, primitives, setting and placing lines), the block
 * types on it (layout_table.c, layout_timeline.c), and layout.c, the flow of
 * the document's blocks, cover and furniture, which calls them all. */
#ifndef MZ_LAYOUT_INT_H
#define MZ_LAYOUT_INT_H

#include "layout/layout.h"
#include "layout/theme.h"
#include "text/bidi.h"

/* A text style: which faces, size and colour. */
typedef struct mz_tstyle {
    double size;
    int face;          /* mz_face: the document's face its plain text is set in */
    mz_rgb color;
    mz_justify justify;
    int align;         /* when not justified: 0 start side, 1 centre, 2 end side */
    mz_dir dir;        /* paragraph direction; MZ_DIR_DEFAULT = the document's */
} mz_tstyle;

/* Text set into lines, ready to be placed. */
typedef struct mz_set {
    mz_lines lines;
    const uint32_t *text; /* the logical text the lines index (lives in doc or layout arena) */
    size_t len;
    double size;
    mz_rgb color;
    int rtl;              /* paragraph direction */
    int align;            /* for unjustified lines: 0 start, 1 centre, 2 end */
    double measure;
    int panel;            /* a code block: each line on the code tint (place_set) */
    double need;          /* the largest baseline step its lines' ink needs (0: none computed) */
    int release;          /* mz_lay_place_set frees each line's glyphs once it is placed (a set
                             placed once and not read after: a paragraph's, whose glyphs are
                             28 bytes a character) */
    int cont, more;       /* lines of its paragraph were placed before it, follow it (a long
                             paragraph placed a window at a time: no orphan or widow rule there,
                             and its first line steps as any other) */
} mz_set;

/* The structure being built (layout_tags.c): the open containers. */
#define MZ_TAG_MAX_DEPTH 16
typedef struct mz_tags {
    int doc;                       /* the Document element */
    int quote;                     /* the open block quote */
    int list[MZ_TAG_MAX_DEPTH], item[MZ_TAG_MAX_DEPTH], body[MZ_TAG_MAX_DEPTH]; /* per list depth */
    int label;                     /* the list item whose marker is next drawn */
    int hmin, hprev, title;        /* headings: shallowest level, last tag level, a cover title */
    int band;                      /* the cover band's texts are being set */
    int *notes;                    /* per footnote number: its Note */
    size_t nnotes;
} mz_tags;

typedef struct mz_lay {
    mz_layout *L;
    const mz_doc *doc;
    mz_fonts *fs;
    mz_diag *d;
    const mz_options *opts;
    const mz_theme *th;         /* the house style */
    int f_regular, f_bold, f_italic, f_bold_italic;
    double body_size, leading;  /* body text size and baseline-to-baseline distance */
    double left, right, top, bottom; /* text column (the frame, or the theme's measure of it), PDF coordinates */
    double frame_left, frame_right;  /* the frame: wide blocks (tables, figures, timeline, cover) */
    double grid;                /* pt: the vertical rhythm's step from the top (0: none) */
    double y;                   /* cursor: top of the next line box */
    double bleed;               /* pt beyond the paper: full-bleed fills reach into it */
    int page;                   /* current page index, -1 before the first */
    int line;                   /* source line of the block being laid out (messages) */
    mz_justify justify;
    int rtl;
    int arabic_digits;          /* numbers' digits: the code point of their zero, 0 = European */
    const char *lang;
    const mz_lay_watch *watch;  /* sees each paragraph set (the stage dumps), or NULL */
    int para_no;                /* paragraphs set so far, for the dumps */
    const mz_block *marker;     /* list item whose marker goes beside the next first line */
    int tag;                    /* the element items now drawn belong to (MZ_TAG_*: artifacts) */
    mz_tags tg;
    double marker_x, marker_w;  /* the band it goes in */
    /* draws Y->marker beside the first line mz_lay_place_set places (layout.c's) */
    /* while set: mz_lay_set_text hands a long paragraph's lines to it a
     * window at a time (mz_compose_opts.flush), to be placed; LAST: its last */
    mz_status (*para_flush)(struct mz_lay *Y, mz_set *set, int last, void *ud);
    void *para_flush_ud;
    mz_status (*marker_hook)(struct mz_lay *Y, const mz_block *b, double band_x, double band_w, double baseline);
#define MZ_LIST_BANDS 101           /* list depths whose band widening is kept (the reader's nesting limit + 1) */
    double list_extra[MZ_LIST_BANDS]; /* per list depth: how much its open item's band was widened */
    int fig_no, table_no;       /* captioned figures and tables so far (their numbers) */
    unsigned glyph_checked;     /* mz_lay_check_glyph's: characters looked up */
    int f_mono;                 /* the code face: the regular one when the document has no code
                                   or the theme's family is not installed */
    mz_compose_rules rules;     /* the theme's justify rules, the plain words hashed (lay_rules) */
    int rules_ready;
    /* Footnotes (layout_notes.c).  The core calls these hooks, which the
     * notes module sets when the document has notes: page_hook when a page
     * is left (leaving = 1: its notes go at its foot) and when one starts
     * (0: a note that did not fit goes on); line_hook after a line is placed
     * (the notes it refers to go on this page). */
    struct mz_notes *notes;
    double frame_bottom;        /* the text frame's bottom: `bottom` rises over the page's notes */
    mz_status (*page_hook)(struct mz_lay *Y, int leaving);
    mz_status (*line_hook)(struct mz_lay *Y, const mz_set *set, size_t i, double baseline);
} mz_lay;

/* Where the baseline sits in a line box, as a share of its height from the
 * top: Amiri's ascender is about two thirds of its ascender + descender. */
#define MZ_BASELINE_DROP 0.68

/* The paragraph settings (faces, size, direction, language) a text style means. */
void mz_lay_para_style(const mz_lay *Y, const mz_tstyle *ts, mz_para_style *ps);

/* Itemizes, shapes and composes T at MEASURE into set (caller frees with
 * mz_set_free); set->text points into T's text, which must outlive it. */
mz_status mz_lay_set_text(mz_lay *Y, const mz_text *t, const mz_tstyle *ts, double measure,
                          mz_set *set);
void mz_set_free(mz_set *set);

/* Height of line i of a set when placed with the given leading: the leading,
 * grown where tall ink would touch the neighbouring line. */
double mz_set_line_height(const mz_lay *Y, const mz_set *set, size_t i, double leading);
/* A ragged SET (T in TS at MEASURE) whose last line is one word is set
 * again narrower, as long as it keeps its number of lines, until a word
 * joins that one: a table cell or a label reads as one unit, not as a
 * line and a leftover.  Steps of MZ_BALANCE_STEP of the measure, at most
 * MZ_BALANCE_STEPS (down to 60%: narrower, the lines get uneven again). */
#define MZ_BALANCE_STEP 0.05
#define MZ_BALANCE_STEPS 8
mz_status mz_lay_balance(mz_lay *Y, const mz_text *t, const mz_tstyle *ts, double measure, mz_set *set);

/* Adds line i of set to the current page with its baseline at y, inside the
 * horizontal band [x0, x0 + set->measure], honouring alignment and direction. */
mz_status mz_lay_place_line(mz_lay *Y, const mz_set *set, size_t i, double x0, double baseline);

/* Ensures there is a current page and at least `need` points left above the
 * bottom margin; otherwise starts a new page (which can fail: a limit, OOM). */
mz_status mz_lay_need(mz_lay *Y, double need);
mz_status mz_lay_new_page(mz_lay *Y);
/* Hands pages [L->flushed, upto) to the sink (streaming) and frees their items. */
mz_status mz_lay_flush(mz_lay *Y, size_t upto);

/* Display-list primitives on the current page. */
mz_item *mz_lay_item(mz_lay *Y, mz_item_kind kind);
/* A filled rectangle, (x, y) its bottom-left corner. */
mz_status mz_lay_fill(mz_lay *Y, double x, double y, double w, double h, mz_rgb color);
mz_status mz_lay_line(mz_lay *Y, double x0, double y0, double x1, double y1, mz_rgb color,
                      double width);

/* Converts UTF-8 to a layout-owned UTF-32 text (one span, style bits). */
uint32_t *mz_lay_utf32(mz_lay *Y, const char *s, size_t *len);
/* A number in the document's digits as a layout-owned UTF-32 text. */
uint32_t *mz_lay_number(mz_lay *Y, long n, size_t *len);

/* The code face (mz_lay.f_mono): the theme's monospace family when the
 * document has code and it is installed, else the regular face (warned
 * in the first pass). */
mz_status mz_lay_code_face(mz_lay *Y, int first_pass);
/* Warns (file:line of the block being laid out) when no installed font has
 * a glyph for the first character of UTF8, which WHAT names; once per
 * layout for each BIT (of mz_lay.glyph_checked). */
mz_status mz_lay_check_glyph(mz_lay *Y, const char *utf8, const char *what, unsigned bit);
/* Line i of a code block's set on the code tint: the band [x0, x0 + measure]
 * widened by the theme's pad, from TOP to BOTTOM (its line box), the first
 * and last lines reaching the pad further up and down; a line that wrapped
 * gets the theme's wrap mark after it, at BASELINE. */
mz_status mz_lay_panel_line(mz_lay *Y, const mz_set *set, size_t i, double x0, double top, double bottom,
                            double baseline);

/* Footnotes (layout_notes.c).  begin: for a document with notes, the state
 * and the core's hooks; need: the height the notes first referenced on line
 * i of set would take at the page's foot (first = 1 on the first line a
 * page is tried with: what earlier lines counted is forgotten); end: the
 * notes of the last page, and the pages any note still needs. */
mz_status mz_lay_notes_begin(mz_lay *Y);
double mz_lay_notes_need(mz_lay *Y, const mz_set *set, size_t i, int first);
mz_status mz_lay_notes_end(mz_lay *Y);
void mz_lay_notes_free(mz_lay *Y);

/* The structure tree (layout_tags.c).  mz_tag_node: a new element under
 * PARENT with its logical text (ActualText), 0 when the document is not
 * tagged, -1 when out of memory (the status is set). */
mz_status mz_tag_begin(mz_lay *Y);
int mz_tag_node(mz_lay *Y, int type, int parent, const uint32_t *text, size_t len);
mz_status mz_tag_alt(mz_lay *Y, int node, const uint32_t *u, size_t n);
int mz_tag_container(mz_lay *Y, const mz_block *b);
/* A Figure for drawn block B (a chart, a timeline) whose /Alt is the text
 * in ALT (UTF-8; freed); -1 when out of memory. */
int mz_tag_figure(mz_lay *Y, const mz_block *b, mz_buf *alt);
int mz_tag_heading(mz_lay *Y, int level);
/* Finds the language runs of the element being drawn (Y->tag) when SET is
 * its text, at its first line (the set's glyphs give the directions). */
mz_status mz_tag_prepare(mz_lay *Y, const mz_set *set);
/* The element the glyphs G[0, n) of SET are content of: the element being
 * drawn, or the Span of the language run their characters are in. */
int mz_tag_run(const mz_lay *Y, const mz_set *set, const mz_pglyph *g, size_t n);
/* The element being drawn when it has language runs and SET is its text,
 * else NULL; whether glyphs A and B of SET are in different runs of it. */
const mz_snode *mz_tag_runs_of(const mz_lay *Y, const mz_set *set);
int mz_tag_run_turn(const mz_lay *Y, const mz_snode *sn, const mz_set *set, const mz_pglyph *a,
                    const mz_pglyph *b);

/* The face FACE (mz_face: bold, italic, bold-italic) of the family the
 * document's font names (font: "Noto Naskh Arabic"), found through
 * fontconfig; NEAR, with a warning when the document has text in that face,
 * when the family has none or the font is a file.  -1 when the face would not
 * load, or the warning is an error (--strict). */
int mz_lay_family_face(mz_lay *Y, int face, int near, int first_pass);

/* T, or with body_digits a layout-owned copy (in *copy) whose European digits
 * are in the document's digits (text/itemize.h's mz_text_digits says which).
 * NULL when out of memory. */
const mz_text *mz_lay_body_digits(mz_lay *Y, const mz_text *t, mz_text *copy);

/* Captions (layout_image.c).  caption_text: "WORD NO: TEXT" (NO <= 0: "WORD
 * TEXT", a source line), the label in the theme's caption.label_face, the
 * language's continued mark after it when CONTINUED, in the layout's arena;
 * caption_set: T set in the caption style across the frame (ALIGN as
 * mz_tstyle's), *h its height; caption_place: its lines from TOP down. */
mz_status mz_lay_caption_text(mz_lay *Y, const char *word, int no, const mz_text *text, int continued,
                              mz_text *out);
mz_status mz_lay_source_text(mz_lay *Y, const mz_text *src, mz_text *out);
mz_status mz_lay_caption_set(mz_lay *Y, const mz_text *t, int align, mz_set *set, double *h);
mz_status mz_lay_caption_place(mz_lay *Y, const mz_set *set, double top, double *bottom);
/* The caption and source line under a drawn figure (a timeline, a chart). */
mz_status mz_lay_figure_captions(mz_lay *Y, int fig, const mz_set *cap, const mz_text *capt, const mz_set *src,
                                 const mz_text *srct, double y, double *bottom);

/* Block types set by their own modules. */
/* Places a whole set from the cursor down at X0, LEADING apart, breaking
 * pages between lines with widow and orphan control (layout_flow.c). */
mz_status mz_lay_place_set(mz_lay *Y, const mz_set *set, double x0, double leading);
/* The cover block at the top of the first page; every page's header,
 * footer and crop marks, once the pages are known (layout_cover.c). */
mz_status mz_lay_cover(mz_lay *Y);
mz_status mz_lay_furniture(mz_lay *Y);
/* Sets UTF-8 text at the cursor as a block of element STYPE (wrapping),
 * advancing the cursor; R's leading is in em of the body (layout_flow.c). */
mz_status mz_lay_block_text(mz_lay *Y, const char *utf8, const mz_role *r, int stype);
/* The table of contents at the cursor, its numbers from PREV's outline (a
 * first pass; NULL: placeholders of the same width) (layout_toc.c). */
mz_status mz_lay_toc(mz_lay *Y, const mz_layout *prev);
mz_status mz_lay_table(mz_lay *Y, const mz_block *b);
/* The height a table needs on the page it starts on: space, caption,
 * header and first row (what mz_lay_table keeps together). */
mz_status mz_lay_table_start(mz_lay *Y, const mz_block *b, double *need);
mz_status mz_lay_timeline(mz_lay *Y, const mz_block *b);
mz_status mz_lay_image(mz_lay *Y, const mz_block *b);
/* The key-facts box at the cursor (layout_facts.c): TITLE (or NULL) over
 * the N texts of ITEMS (UTF-8), on a tinted panel kept on one page; B is
 * the ```facts block it comes from, NULL for the cover's (front matter). */
mz_status mz_lay_facts(mz_lay *Y, const char *title, char *const *items, size_t n, const mz_block *b);
/* layout_chart.c: a ```chart; a ```table with its numbers in the document's digits. */
mz_status mz_lay_chart(mz_lay *Y, const mz_block *b);
mz_status mz_lay_data_table(mz_lay *Y, const mz_block *b);

#endif
