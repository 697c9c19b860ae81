/*
 * No input becomes TeX code, as a property (tex_check.h): the .tex of every
 * bundled and held-out CV, and of 3000 generated profiles whose every
 * string -- header, section titles, entry fields, and through the
 * profile's `layout:` overrides the font family name, bullet, separators,
 * date words, formats and template text -- is built from TeX-dangerous
 * pieces (backslashes, braces, %, #, ^^, newlines, U+2028, NBSP, control
 * characters, \input, \catcode ...), holds only folio's own control words,
 * escapes, balanced braces and clean \href targets.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cv.h"
#include "harness.h"
#include "latex/writer.h"
#include "msg.h"
#include "profile.h"
#include "tex_check.h"

static struct tex_vocab vocab;
static unsigned long rng = 20261204;

static unsigned pick(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng >> 33) % n);
}

/* Pieces of hostile text, as the inside of a YAML double-quoted scalar. */
static const char *const pieces[] = {
    "\\\\",
    "{",
    "}",
    "%",
    "#",
    "$",
    "&",
    "_",
    "^",
    "^^5c",
    "~",
    "\\n",
    "\\r",
    "\\t",
    "[",
    "]",
    "`",
    "'",
    "\\\"",
    "<",
    ">",
    "|",
    "--",
    ",,",
    "\\\\input{/etc/passwd}",
    "\\\\catcode`\\\\{=12",
    "\\\\directlua{os.exit()}",
    "\\\\write18{x}",
    "\\u00e9",
    "\\u20ac",
    "\\u03b1",
    "\\U0001D11E",
    " ",
    "x",
    "Word",
    "\\u2028",
    "\\u00a0",
    "\\u00ad",
    "\\x01",
    "\\x1b[2J",
    "\\u202e",
    "%%",
    "\\\\end{document}",
    "}}}",
    "{{{",
    "\\\\\\\\",
};

/* A random string of 1..max pieces into b (YAML double-quoted contents). */
static void random_text(struct cv_buf *b, unsigned max)
{
	unsigned n = 1 + pick(max), i;
	for (i = 0; i < n; i++)
		cv_buf_puts(b, pieces[pick(CV_COUNT(pieces))]);
}

static void field(struct cv_buf *b, const char *indent, const char *key, unsigned max)
{
	cv_buf_printf(b, "%s%s: \"", indent, key);
	random_text(b, max);
	cv_buf_puts(b, "\"\n");
}

/*
 * Layout overrides for regions (variant 1..4): a sidebar left or right, on
 * every page or the first, with a band, its own styles (the hostile family)
 * and a hostile section title; a date column.  (The header's place, contact
 * lines and banner: random_profile.)
 */
static void random_regions(struct cv_buf *b, int variant, const char *family)
{
	cv_buf_printf(b,
	              "  sidebar:\n    side: %s\n    width: 55mm\n    gap: 8mm\n"
	              "    pages: %s\n    background: \"#eeeeee\"\n    padding: 4mm\n"
	              "    styles: {body: {font: \"f%s\", size: 9pt}, section.title: {color: "
	              "\"#224466\"}}\n    sections: [skill, award, \"",
	              variant % 2 ? "left" : "right", variant == 2 ? "first" : "all", family);
	random_text(b, 3);
	cv_buf_puts(b, "\"]\n");
	if (variant >= 2)
		cv_buf_puts(b, "  gutter: {width: 22mm, gap: 3mm}\n");
	if (variant == 3)
		cv_buf_puts(b, "  section: {rule: gutter, rule-width: 6pt}\n");
}

/*
 * A profile with random text everywhere a string goes, layout overrides
 * included; regions: 0 none, else the random_regions variant.
 */
static void random_profile(struct cv_buf *b, int regions)
{
	cv_buf_puts(b, "name: \"Ada ");
	random_text(b, 6);
	cv_buf_puts(b, "\"\n");
	field(b, "", "headline", 8);
	field(b, "", "location", 4);
	cv_buf_puts(b, "keywords: [\"");
	random_text(b, 4);
	cv_buf_puts(b, "\"]\nlinks:\n  - label: \"");
	random_text(b, 4);
	cv_buf_puts(b, "\"\n    url: https://example.org/a_b~c\nemail: \"a_b%c@example.org\"\n"
	               "layout:\n  extends: classic\n");
	/* a font family with a hostile name, used by the body text */
	{
		struct cv_buf family = {0};
		random_text(&family, 5);
		cv_buf_printf(b, "  fonts:\n    \"f%s\": {regular: NotoSerif-Regular.ttf}\n",
		              family.data);
		cv_buf_printf(b, "  styles: {body: {font: \"f%s\"}}\n", family.data);
		if (regions)
			random_regions(b, regions, family.data);
		cv_buf_free(&family);
	}
	field(b, "  ", "bullet", 2);
	field(b, "  ", "list-separator", 3);
	cv_buf_puts(b, "  header:\n");
	field(b, "    ", "separator", 3);
	if (regions) {
		static const char *const places[] = {"sidebar", "main", "top", "sidebar"};
		cv_buf_printf(b, "    place: %s\n    contact-lines: %s\n", places[regions % 4],
		              regions % 2 ? "true" : "false");
		if (regions % 4 == 2)
			cv_buf_puts(b, "    banner: {color: \"#dde4ee\", padding: 10pt}\n");
		cv_buf_printf(b, "    icons: true\n%s",
		              regions % 2 ? "    icon-color: \"#336699\"\n" : "");
	}
	cv_buf_puts(b, "  dates:\n");
	field(b, "    ", "present", 3);
	field(b, "    ", "range-separator", 2);
	cv_buf_puts(b, "  publication:\n");
	field(b, "    ", "equal-mark", 2);
	field(b, "    ", "author-separator", 2);
	cv_buf_puts(b, "  footer:\n    page-format: \"");
	random_text(b, 3);
	cv_buf_puts(b, " %p\"\n  title: \"");
	random_text(b, 3);
	cv_buf_puts(b,
	            " %n\"\n  templates:\n    award:\n      rows:\n        - left: \"**{title}** ");
	random_text(b, 3);
	cv_buf_puts(b, "\"\n          right: \"{dates}\"\nsections:\n  - title: \"");
	random_text(b, 5);
	cv_buf_puts(b, "\"\n    kind: experience\n    entries:\n      - organization: \"");
	random_text(b, 6);
	cv_buf_puts(b, "\"\n");
	field(b, "        ", "position", 6);
	field(b, "        ", "location", 6);
	field(b, "        ", "summary", 12);
	cv_buf_puts(b, "        highlights: [\"");
	random_text(b, 8);
	cv_buf_puts(b, "\", \"[x](https://example.org/?q=1&r=%25#f) ");
	random_text(b, 3);
	cv_buf_puts(b, "\"]\n        start: 2019-01\n        end: \"");
	random_text(b, 3);
	cv_buf_puts(b, "\"\n  - title: Publications\n    entries:\n      - title: \"");
	random_text(b, 6);
	cv_buf_puts(b, "\"\n        authors: [\"");
	random_text(b, 3);
	cv_buf_puts(b, "\", Ada Lovelace]\n");
	field(b, "        ", "venue", 5);
	field(b, "        ", "note", 3);
	cv_buf_puts(b, "  - title: Awards\n    entries:\n      - title: \"");
	random_text(b, 4);
	cv_buf_puts(b,
	            "\"\n        date: 2020\n  - title: Skills\n    entries:\n      - label: \"");
	random_text(b, 3);
	cv_buf_puts(b, "\"\n        items: [\"");
	random_text(b, 3);
	cv_buf_puts(b, "\", \"`code ");
	random_text(b, 3);
	cv_buf_puts(b, "`\"]\n  - title: \"About ");
	random_text(b, 2);
	cv_buf_puts(b, "\"\n    kind: text\n    entries: [\"");
	random_text(b, 20);
	cv_buf_puts(b, "\"]\n");
}

/* How many checked .tex files had columns, a date column, a banner, units (regions seen). */
static int with_columns, with_gutter, with_banner, with_units, with_icons, with_bars;

/* Render the profile text as LaTeX; 1 when it loaded and the .tex is clean, 0 if refused. */
static int check_profile(const char *name, const char *text, size_t len)
{
	struct cv_arena *a = cv_arena_new();
	struct cv_render_opts opts = {-1, "test", NULL};
	struct cv_profile *p;
	struct cv_layout *l;
	struct cv_doc *doc;
	struct cv_buf out = {0};
	int r = 0;
	cv_msg_reset();
	p = cv_profile_parse(a, name, text, len);
	l = p ? cv_layout_load(a, NULL, p->layout) : NULL;
	doc = l ? cv_compose(a, p, l) : NULL;
	if (doc && cv_latex_render(doc, &opts, &out)) {
		const char *why = tex_check(&vocab, out.data, out.len);
		if (!why)
			why = tex_check_marked(out.data, out.len);
		if (why) {
			printf("%s: %s\n--- profile:\n%.*s\n", name, why, (int)len, text);
			CHECK(why == NULL);
		}
		r = 1;
		with_columns += strstr(out.data, "\n\\cvcolumns\n") != NULL;
		with_gutter += strstr(out.data, "\\begin{cvmain}") != NULL;
		with_banner += strstr(out.data, "\\begin{cvbanner}") != NULL;
		with_units += strstr(out.data, "\\cvunit{1}") != NULL;
		with_icons += strstr(out.data, "\\cvicon{1}") != NULL;
		with_bars += strstr(out.data, "\\ifcvgutterbar\\llap") != NULL;
	}
	cv_buf_free(&out);
	cv_arena_free(a);
	return r;
}

static void check_file(const char *path)
{
	char *data = NULL;
	size_t len = 0;
	if (cv_file_read(path, 1 << 22, &data, &len)) {
		printf("cannot read %s\n", path);
		CHECK(0);
		return;
	}
	CHECK(check_profile(path, data, len) == 1);
	x_free(data);
}

static void test_files(void)
{
	const char *dirs[] = {FOLIO_SOURCE_DIR "/data", FOLIO_SOURCE_DIR "/tests/cvs",
	                      FOLIO_SOURCE_DIR "/tests/fixtures/latex"};
	size_t i;
	int n = 0;
	for (i = 0; i < CV_COUNT(dirs); i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			size_t k = strlen(e->d_name);
			char path[1024];
			if (k < 6 || strcmp(e->d_name + k - 5, ".yaml"))
				continue;
			snprintf(path, sizeof path, "%s/%s", dirs[i], e->d_name);
			check_file(path);
			n++;
		}
		if (d)
			closedir(d);
	}
	CHECK(n >= 8);
}

static void test_generated(void)
{
	int i, loaded = 0;
	for (i = 0; i < 3000; i++) {
		struct cv_buf b = {0};
		random_profile(&b, i % 5); /* with regions 4 times in 5 */
		loaded += check_profile("generated.yaml", b.data, b.len);
		cv_buf_free(&b);
	}
	printf("generated profiles: 3000, loaded and checked: %d (columns %d, date column %d, "
	       "banner %d, first-page sidebar %d, icons %d, gutter bars %d)\n",
	       loaded, with_columns, with_gutter, with_banner, with_units, with_icons, with_bars);
	CHECK(with_columns > 100 && with_gutter > 100 && with_banner > 50 && with_units > 50);
	CHECK(with_icons > 100 && with_bars > 50);
	CHECK(loaded >= 1000); /* most are valid: the property is tested, not the loader */
}

/* The checker itself sees injected code (so a clean result means something). */
/* The vocabulary checker on a literal, its length counted by strlen. */
static const char *checked(const char *tex)
{
	return tex_check(&vocab, tex, strlen(tex));
}

/* The marked-input checker on a literal, its length counted by strlen. */
static const char *marked(const char *tex)
{
	return tex_check_marked(tex, strlen(tex));
}

static void test_checker(void)
{
	static const char *const bad[] = {
	    "\\documentclass{article}\\input{/etc/passwd}",
	    "\\cvname{x}^^5cinput",
	    "\\cvname{x}}",
	    "\\cvname{x #1 # }",
	    "\\cvname{$x$}",
	    "\\href{https://e.org/a b}{x}",
	    "\\cvname{\\\\}",
	};
	size_t i;
	CHECK(checked("\\cvname{a\\{b\\}\\%c\\#}% \\input{/etc/passwd}\n") == NULL);
	CHECK(checked("\\input{glyphtounicode}") == NULL);
	CHECK(marked("\\cvname{\x01"
	             "a\\{\\textbackslash{}input-{}-{[}%\n\x02}") == NULL);
	CHECK(marked("\\cvname{\x01"
	             "\\input\x02}") != NULL);
	CHECK(marked("\\cvname{\x01"
	             "a}b\x02}") != NULL);
	CHECK(marked("\\cvname{\x01"
	             "a%b\x02}") != NULL);
	CHECK(marked("\\href{\x01"
	             "a_b$\x02}{\x01"
	             "x_\x02}") != NULL);
	CHECK(marked("\\href{\x01"
	             "a_b$\x02}") == NULL);
	for (i = 0; i < CV_COUNT(bad); i++)
		CHECK(tex_check(&vocab, bad[i], strlen(bad[i])) != NULL);
}

int main(void)
{
	cv_msg_set_stream(getenv("SAFETY_MSGS") ? stderr : NULL);
	cv_texw_mark_input(true);
	if (tex_vocab_load(&vocab)) {
		printf("cannot read the LaTeX sources under %s\n", FOLIO_SOURCE_DIR);
		return 1;
	}
	CHECK(vocab.n > 50);
	test_checker();
	test_files();
	test_generated();
	tex_vocab_free(&vocab);
	return TEST_RESULT();
}
