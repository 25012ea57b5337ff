# paths.sh — templates and fonts are found wherever kaoji runs (issue 11): from an unrelated
# folder the same bytes as from the source tree; a hall's own templates/ and fonts/ in its
# data folder, KAOJI_TEMPLATES / KAOJI_FONTS and --templates / --fonts come first, in that
# order, file by file; a file the installation lacks is exit 72 naming every place searched.
set -u
fail() { echo "FAIL: $*"; exit 1; }
text() { pdftotext -layout "$1" - 2>/dev/null | tr -d ' \n'; }

"$KAOJI" year samples/2022 -o "$TMP/ref" 2>/dev/null || fail "year from the source tree"

# 1. From another folder, with no environment: the same files, byte for byte.
mkdir -p "$TMP/elsewhere"
(cd "$TMP/elsewhere" && env -u KAOJI_TEMPLATES -u KAOJI_FONTS "$KAOJI" year "$ROOT/samples/2022" -o out 2>"$TMP/err"); rc=$?
[ $rc = 0 ] || { cat "$TMP/err"; fail "year from another folder exit $rc"; }
diff -r "$TMP/ref" "$TMP/elsewhere/out" >/dev/null || fail "another folder: different bytes"
(cd "$TMP/elsewhere" && "$KAOJI" notice call.tpl "$ROOT/samples/2022" -o call.pdf 2>/dev/null) \
	|| fail "notice with a template's bare name from another folder"
(cd "$TMP/elsewhere" && "$KAOJI" notice nosuch.tpl "$ROOT/samples/2022" -o x.pdf 2>"$TMP/err"); rc=$?
[ $rc = 66 ] && grep -q '^nosuch.tpl: 错误: 找不到模板文件' "$TMP/err" || fail "unknown template exit $rc"

# 2. A hall keeps one reworded template beside its CSVs: that one is used, the others are kaoji's.
cp -r samples/2022 "$TMP/hall"
mkdir -p "$TMP/hall/templates"
sed 's/^@标题 .*/@标题 本厅自定的通报标题/' templates/notice.tpl >"$TMP/hall/templates/notice.tpl"
"$KAOJI" annual "$TMP/hall" -o "$TMP/hall-out" 2>/dev/null || fail "hall templates run"
text "$TMP/hall-out/notice.pdf" | grep -q '本厅自定的通报标题' || fail "the data folder's notice.tpl was not used"
cmp -s "$TMP/hall-out/scorecards.pdf" "$TMP/ref/scorecards.pdf" || fail "scorecards should come from kaoji's own template"

# 3. Order: --templates, then KAOJI_TEMPLATES, then the data folder.
for w in opt env; do
	mkdir -p "$TMP/tpl-$w"
	sed "s/^@标题 .*/@标题 来自$w的通报/" templates/notice.tpl >"$TMP/tpl-$w/notice.tpl"
done
KAOJI_TEMPLATES="$TMP/tpl-env" "$KAOJI" annual "$TMP/hall" -o "$TMP/o-env" 2>/dev/null || fail "env run"
text "$TMP/o-env/notice.pdf" | grep -q '来自env的通报' || fail "KAOJI_TEMPLATES before the data folder"
KAOJI_TEMPLATES="$TMP/tpl-env" "$KAOJI" annual "$TMP/hall" -o "$TMP/o-opt" --templates "$TMP/tpl-opt" 2>/dev/null || fail "option run"
text "$TMP/o-opt/notice.pdf" | grep -q '来自opt的通报' || fail "--templates before KAOJI_TEMPLATES"
"$KAOJI" annual "$TMP/hall" -o "$TMP/o-none" --templates "$TMP/nope" 2>"$TMP/err"; rc=$?
[ $rc = 66 ] && grep -q "^$TMP/nope: 错误: 找不到模板文件夹（--templates）：没有这个文件或文件夹" "$TMP/err" || fail "missing --templates folder exit $rc"
[ ! -e "$TMP/o-none" ] || [ -z "$(ls -A "$TMP/o-none")" ] || fail "missing --templates folder wrote files"
KAOJI_FONTS="$TMP/nope" "$KAOJI" fonts 2>"$TMP/err"; rc=$?
[ $rc = 66 ] && grep -q "找不到字体文件夹（KAOJI_FONTS）" "$TMP/err" || fail "missing KAOJI_FONTS folder exit $rc"

# 4. Fonts: the data folder's fonts/ (its fonts.map and its files) comes before kaoji's.
mkdir -p "$TMP/hall/fonts"
printf '正文 = hall.ttf | LXGW WenKai\n' >"$TMP/hall/fonts/fonts.map"
cp /usr/share/fonts/truetype/wqy/wqy-microhei.ttc "$TMP/hall/fonts/HALL.TTF"
out=$("$KAOJI" fonts "$TMP/hall") || fail "kaoji fonts DATA_DIR"
printf '%s\n' "$out" | grep -q "^  $TMP/hall/fonts — 数据文件夹$" || fail "kaoji fonts does not list the data folder's fonts/"
printf '%s\n' "$out" | grep -q "^字体表: $TMP/hall/fonts/fonts.map$" || fail "the data folder's fonts.map"
printf '%s\n' "$out" | grep -q "\* hall.ttf → $TMP/hall/fonts/HALL.TTF" || fail "the data folder's font file"
"$KAOJI" fonts | grep -q "^字体表: $ROOT/fonts/fonts.map$" || fail "kaoji's own fonts.map"
"$KAOJI" fonts "$TMP/hall" --fonts "$ROOT/fonts" | grep -q "^字体表: $ROOT/fonts/fonts.map$" || fail "--fonts before the data folder"

# 5. A source tree moved anywhere, run from /: its own fonts/ (a hall's licensed faces) and
#    templates are used, not the current folder's.
tree="$TMP/tree"
mkdir -p "$tree/gen" "$tree/build" "$tree/fonts"
touch "$tree/gen/main.c"
cp "$KAOJI" "$tree/build/kaoji"
cp -r templates "$tree/templates"
printf '正文 = licensed.ttf | FandolFang\n' >"$tree/fonts/fonts.map"
cp /usr/share/fonts/truetype/wqy/wqy-microhei.ttc "$tree/fonts/licensed.ttf"
out=$(cd / && env -u KAOJI_FONTS "$tree/build/kaoji" fonts) || fail "moved tree: kaoji fonts"
printf '%s\n' "$out" | grep -q "\* licensed.ttf → $tree/fonts/licensed.ttf" || { printf '%s\n' "$out" | head; fail "moved tree: the tree's fonts/ was not used"; }

# 6. An installed tree that lacks a template: exit 72, every place searched named, nothing written.
inst="$TMP/inst"
mkdir -p "$inst/bin" "$inst/share/kaoji"
cp "$KAOJI" "$inst/bin/kaoji"
cp -r templates "$inst/share/kaoji/templates"
rm "$inst/share/kaoji/templates/bulletin.tpl"
if [ ! -e /usr/local/share/kaoji/templates/bulletin.tpl ]; then
	(cd / && env -u KAOJI_TEMPLATES "$inst/bin/kaoji" year "$TMP/hall" -o "$TMP/inst-out" 2>"$TMP/err"); rc=$?
	[ $rc = 72 ] || { cat "$TMP/err"; fail "missing installation file exit $rc"; }
	grep -q "^bulletin.tpl: 错误: 找不到模板文件，依次查找了：$TMP/hall/templates/bulletin.tpl、$inst/share/kaoji/templates/bulletin.tpl、" "$TMP/err" \
		|| { cat "$TMP/err"; fail "the message names the places searched"; }
	[ ! -e "$TMP/inst-out" ] || [ -z "$(ls -A "$TMP/inst-out")" ] || fail "missing template wrote files"
fi
exit 0
