#!/usr/bin/python3
"""briefing_text.py - the text a reader of a rendered Markdown document
should get, in reading order, from its source: the cover (the band's
issuer and classification, unit and reference; title, subtitle, date; the key
facts' title and items), then every block as written, with

  - headings and paragraphs as their text (inline Markdown removed),
  - list items as their number (ordered lists) and text,
  - tables row by row, cells in the document's direction, one per line,
  - ```timeline blocks as "year label" per year, in order (events of one
    year share their year, as the timeline draws them), then the figure's
    caption ("شكل N: title") and source line,
  - ```table blocks from a CSV file (file:, columns:, format:) as a table,
    numbers in the document's digits; ```chart blocks as their data
    ("title: label value unit، ..." over the rows with a value), then the
    caption and source line, as a timeline,
  - a `Table:` paragraph beside a table as "جدول N: caption" before its rows
    and "المصدر: source" after them; an empty body cell as "—" (the theme's
    table.empty); an image alone in its paragraph as "شكل N: alt"
    (Table/Figure/Source: in other languages than ar),

  - footnote references as their numbers, the notes ("N text") after the
    body,

one block per line.  The running header and page numbers are furniture and
not part of it (textlayer.py drops them from what clients return).

usage: briefing_text.py DOC.md > expected.txt"""
import csv
import os
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


def block_keys(lines):
    """A ```table or ```chart block's "key: value" lines."""
    keys = {}
    for line in lines:
        k, sep, v = line.partition(":")
        if sep:
            keys[k.strip()] = v.strip()
    return keys


def csv_rows(doc, keys):
    """The block's CSV file (relative to the document), header first."""
    path = os.path.join(os.path.dirname(os.path.abspath(doc)), keys.get("file", ""))
    with open(path, encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f)]


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


WORDS = {"ar": ("جدول", "شكل", "المصدر:"), "en": ("Table", "Figure", "Source:")}

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
    data, data_kind = None, None  # the lines of a ```table or ```chart block being read
    lang = (meta.get("lang") or "ar").split("-")[0]
    w_table, w_fig, w_src = WORDS.get(lang, WORDS["en"])
    digits = meta.get("digits") or ("european" if meta.get("dir") == "ltr" else "arabic-indic")
    conv = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
    count = {"table": 0, "fig": 0}
    table = {"start": None, "end": None, "cap": None}  # the table being read or just read

    def num(n):
        return str(n).translate(conv) if digits == "arabic-indic" else str(n)

    def caption(word, n, text):
        return "%s %s: %s" % (word, num(n), text) if text else "%s %s" % (word, num(n))

    def table_caption(text):
        # "Table: caption" (and its "Source:" line) before or after the table
        cap, _, source = text.partition(" Source:")
        cap = cap[len("Table:"):].strip()
        count["table"] += 1
        lines = [caption(w_table, count["table"], cap)]
        if table["end"] == len(out):  # after the table: the caption still goes over it
            out.insert(table["start"], lines[0])
            if source.strip():
                out.append("%s %s" % (w_src, source.strip()))
            table["end"] = None
        else:
            table["cap"] = (lines[0], source.strip())
    facts_title = FACTS_TITLE.get(meta.get("lang", "ar").split("-")[0], FACTS_TITLE["en"])

    def flush():
        if para:
            text = inline(" ".join(para))
            if para[0].startswith("Table:"):
                table_caption(text)
            elif re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", " ".join(para).strip()):
                count["fig"] += 1
                out.append(caption(w_fig, count["fig"], text))
            else:
                out.append(text)
            para.clear()

    def end_table():
        if table["start"] is not None and table["end"] is None:
            table["end"] = len(out)
            if table["cap"]:
                out.insert(table["start"], table["cap"][0])
                if table["cap"][1]:
                    out.append("%s %s" % (w_src, table["cap"][1]))
                table["cap"] = None
                table["end"] = None
        table["start"] = None if table["end"] is None else table["start"]

    for line in body:
        s = line.strip()
        if in_fence:
            if s.startswith("```"):
                in_fence = False
                years, title, source = [], "", ""
                for ev in fence:
                    if ev.startswith("title:"):
                        title = ev[6:].strip()
                        continue
                    if ev.startswith("source:"):
                        source = ev[7:].strip()
                        continue
                    if not ev:
                        continue
                    y, _, label = ev.partition("|")
                    y, label = y.strip(), label.strip()
                    if years and years[-1][0] == y:
                        years[-1][1].append(label)
                    else:
                        years.append((y, [label]))
                out.extend("%s %s" % (y, " ".join(ls)) for y, ls in years)
                if title:
                    count["fig"] += 1
                    out.append(caption(w_fig, count["fig"], title))
                if source:
                    out.append("%s %s" % (w_src, source))
                fence = []
            else:
                fence.append(s)
            continue
        if data is not None:
            if not s.startswith("```"):
                data.append(s)
                continue
            keys, kind, data = block_keys(data), data_kind, None
            rows = csv_rows(sys.argv[1], keys)
            head = rows[0]
            if kind == "table":
                cols = [c.strip() for c in keys.get("columns", "").split("|") if c.strip()] or head
                fmts = [f.strip() for f in keys.get("format", "").split("|")]
                idx = [head.index(c) for c in cols]
                table["start"], table["end"] = len(out), None
                out.extend(cols)
                for row in rows[1:]:
                    for k, i in enumerate(idx):
                        v = row[i].strip() if i < len(row) else ""
                        fmt = fmts[k] if k < len(fmts) else "text"
                        out.append("—" if not v else v if fmt == "text" else num(v))
                end_table()
            else:
                xi, yi = head.index(keys["x"]), head.index(keys["y"])
                unit = keys.get("unit", "")
                sep = "، " if meta.get("dir", "rtl") != "ltr" else ", "
                items = ["%s %s%s" % (r[xi], num(r[yi].strip()), " " + unit if unit else "")
                         for r in rows[1:] if len(r) > yi and r[yi].strip()]
                title = keys.get("title", "")
                out.append((title + ": " if title else "") + sep.join(items))
                if title:
                    count["fig"] += 1
                    out.append(caption(w_fig, count["fig"], title))
                if keys.get("source"):
                    out.append("%s %s" % (w_src, keys["source"]))
            continue
        if s.startswith("```table") or s.startswith("```chart"):
            flush()
            data, data_kind = [], s[3:8]
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
        if not s.startswith("|"):
            end_table()
        if not s:
            flush()
            number = 0
            continue
        if s.startswith("#"):
            flush()
            out.append(inline(s.lstrip("#")))
        elif s.startswith("|"):
            if table["start"] is None or table["end"] is not None:
                flush()
                table["start"], table["end"], header = len(out), None, True
            else:
                header = False
            if re.fullmatch(r"\|[\s\-:|]+\|", s):
                continue
            cells = [inline(c) for c in s.strip("|").split("|")]
            out.extend(c if c or header else "—" for c in cells if c or not header)
            continue
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
    end_table()
    sys.stdout.write("\n".join(footnotes(out, num)) + "\n")


def footnotes(out, num):
    """References [^x] as their numbers (in order of first reference, in the
    document's digits); the notes "N text", after the body (a note is read
    at the foot of its page, which the source cannot know: t_clients.py
    moves them there)."""
    order, notes, body = [], {}, []
    # definitions on consecutive lines are one paragraph above: one each
    out = [part for line in out for part in re.split(r"\s+(?=\[\^[^\]]+\]:)", line)]
    for line in out:
        m = re.match(r"^\[\^([^\]]+)\]:\s*(.*)", line)
        if m:
            notes[m.group(1)] = m.group(2)
            continue
        for lab in re.findall(r"\[\^([^\]]+)\](?!:)", line):
            if lab not in order:
                order.append(lab)
        body.append(line)
    body = [re.sub(r"\[\^([^\]]+)\]", lambda g: num(order.index(g.group(1)) + 1) if g.group(1) in order else "", l)
            for l in body]
    return body + ["%s %s" % (num(k + 1), notes[lab]) for k, lab in enumerate(order) if lab in notes]


main()
