#!/usr/bin/env bash
# t_schedule.sh - `mujaz build` as cron and CI pipelines run it: silent on
# success with -q, a JSON report that validates against doc/report.schema.json,
# messages in input order whatever -j, an empty manifest, builds running at
# once into one directory, a build killed midway, and --prune.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
if [ ! -x "$MZ_BIN" ]; then echo "FAIL schedule: $MZ_BIN not built"; exit 1; fi
command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "FAIL schedule: python3-jsonschema is missing (make test-deps installs it)"; exit 1; }
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { # name, condition-status, message
    if [ "$2" -eq 0 ]; then echo "PASS schedule: $1"; else echo "FAIL schedule: $1: $3"; fi
}
build() { "$MZ_BIN" build "$@" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?; out=$(cat "$tmp/stdout"); err=$(cat "$tmp/stderr"); }
valid() { /usr/bin/python3 "$MZ_ROOT/tests/report_check.py" "$MZ_ROOT/doc/report.schema.json" "$1"; }

mkdir -p "$tmp/docs"
mapfile -t seed <"$MZ_ROOT/tests/data/seed.txt"
for i in $(seq 1 16); do
    printf -- '---\ntitle: تقرير %d\n---\n\n## القسم %d\n\n%s\n' "$i" "$i" "${seed[$((i % ${#seed[@]}))]}" >"$tmp/docs/r$i.md"
done
# three documents with a warning each (invalid UTF-8 on a known line)
for i in 3 7 11; do printf '\n\nنص \xff فاسد\n' >>"$tmp/docs/r$i.md"; done
docs=()
for i in $(seq 1 16); do docs+=("$tmp/docs/r$i.md"); done

# 1. cron: -q prints nothing on success, and the failure when there is one
build -q -j 2 -o "$tmp/q" "${docs[@]}"
[ $rc -eq 0 ] && [ -z "$out" ] && [ -z "$err" ] && [ "$(ls "$tmp/q"/*.pdf | wc -l)" -eq 16 ]
check "-q: 16 documents, nothing on stdout or stderr" $? "rc=$rc out=$out err=$err"
build -q -o "$tmp/q" "${docs[0]}" "$tmp/docs/missing.md"
[ $rc -eq 1 ] && printf '%s' "$err" | grep -q 'missing.md: cannot open' && printf '%s' "$err" | grep -q '1 failed'
check "-q: a failure is still printed, with the summary, exit 1" $? "rc=$rc err=$err"

# 2. the JSON report
build -j 2 --force -o "$tmp/r" --report="$tmp/report.json" "${docs[@]}" "$tmp/docs/missing.md"
v=$(valid "$tmp/report.json")
check "--report validates against doc/report.schema.json" $? "$v"
/usr/bin/python3 - "$tmp/report.json" "$tmp/r" >"$tmp/py" 2>&1 <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
jobs = r["jobs"]
assert r["documents"] == 17 and r["rendered"] == 16 and r["failed"] == 1 and r["code"] == 1, r
assert [os.path.basename(j["input"]) for j in jobs] == [f"r{i}.md" for i in range(1, 17)] + ["missing.md"]
for j in jobs[:16]:
    assert j["state"] == "rendered" and j["pages"] >= 1, j
    assert j["bytes"] == os.path.getsize(j["output"]), j
warned = [os.path.basename(j["input"]) for j in jobs if j["warnings"]]
assert warned == ["r3.md", "r7.md", "r11.md"], warned
w = jobs[2]["warnings"][0]
assert w["file"].endswith("r3.md") and w["line"] == 10 and "UTF-8" in w["message"], w
assert jobs[16]["state"] == "failed" and jobs[16]["code"] == 1 and "cannot open" in jobs[16]["error"], jobs[16]
PY
check "the report: every document in order, pages, bytes = file size, warnings with file:line, the failure" $? "$(tail -3 "$tmp/py")"
build -q --report=- -o "$tmp/r" "${docs[0]}"
printf '%s' "$out" >"$tmp/stdout.json"; v=$(valid "$tmp/stdout.json")
[ $rc -eq 0 ] && [ -z "$err" ] && grep -q '"up_to_date": 1' "$tmp/stdout.json"
check "--report=- writes the report on stdout, valid, and -q nothing else" $? "rc=$rc $v err=$err"

# 3. the same messages in the same order whatever -j
for j in 1 4 4 4; do
    build --force -j $j -o "$tmp/o$j" "${docs[@]}"
    printf '%s\n' "$err" | grep -v '^mujaz build:' >"$tmp/msgs.$j.$RANDOM"
done
n=$(cat "$tmp"/msgs.* | grep -c warning)
u=$(md5sum "$tmp"/msgs.* | awk '{print $1}' | sort -u | wc -l)
order=$(grep -o 'r[0-9]*\.md' "$tmp"/msgs.1.* | tr '\n' ' ')
[ "$u" -eq 1 ] && [ "$n" -eq 12 ] && [ "$order" = "r3.md r7.md r11.md " ]
check "warnings in input order, identical with -j 1 and three runs of -j 4" $? "$u variants, $n warnings, order: $order"

# 4. an empty manifest builds nothing, successfully
: >"$tmp/empty.txt"
build --manifest="$tmp/empty.txt" -o "$tmp/e" --report="$tmp/e.json"
[ $rc -eq 0 ] && grep -q '"documents": 0' "$tmp/e.json" && valid "$tmp/e.json" >/dev/null
check "an empty manifest: 0 documents, exit 0, a valid report" $? "rc=$rc err=$err"

# 5. two builds at once into one directory keep every entry of .mujaz-deps
for round in 1 2 3; do
    rm -rf "$tmp/c"
    "$MZ_BIN" build -q -o "$tmp/c" "${docs[@]:0:8}" & p1=$!
    "$MZ_BIN" build -q -o "$tmp/c" "${docs[@]:8:8}" & p2=$!
    wait $p1; r1=$?; wait $p2; r2=$?
    entries=$(grep -vc '^#' "$tmp/c/.mujaz-deps")
    build -o "$tmp/c" "${docs[@]}"
    [ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ "$entries" -eq 16 ] && printf '%s' "$err" | grep -q '0 rendered, 16 up to date' || break
done
check "two builds at once into one directory: all 16 entries kept, a rerun renders nothing (3 rounds)" $? \
    "round $round: rc $r1 $r2, $entries entries, then: $err"

# 6. a build killed at random points: the rerun renders what is missing, the same bytes
build -o "$tmp/ref" "${docs[@]}"
for kill_after in 0.05 0.15 0.3; do
    rm -rf "$tmp/k"
    "$MZ_BIN" build -q -j 2 -o "$tmp/k" "${docs[@]}" & pk=$!
    sleep $kill_after; kill -KILL $pk 2>/dev/null; wait $pk 2>/dev/null
    build -j 2 -o "$tmp/k" "${docs[@]}"
    r=$rc
    same=1
    for i in $(seq 1 16); do cmp -s "$tmp/ref/r$i.pdf" "$tmp/k/r$i.pdf" || same=0; done
    build -o "$tmp/k" "${docs[@]}"
    stray=$(ls -A "$tmp/k" | grep -c '^\.mujaz-[^dl]' || true)
    [ $r -eq 0 ] && [ $same -eq 1 ] && printf '%s' "$err" | grep -q '0 rendered, 16 up to date' && [ "$stray" -eq 0 ] || break
done
check "killed (SIGKILL) midway, then rerun: all 16 PDFs as a clean build, then nothing to do" $? \
    "after ${kill_after}s: rc=$r same=$same stray=$stray, then: $err"

# 7. --prune removes the outputs of deleted inputs, and nothing it did not record
build -o "$tmp/p" "${docs[@]:0:4}"
printf 'not ours\n' >"$tmp/p/notes.pdf"
mv "$tmp/docs/r2.md" "$tmp/r2.md.away"
build --prune -o "$tmp/p" "${docs[0]}"
[ $rc -eq 0 ] && [ ! -e "$tmp/p/r2.pdf" ] && [ -e "$tmp/p/r3.pdf" ] && [ -e "$tmp/p/notes.pdf" ] &&
    printf '%s' "$err" | grep -q "removed $tmp/p/r2.pdf" && ! grep -q 'r2.pdf' "$tmp/p/.mujaz-deps" &&
    printf '%s' "$err" | grep -q '1 pruned'
check "--prune: the output of a deleted input goes (reported, out of .mujaz-deps), others stay" $? "rc=$rc err=$err"
mv "$tmp/r2.md.away" "$tmp/docs/r2.md"

# 8. four shards at once into one directory = one full build
rm -rf "$tmp/s"
pids=()
for i in 0 1 2 3; do "$MZ_BIN" build -q -j 2 --shard=$i/4 -o "$tmp/s" --report="$tmp/shard$i.json" "${docs[@]}" & pids+=($!); done
src=0; for p in "${pids[@]}"; do wait $p || src=$?; done
same=1; for i in $(seq 1 16); do cmp -s "$tmp/ref/r$i.pdf" "$tmp/s/r$i.pdf" || same=0; done
/usr/bin/python3 - "$tmp"/shard?.json >"$tmp/py" 2>&1 <<'PY'
import json, sys
rendered = [j["input"] for f in sys.argv[1:] for j in json.load(open(f))["jobs"] if j["state"] == "rendered"]
assert len(rendered) == 16 and len(set(rendered)) == 16, sorted(rendered)
sizes = sorted(len(json.load(open(f))["jobs"]) for f in sys.argv[1:])
assert sizes[0] >= 1, sizes  # every shard had work for 16 documents over 4 shards
PY
pyok=$?
entries=$(grep -vc '^#' "$tmp/s/.mujaz-deps")
[ $src -eq 0 ] && [ $same -eq 1 ] && [ $pyok -eq 0 ] && [ "$entries" -eq 16 ]
check "4 shards at once, one directory: the full build's 16 PDFs byte for byte, each rendered once, 16 entries" $? \
    "rc=$src same=$same entries=$entries $(tail -2 "$tmp/py")"
build -o "$tmp/s" "${docs[@]}"
printf '%s' "$err" | grep -q '0 rendered, 16 up to date'
check "after the shards, a full build has nothing to do" $? "$err"
# a shard killed midway and run again renders its share, and only that
rm -rf "$tmp/s2"
"$MZ_BIN" build -q --shard=1/2 -o "$tmp/s2" "${docs[@]}" & pk=$!
"$MZ_BIN" build -q --shard=0/2 -o "$tmp/s2" "${docs[@]}"; r0=$?
kill -KILL $pk 2>/dev/null; wait $pk 2>/dev/null
build --shard=1/2 -o "$tmp/s2" --report="$tmp/again.json" "${docs[@]}"
r1=$rc
build -o "$tmp/s2" "${docs[@]}"
same=1; for i in $(seq 1 16); do cmp -s "$tmp/ref/r$i.pdf" "$tmp/s2/r$i.pdf" || same=0; done
[ $r0 -eq 0 ] && [ $r1 -eq 0 ] && [ $same -eq 1 ] && printf '%s' "$err" | grep -q '0 rendered, 16 up to date' &&
    ! grep -q '"state": "failed"' "$tmp/again.json"
check "a shard killed midway and rerun: its share rendered, then the whole build is up to date, same bytes" $? \
    "rc=$r0 $r1 same=$same: $err"
build --shard=2/2 "${docs[0]}"
[ $rc -eq 2 ]
check "--shard=2/2 is a usage error" $? "rc=$rc"
SLURM_ARRAY_TASK_ID=1 build -q --shard-count=4 -o "$tmp/s3" --report="$tmp/slurm.json" "${docs[@]}"
[ $rc -eq 0 ] && cmp -s <(grep -o '"input": "[^"]*"' "$tmp/slurm.json") <(grep -o '"input": "[^"]*"' "$tmp/shard1.json")
check "--shard-count=4 with SLURM_ARRAY_TASK_ID=1 takes shard 1/4's documents" $? "rc=$rc err=$err"
exit 0
