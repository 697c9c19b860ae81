/*
 * The TeX writer (writer.h): a growable buffer that only accepts folio's
 * own code as string literals and input through escaping functions, keeps
 * lines short for TeX and tags each line with the position it came from.
 */
#include "writer.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"

struct cv_texw {
	struct cv_buf out;
	size_t line_bytes;      /* bytes since the last newline */
	size_t word_chars;      /* characters since the last space of input text */
	size_t word_limit;      /* a word longer than this gets \cvbrk */
	struct cv_pos cur;      /* where the text being written comes from */
	struct cv_pos line_pos; /* the first position seen on the current line */
	bool line_has_pos;
	struct cv_pos *lines; /* one per finished line */
	size_t nlines, cap_lines;
};

static bool marking; /* cv_texw_mark_input */

void cv_texw_mark_input(bool on)
{
	marking = on;
}

/* Start (begin) or end a stretch of input-derived bytes, when marking. */
static void mark(struct cv_texw *w, bool begin)
{
	if (marking)
		cv_buf_putc(&w->out, begin ? CV_TEXW_MARK_BEGIN : CV_TEXW_MARK_END);
}

struct cv_texw *cv_texw_new(void)
{
	struct cv_texw *w = x_calloc(1, sizeof(struct cv_texw));
	w->word_limit = CV_TEXW_WORD_CHARS;
	return w;
}

void cv_texw_set_word_chars(struct cv_texw *w, size_t chars)
{
	w->word_limit = chars < CV_TEXW_WORD_CHUNK   ? CV_TEXW_WORD_CHUNK
	                : chars > CV_TEXW_WORD_CHARS ? CV_TEXW_WORD_CHARS
	                                             : chars;
}

void cv_texw_free(struct cv_texw *w)
{
	if (!w)
		return;
	cv_buf_free(&w->out);
	x_free(w->lines);
	x_free(w);
}

static void end_line(struct cv_texw *w)
{
	static const struct cv_pos none = {NULL, 0, 0};
	if (w->nlines == w->cap_lines) {
		w->cap_lines = w->cap_lines ? 2 * w->cap_lines : 256;
		w->lines = x_realloc(w->lines, w->cap_lines * sizeof *w->lines);
	}
	w->lines[w->nlines++] = w->line_has_pos ? w->line_pos : none;
	w->line_has_pos = false;
	w->line_bytes = 0;
}

/* Every byte goes through here: counts the line, tags it, ends it at '\n'. */
static void put(struct cv_texw *w, const char *p, size_t n)
{
	size_t i, start = 0;
	if (n == 0)
		return;
	if (!w->line_has_pos && w->cur.file) {
		w->line_pos = w->cur;
		w->line_has_pos = true;
	}
	for (i = 0; i < n; i++) {
		if (p[i] != '\n')
			continue;
		cv_buf_put(&w->out, p + start, i + 1 - start);
		start = i + 1;
		end_line(w);
		w->word_chars = 0;
		if (w->cur.file) {
			w->line_pos = w->cur;
			w->line_has_pos = i + 1 < n;
		}
	}
	cv_buf_put(&w->out, p + start, n - start);
	w->line_bytes += n - start;
}

static void puts_(struct cv_texw *w, const char *s)
{
	put(w, s, strlen(s));
}

void cv_texw_code_literal_(struct cv_texw *w, const char *code)
{
	puts_(w, code);
}

/*
 * One escaped unit of input text: breaks the line first when it is long
 * (never before a space, which TeX would skip at the start of a line).
 */
static void put_unit(struct cv_texw *w, const char *p, size_t n)
{
	if (w->line_bytes >= CV_TEXW_LINE_BYTES && n > 0 && p[0] != ' ')
		put(w, "%\n", 2);
	put(w, p, n);
}

/* ---- text ---------------------------------------------------------------- */

/*
 * True if the pair (a, b) would form a TeX ligature (-- --- ,,).  Quotes,
 * < > and ` are commands (below), so ?` !` `` '' << >> cannot form.
 */
static bool ligature_pair(uint32_t a, uint32_t b)
{
	return (a == '-' && b == '-') || (a == ',' && b == ',');
}

/* Replacement for an ASCII character that is special in LaTeX, or NULL. */
static const char *special(uint32_t c)
{
	switch (c) {
	case '\\':
		return "\\textbackslash{}";
	case '{':
		return "\\{";
	case '}':
		return "\\}";
	case '#':
		return "\\#";
	case '$':
		return "\\$";
	case '%':
		return "\\%";
	case '&':
		return "\\&";
	case '_':
		return "\\_";
	case '~':
		return "\\textasciitilde{}";
	case '^':
		return "\\textasciicircum{}";
	case '<':
		return "\\textless{}";
	case '>':
		return "\\textgreater{}";
	case '|':
		return "\\textbar{}";
	case '"':
		return "\\textquotedbl{}";
	case '\'':
		return "\\textquotesingle{}"; /* straight, as typed */
	case '`':
		return "\\textasciigrave{}";
	default:
		return NULL;
	}
}

/* Control characters (C0, DEL, C1) other than the whitespace ones. */
static bool is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

/* Line and paragraph breaks of every kind, and tabs: written as a space. */
static bool is_break_space(uint32_t c)
{
	return c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v' || c == 0x2028 ||
	       c == 0x2029;
}

static void put_text(struct cv_texw *w, const char *s, bool breaks)
{
	size_t len, i = 0;
	bool first = true;
	if (!s)
		return;
	len = strlen(s);
	while (i < len) {
		uint32_t c, next = 0;
		int n = cv_utf8_decode(s + i, len - i, &c);
		const char *rep;
		if (n < 0) { /* invalid byte: dropped */
			i++;
			continue;
		}
		i += (size_t)n;
		if (i < len && cv_utf8_decode(s + i, len - i, &next) < 0)
			next = 0;
		if (is_break_space(c) || c == ' ') {
			put_unit(w, " ", 1); /* never a blank line inside an argument */
			w->word_chars = 0;
			first = false;
			continue;
		}
		if (is_control(c) || c == 0xad || c == 0xfeff)
			continue; /* dropped: control characters, soft hyphen, BOM */
		if (breaks && w->word_chars >= w->word_limit &&
		    (w->word_chars - w->word_limit) % CV_TEXW_WORD_CHUNK == 0)
			put_unit(w, "\\cvbrk{}", 8);
		w->word_chars++;
		if (c == 0xa0)
			put_unit(w, "~", 1);
		else if ((rep = special(c)))
			put_unit(w, rep, strlen(rep));
		else if (c == '[' && first)
			put_unit(w, "{[}", 3); /* never an optional argument */
		else if (ligature_pair(c, next)) {
			put_unit(w, s + i - n, (size_t)n);
			put(w, "{}", 2);
		} else
			put_unit(w, s + i - n, (size_t)n);
		first = false;
	}
}

void cv_texw_text(struct cv_texw *w, const char *s)
{
	mark(w, true);
	put_text(w, s, true);
	mark(w, false);
}

void cv_texw_text_plain(struct cv_texw *w, const char *s)
{
	mark(w, true);
	put_text(w, s, false);
	mark(w, false);
}

/* Characters kept as they are in an \href target (besides letters, digits). */
static bool url_plain(unsigned char c)
{
	return c && strchr("-._~:/?@!$'()*+,;=", c) != NULL;
}

static bool is_hex(unsigned char c)
{
	return c && strchr("0123456789abcdefABCDEF", c) != NULL;
}

void cv_texw_url(struct cv_texw *w, const char *url)
{
	const unsigned char *p;
	char esc[8];
	if (!url)
		return;
	mark(w, true);
	for (p = (const unsigned char *)url; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    url_plain(c))
			put(w, (const char *)p, 1);
		else if (c == '%') /* keep an existing escape; encode a stray percent sign */
			puts_(w, is_hex(p[1]) && is_hex(p[2]) ? "\\%" : "\\%25");
		else if (c == '#')
			puts_(w, "\\#");
		else if (c == '&')
			puts_(w, "\\&");
		else if (c < 0x20 || c == 0x7f)
			continue; /* control characters are dropped */
		else {            /* space, \ { } ^ " < > | ` and non-ASCII */
			snprintf(esc, sizeof esc, "\\%%%02X", c);
			puts_(w, esc);
		}
	}
	mark(w, false);
}

/* ---- comments, paths, names --------------------------------------------- */

void cv_texw_comment(struct cv_texw *w, const char *s)
{
	size_t n = 0;
	if (!s)
		return;
	mark(w, true);
	for (; *s && n < 60; s++, n++) {
		unsigned char c = (unsigned char)*s;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		             (c >= '0' && c <= '9') || (c && strchr(" ._+-/(),:", c));
		put(w, plain ? (const char *)s : "?", 1);
	}
	if (*s)
		puts_(w, "...");
	mark(w, false);
}

/* True if every byte of s is in the ASCII letters or digits or in extra. */
static bool only(const char *s, bool letters, bool digits, const char *extra)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool ok = (letters && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) ||
		          (digits && c >= '0' && c <= '9') || (extra && strchr(extra, c));
		if (!ok)
			return false;
	}
	return true;
}

bool cv_texw_path(struct cv_texw *w, const char *path)
{
	if (!path || !*path || strlen(path) > 4096 || !only(path, true, true, "/._+-"))
		return false;
	mark(w, true);
	puts_(w, path);
	mark(w, false);
	return true;
}

bool cv_texw_word(struct cv_texw *w, const char *s)
{
	if (!s || !*s || strlen(s) > 64 || !only(s, true, true, "-"))
		return false;
	mark(w, true);
	puts_(w, s);
	mark(w, false);
	return true;
}

bool cv_texw_letters(struct cv_texw *w, const char *s)
{
	if (!s || !*s || strlen(s) > 32 || !only(s, true, false, NULL))
		return false;
	mark(w, true);
	puts_(w, s);
	mark(w, false);
	return true;
}

/* ---- numbers ------------------------------------------------------------- */

static double clamp(double v, double limit)
{
	if (isnan(v))
		return 0;
	return v > limit ? limit : v < -limit ? -limit : v;
}

/* v with up to `decimals` decimals, trailing zeros and "-0" removed. */
static void put_decimal(struct cv_texw *w, double v, int decimals)
{
	char s[64];
	size_t n;
	snprintf(s, sizeof s, "%.*f", decimals, clamp(v, CV_TEXW_MAX_PT));
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0' && strchr(s, '.'))
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	if (!strcmp(s, "-0"))
		strcpy(s, "0");
	puts_(w, s);
}

void cv_texw_dim(struct cv_texw *w, double pt)
{
	put_decimal(w, pt, 2);
	puts_(w, "bp"); /* PostScript points, as the layout and the PDF: TeX's "pt" is 1/72.27 in */
}

void cv_texw_num(struct cv_texw *w, double v)
{
	put_decimal(w, v, 3);
}

void cv_texw_int(struct cv_texw *w, long v)
{
	char s[32];
	snprintf(s, sizeof s, "%ld", v > 1000000 ? 1000000L : v < -1000000 ? -1000000L : v);
	puts_(w, s);
}

/* ---- positions ----------------------------------------------------------- */

void cv_texw_at(struct cv_texw *w, const struct cv_pos *pos)
{
	static const struct cv_pos none = {NULL, 0, 0};
	w->cur = pos && pos->file ? *pos : none;
	if (!w->line_has_pos && w->cur.file && w->line_bytes > 0) {
		w->line_pos = w->cur;
		w->line_has_pos = true;
	}
}

void cv_texw_append(struct cv_texw *w, const struct cv_texw *other)
{
	size_t i, start = 0;
	struct cv_pos saved = w->cur;
	/* replay other's lines with their positions */
	for (i = 0; i < other->nlines; i++) {
		const char *eol = memchr(other->out.data + start, '\n', other->out.len - start);
		size_t n =
		    eol ? (size_t)(eol - (other->out.data + start)) + 1 : other->out.len - start;
		cv_texw_at(w, &other->lines[i]);
		put(w, other->out.data + start, n);
		start += n;
	}
	cv_texw_at(w, other->line_has_pos ? &other->line_pos : NULL);
	if (other->out.len > start) /* (an empty writer has no buffer at all) */
		put(w, other->out.data + start, other->out.len - start);
	w->word_chars = other->word_chars;
	w->cur = saved;
}

const char *cv_texw_data(const struct cv_texw *w, size_t *len)
{
	*len = w->out.len;
	return w->out.data ? w->out.data : "";
}

const struct cv_pos *cv_texw_lines(const struct cv_texw *w, size_t *n)
{
	*n = w->nlines;
	return w->lines;
}
