/* theme.c - reads a theme file (YAML, libyaml) into mz_theme, with file:line errors. */
#include "layout/theme.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#ifndef MZ_THEME_DIR
#define MZ_THEME_DIR "themes"
#endif
#define MZ_THEME_DEFAULT "briefing"
#define MZ_THEME_MAX (1u << 20) /* a theme is a page of settings: bounds what a wrong path reads */
#define MZ_THEME_DEPTH 8        /* `extends` chain: deeper is a loop */
#define MZ_THEME_QUOTE 60       /* bytes of a bad value quoted in a message */

enum kind { T_NUM, T_INT, T_COL, T_STR, T_TMPL, T_FACE, T_BOOL };

typedef struct key {
    const char *path;
    enum kind kind;
    size_t off;
    double lo, hi;
} key;

#define O(f) offsetof(mz_theme, f)
#define NUM(p, f, lo, hi) {p, T_NUM, O(f), lo, hi}
#define LEN(p, f) NUM(p, f, 0, 2000)
#define INT(p, f, lo, hi) {p, T_INT, O(f), lo, hi}
#define COL(p, f) {p, T_COL, O(f), 0, 0}
#define STR(p, f) {p, T_STR, O(f), 0, 0}
#define TMPL(p, f) {p, T_TMPL, O(f), 0, 0} /* a template: fields checked */
#define FACE(p, f) {p, T_FACE, O(f), 0, 0}
#define BOOL(p, f) {p, T_BOOL, O(f), 0, 0}
#define ROLE3(p, r) NUM(p ".size", r.size, 0.1, 10), FACE(p ".face", r.face), COL(p ".color", r.color)
#define ROLE(p, r) ROLE3(p, r), NUM(p ".leading", r.leading, 0.1, 10)
#define HEAD(p, i)                                                                              \
    ROLE(p, h[i].text), NUM(p ".before", h[i].before, 0, 10), NUM(p ".after", h[i].after, 0, 10), \
        LEN(p ".rule", h[i].rule)
#define FURN(p, f)                                                                               \
    ROLE(p, f.text), LEN(p ".baseline", f.baseline), BOOL(p ".first_page", f.first_page),         \
        TMPL(p ".start", f.start), TMPL(p ".centre", f.centre), TMPL(p ".end", f.end),            \
        LEN(p ".rule_gap", f.rule_gap), LEN(p ".rule_width", f.rule_width),                       \
        COL(p ".rule_color", f.rule_color)

static const char *const palette_names[MZ_THEME_PALETTE] = {"ink", "accent", "muted",
                                                            "rule", "tint", "white"};

static const key keys[] = {
    LEN("page.a4.width", a4_w), LEN("page.a4.height", a4_h),
    LEN("page.letter.width", letter_w), LEN("page.letter.height", letter_h),
    LEN("page.margins.top", margin_top), LEN("page.margins.bottom", margin_bottom),
    LEN("page.margins.left", margin_left), LEN("page.margins.right", margin_right),
    LEN("page.measure", measure),
    COL("colors.ink", palette[0]), COL("colors.accent", palette[1]), COL("colors.muted", palette[2]),
    COL("colors.rule", palette[3]), COL("colors.tint", palette[4]), COL("colors.white", palette[5]),
    NUM("body.size", body.size, 6, 72), FACE("body.face", body.face), COL("body.color", body.color),
    NUM("body.leading", body.leading, 0.5, 5), NUM("body.ink_clearance", ink_clearance, 0, 2),
    NUM("body.grid", grid, 0, 4),
    NUM("paragraph.after", para_after, 0, 10),
    COL("link.color", link_color), LEN("link.underline_width", link_underline_width),
    NUM("link.underline_drop", link_underline_drop, 0, 2),
    LEN("strike.width", strike_width), NUM("strike.rise", strike_rise, 0, 2),
    COL("quote.color", quote_color), NUM("quote.indent", quote_indent, 0, 20),
    COL("quote.rule_color", quote_rule_color), LEN("quote.rule_width", quote_rule_width),
    LEN("quote.rule_inset", quote_rule_inset), LEN("quote.rule_overhang", quote_rule_overhang),
    ROLE3("code", code), STR("code.family", code_family), COL("code.fill", code_fill),
    NUM("code.pad", code_pad, 0, 5), STR("code.wrap_mark", code_wrap),
    NUM("list.indent", list_indent, 0.5, 20), NUM("list.after", item_after, 0, 10),
    COL("list.marker_color", marker_color), NUM("list.marker_size", marker_size, 0.1, 10),
    NUM("list.marker_pad", marker_pad, 0, 10), FACE("list.number_face", number_face),
    FACE("list.bullet_face", bullet_face), STR("list.bullet_odd", bullet_odd),
    STR("list.bullet_even", bullet_even), STR("list.number_suffix", number_suffix),
    STR("list.task_open", task_open), STR("list.task_done", task_done),
    COL("list.disc.color", disc_color), COL("list.disc.text_color", disc_text_color),
    NUM("list.disc.size", disc_size, 0.1, 10), NUM("list.disc.radius", disc_radius, 0.1, 10),
    NUM("list.disc.raise", disc_raise, 0, 10), INT("list.disc.max_depth", disc_max_depth, 0, 100),
    INT("list.disc.max_number", disc_max_number, 0, 999),
    HEAD("headings.h1", 0), HEAD("headings.h2", 1), HEAD("headings.h3", 2),
    HEAD("headings.h4", 3), HEAD("headings.h5", 4), HEAD("headings.h6", 5),
    LEN("headings.rule_height", heading_rule_height), LEN("headings.rule_drop", heading_rule_drop),
    LEN("headings.rule_advance", heading_rule_advance),
    NUM("headings.keep_lines", keep_lines, 0, 50), NUM("headings.keep_table", keep_table, 0, 50),
    COL("rule.color", hr_color), NUM("rule.length", hr_length, 0, 1), LEN("rule.width", hr_width),
    NUM("rule.space", hr_space, 0, 20),
    BOOL("cover.enabled", cover_on), LEN("cover.band.height", band_height),
    COL("cover.band.color", band_color), LEN("cover.band.baseline", band_baseline),
    ROLE("cover.band.start", band_start), TMPL("cover.band.start.text", band_start_text),
    ROLE("cover.band.end", band_end), TMPL("cover.band.end.text", band_end_text),
    LEN("cover.title.top", title_top), ROLE("cover.title", cover_title),
    LEN("cover.subtitle.gap", subtitle_gap), ROLE("cover.subtitle", cover_subtitle),
    TMPL("cover.byline.text", byline), LEN("cover.byline.gap", byline_gap),
    ROLE("cover.byline", cover_byline),
    LEN("cover.rule.gap", cover_rule_gap), LEN("cover.rule.width", cover_rule_width),
    COL("cover.rule.color", cover_rule_color), LEN("cover.accent.width", cover_accent_width),
    LEN("cover.accent.height", cover_accent_height), LEN("cover.accent.drop", cover_accent_drop),
    COL("cover.accent.color", cover_accent_color), NUM("cover.after", cover_after, 0, 20),
    FURN("header", header), FURN("footer", footer), STR("classification", classification),
    LEN("page.bleed", bleed), BOOL("page.crop_marks.enabled", crop_marks),
    LEN("page.crop_marks.length", crop_length), NUM("page.crop_marks.width", crop_width, 0.05, 5),
    LEN("page.crop_marks.offset", crop_offset),
    LEN("cover.band.bare_height", band_bare_height), LEN("cover.band.logo.size", logo_size), LEN("cover.band.logo.gap", logo_gap),
    ROLE("cover.band.start_note", band_start_note), TMPL("cover.band.start_note.text", band_start_note_text),
    ROLE("cover.band.end_note", band_end_note), TMPL("cover.band.end_note.text", band_end_note_text),
    LEN("cover.facts.gap", facts_gap), NUM("cover.facts.pad", facts_pad, 0, 10),
    LEN("cover.facts.bar_width", facts_bar_width), NUM("cover.facts.item_gap", facts_item_gap, 0, 10),
    NUM("cover.facts.after", facts_after, 0, 20),
    COL("cover.facts.fill", facts_fill), COL("cover.facts.bar_color", facts_bar_color),
    COL("cover.facts.marker.color", facts_marker_color), NUM("cover.facts.marker.size", facts_marker_size, 0, 2),
    NUM("cover.facts.marker.raise", facts_marker_raise, -2, 2), NUM("cover.facts.marker.band", facts_marker_band, 0, 10),
    ROLE("cover.facts.title", facts_title), ROLE("cover.facts.item", facts_item),
    INT("toc.levels", toc_levels, 1, 6), ROLE("toc.title", toc_title),
    ROLE3("toc.entry", toc_entry), ROLE3("toc.entry_top", toc_entry_top),
    NUM("toc.indent", toc_indent, 0, 20), NUM("toc.number_width", toc_number_width, 0.5, 20),
    COL("toc.number_color", toc_number_color), NUM("toc.step", toc_step, 0.1, 10),
    COL("toc.leader.color", toc_leader_color), LEN("toc.leader.gap", toc_leader_gap),
    NUM("toc.leader.step", toc_leader_step, 0.5, 100), LEN("toc.leader.radius", toc_leader_radius),
    LEN("toc.leader.raise", toc_leader_raise), LEN("toc.leader.inset", toc_leader_inset),
    NUM("toc.rule.gap", toc_rule_gap, 0, 20), LEN("toc.rule.width", toc_rule_width),
    COL("toc.rule.color", toc_rule_color), NUM("toc.after", toc_after, 0, 20),
    ROLE3("table.header", table_header), ROLE3("table.cell", table_cell),
    NUM("table.leading", table_leading, 0.1, 10), NUM("table.pad", table_pad, 0, 10),
    NUM("table.min_pad", table_min_pad, 0, 10), NUM("table.vpad", table_vpad, 0, 10),
    NUM("table.space", table_space, 0, 20), COL("table.header.fill", table_header_fill),
    FACE("table.first_column.face", table_first_face), STR("table.empty", table_empty),
    COL("table.header.rule_color", table_header_rule_color),
    LEN("table.header.rule_width", table_header_rule_width),
    COL("table.row_rule.color", table_row_rule_color),
    LEN("table.row_rule.width", table_row_rule_width),
    COL("table.last_rule.color", table_last_rule_color),
    LEN("table.last_rule.width", table_last_rule_width),
    ROLE("timeline.label", tl_label), FACE("timeline.year.face", tl_year.face),
    COL("timeline.year.color", tl_year.color), NUM("timeline.measure", tl_measure, 1, 100),
    NUM("timeline.dot", tl_dot, 0.05, 10), NUM("timeline.space", tl_space, 0, 20),
    NUM("timeline.gap", tl_gap, 0, 10), NUM("timeline.margin", tl_margin, 0, 10),
    NUM("timeline.stack_gap", tl_stack_gap, 0, 10), NUM("timeline.min_step", tl_min_step, 0, 50),
    NUM("timeline.first_lane_gap", tl_first_lane_gap, 0, 10),
    NUM("timeline.lane_gap", tl_lane_gap, 0, 10), NUM("timeline.early_pad", tl_early_pad, 0, 20),
    LEN("timeline.late_pad", tl_late_pad), COL("timeline.axis.color", tl_axis_color),
    LEN("timeline.axis.width", tl_axis_width), LEN("timeline.axis.arrow_length", tl_arrow_length),
    LEN("timeline.axis.arrow_spread", tl_arrow_spread), COL("timeline.pole.color", tl_pole_color),
    LEN("timeline.pole.width", tl_pole_width), COL("timeline.dot_color", tl_dot_color),
    COL("timeline.ring.color", tl_ring_color), LEN("timeline.ring.width", tl_ring_width),
    ROLE("chart.label", chart_label), COL("chart.value_color", chart_value_color),
    NUM("chart.height", chart_height, 4, 60), NUM("chart.bar.width", chart_bar_width, 0.1, 1),
    COL("chart.bar.color", chart_bar_color), NUM("chart.space", chart_space, 0, 20),
    INT("chart.grid.lines", chart_grid_lines, 0, 20), COL("chart.grid.color", chart_grid_color),
    LEN("chart.grid.width", chart_grid_width), COL("chart.axis.color", chart_axis_color),
    LEN("chart.axis.width", chart_axis_width), LEN("chart.line.width", chart_line_width),
    NUM("chart.dot", chart_dot, 0, 5),
    ROLE("caption", caption), ROLE("footnote", footnote),
    NUM("footnote.space", note_space, 0, 10), NUM("footnote.gap", note_gap, 0, 10),
    NUM("footnote.after", note_after, 0, 10), NUM("footnote.rule_length", note_rule_length, 0, 1),
    LEN("footnote.rule_width", note_rule_width), COL("footnote.rule_color", note_rule_color),
    NUM("footnote.super_size", super_size, 0.2, 1), NUM("footnote.super_rise", super_rise, 0, 1),
    NUM("figure.max_height", figure_max_height, 0.05, 1), NUM("figure.space", figure_space, 0, 20),
    NUM("figure.gap", figure_gap, 0, 20), FACE("caption.label_face", caption_label_face),
    NUM("caption.gap", caption_gap, 0, 20),
    STR("words.fallback", words_fallback),
    NUM("justify.min_space", justify.min_space, 0.5, 1),
    NUM("justify.last_line.full", justify.last_full, 0.5, 1),
    INT("justify.last_line.min_words", justify.last_min_words, 1, 10),
    NUM("justify.last_line.demerits", justify.last_demerits, 0, 1e7),
    INT("justify.kashida.min_letters", justify.kashida_min_letters, 2, 20),
    INT("justify.kashida.spread", justify.kashida_spread, 2, 20),
    STR("justify.kashida.plain_words", kashida_plain),
};
#define NKEYS (sizeof keys / sizeof *keys)
_Static_assert(NKEYS < 65536, "key indices fit an unsigned short");

/* ---- where ------------------------------------------------------------------ */

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* A shipped theme NAME: in THEME_DIR when given; else beside the shipped
 * fonts when a font directory was given and holds a themes/ sibling (the
 * installed and the source layouts both do: an embedder that names its
 * fonts' place has named its themes' too); else in the built-in directory. */
static int shipped(const char *name, const char *dir, const char *font_dir, char *out, size_t n)
{
    int r;
    if (dir && *dir) {
        r = snprintf(out, n, "%s/%s.yaml", dir, name);
        return r >= 0 && (size_t)r < n;
    }
    if (font_dir && *font_dir) {
        r = snprintf(out, n, "%s/../themes/%s.yaml", font_dir, name);
        if (r >= 0 && (size_t)r < n && access(out, F_OK) == 0) return 1;
    }
    r = snprintf(out, n, "%s/%s.yaml", MZ_THEME_DIR, name);
    return r >= 0 && (size_t)r < n;
}

int mz_theme_path(const mz_theme_ref *ref, char *out, size_t n)
{
    const char *opt = ref->opt, *doc = ref->doc;
    const char *v = opt ? opt : ref->meta;
    int r;
    if (!v || !*v) v = MZ_THEME_DEFAULT;
    if (!strchr(v, '/') && !ends_with(v, ".yaml") && !ends_with(v, ".yml")) {
        return shipped(v, ref->theme_dir, ref->font_dir, out, n);
    } else if (opt || v[0] == '/' || !doc || !strchr(doc, '/')) {
        r = snprintf(out, n, "%s", v); /* --theme: the working directory's */
    } else {
        /* the front matter's: beside the document */
        int dlen = (int)(strrchr(doc, '/') - doc);
        r = snprintf(out, n, "%.*s/%s", dlen, doc, v);
    }
    return r >= 0 && (size_t)r < n;
}

/* ---- reading ---------------------------------------------------------------- */

/* The files a theme was read from, each as fstat saw it before it was read:
 * the theme a batch keeps (mz_theme_load_cached) stands while they are unchanged. */
typedef struct mz_theme_file {
    char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
} mz_theme_file;

struct mz_theme_files {
    mz_theme_file f[MZ_THEME_DEPTH + 1];
    int n, overflow;
};

typedef struct reader {
    mz_theme *th;
    mz_diag *d;
    const char *name;     /* the file, for messages */
    yaml_parser_t parser;
    int *seen;            /* this file: line where key i was set */
    unsigned char *set;   /* every file of the chain: key i has a value */
    signed char *ref;     /* key i (a colour) names palette entry ref-1 */
    int depth;
    int values;           /* values this file has set (extends must come first) */
    const char *font_dir; /* for shipped themes named by extends (see shipped) */
    const char *theme_dir;
    struct mz_theme_files *files; /* every file of the chain, as it was when read */
} reader;

static mz_status load_file(mz_theme *th, const char *path, reader *parent, mz_diag *d);

/* An input error at line LINE of the theme file being read. */
#define fail(r, line, ...) mz_fail_at((r)->d, MZ_ERR_INPUT, (r)->name, (line), __VA_ARGS__)

static mz_status oom(reader *r)
{
    return mz_fail(r->d, MZ_ERR_NOMEM, "%s: out of memory reading the theme", r->name);
}

static int yline(yaml_mark_t m) { return (int)m.line + 1; }

static mz_status next_event(reader *r, yaml_event_t *ev)
{
    if (yaml_parser_parse(&r->parser, ev)) return MZ_OK;
    yaml_parser_t *p = &r->parser;
    if (p->error == YAML_MEMORY_ERROR) return oom(r);
    const char *problem = p->problem ? p->problem : "syntax error";
    if (p->context)
        return fail(r, yline(p->problem_mark), "theme: %s (from line %d): %s", p->context,
                    yline(p->context_mark), problem);
    return fail(r, yline(p->problem_mark), "theme: %s", problem);
}

/* A value quoted in a message: at most MZ_THEME_QUOTE bytes, cut at a UTF-8 boundary. */
static const char *clip(char out[MZ_THEME_QUOTE + 4], const char *s)
{
    size_t n = strlen(s);
    if (n <= MZ_THEME_QUOTE) return memcpy(out, s, n + 1);
    n = MZ_THEME_QUOTE;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    memcpy(out, s, n);
    memcpy(out + n, "...", 4);
    return out;
}

/* A decimal number without exponent, read by hand (strtod follows the
 * locale).  Digits / 10^k, both exact, is one correctly rounded division:
 * the same double as the literal in C. */
static int parse_number(const char *v, double *out)
{
    static const double p10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    int neg = *v == '-';
    if (*v == '-' || *v == '+') v++;
    unsigned long long m = 0;
    int digits = 0, frac = -1;
    for (; (*v >= '0' && *v <= '9') || (*v == '.' && frac < 0); v++) {
        if (*v == '.') {
            frac = 0;
            continue;
        }
        if (++digits > 15) return 0;
        m = m * 10 + (unsigned)(*v - '0');
        if (frac >= 0) frac++;
    }
    if (*v || !digits) return 0;
    double x = (double)m / p10[frac < 0 ? 0 : frac];
    *out = neg ? -x : x;
    return 1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* "R G B" (0 to 1 each), "#rrggbb", or a palette name (*ref = its index + 1). */
static int parse_color(const char *v, mz_rgb *c, int *ref)
{
    *ref = 0;
    for (int i = 0; i < MZ_THEME_PALETTE; i++)
        if (!strcmp(v, palette_names[i])) return *ref = i + 1;
    if (v[0] == '#' && strlen(v) == 7) {
        float ch[3];
        for (int i = 0; i < 3; i++) {
            int hi = hexval(v[1 + 2 * i]), lo = hexval(v[2 + 2 * i]);
            if (hi < 0 || lo < 0) return 0;
            ch[i] = (float)((hi * 16 + lo) / 255.0);
        }
        *c = (mz_rgb){ch[0], ch[1], ch[2]};
        return 1;
    }
    char part[3][32];
    char extra;
    if (sscanf(v, "%31s %31s %31s %c", part[0], part[1], part[2], &extra) != 3) return 0;
    double x[3];
    for (int i = 0; i < 3; i++)
        if (!parse_number(part[i], &x[i]) || x[i] < 0 || x[i] > 1) return 0;
    *c = (mz_rgb){(float)x[0], (float)x[1], (float)x[2]};
    return 1;
}

static int parse_face(const char *v, int *face)
{
    static const char *const names[] = {"regular", "bold", "italic", "bold-italic"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(v, names[i])) return *face = i, 1;
    return 0;
}

static const char *const field_names[] = {"title", "subtitle", "author", "issuer", "unit", "reference", "date",
                                          "header", "footer", "page", "pages",
                                          "page_of", "contents", "classification"};

/* The first {name} in template V that is not a field (NULL: none), into out. */
static const char *bad_field(const char *v, char out[32])
{
    for (const char *p = strchr(v, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (!e) return NULL; /* a lone brace is text */
        size_t n = (size_t)(e - p - 1);
        int known = 0;
        for (size_t i = 0; i < sizeof field_names / sizeof *field_names; i++)
            if (strlen(field_names[i]) == n && !strncmp(field_names[i], p + 1, n)) known = 1;
        if (!known) {
            snprintf(out, 32, "%.*s", (int)(n < 31 ? n : 31), p + 1);
            return out;
        }
    }
    return NULL;
}

/* Applies VALUE (at LINE) to key k. */
static mz_status apply(reader *r, size_t k, const char *v, int line)
{
    const key *K = &keys[k];
    void *dst = (char *)r->th + K->off; /* the field K names, typed below by its kind */
    char q[MZ_THEME_QUOTE + 4];
    clip(q, v);
    switch (K->kind) {
    case T_NUM:
    case T_INT: {
        double x;
        if (!parse_number(v, &x) || (K->kind == T_INT && x != (double)(int)x))
            return fail(r, line, "'%s' must be a%s number, not '%s'", K->path,
                        K->kind == T_INT ? " whole" : "", q);
        if (x < K->lo || x > K->hi)
            return fail(r, line, "'%s' must be between %g and %g, not '%s'", K->path, K->lo, K->hi, q);
        if (K->kind == T_INT) *(int *)dst = (int)x;
        else *(double *)dst = x;
        return MZ_OK;
    }
    case T_COL: {
        int ref;
        int pal = !strncmp(K->path, "colors.", 7); /* the palette itself is literal */
        if (!parse_color(v, (mz_rgb *)dst, &ref) || (pal && ref))
            return fail(r, line, "'%s' must be a colour (\"R G B\" from 0 to 1, #rrggbb%s), not '%s'",
                        K->path, pal ? "" : " or a name from colors", q);
        r->ref[k] = (signed char)ref;
        return MZ_OK;
    }
    case T_TMPL:
    case T_STR: {
        char f[32];
        if (K->kind == T_TMPL && bad_field(v, f))
            return fail(r, line, "'%s': unknown field {%s} (fields: title, subtitle, author, issuer, unit, "
                        "reference, date, header, footer, page, pages, page_of, contents, classification)", K->path, f);
        char *s = mz_arena_strdup(&r->th->arena, v);
        if (!s) return oom(r);
        *(const char **)dst = s;
        return MZ_OK;
    }
    case T_FACE:
        if (!parse_face(v, (int *)dst))
            return fail(r, line, "'%s' must be regular, bold, italic or bold-italic, not '%s'",
                        K->path, q);
        return MZ_OK;
    case T_BOOL:
        if (!strcmp(v, "true")) *(int *)dst = 1;
        else if (!strcmp(v, "false")) *(int *)dst = 0;
        else return fail(r, line, "'%s' must be true or false, not '%s'", K->path, q);
        return MZ_OK;
    }
    return MZ_OK;
}

/* words.LANG.digits: the language's ten digits, zero to nine, as one string
 * ("۰۱۲۳۴۵۶۷۸۹"); consecutive code points, as every script's decimal digits
 * are, so that numbers are written by adding to the zero. */
static mz_status apply_digits(reader *r, const char *path, const char *v, int line, mz_words *w)
{
    mz_diag quiet = {0};
    size_t n = 0;
    uint32_t *u = mz_utf8_decode(v, strlen(v), &n, &quiet, "", 0);
    if (!u) return oom(r);
    int ok = n == 10 && !quiet.nwarnings && u[0] <= 0x10FFF0;
    for (size_t i = 1; ok && i < 10; i++) ok = u[i] == u[0] + i;
    int zero = ok ? (int)u[0] : 0;
    free(u);
    if (!ok)
        return fail(r, line,
                    "'%s' must be the ten digits of a script from zero to nine (\"0123456789\"), not '%s'", path,
                    v);
    w->zero = zero;
    return MZ_OK;
}

/* words.LANG.WORD: a language's words (any language tag). */
static mz_status apply_word(reader *r, const char *path, const char *v, int line)
{
    const char *lang = path + 6, *dot = strchr(lang, '.');
    size_t ln = (size_t)(dot - lang);
    const char *word = dot + 1;
    static const char *const words[] = {"contents", "page_of", "digits", "table", "figure", "continued", "source", "facts"};
    int known = 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) known |= !strcmp(word, words[i]);
    if (!known)
        return fail(r, line, "unknown theme key '%s' (words are contents, page_of, digits, table, figure, "
                             "continued, source and facts)", path);
    mz_theme *th = r->th;
    mz_words *w = NULL;
    for (int i = 0; i < th->nwords; i++)
        if (strlen(th->words[i].lang) == ln && !strncmp(th->words[i].lang, lang, ln)) w = &th->words[i];
    if (!w) {
        if (th->nwords == MZ_THEME_LANGS)
            return fail(r, line, "a theme holds the words of at most %d languages", MZ_THEME_LANGS);
        w = &th->words[th->nwords++];
        char *l = mz_arena_alloc(&th->arena, ln + 1);
        if (!l) return oom(r);
        memcpy(l, lang, ln);
        w->lang = l;
    }
    if (!strcmp(word, "digits")) return apply_digits(r, path, v, line, w);
    char f[32];
    if (!strcmp(word, "page_of") && bad_field(v, f))
        return fail(r, line, "'%s': unknown field {%s}", path, f);
    char *s = mz_arena_strdup(&th->arena, v);
    if (!s) return oom(r);
    if (!strcmp(word, "contents")) w->contents = s;
    else if (!strcmp(word, "page_of")) w->page_of = s;
    else if (!strcmp(word, "table")) w->table = s;
    else if (!strcmp(word, "figure")) w->figure = s;
    else if (!strcmp(word, "continued")) w->continued = s;
    else if (!strcmp(word, "facts")) w->facts = s;
    else w->source = s;
    return MZ_OK;
}

/* Is PATH a section: a prefix of some key (or words, words.LANG)? */
static int is_section(const char *path)
{
    size_t n = strlen(path);
    if (!strcmp(path, "words")) return 1;
    if (!strncmp(path, "words.", 6) && !strchr(path + 6, '.') && strcmp(path, "words.fallback"))
        return 1;
    for (size_t k = 0; k < NKEYS; k++)
        if (!strncmp(keys[k].path, path, n) && keys[k].path[n] == '.') return 1;
    return 0;
}

/* The keys by path, for a binary search: a theme names every key, and a
 * linear search per key was a quarter of reading one.  Sorted once per
 * process (pthread_once: renders on several threads read themes). */
static unsigned short by_path[NKEYS];
static pthread_once_t by_path_once = PTHREAD_ONCE_INIT;

static int path_cmp(const void *a, const void *b)
{
    return strcmp(keys[*(const unsigned short *)a].path, keys[*(const unsigned short *)b].path);
}

static void sort_paths(void)
{
    for (size_t k = 0; k < NKEYS; k++) by_path[k] = (unsigned short)k;
    qsort(by_path, NKEYS, sizeof *by_path, path_cmp);
}

static long find_key(const char *path)
{
    pthread_once(&by_path_once, sort_paths);
    size_t lo = 0, hi = NKEYS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(keys[by_path[mid]].path, path);
        if (!c) return (long)by_path[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static const char *node_kind(yaml_event_type_t t)
{
    return t == YAML_MAPPING_START_EVENT    ? "a mapping"
           : t == YAML_SEQUENCE_START_EVENT ? "a list"
                                            : "an alias";
}

static mz_status read_mapping(reader *r, const char *prefix);

/* `extends: NAME`: the theme this one changes, read first. */
static mz_status apply_extends(reader *r, const char *v, int line)
{
    if (r->values) return fail(r, line, "'extends' must come before the theme's other keys");
    if (r->depth + 1 >= MZ_THEME_DEPTH)
        return fail(r, line, "themes extend each other more than %d deep (a loop?)", MZ_THEME_DEPTH);
    char path[4096];
    mz_theme_ref ref = {NULL, v, r->name, r->font_dir, r->theme_dir};
    if (!mz_theme_path(&ref, path, sizeof path))
        return fail(r, line, "'extends': path too long");
    return load_file(r->th, path, r, r->d);
}

/* One KEY: VALUE pair under PREFIX ("" at the top). */
static mz_status read_pair(reader *r, const char *prefix, const yaml_event_t *kev)
{
    int kline = yline(kev->start_mark);
    const char *kn = (const char *)kev->data.scalar.value;
    char path[256], q[MZ_THEME_QUOTE + 4];
    if ((size_t)snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", kn) >= sizeof path)
        return fail(r, kline, "unknown theme key '%s'", clip(q, kn));
    long k = find_key(path);
    int word = !strncmp(path, "words.", 6) && strchr(path + 6, '.') && k < 0;
    int section = k < 0 && !word && is_section(path);
    if (k < 0 && !word && !section && strcmp(path, "extends"))
        return fail(r, kline, "unknown theme key '%s'", clip(q, path));
    if (k >= 0 && r->seen[k])
        return fail(r, kline, "duplicate theme key '%s' (first on line %d)", path, r->seen[k]);
    yaml_event_t val;
    mz_status st = next_event(r, &val);
    if (st) return st;
    int vline = yline(val.start_mark);
    if (section) {
        yaml_event_type_t t = val.type;
        yaml_event_delete(&val);
        if (t != YAML_MAPPING_START_EVENT)
            return fail(r, vline, "'%s' is a section: its keys go on the lines under it", path);
        return read_mapping(r, path);
    }
    if (val.type != YAML_SCALAR_EVENT) {
        const char *what = node_kind(val.type);
        yaml_event_delete(&val);
        return fail(r, vline, "'%s' must be a single value, not %s", path, what);
    }
    const char *v = (const char *)val.data.scalar.value;
    if (strlen(v) != val.data.scalar.length) st = fail(r, vline, "'%s' contains a NUL character", path);
    else if (word) st = apply_word(r, path, v, vline), r->values++;
    else if (k < 0)
        st = *prefix ? fail(r, kline, "unknown theme key '%s'", path) : apply_extends(r, v, vline);
    else {
        r->seen[k] = kline;
        r->set[k] = 1;
        r->values++;
        st = apply(r, (size_t)k, v, vline);
    }
    yaml_event_delete(&val);
    return st;
}

static mz_status read_mapping(reader *r, const char *prefix)
{
    yaml_event_t kev;
    mz_status st;
    for (;;) {
        if ((st = next_event(r, &kev))) return st;
        if (kev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&kev);
            return MZ_OK;
        }
        if (kev.type != YAML_SCALAR_EVENT) {
            int line = yline(kev.start_mark);
            const char *what = node_kind(kev.type);
            yaml_event_delete(&kev);
            return fail(r, line, "theme keys must be plain words, not %s", what);
        }
        st = read_pair(r, prefix, &kev);
        yaml_event_delete(&kev);
        if (st) return st;
    }
}

/* YAML indentation must be spaces; libyaml's own message for a tab is cryptic. */
static mz_status check_tabs(reader *r, const char *p, size_t n)
{
    const char *end = p + n;
    for (int line = 1; p < end; line++) {
        int tab = 0;
        while (p < end && (*p == ' ' || *p == '\t')) tab |= *p++ == '\t';
        if (tab && p < end && *p != '\n' && *p != '#')
            return fail(r, line, "tab in theme indentation (YAML needs spaces)");
        while (p < end && *p != '\n') p++;
        if (p < end) p++;
    }
    return MZ_OK;
}

/* Adds PATH, as SB describes it, to FILES; 0 when out of memory. */
static int note_file(struct mz_theme_files *files, const char *path, const struct stat *sb)
{
    if (files->n >= MZ_THEME_DEPTH + 1) return files->overflow = 1; /* not reached: deeper chains fail */
    mz_theme_file *f = &files->f[files->n];
    if (!(f->path = strdup(path))) return 0;
    f->dev = sb->st_dev;
    f->ino = sb->st_ino;
    f->size = sb->st_size;
    f->mtime = sb->st_mtim;
    f->ctime = sb->st_ctim;
    files->n++;
    return 1;
}

static mz_status read_text(const char *path, mz_buf *b, struct stat *seen, mz_diag *d)
{
    /* not blocking: a FIFO would wait for a writer; a theme is a regular file */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return mz_fail(d, errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_INPUT,
                       "%s: cannot open the theme: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return mz_fail(d, MZ_ERR_INPUT, "%s: is not a regular file, so not a theme", path);
    }
    *seen = sb; /* before reading: a change made while it is read shows next time */
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory reading the theme", path);
    }
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b->len + n <= MZ_THEME_MAX)
        mz_buf_put(b, chunk, n);
    int err = ferror(f);
    fclose(f);
    if (n > 0) return mz_fail(d, MZ_ERR_LIMIT, "%s: a theme is at most 1 MiB", path);
    if (err) return mz_fail(d, MZ_ERR_INPUT, "%s: read error: %s", path, strerror(errno));
    if (b->oom) return mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory reading the theme", path);
    return MZ_OK;
}

static mz_status parse(reader *r, const char *p, size_t n)
{
    mz_status st = check_tabs(r, p, n);
    if (st) return st;
    if (!yaml_parser_initialize(&r->parser)) return oom(r);
    yaml_parser_set_input_string(&r->parser, (const unsigned char *)p, n);
    int docs = 0;
    for (yaml_event_t ev; !st;) {
        if ((st = next_event(r, &ev))) break;
        yaml_event_type_t t = ev.type;
        int line = yline(ev.start_mark);
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_END_EVENT) break;
        if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1)
            st = fail(r, line, "a theme is one YAML document");
        else if (t == YAML_MAPPING_START_EVENT) st = read_mapping(r, "");
        else if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT || t == YAML_ALIAS_EVENT)
            st = fail(r, line, "a theme must be 'key: value' lines");
    }
    yaml_parser_delete(&r->parser);
    return st;
}

static mz_status load_file(mz_theme *th, const char *path, reader *parent, mz_diag *d)
{
    reader r = {th, d, path, {0}, NULL, NULL, NULL, parent ? parent->depth + 1 : 0, 0,
                parent ? parent->font_dir : NULL, parent ? parent->theme_dir : NULL,
                parent ? parent->files : NULL};
    mz_buf b = {0};
    struct stat sb;
    mz_status st = read_text(path, &b, &sb, d);
    if (!st && r.files && !note_file(r.files, path, &sb)) st = oom(&r);
    r.seen = calloc(NKEYS, sizeof *r.seen);
    if (!st && !r.seen) st = oom(&r);
    const char *kept = st ? NULL : mz_arena_strdup(&th->arena, path); /* messages outlive b */
    if (!st && !kept) st = oom(&r);
    if (kept) r.name = kept;
    if (parent) {
        r.set = parent->set;
        r.ref = parent->ref;
    }
    if (!st) st = parse(&r, b.data ? b.data : "", b.len);
    free(r.seen);
    mz_buf_free(&b);
    return st;
}

/* ---- the whole theme -------------------------------------------------------- */

/* The caption words: the fallback language has them all; the others take
 * the ones they lack from it. */
static mz_status caption_words(mz_theme *th, const char *path, mz_diag *d)
{
    mz_words *fb = (mz_words *)mz_theme_words(th, "");
    if (!fb->table || !fb->figure || !fb->continued || !fb->source)
        return mz_fail(d, MZ_ERR_INPUT,
                       "%s: the words of the fallback language '%s' need table, figure, continued and source",
                       path, fb->lang);
    for (int i = 0; i < th->nwords; i++) {
        mz_words *w = &th->words[i];
        if (!w->table) w->table = fb->table;
        if (!w->figure) w->figure = fb->figure;
        if (!w->continued) w->continued = fb->continued;
        if (!w->source) w->source = fb->source;
    }
    return MZ_OK;
}

static mz_status theme_load(mz_theme *th, const char *path, const char *font_dir, const char *theme_dir,
                            struct mz_theme_files *files, mz_diag *d)
{
    memset(th, 0, sizeof *th);
    unsigned char *set = calloc(NKEYS, 1);
    signed char *ref = calloc(NKEYS, 1);
    mz_status st = MZ_OK;
    if (!set || !ref) st = mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory reading the theme", path);
    reader top = {th, d, path, {0}, NULL, set, ref, -1, 0, font_dir, theme_dir, files};
    if (!st) st = load_file(th, path, &top, d);
    for (size_t k = 0; k < NKEYS && !st; k++)
        if (!set[k])
            st = mz_fail(d, MZ_ERR_INPUT,
                         "%s: the theme has no '%s' (themes/briefing.yaml lists every key)", path,
                         keys[k].path);
    if (!st && !mz_theme_words(th, ""))
        st = mz_fail(d, MZ_ERR_INPUT,
                     "%s: the theme has no words for its "
                     "fallback language '%s'",
                     path, th->words_fallback);
    for (int i = 0; !st && i < th->nwords; i++)
        if (!th->words[i].contents || !th->words[i].page_of)
            st = mz_fail(d, MZ_ERR_INPUT, "%s: the words of '%s' need both contents and page_of", path,
                         th->words[i].lang);
    if (!st) st = caption_words(th, path, d);
    /* colours that name a palette entry take its final value */
    for (size_t k = 0; k < NKEYS && !st; k++)
        if (ref[k]) *(mz_rgb *)((char *)th + keys[k].off) = th->palette[ref[k] - 1];
    if (!st && !(th->path = mz_arena_strdup(&th->arena, path)))
        st = mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    free(set);
    free(ref);
    if (st) mz_theme_free(th);
    return st;
}

mz_status mz_theme_load(mz_theme *th, const char *path, const char *font_dir, const char *theme_dir, mz_diag *d)
{
    return theme_load(th, path, font_dir, theme_dir, NULL, d);
}

void mz_theme_free(mz_theme *th) { mz_arena_free(&th->arena); }

/* ---- kept across documents -------------------------------------------------- */

/* The theme last read with a set of faces, and what it was read from.  A
 * batch worker renders its documents with one set of faces, so the default
 * theme is parsed once per worker, not once per document (4 M instructions,
 * a tenth of a short briefing). */
struct mz_theme_cache {
    char *path, *font_dir, *theme_dir; /* as asked (font_dir, theme_dir resolve extends) */
    mz_theme th;
    struct mz_theme_files files;
};

static void files_free(struct mz_theme_files *files)
{
    for (int i = 0; i < files->n; i++) free(files->f[i].path);
    memset(files, 0, sizeof *files);
}

static void theme_cache_clear(struct mz_theme_cache *c)
{
    free(c->path);
    free(c->font_dir);
    free(c->theme_dir);
    c->path = c->font_dir = c->theme_dir = NULL;
    mz_theme_free(&c->th);
    files_free(&c->files);
}

static void theme_cache_free(void *data)
{
    if (!data) return;
    theme_cache_clear(data);
    free(data);
}

static int same_str(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static int ts_eq(struct timespec a, struct timespec b) { return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec; }

/* Does C hold the theme PATH names, from files that have not changed since? */
static int cache_holds(const struct mz_theme_cache *c, const char *path, const char *font_dir, const char *theme_dir)
{
    if (!c->path || !same_str(c->path, path) || !same_str(c->font_dir, font_dir) ||
        !same_str(c->theme_dir, theme_dir))
        return 0;
    for (int i = 0; i < c->files.n; i++) {
        const mz_theme_file *f = &c->files.f[i];
        struct stat sb;
        if (stat(f->path, &sb) != 0 || sb.st_dev != f->dev || sb.st_ino != f->ino || sb.st_size != f->size ||
            !ts_eq(sb.st_mtim, f->mtime) || !ts_eq(sb.st_ctim, f->ctime))
            return 0;
    }
    return 1;
}

static char *dup_or_null(const char *s, int *oom)
{
    char *r = s ? strdup(s) : NULL;
    if (s && !r) *oom = 1;
    return r;
}

mz_status mz_theme_load_cached(const mz_theme **out, mz_fonts *fs, const char *path, const char *font_dir,
                               const char *theme_dir, mz_diag *d)
{
    *out = NULL;
    struct mz_theme_cache *c = mz_fonts_cache(fs, MZ_FONTS_CACHE_THEME);
    if (!c) {
        if (!(c = calloc(1, sizeof *c))) return mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory reading the theme", path);
        mz_fonts_set_cache(fs, MZ_FONTS_CACHE_THEME, c, theme_cache_free);
    }
    if (cache_holds(c, path, font_dir, theme_dir)) {
        *out = &c->th;
        return MZ_OK;
    }
    theme_cache_clear(c);
    mz_status st = theme_load(&c->th, path, font_dir, theme_dir, &c->files, d);
    if (st) { /* theme_load freed the theme */
        files_free(&c->files);
        return st;
    }
    int oom = 0;
    c->font_dir = dup_or_null(font_dir, &oom);
    c->theme_dir = dup_or_null(theme_dir, &oom);
    /* a theme whose files were not all noted is used once, not kept */
    if (!oom && !c->files.overflow) c->path = dup_or_null(path, &oom);
    if (oom) {
        theme_cache_clear(c);
        return mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory reading the theme", path);
    }
    *out = &c->th;
    return MZ_OK;
}

/* The words of LANG itself (a tag it begins with), or NULL. */
static const mz_words *own_words(const mz_theme *th, const char *lang)
{
    for (int i = 0; lang && i < th->nwords; i++)
        if (!strncmp(lang, th->words[i].lang, strlen(th->words[i].lang))) return &th->words[i];
    return NULL;
}

int mz_theme_digit_zero(const mz_theme *th, const char *lang, int digits, int rtl)
{
    const mz_words *w = NULL;
    switch (digits) {
    case MZ_DIGITS_ARABIC_INDIC: return 0x0660;
    case MZ_DIGITS_EXTENDED_ARABIC_INDIC: return 0x06F0;
    case MZ_DIGITS_EUROPEAN: return 0;
    case MZ_DIGITS_NATIVE: w = mz_theme_words(th, lang); return w && w->zero > '0' ? w->zero : 0;
    default:
        /* right-to-left documents always had Arabic-Indic numbers; a
         * language with digits of its own (Persian, Urdu) has those */
        w = own_words(th, lang);
        return !rtl ? 0 : w && w->zero > '0' ? w->zero : 0x0660;
    }
}

const mz_words *mz_theme_words(const mz_theme *th, const char *lang)
{
    const mz_words *own = own_words(th, lang);
    if (own) return own;
    for (int i = 0; th->words_fallback && i < th->nwords; i++)
        if (!strcmp(th->words_fallback, th->words[i].lang)) return &th->words[i];
    return NULL;
}

const char *mz_theme_facts_title(const mz_theme *th, const char *lang)
{
    const mz_words *w = own_words(th, lang);
    if (w && w->facts) return w->facts;
    w = mz_theme_words(th, "");
    return w ? w->facts : NULL;
}

/* ---- templates -------------------------------------------------------------- */

static void expand(const char *t, const mz_fields *f, mz_buf *out, int depth)
{
    const mz_meta *m = f->meta;
    while (*t) {
        const char *e = *t == '{' ? strchr(t, '}') : NULL;
        if (!e) {
            mz_buf_put(out, t++, 1);
            continue;
        }
        size_t n = (size_t)(e - t - 1);
        const char *name = t + 1, *s = NULL;
#define IS(w) (n == strlen(w) && !strncmp(name, w, n))
        if (IS("page") || IS("pages")) {
            if (f->page) mz_format_number(out, IS("page") ? f->page : f->pages, f->digit_zero);
        } else if (IS("page_of") && depth == 0) {
            if (f->page && f->words) expand(f->words->page_of, f, out, 1);
        } else {
            if (IS("title")) s = m->title;
            else if (IS("subtitle")) s = m->subtitle;
            else if (IS("author") || IS("issuer")) s = m->author;
            else if (IS("unit")) s = m->unit;
            else if (IS("reference")) s = m->reference;
            else if (IS("date")) s = m->date;
            else if (IS("header")) s = m->header ? m->header : m->title;
            else if (IS("footer")) s = m->footer;
            else if (IS("contents")) s = f->words ? f->words->contents : NULL;
            else if (IS("classification")) s = f->classification;
            else mz_buf_put(out, t, n + 2); /* not a field: as written */
            if (s) mz_buf_puts(out, s);
        }
#undef IS
        t = e + 1;
    }
}

void mz_theme_expand(const char *tmpl, const mz_fields *f, mz_buf *out)
{
    expand(tmpl ? tmpl : "", f, out, 0);
}
