# readers.sh — the PDFs of every document kind, read by independent readers: fonts embedded
# as subsets with ToUnicode (pdffonts), structure (qpdf --check), rendering without a warning
# (Ghostscript, MuPDF), the same text from pdftotext, pdf.js and MuPDF, the notice's
# text exactly as its template gives it, no faux bold where a real bold face is installed,
# and every embedded font program valid for fontTools (CFF: CID-keyed, Adobe-Identity-0,
# identity charset).
set -eu
"$KAOJI" year "$ROOT/samples/2022" -o "$TMP/out" 2>"$TMP/log"
"$KAOJI" notice "$ROOT/templates/call.tpl" "$ROOT/samples/2022" -o "$TMP/out/call.pdf" 2>>"$TMP/log"
PDFJS="$ROOT/build/pdfjs/node_modules/pdfjs-dist"
[ -d "$PDFJS" ] || { echo "pdf.js 未安装（make pdfjs）"; exit 1; }
out="$TMP/out"
for pdf in "$out/notice.pdf" "$out/call.pdf" "$out/scorecards.pdf" "$out/scorecards/01-"*.pdf \
           "$out/bulletin-2022-07.pdf" "$out/bulletin-2022-12.pdf"; do
	name=$(basename "$pdf")
	pdffonts "$pdf" | awk -v f="$name" 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") { print f ": 字体未嵌入子集或无 ToUnicode: " $0; bad = 1 } }
	     END { exit bad || n == 0 }'
	qpdf --check "$pdf" >/dev/null || { echo "$name: qpdf --check 失败"; exit 1; }
	gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$pdf" >"$TMP/gs" 2>&1
	[ ! -s "$TMP/gs" ] || { echo "$name: Ghostscript:"; cat "$TMP/gs"; exit 1; }
	# Debian's mutool is built without ICC colour management and says so for every file.
	mutool draw -q -o /dev/null "$pdf" 2>&1 | grep -v '^warning: ICC support is not available$' >"$TMP/mu" || true
	[ ! -s "$TMP/mu" ] || { echo "$name: MuPDF:"; cat "$TMP/mu"; exit 1; }
	# pdftotext and pdf.js read the same characters in the same order (both decode every
	# code through ToUnicode; they group table cells into words differently, so spacing is
	# compared on running text only, below).
	pdftotext -raw "$pdf" - 2>"$TMP/err" | tr -d ' \n\f' >"$TMP/poppler"
	[ ! -s "$TMP/err" ] || { echo "$name: poppler:"; cat "$TMP/err"; exit 1; }
	node "$ROOT/tests/pdfjs/extract.mjs" "$PDFJS" "$pdf" 2>"$TMP/err" | tr -d ' \n\f' >"$TMP/pdfjs"
	[ ! -s "$TMP/err" ] || { echo "$name: pdf.js:"; cat "$TMP/err"; exit 1; }
	cmp -s "$TMP/poppler" "$TMP/pdfjs" || { echo "$name: pdftotext 与 pdf.js 的文字不同:"; fold -w 60 "$TMP/poppler" >"$TMP/a"; fold -w 60 "$TMP/pdfjs" >"$TMP/b"; diff "$TMP/a" "$TMP/b" | head; exit 1; }
	mutool draw -q -F txt -o - "$pdf" 2>/dev/null | tr -d ' \n\f' >"$TMP/mupdf"
	cmp -s "$TMP/poppler" "$TMP/mupdf" || { echo "$name: pdftotext 与 MuPDF 的文字不同:"; fold -w 60 "$TMP/poppler" >"$TMP/a"; fold -w 60 "$TMP/mupdf" >"$TMP/b"; diff "$TMP/a" "$TMP/b" | head; exit 1; }
	# Every font program: fontTools reads it as kaoji meant it.
	rm -rf "$TMP/fonts" && mkdir "$TMP/fonts"
	(cd "$TMP/fonts" && mutool extract "$pdf" >/dev/null 2>&1)
	/usr/bin/python3 "$ROOT/tests/typeset/fontprog.py" "$TMP/fonts"/font-* >/dev/null
done
# The notice's text, in the order it is drawn, is exactly what its template and the data
# give (tests/golden/notice-2022.txt, line breaks aside): nothing split, spaced or reordered.
pdftotext -raw "$out/notice.pdf" - | tr -d '\f' | grep -v '^— [0-9]* —$' | tr -d '\n' >"$TMP/notice.txt"
tr -d '\n' <"$ROOT/tests/golden/notice-2022.txt" | cmp - "$TMP/notice.txt" >/dev/null ||
	{ echo "notice.pdf 的文字与 tests/golden/notice-2022.txt 不同"; tr -d '\n' <"$ROOT/tests/golden/notice-2022.txt" | fold -w 60 >"$TMP/a"; fold -w 60 "$TMP/notice.txt" >"$TMP/b"; diff "$TMP/a" "$TMP/b" | head; exit 1; }
# Running text (the 通知 has no table): both readers give the same lines, spaces included —
# a squeezed mark or a mixed-script space drawn as a gap or an overlap would make one of
# them split a line or insert a space.
pdftotext -raw "$out/call.pdf" - | tr -d '\f' | grep -v '^— [0-9]* —$' >"$TMP/a"
node "$ROOT/tests/pdfjs/extract.mjs" "$PDFJS" "$out/call.pdf" | tr -d '\f' | grep -v '^— [0-9]* —$' >"$TMP/b"
diff "$TMP/a" "$TMP/b" >"$TMP/d" || { echo "call.pdf: 两个阅读器的行不同:"; head "$TMP/d"; exit 1; }
! grep -v '印发$' "$TMP/a" | grep -q ' ' || { echo "call.pdf: 正文中出现了空格:"; grep ' ' "$TMP/a" | head; exit 1; }
# MuPDF measures text by the font programs' own advances: a squeezed or spaced code whose
# glyph kept its width would show there as a space.
mutool draw -q -F txt -o - "$out/call.pdf" 2>/dev/null | grep -v '^— [0-9]* —$' >"$TMP/m"
! grep -q ' ' "$TMP/m" || { echo "call.pdf: MuPDF 读出了空格:"; grep ' ' "$TMP/m" | head; exit 1; }
# A real bold face is installed: no text is drawn in fill-and-stroke mode (faux bold).
for pdf in "$out/notice.pdf" "$out/call.pdf" "$out/scorecards.pdf"; do
	qpdf --qdf --object-streams=disable "$pdf" "$TMP/qdf.pdf"
	! grep -a -q '^2 Tr$' "$TMP/qdf.pdf" || { echo "$(basename "$pdf"): 有描边加粗的文字（2 Tr）"; exit 1; }
done
# The stand-in faces are named once per run, not once per document.
[ "$(grep -c '^字体：正文没有仿宋_GB2312' "$TMP/log")" -eq 2 ] || { echo "替代字体提示次数不对"; cat "$TMP/log"; exit 1; }
