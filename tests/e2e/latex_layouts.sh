#!/usr/bin/env bash
# Every shipped layout x data/example.yaml and data/long.yaml through LaTeX
# with each installed engine: no error, no overfull box under xelatex and
# lualatex, icons drawn as outlines and never text; see latex_layouts.py.
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
engines=()
for e in ${LATEX_LAYOUTS_ENGINES:-pdflatex xelatex lualatex}; do
  if command -v "$e" > /dev/null; then engines+=("$e"); else echo "skip $e: not installed"; fi
done
[ ${#engines[@]} -gt 0 ] || { echo "latex_layouts: no engine, nothing tested"; exit 0; }
command -v qpdf > /dev/null || { echo "latex_layouts: qpdf missing"; exit 1; }
python3 "$SRC/tests/e2e/latex_layouts.py" "$FOLIO" "$SRC" "$tmp" "${engines[@]}"
