/*
 * Unit tests for the escaping of diagnostics (src/msg.c): every byte value,
 * the C1, separator and bidi code points, invalid UTF-8, idempotence, and
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

static void test_code_points(void)
{
	uint32_t cp;
	/* C1 controls, separators, bidi controls: \uNNNN */
	for (cp = 0x80; cp <= 0x2069; cp++) {
		bool bad = cp <= 0x9F || cp == 0x2028 || cp == 0x2029 ||
		           (cp >= 0x202A && cp <= 0x202E) || cp >= 0x2066;
		char in[4], want[16];
		size_t n;
		char *got;
		if (cp > 0x9F && cp < 0x2000)
			continue; /* plain letters; spot-checked below */
		n = cv_utf8_encode(cp, in);
		got = esc(in, n);
		if (bad)
			snprintf(want, sizeof(want), "\\u%04x", (unsigned)cp);
		else
			snprintf(want, sizeof(want), "%.*s", (int)n, in);
		CHECK_STR(got, want);
		CHECK(all_safe(got));
		free(got);
	}
	CHECK_ESC("\xe2\x80\xae", "\\u202e");      /* RIGHT-TO-LEFT OVERRIDE */
	CHECK_ESC("\xe2\x81\xa6", "\\u2066");      /* LEFT-TO-RIGHT ISOLATE */
	CHECK_ESC("\xc2\x9b", "\\u009b");          /* C1 CSI */
	CHECK_ESC("Z\xc3\xbcrich", "Zürich");      /* letters pass */
	CHECK_ESC("\xe2\x80\xaf", "\xe2\x80\xaf"); /* U+202F narrow no-break space */
	CHECK_ESC("\xe2\x81\xaa", "\xe2\x81\xaa"); /* U+206A is not a bidi control */
	CHECK_ESC("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
	CHECK_ESC("\xe6\xbc\xa2\xe5\xad\x97", "漢字");
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
