#!/usr/bin/env bash
# The layout gallery: page 1 of data/long.yaml in every layout under
# layouts/, as PNG in docs/gallery/, and docs/gallery.md listing them with
# their descriptions.  Usage:
#   scripts/gallery.sh FOLIO            rewrite docs/gallery/ and docs/gallery.md
#   scripts/gallery.sh --check FOLIO    fail if they differ from what FOLIO makes
# ctest runs --check, so the pictures cannot go stale: after changing a
# layout or the typesetting, run the first form and commit the result.
set -euo pipefail
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
folio=$(realpath "${1:?usage: gallery.sh [--check] FOLIO}")
src=$(cd "$(dirname "$0")/.." && pwd)
profile=data/long.yaml
dpi=50
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/gallery"
cd "$src"

names=()
for f in layouts/*.yaml; do names+=("$(basename "$f" .yaml)"); done

{
  echo "# Layout gallery"
  echo
  echo "Page 1 of [\`$profile\`](../$profile) in each layout folio ships, made by"
  echo "\`scripts/gallery.sh\` (the test suite checks that these pictures are what"
  echo "the current code makes).  \`folio layouts\` lists the same layouts;"
  echo "[layouts.md](layouts.md) describes every key, and any of them can be the"
  echo "base of your own (\`extends: NAME\`)."
  echo
  for n in "${names[@]}"; do
    SOURCE_DATE_EPOCH=0 "$folio" build "$profile" -l "$n" -o "$tmp/$n.pdf" 2> "$tmp/$n.err" || {
      cat "$tmp/$n.err" >&2; echo "gallery: $n does not build" >&2; exit 1; }
    pdftoppm -png -r "$dpi" -f 1 -l 1 -singlefile "$tmp/$n.pdf" "$tmp/gallery/$n"
    desc=$("$folio" layouts | awk -v n="$n" '$1 == n { $1 = ""; sub(/^ +/, ""); print }')
    pages=$(pdfinfo "$tmp/$n.pdf" | awk '/^Pages:/ {print $2}')
    echo "## $n"
    echo
    echo "$desc. \`folio build $profile -l $n\` gives $pages pages."
    echo
    echo "![page 1 of $profile in the $n layout](gallery/$n.png)"
    echo
  done
} > "$tmp/gallery.md"

if [ $check = 1 ]; then
  stale=0
  for f in "$tmp"/gallery/*.png; do
    n=$(basename "$f")
    cmp -s "$f" "docs/gallery/$n" || { echo "gallery: docs/gallery/$n is stale or missing"; stale=1; }
  done
  for f in docs/gallery/*.png; do
    [ -e "$tmp/gallery/$(basename "$f")" ] || { echo "gallery: $f has no layout"; stale=1; }
  done
  cmp -s "$tmp/gallery.md" docs/gallery.md || { echo "gallery: docs/gallery.md is stale"; stale=1; }
  if [ $stale = 1 ]; then
    echo "gallery: run scripts/gallery.sh build/folio and commit docs/gallery*" >&2
    exit 1
  fi
  echo "gallery: ${#names[@]} layouts, pictures up to date"
else
  rm -f docs/gallery/*.png
  cp "$tmp"/gallery/*.png docs/gallery/
  cp "$tmp/gallery.md" docs/gallery.md
  echo "gallery: wrote docs/gallery.md and ${#names[@]} pictures"
fi
