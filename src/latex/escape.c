/*
 * The one place where profile text becomes LaTeX: body text escaping (the
 * ten specials, ligature breaking, control characters) and \href targets.
 * Every string of a profile reaches the .tex through these two functions.
 */
#include <stdint.h>
#include <string.h>

#include "latex.h"

/*
 * True if the pair (a, b) would form a TeX ligature (-- --- ,,).  Quotes,
 * < > and ` are commands (below), so ?` !` `` '' << >> cannot form.
 */
static bool ligature_pair(uint32_t a, uint32_t b)
{
	switch (a) {
	case '-':
		return b == '-';
	case ',':
		return b == ',';
	default:
		return false;
	}
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

void cv_latex_escape(struct cv_buf *out, const char *s)
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
		if (n < 0) { /* invalid byte: drop it */
			i++;
			continue;
		}
		i += (size_t)n;
		if (i < len && cv_utf8_decode(s + i, len - i, &next) < 0)
			next = 0;
		if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
			cv_buf_putc(out, ' '); /* never a blank line inside an argument */
		} else if (is_control(c) || c == 0xad || c == 0xfeff) {
			continue; /* dropped: control characters, soft hyphen, BOM */
		} else if (c == 0xa0) {
			cv_buf_putc(out, '~');
		} else if ((rep = special(c))) {
			cv_buf_puts(out, rep);
		} else if (c == '[' && first) {
			cv_buf_puts(out, "{[}"); /* never an optional argument */
		} else {
			cv_buf_put(out, s + i - n, (size_t)n);
			if (ligature_pair(c, next))
				cv_buf_puts(out, "{}");
		}
		first = false;
	}
}

/* Characters kept as they are in an \href target (besides letters, digits). */
static bool url_plain(unsigned char c)
{
	return strchr("-._~:/?@!$'()*+,;=", c) != NULL;
}

void cv_latex_escape_url(struct cv_buf *out, const char *url)
{
	const unsigned char *p;
	if (!url)
		return;
	for (p = (const unsigned char *)url; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    url_plain(c))
			cv_buf_putc(out, (char)c);
		else if (c == '%')
			/* keep an existing escape; encode a stray percent sign */
			cv_buf_puts(out, (p[1] && strchr("0123456789abcdefABCDEF", p[1]) && p[2] &&
			                  strchr("0123456789abcdefABCDEF", p[2]))
			                     ? "\\%"
			                     : "\\%25");
		else if (c == '#')
			cv_buf_puts(out, "\\#");
		else if (c == '&')
			cv_buf_puts(out, "\\&");
		else if (c < 0x20 || c == 0x7f)
			continue; /* control characters are dropped */
		else
			cv_buf_printf(out, "\\%%%02X",
			              c); /* space, \ { } ^ " < > | ` and non-ASCII */
	}
}
