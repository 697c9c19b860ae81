/*
 * Icons: folio's names resolve to glyphs of the bundled Font Awesome fonts
 * with plausible outlines; TrueType contours (implied on-curve points,
 * off-curve starts, composites) become exactly the cubic path they describe,
 * checked on fonts built here; damaged and hostile fonts are refused with a
 * message and never read out of bounds; unknown names get a hint.
 */
#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "icon.h"
#include "msg.h"
#include "paths.h"
#include "pdf/sfnt_check.h"
#include "schema.h"
#include "sfnt.h"
#include "util.h"

#define FONTS FOLIO_SOURCE_DIR "/fonts/"

static struct cv_arena *arena;
static struct cv_icons *icons;
static FILE *msg_log;
static const struct cv_pos where = {"profile.yaml", 7, 3};

/* A fresh cache (and arena); messages since go to msg_log only. */
static void fresh(void)
{
	cv_icons_free(icons);
	if (arena)
		cv_arena_free(arena);
	arena = cv_arena_new();
	icons = cv_icons_new(arena);
	cv_msg_reset();
	if (msg_log)
		fclose(msg_log);
	msg_log = tmpfile();
	cv_msg_set_stream(msg_log);
}

/* Everything printed since fresh() (static buffer). */
static const char *messages(void)
{
	static char buf[8192];
	fflush(msg_log);
	rewind(msg_log);
	size_t n = fread(buf, 1, sizeof buf - 1, msg_log);
	buf[n] = '\0';
	fseek(msg_log, 0, SEEK_END);
	return buf;
}

/* ---- building fonts ------------------------------------------------------ */

struct gpt {
	int x, y;
	bool on;
};

#define FB_MAX 600

struct fb {
	unsigned upem;
	int post; /* 1, 2 or 3 */
	size_t n;
	struct cv_buf glyf;
	uint32_t loca[FB_MAX + 1];
	unsigned adv[FB_MAX];
	const char *name[FB_MAX]; /* post 2: a custom name, or NULL for mac[] */
	int mac[FB_MAX];          /* post 2: standard name number */
	uint32_t cp[8];           /* cmap: code points, ascending */
	unsigned cp_gid[8];
	size_t ncp;
	bool glyf_last; /* glyf ends the file (a directory out of order) */
};

static void fb_init(struct fb *b, unsigned upem, int post)
{
	memset(b, 0, sizeof *b);
	b->upem = upem;
	b->post = post;
}

static void fb_glyph(struct fb *b, const void *bytes, size_t len, unsigned adv, const char *name)
{
	b->loca[b->n] = (uint32_t)b->glyf.len;
	cv_buf_put(&b->glyf, bytes, len);
	b->adv[b->n] = adv;
	b->name[b->n] = name;
	b->mac[b->n] = 0;
	b->n++;
	b->loca[b->n] = (uint32_t)b->glyf.len;
}

static void put16b(struct cv_buf *o, unsigned v)
{
	char c[2];
	put16(c, v);
	cv_buf_put(o, c, 2);
}

static void put32b(struct cv_buf *o, uint32_t v)
{
	char c[4];
	put32(c, v);
	cv_buf_put(o, c, 4);
}

/* A simple glyph of the points p[0..n) with contours ending at ends[0..nc);
 * repeat: compress equal flags with the repeat bit. */
static void simple_glyph(struct cv_buf *o, const struct gpt *p, size_t n, const unsigned *ends,
                         size_t nc, bool repeat)
{
	int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || p[i].x < x0)
			x0 = p[i].x;
		if (i == 0 || p[i].x > x1)
			x1 = p[i].x;
		if (i == 0 || p[i].y < y0)
			y0 = p[i].y;
		if (i == 0 || p[i].y > y1)
			y1 = p[i].y;
	}
	put16b(o, (unsigned)nc);
	put16b(o, (unsigned)(x0 & 0xFFFF));
	put16b(o, (unsigned)(y0 & 0xFFFF));
	put16b(o, (unsigned)(x1 & 0xFFFF));
	put16b(o, (unsigned)(y1 & 0xFFFF));
	for (size_t i = 0; i < nc; i++)
		put16b(o, ends[i]);
	put16b(o, 0); /* no instructions */
	unsigned char *flags = x_malloc(n ? n : 1);
	int px = 0, py = 0;
	for (size_t i = 0; i < n; i++) {
		int dx = p[i].x - px, dy = p[i].y - py;
		unsigned char f = p[i].on ? 1 : 0;
		if (dx == 0)
			f |= 0x10;
		else if (abs(dx) < 256)
			f |= 0x02 | (dx > 0 ? 0x10 : 0);
		if (dy == 0)
			f |= 0x20;
		else if (abs(dy) < 256)
			f |= 0x04 | (dy > 0 ? 0x20 : 0);
		flags[i] = f;
		px = p[i].x;
		py = p[i].y;
	}
	for (size_t i = 0; i < n;) {
		size_t run = 1;
		while (repeat && i + run < n && flags[i + run] == flags[i] && run < 256)
			run++;
		if (run > 1) {
			cv_buf_putc(o, (char)(flags[i] | 8));
			cv_buf_putc(o, (char)(run - 1));
		} else {
			cv_buf_putc(o, (char)flags[i]);
		}
		i += run;
	}
	for (int axis = 0; axis < 2; axis++) {
		int prev = 0;
		for (size_t i = 0; i < n; i++) {
			int v = axis ? p[i].y : p[i].x, d = v - prev;
			prev = v;
			if (d == 0)
				continue;
			if (abs(d) < 256)
				cv_buf_putc(o, (char)abs(d));
			else
				put16b(o, (unsigned)(d & 0xFFFF));
		}
	}
	x_free(flags);
}

static void fb_simple(struct fb *b, const struct gpt *p, size_t n, const unsigned *ends, size_t nc,
                      unsigned adv, const char *name)
{
	struct cv_buf o = {0};
	simple_glyph(&o, p, n, ends, nc, false);
	fb_glyph(b, o.data, o.len, adv, name);
	cv_buf_free(&o);
}

static void cmap_table(const struct fb *b, struct cv_buf *o)
{
	size_t nbmp = 0;
	for (size_t i = 0; i < b->ncp; i++)
		nbmp += b->cp[i] <= 0xFFFF;
	struct cv_buf f4 = {0}, f12 = {0};
	/* format 4: even segments by idDelta, odd ones through glyphIdArray;
	 * format 12 (searched first) only beyond the BMP */
	size_t seg = nbmp + 1;
	put16b(&f4, 4);
	put16b(&f4, 0); /* length, below */
	put16b(&f4, 0);
	put16b(&f4, (unsigned)(2 * seg));
	put16b(&f4, 0);
	put16b(&f4, 0);
	put16b(&f4, 0);
	for (size_t i = 0; i < nbmp; i++)
		put16b(&f4, b->cp[i]);
	put16b(&f4, 0xFFFF);
	put16b(&f4, 0);
	for (size_t i = 0; i < nbmp; i++)
		put16b(&f4, b->cp[i]);
	put16b(&f4, 0xFFFF);
	for (size_t i = 0; i < nbmp; i++)
		put16b(&f4, i % 2 ? 0 : (b->cp_gid[i] - b->cp[i]) & 0xFFFF);
	put16b(&f4, 1);
	size_t j = 0;
	for (size_t i = 0; i < nbmp; i++)
		put16b(&f4, i % 2 ? (unsigned)(2 * (seg - i) + 2 * j++) : 0);
	put16b(&f4, 0);
	for (size_t i = 1; i < nbmp; i += 2)
		put16b(&f4, b->cp_gid[i]);
	put16(f4.data + 2, (unsigned)f4.len);
	put16b(&f12, 12);
	put16b(&f12, 0);
	put32b(&f12, (uint32_t)(16 + 12 * (b->ncp - nbmp)));
	put32b(&f12, 0);
	put32b(&f12, (uint32_t)(b->ncp - nbmp));
	for (size_t i = nbmp; i < b->ncp; i++) {
		put32b(&f12, b->cp[i]);
		put32b(&f12, b->cp[i]);
		put32b(&f12, b->cp_gid[i]);
	}
	put16b(o, 0);
	put16b(o, 2);
	put16b(o, 3);
	put16b(o, 1);
	put32b(o, 20);
	put16b(o, 3);
	put16b(o, 10);
	put32b(o, (uint32_t)(20 + f4.len));
	cv_buf_put(o, f4.data, f4.len);
	cv_buf_put(o, f12.data, f12.len);
	cv_buf_free(&f4);
	cv_buf_free(&f12);
}

/* The font: cmap (if code points), glyf, head, hhea, hmtx, loca (long), maxp, post. */
static char *fb_build(struct fb *b, size_t *len)
{
	struct cv_buf head = {0}, hhea = {0}, hmtx = {0}, loca = {0}, maxp = {0}, post = {0},
	              cmap = {0};
	put32b(&head, 0x00010000);
	put32b(&head, 0x00010000);
	put32b(&head, 0);
	put32b(&head, 0x5F0F3CF5);
	put16b(&head, 0);
	put16b(&head, b->upem);
	for (int i = 0; i < 15; i++)
		put16b(&head, 0); /* dates, box, style, ppem, direction */
	put16b(&head, 1);         /* indexToLocFormat: long */
	put16b(&head, 0);
	put32b(&hhea, 0x00010000);
	for (int i = 0; i < 15; i++)
		put16b(&hhea, 0);
	put16b(&hhea, (unsigned)b->n);
	for (size_t i = 0; i < b->n; i++) {
		put16b(&hmtx, b->adv[i]);
		put16b(&hmtx, 0);
	}
	for (size_t i = 0; i <= b->n; i++)
		put32b(&loca, b->loca[i]);
	put32b(&maxp, 0x00005000);
	put16b(&maxp, (unsigned)b->n);
	put32b(&post, b->post == 1 ? 0x00010000 : b->post == 2 ? 0x00020000 : 0x00030000);
	for (int i = 0; i < 7; i++)
		put32b(&post, 0);
	if (b->post == 2) {
		put16b(&post, (unsigned)b->n);
		unsigned k = 258;
		for (size_t i = 0; i < b->n; i++)
			put16b(&post, b->name[i] ? k++ : (unsigned)b->mac[i]);
		for (size_t i = 0; i < b->n; i++) {
			if (!b->name[i])
				continue;
			cv_buf_putc(&post, (char)strlen(b->name[i]));
			cv_buf_puts(&post, b->name[i]);
		}
	}
	if (b->ncp)
		cmap_table(b, &cmap);
	struct table t[8];
	size_t n = 0;
	if (b->ncp)
		t[n++] = (struct table){TAG('c', 'm', 'a', 'p'), cmap.data, cmap.len};
	struct table glyf = {TAG('g', 'l', 'y', 'f'), b->glyf.data ? b->glyf.data : "",
	                     b->glyf.len};
	if (!b->glyf_last)
		t[n++] = glyf;
	t[n++] = (struct table){TAG('h', 'e', 'a', 'd'), head.data, head.len};
	t[n++] = (struct table){TAG('h', 'h', 'e', 'a'), hhea.data, hhea.len};
	t[n++] = (struct table){TAG('h', 'm', 't', 'x'), hmtx.data, hmtx.len};
	t[n++] = (struct table){TAG('l', 'o', 'c', 'a'), loca.data, loca.len};
	t[n++] = (struct table){TAG('m', 'a', 'x', 'p'), maxp.data, maxp.len};
	t[n++] = (struct table){TAG('p', 'o', 's', 't'), post.data, post.len};
	if (b->glyf_last)
		t[n++] = glyf;
	char *font = build_sfnt(t, n, len);
	cv_buf_free(&head);
	cv_buf_free(&hhea);
	cv_buf_free(&hmtx);
	cv_buf_free(&loca);
	cv_buf_free(&maxp);
	cv_buf_free(&post);
	cv_buf_free(&cmap);
	return font;
}

static void fb_free(struct fb *b)
{
	cv_buf_free(&b->glyf);
}

/* A writable view of table tag of font. */
static unsigned char *table_of(char *font, size_t len, uint32_t tag, size_t *n)
{
	struct cv_sfnt_tab t = cv_sfnt_table(font, len, tag);
	*n = t.n;
	return (unsigned char *)t.p;
}

/* glyph of font[0..len) through a fresh cache, the bytes copied to an exact-size buffer. */
static const struct cv_icon *try_font(const char *font, size_t len, const char *glyph)
{
	fresh();
	CHECK(cv_icons_add_font(icons, "t.ttf", font, len));
	return cv_icons_glyph(icons, "t.ttf", glyph, &where);
}

/* The outline is well formed: MOVE, LINE/CURVE..., CLOSE per contour, each
 * segment starting where the last ended, each contour closed where it began
 * (a CLOSE after a segment ending elsewhere would draw a straight line). */
static bool well_formed(const struct cv_icon *ic)
{
	double sx = 0, sy = 0, cx = 0, cy = 0;
	bool open = false;
	for (size_t i = 0; i < ic->nsegs; i++) {
		const struct cv_icon_seg *s = &ic->segs[i];
		switch (s->op) {
		case CV_ICON_MOVE:
			if (open)
				return false;
			open = true;
			sx = cx = s->x;
			sy = cy = s->y;
			break;
		case CV_ICON_LINE:
		case CV_ICON_CURVE:
			if (!open)
				return false;
			cx = s->x;
			cy = s->y;
			break;
		case CV_ICON_CLOSE:
			if (!open || cx != sx || cy != sy)
				return false;
			open = false;
			break;
		default:
			return false;
		}
		if (s->op != CV_ICON_CLOSE &&
		    (s->x < ic->xmin || s->x > ic->xmax || s->y < ic->ymin || s->y > ic->ymax))
			return false;
		if (s->op == CV_ICON_CURVE &&
		    (s->x1 < ic->xmin || s->x1 > ic->xmax || s->x2 < ic->xmin || s->x2 > ic->xmax ||
		     s->y1 < ic->ymin || s->y1 > ic->ymax || s->y2 < ic->ymin || s->y2 > ic->ymax))
			return false;
	}
	return !open;
}

/* ---- the bundled fonts --------------------------------------------------- */

static const struct {
	const char *name, *font, *glyph;
} required[] = {
    {"email", CV_ICON_FONT_SOLID, "envelope"},
    {"phone", CV_ICON_FONT_SOLID, "phone"},
    {"location", CV_ICON_FONT_SOLID, "location-dot"},
    {"website", CV_ICON_FONT_SOLID, "globe"},
    {"GitHub", CV_ICON_FONT_BRANDS, "github"},
    {"GitLab", CV_ICON_FONT_BRANDS, "gitlab"},
    {"LinkedIn", CV_ICON_FONT_BRANDS, "linkedin"},
    {"Google Scholar", CV_ICON_FONT_BRANDS, "google-scholar"},
    {"scholar", CV_ICON_FONT_BRANDS, "google-scholar"},
    {"ORCID", CV_ICON_FONT_BRANDS, "orcid"},
    {"X", CV_ICON_FONT_BRANDS, "x-twitter"},
    {"Twitter", CV_ICON_FONT_BRANDS, "x-twitter"},
    {"Mastodon", CV_ICON_FONT_BRANDS, "mastodon"},
    {"Stack Overflow", CV_ICON_FONT_BRANDS, "stack-overflow"},
    {"stackoverflow", CV_ICON_FONT_BRANDS, "stack-overflow"},
    {"calendar", CV_ICON_FONT_SOLID, "calendar"},
    {"briefcase", CV_ICON_FONT_SOLID, "briefcase"},
    {"graduation-cap", CV_ICON_FONT_SOLID, "graduation-cap"},
    {"book", CV_ICON_FONT_SOLID, "book"},
    {"award", CV_ICON_FONT_SOLID, "award"},
    {"trophy", CV_ICON_FONT_SOLID, "trophy"},
    {"globe", CV_ICON_FONT_SOLID, "globe"},
    {"language", CV_ICON_FONT_SOLID, "language"},
    {"code", CV_ICON_FONT_SOLID, "code"},
    {"user", CV_ICON_FONT_SOLID, "user"},
    {"link", CV_ICON_FONT_SOLID, "link"},
};

/* The box in glyph gid's glyf header, scaled to 1/1000 em (the font's own claim). */
static void header_box(const char *path, unsigned gid, double box[4])
{
	char *font = NULL;
	size_t len = 0;
	box[0] = box[1] = box[2] = box[3] = -99999;
	if (cv_file_read(path, 1u << 24, &font, &len) != 0)
		return;
	struct cv_sfnt_tab head = cv_sfnt_table(font, len, TAG('h', 'e', 'a', 'd')),
	                   loca = cv_sfnt_table(font, len, TAG('l', 'o', 'c', 'a')),
	                   glyf = cv_sfnt_table(font, len, TAG('g', 'l', 'y', 'f'));
	double k = 1000.0 / cv_sfnt_u16(&head, 18, 0);
	size_t off = cv_sfnt_u16(&head, 50, 0) ? cv_sfnt_u32(&loca, 4 * (size_t)gid, 0)
	                                       : 2 * (size_t)cv_sfnt_u16(&loca, 2 * (size_t)gid, 0);
	for (int i = 0; i < 4; i++)
		box[i] = (int16_t)cv_sfnt_u16(&glyf, off, 2 + 2 * (size_t)i) * k;
	free(font);
}

static void test_resolve(void)
{
	size_t n, nnet;
	const struct cv_icon_ref *all = cv_icon_names(&n);
	CHECK(n >= 26);
	for (size_t i = 0; i < n; i++) {
		CHECK(cv_icon_resolve(all[i].name) == &all[i]);
		CHECK(strcmp(all[i].font, CV_ICON_FONT_SOLID) == 0 ||
		      strcmp(all[i].font, CV_ICON_FONT_BRANDS) == 0);
	}
	/* every network a profile's links know, as the schema spells it */
	const struct cv_network_spec *nets = cv_schema_networks(&nnet);
	CHECK(nnet >= 8);
	for (size_t i = 0; i < nnet; i++) {
		const struct cv_icon_ref *r = cv_icon_resolve(nets[i].name);
		CHECK(r != NULL);
		if (r)
			CHECK_STR(r->font, CV_ICON_FONT_BRANDS);
		else
			fprintf(stderr, "  network without an icon: %s\n", nets[i].name);
	}
	for (size_t i = 0; i < CV_COUNT(required); i++) {
		const struct cv_icon_ref *r = cv_icon_resolve(required[i].name);
		CHECK(r != NULL);
		if (!r)
			continue;
		CHECK_STR(r->font, required[i].font);
		CHECK_STR(r->glyph, required[i].glyph);
	}
	const struct cv_icon_ref *so = cv_icon_resolve("STACK_OVERFLOW"),
	                         *gs = cv_icon_resolve("google scholar");
	CHECK_STR(so ? so->glyph : NULL, "stack-overflow");
	CHECK_STR(gs ? gs->glyph : NULL, "google-scholar");
	CHECK(cv_icon_resolve("house") == NULL); /* a Font Awesome name, not one of folio's */
	CHECK(cv_icon_resolve("") == NULL);
	CHECK(cv_icon_resolve(NULL) == NULL);
	char longer[200];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	CHECK(cv_icon_resolve(longer) == NULL);
}

static void test_required_icons(void)
{
	fresh();
	for (size_t i = 0; i < CV_COUNT(required); i++) {
		const struct cv_icon *ic = cv_icons_get(icons, required[i].name, &where);
		CHECK(ic != NULL);
		if (!ic) {
			fprintf(stderr, "  icon %s: %s", required[i].name, messages());
			continue;
		}
		CHECK_STR(ic->glyph, required[i].glyph);
		const char *file = strrchr(ic->font, '/') ? strrchr(ic->font, '/') + 1 : ic->font;
		CHECK_STR(file, required[i].font);
		CHECK(ic->nsegs >= 10);
		CHECK(well_formed(ic));
		/* Font Awesome: 512 units per em, icons 1/2 to 5/4 em wide, about
		 * 7/8 em above and 1/8 below the baseline */
		CHECK(ic->advance >= 500 && ic->advance <= 1300);
		CHECK(ic->xmax - ic->xmin >= 500 && ic->ymax - ic->ymin >= 500);
		CHECK(ic->xmin >= -50 && ic->xmax <= ic->advance + 50);
		CHECK(ic->ymin >= -200 && ic->ymax <= 900);
		double box[4];
		header_box(ic->font, ic->gid, box);
		CHECK(box[0] == ic->xmin && box[1] == ic->ymin && box[2] == ic->xmax &&
		      box[3] == ic->ymax);
	}
	CHECK(cv_msg_count(CV_NOTE) == 0);
	/* the same outline twice: built once */
	CHECK(cv_icons_get(icons, "email", NULL) == cv_icons_get(icons, "Email", NULL));
	CHECK(cv_icons_get(icons, "twitter", NULL) == cv_icons_get(icons, "x", NULL));
	/* any other Font Awesome name: Solid first, then Brands */
	const struct cv_icon *house = cv_icons_get(icons, "house", &where);
	const struct cv_icon *alt = cv_icons_get(icons, "GitHub Alt", &where);
	CHECK(house && strstr(house->font, CV_ICON_FONT_SOLID) && house->nsegs > 0);
	CHECK(alt && strstr(alt->font, CV_ICON_FONT_BRANDS) &&
	      strcmp(alt->glyph, "github-alt") == 0);
	/* a standard (Macintosh) name in a format 2 post table: "percent" is number 8 */
	const struct cv_icon *pc = cv_icons_get(icons, "percent", &where);
	CHECK(pc && pc->nsegs > 0);
	/* the cmap, for uniXXXX names: GitHub is U+F09B */
	const struct cv_icon *gh = cv_icons_get(icons, "github", NULL);
	const struct cv_icon *byc = gh ? cv_icons_glyph(icons, gh->font, "uniF09B", NULL) : NULL;
	CHECK(byc && byc->gid == gh->gid && byc->nsegs == gh->nsegs);
	CHECK(cv_msg_count(CV_NOTE) == 0);
}

/* Loading a dozen icons reads each font once: later lookups never touch the file. */
static void test_cache(void)
{
	char path[] = "/tmp/folio-icon-XXXXXX";
	int fd = mkstemp(path);
	char *font = NULL;
	size_t len = 0;
	CHECK(fd >= 0 && cv_file_read(FONTS CV_ICON_FONT_BRANDS, 1u << 24, &font, &len) == 0);
	CHECK(write(fd, font, len) == (ssize_t)len);
	close(fd);
	fresh();
	const struct cv_icon *a = cv_icons_glyph(icons, path, "github", &where);
	unlink(path);
	const struct cv_icon *b = cv_icons_glyph(icons, path, "gitlab", &where);
	const struct cv_icon *c = cv_icons_glyph(icons, path, "github", &where);
	CHECK(a && b && a == c && b->nsegs > 0);
	CHECK(cv_msg_count(CV_NOTE) == 0);
	/* a font added from memory under a known path is refused */
	CHECK(!cv_icons_add_font(icons, path, font, len));
	free(font);
}

static void test_unknown(void)
{
	fresh();
	CHECK(cv_icons_get(icons, "githb", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-unknown");
	CHECK_STR(messages(), "profile.yaml:7:3: error: unknown icon \"githb\" (did you mean "
	                      "\"github\"?)\n");
	/* hints come from the fonts' names too */
	fresh();
	CHECK(cv_icons_get(icons, "house-chimny", &where) == NULL);
	CHECK(strstr(messages(), "(did you mean \"house-chimney\"?)") != NULL);
	fresh();
	CHECK(cv_icons_get(icons, "linkdin", NULL) == NULL);
	CHECK_STR(messages(),
	          "folio: error: unknown icon \"linkdin\" (did you mean \"linkedin\"?)\n");
	fresh();
	CHECK(cv_icons_get(icons, "zzzzqqqq\n", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-unknown");
	CHECK_STR(messages(),
	          "profile.yaml:7:3: error: unknown icon \"zzzzqqqq\\n\" (folio's names are in "
	          "docs/icons.md; any Font Awesome Free solid or brands icon name works too)\n");
	/* glyph names are exact in cv_icons_glyph */
	fresh();
	CHECK(cv_icons_glyph(icons, FONTS CV_ICON_FONT_BRANDS, "GitHub", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-not-in-font");
	CHECK_STR(messages(), "profile.yaml:7:3: error: icon font \"" FONTS CV_ICON_FONT_BRANDS
	                      "\" has no glyph \"GitHub\"\n");
	CHECK(cv_icons_glyph(icons, FONTS CV_ICON_FONT_BRANDS, "uni0001", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-not-in-font");
}

static void test_unreadable(void)
{
	fresh();
	CHECK(cv_icons_glyph(icons, "/nonexistent/x.ttf", "github", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-font-unreadable");
	CHECK_STR(messages(),
	          "profile.yaml:7:3: error: cannot read icon font \"/nonexistent/x.ttf\": "
	          "No such file or directory\n");
	/* reported once */
	CHECK(cv_icons_glyph(icons, "/nonexistent/x.ttf", "gitlab", &where) == NULL);
	CHECK(cv_msg_count(CV_ERROR) == 1);
	fresh();
	CHECK(cv_icons_glyph(icons, FOLIO_SOURCE_DIR, "github", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-font-unreadable");
	CHECK(strstr(messages(), "Is a directory") != NULL);
	/* the bundled fonts not on the search path */
	char dir[] = "/tmp/folio-icon-dir-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	setenv("FOLIO_DATA_DIR_ONLY", "1", 1);
	cv_paths_set_data_dir(dir);
	fresh();
	CHECK(cv_icons_get(icons, "email", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-font-unreadable");
	CHECK_STR(messages(),
	          "profile.yaml:7:3: error: icon font \"fa-solid-900.ttf\" not found (in "
	          "fonts/ on the search path)\n");
	CHECK(cv_icons_get(icons, "phone", &where) == NULL);
	CHECK(cv_msg_count(CV_ERROR) == 1);
	cv_paths_set_data_dir(NULL);
	unsetenv("FOLIO_DATA_DIR_ONLY");
	rmdir(dir);
}

/* ---- outlines of fonts built here ---------------------------------------- */

/* B(t) of a quadratic and of a cubic, one coordinate. */
static double quad(double p0, double q, double p2, double t)
{
	return (1 - t) * (1 - t) * p0 + 2 * (1 - t) * t * q + t * t * p2;
}

static double cubic(double p0, double c1, double c2, double p3, double t)
{
	double u = 1 - t;
	return u * u * u * p0 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * p3;
}

/* Largest distance between the quadratic (p0, q, p2) and curve segment s from p0, scaled by k. */
static double curve_error(const struct gpt *p0, const struct gpt *q, const struct gpt *p2,
                          const struct cv_icon_seg *s, double k)
{
	double worst = 0;
	for (int i = 0; i <= 64; i++) {
		double t = i / 64.0;
		double ex = quad(p0->x, q->x, p2->x, t) * k, ey = quad(p0->y, q->y, p2->y, t) * k;
		double gx = cubic(p0->x * k, s->x1, s->x2, s->x, t),
		       gy = cubic(p0->y * k, s->y1, s->y2, s->y, t);
		double d = hypot(ex - gx, ey - gy);
		if (d > worst)
			worst = d;
	}
	return worst;
}

static void test_quadratic_to_cubic(void)
{
	/* on, off, on, on: a curve and two lines; on 512 units per em */
	struct gpt p[] = {{0, 0, true}, {100, 300, false}, {200, 0, true}, {100, -50, true}};
	unsigned ends[] = {3};
	struct fb b;
	fb_init(&b, 512, 2);
	fb_glyph(&b, "", 0, 512, ".notdef");
	fb_simple(&b, p, 4, ends, 1, 600, "arch");
	size_t len;
	char *font = fb_build(&b, &len);
	const struct cv_icon *ic = try_font(font, len, "arch");
	CHECK(ic && ic->nsegs == 5);
	if (ic && ic->nsegs == 5) {
		double k = 1000.0 / 512;
		const struct cv_icon_seg *s = ic->segs;
		CHECK(s[0].op == CV_ICON_MOVE && s[0].x == 0 && s[0].y == 0);
		CHECK(s[1].op == CV_ICON_CURVE);
		/* the cubic's controls are two thirds of the way to the quadratic's */
		CHECK(fabs(s[1].x1 - 200.0 / 3 * k) < 1e-12 && fabs(s[1].y1 - 200.0 * k) < 1e-12);
		CHECK(fabs(s[1].x2 - 400.0 / 3 * k) < 1e-12 && fabs(s[1].y2 - 200.0 * k) < 1e-12);
		CHECK(s[1].x == 200 * k && s[1].y == 0);
		CHECK(curve_error(&p[0], &p[1], &p[2], &s[1], k) < 1e-9);
		CHECK(s[2].op == CV_ICON_LINE && s[2].x == 100 * k && s[2].y == -50 * k);
		CHECK(s[3].op == CV_ICON_LINE && s[3].x == 0 && s[3].y == 0);
		CHECK(s[4].op == CV_ICON_CLOSE);
		CHECK(ic->advance == 600 * k);
		CHECK(ic->xmin == 0 && ic->xmax == 200 * k && ic->ymin == -50 * k &&
		      ic->ymax == 300 * k);
		CHECK(well_formed(ic));
	}
	free(font);
	fb_free(&b);
}

static void test_implied_points(void)
{
	/* two off-curve points in a row imply an on-curve point between them;
	 * the contour ends off the curve, so the last curve returns to the start */
	struct gpt p[] = {
	    {0, 0, true}, {100, 200, false}, {300, 200, false}, {400, 0, true}, {300, -100, false}};
	unsigned ends[] = {4};
	struct fb b;
	fb_init(&b, 1000, 2);
	fb_simple(&b, p, 5, ends, 1, 400, "lens");
	size_t len;
	char *font = fb_build(&b, &len);
	const struct cv_icon *ic = try_font(font, len, "lens");
	CHECK(ic && ic->nsegs == 5);
	if (ic && ic->nsegs == 5) {
		const struct cv_icon_seg *s = ic->segs;
		struct gpt implied = {200, 200, true};
		CHECK(s[0].op == CV_ICON_MOVE && s[0].x == 0 && s[0].y == 0);
		CHECK(s[1].op == CV_ICON_CURVE && s[1].x == 200 && s[1].y == 200);
		CHECK(curve_error(&p[0], &p[1], &implied, &s[1], 1) < 1e-9);
		CHECK(s[2].op == CV_ICON_CURVE && s[2].x == 400 && s[2].y == 0);
		CHECK(curve_error(&implied, &p[2], &p[3], &s[2], 1) < 1e-9);
		CHECK(s[3].op == CV_ICON_CURVE && s[3].x == 0 && s[3].y == 0);
		CHECK(curve_error(&p[3], &p[4], &p[0], &s[3], 1) < 1e-9);
		CHECK(s[4].op == CV_ICON_CLOSE);
		CHECK(well_formed(ic));
	}
	free(font);
	fb_free(&b);
}

static void test_off_curve_start(void)
{
	/* contour 1 starts off the curve (its last point is on it): it starts
	 * there; contour 2 is all off-curve points (a TrueType circle): it starts
	 * between its last and first points; compressed flags (repeat bit) */
	struct gpt p[] = {{0, 100, false},   {100, 100, true},  {100, 0, false},
	                  {0, 0, true},      {500, 600, false}, {600, 500, false},
	                  {500, 400, false}, {400, 500, false}};
	unsigned ends[] = {3, 7};
	struct fb b;
	fb_init(&b, 1000, 2);
	struct cv_buf g = {0};
	simple_glyph(&g, p, 8, ends, 2, true);
	fb_glyph(&b, g.data, g.len, 700, "shapes");
	size_t len;
	char *font = fb_build(&b, &len);
	const struct cv_icon *ic = try_font(font, len, "shapes");
	CHECK(ic && ic->nsegs == 10);
	if (ic && ic->nsegs == 10) {
		const struct cv_icon_seg *s = ic->segs;
		CHECK(s[0].op == CV_ICON_MOVE && s[0].x == 100 && s[0].y == 100);
		CHECK(s[1].op == CV_ICON_CURVE && s[1].x == 0 && s[1].y == 0);
		CHECK(curve_error(&p[1], &p[2], &p[3], &s[1], 1) < 1e-9);
		CHECK(s[2].op == CV_ICON_CURVE && s[2].x == 100 && s[2].y == 100);
		CHECK(curve_error(&p[3], &p[0], &p[1], &s[2], 1) < 1e-9);
		CHECK(s[3].op == CV_ICON_CLOSE);
		struct gpt m[4] = {
		    {450, 550, true}, {550, 550, true}, {550, 450, true}, {450, 450, true}};
		CHECK(s[4].op == CV_ICON_MOVE && s[4].x == 450 && s[4].y == 550);
		for (int i = 0; i < 4; i++) {
			CHECK(s[5 + i].op == CV_ICON_CURVE);
			CHECK(s[5 + i].x == m[(i + 1) % 4].x && s[5 + i].y == m[(i + 1) % 4].y);
			CHECK(curve_error(&m[i], &p[4 + i], &m[(i + 1) % 4], &s[5 + i], 1) < 1e-9);
		}
		CHECK(s[9].op == CV_ICON_CLOSE);
		CHECK(ic->xmin == 0 && ic->ymin == 0 && ic->xmax == 600 && ic->ymax == 600);
		CHECK(well_formed(ic));
	}
	free(font);
	fb_free(&b);
	cv_buf_free(&g);
}

/* A composite glyph's component record. */
static void component(struct cv_buf *o, unsigned flags, unsigned gid, int a1, int a2,
                      const int *f2dot14, int nf)
{
	put16b(o, flags);
	put16b(o, gid);
	if (flags & 1) {
		put16b(o, (unsigned)(a1 & 0xFFFF));
		put16b(o, (unsigned)(a2 & 0xFFFF));
	} else {
		cv_buf_putc(o, (char)a1);
		cv_buf_putc(o, (char)a2);
	}
	for (int i = 0; i < nf; i++)
		put16b(o, (unsigned)(f2dot14[i] & 0xFFFF));
}

static void composite_header(struct cv_buf *o)
{
	for (int i = 0; i < 5; i++)
		put16b(o, i == 0 ? 0xFFFF : 0);
}

static void test_composite(void)
{
	/* glyphs 0 and 1: a triangle; glyph 2: glyph 0 moved by (1000, -20)
	 * with word arguments, then at half size (a scale) moved by (10, 20), then
	 * glyph 1 mirrored (a 2x2) with its point 0 on the first copy's point 1
	 * (point matching), taking glyph 1's advance (USE_MY_METRICS); glyph 3:
	 * glyph 2 nested, with an x and y scale */
	struct gpt tri[] = {{0, 0, true}, {100, 0, true}, {0, 100, true}};
	unsigned ends[] = {2};
	struct fb b;
	fb_init(&b, 1000, 2);
	fb_simple(&b, tri, 3, ends, 1, 777, "tri");
	fb_simple(&b, tri, 3, ends, 1, 333, "tri2");
	struct cv_buf g = {0};
	composite_header(&g);
	component(&g, 0x20 | 0x2 | 0x1, 0, 1000, -20, NULL, 0);
	int half = 8192, mirror[4] = {-16384, 0, 0, 16384};
	component(&g, 0x20 | 0x8 | 0x2, 0, 10, 20, &half, 1);
	component(&g, 0x200 | 0x80, 1, 1, 0, mirror, 4);
	fb_glyph(&b, g.data, g.len, 999, "combo");
	cv_buf_reset(&g);
	composite_header(&g);
	int xy[2] = {16384, 8192};
	component(&g, 0x40 | 0x2, 2, 0, 0, xy, 2);
	fb_glyph(&b, g.data, g.len, 500, "nested");
	size_t len;
	char *font = fb_build(&b, &len);
	const struct cv_icon *ic = try_font(font, len, "combo");
	CHECK(ic && ic->nsegs == 15); /* three of MOVE, LINE, LINE, LINE back, CLOSE */
	if (ic && ic->nsegs == 15) {
		const struct cv_icon_seg *s = ic->segs;
		CHECK(s[0].op == CV_ICON_MOVE && s[0].x == 1000 && s[0].y == -20);
		CHECK(s[1].x == 1100 && s[1].y == -20 && s[2].x == 1000 && s[2].y == 80);
		CHECK(s[3].op == CV_ICON_LINE && s[3].x == 1000 && s[3].y == -20);
		CHECK(s[5].op == CV_ICON_MOVE && s[5].x == 10 && s[5].y == 20);
		CHECK(s[6].x == 60 && s[6].y == 20 && s[7].x == 10 && s[7].y == 70);
		/* mirrored: (0,0) (-100,0) (0,100), then its point 0 moved onto (1100,-20) */
		CHECK(s[10].op == CV_ICON_MOVE && s[10].x == 1100 && s[10].y == -20);
		CHECK(s[11].x == 1000 && s[11].y == -20 && s[12].x == 1100 && s[12].y == 80);
		CHECK(ic->advance == 333);
		CHECK(ic->xmin == 10 && ic->xmax == 1100 && ic->ymin == -20 && ic->ymax == 80);
		CHECK(well_formed(ic));
	}
	ic = cv_icons_glyph(icons, "t.ttf", "nested", &where);
	CHECK(ic && ic->nsegs == 15 && ic->advance == 500);
	if (ic && ic->nsegs == 15)
		CHECK(ic->segs[0].x == 1000 && ic->segs[0].y == -10 && ic->segs[1].x == 1100);
	CHECK(cv_msg_count(CV_NOTE) == 0);
	free(font);
	fb_free(&b);
	cv_buf_free(&g);
}

static void test_cmap_and_post_formats(void)
{
	struct gpt tri[] = {{0, 0, true}, {100, 0, true}, {0, 100, true}};
	unsigned ends[] = {2};
	struct fb b;
	fb_init(&b, 1000, 3); /* post 3.0: no names at all */
	fb_glyph(&b, "", 0, 0, NULL);
	for (int i = 0; i < 4; i++)
		fb_simple(&b, tri, 3, ends, 1, 100 + (unsigned)i, NULL);
	uint32_t cps[] = {0x41, 0xE000, 0xE001, 0xF09B, 0x1F600};
	unsigned gids[] = {1, 2, 40, 3, 4}; /* U+E001: a glyph the font does not have */
	for (int i = 0; i < 5; i++) {
		b.cp[i] = cps[i];
		b.cp_gid[i] = gids[i];
	}
	b.ncp = 5;
	size_t len;
	char *font = fb_build(&b, &len);
	const struct cv_icon *ic = try_font(font, len, "uni0041");
	CHECK(ic && ic->gid == 1 && ic->advance == 100); /* format 4, idDelta */
	ic = cv_icons_glyph(icons, "t.ttf", "uniE000", &where);
	CHECK(ic && ic->gid == 2); /* format 4, glyphIdArray */
	ic = cv_icons_glyph(icons, "t.ttf", "uF09B", &where);
	CHECK(ic && ic->gid == 3);
	ic = cv_icons_glyph(icons, "t.ttf", "u1F600", &where);
	CHECK(ic && ic->gid == 4 && ic->nsegs == 5); /* format 12 */
	CHECK(cv_msg_count(CV_NOTE) == 0);
	CHECK(cv_icons_glyph(icons, "t.ttf", "uniE001", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-not-in-font");
	CHECK(cv_icons_glyph(icons, "t.ttf", "uni0042", &where) == NULL);
	CHECK(cv_icons_glyph(icons, "t.ttf", "A", &where) == NULL);
	CHECK(cv_icons_glyph(icons, "t.ttf", "uniZZZZ", &where) == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-not-in-font");
	/* a format 12 subtable that claims more groups than it holds: those it holds count */
	size_t n;
	unsigned char *cm = table_of(font, len, TAG('c', 'm', 'a', 'p'), &n);
	put32((char *)cm + get32((char *)cm + 16) + 12, 1000);
	ic = try_font(font, len, "u1F600");
	CHECK(ic && ic->gid == 4);
	free(font);
	fb_free(&b);
	/* a format 4 subtable too short for its segment arrays is not read (its
	 * missing start, delta and offset would read as 0, giving glyph 65 for U+0041) */
	fb_init(&b, 1000, 3);
	fb_glyph(&b, "", 0, 0, NULL);
	for (int i = 0; i < 69; i++)
		fb_simple(&b, tri, 3, ends, 1, 100, NULL);
	b.cp[0] = 0x41;
	b.cp_gid[0] = 1;
	b.ncp = 1;
	font = fb_build(&b, &len);
	ic = try_font(font, len, "uni0041");
	CHECK(ic && ic->gid == 1);
	cm = table_of(font, len, TAG('c', 'm', 'a', 'p'), &n);
	put16((char *)cm + 20 + 2, 16 + 2 * 2); /* the end codes and the pad only */
	CHECK(try_font(font, len, "uni0041") == NULL);
	CHECK_STR(cv_msg_last_id(), "icon-not-in-font");
	free(font);
	fb_free(&b);

	/* post 1.0: the 258 standard names by glyph number, as HarfBuzz reads them */
	fb_init(&b, 1000, 1);
	for (int i = 0; i < 258; i++)
		fb_glyph(&b, "", 0, 0, NULL);
	font = fb_build(&b, &len);
	hb_blob_t *blob = hb_blob_create(font, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *hbf = hb_font_create(face);
	fresh();
	cv_icons_add_font(icons, "t.ttf", font, len);
	int agree = 0;
	for (unsigned g = 0; g < 258; g++) {
		char name[64];
		if (!hb_font_get_glyph_name(hbf, g, name, sizeof name))
			continue;
		ic = cv_icons_glyph(icons, "t.ttf", name, &where);
		agree += ic && ic->gid == g && ic->nsegs == 0;
	}
	CHECK(agree == 258);
	hb_font_destroy(hbf);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	free(font);
	fb_free(&b);
}

/* ---- damaged fonts ------------------------------------------------------- */

/* A two-glyph font (empty .notdef, a square named "sq") for damaging. */
static char *good_font(size_t *len)
{
	struct gpt sq[] = {{0, 0, true}, {500, 0, true}, {500, 500, true}, {0, 500, true}};
	unsigned ends[] = {3};
	struct fb b;
	fb_init(&b, 1000, 2);
	fb_glyph(&b, "", 0, 0, ".notdef");
	fb_simple(&b, sq, 4, ends, 1, 600, "sq");
	char *font = fb_build(&b, len);
	fb_free(&b);
	return font;
}

/* glyph "sq" of font must be refused with id and a message containing text. */
static void refused(const char *font, size_t len, const char *id, const char *text, int line)
{
	const struct cv_icon *ic = try_font(font, len, "sq");
	test_checks++;
	const char *m = messages();
	if (ic || !cv_msg_last_id() || strcmp(cv_msg_last_id(), id) != 0 || !strstr(m, text)) {
		test_failures++;
		fprintf(stderr, "%s:%d: expected %s with \"%s\", got %s: %s\n", __FILE__, line, id,
		        text, ic ? "an icon" : "no icon", m);
	}
}

#define REFUSED(font, len, id, text) refused(font, len, id, text, __LINE__)

static void test_damaged_tables(void)
{
	size_t len, n;
	char *font = good_font(&len);
	CHECK(try_font(font, len, "sq") != NULL);
	CHECK(cv_msg_count(CV_NOTE) == 0);
	char *bad = x_malloc(len);
	unsigned char *t;

	/* the full text, once */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('h', 'e', 'a', 'd'), &n);
	put16((char *)t + 18, 0);
	CHECK(try_font(bad, len, "sq") == NULL);
	CHECK_STR(messages(), "profile.yaml:7:3: error: cannot use icon font \"t.ttf\": "
	                      "head.unitsPerEm is 0 (must be 16 to 16384)\n");
	CHECK_STR(cv_msg_last_id(), "icon-font-damaged");
	/* refused from then on, without another message */
	CHECK(cv_icons_glyph(icons, "t.ttf", "sq", &where) == NULL);
	CHECK(cv_msg_count(CV_ERROR) == 1);

	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('h', 'e', 'a', 'd'), &n);
	put16((char *)t + 50, 2);
	REFUSED(bad, len, "icon-font-damaged", "head.indexToLocFormat is 2");

	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('m', 'a', 'x', 'p'), &n);
	put16((char *)t + 4, 0);
	REFUSED(bad, len, "icon-font-damaged", "maxp.numGlyphs is 0");

	/* loca too short for numGlyphs */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('m', 'a', 'x', 'p'), &n);
	put16((char *)t + 4, 3);
	REFUSED(bad, len, "icon-font-damaged", "loca is 12 bytes (needs 16 for 3 glyphs)");

	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('h', 'h', 'e', 'a'), &n);
	put16((char *)t + 34, 0);
	REFUSED(bad, len, "icon-font-damaged", "hhea.numberOfHMetrics is 0");

	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('h', 'h', 'e', 'a'), &n);
	put16((char *)t + 34, 60000);
	REFUSED(bad, len, "icon-font-damaged", "hmtx is 8 bytes (needs 240000");

	/* no glyf table (renamed) */
	memcpy(bad, font, len);
	for (size_t i = 0; i < 8; i++)
		if (get32(bad + 12 + 16 * i) == TAG('g', 'l', 'y', 'f'))
			put32(bad + 12 + 16 * i, TAG('g', 'l', 'y', 'g'));
	REFUSED(bad, len, "icon-font-damaged", "it has no \"glyf\" table");

	/* a table record past the end of the file */
	memcpy(bad, font, len);
	for (size_t i = 0; i < 8; i++)
		if (get32(bad + 12 + 16 * i) == TAG('h', 'e', 'a', 'd'))
			put32(bad + 12 + 16 * i + 8, (uint32_t)len + 100);
	REFUSED(bad, len, "icon-font-damaged", "it has no \"head\" table");

	memcpy(bad, font, len);
	put32(bad, TAG('O', 'T', 'T', 'O'));
	REFUSED(bad, len, "icon-font-damaged", "it has CFF outlines");
	REFUSED("hello, world\n", 13, "icon-font-damaged", "it is not a TrueType font");
	REFUSED("", 0, "icon-font-damaged", "the file is 0 bytes");
	/* every truncation of the file: refused or read, never out of bounds */
	for (size_t cut = 0; cut < len; cut++) {
		const struct cv_icon *ic = try_font(font, cut, "sq");
		CHECK(ic == NULL ? cv_msg_failed() : !cv_msg_failed());
	}
	free(bad);
	free(font);
}

static void test_damaged_glyphs(void)
{
	size_t len, n;
	char *font = good_font(&len);
	char *bad = x_malloc(len);
	unsigned char *t;

	/* truncated glyf: loca points past its end */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('l', 'o', 'c', 'a'), &n);
	put32((char *)t + 8, 4000);
	REFUSED(bad, len, "icon-font-damaged",
	        "profile.yaml:7:3: error: cannot use icon font \"t.ttf\": loca gives glyph 1 the "
	        "bytes 0 to 4000 of glyf, which has 24 (icon \"sq\")\n");
	/* loca offsets out of order */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('l', 'o', 'c', 'a'), &n);
	put32((char *)t + 4, 20);
	put32((char *)t + 8, 10);
	REFUSED(bad, len, "icon-font-damaged", "loca gives glyph 1 the bytes 20 to 10");
	/* the glyph cut short inside its coordinates, and its header */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('l', 'o', 'c', 'a'), &n);
	put32((char *)t + 8, 22);
	REFUSED(bad, len, "icon-font-damaged", "glyph 1: its coordinates run past its 22 bytes");
	put32((char *)t + 8, 16);
	REFUSED(bad, len, "icon-font-damaged", "glyph 1: its flags end after 2 of its 4 points");
	put32((char *)t + 8, 8);
	REFUSED(bad, len, "icon-font-damaged", "glyph 1 is 8 bytes, shorter than its header");
	put32((char *)t + 8, 13);
	REFUSED(bad, len, "icon-font-damaged", "glyph 1 has 1 contours but only 13 bytes");
	/* instructions longer than the glyph */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('g', 'l', 'y', 'f'), &n);
	put16((char *)t + 12, 1000);
	REFUSED(bad, len, "icon-font-damaged", "glyph 1: its instructions run past its 24 bytes");
	/* a huge point count in a few bytes */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('g', 'l', 'y', 'f'), &n);
	put16((char *)t + 10, 65534);
	REFUSED(bad, len, "icon-font-damaged", "of its 65535 points");
	/* contour ends not increasing */
	{
		struct gpt p[] = {{0, 0, true}, {5, 0, true}, {5, 5, true}, {0, 5, true}};
		unsigned ends[] = {1, 3};
		struct cv_buf g = {0};
		struct fb b;
		fb_init(&b, 1000, 2);
		simple_glyph(&g, p, 4, ends, 2, false);
		put16(g.data + 12, 1); /* second contour ends where the first did */
		fb_glyph(&b, g.data, g.len, 10, "sq");
		size_t blen;
		char *f2 = fb_build(&b, &blen);
		REFUSED(f2, blen, "icon-font-damaged",
		        "glyph 0: contour 1 ends at point 1, not after 1");
		free(f2);
		fb_free(&b);
		/* a flag repeated past the points */
		struct gpt q[] = {{0, 0, true}, {0, 0, true}, {0, 0, true}};
		unsigned qe[] = {2};
		cv_buf_reset(&g);
		simple_glyph(&g, q, 3, qe, 1, true); /* one flag, repeated twice */
		g.data[g.len - 1] = 9;               /* ... nine times */
		fb_init(&b, 1000, 2);
		fb_glyph(&b, g.data, g.len, 10, "sq");
		f2 = fb_build(&b, &blen);
		REFUSED(f2, blen, "icon-font-damaged", "glyph 0: a flag repeats past its 3 points");
		free(f2);
		fb_free(&b);
		cv_buf_free(&g);
	}
	/* a short coordinate past the end of the glyph, at the very end of the file */
	{
		struct gpt tri[] = {{0, 0, true}, {100, 0, true}, {0, 100, true}};
		unsigned ends[] = {2};
		struct cv_buf g = {0};
		struct fb b;
		fb_init(&b, 1000, 2);
		b.glyf_last = true;
		simple_glyph(&g, tri, 3, ends, 1, false);
		fb_glyph(&b, g.data, g.len, 10, "sq");
		size_t blen;
		char *f2 = fb_build(&b, &blen);
		CHECK(try_font(f2, blen, "sq") != NULL);
		free(f2);
		fb_free(&b);
		fb_init(&b, 1000, 2);
		b.glyf_last = true;
		fb_glyph(&b, g.data, g.len - 1, 10, "sq");
		f2 = fb_build(&b, &blen);
		REFUSED(f2, blen, "icon-font-damaged",
		        "glyph 0: its coordinates run past its 19 bytes");
		free(f2);
		fb_free(&b);
		cv_buf_free(&g);
	}
	free(bad);
	free(font);
}

static void test_damaged_names(void)
{
	size_t len, n;
	char *font = good_font(&len);
	char *bad = x_malloc(len);
	unsigned char *t;
	/* post: a name number past the names it holds (258 + 2) */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('p', 'o', 's', 't'), &n);
	put16((char *)t + 34 + 2, 300);
	REFUSED(bad, len, "icon-font-damaged",
	        "post gives glyph 1 name number 300, but it holds only 260 names");
	/* a name running past the end of the table */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('p', 'o', 's', 't'), &n);
	t[n - 3] = 200; /* the length of "sq" */
	REFUSED(bad, len, "icon-font-damaged", "post name 1 (200 bytes) runs past the end");
	/* more glyphs in post than name numbers fit */
	memcpy(bad, font, len);
	t = table_of(bad, len, TAG('p', 'o', 's', 't'), &n);
	put16((char *)t + 32, 5000);
	REFUSED(bad, len, "icon-font-damaged", "too short for the name numbers of 5000 glyphs");
	free(bad);
	free(font);
}

static void test_hostile_composites(void)
{
	struct fb b;
	struct cv_buf g = {0};
	size_t len;
	char *font;
	/* a glyph made of itself */
	fb_init(&b, 1000, 2);
	composite_header(&g);
	component(&g, 0x2, 0, 0, 0, NULL, 0);
	fb_glyph(&b, g.data, g.len, 10, "sq");
	font = fb_build(&b, &len);
	REFUSED(font, len, "icon-font-damaged", "glyph 0: components nest deeper than 8 levels");
	free(font);
	fb_free(&b);
	/* a component past the font's glyphs */
	fb_init(&b, 1000, 2);
	cv_buf_reset(&g);
	composite_header(&g);
	component(&g, 0x2, 7, 0, 0, NULL, 0);
	fb_glyph(&b, g.data, g.len, 10, "sq");
	font = fb_build(&b, &len);
	REFUSED(font, len, "icon-font-damaged",
	        "glyph 0: a component is glyph 7, past the font's 1");
	free(font);
	fb_free(&b);
	/* point matching out of range; a component record cut short */
	struct gpt tri[] = {{0, 0, true}, {100, 0, true}, {0, 100, true}};
	unsigned ends[] = {2};
	fb_init(&b, 1000, 2);
	fb_simple(&b, tri, 3, ends, 1, 10, "tri");
	cv_buf_reset(&g);
	composite_header(&g);
	component(&g, 0x20 | 0x2, 0, 0, 0, NULL, 0);
	component(&g, 0x20, 0, 3, 0, NULL, 0);
	fb_glyph(&b, g.data, g.len, 10, "sq");
	cv_buf_reset(&g);
	composite_header(&g);
	component(&g, 0x2 | 0x80, 0, 0, 0, NULL, 0); /* a 2x2 without its four values */
	fb_glyph(&b, g.data, g.len, 10, "short");
	font = fb_build(&b, &len);
	REFUSED(font, len, "icon-font-damaged",
	        "glyph 1: a component matches point 3 to its point 0, of 3 and 3 points");
	CHECK(cv_icons_glyph(icons, "t.ttf", "short", &where) == NULL);
	CHECK(strstr(messages(), "glyph 2: a component runs past its 16 bytes") != NULL);
	free(font);
	fb_free(&b);
	/* a thousand components of one glyph, and points beyond the budget */
	fb_init(&b, 1000, 2);
	fb_simple(&b, tri, 3, ends, 1, 10, "tri");
	cv_buf_reset(&g);
	composite_header(&g);
	for (int i = 0; i < 1000; i++)
		component(&g, (i < 999 ? 0x20 : 0) | 0x2, 0, i % 100, 0, NULL, 0);
	fb_glyph(&b, g.data, g.len, 10, "sq");
	font = fb_build(&b, &len);
	REFUSED(font, len, "icon-font-damaged", "glyph 1: more than 512 components");
	free(font);
	fb_free(&b);
	{
		static struct gpt many[60000];
		unsigned e[] = {59999};
		for (int i = 0; i < 60000; i++)
			many[i] = (struct gpt){i % 7, i % 5, true};
		fb_init(&b, 1000, 2);
		fb_simple(&b, many, 60000, e, 1, 10, "many");
		cv_buf_reset(&g);
		composite_header(&g);
		for (int i = 0; i < 5; i++)
			component(&g, (i < 4 ? 0x20 : 0) | 0x2, 0, 0, 0, NULL, 0);
		fb_glyph(&b, g.data, g.len, 10, "sq");
		font = fb_build(&b, &len);
		REFUSED(font, len, "icon-font-damaged", "glyph 0 has more than 262144 points");
		const struct cv_icon *ic = cv_icons_glyph(icons, "t.ttf", "many", &where);
		CHECK(ic && ic->nsegs == 60002);
		free(font);
		fb_free(&b);
	}
	cv_buf_free(&g);
}

/* Bytes flipped at random (a fixed seed) in a font with every kind of glyph. */
static void test_mutations(void)
{
	struct gpt p[] = {{0, 100, false}, {100, 100, true}, {100, 0, false}, {0, 0, true}};
	unsigned ends[] = {3};
	struct fb b;
	fb_init(&b, 1000, 2);
	fb_simple(&b, p, 4, ends, 1, 10, "sq");
	struct cv_buf g = {0};
	composite_header(&g);
	int half = 8192;
	component(&g, 0x20 | 0x2, 0, 5, 5, NULL, 0);
	component(&g, 0x8, 0, 1, 2, &half, 1);
	fb_glyph(&b, g.data, g.len, 10, "combo");
	b.cp[0] = 0x41;
	b.cp_gid[0] = 1;
	b.ncp = 1;
	size_t len;
	char *font = fb_build(&b, &len);
	char *bad = x_malloc(len);
	uint32_t seed = 12345;
	int refused_n = 0, read_n = 0;
	for (int i = 0; i < 3000; i++) {
		memcpy(bad, font, len);
		for (int k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			bad[(seed >> 8) % len] = (char)(seed >> 24);
		}
		const char *names[] = {"sq", "combo", "uni0041"};
		const struct cv_icon *ic = try_font(bad, len, names[i % 3]);
		CHECK(ic == NULL ? cv_msg_failed() : !cv_msg_failed());
		if (ic)
			CHECK(well_formed(ic));
		if (ic)
			read_n++;
		else
			refused_n++;
	}
	CHECK(refused_n > 100 && read_n > 100);
	free(bad);
	free(font);
	fb_free(&b);
	cv_buf_free(&g);
}

/* The fuzz_icon regression corpus reads without a sanitizer report, and
 * every lookup either gives a well-formed outline or reports why not. */
static void test_corpus(void)
{
	static const char *const corpus[] = {"composite-cmap.ttf"};
	static const char *const glyphs[] = {"github", "envelope", "uni0041", "u1F600", "orcid"};
	for (size_t i = 0; i < CV_COUNT(corpus); i++) {
		char path[512], *font = NULL;
		size_t len = 0, found = 0;
		snprintf(path, sizeof path, FOLIO_SOURCE_DIR "/tests/fuzz-corpus/fuzz_icon/%s",
		         corpus[i]);
		CHECK(cv_file_read(path, 1u << 20, &font, &len) == 0);
		fresh();
		cv_icons_add_font(icons, "t.ttf", font, len);
		for (size_t k = 0; k < CV_COUNT(glyphs); k++) {
			unsigned before = cv_msg_count(CV_ERROR);
			const struct cv_icon *ic = cv_icons_glyph(icons, "t.ttf", glyphs[k], NULL);
			CHECK(ic ? well_formed(ic) && cv_msg_count(CV_ERROR) == before
			         : cv_msg_count(CV_ERROR) == before + 1);
			found += ic != NULL;
		}
		CHECK(found == 4); /* all but orcid */
		free(font);
	}
}

int main(void)
{
	test_resolve();
	test_required_icons();
	test_cache();
	test_unknown();
	test_unreadable();
	test_quadratic_to_cubic();
	test_implied_points();
	test_off_curve_start();
	test_composite();
	test_cmap_and_post_formats();
	test_damaged_tables();
	test_damaged_glyphs();
	test_damaged_names();
	test_hostile_composites();
	test_mutations();
	test_corpus();
	cv_icons_free(icons);
	cv_arena_free(arena);
	cv_msg_set_stream(stderr);
	fclose(msg_log);
	return TEST_RESULT();
}
