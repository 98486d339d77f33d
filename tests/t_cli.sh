#!/usr/bin/env bash
# t_cli.sh - the mujaz command line: help, version, exit codes, atomic
# output, standard input, and the --dump=lines contract on the seed text.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
SEED=$MZ_ROOT/tests/data/seed.txt
if [ ! -x "$MZ_BIN" ]; then echo "FAIL cli: $MZ_BIN not built"; exit 1; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # name, condition-status, message
    if [ "$2" -eq 0 ]; then echo "PASS cli: $1"; else echo "FAIL cli: $1: $3"; fails=$((fails + 1)); fi
}
run() { # runs mujaz, leaves rc, out, err
    "$MZ_BIN" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
}
printf 'السلام عليكم ورحمة الله وبركاته.\n' >"$tmp/in.txt"

# --help
run --help
[ $rc -eq 0 ] && grep -qi 'exit status' "$tmp/out" && grep -q '0 success' "$tmp/out" && grep -q '4 output' "$tmp/out"
check "--help exits 0 and lists the exit codes" $? "rc=$rc: $(head -c 200 "$tmp/out")"
run -h
[ $rc -eq 0 ] && grep -q 'usage' "$tmp/out"
check "-h prints the usage" $? "rc=$rc"

# --version
ver=$(sed -n 's/^#define MZ_VERSION "\(.*\)"/\1/p' "$MZ_ROOT/include/mujaz.h")
run --version
[ $rc -eq 0 ] && [ "$out" = "mujaz $ver" ]
check "--version prints 'mujaz $ver'" $? "rc=$rc out='$out'"

# usage errors: exit 2, a message on stderr, nothing on stdout
run --frobnicate "$tmp/in.txt"
[ $rc -eq 2 ] && [ -n "$err" ] && [ -z "$out" ] && printf '%s' "$err" | grep -q -- '--frobnicate'
check "unknown option exits 2 naming it" $? "rc=$rc err='$err'"
run
[ $rc -eq 2 ]
check "no input exits 2" $? "rc=$rc"
run --dump=everything "$tmp/in.txt"
[ $rc -eq 2 ]
check "bad --dump value exits 2" $? "rc=$rc"
run --font-size=abc "$tmp/in.txt"
[ $rc -eq 2 ]
check "bad --font-size exits 2" $? "rc=$rc"
run "$tmp/in.txt" "$tmp/in.txt"
[ $rc -eq 2 ]
check "two inputs exit 2" $? "rc=$rc"

# missing input: exit 1, the path in the message
run "$tmp/no-such-file.md" -o "$tmp/x.pdf"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "no-such-file.md" && [ ! -e "$tmp/x.pdf" ]
check "missing input exits 1 naming the path" $? "rc=$rc err='$err'"

# output into a missing directory: exit 4, nothing created
run "$tmp/in.txt" -o "$tmp/nodir/out.pdf"
[ $rc -eq 4 ] && [ ! -e "$tmp/nodir" ] && [ -n "$err" ]
check "output into a missing directory exits 4" $? "rc=$rc err='$err'"

# a failing build leaves the existing output alone
printf '%%PDF-1.4 existing file, must survive\n' >"$tmp/out.pdf"
before=$(cksum <"$tmp/out.pdf")
run "$tmp/in.txt" -o "$tmp/out.pdf" --font="$tmp/no-such-font.ttf"
after=$(cksum <"$tmp/out.pdf")
[ $rc -eq 3 ] && [ "$before" = "$after" ]
check "bad font exits 3 and keeps the existing output" $? "rc=$rc err='$err'"
left=$(find "$tmp" -maxdepth 1 -newer "$tmp/in.txt" ! -name out.pdf ! -name out ! -name err -type f | wc -l)
[ "$left" -eq 0 ]
check "no temporary file left behind after a failure" $? "$(ls -a "$tmp")"

# a successful build writes a PDF (needs the PDF writer)
run "$tmp/in.txt" -o "$tmp/ok.pdf"
[ $rc -eq 0 ] && [ "$(head -c 5 "$tmp/ok.pdf" 2>/dev/null)" = "%PDF-" ]
check "renders a .txt to PDF" $? "rc=$rc err='$err'"
# ... and replaces an existing output
cp "$tmp/out.pdf" "$tmp/old.pdf"
run "$tmp/in.txt" -o "$tmp/old.pdf"
[ $rc -eq 0 ] && [ "$(head -c 5 "$tmp/old.pdf")" = "%PDF-" ] && ! grep -q 'must survive' "$tmp/old.pdf"
check "replaces an existing output on success" $? "rc=$rc err='$err'"

# '-' reads standard input (Markdown)
"$MZ_BIN" - -o "$tmp/stdin.pdf" <"$tmp/in.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ "$(head -c 5 "$tmp/stdin.pdf" 2>/dev/null)" = "%PDF-" ]
check "'-' reads standard input" $? "rc=$rc err='$(cat "$tmp/err")'"
"$MZ_BIN" --dump=lines - <"$tmp/in.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q 'السلام عليكم' "$tmp/out"
check "'-' with --dump=lines" $? "rc=$rc err='$(cat "$tmp/err")'"
run - 
[ $rc -eq 2 ]
check "'-' without -o exits 2" $? "rc=$rc"

# invalid UTF-8: a warning with the byte offset; --strict makes it an error
printf 'abc\377def\n' >"$tmp/bad.txt"
run --dump=lines "$tmp/bad.txt"
[ $rc -eq 0 ] && printf '%s' "$err" | grep -q 'bad.txt' && printf '%s' "$err" | grep -q 'offset 3'
check "invalid UTF-8 warns with the file and byte offset" $? "rc=$rc err='$err'"
run --strict --dump=lines "$tmp/bad.txt"
[ $rc -eq 1 ]
check "--strict turns invalid UTF-8 into exit 1" $? "rc=$rc err='$err'"
run -q --dump=lines "$tmp/bad.txt"
[ $rc -eq 0 ] && [ -z "$err" ]
check "-q silences warnings" $? "rc=$rc err='$err'"

# --dump=lines of the seed: justified lines within the ratio limits, the
# last line of every paragraph marked 'last' and set ragged
if [ -f "$SEED" ]; then
    run --dump=lines "$SEED"
    [ $rc -eq 0 ]
    check "--dump=lines of the seed" $? "rc=$rc err='$err'"
    res=$(printf '%s\n' "$out" | awk '
        /^# paragraph/ { if (prev != "" && prev !~ /^line [0-9]+ last:/) bad_last++; prev = ""; paras++; next }
        /^line / {
            if (prev ~ /^line [0-9]+ last:/) early_last++
            prev = $0; lines++
            match($0, /ratio=-?[0-9.]+/); r = substr($0, RSTART + 6, RLENGTH - 6) + 0
            if ($0 ~ /^line [0-9]+ last:/) { if (r != 0) stretched_last++ }
            else if (r > 1.0005 || r < -1.0005) { bad_ratio++; if (!first) first = $0 }
        }
        END {
            if (prev != "" && prev !~ /^line [0-9]+ last:/) bad_last++
            printf "%d %d %d %d %d %d %s\n", paras, lines, bad_last + 0, early_last + 0, bad_ratio + 0, stretched_last + 0, substr(first, 1, 80)
        }')
    set -- $res
    [ "$1" -ge 20 ] && [ "$2" -ge "$1" ]
    check "seed dump has paragraphs and lines" $? "$res"
    [ "$3" -eq 0 ] && [ "$4" -eq 0 ]
    check "seed: exactly the last line of each paragraph says 'last'" $? "$3 paragraphs end without 'last', $4 'last' lines are not last"
    [ "$5" -eq 0 ]
    check "seed: every non-last line has |ratio| <= 1" $? "$5 lines out of range, first: ${*:7}"
    [ "$6" -eq 0 ]
    check "seed: last lines are not stretched (ratio 0)" $? "$6 last lines with a ratio"
else
    echo "FAIL cli: seed text $SEED missing"; fails=$((fails + 1))
fi
# SOURCE_DATE_EPOCH: reproducible dates; a malformed one is refused, the output untouched
mkdir -p "$tmp/sde"
printf 'OLD' >"$tmp/sde/keep.pdf"
SOURCE_DATE_EPOCH=yesterday run "$tmp/in.txt" -o "$tmp/sde/keep.pdf"
[ $rc -eq 2 ] && grep -q 'SOURCE_DATE_EPOCH "yesterday" is not a number' "$tmp/err" && [ "$(cat "$tmp/sde/keep.pdf")" = OLD ]
check "a malformed SOURCE_DATE_EPOCH is exit 2 with a message, the output untouched" $? "rc=$rc: $err"
SOURCE_DATE_EPOCH=86400 run "$tmp/in.txt" -o "$tmp/sde/d1.pdf"
SOURCE_DATE_EPOCH=86400 run "$tmp/in.txt" -o "$tmp/sde/d2.pdf"
# the Info dictionary is in a compressed object stream: read through qpdf
qpdf --qdf --object-streams=disable "$tmp/sde/d1.pdf" "$tmp/sde/q1.pdf" 2>/dev/null
cmp -s "$tmp/sde/d1.pdf" "$tmp/sde/d2.pdf" && grep -aq 'CreationDate (D:19700102000000' "$tmp/sde/q1.pdf"
check "SOURCE_DATE_EPOCH=86400 gives the same bytes twice, dated 2 January 1970" $? "$(grep -ao 'CreationDate ([^)]*)' "$tmp/sde/q1.pdf")"
[ "$fails" -eq 0 ]
