#!/usr/bin/env bash
# t_isolate.sh - inline code in text of the other direction is a bidi isolate
# (UAX #9 LRI ... PDI, without the two characters in the text): `-o out.pdf`
# in an Arabic sentence reads -o out.pdf, not o out.pdf-, and `x = 1 + 2;`
# keeps its semicolon at its end.  Checked on the glyphs drawn (hb-shape's
# glyph of each character, left to right) and on what pdf.js and MuPDF extract.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
command -v hb-shape >/dev/null || { echo "FAIL isolate: hb-shape not installed (libharfbuzz-bin)"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mono=$(fc-match -f '%{file}' 'DejaVu Sans Mono')
printf -- '---\ndir: rtl\n---\n\nاستخدم الخيار `-o out.pdf` هنا، أو `x = 1 + 2;` في السطر.\n' >"$tmp/a.md"
"$MZ_BIN" -q --dump=pages "$tmp/a.md" >"$tmp/a.pages" 2>"$tmp/err" || { echo "FAIL isolate: mujaz: $(head -1 "$tmp/err")"; exit 0; }

for code in '-o out.pdf' 'x = 1 + 2;'; do
    # the glyphs hb-shape gives the code alone, left to right, against the run drawn
    want=$(hb-shape --direction=ltr --no-glyph-names --no-positions --no-clusters "$mono" -- "$code" | tr -d '[]' | tr '|' ',')
    got=$(grep -F "font=DejaVuSansMono" "$tmp/a.pages" | grep -F "text=$code gids=" | sed 's/.* gids=//; s/@[0-9.-]*//g')
    if [ -n "$got" ] && [ "$got" = "$want" ]; then echo "PASS isolate: '$code' in Arabic text is drawn left to right, whole"
    else echo "FAIL isolate: '$code' drawn as [$got], hb-shape gives [$want]"; fi
done

"$MZ_BIN" -q "$tmp/a.md" -o "$tmp/a.pdf" || { echo "FAIL isolate: render"; exit 0; }
clients=$MZ_ROOT/tests/clients
if [ -d "$clients/node_modules/pdfjs-dist" ] && [ -d "$clients/node_modules/mupdf" ]; then
    for c in pdfjs mupdf; do
        node "$clients/extract.mjs" text "$c" "$tmp/a.pdf" >"$tmp/$c.txt" 2>"$tmp/$c.err"
        if grep -qF -- '-o out.pdf' "$tmp/$c.txt" && grep -qF 'x = 1 + 2;' "$tmp/$c.txt"; then
            echo "PASS isolate: $c copies both code spans as written"
        else echo "FAIL isolate: $c copies: $(head -1 "$tmp/$c.txt")"; fi
    done
else
    echo "FAIL isolate: tests/clients has no pdf.js or MuPDF.js (make clients)"
fi

# a footnote's number after a number is isolated too: in Arabic text it reads
# after 2019 (to its left), not joined to it as 2019² (to its right)
printf -- '---\ndir: rtl\n---\n\nعقدت الجولة في عام 2019[^1].\n\n[^1]: حاشية.\n' >"$tmp/n.md"
"$MZ_BIN" -q --dump=pages "$tmp/n.md" >"$tmp/n.pages"
yr=$(grep ' text=[^ ]*2019' "$tmp/n.pages" | grep -v note= | head -1 | sed 's/.* gids=[0-9]*@\([0-9.]*\).*/\1/')
ref=$(grep -F 'note=1 ref font' "$tmp/n.pages" | head -1 | sed 's/.* gids=[0-9]*@\([0-9.]*\).*/\1/')
[ -n "$yr" ] && [ -n "$ref" ] && awk -v a="$ref" -v b="$yr" 'BEGIN { exit !(a < b) }'
if [ $? -eq 0 ]; then echo "PASS isolate: a footnote's number after 2019 is drawn after it in right-to-left order (at $ref pt, the year at $yr)"
else echo "FAIL isolate: a footnote's number after 2019 at ${ref:-?} pt, the year at ${yr:-?} (it must be left of it)"; fi

# spaces in inline code keep their width on a justified line: the monospace
# glyphs stay one advance apart (a stretched space reads as other code, and
# poppler split the span into pieces on separate lines)
printf -- '---\ndir: rtl\n---\n\nفي عام 1981 نشرت COVID-19 و`v2 = 42` في https://example.org/2024 هنا، وفي السطر كلمات كثيرة أخرى تملؤه حتى نهايته.\n' >"$tmp/j.md"
"$MZ_BIN" -q --dump=pages "$tmp/j.md" | grep -F 'text=v2 = 42' | head -1 | sed 's/.* gids=//' | tr ',' '\n' | sed 's/.*@//' |
    awk 'NR > 1 { d = $1 - p; if (d < min || NR == 2) min = d; if (d > max) max = d } { p = $1 } END { exit !(NR == 7 && max - min < 0.05) }'
if [ $? -eq 0 ]; then echo "PASS isolate: inline code on a justified line keeps its spaces' width"
else echo "FAIL isolate: inline code's glyphs on a justified line are not one advance apart: $("$MZ_BIN" -q --dump=pages "$tmp/j.md" | grep -F 'text=v2 = 42' | sed 's/.* gids=//')"; fi
