#!/usr/bin/env bash
# t_mirror.sh - bidi-mirrored punctuation (« » ( ) [ ]) in both directions: in a
# left-to-right line a closing » after an Arabic word is the Latin » (it took the
# Arabic word's script and showed Amiri's Arabic «), in a right-to-left line
# every bracket is the Arabic, mirrored one.  Each mirrored character's glyph in
# mujaz's --dump=glyphs must be hb-shape's for the whole paragraph in the
# paragraph's direction and script (HarfBuzz mirrors in RTL runs, not in LTR).
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
FONT=$MZ_ROOT/fonts/Amiri-Regular.ttf
command -v hb-shape >/dev/null || { echo "FAIL mirror: hb-shape not installed (libharfbuzz-bin)"; exit 0; }
[ -x "$MZ_BIN" ] || { echo "FAIL mirror: $MZ_BIN not built"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# name, direction, script, front matter direction, text
cases='ltr_arabic_word	ltr	Latn	ltr	The word «الصقر» and «falcon» here (and [الصقر]).
ltr_latin	ltr	Latn	ltr	«falcon» (bird)
rtl_guillemets_parens	rtl	Arab	rtl	قال «الصقر» و«falcon» ثم (PDF) و(نص) هنا.
rtl_latin_inside	rtl	Arab	rtl	نص [PDF] و«HTML» هنا'
while IFS=$'\t' read -r name dir script docdir text; do
    printf -- '---\ndir: %s\n---\n\n%s\n' "$docdir" "$text" >"$tmp/$name.md"
    printf '%s' "$text" >"$tmp/$name.txt"
    hb-shape --direction="$dir" --script="$script" --no-glyph-names "$FONT" \
        --text-file="$tmp/$name.txt" >"$tmp/$name.hb" 2>&1
    "$MZ_BIN" --dump=glyphs "$tmp/$name.md" >"$tmp/$name.dump" 2>"$tmp/$name.err"; rc=$?
    if [ $rc -ne 0 ]; then echo "FAIL mirror_$name: mujaz exited $rc: $(head -1 "$tmp/$name.err")"; continue; fi
    python3 - "$tmp/$name.txt" "$tmp/$name.hb" "$tmp/$name.dump" "$name" <<'PY'
import re, sys, unicodedata
text = open(sys.argv[1], encoding='utf-8').read()
def glyphs(s):  # cluster -> first glyph id, from "[gid=cluster+adv|...]"
    out = {}
    for g, c in re.findall(r'(\d+)=(\d+)[+@]', s):
        out.setdefault(int(c), int(g))
    return out
want = glyphs(open(sys.argv[2]).read())
dump = open(sys.argv[3], encoding='utf-8').read().split('# paragraph')[1]  # the text, not the folio
got = glyphs(dump)
# both number clusters by character
bad = [f"{ch}@{i}: mujaz {got.get(i)} hb-shape {want.get(i)}"
       for i, ch in enumerate(text) if unicodedata.mirrored(ch) and got.get(i) != want.get(i)]
n = sum(1 for ch in text if unicodedata.mirrored(ch))
print(f"PASS mirror_{sys.argv[4]} ({n} mirrored characters)" if not bad else
      f"FAIL mirror_{sys.argv[4]}: " + "; ".join(bad))
PY
done <<<"$cases"
