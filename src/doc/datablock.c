/* datablock.c - the ```table and ```chart blocks: their `key: value` spec and CSV data into mz_block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/csv.h"
#include "doc/markdown_int.h"

/* A spec line is `key: value`; lists in a value are split at '|'. */
#define MZ_SPEC_LIST_MAX MZ_CSV_MAX_COLS

typedef struct spec {
    reader *r;
    mz_block *b;
    int chart;
    const char *what;      /* "table" / "chart", for messages */
    char where[300];       /* "doc.md:12", the block */
    /* key values (NULL: not given) and their lines */
    const char *file, *columns, *header, *labels, *align, *format, *type, *x, *y, *title, *unit, *source;
    int file_line, columns_line, labels_line, align_line, format_line, type_line, x_line, y_line, header_line;
    const char *rows;      /* the inline data after `rows:` */
    int rows_line;
    mz_csv csv;
    const char *shown;     /* the data's name in messages */
    int has_header;
} spec;

static mz_status spec_fail(spec *S, int line, const char *fmt, const char *a, const char *b2)
{
    char msg[400];
    snprintf(msg, sizeof msg, fmt, a, b2);
    return mz_fail(S->r->d, MZ_ERR_INPUT, "%s:%d: %s", S->r->name, line, msg);
}

/* Text S (n bytes of UTF-8) as a plain document text in the arena. */
static int make_text(reader *r, const char *s, size_t n, mz_text *t)
{
    size_t len;
    uint32_t *u = mz_utf8_decode(s, n, &len, &(mz_diag){0}, r->name, 0);
    if (!u) return 0;
    t->u = mz_arena_alloc(&r->doc->arena, (len + 1) * sizeof *t->u);
    t->spans = mz_arena_alloc(&r->doc->arena, sizeof *t->spans);
    if (t->u && t->spans) {
        if (len) memcpy(t->u, u, len * sizeof *u);
        t->len = len;
        t->nspans = len ? 1 : 0;
        t->spans[0] = (mz_span){0, len, 0, -1};
    }
    free(u);
    return t->u && t->spans;
}

static const char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = 0;
    return s;
}

/* Splits list V (a copy in the arena) at '|', as a GFM table row is, into
 * at most MZ_SPEC_LIST_MAX items (a format such as #,##0 holds commas). */
static int split_list(reader *r, const char *v, const char **item, size_t *n)
{
    char *s = mz_arena_strdup(&r->doc->arena, v);
    if (!s) return -1;
    *n = 0;
    for (char *p = s;;) {
        char *e = strchr(p, '|');
        if (*n >= MZ_SPEC_LIST_MAX) return 0;
        if (e) *e = 0;
        item[(*n)++] = trim(p);
        if (!e) break;
        p = e + 1;
    }
    return 1;
}

/* One `key: value` line into S; the chart's `rows:` ends the keys. */
static mz_status spec_line(spec *S, char *l, int line, int *rows)
{
    char *colon = strchr(l, ':');
    char *k = l;
    while (*k == ' ' || *k == '\t') k++;
    if (!colon) return spec_fail(S, line, "a %s's lines are 'key: value', not '%s'", S->what, trim(l));
    *colon = 0;
    const char *key = trim(k), *v = trim(colon + 1);
    struct { const char *name; const char **val; int *ln; int table, chart; } keys[] = {
        {"file", &S->file, &S->file_line, 1, 1},        {"columns", &S->columns, &S->columns_line, 1, 0},
        {"header", &S->header, &S->header_line, 1, 1}, {"labels", &S->labels, &S->labels_line, 1, 0},
        {"align", &S->align, &S->align_line, 1, 0},    {"format", &S->format, &S->format_line, 1, 1},
        {"type", &S->type, &S->type_line, 0, 1},       {"x", &S->x, &S->x_line, 0, 1},
        {"y", &S->y, &S->y_line, 0, 1},                {"title", &S->title, NULL, 0, 1},
        {"caption", &S->title, NULL, 0, 1},            {"unit", &S->unit, NULL, 0, 1},
        {"source", &S->source, NULL, 0, 1},
    };
    if (!strcmp(key, "rows")) {
        if (*v) return spec_fail(S, line, "'rows:' stands alone on its line; the CSV rows follow it%s%s", "", "");
        *rows = 1;
        S->rows_line = line + 1;
        return MZ_OK;
    }
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (strcmp(key, keys[i].name) || !(S->chart ? keys[i].chart : keys[i].table)) continue;
        if (*keys[i].val) return spec_fail(S, line, "the %s has a '%s:' line already", S->what, key);
        if (!*v) return spec_fail(S, line, "'%s:' is empty%s", key, "");
        *keys[i].val = v;
        if (keys[i].ln) *keys[i].ln = line;
        return MZ_OK;
    }
    return spec_fail(S, line, S->chart ? "unknown chart key '%s' (type, file, rows, x, y, title, unit, source, format, header)%s"
                                       : "unknown table key '%s' (file, rows, columns, labels, header, align, format)%s",
                     key, "");
}

/* The block's text LIT into key values and the data. */
static mz_status spec_read(spec *S, char *lit)
{
    int line = S->b->line + 1, rows = 0;
    for (char *p = lit; *p && !rows; line++) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        const char *t = p;
        while (*t == ' ' || *t == '\t' || *t == '\r') t++;
        mz_status st = *t && *t != '#' ? spec_line(S, p, line, &rows) : MZ_OK;
        if (st) return st;
        p = nl ? nl + 1 : p + strlen(p);
        if (rows) S->rows = p;
    }
    if (S->file && S->rows)
        return spec_fail(S, S->file_line, "the %s has both 'file:' and 'rows:': one source of data%s", S->what, "");
    if (!S->file && !S->rows)
        return spec_fail(S, S->b->line, "the %s has no data: a 'file:' line or 'rows:' and CSV lines%s", S->what, "");
    S->has_header = 1;
    if (S->header) {
        if (!strcmp(S->header, "no")) S->has_header = 0;
        else if (strcmp(S->header, "yes"))
            return spec_fail(S, S->header_line, "'header:' is yes or no, not '%s'%s", S->header, "");
    }
    return MZ_OK;
}

/* The data: the file (relative to the document) or the inline rows. */
static mz_status spec_data(spec *S)
{
    reader *r = S->r;
    if (S->rows) {
        S->shown = r->name;
        return mz_csv_parse(&S->csv, S->rows, strlen(S->rows), r->name, S->rows_line, S->where, r->d);
    }
    char *path = mz_md_doc_path(r, S->file);
    if (!path) return mz_md_oom(r);
    if (!*path) return spec_fail(S, S->file_line, "data file '%s' is not a local file%s", S->file, "");
    S->shown = S->file;
    S->b->src = path;
    mz_status st = mz_csv_load(&S->csv, path, S->file, S->where, r->d);
    if (!st && S->has_header && S->csv.rows < 2)
        st = mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: a header and no rows (the data of %s)", S->file, S->csv.line[0],
                     S->where);
    return st;
}

/* The column named (or numbered, from 1) NAME; -1 with the error set. */
static long find_column(spec *S, const char *name, int line)
{
    const mz_csv *c = &S->csv;
    for (size_t j = 0; S->has_header && j < c->cols; j++)
        if (!strcmp(trim(c->cell[j]), name)) return (long)j;
    char *e;
    long k = strtol(name, &e, 10);
    if (*name && !*e && k >= 1 && (size_t)k <= c->cols) return k - 1;
    mz_buf all = {0};
    for (size_t j = 0; j < c->cols; j++) mz_buf_printf(&all, "%s%s", j ? ", " : "", S->has_header ? c->cell[j] : "");
    if (!S->has_header) mz_buf_printf(&all, "1 to %zu", c->cols);
    mz_buf_put(&all, "", 1);
    if (all.oom) {
        mz_buf_free(&all);
        return mz_md_oom(S->r), -1;
    }
    mz_fail(S->r->d, MZ_ERR_INPUT, "%s:%d: no column '%s' (it has: %s; asked for at %s:%d)", S->shown, c->line[0],
            name, all.data, S->r->name, line);
    mz_buf_free(&all);
    return -1;
}

/* A number format: `text` or `-` (as written, -1), `0`, `0.0`, `0.00` ...
 * (decimals, no grouping), `#,##0`, `#,##0.0` ... (thousands grouped). */
static int parse_format(const char *f, int *decimals, int *group)
{
    *group = !strncmp(f, "#,##", 4);
    if (*group) f += 4;
    if (!strcmp(f, "text") || !strcmp(f, "-")) return *group ? 0 : (*decimals = -1, 1);
    if (*f != '0') return 0;
    f++;
    *decimals = 0;
    if (*f == '.')
        for (f++; *f == '0' && *decimals < 6; f++) ++*decimals;
    return *f == 0 && (*decimals > 0 || f[-1] != '.');
}

/* Cell S, column NAME, on data line LINE, as a number; with the error. */
static mz_status cell_number(spec *S, const char *s, const char *name, int line, double *v, int *dec)
{
    if (mz_csv_number(s, v, dec)) return MZ_OK;
    char q[MZ_QUOTE_MAX + 4];
    mz_md_clip(q, s, strlen(s));
    return mz_fail(S->r->d, MZ_ERR_INPUT, "%s:%d: column '%s' needs a number, not '%s' (the data of %s)", S->shown,
                   line, name, q, S->where);
}

/* The columns a table shows (columns:, else all in the data's order) into
 * sel; their header texts, alignments and number formats. */
static mz_status table_columns(spec *S, long *sel, size_t *nsel)
{
    const char *item[MZ_SPEC_LIST_MAX];
    size_t n = 0;
    if (!S->columns) {
        for (size_t j = 0; j < S->csv.cols; j++) sel[j] = (long)j;
        *nsel = S->csv.cols;
        return MZ_OK;
    }
    int ok = split_list(S->r, S->columns, item, &n);
    if (ok < 0) return mz_md_oom(S->r);
    if (!ok) return spec_fail(S, S->columns_line, "over 64 columns (the limit)%s%s", "", "");
    for (size_t j = 0; j < n; j++)
        if ((sel[j] = find_column(S, item[j], S->columns_line)) < 0) return S->r->d->status;
    *nsel = n;
    return MZ_OK;
}

/* A list option (labels:, align:, format:) of at most (or, EXACT, just) N items. */
static mz_status list_option(spec *S, const char *v, int line, const char *key, size_t n, int exact,
                             const char **item, size_t *got)
{
    *got = 0;
    if (!v) return MZ_OK;
    int ok = split_list(S->r, v, item, got);
    if (ok < 0) return mz_md_oom(S->r);
    char count[40];
    snprintf(count, sizeof count, "%zu", n);
    if (!ok || *got > n || (exact && *got != n))
        return spec_fail(S, line, "'%s:' needs one item a column shown (%s)", key, count);
    return MZ_OK;
}

static mz_status table_cell(spec *S, mz_text *t, char *s, const char *name, int line, int dec, int group)
{
    const char *v = trim(s);
    double x;
    int d;
    if (dec < 0 || !*v) return make_text(S->r, v, strlen(v), t) ? MZ_OK : mz_md_oom(S->r);
    mz_status st = cell_number(S, v, name, line, &x, &d);
    if (st) return st;
    mz_buf b = {0};
    mz_csv_format(&b, x, dec, group);
    int ok = !b.oom && make_text(S->r, b.data ? b.data : "", b.len, t);
    mz_buf_free(&b);
    return ok ? MZ_OK : mz_md_oom(S->r);
}

/* Per column shown: its alignment and number format from the options. */
static mz_status table_options(spec *S, size_t nsel, int *dec, int *group)
{
    const char *item[MZ_SPEC_LIST_MAX];
    size_t n;
    mz_block *b = S->b;
    mz_status st = list_option(S, S->align, S->align_line, "align", nsel, 0, item, &n);
    for (size_t j = 0; !st && j < n; j++) {
        static const char *const names[] = {"-", "left", "center", "right"};
        int a = -1;
        for (int k = 0; k < 4; k++)
            if (!strcmp(item[j], names[k])) a = k;
        if (a < 0) return spec_fail(S, S->align_line, "'align:' items are left, center, right or -, not '%s'%s", item[j], "");
        b->align[j] = a;
    }
    if (!st) st = list_option(S, S->format, S->format_line, "format", nsel, 0, item, &n);
    for (size_t j = 0; j < nsel; j++) dec[j] = -1;
    for (size_t j = 0; !st && j < n; j++) {
        if (!parse_format(item[j], &dec[j], &group[j]))
            return spec_fail(S, S->format_line, "'format:' items are text, 0, 0.0 ... or #,##0, #,##0.0 ..., not '%s'%s",
                             item[j], "");
        b->num_col[j] = dec[j] >= 0;
    }
    return st;
}

/* The table: its header row (labels:, else the data's), then the rows. */
static mz_status build_table(spec *S)
{
    reader *r = S->r;
    mz_block *b = S->b;
    mz_csv *c = &S->csv;
    long sel[MZ_SPEC_LIST_MAX];
    int dec[MZ_SPEC_LIST_MAX], group[MZ_SPEC_LIST_MAX];
    const char *label[MZ_SPEC_LIST_MAX];
    size_t nsel = 0, nl = 0;
    mz_status st = table_columns(S, sel, &nsel);
    if (!st) st = list_option(S, S->labels, S->labels_line, "labels", nsel, 1, label, &nl);
    if (st) return st;
    if (!S->has_header && !S->labels)
        return spec_fail(S, S->header_line, "with 'header: no' the table's header row comes from a 'labels:' line%s%s", "", "");
    size_t first = S->has_header ? 1 : 0;
    b->rows = 1 + c->rows - first;
    b->cols = nsel;
    b->cells = mz_arena_alloc(&r->doc->arena, b->rows * nsel * sizeof *b->cells);
    b->align = mz_arena_alloc(&r->doc->arena, nsel * sizeof *b->align);
    b->num_col = mz_arena_alloc(&r->doc->arena, nsel);
    if (!b->cells || !b->align || !b->num_col) return mz_md_oom(r);
    if ((st = table_options(S, nsel, dec, group))) return st;
    for (size_t j = 0; j < nsel && !st; j++) {
        const char *h = nl ? label[j] : trim(c->cell[sel[j]]);
        if (!make_text(r, h, strlen(h), &b->cells[j])) return mz_md_oom(r);
    }
    for (size_t i = first; i < c->rows && !st; i++)
        for (size_t j = 0; j < nsel && !st; j++) {
            const char *name = S->has_header ? c->cell[sel[j]] : (nl ? label[j] : "");
            st = table_cell(S, &b->cells[(i - first + 1) * nsel + j], c->cell[i * c->cols + (size_t)sel[j]], name,
                            c->line[i], dec[j], group[j]);
        }
    return st;
}

/* Points a chart draws: more would make bars thinner than their labels. */
#define MZ_CHART_MAX_POINTS 60

static mz_status chart_spec(spec *S, mz_chart *ch, int *dec, int *group)
{
    if (!S->type || !strcmp(S->type, "column")) ch->kind = MZ_CHART_COLUMN;
    else if (!strcmp(S->type, "bar")) ch->kind = MZ_CHART_BAR;
    else if (!strcmp(S->type, "line")) ch->kind = MZ_CHART_LINE;
    else return spec_fail(S, S->type_line, "a chart's 'type:' is bar, column or line, not '%s'%s", S->type, "");
    if (!S->x || !S->y) return spec_fail(S, S->b->line, "the chart needs an 'x:' and a 'y:' line (the columns it draws)%s%s", "", "");
    *dec = -1;
    *group = 1;
    if (S->format && (!parse_format(S->format, dec, group) || *dec < 0))
        return spec_fail(S, S->format_line, "a chart's 'format:' is 0, 0.0 ... or #,##0, #,##0.0 ..., not '%s'%s", S->format, "");
    return MZ_OK;
}

/* The chart: a point per row with a y: value (an empty one is left out). */
static mz_status build_chart(spec *S)
{
    reader *r = S->r;
    mz_block *b = S->b;
    mz_csv *c = &S->csv;
    mz_chart *ch = b->chart = mz_arena_alloc(&r->doc->arena, sizeof *b->chart);
    if (!ch) return mz_md_oom(r);
    int dec, group, maxdec = 0;
    mz_status st = chart_spec(S, ch, &dec, &group);
    if (st) return st;
    long xi = find_column(S, S->x, S->x_line), yi = xi < 0 ? -1 : find_column(S, S->y, S->y_line);
    if (xi < 0 || yi < 0) return r->d->status;
    ch->label = mz_arena_alloc(&r->doc->arena, c->rows * sizeof *ch->label);
    ch->value = mz_arena_alloc(&r->doc->arena, c->rows * sizeof *ch->value);
    if (!ch->label || !ch->value) return mz_md_oom(r);
    for (size_t i = S->has_header ? 1 : 0; i < c->rows; i++) {
        const char *x = trim(c->cell[i * c->cols + (size_t)xi]), *y = trim(c->cell[i * c->cols + (size_t)yi]);
        int d;
        if (!*y) {
            ch->skipped++;
            continue;
        }
        if ((st = cell_number(S, y, S->y, c->line[i], &ch->value[ch->n], &d))) return st;
        if (!*x)
            return mz_fail(r->d, MZ_ERR_INPUT, "%s:%d: column '%s' is empty: each point needs its label (the data of %s)",
                           S->shown, c->line[i], S->x, S->where);
        if (ch->n >= MZ_CHART_MAX_POINTS)
            return mz_fail(r->d, MZ_ERR_LIMIT, "%s:%d: over 60 points (the limit: thinner bars than their labels; the data of %s)",
                           S->shown, c->line[i], S->where);
        if (!make_text(r, x, strlen(x), &ch->label[ch->n++])) return mz_md_oom(r);
        if (d > maxdec) maxdec = d;
    }
    if (!ch->n)
        return mz_fail(r->d, MZ_ERR_INPUT, "%s: no row has a value in column '%s' (the data of %s)", S->shown, S->y,
                       S->where);
    ch->decimals = dec >= 0 ? dec : maxdec;
    ch->group = group;
    const char *yname = S->has_header ? trim(c->cell[yi]) : "";
    if (!make_text(r, yname, strlen(yname), &ch->yname)) return mz_md_oom(r);
    if (S->unit && !make_text(r, S->unit, strlen(S->unit), &ch->unit)) return mz_md_oom(r);
    if (S->title && !make_text(r, S->title, strlen(S->title), &b->caption)) return mz_md_oom(r);
    if (S->source && !make_text(r, S->source, strlen(S->source), &b->source)) return mz_md_oom(r);
    return MZ_OK;
}

mz_status mz_md_data_block(reader *r, mz_block *b, const char *lit, int chart)
{
    spec S = {.r = r, .b = b, .chart = chart, .what = chart ? "chart" : "table"};
    snprintf(S.where, sizeof S.where, "the ```%s at %s:%d", S.what, r->name, b->line);
    char *copy = strdup(lit);
    if (!copy) return mz_md_oom(r);
    mz_status st = spec_read(&S, copy);
    if (!st) st = spec_data(&S);
    if (!st) st = chart ? build_chart(&S) : build_table(&S);
    mz_csv_free(&S.csv);
    free(copy);
    return st;
}
