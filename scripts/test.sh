#!/usr/bin/env bash
# The whole test suite, as CI runs it: install the dependencies, build
# (Release), run every test with ctest, rebuild with AddressSanitizer +
# UndefinedBehaviorSanitizer and run the tests again, then run the example
# profiles under valgrind memcheck.  Exits non-zero if anything fails.
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

log "valgrind memcheck on the example profiles"
bash scripts/valgrind.sh build/folio
