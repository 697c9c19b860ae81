/*
 * Unit tests for locales: the loader (aliases, overrides, errors), the
 * precedence of a layout's dates over a locale's, the "present" words,
 * localized quotes, and the hyphenation breaker with the real libhyphen
 * dictionaries of Debian's hyphen-* packages (German, French, Polish,
 * Czech, Russian, Ukrainian, Greek: UTF-8 and 8-bit encodings).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "harness.h"
#include "layout.h"
#include "locale.h"
#include "msg.h"
#include "node.h"
#include "text.h"
#include "typeset/hyphen.h"
#include "util.h"

static struct cv_arena *a;

static const struct cv_locale *load(const char *name)
{
	return cv_locale_load(a, name, NULL, NULL);
}

/* The byte offsets where word may break under loc's dictionaries, as "3,5,10". */
static const char *points(const struct cv_locale *loc, const char *word, bool capitalized)
{
	struct cv_ts_hyphen_rules r = {.left_min = 2, .right_min = 3, .capitalized = capitalized};
	bool ok[64];
	struct cv_buf b = {0};
	size_t len = strlen(word), k;
	const char *s;
	r.dicts = loc->hyphen_dicts;
	r.ndicts = loc->nhyphen_dicts;
	r.language = loc->language;
	r.none = loc->hyphen_none;
	cv_ts_hyphen_points(word, len, &r, ok);
	for (k = 1; k < len; k++)
		if (ok[k])
			cv_buf_printf(&b, "%s%zu", b.len ? "," : "", k);
	s = cv_arena_strdup(a, b.data ? b.data : "");
	cv_buf_free(&b);
	return s;
}

static void test_aliases(void)
{
	const struct cv_locale *l;
	CHECK((l = load("de")) && !strcmp(l->name, "de") && !strcmp(l->language, "de"));
	CHECK((l = load("de_DE.UTF-8")) && !strcmp(l->name, "de"));
	CHECK((l = load("de-AT")) && !strcmp(l->name, "de"));
	CHECK((l = load("fr_CA")) && !strcmp(l->name, "fr"));
	CHECK((l = load("EN-gb")) && !strcmp(l->name, "en-GB"));
	CHECK((l = load("pt_BR")) && !strcmp(l->name, "pt-BR"));
	CHECK((l = load("pt_PT")) && !strcmp(l->name, "pt"));
	CHECK((l = load("zh-TW")) && !strcmp(l->name, "zh-Hant"));
	CHECK((l = load("zh_CN")) && !strcmp(l->name, "zh-Hans"));
	CHECK((l = load("zh")) && !strcmp(l->name, "zh-Hans"));
	CHECK((l = load("no")) && !strcmp(l->name, "nb"));
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	CHECK(load("sr") == NULL);
	CHECK(cv_msg_last_id() && !strcmp(cv_msg_last_id(), "locale-unknown"));
	CHECK(cv_msg_exit_status() == 2); /* the command line's: a usage error */
	cv_msg_reset();
	CHECK(load("../../etc/passwd") == NULL);
	CHECK(load("de;rm") == NULL);
	cv_msg_reset();
	cv_msg_set_stream(stderr);
}

/* At least 20 locales ship, every one loads clean and has its words. */
static void test_all_files(void)
{
	size_t n, i, k;
	const char **names = cv_locale_list(a, &n);
	CHECK(n >= 20);
	for (i = 0; i < n; i++) {
		const struct cv_locale *l = load(names[i]);
		CHECK(l != NULL);
		if (!l)
			continue;
		CHECK(l->language && l->babel && l->description);
		CHECK(l->quotes[0] && l->quotes[3]);
		CHECK(l->npresent_words > 0);
		CHECK(l->hyphen_none || l->nhyphen_dicts > 0);
		for (k = 0; k < CV_LSEC__COUNT; k++)
			CHECK(l->sections[k] != NULL);
		for (k = 0; k < 12; k++)
			CHECK(l->dates.month_names[k] && l->dates.month_abbr[k]);
	}
	for (i = 0; i < 17; i++) {
		static const char *const want[] = {"de", "fr",      "es",      "it", "pt", "nl",
		                                   "pl", "cs",      "sv",      "tr", "el", "ru",
		                                   "uk", "zh-Hans", "zh-Hant", "ja", "ko"};
		bool found = false;
		for (k = 0; k < n; k++)
			found = found || !strcmp(names[k], want[i]);
		CHECK(found);
	}
}

static void test_dates(void)
{
	const struct cv_locale *de = load("de"), *fr = load("fr"), *ru = load("ru");
	struct cv_date d = {0}, e = {0};
	struct cv_node *over;
	const struct cv_locale *l;
	struct cv_layout *lay;
	if (!de || !fr || !ru)
		return;
	CHECK_STR(de->dates.month_names[2], "März");
	CHECK_STR(de->dates.present, "heute");
	CHECK_STR(fr->dates.month_names[7], "août");
	CHECK_STR(ru->dates.month_names[11], "декабрь");
	d.kind = CV_DATE_EXACT, d.year = 2024, d.month = 3;
	e.kind = CV_DATE_PRESENT;
	CHECK_STR(cv_date_format_range(a, &d, &e, NULL, &de->dates), "März 2024 – heute");
	d.day = 5;
	/* a day prints as its month unless a day format is asked for */
	CHECK_STR(cv_date_format(a, &d, &fr->dates), "mars 2024");
	CHECK_STR(cv_date_format(a, &d, &ru->dates), "март 2024");
	{
		struct cv_date_layout fr_days = fr->dates, ru_days = ru->dates;
		fr_days.day_format = "%-d %B %Y";
		ru_days.day_format = "%d.%m.%Y";
		CHECK_STR(cv_date_format(a, &d, &fr_days), "5 mars 2024");
		CHECK_STR(cv_date_format(a, &d, &ru_days), "05.03.2024");
	}

	/* the locale's words mean an open end only while it is the profile's */
	cv_date_set_locale_words(de->present_words, de->npresent_words);
	CHECK(cv_date_parse("heute", &d) && d.kind == CV_DATE_PRESENT);
	CHECK(cv_date_parse("Bis heute", &d) && d.kind == CV_DATE_PRESENT);
	CHECK(cv_date_parse("present", &d) && d.kind == CV_DATE_PRESENT);
	cv_date_set_locale_words(NULL, 0);
	CHECK(cv_date_parse("heute", &d) && d.kind == CV_DATE_TEXT);

	/* a profile's overrides, key by key */
	over = cv_yaml_parse(a, "over.yaml", "extends: de\ndates: {present: bis jetzt}\n", 40);
	CHECK(over != NULL);
	l = cv_locale_load(a, "de", NULL, over);
	CHECK(l && !strcmp(l->dates.present, "bis jetzt") &&
	      !strcmp(l->dates.month_names[0], "Januar"));

	/* a layout's dates keys (here the profile's layout overrides) win over the locale's */
	lay = cv_layout_load_locale(a, "classic", NULL, de);
	CHECK(lay && !strcmp(lay->dates.month_abbr[9], "Okt.") && lay->hyphenation.capitalized);
	over = cv_yaml_parse(a, "lay.yaml", "dates: {month: \"%m/%Y\"}\n", 24);
	lay = cv_layout_load_locale(a, NULL, over, de);
	CHECK(lay && !strcmp(lay->dates.month_format, "%m/%Y") &&
	      !strcmp(lay->dates.present, "heute"));
	lay = cv_layout_load(a, "classic", NULL); /* English stays the default */
	CHECK(lay && !strcmp(lay->dates.present, "present") && !lay->locale &&
	      !lay->hyphenation.capitalized);
}

static void test_quotes(void)
{
	const struct cv_locale *de = load("de"), *fr = load("fr");
	struct cv_text t;
	if (!de || !fr)
		return;
	t = cv_text_literal(a, "“Qualität” and ‘innen’, it’s", 0, NULL);
	cv_text_localize_quotes(a, &t, de->quotes);
	CHECK_STR(t.runs[0].text, "„Qualität“ and ‚innen‘, it’s");
	t = cv_text_literal(a, "“oui”", 0, NULL);
	cv_text_localize_quotes(a, &t, fr->quotes);
	CHECK_STR(t.runs[0].text, "«\xC2\xA0oui\xC2\xA0»");
	t = cv_text_literal(a, "“x”", CV_RUN_CODE, NULL);
	cv_text_localize_quotes(a, &t, de->quotes);
	CHECK_STR(t.runs[0].text, "“x”"); /* code keeps its characters */
}

static void test_hyphenation(void)
{
	const struct cv_locale *l;
	if ((l = load("de"))) {
		/* Qua-li-täts-si-che-rung: the break after "täts" is before byte 10 */
		CHECK_STR(points(l, "Qualitätssicherung", true), "3,5,10,12,15");
		CHECK_STR(points(l, "Qualitätssicherung", false), ""); /* a capital: whole */
		CHECK_STR(points(l, "QUALITÄTSSICHERUNG", true), "3,5,10,12,15");
	}
	if ((l = load("fr"))) /* UTF-8 dictionary: élé-phan-tesque (é is two bytes) */
		CHECK_STR(points(l, "éléphantesque", false), "5,9");
	if ((l = load("pl"))) /* ISO8859-2: za-rzą-dza-nie */
		CHECK_STR(points(l, "zarządzanie", false), "2,6,9");
	if ((l = load("cs"))) /* pří-leži-tost */
		CHECK_STR(points(l, "příležitost", false), "5,10");
	if ((l = load("ru"))) /* KOI8-R: информа-ция */
		CHECK_STR(points(l, "информация", false), "14");
	if ((l = load("uk"))) /* UTF-8: інформа-ція */
		CHECK_STR(points(l, "інформація", false), "14");
	if ((l = load("el"))) /* ISO8859-7: πλη-ρο-φο-ρική */
		CHECK_STR(points(l, "πληροφορική", false), "6,10,14");
	if ((l = load("en")))
		CHECK_STR(points(l, "infrastructure", false), "2,5,10");
	if ((l = load("fr"))) /* an apostrophe ends a stretch: only "entreprises" breaks */
		CHECK_STR(points(l, "l’entreprises", false), "6,9"); /* l’en-tre-prises */
	if ((l = load("zh-Hans"))) /* not hyphenated, and no warning */
		CHECK_STR(points(l, "infrastructure", false), "");
	CHECK(cv_ts_hyphen_lower(0x0130) == 'i' && cv_ts_hyphen_lower(0x0141) == 0x0142 &&
	      cv_ts_hyphen_lower(0x03A3) == 0x03C3 && cv_ts_hyphen_lower(0x0401) == 0x0451 &&
	      cv_ts_hyphen_lower(0x0490) == 0x0491 && cv_ts_hyphen_lower(0x00C4) == 0x00E4);

	/* a dictionary that is nowhere: no points, one warning for the language */
	{
		static const char *const none[] = {"hyph_zz_ZZ.dic"};
		struct cv_ts_hyphen_rules r = {.left_min = 2, .right_min = 3};
		bool ok[32];
		unsigned before;
		r.dicts = none, r.ndicts = 1, r.language = "zz";
		cv_msg_set_stream(NULL);
		cv_msg_reset();
		CHECK(!cv_ts_hyphen_ready(&r));
		CHECK(cv_msg_last_id() && !strcmp(cv_msg_last_id(), "hyphen-dict-missing"));
		before = cv_msg_count(CV_WARN);
		CHECK(cv_ts_hyphen_points("infrastructure", 14, &r, ok) == 0);
		CHECK(cv_msg_count(CV_WARN) == before);
		cv_msg_reset();
		cv_msg_set_stream(stderr);
	}
}

int main(void)
{
	setenv("FOLIO_DATA_DIR", FOLIO_SOURCE_DIR, 1);
	a = cv_arena_new();
	test_aliases();
	test_all_files();
	test_dates();
	test_quotes();
	test_hyphenation();
	/* the dictionaries stay loaded: libhyphen 2.8.8's hnj_hyphen_free leaks
	 * parts of the German, French and Russian ones (docs/dependencies.md) */
	cv_arena_free(a);
	return TEST_RESULT();
}
