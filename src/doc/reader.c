/* reader.c - what the Markdown, front-matter and data-block readers share: errors, paths. */
#include "doc/markdown_int.h"

#include <ctype.h>
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

/* SRC as a path: relative ones against the directory of the document (the
 * working directory for standard input); "" for a URL, which is not fetched. */
char *mz_md_doc_path(reader *r, const char *src)
{
    size_t k = 0;
    while (isalnum((unsigned char)src[k]) || src[k] == '+' || src[k] == '-' || src[k] == '.') k++;
    if (k > 1 && src[k] == ':') return mz_arena_strdup(&r->doc->arena, ""); /* a scheme (a: is a drive) */
    const char *slash = strrchr(r->name, '/');
    if (src[0] == '/' || !slash || r->name[0] == '<') return mz_arena_strdup(&r->doc->arena, src);
    size_t dl = (size_t)(slash - r->name) + 1, sl = strlen(src);
    char *p = mz_arena_alloc(&r->doc->arena, dl + sl + 1);
    if (!p) return NULL;
    memcpy(p, r->name, dl);
    memcpy(p + dl, src, sl + 1);
    return p;
}
