/* kashida.h - kashida (tatweel) placement for the composer. */
#ifndef MZ_KASHIDA_H
#define MZ_KASHIDA_H

#include "text/compose.h"

/* Inter-word glue: the space character and the no-break space. */
static inline int mz_is_glue(uint32_t c) { return c == ' ' || c == 0x00A0; }
/* Characters dropped at a line's end (UAX #9 L1 and alreq: invisible). */
static inline int mz_is_line_space(uint32_t c)
{
    return c == ' ' || c == 0x3000 || c == 0x2028 || c == '\n';
}

/* Width of one inserted tatweel at a safe junction in font `font`, font
 * units (0 when the font cannot elongate); measured once per font.  NAN
 * when shaping ran out of memory. */
double mz_kashida_quantum(mz_fonts *fs, int font);

/* For each all-Arabic word of p, at most one site: site[i] = priority 1..7
 * of the junction before character i (lower is better), considering only
 * junctions HarfBuzz flags safe (safe[i]); none in the words the rules
 * keep plain (shorter than their minimum, or on their list). */
void mz_kashida_sites(const mz_para *p, const unsigned char *safe, const mz_compose_rules *ru,
                      unsigned char *site);

/* The words of LIST (UTF-8, separated by spaces or commas; harakat and
 * tatweel ignored) as the sorted hashes mz_compose_rules.kashida_skip
 * holds: *out malloc'd (NULL for an empty list).  0 when out of memory. */
int mz_kashida_words(const char *list, uint64_t **out, size_t *n);

/* A line's kashida sites: site[i] = priority 1..7 of the junction before
 * character i (0: none), K the prefix count of sites, each taking at most
 * per_site tatweels; the line's content is [s, ce). */
typedef struct mz_kashida_line {
    const unsigned char *site;
    const unsigned *K;
    const uint32_t *u;  /* the paragraph's text: where the line's words are */
    int per_site;
    int spread;         /* elongated words at least this many words apart */
    size_t s, ce;
} mz_kashida_line;

/* Gives up to `want` tatweels to the sites of line L (count[i - s]:
 * tatweels before character i): best priorities first across the line,
 * words `spread` apart, not the last two words while others can take them.
 * Returns how many were given (fewer when the sites cannot take them: the
 * spaces take the rest); SIZE_MAX when out of memory. */
size_t mz_kashida_choose(const mz_kashida_line *l, size_t want, unsigned char *count);

/* Takes back the tatweel given last; 0 when none is left. */
int mz_kashida_drop(const mz_kashida_line *l, unsigned char *count);

#endif
