# wording.sh — what the documents say, read back from the PDFs of samples/2022 and of the folder
# with 3 times the units: 抄送 ends with “。”; quota arithmetic as prose on one line, no arrows,
# no brackets in brackets; the 85%/70% lines name their base with exact values from results.csv;
# 最终得分 is the only name of the final score; how the 良好 count arises; every penalized unit
# named with its reason; the 分中心 70% line; call.tpl's 主送 names everyone it instructs;
# bulletin deadlines are dates after the bulletin's own, dates read 7月29日, a table's points
# share their decimals.
set -u
fail() { echo "FAIL: $*"; exit 1; }
python3 tests/large/gen.py "$TMP/large" || fail "generator"
for d in samples/2022 "$TMP/large"; do
	o=$TMP/out-$(basename "$d")
	"$KAOJI" year "$d" -o "$o" 2>"$TMP/log" || { cat "$TMP/log"; fail "year $d"; }
	"$KAOJI" notice templates/call.tpl "$d" -o "$o/call.pdf" 2>/dev/null || fail "call $d"
done

PYTHONPATH=tests/lib python3 - "$TMP" <<'PY' || exit 1
import csv, glob, re, sys
from decimal import Decimal as D, ROUND_FLOOR
from pdfpages import body, boxes, pages, squeeze
tmp = sys.argv[1]

def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))

def nesting(text):
    """Deepest nesting of full-width brackets."""
    depth = deepest = 0
    for ch in text:
        depth += ch == "（"
        deepest = max(deepest, depth)
        depth -= ch == "）"
    return deepest

def pct(r):
    return (D(r) * 100).normalize()

for data, out in [("samples/2022", tmp + "/out-2022"), (tmp + "/large", tmp + "/out-large")]:
    res = rows(out + "/results.csv")
    notice = body(out + "/notice.pdf")
    call = body(out + "/call.pdf")

    # 4. 抄送 ends with “。” (notice and 通知).
    for name, t in [("notice", notice), ("call", call)]:
        m = re.search(r"抄送：(.*?)XX区政务服务中心办公室", t)
        if not m or not m.group(1).endswith("。"):
            sys.exit("FAIL: %s: 抄送 does not end with 。: %s" % (name, m.group(1) if m else "no 抄送"))

    # 5. Quota arithmetic: Chinese prose, unbroken, no arrow, no bracket in a bracket.
    wins = [r for r in res if r["类型"] != "分中心"]
    singles = [r for r in wins if r["类型"] == "单设窗口"]
    subs = [r for r in res if r["类型"] == "分中心"]
    def quota(n):
        x = D(n) * D("0.4")
        q = int(x.to_integral_value(ROUND_FLOOR))
        return "%d×40%%=%s个" % (n, q) if x == q else "%d×40%%=%s，取整为%d个" % (n, x.normalize(), q)
    for n, what in [(len(singles), "单设窗口数"), (len(wins), "窗口总数"), (len(subs), "分中心")]:
        want = "（%s）" % quota(n)
        if want not in notice:
            sys.exit("FAIL: notice lacks the quota %s for %s" % (want, what))
    arith = "%d×40%%=" % len(singles)
    on_line = [l for page in boxes(out + "/notice.pdf") for l in page if arith in squeeze(l[4])]
    if not on_line or not re.search(re.escape(arith) + r"[\d.]+", squeeze(on_line[0][4])):
        sys.exit("FAIL: the quota arithmetic %s… is broken across lines" % arith)
    for name, t in [("notice", notice), ("call", call)]:
        if "→" in t or "->" in t:
            sys.exit("FAIL: %s has an arrow" % name)
        if nesting(t) > 1:
            sys.exit("FAIL: %s nests brackets" % name)

    # 6. The lines name their base, with the exact values; one name for the final score.
    first = wins[0]
    f = D(first["最终得分"])
    for want in ["其余窗口最终得分达到第一名（%s，%s分）得分的85%%（%s分）及以上" % (first["单位"], first["最终得分"], (f * D("0.85")).normalize()),
                 "低于第一名得分的70%%（%s分）" % (f * D("0.7")).normalize()]:
        if want not in notice:
            sys.exit("FAIL: notice lacks “%s”" % want)
    s1 = subs[0]
    want = "最终得分低于第一名（%s，%s分）得分的70%%（%s分）" % (s1["单位"], s1["最终得分"], (D(s1["最终得分"]) * D("0.7")).normalize())
    if want not in notice:
        sys.exit("FAIL: the 分中心 paragraph lacks its 70%% line “%s”" % want)
    for pdf in glob.glob(out + "/*.pdf") + glob.glob(out + "/scorecards/*.pdf"):
        if "综合得分" in body(pdf):
            sys.exit("FAIL: %s calls the final score 综合得分" % pdf)

    # 7. How the 良好 count arises, and every 取消评先 unit with its reason.
    good = [r for r in wins if r["等次"] == "考绩良好窗口"]
    m = re.search(r"考绩良好窗口（(\d+)个，其中按名额(\d+)个、提档(\d+)个）", notice)
    only_quota = len(good) == len(wins) * 4 // 10 and "考绩良好窗口（%d个）" % len(good) in notice
    if not only_quota and (not m or int(m.group(1)) != len(good) or int(m.group(2)) + int(m.group(3)) != len(good)
                           or int(m.group(2)) < len(wins) * 4 // 10):
        sys.exit("FAIL: the 良好 count does not say how it arises: %s" % (m.group(0) if m else "none"))
    if data == "samples/2022" and m.group(0) != "考绩良好窗口（23个，其中按名额13个、提档10个）":
        sys.exit("FAIL: %s" % m.group(0))
    # (a reason typed “事由：详情，…” reads “事由（详情），…” after 因)
    for p in rows(data + "/penalties.csv"):
        why = re.sub(r"^([^：]+)：([^，（）]+)", r"\1（\2）", squeeze(p["原因"]))
        want = "%s因%s" % (p["单位"], why)
        if want not in notice or (p["取消评先"] == "是" and "取消评先资格" not in notice[notice.index(want):]):
            sys.exit("FAIL: notice does not name %s with its reason" % p["单位"])

    # 8. The 通知's 主送 addresses everyone its sections instruct.
    m = re.search(r"的通知(.*?)：根据", call)
    for who in ["区纪委区监委", "第三方", "行风监督员", "领导班子", "科室", "各窗口", "各分中心"]:
        if not m or who not in m.group(1):
            sys.exit("FAIL: the 通知's 主送 (%s) leaves out %s" % (m.group(1) if m else "?", who))

    # 9. Bulletins: a deadline is a real date after the bulletin's; dates 7月29日; one format per table.
    for month in range(1, 13):
        pdf = "%s/bulletin-2022-%02d.pdf" % (out, month)
        t = body(pdf)
        if "下月" in t or re.search(r"(?<![\d:])\d\d-\d\d(?![\d:])", t):
            sys.exit("FAIL: %s: “下月…” or a date like 07-29" % pdf)
        dates = [tuple(map(int, d)) for d in re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", t)]
        signed = (2022 + month // 12, month % 12 + 1, 5)
        m = re.search(r"于(\d{4})年(\d{1,2})月(\d{1,2})日前将整改情况报督查科", t)
        if "扣分情况" in t and "本月无扣分记录" not in t:
            if not m or tuple(map(int, m.groups())) <= signed or signed not in dates:
                sys.exit("FAIL: %s: the deadline %s is not a date after the bulletin's %s" % (pdf, m.group(0) if m else None, signed))
        for p, text in enumerate(pages(pdf, layout=True), 1):
            pts = [re.findall(r"\d+\.(\d+)", l)[-1] for l in text.splitlines()
                   if re.search(r"\d+月\d+日", l) and re.search(r"\s\d+\s+\d+\.\d+(\s|$)", l)]
            ranks = [x for l in text.splitlines() if re.match(r"^\s*\d+\s+\S+\s+(单设窗口|综合窗口)\s", l)
                     for x in re.findall(r"\d+\.(\d+)", l)]
            for what, v in [("扣分", pts), ("排名", ranks)]:
                if len({len(x) for x in v}) > 1:
                    sys.exit("FAIL: %s page %d: the %s table mixes decimals %s" % (pdf, p, what, sorted({len(x) for x in v})))
            if pts and len(pts[0]) < 2:
                sys.exit("FAIL: %s page %d: points like 0.3 beside 25.00" % (pdf, p))
PY
[ $? = 0 ] || exit 1
exit 0
