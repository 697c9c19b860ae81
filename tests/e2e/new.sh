#!/usr/bin/env bash
# folio new: the starter profile builds as it is, with no warning, through
# every layout (named by --layout or by -l at build time); an existing FILE
# (file, directory, link, dangling link) is never touched; hostile --name
# values read back exactly as typed or are refused; a broken or missing
# template is reported with its position; a failed run writes nothing.
set -u
: "${FOLIO:?}" "${SRC:?}"
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
w="$tmp/w"; mkdir -p "$w"; cd "$w" || exit 1
unset FOLIO_DATA_DIR FOLIO_DATA_DIR_ONLY

# the default: cv.yaml, which builds with no message at all in every layout
expect_status 0 "$FOLIO" new
expect_err "folio: note: wrote 'cv.yaml'; edit it, then run 'folio build' on it"
[ -f cv.yaml ] && ok || bad "no cv.yaml"
grep -q '^name: "Your Name"$' cv.yaml && grep -q '^layout: classic ' cv.yaml && ok || bad "default name/layout"
grep -qF 'folio build cv.yaml' cv.yaml && ok || bad "comment names the file"
for k in text experience education project publication award talk skill language bullet; do
  "$FOLIO" build -f tree -o - cv.yaml | grep -q "kind=$k\b" && ok || bad "no $k section in the starter"
done 2> /dev/null
layouts=$("$FOLIO" layouts | awk '{print $1}')
[ "$(wc -w <<< "$layouts")" -ge 9 ] && ok || bad "layouts: $layouts"
for l in $layouts; do
  expect_status 0 "$FOLIO" build -l "$l" -o "$l.pdf" cv.yaml
  grep -qx "folio: note: wrote '$l.pdf': [0-9]* pages*, $(( ($(stat -c %s "$l.pdf") + 512) / 1024 )) KB" "$tmp/stderr" \
    && [ "$(wc -l < "$tmp/stderr")" -eq 1 ] && ok || bad "build -l $l printed: $(cat "$tmp/stderr")"
  expect_status 0 "$FOLIO" new "n-$l.yaml" --layout "$l" -q
  [ ! -s "$tmp/stderr" ] && grep -q "^layout: $l " "n-$l.yaml" && ok || bad "new --layout $l"
  for f in pdf tex; do
    expect_status 0 "$FOLIO" build -q -f "$f" "n-$l.yaml"
    [ ! -s "$tmp/stderr" ] && ok || bad "build -f $f of new --layout $l printed: $(cat "$tmp/stderr")"
  done
done
expect_status 0 "$FOLIO" new --name 'Ada Lovelace' -l sans - 
head -1 "$tmp/stdout" | grep -q '^# folio starter' && grep -q '^name: "Ada Lovelace"$' "$tmp/stdout" && ok || bad "new - (stdout)"
[ ! -s "$tmp/stderr" ] && ok || bad "new - printed: $(cat "$tmp/stderr")"
mkdir -p sub && (cd sub && expect_status 0 "$FOLIO" new --name X ../other.yaml) && [ -f other.yaml ] && ok || bad "relative FILE"

# never overwrite: a file, a directory, a link, a dangling link; nothing changes
cp cv.yaml cv.orig
printf 'name: Mine\n' > mine.yaml; mkdir adir; ln -s mine.yaml link.yaml; ln -s nowhere.yaml dangling.yaml
for f in cv.yaml mine.yaml adir link.yaml dangling.yaml; do
  expect_status 2 "$FOLIO" new "$f" --name Someone
  expect_err "folio: error: '$f' already exists; folio new never overwrites a file (choose another FILE)"
done
cmp -s cv.yaml cv.orig && [ "$(cat mine.yaml)" = "name: Mine" ] && [ ! -e nowhere.yaml ] && [ -d adir ] && ok || bad "an existing file was changed"
expect_status 2 "$FOLIO" new
expect_err "folio: error: 'cv.yaml' already exists; folio new never overwrites a file (choose another FILE)"
# a missing directory is not made; nothing is left behind
expect_status 3 "$FOLIO" new no/such/dir/cv.yaml
expect_err "folio: error: cannot write 'no/such/dir/cv.yaml': No such file or directory"
[ ! -e no ] && ok || bad "new made a directory"
ls -A | grep -q folio- && bad "temporary file left: $(ls -A)" || ok

# usage errors: nothing is written
for args in "--name" "--name=" "x.yaml --name a --name b" "x.yaml -o y" "x.yaml -f pdf" \
            "x.yaml y.yaml" "x.yaml --layout ../x.yaml" "x.yaml --layout -l" "''" \
            "x.yaml --layout nope" "x.yaml --namex a" "x.yaml --compile"; do
  eval "expect_status 2 \"\$FOLIO\" new $args"
  [ ! -e x.yaml ] && [ ! -e y.yaml ] && ok || bad "new $args wrote a file"
done
expect_status 2 "$FOLIO" new x.yaml --layout clasic
grep -q '^folio: error: layout "clasic" not found (searched: .*) (did you mean "classic"?)$' "$tmp/stderr" && ok || bad "did-you-mean: $(cat "$tmp/stderr")"
expect_status 2 "$FOLIO" new x.yaml --layout 'a b'
expect_err "folio: error: new --layout takes the name of a layout (see 'folio layouts'), not 'a b'"
expect_status 2 "$FOLIO" build cv.yaml --name X
expect_err "folio: error: --name belongs to new"

# hostile names: YAML and Markdown syntax reads back as typed (the tree dump
# shows the name, with \ and " escaped); control characters are refused
i=0
while IFS= read -r name; do
  i=$((i + 1))
  expect_status 0 "$FOLIO" new "h$i.yaml" --name "$name" -q
  "$FOLIO" build -f tree -o - "h$i.yaml" > "$tmp/tree" 2> "$tmp/stderr" && [ ! -s "$tmp/stderr" ] && ok || bad "h$i ($name) does not build: $(cat "$tmp/stderr")"
  want=$(sed 's/\\/\\\\/g; s/"/\\"/g' <<< "$name")
  grep -qF "paragraph role=name align=center [nobreak]\"$want\"" "$tmp/tree" && ok || bad "name '$name' reads back as: $(grep -m1 'role=name' "$tmp/tree")"
done << 'NAMES'
O'Brien "Bob" \ \\ \" \n
Ada: Lovelace # not a comment
# heading? - list? > quote?
- dash -- and --- and ... and ~~strike~~ | pipe
*bold* _em_ `code` [link](https://e.org) <b>tag</b> &amp; &#65; !x
{flow: map}, [flow, seq], &anchor *alias !!tag %directive @at
'single' "double" ''"" \t \x41 \u0041
Zoë Ünïcödé Όνομα Имя Ærø
1. ordered
'
"
NAMES
for name in $'two\nlines' $'tab\there' $'cr\rhere' $'esc\033[31m' $'\xc2\x85nel' $'ls\xe2\x80\xa8x'; do
  expect_status 2 "$FOLIO" new bad.yaml --name "$name"
  expect_err "folio: error: --name must be one line without control characters"
done
expect_status 2 "$FOLIO" new bad.yaml --name $'bad\xffutf8'
expect_err "folio: error: --name is not valid UTF-8"
expect_status 2 "$FOLIO" new bad.yaml --name '   '
expect_err "folio: error: --name is empty"
expect_status 2 "$FOLIO" new bad.yaml --name "$(printf 'x%.0s' {1..257})"
expect_err "folio: error: --name is too long (a name, not a paragraph)"
[ ! -e bad.yaml ] && ok || bad "a refused name wrote a file"
# a name the layout's fonts cannot print whole is refused (it would not build)
expect_status 1 "$FOLIO" new cjk.yaml --name "山田 Taro"
grep -q 'error: the name "山田 Taro" would lose characters U+5C71 "山", U+7530 "田"' "$tmp/stderr" && ok || bad "a CJK name: $(cat "$tmp/stderr")"
[ ! -e cjk.yaml ] && ok || bad "a name that cannot print wrote a file"

# the template is data: broken ones are reported where they are broken
d="$tmp/data"; mkdir -p "$d/templates"
printf '# x\nname: ${NAME}\nfoo: ${BOGUS}\nsections: [{title: T, entries: [a]}]\n' > "$d/templates/starter.yaml"
expect_status 1 "$FOLIO" new t1.yaml --data-dir "$d"
expect_err "$d/templates/starter.yaml:3:6: error: unknown placeholder \"\${BOGUS}\" (NAME, LAYOUT, FILE, LOCALE or SECTION:KEY)"
printf '# x\nname: ${NAME}\nheadlin: x\nsections: [{title: T, entries: [a]}]\n' > "$d/templates/starter.yaml"
expect_status 1 "$FOLIO" new t1.yaml --data-dir "$d"
grep -q "^$d/templates/starter.yaml:3:1: error: unknown key \"headlin\"" "$tmp/stderr" && ok || bad "template error position: $(cat "$tmp/stderr")"
head -c 5000000 /dev/zero | tr '\0' '#' > "$d/templates/starter.yaml"
expect_status 3 "$FOLIO" new t1.yaml --data-dir "$d"
expect_err "folio: error: cannot read template '$d/templates/starter.yaml': File too large"
rm -f "$d/templates/starter.yaml"
FOLIO_DATA_DIR_ONLY=1 expect_status 3 "$FOLIO" new t1.yaml --data-dir "$d"
expect_err "folio: error: starter template not found (searched: $d/templates); --data-dir or FOLIO_DATA_DIR can name a directory with templates/starter.yaml"
[ ! -e t1.yaml ] && ok || bad "a broken template wrote a file"

echo "new: $pass passed, $fail failed"
[ $fail -eq 0 ]
