/*
 * Unit tests for typesetting with fake metrics (every character 0.5 em,
 * ascent 0.8 em, descent 0.2 em): line breaking (justified and ragged),
 * hyphenation rules, rows beside a date column, hanging bullets, hard
 * breaks, pagination and keep rules, page numbers, determinism.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cv.h"
#include "harness.h"
#include "typeset/hyphen.h"
#include "typeset/typeset.h"
#include "util.h"

#define EPS 0.01
#define W 200.0 /* text width: page 300 minus margins 50 + 50 */

static double fake_width(void *ctx, int family, int face, const char *s, size_t len, double size)
{
	(void)ctx;
	(void)family;
	(void)face;
	return 0.5 * size * (double)cv_utf8_length(s, len);
}
static double fake_ascent(void *ctx, int family, int face, double size)
{
	(void)ctx;
	(void)family;
	(void)face;
	return 0.8 * size;
}
static double fake_descent(void *ctx, int family, int face, double size)
{
	(void)ctx;
	(void)family;
	(void)face;
	return 0.2 * size;
}
static const struct cv_metrics fake = {NULL, fake_width, fake_ascent, fake_descent};

static struct cv_arena *A;
static struct cv_layout L;

static void setup_layout(void)
{
	memset(&L, 0, sizeof L);
	L.page = (struct cv_page_layout){300, 400, 50, 50, 50, 50};
	for (int r = 0; r < CV_ROLE__COUNT; r++)
		L.styles[r] = (struct cv_style){.size = 10, .leading = 12, .align = CV_ALIGN_LEFT};
	L.styles[CV_ROLE_BODY].align = CV_ALIGN_JUSTIFY;
	L.styles[CV_ROLE_BODY].hyphenate = true;
	L.styles[CV_ROLE_BULLET].hyphenate = true;
	L.styles[CV_ROLE_NAME].size = 20;
	L.styles[CV_ROLE_NAME].leading = 24;
	L.styles[CV_ROLE_SECTION_TITLE].bold = true;
	L.styles[CV_ROLE_ENTRY_DATE].size = 8;
	L.styles[CV_ROLE_ENTRY_DATE].leading = 10;
	L.spacing = (struct cv_spacing){.header_after = 10,
	                                .section_before = 8,
	                                .section_after = 4,
	                                .entry_gap = 6,
	                                .row_gap = 0,
	                                .paragraph_gap = 2,
	                                .list_indent = 12,
	                                .item_gap = 1};
	L.section.rule = CV_RULE_BELOW;
	L.section.rule_width = 0.5;
	L.section.rule_gap = 2;
	L.link_color = (struct cv_color){0, 0, 1};
	for (int r = 0; r < CV_ROLE__COUNT; r++)
		L.styles[r].link_color = L.link_color;
	L.bullet = "\xE2\x80\xA2";
	L.header.align = CV_ALIGN_CENTER;
	L.footer.page_format = "%p / %n";
	L.hyphenation =
	    (struct cv_hyphenation_layout){CV_LAYOUT_HYPHEN_LEFT_MIN, CV_LAYOUT_HYPHEN_RIGHT_MIN,
	                                   false, CV_LAYOUT_FINAL_HYPHEN_DEMERITS};
}

static struct cv_block *blk(struct cv_block *parent, enum cv_block_type type, enum cv_role role)
{
	struct cv_block *b = cv_arena_alloc(A, sizeof *b);
	b->type = type;
	b->role = role;
	b->parent = parent;
	b->pos = (struct cv_pos){"test.yaml", 1, 1};
	if (parent) {
		if (parent->last)
			parent->last->next = b;
		else
			parent->first = b;
		parent->last = b;
	}
	return b;
}

static void set_text(struct cv_block *b, const char *text, unsigned flags)
{
	struct cv_run *r = cv_arena_alloc(A, sizeof *r);
	r->text = text;
	r->flags = flags;
	b->runs = r;
	b->nruns = 1;
}

static struct cv_doc *new_doc(void)
{
	struct cv_doc *d = cv_arena_alloc(A, sizeof *d);
	d->root = blk(NULL, CV_BLOCK_DOCUMENT, CV_ROLE_BODY);
	d->layout = &L;
	return d;
}

/* Lines of a page: texts grouped by baseline (top to bottom), joined in x order. */
struct line {
	double y, x0, x1;
	char text[512];
};

static int cmp_text(const void *a, const void *b)
{
	const struct cv_ts_text *x = a, *y = b;
	if (fabs(x->y - y->y) > EPS)
		return x->y < y->y ? -1 : 1;
	return x->x < y->x ? -1 : x->x > y->x;
}

static size_t page_lines(const struct cv_ts_page *p, struct line *out, size_t max)
{
	struct cv_ts_text *t = malloc((p->ntexts + 1) * sizeof *t);
	size_t n = 0;
	memcpy(t, p->texts, p->ntexts * sizeof *t);
	qsort(t, p->ntexts, sizeof *t, cmp_text);
	for (size_t i = 0; i < p->ntexts; i++) {
		if (n == 0 || fabs(out[n - 1].y - t[i].y) > 3) {
			if (n == max)
				break;
			out[n].y = t[i].y;
			out[n].x0 = t[i].x;
			out[n].text[0] = '\0';
			n++;
		} else if (out[n - 1].text[0] && t[i].x - out[n - 1].x1 > 2) {
			strcat(out[n - 1].text, "|"); /* a column gap */
		}
		strncat(out[n - 1].text, t[i].text, t[i].len);
		out[n - 1].x1 = t[i].x + t[i].width;
	}
	free(t);
	if (getenv("TS_DUMP")) /* TS_DUMP=1 prints every page examined */
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "%7.2f %7.2f-%7.2f [%s]\n", out[i].y, out[i].x0, out[i].x1,
			        out[i].text);
	return n;
}

static struct cv_ts_doc *typeset_paragraph(const char *text, unsigned flags, enum cv_role role)
{
	struct cv_doc *d = new_doc();
	set_text(blk(d->root, CV_BLOCK_PARAGRAPH, role), text, flags);
	return cv_typeset(A, d, &fake);
}

static const char *LOREM =
    "The quick brown fox jumps over the lazy dog while the careful typesetter "
    "measures every word twice and breaks the paragraph into lines of nearly equal "
    "length so that no space is stretched too far and the page looks calm and even.";

static void test_justified(void)
{
	struct cv_ts_doc *ts = typeset_paragraph(LOREM, 0, CV_ROLE_BODY);
	struct line ln[20];
	CHECK(ts->npages == 1);
	size_t n = page_lines(&ts->pages[0], ln, 20);
	CHECK(n == 6);
	for (size_t i = 0; i < n; i++) {
		CHECK(ln[i].x0 >= 50 - EPS);
		CHECK(ln[i].x1 <= 250 + EPS);
		if (i + 1 < n)
			CHECK(fabs(ln[i].x1 - 250) < EPS); /* flush right */
		else
			CHECK(ln[i].x1 < 250 - 10); /* last line not stretched */
		CHECK(ln[i].text[strlen(ln[i].text) - 1] != ' ');
	}
	/* spaces in the text, stretched only by word_space, never beyond 2x a space */
	const struct cv_ts_page *p = &ts->pages[0];
	for (size_t i = 0; i < p->ntexts; i++) {
		CHECK(p->texts[i].word_space <= 5.0 + EPS);
		CHECK(p->texts[i].word_space >= -5.0 / 3 - EPS);
	}
	CHECK(p->texts[p->ntexts - 1].word_space == 0);
	/* every word once, in order: joining the lines gives the text back */
	char all[1024] = "";
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(ln[i].text);
		if (len && ln[i].text[len - 1] == '-')
			ln[i].text[len - 1] = '\0'; /* a hyphenated word */
		else if (i + 1 < n)
			strcat(ln[i].text, " ");
		strcat(all, ln[i].text);
	}
	CHECK_STR(all, LOREM);
	/* first baseline at the top margin plus the ascent; lines 12pt apart */
	CHECK(fabs(ln[0].y - 58) < EPS);
	CHECK(fabs(ln[1].y - 70) < EPS);
}

static void test_ragged(void)
{
	L.styles[CV_ROLE_BODY].align = CV_ALIGN_LEFT;
	struct cv_ts_doc *ts = typeset_paragraph(LOREM, 0, CV_ROLE_BODY);
	L.styles[CV_ROLE_BODY].align = CV_ALIGN_JUSTIFY;
	struct line ln[20];
	size_t n = page_lines(&ts->pages[0], ln, 20);
	/* 40 characters per line.  Greedy filling would end line 1 with "lazy"
	 * (39 characters) and leave line 2 at 32; optimal fit evens the right
	 * edge out (34, 37, 40, 36, 40, last 37). */
	CHECK(n == 6);
	CHECK_STR(ln[0].text, "The quick brown fox jumps over the");
	CHECK_STR(ln[1].text, "lazy dog while the careful typesetter");
	CHECK_STR(ln[2].text, "measures every word twice and breaks the");
	CHECK_STR(ln[5].text, "far and the page looks calm and even.");
	for (size_t i = 0; i < n; i++) {
		CHECK(ln[i].x1 <= 250 + EPS);
		CHECK(fabs(ln[i].x0 - 50) < EPS);
	}
	for (size_t i = 0; i < ts->pages[0].ntexts; i++)
		CHECK(ts->pages[0].texts[i].word_space == 0);
}

static bool any_hyphen(const struct cv_ts_doc *ts)
{
	struct line ln[40];
	size_t n = page_lines(&ts->pages[0], ln, 40);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(ln[i].text);
		if (len && ln[i].text[len - 1] == '-')
			return true;
	}
	return false;
}

static void test_hyphenation(void)
{
	/* 200pt = 40 characters; the long words force hyphenation */
	const char *text = "Characterization of internationalization frameworks requires "
	                   "comprehensive understanding of incomprehensibilities everywhere.";
	struct cv_ts_doc *ts = typeset_paragraph(text, 0, CV_ROLE_BODY);
	CHECK(any_hyphen(ts));
	struct line ln[20];
	size_t n = page_lines(&ts->pages[0], ln, 20);
	for (size_t i = 0; i < n; i++)
		CHECK(ln[i].x1 <= 250 + EPS);

	/* never inside NOBREAK runs, nor where the style forbids it */
	cv_msg_set_stream(NULL);
	ts = typeset_paragraph(text, CV_RUN_NOBREAK, CV_ROLE_BODY);
	CHECK(!any_hyphen(ts));
	L.styles[CV_ROLE_BODY].hyphenate = false;
	ts = typeset_paragraph(text, 0, CV_ROLE_BODY);
	CHECK(!any_hyphen(ts));
	L.styles[CV_ROLE_BODY].hyphenate = true;

	/* explicit hyphens break only where hyphenation is allowed (without
	 * final-hyphen demerits, which would keep the compound whole here) */
	L.styles[CV_ROLE_BODY].align = CV_ALIGN_LEFT;
	L.hyphenation.final_demerits = 0;
	const char *rt = "aaaa bbbb cccc dddd eeee ffff gggg Real-Time-Operating-Systems";
	ts = typeset_paragraph(rt, 0, CV_ROLE_BODY);
	n = page_lines(&ts->pages[0], ln, 20);
	CHECK(n == 2);
	CHECK(strstr(ln[0].text, "Real-") != NULL);         /* broke after a hyphen */
	ts = typeset_paragraph(rt, 0, CV_ROLE_ENTRY_TITLE); /* hyphenate=false */
	n = page_lines(&ts->pages[0], ln, 20);
	CHECK(n == 2);
	CHECK_STR(ln[1].text, "Real-Time-Operating-Systems");
	ts = typeset_paragraph(rt, CV_RUN_NOBREAK, CV_ROLE_BODY);
	n = page_lines(&ts->pages[0], ln, 20);
	CHECK(n == 2);
	CHECK_STR(ln[1].text, "Real-Time-Operating-Systems");
	L.hyphenation.final_demerits = CV_LAYOUT_FINAL_HYPHEN_DEMERITS;
	/* ... unless the line would overflow: then a title or a name (nobreak)
	 * breaks after an explicit hyphen rather than run past the margin
	 * (tests/cvs/diacritics.yaml: a long multi-barrelled name at 25pt) */
	L.page.margin_right = 200; /* 50pt = 10 characters */
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	for (int pass = 0; pass < 2; pass++) {
		/* 10 characters a line: 50pt of a 10pt title, 100pt of the 20pt name */
		double width = pass ? 100 : 50;
		L.page.margin_right = 250 - width;
		ts = pass ? typeset_paragraph("Ana Nguyen-Wrobel-Muller", CV_RUN_NOBREAK,
		                              CV_ROLE_NAME)
		          : typeset_paragraph("Ana Nguyen-Wrobel-Muller", 0, CV_ROLE_ENTRY_TITLE);
		CHECK(cv_msg_last_id() == NULL);
		n = page_lines(&ts->pages[0], ln, 20);
		char all[128] = "";
		for (size_t i = 0; i < n; i++) {
			CHECK(ln[i].x1 - ln[i].x0 <= width + EPS);
			strcat(all, ln[i].text);
		}
		CHECK(n >= 3);
		CHECK_STR(ln[1].text, "Nguyen-"); /* the hyphen kept, none added */
		CHECK_STR(all, "AnaNguyen-Wrobel-Muller");
	}
	/* no such breaks in code (at full size here), nor in words with digits */
	L.page.margin_right = 200;
	double code_scale = L.code.scale;
	L.code.scale = 1;
	ts = typeset_paragraph("Ana Nguyen-Wrobel-Muller", CV_RUN_CODE, CV_ROLE_ENTRY_TITLE);
	CHECK_STR(cv_msg_last_id(), "overfull-line");
	L.code.scale = code_scale;
	cv_msg_reset();
	ts = typeset_paragraph("Ana Nguyen-Wrobel-Muller2", 0, CV_ROLE_ENTRY_TITLE);
	CHECK_STR(cv_msg_last_id(), "overfull-line");
	cv_msg_reset();
	L.page.margin_right = 50;
	/* an address with a path breaks after its hyphens too when nothing else
	 * fits (a LinkedIn address in a sidebar), a word with digits does not */
	L.page.margin_right = 150; /* 100pt = 20 characters */
	cv_msg_reset();
	ts = typeset_paragraph("linkedin.com/in/katerina-nguyen-wroblewska", 0, CV_ROLE_BODY);
	CHECK(cv_msg_last_id() == NULL);
	n = page_lines(&ts->pages[0], ln, 20);
	for (size_t i = 0; i < n; i++)
		CHECK(ln[i].x1 - ln[i].x0 <= 100 + EPS);
	CHECK(n >= 2 && strcmp(ln[n - 1].text, "wroblewska") == 0);
	/* no hyphenation in words with digits or in e-mail addresses */
	L.page.margin_right = 200; /* 50pt = 10 characters */
	ts = typeset_paragraph("abcdefghijkl@example.org internationalization2", 0, CV_ROLE_BODY);
	CHECK(!any_hyphen(ts));
	CHECK_STR(cv_msg_last_id(), "overfull-line");
	/* a word longer than the line is hyphenated rather than overflowing */
	cv_msg_reset();
	ts = typeset_paragraph("internationalization", 0, CV_ROLE_BODY);
	CHECK(any_hyphen(ts));
	CHECK(cv_msg_last_id() == NULL);
	L.page.margin_right = 50;
	L.styles[CV_ROLE_BODY].align = CV_ALIGN_JUSTIFY;
	cv_msg_set_stream(stderr);
}

/* The last two lines of the paragraph's page, into a and b. */
static size_t last_two(const struct cv_ts_doc *ts, struct line *a, struct line *b)
{
	struct line ln[40];
	size_t n = page_lines(&ts->pages[0], ln, 40);
	if (n >= 2) {
		*a = ln[n - 2];
		*b = ln[n - 1];
	}
	return n;
}

static bool ends_with_hyphen(const struct line *l)
{
	size_t len = strlen(l->text);
	return len && l->text[len - 1] == '-';
}

static void test_hyphen_quality(void)
{
	/* A justified paragraph whose breaks, with TeX's default final-hyphen
	 * demerits (5000), end "...imple-" / "mented.": a lone fragment. */
	const char *t = "on several a the implemented international led several kernels of "
	                "scheduling latency kernels runtime automation implemented.";
	struct line a, b;
	double dflt = L.hyphenation.final_demerits;
	L.hyphenation.final_demerits = 5000;
	CHECK(last_two(typeset_paragraph(t, 0, CV_ROLE_BODY), &a, &b) == 4);
	CHECK(ends_with_hyphen(&a));
	CHECK_STR(b.text, "mented.");
	L.hyphenation.final_demerits = dflt;
	CHECK(last_two(typeset_paragraph(t, 0, CV_ROLE_BODY), &a, &b) >= 2);
	CHECK(!ends_with_hyphen(&a));
	CHECK_STR(b.text, "implemented."); /* the word whole, not a fragment */

	/* the same before a hard break */
	for (int pass = 0; pass < 2; pass++) {
		struct cv_doc *d = new_doc();
		struct cv_block *pb = blk(d->root, CV_BLOCK_PARAGRAPH, CV_ROLE_BODY);
		struct cv_run *r = cv_arena_alloc(A, 3 * sizeof *r);
		struct line ln[40];
		r[0].text = t;
		r[1].text = "\n";
		r[1].flags = CV_RUN_BREAK;
		r[2].text = "End.";
		pb->runs = r;
		pb->nruns = 3;
		L.hyphenation.final_demerits = pass ? dflt : 5000;
		size_t n = page_lines(&cv_typeset(A, d, &fake)->pages[0], ln, 40);
		CHECK(n == 5);
		CHECK(n >= 3 && ends_with_hyphen(&ln[n - 3]) == !pass);
		CHECK_STR(ln[n - 1].text, "End.");
	}
	L.hyphenation.final_demerits = dflt;

	/* capitalised words (proper nouns) are not split unless the layout says so:
	 * the 34-character line before the name is loose (badness 800), the
	 * name set whole is still better than "In-" */
	const char *lc = "aaaa bbbb cccc dddd eeee ffff gggg internationalization";
	const char *uc = "aaaa bbbb cccc dddd eeee ffff gggg Internationalization";
	cv_msg_set_stream(NULL);
	CHECK(any_hyphen(typeset_paragraph(lc, 0, CV_ROLE_BODY))); /* the control */
	CHECK(!any_hyphen(typeset_paragraph(uc, 0, CV_ROLE_BODY)));
	L.hyphenation.capitalized = true;
	CHECK(any_hyphen(typeset_paragraph(uc, 0, CV_ROLE_BODY)));
	L.hyphenation.capitalized = false;
	/* ... nor the rest of a capitalised word set in two runs */
	for (int allow = 0; allow < 2; allow++) {
		struct cv_doc *d = new_doc();
		struct cv_block *pb = blk(d->root, CV_BLOCK_PARAGRAPH, CV_ROLE_BODY);
		struct cv_run *r = cv_arena_alloc(A, 2 * sizeof *r);
		r[0].text = "aaaa bbbb cccc dddd eeee ffff ggg In"; /* "In" alone has no points */
		r[1].text = "ternationalization";
		r[1].flags = CV_RUN_BOLD;
		pb->runs = r;
		pb->nruns = 2;
		L.hyphenation.capitalized = allow;
		CHECK(any_hyphen(cv_typeset(A, d, &fake)) == allow);
	}
	L.hyphenation.capitalized = false;
	/* as a last resort, a capitalised word wider than the line is split
	 * rather than run past the margin (70pt = 14 characters) */
	L.page.margin_right = 180;
	cv_msg_reset();
	CHECK(any_hyphen(typeset_paragraph("Internationalization Massachusetts", 0, CV_ROLE_BODY)));
	CHECK(cv_msg_last_id() == NULL);
	L.page.margin_right = 50;
	cv_msg_reset();
	cv_msg_set_stream(stderr);

	/* fragment minima, straight from the hyphenator */
	{
		bool ok[32];
		struct cv_ts_hyphen_rules r = {.left_min = 2, .right_min = 3};
		const char *w = "infrastructure"; /* in-fra-struc-ture */
		size_t len = strlen(w);
		CHECK(cv_ts_hyphen_points(w, len, &r, ok) > 0);
		CHECK(ok[2]); /* in- */
		r.left_min = 3;
		cv_ts_hyphen_points(w, len, &r, ok);
		CHECK(!ok[1] && !ok[2]);
		r.right_min = 5;
		cv_ts_hyphen_points(w, len, &r, ok);
		for (size_t k = len - 4; k < len; k++)
			CHECK(!ok[k]); /* no "-ture" */
		r = (struct cv_ts_hyphen_rules){.left_min = 2, .right_min = 3};
		CHECK(cv_ts_hyphen_points("Pennsylvania", 12, &r, ok) == 0);
		r.capitalized = true;
		CHECK(cv_ts_hyphen_points("Pennsylvania", 12, &r, ok) > 0);
		r = (struct cv_ts_hyphen_rules){.left_min = 2, .right_min = 3};
		CHECK(cv_ts_hyphen_points("rework", 6, &r, ok) <= 1);
		r.left_min = r.right_min = 10;
		CHECK(cv_ts_hyphen_points("infrastructure", 14, &r, ok) == 0);
		r.left_min = r.right_min = 0; /* below 1 counts as 1 */
		cv_ts_hyphen_points("infrastructure", 14, &r, ok);
		CHECK(!ok[0]);
	}
	/* and in typeset lines: with minima 4/4 no line ends or starts with a
	 * shorter fragment of a hyphenated word */
	L.hyphenation.left_min = L.hyphenation.right_min = 4;
	{
		const char *text =
		    "Characterization of internationalization frameworks requires "
		    "comprehensive understanding of incomprehensibilities everywhere "
		    "and responsibilities of reproducibility in infrastructure.";
		struct line ln[40];
		size_t n = page_lines(&typeset_paragraph(text, 0, CV_ROLE_BODY)->pages[0], ln, 40);
		size_t hy = 0;
		for (size_t i = 0; i + 1 < n; i++) {
			if (!ends_with_hyphen(&ln[i]))
				continue;
			hy++;
			const char *sp = strrchr(ln[i].text, ' ');
			sp = sp ? sp + 1 : ln[i].text;
			CHECK(strlen(sp) - 1 >= 4);
			CHECK(strcspn(ln[i + 1].text, " .") >= 4);
		}
		CHECK(hy > 0);
	}
	L.hyphenation.left_min = CV_LAYOUT_HYPHEN_LEFT_MIN;
	L.hyphenation.right_min = CV_LAYOUT_HYPHEN_RIGHT_MIN;
}

static void test_overfull(void)
{
	/* an unbreakable word gets its own line, the line before is not squeezed */
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	struct cv_ts_doc *ts = typeset_paragraph(
	    "Checksum 0123456789abcdef0123456789abcdef0123456789abcdef of the release.", 0,
	    CV_ROLE_BODY);
	cv_msg_set_stream(stderr);
	CHECK_STR(cv_msg_last_id(), "overfull-line");
	struct line ln[10];
	size_t n = page_lines(&ts->pages[0], ln, 10);
	CHECK(n == 3);
	CHECK_STR(ln[0].text, "Checksum");
	CHECK(fabs(ln[1].x0 - 50) < EPS && ln[1].x1 > 250);
	CHECK_STR(ln[2].text, "of the release.");
	cv_msg_reset();
}

/* A paragraph of thousands of words: every word once, no line too wide. */
static void test_long_paragraph(void)
{
	struct cv_buf b = {0};
	static const char *words[] = {"alpha", "be",      "gamma",  "delta", "epsilon",
	                              "pi",    "rhozeta", "omegas", "tau",   "upsilonic"};
	for (int i = 0; i < 4000; i++)
		cv_buf_printf(&b, "%s%s", i ? " " : "", words[(i * 7 + i / 3) % 10]);
	char *text = cv_arena_strdup(A, b.data);
	cv_buf_free(&b);
	L.page.height = 100000; /* one page */
	struct cv_ts_doc *ts = typeset_paragraph(text, 0, CV_ROLE_BODY);
	L.page.height = 400;
	CHECK(ts->npages == 1);
	const struct cv_ts_page *p = &ts->pages[0];
	size_t spaces = 0, lines = 0, hyphens = 0;
	double y = -1;
	bool ok = true;
	for (size_t i = 0; i < p->ntexts; i++) {
		const struct cv_ts_text *t = &p->texts[i];
		ok = ok && t->x + t->width <= 250 + EPS;
		for (size_t k = 0; k < t->len; k++)
			spaces += t->text[k] == ' ';
		if (t->y != y)
			lines++;
		y = t->y;
		bool line_end = i + 1 == p->ntexts || p->texts[i + 1].y != t->y;
		if (line_end && t->len && t->text[t->len - 1] == '-')
			hyphens++;
	}
	CHECK(ok);
	/* every gap between the 4000 words is a space or an unhyphenated line end */
	CHECK(spaces + (lines - 1) - hyphens == 3999);
	CHECK(lines > 400);
}

static void test_hard_break(void)
{
	struct cv_doc *d = new_doc();
	struct cv_block *b = blk(d->root, CV_BLOCK_PARAGRAPH, CV_ROLE_BODY);
	struct cv_run *r = cv_arena_array(A, 5, sizeof *r);
	r[0] = (struct cv_run){"first line", 0, NULL, NULL};
	r[1] = (struct cv_run){"", CV_RUN_BREAK, NULL, NULL};
	r[2] = (struct cv_run){"second ", 0, NULL, NULL};
	r[3] = (struct cv_run){"bold", CV_RUN_BOLD, NULL, NULL};
	r[4] = (struct cv_run){" line", 0, NULL, NULL};
	b->runs = r;
	b->nruns = 5;
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	struct line ln[10];
	size_t n = page_lines(&ts->pages[0], ln, 10);
	CHECK(n == 2);
	CHECK_STR(ln[0].text, "first line");
	CHECK_STR(ln[1].text, "second bold line");
	/* three stretches on line 2: faces differ; the spaces are real characters */
	CHECK(ts->pages[0].ntexts == 4);
	CHECK(ts->pages[0].texts[2].face == CV_FACE_BOLD);
	CHECK(ts->pages[0].texts[0].word_space ==
	      0); /* a line before a hard break is not stretched */
}

static struct cv_block *add_row(struct cv_block *entry, const char *left, enum cv_role role,
                                const char *right)
{
	struct cv_block *row = blk(entry, CV_BLOCK_ROW, role);
	struct cv_block *l = blk(row, CV_BLOCK_CELL, role);
	set_text(l, left, CV_RUN_NOBREAK);
	if (right) {
		struct cv_block *r = blk(row, CV_BLOCK_CELL, CV_ROLE_ENTRY_DATE);
		r->align = CV_ALIGN_RIGHT;
		set_text(r, right, 0);
	}
	return row;
}

static void test_row_date(void)
{
	struct cv_doc *d = new_doc();
	struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
	set_text(sec, "Experience", 0);
	struct cv_block *e = blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY);
	add_row(e, "Senior Engineer for Distributed Storage Systems and Replication across Data Centres",
	        CV_ROLE_ENTRY_TITLE, "2019 - 2021");
	struct cv_block *e2 = blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY);
	add_row(e2, "Engineer", CV_ROLE_ENTRY_TITLE, "2017 - 2019");
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	const struct cv_ts_page *p = &ts->pages[0];
	/* texts in order: title, row 1 left lines..., date, row 2 left, date */
	const struct cv_ts_text *date = NULL, *date2 = NULL;
	double last_left_y = 0, first_left_y = 0, max_left_x = 0;
	for (size_t i = 0; i < p->ntexts; i++) {
		const struct cv_ts_text *t = &p->texts[i];
		if (strncmp(t->text, "2019", 4) == 0)
			date = t;
		else if (strncmp(t->text, "2017", 4) == 0)
			date2 = t;
		else if (!date && i > 0) {
			if (first_left_y == 0)
				first_left_y = t->y;
			last_left_y = t->y;
			if (t->x + t->width > max_left_x)
				max_left_x = t->x + t->width;
		}
	}
	CHECK(date && date2);
	if (!date || !date2)
		return;
	CHECK(fabs(date->x + date->width - 250) < EPS); /* right aligned */
	CHECK(last_left_y > first_left_y);              /* the title wrapped */
	/* the date beside the title's first line, its top a hair above the
	 * title's (so that pdftotext reads it first), the first line 1.5 em
	 * clear of it; the lines below take the full width */
	CHECK(date->y < first_left_y && date->y > first_left_y - 3);
	double first_right = 0;
	for (size_t i = 1; i < p->ntexts && &p->texts[i] < date; i++)
		if (fabs(p->texts[i].y - first_left_y) < EPS &&
		    p->texts[i].x + p->texts[i].width > first_right)
			first_right = p->texts[i].x + p->texts[i].width;
	CHECK(first_right > 0 && first_right <= date->x - 15 + EPS);
	CHECK(max_left_x > date->x - 15 + EPS); /* later lines are wider than the first */
	CHECK(date->size == 8);
	/* a one-line title: the date shares its baseline */
	for (size_t i = 0; i < p->ntexts; i++)
		if (strcmp(p->texts[i].text, "Engineer") == 0)
			CHECK(fabs(p->texts[i].y - date2->y) < EPS);
	/* reading order: the date follows the whole title */
	CHECK(date > p->texts + 1);
	/* the section rule and mark */
	CHECK(p->nmarks == 1);
	CHECK_STR(p->marks[0].title, "Experience");
	CHECK(p->nrules == 1 && fabs(p->rules[0].x1 - p->rules[0].x0 - W) < EPS);
}

static void test_wide_right_cell(void)
{
	/* a right cell wider than 45 % of the text width wraps within 90pt */
	struct cv_doc *d = new_doc();
	struct cv_block *e = blk(d->root, CV_BLOCK_ENTRY, CV_ROLE_BODY);
	add_row(e, "Research Assistant in Computational Biology", CV_ROLE_ENTRY_TITLE,
	        "Massachusetts Institute of Technology, Cambridge");
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	const struct cv_ts_page *p = &ts->pages[0];
	double right_x = 1e9, left_end = 0;
	size_t right_lines = 0;
	for (size_t i = 0; i < p->ntexts; i++) {
		const struct cv_ts_text *t = &p->texts[i];
		if (t->size == 8) { /* entry.date */
			right_lines++;
			CHECK(fabs(t->x + t->width - 250) < EPS);
			CHECK(t->width <= 0.45 * W + EPS);
			if (t->x < right_x)
				right_x = t->x;
		} else if (t->x + t->width > left_end) {
			left_end = t->x + t->width;
		}
	}
	CHECK(right_lines >= 2);
	CHECK(left_end <= 250 - 0.45 * W - 10 + EPS);
}

static void test_bullets(void)
{
	struct cv_doc *d = new_doc();
	struct cv_block *e = blk(d->root, CV_BLOCK_ENTRY, CV_ROLE_BODY);
	struct cv_block *list = blk(e, CV_BLOCK_LIST, CV_ROLE_BULLET);
	set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET),
	         "Built a replicated storage engine that serves many millions of requests "
	         "every day with predictable latency",
	         0);
	set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET), "Short item", 0);
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	const struct cv_ts_page *p = &ts->pages[0];
	CHECK(strcmp(p->texts[0].text, "\xE2\x80\xA2") == 0);
	double bx = p->texts[0].x, tx = p->texts[1].x;
	CHECK(bx >= 50 && bx < tx);
	CHECK(fabs(tx - 62) < EPS); /* list_indent */
	CHECK(fabs(p->texts[0].y - p->texts[1].y) < EPS);
	/* wrapped lines hang at the text, not under the bullet */
	size_t bullets = 0;
	for (size_t i = 1; i < p->ntexts; i++) {
		if (strcmp(p->texts[i].text, "\xE2\x80\xA2") == 0) {
			bullets++;
			CHECK(fabs(p->texts[i].x - bx) < EPS);
		} else {
			CHECK(fabs(p->texts[i].x - tx) < EPS);
			CHECK(p->texts[i].x + p->texts[i].width <= 250 + EPS);
		}
	}
	CHECK(bullets == 1);
	CHECK(p->ntexts >= 5); /* two bullets, at least three lines */
}

/* A document of n sections of m entries; entries have a row and k bullet items. */
static struct cv_doc *big_doc(int nsec, int nent, int nitems)
{
	struct cv_doc *d = new_doc();
	struct cv_block *h = blk(d->root, CV_BLOCK_HEADER, CV_ROLE_NAME);
	set_text(blk(h, CV_BLOCK_PARAGRAPH, CV_ROLE_NAME), "Ada Lovelace", CV_RUN_NOBREAK);
	for (int s = 0; s < nsec; s++) {
		struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
		set_text(sec, cv_arena_printf(A, "Section %d", s + 1), 0);
		for (int e = 0; e < nent; e++) {
			struct cv_block *en = blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY);
			add_row(en, cv_arena_printf(A, "Entry %d.%d", s + 1, e + 1),
			        CV_ROLE_ENTRY_TITLE, "2020");
			struct cv_block *list = blk(en, CV_BLOCK_LIST, CV_ROLE_BULLET);
			for (int i = 0; i < nitems; i++)
				set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET),
				         cv_arena_printf(A, "Item %d of entry %d.%d", i + 1, s + 1,
				                         e + 1),
				         0);
		}
	}
	return d;
}

static bool page_has(const struct cv_ts_page *p, const char *prefix)
{
	for (size_t i = 0; i < p->ntexts; i++)
		if (strncmp(p->texts[i].text, prefix, strlen(prefix)) == 0)
			return true;
	return false;
}

static void test_pagination(void)
{
	/* one page: no page number */
	struct cv_ts_doc *ts = cv_typeset(A, big_doc(1, 2, 2), &fake);
	CHECK(ts->npages == 1);
	CHECK(!page_has(&ts->pages[0], "1 / 1"));

	/* area 300pt; entries of 3 lines (~40pt) never split */
	ts = cv_typeset(A, big_doc(4, 4, 2), &fake);
	CHECK(ts->npages > 1);
	for (size_t p = 0; p < ts->npages; p++) {
		const struct cv_ts_page *pg = &ts->pages[p];
		char want[64];
		snprintf(want, sizeof want, "%zu / %zu", p + 1, ts->npages);
		CHECK(page_has(pg, want));
		for (size_t i = 0; i < pg->ntexts; i++) {
			const struct cv_ts_text *t = &pg->texts[i];
			CHECK(t->y <= 350 + EPS || strchr(t->text, '/'));
			int s, e;
			if (sscanf(t->text, "Entry %d.%d", &s, &e) == 2) {
				/* the entry's items are on the same page */
				char item[64];
				snprintf(item, sizeof item, "Item 2 of entry %d.%d", s, e);
				CHECK(page_has(pg, item));
			}
		}
		/* a section title is never the last thing on a page */
		for (size_t k = 0; k < pg->nmarks; k++) {
			bool below = false;
			for (size_t i = 0; i < pg->ntexts; i++)
				if (pg->texts[i].y > pg->marks[k].y + 20 &&
				    pg->texts[i].y < 350 + EPS)
					below = true;
			CHECK(below);
		}
	}

	/* a long entry splits between items, and its row stays with the first item */
	ts = cv_typeset(A, big_doc(1, 1, 40), &fake);
	CHECK(ts->npages >= 2);
	CHECK(page_has(&ts->pages[0], "Entry 1.1") && page_has(&ts->pages[0], "Item 1 of"));
	CHECK(page_has(&ts->pages[1], "Item"));
	CHECK(ts->pages[1].texts[0].y < 50 + 12); /* page 2 starts at the top, gap dropped */
}

static void test_keep_title(void)
{
	/* fill the page so that the second section's title would land at its
	 * foot: title 12.5pt + 20 items of 13pt, then 8 + 12.5pt for the second
	 * title fit in 300pt, its first item does not */
	struct cv_doc *d = new_doc();
	for (int s = 0; s < 2; s++) {
		struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
		set_text(sec, s ? "Second" : "First", 0);
		struct cv_block *en = blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY);
		struct cv_block *list = blk(en, CV_BLOCK_LIST, CV_ROLE_BULLET);
		for (int i = 0; i < (s ? 3 : 20); i++)
			set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET), "Filler item text", 0);
	}
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	CHECK(ts->npages == 2);
	/* "Second" moved to page 2 with its entry, not left alone on page 1 */
	CHECK(!page_has(&ts->pages[0], "Second"));
	CHECK(page_has(&ts->pages[1], "Second"));
	CHECK(ts->pages[1].nmarks == 1);
}

static void test_header_photo_and_fill_rule(void)
{
	struct cv_doc *d = new_doc();
	struct cv_block *h = blk(d->root, CV_BLOCK_HEADER, CV_ROLE_NAME);
	set_text(blk(h, CV_BLOCK_PARAGRAPH, CV_ROLE_NAME), "Ada Lovelace", CV_RUN_NOBREAK);
	set_text(blk(h, CV_BLOCK_PARAGRAPH, CV_ROLE_HEADLINE), "Analyst", 0);
	blk(h, CV_BLOCK_PHOTO, CV_ROLE_BODY)->path = "photo.jpg";
	struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
	set_text(sec, "Skills", 0);
	set_text(blk(blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY), CV_BLOCK_PARAGRAPH, CV_ROLE_BODY), "C",
	         0);
	L.header.photo = true;
	L.header.photo_size = 40;
	L.header.photo_side = CV_ALIGN_RIGHT;
	L.section.rule = CV_RULE_FILL;
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	L.section.rule = CV_RULE_BELOW;
	const struct cv_ts_page *p = &ts->pages[0];
	CHECK(p->nimages == 1);
	if (p->nimages != 1 || p->ntexts < 4)
		return;
	const struct cv_ts_image *im = &p->images[0];
	CHECK(fabs(im->x - 210) < EPS && fabs(im->y - 50) < EPS && im->w == 40 && im->h == 40);
	/* the name is centred in the area left of the photo, top-aligned with it */
	const struct cv_ts_text *name = &p->texts[0];
	CHECK_STR(name->text, "Ada Lovelace");
	CHECK(fabs(name->x - (50 + (148 - 120) / 2.0)) < EPS);
	CHECK(fabs(name->y - (50 + 16)) < EPS);
	/* the headline sits below the name */
	CHECK(p->texts[1].y > name->y + 4);
	/* the section starts below the photo; a fill rule runs from the title to the margin */
	CHECK(p->texts[2].y > 90);
	CHECK(p->nrules == 1);
	if (p->nrules == 1) {
		CHECK(fabs(p->rules[0].x1 - 250) < EPS);
		CHECK(fabs(p->rules[0].x0 - (50 + 30 + 5)) < EPS); /* "Skills" + 0.5 em */
		CHECK(p->rules[0].y0 < p->texts[2].y && p->rules[0].y0 > p->texts[2].y - 8);
	}
	CHECK(fabs(p->marks[0].y - (p->texts[2].y - 8)) < EPS);
}

static void test_keep_row(void)
{
	/* title 12.5pt + 20 items of 13pt = 272.5pt; the next entry's row
	 * (18pt) would still fit in 300pt, its first item (14pt) would not:
	 * the row moves to page 2 with it */
	struct cv_doc *d = new_doc();
	struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
	set_text(sec, "Work", 0);
	struct cv_block *list =
	    blk(blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY), CV_BLOCK_LIST, CV_ROLE_BULLET);
	for (int i = 0; i < 20; i++)
		set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET), "Filler item text", 0);
	struct cv_block *e = blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY);
	add_row(e, "Entry B", CV_ROLE_ENTRY_TITLE, "2020");
	list = blk(e, CV_BLOCK_LIST, CV_ROLE_BULLET);
	for (int i = 0; i < 6; i++)
		set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET), "Item of B", 0);
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	CHECK(ts->npages == 2);
	if (ts->npages != 2)
		return;
	CHECK(!page_has(&ts->pages[0], "Entry B"));
	CHECK(page_has(&ts->pages[1], "Entry B") && page_has(&ts->pages[1], "Item of B"));
	CHECK(ts->pages[0].ntexts == 1 + 40 + 1); /* title, 20 bullets + items, page number */
}

static void test_orphans(void)
{
	/* as in test_keep_row, one line of the 6-line paragraph would fit at the
	 * foot of page 1: it moves to page 2 rather than leave an orphan */
	struct cv_doc *d = new_doc();
	struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
	set_text(sec, "Work", 0);
	struct cv_block *list =
	    blk(blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY), CV_BLOCK_LIST, CV_ROLE_BULLET);
	for (int i = 0; i < 20; i++)
		set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET), "Filler item text", 0);
	set_text(blk(blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY), CV_BLOCK_PARAGRAPH, CV_ROLE_BODY),
	         LOREM, 0);
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	CHECK(ts->npages == 2);
	if (ts->npages != 2)
		return;
	CHECK(!page_has(&ts->pages[0], "The quick"));
	CHECK(page_has(&ts->pages[1], "The quick"));
	CHECK(ts->pages[1].ntexts == 6 + 1);
}

static bool same_doc(const struct cv_ts_doc *a, const struct cv_ts_doc *b)
{
	if (a->npages != b->npages)
		return false;
	for (size_t p = 0; p < a->npages; p++) {
		const struct cv_ts_page *x = &a->pages[p], *y = &b->pages[p];
		if (x->ntexts != y->ntexts || x->nrules != y->nrules || x->nlinks != y->nlinks)
			return false;
		for (size_t i = 0; i < x->ntexts; i++)
			if (x->texts[i].x != y->texts[i].x || x->texts[i].y != y->texts[i].y ||
			    x->texts[i].len != y->texts[i].len ||
			    memcmp(x->texts[i].text, y->texts[i].text, x->texts[i].len) != 0)
				return false;
	}
	return true;
}

static void test_determinism_and_links(void)
{
	struct cv_ts_doc *a = cv_typeset(A, big_doc(3, 4, 3), &fake);
	struct cv_ts_doc *b = cv_typeset(A, big_doc(3, 4, 3), &fake);
	CHECK(same_doc(a, b));

	struct cv_doc *d = new_doc();
	struct cv_block *pb = blk(d->root, CV_BLOCK_PARAGRAPH, CV_ROLE_BODY);
	struct cv_run *r = cv_arena_array(A, 3, sizeof *r);
	r[0] = (struct cv_run){"See ", 0, NULL, NULL};
	r[1] = (struct cv_run){"my site", CV_RUN_UNDERLINE, "https://example.org", NULL};
	r[2] = (struct cv_run){" and x", CV_RUN_SUP, NULL, NULL};
	pb->runs = r;
	pb->nruns = 3;
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	const struct cv_ts_page *p = &ts->pages[0];
	CHECK(p->ntexts == 3);
	CHECK(p->nlinks == 1 && strcmp(p->links[0].href, "https://example.org") == 0);
	CHECK(p->nrules == 1);
	if (p->ntexts == 3 && p->nlinks == 1 && p->nrules == 1) {
		CHECK(p->texts[1].color.b == 1);
		CHECK(fabs(p->links[0].x0 - p->texts[1].x) < EPS);
		CHECK(fabs(p->links[0].x1 - (p->texts[1].x + 35)) < EPS);
		CHECK(p->rules[0].y0 > p->texts[1].y);
		CHECK(p->texts[2].size == 7 && p->texts[2].y < p->texts[1].y); /* raised */
	}
}

static void test_link_colours(void)
{
	/* a clickable entry title keeps its style colour, the date cell and
	 * body text show links in the link colour, bold body text does not */
	struct cv_doc *d = new_doc();
	struct cv_block *e = blk(d->root, CV_BLOCK_ENTRY, CV_ROLE_BODY);
	struct cv_block *row = blk(e, CV_BLOCK_ROW, CV_ROLE_BODY);
	struct cv_block *left = blk(row, CV_BLOCK_CELL, CV_ROLE_ENTRY_TITLE);
	struct cv_block *right = blk(row, CV_BLOCK_CELL, CV_ROLE_ENTRY_DATE);
	struct cv_block *pb = blk(e, CV_BLOCK_PARAGRAPH, CV_ROLE_BODY);
	struct cv_run *r = cv_arena_array(A, 4, sizeof *r);
	L.styles[CV_ROLE_ENTRY_TITLE].color = (struct cv_color){1, 0, 0};
	left->align = CV_ALIGN_LEFT;
	right->align = CV_ALIGN_RIGHT;
	r[0] = (struct cv_run){"Acme", 0, "https://acme.example", NULL};
	r[1] = (struct cv_run){"[code]", 0, "https://code.example", NULL};
	r[2] = (struct cv_run){"Prize", CV_RUN_BOLD, "https://prize.example", NULL};
	r[3] = (struct cv_run){" by Bob", 0, "https://bob.example", NULL};
	left->runs = &r[0];
	left->nruns = 1;
	right->runs = &r[1];
	right->nruns = 1;
	pb->runs = &r[2];
	pb->nruns = 2;
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	L.styles[CV_ROLE_ENTRY_TITLE].color = (struct cv_color){0, 0, 0};
	const struct cv_ts_page *p = &ts->pages[0];
	int seen = 0;
	CHECK(p->nlinks == 4);
	for (size_t i = 0; i < p->ntexts; i++) {
		const struct cv_ts_text *t = &p->texts[i];
		struct cv_color c = t->color;
		if (t->len == strlen("Acme") && memcmp(t->text, "Acme", t->len) == 0) {
			CHECK(c.r == 1 && c.g == 0 && c.b == 0); /* the title's red */
			seen |= 1;
		} else if (t->len == strlen("[code]") && memcmp(t->text, "[code]", t->len) == 0) {
			CHECK(c.r == 0 && c.g == 0 && c.b == 1);
			seen |= 2;
		} else if (t->len >= 5 && memcmp(t->text, "Prize", 5) == 0) {
			CHECK(c.b == 0);
			seen |= 4;
		} else if (t->len >= 3 && strncmp(t->text + t->len - 3, "Bob", 3) == 0) {
			CHECK(c.b == 1);
			seen |= 8;
		}
	}
	CHECK(seen == 15);
}

/*
 * A contact line as compose makes it: the items of text, separated by runs
 * of sep flagged CV_RUN_SEP ("|" in text splits the items).
 */
static void set_contact(struct cv_block *b, const char *text, const char *sep)
{
	size_t n = 1, k = 0;
	for (const char *p = text; *p; p++)
		n += *p == '|';
	struct cv_run *r = cv_arena_array(A, 2 * n, sizeof *r);
	for (const char *p = text;;) {
		size_t len = strcspn(p, "|");
		if (k > 0)
			r[k++] = (struct cv_run){sep, CV_RUN_SEP, NULL, NULL};
		r[k++] = (struct cv_run){cv_arena_strndup(A, p, len), 0, NULL, NULL};
		if (!p[len])
			break;
		p += len + 1;
	}
	b->runs = r;
	b->nruns = k;
}

static void test_contact_breaks(void)
{
	/* the contact line breaks only at its separators, never inside an item
	 * (unkept, "eta theta" would start line 2); 40 characters fit in 200pt */
	struct cv_doc *d = new_doc();
	struct cv_block *pb = blk(d->root, CV_BLOCK_PARAGRAPH, CV_ROLE_CONTACT);
	struct line ln[8];
	set_contact(pb, "alpha beta gamma|delta epsilon zeta eta theta|Lab page", " \xC2\xB7 ");
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	size_t n = page_lines(&ts->pages[0], ln, 8);
	CHECK(n == 2);
	for (size_t i = 0; i < n; i++) {
		const char *t = ln[i].text;
		CHECK(strncmp(t, "alpha", 5) == 0 || strncmp(t, "delta", 5) == 0 ||
		      strncmp(t, "Lab", 3) == 0);
	}
	/* a line broken at a separator shows its mark on neither line (issue 12:
	 * "Dublin  \xC2\xB7" ended a line; before that "\xC2\xB7 rajesh-..." began one);
	 * between items on one line it shows whole */
	const char *seps[] = {" \xC2\xB7 ", "  \xC2\xB7  ", " | "};
	for (size_t k = 0; k < 3; k++) {
		const char *mark = k == 2 ? "|" : "\xC2\xB7";
		set_contact(pb, "alpha beta gamma|delta epsilon zetass|eta theta|iota", seps[k]);
		ts = cv_typeset(A, d, &fake);
		n = page_lines(&ts->pages[0], ln, 8);
		CHECK(n >= 2);
		size_t marks = 0;
		for (size_t i = 0; i < n; i++) {
			char *t = ln[i].text;
			size_t len = strlen(t);
			while (len > 0 && t[len - 1] == ' ')
				t[--len] = '\0';
			CHECK(strncmp(t, "alpha", 5) == 0 || strncmp(t, "delta", 5) == 0 ||
			      strncmp(t, "eta", 3) == 0 || strncmp(t, "iota", 4) == 0);
			CHECK(len < strlen(mark) || strcmp(t + len - strlen(mark), mark) != 0);
			for (char *m = t; (m = strstr(m, mark)) != NULL; m++)
				marks++;
		}
		CHECK(marks + n == 4); /* four items: n - 1 breaks, the other gaps marked */
		if (k == 1) {          /* every space of a wide separator counts */
			size_t wide = 0;
			for (size_t i = 0; i < n; i++)
				wide += strstr(ln[i].text, "  \xC2\xB7  ") != NULL;
			CHECK(wide == marks);
		}
	}
	/* one item wider than the line still breaks (at its spaces) */
	set_contact(pb, "one two three four five six seven eight nine ten eleven|x", " \xC2\xB7 ");
	ts = cv_typeset(A, d, &fake);
	n = page_lines(&ts->pages[0], ln, 8);
	CHECK(n >= 2);
	for (size_t i = 0; i < n; i++)
		CHECK(ln[i].x1 <= 250 + EPS);
}

/* Metrics of a font without CJK: characters from U+0370 on measure nothing. */
static double latin_width(void *ctx, int family, int face, const char *s, size_t len, double size)
{
	double w = 0;
	(void)ctx;
	(void)family;
	(void)face;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80)
			w += 0.5 * size;
		else if (ch >= 0xC0 && ch < 0xCE) /* leads of U+0080..U+036F */
			w += 0.5 * size;
	}
	return w;
}

static void test_unset_words(void)
{
	/* a word no font can set leaves no space behind (issue 12: news items
	 * indented, "(Taro Yamada)" after a gap where the name was) */
	static const struct cv_metrics latin = {NULL, latin_width, fake_ascent, fake_descent};
	static const struct {
		const char *text, *shown;
	} cases[] = {
	    {"\xE5\xB1\xB1\xE7\x94\xB0 joined the lab", "joined the lab"},
	    {"Ada \xE5\xB1\xB1\xE7\x94\xB0 Quill", "Ada Quill"},
	    {"Ada Quill \xE5\xB1\xB1\xE7\x94\xB0", "Ada Quill"},
	    {"\xE5\xB1\xB1\xE7\x94\xB0\xE5\xA4\xAA (Taro Yamada)", "(Taro Yamada)"},
	    {"a \xE5\xB1\xB1 \xE7\x94\xB0 b", "a b"},
	};
	for (size_t k = 0; k < CV_COUNT(cases); k++) {
		enum cv_align aligns[] = {CV_ALIGN_LEFT, CV_ALIGN_CENTER, CV_ALIGN_RIGHT};
		for (size_t j = 0; j < CV_COUNT(aligns); j++) {
			struct cv_doc *d = new_doc();
			struct cv_block *pb = blk(d->root, CV_BLOCK_PARAGRAPH, CV_ROLE_HEADLINE);
			struct line ln[4];
			set_text(pb, cases[k].text, 0);
			pb->align = aligns[j];
			struct cv_ts_doc *ts = cv_typeset(A, d, &latin);
			size_t n = page_lines(&ts->pages[0], ln, 4);
			CHECK(n == 1);
			/* the line is as wide as the text shown, placed as if alone */
			double w = 5.0 * (double)strlen(cases[k].shown);
			double x0 = aligns[j] == CV_ALIGN_LEFT     ? 50
			            : aligns[j] == CV_ALIGN_CENTER ? 50 + (200 - w) / 2
			                                           : 250 - w;
			CHECK(n == 1 && fabs(ln[0].x0 - x0) < EPS &&
			      fabs(ln[0].x1 - (x0 + w)) < EPS);
			/* its characters stay in the text, for the back end to report */
			CHECK(n == 1 && strstr(ln[0].text, "\xE5\xB1\xB1") != NULL);
		}
	}
}

/* ---- blocks taller than what is left on a page ------------------------- */

/* n words "<prefix><i>" (digits: never hyphenated), space separated; arena string. */
static char *words(const char *prefix, int n)
{
	struct cv_buf b = {0};
	for (int i = 0; i < n; i++)
		cv_buf_printf(&b, "%s%s%d", i ? " " : "", prefix, i);
	char *s = cv_arena_strdup(A, b.data);
	cv_buf_free(&b);
	return s;
}

/* The words of s that start with prefix followed by a digit, one space apart. */
static char *numbered(const char *s, char prefix)
{
	struct cv_buf b = {0};
	while (*s) {
		const char *w = s;
		while (*s && *s != ' ')
			s++;
		if (w[0] == prefix && w[1] >= '0' && w[1] <= '9') {
			if (b.len)
				cv_buf_putc(&b, ' ');
			cv_buf_put(&b, w, (size_t)(s - w));
		}
		while (*s == ' ')
			s++;
	}
	char *r = cv_arena_strdup(A, b.data ? b.data : "");
	cv_buf_free(&b);
	return r;
}

/* The words of every page, in the order drawn (page numbers left out), one space apart. */
static char *drawn_words(const struct cv_ts_doc *ts)
{
	struct cv_buf b = {0};
	for (size_t p = 0; p < ts->npages; p++) {
		const struct cv_ts_page *pg = &ts->pages[p];
		size_t n = pg->ntexts - (ts->npages > 1 ? 1 : 0);
		for (size_t i = 0; i < n; i++) {
			const char *s = pg->texts[i].text, *end = s + pg->texts[i].len;
			while (s < end) {
				const char *w = s;
				while (s < end && *s != ' ')
					s++;
				if (s > w) {
					if (b.len)
						cv_buf_putc(&b, ' ');
					cv_buf_put(&b, w, (size_t)(s - w));
				}
				while (s < end && *s == ' ')
					s++;
			}
		}
	}
	cv_buf_putc(&b, '\0');
	char *s = cv_arena_strdup(A, b.data);
	cv_buf_free(&b);
	return s;
}

/*
 * Texts (page numbers left out) whose glyph boxes (fake metrics: ascent
 * 0.8 em, descent 0.2 em) leave the text area of the 300 x 400 page with
 * margins of 50; printed with TS_DUMP.
 */
static size_t outside_area(const struct cv_ts_doc *ts)
{
	size_t bad = 0;
	for (size_t p = 0; p < ts->npages; p++) {
		const struct cv_ts_page *pg = &ts->pages[p];
		size_t n = pg->ntexts - (ts->npages > 1 ? 1 : 0);
		for (size_t i = 0; i < n; i++) {
			const struct cv_ts_text *t = &pg->texts[i];
			if (t->y - 0.8 * t->size < 50 - EPS || t->y + 0.2 * t->size > 350 + EPS ||
			    t->x < 50 - EPS || t->x + t->width > 250 + EPS) {
				bad++;
				if (getenv("TS_DUMP"))
					fprintf(stderr, "outside: page %zu y %.2f [%.*s]\n", p + 1,
					        t->y, (int)t->len, t->text);
			}
		}
	}
	return bad;
}

/* Whether a text on the page contains the word w (space or text boundary around it). */
static bool page_has_word(const struct cv_ts_page *p, const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < p->ntexts; i++) {
		const char *s = p->texts[i].text, *end = s + p->texts[i].len;
		for (const char *q = s; q + n <= end; q++)
			if ((q == s || q[-1] == ' ') && memcmp(q, w, n) == 0 &&
			    (q + n == end || q[n] == ' '))
				return true;
	}
	return false;
}

/* Index of the first page holding a text that starts with prefix, or npages. */
static size_t page_of(const struct cv_ts_doc *ts, const char *prefix)
{
	for (size_t p = 0; p < ts->npages; p++)
		if (page_has(&ts->pages[p], prefix))
			return p;
	return ts->npages;
}

/* Baselines on a page below y (page numbers left out). */
static size_t lines_below(const struct cv_ts_page *pg, bool numbered, double y)
{
	size_t n = 0;
	double last = -1;
	for (size_t i = 0; i + (numbered ? 1 : 0) < pg->ntexts; i++)
		if (pg->texts[i].y > y + EPS && fabs(pg->texts[i].y - last) > EPS) {
			n++;
			last = pg->texts[i].y;
		}
	return n;
}

/* A header, a titled section and one entry whose row has the given cells (right: a date). */
static struct cv_doc *row_doc(const char *left, enum cv_role lrole, const char *right)
{
	struct cv_doc *d = new_doc();
	struct cv_block *h = blk(d->root, CV_BLOCK_HEADER, CV_ROLE_NAME);
	set_text(blk(h, CV_BLOCK_PARAGRAPH, CV_ROLE_NAME), "Ada", CV_RUN_NOBREAK);
	struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
	set_text(sec, "News", 0);
	struct cv_block *row = blk(blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY), CV_BLOCK_ROW, lrole);
	set_text(blk(row, CV_BLOCK_CELL, lrole), left, 0);
	if (right) {
		struct cv_block *r = blk(row, CV_BLOCK_CELL, CV_ROLE_ENTRY_DATE);
		r->align = CV_ALIGN_RIGHT;
		set_text(r, right, 0);
	}
	return d;
}

static void test_long_row(void)
{
	/* a news item of 2000 words in a row's left cell (issue 10): it used to
	 * be one chunk, put alone on page 3 and drawn past the bottom edge */
	char *text = words("w", 2000);
	struct cv_ts_doc *ts = cv_typeset(A, row_doc(text, CV_ROLE_BODY, "2020"), &fake);
	CHECK(ts->npages > 3);
	CHECK_STR(drawn_words(ts), cv_arena_printf(A, "Ada News 2020 %s", text));
	CHECK(outside_area(ts) == 0);
	/* it starts on page 1 below its title, with two lines at least (no
	 * orphan), and ends with two lines at least (no widow) */
	CHECK(page_of(ts, "News") == 0 && page_of(ts, "w0 ") == 0);
	if (ts->pages[0].nmarks == 1)
		CHECK(lines_below(&ts->pages[0], true, ts->pages[0].marks[0].y + 8) >= 2);
	const struct cv_ts_page *last = &ts->pages[ts->npages - 1];
	CHECK(lines_below(last, true, 0) >= 2);
	/* pages are full: the next page's first line would not have fitted */
	for (size_t p = 0; p + 1 < ts->npages; p++) {
		const struct cv_ts_page *pg = &ts->pages[p];
		CHECK(pg->texts[pg->ntexts - 2].y + 12 + 2 > 350 - EPS);
	}
	/* the date sits beside the first line, drawn before it: a row taller
	 * than a page is not kept together, so the date goes with its line */
	const struct cv_ts_page *first = &ts->pages[0];
	const struct cv_ts_text *date = NULL, *w0 = NULL;
	for (size_t i = 0; i < first->ntexts; i++)
		if (first->texts[i].len == 4 && memcmp(first->texts[i].text, "2020", 4) == 0)
			date = &first->texts[i];
		else if (strncmp(first->texts[i].text, "w0 ", 3) == 0)
			w0 = &first->texts[i];
	CHECK(date && w0 && date < w0);
	if (date && w0)
		CHECK(date->y < w0->y + EPS && date->y > w0->y - 3);
	CHECK(date && fabs(date->x + date->width - 250) < EPS);

	/* 500 authors (a publication's second row) and 200 skill items */
	ts = cv_typeset(A, row_doc(words("Author", 500), CV_ROLE_ENTRY_DETAIL, NULL), &fake);
	CHECK(ts->npages > 1 && page_of(ts, "Author0 ") == 0);
	CHECK_STR(drawn_words(ts), cv_arena_printf(A, "Ada News %s", words("Author", 500)));
	CHECK(outside_area(ts) == 0);
	ts = cv_typeset(A, row_doc(words("Skill", 200), CV_ROLE_ENTRY_TITLE, "2024"), &fake);
	CHECK(ts->npages > 1);
	CHECK_STR(drawn_words(ts), cv_arena_printf(A, "Ada News 2024 %s", words("Skill", 200)));
	CHECK(outside_area(ts) == 0);
}

static void test_long_right_cell(void)
{
	/* a right cell of 300 words wraps in 45 % of the width: its lines below
	 * the left cell's flow on over pages, the first stays beside the title */
	char *right = words("r", 300);
	struct cv_ts_doc *ts =
	    cv_typeset(A, row_doc("Engineer", CV_ROLE_ENTRY_TITLE, right), &fake);
	CHECK(ts->npages > 1);
	/* (too tall to keep together: each right line is drawn before the left
	 * line beside it) */
	char *got = drawn_words(ts);
	CHECK(strstr(got, " Engineer ") != NULL);
	CHECK_STR(numbered(got, 'r'), right);
	CHECK(outside_area(ts) == 0);
	const struct cv_ts_page *p = &ts->pages[0];
	for (size_t i = 1; i < p->ntexts; i++)
		if (strcmp(p->texts[i].text, "Engineer") == 0)
			CHECK(fabs(p->texts[i - 1].y - p->texts[i].y) < EPS);
	/* ... and both long */
	char *left = words("l", 700);
	ts = cv_typeset(A, row_doc(left, CV_ROLE_BODY, right), &fake);
	got = drawn_words(ts);
	CHECK_STR(numbered(got, 'l'), left);
	CHECK_STR(numbered(got, 'r'), right);
	CHECK(outside_area(ts) == 0);
}

static void test_tall_header_and_title(void)
{
	/* a name of 200 words at 20pt and a section title of 150 words: each
	 * breaks between its lines, the title still keeps with its entry */
	struct cv_doc *d = new_doc();
	char *name = words("n", 200), *title = words("t", 150);
	struct cv_block *h = blk(d->root, CV_BLOCK_HEADER, CV_ROLE_NAME);
	set_text(blk(h, CV_BLOCK_PARAGRAPH, CV_ROLE_NAME), name, CV_RUN_NOBREAK);
	set_text(blk(h, CV_BLOCK_PARAGRAPH, CV_ROLE_HEADLINE), "Analyst", 0);
	struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
	set_text(sec, title, 0);
	set_text(blk(blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY), CV_BLOCK_PARAGRAPH, CV_ROLE_BODY),
	         "Body text.", 0);
	struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
	CHECK(ts->npages > 3);
	CHECK_STR(drawn_words(ts), cv_arena_printf(A, "%s Analyst %s Body text.", name, title));
	CHECK(outside_area(ts) == 0);
	size_t last_title = ts->npages;
	for (size_t p = 0; p < ts->npages; p++)
		if (page_has_word(&ts->pages[p], "t149"))
			last_title = p;
	CHECK(last_title < ts->npages && page_has(&ts->pages[last_title], "Body"));
	/* the outline mark is at the title's first line */
	size_t first_title = page_of(ts, "t0 ");
	CHECK(first_title < ts->npages && ts->pages[first_title].nmarks == 1);
}

static void test_page_tall_lines(void)
{
	/* a keep chain taller than a page (an entry of 3 lines at 150pt, kept
	 * whole) starts on page 1 below its title rather than leave page 1 to
	 * the name alone, and breaks where it overflows */
	L.styles[CV_ROLE_BODY].size = 150;
	L.styles[CV_ROLE_BODY].leading = 160;
	struct cv_ts_doc *ts = cv_typeset(A, row_doc("ab cd ef", CV_ROLE_BODY, NULL), &fake);
	CHECK(ts->npages == 3);
	CHECK(page_has(&ts->pages[0], "News") && page_has(&ts->pages[0], "ab"));
	CHECK_STR(drawn_words(ts), "Ada News ab cd ef");
	CHECK(outside_area(ts) == 0);

	/* ... but a title is not left at a page foot when it can go to the next
	 * page with the first line below it: a 2-line title after a 2-line
	 * header, then lines at 260pt (the title and one line fit on a page) */
	L.styles[CV_ROLE_BODY].size = 260;
	L.styles[CV_ROLE_BODY].leading = 270;
	struct cv_doc *d = row_doc("a b c", CV_ROLE_BODY, NULL);
	set_text(d->root->first->first, "Ada Augusta Lovelace Byron King", CV_RUN_NOBREAK);
	set_text(d->root->first->next, "News and notes of the analytical engine society", 0);
	ts = cv_typeset(A, d, &fake);
	CHECK(ts->npages == 4);
	CHECK(page_has(&ts->pages[0], "Byron") && !page_has(&ts->pages[0], "News"));
	if (ts->npages > 1)
		CHECK(page_has(&ts->pages[1], "News") && page_has_word(&ts->pages[1], "a"));
	CHECK(outside_area(ts) == 0);

	/* huge leading: one line a page, each at the top */
	L.styles[CV_ROLE_BODY].size = 10;
	L.styles[CV_ROLE_BODY].leading = 1000;
	ts = typeset_paragraph("one two three four five six seven eight nine ten eleven twelve "
	                       "thirteen fourteen fifteen sixteen seventeen eighteen",
	                       0, CV_ROLE_BODY);
	CHECK(ts->npages == 3);
	for (size_t p = 0; p < ts->npages; p++)
		CHECK(fabs(ts->pages[p].texts[0].y - 58) < EPS);
	CHECK(outside_area(ts) == 0);

	/* a line taller than the text area is placed at the top of a page and
	 * overflows into the bottom margin (320pt: no message); past the
	 * page's bottom edge (400pt), it is reported where it came from */
	cv_msg_set_stream(NULL);
	for (int pass = 0; pass < 2; pass++) {
		double size = pass ? 400 : 320;
		L.styles[CV_ROLE_BODY].size = size;
		L.styles[CV_ROLE_BODY].leading = size;
		cv_msg_reset();
		ts = typeset_paragraph("a b", 0, CV_ROLE_BODY);
		CHECK(ts->npages == 2);
		CHECK_STR(drawn_words(ts), "a b");
		for (size_t p = 0; p < ts->npages; p++)
			CHECK(fabs(ts->pages[p].texts[0].y - (50 + 0.8 * size)) < EPS);
		if (pass)
			CHECK_STR(cv_msg_last_id(), "overfull-page");
		else
			CHECK(cv_msg_last_id() == NULL);
	}
	cv_msg_reset();
	cv_msg_set_stream(stderr);
	L.styles[CV_ROLE_BODY].size = 10;
	L.styles[CV_ROLE_BODY].leading = 12;
}

static void test_row_keeps(void)
{
	/* after a title and 18 items (246.5pt), three lines of a row would fit:
	 * a row of 5 lines (a heading) moves to page 2 whole; one of 12 splits,
	 * two lines at least on each page, its last line with the item below */
	for (int pass = 0; pass < 2; pass++) {
		struct cv_doc *d = new_doc();
		struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
		set_text(sec, "Work", 0);
		struct cv_block *list =
		    blk(blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY), CV_BLOCK_LIST, CV_ROLE_BULLET);
		for (int i = 0; i < 18; i++)
			set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET), "Filler item text", 0);
		struct cv_block *e = blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY);
		/* 3 words of 10 or 11 characters a line of 40 */
		char *left = words("Headingxx", pass ? 36 : 15);
		struct cv_block *row = blk(e, CV_BLOCK_ROW, CV_ROLE_BODY);
		set_text(blk(row, CV_BLOCK_CELL, CV_ROLE_BODY), left, 0);
		list = blk(e, CV_BLOCK_LIST, CV_ROLE_BULLET);
		for (int i = 0; i < 6; i++)
			set_text(blk(list, CV_BLOCK_ITEM, CV_ROLE_BULLET), "Item of B", 0);
		/* an entry after, so that page 2 is not only the cut entry's tail */
		set_text(
		    blk(blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY), CV_BLOCK_PARAGRAPH, CV_ROLE_BODY),
		    "After", 0);
		struct cv_ts_doc *ts = cv_typeset(A, d, &fake);
		CHECK(ts->npages == 2);
		if (ts->npages != 2)
			continue;
		CHECK(outside_area(ts) == 0);
		const struct cv_ts_page *p1 = &ts->pages[0], *p2 = &ts->pages[1];
		size_t on1 = 0;
		for (size_t i = 0; i < p1->ntexts; i++)
			on1 += strncmp(p1->texts[i].text, "Headingxx", 9) == 0;
		if (!pass) {
			CHECK(on1 == 0);
		} else {
			CHECK(on1 == 3);
			CHECK(page_has_word(p2, "Headingxx35") && page_has(p2, "Item of B"));
			CHECK(!page_has(p2, "Headingxx0 "));
		}
	}
}

/* A section of n entries, each one line "Line i". */
static struct cv_doc *lines_doc(int n)
{
	struct cv_doc *d = new_doc();
	struct cv_block *sec = blk(d->root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE);
	set_text(sec, "Work", 0);
	for (int i = 0; i < n; i++) {
		char text[32];
		snprintf(text, sizeof text, "Line %d", i);
		struct cv_block *e = blk(sec, CV_BLOCK_ENTRY, CV_ROLE_BODY);
		set_text(blk(e, CV_BLOCK_PARAGRAPH, CV_ROLE_BODY), cv_arena_strdup(A, text), 0);
	}
	return d;
}

/* Lines (texts but page numbers) on a page. */
static size_t text_lines(const struct cv_ts_page *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->ntexts; i++)
		n += strchr(p->texts[i].text, '/') == NULL;
	return n;
}

static void test_page_fit(void)
{
	struct cv_spacing keep = L.spacing;
	for (int g = 0; g < CV_GAP__COUNT; g++)
		L.spacing.plus[g] = L.spacing.minus[g] = -1; /* the shares */
	cv_msg_set_stream(NULL);
	/* the fewest entries that spill onto a second page with fixed spacing */
	int n = 1;
	struct cv_ts_doc *ts = NULL;
	for (; n < 100; n++) {
		cv_msg_reset();
		ts = cv_typeset(A, lines_doc(n), &fake);
		if (ts->npages == 2)
			break;
	}
	CHECK(n < 100);
	/* with fixed spacing the breaker cannot pull the line back: it says so,
	 * and moves lines over so that page 2 holds more than three */
	CHECK_STR(cv_msg_last_id(), "short-last-page");
	CHECK(text_lines(&ts->pages[1]) == 4);
	CHECK(outside_area(ts) == 0);
	/* entry gaps that may shrink by 40% pull it back, and the page's texts stay
	 * in the area, the first and the last where they were */
	L.spacing.shrink = 0.4;
	cv_msg_reset();
	struct cv_ts_doc *nat = cv_typeset(A, lines_doc(n - 1), &fake);
	ts = cv_typeset(A, lines_doc(n), &fake);
	CHECK(ts->npages == 1 && cv_msg_last_id() == NULL);
	CHECK(outside_area(ts) == 0);
	const struct cv_ts_page *p = &ts->pages[0];
	CHECK(fabs(p->texts[0].y - nat->pages[0].texts[0].y) < EPS);
	CHECK(p->texts[p->ntexts - 1].y <= 350 + EPS);
	/* every gap shrinks alike, by less than its 40%: lines 12pt + gap 6pt apart */
	double step = p->texts[p->ntexts - 1].y - p->texts[p->ntexts - 2].y;
	CHECK(step < 18 - EPS && step >= 18 - 0.4 * 6 - EPS);
	for (size_t i = 2; i + 1 < p->ntexts; i++)
		CHECK(fabs(p->texts[i + 1].y - p->texts[i].y - step) < 1e-3);
	/* a gap's own glue: "6pt minus 3pt" on entry gaps alone does it too */
	L.spacing.shrink = 0;
	L.spacing.minus[CV_GAP_ENTRY] = 3;
	ts = cv_typeset(A, lines_doc(n), &fake);
	CHECK(ts->npages == 1);
	/* many lines on the last page: nothing changes */
	L.spacing.shrink = 0.4;
	L.spacing.minus[CV_GAP_ENTRY] = -1;
	ts = cv_typeset(A, lines_doc(n + 12), &fake);
	CHECK(ts->npages == 2 && text_lines(&ts->pages[1]) > 4);
	double y1 = ts->pages[0].texts[2].y - ts->pages[0].texts[1].y;
	CHECK(fabs(y1 - 18) < EPS); /* natural spacing */
	cv_msg_reset();
	cv_msg_set_stream(stderr);
	L.spacing = keep;
}

int main(void)
{
	A = cv_arena_new();
	setup_layout();
	test_justified();
	test_ragged();
	test_hyphenation();
	test_hyphen_quality();
	test_overfull();
	test_long_paragraph();
	test_hard_break();
	test_row_date();
	test_wide_right_cell();
	test_bullets();
	test_pagination();
	test_keep_title();
	test_keep_row();
	test_orphans();
	test_header_photo_and_fill_rule();
	test_determinism_and_links();
	test_link_colours();
	test_contact_breaks();
	test_unset_words();
	test_long_row();
	test_long_right_cell();
	test_tall_header_and_title();
	test_page_tall_lines();
	test_row_keeps();
	test_page_fit();
	cv_arena_free(A);
	return TEST_RESULT();
}
