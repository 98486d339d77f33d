/* read.c - a document's bytes to the model: encoding (UTF-16/32 with a BOM),
 * then the plain-text or the Markdown reader by the name's extension. */
#include "doc/doc.h"

#include <stdlib.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A UTF-16 or UTF-32 file with its byte-order mark, as Windows editors
 * save "Unicode" text, as UTF-8 (malloc'd into *out): 0 when DATA has no
 * such mark, -1 on OOM.  Unpaired surrogates and values past Unicode
 * become U+FFFD, as invalid UTF-8 does. */
static int wide_to_utf8(const unsigned char *p, size_t n, char **out, size_t *out_len)
{
    int unit, be;
    if (n >= 4 && p[0] == 0xFF && p[1] == 0xFE && !p[2] && !p[3]) unit = 4, be = 0;
    else if (n >= 4 && !p[0] && !p[1] && p[2] == 0xFE && p[3] == 0xFF) unit = 4, be = 1;
    else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) unit = 2, be = 0;
    else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) unit = 2, be = 1;
    else return 0;
    mz_buf b = {0};
    for (size_t i = (size_t)unit; i + (size_t)unit <= n; i += (size_t)unit) {
        uint32_t c = 0;
        for (int k = 0; k < unit; k++) c |= (uint32_t)p[i + (size_t)(be ? k : unit - 1 - k)] << (8 * (unit - 1 - k));
        if (unit == 2 && c >= 0xD800 && c <= 0xDBFF && i + 4 <= n) {
            uint32_t lo = be ? (uint32_t)p[i + 2] << 8 | p[i + 3] : (uint32_t)p[i + 3] << 8 | p[i + 2];
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || c == 0) c = 0xFFFD;
        mz_utf8_put(&b, c);
    }
    if (b.oom) {
        mz_buf_free(&b);
        return -1;
    }
    *out = b.data ? b.data : calloc(1, 1);
    *out_len = b.len;
    return *out ? 1 : -1;
}

mz_status mz_doc_read(mz_doc *doc, const char *name, const char *data, size_t len, mz_diag *d)
{
    doc->name = name;
    doc->meta.lang = MZ_DEFAULT_LANG;
    char *u8 = NULL;
    size_t n8 = 0;
    int wide = wide_to_utf8((const unsigned char *)data, len, &u8, &n8);
    if (wide < 0) return mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory", name);
    if (wide) data = u8, len = n8;
    mz_status st = ends_with(name, ".txt") ? mz_read_text(doc, data, len, d) : mz_read_markdown(doc, data, len, d);
    free(u8);
    return st;
}
