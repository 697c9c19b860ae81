#!/usr/bin/env bash
# The whole test suite, as CI runs it: install the dependencies, build
# (Release), run every test with ctest, rebuild with AddressSanitizer +
# UndefinedBehaviorSanitizer and run the tests again, build with clang and
# -Werror (shared libraries) and run its unit tests, then run the example
# profiles under valgrind memcheck (in a build with shared libraries).  Exits
# non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\n== %s ==\n' "$*"; }
jobs=$(nproc)

log "install dependencies"
bash scripts/install-deps.sh

log "build (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$jobs"

log "tests (Release)"
ctest --test-dir build --output-on-failure -j"$jobs"

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
