/* pdf_memo.c - deflated streams that recur across a batch's documents, kept with the faces and deflated once. */
#include "pdf/pdf_memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A ToUnicode map or a page's header and footer is a few KB, deflated at
 * about 100 instructions a byte; a page's body is larger and its own. */
#define MZ_MEMO_MAX (16u << 10)
#define MZ_MEMO_ENTRIES 32 /* at most ~1 MB with the deflated copies; least recently used replaced */

struct mz_memo_entry {
    uint64_t hash;
    int level;
    unsigned char *in, *z; /* the bytes and their deflated form */
    size_t len, zlen;
    unsigned long long used; /* 0 = empty */
};

struct mz_memo {
    struct mz_memo_entry e[MZ_MEMO_ENTRIES];
    unsigned long long clock;
};

static void entry_free(struct mz_memo_entry *e)
{
    free(e->in);
    free(e->z);
    memset(e, 0, sizeof *e);
}

static void memo_free(void *data)
{
    struct mz_memo *m = data;
    for (size_t i = 0; m && i < MZ_MEMO_ENTRIES; i++) entry_free(&m->e[i]);
    free(m);
}

/* FNV-1a: a few instructions a byte, against deflate's hundred. */
static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static struct mz_memo *memo_of(mz_pw *w)
{
    struct mz_memo *m = mz_fonts_cache(w->fs, MZ_FONTS_CACHE_STREAMS);
    if (!m && (m = calloc(1, sizeof *m)) != NULL) mz_fonts_set_cache(w->fs, MZ_FONTS_CACHE_STREAMS, m, memo_free);
    return m;
}

/* Deflates IN into the least recently used entry of M; NULL when out of memory. */
static struct mz_memo_entry *memo_add(mz_pw *w, struct mz_memo *m, mz_zin in, uint64_t h, mz_status *st)
{
    size_t v = 0;
    for (size_t i = 1; i < MZ_MEMO_ENTRIES; i++)
        if (m->e[i].used < m->e[v].used) v = i;
    struct mz_memo_entry *e = &m->e[v];
    entry_free(e);
    if ((*st = mz_pdf_deflate(&w->zip, w->d, in, &e->z, &e->zlen))) return NULL;
    if (!(e->in = malloc(in.len ? in.len : 1))) {
        entry_free(e);
        *st = mz_fail(w->d, MZ_ERR_NOMEM, "out of memory %s", in.what);
        return NULL;
    }
    if (in.len) memcpy(e->in, in.data, in.len);
    e->len = in.len;
    e->hash = h;
    e->level = in.level;
    return e;
}

mz_status mz_pdf_write_memo(mz_pw *w, mz_hobj *ds, mz_zin in)
{
    struct mz_memo *m = in.len <= MZ_MEMO_MAX ? memo_of(w) : NULL;
    if (!m) return mz_pdf_write_deflated(w->h, &w->zip, w->d, ds, in);
    uint64_t h = hash_bytes(in.data, in.len);
    struct mz_memo_entry *e = NULL;
    for (size_t i = 0; i < MZ_MEMO_ENTRIES && !e; i++)
        if (m->e[i].used && m->e[i].hash == h && m->e[i].level == in.level && m->e[i].len == in.len &&
            (!in.len || !memcmp(m->e[i].in, in.data, in.len)))
            e = &m->e[i];
    mz_status st = MZ_OK;
    if (!e && !(e = memo_add(w, m, in, h, &st))) return st;
    e->used = ++m->clock;
    return mz_hstream_write(w->h, ds, e->z, e->zlen, MZ_HDEFLATED);
}
