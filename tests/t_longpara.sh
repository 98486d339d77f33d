#!/usr/bin/env bash
# t_longpara.sh - one long paragraph is set in bounded memory: 4 M
# characters of Arabic words (the seed's, no newline) render within an
# address space of 300 000 KiB.  Before the paragraph was composed, shaped,
# resolved and placed a window at a time it needed about 87 bytes a
# character (342 MiB resident) and failed there with exit 6; now it needs
# about 29 (118 MiB resident) and renders within half that limit
# (150 000 KiB), so the check has a margin of two and does not flake.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }

# AddressSanitizer reserves terabytes of shadow memory, so no address-space
# limit can hold it: under it, a paragraph of 200 000 characters (windows
# all the same) is rendered unlimited, for ASan to watch the windowed code
N=4000000
case $BIN in *asan*) N=200000 ;; esac
python3 - tests/data/seed.txt "$N" >"$tmp/long.txt" <<'PY'
import random, sys
words = open(sys.argv[1], encoding='utf-8').read().split()
n = int(sys.argv[2])
rng, out, total = random.Random(1), [], 0
while total < n:
    w = words[rng.randrange(len(words))]
    out.append(w)
    total += len(w) + 1
sys.stdout.write(' '.join(out)[:n].rstrip() + '\n')
PY
if [ "$N" = 200000 ]; then
    "$BIN" -q "$tmp/long.txt" -o "$tmp/long.pdf" 2>"$tmp/err"; rc=$?
    pages=$(pdfinfo "$tmp/long.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    [ $rc = 0 ] && [ "${pages:-0}" -gt 50 ]
    check "longpara: one paragraph of 200 000 characters, in windows, under AddressSanitizer (no address-space limit holds ASan)" $? \
        "rc=$rc pages=${pages:-none} $(head -c 300 "$tmp/err")"
    exit 0
fi
(ulimit -v 300000; "$BIN" -q "$tmp/long.txt" -o "$tmp/long.pdf" 2>"$tmp/err"); rc=$?
pages=$(pdfinfo "$tmp/long.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ $rc = 0 ] && [ "${pages:-0}" -gt 1000 ]
check "longpara: one paragraph of 4 M characters renders within 300 000 KiB of address space" $? \
    "rc=$rc pages=${pages:-none} $(head -c 300 "$tmp/err")"
