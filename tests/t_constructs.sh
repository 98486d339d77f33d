#!/usr/bin/env bash
# t_constructs.sh - every Markdown construct an author writes reaches the page
# (tests/data/constructs.md): in the text layer (pdftotext) and, for what is
# drawn, as drawing operators or display items; footnotes keep to the page of
# their reference, long ones go on at the next page's foot.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
[ -x "$MZ_BIN" ] || { echo "FAIL constructs: $MZ_BIN not built"; exit 1; }
for t in pdftotext qpdf; do
    command -v $t >/dev/null || { echo "FAIL constructs: $t missing (poppler-utils, qpdf)"; exit 1; }
done
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" -eq 0 ]; then echo "PASS constructs: $1"; else echo "FAIL constructs: $1: $3"; fi; }
D=$MZ_ROOT/tests/data

"$MZ_BIN" -q "$D/constructs.md" -o "$tmp/c.pdf" 2>"$tmp/err"
check "constructs.md renders without a warning" $? "$(cat "$tmp/err")"
[ ! -s "$tmp/err" ]
check "... and says nothing" $? "$(cat "$tmp/err")"
pdftotext "$tmp/c.pdf" - | tr -d '\f' | perl -CSD -pe 's/[\x{200e}\x{200f}\x{202a}-\x{202e}]//g' >"$tmp/txt"
pdftotext -f 1 -l 1 "$tmp/c.pdf" - >"$tmp/p1"
has() { grep -qF -- "$1" "$tmp/$2"; }
for s in 'عنوان أول' 'عنوان رابع' 'غامق' 'محذوف' 'اقتباس من تقرير سابق' 'بند أول' 'العمود' 'غلاف ورقة الإحاطة' \
         'مهمة منجزة' 'مهمة باقية' 'البند المئة' 'printf' 'int main' 'return 0; /* indented line */' 'تعليق بالعربية'; do
    has "$s" txt
    check "the text layer has '$s'" $? "$(head -c 400 "$tmp/txt")"
done
has '☑' txt && has '☐' txt
check "task boxes ☑ and ☐ are text" $? "$(grep -n 'مهمة' "$tmp/txt")"
has '١٠٠' txt && has '١٠١' txt && has '٩٨' txt
check "numbers from 98 past 100 whole, in the document's digits" $? "$(grep -n 'البند' "$tmp/txt")"
has 'الحاشية الأولى' p1 && has 'الحاشية الثانية' p1
check "both footnotes are on the page of their references" $? "$(cat "$tmp/p1" | tail -8)"
"$MZ_BIN" --dump=pages "$D/constructs.md" >"$tmp/pages"
grep -q 'link .* note=1 ref .* uri=#note-1 dest_y=' "$tmp/pages" && grep -q 'link .* note=2 ref .* dest_y=' "$tmp/pages"
check "each reference links to its note (an internal destination)" $? "$(grep -c 'note=' "$tmp/pages")"
[ "$(grep -c 'glyphs .* note=1 font' "$tmp/pages")" -ge 2 ]
check "the note's items carry its number" $? "$(grep 'note=1' "$tmp/pages" | head -3)"
grep -q 'font=DejaVuSansMono' "$tmp/pages"
check "code is set in the monospace face" $? "$(grep -o 'font=[A-Za-z-]*' "$tmp/pages" | sort -u)"
qpdf --qdf --object-streams=disable "$tmp/c.pdf" "$tmp/q.pdf" 2>/dev/null
grep -aq '/XYZ' "$tmp/q.pdf" && grep -aq '/Subtype /Link' "$tmp/q.pdf"
check "link annotations with /XYZ destinations" $? "$(grep -ac '/Link' "$tmp/q.pdf")"
grep -aq '^0\.945 0\.953 0\.965 rg' "$tmp/q.pdf"
check "the code panel is a filled rectangle in the theme's tint" $? "$(grep -a ' rg$' "$tmp/q.pdf" | sort -u | head)"
qpdf --check "$tmp/c.pdf" >"$tmp/qc" 2>&1
check "qpdf finds nothing wrong" $? "$(tail -2 "$tmp/qc")"

# a reference near a page's foot: its line moves on with it when the note cannot fit
python3 - "$tmp/long.md" <<'PY'
import sys
body = 'سطر من نص الإحاطة يملأ الصفحة بكلمات عادية كثيرة حتى ينكسر السطر مرات. ' * 6
out = ['---', 'lang: ar', '---', '']
for i in range(40):
    out.append(body + ('حاشية[^n%d]' % i if i % 5 == 4 else '') + '\n')
for i in range(4, 40, 5):
    out.append('[^n%d]: %s\n' % (i, 'نص حاشية طويلة نوعا ما. ' * (250 if i == 9 else 8)))
open(sys.argv[1], 'w').write('\n'.join(out))
PY
"$MZ_BIN" --dump=pages "$tmp/long.md" >"$tmp/lp" 2>"$tmp/lerr"
awk '/^page /{p=$2} / note=[0-9]+ ref font/{for(i=1;i<=NF;i++) if ($i ~ /^note=/) {split($i,a,"="); if (!(a[2] in ref)) ref[a[2]]=p}}
     / note=[0-9]+ font/{for(i=1;i<=NF;i++) if ($i ~ /^note=/) {split($i,a,"="); if (!(a[2] in first)) first[a[2]]=p}}
     END {bad=0; for (k in ref) if (first[k] != ref[k]) {print "note " k " ref on " ref[k] " note on " first[k]; bad=1}; exit bad}' "$tmp/lp" >"$tmp/lbad"
check "each note starts on the page of its reference" $? "$(cat "$tmp/lbad" "$tmp/lerr")"
n2=$(awk '/^page /{p=$2} / note=2 font/{print p}' "$tmp/lp" | sort -u | wc -l)
[ "$n2" -ge 2 ]
check "a note longer than half a page goes on at the next page's foot" $? "note 2 on $n2 page(s)"
"$MZ_BIN" -q "$tmp/long.md" -o "$tmp/l.pdf" && pdftotext "$tmp/l.pdf" - | grep -c 'نص حاشية' >/dev/null
check "the long document renders" $? "$(cat "$tmp/lerr")"
