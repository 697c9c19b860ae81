#!/usr/bin/env bash
# Big photos on real tools.  A phone-sized picture (4000 x 3000, made here
# by poppler from a page of random rectangles) as a JPEG, a PNG and a JPEG
# asking for a quarter turn (EXIF orientation 6), printed 2.4 cm wide by the
# classic layout: the PDF holds one image of about 300 ppi at that size
# (pdfimages -list), turned for orientation 6, the PDF is small, passes
# qpdf --check, renders without a poppler warning and is byte-identical when
# built twice.  A photo that needs no shrinking is embedded byte for byte.
# A 40-megapixel PNG (160 KB, the hostile review's case) builds in bounded
# time and memory.
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
sanitized=0
if [ -n "${BUILD:-}" ] && grep -qE '^CMAKE_BUILD_TYPE:[A-Z]+=(Asan|Ubsan|Debug)$' "$BUILD/CMakeCache.txt" 2> /dev/null; then
	sanitized=1
fi

# The pictures: a 32 x 24 pt page rendered at 9000 dpi is 4000 x 3000 pixels.
"$python" - "$tmp" << 'EOF'
import os, random, struct, sys, zlib
tmp = sys.argv[1]
rnd = random.Random(10)
ops = [b"0.2 0.3 0.7 rg 0 0 32 24 re f"]
for _ in range(400):
    ops.append(b"%.3f %.3f %.3f rg %.2f %.2f %.2f %.2f re f" % (
        rnd.random(), rnd.random(), rnd.random(), rnd.uniform(0, 32), rnd.uniform(0, 24),
        rnd.uniform(0.05, 3), rnd.uniform(0.05, 3)))
ops.append(b"0.9 0.1 0.1 rg 0 18 6 6 re f")  # a red square, top left
content = b"\n".join(ops)
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 32 24] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
pdf, offs = b"%PDF-1.4\n", []
for i, o in enumerate(objs):
    offs.append(len(pdf))
    pdf += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
pdf += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
open(os.path.join(tmp, "page.pdf"), "wb").write(pdf)

# 40 megapixels of half-transparent RGBA in 160 KB.
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
w, h = 8000, 5000
row = b"\0" + bytes([200, 180, 160, 128]) * w
z = zlib.compressobj(9)
data = b"".join(z.compress(row) for _ in range(h)) + z.flush()
open(os.path.join(tmp, "flat40.png"), "wb").write(
    b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
    + chunk(b"IDAT", data) + chunk(b"IEND", b""))
EOF
pdftoppm -r 9000 -jpeg -singlefile "$tmp/page.pdf" "$tmp/phone" &&
	pdftoppm -r 9000 -png -singlefile "$tmp/page.pdf" "$tmp/phone" || bad "pdftoppm failed"
# The same JPEG asking for a quarter turn clockwise (EXIF orientation 6).
"$python" - "$tmp/phone.jpg" "$tmp/phone-6.jpg" << 'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
tiff = b"MM\0\x2a" + struct.pack(">IH", 8, 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack(">I", 0)
app1 = b"Exif\0\0" + tiff
open(sys.argv[2], "wb").write(d[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + d[2:])
EOF
cp "$SRC/tests/fixtures/pdf/photo.jpg" "$tmp/small.jpg"

profile() { # NAME PHOTO
	printf 'name: Ada Lovelace\nphoto: %s\nsections:\n  - title: Education\n    entries:\n      - institution: University of London\n' "$2" > "$tmp/$1.yaml"
}

# check NAME PHOTO WIDTH HEIGHT MAXBYTES: build twice, then the checks above
check() {
	local name=$1 photo=$2 want_w=$3 want_h=$4 max=$5
	profile "$name" "$photo"
	# (the one-line report of the written file is not a warning)
	if ! "$FOLIO" build -o "$tmp/$name.pdf" "$tmp/$name.yaml" 2> "$tmp/$name.err" ||
		! sed -i "/^folio: note: wrote '/d" "$tmp/$name.err" || [ -s "$tmp/$name.err" ]; then
		bad "$name: build failed or warned: $(head -c 300 "$tmp/$name.err")"
		return
	fi
	"$FOLIO" build -o "$tmp/$name-2.pdf" "$tmp/$name.yaml" 2> /dev/null
	cmp -s "$tmp/$name.pdf" "$tmp/$name-2.pdf" && ok || bad "$name: two builds differ"
	qpdf --check "$tmp/$name.pdf" > /dev/null 2>&1 && ok || bad "$name: qpdf --check fails"
	local list
	list=$(pdfimages -list "$tmp/$name.pdf" 2> /dev/null | awk 'NR > 2 && $3 == "image" {print $4, $5, $13, $14}')
	local n
	n=$(printf '%s\n' "$list" | grep -c .)
	[ "$n" -eq 1 ] && ok || bad "$name: $n images, want 1"
	read -r w h xppi yppi <<< "$list"
	[ "${w:-0}" = "$want_w" ] && [ "${h:-0}" = "$want_h" ] && ok ||
		bad "$name: image is ${w:-?} x ${h:-?}, want $want_w x $want_h"
	if [ "$max" != same ]; then
		# pdfimages rounds the resolution; 2.4 cm at 300 ppi is 283.5 px
		[ "${xppi:-0}" -ge 295 ] && [ "${xppi:-0}" -le 305 ] && [ "${yppi:-0}" -ge 295 ] && [ "${yppi:-0}" -le 305 ] &&
			ok || bad "$name: $xppi x $yppi ppi, want about 300"
		local size
		size=$(stat -c %s "$tmp/$name.pdf")
		[ "$size" -le "$max" ] && ok || bad "$name: PDF is $size bytes, want at most $max"
	fi
	pdftoppm -r 72 -png "$tmp/$name.pdf" "$tmp/$name-page" 2> "$tmp/$name.poppler"
	[ ! -s "$tmp/$name.poppler" ] && ok || bad "$name: poppler says: $(head -c 300 "$tmp/$name.poppler")"
}

check phone-jpg phone.jpg 378 284 60000
check phone-png phone.png 378 284 60000
check phone-jpg-turned phone-6.jpg 284 378 60000
# 140 x 110 pixels in a 2.4 cm box (116 ppi): kept as it is, byte for byte.
check small-jpg small.jpg 140 110 same
pdfimages -j "$tmp/small-jpg.pdf" "$tmp/extracted" 2> /dev/null
cmp -s "$tmp/extracted-000.jpg" "$tmp/small.jpg" && ok || bad "small-jpg: embedded JPEG differs from the file"

# The turned photo: the red square is now in the top right corner.
pdfimages -png "$tmp/phone-jpg-turned.pdf" "$tmp/turned" 2> /dev/null
"$python" - "$tmp/turned-000.png" << 'EOF' && ok || bad "phone-jpg-turned: red square not in the top right corner"
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
w, h, depth, ctype = struct.unpack(">IIBB", d[16:26])
assert depth == 8 and ctype == 2, (depth, ctype)
i, idat = 8, b""
while i < len(d):
    n, kind = struct.unpack(">I4s", d[i:i + 8])
    if kind == b"IDAT":
        idat += d[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(idat)
stride, bpp, rows, prev = w * 3, 3, [], bytearray(w * 3)
for y in range(h):  # undo the PNG row filters
    f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for k in range(stride):
        a = row[k - bpp] if k >= bpp else 0
        b, c = prev[k], prev[k - bpp] if k >= bpp else 0
        if f == 1: row[k] = (row[k] + a) & 255
        elif f == 2: row[k] = (row[k] + b) & 255
        elif f == 3: row[k] = (row[k] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[k] = (row[k] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(row)
    prev = row
def px(x, y):
    return tuple(rows[y][x * 3:x * 3 + 3])
r, g, b = px(w - 10, 10)
assert r > 180 and g < 90 and b < 90, (r, g, b)
r, g, b = px(10, 10)
assert not (r > 180 and g < 90 and b < 90), (r, g, b)
EOF

# 40 megapixels in 160 KB: before, 2.8 s and 362 MB; now streamed through
# a fixed-size downsampler.
profile flat40 flat40.png
/usr/bin/time -f '%e %M' -o "$tmp/flat40.time" "$FOLIO" build -o "$tmp/flat40.pdf" "$tmp/flat40.yaml" 2> "$tmp/flat40.err"
st=$?
[ $st -eq 0 ] && ok || bad "flat40: exit $st: $(head -c 300 "$tmp/flat40.err")"
read -r secs kb < "$tmp/flat40.time"
limit_kb=$((sanitized ? 128000 : 64000))
[ "${kb:-999999999}" -le "$limit_kb" ] && ok || bad "flat40: peak RSS $kb KB, want at most $limit_kb KB"
size=$(stat -c %s "$tmp/flat40.pdf" 2> /dev/null || echo 0)
[ "$size" -le 30000 ] && ok || bad "flat40: PDF is $size bytes"
nmask=$(pdfimages -list "$tmp/flat40.pdf" 2> /dev/null | awk 'NR > 2 && $3 == "smask"' | wc -l)
[ "$nmask" -eq 1 ] && ok || bad "flat40: $nmask soft masks, want 1"
echo "flat40: ${secs}s, ${kb} KB peak"

# The LaTeX back end checks the photo as the PDF does, and --compile gives
# TeX the photo the PDF embeds: the phone photo downsampled and turned, not
# 12 megapixels (xelatex took 3.4 GB for a 196-megapixel PNG).  A damaged
# photo is refused by -f tex as by -f pdf.
if command -v pdflatex > /dev/null && [ $sanitized -eq 0 ]; then
	mkdir -p "$tmp/tex"
	"$FOLIO" build -q -f tex --compile=pdflatex -o "$tmp/tex/turned.tex" "$tmp/phone-jpg-turned.yaml" \
		2> "$tmp/tex.err" && ok || bad "--compile with a big photo: $(head -c 300 "$tmp/tex.err")"
	read -r w h <<< "$(pdfimages -list "$tmp/tex/turned.pdf" 2> /dev/null | awk 'NR > 2 && $3 == "image" {print $4, $5}')"
	[ "${w:-0}" = 284 ] && [ "${h:-0}" = 378 ] && ok ||
		bad "--compile: the engine got a ${w:-?} x ${h:-?} photo, want the PDF's 284 x 378"
	grep -q 'phone-6.jpg' "$tmp/tex/turned.tex" && ok || bad "-f tex: the .tex does not name the photo file"
	head -c 3000 "$tmp/phone.jpg" > "$tmp/cut.jpg"
	profile cut cut.jpg
	"$FOLIO" build -q -f tex -o "$tmp/tex/cut.tex" "$tmp/cut.yaml" 2> "$tmp/cut.err"
	st=$?
	[ $st -eq 1 ] && [ ! -e "$tmp/tex/cut.tex" ] && grep -q 'cut.jpg" is truncated' "$tmp/cut.err" && ok ||
		bad "-f tex with a truncated photo: exit $st, $(head -c 200 "$tmp/cut.err")"
fi

echo "images: $pass passed, $fail failed"
[ $fail -eq 0 ]
