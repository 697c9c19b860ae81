#!/bin/sh
# Side-by-side pictures for docs/compare/: page 1 of data/example.yaml in each
# folio layout (left) beside a reference in the design that layout recalls
# (right), compiled here with TeX Live from docs/compare/src/*.tex.
#
#   scripts/compare.sh [LAYOUT...]      (default: every layout below)
#
# Needs: build/folio (or FOLIO=path), poppler-utils (pdftoppm), TeX Live
# (pdflatex with moderncv from texlive-latex-extra; xelatex from
# texlive-xetex) and ImageMagick (montage, convert: Debian package
# imagemagick).  The references use only the repository's fonts/.
# Output is deterministic: fixed dpi, fixed palette, no PNG time/date chunks,
# SOURCE_DATE_EPOCH for everything that stamps a date.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
folio=${FOLIO:-$root/build/folio}
out=$root/docs/compare
src=$out/src
dpi=60
font=$root/fonts/NotoSans-Regular.ttf
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1704067200}"
export FORCE_SOURCE_DATE=1

for cmd in pdftoppm montage convert pdflatex xelatex; do
    command -v "$cmd" >/dev/null 2>&1 || { echo "compare.sh: $cmd not found" >&2; exit 1; }
done
[ -x "$folio" ] || { echo "compare.sh: $folio not built" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# layout | reference source (or folio:LAYOUT) | engine | label
table='classic|moderncv-banking|pdflatex|moderncv 2.3, style banking (TeX Live)
sans|moderncv-oldstyle|pdflatex|moderncv 2.3, style oldstyle (TeX Live)
compact|folio:classic|-|folio classic (compact is its dense variant)
margin|moderncv-classic|pdflatex|moderncv 2.3, style classic (TeX Live)
sidebar|altacv-style|xelatex|AltaCV-style sketch (own code)
banner|awesome-style|xelatex|Awesome-CV-style sketch (own code)
columns|deedy-style|xelatex|Deedy-style sketch (own code)
ats|jake-style|pdflatex|Jake'\''s-resume-style sketch (own code)
scholar|homepage-style|xelatex|AcadHomepage-style sketch (own code)'

page1() { # PDF PNG-base: page 1 at $dpi, with a thin grey frame
    pdftoppm -png -r "$dpi" -f 1 -l 1 -singlefile "$1" "$2.raw"
    convert "$2.raw.png" -bordercolor '#b0b0b0' -border 1 "$2.png"
}

tex() { # NAME ENGINE: compile docs/compare/src/NAME.tex into $tmp/NAME.pdf
    (cd "$src" && "$2" -interaction=batchmode -halt-on-error -no-shell-escape \
        -output-directory="$tmp" -jobname="$1" \
        "\\def\\fontdir{$root/fonts/}\\input{$1.tex}" >/dev/null 2>&1) || {
        echo "compare.sh: $2 failed on src/$1.tex (log: $tmp/$1.log)" >&2
        tail -20 "$tmp/$1.log" >&2; exit 1; }
}

want=${*:-classic sans compact margin sidebar banner columns ats scholar}
for layout in $want; do
    line=$(printf '%s\n' "$table" | grep "^$layout|") || {
        echo "compare.sh: no reference for layout '$layout'" >&2; exit 1; }
    ref=$(printf '%s' "$line" | cut -d'|' -f2)
    engine=$(printf '%s' "$line" | cut -d'|' -f3)
    label=$(printf '%s' "$line" | cut -d'|' -f4)

    "$folio" build -l "$layout" "$root/data/example.yaml" -o "$tmp/folio-$layout.pdf"
    page1 "$tmp/folio-$layout.pdf" "$tmp/left-$layout"
    case $ref in
        folio:*) r=${ref#folio:}
                 "$folio" build -l "$r" "$root/data/example.yaml" -o "$tmp/ref-$layout.pdf" ;;
        *)       tex "$ref" "$engine"; cp "$tmp/$ref.pdf" "$tmp/ref-$layout.pdf" ;;
    esac
    page1 "$tmp/ref-$layout.pdf" "$tmp/right-$layout"

    montage -font "$font" -pointsize 11 -background '#f2f2f2' \
        -label "folio -l $layout" "$tmp/left-$layout.png" \
        -label "$label" "$tmp/right-$layout.png" \
        -tile 2x1 -geometry +8+6 "$tmp/pair-$layout.png"
    # 64-colour palette, no dithering: small and byte-stable
    convert "$tmp/pair-$layout.png" -dither None -colors 64 -strip \
        -define png:exclude-chunks=date,time,tEXt,zTXt,iTXt \
        -define png:compression-level=9 "PNG8:$out/$layout.png"
    printf '%s %s\n' "$(wc -c < "$out/$layout.png")" "docs/compare/$layout.png"
done
