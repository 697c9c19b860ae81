#!/usr/bin/env bash
# Fetch the source of the HarfBuzz that libharfbuzz-dev installed (Debian 12:
# 6.0.0+dfsg-3) into deps/harfbuzz-VERSION, so that a Release build
# can compile it into folio as one static, dependency-free object instead of
# loading libharfbuzz.so and the five libraries it pulls in (glib, freetype,
# graphite2, brotli, pcre2).  That start-up cost is a third of a run: see
# docs/design.md, "Start-up".  Same code, same version: only the linking
# differs.  apt verifies the files against Debian's signed Sources index.
#
# Needs root (or sudo) the first time, to enable Debian's source index.
# Exits 0 when the source is in place, 1 when it could not be fetched; the
# build then falls back to the shared library.
set -euo pipefail
cd "$(dirname "$0")/.."
debian_version=$(dpkg-query -W -f '${Version}' libharfbuzz-dev 2>/dev/null || true)
[ -n "$debian_version" ] || debian_version=6.0.0+dfsg-3
version=${debian_version%%+*}
version=${version%%-*}
dest=deps/harfbuzz-$version
[ -f "$dest/src/harfbuzz-subset.cc" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if ! apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -qx Sources; then
  $SUDO tee /etc/apt/sources.list.d/folio-deb-src.sources > /dev/null <<'SRC'
# Added by folio's scripts/fetch-harfbuzz.sh: Debian's source packages.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO apt-get update -qq || true
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get source --download-only -qq "harfbuzz=$debian_version" > /dev/null 2>&1); then
  echo "fetch-harfbuzz: cannot download harfbuzz $debian_version sources; the build will use the shared library" >&2
  exit 1
fi
mkdir -p deps
tar -xJf "$work"/harfbuzz_*.orig.tar.xz -C "$work"
[ -f "$work/harfbuzz-$version/src/harfbuzz-subset.cc" ] || {
  echo "fetch-harfbuzz: unexpected source layout" >&2
  exit 1
}
rm -rf "$dest"
mv "$work/harfbuzz-$version" "$dest"
echo "fetch-harfbuzz: HarfBuzz $debian_version sources in $dest"
