/* deps.c - dependency files: read, merged under a lock, pruned, written atomically. */
#include "api/deps.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/outfile.h"

#define MZ_DEPS_HEADER "# mujaz build dependencies: output, options, input, fonts (tab-separated)\n"

void mz_dep_free(mz_dep *e)
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

void mz_deps_load(mz_depdir *dd)
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
            else mz_dep_free(&e);
        }
        i = (size_t)(end - b.data) + 1;
    }
    mz_buf_free(&b);
    if (dd->n > 1) qsort(dd->deps, dd->n, sizeof *dd->deps, dep_cmp); /* deps is NULL when empty */
    /* a hand-edited file may repeat a name: keep the last */
    size_t k = 0;
    for (size_t i = 0; i < dd->n; i++) {
        if (k && strcmp(dd->deps[k - 1].name, dd->deps[i].name) == 0) mz_dep_free(&dd->deps[--k]);
        dd->deps[k++] = dd->deps[i];
    }
    dd->n = k;
}

mz_dep *mz_deps_find(mz_depdir *dd, const char *name)
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

int mz_deps_put(mz_depdir *dd, mz_dep *e)
{
    mz_dep *old = mz_deps_find(dd, e->name);
    if (old) {
        mz_dep_free(old);
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

void mz_deps_free(mz_depdir *dd)
{
    for (size_t i = 0; i < dd->n; i++) mz_dep_free(&dd->deps[i]);
    free(dd->deps);
    free(dd->path);
    memset(dd, 0, sizeof *dd);
}

/* Takes the directory's lock: an exclusive flock on a lock file that is never
 * removed (removing it would let two builds hold "the" lock at once).  -1 and
 * errno when the directory cannot have one. */
static int lock_dir(const char *dir)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/" MZ_DEPS_LOCK, dir) >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) return -1;
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
    }
    return fd;
}

/* Drops the entries whose input is gone, removing their outputs. */
static void prune(mz_depdir *dd, mz_prune_fn on_prune, void *ud)
{
    size_t k = 0;
    for (size_t i = 0; i < dd->n; i++) {
        mz_dep *e = &dd->deps[i];
        struct stat st;
        char out[PATH_MAX];
        int gone = e->nfiles > 0 && stat(e->files[0], &st) != 0 && errno == ENOENT;
        if (gone && (size_t)snprintf(out, sizeof out, "%s/%s", dd->path, e->name) < sizeof out) {
            /* only a regular file that is still there: never a directory or a link */
            if (lstat(out, &st) == 0 && S_ISREG(st.st_mode) && unlink(out) == 0 && on_prune)
                on_prune(ud, out, e->files[0]);
            mz_dep_free(e);
            dd->changed = 1;
            continue;
        }
        dd->deps[k++] = *e;
    }
    dd->n = k;
}

mz_status mz_deps_commit(mz_depdir *dd, int do_prune, mz_prune_fn on_prune, void *ud, mz_diag *d)
{
    if (!dd->changed && !do_prune) return MZ_OK;
    int fd = lock_dir(dd->path);
    if (fd < 0)
        return mz_fail(d, errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_OUTPUT, "%s/" MZ_DEPS_LOCK ": %s", dd->path,
                       strerror(errno));
    /* what other builds recorded since this one read the file */
    mz_depdir disk = {0};
    disk.path = dd->path;
    mz_deps_load(&disk);
    mz_status st = MZ_OK;
    for (size_t i = 0; i < dd->n; i++)
        if (dd->deps[i].fresh) {
            mz_dep e = dd->deps[i];
            memset(&dd->deps[i], 0, sizeof dd->deps[i]);
            if (!mz_deps_put(&disk, &e)) {
                mz_dep_free(&e);
                st = mz_fail(d, MZ_ERR_NOMEM, "out of memory writing %s/" MZ_DEPS_FILE, dd->path);
            }
        }
    if (do_prune) prune(&disk, on_prune, ud);
    if (!st && disk.changed) st = deps_save(&disk, d);
    close(fd); /* releases the lock, after the rename */
    char *path = dd->path;
    dd->path = NULL;
    mz_deps_free(dd);
    *dd = disk;
    dd->path = path;
    dd->changed = 0;
    for (size_t i = 0; i < dd->n; i++) dd->deps[i].fresh = 0;
    return st;
}
