#!/usr/bin/env bash
# t_hostile.sh - hostile inputs (issue 6): every one must end in a documented
# exit status with a message naming the input (file:line for documents, the
# font file and the reason for fonts, the path and the errno text for
# output), never a crash, a hang or a clobbered output.
#
# Big inputs are generated at test time in a temporary directory.  `timeout`
# is only a guard against hangs; no check asserts speed.  Under
# `make leakcheck` (MZ_VALGRIND set) the small cases run under valgrind; the
# big ones (megabytes of text) run natively, valgrind would take many minutes.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
FONT=$MZ_ROOT/fonts/Amiri-Regular.ttf
if [ ! -x "$MZ_BIN" ]; then echo "FAIL hostile: $MZ_BIN not built"; exit 1; fi
tmp=$(mktemp -d)
chmod 755 "$tmp" # the read-only-directory case runs mujaz as another user
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
check() { # name, condition-status, message
    if [ "$2" -eq 0 ]; then echo "PASS hostile: $1"; else
        echo "FAIL hostile: $1: $3"; fails=$((fails + 1)); fi
}
VG=${MZ_VALGRIND:-}
# run [--big] ARGS...: runs mujaz (stdin from /dev/null unless redirected by
# the caller), leaves rc, err (stderr) and out (stdout, clipped).
run() {
    local pre=$VG
    if [ "${1:-}" = --big ]; then pre=; shift; fi
    timeout 120 $pre "$MZ_BIN" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
    err=$(head -c 2000 "$tmp/err"); out=$(head -c 2000 "$tmp/out")
}
# no crash: exit < 128, not killed by the timeout guard, no sanitizer report
sane() {
    [ "$rc" -lt 124 ] && ! grep -q -e 'Sanitizer' -e 'runtime error:' -e 'Invalid read' \
        -e 'Invalid write' -e 'definitely lost: [1-9]' "$tmp/err"
}
is_pdf() { [ -f "$1" ] && [ "$(head -c 5 "$1")" = "%PDF-" ] && tail -c 1024 "$1" | grep -q '%%EOF'; }
# the message names FILE at a line: "FILE:LINE:" or "FILE:LINE:COL:"
names_line() { printf '%s' "$err" | grep -q -F -e "$1:$2:" ; }
sha() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }
# ok_or_limit PDF: success with a PDF, or the documented limit (5) with a
# message that names the input and the limit; nothing written on failure
ok_or_limit() {
    if [ "$rc" -eq 0 ]; then is_pdf "$1"
    elif [ "$rc" -eq 5 ]; then [ ! -e "$1" ] && printf '%s' "$err" | grep -q -i 'limit\|at most'
    else return 1; fi
}
desc() { printf 'rc=%s err=%s' "$rc" "$(printf '%s' "$err" | head -c 300 | tr '\n' '|')"; }

# ---- empty, whitespace, encodings --------------------------------------------
for ext in md txt; do
    : >"$tmp/empty.$ext"
    run "$tmp/empty.$ext" -o "$tmp/empty-$ext.pdf"
    sane && { { [ $rc -eq 0 ] && is_pdf "$tmp/empty-$ext.pdf"; } ||
              { [ $rc -eq 1 ] && [ ! -e "$tmp/empty-$ext.pdf" ] && printf '%s' "$err" | grep -q "empty.$ext"; }; }
    check "empty .$ext: a blank PDF or exit 1 naming the file" $? "$(desc)"
    printf '  \n\t\n\n   \r\n \n' >"$tmp/blank.$ext"
    run "$tmp/blank.$ext" -o "$tmp/blank-$ext.pdf"
    sane && { { [ $rc -eq 0 ] && is_pdf "$tmp/blank-$ext.pdf"; } ||
              { [ $rc -eq 1 ] && [ ! -e "$tmp/blank-$ext.pdf" ] && printf '%s' "$err" | grep -q "blank.$ext"; }; }
    check "whitespace-only .$ext: a blank PDF or exit 1 naming the file" $? "$(desc)"
done

printf 'نص \377\376 صحيح\nسطر \300\200 ثان \355\240\200\n' >"$tmp/badutf.md"
run "$tmp/badutf.md" -o "$tmp/badutf.pdf"
sane && [ $rc -eq 0 ] && is_pdf "$tmp/badutf.pdf" && printf '%s' "$err" | grep -q 'badutf.md' &&
    printf '%s' "$err" | grep -qi 'warning'
check "invalid UTF-8 (.md): a PDF and a warning naming the file" $? "$(desc)"
run --strict "$tmp/badutf.md" -o "$tmp/badutf-strict.pdf"
sane && [ $rc -eq 1 ] && [ ! -e "$tmp/badutf-strict.pdf" ] && printf '%s' "$err" | grep -q 'badutf.md'
check "invalid UTF-8 with --strict: exit 1, no output" $? "$(desc)"

printf 'سطر\000أول\nسطر ثان\000\000\n\000\n' >"$tmp/nul.txt"
run "$tmp/nul.txt" -o "$tmp/nul.pdf"
sane && [ $rc -eq 0 ] && is_pdf "$tmp/nul.pdf" && printf '%s' "$err" | grep -q 'nul.txt'
check "NUL bytes (.txt): a PDF and a warning naming the file" $? "$(desc)"
printf -- '---\ntitle: "a\000b"\n---\nنص\000نص\n' >"$tmp/nul.md"
run "$tmp/nul.md" -o "$tmp/nul-md.pdf"
sane && { [ $rc -eq 0 ] || { [ $rc -eq 1 ] && [ ! -e "$tmp/nul-md.pdf" ]; }; } &&
    printf '%s' "$err" | grep -q 'nul.md'
check "NUL bytes (.md, in front matter and body): handled, message names the file" $? "$(desc)"
run --strict "$tmp/nul.txt" -o "$tmp/nul-strict.pdf"
sane && [ $rc -eq 1 ] && [ ! -e "$tmp/nul-strict.pdf" ]
check "NUL bytes with --strict: exit 1, no output" $? "$(desc)"

# A BOM and CRLF line ends must change nothing: same dump as the plain file.
printf 'السلام عليكم ورحمة الله.\nفقرة ثانية.\n' >"$tmp/plain.txt"
printf '\357\273\277السلام عليكم ورحمة الله.\nفقرة ثانية.\n' >"$tmp/bom.txt"
printf 'السلام عليكم ورحمة الله.\r\nفقرة ثانية.\r\n' >"$tmp/crlf.txt"
printf -- '---\ntitle: عنوان\ntoc: false\n---\n# رأس\n\nفقرة **عريضة**.\n\n| أ | ب |\n| --- | --- |\n| ١ | ٢ |\n' >"$tmp/plain.md"
{ printf '\357\273\277'; cat "$tmp/plain.md"; } >"$tmp/bom.md"
sed 's/$/\r/' "$tmp/plain.md" >"$tmp/crlf.md"
{ printf '\357\273\277'; cat "$tmp/crlf.md"; } >"$tmp/bomcrlf.md"
for ext in txt md; do
    run --dump=lines "$tmp/plain.$ext"; ref=$(cat "$tmp/out"); refrc=$rc
    for v in bom crlf bomcrlf; do
        [ -f "$tmp/$v.$ext" ] || continue
        run --dump=lines "$tmp/$v.$ext"
        sane && [ $rc -eq 0 ] && [ $refrc -eq 0 ] && [ -n "$ref" ] && [ "$(cat "$tmp/out")" = "$ref" ] &&
            ! grep -q $'\r' "$tmp/out" && ! grep -q $'\xef\xbb\xbf' "$tmp/out"
        check "$v .$ext: same lines as the plain file (no stray BOM or CR)" $? "$(desc) out=$(head -c 200 "$tmp/out")"
    done
done

# ---- size and depth ------------------------------------------------------------
# 10 MB paragraph: one line of Arabic words, no line break
python3 - "$tmp" <<'EOF'
import sys
d = sys.argv[1]
w = "كلمة عربية طويلة ومعها أخرى "
n = 10 * 1024 * 1024
s = (w * (n // len(w.encode()) + 1)).encode()[:n]
s = s.decode('utf-8', 'ignore').encode()  # no character cut in half
open(d + "/para10m.txt", "wb").write(s + b"\n")
open(d + "/para100k.txt", "w").write("".join("فقرة رقم %d من النص.\n" % i for i in range(100000)))
depth = 10000
open(d + "/nest-list.md", "w").write("".join("  " * i + "- بند\n" for i in range(depth)))
open(d + "/nest-quote.md", "w").write(">" * depth + " اقتباس\n")
open(d + "/nest-quote-lines.md", "w").write("".join(">" * i + " سطر\n" for i in range(1, depth + 1)))
open(d + "/nest-mixed.md", "w").write("> 1. " * (depth // 2) + "نص\n")
cols = 1000
open(d + "/table1000.md", "w").write(
    "فقرة.\n\n|" + "|".join("ع%d" % i for i in range(cols)) + "|\n|" + "|".join("---" for _ in range(cols)) +
    "|\n|" + "|".join("س" for _ in range(cols)) + "|\n")
EOF
if [ -x /usr/bin/time ]; then TIMEV=(/usr/bin/time -v -o "$tmp/time"); else TIMEV=(); fi
t0=$(date +%s)
rm -f "$tmp/time"
timeout 120 "${TIMEV[@]}" "$MZ_BIN" "$tmp/para10m.txt" -o "$tmp/para10m.pdf" >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
err=$(head -c 2000 "$tmp/err")
secs=$(($(date +%s) - t0))
sane && ok_or_limit "$tmp/para10m.pdf"
check "10 MB paragraph: a PDF or the documented limit" $? "$(desc) after ${secs}s"
if [ -s "$tmp/time" ]; then
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time")
    echo "# 10 MB paragraph: exit $rc, peak RSS $((rss / 1024)) MiB, ${secs}s wall"
    # a guard against runaway memory, not a performance target
    [ "${rss:-0}" -gt 0 ] && [ "$rss" -lt $((4 * 1024 * 1024)) ]
    check "10 MB paragraph: peak memory stays under 4 GiB" $? "peak RSS ${rss} kB"
else
    echo "# 10 MB paragraph: exit $rc, ${secs}s wall (no /usr/bin/time: peak RSS not recorded)"
fi

t0=$(date +%s)
run --big "$tmp/para100k.txt" -o "$tmp/para100k.pdf"
sane && ok_or_limit "$tmp/para100k.pdf"
check "100 000 paragraphs: a PDF or the documented limit" $? "$(desc)"
echo "# 100 000 paragraphs: exit $rc, $(($(date +%s) - t0))s wall"

for n in nest-list nest-quote nest-quote-lines nest-mixed; do
    t0=$(date +%s)
    run --big "$tmp/$n.md" -o "$tmp/$n.pdf"
    sane && { ok_or_limit "$tmp/$n.pdf" && { [ $rc -eq 0 ] || printf '%s' "$err" | grep -q "$n.md:[0-9]"; }; }
    check "$n 10 000 deep: a PDF or a limit naming file:line" $? "$(desc)"
    echo "# $n 10 000 deep: exit $rc, $(($(date +%s) - t0))s wall"
done

run "$tmp/table1000.md" -o "$tmp/table1000.pdf"
sane && ok_or_limit "$tmp/table1000.pdf" && { [ $rc -eq 0 ] || { names_line table1000.md 3 && printf '%s' "$err" | grep -q 'column'; }; }
check "table with 1 000 columns: a PDF or a limit naming file:line and the columns" $? "$(desc)"

# ---- timelines with malformed years ----------------------------------------------
# each: label, the bad line; the fence opens on line 3, so the bad line is line 5
tl=1
while IFS='~' read -r label line; do
    printf 'مقدمة.\n\n```timeline\n1948 | النكبة\n%s\n2011 | الربيع\n```\n' "$line" >"$tmp/tl$tl.md"
    printf 'existing output\n' >"$tmp/tl$tl.pdf"; before=$(sha "$tmp/tl$tl.pdf")
    run "$tmp/tl$tl.md" -o "$tmp/tl$tl.pdf"
    sane && [ $rc -eq 1 ] && names_line "tl$tl.md" 5 && [ "$(sha "$tmp/tl$tl.pdf")" = "$before" ]
    check "timeline $label: exit 1 at file:5, existing output kept" $? "$(desc)"
    tl=$((tl + 1))
done <<'EOF'
year with letters~19a8 | حدث
five-digit year~12345 | حدث
year zero~0 | حدث
negative year~-500 | حدث
no year~ | حدث
no bar~1967 حدث
no label~1967 |
huge year~99999999999999999999 | حدث
EOF

# ---- front matter --------------------------------------------------------------
fm() { # name, expected rc, expected line, file content (printf format)
    local name=$1 want=$2 line=$3
    printf -- "$4" >"$tmp/$name.md"
    printf 'existing output\n' >"$tmp/$name.pdf"; local before; before=$(sha "$tmp/$name.pdf")
    run "$tmp/$name.md" -o "$tmp/$name.pdf"
    sane && [ $rc -eq "$want" ] && names_line "$name.md" "$line" && [ "$(sha "$tmp/$name.pdf")" = "$before" ]
    check "front matter $name: exit $want at file:$line, existing output kept" $? "$(desc)"
}
fm unterminated 1 1 '---\ntitle: عنوان\n\nنص بلا نهاية للمقدمة.\n'
fm unterminated-eof 1 1 '---'
fm tab-indent 1 3 '---\ntitle: عنوان\n\tauthor: أحد\n---\nنص\n'
fm tab-nested 1 3 '---\ntitle: >\n\t عنوان\n---\nنص\n'
fm type-list 1 2 '---\ntitle: [أ, ب]\n---\nنص\n'
fm type-map 1 3 '---\ndate: 2024\nauthor: {name: أحد}\n---\nنص\n'
fm type-number 1 2 '---\nfont_size: كبير\n---\nنص\n'
fm type-bool 1 3 '---\ntitle: ت\ntoc: ربما\n---\nنص\n'
fm type-toplevel-list 1 2 '---\n- أ\n- ب\n---\nنص\n'
fm type-scalar 1 2 '---\nمجرد نص\n---\nنص\n'
fm unknown-key 1 3 '---\ntitle: ت\ncolour: أحمر\n---\nنص\n'
fm duplicate 1 4 '---\ntitle: أ\nauthor: ب\ntitle: ج\n---\nنص\n'
fm duplicate-alias 1 3 '---\nauthor: أ\nissuer: ب\n---\nنص\n'
fm bad-yaml 1 3 '---\ntitle: "غير مغلق\n---\nنص\n'
fm anchor-bomb 1 2 '---\ntitle: &a [*a, *a]\n---\nنص\n'
# a 1 MB value: the documented 64 KiB limit (exit 5), or accepted
python3 -c "
import sys
open(sys.argv[1] + '/fm-1mb.md', 'w').write('---\ntitle: x\nsubtitle: ' + 'ب' * 524288 + '\n---\nنص\n')" "$tmp"
printf 'existing output\n' >"$tmp/fm-1mb.pdf"; before=$(sha "$tmp/fm-1mb.pdf")
run "$tmp/fm-1mb.md" -o "$tmp/fm-1mb.pdf"
sane && { { [ $rc -eq 5 ] && names_line fm-1mb.md 3 && printf '%s' "$err" | grep -q 'KiB\|limit' &&
            [ "$(sha "$tmp/fm-1mb.pdf")" = "$before" ]; } || { [ $rc -eq 0 ] && is_pdf "$tmp/fm-1mb.pdf"; }; }
check "front matter with a 1 MB value: the documented limit at file:line (or a PDF)" $? "$(desc)"

# ---- fonts -----------------------------------------------------------------------
printf 'السلام عليكم ورحمة الله، **وبركاته** ١٢٣.\n' >"$tmp/doc.md"
fontcase() { # label, font path, grep pattern for the reason
    printf 'existing output\n' >"$tmp/font.pdf"; local before; before=$(sha "$tmp/font.pdf")
    run "$tmp/doc.md" -o "$tmp/font.pdf" --font="$2"
    sane && [ $rc -eq 3 ] && printf '%s' "$err" | grep -q -F -- "$2" && printf '%s' "$err" | grep -q -i -e "$3" &&
        [ "$(sha "$tmp/font.pdf")" = "$before" ]
    check "font $1: exit 3 naming the font and the reason, existing output kept" $? "$(desc)"
}
fontcase "missing" "$tmp/no-such-font.ttf" 'no such file'
mkdir -p "$tmp/fontdir.ttf"
fontcase "that is a directory" "$tmp/fontdir.ttf" 'directory'
: >"$tmp/zero.ttf"
fontcase "of zero bytes" "$tmp/zero.ttf" 'font\|empty\|truncated'
size=$(wc -c <"$FONT")
head -c 100 "$FONT" >"$tmp/trunc-head.ttf"
fontcase "truncated in its table directory" "$tmp/trunc-head.ttf" 'font\|truncated\|damaged'
head -c $((size / 2)) "$FONT" >"$tmp/trunc-half.ttf"
fontcase "truncated at half its size" "$tmp/trunc-half.ttf" 'font\|truncated\|damaged'
# cut inside 'post': GDEF/GPOS/GSUB lie past the end, so Arabic would come
# out unjoined; a font whose tables run past the end of the file is damaged
head -c $((size * 71 / 100)) "$FONT" >"$tmp/trunc-tables.ttf"
fontcase "truncated inside its tables (GSUB lost)" "$tmp/trunc-tables.ttf" 'truncated\|damaged\|past the end\|beyond'
head -c 65536 /dev/urandom >"$tmp/random.ttf"
fontcase "of random bytes" "$tmp/random.ttf" 'font'
{ printf '\000\001\000\000\000\020\000\000\000\000\000\000'; head -c 4096 /dev/urandom; } >"$tmp/random-sfnt.ttf"
fontcase "with an sfnt header and random tables" "$tmp/random-sfnt.ttf" 'font'
# a valid font without Arabic: refused (exit 3) or used with a warning that
# names it; silently setting the text in some other face is not acceptable
noar=""
if command -v hb-subset >/dev/null && hb-subset "$FONT" --text="abcdef 0123" -o "$tmp/latin-only.ttf" 2>/dev/null; then
    noar=$tmp/latin-only.ttf
else
    for f in /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf; do
        [ -f "$f" ] && { noar=$f; break; }
    done
fi
if [ -n "$noar" ]; then
    run "$tmp/doc.md" -o "$tmp/noar.pdf" --font="$noar"
    sane && printf '%s' "$err" | grep -q -F -- "$noar" &&
        { { [ $rc -eq 3 ] && [ ! -e "$tmp/noar.pdf" ]; } || { [ $rc -eq 0 ] && is_pdf "$tmp/noar.pdf"; }; }
    check "a valid font without Arabic: exit 3, or a warning naming the font" $? "$(desc)"
else
    echo "# no Latin-only font to test with (hb-subset missing)"
fi

# ---- output ----------------------------------------------------------------------
printf 'السلام عليكم.\n' >"$tmp/in.txt"
run "$tmp/in.txt" -o "$tmp/missing-dir/out.pdf"
sane && [ $rc -eq 4 ] && [ ! -e "$tmp/missing-dir" ] && printf '%s' "$err" | grep -q 'missing-dir' &&
    printf '%s' "$err" | grep -q -i 'no such file'
check "output into a missing directory: exit 4, path and errno text" $? "$(desc)"

mkdir -p "$tmp/outdir"; printf 'keep\n' >"$tmp/outdir/keep"
run "$tmp/in.txt" -o "$tmp/outdir"
sane && [ $rc -eq 4 ] && [ -d "$tmp/outdir" ] && [ "$(ls -A "$tmp/outdir")" = keep ] &&
    printf '%s' "$err" | grep -q 'outdir' && printf '%s' "$err" | grep -q -i 'directory'
check "output onto an existing directory: exit 4, directory untouched" $? "$(desc)"
run "$tmp/in.txt" -o "$tmp/outdir/"
sane && [ $rc -eq 4 ] && [ "$(ls -A "$tmp/outdir")" = keep ]
check "output onto an existing directory given with a slash: exit 4" $? "$(desc)"

# read-only directory: needs a user the permissions apply to (root ignores them)
mkdir -p "$tmp/ro"; printf 'existing output\n' >"$tmp/ro/out.pdf"; chmod 555 "$tmp/ro"
before=$(sha "$tmp/ro/out.pdf")
asuser=()
if [ "$(id -u)" -eq 0 ]; then
    command -v setpriv >/dev/null && asuser=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
if [ "$(id -u)" -ne 0 ] || [ ${#asuser[@]} -gt 0 ]; then
    # the other user may not reach the checkout (a clone in a 0700
    # directory): give it its own copy of the binary and the fonts
    mkdir -p "$tmp/rofonts"; cp "$MZ_ROOT"/fonts/*.ttf "$tmp/rofonts/"; cp "$MZ_BIN" "$tmp/mujaz-ro"
    chmod -R a+rX "$tmp/rofonts" "$tmp/mujaz-ro" "$tmp/in.txt"
    timeout 120 "${asuser[@]}" $VG "$tmp/mujaz-ro" --font-dir="$tmp/rofonts" "$tmp/in.txt" -o "$tmp/ro/out.pdf" >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
    err=$(head -c 2000 "$tmp/err")
    sane && [ $rc -eq 4 ] && [ "$(sha "$tmp/ro/out.pdf")" = "$before" ] && [ "$(ls -A "$tmp/ro")" = out.pdf ] &&
        printf '%s' "$err" | grep -q -F "$tmp/ro" && printf '%s' "$err" | grep -q -i 'permission denied'
    check "output into a read-only directory: exit 4, path and errno text, existing output kept" $? "$(desc)"
else
    echo "# running as root without setpriv: read-only directory case not testable"
fi
chmod 755 "$tmp/ro"

# a FIFO at the output path must not be replaced by a regular file
mkfifo "$tmp/fifo.pdf"
cat "$tmp/fifo.pdf" >"$tmp/fifo.got" 2>/dev/null &
reader=$!
run "$tmp/in.txt" -o "$tmp/fifo.pdf"
# release the reader if mujaz never opened the FIFO (a writer with no reader
# would block, so only while the reader still waits, and never for long)
if kill -0 "$reader" 2>/dev/null; then timeout 2 sh -c ': >"$1"' _ "$tmp/fifo.pdf"; fi
kill "$reader" 2>/dev/null; wait "$reader" 2>/dev/null
sane && [ -p "$tmp/fifo.pdf" ] &&
    { { [ $rc -eq 4 ] && printf '%s' "$err" | grep -q 'fifo.pdf'; } || [ $rc -eq 0 ]; }
check "output onto a FIFO: not replaced by a regular file (exit 4, or written into it)" $? "$(desc) $(ls -l "$tmp/fifo.pdf")"
rm -f "$tmp/fifo.pdf"

# no temporary file left behind by any of the failures above
left=$(find "$tmp" -name '.*' -type f | head -5)
[ -z "$left" ]
check "no temporary output file left behind" $? "$left"

# ---- standard streams --------------------------------------------------------------
timeout 120 $VG "$MZ_BIN" - -o "$tmp/closed-stdin.pdf" <&- >"$tmp/out" 2>"$tmp/err"; rc=$?
err=$(head -c 2000 "$tmp/err")
sane && [ $rc -eq 1 ] && [ ! -e "$tmp/closed-stdin.pdf" ] && printf '%s' "$err" | grep -q -i 'stdin\|standard input\|^mujaz: -:'
check "closed stdin: exit 1 naming standard input, no output" $? "$(desc)"
timeout 120 $VG "$MZ_BIN" - -o "$tmp/null-stdin.pdf" </dev/null >"$tmp/out" 2>"$tmp/err"; rc=$?
err=$(head -c 2000 "$tmp/err")
sane && { { [ $rc -eq 0 ] && is_pdf "$tmp/null-stdin.pdf"; } || { [ $rc -eq 1 ] && [ ! -e "$tmp/null-stdin.pdf" ]; }; }
check "empty stdin: a blank PDF or exit 1" $? "$(desc)"
timeout 120 $VG "$MZ_BIN" --dump=lines "$tmp/in.txt" >&- 2>"$tmp/err"; rc=$?
err=$(head -c 2000 "$tmp/err")
sane && [ $rc -eq 4 ] && [ -n "$err" ]
check "--dump with stdout closed: exit 4 with a message" $? "$(desc)"
if [ -c /dev/full ]; then
    timeout 120 $VG "$MZ_BIN" --dump=lines "$tmp/in.txt" >/dev/full 2>"$tmp/err"; rc=$?
    err=$(head -c 2000 "$tmp/err")
    sane && [ $rc -eq 4 ] && [ -n "$err" ]
    check "--dump into a full device: exit 4 with a message" $? "$(desc)"
fi
mkdir -p "$tmp/indir.md"
run "$tmp/indir.md" -o "$tmp/indir.pdf"
sane && [ $rc -eq 1 ] && printf '%s' "$err" | grep -q 'indir.md' && [ ! -e "$tmp/indir.pdf" ]
check "input that is a directory: exit 1 naming it" $? "$(desc)"

# a letter with thousands of marks (one cluster of as many glyphs): no false
# "out of memory" (the text once took the cluster's length times its glyphs),
# and every mark in pdf.js's text
for nm in 300 100000; do
    python3 -c "import sys; sys.stdout.write('\u0628' + '\u064e' * $nm + ' \u0643\u0644\u0645\u0629\n')" >"$tmp/marks$nm.txt"
    run --big "$tmp/marks$nm.txt" -o "$tmp/marks$nm.pdf"
    got=-1
    if [ -d "$MZ_ROOT/tests/clients/node_modules/pdfjs-dist" ] && is_pdf "$tmp/marks$nm.pdf"; then
        got=$(node "$MZ_ROOT/tests/clients/extract.mjs" text pdfjs "$tmp/marks$nm.pdf" 2>/dev/null |
            python3 -c "import sys; print(sys.stdin.read().count('\u064e'))")
    fi
    sane && [ $rc -eq 0 ] && [ "$got" = "$nm" ]
    check "a letter with $nm marks: rendered, pdf.js reads all $nm" $? "$(desc) marks=$got"
done

# marks alone, tens of thousands in a row (fatha-tanwin, shadda, dagger alef):
# HarfBuzz's attachment offsets are 16-bit and its assertion aborted
python3 -c "import sys; sys.stdout.write('\u064b\u0651\u0670' * 33000 + '\n')" >"$tmp/marks-row.txt"
run --big "$tmp/marks-row.txt" -o "$tmp/marks-row.pdf"
sane && [ $rc -eq 0 ] && is_pdf "$tmp/marks-row.pdf"
check "99 000 marks in a row: rendered, no abort" $? "$(desc)"

# brackets by the hundred thousand between text of both directions: FriBidi
# sorts the pairs with a recursion as deep as their number, and 800 000
# overflowed the stack (SIGSEGV); past 8 192 brackets they go unpaired,
# with a warning; a few thousand are still paired, silently
python3 -c "import sys; sys.stdout.write('a ' + '(\u0628)' * 800000 + '\n')" >"$tmp/brackets.txt"
run --big "$tmp/brackets.txt" -o "$tmp/brackets.pdf"
sane && [ $rc -eq 0 ] && is_pdf "$tmp/brackets.pdf" && printf '%s' "$err" | grep -q 'more than 8 192 brackets'
check "800 000 bracket pairs in a two-direction paragraph: rendered, a warning, no crash" $? "$(desc)"
python3 -c "import sys; sys.stdout.write('a ' + '(\u0628)' * 4000 + '\n')" >"$tmp/brackets-few.txt"
run "$tmp/brackets-few.txt" -o "$tmp/brackets-few.pdf"
sane && [ $rc -eq 0 ] && is_pdf "$tmp/brackets-few.pdf" && ! printf '%s' "$err" | grep -q 'brackets'
check "4 000 bracket pairs: rendered, no warning (still paired)" $? "$(desc)"

[ "$fails" -eq 0 ]
