/* bidi.h - the bidirectional class of a character and the first strong
 * direction of a text, for the stages above text/ (which must not reach
 * FriBidi themselves). */
#ifndef MZ_BIDI_H
#define MZ_BIDI_H

#include <stddef.h>
#include <stdint.h>

#include "mujaz.h"

/* The classes the layout and PDF stages tell apart; every other bidi class
 * is MZ_BC_OTHER. */
typedef enum mz_bidi_class {
    MZ_BC_OTHER,
    MZ_BC_L,    /* strong left to right */
    MZ_BC_R,    /* strong right to left: R or AL */
    MZ_BC_NSM,  /* non-spacing mark: takes the direction of its base */
    MZ_BC_WS    /* whitespace */
} mz_bidi_class;

mz_bidi_class mz_bidi_class_of(uint32_t c);

/* The direction of the first strong character of u[0..len) (UAX #9 P2-P3),
 * or MZ_DIR_AUTO when there is none. */
mz_dir mz_bidi_first_strong(const uint32_t *u, size_t len);

#endif
