#!/usr/bin/env bash
# fuzz/run.sh - builds the libFuzzer targets and runs each for a bounded time.
#
#   bash fuzz/run.sh                 build, then run every target FUZZ_SECONDS (default 60)
#   FUZZ_SECONDS=300 bash fuzz/run.sh
#   FUZZ_TARGETS=font bash fuzz/run.sh   only some targets (markdown, linebreak,
#                                    layout, document, font)
#   FUZZ_JOBS=1 bash fuzz/run.sh     one target at a time (default: all in parallel
#                                    when the machine has a core per target)
#   bash fuzz/run.sh --build-only    just build build/fuzz/fuzz_*
#   FUZZ_KEEP_GOING=0 bash fuzz/run.sh   stop at the first crash (default: keep
#                                    fuzzing in libFuzzer's fork mode and collect
#                                    every crash, so one known bug does not end
#                                    the run)
#
# Targets, cheapest first: markdown (front matter + Markdown → document),
# linebreak (break opportunities over arbitrary 32-bit values), layout
# (plain text → itemize → shape → compose → pages, no PDF), document
# (Markdown → PDF in memory, all stages) and font (font bytes → load →
# shape → subset).  Options come from each input's first bytes.  Seeds come from fuzz/corpus/*
# and tests/data, copied into a writable work dir build/fuzz/corpus-<target>;
# the font seed is a small hb-subset of the shipped Amiri.  Crashes, leaks,
# timeouts (-timeout) and runaway memory (-rss_limit_mb) are written to
# build/fuzz/artifacts/<target>/; replay one with fuzz/replay.sh FILE.
# Exit status: 0 when no target found anything, 1 otherwise.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${FUZZ_OUT:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TARGETS=${FUZZ_TARGETS:-markdown linebreak layout document font}
CC=${FUZZ_CC:-clang}
build_only=0
[ "${1:-}" = "--build-only" ] && build_only=1

command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (libFuzzer needs clang)" >&2; exit 2; }
PKGS="harfbuzz harfbuzz-subset fribidi libunibreak freetype2 fontconfig libcmark-gfm yaml-0.1 libpng libdeflate"
PKG_CFLAGS=$(pkg-config --cflags $PKGS) || { echo "fuzz: pkg-config failed (make deps)" >&2; exit 2; }
PKG_LIBS="$(pkg-config --libs $PKGS) -lhpdf -lz -lm"
# the same language level, includes and font dir as the Makefile
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer \
 -fsanitize=address,undefined -fno-sanitize-recover=all -Iinclude -Isrc $PKG_CFLAGS \
 -DMZ_FONT_DIR=\"$ROOT/fonts\""

mkdir -p "$OUT/obj"
# library objects once (instrumented for coverage), then one link per target
objs=()
for src in src/*/*.c; do
    [ "${src#src/cli/}" != "$src" ] && continue
    obj="$OUT/obj/$(basename "$src" .c).o"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src include -name '*.h' -newer "$obj" 2>/dev/null | head -1)" ]; then
        $CC $CFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$obj" || { echo "fuzz: compiling $src failed" >&2; exit 2; }
    fi
    objs+=("$obj")
done
for t in $FUZZ_TARGETS; do
    $CC $CFLAGS -fsanitize=fuzzer "fuzz/fuzz_$t.c" "${objs[@]}" $PKG_LIBS -o "$OUT/fuzz_$t" ||
        { echo "fuzz: linking fuzz_$t failed" >&2; exit 2; }
done
[ "$build_only" -eq 1 ] && { echo "fuzz: built $(for t in $FUZZ_TARGETS; do printf '%s ' "$OUT/fuzz_$t"; done)"; exit 0; }

# seed corpora in writable work dirs (the committed seeds stay untouched)
seed() { # target
    local t=$1 dir="$OUT/corpus-$1"
    mkdir -p "$dir"
    cp -f fuzz/corpus/"$t"/* "$dir"/ 2>/dev/null
    case $t in
    markdown|layout)
        # an options byte (two for layout), then the test data, clipped
        local pre='\000'; [ "$t" = layout ] && pre='\000\006'
        for f in tests/data/*.txt tests/data/*.md data/*.md fuzz/regress/document-*; do
            [ -f "$f" ] && { printf "$pre"; head -c 8192 "$f"; } >"$dir/seed-$(basename "$f")"
        done ;;
    linebreak)
        python3 -c "
import sys
s = open('tests/data/latin-mix.txt', encoding='utf-8').read()[:2000] + '\U0001F1E6\U0001F1E8 \uffff\ufffe x'
sys.stdout.buffer.write(b'\0' + b''.join(ord(c).to_bytes(4, 'little') for c in s))" >"$dir/seed-mix" ;;
    document)
        # the test data, clipped: long seeds only slow the fuzzer down
        for f in tests/data/*.txt data/*.md fuzz/regress/document-*; do
            [ -f "$f" ] && { printf '\000'; head -c 8192 "$f"; } >"$dir/seed-$(basename "$f")"
        done ;;
    font)
        local text="بسم الله الرحمن الرحيم السلام عليكم لا إله إلا الله ١٢٣٤٥ 2024 Latin text عنوان التقرير العمود القيمة أ مائل"
        if command -v hb-subset >/dev/null; then
            hb-subset fonts/Amiri-Regular.ttf --text="$text" -o "$dir/seed-amiri-subset.ttf" 2>/dev/null ||
                cp fonts/Amiri-Regular.ttf "$dir/seed-amiri.ttf"
            hb-subset fonts/Amiri-Bold.ttf --text="لا الله" -o "$dir/seed-amiri-bold-tiny.ttf" 2>/dev/null
        else
            cp fonts/Amiri-Regular.ttf "$dir/seed-amiri.ttf"
        fi
        for f in fuzz/regress/font-*; do [ -f "$f" ] && cp "$f" "$dir/"; done ;;
    esac
}

pids=() names=()
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
run_target() { # target
    local t=$1 art="$OUT/artifacts/$1/" dict=()
    mkdir -p "$art"
    local dname=$t; [ "$t" = markdown ] && dname=document
    [ -f "fuzz/$dname.dict" ] && dict=(-dict="fuzz/$dname.dict")
    [ "${FUZZ_KEEP_GOING:-1}" = 1 ] && dict+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    seed "$t"
    echo "fuzz: running $t for ${FUZZ_SECONDS}s (log $OUT/$t.log)"
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$OUT/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=30 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$art" "${dict[@]}" \
        "$OUT/corpus-$t" >"$OUT/$t.log" 2>&1
}
status=0
for t in $FUZZ_TARGETS; do
    run_target "$t" &
    pids+=($!) names+=("$t")
    if [ "${#pids[@]}" -ge "$jobs" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
wait
for t in $FUZZ_TARGETS; do
    log="$OUT/$t.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    # fork mode: the last "#N: cov: ... exec/s: R ..." progress line
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    [ -n "$rate" ] || rate=$(sed -n 's/^#[0-9]*: cov:.* exec\/s:\? \([0-9]*\).*/\1/p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    crashes=$(find "$OUT/artifacts/$t" -type f -newer "$OUT/fuzz_$t" 2>/dev/null)
    printf 'fuzz: %-8s %s execs (%s/s), %s, corpus %s files\n' "$t" "${execs:-?}" "${rate:-?}" \
        "${cov:-cov: ?}" "$(ls "$OUT/corpus-$t" | wc -l)"
    if [ -n "$crashes" ] || grep -q -e '^==[0-9]*==ERROR' -e 'runtime error:' -e 'ALARM: working on the last Unit' "$log"; then
        status=1
        echo "fuzz: $t FOUND A PROBLEM (see $log):"
        grep -m3 -e 'ERROR:' -e 'runtime error:' -e 'ALARM' "$log" | sed 's/^/    /'
        for c in $crashes; do echo "    reproducer: $c  (bash fuzz/replay.sh $c $t)"; done
    fi
done
exit $status
