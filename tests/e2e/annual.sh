# annual.sh — `kaoji annual` and `monthly` on samples/2022: every cell equals the reviewed golden
# files, reruns are byte-identical, and bad data writes nothing at all.
set -u
fail() { echo "FAIL: $*"; exit 1; }

"$KAOJI" annual samples/2022 -o "$TMP/a" 2>/dev/null || fail "annual exit $?"
cmp -s "$TMP/a/results.csv" tests/golden/results-2022.csv || { diff tests/golden/results-2022.csv "$TMP/a/results.csv"; fail "results.csv differs"; }
head -c 3 "$TMP/a/results.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "results.csv has no BOM"
"$KAOJI" annual samples/2022 -o "$TMP/b" 2>/dev/null
cmp -s "$TMP/a/results.csv" "$TMP/b/results.csv" || fail "rerun differs"

# Spot cells, independent of the golden file: the disqualified 文广旅体 is 良好 although 8th,
# its 先进 place goes to 资规; 消防 and 科技 tie at 93.12 and share rank 18 in units.csv order.
grep -q '^8,文广旅体,单设窗口,69.92,4.80,9.90,3.90,10.00,28.60,1.00,97.52,考绩良好窗口' "$TMP/a/results.csv" || fail "文广旅体 row"
grep -q '^16,资规,.*,93.74,考绩先进窗口' "$TMP/a/results.csv" || fail "资规 row"
[ "$(grep -n '^18,' "$TMP/a/results.csv" | cut -d, -f2 | tr '\n' ' ')" = "消防 科技 " ] || fail "tie order"
[ "$(grep -c ',考绩先进窗口' "$TMP/a/results.csv")" = 9 ] || fail "先进 count (24 × 40% = 9)"

# --set changes one run only: with the district rated 优秀, 先进 = floor(50% × 24) = 12.
"$KAOJI" annual samples/2022 -o "$TMP/c" --set district_excellent=true 2>/dev/null || fail "--set run"
[ "$(grep -c ',考绩先进窗口' "$TMP/c/results.csv")" = 12 ] || fail "bonus 先进 count"

"$KAOJI" monthly samples/2022 --month 2022-07 -o "$TMP/m" 2>/dev/null || fail "monthly exit"
cmp -s "$TMP/m/monthly-2022-07.csv" tests/golden/monthly-2022-07.csv || fail "monthly-2022-07.csv differs"
grep -q '^33,房产事务,单设窗口,25.00,20.00,31.00,5.00,81.00' "$TMP/m/monthly-2022-07.csv" || fail "房产事务 July"
"$KAOJI" monthly samples/2022 --all -o "$TMP/all" 2>/dev/null || fail "monthly --all"
[ "$(ls "$TMP/all" | grep -c '^monthly-2022-..\.csv$')" = 12 ] || fail "12 monthly files"

# Bad data: exit 65 and nothing written, not even a temporary file.
mkdir -p "$TMP/bad"
"$KAOJI" annual tests/data/bad-unit-unknown -o "$TMP/bad" 2>/dev/null; rc=$?
[ $rc = 65 ] || fail "bad data exit $rc"
[ -z "$(ls -A "$TMP/bad")" ] || fail "bad data wrote: $(ls -A "$TMP/bad")"
"$KAOJI" annual 2>/dev/null; [ $? = 64 ] || fail "usage exit"

# explain names the pieces of an appeal.
out=$("$KAOJI" explain samples/2022 文广旅体) || fail "explain exit"
for s in '合计 1198.7 ÷ 12 × 70% = 69.924166… → 日常考核 69.92' '(7×1 + 14×0.9 + 2×0.8 + 0×0.7) ÷ 23 = 0.921739…' \
	'在33个窗口中排第12（与商务并列）' '69.92 + 28.60 − 1.00 = 97.52' '24×40%=9.6，取整为9个' \
	'本单位被取消评先资格，否则本可评为先进' '85%线 84.796'; do
	printf '%s\n' "$out" | grep -qF "$s" || fail "explain lacks: $s"
done
"$KAOJI" explain samples/2022 房产事务 | grep -qF '最终得分84.20分，低于第一名（经信，99.76分）得分的85%（84.796分），不低于第一名得分的70%（69.832分），为合格' \
	|| fail "explain reason of a 合格 window"
"$KAOJI" explain samples/2022 公安局 2>&1 | grep -q '是否应为“公安”' || fail "explain suggestion"

# The notice is laid out beside the scorecards, yet reads as laid out first: a bad directive
# in both notice.tpl and scorecard.tpl shows the notice's error alone; in scorecard.tpl alone,
# its error once; exit 65 and nothing written either way.
cp -r templates "$TMP/tpl"
sed -i '1i @胡写' "$TMP/tpl/notice.tpl"
sed -i '1i @乱写' "$TMP/tpl/scorecard.tpl"
"$KAOJI" annual samples/2022 --templates "$TMP/tpl" -o "$TMP/t1" 2>"$TMP/t1.err"
[ $? = 65 ] || fail "bad notice.tpl and scorecard.tpl: exit not 65"
[ "$(grep -c '错误' "$TMP/t1.err")" = 1 ] && grep -q 'notice.tpl:1:1: 错误: @胡写' "$TMP/t1.err" ||
	{ cat "$TMP/t1.err"; fail "bad notice and card: not the notice's error alone"; }
[ -z "$(ls -A "$TMP/t1")" ] || fail "bad templates wrote: $(ls -A "$TMP/t1")"
cp templates/notice.tpl "$TMP/tpl/notice.tpl"
"$KAOJI" annual samples/2022 --templates "$TMP/tpl" -o "$TMP/t2" 2>"$TMP/t2.err"
[ $? = 65 ] || fail "bad scorecard.tpl: exit not 65"
[ "$(grep -c '错误' "$TMP/t2.err")" = 1 ] && grep -q 'scorecard.tpl:1:1: 错误: @乱写' "$TMP/t2.err" ||
	{ cat "$TMP/t2.err"; fail "bad card: not one error"; }

exit 0
