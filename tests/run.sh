#!/usr/bin/env bash
# run.sh — runs every test: the cmocka unit binaries given as arguments, then each
# tests/e2e/*.sh script (one test each, exit 0 = pass). Ends with "N passed, M failed".
B=$1; shift
export KAOJI="$PWD/$B/kaoji" ROOT="$PWD"
pass=0; fail=0; failed=()
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ] || [ -z "$p" ]; then
		printf '%s\n' "$out" | grep -v '^\[ \(RUN\|      OK\) ' >&2
		[ -z "$f" ] && fail=$((fail + 1)); failed+=("$t")
	else
		echo "ok   $(basename "$t") (${p} tests)"
	fi
done
for t in tests/e2e/*.sh; do
	[ -e "$t" ] || continue
	tmp=$(mktemp -d)
	if out=$(cd "$ROOT" && TMP="$tmp" bash "$t" 2>&1); then
		pass=$((pass + 1)); echo "ok   $t"
	else
		fail=$((fail + 1)); failed+=("$t"); echo "FAIL $t"; printf '%s\n' "$out" | tail -30 | sed 's/^/     /'
	fi
	rm -rf "$tmp"
done
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
