#!/usr/bin/env bash
# Install the Debian 12 packages folio needs, by role (run as root, or with
# sudo available).  Safe to run again: apt-get skips what is there.
#
#   install-deps.sh            build folio and render CVs (what the quick
#                              start needs): compiler, CMake, the -dev
#                              libraries, the hyphenation patterns
#   install-deps.sh --static   also fetch Debian's HarfBuzz and libharu
#                              sources into deps/ (scripts/fetch-deps.sh;
#                              enables the deb-src index), for the fully
#                              static Release build that CI tests and packages
#   install-deps.sh --test     also the tools the test suite runs (PDF and
#                              man-page checkers, TeX Live, valgrind, the
#                              shells whose completions are tested, dpkg-dev
#                              for the .deb, clang for the -Werror build)
#   install-deps.sh --dev      also clang's sanitizer runtime (fuzzing,
#                              docs/fuzzing.md) and hyperfine (bench/)
#
# Options combine; scripts/test.sh runs `--test --static`.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

build=(
  build-essential cmake pkg-config
  libyaml-dev libcmark-dev libhpdf-dev libharfbuzz-dev libhyphen-dev hyphen-en-us
  libpng-dev libjpeg-dev zlib1g-dev
)
test=(
  poppler-utils qpdf mupdf-tools python3 python3-pdfminer python3-jsonschema python3-yaml valgrind time file clang
  mandoc groff-base man-db zsh fish dpkg-dev
  texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
  texlive-xetex texlive-luatex lmodern fonts-texgyre
  hyphen-de hyphen-fr hyphen-pl hyphen-cs hyphen-ru hyphen-uk hyphen-el
)
dev=(clang libclang-rt-14-dev hyperfine)

pkgs=("${build[@]}")
static=0
for arg in "$@"; do
  case $arg in
    --static) static=1 ;;
    --test) pkgs+=("${test[@]}") ;;
    --dev) pkgs+=("${dev[@]}") ;;
    -h | --help) sed -n '2,19s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (--static, --test, --dev)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# HarfBuzz and libharu sources, for the fully static Release build (the
# build falls back to the shared libraries when they are missing).
if [ $static -eq 1 ]; then
  bash "$(dirname "$0")/fetch-deps.sh" || true
fi
