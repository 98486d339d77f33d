#!/usr/bin/env python3
"""textsim.py - compares text extracted from a PDF with its source.

usage: textsim.py SOURCE EXTRACTED  -> prints "chars=<r> words=<r>"

Both sides are normalised as the project's acceptance rule says: NFKC,
whitespace folded, U+0640 (tatweel) removed, and the characters UAX #9 rule
X9 removes (explicit bidi controls and Bidi_Class BN, which includes
U+200B) dropped.  Lines of the extracted text that are only a page number
("n / total", any digits) are dropped: the source has no page numbers.
Similarity is difflib's ratio (2*matches/total) over characters and over
words."""
import difflib
import re
import sys
import unicodedata


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    out = []
    for ch in s:
        if ch == "\u0640":
            continue
        if unicodedata.bidirectional(ch) in ("BN", "LRE", "RLE", "LRO", "RLO", "PDF",
                                              "LRI", "RLI", "FSI", "PDI", "LRM", "RLM", "ALM"):
            continue
        if ch in "\u200e\u200f\u061c":
            continue
        out.append(ch)
    return " ".join("".join(out).split())


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    got = open(sys.argv[2], encoding="utf-8").read()
    page = re.compile(r"^\s*[\d\u0660-\u0669]+\s*/\s*[\d\u0660-\u0669]+\s*$")
    got = "\n".join(l for l in got.splitlines() if not page.match(norm(l)))
    a, b = norm(got), norm(src)
    c = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    aw, bw = a.split(), b.split()
    w = difflib.SequenceMatcher(None, aw, bw, autojunk=False).ratio()
    print("chars=%.4f words=%.4f" % (c, w))
    if len(sys.argv) > 3:
        for op in difflib.SequenceMatcher(None, aw, bw, autojunk=False).get_opcodes():
            if op[0] != "equal":
                print("#  extracted %s / source %s" % (" ".join(aw[op[1]:op[2]]), " ".join(bw[op[3]:op[4]])))


main()
