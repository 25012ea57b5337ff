# review.sh — what a 督查科 clerk found reading the printed 2022 set, read back from the PDFs:
# a placeholder catalog item cited by a deduction is warned about (an error under --strict);
# the bulletin's month is not read as a day; the 公示稿 says 拟定等次 and comes without
# scorecards; the notice names every penalty in plain words and says “无” for an empty grade;
# the 通知 does not copy its addressees; points beside tables of 2-decimal numbers carry 2
# decimals.
set -u
fail() { echo "FAIL: $*"; exit 1; }
out=$TMP/y
"$KAOJI" year samples/2022 -o "$out" 2>"$TMP/log" || { cat "$TMP/log"; fail "year"; }
"$KAOJI" notice templates/call.tpl samples/2022 -o "$out/call.pdf" 2>/dev/null || fail "call"
"$KAOJI" annual samples/2022 -o "$TMP/p" --draft-notice 2>/dev/null || fail "--draft-notice"

# 2. Placeholder wording in the catalog (4.1 “原文缺失…”, 3.10c “原文截断…”): a warning at the
#    deductions.csv row that first cites it, once per item, from check, annual, monthly and year;
#    an error under --strict.  samples/2022 cites 4.1 (first at line 55), never 3.10c.
want="samples/2022/deductions.csv:55: 警告: 扣分项 4.1 的内容是占位文字（原文缺失），正式印发前请在 items.csv 中改为正式办法的原文"
[ "$(grep -c '占位文字' "$TMP/log")" = 1 ] && grep -qxF "$want" "$TMP/log" || { cat "$TMP/log"; fail "year: the 4.1 warning"; }
"$KAOJI" check samples/2022 >/dev/null 2>"$TMP/c.log" || fail "check"
[ "$(grep -c '占位文字' "$TMP/c.log")" = 1 ] && grep -qxF "$want" "$TMP/c.log" || { cat "$TMP/c.log"; fail "check: the 4.1 warning"; }
"$KAOJI" annual samples/2022 -o "$TMP/a" 2>"$TMP/a.log" || fail "annual"
grep -qxF "$want" "$TMP/a.log" || { cat "$TMP/a.log"; fail "annual: the 4.1 warning"; }
"$KAOJI" monthly samples/2022 --month 2022-01 -o "$TMP/m" 2>"$TMP/m.log" || fail "monthly"
grep -qxF "$want" "$TMP/m.log" || { cat "$TMP/m.log"; fail "monthly: the 4.1 warning"; }
"$KAOJI" check samples/2022 --strict >/dev/null 2>"$TMP/cs.log"; [ $? = 65 ] || fail "check --strict passes a placeholder"
grep -qF "samples/2022/deductions.csv:55: 错误: 扣分项 4.1 的内容是占位文字（原文缺失），--strict 时不能印发" "$TMP/cs.log" || { cat "$TMP/cs.log"; fail "check --strict: no error"; }
mkdir -p "$TMP/s"
for cmd in annual year; do
	"$KAOJI" $cmd samples/2022 -o "$TMP/s" --strict 2>/dev/null; [ $? = 65 ] || fail "$cmd --strict passes a placeholder"
done
"$KAOJI" monthly samples/2022 --all -o "$TMP/s" --strict 2>/dev/null; [ $? = 65 ] || fail "monthly --strict passes a placeholder"
[ -z "$(ls -A "$TMP/s")" ] || fail "--strict wrote $(ls -A "$TMP/s")"
# The built-in catalog (no items.csv) says where its wording goes; each item warns once.
cp -r tests/data/good-small "$TMP/gs"
printf '2022-05,公安,3.10c,1,,2022-05-06,联审会议缺席\n2022-06,公安,4.1,1,0.3,2022-06-07,其他\n2022-07,住建,4.1,1,0.3,2022-07-07,其他\n' >>"$TMP/gs/deductions.csv"
n=$(wc -l <"$TMP/gs/deductions.csv")
"$KAOJI" check "$TMP/gs" >/dev/null 2>"$TMP/gs.log" || { cat "$TMP/gs.log"; fail "check good-small"; }
[ "$(grep -c '占位文字' "$TMP/gs.log")" = 2 ] || { cat "$TMP/gs.log"; fail "one warning per placeholder item"; }
grep -qxF "$TMP/gs/deductions.csv:$((n - 2)): 警告: 扣分项 3.10c 的内容是占位文字（原文截断），正式印发前请在 items.csv 中改为正式办法的原文；数据文件夹没有 items.csv，用的是内置目录，可把 samples/2022/items.csv 复制过去再改" "$TMP/gs.log" \
	|| { cat "$TMP/gs.log"; fail "the built-in catalog's warning"; }
grep -qF "$TMP/gs/deductions.csv:$((n - 1)): 警告: 扣分项 4.1 的内容是占位文字" "$TMP/gs.log" || { cat "$TMP/gs.log"; fail "4.1 at its first row"; }
# The official wording in items.csv: no warning, and --strict passes.
cp -r samples/2022 "$TMP/official"
sed -i 's/（原文缺失[^）]*）//; s/每次……（原文截断[^）]*）/每次扣0.5分/' "$TMP/official/items.csv"
"$KAOJI" check "$TMP/official" --strict >/dev/null 2>"$TMP/o.log" || { cat "$TMP/o.log"; fail "check --strict on the official wording"; }
! grep -q '警告' "$TMP/o.log" || { cat "$TMP/o.log"; fail "a warning on the official wording"; }

# 5. --draft-notice: no scorecards (they come with the final notice).
[ ! -e "$TMP/p/scorecards" ] && [ ! -e "$TMP/p/scorecards.pdf" ] || fail "--draft-notice wrote scorecards"
[ -s "$TMP/p/notice.pdf" ] && [ -s "$TMP/p/results.csv" ] || fail "--draft-notice lacks the 公示稿 or results.csv"

PYTHONPATH=tests/lib python3 - "$out" "$TMP" <<'PY' || exit 1
import csv, glob, re, subprocess, sys
from pdfpages import body, boxes, npages, pages, squeeze
out, tmp = sys.argv[1], sys.argv[2]

def has(text, want, what):
    if want not in text:
        sys.exit("FAIL: %s lacks “%s”" % (what, want))

notice = body(out + "/notice.pdf")

# 4. The bulletin: the month is the month of the assessment, not a day after a count.
b7 = body(out + "/bulletin-2022-07.pdf")
has(b7, "督查科对33个窗口2022年7月的工作纪律、工作规范、办件管理等情况进行了考核", "bulletin-2022-07")

# 5. The 公示稿's table heads its grades 拟定等次; the notice's says 等次.
pub = pages(tmp + "/p/notice.pdf", layout=True)
head = [l for p in pub for l in p.splitlines() if re.search(r"排名\s+单位\s+类型", l)]
if len(head) < 2 or any("拟定等次" not in l for l in head):
    sys.exit("FAIL: the 公示稿's tables do not head their grades 拟定等次: %s" % head)
if any("拟定" in l for p in pages(out + "/notice.pdf", layout=True) for l in p.splitlines() if re.search(r"排名\s+单位\s+类型", l)):
    sys.exit("FAIL: the final notice says 拟定等次")

# 6. Penalties in plain words, with and without 取消评先; 7. an empty grade says 无.
for want in ["文广旅体因瞒报办件数据（2022年第三季度少报退件12件），经核查属实，扣1分并取消评先资格；"
             "按最终得分（97.52分，第8名）本可评为考绩先进窗口，现评为考绩良好窗口，先进名额依次顺延。",
             "房产事务因漏报、不及时报2022年7月擅自受理事项整改情况，扣2分。",
             "考绩基本合格窗口：无。", "考绩基本合格分中心：无。"]:
    has(notice, want, "notice")
has(body(tmp + "/p/notice.pdf"), "房产事务因漏报、不及时报2022年7月擅自受理事项整改情况，扣2分。", "公示稿")
has(body(tmp + "/p/notice.pdf"), "拟评为考绩基本合格窗口：无。", "公示稿")

# 8. The 通知: an addressee is not also a copy recipient.
call = body(out + "/call.pdf")
m = re.search(r"抄送：(.*?)。", call)
if not m or "区纪委区监委" in m.group(1) or "区委办公室" not in m.group(1):
    sys.exit("FAIL: the 通知's 抄送 repeats its 主送 or lost its own: %s" % (m.group(1) if m else None))

# 11. 2 decimals beside tables of 2-decimal numbers.
has(b7, "合计扣25.80分", "bulletin-2022-07")
PY
[ $? = 0 ] || exit 1
exit 0
