/* frontmatter.c - the YAML front matter of a Markdown document (libyaml) → mz_meta, with file:line errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "doc/markdown_int.h"

/* ---- front matter -------------------------------------------------------- */

/* Length of the line ending at p (\n, \r\n or \r; 0 at the end of input). */
static size_t eol_len(const char *p, const char *end)
{
    if (p >= end) return 0;
    if (*p == '\n') return 1;
    if (*p == '\r') return (p + 1 < end && p[1] == '\n') ? 2 : 1;
    return 0;
}

/* Is [p, e) exactly the delimiter (three chars) plus trailing blanks? */
static int is_delim(const char *p, const char *e, const char *delim)
{
    if (e - p < 3 || memcmp(p, delim, 3) != 0) return 0;
    for (p += 3; p < e; p++)
        if (*p != ' ' && *p != '\t') return 0;
    return 1;
}

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return *a == *b;
}

enum key_kind { K_STR, K_LANG, K_DIR, K_PAPER, K_SIZE, K_JUSTIFY, K_DIGITS, K_TOC, K_PDFA, K_BODY_DIGITS, K_LOGO, K_BLEED, K_LIST };

/* Front-matter keys.  `field` groups aliases (author/issuer) so that giving
 * both is reported as a duplicate. */
static const struct front_key {
    const char *name;
    enum key_kind kind;
    int field;
    size_t offset; /* K_STR: where the char * lives in mz_meta */
} front_keys[] = {
    {"title", K_STR, 0, offsetof(mz_meta, title)},
    {"subtitle", K_STR, 1, offsetof(mz_meta, subtitle)},
    {"date", K_STR, 2, offsetof(mz_meta, date)},
    {"author", K_STR, 3, offsetof(mz_meta, author)},
    {"issuer", K_STR, 3, offsetof(mz_meta, author)},
    {"lang", K_LANG, 4, offsetof(mz_meta, lang)},
    {"dir", K_DIR, 5, 0},
    {"paper", K_PAPER, 6, 0},
    {"font", K_STR, 7, offsetof(mz_meta, font)},
    {"bold_font", K_STR, 8, offsetof(mz_meta, bold_font)},
    {"italic_font", K_STR, 9, offsetof(mz_meta, italic_font)},
    {"font_size", K_SIZE, 10, 0},
    {"justify", K_JUSTIFY, 11, 0},
    {"digits", K_DIGITS, 12, 0},
    {"toc", K_TOC, 13, 0},
    {"header", K_STR, 14, offsetof(mz_meta, header)},
    {"footer", K_STR, 15, offsetof(mz_meta, footer)},
    {"pdfa", K_PDFA, 16, 0},
    {"theme", K_STR, 17, offsetof(mz_meta, theme)},
    {"tags", K_PDFA, 18, 0},
    {"body_digits", K_BODY_DIGITS, 19, 0},
    {"unit", K_STR, 20, offsetof(mz_meta, unit)},
    {"classification", K_STR, 21, offsetof(mz_meta, classification)},
    {"reference", K_STR, 22, offsetof(mz_meta, reference)},
    {"logo", K_LOGO, 23, 0},
    {"bleed", K_BLEED, 24, 0},
    {"facts", K_LIST, 25, 0},
    {"latin_lang", K_LANG, 26, offsetof(mz_meta, latin_lang)},
};
#define MZ_FRONT_FIELDS 27 /* distinct `field` values above */

typedef struct front {
    reader *r;
    yaml_parser_t parser;
    int first_line;            /* file line of the YAML text's line 0 */
    int seen[MZ_FRONT_FIELDS]; /* file line where the field was set, 0 = not yet */
    const char *seen_key[MZ_FRONT_FIELDS];
} front;

static int yline(front *f, yaml_mark_t m) { return f->first_line + (int)m.line; }

/* An input error at file line LINE of the front matter. */
#define front_fail(f, line, ...) mz_fail_at((f)->r->d, MZ_ERR_INPUT, (f)->r->name, (line), __VA_ARGS__)

static mz_status yaml_error(front *f)
{
    yaml_parser_t *p = &f->parser;
    if (p->error == YAML_MEMORY_ERROR) return mz_md_oom(f->r);
    int line = yline(f, p->problem_mark);
    const char *problem = p->problem ? p->problem : "syntax error";
    if (p->context) /* "while scanning a quoted scalar": say where that began */
        return mz_fail(f->r->d, MZ_ERR_INPUT, "%s:%d: front matter: %s (from line %d): %s",
                       f->r->name, line, p->context, yline(f, p->context_mark), problem);
    return mz_fail(f->r->d, MZ_ERR_INPUT, "%s:%d: front matter: %s", f->r->name, line, problem);
}

static int is_null_scalar(const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;
    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return 0;
    return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

static int parse_bool(const char *v, int *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE")) *out = 1;
    else if (!strcmp(v, "false") || !strcmp(v, "False") || !strcmp(v, "FALSE")) *out = 0;
    else return 0;
    return 1;
}

/* A decimal number without exponent, read by hand: strtod would follow the
 * embedding program's locale (decimal comma). */
static int parse_number(const char *v, double *out)
{
    double x = 0, scale = 1;
    int digits = 0;
    if (*v == '+') v++;
    for (; *v >= '0' && *v <= '9'; v++, digits++) x = x * 10 + (*v - '0');
    if (*v == '.') {
        for (v++; *v >= '0' && *v <= '9'; v++, digits++) {
            scale /= 10;
            x += (*v - '0') * scale;
        }
    }
    if (*v || !digits) return 0;
    *out = x;
    return 1;
}

/* A BCP 47-ish tag: letters, digits and hyphens, starting with a letter. */
static int valid_lang(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > 35) return 0;
    if (!((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= 'A' && v[0] <= 'Z'))) return 0;
    for (; *v; v++)
        if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9') ||
              *v == '-'))
            return 0;
    return 1;
}

/* Copies a string value into the arena, trimmed of surrounding blanks (block
 * scalars keep a final newline we do not want in a title). */
static char *arena_trimmed(mz_doc *doc, const char *v, size_t n)
{
    while (n && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) v++, n--;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r')) n--;
    char *s = mz_arena_alloc(&doc->arena, n + 1);
    if (s) memcpy(s, v, n);
    return s;
}

static mz_status next_event(front *f, yaml_event_t *ev);
static const char *node_kind(yaml_event_type_t t);

/* The most bleed a document may ask for: print shops ask for 3 to 5 mm. */
#define MZ_BLEED_MAX (20 * 72 / 25.4)

/* logo: its value and line; the reader probes the file after the front
 * matter (markdown.c, where figures' images are), erring at this line. */
static mz_status apply_logo(front *f, const char *v, size_t n, int line)
{
    mz_meta *m = &f->r->doc->meta;
    char *s = arena_trimmed(f->r->doc, v, n);
    if (!s) return mz_md_oom(f->r);
    if (!*s) return front_fail(f, line, "'logo' must name a local PNG or JPEG file");
    m->logo = s;
    m->logo_line = line;
    return MZ_OK;
}

/* facts: a list of short texts, each a scalar; the sequence's start event
 * has been read.  KLINE: the key's line, for the layout's messages. */
static mz_status read_facts(front *f, const struct front_key *k, int kline)
{
    mz_meta *m = &f->r->doc->meta;
    m->facts_line = kline;
    yaml_event_t ev;
    mz_status st;
    char **v = mz_arena_alloc(&f->r->doc->arena, MZ_FACTS_MAX * sizeof *v);
    if (!v) return mz_md_oom(f->r);
    m->facts = v;
    for (;;) {
        if ((st = next_event(f, &ev))) return st;
        int line = yline(f, ev.start_mark);
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return MZ_OK;
        }
        if (ev.type != YAML_SCALAR_EVENT || is_null_scalar(&ev)) {
            const char *what = ev.type == YAML_SCALAR_EVENT ? "nothing" : node_kind(ev.type);
            yaml_event_delete(&ev);
            return front_fail(f, line, "each item of '%s' must be a text, not %s", k->name, what);
        }
        size_t n = ev.data.scalar.length;
        const char *s = (const char *)ev.data.scalar.value;
        if (m->nfacts == MZ_FACTS_MAX) {
            yaml_event_delete(&ev);
            return front_fail(f, line, "'%s' holds more than %d items", k->name, MZ_FACTS_MAX);
        }
        if (n > MZ_FRONT_VALUE_MAX || memchr(s, 0, n)) {
            yaml_event_delete(&ev);
            return front_fail(f, line, "an item of '%s' is over 64 KiB or holds a NUL character", k->name);
        }
        char *t = arena_trimmed(f->r->doc, s, n);
        yaml_event_delete(&ev);
        if (!t) return mz_md_oom(f->r);
        v[m->nfacts++] = t;
    }
}

/* Applies one key: value pair.  `val` is a scalar event. */
static mz_status apply_key(front *f, const struct front_key *k, const yaml_event_t *val)
{
    mz_meta *m = &f->r->doc->meta;
    const char *v = (const char *)val->data.scalar.value;
    size_t n = val->data.scalar.length;
    int line = yline(f, val->start_mark);
    char q[MZ_QUOTE_MAX + 4];
    int null = is_null_scalar(val);

    if (n > MZ_FRONT_VALUE_MAX)
        return mz_fail(f->r->d, MZ_ERR_LIMIT,
                       "%s:%d: front-matter value of '%s' is longer than 64 KiB (%zu bytes)",
                       f->r->name, line, k->name, n);
    if (memchr(v, 0, n)) return front_fail(f, line, "'%s' contains a NUL character", k->name);
    mz_md_clip(q, v, n);
    switch (k->kind) {
    case K_STR: {
        if (null) return MZ_OK; /* `title:` with nothing: as if absent */
        char *s = arena_trimmed(f->r->doc, v, n);
        if (!s) return mz_md_oom(f->r);
        *(char **)((char *)m + k->offset) = s;
        return MZ_OK;
    }
    case K_LANG:
        if (!valid_lang(v))
            return front_fail(f, line, "'%s' must be a language tag such as ar or en, not '%s'",
                              k->name, q);
        if (!(*(char **)((char *)m + k->offset) = mz_arena_strdup(&f->r->doc->arena, v))) return mz_md_oom(f->r);
        return MZ_OK;
    case K_DIR:
        if (ieq(v, "rtl")) m->dir = MZ_DIR_RTL;
        else if (ieq(v, "ltr")) m->dir = MZ_DIR_LTR;
        else if (ieq(v, "auto")) m->dir = MZ_DIR_AUTO;
        else return front_fail(f, line, "'dir' must be rtl, ltr or auto, not '%s'", q);
        return MZ_OK;
    case K_PAPER:
        if (ieq(v, "a4")) m->paper = MZ_PAPER_A4;
        else if (ieq(v, "letter")) m->paper = MZ_PAPER_LETTER;
        else return front_fail(f, line, "'paper' must be A4 or letter, not '%s'", q);
        return MZ_OK;
    case K_SIZE: {
        double x;
        if (!parse_number(v, &x))
            return front_fail(f, line, "'font_size' must be a number of points, not '%s'", q);
        if (x < 6 || x > 72)
            return front_fail(f, line, "'font_size' must be between 6 and 72 points, not '%s'", q);
        m->font_size = x;
        return MZ_OK;
    }
    case K_JUSTIFY:
        if (ieq(v, "auto")) m->justify = MZ_JUSTIFY_AUTO;
        else if (ieq(v, "spaces")) m->justify = MZ_JUSTIFY_SPACES;
        else if (ieq(v, "kashida")) m->justify = MZ_JUSTIFY_KASHIDA;
        else if (ieq(v, "none")) m->justify = MZ_JUSTIFY_NONE;
        else
            return front_fail(f, line, "'justify' must be auto, spaces, kashida or none, not '%s'",
                              q);
        return MZ_OK;
    case K_DIGITS:
        if (ieq(v, "arabic-indic")) m->digits = MZ_DIGITS_ARABIC_INDIC;
        else if (ieq(v, "european")) m->digits = MZ_DIGITS_EUROPEAN;
        else if (ieq(v, "native")) m->digits = MZ_DIGITS_NATIVE;
        else if (ieq(v, "extended-arabic-indic")) m->digits = MZ_DIGITS_EXTENDED_ARABIC_INDIC;
        else
            return front_fail(f, line,
                              "'digits' must be native, arabic-indic, extended-arabic-indic or european, "
                              "not '%s'",
                              q);
        return MZ_OK;
    case K_TOC:
    case K_PDFA:
    case K_BODY_DIGITS: {
        int b;
        if (!parse_bool(v, &b))
            return front_fail(f, line, "'%s' must be true or false, not '%s'", k->name, q);
        if (k->kind == K_TOC) m->toc = b;
        else if (!strcmp(k->name, "tags")) m->tags = b ? 1 : -1;
        else if (k->kind == K_PDFA) m->pdfa = b ? 1 : -1;
        else m->body_digits = b ? 1 : -1;
        return MZ_OK;
    }
    case K_LOGO: return null ? MZ_OK : apply_logo(f, v, n, line);
    case K_BLEED: {
        double x;
        if (!mz_parse_length(v, &x) || x > MZ_BLEED_MAX)
            return front_fail(f, line, "'bleed' must be a length from 0 to 20mm (3mm, 8.5pt, 0.125in), not '%s'", q);
        m->bleed = x;
        m->has_bleed = 1;
        return MZ_OK;
    }
    case K_LIST: return front_fail(f, line, "'%s' must be a list (lines '  - ...'), not one value", k->name);
    }
    return MZ_OK;
}

/* Next parser event into ev; MZ_OK or the parser's error. */
static mz_status next_event(front *f, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&f->parser, ev)) return yaml_error(f);
    return MZ_OK;
}

static const char *node_kind(yaml_event_type_t t)
{
    return t == YAML_MAPPING_START_EVENT    ? "a mapping"
           : t == YAML_SEQUENCE_START_EVENT ? "a list"
                                            : "an alias";
}

/* Reads the pairs of the top-level mapping, up to its end event. */
static mz_status read_mapping(front *f)
{
    yaml_event_t key, val;
    mz_status st;
    for (;;) {
        if ((st = next_event(f, &key))) return st;
        if (key.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&key);
            return MZ_OK;
        }
        int kline = yline(f, key.start_mark);
        if (key.type != YAML_SCALAR_EVENT) {
            const char *what = node_kind(key.type);
            yaml_event_delete(&key);
            return front_fail(f, kline, "front-matter keys must be plain words, not %s", what);
        }
        const char *kn = (const char *)key.data.scalar.value;
        const struct front_key *k = NULL;
        for (size_t i = 0; i < sizeof front_keys / sizeof *front_keys; i++)
            if (!strcmp(kn, front_keys[i].name)) k = &front_keys[i];
        if (!k) {
            char q[MZ_QUOTE_MAX + 4];
            mz_md_clip(q, kn, key.data.scalar.length);
            yaml_event_delete(&key);
            return front_fail(f, kline, "unknown front-matter key '%s'", q);
        }
        yaml_event_delete(&key);
        if (f->seen[k->field]) {
            char prev[64];
            if (strcmp(f->seen_key[k->field], k->name))
                snprintf(prev, sizeof prev, " (same as '%s' on line %d)", f->seen_key[k->field],
                         f->seen[k->field]);
            else snprintf(prev, sizeof prev, " (first on line %d)", f->seen[k->field]);
            return front_fail(f, kline, "duplicate front-matter key '%s'%s", k->name, prev);
        }
        f->seen[k->field] = kline;
        f->seen_key[k->field] = k->name;
        if ((st = next_event(f, &val))) return st;
        if (k->kind == K_LIST && val.type == YAML_SEQUENCE_START_EVENT) {
            yaml_event_delete(&val);
            if ((st = read_facts(f, k, kline))) return st;
            continue;
        }
        if (val.type != YAML_SCALAR_EVENT) {
            int vline = yline(f, val.start_mark);
            const char *what = node_kind(val.type);
            yaml_event_delete(&val);
            return front_fail(f, vline, "'%s' must be a single value, not %s", k->name, what);
        }
        st = apply_key(f, k, &val);
        yaml_event_delete(&val);
        if (st) return st;
    }
}

/* YAML indentation must be spaces; libyaml's own message for a tab is
 * cryptic ("found character that cannot start any token"), so we look first. */
static mz_status check_tabs(front *f, const char *p, const char *end)
{
    int line = f->first_line;
    while (p < end) {
        int tab = 0;
        while (p < end && (*p == ' ' || *p == '\t')) tab |= *p++ == '\t';
        if (tab && p < end && *p != '\n' && *p != '\r' && *p != '#')
            return mz_fail(f->r->d, MZ_ERR_INPUT,
                           "%s:%d: tab in front-matter indentation (YAML needs spaces)", f->r->name,
                           line);
        while (p < end && *p != '\n' && *p != '\r') p++;
        p += eol_len(p, end);
        line++;
    }
    return MZ_OK;
}

/* Parses the YAML text [p, p+n) whose first line is file line first_line. */
mz_status mz_md_read_front(reader *r, const char *p, size_t n, int first_line)
{
    front f = {0};
    yaml_event_t ev;
    mz_status st;
    int docs = 0;
    f.r = r;
    f.first_line = first_line;
    if ((st = check_tabs(&f, p, p + n))) return st;
    if (!yaml_parser_initialize(&f.parser)) return mz_md_oom(r);
    yaml_parser_set_input_string(&f.parser, (const unsigned char *)p, n);
    for (;;) {
        if ((st = next_event(&f, &ev))) break;
        yaml_event_type_t t = ev.type;
        int line = yline(&f, ev.start_mark);
        if (t == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (t == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
            yaml_event_delete(&ev);
            st = front_fail(&f, line, "front matter holds more than one YAML document");
            break;
        }
        if (t == YAML_MAPPING_START_EVENT) {
            yaml_event_delete(&ev);
            if ((st = read_mapping(&f))) break;
            continue;
        }
        if (t == YAML_SCALAR_EVENT && is_null_scalar(&ev)) {
            yaml_event_delete(&ev); /* an empty front matter */
            continue;
        }
        if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT || t == YAML_ALIAS_EVENT) {
            yaml_event_delete(&ev);
            st = front_fail(&f, line, "front matter must be 'key: value' lines");
            break;
        }
        yaml_event_delete(&ev); /* stream/document start and end */
    }
    yaml_parser_delete(&f.parser);
    return st;
}

/* Finds the front matter at the start of [p, end): returns the YAML text in
 * (y, yn) and the body's start and first line in (body, body_line).  No
 * front matter: body = p, body_line = 1. */
mz_status mz_md_split_front(reader *r, const char *p, const char *end, const char **y, size_t *yn,
                             const char **body, int *body_line)
{
    const char *e = p;
    *y = NULL;
    *yn = 0;
    *body = p;
    *body_line = 1;
    while (e < end && *e != '\n' && *e != '\r') e++;
    if (!is_delim(p, e, "---") || e == end) {
        if (is_delim(p, e, "---") && e == end)
            return mz_fail(r->d, MZ_ERR_INPUT,
                           "%s:1: unterminated front matter: no closing '---' line", r->name);
        return MZ_OK;
    }
    const char *ys = e + eol_len(e, end);
    int line = 2;
    for (const char *s = ys; s < end; line++) {
        e = s;
        while (e < end && *e != '\n' && *e != '\r') e++;
        if (is_delim(s, e, "---") || is_delim(s, e, "...")) {
            *y = ys;
            *yn = (size_t)(s - ys);
            *body = e + eol_len(e, end);
            *body_line = line + 1;
            return MZ_OK;
        }
        s = e + eol_len(e, end);
    }
    return mz_fail(r->d, MZ_ERR_INPUT, "%s:1: unterminated front matter: no closing '---' line",
                   r->name);
}

