#!/usr/bin/env python3
"""bench/gen.py - writes the benchmark inputs into OUTDIR (default build/bench).

For each case two files are written with the same text:
  NAME.md   what mujaz renders (YAML front matter with justify:, Markdown body)
  NAME.txt  what the floor program shapes (one paragraph per line, the same
            characters without the Markdown markers)

Cases:
  x1_auto, x70_spaces, x70_auto, x70_kashida, x700_auto
      the seed's paragraphs as Markdown (short lines without final punctuation
      become '## ' headings, '- ' lines a list), repeated N times.
  mix_auto
      ~185 000 characters that never repeat a paragraph: the seed split into
      clauses at '.', '،', '؛', ':' and recombined in pseudo-random order
      (fixed seed), with the word order inside some clauses rotated or
      swapped, into paragraphs of 1-9 clauses; a heading every few paragraphs.

Usage: gen.py SEED.txt [OUTDIR]
Prints one line per case: NAME CHARS (characters of NAME.txt, newlines included).
"""
import os
import random
import re
import sys

JUSTIFY = {"x1_auto": (1, "auto"), "x70_spaces": (70, "spaces"), "x70_auto": (70, "auto"),
           "x70_kashida": (70, "kashida"), "x700_auto": (700, "auto")}
MIX_TARGET = 185_000
MIX_SEED = 20260807


def classify(lines):
    """-> list of (kind, text): kind is 'h' heading, 'li' list item, 'p' paragraph."""
    out = []
    for ln in lines:
        if ln.startswith("- "):
            out.append(("li", ln[2:]))
        elif len(ln) < 60 and not re.search(r"[.:؛،!?؟]$", ln):
            out.append(("h", ln))
        else:
            out.append(("p", ln))
    return out


def front(justify):
    return f"---\nlang: ar\ndir: rtl\njustify: {justify}\n---\n\n"


def to_markdown(blocks):
    md = []
    prev = None
    for kind, text in blocks:
        if kind == "li":
            if prev != "li":
                md.append("\n")
            md.append(f"- {text}\n")
        elif kind == "h":
            md.append(f"\n## {text}\n")
        else:
            md.append(f"\n{text}\n")
        prev = kind
    return "".join(md).lstrip("\n")


def to_text(blocks):
    return "".join(text + "\n" for _, text in blocks)


def write(outdir, name, justify, blocks):
    with open(os.path.join(outdir, name + ".md"), "w", encoding="utf-8") as f:
        f.write(front(justify) + to_markdown(blocks))
    txt = to_text(blocks)
    with open(os.path.join(outdir, name + ".txt"), "w", encoding="utf-8") as f:
        f.write(txt)
    print(name, len(txt))


def mix_blocks(lines):
    rng = random.Random(MIX_SEED)
    clauses = []
    for ln in lines:
        if ln.startswith("- "):
            ln = ln[2:]
        for c in re.split(r"\s*[.،؛:]\s*", ln):
            w = c.split()
            if len(w) >= 2:
                clauses.append(w)
    headings = [ln for k, ln in classify(lines) if k == "h"]
    seps = ["، ", "، ", "، ", "؛ ", ". ", ". "]
    seen = set()
    blocks = []
    total = 0
    since_heading = 0
    while total < MIX_TARGET:
        if since_heading >= rng.randint(3, 8):
            h = rng.choice(headings).split()
            rng.shuffle(h)
            text = " ".join(h[: rng.randint(1, max(1, len(h)))])
            while text in seen:
                text = text + " " + rng.choice(rng.choice(clauses))
            blocks.append(("h", text))
            seen.add(text)
            total += len(text) + 1
            since_heading = 0
            continue
        n = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 7, 9])
        parts = []
        for _ in range(n):
            w = list(rng.choice(clauses))
            r = rng.random()
            if r < 0.3 and len(w) > 3:          # rotate the clause
                k = rng.randint(1, len(w) - 1)
                w = w[k:] + w[:k]
            elif r < 0.6 and len(w) > 2:        # swap two words
                i, j = rng.sample(range(len(w)), 2)
                w[i], w[j] = w[j], w[i]
            parts.append(" ".join(w))
        text = parts[0]
        for p in parts[1:]:
            text += rng.choice(seps) + p
        text += "."
        if text in seen or len(text) < 20:
            continue
        seen.add(text)
        blocks.append(("p", text))
        total += len(text) + 1
        since_heading += 1
    return blocks


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: gen.py SEED.txt [OUTDIR]")
    outdir = sys.argv[2] if len(sys.argv) > 2 else "build/bench"
    os.makedirs(outdir, exist_ok=True)
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    blocks = classify(lines)
    for name, (n, justify) in JUSTIFY.items():
        write(outdir, name, justify, blocks * n)
    write(outdir, "mix_auto", "auto", mix_blocks(lines))


if __name__ == "__main__":
    main()
