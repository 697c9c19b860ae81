#!/usr/bin/env bash
# The man pages: clean under `mandoc -Tlint` (warnings and worse) and groff's
# own warnings (what `man -l` runs); every command and option that
# `folio --help` and `folio COMMAND --help` print is documented in folio(1),
# and every option folio(1) documents exists (so the page cannot drift from
# the program); the examples in folio-profile(5) and folio-layout(5) build.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
man1="$SRC/man/folio.1"
pages=("$man1" "$SRC/man/folio-profile.5" "$SRC/man/folio-layout.5")

command -v mandoc > /dev/null || { echo "FAIL: mandoc is not installed (scripts/install-deps.sh --test)"; exit 1; }
for p in "${pages[@]}"; do
  out=$(mandoc -Tlint -Wwarning "$p" 2>&1) && [ -z "$out" ] && ok || bad "mandoc -Tlint $(basename "$p"): $out"
  out=$(groff -mandoc -ww -z "$p" 2>&1) && [ -z "$out" ] && ok || bad "groff warnings $(basename "$p"): $out"
  out=$(MANWIDTH=80 man -l "$p" 2>&1 > "$tmp/page") && [ -z "$out" ] && [ -s "$tmp/page" ] && ok || bad "man -l $(basename "$p"): $out"
done

# commands: the "Commands:" block of folio --help, each an .It Cm in folio(1)
"$FOLIO" --help > "$tmp/help"
commands=$(sed -n '/^Commands:/,/^$/p' "$tmp/help" | awk 'NF && $1 != "Commands:" {print $1}')
[ -n "$commands" ] && ok || bad "no commands in folio --help"
for c in $commands; do
  grep -qE "^\.It Cm $c( |$)" "$man1" && ok || bad "command '$c' (folio --help) is not documented in folio(1)"
  "$FOLIO" "$c" --help >> "$tmp/help"
done
# options: every -x and --name that the help texts print
help_opts=$(grep -oE '(^|[ [,])--?[a-zA-Z][a-zA-Z-]*' "$tmp/help" | sed 's/^[ [,]//' | sort -u)
man_opts=$(grep -oE '\bFl (Fl )?[a-zA-Z][a-zA-Z-]*' "$man1" | sed -E 's/^Fl Fl /--/; s/^Fl /-/' | sort -u)
[ "$(wc -w <<< "$help_opts")" -ge 10 ] && ok || bad "too few options found in the help: $help_opts"
for o in $help_opts; do
  grep -qxF -- "$o" <<< "$man_opts" && ok || bad "option '$o' (folio --help) is not documented in folio(1)"
done
for o in $man_opts; do
  grep -qxF -- "$o" <<< "$help_opts" && ok || bad "folio(1) documents '$o', which no --help mentions"
done
# each option has its own .It entry
for o in $help_opts; do
  case "$o" in
    --*) pat="Fl Fl ${o#--}" ;;
    *)   pat="Fl ${o#-}" ;;
  esac
  grep -qE "^\.It (Fl [a-zA-Z] , )?$pat( |$)" "$man1" && ok || bad "no .It entry for '$o' in folio(1)"
done

# the literal examples of the section 5 pages build
cd "$tmp" || exit 1
extract() { awk '/^\.Sh EXAMPLES/ {e = 1} e && /^\.Bd -literal/ {p = 1; next} p && /^\.Ed/ {exit} p' "$1"; }
extract "$SRC/man/folio-profile.5" > profile.yaml
extract "$SRC/man/folio-layout.5" > mine.yaml
[ -s profile.yaml ] && [ -s mine.yaml ] && ok || bad "examples not found"
"$FOLIO" check profile.yaml 2> err && [ ! -s err ] && ok || bad "folio-profile(5) example: $(cat err)"
"$FOLIO" check -l mine.yaml profile.yaml 2> err && [ ! -s err ] && ok || bad "folio-layout(5) example: $(cat err)"

echo "man: $pass passed, $fail failed"
[ $fail -eq 0 ]
