/* hpdf_shim.c - the one file that uses libharu: PDF objects, pages, saving. */
#include "pdf/hpdf_shim.h"

#include "pdf/pdf_pack.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_utils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A page's XObjects after its first, held here until the page is packed
 * (mz_hpage_xobject): as libharu entries (a 128-byte key each, and a
 * proxy) every page's were kept to the file's end, 11 MB of the seed
 * x700's peak. */
typedef struct pagexo {
    HPDF_Dict xo; /* the page's XObject dictionary, holding its first */
    mz_hobj **form;
    size_t n, cap;
} pagexo;

struct mz_hdoc {
    HPDF_Doc pdf;
    mz_diag *d;
    mz_status st;              /* the first failure, kept */
    HPDF_STATUS herr, hdetail; /* the first error libharu reported to its handler */
    mz_buf raw;                /* the values of objects written without libharu (mz_hset_raw) */
    struct rawobj {
        uint32_t num, len; /* a value is far below 4 GB: an element's, a parent tree's */
        size_t off;
    } *ro;
    size_t nro, cro;
    pagexo *px;                /* pages' later XObjects */
    size_t npx, cpx;
    size_t *px_at;             /* per object number: its page's index in px + 1, or 0 */
    size_t cpx_at;
    char (*xname)[8];          /* xname[k]: the name of a page's XObject k + 2, "X<k+2>" */
    size_t nxname;
};

#define DICT(o) ((HPDF_Dict)(void *)(o))
#define OBJ(p) ((mz_hobj *)(void *)(p))

/* ---- errors ---------------------------------------------------------------- */

/* libharu calls this on every error; it is only recorded (no longjmp) and
 * turned into an mz_status by the check of the failing call. */
static void HPDF_STDCALL on_error(HPDF_STATUS err, HPDF_STATUS detail, void *ud)
{
    mz_hdoc *h = ud;
    if (!h->herr) {
        h->herr = err;
        h->hdetail = detail;
    }
}

/* Set by the allocator when an allocation fails: libharu then reports
 * whatever its caller's check says (a "dictionary count" error for a
 * dictionary it could not grow).  The allocator has no user data. */
static _Thread_local int hpdf_oom;

static void *HPDF_STDCALL hpdf_alloc(HPDF_UINT n)
{
    void *p = malloc(n ? n : 1);
    if (!p) hpdf_oom = 1;
    return p;
}

static void HPDF_STDCALL hpdf_free(void *p) { free(p); }

/* Keeps the first failure: status R of libharu function CALL, or what its
 * handler or allocator saw. */
static mz_status check(mz_hdoc *h, HPDF_STATUS r, const char *call)
{
    if (h->st) return h->st;
    if (r == HPDF_OK && !h->herr && !hpdf_oom) return MZ_OK;
    HPDF_STATUS e = h->herr ? h->herr : r;
    /* zlib fails only for want of memory when libharu deflates a stream */
    if (e == HPDF_FAILD_TO_ALLOC_MEM || hpdf_oom || (e == HPDF_ZLIB_ERROR && errno == ENOMEM))
        h->st = mz_fail(h->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    else
        h->st = mz_fail(h->d, MZ_ERR_INTERNAL, "PDF writer: %s failed (libharu error 0x%04X, detail %u)", call,
                        (unsigned)e, (unsigned)h->hdetail);
    return h->st;
}

/* P, made by CALL, or NULL with the failure kept (libharu returns NULL
 * for want of memory). */
static void *made(mz_hdoc *h, void *p, const char *call)
{
    if (check(h, p ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, call)) {
        if (p) HPDF_Obj_Free(h->pdf->mmgr, p); /* frees only what no container holds */
        return NULL;
    }
    return p;
}

mz_status mz_hdoc_status(const mz_hdoc *h) { return h->st; }

/* ---- the document ---------------------------------------------------------- */

mz_status mz_hdoc_new(mz_hdoc **out, mz_diag *d)
{
    mz_hdoc *h = calloc(1, sizeof *h);
    *out = h;
    if (!h) return mz_fail(d, MZ_ERR_NOMEM, "out of memory while creating the PDF");
    h->d = d;
    hpdf_oom = 0;
    h->pdf = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, h);
    if (!h->pdf) return h->st = mz_fail(d, MZ_ERR_NOMEM, "out of memory while creating the PDF");
    h->pdf->pdf_version = HPDF_VER_17; /* ActualText needs 1.5 */
    return check(h, HPDF_SetCompressionMode(h->pdf, HPDF_COMP_NONE), "HPDF_SetCompressionMode");
}

void mz_hdoc_free(mz_hdoc *h)
{
    if (!h) return;
    if (h->pdf) HPDF_Free(h->pdf);
    mz_buf_free(&h->raw);
    free(h->ro);
    for (size_t i = 0; i < h->npx; i++) free(h->px[i].form);
    free(h->px);
    free(h->px_at);
    free(h->xname);
    free(h);
}

mz_hobj *mz_hdoc_root(mz_hdoc *h, mz_hroot which)
{
    if (h->st) return NULL;
    return OBJ(which == MZ_HCATALOG ? h->pdf->catalog : which == MZ_HINFO ? h->pdf->info : h->pdf->trailer);
}

mz_status mz_hdoc_creator(mz_hdoc *h, const char *creator)
{
    if (h->st) return h->st;
    return check(h, HPDF_SetInfoAttr(h->pdf, HPDF_INFO_CREATOR, creator), "HPDF_SetInfoAttr");
}

mz_status mz_hdoc_dates(mz_hdoc *h, const struct tm *t)
{
    if (h->st) return h->st;
    /* "D:YYYYMMDDHHmmSSZ", not libharu's "...Z00'00'": validators (PDFBox)
     * read that one as not the XMP's date */
    char s[80];
    snprintf(s, sizeof s, "D:%04d%02d%02d%02d%02d%02dZ", (t->tm_year + 1900) % 10000, (t->tm_mon + 1) % 100,
             t->tm_mday % 100, t->tm_hour % 100, t->tm_min % 100, t->tm_sec > 59 ? 59 : t->tm_sec % 100);
    HPDF_Dict info = h->pdf->info; /* made by mz_hdoc_creator, called first */
    if (check(h, info ? HPDF_OK : HPDF_INVALID_OBJECT, "the Info dictionary")) return h->st;
    mz_hadd_str(h, OBJ(info), "CreationDate", s);
    return mz_hadd_str(h, OBJ(info), "ModDate", s);
}

const char *mz_hdoc_producer(mz_hdoc *h) { return h->st ? NULL : HPDF_GetInfoAttr(h->pdf, HPDF_INFO_PRODUCER); }

mz_status mz_hdoc_page_labels(mz_hdoc *h)
{
    if (h->st) return h->st;
    return check(h, HPDF_AddPageLabel(h->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL), "HPDF_AddPageLabel");
}

mz_status mz_hdoc_show_outline(mz_hdoc *h)
{
    if (h->st) return h->st;
    return check(h, HPDF_SetPageMode(h->pdf, HPDF_PAGE_MODE_USE_OUTLINE), "HPDF_SetPageMode");
}

/* ---- saving ---------------------------------------------------------------- */

/* libharu writes a token at a time: the common case without a call */
static HPDF_STATUS buf_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
    mz_buf *b = s->attr;
    if (b->len + n < b->cap) {
        memcpy(b->data + b->len, p, n);
        b->data[b->len += n] = 0;
        return HPDF_OK;
    }
    mz_buf_put(b, p, n);
    return b->oom ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

/* Object I's value into V, and into the pack: a stream as it is, anything
 * else into an object stream.  In libharu's order, as its own writer goes:
 * a stream's /Length is an object numbered after the stream, whose value
 * is set when the stream is written.  RAW: the index + 1 of its value in
 * h->raw, or 0. */
static mz_status pack_object(mz_hdoc *h, mz_pack *pk, HPDF_Stream s, mz_buf *v, HPDF_UINT i, size_t raw)
{
    HPDF_XrefEntry e = HPDF_Xref_GetEntry(h->pdf->xref, i);
    HPDF_Obj_Header *hd = e ? e->obj : NULL;
    if (!hd || e->gen_no || (hd->obj_id & 0x00FFFFFF) != i || !(hd->obj_id & HPDF_OTYPE_INDIRECT))
        return h->st = mz_fail(h->d, MZ_ERR_INTERNAL, "PDF writer: object %u is not in libharu's table", (unsigned)i);
    mz_status st;
    if (raw) {
        const struct rawobj *r = &h->ro[raw - 1];
        st = mz_pack_object(pk, h->d, i, h->raw.data + r->off, r->len, 1);
        return st ? (h->st = st) : MZ_OK;
    }
    int stream = (hd->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT && DICT(hd)->stream;
    if (stream) {
        HPDF_Number len = HPDF_Dict_GetItem(DICT(hd), "Length", HPDF_OCLASS_NUMBER);
        if (!len || (len->header.obj_id & 0x00FFFFFF) <= i)
            return h->st = mz_fail(h->d, MZ_ERR_INTERNAL, "PDF writer: stream %u's /Length is not after it", (unsigned)i);
    }
    v->len = 0;
    if (check(h, HPDF_Obj_WriteValue(hd, s, NULL), "HPDF_Obj_WriteValue")) return h->st;
    const char *p = v->data ? v->data : "";
    st = stream ? mz_pack_stream(pk, h->d, i, p, v->len) : mz_pack_object(pk, h->d, i, p, v->len, 0);
    return st ? (h->st = st) : MZ_OK;
}

static const char *xobject_append(mz_hdoc *h, HPDF_Dict xo, mz_hobj *form);

/* A page's later XObjects, added to its dictionary for its packing, in
 * the order they were named; 0 on failure (kept). */
static int attach_later(mz_hdoc *h, pagexo *p)
{
    for (size_t k = 0; k < p->n; k++)
        if (!xobject_append(h, p->xo, p->form[k])) return 0;
    return 1;
}

/* ... and taken out again once it is packed (libharu's first stays), with
 * the list. */
static void drop_later(pagexo *p)
{
    HPDF_List l = p->xo->list;
    while (l->count > 1) {
        HPDF_DictElement e = HPDF_List_RemoveByIndex(l, l->count - 1);
        if (!e) break;
        HPDF_Obj_Free(p->xo->mmgr, e->value);
        HPDF_FreeMem(p->xo->mmgr, e);
    }
    free(p->form);
    p->form = NULL;
    p->n = p->cap = 0;
}

/* Per object number, the index + 1 of its value in h->raw, or 0. */
static size_t *raw_index(mz_hdoc *h, size_t count)
{
    size_t *at = calloc(count ? count : 1, sizeof *at);
    if (!at) return NULL;
    for (size_t k = 0; k < h->nro; k++) {
        uint32_t num = h->ro[k].num;
        if (num == 0 || num >= count || at[num]) {
            free(at);
            h->st = mz_fail(h->d, MZ_ERR_INTERNAL, "PDF writer: object %u given twice or not numbered", (unsigned)num);
            return NULL;
        }
        at[num] = k + 1;
    }
    return at;
}

/* The whole file, packed (pdf_pack.c) into *PK.  The header is what
 * HPDF_SaveToFile writes; the trailer gets the entries it adds. */
static mz_status pack_doc(mz_hdoc *h, mz_pack **pk, mz_pack_sink sink, void *ud)
{
    HPDF_Doc pdf = h->pdf;
    HPDF_Xref x = pdf->xref;
    *pk = NULL;
    if (h->st) return h->st;
    if (pdf->encrypt_on || x->prev || x->start_offset)
        return h->st = mz_fail(h->d, MZ_ERR_INTERNAL, "PDF writer: an encrypted or updated document");
    mz_buf v = {0};
    *pk = mz_pack_new(x->entries->count, "%PDF-1.7\012%\267\276\255\252\012");
    if (*pk && sink) mz_pack_set_sink(*pk, sink, ud);
    HPDF_Stream s = *pk ? HPDF_CallbackWriter_New(pdf->mmgr, buf_write, &v) : NULL;
    if (check(h, s ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, "HPDF_CallbackWriter_New")) {
        if (s) HPDF_Stream_Free(s);
        return h->st;
    }
    HPDF_STATUS r = HPDF_Dict_Add(pdf->trailer, "Root", pdf->catalog);
    if (r == HPDF_OK) r = HPDF_Dict_Add(pdf->trailer, "Info", pdf->info);
    size_t *raw = check(h, r, "HPDF_Dict_Add") ? NULL : raw_index(h, x->entries->count);
    if (!raw && !h->st) h->st = mz_fail(h->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    for (HPDF_UINT i = 1; raw && i < x->entries->count && !h->st; i++) {
        pagexo *p = i < h->cpx_at && h->px_at[i] ? &h->px[h->px_at[i] - 1] : NULL;
        if (!p || attach_later(h, p)) pack_object(h, *pk, s, &v, i, raw[i]);
        if (p) drop_later(p);
    }
    free(raw);
    v.len = 0;
    if (!h->st && !check(h, HPDF_Dict_Write(pdf->trailer, s, NULL), "HPDF_Dict_Write")) {
        mz_status st = mz_pack_finish(*pk, h->d, v.data ? v.data : "", v.len);
        if (st) h->st = st;
    }
    HPDF_Stream_Free(s);
    mz_buf_free(&v);
    return h->st;
}

mz_status mz_hdoc_save(mz_hdoc *h, unsigned char **out, size_t *out_len)
{
    mz_pack *pk = NULL;
    if (!pack_doc(h, &pk, NULL, NULL)) *out = mz_pack_take(pk, out_len);
    mz_pack_free(pk);
    return h->st;
}

static void out_sink(void *ud, const void *p, size_t n) { mz_out_write(ud, p, n); }

/* libharu's own file output opens the file by name and never checks the
 * fclose that writes its last buffer: the file is packed here and written,
 * as it is made, into an mz_out (one descriptor, every write checked). */
mz_status mz_hdoc_save_to(mz_hdoc *h, mz_out *o)
{
    mz_pack *pk = NULL;
    if (!pack_doc(h, &pk, out_sink, o)) {
        size_t n = 0;
        unsigned char *p = mz_pack_take(pk, &n);
        mz_out_write(o, p, n);
        free(p);
        if (o->err) h->st = mz_fail(h->d, MZ_ERR_OUTPUT, "%s: write failed: %s", o->name, strerror(o->err));
    }
    mz_pack_free(pk);
    return h->st;
}

/* ---- objects --------------------------------------------------------------- */

mz_hobj *mz_hdict(mz_hdoc *h) { return h->st ? NULL : made(h, HPDF_Dict_New(h->pdf->mmgr), "HPDF_Dict_New"); }

mz_hobj *mz_harray(mz_hdoc *h) { return h->st ? NULL : made(h, HPDF_Array_New(h->pdf->mmgr), "HPDF_Array_New"); }

mz_hobj *mz_hnumbered(mz_hdoc *h)
{
    return h->st ? NULL : mz_hindirect(h, made(h, HPDF_Null_New(h->pdf->mmgr), "HPDF_Null_New"));
}

mz_hobj *mz_hstream(mz_hdoc *h)
{
    return h->st ? NULL : made(h, HPDF_DictStream_New(h->pdf->mmgr, h->pdf->xref), "HPDF_DictStream_New");
}

/* libharu frees what Xref_Add could not take. */
mz_hobj *mz_hindirect(mz_hdoc *h, mz_hobj *o)
{
    if (!o) return check(h, HPDF_FAILD_TO_ALLOC_MEM, "HPDF_Xref_Add"), NULL;
    if (h->st) {
        HPDF_Obj_Free(h->pdf->mmgr, o);
        return NULL;
    }
    return check(h, HPDF_Xref_Add(h->pdf->xref, o), "HPDF_Xref_Add") ? NULL : o;
}

uint32_t mz_hobj_num(const mz_hobj *o)
{
    const HPDF_Obj_Header *hd = (const void *)o;
    return hd && (hd->obj_id & HPDF_OTYPE_INDIRECT) ? hd->obj_id & 0x00FFFFFF : 0;
}

mz_status mz_hset_raw(mz_hdoc *h, mz_hobj *o, const void *p, size_t n)
{
    if (h->st) return h->st;
    uint32_t num = mz_hobj_num(o);
    if (!num || n > UINT32_MAX)
        return h->st = mz_fail(h->d, MZ_ERR_INTERNAL, "PDF writer: a value for an object without a number, or of 4 GB");
    if (!mz_grow((void **)&h->ro, &h->cro, h->nro + 1, sizeof *h->ro)) return h->st = mz_fail(h->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    h->ro[h->nro] = (struct rawobj){num, (uint32_t)n, h->raw.len};
    mz_buf_put(&h->raw, p, n);
    if (h->raw.oom) return h->st = mz_fail(h->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    h->nro++;
    return MZ_OK;
}

/* Attaches value O, just made (NULL: it could not be), to TO.  libharu
 * frees a direct value it could not attach; after an earlier failure this
 * frees it. */
static mz_status attach(mz_hdoc *h, mz_hobj *to, const char *key, void *o)
{
    if (!o) return check(h, HPDF_FAILD_TO_ALLOC_MEM, key ? "HPDF_Dict_Add" : "HPDF_Array_Add");
    if (h->st) {
        HPDF_Obj_Free(h->pdf->mmgr, o);
        return h->st;
    }
    if (key) return check(h, HPDF_Dict_Add(DICT(to), key, o), "HPDF_Dict_Add");
    return check(h, HPDF_Array_Add((HPDF_Array)(void *)to, o), "HPDF_Array_Add");
}

mz_status mz_hadd(mz_hdoc *h, mz_hobj *to, const char *key, mz_hobj *o) { return attach(h, to, key, o); }

mz_status mz_hadd_name(mz_hdoc *h, mz_hobj *to, const char *key, const char *name)
{
    return h->st ? h->st : attach(h, to, key, HPDF_Name_New(h->pdf->mmgr, name));
}

mz_status mz_hadd_int(mz_hdoc *h, mz_hobj *to, const char *key, int32_t v)
{
    return h->st ? h->st : attach(h, to, key, HPDF_Number_New(h->pdf->mmgr, v));
}

mz_status mz_hadd_bool(mz_hdoc *h, mz_hobj *to, const char *key, int v)
{
    return h->st ? h->st : attach(h, to, key, HPDF_Boolean_New(h->pdf->mmgr, v ? HPDF_TRUE : HPDF_FALSE));
}

mz_status mz_hadd_real(mz_hdoc *h, mz_hobj *to, const char *key, float v)
{
    return h->st ? h->st : attach(h, to, key, HPDF_Real_New(h->pdf->mmgr, v));
}

mz_status mz_hadd_str(mz_hdoc *h, mz_hobj *to, const char *key, const char *s)
{
    return h->st ? h->st : attach(h, to, key, HPDF_String_New(h->pdf->mmgr, s, NULL));
}

mz_status mz_hadd_bytes(mz_hdoc *h, mz_hobj *to, const char *key, const void *p, size_t n)
{
    if (h->st) return h->st;
    return attach(h, to, key, HPDF_Binary_New(h->pdf->mmgr, (HPDF_BYTE *)(uintptr_t)p, (HPDF_UINT)n));
}

mz_status mz_hadd_null(mz_hdoc *h, mz_hobj *to, const char *key)
{
    return h->st ? h->st : attach(h, to, key, HPDF_Null_New(h->pdf->mmgr));
}

/* libharu drops a /Filter key from streams it does not filter itself
 * (HPDF_Dict_Write), so a stream deflated here gets it from this hook. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

mz_status mz_hstream_write(mz_hdoc *h, mz_hobj *s, const void *p, size_t n, mz_henc enc)
{
    if (h->st) return h->st;
    HPDF_Dict ds = DICT(s);
    ds->filter = enc == MZ_HDEFLATE_AT_SAVE ? HPDF_STREAM_FILTER_FLATE_DECODE
                 : enc == MZ_HJPEG          ? HPDF_STREAM_FILTER_DCT_DECODE
                                            : HPDF_STREAM_FILTER_NONE;
    if (enc == MZ_HDEFLATED) ds->write_fn = write_flate_filter;
    /* libharu's memory streams grow in 4 KB chunks, all held until the file
     * is saved: bytes written whole (deflated here, a JPEG) get one chunk
     * of their size instead, not 4 KB for a 150-byte footer (a long
     * document's pages cost 1.6 bytes a character less) */
    HPDF_Stream st = ds->stream;
    if (enc != MZ_HDEFLATE_AT_SAVE && n > 0 && n <= UINT32_MAX && st->type == HPDF_STREAM_MEMORY && st->size == 0) {
        HPDF_MemStreamAttr a = (HPDF_MemStreamAttr)st->attr;
        if (a->buf->count == 0) a->buf_siz = a->w_pos = (HPDF_UINT)n;
    }
    return check(h, HPDF_Stream_Write(st, p, (HPDF_UINT)n), "HPDF_Stream_Write");
}

/* ---- pages ----------------------------------------------------------------- */

static void page_free(HPDF_Dict page)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr) return;
    if (attr->gstate) HPDF_GState_Free(page->mmgr, attr->gstate);
    HPDF_FreeMem(page->mmgr, attr);
}

/* A page dictionary with its libharu attributes, not yet numbered. */
static HPDF_Page new_page(mz_hdoc *h)
{
    HPDF_MMgr mm = h->pdf->mmgr;
    HPDF_Page page = made(h, HPDF_Dict_New(mm), "HPDF_Dict_New");
    if (!page) return NULL;
    page->header.obj_class |= HPDF_OSUBCLASS_PAGE;
    page->free_fn = page_free;
    HPDF_PageAttr attr = HPDF_GetMem(mm, sizeof(HPDF_PageAttr_Rec));
    if (!attr) {
        check(h, HPDF_FAILD_TO_ALLOC_MEM, "HPDF_GetMem");
        HPDF_Dict_Free(page);
        return NULL;
    }
    page->attr = attr;
    memset(attr, 0, sizeof(HPDF_PageAttr_Rec));
    attr->gmode = HPDF_GMODE_PAGE_DESCRIPTION;
    return page;
}

/* HPDF_AddPage's page, built here: libharu's HPDF_Page_New goes on filling
 * a resource dictionary that a failed Dict_Add has just freed.  The same
 * objects in the same order (the page numbered before its content stream,
 * which fixes the file's object order), each step checked, and no
 * /ProcSet (obsolete since PDF 1.4; 45 bytes a page).  No before-write
 * hook: libharu's closes the text and path objects of its own operators,
 * which are not used. */
mz_status mz_hpage_add(mz_hdoc *h, double width, double height, mz_hobj **out)
{
    HPDF_Doc pdf = h->pdf;
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Page page = h->st ? NULL : new_page(h);
    if (!page) return h->st;
    HPDF_PageAttr attr = page->attr;
    /* from here the page is the cross-reference table's (freed with it, or
     * by Xref_Add when that fails) */
    HPDF_STATUS r = HPDF_Xref_Add(pdf->xref, page);
    if (r == HPDF_OK && !(attr->gstate = HPDF_GState_New(mm, NULL))) r = HPDF_FAILD_TO_ALLOC_MEM;
    if (r == HPDF_OK && !(attr->contents = HPDF_DictStream_New(mm, pdf->xref))) r = HPDF_FAILD_TO_ALLOC_MEM;
    if (r == HPDF_OK) {
        attr->stream = attr->contents->stream;
        attr->xref = pdf->xref;
    }
    if (check(h, r, "HPDF_AddPage")) return h->st;
    HPDF_Box box = {0, 0, (HPDF_INT16)HPDF_DEF_PAGE_WIDTH, (HPDF_INT16)HPDF_DEF_PAGE_HEIGHT};
    mz_hadd_name(h, OBJ(page), "Type", "Page");
    if (!h->st) attach(h, OBJ(page), "MediaBox", HPDF_Box_Array_New(mm, box));
    mz_hadd(h, OBJ(page), "Contents", OBJ(attr->contents));
    mz_hadd(h, OBJ(page), "Resources", mz_hdict(h));
    if (h->st || check(h, HPDF_Pages_AddKids(pdf->cur_pages, page), "HPDF_Pages_AddKids") ||
        check(h, HPDF_List_Add(pdf->page_list, page), "HPDF_List_Add"))
        return h->st;
    pdf->cur_page = page;
    pdf->cur_page_num++;
    if (check(h, HPDF_Page_SetWidth(page, (HPDF_REAL)width), "HPDF_Page_SetWidth") ||
        check(h, HPDF_Page_SetHeight(page, (HPDF_REAL)height), "HPDF_Page_SetHeight"))
        return h->st;
    *out = OBJ(page);
    return MZ_OK;
}

/* Not HPDF_Page_New_Content_Stream: it uses the stream it could not
 * allocate. */
mz_status mz_hpage_new_contents(mz_hdoc *h, mz_hobj *pg)
{
    if (h->st) return h->st;
    HPDF_Page page = DICT(pg);
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Array arr = HPDF_Dict_GetItem(page, "Contents", HPDF_OCLASS_ARRAY);
    if (!arr) { /* one stream so far: the page's Contents becomes an array of it */
        HPDF_Error_Reset(page->error); /* GetItem's "unexpected type" */
        mz_hobj *a = mz_harray(h);
        if (a) attach(h, a, NULL, attr->contents);
        if (mz_hadd(h, pg, "Contents", a)) return h->st;
        arr = (HPDF_Array)(void *)a;
    }
    HPDF_Dict ns = made(h, HPDF_DictStream_New(page->mmgr, attr->xref), "HPDF_DictStream_New");
    if (!ns || attach(h, OBJ(arr), NULL, ns)) return h->st;
    attr->contents = ns;
    attr->stream = ns->stream;
    return MZ_OK;
}

mz_hobj *mz_hpage_contents(mz_hobj *page) { return OBJ(((HPDF_PageAttr)DICT(page)->attr)->contents); }

/* A resource NAME the page gave, or NULL with the failure kept. */
static const char *named(mz_hdoc *h, const char *name, const char *call)
{
    return check(h, name ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, call) ? NULL : name;
}

const char *mz_hpage_font(mz_hdoc *h, mz_hobj *page, mz_hobj *font)
{
    if (h->st) return NULL;
    return named(h, HPDF_Page_GetLocalFontName(DICT(page), DICT(font)), "HPDF_Page_GetLocalFontName");
}

/* Appends FORM to a page's XObjects under libharu's own next name,
 * X<count+1>, which no entry has (entries are only ever added): libharu's
 * HPDF_Dict_Add (2.3.0) less its walk for a key of that name. */
static const char *xobject_append(mz_hdoc *h, HPDF_Dict xo, mz_hobj *form)
{
    if (xo->list->count >= HPDF_LIMIT_MAX_DICT_ELEMENT) return check(h, HPDF_DICT_COUNT_ERR, "HPDF_Dict_Add"), NULL;
    HPDF_DictElement e = HPDF_GetMem(xo->mmgr, sizeof(HPDF_DictElement_Rec));
    if (!e) return check(h, HPDF_FAILD_TO_ALLOC_MEM, "HPDF_GetMem"), NULL;
    char *end = e->key + HPDF_LIMIT_MAX_NAME_LEN;
    HPDF_IToA((char *)HPDF_StrCpy(e->key, "X", end), (HPDF_INT32)xo->list->count + 1, end);
    HPDF_Proxy proxy = HPDF_Proxy_New(xo->mmgr, DICT(form)); /* the form is an indirect object */
    if (!proxy) {
        HPDF_FreeMem(xo->mmgr, e);
        return check(h, HPDF_FAILD_TO_ALLOC_MEM, "HPDF_Proxy_New"), NULL;
    }
    proxy->header.obj_id |= HPDF_OTYPE_DIRECT;
    e->value = proxy;
    if (check(h, HPDF_List_Add(xo->list, e), "HPDF_List_Add")) {
        HPDF_Obj_Free(xo->mmgr, proxy);
        HPDF_FreeMem(xo->mmgr, e);
        return NULL;
    }
    return e->key;
}

/* The record of PAGE's later XObjects (made on first use; XO is the
 * page's dictionary), or NULL with the failure kept. */
static pagexo *later_of(mz_hdoc *h, mz_hobj *page, HPDF_Dict xo)
{
    uint32_t num = mz_hobj_num(page);
    size_t cap = h->cpx_at;
    if (!num || !mz_grow((void **)&h->px_at, &h->cpx_at, (size_t)num + 1, sizeof *h->px_at)) return NULL;
    memset(h->px_at + cap, 0, (h->cpx_at - cap) * sizeof *h->px_at);
    if (h->px_at[num]) return &h->px[h->px_at[num] - 1];
    if (!mz_grow((void **)&h->px, &h->cpx, h->npx + 1, sizeof *h->px)) return NULL;
    h->px[h->npx] = (pagexo){xo, NULL, 0, 0};
    h->px_at[num] = ++h->npx;
    return &h->px[h->npx - 1];
}

/* The name of a page's XObject K + 2: libharu's, X<count+1> as added.
 * The table is made whole, never moved: callers keep the names. */
static const char *later_name(mz_hdoc *h, size_t k)
{
    if (k >= HPDF_LIMIT_MAX_DICT_ELEMENT) return NULL;
    if (!h->xname && !(h->xname = malloc(HPDF_LIMIT_MAX_DICT_ELEMENT * sizeof *h->xname))) return NULL;
    for (; h->nxname <= k; h->nxname++) snprintf(h->xname[h->nxname], sizeof *h->xname, "X%zu", h->nxname + 2);
    return h->xname[k];
}

/* HPDF_Page_GetXObjectName walks the page's XObjects three times for a
 * new form (to find it, to add it, to find its name): quadratic on a page
 * of many outlined glyphs (kashida: 22.7 M instructions on dict100k).
 * libharu makes the page's dictionary with its first form; the others are
 * listed here, under the names libharu would give them, and added to it
 * only while the page is packed (attach_later). */
const char *mz_hpage_xobject(mz_hdoc *h, mz_hobj *page, mz_hobj *form)
{
    if (h->st) return NULL;
    HPDF_PageAttr attr = (HPDF_PageAttr)DICT(page)->attr;
    if (!attr->xobjects)
        return named(h, HPDF_Page_GetXObjectName(DICT(page), DICT(form)), "HPDF_Page_GetXObjectName");
    const char *key = HPDF_Dict_GetKeyByObj(attr->xobjects, DICT(form));
    if (key) return key;
    pagexo *p = later_of(h, page, attr->xobjects);
    if (!p) return check(h, HPDF_FAILD_TO_ALLOC_MEM, "an XObject list"), NULL;
    for (size_t k = 0; k < p->n; k++)
        if (p->form[k] == form) return h->xname[k];
    if (attr->xobjects->list->count + p->n >= HPDF_LIMIT_MAX_DICT_ELEMENT)
        return check(h, HPDF_DICT_COUNT_ERR, "HPDF_Dict_Add"), NULL;
    const char *name = later_name(h, p->n);
    if (!name || !mz_grow((void **)&p->form, &p->cap, p->n + 1, sizeof *p->form))
        return check(h, HPDF_FAILD_TO_ALLOC_MEM, "an XObject list"), NULL;
    p->form[p->n++] = form;
    return name;
}

mz_status mz_hpage_link(mz_hdoc *h, mz_hobj *page, const double rect[4], const char *uri, mz_hobj **annot)
{
    *annot = NULL;
    if (h->st) return h->st;
    HPDF_Rect rc = {(HPDF_REAL)rect[0], (HPDF_REAL)rect[1], (HPDF_REAL)rect[2], (HPDF_REAL)rect[3]};
    HPDF_Annotation an = HPDF_Page_CreateURILinkAnnot(DICT(page), rc, uri);
    if (check(h, an ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, "HPDF_Page_CreateURILinkAnnot") ||
        check(h, HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0), "HPDF_LinkAnnot_SetBorderStyle"))
        return h->st;
    *annot = OBJ(an);
    return mz_hadd_int(h, OBJ(an), "F", 4); /* Print: PDF/A wants annotations printed as they show */
}

mz_status mz_hpage_goto(mz_hdoc *h, mz_hobj *page, const double rect[4], mz_hobj *target, double y,
                        mz_hobj **annot)
{
    *annot = NULL;
    if (h->st) return h->st;
    HPDF_Rect rc = {(HPDF_REAL)rect[0], (HPDF_REAL)rect[1], (HPDF_REAL)rect[2], (HPDF_REAL)rect[3]};
    HPDF_Destination dst = made(h, HPDF_Page_CreateDestination(DICT(page)), "HPDF_Page_CreateDestination");
    if (!dst) return h->st;
    HPDF_Annotation an = HPDF_Page_CreateLinkAnnot(DICT(page), rc, dst);
    if (check(h, an ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, "HPDF_Page_CreateLinkAnnot") ||
        check(h, HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0), "HPDF_LinkAnnot_SetBorderStyle"))
        return h->st;
    /* libharu's destination is [page /Fit], and its /XYZ insists on a zoom:
     * refilled as [page /XYZ 0 y null], which keeps the reader's zoom */
    HPDF_Array_Clear(dst);
    *annot = OBJ(an);
    mz_hadd(h, OBJ(dst), NULL, target);
    mz_hadd_name(h, OBJ(dst), NULL, "XYZ");
    mz_hadd_int(h, OBJ(dst), NULL, 0);
    mz_hadd_int(h, OBJ(dst), NULL, (int32_t)(y + 0.5));
    mz_hadd_null(h, OBJ(dst), NULL);
    return h->st ? h->st : mz_hadd_int(h, OBJ(an), "F", 4); /* printed, as PDF/A wants */
}
