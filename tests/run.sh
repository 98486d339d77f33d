#!/usr/bin/env bash
# tests/run.sh - runs every C test program and shell test, counts the PASS and
# FAIL lines they print, and ends with "N passed, N failed".  A test program
# that crashes or exits non-zero without printing a FAIL counts as one failure.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
# the same results on a machine with no locale set (a container, a CI runner)
export LC_ALL=C.UTF-8
case $BUILD in /*) bdir=$BUILD ;; *) bdir=$PWD/$BUILD ;; esac
export BUILD MZ_BIN="$bdir/mujaz" MZ_ROOT="$PWD"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
pass=0 fail=0
run_one() { # name, command...
    local name=$1; shift
    local out="$log/$(basename "$name").out" rc
    "$@" >"$out" 2>"$out.err"; rc=$?
    local p f
    p=$(grep -c '^PASS ' "$out"); f=$(grep -c '^FAIL ' "$out")
    grep '^FAIL ' "$out"
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $name: exited with status $rc"; tail -5 "$out.err" | sed 's/^/    /'
        f=1
    fi
    printf '%-28s %4d passed, %d failed\n' "$name" "$p" "$f" >&2
    pass=$((pass + p)); fail=$((fail + f))
}
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "$(basename "$t")" ${MZ_VALGRIND:-} "$t"
done
for t in tests/t_*.sh; do
    [ -f "$t" ] || continue
    run_one "$(basename "$t" .sh)" bash "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
