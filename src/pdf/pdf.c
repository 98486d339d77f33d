/* pdf.c - writes laid-out pages as PDF through libharu: the document, pages, graphics, outline. */
#include "pdf/pdf_int.h"

#include <errno.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

/* libharu calls this on every error; we only record it (no longjmp) and turn
 * it into an mz_status where the failing call is checked. */
static void HPDF_STDCALL mz_hpdf_error(HPDF_STATUS err, HPDF_STATUS detail, void *ud)
{
    mz_pw *w = ud;
    if (!w->herr) {
        w->herr = err;
        w->hdetail = detail;
    }
}

_Thread_local int mz_hpdf_oom;

/* libharu's memory, through malloc, with failures noted (pdf_int.h). */
static void *HPDF_STDCALL hpdf_alloc(HPDF_UINT n)
{
    void *p = malloc(n ? n : 1);
    if (!p) mz_hpdf_oom = 1;
    return p;
}

static void HPDF_STDCALL hpdf_free(void *p) { free(p); }


/* ---- numbers and strings ---------------------------------------------------- */

/* Writes v rounded to `dec` decimals (at most 6) without locale dependence,
 * printf or "-0"; returns the value actually written so callers can track
 * what a reader computes. */
double mz_pdf_num(mz_buf *b, double v, int dec)
{
    static const long long scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    long long q = llround(v * (double)scale[dec]);
    char t[32], *e = t + sizeof t, *p = e;
    long long a = q < 0 ? -q : q;
    int frac = (int)(a % scale[dec]);
    long long ip = a / scale[dec];
    if (frac) {
        int digits = dec;
        while (frac % 10 == 0) { /* no trailing zeros */
            frac /= 10;
            digits--;
        }
        for (int k = 0; k < digits; k++, frac /= 10) *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (q < 0) *--p = '-';
    mz_buf_put(b, p, (size_t)(e - p));
    return (double)q / (double)scale[dec];
}

double mz_pdf_num3(mz_buf *b, double v) { return mz_pdf_num(b, v, 3); }

void mz_pdf_hex4(mz_buf *b, uint32_t v)
{
    static const char hx[] = "0123456789ABCDEF";
    char t[4] = {hx[(v >> 12) & 15], hx[(v >> 8) & 15], hx[(v >> 4) & 15], hx[v & 15]};
    mz_buf_put(b, t, 4);
}

void mz_pdf_rgb(mz_buf *b, mz_rgb c, const char *op)
{
    mz_pdf_num3(b, c.r);
    mz_buf_put(b, " ", 1);
    mz_pdf_num3(b, c.g);
    mz_buf_put(b, " ", 1);
    mz_pdf_num3(b, c.b);
    mz_buf_put(b, " ", 1);
    mz_buf_puts(b, op);
    mz_buf_put(b, "\n", 1);
}

/* A circle as four Bezier quarter arcs (the usual 0.5523 control distance). */
static void put_circle(mz_buf *b, double x, double y, double r)
{
    const double k = 0.5522847498 * r;
    double pts[] = {x + r, y,                                    /* start */
                    x + r, y + k, x + k, y + r, x, y + r,        /* to the top */
                    x - k, y + r, x - r, y + k, x - r, y,        /* to the left */
                    x - r, y - k, x - k, y - r, x, y - r,        /* to the bottom */
                    x + k, y - r, x + r, y - k, x + r, y};       /* back */
    mz_pdf_num3(b, pts[0]);
    mz_buf_put(b, " ", 1);
    mz_pdf_num3(b, pts[1]);
    mz_buf_puts(b, " m\n");
    for (int seg = 0; seg < 4; seg++) {
        for (int i = 0; i < 6; i++) {
            mz_pdf_num3(b, pts[2 + seg * 6 + i]);
            mz_buf_put(b, " ", 1);
        }
        mz_buf_puts(b, "c\n");
    }
}

void mz_pdf_utf16_hex(mz_buf *b, uint32_t c)
{
    if (c > 0xFFFF) {
        c -= 0x10000;
        mz_buf_printf(b, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
    } else {
        mz_buf_printf(b, "%04X", c);
    }
}

/* UTF-8 → UTF-16BE with BOM, as a libharu binary (written <FEFF...>), for
 * Info strings and outline titles: libharu 2.3.0 has no UTF-16 text strings. */
static HPDF_Binary utf16_binary(mz_pw *w, const char *s)
{
    size_t n32 = 0;
    uint32_t *u = mz_utf8_decode(s, strlen(s), &n32, NULL, NULL, 0);
    if (!u) return NULL;
    size_t cap = 2 + n32 * 4;
    if (cap > 65000) cap = 65000; /* HPDF_LIMIT_MAX_STRING_LEN */
    unsigned char *o = malloc(cap);
    if (!o) {
        free(u);
        return NULL;
    }
    size_t k = 0;
    o[k++] = 0xFE;
    o[k++] = 0xFF;
    for (size_t i = 0; i < n32 && k + 4 <= cap; i++) {
        uint32_t c = u[i];
        if (c > 0xFFFF) {
            c -= 0x10000;
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            o[k++] = (unsigned char)(hi >> 8), o[k++] = (unsigned char)hi;
            o[k++] = (unsigned char)(lo >> 8), o[k++] = (unsigned char)lo;
        } else {
            o[k++] = (unsigned char)(c >> 8), o[k++] = (unsigned char)c;
        }
    }
    HPDF_Binary bin = HPDF_Binary_New(w->pdf->mmgr, o, (HPDF_UINT)k);
    free(o);
    free(u);
    return bin;
}

/* ---- other items ---------------------------------------------------------------------- */

/* Percent-encodes bytes a PDF URI string must not hold raw (it is 7-bit ASCII). */
static char *uri_ascii(const char *s)
{
    mz_buf b = {0};
    for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
        if (*q > 0x20 && *q < 0x7F) mz_buf_put(&b, q, 1);
        else mz_buf_printf(&b, "%%%02X", *q);
    }
    mz_buf_put(&b, "", 1);
    if (b.oom) {
        mz_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static mz_status draw_item(mz_pw *w, HPDF_Page page, const mz_item *it)
{
    mz_pdf_hash_item(&w->hash, it);
    switch (it->kind) {
    case MZ_ITEM_GLYPHS:
        return MZ_OK; /* handled by mz_pdf_draw_glyphs */
    case MZ_ITEM_RECT:
    case MZ_ITEM_CIRCLE: {
        mz_buf *g = &w->page;
        if (!it->filled && !it->stroke) return MZ_OK;
        if (it->filled) mz_pdf_rgb(g, it->fill, "rg");
        if (it->stroke) {
            mz_pdf_rgb(g, it->color, "RG");
            mz_pdf_num3(g, it->line_width > 0 ? it->line_width : 0);
            mz_buf_puts(g, " w\n");
        }
        if (it->kind == MZ_ITEM_RECT) {
            double v[4] = {it->x, it->y, it->w, it->h};
            for (int k = 0; k < 4; k++) {
                mz_pdf_num3(g, v[k]);
                mz_buf_put(g, " ", 1);
            }
            mz_buf_puts(g, "re\n");
        } else {
            put_circle(g, it->x, it->y, it->w);
        }
        mz_buf_puts(g, it->filled && it->stroke ? "B\n" : it->filled ? "f\n" : "S\n");
        return g->oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
    }
    case MZ_ITEM_LINE: {
        mz_buf *g = &w->page;
        mz_pdf_rgb(g, it->color, "RG");
        mz_pdf_num3(g, it->line_width > 0 ? it->line_width : 0);
        mz_buf_puts(g, " w\n");
        double v[4] = {it->x, it->y, it->x + it->w, it->y + it->h};
        for (int k = 0; k < 4; k++) {
            mz_pdf_num3(g, v[k]);
            mz_buf_puts(g, k == 1 ? " m\n" : k == 3 ? " l\nS\n" : " ");
        }
        return g->oom ? mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF") : MZ_OK;
    }
    case MZ_ITEM_LINK: {
        if (!it->uri) return MZ_OK;
        char *u = uri_ascii(it->uri);
        if (!u) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
        HPDF_Rect rc = {(HPDF_REAL)it->x, (HPDF_REAL)it->y, (HPDF_REAL)(it->x + it->w),
                        (HPDF_REAL)(it->y + it->h)};
        HPDF_Annotation an = HPDF_Page_CreateURILinkAnnot(page, rc, u);
        free(u);
        mz_status st = hnull(w, an, "creating a link");
        if (st) return st;
        /* /F 4 (Print): PDF/A wants annotations printed as they show */
        return hcheck(w, HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0) | HPDF_Dict_AddNumber(an, "F", 4),
                      "setting a link border");
    }
    }
    return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: unknown display item kind %d", (int)it->kind);
}

/* ---- document ------------------------------------------------------------------------- */

static mz_status set_info(mz_pw *w, const mz_layout *L, const mz_pdf_opts *o)
{
    HPDF_Doc pdf = w->pdf;
    mz_status st = hcheck(w, HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "mujaz"), "setting Creator");
    if (st) return st;
    const mz_meta *m = L->meta;
    struct {
        const char *key, *val;
    } kv[] = {{"Title", m ? m->title : NULL},
              {"Author", m ? m->author : NULL},
              {"Subject", m ? m->subtitle : NULL}};
    for (size_t i = 0; i < 3; i++) {
        if (!kv[i].val || !*kv[i].val) continue;
        HPDF_Binary bin = utf16_binary(w, kv[i].val);
        if ((st = hnull(w, bin, "encoding document information"))) return st;
        if ((st = hcheck(w, HPDF_Dict_Add(pdf->info, kv[i].key, bin), "setting document information")))
            return st;
    }
    time_t t = o && o->epoch >= 0 ? (time_t)o->epoch : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) return mz_fail(w->d, MZ_ERR_USAGE, "creation date %lld is out of range", (long long)t);
    HPDF_Date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                    tm.tm_sec > 59 ? 59 : tm.tm_sec, 'Z', 0, 0};
    if ((st = hcheck(w, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt), "setting CreationDate")))
        return st;
    return hcheck(w, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt), "setting ModDate");
}

static mz_status set_catalog(mz_pw *w, const mz_layout *L)
{
    HPDF_Doc pdf = w->pdf;
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS r = HPDF_OK;
    const char *lang = L->meta && L->meta->lang && *L->meta->lang ? L->meta->lang : "ar";
    HSEQ(r, HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(mm, lang, NULL)));
    if (L->rtl) { /* our own dict: HPDF_SetViewerPreference would recreate it */
        HPDF_Dict vp = HPDF_Dict_New(mm);
        mz_status st = hnull(w, vp, "creating ViewerPreferences");
        if (st) return st;
        HSEQ(r, HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp));
        HSEQ(r, HPDF_Dict_AddName(vp, "Direction", "R2L"));
    }
    HSEQ(r, HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL));
    return hcheck(w, r, "setting catalog entries");
}

static mz_status add_outline(mz_pw *w, const mz_layout *L, HPDF_Page *pages, size_t npages)
{
    enum { MAXL = 16 };
    HPDF_Outline stack[MAXL + 1] = {0}; /* last outline seen at each level */
    HPDF_MMgr mm = w->pdf->mmgr;
    mz_status st;
    for (size_t i = 0; i < L->noutline; i++) {
        const mz_outline *ol = &L->outline[i];
        if (ol->page < 0 || (size_t)ol->page >= npages)
            return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: outline entry on page %d of %zu",
                           ol->page + 1, npages);
        int lv = ol->level < 1 ? 1 : ol->level > MAXL ? MAXL : ol->level;
        HPDF_Outline parent = NULL;
        for (int k = lv - 1; k >= 1 && !parent; k--) parent = stack[k];
        HPDF_Outline o = HPDF_CreateOutline(w->pdf, parent, "", NULL);
        if ((st = hnull(w, o, "creating an outline entry"))) return st;
        HPDF_Binary title = utf16_binary(w, ol->title ? ol->title : "");
        if ((st = hnull(w, title, "encoding an outline title"))) return st;
        HPDF_STATUS r = HPDF_Dict_Add(o, "Title", title); /* replaces libharu's byte string */
        /* [page /XYZ 0 y null]: keep the reader's zoom (SetXYZ insists on
         * one).  A direct array, not libharu's indirect destination: an
         * object and a cross-reference entry less per heading. */
        HPDF_Array dst = HPDF_Array_New(mm);
        if ((st = hnull(w, dst, "creating an outline destination"))) return st;
        HSEQ(r, HPDF_Array_Add(dst, pages[ol->page]));
        HSEQ(r, HPDF_Array_AddName(dst, "XYZ"));
        HSEQ(r, HPDF_Array_AddNumber(dst, 0));
        HSEQ(r, HPDF_Array_AddNumber(dst, (HPDF_INT32)(ol->y + 0.5))); /* whole points: a jump target */
        HSEQ(r, HPDF_Array_Add(dst, HPDF_Null_New(mm)));
        HSEQ(r, HPDF_Dict_Add(o, "Dest", dst));
        /* libharu marks items /Type /Outlines, which only the root is */
        HSEQ(r, HPDF_Dict_RemoveElement(o, "Type"));
        if (lv == 1) HSEQ(r, HPDF_Outline_SetOpened(o, HPDF_TRUE));
        if ((st = hcheck(w, r, "building the outline"))) return st;
        stack[lv] = o;
        for (int k = lv + 1; k <= MAXL; k++) stack[k] = NULL;
    }
    if (L->noutline)
        return hcheck(w, HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE), "setting page mode");
    return MZ_OK;
}

static mz_status save(mz_pw *w, unsigned char **out, size_t *out_len)
{
    mz_status st = hcheck(w, HPDF_SaveToStream(w->pdf), "saving the document");
    if (st) return st;
    HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf);
    unsigned char *buf = malloc(size ? size : 1);
    if (!buf) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory for a %u-byte PDF", (unsigned)size);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS r = HPDF_ReadFromStream(w->pdf, buf + got, &n);
        got += n;
        if (r == HPDF_STREAM_EOF || n == 0) break; /* EOF is how the last read ends */
        if (r != HPDF_OK) break;
    }
    if (w->herr == HPDF_STREAM_EOF) w->herr = 0;
    if (got != size || w->herr) {
        free(buf);
        return hcheck(w, w->herr ? w->herr : HPDF_STREAM_EOF, "reading the PDF back from memory");
    }
    *out = buf;
    *out_len = size;
    return MZ_OK;
}

/* libharu's own file output opens the file by name and never checks the
 * fclose that writes its last buffer: the document is saved through a
 * callback stream into an mz_out instead (one descriptor, every write
 * checked).  The header and trailer entries are what HPDF_SaveToFile adds. */
static HPDF_STATUS out_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
    mz_out *o = s->attr;
    mz_out_write(o, p, n);
    return o->err ? HPDF_FILE_IO_ERROR : HPDF_OK;
}

static mz_status save_to(mz_pw *w, mz_out *o)
{
    HPDF_Doc pdf = w->pdf;
    HPDF_Stream s = HPDF_CallbackWriter_New(pdf->mmgr, out_write, o);
    mz_status st = hnull(w, s, "saving the document");
    if (st) return st;
    HPDF_STATUS r = HPDF_Stream_WriteStr(s, "%PDF-1.7\012%\267\276\255\252\012");
    if (r == HPDF_OK) r = HPDF_Dict_Add(pdf->trailer, "Root", pdf->catalog);
    if (r == HPDF_OK) r = HPDF_Dict_Add(pdf->trailer, "Info", pdf->info);
    if (r == HPDF_OK) r = HPDF_Xref_WriteToStream(pdf->xref, s, NULL);
    HPDF_Stream_Free(s);
    if (o->err) return mz_fail(w->d, MZ_ERR_OUTPUT, "%s: write failed: %s", o->name, strerror(o->err));
    return hcheck(w, r, "saving the document");
}

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Deflates DATA at LEVEL into *Z (malloc'd), *ZLEN bytes. */
mz_status mz_pdf_deflate(mz_pw *w, const void *data, size_t len, int level, unsigned char **z, size_t *zlen,
                         const char *what)
{
    uLongf n = compressBound((uLong)len);
    *z = malloc(n ? n : 1);
    if (!*z) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory %s", what);
    /* a small stream (a glyph form, a ToUnicode map) with a small window:
     * setting up zlib's full 32 KB window and hash costs more than the
     * compression itself (a fifth of a two-page render's instructions) */
    int small = len <= 4096, r;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    r = deflateInit2(&zs, level, Z_DEFLATED, small ? 12 : 15, small ? 4 : 8, Z_DEFAULT_STRATEGY);
    if (r == Z_OK) {
        zs.next_in = (Bytef *)(data ? data : "");
        zs.avail_in = (uInt)len;
        zs.next_out = *z;
        zs.avail_out = (uInt)n;
        r = deflate(&zs, Z_FINISH) == Z_STREAM_END ? Z_OK : Z_BUF_ERROR;
        n = zs.total_out;
        deflateEnd(&zs);
    }
    if (r != Z_OK) {
        free(*z);
        *z = NULL;
        return mz_fail(w->d, MZ_ERR_NOMEM, "zlib failed %s", what);
    }
    *zlen = n;
    return MZ_OK;
}

/* Writes deflated bytes into stream dictionary DS, with its /Filter. */
mz_status mz_pdf_write_z(mz_pw *w, HPDF_Dict ds, const unsigned char *z, size_t zlen, const char *what)
{
    ds->filter = HPDF_STREAM_FILTER_NONE;
    mz_status st = hcheck(w, HPDF_Stream_Write(ds->stream, z, (HPDF_UINT)zlen), what);
    /* libharu drops a /Filter key from streams it does not filter itself
     * (HPDF_Dict_Write), so the key is written from its write hook */
    ds->write_fn = write_flate_filter;
    return st;
}

/* Deflates DATA at LEVEL into stream dictionary DS.  libharu's own
 * compression always uses zlib's default level and keeps the uncompressed
 * bytes until the file is saved; this keeps only the compressed ones. */
mz_status mz_pdf_write_deflated(mz_pw *w, HPDF_Dict ds, const void *data, size_t len, int level,
                                const char *what)
{
    unsigned char *z = NULL;
    size_t n = 0;
    mz_status st = mz_pdf_deflate(w, data, len, level, &z, &n, what);
    if (!st) st = mz_pdf_write_z(w, ds, z, n, what);
    free(z);
    return st;
}

/* The page's content is built in w->page and deflated here, so libharu
 * holds only compressed bytes until the file is saved (memory), and nothing
 * is compressed twice.  libharu's own compression is off for pages. */
static mz_status flush_page(mz_pw *w, HPDF_Page page)
{
    mz_status st = mz_pdf_line_helpers(w, page, &w->text);
    if (st) return st;
    if (w->text.len) { /* the text over the graphics, in one text object */
        mz_buf_puts(&w->page, "BT\n");
        mz_buf_put(&w->page, w->text.data, w->text.len);
        mz_buf_puts(&w->page, "ET\n");
    }
    if (w->page.oom || w->text.oom) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return mz_pdf_write_deflated(w, attr->contents, w->page.data, w->page.len, Z_DEFAULT_COMPRESSION,
                                 "writing a page");
}

static void page_free(HPDF_Dict page)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr) return;
    if (attr->gstate) HPDF_GState_Free(page->mmgr, attr->gstate);
    HPDF_FreeMem(page->mmgr, attr);
}

/* HPDF_AddPage's page, built here: libharu's HPDF_Page_New goes on filling
 * a resource dictionary that a failed Dict_Add has just freed.  The same
 * objects in the same order, each step checked, and no /ProcSet (obsolete
 * since PDF 1.4; 45 bytes a page).  No before-write hook: libharu's closes
 * the text and path objects of its own operators, which are not used. */
static mz_status add_page(mz_pw *w, HPDF_Page *out)
{
    HPDF_Doc pdf = w->pdf;
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Page page = HPDF_Dict_New(mm);
    mz_status st = hnull(w, page, "adding a page");
    if (st) return st;
    page->header.obj_class |= HPDF_OSUBCLASS_PAGE;
    page->free_fn = page_free;
    HPDF_PageAttr attr = HPDF_GetMem(mm, sizeof(HPDF_PageAttr_Rec));
    if (!attr) HPDF_Dict_Free(page);
    if ((st = hnull(w, attr, "adding a page"))) return st;
    page->attr = attr;
    memset(attr, 0, sizeof(HPDF_PageAttr_Rec));
    attr->gmode = HPDF_GMODE_PAGE_DESCRIPTION;
    /* from here the page is the cross-reference table's (freed with it, or
     * by Xref_Add when that fails) */
    HPDF_STATUS r = HPDF_Xref_Add(pdf->xref, page);
    if (r == HPDF_OK && !(attr->gstate = HPDF_GState_New(mm, NULL))) r = HPDF_FAILD_TO_ALLOC_MEM;
    if (r == HPDF_OK && !(attr->contents = HPDF_DictStream_New(mm, pdf->xref))) r = HPDF_FAILD_TO_ALLOC_MEM;
    if (r == HPDF_OK) {
        attr->stream = attr->contents->stream;
        attr->xref = pdf->xref;
    }
    HSEQ(r, HPDF_Dict_AddName(page, "Type", "Page"));
    HPDF_Box box = {0, 0, (HPDF_INT16)HPDF_DEF_PAGE_WIDTH, (HPDF_INT16)HPDF_DEF_PAGE_HEIGHT}; /* resized by the caller */
    HSEQ(r, HPDF_Dict_Add(page, "MediaBox", HPDF_Box_Array_New(mm, box)));
    HSEQ(r, HPDF_Dict_Add(page, "Contents", attr->contents));
    HSEQ(r, HPDF_Dict_Add(page, "Resources", HPDF_Dict_New(mm)));
    HSEQ(r, HPDF_Pages_AddKids(pdf->cur_pages, page));
    HSEQ(r, HPDF_List_Add(pdf->page_list, page));
    if ((st = hcheck(w, r, "adding a page"))) return st;
    pdf->cur_page = page;
    pdf->cur_page_num++;
    *out = page;
    return MZ_OK;
}

/* The writer, between mz_pdf_begin and mz_pdf_end. */
struct mz_pdf_writer {
    mz_pw w;
    HPDF_Page *pages;   /* PDF page of each layout page */
    size_t npages, pages_cap;
    unsigned char *has_content; /* per page: a content stream was written already */
    mz_gtext *gt;       /* scratch per glyph item, grown as needed */
    size_t scratch;
};

mz_status mz_pdf_begin(mz_pdf_writer **out, mz_fonts *fs, mz_diag *d)
{
    mz_pdf_writer *pw = calloc(1, sizeof *pw);
    *out = pw;
    if (!pw) return mz_fail(d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    mz_pw *w = &pw->w;
    w->d = d;
    w->fs = fs;
    w->nf = MZ_MAX_FONTS; /* fonts may still be loaded (fallbacks) while pages arrive */
    w->pf = calloc(MZ_MAX_FONTS, sizeof *w->pf);
    if (!w->pf) return mz_fail(d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    mz_hpdf_oom = 0;
    w->pdf = HPDF_NewEx(mz_hpdf_error, hpdf_alloc, hpdf_free, 0, w);
    if (!w->pdf) return mz_fail(d, MZ_ERR_NOMEM, "out of memory while creating the PDF");
    w->pdf->pdf_version = HPDF_VER_17; /* ActualText needs 1.5 */
    mz_pdf_hash_init(&w->hash);
    /* every stream sets its own filter: pages are deflated by flush_page */
    return hcheck(w, HPDF_SetCompressionMode(w->pdf, HPDF_COMP_NONE), "setting compression");
}

/* Makes sure PDF pages exist up to layout page `page`. */
static mz_status ensure_pages(mz_pdf_writer *pw, const mz_layout *L, size_t page)
{
    mz_pw *w = &pw->w;
    if (!(L->width > 0 && L->height > 0))
        return mz_fail(w->d, MZ_ERR_INTERNAL, "PDF writer: page size %gx%g", L->width, L->height);
    while (pw->npages <= page) {
        size_t cap = pw->pages_cap;
        if (!mz_grow((void **)&pw->pages, &pw->pages_cap, pw->npages + 1, sizeof *pw->pages))
            return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory adding a page");
        if (cap != pw->pages_cap) {
            unsigned char *hc = realloc(pw->has_content, pw->pages_cap);
            if (!hc) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory adding a page");
            pw->has_content = hc;
        }
        HPDF_Page page_ = NULL;
        mz_status st = add_page(w, &page_);
        if (st) return st;
        if ((st = hcheck(w, HPDF_Page_SetWidth(page_, (HPDF_REAL)L->width), "setting the page width")) ||
            (st = hcheck(w, HPDF_Page_SetHeight(page_, (HPDF_REAL)L->height), "setting the page height")))
            return st;
        pw->has_content[pw->npages] = 0;
        pw->pages[pw->npages++] = page_;
    }
    return MZ_OK;
}

/* A page's second helping (header, footer) in a stream of its own, where
 * the page's writes go next.  Not HPDF_Page_New_Content_Stream: it uses the
 * stream it could not allocate. */
static mz_status add_content_stream(mz_pw *w, HPDF_Page page)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Array arr = HPDF_Dict_GetItem(page, "Contents", HPDF_OCLASS_ARRAY);
    mz_status st;
    if (!arr) { /* one stream so far: the page's Contents becomes an array of it */
        HPDF_Error_Reset(page->error);
        arr = HPDF_Array_New(page->mmgr);
        if ((st = hnull(w, arr, "adding a content stream"))) return st;
        if ((st = hcheck(w, HPDF_Array_Add(arr, attr->contents), "adding a content stream"))) {
            HPDF_Array_Free(arr);
            return st;
        }
        if ((st = hcheck(w, HPDF_Dict_Add(page, "Contents", arr), "adding a content stream"))) return st;
    }
    HPDF_Dict ns = HPDF_DictStream_New(page->mmgr, attr->xref);
    if ((st = hnull(w, ns, "adding a content stream"))) return st;
    if ((st = hcheck(w, HPDF_Array_Add(arr, ns), "adding a content stream"))) return st;
    attr->contents = ns;
    attr->stream = ns->stream;
    return MZ_OK;
}

mz_status mz_pdf_page(void *ud, const mz_layout *L, size_t page)
{
    mz_pdf_writer *pw = ud;
    mz_pw *w = &pw->w;
    mz_status st = ensure_pages(pw, L, page);
    if (st || page >= L->npages) return st;
    const mz_page *pg = &L->pages[page];
    size_t maxg = 1;
    for (size_t i = 0; i < pg->n; i++)
        if (pg->items[i].kind == MZ_ITEM_GLYPHS && pg->items[i].ng > maxg) maxg = pg->items[i].ng;
    if (maxg > pw->scratch) {
        free(pw->gt);
        pw->gt = malloc(maxg * sizeof *pw->gt);
        pw->scratch = pw->gt ? maxg : 0;
        if (!pw->gt) return mz_fail(w->d, MZ_ERR_NOMEM, "out of memory while writing the PDF");
    }
    if (!pg->n) return st;
    HPDF_Page hp = pw->pages[page];
    if (pw->has_content[page] && (st = add_content_stream(w, hp))) return st;
    w->page.len = w->text.len = w->npch = 0;
    w->in_line = 0;
    for (size_t i = 0; i < pg->n && !st; i++) {
        const mz_item *it = &pg->items[i];
        st = it->kind == MZ_ITEM_GLYPHS ? mz_pdf_draw_glyphs(w, hp, it, pw->gt)
                                        : draw_item(w, hp, it);
    }
    if (!st) st = flush_page(w, hp);
    pw->has_content[page] = 1;
    return st;
}

mz_status mz_pdf_end(mz_pdf_writer *pw, const mz_layout *L, const mz_pdf_opts *o, unsigned char **out,
                     size_t *out_len)
{
    mz_pw *w = &pw->w;
    *out = NULL;
    *out_len = 0;
    mz_status st = ensure_pages(pw, L, L->npages ? L->npages - 1 : 0); /* a PDF needs a page */
    for (int f = 0; f < w->nf && !st; f++)
        if (w->pf[f].f && w->pf[f].nvar) st = mz_pdf_finish_font(w, &w->pf[f]);
    /* one clock reading, so Info and XMP dates agree */
    mz_pdf_opts oo = {0, -1, NULL};
    if (o) oo = *o;
    if (oo.epoch < 0) oo.epoch = (long long)time(NULL);
    if (!st) st = set_info(w, L, &oo);
    if (!st) st = set_catalog(w, L);
    if (!st) st = add_outline(w, L, pw->pages, L->npages < pw->npages ? L->npages : pw->npages);
    if (!st) st = mz_pdf_set_id(w->pdf, &w->hash, L, w->d);
    if (!st && oo.pdfa) st = mz_pdf_set_pdfa(w->pdf, L, (time_t)oo.epoch, w->d);
    if (!st && oo.out)
        st = save_to(w, oo.out);
    else if (!st)
        st = save(w, out, out_len);
    return st;
}

void mz_pdf_free(mz_pdf_writer *pw)
{
    if (!pw) return;
    mz_pw *w = &pw->w;
    if (w->pdf) HPDF_Free(w->pdf);
    for (int f = 0; w->pf && f < w->nf; f++) mz_pdf_font_free(&w->pf[f]);
    free(w->pf);
    free(pw->pages);
    free(pw->has_content);
    free(pw->gt);
    free(w->cps);
    free(w->pch);
    mz_buf_free(&w->b);
    mz_buf_free(&w->page);
    mz_buf_free(&w->text);
    free(pw);
}

mz_status mz_pdf_write(const mz_layout *L, mz_fonts *fs, const mz_pdf_opts *o, unsigned char **out,
                       size_t *out_len, mz_diag *d)
{
    mz_pdf_writer *pw;
    *out = NULL;
    *out_len = 0;
    mz_status st = mz_pdf_begin(&pw, fs, d);
    for (size_t p = 0; p < L->npages && !st; p++) st = mz_pdf_page(pw, L, p);
    if (!st) st = mz_pdf_end(pw, L, o, out, out_len);
    mz_pdf_free(pw);
    return st;
}
