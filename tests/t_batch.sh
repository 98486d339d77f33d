#!/usr/bin/env bash
# t_batch.sh - `mujaz build`: one process for many documents, the same bytes
# as single renders, up-to-date checks (input, fonts, options), failures that
# do not stop the others, manifests, and -j 1 = -j 4.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
if [ ! -x "$MZ_BIN" ]; then echo "FAIL batch: $MZ_BIN not built"; exit 1; fi
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { # name, condition-status, message
    if [ "$2" -eq 0 ]; then echo "PASS batch: $1"; else echo "FAIL batch: $1: $3"; fi
}
# build [ARGS...]: runs `mujaz build`, leaves rc and err (stderr)
# (under `make leakcheck`, MZ_VALGRIND set, only the first batch runs under valgrind)
VG=${MZ_VALGRIND:-}
build() { $VG "$MZ_BIN" build "$@" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?; err=$(cat "$tmp/stderr"); }
mtimes() { stat -c '%n %Y.%y' "$tmp"/out/*.pdf; }

mkdir -p "$tmp/docs" "$tmp/fonts"
cp "$MZ_ROOT/fonts/Amiri-Regular.ttf" "$tmp/fonts/"
FONT=$tmp/fonts/Amiri-Regular.ttf
mapfile -t seed <"$MZ_ROOT/tests/data/seed.txt"
for i in 1 2 3 4 5; do
    {
        printf -- '---\ntitle: إحاطة رقم %d\nauthor: ورقة إحاطة\n---\n\n## القسم %d\n\n' "$i" "$i"
        printf '%s\n\n' "${seed[$((i - 1))]}" "${seed[$(((i + 2) % ${#seed[@]}))]}"
        printf -- '- بند أول\n- بند **ثان**\n'
    } >"$tmp/docs/d$i.md"
done
docs=("$tmp"/docs/d{1,2,3,4,5}.md)

# 1. five documents, two threads
build -j 2 --font="$FONT" -o "$tmp/out" "${docs[@]}"
ok=0
for i in 1 2 3 4 5; do qpdf --check "$tmp/out/d$i.pdf" >/dev/null 2>&1 || ok=1; done
[ $rc -eq 0 ] && [ $ok -eq 0 ]
check "5 documents with -j 2: 5 valid PDFs" $? "rc=$rc err=$err"
printf '%s' "$err" | grep -q '^mujaz build: 5 documents: 5 rendered, 0 up to date, 0 failed$'
check "the summary counts 5 rendered" $? "err=$err"
grep -q "^d1.pdf	[0-9a-f]\{16\}	$tmp/docs/d1.md	$FONT" "$tmp/out/.mujaz-deps"
check ".mujaz-deps lists the input and the font" $? "$(cat "$tmp/out/.mujaz-deps" 2>&1)"

VG=
# 2. the same bytes as single renders
same=0
for i in 1 2 3 4 5; do
    "$MZ_BIN" --font="$FONT" "$tmp/docs/d$i.md" -o "$tmp/single$i.pdf" 2>/dev/null &&
        cmp -s "$tmp/single$i.pdf" "$tmp/out/d$i.pdf" || same=1
done
check "batch PDFs are byte-identical to single renders" $same "cmp differs"

# 2b. one thread, so that later documents reuse the font programs (subset and
# deflated) and the shaped words of earlier ones: a copy of d1 has d1's
# glyphs exactly; still the bytes of single renders
cp "$tmp/docs/d1.md" "$tmp/docs/d1copy.md"
build -j 1 --font="$FONT" -o "$tmp/out1" "$tmp/docs/d1.md" "$tmp/docs/d2.md" "$tmp/docs/d1copy.md" "$tmp/docs/d3.md"
same=0
for n in d1 d2 d1copy d3; do
    src=$n; [ $n = d1copy ] && src=d1
    cmp -s "$tmp/single${src#d}.pdf" "$tmp/out1/$n.pdf" || same=1
done
[ $rc -eq 0 ] && [ $same -eq 0 ]
check "one thread, cached font programs and words: the bytes of single renders" $? "rc=$rc err=$err"

# 3. a second run skips everything and touches nothing
before=$(mtimes)
sleep 0.05
build -j 2 --font="$FONT" -o "$tmp/out" "${docs[@]}"
[ $rc -eq 0 ] && printf '%s' "$err" | grep -q '5 documents: 0 rendered, 5 up to date, 0 failed' &&
    [ "$(mtimes)" = "$before" ]
check "second run: all up to date, mtimes unchanged" $? "rc=$rc err=$err"

# 4. touching one input re-renders only that one
sleep 0.05
touch "$tmp/docs/d3.md"
build -j 2 --font="$FONT" -o "$tmp/out" "${docs[@]}"
after=$(mtimes)
changed=$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep -c '^>')
[ $rc -eq 0 ] && printf '%s' "$err" | grep -q '1 rendered, 4 up to date' && [ "$changed" -eq 1 ] &&
    diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep -q 'd3.pdf'
check "touching one input re-renders only it" $? "rc=$rc changed=$changed err=$err"

# 5. touching the font re-renders all
sleep 0.05
touch "$FONT"
build -j 2 --font="$FONT" -o "$tmp/out" "${docs[@]}"
[ $rc -eq 0 ] && printf '%s' "$err" | grep -q '5 rendered, 0 up to date'
check "touching the font re-renders every document" $? "rc=$rc err=$err"

# 6. other options are another build
build -j 2 --font="$FONT" --justify=spaces -o "$tmp/out" "${docs[@]}"
[ $rc -eq 0 ] && printf '%s' "$err" | grep -q '5 rendered, 0 up to date'
check "changed options re-render every document" $? "rc=$rc err=$err"
build -j 2 --font="$FONT" --justify=spaces -o "$tmp/out" "${docs[@]}"
printf '%s' "$err" | grep -q '0 rendered, 5 up to date'
check "... and are then up to date" $? "err=$err"

# 7. --force
build --force -j 2 --font="$FONT" --justify=spaces -o "$tmp/out" "${docs[@]}"
[ $rc -eq 0 ] && printf '%s' "$err" | grep -q '5 rendered, 0 up to date'
check "--force re-renders up-to-date documents" $? "rc=$rc err=$err"

# 8. a broken document fails alone; its old output stays
printf -- '---\ntitle: معطوب\ncolour: red\n---\n\nنص.\n' >"$tmp/docs/bad.md"
printf 'old output\n' >"$tmp/out/bad.pdf"
rm -f "$tmp"/out/d*.pdf
build -j 2 --font="$FONT" -o "$tmp/out" "$tmp/docs/bad.md" "${docs[@]}"
n=$(ls "$tmp"/out/d*.pdf 2>/dev/null | wc -l)
[ $rc -eq 1 ] && [ "$n" -eq 5 ] && [ "$(cat "$tmp/out/bad.pdf")" = "old output" ] &&
    printf '%s' "$err" | grep -q "^mujaz: $tmp/docs/bad.md:[0-9]*: .*colour" &&
    printf '%s' "$err" | grep -q '6 documents: 5 rendered, 0 up to date, 1 failed'
check "a broken document: exit 1, others rendered, its old output untouched" $? "rc=$rc n=$n err=$err"
ls -a "$tmp/out" | grep -q '^\.bad\.pdf\.' && leftover=1 || leftover=0
check "no temporary file left behind" $leftover "$(ls -a "$tmp/out")"

# 9. a manifest: comments, blank lines, an explicit output
mkdir -p "$tmp/m"
{
    printf '# briefings\n\n'
    printf '%s\n' "$tmp/docs/d1.md"
    printf '  %s   %s\n' "$tmp/docs/d2.md" "$tmp/m/second.pdf"
    printf '%s\t%s\n' "$tmp/docs/d3.md" "$tmp/m/third one.pdf"
} >"$tmp/manifest"
build --font="$FONT" -o "$tmp/m" --manifest="$tmp/manifest" "$tmp/docs/d4.md"
[ $rc -eq 0 ] && [ -f "$tmp/m/d1.pdf" ] && [ -f "$tmp/m/second.pdf" ] && [ -f "$tmp/m/third one.pdf" ] &&
    [ -f "$tmp/m/d4.pdf" ] && cmp -s "$tmp/m/second.pdf" "$tmp/single2.pdf"
check "--manifest: inputs, explicit outputs (tab for spaces), plus INPUT arguments" $? "rc=$rc err=$err $(ls "$tmp/m")"
build --font="$FONT" -o "$tmp/m" --manifest="$tmp/manifest" "$tmp/docs/d4.md"
printf '%s' "$err" | grep -q '0 rendered, 4 up to date'
check "--manifest: second run up to date (a path with a space included)" $? "err=$err"
printf '%s a b\n' "$tmp/docs/d1.md" >"$tmp/manifest2"
build --manifest="$tmp/manifest2"
[ $rc -ne 0 ] && printf '%s' "$err" | grep -q "manifest2:1:"
check "a malformed manifest line is named" $? "rc=$rc err=$err"

# 10. -j 1 and -j 4 write the same files
build --font="$FONT" -j 1 -o "$tmp/j1" "${docs[@]}"
rc1=$rc
build --font="$FONT" -j 4 -o "$tmp/j4" "${docs[@]}"
same=0
for i in 1 2 3 4 5; do cmp -s "$tmp/j1/d$i.pdf" "$tmp/j4/d$i.pdf" || same=1; done
[ $rc1 -eq 0 ] && [ $rc -eq 0 ] && [ $same -eq 0 ]
check "-j 1 and -j 4 give the same PDFs" $? "rc=$rc1/$rc"

# 11. defaults: outputs next to the inputs, the shipped fonts
mkdir -p "$tmp/next"
cp "${docs[0]}" "${docs[1]}" "$tmp/next/"
build "$tmp/next/d1.md" "$tmp/next/d2.md"
"$MZ_BIN" "$tmp/next/d1.md" -o "$tmp/next-single.pdf" 2>/dev/null
[ $rc -eq 0 ] && [ -f "$tmp/next/d2.pdf" ] && cmp -s "$tmp/next/d1.pdf" "$tmp/next-single.pdf" &&
    grep -q 'Amiri-Bold.ttf' "$tmp/next/.mujaz-deps"
check "without -o: NAME.pdf next to the input, same bytes, bold face recorded" $? "rc=$rc err=$err"

# 12. usage errors
build -o "$tmp/out" "$tmp/docs/d1.md" "$tmp/next/d1.md"
[ $rc -eq 2 ] && printf '%s' "$err" | grep -q 'would both write'
check "two inputs writing one output: exit 2" $? "rc=$rc err=$err"
build
[ $rc -eq 2 ]
check "no inputs: exit 2" $? "rc=$rc"
build -j x "${docs[0]}"
[ $rc -eq 2 ]
check "bad -j: exit 2" $? "rc=$rc"
build --dump=lines "${docs[0]}"
[ $rc -eq 2 ]
check "--dump is not a build option: exit 2" $? "rc=$rc"

# 13. the first failure decides the exit status; a missing input is reported too
build -o "$tmp/out" --font=/nonexistent/font.ttf "${docs[0]}" "$tmp/docs/bad.md"
[ $rc -eq 3 ] && printf '%s' "$err" | grep -q "^mujaz: $tmp/docs/d1.md: font '/nonexistent/font.ttf'"
check "exit status of the first failed input (font error 3)" $? "rc=$rc err=$err"
build -o "$tmp/out" "$tmp/docs/missing.md"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q 'missing.md: cannot open'
check "a missing input: exit 1, named" $? "rc=$rc err=$err"

# 14. warnings name their document
printf 'نص \xff فاسد\n' >"$tmp/docs/warn.txt"
build -o "$tmp/out" "$tmp/docs/warn.txt"
[ $rc -eq 0 ] && printf '%s' "$err" | grep -q "^mujaz: warning: $tmp/docs/warn.txt:1: .*UTF-8"
check "warnings name their document" $? "rc=$rc err=$err"
build -q --force -o "$tmp/out" "$tmp/docs/warn.txt"
! printf '%s' "$err" | grep -q warning
check "-q silences warnings" $? "err=$err"
# a batch into a disk that fills midway: outputs are committed (fsynced,
# renamed) on their own thread while the next document renders, and each
# directory flushed once; still, every output there is complete and
# recorded, the others fail with the disk's message and leave nothing, and
# once there is room a rerun renders exactly the missing ones
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/fullb" && mount -t tmpfs -o size=192k tmpfs "$tmp/fullb" 2>/dev/null; then
    head -c 90000 /dev/zero >"$tmp/fullb/filler"
    build -j 1 --font="$FONT" -o "$tmp/fullb" "${docs[@]}"
    ok=0; have=0
    for i in 1 2 3 4 5; do
        f=$tmp/fullb/d$i.pdf
        [ -e "$f" ] || continue
        have=$((have + 1))
        cmp -s "$f" "$tmp/single$i.pdf" || ok=1
        grep -q "^d$i.pdf	" "$tmp/fullb/.mujaz-deps" || ok=1
    done
    [ "$(grep -c '\.pdf	' "$tmp/fullb/.mujaz-deps" 2>/dev/null || echo 0)" -eq $have ] || ok=1
    ls -a "$tmp/fullb" | grep -q '^\.mujaz-[0-9]' && ok=1
    [ $rc -eq 4 ] && [ $have -ge 1 ] && [ $have -lt 5 ] && [ $ok -eq 0 ] &&
        printf '%s' "$err" | grep -q 'No space left on device'
    check "a disk that fills midway: $have of 5 outputs, each complete and recorded, the rest exit 4 and leave nothing" $? \
        "rc=$rc have=$have ok=$ok err=$err"
    rm -f "$tmp/fullb/filler"
    build -j 1 --font="$FONT" -o "$tmp/fullb" "${docs[@]}"
    same=0
    for i in 1 2 3 4 5; do cmp -s "$tmp/fullb/d$i.pdf" "$tmp/single$i.pdf" || same=1; done
    [ $rc -eq 0 ] && [ $same -eq 0 ] &&
        printf '%s' "$err" | grep -q "^mujaz build: 5 documents: $((5 - have)) rendered, $have up to date, 0 failed$"
    check "then a rerun renders exactly the $((5 - have)) missing" $? "rc=$rc err=$err"
    umount "$tmp/fullb"
else
    echo "# batch: the filling-disk case skipped: it needs root to mount a small tmpfs"
fi
exit 0
