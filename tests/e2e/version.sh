# version.sh — `kaoji --version` and `-V`: the Makefile's VERSION (its one place), the versions of
# HarfBuzz, fontconfig and libdeflate actually linked, the template and font folders in use; every
# PDF's /Producer carries the same version.
set -u
fail() { echo "FAIL: $*"; exit 1; }
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
[ -n "$version" ] || fail "no VERSION in the Makefile"
[ "$(grep -rl "\"$version\"" gen | wc -l)" = 0 ] || fail "the version is written in gen/ too: $(grep -rl "\"$version\"" gen)"

out=$("$KAOJI" --version) || fail "--version exit $?"
[ "$("$KAOJI" -V)" = "$out" ] || fail "-V differs from --version"
[ "$(printf '%s\n' "$out" | head -1)" = "kaoji $version" ] || fail "first line: $(printf '%s\n' "$out" | head -1)"
hb=$(pkg-config --modversion harfbuzz) fc=$(pkg-config --modversion fontconfig)
z=$(pkg-config --modversion libdeflate)
printf '%s\n' "$out" | sed -n 2p | grep -qxF "HarfBuzz $hb，fontconfig $fc，libdeflate $z" \
	|| fail "library versions: $(printf '%s\n' "$out" | sed -n 2p) (expected HarfBuzz $hb, fontconfig $fc, libdeflate $z)"
printf '%s\n' "$out" | grep -q "^  $ROOT/templates — kaoji 的源码树$" || fail "template folder not listed"
printf '%s\n' "$out" | grep -q "^  $ROOT/fonts — kaoji 的源码树$" || fail "font folder not listed"
printf '%s\n' "$out" | grep -q "^  $ROOT/build/fonts — kaoji 的源码树：make 取出的 Fandol 字体$" || fail "Fandol folder not listed"
KAOJI_TEMPLATES="$TMP" "$KAOJI" --version | grep -q "^  $TMP — KAOJI_TEMPLATES$" || fail "KAOJI_TEMPLATES not listed"

"$KAOJI" annual samples/2022 -o "$TMP/a" 2>/dev/null || fail "annual"
for f in "$TMP/a/notice.pdf" "$TMP/a/scorecards.pdf"; do
	p=$(pdfinfo "$f" | sed -n 's/^Producer: *//p')
	[ "$p" = "kaoji $version" ] || fail "$f Producer: $p"
done
exit 0
