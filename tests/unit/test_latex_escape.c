/*
 * LaTeX escaping: every special character, ligature breaking, brackets,
 * control characters, spaces, URLs for \href and strings that try to run
 * TeX commands.
 */
#include <stdlib.h>

#include "harness.h"
#include "latex/latex.h"

static char got[4096];

static const char *esc(const char *s)
{
	struct cv_buf b = {0};
	char *r;
	cv_latex_escape(&b, s);
	r = cv_buf_detach(&b);
	snprintf(got, sizeof got, "%s", r);
	free(r);
	return got;
}

static const char *url(const char *s)
{
	struct cv_buf b = {0};
	char *r;
	cv_latex_escape_url(&b, s);
	r = cv_buf_detach(&b);
	snprintf(got, sizeof got, "%s", r);
	free(r);
	return got;
}

static void test_specials(void)
{
	CHECK_STR(esc("plain text"), "plain text");
	CHECK_STR(esc(""), "");
	CHECK_STR(esc("#"), "\\#");
	CHECK_STR(esc("$"), "\\$");
	CHECK_STR(esc("%"), "\\%");
	CHECK_STR(esc("&"), "\\&");
	CHECK_STR(esc("~"), "\\textasciitilde{}");
	CHECK_STR(esc("_"), "\\_");
	CHECK_STR(esc("^"), "\\textasciicircum{}");
	CHECK_STR(esc("\\"), "\\textbackslash{}");
	CHECK_STR(esc("{"), "\\{");
	CHECK_STR(esc("}"), "\\}");
	CHECK_STR(esc("<>|\""), "\\textless{}\\textgreater{}\\textbar{}\\textquotedbl{}");
	CHECK_STR(esc("R&D 100% #1 a_b"), "R\\&D 100\\% \\#1 a\\_b");
	/* a space after a control word survives */
	CHECK_STR(esc("\\ x"), "\\textbackslash{} x");
}

static void test_ligatures(void)
{
	CHECK_STR(esc("--"), "-{}-");
	CHECK_STR(esc("---"), "-{}-{}-");
	CHECK_STR(esc("a-b"), "a-b");
	CHECK_STR(esc("?`"), "?\\textasciigrave{}");
	CHECK_STR(esc("!`"), "!\\textasciigrave{}");
	CHECK_STR(esc(",,"), ",{},");
	CHECK_STR(esc(",,,"), ",{},{},");
	CHECK_STR(esc("``x''"),
	          "\\textasciigrave{}\\textasciigrave{}x\\textquotesingle{}\\textquotesingle{}");
	CHECK_STR(esc("<<"), "\\textless{}\\textless{}");
}

static void test_brackets(void)
{
	CHECK_STR(esc("[paper]"), "{[}paper]");
	CHECK_STR(esc("a [b]"), "a [b]");
	CHECK_STR(esc("[[x"), "{[}[x");
}

static void test_controls_and_spaces(void)
{
	CHECK_STR(esc("a\x01"
	              "b\x7f"
	              "c"),
	          "abc");
	CHECK_STR(esc("a\xc2\x85"
	              "b"),
	          "ab"); /* C1 control */
	CHECK_STR(esc("a\xc2\xa0"
	              "b"),
	          "a~b"); /* NBSP */
	CHECK_STR(esc("a\xc2\xad"
	              "b"),
	          "ab");                  /* soft hyphen */
	CHECK_STR(esc("a\n\nb"), "a  b"); /* never a blank line */
	CHECK_STR(esc("a\r\n\tb"), "a   b");
	CHECK_STR(esc("caf\xc3\xa9 \xce\xb1"), "caf\xc3\xa9 \xce\xb1"); /* UTF-8 kept */
	CHECK_STR(esc("bad\xff"
	              "byte"),
	          "badbyte"); /* invalid UTF-8 dropped */
	CHECK(strchr(esc("x\n\n\n\ny"), '\n') == NULL);
}

static void test_hostile(void)
{
	CHECK_STR(esc("\\input{/etc/passwd}"), "\\textbackslash{}input\\{/etc/passwd\\}");
	CHECK_STR(esc("\\write18{touch pwned}"), "\\textbackslash{}write18\\{touch pwned\\}");
	CHECK_STR(esc("\\directlua{os.exit()}"), "\\textbackslash{}directlua\\{os.exit()\\}");
	CHECK_STR(esc("^^5cinput"), "\\textasciicircum{}\\textasciicircum{}5cinput");
	CHECK_STR(esc("\\catcode`\\^=12"),
	          "\\textbackslash{}catcode\\textasciigrave{}\\textbackslash{}"
	          "\\textasciicircum{}=12");
	CHECK_STR(esc("}}}{{"), "\\}\\}\\}\\{\\{");
	CHECK_STR(esc("end%"), "end\\%");
	CHECK_STR(esc("\\end{document}"), "\\textbackslash{}end\\{document\\}");
	CHECK_STR(esc("$x^2$"), "\\$x\\textasciicircum{}2\\$");
	CHECK_STR(esc("#1##"), "\\#1\\#\\#");
	/* no unescaped backslash, brace, %, # or ^ can come out of any byte string */
	{
		char s[256];
		int i, bad = 0;
		const char *p;
		for (i = 1; i < 256; i++)
			s[i - 1] = (char)i;
		s[255] = '\0';
		esc(s);
		for (p = got; *p; p++) {
			if (*p == '\\') {
				/* a control word (letters) or one of \# \$ \% \& \_ \{ \} */
				if (p[1] && strchr("#$%&_{}", p[1])) {
					p++;
					continue;
				}
				if (!((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')))
					bad++;
				while ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))
					p++;
				if (p[1] == '{' && p[2] == '}')
					p += 2;
			} else if (*p == '{' || *p == '}') {
				/* only the {} ligature breakers and {[} */
				if (!(p[0] == '{' &&
				      (p[1] == '}' || (p[1] == '[' && p[2] == '}'))) &&
				    !(p[0] == '}' && p > got && (p[-1] == '{' || p[-1] == '[')))
					bad++;
			} else if (*p == '%' || *p == '#' || *p == '^' || *p == '$' || *p == '&' ||
			           *p == '_' || *p == '\n') {
				bad++;
			}
		}
		CHECK(bad == 0);
	}
}

static void test_urls(void)
{
	CHECK_STR(url("https://example.com/a_b~c"), "https://example.com/a_b~c");
	CHECK_STR(url("https://e.com/?q=1&r=2#top"), "https://e.com/?q=1\\&r=2\\#top");
	CHECK_STR(url("https://e.com/a%20b"), "https://e.com/a\\%20b");
	CHECK_STR(url("https://e.com/100%"), "https://e.com/100\\%25");
	CHECK_STR(url("https://e.com/a b"), "https://e.com/a\\%20b");
	CHECK_STR(url("https://e.com/{x}\\y^z"), "https://e.com/\\%7Bx\\%7D\\%5Cy\\%5Ez");
	CHECK_STR(url("https://e.com/caf\xc3\xa9"), "https://e.com/caf\\%C3\\%A9");
	CHECK_STR(url("https://e.com/\"<>|`"), "https://e.com/\\%22\\%3C\\%3E\\%7C\\%60");
	CHECK_STR(url("https://e.com/a\nb\x01"), "https://e.com/ab");
	CHECK_STR(url("mailto:a.b@c.org"), "mailto:a.b@c.org");
	CHECK_STR(url("https://e.com/$x'(y)*+,;=!"), "https://e.com/$x'(y)*+,;=!");
}

int main(void)
{
	test_specials();
	test_ligatures();
	test_brackets();
	test_controls_and_spaces();
	test_hostile();
	test_urls();
	return TEST_RESULT();
}
