# province.sh — a province of 500 units (tests/province/gen.py), where the cards are laid
# out on their own thread while results.xlsx is written (annual_doc.c, CARDS_ALONGSIDE):
# every unit gets its card, progress is reported in the documents' order, and two runs
# give the same bytes.
set -eu
python3 "$ROOT/tests/province/gen.py" 500 "$TMP/data" >/dev/null
for run in a b; do
	"$KAOJI" annual "$TMP/data" -o "$TMP/$run" 2>"$TMP/$run.err" || { cat "$TMP/$run.err"; exit 1; }
done
[ "$(ls "$TMP/a/scorecards" | wc -l)" -eq 500 ] || { echo "not 500 scorecards"; exit 1; }
diff -r "$TMP/a" "$TMP/b" >/dev/null || { echo "two runs differ"; exit 1; }
# results.csv, results.xlsx, notice.pdf, then the cards in unit order, then the bound copy.
grep -o '^  [^ ]*' "$TMP/a.err" | sed 's/^  //' >"$TMP/order"
[ "$(sed -n 1,3p "$TMP/order" | tr '\n' ' ')" = "results.csv results.xlsx notice.pdf " ] ||
	{ echo "order:"; head -5 "$TMP/order"; exit 1; }
[ "$(sed -n 4p "$TMP/order")" = "scorecards/$(ls "$TMP/a/scorecards" | head -1)" ] || { echo "first card"; exit 1; }
[ "$(tail -1 "$TMP/order")" = scorecards.pdf ]
[ "$(pdfinfo "$TMP/a/scorecards.pdf" | awk '/^Pages:/ { print $2 }')" -ge 1000 ]
