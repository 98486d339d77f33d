/* mujaz.h - public API of mujaz, an Arabic-first typesetter that writes PDF.
 *
 * The library never prints and never exits.  Every entry point returns an
 * mz_status and, on failure, writes a one-line message (naming the file and
 * line where there is one) into the caller's buffer.  Warnings go to the
 * optional callback in mz_options.  The library reads no environment
 * variable: SOURCE_DATE_EPOCH and the font directory are options (the mujaz
 * program fills them from the environment).
 *
 * Threads: every function here is thread-safe unless its comment says
 * otherwise, as long as two threads do not share one mz_context or one
 * mz_options being changed.  The first render initialises the libraries'
 * process-wide state (mz_global_init); a program that starts threads may call
 * mz_global_init first to learn of a failure early.  Links with
 * `pkg-config --cflags --libs mujaz` (libmujaz.so.0, or libmujaz.a with
 * --static).
 */
#ifndef MUJAZ_H
#define MUJAZ_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Only what this header declares is exported from the shared library. */
#if defined(__GNUC__) && !defined(MZ_STATIC_ONLY)
#define MZ_API __attribute__((visibility("default")))
#else
#define MZ_API
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

/* The digits mujaz writes numbers in (page numbers, list numbers, timeline
 * years; with body_digits the text's own too).  NATIVE: the document
 * language's, from the theme's words (ar U+0660.., fa and ur U+06F0.., en
 * European); DEFAULT: the language's own in right-to-left documents
 * (Arabic-Indic for a language the theme has no digits for), else European. */
typedef enum mz_digits {
    MZ_DIGITS_DEFAULT = 0,
    MZ_DIGITS_ARABIC_INDIC,          /* U+0660..0669 */
    MZ_DIGITS_EUROPEAN,
    MZ_DIGITS_NATIVE,
    MZ_DIGITS_EXTENDED_ARABIC_INDIC  /* U+06F0..06F9 (Persian, Urdu) */
} mz_digits;

/* What --dump=STAGE prints instead of writing a PDF. */
typedef enum mz_dump {
    MZ_DUMP_NONE = 0,
    MZ_DUMP_RUNS,   /* itemized runs: level, script, font, text */
    MZ_DUMP_GLYPHS, /* shaped runs, in hb-shape's notation */
    MZ_DUMP_LINES,  /* composed lines: width, natural width, ratio, text */
    MZ_DUMP_PAGES,  /* each page's display list */
    MZ_DUMP_DOC     /* the document model: metadata and blocks with their source lines */
} mz_dump;

typedef void (*mz_warn_fn)(void *userdata, const char *message);

/* Options set by the caller; anything left zero/NULL comes from the document
 * (front matter) or the built-in defaults. */
typedef struct mz_options {
    const char *font;        /* regular face: file path or fontconfig family */
    const char *bold_font;
    const char *italic_font;
    const char *font_dir;    /* where the shipped Amiri fonts live; NULL = the path built in
                                at compile time (the program: $MUJAZ_FONT_DIR first) */
    const char *source_date_epoch; /* the PDF's dates and ID from this time (decimal seconds
                                since 1970, as the SOURCE_DATE_EPOCH convention): the same
                                input then gives the same bytes; NULL or "" = now */
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
    const char *theme_dir;   /* where the shipped themes live; NULL = beside font_dir's fonts
                                when it holds them, else the path built in (the program:
                                $MUJAZ_THEME_DIR first) */
    mz_warn_fn warn;         /* NULL = warnings are dropped */
    void *warn_userdata;
    int tags;                /* 1 = a tagged PDF (PDF/UA-1), -1 = untagged, 0 = document decides
                                (front matter tags:, tagged by default) */
    int body_digits;         /* 1 = the text's European digits in the digits above too
                                (not in Latin-script words, code or URLs), -1 = not,
                                0 = the front matter's body_digits */
    double bleed;            /* print: pt beyond the paper that full-bleed elements reach and
                                the MediaBox adds (TrimBox = the paper, BleedBox); 0 = the front
                                matter's bleed:, else the theme's; < 0 = none */
    int crop_marks;          /* 1 = crop marks outside the trim, -1 = none, 0 = the theme's */
} mz_options;

MZ_API void mz_options_init(mz_options *opts);

/* Sets up what the libraries mujaz uses keep for the whole process
 * (cmark-gfm's extension registry, HarfBuzz's language tags).  Idempotent
 * and thread-safe; called by every render, so calling it is optional.
 * MZ_ERR_NOMEM when that failed (a later call tries again). */
MZ_API mz_status mz_global_init(void);

/* Reads INPUT (a path, or "-" for stdin; ".txt" = plain text, one paragraph
 * per line; anything else = Markdown with optional YAML front matter) and
 * writes a PDF to OUTPUT.  The PDF is written to a temporary file in the
 * target directory and renamed into place, so OUTPUT is either the complete
 * new file or left exactly as it was. */
MZ_API mz_status mz_render_file(const char *input, const char *output, const mz_options *opts,
                         char *errbuf, size_t errlen);

/* Same as mz_render_file, but writes the stable text dump of STAGE to OUT. */
MZ_API mz_status mz_dump_file(const char *input, mz_dump stage, FILE *out, const mz_options *opts,
                       char *errbuf, size_t errlen);

/* In-memory variant (used by the fuzzers and by embedders): DATA of LEN bytes
 * named NAME (for messages; its extension picks the format).  On success
 * *pdf (malloc'd, caller frees) holds *pdf_len bytes. */
MZ_API mz_status mz_render_memory(const char *data, size_t len, const char *name, const mz_options *opts,
                           unsigned char **pdf, size_t *pdf_len, char *errbuf, size_t errlen);

MZ_API const char *mz_status_name(mz_status status);

/* Removes the temporary files of renders in progress (each output is
 * written to one and renamed into place when complete).  Async-signal-safe:
 * for a handler of SIGINT, SIGTERM or SIGHUP that then ends the process, so
 * that an interrupted render leaves nothing behind.  A render that was
 * running fails afterwards and must not be relied on. */
MZ_API void mz_remove_temporaries(void);

/* ---- many documents ---------------------------------------------------------
 *
 * A context renders many documents with the options it was created with,
 * keeping the font faces it has loaded (and HarfBuzz's shaping caches) from
 * one document to the next.  The PDF is byte for byte the one mz_render_file
 * writes.  A context is not thread-safe: use one per thread.  The option
 * strings are borrowed and must outlive the context. */
typedef struct mz_context mz_context;

MZ_API mz_context *mz_context_new(const mz_options *opts); /* NULL: out of memory */
MZ_API void mz_context_free(mz_context *ctx);

/* mz_render_file with the context's options and font cache. */
MZ_API mz_status mz_render_file_ctx(mz_context *ctx, const char *input, const char *output, char *errbuf,
                             size_t errlen);

/* The font files (absolute paths) whose glyphs the last successful render of
 * CTX embedded; valid until the context's next render or mz_context_free. */
MZ_API int mz_context_font_count(const mz_context *ctx);
MZ_API const char *mz_context_font_path(const mz_context *ctx, int i);

/* Every file besides the document the last successful render of CTX read
 * (absolute paths): the font files above, then the images it embedded and
 * the theme; what mujaz build's up-to-date check watches.  Valid as the
 * fonts' are. */
MZ_API int mz_context_input_count(const mz_context *ctx);
MZ_API const char *mz_context_input_path(const mz_context *ctx, int i);

/* One document of a batch: the caller fills input and output; the batch
 * fills the rest (status MZ_OK when rendered or up to date). */
typedef struct mz_batch_job {
    const char *input;
    const char *output;
    mz_status status;
    int up_to_date;
    double seconds;    /* wall time spent on it */
    int pages;         /* rendered: the PDF's pages (0 otherwise) */
    long long bytes;   /* rendered or up to date: the output's size */
    size_t warnings;   /* warnings it gave */
} mz_batch_job;

typedef enum mz_batch_state {
    MZ_BATCH_STARTED,    /* a worker took the document */
    MZ_BATCH_RENDERED,   /* its PDF was written */
    MZ_BATCH_UP_TO_DATE, /* skipped: the output is newer than everything it was made from */
    MZ_BATCH_FAILED,     /* status and message say why; an existing output is untouched */
    MZ_BATCH_PRUNED      /* --prune removed an output whose input is gone: job is NULL,
                            message the removed file */
} mz_batch_state;

typedef struct mz_batch_event {
    mz_batch_state state;
    const mz_batch_job *job;
    size_t done, total;  /* documents finished so far (this one included), of all */
    const char *message; /* FAILED: the error message */
} mz_batch_event;

/* Called for every event; calls are serialised (never two at once) and come
 * from the worker threads.  STARTED comes when a worker takes a document; a
 * document's warnings (to the warn callback of the mz_options, prefixed with
 * the input's name) and then its RENDERED, UP_TO_DATE or FAILED come in the
 * order of the jobs, whatever the number of threads, so that two runs print
 * the same lines. */
typedef void (*mz_batch_fn)(void *userdata, const mz_batch_event *event);

typedef struct mz_batch_options {
    int jobs;           /* worker threads; 0 or 1 = one */
    int force;          /* render even documents that are up to date */
    int prune;          /* remove recorded outputs whose input no longer exists */
    const char *report; /* write a JSON report here ("-" = standard output; NULL = none):
                           doc/report.schema.json */
    mz_batch_fn progress;
    void *progress_userdata;
} mz_batch_options;

typedef struct mz_batch_summary {
    size_t total, rendered, up_to_date, failed, pruned;
} mz_batch_summary;

/* Renders JOBS[0..n) with OPTS.  Every document is attempted; a failure does
 * not stop the others.  An output is up to date, and skipped, when the
 * dependency file ".mujaz-deps" in its directory lists it with the same
 * input and the same options, and the output is newer than the input and
 * every font file the listed render embedded.  Each output directory's
 * dependency file is merged at the end, under a lock, with what builds
 * running at the same time wrote to it, and replaced atomically.
 *
 * Returns MZ_OK when every document was rendered or up to date; else the
 * status of the first failed job (in JOBS order), with "N of M documents
 * failed; first: INPUT: MESSAGE" in errbuf.  MZ_ERR_USAGE without rendering
 * anything when two jobs write the same output or an input is "-". */
MZ_API mz_status mz_render_batch(mz_batch_job *jobs, size_t n, const mz_options *opts,
                          const mz_batch_options *bopts, mz_batch_summary *summary, char *errbuf,
                          size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
