/* pdf_pack.c - the file's layout: streams as they are, the other objects in deflated object streams, a cross-reference stream. */
#include "pdf/pdf_pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

/* An object stream is closed at this many bytes of objects: each stream
 * deflates on its own, so fewer streams compress better (seed x70,
 * tagged: 64 KB streams 548 KB, 256 KB 538 KB, 1 MB 532 KB), and a
 * reader looking for one object still inflates only a few milliseconds'
 * worth. */
#define MZ_PACK_BYTES (1024 * 1024)
/* ... or objects (an index in the cross-reference stream is 2 bytes) */
#define MZ_PACK_OBJECTS 65535
/* libdeflate's level; zlib's 9 was 1% smaller than its 6 and 80 M
 * instructions slower on the seed x70 */
#define MZ_PACK_LEVEL 6

typedef struct xent {
    unsigned char type; /* 0 free, 1 in the file, 2 in an object stream */
    uint32_t f2;        /* offset, or its object stream's number */
    uint16_t f3;        /* index in its object stream */
} xent;

struct mz_pack {
    size_t nobj;  /* libharu's objects, 0 .. nobj-1 */
    xent *x;      /* every object's entry, the packer's own after nobj */
    size_t nx, cap;
    mz_buf file;  /* the file since the last spill */
    size_t base;  /* bytes before it, handed to the sink */
    mz_pack_sink sink;
    void *sink_ud;
    uint32_t *pend; /* objects opened in file since the last spill, to verify */
    size_t npend, pcap;
    mz_buf head;  /* the open object stream's pairs "number offset " */
    mz_buf body;  /* its objects */
    struct libdeflate_compressor *zc; /* made on first use */
    uint32_t nin; /* objects in it */
};

static mz_status nomem(mz_diag *d) { return mz_fail(d, MZ_ERR_NOMEM, "out of memory while writing the PDF"); }

static mz_status bad(mz_diag *d, uint32_t num, const char *what)
{
    return mz_fail(d, MZ_ERR_INTERNAL, "PDF writer: object %u %s", (unsigned)num, what);
}

/* N bytes at P deflated into *Z (malloc'd), *ZLEN bytes.  libdeflate
 * itself, not pdf_bytes.c's: that module writes through the shim, which
 * calls this one. */
static mz_status deflate_all(mz_pack *pk, mz_diag *d, const void *p, size_t n, unsigned char **z, size_t *zlen)
{
    if (!pk->zc && !(pk->zc = libdeflate_alloc_compressor(MZ_PACK_LEVEL))) return nomem(d);
    size_t zn = libdeflate_zlib_compress_bound(pk->zc, n);
    if (!(*z = malloc(zn))) return nomem(d);
    *zlen = libdeflate_zlib_compress(pk->zc, p ? p : (const void *)"", n, *z, zn);
    if (!*zlen) { /* cannot happen: the bound is libdeflate's own */
        free(*z);
        *z = NULL;
        return mz_fail(d, MZ_ERR_INTERNAL, "PDF writer: deflate overran its bound");
    }
    return MZ_OK;
}

mz_pack *mz_pack_new(size_t nobj, const char *header)
{
    mz_pack *pk = calloc(1, sizeof *pk);
    if (!pk) return NULL;
    pk->nobj = nobj;
    if (nobj < 1 || !mz_grow((void **)&pk->x, &pk->cap, nobj + 16, sizeof *pk->x)) {
        free(pk);
        return NULL;
    }
    memset(pk->x, 0, pk->cap * sizeof *pk->x);
    pk->nx = nobj;
    mz_buf_puts(&pk->file, header);
    if (pk->file.oom) {
        mz_pack_free(pk);
        return NULL;
    }
    return pk;
}

void mz_pack_free(mz_pack *pk)
{
    if (!pk) return;
    free(pk->x);
    mz_buf_free(&pk->file);
    free(pk->pend);
    mz_buf_free(&pk->head);
    mz_buf_free(&pk->body);
    libdeflate_free_compressor(pk->zc);
    free(pk);
}

/* A number for an object of the packer's own (object streams, the
 * cross-reference stream), after libharu's; 0 when out of memory. */
static uint32_t own_object(mz_pack *pk)
{
    if (!mz_grow((void **)&pk->x, &pk->cap, pk->nx + 1, sizeof *pk->x)) return 0;
    pk->x[pk->nx] = (xent){0, 0, 0};
    return (uint32_t)pk->nx++;
}

static int fresh(mz_pack *pk, uint32_t num) { return num > 0 && num < pk->nobj && pk->x[num].type == 0; }

/* The start of an indirect object in the file, its entry. */
static int open_object(mz_pack *pk, uint32_t num)
{
    if (pk->base + pk->file.len > UINT32_MAX) return 0;
    if (pk->sink) {
        if (!mz_grow((void **)&pk->pend, &pk->pcap, pk->npend + 1, sizeof *pk->pend)) {
            pk->file.oom = 1;
            return 1; /* reported as out of memory */
        }
        pk->pend[pk->npend++] = num;
    }
    pk->x[num] = (xent){1, (uint32_t)(pk->base + pk->file.len), 0};
    mz_buf_printf(&pk->file, "%u 0 obj\012", (unsigned)num);
    return 1;
}

/* Whether object NUM's header is at its offset in the bytes still held. */
static int at_offset(const mz_pack *pk, size_t num)
{
    char want[32];
    int k = snprintf(want, sizeof want, "%zu 0 obj\012", num);
    size_t off = pk->x[num].f2;
    return off >= pk->base && off - pk->base + (size_t)k <= pk->file.len &&
           memcmp(pk->file.data + (off - pk->base), want, (size_t)k) == 0;
}

void mz_pack_set_sink(mz_pack *pk, mz_pack_sink sink, void *ud)
{
    pk->sink = sink;
    pk->sink_ud = ud;
}

/* With a sink, the bytes held go to it once there are MZ_PACK_SPILL of
 * them, their objects' offsets checked first: the file is never whole in
 * memory (a long document's pages would be there twice, in libharu and
 * here). */
#define MZ_PACK_SPILL (256 * 1024)
static mz_status spill(mz_pack *pk, mz_diag *d)
{
    if (!pk->sink || pk->file.oom || pk->file.len < MZ_PACK_SPILL) return MZ_OK;
    for (size_t i = 0; i < pk->npend; i++)
        if (!at_offset(pk, pk->pend[i])) return bad(d, pk->pend[i], "is not at its offset");
    pk->sink(pk->sink_ud, pk->file.data, pk->file.len);
    pk->base += pk->file.len;
    pk->file.len = 0;
    pk->npend = 0;
    return MZ_OK;
}

mz_status mz_pack_stream(mz_pack *pk, mz_diag *d, uint32_t num, const char *v, size_t n)
{
    if (!fresh(pk, num)) return bad(d, num, "written twice or out of range");
    if (!open_object(pk, num)) return mz_fail(d, MZ_ERR_LIMIT, "PDF writer: the file passes 4 GB");
    mz_buf_put(&pk->file, v, n);
    mz_buf_puts(&pk->file, "\012endobj\012");
    return pk->file.oom ? nomem(d) : spill(pk, d);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* The literal string (...) at V[*i]: copied, its escapes and balanced
 * parentheses kept; 0 when it does not end. */
static int copy_literal(mz_buf *o, const char *v, size_t n, size_t *i)
{
    size_t a = *i, k = a + 1;
    int depth = 1;
    for (; k < n && depth; k++) {
        if (v[k] == '\\') k++;
        else if (v[k] == '(') depth++;
        else if (v[k] == ')') depth--;
    }
    if (depth) return 0;
    mz_buf_put(o, v + a, k - a);
    *i = k;
    return 1;
}

/* The hex string <...> at V[*i] as a literal string: its bytes, with
 * only what a literal cannot hold as it is escaped (the parentheses, the
 * backslash, and CR, which a reader would take for an end of line);
 * 0 when it is not hex digits in pairs up to a '>'. */
static int hex_to_literal(mz_buf *o, const char *v, size_t n, size_t *i)
{
    size_t k = *i + 1, e = k;
    while (e < n && v[e] != '>') e++;
    if (e >= n || (e - k) % 2) return 0;
    /* room for every byte escaped, and the parentheses */
    if (o->oom || !mz_grow((void **)&o->data, &o->cap, o->len + (e - k) + 3, 1)) {
        o->oom = 1; /* the caller sees it; nothing more to do here */
        *i = n;
        return 1;
    }
    unsigned char *p = (unsigned char *)o->data + o->len;
    *p++ = '(';
    for (; k < e; k += 2) {
        int hi = hexval((unsigned char)v[k]), lo = hexval((unsigned char)v[k + 1]);
        if (hi < 0 || lo < 0) return 0;
        unsigned char c = (unsigned char)(hi << 4 | lo);
        if (c == '(' || c == ')' || c == '\\' || c == '\r') *p++ = '\\';
        *p++ = c == '\r' ? 'r' : c;
    }
    *p++ = ')';
    o->len = (size_t)(p - (unsigned char *)o->data);
    o->data[o->len] = 0;
    *i = e + 1;
    return 1;
}

static int delim(char c) { return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']'; }
static int white(char c) { return c == ' ' || c == '\012' || c == '\015' || c == '\t'; }

/* Object value V into O, hex strings as literals, and no white space next
 * to a delimiter (before a '/' neither), a single space elsewhere: what
 * libharu puts around every key and bracket is a quarter of a structure
 * element's bytes.  libharu writes names with their delimiters escaped
 * (#3C), so outside a literal string a '<' opens a dictionary ("<<") or
 * a hex string. */
static int put_value(mz_buf *o, const char *v, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        char c = v[i];
        if (white(c)) {
            mz_buf_put(o, v + run, i - run);
            size_t k = i;
            while (k < n && white(v[k])) k++;
            int keep = i > 0 && k < n && !delim(v[i - 1]) && !delim(v[k]) && v[k] != '/';
            if (keep) mz_buf_put(o, " ", 1);
            i = run = k;
            continue;
        }
        if (c != '(' && c != '<') {
            i++;
            continue;
        }
        mz_buf_put(o, v + run, i - run);
        if (c == '(') {
            if (!copy_literal(o, v, n, &i)) return 0;
        } else if (i + 1 < n && v[i + 1] == '<') {
            mz_buf_put(o, "<<", 2);
            i += 2;
        } else if (!hex_to_literal(o, v, n, &i)) {
            return 0;
        }
        run = i;
    }
    mz_buf_put(o, v + run, n - run);
    return 1;
}

/* The open object stream into the file (ISO 32000-1 7.5.7): the pairs,
 * then the objects, deflated. */
static mz_status close_objstm(mz_pack *pk, mz_diag *d)
{
    if (!pk->nin) return MZ_OK;
    uint32_t num = own_object(pk);
    if (!num) return nomem(d);
    size_t first = pk->head.len;
    mz_buf_put(&pk->head, pk->body.data, pk->body.len);
    if (pk->head.oom) return nomem(d);
    unsigned char *z = NULL;
    size_t zlen = 0;
    mz_status st = deflate_all(pk, d, pk->head.data, pk->head.len, &z, &zlen);
    if (st) return st;
    /* its objects now know their stream's number */
    for (size_t i = 1; i < pk->nobj; i++)
        if (pk->x[i].type == 2 && pk->x[i].f2 == 0) pk->x[i].f2 = num;
    if (!open_object(pk, num)) st = mz_fail(d, MZ_ERR_LIMIT, "PDF writer: the file passes 4 GB");
    mz_buf_printf(&pk->file, "<<\012/Type /ObjStm\012/N %u\012/First %zu\012/Filter /FlateDecode\012/Length %zu\012>>\012stream\015\012",
                  (unsigned)pk->nin, first, zlen);
    mz_buf_put(&pk->file, z, zlen);
    mz_buf_puts(&pk->file, "\012endstream\012endobj\012");
    free(z);
    pk->head.len = pk->body.len = 0;
    pk->nin = 0;
    return st ? st : pk->file.oom ? nomem(d) : spill(pk, d);
}

mz_status mz_pack_object(mz_pack *pk, mz_diag *d, uint32_t num, const char *v, size_t n, int verbatim)
{
    if (!fresh(pk, num)) return bad(d, num, "written twice or out of range");
    if (pk->nin) mz_buf_put(&pk->body, "\012", 1);
    mz_buf_printf(&pk->head, "%u %zu ", (unsigned)num, pk->body.len);
    if (verbatim) mz_buf_put(&pk->body, v, n);
    else if (!put_value(&pk->body, v, n)) return bad(d, num, "is not what libharu writes (a string that does not end)");
    if (pk->head.oom || pk->body.oom) return nomem(d);
    pk->x[num] = (xent){2, 0, (uint16_t)pk->nin++}; /* f2: set when its stream is closed */
    if (pk->body.len >= MZ_PACK_BYTES || pk->nin >= MZ_PACK_OBJECTS) return close_objstm(pk, d);
    return MZ_OK;
}

static int bytes_for(uint32_t v)
{
    int w = 1;
    while (w < 4 && v >> (8 * w)) w++;
    return w;
}

static void put_be(unsigned char *p, uint32_t v, int w)
{
    for (int k = w - 1; k >= 0; k--, v >>= 8) p[k] = (unsigned char)v;
}

/* The cross-reference stream's rows, each after the PNG "Up" filter byte
 * and as its difference from the row above (Predictor 12): the offsets
 * of neighbouring objects differ little, which deflates to a few bytes a
 * row. */
static unsigned char *xref_rows(const mz_pack *pk, int w2, int w3, size_t *len)
{
    size_t cols = (size_t)(1 + w2 + w3), n = pk->nx;
    unsigned char *r = calloc(n, cols + 1), prev[16] = {0}, row[16];
    if (!r) return NULL;
    for (size_t i = 0; i < n; i++) {
        const xent *e = &pk->x[i];
        row[0] = e->type;
        put_be(row + 1, e->f2, w2);
        put_be(row + 1 + w2, i == 0 ? 0xFFFF : e->f3, w3);
        unsigned char *o = r + i * (cols + 1);
        o[0] = 2;
        for (size_t k = 0; k < cols; k++) o[1 + k] = (unsigned char)(row[k] - prev[k]);
        memcpy(prev, row, cols);
    }
    *len = n * (cols + 1);
    return r;
}

/* Every object given, every offset at its object (those spilled were
 * checked before they went). */
static mz_status verify(const mz_pack *pk, mz_diag *d)
{
    for (size_t i = 1; i < pk->nx; i++) {
        const xent *e = &pk->x[i];
        if (e->type == 0 || (e->type == 2 && !e->f2)) return bad(d, (uint32_t)i, "was not written");
        if (e->type == 1 && e->f2 >= pk->base && !at_offset(pk, i)) return bad(d, (uint32_t)i, "is not at its offset");
    }
    return MZ_OK;
}

mz_status mz_pack_finish(mz_pack *pk, mz_diag *d, const char *trailer, size_t n)
{
    /* the trailer's entries, without libharu's "<<\012" and ">>" */
    if (n < 5 || memcmp(trailer, "<<\012", 3) || memcmp(trailer + n - 2, ">>", 2))
        return mz_fail(d, MZ_ERR_INTERNAL, "PDF writer: the trailer is not what libharu writes");
    mz_status st = close_objstm(pk, d);
    if (st) return st;
    uint32_t num = own_object(pk);
    if (!num) return nomem(d);
    if (!open_object(pk, num)) return mz_fail(d, MZ_ERR_LIMIT, "PDF writer: the file passes 4 GB");
    uint32_t max2 = 0, start = pk->x[num].f2;
    for (size_t i = 0; i < pk->nx; i++)
        if (pk->x[i].f2 > max2) max2 = pk->x[i].f2;
    int w2 = bytes_for(max2), w3 = 2;
    size_t rl = 0;
    unsigned char *rows = xref_rows(pk, w2, w3, &rl), *z = NULL;
    if (!rows) return nomem(d);
    size_t zlen = 0;
    st = deflate_all(pk, d, rows, rl, &z, &zlen);
    free(rows);
    if (st) return st;
    mz_buf_printf(&pk->file,
                  "<<\012/Type /XRef\012/Size %zu\012/W [ 1 %d %d ]\012/Filter /FlateDecode\012"
                  "/DecodeParms << /Predictor 12 /Columns %d >>\012/Length %zu\012",
                  pk->nx, w2, w3, 1 + w2 + w3, zlen);
    mz_buf_put(&pk->file, trailer + 3, n - 3);
    mz_buf_puts(&pk->file, "\012stream\015\012");
    mz_buf_put(&pk->file, z, zlen);
    free(z);
    mz_buf_printf(&pk->file, "\012endstream\012endobj\012startxref\012%u\012%%%%EOF\012", (unsigned)start);
    if (pk->file.oom) return nomem(d);
    return verify(pk, d);
}

unsigned char *mz_pack_take(mz_pack *pk, size_t *len)
{
    unsigned char *p = (unsigned char *)pk->file.data;
    *len = pk->file.len;
    pk->file = (mz_buf){0};
    return p;
}
