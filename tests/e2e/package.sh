#!/usr/bin/env bash
# Packages: `cpack` on the build directory (into a temporary directory)
# makes one .deb and one .tar.gz holding exactly what `cmake --install`
# installs; the .deb's control fields (name, version from project(),
# architecture, maintainer, section, description, Depends: hyphen-en-us and
# the package of every shared library the binary loads, none for a static
# one) and its Debian copyright file; the folio unpacked from each package,
# run outside the source tree, finds its data beside itself and writes a
# PDF that qpdf accepts, byte-identical to the build tree's.  Installing the
# .deb for real is scripts/test.sh's job (CI), not a test's.
set -u
: "${FOLIO:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
unset FOLIO_DATA_DIR FOLIO_DATA_DIR_ONLY
for tool in cpack dpkg-deb dpkg-shlibdeps qpdf readelf tar; do
  command -v "$tool" > /dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps.sh --test)"; exit 1; }
done

version=$(sed -n 's/^project(folio VERSION \([0-9.]*\) .*/\1/p' "$SRC/CMakeLists.txt")
[ -n "$version" ] && ok || { bad "no version in project()"; exit 1; }
arch=$(dpkg --print-architecture)

mkdir -p "$tmp/pkg"
(cd "$tmp/pkg" && cpack --config "$BUILD/CPackConfig.cmake" -B "$tmp/pkg") > "$tmp/cpack.log" 2>&1 \
  || { cat "$tmp/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb="$tmp/pkg/folio_${version}-1_${arch}.deb"
tgz="$tmp/pkg/folio-${version}-Linux.tar.gz"
[ -f "$deb" ] && ok || { bad "no $(basename "$deb"): $(ls "$tmp/pkg")"; exit 1; }
[ -f "$tgz" ] && ok || { bad "no $(basename "$tgz"): $(ls "$tmp/pkg")"; exit 1; }

# ---- the .deb's control fields
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = folio ] && ok || bad "Package: $(field Package)"
[ "$(field Version)" = "$version-1" ] && ok || bad "Version: $(field Version), want $version-1"
[ "$(field Architecture)" = "$arch" ] && ok || bad "Architecture: $(field Architecture)"
[ "$(field Section)" = text ] && ok || bad "Section: $(field Section)"
field Maintainer | grep -qE '^[^<>]+ <[^<>@ ]+@[^<>@ ]+>$' && ok || bad "Maintainer: $(field Maintainer)"
dpkg-deb -I "$deb" > "$tmp/info"
grep -q '^ Description: CV generator' "$tmp/info" && grep -q '^  folio turns a CV' "$tmp/info" && ok \
  || bad "description: $(cat "$tmp/info")"
# Depends: hyphen-en-us (read at run time) plus the package that holds each
# shared library the packaged binary needs; nothing else for a static binary.
depends=$(field Depends)
dep_names=$(printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/[ (].*//' | sort -u)
grep -qx hyphen-en-us <<< "$dep_names" && ok || bad "Depends lacks hyphen-en-us: $depends"
mkdir -p "$tmp/root"
dpkg-deb -x "$deb" "$tmp/root" || { bad "dpkg-deb -x"; exit 1; }
bin="$tmp/root/usr/bin/folio"
[ -x "$bin" ] && ok || { bad "no usr/bin/folio in the .deb"; exit 1; }
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if [ -z "$needed" ]; then
  [ "$dep_names" = hyphen-en-us ] && ok || bad "static folio, but Depends: $depends"
else
  for lib in $needed; do
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|64bit|AArch64/ { print $NF; exit }')
    [ -n "$path" ] || path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
    owner=$(dpkg -S "$(readlink -f "$path")" 2> /dev/null | head -n 1 | cut -d: -f1)
    [ -n "$owner" ] || owner=$(dpkg -S "$path" 2> /dev/null | head -n 1 | cut -d: -f1)
    if [ -z "$owner" ]; then bad "no Debian package holds $lib ($path)"
    elif grep -qx "$owner" <<< "$dep_names"; then ok
    else bad "Depends lacks $owner (for $lib): $depends"; fi
  done
fi
file -b "$bin" | grep -q ', stripped' && ok || bad "packaged folio is not stripped: $(file -b "$bin")"

# ---- contents: the files cmake --install installs, under /usr and under
# folio-VERSION-Linux/, and nothing else
cmake --install "$BUILD" --prefix "$tmp/inst" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; bad "cmake --install"; }
(cd "$tmp/inst" && find . -type f | sed 's|^\./||' | sort) > "$tmp/want"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $NF }' | sed 's|^\./usr/||' | sort > "$tmp/deb-files"
tar -tzf "$tgz" | grep -v '/$' | sed "s|^folio-$version-Linux/||" | sort > "$tmp/tgz-files"
diff "$tmp/want" "$tmp/deb-files" > "$tmp/diff" && ok || bad ".deb differs from cmake --install: $(cat "$tmp/diff")"
diff "$tmp/want" "$tmp/tgz-files" > "$tmp/diff" && ok || bad ".tar.gz differs from cmake --install: $(cat "$tmp/diff")"
tar -tzf "$tgz" | grep -v "^folio-$version-Linux/" | grep -q . && bad "entries outside folio-$version-Linux/" || ok
for f in bin/folio share/doc/folio/copyright share/doc/folio/LICENSE share/man/man1/folio.1 \
         share/man/man5/folio-profile.5 share/man/man5/folio-layout.5 \
         share/bash-completion/completions/folio share/zsh/site-functions/_folio \
         share/fish/vendor_completions.d/folio.fish share/folio/templates/starter.yaml \
         share/folio/fonts/OFL.txt; do
  grep -qxF "$f" "$tmp/deb-files" && ok || bad ".deb lacks /usr/$f"
done
for y in "$SRC"/layouts/*.yaml "$SRC"/fonts/*.ttf "$SRC"/locales/*.yaml; do
  f="share/folio/$(basename "$(dirname "$y")")/$(basename "$y")"
  grep -qxF "$f" "$tmp/deb-files" && ok || bad ".deb lacks /usr/$f"
done
dpkg-deb -c "$deb" | grep -E '\./usr/bin/folio$' | grep -q '^-rwxr-xr-x root/root ' && ok || bad "usr/bin/folio mode/owner"
# the copyright file: machine-readable, with folio's whole license text
cr="$tmp/root/usr/share/doc/folio/copyright"
head -n 1 "$cr" | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/$' && ok || bad "copyright Format line"
grep -q '^License: MIT$' "$cr" && ok || bad "copyright: no MIT paragraph"
while IFS= read -r line; do
  [ -z "$line" ] && continue
  grep -qxF " $line" "$cr" || { bad "copyright lacks LICENSE line: $line"; break; }
done < "$SRC/LICENSE"
grep -q '^License: OFL-1.1$' "$cr" && grep -q '^License: Apache-2.0$' "$cr" && ok || bad "copyright: font licenses"

# ---- the unpacked folio runs: data beside it, a valid PDF, same bytes as
# the build tree's folio
mkdir -p "$tmp/work" "$tmp/tgz"
tar -xzf "$tgz" -C "$tmp/tgz"
cp "$SRC/data/example.yaml" "$tmp/work/"
cd "$tmp/work" || exit 1
"$FOLIO" build -o tree.pdf example.yaml 2> "$tmp/err" || bad "build-tree folio: $(cat "$tmp/err")"
for pair in "deb:$bin:$tmp/root/usr" "tgz:$tmp/tgz/folio-$version-Linux/bin/folio:$tmp/tgz/folio-$version-Linux"; do
  IFS=: read -r kind exe prefix <<< "$pair"
  "$exe" build -o "$kind.pdf" example.yaml 2> "$tmp/err" && [ -s "$kind.pdf" ] && ok || bad "$kind folio build: $(cat "$tmp/err")"
  qpdf --check "$kind.pdf" > "$tmp/qpdf" 2>&1 && ok || bad "$kind: qpdf --check: $(cat "$tmp/qpdf")"
  cmp -s "$kind.pdf" tree.pdf && ok || bad "$kind: PDF differs from the build tree folio's"
  "$exe" check -l no-such-layout example.yaml 2> "$tmp/err"
  grep -q "searched: $prefix/share/folio/layouts, " "$tmp/err" && ok || bad "$kind: data not beside the binary: $(cat "$tmp/err")"
  "$exe" --version | grep -qx "folio $version" && ok || bad "$kind: --version"
done

echo "package: $pass passed, $fail failed"
[ $fail -eq 0 ]
