/* main.c - the mujaz command-line tool: options, messages, exit codes. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mujaz.h"

static const char *usage_text =
    "usage: mujaz [OPTIONS] INPUT [-o OUTPUT.pdf]\n"
    "Typesets an Arabic document (Markdown with YAML front matter, or .txt:\n"
    "one paragraph per line) into PDF.  INPUT '-' reads standard input.\n"
    "\n"
    "  -o, --output=FILE      PDF to write (default: INPUT with .pdf); written to a\n"
    "                         temporary file and renamed, so it is never half-written\n"
    "      --dump=STAGE       print a stage as text instead: runs, glyphs, lines, pages\n"
    "      --font=FONT        regular face: a file path or a fontconfig family\n"
    "      --bold-font=FONT   bold face\n"
    "      --italic-font=FONT italic face\n"
    "      --font-size=PT     body size in points (default 12)\n"
    "      --dir=DIR          rtl (default), ltr or auto (first strong character)\n"
    "      --justify=MODE     auto (default), spaces, kashida or none\n"
    "      --digits=DIGITS    arabic-indic or european (page numbers, list numbers)\n"
    "      --font-dir=DIR     where the shipped Amiri fonts are\n"
    "      --strict           treat warnings (such as invalid UTF-8) as errors\n"
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

static int pick(const char *arg, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(arg, names[i]) == 0) return i;
    return -1;
}

int main(int argc, char **argv)
{
    enum { OPT_DUMP = 256, OPT_FONT, OPT_BOLD, OPT_ITALIC, OPT_SIZE, OPT_DIR, OPT_JUSTIFY,
           OPT_DIGITS, OPT_FONTDIR, OPT_STRICT };
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'},   {"dump", required_argument, 0, OPT_DUMP},
        {"font", required_argument, 0, OPT_FONT}, {"bold-font", required_argument, 0, OPT_BOLD},
        {"italic-font", required_argument, 0, OPT_ITALIC},
        {"font-size", required_argument, 0, OPT_SIZE}, {"dir", required_argument, 0, OPT_DIR},
        {"justify", required_argument, 0, OPT_JUSTIFY},
        {"digits", required_argument, 0, OPT_DIGITS},
        {"font-dir", required_argument, 0, OPT_FONTDIR},
        {"strict", no_argument, 0, OPT_STRICT},  {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},           {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    static const char *const dumps[] = {"none", "runs", "glyphs", "lines", "pages"};
    static const char *const dirs[] = {"", "rtl", "ltr", "auto"};
    static const char *const justs[] = {"", "auto", "spaces", "kashida", "none"};
    static const char *const digits[] = {"", "arabic-indic", "european"};
    mz_options o;
    mz_options_init(&o);
    o.warn = warn_cb;
    const char *output = NULL;
    mz_dump dump = MZ_DUMP_NONE;
    int c, k;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        case 'V': printf("mujaz %s\n", MZ_VERSION); return 0;
        case OPT_DUMP:
            if ((k = pick(optarg, dumps, 5)) <= 0)
                return usage_error("--dump must be runs, glyphs, lines or pages, not '%s'", optarg);
            dump = (mz_dump)k;
            break;
        case OPT_FONT: o.font = optarg; break;
        case OPT_BOLD: o.bold_font = optarg; break;
        case OPT_ITALIC: o.italic_font = optarg; break;
        case OPT_FONTDIR: o.font_dir = optarg; break;
        case OPT_SIZE: {
            char *end;
            o.font_size = strtod(optarg, &end);
            if (*end || !(o.font_size >= 4 && o.font_size <= 96))
                return usage_error("--font-size must be a number of points from 4 to 96, not '%s'",
                                   optarg);
            break;
        }
        case OPT_DIR:
            if ((k = pick(optarg, dirs, 4)) <= 0)
                return usage_error("--dir must be rtl, ltr or auto, not '%s'", optarg);
            o.dir = (mz_dir)k;
            break;
        case OPT_JUSTIFY:
            if ((k = pick(optarg, justs, 5)) <= 0)
                return usage_error("--justify must be auto, spaces, kashida or none, not '%s'", optarg);
            o.justify = (mz_justify)k;
            break;
        case OPT_DIGITS:
            if ((k = pick(optarg, digits, 3)) <= 0)
                return usage_error("--digits must be arabic-indic or european, not '%s'", optarg);
            o.digits = (mz_digits)k;
            break;
        case OPT_STRICT: o.strict = 1; break;
        case '?':
        default:
            if (optopt) {
                char s[2] = {(char)optopt, 0};
                return usage_error("unknown or incomplete option '-%s'", s);
            }
            return usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
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
            size_t n = strlen(input);
            const char *dot = strrchr(input, '.'), *slash = strrchr(input, '/');
            if (dot && (!slash || dot > slash)) n = (size_t)(dot - input);
            derived = malloc(n + 5);
            if (!derived) return MZ_ERR_NOMEM;
            memcpy(derived, input, n);
            memcpy(derived + n, ".pdf", 5);
            if (strcmp(derived, input) == 0) {
                free(derived);
                return usage_error("%s", "the input is a .pdf: give the output with -o");
            }
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
