/*
 * Dates: parsing what a profile may write (exact dates, "present" words,
 * free text, ranges in one string) and formatting with a layout's words.
 *
 * Range rule (cv_date_format_range): start and end give "start<sep>end";
 * equal start and end print once; only a start, or only an end, prints that
 * date alone (an open range is written "end: present"); with neither, the
 * single date prints; with nothing at all the result is NULL.
 */
#include "date.h"

#include <ctype.h>
#include <string.h>

static const char *const en_month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const en_month_names[12] = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* n decimal digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
	int i, v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool cv_date_parse(const char *s, struct cv_date *out)
{
	static const char *const present[] = {"present", "now", "current", "ongoing"};
	struct cv_pos pos = out->pos;
	size_t i, len = s ? strlen(s) : 0;
	bool numeric = len > 0;
	memset(out, 0, sizeof(*out));
	out->pos = pos;
	if (cv_is_blank(s))
		return true; /* CV_DATE_NONE */
	for (i = 0; i < CV_COUNT(present); i++)
		if (cv_strcaseeq(s, present[i])) {
			out->kind = CV_DATE_PRESENT;
			return true;
		}
	/* Digits and date separators only ("2019", "-2019", "2019-13"): it must be a real numeric
	 * date. */
	for (i = 0; numeric && i < len; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '.' && s[i] != '/')
			numeric = false;
	if (!numeric) {
		out->kind = CV_DATE_TEXT;
		out->text = s;
		return true;
	}
	if (len != 4 && len != 7 && len != 10)
		return false;
	out->year = digits(s, 4);
	if (out->year < 1)
		return false;
	/* YYYY-MM(-DD); "." and "/" are accepted as the separator too (2023.09). */
	if (len >= 7) {
		if ((s[4] != '-' && s[4] != '.' && s[4] != '/') ||
		    (out->month = digits(s + 5, 2)) < 1 || out->month > 12)
			return false;
	}
	if (len == 10) {
		if (s[7] != s[4] || (out->day = digits(s + 8, 2)) < 1 ||
		    out->day > days_in_month(out->year, out->month))
			return false;
	}
	out->kind = CV_DATE_EXACT;
	return true;
}

static char *trimmed(struct cv_arena *a, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return cv_arena_strndup(a, s, n);
}

bool cv_date_split_range(struct cv_arena *a, const char *s, char **start, char **end)
{
	static const char *const seps[] = {" \xE2\x80\x93 ", " \xE2\x80\x94 ", " - ",
	                                   " to ",           "\xE2\x80\x93",   "\xE2\x80\x94"};
	const char *best = NULL;
	size_t i, blen = 0;
	if (!s)
		return false;
	for (i = 0; i < CV_COUNT(seps); i++) {
		const char *p = strstr(s, seps[i]);
		if (p && (!best || p < best || (p == best && strlen(seps[i]) > blen))) {
			best = p;
			blen = strlen(seps[i]);
		}
	}
	if (!best)
		return false;
	*start = trimmed(a, s, (size_t)(best - s));
	*end = trimmed(a, best + blen, strlen(best + blen));
	if (!**start || !**end)
		return false;
	return true;
}

static int cmp_int(int x, int y)
{
	return x < y ? -1 : x > y;
}

int cv_date_compare(const struct cv_date *a, const struct cv_date *b)
{
	int c;
	if (a->kind != CV_DATE_EXACT || b->kind != CV_DATE_EXACT) {
		/* an open end (present) is later than any exact date; anything else is unordered */
		if (a->kind == CV_DATE_PRESENT && b->kind == CV_DATE_EXACT)
			return 1;
		if (a->kind == CV_DATE_EXACT && b->kind == CV_DATE_PRESENT)
			return -1;
		return 0;
	}
	if ((c = cmp_int(a->year, b->year)) != 0)
		return c;
	if (a->month && b->month && (c = cmp_int(a->month, b->month)) != 0)
		return c;
	if (a->day && b->day)
		return cmp_int(a->day, b->day);
	return 0;
}

static const char *month_word(const char *const *tab, const char *const *dflt, int m)
{
	if (m < 1 || m > 12)
		return "";
	return tab && tab[m - 1] ? tab[m - 1] : dflt[m - 1];
}

char *cv_date_format(struct cv_arena *a, const struct cv_date *d, const struct cv_date_layout *dl)
{
	struct cv_buf b = {0};
	const char *f, *p;
	char *r;
	switch (d ? d->kind : CV_DATE_NONE) {
	case CV_DATE_NONE:
		return cv_arena_strdup(a, "");
	case CV_DATE_PRESENT:
		return cv_arena_strdup(a, dl && dl->present ? dl->present : "present");
	case CV_DATE_TEXT:
		return cv_arena_strdup(a, d->text ? d->text : "");
	case CV_DATE_EXACT:
		break;
	}
	if (d->day)
		f = dl && dl->day_format ? dl->day_format : "%b %-d, %Y";
	else if (d->month)
		f = dl && dl->month_format ? dl->month_format : "%b %Y";
	else
		f = dl && dl->year_format ? dl->year_format : "%Y";
	for (p = f; *p; p++) {
		bool nopad = false;
		if (*p != '%' || !p[1]) {
			cv_buf_putc(&b, *p);
			continue;
		}
		p++;
		if (*p == '-' && (p[1] == 'm' || p[1] == 'd')) {
			nopad = true;
			p++;
		}
		switch (*p) {
		case 'Y':
			cv_buf_printf(&b, "%d", d->year);
			break;
		case 'm':
			if (d->month)
				cv_buf_printf(&b, nopad ? "%d" : "%02d", d->month);
			break;
		case 'd':
			if (d->day)
				cv_buf_printf(&b, nopad ? "%d" : "%02d", d->day);
			break;
		case 'b':
			cv_buf_puts(
			    &b, month_word(dl ? dl->month_abbr : NULL, en_month_abbr, d->month));
			break;
		case 'B':
			cv_buf_puts(
			    &b, month_word(dl ? dl->month_names : NULL, en_month_names, d->month));
			break;
		case '%':
			cv_buf_putc(&b, '%');
			break;
		default: /* unknown token: kept as written */
			cv_buf_putc(&b, '%');
			cv_buf_putc(&b, *p);
			break;
		}
	}
	r = cv_arena_strndup(a, b.data ? b.data : "", b.len);
	cv_buf_free(&b);
	return r;
}

static bool present(const struct cv_date *d)
{
	return d && d->kind != CV_DATE_NONE;
}

static bool same_date(const struct cv_date *x, const struct cv_date *y)
{
	if (x->kind != y->kind)
		return false;
	if (x->kind == CV_DATE_EXACT)
		return x->year == y->year && x->month == y->month && x->day == y->day;
	if (x->kind == CV_DATE_TEXT)
		return cv_streq(x->text, y->text);
	return true;
}

/* An arena string, or NULL when s is empty. */
static char *nonempty(char *s)
{
	return s && *s ? s : NULL;
}

char *cv_date_format_range(struct cv_arena *a, const struct cv_date *start,
                           const struct cv_date *end, const struct cv_date *single,
                           const struct cv_date_layout *dl)
{
	if (present(start) && present(end)) {
		char *s = cv_date_format(a, start, dl), *e;
		if (same_date(start, end))
			return nonempty(s);
		e = cv_date_format(a, end, dl);
		if (!*s || !*e)
			return nonempty(*s ? s : e);
		return cv_arena_printf(a, "%s%s%s", s,
		                       dl && dl->range_sep ? dl->range_sep : " \xE2\x80\x93 ", e);
	}
	if (present(start))
		return nonempty(cv_date_format(a, start, dl));
	if (present(end))
		return nonempty(cv_date_format(a, end, dl));
	if (present(single))
		return nonempty(cv_date_format(a, single, dl));
	return NULL;
}
