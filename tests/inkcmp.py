#!/usr/bin/env python3
"""inkcmp.py A.pgm B.pgm - compares the ink of the first text line of two
grey renderings (binary PGM from pdftoppm -gray).  Each is cropped to the ink
of its first band of rows (a line of text; a band ends at a 2-line-high gap);
the two crops must have the same size within 2 px and, aligned at the best
offset within 3 px (the crops start at each one's highest ink, which
rounding can move), every ink pixel of each must lie within 1 px of ink in
the other.  Prints "size=WxH/WxH match=<fraction>"."""
import sys


def read_pgm(path):
    data = open(path, "rb").read()
    parts, pos = [], 0
    while len(parts) < 4:  # P5, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    w, h = int(parts[1]), int(parts[2])
    px = data[pos + 1:pos + 1 + w * h]
    return w, h, px


def first_band(w, h, px):
    rows = [any(px[y * w + x] < 128 for x in range(w)) for y in range(h)]
    top = next(y for y in range(h) if rows[y])
    bot, gap = top, 0
    for y in range(top, h):
        if rows[y]:
            bot, gap = y, 0
        else:
            gap += 1
            if gap > 40:
                break
    cols = [x for x in range(w) if any(px[y * w + x] < 128 for y in range(top, bot + 1))]
    left, right = min(cols), max(cols)
    return {(x - left, y - top) for y in range(top, bot + 1) for x in range(left, right + 1)
            if px[y * w + x] < 128}, right - left + 1, bot - top + 1


def near(a, b, ox, oy):
    hit = 0
    for (x, y) in a:
        if any((x + ox + dx, y + oy + dy) in b for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            hit += 1
    return hit / max(1, len(a))


a, aw, ah = first_band(*read_pgm(sys.argv[1]))
b, bw, bh = first_band(*read_pgm(sys.argv[2]))
best = max(min(near(a, b, ox, oy), near(b, a, -ox, -oy))
           for ox in range(-3, 4) for oy in range(-3, 4))
print("size=%dx%d/%dx%d match=%.4f" % (aw, ah, bw, bh, best))
