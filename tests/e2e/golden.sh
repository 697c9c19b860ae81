#!/usr/bin/env bash
# Golden tests.  tests/golden/err/NAME.yaml: run `folio check NAME.yaml`
# (or the arguments in NAME.args, with NAME.yaml last) from that directory;
# stderr plus a final "[exit N]" line must equal NAME.err.  If NAME.layout.yaml
# exists it is passed as -l.  tests/golden/tree/NAME.yaml: `folio build -f
# tree -o - NAME.yaml` must print NAME.tree exactly.  UPDATE=1 rewrites the
# expected files (review the diff).
set -u
: "${FOLIO:?set FOLIO to the folio binary}" "${SRC:?set SRC to the source tree}"
fail=0 count=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

check() { # name expected actual
  count=$((count + 1))
  if [ "${UPDATE:-}" = 1 ]; then cp "$3" "$2"; return; fi
  if [ ! -f "$2" ]; then echo "FAIL $1: missing $2 (run with UPDATE=1)"; fail=$((fail + 1)); return; fi
  if ! diff -u "$2" "$3" > "$tmp/diff"; then
    echo "FAIL $1"; cat "$tmp/diff"; fail=$((fail + 1))
  fi
}

cd "$SRC/tests/golden/err" || exit 1
for y in *.yaml; do
  case "$y" in *.layout.yaml) continue ;; esac
  [ -e "$y" ] || continue
  name=${y%.yaml}
  args=(check)
  [ -f "$name.args" ] && read -r -a args < "$name.args"
  [ -f "$name.layout.yaml" ] && args+=(-l "$name.layout.yaml")
  timeout 10 "$FOLIO" "${args[@]}" "$y" > /dev/null 2> "$tmp/err"
  st=$?
  sed -i "s#$SRC#<src>#g" "$tmp/err"
  echo "[exit $st]" >> "$tmp/err"
  check "err/$name" "$name.err" "$tmp/err"
done

cd "$SRC/tests/golden/tree" || exit 1
for y in *.yaml; do
  [ -e "$y" ] || continue
  name=${y%.yaml}
  timeout 10 "$FOLIO" build -f tree -o - "$y" > "$tmp/tree" 2> "$tmp/err"
  st=$?
  if [ $st -ne 0 ]; then echo "FAIL tree/$name: exit $st"; cat "$tmp/err"; fail=$((fail + 1)); continue; fi
  check "tree/$name" "$name.tree" "$tmp/tree"
done

# Every message id used in the sources has a golden case named after it.
# Ids checked by other e2e scripts are listed one per line in tests/golden/ids-elsewhere/*.txt.
ids=$(cat "$SRC"/src/*.c "$SRC"/src/*/*.c | perl -0777 -ne 'while (/cv_msg\s*\(\s*CV_[A-Z]+\s*,\s*[^,]+?,\s*"([a-z0-9-]+)"/g) { print "$1\n" }' | sort -u)
elsewhere=$(cat "$SRC"/tests/golden/ids-elsewhere/*.txt 2>/dev/null)
for id in $ids; do
  case "$id" in stub) continue ;; esac
  if [ ! -e "$SRC/tests/golden/err/$id.yaml" ] \
     && ! compgen -G "$SRC/tests/golden/err/$id-*.yaml" > /dev/null \
     && ! grep -qx "$id" <<< "$elsewhere"; then
    echo "FAIL message id '$id' has no golden case tests/golden/err/$id.yaml"; fail=$((fail + 1))
  fi
done
echo "golden: $((count - fail)) passed, $fail failed"
[ $fail -eq 0 ]
