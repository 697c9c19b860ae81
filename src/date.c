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

/* Whether s[0..n) holds only digits and the date separators "-./". */
static bool numeric_shape(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '.' && s[i] != '/')
			return false;
	return n > 0;
}

/*
 * A numeric part: "-" month and day take two digits (ISO), "." and "/" one
 * or two (2020.9, 2020/9/1).  Length of the number read at s, or 0.
 */
static size_t number_part(const char *s, size_t n, char sep)
{
	size_t i = 0;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (sep == '-' ? i != 2 : (i < 1 || i > 2))
		return 0;
	return i;
}

/* s[0..len) is numeric_shape: parse YYYY, YYYY-MM(-DD) or the "." and "/" forms. */
static bool parse_numeric(const char *s, size_t len, struct cv_date *out)
{
	size_t i, k;
	char sep;
	if (len < 4 || (out->year = digits(s, 4)) < 1)
		return false;
	if (len == 4)
		goto ok;
	sep = s[4];
	if (sep != '-' && sep != '.' && sep != '/')
		return false;
	i = 5;
	if ((k = number_part(s + i, len - i, sep)) == 0)
		return false;
	out->month = digits(s + i, (int)k);
	if (out->month < 1 || out->month > 12)
		return false;
	i += k;
	if (i == len)
		goto ok;
	if (s[i] != sep)
		return false;
	i++;
	if ((k = number_part(s + i, len - i, sep)) == 0 || i + k != len)
		return false;
	out->day = digits(s + i, (int)k);
	if (out->day < 1 || out->day > days_in_month(out->year, out->month))
		return false;
ok:
	out->kind = CV_DATE_EXACT;
	return true;
}

static const char *const present_words[] = {"present", "now", "current", "ongoing", NULL};

/* The locale's words (cv_date_set_locale_words); not owned. */
static const char *const *locale_words;
static size_t nlocale_words;

const char *const *cv_date_present_words(void)
{
	return present_words;
}

void cv_date_set_locale_words(const char *const *words, size_t n)
{
	locale_words = words;
	nlocale_words = n;
}

bool cv_date_parse(const char *s, struct cv_date *out)
{
	const char *const *present = present_words;
	struct cv_pos pos = out->pos;
	size_t i, len = s ? strlen(s) : 0;
	memset(out, 0, sizeof(*out));
	out->pos = pos;
	if (cv_is_blank(s))
		return true; /* CV_DATE_NONE */
	for (i = 0; present[i]; i++)
		if (cv_strcaseeq(s, present[i])) {
			out->kind = CV_DATE_PRESENT;
			return true;
		}
	for (i = 0; i < nlocale_words; i++)
		if (cv_strcaseeq(s, locale_words[i])) {
			out->kind = CV_DATE_PRESENT;
			return true;
		}
	/* Digits and date separators only ("2019", "-2019", "2019-13"): it must be a real numeric
	 * date. */
	if (numeric_shape(s, len))
		return parse_numeric(s, len, out);
	/* A numeric date with a note in parentheses: "2022.04 (expected)". */
	for (i = 0; i < len && !isspace((unsigned char)s[i]); i++)
		;
	if (i < len && numeric_shape(s, i)) {
		size_t j = i;
		while (j < len && isspace((unsigned char)s[j]))
			j++;
		if (s[j] == '(' && s[len - 1] == ')' && len - j > 2) {
			if (!parse_numeric(s, i, out))
				return false;
			out->note = s + j;
			return true;
		}
	}
	out->kind = CV_DATE_TEXT;
	out->text = s;
	return true;
}

/* The digit groups of a numeric-looking string, for hints. */
struct groups {
	size_t n;
	size_t off[8], len[8];
	char sep[8]; /* sep[k]: the separator before group k (0 for the first) */
	bool empty;  /* a separator at either end or two in a row */
	bool mixed;  /* more than one kind of separator */
};

static void split_groups(const char *s, size_t len, struct groups *g)
{
	size_t i = 0;
	memset(g, 0, sizeof(*g));
	while (i <= len && g->n < CV_COUNT(g->off)) {
		size_t j = i;
		while (j < len && isdigit((unsigned char)s[j]))
			j++;
		if (j == i)
			g->empty = true;
		else {
			g->off[g->n] = i;
			g->len[g->n] = j - i;
			g->sep[g->n] = i > 0 ? s[i - 1] : 0;
			if (g->n > 1 && g->sep[g->n] != g->sep[1])
				g->mixed = true;
			g->n++;
		}
		i = j + 1;
	}
}

const char *cv_date_hint(struct cv_arena *a, const char *s)
{
	static const char *const generic = "write YYYY, YYYY-MM or YYYY-MM-DD with a real month "
	                                   "and day, present, or free text such as \"Fall 2023\"";
	size_t len = s ? strlen(s) : 0, i;
	struct groups g;
	int y, m, d;
	for (i = 0; i < len && !isspace((unsigned char)s[i]); i++)
		;
	if (!numeric_shape(s, i))
		return generic;
	if (i < len) /* "2023-13 (expected)": the date before the note */
		return cv_date_hint(a, cv_arena_strndup(a, s, i));
	split_groups(s, len, &g);
	if (g.n == 0 || g.empty)
		return g.n == 2 && g.len[0] == 4 && g.len[1] == 4
		           ? "write a range of years with one dash: 2020-2021"
		           : "a date has no separator at its start or end, nor two in a row; write "
		             "YYYY, YYYY-MM or YYYY-MM-DD";
	if (g.n == 3 && g.len[2] == 4 && g.len[0] <= 2)
		return "write the year first, YYYY-MM-DD: with the day and month first, a date "
		       "such as 03/12/2023 could be March or December";
	if (g.len[0] != 4)
		return cv_arena_printf(a, "a year has four digits: \"%.*s\" is not a year",
		                       (int)g.len[0], s + g.off[0]);
	if (g.n > 3)
		return "too many parts for one date; a range of ISO dates needs spaces around its "
		       "dash: 2019-09 - 2020-01";
	if (g.mixed)
		return "use one separator within a date: 2023-09-01 or 2023.09.01";
	y = digits(s, 4);
	if (y < 1)
		return "there is no year 0000";
	if (g.n == 2 && g.len[1] == 4)
		return cv_arena_printf(a,
		                       "one date, not a range: write date: %.4s-%.4s, or start: "
		                       "%.4s and end: %.4s",
		                       s, s + g.off[1], s, s + g.off[1]);
	if (g.len[1] > 2)
		return cv_arena_printf(a, "a month has one or two digits: \"%.*s\" is not a month",
		                       (int)g.len[1], s + g.off[1]);
	m = digits(s + g.off[1], (int)g.len[1]);
	if (g.n == 2 && g.len[1] == 2 && (m > 12 || m == 0) && m == (y + 1) % 100) /* 2023/24 */
		return cv_arena_printf(a, "write an academic year in full: %d-%d", y, y + 1);
	if (m < 1 || m > 12)
		return cv_arena_printf(a, "there is no month %d; months run from 1 to 12", m);
	if (g.sep[1] == '-' && g.len[1] == 1)
		return cv_arena_printf(
		    a, "with \"-\" the month takes two digits: %d-%02d, or write %d.%d", y, m, y,
		    m);
	if (g.n == 3) {
		if (g.len[2] > 2)
			return cv_arena_printf(a,
			                       "a day has one or two digits: \"%.*s\" is not a day",
			                       (int)g.len[2], s + g.off[2]);
		d = digits(s + g.off[2], (int)g.len[2]);
		if (g.sep[1] == '-' && g.len[2] == 1 && d > 0)
			return cv_arena_printf(
			    a, "with \"-\" the day takes two digits: %d-%02d-%02d", y, m, d);
		if (d < 1 || d > days_in_month(y, m))
			return cv_arena_printf(a, "%s %d has %d days", en_month_names[m - 1], y,
			                       days_in_month(y, m));
	}
	return generic;
}

static char *trimmed(struct cv_arena *a, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return cv_arena_strndup(a, s, n);
}

static bool is_present_word(const char *s)
{
	struct cv_date d = {0};
	return cv_date_parse(s, &d) && d.kind == CV_DATE_PRESENT;
}

/*
 * A range written without spaces: "2023-2024", "2018.09-2022.06",
 * "2022.4-now", "2023/2024".  The dash is the range's only when neither half
 * uses "-" itself (2019-09 stays a month) and both halves are dates.
 */
static bool split_compact(struct cv_arena *a, const char *s, char **start, char **end)
{
	size_t len = strlen(s), i;
	struct cv_date d = {0};
	if (len == 9 && isdigit((unsigned char)s[0]) && s[4] == '/' && numeric_shape(s, 9) &&
	    digits(s, 4) > 0 && digits(s + 5, 4) > 0) {
		*start = cv_arena_strndup(a, s, 4);
		*end = cv_arena_strndup(a, s + 5, 4);
		return true;
	}
	for (i = 4; i < len; i++)
		if (s[i] == '-')
			break;
	if (i >= len || !numeric_shape(s, i) || memchr(s, '-', i) || !parse_numeric(s, i, &d))
		return false;
	if (numeric_shape(s + i + 1, len - i - 1)) {
		if (memchr(s + i + 1, '-', len - i - 1) ||
		    !parse_numeric(s + i + 1, len - i - 1, &d))
			return false;
	} else if (!is_present_word(s + i + 1)) {
		return false;
	}
	*start = cv_arena_strndup(a, s, i);
	*end = cv_arena_strndup(a, s + i + 1, len - i - 1);
	return true;
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
		return split_compact(a, s, start, end);
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
	if (d && d->end) {
		struct cv_date start = *d;
		start.end = NULL;
		r = cv_date_format_range(a, &start, d->end, NULL, dl);
		return r ? r : cv_arena_strdup(a, "");
	}
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
	if (d->day && dl && dl->day_format)
		f = dl->day_format;
	else if (d->month) /* a full date too, unless the layout asks for days */
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
	if (d->note)
		cv_buf_printf(&b, " %s", d->note);
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
		return x->year == y->year && x->month == y->month && x->day == y->day &&
		       cv_streq(x->note, y->note);
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
		if (!strcmp(s, e)) /* days of one month, printed as the month */
			return s;
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
