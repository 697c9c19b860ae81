#!/usr/bin/env python3
"""Check that extractors read the name and section titles of a CV word by word whole.

usage: tracked_check.py [--extractors LIST] [--label NAME] PDF TREE [PDF TREE ...]

Each PDF is a CV built from the profile and layout of TREE (`folio build -f
tree`, or the tree of the same profile and layout when PDF came from the
LaTeX output).  The PDF is run through the extractors (default: pdftotext,
pdftotext-layout -- `pdftotext -layout` --, mutool and pdfminer) and every
word of the person's name and of every section title (as the tree has it,
the layout's `case:` applied) must be found whole in each text: a word
found only with white space between its letters is SPLIT (letter-spacing
read as word breaks: "EXPE RIEN CE"), one not found at all, even so, is
MISSING.  A line end after a hyphen ("Lindqvist-" + "Osei") is not a
split.  Words are compared with their case, after Unicode NFC.

Output: one line per failure, "FAIL LABEL EXTRACTOR: SPLIT|MISSING: WORD
-- as found", then "tracked_check: N words checked, M failures".  Exit
status 0 without failures, 1 with, 2 on bad usage.
"""

import argparse
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_check  # noqa: E402  (the tree reader and the extractors)

EXTRACTORS = ("pdftotext", "pdftotext-layout", "mutool", "pdfminer")


def heading_words(tree_text):
    """The words of the name and of each section title, in document order."""
    words = []
    for b in extract_check.walk(extract_check.parse_tree(tree_text)):
        role = b.attrs.get("role")
        if role in ("name", "section.title") and b.text.strip():
            words.extend(unicodedata.normalize("NFC", b.text).split())
    return words


def word_pattern(word):
    """A regex for word with any white space between its characters, not
    inside a longer word."""
    chars = [re.escape(c) for c in word]
    body = r"\s*".join(chars)
    head = r"(?<!\w)" if word[0].isalnum() else ""
    tail = r"(?!\w)" if word[-1].isalnum() else ""
    return re.compile(head + body + tail)


def check_text(label, ex, text, words):
    """Failure lines for one extracted text."""
    text = unicodedata.normalize("NFC", text)
    fails = []
    for w in sorted(set(words)):
        found = [m.group(0) for m in word_pattern(w).finditer(text)]
        if not found:
            fails.append(f"FAIL {label} {ex}: MISSING: {w}")
            continue
        # a line end after a hyphen is a line break, not a split
        whole = [f for f in found if not re.search(r"\s", re.sub(r"-\s+", "-", f))]
        if len(whole) < len(found):
            apart = next(f for f in found if f not in whole)
            fails.append(f"FAIL {label} {ex}: SPLIT: {w} -- {apart!r}")
    return fails


def extract(ex, pdf):
    if ex == "pdftotext-layout":
        return extract_check.run_tool(ex, ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"])
    return extract_check.extract(ex, pdf)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extractors", default=",".join(EXTRACTORS))
    ap.add_argument("--label", default=None, help="name in messages (default: the PDF's)")
    ap.add_argument("files", nargs="+", metavar="PDF TREE")
    a = ap.parse_args()
    if len(a.files) % 2:
        ap.error("give PDF TREE pairs")
    exs = [e for e in a.extractors.split(",") if e]
    for e in exs:
        if e not in EXTRACTORS:
            ap.error(f"unknown extractor {e!r} (known: {', '.join(EXTRACTORS)})")
    if "pdfminer" in exs:
        extract_check.ensure_pdfminer()
    nwords = nfails = 0
    for pdf, tree in zip(a.files[::2], a.files[1::2]):
        label = a.label or os.path.basename(pdf)
        with open(tree, encoding="utf-8") as f:
            words = heading_words(f.read())
        if not words:
            print(f"FAIL {label}: the tree has no name or section title")
            nfails += 1
            continue
        for ex in exs:
            text, tool_fails = extract(ex, pdf)
            for t in tool_fails:
                print(f"FAIL {label} {ex}: {t.check}: {t.detail}")
                nfails += 1
            for line in check_text(label, ex, text, words):
                print(line)
                nfails += 1
            nwords += len(set(words))
    print(f"tracked_check: {nwords} words checked, {nfails} failures")
    return 1 if nfails else 0


if __name__ == "__main__":
    sys.exit(main())
