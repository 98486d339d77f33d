#!/usr/bin/env bash
# t_inputs.sh - hostile or unusual input, handled with a message and the
# documented exit code: link schemes, separators no font draws, UTF-16 and
# UTF-32 files, noncharacters, an over-long link target.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }

# links: the web, mail, telephone and relative ones are written; anything
# else is dropped with a warning naming file:line, an error under --strict
printf '# روابط\n\n[أ](javascript:alert(1)) [ب](https://example.org/a) [ج](file:///etc/passwd)\n\n[د](vbscript:x) [هـ](data:text/html,<script>) [و](mailto:a@example.org) [ز](tel:+1234) [ح](../other.pdf)\n' >"$tmp/links.md"
"$BIN" "$tmp/links.md" -o "$tmp/links.pdf" 2>"$tmp/err"; rc=$?
uris=$(qpdf --qdf --object-streams=disable "$tmp/links.pdf" - 2>/dev/null | grep -a -o '/URI ([^)]*)' | sort | tr '\n' ' ')
[ $rc = 0 ] && [ "$(grep -c 'dropped' "$tmp/err")" = 4 ] && grep -q 'links.md:3: link to .javascript:alert(1)' "$tmp/err" &&
    grep -q 'links.md:5: link to .vbscript:x' "$tmp/err" &&
    [ "$uris" = "/URI (../other.pdf) /URI (https://example.org/a) /URI (mailto:a@example.org) /URI (tel:+1234) " ]
check "inputs: links other than http, https, mailto, tel and relative are dropped with file:line" $? "rc=$rc uris=$uris $(head -c 300 "$tmp/err")"
"$BIN" --strict "$tmp/links.md" -o "$tmp/strict.pdf" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && [ ! -e "$tmp/strict.pdf" ] && grep -q 'links.md:3:.*(--strict)' "$tmp/err"
check "inputs: --strict makes a dropped link an error (exit 1, file:line)" $? "rc=$rc $(head -c 200 "$tmp/err")"
python3 -c "open('$tmp/long.md','w').write('# x\n\n[y](https://e.org/' + 'a'*70000 + ')\n')"
"$BIN" "$tmp/long.md" -o "$tmp/long.pdf" 2>"$tmp/err"; rc=$?
[ $rc = 5 ] && grep -q 'long.md:3: link target of' "$tmp/err"
check "inputs: a link target of 64 KiB is a documented limit (exit 5, file:line)" $? "rc=$rc $(head -c 200 "$tmp/err")"

# VT, FF, U+2028 in plain text end lines (no missing-glyph boxes)
printf 'سطر أول\vسطر ثان\fسطر ثالث\xe2\x80\xa8سطر رابع\n' >"$tmp/sep.txt"
"$BIN" "$tmp/sep.txt" -o "$tmp/sep.pdf" 2>"$tmp/err"; rc=$?
n=$(pdftotext "$tmp/sep.pdf" - | grep -c 'سطر')
[ $rc = 0 ] && [ ! -s "$tmp/err" ] && [ "$n" = 4 ]
check "inputs: VT, FF and U+2028 separate lines, with no warning" $? "rc=$rc lines=$n $(head -c 200 "$tmp/err")"

# UTF-16 and UTF-32 files with a byte-order mark read as text
printf 'مرحبا بالعالم\n' | iconv -f UTF-8 -t UTF-16 >"$tmp/u16.txt"
printf 'مرحبا بالعالم\n' | iconv -f UTF-8 -t UTF-16BE | { printf '\xfe\xff'; cat; } >"$tmp/u16be.md"
printf 'مرحبا بالعالم\n' | iconv -f UTF-8 -t UTF-32 >"$tmp/u32.txt"
ok=0
for f in u16.txt u16be.md u32.txt; do
    "$BIN" "$tmp/$f" -o "$tmp/$f.pdf" 2>"$tmp/err" && [ ! -s "$tmp/err" ] &&
        pdftotext "$tmp/$f.pdf" - | grep -q 'مرحبا بالعالم' || { ok=1; echo "# $f: $(head -c 200 "$tmp/err")"; }
done
check "inputs: UTF-16 (LE, BE) and UTF-32 files with a BOM are read" $ok ""

# noncharacters and U+FFFF (libunibreak's end marker) do not end the process
printf 'نص \xef\xbf\xbe\xef\xbf\xbf آخر\n' >"$tmp/nonchar.txt"
"$BIN" -q "$tmp/nonchar.txt" -o "$tmp/nonchar.pdf"; rc=$?
[ $rc = 0 ] && [ "$(head -c 5 "$tmp/nonchar.pdf")" = "%PDF-" ]
check "inputs: U+FFFE and U+FFFF are set (missing glyphs), not an abort" $? "rc=$rc"
