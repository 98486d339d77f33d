/* mujaz.h - public API of mujaz, an Arabic-first typesetter that writes PDF.
 *
 * The library never prints and never exits.  Every entry point returns an
 * mz_status and, on failure, writes a one-line message (naming the file and
 * line where there is one) into the caller's buffer.  Warnings go to the
 * optional callback in mz_options.
 */
#ifndef MUJAZ_H
#define MUJAZ_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MZ_VERSION "0.1.0"

/* Status codes.  The CLI uses them as its exit codes, so they are stable. */
typedef enum mz_status {
    MZ_OK = 0,
    MZ_ERR_INPUT = 1,    /* the document is malformed (file:line in the message) */
    MZ_ERR_USAGE = 2,    /* bad options or arguments */
    MZ_ERR_FONT = 3,     /* a font is missing, unreadable or unusable */
    MZ_ERR_OUTPUT = 4,   /* the output could not be written; nothing was clobbered */
    MZ_ERR_LIMIT = 5,    /* a documented limit was exceeded */
    MZ_ERR_NOMEM = 6,    /* out of memory */
    MZ_ERR_INTERNAL = 70 /* a bug: please report it */
} mz_status;

typedef enum mz_dir { MZ_DIR_DEFAULT = 0, MZ_DIR_RTL, MZ_DIR_LTR, MZ_DIR_AUTO } mz_dir;

typedef enum mz_justify {
    MZ_JUSTIFY_DEFAULT = 0,
    MZ_JUSTIFY_AUTO,    /* spaces first, kashida to avoid loose lines */
    MZ_JUSTIFY_SPACES,  /* inter-word space only */
    MZ_JUSTIFY_KASHIDA, /* kashida first, then spaces */
    MZ_JUSTIFY_NONE     /* ragged (aligned to the start side) */
} mz_justify;

typedef enum mz_digits { MZ_DIGITS_DEFAULT = 0, MZ_DIGITS_ARABIC_INDIC, MZ_DIGITS_EUROPEAN } mz_digits;

/* What --dump=STAGE prints instead of writing a PDF. */
typedef enum mz_dump {
    MZ_DUMP_NONE = 0,
    MZ_DUMP_RUNS,   /* itemized runs: level, script, font, text */
    MZ_DUMP_GLYPHS, /* shaped runs, in hb-shape's notation */
    MZ_DUMP_LINES,  /* composed lines: width, natural width, ratio, text */
    MZ_DUMP_PAGES   /* each page's display list */
} mz_dump;

typedef void (*mz_warn_fn)(void *userdata, const char *message);

/* Options set by the caller; anything left zero/NULL comes from the document
 * (front matter) or the built-in defaults. */
typedef struct mz_options {
    const char *font;        /* regular face: file path or fontconfig family */
    const char *bold_font;
    const char *italic_font;
    const char *font_dir;    /* where the shipped Amiri fonts live; NULL = built-in path */
    double font_size;        /* body size in pt; 0 = document/default (12) */
    mz_dir dir;
    mz_justify justify;
    mz_digits digits;
    int strict;              /* treat warnings as input errors */
    int pdfa;                /* 1 = write PDF/A-2b, -1 = never, 0 = document decides */
    int no_word_cache;       /* 1 = shape every run whole instead of through the word
                                cache: slower, the same PDF (for measurement) */
    const char *theme;       /* the house style: a theme file or a shipped theme's name; NULL
                                = the front matter's theme:, else the shipped default */
    mz_warn_fn warn;         /* NULL = warnings are dropped */
    void *warn_userdata;
} mz_options;

void mz_options_init(mz_options *opts);

/* Reads INPUT (a path, or "-" for stdin; ".txt" = plain text, one paragraph
 * per line; anything else = Markdown with optional YAML front matter) and
 * writes a PDF to OUTPUT.  The PDF is written to a temporary file in the
 * target directory and renamed into place, so OUTPUT is either the complete
 * new file or left exactly as it was. */
mz_status mz_render_file(const char *input, const char *output, const mz_options *opts,
                         char *errbuf, size_t errlen);

/* Same as mz_render_file, but writes the stable text dump of STAGE to OUT. */
mz_status mz_dump_file(const char *input, mz_dump stage, FILE *out, const mz_options *opts,
                       char *errbuf, size_t errlen);

/* In-memory variant (used by the fuzzers and by embedders): DATA of LEN bytes
 * named NAME (for messages; its extension picks the format).  On success
 * *pdf (malloc'd, caller frees) holds *pdf_len bytes. */
mz_status mz_render_memory(const char *data, size_t len, const char *name, const mz_options *opts,
                           unsigned char **pdf, size_t *pdf_len, char *errbuf, size_t errlen);

const char *mz_status_name(mz_status status);

/* Removes the temporary files of renders in progress (each output is
 * written to one and renamed into place when complete).  Async-signal-safe:
 * for a handler of SIGINT, SIGTERM or SIGHUP that then ends the process, so
 * that an interrupted render leaves nothing behind.  A render that was
 * running fails afterwards and must not be relied on. */
void mz_remove_temporaries(void);

/* ---- many documents ---------------------------------------------------------
 *
 * A context renders many documents with the options it was created with,
 * keeping the font faces it has loaded (and HarfBuzz's shaping caches) from
 * one document to the next.  The PDF is byte for byte the one mz_render_file
 * writes.  A context is not thread-safe: use one per thread.  The option
 * strings are borrowed and must outlive the context. */
typedef struct mz_context mz_context;

mz_context *mz_context_new(const mz_options *opts); /* NULL: out of memory */
void mz_context_free(mz_context *ctx);

/* mz_render_file with the context's options and font cache. */
mz_status mz_render_file_ctx(mz_context *ctx, const char *input, const char *output, char *errbuf,
                             size_t errlen);

/* The theme file the last successful render of CTX read (NULL before one). */
const char *mz_context_theme_path(const mz_context *ctx);

/* The font files (absolute paths) whose glyphs the last successful render of
 * CTX embedded; valid until the context's next render or mz_context_free. */
int mz_context_font_count(const mz_context *ctx);
const char *mz_context_font_path(const mz_context *ctx, int i);

/* One document of a batch: the caller fills input and output; the batch
 * fills status (MZ_OK when rendered or up to date) and up_to_date. */
typedef struct mz_batch_job {
    const char *input;
    const char *output;
    mz_status status;
    int up_to_date;
} mz_batch_job;

typedef enum mz_batch_state {
    MZ_BATCH_STARTED,    /* a worker took the document */
    MZ_BATCH_RENDERED,   /* its PDF was written */
    MZ_BATCH_UP_TO_DATE, /* skipped: the output is newer than everything it was made from */
    MZ_BATCH_FAILED      /* status and message say why; an existing output is untouched */
} mz_batch_state;

typedef struct mz_batch_event {
    mz_batch_state state;
    const mz_batch_job *job;
    size_t done, total;  /* documents finished so far (this one included), of all */
    const char *message; /* FAILED: the error message */
} mz_batch_event;

/* Called for every event; calls are serialised (never two at once) and come
 * from the worker threads.  Warnings from the documents go to the warn
 * callback of the mz_options, prefixed with the input's name, serialised
 * with these calls. */
typedef void (*mz_batch_fn)(void *userdata, const mz_batch_event *event);

typedef struct mz_batch_options {
    int jobs;           /* worker threads; 0 or 1 = one */
    int force;          /* render even documents that are up to date */
    mz_batch_fn progress;
    void *progress_userdata;
} mz_batch_options;

typedef struct mz_batch_summary {
    size_t total, rendered, up_to_date, failed;
} mz_batch_summary;

/* Renders JOBS[0..n) with OPTS.  Every document is attempted; a failure does
 * not stop the others.  An output is up to date, and skipped, when the
 * dependency file ".mujaz-deps" in its directory lists it with the same
 * input and the same options, and the output is newer than the input and
 * every font file the listed render embedded.  Each output directory's
 * dependency file is rewritten (atomically) at the end.
 *
 * Returns MZ_OK when every document was rendered or up to date; else the
 * status of the first failed job (in JOBS order), with "N of M documents
 * failed; first: INPUT: MESSAGE" in errbuf.  MZ_ERR_USAGE without rendering
 * anything when two jobs write the same output or an input is "-". */
mz_status mz_render_batch(mz_batch_job *jobs, size_t n, const mz_options *opts,
                          const mz_batch_options *bopts, mz_batch_summary *summary, char *errbuf,
                          size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
