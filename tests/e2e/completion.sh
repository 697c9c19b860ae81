#!/usr/bin/env bash
# Shell completions.  bash: the script is loaded and _folio run on command
# lines (commands, options per command, layout names from `folio layouts`,
# --opt=value, formats, engines, profile files).  fish (when installed):
# `complete -C` on the same lines.  zsh (when installed): the function
# parses and compinit registers it for folio; its answers are not checked.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
mkdir -p "$tmp/bin" "$tmp/w/sub"
ln -s "$FOLIO" "$tmp/bin/folio"
export PATH="$tmp/bin:$PATH" LC_ALL=C
cd "$tmp/w" || exit 1
touch cv.yaml cx.json notes.txt
layouts=$("$FOLIO" layouts | awk '{print $1}' | sort | tr '\n' ' ')
layouts=${layouts% }

# bash: "words|want" (want: the sorted completions, space-separated)
bash_complete() { # words...
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _folio; printf "%s\n" "${COMPREPLY[@]}"' _ "$SRC/completions/folio.bash" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
check_bash() { # want words...
  local want=$1; shift
  local got; got=$(bash_complete "$@")
  [ "$got" = "$want" ] && ok || bad "bash: '$*' completes to '$got', want '$want'"
}
check_bash "build" folio b
check_bash "--help --version -V -h build check help layouts new schema watch" folio ""
check_bash "--layout" folio build --la
check_bash "--compile --compile=" folio build --comp
check_bash "--name" folio new --n
check_bash "--all-variants" folio build --al
check_bash "--except" folio check --exc
check_bash "--set" folio check --se
check_bash "" folio new --se
check_bash "" folio build --variant ""
check_bash "--data-dir" folio layouts --d
check_bash "" folio layouts --q
check_bash "$(echo $layouts cv.yaml sub | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" folio build -l ""
check_bash "sans scholar sidebar sub" folio build --layout s
check_bash "classic columns compact" folio check --layout = c
check_bash "classic columns compact cv.yaml" folio build -l c
check_bash "lualatex pdflatex xelatex" folio build -f tex --compile = ""
check_bash "tex tree" folio build -f t
check_bash "cv.yaml cx.json" folio build c
check_bash "cv.yaml cx.json sub" folio check ""
check_bash "sub" folio new ""   # new never overwrites: no existing files offered
check_bash "" folio new --name ""
check_bash "build check layouts new schema watch" folio help ""
check_bash "layout" folio schema l
check_bash "--help -h layout profile" folio schema ""
check_bash "" folio schema layout ""
check_bash "watch" folio w
check_bash "--watch" folio build --wa
check_bash "" folio watch --wa
check_bash "--compile --compile=" folio watch --comp
check_bash "cv.yaml cx.json" folio watch c
check_bash "" folio watch --all   # watch rebuilds one output: no --all-variants
check_bash "--all-variants" folio build --all
# layout names come from the --data-dir on the line
mkdir -p "$tmp/d/layouts"; printf 'extends: classic\n' > "$tmp/d/layouts/zzmine.yaml"
check_bash "zzmine" folio build --data-dir "$tmp/d" -l zz

if command -v fish > /dev/null; then
  fish_complete() {
    fish --no-config -c 'source $argv[1]; complete -C $argv[2] | string replace -r "\t.*" ""' \
      "$SRC/completions/folio.fish" "$1" | sort | tr '\n' ' ' | sed 's/ $//'
  }
  check_fish() { # want line
    local got; got=$(fish_complete "$2")
    [ "$got" = "$1" ] && ok || bad "fish: '$2' completes to '$got', want '$1'"
  }
  check_fish "build" "folio b"
  check_fish "--layout" "folio build --la"
  check_fish "sans scholar sidebar" "folio build -l s"
  check_fish "--layout=classic --layout=columns --layout=compact" "folio check --layout=c"
  check_fish "tex tree" "folio build -f t"
  check_fish "--name" "folio new --n"
  check_fish "schema" "folio sc"
  check_fish "layout profile" "folio schema "
  check_fish "--variant" "folio build --varia"
  check_fish "--compile=xelatex" "folio build --compile=x"
  check_fish "watch" "folio w"
  check_fish "--watch" "folio build --wa"
  check_fish "tex tree" "folio watch -f t"
else
  echo "skip fish: not installed"
fi

if command -v zsh > /dev/null; then
  zsh -n "$SRC/completions/_folio" && ok || bad "zsh: _folio does not parse"
  out=$(zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -D; print -r -- ${_comps[folio]}' _ "$SRC/completions" 2>&1)
  [ "$out" = "_folio" ] && ok || bad "zsh: compinit does not register _folio for folio: $out"
else
  echo "skip zsh: not installed"
fi

echo "completion: $pass passed, $fail failed"
[ $fail -eq 0 ]
