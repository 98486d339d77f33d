/* batch.c - many documents in one process: worker threads, each with its own
 * font cache, skipping outputs that are up to date (.mujaz-deps files). */
#include <errno.h>
#include <hb.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc/doc.h"
#include "util/outfile.h"
#include "util/util.h"

#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

#define MZ_DEPS_FILE ".mujaz-deps"
#define MZ_DEPS_HEADER "# mujaz build dependencies: output, options, input, fonts (tab-separated)\n"

/* One line of a dependency file: an output (its name within the directory),
 * the fingerprint of the options it was rendered with, and the files it was
 * made from (the input first, then the fonts), all absolute. */
typedef struct mz_dep {
    char *name;
    char *opts;
    char **files;
    int nfiles;
} mz_dep;

/* One output directory and its dependency file. */
typedef struct mz_depdir {
    char *path;
    mz_dep *deps;   /* sorted by name */
    size_t n, cap;
    int changed;
} mz_depdir;

/* What the batch knows about one job. */
typedef struct mz_jobinfo {
    size_t dir;        /* index into the directories */
    char *key;         /* canonical output path: directory + name */
    const char *name;  /* within key */
    char *input_real;  /* NULL when the input cannot be resolved */
    mz_dep fresh;      /* after a successful render: its new entry */
    char *error;       /* after a failure: the message */
} mz_jobinfo;

typedef struct mz_batch {
    mz_batch_job *jobs;
    size_t n;
    mz_jobinfo *info;
    mz_depdir *dirs;
    size_t ndirs;
    const mz_options *opts;
    const mz_batch_options *bo;
    char fingerprint[17];
    pthread_mutex_t lock; /* guards next, done, the counters and every callback */
    size_t next, done;
    mz_batch_summary sum;
} mz_batch;

typedef struct mz_worker {
    mz_batch *b;
    const char *input; /* the document being rendered, for warnings */
    pthread_t thread;
} mz_worker;

/* ---- dependency files -------------------------------------------------------- */

static void dep_free(mz_dep *e)
{
    free(e->name);
    free(e->opts);
    for (int i = 0; i < e->nfiles; i++) free(e->files[i]);
    free(e->files);
    memset(e, 0, sizeof *e);
}

static int dep_cmp(const void *a, const void *b)
{
    return strcmp(((const mz_dep *)a)->name, ((const mz_dep *)b)->name);
}

/* Paths may hold any byte but NUL; tab, newline and backslash are escaped. */
static void put_escaped(mz_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\') mz_buf_puts(b, "\\\\");
        else if (*s == '\t') mz_buf_puts(b, "\\t");
        else if (*s == '\n') mz_buf_puts(b, "\\n");
        else mz_buf_put(b, s, 1);
    }
}

/* Unescapes the field [p, end) into a new string. */
static char *get_field(const char *p, const char *end)
{
    char *out = malloc((size_t)(end - p) + 1), *o = out;
    if (!out) return NULL;
    for (; p < end; p++) {
        if (*p == '\\' && p + 1 < end) {
            p++;
            *o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return out;
}

/* Parses one line into e; 0 when the line is not an entry. */
static int parse_line(const char *p, const char *end, mz_dep *e)
{
    memset(e, 0, sizeof *e);
    if (p == end || *p == '#') return 0;
    size_t nf = 1;
    for (const char *q = p; q < end; q++) nf += *q == '\t';
    if (nf < 3) return 0; /* name, options, input at least */
    char **fields = calloc(nf, sizeof *fields);
    if (!fields) return 0;
    size_t k = 0;
    for (const char *q = p;; q++)
        if (q == end || *q == '\t') {
            fields[k++] = get_field(p, q);
            p = q + 1;
            if (q == end) break;
        }
    int ok = 1;
    for (size_t i = 0; i < nf; i++) ok &= fields[i] && fields[i][0];
    if (!ok) {
        for (size_t i = 0; i < nf; i++) free(fields[i]);
        free(fields);
        return 0;
    }
    e->name = fields[0];
    e->opts = fields[1];
    e->files = fields;
    memmove(fields, fields + 2, (nf - 2) * sizeof *fields);
    e->nfiles = (int)(nf - 2);
    return 1;
}

/* Reads DIR/.mujaz-deps; a missing or unreadable file is an empty one (every
 * output in the directory is then rendered). */
static void deps_load(mz_depdir *dd)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/" MZ_DEPS_FILE, dd->path) >= sizeof path) return;
    FILE *f = fopen(path, "rb");
    if (!f) return;
    mz_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) mz_buf_put(&b, chunk, got);
    fclose(f);
    if (b.oom) {
        mz_buf_free(&b);
        return;
    }
    for (size_t i = 0; i < b.len;) {
        const char *p = b.data + i, *nl = memchr(p, '\n', b.len - i);
        const char *end = nl ? nl : b.data + b.len;
        mz_dep e;
        if (parse_line(p, end, &e)) {
            if (mz_grow((void **)&dd->deps, &dd->cap, dd->n + 1, sizeof *dd->deps)) dd->deps[dd->n++] = e;
            else dep_free(&e);
        }
        i = (size_t)(end - b.data) + 1;
    }
    mz_buf_free(&b);
    qsort(dd->deps, dd->n, sizeof *dd->deps, dep_cmp);
    /* a hand-edited file may repeat a name: keep the last */
    size_t k = 0;
    for (size_t i = 0; i < dd->n; i++) {
        if (k && strcmp(dd->deps[k - 1].name, dd->deps[i].name) == 0) dep_free(&dd->deps[--k]);
        dd->deps[k++] = dd->deps[i];
    }
    dd->n = k;
}

static mz_dep *deps_find(mz_depdir *dd, const char *name)
{
    mz_dep key = {.name = (char *)name};
    return dd->n ? bsearch(&key, dd->deps, dd->n, sizeof *dd->deps, dep_cmp) : NULL;
}

/* Writes the directory's dependency file through a temporary file and a
 * rename, so that a reader never sees half of it. */
static mz_status deps_save(mz_depdir *dd, mz_diag *d)
{
    mz_buf b = {0};
    mz_buf_puts(&b, MZ_DEPS_HEADER);
    for (size_t i = 0; i < dd->n; i++) {
        const mz_dep *e = &dd->deps[i];
        put_escaped(&b, e->name);
        mz_buf_puts(&b, "\t");
        mz_buf_puts(&b, e->opts);
        for (int k = 0; k < e->nfiles; k++) {
            mz_buf_puts(&b, "\t");
            put_escaped(&b, e->files[k]);
        }
        mz_buf_puts(&b, "\n");
    }
    char path[PATH_MAX];
    if (b.oom) {
        mz_buf_free(&b);
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory writing %s/" MZ_DEPS_FILE, dd->path);
    }
    if ((size_t)snprintf(path, sizeof path, "%s/" MZ_DEPS_FILE, dd->path) >= sizeof path) {
        mz_buf_free(&b);
        return mz_fail(d, MZ_ERR_OUTPUT, "%s/" MZ_DEPS_FILE ": path too long", dd->path);
    }
    /* the same atomic write as the PDFs: fsynced, renamed, directory flushed */
    mz_status st = mz_out_file(path, b.data, b.len, d);
    mz_buf_free(&b);
    return st;
}

/* Replaces (or adds) the entry of a freshly rendered output; takes e. */
static int deps_put(mz_depdir *dd, mz_dep *e)
{
    mz_dep *old = deps_find(dd, e->name);
    if (old) {
        dep_free(old);
        *old = *e;
    } else {
        if (!mz_grow((void **)&dd->deps, &dd->cap, dd->n + 1, sizeof *dd->deps)) return 0;
        dd->deps[dd->n++] = *e;
        qsort(dd->deps, dd->n, sizeof *dd->deps, dep_cmp);
    }
    memset(e, 0, sizeof *e);
    dd->changed = 1;
    return 1;
}

/* ---- up to date? --------------------------------------------------------------- */

/* Everything besides the files that decides the PDF's bytes: a different
 * fingerprint re-renders. */
static void fingerprint(const mz_options *o, char out[17])
{
    mz_buf b = {0};
    const char *fd = o->font_dir ? o->font_dir : getenv("MUJAZ_FONT_DIR") ? getenv("MUJAZ_FONT_DIR") : MZ_FONT_DIR;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    mz_buf_printf(&b, "mujaz %s\nfont %s\nbold %s\nitalic %s\nfont_dir %s\nsize %.17g\n", MZ_VERSION,
                  o->font ? o->font : "", o->bold_font ? o->bold_font : "",
                  o->italic_font ? o->italic_font : "", fd, o->font_size);
    mz_buf_printf(&b, "dir %d\njustify %d\ndigits %d\nstrict %d\npdfa %d\nepoch %s\n", (int)o->dir,
                  (int)o->justify, (int)o->digits, o->strict, o->pdfa, sde ? sde : "");
    /* relative font names resolve against the working directory */
    mz_buf_printf(&b, "theme %s\n", o->theme ? o->theme : "");
    const char *rel[] = {o->font, o->bold_font, o->italic_font, fd, o->theme};
    for (int i = 0; i < 5; i++)
        if (rel[i] && rel[i][0] != '/') {
            char cwd[PATH_MAX];
            if (getcwd(cwd, sizeof cwd)) mz_buf_printf(&b, "cwd %s\n", cwd);
            break;
        }
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    for (size_t i = 0; i < b.len; i++) h = (h ^ (unsigned char)b.data[i]) * 1099511628211ull;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
    mz_buf_free(&b);
}

static int older(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static int up_to_date(mz_batch *b, size_t i)
{
    mz_jobinfo *ji = &b->info[i];
    struct stat out, st;
    if (!ji->input_real || stat(b->jobs[i].output, &out) != 0 || !S_ISREG(out.st_mode)) return 0;
    const mz_dep *e = deps_find(&b->dirs[ji->dir], ji->name);
    if (!e || strcmp(e->opts, b->fingerprint) != 0 || strcmp(e->files[0], ji->input_real) != 0) return 0;
    for (int k = 0; k < e->nfiles; k++)
        if (stat(e->files[k], &st) != 0 || !older(&st.st_mtim, &out.st_mtim)) return 0;
    return 1;
}

/* ---- workers ---------------------------------------------------------------- */

/* Does MSG already begin with "INPUT:"? Then it is not prefixed again. */
static int names_input(const char *msg, const char *input)
{
    size_t n = strlen(input);
    return strncmp(msg, input, n) == 0 && msg[n] == ':';
}

static void worker_warn(void *ud, const char *msg)
{
    mz_worker *w = ud;
    const mz_options *o = w->b->opts;
    if (!o->warn) return;
    char line[1400];
    if (names_input(msg, w->input)) snprintf(line, sizeof line, "%s", msg);
    else snprintf(line, sizeof line, "%s: %s", w->input, msg);
    pthread_mutex_lock(&w->b->lock);
    o->warn(o->warn_userdata, line);
    pthread_mutex_unlock(&w->b->lock);
}

static void emit(mz_batch *b, mz_batch_state state, size_t i, const char *message)
{
    /* called with the lock held */
    if (!b->bo->progress) return;
    mz_batch_event ev = {state, &b->jobs[i], b->done, b->n, message};
    b->bo->progress(b->bo->progress_userdata, &ev);
}

/* The new dependency entry of a rendered job: the input, then the fonts. */
static mz_status record(mz_batch *b, size_t i, mz_context *ctx)
{
    mz_jobinfo *ji = &b->info[i];
    mz_dep *e = &ji->fresh;
    int nf = mz_context_font_count(ctx);
    e->name = strdup(ji->name);
    e->opts = strdup(b->fingerprint);
    e->files = calloc((size_t)nf + 1, sizeof *e->files);
    if (!e->name || !e->opts || !e->files || !ji->input_real) goto fail;
    e->files[e->nfiles++] = strdup(ji->input_real);
    for (int k = 0; k < nf; k++) e->files[e->nfiles++] = strdup(mz_context_font_path(ctx, k));

    /* and the theme, last: a changed theme re-renders */
    const char *theme = mz_context_theme_path(ctx);
    char **grown = theme ? realloc(e->files, (size_t)(nf + 2) * sizeof *e->files) : e->files;
    if (!grown) goto fail;
    e->files = grown;
    if (theme) e->files[e->nfiles++] = realpath(theme, NULL);
    for (int k = 0; k < e->nfiles; k++)
        if (!e->files[k]) goto fail;
    return MZ_OK;
fail:
    dep_free(e);
    return MZ_ERR_NOMEM; /* the output stands; it is only not recorded */
}

static void *worker_main(void *arg)
{
    mz_worker *w = arg;
    mz_batch *b = w->b;
    mz_options o = *b->opts;
    o.warn = worker_warn;
    o.warn_userdata = w;
    mz_context *ctx = mz_context_new(&o);
    char err[1024];
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next < b->n ? b->next++ : b->n;
        if (i < b->n) emit(b, MZ_BATCH_STARTED, i, NULL);
        pthread_mutex_unlock(&b->lock);
        if (i >= b->n) break;
        mz_batch_job *job = &b->jobs[i];
        w->input = job->input;
        int skip = !b->bo->force && up_to_date(b, i);
        mz_status st = MZ_OK;
        err[0] = 0;
        if (!skip) {
            if (!ctx) {
                st = MZ_ERR_NOMEM;
                snprintf(err, sizeof err, "out of memory");
            } else {
                st = mz_render_file_ctx(ctx, job->input, job->output, err, sizeof err);
                if (!st) record(b, i, ctx);
            }
        }
        job->status = st;
        job->up_to_date = skip;
        if (st) b->info[i].error = strdup(err[0] ? err : mz_status_name(st));
        pthread_mutex_lock(&b->lock);
        b->done++;
        if (st) b->sum.failed++;
        else if (skip) b->sum.up_to_date++;
        else b->sum.rendered++;
        emit(b, st ? MZ_BATCH_FAILED : skip ? MZ_BATCH_UP_TO_DATE : MZ_BATCH_RENDERED, i,
             st ? (err[0] ? err : mz_status_name(st)) : NULL);
        pthread_mutex_unlock(&b->lock);
    }
    mz_context_free(ctx);
    return NULL;
}

/* ---- setup -------------------------------------------------------------------- */

static int key_cmp(const void *a, const void *b)
{
    const mz_jobinfo *x = *(mz_jobinfo *const *)a, *y = *(mz_jobinfo *const *)b;
    return strcmp(x->key, y->key);
}

/* Resolves each job's output directory (grouping the jobs by it), its name
 * and its input; fails on two jobs writing one file. */
static mz_status prepare(mz_batch *b, mz_diag *d)
{
    for (size_t i = 0; i < b->n; i++) {
        mz_batch_job *job = &b->jobs[i];
        mz_jobinfo *ji = &b->info[i];
        if (!job->input || !job->output)
            return mz_fail(d, MZ_ERR_USAGE, "job %zu: input and output are required", i + 1);
        if (strcmp(job->input, "-") == 0)
            return mz_fail(d, MZ_ERR_USAGE, "a batch cannot read standard input");
        char dbuf[PATH_MAX], bbuf[PATH_MAX], real[PATH_MAX];
        snprintf(dbuf, sizeof dbuf, "%s", job->output);
        snprintf(bbuf, sizeof bbuf, "%s", job->output);
        const char *dir = dirname(dbuf), *base = basename(bbuf);
        if (realpath(dir, real)) dir = real;
        size_t dl = strlen(dir), bl = strlen(base);
        ji->key = malloc(dl + bl + 2);
        if (!ji->key) return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
        memcpy(ji->key, dir, dl);
        ji->key[dl] = 0;
        ji->name = ji->key + dl + 1;
        memcpy(ji->key + dl + 1, base, bl + 1);
        /* one directory entry per distinct directory */
        size_t k = 0;
        while (k < b->ndirs && strcmp(b->dirs[k].path, ji->key) != 0) k++;
        if (k == b->ndirs) {
            mz_depdir *nd = realloc(b->dirs, (b->ndirs + 1) * sizeof *nd);
            if (!nd) return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
            b->dirs = nd;
            memset(&nd[k], 0, sizeof nd[k]);
            if (!(nd[k].path = strdup(ji->key))) return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
            b->ndirs++;
            deps_load(&nd[k]);
        }
        ji->dir = k;
        ji->key[dl] = '/';
        if (realpath(job->input, real)) ji->input_real = strdup(real);
    }
    mz_jobinfo **sorted = malloc((b->n ? b->n : 1) * sizeof *sorted);
    if (!sorted) return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < b->n; i++) sorted[i] = &b->info[i];
    qsort(sorted, b->n, sizeof *sorted, key_cmp);
    mz_status st = MZ_OK;
    for (size_t i = 1; i < b->n && !st; i++)
        if (strcmp(sorted[i - 1]->key, sorted[i]->key) == 0)
            st = mz_fail(d, MZ_ERR_USAGE, "%s and %s would both write %s",
                         b->jobs[sorted[i - 1] - b->info].input, b->jobs[sorted[i] - b->info].input,
                         sorted[i]->key);
    free(sorted);
    return st;
}

mz_status mz_render_batch(mz_batch_job *jobs, size_t n, const mz_options *opts,
                          const mz_batch_options *bopts, mz_batch_summary *summary, char *errbuf,
                          size_t errlen)
{
    mz_options defaults;
    mz_batch_options bdefaults = {0};
    if (!opts) {
        mz_options_init(&defaults);
        opts = &defaults;
    }
    mz_diag d = {0};
    d.buf = errbuf;
    d.len = errlen;
    if (errbuf && errlen) errbuf[0] = 0;
    mz_batch b = {0};
    b.jobs = jobs;
    b.n = n;
    b.opts = opts;
    b.bo = bopts ? bopts : &bdefaults;
    b.sum.total = n;
    fingerprint(opts, b.fingerprint);
    for (size_t i = 0; i < n; i++) {
        jobs[i].status = MZ_OK;
        jobs[i].up_to_date = 0;
    }
    b.info = calloc(n ? n : 1, sizeof *b.info);
    mz_status st = b.info ? prepare(&b, &d) : mz_fail(&d, MZ_ERR_NOMEM, "out of memory");

    if (!st) {
        pthread_mutex_init(&b.lock, NULL);
        int nw = b.bo->jobs > 1 ? b.bo->jobs : 1;
        if ((size_t)nw > n) nw = n ? (int)n : 1;
        mz_worker *ws = calloc((size_t)nw, sizeof *ws);
        if (!ws) st = mz_fail(&d, MZ_ERR_NOMEM, "out of memory");
        if (!st && n == 0) {
            /* nothing to do */
        } else if (!st && nw > 1 && !mz_markdown_ready()) {
            /* cmark-gfm registers its extensions lazily and unguarded: done
             * before there are threads.  fontconfig (since 2.10) and HarfBuzz
             * initialise lazily but thread-safely; FcInit here would load
             * fontconfig's configuration (and its one-off leak) for batches
             * that never need a fallback font. */
            st = mz_fail(&d, MZ_ERR_NOMEM, "out of memory");
        } else if (!st && nw > 1) {
            /* HarfBuzz interns language tags lock-free; interning the default
             * one here keeps ThreadSanitizer (blind to HarfBuzz's atomics)
             * quiet in the common case. */
            hb_language_from_string("ar", -1);
            int started = 0;
            for (int k = 0; k < nw; k++) {
                ws[k].b = &b;
                if (pthread_create(&ws[k].thread, NULL, worker_main, &ws[k]) == 0) started++;
                else ws[k].b = NULL;
            }
            if (!started) { /* no threads to be had: do the work here */
                ws[0].b = &b;
                worker_main(&ws[0]);
            }
            for (int k = 0; k < nw; k++)
                if (ws[k].b && started) pthread_join(ws[k].thread, NULL);
        } else if (!st) {
            ws[0].b = &b;
            worker_main(&ws[0]);
        }
        free(ws);
        pthread_mutex_destroy(&b.lock);

        /* the first failure in job order decides the status, whatever the scheduling */
        for (size_t i = 0; i < n && !st; i++)
            if (jobs[i].status) {
                const char *msg = b.info[i].error ? b.info[i].error : mz_status_name(jobs[i].status);
                st = jobs[i].status;
                if (names_input(msg, jobs[i].input))
                    mz_fail(&d, st, "%zu of %zu documents failed; first: %s", b.sum.failed, n, msg);
                else
                    mz_fail(&d, st, "%zu of %zu documents failed; first: %s: %s", b.sum.failed, n,
                            jobs[i].input, msg);
            }
        for (size_t i = 0; i < n; i++)
            if (b.info[i].fresh.name) deps_put(&b.dirs[b.info[i].dir], &b.info[i].fresh);
        /* a dependency file that cannot be written only costs renders next time,
         * but is reported when nothing else went wrong */
        char derr[PATH_MAX + 128];
        mz_diag dd = {0};
        dd.buf = derr;
        dd.len = sizeof derr;
        for (size_t k = 0; k < b.ndirs; k++)
            if (b.dirs[k].changed) deps_save(&b.dirs[k], &dd);
        if (!st && dd.status) st = mz_fail(&d, dd.status, "%s", derr);
    }
    if (summary) *summary = b.sum;
    for (size_t i = 0; b.info && i < n; i++) {
        free(b.info[i].key);
        free(b.info[i].input_real);
        free(b.info[i].error);
        dep_free(&b.info[i].fresh);
    }
    free(b.info);
    for (size_t k = 0; k < b.ndirs; k++) {
        for (size_t i = 0; i < b.dirs[k].n; i++) dep_free(&b.dirs[k].deps[i]);
        free(b.dirs[k].deps);
        free(b.dirs[k].path);
    }
    free(b.dirs);
    return st;
}
