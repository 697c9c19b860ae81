#!/usr/bin/env bash
# The header's contact line, read back from the PDF (pdftotext -layout) in
# every layout, and from the .tex compiled by pdflatex (classic):
# - each social link shows something a reader can identify: its address
#   without scheme and "www." ("github.com/ada-quill", "linkedin.com/in/
#   ada-quill", "orcid.org/...", "fosstodon.org/@adaq"), "Google Scholar"
#   for Scholar, the label where one is written; never the bare username;
# - the line breaks only between items: every item is found whole on one
#   line, and no line starts or ends with the separator's mark (issue 12:
#   "ada-quill  ·" ended a line).
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
name: Ada Quill
email: ada.quill@example.org
phone: "+44 20 7946 0958"
website: https://www.adaquill.example/
location: Leeds, United Kingdom
links:
  - network: GitHub
    username: ada-quill
  - network: GitLab
    username: aquill
  - network: LinkedIn
    username: ada-quill-phd
  - network: ORCID
    username: 0000-0002-1825-0097
  - network: Google Scholar
    username: AbCdEfGAAAAJ
  - network: Twitter
    username: adaquill
  - network: Mastodon
    username: "@adaq@fosstodon.org"
  - network: Stack Overflow
    username: "4711"
  - network: GitHub
    username: quill-lab
    label: Lab code on GitHub
  - label: Blog
    url: https://blog.adaquill.example
sections:
  - title: Interests
    entries: [Numerical analysis]
EOF
items=("ada.quill@example.org" "+44 20 7946 0958" "adaquill.example" "Leeds, United Kingdom"
	"github.com/ada-quill" "gitlab.com/aquill" "linkedin.com/in/ada-quill-phd"
	"orcid.org/0000-0002-1825-0097" "Google Scholar" "x.com/adaquill" "fosstodon.org/@adaq"
	"stackoverflow.com/users/4711" "Lab code on GitHub" "Blog")

# check NAME FILE: the contact line of text FILE (the lines between the name
# and the section title).
check() {
	local name=$1 txt=$2 lines
	lines=$(sed -n '/Ada Quill/,/Interests\|INTERESTS/p' "$txt" | sed '1d;$d' | sed 's/^ *//; s/ *$//' | sed '/^$/d')
	if [ -z "$lines" ]; then
		bad "$name: no contact line in the text"
		return
	fi
	for it in "${items[@]}"; do
		if grep -qF -- "$it" <<< "$lines"; then ok; else bad "$name: item \"$it\" not whole on one line"; fi
	done
	# a bare username is a word of its own: "ada-quill" only inside its address
	if grep -qE '(^|[[:space:]·|])(ada-quill|aquill|adaquill|AbCdEfGAAAAJ|4711)([[:space:]·|]|$)' <<< "$lines"; then
		bad "$name: a bare username: $(tr '\n' '/' <<< "$lines")"
	else ok; fi
	if [ "$(wc -l <<< "$lines")" -lt 2 ]; then
		bad "$name: the contact line did not break (the test needs it to)"
	fi
	if grep -qE '^[·|/]|[·|/]$' <<< "$lines"; then
		bad "$name: a separator at a line's start or end: $(tr '\n' '/' <<< "$lines")"
	else ok; fi
}

for layout in $("$FOLIO" layouts | awk '{print $1}'); do
	out="$tmp/$layout.pdf"
	if ! "$FOLIO" build -q -l "$layout" -o "$out" "$tmp/cv.yaml" 2> "$tmp/err"; then
		bad "$layout: build failed: $(cat "$tmp/err")"
		continue
	fi
	[ -s "$tmp/err" ] && bad "$layout: warnings: $(cat "$tmp/err")"
	pdftotext -layout "$out" "$tmp/$layout.txt"
	# a sidebar puts one item a line: items whole, no separators to check
	check "$layout" "$tmp/$layout.txt"
done

# The tree names no bare username either, and separators are runs of their own.
"$FOLIO" build -q -f tree -o "$tmp/cv.tree" "$tmp/cv.yaml"
if grep -q '\[sep\]"  ·  " "github.com/ada-quill"<https://github.com/ada-quill>' "$tmp/cv.tree"; then ok; else
	bad "tree: $(grep contact "$tmp/cv.tree")"
fi

# LaTeX breaks the line between items too, with no mark at a line's ends.
if command -v pdflatex > /dev/null; then
	mkdir -p "$tmp/tex"
	"$FOLIO" build -q -f tex -o "$tmp/tex/cv.tex" "$tmp/cv.yaml"
	if (cd "$tmp/tex" && timeout 120 pdflatex -interaction=nonstopmode -halt-on-error cv.tex > /dev/null 2>&1); then
		pdftotext -layout "$tmp/tex/cv.pdf" "$tmp/tex.txt"
		check "tex" "$tmp/tex.txt"
	else
		bad "pdflatex failed on the classic .tex"
	fi
else
	echo "skip: pdflatex not installed"
fi

echo "contact: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
