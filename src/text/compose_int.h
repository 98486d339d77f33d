/* compose_int.h - what compose.c (where lines break) and compose_line.c
 * (setting one line) share. */
#ifndef MZ_COMPOSE_INT_H
#define MZ_COMPOSE_INT_H

#include "text/compose.h"

/* Prefix sums, so a candidate line costs O(1). */
#define MZ_CS_FIXED 4

typedef struct mz_measure {
    size_t n;
    double *W;         /* W[i] = advance of characters [0, i) (clusters credited to their start) */
    double *SW;        /* SW[i] = advance of glue characters in [0, i) */
    unsigned *K;       /* K[i] = kashida sites in [0, i) */
    unsigned *WS;      /* WS[i] = words (tokens holding a letter or digit) starting in [0, i) */
    unsigned char *cs; /* cs[i]: a cluster starts at i; bit 1: its glyph is unsafe to break;
                          MZ_CS_FIXED: a space that keeps its width (in code) */
    char *brk;         /* brk[i]: break opportunity after character i */
    unsigned char *site; /* site[i] = priority (1..7) of a kashida site before character i, else 0 */
    double q;          /* width of one tatweel at this size (pt), 0 when the font cannot */
    int per_site;      /* tatweels a site may take: 0 (off), 2 (auto), 3 (kashida) */
} mz_measure;

/* A line to set: characters [s, e), content [s, ce) (trailing spaces
 * dropped), set to the given measure; last line of the paragraph, or
 * ended by a forced break. */
typedef struct mz_line_spec {
    size_t s, ce, e;
    int last, forced;
    double measure;
} mz_line_spec;

/* One paragraph being composed: what every line of it needs. */
typedef struct mz_composer {
    mz_para *p;
    const mz_measure *m;
    const mz_compose_opts *o;
    mz_fonts *fs;
    mz_lines *out;
    mz_diag *d;
    double kweight; /* weight of kashida stretch against spaces in total fit */
    double shrink;  /* how far a space may shrink, share of its width (1 - min_space) */
    const mz_compose_rules *rules;
} mz_composer;

/* The kashida sites line content [a, ce) may use: one word in the rules'
 * spread at most (mz_kashida_choose keeps them that far apart). */
unsigned mz_usable_sites(const mz_composer *c, size_t a, size_t ce);

/* Sets line LS of c's paragraph: glue, kashida (chosen, shaped, given back),
 * visual order, glyph positions; the line is appended to c->out. */
mz_status mz_compose_line(const mz_composer *c, const mz_line_spec *ls);

#endif
