#!/usr/bin/env bash
# fuzz/replay.sh CRASHFILE [markdown|linebreak|layout|document|font] -
# replays a fuzzer artifact (or a fuzz/regress/ reproducer) through the
# instrumented target, which prints the sanitizer report and stack, then
# through the CLI (build/mujaz) to show the exit status and message a user
# would see (the options bytes dropped; the CLI's defaults apply).  Without a
# target name, files starting with a font signature (or named font-*) go to
# the font target, others to document.
set -u
cd "$(dirname "$0")/.."
f=${1:?usage: fuzz/replay.sh CRASHFILE [markdown|linebreak|layout|document|font]}
[ -f "$f" ] || { echo "replay: $f: no such file" >&2; exit 2; }
t=${2:-}
if [ -z "$t" ]; then
    magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
    case "$(basename "$f"):$magic" in
    font-*|*:00010000|*:4f54544f|*:74727565|*:74746366|*:774f4646|*:774f4632) t=font ;;
    *) t=document ;;
    esac
fi
OUT=${FUZZ_OUT:-build/fuzz}
FUZZ_TARGETS=$t bash fuzz/run.sh --build-only >/dev/null || exit 2
echo "== $OUT/fuzz_$t $f"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$OUT/fuzz_$t" -timeout=30 -rss_limit_mb=2048 "$f"
rc=$?
echo "== fuzz target exit status $rc"
bin=${MZ_BIN:-build/mujaz}
if [ -x "$bin" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    if [ "$t" = font ]; then
        printf '# عنوان التقرير\n\nبسم الله الرحمن الرحيم، **السلامُ عليكم** ورحمة الله وبركاته. لا إله إلا الله ١٢٣ 2024 Latin text *مائل*.\n\n| العمود | القيمة |\n| --- | --- |\n| أ | ٤٥ |\n' >"$tmp/doc.md"  # as in fuzz_font.c
        echo "== $bin $tmp/doc.md --font=$f"
        timeout 120 "$bin" "$tmp/doc.md" --font="$f" --bold-font="$f" -o "$tmp/out.pdf"
    elif [ "$t" = linebreak ]; then
        echo "== (no CLI equivalent for the linebreak target)"
    else
        skip=2 ext=md
        [ "$t" = layout ] && skip=3 ext=txt
        tail -c +$skip "$f" >"$tmp/doc.$ext"
        echo "== $bin <$f without its options bytes, as .$ext>"
        timeout 120 "$bin" "$tmp/doc.$ext" -o "$tmp/out.pdf"
    fi
    echo "== mujaz exit status $?"
fi
exit $rc
