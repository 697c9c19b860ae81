/*
 * Icon outlines read straight from TrueType glyf data: the font found and
 * mapped once per run, a glyph found by its post table name (or through the
 * cmap), its contours (simple or composite) decoded with every count and
 * offset checked against the bytes that hold it, and its quadratic
 * B-splines turned into cubic Bezier segments.  See icon.h for the contracts.
 */
#include "icon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "pdf/sfnt_check.h"

#define TAG CV_SFNT_TAG
#define FONT_MAX_BYTES (32u * 1024 * 1024)
#define MAX_DEPTH 8           /* composite glyphs nested deeper are refused */
#define MAX_COMPONENTS 512    /* components read for one icon, all levels */
#define MAX_POINTS (1u << 18) /* points of one icon, all components */
#define MAX_NAME 64           /* longest icon name looked up */
#define NOT_FOUND (-1L)
#define DAMAGED (-2L)

/* folio's names: contact items, then networks, then generic icons. */
static const struct cv_icon_ref names[] = {
    {"email", CV_ICON_FONT_SOLID, "envelope"},
    {"phone", CV_ICON_FONT_SOLID, "phone"},
    {"location", CV_ICON_FONT_SOLID, "location-dot"},
    {"website", CV_ICON_FONT_SOLID, "globe"},
    {"github", CV_ICON_FONT_BRANDS, "github"},
    {"gitlab", CV_ICON_FONT_BRANDS, "gitlab"},
    {"linkedin", CV_ICON_FONT_BRANDS, "linkedin"},
    {"google-scholar", CV_ICON_FONT_BRANDS, "google-scholar"},
    {"scholar", CV_ICON_FONT_BRANDS, "google-scholar"},
    {"orcid", CV_ICON_FONT_BRANDS, "orcid"},
    {"x", CV_ICON_FONT_BRANDS, "x-twitter"},
    {"x-twitter", CV_ICON_FONT_BRANDS, "x-twitter"},
    {"twitter", CV_ICON_FONT_BRANDS, "x-twitter"},
    {"mastodon", CV_ICON_FONT_BRANDS, "mastodon"},
    {"stack-overflow", CV_ICON_FONT_BRANDS, "stack-overflow"},
    {"stackoverflow", CV_ICON_FONT_BRANDS, "stack-overflow"},
    {"envelope", CV_ICON_FONT_SOLID, "envelope"},
    {"location-dot", CV_ICON_FONT_SOLID, "location-dot"},
    {"globe", CV_ICON_FONT_SOLID, "globe"},
    {"link", CV_ICON_FONT_SOLID, "link"},
    {"calendar", CV_ICON_FONT_SOLID, "calendar"},
    {"briefcase", CV_ICON_FONT_SOLID, "briefcase"},
    {"graduation-cap", CV_ICON_FONT_SOLID, "graduation-cap"},
    {"book", CV_ICON_FONT_SOLID, "book"},
    {"award", CV_ICON_FONT_SOLID, "award"},
    {"trophy", CV_ICON_FONT_SOLID, "trophy"},
    {"language", CV_ICON_FONT_SOLID, "language"},
    {"code", CV_ICON_FONT_SOLID, "code"},
    {"user", CV_ICON_FONT_SOLID, "user"},
};

/* The 258 glyph names that post formats 1.0 and 2.0 give by number. */
/* clang-format off */
static const char *const mac_names[258] = {
    ".notdef", ".null", "nonmarkingreturn", "space", "exclam", "quotedbl", "numbersign", "dollar",
    "percent", "ampersand", "quotesingle", "parenleft", "parenright", "asterisk", "plus", "comma",
    "hyphen", "period", "slash", "zero", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "colon", "semicolon", "less", "equal", "greater", "question", "at", "A", "B",
    "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U",
    "V", "W", "X", "Y", "Z", "bracketleft", "backslash", "bracketright", "asciicircum",
    "underscore", "grave", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "braceleft", "bar", "braceright",
    "asciitilde", "Adieresis", "Aring", "Ccedilla", "Eacute", "Ntilde", "Odieresis", "Udieresis",
    "aacute", "agrave", "acircumflex", "adieresis", "atilde", "aring", "ccedilla", "eacute",
    "egrave", "ecircumflex", "edieresis", "iacute", "igrave", "icircumflex", "idieresis", "ntilde",
    "oacute", "ograve", "ocircumflex", "odieresis", "otilde", "uacute", "ugrave", "ucircumflex",
    "udieresis", "dagger", "degree", "cent", "sterling", "section", "bullet", "paragraph",
    "germandbls", "registered", "copyright", "trademark", "acute", "dieresis", "notequal", "AE",
    "Oslash", "infinity", "plusminus", "lessequal", "greaterequal", "yen", "mu", "partialdiff",
    "summation", "product", "pi", "integral", "ordfeminine", "ordmasculine", "Omega", "ae",
    "oslash", "questiondown", "exclamdown", "logicalnot", "radical", "florin", "approxequal",
    "Delta", "guillemotleft", "guillemotright", "ellipsis", "nonbreakingspace", "Agrave", "Atilde",
    "Otilde", "OE", "oe", "endash", "emdash", "quotedblleft", "quotedblright", "quoteleft",
    "quoteright", "divide", "lozenge", "ydieresis", "Ydieresis", "fraction", "currency",
    "guilsinglleft", "guilsinglright", "fi", "fl", "daggerdbl", "periodcentered", "quotesinglbase",
    "quotedblbase", "perthousand", "Acircumflex", "Ecircumflex", "Aacute", "Edieresis", "Egrave",
    "Iacute", "Icircumflex", "Idieresis", "Igrave", "Oacute", "Ocircumflex", "apple", "Ograve",
    "Uacute", "Ucircumflex", "Ugrave", "dotlessi", "circumflex", "tilde", "macron", "breve",
    "dotaccent", "ring", "cedilla", "hungarumlaut", "ogonek", "caron", "Lslash", "lslash",
    "Scaron", "scaron", "Zcaron", "zcaron", "brokenbar", "Eth", "eth", "Yacute", "yacute", "Thorn",
    "thorn", "minus", "multiply", "onesuperior", "twosuperior", "threesuperior", "onehalf",
    "onequarter", "threequarters", "franc", "Gbreve", "gbreve", "Idotaccent", "Scedilla",
    "scedilla", "Cacute", "cacute", "Ccaron", "ccaron", "dcroat"};
/* clang-format on */

/* An outline built once, by the name it was asked for. */
struct cached {
	const char *glyph;
	const struct cv_icon *icon;
	struct cached *next;
};

/* One font file of the run. */
struct font {
	const char *path; /* arena */
	bool bad;         /* unreadable or damaged: reported once, refused since */
	bool checked;     /* font_tables passed */
	const unsigned char *data;
	size_t len;
	void *map;  /* data mapped (munmap), or */
	char *heap; /* data read (free) */
	struct cv_sfnt_tab head, maxp, hhea, hmtx, loca, glyf, post, cmap;
	double scale; /* [1/1000 em per font unit] */
	unsigned nglyphs, nhmetrics;
	bool long_loca;
	/* post names, read on first lookup */
	bool indexed;
	unsigned named;    /* glyphs 0..named-1 have a name */
	bool format2;      /* else format 1: glyph g is mac_names[g] */
	uint32_t *name_at; /* format 2: offset in post of each name's length byte */
	size_t nnames;
	struct cached *glyphs;
	struct font *next;
};

/* A point of a glyph being decoded, in font units. */
struct pt {
	double x, y;
	unsigned char flag; /* bit 0: on the curve */
};

struct cv_icons {
	struct cv_arena *a;
	struct font *fonts;
	const char *bundled[2]; /* found paths of CV_ICON_FONT_SOLID, _BRANDS */
	bool missing[2];        /* not found: reported */
	/* scratch for the glyph being built */
	struct pt *pts;
	size_t npts, cap_pts;
	size_t *ends; /* index of each contour's last point */
	size_t nends, cap_ends;
	struct cv_icon_seg *segs;
	size_t nsegs, cap_segs;
};

/* The glyph being read, for messages and budgets. */
struct reading {
	struct cv_icons *ic;
	struct font *f;
	unsigned components;
	unsigned metrics_gid; /* whose advance width the icon takes */
	char why[200];
};

static bool fail(struct reading *r, const char *fmt, ...) CV_PRINTF(2, 3);

static bool fail(struct reading *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
	return false;
}

static unsigned u16(const struct cv_sfnt_tab *t, size_t off)
{
	return cv_sfnt_u16(t, off, 0);
}

static int s16(const struct cv_sfnt_tab *t, size_t off)
{
	return (int16_t)cv_sfnt_u16(t, off, 0);
}

static uint32_t u32(const struct cv_sfnt_tab *t, size_t off)
{
	return cv_sfnt_u32(t, off, 0);
}

/* True if [off, off + n) lies inside t. */
static bool inside(const struct cv_sfnt_tab *t, size_t off, size_t n)
{
	return off <= t->n && n <= t->n - off;
}

/* name in lower case with ' ' and '_' as '-', into out[MAX_NAME + 1]; false if too long. */
static bool normalize(const char *name, char *out)
{
	size_t i;
	for (i = 0; name[i]; i++) {
		char c = name[i];
		if (i == MAX_NAME)
			return false;
		out[i] = c == ' ' || c == '_'   ? '-'
		         : c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a')
		                                : c;
	}
	out[i] = '\0';
	return true;
}

const struct cv_icon_ref *cv_icon_resolve(const char *name)
{
	char key[MAX_NAME + 1];
	if (!name || !normalize(name, key))
		return NULL;
	for (size_t i = 0; i < CV_COUNT(names); i++)
		if (strcmp(key, names[i].name) == 0)
			return &names[i];
	return NULL;
}

const struct cv_icon_ref *cv_icon_names(size_t *count)
{
	*count = CV_COUNT(names);
	return names;
}

struct cv_icons *cv_icons_new(struct cv_arena *a)
{
	struct cv_icons *ic = x_calloc(1, sizeof *ic);
	ic->a = a;
	return ic;
}

void cv_icons_free(struct cv_icons *ic)
{
	if (!ic)
		return;
	for (struct font *f = ic->fonts, *next; f; f = next) {
		next = f->next;
		if (f->map)
			munmap(f->map, f->len);
		x_free(f->heap);
		x_free(f->name_at);
		for (struct cached *c = f->glyphs, *cn; c; c = cn) {
			cn = c->next;
			x_free(c);
		}
		x_free(f);
	}
	x_free(ic->pts);
	x_free(ic->ends);
	x_free(ic->segs);
	x_free(ic);
}

/* ---- the font file ------------------------------------------------------ */

/* Map (a regular file) or read the bytes of f->path; 0 or an errno value. */
static int font_bytes(struct font *f)
{
	struct stat st;
	if (stat(f->path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size <= FONT_MAX_BYTES) {
		int fd = open(f->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd >= 0) {
			if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
			    (uintmax_t)st.st_size <= FONT_MAX_BYTES) {
				void *addr =
				    mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
				if (addr != MAP_FAILED) {
					f->map = addr;
					f->data = addr;
					f->len = (size_t)st.st_size;
				}
			}
			close(fd);
		}
		if (f->map)
			return 0;
	}
	size_t len = 0;
	int err = cv_file_read(f->path, FONT_MAX_BYTES, &f->heap, &len);
	f->data = (const unsigned char *)f->heap;
	f->len = len;
	return err;
}

/* The tables and header values every glyph read relies on; false with r->why. */
static bool font_tables(struct reading *r)
{
	struct font *f = r->f;
	struct cv_sfnt_tab file = {f->data, f->len};
	uint32_t version = u32(&file, 0);
	if (f->len < 12)
		return fail(r, "the file is %zu bytes, too short for a font", f->len);
	if (version == TAG('O', 'T', 'T', 'O'))
		return fail(r, "it has CFF outlines; icons are read from TrueType (glyf) outlines");
	if (version != 0x00010000u && version != TAG('t', 'r', 'u', 'e') &&
	    version != TAG('t', 't', 'c', 'f'))
		return fail(r, "it is not a TrueType font (it starts with 0x%08X)",
		            (unsigned)version);
	static const struct {
		uint32_t tag;
		size_t off;
		size_t min;
	} need[] = {
	    {TAG('h', 'e', 'a', 'd'), offsetof(struct font, head), 54},
	    {TAG('m', 'a', 'x', 'p'), offsetof(struct font, maxp), 6},
	    {TAG('h', 'h', 'e', 'a'), offsetof(struct font, hhea), 36},
	    {TAG('h', 'm', 't', 'x'), offsetof(struct font, hmtx), 0},
	    {TAG('l', 'o', 'c', 'a'), offsetof(struct font, loca), 0},
	    {TAG('g', 'l', 'y', 'f'), offsetof(struct font, glyf), 0},
	};
	for (size_t i = 0; i < CV_COUNT(need); i++) {
		struct cv_sfnt_tab *t = (struct cv_sfnt_tab *)((char *)f + need[i].off);
		char tag[5] = {(char)(need[i].tag >> 24), (char)(need[i].tag >> 16),
		               (char)(need[i].tag >> 8), (char)need[i].tag, 0};
		*t = cv_sfnt_table(f->data, f->len, need[i].tag);
		if (!t->p)
			return fail(r, "it has no \"%s\" table", tag);
		if (t->n < need[i].min)
			return fail(r, "its \"%s\" table is %zu bytes (needs %zu)", tag, t->n,
			            need[i].min);
	}
	f->post = cv_sfnt_table(f->data, f->len, TAG('p', 'o', 's', 't'));
	f->cmap = cv_sfnt_table(f->data, f->len, TAG('c', 'm', 'a', 'p'));
	unsigned upem = u16(&f->head, 18);
	if (upem < 16 || upem > 16384)
		return fail(r, "head.unitsPerEm is %u (must be 16 to 16384)", upem);
	f->scale = 1000.0 / upem;
	int loca_format = s16(&f->head, 50);
	if (loca_format != 0 && loca_format != 1)
		return fail(r, "head.indexToLocFormat is %d (must be 0 or 1)", loca_format);
	f->long_loca = loca_format == 1;
	f->nglyphs = u16(&f->maxp, 4);
	if (f->nglyphs == 0)
		return fail(r, "maxp.numGlyphs is 0");
	size_t loca_need = ((size_t)f->nglyphs + 1) * (f->long_loca ? 4 : 2);
	if (f->loca.n < loca_need)
		return fail(r, "loca is %zu bytes (needs %zu for %u glyphs)", f->loca.n, loca_need,
		            f->nglyphs);
	f->nhmetrics = u16(&f->hhea, 34);
	if (f->nhmetrics == 0)
		return fail(r, "hhea.numberOfHMetrics is 0");
	if (f->hmtx.n < 4 * (size_t)f->nhmetrics)
		return fail(r, "hmtx is %zu bytes (needs %zu for %u metrics)", f->hmtx.n,
		            4 * (size_t)f->nhmetrics, f->nhmetrics);
	return true;
}

static void report_font(struct reading *r, const struct cv_pos *pos)
{
	r->f->bad = true;
	cv_msg(CV_ERROR, pos, "icon-font-damaged", "cannot use icon font \"%s\": %s", r->f->path,
	       r->why);
}

/* The run's font at path, read and checked on first use; NULL (reported once) if unusable. */
static struct font *font_get(struct cv_icons *ic, const char *path, const struct cv_pos *pos)
{
	struct font *f;
	for (f = ic->fonts; f && strcmp(f->path, path) != 0;)
		f = f->next;
	if (!f) {
		f = x_calloc(1, sizeof *f);
		f->path = cv_arena_strdup(ic->a, path);
		f->next = ic->fonts;
		ic->fonts = f;
		int err = font_bytes(f);
		if (err) {
			f->bad = true;
			if (err == EFBIG)
				cv_msg(CV_ERROR, pos, "icon-font-unreadable",
				       "cannot read icon font \"%s\": larger than %u MB", path,
				       FONT_MAX_BYTES / (1024 * 1024));
			else
				cv_msg(CV_ERROR, pos, "icon-font-unreadable",
				       "cannot read icon font \"%s\": %s", path, strerror(err));
		}
	}
	if (f->bad)
		return NULL;
	if (!f->checked) {
		struct reading r = {.ic = ic, .f = f};
		f->checked = true;
		if (!font_tables(&r)) {
			report_font(&r, pos);
			return NULL;
		}
	}
	return f;
}

bool cv_icons_add_font(struct cv_icons *ic, const char *path, const void *data, size_t len)
{
	for (struct font *f = ic->fonts; f; f = f->next)
		if (strcmp(f->path, path) == 0)
			return false;
	struct font *f = x_calloc(1, sizeof *f);
	f->path = cv_arena_strdup(ic->a, path);
	f->heap = x_malloc(len);
	if (len)
		memcpy(f->heap, data, len);
	f->data = (const unsigned char *)f->heap;
	f->len = len;
	f->next = ic->fonts;
	ic->fonts = f;
	return true;
}

/* ---- glyph names ---------------------------------------------------------- */

/* Glyph g's name as bytes (g < f->named). */
static void glyph_name(const struct font *f, unsigned g, const char **s, size_t *len)
{
	unsigned k = f->format2 ? u16(&f->post, 34 + 2 * (size_t)g) : g;
	if (k < 258) {
		*s = mac_names[k];
		*len = strlen(*s);
	} else {
		uint32_t at = f->name_at[k - 258];
		*len = f->post.p[at];
		*s = (const char *)f->post.p + at + 1;
	}
}

/* Read the post table's names once: false with r->why if it is damaged. */
static bool names_index(struct reading *r)
{
	struct font *f = r->f;
	const struct cv_sfnt_tab *t = &f->post;
	if (f->indexed)
		return true;
	f->indexed = true;
	uint32_t version = t->n >= 32 ? u32(t, 0) : 0;
	if (version == 0x00010000u) {
		f->named = f->nglyphs < 258 ? f->nglyphs : 258;
	} else if (version == 0x00020000u) {
		f->format2 = true;
		if (t->n < 34)
			return fail(r, "post is %zu bytes, too short for its glyph count", t->n);
		unsigned n = u16(t, 32);
		size_t start = 34 + 2 * (size_t)n, at;
		if (start > t->n)
			return fail(
			    r, "post is %zu bytes, too short for the name numbers of %u glyphs",
			    t->n, n);
		for (at = start; at < t->n; at += 1 + (size_t)t->p[at], f->nnames++)
			if (t->p[at] >= t->n - at)
				return fail(
				    r, "post name %zu (%u bytes) runs past the end of the table",
				    f->nnames, t->p[at]);
		f->name_at = x_malloc((f->nnames ? f->nnames : 1) * sizeof *f->name_at);
		size_t i = 0;
		for (at = start; at < t->n; at += 1 + (size_t)t->p[at])
			f->name_at[i++] = (uint32_t)at;
		for (unsigned g = 0; g < n; g++) {
			unsigned k = u16(t, 34 + 2 * (size_t)g);
			if (k >= 258 && k - 258 >= f->nnames)
				return fail(
				    r,
				    "post gives glyph %u name number %u, but it holds only %zu "
				    "names",
				    g, k, 258 + f->nnames);
		}
		f->named = n < f->nglyphs ? n : f->nglyphs;
	} /* else no names (format 3.0, or none): the cmap only */
	return true;
}

/* The first glyph named name in the post table: its id, NOT_FOUND, or DAMAGED (r->why). */
static long find_name(struct reading *r, const char *name)
{
	struct font *f = r->f;
	if (!names_index(r))
		return DAMAGED;
	size_t len = strlen(name);
	if (!f->format2) {
		for (unsigned g = 0; g < f->named; g++)
			if (strcmp(mac_names[g], name) == 0)
				return g;
		return NOT_FOUND;
	}
	/* names_index checked that the numbers lie in post and name existing names */
	const unsigned char *num = f->post.p + 34, *post = f->post.p;
	for (unsigned g = 0; g < f->named; g++) {
		unsigned k = (unsigned)num[2 * g] << 8 | num[2 * g + 1];
		if (k < 258) {
			if (strcmp(mac_names[k], name) == 0)
				return g;
			continue;
		}
		const unsigned char *s = post + f->name_at[k - 258];
		if (s[0] == len && s[1] == (unsigned char)name[0] && memcmp(s + 1, name, len) == 0)
			return g;
	}
	return NOT_FOUND;
}

/* The code point a name "uniXXXX" or "uXXXX".."uXXXXXX" stands for, or -1. */
static long name_code_point(const char *name)
{
	size_t digits;
	const char *h;
	if (strncmp(name, "uni", 3) == 0 && strlen(name) == 7) {
		h = name + 3;
		digits = 4;
	} else if (name[0] == 'u' && strlen(name) >= 5 && strlen(name) <= 7) {
		h = name + 1;
		digits = strlen(h);
	} else {
		return -1;
	}
	long cp = 0;
	for (size_t i = 0; i < digits; i++) {
		char c = h[i];
		int v = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		                               : -1;
		if (v < 0)
			return -1;
		cp = cp * 16 + v;
	}
	return cp <= 0x10FFFF ? cp : -1;
}

/* Glyph of cp in a format 4 subtable st (its whole length checked), or 0. */
static unsigned cmap4(const struct cv_sfnt_tab *st, uint32_t cp)
{
	if (cp > 0xFFFF)
		return 0;
	size_t segs2 = u16(st, 6) & ~1u;
	if (!inside(st, 16, 4 * segs2))
		return 0;
	for (size_t i = 0; i < segs2; i += 2) {
		unsigned end = u16(st, 14 + i), start = u16(st, 16 + segs2 + i);
		if (end < cp)
			continue;
		if (start > cp)
			return 0;
		unsigned delta = u16(st, 16 + 2 * segs2 + i);
		size_t ro_at = 16 + 3 * segs2 + i;
		unsigned ro = u16(st, ro_at);
		if (ro == 0)
			return (cp + delta) & 0xFFFF;
		size_t at = ro_at + ro + 2 * (size_t)(cp - start);
		unsigned g = u16(st, at); /* 0 (no glyph) outside the subtable */
		return g ? (g + delta) & 0xFFFF : 0;
	}
	return 0;
}

/* Glyph of cp in a format 12 subtable st, or 0. */
static unsigned cmap12(const struct cv_sfnt_tab *st, uint32_t cp)
{
	uint32_t n = u32(st, 12);
	if (n > (st->n - 16) / 12)
		n = (uint32_t)((st->n - 16) / 12); /* the groups that are there */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, at = 16 + 12 * mid;
		uint32_t start = u32(st, at), end = u32(st, at + 4);
		if (cp < start)
			hi = mid;
		else if (cp > end)
			lo = mid + 1;
		else
			return (unsigned)(u32(st, at + 8) + (cp - start));
	}
	return 0;
}

/* The glyph the cmap gives cp (Unicode subtables of format 12 or 4), or NOT_FOUND. */
static long find_code_point(const struct font *f, uint32_t cp)
{
	const struct cv_sfnt_tab *t = &f->cmap;
	unsigned n = u16(t, 2);
	for (int want = 12; want >= 4; want -= 8) {
		for (unsigned i = 0; i < n && inside(t, 4 + 8 * (size_t)i, 8); i++) {
			unsigned platform = u16(t, 4 + 8 * (size_t)i),
			         encoding = u16(t, 6 + 8 * (size_t)i);
			uint32_t off = u32(t, 8 + 8 * (size_t)i);
			if (!(platform == 0 ||
			      (platform == 3 && (encoding == 1 || encoding == 10))))
				continue;
			if (off >= t->n || u16(t, off) != (unsigned)want)
				continue;
			struct cv_sfnt_tab st = {t->p + off, t->n - off};
			size_t len = want == 12 ? u32(&st, 4) : u16(&st, 2);
			if (len < 16 || len > st.n)
				continue;
			st.n = len;
			unsigned g = want == 12 ? cmap12(&st, cp) : cmap4(&st, cp);
			if (g)
				return g < f->nglyphs ? (long)g : NOT_FOUND;
		}
	}
	return NOT_FOUND;
}

/* ---- outlines ------------------------------------------------------------ */

static bool load_glyph(struct reading *r, unsigned gid, unsigned depth);

/* Glyph gid's bytes in glyf; false with r->why if loca puts them outside. */
static bool glyph_bytes(struct reading *r, unsigned gid, struct cv_sfnt_tab *out)
{
	const struct font *f = r->f;
	size_t a, b;
	if (f->long_loca) {
		a = u32(&f->loca, 4 * (size_t)gid);
		b = u32(&f->loca, 4 * (size_t)gid + 4);
	} else {
		a = 2 * (size_t)u16(&f->loca, 2 * (size_t)gid);
		b = 2 * (size_t)u16(&f->loca, 2 * (size_t)gid + 2);
	}
	if (a > b || b > f->glyf.n)
		return fail(r, "loca gives glyph %u the bytes %zu to %zu of glyf, which has %zu",
		            gid, a, b, f->glyf.n);
	*out = (struct cv_sfnt_tab){f->glyf.p + a, b - a};
	return true;
}

static bool read_simple(struct reading *r, unsigned gid, const struct cv_sfnt_tab *t, unsigned nc)
{
	struct cv_icons *ic = r->ic;
	size_t at = 10 + 2 * (size_t)nc + 2;
	if (t->n < at)
		return fail(r, "glyph %u has %u contours but only %zu bytes", gid, nc, t->n);
	unsigned last = 0;
	for (unsigned i = 0; i < nc; i++) {
		unsigned e = u16(t, 10 + 2 * (size_t)i);
		if (i > 0 && e <= last)
			return fail(r, "glyph %u: contour %u ends at point %u, not after %u", gid,
			            i, e, last);
		last = e;
	}
	size_t base = ic->npts, n = nc ? (size_t)last + 1 : 0;
	if (n > MAX_POINTS - base)
		return fail(r, "glyph %u has more than %u points", gid, MAX_POINTS);
	at += u16(t, at - 2);
	if (at > t->n)
		return fail(r, "glyph %u: its instructions run past its %zu bytes", gid, t->n);
	ic->pts = x_grow(ic->pts, &ic->cap_pts, base + n, sizeof *ic->pts);
	struct pt *p = ic->pts + base;
	for (size_t i = 0; i < n;) {
		if (at >= t->n)
			return fail(r, "glyph %u: its flags end after %zu of its %zu points", gid,
			            i, n);
		unsigned char flag = t->p[at++];
		size_t repeat = 1;
		if (flag & 8) {
			if (at >= t->n)
				return fail(r, "glyph %u: its flags end in a repeat", gid);
			repeat += t->p[at++];
			if (repeat > n - i)
				return fail(r, "glyph %u: a flag repeats past its %zu points", gid,
				            n);
		}
		while (repeat--)
			p[i++].flag = flag;
	}
	for (int axis = 0; axis < 2; axis++) {
		unsigned is_short = axis ? 4 : 2, same = axis ? 0x20 : 0x10;
		long v = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned char flag = p[i].flag;
			if (flag & is_short) {
				if (at >= t->n)
					return fail(
					    r, "glyph %u: its coordinates run past its %zu bytes",
					    gid, t->n);
				v += flag & same ? t->p[at] : -(long)t->p[at];
				at++;
			} else if (!(flag & same)) {
				if (!inside(t, at, 2))
					return fail(
					    r, "glyph %u: its coordinates run past its %zu bytes",
					    gid, t->n);
				v += s16(t, at);
				at += 2;
			}
			*(axis ? &p[i].y : &p[i].x) = (double)v;
		}
	}
	ic->npts = base + n;
	ic->ends = x_grow(ic->ends, &ic->cap_ends, ic->nends + nc, sizeof *ic->ends);
	for (unsigned i = 0; i < nc; i++)
		ic->ends[ic->nends++] = base + u16(t, 10 + 2 * (size_t)i);
	return true;
}

static double f2dot14(const struct cv_sfnt_tab *t, size_t at)
{
	return s16(t, at) / 16384.0;
}

static bool read_composite(struct reading *r, unsigned gid, const struct cv_sfnt_tab *t,
                           unsigned depth)
{
	struct cv_icons *ic = r->ic;
	size_t at = 10, own = ic->npts; /* this glyph's points start at own */
	unsigned flags;
	do {
		if (++r->components > MAX_COMPONENTS)
			return fail(r, "glyph %u: more than %d components", gid, MAX_COMPONENTS);
		if (!inside(t, at, 4))
			return fail(r, "glyph %u: a component runs past its %zu bytes", gid, t->n);
		flags = u16(t, at);
		unsigned child = u16(t, at + 2);
		at += 4;
		size_t args = flags & 1 ? 4 : 2, more = flags & 8      ? 2
		                                        : flags & 0x40 ? 4
		                                        : flags & 0x80 ? 8
		                                                       : 0;
		if (!inside(t, at, args + more))
			return fail(r, "glyph %u: a component runs past its %zu bytes", gid, t->n);
		long a1, a2;
		if (flags & 1) {
			a1 = flags & 2 ? s16(t, at) : (long)u16(t, at);
			a2 = flags & 2 ? s16(t, at + 2) : (long)u16(t, at + 2);
		} else {
			a1 = flags & 2 ? (signed char)t->p[at] : (long)t->p[at];
			a2 = flags & 2 ? (signed char)t->p[at + 1] : (long)t->p[at + 1];
		}
		at += args;
		double m[4] = {1, 0, 0, 1}; /* x' = m0 x + m2 y, y' = m1 x + m3 y */
		if (flags & 8) {
			m[0] = m[3] = f2dot14(t, at);
		} else if (flags & 0x40) {
			m[0] = f2dot14(t, at);
			m[3] = f2dot14(t, at + 2);
		} else if (flags & 0x80) {
			for (int k = 0; k < 4; k++)
				m[k] = f2dot14(t, at + 2 * (size_t)k);
		}
		at += more;
		if (child >= r->f->nglyphs)
			return fail(r, "glyph %u: a component is glyph %u, past the font's %u", gid,
			            child, r->f->nglyphs);
		size_t start = ic->npts;
		if (!load_glyph(r, child, depth + 1))
			return false;
		for (size_t i = start; i < ic->npts; i++) {
			double x = ic->pts[i].x, y = ic->pts[i].y;
			ic->pts[i].x = m[0] * x + m[2] * y;
			ic->pts[i].y = m[1] * x + m[3] * y;
		}
		double dx, dy;
		if (flags & 2) {
			dx = (double)a1;
			dy = (double)a2;
			if ((flags & 0x800) && !(flags & 0x1000)) {
				double x = dx;
				dx = m[0] * x + m[2] * dy;
				dy = m[1] * x + m[3] * dy;
			}
		} else { /* point a1 of the glyph so far meets point a2 of the component */
			if ((size_t)a1 >= start - own || (size_t)a2 >= ic->npts - start)
				return fail(
				    r,
				    "glyph %u: a component matches point %ld to its point %ld, "
				    "of %zu and %zu points",
				    gid, a1, a2, start - own, ic->npts - start);
			dx = ic->pts[own + (size_t)a1].x - ic->pts[start + (size_t)a2].x;
			dy = ic->pts[own + (size_t)a1].y - ic->pts[start + (size_t)a2].y;
		}
		for (size_t i = start; i < ic->npts; i++) {
			ic->pts[i].x += dx;
			ic->pts[i].y += dy;
		}
		if ((flags & 0x200) && depth == 0)
			r->metrics_gid = child;
	} while (flags & 0x20);
	return true;
}

/* Append glyph gid's points and contours to the scratch arrays. */
static bool load_glyph(struct reading *r, unsigned gid, unsigned depth)
{
	struct cv_sfnt_tab t = {NULL, 0};
	if (depth > MAX_DEPTH)
		return fail(r, "glyph %u: components nest deeper than %d levels", gid, MAX_DEPTH);
	if (!glyph_bytes(r, gid, &t))
		return false;
	if (t.n == 0)
		return true; /* an empty glyph */
	if (t.n < 10)
		return fail(r, "glyph %u is %zu bytes, shorter than its header", gid, t.n);
	int nc = s16(&t, 0);
	return nc >= 0 ? read_simple(r, gid, &t, (unsigned)nc) : read_composite(r, gid, &t, depth);
}

static struct cv_icon_seg *seg_add(struct cv_icons *ic, enum cv_icon_op op)
{
	if (ic->nsegs == ic->cap_segs)
		ic->segs = x_grow(ic->segs, &ic->cap_segs, ic->nsegs + 1, sizeof *ic->segs);
	struct cv_icon_seg *s = &ic->segs[ic->nsegs++];
	*s = (struct cv_icon_seg){.op = op};
	return s;
}

/* A quadratic from the current point p0 through control q to p2, as the exact cubic. */
static void quad_to(struct cv_icons *ic, struct pt p0, struct pt q, struct pt p2, double k)
{
	struct cv_icon_seg *s = seg_add(ic, CV_ICON_CURVE);
	s->x1 = (p0.x + 2 * q.x) / 3 * k;
	s->y1 = (p0.y + 2 * q.y) / 3 * k;
	s->x2 = (p2.x + 2 * q.x) / 3 * k;
	s->y2 = (p2.y + 2 * q.y) / 3 * k;
	s->x = p2.x * k;
	s->y = p2.y * k;
}

static void line_to(struct cv_icons *ic, struct pt p, double k)
{
	struct cv_icon_seg *s = seg_add(ic, CV_ICON_LINE);
	s->x = p.x * k;
	s->y = p.y * k;
}

static struct pt midpoint(struct pt a, struct pt b)
{
	return (struct pt){(a.x + b.x) / 2, (a.y + b.y) / 2, 1};
}

/* Contour pts[first..last] as MOVE, LINE/CURVE..., CLOSE; k scales to 1/1000 em. */
static void contour(struct cv_icons *ic, size_t first, size_t last, double k)
{
	const struct pt *p = ic->pts;
	size_t n = last - first + 1, on = n;
	for (size_t i = 0; i < n && on == n; i++)
		if (p[first + i].flag & 1)
			on = i;
	/* Start on the first on-curve point, or between the last and first points
	 * when all are off the curve; then walk once around the contour. */
	struct pt start = on < n ? p[first + on] : midpoint(p[last], p[first]), cur = start,
	          ctrl = {0};
	bool pending = false;
	struct cv_icon_seg *m = seg_add(ic, CV_ICON_MOVE);
	m->x = start.x * k;
	m->y = start.y * k;
	size_t from = on < n ? on + 1 : 0;
	for (size_t j = 0; j < n - (on < n); j++) {
		struct pt q = p[first + (from + j) % n];
		if (q.flag & 1) {
			if (pending)
				quad_to(ic, cur, ctrl, q, k);
			else
				line_to(ic, q, k);
			cur = q;
			pending = false;
		} else {
			if (pending) {
				struct pt half = midpoint(ctrl, q);
				quad_to(ic, cur, ctrl, half, k);
				cur = half;
			}
			ctrl = q;
			pending = true;
		}
	}
	if (pending)
		quad_to(ic, cur, ctrl, start, k);
	else if (cur.x != start.x || cur.y != start.y)
		line_to(ic, start, k);
	seg_add(ic, CV_ICON_CLOSE);
}

/* Decode glyph gid into an arena outline; NULL with r->why. */
static const struct cv_icon *outline(struct reading *r, unsigned gid, const char *name)
{
	struct cv_icons *ic = r->ic;
	struct font *f = r->f;
	ic->npts = ic->nends = ic->nsegs = 0;
	r->metrics_gid = gid;
	if (!load_glyph(r, gid, 0))
		return NULL;
	struct cv_icon *icon = cv_arena_alloc(ic->a, sizeof *icon);
	bool any = false;
	double k = f->scale;
	for (size_t c = 0, first = 0; c < ic->nends; first = ic->ends[c++] + 1) {
		size_t last = ic->ends[c];
		if (last <= first)
			continue; /* a lone point draws nothing */
		contour(ic, first, last, k);
		for (size_t i = first; i <= last; i++) {
			double x = ic->pts[i].x * k, y = ic->pts[i].y * k;
			if (!any || x < icon->xmin)
				icon->xmin = x;
			if (!any || x > icon->xmax)
				icon->xmax = x;
			if (!any || y < icon->ymin)
				icon->ymin = y;
			if (!any || y > icon->ymax)
				icon->ymax = y;
			any = true;
		}
	}
	unsigned mg = r->metrics_gid < f->nhmetrics ? r->metrics_gid : f->nhmetrics - 1;
	icon->font = f->path;
	icon->glyph = cv_arena_strdup(ic->a, name);
	icon->gid = gid;
	icon->advance = u16(&f->hmtx, 4 * (size_t)mg) * k;
	icon->nsegs = ic->nsegs;
	icon->segs =
	    ic->nsegs ? cv_arena_memdup(ic->a, ic->segs, ic->nsegs * sizeof *ic->segs) : NULL;
	return icon;
}

/* The outline of glyph gid of f, built once per name; NULL after reporting. */
static const struct cv_icon *glyph_icon(struct cv_icons *ic, struct font *f, unsigned gid,
                                        const char *name, const struct cv_pos *pos)
{
	struct reading r = {.ic = ic, .f = f};
	const struct cv_icon *icon = outline(&r, gid, name);
	if (!icon) {
		cv_msg(CV_ERROR, pos, "icon-font-damaged",
		       "cannot use icon font \"%s\": %s (icon \"%s\")", f->path, r.why,
		       cv_msg_show(ic->a, name, strlen(name)));
		return NULL;
	}
	struct cached *c = x_calloc(1, sizeof *c);
	*c = (struct cached){icon->glyph, icon, f->glyphs};
	f->glyphs = c;
	return icon;
}

static const struct cv_icon *cached(const struct font *f, const char *glyph)
{
	for (const struct cached *c = f->glyphs; c; c = c->next)
		if (strcmp(c->glyph, glyph) == 0)
			return c->icon;
	return NULL;
}

/* Glyph id of glyph in f: by post name, else "uniXXXX" through the cmap; DAMAGED reported. */
static long glyph_id(struct cv_icons *ic, struct font *f, const char *glyph,
                     const struct cv_pos *pos)
{
	struct reading r = {.ic = ic, .f = f};
	long gid = find_name(&r, glyph);
	if (gid == DAMAGED) {
		report_font(&r, pos);
		return DAMAGED;
	}
	long cp = gid == NOT_FOUND ? name_code_point(glyph) : -1;
	return cp >= 0 ? find_code_point(f, (uint32_t)cp) : gid;
}

const struct cv_icon *cv_icons_glyph(struct cv_icons *ic, const char *path, const char *glyph,
                                     const struct cv_pos *pos)
{
	struct font *f = font_get(ic, path, pos);
	if (!f)
		return NULL;
	const struct cv_icon *icon = cached(f, glyph);
	if (icon)
		return icon;
	long gid = glyph_id(ic, f, glyph, pos);
	if (gid == DAMAGED)
		return NULL;
	if (gid == NOT_FOUND) {
		cv_msg(CV_ERROR, pos, "icon-not-in-font", "icon font \"%s\" has no glyph \"%s\"",
		       path, cv_msg_show(ic->a, glyph, strlen(glyph)));
		return NULL;
	}
	return glyph_icon(ic, f, (unsigned)gid, glyph, pos);
}

/* ---- folio's names and the bundled fonts --------------------------------- */

/* The bundled font file (0 solid, 1 brands), found once; NULL after reporting. */
static struct font *bundled(struct cv_icons *ic, int which, const struct cv_pos *pos)
{
	static const char *const files[2] = {CV_ICON_FONT_SOLID, CV_ICON_FONT_BRANDS};
	if (ic->missing[which])
		return NULL;
	if (!ic->bundled[which])
		ic->bundled[which] = cv_paths_find(ic->a, "fonts", files[which]);
	if (!ic->bundled[which]) {
		ic->missing[which] = true;
		cv_msg(CV_ERROR, pos, "icon-font-unreadable",
		       "icon font \"%s\" not found (in fonts/ on the search path)", files[which]);
		return NULL;
	}
	return font_get(ic, ic->bundled[which], pos);
}

/* Closer candidate than *best (distance *d) for an unknown name? */
static void consider(const char *name, const char *cand, const char **best, int *d,
                     struct cv_arena *a, size_t len)
{
	char buf[256];
	const char *c = cand;
	if (len != (size_t)-1) {
		memcpy(buf, cand, len);
		buf[len] = '\0';
		c = buf;
	}
	int e = cv_edit_distance(name, c);
	if (e < *d) {
		*d = e;
		*best = c == buf ? cv_arena_strdup(a, buf) : cand;
	}
}

static void unknown(struct cv_icons *ic, const char *name, const struct cv_pos *pos)
{
	const char *best = NULL;
	int d = 3;
	for (size_t i = 0; i < CV_COUNT(names); i++)
		consider(name, names[i].name, &best, &d, ic->a, (size_t)-1);
	for (int which = 0; which < 2; which++) {
		struct font *f = ic->bundled[which] ? font_get(ic, ic->bundled[which], NULL) : NULL;
		struct reading r = {.ic = ic, .f = f};
		if (!f || !names_index(&r))
			continue;
		for (unsigned g = 0; g < f->named; g++) {
			const char *s;
			size_t len;
			glyph_name(f, g, &s, &len);
			if (len > 0 && len < 256 && s[0] != '.')
				consider(name, s, &best, &d, ic->a, len);
		}
	}
	const char *shown = cv_msg_show(ic->a, name, strlen(name));
	if (best)
		cv_msg(CV_ERROR, pos, "icon-unknown", "unknown icon \"%s\" (did you mean \"%s\"?)",
		       shown, best);
	else
		cv_msg(CV_ERROR, pos, "icon-unknown",
		       "unknown icon \"%s\" (folio's names are in docs/icons.md; any Font Awesome "
		       "Free solid or brands icon name works too)",
		       shown);
}

const struct cv_icon *cv_icons_get(struct cv_icons *ic, const char *name, const struct cv_pos *pos)
{
	const struct cv_icon_ref *ref = cv_icon_resolve(name);
	if (ref) {
		struct font *f =
		    bundled(ic, strcmp(ref->font, CV_ICON_FONT_SOLID) == 0 ? 0 : 1, pos);
		return f ? cv_icons_glyph(ic, f->path, ref->glyph, pos) : NULL;
	}
	char key[MAX_NAME + 1];
	if (normalize(name, key)) {
		for (int which = 0; which < 2; which++) {
			struct font *f = bundled(ic, which, pos);
			if (!f)
				return NULL;
			const struct cv_icon *icon = cached(f, key);
			if (icon)
				return icon;
			struct reading r = {.ic = ic, .f = f};
			long gid = find_name(&r, key);
			if (gid == DAMAGED) {
				report_font(&r, pos);
				return NULL;
			}
			if (gid >= 0)
				return glyph_icon(ic, f, (unsigned)gid, key, pos);
		}
	}
	unknown(ic, name, pos);
	return NULL;
}
