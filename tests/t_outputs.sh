#!/usr/bin/env bash
# t_outputs.sh - an output is the complete new PDF or left as it was: a full
# disk, a temporary file swapped for a symlink, signals, a killed run's
# leftovers, outputs that are not regular files, the input given as the
# output, permissions and long names.  The full-disk case needs root (a small
# tmpfs); it is skipped with the reason otherwise.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }
seed=tests/data/seed.txt
leftovers() { ls -A "$1" | grep -c '^\.mujaz-'; }

# a full disk: the good PDF survives and mujaz says so (exit 4, the path, ENOSPC)
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/full" && mount -t tmpfs -o size=128k tmpfs "$tmp/full" 2>/dev/null; then
    SOURCE_DATE_EPOCH=1 "$BIN" "$seed" -o "$tmp/full/keep.pdf"
    cp "$tmp/full/keep.pdf" "$tmp/keep.orig"
    head -c 61440 /dev/zero >"$tmp/full/filler" 2>/dev/null
    SOURCE_DATE_EPOCH=2 "$BIN" "$seed" -o "$tmp/full/keep.pdf" 2>"$tmp/err"; rc=$?
    cmp -s "$tmp/full/keep.pdf" "$tmp/keep.orig"; same=$?
    [ $rc = 4 ] && [ $same = 0 ] && grep -q 'keep.pdf.*No space left on device' "$tmp/err" &&
        [ "$(leftovers "$tmp/full")" = 0 ]
    check "outputs: a full disk keeps the old PDF, exit 4 with the path and ENOSPC" $? \
        "rc=$rc same=$same $(head -c 200 "$tmp/err")"
    rm -f "$tmp/full/filler"
    head -c 100000 /dev/zero >"$tmp/full/filler" 2>/dev/null
    SOURCE_DATE_EPOCH=2 "$BIN" "$seed" -o "$tmp/full/new.pdf" 2>"$tmp/err"; rc=$?
    [ $rc = 4 ] && [ ! -e "$tmp/full/new.pdf" ] && [ "$(leftovers "$tmp/full")" = 0 ]
    check "outputs: a disk full early in the save: exit 4, no file" $? "rc=$rc $(head -c 200 "$tmp/err")"
    umount "$tmp/full"
else
    echo "# outputs: full-disk cases skipped: they need root to mount a small tmpfs"
fi

# the temporary file is never reopened by name: swapping it for a symlink
# while mujaz renders writes nothing through the link
mkdir "$tmp/shared"; chmod 777 "$tmp/shared"; printf 'VICTIM\n' >"$tmp/victim"
python3 -c "import sys; s=open('$seed').read(); open('$tmp/big.txt','w').write(s*700)"
"$BIN" "$tmp/big.txt" -o "$tmp/shared/out.pdf" 2>/dev/null & pid=$!
t=""; for k in $(seq 1 500); do t=$(ls -A "$tmp/shared" | grep '^\.mujaz-' | head -1); [ -n "$t" ] && break; sleep 0.01; done
[ -n "$t" ] && { rm -f "$tmp/shared/$t"; ln -s "$tmp/victim" "$tmp/shared/$t"; }
wait $pid
[ -n "$t" ] && [ "$(cat "$tmp/victim")" = VICTIM ]
check "outputs: a symlink swapped in for the temporary file is not written through" $? "temp=$t victim=$(head -c 8 "$tmp/victim")"

# signals: the temporary file goes, the status is the signal's
for s in TERM HUP; do
    mkdir -p "$tmp/sig$s"
    "$BIN" "$tmp/big.txt" -o "$tmp/sig$s/x.pdf" 2>/dev/null & pid=$!
    for k in $(seq 1 500); do [ "$(leftovers "$tmp/sig$s")" != 0 ] && break; sleep 0.01; done
    kill -$s $pid; wait $pid; rc=$?
    want=$((128 + $(kill -l $s)))
    [ $rc = $want ] && [ "$(leftovers "$tmp/sig$s")" = 0 ] && [ ! -e "$tmp/sig$s/x.pdf" ]
    check "outputs: SIG$s removes the temporary file, exit $want" $? "rc=$rc left=$(ls -A "$tmp/sig$s")"
done
# a run killed outright leaves its temporary file; the next run in that
# directory removes it once it is old and its process gone
mkdir "$tmp/kill"
"$BIN" "$tmp/big.txt" -o "$tmp/kill/x.pdf" 2>/dev/null & pid=$!
for k in $(seq 1 500); do [ "$(leftovers "$tmp/kill")" != 0 ] && break; sleep 0.01; done
kill -KILL $pid; wait $pid 2>/dev/null
n0=$(leftovers "$tmp/kill")
touch -d '2 hours ago' "$tmp/kill"/.mujaz-* 2>/dev/null
"$BIN" tests/data/small.md -o "$tmp/kill/y.pdf"
[ "$n0" = 1 ] && [ "$(leftovers "$tmp/kill")" = 0 ]
check "outputs: a SIGKILLed run's temporary file is removed by the next run" $? "before=$n0 after=$(leftovers "$tmp/kill")"

# standard output, devices, FIFOs: written into, never replaced
"$BIN" tests/data/small.md -o - >"$tmp/stdout.pdf"; rc=$?
[ $rc = 0 ] && [ "$(head -c 5 "$tmp/stdout.pdf")" = "%PDF-" ] && [ ! -e ./- ]
check "outputs: -o - writes the PDF to standard output" $? "rc=$rc"
"$BIN" tests/data/small.md -o /dev/stdout >"$tmp/devstdout.pdf"; rc=$?
[ $rc = 0 ] && [ -L /dev/stdout ] && [ "$(head -c 5 "$tmp/devstdout.pdf")" = "%PDF-" ]
check "outputs: -o /dev/stdout writes through it and leaves the link" $? "rc=$rc"
"$BIN" data/briefing.md -o - 2>"$tmp/err" | head -c 10 >/dev/null; rc=${PIPESTATUS[0]}
[ $rc = 4 ] && grep -q 'Broken pipe' "$tmp/err"
check "outputs: a reader that leaves: exit 4 with a message, not SIGPIPE" $? "rc=$rc $(head -c 200 "$tmp/err")"
mkfifo "$tmp/fifo"
timeout 20 "$BIN" tests/data/small.md -o "$tmp/fifo" 2>"$tmp/err"; rc=$?
[ $rc = 4 ] && grep -q 'no process reads' "$tmp/err" && [ -p "$tmp/fifo" ]
check "outputs: a FIFO with no reader: exit 4 at once, not a hang" $? "rc=$rc"
cat "$tmp/fifo" >"$tmp/fifo.out" & rd=$!
sleep 0.3
"$BIN" tests/data/small.md -o "$tmp/fifo"; rc=$?; wait $rd
[ $rc = 0 ] && [ -p "$tmp/fifo" ] && [ "$(head -c 5 "$tmp/fifo.out")" = "%PDF-" ]
check "outputs: a FIFO with a reader gets the PDF and stays a FIFO" $? "rc=$rc"

# the input is never overwritten, under its own name or another (hard link)
cp tests/data/small.md "$tmp/doc.md"; cp "$tmp/doc.md" "$tmp/doc.orig"; ln "$tmp/doc.md" "$tmp/link.md"
"$BIN" "$tmp/doc.md" -o "$tmp/doc.md" 2>"$tmp/err"; rc1=$?
"$BIN" "$tmp/doc.md" -o "$tmp/link.md" 2>>"$tmp/err"; rc2=$?
[ $rc1 = 2 ] && [ $rc2 = 2 ] && cmp -s "$tmp/doc.md" "$tmp/doc.orig"
check "outputs: the input as the output (or a hard link of it) is refused, exit 2" $? "rc=$rc1/$rc2"

# permissions of a replaced output are kept; a symlinked output replaces its target
"$BIN" tests/data/small.md -o "$tmp/mode.pdf"; chmod 0600 "$tmp/mode.pdf"
"$BIN" tests/data/small.md -o "$tmp/mode.pdf"
[ "$(stat -c %a "$tmp/mode.pdf")" = 600 ]
check "outputs: re-rendering keeps the output's mode" $? "mode $(stat -c %a "$tmp/mode.pdf")"
"$BIN" tests/data/small.md -o "$tmp/real.pdf"; ln -s real.pdf "$tmp/alias.pdf"
"$BIN" tests/data/small.md -o "$tmp/alias.pdf"; rc=$?
[ $rc = 0 ] && [ -L "$tmp/alias.pdf" ] && [ "$(head -c 5 "$tmp/real.pdf")" = "%PDF-" ]
check "outputs: a symlinked output stays a link; its target is replaced" $? "rc=$rc"

# names up to NAME_MAX
long=$(printf 'a%.0s' $(seq 1 251)).pdf
"$BIN" tests/data/small.md -o "$tmp/$long"; rc=$?
[ $rc = 0 ] && [ -f "$tmp/$long" ]
check "outputs: a 255-byte file name works" $? "rc=$rc"
