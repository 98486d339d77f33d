#!/usr/bin/env bash
# t_extract.sh - text extraction is a feature: the seed and a hard mix (harakat,
# shadda, lam-alef, I-24/7, years, Arabic-Indic digits, brackets, Latin) are
# rendered, extracted with poppler (pdftotext) and MuPDF (mutool), and
# compared with their source (tests/textsim.py: NFKC, whitespace folded,
# tatweel and X9-removed characters dropped).
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }
ge() { python3 -c "import sys; sys.exit(0 if float('$1') >= float('$2') else 1)"; }

measure() { # name source pdf
    local name=$1 src=$2 pdf=$3 r c w
    pdftotext -enc UTF-8 "$pdf" "$tmp/$name.poppler.txt"
    r=$(python3 tests/textsim.py "$src" "$tmp/$name.poppler.txt" detail)
    c=$(printf '%s\n' "$r" | sed -n 's/^chars=\([0-9.]*\).*/\1/p'); w=$(printf '%s\n' "$r" | sed -n 's/.*words=\([0-9.]*\).*/\1/p')
    echo "# $name pdftotext: chars=$c words=$w"
    printf '%s\n' "$r" | grep '^#' | head -5
    ge "$c" 0.995; check "extract $name: pdftotext character similarity >= 0.995" $? "$c"
    ge "$w" 0.99; check "extract $name: pdftotext word similarity >= 0.99" $? "$w"
    mutool draw -q -F txt -o "$tmp/$name.mupdf.txt" "$pdf" 2>/dev/null
    r=$(python3 tests/textsim.py "$src" "$tmp/$name.mupdf.txt")
    echo "# $name mutool 1.21: $r"
    MZ_MUTOOL=$(printf '%s\n' "$r" | sed -n 's/^chars=\([0-9.]*\).*/\1/p')
}

# the seed, justified with kashida (inserted tatweel must not reach the text)
for mode in auto kashida; do
    "$BIN" --justify=$mode tests/data/seed.txt -o "$tmp/seed-$mode.pdf" 2>/dev/null
    check "extract seed ($mode): renders" $? ""
    measure "seed-$mode" tests/data/seed.txt "$tmp/seed-$mode.pdf"
    ge "$MZ_MUTOOL" 0.95; check "extract seed-$mode: mutool character similarity >= 0.95" $? "$MZ_MUTOOL"
    n=$(pdftotext -enc UTF-8 "$tmp/seed-$mode.pdf" - | grep -c $'\u0640')
    check "extract seed-$mode: no tatweel in the extracted text" "$n" "$n lines with U+0640"
done

# the mix: vocalised words are drawn right to left inside one span per word
# (see draw_word_span), so both extractors read them in logical order
"$BIN" tests/data/mix.txt -o "$tmp/mix.pdf" 2>/dev/null
check "extract mix: renders" $? ""
measure mix tests/data/mix.txt "$tmp/mix.pdf"
ge "$MZ_MUTOOL" 0.95; check "extract mix: mutool character similarity >= 0.95" $? "$MZ_MUTOOL"
# and justified with kashida: inserted tatweel inside vocalised words
{ printf -- '---\njustify: kashida\n---\n\n'; cat tests/data/mix.txt tests/data/mix.txt | tr '\n' ' '; echo; } >"$tmp/mixk.md"
"$BIN" "$tmp/mixk.md" -o "$tmp/mixk.pdf" 2>/dev/null
check "extract mix (kashida): renders" $? ""
n=$("$BIN" --dump=lines "$tmp/mixk.md" 2>/dev/null | grep -c 'kashida=[1-9]')
[ "$n" -gt 0 ]; check "extract mix (kashida): lines are elongated with kashida" $? "no kashida in the line dump"
python3 -c "import sys; sys.stdout.write(open('tests/data/mix.txt',encoding='utf-8').read()*2)" >"$tmp/mix2.txt"
measure mix-kashida "$tmp/mix2.txt" "$tmp/mixk.pdf"
ge "$MZ_MUTOOL" 0.95; check "extract mix-kashida: mutool character similarity >= 0.95" $? "$MZ_MUTOOL"

# the briefing: every heading and table cell comes out in logical order
"$BIN" data/briefing.md -o "$tmp/b.pdf" 2>/dev/null
pdftotext -enc UTF-8 "$tmp/b.pdf" - | python3 -c '
import sys, unicodedata
t = sys.stdin.read()
t = "".join(c for c in t if unicodedata.bidirectional(c) not in ("BN","LRE","RLE","PDF","LRO","RLO","LRM","RLM") and c not in "\u0640\u200f\u200e")
t = " ".join(t.split())
import re
src = open("data/briefing.md", encoding="utf-8").read().split("\n---\n", 1)[1]
want = []
for line in src.splitlines():
    line = line.strip()
    if line.startswith("#"):
        want.append(line.lstrip("#").strip())
    elif line.startswith("|") and "---" not in line:
        want += [c.strip() for c in line.strip("|").split("|") if c.strip()]
missing = [w for w in want if " ".join(w.split()) not in t]
print("missing=%d of %d" % (len(missing), len(want)))
for m in missing[:5]: print("#  not found:", m)
' > "$tmp/b.check"
cat "$tmp/b.check" | grep '^#'
n=$(sed -n 's/^missing=\([0-9]*\).*/\1/p' "$tmp/b.check")
check "extract briefing: every heading and table cell in logical order" "$n" "$(head -1 "$tmp/b.check")"
