# documents.sh — the PDFs of a whole year: every unit under the grade results.csv gives it, every
# number of each scorecard equal to its row, the bulletin's table equal to monthly-YYYY-MM.csv,
# fonts embedded, no poppler warnings, same bytes on a rerun, template errors placed, safe names.
set -u
fail() { echo "FAIL: $*"; exit 1; }
out=$TMP/y
"$KAOJI" year samples/2022 -o "$out" 2>"$TMP/log" || { cat "$TMP/log"; fail "year exit"; }
[ "$(ls "$out"/scorecards | wc -l)" = 37 ] || fail "37 scorecards"
[ "$(ls "$out"/bulletin-2022-*.pdf | wc -l)" = 12 ] || fail "12 bulletins"
# A scorecard is one page, and one more (or two) listing the unit's deduction rows when it has any.
for f in "$out"/scorecards/*.pdf; do
	n=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	[ "$n" -ge 1 ] && [ "$n" -le 3 ] || fail "$f has $n pages"
done
[ "$(grep -c '^  ' "$TMP/log")" -ge 64 ] || fail "one progress line per document"
grep -q '^完成：51份PDF，共[0-9]*页、[0-9.]* KB，用时' "$TMP/log" || fail "summary line"

python3 - "$out" <<'PY' || exit 1
import csv, re, subprocess, sys
out = sys.argv[1]
def text(pdf, *opts):
    r = subprocess.run(["pdftotext", *opts, pdf, "-"], capture_output=True, text=True)
    if r.stderr.strip():
        sys.exit("FAIL: poppler warns on %s: %s" % (pdf, r.stderr.strip()[:200]))
    return r.stdout
def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
res = rows(out + "/results.csv")

# 1. The notice lists every unit under exactly the grade results.csv gives it.
body = re.sub(r"—\d+—", "", re.sub(r"\s+", "", text(out + "/notice.pdf")))   # page numbers out
for grade in sorted({r["等次"] for r in res} | {"考绩先进窗口", "考绩良好窗口"}):
    want = [r["单位"] for r in res if r["等次"] == grade]
    m = re.search(re.escape(grade) + r"（(\d+)个(?:，其中[^）]*)?）：(.*?)。", body)
    if not want and not m:
        continue
    if not m:
        sys.exit("FAIL: notice has no list for " + grade)
    got = m.group(2).split("、")
    if int(m.group(1)) != len(want) or sorted(got) != sorted(want):
        sys.exit("FAIL: %s: notice %s, results.csv %s" % (grade, got, want))
# ...and its attachment table has every row of results.csv, cell for cell.
table = {re.sub(r"\s+", " ", l).strip() for l in text(out + "/notice.pdf", "-layout").splitlines()}
for r in res:
    want = " ".join(v for v in r.values() if v)
    if want not in table:
        sys.exit("FAIL: ranking table row " + want)

# 2. Each scorecard shows its row's every number, and the bound copy holds each unit's pages
#    in units.csv order, each unit starting on an odd page (duplex: never two units on a sheet).
order = [r["名称"] for r in rows("samples/2022/units.csv")]
import glob
def npages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s*(\d+)", info).group(1))
start = 1
for i, name in enumerate(order, 1):
    r = next(x for x in res if x["单位"] == name)
    path = glob.glob("%s/scorecards/%02d-*.pdf" % (out, i))
    if len(path) != 1:
        sys.exit("FAIL: scorecard %02d for %s" % (i, name))
    # one line of the page per table row (-layout), spaces removed: a row's cells read in order
    t = "\n".join(re.sub(r"\s+", "", l) for l in text(path[0], "-layout").splitlines())
    for col in ["日常考核", "纪委监委评价", "第三方满意度评价", "行风监督员评价", "领导班子及科室负责人评价", "最终得分"]:
        if r[col] and r[col] not in t:
            sys.exit("FAIL: scorecard %s lacks %s %s" % (name, col, r[col]))
    for s in [name, "第%s名" % r["排名"], "等次：" + r["等次"], ("−" + r["扣分"]) if r["扣分"] != "0.00" else "扣分无—0.00",
              "%s+%s−%s" % (r["日常考核"], r["满意度评价"], r["扣分"])]:
        if s not in t:
            sys.exit("FAIL: scorecard %s lacks %s" % (name, s))
    n = npages(path[0])
    for k in range(n):
        single = re.sub(r"\s+", "", text(path[0], "-f", str(k + 1), "-l", str(k + 1)))
        bound = re.sub(r"\s+", "", text(out + "/scorecards.pdf", "-f", str(start + k), "-l", str(start + k)))
        if single != bound:
            sys.exit("FAIL: scorecards.pdf page %d is not page %d of %s" % (start + k, k + 1, name))
    if start % 2 != 1:
        sys.exit("FAIL: %s starts on page %d of scorecards.pdf, an even page" % (name, start))
    if n % 2 and i < len(order) and re.sub(r"\s+", "", text(out + "/scorecards.pdf", "-f", str(start + n), "-l", str(start + n))):
        sys.exit("FAIL: the back of %s's last sheet is not blank" % name)
    start += n + n % 2

# 3. The bulletin's ranking table equals monthly-2022-07.csv, row by row.
lines = [re.sub(r"\s+", " ", l).strip() for l in text(out + "/bulletin-2022-07.pdf", "-layout").splitlines()]
for r in rows(out + "/monthly-2022-07.csv"):
    want = " ".join([r["排名"], r["单位"], r["类型"], r["工作纪律"], r["工作规范"], r["办件管理"], r["其他"], r["月度得分"],
                     r["累计平均分"], r["名次变化"]])
    if want not in lines:
        sys.exit("FAIL: bulletin row " + want)
PY
[ $? = 0 ] || exit 1

# 4. Page geometry of the notice's full body page (GB/T 9704): 22 lines on the grid, text from the
#    订口 line (28 mm) to the 版心's right edge (184 mm), first line top 37 mm, page number 7 mm below.
python3 - "$out/notice.pdf" <<'PY' || exit 1
import re, subprocess, sys
mm = lambda v: v * 25.4 / 72
xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "2", "-l", "2", sys.argv[1], "-"], capture_output=True, text=True).stdout
lines = [tuple(map(float, m)) for m in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', xml)]
body = [l for l in lines if mm(l[1]) < 263]
num = [l for l in lines if mm(l[1]) >= 263]
def near(a, b, what):
    if abs(a - b) > 0.5:
        sys.exit("FAIL: %s at %.2f mm, want %.2f mm" % (what, a, b))
if len(body) != 22:
    sys.exit("FAIL: page 2 has %d body lines, want 22" % len(body))
near(min(mm(l[0]) for l in body), 28, "left edge")
near(max(mm(l[2]) for l in body), 184, "right edge")
near(mm(body[0][1]), 37, "first line top")
if len(num) != 1:
    sys.exit("FAIL: no page number line")
near(mm(num[0][1]), 262 + 7, "page number top")
near(mm(num[0][0]), 28 + 14 * 25.4 / 72, "even page number, 1 字 (4号) in from the left")
PY
[ $? = 0 ] || exit 1

# 5. The 署名 never stands on a page without body text (the last paragraph is carried over to it).
"$KAOJI" notice templates/call.tpl samples/2022 -o "$TMP/call.pdf" 2>/dev/null || fail "notice"
for f in "$out/notice.pdf" "$TMP/call.pdf"; do
	n=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	for p in $(seq "$n"); do
		t=$(pdftotext -f "$p" -l "$p" "$f" - | sed '/^$/d; /^— [0-9]* —$/d')
		printf '%s\n' "$t" | grep -q '^XX区政务服务中心$' || continue
		other=$(printf '%s\n' "$t" | grep -v '^XX区政务服务中心$' | grep -v '^20[0-9]*年[0-9]*月[0-9]*日$' | grep -vc '^附件：')
		[ "$other" -ge 2 ] || fail "$f: page $p holds only the 署名"
	done
done

# 5a. No page ends with a heading (a heading over a table moves to the table's page).
for f in "$out"/notice.pdf "$out"/bulletin-2022-*.pdf; do
	n=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	for p in $(seq "$n"); do
		last=$(pdftotext -f "$p" -l "$p" "$f" - | sed '/^$/d; /^— [0-9]* —$/d; /^\f/d' | tail -1)
		case $last in [一二三四五六七八九十]、*|（[一二三四五六七八九十]）*) fail "$f: page $p ends with the heading “$last”";; esac
	done
done

# 5a'. The 版记 is on the last page, an even one; a blank page put before it and the 版记 page
#      after that blank carry no page number (GB/T 9704 7.5).
n=$(pdfinfo "$out/notice.pdf" | sed -n 's/^Pages: *//p')
[ $((n % 2)) = 0 ] || fail "the notice ends on odd page $n"
pdftotext -f "$n" -l "$n" "$out/notice.pdf" - | grep -q '印发' || fail "the 版记 is not on the last page"
if [ -z "$(pdftotext -f $((n - 1)) -l $((n - 1)) "$out/notice.pdf" - | tr -d ' \n\f')" ]; then
	pdftotext -f "$n" -l "$n" "$out/notice.pdf" - | grep -q '— [0-9]* —' && fail "the 版记 page after a blank page is numbered"
else
	: # no blank page: the 版记 page keeps its number
fi
[ "$(pdftotext -f 7 -l 7 "$out/notice.pdf" - | tr -d ' \n\f')" = "" ] || fail "page 7 of the sample's notice is not the blank page before the 版记"

# 5b. Fonts: every font embedded, subset, with a ToUnicode map.
for f in notice.pdf scorecards.pdf scorecards/01-*.pdf bulletin-2022-07.pdf; do
	pdffonts "$out"/$f | tail -n +3 | awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes" { bad = 1 } END { exit bad }' \
		|| fail "fonts of $f"
done

# 6. Same input, same bytes.
"$KAOJI" year samples/2022 -o "$TMP/y2" 2>/dev/null || fail "rerun"
diff -r "$out" "$TMP/y2" >/dev/null || fail "rerun differs"

# 7. A template error names the template's line and column, and nothing is written.
mkdir -p "$TMP/tpl" "$TMP/t-out"
cp templates/*.tpl "$TMP/tpl/"
ln=$(grep -n '{{窗口数}}' "$TMP/tpl/notice.tpl" | head -1 | cut -d: -f1)
sed -i "${ln}s/{{窗口数}}/{{窗口总数}}/" "$TMP/tpl/notice.tpl"
KAOJI_TEMPLATES=$TMP/tpl "$KAOJI" annual samples/2022 -o "$TMP/t-out" 2>"$TMP/err"; rc=$?
[ $rc = 65 ] || fail "template error exit $rc"
col=$(sed -n "${ln}p" "$TMP/tpl/notice.tpl" | python3 -c 'import sys; print(sys.stdin.read().index("{{窗口总数}}") + 1)')
grep -q "^$TMP/tpl/notice.tpl:$ln:$col: 错误: 模板中的名称“窗口总数”没有定义" "$TMP/err" || { cat "$TMP/err"; fail "template error place"; }
[ -z "$(ls -A "$TMP/t-out")" ] || fail "template error wrote $(ls -A "$TMP/t-out")"

# 7b. A destination that cannot take an output (a file where the scorecards folder goes):
#     exit 73 and nothing published, not even results.csv.
mkdir -p "$TMP/clash"; touch "$TMP/clash/scorecards"
"$KAOJI" annual samples/2022 -o "$TMP/clash" 2>/dev/null; rc=$?
[ $rc = 73 ] || fail "clash exit $rc"
[ "$(ls -A "$TMP/clash")" = scorecards ] || fail "clash published: $(ls -A "$TMP/clash")"

# 8. A unit name with a slash still gives a safe file name; the 通知 renders from its template.
cp -r tests/data/good-small "$TMP/slash"
sed -i 's/公安/公安\/出入境/g' "$TMP/slash"/*.csv
"$KAOJI" annual "$TMP/slash" -o "$TMP/s-out" --set issue_date=2023-01-10 2>/dev/null || fail "slash name run"
ls "$TMP/s-out/scorecards" | grep -q '^0[0-9]-公安_出入境\.pdf$' || fail "safe file name: $(ls "$TMP/s-out/scorecards")"
pdftotext "$TMP/call.pdf" - | tr -d ' \n' | grep -q '关于开展2022年度窗口、分中心考绩评价工作的通知' || fail "notice title"
exit 0
