/* pdf_archive.c - content-hash document IDs and PDF/A-2b metadata for the PDF writer. */
#include "pdf/pdf_archive.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mz_pdf_hash_init(mz_pdf_hash *h)
{
    mz_md5_init(&h->md5);
    mz_pdf_hash_bytes(h, "mujaz " MZ_VERSION, sizeof "mujaz " MZ_VERSION);
}

void mz_pdf_hash_bytes(mz_pdf_hash *h, const void *p, size_t n)
{
    mz_md5_update(&h->md5, p, n);
}

/* Numbers are hashed rounded to what the PDF can show (1/1000), so the ID
 * does not depend on floating-point noise below that precision. */
static void hash_num(mz_pdf_hash *h, double v)
{
    long long q = llround(v * 1000.0);
    mz_pdf_hash_bytes(h, &q, sizeof q);
}

static void hash_str(mz_pdf_hash *h, const char *s)
{
    mz_pdf_hash_bytes(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

void mz_pdf_hash_item(mz_pdf_hash *h, const mz_item *it)
{
    double v[] = {it->kind, it->x, it->y, it->w, it->h, it->line_width, it->color.r, it->color.g,
                  it->color.b, it->fill.r, it->fill.g, it->fill.b, it->stroke, it->filled};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) hash_num(h, v[i]);
    if (it->kind == MZ_ITEM_LINK) hash_str(h, it->uri);
    if (it->kind == MZ_ITEM_LINK && it->dest) hash_num(h, it->dest_y);
}

mz_status mz_pdf_set_id(mz_hdoc *doc, mz_pdf_hash *h, const mz_layout *L)
{
    hash_num(h, L->width);
    hash_num(h, L->height);
    hash_num(h, (double)L->npages);
    if (L->meta) {
        hash_str(h, L->meta->title);
        hash_str(h, L->meta->author);
        hash_str(h, L->meta->subtitle);
        hash_str(h, L->meta->lang);
    }
    for (size_t o = 0; o < L->noutline; o++) {
        hash_str(h, L->outline[o].title);
        hash_num(h, L->outline[o].page);
        hash_num(h, L->outline[o].y);
    }
    unsigned char id[16];
    mz_md5_final(&h->md5, id);

    /* both halves equal: this is the file's first and only version */
    mz_hobj *arr = mz_harray(doc);
    mz_hadd_bytes(doc, arr, NULL, id, 16);
    mz_hadd_bytes(doc, arr, NULL, id, 16);
    return mz_hadd(doc, mz_hdoc_root(doc, MZ_HTRAILER), "ID", arr);
}

/* ---- PDF/A-2b ------------------------------------------------------------- */

static void xml_text(mz_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': mz_buf_puts(b, "&amp;"); break;
        case '<': mz_buf_puts(b, "&lt;"); break;
        case '>': mz_buf_puts(b, "&gt;"); break;
        case '"': mz_buf_puts(b, "&quot;"); break;
        default:
            /* XML 1.0 forbids most C0 controls */
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') mz_buf_puts(b, " ");
            else mz_buf_put(b, s, 1);
        }
    }
}

/* One XMP property, written only when the document has a value for it. */
static void xmp_elem(mz_buf *b, const char *open, const char *value, const char *close)
{
    if (!value || !*value) return;
    mz_buf_puts(b, open);
    xml_text(b, value);
    mz_buf_puts(b, close);
}

static mz_status add_output_intent(mz_hdoc *doc, mz_diag *d)
{
    FILE *f = fopen(MZ_ICC_PROFILE, "rb");
    if (!f && errno == ENOMEM) return mz_fail(d, MZ_ERR_NOMEM, "out of memory opening %s", MZ_ICC_PROFILE);
    if (!f)
        return mz_fail(d, MZ_ERR_OUTPUT,
                       "PDF/A needs the sRGB ICC profile %s (Debian package icc-profiles-free)",
                       MZ_ICC_PROFILE);
    mz_buf icc = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) mz_buf_put(&icc, chunk, n);
    int rerr = ferror(f) ? errno : 0;
    fclose(f);
    if (icc.oom || rerr) {
        int oom = icc.oom;
        mz_buf_free(&icc);
        return oom ? mz_fail(d, MZ_ERR_NOMEM, "out of memory reading %s", MZ_ICC_PROFILE)
                       : mz_fail(d, MZ_ERR_OUTPUT, "%s: %s", MZ_ICC_PROFILE, strerror(rerr));
    }
    /* an ICC profile starts with its size and has 'acsp' at offset 36 */
    if (icc.len < 132 || memcmp(icc.data + 36, "acsp", 4) != 0) {
        mz_buf_free(&icc);
        return mz_fail(d, MZ_ERR_OUTPUT, "%s is not a usable ICC profile", MZ_ICC_PROFILE);
    }
    mz_hobj *prof = mz_hstream(doc), *intent = mz_hdict(doc), *arr = mz_harray(doc);
    mz_hadd_int(doc, prof, "N", 3);
    mz_hstream_write(doc, prof, icc.data, icc.len, MZ_HDEFLATE_AT_SAVE);
    mz_buf_free(&icc);
    mz_hadd_name(doc, intent, "Type", "OutputIntent");
    mz_hadd_name(doc, intent, "S", "GTS_PDFA1");
    mz_hadd_str(doc, intent, "OutputConditionIdentifier", "sRGB IEC61966-2.1");
    mz_hadd_str(doc, intent, "Info", "sRGB IEC61966-2.1");
    mz_hadd(doc, intent, "DestOutputProfile", prof);
    intent = mz_hindirect(doc, intent);
    mz_hadd(doc, arr, NULL, intent);
    return mz_hadd(doc, mz_hdoc_root(doc, MZ_HCATALOG), "OutputIntents", arr);
}

/* PDF/UA's identification schema, declared as PDF/A asks of a schema it
 * does not predefine (ISO 19005-2, 6.6.2.3). */
static const char PDFUA_EXTENSION[] =
    "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" "
    "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" "
    "xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaProperty:name>part</pdfaProperty:name>\n"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "<pdfaProperty:category>internal</pdfaProperty:category>\n"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n"
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
    "</rdf:Description>\n";

const char *mz_pdf_title(const mz_layout *L)
{
    if (L->meta && L->meta->title && *L->meta->title) return L->meta->title;
    if (L->noutline && L->outline[0].title && *L->outline[0].title) return L->outline[0].title;
    /* else the file's name without its folders */
    const char *n = L->doc_name;
    if (!n || !*n || !strcmp(n, "-")) return NULL;
    const char *slash = strrchr(n, '/');
    return slash && slash[1] ? slash + 1 : n;
}

mz_status mz_pdf_set_xmp(mz_hdoc *doc, const mz_layout *L, time_t t, int pdfa, mz_diag *d)
{
    mz_status st = pdfa ? add_output_intent(doc, d) : MZ_OK;
    if (st) return st;
    struct tm tm;
    char date[32];
    if (!gmtime_r(&t, &tm) || !strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return mz_fail(d, MZ_ERR_USAGE, "creation date out of range");
    const mz_meta *m = L->meta;
    const char *producer = mz_hdoc_producer(doc);

    /* The XMP must say what the Info dictionary says (ISO 19005-2, 6.6.3). */
    mz_buf x = {0};
    mz_buf_puts(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    /* conformance A (accessible) when tagged, else B (the look) */
    if (pdfa)
        mz_buf_printf(&x, "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                          "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>%s</pdfaid:conformance>\n"
                          "</rdf:Description>\n", L->tagged ? "A" : "B");
    if (L->tagged)
        mz_buf_puts(&x, "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                        "<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n");
    if (L->tagged && pdfa) mz_buf_puts(&x, PDFUA_EXTENSION);
    mz_buf_puts(&x, "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                    "<dc:format>application/pdf</dc:format>\n");
    xmp_elem(&x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", mz_pdf_title(L),
             "</rdf:li></rdf:Alt></dc:title>\n");
    xmp_elem(&x, "<dc:creator><rdf:Seq><rdf:li>", m ? m->author : NULL,
             "</rdf:li></rdf:Seq></dc:creator>\n");
    xmp_elem(&x, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", m ? m->subtitle : NULL,
             "</rdf:li></rdf:Alt></dc:description>\n");
    xmp_elem(&x, "<dc:language><rdf:Bag><rdf:li>", m ? m->lang : NULL,
             "</rdf:li></rdf:Bag></dc:language>\n");
    mz_buf_puts(&x, "</rdf:Description>\n"
                    "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                    "<xmp:CreatorTool>mujaz</xmp:CreatorTool>\n");
    mz_buf_printf(&x, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n",
                  date, date);
    mz_buf_puts(&x, "</rdf:Description>\n"
                    "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                    "<pdf:Producer>");
    xml_text(&x, producer ? producer : "");
    mz_buf_puts(&x, "</pdf:Producer>\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
    /* room for in-place edits, as the XMP packet convention asks */
    for (int i = 0; i < 20; i++)
        mz_buf_puts(&x, "                                                                    \n");
    mz_buf_puts(&x, "<?xpacket end=\"w\"?>");
    if (x.oom) {
        mz_buf_free(&x);
        return mz_fail(d, MZ_ERR_NOMEM, "out of memory writing XMP metadata");
    }
    /* metadata stays uncompressed so that tools that do not parse PDF can find it */
    mz_hobj *md = mz_hstream(doc);
    mz_hadd_name(doc, md, "Type", "Metadata");
    mz_hadd_name(doc, md, "Subtype", "XML");
    mz_hstream_write(doc, md, x.data, x.len, MZ_HRAW);
    mz_buf_free(&x);
    return mz_hadd(doc, mz_hdoc_root(doc, MZ_HCATALOG), "Metadata", md);
}
