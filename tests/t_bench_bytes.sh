#!/usr/bin/env bash
# t_bench_bytes.sh - speed work must not change a byte: small versions of the
# benchmark inputs (bench/gen.py --small: the seed once, plain and kashida,
# and ~8 000 characters of dictionary words that the word cache mostly meets
# once) render under SOURCE_DATE_EPOCH to the SHA-256 in
# tests/golden/bench.sha256.  A deliberate output change (layout, fonts, PDF
# structure) updates them: MZ_UPDATE_GOLDEN=1 bash tests/t_bench_bytes.sh.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
G=tests/golden/bench.sha256
if [ ! -x "$BIN" ]; then echo "FAIL t_bench_bytes: $BIN not built"; exit 0; fi
if [ ! -r /usr/share/hunspell/ar.dic ] && [ -z "${BENCH_DICT:-}" ]; then
    echo "FAIL t_bench_bytes: /usr/share/hunspell/ar.dic missing (Debian package hunspell-ar; make test-deps)"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
python3 bench/gen.py --small tests/data/seed.txt "$tmp" >"$tmp/cases" || { echo "FAIL t_bench_bytes: gen.py failed"; exit 0; }
: >"$tmp/sums"
while read -r name _; do
    if ! "$BIN" -q "$tmp/$name.md" -o "$tmp/$name.pdf" 2>"$tmp/err"; then
        echo "FAIL t_bench_bytes_$name: render failed: $(head -c 300 "$tmp/err")"; continue
    fi
    echo "$(sha256sum <"$tmp/$name.pdf" | cut -d' ' -f1)  $name" >>"$tmp/sums"
    # the word cache is exact: rendering without it gives the same bytes
    "$BIN" -q --no-word-cache "$tmp/$name.md" -o "$tmp/$name.nc.pdf" 2>/dev/null
    if cmp -s "$tmp/$name.pdf" "$tmp/$name.nc.pdf"; then echo "PASS t_bench_bytes_${name}_no_word_cache_same"
    else echo "FAIL t_bench_bytes_${name}_no_word_cache_same: --no-word-cache changes the PDF"; fi
done <"$tmp/cases"
if [ "${MZ_UPDATE_GOLDEN:-}" = 1 ]; then cp "$tmp/sums" "$G"; echo "PASS t_bench_bytes (updated $G)"; exit 0; fi
if [ ! -f "$G" ]; then echo "FAIL t_bench_bytes: no $G (run with MZ_UPDATE_GOLDEN=1)"; exit 0; fi
while read -r sum name; do
    want=$(awk -v n="$name" '$2 == n {print $1}' "$G")
    if [ -z "$want" ]; then echo "FAIL t_bench_bytes_$name: not in $G (run with MZ_UPDATE_GOLDEN=1)"
    elif [ "$sum" = "$want" ]; then echo "PASS t_bench_bytes_$name: PDF byte-identical"
    else echo "FAIL t_bench_bytes_$name: the PDF changed (sha256 $sum, $G has $want); if deliberate: MZ_UPDATE_GOLDEN=1 bash $0"; fi
done <"$tmp/sums"
