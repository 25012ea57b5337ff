# bash completion for kaoji(1)                                  -*- shell-script -*-
# Installed as share/bash-completion/completions/kaoji.  Every word comes from kaoji itself,
# so nothing here goes stale: the subcommands from `kaoji --help`, each command's options
# from `kaoji COMMAND --help`, the --set keys and their values from kaoji's settings table
# (`kaoji __complete settings`), the --month months from the data folder's year
# (`kaoji __complete months DATA_DIR`).  Folders and files for the rest.

# The candidates in $2 (one a line) that begin with $1.
_kaoji_match()
{
	local w
	while IFS= read -r w; do
		[[ -n $w && $w == "$1"* ]] && COMPREPLY+=("$w")
	done <<<"$2"
}

_kaoji()
{
	local kaoji=${COMP_WORDS[0]/#\~/$HOME}
	# The words up to the cursor, split at spaces only: bash splits "--set tie_rank=d" at
	# "=" too (COMP_WORDBREAKS), which would lose which key a value belongs to.
	local line=${COMP_LINE:0:COMP_POINT} w
	read -ra w <<<"$line"
	[[ $line == *[[:space:]] || ${#w[@]} -eq 0 ]] && w+=("")
	local n=${#w[@]} cur=${w[-1]} prev=
	((n > 2)) && prev=${w[-2]}
	COMPREPLY=()

	if ((n == 2)); then
		_kaoji_match "$cur" "$("$kaoji" --help 2>/dev/null | sed -n '/^命令/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
--help
--version
-V"
		return
	fi
	local cmd=${w[1]} data= i
	# The data folder: the first word after the command that is not an option or its value
	# (notice's first word is its template).
	local pos=0
	for ((i = 2; i < n - 1; i++)); do
		case ${w[i]} in
		-o | --month | --set | --templates | --fonts) i=$((i + 1)) ;;
		-*) ;;
		*) pos=$((pos + 1)); if [[ $cmd != notice || $pos == 2 ]]; then data=${w[i]//[\"\']/}; break; fi ;;
		esac
	done

	local value=$cur opt=$prev
	if [[ $cur == --*=* ]]; then opt=${cur%%=*}; value=${cur#*=}; fi
	case $opt in
	--set)
		local sets key choices c
		sets=$("$kaoji" __complete settings 2>/dev/null)
		if [[ $value == *=* ]]; then
			key=${value%%=*}
			choices=$(printf '%s\n' "$sets" | awk -F '\t' -v k="$key" '$1 == k { print $2 }')
			for c in ${choices//|/ }; do
				[[ $key=$c == "$value"* ]] && COMPREPLY+=("${cur%"$value"}$key=$c")
			done
		else
			while IFS=$'\t' read -r key choices; do
				[[ $key == "$value"* ]] && COMPREPLY+=("${cur%"$value"}$key=")
			done <<<"$sets"
			compopt -o nospace 2>/dev/null
		fi
		;;
	--month)
		[[ -n $data ]] && _kaoji_match "$value" "$("$kaoji" __complete months "$data" 2>/dev/null)"
		COMPREPLY=("${COMPREPLY[@]/#/${cur%"$value"}}")
		;;
	-o | --templates | --fonts)
		if [[ $opt == -o && $cmd == notice ]]; then
			mapfile -t COMPREPLY < <(compgen -f -- "$value")
		else
			mapfile -t COMPREPLY < <(compgen -d -- "$value")
		fi
		COMPREPLY=("${COMPREPLY[@]/#/${cur%"$value"}}")
		compopt -o filenames 2>/dev/null
		;;
	*)
		if [[ $cur == -* ]]; then
			# The options of the usage lines (the first, and those indented under it).
			_kaoji_match "$cur" "$("$kaoji" "$cmd" --help 2>/dev/null | awk 'NR > 1 && !/^ /{exit} 1' |
				grep -o -- '\(^\|[ [(|]\)-\(-[a-z][a-z-]*\|o\)\b' | sed 's/^[^-]//' | sort -u)
--help"
		elif [[ $cmd == diff ]]; then
			# OLD and NEW: data folders or results.csv files.
			mapfile -t COMPREPLY < <(compgen -f -X '!*.csv' -- "$cur"; compgen -d -- "$cur")
			compopt -o filenames 2>/dev/null
		elif [[ $cmd == notice && $pos == 0 ]]; then
			mapfile -t COMPREPLY < <(compgen -f -X '!*.tpl' -- "$cur"; compgen -d -- "$cur")
			compopt -o filenames 2>/dev/null
		else
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
			compopt -o filenames 2>/dev/null
		fi
		;;
	esac

	# bash replaces only the part of the word after its last "=" or ":": drop what precedes.
	local head=${cur%"${cur##*[=:]}"}
	[[ -n $head ]] && COMPREPLY=("${COMPREPLY[@]#"$head"}")
	return 0
}
complete -F _kaoji kaoji
