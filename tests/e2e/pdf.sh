#!/usr/bin/env bash
# The PDF back end on real tools: qpdf --check clean; every font embedded,
# subset and with ToUnicode; poppler and mupdf silent; no bogus CMaps; text
# extracted in reading order by pdftotext, mutool and pdfminer; byte-identical
# rebuilds (with and without SOURCE_DATE_EPOCH); links without borders;
# bookmarks = section titles; page counts and page numbers; fonts whose
# PostScript names a PDF name cannot hold are embedded under repaired names;
# photos (JPEG, PNG with alpha) render; bad photos fail cleanly without
# touching the output.
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
fixtures="$SRC/tests/fixtures/pdf"
pdf2txt=$(command -v pdf2txt || command -v pdf2txt.py || true)
# the interpreter itself, not a version manager's shim (pyenv's costs 0.5 s a call)
python=$(python3 -c 'import sys; print(sys.executable)')

# build NAME PROFILE [folio args...]: PDF to $tmp/NAME.pdf, stderr to $tmp/NAME.stderr
build() {
	local name=$1 profile=$2
	shift 2
	"$FOLIO" build -o "$tmp/$name.pdf" "$@" "$profile" 2> "$tmp/$name.stderr"
}

# quiet NAME TOOL ARGS...: the tool succeeds and prints nothing on stderr
# (but for mupdf's note that it was built without colour management, which
# it prints for every file)
quiet() {
	local name=$1
	shift
	local q="$tmp/${name// /-}.quiet"
	if ! "$@" > "$q.out" 2> "$q.all"; then
		bad "$name: '$*' failed: $(head -c 400 "$q.all")"
		return
	fi
	grep -v '^warning: ICC support is not available$' "$q.all" > "$q.err"
	if [ -s "$q.err" ]; then
		bad "$name: '$*' printed on stderr: $(sort -u "$q.err" | head -c 400)"
	else
		ok
	fi
}

# Expected strings, in document order, from the tree dump: the person's name,
# section titles and every row cell (titles, subtitles, dates, venues), each
# marked L (main flow) or R (a right-aligned cell: dates, links).  Compared
# case-insensitively with all white space removed (styles may upper-case
# titles; lines may wrap anywhere between words).
expected_from_tree() { # tree-file
	"$python" - "$1" << 'EOF'
import json, re, sys
want = []
region = "-"
for line in open(sys.argv[1], encoding="utf-8"):
    kind = line.split()[0] if line.strip() else ""
    if kind == "region":
        region = re.search(r"name=(\S+)", line).group(1)
    if kind not in ("section", "cell") and not (kind == "paragraph" and "role=name" in line):
        continue
    # runs: optional [flags] then a JSON string, optional <href>
    texts = re.findall(r'(?:\[([a-z,]+)\])?("(?:[^"\\]|\\.)*")(?:<[^>]*>)?', line)
    s = "".join(json.loads(t) for f, t in texts if not {"icon", "level"} & set(f.split(",")))
    s = re.sub(r"\s+", "", s).casefold()
    if s:
        want.append(region + ("\tR\t" if "align=right" in line else "\tL\t") + s)
for w in want:
    print(w)
EOF
}

# right_tails TEXTFILE EXPECTED: pdftotext -layout's text without the
# right-aligned cells of EXPECTED (its "R" strings): a line that ends, after
# a gap of 2 spaces or more, in the text of one loses it.
right_tails() {
	"$python" - "$1" "$2" << 'EOF'
import re, sys
right = set()
for line in open(sys.argv[2], encoding="utf-8").read().split("\n"):
    parts = line.split("\t", 2)
    if len(parts) == 3 and parts[1] == "R":
        right.add(parts[2])
out = []
for ln in open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n"):
    ln = ln.rstrip()
    for m in reversed(list(re.finditer(r"\S {2,}(?=\S)", ln))):
        tail = re.sub(r"\s+", "", ln[m.end():]).casefold()
        if tail in right:
            ln = ln[:m.start() + 1]
            break
    out.append(ln)
sys.stdout.write("\n".join(out))
EOF
}

# in_order NAME TOOL EXPECTED TEXTFILE [main|any]: each expected string
# occurs after the previous one; with "main", only the main-flow strings
# count; with "any", each is found anywhere (whole, in any order).
in_order() {
	"$python" - "$@" << 'EOF'
import re, sys
name, tool, exp, got = sys.argv[1:5]
mode = sys.argv[5] if len(sys.argv) > 5 else ""
main_only = mode == "main"
anywhere = mode == "any"
text = re.sub(r"\s+", "", open(got, encoding="utf-8", errors="replace").read()).casefold()
pos, missing = {}, []
# each column (region) of a layout with a sidebar is read in order on its own
for line in open(exp, encoding="utf-8").read().split("\n"):
    if not line:
        continue
    region, side, w = line.split("\t", 2)
    if main_only and side == "R":
        continue
    i = text.find(w, 0 if anywhere else pos.get(region, 0))
    if i < 0:
        where = "out of order" if w in text else "missing"
        missing.append(f"{where}: {w}")
        continue
    pos[region] = i + len(w)
if missing:
    print(f"FAIL: {name}: {tool}: {len(missing)} strings not found in reading order:")
    for m in missing[:10]:
        print("   ", m)
    sys.exit(1)
EOF
}

# icons_not_text NAME TREE TEXTFILE...: no icon reached the extracted text:
# no private-use character (icon fonts put their glyphs there) and, for every
# icon run of the tree, the text after it is found but never glued to the
# icon's name ("emailada@example.org").
icons_not_text() {
	"$python" - "$@" << 'EOF'
import json, re, sys
name, tree, files = sys.argv[1], sys.argv[2], sys.argv[3:]
run = re.compile(r'(?:\[([a-z,]+)\])?("(?:[^"\\]|\\.)*")(?:<[^>]*>)?')
pairs = []
for line in open(tree, encoding="utf-8"):
    runs = [(f or "", json.loads(t)) for f, t in run.findall(line)]
    for i, (f, t) in enumerate(runs[:-1]):
        if "icon" in f.split(","):
            after = re.sub(r"\s+", "", runs[i + 1][1]).casefold()
            if after:
                pairs.append((t.casefold(), after))
bad = []
for path in files:
    text = open(path, encoding="utf-8", errors="replace").read()
    pua = sorted({c for c in text if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000})
    if pua:
        bad.append(f"{path}: private-use characters {' '.join(f'U+{ord(c):04X}' for c in pua)}")
    flat = re.sub(r"\s+", "", text).casefold()
    for icon, after in pairs:
        if after not in flat and after.replace("-", "") not in flat.replace("-", ""):
            # (poppler joins a word broken at its hyphen and drops the hyphen)
            bad.append(f"{path}: the text after the {icon} icon is missing: {after}")
        elif icon + after in flat:
            bad.append(f"{path}: the {icon} icon extracts as text: {icon}{after}")
if not pairs:
    bad.append("the tree has icon runs but none is followed by text")
if bad:
    print(f"FAIL: {name}: icons in the extracted text:")
    for b in bad[:10]:
        print("   ", b)
    sys.exit(1)
EOF
}

# expect_warnings NAME PROFILE: folio printed nothing, or, when PROFILE has a
# .warnings file beside it, one line per line of that file, each matching its
# extended regular expression (paths relative to the source tree).
expect_warnings() {
	local name=$1 want="${2%.yaml}.warnings" got="$tmp/$1.stderr.rel"
	# a layout whose fonts cover more may expect fewer: PROFILE.LAYOUT.warnings
	[ -n "${3:-}" ] && [ -f "${2%.yaml}.$3.warnings" ] && want="${2%.yaml}.$3.warnings"
	# the one-line report of the written file is not a warning (e2e/cli checks it)
	sed "s|$SRC/||g; /^folio: note: wrote '/d" "$tmp/$name.stderr" > "$got"
	if [ ! -f "$want" ]; then
		[ ! -s "$got" ] && ok || bad "$name: folio printed: $(cat "$got")"
		return
	fi
	if [ "$(wc -l < "$got")" -ne "$(wc -l < "$want")" ]; then
		bad "$name: want $(wc -l < "$want") warning line(s), got: $(cat "$got")"
		return
	fi
	local i=0 line pattern
	while IFS= read -r pattern; do
		i=$((i + 1))
		line=$(sed -n "${i}p" "$got")
		printf '%s\n' "$line" | grep -Eq -- "$pattern" && ok ||
			bad "$name: warning $i '$line' does not match '$pattern'"
	done < "$want"
}

# check_pdf NAME PROFILE [FOLIO ARGS...]: build the profile (with the extra
# arguments, e.g. -l sans) and run every check on the PDF.  Scratch files
# are named after NAME, so checks of different names may run in parallel.
check_pdf() {
	local name=$1 profile=$2 f="$tmp/$1.pdf" s="$tmp/$1"
	shift 2
	if ! build "$name" "$profile" "$@"; then
		bad "$name: build failed: $(cat "$tmp/$name.stderr")"
		return 1
	fi
	ok
	local layout=""
	[ "${1:-}" = -l ] && layout=$2
	expect_warnings "$name" "$profile" "$layout"
	qpdf --check "$f" > "$s.qpdf.out" 2>&1 && ok || bad "$name: qpdf --check: $(tail -5 "$s.qpdf.out")"
	quiet "$name" pdftotext -enc UTF-8 "$f" "$tmp/$name.poppler.txt"
	quiet "$name" pdftotext -layout -enc UTF-8 "$f" "$tmp/$name.layout.txt"
	quiet "$name" pdfinfo "$f"
	quiet "$name" pdffonts "$f"
	quiet "$name" mutool draw -q -F txt -o "$tmp/$name.mupdf.txt" "$f"

	# every font embedded, subset, with ToUnicode
	pdffonts "$f" 2> /dev/null | tail -n +3 > "$s.fonts"
	[ -s "$s.fonts" ] && ok || bad "$name: pdffonts lists no fonts"
	awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") print }' "$s.fonts" > "$s.badfonts"
	[ ! -s "$s.badfonts" ] && ok || bad "$name: fonts not embedded+subset+ToUnicode: $(cat "$s.badfonts")"

	# no encoding CMap posing as ToUnicode; CIDSystemInfo orderings sane
	qpdf --qdf --object-streams=disable "$f" "$tmp/$name.qdf.pdf"
	grep -aq begincidrange "$tmp/$name.qdf.pdf" && bad "$name: begincidrange in the PDF" || ok
	grep -ao '/Ordering *([^)]*)' "$tmp/$name.qdf.pdf" | grep -Ev '\((Identity|UCS)\)' > "$s.ord"
	[ ! -s "$s.ord" ] && ok || bad "$name: CIDSystemInfo orderings: $(sort -u "$s.ord")"

	# text drawn as TJ arrays carrying kerning (numbers between codes), never Tw
	# (qpdf's QDF output rewrites hex strings in lower case)
	grep -aEq '^\[<[0-9A-Fa-f]+>-?[0-9.]+<[0-9A-Fa-f]+>.*\] TJ$' "$tmp/$name.qdf.pdf" && ok || bad "$name: no kerned TJ array"
	grep -aEq ' Tw$' "$tmp/$name.qdf.pdf" && bad "$name: uses Tw (no effect with two-byte codes)" || ok

	# links: present, none with a visible border
	local uris
	uris=$(grep -ac '/URI (' "$tmp/$name.qdf.pdf")
	[ "$uris" -gt 0 ] && ok || bad "$name: no URI links"
	tr -d '\n' < "$tmp/$name.qdf.pdf" | grep -ao '/Border *\[[^]]*\]' | tr -s ' ' |
		grep -Ev '^/Border ?\[ ?0 0 0 ?\]$' > "$s.borders"
	[ ! -s "$s.borders" ] && ok || bad "$name: link borders: $(sort -u "$s.borders" | head -3)"
	local annots nborders
	annots=$(grep -ac '/Subtype /Link' "$tmp/$name.qdf.pdf")
	[ "$annots" -eq "$uris" ] && ok || bad "$name: $annots link annotations but $uris URIs"
	# no /Border at all means the default [0 0 1]: a visible box
	nborders=$(tr -d '\n' < "$tmp/$name.qdf.pdf" | grep -ao '/Border *\[' | wc -l)
	[ "$nborders" -eq "$annots" ] && ok || bad "$name: $nborders /Border entries for $annots links"

	# text in reading order, three extractors
	"$FOLIO" build -f tree -o "$tmp/$name.tree" "$@" "$profile" 2> /dev/null
	expected_from_tree "$tmp/$name.tree" > "$tmp/$name.expected"
	[ "$(wc -l < "$tmp/$name.expected")" -gt 5 ] && ok || bad "$name: too few expected strings from the tree"
	# Everything in order, dates included: poppler's physical layout mode,
	# mupdf, and pdfminer in content order.  Physical layout mode sets
	# columns side by side, line by line, so with a sidebar only mupdf and
	# pdfminer's content order must keep each column's text in order (each
	# column is one run in the content stream); poppler's default mode
	# orders blocks by their position and may alternate between columns
	# section by section (reported below, docs/extraction.md).
	if grep -q '^  region ' "$tmp/$name.tree"; then
		:
	else
		# Physical layout prints a date beside the first line of its wrapped
		# title, between the title's lines (docs/extraction.md): the
		# left-hand text is checked in order with the right-aligned cells
		# taken out of the lines, and the right-hand cells are checked
		# whole; their order is mutool's and pdf2txt -n's to keep.
		right_tails "$tmp/$name.layout.txt" "$tmp/$name.expected" > "$tmp/$name.layout-left.txt"
		in_order "$name" "pdftotext -layout (left cells)" "$tmp/$name.expected" "$tmp/$name.layout-left.txt" main && ok || fail=$((fail + 1))
		grep -P '\tR\t' "$tmp/$name.expected" | sed 's/\tR\t/\tL\t/' > "$tmp/$name.expected-right"
		in_order "$name" "pdftotext -layout (right cells)" "$tmp/$name.expected-right" "$tmp/$name.layout.txt" any && ok || fail=$((fail + 1))
	fi
	in_order "$name" mutool "$tmp/$name.expected" "$tmp/$name.mupdf.txt" && ok || fail=$((fail + 1))
	if [ -n "$pdf2txt" ]; then
		"$pdf2txt" -n "$f" > "$tmp/$name.pdfminer-n.txt" 2> "$s.pdfminer.err" && ok || bad "$name: pdf2txt -n failed"
		in_order "$name" "pdfminer -n" "$tmp/$name.expected" "$tmp/$name.pdfminer-n.txt" && ok || fail=$((fail + 1))
	fi
	if grep -q '\[[a-z,]*icon' "$tmp/$name.tree"; then
		icons_not_text "$name" "$tmp/$name.tree" "$tmp/$name.poppler.txt" "$tmp/$name.mupdf.txt" \
			${pdf2txt:+"$tmp/$name.pdfminer-n.txt"} && ok || fail=$((fail + 1))
	fi
	# Poppler's default mode and pdfminer's default layout analysis guess the
	# reading order from geometry: right-aligned dates become a column of
	# their own and small-print lines can be regrouped.  Reported, not
	# failed: these are the tools' heuristics, not the file's order.
	in_order "$name" "pdftotext (default mode; note only)" "$tmp/$name.expected" "$tmp/$name.poppler.txt" main | sed 's/^FAIL: /note: /'
	if [ -n "$pdf2txt" ]; then
		"$pdf2txt" "$f" > "$tmp/$name.pdfminer.txt" 2> "$s.pdfminer.err"
		in_order "$name" "pdfminer (default layout analysis; note only)" "$tmp/$name.expected" "$tmp/$name.pdfminer.txt" main | sed 's/^FAIL: /note: /'
	fi

	# bookmarks = section titles, in order (bookmarks keep the case the profile
	# wrote; the tree shows the layout's case transform, so compare case-folded,
	# and without acute accents: Greek capitals drop the tonos, "Περίληψη" ->
	# "ΠΕΡΙΛΗΨΗ")
	grep -E '^ *section ' "$tmp/$name.tree" | "$python" -c '
import json, re, sys, unicodedata
def fold(s):
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", s.casefold()).replace("\u0301", ""))
for line in sys.stdin:
    print(fold("".join(json.loads(t) for t in re.findall(r"(?:\[[a-z,]+\])?(\"(?:[^\"\\\\]|\\\\.)*\")(?:<[^>]*>)?", line))))
' > "$tmp/$name.sections"
	qpdf --json --json-key=outlines "$f" | "$python" -c '
import json, sys, unicodedata
def fold(s):
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", s.casefold()).replace("\u0301", ""))
def walk(items):
    for o in items:
        print(fold(o["title"]))
        walk(o.get("kids", []))
walk(json.load(sys.stdin)["outlines"])
' > "$tmp/$name.outline"
	[ -s "$tmp/$name.sections" ] && cmp -s "$tmp/$name.sections" "$tmp/$name.outline" && ok ||
		bad "$name: outline differs from section titles: $(diff "$tmp/$name.sections" "$tmp/$name.outline" | head -6)"

	# metadata
	pdfinfo "$f" > "$tmp/$name.info" 2> /dev/null
	grep -q '^Producer: *folio [0-9]' "$tmp/$name.info" && ok || bad "$name: Producer is not folio"
	grep -q '^Creator: *folio [0-9]' "$tmp/$name.info" && ok || bad "$name: Creator is not folio"
	local author
	author=$(grep -m1 '^document ' "$tmp/$name.tree" | sed -n 's/.* author="\([^"]*\)".*/\1/p')
	grep -qF "Author:          $author" "$tmp/$name.info" && ok || bad "$name: Author is not \"$author\""
	grep -q 'CreationDate' "$tmp/$name.info" && bad "$name: has a CreationDate without SOURCE_DATE_EPOCH" || ok

	# deterministic: a second build is byte-identical
	build "$name-again" "$profile" "$@"
	cmp -s "$f" "$tmp/$name-again.pdf" && ok || bad "$name: two builds differ"
	SOURCE_DATE_EPOCH=0 build "$name-epoch" "$profile" "$@"
	SOURCE_DATE_EPOCH=0 build "$name-epoch2" "$profile" "$@"
	cmp -s "$tmp/$name-epoch.pdf" "$tmp/$name-epoch2.pdf" && ok || bad "$name: SOURCE_DATE_EPOCH builds differ"
	pdfinfo "$tmp/$name-epoch.pdf" 2> /dev/null | grep -E '^(CreationDate|ModDate):' > "$s.dates"
	[ "$(grep -c 1970 "$s.dates")" -eq 2 ] && ok || bad "$name: SOURCE_DATE_EPOCH=0 dates: $(cat "$s.dates")"
}

pages() { pdfinfo "$1" 2> /dev/null | awk '/^Pages:/ { print $2 }'; }

# ---- the two sample profiles ------------------------------------------------
if check_pdf example "$SRC/data/example.yaml"; then
	n=$(pages "$tmp/example.pdf")
	[ "$n" = 1 ] && ok || bad "example: $n pages, pinned at 1"
fi
if check_pdf long "$SRC/data/long.yaml"; then
	n=$(pages "$tmp/long.pdf")
	if [ "${n:-0}" -ge 4 ]; then ok; else bad "long: $n pages, want >= 4"; fi
	for p in 1 "$n"; do
		pdftotext -f "$p" -l "$p" "$tmp/long.pdf" - 2> /dev/null | grep -Eqx " *$p ?/ ?$n *" && ok ||
			bad "long: page $p has no page number \"$p / $n\""
	done
fi

# ---- held-out CVs (tests/cvs/README.md), each with every shipped layout ---
# The same checks as the sample profiles.  Checks run in parallel (one job
# per core); each job's output and counts are collected in order afterwards.
heldout() { # NAME PROFILE LAYOUT, in a background subshell: results, then "COUNTS pass fail"
	pass=0 fail=0
	if check_pdf "$1" "$2" -l "$3"; then
		case $1 in
		cv-student-*) # a one-page CV
			n=$(pages "$tmp/$1.pdf")
			[ "$n" = 1 ] && ok || bad "$1: $n pages, want 1"
			;;
		cv-senior-engineer-*) # inline `code` is set in the layouts' mono family
			pdffonts "$tmp/$1.pdf" 2> /dev/null | grep -q '+NotoSansMono-Regular ' && ok ||
				bad "$1: inline code not in NotoSansMono-Regular"
			;;
		esac
	fi
	echo "COUNTS $pass $fail"
}
jobs_max=$(nproc 2> /dev/null || echo 2)
heldout_names=()
for profile in "$SRC"/tests/cvs/*.yaml; do
	for layout in "$SRC"/layouts/*.yaml; do
		layout=$(basename "$layout" .yaml)
		name="cv-$(basename "$profile" .yaml)-$layout"
		heldout_names+=("$name")
		while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
		heldout "$name" "$profile" "$layout" > "$tmp/$name.log" 2>&1 &
	done
done
wait
[ ${#heldout_names[@]} -ge 18 ] && ok || bad "held-out CVs: ${#heldout_names[@]} builds, want 6 CVs x 3 layouts"
for name in "${heldout_names[@]}"; do
	grep -v '^COUNTS ' "$tmp/$name.log"
	counts=$(sed -n 's/^COUNTS //p' "$tmp/$name.log")
	if [ -n "$counts" ]; then
		pass=$((pass + ${counts% *})) fail=$((fail + ${counts#* }))
	else
		bad "$name: the check did not finish"
	fi
done

# ---- hostile text: missing glyphs, astral characters, PDF string syntax -----
# (not in the name: a name that would lose characters is an error, see
# lost_chars.sh)
cat > "$tmp/hostile.yaml" << 'EOF'
name: "Ada Lovelace"
headline: "🚀 Ελληνικά · Кириллица · Łódź · ‽ ☃"
sections:
  - title: "Notes 🎉"
    kind: text
    entries:
      - "Tabs\tand  spaces, (parentheses) \\backslash\\ [brackets] {braces} % percent ) ("
EOF
if build hostile "$tmp/hostile.yaml"; then
	ok
	grep -q 'U+1F680' "$tmp/hostile.stderr" && ok || bad "hostile: no warning about U+1F680: $(cat "$tmp/hostile.stderr")"
	qpdf --check "$tmp/hostile.pdf" > /dev/null 2>&1 && ok || bad "hostile: qpdf --check"
	quiet hostile pdftotext -enc UTF-8 "$tmp/hostile.pdf" "$tmp/hostile.txt"
	quiet hostile mutool draw -q -F txt -o "$tmp/hostile.mupdf.txt" "$tmp/hostile.pdf"
	for want in 'Ada Lovelace' 'Ελληνικά · Кириллица · Łódź · ‽' '(parentheses) \backslash\ [brackets] {braces} % percent ) ('; do
		tr -s ' \t\n' '   ' < "$tmp/hostile.txt" | grep -qF "$want" && ok || bad "hostile: pdftotext lacks \"$want\""
	done
else
	bad "hostile: build failed: $(cat "$tmp/hostile.stderr")"
fi

# ---- hostile PostScript names: repaired in the copy libharu gets -----------
# rename_font SRC DST NAME: SRC with every PostScript name (name ID 6) set to
# NAME, written to DST (the other tables as they are).
rename_font() {
	"$python" - "$@" << 'EOF'
import struct, sys
src, dst, new_name = sys.argv[1:4]
font = open(src, "rb").read()
tabs = {}
for i in range(struct.unpack(">H", font[4:6])[0]):
    tag, _, off, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
    tabs[tag] = font[off:off + length]
name = tabs[b"name"]
count, storage = struct.unpack(">HH", name[2:6])
recs, strings = b"", b""
for i in range(count):
    p, e, lang, nid, n, off = struct.unpack(">6H", name[6 + 12 * i:18 + 12 * i])
    s = name[storage + off:storage + off + n]
    if nid == 6:
        s = new_name.encode("utf-16-be" if p in (0, 3) else "latin-1")
    recs += struct.pack(">6H", p, e, lang, nid, len(s), len(strings))
    strings += s
tabs[b"name"] = struct.pack(">HHH", 0, count, 6 + 12 * count) + recs + strings
tags = sorted(tabs)
head, body = struct.pack(">IHHHH", 0x00010000, len(tags), 0, 0, 0), b""
for t in tags:
    head += struct.pack(">4sIII", t, 0, 12 + 16 * len(tags) + len(body), len(tabs[t]))
    body += tabs[t] + b"\0" * (-len(tabs[t]) % 4)
open(dst, "wb").write(head + body)
EOF
}
# Regular: spaces and parentheses (libharu writes a space raw into the
# name).  Bold: the name the regular one is repaired to (two faces, one
# name).  Italic: '#' and '\', which libharu escapes as #23 and #5C.
rename_font "$SRC/fonts/NotoSerif-Regular.ttf" "$tmp/ps-regular.ttf" "Noto Serif (Reg) " &&
	rename_font "$SRC/fonts/NotoSerif-Bold.ttf" "$tmp/ps-bold.ttf" "Noto-Serif--Reg--" &&
	rename_font "$SRC/fonts/NotoSerif-Italic.ttf" "$tmp/ps-italic.ttf" 'Ital#ic\Name' && ok ||
	bad "hostile PostScript names: cannot write the renamed fonts"
# (no tracking: a tracked face gets a subset of its own, a font more)
cat > "$tmp/ps.layout.yaml" << EOF
extends: classic
fonts:
  serif:
    regular: $tmp/ps-regular.ttf
    bold: $tmp/ps-bold.ttf
    italic: $tmp/ps-italic.ttf
styles:
  name: {tracking: 0}
  section.title: {tracking: 0}
EOF
sums=$(cksum "$tmp"/ps-*.ttf)
if build ps "$SRC/data/example.yaml" -l "$tmp/ps.layout.yaml"; then
	ok
	qpdf --check "$tmp/ps.pdf" > "$tmp/ps.qpdf" 2>&1 && ok || bad "hostile PostScript names: qpdf --check: $(tail -5 "$tmp/ps.qpdf")"
	quiet "hostile PostScript names" pdffonts "$tmp/ps.pdf"
	# the names without their subset tags, sorted
	pdffonts "$tmp/ps.pdf" 2> /dev/null | awk 'NR > 2 { print $1 }' | sed 's/^[A-Z]\{6\}+//' | sort > "$tmp/ps.fonts"
	printf '%s\n' 'Ital#ic\Name' Noto-Serif--Reg-- Noto-Serif--Reg-- | sort > "$tmp/ps.want"
	cmp -s "$tmp/ps.fonts" "$tmp/ps.want" && ok || bad "hostile PostScript names: pdffonts shows $(tr '\n' ' ' < "$tmp/ps.fonts")"
	[ "$(pdffonts "$tmp/ps.pdf" 2> /dev/null | awk 'NR > 2 && $1 ~ /Reg--$/ { print $1 }' | sort -u | wc -l)" -eq 2 ] && ok ||
		bad "hostile PostScript names: the regular and bold faces share one font"
	grep -aq '/FontName /[A-Z]\{6\}+Ital#23ic#5CName' "$tmp/ps.pdf" && ok || bad "hostile PostScript names: '#' and '\\' not written as #23 and #5C"
	pdftotext -enc UTF-8 "$tmp/ps.pdf" - 2> /dev/null | grep -q 'Xuanlei Zhao' && ok || bad "hostile PostScript names: the text does not extract"
	[ "$(cksum "$tmp"/ps-*.ttf)" = "$sums" ] && ok || bad "hostile PostScript names: a font file was changed"
else
	bad "hostile PostScript names: build failed: $(cat "$tmp/ps.stderr")"
fi

# ---- extreme but valid styles: tracking of 400 pt, beyond what libharu's Tc takes ----
cat > "$tmp/extreme.yaml" << 'EOF'
name: Ada Lovelace
layout:
  extends: classic
  styles:
    name: {size: 400, tracking: 1000}
    section.title: {size: 300, tracking: -200}
sections:
  - title: Notes
    kind: text
    entries: [Some text.]
EOF
build extreme "$tmp/extreme.yaml"
st=$?
[ $st -eq 0 ] && qpdf --check "$tmp/extreme.pdf" > /dev/null 2>&1 && ok || bad "extreme styles: exit $st: $(grep -v 'does not fit' "$tmp/extreme.stderr")"
# the tracking is in the advances of the faces' own subsets (one per tracking), no Tc left
! grep -aq ' Tc$' <(qpdf --qdf --object-streams=disable "$tmp/extreme.pdf" - 2> /dev/null) && ok || bad "extreme styles: a Tc for a whole tracking"
[ "$(pdffonts "$tmp/extreme.pdf" 2> /dev/null | grep -c 'NotoSerif-Bold ')" -eq 2 ] && ok ||
	bad "extreme styles: no subsets of their own for the tracked faces: $(pdffonts "$tmp/extreme.pdf" 2>&1)"

# ---- photos -----------------------------------------------------------------
# A profile naming a photo, with the header photo switched on.
photo_profile() { # OUT PHOTO SHAPE
	cat > "$1" << EOF
name: Ada Lovelace
headline: Analyst of engines
email: ada@example.org
photo: $2
layout:
  extends: classic
  header:
    photo:
      show: true
      shape: $3
sections:
  - title: Experience
    entries:
      - position: Analyst
        organization: Analytical Engine Ltd
        date: 1842 – 1843
EOF
}
cp "$fixtures/photo.jpg" "$fixtures/photo-alpha.png" "$tmp/"
for spec in jpg:circle png:rounded jpg:square; do
	ext=${spec%%:*} shape=${spec#*:}
	photo=$([ "$ext" = jpg ] && echo photo.jpg || echo photo-alpha.png)
	photo_profile "$tmp/ph-$shape.yaml" "$photo" "$shape"
	if build "ph-$shape" "$tmp/ph-$shape.yaml"; then
		ok
		qpdf --check "$tmp/ph-$shape.pdf" > /dev/null 2>&1 && ok || bad "photo $shape: qpdf --check"
		quiet "photo $shape" pdftoppm -r 20 -f 1 -l 1 "$tmp/ph-$shape.pdf" "$tmp/ph-$shape"
		nimg=$(pdfimages -list "$tmp/ph-$shape.pdf" 2> /dev/null | awk 'NR > 2 && $3 == "image"' | wc -l)
		[ "$nimg" -eq 1 ] && ok || bad "photo $shape: $nimg images drawn, want 1"
	else
		bad "photo $shape ($photo): build failed: $(cat "$tmp/ph-$shape.stderr")"
	fi
done
nmask=$(pdfimages -list "$tmp/ph-rounded.pdf" 2> /dev/null | awk 'NR > 2 && $3 == "smask"' | wc -l)
[ "$nmask" -eq 1 ] && ok || bad "PNG with alpha: $nmask soft masks, want 1"

# A corrupt photo: exit 1, one message, no output; an existing output untouched.
head -c 300 "$fixtures/photo-alpha.png" > "$tmp/broken.png"
printf 'not a jpeg at all\n' > "$tmp/text.jpg"
for photo in broken.png text.jpg; do
	photo_profile "$tmp/bad.yaml" "$photo" circle
	rm -f "$tmp/bad.pdf"
	build bad "$tmp/bad.yaml"
	st=$?
	[ $st -eq 1 ] && ok || bad "photo $photo: exit $st, want 1"
	[ "$(grep -c 'error' "$tmp/bad.stderr")" -eq 1 ] && ok || bad "photo $photo: want one error, got: $(cat "$tmp/bad.stderr")"
	grep -q "$photo" "$tmp/bad.stderr" && ok || bad "photo $photo: message does not name the file"
	[ ! -e "$tmp/bad.pdf" ] && ok || bad "photo $photo: output written"
	cp "$tmp/ph-circle.pdf" "$tmp/bad.pdf" 2> /dev/null || printf 'earlier\n' > "$tmp/bad.pdf"
	sum=$(cksum < "$tmp/bad.pdf")
	build bad "$tmp/bad.yaml"
	st=$?
	[ $st -eq 1 ] && [ "$(cksum < "$tmp/bad.pdf")" = "$sum" ] && ok || bad "photo $photo: earlier output changed (exit $st)"
done
# A missing photo is caught by the loader: same rules.
photo_profile "$tmp/gone.yaml" nowhere.jpg circle
rm -f "$tmp/gone.pdf"
build gone "$tmp/gone.yaml"
st=$?
[ $st -eq 1 ] && [ ! -e "$tmp/gone.pdf" ] && ok || bad "missing photo: exit $st or output written"
[ "$(grep -c 'error' "$tmp/gone.stderr")" -eq 1 ] && ok || bad "missing photo: want one error, got: $(cat "$tmp/gone.stderr")"

# ---- a failed run never clobbers an earlier good PDF ------------------------
cp "$tmp/example.pdf" "$tmp/keep.pdf" 2> /dev/null || printf 'x\n' > "$tmp/keep.pdf"
sum=$(cksum < "$tmp/keep.pdf")
printf 'name: Ada\nsections: [unclosed\n' > "$tmp/broken.yaml"
"$FOLIO" build -o "$tmp/keep.pdf" "$tmp/broken.yaml" 2> /dev/null
st=$?
[ $st -eq 1 ] && ok || bad "broken profile: exit $st, want 1"
[ "$(cksum < "$tmp/keep.pdf")" = "$sum" ] && ok || bad "broken profile clobbered the earlier PDF"

# ---- SOURCE_DATE_EPOCH beyond what a PDF date holds: a warning, no dates ----
SOURCE_DATE_EPOCH=999999999999 "$FOLIO" build -o "$tmp/far.pdf" "$SRC/data/example.yaml" 2> "$tmp/far.err"
st=$?
[ $st -eq 0 ] && grep -q 'beyond the year 9999' "$tmp/far.err" && ok || bad "far SOURCE_DATE_EPOCH: exit $st: $(cat "$tmp/far.err")"
pdfinfo "$tmp/far.pdf" 2> /dev/null | grep -q CreationDate && bad "far SOURCE_DATE_EPOCH: dates written" || ok

echo "pdf: $pass passed, $fail failed"
[ $fail -eq 0 ]
