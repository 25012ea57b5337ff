# tables.sh — tables across pages, read back from the PDFs of samples/2022 and of a folder with
# 3 times the units (tests/large/gen.py): no page holds fewer than 3 rows of a table; a window's
# deductions of up to 3 rows stay together and a continued group names its window again
# (“住建（续）”); every deduction and every ranking row is there, in order; the 附件 is “附件”
# (one attachment), its title has an empty line under it, each table a caption, header labels
# break only between words, and the sample's attachment fits on 2 landscape pages; the 署名
# takes at most the last 2 lines of the paragraph above it to its page.
set -u
fail() { echo "FAIL: $*"; exit 1; }
python3 tests/large/gen.py "$TMP/large" || fail "generator"
for d in samples/2022 "$TMP/large"; do
	o=$TMP/out-$(basename "$d")
	"$KAOJI" year "$d" -o "$o" 2>"$TMP/log" || { cat "$TMP/log"; fail "year $d"; }
	"$KAOJI" notice templates/call.tpl "$d" -o "$o/call.pdf" 2>/dev/null || fail "call $d"
	"$KAOJI" annual "$d" -o "$o/publicity" --draft-notice 2>/dev/null || fail "publicity $d"
done

PYTHONPATH=tests/lib python3 - "$TMP" <<'PY' || exit 1
import csv, glob, os, re, sys
from decimal import Decimal as D
from pdfpages import boxes, pages, squeeze
tmp = sys.argv[1]

def rows(path, enc="utf-8-sig"):
    with open(path, encoding=enc, newline="") as f:
        return list(csv.DictReader(f))

def read_any(path):
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return rows(path, enc)
        except UnicodeDecodeError:
            pass

def month_of(s):
    return int(re.split(r"[-年/]", s)[1].rstrip("月"))

MIN_ROWS = 3
for data, out in [("samples/2022", tmp + "/out-2022"), (tmp + "/large", tmp + "/out-large")]:
    res = rows(out + "/results.csv")
    units = [u["名称"] for u in rows(data + "/units.csv")]
    windows = [u for u in units if next(r for r in res if r["单位"] == u)["类型"] != "分中心"]
    std = {i["编号"]: D(i["扣分"]) for i in rows(data + "/items.csv")}
    ded = read_any(data + "/deductions.csv")

    # 1. Bulletins: the deduction list, page by page, grouped by window.
    for month in range(1, 13):
        pdf = "%s/bulletin-2022-%02d.pdf" % (out, month)
        want = {}
        for r in ded:
            if month_of(r["月份"]) != month:
                continue
            n = int(r["次数"] or 1)
            w = want.setdefault(r["单位"].strip(), [0, D(0)])
            w[0] += 1
            w[1] += n * D(r["扣分"] or std[r["扣分项"]])
        got, groups, page_rows = {}, [], []
        for p, lines in enumerate(boxes(pdf), 1):
            # the header row: “单位” and “日期” side by side (each cell is its own text line)
            head = [l for l in lines if squeeze(l[4]) == "单位" and
                    any(squeeze(k[4]) == "日期" and abs(k[1] - l[1]) < 1 for k in lines)]
            if not head:
                continue
            top = head[0][3]
            nums = [w for l in lines if l[1] > top for w in l[5] if re.fullmatch(r"\d+\.\d{2,4}", w[4])]
            if not nums:
                continue
            right = max(w[2] for w in nums)
            anchors = sorted((w for w in nums if abs(w[2] - right) < 1.5), key=lambda w: w[1])
            centers = [(w[1] + w[3]) / 2 for w in anchors]
            bounds = [top] + [(a + b) / 2 for a, b in zip(centers, centers[1:])]
            bounds.append(centers[-1] + (centers[-1] - bounds[-1]))
            unit_words = [w for l in lines if l[1] > top for w in l[5] if w[0] < 28 + 22 - 1]
            page = []
            for k, a in enumerate(anchors):
                name = "".join(w[4] for w in sorted(unit_words, key=lambda w: w[1])
                               if bounds[k] <= (w[1] + w[3]) / 2 < bounds[k + 1])
                page.append((name, D(a[4])))
            page_rows.append((p, page))
        if not want and not page_rows:
            continue
        for i, (p, page) in enumerate(page_rows):
            if len(page) < MIN_ROWS and sum(len(x[1]) for x in page_rows) >= MIN_ROWS and len(page_rows) > 1:
                sys.exit("FAIL: %s page %d holds %d rows of the deduction list" % (pdf, p, len(page)))
            first = page[0][0]
            if not first:
                sys.exit("FAIL: %s page %d: the first row has no 单位 (a continued group must name its window)" % (pdf, p))
            if first.endswith("（续）"):
                name = first[:-3]
                if not groups or groups[-1][0] != name:
                    sys.exit("FAIL: %s page %d: “%s” continues no group of the page before" % (pdf, p, first))
                groups[-1][1].append(len(groups[-1][2]))       # where the group was split
            elif groups and groups[-1][0] == first:
                sys.exit("FAIL: %s page %d: %s continues without “（续）”" % (pdf, p, first))
            for name, pts in page:
                if name and not name.endswith("（续）"):
                    groups.append((name, [], []))
                if not groups:
                    sys.exit("FAIL: %s: a row before any 单位" % pdf)
                groups[-1][2].append(pts)
        for name, splits, pts in groups:
            got[name] = [len(pts), sum(pts)]
            for s in splits:
                if len(pts) <= 3 or s < 2 or len(pts) - s < 2:
                    sys.exit("FAIL: %s: the group of %s (%d rows) is split %d + %d" % (pdf, name, len(pts), s, len(pts) - s))
        if got != want:
            sys.exit("FAIL: %s: deduction list %s, deductions.csv %s" % (pdf, got, want))
        order = [g[0] for g in groups]
        if order != [u for u in units if u in want]:
            sys.exit("FAIL: %s: groups not in units.csv order: %s" % (pdf, order))

        # The month's ranking (4 categories, score, 累计平均分, 名次变化): every window once, at least
        # 3 rows on each of its pages.
        ranked = []
        for p, text in enumerate(pages(pdf, layout=True), 1):
            r = [l.split()[1] for l in text.splitlines()
                 if re.match(r"^\s*\d+\s+\S+\s+(单设窗口|综合窗口)(\s+\d+\.\d+){6}\s+(↑\d+|↓\d+|持平|新|—)\s*$", l)]
            if r and len(r) < MIN_ROWS:
                sys.exit("FAIL: %s page %d holds %d rows of the ranking" % (pdf, p, len(r)))
            ranked += r
        if sorted(ranked) != sorted(windows):
            sys.exit("FAIL: %s: the ranking lists %d windows, not %d" % (pdf, len(ranked), len(windows)))

    # 2. The notice's 附件: every results.csv row in order; no page of a table with < 3 of its
    #    rows; captions; header labels whole words; an empty line under the title.
    for pdf in [out + "/notice.pdf", out + "/publicity/notice.pdf"]:
        seq, table_pages = [], {}
        # (a long name may touch its type: no space needed between them)
        # (a long name may touch its type, or wrap onto the lines above and below its row's)
        row_re = re.compile(r"^\s*(\d+)\s+(\S*?)\s*(单设窗口|综合窗口|分中心)\s+\d")
        texts = pages(pdf, layout=True)
        for p, text in enumerate(texts, 1):
            ls = text.splitlines()
            for k, l in enumerate(ls):
                m = row_re.match(l)
                if m:
                    name = m.group(2) or ls[k - 1].strip() + ls[k + 1].strip()
                    seq.append((m.group(1), name))
                    kind = "分中心" if m.group(3) == "分中心" else "窗口"
                    table_pages.setdefault(kind, {}).setdefault(p, 0)
                    table_pages[kind][p] += 1
        if seq != [(r["排名"], r["单位"]) for r in res]:
            sys.exit("FAIL: %s: the 附件 rows are not results.csv's" % pdf)
        for kind, pp in table_pages.items():
            for p, n in pp.items():
                if n < MIN_ROWS and sum(pp.values()) >= MIN_ROWS:
                    sys.exit("FAIL: %s page %d holds %d rows of the %s table" % (pdf, p, n, kind))
        first = min(min(pp) for pp in table_pages.values())
        if data == "samples/2022" and sorted({p for pp in table_pages.values() for p in pp}) != [first, first + 1]:
            sys.exit("FAIL: %s: the sample's 附件 takes pages %s, not 2" % (pdf, sorted({p for pp in table_pages.values() for p in pp})))
        att = squeeze(texts[first - 1])
        if not att.startswith("附件") or "考绩结果排名表" not in att:
            sys.exit("FAIL: %s: a single attachment is “附件”, unnumbered: %s" % (pdf, att[:30]))
        if "附件1" in att or "附件：1." in squeeze("".join(texts)):
            sys.exit("FAIL: %s: a single attachment is numbered" % pdf)
        whole = squeeze("".join(texts[first - 1:]))
        if whole.find("（一）窗口") < 0 or whole.find("（二）分中心") < whole.find("（一）窗口"):
            sys.exit("FAIL: %s: the 附件 tables lack their captions （一）窗口、（二）分中心" % pdf)
        vocab = ["排名", "单位", "类型", "日常", "考核", "纪委监委", "评价", "第三方", "满意度", "行风监督员",
                 "领导班子及", "科室负责人", "综合", "扣分", "最终", "得分", "等次", "拟定"]
        def words_only(tok):
            ok = [True] + [False] * len(tok)
            for i in range(len(tok)):
                if ok[i]:
                    for w in vocab:
                        if tok.startswith(w, i):
                            ok[i + len(w)] = True
            return ok[-1]
        for p in sorted({p for pp in table_pages.values() for p in pp}):
            for l in texts[p - 1].splitlines():
                if row_re.match(l):
                    break
                for tok in l.split():
                    if re.fullmatch(r"[\u4e00-\u9fff]+", tok) and tok not in ("附件", "窗口", "分中心") and \
                       not tok.startswith("2022") and not words_only(tok):
                        sys.exit("FAIL: %s page %d: a header label broken inside a word: “%s”" % (pdf, p, tok))
        # Turned page: the frame's top edge is the sheet's left edge, so frame depth = sheet x.
        lines = boxes(pdf)[first - 1]
        title = [l for l in lines if squeeze(l[4]).endswith("考绩结果排名表")]
        cap = [l for l in lines if squeeze(l[4]) == "（一）窗口"]
        if not title or not cap or cap[0][0] - title[0][2] < 6:
            sys.exit("FAIL: %s: no empty line between the 附件 title and the table (%s)" %
                     (pdf, cap[0][0] - title[0][2] if title and cap else "?"))

    # 3. The 署名: at least 2 lines of text above it on its page, and no whole paragraph of
    #    3 lines or more carried over to it from a page that had room for some of it.
    for pdf in [out + "/notice.pdf", out + "/call.pdf", out + "/publicity/notice.pdf"]:
        pp = boxes(pdf)
        sig = [i for i, lines in enumerate(pp) if any(squeeze(l[4]) == "XX区政务服务中心" and l[0] > 100 for l in lines)]
        if len(sig) != 1:
            sys.exit("FAIL: %s: 署名 on pages %s" % (pdf, [i + 1 for i in sig]))
        s = sig[0]
        body = [l for l in pp[s] if l[1] < 263]
        y_sig = next(l[1] for l in body if squeeze(l[4]) == "XX区政务服务中心")
        above = [l for l in body if l[1] < y_sig and not squeeze(l[4]).startswith("附件：")]
        if len(above) < 2:
            sys.exit("FAIL: %s page %d: the 署名 has %d lines of text above it" % (pdf, s + 1, len(above)))
        prev = [l for l in pp[s - 1] if l[1] < 263] if s > 0 else []
        blank = round((37 + 21 * 10.445 - prev[-1][1]) / 10.445) if prev else 0
        first = 1 if re.match(r"[一二三四五六七八九十]+、", squeeze(above[0][4])) else 0
        # a paragraph begins on the 署名's page although the page before had room for its start
        if blank > first and first < len(above) and above[first][0] > 30:
            n = 1
            while first + n < len(above) and above[first + n][0] < 30:
                n += 1
            if n > 2:
                sys.exit("FAIL: %s: a paragraph of %d lines went whole to the 署名's page %d, leaving %d lines "
                         "of page %d empty" % (pdf, n, s + 1, blank, s))
PY
[ $? = 0 ] || exit 1
exit 0
