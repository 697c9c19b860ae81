/*
 * The TeX writer: escaping of every special character, ligature breaking,
 * brackets, control characters, spaces, URLs for \href, strings that try to
 * run TeX commands, comments, paths and names that are refused, lengths in
 * TeX's range, long lines and words, and the line-to-position map.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "latex/writer.h"

static char got[65536];

/* What fn writes for s, as a string in got. */
static const char *run(void (*fn)(struct cv_texw *, const char *), const char *s)
{
	struct cv_texw *w = cv_texw_new();
	size_t len;
	const char *d;
	fn(w, s);
	d = cv_texw_data(w, &len);
	snprintf(got, sizeof got, "%.*s", (int)len, d);
	cv_texw_free(w);
	return got;
}

static const char *esc(const char *s)
{
	return run(cv_texw_text, s);
}

static const char *url(const char *s)
{
	return run(cv_texw_url, s);
}

static const char *comment(const char *s)
{
	return run(cv_texw_comment, s);
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

static void test_comments(void)
{
	/* nothing can end the comment line or reach TeX */
	CHECK_STR(comment("x\n\\input{/etc/passwd}\r%"), "x??input?/etc/passwd???");
	CHECK_STR(comment("Noto Serif (v2.0), mono_1+x-y/z:w"), "Noto Serif (v2.0), mono_1+x-y/z:w");
	CHECK_STR(comment("caf\xc3\xa9\x1b[2J"), "caf????2J");
	CHECK_STR(comment("\xe2\x80\xa8\xc2\x85"), "?????");
	{
		char s[256];
		int i;
		for (i = 1; i < 256; i++)
			s[i - 1] = (char)i;
		s[255] = '\0';
		comment(s);
		CHECK(strlen(got) == 63); /* 60 characters and "..." */
		for (i = 0; got[i]; i++)
			CHECK(got[i] >= 0x20 && got[i] < 0x7f && !strchr("\\{}%^~$&#", got[i]));
	}
}

/* fn(w, s) refuses s: false and nothing written. */
static void check_refused(bool (*fn)(struct cv_texw *, const char *), const char *s)
{
	struct cv_texw *w = cv_texw_new();
	size_t len;
	CHECK(!fn(w, s));
	cv_texw_data(w, &len);
	CHECK(len == 0);
	cv_texw_free(w);
}

static void check_taken(bool (*fn)(struct cv_texw *, const char *), const char *s)
{
	struct cv_texw *w = cv_texw_new();
	size_t len;
	const char *d;
	CHECK(fn(w, s));
	d = cv_texw_data(w, &len);
	CHECK(len == strlen(s) && !memcmp(d, s, len));
	cv_texw_free(w);
}

static void test_paths_and_names(void)
{
	check_taken(cv_texw_path, "/usr/share/fonts/Noto_Serif-Regular+1.ttf");
	check_refused(cv_texw_path, "/tmp/a b.ttf");
	check_refused(cv_texw_path, "/tmp/x\n\\input{/etc/passwd}");
	check_refused(cv_texw_path, "/tmp/50%.png");
	check_refused(cv_texw_path, "/tmp/~x.png");
	check_refused(cv_texw_path, "/tmp/{x}.png");
	check_refused(cv_texw_path, "/tmp/caf\xc3\xa9.png");
	check_refused(cv_texw_path, "");
	check_taken(cv_texw_word, "tgpagella");
	check_taken(cv_texw_word, "my-cv-2024");
	check_refused(cv_texw_word, "charter}\\input{x");
	check_refused(cv_texw_word, "a.b");
	check_refused(cv_texw_word, "");
	check_taken(cv_texw_letters, "subtitle");
	check_refused(cv_texw_letters, "sub1");
	check_refused(cv_texw_letters, "x\\y");
	check_refused(cv_texw_letters, "");
}

static const char *dim(double v)
{
	struct cv_texw *w = cv_texw_new();
	size_t len;
	const char *d;
	cv_texw_dim(w, v);
	d = cv_texw_data(w, &len);
	snprintf(got, sizeof got, "%.*s", (int)len, d);
	cv_texw_free(w);
	return got;
}

static void test_numbers(void)
{
	CHECK_STR(dim(12), "12bp");
	CHECK_STR(dim(10.5), "10.5bp");
	CHECK_STR(dim(0.004), "0bp");
	CHECK_STR(dim(-0.001), "0bp");
	CHECK_STR(dim(100), "100bp");
	CHECK_STR(dim(1e9), "16000bp"); /* 16060pt: inside TeX's 16383.99pt */
	CHECK_STR(dim(-1e9), "-16000bp");
	CHECK_STR(dim(0.0 / 0.0), "0bp");
}

/* Longest line of text in got. */
static size_t longest_line(void)
{
	size_t best = 0, cur = 0;
	const char *p;
	for (p = got; *p; p++) {
		cur = *p == '\n' ? 0 : cur + 1;
		if (cur > best)
			best = cur;
	}
	return best;
}

static void test_long_input(void)
{
	static char s[20001];
	const char *p;
	size_t n;
	/* 12,000 ^ overflowed TeX's 200,000-byte line buffer in one line */
	memset(s, '^', 12000);
	s[12000] = '\0';
	esc(s);
	CHECK(longest_line() <= CV_TEXW_LINE_BYTES + 32);
	/* every break is "%" + newline after a whole unit, never before a space */
	for (p = strchr(got, '\n'); p; p = strchr(p + 1, '\n'))
		CHECK(p[-1] == '%' && p[1] != ' ' && p[-2] != '\\');
	/* long words get a discouraged break every CV_TEXW_WORD_CHUNK characters */
	memset(s, 'x', 200);
	s[200] = '\0';
	esc(s);
	for (n = 0, p = got; (p = strstr(p, "\\cvbrk{}")); p++)
		n++;
	CHECK(n == (200 - CV_TEXW_WORD_CHARS - 1) / CV_TEXW_WORD_CHUNK + 1);
	CHECK(strncmp(got, s, CV_TEXW_WORD_CHARS) == 0 && got[CV_TEXW_WORD_CHARS] == '\\');
	/* ... but not plain text, nor ordinary words */
	CHECK(strstr(run(cv_texw_text_plain, s), "cvbrk") == NULL);
	CHECK(strstr(esc("Donaudampfschifffahrtsgesellschaftskapit\xc3\xa4n and more"), "cvbrk") ==
	      NULL);
	/* spaces start a new word */
	memset(s, ' ', 20000);
	for (n = 0; n < 20000; n += 10)
		memcpy(s + n, "abcdefghi", 9);
	s[20000] = '\0';
	esc(s);
	CHECK(strstr(got, "cvbrk") == NULL);
	CHECK(longest_line() <= CV_TEXW_LINE_BYTES + 32);
	/* a space at a break is kept before it: the text is unchanged for TeX */
	{
		char back[65536];
		size_t k = 0;
		for (p = got; *p; p++) {
			if (p[0] == '%' && p[1] == '\n') {
				p++;
				continue;
			}
			back[k++] = *p;
		}
		back[k] = '\0';
		CHECK_STR(back, s);
	}
}

static void test_line_positions(void)
{
	struct cv_texw *w = cv_texw_new(), *body = cv_texw_new();
	struct cv_pos a = {"cv.yaml", 3, 5}, b = {"cv.yaml", 9, 1};
	const struct cv_pos *lines;
	size_t n;
	cv_texw_code(w, "\\documentclass{article}\n");
	cv_texw_at(body, &a);
	cv_texw_code(body, "\\cvname{");
	cv_texw_text(body, "Ada");
	cv_texw_code(body, "}\n");
	cv_texw_at(body, &b);
	cv_texw_code(body, "\\cvparagraph{x}\n");
	cv_texw_at(body, NULL);
	cv_texw_code(body, "\\end{document}\n");
	cv_texw_append(w, body);
	lines = cv_texw_lines(w, &n);
	CHECK(n == 4);
	CHECK(lines[0].file == NULL);
	CHECK(lines[1].file && lines[1].line == 3 && lines[1].col == 5);
	CHECK(lines[2].file && lines[2].line == 9);
	CHECK(lines[3].file == NULL);
	cv_texw_free(w);
	cv_texw_free(body);
}

/* Appending an empty writer (no buffer yet) adds nothing (UBSan: no offset on NULL). */
static void test_append_empty(void)
{
	struct cv_texw *w = cv_texw_new(), *empty = cv_texw_new();
	size_t len;
	cv_texw_code(w, "\\relax\n");
	cv_texw_append(w, empty);
	const char *d = cv_texw_data(w, &len);
	CHECK(len == 7 && memcmp(d, "\\relax\n", 7) == 0);
	cv_texw_append(empty, w);
	CHECK(cv_texw_data(empty, &len) && len == 7);
	cv_texw_free(w);
	cv_texw_free(empty);
}

int main(void)
{
	test_append_empty();
	test_specials();
	test_ligatures();
	test_brackets();
	test_controls_and_spaces();
	test_hostile();
	test_urls();
	test_comments();
	test_paths_and_names();
	test_numbers();
	test_long_input();
	test_line_positions();
	return TEST_RESULT();
}
