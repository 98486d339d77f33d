#!/usr/bin/python3
"""briefing_text.py - the text a reader of a rendered Markdown document
should get, in reading order, from its source: the cover (issuing body,
date, title, subtitle), then every block as written, with

  - headings and paragraphs as their text (inline Markdown removed),
  - list items as their number (ordered lists) and text,
  - tables row by row, cells in the document's direction, one per line,
  - ```timeline blocks as "year label" per year, in order (events of one
    year share their year, as the timeline draws them),

one block per line.  The running header and page numbers are furniture and
not part of it (textlayer.py drops them from what clients return).

usage: briefing_text.py DOC.md > expected.txt"""
import re
import sys


def inline(s):
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"(\*\*|__|\*|_|`)", "", s)
    return " ".join(s.split())


def front_matter(lines):
    meta, i = {}, 0
    if lines and lines[0].strip() == "---":
        i = 1
        while i < len(lines) and lines[i].strip() != "---":
            m = re.match(r"^(\w+):\s*(.*)$", lines[i])
            if m:
                v = m.group(2).strip()
                # a YAML double-quoted scalar: its quotes off, its \" a quote
                if len(v) >= 2 and v[0] == v[-1] == '"':
                    v = v[1:-1].replace('\\"', '"')
                meta[m.group(1)] = v
            i += 1
        i += 1
    return meta, lines[i:]


def main():
    src = open(sys.argv[1], encoding="utf-8").read().splitlines()
    meta, body = front_matter(src)
    out = [meta[k] for k in ("author", "date", "title", "subtitle") if meta.get(k)]
    para, in_fence, fence, number = [], False, [], 0
    in_code = False

    def flush():
        if para:
            out.append(inline(" ".join(para)))
            para.clear()

    for line in body:
        s = line.strip()
        if in_fence:
            if s.startswith("```"):
                in_fence = False
                years = []
                for ev in fence:
                    y, _, label = ev.partition("|")
                    y, label = y.strip(), label.strip()
                    if years and years[-1][0] == y:
                        years[-1][1].append(label)
                    else:
                        years.append((y, [label]))
                out.extend("%s %s" % (y, " ".join(ls)) for y, ls in years)
                fence = []
            else:
                fence.append(s)
            continue
        if s.startswith("```timeline"):
            flush()
            in_fence = True
            continue
        if s.startswith("```") and not in_code:
            flush()
            in_code = True
            continue
        if in_code:
            # other fenced code: its lines as they are (indentation folded)
            if s.startswith("```"):
                in_code = False
            elif s:
                out.append(s)
            continue
        if not s:
            flush()
            number = 0
            continue
        if s.startswith("#"):
            flush()
            out.append(inline(s.lstrip("#")))
        elif s.startswith("|"):
            flush()
            if re.fullmatch(r"\|[\s\-:|]+\|", s):
                continue
            cells = [inline(c) for c in s.strip("|").split("|")]
            out.extend(c for c in cells if c)
        elif re.match(r"^\d+\.\s", s):
            flush()
            # a list's first item gives its start number (CommonMark)
            number = number + 1 if number else int(re.match(r"^(\d+)", s).group(1))
            out.append("%d %s" % (number, inline(re.sub(r"^\d+\.\s+", "", s))))
        elif re.match(r"^[-*+]\s", s):
            flush()
            out.append(inline(s[2:]))
        else:
            para.append(s)
    flush()
    sys.stdout.write("\n".join(out) + "\n")


main()
