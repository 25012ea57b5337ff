# typeset_geometry.sh — the GB/T 9704 page measured from pdftotext -bbox-layout: margins
# within ±0.5 mm, 22 lines × 28 characters, page numbers, exact text, line-breaking rules.
set -eu
demo="$(dirname "$KAOJI")/tests/test_typeset_demo"
TYPESET_OUT="$TMP" "$demo" >"$TMP/log" 2>&1 || { cat "$TMP/log"; exit 1; }
bbox() { pdftotext -bbox-layout "$@" - | perl "$ROOT/tests/typeset/bbox.pl"; }
bbox -f 1 -l 2 "$TMP/grid.pdf" >"$TMP/grid.tsv"
# near A B: |A − B| ≤ 0.5 mm
near() { perl -e 'exit(abs($ARGV[0] - $ARGV[1]) <= 0.5 ? 0 : 1)' "$1" "$2" || { echo "期望 $2 mm，实际 $1 mm ($3)"; exit 1; }; }

# Page 1: 22 body lines of 28 characters filling the 版心 (28–184 mm, 37–262 mm).
awk -F'\t' '$1 == 1 && $5 < 265' "$TMP/grid.tsv" >"$TMP/body.tsv"
lines=$(wc -l <"$TMP/body.tsv")
[ "$lines" -eq 22 ] || { echo "第1页正文 $lines 行，应为 22 行"; cat "$TMP/body.tsv"; exit 1; }
awk -F'\t' '$6 != 28 { print "行字数 " $6 ": " $7; bad = 1 } END { exit bad }' "$TMP/body.tsv"
while IFS="$(printf '\t')" read -r page x0 y0 x1 y1 n text; do
	near "$x0" 28 "左边距（订口）: $text"
	near "$x1" 184 "右边（版心右缘）: $text"
done <"$TMP/body.tsv"
near "$(head -1 "$TMP/body.tsv" | cut -f3)" 37 "第1行顶边（天头）"
near "$(tail -1 "$TMP/body.tsv" | cut -f5)" 262 "第22行底边（版心下缘）"

# Page numbers: “— N —”, top 7 mm below the 版心, odd right / even left with a 1-字 (14 pt) gap.
p1=$(awk -F'\t' '$1 == 1 && $5 > 265' "$TMP/grid.tsv")
p2=$(awk -F'\t' '$1 == 2 && $5 > 265' "$TMP/grid.tsv")
[ "$(printf '%s' "$p1" | cut -f7)" = "—1—" ] || { echo "第1页页码: $p1"; exit 1; }
[ "$(printf '%s' "$p2" | cut -f7)" = "—2—" ] || { echo "第2页页码: $p2"; exit 1; }
near "$(printf '%s' "$p1" | cut -f3)" 269 "页码顶边"
near "$(printf '%s' "$p1" | cut -f4)" 179.06 "单页页码右空一字"
near "$(printf '%s' "$p2" | cut -f2)" 32.94 "双页页码左空一字"

# Exact text: page 1 extracts to exactly the 22 × 28 characters drawn.
pdftotext -f 1 -l 1 "$TMP/grid.pdf" - | head -22 >"$TMP/got.txt"
cmp "$TMP/got.txt" "$TMP/grid.txt" || { diff "$TMP/got.txt" "$TMP/grid.txt" | head; exit 1; }

# Line-breaking rules on the 禁则 pages of grid.pdf and the body pages of the demo.
bbox -f 2 "$TMP/grid.pdf" | awk -F'\t' '$5 < 265' >"$TMP/rules.tsv"
bbox -f 1 -l 3 "$TMP/demo.pdf" | awk -F'\t' '$5 < 265' >>"$TMP/rules.tsv"
perl "$ROOT/tests/typeset/rules.pl" <"$TMP/rules.tsv"
# Full lines are justified to the measure: a line followed by a continuation line (next grid
# line, starting at the 订口) ends on the right edge of the 版心; last lines are not stretched.
perl -e '
	my (@p, $bad, $n);
	while (<STDIN>) { chomp; push @p, [split /\t/] }
	for my $i (0 .. $#p - 1) {
		my ($a, $b) = ($p[$i], $p[$i + 1]);
		next unless $a->[0] == $b->[0] && abs($b->[2] - $a->[2] - 10.445) < 0.2 && $b->[1] < 28.5;
		$n++;
		if (abs($a->[3] - 184) > 0.5) { print "未撑满: $a->[6]\n"; $bad = 1 }
	}
	print "no justified lines checked\n" and exit 1 unless $n;
	exit($bad // 0);' <"$TMP/rules.tsv"

# Every page of the demo (turned 横排 pages included) has its number 7 mm below the 版心,
# odd pages right and even pages left, 1 字 in.
bbox "$TMP/demo.pdf" | awk -F'\t' '$7 ~ /^—[0-9]+—$/' >"$TMP/pn.tsv"
pages=$(pdfinfo "$TMP/demo.pdf" | awk '/^Pages:/ { print $2 }')
[ "$(wc -l <"$TMP/pn.tsv")" -eq "$pages" ] || { echo "页码个数不对"; cat "$TMP/pn.tsv"; exit 1; }
while IFS="$(printf '\t')" read -r page x0 y0 x1 y1 n text; do
	[ "$text" = "—${page}—" ] || { echo "第 $page 页页码为 $text"; exit 1; }
	near "$y0" 269 "第 $page 页页码顶边"
	if [ $((page % 2)) -eq 1 ]; then near "$x1" 179.06 "第 $page 页页码右空一字"; else near "$x0" 32.94 "第 $page 页页码左空一字"; fi
done <"$TMP/pn.tsv"

# The title is centred in balanced lines and the { } name is not broken.
bbox -f 1 -l 1 "$TMP/demo.pdf" >"$TMP/p1.tsv"
grep -q "	关于2022年度全区政务服务窗口单位$" "$TMP/p1.tsv" && grep -q "	考绩结果的通报$" "$TMP/p1.tsv" \
	|| { echo "标题分行不对"; cat "$TMP/p1.tsv"; exit 1; }
awk -F'\t' '/关于2022年度|考绩结果的通报/ { c = ($2 + $4) / 2; if (c < 105.5 || c > 106.5) { print "标题未居中: " $0; exit 1 } }' "$TMP/p1.tsv"
# 发文机关标志: its top 35 mm below the 版心 top (72 mm from the sheet's top).
near "$(awk -F'\t' '/区政务服务中心文件/ { print $3 }' "$TMP/p1.tsv")" 72 "发文机关标志顶边"

# 附件说明: indented 2 字; the second item lines up under the first item's number (5 字).
bbox -f 3 -l 3 "$TMP/demo.pdf" >"$TMP/p3.tsv"
near "$(awk -F'\t' '/^[0-9]+\t.*\t附件：1\./ { print $2 }' "$TMP/p3.tsv")" 39.14 "附件说明缩进二字"
near "$(awk -F'\t' '$7 ~ /^2\.2022/ { print $2 }' "$TMP/p3.tsv")" 55.85 "附件说明第二项对齐"
# 署名 and 成文日期 (no seal, 7.3.5.2): the date starts 2 字 right of the 署名, and whichever
# of the two reaches further right ends 2 字 from the right edge.
sx=$(awk -F'\t' '$7 == "××区政务服务中心" { print $2 }' "$TMP/p3.tsv")
dx=$(awk -F'\t' '$7 == "2023年1月5日" { print $2 }' "$TMP/p3.tsv")
sr=$(awk -F'\t' '$7 == "××区政务服务中心" { print $4 }' "$TMP/p3.tsv")
dr=$(awk -F'\t' '$7 == "2023年1月5日" { print $4 }' "$TMP/p3.tsv")
near "$(perl -e "print $sr > $dr ? $sr : $dr")" 172.86 "署名或成文日期右空二字"
near "$(perl -e "print $dx - $sx")" 11.14 "成文日期比署名右移二字"

# pdftotext sees each body line as one line (overlapping glyph boxes would make poppler
# split a line and reorder its text).
{ bbox "$TMP/grid.pdf"; bbox -f 1 -l 3 "$TMP/demo.pdf" | sed 's/^/d/'; } \
	| awk -F'\t' '{ k = $1 " " $3; n[k]++; t[k] = t[k] "|" $7 } END { for (k in n) if (n[k] > 1) { print "一行被拆开: " t[k]; bad = 1 } exit bad }'
