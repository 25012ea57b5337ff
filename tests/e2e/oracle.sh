#!/usr/bin/env bash
# oracle.sh — results.csv of `kaoji annual` must match, byte for byte, the independent Python
# implementation tests/oracle/oracle.py on ~60 generated data folders (fixed seed) and on
# samples/2022. Where the oracle rejects the data (exit 65), kaoji must exit non-zero and
# write no results.csv. Env: KAOJI (binary), ROOT (repo root), TMP (scratch dir).
# ORACLE_SEED / ORACLE_N change the seed / number of cases; ORACLE_KEEP=1 keeps going after
# the first 5 disagreements are shown in full.
set -u
: "${KAOJI:?KAOJI must name the kaoji binary}"
ROOT=${ROOT:-$PWD}
TMP=${TMP:-$(mktemp -d)}
SEED=${ORACLE_SEED:-20221218}
N=${ORACLE_N:-60}
cd "$ROOT" || exit 1
[ -x "$KAOJI" ] || { echo "oracle.sh: $KAOJI is not an executable"; exit 1; }

rm -rf "$TMP/oracle-cases" "$TMP/oracle-out"
mkdir -p "$TMP/oracle-out"
python3 tests/oracle/gen_cases.py "$SEED" "$TMP/oracle-cases" "$N" || { echo "oracle.sh: generator failed"; exit 1; }

total=0; valid=0; errors=0; bad=0; shown=0
note() { bad=$((bad + 1)); echo "MISMATCH $1: $2"; }

check() {  # check NAME DATA_DIR [--set k=v ...]
	local name=$1 dir=$2; shift 2
	local oo="$TMP/oracle-out/$name.oracle" ko="$TMP/oracle-out/$name.kaoji"
	total=$((total + 1))
	python3 tests/oracle/oracle.py "$dir" "$@" -o "$oo" >"$oo.log" 2>&1
	local orc=$?
	timeout 60 "$KAOJI" annual "$dir" "$@" --csv-only -o "$ko" >"$ko.log" 2>&1
	local krc=$?
	if [ $orc -eq 65 ]; then
		errors=$((errors + 1))
		if [ $krc -eq 0 ]; then
			note "$name" "oracle rejects the data ($(tail -1 "$oo.log")) but kaoji exited 0"
		elif [ -e "$ko/results.csv" ]; then
			note "$name" "kaoji failed (exit $krc) but wrote $ko/results.csv"
		fi
		[ $krc -ne 65 ] && echo "note $name: kaoji rejected the data with exit $krc, SPEC says 65"
		return
	fi
	if [ $orc -ne 0 ]; then
		note "$name" "the oracle itself failed (exit $orc): $(tail -3 "$oo.log")"
		return
	fi
	valid=$((valid + 1))
	if [ $krc -ne 0 ]; then
		note "$name" "kaoji exited $krc on valid data: $(head -3 "$ko.log")"
		return
	fi
	if ! cmp -s "$oo/results.csv" "$ko/results.csv"; then
		note "$name" "results.csv differs (< oracle, > kaoji; data: $dir, args: $*)"
		if [ $shown -lt 5 ] || [ -n "${ORACLE_KEEP:-}" ]; then
			shown=$((shown + 1))
			diff "$oo/results.csv" "$ko/results.csv" | head -40 | sed $'s/\r$/ [CRLF]/; s/\xef\xbb\xbf/[BOM]/'
		fi
	fi
}

for d in "$TMP"/oracle-cases/case-*; do
	args=()
	[ -s "$d/cmd" ] && read -r -a args <"$d/cmd"
	check "$(basename "$d")" "$d" "${args[@]}"
done
if [ -f samples/2022/units.csv ]; then
	check samples-2022 samples/2022
fi

echo "oracle.sh: $total cases ($valid valid, $errors rejected by the oracle), $bad disagreements"
[ $bad -eq 0 ]
