#!/usr/bin/env bash
# run.sh — `make fuzz`: runs each libFuzzer target for SECONDS, seeded from tests/data (CSV
# files and method.ini of every folder) and templates/, keeping what each run found in
# build/fuzz/corpus-TARGET for the next.  Prints each target's executions, speed and
# coverage; exits non-zero on the first crash, leak or sanitizer report (the input is kept
# as build/fuzz/crash-TARGET-*).
set -eu
B=$1 SECONDS_EACH=$2; shift 2
export KAOJI_SEED_DIR="$PWD/tests/data/good-small"
# Short allocation stacks in reports (the fuzzer's speed is in the allocator otherwise);
# inputs up to 4 KB: every intake rule shows on a few rows, and small inputs run fast.
export ASAN_OPTIONS="malloc_context_size=3:${ASAN_OPTIONS:-}"
MAX_LEN=${MAX_LEN:-4096}
files=(units items deductions quarters discipline third_party votes penalties)
for t in "$@"; do
	seeds="$B/seeds-$t" corpus="$B/corpus-$t"
	rm -rf "$seeds"; mkdir -p "$seeds" "$corpus"
	case $t in
	fuzz_csv)
		for i in "${!files[@]}"; do
			for f in tests/data/*/"${files[$i]}".csv samples/2022/"${files[$i]}".csv; do
				[ -e "$f" ] || continue
				{ printf "\\$(printf '%03o' "$i")"; cat "$f"; } >"$seeds/$i-$(basename "$(dirname "$f")")"
			done
		done ;;
	fuzz_ini) for f in tests/data/*/method.ini samples/2022/method.ini; do cp "$f" "$seeds/$(basename "$(dirname "$f")")"; done ;;
	fuzz_template) cp templates/*.tpl "$seeds/" ;;
	esac
	log="$B/$t.log"
	if ! "$B/tests/$t" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len="$MAX_LEN" \
		-artifact_prefix="$B/crash-$t-" "$corpus" "$seeds" >"$log" 2>&1; then
		echo "FAIL $t"; tail -40 "$log"; exit 1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	echo "ok   $t: $execs 次执行, $speed 次/秒, $cov"
done
