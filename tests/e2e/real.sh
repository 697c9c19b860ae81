#!/usr/bin/env bash
# tests/real/: invented CVs modelled on what real ones contain (an academic
# homepage with Chinese dates and a big phone photo stored turned, a JSON
# Resume-style JSON file with day dates and summaries written as line lists,
# a RenderCV-style one with sections as a mapping and the same photo), each
# built in every layout (`folio layouts`).  For every PDF:
# - exit 0 and no warning at all (the "wrote" report aside);
# - qpdf --check clean; A4 pages (compact included: not US letter; ats and
#   columns, whose files say letter, on letter);
# - with a photo (every layout whose header shows one: at least five), the
#   PDF is under 100 KB and the photo is upright: the image pdfimages
#   extracts has the quadrant colours of the picture as shown (red
#   top-left, green top-right, blue bottom-left, yellow bottom-right; the
#   file stores them a quarter turn back, EXIF orientation 6, with an XMP
#   segment after the EXIF one);
# - the name, every section title, and the dates as the layout prints them
#   (days print as months: "Mar 2021", never "Mar 15, 2021"; "2020.9 -
#   2025.06 (expected)" as "Sep 2020 – Jun 2025 (expected)"; the academic
#   year "2023-2024" as "2023 – 2024") are in pdftotext's text.
# And the date forms: the same profiles with a range turned round are
# refused (exit 1, the message at the range).
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
real="$SRC/tests/real"

# What each CV must show, one string a line: the name, then section titles,
# then dates (compared with the text's white space collapsed, ignoring case).
expect_academic_homepage() {
	cat << 'EOF'
Zhou Mingyue
News
Education
Publications
Experience
Awards
Talks
Skills
Academic Service
Jun 2024
Mar 2024
Sep 2023
Sep 2020 – Jun 2025 (expected)
Sep 2016 – Jun 2020
Nov 2023
Mar 2024 – present
2023 – 2024
May 2024
EOF
}
expect_json_resume() {
	cat << 'EOF'
Marta Okonkwo-Reyes
Summary
Work Experience
Education
Projects
Awards
Skills
Languages
Mar 2021 – present
Jun 2016 – Feb 2021
Aug 2012 – May 2016
Nov 2022
Jan 2023
Moved settlement from nightly batches to streaming
EOF
}
expect_rendercv_style() {
	cat << 'EOF'
Jonas Achterberg
Welcome to My CV
Education
Experience
Publications
Projects
Skills
Languages
Sep 2017 – Aug 2019
Sep 2013 – Jul 2017
Jan 2022 – present
Sep 2019 – Dec 2021
May 2021
Fall 2023
EOF
}

# Quadrant colours of a PNG: "TL TR BL BR", each red/green/blue/yellow.
quadrants() {
	"$python" - "$SRC/tests/tools" "$1" << 'EOF'
import sys
sys.path.insert(0, sys.argv[1])
from png_pixels import png_pixels
w, h, bpp, rows = png_pixels(sys.argv[2])
names = {"red": (204, 56, 51), "green": (51, 158, 77), "blue": (56, 92, 199), "yellow": (230, 194, 51)}
def at(fx, fy):
    row = rows[int(fy * h)]
    x = int(fx * w) * bpp
    px = tuple(row[x:x + 3]) if bpp >= 3 else (row[x],) * 3
    return min(names, key=lambda n: sum((a - b) ** 2 for a, b in zip(px, names[n])))
print(" ".join(at(fx, fy) for fy in (0.12, 0.88) for fx in (0.12, 0.88)))
EOF
}

layouts=$("$FOLIO" layouts | awk '{print $1}')
[ -n "$layouts" ] && ok || bad "folio layouts listed nothing"
for cv in academic-homepage.yaml json-resume.json rendercv-style.yaml; do
	name=${cv%.*}
	photos=0
	for layout in $layouts; do
		pdf="$tmp/$name-$layout.pdf"
		"$FOLIO" build -l "$layout" -o "$pdf" "$real/$cv" 2> "$tmp/err"
		st=$?
		if [ $st -ne 0 ]; then
			bad "$name/$layout: exit $st: $(cat "$tmp/err")"
			continue
		fi
		sed -i "/^folio: note: wrote '/d" "$tmp/err"
		[ -s "$tmp/err" ] && bad "$name/$layout: warnings: $(cat "$tmp/err")" || ok
		qpdf --check "$pdf" > "$tmp/qpdf" 2>&1 && ok || bad "$name/$layout: qpdf --check: $(tail -3 "$tmp/qpdf")"
		# A4, unless the layout file says letter (ats, columns: US résumé
		# styles); never compact (issue 12)
		paper=A4
		if [ "$layout" != compact ] && grep -q '^  size: letter' "$SRC/layouts/$layout.yaml" 2> /dev/null; then
			paper=letter
		fi
		pdfinfo "$pdf" | grep -q "^Page size: .* pts ($paper)" && ok ||
			bad "$name/$layout: not $paper: $(pdfinfo "$pdf" | grep 'Page size')"
		# the photo
		rm -f "$tmp"/img-*
		pdfimages -png "$pdf" "$tmp/img"
		img=$(ls -S "$tmp"/img-*.png 2> /dev/null | head -1)
		if [ -n "$img" ]; then
			photos=$((photos + 1))
			size=$(stat -c %s "$pdf")
			[ "$size" -lt 102400 ] && ok || bad "$name/$layout: a PDF with a photo of $size bytes (want < 100 KB)"
			q=$(quadrants "$img")
			[ "$q" = "red green blue yellow" ] && ok ||
				bad "$name/$layout: photo quadrants (TL TR BL BR) are \"$q\", want \"red green blue yellow\""
		fi
		# the text
		pdftotext "$pdf" - | tr -s ' \n\t' '   ' > "$tmp/text"
		while IFS= read -r want; do
			grep -qiF -- "$want" "$tmp/text" && ok || bad "$name/$layout: \"$want\" not in the text"
		done < <("expect_${name//-/_}")
		# a date given to the day prints as its month (the layouts set no day format)
		if grep -qE '\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{1,2}, [0-9]{4}' "$tmp/text"; then
			bad "$name/$layout: a date printed to the day: $(grep -oE '\b[A-Z][a-z]{2} [0-9]{1,2}, [0-9]{4}' "$tmp/text" | head -1)"
		else ok; fi
	done
	case $name in
	json-resume) [ $photos -eq 0 ] && ok || bad "$name: $photos PDFs hold an image; the CV has no photo" ;;
	*) [ $photos -ge 5 ] && ok || bad "$name: only $photos layouts show the photo" ;;
	esac
done

# Reversed ranges are refused, at the range, with the fix.
sed 's/date: 2016.09-2020.06/date: 2020.06-2016.09/' "$real/academic-homepage.yaml" > "$tmp/rev.yaml"
cp "$real/portrait-rotated.jpg" "$tmp/"
"$FOLIO" check "$tmp/rev.yaml" 2> "$tmp/err"
st=$?
[ $st -eq 1 ] && ok || bad "reversed range: exit $st, want 1"
grep -q 'rev.yaml:[0-9]*:[0-9]*: error: .*"2020.06-2016.09" ends before it starts' "$tmp/err" && ok ||
	bad "reversed range: $(cat "$tmp/err")"
sed 's/"start": "2016-06-01"/"start": "2021-03-01"/' "$real/json-resume.json" > "$tmp/rev.json"
"$FOLIO" check "$tmp/rev.json" 2> "$tmp/err"
st=$?
[ $st -eq 1 ] && ok || bad "reversed start/end: exit $st, want 1"
grep -q 'rev.json:[0-9]*:[0-9]*: error: .*swap them' "$tmp/err" && ok || bad "reversed start/end: $(cat "$tmp/err")"

echo "real: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
