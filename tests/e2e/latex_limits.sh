#!/usr/bin/env bash
# Every limit at its boundary in pdf, tree and tex compiled by pdflatex,
# xelatex and lualatex; one over it refused (tests/e2e/latex_limits.py).
set -u
: "${FOLIO:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for e in pdflatex xelatex lualatex qpdf; do
  command -v "$e" > /dev/null || { echo "FAIL: $e is not installed"; exit 1; }
done
python3 "$SRC/tests/e2e/latex_limits.py" "$FOLIO" "$BUILD/schema_keys" "$SRC" "$tmp"
