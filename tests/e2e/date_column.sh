#!/usr/bin/env bash
# A steady date column (issue 12), every layout x data/example.yaml and
# data/long.yaml, plus a profile of long titles written here: the date of
# each entry is on the entry's first line (or, in a narrow column, just
# below it, at its left edge), the dates of a column share one edge, a
# wrapped title of four words or more does not end in a line of one word,
# and every title and date extracts whole in pdftotext, `mutool draw -F txt`
# and pdfminer (tests/tools/date_column.py, docs/extraction.md).  Also: the
# templates give every kind its dates in row 1, and a grade is labelled
# only when it is a bare number.
#
#   FOLIO=build/folio SRC=. bash tests/e2e/date_column.sh
set -u
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
FOLIO=${FOLIO:-$SRC/build/folio}
[ -x "$FOLIO" ] || {
	echo "date_column: no folio binary at $FOLIO (set FOLIO)" >&2
	exit 2
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}

python=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import pdfminer' 2> /dev/null; then
		python=$("$p" -c 'import sys; print(sys.executable)')
		break
	fi
done
[ -n "$python" ] || {
	echo "FAIL: no python3 with pdfminer (scripts/install-deps.sh)"
	exit 1
}
for t in pdftotext mutool; do
	command -v "$t" > /dev/null || {
		echo "FAIL: $t is not installed (scripts/install-deps.sh)"
		exit 1
	}
done

# Long titles beside dates, in every kind that has both.
cat > "$tmp/wrap.yaml" << 'EOF'
name: Wrapped Titles
sections:
  Experience:
    - organization: Centre for Discovery Brain Sciences, University of Edinburgh
      position: Postdoctoral Research Fellow in Computational Neuroscience and Machine Learning (Wellcome Trust Early-Career Fellowship)
      location: Edinburgh, UK
      start: 2022-10
      end: present
    - organization: Short Org
      position: Engineer
      location: Berlin
      start: 2019
      end: 2022
  Education:
    - institution: Politechnika Łódzka (Lodz University of Technology), Faculty of Technical Physics, Information Technology and Applied Mathematics
      degree: Master of Science in Computer Science, Applied Mathematics and Theoretical Physics with Honours
      location: Łódź, Poland
      start: 2010
      end: 2014
    - institution: International Summer School on Numerical Methods
      location: Thessaloniki, Greece
      date: 2013
  Publications:
    - title: "Theta Sequences and Sharp-Wave Ripple Replay Share a Common Low-Dimensional Manifold in Dorsal CA1 Across Novel and Familiar Environments"
      authors: ["A. Author", "B. Author"]
      venue: Nature Neuroscience
      date: 2024-08
    - title: "HeteGen: Heterogeneous Parallel Inference for Large Language Models on Resource-Constrained Devices"
      venue: MLSys
      date: 2024
    - title: "Xxxxxxx Xxxxxxxxx Xxx Xxxxx-Xxxx Xxxxxx Xxxxxx Xxxxxx Xxxxx x Xxxxxx Xxx-Xxxxxxxxxxx Xxxxxxxx Xx Xxxxxx Xxxxxxxxxxxxxxx Xxxxxx Xxxxx Xxx Xxxxxxxx Xxxxxxxxxxxx"
      venue: Nature Neuroscience
      date: 2024-08
  Awards:
    - title: Best Paper Award at the International Conference on Very Long Names of Conferences and Workshops
      issuer: Association for Computing Machinery
      date: 2021
  Talks:
    - title: Replay as Inference, Sequences, Sleep and Uncertainty in the Hippocampal Formation of Rodents and Primates
      event: Bernstein Conference
      location: Berlin, Germany
      date: 2023-09
  Projects:
    - name: A Line Breaker for Greek, Cyrillic and Latin Scripts in One Pass with Hyphenation Patterns
      role: Author
      start: 2019
EOF

# check NAME PROFILE LAYOUT: one build through date_column.py
check() {
	local name=$1 profile=$2 layout=$3 f="$tmp/$1"
	if ! "$FOLIO" build -q -o "$f.pdf" -l "$layout" "$profile" 2> "$f.err" ||
		! "$FOLIO" build -q -f tree -o "$f.tree" -l "$layout" "$profile" 2>> "$f.err"; then
		echo "FAIL: $name: build failed: $(head -c 300 "$f.err")"
		return
	fi
	"$python" "$SRC/tests/tools/date_column.py" --label "$name" "$f.pdf" "$f.tree" ||
		echo "FAIL: $name: see above"
}

names=()
for layout in "$SRC"/layouts/*.yaml; do
	layout=$(basename "$layout" .yaml)
	for profile in "$SRC/data/example.yaml" "$SRC/data/long.yaml" "$tmp/wrap.yaml"; do
		name="$layout-$(basename "$profile" .yaml)"
		names+=("$name")
		echo "$name $profile $layout"
	done
done > "$tmp/jobs"
while read -r name profile layout; do
	check "$name" "$profile" "$layout" > "$tmp/$name.log" 2>&1 &
	while [ "$(jobs -rp | wc -l)" -ge "${DATE_COLUMN_JOBS:-2}" ]; do sleep 0.2; done
done < "$tmp/jobs"
wait
for name in "${names[@]}"; do
	if grep -q '^FAIL' "$tmp/$name.log"; then
		grep '^FAIL' "$tmp/$name.log" | grep -v ': see above$'
		fail=$((fail + 1))
	else
		ok
	fi
done
[ ${#names[@]} -ge 27 ] && ok || bad "only ${#names[@]} builds"

# Every shipped template puts a kind's dates in its first row (a right
# cell, or the title's own text in ats), never in a later row.
for layout in "$SRC"/layouts/*.yaml; do
	l=$(basename "$layout" .yaml)
	"$python" - "$layout" << 'EOF' > "$tmp/rows.$l" 2>&1 && ok || { bad "$l: a kind puts {dates} below its first row:"; cat "$tmp/rows.$l"; }
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
body = text.split("\ntemplates:", 1)
if len(body) < 2:
    sys.exit(0)
kind, row, bad = None, 0, []
for line in body[1].splitlines():
    if re.match(r"^\S", line):
        break
    m = re.match(r"^  ([a-z]+):", line)
    if m:
        kind, row = m.group(1), 0
        continue
    if re.match(r"^      - ", line):
        row += 1
    if "{dates}" in line and row > 1:
        bad.append(f"{kind}: row {row}: {line.strip()}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
done

# A grade is labelled when it is a bare number, else it stands as written.
cat > "$tmp/grade.yaml" << 'EOF'
name: Grades
sections:
  Education:
    - {institution: A, degree: BSc, grade: 3.9/4.0}
    - {institution: B, degree: MSc, grade: First class honours}
    - {institution: C, degree: BA, grade: "3.9/4.0 (top 5%)"}
    - {institution: D, degree: BA, grade: 3.7 GPA}
    - {institution: E, degree: BA, grade: "2:1"}
    - {institution: F, degree: BA, grade: CGPA 9.1/10}
EOF
"$FOLIO" build -q -f tree -o - "$tmp/grade.yaml" 2> "$tmp/grade.err" | sed "s/\xc2\xa0/ /g" > "$tmp/grade.tree" && [ -s "$tmp/grade.tree" ] && ok || bad "grade: build failed: $(cat "$tmp/grade.err")"
for want in 'GPA 3.9/4.0' 'First class honours' 'GPA 3.9/4.0 (top 5%)' '3.7 GPA' '2:1' 'CGPA 9.1/10'; do
	grep -q "role=body \"$want\"" "$tmp/grade.tree" && ok || bad "grade: no body cell \"$want\" in: $(grep role=body "$tmp/grade.tree" | tr '\n' '|')"
done
grep -q 'GPA GPA\|GPA 3.7\|GPA 2:1\|GPA First\|GPA CGPA' "$tmp/grade.tree" && bad "grade: a label where none belongs" || ok
# a layout may rename the label or drop it
printf 'extends: classic\ngrade-label: ""\n' > "$tmp/nolabel.yaml"
"$FOLIO" build -q -f tree -o "$tmp/nolabel.tree" -l "$tmp/nolabel.yaml" "$tmp/grade.yaml" 2> /dev/null
grep -qs 'role=body "3.9/4.0"' "$tmp/nolabel.tree" && ok || bad "grade-label \"\": the grade is still labelled"
printf 'extends: classic\ngrade-lable: Note\n' > "$tmp/typo.yaml"
"$FOLIO" build -q -f tree -o "$tmp/typo.tree" -l "$tmp/typo.yaml" "$tmp/grade.yaml" 2> "$tmp/typo.err"
[ $? -eq 1 ] && grep -q ':2:1: error: .*grade-lable.*did you mean "grade-label"' "$tmp/typo.err" && ok ||
	bad "a mistyped grade-label: $(cat "$tmp/typo.err")"

# compact shows award summaries, as classic does
cat > "$tmp/award.yaml" << 'EOF'
name: Awards
sections:
  Awards:
    - {title: Medal, issuer: Society, date: 2020, summary: For the best thesis of the year}
EOF
"$FOLIO" build -q -f tree -o "$tmp/award.tree" -l compact "$tmp/award.yaml" 2> /dev/null
grep -q 'For the best thesis of the year' "$tmp/award.tree" && ok || bad "compact drops the award summary"

echo "date_column: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
