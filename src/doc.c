/* doc.c - the document model's helpers and the plain-text reader. */
#include "doc.h"

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
        while (i < n && u[i] != '\n') i++;
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
            return mz_fail(d, b ? MZ_ERR_NOMEM : MZ_ERR_LIMIT, "%s:%d: %s", doc->name, this_line,
                           b ? "out of memory" : "too many paragraphs (limit 10 000 000)");
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

mz_status mz_doc_read(mz_doc *doc, const char *name, const char *data, size_t len, mz_diag *d)
{
    doc->name = name;
    doc->meta.lang = "ar";
    if (ends_with(name, ".txt")) return mz_read_text(doc, data, len, d);
    return mz_read_markdown(doc, data, len, d);
}
