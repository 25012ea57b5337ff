# install.sh — `make install` into a temporary DESTDIR puts the tested binary, its templates,
# fonts (fonts.map, the Fandol faces and their licence), the 2022 sample year, the man page and
# the bash completion in place; the installed kaoji, run from / on the installed sample year,
# writes the same bytes as the build tree's, also when the installed tree is moved; it reads
# nothing of the source tree; `make uninstall` removes every file again.
set -u
fail() { echo "FAIL: $*"; exit 1; }
B=${KAOJI#"$ROOT"/}; B=${B%/kaoji}
[ "$ROOT/$B/kaoji" = "$KAOJI" ] || fail "KAOJI is not a build of this tree: $KAOJI"
# The PREFIX the binary was built for (its last place to look), so that install rebuilds nothing.
pkgdir=$("$KAOJI" --version | sed -n 's|^  \(.*\)/templates — 编译时的安装位置（PREFIX）.*|\1|p')
prefix=${pkgdir%/share/kaoji}
[ -n "$prefix" ] && [ "$prefix" != "$pkgdir" ] || fail "no PREFIX in kaoji --version"
D=$TMP/dest
built=$(stat -c %Y "$KAOJI")
make -C "$ROOT" --no-print-directory install B="$B" PREFIX="$prefix" DESTDIR="$D" >"$TMP/log" 2>&1 || { tail "$TMP/log"; fail "make install"; }
[ "$(stat -c %Y "$KAOJI")" = "$built" ] || fail "make install rebuilt $KAOJI"
bin=$D$prefix/bin/kaoji share=$D$prefix/share
cmp -s "$KAOJI" "$bin" || fail "the installed binary is not the tested one"
for f in kaoji/templates/notice.tpl kaoji/templates/scorecard.tpl kaoji/templates/bulletin.tpl kaoji/templates/call.tpl \
	kaoji/templates/publicity.tpl kaoji/templates/README.md kaoji/fonts/fonts.map kaoji/fonts/README.md \
	kaoji/fonts/FandolFang-Regular.otf kaoji/fonts/FandolKai-Regular.otf kaoji/fonts/Fandol-README \
	kaoji/fonts/Fandol-COPYING.gz kaoji/samples/2022/units.csv kaoji/samples/2022/method.ini \
	man/man1/kaoji.1 bash-completion/completions/kaoji doc/kaoji/README.md; do
	[ -s "$share/$f" ] || fail "not installed: $prefix/share/$f"
done
[ -x "$bin" ] || fail "the binary is not executable"
(cd "$share/kaoji/fonts" && sha256sum -c --quiet "$ROOT/fonts/fandol.sha256") || fail "installed Fandol faces differ"

# From /, with no environment, on the installed sample year: the build tree's bytes.
"$KAOJI" year samples/2022 -o "$TMP/ref" 2>/dev/null || fail "year with the build tree's kaoji"
run() { (cd / && env -u KAOJI_TEMPLATES -u KAOJI_FONTS "$@"); }
run "$bin" year "$share/kaoji/samples/2022" -o "$TMP/inst" 2>"$TMP/err" || { cat "$TMP/err"; fail "installed year exit"; }
diff -r "$TMP/ref" "$TMP/inst" >/dev/null || fail "the installed kaoji writes other bytes"
v=$(run "$bin" --version)
printf '%s\n' "$v" | grep -q "^  $share/kaoji/templates — kaoji 的安装位置$" || fail "installed templates not listed: $v"
printf '%s\n' "$v" | grep -q "^  $share/kaoji/fonts — kaoji 的安装位置$" || fail "installed fonts not listed"
! printf '%s\n' "$v" | grep -qF "$ROOT" || fail "the installed kaoji looks into the source tree"
run "$bin" fonts | grep -q "FandolFang → $share/kaoji/fonts/FandolFang-Regular.otf" || fail "installed Fandol not used"
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$share/man/man1/kaoji.1" 2>&1 | grep -qF "$pkgdir/samples/2022/" || fail "the man page names the installed sample year"

# The installed tree moved elsewhere still finds its own files.
mv "$D$prefix" "$TMP/moved"
run "$TMP/moved/bin/kaoji" year "$TMP/moved/share/kaoji/samples/2022" -o "$TMP/moved-out" 2>/dev/null || fail "moved tree exit"
diff -r "$TMP/ref" "$TMP/moved-out" >/dev/null || fail "the moved tree writes other bytes"
mkdir -p "$(dirname "$D$prefix")" && mv "$TMP/moved" "$D$prefix"

# uninstall leaves no file behind; a hall's own font in the fonts folder stays.
touch "$share/kaoji/fonts/simfang.ttf"
make -C "$ROOT" --no-print-directory uninstall B="$B" PREFIX="$prefix" DESTDIR="$D" >"$TMP/log" 2>&1 || fail "make uninstall"
[ "$(find "$D" -type f)" = "$share/kaoji/fonts/simfang.ttf" ] || fail "uninstall left: $(find "$D" -type f | head)"
exit 0
