/*
 * Diagnostics: prints positioned messages and remembers the worst level for
 * the exit status.  Global state, like mandoc's: one run, one report.
 */
#include "msg.h"

#include <stdarg.h>

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

void cv_msg(enum cv_level level, const struct cv_pos *pos, const char *id, const char *fmt, ...)
{
	FILE *out = msg_stream_set ? msg_stream : stderr;
	va_list ap;
	if ((int)level > msg_worst)
		msg_worst = (int)level;
	msg_counts[level]++;
	msg_last_id = id;
	if (!out || (msg_quiet && level < CV_ERROR))
		return;
	if (msg_printed == CV_MSG_MAX_PRINTED) {
		fprintf(out, "folio: note: too many messages; the rest are not shown\n");
		msg_printed++;
	}
	if (msg_printed > CV_MSG_MAX_PRINTED)
		return;
	msg_printed++;
	if (pos && pos->file && pos->line)
		fprintf(out, "%s:%u:%u: %s: ", pos->file, pos->line, pos->col ? pos->col : 1,
		        level_names[level]);
	else if (pos && pos->file)
		fprintf(out, "%s: %s: ", pos->file, level_names[level]);
	else
		fprintf(out, "folio: %s: ", level_names[level]);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
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
	size_t i, shown = 0;
	char *r;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (shown >= 60 && (c & 0xC0) != 0x80) {
			cv_buf_puts(&b, "...");
			break;
		}
		if (c == '\n')
			cv_buf_puts(&b, "\\n");
		else if (c == '\t')
			cv_buf_puts(&b, "\\t");
		else if (c == '"' || c == '\\')
			cv_buf_printf(&b, "\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			cv_buf_printf(&b, "\\x%02X", c);
		else
			cv_buf_putc(&b, (char)c);
		if ((c & 0xC0) != 0x80)
			shown++;
	}
	r = cv_arena_strdup(a, b.data ? b.data : "");
	cv_buf_free(&b);
	return r;
}
