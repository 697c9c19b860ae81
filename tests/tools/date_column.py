#!/usr/bin/env python3
"""Check that a folio PDF keeps its entries' dates in one place.

usage: date_column.py PDF TREE [--label NAME]

PDF is a folio PDF, TREE the `folio build -f tree` dump of the same build.
For every entry of the tree with a date (the first cell of the entry with
role entry.date that holds a year or "present"; or, in a layout that writes
the date inside the title's text, the title cell), using the word boxes of
`pdftotext -bbox-layout`:

  * the date is on the entry's first line: its box overlaps the first line
    of the title vertically (in a narrow column, where a row's right cell
    goes below its left cell, the date starts at the title's left edge and
    lies below its first line, above the next entry);
  * the dates of one column (region) form one column: their right edges
    (left edges for dates set below their titles) agree within 1 pt;
  * a wrapped title does not end in a line of one word when it has four
    words or more;
  * every title and every date extracts whole in pdftotext, `mutool draw
    -F txt` and pdfminer (default modes), as tests/tools/extract_check.py
    matches strings.

Prints one line per failure ("FAIL LABEL: CHECK: STRING -- DETAIL") and
exits 1 when there is any, else 0.  docs/extraction.md has the design this
holds the layouts to.
"""

import argparse
import html
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_check as ec  # noqa: E402

YEAR = re.compile(r"\b(1[89]|20)\d\d\b|\bpresent\b")
WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">'
                  r"(.*?)</word>")
TOL = 1.0  # [pt]


class Word:
    def __init__(self, page, x0, y0, x1, y1, text):
        self.page, self.x0, self.y0, self.x1, self.y1 = page, x0, y0, x1, y1
        self.text = text


def words_of(pdf):
    """Every word box of the PDF, page by page, in pdftotext's order."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=True).stdout.decode("utf-8")
    words = []
    for page, chunk in enumerate(out.split("<page ")[1:], 1):
        for m in WORD.finditer(chunk):
            words.append(Word(page, *map(float, m.groups()[:4]), html.unescape(m.group(5))))
    return words


def squeeze(s):
    return "".join(ec.spaces(s).split())


def find_seq(words, text, used):
    """Indices of the words that spell text (spaces ignored, a word may end
    in a hyphen that a line break added), the first such run not in used;
    None when there is none."""
    want = squeeze(text)
    for i, w in enumerate(words):
        if i in used or not want.startswith(squeeze(w.text)[:1] or "\0"):
            continue
        got, k, run = "", i, []
        while k < len(words) and len(got) < len(want):
            piece = squeeze(words[k].text)
            if want.startswith(got + piece):
                got += piece
            elif piece.endswith("-") and want.startswith(got + piece[:-1]):
                got += piece[:-1]
            else:
                break
            run.append(k)
            k += 1
        if got == want:
            return run
    return None


def entries(root):
    """(entry block, title text, date text, date is a right/date cell, region) per dated entry."""
    for e in ec.walk(root):
        if e.kind != "entry":
            continue
        rows = [r for r in e.children if r.kind == "row"]
        if not rows:
            continue
        cells = [c for r in rows for c in r.children if c.kind == "cell"]
        title = next((c for c in cells if c.attrs.get("role") == "entry.title" and c.text), None)
        if title is None:
            continue
        date = next((c for c in cells if c.attrs.get("role") == "entry.date"
                     and YEAR.search(c.text)), None)
        if date is not None:
            yield e, title.text, date.text, True, ec.region_of(e)
        elif YEAR.search(title.text):
            yield e, title.text, None, False, ec.region_of(e)


def line_rows(words, run):
    """The title's words grouped by line (by the top of their boxes)."""
    lines = []
    for k in run:
        w = words[k]
        if lines and abs(words[lines[-1][-1]].y0 - w.y0) < 2 and \
                words[lines[-1][-1]].page == w.page:
            lines[-1].append(k)
        else:
            lines.append([k])
    return lines


def date_beside(words, run, date, used, stacked):
    """The unused run of words spelling date on the first line of the title
    whose words are run (stacked: just below it, at its left edge); None."""
    first = words[run[0]]
    seen = set(used)
    while True:
        drun = find_seq(words, date, seen)
        if drun is None:
            return None
        seen.update(drun)
        d0, d1 = words[drun[0]], words[drun[-1]]
        if d0.page != first.page:
            continue
        if stacked:
            ok = abs(d0.x0 - first.x0) <= TOL and d0.y0 >= first.y1 - TOL and d0.y0 - first.y1 < 60
        else:
            ok = d0.y0 < first.y1 and d1.y1 > first.y0  # overlaps the first line
        if ok:
            return drun


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("tree")
    ap.add_argument("--label", default="")
    a = ap.parse_args(argv)
    ec.ensure_pdfminer()
    label = a.label or os.path.basename(a.pdf)
    root = ec.parse_tree(open(a.tree, encoding="utf-8").read())
    words = words_of(a.pdf)
    stacked_regions = {"sidebar"}  # narrow columns: right cells go below (docs/layouts.md)
    fails = []

    def fail(check, key, detail):
        fails.append(f"FAIL {label}: {check}: {ec.quote(key)} -- {detail}")

    used_titles, used_dates = set(), set()
    edges = {}  # (region, side) -> [(edge, date)]
    titles, dates = [], []
    for e, title, date, in_cell, region in entries(root):
        titles.append(title)
        runs, seen = [], set(used_titles)
        while True:  # every place the title's words are, first to last
            run = find_seq(words, title, seen)
            if run is None:
                break
            seen.update(run)
            runs.append(run)
        if not runs:
            fail("title", title, "not found in pdftotext -bbox-layout's words")
            continue
        if in_cell:
            dates.append(date)
        stacked = region in stacked_regions
        run, best = runs[0], None
        for cand in runs if in_cell else []:  # the place with its date beside it
            best = date_beside(words, cand, date, used_dates, stacked)
            if best:
                run = cand
                break
        used_titles.update(run)
        lines = line_rows(words, run)
        if len(lines) > 1 and len(lines[-1]) == 1 and len(title.split()) >= 4:
            fail("lone word", title, f"wrapped title ends in a line of one word "
                 f"({words[lines[-1][0]].text!r})")
        if not in_cell:  # the date is written in the title (ats): on its row
            continue
        first = words[run[0]]
        if best is None:
            fail("first line", date, f"not {'below' if stacked else 'beside'} the first line of "
                 f"{title[:60]!r} (p{first.page} y={first.y0:.1f})")
            continue
        used_dates.update(best)
        side = "left" if stacked else "right"
        edge = words[best[0]].x0 if stacked else words[best[-1]].x1
        edges.setdefault((region, side), []).append((edge, date))
    for (region, side), got in sorted(edges.items()):
        lo, hi = min(g[0] for g in got), max(g[0] for g in got)
        if hi - lo > TOL:
            odd = [d for x, d in got if abs(x - hi) < TOL] if len(got) > 2 else [got[0][1]]
            fail("x-range", odd[0], f"{side} edges of the dates in region {region or 'page'} "
                 f"range over {lo:.1f}..{hi:.1f} pt")

    for ex in ec.EXTRACTORS:
        raw, problems = ec.extract(ex, a.pdf)
        text = ec.Text(raw)
        for p in problems:
            fail(ex, p.key, p.detail)
        for s in titles + dates:
            want = ec.norm_expected(s)
            if not ec.pattern(want).search(text.norm):
                fail(ex, s, "not extracted whole")
    for f in fails:
        print(f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
