#!/usr/bin/env bash
# t_fuzz_regress.sh - replays every fuzzer reproducer in fuzz/regress/
# through the CLI: each must end in a documented status (exit < 128, not 70
# "internal error"), without a sanitizer report or a hang, and without
# leaving a partial output.  Files named font-* are given as the font of a
# short Arabic document; every other file is the document itself (Markdown).
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
if [ ! -x "$MZ_BIN" ]; then echo "FAIL fuzz-regress: $MZ_BIN not built"; exit 1; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 n=0
# the fixed document of fuzz/fuzz_font.c
printf '# عنوان التقرير\n\nبسم الله الرحمن الرحيم، **السلامُ عليكم** ورحمة الله وبركاته. لا إله إلا الله ١٢٣ 2024 Latin text *مائل*.\n\n| العمود | القيمة |\n| --- | --- |\n| أ | ٤٥ |\n' >"$tmp/doc.md"
for f in "$MZ_ROOT"/fuzz/regress/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    name=$(basename "$f")
    rm -f "$tmp/out.pdf"
    case $name in
    font-*) timeout 120 ${MZ_VALGRIND:-} "$MZ_BIN" "$tmp/doc.md" --font="$f" --bold-font="$f" -o "$tmp/out.pdf" \
                >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$? ;;
    *) cp "$f" "$tmp/doc-$n.md"
       timeout 120 ${MZ_VALGRIND:-} "$MZ_BIN" "$tmp/doc-$n.md" -o "$tmp/out.pdf" \
                >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$? ;;
    esac
    msg=$(head -c 300 "$tmp/err" | tr '\n' '|')
    if [ $rc -ge 124 ] || [ $rc -eq 70 ] ||
        grep -q -e 'Sanitizer' -e 'runtime error:' -e 'Invalid read' -e 'Invalid write' \
            -e 'definitely lost: [1-9]' "$tmp/err"; then
        echo "FAIL fuzz-regress: $name: rc=$rc $msg"; fails=$((fails + 1))
    elif [ $rc -eq 0 ] && [ "$(head -c 5 "$tmp/out.pdf" 2>/dev/null)" != "%PDF-" ]; then
        echo "FAIL fuzz-regress: $name: exit 0 without a PDF"; fails=$((fails + 1))
    elif [ $rc -ne 0 ] && [ -e "$tmp/out.pdf" ]; then
        echo "FAIL fuzz-regress: $name: exit $rc but an output was written"; fails=$((fails + 1))
    elif [ $rc -ne 0 ] && [ -z "$msg" ]; then
        echo "FAIL fuzz-regress: $name: exit $rc without a message"; fails=$((fails + 1))
    else
        echo "PASS fuzz-regress: $name (exit $rc)"
    fi
done
[ "$n" -gt 0 ] || echo "PASS fuzz-regress: no reproducers in fuzz/regress (nothing to replay)"
[ "$fails" -eq 0 ]
