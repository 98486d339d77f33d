/* floor.c - the benchmark's floor: the least work any Arabic typesetter must
 * do on a text.  Reads FILE (UTF-8, one paragraph per line) and, for each
 * paragraph, runs FriBidi (bidi types, bracket types, paragraph embedding
 * levels) and one whole-paragraph hb_shape with FONT at mujaz's settings
 * (font scale = units per em, language ar, script Arabic, direction from the
 * paragraph's base level, cluster level MONOTONE_GRAPHEMES, BOT|EOT and
 * PRODUCE_SAFE_TO_INSERT_TATWEEL).  No line breaking, no output: it prints
 * only a checksum of the glyphs so that nothing is optimised away.
 *
 * usage: floor FILE [FONT]     (FONT defaults to fonts/Amiri-Regular.ttf)
 */
#include <fribidi.h>
#include <hb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *out)
{
    size_t i = 0, k = 0;
    while (i < n) {
        unsigned c = s[i];
        uint32_t cp;
        int extra;
        if (c < 0x80) cp = c, extra = 0;
        else if ((c & 0xE0) == 0xC0) cp = c & 0x1F, extra = 1;
        else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, extra = 2;
        else if ((c & 0xF8) == 0xF0) cp = c & 0x07, extra = 3;
        else cp = 0xFFFD, extra = 0;
        i++;
        for (int e = 0; e < extra; e++) {
            if (i >= n || (s[i] & 0xC0) != 0x80) { cp = 0xFFFD; break; }
            cp = (cp << 6) | (s[i++] & 0x3F);
        }
        out[k++] = cp;
    }
    return k;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: floor FILE [FONT]\n");
        return 2;
    }
    const char *fontpath = argc > 2 ? argv[2] : "fonts/Amiri-Regular.ttf";
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) { perror(argv[1]); return 1; }
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *data = malloc((size_t)size + 1);
    if (!data || fread(data, 1, (size_t)size, fp) != (size_t)size) { perror(argv[1]); return 1; }
    fclose(fp);

    hb_blob_t *blob = hb_blob_create_from_file_or_fail(fontpath);
    if (!blob) { fprintf(stderr, "floor: cannot read font %s\n", fontpath); return 1; }
    hb_face_t *face = hb_face_create(blob, 0);
    unsigned upem = hb_face_get_upem(face);
    hb_font_t *font = hb_font_create(face);
    hb_font_set_scale(font, (int)upem, (int)upem);
    hb_language_t lang = hb_language_from_string("ar", -1);
    const double size_pt = 12.0, k = size_pt / upem;

    uint32_t *u = NULL;
    FriBidiCharType *types = NULL;
    FriBidiBracketType *btypes = NULL;
    FriBidiLevel *levels = NULL;
    size_t cap = 0;
    uint64_t sum = 0;
    double adv = 0;
    unsigned long paras = 0, glyphs = 0;
    hb_buffer_t *buf = hb_buffer_create();

    for (size_t pos = 0; pos < (size_t)size;) {
        unsigned char *nl = memchr(data + pos, '\n', (size_t)size - pos);
        size_t end = nl ? (size_t)(nl - data) : (size_t)size;
        size_t nbytes = end - pos;
        if (nbytes > 0) {
            if (nbytes > cap) {
                cap = nbytes * 2;
                u = realloc(u, cap * sizeof *u);
                types = realloc(types, cap * sizeof *types);
                btypes = realloc(btypes, cap * sizeof *btypes);
                levels = realloc(levels, cap * sizeof *levels);
                if (!u || !types || !btypes || !levels) { fprintf(stderr, "floor: out of memory\n"); return 1; }
            }
            size_t n = utf8_decode(data + pos, nbytes, u);
            fribidi_get_bidi_types(u, (FriBidiStrIndex)n, types);
            fribidi_get_bracket_types(u, (FriBidiStrIndex)n, types, btypes);
            FriBidiParType base = FRIBIDI_PAR_RTL;
            FriBidiLevel max = fribidi_get_par_embedding_levels_ex(types, btypes, (FriBidiStrIndex)n,
                                                                   &base, levels);
            if (!max) { fprintf(stderr, "floor: fribidi failed\n"); return 1; }
            sum += max;

            hb_buffer_clear_contents(buf);
            hb_buffer_add_utf32(buf, u, (int)n, 0, (int)n);
            hb_buffer_set_direction(buf, FRIBIDI_IS_RTL(base) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
            hb_buffer_set_script(buf, HB_SCRIPT_ARABIC);
            hb_buffer_set_language(buf, lang);
            hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
            hb_buffer_set_flags(buf, (hb_buffer_flags_t)(HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT |
                                                         HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL));
            hb_shape(font, buf, NULL, 0);
            unsigned gn;
            hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &gn);
            hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(buf, NULL);
            for (unsigned i = 0; i < gn; i++) {
                sum = sum * 31 + info[i].codepoint + info[i].cluster;
                adv += gp[i].x_advance * k;
            }
            glyphs += gn;
            paras++;
        }
        pos = end + 1;
    }
    printf("%016llx %lu paragraphs %lu glyphs %.1f pt\n", (unsigned long long)sum, paras, glyphs,
           adv);
    hb_buffer_destroy(buf);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    free(u);
    free(types);
    free(btypes);
    free(levels);
    free(data);
    return 0;
}
