/* render.c - the public entry points: read, lay out, write (atomically) or dump. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "font.h"
#include "layout.h"
#include "pdf.h"
#include "util.h"

#define MZ_MAX_INPUT (256u << 20) /* 256 MiB of source text: far past any briefing, bounds memory */

void mz_options_init(mz_options *opts) { memset(opts, 0, sizeof *opts); }

const char *mz_status_name(mz_status s)
{
    switch (s) {
    case MZ_OK: return "ok";
    case MZ_ERR_INPUT: return "input error";
    case MZ_ERR_USAGE: return "usage error";
    case MZ_ERR_FONT: return "font error";
    case MZ_ERR_OUTPUT: return "output error";
    case MZ_ERR_LIMIT: return "limit exceeded";
    case MZ_ERR_NOMEM: return "out of memory";
    case MZ_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

static void diag_init(mz_diag *d, const mz_options *o, char *buf, size_t len)
{
    memset(d, 0, sizeof *d);
    d->buf = buf;
    d->len = len;
    if (buf && len) buf[0] = 0;
    if (o) {
        d->warn = o->warn;
        d->warn_ud = o->warn_userdata;
        d->strict = o->strict;
    }
}

/* Reads a whole file (or stdin for "-"). */
static mz_status read_input(const char *path, char **data, size_t *len, mz_diag *d)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) return mz_fail(d, MZ_ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    if (!is_stdin) {
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            return mz_fail(d, MZ_ERR_INPUT, "%s: is a directory, not a document", path);
        }
    }
    mz_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > MZ_MAX_INPUT) {
            if (!is_stdin) fclose(f);
            mz_buf_free(&b);
            return mz_fail(d, MZ_ERR_LIMIT, "%s: larger than the 256 MiB input limit", path);
        }
        mz_buf_put(&b, chunk, n);
    }
    int err = ferror(f);
    if (!is_stdin) fclose(f);
    if (err) {
        mz_buf_free(&b);
        return mz_fail(d, MZ_ERR_INPUT, "%s: read error: %s", path, strerror(errno));
    }
    if (b.oom) {
        mz_buf_free(&b);
        return mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory reading the input", path);
    }
    *data = b.data ? b.data : calloc(1, 1);
    *len = b.len;
    return *data ? MZ_OK : mz_fail(d, MZ_ERR_NOMEM, "out of memory");
}

static long long source_date_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0) return -1;
    return v;
}

/* The whole pipeline.  With stage != NONE the dump goes to *dump and no PDF
 * is produced. */
static mz_status run(const char *name, const char *data, size_t len, const mz_options *opts,
                     mz_dump stage, mz_buf *dump, unsigned char **pdf, size_t *pdf_len, mz_diag *d)
{
    mz_doc doc = {0};
    mz_fonts fs;
    mz_layout L = {0};
    int fonts_ok = 0;
    mz_status st = mz_doc_read(&doc, name, data, len, d);
    if (!st) {
        st = mz_fonts_init(&fs, opts->font_dir, d);
        fonts_ok = st == MZ_OK;
    }
    if (!st) {
        if (stage == MZ_DUMP_RUNS) L.dump_runs = dump;
        if (stage == MZ_DUMP_GLYPHS) L.dump_glyphs = dump;
        if (stage == MZ_DUMP_LINES) L.dump_lines = dump;
        st = mz_layout_doc(&L, &doc, &fs, opts, d);
    }
    if (!st && stage == MZ_DUMP_PAGES) mz_layout_dump(&L, &fs, dump);
    if (!st && stage == MZ_DUMP_NONE) {
        mz_pdf_opts po = {0};
        po.epoch = source_date_epoch();
        po.pdfa = opts->pdfa ? opts->pdfa > 0 : doc.meta.pdfa > 0;
        st = mz_pdf_write(&L, &fs, &po, pdf, pdf_len, d);
    }
    if (!st && dump && dump->oom) st = mz_fail(d, MZ_ERR_NOMEM, "out of memory writing the dump");
    mz_layout_free(&L);
    if (fonts_ok) mz_fonts_free(&fs);
    mz_doc_free(&doc);
    return st;
}

/* Writes data to path atomically: a temporary file in the same directory,
 * flushed to disk, then renamed over the target.  On any failure the target
 * is untouched and the temporary file is removed. */
static mz_status write_atomic(const char *path, const unsigned char *data, size_t len, mz_diag *d)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: is a directory", path);
    char dirbuf[PATH_MAX], basebuf[PATH_MAX], tmp[PATH_MAX];
    snprintf(dirbuf, sizeof dirbuf, "%s", path);
    snprintf(basebuf, sizeof basebuf, "%s", path);
    const char *dir = dirname(dirbuf), *base = basename(basebuf);
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, base) >= sizeof tmp)
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: path too long", path);
    int fd = mkstemp(tmp);
    if (fd < 0) return mz_fail(d, MZ_ERR_OUTPUT, "%s: cannot create a file in %s: %s", path, dir,
                               strerror(errno));
    /* mkstemp makes the file 0600; give it the permissions a new file would get */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            unlink(tmp);
            return mz_fail(d, MZ_ERR_OUTPUT, "%s: write failed: %s", path, strerror(e));
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: cannot flush to disk: %s", path, strerror(e));
    }
    if (close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: close failed: %s", path, strerror(e));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: cannot rename into place: %s", path, strerror(e));
    }
    return MZ_OK;
}

static const char *display_name(const char *input) { return strcmp(input, "-") == 0 ? "<stdin>" : input; }

mz_status mz_render_file(const char *input, const char *output, const mz_options *opts, char *errbuf,
                         size_t errlen)
{
    mz_options defaults;
    mz_diag d;
    if (!opts) {
        mz_options_init(&defaults);
        opts = &defaults;
    }
    diag_init(&d, opts, errbuf, errlen);
    if (!input || !output) return mz_fail(&d, MZ_ERR_USAGE, "input and output are required");
    struct stat st;
    if (stat(output, &st) == 0 && S_ISDIR(st.st_mode))
        return mz_fail(&d, MZ_ERR_OUTPUT, "%s: is a directory", output);
    char *data = NULL;
    size_t len = 0;
    if (read_input(input, &data, &len, &d)) return d.status;
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    const char *name = display_name(input);
    /* stdin is Markdown unless told otherwise; the name only picks the reader */
    mz_status s = run(name, data, len, opts, MZ_DUMP_NONE, NULL, &pdf, &pdf_len, &d);
    free(data);
    if (!s) s = write_atomic(output, pdf, pdf_len, &d);
    free(pdf);
    return s;
}

mz_status mz_dump_file(const char *input, mz_dump stage, FILE *out, const mz_options *opts,
                       char *errbuf, size_t errlen)
{
    mz_options defaults;
    mz_diag d;
    if (!opts) {
        mz_options_init(&defaults);
        opts = &defaults;
    }
    diag_init(&d, opts, errbuf, errlen);
    if (stage == MZ_DUMP_NONE) return mz_fail(&d, MZ_ERR_USAGE, "no dump stage given");
    char *data = NULL;
    size_t len = 0;
    if (read_input(input, &data, &len, &d)) return d.status;
    mz_buf dump = {0};
    mz_status s = run(display_name(input), data, len, opts, stage, &dump, NULL, NULL, &d);
    free(data);
    if (!s && dump.len && fwrite(dump.data, 1, dump.len, out) != dump.len)
        s = mz_fail(&d, MZ_ERR_OUTPUT, "cannot write the dump: %s", strerror(errno));
    mz_buf_free(&dump);
    return s;
}

mz_status mz_render_memory(const char *data, size_t len, const char *name, const mz_options *opts,
                           unsigned char **pdf, size_t *pdf_len, char *errbuf, size_t errlen)
{
    mz_options defaults;
    mz_diag d;
    if (!opts) {
        mz_options_init(&defaults);
        opts = &defaults;
    }
    diag_init(&d, opts, errbuf, errlen);
    *pdf = NULL;
    *pdf_len = 0;
    if (len > MZ_MAX_INPUT) return mz_fail(&d, MZ_ERR_LIMIT, "%s: larger than the 256 MiB input limit", name);
    return run(name ? name : "<memory>", data, len, opts, MZ_DUMP_NONE, NULL, pdf, pdf_len, &d);
}
