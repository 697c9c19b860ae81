#!/usr/bin/env bash
# Quick start on a fresh Debian 12 machine: install the dependencies, build
# folio, and render data/example.yaml to out/example.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$(nproc)"
./build/folio build data/example.yaml
echo "wrote out/example.pdf"
