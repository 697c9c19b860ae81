/*
 * Unit tests for inline Markdown -> runs (src/load/markdown.c): each
 * construct, the HTML subset, link schemes, block syntax staying literal,
 * whitespace rules and pathological input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "msg.h"
#include "profile.h"
#include "text.h"
#include "util.h"

static struct cv_arena *arena;
static bool last_ok;

/*
 * Runs as one string: runs separated by "|", each run's flags as a prefix
 * ("B" bold, "I" italic, "U" underline, "C" code, "^" sup, "_" sub, then
 * ":"), its href as a suffix "<url>", a break as "BR".
 */
static const char *md(const char *src)
{
	static const struct cv_pos pos = {"t.yaml", 3, 5};
	struct cv_text t;
	struct cv_buf b = {0};
	size_t i;
	char *r;
	cv_msg_reset();
	last_ok = cv_md_parse(arena, src, strlen(src), &pos, &t);
	for (i = 0; i < t.nruns; i++) {
		const struct cv_run *run = &t.runs[i];
		if (i)
			cv_buf_putc(&b, '|');
		if (run->flags & CV_RUN_BREAK) {
			cv_buf_puts(&b, "BR");
			continue;
		}
		if (run->flags) {
			if (run->flags & CV_RUN_BOLD)
				cv_buf_putc(&b, 'B');
			if (run->flags & CV_RUN_ITALIC)
				cv_buf_putc(&b, 'I');
			if (run->flags & CV_RUN_UNDERLINE)
				cv_buf_putc(&b, 'U');
			if (run->flags & CV_RUN_CODE)
				cv_buf_putc(&b, 'C');
			if (run->flags & CV_RUN_SUP)
				cv_buf_putc(&b, '^');
			if (run->flags & CV_RUN_SUB)
				cv_buf_putc(&b, '_');
			cv_buf_putc(&b, ':');
		}
		cv_buf_puts(&b, run->text);
		if (run->href)
			cv_buf_printf(&b, "<%s>", run->href);
	}
	r = cv_arena_strdup(arena, b.data ? b.data : "");
	cv_buf_free(&b);
	return r;
}

static void test_inline(void)
{
	CHECK_STR(md("plain text"), "plain text");
	CHECK_STR(md("*em* and _em_"), "I:em| and |I:em");
	CHECK_STR(md("**strong** and __strong__"), "B:strong| and |B:strong");
	CHECK_STR(md("***both***"), "BI:both");
	CHECK_STR(md("**bold *and italic***"), "B:bold |BI:and italic");
	CHECK_STR(md("use `a  *b*` here"), "use |C:a *b*| here");
	CHECK_STR(md("[site](https://example.com) x"), "site<https://example.com>| x");
	CHECK_STR(md("[**b** t](mailto:a@b.org)"), "B:b<mailto:a@b.org>| t<mailto:a@b.org>");
	CHECK_STR(md("<https://x.org>"), "https://x.org<https://x.org>");
	CHECK_STR(md("<me@x.org>"), "me@x.org<mailto:me@x.org>");
	CHECK_STR(md("call [me](tel:+15551234)"), "call |me<tel:+15551234>");
	CHECK_STR(md("a\\\nb"), "a|BR|b");
	CHECK_STR(md("a  \nb"), "a|BR|b");
	CHECK_STR(md("a\nb"), "a b");
	CHECK_STR(md("a\n\nb"), "a|BR|b");
	CHECK_STR(md("a\n\n\n\nb\n\n"), "a|BR|b");
	CHECK_STR(md("&amp; &lt;x&gt; &copy; &#233;"), "& <x> \xC2\xA9 \xC3\xA9");
	CHECK_STR(md("\\*not em\\* \\_x\\_ \\[y\\]"), "*not em* _x_ [y]");
	/* typographic punctuation, as LaTeX and Typst set it; escapes keep ASCII */
	CHECK_STR(md("it's \"quoted\" -- ok..."), "it\xE2\x80\x99s \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x93 ok\xE2\x80\xA6");
	CHECK_STR(md("'single' 1990--2000 a---b"), "\xE2\x80\x98single\xE2\x80\x99 1990\xE2\x80\x93" "2000 a\xE2\x80\x94" "b");
	CHECK_STR(md("it\\'s \\\"raw\\\" a\\-\\-b"), "it's \"raw\" a--b");
	CHECK_STR(md("`it's \"code\" --`"), "C:it's \"code\" --");
	CHECK_STR(md("snake_case_name and 2*3*4"), "snake_case_name and 2|I:3|4");
	CHECK(last_ok);
	CHECK(cv_msg_count(CV_NOTE) == 0);
}

static void test_html(void)
{
	CHECK_STR(md("<b>b</b> <strong>s</strong>"), "B:b| |B:s");
	CHECK_STR(md("<i>i</i><em>e</em>"), "I:ie");
	CHECK_STR(md("<u>u</u> <sup>2</sup> <sub>i</sub>"), "U:u| |^:2| |_:i");
	CHECK_STR(md("<B>x</B><I>y</i>"), "B:x|I:y");
	CHECK_STR(md("<b>a <i>b</i> c</b>"), "B:a |BI:b|B: c");
	CHECK_STR(md("a<br>b<br/>c<BR />d"), "a|BR|b|BR|c|BR|d");
	CHECK_STR(md("<a href=\"https://x.org/?a=1&amp;b=2\" target=\"_blank\">x</a> y"),
	          "x<https://x.org/?a=1&b=2>| y");
	CHECK_STR(md("<a class=c href='http://x.org'>x</a>"), "x<http://x.org>");
	CHECK_STR(md("<a href=http://x.org>x</a>"), "x<http://x.org>");
	CHECK_STR(md("<a name=\"n\">plain</a>"), "plain");
	CHECK(cv_msg_count(CV_NOTE) == 0);
	/* unclosed tags end with the paragraph */
	CHECK_STR(md("<b>open\n\nnext"), "B:open|BR|next");
	CHECK(cv_msg_count(CV_NOTE) == 0);
}

static void test_html_dropped(void)
{
	CHECK_STR(md("a <img src=\"x.png\"> b"), "a b");
	CHECK(cv_msg_count(CV_WARN) == 1);
	CHECK_STR(cv_msg_last_id(), "html-dropped");
	CHECK(last_ok);
	CHECK_STR(md("<span class=\"x\">kept</span> text"), "kept text");
	CHECK(cv_msg_count(CV_WARN) == 1); /* the close tag is not reported again */
	CHECK_STR(md("<div>in</div>"), "in");
	CHECK(cv_msg_count(CV_WARN) == 1);
	CHECK_STR(md("x<script>alert(1)</script>y"), "xy");
	CHECK(cv_msg_count(CV_WARN) == 1);
	CHECK_STR(md("x <style>p{}</style> y"), "x y");
	CHECK_STR(md("a <!-- note --> b"), "a b");
	CHECK_STR(cv_msg_last_id(), "html-dropped");
	CHECK_STR(md("stray</b> close"), "stray close");
	CHECK_STR(cv_msg_last_id(), "html-dropped");
	CHECK_STR(md("<b>x</i></b>"), "B:x");
	CHECK(cv_msg_count(CV_WARN) == 1);
	CHECK_STR(md("<span>a <b>b</span> c"), "a |B:b| c"); /* </span> closes <b> too */
	CHECK_STR(md("<span>a</span> <span>b</span> <SPAN>c</SPAN>"), "a b c");
	CHECK(cv_msg_count(CV_WARN) == 2); /* each distinct tag once per field */
	CHECK_STR(md("<?php x ?>y"), "y");
	CHECK(cv_msg_count(CV_WARN) == 1);
	/* a warning, never an error */
	CHECK(!cv_msg_failed());
}

static void test_schemes(void)
{
	CHECK(cv_url_allowed("https://example.com"));
	CHECK(cv_url_allowed("HTTP://EXAMPLE.COM/x"));
	CHECK(cv_url_allowed("http://a"));
	CHECK(cv_url_allowed("mailto:me@example.com"));
	CHECK(cv_url_allowed("MailTo:me@example.com"));
	CHECK(cv_url_allowed("tel:+1-555-1234"));
	CHECK(!cv_url_allowed(NULL));
	CHECK(!cv_url_allowed(""));
	CHECK(!cv_url_allowed("javascript:alert(1)"));
	CHECK(!cv_url_allowed("JavaScript:alert(1)"));
	CHECK(!cv_url_allowed("file:///etc/passwd"));
	CHECK(!cv_url_allowed("data:text/html,x"));
	CHECK(!cv_url_allowed("vbscript:x"));
	CHECK(!cv_url_allowed("ftp://x.org"));
	CHECK(!cv_url_allowed("relative/path.html"));
	CHECK(!cv_url_allowed("/abs/path"));
	CHECK(!cv_url_allowed("example.com"));
	CHECK(!cv_url_allowed("http:"));
	CHECK(!cv_url_allowed("http:example.com"));
	CHECK(!cv_url_allowed("http://"));
	CHECK(!cv_url_allowed("https:///path"));
	CHECK(!cv_url_allowed("mailto:"));
	CHECK(!cv_url_allowed("tel:"));
	CHECK(!cv_url_allowed("https://exa mple.com"));
	CHECK(!cv_url_allowed("https://example.com/\t"));
	CHECK(!cv_url_allowed("https://example.com/\x01"));
	CHECK(!cv_url_allowed(" https://example.com"));

	CHECK_STR(md("[x](javascript:alert(1)) y"), "x y");
	CHECK(!last_ok);
	CHECK(cv_msg_failed());
	CHECK_STR(cv_msg_last_id(), "link-scheme");
	CHECK_STR(md("[x](file:///etc/passwd)"), "x");
	CHECK(!last_ok);
	CHECK_STR(md("[x](page.html)"), "x");
	CHECK(!last_ok);
	CHECK_STR(cv_msg_last_id(), "link-scheme");
	CHECK_STR(md("<a href=\"data:text/html,x\">x</a>"), "x");
	CHECK(!last_ok);
	CHECK_STR(cv_msg_last_id(), "link-scheme");
	CHECK_STR(md("<javascript:alert(1)>"), "javascript:alert(1)");
	CHECK(!last_ok);
	CHECK_STR(md("<a href=\"vbscript:x\">x</a>"), "x");
	CHECK(!last_ok);
	CHECK_STR(md("[ok](https://x.org)"), "ok<https://x.org>");
	CHECK(last_ok);
}

static void test_blocks_literal(void)
{
	static const char *const cases[] = {
	    "2019. Started a company",
	    "1) x",
	    "- dash",
	    "+ x",
	    "* x",
	    "# 1 in class",
	    "## heading",
	    "> quote",
	    "---",
	    "***",
	    "___",
	    "* * *",
	    "```",
	    "```c",
	    "~~~",
	    "[ref]: https://example.com",
	    "1.",
	    "-",
	    "=",
	};
	size_t i;
	for (i = 0; i < CV_COUNT(cases); i++) {
		const char *got = md(cases[i]);
		/* "---" is not a rule (one-line fields are never blocks) but, with
		 * typographic punctuation on, an em dash */
		CHECK_STR(got, strcmp(cases[i], "---") ? cases[i] : "\xE2\x80\x94");
	}
	CHECK_STR(md("    four spaces"), "four spaces");
	CHECK_STR(md("\tindented"), "indented");
	CHECK_STR(md("Title\n==="), "Title ===");
	CHECK_STR(md("Title\n---"), "Title \xE2\x80\x94");
	CHECK_STR(md("a\n- b\n2. c\n# d\n> e"), "a - b 2. c # d > e");
	CHECK_STR(md("```\ncode\n```"), "C:code"); /* a code span, not a block */
	CHECK_STR(md("<a\nhref=\"https://x.org\">x</a>"), "x<https://x.org>");
	CHECK_STR(md("`foo\nbar` and `x\n2.`"), "C:foo bar| and |C:x 2.");
	CHECK_STR(md("<div>"), "");
	CHECK_STR(cv_msg_last_id(), "html-dropped");
	CHECK_STR(md("a\n\n    b"), "a|BR|b");
	CHECK_STR(md("<div>\nx\n</div>"), "x");
	CHECK_STR(md("*em* start"), "I:em| start");
	CHECK_STR(md("_em_ start"), "I:em| start");
	CHECK_STR(md("*(paren)* start"), "I:(paren)| start");
	CHECK_STR(md("**b** start"), "B:b| start");
	CHECK_STR(md("`c` start"), "C:c| start");
	CHECK_STR(md("[l](https://x.org) start"), "l<https://x.org>| start");
	CHECK_STR(md("<b>b</b> start"), "B:b| start");
	CHECK_STR(md("```x``` inline"), "C:x| inline");
}

static void test_whitespace(void)
{
	CHECK_STR(md("  lead and trail  "), "lead and trail");
	CHECK_STR(md("a \t  b"), "a b");
	CHECK_STR(md("a\xC2\xA0"
	             "b"),
	          "a\xC2\xA0"
	          "b");
	CHECK_STR(md("a\x01\x7f"
	             "b"),
	          "ab");
	CHECK_STR(md("a\xC2\x85"
	             "b"),
	          "ab"); /* C1 control */
	CHECK_STR(md("**a ** b"), "**a ** b");
	CHECK_STR(md("<b>a </b> b"), "B:a |b");
	CHECK_STR(md("a <br> b"), "a|BR|b");
	CHECK_STR(md("<br>a<br>"), "a");
	CHECK_STR(md("a<br><br>b"), "a|BR|b");
	CHECK_STR(md("a&nbsp;b"), "a\xC2\xA0"
	                          "b");
	CHECK_STR(md("100\\"), "100\\"); /* a backslash at the end stays */
	CHECK_STR(md("a\\\n\nb"), "a\\|BR|b");
	CHECK_STR(md(""), "");
	CHECK_STR(md("   \n\n  "), "");
	CHECK_STR(md("\xE2\xB8\xBC"
	             "x"),
	          "x"); /* the internal sentinel never leaks */
	CHECK_STR(md("a\r\nb\r\n\r\nc"), "a b|BR|c");
	{
		struct cv_text t;
		const char src[] = "a\0b";
		CHECK(cv_md_parse(arena, src, 3, NULL, &t));
		CHECK(t.nruns == 1 && strcmp(t.runs[0].text, "ab") == 0);
		CHECK_STR(t.source, "a");
	}
}

static void test_source_pos(void)
{
	struct cv_text t;
	struct cv_pos pos = {"p.yaml", 7, 9};
	CHECK(cv_md_parse(arena, "*x*", 3, &pos, &t));
	CHECK_STR(t.source, "*x*");
	CHECK(t.pos.line == 7 && t.pos.col == 9);
	CHECK_STR(t.pos.file, "p.yaml");
}

static void test_pathological(void)
{
	static const char *const units[] = {"*", "[",      "_",    "**a", "<b>", "</b>",
	                                    "`", "<span>", "[a](", "\\",  "<",   "&"};
	size_t u, i;
	for (u = 0; u < CV_COUNT(units); u++) {
		struct cv_buf b = {0};
		struct cv_text t;
		for (i = 0; i < 10000; i++)
			cv_buf_puts(&b, units[u]);
		cv_msg_reset();
		(void)cv_md_parse(arena, b.data, b.len, NULL, &t);
		CHECK(t.nruns < 100000);
		cv_buf_free(&b);
	}
	{
		/* deep HTML nesting is bounded */
		struct cv_buf b = {0};
		struct cv_text t;
		for (i = 0; i < 100; i++)
			cv_buf_puts(&b, "<b>");
		cv_buf_puts(&b, "x");
		cv_msg_reset();
		(void)cv_md_parse(arena, b.data, b.len, NULL, &t);
		CHECK(t.nruns == 1 && t.runs[0].flags == CV_RUN_BOLD);
		CHECK_STR(cv_msg_last_id(), "html-dropped");
		cv_buf_free(&b);
	}
	{
		/* random bytes never crash and give valid UTF-8 without controls */
		unsigned seed = 12345;
		int round;
		for (round = 0; round < 300; round++) {
			char buf[64];
			struct cv_text t;
			size_t k;
			static const char alphabet[] = "*_[]()<>/`\\!&#;:ab \n\t-1.x\xC3\xA9";
			for (k = 0; k < sizeof(buf); k++) {
				seed = seed * 1103515245u + 12345u;
				buf[k] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
			}
			cv_msg_reset();
			(void)cv_md_parse(arena, buf, sizeof(buf), NULL, &t);
			for (k = 0; k < t.nruns; k++) {
				const char *s = t.runs[k].text;
				size_t n = strlen(s), j;
				CHECK(cv_utf8_valid(s, n, NULL));
				for (j = 0; j < n; j++)
					CHECK((unsigned char)s[j] >= 0x20 && s[j] != 0x7f);
				CHECK(n == 0 || (t.runs[k].flags & CV_RUN_BREAK) ||
				      (k > 0 || s[0] != ' '));
			}
		}
	}
}

static void test_image(void)
{
	CHECK_STR(md("see ![a *logo*](logo.png) here"), "see a |I:logo| here");
	CHECK_STR(cv_msg_last_id(), "md-image");
	CHECK(last_ok);
}

int main(void)
{
	FILE *devnull = fopen("/dev/null", "w");
	cv_msg_set_stream(devnull);
	arena = cv_arena_new();
	test_inline();
	test_html();
	test_html_dropped();
	test_schemes();
	test_blocks_literal();
	test_whitespace();
	test_source_pos();
	test_pathological();
	test_image();
	cv_arena_free(arena);
	cv_msg_set_stream(stderr);
	if (devnull)
		fclose(devnull);
	return TEST_RESULT();
}
