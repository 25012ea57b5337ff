# check_folders.sh — `kaoji check` on every folder under tests/data: the exit status and the exact
# set of FILE:LINE:COL places of its errors must equal the folder's `expect` file.
set -u
fail=0
for dir in tests/data/*/; do
	dir=${dir%/}
	[ -f "$dir/expect" ] || continue
	want_rc=$(head -n1 "$dir/expect")
	out=$("$KAOJI" check "$dir" 2>&1 >/dev/null); rc=$?
	got=$(printf '%s\n' "$out" | grep ': 错误: ' | sed -n "s|^$dir/\([^:]*:[0-9]*:[0-9]*\): 错误: .*|\1|p" | sort)
	want=$(tail -n +2 "$dir/expect" | sed '/^$/d' | sort)
	if [ "$rc" != "$want_rc" ] || [ "$got" != "$want" ]; then
		echo "FAIL $dir: exit $rc (want $want_rc)"
		diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
		printf '%s\n' "$out" | sed 's/^/    | /' | head -8
		fail=1
	fi
	# An error must name a place for each message (no "file: 错误" without line and column),
	# except the summary line.
	if [ "$want_rc" != 0 ] && printf '%s\n' "$out" | grep ': 错误: ' | grep -qv "^$dir/[^:]*:[0-9]*:[0-9]*: "; then
		echo "FAIL $dir: an error without FILE:LINE:COL"; printf '%s\n' "$out" | grep ': 错误: ' | head -3; fail=1
	fi
done
exit $fail
