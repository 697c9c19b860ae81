#!/usr/bin/env bash
# --set PATH=VALUE (src/override.c): an override changes the PDF's text and
# the LaTeX source, a layout key changes the PDF's colours (and keeps the
# profile's layout: NAME, unless -l is given), YAML values (flow lists and
# mappings, quoted strings) and plain ones (#rrggbb is text, not a comment),
# an empty VALUE empties the key, list positions and titles, appending; every
# failure (no "=", a bad path, an unknown key, a bad value, a path through a
# string, a position past the end, a YAML syntax error) exits 1 with its
# message at --set:N:COL, writes nothing and leaves an earlier output as it
# was; the options are refused (exit 2) by new and layouts.
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
has()    { grep -qF -- "$2" "$1" && ok || bad "$1 lacks '$2': $(head -c 300 "$1")"; }
hasnt()  { grep -qF -- "$2" "$1" && bad "$1 holds '$2'" || ok; }
errmsg() { grep -qxF -- "$1" "$tmp/err" && ok || bad "want message '$1', got: $(cat "$tmp/err")"; }
text()   { pdftotext -layout "$1" - 2> /dev/null | tr -s ' ' > "$2"; }
colours() { qpdf --qdf --object-streams=disable "$1" "$1.qdf" && grep -a ' rg$' "$1.qdf" > "$2"; }

P="$SRC/data/example.yaml"
cd "$tmp" || exit 1

# ---- text ------------------------------------------------------------------------
run 0 "$FOLIO" build "$P" -o base.pdf
text base.pdf base.txt
has base.txt "Xuanlei Zhao"
run 0 "$FOLIO" build "$P" -o set.pdf --set "name=Ada L. Lovelace" --set email=ada@example.org \
  --set 'sections.Education.title=Studies' --set 'sections.2.entries.0.position=Staff engineer'
text set.pdf set.txt
has set.txt "Ada L. Lovelace"
grep -m1 . set.txt | grep -q "Xuanlei" && bad "the header still names Xuanlei Zhao" || ok  # (the author lists do)
has set.txt "ada@example.org"
grep -qi "studies" set.txt && ok || bad "the Education section was not renamed"
grep -qi "^ *education *$" set.txt && bad "the Education title is still there" || ok
has set.txt "Staff engineer"

# YAML values: a quoted string keeps a leading #, a flow list, a flow mapping appended
run 0 "$FOLIO" build "$P" -f tree -o tree.txt --set 'headline="#1 at NUS"' \
  --set 'sections.0.entries=[First paragraph., Second paragraph.]' \
  --set 'sections.6={title: Hobbies, kind: bullet, entries: [chess, rowing]}' \
  --set 'keywords=[alpha, beta]'
has tree.txt '"#1 at NUS"'
has tree.txt "First paragraph."
has tree.txt "Second paragraph."
has tree.txt "HOBBIES"
has tree.txt "rowing"
has tree.txt "alpha"
# a plain VALUE is the text as written, a # included; an empty one drops the key
run 0 "$FOLIO" build "$P" -f tree -o tree2.txt --set 'headline=#1 engineer: yes' --set headline=
hasnt tree2.txt "PhD student"
hasnt tree2.txt "#1 engineer"
run 0 "$FOLIO" build "$P" -f tree -o tree3.txt --set 'headline=#1 engineer: yes'
has tree3.txt "#1 engineer: yes"

# a path in a --set VALUE is relative to the current directory (the profile's is data/)
cp "$SRC/tests/fixtures/pdf/photo.jpg" my-photo.jpg
run 0 "$FOLIO" build "$P" -o photo.pdf --set photo=my-photo.jpg
pdfimages -list photo.pdf 2> /dev/null | grep -q ' image ' && ok || bad "--set photo= put no image in the PDF"
run 1 "$FOLIO" check "$P" --set photo=missing.jpg
errmsg '--set:1:7: error: photo "missing.jpg" not found'

# the LaTeX back end sees the same profile
run 0 "$FOLIO" build "$P" -f tex -o set.tex --set "name=Ada Byron" --set 'sections.Education.title=Studies'
has set.tex "Ada Byron"
run 0 "$FOLIO" build "$P" -f tex -o base.tex
# the owner's name leaves the header and metadata (the author lists keep theirs)
[ "$(grep -c Xuanlei set.tex)" -lt "$(grep -c Xuanlei base.tex)" ] && ok || bad "set.tex still names Xuanlei as often"
grep -qi "studies" set.tex && ok || bad "set.tex lacks the new title"

# ---- layout keys ---------------------------------------------------------------------
run 0 "$FOLIO" build "$P" -o red.pdf --set layout.colors.accent=#7a1f1f
colours base.pdf base.rg
colours red.pdf red.rg
has red.rg "0.47843 0.12157 0.12157 rg"
hasnt base.rg "0.47843 0.12157 0.12157 rg"
has base.rg "0.12157 0.22745 0.37255 rg"   # classic's navy
hasnt red.rg "0.12157 0.22745 0.37255 rg"
# layout: NAME in the profile stays the base of the override; -l wins over it
sed 's/^name: .*/&\nlayout: sans/' "$P" > sans.yaml
run 0 "$FOLIO" build sans.yaml -o sans-red.pdf --set layout.colors.accent=#7a1f1f
pdffonts sans-red.pdf > sans-red.fonts 2> /dev/null
has sans-red.fonts "NotoSans-"
hasnt sans-red.fonts "NotoSerif"
colours sans-red.pdf sans-red.rg
has sans-red.rg "0.47843 0.12157 0.12157 rg"
run 0 "$FOLIO" build sans.yaml -l classic -o classic-red.pdf --set layout.colors.accent=#7a1f1f
pdffonts classic-red.pdf > classic-red.fonts 2> /dev/null
has classic-red.fonts "NotoSerif"
colours classic-red.pdf classic-red.rg
has classic-red.rg "0.47843 0.12157 0.12157 rg"

# ---- failures: exit 1, the message at --set:N:COL, nothing written, nothing clobbered ----
cp base.pdf keep.pdf
fails() { # message args...
  local msg=$1; shift
  run 1 "$FOLIO" build "$P" -o keep.pdf "$@"
  errmsg "$msg"
  cmp -s keep.pdf base.pdf && ok || bad "'$*' changed the earlier output"
  run 1 "$FOLIO" build "$P" -o new.pdf "$@"
  [ ! -e new.pdf ] && ok || bad "'$*' wrote new.pdf"
  run 1 "$FOLIO" check "$P" "$@"
  errmsg "$msg"
  ls -a | grep -q '^\.folio' && bad "'$*' left a temporary file" || ok
}
fails '--set:1:1: error: unknown key "emial" in the profile (did you mean "email"?)' --set emial=a@b.org
fails '--set:2:1: error: unknown key "emial" in the profile (did you mean "email"?)' --set email=a@b.org --set emial=a@b.org
fails '--set:1:7: error: "a-at-b" does not look like an e-mail address (name@domain.org)' --set email=a-at-b
fails '--set:1:1: error: --set takes PATH=VALUE, and "email" has no "=" (an empty VALUE is written PATH=)' --set email
fails '--set:1:1: error: "sections..title" is not a path (keys and list positions joined by dots, such as sections.0.title)' --set sections..title=x
fails '--set:1:6: error: cannot set "name.first": "name" is a string, not a mapping or a list' --set name.first=Ada
fails '--set:1:10: error: "sections" has 6 items: position 9 is past its end (0 to 5 replace one, 6 appends)' --set sections.9.title=x
fails '--set:1:10: error: no item of "sections" has the title "Hobbies" (or give its position, from 0)' --set sections.Hobbies.title=x
fails '--set:1:22: error: bad color "#zz" for "colors.accent" (write "#rrggbb", "#rgb" or a name such as "navy")' --set layout.colors.accent=#zz
fails '--set:1:8: error: unknown layout key "colour" (did you mean "colors"?)' --set layout.colour.accent=red
fails '--set:1:10: error: "keywords" must be a string or a list, not a mapping' --set 'keywords={a: b}'
# (libyaml puts the end of the text on the next line; its context names the place)
grep -q "^--set:[12]:[0-9]*: error: syntax error: .* (while parsing a flow sequence at line 1:10)$" \
  <("$FOLIO" check "$P" --set 'keywords=[a, b' 2>&1) && ok || bad "a YAML syntax error in VALUE"
"$FOLIO" check "$P" --set 'keywords=[a, b' > /dev/null 2>&1; [ $? -eq 1 ] && ok || bad "a YAML syntax error does not exit 1"
run 1 "$FOLIO" check "$P" --set "$(printf 'name=\xff')"
grep -q '^--set:1:6: error: invalid UTF-8' "$tmp/err" && ok || bad "invalid UTF-8: $(cat "$tmp/err")"

# every --set problem of one run is reported, then nothing else
run 1 "$FOLIO" check "$P" --set emial=x --set name.x=y --set nope
[ "$(grep -c ': error: ' "$tmp/err")" -eq 3 ] && ok || bad "want 3 errors: $(cat "$tmp/err")"

# ---- usage ---------------------------------------------------------------------------
run 2 "$FOLIO" new "$tmp/n.yaml" --set name=x
[ ! -e "$tmp/n.yaml" ] && ok || bad "new --set wrote a file"
run 2 "$FOLIO" layouts --set name=x
run 2 "$FOLIO" build "$P" --set
errmsg "folio: error: option '--set' needs a value"

echo "overrides: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
