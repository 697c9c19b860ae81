#!/usr/bin/env bash
# The CI recipe: scripts/ci-build-cv.sh, run as the GitHub Action and the
# GitLab example run it (inputs in the environment, FOLIO the freshly built
# folio), writes the CV where asked (default out/NAME.pdf, a layout, a .tex)
# and reports it in a $GITHUB_OUTPUT-style file; a missing, absent or bad
# profile, an unknown format, no folio or a FOLIO_SOURCE that is no source
# tree fail with a message and a non-zero status, write nothing and report
# nothing, and folio's errors become ::error annotations on the profile's
# lines under GitHub Actions.  The
# Action, the example workflow and the GitLab example parse as YAML, hand
# the Action's inputs to the script by the names it reads, and name no path
# of this machine.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
script="$SRC/scripts/ci-build-cv.sh"
unset FOLIO_DATA_DIR FOLIO_DATA_DIR_ONLY CV_PROFILE CV_LAYOUT CV_FORMAT CV_OUTPUT FOLIO_SOURCE \
  GITHUB_OUTPUT GITHUB_ACTIONS
command -v qpdf > /dev/null || { echo "FAIL: qpdf is not installed (scripts/install-deps.sh --test)"; exit 1; }

# run WANT-STATUS [VAR=VALUE...] [-- ARGS]: the script in $w with the
# given environment; stdout+stderr in $tmp/log.
run() {
  local want=$1 got; shift
  local envs=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
  [ "${1:-}" = -- ] && shift
  (cd "$w" && env "${envs[@]}" bash "$script" "$@") > "$tmp/log" 2>&1
  got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "${envs[*]} $* exited $got, want $want: $(cat "$tmp/log")"; fi
}
fresh() { rm -rf "$tmp/w"; w="$tmp/w"; mkdir -p "$w"; cp "$SRC/data/example.yaml" "$w/"; : > "$tmp/gh-out"; }
pdf_ok() { qpdf --check "$1" > "$tmp/qpdf" 2>&1 && ok || bad "qpdf --check $1: $(cat "$tmp/qpdf")"; }

# ---- success: the defaults, the profile from the environment
fresh
run 0 FOLIO="$FOLIO" CV_PROFILE=example.yaml GITHUB_OUTPUT="$tmp/gh-out"
[ -s "$w/out/example.pdf" ] && ok || bad "no out/example.pdf: $(ls -R "$w")"
pdf_ok "$w/out/example.pdf"
printf 'path=out/example.pdf\nname=example.pdf\n' | cmp -s - "$tmp/gh-out" && ok || bad "GITHUB_OUTPUT: $(cat "$tmp/gh-out")"
grep -q '^ci-build-cv: wrote out/example.pdf$' "$tmp/log" && ok || bad "no 'wrote' line: $(cat "$tmp/log")"
# the same bytes as folio run by hand
(cd "$w" && "$FOLIO" build -o by-hand.pdf example.yaml) && cmp -s "$w/by-hand.pdf" "$w/out/example.pdf" && ok \
  || bad "the script's PDF differs from folio build's"

# the profile as the argument, a layout, an output in a new directory
fresh
run 0 FOLIO="$FOLIO" CV_LAYOUT=sans CV_OUTPUT=dist/cv/Ada.pdf GITHUB_OUTPUT="$tmp/gh-out" -- example.yaml
pdf_ok "$w/dist/cv/Ada.pdf"
(cd "$w" && "$FOLIO" build -l sans -o sans.pdf example.yaml) && cmp -s "$w/sans.pdf" "$w/dist/cv/Ada.pdf" && ok \
  || bad "CV_LAYOUT=sans not used"
grep -qx 'path=dist/cv/Ada.pdf' "$tmp/gh-out" && grep -qx 'name=Ada.pdf' "$tmp/gh-out" && ok || bad "GITHUB_OUTPUT: $(cat "$tmp/gh-out")"

# LaTeX, folio found on PATH
fresh
mkdir -p "$tmp/bin"; ln -sf "$FOLIO" "$tmp/bin/folio"
run 0 PATH="$tmp/bin:$PATH" CV_PROFILE=example.yaml CV_FORMAT=tex
grep -q '\\documentclass' "$w/out/example.tex" 2> /dev/null && ok || bad "no LaTeX in out/example.tex"

# ---- failures: non-zero, a message, nothing written or reported
check_nothing() { # what
  [ ! -e "$w/out" ] && ok || bad "$1: wrote $(ls -R "$w/out")"
  [ ! -s "$tmp/gh-out" ] && ok || bad "$1: GITHUB_OUTPUT written: $(cat "$tmp/gh-out")"
}
fresh
run 2 FOLIO="$FOLIO" GITHUB_OUTPUT="$tmp/gh-out"
grep -q "^ci-build-cv: no profile: set CV_PROFILE" "$tmp/log" && ok || bad "no-profile message: $(cat "$tmp/log")"
check_nothing "no profile"
run 2 FOLIO="$FOLIO" CV_PROFILE=missing.yaml GITHUB_OUTPUT="$tmp/gh-out" GITHUB_ACTIONS=true
grep -q "^ci-build-cv: profile 'missing.yaml' does not exist" "$tmp/log" && ok || bad "missing-profile message: $(cat "$tmp/log")"
grep -q "^::error::ci-build-cv: profile 'missing.yaml' does not exist" "$tmp/log" && ok || bad "missing profile: no annotation"
check_nothing "missing profile"
run 2 FOLIO="$FOLIO" CV_PROFILE=example.yaml CV_FORMAT=docx GITHUB_OUTPUT="$tmp/gh-out"
grep -q "format 'docx' is not pdf or tex" "$tmp/log" && ok || bad "bad-format message: $(cat "$tmp/log")"
check_nothing "bad format"
run 2 FOLIO="$tmp/no-such-folio" CV_PROFILE=example.yaml GITHUB_OUTPUT="$tmp/gh-out"
grep -q "no folio to run" "$tmp/log" && ok || bad "no-folio message: $(cat "$tmp/log")"
check_nothing "no folio"
run 2 FOLIO="$FOLIO" -- example.yaml extra
check_nothing "two arguments"
run 2 FOLIO_SOURCE="$tmp/no-such-dir" CV_PROFILE=example.yaml GITHUB_OUTPUT="$tmp/gh-out"
grep -q "FOLIO_SOURCE '$tmp/no-such-dir' is not a directory" "$tmp/log" && ok || bad "bad FOLIO_SOURCE message: $(cat "$tmp/log")"
check_nothing "FOLIO_SOURCE missing"
run 2 FOLIO_SOURCE="$tmp/bin" CV_PROFILE=example.yaml GITHUB_OUTPUT="$tmp/gh-out"
grep -q "is not a folio source tree" "$tmp/log" && ok || bad "FOLIO_SOURCE not a tree: $(cat "$tmp/log")"
check_nothing "FOLIO_SOURCE not a source tree"

# a bad profile: folio's status and positioned errors, as annotations too
fresh
printf 'name: Ada\nsections: 3\nbogus: 1\n' > "$w/bad.yaml"
run 1 FOLIO="$FOLIO" CV_PROFILE=bad.yaml GITHUB_OUTPUT="$tmp/gh-out" GITHUB_ACTIONS=true
grep -q '^bad.yaml:3:1: error: unknown key "bogus" in the profile$' "$tmp/log" && ok || bad "folio's error: $(cat "$tmp/log")"
grep -q '^::error file=bad.yaml,line=3,col=1::unknown key "bogus" in the profile$' "$tmp/log" && ok \
  || bad "no annotation: $(cat "$tmp/log")"
grep -q '^::error file=bad.yaml,line=2,col=11::' "$tmp/log" && ok || bad "second error not annotated"
grep -q "^ci-build-cv: folio could not build 'bad.yaml' (exit 1)$" "$tmp/log" && ok || bad "failure message: $(cat "$tmp/log")"
check_nothing "bad profile"
# no annotations outside GitHub Actions; a failed run leaves an earlier CV alone
mkdir -p "$w/out"; echo keep > "$w/out/bad.pdf"
run 1 FOLIO="$FOLIO" CV_PROFILE=bad.yaml
grep -q '^::' "$tmp/log" && bad "annotations without GITHUB_ACTIONS" || ok
[ "$(cat "$w/out/bad.pdf")" = keep ] && ok || bad "earlier output clobbered"
# annotation data is escaped: a file name with a comma and a colon
printf 'name: Ada\nbogus: 1\n' > "$w/a,b:c.yaml"
run 1 FOLIO="$FOLIO" 'CV_PROFILE=a,b:c.yaml' GITHUB_ACTIONS=true
grep -q '^::error file=a%2Cb%3Ac.yaml,line=2,col=1::' "$tmp/log" && ok || bad "property not escaped: $(grep '^::' "$tmp/log")"

# ---- the Action, the example workflow, the GitLab example
python3 - "$SRC" "$script" > "$tmp/py" 2>&1 <<'PY' && ok || bad "CI files: $(cat "$tmp/py")"
import re, sys, yaml
src, script = sys.argv[1], open(sys.argv[2]).read()
problems = []
def load(rel):
    with open(f"{src}/{rel}") as f:
        text = f.read()
    for pinned in ("/work/", "/tmp/ci", "/root/"):
        if pinned in text:
            problems.append(f"{rel} names {pinned}")
    return text, yaml.safe_load(text)

text, action = load("action.yml")
if action["runs"]["using"] != "composite":
    problems.append("action.yml is not a composite action")
inputs = set(action["inputs"])
for want in ("profile", "layout", "format", "output", "folio", "artifact-name", "attach-to-release"):
    if want not in inputs:
        problems.append(f"action.yml lacks input {want}")
for used in re.findall(r"inputs\.([A-Za-z0-9_-]+)", text):
    if used not in inputs:
        problems.append(f"action.yml uses undeclared input {used}")
steps = action["runs"]["steps"]
build = [s for s in steps if "ci-build-cv.sh" in s.get("run", "")]
if len(build) != 1 or build[0].get("id") != "build":
    problems.append("action.yml: no step 'build' running scripts/ci-build-cv.sh")
else:
    for var in build[0]["env"]:
        if var != "FOLIO_CHOICE" and "${" + var + ":" not in script and "$" + var not in script:
            problems.append(f"the script never reads {var}")
    if "${{" in build[0]["run"]:
        problems.append("inputs pasted into the shell text")
uses = [s.get("uses", "") for s in steps]
if not any(u.startswith("actions/upload-artifact@") for u in uses):
    problems.append("action.yml uploads no artifact")
release = [s for s in steps if "release" in s.get("if", "")]
if not release or "steps.build.outputs.path" not in str(release[0].get("with")):
    problems.append("action.yml attaches nothing to a release")
for out in ("path", "name"):
    if f"{out}=" not in script:
        problems.append(f"the script writes no {out}= to GITHUB_OUTPUT")

text, wf = load("docs/examples/github-release.yml")
on = wf.get("on", wf.get(True))
if "release" not in on:
    problems.append("the example workflow does not run on release")
steps = wf["jobs"]["cv"]["steps"]
if not any(s.get("uses", "").split("@")[0].endswith("/folio") for s in steps):
    problems.append("the example workflow does not use the folio action")
if wf["permissions"].get("contents") != "write":
    problems.append("the example workflow cannot attach to a release")

text, gl = load("docs/examples/gitlab-ci.yml")
if "scripts/ci-build-cv.sh" not in " ".join(gl["cv"]["script"]):
    problems.append("the GitLab example does not run scripts/ci-build-cv.sh")
if "$CI_COMMIT_TAG" not in str(gl["release"]["rules"]):
    problems.append("the GitLab release job is not for tags")
link = gl["release"]["release"]["assets"]["links"][0]["url"]
if not link.endswith("/" + gl["variables"]["CV_OUTPUT"]):
    problems.append(f"the release link {link} is not the artifact {gl['variables']['CV_OUTPUT']}")
if gl["variables"]["CV_OUTPUT"] not in gl["cv"]["artifacts"]["paths"]:
    problems.append("the GitLab job keeps no artifact of the CV")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY

echo "ci_script: $pass passed, $fail failed"
[ $fail -eq 0 ]
