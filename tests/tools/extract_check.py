#!/usr/bin/env python3
"""Check the text three extractors get out of a folio PDF against the tree dump.

usage: extract_check.py PDF TREE [--extractors LIST] [--text NAME=FILE ...]
                        [--known FILE --layout NAME] [--emit-known]
                        [--allow CHARS] [--label NAME] [-q]

PDF is a folio PDF, TREE the `folio build -f tree` dump of the same build
(same profile, same layout).  The PDF is run through pdftotext, `mutool draw
-F txt` and pdfminer (default LAParams, as pdf2txt does), each in its default
mode, and each text is checked (docs/extraction.md):

  * every expected string (the name, section titles, every row cell: entry
    titles, organisations, dates, venues) appears whole, white space
    normalised (line ends and runs of spaces are one space; a word broken
    with a hyphen at a line end is rejoined), and with its case: a string
    found only with its letters apart is "split", only with case or hyphens
    changed "mangled";
  * in reading order, per region: the name, titles and left cells each after
    the one before (the longest chain of them in order is kept; the others
    are reported); a date (a right-aligned or entry.date cell) inside its
    own entry: after the previous entry's text, before the next entry's;
  * when the tree has `region` blocks: no extracted line holds words of two
    regions, and on each page each region's text is one contiguous run;
  * no Private Use Area character (icon glyphs), no U+FFFD or "(cid:N)", and
    no character that is not in the tree's text (but for digits, "/", "-",
    "•" and --allow CHARS: page numbers, hyphens, bullets);
  * the extractor exits 0 and prints nothing on stderr (pdfminer: logs no
    warning); mupdf's note that it lacks colour management is ignored.

--text NAME=FILE checks FILE as the output of extractor NAME instead of
running it (PDF may then be "-").  --known FILE with --layout NAME reads
"layout extractor key [check]" lines (class Known, docs/extraction.md)
and reports a failure matching one as XFAIL; each matched line is printed
as "KNOWN <line number>".  --emit-known prints every failure as the line
that would match it: "NEWKNOWN <line>".

Output: one line per failure, "FAIL <extractor>: <check>: <key> -- <detail>",
then a summary.  Exit status 0 when every failure is known, 1 otherwise, 2
on bad usage.
"""

import argparse
import bisect
import fnmatch
import functools
import json
import os
import re
import subprocess
import sys
import unicodedata

EXTRACTORS = ("pdftotext", "mutool", "pdfminer")
# Marks a line end that followed a hyphen in the extracted text: "algo-" +
# "rithm" becomes "algo-\x00rithm", which expected "algorithm" (a soft
# hyphenation) and "Multi-Dimensional" (a hard hyphen at the end of a line)
# both match.
JOIN = "\x00"
# Joins the other lines: a line end is kept apart from a space, so that a
# URL broken without a hyphen ("…/dandiset/" + "000874/…") can match whole.
LB = "\n"
PAGE = "\f"
# Where folio's typesetter breaks a URL, address or path too wide for its
# line, without adding a hyphen (src/typeset/inline.c, emit_fragment): after
# one of these characters, before one of those.
URL_AFTER = "/_?&=#"
URL_BEFORE = ".@-"
DEFAULT_ALLOW = set("0123456789/-•")
MUPDF_NOTES = ("warning: ICC support is not available",)


# ---- the tree dump ---------------------------------------------------------

class Block:
    """One line of the tree dump: type, attributes, text of its runs."""

    def __init__(self, depth, kind, attrs, text, parent):
        self.depth, self.kind, self.attrs, self.text = depth, kind, attrs, text
        self.parent = parent
        self.children = []

    def ancestor(self, kind):
        b = self.parent
        while b is not None and b.kind != kind:
            b = b.parent
        return b


_ATTR = re.compile(r'([A-Za-z][\w.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)')
_RUN = re.compile(r'(?:\[([a-z,]+)\])?("(?:[^"\\]|\\.)*")(?:<[^>]*>)?')


def parse_line(line):
    """(depth, type, attrs, text) of one dump line; None for a blank line."""
    stripped = line.rstrip("\n").rstrip("\r")
    body = stripped.lstrip(" ")
    if not body:
        return None
    depth = (len(stripped) - len(body)) // 2
    kind, _, rest = body.partition(" ")
    attrs, parts = {}, []
    i = 0
    while i < len(rest):
        if rest[i] == " ":
            i += 1
            continue
        m = _ATTR.match(rest, i)
        if m and not parts:
            v = m.group(2)
            attrs[m.group(1)] = json.loads(v) if v.startswith('"') else v
            i = m.end()
            continue
        if rest.startswith("@", i) and not parts:  # FOLIO_TREE_POS=1
            while i < len(rest) and rest[i] != " ":
                i += 1
            continue
        if rest.startswith("\u23ce", i):  # a hard line break
            parts.append("\n")
            i += 1
            continue
        m = _RUN.match(rest, i)
        if not m:
            raise ValueError(f"cannot read the tree line: {stripped!r}")
        if not {"icon", "level"} & set((m.group(1) or "").split(",")):  # drawn, never text
            parts.append(json.loads(m.group(2)))
        i = m.end()
    return depth, kind, attrs, "".join(parts)


def parse_tree(text):
    """The dump's root Block (type "document"), children nested by indent."""
    root, stack = None, []
    nregions = 0
    for n, line in enumerate(text.splitlines(), 1):
        try:
            got = parse_line(line)
        except ValueError as e:
            raise ValueError(f"tree line {n}: {e}") from None
        if got is None:
            continue
        depth, kind, attrs, s = got
        while stack and stack[-1].depth >= depth:
            stack.pop()
        b = Block(depth, kind, attrs, s, stack[-1] if stack else None)
        if kind == "region":
            nregions += 1
            b.index = nregions
        if b.parent is not None:
            b.parent.children.append(b)
        elif root is None:
            root = b
        else:
            raise ValueError(f"tree line {n}: a second root block")
        stack.append(b)
    if root is None:
        raise ValueError("the tree is empty")
    return root


def walk(b):
    yield b
    for c in b.children:
        yield from walk(c)


def region_of(b):
    """The name of the region b is in: "" outside any region; a region
    without a name attribute is named by its kind or role attribute, else
    by its place ("#2": the second region of the tree)."""
    r = b if b.kind == "region" else b.ancestor("region")
    if r is None:
        return ""
    return r.attrs.get("name") or r.attrs.get("kind") or r.attrs.get("role") or f"#{r.index}"


class Want:
    """An expected string: its text, what it is, its region and entry."""

    def __init__(self, text, what, side, region, unit):
        self.text, self.what, self.side = text, what, side
        self.region, self.unit = region, unit

    def __repr__(self):
        return f"Want({self.text!r}, {self.what}, side={self.side}, region={self.region!r})"


def expected(root):
    """The strings the PDF must show, in document order.

    The name, section titles and row cells.  A right-aligned cell or an
    entry.date cell is a "side" string: in reading order when it lies inside
    its own entry (a date column may come before or after its title)."""
    wants = []
    for b in walk(root):
        if b.kind == "paragraph" and b.attrs.get("role") == "name":
            what = "name"
        elif b.kind == "section":
            what = "section title"
        elif b.kind == "cell":
            what = b.attrs.get("role", "cell")
        else:
            continue
        text = norm_expected(b.text)
        if not text:
            continue
        side = b.kind == "cell" and (b.attrs.get("align") == "right"
                                     or b.attrs.get("role") == "entry.date")
        unit = b.ancestor("entry") or b
        wants.append(Want(text, what, side, region_of(b), id(unit)))
    return wants


def regions(root):
    """Region names in document order ("" for text outside any region)."""
    names = []
    for b in walk(root):
        if b.kind in ("document", "region"):
            continue
        r = region_of(b)
        if r not in names and (b.text or b.kind == "region"):
            names.append(r)
    return names


def region_text(root):
    """{region: all text of its blocks}."""
    out = {}
    for b in walk(root):
        if b.text:
            out.setdefault(region_of(b), []).append(b.text)
    return {k: "\n".join(v) for k, v in out.items()}


def tree_chars(root):
    chars = set()
    for b in walk(root):
        chars.update(unicodedata.normalize("NFC", b.text))
    return chars


# ---- normalising text ------------------------------------------------------

def spaces(s):
    return "".join(" " if c.isspace() else c for c in s)


def norm_expected(s):
    s = unicodedata.normalize("NFC", s)
    return re.sub(" +", " ", spaces(s)).strip()


_PAGE_NUMBER = re.compile(r"\s*\d+\s*/\s*\d+\s*")


class Text:
    """An extractor's text as one normalised string, with each character's
    page and line.

    Pages are split at form feeds, lines at newlines; a line that is only a
    page number ("3 / 5") is dropped; lines are joined by LB, or by JOIN
    after a line ending in letter + hyphen when the next begins with a
    letter; within a line, runs of white space become one space."""

    def __init__(self, raw):
        self.raw = unicodedata.normalize("NFC", raw)
        self.lines = []  # (page, text of the line as extracted)
        chars, where = [], []
        pages = self.raw.split(PAGE)
        if pages and not pages[-1].strip():
            pages.pop()
        for p, page in enumerate(pages, 1):
            for line in page.split("\n"):
                if not line.strip() or _PAGE_NUMBER.fullmatch(line):
                    continue
                line = re.sub(" +", " ", spaces(line)).strip()
                k = len(self.lines)
                self.lines.append((p, line))
                if chars:
                    hyphen = (chars[-1] == "-" and len(chars) > 1 and chars[-2].isalpha()
                              and line[0].isalpha())
                    chars.append(JOIN if hyphen else LB)
                    where.append(k)
                chars.extend(line)
                where.extend([k] * len(line))
        self.norm = "".join(chars)
        self.where = where

    def line_of(self, i):
        return self.where[min(i, len(self.where) - 1)] if self.where else 0

    def page_of(self, i):
        return self.lines[self.line_of(i)][0] if self.lines else 1

    def context(self, start, end, width=30):
        a, b = max(0, start - width), min(len(self.norm), end + width)
        return ("…" if a > 0 else "") + shown(self.norm[a:b]) + ("…" if b < len(self.norm) else "")


def shown(s):
    """Normalised text for a report: line ends as ⏎, hyphenation joins out."""
    return s.replace(JOIN, "").replace(LB, "⏎")


@functools.lru_cache(maxsize=None)
def pattern(s):
    """A regex matching s in normalised text: a space matches a space or a
    line end; a hyphen may be followed by a line-end JOIN; a line-end
    hyphenation ("-" + JOIN) may sit between two letters of a word; a line
    end may sit where folio breaks a long URL or address without a hyphen
    (URL_AFTER, URL_BEFORE).  A string that begins (ends) with a
    letter or digit does not match inside a word: "Intern" is not in
    "Internship", "2023" not in "12023"."""
    out = ["(?<!\\w)"] if s[:1].isalnum() else []
    for i, c in enumerate(s):
        prev = s[i - 1] if i > 0 else " "
        nxt = s[i + 1] if i + 1 < len(s) else " "
        if c == " ":
            out.append("[ " + LB + "]")
            continue
        if c in URL_BEFORE and prev != " ":
            out.append(LB + "?")
        if c == "-":
            out.append("-" + JOIN + "?")
        else:
            out.append(re.escape(c))
        if c.isalpha() and nxt.isalpha():
            out.append("(?:-" + JOIN + ")?")
        elif c in URL_AFTER and nxt != " " and i + 1 < len(s):
            out.append(LB + "?")
    if s[-1:].isalnum():
        out.append("(?!\\w)")
    return re.compile("".join(out))


def _fold(c, loose):
    if not loose:
        return c
    low = c.lower()
    return low if len(low) == 1 else c  # keep one character per character


def _squeezed(text, loose):
    """text.norm without white space (and with loose, without hyphens and
    lower-cased), and for each of its characters the index in text.norm;
    computed once per Text."""
    cache = text.__dict__.setdefault("_squeezed", {})
    if loose not in cache:
        drop = " " + LB + JOIN + (HYPHENS if loose else "")
        keep, idx = [], []
        for i, c in enumerate(text.norm):
            if c not in drop:
                keep.append(_fold(c, loose))
                idx.append(i)
        cache[loose] = ("".join(keep), idx)
    return cache[loose]


HYPHENS = "-\u00ad\u2010\u2011"


def loose_find(text, want, lo, hi, loose, taken=()):
    """Where want occurs in text.norm[lo:hi] ignoring white space (a split by
    letter-spacing, "E XPERIENCE"), and with loose also case and hyphens (a
    hyphen lost at a line end, "WróblewskaMüller"): (start, end), or None.
    Compared character by character, without case folding's expansions;
    a match overlapping a taken span (a string already placed) is skipped."""
    drop = " " + LB + JOIN + (HYPHENS if loose else "")
    target = "".join(_fold(c, loose) for c in want if c not in drop and not c.isspace())
    if not target:
        return None
    joined, idx = _squeezed(text, loose)
    kl, kh = bisect.bisect_left(idx, lo), bisect.bisect_left(idx, hi)
    k = joined.find(target, kl, kh)
    while k >= 0:
        a, b = idx[k], idx[k + len(target) - 1] + 1
        if not any(a < y and x < b for x, y in taken):
            return a, b
        k = joined.find(target, k + 1, kh)
    return None


# ---- checks ----------------------------------------------------------------

class Failure:
    def __init__(self, extractor, check, key, detail):
        self.extractor, self.check, self.key, self.detail = extractor, check, key, detail

    def __str__(self):
        return f"{self.extractor}: {self.check}: {self.key} -- {self.detail}"


class _MaxTree:
    """Prefix maximum over positions 0..n (a Fenwick tree)."""

    def __init__(self, n, empty):
        self.n, self.t = n + 1, [empty] * (n + 2)

    def put(self, i, v):
        i += 1
        while i <= self.n:
            if v > self.t[i]:
                self.t[i] = v
            i += i & -i

    def get(self, i):
        """The maximum over positions <= i."""
        i += 1
        best = self.t[0]
        while i > 0:
            if self.t[i] > best:
                best = self.t[i]
            i -= i & -i
        return best


def in_order(text, pats):
    """The most strings of pats found in order: {index: (start, end)}.

    Each string may match at any of its occurrences; the chosen matches do
    not overlap and each begins after the one before ends.  A longest chain
    (ties: the one ending first), so that one misplaced string is reported
    alone instead of every string after it."""
    empty = (0, 0, -1)
    tree = _MaxTree(len(text.norm), empty)
    nodes = []  # (index into pats, span, parent node)
    for k, pat in enumerate(pats):
        new = []
        for m in pat.finditer(text.norm):
            cnt, _, parent = tree.get(m.start())
            nodes.append((k, m.span(), parent))
            new.append((m.end(), (cnt + 1, -m.end(), len(nodes) - 1)))
        for end, v in new:  # after all of them: a string never follows itself
            tree.put(end, v)
    spans = {}
    node = tree.get(len(text.norm))[2]
    while node >= 0:
        k, span, node = nodes[node]
        spans[k] = span
    return spans


def check_order(ex, text, wants):
    """Whole strings in reading order, per region; Failures."""
    fails = []
    by_region = {}
    for w in wants:
        by_region.setdefault(w.region, []).append(w)
    for region, ws in by_region.items():
        label = f" (region {region})" if region else ""
        # main strings: in order (a longest chain of them)
        main = [k for k, w in enumerate(ws) if not w.side]
        pats = {k: pattern(ws[k].text) for k in range(len(ws))}
        chosen = in_order(text, [pats[k] for k in main])
        span = {main[i]: sp for i, sp in chosen.items()}
        prev = None
        for i, k in enumerate(main):
            if k in span:
                prev = k
                continue
            lo = span[prev][1] if prev is not None else 0
            hi = next((span[n][0] for n in main[i + 1:] if n in span), len(text.norm))
            fails.append(explain(ex, text, ws[k], pats[k], lo, hi, label,
                                 after=ws[prev].text if prev is not None else None))
        # side strings: inside their entry
        units = []  # unit ids in order, with their first and last main match
        first, last = {}, {}
        for k, w in enumerate(ws):
            if w.unit not in first and w.unit not in units:
                units.append(w.unit)
            if k in span:
                first.setdefault(w.unit, span[k][0])
                last[w.unit] = span[k][1]
        taken = sorted(span.values())
        for k, w in enumerate(ws):
            if not w.side:
                continue
            u = units.index(w.unit)
            lo = 0
            for p in reversed(units[:u]):
                if p in last:
                    lo = last[p]
                    break
            hi = len(text.norm)
            for n in units[u + 1:]:
                if n in first:
                    hi = first[n]
                    break
            for m in pats[k].finditer(text.norm, lo, hi):
                if not any(m.start() < b and a < m.end() for a, b in taken):
                    taken.append((m.start(), m.end()))
                    break
            else:
                fails.append(explain(ex, text, w, pats[k], lo, hi, label, side=True,
                                     taken=taken))
    return fails


def explain(ex, text, w, pat, lo, hi, label, side=False, after=None, taken=()):
    """The Failure for a string not found where it belongs (between lo and
    hi: after the string before it, before the one after it; for a side
    string, its entry).  In this order: found there only with its letters
    apart ("split") or with case or hyphens changed ("mangled"); found
    elsewhere ("out of order", "not inside its entry"); split or mangled
    elsewhere; "missing".  taken: spans of strings already placed, which an
    occurrence elsewhere may not overlap."""
    def near_miss(a, b):
        for check, loose in (("split", False), ("mangled", True)):
            sq = loose_find(text, w.text, a, b, loose, taken)
            if sq:
                got = shown(text.norm[sq[0]:sq[1]])
                return Failure(ex, check + label, quote(w.text),
                               f"{w.what} extracted as {got!r} in {text.context(*sq)!r}"
                               f" (page {text.page_of(sq[0])})")
        return None

    f = near_miss(lo, hi)
    if f:
        return f
    free = [m for m in pat.finditer(text.norm)
            if not any(m.start() < b and a < m.end() for a, b in taken)]
    m = next((m for m in free if m.start() >= lo), free[0] if free else None)
    if not m and side:
        m = pat.search(text.norm)
        if m:
            return Failure(ex, "not inside its entry" + label, quote(w.text),
                           f"{w.what} found only within another expected string, at "
                           f"{text.context(m.start(), m.end())!r} (page {text.page_of(m.start())})")
    if m:
        if side:
            where = "not inside its entry"
            how = ("after the next entry began, at" if m.start() >= hi else "before its entry, at")
        else:
            where = "out of order"
            how = f"out of order (expected after {after!r}), at" if after else "out of order, at"
        return Failure(ex, where + label, quote(w.text),
                       f"{w.what} found {how} {text.context(m.start(), m.end())!r}"
                       f" (page {text.page_of(m.start())})")
    return near_miss(0, len(text.norm)) or Failure(ex, "missing" + label, quote(w.text),
                                                   f"{w.what} not in the text")


def quote(s):
    return json.dumps(s, ensure_ascii=False)


def check_chars(ex, text, allowed):
    fails = []
    seen = {}
    for i, c in enumerate(text.norm):
        if c in " " + LB + JOIN:
            continue
        cp = ord(c)
        if 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp:
            why = "icon glyph (Private Use Area)"
        elif c == "\ufffd":
            why = "replacement character"
        elif c not in allowed:
            why = "not in the document"
        else:
            continue
        if c not in seen:
            seen[c] = (why, i)
    for c, (why, i) in seen.items():
        fails.append(Failure(ex, "character", f"U+{ord(c):04X}",
                             f"{why}: {text.context(i, i + 1, 20)!r}"))
    m = re.search(r"\(cid:\d+\)", text.norm)
    if m:
        fails.append(Failure(ex, "character", "(cid:N)",
                             f"unmapped glyph: {text.context(m.start(), m.end())!r}"))
    return fails


_TOKEN = re.compile(r"\w(?:[\w'’.+#]*\w)?")


def region_tokens(root):
    """{token: region} for words that occur in one region only."""
    owner = {}
    for region, s in region_text(root).items():
        for t in set(_TOKEN.findall(unicodedata.normalize("NFC", s))):
            if len(t) < 2:
                continue
            owner[t] = region if owner.get(t, region) == region else None
    return {t: r for t, r in owner.items() if r is not None}


def check_regions(ex, text, root):
    """Interleaving: a line with words of two regions, or a region whose text
    is split into two runs on one page."""
    names = regions(root)
    if not any(names):
        return []
    owner = region_tokens(root)
    fails = []
    runs = {}  # page -> [region, ...] collapsed
    first_line = {}
    for p, line in text.lines:
        got = {owner[t] for t in _TOKEN.findall(line) if t in owner}
        if len(got) > 1:
            which = " and ".join(sorted(r or "(outside)" for r in got))
            fails.append(Failure(ex, "interleaved", "<interleave>",
                                 f"page {p}: one line holds text of {which}: {line!r}"))
            continue
        if not got:
            continue
        r = got.pop()
        seq = runs.setdefault(p, [])
        if seq and seq[-1] == r:
            continue
        if r in seq:
            fails.append(Failure(ex, "interleaved", "<interleave>",
                                 f"page {p}: text of region {r or '(outside)'!s} resumes "
                                 f"after {seq[-1] or '(outside)'}: {line!r}"
                                 f" (it began at {first_line[(p, r)]!r})"))
        seq.append(r)
        first_line.setdefault((p, r), line)
    return fails


# ---- running the extractors ------------------------------------------------

def run_tool(ex, argv):
    """(text, Failures) from a command writing text to stdout."""
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    except OSError as e:
        return "", [Failure(ex, "run", "<run>", f"{argv[0]}: {e}")]
    fails = []
    err = [ln for ln in r.stderr.decode("utf-8", "replace").splitlines()
           if ln.strip() and ln.strip() not in MUPDF_NOTES]
    if r.returncode != 0:
        fails.append(Failure(ex, "run", "<run>", f"exit {r.returncode}: {' | '.join(err)[:300]}"))
    elif err:
        fails.append(Failure(ex, "stderr", "<stderr>", " | ".join(err)[:300]))
    return r.stdout.decode("utf-8", "replace"), fails


def pdfminer_text(pdf):
    """pdfminer's text with default LAParams (as pdf2txt prints it) and the
    warnings it logged."""
    import io
    import logging
    from pdfminer.high_level import extract_text
    log = io.StringIO()
    h = logging.StreamHandler(log)
    h.setLevel(logging.WARNING)
    lg = logging.getLogger("pdfminer")
    lg.addHandler(h)
    try:
        text = extract_text(pdf)
    except Exception as e:  # pdfminer raises many types on bad files
        return "", [Failure("pdfminer", "run", "<run>", f"{type(e).__name__}: {e}")]
    finally:
        lg.removeHandler(h)
    err = [ln for ln in log.getvalue().splitlines() if ln.strip()]
    fails = [Failure("pdfminer", "stderr", "<stderr>", " | ".join(err)[:300])] if err else []
    return text, fails


def extract(ex, pdf):
    if ex == "pdftotext":
        return run_tool(ex, ["pdftotext", "-enc", "UTF-8", pdf, "-"])
    if ex == "mutool":
        return run_tool(ex, ["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf])
    if ex == "pdfminer":
        return pdfminer_text(pdf)
    raise ValueError(ex)


def ensure_pdfminer():
    """Re-run under Debian's /usr/bin/python3 when this interpreter (say a
    pyenv one) lacks python3-pdfminer."""
    try:
        import pdfminer  # noqa: F401
        return
    except ImportError:
        pass
    sysp = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(sysp) and os.access(sysp, os.X_OK) \
            and not os.environ.get("EXTRACT_CHECK_REEXEC"):
        os.environ["EXTRACT_CHECK_REEXEC"] = "1"
        os.execv(sysp, [sysp] + sys.argv)
    sys.exit(f"{sys.argv[0]}: pdfminer is not importable by {sys.executable} "
             "(Debian: apt-get install python3-pdfminer, scripts/install-deps.sh)")


# ---- known failures --------------------------------------------------------

class Known:
    """One line of a known-failures file: "layout extractor key [check]".

    layout and extractor are fnmatch patterns.  key is either a JSON-quoted
    string, matched literally against a string check's expected string and
    optionally followed by the check's name ("split", "not inside its
    entry", ...; an fnmatch pattern; none: any check), or, bare, an fnmatch
    pattern over the rest of the line, matched against a failure's key
    ("EXPERIENCE", "<stderr>", "<interleave>", "U+E001")."""

    def __init__(self, n, line):
        parts = line.split(None, 2)
        if len(parts) != 3:
            raise ValueError(f"want \"layout extractor key\", got {line!r}")
        self.n, self.layout, self.extractor = n, parts[0], parts[1]
        rest = parts[2]
        if rest.startswith('"'):
            try:
                self.string, end = json.JSONDecoder().raw_decode(rest)
            except ValueError:
                raise ValueError(f"bad quoted string in {line!r}") from None
            self.pattern, self.check = None, rest[end:].strip()
        else:
            self.string, self.pattern, self.check = None, rest, ""

    def matches(self, layout, f):
        if not (fnmatch.fnmatchcase(layout, self.layout)
                and fnmatch.fnmatchcase(f.extractor, self.extractor)):
            return False
        if self.string is not None:
            return (f.key.startswith('"') and json.loads(f.key) == self.string
                    and (not self.check or fnmatch.fnmatchcase(f.check, self.check)))
        bare = json.loads(f.key) if f.key.startswith('"') else f.key
        return fnmatch.fnmatchcase(f.key, self.pattern) or fnmatch.fnmatchcase(bare, self.pattern)

    @staticmethod
    def line_for(layout, f):
        """The known-failures line that matches exactly this failure."""
        if f.key.startswith('"'):
            return f"{layout} {f.extractor} {f.key} {f.check}"
        return f"{layout} {f.extractor} {f.key}"


def read_known(path):
    """[Known] from a known-failures file (# starts a comment line)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                out.append(Known(n, line))
            except ValueError as e:
                raise ValueError(f"{path}:{n}: {e}") from None
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("tree")
    ap.add_argument("--extractors", default=",".join(EXTRACTORS))
    ap.add_argument("--text", action="append", default=[], metavar="NAME=FILE")
    ap.add_argument("--known")
    ap.add_argument("--layout", default="")
    ap.add_argument("--emit-known", action="store_true",
                    help='also print each failure as "NEWKNOWN <known-failures line>"')
    ap.add_argument("--allow", default="", metavar="CHARS")
    ap.add_argument("--label", default="", help="prefix of every output line")
    ap.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    a = ap.parse_args(argv)

    with open(a.tree, encoding="utf-8") as f:
        root = parse_tree(f.read())
    wants = expected(root)
    allowed = tree_chars(root) | DEFAULT_ALLOW | set(a.allow)
    texts = {}
    for spec in a.text:
        name, _, path = spec.partition("=")
        with open(path, encoding="utf-8", errors="replace") as f:
            texts[name] = (f.read(), [])
    exs = [e for e in a.extractors.split(",") if e]
    if a.text:
        exs = list(texts)
    elif "pdfminer" in exs:
        ensure_pdfminer()
    known = read_known(a.known) if a.known else []
    prefix = a.label + ": " if a.label else ""

    fails = []
    for ex in exs:
        raw, fs = texts[ex] if ex in texts else extract(ex, a.pdf)
        text = Text(raw)
        fs += check_order(ex, text, wants)
        fs += check_chars(ex, text, allowed)
        fs += check_regions(ex, text, root)
        fails += fs

    bad = xfail = 0
    hit = set()
    for f in fails:
        ks = [k for k in known if k.matches(a.layout, f)]
        if ks:
            xfail += 1
            print(f"{prefix}XFAIL {f}")
            hit.update(k.n for k in ks)
        else:
            bad += 1
            print(f"{prefix}FAIL {f}")
        if a.emit_known:
            print("NEWKNOWN " + Known.line_for(a.layout, f))
    for n in sorted(hit):
        print(f"KNOWN {n}")
    if not a.quiet:
        print(f"{prefix}extract_check: {len(wants)} strings x {len(exs)} extractors "
              f"({', '.join(exs)}): {bad} failed, {xfail} known")
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError) as e:
        sys.exit(f"extract_check: {e}")
