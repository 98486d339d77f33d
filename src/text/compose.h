/* compose.h - line breaking, justification and per-line visual order. */
#ifndef MZ_COMPOSE_H
#define MZ_COMPOSE_H

#include "text/breaks.h" /* mz_break_opportunities, for the stages above */
#include "text/itemize.h"

/* A positioned glyph of a composed line, in visual order (left to right). */
typedef struct mz_pglyph {
    uint32_t gid;
    float x, y;        /* pen position + offset, pt, relative to the line's left end / baseline */
    uint32_t cl;       /* first character of its cluster (paragraph index) */
    uint32_t cn;       /* number of characters in the cluster (0 for inserted glyphs) */
    uint16_t font;
    uint16_t flags;    /* MZ_GF_* */
    uint32_t style;    /* run style bits; link index + 1 in the high 16 bits */
} mz_pglyph;

typedef struct mz_line {
    size_t start, end;  /* logical character range [start, end), trailing spaces included */
    double width;       /* the measure it was set to */
    double natural;     /* natural width of its content, trailing spaces excluded */
    double used;        /* width after justification (== width when justified) */
    double ratio;       /* adjustment ratio: (width - natural) / stretch (or / shrink) */
    int kashida;        /* tatweels inserted */
    int last;           /* last line of the paragraph (set ragged) */
    int fallback;       /* 1 when total-fit gave up and first-fit set this paragraph */
    double ascent, descent; /* ink extents above/below the baseline, pt (descent > 0) */
    mz_pglyph *g;
    size_t ng;
} mz_line;

/* The house style's limits on justification (the theme's justify section;
 * mz_compose_defaults when a caller gives none). */
typedef struct mz_compose_rules {
    double min_space;     /* a justified space shrinks to no less than this share of its width */
    double last_full;     /* a last line longer than this share of the measure is charged */
    int last_min_words;   /* and one with fewer words (punctuation aside), when it follows another line */
    double last_demerits; /* the charge, in Knuth-Plass demerits */
    int kashida_min_letters; /* words of fewer letters take no kashida */
    int kashida_spread;   /* elongated words on a line are at least this many words apart */
    const uint64_t *kashida_skip; /* words that take no kashida (mz_kashida_words), sorted */
    size_t nkashida_skip;
} mz_compose_rules;

extern const mz_compose_rules mz_compose_defaults;

struct mz_lines;

typedef struct mz_compose_opts {
    double measure;      /* line width, pt */
    double first_indent; /* extra indent of the first line, pt */
    mz_justify justify;  /* AUTO/SPACES/KASHIDA justify; NONE = ragged */
    int first_fit;       /* 1 = greedy first fit instead of total fit (for comparison) */
    const mz_compose_rules *rules; /* NULL: mz_compose_defaults */
    /* a paragraph composed in windows hands each window's lines, once final,
     * to flush (LAST: the paragraph's last), which places and empties *out:
     * its glyphs (28 bytes a character) are then never all there at once.
     * NULL: all lines stay in *out. */
    mz_status (*flush)(void *ud, struct mz_lines *out, int last);
    void *flush_ud;
} mz_compose_opts;

typedef struct mz_lines {
    mz_line *v;
    size_t n, cap;
} mz_lines;

/* A paragraph of more than MZ_COMPOSE_WHOLE characters is composed in
 * windows: each window is composed through MZ_COMPOSE_LOOKAHEAD characters
 * more, the lines that end within its first MZ_COMPOSE_WINDOW characters
 * are kept, and the next window starts where the last of them ends.  The
 * lookahead (about 110 lines at a briefing's measure) is far more than
 * total fit needs for its early breaks to settle (on a paragraph of 250 000
 * characters every break is the one composing it whole finds), and memory
 * then grows with the window, not the paragraph (the lines too, when a
 * flush takes them as they come).  Shorter paragraphs are composed whole. */
#define MZ_COMPOSE_WINDOW 32768
#define MZ_COMPOSE_LOOKAHEAD 8192
#define MZ_COMPOSE_WHOLE (MZ_COMPOSE_WINDOW + MZ_COMPOSE_LOOKAHEAD)

/* Breaks the paragraph into lines; appends to *out.  P is shaped
 * (mz_shape_para), or, when longer than MZ_COMPOSE_WHOLE, may be left
 * unshaped (no glyphs) to be shaped a window at a time. */
mz_status mz_compose(mz_para *p, const mz_compose_opts *o, mz_fonts *fs, mz_lines *out, mz_diag *d);
void mz_lines_free(mz_lines *l);

/* Inter-word glue's stretch, as a fraction of the space width (its shrink
 * is the rules' 1 - min_space: alreq, the minimum is hard). */
#define MZ_SPACE_STRETCH 0.5  /* a space may grow by half its width at ratio 1 */

#endif
