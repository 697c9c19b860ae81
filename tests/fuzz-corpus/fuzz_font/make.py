#!/usr/bin/env python3
"""Make the crafted fonts of the fuzz_font regression corpus.

ok-NotoSans-Regular.ttf is the fuzz seed fuzz/fuzz_font.c writes for
fonts/NotoSans-Regular.ttf (the characters of its test text, hinting
dropped, layout tables kept).  Each other file is that font with its
layout tables and 'gasp' left out and one value damaged, named for the
outcome tests/unit/test_font_corpus.c expects from cv_fonts_open:
damaged-* (font-damaged), corrupt-* (font-corrupt), no-embedding-*
(font-no-embedding), or, for a composite glyph of a character the fuzz
target's text uses, from cv_fonts_hpdf: glyph-damaged-*
(font-glyph-damaged).  Files from fuzzing runs (finding-*) are kept as found.
Run from anywhere: python3 tests/fuzz-corpus/fuzz_font/make.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = open(os.path.join(HERE, "ok-NotoSans-Regular.ttf"), "rb").read()


def tables(font):
    """{tag: bytes} of an sfnt, in directory order."""
    n = struct.unpack(">H", font[4:6])[0]
    out = {}
    for i in range(n):
        tag, _, off, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        out[tag.decode("latin1")] = bytearray(font[off:off + length])
    return out


def sfnt(tabs, lengths=None, base=0):
    """An sfnt of tabs (sorted by tag) starting at file offset base;
    lengths overrides the directory length of some tables."""
    tags = sorted(tabs)
    head = struct.pack(">IHHHH", 0x00010000, len(tags), 0, 0, 0)
    off = base + 12 + 16 * len(tags)
    recs, body = b"", b""
    for tag in tags:
        data = bytes(tabs[tag])
        length = (lengths or {}).get(tag, len(data))
        recs += struct.pack(">4sIII", tag.encode("latin1"), 0, off + len(body), length)
        body += data + b"\0" * (-len(data) % 4)
    return head + recs + body


def plain():
    t = tables(BASE)
    for tag in ("GDEF", "GPOS", "GSUB", "gasp"):
        t.pop(tag, None)
    return t


def cmap_bmp(t):
    """Offset in cmap of the (3, 1) format 4 subtable."""
    c = t["cmap"]
    for i in range(struct.unpack(">H", c[2:4])[0]):
        p, e, off = struct.unpack(">HHI", c[4 + 8 * i:12 + 8 * i])
        if p == 3 and e == 1:
            return off
    raise SystemExit("no (3, 1) cmap")


def put(t, tag, off, fmt, value):
    struct.pack_into(fmt, t[tag], off, value)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def variant(name, change, lengths=None):
    t = plain()
    change(t)
    write(name, sfnt(t, lengths))


def seg_count(t):
    return struct.unpack(">H", t["cmap"][cmap_bmp(t) + 6:cmap_bmp(t) + 8])[0] // 2


def num_glyphs(t):
    return struct.unpack(">H", t["maxp"][4:6])[0]


def swap_loca(t):
    a, b = struct.unpack(">HH", t["loca"][4:8])
    struct.pack_into(">HH", t["loca"], 4, b + 8, b)


def name_record(t, name_id):
    n = struct.unpack(">H", t["name"][2:4])[0]
    for i in range(n):
        if struct.unpack(">H", t["name"][6 + 12 * i + 6:6 + 12 * i + 8])[0] == name_id:
            return 6 + 12 * i
    raise SystemExit("no name %d" % name_id)


def glyph_of(t, ch):
    """The glyph the (3, 1) cmap maps character ch to (0 if none)."""
    c, sub = t["cmap"], cmap_bmp(t)
    segs = seg_count(t)
    ends = sub + 14
    starts, deltas, ranges = ends + 2 * segs + 2, ends + 4 * segs + 2, ends + 6 * segs + 2
    for i in range(segs):
        end, start, delta, rng = (struct.unpack(">H", c[a + 2 * i:a + 2 * i + 2])[0]
                                  for a in (ends, starts, deltas, ranges))
        if start <= ch <= end:
            if rng == 0:
                return (ch + delta) & 0xFFFF
            at = ranges + 2 * i + rng + 2 * (ch - start)
            g = struct.unpack(">H", c[at:at + 2])[0]
            return (g + delta) & 0xFFFF if g else 0
    return 0


def glyph_at(t, gid):
    """Offset in glyf of glyph gid (either loca format)."""
    if struct.unpack(">h", t["head"][50:52])[0]:
        return struct.unpack(">I", t["loca"][4 * gid:4 * gid + 4])[0]
    return 2 * struct.unpack(">H", t["loca"][2 * gid:2 * gid + 2])[0]


def component(t, ch, k):
    """Offset in glyf of component k of the composite glyph of character ch."""
    at = glyph_at(t, glyph_of(t, ord(ch))) + 10
    assert struct.unpack(">h", t["glyf"][at - 10:at - 8])[0] == -1, ch
    for _ in range(k):
        flags = struct.unpack(">H", t["glyf"][at:at + 2])[0]
        at += 6 + (2 if flags & 1 else 0) + (2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0)
    return at


def cycle(t):
    """The glyphs of 'ó' and 'Å' each the other's first component."""
    put(t, "glyf", component(t, "\u00f3", 0) + 2, ">H", glyph_of(t, 0xC5))
    put(t, "glyf", component(t, "\u00c5", 0) + 2, ">H", glyph_of(t, 0xF3))


variant("damaged-upem0.ttf", lambda t: put(t, "head", 18, ">H", 0))
variant("damaged-upem1.ttf", lambda t: put(t, "head", 18, ">H", 1))
variant("damaged-upem65535.ttf", lambda t: put(t, "head", 18, ">H", 65535))
variant("damaged-magic.ttf", lambda t: put(t, "head", 12, ">I", 0))
variant("damaged-loca-format.ttf", lambda t: put(t, "head", 50, ">h", 2))
variant("damaged-bbox.ttf", lambda t: (put(t, "head", 36, ">h", 900), put(t, "head", 40, ">h", -900)))
variant("corrupt-numglyphs0.ttf", lambda t: put(t, "maxp", 4, ">H", 0))
variant("damaged-hmetrics0.ttf", lambda t: put(t, "hhea", 34, ">H", 0))
variant("damaged-hmetrics-over.ttf", lambda t: put(t, "hhea", 34, ">H", 65535))
variant("damaged-ascender.ttf", lambda t: (put(t, "head", 18, ">H", 500), put(t, "hhea", 4, ">h", 20000)))
variant("damaged-width.ttf", lambda t: put(t, "hmtx", 4, ">H", 40000))
variant("damaged-hmtx-short.ttf", lambda t: None, {"hmtx": 10})
variant("damaged-loca-decreasing.ttf", swap_loca)
variant("damaged-loca-past-glyf.ttf",
        lambda t: put(t, "loca", 2 * num_glyphs(t), ">H", 0xFFFF))
variant("damaged-cmap-outside.ttf", lambda t: put(t, "cmap", 4 + 8 + 4, ">I", 0xFFFF0000))
variant("damaged-cmap-last-end.ttf",
        lambda t: put(t, "cmap", cmap_bmp(t) + 14 + 2 * (seg_count(t) - 1), ">H", 0xFFFE))
variant("corrupt-cmap-segcount.ttf",  # HarfBuzz finds no mapping at all
        lambda t: put(t, "cmap", cmap_bmp(t) + 6, ">H", 2 * seg_count(t) + 1))
variant("damaged-cmap-glyph.ttf",  # idDelta of the first segment: glyphs past numGlyphs
        lambda t: put(t, "cmap", cmap_bmp(t) + 16 + 4 * seg_count(t), ">h", 3000))
variant("damaged-name-outside.ttf",
        lambda t: put(t, "name", name_record(t, 6) + 10, ">H", 0xFFF0))
variant("damaged-name-no-postscript.ttf",
        lambda t: put(t, "name", name_record(t, 6) + 6, ">H", 7))
variant("damaged-os2-short.ttf", lambda t: None, {"OS/2": 80})
variant("damaged-post-version.ttf", lambda t: put(t, "post", 0, ">I", 0x00025000))
variant("no-embedding-restricted.ttf", lambda t: put(t, "OS/2", 8, ">H", 0x0002))
variant("corrupt-table-past-end.ttf", lambda t: None, {"glyf": 0x7FFFFFFF})

# Composite glyphs of characters fuzz/fuzz_font.c's text uses ('ó', 'Å').
variant("glyph-damaged-component-ffff.ttf",
        lambda t: put(t, "glyf", component(t, "\u00f3", 0) + 2, ">H", 0xFFFF))
variant("glyph-damaged-component-past.ttf",
        lambda t: put(t, "glyf", component(t, "\u00f3", 1) + 2, ">H", num_glyphs(t)))
variant("glyph-damaged-self.ttf",
        lambda t: put(t, "glyf", component(t, "\u00f3", 0) + 2, ">H", glyph_of(t, 0xF3)))
variant("glyph-damaged-cycle.ttf", cycle)
variant("glyph-damaged-past-end.ttf",  # the last component gains a 2x2 matrix: 8 bytes more
        lambda t: put(t, "glyf", component(t, "\u00f3", 1), ">H", 0x0087))
variant("glyph-damaged-contours.ttf",
        lambda t: put(t, "glyf", glyph_at(t, glyph_of(t, 0xF3)), ">h", -2))

# A collection: folio takes its first font, whose head.unitsPerEm is 0.
t = plain()
put(t, "head", 18, ">H", 0)
write("damaged-collection-upem0.ttc", struct.pack(">4sIII", b"ttcf", 0x00010000, 1, 16) +
      sfnt(t, base=16))
