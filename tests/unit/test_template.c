/*
 * Unit tests for entry templates (src/template.c): syntax errors with their
 * columns, field iteration, and expansion with missing fields (no dangling
 * separators or connector words), styles and links.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "msg.h"
#include "template.h"
#include "text.h"
#include "util.h"

static struct cv_arena *arena;

/* Fields of the fake entry: name -> runs. */
struct field {
	const char *name;
	struct cv_run runs[2];
	size_t nruns;
};

static const struct field fields[] = {
    {"title", {{"Engineer", 0, NULL, NULL}}, 1},
    {"company", {{"Acme", 0, "https://acme.example", NULL}}, 1},
    {"city", {{"Berlin", 0, NULL, NULL}}, 1},
    {"degree", {{"PhD", CV_RUN_ITALIC, NULL, NULL}}, 1},
    {"two", {{"a ", 0, NULL, NULL}, {"b", CV_RUN_CODE, NULL, NULL}}, 2},
    {"blank", {{"  ", 0, NULL, NULL}}, 1},
    {"spaced", {{" x  ", 0, NULL, NULL}}, 1},
};

static bool lookup(void *ctx, const char *name, const struct cv_run **runs, size_t *nruns)
{
	size_t i;
	(void)ctx;
	for (i = 0; i < CV_COUNT(fields); i++)
		if (strcmp(fields[i].name, name) == 0) {
			*runs = fields[i].runs;
			*nruns = fields[i].nruns;
			return true;
		}
	return false;
}

/* Expansion dumped like test_markdown: "B:", "I:", "C:" prefixes, "<href>" suffix, "|" between
 * runs. */
static const char *expand(const char *src)
{
	struct cv_tmpl *t;
	struct cv_runvec v = {0};
	struct cv_text txt;
	struct cv_buf b = {0};
	size_t i;
	char *r;
	bool ok;
	cv_msg_reset();
	t = cv_tmpl_parse(arena, src, NULL);
	if (!t)
		return "PARSE ERROR";
	cv_runs_add(&v, "pre", 0, NULL); /* expansion appends: earlier runs stay */
	ok = cv_tmpl_expand(t, lookup, NULL, arena, &v);
	if (!ok && v.n != 1)
		return "FALSE BUT APPENDED";
	txt = cv_runs_finish(arena, &v);
	if (!ok)
		return "EMPTY";
	for (i = 0; i < txt.nruns; i++) {
		const struct cv_run *run = &txt.runs[i];
		const char *text = run->text;
		if (i == 0) { /* "pre" stays in front (merged with a plain first run) */
			if (strncmp(text, "pre", 3) != 0)
				return "LOST PRE";
			text += 3;
			if (!*text)
				continue;
		}
		if (b.len)
			cv_buf_putc(&b, '|');
		if (run->flags & CV_RUN_BOLD)
			cv_buf_putc(&b, 'B');
		if (run->flags & CV_RUN_ITALIC)
			cv_buf_putc(&b, 'I');
		if (run->flags & CV_RUN_CODE)
			cv_buf_putc(&b, 'C');
		if (run->flags)
			cv_buf_putc(&b, ':');
		cv_buf_puts(&b, text);
		if (run->href)
			cv_buf_printf(&b, "<%s>", run->href);
	}
	r = cv_arena_strdup(arena, b.data ? b.data : "");
	cv_buf_free(&b);
	return r;
}

/* Parse src expecting a template-syntax error at column col (pos col 10 on line 2). */
static unsigned parse_error_col(const char *src)
{
	struct cv_pos pos = {"l.yaml", 2, 10};
	FILE *fp = tmpfile();
	char line[512] = "";
	unsigned l = 0, c = 0;
	cv_msg_reset();
	cv_msg_set_stream(fp);
	if (cv_tmpl_parse(arena, src, &pos) != NULL || !cv_msg_failed() ||
	    !cv_streq(cv_msg_last_id(), "template-syntax") || cv_msg_count(CV_NOTE) != 1) {
		fclose(fp);
		cv_msg_set_stream(stderr);
		return 0;
	}
	rewind(fp);
	if (fgets(line, sizeof(line), fp))
		(void)sscanf(line, "l.yaml:%u:%u:", &l, &c);
	fclose(fp);
	cv_msg_set_stream(stderr);
	return l == 2 ? c : 0;
}

static void test_syntax(void)
{
	CHECK(parse_error_col("[{a}") == 10);
	CHECK(parse_error_col("x]") == 11);
	CHECK(parse_error_col("x {a") == 12);
	CHECK(parse_error_col("a}") == 11);
	CHECK(parse_error_col("x{}") == 11);
	CHECK(parse_error_col("{Title}") == 11);
	CHECK(parse_error_col("{a b}") == 11);
	CHECK(parse_error_col("{1a}") == 11);
	CHECK(parse_error_col("{a-b}") == 11);
	CHECK(parse_error_col("**bold") == 10);
	CHECK(parse_error_col("x *it") == 12);
	CHECK(parse_error_col("[**a]**") == 11);
	CHECK(parse_error_col("\xC3\xA9 ]") == 12); /* columns count characters */
	CHECK(parse_error_col("end\\") == 13);
	CHECK(parse_error_col("[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]") > 0);
	{
		/* multi-line source: the field's own position */
		struct cv_pos pos = {"l.yaml", 2, 10};
		FILE *fp = tmpfile();
		char line[256] = "";
		cv_msg_set_stream(fp);
		CHECK(cv_tmpl_parse(arena, "a\n]", &pos) == NULL);
		rewind(fp);
		CHECK(fgets(line, sizeof(line), fp) != NULL);
		CHECK(strncmp(line, "l.yaml:2:10: error: unmatched \"]\"", 33) == 0);
		fclose(fp);
		cv_msg_set_stream(stderr);
	}
	cv_msg_reset();
	CHECK(cv_tmpl_parse(arena, "", NULL) != NULL);
	CHECK(cv_tmpl_parse(arena, "{a_1}[ {_b}] \\[x\\] \\{ \\* **{c}** *{d}*", NULL) != NULL);
	CHECK(!cv_msg_failed());
}

static bool collect(void *ctx, const char *name)
{
	struct cv_buf *b = ctx;
	cv_buf_printf(b, "%s,", name);
	return !cv_streq(name, "stop");
}

static void test_each_field(void)
{
	struct cv_buf b = {0};
	struct cv_tmpl *t = cv_tmpl_parse(arena, "{a} [x {b} [{c}]] **{d}** {stop} {e}", NULL);
	CHECK(t != NULL);
	CHECK(!cv_tmpl_each_field(t, collect, &b));
	CHECK_STR(b.data, "a,b,c,d,stop,");
	cv_buf_free(&b);
}

static void test_expand(void)
{
	CHECK_STR(expand("{title}"), "Engineer");
	CHECK_STR(expand("{title} at {company}"), "Engineer at |Acme<https://acme.example>");
	CHECK_STR(expand("{title}[ at {nope}]"), "Engineer");
	CHECK_STR(expand("{title}[, {nope}], {city}"), "Engineer, Berlin");
	/* a missing top-level placeholder takes its connector with it */
	CHECK_STR(expand("{title} at {nope}"), "Engineer");
	CHECK_STR(expand("{nope} at {company}"), "Acme<https://acme.example>");
	CHECK_STR(expand("{title}, {nope}, {city}"), "Engineer, Berlin");
	CHECK_STR(expand("{title} at {nope}, {city}"), "Engineer, Berlin");
	CHECK_STR(expand("{nope} \xE2\x80\x93 {city}"), "Berlin");
	CHECK_STR(expand("{city} \xE2\x80\x93 {nope}"), "Berlin");
	CHECK_STR(expand("Advisor: {nope}, {city}"), "Advisor: Berlin");
	CHECK_STR(expand("({city}, {nope})"), "(Berlin)");
	/* nothing but literals left: empty */
	CHECK_STR(expand("{nope}"), "EMPTY");
	CHECK_STR(expand("Advisor: {nope}"), "EMPTY");
	CHECK_STR(expand("[x {nope}] - "), "EMPTY");
	CHECK_STR(expand("just text"), "EMPTY");
	CHECK_STR(expand(""), "EMPTY");
	CHECK_STR(expand("{blank}"), "EMPTY");
	CHECK_STR(expand("**{nope}**"), "EMPTY");
	/* groups */
	CHECK_STR(expand("[{title} in {nope}]"), "EMPTY");
	CHECK_STR(expand("{title}[ ({city}[, {nope}])]"), "Engineer (Berlin)");
	CHECK_STR(expand("{title}[ [{nope}]]"), "Engineer");
	CHECK_STR(expand("{title}[ ({blank})]"), "Engineer");
	CHECK_STR(expand("{title}[ (lit)]"), "Engineer (lit)");
	CHECK_STR(expand("{title}[ **{nope}**]"), "Engineer");
	/* styles OR into substituted runs, links preserved, literals unlinked */
	CHECK_STR(expand("**{title}** at {company}"), "B:Engineer| at |Acme<https://acme.example>");
	CHECK_STR(expand("*{degree}*"), "I:PhD");
	CHECK_STR(expand("**{degree}**, {city}"), "BI:PhD|, Berlin");
	CHECK_STR(expand("**at {company}**"), "B:at |B:Acme<https://acme.example>");
	CHECK_STR(expand("{two}!"), "a |C:b|!");
	CHECK_STR(expand("*{nope}* {city}"), "Berlin");
	/* whitespace at the seams */
	CHECK_STR(expand("  {title}   [ at  {nope} ]  {city}  "), "Engineer Berlin");
	CHECK_STR(expand("[{nope} ] {city}"), "Berlin");
	CHECK_STR(expand("{spaced}|{city}"), "x |Berlin"); /* one merged run */
	/* escapes */
	CHECK_STR(expand("\\[{city}\\] \\{x\\} 5\\*"), "[Berlin] {x} 5*");
}

int main(void)
{
	arena = cv_arena_new();
	test_syntax();
	test_each_field();
	test_expand();
	cv_arena_free(arena);
	return TEST_RESULT();
}
