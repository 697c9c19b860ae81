/*
 * The PDF back end end to end in-process: a small profile through the real
 * loaders, compose, typesetter and font module into cv_pdf_render.  Checks
 * the file's frame, metadata, determinism, SOURCE_DATE_EPOCH dates, and that
 * failures (a libharu error, a missing font) report and return nothing.
 */
#include <string.h>

#include "backend.h"
#include "cv.h"
#include "harness.h"
#include "layout.h"
#include "profile.h"

static const char profile_yaml[] =
    "name: Ada Lovelace\n"
    "headline: Analyst\n"
    "email: ada@example.org\n"
    "website: https://ada.example\n"
    "keywords: [engines, Zürich]\n"
    "sections:\n"
    "  - title: Experience\n"
    "    entries:\n"
    "      - organization: Analytical Engine Ltd\n"
    "        position: Analyst\n"
    "        date: 1842 – 1843\n"
    "        highlights: [Wrote the first program, Ελληνικά and Кириллица]\n"
    "  - title: Education\n"
    "    entries:\n"
    "      - institution: Home schooling\n"
    "        degree: Mathematics\n"
    "        date: 1830\n";

static bool contains(const struct cv_buf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len < n)
		return false;
	for (size_t i = 0; i + n <= b->len; i++)
		if (!memcmp(b->data + i, s, n))
			return true;
	return false;
}

static struct cv_doc *make_doc(struct cv_arena *a, struct cv_layout **layout)
{
	struct cv_profile *p =
	    cv_profile_parse(a, "test.yaml", profile_yaml, sizeof profile_yaml - 1);
	CHECK(p != NULL);
	if (!p)
		return NULL;
	*layout = cv_layout_load(a, "classic", p->layout);
	CHECK(*layout != NULL);
	if (!*layout)
		return NULL;
	struct cv_doc *d = cv_compose(a, p, *layout);
	CHECK(d != NULL);
	return d;
}

static void test_render(void)
{
	struct cv_arena *a = cv_arena_new();
	struct cv_layout *l = NULL;
	struct cv_doc *d = make_doc(a, &l);
	if (!d) {
		cv_arena_free(a);
		return;
	}
	struct cv_render_opts opts = {-1, "9.8.7", NULL};
	struct cv_buf one = {0}, two = {0}, dated = {0};

	cv_msg_reset();
	CHECK(cv_pdf_render(d, &opts, &one));
	CHECK(!cv_msg_failed());
	CHECK(one.len > 1000);
	CHECK(one.len > 9 && !memcmp(one.data, "%PDF-1.4\n", 9));
	CHECK(contains(&one, "%%EOF"));
	CHECK(contains(&one, "/Producer"));
	CHECK(!contains(&one, "Haru"));          /* libharu's Producer replaced */
	CHECK(!contains(&one, "/CreationDate")); /* no clock in the file */
	CHECK(!contains(&one, "/ID"));
	CHECK(contains(&one, "/Outlines"));
	CHECK(contains(&one, "/FontFile2"));

	CHECK(cv_pdf_render(d, &opts, &two));
	CHECK(one.len == two.len && !memcmp(one.data, two.data, one.len));

	opts.source_date_epoch = 86400LL * 365; /* 1971-01-01 00:00:00 UTC */
	CHECK(cv_pdf_render(d, &opts, &dated));
	CHECK(contains(&dated, "/CreationDate (D:19710101000000Z"));
	CHECK(contains(&dated, "/ModDate (D:19710101000000Z"));

	/* render appends: the earlier bytes stay in front */
	size_t before = one.len;
	opts.source_date_epoch = -1;
	CHECK(cv_pdf_render(d, &opts, &one));
	CHECK(one.len == 2 * before && !memcmp(one.data, one.data + before, before));

	/* a page libharu refuses (over 14400 pt): reported, nothing returned */
	struct cv_buf fail = {0};
	double w = l->page.width;
	l->page.width = 20000;
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	CHECK(!cv_pdf_render(d, &opts, &fail));
	CHECK(fail.len == 0);
	CHECK_STR(cv_msg_last_id(), "pdf-library");
	CHECK(cv_msg_count(CV_SYSTEM) == 1);
	l->page.width = w;

	/* a font that is not there: the font module reports, nothing returned */
	struct cv_font_family *fam = (struct cv_font_family *)&l->families[0];
	const char *file = fam->file[0];
	fam->file[0] = "/nonexistent/font.ttf";
	cv_msg_reset();
	CHECK(!cv_pdf_render(d, &opts, &fail));
	CHECK(fail.len == 0);
	CHECK(cv_msg_failed());
	fam->file[0] = file;
	cv_msg_set_stream(stderr);
	cv_msg_reset();

	cv_buf_free(&one);
	cv_buf_free(&two);
	cv_buf_free(&dated);
	cv_buf_free(&fail);
	cv_arena_free(a);
}

int main(void)
{
	test_render();
	return TEST_RESULT();
}
