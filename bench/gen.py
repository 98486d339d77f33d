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
  dict100k_auto, dict100k_kashida, dict1m_auto, dict1m_kashida
      ~100 000 and ~1 000 000 characters whose vocabulary is not the seed's:
      sentences of words drawn from Debian's Arabic hunspell dictionary
      (package hunspell-ar, /usr/share/hunspell/ar.dic; BENCH_DICT=... to
      override) with Zipf frequencies (rank r drawn with weight 1/r over the
      dictionary's ~108 000 distinct words in a fixed pseudo-random order), so
      frequent words repeat as in real text and most of the rest occur once.
      The 1 M text continues the 100 k one (same generator), so the 100 k is
      its prefix.

Usage: gen.py [--small] SEED.txt [OUTDIR]
  --small  only the small versions tests/t_bench_bytes.sh renders: x1_auto,
           x1_kashida (the seed once, justify kashida), dict8k_auto and
           dict8k_kashida (the dictionary text at ~8 000 characters) and
           dict100k_auto (as in the full set: enough words met once to try
           every way the word cache plans its shaping)
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
DICT = os.environ.get("BENCH_DICT", "/usr/share/hunspell/ar.dic")
DICT_SEED = 20261202
DICT_CASES = {"dict100k": 100_000, "dict1m": 1_000_000}
ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A]+")


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


def dict_words(path):
    """The dictionary's distinct stems (the part before '/'), Arabic letters only."""
    try:
        with open(path, encoding="utf-8") as f:
            words = {ln.split("/")[0].split("\t")[0].strip() for ln in f}
    except OSError as e:
        sys.exit(f"gen.py: {path}: {e.strerror} (install the Debian package hunspell-ar)")
    return sorted(w for w in words if ARABIC_WORD.fullmatch(w))


def dict_blocks(words, target):
    """Paragraphs of 2-6 sentences of 5-18 Zipf-drawn words; a heading every
    4-9 paragraphs.  Deterministic: the same words and target give the same text."""
    rng = random.Random(DICT_SEED)
    words = list(words)
    rng.shuffle(words)
    cum, acc = [], 0.0
    for r in range(1, len(words) + 1):
        acc += 1.0 / r
        cum.append(acc)

    def draw(n):
        return rng.choices(words, cum_weights=cum, k=n)

    blocks, total, since_heading = [], 0, 0
    while total < target:
        if since_heading >= rng.randint(4, 9):
            text = " ".join(draw(rng.randint(2, 5)))
            blocks.append(("h", text))
            since_heading = 0
        else:
            sentences = []
            for _ in range(rng.randint(2, 6)):
                w = draw(rng.randint(5, 18))
                for i in rng.sample(range(len(w) - 1), rng.randint(0, 2)):
                    w[i] += "،"                      # a comma or two inside
                sentences.append(" ".join(w) + rng.choice([".", ".", ".", "؛", ":"]))
            text = " ".join(sentences)
            text = text[:-1] + "."
            blocks.append(("p", text))
            since_heading += 1
        total += len(text) + 1
    return blocks


def main():
    args = sys.argv[1:]
    small = bool(args) and args[0] == "--small"
    if small:
        args = args[1:]
    if not args:
        sys.exit("usage: gen.py [--small] SEED.txt [OUTDIR]")
    outdir = args[1] if len(args) > 1 else "build/bench"
    os.makedirs(outdir, exist_ok=True)
    with open(args[0], encoding="utf-8") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    blocks = classify(lines)
    if small:
        write(outdir, "x1_auto", "auto", blocks)
        write(outdir, "x1_kashida", "kashida", blocks)
        words = dict_words(DICT)
        blocks = dict_blocks(words, 8_000)
        write(outdir, "dict8k_auto", "auto", blocks)
        write(outdir, "dict8k_kashida", "kashida", blocks)
        write(outdir, "dict100k_auto", "auto", dict_blocks(words, DICT_CASES["dict100k"]))
        return
    for name, (n, justify) in JUSTIFY.items():
        write(outdir, name, justify, blocks * n)
    write(outdir, "mix_auto", "auto", mix_blocks(lines))
    words = dict_words(DICT)
    for name, target in DICT_CASES.items():
        blocks = dict_blocks(words, target)
        for justify in ("auto", "kashida"):
            write(outdir, f"{name}_{justify}", justify, blocks)


if __name__ == "__main__":
    main()
