#!/usr/bin/env bash
# folio watch: builds once, then again on each save of the profile, by rename
# (as vim and VS Code save) and in place; a broken profile or layout file is
# reported as FILE:LINE:COL and leaves the last good PDF byte for byte; its fix
# rebuilds; a layout the profile switches to is watched from then on; SIGINT
# and SIGTERM end it with status 0 and no temporary file; FOLIO_WATCH_POLL=1
# (polling instead of inotify) sees an edit too; -q keeps errors only; usage
# errors; SIGINT during a --compile build and while the output is written
# leaves no engine, directory or temporary file and ends with status 0.  Every wait polls for its result with a time limit: nothing here
# sleeps a fixed time to let folio work.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2> /dev/null; rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
command -v pdftotext > /dev/null && command -v pdfinfo > /dev/null ||
  { echo "FAIL: pdftotext and pdfinfo (poppler-utils) are needed"; exit 1; }
unset FOLIO_DATA_DIR FOLIO_DATA_DIR_ONLY FOLIO_WATCH_POLL
limit=60 # [s] for any one wait (sanitizer builds on a loaded machine are slow)

# until CMD succeeds (true) or $limit seconds pass (false); polls every 50 ms
wait_for() {
  local end=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -ge "$end" ] && return 1
    sleep 0.05
  done
}
pdf_has()  { pdftotext "$1" - 2> /dev/null | grep -qF -- "$2"; }
lines()    { grep -cE -- "$2" "$1"; }             # lines of file $1 matching $2
has_lines() { [ "$(lines "$1" "$2")" -ge "$3" ]; } # at least $3 of them
# start `folio ARGS...` in the background in the current directory, stderr to
# err; SIGINT is given its default action back (a shell without job control
# starts background commands with it ignored, and folio keeps it so)
start() { env --default-signal=INT "$FOLIO" "$@" > stdout 2> err & pid=$!; }
# stop it with signal $1; its exit status in $status
stop() { kill -"$1" "$pid"; wait "$pid"; status=$?; pid=; }
# save files by rename (a new file renamed over the old) or in place (one write
# into the truncated file, same inode)
save_rename() { sed "$2" "$1" > ".$1.swp" && mv ".$1.swp" "$1"; }
save_inplace() { local new; new=$(sed "$2" "$1"); printf '%s\n' "$new" > "$1"; }
no_temp_files() { [ -z "$(find . -name '*.folio-*')" ]; }
builds='note: (built|rebuilt|build failed)'

# ---- inotify (the default on Linux) -----------------------------------------
w="$tmp/w"; mkdir -p "$w"; cd "$w" || exit 1
cp "$SRC/data/example.yaml" cv.yaml
cp "$SRC/layouts/classic.yaml" mine.yaml
start watch cv.yaml -o cv.pdf
wait_for pdf_has cv.pdf "Xuanlei Zhao" && ok || bad "no first PDF: $(cat err)"
wait_for has_lines err "$builds" 1 && ok || bad "no build line: $(cat err)"
grep -qE "^folio: note: built 'cv.pdf' in [0-9]+ ms; watching [0-9]+ files \(Ctrl-C stops\)$" err &&
  ok || bad "first build line: $(cat err)"
grep -q 'polling' err && bad "inotify not used: $(cat err)" || ok

# a save by rename
save_rename cv.yaml 's/^name: Xuanlei Zhao/name: Ada Renamed/'
wait_for pdf_has cv.pdf "Ada Renamed" && ok || bad "rename save not rebuilt: $(cat err)"
wait_for has_lines err "$builds" 2 && ok || bad "no rebuild line: $(cat err)"
grep -qE "^folio: note: rebuilt 'cv.pdf' in [0-9]+ ms \('cv.yaml' changed\)$" err &&
  ok || bad "rebuild line: $(cat err)"

# a save in place (after a write to a file beside it, which is no change: the
# count of builds at the end says so, as it does for cv.pdf's own writes)
echo "not an input" > notes.txt
ino=$(stat -c %i cv.yaml)
save_inplace cv.yaml 's/^name: Ada Renamed/name: Bob Inplace/'
[ "$(stat -c %i cv.yaml)" = "$ino" ] && ok || bad "the in-place save made a new file"
wait_for pdf_has cv.pdf "Bob Inplace" && ok || bad "in-place save not rebuilt: $(cat err)"
wait_for has_lines err "$builds" 3 && ok || bad "no rebuild line: $(cat err)"

# a broken profile: FILE:LINE:COL, the last good PDF untouched
cp cv.pdf good.pdf
save_rename cv.yaml 's/^name: Bob Inplace/nmae: Bob Inplace/'
wait_for has_lines err 'build failed' 1 && ok || bad "no failure reported: $(cat err)"
grep -qxF 'cv.yaml:10:1: error: unknown key "nmae" in the profile (did you mean "name"?)' err &&
  ok || bad "error not at cv.yaml:10:1: $(cat err)"
grep -qE "^folio: note: build failed; 'cv.pdf' left as it was; watching [0-9]+ files for a change$" err &&
  ok || bad "failure line: $(cat err)"
cmp -s cv.pdf good.pdf && ok || bad "the failed build changed cv.pdf"
no_temp_files && ok || bad "temporary files left: $(find . -name '*.folio-*')"
# fixed: built again
save_rename cv.yaml 's/^nmae: Bob Inplace/name: Cy Fixed/'
wait_for pdf_has cv.pdf "Cy Fixed" && ok || bad "the fix was not built: $(cat err)"

# the profile switches to a layout file: that file is watched from then on
pdfinfo cv.pdf | grep -q '(A4)' && ok || bad "not A4 to begin with"
save_rename cv.yaml '$a layout: mine.yaml'
wait_for has_lines err "$builds" 6 && ok || bad "layout switch not built: $(cat err)"
save_rename mine.yaml 's/^  size: A4$/  size: letter/'
wait_for eval "pdfinfo cv.pdf | grep -q '(letter)'" && ok || bad "layout edit not built: $(cat err)"
grep -qE "^folio: note: rebuilt 'cv.pdf' in [0-9]+ ms \('mine.yaml' changed\)$" err &&
  ok || bad "layout rebuild line: $(cat err)"
# a broken layout file, then its fix (it is still watched while it does not load)
cp cv.pdf good.pdf
save_rename mine.yaml 's/^  size: letter$/  size: Z9/'
wait_for has_lines err 'build failed' 2 && ok || bad "broken layout not reported: $(cat err)"
grep -qE '^mine\.yaml:8:[0-9]+: error: ' err && ok || bad "layout error not at mine.yaml:8: $(cat err)"
cmp -s cv.pdf good.pdf && ok || bad "the failed build changed cv.pdf"
save_rename mine.yaml 's/^  size: Z9$/  size: A3/'
wait_for eval "pdfinfo cv.pdf | grep -q '(A3)'" && ok || bad "layout fix not built: $(cat err)"
wait_for has_lines err "$builds" 9 && ok || bad "builds: $(cat err)"

# Ctrl-C: status 0, no temporary file; one build per save (9 so far)
stop INT
[ "$status" -eq 0 ] && ok || bad "SIGINT: exit status $status, want 0"
no_temp_files && ok || bad "temporary files left: $(find . -name '*.folio-*')"
[ "$(lines err "$builds")" -eq 9 ] && ok || bad "9 builds expected: $(cat err)"
grep -vE "$builds|^(cv|mine)\.yaml:[0-9]+:[0-9]+: error: " err && bad "unexpected output above" || ok
[ ! -s stdout ] && ok || bad "stdout: $(cat stdout)"

# ---- polling (FOLIO_WATCH_POLL=1), through build --watch; SIGTERM -------------
p="$tmp/p"; mkdir -p "$p/sub"; cd "$p" || exit 1
cp "$SRC/data/example.yaml" sub/cv.yaml
FOLIO_WATCH_POLL=1 start build --watch sub/cv.yaml
wait_for pdf_has out/cv.pdf "Xuanlei Zhao" && ok || bad "polling: no first PDF: $(cat err)"
grep -qxF 'folio: note: watching by polling every 250 ms' err && ok || bad "polling: note: $(cat err)"
(cd sub && save_rename cv.yaml 's/^name: Xuanlei Zhao/name: Poll Seen/')
wait_for pdf_has out/cv.pdf "Poll Seen" && ok || bad "polling: edit not built: $(cat err)"
wait_for has_lines err "$builds" 2 && ok || bad "polling: no rebuild line: $(cat err)"
grep -qE "^folio: note: rebuilt 'out/cv.pdf' in [0-9]+ ms \('sub/cv.yaml' changed\)$" err &&
  ok || bad "polling: rebuild line: $(cat err)"
stop TERM
[ "$status" -eq 0 ] && ok || bad "SIGTERM: exit status $status, want 0"
no_temp_files && ok || bad "polling: temporary files left"

# ---- a profile broken from the start, -q: errors only, then the fix ----------
q="$tmp/q"; mkdir -p "$q"; cd "$q" || exit 1
sed 's/^name: /nmae: /' "$SRC/data/example.yaml" > cv.yaml
start watch -q cv.yaml
wait_for has_lines err 'error: ' 2 && ok || bad "-q: no error: $(cat err)"
[ ! -e out/cv.pdf ] && ok || bad "-q: a PDF from a broken profile"
save_rename cv.yaml 's/^nmae: /name: /'
wait_for pdf_has out/cv.pdf "Xuanlei Zhao" && ok || bad "-q: the fix was not built: $(cat err)"
stop INT
[ "$status" -eq 0 ] && ok || bad "-q: exit status $status"
grep -q 'note:' err && bad "-q printed notes: $(cat err)" || ok

# ---- SIGINT in the middle of a build -----------------------------------------
# during a --compile, with a (fake, never-ending) engine running: the engine's
# group is killed, the folio-tex-* directory removed, status 0
c="$tmp/c"; mkdir -p "$c/bin" "$c/tmp"; cd "$c" || exit 1
printf '#!/bin/sh\nsleep 1000 &\necho "$$ $!" > started\nwait\n' > bin/pdflatex
chmod +x bin/pdflatex
cp "$SRC/data/example.yaml" cv.yaml
mark() { compgen -G "$c/tmp/folio-tex-*/started" | head -1; }
started() { local m; m=$(mark) && [ -s "$m" ]; }
PATH="$c/bin:/usr/bin:/bin" TMPDIR="$c/tmp" start watch -f tex --compile=pdflatex cv.yaml
wait_for started && ok || bad "--compile: the engine never started: $(cat err)"
read -r engine child < "$(mark)"
stop INT
[ "$status" -eq 0 ] && ok || bad "SIGINT during --compile: exit status $status, want 0"
gone() { [ ! -e "/proc/$1" ] || grep -q ') Z' "/proc/$1/stat" 2> /dev/null; }
wait_for eval "gone ${engine:-0} && gone ${child:-0}" && ok || bad "the engine ($engine, $child) survives"
[ -z "$(ls "$c/tmp")" ] && ok || bad "left in TMPDIR: $(ls "$c/tmp")"
[ ! -e out/cv.pdf ] && ok || bad "--compile wrote a PDF"
# while the output is written (strace delivers SIGINT at the fchmod between
# write and rename): the temporary file is removed, status 0
if command -v strace > /dev/null && strace -o /dev/null true 2> /dev/null; then
  s="$tmp/s"; mkdir -p "$s"; cd "$s" || exit 1
  cp "$SRC/data/example.yaml" cv.yaml
  # LeakSanitizer cannot run under ptrace
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" timeout -k 5 60 \
    env --default-signal=INT strace -f -o trace -e trace=openat,fchmod,rename \
    -e inject=fchmod:signal=INT "$FOLIO" watch cv.yaml -o cv.pdf 2> err
  status=$?
  [ "$status" -eq 0 ] && ok || bad "SIGINT while writing: exit status $status, want 0: $(cat err)"
  grep -q 'fchmod(' trace && grep -q '\.folio-' trace && ok || bad "strace saw no temporary file"
  [ ! -e cv.pdf ] && no_temp_files && ok || bad "SIGINT while writing left: $(ls)"
else
  echo "skip SIGINT while writing: strace missing or not permitted"
fi

# ---- usage errors -----------------------------------------------------------
expect_usage() { # message cmd...
  local want=$1; shift
  "$@" > /dev/null 2> err2; local st=$?
  [ $st -eq 2 ] && grep -qF -- "$want" err2 && ok || bad "'$*': exit $st, stderr $(cat err2)"
}
expect_usage "watch: missing PROFILE" "$FOLIO" watch
expect_usage "-o must name a regular file, and '-' is not one" "$FOLIO" watch cv.yaml -o -
expect_usage "--watch belongs to build" "$FOLIO" check --watch cv.yaml
expect_usage "option '--watch' is given more than once" "$FOLIO" build --watch --watch cv.yaml
"$FOLIO" watch --help | grep -q '^usage: folio watch PROFILE' && ok || bad "watch --help"

echo "watch: $pass passed, $fail failed"
[ $fail -eq 0 ]
