#!/usr/bin/env python3
"""typst_data.py — the numbers of kaoji's annual package, as JSON for the Typst peer of `make bench`.

Usage: typst_data.py DATA_DIR KAOJI_YEAR_OUT OUT_JSON KAOJI

Reads kaoji's own results.csv and monthly-YYYY-MM.csv (from `kaoji year DATA_DIR -o
KAOJI_YEAR_OUT`) and the data folder (units, votes, discipline, third_party, quarters,
penalties, deductions, items, method.ini), takes the font file kaoji uses for each role from
`KAOJI fonts DATA_DIR` (its family name from fc-scan), and writes every text the peer prints: the score
table's raw values and rank lines, the monthly (or quarterly) table and its chart values, the
deduction rows of the appendix and the notice's lists and rank tables.  Typst then only
typesets: it is given the results, kaoji computes them (so the comparison favours Typst).
Python standard library only; deterministic.
"""
import csv
import glob
import json
import os
import re
import subprocess
import sys
from fractions import Fraction


def rows(path):
    """A CSV as dicts, UTF-8 (BOM or not) or GB18030 as kaoji accepts, with its file line numbers."""
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    r = list(csv.reader(text.splitlines()))
    return [(i + 2, dict(zip(r[0], x))) for i, x in enumerate(r[1:]) if x]


def ini(path):
    """method.ini's key = value pairs."""
    out = {}
    for line in open(path, encoding="utf-8-sig"):
        line = line.strip()
        if line and line[0] not in "#;[" and "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def money(x):
    """A Fraction or decimal text as 2 decimals (half up)."""
    x = Fraction(x)
    return "%.2f" % float((x * 100 + Fraction(1, 2)) // 1 / 100)


def month_of(text):
    return int(text.replace("年", "-").replace("月", "").replace("/", "-").split("-")[1])


def pct(text):
    return Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)


def fonts(kaoji, data):
    """{role: {family, weight, file}} for the faces kaoji picks (the lines marked ← 使用)."""
    text = subprocess.run([kaoji, "fonts", data], capture_output=True, text=True, check=True).stdout
    out, role = {}, None
    for line in text.splitlines():
        m = re.match(r"^\S.* \((\w+)\)$", line)
        if m:
            role = m.group(1)
        m = re.match(r"^\s+\* (.+?) → (.+?)(?::(\d+))?  ← 使用", line)
        if m and role:
            index = int(m.group(3) or 0)
            fam = subprocess.run(["fc-scan", "--format", "%{index}\t%{family}\n", m.group(2)],
                                 capture_output=True, text=True, check=True).stdout.splitlines()
            names = next(f.split("\t")[1].split(",") for f in fam if int(f.split("\t")[0]) == index)
            out[role] = {"family": names[0], "names": names, "weight": "bold" if "Bold" in m.group(1) else "regular",
                         "file": m.group(2)}
    return out


def main():
    data, kout, out, kaoji = sys.argv[1:5]
    st = ini(os.path.join(data, "method.ini"))
    units = [u for _, u in rows(os.path.join(data, "units.csv"))]
    res = {r["单位"]: r for _, r in rows(os.path.join(kout, "results.csv"))}
    kind = {u["名称"]: u["类型"] for u in units}
    items = {r["编号"]: r for _, r in rows(os.path.join(data, "items.csv"))}
    monthly = {}
    for f in sorted(glob.glob(os.path.join(kout, "monthly-*.csv"))):
        mo = int(f[-6:-4])
        for _, r in rows(f):
            monthly.setdefault(r["单位"], {})[mo] = r
    disc, third, quarters, pen, ded, votes = {}, {}, {}, {}, {}, {}
    for ln, r in rows(os.path.join(data, "discipline.csv")):
        disc.setdefault(r["单位"], []).append((ln, r["得分"]))
    for _, r in rows(os.path.join(data, "third_party.csv")):
        third[r["单位"]] = r["满意度"]
    for _, r in rows(os.path.join(data, "quarters.csv")):
        quarters.setdefault(r["单位"], {})[int(r["季度"])] = r["得分"]
    if os.path.exists(os.path.join(data, "penalties.csv")):
        for _, r in rows(os.path.join(data, "penalties.csv")):
            pen.setdefault(r["单位"], []).append(r)
    for ln, r in rows(os.path.join(data, "deductions.csv")):
        ded.setdefault(r["单位"], []).append((ln, r))
    for _, r in rows(os.path.join(data, "votes.csv")):
        votes[(r["评价主体"], r["单位"])] = [int(r[k] or 0) for k in ("非常满意", "满意", "一般", "不满意")]
    weights = [Fraction(st.get(k, d)) for k, d in (("weight_very_satisfied", "1"), ("weight_satisfied", "0.9"),
                                                  ("weight_fair", "0.8"), ("weight_unsatisfied", "0.7"))]
    wtext = [st.get(k, d) for k, d in (("weight_very_satisfied", "1"), ("weight_satisfied", "0.9"),
                                       ("weight_fair", "0.8"), ("weight_unsatisfied", "0.7"))]
    step_text = st.get("rank_step", "0.1")
    step = Fraction(step_text)
    year = st.get("year", "2022")
    window = lambda n: kind[n] != "分中心"
    pool = {True: [u["名称"] for u in units if window(u["名称"])], False: [u["名称"] for u in units if not window(u["名称"])]}
    cols = ["纪委监委评价", "第三方满意度评价", "行风监督员评价", "领导班子及科室负责人评价"]
    tops = {True: [5, 10, 5, 10], False: [10, None, 10, 10]}
    low = min([Fraction(m["月度得分"]) for ms in monthly.values() for m in ms.values()] +
              [Fraction(q) for qs in quarters.values() for q in qs.values()] + [Fraction(100)])
    trend_low = max(0, int(low // 5 * 5) - 5)

    def rank_line(name, col, top):
        """“5个单位并列第29名：” and “5 − 0.1 × (29 − 1) = 2.20”, from the score kaoji gave."""
        w = window(name)
        v = Fraction(res[name][col])
        r = int(round((top - v) / step)) + 1
        ties = sum(1 for o in pool[w] if res[o][col] == res[name][col])
        head = ("%d个单位并列第%d名：" % (ties, r)) if ties > 1 else "第%d名：" % r
        return head + "\n%d − %s × (%d − 1) = %s" % (top, step_text, r, money(v))

    def vote_text(group, name):
        c = votes.get((group, name), [0, 0, 0, 0])
        tot = sum(c)
        s = sum(w * n for w, n in zip(weights, c))
        v = s / tot if tot else Fraction(0)
        terms = "+".join("%d×%s" % (n, w) for n, w in zip(c, wtext))
        val = ("%s" % float(v)) if (v * 10000).denominator == 1 else "%d/%d ≈ %.4f" % (v.numerator, v.denominator, v)
        return "(%s)÷%d\n= %s÷%d = %s" % (terms, tot, float(s), tot, val)

    cards = []
    for i, u in enumerate(units):
        n, w = u["名称"], window(u["名称"])
        r = res[n]
        top = tops[w]
        d = disc.get(n, [])
        dtext = "评价得分" + ("＋".join(money(x) for _, x in d) + "＝" + money(sum(Fraction(x) for _, x in d)) +
                           "\n（discipline.csv 第%s行）" % "、".join(str(ln) for ln, _ in d) if len(d) > 1 else
                           money(d[0][1]) if d else "0.00")
        breakdown = []
        if w:
            ms = monthly.get(n, {})
            total = sum(Fraction(ms[m]["月度得分"]) for m in ms)
            breakdown.append(["日常考核（满分70）", "%d个月得分合计%s" % (len(ms), money(total)),
                              "%s ÷ %d × 70%%，四舍五入" % (money(total), len(ms)), r["日常考核"]])
        else:
            qs = quarters.get(n, {})
            total = sum(Fraction(q) for q in qs.values())
            breakdown.append(["日常考核（满分70）", "4个季度得分合计%s" % money(total),
                              "%s ÷ 4 × 70%%，四舍五入" % money(total), r["日常考核"]])
        breakdown.append(["纪委监委评价（满分%d）" % top[0], dtext, rank_line(n, cols[0], top[0]), r[cols[0]]])
        if w:
            breakdown.append(["第三方满意度评价（满分10）", "满意度" + third.get(n, ""), rank_line(n, cols[1], 10), r[cols[1]]])
        breakdown.append(["行风监督员评价（满分%d）" % top[2], vote_text("行风监督员", n), rank_line(n, cols[2], top[2]), r[cols[2]]])
        breakdown.append(["领导班子及科室负责人评价（满分%d）" % top[3], vote_text("领导班子及科室负责人", n),
                          rank_line(n, cols[3], top[3]), r[cols[3]]])
        p = pen.get(n, [])
        breakdown.append(["扣分", "；".join(x["原因"] for x in p) or "无", "—", r["扣分"]])
        kname = "窗口" if w else "分中心"
        breakdown.append(["最终得分", "%s + %s − %s" % (r["日常考核"], r["满意度评价"], r["扣分"]),
                          "第%s名（共%d个%s）" % (r["排名"], len(pool[w]), kname), r["最终得分"]])
        rows_d = sorted(ded.get(n, []), key=lambda x: (month_of(x[1]["月份"]), x[1]["日期"], x[0]))
        if w:
            ms = monthly.get(n, {})
            count = {}
            for _, x in rows_d:
                count[month_of(x["月份"])] = count.get(month_of(x["月份"]), 0) + 1
            daily = [["%d月" % m, "%d条" % count.get(m, 0), ms[m]["工作纪律"], ms[m]["工作规范"], ms[m]["办件管理"],
                      ms[m]["其他"], ms[m]["月度得分"]] for m in sorted(ms)]
            daily.append(["合计", "%d条" % len(rows_d), "", "", "", "", money(total)])
            trend = [[f"{m}月", float(ms[m]["月度得分"])] for m in sorted(ms)]
        else:
            qs = quarters.get(n, {})
            daily = [["第%d季度" % q, money(qs[q])] for q in sorted(qs)] + [["合计", money(total)]]
            trend = [[f"第{q}季度", float(qs[q])] for q in sorted(qs)]
        appendix, pts_total, times_total = [], Fraction(0), 0
        for ln, x in rows_d:
            it = items.get(x["扣分项"], {"内容": "", "扣分": "0"})
            times = int(x["次数"] or 1)
            pts = Fraction(x["扣分"]) if x["扣分"] else Fraction(it["扣分"]) * times
            pts_total += pts
            times_total += times
            y, mo, dd = x["日期"].split("-") if x["日期"] else (year, month_of(x["月份"]), "")
            appendix.append(["%d月%s" % (int(mo), ("%d日" % int(dd)) if dd else ""), x["扣分项"] + " " + it["内容"],
                             str(times), money(pts), x["说明"], "第%d行" % ln])
        if appendix:
            appendix.append(["合计", "%d条" % len(appendix), str(times_total), money(pts_total), "", ""])
        why = ("本单位最终得分%s分，%s排名第%s名，评为%s。" % (r["最终得分"], kname, r["排名"], r["等次"]))
        cards.append({"file": "%02d-%s" % (i + 1, n), "name": n, "kind": kind[n], "where": u.get("位置", ""),
                      "window": w, "final": r["最终得分"], "rank": r["排名"], "pool": len(pool[w]), "grade": r["等次"],
                      "breakdown": breakdown, "daily": daily, "trend": trend, "why": why,
                      "appendix": appendix, "ded_total": money(pts_total)})

    def names(w, grade):
        return [res[n]["单位"] for n in sorted(pool[w], key=lambda n: int(res[n]["排名"])) if res[n]["等次"] == grade]

    order = [r for _, r in rows(os.path.join(kout, "results.csv"))]
    notice = {
        "year": year, "mark": st.get("issuer_mark", ""), "number": st.get("doc_number", ""),
        "recipients": st.get("recipients", ""), "issuer": st.get("issuer", ""),
        "date": "%s年%d月%d日" % tuple(int(x) for x in st.get("issue_date", "2023-01-16").split("-")),
        "cc": st.get("cc", ""), "printer": st.get("printer", ""),
        "print_date": "%s年%d月%d日" % tuple(int(x) for x in st.get("print_date", "2023-01-16").split("-")),
        "windows": len(pool[True]), "single": sum(1 for n in pool[True] if kind[n] == "单设窗口"),
        "comprehensive": sum(1 for n in pool[True] if kind[n] == "综合窗口"), "subcenters": len(pool[False]),
        "staff": st.get("staff_count", ""),
        "staff_excellent": str(int(Fraction(st.get("staff_count", "0")) * pct(st.get("staff_excellent_ratio", "20%")))),
        "grades": {g: names(w, g) for w, gs in ((True, ["考绩先进窗口", "考绩良好窗口", "考绩合格窗口", "考绩基本合格窗口"]),
                                                (False, ["考绩先进分中心", "考绩良好分中心", "考绩合格分中心", "考绩基本合格分中心"]))
                   for g in gs},
        "first": [order[0]["单位"], order[0]["最终得分"]] if order else ["", ""],
        "penalties": [[n, x["扣分"], x["原因"], x.get("取消评先", "否")] for n in pen for x in pen[n]],
        "window_table": [[r["排名"], r["单位"], r["类型"], r["日常考核"], r["纪委监委评价"], r["第三方满意度评价"],
                          r["行风监督员评价"], r["领导班子及科室负责人评价"], r["满意度评价"], r["扣分"], r["最终得分"], r["等次"]]
                         for r in order if window(r["单位"])],
        "subcenter_table": [[r["排名"], r["单位"], r["类型"], r["日常考核"], r["纪委监委评价"], r["行风监督员评价"],
                             r["领导班子及科室负责人评价"], r["满意度评价"], r["扣分"], r["最终得分"], r["等次"]]
                            for r in order if not window(r["单位"])],
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"fonts": fonts(kaoji, data), "year": year, "trend_low": trend_low, "issuer": notice["issuer"], "date": notice["date"],
                   "notice": notice, "cards": cards}, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
