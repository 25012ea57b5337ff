#!/usr/bin/env bash
# bench.sh — `make bench`: kaoji's annual package against a Typst peer, then kaoji on a province.
#
# Usage: tests/bench.sh KAOJI DATA_DIR   (from the source tree; `make bench` installs what it needs)
#   RUNS=5                   interleaved runs of each peer in part 1 (medians are printed)
#   SCALE="500 2000 10000"   the province sizes of part 2 (one run of each command per size)
#
# 1. `kaoji annual DATA_DIR` (notice + 37 scorecards + scorecards.pdf) and the same package from
#    Typst (tests/bench: annual.typ, its input from kaoji's own results by typst_data.py, the same
#    font files, rendered by typst-peer.mjs in one node process), run in turns: kaoji, Typst,
#    kaoji, Typst…  Each whole process is timed by /usr/bin/time: wall, CPU (user+sys), peak RSS.
# 2. tests/province/gen.py N (cached in build/province/N) for each N; `kaoji check`, `annual` and
#    `year` once each; the exponent k of time ≈ c·N^k by least squares on log time vs log N.
# Speed is only printed here, never asserted (make test does not run this).
set -eu
KAOJI=$(realpath "$1") DATA=$2 RUNS=${RUNS:-5} SCALE=${SCALE:-500 2000 10000}
HERE=$(dirname "$(realpath "$0")") ROOT=$(dirname "$(dirname "$(realpath "$0")")")
BENCH=$ROOT/build/bench WORK=$ROOT/build/bench/run
rm -rf "$WORK"; mkdir -p "$WORK"
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
bytes() { cat "$@" | wc -c; }
# Runs a command under /usr/bin/time, appending "wall cpu rss_kb" to the file $1.
timed() {
	local log=$1; shift
	/usr/bin/time -f '%e %U %S %M' -o "$WORK/t" "$@" >"$WORK/stdout" 2>"$WORK/stderr" ||
		{ echo "failed: $*" >&2; cat "$WORK/stderr" >&2; exit 1; }
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$WORK/t" >> "$log"
}
col() { cut -d' ' -f"$1" "$2" | median; }   # median of column $1 of file $2
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

# --- 1. kaoji vs Typst on the annual package ---------------------------------------------------
"$KAOJI" year "$DATA" -o "$WORK/year" >/dev/null 2>&1     # kaoji's numbers for the peer (untimed)
mkdir -p "$BENCH/typst"
cp "$HERE/bench/annual.typ" "$BENCH/typst/"
python3 "$HERE/bench/typst_data.py" "$DATA" "$WORK/year" "$BENCH/typst/data.json" "$KAOJI"
node "$HERE/bench/typst-peer.mjs" "$BENCH" "$BENCH/typst" --fonts
typst_version=$(node -p "require('$BENCH/node_modules/@myriaddreamin/typst-ts-node-compiler/package.json').version")
: > "$WORK/k.log"; : > "$WORK/t.log"; : > "$WORK/in.log"
for i in $(seq "$RUNS"); do
	rm -rf "$WORK/k" "$WORK/tp"
	timed "$WORK/k.log" "$KAOJI" annual "$DATA" -o "$WORK/k"
	timed "$WORK/t.log" node "$HERE/bench/typst-peer.mjs" "$BENCH" "$BENCH/typst" "$WORK/tp" "$WORK/in"
	cat "$WORK/in" >> "$WORK/in.log"
done
kw=$(col 1 "$WORK/k.log") kc=$(col 2 "$WORK/k.log") kr=$(col 3 "$WORK/k.log")
tw=$(col 1 "$WORK/t.log") tc=$(col 2 "$WORK/t.log") tr=$(col 3 "$WORK/t.log")
iw=$(col 1 "$WORK/in.log") ic=$(col 2 "$WORK/in.log")
kb=$(bytes "$WORK/k/notice.pdf" "$WORK/k"/scorecards/*.pdf) tb=$(bytes "$WORK/tp/notice.pdf" "$WORK/tp"/scorecards/*.pdf)
kB=$((kb + $(bytes "$WORK/k/scorecards.pdf"))) tB=$((tb + $(bytes "$WORK/tp/scorecards.pdf")))
units=$(find "$WORK/k/scorecards" -name '*.pdf' | wc -l)
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }

printf '\n== 1. 年度文件 (notice + %d 考绩单 + scorecards.pdf) of %s: kaoji vs Typst, median of %d interleaved runs\n' \
	"$units" "$DATA" "$RUNS"
printf '   Typst: @myriaddreamin/typst-ts-node-compiler %s, untagged PDF (pdfTags: false), the font files kaoji uses\n' "$typst_version"
printf '   pages: kaoji notice %s + scorecards.pdf %s;  Typst notice %s + scorecards.pdf %s\n' \
	"$(pages "$WORK/k/notice.pdf")" "$(pages "$WORK/k/scorecards.pdf")" "$(pages "$WORK/tp/notice.pdf")" "$(pages "$WORK/tp/scorecards.pdf")"
printf '%-46s %12s %12s %12s\n' "" kaoji Typst kaoji/Typst
row() { printf '%-46s %12s %12s %12s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
row "wall, whole process (s)" "$kw" "$tw"
row "CPU user+sys, whole process (s)" "$kc" "$tc"
row "wall, Typst in-process (s) ¹" "$kw" "$iw"
row "CPU, Typst in-process (s) ¹" "$kc" "$ic"
row "peak RSS (MB)" "$(awk -v k="$kr" 'BEGIN { printf "%.1f", k / 1024 }')" "$(awk -v k="$tr" 'BEGIN { printf "%.1f", k / 1024 }')"
row "bytes, notice + $units 考绩单" "$kb" "$tb"
row "bytes, with scorecards.pdf" "$kB" "$tB"
printf '¹ Typst timed inside its node process (performance.now, process.cpuUsage): from reading the\n'
printf '  fonts and creating the compiler (its scan of the system fonts included) to the last PDF\n'
printf '  written; node start-up and module loading excluded.  kaoji always whole process.\n'
printf '  kaoji computes the scores and fsyncs its outputs; Typst only typesets kaoji'"'"'s numbers\n'
printf '  and writes without fsync.  Each run: kaoji %s\n' "$(tr '\n' ';' < "$WORK/k.log")"
printf '                                         Typst %s\n' "$(tr '\n' ';' < "$WORK/t.log")"

# --- 2. a province ------------------------------------------------------------------------------
# Each run writes to a folder of its own, and all are deleted only at the end: on ext4 without a
# journal, creating files within a minute (five, while the inode table is dirty) of deleting as many
# costs O(created × deleted) in the inode allocator (recently_deleted), which would time the
# previous run's rm -rf, not kaoji (10,000 empty files: 0.3 s, or 4.8 s right after deleting 10,000).
printf '\n== 2. A generated province (tests/province/gen.py N): one run per command and N\n'
printf '%8s  %-7s %10s %10s %12s\n' N command "wall (s)" "CPU (s)" "peak RSS MB"
: > "$WORK/scale.log"
for n in $SCALE; do
	d=$ROOT/build/province/$n
	if [ ! -f "$d/.done" ] || [ "$HERE/province/gen.py" -nt "$d/.done" ]; then
		rm -rf "$d"; python3 "$HERE/province/gen.py" "$n" "$d"; touch "$d/.done"
	fi
	for c in check annual year; do
		: > "$WORK/one"
		if [ $c = check ]; then timed "$WORK/one" "$KAOJI" check "$d"
		else timed "$WORK/one" "$KAOJI" $c "$d" -o "$WORK/p.$n.$c"; fi
		read -r w cpu rss < "$WORK/one"
		echo "$c $n $w $cpu $rss" >> "$WORK/scale.log"
		printf '%8d  %-7s %10.2f %10.2f %12.1f\n' "$n" $c "$w" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
	done
done
printf 'fitted exponent k (time ≈ c·N^k, least squares on log time vs log N over N = %s):\n' "${SCALE// /, }"
for c in check annual year; do
	awk -v c=$c '$1 == c { x = log($2); for (j = 0; j < 3; j++) { y = log($(3 + j) > 0 ? $(3 + j) : 0.001)
		sx[j] += x; sy[j] += y; sxx[j] += x * x; sxy[j] += x * y }; n++ }
		END { if (n < 2) exit; printf "  %-7s", c
			split("wall CPU RSS", name, " ")
			for (j = 0; j < 3; j++) printf "  %s %.2f", name[j + 1], (n * sxy[j] - sx[j] * sy[j]) / (n * sxx[j] - sx[j] * sx[j])
			printf "\n" }' "$WORK/scale.log"
done
rm -rf "$WORK"/p.*
