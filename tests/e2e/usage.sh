# usage.sh — the command line's errors (issue 11): a bad --set is a usage error (64) found before
# any data is read and nothing is written; the top-level usage lists every exit status kaoji
# has; --month takes every month form deductions.csv takes; system errors read in Chinese.
set -u
fail() { echo "FAIL: $*"; exit 1; }

for s in nope=1 year=abc tie_rank=sometimes months=13 district_excellent; do
	"$KAOJI" annual samples/2022 -o "$TMP/s" --set "$s" 2>"$TMP/err"; rc=$?
	[ $rc = 64 ] || fail "--set $s exit $rc"
	grep -q '^--set: 错误: ' "$TMP/err" || { cat "$TMP/err"; fail "--set $s message"; }
	[ ! -e "$TMP/s" ] || [ -z "$(ls -A "$TMP/s")" ] || fail "--set $s wrote files"
done
grep -q '未知的设置项“nope”' <("$KAOJI" check samples/2022 --set nope=1 2>&1) || fail "check --set nope"
"$KAOJI" check samples/2022 --set nope=1 >/dev/null 2>&1; [ $? = 64 ] || fail "check --set exit"
"$KAOJI" explain samples/2022 经信 --set nope=1 >/dev/null 2>&1; [ $? = 64 ] || fail "explain --set exit"

# Every status of gen/base/util.h is in the usage, with its meaning.
help=$("$KAOJI" --help)
for n in $(sed -n '/^enum { EXIT_OK/,/};/p' gen/base/util.h | grep -o '= *[0-9]*' | tr -dc '0-9\n'); do
	printf '%s\n' "$help" | grep -q "^  $n  *[^ ]" || fail "usage lacks exit status $n"
done
[ "$(printf '%s\n' "$help" | sed -n '/^退出状态/,$p' | grep -c '^  [0-9]')" = 8 ] || fail "exit status count"

# --month takes a form exactly when deductions.csv's 月份 column does, and means the same month.
"$KAOJI" monthly samples/2022 --month 2022-03 -o "$TMP/m0" --csv-only 2>/dev/null || fail "--month 2022-03"
n=0
for m in 2022-3 2022/3 2022年3月 2022/3/1 2022-03-01 2022.03 2022.3 March 2022-13 2022-03x 2022/3/5 "2022 03"; do
	n=$((n + 1)) d="$TMP/d$n"
	cp -r tests/data/good-small "$d"
	sed -i "2s|.*|$m,公安,1.1,1,,,|" "$d/deductions.csv"
	data=0; "$KAOJI" check "$d" >/dev/null 2>&1 && data=1
	rm -rf "$TMP/m1"
	opt=0; "$KAOJI" monthly samples/2022 --month "$m" -o "$TMP/m1" --csv-only 2>"$TMP/err" && opt=1
	[ $data = $opt ] || fail "--month “$m” accepted=$opt, in deductions.csv accepted=$data"
	if [ $opt = 1 ]; then
		cmp -s "$TMP/m0/monthly-2022-03.csv" "$TMP/m1/monthly-2022-03.csv" || fail "--month $m is not March"
	else
		grep -q -- '--month 应为' "$TMP/err" || fail "--month $m: no message"
		"$KAOJI" monthly samples/2022 --month "$m" -o "$TMP/m1" >/dev/null 2>&1; [ $? = 64 ] || fail "--month $m exit"
	fi
done
"$KAOJI" monthly samples/2022 --month 2021-03 -o "$TMP/m2" 2>"$TMP/err"; rc=$?
[ $rc = 64 ] && grep -q -- '--month 应为 2022-01 至 2022-12' "$TMP/err" || fail "--month of another year exit $rc"

# System errors: what kaoji was doing, then the reason in Chinese (not strerror's English).
touch "$TMP/file"
"$KAOJI" annual samples/2022 -o "$TMP/file/out" 2>"$TMP/err"; rc=$?
[ $rc = 73 ] || fail "-o under a file exit $rc"
grep -q "^$TMP/file/out: 错误: 无法.*：路径中有一项不是文件夹（ENOTDIR）$" "$TMP/err" || { cat "$TMP/err"; fail "ENOTDIR message"; }
LC_ALL=C "$KAOJI" check "$TMP/nope" 2>"$TMP/err"
grep -q "^$TMP/nope: 错误: 找不到数据文件夹：没有这个文件或文件夹（ENOENT）$" "$TMP/err" || { cat "$TMP/err"; fail "ENOENT message"; }
! grep -qi 'no such file\|not a directory' "$TMP/err" || fail "English system error"
exit 0
