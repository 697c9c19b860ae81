#!/usr/bin/env bash
# Pathological inputs, in the spirit of cmark's test/pathological_tests.py:
# generated profiles that stress one thing each (deep Markdown/HTML nesting
# in a field, huge author lists, giant paragraphs, every count at its limit,
# unbreakable words, hyphenation, huge flow mappings, duplicate keys, 10^5
# anchors, template amplification).  Each runs through `folio build` as pdf,
# tex and tree under `timeout 5` and must exit with the status its case names
# (0 = builds, 1 = refused with an input error; never a crash, a timeout or a
# system error), write the output only on success, and write a well-formed
# one (%PDF-, \end{document}, "document").  Cases in KNOWN are bugs reported
# to their owners: they print XFAIL and do not fail the run.
# Sanitizer builds (CMAKE_BUILD_TYPE Asan/Debug in $BUILD) get 12x the time,
# run refused cases as tree only (the loader stops them before any back end)
# and skip known failures, to stay within ctest's 600 s on a loaded machine.
set -u
: "${FOLIO:?}" "${SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
limit=${PATHOLOGICAL_TIMEOUT:-5} sanitized=0
if [ -n "${BUILD:-}" ] && grep -qE '^CMAKE_BUILD_TYPE:[A-Z]+=(Asan|Debug)$' "$BUILD/CMakeCache.txt" 2> /dev/null; then
  limit=$((limit * 12)) sanitized=1
fi

# name:format -> why it is known to fail (remove the line once fixed).
declare -A KNOWN=(
)

# Each case is NAME.yaml plus NAME.want: the expected exit status and the formats.
python3 - "$tmp/cases" << 'EOF'
import os, sys
out = sys.argv[1]
os.makedirs(out)
HEAD = "name: Ada Lovelace\n"
LIM = 65536 - 64  # just under the one-value limit (65536 bytes): a paragraph
LINE = 1024       # the one-line field limit (docs/profile.md)

def case(name, want, text, formats="pdf tex tree"):
    with open(os.path.join(out, name + ".yaml"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(out, name + ".want"), "w") as f:
        f.write("%d %s" % (want, formats))

def q(s):  # a YAML double-quoted scalar
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

def summary(s):
    return (HEAD + "sections:\n  - title: Experience\n    entries:\n"
            "      - organization: Analytical Engines Ltd\n        summary: " + q(s) + "\n")

def block(s):  # a summary as a literal block scalar
    return (HEAD + "sections:\n  - title: Experience\n    entries:\n"
            "      - organization: X\n        summary: |\n" + "".join("          " + l + "\n" for l in s.split("\n")))

def bullets(nsec, per):
    return HEAD + "sections:\n" + "".join(
        f"  - title: Section {i}\n    kind: bullet\n    entries: [" + ", ".join(f"item {i}.{j}" for j in range(per)) + "]\n"
        for i in range(nsec))

# Markdown and HTML nesting inside one field
case("nested-emphasis", 0, summary(("*a **b " * 10000)[:LIM]))
case("nested-emphasis-closed", 0, summary("*" * 30000 + "x" + "*" * 30000))
case("nested-underscore", 0, summary("_" * 30000 + "x" + "_" * 30000))
case("nested-brackets", 0, summary("[" * 30000 + "a](https://x.org)" + "]" * 20000))
case("nested-link-text", 0, summary(("[a [b](https://x.org) " * 5000)[:LIM]))
case("many-links", 0, summary("[l](https://example.org/p) " * 2300))
case("nested-html", 0, summary(("<b><i><u><sup><sub><em><strong>" * 3000)[:LIM]))
case("unclosed-html", 0, summary(("<a href=\"https://x.org\"><b x=\"" * 3000)[:LIM]))
case("html-script-style", 0, summary(("<script>" + "x" * 50 + "<style>") * 1000))
case("many-breaks", 0, summary("a<br>\\\n" * 9000))
case("backtick-runs", 0, summary(("`" * 100 + "a ") * 600))
case("entities", 0, summary("&amp;&#x1F600;&#0;&#xD800;&nbsp;&copy;&#1114112;" * 1000))
case("latex-specials", 0, summary(("\\{}$&#^_%~<>|\"' " * 3600)[:LIM]))
case("nested-blockquote", 0, block("> " * 30000 + "x"))
case("nested-list", 0, block("- " * 30000 + "x"))
case("nested-ordered-list", 0, block("1. " * 20000 + "x"))
case("block-constructs", 0, block("# h\n```\ncode\n```\n---\n| a | b |\n|---|---|\n" * 700))
case("html-blocks", 0, block("<div>\n\n<table><tr><td>x\n\n" * 2500))
case("link-reference-definitions", 0, block("\n".join("[r%d]: https://x.org/%d" % (i, i) for i in range(1000))
                                            + "\n\n" + " ".join("[a][r%d]" % i for i in range(1000))))
case("image-syntax", 0, block("![alt](https://x.org/i.png) ![x](file:///etc/passwd) " * 1000))
case("block-scalar-lines", 0, block("line\n" * 9000))
case("javascript-links", 1, summary("[x](javascript:alert(1)) " * 2500))
# authors
case("authors-100k", 1, HEAD + "sections:\n  - title: Publications\n    entries:\n      - title: A paper\n"
     "        authors: [" + ", ".join(f"A. B{i}" for i in range(100000)) + "]\n")
case("authors-at-limit", 0, HEAD + "sections:\n  - title: Publications\n    entries:\n" + "".join(
    "      - title: Paper %d\n        authors: [%s]\n" % (p, ", ".join(
        "Ada Lovelace*" if i == 7 else f"Author Number{i}" for i in range(500))) for p in range(20)))
# paragraphs
words = "lorem ipsum dolor sit amet consectetur adipiscing elit " * 60000
case("paragraph-3mb", 1, HEAD + "sections:\n  - title: About\n    kind: text\n    entries:\n      - " + q(words[:3000000]) + "\n")
case("paragraph-at-limit", 0, HEAD + "sections:\n  - title: About\n    kind: text\n    entries:\n      - " + q(words[:LIM]) + "\n")
case("paragraphs-4mb", 0, HEAD + "sections:\n  - title: About\n    kind: text\n    entries:\n" + ("      - " + q(words[:LIM]) + "\n") * 62)
# counts at and over their limits
case("sections-at-limit", 0, bullets(100, 10))
case("sections-5000", 1, bullets(5000, 1))
case("bullets-50k", 0, bullets(50, 1000))
case("entries-at-limit", 0, HEAD + "sections:\n  - title: Experience\n    entries:\n" + "".join(
    f"      - {{organization: Org {i}, position: Engineer, start: 2001-01, end: present, location: Paris, highlights: [one, two]}}\n"
    for i in range(1000)))
case("highlights-at-limit", 0, HEAD + "sections:\n  - title: Experience\n    entries:\n" + "".join(
    "      - organization: Org %d\n        highlights: [%s]\n" % (i, ", ".join(f"highlight {j}" for j in range(200)))
    for i in range(20)))
# words without break points, hyphenation, scripts
case("long-word", 0, summary("x" * LIM))
case("long-words-everywhere", 0, "name: " + q("W" * LINE) + "\nheadline: " + q("h" * LINE) + "\nsections:\n  - title: "
     + q("T" * LINE) + "\n    kind: bullet\n    entries: [" + q("y" * LIM) + "]\n")
case("long-name-over-limit", 1, "name: " + q("W" * (LINE + 1)) + "\nsections:\n  - title: T\n    kind: bullet\n    entries: [a]\n")
case("long-right-cell", 0, HEAD + "sections:\n  - title: Experience\n    entries:\n      - organization: X\n"
     "        location: " + q("L" * LINE) + "\n        date: " + q("D" * LINE) + "\n")
case("link-overlong-word", 0, summary("[" + "a" * 20000 + "](https://x.org)"))
case("link-overlong-email", 0, "name: Ada\nemail: " + q("e" * (LINE - 6) + "@x.org") + "\nsections:\n  - title: T\n    kind: bullet\n    entries: [a]\n")
case("long-url", 0, summary("[u](https://example.org/" + "p" * (2048 - 20) + ")"))
case("long-url-over-limit", 1, summary("[u](https://example.org/" + "p" * 65000 + ")"))
case("nobreak-spaces", 0, summary("word\u00a0" * 6000))
case("cjk-run", 0, summary("漢字" * 10900))
case("combining-marks", 0, summary("a" + "\u0301" * 32000))
case("emoji-zwj", 0, summary("👩‍🔬" * 5400))
case("hyphenation", 0, summary(("internationalization incomprehensibilities characteristically " * 1100)[:LIM]))
# YAML shapes
case("flow-mapping-huge", 1, HEAD + "sections:\n  - title: Experience\n    entries:\n      - {organization: X, "
     + ", ".join(f"k{i}: v" for i in range(90000)) + "}\n")
case("links-flow-mapping", 1, HEAD + "sections:\n  - title: Publications\n    entries:\n      - {title: T, links: {"
     + ", ".join(f"l{i}: https://x.org/{i}" for i in range(90000)) + "}}\n")
case("duplicate-keys", 1, HEAD + "headline: x\n" * 90000 + "sections:\n  - title: T\n    kind: bullet\n    entries: [x]\n")
case("duplicate-keys-flow", 1, HEAD + "sections:\n  - title: Experience\n    entries:\n      - {"
     + ", ".join("organization: X" for i in range(90000)) + "}\n")
case("unknown-keys-90k", 1, HEAD + "".join(f"key{i}: v\n" for i in range(90000))
     + "sections:\n  - title: T\n    kind: bullet\n    entries: [x]\n")
case("anchors-100k", 1, HEAD + "sections:\n  - title: Interests\n    entries:\n" + "".join(f"      - &a{i} item\n" for i in range(100000)))
case("aliases-100k", 1, HEAD + "x: &a v\nsections:\n  - title: Interests\n    entries:\n" + "      - *a\n" * 100000)
case("many-errors", 1, HEAD + "sections:\n  - title: Experience\n    entries:\n" + "".join(
    f"      - {{organizaton: Org {i}, start: 2019-13, end: 20x9-02, url: 'javascript:x'}}\n" for i in range(1000)))
case("long-key", 1, HEAD + q("k" * LIM) + ": v\nsections:\n  - title: T\n    kind: bullet\n    entries: [x]\n")
# fuzzer findings, reduced (fuzz/repro/)
case("fuzz-pdf-invalid-object", 0, "name: r\nsections:\n  - title: R\n    kind: text\n    entries:\n      - Mkfus. Sendgrjav:wth[licompy\n")
# templates given in the profile's layout overrides
def tmpl(t, title="Best Paper", n=1):
    return ("name: Ada\nlayout: {extends: classic, templates: {award: {rows: [{left: " + q(t) + "}]}}}\n"
            "sections:\n  - title: Awards\n    entries:\n" + ("      - title: " + q(title) + "\n") * n)
case("template-nested-groups", 1, tmpl("[" * 30000 + "{title}" + "]" * 30000))
case("template-unclosed-brace", 1, tmpl("{" * 60000))
case("template-backslashes", 0, tmpl("\\\\" * 500 + "{title}"))
case("template-over-limit", 1, tmpl("\\\\" * 30000 + "{title}"))
case("template-many-placeholders", 0, tmpl("{title}" * 146, "T" * LINE, 2))
# a 1 KiB template repeating a 64 KiB summary would make 7 MB: refused (document-too-large)
case("template-amplification", 1, "name: Ada\nlayout: {extends: classic, templates: {award: {rows: [{left: "
     + q("{summary}" * 113) + "}]}}}\nsections:\n  - title: Awards\n    entries:\n      - title: T\n        summary: "
     + q("S" * LIM) + "\n", "tree")
EOF
[ -d "$tmp/cases" ] || { echo "FAIL: could not generate the cases (python3)"; exit 1; }
# PATHOLOGICAL_CASES=DIR: only copy the cases there and stop (the generator
# is shared with tests/e2e/check_build.sh)
if [ -n "${PATHOLOGICAL_CASES:-}" ]; then
  cp "$tmp"/cases/* "$PATHOLOGICAL_CASES"/ || exit 1
  exit 0
fi

fail=0 pass=0 xfail=0
check_output() { # fmt file -> problem text or nothing
  case $1 in
    pdf) head -c 5 "$2" | grep -q '%PDF-' || echo "no %PDF- header" ;;
    tex) grep -q '\\end{document}' "$2" || echo "no \\end{document}" ;;
    tree) head -n 1 "$2" | grep -q '^document' || echo "tree does not start with document" ;;
  esac
}
for f in "$tmp"/cases/*.yaml; do
  name=$(basename "$f" .yaml)
  read -r want formats < "$tmp/cases/$name.want"
  if [ $sanitized -eq 1 ]; then
    [ -n "${KNOWN[$name:tree]:-}" ] && continue
    [ "$want" -ne 0 ] && formats=tree
  fi
  for fmt in $formats; do
    out="$tmp/out.$fmt"; rm -f "$out"
    start=$(date +%s%N)
    (cd "$tmp/cases" && timeout -k 2 "$limit" "$FOLIO" build -f "$fmt" -o "$out" "$name.yaml") > /dev/null 2> "$tmp/stderr"
    st=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    problem=""
    if [ $st -eq 124 ] || [ $st -eq 137 ]; then
      problem="timed out (${limit} s)"
    elif [ $st -gt 3 ]; then
      problem="exit $st (crash?)"
    elif [ $st -ne "$want" ]; then
      problem="exit $st, want $want: $(grep -m1 'error' "$tmp/stderr")"
    elif [ $st -eq 0 ]; then
      [ -s "$out" ] && problem=$(check_output "$fmt" "$out") || problem="exit 0 but no output"
    elif [ -e "$out" ]; then
      problem="failed run left an output file"
    fi
    if grep -qE 'AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|LeakSanitizer' "$tmp/stderr"; then
      problem+=" sanitizer: $(grep -m1 -E 'Sanitizer|runtime error' "$tmp/stderr")"
    fi
    key="$name:$fmt"
    if [ -n "$problem" ] && [ -n "${KNOWN[$key]:-}" ]; then
      printf 'XFAIL %-28s %-4s exit %-3s %6d ms  %s (known: %s)\n' "$name" "$fmt" "$st" "$ms" "$problem" "${KNOWN[$key]}"
      xfail=$((xfail + 1))
    elif [ -n "$problem" ]; then
      printf 'FAIL  %-28s %-4s exit %-3s %6d ms  %s\n' "$name" "$fmt" "$st" "$ms" "$problem"
      fail=$((fail + 1))
    else
      [ -n "${KNOWN[$key]:-}" ] && note="  (XPASS: remove from KNOWN)" || note=""
      printf 'ok    %-28s %-4s exit %-3s %6d ms%s\n' "$name" "$fmt" "$st" "$ms" "$note"
      pass=$((pass + 1))
    fi
  done
done
echo "pathological: $pass passed, $fail failed, $xfail known failures (timeout ${limit} s)"
[ $fail -eq 0 ]
