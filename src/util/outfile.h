/* outfile.h - outputs that are either complete or untouched. */
#ifndef MZ_OUTFILE_H
#define MZ_OUTFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "util/util.h"

/* An output being written.  A regular file (or a missing one) is replaced
 * atomically: the bytes go, through one descriptor, into a temporary file
 * of the same directory made with O_EXCL (never reopened by name), which is
 * flushed to disk and renamed over the target only when complete, and the
 * directory is flushed after.  A symbolic link to a regular file replaces
 * the file it points to, not the link.  Standard output ("-"), a FIFO, a
 * terminal or another device, and links to them (/dev/stdout), are written
 * into as they are. */
typedef struct mz_out {
    int fd;
    int atomic;            /* temporary file + rename */
    int err;               /* first errno of a failed write */
    const char *name;      /* the output as named (messages) */
    char target[4096];     /* the file replaced */
    char tmp[4096];        /* the temporary file, "" when none */
    int slot;              /* its entry in the table of temporary files, -1 = none */
    size_t n;              /* bytes buffered */
    unsigned char buf[65536];
} mz_out;

/* Opens NAME for writing ("-" = standard output).  INPUT (may be NULL) is
 * the document being read: an output that is the same file (a hard link
 * too) is refused with MZ_ERR_USAGE before anything is rendered. */
mz_status mz_out_open(mz_out *o, const char *name, const char *input, mz_diag *d);
/* Buffers N bytes; a failure is kept (o->err) and reported by commit. */
void mz_out_write(mz_out *o, const void *p, size_t n);
/* Flushes, and for an atomic output fsyncs, closes and renames into place;
 * on any failure the temporary file is removed and the target untouched. */
mz_status mz_out_commit(mz_out *o, mz_diag *d);
/* mz_out_commit, except that with DIR (4096 bytes) the directory is not
 * flushed: its path goes into DIR ("" when none needs it), for the caller
 * to flush once for many outputs (mz_out_sync_dir) before it relies on
 * them.  Until then a crash may keep the old file, never a partial one:
 * the new one was flushed before the rename. */
mz_status mz_out_commit_to(mz_out *o, char dir[4096], mz_diag *d);
/* fsyncs directory DIR: 0, or the errno. */
int mz_out_sync_dir(const char *dir);
/* Gives up: closes, removes the temporary file. */
void mz_out_abort(mz_out *o);

/* Writes LEN bytes to PATH atomically (small files: .mujaz-deps). */
mz_status mz_out_file(const char *path, const void *data, size_t len, mz_diag *d);

/* Removes the temporary files of outputs in progress: async-signal-safe,
 * for a signal handler (mz_remove_temporaries in mujaz.h). */
void mz_out_remove_all(void);

#endif
