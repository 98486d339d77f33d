/* breaks.h - UAX #14 line-break opportunities, in names of mujaz's own. */
#ifndef MZ_BREAKS_H
#define MZ_BREAKS_H

#include <stddef.h>
#include <stdint.h>

/* What brks[i] of mz_break_opportunities says of the position after u[i]:
 * libunibreak's values, named here so no stage above needs its header. */
enum { MZ_BREAK_MUST = 0, MZ_BREAK_ALLOW = 1, MZ_BREAK_NONE = 2, MZ_BREAK_INSIDE_CHAR = 3 };

/* UAX #14 break opportunities (libunibreak): brks[i] says whether a line may
 * (MZ_BREAK_ALLOW) or must (MZ_BREAK_MUST) end after u[i]. */
void mz_break_opportunities(const uint32_t *u, size_t len, const char *lang, char *brks);

#endif
