/* theme.h - the house style as data: page geometry, colours, the faces,
 * sizes and spacing of every role, the cover, header and footer, and the
 * words mujaz writes, read from a YAML theme file (themes/briefing.yaml is
 * the default and documents every key). */
#ifndef MZ_THEME_H
#define MZ_THEME_H

#include "layout/layout.h"

typedef enum mz_face { MZ_FACE_REGULAR = 0, MZ_FACE_BOLD, MZ_FACE_ITALIC, MZ_FACE_BOLD_ITALIC } mz_face;

/* A text role.  size is in em of the body (the body's own size is in pt);
 * leading is a baseline distance whose unit each role states in the theme
 * file (the arithmetic is the one the layout always did). */
typedef struct mz_role {
    double size;
    int face; /* mz_face */
    mz_rgb color;
    double leading;
} mz_role;

typedef struct mz_heading {
    mz_role text;       /* leading in em of the heading's size */
    double before, after; /* in body leadings */
    double rule;        /* width of the accent rule under it, pt (0 = none) */
} mz_heading;

/* Running header or footer: three slots, each a template (see mz_theme_expand). */
typedef struct mz_furniture {
    mz_role text;
    double baseline;    /* pt above the top margin (header) or below the bottom one (footer) */
    const char *start, *centre, *end;
    int first_page;     /* also on the first page */
    double rule_gap, rule_width; /* header: a rule this far under the baseline (width 0 = none) */
    mz_rgb rule_color;
} mz_furniture;

#define MZ_THEME_LANGS 8
typedef struct mz_words {
    const char *lang;   /* a language tag prefix: "ar" matches ar, ar-EG, arz */
    const char *contents, *page_of;
    /* captions: "جدول" / "Table", "شكل" / "Figure" before the number, the
     * mark of a table continued on a later page, the word before a source
     * (a language without them takes the fallback language's) */
    const char *table, *figure, *continued, *source;
    const char *facts;  /* the key-facts box's title, or NULL (the fallback language's) */
    int zero;           /* its digits: the code point of its zero (0 = not given) */
} mz_words;

#define MZ_THEME_PALETTE 6

typedef struct mz_theme {
    mz_arena arena;     /* the strings */
    const char *path;   /* the file named (which may extend others) */

    mz_rgb palette[MZ_THEME_PALETTE]; /* colors: ink accent muted rule tint white */
    double a4_w, a4_h, letter_w, letter_h;
    double margin_top, margin_bottom, margin_left, margin_right;
    double measure;     /* pt: the text column on the frame's start side (0: the frame);
                           tables, figures, the timeline and the cover span the frame */

    mz_role body;       /* size in pt; leading in em of the body */
    double ink_clearance; /* em: the least gap between the ink of adjacent lines */
    double grid;        /* body leadings: blocks start on multiples of it from the frame's top (0: off) */
    mz_rgb link_color;
    double link_underline_width, link_underline_drop; /* drop in em of the text */
    double strike_width, strike_rise; /* ~~struck~~ text's line: width in pt, height in em over the baseline */
    double para_after, item_after; /* in body leadings */
    mz_rgb quote_color, quote_rule_color;
    double quote_indent, quote_rule_width, quote_rule_inset, quote_rule_overhang;
    mz_role code;       /* size in em of the body */
    const char *code_family; /* the monospace face, a fontconfig family (the body face when missing) */
    mz_rgb code_fill;   /* the panel behind code blocks and code spans */
    double code_pad;    /* em of the code: the panel's margin around the text */
    const char *code_wrap; /* set at the end of a code line that wraps */

    double list_indent; /* em per level */
    mz_rgb marker_color;
    double marker_size, marker_pad;
    int number_face, bullet_face;
    const char *bullet_odd, *bullet_even, *number_suffix;
    const char *task_open, *task_done; /* the box of a task list item: [ ] and [x] */
    mz_rgb disc_color, disc_text_color;
    double disc_size, disc_radius, disc_raise;
    int disc_max_depth, disc_max_number;

    mz_heading h[6];
    double heading_rule_height, heading_rule_drop, heading_rule_advance;
    double keep_lines, keep_table; /* body leadings kept below a heading */

    mz_rgb hr_color;
    double hr_length, hr_width, hr_space;

    int cover_on;
    double band_height, band_baseline;
    mz_rgb band_color;
    mz_role band_start, band_end;
    const char *band_start_text, *band_end_text;
    double title_top;   /* pt under the band (or the page's top edge) */
    mz_role cover_title, cover_subtitle, cover_byline; /* leading in em of the body */
    double subtitle_gap, byline_gap;
    const char *byline;
    double cover_rule_gap, cover_rule_width, cover_accent_width, cover_accent_height,
        cover_accent_drop, cover_after;
    mz_rgb cover_rule_color, cover_accent_color;

    mz_furniture header, footer;
    const char *classification; /* the office's marking, for the {classification} field */

    /* print: pt beyond the trim that full-bleed elements (the band) reach
     * and the MediaBox adds on each side; crop marks outside the trim,
     * from the bleed's edge (at least crop_offset from the trim) */
    double bleed;
    int crop_marks;
    double crop_length, crop_width, crop_offset;
    /* the band's identity block: the logo's height and its gap to the
     * issuer; a second line under each side's text (unit, reference) */
    double logo_size, logo_gap;
    double band_bare_height; /* the band's height when nothing is in it (no text, no logo) */
    mz_role band_start_note, band_end_note;
    const char *band_start_note_text, *band_end_note_text;
    /* the key-facts box: a tinted panel with a bar on the start side, its
     * title and one item per fact with a marker */
    double facts_gap, facts_pad, facts_bar_width, facts_item_gap, facts_after;
    mz_rgb facts_fill, facts_bar_color, facts_marker_color;
    mz_role facts_title, facts_item; /* leading in em of their size */
    double facts_marker_size, facts_marker_raise, facts_marker_band; /* the items' square: side, centre over
                                                                the baseline, the band it is centred in (em of the item) */

    int toc_levels;
    mz_role toc_title;  /* leading in em of the body */
    mz_role toc_entry, toc_entry_top;
    mz_rgb toc_number_color, toc_leader_color;
    double toc_indent, toc_number_width, toc_step, toc_leader_gap, toc_leader_step,
        toc_leader_radius, toc_leader_raise, toc_leader_inset, toc_rule_gap, toc_rule_width, toc_after;
    mz_rgb toc_rule_color;

    mz_role table_header, table_cell; /* size in em of the body */
    int table_first_face;  /* the first column's cells' face (the row's label) */
    const char *table_empty; /* drawn in a cell the source leaves empty */
    double table_leading; /* in body leadings */
    double table_pad, table_min_pad, table_vpad, table_space;
    mz_rgb table_header_fill, table_header_rule_color, table_row_rule_color,
        table_last_rule_color;
    double table_header_rule_width, table_row_rule_width, table_last_rule_width;

    mz_role tl_label, tl_year; /* size in em of the body; leading in em of the label size */
    double tl_measure, tl_dot, tl_space, tl_gap, tl_margin, tl_stack_gap, tl_min_step,
        tl_first_lane_gap, tl_lane_gap, tl_early_pad, tl_axis_width, tl_arrow_length,
        tl_arrow_spread, tl_pole_width, tl_ring_width, tl_late_pad;
    mz_rgb tl_axis_color, tl_pole_color, tl_dot_color, tl_ring_color;
    /* the ```chart figure: labels and numbers (size em of the body, leading
     * em of their size); plot height em of the body; bar width share of its
     * slot; gridlines: how many at most; space in body leadings */
    mz_role chart_label;
    double chart_height, chart_bar_width, chart_space, chart_grid_width, chart_axis_width, chart_line_width,
        chart_dot;
    int chart_grid_lines;
    mz_rgb chart_bar_color, chart_grid_color, chart_axis_color, chart_value_color;

    mz_role caption, footnote; /* footnote: leading in em of its size */
    double note_space, note_gap, note_after; /* body leadings: body to rule, rule to notes, between notes */
    double note_rule_length, note_rule_width; /* share of the frame, pt */
    mz_rgb note_rule_color;
    double super_size, super_rise; /* a note's number: em of the text it is in */
    double figure_max_height, figure_space, figure_gap;
    int caption_label_face; /* "جدول ١:" before a caption's text */
    double caption_gap;     /* leadings between a caption and its table or figure */
    mz_compose_rules justify; /* justify.*: the composer's limits (kashida_skip: from kashida_plain) */
    const char *kashida_plain; /* justify.kashida.plain_words: words never elongated */

    mz_words words[MZ_THEME_LANGS];
    int nwords;
    const char *words_fallback;
} mz_theme;

/* A theme as named: by --theme (relative to the working directory), else by
 * the front matter's theme: (relative to the document), else the default. */
typedef struct mz_theme_ref {
    const char *opt, *meta;
    const char *doc;      /* the document's path */
    const char *font_dir; /* the shipped fonts' directory, when given */
    const char *theme_dir; /* the shipped themes' directory, when given */
} mz_theme_ref;

/* Where the theme REF names lives.  A name without '/' and without a
 * .yaml/.yml ending is a shipped theme: in THEME_DIR when given, else beside the
 * shipped fonts (FONT_DIR/../themes) when that holds it, else in the
 * built-in MZ_THEME_DIR.  Writes the path into out (size n); 0 when it did
 * not fit. */
int mz_theme_path(const mz_theme_ref *ref, char *out, size_t n);

/* Reads the theme at PATH (and what it extends; FONT_DIR as in mz_theme_ref).
 * Errors are MZ_ERR_INPUT with file:line, MZ_ERR_NOMEM; th is then freed. */
mz_status mz_theme_load(mz_theme *th, const char *path, const char *font_dir, const char *theme_dir, mz_diag *d);
void mz_theme_free(mz_theme *th);
/* mz_theme_load through FS's caches (kept as long as its faces, so across
 * a batch worker's documents): the theme an earlier call read, when PATH,
 * FONT_DIR and THEME_DIR are the same and every file it was read from is
 * unchanged (device, inode, size, mtime, ctime); else read anew.  *OUT
 * belongs to FS and stands until the next call or mz_fonts_free. */
mz_status mz_theme_load_cached(const mz_theme **out, mz_fonts *fs, const char *path, const char *font_dir,
                               const char *theme_dir, mz_diag *d);

/* The words for language LANG (the fallback language's when none match). */
const mz_words *mz_theme_words(const mz_theme *th, const char *lang);
/* The key-facts box's title for LANG: its words', else the fallback's; NULL = none. */
const char *mz_theme_facts_title(const mz_theme *th, const char *lang);

/* Template fields: {title} {subtitle} {author} (or {issuer}) {unit}
 * {reference} {date} {header} (the front matter's header, else the title)
 * {footer} {page} {pages} {page_of} (the words' page_of, itself a template
 * of {page} and {pages}) {contents} {classification} (the front matter's,
 * else the theme's). */
typedef struct mz_fields {
    const mz_meta *meta;
    const mz_words *words;
    const char *classification;
    long page, pages;   /* 1-based; 0 = not on a page */
    int digit_zero;     /* the numbers' digits: the code point of their zero, 0 = European */
} mz_fields;

/* The code point of the digit zero numbers are written with (0 = European)
 * for DIGITS (mz_digits) in a document of language LANG and direction RTL:
 * native = the language's words' digits; unset = native in right-to-left
 * documents whose language has digits other than European, else Arabic-Indic
 * there and European in left-to-right ones. */
int mz_theme_digit_zero(const mz_theme *th, const char *lang, int digits, int rtl);

/* Appends TEMPLATE with its fields filled in to out. */
void mz_theme_expand(const char *tmpl, const mz_fields *f, mz_buf *out);

#endif
