#!/usr/bin/env python3
"""Independent reference implementation (test oracle) of kaoji's annual scoring.

Written from /work/shared/SPEC.md (§3, §4, §5, §6, §7) and the lead's data conventions only,
never from the C sources, so that the two implementations check each other.
Python 3 standard library only; all arithmetic with fractions.Fraction (never float).

Usage:
  oracle.py DATA_DIR [--set key=value ...] [--catalog PATH] -o OUT_DIR
  oracle.py --selftest            (runs tests/oracle/cases/*)

Writes OUT_DIR/results.csv: UTF-8 with BOM, CRLF line ends, numbers with exactly 2 decimals.
On invalid data prints "ERROR: reason" to stderr, exits 65 and writes nothing.
"""
import csv
import io
import os
import re
import sys
from fractions import Fraction as F

EX_DATAERR = 65


class DataError(Exception):
    pass


LAST = {}  # internals of the last compute() (for coverage.py --check)
TRACE = set()  # names of the hard cases met by the last compute() (for coverage statistics)


def trace(tag):
    TRACE.add(tag)


def fail(msg):
    raise DataError(msg)


# ---------------------------------------------------------------- text and CSV reading

def decode_bytes(raw, where):
    """SPEC §7.1: BOM -> UTF-8; valid UTF-8 -> UTF-8; else GB18030; else error (byte offset)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8")
        except UnicodeDecodeError as e:
            fail("%s: UTF-8 with BOM but invalid at byte %d" % (where, e.start + 3))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as e:
        fail("%s: neither UTF-8 nor GB18030, bad byte at offset %d" % (where, e.start))


SPACES = " \t\u3000"


def trim(s):
    return s.strip(SPACES)


def read_csv(path):
    """Returns (header list, list of (line_no, row)). Fully blank rows are skipped."""
    with open(path, "rb") as f:
        raw = f.read()
        text = decode_bytes(raw, path)
    if raw.startswith(b"\xef\xbb\xbf"):
        trace("enc:bom")
    elif text.encode("utf-8") != raw:
        trace("enc:gb18030")
    if b"\r\n" in raw:
        trace("crlf")
    rdr = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    header = None
    try:
        start = 1
        for row in rdr:
            line = start
            start = rdr.line_num + 1
            if header is None:
                header = [trim(c).lstrip("\ufeff") for c in row]
                continue
            if all(trim(c) == "" for c in row):
                continue
            rows.append((line, row))
    except csv.Error as e:
        fail("%s: CSV syntax error: %s" % (path, e))
    if header is None:
        fail("%s: empty file (no header)" % path)
    return header, rows


# canonical key -> accepted header names (Chinese canonical first, English alias)
COLUMNS = {
    "units.csv": {"name": ["名称", "name"], "type": ["类型", "type"], "location": ["位置", "location"]},
    "items.csv": {"code": ["编号", "code"], "category": ["类别", "category"], "text": ["内容", "text"],
                  "points": ["扣分", "points"], "min": ["最低", "min"], "max": ["最高", "max"]},
    "deductions.csv": {"month": ["月份", "month"], "unit": ["单位", "unit"], "item": ["扣分项", "item"],
                       "count": ["次数", "count"], "points": ["扣分", "points"], "date": ["日期", "date"],
                       "note": ["说明", "note"]},
    "quarters.csv": {"unit": ["单位", "unit"], "quarter": ["季度", "quarter"], "score": ["得分", "score"]},
    "discipline.csv": {"unit": ["单位", "unit"], "score": ["得分", "score"]},
    "third_party.csv": {"unit": ["单位", "unit"], "value": ["满意度", "value"]},
    "votes.csv": {"group": ["评价主体", "group"], "unit": ["单位", "unit"],
                  "vs": ["非常满意", "very_satisfied"], "s": ["满意", "satisfied"],
                  "f": ["一般", "fair"], "u": ["不满意", "unsatisfied"]},
    "penalties.csv": {"unit": ["单位", "unit"], "points": ["扣分", "points"],
                      "disq": ["取消评先", "disqualify"], "reason": ["原因", "reason"]},
}
REQUIRED = {
    "units.csv": ["name", "type"],
    "items.csv": ["code", "category", "points"],
    "deductions.csv": ["month", "unit", "item"],
    "quarters.csv": ["unit", "quarter", "score"],
    "discipline.csv": ["unit", "score"],
    "third_party.csv": ["unit", "value"],
    "votes.csv": ["group", "unit", "vs", "s", "f", "u"],
    "penalties.csv": ["unit", "points"],
}


def load_table(path, fname):
    """Returns list of (line, dict canonical key -> trimmed cell text ('' when absent))."""
    header, rows = read_csv(path)
    spec = COLUMNS[fname]
    colidx = {}
    for i, h in enumerate(header):
        hl = h.lower()
        for key, names in spec.items():
            if h == names[0] or hl == names[1].lower():
                if h != names[0]:
                    trace("english-headers")
                if key in colidx:
                    fail("%s: column %s given twice" % (path, names[0]))
                colidx[key] = i
    for key in REQUIRED[fname]:
        if key not in colidx:
            fail("%s: missing column %s" % (path, spec[key][0]))
    if sorted(colidx.values()) != [colidx[k] for k in spec if k in colidx]:
        trace("shuffled-columns")
    out = []
    for line, row in rows:
        d = {}
        for key in spec:
            i = colidx.get(key)
            d[key] = trim(row[i]) if i is not None and i < len(row) else ""
            if i is not None and i < len(row) and d[key] != row[i]:
                trace("padded-cells")
        out.append((line, d))
    return out


DEC_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_dec(s, what):
    if not DEC_RE.match(s):
        fail("%s: not a decimal number: %r" % (what, s))
    return F(s)


def parse_ratio(s, what):
    s = s.strip()
    if s.endswith("%") or s.endswith("％"):
        return parse_dec(s[:-1].strip(), what) / 100
    return parse_dec(s, what)


def parse_nonneg_int(s, what):
    if not re.match(r"^\d+$", s):
        fail("%s: not a non-negative integer: %r" % (what, s))
    return int(s)


# ---------------------------------------------------------------- method.ini

DEFAULTS = {
    "year": "2022", "months": "12", "daily_weight": "70%",
    "cap_discipline": "25", "cap_norms": "20", "cap_casework": "50", "cap_other": "5",
    "max_discipline_window": "5", "max_third_party": "10", "max_supervisors_window": "5",
    "max_leaders_window": "10", "max_discipline_subcenter": "10",
    "max_supervisors_subcenter": "10", "max_leaders_subcenter": "10",
    "rank_step": "0.1",
    "weight_very_satisfied": "1", "weight_satisfied": "0.9", "weight_fair": "0.8",
    "weight_unsatisfied": "0.7", "very_satisfied_limit": "30%",
    "tie_rank": "competition", "excellent_ratio": "40%", "bonus_ratio": "10%",
    "good_ratio": "40%", "promote_ratio": "85%", "basic_ratio": "70%",
    "subcenter_excellent_ratio": "40%", "subcenter_good_ratio": "40%",
    "subcenter_basic_ratio": "70%", "district_excellent": "false",
    "bonus_applies": "windows", "quota_rounding": "floor", "boundary_ties": "include",
    "staff_count": "", "staff_excellent_ratio": "20%",
}


def strip_inline_comment(v):
    m = re.search(r"\s[;#]", v)
    if m:
        v = v[:m.start()]
    return v.strip()


def parse_ini(text, where):
    out = {}
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s[0] in "#;":
            continue
        if s.startswith("[") and s.endswith("]"):
            continue
        if "=" not in s:
            fail("%s:%d: not a key = value line" % (where, n))
        k, v = s.split("=", 1)
        out[k.strip()] = strip_inline_comment(v)
    return out


class Settings:
    def __init__(self, raw):
        self.raw = raw
        g = lambda k: raw.get(k, DEFAULTS[k]).strip()
        self.year_explicit = "year" in raw and raw["year"].strip() != ""
        self.year = int(g("year")) if re.match(r"^\d{4}$", g("year")) else fail("bad year setting")
        self.months = int(g("months")) if re.match(r"^\d+$", g("months")) and int(g("months")) > 0 \
            else fail("bad months setting")
        r = lambda k: parse_ratio(g(k), "method.ini " + k)
        self.daily_weight = r("daily_weight")
        self.caps = {"工作纪律": r("cap_discipline"), "工作规范": r("cap_norms"),
                     "办件管理": r("cap_casework"), "其他": r("cap_other")}
        self.max_w = {"disc": r("max_discipline_window"), "third": r("max_third_party"),
                      "sup": r("max_supervisors_window"), "lead": r("max_leaders_window")}
        self.max_s = {"disc": r("max_discipline_subcenter"), "sup": r("max_supervisors_subcenter"),
                      "lead": r("max_leaders_subcenter")}
        self.step = r("rank_step")
        self.weights = (r("weight_very_satisfied"), r("weight_satisfied"), r("weight_fair"),
                        r("weight_unsatisfied"))
        self.vs_limit = r("very_satisfied_limit")
        self.tie_rank = g("tie_rank").lower()
        if self.tie_rank not in ("competition", "dense"):
            fail("bad tie_rank setting %r" % self.tie_rank)
        self.excellent_ratio = r("excellent_ratio")
        self.bonus_ratio = r("bonus_ratio")
        self.good_ratio = r("good_ratio")
        self.promote_ratio = r("promote_ratio")
        self.basic_ratio = r("basic_ratio")
        self.s_excellent_ratio = r("subcenter_excellent_ratio")
        self.s_good_ratio = r("subcenter_good_ratio")
        self.s_basic_ratio = r("subcenter_basic_ratio")
        de = g("district_excellent").lower()
        if de in ("true", "是", "yes", "1"):
            self.district_excellent = True
        elif de in ("false", "否", "no", "0", ""):
            self.district_excellent = False
        else:
            fail("bad district_excellent setting %r" % de)
        self.bonus_applies = g("bonus_applies").lower()
        if self.bonus_applies not in ("windows", "all"):
            fail("bad bonus_applies setting")
        self.quota_rounding = g("quota_rounding").lower()
        if self.quota_rounding not in ("floor", "round"):
            fail("bad quota_rounding setting")
        self.boundary_ties = g("boundary_ties").lower()
        if self.boundary_ties not in ("include", "exclude", "error"):
            fail("bad boundary_ties setting")


# ---------------------------------------------------------------- arithmetic helpers

def round2(x):
    """Half-up (away from zero for negatives) to 2 decimals; returns Fraction."""
    c = x * 100
    sign = -1 if c < 0 else 1
    c = abs(c)
    n = (c.numerator * 2 + c.denominator) // (2 * c.denominator)  # floor(c + 1/2)
    return F(sign * n, 100)


def fmt2(x):
    c = round2(x) * 100
    assert c.denominator == 1
    n = c.numerator
    sign = "-" if n < 0 else ""
    n = abs(n)
    return "%s%d.%02d" % (sign, n // 100, n % 100)


def quota(ratio, size, rounding):
    x = ratio * size
    if rounding == "floor":
        return x.numerator // x.denominator
    return (x.numerator * 2 + x.denominator) // (2 * x.denominator)


def component_points(values, mx, step, tie_rank):
    """values: dict unit -> exact raw value; higher is better. Returns unit -> (rank, points)."""
    distinct = sorted(set(values.values()), reverse=True)
    out = {}
    for u, v in values.items():
        if tie_rank == "dense":
            rank = distinct.index(v) + 1
        else:
            rank = 1 + sum(1 for w in values.values() if w > v)
        pts = mx - step * (rank - 1)
        if pts < 0:
            pts = F(0)
        out[u] = (rank, round2(pts))
        if pts == 0:
            trace("points-floored-at-0")
        if (pts * 1000).denominator == 1 and (pts * 1000).numerator % 10 == 5:
            trace("points-xxx5")
    if len(distinct) < len(values):
        trace("component-tie-" + tie_rank)
    return out


# ---------------------------------------------------------------- the data folder

TYPE_ALIASES = {"单设窗口": "single", "single": "single", "综合窗口": "comprehensive",
                "comprehensive": "comprehensive", "分中心": "subcenter", "subcenter": "subcenter"}
TYPE_CN = {"single": "单设窗口", "comprehensive": "综合窗口", "subcenter": "分中心"}
GROUPS = {"行风监督员": "sup", "supervisors": "sup", "领导班子及科室负责人": "lead", "leaders": "lead"}
CATEGORIES = {"工作纪律": "工作纪律", "工作规范": "工作规范", "办件管理": "办件管理", "其他": "其他"}


def nearest(name, names):
    best, bd = None, None
    for n in names:
        d = edit_distance(name, n)
        if bd is None or d < bd:
            best, bd = n, d
    return best


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def compute(data_dir, sets, catalog_path):
    """Returns the list of result rows (list of str cells), or raises DataError."""
    def p(name):
        return os.path.join(data_dir, name)

    # settings: defaults < method.ini < --set
    raw = {}
    if os.path.exists(p("method.ini")):
        with open(p("method.ini"), "rb") as f:
            raw.update(parse_ini(decode_bytes(f.read(), p("method.ini")), p("method.ini")))
    raw.update(sets)
    S = Settings(raw)

    # units
    if not os.path.exists(p("units.csv")):
        fail("units.csv missing")
    units = []  # (name, kind) in file order
    kind = {}
    for line, d in load_table(p("units.csv"), "units.csv"):
        n = d["name"]
        if not n:
            fail("units.csv:%d: empty name" % line)
        t = TYPE_ALIASES.get(d["type"], TYPE_ALIASES.get(d["type"].lower()))
        if t is None:
            fail("units.csv:%d: unknown type %r" % (line, d["type"]))
        if n in kind:
            fail("units.csv:%d: duplicate unit %s" % (line, n))
        kind[n] = t
        units.append(n)
    order = {u: i for i, u in enumerate(units)}
    windows = [u for u in units if kind[u] != "subcenter"]
    subs = [u for u in units if kind[u] == "subcenter"]

    def unit_of(d, line, fname):
        n = d["unit"]
        if n not in kind:
            fail("%s:%d: unknown unit %r (nearest: %s)" % (fname, line, n, nearest(n, units)))
        return n

    # catalog
    cat_file = p("items.csv") if os.path.exists(p("items.csv")) else catalog_path
    if not os.path.exists(cat_file):
        fail("no items.csv and no built-in catalog at %s" % cat_file)
    items = {}
    for line, d in load_table(cat_file, "items.csv"):
        code = d["code"]
        if not code:
            fail("items.csv:%d: empty code" % line)
        if code in items:
            fail("items.csv:%d: duplicate code %s" % (line, code))
        cat = CATEGORIES.get(d["category"])
        if cat is None:
            fail("items.csv:%d: unknown category %r" % (line, d["category"]))
        pts = parse_dec(d["points"], "items.csv:%d 扣分" % line)
        lo = parse_dec(d["min"], "items.csv 最低") if d["min"] else None
        hi = parse_dec(d["max"], "items.csv 最高") if d["max"] else None
        if (lo is None) != (hi is None):
            fail("items.csv:%d: 最低 and 最高 must both be given" % line)
        items[code] = (cat, pts, lo, hi)

    # deductions -> per (window, month, category) total
    ded = {}
    years = set()
    if os.path.exists(p("deductions.csv")):
        for line, d in load_table(p("deductions.csv"), "deductions.csv"):
            u = unit_of(d, line, "deductions.csv")
            if kind[u] == "subcenter":
                fail("deductions.csv:%d: %s is a 分中心" % (line, u))
            # kaoji also takes Excel's rewrites of a typed month: 2022/3, 2022.3, 2022/3/1, 2022-3-1.
            m = re.match(r"^(\d{4})[-/.](\d{1,2})$", d["month"]) or \
                re.match(r"^(\d{4})年(\d{1,2})月$", d["month"]) or \
                re.match(r"^(\d{4})-(\d{1,2})-0?1$", d["month"]) or \
                re.match(r"^(\d{4})/(\d{1,2})/0?1$", d["month"])
            if not m:
                fail("deductions.csv:%d: bad month %r" % (line, d["month"]))
            y, mo = int(m.group(1)), int(m.group(2))
            if not 1 <= mo <= 12:
                fail("deductions.csv:%d: bad month %r" % (line, d["month"]))
            if mo > S.months:
                fail("deductions.csv:%d: month %d beyond the assessed months" % (line, mo))
            years.add(y)
            if S.year_explicit and y != S.year:
                fail("deductions.csv:%d: month %s not in year %d" % (line, d["month"], S.year))
            if len(years) > 1:
                fail("deductions.csv:%d: months of more than one year" % line)
            if d["date"]:
                dm = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", d["date"])
                if not dm:
                    fail("deductions.csv:%d: bad date %r" % (line, d["date"]))
                dy, dmo, dd = map(int, dm.groups())
                import calendar
                if (dy, dmo) != (y, mo) or not 1 <= dd <= calendar.monthrange(dy, dmo)[1]:
                    fail("deductions.csv:%d: date %s not in month %s" % (line, d["date"], d["month"]))
            code = d["item"]
            if code not in items:
                fail("deductions.csv:%d: unknown item %r" % (line, code))
            cat, std, lo, hi = items[code]
            if d["count"] == "":
                cnt = 1
            else:
                if not re.match(r"^\d+$", d["count"]) or int(d["count"]) <= 0:
                    fail("deductions.csv:%d: 次数 not a positive integer: %r" % (line, d["count"]))
                cnt = int(d["count"])
            if d["points"] == "":
                pts = std
            else:
                pts = parse_dec(d["points"], "deductions.csv:%d 扣分" % line)
                if lo is not None:
                    if not lo <= pts <= hi:
                        fail("deductions.csv:%d: 扣分 %s outside [%s,%s]" % (line, d["points"], fmt2(lo), fmt2(hi)))
                elif pts != std:
                    fail("deductions.csv:%d: 扣分 %s differs from standard %s" % (line, d["points"], std))
            key = (u, mo)
            ded.setdefault(key, {})
            ded[key][cat] = ded[key].get(cat, F(0)) + cnt * pts
    elif windows:
        fail("deductions.csv missing")

    full = sum(S.caps.values())
    daily = {}
    for u in windows:
        total = F(0)
        for mo in range(1, S.months + 1):
            cats = ded.get((u, mo))
            if cats is None:
                total += full
            else:
                total += sum(max(F(0), S.caps[c] - cats.get(c, F(0))) for c in S.caps)
                if any(cats.get(c, F(0)) > S.caps[c] for c in S.caps):
                    trace("category-cap-exceeded")
        daily[u] = round2(total / S.months * S.daily_weight)
        x = total / S.months * S.daily_weight * 1000
        if x.denominator == 1 and x.numerator % 10 == 5:
            trace("daily-xxx5")

    # quarters
    qs = {u: {} for u in subs}
    if os.path.exists(p("quarters.csv")):
        for line, d in load_table(p("quarters.csv"), "quarters.csv"):
            u = unit_of(d, line, "quarters.csv")
            if kind[u] != "subcenter":
                fail("quarters.csv:%d: %s is not a 分中心" % (line, u))
            if d["quarter"] not in ("1", "2", "3", "4"):
                fail("quarters.csv:%d: bad quarter %r" % (line, d["quarter"]))
            q = int(d["quarter"])
            if q in qs[u]:
                fail("quarters.csv:%d: quarter %d of %s given twice" % (line, q, u))
            sc = parse_dec(d["score"], "quarters.csv:%d 得分" % line)
            if not 0 <= sc <= 100:
                fail("quarters.csv:%d: score out of 0-100" % line)
            qs[u][q] = sc
    elif subs:
        fail("quarters.csv missing")
    for u in subs:
        for q in range(1, 5):
            if q not in qs[u]:
                fail("quarters.csv: %s has no quarter %d" % (u, q))
        daily[u] = round2(sum(qs[u].values()) / 4 * S.daily_weight)
        x = sum(qs[u].values()) / 4 * S.daily_weight * 1000
        if x.denominator == 1 and x.numerator % 10 == 5:
            trace("sub-daily-xxx5")

    # discipline
    disc = {}
    if not os.path.exists(p("discipline.csv")):
        fail("discipline.csv missing")
    for line, d in load_table(p("discipline.csv"), "discipline.csv"):
        u = unit_of(d, line, "discipline.csv")
        v = parse_dec(d["score"], "discipline.csv:%d 得分" % line)
        if v < 0:
            fail("discipline.csv:%d: negative score" % line)
        disc[u] = disc.get(u, F(0)) + v
    for u in units:
        if u not in disc:
            fail("discipline.csv: no score for %s" % u)

    # third party
    third = {}
    if os.path.exists(p("third_party.csv")):
        for line, d in load_table(p("third_party.csv"), "third_party.csv"):
            u = unit_of(d, line, "third_party.csv")
            if kind[u] == "subcenter":
                fail("third_party.csv:%d: %s is a 分中心" % (line, u))
            if u in third:
                fail("third_party.csv:%d: second row for %s" % (line, u))
            v = d["value"]
            if v.endswith("%") or v.endswith("％"):
                v = v[:-1].strip()
            third[u] = parse_dec(v, "third_party.csv:%d 满意度" % line)
    elif windows:
        fail("third_party.csv missing")
    for u in windows:
        if u not in third:
            fail("third_party.csv: no value for %s" % u)

    # votes
    votes = {}
    if not os.path.exists(p("votes.csv")):
        fail("votes.csv missing")
    for line, d in load_table(p("votes.csv"), "votes.csv"):
        g = GROUPS.get(d["group"], GROUPS.get(d["group"].lower()))
        if g is None:
            fail("votes.csv:%d: unknown group %r" % (line, d["group"]))
        u = unit_of(d, line, "votes.csv")
        c = [parse_nonneg_int(d[k], "votes.csv:%d" % line) for k in ("vs", "s", "f", "u")]
        old = votes.get((u, g), [0, 0, 0, 0])
        votes[(u, g)] = [a + b for a, b in zip(old, c)]
    vscore = {}
    for u in units:
        for g in ("sup", "lead"):
            if (u, g) not in votes:
                fail("votes.csv: no %s votes for %s" % (g, u))
            c = votes[(u, g)]
            tot = sum(c)
            if tot == 0:
                fail("votes.csv: zero valid votes for %s in group %s" % (u, g))
            vscore[(u, g)] = sum(w * n for w, n in zip(S.weights, c)) / tot
    for pool in (windows, subs):
        for g in ("sup", "lead"):
            if not pool:
                continue
            vs = sum(votes[(u, g)][0] for u in pool)
            tot = sum(sum(votes[(u, g)]) for u in pool)
            if vs == S.vs_limit * tot:
                trace("vote-limit-exact")
            if vs > S.vs_limit * tot:
                fail("votes.csv: 非常满意 %d of %d exceeds the limit in group %s" % (vs, tot, g))

    # penalties
    pen = {u: F(0) for u in units}
    disq = {u: False for u in units}
    if os.path.exists(p("penalties.csv")):
        for line, d in load_table(p("penalties.csv"), "penalties.csv"):
            u = unit_of(d, line, "penalties.csv")
            v = parse_dec(d["points"], "penalties.csv:%d 扣分" % line)
            if v < 0:
                fail("penalties.csv:%d: negative penalty" % line)
            pen[u] += v
            x = d["disq"].lower()
            if x in ("是", "true", "yes", "1"):
                disq[u] = True
            elif x not in ("否", "false", "no", "0", ""):
                fail("penalties.csv:%d: 取消评先 must be 是/否: %r" % (line, d["disq"]))

    # components
    comp = {u: {} for u in units}
    if windows:
        for key, vals, mx in (
                ("disc", {u: disc[u] for u in windows}, S.max_w["disc"]),
                ("third", {u: third[u] for u in windows}, S.max_w["third"]),
                ("sup", {u: vscore[(u, "sup")] for u in windows}, S.max_w["sup"]),
                ("lead", {u: vscore[(u, "lead")] for u in windows}, S.max_w["lead"])):
            for u, (rk, pts) in component_points(vals, mx, S.step, S.tie_rank).items():
                comp[u][key] = pts
    if subs:
        for key, vals, mx in (
                ("disc", {u: disc[u] for u in subs}, S.max_s["disc"]),
                ("sup", {u: vscore[(u, "sup")] for u in subs}, S.max_s["sup"]),
                ("lead", {u: vscore[(u, "lead")] for u in subs}, S.max_s["lead"])):
            for u, (rk, pts) in component_points(vals, mx, S.step, S.tie_rank).items():
                comp[u][key] = pts

    sat = {u: sum(comp[u].values(), F(0)) for u in units}
    final = {u: round2(daily[u] + sat[u] - pen[u]) for u in units}

    def final_rank(pool):
        return {u: 1 + sum(1 for w in pool if final[w] > final[u]) for u in pool}

    grade = {}
    # windows
    if windows:
        singles = [u for u in windows if kind[u] == "single"]
        ratio = S.excellent_ratio + (S.bonus_ratio if S.district_excellent else 0)
        q_ex = quota(ratio, len(singles), S.quota_rounding)
        q_good = quota(S.good_ratio, len(windows), S.quota_rounding)
        grade_pool(windows, final, order, disq, kind, q_ex, q_good, S.boundary_ties,
                   S.promote_ratio, S.basic_ratio, grade,
                   ("考绩先进窗口", "考绩良好窗口", "考绩合格窗口", "考绩基本合格窗口"), True)
    if subs:
        ratio = S.s_excellent_ratio + (S.bonus_ratio if S.district_excellent and
                                       S.bonus_applies == "all" else 0)
        q_ex = quota(ratio, len(subs), S.quota_rounding)
        q_good = quota(S.s_good_ratio, len(subs), S.quota_rounding)
        grade_pool(subs, final, order, disq, kind, q_ex, q_good, S.boundary_ties,
                   None, S.s_basic_ratio, grade,
                   ("考绩先进分中心", "考绩良好分中心", "考绩合格分中心", "考绩基本合格分中心"), False)

    LAST.clear()
    LAST.update(S=S, final=final, grade=grade, kind=kind, disq=disq, order=order,
                windows=windows, subs=subs)
    rows = []
    for pool in (windows, subs):
        rk = final_rank(pool)
        for u in sorted(pool, key=lambda x: (rk[x], order[x])):
            c = comp[u]
            rows.append([str(rk[u]), u, TYPE_CN[kind[u]], fmt2(daily[u]), fmt2(c["disc"]),
                         fmt2(c["third"]) if "third" in c else "", fmt2(c["sup"]), fmt2(c["lead"]),
                         fmt2(sat[u]), fmt2(pen[u]), fmt2(final[u]), grade[u]])
    return rows


def grade_pool(pool, final, order, disq, kind, q_ex, q_good, ties, promote, basic, grade,
               names, windows):
    ranked = sorted(pool, key=lambda u: (-final[u], order[u]))
    if windows:
        eligible = [u for u in ranked if kind[u] == "single" and not disq[u]]
    else:
        eligible = [u for u in ranked if not disq[u]]
    excellent = take_band(eligible, q_ex, final, ties, "先进")
    for u in excellent:
        grade[u] = names[0]
    rest = [u for u in ranked if u not in excellent]
    good = take_band(rest, q_good, final, ties, "良好")
    for u in good:
        grade[u] = names[1]
    first = final[ranked[0]]
    tag = "win" if windows else "sub"
    if windows and kind[ranked[0]] == "comprehensive":
        trace("comprehensive-window-first")
    for u in ranked:
        if disq[u] and (kind[u] == "single" or not windows):
            if u in [x for x in eligible_if_not(ranked, kind, windows)][:q_ex]:
                trace("%s-disqualified-would-be-excellent" % tag)
    for u in ranked:
        if u in grade:
            continue
        for name, r in (("promote", promote), ("basic", basic)):
            if r is not None and final[u] == r * first:
                trace("%s-rest-at-%s-exactly" % (tag, name))
            if r is not None and final[u] == r * first - F(1, 100):
                trace("%s-rest-1-cent-under-%s" % (tag, name))
        if promote is not None and final[u] >= promote * first:
            grade[u] = names[1]
        elif final[u] < basic * first:
            grade[u] = names[3]
        else:
            grade[u] = names[2]


def eligible_if_not(ranked, kind, windows):
    """Rank order of the units that would be eligible for 先进 if nobody were disqualified."""
    return [u for u in ranked if not windows or kind[u] == "single"]


def take_band(cands, q, final, ties, band):
    """cands in rank order; returns the set given the band under the boundary-tie policy."""
    if q <= 0:
        return set()
    if len(cands) <= q:
        return set(cands)
    inside = cands[:q]
    f = final[cands[q - 1]]
    if final[cands[q]] != f:
        return set(inside)
    # boundary tie: the group of candidates with final f straddles the quota
    trace("boundary-tie-%s-%s" % (band, ties))
    if ties == "include":
        return set(inside) | {u for u in cands if final[u] == f}
    if ties == "exclude":
        return {u for u in inside if final[u] != f}
    fail("boundary tie at the %s quota (%d places, final %s): boundary_ties = error"
         % (band, q, fmt2(f)))


# ---------------------------------------------------------------- output

def csv_cell(s):
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


HEADER = ["排名", "单位", "类型", "日常考核", "纪委监委评价", "第三方满意度评价", "行风监督员评价",
          "领导班子及科室负责人评价", "满意度评价", "扣分", "最终得分", "等次"]


def render(rows):
    lines = [",".join(HEADER)] + [",".join(csv_cell(c) for c in r) for r in rows]
    return b"\xef\xbb\xbf" + "".join(l + "\r\n" for l in lines).encode("utf-8")


def parse_sets(pairs):
    sets = {}
    for kv in pairs:
        if "=" not in kv:
            fail("--set needs key=value: %r" % kv)
        k, v = kv.split("=", 1)
        sets[k.strip()] = v.strip()
    return sets


def run(data_dir, set_args, catalog, out_dir):
    """Returns (exit code, message)."""
    try:
        rows = compute(data_dir, parse_sets(set_args), catalog)
    except DataError as e:
        return EX_DATAERR, str(e)
    os.makedirs(out_dir, exist_ok=True)
    tmp = os.path.join(out_dir, ".results.csv.tmp")
    with open(tmp, "wb") as f:
        f.write(render(rows))
    os.replace(tmp, os.path.join(out_dir, "results.csv"))
    return 0, ""


def repo_root():
    return os.environ.get("ROOT") or os.path.normpath(
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def selftest():
    import shlex
    import tempfile
    base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
    ok = bad = 0
    for name in sorted(os.listdir(base)):
        case = os.path.join(base, name)
        if not os.path.isdir(case):
            continue
        args = []
        if os.path.exists(os.path.join(case, "cmd")):
            with open(os.path.join(case, "cmd"), encoding="utf-8") as f:
                args = shlex.split(f.read())
        sets = [args[i + 1] for i in range(len(args)) if args[i] == "--set"]
        catalog = os.path.join(repo_root(), "samples", "2022", "items.csv")
        with tempfile.TemporaryDirectory() as out:
            rc, msg = run(case, sets, catalog, out)
            exp = os.path.join(case, "expected.csv")
            if os.path.exists(exp):
                with open(exp, "rb") as f:
                    want = f.read()
                got = open(os.path.join(out, "results.csv"), "rb").read() if rc == 0 else None
                good = got == want
                detail = msg if rc else "results differ"
            else:
                good = rc == EX_DATAERR and not os.path.exists(os.path.join(out, "results.csv"))
                detail = "expected an error, got exit %d" % rc
        if good:
            ok += 1
            print("ok   %s" % name)
        else:
            bad += 1
            print("FAIL %s: %s" % (name, detail))
    print("%d passed, %d failed" % (ok, bad))
    return 0 if bad == 0 and ok > 0 else 1


def main(argv):
    if argv[1:] == ["--selftest"]:
        return selftest()
    data_dir = out_dir = None
    sets = []
    catalog = None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--set" and i + 1 < len(argv):
            sets.append(argv[i + 1]); i += 2
        elif a.startswith("--set="):
            sets.append(a[6:]); i += 1
        elif a == "-o" and i + 1 < len(argv):
            out_dir = argv[i + 1]; i += 2
        elif a == "--catalog" and i + 1 < len(argv):
            catalog = argv[i + 1]; i += 2
        elif data_dir is None and not a.startswith("-"):
            data_dir = a; i += 1
        else:
            print("usage: oracle.py DATA_DIR [--set key=value ...] [--catalog PATH] -o OUT_DIR",
                  file=sys.stderr)
            return 64
    if data_dir is None or out_dir is None:
        print("usage: oracle.py DATA_DIR [--set key=value ...] [--catalog PATH] -o OUT_DIR",
              file=sys.stderr)
        return 64
    if catalog is None:
        catalog = os.path.join(repo_root(), "samples", "2022", "items.csv")
    rc, msg = run(data_dir, sets, catalog, out_dir)
    if rc:
        print("ERROR: " + msg, file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
