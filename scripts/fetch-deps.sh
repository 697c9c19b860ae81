#!/usr/bin/env bash
# Fetch the sources of the HarfBuzz and libharu that Debian 12 packages (the
# versions libharfbuzz-dev and libhpdf-dev installed: 6.0.0+dfsg-3 and
# 2.3.0+dfsg-1) into deps/harfbuzz-VERSION and deps/libharu-VERSION, so that
# a Release build can compile them into folio and link it statically instead
# of loading 16 shared libraries: start-up is most of a 10 ms run (see
# docs/design.md, "Start-up").  Same versions as the packages; only the
# linking differs.  apt checks each file against Debian's signed Sources
# index; libharu's orig tarball is also checked against its .dsc, because
# the mirror may lack the small Debian patch tarball (it did on 2026-11-27).
#
# Needs root (or sudo) the first time, to enable Debian's source index.
# Exits 0 when both sources are in place, 1 otherwise; the build then uses
# the shared libraries for what is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

enable_sources() {
  apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -qx Sources && return
  $SUDO tee /etc/apt/sources.list.d/folio-deb-src.sources > /dev/null <<'SRC'
# Added by folio's scripts/fetch-deps.sh: Debian's source packages.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO apt-get update -qq || true
}

# fetch SOURCE-PACKAGE DEV-PACKAGE NAME: the orig tarball of the source
# package at the dev package's version, unpacked into deps/NAME-UPSTREAM.
fetch() {
  local src=$1 dev=$2 name=$3 version upstream dest work orig sum want
  version=$(dpkg-query -W -f '${source:Version}' "$dev" 2> /dev/null) || {
    echo "fetch-deps: $dev is not installed" >&2
    return 1
  }
  upstream=${version%%+*}
  upstream=${upstream%%-*}
  dest=deps/$name-$upstream
  [ -f "$dest/.folio-fetched" ] && return 0
  enable_sources
  work=$(mktemp -d)
  (cd "$work" && apt-get source --download-only -qq "$src=$version" > /dev/null 2>&1)
  orig=$(ls "$work"/*.orig.tar.* 2> /dev/null | head -n 1)
  if [ -z "$orig" ] || [ ! -f "$work"/*.dsc ]; then
    echo "fetch-deps: cannot download the $src $version sources; the build uses the shared library" >&2
    rm -rf "$work"
    return 1
  fi
  sum=$(sha256sum "$orig" | cut -d' ' -f1)
  want=$(awk -v f="$(basename "$orig")" '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 } on && $3 == f { print $1 }' "$work"/*.dsc)
  if [ -z "$want" ] || [ "$sum" != "$want" ]; then
    echo "fetch-deps: $(basename "$orig") does not match its .dsc checksum" >&2
    rm -rf "$work"
    return 1
  fi
  mkdir -p "$work/x" deps
  tar -xf "$orig" -C "$work/x"
  rm -rf "$dest"
  mv "$work"/x/* "$dest"
  echo "$src $version $sum" > "$dest/.folio-fetched"
  rm -rf "$work"
  echo "fetch-deps: $src $version sources in $dest"
}

status=0
fetch harfbuzz libharfbuzz-dev harfbuzz || status=1
fetch libharu libhpdf-dev libharu || status=1
exit $status
