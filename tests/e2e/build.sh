# build.sh — the Makefile's set-up and flags (issue 11): `make run` needs only what building and
# running need, `make test` adds the test-only packages; the builder's CPPFLAGS, CFLAGS and
# LDFLAGS (dpkg-buildflags) reach every compile and link without dropping the project's flags.
set -u
fail() { echo "FAIL: $*"; exit 1; }
dry() { make -C "$ROOT" --no-print-directory -n "$@" 2>&1; }

test_only="libcmocka-dev poppler-utils qpdf mupdf-tools ghostscript python3-fonttools bc man-db"
run=$(dry run) test=$(dry test)
for p in libdeflate-dev libharfbuzz-dev fonts-noto-cjk; do
	printf '%s\n' "$run" | grep -qw -- "$p" || fail "make run does not install $p"
done
for p in $test_only; do
	! printf '%s\n' "$run" | grep -qw -- "$p" || fail "make run installs the test-only $p"
	printf '%s\n' "$test" | grep -qw -- "$p" || fail "make test does not install $p"
done
! printf '%s\n' "$run" | grep -q 'npm' || fail "make run installs pdf.js"
printf '%s\n' "$test" | grep -q 'npm ci\|pdfjs' || fail "make test does not set up pdf.js"
printf '%s\n' "$(dry test-deps)" | grep -qw libcmocka-dev || fail "make test-deps"
! printf '%s\n' "$(dry deps)" | grep -qw libcmocka-dev || fail "make deps installs test packages"

# dpkg-buildflags' way: in the environment; and on the command line.
check_flags() {  # how, output of make -n -B
	local cc ld
	cc=$(printf '%s\n' "$2" | grep -- ' -c -o .*/gen/base/util.o gen/base/util.c')
	ld=$(printf '%s\n' "$2" | grep -- " -o $TMP/b/kaoji ")
	[ -n "$cc" ] && [ -n "$ld" ] || fail "$1: no compile or link line"
	for f in -D_FORTIFY_SOURCE=2 -fstack-protector-strong -Werror -Wall -Wextra -std=c11 -Igen "-I$TMP/b/gen" -pthread; do
		printf '%s\n' "$cc" | grep -q -- " $f\( \|$\)" || fail "$1: compile lacks $f: $cc"
	done
	for f in -Wl,-z,relro -pthread -lcsv; do
		printf '%s\n' "$ld" | grep -q -- " $f\( \|$\)" || fail "$1: link lacks $f: $ld"
	done
}
flags="CPPFLAGS=-D_FORTIFY_SOURCE=2 CFLAGS=-fstack-protector-strong LDFLAGS=-Wl,-z,relro"
check_flags environment "$(env $flags make -C "$ROOT" --no-print-directory -n -B B="$TMP/b" "$TMP/b/kaoji" 2>&1)"
# shellcheck disable=SC2086
check_flags "command line" "$(dry -B B="$TMP/b" $flags "$TMP/b/kaoji")"
exit 0
