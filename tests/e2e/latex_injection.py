#!/usr/bin/env python3
"""TeX injection, as a property over the whole schema (run by latex_injection.sh).

For every key of the profile and layout schemas (taken from the tables
folio itself checks keys against: `schema_keys`), a complete, valid profile
and layout are generated, and each string scalar -- every value, every list
item, every name a layout chooses such as a font family -- gets each
payload of PAYLOADS appended, once through a layout file and once through
the profile's own `layout:` overrides.  Then:

 1. every mutated input either is refused by the loader (exit 1, no .tex)
    or gives a .tex in which no payload survives as TeX code;
 2. for each payload, all the accepted mutations at once are compiled by
    hand (the user's way: the engines' default settings, no folio sandbox)
    with pdflatex, xelatex and lualatex: no /etc/passwd text in the PDF,
    no file written outside the output directory.

Usage: injection.py FOLIO SCHEMA_KEYS SRC WORKDIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

FOLIO, SCHEMA_KEYS, SRC, WORK = sys.argv[1:5]
OUTSIDE = os.path.join(WORK, "outside")  # nothing may ever appear here
os.makedirs(OUTSIDE, exist_ok=True)

PAYLOADS = {
    "input-lf": "\n\\input{/etc/passwd}\n",
    "input-cr": "\r\\input{/etc/passwd}\r",
    "caret": "^^5cinput{/etc/passwd}^^5cinput^^7b/etc/passwd^^7d",
    "catcode": "\\catcode`\\{=1 \\catcode`\\}=2 \\catcode`\\\\=0 \\input{/etc/passwd}",
    "comment": "%\\input{/etc/passwd}%\n\\input{/etc/passwd}",
    "brace": "}}}}\\input{/etc/passwd}{{{{",
    "directlua": "\\directlua{io.open(\"%s/pwned-lua\",\"w\"):write(\"x\")}" % OUTSIDE,
    "write18": "\\immediate\\write18{touch %s/pwned-shell}" % OUTSIDE,
    "openout": "\\immediate\\openout15=%s/pwned-openout \\immediate\\write15{x}"
               "\\immediate\\closeout15" % OUTSIDE,
    "nospace": "\\input{/etc/passwd}\\directlua{os.exit(1)}",
}
# TeX code that must never appear in a .tex folio writes (its own preamble
# uses none of these).
FORBIDDEN = [r"\input{/etc/passwd}", "^^5c", "^^7b", r"\directlua", r"\write18",
             r"\catcode", r"\openout", r"\immediate"]
PASSWD = "root:x:0:0"

fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL " + msg, flush=True)


# ---- the schema ---------------------------------------------------------------

profile_keys, fields, layout_keys = [], {}, []
for line in subprocess.run([SCHEMA_KEYS], capture_output=True, text=True, check=True).stdout.splitlines():
    w = line.split()
    if w[0] == "profile":
        profile_keys.append(w[1])
    elif w[0] == "field":
        fields.setdefault(w[1], []).append((w[2], w[3]))
    elif w[0] == "layout":
        layout_keys.append(w[1])

# ---- a complete, valid profile ---------------------------------------------------

SAMPLE = {"TEXT": "Sample text", "URL": "https://example.org/page", "DATE": "2020-03",
          "LIST": ["first item", "second item"],
          "AUTHORS": ["Ada Lovelace", {"name": "Charles Babbage", "equal": True, "corresponding": True}],
          "LINKS": [{"label": "paper", "url": "https://example.org/paper"}]}
SPECIAL = {"email": "ada@example.org", "phone": "+44 20 7946 0000", "doi": "10.1234/abcd.5678",
           "level": "3/5", "grade": "3.9/4.0"}  # a bare number: printed after grade-label


def entries(kind):
    base = {}
    for name, typ in fields[kind]:
        base[name] = SPECIAL.get(name, SAMPLE[typ])
    if kind in ("bullet", "text"):
        return ["A plain entry", "Another plain entry"]
    out = []
    if "start" in base and "date" in base:
        with_range = {k: v for k, v in base.items() if k != "date"}
        with_range["start"], with_range["end"] = "2019-01", "present"
        with_date = {k: v for k, v in base.items() if k not in ("start", "end")}
        out = [with_range, with_date]
    else:
        out = [base]
    return out


def profile(layout_overrides=None):
    p = {"name": "Ada Lovelace", "headline": "Analyst of the Analytical Engine",
         "location": "London", "email": "ada@example.org", "phone": "+44 20 7946 0000",
         "website": "https://example.org",
         "links": [{"network": "GitHub", "username": "ada"},
                   {"network": "Mastodon", "username": "ada@example.org"},
                   {"label": "Blog", "url": "https://example.org/blog"}],
         "photo": "photo.jpg", "owner": ["A. Lovelace"], "keywords": ["mathematics", "engines"],
         "sections": [{"title": "Section of kind " + k, "kind": k, "entries": entries(k)}
                      for k in fields]}
    if layout_overrides is not None:
        p["layout"] = layout_overrides
    return p


# ---- a complete, valid layout ------------------------------------------------------

ROLES = ["body", "name", "headline", "contact", "section.title", "entry.title",
         "entry.subtitle", "entry.date", "entry.detail", "bullet", "footer"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def style(role):
    return {"font": "serif" if role != "headline" else "x", "size": "10pt", "leading": "12.5pt",
            "bold": role in ("name", "entry.title"), "italic": False, "color": "#1a1a1a",
            "case": "as-is", "tracking": 10, "align": "justify" if role == "body" else "left",
            "hyphenate": role == "body", "link-color": "#24598f"}


def template(kind):
    names = [n for n, _ in fields[kind]]
    first = names[0]
    if kind in ("bullet", "text"):
        return {"rows": [], "body": ["text"]}
    body = [n for n in names if n in ("summary", "highlights")]
    rest = [n for n in names if n not in body]
    right = "{dates}" if "date" in names else "{%s}" % rest[-1]
    return {"rows": [{"left": "**{%s}**" % first, "right": right,
                      "style": "entry.title", "right-style": "entry.date"},
                     {"left": {"parts": ["{%s}" % n for n in rest[1:3]] or ["{%s}" % first],
                               "sep": ", ", "style": "entry.subtitle", "chips": kind == "skill"},
                      "right": {"parts": ["{%s}" % rest[-1]], "sep": " ", "style": "entry.date",
                                "chips": kind == "award"}}],
            "body": body}


def layout():
    faces = lambda stem: {"regular": stem + "-Regular.ttf", "bold": stem + "-Bold.ttf",
                          "italic": stem + "-Italic.ttf", "bold-italic": stem + "-BoldItalic.ttf"}
    serif = faces("NotoSerif")
    serif["tex"] = "charter"
    mono = {"regular": "NotoSansMono-Regular.ttf", "bold": "NotoSansMono-Bold.ttf",
            "italic": "NotoSansMono-Regular.ttf", "bold-italic": "NotoSansMono-Bold.ttf", "tex": "lmodern"}
    return {
        "name": "injection", "description": "every layout key", "extends": "classic",
        "page": {"size": "A4", "margins": {"top": "18mm", "right": "20mm", "bottom": "18mm", "left": "20mm"}},
        "fonts": {"serif": serif, "mono": mono, "x": faces("NotoSans")},
        "colors": {"accent": "#1f3a5f", "link": "accent", "text": "#1a1a1a"},
        "styles": {r: style(r) for r in ROLES},
        "spacing": {**{k: "4pt" for k in ("header-after", "section-before", "section-after",
                                           "row-gap", "paragraph-gap", "list-indent", "item-gap")},
                    "entry-gap": "4pt plus 1pt minus 1pt", "shrink": "40%", "stretch": "25%"},
        "header": {"align": "center", "separator": " | ",
                   "contact": ["email", "phone", "website", "location", "links"],
                   "photo": {"show": True, "size": "2cm", "shape": "circle", "side": "right"},
                   "place": "top", "contact-lines": False, "icons": True, "icon-color": "accent",
                   "banner": {"color": "#dde4ee", "padding": "10pt"}},
        "sidebar": {"side": "left", "width": "50mm", "gap": "8mm", "background": "#eeeeee",
                    "padding": "4mm", "pages": "all",
                    "sections": ["skill", "Section of kind language"],
                    "styles": {r: style(r) for r in ROLES}},
        "sections": {"order": ["experience", "Section of kind education"],
                     "hide": ["No such section"], "main": ["award"], "region": "main"},
        "gutter": {"width": "25mm", "gap": "4mm"},
        "section": {"rule": "below", "rule-width": "0.5pt", "rule-gap": "2pt", "rule-color": "accent"},
        "dates": {"year": "%Y", "month": "%b %Y", "day": "%b %-d, %Y", "range-separator": " – ",
                  "present": "present", "month-names": MONTHS, "month-abbreviations": [m[:3] for m in MONTHS]},
        "publication": {"owner": "bold", "equal-mark": "*", "corresponding-mark": "†",
                        "author-separator": ", ", "author-last-separator": " and ",
                        "link-format": "[%s]", "link-separator": " "},
        "templates": {**{k: template(k) for k in fields},
                      "Section of kind experience": {**template("experience"), "kind": "experience"}},
        "bullet": "•", "list-separator": ", ", "grade-label": "GPA", "title": "%n — CV",
        "footer": {"page-format": "Page %p of %n"},
        "code": {"font": "mono", "scale": 0.9},
        "chip": {"background": "accent 15%", "color": "text"},
        "hyphenation": {"left-min": 2, "right-min": 3, "capitalized": False, "final-demerits": 100000},
    }


def patterns(tree, prefix=""):
    """The key-table paths a layout tree uses ("fonts.*.regular", "templates.*.rows[].left")."""
    out = set()
    if isinstance(tree, dict):
        for k, v in tree.items():
            if prefix in ("fonts", "styles", "templates", "sidebar.styles"):
                k = "*"
            path = prefix + "." + k if prefix else k
            out.add(path)
            out |= patterns(v, path)
    elif isinstance(tree, list) and prefix.endswith("rows"):
        for item in tree:
            out.add(prefix + "[]")
            out |= patterns(item, prefix + "[]")
    return out


# ---- mutation points -------------------------------------------------------------------

def points(tree, path=()):
    """Paths of every string scalar, list item and chosen name in tree."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            if path and path[-1] in ("fonts", "styles", "templates"):  # a name the layout picks
                yield path + (("key", k),)
            yield from points(v, path + (k,))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            yield from points(v, path + (i,))
    elif isinstance(tree, (str, bool, int, float)):
        yield path


def mutate(tree, point, payload):
    tree = json.loads(json.dumps(tree))
    node = tree
    for step in point[:-1]:
        node = node[step]
    last = point[-1]
    if isinstance(last, tuple):  # rename a key
        name = last[1]
        node[name + payload] = node.pop(name)
        if point[-2] == "fonts":  # the family stays in use
            lay = tree
            for step in point[:-2]:
                lay = lay[step]
            for st in list(lay.get("styles", {}).values()) + [lay.get("code", {})]:
                if st.get("font") == name:
                    st["font"] = name + payload
    else:
        node[last] = str(node[last]) + payload
    return tree


def label(point):
    return ".".join(str(p[1]) if isinstance(p, tuple) else str(p) for p in point)


# ---- runs --------------------------------------------------------------------------

def write(path, tree):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tree, f, ensure_ascii=False)


def build_tex(d, prof, lay):
    """Write the inputs into directory d and build cv.tex; the exit status."""
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(SRC, "tests/fixtures/pdf/photo.jpg"), os.path.join(d, "photo.jpg"))
    write(os.path.join(d, "cv.yaml"), prof)
    args = [FOLIO, "build", "-q", "-f", "tex", "-o", "cv.tex", "cv.yaml"]
    if lay is not None:
        write(os.path.join(d, "layout.yaml"), lay)
        args[2:2] = ["-l", "layout.yaml"]
    r = subprocess.run(args, cwd=d, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stderr


def check_tex(d, what):
    with open(os.path.join(d, "cv.tex"), encoding="utf-8", errors="replace") as f:
        tex = f.read()
    for bad in FORBIDDEN:
        if bad in tex:
            fail("%s: the .tex holds %r" % (what, bad))
            return False
    return True


def try_point(args):
    n, (kind, point, name, payload) = args
    d = os.path.join(WORK, "p%05d" % n)
    base_p, base_l = (profile(), layout()) if kind != "override" else (profile(layout()), None)
    if kind == "profile":
        prof, lay = mutate(base_p, point, payload), base_l
    elif kind == "layout":
        prof, lay = base_p, mutate(base_l, point, payload)
    else:
        prof, lay = mutate(base_p, ("layout",) + point, payload), None
    st, err = build_tex(d, prof, lay)
    what = "%s %s + %s" % (kind, label(point), name)
    if st == 0:
        check_tex(d, what)
    elif st != 1:
        fail("%s: exit %d: %s" % (what, st, err.strip()[:200]))
    elif os.path.exists(os.path.join(d, "cv.tex")):
        fail("%s: refused but wrote cv.tex" % what)
    shutil.rmtree(d, ignore_errors=True)
    return (kind, point, name, st == 0)


def main():
    lay = layout()
    missing = set(layout_keys) - patterns(lay)
    if missing:
        fail("the generated layout lacks table keys (teach injection.py a sample): " + ", ".join(sorted(missing)))
    # the base inputs build
    st, err = build_tex(os.path.join(WORK, "base"), profile(), lay)
    if st != 0:
        fail("the complete profile and layout do not build (exit %d): %s" % (st, err[:400]))
        return
    st, err = build_tex(os.path.join(WORK, "base-override"), profile(lay), None)
    if st != 0:
        fail("the complete profile with layout overrides does not build (exit %d): %s" % (st, err[:400]))
        return
    prof_points = list(points(profile()))
    lay_points = list(points(lay))
    jobs = []
    for name, payload in PAYLOADS.items():
        jobs += [("profile", p, name, payload) for p in prof_points]
        jobs += [("layout", p, name, payload) for p in lay_points]
        jobs += [("override", p, name, payload) for p in lay_points]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        results = list(ex.map(try_point, enumerate(jobs)))
    accepted = {}
    for kind, point, name, ok in results:
        if ok:
            accepted.setdefault(name, []).append((kind, point))
    n_ok = sum(1 for r in results if r[3])
    print("mutations: %d (%d profile strings, %d layout strings, %d payloads); built: %d, refused: %d"
          % (len(results), len(prof_points), len(lay_points), len(PAYLOADS), n_ok, len(results) - n_ok),
          flush=True)

    # every payload at all accepted places at once, compiled by hand by each engine
    for name, payload in PAYLOADS.items():
        prof, lay2 = profile(), layout()
        over = layout()
        # renamed keys last: the other places still find their path
        for kind, point in sorted(accepted.get(name, []), key=lambda kp: isinstance(kp[1][-1], tuple)):
            if kind == "profile":
                prof = mutate(prof, point, payload)
            elif kind == "layout":
                lay2 = mutate(lay2, point, payload)
            else:
                over = mutate(over, point, payload)
        for variant, (p, l) in (("file", (prof, lay2)), ("override", (dict(prof, layout=over), None))):
            d = os.path.join(WORK, "all-%s-%s" % (name, variant))
            st, err = build_tex(d, p, l)
            if st != 0:
                fail("payload %s (%s): all accepted mutations together do not build: %s"
                     % (name, variant, err.strip()[:300]))
                continue
            check_tex(d, "payload %s (%s), all places" % (name, variant))
            compile_by_hand(d, name + " " + variant)


def compile_by_hand(d, what):
    engines = ["xelatex", "lualatex"]
    with open(os.path.join(d, "cv.tex"), encoding="utf-8", errors="replace") as f:
        if "folio-engine: pdflatex" in f.read():
            engines.insert(0, "pdflatex")

    def run(engine):
        e = os.path.join(d, engine)
        os.makedirs(e, exist_ok=True)
        shutil.copy(os.path.join(d, "cv.tex"), e)
        shutil.copy(os.path.join(d, "photo.jpg"), e)
        r = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "cv.tex"],
                           cwd=e, capture_output=True, text=True, timeout=300)
        return engine, e, r.returncode

    with ThreadPoolExecutor(max_workers=2) as ex:
        for engine, e, st in ex.map(run, engines):
            pdf = os.path.join(e, "cv.pdf")
            if st != 0 or not os.path.exists(pdf):
                log = open(os.path.join(e, "cv.log"), errors="replace").read() if os.path.exists(os.path.join(e, "cv.log")) else ""
                m = re.search(r"^!.*$", log, re.M)
                fail("%s: %s failed (exit %d): %s" % (what, engine, st, m.group(0) if m else ""))
                continue
            text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
            if PASSWD in text:
                fail("%s: %s put /etc/passwd in the PDF" % (what, engine))
            extra = set(os.listdir(e)) - {"cv.tex", "photo.jpg", "cv.pdf", "cv.log", "cv.aux", "cv.out"}
            if extra:
                fail("%s: %s wrote unexpected files %s" % (what, engine, sorted(extra)))
            print("ok   %s: %s compiled, nothing injected" % (what, engine), flush=True)
    if os.listdir(OUTSIDE):
        fail("%s: files written outside the output directory: %s" % (what, os.listdir(OUTSIDE)))


main()
print("injection: %d failed" % len(fails))
sys.exit(1 if fails else 0)
