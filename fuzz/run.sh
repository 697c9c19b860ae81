#!/usr/bin/env bash
# Build the libFuzzer targets with clang and run each for SECONDS (default
# 600) on a corpus seeded from data/, tests/ and layouts/.  Crashes land in
# fuzz/artifacts/; the corpora grow in build-fuzz/corpus/ (not committed).
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(fuzz_profile fuzz_markdown fuzz_layout fuzz_build)
cmake -S . -B build-fuzz -DFOLIO_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug > /dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
mkdir -p fuzz/artifacts
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t; mkdir -p "$corpus"
  case $t in
    fuzz_layout) find layouts tests -name '*.yaml' -path '*layout*' -exec cp {} "$corpus/" \; ;;
    fuzz_markdown) printf '%s' '**bold** *it* `code` [l](https://x.org) <b>b</b><sup>1</sup> 2019. x' > "$corpus/seed1" ;;
    *) find data tests -name '*.yaml' ! -path '*layout*' -size -64k -exec cp {} "$corpus/" \; 2>/dev/null || true ;;
  esac
  echo "== $t: ${secs}s"
  ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/"$t" -max_total_time="$secs" -dict=fuzz/folio.dict \
    -max_len=65536 -timeout=5 -rss_limit_mb=2048 -artifact_prefix=fuzz/artifacts/"$t"- \
    -print_final_stats=1 "$corpus" 2>&1 | tail -n 15
done
