#!/usr/bin/env bash
# The header firewall (DESIGN.md): only src/load includes libyaml and cmark,
# only src/pdf includes libharu and HarfBuzz, libhyphen only in src/typeset.
set -u
: "${SRC:?}"
cd "$SRC/src" || exit 1
fail=0
check() { # pattern allowed-dir
  local hits
  hits=$(grep -rlE "#include *<$1" . | grep -v "^\./$2/" || true)
  if [ -n "$hits" ]; then echo "FAIL: <$1...> included outside src/$2: $hits"; fail=$((fail + 1)); fi
}
check 'yaml\.h' load
check 'cmark' load
check 'hpdf' pdf
check 'hb(-subset)?\.h|harfbuzz' pdf
check 'hyphen\.h' typeset
check 'png\.h|jpeglib\.h' pdf
echo "firewall: $((6 - fail)) passed, $fail failed"
[ $fail -eq 0 ]
