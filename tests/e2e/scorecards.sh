# scorecards.sh — a scorecard is what a unit appeals with, read back from the PDFs of
# samples/2022 and of the folder with 3 times the units: each component shows its rank and the
# arithmetic to its points (equal to results.csv), ties say how many share the rank (and as
# many units do: “3个单位并列第8名”), votes show the weights and the exact ratio (never “…”); every deduction row
# of deductions.csv is listed on the unit's 附页 with its line; the bound copy starts each unit
# on an odd page; the charts of a kind, and of every bulletin, share one scale (all of them one
# scale: review.sh) and have axis titles; quarters read 第1季度.
set -u
fail() { echo "FAIL: $*"; exit 1; }
python3 tests/large/gen.py "$TMP/large" || fail "generator"
for d in samples/2022 "$TMP/large"; do
	"$KAOJI" year "$d" -o "$TMP/out-$(basename "$d")" 2>"$TMP/log" || { cat "$TMP/log"; fail "year $d"; }
done

PYTHONPATH=tests/lib python3 - "$TMP" <<'PY' || exit 1
import csv, glob, re, sys
from decimal import Decimal as D
from fractions import Fraction as F
from pdfpages import body, boxes, npages, pages, squeeze
tmp = sys.argv[1]

def rows(path):
    for enc in ("utf-8-sig", "gb18030"):
        try:
            with open(path, encoding=enc, newline="") as f:
                return list(csv.DictReader(f))
        except UnicodeDecodeError:
            pass

COMP = [("纪委监委评价", 5, 10), ("第三方满意度评价", 10, None), ("行风监督员评价", 5, 10), ("领导班子及科室负责人评价", 10, 10)]
for data, out in [("samples/2022", tmp + "/out-2022"), (tmp + "/large", tmp + "/out-large")]:
    res = {r["单位"]: r for r in rows(out + "/results.csv")}
    units = [u["名称"] for u in rows(data + "/units.csv")]
    votes = {(v["评价主体"], v["单位"]): [int(v[k]) for k in ("非常满意", "满意", "一般", "不满意")] for v in rows(data + "/votes.csv")}
    ded = rows(data + "/deductions.csv")
    ranks = {}                       # (component, window?) → {rank: [(unit, ties)]}
    ticks = {}
    start = 1
    for i, name in enumerate(units, 1):
        r = res[name]
        win = r["类型"] != "分中心"
        pdf = glob.glob("%s/scorecards/%02d-*.pdf" % (out, i))[0]
        first = pages(pdf, layout=True)[0]
        flat = squeeze(first)
        if "…" in body(pdf):
            sys.exit("FAIL: %s prints an ellipsis" % pdf)

        # 10. rank → points, ties, votes → ratio.  The breakdown's columns are read apart
        #     (原始值 from 51 mm, 名次与计算 from 123 mm: 15 mm margin + 36 + 72), each top to bottom.
        cards = boxes(pdf)
        def column(page, x0, x1):
            words = [w for l in cards[page] for w in l[5] if x0 <= w[0] < x1]
            return "".join(w[4] for w in sorted(words, key=lambda w: (round(w[1] * 2), w[0])))
        raw, calc = column(0, 51, 123), column(0, 123, 181)
        comps = [c for c in COMP if (c[1] if win else c[2]) is not None]
        found = re.findall(r"(?:(\d+)个单位并列)?第(\d+)名：(\d+)−0\.1×\((\d+)−1\)(?:=(\d+\.\d\d)|<0，得0\.00)", calc)
        if len(found) != len(comps):
            sys.exit("FAIL: %s: %d components show rank and points, want %d: %s" % (pdf, len(found), len(comps), calc[:200]))
        vote_texts = iter(re.findall(r"\((\d+)×1\+(\d+)×0\.9\+(\d+)×0\.8\+(\d+)×0\.7\)÷(\d+)=([\d.]+)÷(\d+)="
                                     r"(?:(\d+)/(\d+)≈(\d+\.\d{4})|(\d+(?:\.\d{1,4})?))", raw))
        for (comp, wmax, smax), (ties, rank, mx, rank2, pts) in zip(comps, found):
            mx_want = wmax if win else smax
            if ties == "1":
                sys.exit("FAIL: %s: %s: “1个单位并列”" % (pdf, comp))
            rank, ties = int(rank), int(ties or 1)
            if int(mx) != mx_want or int(rank2) != rank:
                sys.exit("FAIL: %s: %s: “%d个单位并列第%d名…%s−0.1×(%s−1)”" % (pdf, comp, ties, rank, mx, rank2))
            if D(pts or "0") != D(r[comp]) or max(D(0), D(mx_want) - D("0.1") * (rank - 1)) != D(r[comp]):
                sys.exit("FAIL: %s: %s: rank %d gives %s, results.csv %s" % (pdf, comp, rank, pts, r[comp]))
            ranks.setdefault((comp, win), {}).setdefault(rank, []).append((name, ties))
            if comp in ("行风监督员评价", "领导班子及科室负责人评价"):
                g = "行风监督员" if comp == "行风监督员评价" else "领导班子及科室负责人"
                v = votes[(g, name)]
                got = next(vote_texts, None)
                s_ = sum(n * x for n, x in zip(v, [D(1), D("0.9"), D("0.8"), D("0.7")]))
                exact = F(s_) / sum(v)
                if not got or [int(x) for x in got[:4]] != v or int(got[4]) != sum(v) or D(got[5]) != s_ or int(got[6]) != sum(v):
                    sys.exit("FAIL: %s: %s: votes and weights %s, votes.csv %s" % (pdf, comp, got, v))
                if got[7]:
                    if F(int(got[7]), int(got[8])) != exact or D(got[9]) != round(D(exact.numerator) / exact.denominator, 4):
                        sys.exit("FAIL: %s: %s: %s/%s ≈ %s is not %s" % (pdf, comp, got[7], got[8], got[9], exact))
                elif F(got[10]) != exact:
                    sys.exit("FAIL: %s: %s: %s is not exactly %s" % (pdf, comp, got[10], exact))

        # 11. The 附页: every deductions.csv row of the unit, with its line (header = line 1).
        mine = [(k + 2, r2) for k, r2 in enumerate(ded) if r2["单位"].strip() == name]
        n = npages(pdf)
        if mine:
            extra = squeeze("".join(pages(pdf)[1:]))
            lines = [int(x) for x in re.findall(r"第(\d+)行", extra.replace("表头为第1行", ""))]
            if n < 2 or sorted(lines) != [k for k, _ in mine]:
                sys.exit("FAIL: %s: the 附页 lists lines %s, deductions.csv has %s" % (pdf, lines, [k for k, _ in mine]))
            # 附页 columns: 扣分项 from 34 mm, 说明 from 131 mm (15 + 19 | + 74 + 10 + 13)
            items = "".join(column(k2, 34, 108) for k2 in range(1, n))
            notes = "".join(column(k2, 131, 179) for k2 in range(1, n))
            for k, r2 in mine:
                if r2["日期"]:
                    y, mo, dd = map(int, re.split(r"[-/]", r2["日期"]))
                    if "%d月%d日" % (mo, dd) not in extra:
                        sys.exit("FAIL: %s: the 附页 lacks the date of line %d" % (pdf, k))
                if squeeze(r2["说明"]) not in notes or not re.search(r"(?<![\d.])%s(?![\d.a-z])" % re.escape(r2["扣分项"]), items):
                    sys.exit("FAIL: %s: the 附页 lacks the item or note of line %d" % (pdf, k))
        elif n != 1:
            sys.exit("FAIL: %s: %d pages without a deduction" % (pdf, n))
        # ... and the bound copy starts each unit on an odd page.
        if start % 2 != 1 or squeeze(pages(out + "/scorecards.pdf")[start - 1]) != squeeze(pages(pdf)[0]):
            sys.exit("FAIL: scorecards.pdf: %s does not start on odd page %d" % (name, start))
        start += n + n % 2

        # 12. Charts: axis titles, labels as in the table, one scale per kind.
        for want in (["月度得分（分）", "月份"] if win else ["季度考核得分（分）", "季度", "第1季度", "第4季度"]):
            if want not in flat:
                sys.exit("FAIL: %s: the chart lacks “%s”" % (pdf, want))
        if re.search(r"Q\d", flat):
            sys.exit("FAIL: %s: quarters labelled Q1" % pdf)
        ticks.setdefault(win, set()).add(tuple(l.strip() for l in first.splitlines() if re.fullmatch(r"\s*\d{2,3}\s*", l)))
    for (comp, win), by in ranks.items():
        for rank, who in by.items():
            if any(t != len(who) for _, t in who):
                sys.exit("FAIL: %s rank %d: %d units share it, the cards say %s" % (comp, rank, len(who), [t for _, t in who]))
    for win, t in ticks.items():
        if len(t) != 1:
            sys.exit("FAIL: the %s cards' charts have %d different scales: %s" % ("window" if win else "分中心", len(t), t))
    bt = {tuple(l.strip() for l in "".join(pages(b, layout=True)).splitlines() if re.fullmatch(r"\s*\d{2,3}\s*", l))
          for b in glob.glob(out + "/bulletin-*.pdf")}
    if len(bt) != 1:
        sys.exit("FAIL: the bulletins' charts have %d different scales" % len(bt))
    for b in glob.glob(out + "/bulletin-*.pdf"):
        if "月度得分（分）" not in body(b) or "窗口（按本月得分从高到低" not in body(b):
            sys.exit("FAIL: %s: the chart lacks its axis titles" % b)
PY
[ $? = 0 ] || exit 1
exit 0
