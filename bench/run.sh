#!/usr/bin/env bash
# bench/run.sh - `make bench`: times build/mujaz against the bidi+shaping floor.
#
# Environment:
#   BENCH_RUNS=5        timed runs per case (the median is reported; minimum 5)
#   BENCH_RUNS_BIG=5    timed runs for the x700 case
#   BENCH_CALLGRIND=1   0 skips the callgrind section
#   BENCH_CG_CASES="x1_auto x70_auto dict100k_auto dict100k_kashida"
#                       cases to run under callgrind (~40x slower there), each
#                       against the floor on the same text
#   BENCH_SAVE=1        also write the table to bench/results.md
#   SEED=...            the seed text (default tests/data/seed.txt, the
#                       briefing's source text)
# Everything generated goes to build/bench/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=build/bench
MUJAZ=build/mujaz
FLOOR=$OUT/floor
RUNS=${BENCH_RUNS:-5}
RUNS_BIG=${BENCH_RUNS_BIG:-5}
(( RUNS < 5 )) && RUNS=5
CG=${BENCH_CALLGRIND:-1}
CG_CASES=${BENCH_CG_CASES:-x1_auto x70_auto dict100k_auto dict100k_kashida}
FONT=fonts/Amiri-Regular.ttf
if [[ -z "${SEED:-}" ]]; then
  SEED=tests/data/seed.txt
fi
[[ -f $SEED ]] || { echo "bench: seed text $SEED not found (set SEED=...)" >&2; exit 1; }

TIME=/usr/bin/time
if ! [[ -x $TIME ]]; then
  echo "bench: /usr/bin/time is missing; installing the Debian package 'time'" >&2
  if [[ $(id -u) = 0 ]]; then SUDO=; else SUDO=sudo; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null ||
    { echo "bench: install the Debian package 'time' by hand" >&2; exit 1; }
fi
for tool in pdfinfo python3; do
  command -v $tool >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done

mkdir -p "$OUT"
[[ -x $MUJAZ ]] || make --no-print-directory build >&2

# ---- inputs and the floor ---------------------------------------------------
declare -A CHARS
while read -r name n; do CHARS[$name]=$n; done < <(python3 bench/gen.py "$SEED" "$OUT")

PKG="harfbuzz fribidi"
# shellcheck disable=SC2046
cc -O2 -std=c11 -Wall -Wextra $(pkg-config --cflags $PKG) bench/floor.c -o "$FLOOR" \
   $(pkg-config --libs $PKG)

# ---- timing -------------------------------------------------------------------
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.6f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# measure N CMD... -> sets M_MED (median wall s), M_CPU (median user+sys s) and
# M_RSS (peak RSS KiB, max over runs)
measure() {
  local n=$1; shift
  local ts=() cs=() rss=0 t0 t1 r
  "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; "$@" >&2 || true; exit 1; }  # warm-up
  for ((i = 0; i < n; i++)); do
    t0=$(now)
    $TIME -v -o "$OUT/time.txt" "$@" >/dev/null 2>&1
    t1=$(now)
    ts+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.6f", b-a}')")
    r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
    (( r > rss )) && rss=$r
    cs+=("$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$OUT/time.txt")")
  done
  M_MED=$(printf '%s\n' "${ts[@]}" | median)
  M_CPU=$(printf '%s\n' "${cs[@]}" | median)
  M_RSS=$rss
}

declare -A FLOOR_T FLOOR_RSS FLOOR_CPU T RSS CPU PAGES
text_of() { case $1 in x1_*) echo x1_auto;; x70_*) echo x70_auto;; x700_*) echo x700_auto;; mix_*) echo mix_auto;;
  dict100k_*) echo dict100k_auto;; dict1m_*) echo dict1m_auto;; *) echo "$1";; esac; }

# *_nc: the same input with --no-word-cache (every run shaped whole), to show
# what the word cache buys on repetitive (x70) and non-repetitive (mix) text
# dict*: text whose vocabulary is not the seed's (hunspell-ar words, Zipf
# frequencies): the word cache meets most words once
CASES=(x1_auto x70_spaces x70_auto x70_kashida x700_auto mix_auto x70_auto_nc mix_auto_nc
       dict100k_auto dict100k_kashida dict1m_auto dict1m_kashida)
for c in "${CASES[@]}"; do
  n=$RUNS; [[ $c == x700_* || $c == dict1m_* ]] && n=$RUNS_BIG
  txt=$(text_of "$c")
  if [[ -z ${FLOOR_T[$txt]:-} ]]; then
    measure "$n" "$FLOOR" "$OUT/$txt.txt" "$FONT"
    FLOOR_T[$txt]=$M_MED; FLOOR_RSS[$txt]=$M_RSS; FLOOR_CPU[$txt]=$M_CPU
  fi
  echo "bench: $c ($n runs)" >&2
  extra=(); in=$c
  [[ $c == *_nc ]] && { extra=(--no-word-cache); in=${c%_nc}; }
  measure "$n" "$MUJAZ" -q "${extra[@]}" "$OUT/$in.md" -o "$OUT/$c.pdf"
  T[$c]=$M_MED; RSS[$c]=$M_RSS; CPU[$c]=$M_CPU
  PAGES[$c]=$(pdfinfo "$OUT/$c.pdf" | awk '/^Pages:/ {print $2}')
done

# ---- table --------------------------------------------------------------------
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
dirty=$(git status --porcelain src include 2>/dev/null | grep -q . && echo ' (src modified)' || true)

{
echo "mujaz benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $rev$dirty"
echo "machine: $(nproc) cores, $cpu, $mem RAM"
echo "runs per case: $RUNS (x700: $RUNS_BIG); times are wall-clock medians; RSS is the peak over the runs;"
echo "ratio = time / floor time; cpu r = the same with user+sys CPU seconds (steadier on a loaded machine)"
echo
printf '| %-16s | %9s | %5s | %8s | %10s | %7s | %8s | %8s | %9s | %6s | %6s |\n' \
  case chars pages 'time s' 'chars/s' 'pages/s' 'RSS MiB' 'floor s' 'floor MiB' ratio 'cpu r'
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' ------------------  ----------- ------- ---------- \
  ------------ --------- ---------- ---------- ----------- -------- --------
for c in "${CASES[@]}"; do
  txt=$(text_of "$c")
  awk -v c="$c" -v ch="${CHARS[$txt]}" -v pg="${PAGES[$c]}" -v t="${T[$c]}" -v r="${RSS[$c]}" \
      -v ft="${FLOOR_T[$txt]}" -v fr="${FLOOR_RSS[$txt]}" -v cc="${CPU[$c]}" -v fc="${FLOOR_CPU[$txt]}" 'BEGIN {
    cr = "-"
    if (fc > 0) cr = sprintf("%.2f", cc / fc)
    printf "| %-16s | %9d | %5d | %8.3f | %10.0f | %7.1f | %8.1f | %8.3f | %9.1f | %6.2f | %6s |\n",
      c, ch, pg, t, ch / t, pg / t, r / 1024, ft, fr / 1024, t / ft, cr }'
done
echo
echo "Targets (issue 7):"
check() { # label value op limit
  awk -v l="$1" -v v="$2" -v op="$3" -v lim="$4" 'BEGIN {
    ok = (op == "<=") ? (v <= lim) : (v >= lim);
    printf "  %-44s %8.2f  (target %s %s)  %s\n", l, v, op, lim, ok ? "PASS" : "FAIL" }'
}
check "x70 justify=spaces / floor" "$(awk -v a="${T[x70_spaces]}" -v b="${FLOOR_T[x70_auto]}" 'BEGIN{print a/b}')" "<=" 1.5
check "x70 justify=auto / floor" "$(awk -v a="${T[x70_auto]}" -v b="${FLOOR_T[x70_auto]}" 'BEGIN{print a/b}')" "<=" 2
check "x70 justify=kashida / floor" "$(awk -v a="${T[x70_kashida]}" -v b="${FLOOR_T[x70_auto]}" 'BEGIN{print a/b}')" "<=" 2
check "mix (no paragraph repeats) auto / floor" "$(awk -v a="${T[mix_auto]}" -v b="${FLOOR_T[mix_auto]}" 'BEGIN{print a/b}')" "<=" 2
check "x700 time / x70 time (auto; linear = 10)" "$(awk -v a="${T[x700_auto]}" -v b="${T[x70_auto]}" 'BEGIN{print a/b}')" "<=" 11
check "x700 peak RSS, MiB" "$(awk -v a="${RSS[x700_auto]}" 'BEGIN{print a/1024}')" "<=" 64
} | tee "$OUT/results.txt"

# ---- callgrind ------------------------------------------------------------------
declare -A CGIR
if [[ $CG != 0 ]] && command -v valgrind >/dev/null; then
  echo
  echo "Callgrind (instructions executed; repeatable, compare across commits):"
  cg_total() { awk '/^summary:|^totals:/ {print $2; exit}' "$1"; }
  declare -A FIR
  for c in $CG_CASES; do
    txt=$(text_of "$c")
    if [[ -z ${FIR[$txt]:-} ]]; then
      valgrind -q --tool=callgrind --callgrind-out-file="$OUT/callgrind.floor.$txt.out" \
        "$FLOOR" "$OUT/$txt.txt" "$FONT" >/dev/null
      FIR[$txt]=$(cg_total "$OUT/callgrind.floor.$txt.out")
      printf '  %-16s %15.0f Ir\n' "floor-$txt" "${FIR[$txt]}"
    fi
    # a count is of a whole render only if it wrote its PDF (src/cli/heap.c:
    # past valgrind's 8 MB brk heap, renders once stopped with exit 6)
    valgrind -q --tool=callgrind --callgrind-out-file="$OUT/callgrind.$c.out" \
      "$MUJAZ" -q "$OUT/$c.md" -o "$OUT/cg.pdf" >/dev/null 2>"$OUT/cg.err" || { cat "$OUT/cg.err" >&2; exit 1; }
    ir=$(cg_total "$OUT/callgrind.$c.out")
    awk -v c="$c" -v ir="$ir" -v f="${FIR[$txt]}" 'BEGIN { printf "  %-16s %15.0f Ir   %.2f x floor\n", c, ir, ir / f }'
    CGIR[$c]=$ir
  done
  echo
  echo "Targets (issue 19, instructions):"
  cg_check() { # label case|case/case limit: a case alone is against the floor on its text
    local num=${2%%/*} den=${2#*/} a b
    a=${CGIR[$num]:-}; [[ $den == "$2" ]] && b=${FIR[$(text_of "$num")]:-} || b=${CGIR[$den]:-}
    [[ -n $a && -n $b ]] || return 0
    awk -v l="$1" -v a="$a" -v b="$b" -v lim="$3" 'BEGIN {
      printf "  %-44s %8.3f  (target <= %s)  %s\n", l, a / b, lim, a / b <= lim ? "PASS" : "FAIL" }'
  }
  cg_check "dict100k auto / floor" dict100k_auto 1.0
  cg_check "dict100k kashida / floor" dict100k_kashida 1.0
  cg_check "x1 (the seed, 2 pages) auto / floor" x1_auto 1.5
  cg_check "dict100k kashida / dict100k auto" dict100k_kashida/dict100k_auto 1.05
  for c in $CG_CASES; do
    echo
    echo "Top 15 functions by self Ir, $c:"
    callgrind_annotate --threshold=100 "$OUT/callgrind.$c.out" 2>/dev/null |
      awk '/\([ 0-9.]+%\)/ && !/PROGRAM TOTALS/ && n < 15 {print "  " $0; n++}'
    echo "Top 15 mujaz functions by inclusive Ir, $c:"
    callgrind_annotate --inclusive=yes --threshold=100 "$OUT/callgrind.$c.out" 2>/dev/null |
      awk '/\([ 0-9.]+%\)/ && /src\// && /\[.*mujaz\]/ && !/PROGRAM TOTALS|below main/ && n < 15 {print "  " $0; n++}'
  done
  [[ -f $OUT/callgrind.x70_auto.out ]] && ln -sf callgrind.x70_auto.out "$OUT/callgrind.out"
fi | tee -a "$OUT/results.txt"

if [[ ${BENCH_SAVE:-0} = 1 ]]; then
  { echo '# Latest benchmark results'; echo; echo 'Written by `BENCH_SAVE=1 make bench`.'; echo;
    echo '```'; cat "$OUT/results.txt"; echo '```'; } > bench/results.md
fi

# Batch rendering (issue 8): 100 short briefings in one process against 100 processes.
if [[ ${BENCH_BATCH:-1} != 0 ]]; then
  echo
  BENCH_BATCH_RUNS=${BENCH_BATCH_RUNS:-3} bash bench/batch.sh | tee -a "$OUT/results.txt"
fi
