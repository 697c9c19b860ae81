#!/usr/bin/env bash
# Letter-spaced (tracked) names and section titles extract word by word
# whole (issue 12, docs/extraction.md "Tracked text"): every layout and
# three fixture layouts with big tracking (300 in Noto Sans, 1000 in Noto
# Serif, 150.5 in Roboto: 2048 units per em, a fractional rest) over
# data/example.yaml and tests/cvs/*.yaml, read by pdftotext (default and
# -layout), `mutool draw -F txt` and pdfminer: tests/tools/tracked_check.py
# finds each word of the name and of every section title whole, never
# "EXPE RIEN CE".  Each build exits 0, passes qpdf --check and builds
# byte-identical twice.  Then the LaTeX output (sans and classic over
# data/example.yaml; xelatex and pdflatex), whose \cvtrack carries its
# text as ActualText: pdftotext (default and -layout) and mutool read the
# tracked words whole at the layouts' tracking, pdftotext also at 300.
# pdfminer, which ignores ActualText, still splits TeX's letter-spaced words:
# printed as "known", not failed.
set -u
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
FOLIO=${FOLIO:-$SRC/build/folio}
[ -x "$FOLIO" ] || {
	echo "tracked_headings: no folio binary at $FOLIO (set FOLIO)" >&2
	exit 2
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $*"; }
bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}
for t in pdftotext mutool qpdf; do
	command -v "$t" > /dev/null || {
		echo "FAIL: $t is not installed (scripts/install-deps.sh)"
		exit 1
	}
done
# An interpreter with pdfminer (Debian's python3-pdfminer is for /usr/bin/python3).
python=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import pdfminer' 2> /dev/null; then
		python=$p
		break
	fi
done
[ -n "$python" ] || {
	echo "FAIL: no python3 with pdfminer (apt-get install python3-pdfminer)"
	exit 1
}
check="$SRC/tests/tools/tracked_check.py"

# Fixture layouts: big tracking on the name and the section titles.
fixture() { # NAME BASE TRACKING
	cat > "$tmp/$1.yaml" << EOF
description: test fixture, tracking $3 on the name and the section titles
extends: $2
styles:
  name: {tracking: $3}
  section.title: {tracking: $3}
EOF
}
fixture track-300 sans 300
fixture track-1000 classic 1000
fixture track-150.5 banner 150.5

layouts=()
for l in "$SRC"/layouts/*.yaml; do layouts+=("$(basename "$l" .yaml)"); done
layouts+=("$tmp/track-300.yaml" "$tmp/track-1000.yaml" "$tmp/track-150.5.yaml")
profiles=("$SRC/data/example.yaml" "$SRC"/tests/cvs/*.yaml)

# ---- the PDF back end ---------------------------------------------------------
pairs=()
for l in "${layouts[@]}"; do
	ln=$(basename "$l" .yaml)
	for p in "${profiles[@]}"; do
		name="$ln-$(basename "$p" .yaml)"
		f="$tmp/pdf/$name"
		mkdir -p "$tmp/pdf"
		if ! "$FOLIO" build -q -l "$l" -o "$f.pdf" "$p" 2> "$f.err" ||
			! "$FOLIO" build -q -f tree -l "$l" -o "$f.tree" "$p" 2>> "$f.err"; then
			bad "$name: build failed: $(head -c 300 "$f.err")"
			continue
		fi
		"$FOLIO" build -q -l "$l" -o "$f.again.pdf" "$p" 2> /dev/null
		cmp -s "$f.pdf" "$f.again.pdf" || bad "$name: two builds differ"
		qpdf --check "$f.pdf" > "$f.qpdf" 2>&1 || bad "$name: qpdf --check: $(tail -2 "$f.qpdf")"
		pairs+=("$f.pdf" "$f.tree")
	done
done
# two checkers, one per core
half=$((${#pairs[@]} / 4 * 2))
"$python" "$check" "${pairs[@]:0:half}" > "$tmp/check1.out" 2>&1 &
"$python" "$check" "${pairs[@]:half}" > "$tmp/check2.out" 2>&1
st2=$?
wait $!
st1=$?
cat "$tmp/check1.out" "$tmp/check2.out" | grep -v '^tracked_check:' | head -40
if [ $st1 -eq 0 ] && [ $st2 -eq 0 ]; then
	ok "PDF: $((${#pairs[@]} / 2)) builds, every word of the names and section titles whole" \
		"in pdftotext, pdftotext -layout, mutool and pdfminer"
else
	bad "PDF: tracked words split or missing ($(cat "$tmp/check1.out" "$tmp/check2.out" |
		grep -c '^FAIL') failures)"
fi

# ---- the LaTeX back end ---------------------------------------------------------
latex_case() { # ENGINE LAYOUT EXTRACTORS
	local e=$1 l=$2 exs=$3 ln f
	ln=$(basename "$l" .yaml)
	f="$tmp/tex/$ln-$e"
	mkdir -p "$tmp/tex"
	if ! "$FOLIO" build -q -f tex --compile="$e" -l "$l" -o "$f.tex" "$SRC/data/example.yaml" \
		2> "$f.err"; then
		bad "LaTeX $ln $e: compile failed: $(head -c 300 "$f.err")"
		return
	fi
	"$FOLIO" build -q -f tree -l "$l" -o "$f.tree" "$SRC/data/example.yaml"
	if "$python" "$check" --extractors "$exs" "$f.pdf" "$f.tree" > "$f.check" 2>&1; then
		ok "LaTeX $ln $e: tracked words whole in $exs"
	else
		bad "LaTeX $ln $e:"
		grep -v '^tracked_check:' "$f.check" | head -20
	fi
	# pdfminer ignores ActualText: reported, not failed
	"$python" "$check" --extractors pdfminer "$f.pdf" "$f.tree" > "$f.miner" 2>&1
	echo "known: LaTeX $ln $e, pdfminer: $(grep -c '^FAIL' "$f.miner") tracked words split"
}
for e in xelatex pdflatex; do
	if ! command -v "$e" > /dev/null; then
		bad "$e is not installed"
		continue
	fi
	latex_case "$e" sans pdftotext,pdftotext-layout,mutool
	latex_case "$e" classic pdftotext,pdftotext-layout,mutool
done
command -v xelatex > /dev/null && latex_case xelatex "$tmp/track-300.yaml" pdftotext,pdftotext-layout

if [ $fail -gt 0 ]; then
	echo "tracked_headings: $fail failures"
	exit 1
fi
echo "tracked_headings: all passed"
