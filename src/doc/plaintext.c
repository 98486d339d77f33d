/* plaintext.c - the plain-text reader: one paragraph per line. */
#include "doc/doc.h"

#include <stdlib.h>
#include <string.h>

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
