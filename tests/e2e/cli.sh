#!/usr/bin/env bash
# The command line: help and version, usage errors (exit 2; options given
# twice, an empty profile path), default output path, stdout output, atomic
# writes (no partial output, no clobbering of an earlier good file),
# unwritable targets (exit 3), output == input, layouts
# listing, the data search path.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()   { pass=$((pass + 1)); }
bad()  { echo "FAIL: $*"; fail=$((fail + 1)); }
expect_status() { # want cmd...
  local want=$1; shift
  "$@" > "$tmp/stdout" 2> "$tmp/stderr"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "'$*' exited $got, want $want"; cat "$tmp/stderr"; fi
}
profile="$SRC/data/example.yaml"
# stderr holds nothing but the one-line report of a successful build
only_report() { ! grep -v "^folio: note: wrote '" "$tmp/stderr" | grep -q .; }

expect_status 0 "$FOLIO" --version
grep -qE '^folio [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/stdout" && ok || bad "--version output: $(cat "$tmp/stdout")"
expect_status 0 "$FOLIO" --help
grep -q 'build PROFILE' "$tmp/stdout" && ok || bad "--help lists build"
for c in build check layouts; do
  expect_status 0 "$FOLIO" "$c" --help
  grep -q "usage: folio $c" "$tmp/stdout" && ok || bad "$c --help"
done
expect_status 2 "$FOLIO"
expect_status 2 "$FOLIO" frobnicate
grep -q "unknown command 'frobnicate'" "$tmp/stderr" && ok || bad "unknown command message"
expect_status 2 "$FOLIO" build
expect_status 2 "$FOLIO" build "$profile" --bogus
expect_status 2 "$FOLIO" build "$profile" -f docx
expect_status 2 "$FOLIO" build "$profile" -o
expect_status 2 "$FOLIO" build "$profile" --compile
expect_status 2 "$FOLIO" check "$profile" -o x.pdf

# long options are matched exactly (issue 10, finding 9): no prefixes, no
# trailing junk, a did-you-mean hint; nothing is written
(cd "$tmp" && expect_status 2 "$FOLIO" build -f tree "$profile" --outputfoo X)
grep -q "unknown option '--outputfoo' (did you mean '--output'?)" "$tmp/stderr" && ok || bad "--outputfoo: $(cat "$tmp/stderr")"
[ ! -e "$tmp/X" ] && [ ! -e "$tmp/out" ] && ok || bad "--outputfoo X wrote a file"
(cd "$tmp" && expect_status 2 "$FOLIO" build -f tree --layoutx classic -o - "$profile")
grep -q "unknown option '--layoutx' (did you mean '--layout'?)" "$tmp/stderr" && ok || bad "--layoutx: $(cat "$tmp/stderr")"
(cd "$tmp" && expect_status 2 "$FOLIO" build -f tree --out X "$profile")
grep -q "unknown option '--out' (did you mean '--output'?)" "$tmp/stderr" && ok || bad "--out (a prefix) accepted"
[ ! -e "$tmp/X" ] && ok || bad "--out X wrote a file"
(cd "$tmp" && expect_status 2 "$FOLIO" build -f tree --data-dirx "$tmp" -o - "$profile")
expect_status 2 "$FOLIO" build -f tree -o - "$profile" --formatx tree
expect_status 2 "$FOLIO" build -f tree -o - "$profile" --quiet=yes
expect_status 2 "$FOLIO" build -f tree -o - "$profile" --compilex
expect_status 2 "$FOLIO" build -f tree "$profile" --output=
expect_status 2 "$FOLIO" build -f tree "$profile" --output
grep -q "option '--output' needs a value" "$tmp/stderr" && ok || bad "--output without a value: $(cat "$tmp/stderr")"
expect_status 2 "$FOLIO" build "$profile" extra.yaml
# the accepted spellings: options before or after the profile, --name=value,
# --name value, clustered short options, -oVALUE, "--" before the profile,
# and operands in order even under POSIXLY_CORRECT
expect_status 0 "$FOLIO" build "$profile" --format=tree --output "$tmp/a.tree" --quiet
expect_status 0 "$FOLIO" build -qf tree "-o$tmp/b.tree" -- "$profile"
POSIXLY_CORRECT=1 expect_status 0 "$FOLIO" build "$profile" -f tree -o "$tmp/c.tree"
cmp -s "$tmp/a.tree" "$tmp/b.tree" && cmp -s "$tmp/a.tree" "$tmp/c.tree" && ok || bad "option spellings gave different output"
expect_status 2 "$FOLIO" layouts -o x

# an option given twice is a usage error naming it (the last one used to win
# silently); only -q may repeat.  Nothing is written.
(cd "$tmp" && expect_status 2 "$FOLIO" build -f tree -o a.out -o b.out "$profile")
grep -qx "folio: error: option '-o' (--output) is given more than once" "$tmp/stderr" && ok || bad "-o twice: $(cat "$tmp/stderr")"
[ ! -e "$tmp/a.out" ] && [ ! -e "$tmp/b.out" ] && ok || bad "-o twice wrote a file"
(cd "$tmp" && expect_status 2 "$FOLIO" build -f tree --output=a.out "$profile" -o b.out)
grep -q "'-o' (--output) is given more than once" "$tmp/stderr" && ok || bad "--output and -o: $(cat "$tmp/stderr")"
expect_status 2 "$FOLIO" build -f tree -o - -l classic "$profile" --layout classic
grep -q "'-l' (--layout) is given more than once" "$tmp/stderr" && ok || bad "-l twice: $(cat "$tmp/stderr")"
expect_status 2 "$FOLIO" check -l classic -l sans "$profile"
expect_status 2 "$FOLIO" build -f tree -f tree -o - "$profile"
grep -q "'-f' (--format) is given more than once" "$tmp/stderr" && ok || bad "-f twice: $(cat "$tmp/stderr")"
expect_status 2 "$FOLIO" build -f tex --compile --compile=xelatex -o "$tmp/c.tex" "$profile"
grep -qx "folio: error: option '--compile' is given more than once" "$tmp/stderr" && ok || bad "--compile twice: $(cat "$tmp/stderr")"
[ ! -e "$tmp/c.tex" ] && ok || bad "--compile twice wrote the .tex"
expect_status 2 "$FOLIO" layouts --data-dir "$tmp" --data-dir "$tmp"
grep -qx "folio: error: option '--data-dir' is given more than once" "$tmp/stderr" && ok || bad "--data-dir twice: $(cat "$tmp/stderr")"
expect_status 0 "$FOLIO" build -q -f tree -q -o - --quiet "$profile"
"$FOLIO" build --help | grep -q "Each option but -q, --set, --only and --except may be given once" && ok || bad "build --help does not say options are given once"
# and it does not promise identical bytes from --compile without SOURCE_DATE_EPOCH
"$FOLIO" build --help | tr '\n' ' ' | grep -q "except for the PDF --compile writes: TeX dates it with the time of the run unless SOURCE_DATE_EPOCH is set" && ok || bad "build --help on --compile and dates"

# an empty PROFILE path is a usage error, not a file that cannot be read
expect_status 2 "$FOLIO" build ""
grep -qx "folio: error: build: the PROFILE path is empty" "$tmp/stderr" && ok || bad "empty profile: $(cat "$tmp/stderr")"
expect_status 2 "$FOLIO" check -- ""
expect_status 2 "$FOLIO" build -f tree -o - ""
expect_status 0 "$FOLIO" build --version

# check: valid profile -> 0 and nothing written
(cd "$tmp" && expect_status 0 "$FOLIO" check "$profile")
[ ! -e "$tmp/out" ] && ok || bad "check wrote something"

# default output path out/<stem>.<ext>, created on demand
(cd "$tmp" && expect_status 0 "$FOLIO" build -f tree "$profile")
[ -s "$tmp/out/example.tree" ] && ok || bad "default output out/example.tree missing"
# -o - writes to stdout
expect_status 0 "$FOLIO" build -f tree -o - "$profile"
cmp -s "$tmp/stdout" "$tmp/out/example.tree" && ok || bad "stdout differs from file output"
# -q silences warnings; errors still print
expect_status 0 "$FOLIO" build -q -f tree -o "$tmp/q.tree" "$profile"
[ ! -s "$tmp/stderr" ] && ok || bad "-q printed: $(cat "$tmp/stderr")"

# a failed run leaves an earlier good file byte-for-byte alone and no temp files
cp "$tmp/out/example.tree" "$tmp/good.tree"
printf 'name: [unclosed\n' > "$tmp/broken.yaml"
expect_status 1 "$FOLIO" build -f tree -o "$tmp/good.tree" "$tmp/broken.yaml"
cmp -s "$tmp/good.tree" "$tmp/out/example.tree" && ok || bad "failed run clobbered the output"
ls "$tmp" | grep -q 'folio-' && bad "temporary file left behind" || ok
expect_status 1 "$FOLIO" build -f tree -o "$tmp/new.tree" "$tmp/broken.yaml"
[ ! -e "$tmp/new.tree" ] && ok || bad "failed run created output"

# unwritable targets: exit 3, clear message
expect_status 3 "$FOLIO" build -f tree -o "$tmp/no/such/dir/x.tree" "$profile"
grep -q "cannot write" "$tmp/stderr" && ok || bad "no 'cannot write' message"
mkdir "$tmp/adir"
expect_status 3 "$FOLIO" build -f tree -o "$tmp/adir" "$profile"
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
  expect_status 3 "$FOLIO" build -f tree -o "$tmp/ro/x.tree" "$profile"
fi
# output equal to input
cp "$profile" "$tmp/self.yaml"
expect_status 2 "$FOLIO" build -f tree -o "$tmp/self.yaml" "$tmp/self.yaml"
cmp -s "$tmp/self.yaml" "$profile" && ok || bad "input was overwritten"
# missing profile, directory as profile
expect_status 3 "$FOLIO" check "$tmp/nonexistent.yaml"
expect_status 3 "$FOLIO" check "$tmp/adir"

# inputs that are not regular files are refused at once, positioned at the
# file (or at the key that named it), never read or waited on (finding 3)
mkfifo "$tmp/fifo.yaml" "$tmp/fifo-layout.yaml" "$tmp/fifo.png" "$tmp/fifo.ttf"
for cmd in check build; do
  (cd "$tmp" && expect_status 3 timeout 10 "$FOLIO" $cmd fifo.yaml)
  grep -qx "fifo.yaml: error: cannot read the file: Operation not supported" "$tmp/stderr" && ok || bad "$cmd FIFO profile: $(cat "$tmp/stderr")"
done
expect_status 3 timeout 10 "$FOLIO" check /dev/null
grep -qx "/dev/null: error: cannot read the file: Operation not supported" "$tmp/stderr" && ok || bad "device profile: $(cat "$tmp/stderr")"
printf 'name: Ada\nsections:\n  - title: T\n    kind: bullet\n    entries: [a]\n' > "$tmp/plain.yaml"
# (the layout, photo and font loaders look before reading, with their own words)
(cd "$tmp" && expect_status 2 timeout 10 "$FOLIO" check -l fifo-layout.yaml plain.yaml)
printf 'name: Ada\nphoto: fifo.png\nsections:\n  - title: T\n    kind: bullet\n    entries: [a]\n' > "$tmp/photo.yaml"
(cd "$tmp" && expect_status 1 timeout 10 "$FOLIO" build -o photo.pdf photo.yaml)
grep -qx 'photo.yaml:2:8: error: photo "fifo.png" is not a regular file' "$tmp/stderr" && ok || bad "FIFO photo: $(cat "$tmp/stderr")"
printf 'extends: classic\nfonts:\n  serif:\n    regular: fifo.ttf\n' > "$tmp/font-layout.yaml"
(cd "$tmp" && expect_status 1 timeout 10 "$FOLIO" build -l font-layout.yaml -o font.pdf plain.yaml)
grep -q '^font-layout.yaml:4:14: error: font file "fifo.ttf" not found' "$tmp/stderr" && ok || bad "FIFO font: $(cat "$tmp/stderr")"
[ -p "$tmp/fifo.yaml" ] && [ -p "$tmp/fifo.png" ] && [ ! -e "$tmp/photo.pdf" ] && [ ! -e "$tmp/font.pdf" ] && ok || bad "FIFO inputs changed or output written"

# layouts: lists classic with a description
expect_status 0 "$FOLIO" layouts
grep -qE '^classic +[^ ]' "$tmp/stdout" && ok || bad "layouts does not list classic: $(cat "$tmp/stdout")"
# --data-dir and FOLIO_DATA_DIR come first in the search path
mkdir -p "$tmp/data/layouts"
printf 'description: a private layout\nextends: classic\n' > "$tmp/data/layouts/mine.yaml"
expect_status 0 "$FOLIO" layouts --data-dir "$tmp/data"
grep -qE '^mine +a private layout' "$tmp/stdout" && ok || bad "--data-dir layout not listed"
FOLIO_DATA_DIR="$tmp/data" expect_status 0 "$FOLIO" build -f tree -l mine -o - "$profile"
expect_status 2 "$FOLIO" check -l no-such-layout "$profile"   # a bad -l is a usage error

# FOLIO_DATA_DIR_ONLY: only that root is searched; with no layouts there, exit 3
mkdir -p "$tmp/empty"
FOLIO_DATA_DIR_ONLY=1 FOLIO_DATA_DIR="$tmp/empty" expect_status 3 "$FOLIO" layouts
grep -q "no layouts found" "$tmp/stderr" && ok || bad "no 'no layouts found' message"
FOLIO_DATA_DIR_ONLY=1 FOLIO_DATA_DIR="$tmp/data" expect_status 0 "$FOLIO" layouts
grep -qE '^mine ' "$tmp/stdout" && ! grep -qE '^classic ' "$tmp/stdout" && ok || bad "FOLIO_DATA_DIR_ONLY still lists built-in layouts"
# output equal to input is refused with its own message
expect_status 2 "$FOLIO" build -f tree -o "$tmp/self.yaml" "$tmp/self.yaml"
grep -q "is the input profile" "$tmp/stderr" && ok || bad "no output-is-input message"
# ... and so is every other file the run reads: the layout and each file it
# extends, a font file, the photo (also through a link), and the PDF
# --compile writes; the input is left as it was
d="$tmp/inputs"; mkdir -p "$d"
cp "$SRC/tests/fixtures/photo.jpg" "$SRC/fonts/"*/NotoSerif-Regular.ttf "$d/" 2> /dev/null || cp "$SRC/tests/fixtures/photo.jpg" "$d/"
[ -f "$d/NotoSerif-Regular.ttf" ] || cp "$(find "$SRC/fonts" -name 'NotoSerif-Regular.ttf' | head -1)" "$d/"
printf 'extends: classic\nfonts:\n  serif:\n    regular: NotoSerif-Regular.ttf\n' > "$d/base.yaml"
printf 'extends: base.yaml\n' > "$d/mid.yaml"
printf 'name: Ada\nphoto: photo.jpg\nsections:\n  - title: T\n    kind: bullet\n    entries: [a]\n' > "$d/p.yaml"
cp -r "$d" "$tmp/inputs.orig"
ln -s photo.jpg "$d/photo-link.jpg"
for target in mid.yaml base.yaml NotoSerif-Regular.ttf photo.jpg photo-link.jpg; do
  (cd "$d" && expect_status 2 "$FOLIO" build -l mid.yaml -o "$target" p.yaml)
  grep -q "^folio: error: output '$target' is the \(layout\|font\|photo\).*, an input; choose another -o$" "$tmp/stderr" \
    && ok || bad "-o $target (an input): $(cat "$tmp/stderr")"
done
(cd "$d" && expect_status 2 "$FOLIO" build -l mid.yaml -f tree -o base.yaml p.yaml)
grep -qx "folio: error: output 'base.yaml' is the layout file 'base.yaml', an input; choose another -o" "$tmp/stderr" \
  && ok || bad "extended layout as output: $(cat "$tmp/stderr")"
(cd "$d" && expect_status 2 "$FOLIO" build -l mid.yaml -o "$d/photo.jpg" p.yaml)
grep -qx "folio: error: output '$d/photo.jpg' is the photo 'photo.jpg', an input; choose another -o" "$tmp/stderr" \
  && ok || bad "photo as output: $(cat "$tmp/stderr")"
# a layout found on the search path (a private data directory: a folio that
# got this wrong would overwrite it)
mkdir -p "$tmp/inputs-data/layouts"; cp "$SRC/layouts/classic.yaml" "$tmp/inputs-data/layouts/mine.yaml"
expect_status 2 "$FOLIO" build --data-dir "$tmp/inputs-data" -l mine -o "$tmp/inputs-data/layouts/mine.yaml" "$d/p.yaml"
grep -qx "folio: error: output '$tmp/inputs-data/layouts/mine.yaml' is the layout file '$tmp/inputs-data/layouts/mine.yaml', an input; choose another -o" "$tmp/stderr" \
  && ok || bad "a layout on the search path as output: $(cat "$tmp/stderr")"
cmp -s "$SRC/layouts/classic.yaml" "$tmp/inputs-data/layouts/mine.yaml" && ok || bad "the layout on the search path was overwritten"
# --compile's PDF: NAME.tex -> NAME.pdf; the checks come before any engine runs (none here)
ln -s mid.yaml "$d/cv.pdf"
(cd "$d" && expect_status 2 env PATH=/nonexistent "$FOLIO" build -l mid.yaml -f tex --compile -o cv.tex p.yaml)
grep -qx "folio: error: --compile would write the PDF to 'cv.pdf', which is the layout file 'mid.yaml'; choose another -o" "$tmp/stderr" \
  && ok || bad "--compile PDF onto the layout: $(cat "$tmp/stderr")"
ln -s p.yaml "$d/q.pdf"
(cd "$d" && expect_status 2 env PATH=/nonexistent "$FOLIO" build -f tex --compile -o q.tex p.yaml)
grep -qx "folio: error: --compile would write the PDF to 'q.pdf', which is the input profile 'p.yaml'; choose another -o" "$tmp/stderr" \
  && ok || bad "--compile PDF onto the profile: $(cat "$tmp/stderr")"
ln -s r.pdf "$d/r.tex"
(cd "$d" && expect_status 2 env PATH=/nonexistent "$FOLIO" build -f tex --compile -o r.tex p.yaml)
grep -qx "folio: error: --compile would write the PDF to 'r.pdf', which is the .tex it is compiled from 'r.tex'; choose another -o" "$tmp/stderr" \
  && ok || bad "--compile PDF onto its .tex: $(cat "$tmp/stderr")"
rm "$d/photo-link.jpg" "$d/q.pdf" "$d/r.tex" "$d/cv.pdf"
[ ! -e "$d/cv.tex" ] && [ ! -e "$d/q.tex" ] && diff -r "$tmp/inputs.orig" "$d" > /dev/null && ok || bad "an input or a .tex was written: $(ls "$d")"

# --compile writes two regular files: a non-regular -o, or a PDF path that is
# not one, is a usage error (compile-not-file) before anything is written
mkfifo "$tmp/c-fifo"; mkdir -p "$tmp/c-dir" "$tmp/c-pdfdir.pdf"; ln -sf /dev/null "$tmp/c-null-link"
for o in /dev/null "$tmp/c-fifo" "$tmp/c-dir" /dev/stdout /proc/self/fd/1 "$tmp/c-null-link"; do
  expect_status 2 timeout 10 env PATH=/nonexistent "$FOLIO" build -f tex --compile -o "$o" "$profile"
  grep -qx "folio: error: --compile writes a .tex and the PDF beside it: -o must name a regular file, and '$o' is not one" "$tmp/stderr" \
    && ok || bad "--compile -o $o: $(cat "$tmp/stderr")"
done
[ -p "$tmp/c-fifo" ] && [ -d "$tmp/c-dir" ] && [ -z "$(ls "$tmp/c-dir")" ] && ok || bad "--compile wrote into a FIFO or directory"
expect_status 2 env PATH=/nonexistent "$FOLIO" build -f tex --compile -o "$tmp/c-pdfdir.tex" "$profile"
grep -qx "folio: error: --compile would write the PDF to '$tmp/c-pdfdir.pdf', which is not a regular file; choose another -o" "$tmp/stderr" \
  && ok || bad "--compile with a directory for the PDF: $(cat "$tmp/stderr")"
[ ! -e "$tmp/c-pdfdir.tex" ] && ok || bad "--compile wrote the .tex though the PDF cannot be written"
mkfifo "$tmp/c-pdffifo.pdf"
expect_status 2 timeout 10 env PATH=/nonexistent "$FOLIO" build -f tex --compile -o "$tmp/c-pdffifo.tex" "$profile"
# -o - with --compile: refused before the .tex goes to standard output
expect_status 2 env PATH=/nonexistent "$FOLIO" build -f tex --compile -o - "$profile"
[ ! -s "$tmp/stdout" ] && grep -qx "folio: error: --compile needs a .tex file, not standard output" "$tmp/stderr" \
  && ok || bad "--compile -o - wrote to stdout or said: $(cat "$tmp/stderr")"

# the PDF path is checked before the engine runs: a PDF that cannot be
# written fails at once (the engine here would take 30 s), and writes no .tex
mkdir -p "$tmp/slow/bin"
printf '#!/bin/sh\nsleep 30\n' > "$tmp/slow/bin/pdflatex"; chmod 755 "$tmp/slow/bin/pdflatex"
mkdir -p "$tmp/slow/out" "$tmp/slow/ro"
ln -s ../ro/cv.pdf "$tmp/slow/out/cv.pdf" # the .tex directory is writable, the PDF's is not
chmod 777 "$tmp/slow/out"; chmod 555 "$tmp/slow/ro"; chmod 755 "$tmp/slow" "$tmp/slow/bin"; chmod 711 "$tmp"
cp "$profile" "$tmp/slow/cv.yaml"; chmod 644 "$tmp/slow/cv.yaml"
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if [ ${#as_user[@]} -eq 0 ] || "${as_user[@]}" test -r "$FOLIO" -a -r "$tmp/slow/cv.yaml" 2> /dev/null; then
  start=$(date +%s)
  expect_status 3 timeout 25 "${as_user[@]}" env PATH="$tmp/slow/bin:/usr/bin:/bin" "$FOLIO" build -f tex --compile=pdflatex -o "$tmp/slow/out/cv.tex" "$tmp/slow/cv.yaml"
  [ $(($(date +%s) - start)) -le 10 ] && ok || bad "unwritable PDF directory found after the engine ran"
  grep -qx "folio: error: cannot write '$tmp/slow/out/cv.pdf': Permission denied" "$tmp/stderr" && ok || bad "unwritable PDF directory: $(cat "$tmp/stderr")"
  [ ! -e "$tmp/slow/out/cv.tex" ] && ok || bad "the .tex was written though the PDF cannot be"
  # an unwritable directory for the .tex itself: the same, at once
  expect_status 3 timeout 25 "${as_user[@]}" env PATH="$tmp/slow/bin:/usr/bin:/bin" "$FOLIO" build -f tex --compile=pdflatex -o "$tmp/slow/ro/cv.tex" "$tmp/slow/cv.yaml"
  grep -qx "folio: error: cannot write '$tmp/slow/ro/cv.tex': Permission denied" "$tmp/stderr" && ok || bad "unwritable .tex directory: $(cat "$tmp/stderr")"
else
  echo "SKIP: no unprivileged user to test an unwritable directory with"
fi
chmod 700 "$tmp"; chmod 755 "$tmp/slow/ro"

# SOURCE_DATE_EPOCH that is not a number: warning, still exit 0
SOURCE_DATE_EPOCH=yesterday expect_status 0 "$FOLIO" build -f tree -o - "$profile"
grep -q "SOURCE_DATE_EPOCH" "$tmp/stderr" && ok || bad "no SOURCE_DATE_EPOCH warning"
# digits only: no sign, space or base prefix (strtoll took " 5", "+5", "-0"),
# nothing past LLONG_MAX; an invalid value is dropped, not half-read
for v in ' 86400' '+86400' '-0' '-1' '86400 ' '0x10' '1e9' '86400.5' '9223372036854775808' '99999999999999999999'; do
  SOURCE_DATE_EPOCH="$v" expect_status 0 "$FOLIO" build -o "$tmp/sde.pdf" "$profile"
  grep -qx "folio: warning: SOURCE_DATE_EPOCH '$v' is \(not a number of seconds (digits only)\|too large\); ignored" "$tmp/stderr" \
    && ok || bad "SOURCE_DATE_EPOCH='$v': $(cat "$tmp/stderr")"
  pdfinfo "$tmp/sde.pdf" 2> /dev/null | grep -q CreationDate && bad "SOURCE_DATE_EPOCH='$v' was trusted: $(pdfinfo "$tmp/sde.pdf" | grep Date)" || ok
done
for v in 0 86400 0086400 253402300799; do
  SOURCE_DATE_EPOCH="$v" expect_status 0 "$FOLIO" build -o "$tmp/sde.pdf" "$profile"
  only_report && pdfinfo "$tmp/sde.pdf" 2> /dev/null | grep -q CreationDate && ok || bad "SOURCE_DATE_EPOCH=$v: $(cat "$tmp/stderr")"
done
SOURCE_DATE_EPOCH= expect_status 0 "$FOLIO" build -o "$tmp/sde.pdf" "$profile" # empty: unset
only_report && ! pdfinfo "$tmp/sde.pdf" 2> /dev/null | grep -q CreationDate && ok || bad "empty SOURCE_DATE_EPOCH"
# --compile: the engine (a fake one that prints what it got into the "PDF")
# gets the value folio checked, only when that engine can take it
# (latex-source-date), and never an unchecked one from the environment
# (TeX reads "" as 1970 and " 5" as 5)
mkdir -p "$tmp/bin"
for e in pdflatex lualatex; do
  printf '#!/bin/sh\nprintf "%%s" "SDE=[${SOURCE_DATE_EPOCH-unset}]" > folio.pdf\n' > "$tmp/bin/$e"
  chmod +x "$tmp/bin/$e"
done
sde_compile() { # value engine want-in-pdf
  SOURCE_DATE_EPOCH=$1 PATH="$tmp/bin:$PATH" expect_status 0 "$FOLIO" build -f tex --compile="$2" -o "$tmp/sde.tex" "$profile"
  [ "$(cat "$tmp/sde.pdf" 2> /dev/null)" = "SDE=[$3]" ] && ok || bad "SOURCE_DATE_EPOCH='$1' $2: engine got $(cat "$tmp/sde.pdf")"
}
sde_compile 86400 pdflatex 86400
sde_compile ' 5' pdflatex unset
sde_compile '' pdflatex unset
sde_compile 253402300799 pdflatex 253402300799
sde_compile 253402300800 pdflatex unset
grep -qx "folio: warning: SOURCE_DATE_EPOCH 253402300800 is past what pdflatex can take (253402300799, 9999-12-31 23:59:59 UTC); it is not passed on, and the compiled PDF gets the time of the run" "$tmp/stderr" \
  && ok || bad "latex-source-date for pdflatex: $(cat "$tmp/stderr")"
sde_compile 2147483647 lualatex 2147483647
sde_compile 2147483648 lualatex unset
grep -q "warning: SOURCE_DATE_EPOCH 2147483648 is past what lualatex can take (2147483647, 2038-01-19 03:14:07 UTC)" "$tmp/stderr" \
  && ok || bad "latex-source-date for lualatex: $(cat "$tmp/stderr")"
expect_status 0 env -u SOURCE_DATE_EPOCH PATH="$tmp/bin:$PATH" "$FOLIO" build -f tex --compile=pdflatex -o "$tmp/sde.tex" "$profile"
[ "$(cat "$tmp/sde.pdf")" = "SDE=[unset]" ] && ok || bad "unset SOURCE_DATE_EPOCH: engine got $(cat "$tmp/sde.pdf")"

# issue 16: a one-line report of what was written, silenced by -q; never
# for standard output; the page count is the PDF's own
expect_status 0 "$FOLIO" build -o "$tmp/report.pdf" "$profile"
pages=$(pdfinfo "$tmp/report.pdf" | awk '/^Pages:/ {print $2}')
kb=$(( ($(stat -c %s "$tmp/report.pdf") + 512) / 1024 ))
unit=pages; [ "$pages" = 1 ] && unit=page
[ "$(cat "$tmp/stderr")" = "folio: note: wrote '$tmp/report.pdf': $pages $unit, $kb KB" ] \
  && ok || bad "build report: $(cat "$tmp/stderr") (pdfinfo: $pages pages, $kb KB)"
expect_status 0 "$FOLIO" build "$SRC/tests/cvs/postdoc.yaml" -o "$tmp/long.pdf"
pages=$(pdfinfo "$tmp/long.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -gt 1 ] && grep -qx "folio: note: wrote '$tmp/long.pdf': $pages pages, [0-9]* KB" "$tmp/stderr" \
  && ok || bad "build report of a $pages-page PDF: $(cat "$tmp/stderr")"
expect_status 0 "$FOLIO" build -q -o "$tmp/report.pdf" "$profile"
[ ! -s "$tmp/stderr" ] && ok || bad "-q still reports: $(cat "$tmp/stderr")"
expect_status 0 "$FOLIO" build -f tex -o "$tmp/report.tex" "$profile"
grep -qx "folio: note: wrote '$tmp/report.tex': [0-9]* KB" "$tmp/stderr" && ok || bad "tex report: $(cat "$tmp/stderr")"
expect_status 0 "$FOLIO" build -f tree -o - "$profile"
[ ! -s "$tmp/stderr" ] && ok || bad "a report for standard output: $(cat "$tmp/stderr")"
expect_status 0 "$FOLIO" check "$profile"
[ ! -s "$tmp/stderr" ] && ok || bad "check reports a write: $(cat "$tmp/stderr")"

# -o into a directory that does not exist: said plainly, before any work,
# nothing created (folio makes only its default out/)
expect_status 3 "$FOLIO" build -o "$tmp/no/such/dir/cv.pdf" "$profile"
grep -qx "folio: error: cannot write '$tmp/no/such/dir/cv.pdf': the directory '$tmp/no/such/dir' does not exist (create it first, or choose another -o)" "$tmp/stderr" \
  && ok || bad "-o into a missing directory: $(cat "$tmp/stderr")"
[ ! -e "$tmp/no" ] && ok || bad "-o into a missing directory created something"
expect_status 3 "$FOLIO" build -f tex --compile -o "$tmp/no/cv.tex" "$profile"
grep -q "the directory '$tmp/no' does not exist" "$tmp/stderr" && ok || bad "--compile -o into a missing directory: $(cat "$tmp/stderr")"

# a mistyped command gets the closest one; a word far from all gets the list
for typo in bild:build buidl:build chek:check layout:layouts nwe:new; do
  expect_status 2 "$FOLIO" "${typo%%:*}" "$profile"
  grep -qx "folio: error: unknown command '${typo%%:*}' (did you mean '${typo#*:}'? see 'folio --help')" "$tmp/stderr" \
    && ok || bad "did-you-mean for ${typo%%:*}: $(cat "$tmp/stderr")"
done
expect_status 2 "$FOLIO" zzzzzz
grep -q "unknown command 'zzzzzz' (build, check, layouts, new, schema or watch;" "$tmp/stderr" && ok || bad "far command: $(cat "$tmp/stderr")"

echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
