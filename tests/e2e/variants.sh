#!/usr/bin/env bash
# Tags and variants (src/variants.c) on data/variants-example.yaml: --only
# and --except keep the right sections and entries (untagged ones always),
# in the PDF (pdftotext) and in the LaTeX source; an unknown tag is an error
# naming the known ones; --variant applies the variant's tags, its set: and
# layout: and writes out/<output>; --all-variants writes every variant into
# -o DIR, and a broken variant fails the run without writing or touching any
# file; check --all-variants warns about a section a variant empties.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
run() { # want cmd... : stdout in $tmp/out, stderr in $tmp/err
  local want=$1; shift
  timeout 120 "$@" > "$tmp/out" 2> "$tmp/err"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "'$*' exited $got, want $want: $(head -c 400 "$tmp/err")"; fi
}
has()    { grep -qiF -- "$2" "$1" && ok || bad "$1 lacks '$2'"; }
hasnt()  { grep -qiF -- "$2" "$1" && bad "$1 holds '$2'" || ok; }
errmsg() { grep -qxF -- "$1" "$tmp/err" && ok || bad "want message '$1', got: $(cat "$tmp/err")"; }
text()   { pdftotext -layout "$1" - 2> /dev/null | tr -s ' ' > "$2"; }

P="$SRC/data/variants-example.yaml"
cd "$tmp" || exit 1

# what each selection keeps; the industry-only and academic-only content
INDUSTRY=("Engineer who turns" "Babbage Consulting" "subroutines")
ACADEMIC=("Sketch of the Analytical Engine" "Royal Society seminar")
COMMON=("Analytical Engine Project" "Augustus De Morgan" "Bernoulli numbers")
expect() { # file keeps-industry keeps-academic
  local s
  for s in "${COMMON[@]}"; do has "$1" "$s"; done
  for s in "${INDUSTRY[@]}"; do if [ "$2" = 1 ]; then has "$1" "$s"; else hasnt "$1" "$s"; fi; done
  for s in "${ACADEMIC[@]}"; do if [ "$3" = 1 ]; then has "$1" "$s"; else hasnt "$1" "$s"; fi; done
}

run 0 "$FOLIO" check "$P"
[ ! -s "$tmp/err" ] && ok || bad "check printed: $(cat "$tmp/err")"
run 0 "$FOLIO" build "$P" -o all.pdf
text all.pdf all.txt
expect all.txt 1 1
run 0 "$FOLIO" build "$P" -o ind.pdf --only industry
text ind.pdf ind.txt
expect ind.txt 1 0
hasnt ind.txt "Publications"   # the section is tagged academic
hasnt ind.txt "Talks"          # its one entry is: left out, not printed empty
run 0 "$FOLIO" build "$P" -o aca.pdf --except industry
text aca.pdf aca.txt
expect aca.txt 0 1
hasnt aca.txt "Summary"
run 0 "$FOLIO" build "$P" -o none.pdf --except industry,academic
text none.pdf none.txt
expect none.txt 0 0
run 0 "$FOLIO" build "$P" -o both.pdf --only industry --only academic
text both.pdf both.txt
expect both.txt 1 1

# the LaTeX source honours them too
run 0 "$FOLIO" build "$P" -f tex -o ind.tex --only industry
expect ind.tex 1 0
run 0 "$FOLIO" build "$P" -f tex -o aca.tex --except industry
expect aca.tex 0 1

# unknown and malformed tags: exit 1, the known ones listed, nothing written
run 1 "$FOLIO" build "$P" -o bad.pdf --only industy
errmsg '--only:1:1: error: unknown tag "industy" (did you mean "industry"?; the profile'"'"'s tags: industry, academic)'
[ ! -e bad.pdf ] && ok || bad "an unknown tag wrote the output"
run 1 "$FOLIO" check "$P" --except academic,nope
errmsg '--except:1:10: error: unknown tag "nope" (the profile'"'"'s tags: industry, academic)'
run 1 "$FOLIO" check "$P" --only 'industry,,x y'
grep -c ': error: ' "$tmp/err" | grep -qx 2 && ok || bad "two bad tags: $(cat "$tmp/err")"

# ---- variants ----------------------------------------------------------------------
mkdir work && cd work || exit 1
run 0 "$FOLIO" build "$P" --variant industry
[ -f out/ada-resume.pdf ] && [ "$(ls out)" = ada-resume.pdf ] && ok || bad "--variant industry wrote: $(ls out)"
text out/ada-resume.pdf resume.txt
expect resume.txt 1 0
has resume.txt "Software engineer, numerical methods"   # its set: headline
hasnt resume.txt "Analyst and programmer"
run 0 "$FOLIO" build "$P" --variant academic -f tex
[ -f out/ada-cv.tex ] && ok || bad "--variant academic -f tex wrote: $(ls out)"
expect out/ada-cv.tex 0 1
has out/ada-cv.tex "Analyst and programmer"
run 0 "$FOLIO" build "$P" --variant academic -o chosen.pdf
text chosen.pdf chosen.txt
expect chosen.txt 0 1
run 1 "$FOLIO" build "$P" --variant industy -o x.pdf
errmsg '--variant:1:1: error: unknown variant "industy" (did you mean "industry"?; the profile'"'"'s variants: industry, academic)'
[ ! -e x.pdf ] && ok || bad "an unknown variant wrote the output"
run 2 "$FOLIO" build "$P" --variant industry --all-variants
run 2 "$FOLIO" build "$P" --variant industry --variant academic
run 2 "$FOLIO" build "$P" --all-variants -o -
run 2 "$FOLIO" build "$P" --all-variants -f tex --compile
cd .. || exit 1

# --all-variants -o DIR: one file per variant, each with its content
run 0 "$FOLIO" build "$P" --all-variants -o dir
[ "$(ls dir | tr '\n' ' ')" = "ada-cv.pdf ada-resume.pdf " ] && ok || bad "dir holds: $(ls dir)"
text dir/ada-resume.pdf r.txt
expect r.txt 1 0
text dir/ada-cv.pdf c.txt
expect c.txt 0 1
run 0 "$FOLIO" build "$P" --all-variants -o tex -f tex
expect tex/ada-resume.tex 1 0
expect tex/ada-cv.tex 0 1

# a variant without output: is PROFILE-NAME; a variant's layout: reaches the PDF
cat > v.yaml <<'EOF'
name: Ada Lovelace
variants:
  red:
    layout: {colors: {accent: "#7a1f1f"}}
  plain: {except: [extra]}
sections:
  - title: Experience
    entries:
      - organization: Analytical Engine Project
      - organization: Babbage Consulting
        tags: extra
EOF
run 0 "$FOLIO" build v.yaml --all-variants -o vdir
[ -f vdir/v-red.pdf ] && [ -f vdir/v-plain.pdf ] && ok || bad "vdir holds: $(ls vdir)"
qpdf --qdf --object-streams=disable vdir/v-red.pdf red.qdf
grep -aq '^0.47843 0.12157 0.12157 rg$' red.qdf && ok || bad "the red variant's accent is not in its PDF"
qpdf --qdf --object-streams=disable vdir/v-plain.pdf plain.qdf
grep -aq '^0.47843 0.12157 0.12157 rg$' plain.qdf && bad "the plain variant took the red accent" || ok
text vdir/v-plain.pdf plain.txt
hasnt plain.txt "Babbage Consulting"
has plain.txt "Analytical Engine Project"

# a broken variant: exit 1, and no file is written or touched, its siblings' included
cp -p vdir/v-red.pdf red.before
cp -p vdir/v-plain.pdf plain.before
# (the same file name, so the same outputs; red would now print another name)
sed -i -e 's/^  plain: .*/  plain: {except: [extra], set: {emial: a@b.org}}/' \
  -e 's/^name: Ada Lovelace/name: Ada Byron/' v.yaml
run 1 "$FOLIO" build v.yaml --all-variants -o vdir
grep -q '^v.yaml:[0-9]*:[0-9]*: error: unknown key "emial" in the profile (did you mean "email"?)$' "$tmp/err" && ok \
  || bad "the broken variant's message: $(cat "$tmp/err")"
cmp -s vdir/v-red.pdf red.before && cmp -s vdir/v-plain.pdf plain.before && ok || bad "a failed --all-variants changed a file"
[ "$(ls vdir | tr '\n' ' ')" = "v-plain.pdf v-red.pdf " ] && ok || bad "vdir holds: $(ls -a vdir)"
run 1 "$FOLIO" build v.yaml --all-variants -o fresh
[ ! -e fresh ] && ok || bad "a failed --all-variants made its directory"

# two variants writing one file; a profile without variants
printf 'name: A\nvariants: {one: {output: cv}, two: {output: cv.pdf}}\nsections: {Notes: [a]}\n' > clash.yaml
run 1 "$FOLIO" build clash.yaml --all-variants -o cdir
grep -q "variants \"one\" and \"two\" would both write 'cdir/cv.pdf'" "$tmp/err" && ok || bad "clash: $(cat "$tmp/err")"
[ ! -e cdir ] && ok || bad "the clash wrote files"
run 1 "$FOLIO" build "$SRC/data/example.yaml" --all-variants -o edir
grep -q 'error: --all-variants: the profile has no variants:' "$tmp/err" && ok || bad "no variants: $(cat "$tmp/err")"

# a dropped (empty) tagged section or a skipped entry lends its tags to no other
cat > slots.yaml <<'EOF'
name: Ada Lovelace
sections:
  - title: Experience
    tags: [x]
    entries: []
  - title: Education
    entries:
      - institution: Private tuition
  - title: Notes
    kind: bullet
    entries:
      - {text: tagged note, tags: [y]}
      - ~
      - plain note
EOF
run 0 "$FOLIO" build slots.yaml -f tree -o slots.tree --only y
has slots.tree "EDUCATION"
has slots.tree "plain note"
has slots.tree "tagged note"
run 0 "$FOLIO" build slots.yaml -f tree -o slots2.tree --except y
has slots2.tree "plain note"
hasnt slots2.tree "tagged note"

# check: every variant, a warning for a section a variant empties
run 0 "$FOLIO" check "$P" --all-variants
grep -qxF "$P:59:12: warning: section \"Talks\" has no entries left in variant \"industry\"; it is left out" "$tmp/err" \
  && ok || bad "check --all-variants: $(cat "$tmp/err")"
run 0 "$FOLIO" check "$P" --variant academic
[ ! -s "$tmp/err" ] && ok || bad "check --variant academic printed: $(cat "$tmp/err")"

echo "variants: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
