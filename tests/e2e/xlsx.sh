# xlsx.sh — results.xlsx: LibreOffice (headless) reads back every cell of results.csv and
# of the monthly CSVs from it, exactly; the numbers are numbers whose value is the CSV's
# text; text stays text even when it looks like a formula; the same input gives the same
# bytes; grades are coloured, the header row frozen and filtered.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v soffice >/dev/null || fail "soffice missing (make test-deps: libreoffice-calc-nogui)"

"$KAOJI" year samples/2022 -o "$TMP/y" 2>/dev/null || fail "year exit $?"
[ -s "$TMP/y/results.xlsx" ] || fail "year wrote no results.xlsx"
# Same input, same bytes: a second run, in another time zone, a second later.
sleep 1
TZ=Asia/Shanghai "$KAOJI" annual samples/2022 -o "$TMP/a" 2>/dev/null || fail "annual exit $?"
cmp "$TMP/y/results.xlsx" "$TMP/a/results.xlsx" || fail "results.xlsx differs between runs"
"$KAOJI" annual samples/2022 --csv-only -o "$TMP/c" 2>/dev/null || fail "--csv-only exit"
[ ! -e "$TMP/c/results.xlsx" ] || fail "--csv-only wrote results.xlsx"

# A copy whose notes look like formulas (units.csv refuses such names: load.c).
mkdir -p "$TMP/eq"
cp samples/2022/* "$TMP/eq/"
iconv -f GB18030 -t UTF-8 samples/2022/deductions.csv | tr -d '\r' |
	sed -e '2s/,超承诺时限办结$/,=1+1/' -e '3s/,电子评价器未摆放在台面$/,@SUM(A1:A2)/' -e '4s/,系统办理时间与实际不一致$/,+2/' \
	>"$TMP/eq/deductions.csv"
"$KAOJI" annual "$TMP/eq" -o "$TMP/eqo" 2>/dev/null || fail "annual on the = copy: exit $?"

mkdir -p "$TMP/conv" "$TMP/shown" "$TMP/raw"
cp "$TMP/y/results.xlsx" "$TMP/conv/year.xlsx"
cp "$TMP/eqo/results.xlsx" "$TMP/conv/eq.xlsx"
# Tokens: comma, ", UTF-8, from line 1, –, –, quote only as needed, detect numbers,
# 9th “as shown” (true: the 0.00 display; false: the value itself), no formulas, –, every sheet.
lo() { soffice "-env:UserInstallation=file://$TMP/profile" --headless \
	--convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,$1,false,false,-1" --outdir "$2" "${@:3}" >/dev/null 2>&1; }
lo true "$TMP/shown" "$TMP/conv/year.xlsx" "$TMP/conv/eq.xlsx" || fail "soffice convert"
lo false "$TMP/raw" "$TMP/conv/year.xlsx" || fail "soffice convert (values)"
for s in 窗口 分中心 月度得分 扣分记录; do
	[ -s "$TMP/shown/year-$s.csv" ] || fail "no sheet $s: $(ls "$TMP/shown")"
done

# The pool sheets, windows then 分中心, are results.csv cell for cell.
sed '1s/^\xEF\xBB\xBF//; s/\r$//' "$TMP/y/results.csv" >"$TMP/results.csv"
{ cat "$TMP/shown/year-窗口.csv"; tail -n +2 "$TMP/shown/year-分中心.csv"; } | sed 's/\r$//' >"$TMP/book.csv"
cmp -s "$TMP/results.csv" "$TMP/book.csv" || { diff "$TMP/results.csv" "$TMP/book.csv" | head; fail "pool sheets ≠ results.csv"; }
[ "$(wc -l <"$TMP/shown/year-窗口.csv")" = 34 ] || fail "窗口 sheet: 33 windows and the header"
[ "$(wc -l <"$TMP/shown/year-分中心.csv")" = 5 ] || fail "分中心 sheet: 4 分中心 and the header"
# Spot cells (annual.sh works them out): 文广旅体 8th, 良好 although its score is 先进's.
grep -qx '8,文广旅体,单设窗口,69.92,4.80,9.90,3.90,10.00,28.60,1.00,97.52,考绩良好窗口' "$TMP/shown/year-窗口.csv" || fail "文广旅体 row"

# The values, not only their display: LibreOffice prints a cell's value in its shortest
# form, so 69.6 means the cell holds the double nearest 69.60 (the XML says 69.59999999999999).
{ cat "$TMP/raw/year-窗口.csv"; tail -n +2 "$TMP/raw/year-分中心.csv"; } | sed 's/\r$//' >"$TMP/values.csv"
sed -E ':a; s/(^|,)([0-9]+)\.([0-9]*[1-9])?0+(,|$)/\1\2.\3\4/; ta; s/(^|,)([0-9]+)\.(,|$)/\1\2\3/g; s/(^|,)([0-9]+)\.(,|$)/\1\2\3/g' \
	"$TMP/results.csv" >"$TMP/short.csv"
cmp -s "$TMP/short.csv" "$TMP/values.csv" || { diff "$TMP/short.csv" "$TMP/values.csv" | head; fail "cell values ≠ results.csv"; }
grep -qx '8,文广旅体,单设窗口,69.92,4.8,9.9,3.9,10,28.6,1,97.52,考绩良好窗口' "$TMP/values.csv" || fail "文广旅体 values"

# 月度得分: each window's score of each month is its monthly-2022-MM.csv's 月度得分, as shown.
sed 's/\r$//' "$TMP/shown/year-月度得分.csv" >"$TMP/months.csv"
[ "$(head -1 "$TMP/months.csv")" = "单位,类型,1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月" ] || fail "月度得分 header"
for k in 01 02 03 04 05 06 07 08 09 10 11 12; do
	want=$(sed '1d; s/\r$//' "$TMP/y/monthly-2022-$k.csv" | awk -F, '{print $2 "," $8}' | sort)
	got=$(awk -F, -v c=$((10#$k + 2)) 'NR > 1 {print $1 "," $c}' "$TMP/months.csv" | sort)
	[ "$want" = "$got" ] || fail "月度得分 column $k ≠ monthly-2022-$k.csv"
done
grep -q '^房产事务,单设窗口,\([0-9.]*,\)\{6\}81.00,' "$TMP/months.csv" || fail "房产事务 July 81.00"

# 扣分记录: one row per deductions.csv row; 3.1 is 3 points a time, ×4 = 12.
sed 's/\r$//' "$TMP/shown/year-扣分记录.csv" >"$TMP/ded.csv"
[ "$(head -1 "$TMP/ded.csv")" = "月份,单位,扣分项,次数,扣分,合计,日期,说明" ] || fail "扣分记录 header"
[ "$(wc -l <"$TMP/ded.csv")" = "$(grep -c . samples/2022/deductions.csv)" ] || fail "扣分记录 rows"
grep -qx '2022-07,房产事务,3.1,4,3.00,12.00,2022-07-19,督查发现擅自受理未经公布的房屋交易类审批事项4件' "$TMP/ded.csv" || fail "房产事务 3.1 row"

# Text that looks like a formula is text: shown as written, no apostrophe, never computed.
sed 's/\r$//' "$TMP/shown/eq-扣分记录.csv" >"$TMP/eqded.csv"
grep -qx '2022-01,水利,3.8b,1,0.50,0.50,2022-01-03,=1+1' "$TMP/eqded.csv" || fail "=1+1 not kept as text: $(sed -n 2p "$TMP/eqded.csv")"
grep -qx '2022-01,燃气,2.13a,1,0.20,0.20,2022-01-03,@SUM(A1:A2)' "$TMP/eqded.csv" || fail "@SUM not text"
grep -qx '2022-01,科技,3.4b,1,0.50,0.50,2022-01-03,+2' "$TMP/eqded.csv" || fail "+2 not text"
unzip -p "$TMP/eqo/results.xlsx" 'xl/worksheets/*.xml' | grep -q '<f>' && fail "a formula cell in results.xlsx"

# Grades as colour, frozen header, autofilter, headers fitting their column.
python3 - "$TMP/y/results.xlsx" <<'EOF' || fail "workbook structure"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
styles = z.read("xl/styles.xml").decode()
# kaoji writes in libxlsxwriter's constant-memory mode: strings inline, no shared table.
assert "xl/sharedStrings.xml" not in z.namelist(), "shared strings"
assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in sheet, "frozen"
assert '<autoFilter ref="A1:L34"/>' in sheet, "autofilter"
fills = re.findall(r"<fill>(.*?)</fill>", re.search(r"<fills[^>]*>(.*?)</fills>", styles).group(1))
xfs = re.findall(r"<xf [^>]*>", re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles).group(1))
colour = {}
for s, v in re.findall(r'<c r="L(?:[2-9]|[1-9]\d+)" s="(\d+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', sheet):
    fill = fills[int(re.search(r'fillId="(\d+)"', xfs[int(s)]).group(1))]
    rgb = re.search(r'fgColor rgb="FF([0-9A-F]{6})"', fill).group(1)
    colour.setdefault(v, set()).add(rgb)
want = {"考绩先进窗口": {"C6EFCE"}, "考绩良好窗口": {"DDEBF7"}, "考绩合格窗口": {"FFEB9C"}}
for g, c in want.items():
    assert colour.get(g) == c, (g, colour.get(g))
# Ranks are numbers in the integer format, scores numbers in 0.00.
assert re.search(r'<c r="A2" s="(\d+)"><v>1</v></c>', sheet), "rank 1 a number"
numfmt = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
# libxlsxwriter writes 99.76 as "99.76000000000001" (%.16G): the same double, which the
# values conversion above reads back as 99.76.
s, v = re.search(r'<c r="K2" s="(\d+)"><v>([^<]*)</v></c>', sheet).groups()
assert v == "99.76000000000001" and float(v) == 99.76, v
fmt = re.search(r'numFmtId="(\d+)"', xfs[int(s)]).group(1)
assert fmt == "2" or numfmt.get(fmt) == "0.00", fmt
# 领导班子及科室负责人评价 (12 characters, two digits' width each) fits its column H.
w = float(re.search(r'<col min="8" max="8" width="([0-9.]+)"', sheet).group(1))
assert w >= 24, w
EOF

# Bad data: nothing written, no workbook either.
mkdir -p "$TMP/bad"
"$KAOJI" year tests/data/bad-unit-unknown -o "$TMP/bad" 2>/dev/null; [ $? = 65 ] || fail "bad data exit"
[ -z "$(ls -A "$TMP/bad")" ] || fail "bad data wrote: $(ls -A "$TMP/bad")"
exit 0
