/* test_markdown.c - the Markdown reader: front matter, block mapping, inline spans, robustness. */
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "harness.h"
#include "doc/markdown_int.h"
#include "doc/markdown_mem.h"

static char err[512];
static char lastwarn[512];
static int nwarn;

static void on_warn(void *ud, const char *msg)
{
    (void)ud;
    nwarn++;
    snprintf(lastwarn, sizeof lastwarn, "%s", msg);
}

/* Reads src (n bytes) as NAME into a fresh doc. */
static mz_status readn(mz_doc *doc, const char *name, const char *src, size_t n, int strict)
{
    mz_diag d = {0};
    memset(doc, 0, sizeof *doc);
    doc->name = name;
    err[0] = 0;
    lastwarn[0] = 0;
    nwarn = 0;
    d.buf = err;
    d.len = sizeof err;
    d.warn = on_warn;
    d.strict = strict;
    return mz_read_markdown(doc, src, n, &d);
}

static mz_status rd(mz_doc *doc, const char *src)
{
    return readn(doc, "x.md", src, strlen(src), 0);
}

/* The text as UTF-8 (static buffer, for comparisons). */
static const char *txt(const mz_text *t)
{
    static char out[4][4096];
    static int k;
    char *o = out[k++ & 3];
    char *s = mz_utf32_to_utf8(t->u, t->len);
    snprintf(o, 4096, "%s", s ? s : "(oom)");
    free(s);
    return o;
}

/* Spans are sorted, contiguous, non-empty and cover the text. */
static int spans_ok(const mz_text *t)
{
    size_t pos = 0;
    for (size_t i = 0; i < t->nspans; i++) {
        if (t->spans[i].start != pos || t->spans[i].end <= t->spans[i].start) return 0;
        pos = t->spans[i].end;
    }
    return pos == t->len;
}

/* Expects reading src to fail with exactly message `want` and status st. */
static void expect_error(const char *name, const char *src, mz_status st, const char *want)
{
    mz_doc doc;
    mz_status got = rd(&doc, src);
    MZ_CHECK(name, got == st && strcmp(err, want) == 0, "status %d, message '%s' (want '%s')", got,
             err, want);
    mz_doc_free(&doc);
}

static void test_front_keys(void)
{
    mz_doc doc;
    const char *src = "---\n"
                      "title: تقرير موجز\n"
                      "subtitle: \"الربع الثالث\"\n"
                      "date: 2024-05-01\n"
                      "author: وزارة التخطيط\n"
                      "lang: ar-EG\n"
                      "latin_lang: fr\n"
                      "dir: ltr\n"
                      "paper: Letter\n"
                      "font: Amiri\n"
                      "bold_font: /fonts/Amiri-Bold.ttf\n"
                      "italic_font: Noto Naskh Arabic\n"
                      "font_size: 11.5\n"
                      "justify: kashida\n"
                      "digits: arabic-indic\n"
                      "toc: true\n"
                      "header: |\n"
                      "  سري\n"
                      "footer: 'صفحة'\n"
                      "pdfa: false\n"
                      "---\n"
                      "# عنوان\n";
    mz_status st = rd(&doc, src);
    mz_meta *m = &doc.meta;
    MZ_CHECK("front: parses", st == MZ_OK, "%d %s", st, err);
    MZ_CHECK("front: title", m->title && !strcmp(m->title, "تقرير موجز"), "%s", m->title);
    MZ_CHECK("front: subtitle", m->subtitle && !strcmp(m->subtitle, "الربع الثالث"), "%s",
             m->subtitle);
    MZ_CHECK("front: date", m->date && !strcmp(m->date, "2024-05-01"), "%s", m->date);
    MZ_CHECK("front: author", m->author && !strcmp(m->author, "وزارة التخطيط"), "%s", m->author);
    MZ_CHECK("front: lang", m->lang && !strcmp(m->lang, "ar-EG"), "%s", m->lang);
    MZ_CHECK("front: latin_lang", m->latin_lang && !strcmp(m->latin_lang, "fr"), "%s", m->latin_lang);
    MZ_CHECK("front: dir", m->dir == MZ_DIR_LTR, "%d", m->dir);
    MZ_CHECK("front: paper (case-insensitive)", m->paper == MZ_PAPER_LETTER, "%d", m->paper);
    MZ_CHECK("front: font", m->font && !strcmp(m->font, "Amiri"), "%s", m->font);
    MZ_CHECK("front: bold_font", m->bold_font && !strcmp(m->bold_font, "/fonts/Amiri-Bold.ttf"),
             "%s", m->bold_font);
    MZ_CHECK("front: italic_font", m->italic_font && !strcmp(m->italic_font, "Noto Naskh Arabic"),
             "%s", m->italic_font);
    MZ_CHECK("front: font_size", m->font_size == 11.5, "%g", m->font_size);
    MZ_CHECK("front: justify", m->justify == MZ_JUSTIFY_KASHIDA, "%d", m->justify);
    MZ_CHECK("front: digits", m->digits == MZ_DIGITS_ARABIC_INDIC, "%d", m->digits);
    MZ_CHECK("front: toc", m->toc == 1, "%d", m->toc);
    MZ_CHECK("front: header (block scalar, trimmed)", m->header && !strcmp(m->header, "سري"), "%s",
             m->header);
    MZ_CHECK("front: footer", m->footer && !strcmp(m->footer, "صفحة"), "%s", m->footer);
    MZ_CHECK("front: pdfa false", m->pdfa == -1, "%d", m->pdfa);
    MZ_CHECK("front: body line offset",
             doc.nblocks == 1 && doc.blocks[0].line == 22 && doc.blocks[0].type == MZ_BLOCK_HEADING,
             "n=%zu line=%d", doc.nblocks, doc.nblocks ? doc.blocks[0].line : 0);
    mz_doc_free(&doc);

    st = rd(&doc, "---\nissuer: هيئة\ndir: RTL\npaper: a4\njustify: none\ndigits: european\n"
                  "pdfa: true\ntoc: false\nfont_size: 12\n...\nنص\n");
    m = &doc.meta;
    MZ_CHECK("front: issuer alias, '...' closes",
             st == MZ_OK && m->author && !strcmp(m->author, "هيئة"), "%d %s", st, err);
    MZ_CHECK("front: other values",
             m->dir == MZ_DIR_RTL && m->paper == MZ_PAPER_A4 && m->justify == MZ_JUSTIFY_NONE &&
                 m->digits == MZ_DIGITS_EUROPEAN && m->pdfa == 1 && m->toc == 0 &&
                 m->font_size == 12,
             "dir %d paper %d justify %d digits %d pdfa %d toc %d size %g", m->dir, m->paper,
             m->justify, m->digits, m->pdfa, m->toc, m->font_size);
    MZ_CHECK("front: lang default", m->lang && !strcmp(m->lang, "ar"), "%s", m->lang);
    MZ_CHECK("front: body after '...'", doc.nblocks == 1 && doc.blocks[0].line == 11, "n=%zu",
             doc.nblocks);
    mz_doc_free(&doc);

    st = rd(&doc, "---\n---\nنص\n");
    MZ_CHECK("front: empty front matter",
             st == MZ_OK && doc.nblocks == 1 && doc.blocks[0].line == 3, "%d %s", st, err);
    mz_doc_free(&doc);
    st = rd(&doc, "---\n# only a comment\ntitle:\n---\n");
    MZ_CHECK("front: comment and null value", st == MZ_OK && !doc.meta.title, "%d %s", st, err);
    mz_doc_free(&doc);
    st = rd(&doc, "---\r\ntitle: عنوان\r\ntoc: true\r\n---\r\nسطر\r\n\r\n## ثانٍ\r\n");
    MZ_CHECK("front: CRLF",
             st == MZ_OK && doc.meta.title && !strcmp(doc.meta.title, "عنوان") &&
                 doc.meta.toc == 1 && doc.nblocks == 2 && doc.blocks[0].line == 5 &&
                 doc.blocks[1].line == 7 && !strcmp(txt(&doc.blocks[0].text), "سطر"),
             "%d %s n=%zu", st, err, doc.nblocks);
    mz_doc_free(&doc);
    st = rd(&doc, "\xEF\xBB\xBF---\ntitle: T\n---\nنص\n");
    MZ_CHECK("front: after BOM",
             st == MZ_OK && doc.meta.title && !strcmp(doc.meta.title, "T") && doc.nblocks == 1 &&
                 doc.blocks[0].line == 4,
             "%d %s", st, err);
    mz_doc_free(&doc);
}

static void test_front_errors(void)
{
    expect_error("front err: unknown key", "---\ntitle: a\ntitel: b\n---\n", MZ_ERR_INPUT,
                 "x.md:3: unknown front-matter key 'titel'");
    expect_error("front err: toc not bool", "---\na: \n---\n", MZ_ERR_INPUT,
                 "x.md:2: unknown front-matter key 'a'");
    expect_error("front err: toc value", "---\ntitle: t\n\n# c\ntoc: yes please\n---\n",
                 MZ_ERR_INPUT, "x.md:5: 'toc' must be true or false, not 'yes please'");
    expect_error("front err: pdfa value", "---\npdfa: 1\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'pdfa' must be true or false, not '1'");
    expect_error("front err: font_size not a number", "---\nfont_size: big\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'font_size' must be a number of points, not 'big'");
    expect_error("front err: font_size range", "---\n\nfont_size: 100\n---\n", MZ_ERR_INPUT,
                 "x.md:3: 'font_size' must be between 6 and 72 points, not '100'");
    expect_error("front err: font_size too small", "---\nfont_size: 5.9\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'font_size' must be between 6 and 72 points, not '5.9'");
    expect_error("front err: dir", "---\ndir: up\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'dir' must be rtl, ltr or auto, not 'up'");
    expect_error("front err: paper", "---\npaper: A5\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'paper' must be A4 or letter, not 'A5'");
    expect_error("front err: justify", "---\njustify: full\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'justify' must be auto, spaces, kashida or none, not 'full'");
    expect_error("front err: digits", "---\ndigits: roman\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'digits' must be native, arabic-indic, extended-arabic-indic or european, not 'roman'");
    expect_error("front err: body_digits", "---\nbody_digits: often\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'body_digits' must be true or false, not 'often'");
    expect_error("front err: lang", "---\nlang: 'a r'\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'lang' must be a language tag such as ar or en, not 'a r'");
    expect_error("front err: latin_lang", "---\nlatin_lang: 'e n'\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'latin_lang' must be a language tag such as ar or en, not 'e n'");
    expect_error("front err: mapping value", "---\ntitle:\n  a: b\n---\n", MZ_ERR_INPUT,
                 "x.md:3: 'title' must be a single value, not a mapping");
    expect_error("front err: list value", "---\nauthor: [a, b]\n---\n", MZ_ERR_INPUT,
                 "x.md:2: 'author' must be a single value, not a list");
    expect_error("front err: duplicate", "---\ntitle: a\ndate: d\ntitle: b\n---\n", MZ_ERR_INPUT,
                 "x.md:4: duplicate front-matter key 'title' (first on line 2)");
    expect_error("front err: author and issuer", "---\nauthor: a\nissuer: b\n---\n", MZ_ERR_INPUT,
                 "x.md:3: duplicate front-matter key 'issuer' (same as 'author' on line 2)");
    expect_error("front err: unterminated", "---\ntitle: a\n\nbody\n", MZ_ERR_INPUT,
                 "x.md:1: unterminated front matter: no closing '---' line");
    expect_error("front err: lone ---", "---", MZ_ERR_INPUT,
                 "x.md:1: unterminated front matter: no closing '---' line");
    expect_error("front err: tab indentation", "---\ntitle: a\nfont: b\n\tdate: c\n---\n",
                 MZ_ERR_INPUT, "x.md:4: tab in front-matter indentation (YAML needs spaces)");
    expect_error("front err: not a mapping", "---\n- a\n- b\n---\n", MZ_ERR_INPUT,
                 "x.md:2: front matter must be 'key: value' lines");
    expect_error("front err: key is a list", "---\n? [a]\n: b\n---\n", MZ_ERR_INPUT,
                 "x.md:2: front-matter keys must be plain words, not a list");
    expect_error("front err: alias", "---\ntitle: &t a\nsubtitle: *t\n---\n", MZ_ERR_INPUT,
                 "x.md:3: 'subtitle' must be a single value, not an alias");

    /* YAML syntax errors: only the line number and prefix are pinned */
    mz_doc doc;
    mz_status st = rd(&doc, "---\ntitle: a\ndate: \"unclosed\n---\n");
    MZ_CHECK(
        "front err: yaml syntax (unclosed quote)",
        st == MZ_ERR_INPUT &&
            !strncmp(err, "x.md:4: front matter: while scanning a quoted scalar (from line 3)", 66),
        "%d %s", st, err);
    mz_doc_free(&doc);
    st = rd(&doc, "---\ntitle: a\n  b: c\n---\n");
    MZ_CHECK(
        "front err: yaml syntax line",
        st == MZ_ERR_INPUT &&
            !strcmp(err, "x.md:3: front matter: mapping values are not allowed in this context"),
        "%d %s", st, err);
    mz_doc_free(&doc);
    st = rd(&doc, "---\ntitle: a: b\n---\n");
    MZ_CHECK(
        "front err: yaml syntax (mapping in a value)",
        st == MZ_ERR_INPUT &&
            !strcmp(err, "x.md:2: front matter: mapping values are not allowed in this context"),
        "%d %s", st, err);
    mz_doc_free(&doc);
    st = rd(&doc, "---\r\ntitle: a\r\n\r\n  b: c\r\n---\r\n");
    MZ_CHECK(
        "front err: CRLF syntax error line",
        st == MZ_ERR_INPUT &&
            !strcmp(err, "x.md:4: front matter: mapping values are not allowed in this context"),
        "%d %s", st, err);
    mz_doc_free(&doc);
    st = rd(&doc, "---\rtitle: a\rtoc: x\r---\rbody\r");
    MZ_CHECK("front err: CR-only line ends",
             st == MZ_ERR_INPUT && !strcmp(err, "x.md:3: 'toc' must be true or false, not 'x'"),
             "%d %s", st, err);
    mz_doc_free(&doc);
    st = rd(&doc, "---\r\ntitle: a\r\ntoc: maybe\r\n---\r\n");
    MZ_CHECK("front err: CRLF exact line",
             st == MZ_ERR_INPUT && !strcmp(err, "x.md:3: 'toc' must be true or false, not 'maybe'"),
             "%d %s", st, err);
    mz_doc_free(&doc);

    /* the 64 KiB value limit */
    size_t big = 64 * 1024 + 1;
    char *src = malloc(big + 64);
    strcpy(src, "---\ndate: x\ntitle: ");
    size_t k = strlen(src);
    memset(src + k, 'a', big);
    strcpy(src + k + big, "\n---\n");
    st = rd(&doc, src);
    MZ_CHECK("front err: value over 64 KiB",
             st == MZ_ERR_LIMIT && strstr(err, "x.md:3:") && strstr(err, "64 KiB"), "%d %s", st,
             err);
    mz_doc_free(&doc);
    src[k + big - 1] = '\n'; /* exactly 64 KiB: fine */
    st = rd(&doc, src);
    MZ_CHECK("front: value of exactly 64 KiB",
             st == MZ_OK && doc.meta.title && strlen(doc.meta.title) == big - 1, "%d %s", st, err);
    mz_doc_free(&doc);
    free(src);
}

static void test_blocks(void)
{
    mz_doc doc;
    mz_status st = rd(&doc, "# واحد\n\n## اثنان\n\n#### أربعة\n\nفقرة\nثانية\n\n---\n\n"
                            "```\ncode  line\n\tindented\n```\n");
    MZ_CHECK("blocks: parse", st == MZ_OK && doc.nblocks == 6, "%d %s n=%zu", st, err, doc.nblocks);
    if (doc.nblocks == 6) {
        mz_block *b = doc.blocks;
        MZ_CHECK("blocks: h1",
                 b[0].type == MZ_BLOCK_HEADING && b[0].level == 1 && b[0].line == 1 &&
                     !strcmp(txt(&b[0].text), "واحد"),
                 "type %d level %d", b[0].type, b[0].level);
        MZ_CHECK("blocks: h2", b[1].type == MZ_BLOCK_HEADING && b[1].level == 2 && b[1].line == 3,
                 "level %d", b[1].level);
        MZ_CHECK("blocks: h4 stays level 4", b[2].type == MZ_BLOCK_HEADING && b[2].level == 4,
                 "level %d", b[2].level);
        MZ_CHECK("blocks: paragraph soft break",
                 b[3].type == MZ_BLOCK_PARA && b[3].line == 7 &&
                     !strcmp(txt(&b[3].text), "فقرة ثانية"),
                 "'%s'", txt(&b[3].text));
        MZ_CHECK("blocks: hr", b[4].type == MZ_BLOCK_HR && b[4].line == 10, "type %d", b[4].type);
        MZ_CHECK("blocks: code verbatim",
                 b[5].type == MZ_BLOCK_CODE && b[5].line == 12 &&
                     !strcmp(txt(&b[5].text), "code  line\n\tindented") && b[5].text.nspans == 1 &&
                     b[5].text.spans[0].style == MZ_STYLE_CODE,
                 "'%s'", txt(&b[5].text));
        MZ_CHECK("blocks: no nesting context",
                 b[3].list_depth == 0 && b[3].quote_depth == 0 && b[3].item_start == 0, "%d %d",
                 b[3].list_depth, b[3].quote_depth);
    }
    mz_doc_free(&doc);
}

static void test_lists(void)
{
    mz_doc doc;
    mz_status st = rd(&doc, "3. ثالث\n"
                            "4. رابع\n"
                            "   - نقطة أ\n"
                            "   - نقطة ب\n"
                            "\n"
                            "     فقرة ثانية في ب\n"
                            "5. خامس\n"
                            "\n"
                            "بعد القائمة\n");
    MZ_CHECK("lists: parse", st == MZ_OK && doc.nblocks == 7, "%d %s n=%zu", st, err, doc.nblocks);
    if (doc.nblocks == 7) {
        mz_block *b = doc.blocks;
        MZ_CHECK("lists: first item",
                 b[0].list_depth == 1 && b[0].ordered && b[0].number == 3 && b[0].item_start == 1 &&
                     !strcmp(txt(&b[0].text), "ثالث"),
                 "depth %d ord %d num %ld start %d", b[0].list_depth, b[0].ordered, b[0].number,
                 b[0].item_start);
        MZ_CHECK("lists: second item numbered start+1", b[1].number == 4 && b[1].item_start == 1,
                 "num %ld", b[1].number);
        MZ_CHECK("lists: nested bullet",
                 b[2].list_depth == 2 && !b[2].ordered && b[2].item_start == 1 && b[2].line == 3,
                 "depth %d ord %d", b[2].list_depth, b[2].ordered);
        MZ_CHECK("lists: nested second",
                 b[3].list_depth == 2 && b[3].item_start == 1 && b[3].number == 2,
                 "depth %d num %ld", b[3].list_depth, b[3].number);
        MZ_CHECK("lists: continuation paragraph",
                 b[4].list_depth == 2 && b[4].item_start == 0 && b[4].line == 6,
                 "depth %d start %d line %d", b[4].list_depth, b[4].item_start, b[4].line);
        MZ_CHECK("lists: back to outer",
                 b[5].list_depth == 1 && b[5].ordered && b[5].number == 5 && b[5].item_start == 1,
                 "depth %d num %ld", b[5].list_depth, b[5].number);
        MZ_CHECK("lists: after the list",
                 b[6].list_depth == 0 && b[6].item_start == 0 && b[6].ordered == 0, "depth %d",
                 b[6].list_depth);
    }
    mz_doc_free(&doc);

    st = rd(&doc, "* أ\n\n* ب\n\n  فقرة\n*\n* د\n");
    MZ_CHECK("lists: loose list, empty item keeps numbering",
             st == MZ_OK && doc.nblocks == 4 && doc.blocks[0].number == 1 &&
                 doc.blocks[1].number == 2 && doc.blocks[2].item_start == 0 &&
                 doc.blocks[2].line == 5 && doc.blocks[3].number == 4 && doc.blocks[3].item_start,
             "%d n=%zu", st, doc.nblocks);
    mz_doc_free(&doc);
    st = rd(&doc, "0) صفر\n1) واحد\n");
    MZ_CHECK("lists: start 0",
             st == MZ_OK && doc.nblocks == 2 && doc.blocks[0].number == 0 &&
                 doc.blocks[1].number == 1 && doc.blocks[1].ordered,
             "%d n=%zu", st, doc.nblocks);
    mz_doc_free(&doc);

    st = rd(&doc, "- ## عنوان\n  نص\n- > مقتبس\n");
    MZ_CHECK("lists: heading in item",
             st == MZ_OK && doc.nblocks == 3 && doc.blocks[0].type == MZ_BLOCK_HEADING &&
                 doc.blocks[0].list_depth == 1 && doc.blocks[0].item_start == 1 &&
                 doc.blocks[1].item_start == 0,
             "%d n=%zu", st, doc.nblocks);
    if (doc.nblocks == 3)
        MZ_CHECK("lists: quote in item",
                 doc.blocks[2].list_depth == 1 && doc.blocks[2].quote_depth == 1 &&
                     doc.blocks[2].item_start == 1,
                 "%d %d", doc.blocks[2].list_depth, doc.blocks[2].quote_depth);
    mz_doc_free(&doc);
}

static void test_quotes(void)
{
    mz_doc doc;
    mz_status st = rd(&doc, "> أول\n>\n> > ثانٍ\n> ## عنوان\n\nخارج\n");
    MZ_CHECK("quotes: parse", st == MZ_OK && doc.nblocks == 4, "%d %s n=%zu", st, err, doc.nblocks);
    if (doc.nblocks == 4) {
        MZ_CHECK("quotes: depth 1", doc.blocks[0].quote_depth == 1, "%d",
                 doc.blocks[0].quote_depth);
        MZ_CHECK("quotes: depth 2", doc.blocks[1].quote_depth == 2 && doc.blocks[1].line == 3, "%d",
                 doc.blocks[1].quote_depth);
        /* "> ## x" after "> > y" closes the inner quote (lazy continuation only applies to
         * paragraph text) */
        MZ_CHECK("quotes: heading in quote",
                 doc.blocks[2].type == MZ_BLOCK_HEADING && doc.blocks[2].quote_depth == 1,
                 "type %d depth %d", doc.blocks[2].type, doc.blocks[2].quote_depth);
        MZ_CHECK("quotes: outside", doc.blocks[3].quote_depth == 0, "%d",
                 doc.blocks[3].quote_depth);
    }
    mz_doc_free(&doc);
}

static void test_tables(void)
{
    mz_doc doc;
    mz_status st = rd(&doc, "قبل\n\n"
                            "| البند | القيمة | ملاحظة | ز |\n"
                            "|:------|:------:|-------:|---|\n"
                            "| أ | **١٠** | نعم | |\n"
                            "| ب |\n");
    MZ_CHECK("tables: parse", st == MZ_OK && doc.nblocks == 2, "%d %s n=%zu", st, err, doc.nblocks);
    if (doc.nblocks == 2) {
        mz_block *t = &doc.blocks[1];
        MZ_CHECK("tables: shape",
                 t->type == MZ_BLOCK_TABLE && t->rows == 3 && t->cols == 4 && t->line == 3,
                 "type %d %zux%zu line %d", t->type, t->rows, t->cols, t->line);
        if (t->rows == 3 && t->cols == 4) {
            MZ_CHECK("tables: header cells",
                     !strcmp(txt(&t->cells[0]), "البند") && !strcmp(txt(&t->cells[2]), "ملاحظة"),
                     "'%s' '%s'", txt(&t->cells[0]), txt(&t->cells[2]));
            MZ_CHECK("tables: body cell with style",
                     !strcmp(txt(&t->cells[5]), "١٠") && t->cells[5].nspans == 1 &&
                         t->cells[5].spans[0].style == MZ_STYLE_BOLD,
                     "'%s'", txt(&t->cells[5]));
            MZ_CHECK("tables: alignment",
                     t->align[0] == 1 && t->align[1] == 2 && t->align[2] == 3 && t->align[3] == 0,
                     "%d %d %d %d", t->align[0], t->align[1], t->align[2], t->align[3]);
            MZ_CHECK("tables: empty cell", t->cells[7].len == 0 && t->cells[7].nspans == 0, "%zu",
                     t->cells[7].len);
            MZ_CHECK("tables: short row padded",
                     !strcmp(txt(&t->cells[8]), "ب") && t->cells[9].len == 0 &&
                         t->cells[10].len == 0 && t->cells[11].len == 0 && t->cells[11].u,
                     "'%s'", txt(&t->cells[8]));
        }
    }
    mz_doc_free(&doc);
}

static void test_timeline(void)
{
    mz_doc doc;
    mz_status st = rd(&doc, "# خط\n\n```timeline\n"
                            "1990 | التأسيس\n"
                            "\n"
                            "  ٢٠٠٥ |   التوسع   الأول \n"
                            "7|سنة *قصيرة*\n"
                            "```\n");
    MZ_CHECK("timeline: parse", st == MZ_OK && doc.nblocks == 2, "%d %s n=%zu", st, err,
             doc.nblocks);
    if (doc.nblocks == 2) {
        mz_block *b = &doc.blocks[1];
        MZ_CHECK("timeline: block", b->type == MZ_BLOCK_TIMELINE && b->nevents == 3 && b->line == 3,
                 "type %d n %zu", b->type, b->nevents);
        if (b->nevents == 3) {
            MZ_CHECK("timeline: event 1",
                     b->events[0].year == 1990 && b->events[0].line == 4 &&
                         !strcmp(txt(&b->events[0].label), "التأسيس"),
                     "%d %d '%s'", b->events[0].year, b->events[0].line, txt(&b->events[0].label));
            MZ_CHECK("timeline: Arabic-Indic year, label trimmed",
                     b->events[1].year == 2005 && b->events[1].line == 6 &&
                         !strcmp(txt(&b->events[1].label), "التوسع الأول"),
                     "%d %d '%s'", b->events[1].year, b->events[1].line, txt(&b->events[1].label));
            MZ_CHECK("timeline: label plain",
                     b->events[2].year == 7 && !strcmp(txt(&b->events[2].label), "سنة *قصيرة*") &&
                         b->events[2].label.nspans == 1 && b->events[2].label.spans[0].style == 0,
                     "'%s'", txt(&b->events[2].label));
        }
    }
    mz_doc_free(&doc);

    expect_error("timeline err: no bar", "```timeline\n2000 | a\n2001 b\n```\n", MZ_ERR_INPUT,
                 "x.md:3: timeline line must be 'year | label', not '2001 b'");
    expect_error("timeline err: bad year", "نص\n\n```timeline\n2000 | a\n\nabc | b\n```\n",
                 MZ_ERR_INPUT,
                 "x.md:6: timeline year must be 1 to 4 digits (not all zero), not 'abc'");
    expect_error("timeline err: 5 digits", "```timeline\n20000 | a\n```\n", MZ_ERR_INPUT,
                 "x.md:2: timeline year must be 1 to 4 digits (not all zero), not '20000'");
    expect_error("timeline err: empty label", "---\ntitle: t\n---\n```timeline\n2000 |  \n```\n",
                 MZ_ERR_INPUT, "x.md:5: timeline event for 2000 has no label");
    expect_error("timeline err: in a list", "- a\n\n  ```timeline\n  1 | x\n  y\n  ```\n",
                 MZ_ERR_INPUT, "x.md:5: timeline line must be 'year | label', not 'y'");
}

static void test_inlines(void)
{
    mz_doc doc;
    mz_status st = rd(&doc, "أ *مائل* و**غامق *كلاهما***  و`رمز`\n"
                            "[رابط **قوي**](https://example.org/a) ![بديل](x.png) <b>ب</b>\\\n"
                            "سطر\n");
    MZ_CHECK("inlines: parse", st == MZ_OK && doc.nblocks == 1, "%d %s", st, err);
    if (doc.nblocks == 1) {
        mz_text *t = &doc.blocks[0].text;
        MZ_CHECK("inlines: text (the hard break before the last line kept)",
                 !strcmp(txt(t), "أ مائل وغامق كلاهما ورمز رابط قوي بديل ب\nسطر"),
                 "'%s'", txt(t));
        MZ_CHECK("inlines: spans cover", spans_ok(t), "nspans %zu", t->nspans);
        /* expected spans: style, link, text */
        static const struct {
            unsigned style;
            int link;
            const char *s;
        } want[] = {
            {0, -1, "أ "},
            {MZ_STYLE_ITALIC, -1, "مائل"},
            {0, -1, " و"},
            {MZ_STYLE_BOLD, -1, "غامق "},
            {MZ_STYLE_BOLD | MZ_STYLE_ITALIC, -1, "كلاهما"},
            {0, -1, " و"},
            {MZ_STYLE_CODE, -1, "رمز"},
            {0, -1, " "},
            {0, 0, "رابط "},
            {MZ_STYLE_BOLD, 0, "قوي"},
            {0, -1, " بديل ب\nسطر"},
        };
        size_t nw = sizeof want / sizeof *want;
        int ok = t->nspans == nw;
        for (size_t i = 0; ok && i < nw; i++) {
            mz_text sub = {t->u + t->spans[i].start, t->spans[i].end - t->spans[i].start, NULL, 0};
            ok = t->spans[i].style == want[i].style && t->spans[i].link == want[i].link &&
                 !strcmp(txt(&sub), want[i].s);
            if (!ok)
                printf("# span %zu: style %u link %d '%s'\n", i, t->spans[i].style,
                       t->spans[i].link, txt(&sub));
        }
        MZ_CHECK("inlines: spans", ok, "nspans %zu (want %zu)", t->nspans, nw);
        MZ_CHECK("inlines: link target",
                 doc.nlinks == 1 && !strcmp(doc.links[0], "https://example.org/a"), "%zu",
                 doc.nlinks);
    }
    mz_doc_free(&doc);

    st = rd(&doc, "زر https://example.com/x الآن ~~محذوف~~\n");
    MZ_CHECK("inlines: autolink",
             st == MZ_OK && doc.nlinks == 1 && !strcmp(doc.links[0], "https://example.com/x") &&
                 doc.nblocks == 1 && doc.blocks[0].text.nspans == 4,
             "%d links %zu", st, doc.nlinks);
    if (doc.nblocks == 1) {
        const mz_text *t = &doc.blocks[0].text;
        MZ_CHECK("inlines: strikethrough is a style of its text",
                 !strcmp(txt(t), "زر https://example.com/x الآن محذوف") && t->nspans == 4 &&
                     t->spans[3].style == MZ_STYLE_STRIKE && !(t->spans[2].style & MZ_STYLE_STRIKE),
                 "'%s' %zu spans", txt(t), t->nspans);
    }
    mz_doc_free(&doc);

    st = rd(&doc, "<div>\nhtml\n</div>\n\nنص &amp; <span>x</span>\n");
    MZ_CHECK("inlines: html block and inline html dropped, each with a warning",
             st == MZ_OK && doc.nblocks == 1 && nwarn == 2 &&
                 !strcmp(lastwarn, "x.md:5: inline HTML <span> dropped (the text around it is kept)"),
             "%d n=%zu %d warnings, last '%s'", st, doc.nblocks, nwarn, lastwarn);
    if (doc.nblocks == 1)
        MZ_CHECK("inlines: inline html dropped, entity decoded",
                 !strcmp(txt(&doc.blocks[0].text), "نص & x"), "'%s'", txt(&doc.blocks[0].text));
    mz_doc_free(&doc);

    st = readn(&doc, "x.md", "a\n\n<div>b</div>\n", 16, 1);
    MZ_CHECK("inlines: html block under --strict is an error",
             st == MZ_ERR_INPUT && strstr(err, "x.md:3: raw HTML block dropped"), "%d %s", st, err);
    mz_doc_free(&doc);

    st = rd(&doc, "أ<br>ب<br/>ج <!-- ملاحظة --> <i>د</i> <b>هـ</b>\n");
    MZ_CHECK("inlines: <br> is a line break, a comment is silent, one warning for the other tags",
             st == MZ_OK && doc.nblocks == 1 && !strcmp(txt(&doc.blocks[0].text), "أ\nب\nج د هـ") && nwarn == 1 &&
                 strstr(lastwarn, "x.md:1: inline HTML <i> dropped"),
             "'%s', %d warnings, last '%s'", doc.nblocks ? txt(&doc.blocks[0].text) : "", nwarn, lastwarn);
    mz_doc_free(&doc);
    st = readn(&doc, "x.md", "نص <u>مهم</u>\n", strlen("نص <u>مهم</u>\n"), 1);
    MZ_CHECK("inlines: inline html under --strict is an error", st == MZ_ERR_INPUT && strstr(err, "x.md:1: inline HTML <u>"),
             "%d %s", st, err);
    mz_doc_free(&doc);

    st = rd(&doc, "<!-- تعليق -->\n\n*<b></b>*\n");
    MZ_CHECK("inlines: paragraph of only html is dropped", st == MZ_OK && doc.nblocks == 0, "n=%zu",
             doc.nblocks);
    mz_doc_free(&doc);
}

static void test_robustness(void)
{
    mz_doc doc;
    mz_status st = rd(&doc, "");
    MZ_CHECK("robust: empty input", st == MZ_OK && doc.nblocks == 0 && !strcmp(doc.meta.lang, "ar"),
             "%d", st);
    mz_doc_free(&doc);
    st = rd(&doc, "  \n\t\n\r\n   ");
    MZ_CHECK("robust: whitespace only", st == MZ_OK && doc.nblocks == 0, "%d n=%zu", st,
             doc.nblocks);
    mz_doc_free(&doc);
    st = rd(&doc, "\xEF\xBB\xBF# عنوان\n");
    MZ_CHECK("robust: BOM skipped",
             st == MZ_OK && doc.nblocks == 1 && doc.blocks[0].type == MZ_BLOCK_HEADING &&
                 !strcmp(txt(&doc.blocks[0].text), "عنوان"),
             "%d n=%zu", st, doc.nblocks);
    mz_doc_free(&doc);
    st = rd(&doc, "# a\r\n\r\n- b\r\n- c\r\n\r\n```\r\nx\r\ny\r\n```\r\n");
    MZ_CHECK("robust: CRLF",
             st == MZ_OK && doc.nblocks == 4 && doc.blocks[2].line == 4 &&
                 doc.blocks[3].line == 6 && !strcmp(txt(&doc.blocks[3].text), "x\ny"),
             "%d n=%zu", st, doc.nblocks);
    mz_doc_free(&doc);

    st = readn(&doc, "x.md", "a\0b\n", 4, 0);
    MZ_CHECK("robust: NUL byte replaced with warning",
             st == MZ_OK && doc.nblocks == 1 && nwarn == 1 && strstr(lastwarn, "byte offset 1") &&
                 doc.blocks[0].text.len == 3 && doc.blocks[0].text.u[1] == 0xFFFD,
             "%d warn '%s'", st, lastwarn);
    mz_doc_free(&doc);
    st = rd(&doc, "---\ntitle: a\xff\n---\nb\xc3\n");
    MZ_CHECK("robust: invalid UTF-8 warns with offsets",
             st == MZ_OK && nwarn == 2 && strstr(lastwarn, "byte offset 19") && doc.meta.title &&
                 !strcmp(doc.meta.title, "a\xEF\xBF\xBD"),
             "%d %s warn %d '%s'", st, err, nwarn, lastwarn);
    mz_doc_free(&doc);

    st = readn(&doc, "x.md", "a\xff\n", 3, 1);
    MZ_CHECK("robust: invalid UTF-8 under --strict is an error",
             st == MZ_ERR_INPUT && strstr(err, "x.md:1: invalid UTF-8 replaced by U+FFFD (byte offset 1)"), "%d %s", st,
             err);
    mz_doc_free(&doc);

    /* 10 000 levels of quotes, lists and emphasis: no recursion to overflow */
    enum { DEEP = 10000 };
    char *src = malloc(DEEP * 3 + 16);
    size_t k = 0;
    for (int i = 0; i < DEEP; i++) src[k++] = '>';
    strcpy(src + k, " عميق\n");
    st = rd(&doc, src);
    /* beyond MZ_MAX_NESTING (100) the reader refuses with a limit naming the line,
     * before cmark-gfm spends quadratic time on it */
    MZ_CHECK("robust: 10000 nested quotes are refused as a limit", st == MZ_ERR_LIMIT && strstr(err, ":1:"),
             "%d %s", st, err);
    mz_doc_free(&doc);
    k = 0;
    for (int i = 0; i < DEEP; i++) src[k++] = '-', src[k++] = ' ';
    strcpy(src + k, "x\n");
    st = rd(&doc, src);
    MZ_CHECK("robust: 10000 nested lists are refused as a limit", st == MZ_ERR_LIMIT && strstr(err, ":1:"),
             "%d %s", st, err);
    mz_doc_free(&doc);
    k = 0;
    for (int i = 0; i < DEEP; i++) src[k++] = i & 1 ? '-' : '>', src[k++] = ' ';
    strcpy(src + k, "x\n");
    st = rd(&doc, src);
    MZ_CHECK("robust: 10000 mixed lists and quotes are refused as a limit",
             st == MZ_ERR_LIMIT && strstr(err, ":1:"), "%d %s", st, err);
    mz_doc_free(&doc);
    /* up to the limit, nesting works */
    k = 0;
    for (int i = 0; i < 100; i++) src[k++] = i & 1 ? '-' : '>', src[k++] = ' ';
    strcpy(src + k, "x\n");
    st = rd(&doc, src);
    MZ_CHECK("robust: 100 nested lists and quotes (the limit) are read",
             st == MZ_OK && doc.nblocks == 1 && doc.blocks[0].list_depth == 50 &&
                 doc.blocks[0].quote_depth == 50,
             "%d n=%zu", st, doc.nblocks);
    mz_doc_free(&doc);
    k = 0; /* an odd number of stars: strong inside strong ... around one emphasis */
    for (int i = 0; i < DEEP - 1; i++) src[k++] = '*';
    src[k++] = 'x';
    for (int i = 0; i < DEEP - 1; i++) src[k++] = '*';
    src[k] = 0;
    st = rd(&doc, src);
    MZ_CHECK("robust: 10000 nested emphasis",
             st == MZ_OK && doc.nblocks == 1 && doc.blocks[0].text.len == 1 &&
                 doc.blocks[0].text.spans[0].style == (MZ_STYLE_BOLD | MZ_STYLE_ITALIC),
             "%d n=%zu", st, doc.nblocks);
    mz_doc_free(&doc);
    free(src);

    st = readn(&doc, "x.md", "---\ntitle: a\0b\n---\n", 19, 0);
    MZ_CHECK("robust: NUL in front matter",
             st == MZ_OK && nwarn == 1 && doc.meta.title &&
                 !strcmp(doc.meta.title, "a\xEF\xBF\xBD"
                                         "b"),
             "%d %s", st, err);
    mz_doc_free(&doc);
}

/* mz_md_iter (which allocates nothing) visits the same nodes with the same
 * events as cmark_iter, also when a subtree is skipped: the reader's walk
 * depends on it. */
static void test_iterator(void)
{
    static const char *src =
        "# عنوان *مائل*\n\npara **bold _both_** `code` [link](https://x.org) ~~s~~\nline\\\nbreak\n\n"
        "> quote\n>\n> - item\n>   1. nested\n\n---\n\n```timeline\n1981 | x\n```\n\n"
        "| a | b |\n| - | - |\n| 1 | *2* |\n\n<div>html</div>\n\n- \n- ![alt *x*](i.png)\n";
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    const char *exts[] = {"table", "strikethrough", "autolink"};
    for (int i = 0; i < 3; i++) cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
    cmark_parser_feed(p, src, strlen(src));
    cmark_node *root = cmark_parser_finish(p);
    for (int skip = 0; skip < 2; skip++) { /* skip: leave paragraphs and table rows at their entry */
        cmark_iter *ci = cmark_iter_new(root);
        mz_md_iter mi;
        mz_md_iter_init(&mi, root);
        int n = 0, same = 1;
        cmark_event_type ce, me;
        do {
            ce = cmark_iter_next(ci);
            me = mz_md_iter_next(&mi);
            cmark_node *cn = cmark_iter_get_node(ci);
            if (ce != me || (ce != CMARK_EVENT_DONE && cn != mi.node)) {
                same = 0;
                break;
            }
            n++;
            if (skip && ce == CMARK_EVENT_ENTER &&
                (cmark_node_get_type(cn) == CMARK_NODE_PARAGRAPH ||
                 !strcmp(cmark_node_get_type_string(cn), "table_row"))) {
                cmark_iter_reset(ci, cn, CMARK_EVENT_EXIT);
                mz_md_iter_skip(&mi, cn);
            }
        } while (ce != CMARK_EVENT_DONE);
        cmark_iter_free(ci);
        MZ_CHECK(skip ? "iterator: skipping subtrees as cmark_iter_reset" : "iterator: the events of cmark_iter",
                 same && n > 40, "differs at event %d", n);
    }
    cmark_node_free(root);
    cmark_parser_free(p);
}

/* Hard line breaks (a trailing backslash, two trailing spaces) end the line
 * there: address and signature blocks keep their lines; a source line end
 * without one is a space; a U+2028 the author typed stays a character. */
static void test_breaks(void)
{
    mz_doc doc = {0};
    mz_status st = rd(&doc, "مكتب الاتصال\\\nشارع الملك فهد  \nالرياض\n\nسطر\nيستمر **بخط\\\nعريض**\n");
    MZ_CHECK("markdown: hard breaks become line ends, soft breaks spaces", st == MZ_OK && doc.nblocks == 2 &&
             strcmp(txt(&doc.blocks[0].text), "مكتب الاتصال\nشارع الملك فهد\nالرياض") == 0,
             "%d blocks: '%s'", (int)doc.nblocks, doc.nblocks ? txt(&doc.blocks[0].text) : "");
    MZ_CHECK("markdown: a hard break inside bold keeps the style around it",
             doc.nblocks == 2 && strcmp(txt(&doc.blocks[1].text), "سطر يستمر بخط\nعريض") == 0 && spans_ok(&doc.blocks[1].text) &&
             doc.blocks[1].text.nspans == 2,
             "'%s', %zu spans", doc.nblocks > 1 ? txt(&doc.blocks[1].text) : "", doc.nblocks > 1 ? doc.blocks[1].text.nspans : 0);
    mz_doc_free(&doc);
    st = rd(&doc, "أ\xe2\x80\xa8ب\n");
    MZ_CHECK("markdown: a typed U+2028 is not taken for a hard break", st == MZ_OK && doc.nblocks == 1 &&
             doc.blocks[0].text.len == 3 && doc.blocks[0].text.u[1] == 0x2028, "len %zu",
             doc.nblocks ? doc.blocks[0].text.len : 0);
    mz_doc_free(&doc);
}

int main(void)
{
    test_breaks();
    test_front_keys();
    test_front_errors();
    test_blocks();
    test_lists();
    test_quotes();
    test_tables();
    test_timeline();
    test_inlines();
    test_robustness();
    test_iterator();
    MZ_DONE();
}
