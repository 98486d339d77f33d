#!/usr/bin/env python3
"""pdfa_check.py FILE.pdf - checks the PDF/A-2b clauses mujaz relies on, with
qpdf's JSON view of the file as the independent reader (no validator such as
veraPDF installs on Debian 12).  Prints PASS/FAIL lines, one per clause."""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
raw = open(path, "rb").read()
j = json.loads(subprocess.run(["qpdf", "--json", "--json-key=qpdf", "--decode-level=generalized",
                               "--json-stream-data=inline", path],
                              capture_output=True, check=True).stdout)["qpdf"][1]


def check(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + "pdfa " + name + ("" if ok else ": " + why))


def obj(ref):
    return j["obj:" + ref]


def val(ref):
    o = obj(ref)
    return o["value"] if "value" in o else o["stream"]["dict"]


def text(v):  # qpdf writes strings as u:... (unicode) or b:... (hex)
    return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else v


tr = j["trailer"]["value"]
info = val(tr["/Info"])
root = val(tr["/Root"])

# 6.1.2 file header: %PDF-1.n then a comment of four bytes >= 128
m = re.match(rb"%PDF-1\.[0-7]\r?\n%([\x80-\xff]{4})", raw)
check("6.1.2 header with a binary comment", m is not None, repr(raw[:16]))
# 6.1.3 trailer: ID present, no encryption
ids = tr.get("/ID", [])
check("6.1.3 trailer /ID of two 16-byte strings", len(ids) == 2 and all(len(text(i)) == 32 for i in ids), str(ids))
check("6.1.3 not encrypted", "/Encrypt" not in tr)
# 6.1.7 / 6.1.10 streams: no LZW, no external streams
filters = set()
for k, o in j.items():
    if "stream" in o:
        f = o["stream"]["dict"].get("/Filter")
        filters.update(f if isinstance(f, list) else [f] if f else [])
        if "/F" in o["stream"]["dict"]:
            check("6.1.7 no external stream files", False, k)
check("6.1.7 only permitted filters (no LZW)", filters <= {"/FlateDecode"}, str(filters))
# 6.2.2 output intent with an embedded ICC profile
ois = root.get("/OutputIntents", [])
oi = [val(r) for r in ois]
ok = False
for o in oi:
    if o.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in o:
        prof = obj(o["/DestOutputProfile"])["stream"]
        ok = prof["dict"].get("/N") == 3
check("6.2.2 a GTS_PDFA1 output intent with an RGB ICC profile", ok, str(oi))
# 6.2.9/6.2.10 transparency: none
trans = []
for k, o in j.items():
    d = o.get("value") if "value" in o else o.get("stream", {}).get("dict")
    if not isinstance(d, dict):
        continue
    if "/SMask" in d and d["/SMask"] != "/None":
        trans.append(k + " SMask")
    for a in ("/CA", "/ca"):
        if a in d and float(d[a]) < 1:
            trans.append(k + " " + a)
    if d.get("/BM") not in (None, "/Normal", "/Compatible"):
        trans.append(k + " BM")
    g = d.get("/Group")
    if isinstance(g, dict) and g.get("/S") == "/Transparency":
        trans.append(k + " Group")
check("6.2.10 no transparency", not trans, ", ".join(trans[:5]))
# 6.2.11 fonts: embedded, with ToUnicode (2u-level text, which archives need)
bad = []
nfonts = 0
for k, o in j.items():
    d = o.get("value")
    if isinstance(d, dict) and d.get("/Type") == "/Font" and d.get("/Subtype") == "/Type0":
        nfonts += 1
        if "/ToUnicode" not in d:
            bad.append(k + " no ToUnicode")
        cid = val(d["/DescendantFonts"][0])
        fd = val(cid["/FontDescriptor"])
        if "/FontFile2" not in fd:
            bad.append(k + " not embedded")
check("6.2.11 every font embedded with a ToUnicode map", nfonts > 0 and not bad, ", ".join(bad[:5]))
# 6.2.11.8 no reference to .notdef: glyph 0 never appears in a text string
contents = []
for k, o in j.items():
    d = o.get("value")
    if isinstance(d, dict) and d.get("/Type") == "/Page":
        c = d.get("/Contents")
        contents += c if isinstance(c, list) else [c]
notdef = [c for c in contents if re.search(rb"<0000>", __import__("base64").b64decode(obj(c)["stream"]["data"]))]
check("6.2.11.8 no .notdef glyph drawn", not notdef, ", ".join(notdef[:5]))
# 6.3 annotations: print flag set, not hidden
annots = []
for k, o in j.items():
    d = o.get("value")
    if isinstance(d, dict) and d.get("/Type") == "/Annot":
        annots.append((k, int(d.get("/F", 0))))
if len(sys.argv) > 2 and sys.argv[2] == "--expect-annotations":
    check("6.3.2 the document has annotations to check", len(annots) > 0)
check("6.3.2 every annotation has the Print flag and is not hidden",
      all(f & 4 and not f & 3 for _, f in annots), str([a for a in annots if not (a[1] & 4)][:5]))
# 6.6 actions: no JavaScript
check("6.6.1 no JavaScript", b"/JavaScript" not in raw and b"/JS" not in raw)
# 6.6.2 metadata: XMP in the catalog, matching the Info dictionary
if "/Metadata" not in root:
    check("6.6.2 the catalog has XMP metadata", False, "no /Metadata")
    sys.exit(0)
md = obj(root["/Metadata"])["stream"]
check("6.6.2 metadata stream is /Type /Metadata /Subtype /XML, unfiltered",
      md["dict"].get("/Type") == "/Metadata" and md["dict"].get("/Subtype") == "/XML" and "/Filter" not in md["dict"])
import base64
xmp = base64.b64decode(md["data"]).decode("utf-8")
ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
x = ET.fromstring(xmp[xmp.index("<x:xmpmeta"):xmp.index("</x:xmpmeta>") + len("</x:xmpmeta>")])
def one(path):
    e = x.find(".//" + path, ns)
    return e.text if e is not None else None
# conformance A (accessible) exactly when the PDF is tagged (a structure tree, /MarkInfo Marked)
mi = root.get("/MarkInfo", {})
mi = val(mi) if isinstance(mi, str) else mi
tagged = "/StructTreeRoot" in root and mi.get("/Marked") is True
want = "A" if tagged else "B"
check("6.6.4 pdfaid:part 2, conformance %s" % want, one("pdfaid:part") == "2" and one("pdfaid:conformance") == want,
      "%s %s" % (one("pdfaid:part"), one("pdfaid:conformance")))
check("6.6.3 dc:title equals Info /Title", one("dc:title/rdf:Alt/rdf:li") == text(info.get("/Title")),
      "%r vs %r" % (one("dc:title/rdf:Alt/rdf:li"), text(info.get("/Title"))))
check("6.6.3 dc:creator equals Info /Author", one("dc:creator/rdf:Seq/rdf:li") == text(info.get("/Author")),
      "%r vs %r" % (one("dc:creator/rdf:Seq/rdf:li"), text(info.get("/Author"))))
check("6.6.3 dc:description equals Info /Subject",
      one("dc:description/rdf:Alt/rdf:li") == text(info.get("/Subject")))
check("6.6.3 pdf:Producer equals Info /Producer", one("pdf:Producer") == text(info.get("/Producer")))
check("6.6.3 xmp:CreatorTool equals Info /Creator", one("xmp:CreatorTool") == text(info.get("/Creator")))
d = text(info.get("/CreationDate", ""))
m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)", d)
want = "%s-%s-%sT%s:%s:%sZ" % m.groups() if m else None
check("6.6.3 xmp:CreateDate equals Info /CreationDate", one("xmp:CreateDate") == want,
      "%r vs %r" % (one("xmp:CreateDate"), d))
