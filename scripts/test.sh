#!/usr/bin/env bash
# The whole test suite, as CI runs it: install the dependencies (build,
# test tools, and the sources for the fully static build), build (Release,
# fully static), run every test with ctest, package it with cpack and
# install the .deb for real (then remove it), rebuild with AddressSanitizer +
# UndefinedBehaviorSanitizer and run the tests again, build with clang and
# -Werror (shared libraries) and run its unit tests, then run the example
# profiles under valgrind memcheck (in a build with shared libraries).  Exits
# non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\n== %s ==\n' "$*"; }
jobs=$(nproc)

log "install dependencies"
bash scripts/install-deps.sh --test --static

log "build (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFOLIO_STATIC_DEPS=ON > /dev/null
cmake --build build -j"$jobs"

log "tests (Release)"
ctest --test-dir build --output-on-failure -j"$jobs"

# The .deb of the Release build, installed with apt-get as a user would
# (its Depends must be satisfiable), /usr/bin/folio run on the example
# outside the source tree, then the package removed, also on failure.
log "package (cpack) and install the .deb"
rm -f build/folio_*.deb build/folio-*.tar.gz
(cd build && cpack > /dev/null)
debs=(build/folio_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "expected one build/folio_*.deb: ${debs[*]}"; exit 1; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if dpkg-query -W -f '${Status}' folio 2> /dev/null | grep -q "ok installed"; then
  echo "a folio package is installed already: remove it (apt-get remove folio) and run again"; exit 1
fi
[ ! -e /usr/bin/folio ] || { echo "/usr/bin/folio exists and is not from a folio package"; exit 1; }
apt_get() { $SUDO apt-get -o DPkg::Lock::Timeout=300 -y -qq "$@"; }
deb_tmp=$(mktemp -d)
remove_deb() { apt_get purge folio > /dev/null || true; rm -rf "$deb_tmp"; }
trap remove_deb EXIT
apt_get install "./${debs[0]}"
cp data/example.yaml "$deb_tmp/"
built=$(pwd)/build/folio
(
  trap 'echo "installed folio: failed: $BASH_COMMAND" >&2' ERR
  cd "$deb_tmp"
  [ "$(command -v folio)" = /usr/bin/folio ]
  folio --version
  folio build example.yaml
  qpdf --check out/example.pdf > /dev/null
  "$built" build -o built.pdf example.yaml
  cmp out/example.pdf built.pdf
  not_found=$(folio check -l no-such-layout example.yaml 2>&1 || true)
  grep -q 'searched: /usr/share/folio/layouts, ' <<< "$not_found"
  [ "$(man -w folio)" = /usr/share/man/man1/folio.1 ]
  [ -f /usr/share/doc/folio/copyright ]
)
apt_get purge folio > /dev/null
[ ! -e /usr/bin/folio ] && [ ! -e /usr/share/folio ] || { echo "folio not removed"; exit 1; }
trap - EXIT
rm -rf "$deb_tmp"
echo "installed, ran and removed ${debs[0]}"

log "build (Asan: address + undefined behaviour)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Asan > /dev/null
cmake --build build-asan -j"$jobs"

log "tests (Asan), TeX compile tests excluded"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -E '^e2e/latex'

# clang with warnings as errors, against Debian's shared libraries: the unit
# tests (libharu's font-program writer as ttf_save.h predicts it, with the
# unpatched libhpdf) and the bad-input corpus (its fuzz finding needs the
# workaround there).
log "build (clang, shared libraries, -Werror) and its unit tests"
CC=clang cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release -DFOLIO_STATIC_DEPS=OFF \
  -DFOLIO_WERROR=ON > /dev/null
cmake --build build-clang -j"$jobs"
ctest --test-dir build-clang --output-on-failure -j"$jobs" -R '^(unit/|e2e/bad$)'

# valgrind needs a dynamically linked binary to see malloc (the Release
# build above is static): a Release build with Debian's shared libraries.
log "build (Release, shared libraries) for valgrind"
cmake -S . -B build-shared -DCMAKE_BUILD_TYPE=Release -DFOLIO_STATIC_DEPS=OFF > /dev/null
cmake --build build-shared -j"$jobs" --target folio

log "valgrind memcheck on the example profiles"
bash scripts/valgrind.sh build-shared/folio
