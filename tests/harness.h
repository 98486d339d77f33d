/* harness.h - a minimal test harness: each check prints "PASS name" or
 * "FAIL name: why"; tests/run.sh counts them across all test programs. */
#ifndef MZ_HARNESS_H
#define MZ_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int mz_t_failed;

#define MZ_PASS(name) printf("PASS %s\n", (name))
#define MZ_FAILF(name, ...)                                                \
    do {                                                                   \
        printf("FAIL %s: ", (name));                                       \
        printf(__VA_ARGS__);                                               \
        printf("\n");                                                      \
        mz_t_failed++;                                                     \
    } while (0)
#define MZ_CHECK(name, cond, ...)                                          \
    do {                                                                   \
        if (cond) MZ_PASS(name);                                           \
        else MZ_FAILF(name, __VA_ARGS__);                                  \
    } while (0)
#define MZ_DONE() return mz_t_failed ? 1 : 0

/* A whole file in a malloc'd buffer, NUL-terminated; *len bytes.  NULL if it
 * cannot be read. */
static inline char *mz_t_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) break;
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

#endif
