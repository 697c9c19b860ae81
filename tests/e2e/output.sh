#!/usr/bin/env bash
# What -o does with each kind of path (issue 10, findings 3 and 9): a
# regular file is replaced atomically (mode and owner kept, no temporary
# file left, an earlier good file survives a failed write); a symbolic link
# is followed and its target replaced in the target's directory, the link
# left alone (a dangling one creates its target); device nodes and FIFOs are
# written in place and stay what they were (/dev/full: exit 3, "No space
# left on device"; a FIFO nobody reads: exit 3 within seconds, no hang);
# sockets and directories are refused; a name of one of folio's descriptors
# (/dev/stdout, /dev/fd/N, /proc/self/fd/N or a link to one) is written as
# it is, so >> appends; names of 243-255 bytes work.
# Devices are made with mknod in a temporary directory, never the real
# /dev ones; without the right to mknod (not root) those cases are skipped.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0 skipped=0
ok()   { pass=$((pass + 1)); }
bad()  { echo "FAIL: $*"; fail=$((fail + 1)); }
skip() { echo "SKIP: $*"; skipped=$((skipped + 1)); }
profile="$SRC/data/example.yaml"
"$FOLIO" build -f tree -o "$tmp/want.tree" "$profile" 2> /dev/null || { echo "FAIL: cannot build"; exit 1; }

run() { # want-status folio-args... ; stderr in $tmp/err
  local want=$1; shift
  timeout 20 "$FOLIO" "$@" > "$tmp/out" 2> "$tmp/err"; local st=$?
  [ $st -eq "$want" ] && ok || { bad "'folio $*' exited $st, want $want: $(head -3 "$tmp/err")"; return 1; }
}
kind() { stat -c %F "$1" 2> /dev/null; }
no_temp() { # dir... : no folio temporary file left
  local d
  for d in "$@"; do
    if ls -A "$d" | grep -q '\.folio-'; then bad "temporary file left in $d: $(ls -A "$d" | grep '\.folio-')"; return; fi
  done
  ok
}

# ---- regular files ------------------------------------------------------
d="$tmp/reg"; mkdir "$d"
run 0 build -f tree -o "$d/new.tree" "$profile" && cmp -s "$d/new.tree" "$tmp/want.tree" && ok || bad "new file content"
(umask 077 && run 0 build -f tree -o "$d/private.tree" "$profile")
[ "$(stat -c %a "$d/private.tree")" = 600 ] && ok || bad "new file ignores the umask: $(stat -c %a "$d/private.tree")"
printf 'old' > "$d/old.tree"; chmod 640 "$d/old.tree"
run 0 build -f tree -o "$d/old.tree" "$profile"
cmp -s "$d/old.tree" "$tmp/want.tree" && ok || bad "existing file not replaced"
[ "$(stat -c %a "$d/old.tree")" = 640 ] && ok || bad "mode not kept: $(stat -c %a "$d/old.tree")"
if [ "$(id -u)" -eq 0 ]; then
  printf 'old' > "$d/owned.tree"; chown 12345:23456 "$d/owned.tree"
  run 0 build -f tree -o "$d/owned.tree" "$profile"
  [ "$(stat -c %u:%g "$d/owned.tree")" = 12345:23456 ] && ok || bad "owner not kept: $(stat -c %u:%g "$d/owned.tree")"
fi
no_temp "$d"

# a write that fails half-way (file size limit, ulimit -f) keeps the earlier
# file, no temp.  SIGXFSZ is left at its default action here, as a shell
# gives it: folio ignores it itself, so the limit is "File too large", exit
# 3, not a silent death by SIGXFSZ (exit 153) that left NAME.folio-XXXXXX
printf 'earlier good output' > "$d/keep.pdf"
( ulimit -f 4; exec env --default-signal=XFSZ "$FOLIO" build -o "$d/keep.pdf" "$profile" ) > "$tmp/out" 2> "$tmp/err"
st=$?
[ $st -eq 3 ] && ok || bad "file size limit: exit $st, want 3: $(cat "$tmp/err")"
[ "$(cat "$d/keep.pdf")" = "earlier good output" ] && ok || bad "failed write clobbered the earlier file"
grep -qx "folio: error: cannot write '$d/keep.pdf': File too large" "$tmp/err" && ok || bad "failed write message: $(cat "$tmp/err")"
no_temp "$d"
# ... and through --compile: the .tex (the engine never starts)
printf 'earlier tex' > "$d/keep.tex"
( ulimit -f 4; exec env --default-signal=XFSZ PATH=/nonexistent "$FOLIO" build -f tex --compile -o "$d/keep.tex" "$profile" ) > "$tmp/out" 2> "$tmp/err"
st=$?
[ $st -eq 3 ] && [ "$(cat "$d/keep.tex")" = "earlier tex" ] && grep -qx "folio: error: cannot write '$d/keep.tex': File too large" "$tmp/err" \
  && ok || bad "file size limit with --compile: exit $st: $(cat "$tmp/err")"
no_temp "$d"

# ---- standard output that goes away: an error, not a silent SIGPIPE death ---
# (SIGPIPE at its default action, as a shell gives it; > 64 KiB of tree)
{ printf 'name: Ada\nsections:\n'; for s in 1 2 3; do printf '  - title: T%d\n    kind: bullet\n    entries:\n' $s
  for i in $(seq 1 1000); do echo "      - item $i"; done; done; } > "$tmp/big.yaml"
env --default-signal=PIPE "$FOLIO" build -f tree -o - "$tmp/big.yaml" 2> "$tmp/err" | head -c 1 > /dev/null
st=${PIPESTATUS[0]}
[ "$st" -eq 3 ] && grep -qx "folio: error: cannot write to standard output: Broken pipe" "$tmp/err" \
  && ok || bad "-o - into a closed pipe: exit $st (141: killed by SIGPIPE): $(cat "$tmp/err")"
env --default-signal=PIPE "$FOLIO" build -f tree -o /dev/stdout "$tmp/big.yaml" 2> "$tmp/err" | head -c 1 > /dev/null
st=${PIPESTATUS[0]}
[ "$st" -eq 3 ] && grep -q "Broken pipe" "$tmp/err" && ok || bad "-o /dev/stdout into a closed pipe: exit $st: $(cat "$tmp/err")"
# folio layouts into a pipe already closed (its output is small): a FIFO
# whose one reader came and went
mkfifo "$tmp/closed"; (exec 3< "$tmp/closed"; exec 3<&-) & exec 4> "$tmp/closed"; wait
env --default-signal=PIPE "$FOLIO" layouts >&4 2> "$tmp/err"; st=$?
exec 4>&-
[ "$st" -eq 3 ] && grep -qx "folio: error: cannot write to standard output: Broken pipe" "$tmp/err" \
  && ok || bad "layouts into a closed pipe: exit $st: $(cat "$tmp/err")"

# ---- long names: 243..255 bytes work, 256 is the file system's refusal ------
d="$tmp/long"; mkdir "$d"
for n in 243 250 255; do
  name=$(head -c "$n" /dev/zero | tr '\0' 'n')
  run 0 build -f tree -o "$d/$name" "$profile" && [ -s "$d/$name" ] && ok || bad "$n-byte name"
  run 0 build -f tree -o "$d/$name" "$profile" # replacing it too
done
name=$(printf 'é%.0s' $(seq 1 127))x # 255 bytes, the cut must not split a character
run 0 build -f tree -o "$d/$name" "$profile" && [ -s "$d/$name" ] && ok || bad "255-byte UTF-8 name"
name=$(head -c 256 /dev/zero | tr '\0' 'n')
run 3 build -f tree -o "$d/$name" "$profile"
grep -q "File name too long" "$tmp/err" && ok || bad "256-byte name message: $(cat "$tmp/err")"
no_temp "$d"

# ---- symbolic links -----------------------------------------------------
d="$tmp/links"; mkdir -p "$d/a" "$d/b"
printf 'old' > "$d/b/target.tree"; chmod 604 "$d/b/target.tree"
ln -s ../b/target.tree "$d/a/link.tree"
run 0 build -f tree -o "$d/a/link.tree" "$profile"
[ -L "$d/a/link.tree" ] && [ "$(readlink "$d/a/link.tree")" = ../b/target.tree ] && ok || bad "symlink replaced: $(kind "$d/a/link.tree")"
cmp -s "$d/b/target.tree" "$tmp/want.tree" && ok || bad "symlink target not written"
[ "$(stat -c %a "$d/b/target.tree")" = 604 ] && ok || bad "target mode not kept"
# a chain of links
ln -s link.tree "$d/a/chain.tree"; printf 'old' > "$d/b/target.tree"
run 0 build -f tree -o "$d/a/chain.tree" "$profile"
[ -L "$d/a/chain.tree" ] && [ -L "$d/a/link.tree" ] && cmp -s "$d/b/target.tree" "$tmp/want.tree" && ok || bad "link chain"
# dangling: the target is created, the link stays
ln -s ../b/created.tree "$d/a/dangling.tree"
run 0 build -f tree -o "$d/a/dangling.tree" "$profile"
[ -L "$d/a/dangling.tree" ] && cmp -s "$d/b/created.tree" "$tmp/want.tree" && ok || bad "dangling link"
ln -s ../nowhere/x.tree "$d/a/dangling-dir.tree"
run 3 build -f tree -o "$d/a/dangling-dir.tree" "$profile"
[ -L "$d/a/dangling-dir.tree" ] && ok || bad "link into a missing directory was replaced"
# loops and links to directories
ln -s loop2 "$d/a/loop1"; ln -s loop1 "$d/a/loop2"
run 3 build -f tree -o "$d/a/loop1" "$profile"
grep -q "Too many levels of symbolic links" "$tmp/err" && ok || bad "link loop message: $(cat "$tmp/err")"
ln -s ../b "$d/a/dirlink"
run 3 build -f tree -o "$d/a/dirlink" "$profile"
[ -L "$d/a/dirlink" ] && ok || bad "link to a directory replaced"
no_temp "$d/a" "$d/b"
# the temporary file is made in the target's directory: across file systems
# a temporary file beside the link could not be renamed onto the target
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -c %d /dev/shm)" != "$(stat -c %d "$tmp")" ]; then
  x=$(mktemp -d /dev/shm/folio-output.XXXXXX)
  printf 'old' > "$x/target.tree"; ln -s "$x/target.tree" "$d/a/far.tree"
  run 0 build -f tree -o "$d/a/far.tree" "$profile"
  cmp -s "$x/target.tree" "$tmp/want.tree" && [ -L "$d/a/far.tree" ] && ok || bad "link to another file system"
  no_temp "$x" "$d/a"
  rm -rf "$x"
else
  skip "no second file system (/dev/shm) for the cross-device link"
fi

# ---- directories --------------------------------------------------------
mkdir "$tmp/adir"
run 3 build -f tree -o "$tmp/adir" "$profile"
grep -qx "folio: error: cannot write '$tmp/adir': is a directory" "$tmp/err" && ok || bad "directory message: $(cat "$tmp/err")"

# ---- FIFOs --------------------------------------------------------------
d="$tmp/fifo"; mkdir "$d"
mkfifo "$d/p"
timeout 10 cat "$d/p" > "$d/got" & reader=$!
run 0 build -f tree -o "$d/p" "$profile"
wait $reader
[ -p "$d/p" ] && ok || bad "FIFO replaced: $(kind "$d/p")"
cmp -s "$d/got" "$tmp/want.tree" && ok || bad "FIFO reader got other bytes"
start=$(date +%s)
run 3 build -f tree -o "$d/p" "$profile"
[ $(($(date +%s) - start)) -le 5 ] && ok || bad "FIFO without a reader took $(($(date +%s) - start)) s"
grep -qx "folio: error: cannot write '$d/p': no process is reading the FIFO" "$tmp/err" && ok || bad "FIFO without a reader: $(cat "$tmp/err")"
[ -p "$d/p" ] && ok || bad "FIFO replaced after a failed write"
# a reader that goes away: an error, not a silent SIGPIPE death
{ printf 'name: Ada\nsections:\n'; for s in 1 2 3; do printf '  - title: T%d\n    kind: bullet\n    entries:\n' $s
  for i in $(seq 1 1000); do echo "      - item $i"; done; done; } > "$d/big.yaml" # > 64 KiB of tree
timeout 10 head -c 1 "$d/p" > /dev/null & reader=$!
run 3 build -f tree -o "$d/p" "$d/big.yaml"
wait $reader
grep -q "Broken pipe" "$tmp/err" && ok || bad "closed reader: $(cat "$tmp/err")"
[ -p "$d/p" ] && ok || bad "FIFO replaced"
no_temp "$d"

# ---- a socket -----------------------------------------------------------
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$tmp/sock" 2> /dev/null
if [ -S "$tmp/sock" ]; then
  run 3 build -f tree -o "$tmp/sock" "$profile"
  [ -S "$tmp/sock" ] && ok || bad "socket replaced: $(kind "$tmp/sock")"
  grep -qx "folio: error: cannot write '$tmp/sock': it is a socket" "$tmp/err" && ok || bad "socket message: $(cat "$tmp/err")"
else
  skip "could not make a UNIX socket"
fi

# ---- names of folio's own descriptors: written as they are, like "-" -------
# (a link of ours to /proc/self/fd/1, never the real /dev/stdout: an old
# folio run as root would replace that)
ln -s /proc/self/fd/1 "$tmp/stdout-link"
"$FOLIO" build -f tree -o "$tmp/stdout-link" "$profile" 2> "$tmp/err" | cat > "$tmp/piped"
cmp -s "$tmp/piped" "$tmp/want.tree" && [ -L "$tmp/stdout-link" ] && ok || bad "stdout link into a pipe: $(cat "$tmp/err")"
printf 'header\n' > "$tmp/appended"
"$FOLIO" build -f tree -o "$tmp/stdout-link" "$profile" >> "$tmp/appended" 2> "$tmp/err"
{ printf 'header\n'; cat "$tmp/want.tree"; } | cmp -s - "$tmp/appended" && [ -L "$tmp/stdout-link" ] && ok || bad "stdout link with >> did not append: $(cat "$tmp/err")"
printf 'header\n' > "$tmp/fd3"
"$FOLIO" build -f tree -o /proc/self/fd/3 "$profile" 3>> "$tmp/fd3" 2> "$tmp/err"
{ printf 'header\n'; cat "$tmp/want.tree"; } | cmp -s - "$tmp/fd3" && ok || bad "/proc/self/fd/3 with 3>>: $(cat "$tmp/err")"
"$FOLIO" build -f tree -o >(cat > "$tmp/substituted") "$profile" 2> "$tmp/err"; sleep 0.5
cmp -s "$tmp/substituted" "$tmp/want.tree" && ok || bad "process substitution (/dev/fd/63): $(cat "$tmp/err")"
run 3 build -f tree -o /proc/self/fd/9 "$profile"
grep -qx "folio: error: cannot write '/proc/self/fd/9': Bad file descriptor" "$tmp/err" && ok || bad "closed descriptor: $(cat "$tmp/err")"

# ---- device nodes (root only: mknod) --------------------------------------
d="$tmp/dev"; mkdir "$d"
if mknod "$d/null" c 1 3 2> /dev/null && mknod "$d/full" c 1 7 2> /dev/null; then
  run 0 build -o "$d/null" "$profile"
  [ "$(stat -c '%F %t:%T' "$d/null")" = "character special file 1:3" ] && ok || bad "null device replaced: $(kind "$d/null")"
  run 3 build -o "$d/full" "$profile"
  grep -qx "folio: error: cannot write '$d/full': No space left on device" "$tmp/err" && ok || bad "/dev/full message: $(cat "$tmp/err")"
  [ "$(stat -c '%F %t:%T' "$d/full")" = "character special file 1:7" ] && ok || bad "full device replaced: $(kind "$d/full")"
  ln -s null "$d/lnull"
  run 0 build -f tex -o "$d/lnull" "$profile"
  [ -L "$d/lnull" ] && [ -c "$d/null" ] && ok || bad "link to a device"
  no_temp "$d"
else
  skip "mknod not permitted (not root): device cases"
fi

echo "output: $pass passed, $fail failed, $skipped skipped"
[ $fail -eq 0 ]
