/* markdown.c - the Markdown reader: a cmark-gfm body → mz_doc blocks (front matter: frontmatter.c). */
#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <errno.h>
#include <cmark-gfm.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc/image.h"
#include "doc/markdown_int.h"
#include "doc/markdown_mem.h"

/* Timeline years are 1 to 4 digits: wider is a typo, not a year. */
#define MZ_YEAR_DIGITS_MAX 4

/* ---- inline text ----------------------------------------------------------- */

static int put_char(reader *r, uint32_t c, unsigned style, int link)
{
    if (!mz_grow((void **)&r->chars, &r->chars_cap, r->nchars + 1, sizeof *r->chars)) return 0;
    r->chars[r->nchars++] = (ichar){c, style, link};
    return 1;
}

static int put_utf8(reader *r, const char *s, size_t n, unsigned style, int link)
{
    mz_diag quiet = {0}; /* the input was checked (and warned about) once, up front */
    size_t len;
    uint32_t *u = mz_utf8_decode(s, n, &len, &quiet, r->name, 0);
    if (!u) return 0;
    /* room for the whole literal at once: a text node is a paragraph's worth */
    int ok = mz_grow((void **)&r->chars, &r->chars_cap, r->nchars + len, sizeof *r->chars);
    for (size_t i = 0; ok && i < len; i++) r->chars[r->nchars++] = (ichar){u[i], style, link};
    free(u);
    return ok;
}

/* Whitespace that collapses: ASCII blanks and other C0 controls, which have
 * no glyph.  No-break spaces are deliberate and stay. */
static int collapses(uint32_t c) { return c <= 0x20 || c == 0x7F; }

/* A hard line break while inlines are collected: U+2028 with link -2 (no
 * character of the source has that link); the paragraph's text gets a '\n'
 * there, which composition takes as a forced line end. */
#define MZ_HARD_BREAK 0x2028

/* Turns the scratch characters into t (in the arena): whitespace runs
 * collapsed to one space, ends trimmed, one span per style/link run. */
static int finish_text(reader *r, mz_text *t)
{
    size_t j = 0;
    int blank = 1; /* at start: drops leading whitespace */
    for (size_t i = 0; i < r->nchars; i++) {
        if (r->chars[i].c == MZ_HARD_BREAK && r->chars[i].link == -2) {
            if (j > 0 && blank) j--; /* the space before it goes */
            if (j > 0) {               /* (none at the start) */
                r->chars[j] = r->chars[j - 1]; /* the style and link it follows */
                r->chars[j++].c = '\n';
            }
            blank = 1; /* and the blanks after it */
        } else if (collapses(r->chars[i].c)) {
            if (!blank) {
                r->chars[j] = r->chars[i];
                r->chars[j++].c = ' ';
            }
            blank = 1;
        } else {
            r->chars[j++] = r->chars[i];
            blank = 0;
        }
    }
    if (blank && j > 0) j--; /* trailing space */
    size_t nspans = 0;
    for (size_t i = 0; i < j; i++)
        if (i == 0 || r->chars[i].style != r->chars[i - 1].style ||
            r->chars[i].link != r->chars[i - 1].link)
            nspans++;
    t->u = mz_arena_alloc(&r->doc->arena, (j + 1) * sizeof *t->u);
    t->spans = mz_arena_alloc(&r->doc->arena, (nspans ? nspans : 1) * sizeof *t->spans);
    if (!t->u || !t->spans) return 0;
    t->len = j;
    t->nspans = 0;
    for (size_t i = 0; i < j; i++) {
        t->u[i] = r->chars[i].c;
        if (t->nspans && t->spans[t->nspans - 1].style == r->chars[i].style &&
            t->spans[t->nspans - 1].link == r->chars[i].link) {
            t->spans[t->nspans - 1].end = i + 1;
        } else {
            t->spans[t->nspans++] = (mz_span){i, i + 1, r->chars[i].style, r->chars[i].link};
        }
    }
    r->nchars = 0;
    return 1;
}

/* Links a briefing may carry: the web, mail and telephone, and references
 * relative to the document (or within it).  Anything else (javascript:,
 * data:, file:, vbscript:) would run or open something from a handout. */
static int link_allowed(const char *url)
{
    size_t k = 0;
    if (!isalpha((unsigned char)url[0])) return 1; /* "#part", "../x.pdf", "/path": relative */
    while (isalnum((unsigned char)url[k]) || url[k] == '+' || url[k] == '-' || url[k] == '.') k++;
    if (url[k] != ':') return 1; /* no scheme: relative */
    static const char *const ok[] = {"http", "https", "mailto", "tel"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (strlen(ok[i]) == k && strncasecmp(url, ok[i], k) == 0) return 1;
    return 0;
}

#define MZ_MAX_URI 65000 /* bytes: libharu's longest string; longer targets are no links anyway */

/* MZ_OK to keep the link; else it is dropped: warned, or with d->status
 * set (--strict, or a limit). */
static mz_status check_link(reader *r, cmark_node *n, const char *url)
{
    int line = cmark_node_get_start_line(n) + r->line_off;
    if (strlen(url) > MZ_MAX_URI)
        return mz_fail(r->d, MZ_ERR_LIMIT, "%s:%d: link target of %zu bytes: the limit is %d", r->name, line,
                       strlen(url), MZ_MAX_URI);
    if (link_allowed(url)) return MZ_OK;
    char shown[MZ_QUOTE_MAX + 4];
    mz_status st = mz_warn(r->d, "%s:%d: link to '%s' dropped (its text kept): only http, https, mailto and "
                                 "tel links, and relative ones, are written",
                           r->name, line, mz_md_clip(shown, url, strlen(url)));
    return st ? st : MZ_ERR_INPUT;
}

/* An inline HTML tag: <br> is a line break (authors use it in table cells),
 * a comment is the author's note to themselves, and any other tag is
 * dropped with its text kept and one warning per block, naming the first
 * tag (an error under --strict).  *warned says whether the block has had its
 * warning. */
static mz_status inline_html(reader *r, cmark_node *n, const char *tag, int *warned, unsigned style)
{
    if (!tag) return MZ_OK;
    if (!strncmp(tag, "<!--", 4)) return MZ_OK;
    if (!strncasecmp(tag, "<br", 3) && (tag[3] == '>' || tag[3] == '/' || tag[3] == ' ' || tag[3] == '\t'))
        return put_char(r, MZ_HARD_BREAK, style, -2) ? MZ_OK : mz_md_oom(r);
    if (*warned) return MZ_OK;
    *warned = 1;
    char shown[MZ_QUOTE_MAX + 4];
    return mz_warn(r->d, "%s:%d: inline HTML %s dropped (the text around it is kept)", r->name,
                   r->line_off + cmark_node_get_start_line(n), mz_md_clip(shown, tag, strlen(tag)));
}

/* Collects the inline content under `container` into the scratch buffer.
 * Iterative, so emphasis nested thousands deep is fine. */
static mz_status collect_inlines(reader *r, cmark_node *container)
{
    mz_md_iter it;
    cmark_event_type ev;
    long em = 0, strong = 0, strike = 0, in_link = 0;
    int link = -1, ok = 1, html_warned = 0, image_warned = cmark_node_get_type(container) == CMARK_NODE_IMAGE;
    mz_status hs;
    mz_md_iter_init(&it, container);
    r->nchars = 0;
    while (ok && (ev = mz_md_iter_next(&it)) != CMARK_EVENT_DONE) {
        cmark_node *n = it.node;
        if (n == container) continue;
        unsigned style = (em ? MZ_STYLE_ITALIC : 0) | (strong ? MZ_STYLE_BOLD : 0) | (strike ? MZ_STYLE_STRIKE : 0);
        int enter = ev == CMARK_EVENT_ENTER;
        const char *lit;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
            lit = cmark_node_get_literal(n);
            if (lit) ok = put_utf8(r, lit, strlen(lit), style, link);
            break;
        case CMARK_NODE_CODE:
            lit = cmark_node_get_literal(n);
            if (lit) ok = put_utf8(r, lit, strlen(lit), style | MZ_STYLE_CODE, link);
            break;
        case CMARK_NODE_SOFTBREAK: /* a source line end inside a paragraph reads as a space */
            ok = put_char(r, ' ', style, link);
            break;
        case CMARK_NODE_LINEBREAK: /* a hard break (trailing backslash or two spaces): the
                                      line ends there; link -2 tells it from a U+2028 typed */
            ok = put_char(r, MZ_HARD_BREAK, style, -2);
            break;
        case CMARK_NODE_EMPH:
            em += enter ? 1 : -1;
            break;
        case CMARK_NODE_STRONG:
            strong += enter ? 1 : -1;
            break;
        case CMARK_NODE_LINK:
            /* links cannot nest in CommonMark; should one appear, the outer wins */
            if (enter && in_link++ == 0) {
                const char *url = cmark_node_get_url(n);
                mz_status st = url && *url ? check_link(r, n, url) : MZ_ERR_INPUT;
                if (st == MZ_OK && (link = mz_doc_add_link(r->doc, url)) < 0) ok = 0;
                else if (st != MZ_OK && r->d->status) /* a limit, or --strict */
                    return r->d->status;
            } else if (!enter && --in_link == 0) {
                link = -1;
            }
            break;
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            /* cmark-gfm numbered it (its literal) in order of first reference */
            lit = enter ? cmark_node_get_literal(n) : NULL; /* (seen entering and leaving) */
            if (lit) {
                int ref = mz_doc_add_note_link(r->doc, atoi(lit));
                ok = ref >= 0 && put_utf8(r, lit, strlen(lit), style | MZ_STYLE_SUPER, ref);
            }
            break;
        case CMARK_NODE_HTML_INLINE:
            if ((hs = inline_html(r, n, cmark_node_get_literal(n), &html_warned, style)) != MZ_OK)
                return hs;
            break;
        case CMARK_NODE_IMAGE: /* in running text: its children, the alt text, stay */
            if (enter && !image_warned++) {
                char shown[MZ_QUOTE_MAX + 4];
                const char *u = cmark_node_get_url(n);
                if ((hs = mz_warn(r->d, "%s:%d: image '%s' inside a paragraph is not drawn (its alt text is kept): "
                                        "give it a paragraph of its own",
                                  r->name, r->line_off + cmark_node_get_start_line(n),
                                  mz_md_clip(shown, u ? u : "", u ? strlen(u) : 0))) != MZ_OK)
                    return hs;
            }
            break;
        default: { /* the extensions' nodes: GFM strikethrough */
            const char *ts = cmark_node_get_type_string(n);
            if (ts && !strcmp(ts, "strikethrough")) strike += enter ? 1 : -1;
            break;
        }
        }
    }
    return ok ? MZ_OK : mz_md_oom(r);
}

/* ---- blocks ------------------------------------------------------------------ */

/* A block inside a footnote definition: its text is a paragraph of the
 * note (a list's markers and a quote's rule are not drawn there); a table,
 * figure, rule or timeline keeps its own kind and is set after the body
 * (where cmark-gfm puts the definitions), with a warning from the caller. */
static mz_status note_block(reader *r, mz_block *b)
{
    if (b->type != MZ_BLOCK_PARA && b->type != MZ_BLOCK_HEADING && b->type != MZ_BLOCK_CODE)
        return mz_warn(r->d, "%s:%d: a %s inside footnote %d is set after the body, not in the note", r->name,
                       b->line, b->type == MZ_BLOCK_TABLE ? "table" : b->type == MZ_BLOCK_IMAGE ? "figure"
                                                          : b->type == MZ_BLOCK_HR ? "rule"
                                                          : b->type == MZ_BLOCK_CHART ? "chart" : "timeline",
                       r->note);
    b->type = MZ_BLOCK_NOTE;
    b->note = r->note;
    b->item_start = r->note_first;
    b->list_depth = b->quote_depth = 0;
    b->task = 0;
    r->note_first = 0;
    return MZ_OK;
}

static mz_block *add_block(reader *r, mz_block_type type, cmark_node *n, mz_status *st)
{
    int line = r->line_off + cmark_node_get_start_line(n);
    mz_block *b = mz_doc_add_block(r->doc, type, line);
    if (!b) {
        if (r->doc->nblocks >= MZ_MAX_BLOCKS)
            *st = mz_fail(r->d, MZ_ERR_LIMIT, "%s:%d: too many blocks (limit 10 000 000)", r->name,
                          line);
        else *st = mz_md_oom(r);
        return NULL;
    }
    b->quote_depth = r->quote_depth;
    b->list_depth = (int)r->nlists;
    if (r->nlists) {
        list_frame *lf = &r->lists[r->nlists - 1];
        b->ordered = lf->ordered;
        b->number = lf->start + lf->index;
        b->number_max = lf->last;
        b->item_start = r->item_pending;
        b->task = r->item_pending ? r->task : 0;
        r->item_pending = 0;
    }
    if (r->note && (*st = note_block(r, b)) != MZ_OK) return NULL; /* --strict */
    return b;
}

/* ---- figures ------------------------------------------------------------------ */

/* The image of a paragraph that holds nothing else (blanks aside), or NULL. */
static cmark_node *lone_image(cmark_node *para)
{
    cmark_node *img = NULL;
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_IMAGE && !img) img = c;
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) continue;
        else if (t == CMARK_NODE_TEXT) {
            const char *l = cmark_node_get_literal(c);
            while (l && *l && collapses((unsigned char)*l)) l++;
            if (l && *l) return NULL;
        } else {
            return NULL;
        }
    }
    return img;
}


#define MZ_IMAGE_HEADER_MAX (256 * 1024) /* a JPEG's size may follow 64 KB markers (EXIF, ICC) */

/* The kind and size of the image file PATH, with file:line errors. */
static mz_status probe_image(reader *r, int line, const char *src, const char *path, mz_block *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) return mz_fail(r->d, errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_INPUT, "%s:%d: image '%s': %s", r->name,
                           line, src, strerror(errno));
    unsigned char *head = malloc(MZ_IMAGE_HEADER_MAX);
    size_t n = head ? fread(head, 1, MZ_IMAGE_HEADER_MAX, f) : 0;
    int bad_read = head && ferror(f);
    fclose(f);
    if (!head) return mz_md_oom(r);
    mz_image_info info;
    b->image_kind = (int)mz_image_probe(head, n, &info);
    b->px_w = info.width;
    b->px_h = info.height;
    free(head);
    if (bad_read) return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: image '%s': cannot be read", r->name, line, src);
    if (!b->image_kind)
        return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: image '%s' is not a PNG or JPEG file", r->name, line, src);
    if (b->px_w > MZ_IMAGE_MAX_SIDE || b->px_h > MZ_IMAGE_MAX_SIDE)
        return mz_fail(r->d, MZ_ERR_LIMIT, "%s:%d: image '%s' is over %d pixels a side (the limit)", r->name, line,
                       src, MZ_IMAGE_MAX_SIDE);
    if ((long)b->px_w * b->px_h > MZ_IMAGE_MAX_PIXELS)
        return mz_fail(r->d, MZ_ERR_LIMIT, "%s:%d: image '%s' has %ld pixels: the limit is %ld", r->name, line, src,
                       (long)b->px_w * b->px_h, MZ_IMAGE_MAX_PIXELS);
    return MZ_OK;
}

/* The front matter's logo: a file like a figure's image, probed here (the
 * front matter only reads its value), errors at its front-matter line. */
static mz_status front_logo(reader *r)
{
    mz_meta *m = &r->doc->meta;
    const char *src = m->logo;
    char *path = mz_md_doc_path(r, src);
    char shown[MZ_QUOTE_MAX + 4];
    if (!path) return mz_md_oom(r);
    if (!*path)
        return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: 'logo' must name a local PNG or JPEG file, not '%s'", r->name,
                       m->logo_line, mz_md_clip(shown, src, strlen(src)));
    mz_block probe = {0};
    mz_status st = probe_image(r, m->logo_line, src, path, &probe);
    m->logo = path;
    m->logo_kind = probe.image_kind;
    m->logo_w = probe.px_w;
    m->logo_h = probe.px_h;
    return st;
}

/* A paragraph that is one image: a figure, captioned with the alt text.
 * A URL is not fetched: its alt text stays as a paragraph, with a warning. */
static mz_status figure(reader *r, cmark_node *para, cmark_node *img, int *done)
{
    int line = r->line_off + cmark_node_get_start_line(img);
    const char *src = cmark_node_get_url(img);
    char *path = mz_md_doc_path(r, src ? src : "");
    if (!path) return mz_md_oom(r);
    char shown[MZ_QUOTE_MAX + 4];
    *done = 0;
    if (!src || !*src || !*path)
        return mz_warn(r->d, "%s:%d: image '%s' is not a local file: not drawn (its alt text is kept)", r->name,
                       line, mz_md_clip(shown, src ? src : "", src ? strlen(src) : 0));
    mz_status st = collect_inlines(r, img); /* the alt text */
    if (st) return st;
    mz_block *b = add_block(r, MZ_BLOCK_IMAGE, para, &st);
    if (!b) return st;
    b->src = path;
    const char *title = cmark_node_get_title(img);
    if (title && *title && !(b->title = mz_arena_strdup(&r->doc->arena, title))) return mz_md_oom(r);
    if (!finish_text(r, &b->text)) return mz_md_oom(r);
    *done = 1;
    /* a figure without alt text says nothing to a reader who cannot see it
     * (PDF/UA: a Figure's /Alt) */
    size_t k = 0;
    while (k < b->text.len && (b->text.u[k] == ' ' || b->text.u[k] == '\n')) k++;
    if (k == b->text.len &&
        (st = mz_warn(r->d, "%s:%d: image '%s' has no alt text (![what it shows](...)): a screen reader says nothing for it",
                      r->name, line, mz_md_clip(shown, src, strlen(src)))))
        return st;
    return probe_image(r, line, src, path, b);
}

/* Paragraphs and headings; an empty one (only raw HTML, say) is dropped. */
static mz_status inline_block(reader *r, cmark_node *n, mz_block_type type)
{
    mz_status st = collect_inlines(r, n);
    if (st) return st;
    size_t k = 0;
    while (k < r->nchars && collapses(r->chars[k].c)) k++;
    if (k == r->nchars) return MZ_OK;
    mz_block *b = add_block(r, type, n, &st);
    if (!b) return st;
    if (type == MZ_BLOCK_HEADING) {
        int level = cmark_node_get_heading_level(n);
        b->level = level < 1 ? 1 : level > 6 ? 6 : level; /* CommonMark has six */
    }
    return finish_text(r, &b->text) ? MZ_OK : mz_md_oom(r);
}

/* ---- captions ----------------------------------------------------------------- */

#define MZ_CAPTION_KEY "Table:"
#define MZ_SOURCE_KEY "Source:"

static int is_data_fence(cmark_node *n, const char *kind)
{
    const char *info = n && cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK ? cmark_node_get_fence_info(n) : NULL;
    size_t k = strlen(kind);
    return info && !strncmp(info, kind, k) && (!info[k] || info[k] == ' ' || info[k] == '\t');
}

static int is_table(cmark_node *n)
{
    if (is_data_fence(n, "table")) return 1; /* a ```table from data takes a caption as a GFM one */
    const char *ts = n ? cmark_node_get_type_string(n) : NULL;
    return ts && !strcmp(ts, "table");
}

/* A paragraph that begins `Table:` (Pandoc's table caption). */
static int caption_para(cmark_node *n)
{
    if (!n || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH) return 0;
    cmark_node *c = cmark_node_first_child(n);
    const char *l = c && cmark_node_get_type(c) == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : NULL;
    return l && !strncmp(l, MZ_CAPTION_KEY, strlen(MZ_CAPTION_KEY));
}

/* The caption paragraph of table T: the one right before it, else the one
 * right after it unless that one comes right before another table. */
static cmark_node *table_caption_of(cmark_node *t)
{
    cmark_node *p = cmark_node_previous(t), *q = cmark_node_next(t);
    if (caption_para(p)) return p;
    if (caption_para(q) && !is_table(cmark_node_next(q))) return q;
    return NULL;
}

/* Does caption paragraph P belong to a table next to it? */
static int caption_taken(cmark_node *p)
{
    return (is_table(cmark_node_next(p)) && table_caption_of(cmark_node_next(p)) == p) ||
           (is_table(cmark_node_previous(p)) && table_caption_of(cmark_node_previous(p)) == p);
}

/* Does paragraph P have a line that begins `Source:`? */
static int has_source_line(cmark_node *p)
{
    cmark_node_type prev = CMARK_NODE_NONE;
    for (cmark_node *c = cmark_node_first_child(p); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        const char *l = t == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : NULL;
        if ((prev == CMARK_NODE_SOFTBREAK || prev == CMARK_NODE_LINEBREAK) && l &&
            !strncmp(l, MZ_SOURCE_KEY, strlen(MZ_SOURCE_KEY)))
            return 1;
        prev = t;
    }
    return 0;
}

static int chars_match(const reader *r, size_t at, const char *key)
{
    size_t n = strlen(key);
    if (at + n > r->nchars) return 0;
    for (size_t i = 0; i < n; i++)
        if (r->chars[at + i].c != (unsigned char)key[i]) return 0;
    return 1;
}

/* Caption paragraph P into B's caption and source: the key words off, the
 * source from the last line that begins `Source:`. */
static mz_status caption_text(reader *r, cmark_node *p, mz_block *b)
{
    mz_status st = collect_inlines(r, p);
    if (st) return st;
    size_t n = r->nchars, k = strlen(MZ_CAPTION_KEY), src = n;
    if (has_source_line(p))
        for (size_t i = n; i-- > k;)
            if (collapses(r->chars[i - 1].c) && chars_match(r, i, MZ_SOURCE_KEY)) {
                src = i;
                break;
            }
    size_t s0 = src < n ? src + strlen(MZ_SOURCE_KEY) : n, sn = n - s0;
    ichar *tail = sn ? malloc(sn * sizeof *tail) : NULL;
    if (sn && !tail) return mz_md_oom(r);
    if (sn) memcpy(tail, r->chars + s0, sn * sizeof *tail);
    memmove(r->chars, r->chars + k, (src - k) * sizeof *r->chars);
    r->nchars = src - k;
    int ok = finish_text(r, &b->caption);
    if (ok) {
        if (sn) memcpy(r->chars, tail, sn * sizeof *tail); /* it held all n */
        r->nchars = sn;
        ok = finish_text(r, &b->source);
    }
    free(tail);
    return ok ? MZ_OK : mz_md_oom(r);
}

/* A `Table:` paragraph no table takes is kept as a paragraph, and said so. */
static mz_status stray_caption(reader *r, cmark_node *p)
{
    return mz_warn(r->d,
                   "%s:%d: a 'Table:' caption must be the paragraph right before or after a table "
                   "(one caption a table): kept as a paragraph",
                   r->name, r->line_off + cmark_node_get_start_line(p));
}

static mz_status table_block(reader *r, cmark_node *n)
{
    mz_status st = MZ_OK;
    size_t cols = cmark_gfm_extensions_get_table_columns(n), rows = 0;
    for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
        size_t c = 0;
        rows++;
        for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell))
            c++;
        if (c > cols) cols = c; /* only when the extension reports no count */
    }
    mz_block *b = add_block(r, MZ_BLOCK_TABLE, n, &st);
    if (!b) return st;
    b->rows = rows;
    b->cols = cols;
    if (rows && cols > SIZE_MAX / sizeof *b->cells / rows) return mz_md_oom(r);
    b->cells = mz_arena_alloc(&r->doc->arena, (rows && cols ? rows * cols : 1) * sizeof *b->cells);
    b->align = mz_arena_alloc(&r->doc->arena, (cols ? cols : 1) * sizeof *b->align);
    if (!b->cells || !b->align) return mz_md_oom(r);
    const uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
    for (size_t c = 0; al && c < cols && c < cmark_gfm_extensions_get_table_columns(n); c++)
        b->align[c] = al[c] == 'l' ? 1 : al[c] == 'c' ? 2 : al[c] == 'r' ? 3 : 0;
    size_t i = 0;
    for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row), i++) {
        size_t c = 0;
        for (cmark_node *cell = cmark_node_first_child(row); cell && c < cols;
             cell = cmark_node_next(cell), c++) {
            if ((st = collect_inlines(r, cell))) return st;
            if (!finish_text(r, &b->cells[i * cols + c])) return mz_md_oom(r);
        }
        for (; c < cols; c++) { /* a short row: pad with empty cells */
            r->nchars = 0;
            if (!finish_text(r, &b->cells[i * cols + c])) return mz_md_oom(r);
        }
    }
    cmark_node *cap = table_caption_of(n);
    return cap ? caption_text(r, cap, b) : MZ_OK;
}

static int is_digit_at(uint32_t c, int *v)
{
    if (c >= '0' && c <= '9') *v = (int)(c - '0');
    else if (c >= 0x0660 && c <= 0x0669) *v = (int)(c - 0x0660);
    else return 0;
    return 1;
}

static int is_blank32(uint32_t c) { return c == ' ' || c == '\t' || c == '\r'; }

/* One `year | label` line of a timeline (u[0..n), file line `line`). */
static mz_status timeline_event(reader *r, mz_block *b, const uint32_t *u, size_t n, int line)
{
    size_t bar = 0;
    while (bar < n && u[bar] != '|') bar++;
    if (bar == n) {
        char *s = mz_utf32_to_utf8(u, n);
        char q[MZ_QUOTE_MAX + 4];
        if (!s) return mz_md_oom(r);
        mz_md_clip(q, s, strlen(s));
        free(s);
        return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: timeline line must be 'year | label', not '%s'",
                       r->name, line, q);
    }
    size_t ys = 0, ye = bar;
    while (ys < ye && is_blank32(u[ys])) ys++;
    while (ye > ys && is_blank32(u[ye - 1])) ye--;
    int year = 0, dv = 0, ok = ye > ys && ye - ys <= MZ_YEAR_DIGITS_MAX;
    for (size_t i = ys; ok && i < ye; i++)
        if ((ok = is_digit_at(u[i], &dv))) year = year * 10 + dv;
    if (!ok || year < 1) {
        char *s = mz_utf32_to_utf8(u + ys, ye - ys);
        char q[MZ_QUOTE_MAX + 4];
        if (!s) return mz_md_oom(r);
        mz_md_clip(q, s, strlen(s));
        free(s);
        return mz_fail(r->d, MZ_ERR_INPUT,
                       "%s:%d: timeline year must be 1 to 4 digits (not all zero), not '%s'",
                       r->name, line, q);
    }
    r->nchars = 0;
    for (size_t i = bar + 1; i < n; i++)
        if (!put_char(r, u[i], 0, -1)) return mz_md_oom(r);
    mz_event *e = &b->events[b->nevents];
    if (!finish_text(r, &e->label)) return mz_md_oom(r);
    if (e->label.len == 0)
        return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: timeline event for %d has no label", r->name,
                       line, year);
    e->year = year;
    e->line = line;
    b->nevents++;
    return MZ_OK;
}

/* A timeline's `title:` or `source:` line (after blanks, u[0..n)): its
 * text into the block's caption or source; 0 when the line is neither. */
static int timeline_head(const uint32_t *u, size_t n, const char *key)
{
    size_t k = strlen(key);
    if (n < k) return 0;
    for (size_t i = 0; i < k; i++)
        if (u[i] != (unsigned char)key[i]) return 0;
    return 1;
}

static mz_status timeline_caption(reader *r, mz_block *b, const uint32_t *u, size_t n, int line, int *done)
{
    int title = timeline_head(u, n, "title:"), source = !title && timeline_head(u, n, "source:");
    *done = title || source;
    if (!*done) return MZ_OK;
    mz_text *t = title ? &b->caption : &b->source;
    if (t->len)
        return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: the timeline has a %s line already", r->name, line,
                       title ? "title:" : "source:");
    r->nchars = 0;
    for (size_t i = title ? 6 : 7; i < n; i++)
        if (!put_char(r, u[i], 0, -1)) return mz_md_oom(r);
    if (!finish_text(r, t)) return mz_md_oom(r);
    if (!t->len)
        return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: the timeline's %s line is empty", r->name, line,
                       title ? "title:" : "source:");
    return MZ_OK;
}

/* A ```facts block: each non-blank line of LIT an item, a list marker
 * (- * •) and blanks around it taken off. */
static mz_status facts_block(reader *r, cmark_node *n, const char *lit)
{
    mz_status st = MZ_OK;
    mz_block *b = add_block(r, MZ_BLOCK_FACTS, n, &st);
    if (!b) return st;
    if (!(b->items = mz_arena_alloc(&r->doc->arena, MZ_FACTS_MAX * sizeof *b->items))) return mz_md_oom(r);
    int line = b->line + 1; /* the content starts on the line after the opening fence */
    for (const char *p = lit; *p; line++) {
        const char *e = strchr(p, '\n');
        if (!e) e = p + strlen(p);
        const char *s = p, *t = e;
        while (s < t && (*s == ' ' || *s == '\t')) s++;
        if (t - s >= 2 && (*s == '-' || *s == '*') && s[1] == ' ') s += 2;
        else if (t - s >= 4 && !memcmp(s, "\xE2\x80\xA2 ", 4)) s += 4; /* • */
        while (s < t && (*s == ' ' || *s == '\t')) s++;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r')) t--;
        p = *e ? e + 1 : e;
        if (s == t) continue;
        if (b->nitems == MZ_FACTS_MAX)
            return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: a facts block holds at most %d items", r->name, line,
                           MZ_FACTS_MAX);
        char *item = mz_arena_alloc(&r->doc->arena, (size_t)(t - s) + 1);
        if (!item) return mz_md_oom(r);
        memcpy(item, s, (size_t)(t - s));
        b->items[b->nitems++] = item;
    }
    if (!b->nitems)
        return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: a facts block holds no items (one fact a line)", r->name,
                       b->line);
    return MZ_OK;
}

/* Fenced and indented code; ```timeline fences become timelines. */
static mz_status code_block(reader *r, cmark_node *n)
{
    const char *info = cmark_node_get_fence_info(n);
    const char *lit = cmark_node_get_literal(n);
    size_t ilen = 0, len;
    mz_status st = MZ_OK;
    if (!lit) lit = "";
    if (info)
        while (info[ilen] && info[ilen] != ' ' && info[ilen] != '\t') ilen++;
    int timeline = info && ilen == 8 && !memcmp(info, "timeline", 8);
    if (info && ilen == 5 && !memcmp(info, "facts", 5)) return facts_block(r, n, lit);
    if (is_data_fence(n, "table") || is_data_fence(n, "chart")) {
        int chart = is_data_fence(n, "chart");
        mz_block *b = add_block(r, chart ? MZ_BLOCK_CHART : MZ_BLOCK_TABLE, n, &st);
        if (b) st = mz_md_data_block(r, b, lit, chart);
        cmark_node *cap = st || chart ? NULL : table_caption_of(n);
        return cap ? caption_text(r, cap, b) : st;
    }
    uint32_t *u = mz_utf8_decode(lit, strlen(lit), &len, &(mz_diag){0}, r->name, 0);
    if (!u) return mz_md_oom(r);
    /* line ends as \n only; no final newline */
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (!(u[i] == '\r' && i + 1 < len && u[i + 1] == '\n')) u[k++] = u[i] == '\r' ? '\n' : u[i];
    len = k;
    if (len && u[len - 1] == '\n') len--;

    mz_block *b = add_block(r, timeline ? MZ_BLOCK_TIMELINE : MZ_BLOCK_CODE, n, &st);
    if (!b) goto done;
    if (!timeline) {
        b->text.u = mz_arena_alloc(&r->doc->arena, (len + 1) * sizeof *u);
        b->text.spans = mz_arena_alloc(&r->doc->arena, sizeof *b->text.spans);
        if (!b->text.u || !b->text.spans) {
            st = mz_md_oom(r);
            goto done;
        }
        memcpy(b->text.u, u, len * sizeof *u);
        b->text.len = len;
        b->text.nspans = len ? 1 : 0;
        b->text.spans[0] = (mz_span){0, len, MZ_STYLE_CODE, -1};
        goto done;
    }
    size_t nlines = 1;
    for (size_t i = 0; i < len; i++) nlines += u[i] == '\n';
    b->events = mz_arena_alloc(&r->doc->arena, nlines * sizeof *b->events);
    if (!b->events) {
        st = mz_md_oom(r);
        goto done;
    }
    /* a fenced block's content starts on the line after the opening fence */
    int line = b->line + 1;
    for (size_t s = 0; s <= len && !st; line++) {
        size_t e = s;
        while (e < len && u[e] != '\n') e++;
        size_t t = s;
        while (t < e && is_blank32(u[t])) t++;
        int head = 0;
        if (t < e) st = timeline_caption(r, b, u + t, e - t, line, &head);
        if (t < e && !st && !head) st = timeline_event(r, b, u + s, e - s, line);
        s = e + 1;
    }
done:
    free(u);
    return st;
}

static mz_status walk(reader *r, cmark_node *root)
{
    mz_md_iter it;
    cmark_event_type ev;
    mz_status st = MZ_OK;
    mz_md_iter_init(&it, root);
    while (!st && (ev = mz_md_iter_next(&it)) != CMARK_EVENT_DONE) {
        cmark_node *n = it.node;
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_EXIT) {
            if (t == CMARK_NODE_BLOCK_QUOTE) r->quote_depth--;
            else if (t == CMARK_NODE_LIST) r->nlists--;
            else if (t == CMARK_NODE_ITEM) r->item_pending = 0;
            else if (t == CMARK_NODE_FOOTNOTE_DEFINITION) r->note = 0;
            continue;
        }
        switch (t) {
        case CMARK_NODE_BLOCK_QUOTE:
            r->quote_depth++;
            break;
        case CMARK_NODE_LIST: {
            if (!mz_grow((void **)&r->lists, &r->lists_cap, r->nlists + 1, sizeof *r->lists)) {
                st = mz_md_oom(r);
                break;
            }
            /* bullet lists count from 1 too, so `number` is always the item's ordinal */
            int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
            long start = ordered ? cmark_node_get_list_start(n) : 1, items = 0;
            for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) items++;
            r->lists[r->nlists++] = (list_frame){ordered, start, -1, start + (items ? items - 1 : 0)};
            break;
        }
        case CMARK_NODE_ITEM: {
            if (r->nlists) r->lists[r->nlists - 1].index++;
            r->item_pending = 1;
            const char *ts = cmark_node_get_type_string(n); /* "tasklist": GFM's - [ ] and - [x] */
            r->task = ts && !strcmp(ts, "tasklist") ? (cmark_gfm_extensions_get_tasklist_item_checked(n) ? 2 : 1) : 0;
            break;
        }
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            /* cmark-gfm moved the referenced ones to the end, in the order
             * of their numbers, and dropped the others */
            r->note = ++r->doc->nnotes;
            r->note_first = 1;
            break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING: {
            cmark_node *img = t == CMARK_NODE_PARAGRAPH ? lone_image(n) : NULL;
            int done = 0;
            if (caption_para(n)) {
                done = caption_taken(n); /* its table sets it */
                if (!done) st = stray_caption(r, n);
            }
            if (img && !done && !st) st = figure(r, n, img, &done);
            if (!st && !done) st = inline_block(r, n, t == CMARK_NODE_HEADING ? MZ_BLOCK_HEADING : MZ_BLOCK_PARA);
            mz_md_iter_skip(&it, n); /* its inlines are done */
            break;
        }
        case CMARK_NODE_THEMATIC_BREAK:
            add_block(r, MZ_BLOCK_HR, n, &st);
            break;
        case CMARK_NODE_CODE_BLOCK:
            st = code_block(r, n);
            break;
        case CMARK_NODE_HTML_BLOCK:
            /* MZ_ERR_INPUT under --strict */
            st = mz_warn(r->d, "%s:%d: raw HTML block dropped", r->name,
                         r->line_off + cmark_node_get_start_line(n));
            break;
        default: {
            const char *ts = cmark_node_get_type_string(n);
            if (ts && !strcmp(ts, "table")) {
                st = table_block(r, n);
                mz_md_iter_skip(&it, n);
            }
            break;
        }
        }
    }
    return st;
}

/* ---- entry point ------------------------------------------------------------ */

int mz_markdown_ready(void) { return mz_md_register(); }

/* cmark parses with mz_md_mem, which unwinds to the setjmp here when an
 * allocation fails; walk() changes the document and must not be unwound,
 * so cmark allocates nothing once it runs (mz_md_materialise). */
static mz_status parse_body(reader *r, const char *p, size_t n)
{
    static const char *const exts[] = {"table", "strikethrough", "autolink", "tasklist"};
    jmp_buf jb;
    if (!mz_md_register()) return mz_md_oom(r);
    mz_md_mem_begin(&jb);
    if (setjmp(jb)) {
        mz_md_mem_end();
        return mz_md_oom(r);
    }
    cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES, &mz_md_mem);
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (e) cmark_parser_attach_syntax_extension(parser, e);
    }
    cmark_parser_feed(parser, p, n);
    cmark_node *root = cmark_parser_finish(parser);
    mz_md_materialise(root);
    mz_md_mem_disarm();
    mz_status st = walk(r, root);
    cmark_node_free(root);
    cmark_parser_free(parser);
    mz_md_mem_end();
    return st;
}

/* cmark-gfm's work grows with the square of the nesting depth (10 000 nested
 * lists take 8 s), and no briefing nests past a handful of levels.  Lines
 * are checked before cmark sees them: quote markers, list markers and the
 * indentation before a list marker each count as a level. */
#define MZ_MAX_NESTING 100

static mz_status check_nesting(reader *r, const char *p, const char *end)
{
    int line = r->line_off + 1;
    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e) e = end;
        int depth = 0, spaces = 0, run = 0;
        const char *q = p;
        while (q < e) {
            /* indentation: runs of two or more spaces (one is a separator) */
            if (*q == ' ' || *q == '\t') {
                run += *q == '\t' ? 4 : 1;
                if (q + 1 == e || (q[1] != ' ' && q[1] != '\t')) {
                    if (run >= 2) spaces += run;
                    run = 0;
                }
            }
            else if (*q == '>') depth++;
            else if ((*q == '-' || *q == '*' || *q == '+') && q + 1 < e && (q[1] == ' ' || q[1] == '\t'))
                depth++;
            else if (*q >= '0' && *q <= '9') {
                const char *t = q;
                while (t < e && t - q < 9 && *t >= '0' && *t <= '9') t++;
                if (t + 1 < e && (*t == '.' || *t == ')') && (t[1] == ' ' || t[1] == '\t')) {
                    depth++;
                    q = t;
                } else
                    break;
            } else
                break;
            q++;
        }
        if (depth) depth += spaces / 2; /* indentation nests list items too */
        if (depth > MZ_MAX_NESTING)
            return mz_fail(r->d, MZ_ERR_LIMIT,
                           "%s:%d: lists and quotes nested %d deep; the limit is %d", r->name,
                           line, depth, MZ_MAX_NESTING);
        p = e < end ? e + 1 : end;
        line++;
    }
    return MZ_OK;
}

mz_status mz_read_markdown(mz_doc *doc, const char *data, size_t len, mz_diag *d)
{
    reader r = {0};
    mz_status st;
    char *clean = NULL;
    r.doc = doc;
    r.d = d;
    r.name = doc->name ? doc->name : "<input>";
    if (!doc->meta.lang) doc->meta.lang = MZ_DEFAULT_LANG;

    /* Invalid UTF-8 and NUL bytes are reported with their byte offsets in
     * the file, and a repaired copy is parsed so that libyaml and cmark see
     * only valid text; valid input (nearly all) is only read through. */
    if (!mz_utf8_valid(data, len)) {
        unsigned before = d->nwarnings;
        size_t n32;
        uint32_t *u = mz_utf8_decode(data, len, &n32, d, r.name, 0);
        if (!u) return mz_md_oom(&r);
        if (d->status) {
            free(u);
            return d->status;
        }
        if (d->nwarnings != before) {
            clean = mz_utf32_to_utf8(u, n32);
            free(u);
            if (!clean) return mz_md_oom(&r);
            data = clean;
            len = strlen(clean);
        } else {
            free(u);
        }
    }

    const char *p = data, *end = data + len;
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    const char *y, *body;
    size_t yn;
    int body_line;
    st = mz_md_split_front(&r, p, end, &y, &yn, &body, &body_line);
    if (!st && y) st = mz_md_read_front(&r, y, yn, 2);
    if (!st && r.doc->meta.logo) st = front_logo(&r);
    if (!st) {
        r.line_off = body_line - 1;
        st = check_nesting(&r, body, end);
    }
    if (!st) st = parse_body(&r, body, (size_t)(end - body));
    free(r.lists);
    free(r.chars);
    free(clean);
    return st;
}
