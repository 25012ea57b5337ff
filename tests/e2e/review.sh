# review.sh — what a 督查科 clerk found reading the printed 2022 set, read back from the PDFs:
# the bulletin's month is not read as a day; points beside tables of 2-decimal numbers carry 2
# decimals.
set -u
fail() { echo "FAIL: $*"; exit 1; }
out=$TMP/y
"$KAOJI" year samples/2022 -o "$out" 2>"$TMP/log" || { cat "$TMP/log"; fail "year"; }

PYTHONPATH=tests/lib python3 - "$out" "$TMP" <<'PY' || exit 1
import csv, glob, re, subprocess, sys
from pdfpages import body, boxes, npages, pages, squeeze
out, tmp = sys.argv[1], sys.argv[2]

def has(text, want, what):
    if want not in text:
        sys.exit("FAIL: %s lacks “%s”" % (what, want))

# 4. The bulletin: the month is the month of the assessment, not a day after a count.
b7 = body(out + "/bulletin-2022-07.pdf")
has(b7, "督查科对33个窗口2022年7月的工作纪律、工作规范、办件管理等情况进行了考核", "bulletin-2022-07")

# 11. 2 decimals beside tables of 2-decimal numbers.
has(b7, "合计扣25.80分", "bulletin-2022-07")
PY
[ $? = 0 ] || exit 1
exit 0
