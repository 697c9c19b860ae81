#!/usr/bin/env bash
# Characters the layout's fonts lack are never lost silently (issue 12):
# - a word made only of them leaves no space behind: a news item starting
#   with one is not indented, nor a name in parentheses after one moved
#   right (word positions from pdftotext -bbox, in every layout);
# - the characters are still reported (a warning naming them);
# - a header name or an author that would lose characters is an error
#   (exit 1, no PDF written).
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

cat > "$tmp/cv.yaml" << 'EOF'
name: Taro Yamada
sections:
  - title: Notes
    kind: text
    entries:
      - Plain line for reference
      - 山田 joined the lab
      - 山田太郎 (Taro Yamada)
      - Closing 山田
EOF
# x of the first word of the line holding word W (pdftotext -bbox)
word_x() {
	python3 - "$1" "$2" << 'EOF'
import re, sys
words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>',
                   open(sys.argv[1], encoding="utf-8").read())
y = next((float(w[1]) for w in words if w[2] == sys.argv[2]), None)
line = [float(w[0]) for w in words if y is not None and abs(float(w[1]) - y) < 1]
print(min(line) if line else "none")
EOF
}
for layout in $("$FOLIO" layouts | awk '{print $1}'); do
	if ! "$FOLIO" build -l "$layout" -o "$tmp/$layout.pdf" "$tmp/cv.yaml" 2> "$tmp/err"; then
		bad "$layout: build failed: $(cat "$tmp/err")"
		continue
	fi
	grep -q 'U+5C71 "山"' "$tmp/err" && ok || bad "$layout: the lost characters were not reported: $(cat "$tmp/err")"
	pdftotext -bbox "$tmp/$layout.pdf" "$tmp/$layout.html"
	ref=$(word_x "$tmp/$layout.html" Plain)
	for w in joined "(Taro"; do
		x=$(word_x "$tmp/$layout.html" "$w")
		if python3 -c "import sys; sys.exit(0 if abs(float('$x') - float('$ref')) < 0.5 else 1)" 2> /dev/null; then ok; else
			bad "$layout: the line of \"$w\" starts at x $x, the reference at $ref (a space left behind)"
		fi
	done
	# no space before the line's end either (text extracts without one)
	if pdftotext "$tmp/$layout.pdf" - | grep -q "^Closing$"; then ok; else
		bad "$layout: \"Closing\" line: $(pdftotext "$tmp/$layout.pdf" - | grep Closing | cat -A)"
	fi
done

# Names: an error at the name and at the author, nothing written.
cat > "$tmp/name.yaml" << 'EOF'
name: 山田 Taro
sections:
  - title: Publications
    entries:
      - title: A study
        authors: [Ada Quill, 山田太郎]
        date: 2023
EOF
"$FOLIO" build -o "$tmp/name.pdf" "$tmp/name.yaml" 2> "$tmp/err"
st=$?
[ $st -eq 1 ] && ok || bad "name: exit $st, want 1"
[ ! -e "$tmp/name.pdf" ] && ok || bad "name: a PDF was written"
grep -q '^.*name.yaml:1:7: error: the name "山田 Taro" would lose' "$tmp/err" && ok || bad "name: $(cat "$tmp/err")"
grep -q '^.*name.yaml:6:30: error: author "山田太郎" would lose' "$tmp/err" && ok || bad "author: $(cat "$tmp/err")"

echo "lost_chars: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
