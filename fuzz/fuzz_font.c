/* fuzz_font.c - libFuzzer target: font bytes → load (FreeType, HarfBuzz) →
 * shape → subset and embed in a PDF.
 *
 * mz_fonts_load takes a path, so each input is written to one temporary file
 * per process and given as the regular (and bold) face of a short fixed
 * Arabic document rendered through mz_render_memory.  Build and run with
 * `bash fuzz/run.sh`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <sanitizer/lsan_interface.h>

#include "mujaz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char font_path[4096];
static int font_fd = -1;

/* Arabic with joining, marks, a lam-alef ligature, digits, Latin, bold and a
 * table, so that shaping, fallback and the subsetter all see the face. */
static const char doc[] =
    "# عنوان التقرير\n"
    "\n"
    "بسم الله الرحمن الرحيم، **السلامُ عليكم** ورحمة الله وبركاته. "
    "لا إله إلا الله ١٢٣ 2024 Latin text *مائل*.\n"
    "\n"
    "| العمود | القيمة |\n"
    "| --- | --- |\n"
    "| أ | ٤٥ |\n";

static void cleanup(void)
{
    if (font_fd >= 0) close(font_fd);
    if (font_path[0]) unlink(font_path);
}

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
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    snprintf(font_path, sizeof font_path, "%s/mz-fuzz-font-XXXXXX.ttf", dir);
    font_fd = mkstemps(font_path, 4);
    if (font_fd < 0) {
        perror("fuzz_font: mkstemps");
        abort();
    }
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ftruncate(font_fd, 0) != 0) abort();
    size_t off = 0;
    while (off < size) {
        ssize_t w = pwrite(font_fd, data + off, size - off, (off_t)off);
        if (w <= 0) abort();
        off += (size_t)w;
    }
    mz_options o;
    mz_options_init(&o);
    o.font = font_path;
    o.bold_font = font_path;
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    char err[1024];
    mz_status st = mz_render_memory(doc, sizeof doc - 1, "fuzz-font.md", &o, &pdf, &pdf_len, err,
                                    sizeof err);
    if (st == MZ_OK && (!pdf || pdf_len < 8)) abort();
    if (st != MZ_OK && pdf) abort();
    if (st == MZ_ERR_INTERNAL) abort();
    free(pdf);
    return 0;
}
