#!/usr/bin/env bash
# t_torture.sh - a sample of `make torture`: every 25th allocation (and the
# first and last 200) of a small render failed alone must end in exit 6 with
# the old output intact, or exit 0 with the same PDF.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
case $BIN in *asan*)
    # ASan must be the first library loaded; the shim would come before it
    echo "SKIP torture: not under AddressSanitizer (make torture runs the full set)"; exit 0 ;;
esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if ! cc -O2 -shared -fPIC -o "$tmp/failmalloc.so" tests/torture/failmalloc.c -ldl 2>"$tmp/err"; then
    echo "FAIL torture: cannot build the allocation shim: $(head -c 200 "$tmp/err")"; exit 1
fi
python3 tests/torture/torture.py "$tmp/failmalloc.so" "$BIN" --sample 25 tests/data/small.md | grep -v '^#'
