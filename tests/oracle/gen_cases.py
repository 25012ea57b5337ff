#!/usr/bin/env python3
"""Deterministic generator of small kaoji data folders aimed at the hard cases.

Usage: gen_cases.py SEED OUT_PARENT N

Writes OUT_PARENT/case-000 ... case-(N-1). Each folder is a complete data folder plus a `cmd`
file holding extra `--set key=value` arguments (usually empty) and a `features` file naming
what the generator tried to provoke (for humans; the tests ignore it). About 20% of the cases
carry exactly one defect and must be rejected. Whether a case is valid is decided by running
the oracle on it, not by this generator (an accidental boundary tie with boundary_ties = error
is also an error). Python standard library only; exact arithmetic with Fraction.
"""
import os
import random
import sys
import tempfile
from fractions import Fraction as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

SINGLES = ["统战", "发改", "公安", "民政", "财政", "住建", "水利", "农业农村", "文广旅体", "卫健",
           "应急管理", "市场监管", "综合行政执法", "税务", "资规", "生态环境", "房产事务", "残联",
           "国家电网", "消防", "不动产登记", "自来水", "燃气", "有线电视"]
COMPS = ["档案", "经信", "教育", "科技", "司法", "交通运输", "商务", "退役军人", "金融"]
SUBS = ["区婚姻登记分中心", "区社保医保分中心", "区公积金管理分中心", "区税务分中心", "区不动产分中心"]

# code, category, text, standard points, min, max (None = no range)
CATALOG = [
    ("1.1", "工作纪律", "上班迟到或早退，擅自离岗、缺岗", "0.5", None, None),
    ("1.2a", "工作纪律", "会议迟到3分钟以上或无故早退", "0.1", None, None),
    ("1.2b", "工作纪律", "无故缺席", "0.5", None, None),
    ("1.2c", "工作纪律", "窗口负责人无故未参加例会", "0.1", None, None),
    ("1.3", "工作纪律", "工作任务没有按时完成、材料没有按时上报", "0.1", None, None),
    ("1.5c", "工作纪律", "工作时间玩游戏、看电影、炒股、网上购物", "1", None, None),
    ("1.6", "工作纪律", "计算机网络管理未按规定执行", "1", None, None),
    ("2.9a", "工作规范", "未着装上岗", "0.1", None, None),
    ("2.11d", "工作规范", "服务对象投诉，经查实过错在窗口", "0.5", None, None),
    ("2.11e", "工作规范", "投诉情节严重", "3", None, None),
    ("2.14f", "工作规范", "其他未按标准化建设实施方案执行，酌情扣0.1-0.3分", "0.1", "0.1", "0.3"),
    ("2.15c", "工作规范", "发生安全事故", "10", None, None),
    ("3.1", "办件管理", "擅自实施未经批准公布的行政审批事项", "3", None, None),
    ("3.3", "办件管理", "没有按行政许可法规定出具法律文书", "2", None, None),
    ("3.4a", "办件管理", "存在“体外循环”现象", "1", None, None),
    ("3.8c", "办件管理", "被电子监察系统“黄牌警告”", "0.1", None, None),
    ("4.1", "其他", "其他扣分事项（由大厅确定）", "1", "0.5", "2"),
]
ITEM = {c[0]: c for c in CATALOG}

HEAD = {  # file -> list of (key, chinese, english)
    "units.csv": [("name", "名称", "name"), ("type", "类型", "type"), ("location", "位置", "location")],
    "items.csv": [("code", "编号", "code"), ("category", "类别", "category"), ("text", "内容", "text"),
                  ("points", "扣分", "points"), ("min", "最低", "min"), ("max", "最高", "max")],
    "deductions.csv": [("month", "月份", "month"), ("unit", "单位", "unit"), ("item", "扣分项", "item"),
                       ("count", "次数", "count"), ("points", "扣分", "points"), ("date", "日期", "date"),
                       ("note", "说明", "note")],
    "quarters.csv": [("unit", "单位", "unit"), ("quarter", "季度", "quarter"), ("score", "得分", "score")],
    "discipline.csv": [("unit", "单位", "unit"), ("score", "得分", "score")],
    "third_party.csv": [("unit", "单位", "unit"), ("value", "满意度", "value")],
    "votes.csv": [("group", "评价主体", "group"), ("unit", "单位", "unit"), ("vs", "非常满意", "very_satisfied"),
                  ("s", "满意", "satisfied"), ("f", "一般", "fair"), ("u", "不满意", "unsatisfied")],
    "penalties.csv": [("unit", "单位", "unit"), ("points", "扣分", "points"), ("disq", "取消评先", "disqualify"),
                      ("reason", "原因", "reason")],
}
OPTIONAL_COLS = {"units.csv": ["location"], "items.csv": ["text"],
                 "deductions.csv": ["count", "points", "date", "note"], "penalties.csv": ["disq", "reason"]}
GROUP_NAMES = {"sup": ("行风监督员", "supervisors"), "lead": ("领导班子及科室负责人", "leaders")}
TYPE_NAMES = {"single": ("单设窗口", "single"), "comprehensive": ("综合窗口", "comprehensive"),
              "subcenter": ("分中心", "subcenter")}


def dec(x):
    """Fraction with a finite decimal expansion -> shortest decimal text."""
    x = F(x)
    sign = "-" if x < 0 else ""
    x = abs(x)
    for digits in range(0, 7):
        y = x * 10 ** digits
        if y.denominator == 1:
            n = y.numerator
            if digits == 0:
                return sign + str(n)
            s = str(n).rjust(digits + 1, "0")
            return sign + s[:-digits] + "." + s[-digits:]
    raise ValueError(x)


def cents(x):
    return dec(oracle.round2(x))


class Case:
    def __init__(self, rng):
        self.rng = rng
        self.units = []  # [name, kind, location]
        self.items = list(CATALOG)
        self.builtin = False
        self.ded = []  # dicts
        self.quarters = []
        self.disc = []
        self.third = []
        self.votes = []
        self.pen = []
        self.ini = {}
        self.cmd = {}
        self.features = []
        self.year = 2022
        self.raw_files = {}  # file name -> bytes override (error injection)

    # ---------------------------------------------------------------- model
    def kinds(self, kind):
        return [u[0] for u in self.units if u[1] == kind]

    def windows(self):
        return [u[0] for u in self.units if u[1] != "subcenter"]

    def subs(self):
        return self.kinds("subcenter")

    def settings(self):
        s = dict(self.ini)
        s.update(self.cmd)
        return s


def build(rng, idx, catalog=None):
    c = Case(rng)
    ns = rng.randint(4, 14)
    nc = rng.choice([0, 0, 1, 2, 3, 4, 6])
    nsub = rng.choice([0, 1, 2, 3, 4, 5])
    names = rng.sample(SINGLES, ns)
    units = [[n, "single", rng.choice(["主厅", "二号厅", ""])] for n in names]
    units += [[n, "comprehensive", "主厅"] for n in rng.sample(COMPS, nc)]
    units += [[n, "subcenter", rng.choice(["三号厅", "二号厅", ""])] for n in rng.sample(SUBS, nsub)]
    rng.shuffle(units)
    c.units = units

    # ---- settings
    st = {}
    if rng.random() < 0.3:
        st["tie_rank"] = "dense"
    if rng.random() < 0.3:
        st["quota_rounding"] = "round"
    r = rng.random()
    if r < 0.25:
        st["boundary_ties"] = "exclude"
    elif r < 0.3:
        st["boundary_ties"] = "include"
    if rng.random() < 0.3:
        st["district_excellent"] = rng.choice(["true", "是"])
        if rng.random() < 0.5:
            st["bonus_applies"] = "all"
    if rng.random() < 0.2:
        st["rank_step"] = rng.choice(["0.015", "0.125", "0.05", "0.5", "1"])
    if rng.random() < 0.1:
        st["promote_ratio"] = rng.choice(["90%", "0.8", "95%"])
        st["basic_ratio"] = rng.choice(["75%", "0.6", "80%"])
    if rng.random() < 0.1:
        st["excellent_ratio"] = rng.choice(["0.3", "25%", "50%"])
        st["good_ratio"] = rng.choice(["0.3", "35%", "50%"])
    if rng.random() < 0.1:
        st["subcenter_excellent_ratio"] = "50%"
        st["subcenter_good_ratio"] = "25%"
    if rng.random() < 0.08:
        st["very_satisfied_limit"] = "40%"
    if rng.random() < 0.1:
        c.year = 2023
        st["year"] = "2023"
    elif rng.random() < 0.15:
        st["year"] = "2022"
    for k, v in st.items():
        if v.endswith("%") and rng.random() < 0.3:
            v = dec(F(v[:-1]) / 100)
        if k != "year" and rng.random() < 0.25:
            c.cmd[k] = v
        else:
            c.ini[k] = v
    S = oracle.Settings(dict(c.settings(), boundary_ties="include"))

    # ---- deductions
    if catalog is not None:
        c.items = catalog
        c.builtin = True
        c.features.append("built-in catalog (no items.csv)")
    item = {x[0]: x for x in c.items}
    codes = sorted(item)
    caps = S.caps
    # items giving a total of exactly 3 or 9 points (odd multiple of 3 -> 日常考核 ends in 5)
    xxx5 = [(code, int(tot / F(item[code][3])), tot) for code in codes for tot in (3, 9)
            if item[code][4] is None and F(item[code][3]) > 0 and (tot / F(item[code][3])).denominator == 1
            and caps[item[code][1]] >= tot and tot / F(item[code][3]) <= 30]
    over = [(code, int(caps[item[code][1]] / F(item[code][3])) + 1) for code in codes
            if item[code][4] is None and F(item[code][3]) >= F(1, 2)]
    for u in c.windows():
        mode = rng.random()
        if mode < 0.2:
            continue
        if mode < 0.35 and xxx5:  # total exactly 3 or 9 points in one month -> 日常考核 at x.xx5
            code, n, tot = rng.choice(xxx5)
            c.ded.append(dict(month=(c.year, rng.randint(1, 12)), unit=u, item=code, count=n, points=None))
            c.features.append("xxx5:" + u)
            continue
        if mode < 0.45 and over:  # a category over its cap
            code, n = rng.choice(over)
            c.ded.append(dict(month=(c.year, rng.randint(1, 12)), unit=u, item=code, count=n, points=None))
            c.features.append("cap:" + u)
        for _ in range(rng.randint(1, 6)):
            code = rng.choice(codes)
            _, cat, _, std, lo, hi = item[code]
            pts = None
            if lo is not None and rng.random() < 0.6:
                lo_, hi_ = F(lo), F(hi)
                ks = [0, 2, 4, 4, 0, 1, 3] if rng.random() < 0.15 else [0, 2, 4]
                pts = dec(lo_ + (hi_ - lo_) * rng.choice(ks) / 4)
            elif rng.random() < 0.1:
                pts = std
            cnt = rng.choice([1, 1, 1, 2, 3, None])
            c.ded.append(dict(month=(c.year, rng.randint(1, 12)), unit=u, item=code, count=cnt,
                              points=pts))

    # ---- quarters
    for u in c.subs():
        if rng.random() < 0.3:  # quarter sum an odd integer -> x.xx5
            base = [rng.randint(70, 99) for _ in range(4)]
            if sum(base) % 2 == 0:
                base[0] += 1
            qs = [F(b) for b in base]
            c.features.append("sub-xxx5:" + u)
        else:
            qs = [F(rng.randint(7000, 10000), 100) for _ in range(4)]
        for q in rng.sample([1, 2, 3, 4], 4):
            c.quarters.append((u, q, dec(qs[q - 1])))

    # ---- discipline (ties likely), sometimes split into rows
    for u in [x[0] for x in c.units]:
        mx = 5 if u in c.windows() else 10
        v = F(rng.choice([mx, mx, mx * 9 // 10 if mx == 10 else F(45, 10), F(mx * 95, 100), F(mx * 8, 10),
                          F(rng.randint(mx * 60, mx * 100), 100)]))
        if rng.random() < 0.15 and v >= 1:
            a = F(rng.randint(0, int(v * 100)), 100)
            c.disc.append((u, dec(a)))
            c.disc.append((u, dec(v - a)))
        else:
            c.disc.append((u, dec(v)))
    rng.shuffle(c.disc)

    # ---- third party (ties likely); percent sign per case
    pct = rng.random() < 0.3
    for u in c.windows():
        v = F(rng.choice([9862, 9900, 9900, 9750, rng.randint(9000, 10000)]), 100)
        c.third.append((u, dec(v) + ("%" if pct else "")))

    # ---- votes
    for g in ("sup", "lead"):
        made = {}
        for u in [x[0] for x in c.units]:
            r = rng.random()
            prev = [m for m in made if (m in c.windows()) == (u in c.windows())]
            if prev and r < 0.25:
                cnt = list(made[rng.choice(prev)])
            elif prev and r < 0.35:
                cnt = [2 * x for x in made[rng.choice(prev)]]
            elif r < 0.42:
                k = rng.randint(1, 4)
                cnt = rng.choice([[k, k, k, 0], [0, 3 * k, 0, 0], [0, k, 2 * k, 0], [k, 0, k, 0]])
            else:
                cnt = [rng.randint(0, 3), rng.randint(3, 12), rng.randint(0, 3), rng.randint(0, 2)]
            if sum(cnt) == 0:
                cnt[1] = 5
            made[u] = cnt
        for pool in (c.windows(), c.subs()):
            if not pool:
                continue
            vs = lambda: sum(made[u][0] for u in pool)
            tot = lambda: sum(sum(made[u]) for u in pool)
            lim = S.vs_limit
            while vs() > lim * tot():
                made[rng.choice(pool)][1] += 1
            if lim == F(3, 10) and rng.random() < 0.25:  # land exactly on 30%
                while (tot() - vs()) % 7:
                    made[rng.choice(pool)][1] += 1
                target = 3 * (tot() - vs()) // 7
                made[rng.choice(pool)][0] += target - vs()
                assert vs() * 10 == 3 * tot()
                c.features.append("30pct-exact:" + g)
        for u, cnt in made.items():
            if rng.random() < 0.1 and sum(cnt) > 1:  # split over two rows
                a = [rng.randint(0, x) for x in cnt]
                c.votes.append((g, u, a))
                c.votes.append((g, u, [x - y for x, y in zip(cnt, a)]))
            else:
                c.votes.append((g, u, cnt))
    rng.shuffle(c.votes)
    return c


def construct_penalties(c, rng):
    """Uses the oracle on the penalty-free data to place finals exactly on the boundaries."""
    with tempfile.TemporaryDirectory() as d:
        write(c, d, plain=True)
        sets = dict(c.settings())
        sets["boundary_ties"] = "include"
        rows = oracle.compute(d, sets, "/nonexistent")
    final = {r[1]: F(r[10]) for r in rows}
    S = oracle.Settings(dict(c.settings(), boundary_ties="include"))
    kind = {u[0]: u[1] for u in c.units}
    order = {u[0]: i for i, u in enumerate(c.units)}
    pen = {u: F(0) for u in final}
    disq = set()

    def lower(u, target, why):
        target = F(target)
        if target < final[u]:
            pen[u] += final[u] - target
            final[u] = target
            c.features.append("%s:%s" % (why, u))

    def ranked(pool):
        return sorted(pool, key=lambda u: (-final[u], order[u]))

    ties = c.settings().get("boundary_ties", "include")
    ties = "include" if ties == "error" else ties
    for pool, is_win in ((c.windows(), True), (c.subs(), False)):
        if not pool:
            continue
        comps = [u for u in pool if kind[u] == "comprehensive"]
        if is_win and comps and rng.random() < 0.35:  # a 综合窗口 ranked first
            top = max(comps, key=lambda u: final[u])
            for u in pool:
                if u != top and final[u] >= final[top]:
                    lower(u, final[top] - F(rng.randint(1, 40), 100), "comp-first")
        if rng.random() < 0.3:  # disqualify the top eligible unit (maybe with 0 points)
            cand = [u for u in ranked(pool) if kind[u] != "comprehensive"]
            if cand:
                disq.add(cand[0])
                c.features.append("disq-top:" + cand[0])
        if is_win:
            ratio = S.excellent_ratio + (S.bonus_ratio if S.district_excellent else 0)
            q_ex = oracle.quota(ratio, len([u for u in pool if kind[u] == "single"]), S.quota_rounding)
            q_good = oracle.quota(S.good_ratio, len(pool), S.quota_rounding)
            elig = lambda: [u for u in ranked(pool) if kind[u] == "single" and u not in disq]
        else:
            ratio = S.s_excellent_ratio + (S.bonus_ratio if S.district_excellent and
                                           S.bonus_applies == "all" else 0)
            q_ex = oracle.quota(ratio, len(pool), S.quota_rounding)
            q_good = oracle.quota(S.s_good_ratio, len(pool), S.quota_rounding)
            elig = lambda: [u for u in ranked(pool) if u not in disq]
        # tie at the 先进 boundary
        e = elig()
        if 1 <= q_ex < len(e) and rng.random() < 0.4:
            lower(e[q_ex - 1], final[e[q_ex]], "tie-excellent")
            if rng.random() < 0.3 and q_ex >= 2:  # a three-way tie straddling the boundary
                lower(e[q_ex - 2], final[e[q_ex]], "tie-excellent3")
        # §7.11: a unit not eligible for 先进 (综合窗口, disqualified) tying the last 先进
        e = elig()
        if 1 <= q_ex <= len(e) and rng.random() < 0.3:
            last = e[q_ex - 1]
            above = [u for u in pool if u not in e and final[u] > final[last]]
            if above:
                lower(rng.choice(above), final[last], "ineligible-ties-last-excellent")
        # tie at the 良好 boundary
        if rng.random() < 0.4:
            exc = oracle.take_band(elig(), q_ex, final, ties, "先进")
            rest = [u for u in ranked(pool) if u not in exc]
            if 1 <= q_good < len(rest):
                lower(rest[q_good - 1], final[rest[q_good]], "tie-good")
        # the reference (first) final a multiple of what makes ratio × ref exact in cents
        promote = S.promote_ratio if is_win else None
        basic = S.basic_ratio if is_win else S.s_basic_ratio
        if rng.random() < 0.6:
            m = 1
            for r in (promote, basic):
                if r is not None:
                    # cents × r integer  <=>  cents multiple of the denominator of r
                    den = r.denominator
                    m = m * den // gcd(m, den)
            top = final[ranked(pool)[0]] * 100
            t = F(int(top) // m * m, 100)
            for u in pool:
                if final[u] > t:
                    lower(u, t, "ref-exact")
            ref = t
            r = ranked(pool)
            used = set(r[:max(1, q_ex + q_good + (2 if is_win else 0))])
            bottom = [u for u in r if u not in used]
            rng.shuffle(bottom)
            targets = []
            if promote is not None:
                targets += [promote * ref, promote * ref - F(1, 100)]
            targets += [basic * ref, basic * ref - F(1, 100)]
            for u, tg in zip(bottom, targets):
                if (tg * 100).denominator == 1:
                    lower(u, tg, "at-%s" % dec(tg))
    # penalties rows: split some, add some zero-point rows, disqualifications
    for u in [x[0] for x in c.units]:
        p = pen.get(u, F(0))
        if p > 0 or u in disq:
            if p > F(1) and rng.random() < 0.2:
                a = F(rng.randint(1, int(p * 100) - 1), 100)
                c.pen.append([u, a, False, "漏报"])
                c.pen.append([u, p - a, u in disq, "错报"])
            else:
                c.pen.append([u, p, u in disq, rng.choice(["瞒报", "错报", "不及时报", "漏报"])])
    rng.shuffle(c.pen)


def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


# ---------------------------------------------------------------- writing files

def month_text(y, mo, style):
    return "%d年%d月" % (y, mo) if style else "%d-%02d" % (y, mo)


def write(c, d, plain=False, fmt=None):
    """Writes the case into folder d. plain: canonical UTF-8 (used for the oracle pre-run)."""
    rng = c.rng if not plain else random.Random(0)
    os.makedirs(d, exist_ok=True)
    tables = {}
    tables["units.csv"] = [dict(name=n, type=TYPE_NAMES[k][1 if fmt and fmt.get("en_types") else 0],
                                location=loc) for n, k, loc in c.units]
    if plain or not c.builtin:
        tables["items.csv"] = [dict(code=a, category=b, text=t, points=p, min=lo or "", max=hi or "")
                               for a, b, t, p, lo, hi in c.items]
    ded = []
    for x in c.ded:
        y, mo = x["month"] if isinstance(x["month"], tuple) else (None, None)
        row = dict(month=x["month"] if y is None else month_text(y, mo, fmt and rng.random() < fmt["cn_month"]),
                   unit=x["unit"], item=x["item"],
                   count="" if x["count"] is None else str(x["count"]),
                   points=x["points"] or "", date=x.get("date", ""), note=x.get("note", ""))
        if y is not None and not plain and rng.random() < 0.2 and not row["date"]:
            row["date"] = "%d-%02d-%02d" % (y, mo, rng.randint(1, 28))
        if not plain and rng.random() < 0.1 and not row["note"]:
            row["note"] = rng.choice(["督查发现,当场整改", "说明\"已整改\"", "电话回访发现"])
        ded.append(row)
    tables["deductions.csv"] = ded
    tables["quarters.csv"] = [dict(unit=u, quarter=str(q), score=s) for u, q, s in c.quarters]
    tables["discipline.csv"] = [dict(unit=u, score=s) for u, s in c.disc]
    tables["third_party.csv"] = [dict(unit=u, value=v) for u, v in c.third]
    tables["votes.csv"] = [dict(group=GROUP_NAMES[g][1 if fmt and fmt.get("en_groups") else 0], unit=u,
                                vs=str(v[0]), s=str(v[1]), f=str(v[2]), u=str(v[3])) for g, u, v in c.votes]
    if c.pen or plain is False and fmt and fmt.get("empty_pen"):
        tables["penalties.csv"] = [dict(unit=u, points=p if isinstance(p, str) else fmt_pen(p, rng),
                                        disq="是" if dq else rng.choice(["否", "否", ""]), reason=r)
                                   for u, p, dq, r in c.pen]
    for fname, rows in tables.items():
        cols = HEAD[fname]
        if plain or not fmt:
            write_csv(os.path.join(d, fname), cols, rows, "utf-8", False, "\n", False, None)
            continue
        cols = list(cols)
        for k in OPTIONAL_COLS.get(fname, []):
            if all(r.get(k, "") == "" for r in rows) and rng.random() < 0.5:
                cols = [x for x in cols if x[0] != k]
        if rng.random() < fmt["shuffle"]:
            rng.shuffle(cols)
        enc = rng.choice(fmt["encodings"])
        write_csv(os.path.join(d, fname), cols, rows, "gb18030" if enc == "gb" else "utf-8",
                  enc == "bom", "\r\n" if rng.random() < fmt["crlf"] else "\n",
                  rng.random() < fmt["english"], rng if rng.random() < fmt["pad"] else None)
    settings_ini = c.ini
    if settings_ini:
        lines = ["# 考绩办法设置 (generated)"]
        keys = list(settings_ini)
        for i, k in enumerate(keys):
            if not plain and i == len(keys) // 2 and rng.random() < 0.5:
                lines.append("[考核奖惩]")
            tail = rng.choice(["", "   ; 备注", "\t; note"]) if not plain else ""
            lines.append("%s = %s%s" % (k, settings_ini[k], tail))
        lines.append("issuer = XX区政务服务中心")
        data = ("\r\n" if not plain and rng.random() < 0.3 else "\n").join(lines) + "\n"
        enc = "gb18030" if not plain and rng.random() < 0.2 else "utf-8"
        with open(os.path.join(d, "method.ini"), "wb") as f:
            f.write(data.encode(enc))
    if not plain:
        with open(os.path.join(d, "cmd"), "w", encoding="utf-8") as f:
            f.write(" ".join("--set %s=%s" % kv for kv in c.cmd.items()) + ("\n" if c.cmd else ""))
        with open(os.path.join(d, "features"), "w", encoding="utf-8") as f:
            f.write("\n".join(c.features) + "\n")
        for fname, data in c.raw_files.items():
            with open(os.path.join(d, fname), "wb") as f:
                f.write(data)


def fmt_pen(p, rng):
    s = dec(p)
    if "." in s and len(s.split(".")[1]) == 1 and rng.random() < 0.5:
        s += "0"
    if "." not in s and rng.random() < 0.3:
        s += ".00"
    return s


def quote(s):
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def write_csv(path, cols, rows, enc, bom, eol, english, pad_rng):
    out = [",".join(quote(x[2] if english else x[1]) for x in cols)]
    for r in rows:
        cells = []
        for key, _, _ in cols:
            v = r.get(key, "")
            if pad_rng and key in ("unit", "name") and pad_rng.random() < 0.3:
                v = pad_rng.choice([" ", "\u3000", "  "]) + v + pad_rng.choice(["", " ", "\u3000"])
            cells.append(quote(v))
        out.append(",".join(cells))
    data = eol.join(out) + eol
    b = data.encode(enc)
    if bom:
        b = b"\xef\xbb\xbf" + b
    with open(path, "wb") as f:
        f.write(b)


# ---------------------------------------------------------------- error injection

def inject_error(c, rng):
    wins, subs = c.windows(), c.subs()
    kinds = ["unknown-unit", "30pct", "no-discipline", "no-third", "no-votes", "bad-month",
             "other-year", "bad-count", "points-range", "points-std", "zero-votes", "unknown-item",
             "bad-bytes", "unknown-type", "date-outside", "boundary-error"]
    if subs:
        kinds += ["third-for-sub", "ded-for-sub", "quarter-for-window", "missing-quarter", "dup-quarter"]
    k = rng.choice(kinds)
    c.features.append("ERROR:" + k)
    u = rng.choice(wins)
    if k == "unknown-unit":
        fname = rng.choice(["disc", "votes", "third", "ded"])
        bad = u + "窗口" if rng.random() < 0.5 else u[:-1] + "局"
        if fname == "disc":
            c.disc.append((bad, "4.5"))
        elif fname == "votes":
            c.votes.append(("sup", bad, [0, 5, 0, 0]))
        elif fname == "third":
            c.third.append((bad, "99"))
        else:
            c.ded.append(dict(month=(c.year, 3), unit=bad, item="1.1", count=1, points=None))
    elif k == "30pct":
        c.votes.append(("lead", u, [1000, 0, 0, 0]))
    elif k == "no-discipline":
        c.disc = [x for x in c.disc if x[0] != u]
    elif k == "no-third":
        c.third = [x for x in c.third if x[0] != u]
    elif k == "no-votes":
        g = rng.choice(["sup", "lead"])
        c.votes = [x for x in c.votes if not (x[0] == g and x[1] == u)]
    elif k == "bad-month":
        c.ded.append(dict(month=rng.choice(["%d-13" % c.year, "%d-00" % c.year, "%d年13月" % c.year,
                                            "三月", "%d-3-1" % c.year]),
                          unit=u, item="1.1", count=1, points=None))
    elif k == "other-year":
        c.ded.append(dict(month=(c.year, 11), unit=u, item="1.1", count=1, points=None))
        c.ded.append(dict(month=(c.year - 1, 12), unit=u, item="1.1", count=1, points=None))
    elif k == "bad-count":
        c.ded.append(dict(month=(c.year, 4), unit=u, item="1.1", count=rng.choice(["0", "1.5", "-1", "两"]),
                          points=None))
    elif k == "points-range":
        c.ded.append(dict(month=(c.year, 5), unit=u, item="2.14f", count=1,
                          points=rng.choice(["0.35", "0.05", "0.31"])))
    elif k == "points-std":
        c.ded.append(dict(month=(c.year, 5), unit=u, item="1.1", count=1, points=rng.choice(["0.4", "1"])))
    elif k == "zero-votes":
        g = rng.choice(["sup", "lead"])
        c.votes = [x for x in c.votes if not (x[0] == g and x[1] == u)] + [(g, u, [0, 0, 0, 0])]
    elif k == "unknown-item":
        c.ded.append(dict(month=(c.year, 6), unit=u, item=rng.choice(["9.9", "1.2d", "2.10x"]), count=1,
                          points=None))
    elif k == "bad-bytes":
        c.features.append("bad-bytes in discipline.csv")
        lines = "单位,得分\n" + "".join("%s,%s\n" % x for x in c.disc)
        b = lines.encode("utf-8")
        pos = b.index(b"\n") + 1
        c.raw_files["discipline.csv"] = b[:pos] + b"\xff\xfe" + b[pos:]
    elif k == "unknown-type":
        for x in c.units:
            if x[0] == u:
                x[1] = "bogus"
    elif k == "date-outside":
        c.ded.append(dict(month=(c.year, 2), unit=u, item="1.1", count=1, points=None,
                          date=rng.choice(["%d-03-01" % c.year, "%d-02-30" % c.year])))
    elif k == "boundary-error":
        c.ini["boundary_ties"] = "error"
        c.cmd.pop("boundary_ties", None)
    elif k == "third-for-sub":
        c.third.append((rng.choice(subs), "99"))
    elif k == "ded-for-sub":
        c.ded.append(dict(month=(c.year, 7), unit=rng.choice(subs), item="1.1", count=1, points=None))
    elif k == "quarter-for-window":
        c.quarters.append((u, 1, "90"))
    elif k == "missing-quarter":
        s = rng.choice(subs)
        q = [x for x in c.quarters if x[0] == s][0]
        c.quarters.remove(q)
    elif k == "dup-quarter":
        s = rng.choice(subs)
        q = [x for x in c.quarters if x[0] == s][0]
        c.quarters.append(q)
    return k


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 64
    seed, parent, n = argv[1], argv[2], int(argv[3])
    os.makedirs(parent, exist_ok=True)
    builtin = load_builtin_catalog()
    for i in range(n):
        rng = random.Random("%s-%d" % (seed, i))
        use_builtin = rng.random() < 0.15 and builtin is not None
        c = build(rng, i, builtin if use_builtin else None)
        construct_penalties(c, rng)
        if rng.random() < 0.2 and not use_builtin:
            inject_error(c, rng)
        fmt = dict(shuffle=rng.choice([0, 0.5, 1]), crlf=rng.choice([0, 0.5, 1]),
                   english=rng.choice([0, 0, 0.5, 1]), pad=rng.choice([0, 0.3]),
                   cn_month=rng.choice([0, 0.3, 1]),
                   encodings=rng.choice([["utf8"], ["bom"], ["gb"], ["utf8", "bom", "gb"]]),
                   en_types=rng.random() < 0.2, en_groups=rng.random() < 0.2,
                   empty_pen=rng.random() < 0.3)
        if c.units and any(x[1] == "bogus" for x in c.units):
            for x in c.units:
                if x[1] == "bogus":
                    x[1] = "single"
            d = os.path.join(parent, "case-%03d" % i)
            write(c, d, fmt=fmt)
            # rewrite units.csv with one bad type (the generator's model stays consistent)
            path = os.path.join(d, "units.csv")
            raw = open(path, "rb").read()
            text, enc = (raw.decode("utf-8-sig"), "utf-8") if is_utf8(raw) else (raw.decode("gb18030"), "gb18030")
            for old in ("单设窗口", "single"):
                if old in text:
                    text = text.replace(old, "单设窗囗", 1)
                    break
            open(path, "wb").write(text.encode(enc))
        else:
            write(c, os.path.join(parent, "case-%03d" % i), fmt=fmt)
    return 0


def load_builtin_catalog():
    """The built-in catalog (samples/2022/items.csv), or None when absent or empty."""
    path = os.path.join(oracle.repo_root(), "samples", "2022", "items.csv")
    try:
        rows = oracle.load_table(path, "items.csv")
    except (OSError, oracle.DataError):
        return None
    cat = [(d["code"], d["category"], d["text"], d["points"], d["min"] or None, d["max"] or None)
           for _, d in rows]
    return cat or None


def is_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


if __name__ == "__main__":
    sys.exit(main(sys.argv))
