/* util.c - diagnostics, arena, growable buffers and UTF-8 conversion. */
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vformat(char *buf, size_t len, const char *fmt, va_list ap)
{
    if (buf && len) vsnprintf(buf, len, fmt, ap);
}

mz_status mz_fail(mz_diag *d, mz_status st, const char *fmt, ...)
{
    if (!d) return st;
    if (d->status == MZ_OK) {
        va_list ap;
        va_start(ap, fmt);
        vformat(d->buf, d->len, fmt, ap);
        va_end(ap);
        d->status = st;
    }
    return d->status;
}

mz_status mz_fail_at(mz_diag *d, mz_status st, const char *name, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mz_fail(d, st, "%s:%d: %s", name, line, msg);
}

mz_status mz_warn(mz_diag *d, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    if (!d) return MZ_OK;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    d->nwarnings++;
    if (d->strict) return mz_fail(d, MZ_ERR_INPUT, "%s (--strict)", msg);
    if (d->warn) d->warn(d->warn_ud, msg);
    return MZ_OK;
}

/* ---- arena ---------------------------------------------------------------- */

struct mz_arena_block {
    mz_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

#define MZ_ARENA_CHUNK (64 * 1024) /* big enough that block headers cost nothing */

void *mz_arena_alloc(mz_arena *a, size_t size)
{
    mz_arena_block *b = a->head;
    size = (size + 15) & ~(size_t)15;
    if (size == 0) size = 16;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > MZ_ARENA_CHUNK / 4 ? size : MZ_ARENA_CHUNK;
        mz_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb) return NULL;
        nb->used = 0;
        nb->cap = cap;
        if (b && cap != MZ_ARENA_CHUNK) {
            /* a large one-off allocation: keep the current block in front */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *mz_arena_strdup(mz_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = mz_arena_alloc(a, n);
    if (p) memcpy(p, s, n);
    return p;
}

void mz_arena_free(mz_arena *a)
{
    mz_arena_block *b = a->head;
    while (b) {
        mz_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}

/* ---- buffers ---------------------------------------------------------------- */

int mz_grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 1;
    size_t nc = *cap ? *cap : 8;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / size) return 0;
        nc *= 2;
    }
    void *p = realloc(*ptr, nc * size);
    if (!p) return 0;
    *ptr = p;
    *cap = nc;
    return 1;
}

void mz_buf_grow_put(mz_buf *b, const void *p, size_t n)
{
    if (b->oom) return;
    if (!mz_grow((void **)&b->data, &b->cap, b->len + n + 1, 1)) {
        b->oom = 1;
        return;
    }
    if (n) memcpy(b->data + b->len, p, n); /* p may be NULL when n is 0 */
    b->len += n;
    b->data[b->len] = 0;
}

void mz_buf_puts(mz_buf *b, const char *s) { mz_buf_put(b, s, strlen(s)); }

void mz_buf_printf(mz_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        mz_buf_put(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    mz_buf_put(b, big, (size_t)n);
    free(big);
}

void mz_buf_free(mz_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- UTF-8 ---------------------------------------------------------------- */

#define MZ_UTF8_WARN_MAX 10 /* per input: a binary file must not flood stderr */

/* The UTF-8 sequence at p[0 .. avail): *len its length by its lead byte (0:
 * not a lead byte), *cp the value read (partial where the sequence breaks
 * off).  1 when it is the shortest form of a scalar value. */
static inline int utf8_seq(const unsigned char *p, size_t avail, size_t *len, uint32_t *cp)
{
    unsigned c = p[0];
    *len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    *cp = *len == 1 ? c : *len == 2 ? c & 0x1Fu : *len == 3 ? c & 0x0Fu : *len == 4 ? c & 0x07u : 0;
    int ok = *len > 0 && *len <= avail;
    for (size_t j = 1; ok && j < *len; j++) {
        if ((p[j] & 0xC0) != 0x80) ok = 0;
        else *cp = (*cp << 6) | (p[j] & 0x3F);
    }
    /* overlong forms, surrogates and values past U+10FFFF are invalid */
    if (ok && ((*len == 3 && *cp < 0x800) || (*len == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) ||
               (*cp >= 0xD800 && *cp <= 0xDFFF)))
        ok = 0;
    return ok;
}

int mz_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (p[i] && p[i] < 0x80) { /* ASCII: only NUL is refused */
            i++;
            continue;
        }
        size_t len;
        uint32_t cp;
        if (!utf8_seq(p + i, n - i, &len, &cp) || cp == 0) return 0;
        i += len;
    }
    return 1;
}

uint32_t *mz_utf8_decode(const char *s, size_t n, size_t *out_len, mz_diag *d, const char *name,
                         size_t base_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t *u = malloc((n + 1) * sizeof *u);
    size_t i = 0, k = 0;
    size_t line = 1, counted = 0; /* newlines in p[0 .. counted) */
    unsigned bad = 0;
    if (!u) return NULL;
    while (i < n) {
        if (p[i] && p[i] < 0x80) {
            u[k++] = p[i++];
            continue;
        }
        uint32_t cp;
        size_t len;
        int ok = utf8_seq(p + i, n - i, &len, &cp);
        if (!ok || cp == 0) {
            if (bad < MZ_UTF8_WARN_MAX) {
                for (; counted < i; counted++) line += p[counted] == '\n';
                if (cp == 0 && ok)
                    mz_warn(d, "%s:%zu: NUL byte replaced by U+FFFD (byte offset %zu)", name, line,
                            base_offset + i);
                else
                    mz_warn(d, "%s:%zu: invalid UTF-8 replaced by U+FFFD (byte offset %zu)", name, line,
                            base_offset + i);
            } else if (bad == MZ_UTF8_WARN_MAX) {
                mz_warn(d, "%s: more invalid UTF-8 follows; further warnings suppressed", name);
            }
            bad++;
            u[k++] = 0xFFFD;
            /* skip the lead byte and any continuation bytes that belonged to it */
            i++;
            if (!ok && cp != 0)
                while (i < n && (p[i] & 0xC0) == 0x80 && len > 1) {
                    i++;
                    len--;
                }
            continue;
        }
        u[k++] = cp;
        i += len;
    }
    *out_len = k;
    u[k] = 0;
    return u;
}

void mz_utf8_put(mz_buf *b, uint32_t c)
{
    char t[4];
    size_t n;
    if (c < 0x80) {
        t[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        t[0] = (char)(0xC0 | (c >> 6));
        t[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        t[0] = (char)(0xE0 | (c >> 12));
        t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        t[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (c >> 18));
        t[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        t[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    mz_buf_put(b, t, n);
}

char *mz_utf32_to_utf8(const uint32_t *u, size_t n)
{
    mz_buf b = {0};
    for (size_t i = 0; i < n; i++) mz_utf8_put(&b, u[i]);
    mz_buf_put(&b, "", 0);
    if (b.oom) {
        mz_buf_free(&b);
        return NULL;
    }
    if (!b.data) return calloc(1, 1);
    return b.data;
}

void mz_format_number(mz_buf *b, long n, int zero)
{
    char t[32];
    snprintf(t, sizeof t, "%ld", n);
    for (char *p = t; *p; p++) {
        if (zero > '0' && *p >= '0' && *p <= '9') mz_utf8_put(b, (uint32_t)zero + (uint32_t)(*p - '0'));
        else mz_buf_put(b, p, 1);
    }
}

/* By hand, not strtod: the embedding program's locale may use a decimal comma. */
int mz_parse_length(const char *s, double *pt)
{
    double x = 0, scale = 1;
    int digits = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++) x = x * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, digits++) x += (*s - '0') * (scale /= 10);
    if (!digits) return 0;
    while (*s == ' ') s++;
    static const struct { const char *unit; double pt; } units[] = {
        {"", 1}, {"pt", 1}, {"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"in", 72}};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (!strcmp(s, units[i].unit)) return *pt = x * units[i].pt, 1;
    return 0;
}
