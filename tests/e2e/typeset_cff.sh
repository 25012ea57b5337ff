# typeset_cff.sh — the faces behind each role as pdffonts sees them: by default the 公文's
# 正文 in FandolFang, 标题 in a real bold Song, headings in Noto Sans CJK and FandolKai (all
# OpenType/CFF) beside TrueType page numbers and tables in one document; and a hall's own
# fonts.map naming name-keyed CFF faces (Ghostscript's URW fonts, a face picked by style from
# a collection) next to TrueType ones still embeds, renders and extracts exactly.
set -eu
"$KAOJI" annual "$ROOT/samples/2022" -o "$TMP/out" 2>"$TMP/log"
pdffonts "$TMP/out/notice.pdf" >"$TMP/fonts"
for face in 'FandolFang-Regular +CID Type 0C' 'NotoSerifCJKsc-Bold,Bold +CID Type 0C' 'NotoSansCJKsc-Regular +CID Type 0C' \
            'FandolKai-Regular +CID Type 0C' 'UMingCN,Light +CID TrueType'; do
	grep -Eq "^[A-Z]{6}\+$face " "$TMP/fonts" || { echo "notice.pdf 缺少字体 $face"; cat "$TMP/fonts"; exit 1; }
done
pdffonts "$TMP/out/scorecards/01-"*.pdf | grep -Eq '\+NotoSerifCJKsc-Bold,Bold +CID Type 0C' || { echo "考绩单标题不是粗宋"; exit 1; }
# Each stand-in role is named once on stderr.
for role in 标题 正文 一级标题 二级标题 页码; do
	[ "$(grep -c "^字体：$role没有" "$TMP/log")" -eq 1 ] || { echo "替代字体提示：$role"; cat "$TMP/log"; exit 1; }
done
# A hall's map: name-keyed CFF for page numbers and table digits, the bold face of a
# collection chosen by style, TrueType for the Hanzi of the tables and the 楷体.
mkdir -p "$TMP/fonts.d"
urw=/usr/share/fonts/opentype/urw-base35
cat >"$TMP/fonts.d/fonts.map" <<EOF
页码 = $urw/NimbusRoman-Regular.otf | AR PL UMing CN
表格 = $urw/NimbusSans-Regular.otf | WenQuanYi Micro Hei
二级标题 = LXGW WenKai
一级标题 = Noto Sans CJK SC:style=Bold
EOF
KAOJI_FONTS="$TMP/fonts.d" "$KAOJI" annual "$ROOT/samples/2022" -o "$TMP/hall" 2>/dev/null
pdf="$TMP/hall/notice.pdf"
pdffonts "$pdf" >"$TMP/fonts"
grep -Eq '\+NimbusRoman-Regular +CID Type 0C' "$TMP/fonts" && grep -Eq '\+NimbusSans-Regular +CID Type 0C' "$TMP/fonts" &&
	grep -Eq '\+NotoSansCJKsc-Bold,Bold +CID Type 0C' "$TMP/fonts" || { echo "指定的字体未使用"; cat "$TMP/fonts"; exit 1; }
qpdf --check "$pdf" >/dev/null
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$pdf" >"$TMP/gs" 2>&1
[ ! -s "$TMP/gs" ] || { cat "$TMP/gs"; exit 1; }
# Same text as with the default faces, in every reader.
pdftotext -raw "$TMP/out/notice.pdf" - | tr -d ' \n\f' >"$TMP/a"
pdftotext -raw "$pdf" - | tr -d ' \n\f' >"$TMP/b"
cmp "$TMP/a" "$TMP/b"
mutool draw -q -F txt -o - "$pdf" 2>/dev/null | tr -d ' \n\f' | cmp - "$TMP/b"
rm -rf "$TMP/x" && mkdir "$TMP/x" && (cd "$TMP/x" && mutool extract "$pdf" >/dev/null 2>&1)
/usr/bin/python3 "$ROOT/tests/typeset/fontprog.py" "$TMP/x"/font-* >"$TMP/progs"
grep -q "name-keyed" "$TMP/progs" || { echo "没有检查到 name-keyed CFF"; cat "$TMP/progs"; exit 1; }
