#!/usr/bin/env bash
# Blocks taller than a page in the PDF (issue 10): a news item of 2000 words
# in a row's left cell, 500 authors (one of 1 KiB), 200 skill items of four
# words, a 1 KiB title, long right cells (a 1 KiB location, 200 links), a
# 1 KiB name, headline and section title; each with every shipped layout.  Every word of the profile is in
# the PDF, in order (pdftotext -raw, against the tree dump); every word is
# inside the page box and above the page number; page 1 carries content
# after the header; no warning, exit 0.  Words drawn past a page's edge are
# not extracted, so the count is what catches them.
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

# The profiles; their words are tokens "<prefix><n>" (digits: never
# hyphenated), unique within a profile.
"$python" - "$tmp" << 'EOF'
import json, sys
d = sys.argv[1]
def words(prefix, n, start=0):
    return " ".join(f"{prefix}{i}" for i in range(start, start + n))
def kib(prefix):  # as many words as fit in 1 KiB
    out, i = [], 0
    while len(" ".join(out + [f"{prefix}{i}"])) <= 1024:
        out.append(f"{prefix}{i}")
        i += 1
    return " ".join(out)
def section(title, kind, entries):
    return {"title": title, "kind": kind, "entries": entries}
profiles = {
    "news": [section("News", "news", [{"text": words("lorem", 2000), "date": "2020-01"}])],
    "authors": [section("Papers", "publication", [{
        "title": "Paper", "date": "2021",
        "authors": [kib("Longa")] + [f"Auth{i} Sur{i}" for i in range(499)],
        "venue": "Venue"}])],
    "skills": [section("Skills", "skill", [{"label": "Tools",
                                            "items": [f"Item{i} Kitx{i} Kity{i} Kitz{i}"
                                                      for i in range(200)]}])],
    "title": [section("Papers", "publication", [
        {"title": kib("Title"), "date": "2021", "venue": "Venue"},
        {"title": "Second", "date": "2022"}])],
    "right": [section("Work", "experience", [{
        "position": "Engineer", "organization": "Org", "date": "2020",
        "location": kib("Loc"), "highlights": ["Did things"]}]),
              section("Papers", "publication", [{
        "title": "Paper", "date": "2021", "venue": "Venue",
        "links": [{"label": f"Link{i} Lx{i}", "url": f"https://example.org/{i}"}
                  for i in range(200)]}])],
}
for name, sections in profiles.items():
    json.dump({"name": "Ada", "sections": sections}, open(f"{d}/{name}.yaml", "w"))
json.dump({"name": kib("Name"), "headline": kib("Head"),
           "sections": [section(kib("Sec"), "text", ["Body text"])]},
          open(f"{d}/header.yaml", "w"))
EOF

# check NAME LAYOUT: build, then every check
check() {
	local name=$1 layout=$2 f="$tmp/$1-$2"
	if ! "$FOLIO" build -l "$layout" -o "$f.pdf" "$tmp/$name.yaml" 2> "$f.stderr"; then
		bad "$name ($layout): build failed: $(head -c 400 "$f.stderr")"
		return
	fi
	# the report of the written file, and the page-fit note (a long cell may
	# spill a few lines; tests/e2e/page_fit.sh tests that note)
	sed -i -e "/^folio: note: wrote '/d" -e "/: note: [0-9]* lines\? ([0-9.]*pt) spill onto page/d" "$f.stderr"
	[ ! -s "$f.stderr" ] && ok || bad "$name ($layout): folio printed: $(head -c 400 "$f.stderr")"
	"$FOLIO" build -l "$layout" -f tree -o "$f.tree" "$tmp/$name.yaml" 2> /dev/null
	pdftotext -raw -enc UTF-8 "$f.pdf" "$f.txt" 2> "$f.poppler" && [ ! -s "$f.poppler" ] && ok ||
		bad "$name ($layout): pdftotext: $(head -c 400 "$f.poppler")"
	pdftotext -bbox -enc UTF-8 "$f.pdf" "$f.bbox.html" 2> /dev/null
	"$python" - "$name ($layout)" "$f" << 'EOF' && ok || fail=$((fail + 1))
import html, re, sys
name, f = sys.argv[1:3]
token = re.compile(r"\b(?:lorem|Longa|Auth|Item|Kit[xyz]|Title|Loc|Link|Lx|Name|Head|Sec)[0-9]+\b", re.I)
tree = [l for l in open(f + ".tree", encoding="utf-8") if not l.startswith("document ")]
want = [t.casefold() for t in token.findall(re.sub(r"<[^>]*>", "", "".join(tree)))]
got = [t.casefold() for t in token.findall(open(f + ".txt", encoding="utf-8").read())]
errors = []
if len(want) < 100:
    errors.append(f"only {len(want)} words in the tree dump")
# columns (a layout with a sidebar) are read one after the other on each
# page, so across pages only the words, not their order, are comparable
if any(l.lstrip().startswith("region ") for l in tree) and len(got) == len(want):
    got, want = sorted(got), sorted(want)
if got != want:
    i = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]),
             min(len(got), len(want)))
    errors.append(f"{len(got)} of {len(want)} words in the PDF; first difference at word {i}: "
                  f"got {got[i:i + 3]}, want {want[i:i + 3]}")
# word boxes: inside the page, and above the page number ("p / n") if any
pages = re.findall(r'<page width="([0-9.]+)" height="([0-9.]+)">(.*?)</page>',
                   open(f + ".bbox.html", encoding="utf-8").read(), re.S)
word = re.compile(r'<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>')
for p, (w, h, body) in enumerate(pages, 1):
    words = [(float(a), float(b), float(c), float(d), html.unescape(t))
             for a, b, c, d, t in word.findall(body)]
    for x0, y0, x1, y1, t in words:
        if x0 < 0 or y0 < 0 or x1 > float(w) + 0.01 or y1 > float(h) + 0.01:
            errors.append(f"page {p}: {t!r} outside the page box ({x0:.1f},{y0:.1f})-({x1:.1f},{y1:.1f})")
    if len(pages) > 1:
        texts = [t for *_, t in words]
        label = [str(p), "/", str(len(pages))]
        at = [k for k in range(len(texts) - 2) if texts[k:k + 3] == label]
        if not at:
            errors.append(f"page {p}: no page number")
        else:
            footer_top = min(words[at[-1] + k][1] for k in range(3))
            for k, (x0, y0, x1, y1, t) in enumerate(words):
                if at[-1] <= k < at[-1] + 3:
                    continue
                if y1 > footer_top:
                    errors.append(f"page {p}: {t!r} at y {y1:.1f} reaches the page number at {footer_top:.1f}")
                    break
    if p == 1 and len(pages) > 1 and not any(token.fullmatch(t) for *_, t in words):
        errors.append("page 1 holds none of the long block")
if errors:
    print(f"FAIL: {name}:")
    for e in errors[:8]:
        print("   ", e)
    sys.exit(1)
EOF
}

for layout in "$SRC"/layouts/*.yaml; do
	layout=$(basename "$layout" .yaml)
	for name in news authors skills title right header; do
		check "$name" "$layout"
	done
done

echo "long_cells: $pass passed, $fail failed"
[ $fail -eq 0 ]
