#!/usr/bin/env bash
# Photos as users send them, checked on what the PDF embeds (pdfimages).
# - The case of issue 12: a 2300 x 2300 JPEG of 1.8 MB (a smooth random
#   picture under fine rectangles, rendered by poppler at quality 97) shown
#   2.4 cm wide makes a PDF under 100 KB holding one 284 x 284 image at
#   about 300 ppi.
# - EXIF orientation, all eight values: one asymmetric picture (four
#   quadrants of different colours, 3:2) carrying each orientation, big
#   (downsampled) and small (kept size), is embedded turned or mirrored as
#   the orientation says; the quadrant colours of the extracted image are
#   compared with the expected arrangement, written out here per value from
#   the EXIF definitions (row 0 / column 0 end up where), not computed by
#   the code under test.
# - An XMP APP1 segment after the EXIF one (phones and editors write both)
#   does not undo the orientation; nor does one before it.
# - A PNG with alpha and an eXIf chunk is turned, its soft mask with it.
# - EXIF orientation 9: a warning at the photo key, exit 0, shown as stored.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}
python=$(python3 -c 'import sys; print(sys.executable)')

# The pictures, as PDF pages that poppler renders: "square" (23 x 23 pt) and
# "quad" (24 x 16 pt, quadrants red, green / blue, yellow).
"$python" - "$tmp" << 'EOF'
import os, random, sys, zlib
tmp = sys.argv[1]
def write_pdf(name, w, h, content, xobjects=()):
    res = b""
    if xobjects:
        res = b"/Resources << /XObject << " + b" ".join(b"/Im%d %d 0 R" % (i, 5 + i) for i in range(len(xobjects))) + b" >> >>"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R %s >>" % (w, h, res),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"] + list(xobjects)
    pdf, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs):
        offs.append(len(pdf))
        pdf += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    open(os.path.join(tmp, name), "wb").write(pdf)

rnd = random.Random(12)
n = 96
noise = zlib.compress(bytes(rnd.randrange(256) for _ in range(n * n * 3)))
im = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
      b"/BitsPerComponent 8 /Interpolate true /Filter /FlateDecode /Length %d >>\nstream\n" % (n, n, len(noise))
      + noise + b"\nendstream")
ops = [b"q 23 0 0 23 0 0 cm /Im0 Do Q"]
for _ in range(3000):
    ops.append(b"%.3f %.3f %.3f rg %.3f %.3f %.3f %.3f re f" % (
        rnd.random(), rnd.random(), rnd.random(), rnd.uniform(0, 23), rnd.uniform(0, 23),
        rnd.uniform(0.01, 0.3), rnd.uniform(0.01, 0.3)))
write_pdf("square.pdf", 23, 23, b"\n".join(ops), [im])
# PDF y goes up: the top half is y 8..16.
write_pdf("quad.pdf", 24, 16, b"0.86 0.12 0.12 rg 0 8 12 8 re f 0.12 0.7 0.12 rg 12 8 12 8 re f "
          b"0.12 0.12 0.86 rg 0 0 12 8 re f 0.9 0.82 0.08 rg 12 0 12 8 re f")
EOF
# 2300 x 2300; the quadrants at 3000 x 2000 (downsampled in a 2.4 cm box)
# and 150 x 100 (kept: 159 ppi).
pdftoppm -r 7200 -jpeg -jpegopt quality=97 -singlefile "$tmp/square.pdf" "$tmp/square" &&
	pdftoppm -r 9000 -jpeg -jpegopt quality=95 -singlefile "$tmp/quad.pdf" "$tmp/quad-big" &&
	pdftoppm -r 450 -jpeg -jpegopt quality=95 -singlefile "$tmp/quad.pdf" "$tmp/quad-small" &&
	pdftoppm -r 450 -png -singlefile "$tmp/quad.pdf" "$tmp/quad-small" || bad "pdftoppm failed"

# Add EXIF (orientation O, written as an APP1 segment right after SOI, or
# as an eXIf chunk after a PNG's IHDR), optionally with an XMP APP1 segment
# after or before it.
"$python" - "$tmp" "$SRC/tests/tools" << 'EOF'
import struct, sys, zlib
tmp = sys.argv[1]
def tiff(o):
    return b"MM\0\x2a" + struct.pack(">IH", 8, 1) + struct.pack(">HHIHH", 0x0112, 3, 1, o, 0) + struct.pack(">I", 0)
def app1(payload):
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
xmp = app1(b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
           b"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/></x:xmpmeta>")
for size in ("big", "small"):
    d = open(f"{tmp}/quad-{size}.jpg", "rb").read()
    for o in range(1, 9):
        open(f"{tmp}/quad-{size}-{o}.jpg", "wb").write(d[:2] + app1(b"Exif\0\0" + tiff(o)) + d[2:])
    open(f"{tmp}/quad-{size}-xmp-after.jpg", "wb").write(d[:2] + app1(b"Exif\0\0" + tiff(6)) + xmp + d[2:])
    open(f"{tmp}/quad-{size}-xmp-before.jpg", "wb").write(d[:2] + xmp + app1(b"Exif\0\0" + tiff(6)) + d[2:])
    open(f"{tmp}/quad-{size}-9.jpg", "wb").write(d[:2] + app1(b"Exif\0\0" + tiff(9)) + d[2:])
# The small PNG with an alpha channel: the bottom quadrants half transparent.
sys.path.insert(0, sys.argv[2])
from png_pixels import png_pixels
w, h, bpp, px_rows = png_pixels(f"{tmp}/quad-small.png")
assert bpp == 3
rows = b""
for y in range(h):
    px = px_rows[y]
    a = 255 if y < h // 2 else 128
    rows += b"\0" + b"".join(px[x * 3:x * 3 + 3] + bytes([a]) for x in range(w))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
ihdr = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)
open(f"{tmp}/quad-small-6.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"eXIf", tiff(6))
                                           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
EOF

profile() { # NAME PHOTO
	printf 'name: Ada Lovelace\nphoto: %s\nsections:\n  - title: Education\n    entries:\n      - institution: University of London\n' "$2" > "$tmp/$1.yaml"
}

# build NAME PHOTO: build without a message; 1 on failure
build() {
	profile "$1" "$2"
	# (the one-line report of the written file is not a warning)
	if ! "$FOLIO" build -o "$tmp/$1.pdf" "$tmp/$1.yaml" 2> "$tmp/$1.err" ||
		! sed -i "/^folio: note: wrote '/d" "$tmp/$1.err" || [ -s "$tmp/$1.err" ]; then
		bad "$1: build failed or warned: $(head -c 300 "$tmp/$1.err")"
		return 1
	fi
}

# image NAME: "W H XPPI YPPI" of the PDF's only image
image() {
	pdfimages -list "$tmp/$1.pdf" 2> /dev/null | awk 'NR > 2 && $3 == "image" {print $4, $5, $13, $14}'
}

# The big photo.
if build square square.jpg; then
	jpg=$(stat -c %s "$tmp/square.jpg")
	size=$(stat -c %s "$tmp/square.pdf")
	[ "$size" -lt 100000 ] && ok || bad "square: PDF is $size bytes, want under 100 KB"
	read -r w h xppi yppi <<< "$(image square)"
	[ "${w:-0}" = 284 ] && [ "${h:-0}" = 284 ] && ok || bad "square: image is ${w:-?} x ${h:-?}, want 284 x 284"
	[ "${xppi:-0}" -ge 295 ] && [ "${xppi:-0}" -le 305 ] && [ "${yppi:-0}" -ge 295 ] && [ "${yppi:-0}" -le 305 ] &&
		ok || bad "square: ${xppi:-?} x ${yppi:-?} ppi, want about 300"
	[ "$(pdfimages -list "$tmp/square.pdf" 2> /dev/null | awk 'NR > 2' | wc -l)" -eq 1 ] && ok || bad "square: not one image"
	qpdf --check "$tmp/square.pdf" > /dev/null 2>&1 && ok || bad "square: qpdf --check fails"
	echo "square: a $jpg-byte 2300 x 2300 JPEG makes a $size-byte PDF"
fi

# Orientations.  check_quad NAME WANT(TL TR BL BR) W H [MASK]: the image's
# quadrant colours (and, with MASK, its soft mask's quadrants, 255 or 128).
check_quad() {
	local name=$1 want=$2 ew=$3 eh=$4 mask=${5:-}
	read -r w h _ <<< "$(image "$name")"
	[ "${w:-0}" = "$ew" ] && [ "${h:-0}" = "$eh" ] && ok || bad "$name: image is ${w:-?} x ${h:-?}, want $ew x $eh"
	rm -f "$tmp/x-"*
	pdfimages -png "$tmp/$name.pdf" "$tmp/x" 2> /dev/null
	"$python" - "$tmp/x-000.png" "$want" "$tmp/x-001.png" "$mask" "$SRC/tests/tools" << 'EOF' && ok || bad "$name: quadrants wrong (want $want${mask:+, mask $mask})"
import sys
sys.path.insert(0, sys.argv[5])
from png_pixels import png_pixels as pixels
def centres(w, h):  # TL TR BL BR quadrant centres
    return [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]
colours = {"R": (220, 31, 31), "G": (31, 179, 31), "B": (31, 31, 220), "Y": (230, 209, 20)}
w, h, bpp, rows = pixels(sys.argv[1])
got = []
for x, y in centres(w, h):
    px = tuple(rows[y][x * 3:x * 3 + 3])
    near = [k for k, c in colours.items() if all(abs(p - q) <= 40 for p, q in zip(px, c))]
    got.append(near[0] if near else "?%s" % (px,))
if " ".join(got) != sys.argv[2]:
    sys.exit("got %s" % " ".join(got))
if sys.argv[4]:
    w, h, bpp, rows = pixels(sys.argv[3])
    got = " ".join(str(rows[y][x]) for x, y in centres(w, h))
    if got != sys.argv[4]:
        sys.exit("mask %s" % got)
EOF
}

# Stored: TL red, TR green, BL blue, BR yellow.  Shown, per EXIF orientation
# (row 0 = R G, column 0 = R B):
want=(
	""
	"R G B Y" # 1 as stored
	"G R Y B" # 2 mirrored left-right
	"Y B G R" # 3 half turn
	"B Y R G" # 4 mirrored top-bottom
	"R B G Y" # 5 row 0 is the left side, column 0 the top (transposed)
	"B R Y G" # 6 row 0 is the right side, column 0 the top (quarter turn clockwise)
	"Y G B R" # 7 row 0 is the right side, column 0 the bottom (transversed)
	"G Y R B" # 8 row 0 is the left side, column 0 the bottom (quarter turn anticlockwise)
)
for o in 1 2 3 4 5 6 7 8; do
	if [ "$o" -ge 5 ]; then big="284 426" small="100 150"; else big="426 284" small="150 100"; fi
	build "big-$o" "quad-big-$o.jpg" && check_quad "big-$o" "${want[$o]}" $big
	build "small-$o" "quad-small-$o.jpg" && check_quad "small-$o" "${want[$o]}" $small
done
# Orientation 1 and a photo this small: kept byte for byte.
pdfimages -j "$tmp/small-1.pdf" "$tmp/kept" 2> /dev/null
cmp -s "$tmp/kept-000.jpg" "$tmp/quad-small-1.jpg" && ok || bad "small-1: embedded JPEG differs from the file"

for where in after before; do
	build "xmp-$where" "quad-big-xmp-$where.jpg" && check_quad "xmp-$where" "${want[6]}" 284 426
done

# PNG: eXIf orientation 6; the half-transparent bottom half becomes the left half.
build png-6 quad-small-6.png && check_quad png-6 "${want[6]}" 100 150 "128 255 128 255"

# TeX engines ignore eXIf: --compile gives them the PNG turned (as a new
# PNG, alpha kept), and a JPEG turned but kept at its size as folio's JPEG.
if command -v pdflatex > /dev/null && ! grep -qE '^CMAKE_BUILD_TYPE:[A-Z]+=(Asan|Ubsan|Debug)$' "${BUILD:-.}/CMakeCache.txt" 2> /dev/null; then
	mkdir -p "$tmp/tex"
	for name in png-6 small-6; do
		"$FOLIO" build -q -f tex --compile=pdflatex -o "$tmp/tex/$name.tex" "$tmp/$name.yaml" 2> "$tmp/tex-$name.err" &&
			ok || bad "--compile $name: $(head -c 300 "$tmp/tex-$name.err")"
		cp "$tmp/tex/$name.pdf" "$tmp/tex-$name.pdf" 2> /dev/null
	done
	check_quad tex-png-6 "${want[6]}" 100 150 "128 255 128 255"
	check_quad tex-small-6 "${want[6]}" 100 150
fi

# Orientation 9 does not exist: a warning at the photo key, shown as stored.
profile bogus quad-small-9.jpg
"$FOLIO" build -o "$tmp/bogus.pdf" "$tmp/bogus.yaml" 2> "$tmp/bogus.err"
st=$?
[ $st -eq 0 ] && grep -qxF "$tmp/bogus.yaml:2:8: warning: photo \"$tmp/quad-small-9.jpg\" has an EXIF orientation of 9, not one of 1 to 8; it is shown as stored" "$tmp/bogus.err" &&
	ok || bad "bogus orientation: exit $st, $(head -c 300 "$tmp/bogus.err")"
[ $st -eq 0 ] && check_quad bogus "${want[1]}" 150 100

echo "images_photos: $pass passed, $fail failed"
[ $fail -eq 0 ]
