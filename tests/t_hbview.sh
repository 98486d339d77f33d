#!/usr/bin/env bash
# t_hbview.sh - what mujaz draws is what HarfBuzz shapes: lines rendered by
# mujaz (through the PDF glyph path) and by hb-view (HarfBuzz's own renderer)
# are rasterised alike and their ink compared (tests/inkcmp.py).
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }
# one line across the whole frame, as hb-view sets it (the default theme's text column is narrower)
printf 'extends: briefing\npage:\n  measure: 0\n  margins: {left: 50, right: 50}\n' >"$tmp/wide.yaml"
i=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s\n' "$line" >"$tmp/$i.txt"
    "$BIN" -q --theme="$tmp/wide.yaml" --font-size=24 --justify=none "$tmp/$i.txt" -o "$tmp/$i.pdf"
    # text through a file: hb-view decodes arguments with the locale's charset
    hb-view --language=ar --font-size=24 --margin=24 -O pdf -o "$tmp/$i.hb.pdf" fonts/Amiri-Regular.ttf \
        --text-file="$tmp/$i.txt"
    pdftoppm -r 150 -gray -f 1 -l 1 "$tmp/$i.pdf" "$tmp/m$i"
    pdftoppm -r 150 -gray "$tmp/$i.hb.pdf" "$tmp/h$i"
    r=$(python3 tests/inkcmp.py "$tmp/m$i"-1.pgm "$tmp/h$i"-1.pgm)
    echo "# $r: $line"
    m=$(printf '%s' "$r" | sed 's/.*match=//'); s=$(printf '%s' "$r" | sed 's/size=\([0-9]*\)x\([0-9]*\)\/\([0-9]*\)x\([0-9]*\).*/\1 \2 \3 \4/')
    set -- $s 0 0 0 0
    python3 -c "import sys; sys.exit(0 if abs($1-$3)<=2 and abs($2-$4)<=2 and ${m:-0}>=0.99 else 1)"
    check "hb-view: line $i drawn as HarfBuzz shapes it" $? "$r"
done <<'LINES'
التعاون الشرطي الإقليمي جزء لا يتجزأ من بيئة عمل الإنتربول
بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ
لا إله إلا الله، قال: «السلام عليكم»
LINES

# the comparison can fail: the same text shaped without the Arabic
# contextual forms (isolated letters) must not match
hb-view --language=ar --font-size=24 --margin=24 --features="-init,-medi,-fina" -O pdf -o "$tmp/bad.pdf" \
    fonts/Amiri-Regular.ttf --text-file="$tmp/1.txt"
pdftoppm -r 150 -gray "$tmp/bad.pdf" "$tmp/bad"
r=$(python3 tests/inkcmp.py "$tmp/m1-1.pgm" "$tmp/bad-1.pgm")
m=$(printf '%s' "$r" | sed 's/.*match=//')
python3 -c "import sys; sys.exit(0 if ${m:-1} < 0.9 else 1)"
check "hb-view: a rendering without contextual forms is told apart" $? "$r"
