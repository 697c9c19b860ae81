#!/usr/bin/env bash
# The LaTeX back end end to end:
#  1. golden .tex: `folio build -f tex -o - data/NAME.yaml` equals
#     tests/golden/tex/NAME.tex (the source path written as @SRC@); UPDATE=1
#     rewrites them (review the diff);
#  2. example, long and the hostile fixture compile with pdflatex, xelatex
#     and lualatex without errors or overfull boxes, and pdftotext shows every
#     section and entry title in order (long needs xelatex/lualatex: its
#     pdflatex run must stop with the clear message);
#  3. hostile strings come out literally and run nothing;
#  4. --compile through the CLI, its failure path and a missing engine.
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
srcreal=$(cd "$SRC" && pwd -P)

# ---- 1. golden .tex ------------------------------------------------------
for name in example long; do
  y="$SRC/data/$name.yaml"
  if [ ! -f "$y" ]; then echo "skip golden $name: $y not there yet"; continue; fi
  (cd "$SRC" && "$FOLIO" build -f tex -o - "data/$name.yaml") > "$tmp/$name.raw" 2> "$tmp/$name.err"
  st=$?
  if [ $st -ne 0 ]; then bad "golden $name: exit $st"; cat "$tmp/$name.err"; continue; fi
  sed -e "s|$srcreal|@SRC@|g" -e "s|$SRC|@SRC@|g" "$tmp/$name.raw" > "$tmp/$name.golden"
  want="$SRC/tests/golden/tex/$name.tex"
  if [ "${UPDATE:-}" = 1 ]; then
    mkdir -p "$SRC/tests/golden/tex"; cp "$tmp/$name.golden" "$want"; ok "golden $name (updated)"
  elif [ ! -f "$want" ]; then
    bad "golden $name: missing $want (run with UPDATE=1)"
  elif diff -u "$want" "$tmp/$name.golden" > "$tmp/diff"; then
    ok "golden $name"
  else
    bad "golden $name"; head -60 "$tmp/diff"
  fi
done

# ---- 2./3. compile with each engine ----------------------------------------
# Titles (section titles and the first row's left cell of each entry) in
# document order, from the tree dump; one per line.
titles() {
  python3 -c '
import re, sys
for line in sys.stdin:
    s = line.strip()
    if not (s.startswith("section ") or (s.startswith("cell ") and "role=entry.title" in s)):
        continue
    parts = re.findall(r"\"((?:[^\"\\\\]|\\\\.)*)\"", s)
    text = "".join(bytes(p, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for p in parts)
    print(" ".join(text.split()))
'
}
# Every text of the tree dump (paragraphs, cells, items, headers), one per line.
texts() {
  python3 -c '
import re, sys
for line in sys.stdin:
    s = line.strip()
    if s.split(" ")[0] not in ("paragraph", "cell", "item", "section"):
        continue
    parts = re.findall(r"\"((?:[^\"\\\\]|\\\\.)*)\"", s)
    text = "".join(bytes(p, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for p in parts)
    text = " ".join(text.split())
    if text: print(text)
'
}
# in_order WANTFILE PDFTEXT [any]: each line of WANTFILE occurs in the text,
# in order unless "any" (whitespace and hyphenation at line ends ignored,
# NFKC, case-insensitive).
in_order() {
  python3 - "$1" "$2" "${3:-}" <<'EOF'
import sys, unicodedata
def norm(s):
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u2018", "`")
    return " ".join(s.split()).casefold()
want = [norm(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
raw = open(sys.argv[2], encoding="utf-8").read()
raw = raw.replace("-\n", "-").replace("\f", "\n")
text = norm(raw)
pos, missing = 0, []
for w in want:
    i = text.find(w, 0 if sys.argv[3] == "any" else pos)
    if i < 0:
        j = text.find(w)
        missing.append(w + ("  (found, but out of order)" if j >= 0 else ""))
    else:
        pos = i + len(w)
for m in missing:
    print("  missing:", m)
sys.exit(1 if missing else 0)
EOF
}

engines=()
for e in pdflatex xelatex lualatex; do
  if command -v "$e" > /dev/null; then engines+=("$e"); else echo "skip $e: not installed"; fi
done

inputs=("$SRC/tests/fixtures/latex/hostile.yaml" "$SRC/tests/fixtures/latex/ts1.yaml")
for name in example long; do [ -f "$SRC/data/$name.yaml" ] && inputs+=("$SRC/data/$name.yaml"); done

# Build every .tex, then run all engines at once (each in its own directory).
for y in "${inputs[@]}"; do
  name=$(basename "$y" .yaml)
  "$FOLIO" build -f tex -q -o "$tmp/$name.tex" "$y" || { bad "$name: build -f tex failed"; continue; }
  for e in "${engines[@]}"; do
    d="$tmp/$name-$e"; mkdir -p "$d"; cp "$tmp/$name.tex" "$d/cv.tex"
    (cd "$d" && openout_any=p timeout 120 "$e" -interaction=nonstopmode -halt-on-error \
       -no-shell-escape cv.tex > /dev/null 2>&1; echo $? > status) &
  done
done
wait

for y in "${inputs[@]}"; do
  name=$(basename "$y" .yaml)
  [ -f "$tmp/$name.tex" ] || continue
  "$FOLIO" build -f tree -o - "$y" > "$tmp/$name.tree" || { bad "$name: tree failed"; continue; }
  titles < "$tmp/$name.tree" > "$tmp/$name.titles"
  needs_unicode=0
  grep -q '^% folio-engine: xelatex' "$tmp/$name.tex" && needs_unicode=1
  for e in "${engines[@]}"; do
    d="$tmp/$name-$e"
    st=$(cat "$d/status")
    if [ "$e" = pdflatex ] && [ $needs_unicode = 1 ]; then
      if [ $st -ne 0 ] && grep -q '^! this CV needs xelatex or lualatex (it contains' "$d/cv.log" \
         && [ ! -f "$d/cv.pdf" ]; then
        ok "$name/$e: stops with the xelatex/lualatex message"
      else
        bad "$name/$e: expected the needs-xelatex stop (exit $st)"
      fi
      continue
    fi
    if [ $st -ne 0 ] || [ ! -s "$d/cv.pdf" ]; then
      bad "$name/$e: exit $st"; grep -A3 '^!' "$d/cv.log" | head -12; continue
    fi
    if grep -q 'Overfull \\hbox' "$d/cv.log"; then
      bad "$name/$e: overfull boxes"; grep -A2 'Overfull \\hbox' "$d/cv.log" | head -12; continue
    fi
    if pdffonts "$d/cv.pdf" 2> /dev/null | grep -q 'Type 3'; then
      bad "$name/$e: a bitmap (Type 3) font was needed"; pdffonts "$d/cv.pdf"
    fi
    pdftotext -enc UTF-8 "$d/cv.pdf" "$d/cv.txt"
    if in_order "$tmp/$name.titles" "$d/cv.txt"; then
      ok "$name/$e: compiles clean, $(wc -l < "$tmp/$name.titles") titles in order"
    else
      bad "$name/$e: titles"
    fi
    if [ "$name" = hostile ]; then
      texts < "$tmp/$name.tree" > "$tmp/$name.texts"
      if in_order "$tmp/$name.texts" "$d/cv.txt" any; then ok "$name/$e: every string literal"
      else bad "$name/$e: hostile strings not literal"; fi
      if grep -q 'root:' "$d/cv.txt"; then bad "$name/$e: /etc/passwd was read"; fi
      if ls "$d" | grep -q pwned || ls | grep -q pwned; then bad "$name/$e: \\write18 ran"; fi
      grep -qF '\input{/etc/passwd}' "$d/cv.txt" || bad "$name/$e: \\input not literal"
      grep -qF '^^5c^^5cinput' "$d/cv.txt" || bad "$name/$e: ^^5c not literal"
      # links keep # % ~ _ (pdf URIs, read by qpdf as QDF)
      if command -v qpdf > /dev/null; then
        qpdf --qdf --object-streams=disable "$d/cv.pdf" "$d/q.pdf" 2> /dev/null
        for u in 'https://example.com/~bobby/a_b?q=100%25&r=1#top' \
                 'https://example.com/jobs/~x_y%20z#anchor' 'https://example.com/a_b~c?d=1&e=%7E#f'; do
          grep -aqF "/URI ($u)" "$d/q.pdf" || bad "$name/$e: link $u not kept"
        done
      fi
    fi
  done
done

# ---- 4. --compile through the CLI ------------------------------------------
if [ ${#engines[@]} -gt 0 ] && [ -f "$SRC/data/example.yaml" ]; then
  "$FOLIO" build -q -f tex --compile -o "$tmp/cli/x.tex" "$SRC/data/example.yaml" 2> "$tmp/cli.err"
  st=$?
  [ $st -ne 0 ] && [ ! -d "$tmp/cli" ] && ok "--compile: missing output directory is an error" \
    || bad "--compile into a missing directory: exit $st"
  mkdir -p "$tmp/cli"
  "$FOLIO" build -q -f tex --compile -o "$tmp/cli/x.tex" "$SRC/data/example.yaml" 2> "$tmp/cli.err"
  st=$?
  if [ $st -eq 0 ] && head -c 5 "$tmp/cli/x.pdf" | grep -q '%PDF-' && [ -f "$tmp/cli/x.tex" ]; then
    ok "--compile writes x.tex and x.pdf"
  else
    bad "--compile: exit $st"; cat "$tmp/cli.err"
  fi
  ls "$tmp/cli" | grep -qv '^x\.\(tex\|pdf\)$' && bad "--compile left files: $(ls "$tmp/cli")"
  # with SOURCE_DATE_EPOCH, pdflatex gives the same bytes twice (other
  # output names, other temporary directories), dated as asked
  if command -v pdflatex > /dev/null; then
    mkdir -p "$tmp/repro"
    for n in 1 2; do
      SOURCE_DATE_EPOCH=86400 "$FOLIO" build -q -f tex --compile=pdflatex -o "$tmp/repro/r$n.tex" \
        "$SRC/data/example.yaml" 2> "$tmp/cli.err" || { bad "--compile with SOURCE_DATE_EPOCH"; cat "$tmp/cli.err"; }
    done
    if cmp -s "$tmp/repro/r1.pdf" "$tmp/repro/r2.pdf" \
       && pdfinfo "$tmp/repro/r1.pdf" | grep -q '^CreationDate: *Fri Jan  2 00:00:00 1970 UTC$'; then
      ok "--compile=pdflatex with SOURCE_DATE_EPOCH: identical bytes, dated 1970-01-02"
    else
      bad "--compile=pdflatex with SOURCE_DATE_EPOCH: not reproducible: $(pdfinfo "$tmp/repro/r1.pdf" | grep Date)"
    fi
  fi
  # the outline lists the section titles (needs the second run --compile does)
  if command -v mutool > /dev/null && [ -s "$tmp/cli/x.pdf" ]; then
    "$FOLIO" build -f tree -o - "$SRC/data/example.yaml" | sed -n 's/^  section .*role=section.title "\(.*\)"$/\1/p' > "$tmp/outline.want"
    mutool show "$tmp/cli/x.pdf" outline | sed -n 's/^|\t"\(.*\)"\t.*/\1/p' > "$tmp/outline.got"
    if [ -s "$tmp/outline.want" ] && diff "$tmp/outline.want" "$tmp/outline.got" > /dev/null; then
      ok "--compile: the PDF outline lists the $(wc -l < "$tmp/outline.got") sections"
    else
      bad "--compile: outline"; diff "$tmp/outline.want" "$tmp/outline.got" | head
    fi
  fi
  # pdflatex on a CV with Greek/Cyrillic text: a clear message, no PDF
  if [ -f "$SRC/data/long.yaml" ]; then
    "$FOLIO" build -q -f tex --compile=pdflatex -o "$tmp/cli/long.tex" "$SRC/data/long.yaml" \
      2> "$tmp/cli.err"
    st=$?
    if [ $st -eq 1 ] && [ ! -e "$tmp/cli/long.pdf" ] \
       && grep -q "long.tex:[0-9]*:[0-9]*: error: pdflatex: this CV needs xelatex or lualatex" "$tmp/cli.err"; then
      ok "--compile=pdflatex on long.yaml fails clearly: $(head -1 "$tmp/cli.err")"
    else
      bad "--compile=pdflatex on long.yaml: exit $st"; cat "$tmp/cli.err"
    fi
    "$FOLIO" build -q -f tex --compile -o "$tmp/cli/long.tex" "$SRC/data/long.yaml" 2> "$tmp/cli.err"
    st=$?
    [ $st -eq 0 ] && [ -s "$tmp/cli/long.pdf" ] && ok "--compile picks xelatex for long.yaml" \
      || { bad "--compile on long.yaml: exit $st"; cat "$tmp/cli.err"; }
  fi
  # an existing PDF survives a failed compile (the engine is missing here)
  echo keep > "$tmp/cli/x.pdf"
  # a missing engine
  PATH=/nonexistent "$FOLIO" build -f tex --compile=xelatex -o "$tmp/cli/x.tex" \
    "$SRC/data/example.yaml" 2> "$tmp/cli.err"
  st=$?
  if [ $st -eq 3 ] && grep -qx 'folio: error: xelatex not found; install texlive-xetex' "$tmp/cli.err" \
     && [ "$(cat "$tmp/cli/x.pdf")" = keep ]; then
    ok "missing engine: $(cat "$tmp/cli.err")"
  else
    bad "missing engine: exit $st"; cat "$tmp/cli.err"
  fi
  # -o - cannot be compiled
  "$FOLIO" build -f tex --compile -o - "$SRC/data/example.yaml" > /dev/null 2> "$tmp/cli.err"
  [ $? -eq 2 ] && ok "--compile with -o - is a usage error" || bad "--compile -o -"
fi

echo "latex: $fail failed"
[ $fail -eq 0 ]
