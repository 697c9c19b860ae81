#!/usr/bin/env bash
# Regions through LaTeX with pdflatex and xelatex (lualatex: latex_regions_lualatex.sh,
# a test of its own for the time it takes): sidebars, two columns, a banner,
# a date column, a first-page sidebar; see latex_regions.py.
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
engines=()
for e in ${LATEX_REGIONS_ENGINES:-pdflatex xelatex}; do
  if command -v "$e" > /dev/null; then engines+=("$e"); else echo "skip $e: not installed"; fi
done
[ ${#engines[@]} -gt 0 ] || { echo "latex_regions: no engine, nothing tested"; exit 0; }
python3 "$SRC/tests/e2e/latex_regions.py" "$FOLIO" "$SRC" "$tmp" "${engines[@]}"
