#!/usr/bin/env bash
# Install everything folio's build and tests need on Debian 12 (run as root,
# or with sudo available).  Safe to run again: apt-get skips what is there.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
pkgs=(
  # build
  build-essential cmake pkg-config clang libclang-rt-14-dev
  libyaml-dev libcmark-dev libhpdf-dev libharfbuzz-dev libhyphen-dev hyphen-en-us
  libpng-dev libjpeg-dev zlib1g-dev
  # tests
  poppler-utils qpdf mupdf-tools python3 python3-pdfminer python3-jsonschema python3-yaml valgrind hyperfine time
  mandoc groff-base man-db zsh fish
  texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
  texlive-xetex texlive-luatex lmodern fonts-texgyre
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# HarfBuzz and libharu sources, for a static Release build (optional: the
# build falls back to the shared libraries when they are missing).
bash "$(dirname "$0")/fetch-deps.sh" || true
