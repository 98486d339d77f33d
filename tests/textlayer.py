#!/usr/bin/python3
"""textlayer.py - what the PDF readers people use get from a PDF's text layer.

usage: textlayer.py [--client NAME]... [--drop-line TEXT]... [--once TEXT]... [--detail]
                    SOURCE.txt FILE.pdf
prints one line per client:
  CLIENT chars=<r> words=<r> search=<r> junk=<n> [junk-detail]
and, with --detail, the first word-level differences.

Clients (each the real program, installed by `make deps`):
  poppler   pdftotext (Evince, Okular, pdfgrep)          search: substring of its text
  pdfjs     pdf.js (Firefox), items joined as Firefox copies   search: pdf.js's find controller
  mupdf     MuPDF.js 1.28 (SumatraPDF, zathura, mupdf-gl)  search: Page.search
  mutool    mutool 1.21 (Debian 12's MuPDF)                 search: substring
  pdfminer  pdfminer.six (pdf2txt)                          search: substring
  gs        Ghostscript txtwrite                            search: substring

The measure is strict.  Both texts are NFC with whitespace folded; lines
of the extraction that are only page furniture (a page number "صفحة n من N",
"Page n of N" or "n / N", or a --drop-line text such as the running header) are
dropped, and so are the directional embeddings and isolates a client adds
itself (U+202A-U+202E, U+2066-U+2069: mujaz never writes them).  Nothing
else is removed: a directional mark, a zero-width space, a BOM, a tatweel
or a U+FFFD that the source does not have counts against the similarity
and in `junk`.  chars/words are difflib ratios (2 * matches / total).
search is the share of the source's occurrences of its words (punctuation
stripped, two letters or more) that the client's find returns."""
import difflib
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENTS = ["poppler", "pdfjs", "mupdf", "mutool", "pdfminer", "gs"]
ADDED_BY_CLIENTS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A page number as the footer draws it ("صفحة 2 من 3", "Page 2 of 3", "2 / 3"),
# its words in whatever order a client returns them.
# (reversed by the clients that do not reorder: "ةحفص", "نم").
PAGE_WORD = r"(صفحة|ةحفص|من|نم|Page|of|/)"
PAGE_NUM = r"[\d\u0660-\u0669\u06f0-\u06f9]+"
PAGE_LINE = re.compile(r"^(\s*(%s|%s))+\s*$" % (PAGE_WORD, PAGE_NUM))


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (cmd[0], r.returncode,
                                                r.stderr.decode("utf-8", "replace").strip()[:300]))
    return r.stdout.decode("utf-8", "replace")


def node(mode, client, pdf, words=None):
    cmd = ["node", os.path.join(HERE, "clients", "extract.mjs"), mode, client, pdf]
    if words:
        cmd.append(words)
    return run(cmd)


def extract(client, pdf):
    if client == "poppler":
        return run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    if client in ("pdfjs", "mupdf"):
        return node("text", client, pdf)
    if client == "mutool":
        return run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf])
    if client == "pdfminer":
        return run(["pdf2txt", pdf])
    if client == "gs":
        return run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite",
                    "-sOutputFile=-", pdf])
    raise ValueError(client)


def is_junk(ch):
    if ch in ADDED_BY_CLIENTS:
        return False
    cat = unicodedata.category(ch)
    return ch in "\u0640\ufffd" or cat in ("Cf", "Co", "Cs") or (cat == "Cc" and not ch.isspace())


def fold(s):
    s = unicodedata.normalize("NFC", s)
    s = "".join(ch for ch in s if ch not in ADDED_BY_CLIENTS)
    return " ".join(s.split())


def drop_furniture(text, drop):
    keep = []
    for line in text.splitlines():
        f = fold(line)
        bare = f.replace("\u200e", "").replace("\u200f", "")
        if (PAGE_LINE.match(bare) and re.search(PAGE_WORD, bare) and len(re.findall(PAGE_NUM, bare)) == 2) \
                or f in drop:
            continue
        keep.append(line)
    return "\n".join(keep)


def drop_repeats(text, once):
    """Lines of ONCE (folded) after their first occurrence: a table's header
    row repeated on a later page, which the source has once."""
    if not once:
        return text
    seen, keep = set(), []
    for line in text.splitlines():
        f = fold(line)
        if f in once and f in seen:
            continue
        seen.add(f)
        keep.append(line)
    return "\n".join(keep)


def words_of(src):
    out = []
    for w in src.split():
        w = w.strip("".join(ch for ch in set(w) if unicodedata.category(ch)[0] in "PS"))
        if sum(1 for ch in w if unicodedata.category(ch)[0] in "LN") >= 2 and w not in out:
            out.append(w)
    return out


def count(hay, needle):
    return hay.count(needle)


def measure(client, src, pdf, drop, detail, tmpdir, once=()):
    """Returns {chars, words, search, junk: {char: count}} and prints the
    client's line (and differences when detail)."""
    got = drop_furniture(extract(client, pdf), drop)
    got = drop_repeats(got, once)
    a, b = fold(got), fold(src)
    chars = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    aw, bw = a.split(), b.split()
    sm = difflib.SequenceMatcher(None, aw, bw, autojunk=False)
    words = sm.ratio()
    junk = {}
    for ch in a:
        if is_junk(ch):
            junk[ch] = junk.get(ch, 0) + 1
    for ch in b:
        if ch in junk:
            junk[ch] -= 1
    junk = {k: v for k, v in junk.items() if v > 0}
    ws = words_of(b)
    want = {w: count(b, w) for w in ws}
    if client in ("pdfjs", "mupdf"):
        wf = os.path.join(tmpdir, "words.txt")
        with open(wf, "w", encoding="utf-8") as f:
            f.write("\n".join(ws) + "\n")
        found = {}
        for line in node("search", client, pdf, wf).splitlines():
            n, w = line.split("\t", 1)
            found[w] = int(n)
    else:
        hay = unicodedata.normalize("NFC", got)
        found = {w: count(hay, w) for w in ws}
    total = sum(want.values())
    hit = sum(min(found.get(w, 0), n) for w, n in want.items())
    search = hit / total if total else 1.0
    line = "%s chars=%.4f words=%.4f search=%.4f junk=%d" % (client, chars, words, search,
                                                              sum(junk.values()))
    if junk:
        line += " [" + " ".join("U+%04X x%d" % (ord(k), v) for k, v in sorted(junk.items())) + "]"
    print(line)
    if detail:
        shown = 0
        for op in sm.get_opcodes():
            if op[0] != "equal" and shown < detail:
                print("#   %s: got «%s» / source «%s»" % (client, " ".join(aw[op[1]:op[2]])[:120],
                                                        " ".join(bw[op[3]:op[4]])[:120]))
                shown += 1
        missed = [w for w, n in want.items() if found.get(w, 0) < n]
        if missed:
            print("#   %s: search misses %s" % (client, " ".join(missed[:12])))
    return {"chars": chars, "words": words, "search": search, "junk": junk}


def main():
    args = sys.argv[1:]
    clients, drop, detail, once = [], set(), 0, set()
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--client":
            clients.append(args.pop(0))
        elif opt == "--drop-line":
            drop.add(fold(args.pop(0)))
        elif opt == "--once":
            once.add(fold(args.pop(0)))
        elif opt == "--detail":
            detail = 8
        else:
            sys.exit("textlayer.py: unknown option " + opt)
    if len(args) != 2:
        sys.exit(__doc__)
    src = open(args[0], encoding="utf-8").read()
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        for c in clients or CLIENTS:
            try:
                measure(c, src, args[1], drop, detail, tmp, once)
            except Exception as e:  # a client that fails is a result, not a crash
                print("%s error=%s" % (c, str(e).replace("\n", " ")[:300]))


if __name__ == "__main__":
    main()
