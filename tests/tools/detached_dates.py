#!/usr/bin/env python3
"""Count the entry dates pdfminer's layout analysis detaches from their titles.

usage: detached_dates.py [-v] [--markdown] PDF TREE [PDF TREE ...]

For each PDF (with the `folio build -f tree` dump of the same build), run
pdfminer's layout analysis with default LAParams, as résumé parsers use it,
and take its text boxes (LTTextBox).  For every entry of the tree that has a
title (its entry.title cell) and a date (its first entry.date cell holding a
digit), find the title in the boxes (in pdfminer's order, each title after
the previous one); the date is attached when one of the boxes the title
lies in also holds the date, and detached otherwise: a parser that reads a
box as one record then finds an entry without a date, and a date without an
entry.  An entry without a date cell whose title cell holds a year (a
layout that writes the date on the title's line) is dated too: attached
when the year's box also holds some of the title before it.

Prints one line per PDF: its name, entries with dates, detached dates, and
entries whose title was not found whole (split by the extraction; not
counted either way).  -v also lists each detached date with its box.
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_check as xc  # noqa: E402


_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def dated_entries(root):
    """[(title, date, inline)] for each entry with an entry.title cell and a
    date: its first entry.date cell holding a digit, or, when it has none,
    the first year in the title cell itself (inline=True: a layout that
    writes the date on the title's line, "Analyst, Engine Co. — 1842")."""
    out = []
    for b in xc.walk(root):
        if b.kind != "entry":
            continue
        cells = [c for c in xc.walk(b) if c.kind == "cell"]
        title = next((xc.norm_expected(c.text) for c in cells
                      if c.attrs.get("role") == "entry.title" and c.text.strip()), "")
        date = next((xc.norm_expected(c.text) for c in cells
                     if c.attrs.get("role") == "entry.date"
                     and any(ch.isdigit() for ch in c.text)), "")
        if title and date:
            out.append((title, date, False))
        elif title and _YEAR.search(title):
            out.append((title, _YEAR.search(title).group(0), True))
    return out


def boxes(pdf):
    """The text of pdfminer's LTTextBoxes, page by page, in its order."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox

    def visit(obj):
        if isinstance(obj, LTTextBox):
            yield obj.get_text()
            return
        if hasattr(obj, "__iter__"):
            for o in obj:
                yield from visit(o)

    out = []
    for page in extract_pages(pdf, laparams=LAParams()):
        out.extend(visit(page))
    return out


class Stream:
    """All boxes' normalised text joined as lines, with each character's box."""

    def __init__(self, texts):
        parts, owner = [], []
        self.boxes = []
        for k, t in enumerate(texts):
            n = xc.Text(t).norm
            self.boxes.append(n)
            if parts:
                parts.append(xc.LB)
                owner.append(-1)
            parts.append(n)
            owner.extend([k] * len(n))
        self.norm = "".join(parts)
        self.owner = owner

    def boxes_of(self, start, end):
        return sorted({self.owner[i] for i in range(start, end) if self.owner[i] >= 0})


def measure(pdf, tree_path, verbose=False):
    """(dated, detached, not_found, details) for one PDF."""
    with open(tree_path, encoding="utf-8") as f:
        root = xc.parse_tree(f.read())
    s = Stream(boxes(pdf))
    dated = detached = not_found = 0
    details = []
    pos = 0
    for title, date, inline in dated_entries(root):
        dated += 1
        tp = xc.pattern(title)
        m = tp.search(s.norm, pos) or tp.search(s.norm)
        if not m:
            not_found += 1
            details.append(f"  title not found whole: {title!r}")
            continue
        pos = max(pos, m.end())
        dp = xc.pattern(date)
        attached = False
        if inline:
            # the date is in the title's own text: its box must hold some of
            # the title before it
            d = dp.search(s.norm, m.start(), m.end())
            box = s.owner[d.start()] if d else -1
            attached = any(s.owner[i] == box and s.norm[i].isalnum()
                           for i in range(m.start(), d.start() if d else m.start()))
        for k in ([] if inline else s.boxes_of(m.start(), m.end())):
            box = s.boxes[k]
            # the date outside the title's own text (a title may hold a year)
            rest = box.replace(m.group(0), " ", 1) if m.group(0) in box else box
            if dp.search(rest):
                attached = True
                break
        if not attached:
            detached += 1
            if verbose:
                # the occurrence of the date nearest the title
                near = min(dp.finditer(s.norm), default=None,
                           key=lambda d: min(abs(d.start() - m.end()), abs(m.start() - d.end())))
                shown = repr(s.boxes[s.owner[near.start()]][:60]) if near else "(not found)"
                details.append(f"  detached: {date!r} of {title[:50]!r}; a box with the date: {shown}")
    return dated, detached, not_found, details


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--markdown", action="store_true", help="a Markdown table")
    ap.add_argument("files", nargs="+", metavar="PDF TREE")
    a = ap.parse_args(argv)
    if len(a.files) % 2:
        ap.error("want pairs of PDF TREE")
    xc.ensure_pdfminer()
    if a.markdown:
        print("| PDF | entries with dates | detached dates | titles not found whole |")
        print("|-----|-------------------:|---------------:|-----------------------:|")
    for pdf, tree in zip(a.files[::2], a.files[1::2]):
        dated, detached, nf, details = measure(pdf, tree, a.verbose)
        name = os.path.basename(pdf)
        if a.markdown:
            print(f"| {name} | {dated} | {detached} | {nf} |")
        else:
            print(f"{name}\tdated {dated}\tdetached {detached}\ttitle not found {nf}")
        if a.verbose:
            for d in details:
                print(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
