#!/usr/bin/env bash
# --compile through the CLI with every installed engine, in its sandbox, on
# a profile with a photo and the layout's own fonts: the PDF holds the
# photo; nothing is written into HOME even where the user's TEXMFVAR,
# TEXMFCACHE and XDG_CACHE_HOME point there (the engine's caches stay in
# the temporary directory: a cache that outlives the run could be poisoned
# for the next one); no folio-tex-* directory is left in TMPDIR; nothing
# is printed (no "no Landlock" note where the kernel has Landlock).
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

cp "$SRC/tests/golden/tree/photo.yaml" "$SRC/tests/golden/tree/photo.png" "$tmp/"
landlock=$(python3 -c '
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print(max(libc.syscall(444, None, 0, 1), 0))  # landlock_create_ruleset(VERSION)
' 2>/dev/null || echo 0)

for e in pdflatex xelatex lualatex; do
  if ! command -v "$e" > /dev/null; then echo "skip $e: not installed"; continue; fi
  home="$tmp/home-$e" tmpdir="$tmp/tmp-$e"
  mkdir -p "$home" "$tmpdir" "$tmp/out-$e"
  HOME="$home" TMPDIR="$tmpdir" TEXMFVAR="$home/texmf-var" TEXMFCACHE="$home/texmf-var" \
    XDG_CACHE_HOME="$home/.cache" "$FOLIO" build -f tex --compile="$e" -o "$tmp/out-$e/cv.tex" \
    "$tmp/photo.yaml" > "$tmp/$e.out" 2> "$tmp/$e.err"
  st=$?
  problems=()
  [ $st -eq 0 ] || problems+=("exit $st")
  images=$(pdfimages -list "$tmp/out-$e/cv.pdf" 2> /dev/null | tail -n +3 | wc -l)
  [ "$images" -eq 1 ] || problems+=("$images images in the PDF, not the photo")
  [ -z "$(ls -A "$home")" ] || problems+=("wrote into HOME: $(ls -A "$home")")
  [ -z "$(ls -A "$tmpdir")" ] || problems+=("left in TMPDIR: $(ls -A "$tmpdir")")
  sed -i "/^folio: note: wrote '/d" "$tmp/$e.err" # the report of the files written
  if [ "$landlock" -gt 0 ] && [ -s "$tmp/$e.err" ]; then problems+=("printed: $(cat "$tmp/$e.err")"); fi
  if [ ${#problems[@]} -eq 0 ]; then
    ok "$e: photo and fonts compiled in the sandbox (Landlock ABI $landlock), nothing left"
  else
    bad "$e: ${problems[*]}"
  fi
done

echo "latex_compile: $fail failed"
[ $fail -eq 0 ]
