/* outfile.c - outputs that are either complete or untouched: one descriptor, every write checked, fsync and rename. */
#include "util/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the table of temporary files, for signal handlers ----------------------------- */

#define MZ_MAX_PENDING 256 /* outputs in progress at once (batch threads): far past -j */

static _Atomic(const char *) pending[MZ_MAX_PENDING];

static int pending_add(const char *path)
{
    for (int i = 0; i < MZ_MAX_PENDING; i++) {
        const char *expected = NULL;
        if (atomic_compare_exchange_strong(&pending[i], &expected, path)) return i;
    }
    return -1; /* the file is still removed on every failure path; only a signal misses it */
}

static void pending_drop(int slot)
{
    if (slot >= 0) atomic_store(&pending[slot], NULL);
}

void mz_out_remove_all(void)
{
    for (int i = 0; i < MZ_MAX_PENDING; i++) {
        const char *p = atomic_exchange(&pending[i], NULL);
        if (p) unlink(p); /* async-signal-safe */
    }
}

/* ---- stale temporary files --------------------------------------------------------- */

/* Temporary names: ".mujaz-<pid>-XXXXXX", short whatever the output's name
 * (a name of NAME_MAX bytes still fits), and recognisable, so that those a
 * killed run (SIGKILL, a power cut) left are found by the next one. */
#define MZ_TMP_PREFIX ".mujaz-"
#define MZ_STALE_SECONDS 3600 /* older than any render: a live run's file is never this old */

/* Removes, once per directory and process, temporary files of ours that
 * are an hour old and whose process is gone. */
static void remove_stale(const char *dir)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static char done[16][PATH_MAX];
    static int ndone;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < ndone; i++)
        if (strcmp(done[i], dir) == 0) {
            pthread_mutex_unlock(&mu);
            return;
        }
    if (ndone < 16) snprintf(done[ndone++], PATH_MAX, "%s", dir);
    pthread_mutex_unlock(&mu);
    DIR *dp = opendir(dir);
    if (!dp) return;
    time_t now = time(NULL);
    for (struct dirent *e; (e = readdir(dp));) {
        if (strncmp(e->d_name, MZ_TMP_PREFIX, sizeof MZ_TMP_PREFIX - 1)) continue;
        char *end;
        long pid = strtol(e->d_name + sizeof MZ_TMP_PREFIX - 1, &end, 10);
        if (*end != '-' || pid <= 0 || strlen(end) != 7) continue;
        struct stat st;
        if (fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode) ||
            now - st.st_mtime < MZ_STALE_SECONDS)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* still running (or not ours to ask) */
        unlinkat(dirfd(dp), e->d_name, 0);
    }
    closedir(dp);
}

/* ---- opening ----------------------------------------------------------------------- */

/* umask can only be read by setting it; do that once, so that threads never
 * see (or leave) the temporary value. */
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;
static mode_t process_umask;
static void read_umask(void)
{
    process_umask = umask(0);
    umask(process_umask);
}

static int same_file(const char *input, const struct stat *out)
{
    struct stat in;
    return input && strcmp(input, "-") != 0 && stat(input, &in) == 0 && in.st_dev == out->st_dev &&
           in.st_ino == out->st_ino;
}

/* A FIFO, terminal or device: written into.  A FIFO nobody reads would
 * block forever: it is refused instead. */
static mz_status open_special(mz_out *o, const char *name, const struct stat *st, mz_diag *d)
{
    int fl = O_WRONLY | O_CLOEXEC | (S_ISFIFO(st->st_mode) ? O_NONBLOCK : 0);
    o->fd = open(name, fl);
    if (o->fd < 0 && errno == ENXIO)
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: a FIFO that no process reads", name);
    if (o->fd < 0) return mz_fail(d, MZ_ERR_OUTPUT, "%s: cannot open: %s", name, strerror(errno));
    if (fl & O_NONBLOCK) fcntl(o->fd, F_SETFL, fcntl(o->fd, F_GETFL) & ~O_NONBLOCK);
    return MZ_OK;
}

static mz_status open_atomic(mz_out *o, const char *name, const struct stat *old, mz_diag *d)
{
    char dbuf[PATH_MAX];
    snprintf(dbuf, sizeof dbuf, "%s", o->target);
    const char *dir = dirname(dbuf);
    if ((size_t)snprintf(o->tmp, sizeof o->tmp, "%s/" MZ_TMP_PREFIX "%ld-XXXXXX", dir, (long)getpid()) >=
        sizeof o->tmp)
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: path too long", name);
    remove_stale(dir);
    o->fd = mkstemp(o->tmp); /* O_CREAT | O_EXCL: never an existing file or link */
    if (o->fd < 0) {
        int e = errno;
        o->tmp[0] = 0;
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: cannot create a file in %s: %s", name, dir, strerror(e));
    }
    fcntl(o->fd, F_SETFD, FD_CLOEXEC);
    o->slot = pending_add(o->tmp);
    /* the replaced file's permissions, else a new file's (mkstemp makes 0600) */
    pthread_once(&umask_once, read_umask);
    mode_t mode = old ? old->st_mode & 07777 : 0666 & ~process_umask;
    if (fchmod(o->fd, mode) != 0) {
        int e = errno;
        mz_out_abort(o);
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: cannot set permissions: %s", name, strerror(e));
    }
    o->atomic = 1;
    return MZ_OK;
}

mz_status mz_out_open(mz_out *o, const char *name, const char *input, mz_diag *d)
{
    o->fd = -1;
    o->atomic = o->err = 0;
    o->n = 0;
    o->slot = -1;
    o->tmp[0] = 0;
    o->name = name;
    if (strcmp(name, "-") == 0) { /* standard output, as it is */
        o->fd = STDOUT_FILENO;
        o->name = "<stdout>";
        return MZ_OK;
    }
    if ((size_t)snprintf(o->target, sizeof o->target, "%s", name) >= sizeof o->target)
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: path too long", name);
    struct stat lst, st;
    if (lstat(name, &lst) != 0) {
        if (errno != ENOENT) return mz_fail(d, MZ_ERR_OUTPUT, "%s: %s", name, strerror(errno));
        return open_atomic(o, name, NULL, d);
    }
    if (stat(name, &st) != 0) { /* a dangling link: its target is created */
        if (!S_ISLNK(lst.st_mode) || errno != ENOENT)
            return mz_fail(d, MZ_ERR_OUTPUT, "%s: %s", name, strerror(errno));
        char t[PATH_MAX];
        ssize_t k = readlink(name, t, sizeof t - 1);
        if (k <= 0) return mz_fail(d, MZ_ERR_OUTPUT, "%s: cannot read the link", name);
        t[k] = 0;
        if (t[0] == '/') snprintf(o->target, sizeof o->target, "%s", t);
        else {
            char dbuf[PATH_MAX];
            snprintf(dbuf, sizeof dbuf, "%s", name);
            if ((size_t)snprintf(o->target, sizeof o->target, "%s/%s", dirname(dbuf), t) >= sizeof o->target)
                return mz_fail(d, MZ_ERR_OUTPUT, "%s: path too long", name);
        }
        return open_atomic(o, name, NULL, d);
    }
    if (S_ISDIR(st.st_mode)) return mz_fail(d, MZ_ERR_OUTPUT, "%s: is a directory", name);
    if (same_file(input, &st))
        return mz_fail(d, MZ_ERR_USAGE, "%s: is the input document; refusing to overwrite it", name);
    if (!S_ISREG(st.st_mode)) return open_special(o, name, &st, d);
    if (S_ISLNK(lst.st_mode) && !realpath(name, o->target))
        return mz_fail(d, MZ_ERR_OUTPUT, "%s: cannot resolve the link: %s", name, strerror(errno));
    return open_atomic(o, name, &st, d);
}

/* ---- writing ----------------------------------------------------------------------- */

static void flush_buf(mz_out *o)
{
    size_t off = 0;
    while (off < o->n && !o->err) {
        ssize_t w = write(o->fd, o->buf + off, o->n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) o->err = errno;
        else if (w == 0) o->err = EIO;
        else off += (size_t)w;
    }
    o->n = 0;
}

void mz_out_write(mz_out *o, const void *p, size_t n)
{
    const unsigned char *s = p;
    while (n && !o->err) {
        size_t k = sizeof o->buf - o->n < n ? sizeof o->buf - o->n : n;
        memcpy(o->buf + o->n, s, k);
        o->n += k;
        s += k;
        n -= k;
        if (o->n == sizeof o->buf) flush_buf(o);
    }
}

void mz_out_abort(mz_out *o)
{
    if (o->fd >= 0 && o->fd != STDOUT_FILENO) close(o->fd);
    o->fd = -1;
    if (o->tmp[0]) unlink(o->tmp);
    pending_drop(o->slot);
    o->slot = -1;
    o->tmp[0] = 0;
}

static mz_status fail_out(mz_out *o, int e, const char *what, mz_diag *d)
{
    mz_out_abort(o);
    return mz_fail(d, MZ_ERR_OUTPUT, "%s: %s: %s", o->name, what, strerror(e));
}

int mz_out_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    int e = fsync(fd) != 0 && errno != EINVAL && errno != EROFS ? errno : 0;
    close(fd);
    return e;
}

mz_status mz_out_commit(mz_out *o, mz_diag *d) { return mz_out_commit_to(o, NULL, d); }

mz_status mz_out_commit_to(mz_out *o, char dir[4096], mz_diag *d)
{
    if (dir) dir[0] = 0;
    flush_buf(o);
    if (o->err) return fail_out(o, o->err, "write failed", d);
    if (!o->atomic) {
        if (o->fd != STDOUT_FILENO && close(o->fd) != 0) {
            int e = errno;
            o->fd = -1;
            return fail_out(o, e, "close failed", d);
        }
        o->fd = -1;
        return MZ_OK;
    }
    if (fsync(o->fd) != 0 && errno != EINVAL && errno != EROFS) return fail_out(o, errno, "cannot flush to disk", d);
    int fd = o->fd;
    o->fd = -1;
    if (close(fd) != 0) return fail_out(o, errno, "close failed", d);
    if (rename(o->tmp, o->target) != 0) return fail_out(o, errno, "cannot rename into place", d);
    o->tmp[0] = 0;
    pending_drop(o->slot);
    o->slot = -1;
    /* the directory's entry for the renamed file must reach the disk too */
    char dbuf[PATH_MAX];
    snprintf(dbuf, sizeof dbuf, "%s", o->target);
    if (dir) {
        snprintf(dir, 4096, "%s", dirname(dbuf));
        return MZ_OK;
    }
    int e = mz_out_sync_dir(dirname(dbuf));
    if (e) return mz_fail(d, MZ_ERR_OUTPUT, "%s: written, but its directory cannot be flushed: %s", o->name,
                          strerror(e));
    return MZ_OK;
}

mz_status mz_out_file(const char *path, const void *data, size_t len, mz_diag *d)
{
    mz_out *o = malloc(sizeof *o);
    if (!o) return mz_fail(d, MZ_ERR_NOMEM, "out of memory writing %s", path);
    mz_status st = mz_out_open(o, path, NULL, d);
    if (!st) {
        mz_out_write(o, data, len);
        st = mz_out_commit(o, d);
    }
    free(o);
    return st;
}
