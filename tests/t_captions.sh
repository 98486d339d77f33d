#!/usr/bin/env bash
# t_captions.sh - table and figure captions, numbered in the document's
# digits and words, in reading order with their source lines; an empty cell
# shows the theme's mark; the column widths leave no lone word on a cell's
# line while the row's other columns have room; one timeline disc a year;
# a stray `Table:` caption is kept and warned about.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
[ -x "$MZ_BIN" ] || { echo "FAIL captions: $MZ_BIN not built"; exit 1; }
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# pdftotext -raw: lines in order, each line's words in visual order; the
# embeddings it adds off, so the tests look for a line holding all the words
txt() { pdftotext "$1" - | LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g; s/\xe2\x81[\xa6-\xa9]//g'; }
# the number of the first line of file $1 holding every word after it
line_of() { local f=$1; shift; awk -v w="$*" 'BEGIN { n = split(w, a, " ") } { ok = 1; for (i = 1; i <= n; i++) if (index($0, a[i]) == 0) ok = 0; if (ok) { print NR; exit } }' "$f"; }
check() { if [ "$2" -eq 0 ]; then echo "PASS captions: $1"; else echo "FAIL captions: $1: $3"; fi; }
B=$MZ_ROOT/data/briefing.md

"$MZ_BIN" -q "$B" -o "$tmp/b.pdf" && txt "$tmp/b.pdf" >"$tmp/b.txt"
check "the briefing renders" $? "$(head -3 "$tmp/b.txt")"
t=$(line_of "$tmp/b.txt" جدول 1 هيئات)
h=$(line_of "$tmp/b.txt" سنة التأسيس)
s=$(line_of "$tmp/b.txt" المصدر تستند الورقة)
f=$(line_of "$tmp/b.txt" شكل 1 تأسيس)
[ -n "$t" ] && [ -n "$h" ] && [ -n "$s" ] && [ -n "$f" ] && [ "$t" -lt "$h" ] && [ "$h" -lt "$s" ] && [ "$s" -lt "$f" ]
check "table caption over its header, source under it, then the timeline's figure caption (reading order)" $? "lines t=$t h=$h s=$s f=$f"
# a table longer than a page: its caption again over the header on the next page, with (تابع)
{ printf 'Table: قائمة طويلة\n\n| البند | القيمة |\n| --- | --- |\n'; for i in $(seq 1 60); do printf '| بند %d | قيمة %d |\n' "$i" "$i"; done; } >"$tmp/long.md"
"$MZ_BIN" -q "$tmp/long.md" -o "$tmp/long.pdf"
txt "$tmp/long.pdf" >"$tmp/long.txt"
p1=$(awk 'BEGIN { RS = "\f" } NR == 1' "$tmp/long.txt" | grep -c 'تابع') p2=$(awk 'BEGIN { RS = "\f" } NR == 2' "$tmp/long.txt" | grep 'قائمة' | grep 'طويلة' | grep -c 'تابع')
[ "$p1" = 0 ] && [ "$p2" = 1 ]
check "a table continued on the next page repeats its caption with (تابع), the first page without" $? "page 1: $p1, page 2: $p2"
n=$(grep -c '—' "$tmp/b.txt")
[ "$n" -ge 3 ]
check "the three cells the source leaves empty show —" $? "$n"

# digits and words follow the document: Arabic-Indic and «جدول»; English "Table"
printf -- '---\nlang: ar\ndir: rtl\n---\n\nTable: أول\nSource: مصدر أول\n\n| أ | ب |\n| - | - |\n| ١ | |\n\n| ج | د |\n| - | - |\n| ٢ | ٣ |\n\nTable: ثان\n' >"$tmp/ar.md"
"$MZ_BIN" -q "$tmp/ar.md" -o "$tmp/ar.pdf" 2>"$tmp/ar.err" && txt "$tmp/ar.pdf" >"$tmp/ar.txt"
[ -n "$(line_of "$tmp/ar.txt" جدول ١ أول)" ] && [ -n "$(line_of "$tmp/ar.txt" جدول ٢ ثان)" ] &&
    [ -n "$(line_of "$tmp/ar.txt" المصدر مصدر أول)" ]
check "Arabic: جدول ١ / جدول ٢ (a caption after its table too), المصدر:" $? "$(cat "$tmp/ar.txt" "$tmp/ar.err")"
printf -- '---\nlang: en\ndir: ltr\n---\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nTable: First\nSource: Somewhere\n\n```timeline\ntitle: Years\n1990 | one\n1990 | two\n1991 | three\n```\n' >"$tmp/en.md"
"$MZ_BIN" -q "$tmp/en.md" -o "$tmp/en.pdf" && pdftotext -raw "$tmp/en.pdf" - >"$tmp/en.txt"
grep -q 'Table 1: First' "$tmp/en.txt" && grep -q 'Source: Somewhere' "$tmp/en.txt" && grep -q 'Figure 1: Years' "$tmp/en.txt"
check "English: Table 1, Source:, Figure 1 (a timeline's title: line)" $? "$(cat "$tmp/en.txt")"
d=$("$MZ_BIN" --dump=pages "$tmp/en.md" | grep -c '^  circle ')
[ "$d" -eq 2 ]
check "one disc per year: three events in two years, two discs" $? "$d circles"

# a Table: paragraph with no table beside it is kept, with file:line
printf 'Text.\n\nTable: lost\n\nMore text.\n' >"$tmp/stray.md"
"$MZ_BIN" "$tmp/stray.md" -o "$tmp/s.pdf" 2>"$tmp/s.err"; rc=$?
[ $rc -eq 0 ] && grep -q 'stray.md:3: a .Table:. caption must be' "$tmp/s.err" && pdftotext "$tmp/s.pdf" - | grep -q 'Table: lost'
check "a stray Table: caption: warned with file:line, kept as a paragraph" $? "rc=$rc $(cat "$tmp/s.err")"
"$MZ_BIN" --strict "$tmp/stray.md" -o "$tmp/s2.pdf" 2>/dev/null
[ $? -ne 0 ]
check "under --strict the stray caption is an input error" $? "exit 0"
printf '```timeline\ntitle: a\ntitle: b\n2000 | x\n```\n' >"$tmp/tt.md"
"$MZ_BIN" "$tmp/tt.md" -o "$tmp/tt.pdf" 2>"$tmp/tt.err"
[ $? -ne 0 ] && grep -q 'tt.md:3: the timeline has a title: line already' "$tmp/tt.err"
check "a timeline's second title: line is an error with file:line" $? "$(cat "$tmp/tt.err")"

# widths: row 3's membership wrapped its last word («الأوروبي») alone in a
# 105 pt column while the notes column had 36 pt spare; now it keeps a neighbour
"$MZ_BIN" -q --dump=pages "$B" >"$tmp/b.pages"
lone=$(grep -c ' text=الأوروبي gids=' "$tmp/b.pages") cells=$(grep -c ' text=.*الأوروبي.* gids=' "$tmp/b.pages")
[ "$lone" = 0 ] && [ "$cells" -ge 2 ]
check "no lone «الأوروبي»: row 3's cells keep it with a neighbour" $? "$lone of $cells lines hold it alone"
