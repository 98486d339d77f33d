/* reader.c - what the Markdown and front-matter readers share: errors. */
#include "doc/markdown_int.h"

#include <string.h>

mz_status mz_md_oom(reader *r)
{
    return mz_fail(r->d, MZ_ERR_NOMEM, "%s: out of memory", r->name);
}

/* Copies s (n bytes) for a message: at most MZ_QUOTE_MAX bytes, cut at a
 * UTF-8 character boundary, with "..." when clipped. */
const char *mz_md_clip(char out[MZ_QUOTE_MAX + 4], const char *s, size_t n)
{
    if (n <= MZ_QUOTE_MAX) {
        memcpy(out, s, n);
        out[n] = 0;
        return out;
    }
    size_t k = MZ_QUOTE_MAX;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    memcpy(out, s, k);
    memcpy(out + k, "...", 4);
    return out;
}
