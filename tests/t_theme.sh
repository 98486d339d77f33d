#!/usr/bin/env bash
# t_theme.sh - themes: the shipped default is what no theme means, byte for
# byte; the report theme renders the same document visibly differently with
# no C change; theme: in the front matter (relative to the document, or a
# name) and --theme (which wins); unknown keys and bad values are input
# errors with file:line; a changed theme re-renders in `mujaz build`.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
if [ ! -x "$MZ_BIN" ]; then echo "FAIL theme: $MZ_BIN not built"; exit 1; fi
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$MZ_ROOT/data/emblem.png" "$tmp/" # the briefing's logo, beside its copies
check() { # name, status, message
    if [ "$2" -eq 0 ]; then echo "PASS theme: $1"; else echo "FAIL theme: $1: $3"; fi
}
run() { "$MZ_BIN" -q "$@" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?; err=$(cat "$tmp/stderr"); }
doc=$MZ_ROOT/data/briefing.md

# 1. no theme = the shipped briefing theme, by name, by path, from the front matter
run "$doc" -o "$tmp/none.pdf"
run --theme=briefing "$doc" -o "$tmp/named.pdf"
run --theme="$MZ_ROOT/themes/briefing.yaml" "$doc" -o "$tmp/path.pdf"
cmp -s "$tmp/none.pdf" "$tmp/named.pdf" && cmp -s "$tmp/none.pdf" "$tmp/path.pdf"
check "no theme, --theme=briefing and its path give the same bytes" $? "cmp differs"
{ printf -- '---\ntheme: briefing\n'; sed -n '2,$p' "$doc"; } >"$tmp/fm.md"
{ printf -- '---\n'; sed -n '2,$p' "$doc"; } >"$tmp/plain.md"
run "$tmp/plain.md" -o "$tmp/plain.pdf"
run "$tmp/fm.md" -o "$tmp/fm.pdf"
cmp -s "$tmp/plain.pdf" "$tmp/fm.pdf"
check "theme: briefing in the front matter changes nothing" $? "rc=$rc err=$err"

# 2. the report theme: the same document, visibly different, no C change
run --theme=report "$doc" -o "$tmp/report.pdf"
[ $rc -eq 0 ] && qpdf --check "$tmp/report.pdf" >/dev/null 2>&1
check "--theme=report renders a valid PDF" $? "rc=$rc err=$err"
"$MZ_BIN" -q --dump=pages "$doc" >"$tmp/b.pages"
"$MZ_BIN" -q --theme=report --dump=pages "$doc" >"$tmp/r.pages"
! cmp -s "$tmp/b.pages" "$tmp/r.pages"
check "report's --dump=pages differs from briefing's" $? "the same"
# the cover band: a full-width rect at the top of page 1 in briefing only
band='rect x=0.00 y=757.89 w=595.28 h=84.00'
grep -q "$band" "$tmp/b.pages" && ! grep -q "$band" "$tmp/r.pages"
check "briefing has the cover band, report none" $? "$(grep -c 'rect x=0.00' "$tmp/r.pages")"
# margins: report's text frame is 80 pt in from each side, briefing's 70
minx() { awk '/^  glyphs/ { sub("x=", "", $2); if (min == "" || $2 + 0 < min) min = $2 + 0 } END { print min }' "$1"; }
bx=$(minx "$tmp/b.pages") rx=$(minx "$tmp/r.pages")
awk -v b="$bx" -v r="$rx" 'BEGIN { exit !(b >= 69.9 && b < 78 && r >= 79.9 && r < 90) }'
check "text starts at the theme's margin (70 vs 80 pt)" $? "briefing $bx report $rx"
# body size 11 pt instead of 13.5, level-2 headings 1.2 em instead of 1.3
grep -q 'size=11.00' "$tmp/r.pages" && ! grep -q 'size=13.50' "$tmp/r.pages" &&
    grep -q 'size=17.55' "$tmp/b.pages" && grep -q 'size=13.20' "$tmp/r.pages"
check "body and heading sizes come from the theme" $? "$(grep -o 'size=[0-9.]*' "$tmp/r.pages" | sort | uniq -c | head)"
# the footer: «صفحة 1 من N» centred in briefing (its middle on the page's); «1 من N» at the
# end side (the left) in report
pages=$(sed -n 's/^document: \([0-9]*\) pages.*/\1/p' "$tmp/b.pages") rpages=$(sed -n 's/^document: \([0-9]*\) pages.*/\1/p' "$tmp/r.pages")
# (a line's pieces, one per stretch of one direction, are runs of their own, with the line's origin)
foot() { awk -v y="$2" '/^page / { p++ } p == 1 && $0 ~ "^  glyphs .* y=" y " " { t = $0; sub(/.* text=/, "", t); sub(/ gids=.*/, "", t); s = s "|" t; x = $2 } END { print x s }' "$1"; }
bf=$(foot "$tmp/b.pages" 34.00) rf=$(foot "$tmp/r.pages" 44.00)
case $bf in *"|صفحة |1| من |$pages") true ;; *) false ;; esac &&
    awk -v x="${bf%%|*}" 'BEGIN { sub("x=", "", x); exit !(x > 240 && x < 297.6) }' &&
    ! grep -q 'text=صفحة' "$tmp/r.pages" && case $rf in "x=80.00|1| من |$rpages") true ;; *) false ;; esac
check "the footer's words and slots come from the theme" $? "briefing: $bf report: $rf"
if command -v pdftoppm >/dev/null; then
    pdftoppm -r 40 -png -f 1 -l 1 "$tmp/none.pdf" "$tmp/pb"
    pdftoppm -r 40 -png -f 1 -l 1 "$tmp/report.pdf" "$tmp/pr"
    ! cmp -s "$tmp"/pb-1.png "$tmp"/pr-1.png
    check "the first page's image differs" $? "the same pixels"
fi

# 3. where themes are found
mkdir -p "$tmp/sub/styles" "$tmp/elsewhere"
cp "$MZ_ROOT/data/emblem.png" "$tmp/sub/" # the briefing's logo, beside its copies
cp "$MZ_ROOT/themes/report.yaml" "$tmp/sub/styles/mine.yaml"
sed -i 's/^extends: briefing$/extends: briefing/' "$tmp/sub/styles/mine.yaml"
{ printf -- '---\ntheme: styles/mine.yaml\n'; sed -n '2,$p' "$doc"; } >"$tmp/sub/rel.md"
(cd "$tmp/elsewhere" && "$MZ_BIN" -q "$tmp/sub/rel.md" -o "$tmp/rel.pdf" 2>"$tmp/stderr"); rc=$?
run --theme=report "$tmp/plain.md" -o "$tmp/plain-report.pdf"
[ $rc -eq 0 ] && cmp -s "$tmp/rel.pdf" "$tmp/plain-report.pdf"
check "theme: a path relative to the document (not the working directory)" $? "rc=$rc $(cat "$tmp/stderr")"
{ printf -- '---\ntheme: report\n'; sed -n '2,$p' "$doc"; } >"$tmp/fmr.md"
run "$tmp/fmr.md" -o "$tmp/fmr.pdf"
cmp -s "$tmp/fmr.pdf" "$tmp/plain-report.pdf"
check "theme: report names the shipped theme" $? "rc=$rc err=$err"
run --theme=briefing "$tmp/fmr.md" -o "$tmp/wins.pdf"
cmp -s "$tmp/wins.pdf" "$tmp/plain.pdf"
check "--theme wins over the front matter's theme:" $? "rc=$rc err=$err"
mkdir -p "$tmp/tdir"
cp "$MZ_ROOT/themes/briefing.yaml" "$tmp/tdir/"
sed 's/^  accent: "0.05 0.25 0.42"/  accent: "#800000"/' "$MZ_ROOT/themes/briefing.yaml" >"$tmp/tdir/red.yaml"
MUJAZ_THEME_DIR=$tmp/tdir "$MZ_BIN" -q --theme=red "$doc" -o "$tmp/red.pdf"; rc=$?
[ $rc -eq 0 ] && ! cmp -s "$tmp/red.pdf" "$tmp/none.pdf"
check "MUJAZ_THEME_DIR holds the shipped themes" $? "rc=$rc"
printf 'extends: report\nclassification: "للاستخدام الرسمي"\n' >"$tmp/office.yaml"
grep -v '^classification:' "$doc" >"$tmp/nocls.md" # the briefing's own marking would win
"$MZ_BIN" -q --theme="$tmp/office.yaml" --dump=pages "$tmp/nocls.md" >"$tmp/o.pages"; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c 'y=775.89 .*text=للاستخدام الرسمي ' "$tmp/o.pages")" -eq 2 ]
check "a theme extending report sets the {classification} in its header (pages 2 and 3)" $? "rc=$rc"
"$MZ_BIN" -q --theme="$tmp/office.yaml" --dump=pages "$doc" >"$tmp/o2.pages"; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c 'y=775.89 .*text=غير سري — للتداول العام ' "$tmp/o2.pages")" -eq 2 ] &&
    ! grep -q 'text=للاستخدام الرسمي' "$tmp/o2.pages"
check "the front matter's classification: wins over the theme's" $? "rc=$rc"
mkfifo "$tmp/fifo.yaml"
timeout 10 "$MZ_BIN" -q --theme="$tmp/fifo.yaml" "$doc" -o "$tmp/x.pdf" 2>"$tmp/stderr"; rc=$?
[ $rc -eq 1 ] && grep -q 'fifo.yaml: is not a regular file' "$tmp/stderr"
check "a FIFO or a directory is not a theme (and does not block)" $? "rc=$rc $(cat "$tmp/stderr")"
# an installed-style tree named by --font-dir: its themes/ sibling holds the shipped themes
mkdir -p "$tmp/share/fonts" "$tmp/share/themes"
cp "$MZ_ROOT"/fonts/*.ttf "$tmp/share/fonts/"
cp "$tmp/tdir/red.yaml" "$tmp/share/themes/briefing.yaml"
"$MZ_BIN" -q --font-dir="$tmp/share/fonts" "$doc" -o "$tmp/beside.pdf"; rc=$?
[ $rc -eq 0 ] && cmp -s "$tmp/beside.pdf" "$tmp/red.pdf"
check "the shipped themes beside --font-dir's fonts are the ones used" $? "rc=$rc"
rm "$tmp/share/themes/briefing.yaml"
"$MZ_BIN" -q --font-dir="$tmp/share/fonts" "$doc" -o "$tmp/beside2.pdf"; rc=$?
[ $rc -eq 0 ] && cmp -s "$tmp/beside2.pdf" "$tmp/none.pdf"
check "without one there, the built-in directory's" $? "rc=$rc"
run --theme=no-such-theme "$doc" -o "$tmp/x.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q 'no-such-theme.yaml: cannot open the theme'
check "a theme that is not there: exit 1, named" $? "rc=$rc err=$err"

# 4. unknown keys and bad values: exit 1 with file:line, nothing written
bad() { # name, expected message (grep -E), theme text
    printf '%b' "$3" >"$tmp/bad.yaml"
    rm -f "$tmp/bad.pdf"
    run --theme="$tmp/bad.yaml" "$doc" -o "$tmp/bad.pdf"
    [ $rc -eq 1 ] && [ ! -e "$tmp/bad.pdf" ] && printf '%s' "$err" | grep -qE "^mujaz: $tmp/bad.yaml:$2"
    check "$1" $? "rc=$rc err=$err"
}
bad "unknown key" "3: unknown theme key 'page.margins.inner'" 'extends: briefing\npage:\n  margins: {inner: 3}\n'
bad "unknown top-level key" "2: unknown theme key 'colours'" 'extends: briefing\ncolours: {ink: "0 0 0"}\n'
bad "a number that is not one" "3: 'body.leading' must be a number, not '1,75'" 'extends: briefing\nbody:\n  leading: 1,75\n'
bad "a number out of range" "2: 'body.size' must be between 6 and 72, not '200'" 'extends: briefing\nbody: {size: 200}\n'
bad "a bad colour" "3: 'ink' must be a colour|3: 'colors.ink' must be a colour" 'extends: briefing\ncolors:\n  ink: "1 2 3"\n'
bad "a palette colour naming another" "2: 'colors.ink' must be a colour" 'extends: briefing\ncolors: {ink: accent}\n'
bad "a bad face" "2: 'code.face' must be regular, bold, italic or bold-italic, not 'heavy'" 'extends: briefing\ncode: {face: heavy}\n'
bad "a bad boolean" "2: 'cover.enabled' must be true or false, not 'yes'" 'extends: briefing\ncover: {enabled: yes}\n'
bad "a whole number that is not" "2: 'toc.levels' must be a whole number, not '1.5'" 'extends: briefing\ntoc: {levels: 1.5}\n'
bad "a section given a value" "2: 'headings' is a section" 'extends: briefing\nheadings: big\n'
bad "a value given a section" "3: 'body.size' must be a single value, not a mapping" 'extends: briefing\nbody:\n  size: {pt: 12}\n'
bad "a duplicate key" "3: duplicate theme key 'body.size' \\(first on line 2\\)" 'extends: briefing\nbody: {size: 11,\n  size: 12}\n'
bad "extends after other keys" "2: 'extends' must come before" 'body: {size: 11}\nextends: briefing\n'
bad "a tab in the indentation" "3: tab in theme indentation" 'extends: briefing\nbody:\n\tsize: 11\n'
bad "a YAML syntax error" "[0-9]+: theme: " 'extends: briefing\nbody: {size: 11\n'
bad "an unknown template field" "3: 'footer.end': unknown field \\{pgae\\}" 'extends: briefing\nfooter:\n  end: "{pgae}"\n'
bad "an unknown word" "3: unknown theme key 'words.ar.title'" 'extends: briefing\nwords:\n  ar: {title: x}\n'
printf 'extends: loop.yaml\n' >"$tmp/loop.yaml"
run --theme="$tmp/loop.yaml" "$doc" -o "$tmp/x.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "loop.yaml:1: themes extend each other more than"
check "an extends loop" $? "rc=$rc err=$err"
printf 'body: {size: 11}\n' >"$tmp/partial.yaml"
run --theme="$tmp/partial.yaml" "$doc" -o "$tmp/x.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "partial.yaml: the theme has no 'page.a4.width'"
check "a theme without extends must give every key" $? "rc=$rc err=$err"
printf 'extends: briefing\nwords: {fallback: fr}\n' >"$tmp/nofr.yaml"
run --theme="$tmp/nofr.yaml" "$doc" -o "$tmp/x.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "no words for its fallback language 'fr'"
check "the fallback language needs words" $? "rc=$rc err=$err"
{ printf -- '---\ntheme: missing.yaml\n'; sed -n '2,$p' "$doc"; } >"$tmp/fmbad.md"
run "$tmp/fmbad.md" -o "$tmp/x.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "$tmp/missing.yaml: cannot open the theme"
check "the front matter's theme is looked for beside the document" $? "rc=$rc err=$err"

# 5. mujaz build: the theme is an input of the up-to-date check
mkdir -p "$tmp/b"
cp "$MZ_ROOT/data/emblem.png" "$tmp/b/"
cp "$MZ_ROOT/themes/report.yaml" "$tmp/b/t.yaml"
{ printf -- '---\ntheme: t.yaml\n'; sed -n '2,$p' "$doc"; } >"$tmp/b/d.md"
"$MZ_BIN" build -q -o "$tmp/bout" "$tmp/b/d.md" "$tmp/plain.md" 2>"$tmp/stderr"; rc=$?
grep -q "	$tmp/b/t.yaml$" "$tmp/bout/.mujaz-deps" && grep -q "	$MZ_ROOT/themes/briefing.yaml$" "$tmp/bout/.mujaz-deps"
check "build: .mujaz-deps lists each document's theme" $? "rc=$rc $(cat "$tmp/bout/.mujaz-deps")"
sleep 0.05
"$MZ_BIN" build -o "$tmp/bout" "$tmp/b/d.md" "$tmp/plain.md" 2>"$tmp/stderr"; rc=$?
grep -q '0 rendered, 2 up to date' "$tmp/stderr"
check "build: nothing changed, all up to date" $? "rc=$rc $(cat "$tmp/stderr")"
sleep 0.05
sed -i 's/^  ink: "0 0 0"/  ink: "0.2 0 0"/' "$tmp/b/t.yaml"
cp "$tmp/bout/d.pdf" "$tmp/before.pdf"
"$MZ_BIN" build -o "$tmp/bout" "$tmp/b/d.md" "$tmp/plain.md" 2>"$tmp/stderr"; rc=$?
grep -q '1 rendered, 1 up to date' "$tmp/stderr" && ! cmp -s "$tmp/before.pdf" "$tmp/bout/d.pdf"
check "build: a changed theme re-renders its documents only" $? "rc=$rc $(cat "$tmp/stderr")"
sleep 0.05
"$MZ_BIN" build --theme=report -o "$tmp/bout" "$tmp/b/d.md" "$tmp/plain.md" 2>"$tmp/stderr"; rc=$?
grep -q '2 rendered, 0 up to date' "$tmp/stderr" && cmp -s "$tmp/bout/plain.pdf" "$tmp/plain-report.pdf"
check "build: --theme changes the fingerprint, and wins" $? "rc=$rc $(cat "$tmp/stderr")"
