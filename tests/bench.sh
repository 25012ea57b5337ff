#!/usr/bin/env bash
# bench.sh — `make bench`: renders the annual package of a data folder several times and prints the
# median wall time, the bytes written and the peak RSS (/usr/bin/time), then the same for the whole year.
set -eu
KAOJI=$1 DATA=$2 RUNS=${RUNS:-7}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
measure() {   # name, command...
	local name=$1; shift
	: > "$tmp/times"
	for i in $(seq "$RUNS"); do
		rm -rf "$tmp/out"
		/usr/bin/time -f '%e %M' -o "$tmp/t" "$@" -o "$tmp/out" 2>/dev/null
		cat "$tmp/t" >> "$tmp/times"
	done
	local wall rss
	wall=$(cut -d' ' -f1 "$tmp/times" | median)
	rss=$(cut -d' ' -f2 "$tmp/times" | median)
	printf '%-34s median %5.2f s   peak RSS %5.1f MB   ' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)"
}
measure "annual (notice + 37 考绩单 + 合订本)" "$KAOJI" annual "$DATA"
pkg=$(cat "$tmp/out/notice.pdf" "$tmp/out"/scorecards/*.pdf | wc -c)
all=$(du -cb "$tmp/out"/*.pdf "$tmp/out"/scorecards/*.pdf | tail -1 | cut -f1)
printf 'notice + 37 考绩单 %.2f MB; with scorecards.pdf %.2f MB\n' "$(echo "$pkg / 1048576" | bc -l)" "$(echo "$all / 1048576" | bc -l)"
measure "year (annual + 12 月度通报)" "$KAOJI" year "$DATA"
printf '%d PDFs, %.2f MB\n' "$(find "$tmp/out" -name '*.pdf' | wc -l)" "$(echo "$(find "$tmp/out" -name '*.pdf' -exec cat {} + | wc -c) / 1048576" | bc -l)"
