#!/usr/bin/env python3
"""gaps.py - line quality: the inter-word spaces of justified lines, as set.

For each input and justification mode, renders the document's display list
(mujaz --dump=pages) and its lines (--dump=lines), pairs each justified line
(not a paragraph's last line) with the glyph item that draws it, and
measures every inter-word space: the distance from a space glyph's pen to
the next glyph's (the space's advance plus what justification gave it).  A
line's space is the median of its spaces: a justified line's spaces are
equal, and a haraka after a space (drawn at an offset from the pen) would
otherwise count as a narrow or a wide space.  Prints per input and mode:
justified lines measured, the narrowest and widest line's space, the mean,
and the mean deviation of the lines' spaces from the natural space (the
median space of ragged last lines); the tatweels inserted; the last lines
longer than 95% of the measure and those holding one word.  --lines also
prints each line's min, max and median space.

Usage: python3 tests/gaps.py [--mujaz build/mujaz] [--lines] [--theme FILE] [FILE[@PT] ...]
(default files: the seed, the briefing, the vocalised tests/data/harakat.txt
at 12 pt and, for more lines of it, at 18 pt; @PT sets --font-size)
"""
import argparse
import re
import statistics
import subprocess
import sys

SPACE_GID = 3  # Amiri's space glyph: the seeds are set in Amiri
LINE = re.compile(r"line (\d+)( last)?: width=([\d.]+) natural=([\d.]+) ratio=(-?[\d.]+) kashida=(\d+) text=(.*)")
ITEM = re.compile(r"\s*glyphs x=[\d.-]+ y=[\d.-]+ font=\S+ size=[\d.]+ n=\d+ text=(.*) gids=(\S*)$")


THEME = None  # --theme: the page the lines are set on (the default theme's otherwise)


def dump(mujaz, path, mode, stage, size):
    extra = ["--font-size=" + size] if size else []
    if THEME:
        extra.append("--theme=" + THEME)
    r = subprocess.run([mujaz, "--dump=" + stage, "--justify=" + mode, "-q"] + extra + [path],
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit("gaps.py: %s --dump=%s %s failed: %s" % (mujaz, stage, path, r.stderr.strip()))
    return r.stdout.splitlines()


def measure(mujaz, path, mode, size):
    lines = [m.groups() for m in map(LINE.match, dump(mujaz, path, mode, "lines", size)) if m]
    items = []
    for s in dump(mujaz, path, mode, "pages", size):
        m = ITEM.match(s)
        if m:
            gl = [tuple(g.split("@")) for g in m.group(2).split(",") if "@" in g]
            items.append((m.group(1), [(int(a), float(b)) for a, b in gl]))
    out, natural, long_last, runt, flagged = [], [], 0, 0, []
    k = 0
    for no, last, width, nat, ratio, kashida, text in lines:
        j = k  # the item drawing this line: the next one with its text
        while j < len(items) and items[j][0] != text:
            j += 1
        if j == len(items):
            continue  # set in pieces (styles, links): not measured
        k = j + 1
        g = items[j][1]
        gaps = [g[i + 1][1] - g[i][1] for i in range(len(g) - 1) if g[i][0] == SPACE_GID]
        if last:
            natural += gaps
            if float(nat) > 0.95 * float(width) and " " in text:
                long_last += 1
                flagged.append("long last line: " + text)
            if int(no) > 1 and len([w for w in text.split() if re.search(r"\w", w)]) == 1:
                runt += 1
                flagged.append("runt: " + text)
            continue
        if gaps:
            out.append((min(gaps), max(gaps), statistics.median(gaps), int(kashida), text))
    return out, natural, long_last, runt, flagged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mujaz", default="build/mujaz")
    ap.add_argument("--lines", action="store_true")
    ap.add_argument("--theme", help="a theme to set the lines with (tests/data/typst-page.yaml: Typst's comparison page)")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    global THEME
    THEME = a.theme
    files = a.files or ["tests/data/seed.txt", "data/briefing.md", "tests/data/harakat.txt",
                        "tests/data/harakat.txt@18"]
    print("%-22s %-8s %5s %6s %6s %6s %6s %5s %5s %5s" %
          ("input", "justify", "lines", "min", "max", "mean", "dev", "tatw", "long", "runt"))
    for f in files:
        for mode in ("auto", "spaces", "kashida"):
            path, _, size = f.partition("@")
            rows, natural, long_last, runt, flagged = measure(a.mujaz, path, mode, size)
            if not rows:
                continue
            nat = statistics.median(natural) if natural else statistics.mean(r[2] for r in rows)
            dev = statistics.mean(abs(r[2] - nat) for r in rows)
            print("%-22s %-8s %5d %6.2f %6.2f %6.2f %6.2f %5d %5d %5d" %
                  (f.split("/")[-1], mode, len(rows), min(r[2] for r in rows), max(r[2] for r in rows),
                   statistics.mean(r[2] for r in rows), dev, sum(r[3] for r in rows), long_last, runt))
            if a.lines:
                for r in rows:
                    print("    %5.2f %5.2f %5.2f k=%d %s" % (r[0], r[1], r[2], r[3], r[4][:60]))
                for t in flagged:
                    print("    " + t[:90])
    print("(spaces in pt, a line's space the median of its spaces; dev: mean |line space - natural space|; tatw: tatweels in justified lines;"
          " long: last lines over 95% of the measure; runt: one-word last lines of paragraphs of more lines)")


if __name__ == "__main__":
    main()
