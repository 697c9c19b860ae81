/*
 * Checks on a TrueType file's tables before HarfBuzz subsets it and libharu
 * 2.3.0 loads the subset (hpdf_fontdef_tt.c), so that neither divides by
 * zero, indexes past an array it sized from the file, allocates from a
 * count the data cannot back, nor writes a broken font program or font
 * name into the PDF; the composite glyph checker and the PostScript name
 * repair.  Each check names the libharu or HarfBuzz code it protects.
 */
#include "sfnt_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util.h"

#define TAG CV_SFNT_TAG
#define UPEM_MIN 16
#define UPEM_MAX 16384
#define HPDF_MAX_TABLES 625 /* libharu refuses numTables * 16 > 10000 */
#define HPDF_NAME_MAX 119   /* libharu: PostScript + subfamily name + 8 <= 127 */
#define GLYPH_HEADER 10     /* numberOfContours and the bounding box */

/* What one check run knows so far. */
struct ck {
	struct cv_sfnt_tab file;
	size_t dir; /* offset of the first font's table directory */
	enum cv_sfnt_use use;
	enum cv_sfnt_verdict verdict;
	char *why;
	size_t size;
	struct cv_sfnt_tab head, maxp, hhea, hmtx, loca, glyf, cmap, name, os2, post;
	unsigned upem, num_glyphs, num_hmetrics;
	bool long_loca;
	unsigned box_glyph[2]; /* libharu's glyphs for 'H' and 'x' (it reads their boxes) */
};

static const char box_chars[2] = {'H', 'x'};

static bool fail(struct ck *c, const char *fmt, ...) CV_PRINTF(2, 3);

/* Record the first problem; always false, for `return fail(...)`. */
static bool fail(struct ck *c, const char *fmt, ...)
{
	if (c->verdict == CV_SFNT_OK) {
		c->verdict = CV_SFNT_DAMAGED;
		va_list ap;
		va_start(ap, fmt);
		if (c->size)
			vsnprintf(c->why, c->size, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* A tag for a message: printable ASCII kept, anything else '?'. */
static const char *tag_name(uint32_t tag, char out[5])
{
	for (int i = 0; i < 4; i++) {
		unsigned char ch = (unsigned char)(tag >> (24 - 8 * i));
		out[i] = ch >= 0x20 && ch < 0x7F ? (char)ch : '?';
	}
	out[4] = '\0';
	return out;
}

static unsigned u16(const struct cv_sfnt_tab *t, size_t off)
{
	return cv_sfnt_u16(t, off, 0);
}

static int s16(const struct cv_sfnt_tab *t, size_t off)
{
	return (int)(int16_t)cv_sfnt_u16(t, off, 0);
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

struct cv_sfnt_tab cv_sfnt_table(const void *data, size_t len, uint32_t tag)
{
	const unsigned char *d = data;
	struct cv_sfnt_tab file = {d, len}, none = {NULL, 0};
	size_t dir = 0;
	if (u32(&file, 0) == TAG('t', 't', 'c', 'f'))
		dir = u32(&file, 12); /* the first font of a collection */
	unsigned n = cv_sfnt_u16(&file, dir, 4);
	size_t rec = (size_t)-1;
	if (n < 16) { /* as HarfBuzz: first match, or a binary search from 16 tables */
		for (unsigned i = 0; i < n && rec == (size_t)-1; i++)
			if (cv_sfnt_u32(&file, dir + 12 + 16 * (size_t)i, 0) == tag)
				rec = dir + 12 + 16 * (size_t)i;
	} else {
		int lo = 0, hi = (int)n - 1;
		while (lo <= hi && rec == (size_t)-1) {
			int mid = (int)(((unsigned)lo + (unsigned)hi) / 2);
			uint32_t v = cv_sfnt_u32(&file, dir + 12 + 16 * (size_t)mid, 0);
			if (tag < v)
				hi = mid - 1;
			else if (tag > v)
				lo = mid + 1;
			else
				rec = dir + 12 + 16 * (size_t)mid;
		}
	}
	if (rec == (size_t)-1)
		return none;
	size_t off = cv_sfnt_u32(&file, rec, 8), n_ = cv_sfnt_u32(&file, rec, 12);
	if (off >= len)
		return none;
	return (struct cv_sfnt_tab){d + off, n_ < len - off ? n_ : len - off};
}

/*
 * The table directory: every table inside the file (libharu seeks to each
 * offset and reads on into whatever follows).  libharu finds tables by a
 * linear first match, HarfBuzz by a binary search: bytes for libharu must
 * be sorted without duplicates so both see the same tables.
 */
static bool check_directory(struct ck *c)
{
	const struct cv_sfnt_tab *f = &c->file;
	char a[5], b[5];
	if (f->n < 12)
		return fail(c, "it is %zu bytes, too short for a table directory", f->n);
	uint32_t version = u32(f, 0);
	if (version == TAG('t', 't', 'c', 'f')) {
		if (c->use == CV_SFNT_LIBHARU)
			return fail(c, "it is a font collection");
		if (f->n < 16 || u32(f, 8) == 0)
			return fail(c, "the font collection holds no font");
		c->dir = u32(f, 12);
		if (!inside(f, c->dir, 12))
			return fail(c, "the collection's first font lies outside the file");
		version = u32(f, c->dir);
	}
	if (version != 0x00010000u && version != TAG('t', 'r', 'u', 'e'))
		return fail(c, "its sfnt version is 0x%08X (must be 0x00010000)",
		            (unsigned)version);
	unsigned n = u16(f, c->dir + 4);
	if (n == 0)
		return fail(c, "it has no tables");
	if (!inside(f, c->dir + 12, 16 * (size_t)n))
		return fail(c, "its table directory (%u tables) runs past the end of the file", n);
	if (c->use == CV_SFNT_LIBHARU && n > HPDF_MAX_TABLES)
		return fail(c, "it has %u tables (libharu reads at most %u)", n, HPDF_MAX_TABLES);
	uint32_t prev = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t rec = c->dir + 12 + 16 * (size_t)i;
		uint32_t tag = u32(f, rec), off = u32(f, rec + 8), len = u32(f, rec + 12);
		if (!inside(f, off, len))
			return fail(
			    c,
			    "table \"%s\" runs past the end of the file (offset %u, length %u; "
			    "the file has %zu bytes)",
			    tag_name(tag, a), (unsigned)off, (unsigned)len, f->n);
		if (c->use == CV_SFNT_LIBHARU && i > 0 && tag <= prev)
			return fail(c, "its table directory is not sorted (\"%s\" after \"%s\")",
			            tag_name(tag, a), tag_name(prev, b));
		prev = tag;
	}
	static const char *const required[] = {"head", "hhea", "maxp", "hmtx", "loca",
	                                       "glyf", "cmap", "name", "OS/2"};
	struct cv_sfnt_tab *slot[] = {&c->head, &c->hhea, &c->maxp, &c->hmtx, &c->loca,
	                              &c->glyf, &c->cmap, &c->name, &c->os2};
	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		const char *t = required[i];
		*slot[i] = cv_sfnt_table(f->p, f->n, TAG(t[0], t[1], t[2], t[3]));
		if (!slot[i]->p)
			return fail(c, "it has no \"%s\" table", t);
	}
	c->post = cv_sfnt_table(f->p, f->n, TAG('p', 'o', 's', 't'));
	return true;
}

/*
 * head: libharu divides every metric by unitsPerEm (0 is SIGFPE; HarfBuzz
 * takes 1000 outside 16..16384, so measuring and the PDF would disagree);
 * HarfBuzz ignores a head without version 1 and the magic number, and glyf
 * when indexToLocFormat > 1 or glyphDataFormat != 0 (libharu takes any
 * non-zero format as long offsets).  The box is the PDF's FontBBox.
 */
static bool check_head(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->head;
	if (t->n < 54)
		return fail(c, "head is %zu bytes (needs 54)", t->n);
	if (u16(t, 0) != 1)
		return fail(c, "head.majorVersion is %u (must be 1)", u16(t, 0));
	if (u32(t, 12) != 0x5F0F3CF5u)
		return fail(c, "head.magicNumber is 0x%08X (must be 0x5F0F3CF5)",
		            (unsigned)u32(t, 12));
	c->upem = u16(t, 18);
	if (c->upem < UPEM_MIN || c->upem > UPEM_MAX)
		return fail(c, "head.unitsPerEm is %u (must be %u to %u)", c->upem, UPEM_MIN,
		            UPEM_MAX);
	int x_min = s16(t, 36), y_min = s16(t, 38), x_max = s16(t, 40), y_max = s16(t, 42);
	if (x_min > x_max)
		return fail(c, "head.xMin is %d, more than head.xMax %d", x_min, x_max);
	if (y_min > y_max)
		return fail(c, "head.yMin is %d, more than head.yMax %d", y_min, y_max);
	int loca_format = s16(t, 50), data_format = s16(t, 52);
	if (loca_format != 0 && loca_format != 1)
		return fail(c, "head.indexToLocFormat is %d (must be 0 or 1)", loca_format);
	if (data_format != 0)
		return fail(c, "head.glyphDataFormat is %d (must be 0)", data_format);
	c->long_loca = loca_format == 1;
	return true;
}

/*
 * maxp: libharu sizes its metrics, loca and glyph-flag arrays from
 * numGlyphs and sets the flag of glyph 0 (numGlyphs 0 writes past an empty
 * array); HarfBuzz counts no glyphs in a maxp it cannot sanitize.
 */
static bool check_maxp(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->maxp;
	if (t->n < 6)
		return fail(c, "maxp is %zu bytes (needs 6)", t->n);
	uint32_t version = u32(t, 0);
	if (version != 0x00005000u && version != 0x00010000u)
		return fail(c, "maxp.version is 0x%08X (must be 0x00005000 or 0x00010000)",
		            (unsigned)version);
	if (version == 0x00010000u && t->n < 32)
		return fail(c, "maxp is %zu bytes (version 1.0 needs 32)", t->n);
	c->num_glyphs = u16(t, 4);
	if (c->num_glyphs == 0)
		return fail(c, "maxp.numGlyphs is 0 (must be at least 1)");
	return true;
}

/* Does v [font units] as libharu's v * 1000 / unitsPerEm fit its 16-bit fields? */
static bool fits_int16(const struct ck *c, long v)
{
	long scaled = v * 1000 / (long)c->upem;
	return scaled >= INT16_MIN && scaled <= INT16_MAX;
}

/*
 * hhea: libharu reads numberOfHMetrics records into an array of numGlyphs
 * (more is a heap overflow; 0 leaves every width 0) and keeps ascender and
 * descender in 1/1000 em as 16-bit values (folio's typesetter stacks lines
 * by their difference); HarfBuzz ignores the metrics of an hhea whose major
 * version is not 1.
 */
static bool check_hhea(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->hhea;
	if (t->n < 36)
		return fail(c, "hhea is %zu bytes (needs 36)", t->n);
	if (u16(t, 0) != 1)
		return fail(c, "hhea.majorVersion is %u (must be 1)", u16(t, 0));
	int asc = s16(t, 4), desc = s16(t, 6);
	if (!fits_int16(c, asc))
		return fail(c, "hhea.ascender is %d (more than 32 em at %u units per em)", asc,
		            c->upem);
	if (!fits_int16(c, desc))
		return fail(c, "hhea.descender is %d (more than 32 em at %u units per em)", desc,
		            c->upem);
	if (asc < desc) /* the typesetter's line height, ascent + descent */
		return fail(c, "hhea.ascender %d is below hhea.descender %d", asc, desc);
	c->num_hmetrics = u16(t, 34);
	if (c->num_hmetrics == 0 || c->num_hmetrics > c->num_glyphs)
		return fail(c, "hhea.numberOfHMetrics is %u (must be 1 to maxp.numGlyphs, %u)",
		            c->num_hmetrics, c->num_glyphs);
	return true;
}

/*
 * hmtx: libharu reads numberOfHMetrics long metrics and a left side bearing
 * for every other glyph without looking at the table's length, and keeps
 * each width in 1/1000 em as a 16-bit value.
 */
static bool check_hmtx(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->hmtx;
	size_t need = 4 * (size_t)c->num_hmetrics + 2 * (size_t)(c->num_glyphs - c->num_hmetrics);
	if (t->n < need)
		return fail(c, "hmtx is %zu bytes (needs %zu for %u metrics and %u glyphs)", t->n,
		            need, c->num_hmetrics, c->num_glyphs);
	/* the length is checked: read directly (this loop runs for every glyph) */
	unsigned max_width = 32767L * c->upem / 1000; /* fits_int16's bound, exactly */
	for (unsigned g = 0; g < c->num_hmetrics; g++) {
		const unsigned char *q = t->p + 4 * (size_t)g;
		unsigned aw = (unsigned)q[0] << 8 | q[1];
		if (aw > max_width && !fits_int16(c, aw))
			return fail(c,
			            "hmtx advance width of glyph %u is %u (more than 32 em at %u "
			            "units per em)",
			            g, aw, c->upem);
	}
	return true;
}

/*
 * loca and glyf: libharu reads numGlyphs + 1 offsets, then copies each
 * glyph as offset[g + 1] - offset[g] bytes (an offset going down is a 4 GB
 * copy) and reads the box of a glyph from its first 10 bytes.
 */
static bool check_loca(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->loca;
	size_t unit = c->long_loca ? 4 : 2;
	size_t need = unit * ((size_t)c->num_glyphs + 1);
	if (t->n < need)
		return fail(c, "loca is %zu bytes (needs %zu for %u glyphs in the %s format)", t->n,
		            need, c->num_glyphs, c->long_loca ? "long" : "short");
	uint32_t prev = 0;
	for (unsigned g = 0; g <= c->num_glyphs; g++) {
		/* the length is checked: read directly (this loop runs for every glyph) */
		const unsigned char *q = t->p + unit * (size_t)g;
		uint32_t off = c->long_loca ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
		                                  (uint32_t)q[2] << 8 | q[3]
		                            : 2 * ((uint32_t)q[0] << 8 | q[1]);
		if (g > 0 && off < prev)
			return fail(
			    c, "loca offset of glyph %u (%u) is less than that of glyph %u (%u)", g,
			    (unsigned)off, g - 1, (unsigned)prev);
		if (off > c->glyf.n)
			return fail(
			    c, "loca offset of glyph %u (%u) is past the end of glyf (%zu bytes)",
			    g, (unsigned)off, c->glyf.n);
		if (g > 0 && off - prev > 0 && off - prev < GLYPH_HEADER)
			return fail(c, "glyph %u is %u bytes (a glyph with an outline needs %u)",
			            g - 1, (unsigned)(off - prev), GLYPH_HEADER);
		prev = off;
	}
	return true;
}

/*
 * A cmap subtable's length by format (0 if the format has none we know), or
 * (size_t)-1 if the length field itself lies outside the table.
 */
static size_t subtable_length(const struct cv_sfnt_tab *t, size_t off, unsigned format, size_t *min)
{
	static const unsigned short min16[] = {262, 0, 518, 0, 16, 0, 10}; /* formats 0-6 */
	switch (format) {
	case 0:
	case 2:
	case 4:
	case 6:
		*min = min16[format];
		return inside(t, off, 4) ? u16(t, off + 2) : (size_t)-1;
	case 8:
	case 10:
	case 12:
	case 13:
		*min = format == 8 ? 8208 : format == 10 ? 20 : 16;
		return inside(t, off, 8) ? u32(t, off + 4) : (size_t)-1;
	case 14:
		*min = 10;
		return inside(t, off, 6) ? u32(t, off + 2) : (size_t)-1;
	default:
		*min = 0;
		return 0;
	}
}

/*
 * The format 4 subtable libharu reads, as it reads it: it allocates four
 * arrays of segCountX2 / 2 entries and sizes glyphIdArray from the
 * subtable's length; its lookup walks endCode to the first one >= the
 * character (reading startCode[segCount], past its array, unless the last
 * endCode is 0xFFFF), and its glyphIdArray bound is off by one.  Every glyph
 * it can return must be below numGlyphs: it indexes its loca array with
 * the glyphs of 'H' and 'x' unchecked.  HarfBuzz binary-searches the same
 * segments, so they must be sorted and apart.
 */
static bool check_format4(struct ck *c, size_t off)
{
	const struct cv_sfnt_tab *t = &c->cmap;
	unsigned length = u16(t, off + 2), seg_x2 = u16(t, off + 6);
	if (length < 16)
		return fail(c, "cmap format 4 subtable is %u bytes (needs 16)", length);
	if (seg_x2 == 0 || seg_x2 % 2)
		return fail(c, "cmap format 4 segCountX2 is %u (must be even and at least 2)",
		            seg_x2);
	size_t segs = seg_x2 / 2, need = 16 + 8 * segs;
	if (length < need)
		return fail(c, "cmap format 4 subtable is %u bytes (needs %zu for %zu segments)",
		            length, need, segs);
	size_t ends = off + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
	       ranges = deltas + 2 * segs, ids = ranges + 2 * segs;
	size_t nids = (length - need) / 2;
	if (u16(t, ends + 2 * (segs - 1)) != 0xFFFF)
		return fail(c, "cmap format 4 last endCode is 0x%04X (must be 0xFFFF)",
		            u16(t, ends + 2 * (segs - 1)));
	long prev_end = -1;
	for (size_t i = 0; i < segs; i++) {
		long start = u16(t, starts + 2 * i), end = u16(t, ends + 2 * i);
		unsigned delta = u16(t, deltas + 2 * i), range = u16(t, ranges + 2 * i);
		if (start > end)
			return fail(
			    c, "cmap format 4 segment %zu starts after it ends (0x%04lX > 0x%04lX)",
			    i, start, end);
		if (start <= prev_end)
			return fail(c,
			            "cmap format 4 segment %zu (from 0x%04lX) overlaps or precedes "
			            "the one before it",
			            i, start);
		prev_end = end;
		long first = 0;
		if (range != 0) {
			/* libharu's index into glyphIdArray for the segment's first code */
			first = (long)(range / 2) - (long)(segs - i);
			if (first < 0 || first + (end - start) >= (long)nids)
				return fail(
				    c,
				    "cmap format 4 segment %zu (0x%04lX to 0x%04lX) reads outside "
				    "its glyphIdArray",
				    i, start, end);
		}
		if (range == 0) {
			/*
			 * glyph = (ch + delta) mod 65536 climbs by one per code: the
			 * largest is at the end, or 0xFFFF when the segment wraps.
			 */
			unsigned lo = ((unsigned)start + delta) & 0xFFFF;
			unsigned hi = ((unsigned)end + delta) & 0xFFFF;
			if ((hi < lo ? 0xFFFFu : hi) >= c->num_glyphs) {
				/* the first code to map past the last glyph */
				long ch =
				    start + (long)(c->num_glyphs > lo ? c->num_glyphs - lo : 0);
				return fail(
				    c, "cmap maps U+%04lX to glyph %u (the font has %u glyphs)", ch,
				    ((unsigned)ch + delta) & 0xFFFF, c->num_glyphs);
			}
			for (int k = 0; k < 2; k++)
				if (box_chars[k] >= start && box_chars[k] <= end)
					c->box_glyph[k] = ((unsigned)box_chars[k] + delta) & 0xFFFF;
			continue;
		}
		for (long ch = start; ch <= end; ch++) {
			unsigned base =
			    range ? u16(t, ids + 2 * (size_t)(first + ch - start)) : (unsigned)ch;
			unsigned g = (base + delta) & 0xFFFF;
			if (g >= c->num_glyphs)
				return fail(
				    c, "cmap maps U+%04lX to glyph %u (the font has %u glyphs)", ch,
				    g, c->num_glyphs);
			for (int k = 0; k < 2; k++)
				if (ch == box_chars[k])
					c->box_glyph[k] = g;
		}
	}
	return true;
}

/*
 * cmap: libharu reads version 0 only, seeks to every encoding record's
 * subtable, and maps characters only through the first (3, 1) subtable in
 * format 4, which hb-subset writes into the subset only when the font has
 * one.  Every subtable must lie inside the table.
 */
static bool check_cmap(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->cmap;
	if (t->n < 4)
		return fail(c, "cmap is %zu bytes (needs 4)", t->n);
	if (u16(t, 0) != 0)
		return fail(c, "cmap.version is %u (must be 0)", u16(t, 0));
	unsigned n = u16(t, 2);
	if (!inside(t, 4, 8 * (size_t)n))
		return fail(c, "cmap is %zu bytes (needs %zu for %u encoding records)", t->n,
		            4 + 8 * (size_t)n, n);
	size_t bmp = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t rec = 4 + 8 * (size_t)i;
		unsigned platform = u16(t, rec), encoding = u16(t, rec + 2);
		uint32_t off = u32(t, rec + 4);
		size_t min = 0, len = 0;
		unsigned format = u16(t, off);
		if (inside(t, off, 2))
			len = subtable_length(t, off, format, &min);
		if (!inside(t, off, 2) || len == (size_t)-1 || !inside(t, off, len))
			return fail(
			    c,
			    "cmap subtable %u (platform %u, encoding %u) lies outside the cmap "
			    "table",
			    i, platform, encoding);
		if (len < min)
			return fail(
			    c,
			    "cmap subtable %u (platform %u, encoding %u, format %u) is %zu bytes "
			    "(needs %zu)",
			    i, platform, encoding, format, len, min);
		if (!bmp && platform == 3 && encoding == 1 && format == 4)
			bmp = off;
	}
	if (!bmp)
		return fail(c, "cmap has no Windows Unicode subtable in format 4 (platform 3, "
		               "encoding 1), the only one libharu reads");
	return check_format4(c, bmp);
}

/*
 * A character a PostScript name may hold that libharu writes into a PDF
 * name (BaseFont, FontName) correctly: printable ASCII but for the PDF
 * delimiters ( ) < > [ ] { } / %, which no PostScript name may hold (libharu
 * escapes them as #xx: legal in the PDF, broken wherever the name is used
 * as PostScript), and ',', where folio cuts the ",Bold" libharu appends.
 * libharu 2.3.0 escapes bytes below 0x20 and above 0x7E, '#' and the
 * backslash (HPDF_NEEDS_ESCAPE), but writes a space as it is: the name
 * ends there and the rest of it is a stray token in the dictionary.
 */
static bool psname_safe(unsigned ch)
{
	return ch > 0x20 && ch < 0x7F && !strchr("()<>[]{}/%,", (int)ch);
}

/* The name records libharu would take the PostScript name and subfamily from. */
struct name_pick {
	bool mac, win;
	unsigned mac_len, win_len;
	size_t mac_at, win_at; /* the strings, in the table */
};

/*
 * name: libharu reads every record's string from the table (copying it into
 * the embedded font with 16-bit lengths and offsets), and needs a PostScript
 * name (ID 6) and a subfamily (ID 2), Macintosh Roman or Windows English,
 * at most 119 bytes together.  From a Windows (UTF-16) string it takes
 * every second byte, reading one past an odd length (uninitialised stack);
 * an empty PostScript name is a BaseFont libharu refuses.  hb-subset keeps
 * only the Unicode records of IDs 0 to 6 in English (0x0409): the
 * Macintosh ones do not reach libharu.  font.c rewrites what libharu could
 * not write into a PDF name (cv_sfnt_repair_psname) before it loads the
 * subset, so a name is refused only when it has no characters; the bytes
 * for libharu must have been through that repair.
 */
static bool check_name(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->name;
	if (t->n < 6)
		return fail(c, "name is %zu bytes (needs 6)", t->n);
	unsigned format = u16(t, 0), count = u16(t, 2), storage = u16(t, 4);
	if (format > 1)
		return fail(c, "name.format is %u (must be 0 or 1)", format);
	if (!inside(t, 6, 12 * (size_t)count))
		return fail(c, "name is %zu bytes (needs %zu for %u records)", t->n,
		            6 + 12 * (size_t)count, count);
	if (storage > t->n)
		return fail(c, "name.storageOffset is %u, past the end of the table (%zu bytes)",
		            storage, t->n);
	struct name_pick ps = {0}, sub = {0};
	size_t copied = 0; /* string bytes libharu copies (plus its subset tags) */
	bool libharu = c->use == CV_SFNT_LIBHARU;
	for (unsigned i = 0; i < count; i++) {
		size_t rec = 6 + 12 * (size_t)i;
		unsigned platform = u16(t, rec), encoding = u16(t, rec + 2), lang = u16(t, rec + 4),
		         id = u16(t, rec + 6), len = u16(t, rec + 8), off = u16(t, rec + 10);
		if (!inside(t, (size_t)storage + off, len))
			return fail(
			    c,
			    "name record %u (platform %u, name ID %u) lies outside the name "
			    "table",
			    i, platform, id);
		bool unicode =
		    platform == 0 || (platform == 3 && (encoding <= 1 || encoding == 10));
		if (!libharu && !(unicode && lang == 0x0409 && id <= 6))
			continue; /* hb-subset drops it */
		copied +=
		    len + (id == 1 || id == 4 ? (platform == 0 || platform == 3 ? 14 : 7) : 0);
		struct name_pick *p = id == 6 ? &ps : id == 2 ? &sub : NULL;
		if (p && libharu && platform == 1 && encoding == 0) {
			p->mac = true;
			p->mac_len = len;
			p->mac_at = (size_t)storage + off;
		} else if (p && platform == 3 && encoding == 1 && lang == 0x0409) {
			p->win = true;
			p->win_len = len;
			p->win_at = (size_t)storage + off;
		}
	}
	if (!ps.mac && !ps.win)
		return fail(c, "name has no PostScript name (name ID 6) for Windows in English");
	if (!sub.mac && !sub.win)
		return fail(c, "name has no subfamily name (name ID 2) for Windows in English");
	for (int k = 0; k < 2; k++) {
		const struct name_pick *p = k ? &sub : &ps;
		if (!p->mac && p->win_len % 2)
			return fail(c,
			            "name ID %u for Windows is %u bytes, an odd length for UTF-16",
			            k ? 2 : 6, p->win_len);
	}
	if ((ps.mac ? ps.mac_len : ps.win_len) == 0)
		return fail(c, "the PostScript name (name ID 6) is empty");
	/* The characters libharu takes: the Macintosh bytes, else every second byte. */
	size_t first = ps.mac ? ps.mac_at : ps.win_at + 1, step = ps.mac ? 1 : 2;
	unsigned chars = ps.mac ? ps.mac_len : ps.win_len / 2;
	for (unsigned k = 0; libharu && k < chars; k++) {
		unsigned ch = t->p[first + step * k];
		if (!psname_safe(ch))
			return fail(
			    c,
			    "the PostScript name (name ID 6) has byte 0x%02X at character %u, "
			    "which libharu cannot write into a PDF name",
			    ch, k + 1);
	}
	/* libharu's byte counts: the Macintosh string, else half the UTF-16 one */
	unsigned ps_len = ps.mac && ps.mac_len ? ps.mac_len : (ps.win_len + 1) / 2;
	unsigned sub_len = sub.mac && sub.mac_len ? sub.mac_len : (sub.win_len + 1) / 2;
	if (ps_len + sub_len > HPDF_NAME_MAX)
		return fail(c,
		            "the PostScript and subfamily names are %u characters together "
		            "(libharu takes at most %u)",
		            ps_len + sub_len, HPDF_NAME_MAX);
	if (copied > 0xFFFF)
		return fail(c, "name strings are %zu bytes (libharu's 16-bit offsets reach 65535)",
		            copied);
	return true;
}

size_t cv_sfnt_repair_psname(void *data, size_t len)
{
	struct cv_sfnt_tab t = cv_sfnt_table(data, data ? len : 0, TAG('n', 'a', 'm', 'e'));
	if (!t.p)
		return 0;
	unsigned char *name = (unsigned char *)data + (t.p - (const unsigned char *)data);
	unsigned count = u16(&t, 2), storage = u16(&t, 4);
	size_t fixed = 0;
	for (unsigned i = 0; i < count && inside(&t, 6 + 12 * (size_t)i, 12); i++) {
		size_t rec = 6 + 12 * (size_t)i;
		unsigned platform = u16(&t, rec), n = u16(&t, rec + 8);
		size_t at = (size_t)storage + u16(&t, rec + 10);
		if (u16(&t, rec + 6) != 6 || !inside(&t, at, n))
			continue;
		unsigned char *str = name + at;
		if (platform == 0 || platform == 3) { /* UTF-16BE: one code unit a character */
			for (size_t k = 0; k + 1 < n; k += 2)
				if (str[k] != 0 || !psname_safe(str[k + 1])) {
					str[k] = 0;
					str[k + 1] = '-';
					fixed++;
				}
		} else {
			for (size_t k = 0; k < n; k++)
				if (!psname_safe(str[k])) {
					str[k] = '-';
					fixed++;
				}
		}
	}
	return fixed;
}

/*
 * post (optional): hb-subset fails on one its sanitizer refuses; libharu
 * copies it unread, so bytes for libharu need nothing here.
 */
static bool check_post(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->post;
	if (!t->p || c->use == CV_SFNT_LIBHARU)
		return true;
	if (t->n < 32)
		return fail(c, "post is %zu bytes (needs 32)", t->n);
	uint32_t version = u32(t, 0);
	if (version != 0x00010000u && version != 0x00020000u && version != 0x00030000u)
		return fail(c,
		            "post.version is 0x%08X (must be 0x00010000, 0x00020000 or 0x00030000)",
		            (unsigned)version);
	if (version == 0x00020000u && (t->n < 34 || !inside(t, 34, 2 * (size_t)u16(t, 32))))
		return fail(c, "post is %zu bytes, too short for its glyph name index", t->n);
	return true;
}

/*
 * OS/2: libharu reads fsType, the family class and PANOSE, and from version
 * 1 on the code page ranges at bytes 78 to 86; HarfBuzz refuses (and
 * hb-subset fails on) a table shorter than its version.  libharu refuses to
 * embed a font whose fsType asks for restricted-licence embedding, no
 * subsetting or bitmaps only.
 */
static bool check_os2(struct ck *c)
{
	const struct cv_sfnt_tab *t = &c->os2;
	if (t->n < 2)
		return fail(c, "OS/2 is %zu bytes (needs 78)", t->n);
	unsigned version = u16(t, 0);
	size_t need = version >= 5 ? 100 : version >= 2 ? 96 : version >= 1 ? 86 : 78;
	if (t->n < need)
		return fail(c, "OS/2 is %zu bytes (version %u needs %zu)", t->n, version, need);
	return true;
}

/*
 * libharu reads the box of the glyphs of 'H' and 'x' (cap and x height)
 * from the 10 bytes at their loca offset, whatever their length: an empty
 * glyph at the end of glyf, with glyf last in the file (as hb-subset lays
 * a subset out), is a read past the end and a sticky error.  font.c gives
 * libharu the subset followed by zero bytes.
 */
static bool check_boxes(struct ck *c)
{
	if (c->use != CV_SFNT_LIBHARU)
		return true;
	for (int k = 0; k < 2; k++) {
		unsigned g = c->box_glyph[k];
		if (g == 0)
			continue;
		uint32_t off =
		    c->long_loca ? u32(&c->loca, 4 * (size_t)g) : 2 * u16(&c->loca, 2 * (size_t)g);
		size_t at = (size_t)(c->glyf.p - c->file.p) + off;
		if (!inside(&c->file, at, GLYPH_HEADER))
			return fail(
			    c,
			    "libharu reads the box of glyph %u (\"%c\") past the end of the file",
			    g, box_chars[k]);
	}
	return true;
}

static bool check_embedding(struct ck *c)
{
	unsigned fs_type = u16(&c->os2, 8);
	const char *what = fs_type & 0x0002   ? "restricted licence embedding"
	                   : fs_type & 0x0100 ? "no subsetting"
	                   : fs_type & 0x0200 ? "bitmap embedding only"
	                                      : NULL;
	if (!what)
		return true;
	fail(c, "OS/2.fsType is 0x%04X (%s)", fs_type, what);
	c->verdict = CV_SFNT_NO_EMBEDDING;
	return false;
}

enum cv_sfnt_verdict cv_sfnt_check(const void *data, size_t len, enum cv_sfnt_use use, char *why,
                                   size_t size)
{
	struct ck c = {.file = {data, data ? len : 0}, .use = use, .why = why, .size = size};
	if (size)
		why[0] = '\0';
	(void)(check_directory(&c) && check_head(&c) && check_maxp(&c) && check_hhea(&c) &&
	       check_hmtx(&c) && check_loca(&c) && check_cmap(&c) && check_boxes(&c) &&
	       check_name(&c) && check_post(&c) && check_os2(&c) && check_embedding(&c));
	return c.verdict;
}

/* ---- composite glyphs ------------------------------------------------- */

#define NESTING_MAX 64  /* HarfBuzz's HB_MAX_NESTING_LEVEL: hb-subset follows no deeper */
#define GLYPH_OPEN 0xFF /* a mark: the glyph is being checked (on the current path) */
#define ARG_1_AND_2_ARE_WORDS 0x0001
#define WE_HAVE_A_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO 0x0080

struct cv_sfnt_glyphs {
	struct cv_sfnt_tab loca, glyf;
	unsigned num_glyphs;
	bool long_loca;
	unsigned root;       /* the glyph cv_sfnt_check_glyph was asked about */
	unsigned char *mark; /* per glyph: 0 unread, GLYPH_OPEN, else 1 + its nesting depth */
	bool spent;
	char why[160]; /* the problem, once spent */
};

struct cv_sfnt_glyphs *cv_sfnt_glyphs_new(const void *data, size_t len)
{
	struct cv_sfnt_glyphs *g = x_calloc(1, sizeof *g);
	size_t n = data ? len : 0;
	struct cv_sfnt_tab head = cv_sfnt_table(data, n, TAG('h', 'e', 'a', 'd'));
	struct cv_sfnt_tab maxp = cv_sfnt_table(data, n, TAG('m', 'a', 'x', 'p'));
	g->loca = cv_sfnt_table(data, n, TAG('l', 'o', 'c', 'a'));
	g->glyf = cv_sfnt_table(data, n, TAG('g', 'l', 'y', 'f'));
	g->long_loca = s16(&head, 50) == 1;
	g->num_glyphs = u16(&maxp, 4);
	g->mark = x_calloc(g->num_glyphs ? g->num_glyphs : 1, 1);
	return g;
}

void cv_sfnt_glyphs_free(struct cv_sfnt_glyphs *g)
{
	if (!g)
		return;
	x_free(g->mark);
	x_free(g);
}

unsigned cv_sfnt_glyph_count(const struct cv_sfnt_glyphs *g)
{
	return g->num_glyphs;
}

static int glyph_fail(struct cv_sfnt_glyphs *g, const char *fmt, ...) CV_PRINTF(2, 3);

/* Record the problem and spend the checker; always -1, for `return glyph_fail(...)`. */
static int glyph_fail(struct cv_sfnt_glyphs *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g->why, sizeof g->why, fmt, ap);
	va_end(ap);
	g->spent = true;
	return -1;
}

/* Bytes of a component record with these flags (as HarfBuzz and libharu size it). */
static size_t component_size(unsigned flags)
{
	size_t size = 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
	if (flags & WE_HAVE_A_SCALE)
		size += 2;
	else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
		size += 4;
	else if (flags & WE_HAVE_A_TWO_BY_TWO)
		size += 8;
	return size;
}

/*
 * Check glyph gid, at nesting depth depth below the glyph asked about, and
 * every component under it.  Returns how deep its components nest (0 for a
 * simple or empty glyph, 1 for a composite of simple glyphs), or -1 after
 * glyph_fail.  Each glyph is read once: its mark keeps the answer.
 * Recursion stops at NESTING_MAX + 1 levels.
 */
static int check_tree(struct cv_sfnt_glyphs *g, unsigned gid, unsigned depth)
{
	if (g->mark[gid])
		return g->mark[gid] - 1;
	/* Bounds first, then direct reads: every glyph of a font may pass here. */
	size_t unit = g->long_loca ? 4 : 2;
	if (!inside(&g->loca, unit * (size_t)gid, 2 * unit))
		return glyph_fail(g, "loca has no offset for glyph %u", gid);
	const unsigned char *q = g->loca.p + unit * (size_t)gid;
	size_t off = g->long_loca
	                 ? (size_t)q[0] << 24 | (size_t)q[1] << 16 | (size_t)q[2] << 8 | q[3]
	                 : ((size_t)q[0] << 8 | q[1]) * 2;
	size_t end = g->long_loca
	                 ? (size_t)q[4] << 24 | (size_t)q[5] << 16 | (size_t)q[6] << 8 | q[7]
	                 : ((size_t)q[2] << 8 | q[3]) * 2;
	if (off > end || !inside(&g->glyf, off, end - off))
		return glyph_fail(g, "glyph %u lies outside glyf", gid);
	size_t len = end - off;
	const unsigned char *p = g->glyf.p + off;
	if (len && len < GLYPH_HEADER)
		return glyph_fail(g, "glyph %u is %zu bytes (a glyph with an outline needs %u)",
		                  gid, len, GLYPH_HEADER);
	int contours = len ? (int16_t)(p[0] << 8 | p[1]) : 0;
	if (contours >= 0) {
		g->mark[gid] = 1;
		return 0;
	}
	if (contours < -1)
		return glyph_fail(g, "glyph %u has numberOfContours %d (a composite glyph has -1)",
		                  gid, contours);
	g->mark[gid] = GLYPH_OPEN;
	int nesting = 0;
	size_t at = GLYPH_HEADER;
	unsigned flags, k = 0;
	do {
		size_t size = len - at < 4 ? 0 : component_size(p[at] << 8 | p[at + 1]);
		if (size == 0 || len - at < size)
			return glyph_fail(g,
			                  "composite glyph %u runs past its end (%zu bytes) at "
			                  "component %u",
			                  gid, len, k + 1);
		flags = (unsigned)p[at] << 8 | p[at + 1];
		unsigned part = (unsigned)p[at + 2] << 8 | p[at + 3];
		if (part >= g->num_glyphs)
			return glyph_fail(g,
			                  "composite glyph %u refers to glyph %u (the font has %u "
			                  "glyphs)",
			                  gid, part, g->num_glyphs);
		if (part == gid)
			return glyph_fail(g, "composite glyph %u refers to itself", gid);
		unsigned mark = g->mark[part];
		if (mark == GLYPH_OPEN)
			return glyph_fail(
			    g,
			    "composite glyph %u refers to glyph %u, which contains it "
			    "(a cycle)",
			    gid, part);
		int below = mark                      ? (int)mark - 1
		            : depth + 1 > NESTING_MAX ? 0
		                                      : check_tree(g, part, depth + 1);
		if (below < 0)
			return -1;
		if (depth + 1 + (unsigned)below > NESTING_MAX)
			return glyph_fail(
			    g, "glyph %u nests composite glyphs more than %u levels deep", g->root,
			    NESTING_MAX);
		if (below + 1 > nesting)
			nesting = below + 1;
		at += size;
		k++;
	} while (flags & MORE_COMPONENTS);
	g->mark[gid] = (unsigned char)(1 + nesting);
	return nesting;
}

enum cv_sfnt_verdict cv_sfnt_check_glyph(struct cv_sfnt_glyphs *g, unsigned glyph, char *why,
                                         size_t size)
{
	if (!g->spent) {
		g->root = glyph;
		if (glyph >= g->num_glyphs)
			glyph_fail(g, "glyph %u is past the font's %u glyphs", glyph,
			           g->num_glyphs);
		else
			check_tree(g, glyph, 0);
	}
	if (size && g->spent)
		snprintf(why, size, "%s", g->why);
	else if (size)
		why[0] = '\0';
	return g->spent ? CV_SFNT_DAMAGED : CV_SFNT_OK;
}

enum cv_sfnt_verdict cv_sfnt_check_all_glyphs(const void *data, size_t len, char *why, size_t size)
{
	struct cv_sfnt_glyphs *g = cv_sfnt_glyphs_new(data, len);
	for (unsigned gid = 0; gid < g->num_glyphs && !g->spent; gid++) {
		g->root = gid;
		check_tree(g, gid, 0);
	}
	enum cv_sfnt_verdict v = cv_sfnt_check_glyph(g, 0, why, size);
	cv_sfnt_glyphs_free(g);
	return v;
}

/* Write v big-endian at p. */
static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* The sfnt checksum of bytes [p, p + n): big-endian 32-bit words, the last one zero-padded. */
static uint32_t table_sum(const unsigned char *p, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t w = 0;
		for (size_t k = 0; k < 4; k++)
			w = w << 8 | (i + k < n ? p[i + k] : 0);
		sum += w;
	}
	return sum;
}

/* The advance after adding units, kept in 0..65535 (hmtx holds unsigned 16 bits). */
static unsigned widened(unsigned advance, int units)
{
	long v = (long)advance + units;
	return v < 0 ? 0 : v > 0xFFFF ? 0xFFFF : (unsigned)v;
}

size_t cv_sfnt_widen(void *data, size_t len, int units)
{
	unsigned char *d = data;
	struct cv_sfnt_tab file = {d, data ? len : 0};
	struct cv_sfnt_tab hhea = cv_sfnt_table(data, file.n, TAG('h', 'h', 'e', 'a'));
	struct cv_sfnt_tab hmtx = cv_sfnt_table(data, file.n, TAG('h', 'm', 't', 'x'));
	if (u32(&file, 0) == TAG('t', 't', 'c', 'f') || hhea.n < 36 || !hmtx.p)
		return 0;
	unsigned metrics = u16(&hhea, 34);
	unsigned char *m = d + (hmtx.p - d);
	size_t done = 0;
	for (unsigned i = 0; i < metrics && inside(&hmtx, 4 * (size_t)i, 2); i++, done++)
		put16(m + 4 * (size_t)i, widened(u16(&hmtx, 4 * (size_t)i), units));
	unsigned char *h = d + (hhea.p - d);
	put16(h + 10, widened(u16(&hhea, 10), units)); /* advanceWidthMax */
	/* The directory records' checksums of the two tables changed. */
	unsigned n = u16(&file, 4);
	for (unsigned i = 0; i < n && inside(&file, 12 + 16 * (size_t)i, 16); i++) {
		size_t rec = 12 + 16 * (size_t)i;
		uint32_t tag = u32(&file, rec);
		const struct cv_sfnt_tab *t = tag == TAG('h', 'm', 't', 'x')   ? &hmtx
		                              : tag == TAG('h', 'h', 'e', 'a') ? &hhea
		                                                               : NULL;
		if (!t)
			continue;
		uint32_t sum = table_sum(t->p, t->n);
		put16(d + rec + 4, sum >> 16);
		put16(d + rec + 6, sum & 0xFFFF);
	}
	return done;
}
