#!/usr/bin/env bash
# tests/tsan.sh - `make tsan`: the thread test and a four-worker `mujaz build`
# built with ThreadSanitizer (halt_on_error: any report fails).  Prints
# PASS/FAIL lines and the runner's "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-tsan}
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1700000000
pass=0 fail=0
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
check() { # name, command...
    local name=$1; shift
    if "$@" >"$t/out" 2>&1; then echo "PASS $name"; pass=$((pass + 1))
    else echo "FAIL $name"; sed -n '1,40p' "$t/out" | sed 's/^/    /'; fail=$((fail + 1)); fi
}
check "test_threads under ThreadSanitizer" "$BUILD/tests/test_threads"
mkdir -p "$t/a" "$t/b"
for f in tests/data/small.md tests/data/linked.md tests/data/ligatures.md data/briefing.md tests/data/harakat.txt; do
    cp "$f" "$t/a/"; cp "$f" "$t/a/copy-$(basename "$f")"
done
cp data/emblem.png "$t/a/" # the briefing's logo, beside its copies
check "mujaz build -j 4 under ThreadSanitizer" "$BUILD/mujaz" build -q -j 4 -o "$t/b" "$t"/a/*.md "$t"/a/*.txt
check "the -j 4 batch wrote all ten PDFs" test "$(ls "$t/b"/*.pdf 2>/dev/null | wc -l)" -eq 10
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
