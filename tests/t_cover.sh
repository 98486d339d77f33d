#!/usr/bin/env bash
# t_cover.sh - the cover as a designed block and print output: the issuer's
# identity (logo, issuer, unit, classification, reference) and the key facts
# from the front matter, the marking on every page, the page number in the
# document's digits and language; --bleed / bleed: give the PDF a TrimBox
# and BleedBox with the band reaching into the bleed, and nothing else
# changes without them; bad keys and a missing logo are file:line errors.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
[ -x "$MZ_BIN" ] || { echo "FAIL cover: $MZ_BIN not built"; exit 1; }
for t in pdftotext pdfinfo pdftoppm qpdf; do
    command -v $t >/dev/null || { echo "FAIL cover: $t missing (poppler-utils, qpdf)"; exit 1; }
done
export SOURCE_DATE_EPOCH=1700000000 LC_ALL=C.UTF-8
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" -eq 0 ]; then echo "PASS cover: $1"; else echo "FAIL cover: $1: $3"; fi; }
run() { "$MZ_BIN" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; err=$(cat "$tmp/err"); }
# page P's text as a reader copies it: without the bidi controls pdftotext adds
text() { pdftotext -f "$2" -l "$2" "$1" - 2>/dev/null | LC_ALL=C sed 's/\xe2\x80[\xaa-\xae\x8e\x8f]//g'; }
# the RGB of pixel (X, Y) of page 1 at 72 dpi (one pixel a point), the MediaBox rendered
pixel() { pdftoppm -r 72 -f 1 -l 1 -x "$2" -y "$3" -W 1 -H 1 "$1" | tail -c 3 | od -An -tu1 | tr -s ' ' | sed 's/^ //'; }
# the number of objects that hold KEY (/TrimBox ...) in the PDF, uncompressed
nkey() { qpdf --qdf --object-streams=disable "$1" "$tmp/q.pdf" 2>/dev/null; grep -ac "$2" "$tmp/q.pdf"; }

cp "$MZ_ROOT/data/emblem.png" "$tmp/emblem.png"
body=$(for i in $(seq 1 30); do printf 'فقرة من نص الإحاطة لملء الصفحات حتى تكون للمستند أكثر من صفحة واحدة.\n\n'; done)
cover() { # FILE LANG LOGO [extra front-matter lines]
    printf -- '---\ntitle: %s\nissuer: وحدة الإحاطات\nunit: قسم التجارب\nlogo: %s\nclassification: %s\nreference: REF-2026-114\ndate: 2026\nlang: %s\n%b\nfacts:\n  - "أولى النقاط: %s"\n  - ثانية النقاط\n---\n\n%s\n' \
        "$([ "$2" = en ] && echo Title || echo عنوان)" "$3" "$([ "$2" = en ] && echo 'OFFICIAL USE' || echo 'للاستخدام الرسمي')" \
        "$2" "${4:-}" 54 "$body" >"$1"
}
cover "$tmp/c.md" ar emblem.png

# (1) identity and facts in the text layer; the marking on every page
run "$tmp/c.md" -o "$tmp/c.pdf"
pages=$(pdfinfo "$tmp/c.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
t1=$(text "$tmp/c.pdf" 1)
ok=0
for w in 'وحدة الإحاطات' 'قسم التجارب' 'REF-2026-114' 'أبرز النقاط' 'أولى النقاط: 54' 'ثانية النقاط'; do
    case "$t1" in *"$w"*) ;; *) ok=1; missing=$w ;; esac
done
[ $rc -eq 0 ] && [ "${pages:-0}" -ge 2 ]
check "the test document renders on more than one page" $? "rc=$rc pages=${pages:-?} $err"
check "page 1 has the issuer, unit, reference, the facts' title and items" $ok "no '${missing:-}' in: $(printf '%s' "$t1" | head -c 400)"
ok=0
for p in $(seq 1 "${pages:-1}"); do text "$tmp/c.pdf" "$p" | grep -q 'للاستخدام الرسمي' || ok=1; done
check "the classification is on every page (${pages:-?})" $ok "missing on a page"
# the page number: the document's digits (Arabic-Indic by default) and words
text "$tmp/c.pdf" 2 | grep -q "صفحة ٢ من $(printf '%s' "$pages" | sed 'y/0123456789/٠١٢٣٤٥٦٧٨٩/')"
check "page 2's number reads «صفحة ٢ من N» in Arabic-Indic digits" $? "$(text "$tmp/c.pdf" 2 | tail -3)"
cover "$tmp/e.md" en emblem.png 'dir: ltr'
run "$tmp/e.md" -o "$tmp/e.pdf"
t1=$(text "$tmp/e.pdf" 1)
case "$t1" in *'Key facts'*'Page 1 of '[0-9]*) r=0 ;; *) r=1 ;; esac
check "lang: en: the facts' title and the page number in English words and digits" $r "$(printf '%s' "$t1" | tail -c 300)"

# (2) the structure: the facts an L of two LIs, the logo no Figure (an
# artifact: the issuer's name is beside it)
pdfinfo -struct "$tmp/c.pdf" >"$tmp/struct" 2>/dev/null
nli=$(grep -c '^ *LI ' "$tmp/struct"); nfig=$(grep -c 'Figure' "$tmp/struct")
[ "$nli" -eq 2 ] && [ "$nfig" -eq 0 ] && grep -A1 '^ *H2 ' "$tmp/struct" | grep -q '^ *L '
check "tagged: the facts' title an H2 and its items an L of 2 LIs; the logo no Figure" $? "LI=$nli Figure=$nfig"

# a ```facts block in the body: the same panel where it stands, its title
# a heading under the section's, its items an L; an empty one is an error
printf -- '---\ntitle: عنوان\n---\n\n## قسم\n\nنص قبل.\n\n```facts\n- النقطة الأولى\n* النقطة الثانية\n```\n\nنص بعد.\n' >"$tmp/k.md"
run "$tmp/k.md" -o "$tmp/k.pdf"
t1=$(text "$tmp/k.pdf" 1)
pdfinfo -struct "$tmp/k.pdf" 2>/dev/null | awk '{ printf "%s ", $1 }' >"$tmp/kstruct"
case "$t1" in *'نص قبل.'*'أبرز النقاط'*'النقطة الأولى'*'النقطة الثانية'*'نص بعد.'*) r=0 ;; *) r=1 ;; esac
[ $rc -eq 0 ] && [ $r -eq 0 ] && grep -q 'H2 P H3 L LI LBody LI LBody P' "$tmp/kstruct"
check "a \`\`\`facts block: its panel in place, an H3 under the H2 and an L of its 2 items" $? "rc=$rc $err $(cat "$tmp/kstruct")"
printf -- '---\ntitle: عنوان\n---\n\nنص.\n\n```facts\n\n```\n' >"$tmp/k0.md"
run "$tmp/k0.md" -o "$tmp/k0.pdf"
case "$err" in *"k0.md:7: a facts block holds no items"*) r=0 ;; *) r=1 ;; esac
[ $rc -eq 1 ] && [ $r -eq 0 ]
check "an empty facts block is an error at its line" $? "rc=$rc $err"

# a cover with nothing for the band keeps the slim band of before (34 pt)
printf -- '---\ntitle: عنوان\n---\n\nنص.\n' >"$tmp/s.md"
"$MZ_BIN" --dump=pages "$tmp/s.md" 2>/dev/null | grep -q '^  rect x=0.00 y=807.89 w=595.28 h=34.00'
check "a band with no identity in it is the theme's bare height (34 pt)" $? "$("$MZ_BIN" --dump=pages "$tmp/s.md" 2>&1 | grep -m1 rect)"

# (3) boxes: without bleed only a MediaBox; with --bleed=3mm TrimBox and BleedBox
n=$(nkey "$tmp/c.pdf" '/TrimBox'); nb=$(nkey "$tmp/c.pdf" '/BleedBox')
[ "$n" -eq 0 ] && [ "$nb" -eq 0 ]
check "without bleed: no TrimBox or BleedBox (a MediaBox only, as before)" $? "TrimBox in $n objects, BleedBox in $nb"
run --bleed=3mm "$tmp/c.md" -o "$tmp/b.pdf"
pdfinfo -box -f 1 -l 1 "$tmp/b.pdf" >"$tmp/box" 2>&1
grep -Eq 'MediaBox: +-8\.50 +-8\.50 +603\.78 +850\.39' "$tmp/box" &&
    grep -Eq 'BleedBox: +-8\.50 +-8\.50 +603\.78 +850\.39' "$tmp/box" &&
    grep -Eq 'TrimBox: +0\.00 +0\.00 +595\.28 +841\.89' "$tmp/box"
check "--bleed=3mm: MediaBox = BleedBox = the A4 trim + 8.50 pt each side, TrimBox = A4" $? "$(grep Box "$tmp/box" | tr '\n' ' ')"
n=$(nkey "$tmp/b.pdf" '/TrimBox')
[ "$n" -eq "${pages:-0}" ]
check "every page has its TrimBox" $? "$n of ${pages:-?}"
qpdf --check "$tmp/b.pdf" >"$tmp/qc" 2>&1
check "qpdf --check passes with bleed" $? "$(tail -2 "$tmp/qc")"
# the band reaches into the bleed: navy past the trimmed top and side edges;
# white in the bleed beside the body
navy="13 64 107"
p_side=$(pixel "$tmp/b.pdf" 4 30); p_top=$(pixel "$tmp/b.pdf" 300 3); p_low=$(pixel "$tmp/b.pdf" 4 500)
[ "$p_side" = "$navy" ] && [ "$p_top" = "$navy" ] && [ "$p_low" = "255 255 255" ]
check "the band is navy in the bleed at the trimmed edges (side, top), the bleed beside the text white" $? \
    "side '$p_side' top '$p_top' low '$p_low'"
p_edge=$(pixel "$tmp/c.pdf" 0 30)
[ "$p_edge" = "$navy" ]
check "without bleed the band still runs to the paper's edge" $? "'$p_edge'"
# the front matter says it too; --bleed=0 overrides it; crop marks widen the MediaBox only
cover "$tmp/f.md" ar emblem.png 'bleed: 3mm'
run "$tmp/f.md" -o "$tmp/f.pdf"
pdfinfo -box -f 1 -l 1 "$tmp/f.pdf" | grep -Eq 'TrimBox: +0\.00 +0\.00 +595\.28'
r1=$?
run --bleed=0 "$tmp/f.md" -o "$tmp/f0.pdf"
n=$(nkey "$tmp/f0.pdf" '/TrimBox')
[ $r1 -eq 0 ] && [ "$n" -eq 0 ]
check "front matter bleed: 3mm gives the boxes; --bleed=0 takes them away" $? "fm=$r1 TrimBox in $n"
run --bleed=3mm --crop-marks "$tmp/c.md" -o "$tmp/m.pdf"
pdfinfo -box -f 1 -l 1 "$tmp/m.pdf" >"$tmp/box" 2>&1
grep -Eq 'MediaBox: +-22\.50 +-22\.50 +617\.78 +864\.39' "$tmp/box" && grep -Eq 'BleedBox: +-8\.50 ' "$tmp/box"
check "--crop-marks: the MediaBox takes the marks (14 pt beyond the bleed), the BleedBox stays" $? "$(grep Box "$tmp/box" | tr '\n' ' ')"
"$MZ_BIN" --bleed=3mm --crop-marks --dump=pages "$tmp/c.md" 2>/dev/null | grep -Ec '^ *line .*x=-(8\.5|22\.5)' >"$tmp/nm"
[ "$(cat "$tmp/nm")" -ge 4 ]
check "crop marks are drawn outside the trim" $? "$(cat "$tmp/nm") lines start in the bleed"

# (4) errors with file:line
cover "$tmp/x.md" ar missing.png
run "$tmp/x.md" -o "$tmp/x.pdf"
case "$err" in *"x.md:5: image 'missing.png'"*) r=0 ;; *) r=1 ;; esac
[ $rc -eq 1 ] && [ $r -eq 0 ] && [ ! -e "$tmp/x.pdf" ]
check "a missing logo is an input error at its front-matter line" $? "rc=$rc $err"
printf -- '---\ntitle: ت\nfacts: واحدة\n---\nنص\n' >"$tmp/y.md"
run "$tmp/y.md" -o "$tmp/y.pdf"
case "$err" in *"y.md:3: 'facts' must be a list"*) r=0 ;; *) r=1 ;; esac
[ $rc -eq 1 ] && [ $r -eq 0 ]
check "facts: as one value is an error at its line" $? "rc=$rc $err"
printf -- '---\ntitle: ت\nbleed: 3 furlongs\n---\nنص\n' >"$tmp/z.md"
run "$tmp/z.md" -o "$tmp/z.pdf"
case "$err" in *"z.md:3: 'bleed' must be a length"*) r=0 ;; *) r=1 ;; esac
[ $rc -eq 1 ] && [ $r -eq 0 ]
check "a bad bleed: is an error at its line" $? "rc=$rc $err"
{ printf -- '---\ntitle: ت\nfacts:\n'; for i in $(seq 1 16); do printf '  - %s\n' "$(for j in $(seq 1 40); do printf 'نقطة طويلة جدا '; done)"; done
  printf -- '---\nنص\n'; } >"$tmp/big.md"
run "$tmp/big.md" -o "$tmp/big.pdf"
case "$err" in *"big.md:3: the key facts do not fit on one page"*) r=0 ;; *) r=1 ;; esac
[ $rc -eq 1 ] && [ $r -eq 0 ]
check "key facts taller than a page are an error at the facts: line" $? "rc=$rc $err"
run --bleed=3furlongs "$tmp/c.md" -o "$tmp/w.pdf"
[ $rc -eq 2 ]
check "a bad --bleed is a usage error" $? "rc=$rc $err"
exit 0
