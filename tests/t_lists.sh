#!/usr/bin/env bash
# t_lists.sh - list markers: a numbered task item keeps its number, its box
# after it ("1. [ ] x" is item 1 with an open box, as GitHub shows it); a list
# inside an item of a list whose band was widened for long numbers starts
# inside that item's text, not under its number.
set -u
MZ_ROOT=${MZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
MZ_BIN=${MZ_BIN:-$MZ_ROOT/build/mujaz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" -eq 0 ]; then echo "PASS lists: $1"; else echo "FAIL lists: $1: $3"; fi; }

printf -- '---\ndir: rtl\n---\n\n1. [ ] مهمة أولى مفتوحة\n2. [x] مهمة ثانية منجزة\n' >"$tmp/t.md"
"$MZ_BIN" -q --dump=pages "$tmp/t.md" >"$tmp/t.pages"
# each item's baseline carries its number (١. ٢.) and its box (☐ ☑)
ok=0
for pair in '١:☐' '٢:☑'; do  # the number's digit (its period may be a piece of its own)
    n=${pair%%:*} box=${pair#*:}
    yn=$(grep -F " text=$n" "$tmp/t.pages" | grep -v " text=$n[^ ]" | awk '{ print $3 }' | head -1)
    yb=$(grep -F " text=$box gids=" "$tmp/t.pages" | awk '{ print $3 }' | head -1)
    [ -n "$yn" ] && [ "$yn" = "$yb" ] || ok=1
done
check "numbered task items keep their numbers beside their boxes" $ok "$(grep glyphs "$tmp/t.pages" | cut -c1-70 | head -6)"

printf -- '---\ndir: rtl\n---\n\n998. بند\n999. بند\n1000. بند فيه قائمة:\n      1. بند داخلي أول\n      2. بند داخلي ثان\n' >"$tmp/n.md"
"$MZ_BIN" -q --dump=lines "$tmp/n.md" >"$tmp/n.lines"
# the items' text measures, in order: 998 999 1000 (the widened band), then the two nested items
w=$(sed -n 's/^line 1 last: width=\([0-9.]*\) .*/\1/p' "$tmp/n.lines" | awk '$1 < 300 && $1 > 100' | tr '\n' ' ')
set -- $w
awk -v p="${3:-0}" -v c="${4:-0}" -v li="$(awk 'BEGIN { print 1.6 * 13.5 }')" 'BEGIN { exit !(p > 0 && c > 0 && c <= p - li + 0.01) }'
check "a list inside a widened list's item is narrower than that item's text by a band at least" $? "measures: $w"
