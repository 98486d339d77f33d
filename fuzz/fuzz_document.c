/* fuzz_document.c - libFuzzer target: Markdown with YAML front matter →
 * read → lay out → PDF in memory, through the public mz_render_memory.
 * The first byte picks the options (justification, direction, digits,
 * PDF/A) as cmark's fuzzer does; the rest is the file.
 *
 * Every input must end in a status; the sanitizers catch crashes, leaks and
 * undefined behaviour, libFuzzer's -timeout and -rss_limit_mb catch hangs
 * and runaway memory.  Build and run with `bash fuzz/run.sh`. */
#include <stdint.h>
#include <stdlib.h>

#include <fontconfig/fontconfig.h>
#include <sanitizer/lsan_interface.h>

#include "mujaz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* fontconfig parses its configuration once per process and keeps (and
     * partly leaks) it for good; load it here with leak checking off so that
     * LeakSanitizer reports only what a render leaks. */
    __lsan_disable();
    FcInit();
    __lsan_enable();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    mz_options o;
    mz_options_init(&o);
    static const mz_justify J[] = {MZ_JUSTIFY_DEFAULT, MZ_JUSTIFY_SPACES, MZ_JUSTIFY_KASHIDA, MZ_JUSTIFY_NONE};
    static const mz_dir D[] = {MZ_DIR_DEFAULT, MZ_DIR_RTL, MZ_DIR_LTR, MZ_DIR_AUTO};
    o.justify = J[data[0] & 3];
    o.dir = D[(data[0] >> 2) & 3];
    o.digits = (mz_digits)((data[0] >> 4) % 3);
    o.pdfa = (data[0] >> 6) == 1 ? 1 : (data[0] >> 6) == 2 ? -1 : 0;
    data++;
    size--;
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    char err[1024];
    mz_status st = mz_render_memory((const char *)data, size, "fuzz.md", &o, &pdf, &pdf_len, err,
                                    sizeof err);
    /* the contract: a PDF exactly when the status is MZ_OK */
    if (st == MZ_OK && (!pdf || pdf_len < 8)) abort();
    if (st != MZ_OK && pdf) abort();
    /* an internal error is a bug by the library's own definition */
    if (st == MZ_ERR_INTERNAL) abort();
    free(pdf);
    return 0;
}
