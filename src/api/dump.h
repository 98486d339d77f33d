/* dump.h - the stable text dumps of each stage's output, for --dump=STAGE and
 * the golden tests.  The stages hand their output over; nothing here changes it. */
#ifndef MZ_DUMP_H
#define MZ_DUMP_H

#include "doc/doc.h"
#include "layout/layout.h"
#include "text/compose.h"
#include "text/font.h"
#include "text/itemize.h"
#include "util/util.h"

void mz_dump_doc(mz_buf *b, const mz_doc *doc);
void mz_dump_runs(mz_buf *b, int para_no, const mz_para *p, const mz_fonts *fs);
void mz_dump_glyphs(mz_buf *b, int para_no, const mz_para *p, const mz_fonts *fs);
/* Lines FROM.. of a paragraph whose text is TEXT (a paragraph set in pieces
 * dumps each piece's new lines). */
void mz_dump_lines(mz_buf *b, int para_no, const uint32_t *text, const mz_lines *lines, size_t from);
void mz_dump_pages(mz_buf *b, const mz_layout *L, const mz_fonts *fs);

/* What layout must show the dump of STAGE (runs, glyphs, lines) as it sets
 * each paragraph, written to OUT. */
mz_lay_watch mz_dump_watch(mz_dump stage, mz_buf *out);

#endif
