#!/usr/bin/python3
"""tagcheck.py - an independent checker of tagged PDF / PDF/UA-1 output:
the machine-checkable failure conditions of the Matterhorn Protocol 1.1, the
structure-tree bookkeeping they rest on (parent tree, /P, /Pg), and the text a
screen reader gets from the structure tree in reading order.  It reads the
file with pikepdf only (no code shared with mujaz's writer) and does not
assume how mujaz lays out its tree beyond what PDF 1.7 / PDF/UA-1 require;
the two project rules it adds are named mz-*.

usage:
  tagcheck.py check [--summary|--brief] FILE.pdf...
                                              PASS/FAIL tags:<file>:<cond> lines
                                              (--summary: one line per file; --brief:
                                              the FAIL lines and one PASS for the rest)
  tagcheck.py text FILE.pdf                   the structure tree's text in reading order
  tagcheck.py compare [--min R] [--name N] SOURCE.txt FILE.pdf
                                              reading-order text vs the source (strict
                                              character similarity >= R, default 0.995),
                                              and poppler's pdfinfo -struct-text beside it
  tagcheck.py source DOC.md|DOC.txt           the source side: the text a reader should get
                                              (briefing_text.py, with mujaz's digits)
  tagcheck.py voices [--name N] [--latin LANG] [--control] FILE.pdf
                                              every letter a screen reader speaks is in an
                                              element of its script's language (Latin in a
                                              language written left to right, or in LANG;
                                              Arabic script in one written right to left);
                                              --control: the same with the Spans' /Lang
                                              removed, which must fail
  tagcheck.py pdfa FILE.pdf                   XMP declares PDF/A-2a (pdfaid:part 2,
                                              conformance A) and the pdfuaid extension schema
  tagcheck.py controls                        negative controls: a synthetic tagged PDF
                                              that passes every check, then one mutation
                                              per checked condition, each must be caught
poppler's `pdfinfo -struct-text` (poppler 22.12, Debian 12) is printed beside
the walker as a cross-check only: tried on tagcontrols.py's synthetic PDF, it
does NOT honour /ActualText on a structure element (an element with
ActualText "hello world" over glyphs drawn "dlrow olleh" comes out as
"dlrow olleh"), prints "" for a Figure instead of its /Alt, and reads marked
content through the ToUnicode map in content order.  So for mujaz's Arabic,
drawn in visual order, it gives reversed text; this walker is the reference.

Exit status is 0 unless the arguments are wrong; the verdicts are the lines.

Conditions checked (Matterhorn 1.1 numbering; "PDF-" are ISO 32000-1 structure
rules the conditions presuppose, "mz-" are this project's rules):
  01-003 01-004 01-005 01-007  02-001 02-003 02-004  06-001 06-002 06-003
  07-001 07-002  09-004 09-005 09-006 09-007 09-008  10-001
  11-001 11-002 11-003 11-004 11-006  13-004  14-002 14-003 14-006 14-007
  15-003  17-002  19-003 19-004  20-001 20-002 20-003  21-001  25-001
  26-001 26-002  28-002 28-004 28-007 28-008 28-009 28-010 28-011 28-012 28-017
  30-001 30-002  31-001 31-002 31-004 31-005 31-006 31-007 31-009 31-011 31-014
  31-015 31-016 31-027 31-028 31-029 31-030
  PDF-markinfo PDF-tree PDF-mcid PDF-ptree PDF-P PDF-Pg  mz-document mz-one-h1

Where a condition is only partly decidable the check does the decidable part:
  31-014  only "a CID drawn is missing from CIDSet" (which glyphs a subset font
          "contains" is not decidable from glyf alone: retained-GID subsets keep
          empty slots);
  31-015  only "CIDSet lists a CID past the font's glyph count";
  10-001  for Type0 fonts every code drawn must be in the ToUnicode CMap; for
          simple fonts only that a ToUnicode or a named Encoding exists;
  31-030  Type0/CIDFontType2 only (a simple font's .notdef needs its cmap);
  11-00x  language is "determinable" when the catalog or an ancestor element
          has a /Lang; every /Lang found must be a well-formed BCP 47 tag.

NOT checked by program, and why:
  01-001 01-002 01-006  whether content is really an artifact, or really content,
                        and whether a tag suits it: meaning, not syntax
  02-002                whether a role mapping is semantically right
  03-xxx 04-001 05-xxx  flicker, colour/contrast, sound: perception
  06-004                whether dc:title identifies the document
  08-001 08-002         OCR quality
  09-001 09-002 09-003  reading order and nesting "semantically appropriate"
                        (the reading-order text compared with the source is the
                        program's approximation of 09-001: see `compare`)
  11-007                whether the declared language is the right one
  12-001                stretched characters represented appropriately
  13-001 13-002 13-003 13-005 13-006 13-007 13-008
                        which graphics are meaningful, whether alt text or a
                        caption says the right thing
  14-001 14-004 14-005  whether text that looks like a heading is tagged as one
  15-001 15-002 15-004 15-005  which cells are headers, whether a table is tabular
  16-001 16-002 16-003  lists: whether content is a list / ordered (ListNumbering
                        is advisory in PDF/UA-1 and human in Matterhorn)
  17-001 17-003         whether content is mathematics
  18-001 18-002         whether header/footer furniture is classified right
  19-001 19-002         whether notes and references are tagged as such
  22-001 23-001 24-001 27-001 29-001  article threads, signatures, non-interactive
                        forms, navigation, script timing: human or no test defined
  28-001 28-003 28-006 28-013  annotation reading order / purpose / IsMap
  28-005 28-014 28-015 28-016 28-018  form fields, media clips, file attachments,
                        PrinterMark appearances: mujaz writes none; not implemented
  31-003 31-008 31-010 31-012 31-013 31-017..31-026  CMap supplements, CMap
                        chains, font licensing, Type 1 CharSet and simple
                        TrueType cmap/encoding rules: mujaz writes only Type0
                        Identity-H fonts; 31-010 is a legal question.
"""
import difflib
import io
import os
import re
import struct
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

HERE = os.path.dirname(os.path.abspath(__file__))

CONDITIONS = {
    "01-003": "content marked as Artifact inside tagged content",
    "01-004": "tagged content inside content marked as Artifact",
    "01-005": "content neither marked as Artifact nor tagged as real content",
    "01-007": "MarkInfo /Suspects is true",
    "02-001": "a non-standard structure type does not map to a standard one",
    "02-003": "a circular role mapping",
    "02-004": "a standard structure type is remapped",
    "06-001": "no XMP metadata stream in the catalog",
    "06-002": "XMP metadata lacks the PDF/UA identifier (pdfuaid:part 1)",
    "06-003": "XMP metadata lacks dc:title",
    "07-001": "ViewerPreferences lacks DisplayDocTitle",
    "07-002": "ViewerPreferences DisplayDocTitle is false",
    "09-004": "table elements not nested as ISO 32000-1 Table 337",
    "09-005": "list elements not nested as ISO 32000-1 Table 336",
    "09-006": "TOC elements not nested as ISO 32000-1 Table 333",
    "09-007": "Ruby elements not nested as ISO 32000-1 Table 338",
    "09-008": "Warichu elements not nested as ISO 32000-1 Table 338",
    "10-001": "a character code cannot be mapped to Unicode",
    "11-001": "natural language of page content cannot be determined (or a /Lang is malformed)",
    "11-002": "natural language of Alt/ActualText/E cannot be determined",
    "11-003": "natural language of outline entries cannot be determined",
    "11-004": "natural language of annotation Contents cannot be determined",
    "11-006": "natural language of document metadata cannot be determined",
    "13-004": "Figure without Alt or ActualText",
    "14-002": "numbered headings used but the first is not H1",
    "14-003": "numbered heading levels skipped",
    "14-006": "a node contains more than one H",
    "14-007": "both H and Hn used",
    "15-003": "TH without Scope in a table without Headers/IDs",
    "17-002": "Formula without Alt",
    "19-003": "Note without /ID",
    "19-004": "Note /ID not unique",
    "20-001": "optional content configuration in Configs without a Name",
    "20-002": "default optional content configuration without a Name",
    "20-003": "an AS entry in an optional content configuration",
    "21-001": "embedded file specification without F and UF",
    "25-001": "dynamic XFA (dynamicRender required)",
    "26-001": "encrypted without a P entry",
    "26-002": "encrypted and P bit 10 (accessibility extraction) clear",
    "28-002": "an annotation (not Widget/Link/PrinterMark/Popup) not a child of an Annot element",
    "28-004": "an annotation (not Widget) without Contents or Alt",
    "28-007": "a TrapNet annotation",
    "28-008": "a page with annotations has no /Tabs",
    "28-009": "a page with annotations has /Tabs other than /S",
    "28-010": "a Widget annotation not nested in a Form element",
    "28-011": "a Link annotation not nested in a Link element (via OBJR and /StructParent)",
    "28-012": "a Link annotation without Contents",
    "28-017": "a PrinterMark annotation in the logical structure",
    "30-001": "a reference XObject",
    "30-002": "a form XObject with MCIDs drawn more than once",
    "31-001": "Type0 CIDSystemInfo Registry differs from the CMap's",
    "31-002": "Type0 CIDSystemInfo Ordering differs from the CMap's",
    "31-004": "CIDFontType2 CIDToGIDMap neither Identity nor a stream",
    "31-005": "CIDFontType2 without CIDToGIDMap",
    "31-006": "a CMap neither predefined nor embedded",
    "31-007": "CMap WMode differs between dictionary and stream",
    "31-009": "a font used for text is not embedded",
    "31-011": "a glyph drawn is not in the embedded font program",
    "31-014": "a CID drawn is not in the font's CIDSet",
    "31-015": "CIDSet lists a CID the font program does not have",
    "31-016": "a width in the font dictionary differs from the font program's",
    "31-027": "a font without a ToUnicode CMap (and no other Unicode mapping)",
    "31-028": "a ToUnicode value is U+0000",
    "31-029": "a ToUnicode value is U+FEFF or U+FFFE",
    "31-030": "a .notdef glyph (GID 0) is drawn",
    "PDF-markinfo": "catalog /MarkInfo /Marked is not true",
    "PDF-tree": "no well-formed StructTreeRoot (K, elements with /S, no element reached twice)",
    "PDF-mcid": "an MCID in content is not referenced by exactly one structure element",
    "PDF-ptree": "ParentTree does not map (StructParents, MCID) / StructParent to the referencing element",
    "PDF-P": "a structure element's /P is not its parent",
    "PDF-Pg": "a marked-content reference's page (/Pg) does not hold that MCID",
    "mz-document": "StructTreeRoot /K is not a single Document element",
    "mz-one-h1": "a document whose first element is its title (an H1) has another H1",
}

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())
BLOCK = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Table TR TH TD THead TBody TFoot Figure Formula Form Note
BibEntry""".split())
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"}
SHOW = {"Tj", "TJ", "'", '"'}
PREDEFINED_CMAPS = {"Identity-H", "Identity-V"}  # the ones a Type0 CIDFontType2 can use here
BCP47 = re.compile(r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?"
                   r"(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*"
                   r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*(?:-x(?:-[A-Za-z\d]{1,8})+)?$"
                   r"|^x(?:-[A-Za-z\d]{1,8})+$")
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/",
      "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
      "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
      "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
      "xml": "http://www.w3.org/XML/1998/namespace"}


def og(o):
    """an object's identity: its object number for indirect objects"""
    try:
        if o.is_indirect:
            return o.objgen
    except Exception:
        pass
    return ("direct", id(o))


def nm(o):
    return str(o)[1:] if isinstance(o, Name) else None


def pstr(o):
    """a PDF text string as Python text"""
    if isinstance(o, String):
        return str(o)
    return None


# ---------------------------------------------------------------- fonts

class TTF:
    """the few TrueType tables the checks need: maxp, head, hhea, hmtx, cmap"""

    def __init__(self, data):
        self.d = data
        n = struct.unpack(">H", data[4:6])[0]
        self.t = {}
        for i in range(n):
            tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
            self.t[tag.decode("latin-1")] = (off, ln)
        self.num_glyphs = struct.unpack(">H", self.table("maxp")[4:6])[0]
        self.upem = struct.unpack(">H", self.table("head")[18:20])[0]
        self.nhm = struct.unpack(">H", self.table("hhea")[34:36])[0]
        self.hmtx = self.table("hmtx")

    def table(self, tag):
        off, ln = self.t[tag]
        return self.d[off:off + ln]

    def advance(self, gid):
        i = min(gid, self.nhm - 1)
        return struct.unpack(">H", self.hmtx[4 * i:4 * i + 2])[0]

    def cmap(self):
        c = self.table("cmap")
        n = struct.unpack(">H", c[2:4])[0]
        subs = {}
        for i in range(n):
            pid, eid, off = struct.unpack(">HHI", c[4 + 8 * i:12 + 8 * i])
            subs[(pid, eid)] = off
        out = {}
        for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
            if key not in subs:
                continue
            off = subs[key]
            fmt = struct.unpack(">H", c[off:off + 2])[0]
            if fmt == 12:
                ng = struct.unpack(">I", c[off + 12:off + 16])[0]
                for g in range(ng):
                    a, b, s = struct.unpack(">III", c[off + 16 + 12 * g:off + 28 + 12 * g])
                    for cp in range(a, b + 1):
                        out.setdefault(cp, s + cp - a)
            elif fmt == 4:
                seg = struct.unpack(">H", c[off + 6:off + 8])[0] // 2
                ends = struct.unpack(">%dH" % seg, c[off + 14:off + 14 + 2 * seg])
                p = off + 16 + 2 * seg
                starts = struct.unpack(">%dH" % seg, c[p:p + 2 * seg])
                deltas = struct.unpack(">%dh" % seg, c[p + 2 * seg:p + 4 * seg])
                ro = p + 4 * seg
                ranges = struct.unpack(">%dH" % seg, c[ro:ro + 2 * seg])
                for i in range(seg):
                    for cp in range(starts[i], ends[i] + 1):
                        if cp == 0xFFFF:
                            continue
                        if ranges[i] == 0:
                            g = (cp + deltas[i]) & 0xFFFF
                        else:
                            a = ro + 2 * i + ranges[i] + 2 * (cp - starts[i])
                            g = struct.unpack(">H", c[a:a + 2])[0]
                            g = (g + deltas[i]) & 0xFFFF if g else 0
                        if g:
                            out.setdefault(cp, g)
        return out


def utf16(h):
    b = bytes.fromhex(h)
    return b.decode("utf-16-be", "replace")


def parse_tounicode(data):
    """ToUnicode CMap -> ({code: text}, {code byte lengths})"""
    toks = re.findall(rb"<[0-9A-Fa-f\s]*>|\[|\]|begin\w+|end\w+", data)
    m, lens, mode, i = {}, set(), None, 0
    while i < len(toks):
        t = toks[i]
        if t.startswith(b"begin"):
            mode = t[5:]
            i += 1
            continue
        if t.startswith(b"end"):
            mode = None
            i += 1
            continue
        hx = lambda k: re.sub(rb"\s", b"", toks[k][1:-1]).decode()
        try:
            if mode == b"codespacerange":
                lens.add(len(hx(i)) // 2)
                i += 2
            elif mode == b"bfchar":
                m[int(hx(i), 16)] = utf16(hx(i + 1))
                i += 2
            elif mode == b"bfrange":
                lo, hi = int(hx(i), 16), int(hx(i + 1), 16)
                if toks[i + 2] == b"[":
                    j = i + 3
                    for c in range(lo, hi + 1):
                        if toks[j] == b"]":
                            break
                        m[c] = utf16(hx(j))
                        j += 1
                    while toks[j] != b"]":
                        j += 1
                    i = j + 1
                else:
                    d = bytes.fromhex(hx(i + 2))
                    for c in range(lo, min(hi, lo + 65535) + 1):
                        dd = d[:-1] + bytes([(d[-1] + c - lo) & 0xFF]) if d else d
                        m[c] = dd.decode("utf-16-be", "replace")
                    i += 3
            else:
                i += 1
        except (IndexError, ValueError):
            i += 1
    return m, lens


class Font:
    def __init__(self, obj):
        self.obj = obj
        self.subtype = nm(obj.get("/Subtype"))
        self.name = nm(obj.get("/BaseFont")) or "?"
        self.type0 = self.subtype == "Type0"
        self.desc = None
        self.cid = None
        if self.type0:
            df = obj.get("/DescendantFonts")
            self.cid = df[0] if isinstance(df, Array) and len(df) else None
            if self.cid is not None:
                self.desc = self.cid.get("/FontDescriptor")
        else:
            self.desc = obj.get("/FontDescriptor")
        self.tu, self.tu_lens, self.tu_ok = {}, set(), False
        tu = obj.get("/ToUnicode")
        if isinstance(tu, Stream):
            try:
                self.tu, self.tu_lens = parse_tounicode(tu.read_bytes())
                self.tu_ok = True
            except Exception:
                pass
        self.nbytes = 2 if self.type0 else 1
        self.c2g = None  # None = Identity
        if self.cid is not None:
            m = self.cid.get("/CIDToGIDMap")
            if isinstance(m, Stream):
                try:
                    self.c2g = m.read_bytes()
                except Exception:
                    self.c2g = b""
        self.ttf, self.ttf_err = None, None
        ff = self.desc.get("/FontFile2") if self.desc is not None else None
        if isinstance(ff, Stream):
            try:
                self.ttf = TTF(ff.read_bytes())
            except Exception as e:
                self.ttf_err = str(e)
        self.cidset = None
        if self.desc is not None and isinstance(self.desc.get("/CIDSet"), Stream):
            try:
                self.cidset = self.desc.CIDSet.read_bytes()
            except Exception:
                self.cidset = b""
        self.widths = {}
        if self.cid is not None:
            self.dw = float(self.cid.get("/DW", 1000))
            w = self.cid.get("/W")
            if isinstance(w, Array):
                i, w = 0, list(w)
                while i < len(w):
                    if i + 1 < len(w) and isinstance(w[i + 1], Array):
                        for k, v in enumerate(w[i + 1]):
                            self.widths[int(w[i]) + k] = float(v)
                        i += 2
                    elif i + 2 < len(w):
                        for c in range(int(w[i]), int(w[i + 1]) + 1):
                            self.widths[c] = float(w[i + 2])
                        i += 3
                    else:
                        break
        self.used = set()

    def embedded(self):
        d = self.desc
        return d is not None and any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    def codes(self, b):
        n = self.nbytes
        return [int.from_bytes(b[i:i + n], "big") for i in range(0, len(b) - n + 1, n)]

    def gid(self, cid):
        if self.c2g is None:
            return cid
        if 2 * cid + 2 > len(self.c2g):
            return 0
        return int.from_bytes(self.c2g[2 * cid:2 * cid + 2], "big")

    def text(self, code):
        if code in self.tu:
            return self.tu[code]
        if not self.type0 and not self.tu_ok:
            return chr(code)
        return "\ufffd"


# ---------------------------------------------------------------- content

class MC:
    __slots__ = ("tag", "mcid", "actual", "artifact", "lang", "key")

    def __init__(self, tag, props, key):
        self.tag, self.key = tag, key
        self.mcid = None
        self.actual = None
        self.lang = None
        if isinstance(props, Dictionary):
            if isinstance(props.get("/MCID"), int):
                self.mcid = int(props.MCID)
            self.actual = pstr(props.get("/ActualText"))
            self.lang = pstr(props.get("/Lang"))
        self.artifact = tag == "Artifact"


class Content:
    """everything the checks need from the page content streams, in one pass"""

    def __init__(self, pdf, rep):
        self.pdf, self.rep = pdf, rep
        self.fonts = {}
        self.mcids = {}          # key -> {mcid: count}
        self.pieces = {}         # (key, mcid) -> [(text, y)]
        self.form_parents = {}   # form key -> StructParents
        self.form_draws = {}     # form key -> times drawn
        self.form_has_mcid = set()
        self.mc_langs = []
        self._cur_key = None
        for i, page in enumerate(pdf.pages):
            key = ("page", og(page.obj))
            self.mcids.setdefault(key, {})
            self.walk(page.obj, page.obj.get("/Resources", Dictionary()), key, [], "page %d" % (i + 1), 0)

    def font(self, obj):
        k = og(obj)
        if k not in self.fonts:
            self.fonts[k] = Font(obj)
        return self.fonts[k]

    def walk(self, stream, res, key, stack, where, depth):
        """walks one content stream; text goes to the MCID sequences of KEY's stream"""
        prev, self._cur_key = self._cur_key, key
        try:
            self._walk(stream, res, key, stack, where, depth)
        finally:
            self._cur_key = prev

    def _walk(self, stream, res, key, stack, where, depth):
        rep = self.rep
        if depth > 12:
            return
        try:
            ops = pikepdf.parse_content_stream(stream)
        except Exception as e:
            rep.fail("01-005", "%s: content stream unreadable: %s" % (where, e))
            return
        base = len(stack)
        font, ty = None, 0.0
        fonts = res.get("/Font", Dictionary()) if isinstance(res, Dictionary) else Dictionary()
        for ins in ops:
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                self.paint(stack, where, "inline image")
                continue
            op, args = str(ins.operator), list(ins.operands)
            if op in ("BDC", "BMC"):
                tag = nm(args[0]) or "?"
                props = args[1] if len(args) > 1 else None
                if isinstance(props, Name):
                    pr = res.get("/Properties", Dictionary()) if isinstance(res, Dictionary) else None
                    props = pr.get(props) if isinstance(pr, Dictionary) else None
                mc = MC(tag, props, key)
                if mc.lang is not None:
                    self.mc_langs.append((where, mc.lang))
                in_art = any(m.artifact for m in stack)
                in_tag = any(m.mcid is not None for m in stack)
                if mc.artifact and in_tag:
                    rep.fail("01-003", "%s: /Artifact %s inside an MCID sequence" % (where, "BDC" if props is not None else "BMC"))
                if mc.mcid is not None and (in_art or mc.artifact):
                    rep.fail("01-004", "%s: MCID %d %s" % (where, mc.mcid, "on an Artifact" if mc.artifact else "inside an Artifact"))
                if mc.mcid is not None and in_tag:
                    rep.fail("PDF-mcid", "%s: MCID %d nested inside another MCID sequence" % (where, mc.mcid))
                if mc.mcid is not None:
                    d = self.mcids.setdefault(key, {})
                    d[mc.mcid] = d.get(mc.mcid, 0) + 1
                    if key[0] == "form":
                        self.form_has_mcid.add(key)
                    self.pieces.setdefault((key, mc.mcid), [])
                stack.append(mc)
                if mc.actual is not None and not any(m.artifact for m in stack):
                    self.emit(stack, mc.actual, None, skip_actual=True)
            elif op == "EMC":
                if len(stack) > base:
                    stack.pop()
                else:
                    rep.fail("01-005", "%s: EMC without BDC/BMC" % where)
            elif op == "Tf" and args:
                f = fonts.get(args[0]) if isinstance(fonts, Dictionary) else None
                font = self.font(f) if isinstance(f, Dictionary) else None
                if font is None:
                    rep.fail("31-009", "%s: font %s not in resources" % (where, args[0]))
            elif op == "Tm" and len(args) == 6:
                ty = float(args[5])
            elif op in ("Td", "TD") and len(args) == 2:
                ty += float(args[1])
            elif op in ("T*", "'", '"'):
                ty -= 1  # a new line: only the change matters
            if op in SHOW:
                self.paint(stack, where, op)
                strs = []
                if op == "TJ" and args and isinstance(args[0], Array):
                    strs = [bytes(s) for s in args[0] if isinstance(s, String)]
                elif args and isinstance(args[-1], String):
                    strs = [bytes(args[-1])]
                if font is None:
                    continue
                txt = []
                for b in strs:
                    for code in font.codes(b):
                        self.glyph(font, code, where)
                        txt.append(font.text(code))
                self.emit(stack, "".join(txt), ty)
            elif op in PAINT:
                self.paint(stack, where, op)
            elif op == "Do" and args:
                xo = res.get("/XObject", Dictionary()).get(args[0]) if isinstance(res, Dictionary) else None
                if not isinstance(xo, Stream):
                    continue
                st = nm(xo.get("/Subtype"))
                if st == "Image":
                    self.paint(stack, where, "Do image")
                elif st == "Form":
                    fk = ("form", og(xo))
                    if "/Ref" in xo:
                        rep.fail("30-001", "%s: reference XObject %s" % (where, args[0]))
                    self.form_draws[fk] = self.form_draws.get(fk, 0) + 1
                    if "/StructParents" in xo:
                        self.form_parents[fk] = int(xo.StructParents)
                    self.mcids.setdefault(fk, {})
                    fres = xo.get("/Resources", res)
                    self.walk(xo, fres, fk, stack, "%s form %s" % (where, args[0]), depth + 1)
        if len(stack) > base:
            rep.fail("01-005", "%s: %d BDC/BMC without EMC" % (where, len(stack) - base))
            del stack[base:]

    def paint(self, stack, where, op):
        if not any(m.artifact or m.mcid is not None for m in stack):
            self.rep.fail("01-005", "%s: '%s' outside any Artifact or MCID sequence" % (where, op))

    def emit(self, stack, text, y, skip_actual=False):
        """text to the innermost MCID sequence, unless an Artifact or an
        ActualText (already emitted) covers it"""
        if any(m.artifact for m in stack):
            return
        acts = [m for m in stack if m.actual is not None]
        if acts and not (skip_actual and acts[0] is stack[-1]):
            return
        for m in reversed(stack):
            if m.mcid is not None:
                # an MCID sequence opened on a page and a form drawn inside it:
                # the text belongs to the page's sequence
                self.pieces.setdefault((m.key, m.mcid), []).append((text, y))
                return

    def glyph(self, font, code, where):
        rep = self.rep
        font.used.add(code)
        if font.type0:
            if code not in font.tu:
                rep.fail("10-001", "%s: %s code %04X has no ToUnicode entry" % (where, font.name, code))
            g = font.gid(code)
            if g == 0:
                rep.fail("31-030", "%s: %s draws code %04X = GID 0 (.notdef)" % (where, font.name, code))
            if font.ttf is not None and g >= font.ttf.num_glyphs:
                rep.fail("31-011", "%s: %s GID %d past the font's %d glyphs" % (where, font.name, g, font.ttf.num_glyphs))
            if font.cidset is not None:
                byte = code >> 3
                if byte >= len(font.cidset) or not (font.cidset[byte] & (0x80 >> (code & 7))):
                    rep.fail("31-014", "%s: %s CID %d drawn but not in CIDSet" % (where, font.name, code))


# ---------------------------------------------------------------- structure

class Elem:
    def __init__(self, obj, parent, rolemap):
        self.obj, self.parent = obj, parent
        self.s = nm(obj.get("/S")) or "?"
        self.std = std_type(self.s, rolemap)
        self.kids = []   # ('mcid', key, mcid) | ('objr', obj) | ('elem', Elem)
        self.actual = pstr(obj.get("/ActualText"))
        self.alt = pstr(obj.get("/Alt"))
        self.lang = pstr(obj.get("/Lang"))


def std_type(s, rolemap):
    seen = set()
    while s not in STANDARD:
        if s in seen or rolemap is None:
            return None
        seen.add(s)
        v = rolemap.get("/" + s)
        if not isinstance(v, Name):
            return None
        s = str(v)[1:]
    return s


def number_tree(node, out, depth=0):
    if not isinstance(node, Dictionary) or depth > 32:
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for i in range(0, len(nums) - 1, 2):
            if isinstance(nums[i], int):
                out[int(nums[i])] = nums[i + 1]
    for k in node.get("/Kids", []):
        number_tree(k, out, depth + 1)


class Tree:
    def __init__(self, pdf, rep):
        self.rep = rep
        cat = pdf.Root
        self.root = cat.get("/StructTreeRoot")
        self.elems, self.top = [], []
        self.rolemap = None
        self.ptree = {}
        self.pages = {og(p.obj): i for i, p in enumerate(pdf.pages)}
        if not isinstance(self.root, Dictionary):
            rep.fail("PDF-tree", "no /StructTreeRoot in the catalog (the file is not tagged)")
            self.root = None
            return
        rm = self.root.get("/RoleMap")
        self.rolemap = rm if isinstance(rm, Dictionary) else None
        if "/K" not in self.root:
            rep.fail("PDF-tree", "StructTreeRoot has no /K")
        number_tree(self.root.get("/ParentTree"), self.ptree)
        self.seen = set()
        k = self.root.get("/K")
        for kid in (k if isinstance(k, Array) else [k] if k is not None else []):
            if isinstance(kid, Dictionary):
                e = self.elem(kid, None, 0)
                if e is not None:
                    self.top.append(e)
            else:
                rep.fail("PDF-tree", "StructTreeRoot /K holds %r, not an element" % (kid,))

    def elem(self, obj, parent, depth):
        rep = self.rep
        k = og(obj)
        if k in self.seen:
            rep.fail("PDF-tree", "element %s reached twice (two parents or a cycle)" % (k,))
            return None
        if depth > 200:
            rep.fail("PDF-tree", "structure deeper than 200")
            return None
        self.seen.add(k)
        if "/S" not in obj:
            rep.fail("PDF-tree", "element %s without /S" % (k,))
        e = Elem(obj, parent, self.rolemap)
        self.elems.append(e)
        want = parent.obj if parent is not None else self.root
        p = obj.get("/P")
        if p is None or og(p) != og(want):
            rep.fail("PDF-P", "%s element %s: /P is %s, its parent is %s" % (
                e.s, k, og(p) if p is not None else "missing", og(want)))
        pg = obj.get("/Pg")
        if pg is not None and og(pg) not in self.pages:
            rep.fail("PDF-Pg", "%s element %s: /Pg is not a page of the document" % (e.s, k))
        kids = obj.get("/K")
        for kid in (kids if isinstance(kids, Array) else [kids] if kids is not None else []):
            if isinstance(kid, int):
                if pg is None:
                    rep.fail("PDF-Pg", "%s element %s: MCID %d kid but no /Pg" % (e.s, k, int(kid)))
                    continue
                e.kids.append(("mcid", ("page", og(pg)), int(kid)))
            elif isinstance(kid, Dictionary):
                t = nm(kid.get("/Type"))
                if t == "MCR":
                    stm = kid.get("/Stm")
                    kpg = kid.get("/Pg", pg)
                    if stm is not None:
                        e.kids.append(("mcid", ("form", og(stm)), int(kid.get("/MCID", -1))))
                    elif kpg is None:
                        rep.fail("PDF-Pg", "%s element %s: MCR without /Pg" % (e.s, k))
                    else:
                        if og(kpg) not in self.pages:
                            rep.fail("PDF-Pg", "%s element %s: MCR /Pg is not a page" % (e.s, k))
                        e.kids.append(("mcid", ("page", og(kpg)), int(kid.get("/MCID", -1))))
                elif t == "OBJR":
                    e.kids.append(("objr", kid.get("/Obj")))
                else:
                    c = self.elem(kid, e, depth + 1)
                    if c is not None:
                        e.kids.append(("elem", c))
        return e

    def walk(self):
        out = []

        def rec(e):
            out.append(e)
            for k in e.kids:
                if k[0] == "elem":
                    rec(k[1])
        for e in self.top:
            rec(e)
        return out


# ---------------------------------------------------------------- the report

class Report:
    def __init__(self, name):
        self.name = name
        self.fails = {}

    def fail(self, cond, detail):
        self.fails.setdefault(cond, []).append(detail)

    def lines(self):
        out = []
        for c in CONDITIONS:
            f = self.fails.get(c)
            if not f:
                out.append("PASS tags:%s:%s" % (self.name, c))
            else:
                # 31-028's findings are all listed: t_tags.sh waives them one by one
                shown = f if c == "31-028" else f[:3]
                more = " (and %d more)" % (len(f) - len(shown)) if len(f) > len(shown) else ""
                out.append("FAIL tags:%s:%s: %s: %s%s" % (self.name, c, CONDITIONS[c], "; ".join(shown), more))
        return out

    def brief(self):
        """a FAIL line per failing condition, one PASS line for the rest"""
        out = [l for l in self.lines() if l.startswith("FAIL")]
        n = len(CONDITIONS) - len(out)
        if n:
            out.append("PASS tags:%s: %d of %d conditions hold" % (self.name, n, len(CONDITIONS)))
        return out

    def summary(self):
        bad = [c for c in CONDITIONS if self.fails.get(c)]
        if not bad:
            return "PASS tags:%s: all %d conditions" % (self.name, len(CONDITIONS))
        return "FAIL tags:%s: %d of %d conditions fail: %s" % (
            self.name, len(bad), len(CONDITIONS),
            ", ".join("%s (%d)" % (c, len(self.fails[c])) for c in bad))


def xmp_of(pdf):
    md = pdf.Root.get("/Metadata")
    if not isinstance(md, Stream):
        return None
    try:
        return ET.fromstring(md.read_bytes())
    except ET.ParseError:
        return ET.Element("unparsable")


def xmp_prop(root, ns, name):
    """a simple XMP property, as an element's text or a description's attribute"""
    q = "{%s}%s" % (NS[ns], name)
    for d in root.iter("{%s}Description" % NS["rdf"]):
        if q in d.attrib:
            return d.attrib[q].strip()
        el = d.find(q)
        if el is not None:
            return (el.text or "").strip()
    return None


def check_pdf(path, name=None):
    rep = Report(name or os.path.basename(path))
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        rep.fail("26-002", "needs a password to open")
        return rep
    with pdf:
        run_checks(pdf, rep)
    return rep


def run_checks(pdf, rep):
    cat = pdf.Root
    # security
    if pdf.is_encrypted:
        enc = pdf.trailer.get("/Encrypt")
        if isinstance(enc, Dictionary) and "/P" not in enc:
            rep.fail("26-001", "encrypted, no /P")
        elif not (int(pdf.encryption.P) & 512):
            rep.fail("26-002", "encrypted, /P %d has bit 10 clear" % int(pdf.encryption.P))
    # MarkInfo
    mi = cat.get("/MarkInfo")
    if not isinstance(mi, Dictionary) or mi.get("/Marked") is not True:
        rep.fail("PDF-markinfo", "MarkInfo is %r" % (dict(mi) if isinstance(mi, Dictionary) else mi,))
    elif mi.get("/Suspects") is True:
        rep.fail("01-007", "MarkInfo /Suspects true")
    # metadata
    x = xmp_of(pdf)
    if x is None:
        rep.fail("06-001", "no /Metadata stream")
        rep.fail("06-002", "no XMP")
        rep.fail("06-003", "no XMP")
    else:
        part = xmp_prop(x, "pdfuaid", "part")
        if part != "1":
            rep.fail("06-002", "pdfuaid:part is %r" % part)
        titles = [li.text for t in x.iter("{%s}title" % NS["dc"]) for li in t.iter("{%s}li" % NS["rdf"])]
        if not any(t and t.strip() for t in titles):
            rep.fail("06-003", "no non-empty dc:title")
    vp = cat.get("/ViewerPreferences")
    if not isinstance(vp, Dictionary) or "/DisplayDocTitle" not in vp:
        rep.fail("07-001", "no /ViewerPreferences /DisplayDocTitle")
    elif vp.DisplayDocTitle is not True:
        rep.fail("07-002", "DisplayDocTitle is %r" % (vp.DisplayDocTitle,))
    # language
    clang = pstr(cat.get("/Lang"))
    if clang is None or not clang.strip():
        rep.fail("11-001", "no catalog /Lang")
        clang = None
    elif not BCP47.match(clang):
        rep.fail("11-001", "catalog /Lang %r is not a BCP 47 tag" % clang)

    content = Content(pdf, rep)
    tree = Tree(pdf, rep)
    elems = tree.walk()

    for where, l in content.mc_langs:
        if not BCP47.match(l):
            rep.fail("11-001", "%s: marked-content /Lang %r malformed" % (where, l))

    # role map
    rm = tree.rolemap
    if rm is not None:
        for k in rm.keys():
            s = k[1:]
            if s in STANDARD:
                rep.fail("02-004", "RoleMap remaps standard type %s" % s)
            seen, t = [s], s
            while True:
                v = rm.get("/" + t)
                if not isinstance(v, Name):
                    break
                t = str(v)[1:]
                if t in seen:
                    rep.fail("02-003", "circular mapping %s" % " -> ".join(seen + [t]))
                    break
                seen.append(t)
                if t in STANDARD:
                    break
    for e in elems:
        if e.std is None:
            rep.fail("02-001", "type %s does not map to a standard type" % e.s)
    if tree.root is not None:
        if len(tree.top) != 1 or tree.top[0].std != "Document":
            rep.fail("mz-document", "StructTreeRoot /K: %s" % [e.s for e in tree.top])

    def lang_of(e):
        while e is not None:
            if e.lang:
                return e.lang
            e = e.parent
        return clang

    for e in elems:
        if e.lang is not None and not BCP47.match(e.lang):
            rep.fail("11-001", "%s /Lang %r malformed" % (e.s, e.lang))
        has_mc = any(k[0] == "mcid" for k in e.kids)
        if has_mc and not lang_of(e):
            rep.fail("11-001", "%s element: no /Lang on it, its ancestors or the catalog" % e.s)
        if (e.alt is not None or e.actual is not None or "/E" in e.obj) and not lang_of(e):
            rep.fail("11-002", "%s element with Alt/ActualText/E: no language" % e.s)
    if "/Outlines" in cat and isinstance(cat.Outlines, Dictionary) and "/First" in cat.Outlines and not clang:
        rep.fail("11-003", "outlines present, no catalog /Lang")

    # nesting (after role mapping)
    def ptype(e):
        return e.parent.std if e.parent is not None else None

    def ktypes(e):
        return [k[1].std for k in e.kids if k[0] == "elem"]
    for e in elems:
        t, p, ks = e.std, ptype(e), ktypes(e)
        if t == "Table":
            bad = [k for k in ks if k not in ("TR", "THead", "TBody", "TFoot", "Caption")]
            if bad:
                rep.fail("09-004", "Table holds %s" % bad)
        elif t in ("THead", "TBody", "TFoot"):
            if p != "Table":
                rep.fail("09-004", "%s under %s" % (t, p))
            if [k for k in ks if k != "TR"]:
                rep.fail("09-004", "%s holds %s" % (t, [k for k in ks if k != "TR"]))
        elif t == "TR":
            if p not in ("Table", "THead", "TBody", "TFoot"):
                rep.fail("09-004", "TR under %s" % p)
            if [k for k in ks if k not in ("TH", "TD")]:
                rep.fail("09-004", "TR holds %s" % [k for k in ks if k not in ("TH", "TD")])
        elif t in ("TH", "TD") and p != "TR":
            rep.fail("09-004", "%s under %s" % (t, p))
        if t == "L":
            bad = [k for k in ks if k not in ("LI", "L", "Caption")]
            if bad:
                rep.fail("09-005", "L holds %s" % bad)
        elif t == "LI":
            if p != "L":
                rep.fail("09-005", "LI under %s" % p)
            if [k for k in ks if k not in ("Lbl", "LBody")]:
                rep.fail("09-005", "LI holds %s" % [k for k in ks if k not in ("Lbl", "LBody")])
        elif t in ("Lbl", "LBody") and p not in ("LI",) and not (t == "Lbl" and p in ("TOCI", "BibEntry", "Note")):
            rep.fail("09-005", "%s under %s" % (t, p))
        if t == "TOC":
            bad = [k for k in ks if k not in ("TOCI", "TOC", "Caption")]
            if bad:
                rep.fail("09-006", "TOC holds %s" % bad)
        elif t == "TOCI":
            if p != "TOC":
                rep.fail("09-006", "TOCI under %s" % p)
            bad = [k for k in ks if k not in ("Lbl", "Reference", "NonStruct", "P", "TOC")]
            if bad:
                rep.fail("09-006", "TOCI holds %s" % bad)
        if t == "Ruby" and [k for k in ks if k not in ("RB", "RT", "RP")]:
            rep.fail("09-007", "Ruby holds %s" % ks)
        elif t in ("RB", "RT", "RP") and p != "Ruby":
            rep.fail("09-007", "%s under %s" % (t, p))
        if t == "Warichu" and [k for k in ks if k not in ("WT", "WP")]:
            rep.fail("09-008", "Warichu holds %s" % ks)
        elif t in ("WT", "WP") and p != "Warichu":
            rep.fail("09-008", "%s under %s" % (t, p))
        if t == "Figure" and not ((e.alt or "").strip() or (e.actual or "").strip()):
            rep.fail("13-004", "Figure %s without Alt or ActualText" % (og(e.obj),))
        if t == "Formula" and not (e.alt or "").strip():
            rep.fail("17-002", "Formula without Alt")
        if sum(1 for k in ks if k == "H") > 1:
            rep.fail("14-006", "%s holds %d H" % (t, sum(1 for k in ks if k == "H")))

    # headings
    levels = [int(e.std[1]) for e in elems if e.std and re.fullmatch(r"H[1-6]", e.std)]
    if levels and levels[0] != 1:
        rep.fail("14-002", "first heading is H%d" % levels[0])
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            rep.fail("14-003", "H%d follows H%d" % (b, a))
    if levels and any(e.std == "H" for e in elems):
        rep.fail("14-007", "both H and H1-H6")
    # the project's rule: a document with a title has it as its one H1 (the
    # cover); its /Title is then in Info (a document without one may have
    # several top-level headings, as PDF/UA allows)
    # (t_tags.sh sets MZ_TITLED=1 for a document with a title: in its front matter)
    if levels and levels.count(1) != 1 and os.environ.get("MZ_TITLED") == "1":
        rep.fail("mz-one-h1", "%d H1 elements" % levels.count(1))

    # tables: TH scope
    def attrs(e):
        a = e.obj.get("/A")
        out = []
        for x in (a if isinstance(a, Array) else [a] if a is not None else []):
            if isinstance(x, Dictionary):
                out.append(x)
        return out
    for e in elems:
        if e.std != "Table":
            continue
        cells, stack = [], [e]
        while stack:
            x = stack.pop()
            for k in x.kids:
                if k[0] == "elem" and k[1].std != "Table":
                    stack.append(k[1])
                    if k[1].std in ("TH", "TD"):
                        cells.append(k[1])
        if any("/Headers" in a for c in cells for a in attrs(c)):
            continue
        for c in cells:
            if c.std == "TH":
                sc = [a.get("/Scope") for a in attrs(c) if nm(a.get("/O")) == "Table" and "/Scope" in a]
                if not sc or nm(sc[0]) not in ("Row", "Column", "Both"):
                    rep.fail("15-003", "TH %s without a valid /Scope" % (og(c.obj),))

    # notes and IDs
    ids = {}
    for e in elems:
        i = e.obj.get("/ID")
        if i is not None:
            ids.setdefault(bytes(i), []).append(e)
        if e.std == "Note" and i is None:
            rep.fail("19-003", "Note %s without /ID" % (og(e.obj),))
    for i, es in ids.items():
        if len(es) > 1 and any(e.std == "Note" for e in es):
            rep.fail("19-004", "ID %r on %d elements" % (i, len(es)))

    # optional content
    ocp = cat.get("/OCProperties")
    if isinstance(ocp, Dictionary):
        d = ocp.get("/D")
        if isinstance(d, Dictionary):
            if not pstr(d.get("/Name")):
                rep.fail("20-002", "OCProperties /D without Name")
            if "/AS" in d:
                rep.fail("20-003", "AS in /D")
        for c in ocp.get("/Configs", []):
            if isinstance(c, Dictionary):
                if not pstr(c.get("/Name")):
                    rep.fail("20-001", "a Configs entry without Name")
                if "/AS" in c:
                    rep.fail("20-003", "AS in a Configs entry")
    # embedded files
    names = cat.get("/Names")
    ef = {}
    if isinstance(names, Dictionary) and isinstance(names.get("/EmbeddedFiles"), Dictionary):
        def name_tree(n, depth=0):
            if not isinstance(n, Dictionary) or depth > 32:
                return
            arr = n.get("/Names")
            if isinstance(arr, Array):
                for i in range(1, len(arr), 2):
                    ef[len(ef)] = arr[i]
            for k in n.get("/Kids", []):
                name_tree(k, depth + 1)
        name_tree(names.EmbeddedFiles)
    # XFA
    af = cat.get("/AcroForm")
    if isinstance(af, Dictionary) and "/XFA" in af:
        x = af.XFA
        parts = [x] if isinstance(x, Stream) else [p for p in x if isinstance(p, Stream)] if isinstance(x, Array) else []
        for p in parts:
            if re.search(rb"<dynamicRender>\s*required\s*</dynamicRender>", p.read_bytes()):
                rep.fail("25-001", "dynamic XFA")

    # content vs tree: MCIDs and the parent tree
    refs = {}
    for e in elems:
        for k in e.kids:
            if k[0] == "mcid":
                refs.setdefault((k[1], k[2]), []).append(e)
    pidx = {}
    for i, p in enumerate(pdf.pages):
        pidx[("page", og(p.obj))] = i + 1
    for key, d in content.mcids.items():
        where = ("page %d" % pidx[key]) if key[0] == "page" else "form %s" % (key[1],)
        for mcid, n in d.items():
            if n > 1:
                rep.fail("PDF-mcid", "%s: MCID %d used by %d sequences" % (where, mcid, n))
            r = refs.get((key, mcid), [])
            if len(r) != 1:
                rep.fail("PDF-mcid", "%s: MCID %d referenced by %d structure elements" % (where, mcid, len(r)))
    for (key, mcid), es in refs.items():
        if mcid not in content.mcids.get(key, {}):
            where = ("page %d" % pidx[key]) if key in pidx else "stream %s" % (key[1],)
            rep.fail("PDF-Pg", "%s element references MCID %d, which %s does not have" % (es[0].s, mcid, where))
    used_keys = {}

    def claim(k, what):
        if k in used_keys:
            rep.fail("PDF-ptree", "StructParent(s) key %d used by %s and %s" % (k, used_keys[k], what))
        used_keys[k] = what
    if tree.root is not None:
        for i, p in enumerate(pdf.pages):
            key = ("page", og(p.obj))
            mc = content.mcids.get(key, {})
            sp = p.obj.get("/StructParents")
            if sp is None:
                if mc:
                    rep.fail("PDF-ptree", "page %d has MCIDs but no /StructParents" % (i + 1))
                continue
            claim(int(sp), "page %d" % (i + 1))
            check_ptree_array(rep, tree.ptree.get(int(sp)), key, mc, refs, "page %d" % (i + 1))
        for fk, mc in content.mcids.items():
            if fk[0] != "form" or not mc:
                continue
            sp = content.form_parents.get(fk)
            if sp is None:
                rep.fail("PDF-ptree", "form %s has MCIDs but no /StructParents" % (fk[1],))
                continue
            claim(sp, "form %s" % (fk[1],))
            check_ptree_array(rep, tree.ptree.get(sp), fk, mc, refs, "form %s" % (fk[1],))
        nk = tree.root.get("/ParentTreeNextKey")
        if nk is not None and tree.ptree and int(nk) <= max(tree.ptree):
            rep.fail("PDF-ptree", "ParentTreeNextKey %d <= the largest key %d" % (int(nk), max(tree.ptree)))
    for fk, n in content.form_draws.items():
        if n > 1 and fk in content.form_has_mcid:
            rep.fail("30-002", "form %s with MCIDs drawn %d times" % (fk[1], n))

    # annotations
    objr = {}
    for e in elems:
        for k in e.kids:
            if k[0] == "objr" and k[1] is not None:
                objr.setdefault(og(k[1]), []).append(e)
    for i, p in enumerate(pdf.pages):
        annots = p.obj.get("/Annots")
        if not isinstance(annots, Array) or not len(annots):
            continue
        where = "page %d" % (i + 1)
        tabs = p.obj.get("/Tabs")
        if tabs is None:
            rep.fail("28-008", "%s has %d annotations, no /Tabs" % (where, len(annots)))
        elif nm(tabs) != "S":
            rep.fail("28-009", "%s /Tabs %s" % (where, tabs))
        for a in annots:
            if not isinstance(a, Dictionary):
                continue
            st = nm(a.get("/Subtype")) or "?"
            if st == "Popup" or (int(a.get("/F", 0)) & 2):
                continue
            owners = objr.get(og(a), [])
            if st == "TrapNet":
                rep.fail("28-007", "%s: TrapNet annotation" % where)
            if st == "PrinterMark":
                if owners:
                    rep.fail("28-017", "%s: PrinterMark in the structure" % where)
                continue
            want = {"Link": ("Link", "28-011"), "Widget": ("Form", "28-010")}.get(st, ("Annot", "28-002"))
            sp = a.get("/StructParent")
            if len(owners) != 1 or owners[0].std != want[0]:
                rep.fail(want[1], "%s: %s annotation is an OBJR of %s" % (
                    where, st, [o.s for o in owners] or "no structure element"))
            if sp is None:
                rep.fail(want[1], "%s: %s annotation has no /StructParent" % (where, st))
                if owners:
                    rep.fail("PDF-ptree", "%s: %s annotation in the tree without /StructParent" % (where, st))
            elif tree.root is not None:
                claim(int(sp), "%s %s annotation" % (where, st))
                t = tree.ptree.get(int(sp))
                if not isinstance(t, Dictionary) or not owners or og(t) != og(owners[0].obj):
                    rep.fail("PDF-ptree", "%s: %s annotation /StructParent %d maps to %s, not its OBJR's element" % (
                        where, st, int(sp), og(t) if t is not None else "nothing"))
            contents = pstr(a.get("/Contents"))
            if st != "Widget" and not (contents or "").strip() and not any((o.alt or "").strip() for o in owners):
                rep.fail("28-004", "%s: %s annotation without Contents or Alt" % (where, st))
            if st == "Link" and not (contents or "").strip():
                rep.fail("28-012", "%s: Link annotation without Contents" % where)
            if contents and not clang and not any(lang_of(o) for o in owners):
                rep.fail("11-004", "%s: annotation Contents, no language" % where)
            if st == "FileAttachment":
                fs = a.get("/FS")
                if isinstance(fs, Dictionary) and not ("/F" in fs and "/UF" in fs):
                    rep.fail("21-001", "%s: FileAttachment spec without F and UF" % where)
    for fs in ef.values():
        if isinstance(fs, Dictionary) and not ("/F" in fs and "/UF" in fs):
            rep.fail("21-001", "embedded file spec without F and UF")
    x = xmp_of(pdf)
    if x is not None and not clang:
        langs = [li.get("{%s}lang" % NS["xml"]) for t in x.iter("{%s}title" % NS["dc"]) for li in t.iter("{%s}li" % NS["rdf"])]
        if not any(l and l != "x-default" for l in langs):
            rep.fail("11-006", "no catalog /Lang and dc:title has no language")

    # fonts
    for f in content.fonts.values():
        if not f.used:
            continue
        if not f.embedded():
            rep.fail("31-009", "%s not embedded" % f.name)
        if f.type0:
            enc = f.obj.get("/Encoding")
            if isinstance(enc, Name):
                if nm(enc) not in PREDEFINED_CMAPS and not re.match(r"^(Uni|Adobe|UniCNS|UniGB|UniJIS|UniKS|[A-Za-z0-9]+-)", nm(enc)):
                    rep.fail("31-006", "%s Encoding %s not predefined" % (f.name, enc))
            elif isinstance(enc, Stream):
                csi, ccsi = enc.get("/CIDSystemInfo"), f.cid.get("/CIDSystemInfo") if f.cid is not None else None
                if isinstance(csi, Dictionary) and isinstance(ccsi, Dictionary):
                    if str(csi.get("/Registry")) != str(ccsi.get("/Registry")):
                        rep.fail("31-001", f.name)
                    if str(csi.get("/Ordering")) != str(ccsi.get("/Ordering")):
                        rep.fail("31-002", f.name)
                m = re.search(rb"/WMode\s+(\d)\s+def", enc.read_bytes())
                if m and int(m.group(1)) != int(enc.get("/WMode", 0)):
                    rep.fail("31-007", f.name)
            else:
                rep.fail("31-006", "%s has no Encoding" % f.name)
            if f.cid is None:
                rep.fail("31-009", "%s has no descendant font" % f.name)
                continue
            if nm(f.cid.get("/Subtype")) == "CIDFontType2":
                m = f.cid.get("/CIDToGIDMap")
                if m is None:
                    rep.fail("31-005", "%s without CIDToGIDMap" % f.name)
                elif not (isinstance(m, Stream) or nm(m) == "Identity"):
                    rep.fail("31-004", "%s CIDToGIDMap %r" % (f.name, m))
            if f.ttf_err:
                rep.fail("31-011", "%s font program unreadable: %s" % (f.name, f.ttf_err))
            if f.ttf is not None:
                if f.cidset is not None:
                    n = len(f.cidset) * 8
                    last = max((c for c in range(n) if f.cidset[c >> 3] & (0x80 >> (c & 7))), default=-1)
                    if last >= 0 and f.gid(last) >= f.ttf.num_glyphs:
                        rep.fail("31-015", "%s CIDSet lists CID %d, the font has %d glyphs" % (f.name, last, f.ttf.num_glyphs))
                bad = []
                for c in sorted(f.used):
                    g = f.gid(c)
                    if g >= f.ttf.num_glyphs:
                        continue
                    w = f.widths.get(c, f.dw)
                    real = f.ttf.advance(g) * 1000.0 / f.ttf.upem
                    if abs(w - real) > 1:
                        bad.append("CID %d: %g vs %g" % (c, w, real))
                if bad:
                    rep.fail("31-016", "%s %d widths differ: %s" % (f.name, len(bad), ", ".join(bad[:3])))
        if not f.tu_ok:
            enc = f.obj.get("/Encoding")
            if f.type0 or not (nm(enc) in ("WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding")
                               or isinstance(enc, Dictionary)):
                rep.fail("31-027", "%s has no ToUnicode" % f.name)
                if not f.type0:
                    rep.fail("10-001", "%s: no ToUnicode, no named encoding" % f.name)
        zero = sorted(c for c, u in f.tu.items() if "\x00" in u)
        if zero:
            rep.fail("31-028", "%s maps %s to U+0000" % (f.name, " ".join("%04X" % c for c in zero[:5])))
        ff = sorted(c for c, u in f.tu.items() if "\ufeff" in u or "\ufffe" in u)
        if ff:
            rep.fail("31-029", "%s maps %s to U+FEFF/FFFE" % (f.name, " ".join("%04X" % c for c in ff[:5])))
    return content, tree


def check_ptree_array(rep, arr, key, mc, refs, where):
    if not isinstance(arr, Array):
        if mc:
            rep.fail("PDF-ptree", "%s: ParentTree has no array for its /StructParents" % where)
        return
    for mcid in mc:
        want = refs.get((key, mcid), [])
        got = arr[mcid] if 0 <= mcid < len(arr) else None
        if not isinstance(got, Dictionary):
            rep.fail("PDF-ptree", "%s: ParentTree has no element for MCID %d" % (where, mcid))
        elif len(want) == 1 and og(got) != og(want[0].obj):
            rep.fail("PDF-ptree", "%s: ParentTree maps MCID %d to %s, the element referencing it is %s" % (
                where, mcid, og(got), og(want[0].obj)))
        elif len(want) == 1 and og(got) == og(want[0].obj):
            pass
        else:
            rep.fail("PDF-ptree", "%s: ParentTree maps MCID %d to an element that does not reference it" % (where, mcid))


# ---------------------------------------------------------------- reading order

def reading_text(pdf, content=None, tree=None):
    """the structure tree's text in reading order, one block per line"""
    rep = Report("text")
    if content is None:
        content = Content(pdf, rep)
    if tree is None:
        tree = Tree(pdf, rep)
    toks = []

    def rec(e):
        if e.std == "Lbl" and e.alt is not None and e.alt.endswith(".") and e.alt[:-1].isdigit():
            toks.append((e.alt[:-1] + " ", None))  # a list number; its point is punctuation
            return
        if e.std == "Lbl" and e.alt is not None and not any(ch.isalnum() for ch in e.alt):
            toks.append((" ", None))  # a bullet: the list's decoration, to the ear as to the eye
            return
        block = e.std in BLOCK
        if block:
            toks.append(None)
        # what a screen reader speaks for the element: its ActualText, else
        # its Alt (ISO 32000-1 14.9.3: an alternate description replaces the
        # content for a reader that cannot see it; mujaz puts the logical
        # text of its elements there, since MuPDF extracts element
        # ActualText reversed), else its content
        spoken = e.actual if e.actual is not None else e.alt
        if spoken is not None:
            toks.append((spoken, None))
        else:
            n = len(toks)
            for k in e.kids:
                if k[0] == "mcid":
                    toks.extend(content.pieces.get((k[1], k[2]), []))
                elif k[0] == "elem":
                    rec(k[1])
            if len(toks) == n and e.std in ("Figure", "Formula") and e.alt:
                toks.append((e.alt, None))
        if e.std == "Lbl":
            toks.append((" ", None))
        if block:
            toks.append(None)
    # footnotes are compared after the body (a note is read where its page
    # ends, which the source side cannot know): each Note's text in order
    notes = []

    def lift(e):
        for i, k in enumerate(e.kids):
            if k[0] == "elem" and k[1].std == "Note":
                notes.append(k[1])
            elif k[0] == "elem":
                lift(k[1])
        e.kids = [k for k in e.kids if not (k[0] == "elem" and k[1].std == "Note")]
    for e in tree.top:
        lift(e)
    for e in tree.top:
        rec(e)
    for e in notes:
        rec(e)
    out, prev_y = [], None
    for t in toks:
        if t is None:
            out.append("\n")
            prev_y = None
            continue
        s, y = t
        if not s:
            continue
        if y is not None and prev_y is not None and abs(y - prev_y) > 0.01 and out \
                and not out[-1][-1:].isspace() and not s[:1].isspace():
            out.append(" ")
        out.append(s)
        if y is not None:
            prev_y = y
    lines = [" ".join(l.split()) for l in "".join(out).split("\n")]
    return "\n".join(l for l in lines if l)


def fold(s):
    s = unicodedata.normalize("NFC", s)
    return " ".join(s.split())


def ratio(a, b):
    """character similarity of the folded texts; long texts are aligned by
    line first and compared character by character within what differs
    (difflib on 200 000 characters that differ takes minutes)"""
    fa, fb = fold(a), fold(b)
    if len(fa) + len(fb) < 40000:
        return difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio()
    la = [fold(l) for l in a.splitlines() if fold(l)]
    lb = [fold(l) for l in b.splitlines() if fold(l)]
    m = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if op == "equal":
            m += sum(len(l) for l in la[i1:i2]) + (i2 - i1)
        elif op == "replace":
            x, y = " ".join(la[i1:i2]), " ".join(lb[j1:j2])
            m += sum(bl.size for bl in difflib.SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks())
    return 2.0 * m / (len(" ".join(la)) + len(" ".join(lb)) + 2) if la or lb else 1.0


def poppler_struct_text(path):
    """the text of pdfinfo -struct-text: its quoted lines (the element names,
    attributes and "Object n m" lines of its tree dump dropped)"""
    r = subprocess.run(["pdfinfo", "-struct-text", path], capture_output=True)
    out = []
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        t = line.strip()
        if len(t) >= 2 and t[0] == '"' and t[-1] == '"':
            out.append(t[1:-1])
    return "\n".join(out)


def cmd_compare(args):
    lo, name = 0.995, None
    while args and args[0].startswith("--"):
        o = args.pop(0)
        if o == "--min":
            lo = float(args.pop(0))
        elif o == "--name":
            name = args.pop(0)
    src_path, path = args
    name = name or os.path.basename(path)
    src = open(src_path, encoding="utf-8").read()
    with pikepdf.open(path) as pdf:
        if not isinstance(pdf.Root.get("/StructTreeRoot"), Dictionary):
            print("FAIL tagtext:%s: reading order: the PDF has no structure tree (not tagged), so no reading-order text" % name)
            return
        got = reading_text(pdf)
    r = ratio(got, src)
    if r >= lo:
        print("PASS tagtext:%s: reading-order text vs source %.4f >= %.3f" % (name, r, lo))
    else:
        a, b = fold(got).split(), fold(src).split()
        diffs = []
        for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op[0] != "equal" and len(diffs) < 3:
                diffs.append("got «%s» / source «%s»" % (" ".join(a[op[1]:op[2]])[:80], " ".join(b[op[3]:op[4]])[:80]))
        print("FAIL tagtext:%s: reading-order text vs source %.4f < %.3f: %s" % (name, r, lo, "; ".join(diffs)))
    pr = ratio(poppler_struct_text(path)[:20000], got[:20000])  # a cross-check, on the start
    print("# tagtext:%s: pdfinfo -struct-text vs this walker %.4f" % (name, pr))


def cmd_source(path):
    """the text a reader should get from DOC: tests/briefing_text.py's for
    Markdown (the file itself for .txt), with the list numbers and timeline
    years in Arabic-Indic digits where mujaz draws them so (digits:
    arabic-indic, or no digits: in a right-to-left document)"""
    if not path.endswith(".md"):
        sys.stdout.write(open(path, encoding="utf-8").read())
        return
    txt = subprocess.run([sys.executable, os.path.join(HERE, "briefing_text.py"), path],
                         capture_output=True, check=True).stdout.decode("utf-8")
    fm = {}
    src = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n", src, re.S)
    for line in (m.group(1).splitlines() if m else []):
        k, _, v = line.partition(":")
        fm[k.strip()] = v.strip().strip('"')
    # briefing_text.py keeps a blockquote's marker; the reader gets only its text
    txt = "".join(re.sub(r"^>\s?", "", l) for l in txt.splitlines(True))
    # struck text is read as text; footnote references are their numbers and
    # the notes are read after the text of the page they close (a one-page
    # document's: at its end)
    txt = txt.replace("~~", "")
    # backslash escapes and hard-break backslashes are syntax; a task's box
    # is its item's marker (read as a bullet is)
    txt = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", txt)
    txt = re.sub(r"\\$", "", txt, flags=re.M)
    txt = re.sub(r"\\(?=\s)", "", txt)
    txt = re.sub(r"\[[ xX]\]\s", "", txt)
    order = []
    for lab in re.findall(r"\[\^([^\]]+)\](?!:)", src):
        if lab not in order:
            order.append(lab)
    notes = []
    body = []
    # definitions on consecutive lines are one paragraph to briefing_text.py
    txt = re.sub(r"\s+(?=\[\^[^\]]+\]:)", "\n", txt)
    for l in txt.splitlines(True):
        mm = re.match(r"^\[\^([^\]]+)\]:\s*(.*)", l)
        if mm:
            k = order.index(mm.group(1)) + 1 if mm.group(1) in order else 0
            notes.append("%d %s\n" % (k, mm.group(2).strip()))
        else:
            body.append(re.sub(r"\[\^([^\]]+)\]", lambda g: str(order.index(g.group(1)) + 1) if g.group(1) in order else "", l))
    txt = "".join(body) + "".join(notes)
    digits = fm.get("digits") or ("european" if fm.get("dir") == "ltr" else "arabic-indic")
    if digits == "arabic-indic":
        conv = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
        txt = "".join(re.sub(r"^(\d+)(?= \S)", lambda g: g.group(1).translate(conv), l)
                      for l in txt.splitlines(True))
    sys.stdout.write(txt)


def cmd_pdfa(path):
    name = os.path.basename(path)
    with pikepdf.open(path) as pdf:
        x = xmp_of(pdf)
    if x is None:
        print("FAIL tags-pdfa:%s: no XMP metadata" % name)
        return
    part, conf = xmp_prop(x, "pdfaid", "part"), xmp_prop(x, "pdfaid", "conformance")
    ok = part == "2" and conf == "A"
    print(("PASS" if ok else "FAIL") + " tags-pdfa:%s:pdfaid: XMP declares PDF/A-2a%s" % (
        name, "" if ok else " (it says part %r conformance %r)" % (part, conf)))
    ua = xmp_prop(x, "pdfuaid", "part")
    if ua is not None:
        # PDF/A-2 6.6.2.3: a schema outside the predefined ones needs an extension schema
        ns = [e.text for e in x.iter("{%s}namespaceURI" % NS["pdfaSchema"])]
        ns += [d.attrib.get("{%s}namespaceURI" % NS["pdfaSchema"]) for d in x.iter("{%s}Description" % NS["rdf"])]
        ok = NS["pdfuaid"] in [n.strip() for n in ns if n]
        print(("PASS" if ok else "FAIL") + " tags-pdfa:%s:pdfuaid-schema: pdfuaid is declared in a pdfaExtension schema%s"
              % (name, "" if ok else " (PDF/A-2 6.6.2.3 needs it)"))

RTL_LANGS = ("ar", "fa", "ur", "he", "ps", "sd", "ug", "yi", "ku")


def voices(pdf, expect_latin=None):
    """Whether a screen reader switches voice where the script changes: each
    strong character of what it speaks (an element's ActualText, else Alt,
    else its marked content) counted under the language in force there (the
    element's /Lang, else its ancestors', else the catalog's).  A letter of a
    left-to-right script is right in a language that is not written right to
    left (EXPECT_LATIN: in that one), a right-to-left one in one that is.
    Returns (right, total, examples of wrong)."""
    rep = Report("voices")
    content, tree = Content(pdf, rep), Tree(pdf, rep)
    clang = pstr(pdf.Root.get("/Lang")) or ""
    right, total, wrong = 0, 0, []

    def count(text, lang):
        nonlocal right, total
        base = lang.split("-")[0].lower()
        for ch in text:
            b = unicodedata.bidirectional(ch)
            if b not in ("L", "R", "AL") or not ch.isalpha():
                continue
            total += 1
            if b == "L":
                ok = base == expect_latin if expect_latin else base not in RTL_LANGS
            else:
                ok = base in RTL_LANGS
            right += ok
            if not ok and len(wrong) < 5:
                wrong.append("%r in %s" % (text[:40], lang or "no language"))

    def rec(e, lang):
        lang = e.lang or lang
        spoken = e.actual if e.actual is not None else e.alt
        if spoken is not None:
            count(spoken, lang)
            return
        for k in e.kids:
            if k[0] == "mcid":
                count("".join(t for t, _ in content.pieces.get((k[1], k[2]), []) if t), lang)
            elif k[0] == "elem":
                rec(k[1], lang)
    for e in tree.top:
        rec(e, clang)
    return right, total, wrong


def cmd_voices(a):
    name, expect, control = "?", None, False
    while a and a[0].startswith("--"):
        o = a.pop(0)
        if o == "--name":
            name = a.pop(0)
        elif o == "--latin":
            expect = a.pop(0)
        elif o == "--control":
            control = True
    with pikepdf.open(a[0]) as pdf:
        if control:
            # the negative control: without the runs' /Lang (as one /Alt per
            # element was), a Latin name inside Arabic is read in Arabic
            for o in pdf.objects:
                if isinstance(o, Dictionary) and o.get("/S") == Name.Span and "/Lang" in o:
                    del o["/Lang"]
        right, total, wrong = voices(pdf, expect)
    ok = total > 0 and right == total
    if control:
        print("%s tags-voices:%s: without the Spans' /Lang the check fails (%d of %d letters right)"
              % ("PASS" if not ok else "FAIL", name, right, total))
        return
    print("%s tags-voices:%s: %d of %d letters in an element of their script's language%s%s"
          % ("PASS" if ok else "FAIL", name, right, total, " (Latin: %s)" % expect if expect else "",
             "" if ok else ": " + "; ".join(wrong)))


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    cmd = a.pop(0)
    if cmd == "check":
        mode = a.pop(0) if a and a[0] in ("--summary", "--brief") else None
        for p in a:
            rep = check_pdf(p)
            print(rep.summary() if mode == "--summary" else "\n".join(rep.brief() if mode else rep.lines()))
    elif cmd == "text" and len(a) == 1:
        with pikepdf.open(a[0]) as pdf:
            print(reading_text(pdf))
    elif cmd == "voices" and a:
        cmd_voices(a)
    elif cmd == "compare" and len(a) >= 2:
        cmd_compare(a)
    elif cmd == "source" and len(a) == 1:
        cmd_source(a[0])
    elif cmd == "pdfa" and a:
        for p in a:
            cmd_pdfa(p)
    elif cmd == "controls":
        sys.path.insert(0, HERE)
        import tagcontrols
        os.environ["MZ_TITLED"] = "1"  # the synthetic PDF's first heading is its title
        tagcontrols.main(a)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
