/*
 * Fonts: widths agree with libharu's own measurement plus kerning, shaping
 * agrees with widths, missing characters are reported once, bad font files
 * are refused, and an embedded subset passes qpdf/poppler with exact text.
 */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "layout.h"
#include "msg.h"
#include "pdf/font.h"
#include "util.h"

#define FONTS FOLIO_SOURCE_DIR "/fonts/"
#define FIX FOLIO_SOURCE_DIR "/tests/fixtures/"

static struct cv_font_family fams[2];
static struct cv_layout layout;

static void set_family(int i, const char *name, const char *r, const char *b, const char *it,
                       const char *bi)
{
	memset(&fams[i], 0, sizeof fams[i]);
	fams[i].name = name;
	fams[i].file[0] = r;
	fams[i].file[1] = b;
	fams[i].file[2] = it;
	fams[i].file[3] = bi;
	for (int k = 0; k < 4; k++) {
		fams[i].pos[k].file = "layout.yaml";
		fams[i].pos[k].line = (unsigned)(10 + k);
		fams[i].pos[k].col = 5;
	}
}

static struct cv_fonts *open_one(const char *path)
{
	set_family(0, "x", path, path, path, path);
	layout.families = fams;
	layout.nfamilies = 1;
	return cv_fonts_open(&layout);
}

static void error_handler(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	(void)u;
	fprintf(stderr, "libharu error 0x%04X detail %u\n", (unsigned)e, (unsigned)d);
}

/* Run a shell command and return its output (caller frees), or NULL. */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	struct cv_buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		cv_buf_put(&b, chunk, n);
	int st = pclose(p);
	char *s = cv_buf_detach(&b);
	if (st != 0) {
		fprintf(stderr, "command failed (%d): %s\n%s\n", st, cmd, s);
		free(s);
		return NULL;
	}
	return s;
}

/* Sum of libharu widths [1/1000 em] of text plus the kerns from shaping. */
static double harness_width(struct cv_fonts *f, HPDF_Font font, int fam, int face, const char *text)
{
	HPDF_TextWidth tw =
	    HPDF_Font_TextWidth(font, (const HPDF_BYTE *)text, (HPDF_UINT)strlen(text));
	uint32_t cps[256];
	int kern[256];
	size_t n = cv_fonts_shape(f, fam, face, text, strlen(text), cps, kern, 256);
	double sum = tw.width;
	for (size_t i = 0; i < n; i++)
		sum += kern[i];
	if (sum != cv_fonts_width(f, fam, face, text, strlen(text), 1000))
		fprintf(stderr, "width of \"%s\": libharu %u + kerns = %g, ours %g\n", text,
		        (unsigned)tw.width, sum,
		        cv_fonts_width(f, fam, face, text, strlen(text), 1000));
	return sum;
}

static void test_metrics(void)
{
	struct cv_fonts *f = open_one(FONTS "NotoSerif-Regular.ttf");
	CHECK(f != NULL);
	if (!f)
		return;
	double av = cv_fonts_width(f, 0, 0, "AV", 2, 1000);
	double a = cv_fonts_width(f, 0, 0, "A", 1, 1000);
	double v = cv_fonts_width(f, 0, 0, "V", 1, 1000);
	CHECK(av < a + v);
	double to = cv_fonts_width(f, 0, 0, "To", 2, 1000);
	CHECK(to < cv_fonts_width(f, 0, 0, "T", 1, 1000) + cv_fonts_width(f, 0, 0, "o", 1, 1000));
	/* Widths are integers in 1/1000 em and scale linearly. */
	CHECK(a == (double)(long)a);
	CHECK(cv_fonts_width(f, 0, 0, "AV", 2, 10) * 100 == av);
	/* Shape and width agree exactly. */
	static const char *const words[] = {"AVATAR",   "To Wit",    "Łódź",
	                                    "Ελληνικά", "Кириллица", "yes, \"quoted\" — dash",
	                                    "fi ffl"};
	for (size_t i = 0; i < CV_COUNT(words); i++) {
		uint32_t cps[64];
		int kern[64];
		size_t len = strlen(words[i]);
		size_t n = cv_fonts_shape(f, 0, 0, words[i], len, cps, kern, 64);
		CHECK(n == cv_utf8_length(words[i], len));
		double sum = 0;
		for (size_t k = 0; k < n; k++) {
			char u[4];
			size_t m = cv_utf8_encode(cps[k], u);
			sum += cv_fonts_width(f, 0, 0, u, m, 1000) + kern[k];
		}
		CHECK(sum == cv_fonts_width(f, 0, 0, words[i], len, 1000));
	}
	/* Characters the face lacks: zero width, left out of shaping. */
	CHECK(!cv_fonts_has(f, 0, 0, 0x4E2D));
	CHECK(cv_fonts_has(f, 0, 0, 0x0416));
	CHECK(cv_fonts_width(f, 0, 0, "A\xE4\xB8\xAD", 4, 1000) == a);
	CHECK(cv_fonts_width(f, 0, 0, "A\xF0\x9F\x8E\x89", 5, 1000) == a);
	uint32_t cps[8];
	int kern[8];
	CHECK(cv_fonts_shape(f, 0, 0,
	                     "A\xE4\xB8\xAD"
	                     "V",
	                     5, cps, kern, 8) == 2);
	CHECK(cps[0] == 'A' && cps[1] == 'V' && kern[0] < 0 && kern[1] == 0);
	/* Ascent and descent are positive and sane. */
	double asc = cv_fonts_ascent(f, 0, 0, 10), desc = cv_fonts_descent(f, 0, 0, 10);
	CHECK(asc > 7 && asc < 12);
	CHECK(desc > 1 && desc < 4);
	/* Out-of-range family or face: no crash. */
	CHECK(cv_fonts_width(f, 5, 0, "A", 1, 10) == 0);
	CHECK(!cv_fonts_has(f, 0, 7, 'A'));
	cv_fonts_free(f);
}

static void test_use_warnings(void)
{
	struct cv_fonts *f = open_one(FONTS "NotoSans-Bold.ttf");
	CHECK(f != NULL);
	if (!f)
		return;
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	struct cv_pos pos = {"cv.yaml", 3, 7};
	cv_fonts_use(f, 0, 0, "Ж ok", strlen("Ж ok"), &pos);
	CHECK(cv_msg_count(CV_WARN) == 0);
	cv_fonts_use(f, 0, 0, "中 and 中", strlen("中 and 中"), &pos);
	CHECK(cv_msg_count(CV_WARN) == 1);
	CHECK_STR(cv_msg_last_id(), "char-not-in-font");
	cv_fonts_use(f, 0, 1, "中", strlen("中"), &pos); /* same file: still once */
	CHECK(cv_msg_count(CV_WARN) == 1);
	cv_fonts_use(f, 0, 0, "party 🎉 🎉", strlen("party 🎉 🎉"), NULL);
	CHECK(cv_msg_count(CV_WARN) == 2);
	CHECK_STR(cv_msg_last_id(), "char-outside-bmp");
	cv_fonts_use(f, 0, 0, "日本語 日本 🎉", strlen("日本語 日本 🎉"), NULL);
	CHECK(cv_msg_count(CV_WARN) == 3); /* one grouped warning */
	CHECK_STR(cv_msg_last_id(), "char-not-in-font");
	/* Long lists are cut short. */
	cv_fonts_use(f, 1 - 1, 3, "一二三四五六七八九十", strlen("一二三四五六七八九十"), NULL);
	CHECK(cv_msg_count(CV_WARN) == 4);
	CHECK(!cv_msg_failed());
	fflush(log);
	rewind(log);
	char text[4096] = {0};
	size_t n = fread(text, 1, sizeof text - 1, log);
	text[n] = '\0';
	CHECK(strstr(text, "cv.yaml:3:7: warning: character U+4E2D \"中\" is not in font "
	                   "NotoSans-Bold; it is left out\n") != NULL);
	CHECK(strstr(text, "character U+1F389 \"🎉\" is outside the Basic Multilingual Plane; "
	                   "it is left out\n") != NULL);
	CHECK(strstr(text, "warning: characters U+65E5 \"日\", U+672C \"本\", U+8A9E \"語\" are "
	                   "not in font NotoSans-Bold; they are left out\n") != NULL);
	CHECK(strstr(text, "U+516B \"八\" and 2 more are not in font") != NULL);
	fclose(log);
	cv_msg_set_stream(stderr);
	cv_msg_reset();
	cv_fonts_free(f);
}

static void check_bad_font(const char *path, const char *id)
{
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	struct cv_fonts *f = open_one(path);
	CHECK(f == NULL);
	CHECK(cv_msg_count(CV_ERROR) == 1);
	const char *last = cv_msg_last_id();
	CHECK_STR(last, id);
	if (!last || strcmp(last, id) != 0)
		fprintf(stderr, "  for %s\n", path);
	cv_fonts_free(f);
	fclose(log);
	cv_msg_set_stream(stderr);
	cv_msg_reset();
}

static void test_bad_fonts(void)
{
	check_bad_font(FIX "truncated.ttf", "font-corrupt");
	check_bad_font(FIX "empty.ttf", "font-corrupt");
	check_bad_font(FIX "garbage.ttf", "font-corrupt");
	check_bad_font(FIX "cff.otf", "font-cff");
	check_bad_font(FIX "rgba8.png", "font-corrupt");
	/* A real CFF-flavoured OpenType font, when TeX Live's TeX Gyre is installed. */
	static const char gyre[] =
	    "/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyrepagella-regular.otf";
	if (access(gyre, R_OK) == 0)
		check_bad_font(gyre, "font-cff");
	check_bad_font(FIX "no-such-font.ttf", "font-unreadable");
	check_bad_font(FIX, "font-unreadable");

	/* A missing bold face stands in silently (the layout loader warned). */
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	set_family(0, "serif", FONTS "NotoSerif-Regular.ttf", NULL, FONTS "NotoSerif-Italic.ttf",
	           FONTS "NotoSerif-BoldItalic.ttf");
	layout.families = fams;
	layout.nfamilies = 1;
	struct cv_fonts *f = cv_fonts_open(&layout);
	CHECK(f != NULL);
	CHECK(cv_msg_count(CV_NOTE) == 0);
	CHECK(f && cv_fonts_width(f, 0, 1, "Wo", 2, 10) == cv_fonts_width(f, 0, 0, "Wo", 2, 10));
	CHECK(f && cv_fonts_width(f, 0, 2, "Wo", 2, 10) != cv_fonts_width(f, 0, 0, "Wo", 2, 10));
	cv_fonts_free(f);
	/* A family with no file at all is an error. */
	set_family(0, "none", NULL, NULL, NULL, NULL);
	f = cv_fonts_open(&layout);
	CHECK(f == NULL && cv_msg_count(CV_ERROR) == 1);
	CHECK_STR(cv_msg_last_id(), "font-unreadable");
	fclose(log);
	cv_msg_set_stream(stderr);
	cv_msg_reset();
}

static const char sample_regular[] = "Łódź, Ελληνικά, Кириллица: AVATAR To Wit";
static const char sample_bold[] = "Bold Żółw šťastný";

static void test_pdf(void)
{
	set_family(0, "serif", FONTS "NotoSerif-Regular.ttf", FONTS "NotoSerif-Bold.ttf",
	           FONTS "NotoSerif-Italic.ttf", FONTS "NotoSerif-BoldItalic.ttf");
	layout.families = fams;
	layout.nfamilies = 1;
	struct cv_fonts *f = cv_fonts_open(&layout);
	CHECK(f != NULL);
	if (!f)
		return;
	cv_msg_reset();
	cv_fonts_use(f, 0, 0, sample_regular, strlen(sample_regular), NULL);
	cv_fonts_use(f, 0, 1, sample_bold, strlen(sample_bold), NULL);
	CHECK(cv_msg_count(CV_NOTE) == 0);

	char dir[] = "/tmp/folio-font-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256], cmd[1024];
	unsigned char *first = NULL;
	size_t first_len = 0;
	for (int round = 0; round < 2; round++) {
		HPDF_Doc pdf = HPDF_New(error_handler, NULL);
		HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
		HPDF_Page page = HPDF_AddPage(pdf);
		HPDF_Font reg = cv_fonts_hpdf(f, pdf, 0, 0);
		HPDF_Font bold = cv_fonts_hpdf(f, pdf, 0, 1);
		CHECK(reg != NULL && bold != NULL && reg != bold);
		if (!reg || !bold) {
			HPDF_Free(pdf);
			break;
		}
		CHECK(cv_fonts_hpdf(f, pdf, 0, 0) == reg);
		/* Ascent and descent agree with libharu's (from hhea). */
		CHECK(cv_fonts_ascent(f, 0, 0, 1000) == HPDF_Font_GetAscent(reg));
		CHECK(cv_fonts_descent(f, 0, 1, 1000) == -HPDF_Font_GetDescent(bold));
		/* Our widths equal libharu's measurement plus the kerns. */
		CHECK(harness_width(f, reg, 0, 0, sample_regular) ==
		      cv_fonts_width(f, 0, 0, sample_regular, strlen(sample_regular), 1000));
		CHECK(harness_width(f, bold, 0, 1, sample_bold) ==
		      cv_fonts_width(f, 0, 1, sample_bold, strlen(sample_bold), 1000));
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, reg, 12);
		HPDF_Page_TextOut(page, 50, 700, sample_regular);
		HPDF_Page_SetFontAndSize(page, bold, 12);
		HPDF_Page_TextOut(page, 50, 680, sample_bold);
		HPDF_Page_EndText(page);
		snprintf(path, sizeof path, "%s/out%d.pdf", dir, round);
		CHECK(HPDF_SaveToFile(pdf, path) == HPDF_OK);
		HPDF_Free(pdf);
		char *data = NULL;
		size_t len = 0;
		CHECK(cv_file_read(path, 1 << 24, &data, &len) == 0);
		if (round == 0) {
			first = (unsigned char *)data;
			first_len = len;
			printf("one-page PDF with 2 subset faces: %zu bytes\n", len);
			CHECK(len < 30000);
		} else {
			CHECK(len == first_len && data && memcmp(first, data, len) == 0);
			free(data);
		}
	}
	snprintf(path, sizeof path, "%s/out0.pdf", dir);
	snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
	char *s = run(cmd);
	CHECK(s && strstr(s, "No syntax or stream encoding errors found"));
	free(s);
	snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", path);
	s = run(cmd);
	CHECK(s != NULL);
	if (s) {
		int lines = 0;
		for (char *l = strtok(s, "\n"); l; l = strtok(NULL, "\n")) {
			if (!strstr(l, "CID TrueType"))
				continue;
			lines++;
			/* name+subset tag, "Identity-H", emb yes, sub yes, uni yes */
			CHECK(l[6] == '+');
			CHECK(strstr(l, " Identity-H ") && strstr(l, " yes yes yes "));
			CHECK(!strchr(l, ',')); /* no libharu ",Bold" style suffix */
		}
		CHECK(lines == 2);
	}
	free(s);
	snprintf(cmd, sizeof cmd, "pdftotext -q -enc UTF-8 '%s' - 2>&1", path);
	s = run(cmd);
	CHECK(s && strstr(s, sample_regular) && strstr(s, sample_bold));
	free(s);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' /dev/null 2>&1", path);
	s = run(cmd);
	CHECK_STR(s, ""); /* poppler prints no warning */
	free(s);
	snprintf(cmd, sizeof cmd,
	         "qpdf --qdf --object-streams=disable '%s' '%s/qdf.pdf' && "
	         "grep -c -a -e begincidrange -e 'Identity-H)' '%s/qdf.pdf'; true",
	         path, dir, dir);
	s = run(cmd);
	CHECK_STR(s, "0\n");
	free(s);
	snprintf(cmd, sizeof cmd, "grep -a -c -e 'beginbfrange' -e 'beginbfchar' '%s/qdf.pdf'",
	         dir);
	s = run(cmd);
	CHECK(s && atoi(s) >= 2);
	free(s);
	if (getenv("KEEP")) {
		fprintf(stderr, "kept %s\n", dir);
	} else {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0);
	}
	free(first);
	cv_fonts_free(f);
}

/*
 * Many characters: the ToUnicode map needs several blocks and ranges that
 * stop at 256-code boundaries; every character still extracts exactly.
 */
static void test_many_chars(void)
{
	struct cv_fonts *f = open_one(FONTS "NotoSans-Regular.ttf");
	CHECK(f != NULL);
	if (!f)
		return;
	struct cv_buf lines[64] = {{0}};
	size_t nlines = 0, inline_ = 0, total = 0;
	for (uint32_t cp = 0x21; cp < 0x500 && nlines < 64; cp++) {
		if ((cp >= 0x300 && cp < 0x370) || (cp >= 0x483 && cp < 0x48A) ||
		    !cv_fonts_has(f, 0, 0, cp) || cp == 0xAD || (cp >= 0x7F && cp <= 0xA0))
			continue;
		if (cp % 3 == 0)
			continue; /* gaps: some single codes, some ranges (NBSP is left out:
			             extractors turn it into a space) */
		char u[4];
		cv_buf_put(&lines[nlines], u, cv_utf8_encode(cp, u));
		total++;
		if (++inline_ == 40) {
			nlines++;
			inline_ = 0;
		}
	}
	if (inline_)
		nlines++;
	CHECK(total > 400);
	for (size_t i = 0; i < nlines; i++)
		cv_fonts_use(f, 0, 0, lines[i].data, lines[i].len, NULL);
	char dir[] = "/tmp/folio-font-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256], cmd[1024];
	snprintf(path, sizeof path, "%s/many.pdf", dir);
	HPDF_Doc pdf = HPDF_New(error_handler, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Font font = cv_fonts_hpdf(f, pdf, 0, 0);
	CHECK(font != NULL);
	if (font) {
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, 9);
		for (size_t i = 0; i < nlines; i++)
			HPDF_Page_TextOut(page, 30, 800 - 14 * (float)i, lines[i].data);
		HPDF_Page_EndText(page);
		CHECK(HPDF_SaveToFile(pdf, path) == HPDF_OK);
	}
	HPDF_Free(pdf);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", path);
	char *s = run(cmd);
	CHECK(s != NULL);
	for (size_t i = 0; s && i < nlines; i++) {
		bool found = strstr(s, lines[i].data) != NULL;
		CHECK(found);
		if (!found)
			fprintf(stderr, "  line %zu not extracted: %s\n", i, lines[i].data);
	}
	free(s);
	/* Every bfrange stays inside one 256-code block; blocks hold <= 100 entries. */
	snprintf(cmd, sizeof cmd,
	         "qpdf --qdf --object-streams=disable '%s' '%s/q.pdf' && "
	         "awk '/beginbf(char|range)/ { n = $1; if (n > 100) bad++; c = 0; in_ = 1; next } "
	         "/endbf(char|range)/ { if (c != n) bad++; in_ = 0; ranges += c; next } "
	         "in_ { c++; if (NF == 3 && substr($1, 2, 2) != substr($2, 2, 2)) bad++ } "
	         "END { print bad + 0, ranges + 0 }' '%s/q.pdf'",
	         path, dir, dir);
	s = run(cmd);
	int bad = -1, entries = 0;
	CHECK(s && sscanf(s, "%d %d", &bad, &entries) == 2);
	CHECK(bad == 0);
	CHECK(entries > 100);
	free(s);
	if (!getenv("KEEP")) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0);
	}
	for (size_t i = 0; i < CV_COUNT(lines); i++)
		cv_buf_free(&lines[i]);
	cv_fonts_free(f);
}

/*
 * A tracked face draws each glyph with exactly its width plus the tracking:
 * the widened subset's widths as libharu reads them, plus the adjustment
 * cv_fonts_shape_tracked gives, equal the plain face's widths plus the
 * tracking plus kerning, for 1000, 2000 and 2048 units per em, negative
 * tracking (advances cut at 0) and a tracking of a whole em.
 */
static void test_tracked(void)
{
	static const char *const files[] = {FONTS "NotoSans-Bold.ttf", FONTS "Lato-Bold.ttf",
	                                    FONTS "Roboto-Bold.ttf"};
	static const int trackings[] = {100, 153, -200, 1000};
	const char *text = "RESEARCH AVATAR Wöjcik, to wit: ijk.";
	for (size_t fi = 0; fi < CV_COUNT(files); fi++) {
		struct cv_fonts *f = open_one(files[fi]);
		CHECK(f != NULL);
		if (!f)
			continue;
		cv_fonts_use(f, 0, 0, text, strlen(text), NULL);
		for (size_t ti = 0; ti < CV_COUNT(trackings); ti++)
			cv_fonts_use_tracked(f, 0, 0, trackings[ti], text, strlen(text), NULL);
		HPDF_Doc pdf = HPDF_New(error_handler, NULL);
		HPDF_Font plain = cv_fonts_hpdf(f, pdf, 0, 0);
		CHECK(plain != NULL);
		for (size_t ti = 0; plain && ti < CV_COUNT(trackings); ti++) {
			int t = trackings[ti];
			HPDF_Font tracked = cv_fonts_hpdf_tracked(f, pdf, 0, 0, t);
			CHECK(tracked != NULL && tracked != plain);
			CHECK(cv_fonts_hpdf_tracked(f, pdf, 0, 0, t) == tracked);
			if (!tracked)
				continue;
			uint32_t cps[64], cps0[64];
			int kern[64], kern0[64];
			size_t n =
			    cv_fonts_shape_tracked(f, 0, 0, t, text, strlen(text), cps, kern, 64);
			size_t n0 = cv_fonts_shape(f, 0, 0, text, strlen(text), cps0, kern0, 64);
			CHECK(n == n0 && n > 30);
			size_t bad = 0;
			for (size_t i = 0; i < n && i < n0; i++) {
				char ch[8];
				size_t len = cv_utf8_encode(cps[i], ch);
				HPDF_TextWidth w1 = HPDF_Font_TextWidth(
				    tracked, (const HPDF_BYTE *)ch, (HPDF_UINT)len);
				HPDF_TextWidth w0 = HPDF_Font_TextWidth(
				    plain, (const HPDF_BYTE *)ch, (HPDF_UINT)len);
				if ((long)w1.width + kern[i] != (long)w0.width + t + kern0[i]) {
					if (!bad)
						fprintf(
						    stderr,
						    "%s, tracking %d, U+%04X: %u%+d != %u%+d%+d\n",
						    files[fi], t, (unsigned)cps[i],
						    (unsigned)w1.width, kern[i], (unsigned)w0.width,
						    t, kern0[i]);
					bad++;
				}
			}
			CHECK(bad == 0);
		}
		HPDF_Free(pdf);
		cv_fonts_free(f);
	}
}

int main(void)
{
	test_metrics();
	test_use_warnings();
	test_bad_fonts();
	test_pdf();
	test_many_chars();
	test_tracked();
	return TEST_RESULT();
}
