/* layout_dump.c - the stable text dump of the display lists (--dump=pages). */
#include "layout/layout_int.h"

#include <stdint.h>

static const char *kind_name(mz_item_kind k)
{
    switch (k) {
    case MZ_ITEM_GLYPHS: return "glyphs";
    case MZ_ITEM_RECT: return "rect";
    case MZ_ITEM_LINE: return "line";
    case MZ_ITEM_CIRCLE: return "circle";
    case MZ_ITEM_LINK: return "link";
    case MZ_ITEM_IMAGE: return "image";
    }
    return "?";
}

void mz_layout_dump(const mz_layout *L, mz_fonts *fs, mz_buf *out)
{
    mz_buf_printf(out, "document: %zu pages, %.2f x %.2f, %s\n", L->npages, L->width, L->height,
                  L->rtl ? "rtl" : "ltr");
    for (size_t o = 0; o < L->noutline; o++)
        mz_buf_printf(out, "outline %d page=%d y=%.2f: %s\n", L->outline[o].level,
                      L->outline[o].page + 1, L->outline[o].y, L->outline[o].title);
    for (size_t p = 0; p < L->npages; p++) {
        const mz_page *P = &L->pages[p];
        mz_buf_printf(out, "page %zu: %zu items\n", p + 1, P->n);
        for (size_t i = 0; i < P->n; i++) {
            const mz_item *it = &P->items[i];
            mz_buf_printf(out, "  %s x=%.2f y=%.2f", kind_name(it->kind), it->x, it->y);
            if (it->kind == MZ_ITEM_GLYPHS) {
                mz_buf_printf(out, " font=%s size=%.2f n=%zu text=", fs->fonts[it->font]->psname,
                              it->size, it->ng);
                /* the logical text the glyphs stand for */
                uint32_t lo = UINT32_MAX, hi = 0;
                for (size_t k = 0; k < it->ng; k++) {
                    if (!it->g[k].cn) continue;
                    if (it->g[k].cl < lo) lo = it->g[k].cl;
                    if (it->g[k].cl + it->g[k].cn > hi) hi = it->g[k].cl + it->g[k].cn;
                }
                for (uint32_t c = lo; c < hi && c < it->text_len; c++) mz_utf8_put(out, it->text[c]);
                mz_buf_puts(out, " gids=");
                for (size_t k = 0; k < it->ng; k++)
                    mz_buf_printf(out, "%s%u@%.2f", k ? "," : "", it->g[k].gid, it->g[k].x);
            } else {
                mz_buf_printf(out, " w=%.2f h=%.2f", it->w, it->h);
                if (it->kind == MZ_ITEM_LINK) mz_buf_printf(out, " uri=%s", it->uri);
                if (it->kind == MZ_ITEM_IMAGE) mz_buf_printf(out, " file=%s", it->image);
            }
            mz_buf_puts(out, "\n");
        }
    }
}
