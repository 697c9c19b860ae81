/*
 * Kerning read from the font (pdf/kern.c) against HarfBuzz shaping: every
 * ordered pair of Latin, Greek, Cyrillic and punctuation characters in the
 * shipped fonts gives the same 1/1000 em adjustment both ways, through the
 * reader and through cv_fonts_shape; fonts reduced to a legacy 'kern'
 * table or to no GPOS agree too; truncated and bit-flipped tables are read
 * without crashing (run under the Asan build).
 */
#include <hb-ot.h>
#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "layout.h"
#include "pdf/font.h"
#include "pdf/kern.h"
#include "sfnt.h"
#include "util.h"

#define FONTS FOLIO_SOURCE_DIR "/fonts/"
#define MISMATCHES_SHOWN 10

static const char *const font_files[] = {
    "NotoSerif-Regular.ttf",    "NotoSerif-Bold.ttf",      "NotoSerif-Italic.ttf",
    "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf",    "NotoSans-Bold.ttf",
    "NotoSans-Italic.ttf",      "NotoSans-BoldItalic.ttf", "NotoSansMono-Regular.ttf",
    "NotoSansMono-Bold.ttf",
};

/* Character ranges of the pair test (those a font lacks are skipped). */
static const uint32_t ranges[][2] = {
    {0x0020, 0x007E}, /* Basic Latin */
    {0x00A0, 0x00FF}, /* Latin-1 (with U+00AD, a default ignorable) */
    {0x0100, 0x017F}, /* Latin Extended-A */
    {0x02B0, 0x02FF}, /* spacing modifier letters (some are GDEF marks) */
    {0x0300, 0x0304}, /* a few combining marks */
    {0x0370, 0x03FF}, /* Greek */
    {0x0400, 0x04FF}, /* Cyrillic (with its combining marks) */
    {0x2010, 0x2027}, /* dashes, quotes, bullets */
    {0x2030, 0x203A}, /* per mille, primes, guillemets */
    {0x2044, 0x2044}, /* fraction slash */
    {0x20AC, 0x20AC}, /* euro */
    {0x2122, 0x2122}, /* trade mark */
};

/* ---- the reference: HarfBuzz shaping as font.c's shape_kern ---------- */

struct ref {
	hb_face_t *face;
	hb_font_t *font;
	hb_buffer_t *buf;
	hb_shape_plan_t *plan[8];
	hb_script_t plan_script[8];
	size_t nplans;
	unsigned upem;
};

static void ref_open(struct ref *r, const char *data, size_t len)
{
	memset(r, 0, sizeof *r);
	hb_blob_t *blob = hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	r->face = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	r->upem = hb_face_get_upem(r->face);
	r->font = hb_font_create(r->face);
	hb_font_set_scale(r->font, (int)r->upem, (int)r->upem);
	r->buf = hb_buffer_create();
}

static void ref_close(struct ref *r)
{
	for (size_t i = 0; i < r->nplans; i++)
		hb_shape_plan_destroy(r->plan[i]);
	hb_buffer_destroy(r->buf);
	hb_font_destroy(r->font);
	hb_face_destroy(r->face);
}

/* As font.c: a change of advance [font units] as [1/1000 em], clamped. */
static int units(unsigned upem, long delta)
{
	if (delta == 0)
		return 0;
	long k = lround((double)delta * 1000.0 / upem);
	return k < -1000 ? -1000 : k > 1000 ? 1000 : (int)k;
}

/* The features of shape_kern: 'kern' on, the other optional ones off. */
static const hb_feature_t features[] = {
    {HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1},
    {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
    {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
    {HB_TAG('c', 'c', 'm', 'p'), 0, 0, (unsigned)-1},
    {HB_TAG('l', 'o', 'c', 'l'), 0, 0, (unsigned)-1},
    {HB_TAG('r', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    {HB_TAG('r', 'c', 'l', 't'), 0, 0, (unsigned)-1},
    {HB_TAG('m', 'a', 'r', 'k'), 0, 0, (unsigned)-1},
    {HB_TAG('m', 'k', 'm', 'k'), 0, 0, (unsigned)-1},
};

/* [1/1000 em] from shaping "ab", exactly as shape_kern computed it. */
static int ref_kern(struct ref *r, uint32_t a, uint32_t b)
{
	hb_codepoint_t ga, gb;
	if (!hb_font_get_nominal_glyph(r->font, a, &ga) ||
	    !hb_font_get_nominal_glyph(r->font, b, &gb))
		return 0;
	hb_buffer_clear_contents(r->buf);
	hb_buffer_add(r->buf, a, 0);
	hb_buffer_add(r->buf, b, 1);
	hb_buffer_set_content_type(r->buf, HB_BUFFER_CONTENT_TYPE_UNICODE);
	hb_buffer_set_direction(r->buf, HB_DIRECTION_LTR);
	hb_buffer_set_language(r->buf, hb_language_from_string("und", -1));
	hb_buffer_guess_segment_properties(r->buf);
	hb_segment_properties_t props;
	hb_buffer_get_segment_properties(r->buf, &props);
	hb_shape_plan_t *plan = NULL;
	for (size_t i = 0; i < r->nplans && !plan; i++)
		if (r->plan_script[i] == props.script)
			plan = r->plan[i];
	if (!plan) {
		plan = hb_shape_plan_create_cached(r->face, &props, features, CV_COUNT(features),
		                                   NULL);
		if (r->nplans == CV_COUNT(r->plan))
			abort();
		r->plan[r->nplans] = plan;
		r->plan_script[r->nplans++] = props.script;
	}
	hb_shape_plan_execute(plan, r->font, r->buf, features, CV_COUNT(features));
	unsigned n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(r->buf, &n);
	hb_glyph_position_t *p = hb_buffer_get_glyph_positions(r->buf, NULL);
	if (n != 2 || info[0].codepoint != ga || info[1].codepoint != gb)
		return 0;
	return units(r->upem, (long)p[0].x_advance + p[1].x_advance -
	                          hb_font_get_glyph_h_advance(r->font, ga) -
	                          hb_font_get_glyph_h_advance(r->font, gb));
}

static int32_t advance(void *font, uint32_t g)
{
	return hb_font_get_glyph_h_advance(font, g);
}

/* The reader's answer in [1/1000 em]; false if it declines. */
static bool reader_kern(struct cv_kern *k, struct ref *r, uint32_t a, uint32_t b, int *out)
{
	hb_codepoint_t ga, gb;
	if (!hb_font_get_nominal_glyph(r->font, a, &ga) ||
	    !hb_font_get_nominal_glyph(r->font, b, &gb))
		return *out = 0, true;
	int32_t delta;
	if (!cv_kern_pair(k, a, b, ga, gb, advance, r->font, &delta))
		return false;
	*out = units(r->upem, delta);
	return true;
}

/* The characters of ranges[] the font maps to a glyph; returns the count. */
static size_t font_chars(struct ref *r, uint32_t *cps, size_t max, bool latin_only)
{
	size_t n = 0;
	for (size_t i = 0; i < CV_COUNT(ranges); i++) {
		if (latin_only && ranges[i][0] >= 0x0300)
			break;
		for (uint32_t c = ranges[i][0]; c <= ranges[i][1] && n < max; c++) {
			hb_codepoint_t g;
			if (hb_font_get_nominal_glyph(r->font, c, &g) && g != 0)
				cps[n++] = c;
		}
	}
	return n;
}

struct tally {
	size_t pairs, declined, kerned, bad;
};

static void mismatch(struct tally *t, const char *what, const char *font, uint32_t a, uint32_t b,
                     int got, int want)
{
	if (t->bad++ < MISMATCHES_SHOWN)
		fprintf(stderr, "%s: %s: U+%04X U+%04X: %d, HarfBuzz shaping %d\n", font, what,
		        (unsigned)a, (unsigned)b, got, want);
}

/* Every ordered pair: the reader (where it answers) against shaping. */
static void compare_reader(const char *name, const char *data, size_t len, bool latin_only,
                           struct tally *t)
{
	struct ref r;
	ref_open(&r, data, len);
	struct cv_kern *k = cv_kern_new(data, len);
	static uint32_t cps[1024];
	size_t n = font_chars(&r, cps, CV_COUNT(cps), latin_only);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			int want = ref_kern(&r, cps[i], cps[j]), got;
			t->pairs++;
			t->kerned += want != 0;
			if (!reader_kern(k, &r, cps[i], cps[j], &got))
				t->declined++;
			else if (got != want)
				mismatch(t, "reader", name, cps[i], cps[j], got, want);
		}
	}
	cv_kern_free(k);
	ref_close(&r);
}

/* Every ordered pair through cv_fonts_shape (pair_kern) against shaping. */
static void compare_fonts(const char *path, const char *data, size_t len, struct tally *t)
{
	static struct cv_font_family fam;
	static struct cv_layout layout;
	memset(&fam, 0, sizeof fam);
	fam.name = "x";
	for (int k = 0; k < 4; k++)
		fam.file[k] = path;
	layout.families = &fam;
	layout.nfamilies = 1;
	struct cv_fonts *f = cv_fonts_open(&layout);
	CHECK(f != NULL);
	if (!f)
		return;
	struct ref r;
	ref_open(&r, data, len);
	static uint32_t cps[1024];
	size_t n = font_chars(&r, cps, CV_COUNT(cps), false);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			char text[8];
			size_t m = cv_utf8_encode(cps[i], text);
			m += cv_utf8_encode(cps[j], text + m);
			uint32_t out[2];
			int kern[2] = {0, 0};
			size_t got = cv_fonts_shape(f, 0, 0, text, m, out, kern, 2);
			int want = ref_kern(&r, cps[i], cps[j]);
			t->pairs++;
			if (got != 2 || kern[0] != want)
				mismatch(t, "cv_fonts_shape", path, cps[i], cps[j],
				         got == 2 ? kern[0] : 9999, want);
		}
	}
	ref_close(&r);
	cv_fonts_free(f);
}

/* ---- fonts rebuilt from the tables of a shipped one ----------------- */

/* A format 0 'kern' table kerning every pair of the glyphs of "AVTWYoa.,"
 * by an amount made up from the pair. */
static char *make_kern(struct ref *r, size_t *len)
{
	static const char chars[] = "AVTWYoa.,";
	uint32_t g[sizeof chars - 1];
	size_t ng = 0;
	for (size_t i = 0; i + 1 < sizeof chars; i++) {
		hb_codepoint_t x;
		if (hb_font_get_nominal_glyph(r->font, (unsigned char)chars[i], &x))
			g[ng++] = x;
	}
	/* Sort the glyphs so that the pairs come out sorted. */
	for (size_t i = 1; i < ng; i++)
		for (size_t j = i; j > 0 && g[j - 1] > g[j]; j--) {
			uint32_t x = g[j];
			g[j] = g[j - 1];
			g[j - 1] = x;
		}
	size_t npairs = ng * ng;
	*len = 4 + 14 + 6 * npairs;
	char *d = x_calloc(*len, 1);
	put16(d + 2, 1);      /* one subtable */
	put16(d + 6, 0);      /* its length: the last one may say anything */
	put16(d + 8, 0x0001); /* format 0, horizontal */
	put16(d + 10, (unsigned)npairs);
	size_t k = 0;
	for (size_t i = 0; i < ng; i++)
		for (size_t j = 0; j < ng; j++, k++) {
			char *p = d + 18 + 6 * k;
			put16(p, g[i]);
			put16(p + 2, g[j]);
			put16(p + 4, (unsigned)(uint16_t)(int16_t)(-(int)(7 * i + 3 * j) - 5));
		}
	put16(d + 6, (unsigned)(*len - 4 < 0xFFFF ? *len - 4 : 0xFFFF));
	return d;
}

/* A GDEF classing every glyph a base but those of "o.V", which are marks of
 * attachment classes 1, 2, 1 (and "T", a ligature). */
static char *make_gdef(struct ref *r, size_t *len)
{
	unsigned n = hb_face_get_glyph_count(r->face);
	*len = 12 + 6 + 2 * (size_t)n + 6 + 2 * (size_t)n;
	char *d = x_calloc(*len, 1);
	put32(d, 0x00010000u);
	put16(d + 4, 12);                      /* glyph classes */
	put16(d + 10, (unsigned)(18 + 2 * n)); /* mark attachment classes */
	char *gc = d + 12, *mc = d + 18 + 2 * (size_t)n;
	put16(gc, 1);
	put16(gc + 4, n);
	put16(mc, 1);
	put16(mc + 4, n);
	for (unsigned g = 0; g < n; g++)
		put16(gc + 6 + 2 * (size_t)g, 1);
	static const struct {
		char c;
		unsigned klass, attach;
	} special[] = {{'o', 3, 1}, {'.', 3, 2}, {'V', 3, 1}, {'T', 2, 0}};
	for (size_t i = 0; i < CV_COUNT(special); i++) {
		hb_codepoint_t g;
		if (hb_font_get_nominal_glyph(r->font, (unsigned char)special[i].c, &g) && g < n) {
			put16(gc + 6 + 2 * (size_t)g, special[i].klass);
			put16(mc + 6 + 2 * (size_t)g, special[i].attach);
		}
	}
	return d;
}

/* Fonts with a legacy 'kern' table instead of GPOS, without GPOS, without
 * GDEF, or with a GDEF that makes marks of letters: reader and shaping
 * agree on every Latin pair. */
static void test_variants(void)
{
	char *font = NULL;
	size_t flen = 0;
	CHECK(cv_file_read(FONTS "NotoSerif-Regular.ttf", 64u << 20, &font, &flen) == 0);
	if (!font)
		return;
	struct ref r;
	ref_open(&r, font, flen);
	size_t klen;
	char *kern = make_kern(&r, &klen);
	size_t glen;
	char *gdef = make_gdef(&r, &glen);
	ref_close(&r);
	const struct table kt = {TAG('k', 'e', 'r', 'n'), kern, klen};
	const struct table gt = {TAG('G', 'D', 'E', 'F'), gdef, glen};
	const struct {
		const char *name, *drop;
		const struct table *extra;
		bool kerns;
	} variants[] = {
	    {"no GPOS, kern table", "GPOS", &kt, true},
	    {"no GPOS, no GDEF, kern table", "GPOSGDEF", &kt, true},
	    {"GPOS and kern table", "", &kt, true},
	    {"no GPOS", "GPOS", NULL, false},
	    {"no GPOS, no GDEF", "GPOSGDEF", NULL, false},
	    {"GDEF with marks", "GDEF", &gt, true},
	    {"GDEF with marks, no GPOS", "GDEFGPOS", &gt, true},
	};
	for (size_t v = 0; v < CV_COUNT(variants); v++) {
		size_t len;
		char *d = rebuild(font, variants[v].drop, variants[v].extra, &len);
		struct tally t = {0};
		compare_reader(variants[v].name, d, len, true, &t);
		printf("%s: %zu pairs, %zu kerned, %zu declined, %zu wrong\n", variants[v].name,
		       t.pairs, t.kerned, t.declined, t.bad);
		CHECK(t.bad == 0);
		CHECK(t.kerned > 0 || !variants[v].kerns);
		CHECK(t.declined < t.pairs / 10);
		x_free(d);
	}
	x_free(kern);
	x_free(gdef);
	x_free(font);
}

/* ---- damaged tables -------------------------------------------------- */

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static const uint32_t poke_chars[] = {'A',   'V',   'T',   'o',   'y',   '.',   ',',  '1',
                                      0x391, 0x3A5, 0x3BF, 0x410, 0x427, 0x43E, 0xC5, 0xE9};
static size_t poked_fonts, poked_kerned;

static int32_t fixed_advance(void *ctx, uint32_t g)
{
	(void)ctx;
	return (int32_t)(g % 1000);
}

/* Ask a damaged font for every pair of poke_chars (glyphs g): it must
 * answer or decline without harm. */
static void poke(const char *d, size_t len, const uint32_t *g)
{
	struct cv_kern *k = cv_kern_new(d, len);
	bool kerned = false;
	for (size_t i = 0; i < CV_COUNT(poke_chars); i++)
		for (size_t j = 0; j < CV_COUNT(poke_chars); j++) {
			int32_t delta = 0;
			if (cv_kern_pair(k, poke_chars[i], poke_chars[j], g[i], g[j], fixed_advance,
			                 NULL, &delta))
				kerned = kerned || delta != 0;
		}
	cv_kern_free(k);
	poked_fonts++;
	poked_kerned += kerned;
}

/* Truncations of the first 4 KB of a table and random byte flips in it. */
static void test_damage(const char *file, uint32_t victim, size_t flips)
{
	char *font = NULL;
	size_t flen = 0;
	CHECK(cv_file_read(file, 64u << 20, &font, &flen) == 0);
	if (!font)
		return;
	struct table t[64];
	size_t n = read_tables(font, t, 64), vi = n;
	for (size_t i = 0; i < n; i++)
		if (t[i].tag == victim)
			vi = i;
	CHECK(vi < n);
	if (vi == n) {
		x_free(font);
		return;
	}
	struct ref r;
	ref_open(&r, font, flen);
	uint32_t g[CV_COUNT(poke_chars)];
	for (size_t i = 0; i < CV_COUNT(poke_chars); i++) {
		hb_codepoint_t x = 0;
		hb_font_get_nominal_glyph(r.font, poke_chars[i], &x);
		g[i] = x;
	}
	ref_close(&r);
	/* The layout tables only, the victim last: the buffer ends with it. */
	struct table lt[4];
	size_t nl = 0;
	static const uint32_t keep[] = {TAG('G', 'D', 'E', 'F'), TAG('G', 'P', 'O', 'S'),
	                                TAG('G', 'S', 'U', 'B'), TAG('k', 'e', 'r', 'n')};
	for (size_t k = 0; k < CV_COUNT(keep); k++)
		for (size_t i = 0; i < n; i++)
			if (t[i].tag == keep[k] && i != vi)
				lt[nl++] = t[i];
	lt[nl++] = t[vi];
	struct table full = t[vi];
	for (size_t cut = 0; cut <= 4096 && cut <= full.len; cut++) {
		lt[nl - 1].len = cut;
		size_t len;
		char *d = build_sfnt(lt, nl, &len);
		poke(d, len, g);
		x_free(d);
	}
	lt[nl - 1].len = full.len;
	char *copy = x_malloc(full.len);
	for (size_t f = 0; f < flips; f++) {
		memcpy(copy, full.data, full.len);
		size_t nflips = 1 + rng() % 8;
		/* Mostly in the headers and lists at the start, where offsets live. */
		size_t span = rng() % 4 ? (full.len < 2048 ? full.len : 2048) : full.len;
		for (size_t i = 0; i < nflips; i++) {
			size_t at = rng() % span;
			copy[at] = rng() % 2 ? (char)(copy[at] ^ (1 << rng() % 8)) : (char)rng();
		}
		lt[nl - 1].data = copy;
		size_t len;
		char *d = build_sfnt(lt, nl, &len);
		poke(d, len, g);
		x_free(d);
	}
	x_free(copy);
	x_free(font);
}

int main(void)
{
	for (size_t i = 0; i < CV_COUNT(font_files); i++) {
		char path[512];
		snprintf(path, sizeof path, "%s%s", FONTS, font_files[i]);
		char *data = NULL;
		size_t len = 0;
		CHECK(cv_file_read(path, 64u << 20, &data, &len) == 0);
		if (!data)
			continue;
		struct tally t = {0}, s = {0};
		compare_reader(font_files[i], data, len, false, &t);
		compare_fonts(path, data, len, &s);
		printf("%s: %zu pairs, %zu kerned, %zu declined (shaped), %zu wrong; "
		       "cv_fonts_shape: %zu wrong\n",
		       font_files[i], t.pairs, t.kerned, t.declined, t.bad, s.bad);
		CHECK(t.bad == 0);
		CHECK(s.bad == 0);
		/* the proportional faces kern thousands of pairs; the monospaced none */
		CHECK(strstr(font_files[i], "Mono") ? t.kerned == 0 : t.kerned > 1000);
		/* Only pairs with marks, U+00AD or U+2044 are left to shaping. */
		CHECK(t.declined < t.pairs / 10);
		x_free(data);
	}
	test_variants();
	test_damage(FONTS "NotoSans-Regular.ttf", TAG('G', 'P', 'O', 'S'), 3000);
	test_damage(FONTS "NotoSerif-Italic.ttf", TAG('G', 'P', 'O', 'S'), 2000);
	test_damage(FONTS "NotoSans-Bold.ttf", TAG('G', 'D', 'E', 'F'), 1000);
	printf("damaged tables: %zu fonts read, %zu of them still kern\n", poked_fonts,
	       poked_kerned);
	CHECK(poked_kerned > poked_fonts / 4); /* the damage reached the lookups */
	return TEST_RESULT();
}
