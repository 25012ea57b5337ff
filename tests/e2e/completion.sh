# completion.sh — doc/kaoji.bash completes the subcommands, each command's options, the --set keys
# (exactly those of the settings table in gen/model/settings.c) and their values, the months of
# the data folder's year for --month, and folders or templates for the rest.
set -u
fail() { echo "FAIL: $*"; exit 1; }
# shellcheck source=/dev/null
source doc/kaoji.bash
complete -p kaoji | grep -q -- '-F _kaoji' || fail "no completion registered for kaoji"

# The candidates bash would offer for a line typed up to the cursor, one a line.
comp() {
	COMP_LINE="$KAOJI $1" COMP_POINT=$((${#KAOJI} + 1 + ${#1})) COMP_WORDS=("$KAOJI") COMP_CWORD=0
	COMPREPLY=()
	_kaoji
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
expect() {  # line, expected candidates (one a line)
	local got; got=$(comp "$1")
	[ "$got" = "$(printf '%s\n' "$2" | sort)" ] || fail "“$1”: got [$(echo $got)], expected [$(echo $2)]"
}

expect "" "$(printf 'annual\ncheck\ndiff\nexplain\nfonts\nmonthly\nnotice\ntally\nyear\n--help\n--version\n-V')"
expect "diff samples/2022 samples/2022 -" "$(printf -- '--fonts\n--help\n--set\n-o')"
expect "diff samples/2022 tests/golden/results-2022.c" "tests/golden/results-2022.csv"
expect "ta" tally
expect "tally samples/2022-ballots --" "$(printf -- '--fonts\n--help\n--set\n--templates')"
expect "tally samples/2022-ballots --set ballot_limit_rule=" "$(printf 'error\nvoid')"
expect "tally samples/2022-ballots --set ballot_blank=" "$(printf 'error\nskip\nvoid')"
expect "mo" monthly
expect "annual samples/2022 --" "$(printf -- '--csv-only\n--draft-notice\n--fonts\n--help\n--set\n--strict\n--templates')"
expect "monthly samples/2022 --m" "--month"
expect "check samples/2022 -" "$(printf -- '--draft-notice\n--fonts\n--full\n--help\n--set\n--strict\n--templates')"

# --set: the keys of the settings table, each with "=" to type the value after.
keys=$(grep -o '^	{ "[a-z_]*", K_' gen/model/settings.c | cut -d'"' -f2 | sed 's/$/=/')
[ "$(echo "$keys" | wc -l)" -ge 40 ] || fail "could not read the settings table"
expect "annual samples/2022 --set " "$keys"
expect "annual samples/2022 --set tie_" "tie_rank="
expect "annual samples/2022 --set tie_rank=" "$(printf 'competition\ndense')"
expect "annual samples/2022 --set boundary_ties=ex" "exclude"
expect "year samples/2022 --set=district_excellent=t" "true"
expect "annual samples/2022 --set nosuch" ""

# --month: the months of the data folder's year.
expect "monthly samples/2022 --month " "$(seq -f '2022-%02g' 1 12)"
expect "monthly samples/2022 --month 2022-1" "$(printf '2022-10\n2022-11\n2022-12')"
expect "monthly samples/2022 --month=2022-0" "$(seq -f '2022-%02g' 1 9)"
expect "monthly --month " ""
mkdir -p "$TMP/y2023" && cp tests/data/good-small/*.csv "$TMP/y2023/"
printf 'year = 2023\nmonths = 6\n' >"$TMP/y2023/method.ini"
sed -i 's/2022/2023/g' "$TMP/y2023"/*.csv
sed -i '/^2023-\(0[7-9]\|1[0-2]\)/d' "$TMP/y2023/deductions.csv"
"$KAOJI" check "$TMP/y2023" >/dev/null 2>&1 || fail "the 2023 folder of 6 months does not load"
expect "monthly $TMP/y2023 --month " "$(seq -f '2023-%02g' 1 6)"

# Folders and templates.
expect "annual sampl" "samples"
expect "notice templates/ca" "templates/call.tpl"
expect "annual samples/2022 -o samples/20" "$(printf 'samples/2022\nsamples/2022-ballots')"
exit 0
