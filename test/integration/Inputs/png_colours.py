#!/usr/bin/env python3
"""Reads a PNG (8-bit RGB or RGBA, as Chromium writes screenshots) with the
standard library only and says what is drawn in it, for FileCheck:

    SIZE 1320x330
    COLOUR blockage 214,39,40 yes
    HUES 5            distinct saturated hues (coroutine colours and marks)

    png_colours.py FILE name=R,G,B ...
"""
import colorsys
import struct
import sys
import zlib


def pixels(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    at, idat, width = 8, b"", 0
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                sys.exit(f"{path}: colour type {ctype}/{depth} not handled")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + n
    raw, stride, prev, rows = zlib.decompress(idat), width * bpp, None, []
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        prev = prev or bytearray(stride)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    return width, height, [(r[i], r[i + 1], r[i + 2]) for r in rows
                           for i in range(0, stride, bpp)]


def main():
    width, height, px = pixels(sys.argv[1])
    print(f"SIZE {width}x{height}")
    seen = set(px)
    for spec in sys.argv[2:]:
        name, rgb = spec.split("=")
        want = tuple(int(v) for v in rgb.split(","))
        near = any(all(abs(p[k] - want[k]) <= 6 for k in range(3)) for p in seen)
        print(f"COLOUR {name} {rgb} {'yes' if near else 'no'}")
    hues = set()
    for r, g, b in seen:
        h, l, s = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
        if s > 0.5 and 0.3 < l < 0.7:
            hues.add(round(h * 36))  # 10-degree bins
    print(f"HUES {len(hues)}")


if __name__ == "__main__":
    main()
