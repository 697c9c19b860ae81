"""Decode an 8-bit, non-interlaced gray, RGB or RGBA PNG (as pdfimages and
pdftoppm write them) into rows of samples, for the e2e tests (no PIL)."""
import struct
import zlib


def png_pixels(path):
    """(width, height, samples a pixel, rows: one bytearray a row)."""
    d = open(path, "rb").read()
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", d[16:29])
    assert depth == 8 and interlace == 0, (depth, interlace)
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    i, idat = 8, b""
    while i < len(d):
        n, kind = struct.unpack(">I4s", d[i:i + 8])
        if kind == b"IDAT":
            idat += d[i + 8:i + 8 + n]
        i += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):  # undo the row filters
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for k in range(stride):
            a = row[k - bpp] if k >= bpp else 0
            b, c = prev[k], prev[k - bpp] if k >= bpp else 0
            if f == 1:
                row[k] = (row[k] + a) & 255
            elif f == 2:
                row[k] = (row[k] + b) & 255
            elif f == 3:
                row[k] = (row[k] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[k] = (row[k] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(row)
        prev = row
    return w, h, bpp, rows
