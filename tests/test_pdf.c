/* test_pdf.c - the PDF writer against real checkers: pdffonts, qpdf, pdftotext, mutool. */
#include <fribidi.h>
#include <hb-ot.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <hpdf.h>
#include "harness.h"
#include "pdf/pdf.h"
#include "pdf/pdf_bytes.h"
#include "pdf/pdf_md5.h"
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H

#ifndef MZ_FONT_DIR
#define MZ_FONT_DIR "fonts"
#endif

#define SIZE 14.0
#define PAGE_W 595.0
#define PAGE_H 842.0

/* Test paragraphs, one line each.  A '~' marks a tatweel inserted by
 * "justification": it is shaped as U+0640 but is not in the source text. */
static const char *paras[] = {
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
    "لا إله إلا الله",
    "التقرير رقم 2024 بتاريخ ١٤٤٥ (سري) PDF",
    "خدمة I-24/7 متاحة منذ عام 1999 [مؤقتا]",
    "قال: «السلام عليكم» وذهب إلى المكتب",
    "كتـــاب جميل وقلم",
    "يستخدم Open Source Software في العمل",
    "س~لام محم~د",
    "عَلَّمَ الْإِنْسَانَ مَا لَمْ يَعْلَمْ",
    "Latin paragraph with 3 numbers 42 and text",
};
#define NPARAS (sizeof paras / sizeof *paras)

static mz_font font;
static mz_fonts fonts;

static int load_font(const char *path)
{
    memset(&font, 0, sizeof font);
    memset(&fonts, 0, sizeof fonts);
    if (FT_Init_FreeType(&fonts.ft)) return 0;
    if (FT_New_Face(fonts.ft, path, 0, &font.ft)) return 0;
    font.path = (char *)path;
    font.blob = hb_blob_create_from_file(path);
    font.face = hb_face_create(font.blob, 0);
    font.hb = hb_font_create(font.face);
    font.upem = hb_face_get_upem(font.face);
    hb_font_set_scale(font.hb, (int)font.upem, (int)font.upem);
    font.psname = (char *)"Amiri-Regular";
    font.ascender = font.ft->ascender;
    font.descender = font.ft->descender;
    font.bbox[0] = (int)font.ft->bbox.xMin;
    font.bbox[1] = (int)font.ft->bbox.yMin;
    font.bbox[2] = (int)font.ft->bbox.xMax;
    font.bbox[3] = (int)font.ft->bbox.yMax;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(font.ft, FT_SFNT_OS2);
    if (os2) {
        font.fs_type = os2->fsType;
        font.cap_height = os2->sCapHeight;
        font.x_height = os2->sxHeight;
    }
    font.serif = 1;
    fonts.fonts[0] = &font;
    fonts.n = 1;
    return hb_face_get_glyph_count(font.face) > 0;
}

static void free_font(void)
{
    hb_font_destroy(font.hb);
    hb_face_destroy(font.face);
    hb_blob_destroy(font.blob);
    FT_Done_Face(font.ft);
    FT_Done_FreeType(fonts.ft);
}

/* One shaped line: source text (logical) and glyphs in visual order. */
typedef struct tline {
    uint32_t *src;
    size_t nsrc;
    mz_pglyph *g;
    size_t ng;
    double width;
    int rtl;
} tline;

/* Shapes paragraph s like the pipeline would: FriBidi levels, level runs
 * shaped with full context (MONOTONE_GRAPHEMES), runs in visual order. */
static int shape_line(const char *s, tline *L)
{
    size_t n = 0;
    uint32_t *u = mz_utf8_decode(s, strlen(s), &n, NULL, NULL, 0);
    int *srcof = malloc((n + 1) * sizeof *srcof);
    L->src = malloc((n + 1) * sizeof *L->src);
    L->nsrc = 0;
    for (size_t i = 0; i < n; i++) { /* '~' = inserted tatweel */
        if (u[i] == '~') {
            u[i] = 0x0640;
            srcof[i] = -1;
        } else {
            srcof[i] = (int)L->nsrc;
            L->src[L->nsrc++] = u[i];
        }
    }
    FriBidiCharType *types = malloc(n * sizeof *types);
    FriBidiBracketType *bt = malloc(n * sizeof *bt);
    FriBidiLevel *lev = malloc(n * sizeof *lev);
    FriBidiStrIndex *map = malloc(n * sizeof *map);
    fribidi_get_bidi_types(u, (FriBidiStrIndex)n, types);
    fribidi_get_bracket_types(u, (FriBidiStrIndex)n, types, bt);
    FriBidiParType base = FRIBIDI_PAR_ON;
    if (!fribidi_get_par_embedding_levels_ex(types, bt, (FriBidiStrIndex)n, &base, lev)) return 0;
    L->rtl = base == FRIBIDI_PAR_RTL;
    for (size_t i = 0; i < n; i++) map[i] = (FriBidiStrIndex)i;
    FriBidiLevel *lv2 = malloc(n * sizeof *lv2);
    memcpy(lv2, lev, n * sizeof *lv2);
    if (!fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, types, (FriBidiStrIndex)n, 0, base, lv2, NULL, map))
        return 0;

    L->g = calloc(n * 4 + 4, sizeof *L->g);
    L->ng = 0;
    double pen = 0, k = SIZE / font.upem;
    /* walk visual positions; each maximal level run is contiguous there */
    for (size_t v = 0; v < n;) {
        size_t lo = (size_t)map[v], hi = lo;
        size_t e = v;
        while (e < n && lev[map[e]] == lev[map[v]]) {
            if ((size_t)map[e] < lo) lo = (size_t)map[e];
            if ((size_t)map[e] > hi) hi = (size_t)map[e];
            e++;
        }
        int rtl = lev[map[v]] & 1;
        hb_buffer_t *b = hb_buffer_create();
        hb_buffer_add_utf32(b, u, (int)n, (unsigned)lo, (int)(hi - lo + 1));
        hb_buffer_set_direction(b, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        hb_buffer_guess_segment_properties(b);
        hb_buffer_set_language(b, hb_language_from_string("ar", -1));
        hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
        hb_shape(font.hb, b, NULL, 0);
        unsigned ng;
        hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(b, &ng);
        hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(b, NULL);
        for (unsigned i = 0; i < ng; i++) {
            uint32_t c0 = gi[i].cluster, c1 = (uint32_t)hi + 1;
            for (unsigned j = 0; j < ng; j++)
                if (gi[j].cluster > c0 && gi[j].cluster < c1) c1 = gi[j].cluster;
            mz_pglyph *g = &L->g[L->ng++];
            g->gid = gi[i].codepoint;
            g->x = (float)(pen + gp[i].x_offset * k);
            g->y = (float)(gp[i].y_offset * k);
            uint32_t cn = 0, first = UINT32_MAX;
            for (uint32_t c = c0; c < c1; c++)
                if (srcof[c] >= 0) {
                    if (first == UINT32_MAX) first = (uint32_t)srcof[c];
                    cn++;
                }
            if (!cn) { /* only inserted tatweel */
                g->flags |= MZ_GF_INSERTED;
                first = c1 < n && srcof[c1] >= 0 ? (uint32_t)srcof[c1] : 0;
            }
            g->cl = first;
            g->cn = cn;
            if (rtl) g->flags |= MZ_GF_RTL;
            pen += gp[i].x_advance * k;
        }
        hb_buffer_destroy(b);
        v = e;
    }
    L->width = pen;
    free(u);
    free(srcof);
    free(types);
    free(bt);
    free(lev);
    free(lv2);
    free(map);
    return 1;
}

/* ---- text comparison ------------------------------------------------------- */

static int dropped(uint32_t c)
{
    return c == 0x0640 || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

/* Normalises: drops tatweel and bidi controls, folds whitespace to one space. */
static uint32_t *normalise(const char *s, size_t *n)
{
    size_t m = 0;
    uint32_t *u = mz_utf8_decode(s, strlen(s), &m, NULL, NULL, 0);
    size_t k = 0;
    int sp = 1;
    for (size_t i = 0; i < m; i++) {
        uint32_t c = u[i];
        if (dropped(c)) continue;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r' || c == 0xA0) {
            if (!sp) u[k++] = ' ';
            sp = 1;
            continue;
        }
        u[k++] = c;
        sp = 0;
    }
    while (k && u[k - 1] == ' ') k--;
    /* canonical order of Arabic marks (their combining classes rise from
     * U+064B to U+0652, then U+0670): this test shapes lines itself, with a
     * cluster per mark, so its clients see HarfBuzz's mark order, which is
     * canonically equivalent to the source's (t_clients checks the order of
     * the real pipeline byte for byte) */
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && u[j] >= 0x064B && u[j] <= 0x0670 && u[j - 1] >= 0x064B &&
                           u[j - 1] <= 0x0670 && u[j] < u[j - 1] && (u[j] <= 0x0652 || u[j] == 0x0670);
             j--) {
            uint32_t x = u[j];
            u[j] = u[j - 1];
            u[j - 1] = x;
        }
    *n = k;
    return u;
}

static size_t lev32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t *row = malloc((nb + 1) * sizeof *row);
    for (size_t j = 0; j <= nb; j++) row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t r = row[nb];
    free(row);
    return r;
}

/* Words as hashes, so word similarity is a Levenshtein over sequences. */
static uint32_t *words(const uint32_t *u, size_t n, size_t *nw)
{
    uint32_t *w = malloc((n + 1) * sizeof *w);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && u[i] == ' ') i++;
        if (i >= n) break;
        uint32_t h = 2166136261u;
        while (i < n && u[i] != ' ') h = (h ^ u[i++]) * 16777619u;
        w[k++] = h;
    }
    *nw = k;
    return w;
}

static void similarity(const char *want, const char *got, double *chr, double *wrd)
{
    size_t na, nb, wa, wb;
    uint32_t *a = normalise(want, &na), *b = normalise(got, &nb);
    size_t mx = na > nb ? na : nb;
    *chr = mx ? 1.0 - (double)lev32(a, na, b, nb) / (double)mx : 1.0;
    uint32_t *x = words(a, na, &wa), *y = words(b, nb, &wb);
    mx = wa > wb ? wa : wb;
    *wrd = mx ? 1.0 - (double)lev32(x, wa, y, wb) / (double)mx : 1.0;
    free(a), free(b), free(x), free(y);
}

static int has_bytes(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(p + i, needle, k)) return 1;
    return 0;
}

static int contains(const char *hay, const char *needle)
{
    size_t na, nb;
    uint32_t *a = normalise(hay, &na), *b = normalise(needle, &nb);
    int found = 0;
    for (size_t i = 0; i + nb <= na && !found; i++) found = !memcmp(a + i, b, nb * sizeof *b);
    free(a), free(b);
    return found;
}

/* ---- helpers ------------------------------------------------------------------ */

static char *run(const char *cmd, int *status)
{
    FILE *f = popen(cmd, "r");
    mz_buf b = {0};
    char tmp[4096];
    size_t n;
    if (!f) return NULL;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) mz_buf_put(&b, tmp, n);
    int st = pclose(f);
    if (status) *status = st;
    mz_buf_put(&b, "", 1);
    return b.data;
}

static int write_file(const char *path, const unsigned char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    int ok = fwrite(p, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

/* Lines of a file ending in TJ: the content streams as written (hex CIDs). */
static void count_tj(const char *s, int *tj, int *notdef)
{
    for (const char *p = s, *e; p && *p; p = e ? e + 1 : NULL) {
        e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len >= 2 && !memcmp(p + len - 2, "TJ", 2)) {
            (*tj)++;
            for (const char *q = p; q + 6 <= p + len; q++)
                if (!memcmp(q, "<0000>", 6)) (*notdef)++;
        }
    }
}

/* Is the test tool installed?  A missing one is a failure that names it:
 * its checks would otherwise vanish without a word. */
static int have(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    if (system(cmd) == 0) return 1;
    MZ_FAILF("test tool", "%s is missing (make deps installs it)", tool);
    return 0;
}

/* ---- the layout ------------------------------------------------------------ */

static tline lines[NPARAS];
static mz_item items[NPARAS + 4];
static mz_outline outl[3];
static mz_meta meta;

static void build_layout(mz_layout *L)
{
    memset(L, 0, sizeof *L);
    L->width = PAGE_W;
    L->height = PAGE_H;
    size_t ni = 0;
    for (size_t i = 0; i < NPARAS; i++) {
        tline *t = &lines[i];
        mz_item *it = &items[ni++];
        memset(it, 0, sizeof *it);
        it->kind = MZ_ITEM_GLYPHS;
        it->font = 0;
        it->size = SIZE;
        it->g = t->g;
        it->ng = t->ng;
        it->text = t->src;
        it->text_len = t->nsrc;
        it->x = t->rtl ? PAGE_W - 60 - t->width : 60;
        it->y = PAGE_H - 80 - 36.0 * (double)i;
        it->color = (mz_rgb){0.1f, 0.1f, 0.2f};
    }
    items[ni++] = (mz_item){.kind = MZ_ITEM_LINE, .x = 60, .y = 60, .w = PAGE_W - 120, .h = 0,
                            .line_width = 0.5, .color = {0.5f, 0.5f, 0.5f}};
    items[ni++] = (mz_item){.kind = MZ_ITEM_RECT, .x = 60, .y = 20, .w = 40, .h = 20, .filled = 1,
                            .stroke = 1, .line_width = 1, .fill = {0.9f, 0.9f, 1}, .color = {0, 0, 1}};
    items[ni++] = (mz_item){.kind = MZ_ITEM_CIRCLE, .x = 150, .y = 30, .w = 8, .filled = 1,
                            .fill = {0.8f, 0.2f, 0.2f}};
    items[ni++] = (mz_item){.kind = MZ_ITEM_LINK, .x = 200, .y = 20, .w = 100, .h = 20,
                            .uri = "https://example.org/تقرير"};
    static mz_page page;
    page.items = items;
    page.n = page.cap = ni;
    L->pages = &page;
    L->npages = 1;
    outl[0] = (mz_outline){"مقدمة", 1, 0, PAGE_H - 70};
    outl[1] = (mz_outline){"الخلفية", 2, 0, PAGE_H - 150};
    outl[2] = (mz_outline){"Summary", 1, 0, PAGE_H - 300};
    L->outline = outl;
    L->noutline = 3;
    meta.title = (char *)"موجز التقرير";
    meta.author = (char *)"وزارة الاختبار";
    meta.subtitle = (char *)"ملخص";
    meta.lang = (char *)"ar";
    L->meta = &meta;
    L->rtl = 1;
}

/* The glyph outlines' whole-number writer against mz_pdf_num's digits. */
static void check_itoa(void)
{
    static const long v[] = {0, 1, -1, 9, -9, 10, -10, 99, 100, -1000, 2047, -2048, 65535, 1000000,
                             -123456789, 1L << 40, -(1L << 40) - 7};
    int bad = 0;
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        mz_buf b = {0};
        char t[24];
        mz_pdf_num(&b, (double)v[i], 0);
        size_t n = mz_pdf_itoa(t, v[i]);
        bad += !b.data || n != b.len || memcmp(t, b.data, n) != 0;
        mz_buf_free(&b);
    }
    char t[24];
    size_t n = mz_pdf_itoa(t, -9223372036854775807L - 1);
    MZ_CHECK("pdf_itoa_digits", bad == 0 && n == 20 && !memcmp(t, "-9223372036854775808", 20),
             "%d values differ from mz_pdf_num; LONG_MIN as %.*s", bad, (int)n, t);
}

static void md5_hex(const void *p, size_t n, char hex[33])
{
    mz_md5 m;
    unsigned char d[16];
    mz_md5_init(&m);
    mz_md5_update(&m, p, n);
    mz_md5_final(&m, d);
    for (int i = 0; i < 16; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* The document ID's MD5: RFC 1321's test suite, then random inputs fed in
 * random pieces (as the ID takes a few bytes at a time) against libharu's
 * MD5, which mujaz used before, so that IDs stay what they were. */
static void check_md5(void)
{
    static const char *const rfc[][2] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"}};
    int bad_rfc = 0;
    for (size_t i = 0; i < sizeof rfc / sizeof *rfc; i++) {
        char hex[33];
        md5_hex(rfc[i][0], strlen(rfc[i][0]), hex);
        bad_rfc += strcmp(hex, rfc[i][1]) != 0;
    }
    static unsigned char data[5000];
    unsigned x = 99;
    int bad = 0, cases = 0;
    for (int k = 0; k < 400; k++) {
        x = x * 1103515245u + 12345u;
        size_t n = (x >> 8) % sizeof data;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            data[i] = (unsigned char)(x >> 16);
        }
        mz_md5 m;
        HPDF_MD5_CTX h;
        mz_md5_init(&m);
        HPDF_MD5Init(&h);
        for (size_t a = 0, b; a < n; a = b) { /* pieces of 1 to 200 bytes, mostly short */
            x = x * 1103515245u + 12345u;
            size_t piece = (x >> 16) % 8 ? 1 + (x >> 20) % 16 : 1 + (x >> 20) % 200;
            b = a + piece < n ? a + piece : n;
            mz_md5_update(&m, data + a, b - a);
            mz_md5_update(&m, NULL, 0); /* as the ID's callers may, mid-block */
            HPDF_MD5Update(&h, data + a, (HPDF_UINT32)(b - a));
        }
        unsigned char got[16], want[16];
        mz_md5_final(&m, got);
        HPDF_MD5Final(want, &h);
        bad += memcmp(got, want, 16) != 0;
        cases++;
    }
    MZ_CHECK("pdf_md5: the document ID's digest", bad_rfc == 0 && bad == 0,
             "%d of RFC 1321's 7 digests wrong; %d of %d random inputs differ from libharu's MD5", bad_rfc, bad,
             cases);
}

int main(void)
{
    check_itoa();
    check_md5();
    char dir[] = "/tmp/mz_test_pdf_XXXXXX";
    if (!mkdtemp(dir)) {
        MZ_FAILF("tmpdir", "mkdtemp failed");
        MZ_DONE();
    }
    if (!load_font(MZ_FONT_DIR "/Amiri-Regular.ttf") && !load_font("fonts/Amiri-Regular.ttf")) {
        MZ_FAILF("font", "cannot load Amiri-Regular.ttf");
        MZ_DONE();
    }
    for (size_t i = 0; i < NPARAS; i++) shape_line(paras[i], &lines[i]);
    mz_layout L;
    build_layout(&L);

    char err[512] = "";
    mz_diag d = {.buf = err, .len = sizeof err};
    mz_pdf_opts o = {.epoch = 1700000000};
    unsigned char *pdf = NULL, *pdf2 = NULL;
    size_t n = 0, n2 = 0;
    mz_status st = mz_pdf_write(&L, &fonts, &o, &pdf, &n, &d);
    MZ_CHECK("pdf_write", st == MZ_OK && pdf && n > 1000, "status %d: %s", (int)st, err);
    if (st != MZ_OK) MZ_DONE();
    MZ_CHECK("pdf_header_1_7", !memcmp(pdf, "%PDF-1.7", 8), "header %.8s", (const char *)pdf);
    st = mz_pdf_write(&L, &fonts, &o, &pdf2, &n2, &d);
    MZ_CHECK("pdf_reproducible", st == MZ_OK && n == n2 && !memcmp(pdf, pdf2, n),
             "two writes differ (%zu vs %zu bytes)", n, n2);
    free(pdf2);

    char path[512], qdf[600], cmd[2000];
    snprintf(path, sizeof path, "%s/t.pdf", dir);
    snprintf(qdf, sizeof qdf, "%s/q.pdf", dir);
    MZ_CHECK("pdf_saved", write_file(path, pdf, n), "cannot write %s", path);
    free(pdf);

    int rc;
    char *out;
    if (have("pdffonts")) {
        snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", path);
        out = run(cmd, &rc);
        int fonts_ok = 0, fonts_bad = 0;
        char *line = strtok(out, "\n");
        for (int ln = 0; line; line = strtok(NULL, "\n"), ln++) {
            if (ln < 2) continue;
            if (strstr(line, "CID TrueType") && strstr(line, "Identity-H") &&
                strstr(line, "yes yes yes") && strstr(line, "+Amiri-Regular"))
                fonts_ok++;
            else
                fonts_bad++;
        }
        /* one face; its ToUnicode variants (pdf_text.c) are listed as fonts
         * of the same name */
        MZ_CHECK("pdffonts_cid_identity_emb_sub_uni", rc == 0 && fonts_ok >= 1 && fonts_bad == 0,
                 "ok=%d bad=%d rc=%d", fonts_ok, fonts_bad, rc);
        free(out);
    }
    if (have("qpdf")) {
        snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
        out = run(cmd, &rc);
        MZ_CHECK("qpdf_check", rc == 0 && strstr(out, "No syntax or stream encoding errors"),
                 "rc=%d: %.300s", rc, out);
        free(out);
        snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s' 2>&1 && cat '%s'",
                 path, qdf, qdf);
        out = run(cmd, &rc);
        int notdef = 0, tj = 0, bad_map = 0, spans = 0;
        for (char *p = out, *e; p && *p; p = e ? e + 1 : NULL) {
            e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            /* ActualText only as empty spans around helper glyphs: the text
             * is in the glyphs' ToUnicode, which every client reads */
            if (has_bytes(p, len, "/ActualText") && !has_bytes(p, len, "/ActualText ()")) spans++;
            /* bfchar lines: <GGGG> <one code point> */
            unsigned g;
            char dst[64];
            if (len < 60 && sscanf(p, "<%4x> <%63[0-9A-F]>", &g, dst) == 2 && p[5] == '>' &&
                p[6] == ' ') {
                size_t dl = strlen(dst);
                int ok = dl == 4 || (dl == 8 && dst[0] == 'D' && strchr("89AB", dst[1]));
                if (!ok) bad_map++;
            }
        }
        MZ_CHECK("tounicode_single_code_points", bad_map == 0, "%d multi-code-point entries", bad_map);
        MZ_CHECK("no_actualtext_with_text", spans == 0, "%d ActualText strings with text", spans);
        MZ_CHECK("catalog_lang_direction_labels",
                 strstr(out, "/Lang (ar)") && strstr(out, "/Direction /R2L") && strstr(out, "/PageLabels"),
                 "missing /Lang, /Direction or /PageLabels");
        MZ_CHECK("outline_utf16_titles", strstr(out, "/Outlines") && (strstr(out, "/Title <FEFF") || strstr(out, "/Title <feff")),
                 "no outline with UTF-16 titles");
        free(out);
        /* qdf rewrites strings; uncompressed-only keeps our hex CIDs as written */
        snprintf(cmd, sizeof cmd, "qpdf --stream-data=uncompress '%s' '%s' 2>&1 && cat '%s'", path, qdf, qdf);
        out = run(cmd, &rc);
        count_tj(out, &tj, &notdef);
        MZ_CHECK("no_notdef_in_content", tj > 0 && notdef == 0, "%d TJ lines, %d <0000>", tj, notdef);
        free(out);
    }
    if (have("pdfinfo")) {
        snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", path);
        out = run(cmd, &rc);
        MZ_CHECK("pdfinfo_metadata",
                 rc == 0 && strstr(out, "موجز التقرير") && strstr(out, "وزارة الاختبار") &&
                     strstr(out, "mujaz") && strstr(out, "PDF version:") &&
                     strstr(strstr(out, "PDF version:"), "1.7"),
                 "%.400s", out);
        free(out);
    }

    /* Text extraction: the source text, in logical order, all lines. */
    mz_buf want = {0};
    for (size_t i = 0; i < NPARAS; i++) {
        char *s = mz_utf32_to_utf8(lines[i].src, lines[i].nsrc);
        mz_buf_puts(&want, s);
        mz_buf_puts(&want, "\n");
        free(s);
    }
    mz_buf_put(&want, "", 1);
    if (have("pdftotext")) {
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", path);
        out = run(cmd, &rc);
        double cs, ws;
        similarity(want.data, out, &cs, &ws);
        printf("# pdftotext similarity: chars %.4f words %.4f\n", cs, ws);
        if (getenv("MZ_TEST_VERBOSE")) printf("%s\n", out);
        MZ_CHECK("pdftotext_char_similarity", cs >= 0.97, "%.4f", cs);
        MZ_CHECK("pdftotext_word_similarity", ws >= 0.85, "%.4f", ws);
        MZ_CHECK("pdftotext_harakat_word", contains(out, "بِسْمِ") && contains(out, "عَلَّمَ"),
                 "vocalised words not whole");
        MZ_CHECK("pdftotext_lam_alef_allah", contains(out, "لا إله إلا الله"), "lam-alef line");
        MZ_CHECK("pdftotext_numbers_latin", contains(out, "I-24/7") && contains(out, "1999") &&
                                                 contains(out, "١٤٤٥") && contains(out, "Open Source Software"),
                 "numbers or Latin broken");
        MZ_CHECK("pdftotext_inserted_tatweel_gone", contains(out, "سلام محمد") && !strstr(out, "سـلام"),
                 "inserted tatweel leaked or word split");
        MZ_CHECK("pdftotext_author_tatweel_kept", strstr(out, "كتـــاب") != NULL, "author's tatweel lost");
        free(out);
    }
    if (have("mutool")) {
        snprintf(cmd, sizeof cmd, "mutool draw -q -F txt -o - '%s' 2>/dev/null", path);
        out = run(cmd, &rc);
        double cs, ws;
        similarity(want.data, out, &cs, &ws);
        printf("# mutool similarity: chars %.4f words %.4f\n", cs, ws);
        if (getenv("MZ_TEST_VERBOSE")) printf("%s\n", out);
        MZ_CHECK("mutool_extracts_text", rc == 0 && cs > 0.3, "rc=%d chars %.4f", rc, cs);
        free(out);
    }
    mz_buf_free(&want);

    /* Restricted-licence fonts are refused, naming the font. */
    unsigned saved = font.fs_type;
    font.fs_type = 0x0002;
    char err2[512] = "";
    mz_diag d2 = {.buf = err2, .len = sizeof err2};
    pdf = NULL;
    st = mz_pdf_write(&L, &fonts, &o, &pdf, &n, &d2);
    MZ_CHECK("restricted_font_refused", st == MZ_ERR_FONT && strstr(err2, "Amiri-Regular") && !pdf,
             "status %d: %s", (int)st, err2);
    free(pdf);
    font.fs_type = saved;

    /* A font index the font set does not hold is an error, not a crash. */
    items[0].font = 7;
    char err3[512] = "";
    mz_diag d3 = {.buf = err3, .len = sizeof err3};
    pdf = NULL;
    st = mz_pdf_write(&L, &fonts, &o, &pdf, &n, &d3);
    MZ_CHECK("bad_font_index_refused", st != MZ_OK && !pdf && err3[0], "status %d", (int)st);
    items[0].font = 0;

    if (!getenv("MZ_TEST_KEEP")) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) printf("# could not remove %s\n", dir);
    } else {
        printf("# kept %s\n", dir);
    }
    for (size_t i = 0; i < NPARAS; i++) {
        free(lines[i].src);
        free(lines[i].g);
    }
    free_font();
    MZ_DONE();
}
