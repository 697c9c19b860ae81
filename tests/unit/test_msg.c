/*
 * Unit tests for the escaping of diagnostics (src/msg.c): every byte value,
 * every code point (C1, separators, bidi and other format characters,
 * default-ignorables, noncharacters, \U above U+FFFF), invalid UTF-8,
 * idempotence, and
 * cv_msg itself printing one line whatever the file name and text hold.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "msg.h"
#include "util.h"

/* cv_msg_escape of len bytes, as a malloc'ed string. */
static char *esc(const char *s, size_t len)
{
	struct cv_buf b = {0};
	cv_msg_escape(&b, s, len);
	return cv_buf_detach(&b);
}

#define CHECK_ESC(in, want)                                                                        \
	do {                                                                                       \
		char *got = esc(in, sizeof(in) - 1);                                               \
		CHECK_STR(got, want);                                                              \
		free(got);                                                                         \
	} while (0)

/* Nothing in the escaped text a terminal would act on. */
static bool all_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return false;
	return cv_utf8_valid(s, strlen(s), NULL);
}

static void test_every_byte(void)
{
	unsigned c;
	for (c = 0; c < 256; c++) {
		char in = (char)c, want[8];
		char *got = esc(&in, 1);
		if (c == '\n')
			strcpy(want, "\\n");
		else if (c == '\r')
			strcpy(want, "\\r");
		else if (c == '\t')
			strcpy(want, "\\t");
		else if (c < 0x20 || c >= 0x7F) /* controls, DEL, a lone byte >= 0x80 is invalid */
			snprintf(want, sizeof(want), "\\x%02x", c);
		else
			snprintf(want, sizeof(want), "%c", (char)c);
		CHECK_STR(got, want);
		CHECK(all_safe(got));
		free(got);
	}
}

/* What cv_msg_escape must make of one code point: its \u or \U escape, or the character. */
static void expect_cp(uint32_t cp, bool escaped)
{
	char in[4], want[16];
	size_t n = cv_utf8_encode(cp, in);
	char *got = esc(in, n);
	if (!escaped)
		snprintf(want, sizeof(want), "%.*s", (int)n, in);
	else if (cp > 0xFFFF)
		snprintf(want, sizeof(want), "\\U%08x", (unsigned)cp);
	else
		snprintf(want, sizeof(want), "\\u%04x", (unsigned)cp);
	CHECK_STR(got, want);
	CHECK(all_safe(got));
	free(got);
}

static void test_code_points(void)
{
	/* escaped: C1, separators, bidi controls, zero-width and format characters,
	 * default-ignorables, noncharacters; \U above U+FFFF */
	static const uint32_t escaped[] = {
	    0x80,    0x85,     0x9B,     0x9F,    0xAD,    0x34F,   0x600,   0x605,   0x61C,
	    0x6DD,   0x70F,    0x890,    0x891,   0x8E2,   0x115F,  0x1160,  0x17B4,  0x17B5,
	    0x180B,  0x180E,   0x180F,   0x200B,  0x200C,  0x200D,  0x200E,  0x200F,  0x2028,
	    0x2029,  0x202A,   0x202B,   0x202C,  0x202D,  0x202E,  0x2060,  0x2064,  0x2065,
	    0x2066,  0x2067,   0x2068,   0x2069,  0x206A,  0x206F,  0x3164,  0xFDD0,  0xFDEF,
	    0xFE00,  0xFE0F,   0xFEFF,   0xFFA0,  0xFFF0,  0xFFF9,  0xFFFB,  0xFFFE,  0xFFFF,
	    0x110BD, 0x110CD,  0x13430,  0x1343F, 0x1BCA0, 0x1BCA3, 0x1D173, 0x1D17A, 0x1FFFE,
	    0x1FFFF, 0x2FFFE,  0xEFFFF,  0xE0000, 0xE0001, 0xE0020, 0xE007F, 0xE0100, 0xE01EF,
	    0xE0FFF, 0x10FFFE, 0x10FFFF,
	};
	/* shown as they are: letters, marks, spaces that show, symbols, private use */
	static const uint32_t plain[] = {
	    0xA0,    0xAC,    0xAE,    0xE9,    0x34E,    0x350,   0x5D0,   0x606,   0x627,
	    0x6DC,   0x6DE,   0x115E,  0x1161,  0x17B6,   0x1100,  0x2000,  0x200A,  0x2010,
	    0x2027,  0x202F,  0x205F,  0x2070,  0x20AC,   0x3000,  0x3163,  0x3165,  0x4E00,
	    0xE000,  0xFB01,  0xFDCF,  0xFDF0,  0xFDFD,   0xFE10,  0xFEFE,  0xFF10,  0xFFA1,
	    0xFFFC,  0xFFFD,  0x10000, 0x110BE, 0x13440,  0x1D172, 0x1D17B, 0x1F600, 0x1FFFD,
	    0x20000, 0xDFFFD, 0xE1000, 0xF0000, 0x10FFFD,
	};
	uint32_t cp;
	size_t i, count = 0;
	for (i = 0; i < CV_COUNT(escaped); i++)
		expect_cp(escaped[i], true);
	for (i = 0; i < CV_COUNT(plain); i++)
		expect_cp(plain[i], false);
	CHECK_ESC("\xe2\x80\xae", "\\u202e");         /* RIGHT-TO-LEFT OVERRIDE */
	CHECK_ESC("\xe2\x81\xa6", "\\u2066");         /* LEFT-TO-RIGHT ISOLATE */
	CHECK_ESC("\xc2\x9b", "\\u009b");             /* C1 CSI */
	CHECK_ESC("\xef\xbb\xbf", "\\ufeff");         /* BOM */
	CHECK_ESC("\xf3\xa0\x80\x81", "\\U000e0001"); /* LANGUAGE TAG */
	CHECK_ESC("Z\xc3\xbcrich", "Zürich");         /* letters pass */
	CHECK_ESC("\xe2\x80\xaf", "\xe2\x80\xaf");    /* U+202F narrow no-break space */
	CHECK_ESC("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
	CHECK_ESC("\xe6\xbc\xa2\xe5\xad\x97", "漢字");
	/* an emoji sequence keeps its pictures, its joiner and selector show */
	CHECK_ESC("\xe2\x9d\xa4\xef\xb8\x8f", "\xe2\x9d\xa4\\ufe0f");
	/* every code point escapes to itself or to exactly its \u/\U form; 4306
	 * are escaped: 4240 in the ranges of Unicode 15.1 (4096 of them the tag and
	 * selector block U+E0000-U+E0FFF) and the 66 noncharacters */
	for (cp = 0x80; cp <= 0x10FFFF; cp++) {
		char in[4], want[16];
		size_t n;
		char *got;
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = cv_utf8_encode(cp, in);
		got = esc(in, n);
		snprintf(want, sizeof(want), cp > 0xFFFF ? "\\U%08x" : "\\u%04x", (unsigned)cp);
		if (strcmp(got, want) == 0)
			count++;
		else if (strlen(got) != n || memcmp(got, in, n) != 0)
			CHECK_STR(got, want);
		free(got);
	}
	CHECK(count == 4306);
}

static void test_invalid_utf8(void)
{
	CHECK_ESC("\xc0\x80", "\\xc0\\x80");          /* overlong NUL */
	CHECK_ESC("\xed\xa0\x80", "\\xed\\xa0\\x80"); /* surrogate */
	CHECK_ESC("a\xe2\x80", "a\\xe2\\x80");        /* truncated */
	CHECK_ESC("\x9b"
	          "2J",
	          "\\x9b2J"); /* raw 8-bit CSI */
	CHECK_ESC("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
	CHECK_ESC("\xff\xfe", "\\xff\\xfe");
}

static void test_forgery(void)
{
	CHECK_ESC("x\x1b[2J\a\r\nx.yaml:1:1: error: forged",
	          "x\\x1b[2J\\x07\\r\\nx.yaml:1:1: error: forged");
	CHECK_ESC("\x7f\x01", "\\x7f\\x01");
}

/* Escaping twice gives the same as escaping once. */
static void test_idempotent(void)
{
	unsigned seed = 1, round, i;
	for (round = 0; round < 2000; round++) {
		char in[32];
		char *once, *twice;
		for (i = 0; i < sizeof(in); i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (char)(seed >> 16);
		}
		once = esc(in, sizeof(in));
		twice = esc(once, strlen(once));
		CHECK_STR(twice, once);
		CHECK(all_safe(once));
		free(once);
		free(twice);
	}
}

static void test_show(void)
{
	struct cv_arena *a = cv_arena_new();
	const char *s = cv_msg_show(a, "a\"b\\c\nd\x1b\xe2\x80\xae", 11);
	char *again;
	CHECK_STR(s, "a\\\"b\\\\c\\nd\\x1b\\u202e");
	again = esc(s, strlen(s)); /* what cv_msg does with it: nothing */
	CHECK_STR(again, s);
	free(again);
	s = cv_msg_show(a, "0123456789012345678901234567890123456789012345678901234567890123", 64);
	CHECK_STR(s, "012345678901234567890123456789012345678901234567890123456789...");
	s = cv_msg_show(a, "\x80\x80\x80", 3); /* stray bytes count as characters */
	CHECK_STR(s, "\\x80\\x80\\x80");
	cv_arena_free(a);
}

/* cv_msg prints exactly one line, with the file name escaped too. */
static void test_cv_msg_one_line(void)
{
	FILE *fp = tmpfile();
	char out[512];
	size_t n;
	struct cv_pos pos = {"evil\n.yaml", 3, 4};
	cv_msg_reset();
	cv_msg_set_stream(fp);
	cv_msg(CV_ERROR, &pos, "test", "value \"%s\"", "a\nb.yaml:1:1: error: forged\x1b[2J");
	cv_msg(CV_WARN, NULL, "test", "%s",
	       "\xe2\x80\xae"
	       "dlrow");
	rewind(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	CHECK_STR(out, "evil\\n.yaml:3:4: error: value \"a\\nb.yaml:1:1: error: forged\\x1b[2J\"\n"
	               "folio: warning: \\u202edlrow\n");
	CHECK(cv_msg_exit_status() == 1);
	fclose(fp);
	cv_msg_set_stream(stderr);
	cv_msg_reset();
}

int main(void)
{
	test_every_byte();
	test_code_points();
	test_invalid_utf8();
	test_forgery();
	test_idempotent();
	test_show();
	test_cv_msg_one_line();
	return TEST_RESULT();
}
