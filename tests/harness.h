/* harness.h - a minimal test harness: each check prints "PASS name" or
 * "FAIL name: why"; tests/run.sh counts them across all test programs. */
#ifndef MZ_HARNESS_H
#define MZ_HARNESS_H

#include <stdio.h>
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

#endif
