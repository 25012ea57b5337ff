#!/usr/bin/env python3
"""gen.py — a synthetic province: a data folder of N units, for `make bench`'s scale run.

Usage: gen.py N OUT_DIR

The province is made of halls of 37 units, each a copy of samples/2022's hall under a place
name of its own (青岚镇统战, 青岚镇婚姻登记分中心, …): 24 单设窗口, 9 综合窗口 and 4 分中心
per hall, the last hall cut short at N.  Every copy's numbers are the sample unit's, moved a
little by a hash of (hall, row): discipline and third-party scores by a few steps, votes traded
between 满意 and 一般, deduction rows dropped and their days shifted, so the ranks spread
instead of tying in blocks of N/37.  非常满意 stays as in the sample, so the 30% rule holds in
every full hall and hence in the province.  Unit names are distinct (checked).  Deterministic:
no randomness, no clock — the same N gives the same bytes.  Python standard library only.
"""
import csv
import hashlib
import os
import sys

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "2022")

# Place names: a first and a second character and a suffix, 40 × 40 × 3 = 4,800 places
# (177,600 units), every one distinct by construction.
FIRST = "青白金石云龙凤松桃柳梅兰竹杏李梨枫桂荷莲东南西北安平长永新兴和福宁康乐宜泰丰华明"
SECOND = "山河湖江溪泉峰岭川塘湾洲桥港源林田原城阳坪坝岗岩滩口冈屯堡营关店集寨庄坊沟谷岙"
SUFFIX = ["镇", "乡", "街道"]


def place(h):
    """The h-th place name (h < 4,800)."""
    a, b = divmod(h, len(SECOND))
    a, s = divmod(a, len(FIRST))
    return FIRST[s] + SECOND[b] + SUFFIX[a % len(SUFFIX)]


def mix(*keys):
    """A deterministic small integer from keys (no Python hash(): it is salted per run)."""
    return int.from_bytes(hashlib.blake2b(repr(keys).encode(), digest_size=4).digest(), "big")


def read(name, enc="utf-8-sig"):
    with open(os.path.join(SAMPLE, name), encoding=enc, newline="") as f:
        return list(csv.reader(f))


def write(out, name, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def month_of(text):
    """'2022年3月', '2022-03' -> 3."""
    return int(text.replace("年", "-").replace("月", "").split("-")[1])


def shift_date(date, month, by):
    """Moves a day inside its month, keeping it there (empty stays empty)."""
    if not date:
        return ""
    days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return "2022-%02d-%02d" % (month, (int(date.split("-")[2]) - 1 + by) % days + 1)


def nudge(value, step, k, lo, hi):
    """value moved by k steps (−4…4), kept in [lo, hi]; exact decimal text with step's places."""
    places = len(step.split(".")[1]) if "." in step else 0
    places = max(places, len(value.split(".")[1]) if "." in value else 0)
    unit = 10 ** places
    v = round(float(value) * unit) + (k % 9 - 4) * round(float(step) * unit)
    v = max(round(lo * unit), min(round(hi * unit), v))
    return "%d.%0*d" % (v // unit, places, v % unit) if places else str(v)


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: gen.py N OUT_DIR")
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    units = read("units.csv")
    head, base = units[0], units[1:]
    halls = (n + len(base) - 1) // len(base)
    if halls > len(FIRST) * len(SECOND) * len(SUFFIX):
        sys.exit("N too large")
    # name[h][sample name] = the unit of hall h standing where the sample unit stands
    name, rows = [], [head]
    for h in range(halls):
        p, m = place(h), {}
        for u in base[:n - h * len(base)]:
            m[u[0]] = p + (u[0][1:] if u[0].startswith("区") else u[0])
            rows.append([m[u[0]], u[1], p + (u[2] if len(u) > 2 else "")])
        name.append(m)
    names = [r[0] for r in rows[1:]]
    assert len(names) == n and len(set(names)) == n, "unit names not distinct"
    write(out, "units.csv", rows)
    kept = lambda h, unit: unit in name[h]          # the last hall may stop short

    with open(os.path.join(SAMPLE, "items.csv"), "rb") as f, open(os.path.join(out, "items.csv"), "wb") as g:
        g.write(f.read())
    with open(os.path.join(SAMPLE, "method.ini"), encoding="utf-8") as f, \
         open(os.path.join(out, "method.ini"), "w", encoding="utf-8") as g:
        g.write(f.read().replace("staff_count = 86", "staff_count = %d" % (86 * halls)))

    ded = read("deductions.csv", "gb18030")
    drows = [ded[0]]
    for h in range(halls):
        for i, r in enumerate(ded[1:]):
            if not kept(h, r[1]) or (h and mix(h, i) % 4 == 0):
                continue                        # each hall drops some rows: months differ
            mo = month_of(r[0])
            drows.append(["2022-%02d" % mo, name[h][r[1]], r[2], r[3], r[4],
                          shift_date(r[5], mo, mix(h, i, "d") % 5 if h else 0), r[6]])
    write(out, "deductions.csv", drows)

    kinds = {u[0]: u[1] for u in base}
    for fname, step in [("discipline.csv", "0.1"), ("third_party.csv", "0.01")]:
        src = read(fname)
        rows = [src[0]]
        for h in range(halls):
            for k, (unit, value) in enumerate(src[1:]):
                if not kept(h, unit):
                    continue
                if h:
                    # never above the component's maximum (a unit's two rows stay near theirs)
                    top = 100 if fname == "third_party.csv" else 10 if kinds[unit] == "分中心" else 5
                    value = nudge(value, step, mix(h, k, fname), 0, min(top, float(value) + 0.2))
                rows.append([name[h][unit], value])
        write(out, fname, rows)

    q = read("quarters.csv")
    write(out, "quarters.csv", [q[0]] + [
        [name[h][r[0]], r[1], r[2] if h == 0 else nudge(r[2], "0.5", mix(h, k, "q"), 0, 100)]
        for h in range(halls) for k, r in enumerate(q[1:]) if kept(h, r[0])])

    v = read("votes.csv")
    rows = [v[0]]
    for h in range(halls):
        for k, r in enumerate(v[1:]):
            if not kept(h, r[1]):
                continue
            s, f = int(r[3]), int(r[4])
            if h:                               # 满意 and 一般 trade up to 3 votes
                t = mix(h, k, "v") % 7 - 3
                t = max(-s, min(f, t))
                s, f = s + t, f - t
            rows.append([r[0], name[h][r[1]], r[2], str(s), str(f), r[5]])
    write(out, "votes.csv", rows)

    p = read("penalties.csv")
    write(out, "penalties.csv", [p[0]] + [[name[h][r[0]]] + r[1:]
                                           for h in range(halls) for r in p[1:] if kept(h, r[0])])


if __name__ == "__main__":
    main()
