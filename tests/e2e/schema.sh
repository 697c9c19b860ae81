#!/usr/bin/env bash
# folio schema [profile|layout]: the command line (help, usage errors with
# exit 2, a failed write with exit 3, the same bytes every run), and then
# tests/e2e/schema.py: valid 2020-12 schemas that every profile and layout
# folio accepts passes, that broken ones fail as `folio check` fails them,
# and that hold every key of the C tables.
set -u
: "${FOLIO:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
expect_status() { # want cmd...
  local want=$1; shift
  "$@" > "$tmp/stdout" 2> "$tmp/stderr"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "'$*' exited $got, want $want"; cat "$tmp/stderr"; fi
}
expect_err() { # exact stderr line
  grep -qxF -- "$1" "$tmp/stderr" && ok || bad "want stderr '$1', got: $(cat "$tmp/stderr")"
}

# the command line
expect_status 0 "$FOLIO" schema
cp "$tmp/stdout" "$tmp/profile.json"
[ ! -s "$tmp/stderr" ] && ok || bad "schema printed: $(cat "$tmp/stderr")"
head -c 1 "$tmp/profile.json" | grep -q '{' && [ "$(tail -c 1 "$tmp/profile.json" | od -An -c | tr -d ' ')" = '\n' ] \
  && ok || bad "schema output is not one JSON object and a newline"
expect_status 0 "$FOLIO" schema profile
cmp -s "$tmp/stdout" "$tmp/profile.json" && ok || bad "schema profile differs from schema"
expect_status 0 "$FOLIO" schema layout
cp "$tmp/stdout" "$tmp/layout.json"
cmp -s "$tmp/layout.json" "$tmp/profile.json" && bad "the layout schema is the profile's" || ok
for i in 1 2; do  # the same bytes, wherever it runs
  (cd "$tmp" && "$FOLIO" schema > "again$i.json" && FOLIO_DATA_DIR=/nonexistent "$FOLIO" schema layout > "again-layout$i.json")
  cmp -s "$tmp/again$i.json" "$tmp/profile.json" && cmp -s "$tmp/again-layout$i.json" "$tmp/layout.json" \
    && ok || bad "schema output changes between runs"
done
for h in "schema --help" "schema -h" "help schema"; do
  expect_status 0 "$FOLIO" $h
  grep -q '^usage: folio schema \[profile|layout\]$' "$tmp/stdout" && ok || bad "$h: $(cat "$tmp/stdout")"
done
expect_status 0 "$FOLIO" --help
grep -q '^  schema ' "$tmp/stdout" && ok || bad "--help does not list schema"
expect_status 2 "$FOLIO" schema profiles
expect_err "folio: error: unknown schema 'profiles' (profile or layout)"
grep -q '^usage: folio schema' "$tmp/stderr" && ok || bad "no usage after the error"
[ ! -s "$tmp/stdout" ] && ok || bad "a refused schema printed to stdout"
expect_status 2 "$FOLIO" schema layout extra
expect_err "folio: error: unexpected argument 'extra'"
expect_status 2 "$FOLIO" schema -q
expect_err "folio: error: unknown option '-q' (schema takes profile or layout)"
expect_status 2 "$FOLIO" schema --output=x.json
[ ! -e x.json ] && [ ! -e "$tmp/x.json" ] && ok || bad "schema --output wrote a file"
if [ -w /dev/full ]; then
  "$FOLIO" schema > /dev/full 2> "$tmp/stderr"; st=$?
  [ $st -eq 3 ] && ok || bad "schema > /dev/full exited $st, want 3"
  grep -q '^folio: error: cannot write to standard output: ' "$tmp/stderr" && ok || bad "/dev/full: $(cat "$tmp/stderr")"
fi

# every pattern is an ECMA-262 regular expression with the "u" flag, as
# editors' (JavaScript) validators compile them
if command -v node > /dev/null; then
  out=$(node -e '
    const fs = require("fs"); let n = 0;
    for (const f of process.argv.slice(1)) {
      const walk = (o) => { if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) {
        const pats = k === "pattern" && typeof v === "string" ? [v] : k === "patternProperties" ? Object.keys(v) : [];
        for (const p of pats) { n++; try { new RegExp(p, "u"); } catch (e) { console.log("bad pattern " + p + ": " + e.message); } }
        walk(v); } };
      walk(JSON.parse(fs.readFileSync(f, "utf8")));
    }
    console.log("patterns " + n);' "$tmp/profile.json" "$tmp/layout.json" 2>&1)
  grep -q '^patterns [1-9][0-9][0-9]*$' <<< "$out" && ! grep -q '^bad' <<< "$out" && ok || bad "node: $out"
else
  echo "skip the JavaScript pattern check: node is not installed"
fi

# the schemas themselves: python3 with jsonschema (2020-12) and PyYAML
py=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" > /dev/null && "$p" -c 'import yaml; from jsonschema import Draft202012Validator' 2> /dev/null; then
    py=$p; break
  fi
done
if [ -z "$py" ]; then
  bad "no python3 with jsonschema (Draft202012Validator) and yaml: scripts/install-deps.sh installs python3-jsonschema"
else
  mkdir -p "$tmp/py"
  timeout 300 "$py" "$SRC/tests/e2e/schema.py" "$FOLIO" "$BUILD/schema_keys" "$SRC" "$tmp/py" && ok || bad "schema.py"
fi

echo "schema: $pass passed, $fail failed"
[ $fail -eq 0 ]
