/* csv.h - data files for ```table and ```chart blocks: CSV through libcsv
 * into a grid of UTF-8 cells, each row with its file line; numbers in cells
 * read and written in ASCII (layout sets them in the document's digits). */
#ifndef MZ_CSV_H
#define MZ_CSV_H

#include <stddef.h>

#include "util/util.h"

/* Limits, each a reason: a data file is read whole into memory (bytes); a
 * table of more rows is a data dump, not a report's table, and a chart of
 * more rows has bars thinner than a hairline (rows); a table wider than
 * the columns a page holds cannot be set (columns); one cell is a label or a
 * number, not a paragraph (cell bytes). */
#define MZ_CSV_MAX_BYTES (4 * 1024 * 1024)
#define MZ_CSV_MAX_ROWS 2000
#define MZ_CSV_MAX_COLS 64
#define MZ_CSV_MAX_CELL 4096

typedef struct mz_csv {
    char **cell;  /* rows * cols, row-major, NUL-terminated UTF-8 */
    int *line;    /* per row: the file line it starts on */
    size_t rows, cols;
    mz_arena arena;
} mz_csv;

/* Parses DATA (n bytes) as CSV: every row must have as many fields as the
 * first; errors name SHOWN (the data file as the document wrote it) and its
 * line (DATA's first is FIRST_LINE), then WHERE ("doc.md:12", the block).  Blank lines are skipped. */
mz_status mz_csv_parse(mz_csv *c, const char *data, size_t n, const char *shown, int first_line, const char *where,
                       mz_diag *d);
/* Reads the file PATH and parses it (a missing or unreadable file is an
 * input error naming SHOWN and WHERE). */
mz_status mz_csv_load(mz_csv *c, const char *path, const char *shown, const char *where, mz_diag *d);
void mz_csv_free(mz_csv *c);

/* A number as a cell holds it: optional sign, digits (ASCII or Arabic-Indic,
 * either kind of zero), an optional ',' or '٬' between thousands, a '.'
 * or '٫' before decimals, blanks around.  1 and *v, *decimals (digits after
 * the point) when S is one; 0 when not. */
int mz_csv_number(const char *s, double *v, int *decimals);

/* Writes V rounded to DECIMALS digits after '.', with ',' between thousands
 * when GROUP, in ASCII, to b. */
void mz_csv_format(mz_buf *b, double v, int decimals, int group);

#endif
