# review.sh — what a 督查科 clerk found reading the printed 2022 set, read back from the PDFs:
# summed discipline and vote rows show their parts and lines; a placeholder catalog item cited
# by a deduction is warned about (an error under --strict); no scorecard page holds only its
# signature; the bulletin's month is not read as a day; the 公示稿 says 拟定等次 and comes without
# scorecards; the notice names every penalty in plain words and says “无” for an empty grade;
# the 通知 does not copy its addressees; scorecards say how many share a rank, where a unit
# stands in its quota, 第N页 共M页 with the unit's name, the vote arithmetic and 四舍五入
# unbroken; the bulletin's 单位 column holds the longest name; points beside tables of
# 2-decimal numbers carry 2 decimals; a signature is not spaced; the 附页 names the 扣分台账;
# every chart of the year shares one scale.
set -u
fail() { echo "FAIL: $*"; exit 1; }
out=$TMP/y
"$KAOJI" year samples/2022 -o "$out" 2>"$TMP/log" || { cat "$TMP/log"; fail "year"; }
"$KAOJI" notice templates/call.tpl samples/2022 -o "$out/call.pdf" 2>/dev/null || fail "call"
"$KAOJI" annual samples/2022 -o "$TMP/p" --draft-notice 2>/dev/null || fail "--draft-notice"
"$KAOJI" annual tests/data/good-variants -o "$TMP/v" 2>/dev/null || fail "good-variants"

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

# 3. The scorecard's signature: pushed down line by line (@空行 before the 等次说明), it never
#    stands on a page without 2 lines of that paragraph, in the single files and the bound copy.
mkdir -p "$TMP/tpl"
cp templates/*.tpl "$TMP/tpl/"
for n in 2 2.5 3 3.5; do
	sed "s/^@小段 等次说明/@空行 $n\n@小段 等次说明/" templates/scorecard.tpl >"$TMP/tpl/scorecard.tpl"
	KAOJI_TEMPLATES=$TMP/tpl "$KAOJI" annual samples/2022 -o "$TMP/sig$n" 2>/dev/null || fail "annual with @空行 $n"
done

# 5. --draft-notice: no scorecards (they come with the final notice).
[ ! -e "$TMP/p/scorecards" ] && [ ! -e "$TMP/p/scorecards.pdf" ] || fail "--draft-notice wrote scorecards"
[ -s "$TMP/p/notice.pdf" ] && [ -s "$TMP/p/results.csv" ] || fail "--draft-notice lacks the 公示稿 or results.csv"

PYTHONPATH=tests/lib python3 - "$out" "$TMP" <<'PY' || exit 1
import csv, glob, re, subprocess, sys
from pdfpages import body, boxes, npages, pages, squeeze
out, tmp = sys.argv[1], sys.argv[2]

def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))

def card(name, base=out):
    return glob.glob("%s/scorecards/*-%s.pdf" % (base, name))[0]

def column(pdf, page, x0, x1):
    """A column of the scorecard's 得分构成表 (from its header to its 最终得分 row), top to
    bottom, its lines kept apart (mm from the left): 原始值 from 51 mm, 名次与计算 from 123 mm."""
    page = boxes(pdf)[page]
    words = [w for l in page for w in l[5]]
    top = min(w[1] for w in words if w[4] == "原始值")
    end = min(w[3] for w in words if w[4] == "最终得分" and w[0] < 51 and w[1] > top)
    lines = []
    for l in page:
        ws = [w for w in l[5] if x0 <= w[0] < x1 and top < w[1] < end]
        if ws:
            lines.append((ws[0][1], "".join(w[4] for w in ws)))
    return [t for _, t in sorted(lines)]

def has(text, want, what):
    if want not in text:
        sys.exit("FAIL: %s lacks “%s”" % (what, want))

res = {r["单位"]: r for r in rows(out + "/results.csv")}
notice = body(out + "/notice.pdf")

# 1. Summed rows: parts, sum and lines (discipline.csv: 公安 at lines 4 and 5; good-variants:
#    卫健's two discipline rows, 民政's two leader vote rows at votes.csv lines 14 and 15).
has(squeeze("".join(column(card("公安"), 0, 51, 123))), "评价得分2.20＋2.30＝4.50（discipline.csv第4、5行）", "公安's card")
v = tmp + "/v"
has(squeeze("".join(column(card("卫健", v), 0, 51, 123))), "评价得分2.40＋2.40＝4.80（discipline.csv第5、6行）", "卫健's card")
has(squeeze("".join(column(card("民政", v), 0, 51, 123))),
    "votes.csv第14、15行合计：非常满意3＋4＝7，满意7＋7＝14，一般1＋0＝1，不满意0＋0＝0；(7×1+14×0.9+1×0.8+0×0.7)÷22=", "民政's card")
has(squeeze("".join(column(card("统战"), 0, 51, 123))), "评价得分4.80", "统战's card (one row: no parts)")

# 3. No scorecard page holds its signature without 2 lines of what precedes it; the bound copy
#    breaks its pages alike.
for base in [out] + [tmp + "/sig" + n for n in ("2", "2.5", "3", "3.5")]:
    start = 1
    bound = [squeeze(t) for t in pages(base + "/scorecards.pdf")]
    for pdf in sorted(glob.glob(base + "/scorecards/*.pdf")):
        mine = [squeeze(t) for t in pages(pdf)]
        if bound[start - 1:start - 1 + len(mine)] != mine:
            sys.exit("FAIL: %s: its pages in scorecards.pdf are broken otherwise" % pdf)
        start += len(mine) + len(mine) % 2
        for p, lines in enumerate(boxes(pdf)):
            sig = [l for l in lines if squeeze(l[4]).startswith("XX区政务服务中心")]
            if sig and len([l for l in lines if l[1] < sig[0][1] - 1]) < 2:
                sys.exit("FAIL: %s page %d holds the signature alone" % (pdf, p + 1))
if npages(card("统战", tmp + "/sig2.5")) != 2:
    sys.exit("FAIL: @空行 2.5 no longer pushes 统战's signature over (the test tests nothing)")

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

# 9. Scorecards: ties say how many share them, the final rank says 并列 when shared, 四舍五入
#    and the vote ratio are not broken off, a unit in the 良好 quota is told its place.
for name, r in res.items():
    pdf = card(name)
    calc = column(pdf, 0, 123, 181)
    flat = squeeze("".join(calc))
    if re.search(r"（共\d+个单位）", flat) or re.search(r"(?<!\d)1个单位并列", flat):
        sys.exit("FAIL: %s: a tie reads “（共N个单位）” or “1个单位并列”" % pdf)
    tied = sum(1 for x in res.values() if x["排名"] == r["排名"] and (x["类型"] == "分中心") == (r["类型"] == "分中心"))
    first = squeeze(pages(pdf)[0])
    has(first, "排名：" + ("并列第%s名" if tied > 1 else "第%s名") % r["排名"], pdf)
    if tied == 1 and "排名：并列第%s名" % r["排名"] in first:
        sys.exit("FAIL: %s: alone at %s but “并列”" % (pdf, r["排名"]))
    if not any("四舍五入" in l for l in calc):
        sys.exit("FAIL: %s: “四舍五入” is broken: %s" % (pdf, calc[:3]))
    for l in column(pdf, 0, 51, 123):
        if re.fullmatch(r"[≈=]?\s*[\d./]+", l.strip()):
            sys.exit("FAIL: %s: “%s” stands alone on a line" % (pdf, l))
    # …第N页 共M页 on every page, with the unit's name
    n = npages(pdf)
    for p, text in enumerate(pages(pdf, layout=True)):
        if "2022年度考绩单·%s第%d页共%d页" % (name, p + 1, n) not in squeeze(text):
            sys.exit("FAIL: %s page %d lacks “2022年度考绩单·%s　第%d页 共%d页”" % (pdf, p + 1, name, p + 1, n))
# …and the bound copy numbers each unit's pages from 1 (its blank backs stay blank: documents.sh)
bound = [squeeze(t) for t in pages(out + "/scorecards.pdf")]
if sum("第1页共" in t for t in bound) != len(res):
    sys.exit("FAIL: scorecards.pdf does not number each unit's pages from 1")
has(squeeze("".join(column(card("统战"), 0, 51, 123))), "(7×1+15×0.9+1×0.8+0×0.7)÷23=21.3÷23=213/230≈0.9261", "统战's card")
has(squeeze(pages(card("消防"))[0]), "并列第18名（共33个窗口）", "消防's card")
has(squeeze(pages(card("文广旅体"))[0]), "本单位在未评先进的窗口中按最终得分排第5名，良好名额13个，在名额内。", "文广旅体's card")
has(squeeze(pages(card("统战"))[0]), "本单位在可评先进的单设窗口中排第2名，先进名额9个，在名额内。", "统战's card")
has(squeeze(pages(card("文广旅体"))[0]), "5个单位并列第3名：", "文广旅体's card")

# 10. The bulletin's 单位 column holds “综合行政执法” on one line (measured, not 22 mm).
seen = 0
for b in sorted(glob.glob(out + "/bulletin-*.pdf")):
    words = [w[4] for page in boxes(b) for l in page for w in l[5]]
    seen += words.count("综合行政执法")
    if "综合行政执" in words or "综合行政" in words:
        sys.exit("FAIL: %s breaks 综合行政执法" % b)
if not seen:
    sys.exit("FAIL: no bulletin lists 综合行政执法 (the test tests nothing)")

# 11. 2 decimals beside tables of 2-decimal numbers.
has(b7, "合计扣25.80分", "bulletin-2022-07")
gongan = squeeze("".join(pages(card("公安"))))
has(gongan, "12个月得分合计1193.20", "公安's card")
has(gongan, "1193.20÷12×70%，四舍五入", "公安's card")
has(gongan, "合计扣6.80分", "公安's 附页")

# 12. A signature is not spaced: the two X of “XX区” are drawn alike (MuPDF's character boxes).
for name in ("文广旅体", "区税务分中心"):
    st = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", card(name)], capture_output=True, text=True).stdout
    xs = [float(b) - float(a) for a, b in re.findall(r'<char quad="([\d.]+) [\d.]+ ([\d.]+)[^"]*"[^>]* c="X"/>', st)]
    if len(xs) < 2 or abs(xs[0] - xs[1]) > 0.05:
        sys.exit("FAIL: %s's signature is spaced: X widths %s" % (name, xs))

# 13. The 附页 names the 扣分台账.
has(gongan, "扣分台账（deductions.csv）中本单位全年的扣分记录共19条", "公安's 附页")
has(gongan, "“行号”第N行即扣分台账（deductions.csv）第N行（表头为第1行）", "公安's 附页")
# 14. One scale for every chart of the year: the trend charts of windows and 分中心 alike and
#     the bulletins' (the axis is printed as lines holding only a tick value).
scales = {}
for pdf in glob.glob(out + "/scorecards/*.pdf") + glob.glob(out + "/bulletin-*.pdf"):
    ticks = tuple(l.strip() for l in "".join(pages(pdf, layout=True)).splitlines() if re.fullmatch(r"\s*\d{2,3}\s*", l))
    scales.setdefault(ticks, []).append(pdf)
if len(scales) != 1:
    sys.exit("FAIL: the year's charts use %d scales: %s" % (len(scales), {k: v[:2] for k, v in scales.items()}))
PY
[ $? = 0 ] || exit 1
exit 0
