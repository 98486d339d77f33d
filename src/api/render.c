/* render.c - the public entry points: read, lay out, write (atomically) or dump. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/dump.h"
#include "api/render_int.h"
#include "doc/doc.h"
#include "text/bidi.h"
#include "text/font.h"
#include "text/shape.h"
#include "layout/layout.h"
#include "util/outfile.h"
#include "pdf/pdf.h"
#include "util/util.h"

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
    if (is_stdin) path = "<stdin>"; /* for messages */
    if (!f) return mz_fail(d, errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_INPUT, "%s: cannot open: %s", path,
                           strerror(errno));
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

/* SOURCE_DATE_EPOCH's convention: decimal seconds since 1970.  *v = -1
 * (the current time) when S is NULL or empty; 0 when S is malformed, which
 * the convention says a build must not ignore. */
static int parse_epoch(const char *s, long long *v)
{
    *v = -1;
    if (!s || !*s) return 1;
    char *end;
    int saved = errno; /* an ENOMEM there is the render's witness (mz_errno_watch) */
    errno = 0;
    long long x = strtoll(s, &end, 10);
    int bad = errno || *end || x < 0 || !(*s >= '0' && *s <= '9');
    errno = saved;
    if (!bad) *v = x;
    return !bad;
}

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static int init_done;

mz_status mz_global_init(void)
{
    pthread_mutex_lock(&init_lock);
    if (!init_done && mz_markdown_ready()) {
        mz_shape_global_init();
        mz_bidi_init();
        init_done = 1;
    }
    int ok = init_done;
    pthread_mutex_unlock(&init_lock);
    return ok ? MZ_OK : MZ_ERR_NOMEM;
}

/* A long-lived renderer (mz_context): one FreeType library and the faces it
 * has loaded, with HarfBuzz's per-face shaping caches, kept across documents.
 * Not thread-safe: one context per thread. */
struct mz_context {
    mz_options opts;
    mz_fonts fs;
    int fs_ok;
    int base_n;                /* faces the warm-up loaded (the option-derived ones) */
    char **used;               /* files the last render read besides the document: */
    int nused, nfonts;         /* the fonts it embedded (the first nfonts), then images */
    size_t used_cap;
    int pages;                 /* of the last render */
};

/* The shared cache is reset when it has grown this far past its warm-up
 * faces (fallbacks of earlier documents); a document that still meets the
 * 64-face limit is set again with a fresh cache. */
#define MZ_CTX_SPARE_FACES 8

/* Loads the faces every document without font keys in its front matter will
 * ask for, in the order layout.c asks for them, so that a shared cache gives
 * them the same indices (and the PDF the same bytes) as a fresh one. */
static void ctx_warm(mz_context *c)
{
    const mz_options *o = &c->opts;
    const char *specs[4] = {
        o->font ? o->font : "Amiri-Regular.ttf",
        o->bold_font ? o->bold_font : o->font ? NULL : "Amiri-Bold.ttf",
        o->italic_font ? o->italic_font : o->font ? NULL : "Amiri-Slanted.ttf",
        o->font ? NULL : "Amiri-BoldSlanted.ttf",
    };
    c->fs_ok = 0;
    c->base_n = 0;
    mz_diag quiet = {0};
    if (mz_fonts_init(&c->fs, o->font_dir, &quiet)) return;
    c->fs_ok = 1;
    c->fs.no_word_cache = o->no_word_cache;
    /* A face that fails here leaves the others at other indices than a
     * fresh cache gives them: no shared cache then, and each document loads
     * its faces itself (and fails with its own message if one is bad; an
     * allocation that failed may not fail again). */
    static const int bold[4] = {0, 1, 0, 1}, italic[4] = {0, 0, 1, 1};
    for (int i = 0; i < 4; i++) {
        int k = 0;
        if (specs[i]) k = mz_fonts_load(&c->fs, specs[i], &quiet);
        else if (i < 3 || (!o->bold_font && !o->italic_font)) /* the family's own (layout.c's load_faces) */
            k = mz_fonts_load_style(&c->fs, o->font, bold[i], italic[i], &quiet);
        if (k == -1) {
            mz_fonts_free(&c->fs);
            c->fs_ok = 0;
            return;
        }
    }
    c->base_n = c->fs.n;
}

static void ctx_clear_used(mz_context *c)
{
    for (int i = 0; i < c->nused; i++) free(c->used[i]);
    c->nused = c->nfonts = 0;
    c->pages = 0;
}

mz_context *mz_context_new(const mz_options *opts)
{
    mz_context *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (opts) c->opts = *opts;
    else mz_options_init(&c->opts);
    ctx_warm(c);
    return c;
}

void mz_context_free(mz_context *c)
{
    if (!c) return;
    if (c->fs_ok) mz_fonts_free(&c->fs);
    ctx_clear_used(c);
    free(c->used);
    free(c);
}

int mz_context_font_count(const mz_context *c) { return c ? c->nfonts : 0; }

int mz_context_input_count(const mz_context *c) { return c ? c->nused : 0; }

const char *mz_context_input_path(const mz_context *c, int i)
{
    return c && i >= 0 && i < c->nused ? c->used[i] : NULL;
}

int mz_context_pages(const mz_context *c) { return c ? c->pages : 0; }

const char *mz_context_font_path(const mz_context *c, int i)
{
    return c && i >= 0 && i < c->nfonts ? c->used[i] : NULL;
}

/* Adds FILE (already absolute for fonts; resolved for images) to what CTX's
 * render read, once. */
static int ctx_add_input(mz_context *ctx, const char *file, int resolve)
{
    char *p = resolve ? realpath(file, NULL) : strdup(file);
    if (!p) return resolve && errno != ENOMEM; /* an image that went away: nothing to watch */
    for (int i = 0; i < ctx->nused; i++)
        if (!strcmp(ctx->used[i], p)) {
            free(p);
            return 1;
        }
    if (!mz_grow((void **)&ctx->used, &ctx->used_cap, (size_t)ctx->nused + 1, sizeof *ctx->used)) {
        free(p);
        return 0;
    }
    ctx->used[ctx->nused++] = p;
    return 1;
}

/* The fonts whose glyphs the PDF embeds, then its images, the data files
 * of its ```table and ```chart blocks and its theme:
 * what mujaz build watches for changes. */
static mz_status record_inputs(mz_context *ctx, const mz_doc *doc, const mz_layout *L, const mz_fonts *fs,
                               const unsigned char *used, mz_diag *d)
{
    for (int i = 0; i < fs->n; i++)
        if (used[i] && !ctx_add_input(ctx, fs->fonts[i]->path, 0)) return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    ctx->nfonts = ctx->nused;
    for (size_t i = 0; i < doc->nblocks; i++)
        if ((doc->blocks[i].type == MZ_BLOCK_IMAGE || doc->blocks[i].src) && /* images, data files */
            !ctx_add_input(ctx, doc->blocks[i].src, 1))
            return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    if (doc->meta.logo && !ctx_add_input(ctx, doc->meta.logo, 1)) return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    if (L->theme_path && !ctx_add_input(ctx, L->theme_path, 1)) /* a changed theme re-renders */
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    return MZ_OK;
}


/* Marks in used[] (fs->n entries) the faces whose glyphs the PDF will embed. */
static void mark_used(const mz_layout *L, const mz_fonts *fs, unsigned char *used)
{
    /* layout records the faces its glyph items use (pages may be gone) */
    memset(used, 0, MZ_MAX_FONTS);
    for (int i = 0; i < fs->n && i < MZ_MAX_FONTS; i++) used[i] = L->font_used[i];
}

/* The PDF embeds faces in index order.  A fresh cache numbers them in the
 * order the document first asks for them: the warm-up faces first, then
 * fallbacks.  A shared cache agrees unless two or more fallback faces are
 * used and one was loaded by an earlier document. */
static int same_order_as_fresh(const unsigned char *used, int n, int base_n, int n_before)
{
    int extra = 0, old = 0;
    for (int i = base_n; i < n; i++)
        if (used[i]) {
            extra++;
            if (i < n_before) old = 1;
        }
    return !(extra >= 2 && old);
}

/* Warnings of an attempt that may be thrown away are held back. */
static void hold_warning(void *ud, const char *msg)
{
    mz_buf *b = ud;
    mz_buf_put(b, msg, strlen(msg) + 1);
}

/* Lays DOC out with the faces in FS and writes the PDF (or the dump); a
 * fresh set (n_before < 0) frees DOC's blocks before the file's end.  With
 * ctx, records the faces used; with n_before >= 0 (FS is ctx's shared cache)
 * sets *retry instead of writing when a fresh cache would order the faces
 * differently. */
static mz_status typeset(mz_doc *doc, mz_fonts *fs, const mz_options *opts, mz_dump stage,
                         mz_buf *dump, unsigned char **pdf, size_t *pdf_len, mz_out *out,
                         mz_context *ctx, int n_before, int *retry, mz_diag *d)
{
    mz_layout L = {0};
    mz_pdf_writer *pw = NULL;
    mz_status st = MZ_OK;
    mz_lay_watch watch = mz_dump_watch(stage, dump);
    if (watch.para || watch.lines) L.watch = &watch;
    if (stage == MZ_DUMP_NONE) {
        /* pages go to the PDF as layout finishes them: memory holds one page */
        st = mz_pdf_begin(&pw, fs, d);
        L.sink = mz_pdf_page;
        L.sink_ud = pw;
    }
    if (!st) st = mz_layout_doc(&L, doc, fs, opts, d);
    if (!st && ctx) {
        unsigned char used[MZ_MAX_FONTS];
        mark_used(&L, fs, used);
        if (n_before >= 0 && !same_order_as_fresh(used, fs->n, ctx->base_n, n_before)) {
            *retry = 1;
            mz_layout_free(&L);
            mz_pdf_free(pw);
            return MZ_OK;
        }
        ctx_clear_used(ctx);
        ctx->pages = (int)L.npages;
        st = record_inputs(ctx, doc, &L, fs, used, d);
    }
    if (!st && stage == MZ_DUMP_PAGES) mz_dump_pages(dump, &L, fs);
    if (!st && stage == MZ_DUMP_NONE) {
        mz_pdf_opts po = {0};
        parse_epoch(opts->source_date_epoch, &po.epoch); /* checked by run() */
        po.pdfa = opts->pdfa ? opts->pdfa > 0 : doc->meta.pdfa > 0;
        po.out = out; /* straight into the output (its temporary file) */
        /* the blocks are not read again (the layout points at their texts,
         * which stay), and the file's end is when memory peaks -- unless a
         * limit met from here on sets the document again with fresh faces */
        if (n_before < 0) mz_doc_drop_blocks(doc);
        st = mz_pdf_end(pw, &L, &po, pdf, pdf_len);
    }
    if (!st && dump && dump->oom) st = mz_fail(d, MZ_ERR_NOMEM, "out of memory writing the dump");
    mz_pdf_free(pw);
    mz_layout_free(&L);
    return st;
}

/* Typesets with CTX's shared cache.  Returns 0 and sets *retry when the
 * document must be set with a fresh cache instead (see same_order_as_fresh;
 * or it met the face limit, which a fresh cache meets later).  The memo of
 * fallbacks is per document, so that each document warns about its own
 * missing glyphs. */
static mz_status typeset_shared(mz_doc *doc, mz_context *ctx, unsigned char **pdf,
                                size_t *pdf_len, mz_out *out, int *retry, mz_diag *d)
{
    mz_fonts *fs = &ctx->fs;
    if (fs->n > ctx->base_n + MZ_CTX_SPARE_FACES) {
        mz_fonts_free(fs);
        ctx_warm(ctx);
        if (!ctx->fs_ok) return *retry = 1, MZ_OK;
    }
    free(fs->fb_keys);
    free(fs->fb_vals);
    fs->fb_keys = NULL;
    fs->fb_vals = NULL;
    fs->fb_cap = fs->fb_n = 0;

    mz_buf held = {0};
    mz_diag hd = *d;
    hd.warn = hold_warning;
    hd.warn_ud = &held;
    mz_status st = typeset(doc, fs, &ctx->opts, MZ_DUMP_NONE, NULL, pdf, pdf_len, out, ctx,
                           fs->n, retry, &hd);
    if (st == MZ_ERR_LIMIT) *retry = 1;
    if (*retry) {
        free(*pdf);
        *pdf = NULL;
        *pdf_len = 0;
        if (d->buf && d->len) d->buf[0] = 0;
        mz_buf_free(&held);
        return MZ_OK;
    }
    /* the attempt stands: pass its warnings on, in order */
    for (size_t off = 0; off < held.len; off += strlen(held.data + off) + 1)
        if (d->warn) d->warn(d->warn_ud, held.data + off);
    d->status = hd.status;
    d->nwarnings = hd.nwarnings;
    mz_buf_free(&held);
    return st;
}

/* The whole pipeline.  With stage != NONE the dump goes to *dump and no PDF
 * is produced.  With ctx, its cached faces are used where that gives the same
 * PDF as fresh ones (documents naming fonts in their front matter get fresh
 * ones), and ctx records the faces the PDF embeds. */
/* The pipeline.  The PDF goes to out_path when given, else to *pdf.  When
 * owned is set, the input is freed as soon as it is parsed (the document
 * holds its own copy of the text). */
static mz_status run(const char *name, const char *data, size_t len, char *owned,
                     const mz_options *opts, mz_dump stage, mz_buf *dump, unsigned char **pdf,
                     size_t *pdf_len, mz_out *out, mz_context *ctx, mz_diag *d)
{
    long long epoch;
    mz_status st = MZ_OK;
    if (!parse_epoch(opts->source_date_epoch, &epoch))
        st = mz_fail(d, MZ_ERR_USAGE, "SOURCE_DATE_EPOCH \"%.40s\" is not a number of seconds since 1970",
                     opts->source_date_epoch);
    else if (mz_global_init() != MZ_OK)
        st = mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    if (st) {
        free(owned);
        return st;
    }
    mz_doc doc = {0};
    /* HarfBuzz, fontconfig and FreeType carry on when an allocation fails,
     * with a table or a lookup they could not load left out: the document
     * would come out different.  malloc sets errno; nothing resets it. */
    errno = 0;
    st = mz_doc_read(&doc, name, data, len, d);
    free(owned);
    if (st) {
        mz_doc_free(&doc);
        return st;
    }
    if (stage == MZ_DUMP_DOC) { /* the model as read: no fonts, no layout */
        mz_dump_doc(dump, &doc);
        mz_doc_free(&doc);
        return dump->oom ? mz_fail(d, MZ_ERR_NOMEM, "out of memory writing the dump") : MZ_OK;
    }
    int retry = 1;
    if (ctx) {
        ctx_clear_used(ctx);
        if (ctx->fs_ok && !doc.meta.font && !doc.meta.bold_font && !doc.meta.italic_font) {
            retry = 0;
            st = typeset_shared(&doc, ctx, pdf, pdf_len, out, &retry, d);
        }
    }
    if (retry) {
        mz_fonts fs;
        st = mz_fonts_init(&fs, opts->font_dir, d);
        fs.no_word_cache = opts->no_word_cache;
        if (!st) {
            st = typeset(&doc, &fs, opts, stage, dump, pdf, pdf_len, out, ctx, -1, &retry, d);
            mz_fonts_free(&fs);
        }
    }
    mz_doc_free(&doc);
    if (!st && errno == ENOMEM) st = mz_fail(d, MZ_ERR_NOMEM, "%s: out of memory (in a library)", name);
    /* a face HarfBuzz could not finish loading stays broken, and words
     * shaped meanwhile are in the cache: the next document gets new ones */
    if (ctx && ctx->fs_ok && (st == MZ_ERR_NOMEM || st == MZ_ERR_INTERNAL)) {
        mz_fonts_free(&ctx->fs);
        ctx_warm(ctx);
    }
    return st;
}

/* Every public entry point: default options when none are given, and a
 * diagnostics record writing into the caller's buffer. */
static const mz_options *entry(const mz_options *opts, mz_options *defaults, mz_diag *d,
                               char *errbuf, size_t errlen)
{
    if (!opts) {
        mz_options_init(defaults);
        opts = defaults;
    }
    diag_init(d, opts, errbuf, errlen);
    return opts;
}

static const char *display_name(const char *input) { return strcmp(input, "-") == 0 ? "<stdin>" : input; }

/* Renders INPUT into OUTPUT.  With HELD, a complete output is not committed
 * but handed back (*HELD, the caller's to commit and free): a batch
 * commits on another thread while the next document renders. */
static mz_status render_file(const char *input, const char *output, const mz_options *opts,
                             mz_context *ctx, mz_out **held, char *errbuf, size_t errlen)
{
    mz_options defaults;
    mz_diag d;
    opts = entry(opts, &defaults, &d, errbuf, errlen);
    if (!input || !output) return mz_fail(&d, MZ_ERR_USAGE, "input and output are required");
    /* a closed standard input would be the descriptor the output gets */
    if (strcmp(input, "-") == 0 && fcntl(STDIN_FILENO, F_GETFD) < 0)
        return mz_fail(&d, MZ_ERR_INPUT, "<stdin>: standard input is closed");
    /* the output first: refused outputs (the input itself, a directory, a
     * FIFO nobody reads) are found before any work */
    mz_out *out = malloc(sizeof *out);
    if (!out) return mz_fail(&d, MZ_ERR_NOMEM, "out of memory");
    if (mz_out_open(out, output, input, &d)) {
        free(out);
        return d.status;
    }
    char *data = NULL;
    size_t len = 0;
    unsigned char *pdf = NULL; /* stays NULL: the PDF goes into out */
    size_t pdf_len = 0;
    mz_status s = read_input(input, &data, &len, &d);
    /* stdin is Markdown unless told otherwise; the name only picks the reader */
    if (!s) s = run(display_name(input), data, len, data, opts, MZ_DUMP_NONE, NULL, &pdf, &pdf_len, out, ctx, &d);
    if (s) mz_out_abort(out);
    else if (held) {
        *held = out;
        return MZ_OK;
    } else s = mz_out_commit(out, &d);
    free(out);
    return s;
}

void mz_remove_temporaries(void) { mz_out_remove_all(); }

mz_status mz_render_file(const char *input, const char *output, const mz_options *opts, char *errbuf,
                         size_t errlen)
{
    return render_file(input, output, opts, NULL, NULL, errbuf, errlen);
}

mz_status mz_render_file_ctx(mz_context *ctx, const char *input, const char *output, char *errbuf,
                             size_t errlen)
{
    if (!ctx) {
        if (errbuf && errlen) snprintf(errbuf, errlen, "no context given");
        return MZ_ERR_USAGE;
    }
    return render_file(input, output, &ctx->opts, ctx, NULL, errbuf, errlen);
}

mz_status mz_render_file_held(mz_context *ctx, const char *input, const char *output, mz_out **held,
                              char *errbuf, size_t errlen)
{
    *held = NULL;
    return render_file(input, output, &ctx->opts, ctx, held, errbuf, errlen);
}

mz_status mz_dump_file(const char *input, mz_dump stage, FILE *out, const mz_options *opts,
                       char *errbuf, size_t errlen)
{
    mz_options defaults;
    mz_diag d;
    opts = entry(opts, &defaults, &d, errbuf, errlen);
    if (stage == MZ_DUMP_NONE) return mz_fail(&d, MZ_ERR_USAGE, "no dump stage given");
    char *data = NULL;
    size_t len = 0;
    if (read_input(input, &data, &len, &d)) return d.status;
    mz_buf dump = {0};
    mz_status s = run(display_name(input), data, len, data, opts, stage, &dump, NULL, NULL, NULL,
                      NULL, &d); /* run frees data once parsed */
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
    opts = entry(opts, &defaults, &d, errbuf, errlen);
    *pdf = NULL;
    *pdf_len = 0;
    if (len > MZ_MAX_INPUT) return mz_fail(&d, MZ_ERR_LIMIT, "%s: larger than the 256 MiB input limit", name);
    return run(name ? name : "<memory>", data, len, NULL, opts, MZ_DUMP_NONE, NULL, pdf, pdf_len,
               NULL, NULL, &d);
}
