#!/usr/bin/python3
"""briefing_text.py - the text a reader of a rendered Markdown document
should get, in reading order, from its source: the cover (the band's
issuer and classification, unit and reference; title, subtitle, date; the key
facts' title and items), then every block as written, with

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


def unquote(v):
    v = v.strip()
    # a YAML double-quoted scalar: its quotes off, its \" a quote
    if len(v) >= 2 and v[0] == v[-1] == '"':
        v = v[1:-1].replace('\\"', '"')
    return v


def front_matter(lines):
    """The front matter's keys; a list (facts:) as "- item" lines under its key."""
    meta, i, key = {}, 0, None
    if lines and lines[0].strip() == "---":
        i = 1
        while i < len(lines) and lines[i].strip() != "---":
            m = re.match(r"^(\w+):\s*(.*)$", lines[i])
            item = re.match(r"^\s+-\s+(.*)$", lines[i])
            if m:
                key = m.group(1)
                meta[key] = unquote(m.group(2))
            elif item and key:
                meta.setdefault(key + "[]", []).append(unquote(item.group(1)))
            i += 1
        i += 1
    return meta, lines[i:]


# the key facts' title in the shipped theme (words.LANG.facts)
FACTS_TITLE = {"ar": "أبرز النقاط", "fa": "نکات کلیدی", "en": "Key facts"}


def cover(meta):
    """The cover's texts in the briefing theme's reading order: the band line
    by line (issuer and classification, then unit and reference)."""
    if "issuer" in meta and "author" not in meta:
        meta = dict(meta, author=meta["issuer"])
    out = [meta[k] for k in ("author", "classification", "unit", "reference", "title", "subtitle", "date")
           if meta.get(k)]
    facts = meta.get("facts[]", [])
    if facts:
        lang = meta.get("lang", "ar").split("-")[0]
        out.append(FACTS_TITLE.get(lang, FACTS_TITLE["en"]))
        out += facts
    return out


def main():
    src = open(sys.argv[1], encoding="utf-8").read().splitlines()
    meta, body = front_matter(src)
    out = cover(meta)
    para, in_fence, fence, number = [], False, [], 0
    in_code = in_facts = False
    facts_title = FACTS_TITLE.get(meta.get("lang", "ar").split("-")[0], FACTS_TITLE["en"])

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
        if in_facts:
            # a ```facts block: its title, then one item a line, marker off
            if s.startswith("```"):
                in_facts = False
            elif s:
                out.append(re.sub(r"^([-*]|\u2022)\s+", "", s))
            continue
        if s.startswith("```facts"):
            flush()
            in_facts = True
            out.append(facts_title)
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
