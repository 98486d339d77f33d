#!/usr/bin/env bash
# tests/lint.sh - `make lint`: cppcheck, then clang's static analyser
# (scan-build) over a build of the library.  Arguments: the compiler flags
# cppcheck needs (-I, -D, -std).  Prints PASS/FAIL lines and the runner's
# "N passed, N failed"; exits non-zero on any finding.
#
# cppcheck checks warning, performance and portability.  One style check
# is off: duplicateAssignExpression flags `lo = x, hi = x`, the start of
# every min/max scan.
set -u
cd "$(dirname "$0")/.."
pass=0 fail=0
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
report() { # name, log
    if [ -s "$2" ]; then echo "FAIL $1"; sed 's/^/    /' "$2" | head -60; fail=$((fail + 1))
    else echo "PASS $1"; pass=$((pass + 1)); fi
}
for tool in cppcheck scan-build clang; do
    command -v $tool >/dev/null || { echo "FAIL lint: $tool is missing (make lint-deps installs cppcheck clang clang-tools)"; exit 1; }
done
inc=()
# our own headers only: cppcheck reading the system's trips on their #error guards
for a in "$@"; do case $a in -Iinclude|-Isrc|-D*) inc+=("$a") ;; esac; done
cppcheck -q --std=c11 --enable=warning,performance,portability --inline-suppr \
    --suppress=missingIncludeSystem --suppress=duplicateAssignExpression \
    --template='{file}:{line}: {severity}: {message} [{id}]' \
    -D__GNUC__ "${inc[@]}" src 2>"$t/cppcheck" >"$t/cppcheck.out" ||
    { [ -s "$t/cppcheck" ] || cat "$t/cppcheck.out" >"$t/cppcheck"; }
report "cppcheck: no finding in src/" "$t/cppcheck"
# scan-build wraps the compiler of a fresh build of every library object
scan-build --status-bugs -o "$t/report" --use-cc=clang \
    make -s --no-print-directory BUILD="$t/build" CC=clang "$t/build/libmujaz.a" \
    >"$t/sb.out" 2>&1
rc=$?
grep -E 'warning: .*\[(core|unix|deadcode|security|cplusplus|nullability|alpha)\.' "$t/sb.out" | sort -u >"$t/sb"
[ "$rc" -ne 0 ] && [ ! -s "$t/sb" ] && tail -20 "$t/sb.out" >"$t/sb" # the build itself failed
report "clang static analyser: no finding in src/" "$t/sb"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
