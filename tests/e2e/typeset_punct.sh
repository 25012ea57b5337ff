# typeset_punct.sh — clreq typesetting of the 公文, measured from character positions
# (mutool draw -F stext, see tests/typeset/chars.py): adjacent closing marks squeezed to at
# most 0.6 em apart, every other line on the 28-per-line grid, a quarter em between Hanzi
# and Latin letters or digits, numbers never split; the 通知's title balanced without
# splitting a name; no line's boxes past the 版心's right edge (a space or a squeeze at a
# line's end would show there).
set -eu
"$KAOJI" annual "$ROOT/samples/2022" -o "$TMP/out" 2>/dev/null
"$KAOJI" notice "$ROOT/templates/call.tpl" "$ROOT/samples/2022" -o "$TMP/out/call.pdf" 2>/dev/null
"$KAOJI" monthly "$ROOT/samples/2022" --month 2022-07 -o "$TMP/out" 2>/dev/null
for pdf in notice call bulletin-2022-07; do
	/usr/bin/python3 "$ROOT/tests/typeset/chars.py" "$TMP/out/$pdf.pdf" squeeze grid mixed loose numbers
	pdftotext -bbox-layout "$TMP/out/$pdf.pdf" - | perl "$ROOT/tests/typeset/bbox.pl" |
		awk -F'\t' '$4 > 184.3 && $5 < 265 { print "超出版心右缘 " $4 " mm: " $7; bad = 1 } END { exit bad }'
done
# The notice really has squeezed pairs and spaced numbers to measure (else the checks above
# would pass on nothing).
/usr/bin/python3 "$ROOT/tests/typeset/chars.py" "$TMP/out/notice.pdf" squeeze mixed |
	awk '/squeeze/ { if ($3 < 10) bad = 1 } /mixed/ { if ($3 < 40) bad = 1 } END { exit bad }'
# The 通知's title: {窗口、分中心} and {考绩评价} stay whole; the balanced 13 : 9 split.
pdftotext -f 1 -l 1 "$TMP/out/call.pdf" - | sed -n '/^关于/,/通知$/p' >"$TMP/title"
printf '关于开展2022年度窗口、分中心\n考绩评价工作的通知\n' | cmp - "$TMP/title" || { cat "$TMP/title"; exit 1; }
# The space is a template setting: “@中西文间距 0” sets none; a bad value is a template error.
printf '@中西文间距 0\n@标题 关于2022年度的通知\n\n测试2022年度共33个窗口。\n' >"$TMP/none.tpl"
"$KAOJI" notice "$TMP/none.tpl" "$ROOT/samples/2022" -o "$TMP/none.pdf" 2>/dev/null
if /usr/bin/python3 "$ROOT/tests/typeset/chars.py" "$TMP/none.pdf" mixed >/dev/null; then echo "@中西文间距 0 仍留了间距"; exit 1; fi
printf '@中西文间距 一半\n' >"$TMP/bad.tpl"
rc=0; "$KAOJI" notice "$TMP/bad.tpl" "$ROOT/samples/2022" -o "$TMP/bad.pdf" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 65 ] && grep -q 'bad.tpl:1:1: 错误: @中西文间距：应写 0 到 0.5 之间的字数' "$TMP/err" && [ ! -e "$TMP/bad.pdf" ]
