#!/usr/bin/env bash
# t_briefing.sh - the default briefing end to end: pages, outline = headings
# (nested by level), headings never left at a page's foot, front-matter
# errors through the CLI with the right file:line, the timeline figure drawn.
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: ${3:-}"; fi; }

"$BIN" -q data/briefing.md -o "$tmp/b.pdf"
check "briefing: renders" $? ""
pages=$(pdfinfo "$tmp/b.pdf" | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 2 ]
check "briefing: at least 2 pages" $? "$pages pages"

# the outline lists every heading, in order, nested by level
qpdf --json --json-key=outlines "$tmp/b.pdf" | python3 -c '
import json, sys
def walk(items, depth, out):
    for it in items:
        out.append((depth, it["title"])); walk(it["kids"], depth + 1, out)
got = []; walk(json.load(sys.stdin)["outlines"], 1, got)
src = open("data/briefing.md", encoding="utf-8").read().split("\n---\n", 1)[1]
want = [(len(l) - len(l.lstrip("#")), l.lstrip("#").strip()) for l in src.splitlines() if l.startswith("#")]
# nesting: a level-3 heading sits under the level-2 heading before it
lv = sorted(set(d for d, _ in want)); want = [(lv.index(d) + 1, t) for d, t in want]
print("ok" if got == want else "got %r want %r" % (got[:4], want[:4]))' >"$tmp/o"
[ "$(cat "$tmp/o")" = ok ]
check "briefing: the outline is the headings, nested by level" $? "$(cat "$tmp/o")"

# headings are kept with what follows: none sits in the last two lines of a page
bad=$("$BIN" --dump=pages data/briefing.md | awk '/^outline/ { split($4, y, "[=:]"); if (y[2] + 0 < 72 + 2 * 21) print }')
[ -z "$bad" ]
check "briefing: no heading stranded at the foot of a page" $? "$bad"

# the timeline is drawn: one dot per event, in the figure's page
n=$("$BIN" --dump=pages data/briefing.md | grep -c '^  circle')
[ "$n" -ge 7 ]
check "briefing: the timeline draws a dot for each of its 7 events" $? "$n circles"

# page numbers as n / total, on every page
got=$(pdftotext -enc UTF-8 "$tmp/b.pdf" - | python3 -c '
import re, sys, unicodedata
n = 0
for line in sys.stdin:
    line = "".join(c for c in line if unicodedata.bidirectional(c) not in ("LRE", "RLE", "PDF", "BN") and c not in "\u200e\u200f")
    n += re.fullmatch(r"\s*صفحة \d+ من '"$pages"'\s*", line) is not None
print(n)')
[ "$got" = "$pages" ]
check "briefing: every page carries 'صفحة n من $pages'" $? "$got of $pages"

# front-matter errors name the file and the line, exit 1, and leave no output
err() { # name, expected line, front matter
    printf -- '---\ntitle: عنوان\n%s\n---\n\nنص.\n' "$3" >"$tmp/$1.md"
    "$BIN" "$tmp/$1.md" -o "$tmp/$1.pdf" 2>"$tmp/$1.err"; rc=$?
    [ "$rc" = 1 ] && grep -q "$1.md:$2:" "$tmp/$1.err" && [ ! -e "$tmp/$1.pdf" ]
    check "briefing: front matter $1 -> exit 1 naming line $2, no output" $? "rc=$rc $(cat "$tmp/$1.err")"
}
err unknown 3 'titel: x'
err badbool 3 'toc: maybe'
err badsize 3 'font_size: huge'
err duplicate 3 'title: again'
err badjustify 3 'justify: sideways'

# toc: true - a table of contents whose page numbers are where the headings land
sed 's/^toc: false/toc: true/' data/briefing.md >"$tmp/toc.md"
cp data/emblem.png "$tmp/" # the front matter's logo, beside the copy
"$BIN" -q "$tmp/toc.md" -o "$tmp/toc.pdf"
qpdf --json --json-key=outlines "$tmp/toc.pdf" >"$tmp/toc.json"
pdftotext -layout -enc UTF-8 -f 1 -l 1 "$tmp/toc.pdf" - | python3 -c '
import json, re, sys, unicodedata
ol = json.load(open(sys.argv[1]))["outlines"]
text = "".join(c for c in sys.stdin.read() if unicodedata.bidirectional(c) not in ("LRE","RLE","PDF","BN") and c not in "\u200e\u200f")
bad = []
for o in ol:  # top-level entries are the ones listed
    m = [l for l in text.splitlines() if o["title"] in l and re.search(r"\b%d\b" % o["destpageposfrom1"], l)]
    if not m: bad.append("%s -> %d" % (o["title"], o["destpageposfrom1"]))
print("ok" if not bad and ol else "missing: " + "; ".join(bad))' "$tmp/toc.json" >"$tmp/toc.check"
[ "$(cat "$tmp/toc.check")" = ok ]
check "briefing: toc lists each section with the page it starts on" $? "$(cat "$tmp/toc.check")"
