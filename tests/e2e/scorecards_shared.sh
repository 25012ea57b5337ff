# scorecards_shared.sh — each 考绩单 is drawn once, for its own file and for scorecards.pdf
# (doc_stream_share): the card's file holds the bound copy's very content streams, and its
# fonts carry the bound copy's codes (a CFF charset with those CIDs, a TrueType CIDToGIDMap),
# so every page of every card renders pixel for pixel and reads word for word as the same
# page of the bound copy — with the default CFF faces and with a hall's TrueType ones.
set -u
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$TMP/tt"
printf '表格 = WenQuanYi Micro Hei\n页码 = AR PL UMing CN\n标题 = AR PL UMing CN\n' >"$TMP/tt/fonts.map"
"$KAOJI" annual samples/2022 -o "$TMP/cff" 2>"$TMP/log" || { cat "$TMP/log"; fail "annual"; }
KAOJI_FONTS="$TMP/tt" "$KAOJI" annual samples/2022 -o "$TMP/ttf" 2>"$TMP/log" || { cat "$TMP/log"; fail "annual, TrueType"; }
grep -q 'CIDToGIDMap [0-9]* 0 R' "$TMP/ttf/scorecards/01-"*.pdf || fail "TrueType: no CIDToGIDMap of the bound copy's codes"
pdffonts "$TMP/ttf/scorecards/01-"*.pdf | grep -q 'CID TrueType' || fail "TrueType face not used"
for kind in cff ttf; do
	out=$TMP/$kind
	pdftoppm -r 40 -gray "$out/scorecards.pdf" "$TMP/$kind-all" || fail "render $kind"
	at=1 n=0
	for card in "$out"/scorecards/*.pdf; do
		pages=$(pdfinfo "$card" | awk '/^Pages:/ { print $2 }')
		[ $((at % 2)) -eq 1 ] || at=$((at + 1))         # each unit from an odd page
		for p in $(seq "$pages"); do
			b=$((at + p - 1))
			pdftoppm -r 40 -gray -f "$p" -l "$p" -singlefile "$card" "$TMP/one" || fail "render $card"
			want=$(ls "$TMP/$kind-all"-*.pgm | awk -v b="$b" -F- '{ n = $NF; sub(/\.pgm$/, "", n) } n + 0 == b')
			cmp -s "$TMP/one.pgm" "$want" || fail "$kind: $(basename "$card") page $p differs from scorecards.pdf page $b"
			[ "$(pdftotext -f "$p" -l "$p" -raw "$card" -)" = "$(pdftotext -f "$b" -l "$b" -raw "$out/scorecards.pdf" -)" ] ||
				fail "$kind: text of $(basename "$card") page $p"
			n=$((n + 1))
		done
		at=$((at + pages))
	done
	[ "$n" -ge 37 ] || fail "$kind: only $n pages compared"
	qpdf --check "$out/scorecards/03-"*.pdf >/dev/null || fail "$kind: qpdf"
	gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$out/scorecards/03-"*.pdf >"$TMP/gs" 2>&1
	[ ! -s "$TMP/gs" ] || { cat "$TMP/gs"; fail "$kind: Ghostscript"; }
done
