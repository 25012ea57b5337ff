# diff.sh — `kaoji diff OLD NEW`: who moved, worked out by hand.
# The change: 科技's deduction of 2022-01 (deductions.csv line 4, item 3.4b, 0.5 a time) goes
# from 1 to 3 times.  January's 办件管理 loses 1.00 more (49.50 → 48.50, far from 0), so the
# year's sum of monthly scores goes 1198.7 → 1197.7 and 日常考核 = 1197.7 ÷ 12 × 70% =
# 69.865833… → 69.87 (was 69.92); 最终得分 = 69.87 + 23.20 − 0.00 = 93.07 (was 93.12).
# 科技 shared rank 18 with 消防 (93.12); now 消防 is 18th alone, 住建 (93.10) moves 20 → 19 and
# 科技 18 → 20; 卫健 (92.62) stays 21st.  The first (经信 99.76) is unchanged, so are the 85%
# and 70% lines, and every grade: 科技 is still within the 13 良好 places.
set -u
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$TMP/new"
cp samples/2022/* "$TMP/new/"
# Re-encoded as UTF-8 on purpose: only the cells count, not the bytes.
iconv -f GB18030 -t UTF-8 samples/2022/deductions.csv | sed '4s/^2022年1月,科技,3.4b,1,/2022年1月,科技,3.4b,3,/' >"$TMP/new/deductions.csv"

out=$("$KAOJI" diff samples/2022 "$TMP/new" -o "$TMP/o" 2>"$TMP/err"); rc=$?
[ $rc = 1 ] || { cat "$TMP/err"; fail "diff exit $rc, want 1 (something changed)"; }
want="原：samples/2022
新：$TMP/new
结果有变化的单位：2个
  住建：排名 20 → 19
  科技：排名 18 → 20；日常考核 69.92 → 69.87；最终得分 93.12 → 93.07
输入数据有变化的行：1行
  deductions.csv 修改 原第4行，新第4行
    原：2022年1月,科技,3.4b,1,,2022-01-03,系统办理时间与实际不一致
    新：2022年1月,科技,3.4b,3,,2022-01-03,系统办理时间与实际不一致"
[ "$out" = "$want" ] || { diff <(echo "$want") <(echo "$out"); fail "diff output"; }

# diff.csv: the same, one row per changed column (BOM, CRLF like every kaoji CSV).
printf '\xEF\xBB\xBF变化,单位,项目,原值,新值,文件,原行号,新行号\r
结果改变,住建,排名,20,19,,,\r
结果改变,科技,排名,18,20,,,\r
结果改变,科技,日常考核,69.92,69.87,,,\r
结果改变,科技,最终得分,93.12,93.07,,,\r
修改行,,,"2022年1月,科技,3.4b,1,,2022-01-03,系统办理时间与实际不一致","2022年1月,科技,3.4b,3,,2022-01-03,系统办理时间与实际不一致",deductions.csv,4,4\r
' >"$TMP/want.csv"
cmp -s "$TMP/want.csv" "$TMP/o/diff.csv" || { diff "$TMP/want.csv" "$TMP/o/diff.csv"; fail "diff.csv"; }

# diff.pdf: one page, the same changes.
[ "$(pdfinfo "$TMP/o/diff.pdf" | sed -n 's/^Pages: *//p')" = 1 ] || fail "diff.pdf is not one page"
txt=$(pdftotext -layout "$TMP/o/diff.pdf" - | tr -s ' ')
for s in '考绩结果变化对照' '一、结果有变化的单位（2个）' '住建 排名 20 19' '科技 排名 18 20' '日常考核 69.92 69.87' \
	'最终得分 93.12 93.07' '二、输入数据有变化的行（1行）' 'deductions.csv 修改 原第4行，新第4行'; do
	printf '%s\n' "$txt" | grep -qF "$s" || fail "diff.pdf lacks: $s"
done

# The same two runs as results.csv files: the same units, no input rows.
"$KAOJI" annual "$TMP/new" --csv-only -o "$TMP/r" 2>/dev/null || fail "annual on the changed copy"
out=$("$KAOJI" diff tests/golden/results-2022.csv "$TMP/r/results.csv" 2>/dev/null); rc=$?
[ $rc = 1 ] || fail "results.csv diff exit $rc"
[ "$(printf '%s\n' "$out" | sed -n '3,5p')" = "$(printf '%s\n' "$want" | sed -n '3,5p')" ] || fail "results.csv diff: $out"
printf '%s\n' "$out" | grep -q '输入数据' && fail "results.csv files have no input rows"

# Nothing changed: exit 0, “无变化”, and an added row and removed unit are named.
out=$("$KAOJI" diff samples/2022 samples/2022 2>/dev/null); rc=$?
[ $rc = 0 ] || fail "no change exit $rc"
[ "$(printf '%s\n' "$out" | tail -1)" = "无变化" ] || fail "no change output: $out"
grep -v '^33,房产事务,' tests/golden/results-2022.csv >"$TMP/less.csv"
grep -q '房产事务' tests/golden/results-2022.csv || fail "golden has no 房产事务"
out=$("$KAOJI" diff tests/golden/results-2022.csv "$TMP/less.csv" 2>/dev/null); rc=$?
[ $rc = 1 ] || fail "removed unit exit $rc"
printf '%s\n' "$out" | grep -qx '  房产事务：删除（原排名33，最终得分84.20，考绩合格窗口）' || fail "removed unit: $out"

# Bad input: file:line:col, exit 65, nothing written; usage: 64.
sed '3s/,69.98,/,69.9x,/' tests/golden/results-2022.csv >"$TMP/bad.csv"
mkdir -p "$TMP/bo"
"$KAOJI" diff tests/golden/results-2022.csv "$TMP/bad.csv" -o "$TMP/bo" 2>"$TMP/err" >/dev/null; rc=$?
[ $rc = 65 ] || fail "bad results.csv exit $rc"
grep -qF "$TMP/bad.csv:3:4: 错误: 日常考核应是最多两位小数的数，而不是“69.9x”" "$TMP/err" || fail "bad cell message: $(cat "$TMP/err")"
[ "$(grep -c 错误 "$TMP/err")" = 1 ] || fail "one defect, one message: $(cat "$TMP/err")"
[ -z "$(ls -A "$TMP/bo")" ] || fail "bad input wrote: $(ls -A "$TMP/bo")"
"$KAOJI" diff samples/2022 tests/data/bad-unit-unknown -o "$TMP/bo" >/dev/null 2>&1; [ $? = 65 ] || fail "bad folder exit"
[ -z "$(ls -A "$TMP/bo")" ] || fail "bad folder wrote: $(ls -A "$TMP/bo")"
"$KAOJI" diff samples/2022 >/dev/null 2>&1; [ $? = 64 ] || fail "one argument: want 64"
"$KAOJI" diff samples/2022 samples/2022 --month 3 >/dev/null 2>&1; [ $? = 64 ] || fail "unknown option: want 64"
exit 0
