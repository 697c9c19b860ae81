#!/usr/bin/env bash
# folio replaces none of libharu's functions (no ELF symbol interposition,
# no weak symbols): its own code (libfolio_core.a, main) defines no HPDF_*
# symbol, and a binary that has libharu compiled in has exactly one strong
# definition of each libharu function folio's patches touch.  Then the fuzz
# finding that hit libharu's seek bug (fuzz/repro/pdf-save-invalid-object.yaml)
# builds a PDF qpdf finds sound, with its text extractable, whichever
# libharu this build uses (Debian's shared one still has the bug).
set -u
: "${FOLIO:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
problem() { echo "FAIL: $*"; fail=1; }

own=$(nm --defined-only "$BUILD/libfolio_core.a" "$BUILD/CMakeFiles/folio.dir/src/main.c.o" 2> /dev/null |
  awk '$2 ~ /^[TtWwVvDdBbRr]$/ && $3 ~ /^HPDF_/ { print $3 }')
[ -z "$own" ] || problem "folio's own code defines libharu symbols: $own"
nm "$BUILD/libfolio_core.a" > /dev/null 2>&1 || problem "nm cannot read $BUILD/libfolio_core.a"

syms=$(nm "$FOLIO" 2> /dev/null | awk '$3 ~ /^HPDF_Mem(Cpy|Set|Stream_SeekFunc)$/ { print $2, $3 }')
if [ -n "$syms" ]; then # libharu compiled in (static build)
  for f in HPDF_MemCpy HPDF_MemSet HPDF_MemStream_SeekFunc; do
    [ "$(grep -c " $f\$" <<< "$syms")" -eq 1 ] || problem "$f defined $(grep -c " $f\$" <<< "$syms") times"
    grep -q "^T $f\$" <<< "$syms" || problem "$f is not one strong definition: $(grep " $f\$" <<< "$syms")"
  done
fi

"$FOLIO" build "$SRC/fuzz/repro/pdf-save-invalid-object.yaml" -o "$tmp/r.pdf" 2> "$tmp/err"
st=$?
[ $st -eq 0 ] || problem "the seek-bug reproducer exits $st: $(cat "$tmp/err")"
if [ -s "$tmp/r.pdf" ]; then
  qpdf --check "$tmp/r.pdf" > "$tmp/qpdf" 2>&1 || problem "qpdf --check: $(tail -n 3 "$tmp/qpdf")"
  pdftotext "$tmp/r.pdf" - 2> /dev/null | grep -q 'Mkfus. Sendgrjav:wth\[licompy' ||
    problem "the reproducer's text is not extractable"
  [ "$(pdffonts "$tmp/r.pdf" 2> /dev/null | awk 'NR > 2 && $(NF-4) == "yes"' | wc -l)" -ge 2 ] ||
    problem "fonts not embedded: $(pdffonts "$tmp/r.pdf" 2>&1)"
fi
[ $fail -eq 0 ] && echo "libharu_link: ok"
exit $fail
