#!/usr/bin/env bash
# bench/longpara.sh - the memory and time of ONE long paragraph (issue 13,
# item 7: linear time, at most ~20 bytes a character beyond its text).
#
#   bash bench/longpara.sh [N ...]      default N = 250000 1000000 4000000
#
# For each N, one paragraph of N characters (the seed's words drawn with a
# fixed pseudo-random seed, joined by single spaces, no newline: a .txt
# input, one paragraph per line) is rendered by build/mujaz; the table gives
# its peak resident set (/usr/bin/time's maximum RSS), that minus the peak
# of a one-line document of 1 000 characters (the libraries, fonts and
# caches every render has), per character, and the wall time per
# character.  A timing, never an assertion: run it on a quiet machine.
# Environment: MUJAZ=build/mujaz, SEED=tests/data/seed.txt, OUT=build/bench,
# ARGS="..." (extra mujaz options, e.g. --no-tags).
set -euo pipefail
cd "$(dirname "$0")/.."
MUJAZ=${MUJAZ:-build/mujaz}
SEED=${SEED:-tests/data/seed.txt}
OUT=${OUT:-build/bench}
ARGS=${ARGS:-}
[[ -x $MUJAZ ]] || { echo "longpara: $MUJAZ not built (make build)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "longpara: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }
mkdir -p "$OUT"
(( $# )) || set -- 250000 1000000 4000000

gen() { # gen N FILE: one paragraph of N characters of the seed's words
  python3 - "$1" "$SEED" >"$2" <<'EOF'
import random, sys
n, seed = int(sys.argv[1]), sys.argv[2]
words = open(seed, encoding='utf-8').read().split()
rng = random.Random(1)
out, total = [], 0
while total < n:
    w = words[rng.randrange(len(words))]
    out.append(w)
    total += len(w) + 1
sys.stdout.write(' '.join(out)[:n].rstrip() + '\n')
EOF
}

run() { # run FILE: "peak_kB seconds"
  local t
  t=$( { /usr/bin/time -f '%M %e' "$MUJAZ" -q $ARGS "$1" -o "${1%.txt}.pdf" >/dev/null; } 2>&1 | tail -1)
  echo "$t"
}

gen 1000 "$OUT/longpara_base.txt"
read -r base _ <<<"$(run "$OUT/longpara_base.txt")"
printf '%-9s | %9s | %10s | %6s | %11s\n' chars 'peak MiB' 'B/char' 'time s' 'us/char'
printf '%-9s | %9s | %10s | %6s | %11s\n' "1000 (base)" "$(awk -v k="$base" 'BEGIN{printf "%.1f", k/1024}')" - - -
for n in "$@"; do
  f="$OUT/longpara_$n.txt"
  gen "$n" "$f"
  read -r kb secs <<<"$(run "$f")"
  awk -v n="$n" -v k="$kb" -v b="$base" -v s="$secs" \
    'BEGIN{printf "%-9d | %9.1f | %10.1f | %6.2f | %11.2f\n", n, k/1024, (k-b)*1024/n, s, s*1e6/n}'
done
