#!/usr/bin/env bash
# Benchmark: wall time (median of >= 20 runs), peak RSS, output size and page
# count of `folio build` for data/example.yaml and data/long.yaml, against the
# project's targets.  Usage: bench/bench.sh [FOLIO] (default: build-release/folio,
# built here in Release mode when missing).  RUNS=N overrides the run count.
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
runs=${RUNS:-30}
[ "$runs" -ge 20 ] || runs=20
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "MEDIAN MIN CPU" [ms] of a command over $runs runs: median and fastest wall
# time, mean user+system CPU time (less sensitive to a busy machine; "?"
# without hyperfine).
median_ms() {
	if command -v hyperfine > /dev/null; then
		hyperfine -N --runs "$runs" --warmup 3 --export-json "$tmp/h.json" "$*" > /dev/null 2>&1 ||
			return 1
		python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f %.2f" % (r["median"] * 1000, r["min"] * 1000, (r["user"] + r["system"]) * 1000))' "$tmp/h.json"
	else
		local i t0 t1
		for ((i = 0; i < runs; i++)); do
			t0=$(date +%s%N)
			"$@" > /dev/null 2>&1 || return 1
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000))
		done | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f %.2f ?\n", m / 1000, a[1] / 1000 }'
	fi
}

# peak resident set size [KB] (largest of 5 runs)
peak_kb() {
	local i best=0 kb
	[ -x /usr/bin/time ] || { echo "?"; return; }
	for i in 1 2 3 4 5; do
		kb=$(/usr/bin/time -v "$@" 2>&1 > /dev/null | awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }')
		[ "${kb:-0}" -gt "$best" ] && best=$kb
	done
	echo "$best"
}

printf '%-8s %9s %7s %7s %10s %8s %5s   %s\n' profile "median ms" "min ms" "CPU ms" "peak RSS" size pages targets
row() { # name profile target_ms target_kb target_size_kb
	local name=$1 profile=$2 out="$tmp/$1.pdf"
	if ! "$folio" build -q -o "$out" "$profile" 2> "$tmp/err"; then
		echo "bench: $name failed: $(cat "$tmp/err")" >&2
		return 1
	fi
	local ms min cpu kb size pages verdict=""
	read -r ms min cpu <<< "$(median_ms "$folio" build -q -o "$out" "$profile")"
	kb=$(peak_kb "$folio" build -q -o "$out" "$profile")
	size=$(stat -c %s "$out")
	pages=$(pdfinfo "$out" 2> /dev/null | awk '/^Pages:/ { print $2 }')
	awk -v m="$ms" -v t="$3" 'BEGIN { exit !(m <= t) }' && verdict="time ok" || verdict="TIME OVER"
	if [ -n "$4" ]; then
		[ "$kb" != "?" ] && [ "$kb" -le "$4" ] && verdict="$verdict, rss ok" || verdict="$verdict, RSS OVER"
	fi
	if [ -n "$5" ]; then
		[ "$size" -le $(($5 * 1024)) ] && verdict="$verdict, size ok" || verdict="$verdict, SIZE OVER"
	fi
	printf '%-8s %9s %7s %7s %7s KB %5s KB %5s   %s (<= %s ms%s%s)\n' "$name" "$ms" "$min" "$cpu" "$kb" \
		"$(((size + 512) / 1024))" "${pages:-?}" "$verdict" "$3" "${4:+, <= $(($4 / 1024)) MB}" \
		"${5:+, <= $5 KB}"
}
row example "$src/data/example.yaml" 10 10240 35
row long "$src/data/long.yaml" 20 "" ""
if command -v typst > /dev/null; then
	echo "typst found, but no comparable document is kept in bench/ yet: skipped"
else
	echo "typst: not installed (not packaged for Debian 12): comparison skipped"
fi
echo "($("$folio" --version), $runs runs, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
