#!/usr/bin/env python3
"""Make tests/real/portrait-rotated.jpg, the invented CVs' photo: 2300 x 2300
pixels as a phone stores a portrait taken with the phone turned (EXIF
orientation 6: shown turned a quarter turn clockwise), with an XMP APP1
segment after the EXIF one, as phones and editors write.  Low detail (flat
colours), so the file stays small.  Shown upright it has a red top-left,
green top-right, blue bottom-left and yellow bottom-right quadrant around a
light disc (the "face"); stored, the quadrants are turned a quarter turn
back.  Needs python3 and pdftoppm (poppler-utils); run from anywhere."""
import os, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RED, GREEN, BLUE, YELLOW = "0.80 0.22 0.20", "0.20 0.62 0.30", "0.22 0.36 0.78", "0.90 0.76 0.20"


def page_pdf(content, size=23):
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>" % (size, size),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    pdf, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs):
        offs.append(len(pdf))
        pdf += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
    return pdf + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


def stored_page():
    """The picture as stored: upright turned a quarter turn counter-clockwise
    (stored top-left green, top-right yellow, bottom-left red, bottom-right
    blue).  PDF y goes up: the top half is y 11.5..23."""
    q = [(GREEN, 0, 11.5), (YELLOW, 11.5, 11.5), (RED, 0, 0), (BLUE, 11.5, 0)]
    ops = ["%s rg %g %g 11.5 11.5 re f" % (c, x, y) for c, x, y in q]
    # a disc of 4.6 units around the centre, drawn with four Bezier arcs
    k, r, cx, cy = 0.5523, 4.6, 11.5, 11.5
    ops.append("0.95 0.86 0.76 rg %g %g m" % (cx + r, cy))
    for (x1, y1, x2, y2, x3, y3) in [(r, k * r, k * r, r, 0, r), (-k * r, r, -r, k * r, -r, 0),
                                     (-r, -k * r, -k * r, -r, 0, -r), (k * r, -r, r, -k * r, r, 0)]:
        ops.append("%g %g %g %g %g %g c" % (cx + x1, cy + y1, cx + x2, cy + y2, cx + x3, cy + y3))
    ops.append("f")
    return "\n".join(ops).encode()


def app1(payload):
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def exif(orientation):
    ifd = struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    return app1(b"Exif\0\0" + b"MM\0\x2a" + struct.pack(">I", 8) + ifd)


def xmp():
    packet = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
              b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/>'
              b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    return app1(b"http://ns.adobe.com/xap/1.0/\0" + packet)


def main():
    out = os.path.join(HERE, "portrait-rotated.jpg")
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "p.pdf"), "wb") as f:
            f.write(page_pdf(stored_page()))
        # 23 pt at 7200 dpi: 2300 x 2300 pixels
        subprocess.run(["pdftoppm", "-r", "7200", "-jpeg", "-jpegopt", "quality=85", "-singlefile",
                        os.path.join(tmp, "p.pdf"), os.path.join(tmp, "p")], check=True)
        jpeg = open(os.path.join(tmp, "p.jpg"), "rb").read()
    assert jpeg[:2] == b"\xff\xd8"
    rest = jpeg[2:]
    if rest[:2] == b"\xff\xe0":  # a camera's EXIF file has no JFIF segment
        rest = rest[2 + struct.unpack(">H", rest[2:4])[0]:]
    with open(out, "wb") as f:
        f.write(b"\xff\xd8" + exif(6) + xmp() + rest)
    print("%s: %d bytes" % (out, os.path.getsize(out)))


if __name__ == "__main__":
    sys.exit(main())
