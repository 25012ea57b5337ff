#!/usr/bin/env python3
"""Counts which hard cases a folder of generated cases reaches, as seen by the oracle.

Usage: coverage.py CASE_PARENT    (e.g. after gen_cases.py 1 /tmp/g 60)
"""
import os
import shlex
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402


def declarative_grades(L):
    """Grades from a declarative reading of SPEC §4/§7, independent of oracle.grade_pool:
    with include a candidate gets a band iff fewer than q candidates are strictly better;
    with exclude iff at most q candidates are better or equal (its whole tie group fits)."""
    S, final, kind, disq = L["S"], L["final"], L["kind"], L["disq"]
    out = {}

    def band(cands, q):
        got = set()
        for u in cands:
            better = sum(1 for w in cands if final[w] > final[u])
            better_eq = sum(1 for w in cands if final[w] >= final[u])
            if (S.boundary_ties == "exclude" and better_eq <= q) or \
                    (S.boundary_ties != "exclude" and better < q):
                got.add(u)
        return got

    for pool, win in ((L["windows"], True), (L["subs"], False)):
        if not pool:
            continue
        if win:
            names = ("考绩先进窗口", "考绩良好窗口", "考绩合格窗口", "考绩基本合格窗口")
            ratio = S.excellent_ratio + (S.bonus_ratio if S.district_excellent else 0)
            q_ex = oracle.quota(ratio, sum(1 for u in pool if kind[u] == "single"), S.quota_rounding)
            q_good = oracle.quota(S.good_ratio, len(pool), S.quota_rounding)
            elig = [u for u in pool if kind[u] == "single" and not disq[u]]
            promote, basic = S.promote_ratio, S.basic_ratio
        else:
            names = ("考绩先进分中心", "考绩良好分中心", "考绩合格分中心", "考绩基本合格分中心")
            ratio = S.s_excellent_ratio + (S.bonus_ratio if S.district_excellent and
                                           S.bonus_applies == "all" else 0)
            q_ex = oracle.quota(ratio, len(pool), S.quota_rounding)
            q_good = oracle.quota(S.s_good_ratio, len(pool), S.quota_rounding)
            elig = [u for u in pool if not disq[u]]
            promote, basic = None, S.s_basic_ratio
        ex = band(elig, q_ex)
        good = band([u for u in pool if u not in ex], q_good)
        first = max(final[u] for u in pool)
        for u in pool:
            if u in ex:
                out[u] = names[0]
            elif u in good or (promote is not None and final[u] >= promote * first):
                out[u] = names[1]
            elif final[u] < basic * first:
                out[u] = names[3]
            else:
                out[u] = names[2]
    return out


def main(parent):
    count = Counter()
    n_ok = n_err = 0
    for name in sorted(os.listdir(parent)):
        case = os.path.join(parent, name)
        if not os.path.isdir(case) or not os.path.exists(os.path.join(case, "units.csv")):
            continue
        args = shlex.split(open(os.path.join(case, "cmd"), encoding="utf-8").read()) \
            if os.path.exists(os.path.join(case, "cmd")) else []
        sets = oracle.parse_sets([args[i + 1] for i in range(len(args)) if args[i] == "--set"])
        oracle.TRACE.clear()
        try:
            oracle.compute(case, sets, os.path.join(oracle.repo_root(), "samples", "2022", "items.csv"))
            n_ok += 1
            want = declarative_grades(oracle.LAST)
            if want != oracle.LAST["grade"]:
                count["GRADE CHECK FAILED"] += 1
                print("grade check failed in %s:" % name)
                for u in want:
                    if want[u] != oracle.LAST["grade"][u]:
                        print("   %s oracle %s, declarative %s" % (u, oracle.LAST["grade"][u], want[u]))
        except oracle.DataError as e:
            n_err += 1
            count["error: " + str(e).split(":")[0].split(" ")[0]] += 1
            continue
        raw = {}
        if os.path.exists(os.path.join(case, "method.ini")):
            raw = oracle.parse_ini(oracle.decode_bytes(open(os.path.join(case, "method.ini"), "rb").read(),
                                                       "method.ini"), "method.ini")
        raw.update(sets)
        for k, v in raw.items():
            if k != "issuer":
                count["setting %s=%s" % (k, v)] += 1
        if sets:
            count["settings via --set"] += 1
        for t in oracle.TRACE:
            count[t] += 1
    print("%d valid cases, %d error cases" % (n_ok, n_err))
    for k in sorted(count):
        print("%4d  %s" % (count[k], k))


if __name__ == "__main__":
    main(sys.argv[1])
