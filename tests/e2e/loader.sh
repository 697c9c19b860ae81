#!/usr/bin/env bash
# The profile loader on inputs too big for golden files (generated here):
# the node-count, scalar-size and file-size limits, each with its exact
# message and exit status 1; and the shipped example profiles load clean.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
expect() { # name want-status want-stderr-line
  local got
  (cd "$tmp" && timeout 20 "$FOLIO" check "$1" > /dev/null 2> "$tmp/stderr"); got=$?
  if [ "$got" -ne "$2" ]; then echo "FAIL $1: exit $got, want $2"; cat "$tmp/stderr"; fail=$((fail + 1)); return; fi
  if [ -n "$3" ] && ! grep -qxF "$3" "$tmp/stderr"; then
    echo "FAIL $1: want '$3', got:"; cat "$tmp/stderr"; fail=$((fail + 1)); return
  fi
  pass=$((pass + 1))
}

# 200000 nodes is the limit: a list of 200001 one-character scalars (+ the list itself).
{ printf 'a: ['; for ((i = 0; i < 20001; i++)); do printf '1,1,1,1,1,1,1,1,1,1,'; done; printf ']\n'; } > "$tmp/nodes.yaml"
expect nodes.yaml 1 ""
grep -q '^nodes.yaml:1:[0-9]*: error: too many values in one file (the limit is 200000)$' "$tmp/stderr" \
  && pass=$((pass + 1)) || { echo "FAIL nodes message"; cat "$tmp/stderr"; fail=$((fail + 1)); }

# one scalar of 65537 bytes
{ printf 'name: '; head -c 65537 /dev/zero | tr '\0' x; printf '\n'; } > "$tmp/scalar.yaml"
expect scalar.yaml 1 "scalar.yaml:1:7: error: value too long: 65537 bytes (the limit is 65536)"

# a file over 4 MiB
{ printf 'name: Ada\n# '; head -c 4194304 /dev/zero | tr '\0' x; printf '\n'; } > "$tmp/big.yaml"
expect big.yaml 1 "big.yaml:1:1: error: file too large (the limit is 4194304 bytes)"

# 40000 nested brackets fail fast (the depth cap)
head -c 40000 /dev/zero | tr '\0' '[' > "$tmp/deep.yaml"
expect deep.yaml 1 "deep.yaml:1:33: error: values nested too deeply (the limit is 32 levels)"

# the example profiles load without a message
for p in example long; do
  timeout 20 "$FOLIO" check "$SRC/data/$p.yaml" > /dev/null 2> "$tmp/stderr"; st=$?
  if [ $st -ne 0 ] || [ -s "$tmp/stderr" ]; then echo "FAIL data/$p.yaml: exit $st"; cat "$tmp/stderr"; fail=$((fail + 1)); else pass=$((pass + 1)); fi
done

# A summary written as a list (issue 12): two or more "- " lines become
# bullet points before the highlights, a lead line stays the summary; one
# dash line, or a paragraph after the list, leaves the summary as written.
cat > "$tmp/bullets.yaml" <<'YAML'
name: Test Person
sections:
  - title: Experience
    kind: experience
    entries:
      - organization: Acme
        summary: "Led the team.\n- Built **the** thing\n  across teams\n* Shipped it"
        highlights: [Existing one]
      - organization: Beta
        summary: "- only one"
      - organization: Gamma
        summary: "- one\n- two\n\nA closing paragraph."
YAML
"$FOLIO" build -f tree -o - "$tmp/bullets.yaml" > "$tmp/bullets.tree" 2> "$tmp/stderr"
cat > "$tmp/bullets.want" <<'TREE'
      paragraph role=body align=justify "Led the team."
      list
        item role=bullet "Built " [b]"the" " thing across teams"
        item role=bullet "Shipped it"
        item role=bullet "Existing one"
TREE
if grep -A4 '"Led the team."' "$tmp/bullets.tree" | diff -u "$tmp/bullets.want" - > "$tmp/diff" \
   && grep -q 'paragraph role=body align=justify "- only one"' "$tmp/bullets.tree" \
   && grep -q '"- one - two" ⏎ "A closing paragraph."' "$tmp/bullets.tree" && [ ! -s "$tmp/stderr" ]; then
  pass=$((pass + 1))
else
  echo "FAIL summary as a list:"; cat "$tmp/diff" "$tmp/stderr"; fail=$((fail + 1))
fi

echo "loader: $pass passed, $fail failed"
[ $fail -eq 0 ]
