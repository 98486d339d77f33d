/* fuzz_linebreak.c - libFuzzer target: UAX #14 break opportunities
 * (mz_break_opportunities over libunibreak) on arbitrary 32-bit values:
 * noncharacters, surrogates, values past Unicode, flag letters.
 *
 * The first byte picks the language; then every 4 bytes are one value.
 * The last position must be a mandatory break, every other one a known
 * break class. */
#include <linebreak.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/breaks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5) return 0;
    static const char *const langs[] = {"ar", "en", "zh", "ja", "ko", "", NULL, "x"};
    const char *lang = langs[data[0] & 7];
    size_t n = (size - 1) / 4;
    uint32_t *u = malloc(n * sizeof *u);
    char *brk = malloc(n);
    if (!u || !brk) abort();
    memcpy(u, data + 1, n * sizeof *u);
    memset(brk, 0x55, n);
    mz_break_opportunities(u, n, lang, brk);
    if (brk[n - 1] != LINEBREAK_MUSTBREAK) abort();
    for (size_t i = 0; i < n; i++) {
        if (brk[i] != LINEBREAK_MUSTBREAK && brk[i] != LINEBREAK_ALLOWBREAK && brk[i] != LINEBREAK_NOBREAK)
            abort(); /* UTF-32 has no positions inside a character */
    }
    free(u);
    free(brk);
    return 0;
}
