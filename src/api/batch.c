/* batch.c - many documents in one process: worker threads, each with its own
 * font cache, skipping outputs that are up to date (.mujaz-deps files). */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/batch_int.h"
#include "api/render_int.h"
#include "doc/doc.h"
#include "util/outfile.h"
#include "util/util.h"

#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

typedef struct mz_worker {
    mz_batch *b;
    size_t job; /* the document being rendered, for its warnings */
    pthread_t thread;
} mz_worker;

/* ---- up to date? --------------------------------------------------------------- */

/* Everything besides the files that decides the PDF's bytes: a different
 * fingerprint re-renders. */
static void fingerprint(const mz_options *o, char out[17])
{
    mz_buf b = {0};
    const char *fd = o->font_dir ? o->font_dir : MZ_FONT_DIR;
    const char *sde = o->source_date_epoch;
    mz_buf_printf(&b, "mujaz %s\nfont %s\nbold %s\nitalic %s\nfont_dir %s\nsize %.17g\n", MZ_VERSION,
                  o->font ? o->font : "", o->bold_font ? o->bold_font : "",
                  o->italic_font ? o->italic_font : "", fd, o->font_size);
    mz_buf_printf(&b, "dir %d\njustify %d\ndigits %d\nstrict %d\npdfa %d\nepoch %s\n", (int)o->dir,
                  (int)o->justify, (int)o->digits, o->strict, o->pdfa, sde ? sde : "");
    if (o->tags) mz_buf_printf(&b, "tags %d\n", o->tags);
    /* relative font names resolve against the working directory */
    mz_buf_printf(&b, "theme %s\n", o->theme ? o->theme : "");
    if (o->body_digits) mz_buf_printf(&b, "body_digits %d\n", o->body_digits); /* absent: as before */
    if (o->theme_dir) mz_buf_printf(&b, "theme_dir %s\n", o->theme_dir); /* absent: the fingerprints of before */
    if (o->bleed) mz_buf_printf(&b, "bleed %.17g\n", o->bleed);
    if (o->crop_marks) mz_buf_printf(&b, "crop_marks %d\n", o->crop_marks);
    const char *rel[] = {o->font, o->bold_font, o->italic_font, fd, o->theme, o->theme_dir};
    for (int i = 0; i < 6; i++)
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
    const mz_dep *e = mz_deps_find(&b->dirs[ji->dir], ji->name);
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

/* A document's warning is kept with its job until the jobs before it are
 * done (flush), so that two runs print the same lines in the same order. */
static void worker_warn(void *ud, const char *msg)
{
    mz_worker *w = ud;
    mz_batch *b = w->b;
    mz_jobinfo *ji = &b->info[w->job];
    const char *input = b->jobs[w->job].input;
    if (!names_input(msg, input)) mz_buf_printf(&ji->warns, "%s: ", input);
    for (const char *c = msg; *c; c++) mz_buf_put(&ji->warns, *c == '\n' ? " " : c, 1);
    mz_buf_puts(&ji->warns, "\n");
    b->jobs[w->job].warnings++;
}

static void emit(mz_batch *b, mz_batch_state state, const mz_batch_job *job, const char *message)
{
    /* called with the lock held */
    if (!b->bo->progress) return;
    mz_batch_event ev = {state, job, b->done, b->n, message};
    b->bo->progress(b->bo->progress_userdata, &ev);
}

/* Sends out, in job order, the warnings and the final event of every job
 * that has finished and has no unfinished job before it.  Lock held. */
static void flush(mz_batch *b)
{
    for (; b->flushed < b->n && b->info[b->flushed].finished; b->flushed++) {
        size_t i = b->flushed;
        mz_jobinfo *ji = &b->info[i];
        const mz_batch_job *job = &b->jobs[i];
        if (b->opts->warn && ji->warns.len && !ji->warns.oom) {
            for (char *line = ji->warns.data, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
                *nl = 0;
                b->opts->warn(b->opts->warn_userdata, line);
                *nl = '\n';
            }
        }
        emit(b, job->status ? MZ_BATCH_FAILED : job->up_to_date ? MZ_BATCH_UP_TO_DATE : MZ_BATCH_RENDERED,
             job, job->status ? (ji->error ? ji->error : mz_status_name(job->status)) : NULL);
    }
}

/* The new dependency entry of a rendered job: the input, then the fonts. */
static mz_status record(mz_batch *b, size_t i, mz_context *ctx)
{
    mz_jobinfo *ji = &b->info[i];
    mz_dep *e = &ji->fresh;
    int nf = mz_context_input_count(ctx);
    e->name = strdup(ji->name);
    e->opts = strdup(b->fingerprint);
    e->files = calloc((size_t)nf + 1, sizeof *e->files);
    e->fresh = 1;
    if (!e->name || !e->opts || !e->files || !ji->input_real) goto fail;
    e->files[e->nfiles++] = strdup(ji->input_real);
    for (int k = 0; k < nf; k++) e->files[e->nfiles++] = strdup(mz_context_input_path(ctx, k));
    for (int k = 0; k < e->nfiles; k++)
        if (!e->files[k]) goto fail;
    return MZ_OK;
fail:
    mz_dep_free(e);
    return MZ_ERR_NOMEM; /* the output stands; it is only not recorded */
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A job's end (lock held): its counters, and the events that may now go out. */
static void finish_job(mz_batch *b, size_t i)
{
    mz_batch_job *job = &b->jobs[i];
    b->done++;
    if (job->status) b->sum.failed++;
    else if (job->up_to_date) b->sum.up_to_date++;
    else b->sum.rendered++;
    b->info[i].finished = 1;
    flush(b);
}

/* A job's result, once its output is in place or has failed. */
static void settle(mz_batch *b, size_t i, mz_status st, const char *err)
{
    mz_batch_job *job = &b->jobs[i];
    struct stat out;
    if (!st && stat(job->output, &out) == 0) job->bytes = (long long)out.st_size;
    job->seconds = now() - b->info[i].t0;
    job->status = st;
    if (st) {
        b->info[i].error = strdup(err[0] ? err : mz_status_name(st)); /* NULL: the status names it */
        mz_dep_free(&b->info[i].fresh);                                /* not recorded */
    }
}

/* A job's end: its result, then (under the lock) its counters and events. */
static void conclude(mz_batch *b, size_t i, mz_status st, const char *err)
{
    settle(b, i, st, err);
    pthread_mutex_lock(&b->lock);
    finish_job(b, i);
    pthread_mutex_unlock(&b->lock);
}

/* ---- group commit: fsync and rename on their own thread ------------------------ */

/* Remembers a directory to flush before the dependency files (lock held);
 * 0 when out of memory. */
static int note_dir(mz_commits *c, const char *dir)
{
    for (size_t k = c->ndirs; k-- > 0;)
        if (strcmp(c->dirs[k], dir) == 0) return 1;
    char **nd = realloc(c->dirs, (c->ndirs + 1) * sizeof *nd);
    if (!nd) return 0;
    c->dirs = nd;
    if (!(nd[c->ndirs] = strdup(dir))) return 0;
    c->ndirs++;
    return 1;
}

/* Puts a rendered output in place: flushed to disk, renamed; its directory
 * is flushed once for the batch (in finish), or now when it cannot be
 * remembered. */
static void commit_one(mz_batch *b, size_t i, mz_out *o)
{
    char err[1024] = "", dir[4096];
    mz_diag d = {0};
    d.buf = err;
    d.len = sizeof err;
    mz_status st = mz_out_commit_to(o, dir, &d);
    free(o);
    pthread_mutex_lock(&b->lock);
    int noted = st || !dir[0] || note_dir(&b->commits, dir);
    pthread_mutex_unlock(&b->lock);
    int e = noted ? 0 : mz_out_sync_dir(dir);
    if (e)
        st = mz_fail(&d, MZ_ERR_OUTPUT, "%s: written, but its directory cannot be flushed: %s", b->jobs[i].output,
                     strerror(e));
    conclude(b, i, st, err);
}

/* The committer: while it waits for the disk, the workers render on. */
static void *committer_main(void *arg)
{
    mz_batch *b = arg;
    mz_commits *c = &b->commits;
    pthread_mutex_lock(&b->lock);
    for (;;) {
        while (!c->count && !c->closing) pthread_cond_wait(&c->more, &b->lock);
        if (!c->count) break;
        size_t i = c->job[c->head];
        mz_out *o = c->out[c->head];
        c->head = (c->head + 1) % MZ_COMMIT_QUEUE;
        c->count--;
        pthread_cond_broadcast(&c->room);
        pthread_mutex_unlock(&b->lock);
        commit_one(b, i, o);
        pthread_mutex_lock(&b->lock);
    }
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* A worker's rendered output goes to the committer (waiting while the
 * queue is full), or is committed here when there is no committer. */
static void hand_over(mz_batch *b, size_t i, mz_out *o)
{
    mz_commits *c = &b->commits;
    pthread_mutex_lock(&b->lock);
    if (!c->running) {
        pthread_mutex_unlock(&b->lock);
        commit_one(b, i, o);
        return;
    }
    while (c->count == MZ_COMMIT_QUEUE) pthread_cond_wait(&c->room, &b->lock);
    size_t k = (c->head + c->count) % MZ_COMMIT_QUEUE;
    c->job[k] = i;
    c->out[k] = o;
    c->count++;
    pthread_cond_signal(&c->more);
    pthread_mutex_unlock(&b->lock);
}

/* Before the workers: a committer thread when there is more than one job
 * (else, or without threads, each output is committed where it was made). */
static void commits_start(mz_batch *b)
{
    mz_commits *c = &b->commits;
    pthread_cond_init(&c->more, NULL);
    pthread_cond_init(&c->room, NULL);
    c->running = b->n > 1 && pthread_create(&c->thread, NULL, committer_main, b) == 0;
}

/* After the workers: the queue drained, the committer gone. */
static void commits_stop(mz_batch *b)
{
    mz_commits *c = &b->commits;
    pthread_mutex_lock(&b->lock);
    c->closing = 1;
    pthread_cond_signal(&c->more);
    pthread_mutex_unlock(&b->lock);
    if (c->running) pthread_join(c->thread, NULL);
    c->running = 0;
    pthread_cond_destroy(&c->more);
    pthread_cond_destroy(&c->room);
}

/* ---- the workers ----------------------------------------------------------------- */

/* One job: skipped when up to date, else rendered through the worker's
 * context and handed to the committer; its results go into the job and
 * its info. */
static void run_job(mz_worker *w, mz_context *ctx, size_t i)
{
    mz_batch *b = w->b;
    mz_batch_job *job = &b->jobs[i];
    char err[1024] = "";
    b->info[i].t0 = now();
    int skip = !b->bo->force && up_to_date(b, i);
    job->up_to_date = skip;
    mz_status st = MZ_OK;
    if (!skip && !ctx) {
        st = MZ_ERR_NOMEM;
        snprintf(err, sizeof err, "out of memory");
    } else if (!skip) {
        mz_out *held = NULL;
        st = mz_render_file_held(ctx, job->input, job->output, &held, err, sizeof err);
        if (!st) {
            record(b, i, ctx);
            job->pages = mz_context_pages(ctx);
            hand_over(b, i, held);
            return;
        }
    }
    conclude(b, i, st, err);
}

static void *worker_main(void *arg)
{
    mz_worker *w = arg;
    mz_batch *b = w->b;
    mz_options o = *b->opts;
    o.warn = worker_warn;
    o.warn_userdata = w;
    mz_context *ctx = mz_context_new(&o);
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next < b->n ? b->next++ : b->n;
        if (i < b->n) emit(b, MZ_BATCH_STARTED, &b->jobs[i], NULL);
        pthread_mutex_unlock(&b->lock);
        if (i >= b->n) break;
        w->job = i;
        run_job(w, ctx, i);
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
            mz_deps_load(&nd[k]);
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

/* The workers: threads when there is more than one job and more than one
 * worker asked for, else this thread. */
static mz_status run_workers(mz_batch *b, mz_diag *d)
{
    int nw = b->bo->jobs > 1 ? b->bo->jobs : 1;
    if ((size_t)nw > b->n) nw = b->n ? (int)b->n : 1;
    if (b->n == 0) return MZ_OK;
    /* before there are threads, so that a failure is this batch's one message.
     * fontconfig (since 2.10) initialises lazily but thread-safely; FcInit here
     * would load its configuration (and its one-off leak) for batches that
     * never need a fallback font. */
    if (mz_global_init() != MZ_OK) return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    mz_worker *ws = calloc((size_t)nw, sizeof *ws);
    if (!ws) return mz_fail(d, MZ_ERR_NOMEM, "out of memory");
    commits_start(b);
    int started = 0;
    for (int k = 0; nw > 1 && k < nw; k++) {
        ws[k].b = b;
        if (pthread_create(&ws[k].thread, NULL, worker_main, &ws[k]) == 0) started++;
        else ws[k].b = NULL;
    }
    if (!started) { /* one worker, or no threads to be had: do the work here */
        ws[0].b = b;
        worker_main(&ws[0]);
    }
    for (int k = 0; k < nw && started; k++)
        if (ws[k].b) pthread_join(ws[k].thread, NULL);
    commits_stop(b);
    free(ws);
    return MZ_OK;
}

static void on_prune(void *ud, const char *path, const char *input)
{
    mz_batch *b = ud;
    b->sum.pruned++;
    (void)input;
    emit(b, MZ_BATCH_PRUNED, NULL, path);
}

/* After the workers: the batch's status (the first failure in job order,
 * whatever the scheduling), then every directory's dependency file. */
static mz_status finish(mz_batch *b, mz_diag *d)
{
    mz_status st = MZ_OK;
    for (size_t i = 0; i < b->n && !st; i++) {
        const mz_batch_job *job = &b->jobs[i];
        if (!job->status) continue;
        const char *msg = b->info[i].error ? b->info[i].error : mz_status_name(job->status);
        st = job->status;
        if (names_input(msg, job->input))
            mz_fail(d, st, "%zu of %zu documents failed; first: %s", b->sum.failed, b->n, msg);
        else
            mz_fail(d, st, "%zu of %zu documents failed; first: %s: %s", b->sum.failed, b->n, job->input, msg);
    }
    /* the renamed outputs' directories, each flushed once, before any
     * dependency file records what they hold */
    int unsynced = 0;
    for (size_t k = 0; k < b->commits.ndirs; k++) {
        int e = mz_out_sync_dir(b->commits.dirs[k]);
        if (e && !st)
            st = mz_fail(d, MZ_ERR_OUTPUT, "%s: outputs written, but the directory cannot be flushed: %s",
                         b->commits.dirs[k], strerror(e));
        unsynced |= e != 0;
    }
    for (size_t i = 0; i < b->n && unsynced; i++) mz_dep_free(&b->info[i].fresh); /* rendered again next time */
    for (size_t i = 0; i < b->n; i++)
        if (b->info[i].fresh.name && !mz_deps_put(&b->dirs[b->info[i].dir], &b->info[i].fresh))
            mz_dep_free(&b->info[i].fresh);
    /* a dependency file that cannot be written only costs renders next time,
     * but is reported when nothing else went wrong */
    char derr[PATH_MAX + 128];
    mz_diag dd = {0};
    dd.buf = derr;
    dd.len = sizeof derr;
    for (size_t k = 0; k < b->ndirs; k++) mz_deps_commit(&b->dirs[k], b->bo->prune, on_prune, b, &dd);
    if (!st && dd.status) st = mz_fail(d, dd.status, "%s", derr);
    return st;
}

static void batch_free(mz_batch *b)
{
    for (size_t i = 0; b->info && i < b->n; i++) {
        free(b->info[i].key);
        free(b->info[i].input_real);
        free(b->info[i].error);
        mz_buf_free(&b->info[i].warns);
        mz_dep_free(&b->info[i].fresh);
    }
    free(b->info);
    for (size_t k = 0; k < b->commits.ndirs; k++) free(b->commits.dirs[k]);
    free(b->commits.dirs);
    for (size_t k = 0; k < b->ndirs; k++) mz_deps_free(&b->dirs[k]);
    free(b->dirs);
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
    double t0 = now();
    fingerprint(opts, b.fingerprint);
    for (size_t i = 0; i < n; i++) {
        mz_batch_job *j = &jobs[i];
        j->status = MZ_OK;
        j->up_to_date = j->pages = 0;
        j->seconds = 0;
        j->bytes = 0;
        j->warnings = 0;
    }
    b.info = calloc(n ? n : 1, sizeof *b.info);
    mz_status st = b.info ? prepare(&b, &d) : mz_fail(&d, MZ_ERR_NOMEM, "out of memory");
    if (!st) {
        pthread_mutex_init(&b.lock, NULL);
        st = run_workers(&b, &d);
        if (!st) st = finish(&b, &d);
        pthread_mutex_destroy(&b.lock);
    }
    b.seconds = now() - t0;
    if (b.bo->report && b.info) {
        char rerr[PATH_MAX + 128];
        mz_diag rd = {0};
        rd.buf = rerr;
        rd.len = sizeof rerr;
        if (mz_batch_report(&b, st, st ? errbuf : NULL, &rd) && !st) st = mz_fail(&d, rd.status, "%s", rerr);
    }
    if (summary) *summary = b.sum;
    batch_free(&b);
    return st;
}
