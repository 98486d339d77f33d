/* heap.c - the program's malloc: the next allocator's, with errno left as it was when an allocation succeeds. */

/* The library learns of allocations that HarfBuzz or FriBidi fail and
 * absorb from errno (mz_errno_watch).  glibc's malloc sets ENOMEM when it
 * cannot grow the heap with brk and then succeeds with mmap, which reads as
 * a failure: under valgrind (whose brk heap stops at 8 MB) every render
 * past that exited 6 without its PDF, and so would any process whose heap
 * meets another mapping.  The program defines the four functions glibc lets
 * a program replace and passes each call to the next definition (glibc's,
 * or an LD_PRELOAD shim's: tests/torture); an allocation that succeeds puts
 * errno back.  Not under the sanitizers, which bring their own allocator. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MZ_NO_HEAP_WRAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define MZ_NO_HEAP_WRAP 1
#endif
#endif

#ifndef MZ_NO_HEAP_WRAP
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);
static int resolving;

/* the objects are built with hidden symbols; these must reach the dynamic linker */
#define MZ_HEAP_API __attribute__((visibility("default")))

/* dlsym may allocate before the functions are known: from here then (a
 * few hundred bytes, never freed) */
static _Alignas(max_align_t) unsigned char boot[4096];
static size_t boot_used;

static int in_boot(const void *p)
{
    return (const unsigned char *)p >= boot && (const unsigned char *)p < boot + sizeof boot;
}

static void *boot_alloc(size_t n)
{
    size_t a = _Alignof(max_align_t), need = (n + a - 1) / a * a;
    if (need < n || need > sizeof boot - boot_used) return NULL;
    void *p = boot + boot_used;
    boot_used += need;
    return p; /* static storage: already zero */
}

/* The first allocation comes before main, while the process has one thread. */
static int resolve(void)
{
    if (next_free) return 1;
    if (resolving) return 0;
    resolving = 1;
    next_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    next_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    next_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    next_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    resolving = 0;
    return next_malloc && next_calloc && next_realloc && next_free;
}

MZ_HEAP_API void *malloc(size_t n)
{
    if (!resolve()) return boot_alloc(n);
    int e = errno;
    void *p = next_malloc(n);
    if (p) errno = e;
    return p;
}

MZ_HEAP_API void *calloc(size_t k, size_t n)
{
    if (!resolve()) return n && k > SIZE_MAX / n ? NULL : boot_alloc(k * n);
    int e = errno;
    void *p = next_calloc(k, n);
    if (p) errno = e;
    return p;
}

MZ_HEAP_API void *realloc(void *q, size_t n)
{
    if (q && in_boot(q)) { /* moved out of the boot buffer; its size is unknown, at most what is left there */
        void *p = malloc(n);
        size_t have = (size_t)(boot + sizeof boot - (unsigned char *)q);
        if (p) memcpy(p, q, n < have ? n : have);
        return p;
    }
    if (!resolve()) return q ? NULL : boot_alloc(n);
    int e = errno;
    void *p = next_realloc(q, n);
    if (p || !n) errno = e;
    return p;
}

MZ_HEAP_API void free(void *p)
{
    if (!p || in_boot(p)) return;
    if (resolve()) next_free(p);
}
#endif
