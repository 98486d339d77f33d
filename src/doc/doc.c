/* doc.c - the document model: blocks, links, their memory. */
#include "doc/doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (!mz_grow((void **)&doc->link_note, &doc->link_note_cap, doc->nlinks + 1, sizeof *doc->link_note))
        return -1;
    doc->links[doc->nlinks] = s;
    doc->link_note[doc->nlinks] = 0;
    return (int)doc->nlinks++;
}

int mz_doc_add_note_link(mz_doc *doc, int note)
{
    char target[32];
    snprintf(target, sizeof target, "#note-%d", note);
    int i = mz_doc_add_link(doc, target);
    if (i >= 0) doc->link_note[i] = note;
    return i;
}

void mz_doc_drop_blocks(mz_doc *doc)
{
    free(doc->blocks);
    doc->blocks = NULL;
    doc->nblocks = doc->cap = 0;
}

void mz_doc_free(mz_doc *doc)
{
    free(doc->blocks);
    free(doc->links);
    free(doc->link_note);
    mz_arena_free(&doc->arena);
    memset(doc, 0, sizeof *doc);
}
