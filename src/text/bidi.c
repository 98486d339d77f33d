/* bidi.c - character bidi classes for the stages above text/ (FriBidi). */
#include "text/bidi.h"

#include <fribidi.h>

mz_bidi_class mz_bidi_class_of(uint32_t c)
{
    FriBidiCharType t = fribidi_get_bidi_type(c);
    switch (t) {
    case FRIBIDI_TYPE_LTR: return MZ_BC_L;
    case FRIBIDI_TYPE_RTL:
    case FRIBIDI_TYPE_AL: return MZ_BC_R;
    case FRIBIDI_TYPE_NSM: return MZ_BC_NSM;
    case FRIBIDI_TYPE_WS: return MZ_BC_WS;
    default: return MZ_BC_OTHER;
    }
}

mz_dir mz_bidi_first_strong(const uint32_t *u, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        FriBidiCharType t = fribidi_get_bidi_type(u[i]);
        if (FRIBIDI_IS_STRONG(t)) return FRIBIDI_IS_RTL(t) ? MZ_DIR_RTL : MZ_DIR_LTR;
    }
    return MZ_DIR_AUTO;
}
