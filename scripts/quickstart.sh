#!/usr/bin/env bash
# Quick start on a fresh Debian 12 machine: install what building folio and
# rendering a CV need (scripts/install-deps.sh without options: no TeX Live,
# no test tools, no change to apt's sources), build folio against Debian's
# shared libraries (a Release build, as CI's valgrind build; the fully
# static build CI tests and packages needs `install-deps.sh --static`, see
# README.md), and render data/example.yaml to out/example.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFOLIO_STATIC_DEPS=OFF > /dev/null
cmake --build build -j"$(nproc)"
./build/folio build data/example.yaml
echo "wrote out/example.pdf"
