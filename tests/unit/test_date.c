/*
 * Unit tests for dates (src/date.c): parsing and validation (leap years,
 * days per month), ranges written in one string, comparison, formatting
 * with a layout's formats and words, and the range rules.
 */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "harness.h"

static struct cv_arena *arena;

static struct cv_date parse(const char *s, bool *ok)
{
	struct cv_date d;
	memset(&d, 0, sizeof(d));
	*ok = cv_date_parse(s, &d);
	return d;
}

static void test_parse(void)
{
	bool ok;
	struct cv_date d;
	d = parse("2023", &ok);
	CHECK(ok && d.kind == CV_DATE_EXACT && d.year == 2023 && d.month == 0 && d.day == 0);
	d = parse("2023-07", &ok);
	CHECK(ok && d.kind == CV_DATE_EXACT && d.year == 2023 && d.month == 7 && d.day == 0);
	d = parse("2023-07-31", &ok);
	CHECK(ok && d.kind == CV_DATE_EXACT && d.month == 7 && d.day == 31);
	d = parse("2024-02-29", &ok);
	CHECK(ok && d.day == 29);
	d = parse("2023.09", &ok);
	CHECK(ok && d.kind == CV_DATE_EXACT && d.year == 2023 && d.month == 9);
	d = parse("2023/09/01", &ok);
	CHECK(ok && d.kind == CV_DATE_EXACT && d.month == 9 && d.day == 1);
	(void)parse("2023.09-01", &ok); /* mixed separators */
	CHECK(!ok);
	(void)parse("12/03/2023", &ok); /* ambiguous day/month order */
	CHECK(!ok);
	(void)parse("2023/13", &ok);
	CHECK(!ok);
	d = parse("2000-02-29", &ok);
	CHECK(ok);
	(void)parse("1900-02-29", &ok);
	CHECK(!ok);
	(void)parse("2023-02-29", &ok);
	CHECK(!ok);
	(void)parse("2023-02-30", &ok);
	CHECK(!ok);
	(void)parse("2023-04-31", &ok);
	CHECK(!ok);
	d = parse("2023-12-31", &ok);
	CHECK(ok);
	(void)parse("2023-13", &ok);
	CHECK(!ok);
	(void)parse("2023-00", &ok);
	CHECK(!ok);
	(void)parse("2023-01-00", &ok);
	CHECK(!ok);
	(void)parse("23-01", &ok);
	CHECK(!ok);
	(void)parse("2023-1-1", &ok);
	CHECK(!ok);
	(void)parse("2023-1", &ok);
	CHECK(!ok);
	(void)parse("20230", &ok);
	CHECK(!ok);
	(void)parse("0000", &ok);
	CHECK(!ok);
	(void)parse("2023--01", &ok);
	CHECK(!ok);
	/* one-digit months and days with "." and "/" (not with ISO's "-") */
	d = parse("2020.9", &ok);
	CHECK(ok && d.kind == CV_DATE_EXACT && d.year == 2020 && d.month == 9 && d.day == 0);
	d = parse("2020.09", &ok);
	CHECK(ok && d.month == 9);
	d = parse("2020/9", &ok);
	CHECK(ok && d.month == 9);
	d = parse("2020.9.1", &ok);
	CHECK(ok && d.month == 9 && d.day == 1);
	d = parse("2020/12/31", &ok);
	CHECK(ok && d.month == 12 && d.day == 31);
	(void)parse("2020.13", &ok);
	CHECK(!ok);
	(void)parse("2020.0", &ok);
	CHECK(!ok);
	(void)parse("2020.009", &ok);
	CHECK(!ok);
	(void)parse("2020.9.31", &ok);
	CHECK(!ok);
	(void)parse("2020.9.", &ok);
	CHECK(!ok);
	(void)parse("2020-9", &ok);
	CHECK(!ok);
	(void)parse("2020-09-1", &ok);
	CHECK(!ok);
	/* a range is not one date */
	(void)parse("2023-2024", &ok);
	CHECK(!ok);
	(void)parse("2023/24", &ok);
	CHECK(!ok);
	(void)parse("20-2021", &ok);
	CHECK(!ok);
	/* a note in parentheses after a numeric date */
	d = parse("2022.04 (expected)", &ok);
	CHECK(ok && d.kind == CV_DATE_EXACT && d.year == 2022 && d.month == 4);
	CHECK_STR(d.note, "(expected)");
	(void)parse("2022.13 (expected)", &ok);
	CHECK(!ok);
	d = parse("2022 expected", &ok); /* no parentheses: free text */
	CHECK(ok && d.kind == CV_DATE_TEXT);
	d = parse("2022 ()", &ok);
	CHECK(ok && d.kind == CV_DATE_TEXT);
	d = parse("present", &ok);
	CHECK(ok && d.kind == CV_DATE_PRESENT);
	d = parse("Present", &ok);
	CHECK(ok && d.kind == CV_DATE_PRESENT);
	d = parse("NOW", &ok);
	CHECK(ok && d.kind == CV_DATE_PRESENT);
	d = parse("current", &ok);
	CHECK(ok && d.kind == CV_DATE_PRESENT);
	d = parse("Ongoing", &ok);
	CHECK(ok && d.kind == CV_DATE_PRESENT);
	d = parse("Fall 2023", &ok);
	CHECK(ok && d.kind == CV_DATE_TEXT);
	CHECK_STR(d.text, "Fall 2023");
	d = parse("2023/01", &ok);
	CHECK(ok && d.kind == CV_DATE_EXACT && d.month == 1);
	d = parse("", &ok);
	CHECK(ok && d.kind == CV_DATE_NONE);
	{
		/* pos is not touched */
		struct cv_date p = {0};
		p.pos.line = 4;
		p.pos.col = 2;
		CHECK(cv_date_parse("2020", &p));
		CHECK(p.pos.line == 4 && p.pos.col == 2);
	}
}

static void test_split(void)
{
	char *s = NULL, *e = NULL;
	CHECK(cv_date_split_range(arena, "2019-09 \xE2\x80\x93 2021", &s, &e));
	CHECK_STR(s, "2019-09");
	CHECK_STR(e, "2021");
	CHECK(cv_date_split_range(arena, "2019 - present", &s, &e));
	CHECK_STR(s, "2019");
	CHECK_STR(e, "present");
	CHECK(cv_date_split_range(arena, "2019-09 to 2020-01", &s, &e));
	CHECK_STR(s, "2019-09");
	CHECK_STR(e, "2020-01");
	CHECK(cv_date_split_range(arena,
	                          "2019\xE2\x80\x93"
	                          "2020",
	                          &s, &e));
	CHECK_STR(s, "2019");
	CHECK_STR(e, "2020");
	CHECK(cv_date_split_range(arena, "Fall 2019 \xE2\x80\x94 Spring 2020", &s, &e));
	CHECK_STR(s, "Fall 2019");
	CHECK_STR(e, "Spring 2020");
	/* without spaces: years, "." months, an open end; "/" between two years */
	CHECK(cv_date_split_range(arena, "2023-2024", &s, &e));
	CHECK_STR(s, "2023");
	CHECK_STR(e, "2024");
	CHECK(cv_date_split_range(arena, "2018.09-2022.6", &s, &e));
	CHECK_STR(s, "2018.09");
	CHECK_STR(e, "2022.6");
	CHECK(cv_date_split_range(arena, "2022.4-now", &s, &e));
	CHECK_STR(s, "2022.4");
	CHECK_STR(e, "now");
	CHECK(cv_date_split_range(arena, "2023/2024", &s, &e));
	CHECK_STR(s, "2023");
	CHECK_STR(e, "2024");
	CHECK(cv_date_split_range(arena, "2024-2023", &s, &e)); /* order is the loader's */
	CHECK(!cv_date_split_range(arena, "2023/24", &s, &e));
	CHECK(!cv_date_split_range(arena, "2019-09-2020-01", &s, &e));
	CHECK(!cv_date_split_range(arena, "2019-09-01", &s, &e));
	CHECK(!cv_date_split_range(arena, "20-2021", &s, &e));
	CHECK(!cv_date_split_range(arena, "2020-", &s, &e));
	CHECK(!cv_date_split_range(arena, "2020.13-2021", &s, &e));
	CHECK(!cv_date_split_range(arena, "2019-09", &s, &e));
	CHECK(!cv_date_split_range(arena, "2019-09-01", &s, &e));
	CHECK(!cv_date_split_range(arena, "Fall 2019", &s, &e));
	CHECK(!cv_date_split_range(arena, "2019 - ", &s, &e));
	CHECK(!cv_date_split_range(arena, "\xE2\x80\x93 2019", &s, &e));
}

static void test_compare(void)
{
	bool ok;
	struct cv_date a = parse("2020", &ok), b = parse("2020-05", &ok), c = parse("2021-01", &ok);
	struct cv_date d = parse("2020-05-02", &ok), e = parse("2020-05-10", &ok);
	struct cv_date p = parse("present", &ok);
	CHECK(cv_date_compare(&a, &b) == 0); /* at the precision both have */
	CHECK(cv_date_compare(&b, &c) == -1);
	CHECK(cv_date_compare(&c, &b) == 1);
	CHECK(cv_date_compare(&d, &e) == -1);
	CHECK(cv_date_compare(&e, &b) == 0);
	CHECK(cv_date_compare(&a, &c) == -1);
	CHECK(cv_date_compare(&p, &c) == 1);
	CHECK(cv_date_compare(&c, &p) == -1);
}

static void test_format(void)
{
	bool ok;
	struct cv_date y = parse("2023", &ok), m = parse("2023-03", &ok),
	               d = parse("2023-03-05", &ok);
	struct cv_date p = parse("present", &ok), t = parse("Fall 2023", &ok), none = {0};
	struct cv_date_layout dl = {0};
	/* defaults without a layout */
	CHECK_STR(cv_date_format(arena, &y, NULL), "2023");
	CHECK_STR(cv_date_format(arena, &m, NULL), "Mar 2023");
	/* a date given to the day prints as its month unless the layout asks (issue 12) */
	CHECK_STR(cv_date_format(arena, &d, NULL), "Mar 2023");
	CHECK_STR(cv_date_format(arena, &p, NULL), "present");
	CHECK_STR(cv_date_format(arena, &t, NULL), "Fall 2023");
	CHECK_STR(cv_date_format(arena, &none, NULL), "");
	/* NULL fields of a layout fall back to English defaults */
	CHECK_STR(cv_date_format(arena, &m, &dl), "Mar 2023");
	dl.year_format = "'%Y";
	dl.month_format = "%m/%Y";
	CHECK_STR(cv_date_format(arena, &d, &dl), "03/2023");
	dl.day_format = "%Y-%m-%d";
	CHECK_STR(cv_date_format(arena, &y, &dl), "'2023");
	CHECK_STR(cv_date_format(arena, &m, &dl), "03/2023");
	CHECK_STR(cv_date_format(arena, &d, &dl), "2023-03-05");
	dl.month_format = "%-m.%Y %B %b";
	dl.day_format = "%-d.%-m. %% %q";
	CHECK_STR(cv_date_format(arena, &m, &dl), "3.2023 March Mar");
	CHECK_STR(cv_date_format(arena, &d, &dl), "5.3. % %q");
	{
		static const char *const de_abbr[12] = {"Jan.", "Feb.", "M\xC3\xA4rz", "Apr.",
		                                        "Mai",  "Juni", "Juli",        "Aug.",
		                                        "Sep.", "Okt.", "Nov.",        "Dez."};
		static const char *const de_full[12] = {"Januar", "Februar", "M\xC3\xA4rz"};
		memcpy(dl.month_abbr, de_abbr, sizeof(de_abbr));
		memcpy(dl.month_names, de_full, sizeof(de_full));
		dl.month_format = "%b %Y / %B";
		dl.present = "heute";
		CHECK_STR(cv_date_format(arena, &m, &dl), "M\xC3\xA4rz 2023 / M\xC3\xA4rz");
		CHECK_STR(cv_date_format(arena, &p, &dl), "heute");
	}
	{
		struct cv_date dec = parse("1999-12", &ok);
		CHECK_STR(cv_date_format(arena, &dec, NULL), "Dec 1999");
		dec = parse("2024-02-29", &ok);
		CHECK_STR(cv_date_format(arena, &dec, NULL), "Feb 2024");
		struct cv_date_layout days = {.day_format = "%b %-d, %Y"};
		CHECK_STR(cv_date_format(arena, &dec, &days), "Feb 29, 2024");
	}
}

static void test_range(void)
{
	bool ok;
	struct cv_date s = parse("2019-09", &ok), e = parse("2021", &ok), p = parse("present", &ok);
	struct cv_date single = parse("2020-06", &ok), none = {0}, s2 = parse("2019-09", &ok);
	struct cv_date t1 = parse("Fall 2019", &ok), t2 = parse("Fall 2019", &ok);
	struct cv_date_layout dl = {0};
	CHECK_STR(cv_date_format_range(arena, &s, &e, &none, NULL), "Sep 2019 \xE2\x80\x93 2021");
	CHECK_STR(cv_date_format_range(arena, &s, &p, NULL, NULL), "Sep 2019 \xE2\x80\x93 present");
	CHECK_STR(cv_date_format_range(arena, &s, &none, &none, NULL), "Sep 2019");
	CHECK_STR(cv_date_format_range(arena, &none, &e, &none, NULL), "2021");
	CHECK_STR(cv_date_format_range(arena, &s, &s2, &none, NULL), "Sep 2019");
	{ /* a conference of three days prints its month once, or its days when asked */
		struct cv_date d1 = parse("2024-06-01", &ok), d3 = parse("2024-06-03", &ok);
		struct cv_date_layout days = {.day_format = "%b %-d"};
		CHECK_STR(cv_date_format_range(arena, &d1, &d3, NULL, NULL), "Jun 2024");
		CHECK_STR(cv_date_format_range(arena, &d1, &d3, NULL, &days),
		          "Jun 1 \xE2\x80\x93 Jun 3");
	}
	CHECK_STR(cv_date_format_range(arena, &t1, &t2, NULL, NULL), "Fall 2019");
	CHECK_STR(cv_date_format_range(arena, &none, &none, &single, NULL), "Jun 2020");
	CHECK_STR(cv_date_format_range(arena, &s, &e, &single, NULL), "Sep 2019 \xE2\x80\x93 2021");
	CHECK(cv_date_format_range(arena, &none, &none, &none, NULL) == NULL);
	CHECK(cv_date_format_range(arena, NULL, NULL, NULL, NULL) == NULL);
	dl.range_sep = " to ";
	dl.present = "now";
	CHECK_STR(cv_date_format_range(arena, &s, &p, NULL, &dl), "Sep 2019 to now");
}

static void test_hint(void)
{
	CHECK_STR(cv_date_hint(arena, "2020.13"), "there is no month 13; months run from 1 to 12");
	CHECK_STR(cv_date_hint(arena, "2023-00"), "there is no month 0; months run from 1 to 12");
	CHECK_STR(cv_date_hint(arena, "20-2021"), "a year has four digits: \"20\" is not a year");
	CHECK_STR(cv_date_hint(arena, "2023/24"), "write an academic year in full: 2023-2024");
	CHECK_STR(cv_date_hint(arena, "1999/00"), "write an academic year in full: 1999-2000");
	CHECK_STR(cv_date_hint(arena, "2023-1"),
	          "with \"-\" the month takes two digits: 2023-01, or write 2023.1");
	CHECK_STR(cv_date_hint(arena, "2023-02-29"), "February 2023 has 28 days");
	CHECK_STR(cv_date_hint(arena, "2020.9.31"), "September 2020 has 30 days");
	CHECK_STR(cv_date_hint(arena, "2023-2024"),
	          "one date, not a range: write date: 2023-2024, or start: 2023 and end: 2024");
	CHECK(strstr(cv_date_hint(arena, "12/03/2023"), "year first") != NULL);
	CHECK(strstr(cv_date_hint(arena, "2023.09-01"), "one separator") != NULL);
	CHECK(strstr(cv_date_hint(arena, "2019-09-2020-01"), "spaces around") != NULL);
	CHECK(strstr(cv_date_hint(arena, "-2019"), "separator at its start") != NULL);
	CHECK(strstr(cv_date_hint(arena, "0000"), "no year 0000") != NULL);
	CHECK(strstr(cv_date_hint(arena, "20230"), "four digits") != NULL);
	CHECK(strstr(cv_date_hint(arena, "2023-13 (expected)"), "no month 13") != NULL);
	CHECK(strstr(cv_date_hint(arena, "2023.123"), "not a month") != NULL);
	CHECK(strstr(cv_date_hint(arena, "2023.1.123"), "not a day") != NULL);
	CHECK(strstr(cv_date_hint(arena, "1-2-3-4-5-6-7-8-9-10-11"), "") != NULL); /* no overrun */
	CHECK(strstr(cv_date_hint(arena, ""), "write YYYY") != NULL);
}

static void test_note_and_single_range(void)
{
	bool ok;
	struct cv_date n = parse("2022.04 (expected)", &ok), s = parse("2023", &ok),
	               e = parse("2024", &ok), p = parse("present", &ok);
	struct cv_date_layout dl = {0};
	CHECK_STR(cv_date_format(arena, &n, NULL), "Apr 2022 (expected)");
	/* a range held in one date field prints as the layout's range */
	s.end = &e;
	CHECK_STR(cv_date_format(arena, &s, NULL), "2023 \xE2\x80\x93 2024");
	dl.range_sep = "/";
	CHECK_STR(cv_date_format(arena, &s, &dl), "2023/2024");
	CHECK_STR(cv_date_format_range(arena, NULL, NULL, &s, &dl), "2023/2024");
	s.end = &p;
	CHECK_STR(cv_date_format(arena, &s, NULL), "2023 \xE2\x80\x93 present");
}

int main(void)
{
	arena = cv_arena_new();
	test_parse();
	test_split();
	test_compare();
	test_format();
	test_range();
	test_hint();
	test_note_and_single_range();
	cv_arena_free(arena);
	return TEST_RESULT();
}
