/* layout_fonts.c - the bold, italic and bold-italic faces of a family font, or the nearest with a warning. */
#include "layout/layout_int.h"

/* The faces (bits 1 << mz_face) text in ROLE_FACE with T's spans is set in:
 * a span's bold and italic bits add to the role's face as mz_face's do. */
static unsigned text_faces(const mz_text *t, int role_face)
{
    unsigned faces = t->nspans ? 0 : 1u << role_face;
    for (size_t i = 0; i < t->nspans; i++)
        faces |= 1u << ((unsigned)role_face | (t->spans[i].style & (MZ_STYLE_BOLD | MZ_STYLE_ITALIC)));
    return faces;
}

static unsigned block_faces(const mz_lay *Y, const mz_block *b)
{
    const mz_theme *th = Y->th;
    unsigned faces = 0;
    switch (b->type) {
    case MZ_BLOCK_PARA:
    case MZ_BLOCK_NOTE: /* a footnote's text, in the body's faces */
        faces = text_faces(&b->text, th->body.face);
        if (b->list_depth && b->item_start) faces |= 1u << (b->ordered ? th->number_face : th->bullet_face);
        break;
    case MZ_BLOCK_CODE: faces = text_faces(&b->text, th->code.face); break;
    case MZ_BLOCK_HEADING:
        faces = text_faces(&b->text, th->h[b->level > 0 && b->level <= 6 ? b->level - 1 : 0].text.face);
        break;
    case MZ_BLOCK_IMAGE: faces = text_faces(&b->text, th->caption.face); break;
    case MZ_BLOCK_TABLE:
        for (size_t c = 0; c < b->rows * b->cols; c++)
            faces |= text_faces(&b->cells[c], c < b->cols ? th->table_header.face : th->table_cell.face);
        break;
    case MZ_BLOCK_TIMELINE:
        for (size_t e = 0; e < b->nevents; e++) faces |= text_faces(&b->events[e].label, th->tl_label.face);
        if (b->nevents) faces |= 1u << th->tl_year.face;
        break;
    case MZ_BLOCK_FACTS: faces = 1u << th->facts_title.face | 1u << th->facts_item.face; break;
    case MZ_BLOCK_CHART: /* its labels and numbers */
        faces |= 1u << th->chart_label.face | text_faces(&b->caption, th->caption.face);
        break;
    case MZ_BLOCK_HR: break;
    }
    return faces;
}

/* Every face the document sets text in: its blocks and what the theme adds
 * (cover, contents, header and footer). */
static unsigned doc_faces(const mz_lay *Y)
{
    const mz_theme *th = Y->th;
    const mz_meta *m = &Y->doc->meta;
    unsigned faces = 1u << th->header.text.face | 1u << th->footer.text.face;
    if (th->cover_on && (m->title || m->subtitle || m->author || m->date))
        faces |= 1u << th->cover_title.face | 1u << th->cover_subtitle.face | 1u << th->cover_byline.face |
                 1u << th->band_start.face | 1u << th->band_end.face;
    if (th->cover_on && m->nfacts) faces |= 1u << th->facts_title.face | 1u << th->facts_item.face;
    if (m->toc) faces |= 1u << th->toc_title.face | 1u << th->toc_entry.face | 1u << th->toc_entry_top.face;
    for (size_t i = 0; i < Y->doc->nblocks; i++) faces |= block_faces(Y, &Y->doc->blocks[i]);
    return faces;
}

int mz_lay_family_face(mz_lay *Y, int face, int near, int first_pass)
{
    const char *family = Y->opts->font ? Y->opts->font : Y->doc->meta.font;
    if (!family || !mz_font_is_family(family)) return near; /* a file: its own faces only */
    int i = mz_fonts_load_style(Y->fs, family, face & MZ_FACE_BOLD, face & MZ_FACE_ITALIC, Y->d);
    if (i == -1) return -1;
    if (i >= 0) return i; /* the regular face itself when it was named in that style ("X:bold") */
    /* the text in that face is set in the nearest one: said once (the
     * contents' second pass loads the faces again), and only when the
     * document has such text, since many Arabic families have no italic */
    static const char *const names[] = {"regular", "bold", "italic", "bold italic"};
    if (first_pass && (doc_faces(Y) >> face & 1) &&
        mz_warn(Y->d, "%s face of '%s' not installed; using %s", names[face], family,
                Y->fs->fonts[near]->name))
        return -1;
    return near;
}
