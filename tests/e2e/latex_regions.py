#!/usr/bin/env python3
"""Regions through LaTeX, end to end (tests/e2e/latex_regions.sh).

For each layout below (sidebar left and right with a band and the header in
it, two columns of half the width, a banner, a date column, a sidebar on the
first page only) over data/example.yaml and data/long.yaml, `folio build -f
tex` is compiled by each engine in ENGINES (rerun until the labels settle, as
--compile does), then:

  - the engine succeeds (long.yaml under pdflatex: stops with the message
    that it needs xelatex or lualatex), the labels settled, the log has no
    overfull box (underfull boxes of badness 10000 are shown), no duplicate PDF
    destination, and the PDF no Type 3 font;
  - every entry title and every right cell (date, place, links) of the tree
    dump is in pdftotext's text, each column's titles in order, and on each
    page the two columns' titles are not interleaved (one switch at most);
  - titles sit in their column (pdftotext -bbox): sidebar titles inside the
    sidebar, main titles beside it, dates left of the entries in the date
    column; with `pages: first`, titles on later pages use the full width;
  - the bands are drawn (pixels of the rendered page): the sidebar's band
    down to the page edge on every page or only the first, the banner across
    the top of the first page, nothing where there is no band.

Usage: latex_regions.py FOLIO SRC TMPDIR ENGINE...
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import unicodedata

MM = 72 / 25.4
A4_W, A4_H = 595.28, 841.89
MARGIN = 20 * MM  # left and right margins of classic and sans

LAYOUTS = {
    "side-left": {
        "yaml": """extends: sans
sidebar: {side: left, width: 55mm, gap: 10mm, background: "#eef2f5", padding: 5mm, pages: all,
  sections: [education, skill, language, award],
  styles: {section.title: {color: "#0e5a6b"}, body: {size: 9pt}}}
header: {place: sidebar, align: left, contact-lines: true}
""",
        "side": "left", "width": 55 * MM, "gap": 10 * MM,
        "band": ((0xee, 0xf2, 0xf5), "all"),
    },
    "side-right": {
        "yaml": """extends: classic
sidebar: {side: right, width: 58mm, gap: 8mm, background: "#f0ebe3", padding: 6mm,
  sections: [skill, language, award, talk, text],
  styles: {section.title: {color: "#7a3b12", size: 10pt}, body: {size: 8.5pt, align: left},
           entry.date: {size: 8pt}}}
header: {place: sidebar, align: center, contact-lines: true}
""",
        "side": "right", "width": 58 * MM, "gap": 8 * MM,
        "band": ((0xf0, 0xeb, 0xe3), "all"),
    },
    "two-columns": {
        "yaml": """extends: sans
sidebar: {side: left, width: 81mm, gap: 8mm,
  sections: [education, experience, skill, language, award, talk, bullet]}
""",
        "side": "left", "width": 81 * MM, "gap": 8 * MM, "band": None,
    },
    "banner": {
        "yaml": """extends: sans
header: {place: top, align: left, banner: {color: "#1f3a5f", padding: 12pt}}
styles: {name: {color: "#ffffff"}, headline: {color: "#dde6f0"}, contact: {color: "#ffffff"}}
sidebar: {side: right, width: 55mm, gap: 8mm, sections: [skill, language, text]}
""",
        "side": "right", "width": 55 * MM, "gap": 8 * MM, "band": None,
        "banner": (0x1f, 0x3a, 0x5f),
    },
    "gutter": {
        "yaml": """extends: classic
gutter: {width: 30mm, gap: 4mm}
""",
        "side": None, "gutter": (30 * MM, 4 * MM), "band": None,
    },
    "first-page": {
        "yaml": """extends: classic
sidebar: {side: left, width: 45mm, gap: 6mm, background: "#e8eef2", padding: 5mm, pages: first,
  sections: [skill, language, text], styles: {body: {align: left}}}
header: {place: main}
gutter: {width: 24mm, gap: 3mm}
""",
        "side": "left", "width": 45 * MM, "gap": 6 * MM, "gutter": (24 * MM, 3 * MM),
        "band": ((0xe8, 0xee, 0xf2), "first"), "first": True,
    },
}

failures = 0


def ok(msg):
    print("ok  ", msg, flush=True)


def bad(msg, detail=""):
    global failures
    failures += 1
    print("FAIL", msg, flush=True)
    if detail:
        print("     " + detail.rstrip().replace("\n", "\n     "), flush=True)


def norm(s):
    """Text as compared: NFKC, case-folded, no whitespace, no hyphens (pdftotext drops
    the hyphen at a line end; tracked letters come out with spaces)."""
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[\s\-\u2010\u2011\u00ad]", "", s).casefold()


def runs_text(line):
    """The text of a tree-dump line: its quoted runs joined."""
    parts = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", line)
    return "".join(bytes(p, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for p in parts)


def tree_items(tree):
    """(region, kind, text) from the tree dump: kind "section" (a section title),
    "title" (the left cell of an entry's first row), "right" (a right cell);
    region "sidebar", "main" or "" (no regions)."""
    items, region, row = [], "", 0
    for line in tree.splitlines():
        s = line.strip()
        head = s.split(" ")[0]
        if head == "region":
            region = re.search(r"name=(\w+)", s).group(1)
        elif head == "section":
            items.append((region, "section", runs_text(s)))
        elif head == "entry":
            row = 0
        elif head == "row":
            row += 1
        elif head == "cell" and "align=right" in s:
            items.append((region, "right", runs_text(s)))
        elif head == "cell" and row == 1:
            items.append((region, "title", runs_text(s)))
    return [i for i in items if norm(i[2])]


def all_texts(tree):
    """(region, text) of every text line of the tree dump."""
    out, region = [], ""
    for line in tree.splitlines():
        head = line.strip().split(" ")[0]
        if head == "region":
            region = re.search(r"name=(\w+)", line).group(1)
        elif line.startswith("  ") and not line.startswith("   "):
            region = ""  # a block of the document itself (the header at the top)
        if head in ("paragraph", "cell", "item", "section"):
            out.append((region, runs_text(line)))
    return out


def compile_tex(d, engine):
    """Run engine in d on cv.tex until the labels settle (at most 4 runs). (status, runs)."""
    env = dict(os.environ, openout_any="p", max_print_line="10000")
    for run in range(1, 5):
        try:
            st = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error",
                                 "-no-shell-escape", "cv.tex"], cwd=d, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                timeout=300).returncode
        except subprocess.TimeoutExpired:
            return 124, run
        if st != 0:
            return st, run
        log = open(os.path.join(d, "cv.log"), encoding="latin-1").read()
        if "Rerun to get" not in log and "may have changed. Rerun" not in log:
            return 0, run
    return 0, 4


def words_bbox(pdf):
    """pdftotext -bbox: [(page, xmin, text)]."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                         text=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>',
                      line)
        if m:
            text = m.group(3).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            words.append((page, float(m.group(1)), float(m.group(2)), text))
    return words


def pixel(pdf, page, x_pt, y_pt):
    """RGB of the rendered page at (x_pt, y_pt) from its top left corner."""
    r = 36
    data = subprocess.run(["pdftoppm", "-r", str(r), "-f", str(page), "-l", str(page), pdf],
                          capture_output=True).stdout
    # P6 header: magic, width, height, maxval, each followed by white space
    fields, i = [], 0
    while len(fields) < 4:
        while data[i:i + 1].isspace():
            i += 1
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    i += 1
    w, h = int(fields[1]), int(fields[2])
    x, y = int(x_pt * r / 72), int(y_pt * r / 72)
    x, y = min(max(x, 0), w - 1), min(max(y, 0), h - 1)
    k = i + 3 * (y * w + x)
    return tuple(data[k:k + 3])


def close(a, b):
    return all(abs(p - q) <= 4 for p, q in zip(a, b))


def check(name, lay, profile, engine, d, tree, pages):
    label = f"{profile}/{name}/{engine}"
    pdf = os.path.join(d, "cv.pdf")
    log = open(os.path.join(d, "cv.log"), encoding="latin-1").read()
    problems = []
    if "may have changed. Rerun" in log or "Rerun to get" in log:
        problems.append("labels did not settle")
    # (an underfull line of badness 10000 is a loose justified line, which the
    # PDF sets too since capitalised words are not hyphenated: shown, not failed)
    loose = re.findall(r"Underfull \\hbox \(badness 10000\).*", log)
    if loose:
        print(f"note {label}: {len(loose)} loose lines, first: {loose[0]}")
    for pat, what in ((r"Overfull \\hbox", "overfull boxes"),
                      (r"destination with the same identifier", "duplicate PDF destinations")):
        hits = re.findall(pat + r".*", log)
        if hits:
            problems.append(f"{what}: {hits[0]}")
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    if "Type 3" in fonts:
        problems.append("a bitmap (Type 3) font")

    # the text in content-stream order (-raw): each column's text is one run
    # per page, as the PDF back end writes it
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"],
                          capture_output=True, text=True).stdout
    flat = norm(text)
    items = tree_items(tree)
    missing = [t for _, _, t in items if norm(t) not in flat]
    if missing:
        problems.append(f"{len(missing)} of {len(items)} titles and right cells missing, "
                        f"first: {missing[0][:80]!r}")
    # each column's titles in order
    for region in sorted({r for r, _, _ in items}):
        pos = 0
        for r, kind, t in items:
            if r != region or kind == "right":
                continue
            i = flat.find(norm(t), pos)
            if i < 0:
                if norm(t) in flat:
                    problems.append(f"{region or 'text'}: {t[:60]!r} out of order")
                    break
                continue
            pos = i + len(norm(t))
    if any(r for r, _, _ in items):
        # per page, one column's titles, then the other's
        for pno, ptext in enumerate((norm(p) for p in text.split("\f")), 1):
            found = []
            for r, kind, t in items:
                if kind == "right" or flat.count(norm(t)) != 1:
                    continue
                i = ptext.find(norm(t))
                if i >= 0:
                    found.append((i, r))
            seq = [r for _, r in sorted(found)]
            switches = sum(1 for a, b in zip(seq, seq[1:]) if a != b)
            if switches > 1:
                problems.append(f"page {pno}: the columns' text interleaves in the content "
                                f"stream ({''.join(s[0] for s in seq)})")
        # in pdftotext's reading order, no line mixes the two columns' words
        region_of = {}
        for r, t in all_texts(tree):
            for w in t.split():
                region_of.setdefault(w, set()).add(r)
        reading = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                                 text=True).stdout
        for line in reading.splitlines():
            cols = {next(iter(region_of[w])) for w in line.split()
                    if len(w) > 3 and len(region_of.get(w, ())) == 1}
            if {"sidebar", "main"} <= cols:
                problems.append(f"pdftotext reads the columns line by line: {line[:80]!r}")
                break

    # positions: titles in their columns, dates in the date column
    words = words_bbox(pdf)
    word_count = {}
    for _, t in all_texts(tree):
        for w in t.split():
            word_count[w] = word_count.get(w, 0) + 1
    pdf_count = {}
    for _, _, _, w in words:
        pdf_count[w] = pdf_count.get(w, 0) + 1
    side, width, gap = lay.get("side"), lay.get("width", 0), lay.get("gap", 0)
    gw, gg = lay.get("gutter", (0, 0))
    sidebar_x1 = MARGIN + width  # left sidebar: its text ends here
    right_x0 = A4_W - MARGIN - width  # right sidebar: its text starts here
    checked = wide = 0
    for region, kind, t in items:
        if kind not in ("title", "right"):
            continue
        cand = [w for w in t.split()[:1] if len(w) >= 2 and word_count.get(w) == 1
                and pdf_count.get(w) == 1]  # the first word: where the text starts
        if not cand:
            continue
        w = cand[0]
        page, x0, x1, _ = next(b for b in words if b[3] == w)
        if kind == "title":
            first_only = lay.get("first") and page > 1 and region == "main"
            if first_only:
                low = MARGIN + gw + gg
                if x0 > sidebar_x1:
                    problems.append(f"page {page}: {w!r} at x={x0:.0f}, still beside the "
                                    f"first page's sidebar")
                wide += 1
            elif side == "left" and region == "sidebar" and not x0 < sidebar_x1:
                problems.append(f"{w!r} at x={x0:.0f}, not in the left sidebar")
            elif side == "left" and region == "main" and x0 < sidebar_x1 + gap - 1:
                problems.append(f"{w!r} at x={x0:.0f}, not right of the sidebar")
            elif side == "right" and region == "sidebar" and x0 < right_x0 - 1:
                problems.append(f"{w!r} at x={x0:.0f}, not in the right sidebar")
            elif side == "right" and region == "main" and x1 > right_x0 - gap + 1:
                problems.append(f"{w!r} at x={x0:.0f}..{x1:.0f}, reaches into the sidebar")
            if gw and region != "sidebar":
                low = (MARGIN if first_only or side != "left" else sidebar_x1 + gap) + gw + gg
                if x0 < low - 1:
                    problems.append(f"{w!r} at x={x0:.0f}, in the date column (< {low:.0f})")
            checked += 1
        elif gw and region != "sidebar":
            first_only = lay.get("first") and page > 1
            high = (MARGIN if first_only or side != "left" else sidebar_x1 + gap) + gw
            if x1 > high + 1:
                problems.append(f"right cell word {w!r} at x={x0:.0f}..{x1:.0f}, not in the "
                                f"date column (ends at {high:.0f})")
            checked += 1
    if checked < 3:
        problems.append(f"only {checked} titles placed (pdftotext -bbox)")
    if lay.get("first") and profile == "long" and not wide:
        problems.append("no title on a later page to show the full width there")

    # bands
    band, banner = lay.get("band"), lay.get("banner")
    corner_x = 8 if side != "right" else A4_W - 8
    for p in sorted({1, min(2, pages)}):
        got = pixel(pdf, p, corner_x, A4_H - 8)
        want = (255, 255, 255)
        if band and (band[1] == "all" or p == 1):
            want = band[0]
        if not close(got, want):
            problems.append(f"page {p}: pixel at the sidebar's bottom corner is {got}, "
                            f"not {want}")
        got = pixel(pdf, p, A4_W / 2, 4)
        want = banner if banner and p == 1 else (255, 255, 255)
        if not close(got, want):
            problems.append(f"page {p}: pixel at the top of the page is {got}, not {want}")
    if problems:
        bad(label, "\n".join(problems[:8]))
    else:
        ok(f"{label}: {pages} pages, {len(items)} titles and right cells, {checked} placed")


def main():
    folio, src, tmp = sys.argv[1:4]
    engines = sys.argv[4:]
    jobs = []
    only = os.environ.get("LATEX_REGIONS_LAYOUTS", "").split()  # for debugging: a subset
    for name, lay in LAYOUTS.items():
        if only and name not in only:
            continue
        lpath = os.path.join(tmp, name + ".yaml")
        with open(lpath, "w") as f:
            f.write(lay["yaml"])
        for profile in ("example", "long"):
            y = os.path.join(src, "data", profile + ".yaml")
            tex = os.path.join(tmp, f"{profile}-{name}.tex")
            r = subprocess.run([folio, "build", "-q", "-f", "tex", "-l", lpath, "-o", tex, y],
                               capture_output=True, text=True)
            if r.returncode != 0:
                bad(f"{profile}/{name}: build -f tex exit {r.returncode}", r.stderr)
                continue
            tree = subprocess.run([folio, "build", "-q", "-f", "tree", "-l", lpath, "-o", "-", y],
                                  capture_output=True, text=True).stdout
            body = open(tex, encoding="utf-8").read()
            unicode_only = "% folio-engine: xelatex" in body
            for e in engines:
                d = os.path.join(tmp, f"{profile}-{name}-{e}")
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, "cv.tex"), "w", encoding="utf-8") as f:
                    f.write(body)
                jobs.append((name, lay, profile, e, d, tree, unicode_only and e == "pdflatex"))

    def run(job):
        return job, compile_tex(job[4], job[3])

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for job, (st, runs) in pool.map(run, jobs):
            name, lay, profile, e, d, tree, needs_unicode = job
            log_path = os.path.join(d, "cv.log")
            log = open(log_path, encoding="latin-1").read() if os.path.exists(log_path) else ""
            if needs_unicode:
                if st != 0 and "! this CV needs xelatex or lualatex" in log:
                    ok(f"{profile}/{name}/{e}: stops with the xelatex/lualatex message")
                else:
                    bad(f"{profile}/{name}/{e}: expected the needs-xelatex stop (exit {st})")
                continue
            pdf = os.path.join(d, "cv.pdf")
            if st != 0 or not os.path.exists(pdf):
                errs = "\n".join(l for l in log.splitlines() if l.startswith("!") or
                                 re.match(r"\./cv\.tex:\d+:", l))[:800]
                bad(f"{profile}/{name}/{e}: exit {st} after {runs} runs", errs)
                continue
            info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
            pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
            check(name, lay, profile, e, d, tree, pages)
    print(f"latex_regions: {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
