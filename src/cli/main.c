/* main.c - the mujaz command-line tool: options, messages, exit codes. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mujaz.h"

static const char *usage_text =
    "usage: mujaz [OPTIONS] INPUT [-o OUTPUT.pdf]\n"
    "       mujaz build [OPTIONS] [-j N] [-o OUTDIR] INPUT...   (see mujaz build --help)\n"
    "Typesets an Arabic document (Markdown with YAML front matter, or .txt:\n"
    "one paragraph per line) into PDF.  INPUT '-' reads standard input.\n"
    "\n"
    "  -o, --output=FILE      PDF to write (default: INPUT with .pdf); written to a\n"
    "                         temporary file and renamed, so it is never half-written\n"
    "      --dump=STAGE       print a stage as text instead: doc, runs, glyphs, lines, pages\n"
    "      --font=FONT        regular face: a file path or a fontconfig family\n"
    "      --bold-font=FONT   bold face\n"
    "      --italic-font=FONT italic face\n"
    "      --font-size=PT     body size in points (default 12)\n"
    "      --dir=DIR          rtl (default), ltr or auto (first strong character)\n"
    "      --justify=MODE     auto (default), spaces, kashida or none\n"
    "      --digits=DIGITS    native (the language's: ar arabic-indic, fa and ur\n"
    "                         extended-arabic-indic), arabic-indic, extended-arabic-indic\n"
    "                         or european: page numbers, list numbers, timeline years\n"
    "      --body-digits      the text's own digits in those digits too (not in Latin\n"
    "                         words, code or URLs); --no-body-digits: not\n"
    "      --font-dir=DIR     where the shipped Amiri fonts are\n"
    "      --theme=FILE       the house style: a theme file, or a shipped theme's name\n"
    "                         (briefing, report); wins over the front matter's theme:\n"
    "      --strict           treat warnings (such as invalid UTF-8) as errors\n"
    "      --pdfa, --no-pdfa  write PDF/A-2a (archival; PDF/A-2b when untagged), or not,\n"
    "                         whatever the document says\n"
    "      --tags, --no-tags  a tagged, accessible PDF (PDF/UA-1; the default), or not\n"
    "      --bleed=LENGTH     print: full-bleed elements (the cover band) reach LENGTH\n"
    "                         (3mm, 8.5pt, 0.125in) beyond the paper, and the PDF has a\n"
    "                         TrimBox (the paper) and BleedBox; 0: none\n"
    "      --crop-marks       crop marks outside the trim (--no-crop-marks: none)\n"
    "      --no-word-cache    shape whole runs instead of cached words (same PDF, slower;\n"
    "                         for measurement)\n"
    "  -q, --quiet            do not print warnings\n"
    "  -h, --help             show this help\n"
    "  -V, --version          show the version\n"
    "\n"
    "Exit status: 0 success, 1 input error, 2 usage error, 3 font error,\n"
    "4 output error, 5 a documented limit exceeded, 6 out of memory,\n"
    "70 internal error.\n";

static int quiet;

static void warn_cb(void *ud, const char *msg)
{
    (void)ud;
    if (!quiet) fprintf(stderr, "mujaz: warning: %s\n", msg);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "mujaz: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'mujaz --help'.\n");
    return MZ_ERR_USAGE;
}

static int oom_error(void)
{
    fprintf(stderr, "mujaz: out of memory\n");
    return MZ_ERR_NOMEM;
}

static int pick(const char *arg, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(arg, names[i]) == 0) return i;
    return -1;
}

/* --theme, shared too: a value past those below */
enum { OPT_THEME = 512, OPT_BODY_DIGITS, OPT_NO_BODY_DIGITS };

/* Options shared by single renders and builds (the values after 256). */
enum { OPT_DUMP = 256, OPT_FONT, OPT_BOLD, OPT_ITALIC, OPT_SIZE, OPT_DIR, OPT_JUSTIFY, OPT_DIGITS,
       OPT_FONTDIR, OPT_STRICT, OPT_FORCE, OPT_MANIFEST, OPT_REPORT, OPT_PRUNE, OPT_SHARD, OPT_SHARD_COUNT, OPT_PDFA, OPT_NO_PDFA, OPT_NO_WORD_CACHE, OPT_TAGS, OPT_NO_TAGS, OPT_BLEED, OPT_CROP, OPT_NO_CROP };
#define RENDER_LONGOPTS                                                                            \
    {"font", required_argument, 0, OPT_FONT}, {"bold-font", required_argument, 0, OPT_BOLD},       \
        {"italic-font", required_argument, 0, OPT_ITALIC},                                         \
        {"font-size", required_argument, 0, OPT_SIZE}, {"dir", required_argument, 0, OPT_DIR},     \
        {"justify", required_argument, 0, OPT_JUSTIFY},                                            \
        {"digits", required_argument, 0, OPT_DIGITS},                                              \
        {"font-dir", required_argument, 0, OPT_FONTDIR}, {"strict", no_argument, 0, OPT_STRICT},   \
        {"pdfa", no_argument, 0, OPT_PDFA}, {"no-pdfa", no_argument, 0, OPT_NO_PDFA},              \
        {"tags", no_argument, 0, OPT_TAGS}, {"no-tags", no_argument, 0, OPT_NO_TAGS},              \
        {"no-word-cache", no_argument, 0, OPT_NO_WORD_CACHE},                                      \
        {"theme", required_argument, 0, OPT_THEME},                                                \
        {"body-digits", no_argument, 0, OPT_BODY_DIGITS},                                          \
        {"no-body-digits", no_argument, 0, OPT_NO_BODY_DIGITS},                                    \
        {"bleed", required_argument, 0, OPT_BLEED}, {"crop-marks", no_argument, 0, OPT_CROP},      \
        {"no-crop-marks", no_argument, 0, OPT_NO_CROP},                                            \
        {"quiet", no_argument, 0, 'q'}

/* --bleed=LENGTH: a number and a unit (mm, cm, in, pt; none = pt), up to
 * 20 mm; 0 asks for none (the option's 0 would mean "the document's"). */
static int bleed_opt(const char *arg, mz_options *o)
{
    static const struct { const char *unit; double pt; } units[] = {
        {"", 1}, {"pt", 1}, {"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"in", 72}};
    char *end;
    double x = strtod(arg, &end);
    int ok = end != arg && x >= 0 && (*arg >= '0' && *arg <= '9');
    size_t u = 0;
    while (ok && u < sizeof units / sizeof *units && strcmp(end, units[u].unit)) u++;
    if (!ok || u == sizeof units / sizeof *units || x * units[u].pt > 20 * 72 / 25.4 + 1e-9)
        return usage_error("--bleed must be a length from 0 to 20mm (3mm, 8.5pt, 0.125in), not '%s'", arg);
    o->bleed = x > 0 ? x * units[u].pt : -1;
    return 0;
}

/* Handles one of the rendering options; -1 when C is not one of them, else
 * 0 or a usage error's exit status. */
static int render_opt(int c, const char *arg, mz_options *o)
{
    static const char *const dirs[] = {"", "rtl", "ltr", "auto"};
    static const char *const justs[] = {"", "auto", "spaces", "kashida", "none"};
    static const char *const digits[] = {"", "arabic-indic", "european", "native", "extended-arabic-indic"};
    int k;
    switch (c) {
    case 'q': quiet = 1; return 0;
    case OPT_FONT: o->font = arg; return 0;
    case OPT_BOLD: o->bold_font = arg; return 0;
    case OPT_ITALIC: o->italic_font = arg; return 0;
    case OPT_FONTDIR: o->font_dir = arg; return 0;
    case OPT_THEME: o->theme = arg; return 0;
    case OPT_SIZE: {
        char *end;
        o->font_size = strtod(arg, &end);
        if (*end || !(o->font_size >= 4 && o->font_size <= 96))
            return usage_error("--font-size must be a number of points from 4 to 96, not '%s'", arg);
        return 0;
    }
    case OPT_DIR:
        if ((k = pick(arg, dirs, 4)) <= 0) return usage_error("--dir must be rtl, ltr or auto, not '%s'", arg);
        o->dir = (mz_dir)k;
        return 0;
    case OPT_JUSTIFY:
        if ((k = pick(arg, justs, 5)) <= 0)
            return usage_error("--justify must be auto, spaces, kashida or none, not '%s'", arg);
        o->justify = (mz_justify)k;
        return 0;
    case OPT_DIGITS:
        if ((k = pick(arg, digits, 5)) <= 0)
            return usage_error("--digits must be native, arabic-indic, extended-arabic-indic or european, "
                               "not '%s'", arg);
        o->digits = (mz_digits)k;
        return 0;
    case OPT_BODY_DIGITS: o->body_digits = 1; return 0;
    case OPT_NO_BODY_DIGITS: o->body_digits = -1; return 0;
    case OPT_STRICT: o->strict = 1; return 0;
    case OPT_PDFA: o->pdfa = 1; return 0;
    case OPT_NO_PDFA: o->pdfa = -1; return 0;
    case OPT_TAGS: o->tags = 1; return 0;
    case OPT_NO_TAGS: o->tags = -1; return 0;
    case OPT_NO_WORD_CACHE: o->no_word_cache = 1; return 0;
    case OPT_BLEED: return bleed_opt(arg, o);
    case OPT_CROP: o->crop_marks = 1; return 0;
    case OPT_NO_CROP: o->crop_marks = -1; return 0;
    }
    return -1;
}

/* getopt's complaint about the option at argv[optind - 1]. */
static int bad_option(char **argv)
{
    if (optopt) {
        char s[2] = {(char)optopt, 0};
        return usage_error("unknown or incomplete option '-%s'", s);
    }
    return usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
}

/* ---- mujaz build ------------------------------------------------------------ */

static const char *build_usage_text =
    "usage: mujaz build [OPTIONS] [-j N] [-o OUTDIR] INPUT...\n"
    "       mujaz build [OPTIONS] [-j N] [-o OUTDIR] --manifest=FILE [INPUT...]\n"
    "Renders many documents in one process.  Each INPUT becomes OUTDIR/NAME.pdf\n"
    "(default: next to the input).  Documents whose PDF is newer than the input and\n"
    "than the fonts it embeds (recorded in OUTDIR/.mujaz-deps) are skipped.\n"
    "\n"
    "  -j, --jobs=N           render with N threads (default 1; 0 = one per CPU)\n"
    "  -o, --output-dir=DIR   where the PDFs go (created if missing)\n"
    "      --manifest=FILE    one 'INPUT [OUTPUT]' per line ('#' comments; a tab\n"
    "                         separates the two when a path has spaces); '-' = stdin\n"
    "      --force            render even the documents that are up to date\n"
    "      --prune            remove the PDFs .mujaz-deps records whose input is gone\n"
    "      --report=FILE      write a JSON report (per document: status, time, pages,\n"
    "                         bytes, warnings with file:line); '-' = stdout\n"
    "      --shard=I/N        render only share I (0 to N-1) of the documents, by a hash\n"
    "                         of each input's path: N machines with I = 0..N-1 render\n"
    "                         each document once (and may share one output directory)\n"
    "      --shard-count=N    N shards, I from $JOB_COMPLETION_INDEX (Kubernetes) or\n"
    "                         $SLURM_ARRAY_TASK_ID (Slurm)\n"
    "  -q, --quiet            print nothing on success (failures only: for cron)\n"
    "  The rendering options of 'mujaz --help' (--font, --justify, ...) apply to all.\n"
    "\n"
    "Prints a progress line on stderr when it is a terminal, each warning and\n"
    "failure ('mujaz: INPUT: MESSAGE') in the order of the inputs whatever -j, and a\n"
    "summary.  Every document is attempted; the exit status is 0 when all succeeded\n"
    "(an empty manifest too), else the status of the first failed INPUT.\n";

/* The progress line (stderr is a terminal) is erased before anything else is
 * printed. */
static int progress_tty;
static size_t progress_shown, progress_started;

static void progress_clear(void)
{
    if (!progress_shown) return;
    fprintf(stderr, "\r%*s\r", (int)progress_shown, "");
    progress_shown = 0;
}

static void build_warn(void *ud, const char *msg)
{
    (void)ud;
    if (quiet) return;
    progress_clear();
    fprintf(stderr, "mujaz: warning: %s\n", msg);
}

static int term_width(void)
{
    struct winsize ws;
    return ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20 ? ws.ws_col : 80;
}

/* Display columns of UTF-8 text, roughly (one per code point). */
static size_t columns(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void build_progress(void *ud, const mz_batch_event *ev)
{
    (void)ud;
    if (ev->state == MZ_BATCH_PRUNED) {
        if (quiet) return;
        progress_clear();
        fprintf(stderr, "mujaz build: removed %s (its input is gone)\n", ev->message);
        return;
    }
    const char *in = ev->job->input;
    if (ev->state == MZ_BATCH_FAILED) {
        progress_clear();
        size_t n = strlen(in);
        if (strncmp(ev->message, in, n) == 0 && ev->message[n] == ':')
            fprintf(stderr, "mujaz: %s\n", ev->message); /* it names the input already */
        else
            fprintf(stderr, "mujaz: %s: %s\n", in, ev->message);
        return;
    }
    if (ev->state != MZ_BATCH_STARTED || !progress_tty || quiet) return;
    char head[64];
    int hn = snprintf(head, sizeof head, "[%zu/%zu] ", ++progress_started, ev->total);
    /* one terminal line, or \r cannot take it back: keep the end of a long name */
    size_t room = (size_t)term_width() - 1 - (size_t)hn, cols = columns(in);
    const char *show = in;
    while (cols > room && *show) {
        show++;
        while ((*show & 0xC0) == 0x80) show++;
        cols--;
    }
    progress_clear();
    fprintf(stderr, "%s%s", head, show);
    fflush(stderr);
    progress_shown = (size_t)hn + cols;
}

/* NAME.pdf for INPUT, in OUTDIR when given (else next to the input); NULL
 * when that would be the input itself (or out of memory). */
static char *pdf_name(const char *input, const char *outdir)
{
    const char *slash = strrchr(input, '/');
    const char *base = outdir && slash ? slash + 1 : input; /* what goes before ".pdf" */
    const char *dot = strrchr(base, '.');
    if (dot && (dot == base || (slash && dot <= slash + 1))) dot = NULL; /* ".x", "d/.x", "a.b/c": none */
    if (dot && strcasecmp(dot, ".pdf") == 0) return NULL;
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    size_t dl = outdir ? strlen(outdir) + 1 : 0;
    char *out = malloc(dl + n + 5);
    if (!out) return NULL;
    if (outdir) {
        memcpy(out, outdir, dl - 1);
        out[dl - 1] = '/';
    }
    memcpy(out + dl, base, n);
    memcpy(out + dl + n, ".pdf", 5);
    return out;
}

/* mkdir -p */
static int make_dirs(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) return -1;
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || !*p) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
            *p = c;
            if (!c) break;
        }
    }
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

typedef struct job_list {
    mz_batch_job *jobs;
    size_t n, cap;
    char **owned; /* strings to free */
    size_t nowned, owned_cap;
} job_list;

static int keep(job_list *l, char *s)
{
    if (!s) return 0;
    if (l->nowned == l->owned_cap) {
        size_t nc = l->owned_cap ? l->owned_cap * 2 : 64;
        char **p = realloc(l->owned, nc * sizeof *p);
        if (!p) return free(s), 0;
        l->owned = p;
        l->owned_cap = nc;
    }
    l->owned[l->nowned++] = s;
    return 1;
}

/* Adds INPUT (and OUTPUT, or its derived name); 0 or an exit status. */
static int add_job(job_list *l, const char *input, const char *output, const char *outdir)
{
    if (strcmp(input, "-") == 0) return usage_error("%s", "mujaz build cannot read standard input");
    if (!output) {
        errno = 0;
        char *derived = pdf_name(input, outdir);
        if (!derived && errno == ENOMEM) return oom_error();
        if (!derived) return usage_error("'%s' is a .pdf: give its output in a manifest", input);
        if (!keep(l, derived)) return oom_error();
        output = derived;
    }
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        mz_batch_job *p = realloc(l->jobs, nc * sizeof *p);
        if (!p) return oom_error();
        l->jobs = p;
        l->cap = nc;
    }
    l->jobs[l->n++] = (mz_batch_job){.input = input, .output = output};
    return 0;
}

/* Reads a manifest: per line "INPUT [OUTPUT]", blank lines and '#' comments
 * skipped; fields split at tabs when the line has one, else at blanks. */
static int read_manifest(job_list *l, const char *path, const char *outdir)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        fprintf(stderr, "mujaz: %s: cannot open: %s\n", path, strerror(errno));
        return errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_INPUT;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = 0;
    errno = 0;
    while (!rc && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        const char *seps = strchr(line, '\t') ? "\t\r\n" : " \t\r\n";
        char *p = line + strspn(line, " \t\r\n");
        if (!*p || *p == '#') continue;
        char *fields[3] = {0};
        int nf = 0;
        for (char *tok = strtok(p, seps); tok && nf < 3; tok = strtok(NULL, seps)) fields[nf++] = tok;
        if (nf > 2) {
            fprintf(stderr, "mujaz: %s:%zu: expected 'INPUT [OUTPUT]' (a tab between them when a path has spaces)\n",
                    path, lineno);
            rc = MZ_ERR_INPUT;
            break;
        }
        char *in = strdup(fields[0]), *out = fields[1] ? strdup(fields[1]) : NULL;
        if (!keep(l, in) || (fields[1] && !keep(l, out))) rc = oom_error();
        else rc = add_job(l, in, out, outdir);
        errno = 0;
    }
    if (!rc && ferror(f)) { /* not the end: a manifest read in part would build in part */
        fprintf(stderr, "mujaz: %s: %s\n", path, strerror(errno ? errno : EIO));
        rc = errno == ENOMEM ? MZ_ERR_NOMEM : MZ_ERR_INPUT;
    } else if (!rc && got < 0 && errno == ENOMEM) {
        rc = oom_error();
    }
    free(line);
    if (f != stdin) fclose(f);
    return rc;
}

/* The library reads no environment: these come from it here, and the
 * command line (--font-dir) wins. */
static void options_init(mz_options *o)
{
    mz_options_init(o);
    o->font_dir = getenv("MUJAZ_FONT_DIR");
    if (o->font_dir && !*o->font_dir) o->font_dir = NULL;
    o->source_date_epoch = getenv("SOURCE_DATE_EPOCH");
    o->theme_dir = getenv("MUJAZ_THEME_DIR");
    if (o->theme_dir && !*o->theme_dir) o->theme_dir = NULL;
}

/* ---- shards ---------------------------------------------------------------- */

#define MZ_MAX_SHARDS 100000 /* far beyond any cluster; keeps I/N parsing simple */

static int parse_count(const char *s, long lo, long hi, long *v)
{
    char *end;
    errno = 0;
    *v = s && *s ? strtol(s, &end, 10) : -1;
    return s && *s && !errno && !*end && *v >= lo && *v <= hi;
}

/* --shard=I/N, or --shard-count=N with I from the engine's environment
 * (Kubernetes Indexed Jobs, Slurm job arrays).  0 or an exit status. */
static int parse_shard(const char *arg, const char *count, long *shard, long *shards)
{
    if (!arg && !count) return 0;
    if (arg && count) return usage_error("%s", "give --shard=I/N or --shard-count=N, not both");
    if (arg) {
        const char *slash = strchr(arg, '/');
        char i_part[32];
        if (!slash || (size_t)(slash - arg) >= sizeof i_part || !parse_count(slash + 1, 1, MZ_MAX_SHARDS, shards))
            return usage_error("--shard must be I/N with 0 <= I < N, not '%s'", arg);
        memcpy(i_part, arg, (size_t)(slash - arg));
        i_part[slash - arg] = 0;
        if (!parse_count(i_part, 0, *shards - 1, shard))
            return usage_error("--shard must be I/N with 0 <= I < N, not '%s'", arg);
        return 0;
    }
    if (!parse_count(count, 1, MZ_MAX_SHARDS, shards))
        return usage_error("--shard-count must be a number of shards from 1 to 100000, not '%s'", count);
    const char *names[] = {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"};
    for (int k = 0; k < 2; k++) {
        const char *v = getenv(names[k]);
        if (!v || !*v) continue;
        if (!parse_count(v, 0, *shards - 1, shard)) {
            fprintf(stderr, "mujaz: %s=%s is not a shard from 0 to %ld\n", names[k], v, *shards - 1);
            return MZ_ERR_USAGE;
        }
        return 0;
    }
    return usage_error("%s", "--shard-count needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (or use --shard=I/N)");
}

/* A document's shard depends on its input path alone (FNV-1a), so adding or
 * removing one document moves no other. */
static unsigned long shard_of(const char *path, unsigned long shards)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) h = (h ^ *p) * 1099511628211ull;
    return (unsigned long)(h % shards);
}

static void keep_shard(job_list *l, unsigned long shard, unsigned long shards)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (shard_of(l->jobs[i].input, shards) == shard) l->jobs[k++] = l->jobs[i];
    l->n = k;
}

static int build_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"jobs", required_argument, 0, 'j'}, {"output-dir", required_argument, 0, 'o'},
        {"manifest", required_argument, 0, OPT_MANIFEST}, {"force", no_argument, 0, OPT_FORCE},
        {"report", required_argument, 0, OPT_REPORT}, {"prune", no_argument, 0, OPT_PRUNE},
        {"shard", required_argument, 0, OPT_SHARD}, {"shard-count", required_argument, 0, OPT_SHARD_COUNT},
        RENDER_LONGOPTS, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    mz_options o;
    options_init(&o);
    o.warn = build_warn;
    mz_batch_options bo = {0};
    bo.jobs = 1;
    bo.progress = build_progress;
    const char *outdir = NULL, *manifest = NULL, *shard_arg = NULL, *shard_count_arg = NULL;
    int c, k;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "j:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || !*optarg || v < 0 || v > 1024)
                return usage_error("-j must be a number of threads from 0 to 1024, not '%s'", optarg);
            if (v == 0) v = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
            bo.jobs = (int)v;
            break;
        }
        case 'o': outdir = optarg; break;
        case OPT_MANIFEST: manifest = optarg; break;
        case OPT_FORCE: bo.force = 1; break;
        case OPT_PRUNE: bo.prune = 1; break;
        case OPT_REPORT: bo.report = optarg; break;
        case OPT_SHARD: shard_arg = optarg; break;
        case OPT_SHARD_COUNT: shard_count_arg = optarg; break;
        case 'h': fputs(build_usage_text, stdout); return 0;
        default:
            if (c == '?' || (k = render_opt(c, optarg, &o)) < 0) return bad_option(argv);
            if (k) return k;
        }
    }
    if (optind >= argc && !manifest) return usage_error("%s", "mujaz build: no input documents given");
    long shard = 0, shards = 1;
    if ((k = parse_shard(shard_arg, shard_count_arg, &shard, &shards)) != 0) return k;
    if (outdir && make_dirs(outdir) != 0) {
        fprintf(stderr, "mujaz: %s: cannot create the output directory: %s\n", outdir, strerror(errno));
        return MZ_ERR_OUTPUT;
    }
    job_list l = {0};
    int rc = manifest ? read_manifest(&l, manifest, outdir) : 0;
    for (int i = optind; i < argc && !rc; i++) rc = add_job(&l, argv[i], NULL, outdir);
    if (!rc && shards > 1) keep_shard(&l, (unsigned long)shard, (unsigned long)shards);
    if (!rc) { /* an empty manifest is a build of nothing, not an error */
        progress_tty = isatty(STDERR_FILENO);
        mz_batch_summary sum = {0};
        char errbuf[1024];
        mz_status st = mz_render_batch(l.jobs, l.n, &o, &bo, &sum, errbuf, sizeof errbuf);
        progress_clear();
        if (st && !sum.failed) fprintf(stderr, "mujaz: %s\n", errbuf[0] ? errbuf : mz_status_name(st));
        if (!quiet || st) {
            fprintf(stderr, "mujaz build: %zu document%s: %zu rendered, %zu up to date, %zu failed", sum.total,
                    sum.total == 1 ? "" : "s", sum.rendered, sum.up_to_date, sum.failed);
            if (sum.pruned) fprintf(stderr, ", %zu pruned", sum.pruned);
            fputs("\n", stderr);
        }
        rc = (int)st;
    }
    for (size_t i = 0; i < l.nowned; i++) free(l.owned[i]);
    free(l.owned);
    free(l.jobs);
    return rc;
}

/* An interrupted run removes its temporary files and ends as the signal
 * would have ended it (exit status 128 + the signal in a shell). */
static void on_signal(int sig)
{
    mz_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A reader that leaves (-o - | head) or a file-size limit: the write fails
 * with EPIPE or EFBIG, reported as an output error (exit 4), instead of a
 * silent death by signal. */
static void setup_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
}

int main(int argc, char **argv)
{
    setup_signals();
    if (argc > 1 && strcmp(argv[1], "build") == 0) return build_main(argc - 1, argv + 1);
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'}, {"dump", required_argument, 0, OPT_DUMP},
        RENDER_LONGOPTS, {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    static const char *const dumps[] = {"none", "runs", "glyphs", "lines", "pages", "doc"};
    mz_options o;
    options_init(&o);
    o.warn = warn_cb;
    const char *output = NULL;
    mz_dump dump = MZ_DUMP_NONE;
    int c, k;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'h': fputs(usage_text, stdout); return 0;
        case 'V': printf("mujaz %s\n", MZ_VERSION); return 0;
        case OPT_DUMP:
            if ((k = pick(optarg, dumps, 6)) <= 0)
                return usage_error("--dump must be doc, runs, glyphs, lines or pages, not '%s'", optarg);
            dump = (mz_dump)k;
            break;
        default:
            if (c == '?' || (k = render_opt(c, optarg, &o)) < 0) return bad_option(argv);
            if (k) return k;
        }
    }
    if (optind >= argc) return usage_error("%s", "no input file given");
    if (optind + 1 < argc) return usage_error("more than one input given ('%s')", argv[optind + 1]);
    const char *input = argv[optind];
    char errbuf[1024];
    mz_status st;
    if (dump != MZ_DUMP_NONE) {
        if (output) return usage_error("%s", "--dump prints to standard output; -o does not apply");
        st = mz_dump_file(input, dump, stdout, &o, errbuf, sizeof errbuf);
        if (!st && fflush(stdout) != 0) {
            fprintf(stderr, "mujaz: cannot write to standard output\n");
            return MZ_ERR_OUTPUT;
        }
    } else {
        char *derived = NULL;
        if (!output) {
            if (strcmp(input, "-") == 0)
                return usage_error("%s", "reading standard input: give the output with -o");
            errno = 0;
            derived = pdf_name(input, NULL);
            if (!derived && errno == ENOMEM) return oom_error();
            if (!derived) return usage_error("%s", "the input is a .pdf: give the output with -o");
            output = derived;
        }
        st = mz_render_file(input, output, &o, errbuf, sizeof errbuf);
        free(derived);
    }
    if (st != MZ_OK) {
        fprintf(stderr, "mujaz: %s\n", errbuf[0] ? errbuf : mz_status_name(st));
        return (int)st;
    }
    return 0;
}
