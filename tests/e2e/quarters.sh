# quarters.sh — every way of naming a quarter reads as that quarter: 1–4, 一–四, 第一季度…, Q1/q1…
# The sample's quarters.csv rewritten in each form gives results.csv byte for byte; a fifth
# form (5, 第五季度) is an error at its cell, the value quoted.
set -eu
rm -rf "$TMP/q" && cp -r "$ROOT/samples/2022" "$TMP/q"
"$KAOJI" annual "$ROOT/samples/2022" -o "$TMP/want" >/dev/null 2>&1
for form in 'Q%d' 'q%d' '第%s季度' '%s' ' %d '; do
	awk -F, -v OFS=, -v form="$form" 'BEGIN { split("一 二 三 四", zh, " ") }
		NR > 1 { $2 = sprintf(form, index(form, "%s") ? zh[$2] : $2) } { print }' \
		"$ROOT/samples/2022/quarters.csv" > "$TMP/q/quarters.csv"
	! cmp -s "$TMP/q/quarters.csv" "$ROOT/samples/2022/quarters.csv" || { echo "form $form: nothing rewritten"; exit 1; }
	rm -rf "$TMP/got"
	"$KAOJI" annual "$TMP/q" -o "$TMP/got" >/dev/null 2>&1 || { echo "form $form: annual failed"; exit 1; }
	cmp "$TMP/want/results.csv" "$TMP/got/results.csv" || { echo "form $form: results differ"; exit 1; }
done
sed -e '3s/,2,/,第五季度,/' "$ROOT/samples/2022/quarters.csv" > "$TMP/q/quarters.csv"
if "$KAOJI" check "$TMP/q" >"$TMP/out" 2>&1; then echo "第五季度 accepted"; exit 1; fi
grep -q 'quarters.csv:3:2: 错误: 季度应为 1、2、3 或 4，实际是“第五季度”' "$TMP/out" || { cat "$TMP/out"; exit 1; }
