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
