/* pdf_int.h - the records the PDF writer's modules share: the writer's
 * state, its fonts and the characters of the page being drawn.  Each
 * module's functions are declared in its own header. */
#ifndef MZ_PDF_INT_H
#define MZ_PDF_INT_H

#include "pdf/pdf.h"
#include "pdf/hpdf_shim.h"
#include "pdf/pdf_archive.h"
#include "pdf/pdf_bytes.h"

/* A Type0 dict of a face: variant 0 is the one fonts are first made with;
 * others share its CIDFont and differ in ToUnicode (pdf_font.c). */
typedef struct mz_pvar {
    mz_hobj *type0;     /* indirect; completed by mz_pdf_finish_font */
    uint32_t *map;      /* per GID: 0 = no entry, else 1 + offset of its text in pool */
} mz_pvar;

/* Per font face used: its Type0 dicts, the glyphs used, and their texts. */
typedef struct mz_pfont {
    mz_font *f;
    mz_hobj *type0;     /* == var[0].type0 once a glyph is drawn */
    hb_set_t *gids;     /* glyphs drawn (GID 0 never) */
    unsigned char *in_gids; /* bit per GID: in gids already (hb_set_add costs ~77 instructions a glyph) */
    mz_pvar *var;
    int nvar;
    size_t capvar;
    uint32_t *pool;     /* texts: length, then code points */
    size_t npool, cappool;
    uint32_t *rev;      /* per GID: a code point the cmap maps to it (built on need) */
    double *adv;        /* per GID: advance in 1/1000 em, once asked (< 0: not yet) */
    uint16_t *cid;      /* per GID: its CID in the content streams (0: not drawn yet) */
    uint16_t *cid_gid;  /* per CID (1..ncid): its GID */
    unsigned ncid;
    struct mz_pform {   /* per GID: its outline as a form XObject, once drawn so, */
        mz_hobj *obj;
        mz_hobj *page;  /* and the page that last drew it, under this resource name (pages live */
        const char *name; /* as long as the writer: a page's name for a form never changes) */
    } *form;
    int zw;             /* an empty zero-width glyph (helpers), 0 = none, -1 = not looked for */
    unsigned nglyphs;
} mz_pfont;

/* A deflated font program (pdf_font.c). */
typedef struct mz_subset {
    const mz_font *f;
    hb_set_t *gids;     /* the glyphs it was made for */
    unsigned char *z;   /* deflated program */
    size_t zlen;
    unsigned len1;      /* its length before deflating (/Length1) */
    uint16_t *ng;       /* the subset's GID of each of gids, in gids' order */
} mz_subset;

/* A character as poppler lays it out: where it starts, on which baseline,
 * in which font (for helpers), and whether its bidi run is right to left. */
typedef struct mz_pchar {
    double x, y;
    uint32_t c;
    int font;
    float size;
    uint32_t seq;   /* stream order, for ties */
    uint8_t rtl;
} mz_pchar;

typedef struct mz_pw {
    mz_hdoc *h;
    mz_diag *d;
    mz_fonts *fs;
    mz_pfont *pf;              /* fs->n entries; pf[i].f == NULL when unused */
    int nf;
    mz_buf b;                  /* content of the text object being built */
    mz_buf page;               /* the graphics of the content stream being drawn */
    mz_buf text;               /* and its text, one text object drawn over them */
    uint32_t *cps;             /* the texts of the glyph item being drawn */
    size_t ncps, cps_cap;
    mz_pchar *pch;             /* the characters of the content stream, for pdf_lines.c */
    size_t npch, pch_cap;
    double line_y;             /* baseline of the line being drawn */
    double line_x;             /* where its last glyph item's pen stopped (page) */
    double line_left;          /* and where that item's glyphs begin */
    int line_rtl;              /* that item is right to left */
    double line_org;           /* and its line's origin (mz_item x): the items of one line share it */
    double line_rise;          /* and the rise its last glyph was drawn with */
    int in_line;               /* a glyph item was drawn in this content stream */
    int art_g, art_t;          /* tagged: the artifact open in w->page / w->text (its tag + 2), 0 none */
    mz_hobj *annot;            /* the link annotation just drawn */
    mz_hobj *tf;               /* font dict and size the text object has selected */
    double tf_size;
    mz_rgb fill;               /* and its fill colour (valid when in_line) */
    mz_pdf_hash hash;          /* of everything drawn, for the document /ID */
    mz_subset own;             /* a font program made without a cache */
    mz_zip zip;                /* the compressors, one a level */
    struct mz_pimage {         /* images embedded so far: one XObject per file */
        const char *path;
        mz_hobj *xobj;
    } *images;
    size_t nimages, images_cap;
} mz_pw;

/* The text a glyph of an item stands for: w->cps[off, off+len); len 0 =
 * nothing (a tatweel inserted by justification, a piece a font adds). */
typedef struct mz_gtext {
    uint32_t off, len;
} mz_gtext;

#endif
