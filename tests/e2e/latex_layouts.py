#!/usr/bin/env python3
"""Every shipped layout through LaTeX, end to end (tests/e2e/latex_layouts.sh).

For each layout in layouts/ over data/example.yaml and data/long.yaml,
`folio build -f tex` is compiled by each engine in ENGINES (twice, for the
page total; a third time when LaTeX asks for it), then:

  - the engine succeeds (long.yaml under pdflatex: stops with the message
    that it needs xelatex or lualatex); xelatex and lualatex logs have no
    overfull box;
  - the labels settle (a first-page sidebar needs three runs);
  - icons and level marks (layouts with header.icons or {level}): the
    extracted text (pdftotext) holds no private-use character, no icon name
    glued to the text it marks and no "N/M" of a level, and the pages hold
    one filled path built with moves (an outline; rules and bands are
    rectangles) per icon run of the tree dump and one per level dot (folio's
    own PDF: one per icon, one per run of filled and of empty dots).

Prints one line per layout, profile and engine with the compile time and
the overfull count.  Usage: latex_layouts.py FOLIO SRC TMPDIR ENGINE...
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import time

PROFILES = ("example", "long")
ICON_RUN = re.compile(r'\[nobreak,icon\]"([^"]+)"(?:<[^>]*>)? "([^"]*)"')
PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
LEVEL_RUN = re.compile(r'\[nobreak,level\]"(\d+)/(\d+)"')
PAINT = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"n"}


def run(args, **kw):
    return subprocess.run(args, capture_output=True, **kw)


def outline_fills(pdf, tmp):
    """Filled paths that contain a move (m) in the page content streams."""
    qdf = pdf + ".qdf"
    r = run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    if r.returncode not in (0, 3):
        return None
    data = open(qdf, "rb").read()
    count = 0
    for m in re.finditer(rb"%% Contents for page \d+\n.*?\nstream\n(.*?)\nendstream", data, re.S):
        moved = False
        for tok in m.group(1).split():
            if tok == b"m":
                moved = True
            elif tok in PAINT:
                if moved and tok in (b"f", b"F", b"f*"):
                    count += 1
                moved = False
    return count


def compile_one(folio, src, tmp, layout, profile, engine):
    name = f"{layout}-{profile}-{engine}"
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    tex = os.path.join(d, "cv.tex")
    r = run([folio, "build", "-q", "-f", "tex", "-l", layout, "-o", tex,
             os.path.join(src, "data", profile + ".yaml")])
    if r.returncode != 0:
        return name, [f"folio exit {r.returncode}: {r.stderr.decode()[:200]}"], 0, 0, None
    t0 = time.monotonic()
    problems = []
    for i in range(4):
        r = run([engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "cv.tex"],
                cwd=d, timeout=600)
        log = open(os.path.join(d, "cv.log"), encoding="utf-8", errors="replace").read()
        unsettled = "Rerun to get" in log or "may have changed" in log
        if r.returncode != 0 or (i >= 1 and not unsettled):
            break
    if r.returncode == 0 and unsettled:
        problems.append("the labels did not settle in four runs")
    secs = time.monotonic() - t0
    overfull = log.count("Overfull \\hbox") + log.count("Overfull \\vbox")
    if profile == "long" and engine == "pdflatex":
        if r.returncode == 0 or "needs xelatex or lualatex" not in log:
            problems.append("pdflatex did not stop with the xelatex/lualatex message")
        return name, problems, secs, overfull, None
    if r.returncode != 0:
        errs = [l for l in log.splitlines() if l.startswith("!") or ":error" in l.lower()][:3]
        problems.append(f"{engine} exit {r.returncode}: {errs}")
        return name, problems, secs, overfull, None
    if engine != "pdflatex" and overfull:
        problems.append(f"{overfull} overfull boxes")
    return name, problems, secs, overfull, os.path.join(d, "cv.pdf")


def check_icons(folio, src, tmp, layout, profile, pdf):
    """Problems with the icons of a compiled PDF (empty list: none)."""
    yaml = os.path.join(src, "data", profile + ".yaml")
    tree = run([folio, "build", "-q", "-f", "tree", "-l", layout, "-o", "-", yaml]).stdout.decode()
    runs = ICON_RUN.findall(tree)
    icons = tree.count("[nobreak,icon]")
    levels = [(int(a), int(b)) for a, b in LEVEL_RUN.findall(tree)]
    n = icons + sum(m for _, m in levels)
    n_own = icons + sum((h > 0) + (h < m) for h, m in levels)
    problems = []
    text = run(["pdftotext", "-enc", "UTF-8", pdf, "-"]).stdout.decode("utf-8", "replace")
    flat = re.sub(r"\s+", "", text)
    if PRIVATE.search(text):
        problems.append(f"private-use character in the text: {PRIVATE.search(text).group()!r}")
    for icon, after in runs:
        glued = icon + re.sub(r"\s+", "", after)[:6]
        if glued.lower() in flat.lower():
            problems.append(f"icon name glued to its text: {glued!r}")
    for h, m in levels:
        if re.search(rf"(?<![\d/]){h}/{m}(?![\d/])", text):
            problems.append(f"level {h}/{m} as text")
    got = outline_fills(pdf, tmp)
    own = os.path.join(tmp, f"{layout}-{profile}-folio.pdf")
    run([folio, "build", "-q", "-l", layout, "-o", own, yaml])
    want = outline_fills(own, tmp)
    if got != n or want != n_own:
        problems.append(f"{icons} icon runs and {len(levels)} levels in the tree: {got} outlines "
                        f"in the PDF (want {n}), {want} in folio's PDF (want {n_own})")
    return problems, n, got


def main():
    folio, src, tmp = sys.argv[1:4]
    engines = sys.argv[4:]
    layouts = sorted(f[:-5] for f in os.listdir(os.path.join(src, "layouts")) if f.endswith(".yaml"))
    jobs = [(l, p, e) for l in layouts for p in PROFILES for e in engines]
    fail = 0
    icons_checked = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futs = [pool.submit(compile_one, folio, src, tmp, *j) for j in jobs]
        for j, fut in zip(jobs, futs):
            layout, profile, engine = j
            name, problems, secs, overfull, pdf = fut.result()
            detail = f"{secs:.1f} s, {overfull} overfull"
            if pdf and engine != "pdflatex" or (pdf and profile == "example"):
                tree = run([folio, "build", "-q", "-f", "tree", "-l", layout, "-o", "-",
                            os.path.join(src, "data", profile + ".yaml")]).stdout.decode()
                if "[nobreak,icon]" in tree or "[nobreak,level]" in tree:
                    p2, n, got = check_icons(folio, src, tmp, layout, profile, pdf)
                    problems += p2
                    icons_checked += 1
                    detail += f", {got} outlines for {n} icons and level dots"
            if problems:
                fail += 1
                print(f"FAIL {name}: {'; '.join(problems)} ({detail})")
            else:
                print(f"ok   {name}: {detail}")
    print(f"latex_layouts: {len(jobs)} compiled, {icons_checked} checked for icons, {fail} failed")
    if icons_checked == 0 and any(e != "pdflatex" for e in engines):
        print("FAIL no layout with icons was checked")
        fail += 1
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
