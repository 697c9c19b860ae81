/*
 * Diagnostics: prints positioned messages and remembers the worst level for
 * the exit status.  Global state, like mandoc's: one run, one report.
 */
#include "msg.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

static FILE *msg_stream;
static bool msg_stream_set;
static bool msg_quiet;
static int msg_worst = -1;
static unsigned msg_counts[CV_SYSTEM + 1];
static unsigned msg_printed;
static const char *msg_last_id;

static const char *const level_names[] = {"note", "warning", "error", "error", "error"};

void cv_msg_set_stream(FILE *fp)
{
	msg_stream = fp;
	msg_stream_set = true;
}

void cv_msg_set_quiet(bool quiet)
{
	msg_quiet = quiet;
}

void cv_msg_reset(void)
{
	unsigned i;
	msg_worst = -1;
	msg_printed = 0;
	msg_last_id = NULL;
	for (i = 0; i < CV_COUNT(msg_counts); i++)
		msg_counts[i] = 0;
}

/*
 * Code points that are invisible or act on the text around them, inclusive
 * ranges in order (Unicode 15.1): the C1 controls (Cc), the format
 * characters (Cf: soft hyphen, Arabic number signs, zero-width space and
 * joiners, the bidi marks, embeddings, overrides and isolates, invisible
 * operators, the BOM, interlinear annotation, tags...), the line and
 * paragraph separators (Zl, Zp) and every Default_Ignorable_Code_Point
 * (combining grapheme joiner, Hangul fillers, variation selectors...).
 * Noncharacters are found by arithmetic in unsafe_code_point.
 */
static const struct {
	uint32_t first, last;
} unsafe_ranges[] = {
    {0x0080, 0x009F},   {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x0600, 0x0605},
    {0x061C, 0x061C},   {0x06DD, 0x06DD},   {0x070F, 0x070F},   {0x0890, 0x0891},
    {0x08E2, 0x08E2},   {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180B, 0x180F},
    {0x200B, 0x200F},   {0x2028, 0x202E},   {0x2060, 0x206F},   {0x3164, 0x3164},
    {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFFB},
    {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

/* True for the code points a terminal must never see raw in a message:
 * unsafe_ranges and the noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF). */
static bool unsafe_code_point(uint32_t cp)
{
	size_t lo = 0, hi = CV_COUNT(unsafe_ranges);
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
		return true;
	while (lo < hi) { /* the first range that ends at or after cp */
		size_t mid = lo + (hi - lo) / 2;
		if (unsafe_ranges[mid].last < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < CV_COUNT(unsafe_ranges) && unsafe_ranges[lo].first <= cp;
}

void cv_msg_escape(struct cv_buf *b, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int n;
		if (c >= 0x20 && c < 0x7F) {
			cv_buf_putc(b, (char)c);
			i++;
			continue;
		}
		if (c == '\n' || c == '\r' || c == '\t') {
			cv_buf_putc(b, '\\');
			cv_buf_putc(b, c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
			i++;
			continue;
		}
		n = c < 0x80 ? -1 : cv_utf8_decode(s + i, len - i, &cp);
		if (n < 0) { /* C0 control, DEL, or a byte that is not valid UTF-8 */
			cv_buf_printf(b, "\\x%02x", c);
			i++;
		} else if (unsafe_code_point(cp)) {
			cv_buf_printf(b, cp > 0xFFFF ? "\\U%08x" : "\\u%04x", (unsigned)cp);
			i += (size_t)n;
		} else {
			cv_buf_put(b, s + i, (size_t)n);
			i += (size_t)n;
		}
	}
}

void cv_msg(enum cv_level level, const struct cv_pos *pos, const char *id, const char *fmt, ...)
{
	FILE *out = msg_stream_set ? msg_stream : stderr;
	struct cv_buf text = {0}, line = {0};
	va_list ap;
	if ((int)level > msg_worst)
		msg_worst = (int)level;
	msg_counts[level]++;
	msg_last_id = id;
	if (!out || (msg_quiet && level < CV_ERROR))
		return;
	if (msg_printed == CV_MSG_MAX_PRINTED) {
		fputs("folio: note: too many messages; the rest are not shown\n", out);
		msg_printed++;
	}
	if (msg_printed > CV_MSG_MAX_PRINTED)
		return;
	msg_printed++;
	if (pos && pos->file) {
		cv_msg_escape(&line, pos->file, strlen(pos->file));
		if (pos->line)
			cv_buf_printf(&line, ":%u:%u", pos->line, pos->col ? pos->col : 1);
	} else {
		cv_buf_puts(&line, "folio");
	}
	cv_buf_printf(&line, ": %s: ", level_names[level]);
	va_start(ap, fmt);
	cv_buf_vprintf(&text, fmt, ap);
	va_end(ap);
	cv_msg_escape(&line, text.data ? text.data : "", text.len);
	cv_buf_putc(&line, '\n');
	fwrite(line.data, 1, line.len, out);
	cv_buf_free(&text);
	cv_buf_free(&line);
}

int cv_msg_worst(void)
{
	return msg_worst;
}

unsigned cv_msg_count(enum cv_level at_least)
{
	unsigned n = 0;
	int i;
	for (i = (int)at_least; i <= (int)CV_SYSTEM; i++)
		n += msg_counts[i];
	return n;
}

bool cv_msg_failed(void)
{
	return msg_worst >= (int)CV_ERROR;
}

int cv_msg_exit_status(void)
{
	switch (msg_worst) {
	case CV_ERROR:
		return 1;
	case CV_USAGE:
		return 2;
	case CV_SYSTEM:
		return 3;
	default:
		return 0;
	}
}

const char *cv_msg_last_id(void)
{
	return msg_last_id;
}

const char *cv_msg_show(struct cv_arena *a, const char *s, size_t len)
{
	struct cv_buf b = {0};
	size_t i = 0, shown = 0;
	char *r;
	while (i < len) {
		uint32_t cp;
		int n = cv_utf8_decode(s + i, len - i, &cp);
		if (shown++ == 60) {
			cv_buf_puts(&b, "...");
			break;
		}
		if (n < 0)
			n = 1; /* an invalid byte: escaped on its own */
		if (s[i] == '"' || s[i] == '\\')
			cv_buf_putc(&b, '\\');
		cv_msg_escape(&b, s + i, (size_t)n);
		i += (size_t)n;
	}
	r = cv_arena_strdup(a, b.data ? b.data : "");
	cv_buf_free(&b);
	return r;
}
