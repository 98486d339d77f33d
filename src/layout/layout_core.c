/* layout_core.c - page state under every block type: pages, primitives, setting and placing lines. */
#include "layout/layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/kashida.h"
#include "text/shape.h"

/* A link's box ends at its last glyph's origin: half an em more covers that
 * glyph (its advance is not at hand here). */
#define MZ_LINK_TAIL 0.5
/* The code wrap mark's size, of the code's: it fits the panel's pad. */
#define MZ_WRAP_MARK_SIZE 0.7

/* ---- primitives ------------------------------------------------------------ */

/* Hands pages [L->flushed, upto) to the sink and frees their items. */
mz_status mz_lay_flush(mz_lay *Y, size_t upto)
{
    mz_layout *L = Y->L;
    if (!L->sink) return MZ_OK;
    for (; L->flushed < upto; L->flushed++) {
        mz_page *P = &L->pages[L->flushed];
        mz_status st = L->sink(L->sink_ud, L, L->flushed);
        free(P->items);
        P->items = NULL;
        P->n = P->cap = 0;
        mz_arena_free(&P->arena);
        if (st) return st;
    }
    return MZ_OK;
}

/* libharu's page tree holds at most this many pages (HPDF_LIMIT_MAX_ARRAY
 * for the root's /Kids); past it the PDF writer would fail obscurely. */
#define MZ_MAX_PAGES 32767

mz_status mz_lay_new_page(mz_lay *Y)
{
    mz_layout *L = Y->L;
    if (L->npages >= MZ_MAX_PAGES)
        return mz_fail(Y->d, MZ_ERR_LIMIT,
                       "%s:%d: the document needs more than %d pages, the most a PDF mujaz "
                       "writes holds",
                       Y->doc->name, Y->line, MZ_MAX_PAGES);
    /* the page left gets its footnotes first: only then is it complete */
    mz_status fst = Y->page >= 0 && Y->page_hook ? Y->page_hook(Y, 1) : MZ_OK;
    if (!fst) fst = mz_lay_flush(Y, L->npages); /* every page so far is complete */
    if (fst) return fst;
    if (!mz_grow((void **)&L->pages, &L->pages_cap, L->npages + 1, sizeof *L->pages))
        return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory adding a page");
    memset(&L->pages[L->npages], 0, sizeof *L->pages);
    Y->page = (int)L->npages++;
    Y->y = Y->top;
    return Y->page_hook ? Y->page_hook(Y, 0) : MZ_OK;
}

mz_status mz_lay_need(mz_lay *Y, double need)
{
    if (Y->page < 0 || (Y->y - need < Y->bottom - 0.01 && Y->y < Y->top - 0.01))
        return mz_lay_new_page(Y);
    return MZ_OK;
}

mz_item *mz_lay_item(mz_lay *Y, mz_item_kind kind)
{
    if (Y->page < 0 && mz_lay_new_page(Y)) return NULL;
    mz_page *pg = &Y->L->pages[Y->page];
    if (!mz_grow((void **)&pg->items, &pg->cap, pg->n + 1, sizeof *pg->items)) {
        mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory adding to a page");
        return NULL;
    }
    mz_item *it = &pg->items[pg->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    /* text, images and links carry content; rules, fills and discs are
     * the page's decoration (artifacts), furniture its pagination */
    if (kind == MZ_ITEM_GLYPHS || kind == MZ_ITEM_IMAGE || kind == MZ_ITEM_LINK || Y->tag < 0)
        it->tag = Y->tag;
    return it;
}

mz_status mz_lay_fill(mz_lay *Y, double x, double y, double w, double h, mz_rgb color)
{
    mz_item *it = mz_lay_item(Y, MZ_ITEM_RECT);
    if (!it) return Y->d->status;
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->fill = color;
    it->filled = 1;
    it->color = color;
    return MZ_OK;
}

mz_status mz_lay_line(mz_lay *Y, double x0, double y0, double x1, double y1, mz_rgb color,
                      double width)
{
    mz_item *it = mz_lay_item(Y, MZ_ITEM_LINE);
    if (!it) return Y->d->status;
    it->x = x0;
    it->y = y0;
    it->w = x1 - x0;
    it->h = y1 - y0;
    it->color = color;
    it->stroke = 1;
    it->line_width = width;
    return MZ_OK;
}

uint32_t *mz_lay_utf32(mz_lay *Y, const char *s, size_t *len)
{
    mz_diag quiet = {0};
    size_t n;
    uint32_t *tmp = mz_utf8_decode(s, strlen(s), &n, &quiet, "", 0);
    if (!tmp) return NULL;
    uint32_t *u = mz_arena_alloc(&Y->L->arena, (n + 1) * sizeof *u);
    if (u) memcpy(u, tmp, n * sizeof *u);
    free(tmp);
    *len = n;
    return u;
}

uint32_t *mz_lay_number(mz_lay *Y, long n, size_t *len)
{
    mz_buf b = {0};
    mz_format_number(&b, n, Y->arabic_digits);
    uint32_t *u = b.oom ? NULL : mz_lay_utf32(Y, b.data ? b.data : "", len);
    mz_buf_free(&b);
    return u;
}

/* ---- setting text ---------------------------------------------------------- */

void mz_set_free(mz_set *set) { mz_lines_free(&set->lines); }

void mz_lay_para_style(const mz_lay *Y, const mz_tstyle *ts, mz_para_style *ps)
{
    memset(ps, 0, sizeof *ps);
    ps->dir = ts->dir ? ts->dir : (Y->rtl ? MZ_DIR_RTL : MZ_DIR_LTR);
    if (Y->doc && Y->doc->meta.dir == MZ_DIR_AUTO && !ts->dir) ps->dir = MZ_DIR_AUTO;
    ps->size = ts->size;
    ps->lang = Y->lang;
    /* the role's face takes the regular slot; emphasis adds to it */
    int bold = ts->face == MZ_FACE_BOLD || ts->face == MZ_FACE_BOLD_ITALIC;
    int italic = ts->face == MZ_FACE_ITALIC || ts->face == MZ_FACE_BOLD_ITALIC;
    ps->font_regular = bold     ? (italic ? Y->f_bold_italic : Y->f_bold)
                       : italic ? Y->f_italic
                                : Y->f_regular;
    ps->font_bold = italic ? Y->f_bold_italic : Y->f_bold;
    ps->font_italic = bold ? Y->f_bold_italic : Y->f_italic;
    ps->font_bold_italic = Y->f_bold_italic;
    ps->font_code = Y->f_mono + 1;
    ps->super_scale = Y->th->super_size;
    ps->super_rise = Y->th->super_rise;
}

/* The digits of footnote references (ASCII from the reader) in the
 * document's digits: a copy of T's characters, in the layout's arena, when
 * that changes any; else T's own. */
static int is_note_digit(const mz_text *t, size_t s, size_t i)
{
    return (t->spans[s].style & MZ_STYLE_SUPER) && t->u[i] >= '0' && t->u[i] <= '9';
}

static const uint32_t *note_digits(mz_lay *Y, const mz_text *t)
{
    if (!Y->arabic_digits) return t->u;
    uint32_t *u = NULL;
    for (size_t s = 0; s < t->nspans; s++)
        for (size_t i = t->spans[s].start; i < t->spans[s].end && i < t->len; i++) {
            if (!is_note_digit(t, s, i)) continue;
            if (!u) {
                if (!(u = mz_arena_alloc(&Y->L->arena, (t->len + 1) * sizeof *u))) return NULL;
                memcpy(u, t->u, t->len * sizeof *u);
            }
            u[i] = 0x0660 + (t->u[i] - '0');
        }
    return u ? u : t->u;
}

static double set_need(const mz_lay *Y, const mz_set *set);
/* The theme's justify rules with its plain words hashed, once per layout
 * (the hashes live in the layout's arena). */
static mz_status lay_rules(mz_lay *Y)
{
    uint64_t *h;
    size_t n;
    if (Y->rules_ready) return MZ_OK;
    if (!mz_kashida_words(Y->th->kashida_plain, &h, &n))
        return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory reading the theme's plain words");
    Y->rules = Y->th->justify;
    uint64_t *copy = n ? mz_arena_alloc(&Y->L->arena, n * sizeof *copy) : NULL;
    if (n && copy) memcpy(copy, h, n * sizeof *copy);
    free(h);
    if (n && !copy) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory reading the theme's plain words");
    Y->rules.kashida_skip = copy;
    Y->rules.nkashida_skip = n;
    Y->rules_ready = 1;
    return MZ_OK;
}

/* A window's lines of a long paragraph, handed on to be placed. */
typedef struct set_flush {
    mz_lay *Y;
    mz_set *set;
} set_flush;

static mz_status flush_lines(void *ud, mz_lines *out, int last)
{
    set_flush *f = ud;
    f->set->need = set_need(f->Y, f->set);
    mz_status st = f->Y->para_flush(f->Y, f->set, last, f->Y->para_flush_ud);
    mz_lines_free(out);
    return st;
}

mz_status mz_lay_set_text(mz_lay *Y, const mz_text *t, const mz_tstyle *ts, double measure,
                          mz_set *set)
{
    memset(set, 0, sizeof *set);
    mz_status rs = lay_rules(Y);
    if (rs) return rs;
    mz_text digits;
    if (!(t = mz_lay_body_digits(Y, t, &digits))) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    const uint32_t *text = t->u;
    if (t->len && !(text = note_digits(Y, t))) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting a footnote's number");
    set->text = text;
    set->len = t->len;
    set->size = ts->size;
    set->color = ts->color;
    set->align = ts->align;
    set->measure = measure;
    mz_para_style ps;
    mz_lay_para_style(Y, ts, &ps);
    mz_para p;
    Y->para_no++;
    mz_status st = mz_itemize(&p, text, t->len, t->spans, t->nspans, &ps, Y->fs, Y->d);
    /* a long paragraph is shaped a window at a time by the composer, so its
     * glyphs (24 bytes a character) are never all there at once; one that
     * is watched (--dump) is shaped whole, for the watcher */
    int watched = Y->watch && Y->watch->para;
    if (!st && (t->len <= MZ_COMPOSE_WHOLE || watched)) st = mz_shape_para(&p, Y->fs, Y->d);
    set->rtl = p.rtl || (t->len == 0 && Y->rtl);
    if (!st && watched) Y->watch->para(Y->watch->ud, Y->para_no, &p, Y->fs);
    if (!st) {
        /* no first-line indent: briefings space their paragraphs instead */
        mz_compose_opts co = {measure, 0, ts->justify, 0, &Y->rules, NULL, NULL};
        set_flush fl = {Y, set};
        if (Y->para_flush && !(Y->watch && Y->watch->lines)) co.flush = flush_lines, co.flush_ud = &fl;
        st = mz_compose(&p, &co, Y->fs, &set->lines, Y->d);
    }
    if (!st) set->need = set_need(Y, set);
    if (!st && Y->watch && Y->watch->lines) Y->watch->lines(Y->watch->ud, Y->para_no, set->text, &set->lines);
    mz_para_free(&p);
    return st;
}

/* The step every line of a set takes: the ink of adjacent lines (stacked
 * harakat, tall capitals) kept the theme's clearance apart.  One step for
 * the whole set, its largest: a vocalised paragraph keeps an even rhythm. */
static double set_need(const mz_lay *Y, const mz_set *set)
{
    double need = 0;
    for (size_t i = 1; i < set->lines.n; i++) {
        const mz_line *a = &set->lines.v[i - 1], *b = &set->lines.v[i];
        double n = a->descent + b->ascent + Y->th->ink_clearance * set->size;
        if (n > need) need = n;
    }
    return need;
}

/* The last line of SET holds one word: no space inside its text. */
static int lone_last(const mz_set *set)
{
    const mz_line *l = &set->lines.v[set->lines.n - 1];
    size_t e = l->end;
    while (e > l->start && set->text[e - 1] == ' ') e--;
    for (size_t i = l->start; i < e; i++)
        if (set->text[i] == ' ' || set->text[i] == 0x00A0) return 0;
    return e > l->start;
}

mz_status mz_lay_balance(mz_lay *Y, const mz_text *t, const mz_tstyle *ts, double measure, mz_set *set)
{
    size_t n = set->lines.n;
    if (n < 2 || !lone_last(set)) return MZ_OK;
    /* the trials are not the dumps' paragraphs */
    const mz_lay_watch *watch = Y->watch;
    int para_no = Y->para_no;
    Y->watch = NULL;
    mz_status st = MZ_OK;
    for (int k = 1; k <= MZ_BALANCE_STEPS && !st; k++) {
        mz_set trial;
        st = mz_lay_set_text(Y, t, ts, measure * (1 - k * MZ_BALANCE_STEP), &trial);
        int over = 0; /* a ragged line may come back wider than asked: never past MEASURE */
        for (size_t i = 0; !st && i < trial.lines.n; i++) over |= trial.lines.v[i].used > measure + 0.01;
        if (st || trial.lines.n != n || over) { /* narrower takes another line: keep the last that did not */
            mz_set_free(&trial);
            break;
        }
        mz_set_free(set);
        *set = trial;
        if (!lone_last(set)) break;
    }
    Y->watch = watch;
    Y->para_no = para_no;
    return st;
}

double mz_set_line_height(const mz_lay *Y, const mz_set *set, size_t i, double leading)
{
    (void)Y;
    return i > 0 && set->need > leading ? set->need : leading;
}

/* A line through each stretch of struck glyphs (visual order, so a struck
 * phrase split by bidi gets one line per piece): from its first glyph's
 * left to the next glyph's pen, or to the line's end. */
static mz_status strike_lines(mz_lay *Y, const mz_line *l, const mz_pglyph *g, double x, double baseline,
                              const mz_set *set)
{
    double y = baseline + set->size * Y->th->strike_rise;
    for (size_t a = 0; a < l->ng;) {
        if (!(g[a].style & MZ_STYLE_STRIKE)) {
            a++;
            continue;
        }
        size_t b = a;
        double lo = g[a].x;
        while (b < l->ng && (g[b].style & MZ_STYLE_STRIKE)) {
            if (g[b].x < lo) lo = g[b].x;
            b++;
        }
        double hi = b < l->ng ? g[b].x : l->used;
        mz_status st = mz_lay_line(Y, x + lo, y, x + hi, y, set->color, Y->th->strike_width);
        if (st) return st;
        a = b;
    }
    return MZ_OK;
}

/* The element of a link's glyphs: a Link (a footnote's reference: a
 * Reference holding it) under the element being drawn, its text the
 * characters the glyphs stand for. */
static int link_tag(mz_lay *Y, int parent, const mz_set *set, const mz_pglyph *g, size_t n, int note)
{
    if (!Y->L->tagged || parent <= 0) return parent;
    size_t lo = (size_t)-1, hi = 0;
    for (size_t k = 0; k < n; k++) {
        if (g[k].cl < lo) lo = g[k].cl;
        if (g[k].cl + g[k].cn > hi) hi = g[k].cl + g[k].cn;
    }
    if (lo >= hi || hi > set->len) lo = hi = 0;
    const uint32_t *t = set->text ? set->text + lo : NULL;
    if (note && (parent = mz_tag_node(Y, MZ_S_REFERENCE, parent, t, hi - lo)) < 0) return -1;
    return mz_tag_node(Y, MZ_S_LINK, parent, t, hi - lo);
}

/* One item of a placed line: glyphs G[a, b) of one font, link and size
 * (with a link, its annotation and underline), its origin at (X, BASELINE). */
static mz_status place_item(mz_lay *Y, const mz_set *set, const mz_line *l, const mz_pglyph *g, size_t a,
                            size_t b, int piece, double x, double baseline)
{
    int link = (int)(g[a].style >> 16) - 1;
    int has_link = link >= 0 && Y->doc && (size_t)link < Y->doc->nlinks;
    int note = has_link ? Y->doc->link_note[link] : 0;
    int tag = mz_tag_run(Y, set, g + a, b - a); /* a language run's Span, or the element */
    if (has_link && (tag = link_tag(Y, tag, set, g + a, b - a, note)) < 0) return Y->d->status;
    int saved = Y->tag;
    Y->tag = tag;
    mz_item *it = mz_lay_item(Y, MZ_ITEM_GLYPHS);
    Y->tag = saved;
    if (!it) return Y->d->status;
    it->font = g[a].font;
    if (g[a].font < MZ_MAX_FONTS) Y->L->font_used[g[a].font] = 1;
    /* a footnote's number: the text stage placed it smaller and raised */
    it->size = g[a].style & MZ_STYLE_SUPER ? set->size * Y->th->super_size : set->size;
    it->g = g + a;
    it->ng = b - a;
    it->text = set->text;
    it->text_len = set->len;
    it->x = x;
    it->y = baseline;
    it->color = link >= 0 ? Y->th->link_color : set->color;
    it->note = note;
    it->note_ref = note > 0;
    it->piece = piece;
    if (!has_link) return MZ_OK;
    /* a link annotation over the glyphs of this item */
    double x_lo = g[a].x, x_hi = g[a].x;
    for (size_t k = a; k < b; k++) {
        if (g[k].x < x_lo) x_lo = g[k].x;
        if (g[k].x > x_hi) x_hi = g[k].x;
    }
    double last_w = set->size * MZ_LINK_TAIL;
    Y->tag = tag;
    mz_item *ln = mz_lay_item(Y, MZ_ITEM_LINK);
    Y->tag = saved;
    if (!ln) return Y->d->status;
    ln->x = x + x_lo;
    ln->y = baseline - l->descent;
    ln->w = x_hi - x_lo + last_w;
    ln->h = l->ascent + l->descent;
    ln->uri = Y->doc->links[link];
    ln->note = note;
    ln->note_ref = note > 0;
    /* a note's reference links to the note (layout_notes.c sets its
     * destination), and is known by its place: no underline */
    if (note) return MZ_OK;
    /* and a hairline underline, so links read as links on paper too */
    double drop = set->size * Y->th->link_underline_drop;
    return mz_lay_line(Y, x + x_lo, baseline - drop, x + x_hi + last_w, baseline - drop, Y->th->link_color,
                       Y->th->link_underline_width);
}

/* A piece of a line to be drawn as one item: glyphs [a, b) of one font,
 * link and size, where it begins in reading order (its first character's
 * index), and its MZ_PIECE_* bits. */
typedef struct mz_piece {
    size_t a, b;
    uint32_t first;
    int bits;
} mz_piece;

static mz_piece make_piece(const mz_pglyph *g, size_t a, size_t b)
{
    mz_piece p = {a, b, UINT32_MAX, 0};
    for (size_t k = a; k < b; k++)
        if (g[k].cn && g[k].cl < p.first) p.first = g[k].cl;
    return p;
}

static int same_piece(const mz_pglyph *x, const mz_pglyph *y)
{
    return x->font == y->font && (x->style >> 16) == (y->style >> 16) &&
           (x->style & MZ_STYLE_SUPER) == (y->style & MZ_STYLE_SUPER);
}

/* A glyph's direction for cutting pieces.  Arabic-Indic digits are left
 * to right, a piece of their own: pdf.js then reads and finds ١٢٣٬٤٥٦
 * (inside an Arabic piece its search missed it); MuPDF reverses them
 * either way. */
static int rtl_side(const mz_pglyph *g) { return (g->flags & MZ_GF_RTL) != 0; }

static int turns_in(const mz_pglyph *g, size_t i) { return rtl_side(&g[i]) != rtl_side(&g[i - 1]); }

/* How many pieces line L (glyphs G) can need: one per change of font, link
 * or size, and in a right-to-left line one per change of direction
 * (split_turns). */
static size_t pieces_bound(const mz_lay *Y, const mz_snode *R, const mz_set *set, const mz_line *l,
                           const mz_pglyph *g, int rtl)
{
    size_t n = 1, t = 0;
    for (size_t i = 1; i < l->ng; i++) {
        n += !same_piece(&g[i], &g[i - 1]) || (R && mz_tag_run_turn(Y, R, set, &g[i - 1], &g[i]));
        t += (size_t)turns_in(g, i);
    }
    return rtl ? n + t : n;
}

/* Cuts line L (glyphs G) into pieces at every change of font, link or
 * size, and of language run (each run is a Span of its own), in visual
 * order.  Returns the count. */
static size_t line_pieces(const mz_lay *Y, const mz_snode *R, const mz_set *set, const mz_line *l,
                          const mz_pglyph *g, mz_piece *p)
{
    size_t n = 0;
    for (size_t a = 0; a < l->ng;) {
        size_t b = a + 1;
        while (b < l->ng && same_piece(&g[b], &g[a]) && !(R && mz_tag_run_turn(Y, R, set, &g[b - 1], &g[b]))) b++;
        p[n++] = make_piece(g, a, b);
        a = b;
    }
    return n;
}

/* Cuts each piece of P[0, n) where its direction changes (in place: P
 * holds pieces_bound).  Returns the count.  Each stretch of one direction
 * of a right-to-left line is then its own item, and the items go in
 * reading order: pdf.js decides each item's direction by its share of
 * right-to-left letters (under 30%: left to right), so a line mostly of
 * Latin, digits or a URL read backwards as one item; MuPDF reverses each
 * item it takes as right to left, and read a number or a Latin word inside
 * an Arabic item reversed; a number and the period after it, drawn side by
 * side with a note's number between them in reading order, read as one. */
static size_t split_turns(const mz_pglyph *g, mz_piece *p, size_t n)
{
    size_t total = 0;
    for (size_t k = 0; k < n; k++) {
        total++;
        for (size_t i = p[k].a + 1; i < p[k].b; i++) total += (size_t)turns_in(g, i);
    }
    /* from the end: piece k's parts go at or after k */
    for (size_t k = n, w = total; k-- > 0;) {
        mz_piece src = p[k];
        for (size_t i = src.b - 1, e = src.b;; i--)
            if (i == src.a || turns_in(g, i)) {
                p[--w] = make_piece(g, i, e);
                e = i;
                if (i == src.a) break;
            }
    }
    return total;
}

/* Whether the glyph at the left (DIR 1) or right (DIR -1) end of piece P
 * that stands for text stands for a space. */
static int edge_space(const mz_set *set, const mz_pglyph *g, const mz_piece *p, int dir)
{
    for (size_t k = p->a; k < p->b; k++) {
        const mz_pglyph *e = &g[dir > 0 ? k : p->a + p->b - 1 - k];
        if (e->cn && e->cl < set->len) return e->cn == 1 && mz_bidi_class_of(set->text[e->cl]) == MZ_BC_WS;
    }
    return 0;
}

/* The pieces of a right-to-left line go into the page in reading order
 * (by first character; stable), each one's glyphs still left to right.
 * pdf.js (Firefox) starts a text item at every change of font or size and
 * at every marked content (each piece is one: its own element's), and
 * copies its items in content order: in visual order a line with a bold
 * word, inline code, a link or a note's number read its pieces last
 * first.  A step back along the baseline ends pdf.js's item, not its line,
 * and a left-to-right stretch of pieces (a Latin phrase with a bold word)
 * steps forward from piece to piece, as its reading does.  pdf_text.c
 * gives pdf.js the spaces at the pieces' edges.  MuPDF and poppler order
 * what they read by position (MuPDF starts a line at each step back
 * between right-to-left pieces: its copy breaks the line there).
 * Left-to-right lines stay in visual order, their reading order but for
 * right-to-left stretches in them. */
static void logical_order(const mz_set *set, const mz_pglyph *g, mz_piece *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        p[k].bits = MZ_PIECE_RTL;
        /* a space facing a piece read before it (right) or after it (left):
         * in a left-to-right stretch pdf.js reads the gap as it is */
        if (k + 1 < n && p[k + 1].first < p[k].first && edge_space(set, g, &p[k], -1))
            p[k].bits |= MZ_PIECE_SPACE_BEFORE;
        if (k > 0 && p[k - 1].first > p[k].first && edge_space(set, g, &p[k], 1))
            p[k].bits |= MZ_PIECE_SPACE_AFTER;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && p[j].first < p[j - 1].first; j--) {
            mz_piece t = p[j];
            p[j] = p[j - 1];
            p[j - 1] = t;
        }
}

#define MZ_LINE_PIECES 32 /* pieces of a line kept on the stack; more are allocated */

mz_status mz_lay_place_line(mz_lay *Y, const mz_set *set, size_t i, double x0, double baseline)
{
    const mz_line *l = &set->lines.v[i];
    if (l->ng == 0) return MZ_OK;
    if (Y->page < 0) {
        mz_status pst = mz_lay_new_page(Y);
        if (pst) return pst;
    }
    double indent = set->measure - l->width; /* first-line indent, on the start side */
    double x;
    int align = set->align;
    int justified = fabs(l->used - l->width) < 0.01;
    if (justified) x = x0 + (set->rtl ? 0 : indent);
    else if (align == 1) x = x0 + (set->measure - l->used) / 2;
    else if ((align == 0) == (set->rtl != 0)) x = x0 + l->width - l->used;       /* right */
    else x = x0 + (set->rtl ? indent : indent);                                    /* left */
    if (!justified && align != 1 && (align == 0) != (set->rtl != 0)) x = x0 + (set->rtl ? 0 : indent);

    /* copy the glyphs into the layout and split them into one item per font and link */
    mz_pglyph *g = mz_arena_alloc(&Y->L->pages[Y->page < 0 ? 0 : Y->page].arena, l->ng * sizeof *g);
    if (!g) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory placing a line");
    memcpy(g, l->g, l->ng * sizeof *g);
    mz_status tst = mz_tag_prepare(Y, set);
    if (tst) return tst;
    const mz_snode *R = mz_tag_runs_of(Y, set); /* cut at its language runs too */
    size_t cap = pieces_bound(Y, R, set, l, g, set->rtl);
    mz_piece stack[MZ_LINE_PIECES], *p = cap <= MZ_LINE_PIECES ? stack : malloc(cap * sizeof *p);
    if (!p) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory placing a line");
    size_t n = line_pieces(Y, R, set, l, g, p);
    if (set->rtl) n = split_turns(g, p, n);
    if (set->rtl) logical_order(set, g, p, n);
    mz_status st = MZ_OK;
    for (size_t k = 0; k < n && !st; k++) st = place_item(Y, set, l, g, p[k].a, p[k].b, p[k].bits, x, baseline);
    if (p != stack) free(p);
    if (!st) st = strike_lines(Y, l, g, x, baseline, set);
    return !st && Y->line_hook ? Y->line_hook(Y, set, i, baseline) : st;
}

void mz_layout_free(mz_layout *L)
{
    for (size_t i = 0; i < L->npages; i++) {
        free(L->pages[i].items);
        mz_arena_free(&L->pages[i].arena);
    }
    free(L->pages);
    free(L->outline);
    free(L->nodes);
    L->nodes = NULL;
    L->nnodes = L->nodes_cap = 0;
    mz_arena_free(&L->arena);
    L->pages = NULL;
    L->outline = NULL;
    L->npages = L->noutline = 0;
}

/* ---- code ------------------------------------------------------------------- */

static int has_code(const mz_doc *doc)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        const mz_block *b = &doc->blocks[i];
        if (b->type == MZ_BLOCK_CODE) return 1;
        for (size_t s = 0; s < b->text.nspans; s++)
            if (b->text.spans[s].style & MZ_STYLE_CODE) return 1;
        for (size_t c = 0; c < b->rows * b->cols; c++)
            for (size_t s = 0; s < b->cells[c].nspans; s++)
                if (b->cells[c].spans[s].style & MZ_STYLE_CODE) return 1;
    }
    return 0;
}

mz_status mz_lay_code_face(mz_lay *Y, int first_pass)
{
    Y->f_mono = Y->f_regular;
    /* loaded only for code: another face changes nothing of a document without */
    if (!Y->doc || !Y->th->code_family || !*Y->th->code_family || !has_code(Y->doc)) return MZ_OK;
    mz_diag quiet = {0};
    int f = mz_fonts_load(Y->fs, Y->th->code_family, &quiet);
    if (f >= 0) {
        Y->f_mono = f;
        return MZ_OK;
    }
    if (quiet.status == MZ_ERR_NOMEM) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory loading the code face");
    if (!first_pass) return MZ_OK;
    return mz_warn(Y->d, "%s: the code face '%s' is not installed (fonts-dejavu-core has DejaVu Sans Mono); "
                         "code is set in the body face",
                   Y->doc->name, Y->th->code_family);
}

mz_status mz_lay_check_glyph(mz_lay *Y, const char *utf8, const char *what, unsigned bit)
{
    if (Y->glyph_checked & bit) return MZ_OK;
    Y->glyph_checked |= bit;
    size_t n;
    uint32_t *u = mz_lay_utf32(Y, utf8, &n);
    if (!u) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    if (!n) return MZ_OK;
    /* asked quietly first: the fallback memo then keeps the text stage from
     * warning again, without the place */
    mz_diag quiet = {0};
    int f = mz_fonts_for_char(Y->fs, Y->f_regular, u[0], &quiet);
    if (quiet.status == MZ_ERR_NOMEM) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory looking up a font");
    if (mz_font_has(Y->fs->fonts[f], u[0])) return MZ_OK;
    return mz_warn(Y->d, "%s:%d: no installed font has %s (U+%04X), drawn as a missing-glyph box: install "
                         "fonts-dejavu-core",
                   Y->doc->name, Y->line, what, (unsigned)u[0]);
}

/* The theme's mark at the end of a code line that wrapped, in the code's
 * face, smaller, in the panel's pad after the measure. */
static mz_status wrap_mark(mz_lay *Y, const mz_set *set, double x0, double baseline)
{
    const char *mark = Y->th->code_wrap;
    if (!mark || !*mark) return MZ_OK;
    mz_status st = mz_lay_check_glyph(Y, mark, "the code wrap mark", 4u);
    size_t n;
    uint32_t *u = st ? NULL : mz_lay_utf32(Y, mark, &n);
    if (!u) return st ? st : mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    mz_span *sp = mz_arena_alloc(&Y->L->arena, sizeof *sp);
    if (!sp) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory");
    *sp = (mz_span){0, n, MZ_STYLE_CODE, -1};
    mz_tstyle ts = {set->size * MZ_WRAP_MARK_SIZE, MZ_FACE_REGULAR, Y->th->palette[2], MZ_JUSTIFY_NONE, 0, MZ_DIR_LTR};
    mz_set ms;
    st = mz_lay_set_text(Y, &(mz_text){u, n, sp, 1}, &ts, set->size * 4, &ms);
    if (!st && ms.lines.n) st = mz_lay_place_line(Y, &ms, 0, x0 + set->measure, baseline);
    mz_set_free(&ms);
    return st;
}

mz_status mz_lay_panel_line(mz_lay *Y, const mz_set *set, size_t i, double x0, double top, double bottom,
                            double baseline)
{
    double pad = Y->th->code_pad * set->size;
    const mz_line *l = &set->lines.v[i];
    int wrapped = i + 1 < set->lines.n && l->end > 0 && l->end <= set->len && set->text[l->end - 1] != '\n';
    if (i == 0) top += pad;
    if (i + 1 == set->lines.n) bottom -= pad;
    mz_status st = mz_lay_fill(Y, x0 - pad, bottom, set->measure + 2 * pad, top - bottom, Y->th->code_fill);
    return !st && wrapped ? wrap_mark(Y, set, x0, baseline) : st;
}
