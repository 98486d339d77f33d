#!/usr/bin/env python3
"""tests/layers.py - the pipeline's shape, checked from the source and the objects.

    python3 tests/layers.py [BUILD]

Prints PASS/FAIL lines.  The stages are folders under src/, lowest first
(doc/architecture.md):

    util  doc  text  layout  pdf  api  cli

A file may include, and an object may call, only its own folder or a lower
one; the files and the objects of a folder form no cycle; each third-party
library is reached only from the modules named in LIBRARIES below (libharu
from one shim file).  Calls are read from the objects' symbol tables (nm),
so a call through a header's static inline function counts too.
"""
import collections
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BUILD", "build")
LAYERS = ["util", "doc", "text", "layout", "pdf", "api", "cli"]
RANK = {name: i for i, name in enumerate(LAYERS)}

# Third-party headers (a prefix of the name in <...>) and the only source
# files allowed to include them.  A header of ours that includes one would
# leak it into every includer, so only .c files are listed.
LIBRARIES = {
    "hpdf": ["src/pdf/hpdf_shim.c"],
    "fribidi": ["src/text/bidi.c"],
    # markdown_mem.h hands cmark's allocator and nodes to markdown.c alone
    "cmark-gfm": ["src/doc/markdown.c", "src/doc/markdown_mem.c", "src/doc/markdown_mem.h"],
    "yaml": ["src/doc/frontmatter.c", "src/layout/theme.c"],
    "linebreak": ["src/text/breaks.c"],
    "graphemebreak": ["src/text/breaks.c"],
    "ft2build": ["src/text/font.c"],
    "freetype": ["src/text/font.c"],
    "fontconfig": ["src/text/font.c"],
    "hb": ["src/text/", "src/pdf/pdf_font.c"],
    "libdeflate": ["src/pdf/"],
    "png": ["src/pdf/pdf_image.c"],
}

results = []


def check(ok, what):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + what)


def folder(path):
    parts = os.path.relpath(path, os.path.join(ROOT, "src")).split(os.sep)
    return parts[0] if len(parts) > 1 else None


def module(path):
    """src/text/shape.c and src/text/shape.h are one module: text/shape."""
    rel = os.path.relpath(path, os.path.join(ROOT, "src"))
    return os.path.splitext(rel)[0]


def cycles(edges):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def sources():
    files = sorted(glob.glob(os.path.join(ROOT, "src", "*", "*.[ch]")))
    stray = [f for f in glob.glob(os.path.join(ROOT, "src", "*.[ch]"))]
    check(not stray, "every source file is in a stage folder" +
          ("" if not stray else ": " + ", ".join(os.path.basename(f) for f in stray)))
    unknown = sorted({folder(f) for f in files} - set(LAYERS))
    check(not unknown, "every folder under src/ is a known stage" +
          ("" if not unknown else ": " + ", ".join(unknown)))
    return [f for f in files if folder(f) in RANK]


def include_graph(files):
    local = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
    system = re.compile(r'^\s*#\s*include\s+<([^>]+)>', re.M)
    upward, edges, leaks = [], collections.defaultdict(set), []
    for f in files:
        text = open(f, encoding="utf-8").read()
        rel = os.path.relpath(f, ROOT)
        for inc in local.findall(text):
            target = os.path.join(ROOT, "src", inc)
            if not os.path.exists(target):
                continue  # include/mujaz.h and the like
            if RANK[folder(target)] > RANK[folder(f)]:
                upward.append(f"{rel} includes {inc}")
            # files, not modules: x.c including x.h is no cycle, two headers
            # including each other are
            edges[os.path.relpath(f, ROOT)].add(os.path.relpath(target, ROOT))
        for inc in system.findall(text):
            for lib, allowed in LIBRARIES.items():
                if inc == lib + ".h" or inc.startswith(lib + "/") or inc.startswith(lib + "-") \
                        or inc.startswith(lib + "_") or (lib == "hb" and inc.startswith("hb")):
                    if not any(rel == a or (a.endswith("/") and rel.startswith(a)) for a in allowed):
                        leaks.append(f"{rel} includes <{inc}>")
    check(not upward, "no file includes a header of a higher stage" +
          "".join("\n    " + u for u in upward))
    cyc = cycles(edges)
    check(not cyc, "the include graph has no cycle" +
          "".join("\n    " + " <-> ".join(c) for c in cyc))
    check(not leaks, "each library's headers are included only where it is used" +
          "".join("\n    " + u for u in leaks))


# cli/heap.c replaces the C library's allocator for the whole program: every
# module reaches it, as it reaches the C library, and calls nothing above
C_ALLOCATOR = {"malloc", "calloc", "realloc", "free"}


def symbol_graph():
    objs = sorted(glob.glob(os.path.join(ROOT, BUILD, "obj", "*", "*.o")))
    if not objs:
        check(False, f"objects to read in {BUILD}/obj (run make build first)")
        return
    defs, uses = {}, collections.defaultdict(set)
    for o in objs:
        mod = os.path.relpath(o, os.path.join(ROOT, BUILD, "obj"))[:-2]
        out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDBRVW" and p[2] not in C_ALLOCATOR:
                defs[p[2]] = mod
            elif len(p) == 2 and p[0] == "U":
                uses[mod].add(p[1])
    edges, upward = collections.defaultdict(set), []
    for mod, syms in uses.items():
        for s in sorted(syms):
            d = defs.get(s)
            if d is None or d == mod:
                continue
            edges[mod].add(d)
            if RANK[d.split("/")[0]] > RANK[mod.split("/")[0]]:
                upward.append(f"{mod} calls {s} ({d})")
    check(not upward, "no module calls into a higher stage" +
          "".join("\n    " + u for u in upward))
    cyc = cycles(edges)
    check(not cyc, "no two modules call each other, directly or round a loop" +
          "".join("\n    " + " <-> ".join(c) for c in cyc))


files = sources()
include_graph(files)
symbol_graph()
sys.exit(0 if all(results) else 1)
