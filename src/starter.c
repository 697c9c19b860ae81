/*
 * `folio new`: the starter profile, made from a template data file
 * (templates/starter.yaml on the data search path) by filling in a few
 * placeholders.  The user's name goes in as a YAML double-quoted scalar
 * holding Markdown-escaped text, so that it reads back exactly as typed.
 */
#include "starter.h"

#include <errno.h>
#include <string.h>

#include "locale.h"
#include "msg.h"
#include "node.h"

/* ASCII punctuation that inline Markdown (or smart punctuation) would read. */
static bool md_special(const char *s, size_t i)
{
	char c = s[i];
	if (strchr("\\`*_[]<>&!~'\"", c))
		return true;
	/* "--", "---" and "..." become dashes and an ellipsis */
	return (c == '-' || c == '.') && ((i > 0 && s[i - 1] == c) || s[i + 1] == c);
}

const char *cv_starter_name_problem(const char *name)
{
	size_t i, len = strlen(name);
	if (cv_is_blank(name))
		return "is empty";
	if (len > CV_STARTER_NAME_MAX)
		return "is too long (a name, not a paragraph)";
	if (!cv_utf8_valid(name, len, NULL))
		return "is not valid UTF-8";
	for (i = 0; i < len;) {
		uint32_t cp;
		int n = cv_utf8_decode(name + i, len - i, &cp);
		if (n <= 0)
			return "is not valid UTF-8";
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
		    cp == 0x2029)
			return "must be one line without control characters";
		i += (size_t)n;
	}
	return NULL;
}

void cv_starter_quote_name(struct cv_buf *out, const char *name)
{
	size_t i;
	cv_buf_putc(out, '"');
	for (i = 0; name[i]; i++) {
		if (md_special(name, i))
			cv_buf_puts(out, "\\\\"); /* a Markdown backslash, escaped for YAML */
		if (name[i] == '\\' || name[i] == '"')
			cv_buf_putc(out, '\\');
		cv_buf_putc(out, name[i]);
	}
	cv_buf_putc(out, '"');
}

/* The file name for the comments: the base name when it needs no quoting
 * in a shell or YAML comment, else "PROFILE". */
static const char *shown_file(const char *file)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	if (!*base || base[0] == '-' ||
	    base[strspn(base, "abcdefghijklmnopqrstuvwxyz"
	                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                      "0123456789._+-")])
		return "PROFILE";
	return base;
}

/* A section title as a YAML scalar: plain when it is letters and spaces
 * only (so English titles read as they always did), else quoted as a name. */
static void put_title(struct cv_buf *out, const char *title)
{
	size_t i;
	bool plain = title[0] != ' ';
	for (i = 0; title[i] && plain; i++) {
		unsigned char c = (unsigned char)title[i];
		plain = c >= 0x80 || c == ' ' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}
	if (plain && i > 0 && title[i - 1] != ' ')
		cv_buf_puts(out, title);
	else
		cv_starter_quote_name(out, title);
}

/* The section whose locale key is key[0..n) ("experience"), or -1. */
static int section_named(const char *key, size_t n)
{
	int i;
	for (i = 0; i < CV_LSEC__COUNT; i++) {
		const char *k = cv_locale_section_key((enum cv_locale_section)i);
		if (strlen(k) == n && !strncmp(k, key, n))
			return i;
	}
	return -1;
}

bool cv_starter_fill(struct cv_arena *a, const char *template_path, const char *name,
                     const char *layout, const struct cv_locale *loc, const char *file,
                     struct cv_buf *out)
{
	int sec;
	char *data = NULL;
	size_t len = 0, i;
	unsigned line = 1, col = 1;
	bool ok = true;
	int err = cv_file_read(template_path, CV_LIMIT_FILE_BYTES, &data, &len);
	if (err) {
		cv_msg(CV_SYSTEM, NULL, "template-unreadable", "cannot read template '%s': %s",
		       template_path, strerror(err));
		x_free(data);
		return false;
	}
	for (i = 0; i < len; i++) {
		if (data[i] == '$' && i + 1 < len && data[i + 1] == '{') {
			size_t n = strcspn(data + i + 2, "}\n");
			const char *key = data + i + 2;
			if (n == 4 && !strncmp(key, "NAME", 4))
				cv_starter_quote_name(out, name);
			else if (n == 6 && !strncmp(key, "LAYOUT", 6))
				cv_buf_puts(out, layout);
			else if (n == 4 && !strncmp(key, "FILE", 4))
				cv_buf_puts(out, shown_file(file));
			else if (n == 6 && !strncmp(key, "LOCALE", 6))
				cv_buf_printf(out, loc ? "locale: %s" : "# locale: en",
				              loc ? loc->name : "");
			else if (n > 8 && !strncmp(key, "SECTION:", 8) &&
			         (sec = section_named(key + 8, n - 8)) >= 0)
				put_title(out, cv_locale_section(loc, (enum cv_locale_section)sec));
			else {
				struct cv_pos pos = {cv_arena_strdup(a, template_path), line, col};
				cv_msg(CV_ERROR, &pos, "template-placeholder",
				       "unknown placeholder \"${%.*s}\" (NAME, LAYOUT, FILE, "
				       "LOCALE or "
				       "SECTION:KEY)",
				       (int)n, key);
				ok = false;
			}
			if (key[n] == '}')
				n++;
			i += n + 1;
			col += (unsigned)n + 2;
			continue;
		}
		cv_buf_putc(out, data[i]);
		if (data[i] == '\n')
			line++, col = 1;
		else if (((unsigned char)data[i] & 0xC0) != 0x80)
			col++;
	}
	x_free(data);
	return ok;
}
