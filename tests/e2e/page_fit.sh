#!/usr/bin/env bash
# Page fit: spacing glue pulls a few spilled lines back, a last page never
# holds three lines or fewer (or one entry's tail) where the breaker could
# avoid it, the keep rules still hold in every column, and folio says how
# many lines spill when it cannot help; see page_fit.py.
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
for t in pdfinfo pdftotext python3; do
  command -v "$t" > /dev/null || { echo "page_fit: $t is not installed"; exit 1; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$SRC/tests/e2e/page_fit.py" "$FOLIO" "$SRC" "$tmp"
