#!/usr/bin/env bash
# t_shaping.sh - mujaz's shaping (--dump=glyphs: glyphs, clusters, offsets and advances)
# against hb-shape with the same font, language (ar) and paragraph-end flags (--bot --eot).  The
# strings are in tests/data/shaping.txt, one per line.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
FONT=$MZ_ROOT/fonts/Amiri-Regular.ttf
LIST=$MZ_ROOT/tests/data/shaping.txt
if ! command -v hb-shape >/dev/null; then
    echo "FAIL shaping: hb-shape not installed (libharfbuzz-bin)"; exit 1
fi
if [ ! -x "$MZ_BIN" ]; then
    echo "FAIL shaping: $MZ_BIN not built"; exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fails=0
while IFS= read -r line || [ -n "$line" ]; do
    case $line in '#'*|'') continue ;; esac
    dir=rtl text=$line
    case $line in ltr$'\t'*) dir=ltr text=${line#ltr$'\t'} ;; esac
    n=$((n + 1))
    f=$tmp/s$n.txt
    printf '%s\n' "$text" >"$f"
    # glyphs, clusters, offsets and advances, in hb-shape's notation
    want=$(hb-shape --language=ar --bot --eot --direction="$dir" --no-glyph-names \
        "$FONT" --text-file="$f" 2>&1) # a file: arguments depend on the locale
    # only the paragraph itself: later "paragraphs" are page furniture (folio)
    out=$("$MZ_BIN" --dump=glyphs "$f" 2>"$tmp/err"); rc=$?
    out=$(printf '%s\n' "$out" | awk '/^# paragraph/ { n++; next } n == 1')
    runs=$(printf '%s\n' "$out" | grep -c .)
    got=$(printf '%s\n' "$out" | grep -v '^#' | sed -n 's/^[0-9]* [A-Za-z]* [^ ]* \(\[.*\]\)$/\1/p' | head -1)
    level=$(printf '%s\n' "$out" | grep -v '^#' | head -1 | cut -d' ' -f1)
    wantlevel=1; [ "$dir" = ltr ] && wantlevel=2
    if [ $rc -ne 0 ]; then
        echo "FAIL shaping \"$text\": mujaz exited $rc: $(head -1 "$tmp/err")"; fails=$((fails + 1))
    elif [ "$runs" -ne 1 ] || [ "$level" != "$wantlevel" ]; then
        echo "FAIL shaping \"$text\": expected one run at level $wantlevel, got: $(printf '%s' "$out" | grep -v '^#' | tr '\n' ';')"
        fails=$((fails + 1))
    elif [ "$got" != "$want" ]; then
        echo "FAIL shaping \"$text\": mujaz $got, hb-shape $want"; fails=$((fails + 1))
    else
        echo "PASS shaping \"$text\""
    fi
done <"$LIST"
if [ "$n" -ge 50 ]; then echo "PASS shaping: $n strings compared"; else echo "FAIL shaping: only $n strings"; fi
[ "$fails" -eq 0 ]
