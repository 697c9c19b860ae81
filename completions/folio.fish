# fish completion for folio(1): commands, options, layout names from
# `folio layouts`, formats and engines.  Installed as
# share/fish/vendor_completions.d/folio.fish.

function __folio_layouts
    set -l prog (commandline -opc)[1]
    $prog layouts 2>/dev/null | string replace -r '\s.*' ''
end

set -l commands build check layouts new schema watch help
complete -c folio -f
complete -c folio -n "not __fish_seen_subcommand_from $commands" -a build -d 'Render a CV to out/<profile>.<ext>'
complete -c folio -n "not __fish_seen_subcommand_from $commands" -a check -d 'Everything build does but writing'
complete -c folio -n "not __fish_seen_subcommand_from $commands" -a layouts -d 'List the layouts folio can find'
complete -c folio -n "not __fish_seen_subcommand_from $commands" -a new -d 'Write a commented starter profile'
complete -c folio -n "not __fish_seen_subcommand_from $commands" -a schema -d 'Print the JSON Schema of a profile or layout'
complete -c folio -n "not __fish_seen_subcommand_from $commands" -a watch -d 'Build, then again whenever a file it read changes'
complete -c folio -n "not __fish_seen_subcommand_from $commands" -a help -d 'Help on a command'
complete -c folio -n "not __fish_seen_subcommand_from $commands" -s h -l help -d 'Print help'
complete -c folio -n "not __fish_seen_subcommand_from $commands" -s V -l version -d 'Print the version'
complete -c folio -n "__fish_seen_subcommand_from help" -a "build check layouts new schema watch"
complete -c folio -n "__fish_seen_subcommand_from schema; and not __fish_seen_subcommand_from profile layout" -a "profile layout"

complete -c folio -n "__fish_seen_subcommand_from build check new watch" -s l -l layout -x -a "(__folio_layouts)" -d 'Layout name or file'
complete -c folio -n "__fish_seen_subcommand_from build check new layouts watch" -l data-dir -x -a "(__fish_complete_directories)" -d 'Look for layouts and fonts here first'
complete -c folio -n "__fish_seen_subcommand_from build check new layouts watch" -s h -l help -d 'Print help'
complete -c folio -n "__fish_seen_subcommand_from build check new watch" -s q -l quiet -d 'Print errors only'
complete -c folio -n "__fish_seen_subcommand_from build watch" -s o -l output -r -F -d 'Output file (- for stdout)'
complete -c folio -n "__fish_seen_subcommand_from build watch" -s f -l format -x -a "pdf tex tree" -d 'Output format'
complete -c folio -n "__fish_seen_subcommand_from build watch" -l compile -a "pdflatex xelatex lualatex" -d 'With -f tex, also run a TeX engine'
complete -c folio -n "__fish_seen_subcommand_from build" -l watch -d 'Build again on every change, as folio watch'
complete -c folio -n "__fish_seen_subcommand_from build check watch" -l set -x -d 'Override a profile key (PATH=VALUE)'
complete -c folio -n "__fish_seen_subcommand_from build check watch" -l only -x -d 'Keep untagged content and content with these tags'
complete -c folio -n "__fish_seen_subcommand_from build check watch" -l except -x -d 'Leave out content with these tags'
complete -c folio -n "__fish_seen_subcommand_from build check watch" -l variant -x -d 'Build the variant NAME of the profile'
complete -c folio -n "__fish_seen_subcommand_from build check" -l all-variants -d 'Build every variant of the profile'
complete -c folio -n "__fish_seen_subcommand_from build check new watch" -l locale -x -a "cs da de el en en-GB es fi fr hu it ja ko nb nl pl pt pt-BR ru sv tr uk zh-Hans zh-Hant" -d 'The language of the CV'
complete -c folio -n "__fish_seen_subcommand_from new" -l name -x -d 'The name to put in the profile'
complete -c folio -n "__fish_seen_subcommand_from build check new watch" -F
