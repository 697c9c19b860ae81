#!/usr/bin/env bash
# A relocatable install: `cmake --install` into a temporary prefix, the
# prefix moved somewhere else, and the moved folio, run from a directory
# outside the source tree with no FOLIO_DATA_DIR, finds its layouts, fonts
# and templates in <prefix>/share/folio: it lists every layout, builds
# data/example.yaml through each, and prefers the prefix's data to the
# source tree's (a layout and a font that exist only in the moved prefix).
# The man pages, completions and license are installed too.
set -u
: "${FOLIO:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
unset FOLIO_DATA_DIR FOLIO_DATA_DIR_ONLY

cmake --install "$BUILD" --prefix "$tmp/stage" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; echo "FAIL: cmake --install"; exit 1; }
mkdir -p "$tmp/elsewhere/deeper" "$tmp/work"
mv "$tmp/stage" "$tmp/elsewhere/deeper/prefix"
P="$tmp/elsewhere/deeper/prefix"
bin="$P/bin/folio"
[ -x "$bin" ] && ok || { bad "no $bin"; exit 1; }
for f in share/folio/layouts/classic.yaml share/folio/fonts/NotoSerif-Regular.ttf \
         share/folio/fonts/OFL.txt share/folio/templates/starter.yaml \
         share/folio/locales/en.yaml share/folio/locales/de.yaml share/folio/locales/zh-Hant.yaml \
         share/doc/folio/LICENSE share/man/man1/folio.1 share/man/man5/folio-profile.5 \
         share/man/man5/folio-layout.5 share/bash-completion/completions/folio \
         share/zsh/site-functions/_folio share/fish/vendor_completions.d/folio.fish; do
  [ -f "$P/$f" ] && ok || bad "not installed: $f"
done

cd "$tmp/work" || exit 1
# every layout the source tree ships is listed, and built from the prefix
"$bin" layouts > "$tmp/layouts" 2> "$tmp/err" && ok || { bad "layouts: $(cat "$tmp/err")"; }
for y in "$SRC"/layouts/*.yaml; do
  name=$(basename "$y" .yaml)
  grep -qE "^$name " "$tmp/layouts" && ok || bad "layout $name not listed"
done
cp "$SRC/data/example.yaml" "$tmp/work/"
for name in $(awk '{print $1}' "$tmp/layouts"); do
  if "$bin" build -l "$name" -o "$name.pdf" example.yaml 2> "$tmp/err" && [ -s "$name.pdf" ]; then ok
  else bad "build -l $name: $(cat "$tmp/err")"; fi
done

# every locale the source tree ships is installed, and builds from the prefix
for y in "$SRC"/locales/*.yaml; do
  name=$(basename "$y" .yaml)
  cmp -s "$y" "$P/share/folio/locales/$name.yaml" && ok || bad "locale $name not installed"
done
printf 'name: A\nsections:\n  - title: Berufserfahrung\n    entries:\n      - organization: B\n        start: 2020-03\n        end: heute\n' > de.yaml
"$bin" build --locale de_DE -f tree -o - de.yaml 2> "$tmp/err" | grep -q '"März 2020 – heute"' && ok \
  || bad "build --locale de_DE from the prefix: $(cat "$tmp/err")"

# the prefix comes before the source tree: a layout and a font found only there
sed 's/^description:.*/description: only in the moved prefix/' "$SRC/layouts/classic.yaml" > "$P/share/folio/layouts/moved-only.yaml"
cp "$SRC/fonts/NotoSans-Regular.ttf" "$P/share/folio/fonts/MovedOnly-Regular.ttf"
printf 'extends: moved-only\nfonts:\n  serif:\n    regular: MovedOnly-Regular.ttf\n' > "$P/share/folio/layouts/moved-font.yaml"
"$bin" layouts > "$tmp/layouts" 2>&1
grep -qE '^moved-only +only in the moved prefix' "$tmp/layouts" && ok || bad "prefix layout not listed: $(cat "$tmp/layouts")"
"$bin" build -l moved-font -o moved.pdf example.yaml 2> "$tmp/err" && [ -s moved.pdf ] && ok || bad "prefix font: $(cat "$tmp/err")"
# a name found nowhere lists the prefix's directory first
"$bin" check -l no-such-layout example.yaml 2> "$tmp/err"
grep -q "searched: $P/share/folio/layouts, " "$tmp/err" && ok || bad "not-found message: $(cat "$tmp/err")"
# through a symbolic link to the binary, and by a relative path
ln -s "$bin" "$tmp/work/folio-link"
./folio-link layouts 2> "$tmp/err" | grep -q '^moved-only ' && ok || bad "through a link: $(cat "$tmp/err")"
(cd "$P" && bin/folio layouts | grep -q '^moved-only ') && ok || bad "relative path"
# folio new finds its template in the prefix; the result builds there
"$bin" new -q --name 'Moved Person' started.yaml 2> "$tmp/err" && "$bin" build -q started.yaml 2>> "$tmp/err" \
  && [ -s out/started.pdf ] && [ ! -s "$tmp/err" ] && ok || bad "new + build: $(cat "$tmp/err")"

echo "install: $pass passed, $fail failed"
[ $fail -eq 0 ]
