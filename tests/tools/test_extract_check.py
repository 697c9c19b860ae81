#!/usr/bin/env python3
"""Unit tests of extract_check.py on hand-made trees and extracted texts
(no PDF, no pdfminer needed): tree parsing, whole strings, reading order,
dates inside their entries, hyphenation, letter-spacing splits, icon
glyphs, regions (a `region` block holding sections) and known failures.

usage: python3 tests/tools/test_extract_check.py [-v]
"""

import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_check as xc  # noqa: E402

# Today's format: no regions.
PLAIN = '''document title="Ada Lovelace — Curriculum Vitae" author="Ada Lovelace"
  header
    paragraph role=name align=center [nobreak]"Ada Lovelace"
    paragraph role=contact align=center "ada@example.org"<mailto:ada@example.org> " · London"
  section kind=experience role=section.title "EXPERIENCE"
    entry kind=experience
      row
        cell align=left role=entry.title [b]"Analyst"
        cell align=right role=entry.date "1842 – 1843"
      row
        cell align=left role=entry.subtitle "Analytical Engine Ltd"<https://example.org>
      paragraph role=body align=justify "Wrote the " [i]"first" " algorithm."
    entry kind=experience
      row
        cell align=left role=entry.title [b]"Translator"
        cell align=right role=entry.date "1842"
      row
        cell align=left role=entry.subtitle "Multi-Dimensional Engines"
  section kind=publication role=section.title "PUBLICATIONS"
    entry kind=publication
      row
        cell align=left role=entry.title [b]"Sketch of the \\"Engine\\"" ⏎ "with notes"
        cell align=right role=entry.date "1843"
'''

# With regions: the header outside, a sidebar and a main column.
REGIONS = '''document title="Ada Lovelace — Curriculum Vitae"
  header
    paragraph role=name align=left [nobreak]"Ada Lovelace"
  region name="sidebar"
    section kind=skills role=section.title "SKILLS"
      entry kind=skills
        row
          cell align=left role=entry.title "Mathematics"
        row
          cell align=left role=entry.subtitle "Bernoulli numbers"
  region name=main @7:3
    section kind=experience role=section.title @8:5 "EXPERIENCE"
      entry kind=experience
        row
          cell align=left role=entry.title [b]"Analyst"
          cell align=right role=entry.date "1842 – 1843"
        row
          cell align=left role=entry.subtitle "Analytical Engine Ltd"
        paragraph role=body align=left "Wrote programs for the engine."
'''

GOOD_PLAIN = """Ada Lovelace
ada@example.org · London

EXPERIENCE
Analyst                                   1842 – 1843
Analytical Engine Ltd
Wrote the first algo-
rithm.
Translator 1842
Multi-
Dimensional Engines
PUBLICATIONS
Sketch of the "Engine"
with notes 1843
1 / 1
\f"""


def tree(text):
    return xc.parse_tree(text)


def fails_of(tree_text, extracted, ex="test"):
    root = tree(tree_text)
    text = xc.Text(extracted)
    allowed = xc.tree_chars(root) | xc.DEFAULT_ALLOW
    return (xc.check_order(ex, text, xc.expected(root)) + xc.check_chars(ex, text, allowed)
            + xc.check_regions(ex, text, root))


class TreeParsing(unittest.TestCase):
    def test_blocks_attributes_runs(self):
        root = tree(PLAIN)
        self.assertEqual(root.kind, "document")
        self.assertEqual(root.attrs["title"], "Ada Lovelace — Curriculum Vitae")
        cells = [b for b in xc.walk(root) if b.kind == "cell"]
        self.assertEqual(cells[0].attrs, {"align": "left", "role": "entry.title"})
        self.assertEqual(cells[0].text, "Analyst")
        self.assertEqual(cells[-2].text, 'Sketch of the "Engine"\nwith notes')
        contact = [b for b in xc.walk(root) if b.attrs.get("role") == "contact"][0]
        self.assertEqual(contact.text, "ada@example.org · London")

    def test_expected_strings_in_document_order(self):
        got = [(w.text, w.what, w.side) for w in xc.expected(tree(PLAIN))]
        self.assertEqual(got, [
            ("Ada Lovelace", "name", False),
            ("EXPERIENCE", "section title", False),
            ("Analyst", "entry.title", False),
            ("1842 – 1843", "entry.date", True),
            ("Analytical Engine Ltd", "entry.subtitle", False),
            ("Translator", "entry.title", False),
            ("1842", "entry.date", True),
            ("Multi-Dimensional Engines", "entry.subtitle", False),
            ("PUBLICATIONS", "section title", False),
            ('Sketch of the "Engine" with notes', "entry.title", False),
            ("1843", "entry.date", True),
        ])

    def test_regions_and_positions(self):
        root = tree(REGIONS)
        self.assertEqual(xc.regions(root), ["", "sidebar", "main"])
        by = {w.text: w.region for w in xc.expected(root)}
        self.assertEqual(by["Ada Lovelace"], "")
        self.assertEqual(by["SKILLS"], "sidebar")
        self.assertEqual(by["EXPERIENCE"], "main")  # "@8:5" is not a run
        self.assertEqual(by["1842 – 1843"], "main")

    def test_unnamed_regions(self):
        t = REGIONS.replace('region name="sidebar"', "region").replace("region name=main", "region kind=main")
        self.assertEqual(xc.regions(tree(t)), ["", "#1", "main"])

    def test_bad_line(self):
        with self.assertRaises(ValueError):
            tree('document\n  cell align=left role=x "unterminated\n')


class Matching(unittest.TestCase):
    def test_good_text_passes(self):
        self.assertEqual([str(f) for f in fails_of(PLAIN, GOOD_PLAIN)], [])

    def test_letter_spacing_split(self):
        f = fails_of(PLAIN, GOOD_PLAIN.replace("EXPERIENCE", "E XPERIENCE"))
        self.assertEqual([(x.check, x.key) for x in f], [("split", '"EXPERIENCE"')])
        self.assertIn("'E XPERIENCE'", f[0].detail)

    def test_case_is_compared(self):
        f = fails_of(PLAIN, GOOD_PLAIN.replace("PUBLICATIONS", "PUBLiCATiONS"))
        self.assertEqual([(x.check, x.key) for x in f], [("mangled", '"PUBLICATIONS"')])

    def test_hyphen_lost_at_a_line_end(self):
        # pdftotext joins "Multi-" + "Dimensional" into "MultiDimensional"
        f = fails_of(PLAIN, GOOD_PLAIN.replace("Multi-\nDimensional", "MultiDimensional"))
        self.assertEqual([(x.check, x.key) for x in f], [("mangled", '"Multi-Dimensional Engines"')])
        self.assertIn("'MultiDimensional Engines'", f[0].detail)

    def test_missing(self):
        f = fails_of(PLAIN, GOOD_PLAIN.replace("Translator", "Trans"))
        self.assertEqual([(x.check, x.key) for x in f], [("missing", '"Translator"')])

    def test_out_of_order(self):
        # one string misplaced: it alone is reported, not all after it
        later = GOOD_PLAIN.replace("Analyst   ", "   ").replace("PUBLICATIONS", "Analyst\nPUBLICATIONS")
        f = fails_of(PLAIN, later)
        self.assertEqual([(x.check, x.key) for x in f], [("out of order", '"Analyst"')])
        self.assertIn("expected after 'EXPERIENCE'", f[0].detail)
        # two swapped: one of them is out of order
        swapped = GOOD_PLAIN.replace("EXPERIENCE", "@").replace("Ada Lovelace", "EXPERIENCE").replace(
            "@", "Ada Lovelace")
        f = fails_of(PLAIN, swapped)
        self.assertEqual([x.check for x in f], ["out of order"])

    def test_date_outside_its_entry(self):
        # pdftotext's default mode may gather a right column after the next entry
        moved = GOOD_PLAIN.replace("Translator 1842", "Translator").replace(
            "PUBLICATIONS", "PUBLICATIONS\n1842")
        f = fails_of(PLAIN, moved)
        self.assertEqual([(x.check, x.key) for x in f], [("not inside its entry", '"1842"')])
        # before its title but after the previous entry: a date column
        before = GOOD_PLAIN.replace("Translator 1842", "1842 Translator")
        self.assertEqual(fails_of(PLAIN, before), [])

    def test_a_date_is_not_found_inside_a_title(self):
        t = PLAIN.replace('"1843"', '"Engine"')
        f = fails_of(t, GOOD_PLAIN.replace("with notes 1843", "with notes"))
        self.assertEqual([(x.check, x.key) for x in f], [("not inside its entry", '"Engine"')])

    def test_hyphenation_and_wrapping(self):
        root = tree(PLAIN)
        text = xc.Text("Sketch of\nthe \"En-\ngine\" with\n\nnotes")
        self.assertTrue(xc.pattern('Sketch of the "Engine" with notes').search(text.norm))
        text = xc.Text("Multi-\nDimensional")
        self.assertTrue(xc.pattern("Multi-Dimensional").search(text.norm))
        self.assertFalse(xc.pattern("MultiDimensional").search(xc.Text("Multi Dimensional").norm))
        self.assertIsNotNone(root)

    def test_page_numbers_dropped(self):
        t = xc.Text("a\n 2 / 5 \nb\f")
        self.assertEqual(t.norm, "a\nb")

    def test_urls_broken_without_hyphen(self):
        # folio breaks a long URL after "/_?&=#" and before "." "@" "-"
        url = "https://dandiarchive.org/dandiset/000874/files?location=sub-R12"
        for raw in ("https://dandiarchive.org/dandiset/\n000874/files?location=\nsub-R12",
                    "https://dandiarchive\n.org/dandiset/000874/files?location=sub\n-R12"):
            self.assertTrue(xc.pattern(url).search(xc.Text(raw).norm), raw)
        # but not at a space inside a line, nor elsewhere
        self.assertFalse(xc.pattern(url).search(xc.Text(url.replace("/000874", "/ 000874")).norm))
        self.assertFalse(xc.pattern(url).search(xc.Text(url.replace("dandiset", "dandi\nset")).norm))

    def test_icon_glyph_and_foreign_characters(self):
        f = fails_of(PLAIN, GOOD_PLAIN.replace("ada@", "\uf0e0 ada@").replace("London", "London ★"))
        got = sorted((x.check, x.key) for x in f)
        self.assertEqual(got, [("character", "U+2605"), ("character", "U+F0E0")])
        self.assertIn("Private Use Area", [x for x in f if x.key == "U+F0E0"][0].detail)
        f = fails_of(PLAIN, GOOD_PLAIN + "(cid:12)")
        self.assertIn(("character", "(cid:N)"), [(x.check, x.key) for x in f])


class Regions(unittest.TestCase):
    def test_column_after_column(self):
        good = ("Ada Lovelace\nSKILLS\nMathematics\nBernoulli numbers\n"
                "EXPERIENCE\nAnalyst 1842 – 1843\nAnalytical Engine Ltd\nWrote programs for the engine.\n")
        self.assertEqual([str(f) for f in fails_of(REGIONS, good)], [])
        # the main column first, then the sidebar: also fine
        good2 = ("Ada Lovelace\nEXPERIENCE\nAnalyst 1842 – 1843\nAnalytical Engine Ltd\n"
                 "Wrote programs for the engine.\nSKILLS\nMathematics\nBernoulli numbers\n")
        self.assertEqual([str(f) for f in fails_of(REGIONS, good2)], [])

    def test_lines_mixing_regions(self):
        mixed = ("Ada Lovelace\nSKILLS EXPERIENCE\nMathematics Analyst 1842 – 1843\n"
                 "Bernoulli numbers Analytical Engine Ltd\nWrote programs for the engine.\n")
        f = fails_of(REGIONS, mixed)
        inter = [x for x in f if x.check == "interleaved"]
        self.assertEqual(len(inter), 3)
        self.assertIn("main and sidebar", inter[0].detail)
        # strings are still whole and in order within each region
        self.assertEqual([x for x in f if x.check != "interleaved"], [])

    def test_alternating_runs(self):
        alt = ("Ada Lovelace\nSKILLS\nMathematics\nEXPERIENCE\nAnalyst 1842 – 1843\n"
               "Bernoulli numbers\nAnalytical Engine Ltd\nWrote programs for the engine.\n")
        f = fails_of(REGIONS, alt)
        self.assertEqual([(x.check, x.key) for x in f],
                         [("interleaved", "<interleave>"), ("interleaved", "<interleave>")])
        self.assertIn("region sidebar resumes after main", f[0].detail)

    def test_a_region_per_page(self):
        # page 2 holds the rest of the main column: a new page, a new run
        two = ("Ada Lovelace\nSKILLS\nMathematics\nBernoulli numbers\nEXPERIENCE\n\f"
               "Analyst 1842 – 1843\nAnalytical Engine Ltd\nWrote programs for the engine.\n\f")
        self.assertEqual([str(f) for f in fails_of(REGIONS, two)], [])

    def test_order_is_per_region(self):
        # the sidebar after the main column's text: each region in order
        late = ("Ada Lovelace\nEXPERIENCE\nAnalyst 1842 – 1843\nAnalytical Engine Ltd\n"
                "SKILLS\nMathematics\nBernoulli numbers\n")
        self.assertEqual(fails_of(REGIONS, late), [])
        # within the sidebar, out of order
        bad = ("Ada Lovelace\nMathematics\nSKILLS\nBernoulli numbers\n"
               "EXPERIENCE\nAnalyst 1842 – 1843\nAnalytical Engine Ltd\n")
        f = fails_of(REGIONS, bad)
        self.assertEqual([x.check for x in f], ["out of order (region sidebar)"])
        self.assertIn(f[0].key, ('"Mathematics"', '"SKILLS"'))

    def test_no_regions_no_interleaving_check(self):
        self.assertEqual(xc.check_regions("t", xc.Text("anything at all"), tree(PLAIN)), [])


class KnownFailures(unittest.TestCase):
    def run_main(self, args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            st = xc.main(args)
        return st, out.getvalue()

    def files(self, d, known, text):
        paths = {}
        for name, body in (("tree", PLAIN), ("known", known), ("txt", text)):
            paths[name] = os.path.join(d, name)
            with open(paths[name], "w", encoding="utf-8") as f:
                f.write(body)
        return ["-", paths["tree"], "--text", "pdfminer=" + paths["txt"], "--known", paths["known"]]

    def test_xfail_and_known_lines(self):
        known = ('# comment\n\nsans pdfminer EXPERIENCE\nsans * "PUBLICATIONS"\nclassic * *\n'
                 'compact pdfminer "EXPERIENCE" missing\n')
        with tempfile.TemporaryDirectory() as d:
            base = self.files(d, known, GOOD_PLAIN.replace("EXPERIENCE", "EXPE RIEN CE"))
            st, out = self.run_main(base + ["--layout", "sans"])
            self.assertEqual(st, 0, out)
            self.assertIn('XFAIL pdfminer: split: "EXPERIENCE"', out)
            self.assertIn("KNOWN 3\n", out)
            self.assertNotIn("KNOWN 4", out)
            # a quoted key with a check: only that check
            st, out = self.run_main(base + ["--layout", "compact"])
            self.assertEqual(st, 1)
            self.assertIn('FAIL pdfminer: split: "EXPERIENCE"', out)
            self.assertNotIn("KNOWN", out)
            st, out = self.run_main(base + ["--layout", "classic", "--label", "x"])
            self.assertEqual(st, 0)
            self.assertIn("KNOWN 5", out)
            self.assertIn("x: XFAIL", out)

    def test_emitted_lines_match_literally(self):
        # "[paper] [code]" is not a character class; dates out of their entry
        t = PLAIN.replace('"1842 – 1843"', '"[paper] [code]"')
        with tempfile.TemporaryDirectory() as d:
            base = self.files(d, "", GOOD_PLAIN.replace("1842 – 1843", "").replace(
                "PUBLICATIONS", "PUBLICATIONS [paper] [code]"))
            with open(base[1], "w", encoding="utf-8") as f:
                f.write(t)
            st, out = self.run_main(base + ["--layout", "sans", "--emit-known"])
            self.assertEqual(st, 1)
            lines = [ln[len("NEWKNOWN "):] for ln in out.splitlines() if ln.startswith("NEWKNOWN ")]
            self.assertEqual(lines, ['sans pdfminer "[paper] [code]" not inside its entry'])
            with open(base[-1], "w", encoding="utf-8") as f:
                f.write(lines[0] + "\n")
            st, out = self.run_main(base + ["--layout", "sans"])
            self.assertEqual(st, 0, out)
            self.assertIn("KNOWN 1", out)
            with open(base[-1], "w", encoding="utf-8") as f:
                f.write('sans pdfminer "[paper] [code]" missing\n')
            st, out = self.run_main(base + ["--layout", "sans"])
            self.assertEqual(st, 1, out)

    def test_bad_known_line(self):
        with tempfile.TemporaryDirectory() as d:
            base = self.files(d, "sans pdfminer\n", GOOD_PLAIN)
            with self.assertRaises(ValueError):
                self.run_main(base + ["--layout", "sans"])


if __name__ == "__main__":
    unittest.main()
