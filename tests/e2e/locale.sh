#!/usr/bin/env bash
# Locales end to end, on real tools: CVs in German, French, Polish, Russian
# and Greek show their month names, their word for "present" and their
# quotes in the PDF's text (pdftotext) and carry /Lang; a German word with
# umlauts is hyphenated by the German dictionary; the profile's locale
# words ("heute") read as an open end; --locale wins over `locale:`; the
# .tex names the language to babel (and German compiles with xelatex); the
# Chinese, Japanese and Korean presets are checked in the tree and the .tex
# (the bundled fonts have no CJK glyphs); a missing dictionary warns once;
# no locale files at all is a system error; `folio new --locale` writes a
# starter in the language that builds; English without a locale is the
# same document as with `--locale en` (but /Lang and the tree's lang).
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
cd "$tmp" || exit 1
unset FOLIO_DATA_DIR FOLIO_DATA_DIR_ONLY FOLIO_HYPHEN_PATH

# profile LOCALE TITLE PRESENT-WORD: one experience entry with a month range
# open at the end, a day date, and a summary with "double" and 'single' quotes
profile() {
  cat > "$1.yaml" <<EOF
name: Test Person
locale: $1
sections:
  - title: $2
    kind: experience
    entries:
      - organization: Org
        position: Role
        start: 2021-03
        end: $3
        summary: Said "outer 'inner' text" here.
      - organization: Other
        position: Earlier
        start: 2018-10-05
        end: 2021-02
EOF
}

# lang pdf: the /Lang of the catalog, from qpdf's uncompressed copy
lang_of() {
  qpdf --qdf --object-streams=disable "$1" "$tmp/q.pdf" 2> /dev/null
  grep -ao '/Lang ([A-Za-z-]*)' "$tmp/q.pdf" | head -n 1 | sed 's/^\/Lang (\(.*\))$/\1/'
}

# check LOCALE TITLE PRESENT-WORD WANT... : every WANT is in the PDF's text
# (the start, given to the day, prints as its month: no layout asks for days)
check() {
  local l=$1 title=$2 word=$3; shift 3
  profile "$l" "$title" "$word"
  if ! "$FOLIO" build "$l.yaml" -o "$l.pdf" 2> "$tmp/err"; then
    bad "$l: build failed: $(cat "$tmp/err")"; return
  fi
  sed -i "/^folio: note: wrote '/d" "$tmp/err"
  [ -s "$tmp/err" ] && bad "$l: messages: $(cat "$tmp/err")" || ok
  qpdf --check "$l.pdf" > /dev/null 2>&1 && ok || bad "$l: qpdf --check"
  pdftotext -enc UTF-8 "$l.pdf" "$l.txt" 2> "$tmp/perr" && [ ! -s "$tmp/perr" ] && ok \
    || bad "$l: pdftotext: $(cat "$tmp/perr")"
  local want
  for want in "$@"; do
    grep -qF -- "$want" "$l.txt" && ok || bad "$l: '$want' not in the text: $(tr '\n' ' ' < "$l.txt")"
  done
  [ "$(lang_of "$l.pdf")" = "${l%%_*}" ] && ok || bad "$l: /Lang is '$(lang_of "$l.pdf")'"
}

check de Berufserfahrung heute "März 2021 – heute" "Okt. 2018 – Feb. 2021" \
  "„outer ‚inner‘ text“"
check fr Expérience "aujourd'hui" "mars 2021 – aujourd’hui" "oct. 2018 – févr. 2021" \
  "« outer “inner” text »"
check pl Doświadczenie obecnie "mar 2021 – obecnie" "paź 2018 – lut 2021" "„outer «inner» text”"
check ru "Опыт работы" "настоящее время" "март 2021 – настоящее время" \
  "октябрь 2018 – февраль 2021" "«outer „inner“ text»"
check el Εμπειρία σήμερα "Μάρτιος 2021 – σήμερα" "Οκτώβριος 2018 – Φεβρουάριος 2021" \
  "«outer “inner” text»"
check es Experiencia actualidad "mar. 2021 – actualidad" "«outer “inner” text»"
check it Esperienza oggi "mar 2021 – oggi" "«outer “inner” text»"

# a section titled in the locale's words needs no kind:
printf 'name: A\nlocale: de\nsections:\n  - title: Ausbildung\n    entries:\n      - institution: TU\n        start: 2019\n' > kind.yaml
"$FOLIO" build -f tree -o - kind.yaml 2> "$tmp/err" | grep -q 'section kind=education' && ok \
  || bad "title 'Ausbildung' is not an education section: $(cat "$tmp/err")"
# ... and the German words for an open end are German only
printf 'name: A\nsections:\n  - title: Work\n    entries:\n      - organization: B\n        start: 2020\n        end: heute\n' > en-heute.yaml
"$FOLIO" build -f tree -o - en-heute.yaml 2> /dev/null | grep -qF '"2020 – heute"' && ok || bad "heute without a locale"
"$FOLIO" build --locale de -f tree -o - en-heute.yaml 2> /dev/null | grep -qF '"2020 – heute"' && ok || bad "heute with --locale de"
printf 'name: A\nlocale: de\nsections:\n  - title: Work\n    kind: experience\n    entries:\n      - organization: B\n        start: heute\n' > start-heute.yaml
"$FOLIO" check start-heute.yaml 2> "$tmp/err"; [ $? -eq 1 ] && grep -qF 'start-heute.yaml:8:16: error: a start date cannot be "present"' "$tmp/err" && ok \
  || bad "start: heute: $(cat "$tmp/err")"

# --locale wins over locale:, and takes POSIX and region names
"$FOLIO" build --locale fr_FR.UTF-8 -f tree -o - de.yaml 2> /dev/null | grep -qF '"mars 2021 – heute"' && ok \
  || bad "--locale fr_FR.UTF-8 over locale: de"
"$FOLIO" build --locale de-CH -f tree -o - fr.yaml 2> /dev/null | grep -qF 'März 2021' && ok || bad "--locale de-CH"
"$FOLIO" build --locale nope -f tree -o - de.yaml > /dev/null 2> "$tmp/err"; st=$?
[ $st -eq 2 ] && grep -qF 'folio: error: unknown locale "nope"' "$tmp/err" && ok || bad "--locale nope: exit $st: $(cat "$tmp/err")"
"$FOLIO" layouts --locale de > /dev/null 2>&1; [ $? -eq 2 ] && ok || bad "layouts --locale is not a usage error"
# a profile's overrides of its locale, key by key
printf 'name: A\nlocale: {extends: de, dates: {present: "bis jetzt"}, quotes: ["»", "«", "›", "‹"]}\nsections:\n  - title: Work\n    kind: experience\n    entries:\n      - organization: B\n        summary: a "b" c\n        start: 2020-03\n        end: heute\n' > over.yaml
"$FOLIO" build -f tree -o - over.yaml > over.tree 2> "$tmp/err"
grep -qF '"März 2020 – bis jetzt"' over.tree && grep -qF 'a »b« c' over.tree && ok || bad "locale overrides: $(cat over.tree "$tmp/err")"
# a day prints only when a day format is asked for: here through the locale's overrides
sed 's/^locale: de$/locale: {extends: de, dates: {day: "%-d. %B %Y"}}/' de.yaml > days.yaml
"$FOLIO" build -f tree -o - days.yaml 2> /dev/null | grep -qF '"5. Oktober 2018 – Feb. 2021"' && ok \
  || bad "locale dates.day does not print the day: $("$FOLIO" build -f tree -o - days.yaml 2>&1 | grep -i okt)"
# the layout's dates keys win over the locale's
"$FOLIO" build --set 'layout.dates.month=%m/%Y' -f tree -o - de.yaml 2> /dev/null | grep -qF '"03/2021 – heute"' && ok \
  || bad "layout.dates.month does not win over the locale"

# hyphenation: German patterns break a word with umlauts (classic, justified body)
cat > hy.yaml <<'EOF'
name: Test Person
locale: de
sections:
  - title: Profil
    kind: text
    entries:
      - Verantwortlich für die Qualitätssicherungsmaßnahmen und die Zusammenarbeit mit Prüfungsbehörden, Zertifizierungsstellen und Geschäftsführungsmitgliedern in Österreich.
      - Zusammenarbeit mit Geschäftsführungsmitgliedern, Prüfungsbehörden und Zertifizierungsstellen über Qualitätssicherungsmaßnahmen.
EOF
"$FOLIO" build hy.yaml -o hy.pdf 2> /dev/null && pdftotext -layout -enc UTF-8 hy.pdf hy.txt # -layout: no dehyphenation
if grep -qE '[a-zäöüß]-$' hy.txt; then ok; else bad "no hyphenated line in German: $(cat hy.txt)"; fi
# every hyphen at a line end is one the German dictionary allows (unit tests pin the points)
! grep -E -- '-$' hy.txt | grep -vqE '(Prüfungsbe|Zertifizie|Zertifizierungs|Qualitäts|Qualitätssiche|Geschäftsfüh|Geschäftsführungs|Geschäftsführungsmit|Zusammen|Zusammenar|Prü|Prüfungs|Prüfungsbehör|Öster)-$' && ok \
  || bad "unexpected hyphenation: $(grep -E -- '-$' hy.txt)"
# without a German dictionary on the path: one warning, the PDF still builds
mkdir -p data/locales
cp "$SRC"/locales/en.yaml data/locales/
printf 'language: de\nlatex: german\nhyphenation:\n  dictionaries: [hyph_zz_ZZ.dic]\n' > data/locales/zz.yaml
"$FOLIO" build --locale zz hy.yaml -o zz.pdf --data-dir data 2> "$tmp/err"; st=$?
sed -i "/^folio: note: wrote '/d" "$tmp/err"
[ $st -eq 0 ] && [ "$(grep -c 'warning: no hyphenation dictionary for language "de" (hyph_zz_ZZ.dic' "$tmp/err")" = 1 ] \
  && [ "$(wc -l < "$tmp/err")" = 1 ] && ok || bad "missing dictionary: exit $st: $(cat "$tmp/err")"
# a dictionary found through FOLIO_HYPHEN_PATH (a run-time search path)
mkdir -p hyph && cp /usr/share/hyphen/hyph_de_DE.dic hyph/hyph_zz_ZZ.dic
FOLIO_HYPHEN_PATH="$tmp/nothing:$tmp/hyph" "$FOLIO" build --locale zz hy.yaml -o zz.pdf --data-dir data 2> "$tmp/err"
grep -q 'hyphenation dictionary' "$tmp/err" && bad "FOLIO_HYPHEN_PATH not searched: $(cat "$tmp/err")" || ok
# no locale files anywhere: a system error naming where it looked
mkdir -p empty
FOLIO_DATA_DIR_ONLY=1 FOLIO_DATA_DIR="$tmp/empty" "$FOLIO" check de.yaml > /dev/null 2> "$tmp/err"; st=$?
[ $st -eq 3 ] && grep -qF "de.yaml:2:9: error: unknown locale \"de\": no locale files found (searched: $tmp/empty/locales)" "$tmp/err" \
  && ok || bad "no locale files: exit $st: $(cat "$tmp/err")"

# LaTeX: babel gets the language; German compiles with xelatex
"$FOLIO" build -f tex de.yaml -o de.tex 2> /dev/null
grep -qF '\babelprovide[import=de, main]{german}' de.tex && ok || bad "no babel language in de.tex"
grep -qF 'März 2021 – heute' de.tex && ok || bad "de.tex dates"
"$FOLIO" build -f tex -o plain.tex en-heute.yaml 2> /dev/null
grep -q babel plain.tex && bad "babel without a locale" || ok
if command -v xelatex > /dev/null; then
  if "$FOLIO" build -f tex de.yaml -o dex.tex --compile=xelatex 2> "$tmp/err"; then
    pdftotext -enc UTF-8 dex.pdf - | grep -qF 'März 2021 – heute' && ok || bad "xelatex PDF text"
  else bad "xelatex: $(tail -5 "$tmp/err")"; fi
fi

# Chinese, Japanese, Korean: the presets' words in the tree and the .tex
for spec in "zh-Hans|2021年3月 – 至今|“outer ‘inner’ text”" "zh-Hant|2021年3月 – 至今|「outer 『inner』 text」" \
            "ja|2021年3月 – 現在|「outer 『inner』 text」" "ko|2021년 3월 – 현재|“outer ‘inner’ text”"; do
  IFS='|' read -r l d q <<< "$spec"
  profile "$l" Work present
  "$FOLIO" build -f tree -o - "$l.yaml" > "$l.tree" 2> /dev/null
  grep -qF "\"$d\"" "$l.tree" && grep -qF "$q" "$l.tree" && grep -q "^document .* lang=\"$l\"" "$l.tree" \
    && ok || bad "$l tree: $(cat "$l.tree")"
  "$FOLIO" build -f tex -o "$l.tex" "$l.yaml" 2> /dev/null
  grep -qF "$d" "$l.tex" && grep -qF "\\babelprovide[import=$l, main]" "$l.tex" && ok || bad "$l tex"
done

# folio new --locale: section titles in the language, locale: set, and it builds clean
for l in de fr ru el zh-Hans; do
  "$FOLIO" new "new-$l.yaml" --locale "$l" > /dev/null 2>&1 || { bad "new --locale $l"; continue; }
  grep -qx "locale: $l .*" "new-$l.yaml" && ok || bad "new --locale $l: no locale line"
  exp=$(sed -n 's/^  experience: "\(.*\)"$/\1/p' "$SRC/locales/$l.yaml")
  grep -qF "  - title: $exp" "new-$l.yaml" && ok || bad "new --locale $l: no title '$exp'"
  "$FOLIO" build -f tree -o - "new-$l.yaml" 2> "$tmp/err" | grep -q 'section kind=experience' && ok \
    || bad "new --locale $l builds: $(cat "$tmp/err")"
done
"$FOLIO" new new-de.pdf.yaml --locale de > /dev/null 2>&1 && "$FOLIO" build new-de.pdf.yaml -o new-de.pdf 2> "$tmp/err"
sed -i "/^folio: note: wrote '/d" "$tmp/err"
[ ! -s "$tmp/err" ] && ok || bad "new --locale de PDF build: $(cat "$tmp/err")"

# English: --locale en changes nothing but /Lang
"$FOLIO" build -f tree -o a.tree en-heute.yaml 2> /dev/null
"$FOLIO" build --locale en -f tree -o b.tree en-heute.yaml 2> /dev/null
grep -q '^document .* lang="en"$' b.tree && ok || bad "--locale en: no lang on the document line"
sed -i '1s/ lang="en"$//' b.tree
cmp -s a.tree b.tree && ok || bad "--locale en changes the document"
"$FOLIO" build -o a.pdf en-heute.yaml 2> /dev/null
[ -z "$(lang_of a.pdf)" ] && ok || bad "a PDF without a locale has /Lang"

echo "locale: $pass passed, $fail failed"
[ $fail -eq 0 ]
