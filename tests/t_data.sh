#!/usr/bin/env bash
# t_data.sh - data-driven blocks: a ```table from a CSV file is set as the
# same GFM table would be; its columns and number formats, in the document's
# digits; bad data is an input error naming the data file and its line; a
# ```chart draws one bar per row with a value, in the document's direction,
# with its data as the Figure's /Alt; the data file is an input of
# `mujaz build`; the shipped data/briefing-stats.md.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
PY=/usr/bin/python3
[ -x "$MZ_BIN" ] || { echo "FAIL data: $MZ_BIN not built"; exit 1; }
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" -eq 0 ]; then echo "PASS data: $1"; else echo "FAIL data: $1: $3"; fi; }
run() { "$MZ_BIN" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; err=$(cat "$tmp/err"); }
# the glyph runs of a page dump whose text is exactly one of the words given
runs() { awk -v w="$2" 'BEGIN { n = split(w, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
    $1 == "glyphs" { t = ""; for (i = 1; i <= NF; i++) if ($i ~ /^text=/) t = substr($i, 6); if (t in want) { sub(/^x=/, "", $2); print t, $2 } }' "$1"; }
# the /Alt of every Figure in the structure tree, one a line (pikepdf)
alts() {
    "$PY" - "$1" <<'EOF'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(n):
    if isinstance(n, pikepdf.Array):
        for k in n: walk(k)
    elif isinstance(n, pikepdf.Dictionary):
        if n.get('/S') == '/Figure' and '/Alt' in n: print(str(n.Alt))
        if '/K' in n: walk(n.K)
walk(pdf.Root.StructTreeRoot.K)
EOF
}

# ---- a ```table is set as the GFM table with the same cells -----------------
cat >"$tmp/b.csv" <<'EOF'
الهيئة,السنة,العدد
آسيانابول,1981,10
"أفريبول، الجزائر",,54
يوروبول,1998,1234.5
EOF
printf '# جدول\n\n```table\nfile: b.csv\n```\n\nTable: الهيئات\n' >"$tmp/csv.md"
printf '# جدول\n\n| الهيئة | السنة | العدد |\n| --- | --- | --- |\n| آسيانابول | 1981 | 10 |\n| أفريبول، الجزائر | | 54 |\n| يوروبول | 1998 | 1234.5 |\n\nTable: الهيئات\n' >"$tmp/gfm.md"
"$MZ_BIN" --dump=pages "$tmp/csv.md" >"$tmp/csv.pages" 2>&1; "$MZ_BIN" --dump=pages "$tmp/gfm.md" >"$tmp/gfm.pages" 2>&1
cmp -s "$tmp/csv.pages" "$tmp/gfm.pages" && grep -q 'text=أفريبول' "$tmp/csv.pages" && grep -q 'text=الهيئات' "$tmp/csv.pages"
check "a CSV table (a quoted field with a comma, an empty cell, a Table: caption) draws what the same GFM table draws" $? \
    "$(diff "$tmp/csv.pages" "$tmp/gfm.pages" | head -5)"
run -q "$tmp/csv.md" -o "$tmp/csv.pdf" && "$MZ_BIN" -q "$tmp/gfm.md" -o "$tmp/gfm.pdf"
[ "$(pdftotext -raw "$tmp/csv.pdf" -)" = "$(pdftotext -raw "$tmp/gfm.pdf" -)" ] && [ -n "$(pdftotext -raw "$tmp/csv.pdf" -)" ]
check "and the same text to pdftotext" $? "rc=$rc $err"

# ---- columns chosen and ordered, numbers formatted in the document's digits -----
printf '```table\nfile: b.csv\ncolumns: العدد | الهيئة\nlabels: الأعضاء | الاسم\nformat: #,##0.00 | text\n```\n' >"$tmp/sel.md"
"$MZ_BIN" --dump=pages "$tmp/sel.md" >"$tmp/sel.pages" 2>&1
a=$(runs "$tmp/sel.pages" "الأعضاء الاسم" | awk '$1 == "الأعضاء" { print $2 }') n=$(runs "$tmp/sel.pages" "الأعضاء الاسم" | awk '$1 == "الاسم" { print $2 }')
grep -q 'text=١٬٢٣٤٫٥٠ ' "$tmp/sel.pages" && grep -q 'text=١٠٫٠٠ ' "$tmp/sel.pages" && ! grep -q 'السنة\|١٩٨١' "$tmp/sel.pages" &&
    [ -n "$a" ] && [ -n "$n" ] && awk -v a="$a" -v n="$n" 'BEGIN { exit !(a + 0 > n + 0) }'
check "columns: picks and orders the columns (the first on the right), labels: renames them, #,##0.00 writes ١٬٢٣٤٫٥٠" $? \
    "first at x=$a, second at x=$n; $(grep -c glyphs "$tmp/sel.pages") runs"
printf -- '---\ndigits: european\n---\n```table\nfile: b.csv\ncolumns: 3 | 2\nformat: #,##0 | 0\n```\n' >"$tmp/eu.md"
"$MZ_BIN" --dump=pages "$tmp/eu.md" >"$tmp/eu.pages" 2>&1
grep -q 'text=1,235 ' "$tmp/eu.pages" && grep -q 'text=1998 ' "$tmp/eu.pages" && ! grep -q 'text=١' "$tmp/eu.pages"
check "digits: european writes 1,235 (rounded) and 1998; columns by number" $? "$(grep -o 'text=[^ ]*' "$tmp/eu.pages" | head -8 | tr '\n' ' ')"
printf '```table\nheader: no\nlabels: أ | ب\nrows:\nس,1\nص,2\n```\n' >"$tmp/nohead.md"
"$MZ_BIN" --dump=doc "$tmp/nohead.md" >"$tmp/nohead.doc" 2>&1
grep -q 'table 3x2' "$tmp/nohead.doc" && [ "$(grep -A1 'cell 2,1' "$tmp/nohead.doc" | tail -1)" = "    text: س" ]
check "header: no with labels: and inline rows: every CSV row is a body row" $? "$(head -12 "$tmp/nohead.doc")"

# ---- bad data: an input error naming the data file, its line and the block ------
bad() { # name, CSV text, block text, expected message part[, the document's line named: the block's, 3]
    printf '%s' "$2" >"$tmp/$1.csv"
    printf '# عنوان\n\n```table\nfile: %s.csv\n%s```\n' "$1" "$3" >"$tmp/$1.md"
    run -q "$tmp/$1.md" -o "$tmp/$1.pdf"
    [ "$rc" = 1 ] && [ ! -e "$tmp/$1.pdf" ] && printf '%s' "$err" | grep -qF "$4" && printf '%s' "$err" | grep -qF "$1.md:${5:-3}"
    check "bad data ($1): exit 1, no PDF, '$4' and the document's line ${5:-3}" $? "rc=$rc $err"
}
bad ragged $'a,b,c\n1,2,3\n\n1,2\n' '' 'ragged.csv:4: a row of 2 fields where the first row has 3'
bad quote $'a,b\n1,"x"y\n' '' 'quote.csv:2: not CSV'
bad unclosed $'a,b\n1,2\n3,"open\n' '' 'unclosed.csv:3: not CSV: a quoted field is never closed'
bad column $'a,b\n1,2\n' $'columns: a | zz\n' "column.csv:1: no column 'zz'" 5
bad number $'a,b\n1,2\nx,abc\n' $'format: text | 0\n' "number.csv:3: column 'b' needs a number, not 'abc'"
bad key $'a,b\n1,2\n' $'colour: red\n' "unknown table key 'colour'" 5
printf '```table\nfile: nothere.csv\n```\n' >"$tmp/missing.md"
run -q "$tmp/missing.md" -o "$tmp/m.pdf"
[ "$rc" = 1 ] && printf '%s' "$err" | grep -q "nothere.csv: No such file.*missing.md:1"
check "a missing data file: exit 1, naming it and the block" $? "rc=$rc $err"
printf 'في نص\n\n```chart\nx: n\ny: v\nrows:\nn,v\nأ,1\nب,ج\n```\n' >"$tmp/inl.md"
run -q "$tmp/inl.md" -o "$tmp/i.pdf"
[ "$rc" = 1 ] && printf '%s' "$err" | grep -qF "inl.md:9: column 'v' needs a number, not 'ج'"
check "inline rows: an error names the document's own line" $? "rc=$rc $err"
{ echo "n,v"; for i in $(seq 1 61); do echo "ع$i,$i"; done; } >"$tmp/many.csv"
printf '```chart\nfile: many.csv\nx: n\ny: v\n```\n' >"$tmp/many.md"
run -q "$tmp/many.md" -o "$tmp/many.pdf"
[ "$rc" = 5 ] && printf '%s' "$err" | grep -qF "many.csv:62: over 60 points"
check "over 60 points in a chart: a named limit (exit 5) with the row's line" $? "rc=$rc $err"
head -c 4200 /dev/zero | tr '\0' 'x' | sed 's/^/a\n/' >"$tmp/big.csv"
printf '```table\nfile: big.csv\n```\n' >"$tmp/big.md"
run -q "$tmp/big.md" -o "$tmp/big.pdf"
[ "$rc" = 5 ] && printf '%s' "$err" | grep -qF "big.csv:2: a field is over 4096 bytes"
check "a field over 4096 bytes: a named limit (exit 5)" $? "rc=$rc $err"

# ---- charts --------------------------------------------------------------------
cat >"$tmp/c.csv" <<'EOF'
الاسم,القيمة
أول,3
ثان,
ثالث,12.5
رابع,7
EOF
for t in column bar line; do
    printf '```chart\ntype: %s\nfile: c.csv\nx: الاسم\ny: القيمة\ntitle: القيم\nunit: نقطة\n```\n' "$t" >"$tmp/$t.md"
    "$MZ_BIN" --dump=pages "$tmp/$t.md" >"$tmp/$t.pages" 2>"$tmp/$t.err"
done
n=$(grep -c '^  rect' "$tmp/column.pages") nb=$(grep -c '^  rect' "$tmp/bar.pages") nl=$(grep -c '^  circle' "$tmp/line.pages")
[ "$n" = 3 ] && [ "$nb" = 3 ] && [ "$nl" = 3 ]
check "one column, bar or point a row with a value (the empty one left out)" $? "columns $n, bars $nb, points $nl $(cat "$tmp/column.err")"
"$MZ_BIN" --dump=doc "$tmp/column.md" >"$tmp/column.doc" 2>&1
grep -q 'chart column: 3 points, 1 left out (no value), 1 decimals, grouped' "$tmp/column.doc" && grep -q "data: .*c.csv" "$tmp/column.doc"
check "--dump=doc: the chart's points, the row left out, its data file" $? "$(grep -A2 'block 1' "$tmp/column.doc")"
xs=$(runs "$tmp/column.pages" "أول ثالث رابع" | awk '{ print $2 }' | tr '\n' ' ')
echo "$xs" | awk '{ exit !(NF == 3 && $1 + 0 > $2 + 0 && $2 + 0 > $3 + 0) }'
check "a right-to-left document's category axis runs right to left (first row rightmost)" $? "x: $xs"
printf -- '---\nlang: en\ndir: ltr\n---\n```chart\nfile: c.csv\nx: الاسم\ny: القيمة\n```\n' >"$tmp/ltr.md"
"$MZ_BIN" --dump=pages "$tmp/ltr.md" >"$tmp/ltr.pages" 2>&1
xl=$(runs "$tmp/ltr.pages" "أول ثالث رابع" | awk '{ print $2 }' | tr '\n' ' ')
echo "$xl" | awk '{ exit !(NF == 3 && $1 + 0 < $2 + 0 && $2 + 0 < $3 + 0) }'
check "a left-to-right document's runs left to right" $? "x: $xl"
grep -q 'text=١٢٫٥ ' "$tmp/column.pages" && grep -q 'text=٣٫٠ ' "$tmp/column.pages"
check "the value labels in the document's digits, with the data's decimals (١٢٫٥, ٣٫٠)" $? "$(grep -o 'text=[^ ]*' "$tmp/column.pages" | tr '\n' ' ')"
awk '$1 == "rect" { sub(/x=/, "", $2); sub(/w=/, "", $4); printf "%.1f\n", $2 + $4 }' "$tmp/bar.pages" | sort -u | wc -l | grep -q '^1$'
check "bars grow from the start side (their right ends meet in RTL)" $? "$(grep '^  rect' "$tmp/bar.pages")"
run -q "$tmp/column.md" -o "$tmp/column.pdf"
alt=$(alts "$tmp/column.pdf")
[ "$alt" = "القيم: أول ٣٫٠ نقطة، ثالث ١٢٫٥ نقطة، رابع ٧٫٠ نقطة" ]
check "the Figure's /Alt is its data: title: label value unit, … in the digits drawn" $? "'$alt' $err"
grep -q 'text=شكل' "$tmp/column.pages" && pdftotext -raw "$tmp/column.pdf" - | grep -q 'القيم'
check "a numbered figure caption (شكل ١: title)" $? "$(pdftotext -raw "$tmp/column.pdf" - | tail -3)"
run -q "$tmp/column.md" -o "$tmp/column2.pdf"
cmp -s "$tmp/column.pdf" "$tmp/column2.pdf"
check "deterministic bytes" $? "two renders differ"

# ---- mujaz build watches the data file --------------------------------------------
mkdir "$tmp/bd"; cp "$tmp/c.csv" "$tmp/bd/c.csv"; cp "$tmp/column.md" "$tmp/bd/doc.md"
"$MZ_BIN" build -q -o "$tmp/bd/out" "$tmp/bd/doc.md"
"$MZ_BIN" build -o "$tmp/bd/out" "$tmp/bd/doc.md" 2>"$tmp/e1"
sleep 1; touch "$tmp/bd/c.csv"
"$MZ_BIN" build -o "$tmp/bd/out" "$tmp/bd/doc.md" 2>"$tmp/e2"
grep -q '0 rendered, 1 up to date' "$tmp/e1" && grep -q '1 rendered, 0 up to date' "$tmp/e2" &&
    grep -q "$(realpath "$tmp/bd/c.csv")" "$tmp/bd/out/.mujaz-deps"
check "mujaz build: the CSV is an input (touching it re-renders)" $? "$(cat "$tmp/e1" "$tmp/e2")"

# ---- the shipped document ------------------------------------------------------------
S=$MZ_ROOT/data/briefing-stats.md
run -q "$S" -o "$tmp/s.pdf"
"$MZ_BIN" --dump=pages "$S" >"$tmp/s.pages" 2>&1
sa=$(alts "$tmp/s.pdf")
"$PY" "$MZ_ROOT/tests/tagcheck.py" text "$tmp/s.pdf" >"$tmp/s.txt" 2>&1
nb=0; for b in آسيانابول أفريبول يوروبول أميريبول 'جهاز الشرطة الخليجية' 'مجلس وزراء الداخلية العرب'; do grep -qxF "$b" "$tmp/s.txt" && nb=$((nb + 1)); done
[ "$rc" = 0 ] && printf '%s' "$sa" | grep -qxF 'أعداد الأعضاء التي يذكرها النص: آسيانابول ١٠، أفريبول ٥٤، أميريبول ٢٨' &&
    [ "$nb" = 6 ] && grep -q 'text=١٩٨٢ ' "$tmp/s.pages"
check "data/briefing-stats.md: its table (six bodies, ١٩٨٢) and its chart (the three member counts the seed gives)" $? \
    "rc=$rc $err; alt: $sa"
# the Matterhorn checks on the shipped document and a chart alone (t_tags.sh
# covers data/briefing.md and tests/data/; its one waiver, README "Tagged PDF",
# is the text layer's U+0000 helper glyph)
run -q "$tmp/column.md" -o "$tmp/column.pdf"
f=$( { MZ_TITLED=1 "$PY" "$MZ_ROOT/tests/tagcheck.py" check --brief "$tmp/s.pdf"; "$PY" "$MZ_ROOT/tests/tagcheck.py" check --brief "$tmp/column.pdf"; } |
    grep '^FAIL' | grep -Ev '^FAIL tags:[^:]*:31-028: a ToUnicode value is U\+0000: [^;]* maps [0-9A-F]{4}( [0-9A-F]{4})? to U\+0000(; [^;]* maps [0-9A-F]{4}( [0-9A-F]{4})? to U\+0000)*$')  # t_tags.sh's waiver
[ -z "$f" ]
check "tagcheck: briefing-stats and a chart pass the Matterhorn checks" $? "$f"
