/* layout_digits.c - body_digits: the text's European digits in the document's, in a copy the text layer reads. */
#include "layout/layout_int.h"
#include "text/itemize.h"

#include <string.h>

const mz_text *mz_lay_body_digits(mz_lay *Y, const mz_text *t, mz_text *copy)
{
    const mz_options *o = Y->opts;
    int on = o && o->body_digits ? o->body_digits > 0 : Y->doc && Y->doc->meta.body_digits > 0;
    if (!on || Y->arabic_digits <= '0') return t; /* European digits: nothing to change */
    size_t i = 0;
    while (i < t->len && (t->u[i] < '0' || t->u[i] > '9')) i++;
    if (i == t->len) return t;
    /* a copy, not the document's text: what is drawn and what the text layer
     * says (ToUnicode, ActualText index the set's text) must be the same
     * characters, and the document model stays as read (--dump=doc) */
    uint32_t *u = mz_arena_alloc(&Y->L->arena, t->len * sizeof *u);
    if (!u) return NULL;
    memcpy(u, t->u, t->len * sizeof *u);
    if (!mz_text_digits(u, t->len, t->spans, t->nspans, (uint32_t)Y->arabic_digits)) return t;
    *copy = *t;
    copy->u = u;
    return copy;
}
