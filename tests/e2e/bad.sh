#!/usr/bin/env bash
# The bad-input corpus (tests/bad/).  For each NAME.yaml / NAME.json there
# (NAME.layout.yaml, when present, is passed as -l): run `folio build` into a
# directory holding an earlier good output file, with a 2 s timeout (20 s in
# sanitizer builds), and check
#   - stderr plus a final "[exit N]" line equals NAME.err exactly;
#   - a failing run (exit 1-3) prints only positioned "FILE:LINE:COL: error:"
#     lines (or "folio: error:" for system errors), leaves the earlier output
#     byte-for-byte unchanged and creates no other file;
#   - a run that succeeds (valid oddities: BOM, CRLF, JSON) writes a PDF.
# Generated cases (too big to commit) are made in a temp dir: giant scalars,
# files over the size limit, node-count bombs.  UPDATE=1 rewrites NAME.err.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# The timeout only catches hangs: sanitizer builds (Asan/Debug) get 10x.
limit=2
if [ -n "${BUILD:-}" ] && grep -qE '^CMAKE_BUILD_TYPE:[A-Z]+=(Asan|Debug)$' "$BUILD/CMakeCache.txt" 2> /dev/null; then
  limit=20
fi
fail=0 pass=0
sentinel="earlier good output"

run_case() { # dir name file
  local dir=$1 name=$2 file=$3 out="$tmp/run" args=()
  rm -rf "$out"; mkdir -p "$out"; printf '%s' "$sentinel" > "$out/cv.pdf"
  [ -f "$dir/$name.layout.yaml" ] && args=(-l "$name.layout.yaml")
  (cd "$dir" && timeout "$limit" "$FOLIO" build "${args[@]}" -o "$out/cv.pdf" "$file") > /dev/null 2> "$tmp/stderr"
  local st=$?
  sed -i "s#$SRC#<src>#g" "$tmp/stderr"
  # the one-line report of a written file (its size varies; e2e/cli checks it)
  [ $st -eq 0 ] && sed -i "\#^folio: note: wrote '$out/cv.pdf': #d" "$tmp/stderr"
  echo "[exit $st]" >> "$tmp/stderr"
  local problems=""
  [ $st -eq 124 ] && problems+="timed out ($limit s); "
  [ $st -gt 3 ] && [ $st -ne 124 ] && problems+="exit $st (crash?); "
  if [ $st -ge 1 ] && [ $st -le 3 ]; then
    [ "$(cat "$out/cv.pdf")" = "$sentinel" ] || problems+="earlier output clobbered; "
    [ "$(ls -A "$out" | wc -l)" -eq 1 ] || problems+="left files: $(ls -A "$out" | tr '\n' ' '); "
    if grep -vE '^\[exit [0-9]+\]$' "$tmp/stderr" | grep -E ': error: ' | grep -vqE '^([^:]+:[0-9]+:[0-9]+: error: |folio: error: |[^:]+: error: )'; then
      problems+="unpositioned error line; "
    fi
    grep -qE ':[0-9]+:[0-9]+: error: |^folio: error: |^[^:]+: error: ' "$tmp/stderr" || problems+="no error message; "
    [ $st -ne 1 ] || grep -qE '^[^:]+:[0-9]+:[0-9]+: error: ' "$tmp/stderr" || problems+="input error without a position; "
  elif [ $st -eq 0 ]; then
    head -c 5 "$out/cv.pdf" | grep -q '%PDF-' || problems+="exit 0 but no PDF written; "
  fi
  if [ -n "${UPDATE:-}" ] && [ "$dir" = "$SRC/tests/bad" ]; then
    cp "$tmp/stderr" "$dir/$name.err"
  elif [ -f "$dir/$name.err" ]; then
    diff -u "$dir/$name.err" "$tmp/stderr" > "$tmp/diff" || problems+="message differs:
$(cat "$tmp/diff")
"
  elif [ "$dir" = "$SRC/tests/bad" ]; then
    problems+="missing $name.err (UPDATE=1 to create, then review); "
  fi
  if [ -n "$problems" ]; then
    echo "FAIL $name: $problems"; fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

for f in "$SRC"/tests/bad/*.yaml "$SRC"/tests/bad/*.json; do
  base=$(basename "$f")
  case "$base" in *.layout.yaml) continue ;; esac
  run_case "$SRC/tests/bad" "${base%.*}" "$base"
done

# Generated cases: each must fail with exit 1 and the given message fragment.
gen="$tmp/gen"; mkdir -p "$gen"
head='name: Ada Lovelace
sections:
  - title: Education
    entries:
      - institution: University of London
'
{ printf '%s' "$head"; printf 'headline: '; head -c 30000000 /dev/zero | tr '\0' 'x'; echo; } > "$gen/giant-scalar-30mb.yaml"
{ printf '%s' "$head"; printf 'headline: "'; head -c 3000000 /dev/zero | tr '\0' 'y'; echo '"'; } > "$gen/big-scalar-3mb.yaml"
{ printf '%s' "$head"; printf 'keywords:\n'; for i in $(seq 1 250000); do echo "  - k"; done; } > "$gen/node-bomb.yaml"
{ printf '%s' "$head"; printf 'keywords: ['; head -c 2000000 /dev/zero | tr '\0' '[' ; echo; } > "$gen/flow-bomb.yaml"
{ echo 'name: Ada'; echo 'sections:'; for i in $(seq 1 150); do printf '  - title: S%d\n    kind: bullet\n    entries: [x]\n' "$i"; done; } > "$gen/too-many-sections.yaml"
{ printf 'name: "'; for i in $(seq 1 20000); do printf '*_'; done; printf '"\n'; printf '%s' "${head#name: Ada Lovelace
}"; } > "$gen/emphasis-bomb.yaml"
{ printf 'name: "'; for i in $(seq 1 20000); do printf '['; done; printf '"\n'; printf '%s' "${head#name: Ada Lovelace
}"; } > "$gen/bracket-bomb.yaml"
{ printf 'name: "'; for i in $(seq 1 5000); do printf '<b><i>'; done; printf 'x"\n'; printf '%s' "${head#name: Ada Lovelace
}"; } > "$gen/html-nesting-bomb.yaml"
for f in "$gen"/*.yaml; do
  run_case "$gen" "$(basename "${f%.yaml}")" "$(basename "$f")"
done

echo "bad: $pass passed, $fail failed"
[ $fail -eq 0 ]
