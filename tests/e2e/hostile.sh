# hostile.sh — kaoji against a hostile user and a failing machine (issue 10): every case must end
# in a clean exit with one clear message and nothing half-written, never a hang, a signal or a
# silent success.  The `timeout`s are hang guards far above the expected second, not speed
# measurements (make bench measures speed).
set -u
fail=0
say() { echo "FAIL: $*"; fail=1; }
D="$TMP/data"
# A copy of the sample year in UTF-8 with LF line ends (the sample mixes GB18030, BOMs and
# CRLF), so the cases below can edit it with sed.
fresh() {
	rm -rf "$D"; cp -r samples/2022 "$D"
	python3 - "$D"/*.csv <<'EOF'
import sys
for p in sys.argv[1:]:
    b = open(p, 'rb').read()
    try: s = b.decode('utf-8-sig')
    except UnicodeDecodeError: s = b.decode('gb18030')
    open(p, 'w', encoding='utf-8', newline='\n').write(s.replace('\r\n', '\n'))
EOF
}
fresh

# 1. check ≡ year: on every test folder, `check` fails exactly when `year` does, with the same status.
for dir in tests/data/*/; do
	[ -f "$dir/expect" ] || continue
	"$KAOJI" check "$dir" >/dev/null 2>&1; c=$?
	rm -rf "$TMP/o"; "$KAOJI" year "$dir" -o "$TMP/o" >/dev/null 2>&1; y=$?
	[ "$c" = "$y" ] || say "$dir: check exit $c, year exit $y"
done

# 2. Templates: bounded work, finite directives, no leaked tag.  Each must fail cleanly with its
# message (or, for the long but legal ones, succeed) well inside the hang guard.
tpl() {     # tpl NAME WANT_RC WANT_MESSAGE: runs `notice` on $TMP/NAME.tpl
	out=$(timeout 120 "$KAOJI" notice "$TMP/$1.tpl" "$D" -o "$TMP/$1.pdf" 2>&1); rc=$?
	[ "$rc" = "$2" ] || { say "template $1: exit $rc, want $2"; printf '%s\n' "$out" | tail -3; }
	[ -z "$3" ] || printf '%s\n' "$out" | grep -q -- "$3" || { say "template $1: no message “$3”"; printf '%s\n' "$out" | tail -3; }
	if [ "$2" != 0 ] && [ -e "$TMP/$1.pdf" ]; then say "template $1 failed but wrote its PDF"; fi
}
{ echo "@版头 {{发文机关标志}} | {{发文字号}}"; printf '@标题 '; for i in $(seq 13); do printf '关于进一步做好窗口服务'; done; echo; echo 正文。; } > "$TMP/title130.tpl"
tpl title130 0 ""
python3 -c "print('{{#if 年度}}' * 10000 + 'x' + '{{/if}}' * 10000)" > "$TMP/nested.tpl"
tpl nested 65 "块嵌套超过 32 层"
python3 -c "print('{{年度}}\n' * 50000)" > "$TMP/lines.tpl"
tpl lines 0 ""
echo '{{#each 窗口}}{{#each 窗口}}{{#each 窗口}}{{#each 窗口}}{{名称}}{{/each}}{{/each}}{{/each}}{{/each}}' > "$TMP/each4.tpl"
tpl each4 65 "模板展开后超过 8 MB"
printf '正文。\n\n@空行 nan\n' > "$TMP/nan.tpl";  tpl nan 65 "@空行"
printf '正文。\n\n@空行 -30\n' > "$TMP/neg.tpl";  tpl neg 65 "@空行"
printf '正文。\n\n@空行 23\n' > "$TMP/big.tpl";   tpl big 65 "@空行"
printf '{{#if 年度}}a{{else}}b\n' > "$TMP/else.tpl"; tpl else 65 "没有对应的"
printf '正文。\n\n@署名 某单位 | 2023-02-30\n' > "$TMP/date.tpl"; tpl date 65 "没有这一天"
printf '正文。\n\n@署名 某单位 | 2023-02-30\n' > "$TMP/date.tpl"
"$KAOJI" notice "$TMP/date.tpl" "$D" -o "$TMP/date.pdf" 2>&1 | grep -q "date.tpl:3:" || say "template date: error not at its line 3"

# 3. A note of 400 characters sets over more lines (and pages) of its cell; check and year agree.
# The note's 400 “太” must all print (counted against the bulletin without it).
month=$(sed -n 3p "$D/deductions.csv" | cut -d, -f1 | sed 's/年/-/; s/月//; s/-\([0-9]\)$/-0\1/')
tai() { pdftotext "$1" - 2>/dev/null | grep -o '太' | wc -l; }
rm -rf "$TMP/o"; "$KAOJI" monthly "$D" --month "$month" -o "$TMP/o" >/dev/null 2>&1
base=$(tai "$TMP/o/bulletin-$month.pdf")
note=$(python3 -c "print('扣分明细表第5行太高' * 40)")
sed -i "3s/\$/$note/" "$D/deductions.csv"
"$KAOJI" check "$D" >/dev/null 2>&1 || say "check refuses a 400-character note"
rm -rf "$TMP/o"
"$KAOJI" year "$D" -o "$TMP/o" >/dev/null 2>&1 || say "year refuses a 400-character note"
got=$(( $(tai "$TMP/o/bulletin-$month.pdf") - base ))
[ "$got" = 40 ] || say "the 400-character note prints $got of its 40 “太” in bulletin-$month.pdf"

# 4. A unit name of 90 Hanzi: its scorecard's file name is cut to 255 bytes, the run succeeds.
long=$(python3 -c "print('政务服务' * 22 + '中心')")
sed -i "s/\(^\|,\)统战,/\1$long,/" "$D"/*.csv
rm -rf "$TMP/o"
"$KAOJI" year "$D" -o "$TMP/o" >/dev/null 2>&1 || say "year refuses a 90-character unit name"
for f in "$TMP"/o/scorecards/*; do
	n=$(basename "$f" | wc -c); [ "$n" -le 256 ] || say "file name of $n bytes: $(basename "$f" | cut -c1-40)…"
done
[ "$(ls "$TMP/o/scorecards" | wc -l)" = 37 ] || say "$(ls "$TMP/o/scorecards" | wc -l) scorecards, want 37"
fresh

# 5. -o never overwrites an input or a file that is not a PDF.
cp templates/call.tpl "$TMP/call.tpl"; cp "$TMP/call.tpl" "$TMP/call.pdf"
sum() { md5sum "$@" | cut -d' ' -f1; }
before=$(sum "$TMP/call.tpl" "$D/units.csv" "$TMP/call.pdf")
"$KAOJI" notice "$TMP/call.tpl" "$D" -o "$TMP/call.tpl" >/dev/null 2>&1; [ $? = 64 ] || say "notice -o TEMPLATE is not a usage error"
"$KAOJI" notice "$TMP/call.tpl" "$D" -o "$D/units.csv" >/dev/null 2>&1; [ $? = 64 ] || say "notice -o units.csv is not a usage error"
"$KAOJI" notice "$TMP/call.pdf" "$D" -o "$TMP/call.pdf" >/dev/null 2>&1; [ $? = 64 ] || say "notice -o onto its own template (a .pdf) is not a usage error"
[ "$before" = "$(sum "$TMP/call.tpl" "$D/units.csv" "$TMP/call.pdf")" ] || say "-o overwrote an input"

# 6. A misspelt unit in 20,000 rows: 100 errors shown, the rest counted, a suggestion only
# with the ones shown; done inside the hang guard.
python3 - "$D/deductions.csv" <<'EOF'
import sys
with open(sys.argv[1], 'a', encoding='utf-8') as f:
    for i in range(20000): f.write('2022-03,民正,1.1,1,,2022-03-01,\n')
EOF
out=$(timeout 120 "$KAOJI" check "$D" 2>&1 >/dev/null); rc=$?
[ $rc = 65 ] || say "20,000 misspelt rows: exit $rc"
[ "$(printf '%s\n' "$out" | grep -c ': 错误: ')" = 100 ] || say "20,000 misspelt rows: $(printf '%s\n' "$out" | grep -c ': 错误: ') errors shown, want 100"
printf '%s\n' "$out" | grep -q "还有 19900 条错误未显示" || say "20,000 misspelt rows: the rest are not counted"
[ "$(printf '%s\n' "$out" | grep -c '是否应为')" -le 100 ] || say "suggestions for errors not shown"
fresh

# 7. Control characters in a cell are shown escaped in messages, never sent to the terminal.
out=$("$KAOJI" check tests/data/bad-unit-escape 2>&1)
printf '%s' "$out" | grep -q $'\x1b' && say "a raw ESC reached the terminal"
printf '%s' "$out" | grep -qF '\x1B[2J' || say "the ESC is not shown as \\x1B"

# 8. Short of memory (ulimit -v): a clean exit, 0 or 70 with 内存不足, never a signal, no stage
# left behind.  (ASan reserves terabytes of address space: not under ASan.)
if ! ldd "$KAOJI" 2>/dev/null | grep -q libasan; then
	for kb in 30000 84000 150000 210000 400000; do
		rm -rf "$TMP/o"; mkdir "$TMP/o"
		out=$( (ulimit -v $kb; "$KAOJI" year samples/2022 -o "$TMP/o") 2>&1 ); rc=$?
		case $rc in
		0) ;;
		70) printf '%s\n' "$out" | grep -q '内存不足' || say "ulimit -v $kb: exit 70 without 内存不足";;
		*) say "ulimit -v $kb: exit $rc"; printf '%s\n' "$out" | tail -2;;
		esac
		ls -A "$TMP/o" | grep -q '^\.kaoji-[^mp]' && say "ulimit -v $kb: a stage folder left behind"
	done
fi

# 9. A full disk: exit 73 with the system's reason, nothing published.  (Needs a tmpfs mount.)
mkdir -p "$TMP/full"
if mount -t tmpfs -o size=600k tmpfs "$TMP/full" 2>/dev/null; then
	out=$("$KAOJI" year samples/2022 -o "$TMP/full/out" 2>&1); rc=$?
	[ $rc = 73 ] || say "full disk: exit $rc, want 73"
	printf '%s\n' "$out" | grep -q '磁盘空间不足' || say "full disk: the reason is not given"
	[ -z "$(ls -A "$TMP/full/out")" ] || say "full disk: files left in OUT_DIR: $(ls -A "$TMP/full/out")"
	umount "$TMP/full"
fi
# 10. A hall's edited template: year refuses it, check --full (the trial layout) reports it at
# the template's line, plain check (the data only) passes.
mkdir -p "$TMP/tpl" && cp templates/*.tpl "$TMP/tpl/"
printf '\n{{没有这个名称}}\n' >> "$TMP/tpl/scorecard.tpl"
rm -rf "$TMP/o"; "$KAOJI" year samples/2022 --templates "$TMP/tpl" -o "$TMP/o" >/dev/null 2>&1; y=$?
[ $y = 65 ] || say "edited template: year exit $y, want 65"
out=$("$KAOJI" check samples/2022 --full --templates "$TMP/tpl" 2>&1 >/dev/null); c=$?
[ $c = 65 ] || say "edited template: check --full exit $c, want 65"
printf '%s\n' "$out" | grep -q 'scorecard.tpl:[0-9]*:[0-9]*: 错误: .*没有这个名称' || say "edited template: check --full does not name the template's line"
"$KAOJI" check samples/2022 --templates "$TMP/tpl" >/dev/null 2>&1 || say "edited template: plain check looks at the templates"

exit $fail
