#!/usr/bin/env bash
# Build a CV in CI: the shell logic of the GitHub Action (action.yml) and of
# the GitLab CI example (docs/ci.md).  Its inputs are environment variables
# (the Action's inputs), the profile also the first argument:
#
#   ci-build-cv.sh [PROFILE]
#   CV_PROFILE      the profile to build (required here or as the argument)
#   CV_LAYOUT       a layout name or .yaml file (default: the profile's own)
#   CV_FORMAT       pdf (default) or tex
#   CV_OUTPUT       the file to write (default: out/NAME.pdf or out/NAME.tex,
#                   NAME the profile's file name without .yaml)
#   FOLIO           the folio to run (default: folio on PATH)
#   FOLIO_SOURCE    a folio source tree: build folio from it first, with
#                   Debian's shared libraries, into FOLIO_BUILD_DIR (default
#                   $RUNNER_TEMP/folio-build, else $TMPDIR or /tmp); with
#                   FOLIO_INSTALL_DEPS=1 the build dependencies are
#                   installed first (scripts/install-deps.sh: root or sudo)
#   GITHUB_OUTPUT   if set, "path=OUTPUT" and "name=FILE-NAME" are appended
#   GITHUB_ACTIONS  if "true", folio's errors and warnings are repeated as
#                   ::error/::warning annotations on the profile's lines
#   SOURCE_DATE_EPOCH  passed on to folio: the PDF's dates
#
# Exit status: 0 when the CV is written; 2 for a bad input of this script
# (no or missing profile, unknown format, no folio, FOLIO_SOURCE not a folio
# source tree); 3 when folio's dependencies cannot be installed or folio
# does not build; otherwise folio's own (1 bad profile or layout, 3 system
# error).  A failed run writes nothing.
set -uo pipefail

die() { # status message
  echo "ci-build-cv: $2" >&2
  [ "${GITHUB_ACTIONS:-}" = true ] && echo "::error::ci-build-cv: $(escape_data "$2")"
  exit "$1"
}

# GitHub workflow-command escaping: data, and properties (file=...).
escape_data() {
  local s=${1//'%'/%25}
  s=${s//$'\r'/%0D}
  printf '%s' "${s//$'\n'/%0A}"
}
escape_property() {
  local s
  s=$(escape_data "$1")
  s=${s//:/%3A}
  printf '%s' "${s//,/%2C}"
}

# annotate FILE: each "PATH:LINE:COL: error|warning: MESSAGE" line of
# folio's stderr as a workflow annotation on that line.
annotate() {
  local line re='^(.+):([0-9]+):([0-9]+): (error|warning): (.*)$'
  while IFS= read -r line; do
    [[ $line =~ $re ]] || continue
    printf '::%s file=%s,line=%s,col=%s::%s\n' "${BASH_REMATCH[4]}" \
      "$(escape_property "${BASH_REMATCH[1]}")" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" \
      "$(escape_data "${BASH_REMATCH[5]}")"
  done < "$1"
}

profile=${1:-${CV_PROFILE:-}}
format=${CV_FORMAT:-pdf}
layout=${CV_LAYOUT:-}
[ $# -le 1 ] || die 2 "usage: ci-build-cv.sh [PROFILE] (more arguments given)"
[ -n "$profile" ] || die 2 "no profile: set CV_PROFILE (the Action's 'profile' input) or pass it as the argument"
[ -f "$profile" ] || die 2 "profile '$profile' does not exist (the path is relative to $(pwd))"
case $format in
  pdf | tex) ;;
  *) die 2 "format '$format' is not pdf or tex" ;;
esac
name=$(basename "$profile")
name=${name%.yaml}
name=${name%.yml}
output=${CV_OUTPUT:-out/$name.$format}
case $output in
  *$'\n'* | *$'\r'*) die 2 "the output path contains a line break" ;;
esac

if [ -n "${FOLIO_SOURCE:-}" ]; then
  src=$(cd "$FOLIO_SOURCE" && pwd) || die 2 "FOLIO_SOURCE '$FOLIO_SOURCE' is not a directory"
  [ -f "$src/CMakeLists.txt" ] || die 2 "FOLIO_SOURCE '$src' is not a folio source tree"
  build=${FOLIO_BUILD_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/folio-build}
  if [ "${FOLIO_INSTALL_DEPS:-0}" = 1 ]; then
    bash "$src/scripts/install-deps.sh" || die 3 "installing folio's build dependencies failed"
  fi
  echo "ci-build-cv: building folio from $src in $build" >&2
  # The build's own output goes to the log (stderr), for when it fails.
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFOLIO_STATIC_DEPS=OFF >&2 \
    || die 3 "cmake could not configure folio"
  cmake --build "$build" -j"$(nproc 2> /dev/null || echo 2)" --target folio >&2 \
    || die 3 "folio did not build"
  FOLIO=$build/folio
fi
folio=${FOLIO:-folio}
command -v "$folio" > /dev/null 2>&1 || die 2 "no folio to run: '$folio' is not a program (set FOLIO or FOLIO_SOURCE)"

args=(build -f "$format" -o "$output")
[ -z "$layout" ] || args+=(-l "$layout")
# The output's directory is made for the run, and removed again (what of it
# this run made, if still empty) when folio fails: a failed run writes nothing.
made_dirs=()
dir=$(dirname "$output")
while [ ! -e "$dir" ]; do
  made_dirs+=("$dir")
  dir=$(dirname "$dir")
done
mkdir -p "$(dirname "$output")" || die 3 "cannot create the directory of '$output'"
errors=$(mktemp) || die 3 "cannot create a temporary file"
cleanup() {
  rm -f "$errors"
  [ "${status:-1}" -eq 0 ] || for dir in "${made_dirs[@]}"; do rmdir "$dir" 2> /dev/null; done
}
trap cleanup EXIT
echo "ci-build-cv: $("$folio" --version) build $profile -> $output" >&2
"$folio" "${args[@]}" -- "$profile" 2> "$errors"
status=$?
cat "$errors" >&2
[ "${GITHUB_ACTIONS:-}" = true ] && annotate "$errors"
[ $status -eq 0 ] || die $status "folio could not build '$profile' (exit $status)"

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "path=$output"; echo "name=$(basename "$output")"; } >> "$GITHUB_OUTPUT" \
    || die 3 "cannot append to GITHUB_OUTPUT '$GITHUB_OUTPUT'"
fi
echo "ci-build-cv: wrote $output" >&2
