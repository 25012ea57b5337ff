# ballots.sh — ballots.csv (SPEC §7.14, issue 13): `kaoji tally` counts only valid ballots, the
# counts worked out by hand below; annual uses the same tally; the void and error rules, blank
# ratings, both files, Chinese and English headers, 1–4 ratings; samples/2022-ballots equals samples/2022.
set -u
fail() { echo "FAIL: $*"; exit 1; }
G=tests/data/good-ballots

# 1. The tiny folder.  行风监督员 (8 windows, 3 分中心; a ballot may give floor(30% × rated) 非常满意 per pool):
#   01 valid: 公安 民政 非常满意, 住建 卫健 档案 教育 满意, 市场监管 一般, 司法 不满意; 婚姻 社保 满意, 税务 一般
#   02 void: 非常满意 for 民政 住建 卫健 = 3 of 8 windows (at most 2), over at 卫健 (line 16)
#   03 valid: 公安 非常满意 (1 of 6 rated: 住建 blank, 司法 left out), 民政 卫健 市场监管 教育 满意, 档案 一般;
#      婚姻 满意, 社保 一般, 税务 满意
#   04 void: 2 非常满意 of the 6 windows it rates (卫健, 市场监管 blank: not in the denominator), at most 1
#   05 void: 公安 twice (lines 45 and 49);  06 void: 非常满意 for 1 of 3 分中心 (30% × 3 = 0.9: none allowed)
# So 公安 = 01+03 = 2 非常满意; 民政 = 1 非常满意 (01) + 1 满意 (03); 住建 = 1 满意 (01 only); 市场监管 = 1 满意 + 1 一般…
# 领导班子及科室负责人 (ratings 1–4 = 非常满意…不满意, some in words): 01 = 1 2 2 2 3 2 2 2 | 2 2 4,
# 02 = 2 1 1 2 2 4 3 2 | 3 2 2: both valid (1 and 2 非常满意 of 8 windows).
expect_votes() {
	printf '\357\273\277'
	sed 's/$/\r/' <<'EOF'
评价主体,单位,非常满意,满意,一般,不满意
行风监督员,公安,2,0,0,0
行风监督员,民政,1,1,0,0
行风监督员,住建,0,1,0,0
行风监督员,卫健,0,2,0,0
行风监督员,市场监管,0,1,1,0
行风监督员,档案,0,1,1,0
行风监督员,教育,0,2,0,0
行风监督员,司法,0,0,0,1
行风监督员,区婚姻登记分中心,0,2,0,0
行风监督员,区社保医保分中心,0,1,1,0
行风监督员,区税务分中心,0,1,1,0
领导班子及科室负责人,公安,1,1,0,0
领导班子及科室负责人,民政,1,1,0,0
领导班子及科室负责人,住建,1,1,0,0
领导班子及科室负责人,卫健,0,2,0,0
领导班子及科室负责人,市场监管,0,1,1,0
领导班子及科室负责人,档案,0,1,0,1
领导班子及科室负责人,教育,0,1,1,0
领导班子及科室负责人,司法,0,2,0,0
领导班子及科室负责人,区婚姻登记分中心,0,1,1,0
领导班子及科室负责人,区社保医保分中心,0,2,0,0
领导班子及科室负责人,区税务分中心,0,1,0,1
EOF
}
expect_votes > "$TMP/want.csv"
"$KAOJI" tally "$G" -o "$TMP/t" 2>"$TMP/log" || { cat "$TMP/log"; fail "tally exit"; }
cmp -s "$TMP/want.csv" "$TMP/t/votes.csv" || { diff "$TMP/want.csv" "$TMP/t/votes.csv"; fail "tally votes.csv"; }
pdftotext -layout "$TMP/t/tally.pdf" "$TMP/t.txt"
sq() { tr -s ' ' < "$TMP/t.txt"; }
# Received, valid, void, blanks on valid ballots (03's 住建).
sq | grep -qx ' *行风监督员 6 2 4 1' || fail "supervisors summary row"
sq | grep -qx ' *领导班子及科室负责人 2 2 0 0' || fail "leaders summary row"
sq | grep -qF '02 对8个窗口中的3个评为非常满意，超过30%（最多2个） ballots.csv 第16行' || fail "void 02"
sq | grep -qF '04 对6个窗口中的2个评为非常满意，超过30%（最多1个） ballots.csv 第35行' || fail "void 04"
sq | grep -qF '05 对“公安”评价了两次（另见第45行） ballots.csv 第49行' || fail "void 05"
sq | grep -qF '06 对3个分中心中的1个评为非常满意，超过30%（最多0个） ballots.csv 第65行' || fail "void 06"
# Counts, votes, weighted sum, exact score: 市场监管 (0.9 + 0.8) ÷ 2 = 0.85; 司法 0.7 ÷ 1; 档案 (leaders) 1.6 ÷ 2 = 0.8.
sq | grep -qx ' *市场监管 单设窗口 0 1 1 0 2 1.7 0.85 0.85' || fail "市场监管 counts"
sq | grep -qx ' *司法 综合窗口 0 0 0 1 1 0.7 0.7 0.7' || fail "司法 counts"
sq | grep -qx ' *档案 综合窗口 0 1 0 1 2 1.6 0.8 0.8' || fail "档案 leaders counts"
"$KAOJI" tally "$G" -o "$TMP/t2" 2>/dev/null
cmp -s "$TMP/t/tally.pdf" "$TMP/t2/tally.pdf" || fail "tally.pdf not deterministic"

# 2. annual on the ballots = annual on the hand-counted votes.csv; check and explain name the void ballots.
cp -r "$G" "$TMP/v"; rm "$TMP/v/ballots.csv"; cp "$TMP/want.csv" "$TMP/v/votes.csv"
"$KAOJI" annual "$G" -o "$TMP/ab" --csv-only 2>/dev/null || fail "annual on ballots"
"$KAOJI" annual "$TMP/v" -o "$TMP/av" --csv-only 2>/dev/null || fail "annual on votes"
cmp -s "$TMP/ab/results.csv" "$TMP/av/results.csv" || fail "annual from ballots ≠ from the same votes"
"$KAOJI" check "$G" 2>/dev/null | grep -qF '行风监督员：收到6张，有效2张，作废4张，有效选票中空白评价1处（不计票）' || fail "check summary"
"$KAOJI" check "$G" 2>/dev/null | grep -qF '作废 第05号（第49行）：对“公安”评价了两次（另见第45行）' || fail "check void list"
"$KAOJI" explain "$G" 公安 2>/dev/null | grep -qF '行风监督员选票6张，有效2张，作废4张（不计票）：第02号（第16行）：对8个窗口中的3个' || fail "explain void ballots"

# 3. The same ballots with English headers, group names and ratings, and in GB18030: the same tally.
python3 - "$G/ballots.csv" "$TMP/en.csv" "$TMP/gb.csv" <<'EOF'
import sys
src = open(sys.argv[1], encoding='utf-8').read()
en = src.replace('评价主体,票号,单位,评价', 'Group,Ballot,Unit,Rating', 1)
for zh, e in [('领导班子及科室负责人,', 'leaders,'), ('行风监督员,', 'supervisors,'), (',非常满意\n', ',very_satisfied\n'),
              (',不满意\n', ',unsatisfied\n'), (',满意\n', ',satisfied\n'), (',一般\n', ',fair\n')]:
    en = en.replace(zh, e)
open(sys.argv[2], 'w', encoding='utf-8').write(en)
open(sys.argv[3], 'wb').write(src.replace('\n', '\r\n').encode('gb18030'))
EOF
grep -q '很\|满意' "$TMP/en.csv" && fail "English copy still has Chinese ratings"
for f in en gb; do
	cp -r "$G" "$TMP/$f"; cp "$TMP/$f.csv" "$TMP/$f/ballots.csv"
	"$KAOJI" tally "$TMP/$f" -o "$TMP/$f-out" 2>/dev/null || fail "tally $f"
	cmp -s "$TMP/want.csv" "$TMP/$f-out/votes.csv" || fail "tally of the $f ballots differs"
done

# 4. The error rule: each defective ballot is one error at its cell, exit 65, nothing written.
out=$("$KAOJI" tally "$G" -o "$TMP/e" --set ballot_limit_rule=error 2>&1); rc=$?
[ "$rc" = 65 ] || fail "error rule: exit $rc"
[ "$(printf '%s\n' "$out" | grep -o '^[^ ]*ballots.csv:[0-9]*:[0-9]*: 错误' | sed 's/.*ballots.csv://; s/: 错误//' | tr '\n' ' ')" = "16:4 35:4 49:3 65:4 " ] ||
	{ printf '%s\n' "$out"; fail "error rule places"; }
printf '%s\n' "$out" | grep -qF '行风监督员第02号选票对8个窗口中的3个评为非常满意，超过30%（最多2个）' || fail "error rule message"
[ -z "$(ls -A "$TMP/e" 2>/dev/null)" ] || fail "error rule wrote output"
"$KAOJI" annual "$G" -o "$TMP/e2" --set ballot_limit_rule=error >/dev/null 2>&1; [ $? = 65 ] || fail "annual under the error rule"

# 5. Blank ratings: skip (above); void makes 03 and 04 void for their blanks, leaving 01 alone;
# error reports the first blank of 03 (住建, line 26) and of 04 (卫健, line 37).
"$KAOJI" tally "$G" -o "$TMP/bv" --set ballot_blank=void 2>/dev/null || fail "blank=void"
grep -q '^行风监督员,公安,1,0,0,0' "$TMP/bv/votes.csv" || fail "blank=void: 公安 is 01's vote only"
grep -q '^行风监督员,市场监管,0,0,1,0' "$TMP/bv/votes.csv" || fail "blank=void: 市场监管"
pdftotext -layout "$TMP/bv/tally.pdf" - | tr -s ' ' | grep -qF '04 对“卫健”的评价为空（ballot_blank = void） ballots.csv 第37行' || fail "blank=void reason"
out=$("$KAOJI" tally "$G" -o "$TMP/be" --set ballot_blank=error 2>&1); rc=$?
[ "$rc" = 65 ] && printf '%s\n' "$out" | grep -q 'ballots.csv:26:4: 错误: 行风监督员第03号选票对“住建”的评价为空' ||
	{ printf '%s\n' "$out"; fail "blank=error"; }

# 6. ballots.csv and votes.csv both: one error naming both, nothing written; tally without ballots.csv: 66.
out=$("$KAOJI" annual tests/data/bad-ballots-both-files -o "$TMP/both" 2>&1); rc=$?
[ "$rc" = 65 ] && printf '%s\n' "$out" | grep -q 'ballots.csv:1:1: 错误: 数据文件夹中同时有 ballots.csv 和 votes.csv' || fail "both files"
[ -z "$(ls -A "$TMP/both" 2>/dev/null)" ] || fail "both files wrote output"
"$KAOJI" tally tests/data/good-small -o "$TMP/none" >/dev/null 2>&1; rc=$?
[ "$rc" = 66 ] || fail "tally without ballots.csv: exit $rc"
[ -z "$(ls -A "$TMP/none" 2>/dev/null)" ] || fail "tally without ballots.csv wrote output"

# 7. samples/2022-ballots: the generator makes its ballots.csv; the tally is samples/2022/votes.csv;
# every result equals samples/2022's; the other files are samples/2022's.
python3 tests/ballots/gen.py "$TMP/gen.csv" && cmp -s "$TMP/gen.csv" samples/2022-ballots/ballots.csv || fail "gen.py does not make ballots.csv"
for f in samples/2022/*; do
	[ "$(basename "$f")" = votes.csv ] || [ "$(basename "$f")" = README.md ] || cmp -s "$f" "samples/2022-ballots/$(basename "$f")" || fail "$f differs in 2022-ballots"
done
"$KAOJI" tally samples/2022-ballots -o "$TMP/st" 2>/dev/null || fail "tally samples"
cmp -s "$TMP/st/votes.csv" samples/2022/votes.csv || fail "samples tally ≠ samples/2022/votes.csv"
"$KAOJI" annual samples/2022-ballots -o "$TMP/sa" --csv-only 2>/dev/null || fail "annual samples/2022-ballots"
cmp -s "$TMP/sa/results.csv" tests/golden/results-2022.csv || fail "samples/2022-ballots results.csv ≠ samples/2022's"
# 统战 (行风监督员) 7, 15, 1, 0: 21.3 ÷ 23 = 213/230 = 0.926086…
pdftotext -layout "$TMP/st/tally.pdf" - | tr -s ' ' | grep -qx ' *统战 单设窗口 7 15 1 0 23 21.3 213/230 0.926086…' || fail "统战 in the samples tally"
pdftotext -layout "$TMP/st/tally.pdf" - | tr -s ' ' | grep -qx ' *行风监督员 30 27 3 65' || fail "samples supervisors summary"
"$KAOJI" check samples/2022-ballots 2>/dev/null | grep -qF '领导班子及科室负责人：收到30张，有效28张，作废2张' || fail "samples check"
exit 0
