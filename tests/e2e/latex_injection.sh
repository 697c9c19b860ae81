#!/usr/bin/env bash
# TeX injection as a property over the whole profile and layout schema:
# every string a profile or layout can hold, with each hostile payload, is
# refused or escaped, and the .tex compiled by hand by pdflatex, xelatex and
# lualatex reads and writes nothing it should not (tests/e2e/latex_injection.py).
set -u
: "${FOLIO:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for e in pdflatex xelatex lualatex pdftotext; do
  command -v "$e" > /dev/null || { echo "FAIL: $e is not installed"; exit 1; }
done
python3 "$SRC/tests/e2e/latex_injection.py" "$FOLIO" "$BUILD/schema_keys" "$SRC" "$tmp"
