/* deps.h - the dependency file of an output directory (.mujaz-deps): what
 * each output was made from, read at the start of a build and merged back,
 * under a lock, at its end. */
#ifndef MZ_DEPS_H
#define MZ_DEPS_H

#include <stddef.h>

#include "util/util.h"

#define MZ_DEPS_FILE ".mujaz-deps"
#define MZ_DEPS_LOCK ".mujaz-deps.lock"

/* One line of a dependency file: an output (its name within the directory),
 * the fingerprint of the options it was rendered with, and the files it was
 * made from (the input first, then the fonts), all absolute. */
typedef struct mz_dep {
    char *name;
    char *opts;
    char **files;
    int nfiles;
    int fresh; /* rendered by this build: wins over what the file says */
} mz_dep;

/* One output directory and its dependency file. */
typedef struct mz_depdir {
    char *path;
    mz_dep *deps;   /* sorted by name */
    size_t n, cap;
    int changed;
} mz_depdir;

void mz_dep_free(mz_dep *e);
/* Reads DIR/.mujaz-deps into dd (dd->path set, no entries yet); a missing or
 * unreadable file is an empty one (every output is then rendered). */
void mz_deps_load(mz_depdir *dd);
mz_dep *mz_deps_find(mz_depdir *dd, const char *name);
/* Replaces (or adds) the entry of a freshly rendered output; takes e.  0 when
 * out of memory (the output is then only not recorded). */
int mz_deps_put(mz_depdir *dd, mz_dep *e);

/* Called for each output --prune removed (PATH, absolute) and the input it
 * was made from. */
typedef void (*mz_prune_fn)(void *ud, const char *path, const char *input);

/* Writes dd back: under an exclusive lock on DIR/.mujaz-deps.lock, the file
 * is read again, this build's fresh entries are merged into what other
 * builds wrote meanwhile, and the result replaces it atomically (fsynced,
 * directory too).  With PRUNE, entries whose input no longer exists are
 * dropped and their outputs, regular files only, removed.  dd afterwards
 * holds the merged entries. */
mz_status mz_deps_commit(mz_depdir *dd, int prune, mz_prune_fn on_prune, void *ud, mz_diag *d);
void mz_deps_free(mz_depdir *dd);

#endif
