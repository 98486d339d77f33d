/* breaks.c - UAX #14 line-break opportunities through libunibreak. */
#include "text/breaks.h"

#include <linebreak.h>
#include <linebreakdef.h>
#include <pthread.h>

_Static_assert(MZ_BREAK_MUST == LINEBREAK_MUSTBREAK && MZ_BREAK_ALLOW == LINEBREAK_ALLOWBREAK &&
                   MZ_BREAK_NONE == LINEBREAK_NOBREAK && MZ_BREAK_INSIDE_CHAR == LINEBREAK_INSIDEACHAR,
               "breaks.h names libunibreak's values");

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;
static void lb_init(void) { init_linebreak(); }

static int is_regional_indicator(uint32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

/* Code points libunibreak 1.1 cannot take: it has the regional-indicator
 * class in its data but not in its pair table (assertion lbcNew <= LBP_JT),
 * and it reads U+FFFF as the end of the text (assertion in set_linebreaks).
 * They are given to it as characters that break the same way: an
 * ideograph for a flag letter (breaks around it, as for an emoji), U+FFFE
 * (unknown, like any noncharacter) for U+FFFF and anything outside Unicode. */
static uint32_t unibreak_safe(uint32_t c)
{
    if (is_regional_indicator(c)) return 0x2F00;
    if (c == 0xFFFF || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0xFFFE;
    return c;
}

/* libunibreak's reader over U+FFFE-substituted text, so that nothing is
 * copied (and no allocation can fail) */
static utf32_t next_safe(const void *s, size_t len, size_t *ip)
{
    if (*ip >= len) return EOS;
    return unibreak_safe(((const uint32_t *)s)[(*ip)++]);
}

void mz_break_opportunities(const uint32_t *u, size_t len, const char *lang, char *brks)
{
    pthread_once(&lb_once, lb_init);
    if (!len) return;
    set_linebreaks(u, len, lang, brks, next_safe);
    size_t nri = 0;
    for (size_t i = 0; i < len; i++)
        if (is_regional_indicator(u[i])) nri++;
    if (!nri) return;
    /* keep each flag pair whole (UAX #14 LB30a) */
    for (size_t i = 0; i + 1 < len;) {
        if (is_regional_indicator(u[i]) && is_regional_indicator(u[i + 1])) {
            if (brks[i] == LINEBREAK_ALLOWBREAK) brks[i] = LINEBREAK_NOBREAK;
            i += 2;
        } else {
            i++;
        }
    }
}
