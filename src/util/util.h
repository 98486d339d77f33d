/* util.h - shared internals: diagnostics, arena, growable buffer, UTF-8. */
#ifndef MZ_UTIL_H
#define MZ_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mujaz.h"

/* The language a document is in when it does not say (BCP 47): the one
 * place it is written; every stage takes it from the document. */
#define MZ_DEFAULT_LANG "ar"

/* Diagnostics: the first error wins and is kept; warnings go to the caller's
 * callback (never printed by the library). */
typedef struct mz_diag {
    char *buf;     /* caller's error buffer (may be NULL) */
    size_t len;
    mz_status status;
    mz_warn_fn warn;
    void *warn_ud;
    int strict;    /* warnings become MZ_ERR_INPUT */
    unsigned nwarnings;
} mz_diag;

/* Records an error (only the first one is kept) and returns its status. */
mz_status mz_fail(mz_diag *d, mz_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same for an error at line LINE of file NAME: "NAME:LINE: message",
 * the message clipped to 512 bytes (readers of YAML and Markdown use it). */
mz_status mz_fail_at(mz_diag *d, mz_status st, const char *name, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#ifdef __clang_analyzer__
/* For clang's analyser (make lint) only: what it cannot see from here is
 * that a failure's status is never MZ_OK. */
#define mz_fail(d, st, ...) (mz_fail((d), (st), __VA_ARGS__), (st))
#define mz_fail_at(d, st, ...) (mz_fail_at((d), (st), __VA_ARGS__), (st))
#endif
/* Reports a warning; returns MZ_ERR_INPUT when strict, else MZ_OK. */
mz_status mz_warn(mz_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Arena: many small allocations freed together (one per document). */
typedef struct mz_arena_block mz_arena_block;
typedef struct mz_arena {
    mz_arena_block *head;
} mz_arena;

void *mz_arena_alloc(mz_arena *a, size_t size); /* zeroed, 16-aligned; NULL on OOM */
char *mz_arena_strdup(mz_arena *a, const char *s);
void mz_arena_free(mz_arena *a);

/* Growable byte buffer. */
typedef struct mz_buf {
    char *data;
    size_t len, cap;
    int oom; /* sticky: set when an append failed */
} mz_buf;

void mz_buf_grow_put(mz_buf *b, const void *p, size_t n);
/* Appends N bytes (P may be NULL when N is 0), keeping data 0-terminated.
 * Inline while they fit: content streams append a few bytes at a time
 * (360 000 calls on dict100k: 6 M instructions fewer inline). */
static inline void mz_buf_put(mz_buf *b, const void *p, size_t n)
{
    if (b->oom || b->len + n >= b->cap) {
        mz_buf_grow_put(b, p, n);
        return;
    }
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}
void mz_buf_puts(mz_buf *b, const char *s);
void mz_buf_printf(mz_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mz_buf_free(mz_buf *b);

/* Growable array helper: ensures room for `need` elements of `size` bytes. */
int mz_grow(void **ptr, size_t *cap, size_t need, size_t size);

/* 1 when mz_utf8_decode would take s[0 .. n) as it is: valid UTF-8 with no
 * NUL byte, so nothing to replace or warn about.  Reads, allocates nothing. */
int mz_utf8_valid(const char *s, size_t n);

/* UTF-8 → UTF-32.  Invalid sequences become U+FFFD and a warning naming the
 * byte offset (relative to base_offset) is sent to d.  NUL bytes become
 * U+FFFD too.  Returns a malloc'd array (caller frees) or NULL on OOM. */
uint32_t *mz_utf8_decode(const char *s, size_t n, size_t *out_len, mz_diag *d, const char *name,
                         size_t base_offset);
/* Appends the UTF-8 encoding of code point c to b. */
void mz_utf8_put(mz_buf *b, uint32_t c);
/* UTF-32 → malloc'd NUL-terminated UTF-8 (NULL on OOM). */
char *mz_utf32_to_utf8(const uint32_t *u, size_t n);

/* Formats a number in the digits from ZERO, the code point of the digit zero
 * (0x0660 Arabic-Indic, 0x06F0 extended; 0 or '0' European). */
void mz_format_number(mz_buf *b, long n, int zero);

/* A length such as "3mm", "0.125in", "8.5pt" or "8.5" (points) into *pt;
 * 0 when S is not one (a number without exponent, then an optional unit). */
int mz_parse_length(const char *s, double *pt);

/* HarfBuzz, FreeType and fontconfig carry on when an allocation fails (a
 * table or a lookup left out) and tell no one: malloc's errno is the one
 * witness.  Call before a library call to watch it: errno is cleared unless
 * it already says ENOMEM, which stays for the render's final check. */
static inline void mz_errno_watch(void)
{
    if (errno != ENOMEM) errno = 0;
}

#endif
