# typeset_fonts.sh — `kaoji fonts` lists every role with the file used; a hall's fonts.map
# changes the chains without recompiling; bad maps and empty chains are clear errors.
set -eu
out=$("$KAOJI" fonts)
for role in 标题 正文 一级标题 二级标题 页码 表格; do
	printf '%s\n' "$out" | grep -q "^$role " || { echo "缺少角色 $role"; exit 1; }
done
[ "$(printf '%s\n' "$out" | grep -c '← 使用')" -eq 6 ] || { printf '%s\n' "$out"; exit 1; }
# A custom map (via KAOJI_FONTS) takes effect.
mkdir -p "$TMP/f"
printf '正文 = nosuch.ttf | LXGW WenKai\n' >"$TMP/f/fonts.map"
out=$(KAOJI_FONTS="$TMP/f" "$KAOJI" fonts)
printf '%s\n' "$out" | grep -q "nosuch.ttf — 未放入字体文件夹"
printf '%s\n' "$out" | grep -A2 '^正文' | grep -q '\* LXGW WenKai → .*LXGWWenKai-Regular.ttf'
# A font file dropped in the folder is found by name, case-insensitively.
cp /usr/share/fonts/truetype/wqy/wqy-microhei.ttc "$TMP/f/MYFONT.TTC"
printf '正文 = myfont.ttc:0 | LXGW WenKai\n' >"$TMP/f/fonts.map"
KAOJI_FONTS="$TMP/f" "$KAOJI" fonts | grep -q "\* myfont.ttc:0 → $TMP/f/MYFONT.TTC"
# Errors: unknown role, a role with no usable font.
printf '正文字体 = LXGW WenKai\n' >"$TMP/f/fonts.map"
if KAOJI_FONTS="$TMP/f" "$KAOJI" fonts 2>"$TMP/err"; then exit 1; fi
grep -q "第 1 行：未知的字体角色“正文字体”" "$TMP/err"
printf '页码 = nosuch.ttf | No Such Family\n' >"$TMP/f/fonts.map"
rc=0; KAOJI_FONTS="$TMP/f" "$KAOJI" fonts 2>"$TMP/err" || rc=$?
[ "$rc" -eq 78 ] && grep -q "字体角色“页码”没有可用的字体" "$TMP/err"
