#!/usr/bin/env bash
# t_rhythm.sh - the page's vertical rhythm and measure (theme body.grid,
# page.measure): body lines of every page on one grid, one baseline step per
# vocalised paragraph, more room above a section than a subsection, a text
# column of 60-75 characters while tables span the frame.
set -u
cd "$(dirname "$0")/.."
MZ_BIN=${MZ_BIN:-build/mujaz}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" -eq 0 ]; then echo "PASS rhythm: $1"; else echo "FAIL rhythm: $1: $3"; fi; }

# the body's rhythm: the briefing without its key-facts panel (a panel sets its own lines),
# from its first section heading (the cover's byline is set on the cover's own terms)
awk 'BEGIN { fm = 0 } /^---$/ { fm++ } fm == 1 && /^facts:/ { skip = 1; next } skip && /^  - / { next } { skip = 0; print }' \
    data/briefing.md >"$tmp/body.md"
cp data/emblem.png "$tmp/" 2>/dev/null
"$MZ_BIN" -q --dump=pages "$tmp/body.md" >"$tmp/b.pages"
# the default theme: 13.5 pt body, leading 1.75 em, grid half of it; frame top 841.89 - 78
grid=$(awk 'BEGIN { printf "%.6f", 13.5 * 1.75 * 0.5 }')

# 1. every body line (regular 13.5 pt glyph runs) of every page sits on one grid: the same
# phase (the baseline's place in its line box) below the frame's top on every page
awk -v g="$grid" '/^page / { p = $2 } /size=17.55 / { body = 1 } body && /^  glyphs/ && /font=Amiri-Regular size=13.50 / {
        sub("y=", "", $3); r = (763.89 - $3) / g; r -= int(r)
        if (n == 0) r0 = r
        d = r - r0; if (d > 0.5) d -= 1; if (d < -0.5) d += 1; if (d < 0) d = -d
        if (d * g > 0.02) { print "page " p " y=" $3 " off the grid by " d * g; bad = 1 }
        n++; pages[p] = 1 }
     END { for (q in pages) np++
           if (n < 20 || np < 2) { print "only " n " body lines on " np " pages"; bad = 1 } exit bad }' "$tmp/b.pages" >"$tmp/grid" 2>&1
rc=$?
check "every body line of the briefing is on the grid ($(grep -c 'Regular size=13.50' "$tmp/b.pages") lines)" $rc "$(head -3 "$tmp/grid")"

# 2. one step for a whole vocalised paragraph (its largest), not one per line
tr '\n' ' ' <tests/data/harakat.txt >"$tmp/voc.txt"
"$MZ_BIN" -q --dump=pages "$tmp/voc.txt" >"$tmp/v.pages"
awk '/^  glyphs/ && /size=13.50 / { sub("y=", "", $3); if (prev != "") print prev - $3; prev = $3 }' "$tmp/v.pages" |
    sort -n | awk '{ v[NR] = $1 } END { if (NR < 5) exit 1; exit !(v[NR] - v[1] < 0.02 && v[1] > 23.7) }'
rc=$?
check "a vocalised paragraph keeps one baseline step, more than the leading ($(awk '/^  glyphs/ && /size=13.50 / { n++ } END { print n }' "$tmp/v.pages") lines)" $rc \
    "$(awk '/^  glyphs/ && /size=13.50 / { sub("y=", "", $3); if (prev != "") printf "%.2f ", prev - $3; prev = $3 }' "$tmp/v.pages")"

# 3. hierarchy: the space from the previous body baseline to a heading's
# baseline is larger above a section (h2, 17.55 pt) than a subsection (h3, 15.12 pt)
cat >"$tmp/h.md" <<'EOF'
## قسم

نص الفقرة الأولى.

## قسم ثان

نص الفقرة الثانية.

### قسم فرعي

نص الفقرة الثالثة.
EOF
"$MZ_BIN" -q --dump=pages "$tmp/h.md" >"$tmp/h.pages"
above() { awk -v s="$1" '/^  glyphs/ { sub("y=", "", $3); if ($0 ~ "size=" s " " && prev != "") { print prev - $3; exit } if ($0 ~ "size=13.50 ") prev = $3 }' "$tmp/h.pages"; }
a2=$(above 17.55) a3=$(above 15.12)
awk -v a="$a2" -v b="$a3" 'BEGIN { exit !(a != "" && b != "" && a > b + 5) }'
check "more room above a section heading than a subsection ($a2 vs $a3 pt)" $? "h2 $a2 h3 $a3"

# 4. the measure: body lines of 60-75 characters; the table wider than the text column
"$MZ_BIN" -q --dump=lines tests/data/seed.txt >"$tmp/b.lines"
# characters, not bytes (mawk's length counts bytes)
lens=$(sed -n 's/^line [0-9]*: width=330[^ ]* .*text=//p' "$tmp/b.lines" | python3 -c 'import sys; print(" ".join(str(len(l.rstrip("\n"))) for l in sys.stdin))')
echo "$lens" | tr ' ' '\n' | awk '{ if ($1 < 55 || $1 > 80) bad++; k++ } END { exit !(k >= 10 && bad == 0) }'
check "justified body lines of the seed hold 55-80 characters (the 60-75 guideline, give or take a word)" $? "$lens"
awk '/^  rect/ { sub("w=", "", $4); if ($4 + 0 > w) w = $4 + 0 } END { exit !(w > 440 && w < 460) }' \
    <(grep -v 'x=0.00' "$tmp/b.pages")
check "the table's header spans the frame (455 pt), wider than the text column" $? \
    "$(grep '^  rect' "$tmp/b.pages" | grep -v 'x=0.00' | head -3)"

# 5. an introduction (a short paragraph ending with a colon) and the heading over it stay on
# the page where what they introduce starts: the briefing's table and its priorities list
"$MZ_BIN" -q data/briefing.md -o "$tmp/b.pdf"
page_of() { local p=1 n; n=$(pdfinfo "$tmp/b.pdf" | sed -n 's/^Pages: *//p'); while [ "$p" -le "$n" ]; do
    pdftotext -f "$p" -l "$p" "$tmp/b.pdf" - | LC_ALL=C sed 's/\xe2\x80[\x8e\x8f\xaa-\xae]//g' | grep -q${2:-} -- "$1" && { echo "$p"; return; }; p=$((p + 1)); done; }
h=$(page_of '^ *هيئات الشرطة الإقليمية *$') i=$(page_of 'الإقليمية التالية') t=$(page_of 'سنة التأسيس')
[ -n "$t" ] && [ "$h" = "$t" ] && [ "$i" = "$t" ]
check "the table's heading and introduction are on the table's page" $? "heading p$h, introduction p$i, table p$t"
i=$(page_of 'يتناولها المصدر') l=$(page_of 'مواءمة التخطيط')
[ -n "$l" ] && [ "$i" = "$l" ]
check "the priorities' introduction is on the list's page" $? "introduction p$i, list p$l"
