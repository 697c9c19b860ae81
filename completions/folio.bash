# bash completion for folio(1): commands, options, option values (layout
# names from `folio layouts`, formats, engines) and file operands.
# Self-contained (no bash-completion helpers needed); installed as
# share/bash-completion/completions/folio.  Tested by tests/e2e/completion.sh.

_folio_layouts()
{
	local prog=$1 dir=$2
	if [[ -n $dir ]]; then
		"$prog" layouts --data-dir "$dir" 2>/dev/null | awk '{print $1}'
	else
		"$prog" layouts 2>/dev/null | awk '{print $1}'
	fi
}

# the locales folio ships (locales/*.yaml; --locale also takes a path)
_folio_locales=$'cs\nda\nde\nel\nen\nen-GB\nes\nfi\nfr\nhu\nit\nja\nko\nnb\nnl\npl\npt\npt-BR\nru\nsv\ntr\nuk\nzh-Hans\nzh-Hant'

# files matching the extensions (none: any file) and directories, one a line
_folio_files()
{
	local cur=$1 ext
	shift
	compgen -d -- "$cur"
	if (($# == 0)); then
		compgen -f -- "$cur"
		return
	fi
	for ext; do
		compgen -f -X "!*.$ext" -- "$cur"
	done
}

_folio()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= opt= cmd= datadir= i
	local IFS=$'\n'
	COMPREPLY=()
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# "--opt=value": bash splits it at "=" (COMP_WORDBREAKS)
	if [[ $cur == = ]]; then
		opt=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} cur=${cur#*=}
	fi

	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W $'build\ncheck\nlayouts\nnew\nschema\nwatch\nhelp\n-h\n--help\n-V\n--version' -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	for ((i = 2; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == --data-dir && $((i + 1)) -lt $COMP_CWORD ]] &&
			datadir=${COMP_WORDS[i + 1]}
	done

	if [[ -n $opt ]]; then
		case $opt in
		--compile) COMPREPLY=($(compgen -W $'pdflatex\nxelatex\nlualatex' -- "$cur")) ;;
		--layout) COMPREPLY=($(compgen -W "$(_folio_layouts "${COMP_WORDS[0]}" "$datadir")" -- "$cur")) ;;
		--format) COMPREPLY=($(compgen -W $'pdf\ntex\ntree' -- "$cur")) ;;
		--locale) COMPREPLY=($(compgen -W "$_folio_locales" -- "$cur")) ;;
		--output) COMPREPLY=($(_folio_files "$cur")) ;;
		--data-dir) COMPREPLY=($(compgen -d -- "$cur")) ;;
		esac
		return 0
	fi
	case $prev in
	-l | --layout)
		COMPREPLY=($(compgen -W "$(_folio_layouts "${COMP_WORDS[0]}" "$datadir")" -- "$cur")
			$(_folio_files "$cur" yaml yml))
		compopt -o filenames 2>/dev/null
		return 0 ;;
	-o | --output)
		COMPREPLY=($(_folio_files "$cur"))
		compopt -o filenames 2>/dev/null
		return 0 ;;
	-f | --format)
		COMPREPLY=($(compgen -W $'pdf\ntex\ntree' -- "$cur"))
		return 0 ;;
	--locale)
		COMPREPLY=($(compgen -W "$_folio_locales" -- "$cur"))
		return 0 ;;
	--data-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
		return 0 ;;
	--name | --set | --only | --except | --variant)
		return 0 ;;
	esac

	local opts tailor=$'\n--set\n--only\n--except\n--variant\n--all-variants'
	case $cmd in
	build) opts=$'-l\n--layout\n--locale\n-o\n--output\n-f\n--format\n--compile\n--compile=\n--data-dir\n--watch\n-q\n--quiet\n-h\n--help'$tailor ;;
	watch) opts=$'-l\n--layout\n--locale\n-o\n--output\n-f\n--format\n--compile\n--compile=\n--data-dir\n-q\n--quiet\n-h\n--help'${tailor%$'\n--all-variants'} ;;
	check) opts=$'-l\n--layout\n--locale\n--data-dir\n-q\n--quiet\n-h\n--help'$tailor ;;
	layouts) opts=$'--data-dir\n-h\n--help' ;;
	new) opts=$'--name\n-l\n--layout\n--locale\n--data-dir\n-q\n--quiet\n-h\n--help' ;;
	schema) ((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W $'profile\nlayout\n-h\n--help' -- "$cur"))
		return 0 ;;
	help) ((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W $'build\ncheck\nlayouts\nnew\nschema\nwatch' -- "$cur"))
		return 0 ;;
	*) return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		[[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
		return 0
	fi
	case $cmd in
	build | check | watch) COMPREPLY=($(_folio_files "$cur" yaml yml json)) ;;
	new) COMPREPLY=($(compgen -d -- "$cur")) ;; # FILE is new: only where to put it
	esac
	compopt -o filenames 2>/dev/null
	return 0
}
complete -F _folio folio
