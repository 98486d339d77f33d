/* breaks.c - UAX #14 line-break opportunities through libunibreak (Arabic prose and its numbers without it). */
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

/* ---- Arabic prose without libunibreak ----------------------------------------- */

/* The UAX #14 classes of plain Arabic prose: letters (AL), harakat (CM),
 * the space, full stops, commas and colons (IS) and semicolons, question
 * and exclamation marks (EX); 0 for anything else.  Digits (NU: ASCII,
 * Arabic-Indic, Eastern Arabic-Indic, the Arabic decimal and thousands
 * separators) break as letters do beside these: LB23 joins letters and
 * digits both ways, LB25 digits after digits and IS, LB13 and LB7 keep IS,
 * EX and SP after them, LB18 and LB31 break after SP and EX before them. */
enum { P_NONE, P_AL, P_CM, P_SP, P_IS, P_EX };

static int prose_class(uint32_t c)
{
    if (c == 0x20) return P_SP;
    if ((c >= 0x0621 && c <= 0x063A) || (c >= 0x0640 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3) || c == 0x06D5)
        return P_AL;
    if ((c >= 0x0030 && c <= 0x0039) || (c >= 0x0660 && c <= 0x0669) || c == 0x066B || c == 0x066C ||
        (c >= 0x06F0 && c <= 0x06F9))
        return P_AL;
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670) return P_CM;
    if (c == 0x2E || c == 0x2C || c == 0x3A || c == 0x060C) return P_IS;
    if (c == 0x21 || c == 0x3F || c == 0x061B || c == 0x061F) return P_EX;
    return P_NONE;
}

/* A paragraph of those classes breaks after its spaces and after a
 * question or exclamation mark before a letter, nowhere else: LB7 and LB13
 * keep a space, a stop or a mark with what precedes it (after spaces too),
 * LB9 keeps harakat with their letter, LB18 breaks after spaces (before
 * harakat too: LB10 makes them letters there), LB28-LB29 join letters
 * after letters and stops, and LB31 breaks a letter from a mark before it;
 * LB3 ends the text.  As libunibreak 1.1 has it, harakat after a stop or
 * mark are letters (test_linebreak: "combining marks") and a space that
 * starts the text is kept with what follows.  About 190 instructions a
 * character in libunibreak, a tenth here; test_linebreak compares both.
 * 0 when the paragraph holds anything else. */
static int prose_breaks(const uint32_t *u, size_t len, char *brks)
{
    int x = prose_class(u[0]);
    for (size_t i = 0; i < len; i++) {
        int y = i + 1 < len ? prose_class(u[i + 1]) : P_SP;
        if (!x || !y) return 0;
        int keep = y == P_SP || y == P_IS || y == P_EX || (y == P_CM && x != P_SP) || (i == 0 && x == P_SP);
        brks[i] = !keep && (x == P_SP || x == P_EX) ? MZ_BREAK_ALLOW : MZ_BREAK_NONE;
        x = y;
    }
    brks[len - 1] = MZ_BREAK_MUST;
    return 1;
}

void mz_break_opportunities(const uint32_t *u, size_t len, const char *lang, char *brks)
{
    pthread_once(&lb_once, lb_init);
    if (!len) return;
    if (prose_breaks(u, len, brks)) return;
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
