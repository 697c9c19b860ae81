#!/usr/bin/env python3
"""Page fit (docs/typesetting.md, "Glue and the last page"), on real PDFs.

Usage: page_fit.py FOLIO SRC TMP

The tests/fixtures/fit-*.yaml profiles run a few lines past a page break.
For each of them and every shipped layout, folio builds a PDF; pdfinfo
gives the page count and `pdftotext -bbox` every word with its box, from
which the lines of each column of each page are rebuilt (a region layout's
sidebar and main column apart).  Checked:

- no last page with three lines or fewer unless folio printed the note
  short-last-page (the breaker could not avoid it);
- the pagination rules in every column: no page (but the last) ends with a
  section title or an entry's heading row (a title or heading without the
  line that follows it);
- particular cases: a one-page CV two lines too long stays one page
  (classic, sidebar); four pages plus two lines stay four; a last page that
  would hold only the tail of one entry gets the whole entry; when the
  spacing cannot shrink enough, the note says how many lines spill, and
  allowing more shrink (as it advises) pulls them back; -q silences it;
  rebuilds are byte-identical.
"""
import glob
import os
import re
import subprocess
import sys

FOLIO, SRC, TMP = sys.argv[1:4]
FIX = os.path.join(SRC, "tests", "fixtures")
failures = 0
passes = 0

# x [pt] between a region layout's sidebar and its main column (sidebar.yaml,
# columns.yaml), and the pages the sidebar is on (None: every page)
SPLITS = {"sidebar": (215, {1}), "columns": (215, None)}
FOOTER = re.compile(r"^(\d+ ?/ ?\d+|Page \d+ of \d+|\d+)$")
TITLE = re.compile(r"^(experience|languages)$", re.I)
HEADING = re.compile(r"\b(Engineer|Company) \d+\b")
NOTE = "note: "


def check(ok, what):
    global failures, passes
    if ok:
        passes += 1
    else:
        failures += 1
        print("FAIL: " + what)


def build(profile, layout, out, *extra):
    """Build; returns (exit status, stderr without the success report)."""
    p = subprocess.run([FOLIO, "build", "-l", layout, "-o", out, *extra, profile],
                       capture_output=True, text=True)
    err = "\n".join(l for l in p.stderr.splitlines() if not l.startswith("folio: note: wrote '"))
    return p.returncode, err


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def columns(pdf, page, layout):
    """The lines of each column of a page, top to bottom: {column: [text]}."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
                          capture_output=True, text=True).stdout
    words = [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]
    split, on = SPLITS.get(layout, (0, set()))
    if on is not None and page not in on:
        split = 0
    rows = {}  # (column, y) -> words
    for x0, y0, x1, w in words:
        col = "main" if split and x0 >= split else ("sidebar" if split else "main")
        key = None
        for (c, y) in rows:
            if c == col and abs(y - y0) < 3:
                key = (c, y)
                break
        rows.setdefault(key or (col, y0), []).append((x0, w))
    cols = {}
    for (c, y) in sorted(rows, key=lambda k: k[1]):
        text = " ".join(w for _, w in sorted(rows[(c, y)]))
        if not FOOTER.match(text.strip()):
            cols.setdefault(c, []).append(text.strip())
    return cols


def last_lines(pdf, n, layout):
    return sum(len(v) for v in columns(pdf, n, layout).values())


def rules(pdf, layout, name):
    """No page but the last ends a column with a title or a heading row."""
    n = pages(pdf)
    for p in range(1, n):
        for col, lines in columns(pdf, p, layout).items():
            if not lines:
                continue
            end = lines[-1]
            check(not TITLE.match(end) and not HEADING.search(end),
                  "%s/%s: page %d ends its %s column with a title or heading: %r"
                  % (layout, name, p, col, end))


layouts = sorted(os.path.basename(f)[:-5] for f in glob.glob(os.path.join(SRC, "layouts", "*.yaml")))
fixtures = sorted(glob.glob(os.path.join(FIX, "fit-*.yaml")))
check(len(layouts) >= 5 and len(fixtures) >= 5, "layouts or fixtures missing")

# every layout x every fixture: the rules, and no short last page unreported
for layout in layouts:
    for f in fixtures:
        name = os.path.basename(f)[:-5]
        pdf = os.path.join(TMP, "%s-%s.pdf" % (layout, name))
        st, err = build(f, layout, pdf)
        check(st == 0, "%s/%s: exit %d: %s" % (layout, name, st, err))
        if st != 0:
            continue
        n = pages(pdf)
        if n > 1:
            k = last_lines(pdf, n, layout)
            check(k > 3 or "short-last-page" in err or "spill onto page" in err,
                  "%s/%s: page %d of %d holds %d lines and folio said nothing"
                  % (layout, name, n, n, k))
        rules(pdf, layout, name)


def case(fixture, layout, want_pages, what, note=False):
    """Build; want want_pages pages, and the spill note only if note."""
    pdf = os.path.join(TMP, "case-%s-%s.pdf" % (layout, fixture))
    st, err = build(os.path.join(FIX, fixture + ".yaml"), layout, pdf)
    n = pages(pdf) if st == 0 else 0
    quiet = err == "" if not note else "spill onto page" in err and len(err.splitlines()) == 1
    check(st == 0 and n == want_pages and quiet,
          "%s with %s: %s: want %d pages and %s, got %d (exit %d) %s"
          % (fixture, layout, what, want_pages, "the note" if note else "no message", n, st, err))
    return pdf


case("fit-spill", "classic", 1, "two spilled lines pulled back")
case("fit-spill", "compact", 1, "two spilled lines pulled back")
case("fit-sidebar", "sidebar", 1, "the main column's two spilled bullets pulled back")
case("fit-four", "classic", 4, "four pages and two lines stay four pages")
pdf = case("fit-tail", "classic", 2, "an entry's tail alone on the last page", note=True)
top = columns(pdf, 2, "classic").get("main", [""])
check(top and top[0].startswith("Engineer 8"),
      "fit-tail: page 2 should start with the whole last entry (Engineer 8), starts %r" % top[:1])
check(last_lines(pdf, 2, "classic") > 3, "fit-tail: page 2 holds three lines or fewer")

# cannot pull back: the note, at the first spilled line, says how many and what to change
stuck = os.path.join(FIX, "fit-stuck.yaml")
pdf = os.path.join(TMP, "stuck.pdf")
st, err = build(stuck, "classic", pdf)
check(st == 0 and pages(pdf) == 2 and last_lines(pdf, 2, "classic") >= 4,
      "fit-stuck: want 2 pages with at least 4 lines on the last, exit 0: %s" % err)
want = re.compile(r"^%s:\d+:\d+: note: 3 lines \(\d+pt\) spill onto page 2, .*spacing\.shrink.*"
                  r"to keep 1 page, cut 3 lines" % re.escape(stuck))
check(want.search(err) is not None and len(err.splitlines()) == 1,
      "fit-stuck: want one note 'N:L:C: note: 3 lines (..pt) spill onto page 2 ... cut 3 lines', got %r" % err)
st, err = build(stuck, "classic", os.path.join(TMP, "stuck-q.pdf"), "-q")
check(st == 0 and err == "", "fit-stuck -q: want silence, got %r" % err)
more = os.path.join(TMP, "more-shrink.yaml")
with open(more, "w") as fp:
    fp.write("extends: classic\nspacing: {shrink: 70%}\n")
st, err = build(stuck, more, os.path.join(TMP, "stuck-more.pdf"))
check(st == 0 and pages(os.path.join(TMP, "stuck-more.pdf")) == 1 and err == "",
      "fit-stuck with spacing.shrink 70%%: want 1 page and no note: %s" % err)
# no glue, no fitting: the natural breaks, two pages
fixed = os.path.join(TMP, "fixed.yaml")
with open(fixed, "w") as fp:
    fp.write("extends: classic\nspacing: {shrink: 0%, stretch: 0%}\n")
st, err = build(os.path.join(FIX, "fit-spill.yaml"), fixed, os.path.join(TMP, "fixed.pdf"))
check(st == 0 and pages(os.path.join(TMP, "fixed.pdf")) == 2 and "spill onto page 2" in err,
      "fit-spill with shrink 0%%: want 2 pages and the note: %s" % err)
# per-gap glue: entry gaps that may shrink a lot are enough on their own
glue = os.path.join(TMP, "glue.yaml")
with open(glue, "w") as fp:
    fp.write("extends: classic\nspacing:\n  shrink: 0%\n  entry-gap: 6pt plus 1pt minus 5pt\n"
             "  section-before: 11pt minus 8pt\n  header-after: 16pt minus 10pt\n")
st, err = build(os.path.join(FIX, "fit-spill.yaml"), glue, os.path.join(TMP, "glue.pdf"))
check(st == 0 and pages(os.path.join(TMP, "glue.pdf")) == 1 and err == "",
      "fit-spill with per-gap minus: want 1 page: %s" % err)

# deterministic
a, b = os.path.join(TMP, "det-a.pdf"), os.path.join(TMP, "det-b.pdf")
build(os.path.join(FIX, "fit-four.yaml"), "classic", a)
build(os.path.join(FIX, "fit-four.yaml"), "classic", b)
check(open(a, "rb").read() == open(b, "rb").read(), "fit-four: two builds differ")

print("page_fit: %d passed, %d failed" % (passes, failures))
sys.exit(1 if failures else 0)
