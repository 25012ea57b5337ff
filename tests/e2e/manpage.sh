# manpage.sh — kaoji(1): man renders it without a warning (at 60, 80 and 120 columns), and it
# matches --help: the same subcommands, each described by its --help line; the same exit
# statuses with the same meanings; every option of every command's --help and no other.
set -u
fail() { echo "FAIL: $*"; exit 1; }
page=$(dirname "$KAOJI")/kaoji.1
[ -s "$page" ] || fail "no $page (make builds it)"
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
grep -q "^\.TH KAOJI 1 .*\"kaoji $version\"" "$page" || fail "the page does not carry VERSION $version"

render() { LC_ALL=C.UTF-8 MANWIDTH=$1 man --warnings -E UTF-8 -l "$page"; }
for w in 60 80 120; do
	render "$w" >"$TMP/man-$w" 2>"$TMP/warn" || fail "man exit $? at $w columns"
	[ ! -s "$TMP/warn" ] || { cat "$TMP/warn"; fail "man warns at $w columns"; }
done
man=$TMP/man-80
section() { sed -n "/^$1\$/,/^[^ ]/p" "$man" | sed '1d;$d'; }
squash() { tr -d ' \n'; }

help=$("$KAOJI" --help)
# Subcommands: the man page's 命令 entries are exactly --help's, each with its --help line.
want=$(printf '%s\n' "$help" | sed -n '/^命令:/,/^$/p' | sed -n 's/^  \([a-z]*\) .*/\1/p' | sort)
have=$(section 命令 | sed -n 's/^       kaoji \([a-z]*\).*/\1/p' | sort)
[ "$want" = "$have" ] || fail "subcommands differ: --help [$(echo $want)] man [$(echo $have)]"
cmds=$(section 命令 | squash)
while read -r name text; do
	case "$cmds" in *"$(printf '%s' "$text" | squash)"*) ;; *) fail "man does not describe $name as “$text”";; esac
done < <(printf '%s\n' "$help" | sed -n '/^命令:/,/^$/p' | sed -n 's/^  \([a-z]*\)  *\(.*\)/\1 \2/p')

# Exit statuses: the same numbers, each man entry starting with --help's meaning.
want=$(printf '%s\n' "$help" | sed -n '/^退出状态/,$p' | sed -n 's/^  \([0-9]*\) .*/\1/p')
have=$(section 退出状态 | sed -n 's/^       \([0-9][0-9]*\)  .*/\1/p')
[ "$want" = "$have" ] || fail "exit statuses differ: --help [$(echo $want)] man [$(echo $have)]"
while read -r n text; do
	entry=$(section 退出状态 | awk -v n="$n" '$1 == n { on = 1; sub(/^ *[0-9]+ */, ""); print; next }
		on && /^       [0-9]/ { exit } on { print }' | squash)
	case "$entry" in "$(printf '%s' "$text" | squash)"*) ;; *) fail "exit $n: man “$entry”, --help “$text”";; esac
done < <(printf '%s\n' "$help" | sed -n '/^退出状态/,$p' | sed -n 's/^  \([0-9]*\)  *\(.*\)/\1 \2/p')

# Options: every option any --help shows has an entry in 选项, and the entries show no other.
opts() { grep -o -- '\(^\|[ [(|]\)-\(-[a-z][a-z-]*\|[a-zA-Z]\)\b' | sed 's/^[^-]//' | sort -u; }
want=$( { printf '%s\n' "$help"; for c in $(printf '%s\n' "$help" | sed -n '/^命令:/,/^$/p' | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
	"$KAOJI" "$c" --help; done; } | opts)
have=$(section 选项 | grep '^       -' | opts)
[ "$want" = "$have" ] || fail "options differ: --help [$(echo $want)] man [$(echo $have)]"
exit 0
