#!/usr/bin/python3
"""emblem.py - draws data/emblem.png, the briefing's logo: an original,
neutral mark of mujaz's own (no organisation's): a ring around an
eight-pointed star (two squares, one turned 45 degrees) with an open
centre, white on the cover band's navy.  Opaque, not white on transparent:
the briefing is PDF/A, and tests/pdfa_check.py holds it to no transparency
(no soft masks).  Standard library only; 4x4 supersampled edges.

usage: python3 data/emblem.py [OUT.png]   (default: data/emblem.png)"""
import math
import os
import struct
import sys
import zlib

SIZE = 256   # px: 48 pt on the cover is 267 dpi
SS = 4       # samples per pixel side
# the ground: themes/briefing.yaml's accent, "0.05 0.25 0.42", as 8-bit
# values (round(255 * c)); the band is filled with the same DeviceRGB
GROUND = (13, 64, 107)


def inside(x, y):
    """Is (x, y), in units of the half side from the centre, white?"""
    r = math.hypot(x, y)
    if 0.90 <= r <= 0.98:                      # the ring
        return True
    if r < 0.24:                               # the open centre
        return False
    s = 0.70                                   # the star: two squares' union
    if max(abs(x), abs(y)) <= s * 0.7071 * 1.0:
        return True
    u, v = (x + y) * 0.7071, (x - y) * 0.7071
    return max(abs(u), abs(v)) <= s * 0.7071


def rows():
    for j in range(SIZE):
        row = bytearray([0])                   # PNG filter: none
        for i in range(SIZE):
            hits = 0
            for sj in range(SS):
                for si in range(SS):
                    x = ((i + (si + 0.5) / SS) / SIZE) * 2 - 1
                    y = ((j + (sj + 0.5) / SS) / SIZE) * 2 - 1
                    hits += inside(x, y)
            a = hits / (SS * SS)
            row += bytes(round(255 * a + g * (1 - a)) for g in GROUND)
        yield bytes(row)


def chunk(kind, data):
    c = kind + data
    return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "emblem.png")
    ihdr = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)  # 8-bit RGB
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows()), 9))
    png += chunk(b"IEND", b"")
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
