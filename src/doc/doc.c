/* doc.c - the document model's helpers and the plain-text reader. */
#include "doc/doc.h"

#include <stdlib.h>
#include <string.h>

#define MZ_MAX_BLOCKS 10000000 /* far beyond any real document; bounds memory */

mz_block *mz_doc_add_block(mz_doc *doc, mz_block_type type, int line)
{
    if (doc->nblocks >= MZ_MAX_BLOCKS) return NULL;
    if (!mz_grow((void **)&doc->blocks, &doc->cap, doc->nblocks + 1, sizeof *doc->blocks))
        return NULL;
    mz_block *b = &doc->blocks[doc->nblocks++];
    memset(b, 0, sizeof *b);
    b->type = type;
    b->line = line;
    return b;
}

int mz_doc_add_link(mz_doc *doc, const char *target)
{
    if (!mz_grow((void **)&doc->links, &doc->links_cap, doc->nlinks + 1, sizeof *doc->links))
        return -1;
    char *s = mz_arena_strdup(&doc->arena, target);
    if (!s) return -1;
    doc->links[doc->nlinks] = s;
    return (int)doc->nlinks++;
}

void mz_doc_free(mz_doc *doc)
{
    free(doc->blocks);
    free(doc->links);
    mz_arena_free(&doc->arena);
    memset(doc, 0, sizeof *doc);
}

/* Copies u[0..n) into the arena as a text with one regular span. */
static int set_plain_text(mz_doc *doc, mz_text *t, const uint32_t *u, size_t n)
{
    t->u = mz_arena_alloc(&doc->arena, (n + 1) * sizeof *u);
    t->spans = mz_arena_alloc(&doc->arena, sizeof *t->spans);
    if (!t->u || !t->spans) return 0;
    memcpy(t->u, u, n * sizeof *u);
    t->len = n;
    t->nspans = 1;
    t->spans[0] = (mz_span){0, n, 0, -1};
    return 1;
}

static int is_blank(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == 0xFEFF || c == 0x00A0 || c == 0x3000;
}

/* Lines end at LF and at the other characters Unicode calls line or
 * paragraph separators (VT, FF, NEL, U+2028, U+2029): no font draws them. */
static int line_end(uint32_t c)
{
    return c == '\n' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Plain text: one paragraph per line; blank lines are ignored; a UTF-8 BOM
 * and CR before LF are dropped. */
mz_status mz_read_text(mz_doc *doc, const char *data, size_t len, mz_diag *d)
{
    size_t n;
    uint32_t *u = mz_utf8_decode(data, len, &n, d, doc->name, 0);
    if (!u) return mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory", doc->name);
    if (d->status != MZ_OK) {
        free(u);
        return d->status;
    }
    size_t i = 0;
    int line = 1;
    while (i < n) {
        size_t s = i;
        while (i < n && !line_end(u[i])) i++;
        size_t e = i;
        int this_line = line;
        if (i < n) i++; /* the newline */
        line++;
        while (s < e && is_blank(u[s])) s++;
        while (e > s && is_blank(u[e - 1])) e--;
        if (s == e) continue;
        mz_block *b = mz_doc_add_block(doc, MZ_BLOCK_PARA, this_line);
        if (!b || !set_plain_text(doc, &b->text, u + s, e - s)) {
            free(u);
            int limit = !b && doc->nblocks >= MZ_MAX_BLOCKS;
            return mz_fail(d, limit ? MZ_ERR_LIMIT : MZ_ERR_NOMEM, "%s:%d: %s", doc->name, this_line,
                           limit ? "too many paragraphs (limit 10 000 000)" : "out of memory");
        }
        /* tabs and other controls inside a paragraph read as spaces */
        for (size_t k = 0; k < b->text.len; k++)
            if (b->text.u[k] == '\t' || b->text.u[k] == '\r' || b->text.u[k] == 0xFEFF)
                b->text.u[k] = ' ';
    }
    free(u);
    return MZ_OK;
}

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
    doc->meta.lang = "ar";
    char *u8 = NULL;
    size_t n8 = 0;
    int wide = wide_to_utf8((const unsigned char *)data, len, &u8, &n8);
    if (wide < 0) return mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory", name);
    if (wide) data = u8, len = n8;
    mz_status st = ends_with(name, ".txt") ? mz_read_text(doc, data, len, d) : mz_read_markdown(doc, data, len, d);
    free(u8);
    return st;
}
