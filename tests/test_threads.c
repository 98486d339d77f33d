/* test_threads.c - several threads rendering at once through the public API
 * give each the PDF one thread alone gives (run under ThreadSanitizer by
 * `make tsan`). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mujaz.h"

#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

#define NTHREADS 4
#define ROUNDS 3

static const char *const docs[] = {"tests/data/small.md", "tests/data/harakat.txt", "tests/data/linked.md",
                                   "tests/data/ligatures.md"};
#define NDOCS (sizeof docs / sizeof *docs)

static char *src[NDOCS];
static size_t src_len[NDOCS];
static unsigned char *ref[NDOCS];
static size_t ref_len[NDOCS];

typedef struct worker {
    pthread_t t;
    int id;
    int mismatches, failures;
    char msg[256];
    unsigned char *first[NDOCS]; /* the first round's PDFs, compared afterwards */
    size_t first_len[NDOCS];
} worker;

static void options(mz_options *o)
{
    mz_options_init(o);
    o->font_dir = MZ_FONT_DIR;
    o->source_date_epoch = "1700000000";
}

static mz_status render(size_t i, unsigned char **pdf, size_t *len, char *msg, size_t n)
{
    mz_options o;
    options(&o);
    return mz_render_memory(src[i], src_len[i], docs[i], &o, pdf, len, msg, n);
}

/* Each thread renders every document ROUNDS times, starting at a different
 * one so that different documents are set at the same moment. */
static void *worker_main(void *arg)
{
    worker *w = arg;
    for (int r = 0; r < (ref[0] ? ROUNDS : 1); r++)
        for (size_t k = 0; k < NDOCS; k++) {
            size_t i = (k + (size_t)w->id) % NDOCS;
            unsigned char *pdf = NULL;
            size_t len = 0;
            if (render(i, &pdf, &len, w->msg, sizeof w->msg) != MZ_OK) {
                w->failures++;
            } else if (!ref[i]) { /* the cold start: nothing was initialised before */
                free(w->first[i]);
                w->first[i] = pdf;
                w->first_len[i] = len;
                continue;
            } else if (len != ref_len[i] || memcmp(pdf, ref[i], len) != 0) {
                w->mismatches++;
            }
            free(pdf);
        }
    return NULL;
}

/* One context per thread, each rendering files into its own outputs. */
static void *worker_ctx(void *arg)
{
    worker *w = arg;
    mz_options o;
    options(&o);
    mz_context *ctx = mz_context_new(&o);
    if (!ctx) {
        w->failures++;
        return NULL;
    }
    char out[64];
    snprintf(out, sizeof out, "build/tests/threads-%d.pdf", w->id);
    for (int r = 0; r < ROUNDS; r++)
        for (size_t k = 0; k < NDOCS; k++) {
            size_t i = (k + (size_t)w->id) % NDOCS;
            if (mz_render_file_ctx(ctx, docs[i], out, w->msg, sizeof w->msg) != MZ_OK) {
                w->failures++;
                continue;
            }
            size_t len = 0;
            char *pdf = mz_t_read_file(out, &len);
            if (!pdf || len != ref_len[i] || memcmp(pdf, ref[i], len) != 0) w->mismatches++;
            free(pdf);
        }
    remove(out);
    mz_context_free(ctx);
    return NULL;
}

static void run(const char *name, void *(*fn)(void *), int rounds)
{
    worker ws[NTHREADS];
    memset(ws, 0, sizeof ws);
    int started = 0;
    for (int k = 0; k < NTHREADS; k++) {
        ws[k].id = k;
        if (pthread_create(&ws[k].t, NULL, fn, &ws[k]) == 0) started++;
        else ws[k].failures = -1;
    }
    int mism = 0, fail = 0;
    const char *msg = "";
    for (int k = 0; k < NTHREADS; k++) {
        if (ws[k].failures < 0) continue;
        pthread_join(ws[k].t, NULL);
    }
    if (!rounds) /* the cold start's PDFs against a single thread's, now */
        for (size_t i = 0; i < NDOCS; i++) {
            char m[256] = "";
            if (render(i, &ref[i], &ref_len[i], m, sizeof m) != MZ_OK) fail++;
        }
    for (int k = 0; k < NTHREADS; k++) {
        if (ws[k].failures < 0) continue;
        for (size_t i = 0; i < NDOCS; i++) {
            if (ws[k].first[i] && (!ref[i] || ws[k].first_len[i] != ref_len[i] ||
                                   memcmp(ws[k].first[i], ref[i], ref_len[i]) != 0))
                ws[k].mismatches++;
            free(ws[k].first[i]);
        }
        mism += ws[k].mismatches;
        fail += ws[k].failures;
        if (ws[k].failures) msg = ws[k].msg;
    }
    MZ_CHECK(name, started == NTHREADS && mism == 0 && fail == 0,
             "%d of %d threads started; %d renders differ from the single-thread PDF, %d failed (%s)",
             started, NTHREADS, mism, fail, msg);
}

int main(void)
{
    for (size_t i = 0; i < NDOCS; i++)
        if (!(src[i] = mz_t_read_file(docs[i], &src_len[i]))) {
            MZ_FAILF("inputs", "cannot read %s", docs[i]);
            MZ_DONE();
        }
    /* first without mz_global_init: the libraries' lazy set-up, raced */
    run("4 threads start rendering at once, nothing initialised: each PDF as a single thread writes it",
        worker_main, 0);
    MZ_CHECK("mz_global_init succeeds and can be called again",
             mz_global_init() == MZ_OK && mz_global_init() == MZ_OK, "failed");
    run("4 threads, mz_render_memory at once: every PDF as a single thread writes it", worker_main, 1);
    run("4 threads, a context each: every PDF as a single thread writes it", worker_ctx, 1);
    for (size_t i = 0; i < NDOCS; i++) {
        free(src[i]);
        free(ref[i]);
    }
    MZ_DONE();
}
