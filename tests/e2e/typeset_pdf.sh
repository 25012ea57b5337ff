# typeset_pdf.sh — every rendered PDF: byte-identical on rerun, fonts embedded as subsets
# with ToUnicode, no poppler or qpdf complaints, the demo's text extracted exactly, the size
# target, and the 版记's last line on the bottom of the 版心 of the last page.
set -eu
demo="$(dirname "$KAOJI")/tests/test_typeset_demo"
for run in a b; do
	TYPESET_OUT="$TMP/$run" "$demo" >"$TMP/$run.log" 2>&1 || { cat "$TMP/$run.log"; exit 1; }
done
for f in demo grid cards monthly size; do
	pdf="$TMP/a/$f.pdf"
	cmp "$pdf" "$TMP/b/$f.pdf" || { echo "$f.pdf 两次生成不一致"; exit 1; }
	pdffonts "$pdf" >"$TMP/fonts" 2>"$TMP/err"
	awk 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") { print "字体未嵌入子集或无 ToUnicode: " $0; bad = 1 } }
	     END { exit bad || n == 0 }' "$TMP/fonts"
	pdftotext "$pdf" "$TMP/$f.out.txt" 2>>"$TMP/err"
	pdftotext -bbox-layout "$pdf" /dev/null 2>>"$TMP/err"
	pdftoppm -r 20 -gray "$pdf" "$TMP/img" 2>>"$TMP/err"
	pdfinfo "$pdf" >"$TMP/info" 2>>"$TMP/err"
	[ ! -s "$TMP/err" ] || { echo "$f.pdf: poppler 警告:"; cat "$TMP/err"; exit 1; }
	qpdf --check "$pdf" >/dev/null || { echo "$f.pdf: qpdf --check 失败"; exit 1; }
	# No clock in the file: no dates but the one the data gave.
	! grep -a -q "ModDate" "$pdf"
done
# The demo uses at least four distinct fonts (标题/正文, 黑体, 楷体, 表格).
[ "$(awk 'NR > 2' "$TMP/fonts" | wc -l)" -ge 1 ]
[ "$(pdffonts "$TMP/a/demo.pdf" | awk 'NR > 2' | wc -l)" -ge 4 ] || { pdffonts "$TMP/a/demo.pdf"; exit 1; }
# Every paragraph of the demo input is in the extracted text, character for character.
perl -CSD -e '
	open my $t, "<:encoding(UTF-8)", $ARGV[0] or die; local $/; my $all = <$t>; $all =~ s/\s+//g;
	open my $d, "<:encoding(UTF-8)", $ARGV[1] or die; my $bad = 0;
	for (split /\n/, <$d>) {
		next unless /^(段|一级|二级|三级|四级|主送|抄送)\|(.*)/; my $p = $2; $p =~ s/\s+//g;
		if (index($all, $p) < 0) { print "未找到: $p\n"; $bad = 1 }
	}
	exit $bad;' "$TMP/demo.out.txt" "$ROOT/tests/typeset/demo.txt"
# Pages: the demo has its attachments; the scorecards one page each.
[ "$(pdfinfo "$TMP/a/cards.pdf" | awk '/^Pages:/ { print $2 }')" -eq 37 ]
[ "$(pdfinfo "$TMP/a/size.pdf" | awk '/^Pages:/ { print $2 }')" -eq 1 ]
# Size target: one page, 30-row table, ~300 distinct characters, 3+ fonts, ≤ 80 KB.
size=$(stat -c %s "$TMP/a/size.pdf")
[ "$size" -le 81920 ] || { echo "size.pdf $size 字节 > 80 KB"; exit 1; }
[ "$(pdffonts "$TMP/a/size.pdf" | awk 'NR > 2' | wc -l)" -ge 3 ]
distinct=$(perl -CSD -ne 'for (split //) { $s{$_} = 1 if ord($_) > 32 } END { print scalar keys %s }' "$TMP/size.out.txt")
[ "$distinct" -ge 280 ] || { echo "size.pdf 只有 $distinct 个不同字符"; exit 1; }
# 版记: the 印发 line sits in the last row, just above the 版心 bottom (262 mm), on the last page.
last=$(pdfinfo "$TMP/a/demo.pdf" | awk '/^Pages:/ { print $2 }')
pdftotext -f "$last" -l "$last" -bbox-layout "$TMP/a/demo.pdf" - | perl "$ROOT/tests/typeset/bbox.pl" \
	| awk -F'\t' '/印发/ { found = 1; if ($5 > 262 || $5 < 255) { print "印发行位置 " $3 "–" $5 " mm"; exit 1 } } END { exit !found }'
