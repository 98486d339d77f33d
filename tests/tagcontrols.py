#!/usr/bin/python3
"""tagcontrols.py - negative controls for tagcheck.py (run as
`tagcheck.py controls [--keep DIR]`).  Builds, with pikepdf alone, a small
two-page tagged PDF/UA-1 document (Amiri embedded whole as a Type0/Identity-H
font, headings, a paragraph with a link, a list, a table, a figure, a note,
a paragraph drawn in reverse with /ActualText, a form XObject drawn inside a
marked-content sequence, header and footer artifacts), checks that it passes
every condition, then breaks one condition at a time and checks that the
checker names that condition.  Prints PASS/FAIL tags-control lines."""
import io
import os
import re
import sys
import tempfile

import pikepdf
from pikepdf import Array, Dictionary, Name, String

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tagcheck  # noqa: E402

FONT = os.path.join(HERE, "..", "fonts", "Amiri-Regular.ttf")
# (the walker reads footnotes after the body)
EXPECTED_TEXT = """Regional police bodies
ASEANAPOL was founded in 1981; see INTERPOL for more.
1. Ten member countries
Body
Founded
AFRIPOL
2014
A grey box standing for a map
Later years
hello world
Drawn through a form.
Note: figures from the seed text."""


class Builder:
    def __init__(self):
        data = open(FONT, "rb").read()
        self.ttf = tagcheck.TTF(data)
        self.cmap = self.ttf.cmap()
        self.data = data
        self.used = {}

    def enc(self, s):
        out = []
        for ch in s:
            g = self.cmap[ord(ch)]
            self.used[g] = ch
            out.append("%04x" % g)
        return "<" + "".join(out) + ">"

    def font(self, pdf):
        t = self.ttf
        ff = pdf.make_stream(self.data)
        ff.Length1 = len(self.data)
        desc = pdf.make_indirect(Dictionary(
            Type=Name.FontDescriptor, FontName=Name("/Amiri-Regular"), Flags=32,
            FontBBox=[-500, -700, 1500, 1200], ItalicAngle=0, Ascent=1100, Descent=-600,
            CapHeight=650, StemV=80, FontFile2=ff))
        w = Array()
        for g in sorted(self.used):
            w.append(g)
            w.append(Array([round(t.advance(g) * 1000 / t.upem)]))
        cid = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/Amiri-Regular"),
            CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
            FontDescriptor=desc, CIDToGIDMap=Name.Identity, DW=1000, W=w))
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
                 "%d beginbfchar" % len(self.used)]
        for g, ch in sorted(self.used.items()):
            lines.append("<%04X> <%s>" % (g, ch.encode("utf-16-be").hex().upper()))
        lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        tu = pdf.make_stream("\n".join(lines).encode())
        return pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/Amiri-Regular"),
            Encoding=Name("/Identity-H"), DescendantFonts=[cid], ToUnicode=tu))


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Regional police bodies</rdf:li></rdf:Alt></dc:title>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def build():
    """the good document, as bytes"""
    b = Builder()
    pdf = pikepdf.new()
    t = lambda x, y, size, s: "BT /F1 %g Tf 1 0 0 1 %g %g Tm %s Tj ET" % (size, x, y, b.enc(s))
    # page 1
    c1 = "\n".join([
        "/Artifact <</Type /Pagination /Subtype /Header>> BDC " + t(72, 800, 9, "Regional bodies") + " EMC",
        "/H1 <</MCID 0>> BDC " + t(72, 740, 20, "Regional police bodies") + " EMC",
        "/P <</MCID 1>> BDC BT /F1 12 Tf 1 0 0 1 72 700 Tm %s Tj ET EMC" % b.enc("ASEANAPOL was founded in 1981; see "),
        "/Link <</MCID 2>> BDC BT /F1 12 Tf 1 0 0 1 260 700 Tm %s Tj ET EMC" % b.enc("INTERPOL"),
        "/P <</MCID 3>> BDC BT /F1 12 Tf 1 0 0 1 320 700 Tm %s Tj ET EMC" % b.enc(" for more."),
        "/Lbl <</MCID 4>> BDC " + t(72, 660, 12, "1.") + " EMC",
        "/LBody <</MCID 5>> BDC " + t(90, 660, 12, "Ten member countries") + " EMC",
        "/TH <</MCID 6>> BDC " + t(72, 620, 12, "Body") + " EMC",
        "/TH <</MCID 7>> BDC " + t(200, 620, 12, "Founded") + " EMC",
        "/TD <</MCID 8>> BDC " + t(72, 600, 12, "AFRIPOL") + " EMC",
        "/TD <</MCID 9>> BDC " + t(200, 600, 12, "2014") + " EMC",
        "/Artifact <</Type /Layout>> BDC 0.5 w 72 615 m 300 615 l S EMC",
        "/Figure <</MCID 10>> BDC 0.5 g 72 500 100 50 re f 0 g EMC",
        "/Note <</MCID 11>> BDC " + t(72, 460, 10, "Note: figures from the seed text.") + " EMC",
    ]).encode()
    # page 2: a paragraph drawn in reverse (as visual-order Arabic is), with ActualText
    c2 = "\n".join([
        "/H2 <</MCID 0>> BDC " + t(72, 740, 16, "Later years") + " EMC",
        "/P <</MCID 1>> BDC " + t(72, 700, 12, "dlrow olleh") + " EMC",
        "/P <</MCID 2>> BDC /Fm1 Do EMC",
        "/Artifact <</Type /Pagination /Subtype /Footer>> BDC " + t(300, 40, 9, "2") + " EMC",
    ]).encode()
    form_body = t(72, 660, 12, "Drawn through a form.").encode()
    font = b.font(pdf)
    res = Dictionary(Font=Dictionary(F1=font))
    form = pdf.make_stream(form_body)
    form.Type, form.Subtype, form.BBox, form.Resources = Name.XObject, Name.Form, [0, 0, 595, 842], res
    res2 = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Fm1=form))
    pages = []
    for c, r in ((c1, res), (c2, res2)):
        p = pdf.make_indirect(Dictionary(Type=Name.Page, MediaBox=[0, 0, 595, 842],
                                         Contents=pdf.make_stream(c), Resources=r))
        pdf.pages.append(pikepdf.Page(p))
    p1, p2 = pdf.pages[0].obj, pdf.pages[1].obj
    annot = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[260, 695, 318, 712], Border=[0, 0, 0],
        A=Dictionary(S=Name.URI, URI=String("https://www.interpol.int")),
        Contents=String("INTERPOL's web site"), StructParent=2, P=p1))
    p1.Annots = Array([annot])
    p1.Tabs = Name.S
    p1.StructParents, p2.StructParents = 0, 1

    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def E(s, parent, pg=None, k=None, **kw):
        e = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + s), P=parent, **kw))
        if pg is not None:
            e.Pg = pg
        if k is not None:
            e.K = k
        return e
    doc = E("Document", root)
    root.K = doc
    kids = []
    h1 = E("H1", doc, p1, 0)
    para = E("P", doc, p1)
    link = E("Link", para, p1, Array([2, Dictionary(Type=Name.OBJR, Obj=annot, Pg=p1)]))
    para.K = Array([1, link, 3])
    lst = E("L", doc)
    li = E("LI", lst)
    lbl, lbody = E("Lbl", li, p1, 4), E("LBody", li, p1, 5)
    li.K = Array([lbl, lbody])
    lst.K = Array([li])
    table = E("Table", doc)
    tr1, tr2 = E("TR", table), E("TR", table)
    th1 = E("TH", tr1, p1, 6, A=Dictionary(O=Name.Table, Scope=Name.Column))
    th2 = E("TH", tr1, p1, 7, A=Dictionary(O=Name.Table, Scope=Name.Column))
    td1, td2 = E("TD", tr2, p1, 8), E("TD", tr2, p1, 9)
    tr1.K, tr2.K = Array([th1, th2]), Array([td1, td2])
    table.K = Array([tr1, tr2])
    fig = E("Figure", doc, p1, 10, Alt=String("A grey box standing for a map"))
    note = E("Note", doc, p1, 11, ID=String("note-1"))
    h2 = E("H2", doc, p2, 0)
    rev = E("P", doc, p2, 1, ActualText=String("hello world"))
    viaform = E("P", doc, p2, 2)
    doc.K = Array([h1, para, lst, table, fig, note, h2, rev, viaform])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([
        0, Array([h1, para, link, para, lbl, lbody, th1, th2, td1, td2, fig, note]),
        1, Array([h2, rev, viaform]),
        2, link])))
    root.ParentTreeNextKey = 3
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("en-GB")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    md = pdf.make_stream(XMP.encode("utf-8"))
    md.Type, md.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = md
    pdf.docinfo.Title = "Regional police bodies"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- mutations
# Each takes the opened good document and breaks one thing; the value is the
# condition that must then fail.

def elems(pdf, s):
    out = []

    def rec(e):
        if isinstance(e, pikepdf.Dictionary):
            if e.get("/S") == Name("/" + s):
                out.append(e)
            k = e.get("/K")
            for x in (k if isinstance(k, Array) else [k]):
                if isinstance(x, pikepdf.Dictionary) and "/S" in x:
                    rec(x)
    rec(pdf.Root.StructTreeRoot.K)
    return out


def content(pdf, i, fn):
    p = pdf.pages[i].obj
    p.Contents = pdf.make_stream(fn(p.Contents.read_bytes()))


def sub(old, new, count=1):
    def f(b):
        assert old in b, old
        return b.replace(old, new, count)
    return f


def xmp(pdf, fn):
    md = pdf.Root.Metadata
    pdf.Root.Metadata = pdf.make_stream(fn(md.read_bytes().decode("utf-8")).encode("utf-8"))


def font(pdf):
    return pdf.pages[0].Resources.Font.F1


def retype(pdf, old, new, n=0):
    elems(pdf, old)[n].S = Name("/" + new)


def td_under_table(pdf):
    table = elems(pdf, "Table")[0]
    tr2 = table.K[1]
    tds = list(tr2.K)
    for td in tds:
        td.P = table
    table.K = Array([table.K[0]] + tds)


def lbl_outside_li(pdf):
    retype(pdf, "LI", "Div")


def toci_outside_toc(pdf):
    doc = pdf.Root.StructTreeRoot.K
    e = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TOCI, P=doc))
    doc.K.append(e)


def ptree_drop(pdf):
    pdf.Root.StructTreeRoot.ParentTree.Nums[1][3] = None


def ptree_wrong(pdf):
    arr = pdf.Root.StructTreeRoot.ParentTree.Nums[1]
    arr[6], arr[7] = arr[8], arr[9]


def mcid_twice(pdf):
    td = elems(pdf, "TD")[0]
    td.K = Array([8, 9])


def wrong_p(pdf):
    elems(pdf, "TD")[0].P = pdf.Root.StructTreeRoot.K


def wrong_pg(pdf):
    elems(pdf, "Note")[0].Pg = pdf.pages[1].obj


def annot(pdf):
    return pdf.pages[0].obj.Annots[0]


def drop_struct_parent(pdf):
    del annot(pdf)["/StructParent"]


def link_not_link(pdf):
    retype(pdf, "Link", "Span")


def add_trapnet(pdf):
    pdf.pages[0].obj.Annots.append(pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.TrapNet, Rect=[0, 0, 1, 1], Contents=String("trap"))))


def encrypt_no_at(pdf):
    pass  # saved with encryption by run()


def wrong_width(pdf):
    w = font(pdf).DescendantFonts[0].W
    w[1] = Array([int(w[1][0]) + 100])


def tounicode_zero(pdf):
    tu = font(pdf).ToUnicode
    b = tu.read_bytes()
    head, _, tail = b.partition(b"beginbfchar")
    b = head + b"beginbfchar" + re.sub(rb"(<[0-9A-F]{4}> )<[0-9A-F]{4}>", rb"\1<0000>", tail, count=1)
    font(pdf).ToUnicode = pdf.make_stream(b)


def set_(path, value):
    def f(pdf):
        o = pdf.Root
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = value
    return f


def delete(path):
    def f(pdf):
        o = pdf.Root
        for k in path[:-1]:
            o = o[k]
        del o[path[-1]]
    return f


def rolemap(m):
    def f(pdf):
        pdf.Root.StructTreeRoot.RoleMap = Dictionary({"/" + k: Name("/" + v) for k, v in m.items()})
        if "Foo" in m or "Bar" in m:
            retype(pdf, "Note", "Foo")
    return f


def nonstandard(pdf):
    retype(pdf, "Note", "Foo")


MUTATIONS = [
    ("drop /MarkInfo", delete(["/MarkInfo"]), "PDF-markinfo"),
    ("MarkInfo /Suspects true", set_(["/MarkInfo", "/Suspects"], True), "01-007"),
    ("drop /StructTreeRoot", delete(["/StructTreeRoot"]), "PDF-tree"),
    ("untag a content run (the note's BDC/EMC removed)",
     lambda p: content(p, 0, sub(b"/Note <</MCID 11>> BDC ", b"")), "01-005"),
    ("untag the table rule artifact",
     lambda p: content(p, 0, sub(b"/Artifact <</Type /Layout>> BDC 0.5 w 72 615 m 300 615 l S EMC",
                                 b"0.5 w 72 615 m 300 615 l S")), "01-005"),
    ("an Artifact inside the figure's MCID sequence",
     lambda p: content(p, 0, sub(b"0 g EMC", b"0 g /Artifact BMC 0 0 m 1 1 l S EMC EMC")), "01-003"),
    ("the heading's MCID sequence inside an Artifact",
     lambda p: content(p, 0, lambda b: b.replace(b"/H1 <</MCID 0>> BDC", b"/Artifact BMC /H1 <</MCID 0>> BDC", 1)
                       .replace(b"Tj ET EMC\n/P <</MCID 1>>", b"Tj ET EMC EMC\n/P <</MCID 1>>", 1)), "01-004"),
    ("remove an MCID from the parent tree", ptree_drop, "PDF-ptree"),
    ("the parent tree maps two MCIDs to the wrong elements", ptree_wrong, "PDF-ptree"),
    ("one MCID referenced by two elements", mcid_twice, "PDF-mcid"),
    ("an element's /P is its grandparent", wrong_p, "PDF-P"),
    ("an element's /Pg is the other page", wrong_pg, "PDF-Pg"),
    ("ParentTreeNextKey too small", set_(["/StructTreeRoot", "/ParentTreeNextKey"], 1), "PDF-ptree"),
    ("StructTreeRoot /K is not one Document", lambda p: retype(p, "Document", "Sect"), "mz-document"),
    ("a non-standard type without a role map", nonstandard, "02-001"),
    ("a circular role map", rolemap({"Foo": "Bar", "Bar": "Foo"}), "02-003"),
    ("a standard type remapped", rolemap({"P": "H1"}), "02-004"),
    ("drop the XMP metadata", delete(["/Metadata"]), "06-001"),
    ("drop pdfuaid from the XMP", lambda p: xmp(p, lambda s: s.replace("<pdfuaid:part>1</pdfuaid:part>", "")), "06-002"),
    ("drop dc:title from the XMP", lambda p: xmp(p, lambda s: re.sub(r"<dc:title>.*?</dc:title>", "", s, flags=re.S)), "06-003"),
    ("drop /ViewerPreferences", delete(["/ViewerPreferences"]), "07-001"),
    ("DisplayDocTitle false", set_(["/ViewerPreferences", "/DisplayDocTitle"], False), "07-002"),
    ("a TD directly under Table", td_under_table, "09-004"),
    ("TR holds a P", lambda p: retype(p, "TD", "P"), "09-004"),
    ("LI not in L (L retyped Div)", lambda p: retype(p, "L", "Div"), "09-005"),
    ("Lbl/LBody not in LI", lbl_outside_li, "09-005"),
    ("a TOCI outside TOC", toci_outside_toc, "09-006"),
    ("an RT outside Ruby", lambda p: retype(p, "Note", "RT"), "09-007"),
    ("a WT outside Warichu", lambda p: retype(p, "Note", "WT"), "09-008"),
    ("drop the ToUnicode CMap (codes unmappable)", lambda p: font(p).__delitem__("/ToUnicode"), "10-001"),
    ("drop /Lang", delete(["/Lang"]), "11-001"),
    ("a malformed /Lang", set_(["/Lang"], String("english!")), "11-001"),
    ("an element /Lang malformed", lambda p: setattr(elems(p, "P")[0], "Lang", String("ar_EG")), "11-001"),
    ("drop a Figure's Alt", lambda p: elems(p, "Figure")[0].__delitem__("/Alt"), "13-004"),
    ("skip a heading level (H2 -> H3)", lambda p: retype(p, "H2", "H3"), "14-003"),
    ("first heading not H1 (H1 -> H2)", lambda p: retype(p, "H1", "H2"), "14-002"),
    ("two H1 (H2 -> H1)", lambda p: retype(p, "H2", "H1"), "mz-one-h1"),
    ("both H and Hn", lambda p: retype(p, "H2", "H"), "14-007"),
    ("TH without Scope", lambda p: elems(p, "TH")[0].__delitem__("/A"), "15-003"),
    ("a Formula without Alt", lambda p: retype(p, "Note", "Formula"), "17-002"),
    ("a Note without /ID", lambda p: elems(p, "Note")[0].__delitem__("/ID"), "19-003"),
    ("two elements with the Note's /ID", lambda p: setattr(elems(p, "H2")[0], "ID", String("note-1")), "19-004"),
    ("encrypted without the accessibility permission", encrypt_no_at, "26-002"),
    ("a Link annotation without /StructParent", drop_struct_parent, "28-011"),
    ("a Link annotation's element is a Span", link_not_link, "28-011"),
    ("a Link annotation without /Contents", lambda p: annot(p).__delitem__("/Contents"), "28-012"),
    ("an annotation without Contents or Alt", lambda p: annot(p).__delitem__("/Contents"), "28-004"),
    ("a TrapNet annotation", add_trapnet, "28-007"),
    ("remove /Tabs", lambda p: p.pages[0].obj.__delitem__("/Tabs"), "28-008"),
    ("/Tabs /R", lambda p: setattr(p.pages[0].obj, "Tabs", Name.R), "28-009"),
    ("a reference XObject", lambda p: setattr(p.pages[1].Resources.XObject.Fm1, "Ref", Dictionary(F=String("x.pdf"), Page=0)), "30-001"),
    ("the font program not embedded", lambda p: font(p).DescendantFonts[0].FontDescriptor.__delitem__("/FontFile2"), "31-009"),
    ("no CIDToGIDMap", lambda p: font(p).DescendantFonts[0].__delitem__("/CIDToGIDMap"), "31-005"),
    ("CIDToGIDMap /Foo", lambda p: setattr(font(p).DescendantFonts[0], "CIDToGIDMap", Name("/Foo")), "31-004"),
    ("a non-predefined CMap name", lambda p: setattr(font(p), "Encoding", Name("/Nonesuch")), "31-006"),
    ("a width that does not match the font", wrong_width, "31-016"),
    ("a glyph past the font's glyph count",
     lambda p: content(p, 0, sub(b"/Note <</MCID 11>> BDC BT /F1 10 Tf", b"/Note <</MCID 11>> BDC BT /F1 10 Tf <ff00> Tj")), "31-011"),
    ("a CIDSet that omits the glyphs", lambda p: setattr(font(p).DescendantFonts[0].FontDescriptor, "CIDSet", p.make_stream(b"\x00" * 8)), "31-014"),
    ("no ToUnicode", lambda p: font(p).__delitem__("/ToUnicode"), "31-027"),
    ("a ToUnicode value U+0000", tounicode_zero, "31-028"),
    ("a .notdef glyph drawn",
     lambda p: content(p, 0, sub(b"/Note <</MCID 11>> BDC BT /F1 10 Tf", b"/Note <</MCID 11>> BDC BT /F1 10 Tf <0000> Tj")), "31-030"),
]


def run(keep=None):
    good = build()
    tmp = tempfile.mkdtemp(prefix="tagcontrols.")
    path = os.path.join(keep or tmp, "good.pdf")
    open(path, "wb").write(good)
    rep = tagcheck.check_pdf(path, "good.pdf")
    bad = sorted(rep.fails)
    print(("PASS" if not bad else "FAIL") + " tags-control: the synthetic tagged PDF passes every condition"
          + ("" if not bad else ": " + "; ".join("%s: %s" % (c, rep.fails[c][0]) for c in bad)))
    with pikepdf.open(path) as pdf:
        got = tagcheck.reading_text(pdf)
    ok = got == EXPECTED_TEXT
    print(("PASS" if ok else "FAIL") + " tags-control: reading-order text of the synthetic PDF (ActualText, Alt, a form XObject, Lbl)"
          + ("" if ok else ": got %r" % got))
    # the walker honours ActualText: without it the reversed glyphs come out
    with pikepdf.open(path) as pdf:
        del tagcheck_elems(pdf, "P")[1]["/ActualText"]
        got2 = tagcheck.reading_text(pdf)
    ok = "dlrow olleh" in got2 and "hello world" not in got2
    print(("PASS" if ok else "FAIL") + " tags-control: without /ActualText the walker reads the glyphs (dlrow olleh)")
    # poppler on the same file: does pdfinfo -struct-text honour an element's ActualText?
    pop = tagcheck.poppler_struct_text(path)
    print("# tags-control: pdfinfo -struct-text on an element with /ActualText (hello world) over glyphs "
          "'dlrow olleh' gives: %s" % ("hello world" if "hello world" in pop else
                                      "dlrow olleh" if "dlrow olleh" in pop else repr(pop[:80])))
    n = 0
    for what, mutate, cond in MUTATIONS:
        n += 1
        mpath = os.path.join(keep or tmp, "m%02d.pdf" % n)
        with pikepdf.open(path) as pdf:
            mutate(pdf)
            if mutate is encrypt_no_at:
                pdf.save(mpath, encryption=pikepdf.Encryption(
                    owner="o", user="", R=3, aes=False, metadata=False,
                    allow=pikepdf.Permissions(accessibility=False)))
            else:
                pdf.save(mpath)
        rep = tagcheck.check_pdf(mpath, "m%02d.pdf" % n)
        ok = cond in rep.fails
        others = sorted(c for c in rep.fails if c != cond)
        print(("PASS" if ok else "FAIL") + " tags-control %02d: %s is caught by %s%s" % (
            n, what, cond, "" if ok else ": not reported (reported: %s)" % (others or "nothing")))
    if not keep:
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)


tagcheck_elems = elems


def main(args):
    keep = None
    if args[:1] == ["--keep"]:
        keep = args[1]
        os.makedirs(keep, exist_ok=True)
    run(keep)


if __name__ == "__main__":
    main(sys.argv[1:])
