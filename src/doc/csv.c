/* csv.c - reads a ```table / ```chart data file with libcsv into rows of cells, with file:line errors. */
#include "doc/csv.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What libcsv's callbacks build: the row being read, then the grid. */
typedef struct csv_state {
    mz_csv *c;
    char **row;          /* the fields of the row being read (arena strings) */
    size_t nrow, row_cap;
    char **all;          /* every row's fields, row-major */
    size_t nall, all_cap;
    int *lines;
    size_t lines_cap;
    int line, row_line;  /* the line being fed; the line the row began on */
    int in_row;
    char err[200];       /* the first error a callback met ("" = none) */
    int err_line;
    mz_status err_st;
} csv_state;

static void cb_error(csv_state *s, mz_status st, int line, const char *msg)
{
    if (s->err[0]) return;
    snprintf(s->err, sizeof s->err, "%s", msg);
    s->err_line = line;
    s->err_st = st;
}

static void on_field(void *data, size_t n, void *ud)
{
    csv_state *s = ud;
    if (s->err[0]) return;
    if (!s->in_row) s->row_line = s->line;
    s->in_row = 1;
    if (n > MZ_CSV_MAX_CELL) return cb_error(s, MZ_ERR_LIMIT, s->line, "a field is over 4096 bytes (the limit)");
    if (s->nrow >= MZ_CSV_MAX_COLS)
        return cb_error(s, MZ_ERR_LIMIT, s->row_line, "a row has over 64 fields (the limit)");
    char *f = mz_arena_alloc(&s->c->arena, n + 1);
    if (!f || !mz_grow((void **)&s->row, &s->row_cap, s->nrow + 1, sizeof *s->row))
        return cb_error(s, MZ_ERR_NOMEM, s->line, "out of memory");
    if (n) memcpy(f, data, n);
    f[n] = 0;
    s->row[s->nrow++] = f;
}

static void on_row(int term, void *ud)
{
    csv_state *s = ud;
    (void)term;
    if (s->err[0]) return;
    mz_csv *c = s->c;
    char msg[120];
    if (c->rows == 0) c->cols = s->nrow;
    else if (s->nrow != c->cols) {
        snprintf(msg, sizeof msg, "a row of %zu field%s where the first row has %zu", s->nrow,
                 s->nrow == 1 ? "" : "s", c->cols);
        return cb_error(s, MZ_ERR_INPUT, s->row_line, msg);
    }
    if (c->rows >= MZ_CSV_MAX_ROWS) return cb_error(s, MZ_ERR_LIMIT, s->row_line, "over 2000 rows (the limit)");
    if (!mz_grow((void **)&s->all, &s->all_cap, s->nall + s->nrow, sizeof *s->all) ||
        !mz_grow((void **)&s->lines, &s->lines_cap, c->rows + 1, sizeof *s->lines))
        return cb_error(s, MZ_ERR_NOMEM, s->row_line, "out of memory");
    memcpy(s->all + s->nall, s->row, s->nrow * sizeof *s->row);
    s->nall += s->nrow;
    s->lines[c->rows++] = s->row_line;
    s->nrow = 0;
    s->in_row = 0;
}

/* The grid into arena arrays, the scratch freed. */
static mz_status csv_finish(csv_state *s, mz_diag *d)
{
    mz_csv *c = s->c;
    c->cell = mz_arena_alloc(&c->arena, (s->nall ? s->nall : 1) * sizeof *c->cell);
    c->line = mz_arena_alloc(&c->arena, (c->rows ? c->rows : 1) * sizeof *c->line);
    if (c->cell && c->line) {
        if (s->nall) memcpy(c->cell, s->all, s->nall * sizeof *c->cell);
        if (c->rows) memcpy(c->line, s->lines, c->rows * sizeof *c->line);
    }
    free(s->row);
    free(s->all);
    free(s->lines);
    return c->cell && c->line ? MZ_OK : mz_fail(d, MZ_ERR_NOMEM, "out of memory reading a data file");
}

mz_status mz_csv_parse(mz_csv *c, const char *data, size_t n, const char *shown, int first_line, const char *where,
                       mz_diag *d)
{
    memset(c, 0, sizeof *c);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory reading %s", shown);
    csv_state s = {.c = c, .line = first_line, .row_line = first_line};
    if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3, n -= 3; /* a byte-order mark */
    /* fed a line at a time, so that an error and each row know their line */
    for (size_t i = 0; i < n && !s.err[0]; s.line++) {
        const char *nl = memchr(data + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (data + i)) + 1 : n - i;
        if (memchr(data + i, 0, len)) cb_error(&s, MZ_ERR_INPUT, s.line, "a NUL byte: not a text file");
        else if (csv_parse(&p, data + i, len, on_field, on_row, &s) != len) {
            int e = csv_error(&p);
            cb_error(&s, e == CSV_ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_INPUT, s.line,
                     e == CSV_EPARSE ? "not CSV: a quote inside an unquoted field, or text after a closing quote"
                                     : csv_strerror(e));
        }
        i += len;
    }
    s.line--;
    if (!s.err[0] && csv_fini(&p, on_field, on_row, &s) != 0)
        cb_error(&s, MZ_ERR_INPUT, s.row_line, "not CSV: a quoted field is never closed");
    csv_free(&p);
    mz_status st = csv_finish(&s, d);
    if (s.err[0]) {
        mz_csv_free(c);
        return mz_fail(d, s.err_st, "%s:%d: %s (the data of %s)", shown, s.err_line, s.err, where);
    }
    if (!st && c->rows == 0)
        st = mz_fail(d, MZ_ERR_INPUT, "%s:%d: no rows (the data of %s)", shown, first_line, where);
    if (st) mz_csv_free(c);
    return st;
}

mz_status mz_csv_load(mz_csv *c, const char *path, const char *shown, const char *where, mz_diag *d)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "rb");
    if (!f) return mz_fail(d, errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_INPUT, "%s: %s (the data of %s)", shown,
                           strerror(errno), where);
    char *buf = malloc(MZ_CSV_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, MZ_CSV_MAX_BYTES + 1, f) : 0;
    int bad = buf && ferror(f);
    fclose(f);
    mz_status st = MZ_OK;
    if (!buf) st = mz_fail(d, MZ_ERR_NOMEM, "out of memory reading %s", shown);
    else if (bad) st = mz_fail(d, MZ_ERR_INPUT, "%s: cannot be read (the data of %s)", shown, where);
    else if (n > MZ_CSV_MAX_BYTES)
        st = mz_fail(d, MZ_ERR_LIMIT, "%s: over 4 MiB (the limit for a data file; the data of %s)", shown, where);
    else st = mz_csv_parse(c, buf, n, shown, 1, where, d);
    free(buf);
    return st;
}

void mz_csv_free(mz_csv *c) { mz_arena_free(&c->arena); memset(c, 0, sizeof *c); }

/* The value of the digit at S (ASCII, U+0660.., U+06F0..) and its length. */
static int digit_at(const unsigned char *s, int *len)
{
    if (*s >= '0' && *s <= '9') return *len = 1, *s - '0';
    if ((s[0] == 0xD9 && s[1] >= 0xA0 && s[1] <= 0xA9)) return *len = 2, s[1] - 0xA0;
    if ((s[0] == 0xDB && s[1] >= 0xB0 && s[1] <= 0xB9)) return *len = 2, s[1] - 0xB0;
    return -1;
}

int mz_csv_number(const char *str, double *v, int *decimals)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s == ' ' || *s == '\t') s++;
    int neg = *s == '-' || (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92); /* - or U+2212 */
    if (neg) s += *s == '-' ? 1 : 3;
    else if (*s == '+') s++;
    double x = 0;
    int nd = 0, dec = -1, len, dv;
    for (;;) {
        if ((dv = digit_at(s, &len)) >= 0) {
            x = x * 10 + dv; /* exact: at most 15 digits */
            nd++, s += len;
            if (dec >= 0) dec++;
        } else if (dec < 0 && nd && (*s == ',' || (s[0] == 0xD9 && s[1] == 0xAC))) {
            s += *s == ',' ? 1 : 2; /* between thousands */
        } else if (dec < 0 && nd && (*s == '.' || (s[0] == 0xD9 && s[1] == 0xAB))) {
            dec = 0, s += *s == '.' ? 1 : 2;
        } else {
            break;
        }
        if (nd > 15) return 0; /* beyond a double's exact digits */
    }
    while (*s == ' ' || *s == '\t') s++;
    if (!nd || *s || dec == 0) return 0;
    if (dec > 0) x /= pow(10, dec);
    *v = neg ? -x : x;
    *decimals = dec < 0 ? 0 : dec;
    return 1;
}

void mz_csv_format(mz_buf *b, double v, int decimals, int group)
{
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    double scale = pow(10, decimals), r = floor(fabs(v) * scale + 0.5);
    unsigned long long m = (unsigned long long)r, p = (unsigned long long)scale;
    unsigned long long whole = m / p, frac = m % p;
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", whole);
    if (v < 0 && m) mz_buf_puts(b, "-");
    for (int i = 0; i < n; i++) {
        if (group && i && (n - i) % 3 == 0) mz_buf_puts(b, ",");
        mz_buf_put(b, digits + i, 1);
    }
    if (decimals) mz_buf_printf(b, ".%0*llu", decimals, frac);
}
