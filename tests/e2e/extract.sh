#!/usr/bin/env bash
# Text extraction, every layout x every profile (data/example.yaml,
# data/long.yaml, tests/cvs/*.yaml): folio builds exit 0 and print nothing
# (or exactly the warnings of the profile's .warnings file); qpdf --check is
# clean; pdffonts is silent and lists every font embedded, subset and with
# ToUnicode; two builds are byte-identical; and tests/tools/extract_check.py
# passes: pdftotext, `mutool draw -F txt` and pdfminer, each in its default
# mode, extract every name, section title and row cell (titles,
# organisations, dates) whole and in reading order, print nothing on stderr,
# and no icon glyph or foreign character (docs/extraction.md).
#
# Known failures: tests/e2e/extract-known.txt, "layout extractor string"
# lines; a failure matching one is reported as XFAIL, and a line that
# matched no failure fails the test (the bug is fixed: delete the line).
# Extractor "folio", key "<warnings>": folio's warnings differ from the
# profile's .warnings file with that layout.
#
#   bash tests/e2e/extract.sh                 # the test (ctest: e2e/extract)
#   bash tests/e2e/extract.sh --report        # ... then warnings and detached dates
#   bash tests/e2e/extract.sh --update-known  # rewrite extract-known.txt from today's failures
#
# FOLIO (the binary) and SRC (the source tree) default to build/folio and
# the tree this script is in.  EXTRACT_JOBS sets the parallel jobs (nproc).
set -u
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
FOLIO=${FOLIO:-$SRC/build/folio}
mode="test"
case ${1:-} in
--report) mode=report ;;
--update-known) mode=update ;;
"") ;;
*)
	echo "usage: $0 [--report | --update-known]" >&2
	exit 2
	;;
esac
[ -x "$FOLIO" ] || {
	echo "extract: no folio binary at $FOLIO (set FOLIO)" >&2
	exit 2
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
known="$SRC/tests/e2e/extract-known.txt"
tools="$SRC/tests/tools"
fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}

# An interpreter that has pdfminer (Debian's python3-pdfminer is for
# /usr/bin/python3; a pyenv python3 first in PATH lacks it), resolved past
# version-manager shims.
python=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import pdfminer' 2> /dev/null; then
		python=$("$p" -c 'import sys; print(sys.executable)')
		break
	fi
done
if [ -z "$python" ]; then
	echo "FAIL: no python3 with pdfminer (apt-get install python3-pdfminer; scripts/install-deps.sh --test)"
	exit 1
fi
for t in pdftotext pdffonts mutool qpdf; do
	command -v "$t" > /dev/null || {
		echo "FAIL: $t is not installed (scripts/install-deps.sh --test)"
		exit 1
	}
done

# The checker's own tests first: hand-made trees (with regions) and texts.
if "$python" "$tools/test_extract_check.py" > "$tmp/unit.log" 2>&1; then ok; else
	bad "tests/tools/test_extract_check.py:"
	cat "$tmp/unit.log"
fi

# check NAME PROFILE LAYOUT: every check of one build; output lines, then
# "COUNTS pass fail".  Runs in a background job: scratch files are NAME.*.
check() {
	local name=$1 profile=$2 layout=$3 f="$tmp/$1"
	pass=0 fail=0
	: > "$f.known"
	: > "$f.newknown"
	if ! "$FOLIO" build -o "$f.pdf" -l "$layout" "$profile" 2> "$f.stderr"; then
		bad "$name: build failed: $(head -c 400 "$f.stderr")"
		echo "COUNTS $pass $fail"
		return
	fi
	ok
	expect_warnings "$name" "$profile" "$layout" > "$f.warn"
	if [ -s "$f.warn" ]; then
		# a mismatch: known when the list has "LAYOUT folio <warnings>"
		echo "$layout folio <warnings>" >> "$f.newknown"
		local n
		n=$(known_line "$layout" folio "<warnings>")
		if [ -n "$n" ]; then
			sed "s/^FAIL: $name: /$name: XFAIL folio: warnings: <warnings> -- /" "$f.warn"
			echo "$n" >> "$f.known"
		else
			cat "$f.warn"
			fail=$((fail + 1))
		fi
	fi
	"$FOLIO" build -q -f tree -o "$f.tree" -l "$layout" "$profile" 2> /dev/null && ok ||
		bad "$name: tree build failed"
	"$FOLIO" build -o "$f.again.pdf" -l "$layout" "$profile" 2> /dev/null
	cmp -s "$f.pdf" "$f.again.pdf" && ok || bad "$name: two builds differ"
	qpdf --check "$f.pdf" > "$f.qpdf" 2>&1 && ok || bad "$name: qpdf --check: $(tail -3 "$f.qpdf")"
	if pdffonts "$f.pdf" > "$f.fonts" 2> "$f.fonts.err" && [ ! -s "$f.fonts.err" ]; then ok; else
		bad "$name: pdffonts failed or printed on stderr: $(head -c 300 "$f.fonts.err")"
	fi
	tail -n +3 "$f.fonts" > "$f.fontlist"
	[ -s "$f.fontlist" ] && ok || bad "$name: pdffonts lists no fonts"
	# columns from the right: emb sub uni object-id generation
	awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes"' "$f.fontlist" > "$f.badfonts"
	[ ! -s "$f.badfonts" ] && ok || bad "$name: fonts not embedded+subset+ToUnicode: $(cat "$f.badfonts")"
	# a font name without the 6-letter subset tag
	awk '$1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/' "$f.fontlist" > "$f.untagged"
	[ ! -s "$f.untagged" ] && ok || bad "$name: font names without a subset tag: $(cat "$f.untagged")"
	local k=()
	[ -f "$known" ] && k=(--known "$known")
	if "$python" "$tools/extract_check.py" "$f.pdf" "$f.tree" "${k[@]}" \
		--layout "$layout" --label "$name" --emit-known -q > "$f.extract" 2>&1; then ok; else
		fail=$((fail + 1))
	fi
	grep -Ev '^(NEW)?KNOWN ' "$f.extract"
	sed -n 's/^KNOWN //p' "$f.extract" >> "$f.known"
	sed -n 's/^NEWKNOWN //p' "$f.extract" >> "$f.newknown"
	echo "COUNTS $pass $fail"
}

# expect_warnings NAME PROFILE LAYOUT: folio printed nothing, or, when
# PROFILE has a .warnings file beside it (PROFILE.LAYOUT.warnings first),
# one line per line of that file, each matching its extended regular
# expression (paths relative to the source tree), as tests/e2e/pdf.sh
# checks it.  Prints "FAIL: ..." lines for a mismatch (the
# caller counts them), nothing otherwise.
expect_warnings() {
	local name=$1 want="${2%.yaml}.warnings" got="$tmp/$1.stderr.rel"
	# a layout whose fonts cover more may expect fewer: PROFILE.LAYOUT.warnings
	[ -n "${3:-}" ] && [ -f "${2%.yaml}.$3.warnings" ] && want="${2%.yaml}.$3.warnings"
	# the one-line report of the written file is not a warning (e2e/cli checks it)
	sed "s|$SRC/||g; /^folio: note: wrote '/d" "$tmp/$name.stderr" > "$got"
	if [ ! -f "$want" ]; then
		[ -s "$got" ] && echo "FAIL: $name: folio printed: $(cat "$got")"
		return
	fi
	if [ "$(wc -l < "$got")" -ne "$(wc -l < "$want")" ]; then
		echo "FAIL: $name: want $(wc -l < "$want") warning line(s), got: $(cat "$got")"
		return
	fi
	local i=0 line pattern
	while IFS= read -r pattern; do
		i=$((i + 1))
		line=$(sed -n "${i}p" "$got")
		printf '%s\n' "$line" | grep -Eq -- "$pattern" ||
			echo "FAIL: $name: warning $i '$line' does not match '$pattern'"
	done < "$want"
}

# known_line LAYOUT EXTRACTOR KEY: the number of the first line of the
# known-failures list with a bare key that matches (fnmatch patterns, as
# extract_check.py reads them), or nothing.
known_line() {
	[ -f "$known" ] || return 0
	local n=0 l e k
	while read -r l e k; do
		n=$((n + 1))
		case $l in "" | "#"*) continue ;; esac
		case $k in '"'*) continue ;; esac
		# shellcheck disable=SC2053 # the list's fields are glob patterns
		if [[ $1 == $l && $2 == $e && $3 == $k ]]; then
			echo "$n"
			return 0
		fi
	done < "$known"
}

profiles=("$SRC/data/example.yaml" "$SRC/data/long.yaml" "$SRC"/tests/cvs/*.yaml)
layouts=()
for l in "$SRC"/layouts/*.yaml; do layouts+=("$(basename "$l" .yaml)"); done
jobs_max=${EXTRACT_JOBS:-$(nproc 2> /dev/null || echo 2)}
names=()
for layout in "${layouts[@]}"; do
	for profile in "${profiles[@]}"; do
		name="$layout-$(basename "$profile" .yaml)"
		names+=("$name")
		while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
		check "$name" "$profile" "$layout" > "$tmp/$name.log" 2>&1 &
	done
done
wait
[ ${#names[@]} -ge 24 ] && ok || bad "${#names[@]} builds, want at least 3 layouts x 8 profiles"
nxfail=0
for name in "${names[@]}"; do
	grep -v '^COUNTS ' "$tmp/$name.log"
	counts=$(sed -n 's/^COUNTS //p' "$tmp/$name.log")
	if [ -n "$counts" ]; then
		pass=$((pass + ${counts% *})) fail=$((fail + ${counts#* }))
	else
		bad "$name: the check did not finish"
	fi
	nxfail=$((nxfail + $(grep -c ': XFAIL ' "$tmp/$name.log")))
done

# Known failures that no longer fail.
if [ -f "$known" ] && [ $mode != update ]; then
	cat "$tmp"/*.known 2> /dev/null | sort -un > "$tmp/known.hit"
	awk 'NR == FNR { hit[$1] = 1; next }
		!/^#/ && NF && !(FNR in hit) { print FNR ": '\''" $0 "'\''" }' \
		"$tmp/known.hit" "$known" > "$tmp/known.stale"
	while IFS= read -r line; do
		bad "tests/e2e/extract-known.txt:$line no longer fails: delete the line"
	done < "$tmp/known.stale"
fi

if [ $mode = update ]; then
	# the comment lines, then every failure of today, known or not, as the
	# line that matches it exactly
	{
		grep '^#' "$known" 2> /dev/null
		for name in "${names[@]}"; do cat "$tmp/$name.newknown" 2> /dev/null; done | LC_ALL=C sort -u
	} > "$tmp/known.new"
	cp "$tmp/known.new" "$known"
	echo "extract: wrote $(grep -vc '^#' "$known") known failures to $known; review the diff"
	exit 0
fi

if [ $mode = report ]; then
	echo
	echo "== folio's warnings =="
	for name in "${names[@]}"; do
		[ -s "$tmp/$name.stderr" ] && sed "s|$SRC/||g; s/^/$name: /" "$tmp/$name.stderr"
	done
	echo
	echo "== detached dates (pdfminer, default LAParams): detached / entries with dates =="
	args=()
	for name in "${names[@]}"; do
		[ -s "$tmp/$name.pdf" ] && [ -s "$tmp/$name.tree" ] && args+=("$tmp/$name.pdf" "$tmp/$name.tree")
	done
	"$python" "$tools/detached_dates.py" "${args[@]}" > "$tmp/detached.tsv"
	"$python" - "$tmp/detached.tsv" "${layouts[*]}" "${profiles[*]}" << 'EOF'
import os, sys
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    name = f[0][:-4]
    rows[name] = [int(x.split()[-1]) for x in f[1:]]
layouts = sys.argv[2].split()
profiles = [os.path.basename(p)[:-5] for p in sys.argv[3].split()]
w = max(len(p) for p in profiles + ["profile", "all"])
print("| " + "profile".ljust(w) + " | " + " | ".join(l.rjust(9) for l in layouts) + " |")
print("|" + "-" * (w + 2) + "|" + "|".join("-" * 10 + ":" for _ in layouts) + "|")
tot = {l: [0, 0, 0] for l in layouts}
for p in profiles:
    cells = []
    for l in layouts:
        r = rows.get(f"{l}-{p}")
        if r is None:
            cells.append("-".rjust(9))
            continue
        for i in range(3):
            tot[l][i] += r[i]
        cells.append((f"{r[1]}/{r[0]}" + ("*" if r[2] else "")).rjust(9))
    print("| " + p.ljust(w) + " | " + " | ".join(cells) + " |")
print("| " + "all".ljust(w) + " | " + " | ".join(f"{t[1]}/{t[0]}".rjust(9) for t in tot.values()) + " |")
if any(t[2] for t in tot.values()):
    print("* some titles were not found whole (split by the extraction); those entries are not counted as detached:",
          ", ".join(f"{l} {t[2]}" for l, t in tot.items() if t[2]))
EOF
fi

echo "extract: $pass passed, $fail failed, $nxfail known failures (XFAIL)"
[ $fail -eq 0 ]
