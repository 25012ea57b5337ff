#!/usr/bin/env python3
"""gen.py — a data folder with 3 times the units of samples/2022, for tests of documents
whose tables run over many pages.

Usage: gen.py OUT_DIR

The 37 units of samples/2022 stay as they are; two more halls of 37 units each (24 单设窗口,
9 综合窗口, 4 分中心) get their own real-sounding names and data derived from the sample
unit in the same place (deduction rows on shifted days, votes, scores slightly moved), so the
folder is valid exactly when the sample is.  The third hall also gets busy months (5 to 7
deductions of one window in one month) so that groups of rows split across pages, and one of
its units is disqualified the way 文广旅体 is.  Deterministic: no randomness, no clock.
Python standard library only.
"""
import csv
import os
import sys

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "2022")

HALLS = [
    None,  # hall 0: the sample's own names
    {"location": "东厅",
     "single": ["人力社保", "医疗保障", "区公安分局出入境管理大队", "公安交警", "公安户政", "自然资源", "规划",
                "林业", "气象", "人防", "城市管理", "民族宗教", "审计", "统计", "烟草专卖", "邮政", "电信",
                "移动", "联通", "供电", "公证处", "法律援助", "红十字会", "工会"],
     "comprehensive": ["妇联", "团区委", "侨务", "台务", "地震", "机关事务", "市民卡", "人才服务", "企业服务"],
     "subcenter": ["区不动产交易分中心", "区出入境分中心", "区车管分中心", "区市民卡分中心"]},
    {"location": "西厅",
     "single": ["工商银行", "建设银行", "农业银行", "中国银行", "邮储银行", "农商银行", "人寿保险", "财产保险",
                "海关", "检验检疫", "外事", "粮食物资", "水务集团", "城投集团", "公交集团", "铁路售票", "民航售票",
                "殡葬服务", "住房保障", "征地拆迁", "建设工程交易", "政府采购", "产权交易", "科协"],
     "comprehensive": ["残疾人就业", "老龄", "慈善总会", "关工委", "文联", "社科联", "工商联", "宗教事务", "史志"],
     "subcenter": ["区人才服务分中心", "区企业开办分中心", "区医保服务分中心", "区住房保障分中心"]},
]


def read(name, enc="utf-8-sig"):
    with open(os.path.join(SAMPLE, name), encoding=enc, newline="") as f:
        return list(csv.reader(f))


def write(out, name, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def month_of(text):
    """'2022年3月', '2022-03' -> 3."""
    text = text.replace("年", "-").replace("月", "").replace("/", "-")
    return int(text.split("-")[1])


def days_in(month):
    return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def shift_date(date, month, by):
    """Moves a day inside its month, keeping it there (empty stays empty)."""
    if not date:
        return ""
    day = int(date.split("-")[2])
    day = (day - 1 + by) % days_in(month) + 1
    return "2022-%02d-%02d" % (month, day)


def nudge(value, step, k, lo, hi):
    """value moved by a multiple of step (k-dependent), kept in [lo, hi]; exact decimal text."""
    places = len(value.split(".")[1]) if "." in value else 0
    unit = 10 ** max(places, len(step.split(".")[1]) if "." in step else 0)
    v = round(float(value) * unit) + (k % 5 - 2) * round(float(step) * unit)
    v = max(round(lo * unit), min(round(hi * unit), v))
    digits = len(str(unit)) - 1
    return ("%d.%0*d" % (v // unit, digits, v % unit)) if digits else str(v)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    units = read("units.csv")
    head, base = units[0], units[1:]
    kinds = {"单设窗口": "single", "综合窗口": "comprehensive", "分中心": "subcenter"}
    order = {k: [u[0] for u in base if kinds[u[1]] == k] for k in kinds.values()}
    # name[h][sample name] = the unit in hall h standing where the sample unit stands
    name = [{u[0]: u[0] for u in base}]
    rows = [head] + [list(u) for u in base]
    for h in (1, 2):
        m = {}
        for u in base:
            k = kinds[u[1]]
            m[u[0]] = HALLS[h][k][order[k].index(u[0])]
            rows.append([m[u[0]], u[1], HALLS[h]["location"]])
        name.append(m)
    write(out, "units.csv", rows)

    with open(os.path.join(SAMPLE, "items.csv"), "rb") as f, open(os.path.join(out, "items.csv"), "wb") as g:
        g.write(f.read())
    with open(os.path.join(SAMPLE, "method.ini"), encoding="utf-8") as f, \
         open(os.path.join(out, "method.ini"), "w", encoding="utf-8") as g:
        g.write(f.read().replace("staff_count = 86", "staff_count = 258"))

    ded = read("deductions.csv", "gb18030")
    drows = [ded[0]]
    for h in range(3):
        for i, r in enumerate(ded[1:]):
            if h and i % (h + 3) == 0:
                continue                        # each hall drops some rows: different months
            mo = month_of(r[0])
            drows.append(["2022-%02d" % mo, name[h][r[1]], r[2], r[3], r[4], shift_date(r[5], mo, 3 * h), r[6]])
    # Busy months in hall 2: groups of 5 to 7 rows (split across pages, “（续）”).
    busy = [("工商银行", 3, "2.9a", "0.1", "工作人员未穿制服上岗"), ("海关", 7, "1.1", "0.5", "上班迟到"),
            ("粮食物资", 12, "2.14a", "0.1", "台面资料摆放凌乱"), ("检验检疫", 7, "3.8b", "0.5", "无故超承诺时限")]
    for k, (unit, mo, item, pts, note) in enumerate(busy):
        for n in range(5 + k % 3):
            drows.append(["2022-%02d" % mo, unit, item, "1", pts, "2022-%02d-%02d" % (mo, 2 + 3 * n),
                          "%s（第%d次）" % (note, n + 1)])
    write(out, "deductions.csv", drows)

    kind_of = {u[0]: kinds[u[1]] for u in base}
    for fname, step in [("discipline.csv", "0.1"), ("third_party.csv", "0.01")]:
        src = read(fname)
        rows = [src[0]]
        for h in range(3):
            for k, (unit, value) in enumerate(src[1:]):
                if h:
                    # a row never above the component's maximum (a unit's two rows stay near theirs)
                    top = 100 if fname == "third_party.csv" else 10 if kind_of[unit] == "subcenter" else 5
                    value = nudge(value, step, k + h, 0, min(top, float(value) + 0.2))
                rows.append([name[h][unit], value])
        write(out, fname, rows)

    q = read("quarters.csv")
    write(out, "quarters.csv", [q[0]] + [[name[h][r[0]], r[1], r[2] if h == 0 else nudge(r[2], "0.5", int(r[1]) + h, 0, 100)]
                                         for h in range(3) for r in q[1:]])

    # Votes: 非常满意 as in the sample (the 30% rule holds in each hall, hence in all three);
    # 满意 and 一般 trade a vote or two so that the ranks differ from hall to hall.
    v = read("votes.csv")
    rows = [v[0]]
    for h in range(3):
        for k, r in enumerate(v[1:]):
            s, f = int(r[3]), int(r[4])
            if h:
                t = min((k + h) % 3, f) if (k + h) % 2 else -min((k + h) % 3, s)
                s, f = s + t, f - t
            rows.append([r[0], name[h][r[1]], r[2], str(s), str(f), r[5]])
    write(out, "votes.csv", rows)

    p = read("penalties.csv")
    write(out, "penalties.csv", [p[0]] + [[name[h][r[0]]] + r[1:] for h in range(3) for r in p[1:]])


if __name__ == "__main__":
    main()
