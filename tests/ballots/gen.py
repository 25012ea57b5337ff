#!/usr/bin/env python3
"""gen.py — the ballots.csv of samples/2022-ballots: one row per ballot and unit, whose tally
(kaoji tally) is exactly samples/2022/votes.csv.

Usage: gen.py OUT_FILE    (reads samples/2022/units.csv and votes.csv)

Each voter group has 30 ballots, numbered 01–30 in each group.  The valid ones are built from
the counts: every unit is rated by as many valid ballots as it has votes (the others leave its
cell blank or leave its row out); the 非常满意 of each unit go to the ballots with the most
room left under the 30% limit, which applies to each ballot and pool (the windows a ballot
rates, and the 分中心 it rates, each at most 30% 非常满意: floor(30% × rated)).  The void
ballots are added with one defect each, each group a different mix of reasons:
  行风监督员 07: 非常满意 for 12 of the 33 windows (more than 30%);
  行风监督员 18: rates 公安 twice;
  行风监督员 25: 非常满意 for 2 of the 4 分中心 (at most 1);
  领导班子及科室负责人 11: 非常满意 for every unit;
  领导班子及科室负责人 23: rates 档案 twice.
Deterministic: a seeded random.Random, no clock.  Written as Excel writes a CSV on a Chinese
Windows: GB18030, CRLF.  Python standard library only.
"""
import csv
import io
import os
import random
import sys

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "2022")
KINDS = ["非常满意", "满意", "一般", "不满意"]
GROUPS = ["行风监督员", "领导班子及科室负责人"]
BALLOTS = 30
VOID = {GROUPS[0]: {7: "windows", 18: "twice:公安", 25: "subcenters"},
        GROUPS[1]: {11: "all", 23: "twice:档案"}}


def rows(name):
    with open(os.path.join(SAMPLE, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def limit(rated):
    return rated * 3 // 10            # floor(30% × rated), exactly


def valid_ballots(rng, units, counts, n):
    """n ballots, each {unit: kind index}, whose counts per unit are `counts`."""
    ballots = [dict() for _ in range(n)]
    for pool in (False, True):        # windows, then 分中心: the limit is per pool
        names = [u for u, sub in units if sub == pool]
        rated = [0] * n
        raters = {}
        for u in names:
            total = sum(counts[u])
            # Windows: spread the blanks (each ballot rates about as many, so the 30% room is
            # even); 分中心: the same ballots rate them all (only 4 of 4 leave room for one).
            order = sorted(range(n), key=lambda b: (rated[b] if not pool else -rated[b], rng.random()))
            raters[u] = order[:total]
            for b in raters[u]:
                rated[b] += 1
        room = [limit(r) for r in rated]
        for u in sorted(names, key=lambda u: -counts[u][0]):
            pick = sorted(raters[u], key=lambda b: (-room[b], rng.random()))[:counts[u][0]]
            if counts[u][0] and room[pick[-1]] <= 0:
                sys.exit("gen.py: no ballot has room for another 非常满意 of %s" % u)
            rest = [b for b in raters[u] if b not in pick]
            kinds = [1] * counts[u][1] + [2] * counts[u][2] + [3] * counts[u][3]
            rng.shuffle(kinds)
            for b in pick:
                room[b] -= 1
                ballots[b][u] = 0
            for b, k in zip(rest, kinds):
                ballots[b][u] = k
    return ballots


def void_ballot(rng, units, why):
    """A ballot rating every unit, with the one defect `why`."""
    b = [[u, rng.choice([1, 1, 1, 2])] for u, _ in units]
    windows = [r for r, (_, sub) in zip(b, units) if not sub]
    subs = [r for r, (_, sub) in zip(b, units) if sub]
    for r in windows[:limit(len(windows))]:
        r[1] = 0
    if why == "windows":
        for r in windows[:12]:
            r[1] = 0
    elif why == "subcenters":
        subs[0][1] = subs[2][1] = 0
    elif why == "all":
        for r in b:
            r[1] = 0
    else:
        name = why.split(":")[1]
        at = next(i for i, r in enumerate(b) if r[0] == name)
        b.insert(at + 5, [name, 2])
    return b


def main():
    units = [(r["名称"], r["类型"] == "分中心") for r in rows("units.csv")]
    rng = random.Random(2022)
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["评价主体", "票号", "单位", "评价"])
    for g in GROUPS:
        counts = {u: [0] * 4 for u, _ in units}
        for r in rows("votes.csv"):
            if r["评价主体"] == g:
                counts[r["单位"]] = [int(r[k]) for k in KINDS]
        valid = iter(valid_ballots(rng, units, counts, BALLOTS - len(VOID[g])))
        for no in range(1, BALLOTS + 1):
            if no in VOID[g]:
                for u, k in void_ballot(rng, units, VOID[g][no]):
                    w.writerow([g, "%02d" % no, u, KINDS[k]])
                continue
            ballot = next(valid)
            for u, _ in units:
                if u in ballot:
                    w.writerow([g, "%02d" % no, u, KINDS[ballot[u]]])
                elif rng.random() < 0.5:        # a blank cell; else the row is left out
                    w.writerow([g, "%02d" % no, u, ""])
    with open(sys.argv[1], "wb") as f:
        f.write(out.getvalue().encode("gb18030"))


if __name__ == "__main__":
    main()
