#!/usr/bin/env bash
# t_golden.sh - each stage's dump is pinned: glyphs, runs and lines of the
# seed in every justification mode, and the display list of a small document
# and of the briefing.  MZ_UPDATE_GOLDEN=1 rewrites the goldens (review the
# diff before committing it).
set -u
cd "$(dirname "$0")/.."
BIN=${MZ_BIN:-$PWD/build/mujaz}
G=tests/golden
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
case_() { # name, args...
    local name=$1; shift
    if ! "$BIN" "$@" >"$tmp/$name" 2>"$tmp/$name.err"; then
        echo "FAIL golden $name: mujaz failed: $(head -c 200 "$tmp/$name.err")"; return
    fi
    if [ "${MZ_UPDATE_GOLDEN:-}" = 1 ]; then cp "$tmp/$name" "$G/$name"; echo "PASS golden $name (updated)"; return; fi
    if [ ! -f "$G/$name" ]; then echo "FAIL golden $name: no golden file (run with MZ_UPDATE_GOLDEN=1)"; return; fi
    if diff -u "$G/$name" "$tmp/$name" >"$tmp/$name.diff"; then echo "PASS golden $name"
    else echo "FAIL golden $name: differs: $(grep -c '^[-+][^-+]' "$tmp/$name.diff") lines"; head -8 "$tmp/$name.diff" | sed 's/^/#  /'; fi
}
case_ seed.glyphs --dump=glyphs tests/data/seed.txt
case_ seed.runs --dump=runs tests/data/seed.txt
for m in auto spaces kashida none; do case_ "seed.lines.$m" --dump=lines --justify=$m tests/data/seed.txt; done
case_ small.pages --dump=pages tests/data/small.md
case_ small.lines --dump=lines tests/data/small.md
case_ briefing.pages --dump=pages data/briefing.md
# the document model: every block with its source line, spans, links, cells
case_ briefing.doc --dump=doc data/briefing.md
case_ linked.doc --dump=doc tests/data/linked.md
case_ levels.pages --dump=pages tests/data/levels.md  # six heading levels, each its own style and outline depth
case_ strike.pages --dump=pages tests/data/strike.md  # ~~struck~~ phrases: a line through each, Arabic and Latin
case_ constructs.doc --dump=doc tests/data/constructs.md  # every construct: footnotes (notes, super spans, note links), task boxes, lists past 100, code
case_ constructs.pages --dump=pages tests/data/constructs.md  # ... and where each is drawn: notes at the page foot, boxes, numbers whole, code panels
