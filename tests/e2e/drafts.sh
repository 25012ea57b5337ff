# drafts.sh — document settings are not data (SPEC §7.15).  On a copy of samples/2022 whose
# method.ini has none: annual and year exit 0, results.csv equals the normal run's, every
# document that needs a missing setting is a draft (“（草稿）” after its title, blanks for
# the pen: “〔    〕号”, “    年  月  日”), one warning per missing setting; --strict makes
# them errors and writes nothing; check warns (fails with --strict).  --draft-notice prints
# notice.pdf as the 公示稿 with the objection period and where to object.
set -u
fail() { echo "FAIL: $*"; exit 1; }
nd=$TMP/nodoc
cp -r samples/2022 "$nd"
# (with the official wording of the placeholder catalog items: review.sh tests those)
sed -i 's/（原文缺失[^）]*）//; s/每次……（原文截断[^）]*）/每次扣0.5分/' "$nd/items.csv"
grep -Ev '^[[:space:]]*(issuer|issuer_mark|doc_number|issue_date|recipients|cc|printer|print_date|bulletin_issuer|publicity_start|publicity_end|objection_contact)[[:space:]]*=' \
	samples/2022/method.ini >"$nd/method.ini"

"$KAOJI" annual "$nd" -o "$TMP/a" 2>"$TMP/a.log"; rc=$?
[ $rc = 0 ] || { cat "$TMP/a.log"; fail "annual without document settings exits $rc"; }
cmp -s "$TMP/a/results.csv" tests/golden/results-2022.csv || fail "results.csv differs from the normal run's"
[ "$(ls "$TMP/a/scorecards" | wc -l)" = 37 ] || fail "not every scorecard written"
for key in issuer doc_number issue_date recipients; do
	[ "$(grep -c "^$nd/method.ini: 警告: 没有设置 $key（" "$TMP/a.log")" = 1 ] || { cat "$TMP/a.log"; fail "one warning for $key"; }
done
[ "$(grep -c '警告' "$TMP/a.log")" = 4 ] || { cat "$TMP/a.log"; fail "more warnings than missing settings"; }

"$KAOJI" year "$nd" -o "$TMP/y" 2>"$TMP/y.log" || fail "year without document settings"
[ "$(grep -c '警告: 没有设置 issuer（' "$TMP/y.log")" = 1 ] || fail "one issuer warning for the whole year"

PYTHONPATH=tests/lib python3 - "$TMP" <<'PY' || exit 1
import glob, re, sys
from pdfpages import body, boxes, pages
tmp = sys.argv[1]
n = body(tmp + "/a/notice.pdf")
if "考绩结果的通报（草稿）" not in n:
    sys.exit("FAIL: the notice's title is not marked （草稿）")
# blanks for the pen: 〔    〕号 in the 版头, a date of spaces in the 署名 and the 版记
raw = pages(tmp + "/a/notice.pdf", layout=True)
if not re.search(r"〔\s+〕号", raw[0]):
    sys.exit("FAIL: no blank 发文字号 “〔    〕号”")
if not re.search(r"(?<!\d)年\s+月\s+日(?!印发)", "".join(raw)) or not re.search(r"(?<!\d)年\s+月\s+日印发", "".join(raw)):
    sys.exit("FAIL: the 成文日期 or 印发日期 is not left blank")
if re.search(r"\d{4}年\d+月\d+日", n.split("附件：")[-1].split("附件")[0]):
    sys.exit("FAIL: the draft's 署名 carries a date")
if "XX区政务服务中心" in n:
    sys.exit("FAIL: a made-up issuer is printed")
for pdf in glob.glob(tmp + "/y/scorecards/*.pdf") + glob.glob(tmp + "/y/bulletin-*.pdf"):
    if "（草稿）" not in body(pdf):
        sys.exit("FAIL: %s needs a missing setting but is no draft" % pdf)
PY
[ $? = 0 ] || exit 1

# The complete sample prints no draft, and no warning but the one for its placeholder item 4.1
# (review.sh); with the official wording in items.csv (a copy), none at all.
"$KAOJI" annual samples/2022 -o "$TMP/n" 2>"$TMP/n.log" || fail "annual samples"
! grep '警告' "$TMP/n.log" | grep -qv '扣分项 4.1 的内容是占位文字' || { cat "$TMP/n.log"; fail "warnings on the complete sample"; }
official=$TMP/official
cp -r samples/2022 "$official"
sed -i 's/（原文缺失[^）]*）//; s/每次……（原文截断[^）]*）/每次扣0.5分/' "$official/items.csv"
"$KAOJI" annual "$official" -o "$TMP/n2" 2>"$TMP/n2.log" || fail "annual on the official wording"
! grep -q '警告' "$TMP/n2.log" || { cat "$TMP/n2.log"; fail "warnings on the complete sample with the official wording"; }
PYTHONPATH=tests/lib python3 -c '
import glob, sys
from pdfpages import body
for pdf in glob.glob(sys.argv[1] + "/n/*.pdf") + glob.glob(sys.argv[1] + "/n/scorecards/*.pdf"):
    if "草稿" in body(pdf):
        sys.exit("FAIL: %s is marked 草稿 though every setting is there" % pdf)' "$TMP" || exit 1

# --strict: one error per missing setting, exit 65, nothing written.
mkdir -p "$TMP/s"
"$KAOJI" annual "$nd" -o "$TMP/s" --strict 2>"$TMP/s.log"; rc=$?
[ $rc = 65 ] || fail "--strict exits $rc"
[ -z "$(ls -A "$TMP/s")" ] || fail "--strict wrote $(ls -A "$TMP/s")"
for key in issuer doc_number issue_date recipients; do
	[ "$(grep -c "^$nd/method.ini: 错误: 没有设置 $key（" "$TMP/s.log")" = 1 ] || { cat "$TMP/s.log"; fail "--strict: one error for $key"; }
done
"$KAOJI" annual "$official" -o "$TMP/s2" --strict 2>/dev/null || fail "--strict on the complete sample"
"$KAOJI" check "$nd" >/dev/null 2>"$TMP/c.log" || fail "check without document settings"
grep -q '警告: 没有设置 issue_date' "$TMP/c.log" || fail "check does not warn"
"$KAOJI" check "$nd" --strict >/dev/null 2>&1; [ $? = 65 ] || fail "check --strict"

# 公示稿: its own template, the objection period and where to object; a draft when they are missing.
"$KAOJI" annual samples/2022 -o "$TMP/p" --draft-notice 2>"$TMP/p.log" || fail "--draft-notice"
"$KAOJI" annual "$nd" -o "$TMP/pd" --draft-notice 2>"$TMP/pd.log" || fail "--draft-notice without settings"
PYTHONPATH=tests/lib python3 - "$TMP" <<'PY' || exit 1
import csv, sys
from pdfpages import body
tmp = sys.argv[1]
p = body(tmp + "/p/notice.pdf")
for want in ["关于2022年度区行政审批服务中心窗口、分中心考绩结果的公示", "公示期为2023年1月9日至2023年1月13日",
             "区政务服务中心督查科（区政务服务中心三楼312室，电话0000-12345678）", "拟评为考绩先进窗口（9个）"]:
    if want not in p:
        sys.exit("FAIL: the 公示稿 lacks “%s”" % want)
if "草稿" in p or "通报" in p.split("公示")[0] or "X政服〔2023〕3号" in p:
    sys.exit("FAIL: the 公示稿 reads like the final notice")
for r in csv.DictReader(open(tmp + "/p/results.csv", encoding="utf-8-sig")):
    if r["单位"] not in p:
        sys.exit("FAIL: the 公示稿 leaves out %s" % r["单位"])
d = body(tmp + "/pd/notice.pdf")
if "考绩结果的公示（草稿）" not in d or "公示期为年月日至年月日" not in d:
    sys.exit("FAIL: the 公示稿 without its settings is no draft with blank dates")
PY
[ $? = 0 ] || exit 1
grep -q '警告: 没有设置 publicity_start' "$TMP/pd.log" || fail "no warning for publicity_start"
exit 0
