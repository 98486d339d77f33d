#!/usr/bin/env bash
# bench/batch.sh - one `mujaz build` process against one mujaz process per
# document: 100 short briefings (2-3 pages each, variations of the seed),
# sequential (-j 1 against a shell loop) and on two CPUs (-j 2 against
# xargs -P 2).  Prints the median wall time of BENCH_BATCH_RUNS runs (default 3)
# and the ratios.
#
# Environment: BENCH_BATCH_RUNS=3, BENCH_BATCH_DOCS=100, SEED=... (as bench/run.sh),
# MUJAZ=build/mujaz (the binary to time)
# Everything generated goes to build/bench/batch/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=build/bench/batch
MUJAZ=${MUJAZ:-$PWD/build/mujaz}
RUNS=${BENCH_BATCH_RUNS:-3}
NDOCS=${BENCH_BATCH_DOCS:-100}
if [[ -z "${SEED:-}" ]]; then
  SEED=tests/data/seed.txt
fi
[[ -f $SEED ]] || { echo "bench/batch: seed text $SEED not found (set SEED=...)" >&2; exit 1; }
[[ -x $MUJAZ ]] || make --no-print-directory build >&2
export SOURCE_DATE_EPOCH=1700000000 # same bytes from every run

# ---- 100 briefings: title, sections of the seed's paragraphs in a rotated
# order, a list and a timeline, so that no two documents are the same --------
rm -rf "$OUT"
mkdir -p "$OUT/docs" "$OUT/single" "$OUT/batch"
mapfile -t paras < <(grep -v '^[[:space:]]*$' "$SEED")
np=${#paras[@]}
for ((d = 1; d <= NDOCS; d++)); do
  {
    printf -- '---\ntitle: إحاطة رقم %d\nsubtitle: التعاون الشرطي الإقليمي\nauthor: ورقة إحاطة\ndate: %d\n---\n\n' \
      "$d" "$((2000 + d))"
    for ((s = 0; s < 3; s++)); do
      printf '## القسم %d\n\n' "$((s + 1))"
      for ((k = 0; k < np; k += 3)); do
        printf '%s\n\n' "${paras[$(((d + s + k) % np))]}"
      done
      printf -- '- البند الأول من القسم %d\n- البند **الثاني**\n\n' "$((s + 1))"
    done
    printf '```timeline\n%d | التأسيس\n%d | الحوار\n```\n' "$((1950 + d))" "$((2000 + d % 20))"
  } >"$OUT/docs/b$(printf %03d "$d").md"
done
docs=("$OUT"/docs/*.md)
"$MUJAZ" -q "${docs[0]}" -o "$OUT/probe.pdf"
pages=$(pdfinfo "$OUT/probe.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')

# ---- timing --------------------------------------------------------------------
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.6f\n", (a[NR/2]+a[NR/2+1])/2}'; }
time_runs() { # CMD... -> median wall seconds of RUNS runs
  local t0 t1
  for ((r = 0; r < RUNS; r++)); do
    t0=$(now)
    "$@" >/dev/null 2>&1 || { echo "bench/batch: failed: $*" >&2; exit 1; }
    t1=$(now)
    echo "$t1 - $t0" | bc -l
  done | median
}
single_seq() { for f in "${docs[@]}"; do "$MUJAZ" -q "$f" -o "$OUT/single/$(basename "${f%.md}").pdf"; done; }
single_par() { printf '%s\n' "${docs[@]}" | xargs -P 2 -I{} sh -c 'b=$(basename "$1" .md); "$2" -q "$1" -o "$3/$b.pdf"' _ {} "$MUJAZ" "$OUT/single"; }
batch() { "$MUJAZ" build -q --force -j "$1" -o "$OUT/batch" "${docs[@]}"; }

command -v bc >/dev/null || { echo "bench/batch: bc is required" >&2; exit 1; }
s1=$(time_runs single_seq)
b1=$(time_runs batch 1)
s2=$(time_runs single_par)
b2=$(time_runs batch 2)
noop=$(time_runs "$MUJAZ" build -q -j 1 -o "$OUT/batch" "${docs[@]}") # everything up to date

# the batch writes the very bytes the single processes do
same=yes
for f in "$OUT"/single/*.pdf; do cmp -s "$f" "$OUT/batch/$(basename "$f")" || same=no; done

# ---- varied briefings: the briefings above all draw on the seed's paragraphs,
# so their regular glyph sets coincide and a batch subsets that face once.
# These draw on recombined sentences (bench/gen.py's mix), nine different
# paragraphs each, so font programs are rarely shared: the general case.
mkdir -p "$OUT/gen" "$OUT/vdocs"
python3 bench/gen.py "$SEED" "$OUT/gen" >/dev/null
mapfile -t mix < <(grep -v '^[[:space:]]*$' "$OUT/gen/mix_auto.txt")
nm=${#mix[@]}
for ((d = 1; d <= NDOCS; d++)); do
  {
    printf -- '---\ntitle: إحاطة رقم %d\n---\n\n' "$d"
    for ((k = 0; k < 9; k++)); do
      (( k % 3 == 0 )) && printf '## القسم %d\n\n' "$((k / 3 + 1))"
      printf '%s\n\n' "${mix[$(((d * 9 + k) % nm))]}"
    done
  } >"$OUT/vdocs/v$(printf %03d "$d").md"
done
vdocs=("$OUT"/vdocs/*.md)
vsingle_seq() { for f in "${vdocs[@]}"; do "$MUJAZ" -q "$f" -o "$OUT/single/$(basename "${f%.md}").pdf"; done; }
vbatch() { "$MUJAZ" build -q --force -j 1 -o "$OUT/batch" "${vdocs[@]}"; }
vs1=$(time_runs vsingle_seq)
vb1=$(time_runs vbatch)
vpages=$(pdfinfo "$OUT/batch/v001.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
vfonts=$(for f in "$OUT"/batch/v*.pdf; do pdffonts "$f" | awk 'NR > 2 && /Regular/ {print $1}'; done | sort -u | wc -l)
for f in "$OUT"/batch/v*.pdf; do cmp -s "$f" "$OUT/single/$(basename "$f")" || same=no; done

ratio() { echo "scale=2; $1 / $2" | bc -l; }
printf '%d briefings of %s pages, median of %d runs (wall seconds)\n' "$NDOCS" "$pages" "$RUNS"
printf '| case | separate processes | mujaz build | batch speed-up |\n| --- | --- | --- | --- |\n'
printf '| sequential (loop vs -j 1) | %.3f | %.3f | %sx |\n' "$s1" "$b1" "$(ratio "$s1" "$b1")"
printf '| two at a time (xargs -P 2 vs -j 2) | %.3f | %.3f | %sx |\n' "$s2" "$b2" "$(ratio "$s2" "$b2")"
printf '| varied briefings (%s pages, %d different regular subsets), loop vs -j 1 | %.3f | %.3f | %sx |\n' \
  "$vpages" "$vfonts" "$vs1" "$vb1" "$(ratio "$vs1" "$vb1")"
printf '| nothing to do (all up to date) | - | %.3f | - |\n' "$noop"
printf 'mujaz build -j 2 against -j 1: %sx faster (same run)\n' "$(ratio "$b1" "$b2")"
printf 'batch PDFs byte-identical to the single renders: %s\n' "$same"
