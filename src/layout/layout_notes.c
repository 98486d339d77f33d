/* layout_notes.c - footnotes: each at the foot of the page its first reference is on, under a short rule. */
#include "layout/layout_int.h"

#include <stdlib.h>
#include <string.h>

/* A note taller than this share of the frame may be split (the rest goes to
 * the next page's foot): waiting for a page with room for all of it would
 * leave pages half empty; a shorter one keeps whole with its reference. */
#define MZ_NOTE_SPLIT_SHARE 0.5
/* Lines of a note that will be split which must fit beside its reference. */
#define MZ_NOTE_SPLIT_LINES 2
/* Notes carried over take at most this share of the next page's frame, so
 * the page still carries text (a note of many pages goes on page by page). */
#define MZ_NOTE_PAGE_SHARE 0.8

typedef struct nline {
    const mz_set *set;
    size_t i;
    double h; /* its advance: the note leading, plus the gap before a note */
} nline;

typedef struct note {
    mz_set *sets;     /* one per paragraph of the note */
    size_t nsets;
    nline *lines;
    size_t nlines;
    double height;    /* of all its lines */
    size_t queued;    /* lines given a page so far */
    int state;        /* 0 unseen, 1 set (waits for its reference), 2 has its page */
    unsigned counted; /* the pass of mz_lay_notes_need that counted it */
} note;

typedef struct seg {
    int note; /* 1-based */
    size_t from, to;
} seg;

typedef struct mz_notes mz_notes;

struct mz_notes {
    note *v;      /* v[k - 1] is note k */
    int n;
    seg *page;    /* the current page's notes, in order */
    size_t npage, page_cap;
    int *cont;    /* notes waiting for the next page's foot, in order */
    size_t ncont, cont_cap;
    double area;  /* the height the page's notes take, their rule's space included (0 = none) */
    unsigned pass;
    int pass_rule; /* this pass counted the rule already */
    int drawing;
    mz_status failed; /* setting a note failed (reported when its line is placed) */
};

static double lead(const mz_lay *Y) { return Y->body_size * Y->th->footnote.size * Y->th->footnote.leading; }

/* The space a page's first note brings: the gap above the rule, the rule, the gap under it. */
static double rule_block(const mz_lay *Y)
{
    const mz_theme *th = Y->th;
    return Y->leading * (th->note_space + th->note_gap) + th->note_rule_width;
}

/* The first paragraph's text with the note's number before it, raised. */
static mz_status numbered(mz_lay *Y, int k, const mz_text *t, mz_text *out)
{
    size_t nn;
    uint32_t *num = mz_lay_number(Y, k, &nn);
    size_t len = nn + 1 + t->len;
    uint32_t *u = num ? mz_arena_alloc(&Y->L->arena, (len + 1) * sizeof *u) : NULL;
    mz_span *sp = u ? mz_arena_alloc(&Y->L->arena, (t->nspans + 2) * sizeof *sp) : NULL;
    if (!sp) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting footnote %d", k);
    memcpy(u, num, nn * sizeof *u);
    u[nn] = ' ';
    if (t->len) memcpy(u + nn + 1, t->u, t->len * sizeof *u);
    sp[0] = (mz_span){0, nn, MZ_STYLE_SUPER, -1};
    sp[1] = (mz_span){nn, nn + 1, 0, -1};
    for (size_t s = 0; s < t->nspans; s++) {
        sp[s + 2] = t->spans[s];
        sp[s + 2].start += nn + 1;
        sp[s + 2].end += nn + 1;
    }
    *out = (mz_text){u, len, sp, t->nspans + 2};
    return MZ_OK;
}

/* Sets note K's paragraphs (on first need: the paragraphs are set in the
 * order the reader meets them). */
static mz_status prepare(mz_lay *Y, int k)
{
    note *nt = &Y->notes->v[k - 1];
    if (nt->state) return MZ_OK;
    nt->state = 1;
    const mz_doc *doc = Y->doc;
    const mz_theme *th = Y->th;
    size_t nb = 0;
    for (size_t i = 0; i < doc->nblocks; i++) nb += doc->blocks[i].type == MZ_BLOCK_NOTE && doc->blocks[i].note == k;
    if (!(nt->sets = calloc(nb ? nb : 1, sizeof *nt->sets)))
        return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting footnote %d", k);
    mz_tstyle ts = {Y->body_size * th->footnote.size, th->footnote.face, th->footnote.color, Y->justify, 0, 0};
    int saved = Y->line;
    mz_status st = MZ_OK;
    for (size_t i = 0; i < doc->nblocks && !st; i++) {
        const mz_block *b = &doc->blocks[i];
        if (b->type != MZ_BLOCK_NOTE || b->note != k) continue;
        Y->line = b->line;
        mz_text t = b->text;
        if (nt->nsets == 0) st = numbered(Y, k, &b->text, &t);
        if (!st) st = mz_lay_set_text(Y, &t, &ts, Y->right - Y->left, &nt->sets[nt->nsets]);
        nt->nsets++;
    }
    Y->line = saved;
    size_t nl = 0;
    for (size_t s = 0; s < nt->nsets; s++) nl += nt->sets[s].lines.n;
    if (!st && !(nt->lines = calloc(nl ? nl : 1, sizeof *nt->lines)))
        st = mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting footnote %d", k);
    for (size_t s = 0; !st && s < nt->nsets; s++)
        for (size_t i = 0; i < nt->sets[s].lines.n; i++) {
            double h = mz_set_line_height(Y, &nt->sets[s], i, lead(Y));
            if (nt->nlines == 0) h += Y->leading * th->note_after;
            nt->lines[nt->nlines++] = (nline){&nt->sets[s], i, h};
            nt->height += h;
        }
    return st;
}

/* The number of the note glyph j of line L refers to, or 0. */
static int ref_at(const mz_lay *Y, const mz_line *l, size_t j)
{
    int link = (int)(l->g[j].style >> 16) - 1;
    return link >= 0 && (size_t)link < Y->doc->nlinks ? Y->doc->link_note[link] : 0;
}

double mz_lay_notes_need(mz_lay *Y, const mz_set *set, size_t i, int first)
{
    mz_notes *ns = Y->notes;
    if (!ns) return 0;
    if (first) {
        ns->pass++;
        ns->pass_rule = 0;
    }
    const mz_line *l = &set->lines.v[i];
    double need = 0, frame = Y->top - Y->frame_bottom;
    for (size_t j = 0; j < l->ng; j++) {
        int k = ref_at(Y, l, j);
        if (k <= 0 || k > ns->n) continue;
        note *nt = &ns->v[k - 1];
        if (nt->state == 2 || nt->counted == ns->pass) continue;
        nt->counted = ns->pass;
        if ((ns->failed = prepare(Y, k))) return 0; /* reported by line_hook */
        double h = nt->height;
        if (h > frame * MZ_NOTE_SPLIT_SHARE) {
            h = 0;
            for (size_t q = 0; q < nt->nlines && q < MZ_NOTE_SPLIT_LINES; q++) h += nt->lines[q].h;
        }
        if (!ns->area && !ns->pass_rule) h += rule_block(Y);
        ns->pass_rule = 1;
        need += h;
    }
    return need;
}

static mz_status push(mz_lay *Y, void **v, size_t *n, size_t *cap, size_t size)
{
    if (!mz_grow(v, cap, *n + 1, size)) return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory placing a footnote");
    return MZ_OK;
}

/* Gives note K's next lines room at this page's foot, as many as fit in
 * AVAIL points (at least one when the page has no notes: progress).  1 when
 * the note is all placed. */
static int take(mz_lay *Y, int k, double avail, mz_status *st)
{
    mz_notes *ns = Y->notes;
    note *nt = &ns->v[k - 1];
    double h = ns->area ? 0 : rule_block(Y);
    size_t to = nt->queued;
    while (to < nt->nlines && ns->area + h + nt->lines[to].h <= avail + 0.01) h += nt->lines[to++].h;
    if (to == nt->queued && !ns->area && ns->npage == 0 && nt->queued < nt->nlines && avail > 0)
        h += nt->lines[to++].h;
    if (to > nt->queued) {
        if ((*st = push(Y, (void **)&ns->page, &ns->npage, &ns->page_cap, sizeof *ns->page))) return 0;
        ns->page[ns->npage++] = (seg){k, nt->queued, to};
        ns->area += h;
        nt->queued = to;
        Y->bottom = Y->frame_bottom + ns->area;
    }
    return nt->queued == nt->nlines;
}

/* Queues the carried-over notes while they fit in AVAIL. */
static mz_status take_cont(mz_lay *Y, double avail)
{
    mz_notes *ns = Y->notes;
    mz_status st = MZ_OK;
    size_t done = 0;
    while (done < ns->ncont && take(Y, ns->cont[done], avail, &st)) done++;
    if (st) return st;
    if (done) /* (cont is NULL while nothing was carried over) */
        memmove(ns->cont, ns->cont + done, (ns->ncont - done) * sizeof *ns->cont);
    ns->ncont -= done;
    return MZ_OK;
}

/* After a line is placed: the notes it refers to first go on this page,
 * between the bottom of the line and the frame's bottom (what does not fit
 * goes on at the next page's foot). */
static mz_status line_hook(mz_lay *Y, const mz_set *set, size_t i, double baseline)
{
    mz_notes *ns = Y->notes;
    if (ns->failed) return ns->failed;
    if (ns->drawing) return MZ_OK; /* a reference inside a note: its note goes after the body */
    const mz_line *l = &set->lines.v[i];
    double below = baseline - (l->descent > set->size * 0.3 ? l->descent : set->size * 0.3);
    mz_status st = MZ_OK;
    for (size_t j = 0; j < l->ng && !st; j++) {
        int k = ref_at(Y, l, j);
        if (k <= 0 || k > ns->n || ns->v[k - 1].state == 2) continue;
        if ((st = prepare(Y, k))) break;
        ns->v[k - 1].state = 2;
        if (!ns->ncont && take(Y, k, below - Y->frame_bottom, &st)) continue;
        if (!st && !(st = push(Y, (void **)&ns->cont, &ns->ncont, &ns->cont_cap, sizeof *ns->cont)))
            ns->cont[ns->ncont++] = k;
    }
    return st;
}

/* Points the page's links to note K at its first line's top Y. */
static void link_refs(mz_lay *Y, int k, double y)
{
    mz_page *P = &Y->L->pages[Y->page];
    for (size_t i = 0; i < P->n; i++)
        if (P->items[i].kind == MZ_ITEM_LINK && P->items[i].note_ref && P->items[i].note == k) {
            P->items[i].dest = 1;
            P->items[i].dest_y = y;
        }
}

/* The element line LN of note K goes in: a P (one per paragraph of the
 * note) in the note's Note, made as they are first drawn, so a note split
 * over pages keeps its elements.  The Note is the Document's: notes read
 * after the text of the page they close. */
static int note_tag(mz_lay *Y, int k, const nline *ln)
{
    mz_tags *t = &Y->tg;
    if (!Y->L->tagged || k <= 0) return Y->tag;
    if ((size_t)k >= t->nnotes) {
        size_t n = (size_t)k + 16;
        int *v = realloc(t->notes, 2 * n * sizeof *v);
        if (!v) {
            mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory building the structure tree");
            return -1;
        }
        memset(v + 2 * t->nnotes, 0, 2 * (n - t->nnotes) * sizeof *v);
        t->notes = v;
        t->nnotes = n;
    }
    int *v = &t->notes[2 * k];
    if (!v[0] && (v[0] = mz_tag_node(Y, MZ_S_NOTE, t->doc, NULL, 0)) < 0) return -1;
    if (ln->i == 0 || !v[1])
        v[1] = mz_tag_node(Y, MZ_S_P, v[0], ln->set->text, ln->set->len);
    return v[1];
}

/* Draws the page's notes at its foot: the rule on the start side, then each
 * note's lines, every item marked with its note. */
static mz_status draw(mz_lay *Y)
{
    mz_notes *ns = Y->notes;
    const mz_theme *th = Y->th;
    if (!ns->npage) return MZ_OK;
    double y = Y->frame_bottom + ns->area - Y->leading * th->note_space;
    double w = (Y->right - Y->left) * th->note_rule_length;
    double x = Y->rtl ? Y->right - w : Y->left;
    mz_status st = mz_lay_fill(Y, x, y - th->note_rule_width, w, th->note_rule_width, th->note_rule_color);
    y -= th->note_rule_width + Y->leading * th->note_gap;
    ns->drawing = 1;
    for (size_t s = 0; s < ns->npage && !st; s++) {
        note *nt = &ns->v[ns->page[s].note - 1];
        for (size_t q = ns->page[s].from; q < ns->page[s].to && !st; q++) {
            const nline *ln = &nt->lines[q];
            if (q == 0) {
                y -= Y->leading * th->note_after; /* (part of the first line's advance) */
                link_refs(Y, ns->page[s].note, y);
            }
            int saved = Y->tag;
            if ((Y->tag = note_tag(Y, ns->page[s].note, ln)) < 0) return Y->d->status;
            size_t n0 = Y->L->pages[Y->page].n;
            double step = q == 0 ? ln->h - Y->leading * th->note_after : ln->h;
            st = mz_lay_place_line(Y, ln->set, ln->i, Y->left, y - step + lead(Y) * (1 - MZ_BASELINE_DROP));
            mz_page *P = &Y->L->pages[Y->page];
            for (size_t i = n0; i < P->n; i++) P->items[i].note = ns->page[s].note;
            Y->tag = saved;
            y -= step;
        }
    }
    ns->drawing = 0;
    ns->npage = 0;
    ns->area = 0;
    Y->bottom = Y->frame_bottom;
    return st;
}

static mz_status page_hook(mz_lay *Y, int leaving)
{
    if (leaving) return draw(Y);
    Y->bottom = Y->frame_bottom;
    return take_cont(Y, (Y->top - Y->frame_bottom) * MZ_NOTE_PAGE_SHARE);
}

mz_status mz_lay_notes_begin(mz_lay *Y)
{
    Y->frame_bottom = Y->bottom;
    if (!Y->doc->nnotes) return MZ_OK;
    mz_notes *ns = calloc(1, sizeof *ns);
    if (ns) ns->v = calloc((size_t)Y->doc->nnotes, sizeof *ns->v);
    if (!ns || !ns->v) {
        free(ns);
        return mz_fail(Y->d, MZ_ERR_NOMEM, "out of memory setting the footnotes");
    }
    ns->n = Y->doc->nnotes;
    Y->notes = ns;
    Y->page_hook = page_hook;
    Y->line_hook = line_hook;
    return MZ_OK;
}

mz_status mz_lay_notes_end(mz_lay *Y)
{
    mz_notes *ns = Y->notes;
    if (!ns) return MZ_OK;
    mz_status st = MZ_OK;
    /* a note referred to only from another note goes after the others */
    for (int k = 1; k <= ns->n && !st; k++) {
        if (ns->v[k - 1].state == 2) continue;
        if (!(st = prepare(Y, k)) && !(st = push(Y, (void **)&ns->cont, &ns->ncont, &ns->cont_cap, sizeof *ns->cont)))
            ns->cont[ns->ncont++] = k;
        ns->v[k - 1].state = 2;
    }
    if (!st && Y->page < 0) st = mz_lay_new_page(Y);
    if (!st) st = take_cont(Y, Y->y - Y->frame_bottom);
    while (!st) {
        st = draw(Y);
        if (st || !ns->ncont) break;
        st = mz_lay_new_page(Y); /* its hook takes what is left */
    }
    return st;
}

void mz_lay_notes_free(mz_lay *Y)
{
    mz_notes *ns = Y->notes;
    if (!ns) return;
    for (int k = 0; k < ns->n; k++) {
        for (size_t s = 0; s < ns->v[k].nsets; s++) mz_set_free(&ns->v[k].sets[s]);
        free(ns->v[k].sets);
        free(ns->v[k].lines);
    }
    free(ns->v);
    free(ns->page);
    free(ns->cont);
    free(ns);
    Y->notes = NULL;
    Y->page_hook = NULL;
    Y->line_hook = NULL;
}
