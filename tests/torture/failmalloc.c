/* failmalloc.c - LD_PRELOAD shim for the torture test: fails the Nth heap
 * allocation of the process alone (MZ_FAIL_AT=N), or counts them
 * (MZ_COUNT_FILE=path receives the total at exit).  The idea of curl's
 * torture tests: every allocation failure must end in a clean exit. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static unsigned long count, fail_at;
static int ready, in_init;

/* dlsym may itself allocate (calloc): answer from a static buffer then */
static char boot[4096];
static size_t boot_used;

static void init(void)
{
    if (ready || in_init) return;
    in_init = 1;
    real_malloc = dlsym(RTLD_NEXT, "malloc");
    real_calloc = dlsym(RTLD_NEXT, "calloc");
    real_realloc = dlsym(RTLD_NEXT, "realloc");
    real_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
    const char *s = getenv("MZ_FAIL_AT");
    fail_at = s ? strtoul(s, NULL, 10) : 0;
    ready = 1;
    in_init = 0;
}

/* Allocations are counted from the shim's constructor on, which runs after
 * those of the libraries it was loaded with (GLib's, which aborts on a
 * failed allocation by design, before mujaz's main can do anything). */
static int counting;
static void start(void) __attribute__((constructor));
static void start(void) { counting = 1; }

static int should_fail(void)
{
    if (!counting || ++count != fail_at) return 0;
    if (getenv("MZ_FAIL_TRACE")) { /* where it failed, for debugging */
        void *bt[32];
        counting = 0;
        backtrace_symbols_fd(bt, backtrace(bt, 32), 2);
        counting = 1;
    }
    errno = ENOMEM; /* as the real allocator says */
    return 1;
}

static void report(void) __attribute__((destructor));
static void report(void)
{
    const char *p = getenv("MZ_COUNT_FILE");
    if (!p) return;
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    char b[32];
    int n = snprintf(b, sizeof b, "%lu\n", count);
    if (write(fd, b, (size_t)n) < 0) {}
    close(fd);
}

void *malloc(size_t n)
{
    init();
    if (!real_malloc) {
        void *p = boot + boot_used;
        boot_used += (n + 15) & ~(size_t)15;
        return p;
    }
    return should_fail() ? NULL : real_malloc(n);
}

void *calloc(size_t a, size_t b)
{
    init();
    if (!real_calloc) {
        void *p = boot + boot_used;
        boot_used += (a * b + 15) & ~(size_t)15;
        return p; /* static: already zero */
    }
    return should_fail() ? NULL : real_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
    init();
    if (n && should_fail()) return NULL;
    return real_realloc(p, n);
}

void free(void *p)
{
    static void (*real_free)(void *);
    if ((char *)p >= boot && (char *)p < boot + sizeof boot) return;
    if (!real_free) real_free = dlsym(RTLD_NEXT, "free");
    real_free(p);
}

int posix_memalign(void **out, size_t al, size_t n)
{
    init();
    return should_fail() ? ENOMEM : real_posix_memalign(out, al, n);
}

void *aligned_alloc(size_t al, size_t n)
{
    init();
    return should_fail() ? NULL : real_aligned_alloc(al, n);
}
