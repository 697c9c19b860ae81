#!/usr/bin/env python3
"""Every limit at its boundary, in every back end (run by latex_limits.sh).

Profiles with each field at its byte limit (docs/profile.md, "Input limits";
the limits come from folio's own tables via `schema_keys`; the layout's
in docs/layouts.md), in the content
that is hardest for each back end -- wide unbreakable letters, TeX specials
that grow when escaped, multi-byte characters -- plus a layout with every
length, size and string at its limit and a profile with every count at its
limit.  Each builds as pdf (qpdf --check), tree, and tex compiled by
pdflatex (where it can set the text), xelatex and lualatex through
`folio build -f tex --compile`.  One byte over a limit is refused (exit 1).

Usage: latex_limits.py FOLIO SCHEMA_KEYS SRC WORKDIR
"""
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

FOLIO, SCHEMA_KEYS, SRC, WORK = sys.argv[1:5]
fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL " + msg, flush=True)


profile_keys, fields = {}, {}
for line in subprocess.run([SCHEMA_KEYS], capture_output=True, text=True, check=True).stdout.splitlines():
    w = line.split()
    if w[0] == "profile":
        profile_keys[w[1]] = int(w[3])
    elif w[0] == "field":
        fields.setdefault(w[1], []).append((w[2], w[3], int(w[4])))
LINE = profile_keys["name"]
URL = profile_keys["website"]
PARAGRAPH = max(m for fs in fields.values() for _, _, m in fs)
SHORT_PARAGRAPH = 2048  # most paragraphs; one of each kind of list/field is at PARAGRAPH


def fill(unit, nbytes):
    """unit repeated to exactly nbytes bytes (padded with 'x' when unit does not divide it)."""
    u = unit.encode()
    s = unit * (nbytes // len(u))
    return s + "x" * (nbytes - len(s.encode()))


def url(nbytes):
    head = "https://example.org/"
    return head + fill("p", nbytes - len(head))


def fields_profile(unit, paragraph_kinds):
    """Every field at its limit; paragraphs at the limit only in paragraph_kinds."""
    sections = []
    for kind, fs in fields.items():
        if kind in ("bullet", "text"):
            n = PARAGRAPH if kind in paragraph_kinds else SHORT_PARAGRAPH
            sections.append({"title": fill(unit, LINE), "kind": kind, "entries": [fill(unit, n)]})
            continue
        e = {}
        for name, typ, mx in fs:
            if mx > LINE and kind not in paragraph_kinds:
                mx = SHORT_PARAGRAPH
            if name in ("start", "end", "date"):
                continue
            if typ == "URL":
                e[name] = url(mx)
            elif typ == "LIST":
                e[name] = [fill(unit, mx), "second"]
            elif typ == "AUTHORS":
                e[name] = [fill(unit, LINE), {"name": fill(unit, LINE), "equal": True}]
            elif typ == "LINKS":
                e[name] = [{"label": fill(unit, LINE), "url": url(URL)}]
            elif name == "doi":
                e[name] = "10.1234/" + fill("d", mx - 8)
            elif name == "level":
                e[name] = "10/10"  # the most marks
            else:
                e[name] = fill(unit, mx)
        # free-text dates at the one-line limit
        if any(n == "start" for n, _, _ in fs):
            e["start"], e["end"] = "2019-01", fill(unit, LINE)
        elif any(n == "date" for n, _, _ in fs):
            e["date"] = fill(unit, LINE)
        sections.append({"title": fill(unit, LINE), "kind": kind, "entries": [e]})
    return {"name": fill(unit, LINE), "headline": fill(unit, LINE), "location": fill(unit, LINE),
            "email": fill("e", LINE - 12) + "@example.org", "phone": fill("1", LINE),
            "website": url(URL),
            "links": [{"network": "GitHub", "username": fill("u", LINE)},
                      {"label": fill(unit, LINE), "url": url(URL)}],
            "keywords": [fill(unit, LINE)] * 200, "owner": [fill(unit, LINE)], "sections": sections}


def layout_at_limit():
    big = {"size": "400pt", "leading": "2000pt", "tracking": 1000}
    s = fill("W", 1024)
    return {"extends": "classic",
            "page": {"size": ["200in", "200in"], "margins": "7164pt"},
            "styles": {"name": big, "section.title": big, "entry.date": big, "footer": big,
                       "bullet": {"size": "400pt", "tracking": 1000}},
            "spacing": {k: "2000pt" for k in ("header-after", "section-before", "section-after",
                                               "entry-gap", "row-gap", "paragraph-gap", "item-gap")},
            "header": {"separator": s, "photo": {"size": "2000pt"}},
            "section": {"rule-width": "2000pt", "rule-gap": "2000pt"},
            "dates": {"range-separator": s, "present": s, "month-names": [s] * 12},
            "publication": {"equal-mark": s, "author-separator": s, "link-format": s[:1022] + "%s"},
            "bullet": "WWWWWWWW", "list-separator": s, "title": s[:1022] + "%n",
            "footer": {"page-format": fill("W", 1020) + "%p%n"}, "code": {"scale": 2}}


def counts_profile():
    authors = ["Author %d" % i for i in range(500)]
    return {"name": "Ada Lovelace", "sections": [
        {"title": "Experience", "entries": [
            {"organization": "Org %d" % i, "position": "Engineer", "start": "2001-01", "end": "present",
             "highlights": ["highlight %d" % j for j in range(200 if i == 0 else 2)]}
            for i in range(1000)]},
        {"title": "Publications", "entries": [{"title": "Paper", "authors": authors}]}]}


def run(args, cwd, timeout=600):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def build_all(name, profile, layout=None, engines=("pdflatex", "xelatex", "lualatex")):
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "cv.yaml"), "w", encoding="utf-8") as f:
        json.dump(profile, f, ensure_ascii=False)
    extra = []
    if layout:
        with open(os.path.join(d, "layout.yaml"), "w", encoding="utf-8") as f:
            json.dump(layout, f, ensure_ascii=False)
        extra = ["-l", "layout.yaml"]
    if "photo" in profile:
        shutil.copy(os.path.join(SRC, "tests/fixtures/pdf/photo.jpg"), os.path.join(d, "photo.jpg"))
    for fmt in ("pdf", "tree", "tex"):
        r = run([FOLIO, "build", "-q", "-f", fmt, "-o", "cv." + fmt] + extra + ["cv.yaml"], d)
        if r.returncode != 0:
            fail("%s: -f %s exit %d: %s" % (name, fmt, r.returncode, r.stderr.strip()[:300]))
            return
    r = run(["qpdf", "--check", "cv.pdf"], d)
    if r.returncode != 0:
        fail("%s: qpdf --check: %s" % (name, r.stdout.strip()[-300:]))
    needs_unicode = "folio-engine: xelatex" in open(os.path.join(d, "cv.tex"), encoding="utf-8").read()

    def compile_with(engine):
        e = os.path.join(d, engine)
        os.makedirs(e, exist_ok=True)
        for f in ("cv.yaml", "layout.yaml", "photo.jpg"):
            if os.path.exists(os.path.join(d, f)):
                shutil.copy(os.path.join(d, f), e)
        r = run([FOLIO, "build", "-q", "-f", "tex", "--compile=" + engine, "-o", "cv.tex"] + extra
                + ["cv.yaml"], e)
        return engine, e, r

    todo = [x for x in engines if not (x == "pdflatex" and needs_unicode)]
    with ThreadPoolExecutor(max_workers=2) as ex:
        for engine, e, r in ex.map(compile_with, todo):
            if r.returncode != 0 or not os.path.exists(os.path.join(e, "cv.pdf")):
                fail("%s: %s: exit %d: %s" % (name, engine, r.returncode, r.stderr.strip()[:400]))
            else:
                print("ok   %s: pdf, tree, tex and %s" % (name, engine), flush=True)


def refused(name, profile, layout=None):
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "cv.yaml"), "w", encoding="utf-8") as f:
        json.dump(profile, f, ensure_ascii=False)
    extra = []
    if layout:
        with open(os.path.join(d, "layout.yaml"), "w", encoding="utf-8") as f:
            json.dump(layout, f, ensure_ascii=False)
        extra = ["-l", "layout.yaml"]
    r = run([FOLIO, "check"] + extra + ["cv.yaml"], d)
    if r.returncode != 1 or not any(m in r.stderr for m in ("bytes long; the limit", "at most", "value too long")):
        fail("%s: want exit 1 with a limit message, got %d: %s" % (name, r.returncode, r.stderr.strip()[:200]))
    else:
        print("ok   %s: refused" % name, flush=True)


build_all("fields-wide", fields_profile("W", {"experience", "text"}))
build_all("fields-specials", fields_profile("^\\{}%#~", {"education", "bullet"}))
build_all("fields-multibyte", fields_profile("€", {"project", "publication"}))
build_all("layout-at-limit", {"name": "Ada Lovelace", "headline": "Analyst", "photo": "photo.jpg",
                              "sections": [{"title": "Experience", "entries": [
                                  {"organization": "Org", "start": "2019-01", "end": "present",
                                   "location": "London", "highlights": ["one", "two"]}]}]},
          layout_at_limit())
# field limits and layout limits together: a narrow page, huge leading, long cells
build_all("fields-and-layout", {
    "name": "Ada Lovelace",
    "sections": [
        {"title": "Experience", "entries": [{"organization": "Org", "position": fill("word ", LINE),
                                             "start": "2019-01", "end": "present"}]},
        {"title": "News", "kind": "news", "entries": [{"text": fill("lorem ", PARAGRAPH), "date": "2020-01"}]}]},
    {"extends": "classic", "page": {"size": ["5in", "11in"], "margins": "1in"},
     "styles": {"entry.title": {"leading": "2000pt"}}})
build_all("counts-at-limit", counts_profile(), engines=("pdflatex", "lualatex"))

# one over: refused
refused("name-over", {"name": fill("W", LINE + 1), "sections": [{"title": "T", "kind": "bullet", "entries": ["a"]}]})
refused("paragraph-over", {"name": "A", "sections": [{"title": "T", "kind": "text", "entries": [fill("W", PARAGRAPH + 1)]}]})
refused("url-over", {"name": "A", "website": url(URL + 1), "sections": [{"title": "T", "kind": "bullet", "entries": ["a"]}]})
over = layout_at_limit()
over["dates"]["present"] = fill("W", 1025)
refused("layout-string-over", {"name": "A", "sections": [{"title": "T", "kind": "bullet", "entries": ["a"]}]}, over)
over = layout_at_limit()
over["spacing"]["entry-gap"] = "2000.01pt"
refused("layout-length-over", {"name": "A", "sections": [{"title": "T", "kind": "bullet", "entries": ["a"]}]}, over)

print("limits: %d failed" % len(fails))
sys.exit(1 if fails else 0)
