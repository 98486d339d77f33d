/* embed.c - a program an embedder writes: built against the installed
 * library through `pkg-config --cflags --libs mujaz` (tests/t_install.sh). */
#include <mujaz.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: embed FONT_DIR INPUT OUTPUT\n");
        return 2;
    }
    mz_options o;
    mz_options_init(&o);
    o.font_dir = argv[1];
    o.source_date_epoch = "1700000000";
    char msg[512];
    if (mz_global_init() != MZ_OK) return 6;
    mz_status st = mz_render_file(argv[2], argv[3], &o, msg, sizeof msg);
    if (st != MZ_OK) fprintf(stderr, "embed: %s (%s)\n", msg, mz_status_name(st));
    return (int)st;
}
