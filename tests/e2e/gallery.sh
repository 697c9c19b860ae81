#!/usr/bin/env bash
# docs/gallery.md and docs/gallery/*.png are what scripts/gallery.sh makes
# with this build: the gallery cannot go stale.
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
exec bash "$SRC/scripts/gallery.sh" --check "$FOLIO"
