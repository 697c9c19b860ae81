#!/usr/bin/env bash
# Run the example profiles through every back end under valgrind memcheck:
# any memory error or definitely-lost block fails.  Usage: valgrind.sh FOLIO
set -euo pipefail
folio=${1:?usage: valgrind.sh path/to/folio}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
for profile in data/example.yaml data/long.yaml; do
  for fmt in pdf tex tree; do
    if ! valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
         --show-leak-kinds=definite "$folio" build -q -f "$fmt" -o "$tmp/out.$fmt" "$profile" \
         2> "$tmp/vg.log"; then
      echo "valgrind: $profile -f $fmt failed:"; cat "$tmp/vg.log"; status=1
    else
      echo "valgrind: $profile -f $fmt clean"
    fi
  done
done
exit $status
