/* fuzz_markdown.c - libFuzzer target: front matter + Markdown → document
 * (the reader alone: cmark-gfm, libyaml, the block and inline mapping).
 *
 * The first byte picks --strict; the rest is the file.  Every input must end
 * in a status with a message when it is not MZ_OK, and a document whose
 * blocks hold valid text.  Build and run with `bash fuzz/run.sh`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    char err[512] = "";
    mz_diag d = {0};
    d.buf = err;
    d.len = sizeof err;
    d.strict = data[0] & 1;
    mz_doc doc = {0};
    doc.name = "fuzz.md";
    mz_status st = mz_read_markdown(&doc, (const char *)data + 1, size - 1, &d);
    if (st != MZ_OK && !err[0]) abort();  /* an error always says what */
    if (st == MZ_ERR_INTERNAL) abort();   /* a bug by the library's own definition */
    for (size_t i = 0; st == MZ_OK && i < doc.nblocks; i++) { /* what the later stages trust */
        const mz_text *t = &doc.blocks[i].text;
        for (size_t k = 0; k < t->len; k++) {
            uint32_t c = t->u[k];
            if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0) abort();
        }
        /* spans sorted, not overlapping, covering the whole text */
        size_t at = 0;
        for (size_t k = 0; k < t->nspans; k++) {
            if (t->spans[k].start != at || t->spans[k].end < at) abort();
            if (t->spans[k].link >= (int)doc.nlinks) abort();
            at = t->spans[k].end;
        }
        if (t->len && at != t->len) abort();
    }
    mz_doc_free(&doc);
    return 0;
}
