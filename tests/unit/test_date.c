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
	CHECK_STR(cv_date_format(arena, &d, NULL), "Mar 5, 2023");
	CHECK_STR(cv_date_format(arena, &p, NULL), "present");
	CHECK_STR(cv_date_format(arena, &t, NULL), "Fall 2023");
	CHECK_STR(cv_date_format(arena, &none, NULL), "");
	/* NULL fields of a layout fall back to English defaults */
	CHECK_STR(cv_date_format(arena, &m, &dl), "Mar 2023");
	dl.year_format = "'%Y";
	dl.month_format = "%m/%Y";
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
		CHECK_STR(cv_date_format(arena, &dec, NULL), "Feb 29, 2024");
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
	CHECK_STR(cv_date_format_range(arena, &t1, &t2, NULL, NULL), "Fall 2019");
	CHECK_STR(cv_date_format_range(arena, &none, &none, &single, NULL), "Jun 2020");
	CHECK_STR(cv_date_format_range(arena, &s, &e, &single, NULL), "Sep 2019 \xE2\x80\x93 2021");
	CHECK(cv_date_format_range(arena, &none, &none, &none, NULL) == NULL);
	CHECK(cv_date_format_range(arena, NULL, NULL, NULL, NULL) == NULL);
	dl.range_sep = " to ";
	dl.present = "now";
	CHECK_STR(cv_date_format_range(arena, &s, &p, NULL, &dl), "Sep 2019 to now");
}

int main(void)
{
	arena = cv_arena_new();
	test_parse();
	test_split();
	test_compare();
	test_format();
	test_range();
	cv_arena_free(arena);
	return TEST_RESULT();
}
