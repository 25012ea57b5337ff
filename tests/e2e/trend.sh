# trend.sh — month over month in the 月度通报 and monthly CSV on samples/2022 (issue 13 part 4):
# 名次变化, 累计平均分 and the windows in the bottom bulletin_bottom two months running, each
# value worked out by hand below from samples/2022's deductions and monthly CSVs.
set -u
fail() { echo "FAIL: $*"; exit 1; }
"$KAOJI" monthly samples/2022 --all -o "$TMP/m" 2>/dev/null || fail "monthly --all exit"
csv() { grep "^[0-9]*,$2," "$TMP/m/monthly-2022-$1.csv" | tr -d '\r'; }
pdf() { pdftotext "$TMP/m/bulletin-2022-$1.pdf" - | grep -v '^— [0-9]* —$' | tr -d '\n\f'; }

head -1 "$TMP/m/monthly-2022-07.csv" | grep -q '^.排名,单位,类型,工作纪律,工作规范,办件管理,其他,月度得分,累计平均分,名次变化.$' ||
	fail "monthly CSV header"

# 市场监管, June (deductions.csv lines 146–171): 1.7 0.2 + 1.1 2 × 0.5 → 工作纪律 23.80; 2.11d 0.5 +
# 2.19b 0.5 → 工作规范 19.00; 3.8d 0.2 → 办件管理 49.80: 97.60, the month's lowest (资规 and 司法
# next, 98.70) → 33rd of 33.  July (lines 178, 187): 3.8b 0.5 + 3.8a 0.5 → 99.00; only 有线电视 98.90
# and 房产事务 81.00 below it → 31st: 33 → 31 is ↑2.
# 累计平均分, its months 1–7: 99.40 + 100 + 99.40 + 100 + 97.70 + 97.60 + 99.00 = 693.10, ÷ 7 =
# 99.0142… → 99.01; through June 594.10 ÷ 6 = 99.0166… → 99.02.
[ "$(csv 06 市场监管)" = "33,市场监管,单设窗口,23.80,19.00,49.80,5.00,97.60,99.02,↓1" ] || fail "市场监管 June: $(csv 06 市场监管)"
[ "$(csv 07 市场监管)" = "31,市场监管,单设窗口,25.00,20.00,49.00,5.00,99.00,99.01,↑2" ] || fail "市场监管 July: $(csv 07 市场监管)"
# 房产事务 July: 办件管理 31.00 → 81.00, last (33rd); in June it ranked 21st (99.80): ↓12.
[ "$(csv 07 房产事务 | cut -d, -f1,8,10)" = "33,81.00,↓12" ] || fail "房产事务 July"
# 统战 has no deduction all year: 100.00 every month, rank 1 every month, 持平 from February.
[ "$(csv 07 统战 | cut -d, -f1,8-10)" = "1,100.00,100.00,持平" ] || fail "统战 July"

# The bulletin's own row says the same (pdftotext of the table row).
pdftotext -layout "$TMP/m/bulletin-2022-07.pdf" - | grep -q '^ *31 *市场监管 *单设窗口 *25.00 *20.00 *49.00 *5.00 *99.00 *99.01 *↑2 *$' ||
	fail "bulletin July row of 市场监管"

# Bottom 3 in June: ranks 31, 31, 33 = 资规, 司法, 市场监管; in July 31, 32, 33 = 市场监管, 有线电视,
# 房产事务: only 市场监管 stood in both.
want="市场监管（6月第33名、7月第31名）连续两个月排名后3位，请认真查找原因，切实整改。"
pdf 07 | grep -qF "$want" || fail "bottom-3 paragraph in July"
# January → February: January's bottom 3 are 司法 (31), 应急管理 (32), 水利 (33), February's 不动产登记
# (31), 有线电视 (32), 资规 (33): none in both.
pdf 02 | grep -qF "没有窗口连续两个月（1月、2月）排名后3位。" || fail "no window two months running in February"
# Bottom 8 (rank numbers 26–33): June's are 住建, 卫健, 税务, 燃气, 交通运输 (26), 资规, 司法 (31),
# 市场监管 (33); July's 民政, 自来水 (26), 科技 (28), 住建 (29), 生态环境 (30), 市场监管 (31),
# 有线电视 (32), 房产事务 (33): 住建 and 市场监管, in July's order.
"$KAOJI" monthly samples/2022 --month 2022-07 --set bulletin_bottom=8 -o "$TMP/b8" 2>/dev/null || fail "bulletin_bottom=8"
pdftotext "$TMP/b8/bulletin-2022-07.pdf" - | grep -v '^— [0-9]* —$' | tr -d '\n\f' |
	grep -qF "住建（6月第26名、7月第29名）、市场监管（6月第33名、7月第31名）连续两个月排名后8位" || fail "bottom-8 paragraph"
# bulletin_bottom = 0 leaves the paragraph out (and the CSV unchanged).
"$KAOJI" monthly samples/2022 --month 2022-07 --set bulletin_bottom=0 -o "$TMP/b0" 2>/dev/null || fail "bulletin_bottom=0"
pdftotext "$TMP/b0/bulletin-2022-07.pdf" - | tr -d '\n' | grep -q "连续两个月" && fail "bulletin_bottom=0 still names windows"
cmp -s "$TMP/b0/monthly-2022-07.csv" "$TMP/m/monthly-2022-07.csv" || fail "bulletin_bottom changes the CSV"

# January compares with nothing: every 名次变化 is “—”, every 累计平均分 the month's score, and the
# bulletin says why.
[ "$(tail -n +2 "$TMP/m/monthly-2022-01.csv" | tr -d '\r' | awk -F, '$10 != "—" || $9 != $8' | wc -l)" = 0 ] ||
	fail "January rows"
pdf 01 | grep -qF "本月是2022年第一次月度考核，没有上月名次可比，“名次变化”一栏和连续两个月排名后3位的窗口从2月起通报；“累计平均分”即本月得分。" ||
	fail "January's sentence"
pdf 01 | grep -q "请认真查找原因" && fail "January names windows"
pdf 07 | grep -qF "“累计平均分”是2022年1月至7月各月得分的平均（四舍五入保留两位小数），“名次变化”是本月名次较6月的升降" ||
	fail "July's note on the columns"

# The table stays inside the 版心 (28–184 mm from the left edge): every word of every page.
for f in "$TMP/m"/bulletin-2022-01.pdf "$TMP/m"/bulletin-2022-07.pdf "$TMP/b8"/bulletin-2022-07.pdf; do
	pdftotext -bbox-layout "$f" - | python3 -c '
import re, sys
xs = [(float(a), float(b)) for a, b in re.findall(r"<word xMin=\"([\d.]+)\" yMin=\"[\d.]+\" xMax=\"([\d.]+)\"", sys.stdin.read())]
mm = lambda v: v * 25.4 / 72
lo, hi = min(mm(a) for a, _ in xs), max(mm(b) for _, b in xs)
sys.exit(0 if lo > 27.9 and hi < 184.1 else "words from %.2f to %.2f mm" % (lo, hi))' || fail "$f overflows its 版心"
done

# A bad bulletin_bottom is refused like any setting: on the command line (64) and in method.ini (65).
"$KAOJI" monthly samples/2022 --month 2022-07 --set bulletin_bottom=101 -o "$TMP/bad" 2>"$TMP/err"; [ $? = 64 ] || fail "--set bulletin_bottom=101 exit"
grep -qF "bulletin_bottom（月度通报点名连续两个月排名后几位的窗口）应为 0–100 之间的整数，实际是“101”" "$TMP/err" || fail "message: $(cat "$TMP/err")"
[ -e "$TMP/bad" ] && fail "output written for a bad setting"
exit 0
