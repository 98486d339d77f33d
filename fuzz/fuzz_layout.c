/* fuzz_layout.c - libFuzzer target: arbitrary text → itemize (FriBidi) →
 * shape (HarfBuzz, word cache) → compose (line breaks, Knuth–Plass,
 * kashida) → pages, without the PDF writer, so it runs many times faster
 * than the document target.
 *
 * The first two bytes pick the options (justification, direction, digits,
 * body size, word cache); the rest is a plain-text file.  The faces stay
 * loaded across inputs, as in a batch; the word cache and the fallback memo
 * are emptied before each, so that every input reproduces alone. */
#include <stdint.h>
#include <stdlib.h>

#include <fontconfig/fontconfig.h>
#include <sanitizer/lsan_interface.h>

#include "doc/doc.h"
#include "text/font.h"
#include "layout/layout.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mz_fonts fs;
static int fs_ok;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    __lsan_disable(); /* fontconfig's configuration lives (and partly leaks) for good */
    FcInit();
    __lsan_enable();
    return 0;
}

static void reset_fonts(void)
{
    if (fs_ok && fs.n <= 12) { /* fallbacks pile up: start over before the 64-face limit */
        struct mz_fonts_cache *w = &fs.caches[MZ_FONTS_CACHE_WORDS];
        if (w->data) w->destroy(w->data);
        w->data = NULL;
        free(fs.fb_keys);
        free(fs.fb_vals);
        fs.fb_keys = NULL;
        fs.fb_vals = NULL;
        fs.fb_cap = fs.fb_n = 0;
        return;
    }
    if (fs_ok) mz_fonts_free(&fs);
    mz_diag d = {0};
    fs_ok = mz_fonts_init(&fs, NULL, &d) == MZ_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    reset_fonts();
    if (!fs_ok) abort();
    mz_options o;
    mz_options_init(&o);
    static const mz_justify J[] = {MZ_JUSTIFY_AUTO, MZ_JUSTIFY_SPACES, MZ_JUSTIFY_KASHIDA, MZ_JUSTIFY_NONE};
    static const mz_dir D[] = {MZ_DIR_DEFAULT, MZ_DIR_RTL, MZ_DIR_LTR, MZ_DIR_AUTO};
    o.justify = J[data[0] & 3];
    o.dir = D[(data[0] >> 2) & 3];
    o.digits = (mz_digits)((data[0] >> 4) % 3);
    o.font_size = 6 + (data[1] & 31); /* 6 to 37 pt */
    fs.no_word_cache = (data[1] >> 5) & 1;
    char err[512] = "";
    mz_diag d = {0};
    d.buf = err;
    d.len = sizeof err;
    mz_doc doc = {0};
    doc.name = "fuzz.txt";
    mz_status st = mz_read_text(&doc, (const char *)data + 2, size - 2, &d);
    mz_layout L = {0};
    if (st == MZ_OK) st = mz_layout_doc(&L, &doc, &fs, &o, &d);
    if (st != MZ_OK && !err[0]) abort();  /* an error always says what */
    if (st == MZ_ERR_INTERNAL) abort();   /* a bug by the library's own definition */
    if (st == MZ_OK && doc.nblocks && !L.npages) abort();
    mz_layout_free(&L);
    mz_doc_free(&doc);
    return 0;
}
