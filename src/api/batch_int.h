/* batch_int.h - what mujaz build knows while it runs (batch.c), shared with
 * the JSON report (report.c). */
#ifndef MZ_BATCH_INT_H
#define MZ_BATCH_INT_H

#include <pthread.h>

#include "api/deps.h"
#include "util/util.h"

/* What the batch knows about one job. */
typedef struct mz_jobinfo {
    size_t dir;        /* index into the directories */
    char *key;         /* canonical output path: directory + name */
    const char *name;  /* within key */
    char *input_real;  /* NULL when the input cannot be resolved */
    mz_dep fresh;      /* after a successful render: its new entry */
    char *error;       /* after a failure: the message */
    mz_buf warns;      /* its warnings, one per line, held until its turn */
    int finished;      /* rendered, up to date or failed; its events may go out */
    double t0;         /* when its work began */
} mz_jobinfo;

/* Rendered outputs waiting for their fsync and rename: a bounded queue
 * (open files and 72 KiB buffers), and the directories whose new entries
 * still have to be flushed, once each before the dependency files. */
#define MZ_COMMIT_QUEUE 8
typedef struct mz_commits {
    pthread_t thread;
    int running, closing;
    pthread_cond_t more, room;
    size_t job[MZ_COMMIT_QUEUE];
    struct mz_out *out[MZ_COMMIT_QUEUE];
    size_t head, count;
    char **dirs;       /* to flush */
    size_t ndirs;
} mz_commits;

typedef struct mz_batch {
    mz_batch_job *jobs;
    size_t n;
    mz_jobinfo *info;
    mz_depdir *dirs;
    size_t ndirs;
    const mz_options *opts;
    const mz_batch_options *bo;
    char fingerprint[17];
    pthread_mutex_t lock; /* guards next, done, flushed, the counters and every callback */
    size_t next, done;
    size_t flushed;       /* jobs whose warnings and final event went out, in job order */
    mz_commits commits;   /* guarded by lock */
    mz_batch_summary sum;
    double seconds;       /* the whole build */
} mz_batch;

/* The JSON report of a finished batch (doc/report.schema.json) to
 * b->bo->report, written atomically ("-": standard output). */
mz_status mz_batch_report(const mz_batch *b, mz_status st, const char *message, mz_diag *d);

#endif
