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

# The TeX writer is the only way bytes reach a .tex (src/latex/writer.h):
# folio's code only as string literals, input only through escaping calls.
hits=$(grep -rn 'cv_texw_code_literal_' . | grep -v '^\./latex/writer\.[ch]:' || true)
if [ -n "$hits" ]; then echo "FAIL: cv_texw_code_literal_ called directly: $hits"; fail=$((fail + 1)); fi
hits=$(grep -n 'cv_buf_\|fputs\|fprintf\|fwrite' latex/latex.c | grep -v 'cv_buf_put(result, data, len);' | grep -v 'struct cv_buf \*result' || true)
if [ -n "$hits" ]; then echo "FAIL: latex.c writes around the TeX writer: $hits"; fail=$((fail + 1)); fi
# cv_texw_code with a variable must not compile
tmpc=$(mktemp --suffix=.c); trap 'rm -f "$tmpc"' EXIT
printf '#include "latex/writer.h"\nvoid f(struct cv_texw *w, const char *input);\nvoid f(struct cv_texw *w, const char *input) { cv_texw_code(w, input); }\n' > "$tmpc"
if ${CC:-cc} -fsyntax-only -I"$SRC/src" "$tmpc" 2> /dev/null; then
  echo "FAIL: cv_texw_code accepts a variable"; fail=$((fail + 1))
fi
printf '#include "latex/writer.h"\nvoid f(struct cv_texw *w);\nvoid f(struct cv_texw *w) { cv_texw_code(w, "\\\\relax"); }\n' > "$tmpc"
if ! ${CC:-cc} -fsyntax-only -I"$SRC/src" "$tmpc"; then
  echo "FAIL: cv_texw_code refuses a literal"; fail=$((fail + 1))
fi
echo "firewall: $((9 - fail)) passed, $fail failed"
[ $fail -eq 0 ]
