/*
 * sfnt_check.c: every bundled font and its subset pass; damaged variants of
 * a bundled font (one value or length changed each) are refused with the
 * exact message, by the checker and through cv_fonts_open (positioned at
 * the layout key, nothing opened); the rules that apply only to the bytes
 * libharu parses are checked on their own.
 */
#include <dirent.h>
#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "layout.h"
#include "msg.h"
#include "pdf/font.h"
#include "pdf/sfnt_check.h"
#include "sfnt.h"
#include "util.h"

#define FONTS FOLIO_SOURCE_DIR "/fonts/"

static char *base; /* fonts/NotoSans-Regular.ttf: long loca, 3317 glyphs, 1000 units per em */
static size_t base_len;

/* The directory record of tag in d (plain sfnt), or 0. */
static size_t rec_of(const char *d, const char *tag)
{
	size_t n = (size_t)(unsigned char)d[4] << 8 | (unsigned char)d[5];
	for (size_t i = 0; i < n; i++)
		if (memcmp(d + 12 + 16 * i, tag, 4) == 0)
			return 12 + 16 * i;
	return 0;
}

static size_t off_of(const char *d, const char *tag)
{
	return get32(d + rec_of(d, tag) + 8);
}

static unsigned get16(const char *p)
{
	return (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1];
}

static void set16(char *d, const char *tag, size_t field, unsigned v)
{
	put16(d + off_of(d, tag) + field, v);
}

static void set32(char *d, const char *tag, size_t field, uint32_t v)
{
	put32(d + off_of(d, tag) + field, v);
}

static void set_length(char *d, const char *tag, uint32_t v)
{
	put32(d + rec_of(d, tag) + 12, v);
}

/* Offset in the file of the (3, 1) cmap subtable, and its segment count. */
static size_t bmp_of(const char *d, size_t *segs)
{
	size_t cmap = off_of(d, "cmap");
	unsigned n = get16(d + cmap + 2);
	*segs = 0;
	for (unsigned i = 0; i < n; i++) {
		const char *rec = d + cmap + 4 + 8 * i;
		if (get16(rec) == 3 && get16(rec + 2) == 1) {
			size_t sub = cmap + get32(rec + 4);
			*segs = get16(d + sub + 6) / 2;
			return sub;
		}
	}
	return 0;
}

/* Field i of cmap format 4 array k (0 endCode, 1 startCode, 2 idDelta, 3 idRangeOffset). */
static char *seg_field(char *d, int k, size_t i)
{
	size_t segs = 0, sub = bmp_of(d, &segs);
	return d + sub + 14 + (k > 0 ? 2 : 0) + 2 * segs * (size_t)k + 2 * i;
}

/* Record i of the name table whose name ID is id. */
static char *name_rec(char *d, unsigned id)
{
	size_t name = off_of(d, "name");
	unsigned n = get16(d + name + 2);
	for (unsigned i = 0; i < n; i++)
		if (get16(d + name + 6 + 12 * i + 6) == id)
			return d + name + 6 + 12 * i;
	return NULL;
}

#define DAMAGE(name) static void name(char *d)
DAMAGE(upem0)
{
	set16(d, "head", 18, 0);
}
DAMAGE(upem1)
{
	set16(d, "head", 18, 1);
}
DAMAGE(upem15)
{
	set16(d, "head", 18, 15);
}
DAMAGE(upem16385)
{
	set16(d, "head", 18, 16385);
}
DAMAGE(upem65535)
{
	set16(d, "head", 18, 65535);
}
DAMAGE(head_version)
{
	set16(d, "head", 0, 2);
}
DAMAGE(head_magic)
{
	set32(d, "head", 12, 0x5F0F3CF4u);
}
DAMAGE(head_short)
{
	set_length(d, "head", 50);
}
DAMAGE(bbox_x)
{
	set16(d, "head", 36, 3000);
}
DAMAGE(bbox_y)
{
	set16(d, "head", 42, (unsigned)-3000 & 0xFFFF);
}
DAMAGE(loca_format2)
{
	set16(d, "head", 50, 2);
}
DAMAGE(loca_format_neg)
{
	set16(d, "head", 50, 0xFFFF);
}
DAMAGE(glyph_format)
{
	set16(d, "head", 52, 1);
}
DAMAGE(maxp_version)
{
	set32(d, "maxp", 0, 0x00020000u);
}
DAMAGE(maxp_short)
{
	set_length(d, "maxp", 4);
}
DAMAGE(maxp_v1_short)
{
	set_length(d, "maxp", 6);
}
DAMAGE(glyphs0)
{
	set16(d, "maxp", 4, 0);
}
DAMAGE(hhea_version)
{
	set16(d, "hhea", 0, 0);
}
DAMAGE(hhea_short)
{
	set_length(d, "hhea", 34);
}
DAMAGE(hmetrics0)
{
	set16(d, "hhea", 34, 0);
}
DAMAGE(hmetrics_over)
{
	set16(d, "hhea", 34, 3318);
}
DAMAGE(hmetrics_max)
{
	set16(d, "hhea", 34, 65535);
}
DAMAGE(ascender)
{
	set16(d, "head", 18, 100), set16(d, "hhea", 4, 4000);
}
DAMAGE(descender)
{
	set16(d, "head", 18, 100), set16(d, "hhea", 6, (unsigned)-3300 & 0xFFFF);
}
DAMAGE(upside_down)
{
	set16(d, "hhea", 4, (unsigned)-300 & 0xFFFF);
	set16(d, "hhea", 6, 800);
}
DAMAGE(hmtx_short)
{
	set_length(d, "hmtx", 13264);
}
DAMAGE(width)
{
	set16(d, "hmtx", 4 * 5, 33000);
}
DAMAGE(loca_short)
{
	set_length(d, "loca", 13270);
}
DAMAGE(loca_down)
{
	set32(d, "loca", 4 * 3, get32(d + off_of(d, "loca") + 4 * 5) + 20);
}
DAMAGE(loca_past)
{
	set32(d, "loca", 4 * 3317, 0x7FFFFFF0u);
}
DAMAGE(glyph_tiny)
{
	set32(d, "loca", 4 * 2, get32(d + off_of(d, "loca") + 4) + 4);
}
DAMAGE(cmap_version)
{
	set16(d, "cmap", 0, 1);
}
DAMAGE(cmap_records)
{
	set16(d, "cmap", 2, 9000);
}
DAMAGE(cmap_outside)
{
	set32(d, "cmap", 4 + 8 + 4, 0xFFFFFF00u);
}
DAMAGE(cmap_too_long)
{
	size_t segs;
	put16(d + bmp_of(d, &segs) + 2, 0xFFF0);
}
DAMAGE(cmap_no_bmp)
{
	set16(d, "cmap", 4 + 8 + 2, 0);
}
DAMAGE(cmap_seg_odd)
{
	size_t segs, sub = bmp_of(d, &segs);
	put16(d + sub + 6, (unsigned)(2 * segs - 1));
}
DAMAGE(cmap_last_end)
{
	size_t segs;
	bmp_of(d, &segs);
	put16(seg_field(d, 0, segs - 1), 0xFFFE);
}
DAMAGE(cmap_start_after_end)
{
	put16(seg_field(d, 1, 0), get16(seg_field(d, 0, 0)) + 1);
}
DAMAGE(cmap_overlap)
{
	put16(seg_field(d, 1, 1), get16(seg_field(d, 0, 0)));
}
DAMAGE(cmap_range)
{
	put16(seg_field(d, 3, 0), 0xFFFE);
}
DAMAGE(cmap_glyph)
{
	put16(seg_field(d, 2, 0), 30000);
}
DAMAGE(name_format)
{
	set16(d, "name", 0, 2);
}
DAMAGE(name_count)
{
	set16(d, "name", 2, 5000);
}
DAMAGE(name_storage)
{
	set16(d, "name", 4, 5000);
}
DAMAGE(name_outside)
{
	put16(name_rec(d, 6) + 10, 1640);
}
DAMAGE(name_no_ps)
{
	put16(name_rec(d, 6) + 6, 16);
}
DAMAGE(name_no_sub)
{
	put16(name_rec(d, 2) + 6, 16);
}
DAMAGE(name_odd)
{
	put16(name_rec(d, 2) + 8, 13);
}
DAMAGE(name_ps_empty)
{
	put16(name_rec(d, 6) + 10, get16(name_rec(d, 6) + 10) + 1);
}
DAMAGE(name_ps_comma)
{
	size_t name = off_of(d, "name");
	d[name + get16(d + name + 4) + get16(name_rec(d, 6) + 10) + 1] = ','; /* ",oto..." */
}
DAMAGE(name_ps_zero)
{
	put16(name_rec(d, 6) + 8, 0);
}
DAMAGE(name_long)
{
	char *ps = name_rec(d, 6), *license = name_rec(d, 13);
	memcpy(ps + 8, license + 8, 4); /* length and offset of the 662-byte licence text */
}
DAMAGE(post_short)
{
	set_length(d, "post", 30);
}
DAMAGE(post_version)
{
	set32(d, "post", 0, 0x00025000u);
}
DAMAGE(post_index)
{
	set16(d, "post", 32, 20000);
}
DAMAGE(os2_short)
{
	set_length(d, "OS/2", 90);
}
DAMAGE(os2_v5)
{
	set16(d, "OS/2", 0, 5);
}
DAMAGE(os2_v1)
{
	set16(d, "OS/2", 0, 1), set_length(d, "OS/2", 80);
}
DAMAGE(fs_restricted)
{
	set16(d, "OS/2", 8, 0x0002);
}
DAMAGE(fs_no_subset)
{
	set16(d, "OS/2", 8, 0x0100);
}
DAMAGE(fs_bitmap)
{
	set16(d, "OS/2", 8, 0x0208);
}
DAMAGE(version)
{
	put32(d, 0x00020000u);
}
DAMAGE(no_tables)
{
	put16(d + 4, 0);
}
DAMAGE(directory_past_end)
{
	put16(d + 4, 40000);
}
DAMAGE(table_past_end)
{
	set_length(d, "glyf", 0x7FFFFFFFu);
}
DAMAGE(no_os2)
{
	memcpy(d + rec_of(d, "OS/2"), "OS/3", 4);
}
#undef DAMAGE

struct damage {
	const char *name;
	void (*apply)(char *d);
	enum cv_sfnt_verdict verdict;
	const char *why;
	const char *id; /* through cv_fonts_open: HarfBuzz's checks may speak first */
};

static const struct damage damages[] = {
    {"upem0", upem0, CV_SFNT_DAMAGED, "head.unitsPerEm is 0 (must be 16 to 16384)", NULL},
    {"upem1", upem1, CV_SFNT_DAMAGED, "head.unitsPerEm is 1 (must be 16 to 16384)", NULL},
    {"upem15", upem15, CV_SFNT_DAMAGED, "head.unitsPerEm is 15 (must be 16 to 16384)", NULL},
    {"upem16385", upem16385, CV_SFNT_DAMAGED, "head.unitsPerEm is 16385 (must be 16 to 16384)",
     NULL},
    {"upem65535", upem65535, CV_SFNT_DAMAGED, "head.unitsPerEm is 65535 (must be 16 to 16384)",
     NULL},
    {"head version", head_version, CV_SFNT_DAMAGED, "head.majorVersion is 2 (must be 1)", NULL},
    {"head magic", head_magic, CV_SFNT_DAMAGED,
     "head.magicNumber is 0x5F0F3CF4 (must be 0x5F0F3CF5)", NULL},
    {"head short", head_short, CV_SFNT_DAMAGED, "head is 50 bytes (needs 54)", NULL},
    {"bbox x", bbox_x, CV_SFNT_DAMAGED, "head.xMin is 3000, more than head.xMax 2800", NULL},
    {"bbox y", bbox_y, CV_SFNT_DAMAGED, "head.yMin is -389, more than head.yMax -3000", NULL},
    {"loca format 2", loca_format2, CV_SFNT_DAMAGED, "head.indexToLocFormat is 2 (must be 0 or 1)",
     NULL},
    {"loca format -1", loca_format_neg, CV_SFNT_DAMAGED,
     "head.indexToLocFormat is -1 (must be 0 or 1)", NULL},
    {"glyph format", glyph_format, CV_SFNT_DAMAGED, "head.glyphDataFormat is 1 (must be 0)", NULL},
    {"maxp version", maxp_version, CV_SFNT_DAMAGED,
     "maxp.version is 0x00020000 (must be 0x00005000 or 0x00010000)", "font-corrupt"},
    {"maxp short", maxp_short, CV_SFNT_DAMAGED, "maxp is 4 bytes (needs 6)", "font-corrupt"},
    {"maxp 1.0 short", maxp_v1_short, CV_SFNT_DAMAGED, "maxp is 6 bytes (version 1.0 needs 32)",
     "font-corrupt"},
    {"no glyphs", glyphs0, CV_SFNT_DAMAGED, "maxp.numGlyphs is 0 (must be at least 1)",
     "font-corrupt"},
    {"hhea version", hhea_version, CV_SFNT_DAMAGED, "hhea.majorVersion is 0 (must be 1)", NULL},
    {"hhea short", hhea_short, CV_SFNT_DAMAGED, "hhea is 34 bytes (needs 36)", NULL},
    {"no hmetrics", hmetrics0, CV_SFNT_DAMAGED,
     "hhea.numberOfHMetrics is 0 (must be 1 to maxp.numGlyphs, 3317)", NULL},
    {"hmetrics > glyphs", hmetrics_over, CV_SFNT_DAMAGED,
     "hhea.numberOfHMetrics is 3318 (must be 1 to maxp.numGlyphs, 3317)", NULL},
    {"hmetrics 65535", hmetrics_max, CV_SFNT_DAMAGED,
     "hhea.numberOfHMetrics is 65535 (must be 1 to maxp.numGlyphs, 3317)", NULL},
    {"ascender", ascender, CV_SFNT_DAMAGED,
     "hhea.ascender is 4000 (more than 32 em at 100 units per em)", NULL},
    {"descender", descender, CV_SFNT_DAMAGED,
     "hhea.descender is -3300 (more than 32 em at 100 units per em)", NULL},
    {"ascender below descender", upside_down, CV_SFNT_DAMAGED,
     "hhea.ascender -300 is below hhea.descender 800", NULL},
    {"hmtx short", hmtx_short, CV_SFNT_DAMAGED,
     "hmtx is 13264 bytes (needs 13266 for 3316 metrics and 3317 glyphs)", NULL},
    {"width", width, CV_SFNT_DAMAGED,
     "hmtx advance width of glyph 5 is 33000 (more than 32 em at 1000 units per em)", NULL},
    {"loca short", loca_short, CV_SFNT_DAMAGED,
     "loca is 13270 bytes (needs 13272 for 3317 glyphs in the long format)", NULL},
    {"loca down", loca_down, CV_SFNT_DAMAGED,
     "loca offset of glyph 4 (84) is less than that of glyph 3 (192)", NULL},
    {"loca past glyf", loca_past, CV_SFNT_DAMAGED,
     "loca offset of glyph 3317 (2147483632) is past the end of glyf (364748 bytes)", NULL},
    {"glyph of 4 bytes", glyph_tiny, CV_SFNT_DAMAGED,
     "glyph 1 is 4 bytes (a glyph with an outline needs 10)", NULL},
    {"cmap version", cmap_version, CV_SFNT_DAMAGED, "cmap.version is 1 (must be 0)",
     "font-corrupt"},
    {"cmap records", cmap_records, CV_SFNT_DAMAGED,
     "cmap is 2670 bytes (needs 72004 for 9000 encoding records)", "font-corrupt"},
    {"cmap outside", cmap_outside, CV_SFNT_DAMAGED,
     "cmap subtable 1 (platform 3, encoding 1) lies outside the cmap table", NULL},
    {"cmap too long", cmap_too_long, CV_SFNT_DAMAGED,
     "cmap subtable 0 (platform 0, encoding 3) lies outside the cmap table", NULL},
    {"cmap no bmp", cmap_no_bmp, CV_SFNT_DAMAGED,
     "cmap has no Windows Unicode subtable in format 4 (platform 3, encoding 1), the only one "
     "libharu reads",
     NULL},
    {"cmap segCountX2 odd", cmap_seg_odd, CV_SFNT_DAMAGED,
     "cmap format 4 segCountX2 is 283 (must be even and at least 2)", NULL},
    {"cmap last end", cmap_last_end, CV_SFNT_DAMAGED,
     "cmap format 4 last endCode is 0xFFFE (must be 0xFFFF)", NULL},
    {"cmap start > end", cmap_start_after_end, CV_SFNT_DAMAGED,
     "cmap format 4 segment 0 starts after it ends (0x0001 > 0x0000)", NULL},
    {"cmap overlap", cmap_overlap, CV_SFNT_DAMAGED,
     "cmap format 4 segment 1 (from 0x0000) overlaps or precedes the one before it", NULL},
    {"cmap range", cmap_range, CV_SFNT_DAMAGED,
     "cmap format 4 segment 0 (0x0000 to 0x0000) reads outside its glyphIdArray", NULL},
    {"cmap glyph", cmap_glyph, CV_SFNT_DAMAGED,
     "cmap maps U+0000 to glyph 30000 (the font has 3317 glyphs)", NULL},
    {"name format", name_format, CV_SFNT_DAMAGED, "name.format is 2 (must be 0 or 1)", NULL},
    {"name count", name_count, CV_SFNT_DAMAGED, "name is 1660 bytes (needs 60006 for 5000 records)",
     NULL},
    {"name storage", name_storage, CV_SFNT_DAMAGED,
     "name.storageOffset is 5000, past the end of the table (1660 bytes)", NULL},
    {"name outside", name_outside, CV_SFNT_DAMAGED,
     "name record 6 (platform 3, name ID 6) lies outside the name table", NULL},
    {"no PostScript name", name_no_ps, CV_SFNT_DAMAGED,
     "name has no PostScript name (name ID 6) for Windows in English", NULL},
    {"no subfamily", name_no_sub, CV_SFNT_DAMAGED,
     "name has no subfamily name (name ID 2) for Windows in English", NULL},
    {"odd UTF-16 length", name_odd, CV_SFNT_DAMAGED,
     "name ID 2 for Windows is 13 bytes, an odd length for UTF-16", NULL},
    {"PostScript name empty", name_ps_zero, CV_SFNT_DAMAGED,
     "the PostScript name (name ID 6) is empty", NULL},
    {"long names", name_long, CV_SFNT_DAMAGED,
     "the PostScript and subfamily names are 338 characters together (libharu takes at most "
     "119)",
     NULL},
    {"post short", post_short, CV_SFNT_DAMAGED, "post is 30 bytes (needs 32)", NULL},
    {"post version", post_version, CV_SFNT_DAMAGED,
     "post.version is 0x00025000 (must be 0x00010000, 0x00020000 or 0x00030000)", NULL},
    {"post index", post_index, CV_SFNT_DAMAGED,
     "post is 35516 bytes, too short for its glyph name index", NULL},
    {"OS/2 short", os2_short, CV_SFNT_DAMAGED, "OS/2 is 90 bytes (version 4 needs 96)", NULL},
    {"OS/2 version 5", os2_v5, CV_SFNT_DAMAGED, "OS/2 is 96 bytes (version 5 needs 100)", NULL},
    {"OS/2 version 1", os2_v1, CV_SFNT_DAMAGED, "OS/2 is 80 bytes (version 1 needs 86)", NULL},
    {"restricted", fs_restricted, CV_SFNT_NO_EMBEDDING,
     "OS/2.fsType is 0x0002 (restricted licence embedding)", "font-no-embedding"},
    {"no subsetting", fs_no_subset, CV_SFNT_NO_EMBEDDING, "OS/2.fsType is 0x0100 (no subsetting)",
     "font-no-embedding"},
    {"bitmaps only", fs_bitmap, CV_SFNT_NO_EMBEDDING,
     "OS/2.fsType is 0x0208 (bitmap embedding only)", "font-no-embedding"},
    {"sfnt version", version, CV_SFNT_DAMAGED,
     "its sfnt version is 0x00020000 (must be 0x00010000)", "font-corrupt"},
    {"no tables", no_tables, CV_SFNT_DAMAGED, "it has no tables", "font-corrupt"},
    {"directory past end", directory_past_end, CV_SFNT_DAMAGED,
     "its table directory (40000 tables) runs past the end of the file", "font-corrupt"},
    {"table past end", table_past_end, CV_SFNT_DAMAGED,
     "table \"glyf\" runs past the end of the file (offset 33892, length 2147483647; the file "
     "has 512672 bytes)",
     "font-corrupt"},
    {"no OS/2", no_os2, CV_SFNT_DAMAGED, "it has no \"OS/2\" table", NULL},
};

static struct cv_font_family fam;
static struct cv_layout layout;

/* cv_fonts_open on the bytes as one family's file; its messages into text. */
static struct cv_fonts *open_bytes(const char *data, size_t len, const char *path, char *text,
                                   size_t size)
{
	FILE *fp = fopen(path, "wb");
	CHECK(fp != NULL);
	if (!fp)
		return NULL;
	fwrite(data, 1, len, fp);
	fclose(fp);
	memset(&fam, 0, sizeof fam);
	fam.name = "x";
	for (int k = 0; k < 4; k++) {
		fam.file[k] = path;
		fam.pos[k] = (struct cv_pos){"layout.yaml", 12, 14};
	}
	layout.families = &fam;
	layout.nfamilies = 1;
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	struct cv_fonts *f = cv_fonts_open(&layout);
	fflush(log);
	rewind(log);
	size_t n = fread(text, 1, size - 1, log);
	text[n] = '\0';
	fclose(log);
	cv_msg_set_stream(stderr);
	return f;
}

static void test_damages(const char *dir)
{
	char path[256], text[1024], want[1024], why[256];
	snprintf(path, sizeof path, "%s/damaged.ttf", dir);
	for (size_t i = 0; i < CV_COUNT(damages); i++) {
		const struct damage *dm = &damages[i];
		char *d = x_malloc(base_len);
		memcpy(d, base, base_len);
		dm->apply(d);
		enum cv_sfnt_verdict v =
		    cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why);
		CHECK(v == dm->verdict);
		CHECK_STR(why, dm->why);
		if (v != dm->verdict || strcmp(why, dm->why) != 0)
			fprintf(stderr, "  in case \"%s\"\n", dm->name);
		/* The bytes libharu would parse are held to the same rules (but for
		 * post, which libharu copies unread). */
		if (strncmp(dm->why, "post", 4) != 0)
			CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) !=
			      CV_SFNT_OK);
		struct cv_fonts *f = open_bytes(d, base_len, path, text, sizeof text);
		CHECK(f == NULL);
		CHECK(cv_msg_count(CV_ERROR) == 1);
		const char *id = dm->id ? dm->id : "font-damaged";
		CHECK_STR(cv_msg_last_id(), id);
		if (strcmp(id, "font-damaged") == 0) {
			snprintf(want, sizeof want,
			         "layout.yaml:12:14: error: font \"%s\" is damaged: %s\n", path,
			         dm->why);
			CHECK_STR(text, want);
		} else if (strcmp(id, "font-no-embedding") == 0) {
			snprintf(
			    want, sizeof want,
			    "layout.yaml:12:14: error: font \"%s\" may not be embedded in a PDF: "
			    "%s\n",
			    path, dm->why);
			CHECK_STR(text, want);
		}
		if (!cv_msg_last_id() || strcmp(cv_msg_last_id(), id) != 0)
			fprintf(stderr, "  in case \"%s\": %s", dm->name, text);
		cv_fonts_free(f);
		x_free(d);
	}
	cv_msg_reset();
}

/* Boundaries that pass: the limits themselves and harmless fsType bits. */
static void test_accepted(void)
{
	char why[256];
	char *d = x_malloc(base_len);
	memcpy(d, base, base_len);
	set16(d, "head", 18, 16384);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	CHECK_STR(why, "");
	set16(d, "head", 18, 1000);
	set16(d, "OS/2", 8, 0x000C); /* print and preview, editable: libharu embeds */
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	set16(d, "hhea", 4, 32767); /* 32.767 em: fits libharu's 16 bits */
	set16(d, "hmtx", 0, 32767);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	CHECK_STR(why, "");
	/* A small why buffer is cut, never overrun; size 0 writes nothing. */
	set16(d, "head", 18, 0);
	char small[8];
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, small, sizeof small) == CV_SFNT_DAMAGED);
	CHECK_STR(small, "head.un");
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, NULL, 0) == CV_SFNT_DAMAGED);
	CHECK(cv_sfnt_check(NULL, 0, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "it is 0 bytes, too short for a table directory");
	x_free(d);
}

/* Every prefix of a font is refused (cut tables), never read past. */
static void test_truncations(void)
{
	char why[256];
	size_t steps[] = {0, 1, 11, 12, 27, 28, 300, 4000, base_len / 2, base_len - 1};
	for (size_t i = 0; i < CV_COUNT(steps); i++) {
		char *d = x_malloc(steps[i] ? steps[i] : 1);
		memcpy(d, base, steps[i]);
		CHECK(cv_sfnt_check(d, steps[i], CV_SFNT_SOURCE, why, sizeof why) ==
		      CV_SFNT_DAMAGED);
		x_free(d);
	}
}

/* A collection: its first font is checked, and collections never go to libharu. */
static void test_collection(void)
{
	char why[256];
	size_t len = 16 + base_len;
	char *d = x_calloc(len, 1);
	memcpy(d, "ttcf", 4);
	put32(d + 4, 0x00010000u);
	put32(d + 8, 1);
	put32(d + 12, 16);
	memcpy(d + 16, base, base_len);
	size_t n = get16(base + 4);
	for (size_t i = 0; i < n; i++) /* table offsets count from the file's start */
		put32(d + 16 + 12 + 16 * i + 8, get32(base + 12 + 16 * i + 8) + 16);
	CHECK(cv_sfnt_check(d, len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	CHECK_STR(why, "");
	CHECK(cv_sfnt_check(d, len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "it is a font collection");
	put16(d + 16 + get32(d + 16 + rec_of(base, "head") + 8) - 16 + 18, 0); /* upem 0 */
	CHECK(cv_sfnt_check(d, len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "head.unitsPerEm is 0 (must be 16 to 16384)");
	put32(d + 12, (uint32_t)len - 4);
	CHECK(cv_sfnt_check(d, len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "the collection's first font lies outside the file");
	put32(d + 8, 0);
	CHECK(cv_sfnt_check(d, len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "the font collection holds no font");
	x_free(d);
}

/* Rules for the bytes libharu parses: its directory limit and order, its names. */
static void test_libharu_rules(void)
{
	char why[256];
	struct table t[64];
	size_t n = read_tables(base, t, 64), len;
	/* Out of order: libharu's linear search and HarfBuzz's binary one disagree. */
	struct table swapped[64];
	memcpy(swapped, t, n * sizeof *t);
	struct table tmp = swapped[0];
	swapped[0] = swapped[1];
	swapped[1] = tmp;
	char *d = build_sfnt(swapped, n, &len);
	CHECK(cv_sfnt_check(d, len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	CHECK(cv_sfnt_check(d, len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "its table directory is not sorted (\"DSIG\" after \"GDEF\")");
	x_free(d);
	/* 626 tables: more than libharu reads. */
	struct table many[626];
	memcpy(many, t, n * sizeof *t);
	for (size_t i = n; i < 626; i++)
		many[i] = (struct table){
		    TAG('z', 'z', (char)('a' + i / 26 % 26), (char)('a' + i % 26)), "", 0};
	d = build_sfnt(many, 626, &len);
	CHECK(cv_sfnt_check(d, len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "it has 626 tables (libharu reads at most 625)");
	x_free(d);
	/* A Macintosh PostScript name: libharu takes it, but hb-subset drops it. */
	d = x_malloc(base_len);
	memcpy(d, base, base_len);
	char *ps = name_rec(d, 6);
	put16(ps, 1);
	put16(ps + 2, 0);
	put16(ps + 4, 0);
	put16(ps + 8, get16(ps + 8) - 1); /* "\0N\0o..." read as "N\0o\0..." */
	put16(ps + 10, get16(ps + 10) + 1);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "the PostScript name (name ID 6) has byte 0x00 at character 2, which "
	               "libharu cannot write into a PDF name");
	CHECK(cv_sfnt_repair_psname(d, base_len) == 15); /* "N-o-t-o-..." */
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "name has no PostScript name (name ID 6) for Windows in English");
	/* A post table is copied unread by libharu. */
	memcpy(d, base, base_len);
	set32(d, "post", 0, 0x00040000u);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);
	x_free(d);
	/* Name strings past libharu's 16-bit offsets when it rewrites the table. */
	size_t name_len = 6 + 12 * 40 + 40 * 1800;
	char *name = x_malloc(name_len);
	memset(name, 'A', name_len);
	memset(name, 0, 6 + 12 * 40);
	put16(name + 2, 40);
	put16(name + 4, 6 + 12 * 40);
	for (unsigned i = 0; i < 40; i++) {
		char *r = name + 6 + 12 * i;
		put16(r, 3);
		put16(r + 2, 1);
		put16(r + 4, 0x0409);
		put16(r + 6, i == 0 ? 6 : i == 1 ? 2 : 7 + i);
		put16(r + 8, i < 2 ? 20 : 1800);
		put16(r + 10, (unsigned)(i * 1600));
	}
	struct table with_name[64];
	for (size_t i = 0; i < n; i++)
		with_name[i] = t[i].tag == TAG('n', 'a', 'm', 'e')
		                   ? (struct table){t[i].tag, name, name_len}
		                   : t[i];
	d = build_sfnt(with_name, n, &len);
	CHECK(cv_sfnt_check(d, len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "name strings are 68440 bytes (libharu's 16-bit offsets reach 65535)");
	/* hb-subset keeps only IDs 0 to 6 of these: the source is fine. */
	CHECK(cv_sfnt_check(d, len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	x_free(d);
	x_free(name);
}

/* The subset folio hands libharu (same hb-subset settings as font.c). */
static hb_blob_t *subset_of(const char *data, size_t len, const char *text)
{
	hb_blob_t *blob = hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *u = hb_subset_input_unicode_set(in);
	for (size_t i = 0; text[i];) {
		uint32_t cp;
		int n = cv_utf8_decode(text + i, strlen(text + i), &cp);
		hb_set_add(u, cp);
		i += n > 0 ? (size_t)n : 1;
	}
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "kern", "DSIG", "gasp",
	                                      "vhea", "vmtx", "VORG", "BASE", "JSTF", "MATH"};
	for (size_t i = 0; i < CV_COUNT(dropped); i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG),
		           hb_tag_from_string(dropped[i], 4));
	hb_face_t *sub = hb_subset_or_fail(face, in);
	hb_blob_t *out = sub ? hb_face_reference_blob(sub) : NULL;
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return out;
}

/* Every bundled font passes, and so does its subset by libharu's rules. */
static void test_bundled(void)
{
	DIR *dir = opendir(FONTS);
	CHECK(dir != NULL);
	size_t count = 0;
	for (struct dirent *e; dir && (e = readdir(dir));) {
		size_t n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 4, ".ttf") != 0)
			continue;
		char path[512], why[256], *data = NULL;
		size_t len = 0;
		snprintf(path, sizeof path, FONTS "%s", e->d_name);
		CHECK(cv_file_read(path, 1u << 25, &data, &len) == 0);
		CHECK(cv_sfnt_check(data, len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
		if (why[0])
			fprintf(stderr, "%s: %s\n", e->d_name, why);
		hb_blob_t *sub = subset_of(data, len, "Łódź, Ελληνικά, Кириллица: AVATAR Hx ffi");
		CHECK(sub != NULL);
		unsigned sub_len = 0;
		const char *sub_data = sub ? hb_blob_get_data(sub, &sub_len) : NULL;
		CHECK(cv_sfnt_check(sub_data, sub_len, CV_SFNT_LIBHARU, why, sizeof why) ==
		      CV_SFNT_OK);
		if (why[0])
			fprintf(stderr, "%s subset: %s\n", e->d_name, why);
		hb_blob_destroy(sub);
		free(data);
		count++;
	}
	if (dir)
		closedir(dir);
	CHECK(count >= 10);
}

/* The subset of a source whose only fault HarfBuzz repairs is still checked. */
static void test_subset_checked(void)
{
	char why[256];
	char *d = x_malloc(base_len);
	memcpy(d, base, base_len);
	set16(d, "head", 18, 0); /* hb-subset copies head as it is */
	hb_blob_t *sub = subset_of(d, base_len, "Hx");
	unsigned n = 0;
	const char *s = hb_blob_get_data(sub, &n);
	CHECK(cv_sfnt_check(s, n, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "head.unitsPerEm is 0 (must be 16 to 16384)");
	hb_blob_destroy(sub);
	x_free(d);
}

/*
 * A fuzz finding: a font whose 'x' glyph is empty and last in its subset,
 * where glyf ends the file.  libharu reads 10 bytes of the glyph's box
 * there; font.c pads the subset with zeros, and only the padded bytes pass.
 */
static void test_box_past_end(void)
{
	char *data = NULL, why[256];
	size_t len = 0;
	CHECK(cv_file_read(FOLIO_SOURCE_DIR "/tests/fuzz-corpus/fuzz_font/finding-box-past-end.ttf",
	                   1u << 20, &data, &len) == 0);
	CHECK(cv_sfnt_check(data, len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	/* fuzz/fuzz_font.c's text */
	hb_blob_t *sub = subset_of(data, len, " AVATAR To Wit, Hx. ÅŁódź Ελληνικά Жж 1–2 “q” fi");
	unsigned n = 0;
	const char *s = hb_blob_get_data(sub, &n);
	CHECK(cv_sfnt_check(s, n, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "libharu reads the box of glyph 18 (\"x\") past the end of the file");
	char *padded = x_calloc(n + 16, 1);
	memcpy(padded, s, n);
	CHECK(cv_sfnt_check(padded, n + 16, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);
	x_free(padded);
	hb_blob_destroy(sub);
	free(data);
}

/* The string of d's (Windows) PostScript name: its record and bytes. */
static char *ps_string(char *d)
{
	size_t name = off_of(d, "name");
	return d + name + get16(d + name + 4) + get16(name_rec(d, 6) + 10);
}

/* Make d's PostScript name these UTF-16 code units (at most 16: the base's length). */
static void set_ps(char *d, const unsigned *units, size_t n)
{
	char *str = ps_string(d);
	for (size_t i = 0; i < n; i++)
		put16(str + 2 * i, units[i]);
	put16(name_rec(d, 6) + 8, (unsigned)(2 * n));
}

/* d's PostScript name as ASCII ('?' for a code unit above 0x7F), into out[17]. */
static const char *ps_ascii(char *d, char out[17])
{
	const char *str = ps_string(d);
	size_t n = get16(name_rec(d, 6) + 8) / 2;
	for (size_t i = 0; i < n && i < 16; i++) {
		unsigned u = get16(str + 2 * i);
		out[i] = u < 0x80 ? (char)u : '?';
	}
	out[n < 16 ? n : 16] = '\0';
	return out;
}

static size_t units_of(const char *ascii, unsigned *units)
{
	size_t n = strlen(ascii);
	for (size_t i = 0; i < n; i++)
		units[i] = (unsigned char)ascii[i];
	return n;
}

/*
 * The PostScript name as libharu writes it into PDF names: every character
 * it would write raw (space), escape out of a PostScript name (delimiters),
 * read as a NUL or cut at (comma), or that is not ASCII becomes '-', in
 * place; '#' and the backslash stay (libharu escapes them as #23 and #5C).
 * The checks on the bytes for libharu refuse a name the repair has not
 * been through; the checks on the file refuse only a name with nothing in it.
 */
static void test_psname(void)
{
	char why[256], name[17];
	unsigned units[16];
	char *d = x_malloc(base_len), *want = x_malloc(base_len);
	memcpy(d, base, base_len);
	CHECK(cv_sfnt_repair_psname(d, base_len) == 0); /* "NotoSans-Regular" */
	CHECK(memcmp(d, base, base_len) == 0);

	set_ps(d, units, units_of("Noto Sans (Reg) ", units));
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "the PostScript name (name ID 6) has byte 0x20 at character 5, which "
	               "libharu cannot write into a PDF name");
	memcpy(want, d, base_len);
	CHECK(cv_sfnt_repair_psname(d, base_len) == 5);
	CHECK_STR(ps_ascii(d, name), "Noto-Sans--Reg--");
	set_ps(want, units, units_of("Noto-Sans--Reg--", units));
	CHECK(memcmp(d, want, base_len) == 0); /* nothing else changed */
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);
	CHECK(cv_sfnt_repair_psname(d, base_len) == 0);

	/* Controls, NUL, Latin-1, CJK, a surrogate pair, DEL, delimiters, comma. */
	static const unsigned hostile[16] = {0x0000, 0x00E9, 0x4E2D, 0xD83D, 0xDE00, '/',
	                                     '%',    '[',    ']',    '{',    '}',    '<',
	                                     '>',    ',',    0x007F, 0x001F};
	set_ps(d, hostile, 16);
	CHECK(cv_sfnt_repair_psname(d, base_len) == 16);
	CHECK_STR(ps_ascii(d, name), "----------------");
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);
	/* What libharu escapes correctly, and the rest of printable ASCII, stays. */
	set_ps(d, units, units_of("A#B\\C-x_y.z~!@$*", units));
	CHECK(cv_sfnt_repair_psname(d, base_len) == 0);
	CHECK_STR(ps_ascii(d, name), "A#B\\C-x_y.z~!@$*");
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);

	/* A record one byte off: libharu would read NULs, an empty name; a comma
	 * first: folio would cut the name to nothing.  Both repair to names. */
	memcpy(d, base, base_len);
	name_ps_empty(d);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "the PostScript name (name ID 6) has byte 0x00 at character 1, which "
	               "libharu cannot write into a PDF name");
	CHECK(cv_sfnt_repair_psname(d, base_len) == 16);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);
	memcpy(d, base, base_len);
	name_ps_comma(d);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK(cv_sfnt_repair_psname(d, base_len) == 1);
	CHECK_STR(ps_ascii(d, name), "-otoSans-Regular");
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);

	/* Nothing outside the data is touched: no name, a record outside the
	 * table, cut files. */
	CHECK(cv_sfnt_repair_psname(NULL, 0) == 0);
	memcpy(d, base, base_len);
	name_outside(d);
	memcpy(want, d, base_len);
	CHECK(cv_sfnt_repair_psname(d, base_len) == 0);
	CHECK(memcmp(d, want, base_len) == 0);
	size_t cuts[] = {0, 5, 12, 300, off_of(base, "name") + 10, off_of(base, "name") + 400};
	for (size_t i = 0; i < CV_COUNT(cuts); i++) {
		char *cut = x_malloc(cuts[i] ? cuts[i] : 1);
		memcpy(cut, base, cuts[i]);
		CHECK(cv_sfnt_repair_psname(cut, cuts[i]) == 0);
		x_free(cut);
	}
	x_free(want);
	x_free(d);
}

/*
 * Through the font module: the subset libharu loads has the repaired name
 * (BaseFont "TAGXYZ+Noto-Sans--Reg--"), the file is left as it was, and a
 * second face whose name is the same after the repair gets its own font
 * (libharu looks fonts up by name); the same bytes at another path with
 * the same characters share one.
 */
static void test_psname_embedded(const char *dir)
{
	char paths[3][256];
	unsigned units[16];
	char *d[3];
	static struct cv_font_family fams[3];
	static const char *const names[3] = {"Noto Sans (Reg) ", "Noto-Sans--Reg--",
	                                     "Noto Sans (Reg) "};
	static const char *const used[3] = {"Hx", "ab", "Hx"};
	memset(fams, 0, sizeof fams);
	for (int i = 0; i < 3; i++) {
		d[i] = x_malloc(base_len);
		memcpy(d[i], base, base_len);
		set_ps(d[i], units, units_of(names[i], units));
		snprintf(paths[i], sizeof paths[i], "%s/ps%d.ttf", dir, i);
		FILE *fp = fopen(paths[i], "wb");
		CHECK(fp != NULL);
		if (fp) {
			fwrite(d[i], 1, base_len, fp);
			fclose(fp);
		}
		fams[i].name = "x";
		for (int k = 0; k < 4; k++) {
			fams[i].file[k] = paths[i];
			fams[i].pos[k] = (struct cv_pos){"layout.yaml", 3 + i, 14};
		}
	}
	layout.families = fams;
	layout.nfamilies = 3;
	cv_msg_reset();
	struct cv_fonts *f = cv_fonts_open(&layout);
	CHECK(f != NULL);
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	HPDF_Font font[3] = {NULL, NULL, NULL};
	for (int i = 0; f && i < 3; i++)
		cv_fonts_use(f, i, CV_FACE_REGULAR, used[i], 2, NULL);
	for (int i = 0; f && i < 3; i++)
		font[i] = cv_fonts_hpdf(f, pdf, i, CV_FACE_REGULAR);
	CHECK(font[0] && font[1] && font[2]);
	CHECK(cv_msg_count(CV_ERROR) == 0);
	for (int i = 0; i < 3 && font[i]; i++) {
		const char *got = HPDF_Font_GetFontName(font[i]);
		CHECK(strlen(got) == 23 && got[6] == '+');
		CHECK_STR(got + 7, "Noto-Sans--Reg--");
	}
	CHECK(font[0] != font[1]);
	if (font[0] && font[1])
		CHECK(strcmp(HPDF_Font_GetFontName(font[0]), HPDF_Font_GetFontName(font[1])) != 0);
	CHECK(font[0] == font[2]);
	CHECK(HPDF_SaveToStream(pdf) == HPDF_OK);
	HPDF_Free(pdf);
	cv_fonts_free(f);
	for (int i = 0; i < 3; i++) {
		char *now = NULL;
		size_t len = 0;
		CHECK(cv_file_read(paths[i], 1u << 25, &now, &len) == 0);
		CHECK(len == base_len && memcmp(now, d[i], base_len) == 0); /* the file as it was */
		free(now);
		unlink(paths[i]);
		x_free(d[i]);
	}
}

/* ---- composite glyphs ---- */

/* Glyph g of d (long loca, as the base font has): its first byte, *len bytes. */
static char *glyph_at(char *d, unsigned g, size_t *len)
{
	const char *loca = d + off_of(d, "loca");
	uint32_t a = get32(loca + 4 * (size_t)g), b = get32(loca + 4 * (size_t)g + 4);
	*len = b - a;
	return d + off_of(d, "glyf") + a;
}

static bool is_composite(char *d, unsigned g)
{
	size_t len;
	char *p = glyph_at(d, g, &len);
	return len >= 10 && get16(p) == 0xFFFF;
}

/* Component record k of composite glyph g (the base's records are all
 * inside their glyphs); *count components in all. */
static char *component_at(char *d, unsigned g, unsigned k, unsigned *count)
{
	size_t len;
	char *p = glyph_at(d, g, &len) + 10, *rec = NULL;
	unsigned flags, i = 0;
	do {
		flags = get16(p);
		if (i == k)
			rec = p;
		p += 6 + (flags & 1 ? 2 : 0) +
		     (flags & 8      ? 2
		      : flags & 0x40 ? 4
		      : flags & 0x80 ? 8
		                     : 0);
		i++;
	} while (flags & 0x20);
	if (count)
		*count = i;
	return rec;
}

/* The glyph HarfBuzz maps cp to in the base font. */
static unsigned glyph_of(uint32_t cp)
{
	hb_blob_t *blob =
	    hb_blob_create(base, (unsigned)base_len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *font = hb_font_create(face);
	hb_codepoint_t g = 0;
	hb_font_get_nominal_glyph(font, cp, &g);
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return g;
}

/* Up to max composites of d whose components are all simple, with at least
 * min_parts components each, into out; returns how many. */
static size_t composites_of(char *d, unsigned min_parts, unsigned *out, size_t max)
{
	size_t n = 0;
	for (unsigned g = 1; g < 3317 && n < max; g++) {
		unsigned count = 0;
		if (!is_composite(d, g))
			continue;
		component_at(d, g, 0, &count);
		bool simple = count >= min_parts;
		for (unsigned k = 0; k < count && simple; k++)
			simple = !is_composite(d, get16(component_at(d, g, k, NULL) + 2));
		if (simple)
			out[n++] = g;
	}
	return n;
}

/* Make every component of chain[i] refer to chain[i + 1], for i < n - 1. */
static void link_chain(char *d, const unsigned *chain, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned count = 0;
		component_at(d, chain[i], 0, &count);
		for (unsigned k = 0; k < count; k++)
			put16(component_at(d, chain[i], k, NULL) + 2, chain[i + 1]);
	}
}

/* cv_sfnt_check_glyph on glyph g of d (with a fresh checker); its message in why. */
static enum cv_sfnt_verdict glyph_verdict(char *d, unsigned g, char *why, size_t size)
{
	struct cv_sfnt_glyphs *gs = cv_sfnt_glyphs_new(d, base_len);
	enum cv_sfnt_verdict v = cv_sfnt_check_glyph(gs, g, why, size);
	cv_sfnt_glyphs_free(gs);
	return v;
}

/*
 * Each kind of damage to the composite glyph of 'é' (glyph 'e' plus the
 * acute) is refused with its message, and the glyphs the file checks
 * cannot see stay unread by them: the font itself still passes
 * cv_sfnt_check.
 */
static void test_composite_damage(void)
{
	char why[256], want[256];
	unsigned e_acute = glyph_of(0xE9), e_grave = glyph_of(0xE8), count = 0;
	char *d = x_malloc(base_len);
	memcpy(d, base, base_len);
	CHECK(is_composite(d, e_acute) && is_composite(d, e_grave));
	component_at(d, e_acute, 0, &count);
	CHECK(count == 2);
	CHECK(glyph_verdict(d, e_acute, why, sizeof why) == CV_SFNT_OK);
	CHECK_STR(why, "");

	/* numberOfContours below -1 */
	put16(glyph_at(d, e_acute, &(size_t){0}), (unsigned)-2 & 0xFFFF);
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
	CHECK(glyph_verdict(d, e_acute, why, sizeof why) == CV_SFNT_DAMAGED);
	snprintf(want, sizeof want, "glyph %u has numberOfContours -2 (a composite glyph has -1)",
	         e_acute);
	CHECK_STR(why, want);
	put16(glyph_at(d, e_acute, &(size_t){0}), (unsigned)-32768 & 0xFFFF);
	CHECK(glyph_verdict(d, e_acute, why, sizeof why) == CV_SFNT_DAMAGED);

	/* a component glyph index past numGlyphs, and 0xFFFF */
	static const unsigned past[] = {3317, 0xFFFF};
	for (size_t i = 0; i < CV_COUNT(past); i++) {
		memcpy(d, base, base_len);
		put16(component_at(d, e_acute, 1, NULL) + 2, past[i]);
		CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
		CHECK(glyph_verdict(d, e_acute, why, sizeof why) == CV_SFNT_DAMAGED);
		snprintf(want, sizeof want,
		         "composite glyph %u refers to glyph %u (the font has 3317 glyphs)",
		         e_acute, past[i]);
		CHECK_STR(why, want);
	}

	/* itself */
	memcpy(d, base, base_len);
	put16(component_at(d, e_acute, 0, NULL) + 2, e_acute);
	CHECK(glyph_verdict(d, e_acute, why, sizeof why) == CV_SFNT_DAMAGED);
	snprintf(want, sizeof want, "composite glyph %u refers to itself", e_acute);
	CHECK_STR(why, want);

	/* a cycle of two: 'é' in 'è' and 'è' in 'é' */
	memcpy(d, base, base_len);
	put16(component_at(d, e_acute, 0, NULL) + 2, e_grave);
	put16(component_at(d, e_grave, 0, NULL) + 2, e_acute);
	CHECK(glyph_verdict(d, e_acute, why, sizeof why) == CV_SFNT_DAMAGED);
	snprintf(want, sizeof want,
	         "composite glyph %u refers to glyph %u, which contains it (a cycle)", e_grave,
	         e_acute);
	CHECK_STR(why, want);

	/* a longer cycle, entered from a glyph outside it: 'é' -> c0 -> c1 -> c2 -> c0 */
	unsigned ring[3];
	CHECK(composites_of(d, 1, ring, 3) == 3);
	memcpy(d, base, base_len);
	put16(component_at(d, e_acute, 0, NULL) + 2, ring[0]);
	unsigned cyc[4] = {ring[0], ring[1], ring[2], ring[0]};
	link_chain(d, cyc, 4);
	CHECK(glyph_verdict(d, e_acute, why, sizeof why) == CV_SFNT_DAMAGED);
	snprintf(want, sizeof want,
	         "composite glyph %u refers to glyph %u, which contains it (a cycle)", ring[2],
	         ring[0]);
	CHECK_STR(why, want);

	/* component records past the glyph's end: a 2x2 matrix on the last one
	 * (8 bytes more), or "more components" after it */
	static const unsigned more_flags[] = {0x0080, 0x0020};
	for (size_t i = 0; i < CV_COUNT(more_flags); i++) {
		memcpy(d, base, base_len);
		char *last = component_at(d, e_acute, 1, NULL);
		put16(last, get16(last) | more_flags[i]);
		size_t len;
		glyph_at(d, e_acute, &len);
		CHECK(cv_sfnt_check(d, base_len, CV_SFNT_SOURCE, why, sizeof why) == CV_SFNT_OK);
		CHECK(glyph_verdict(d, e_acute, why, sizeof why) == CV_SFNT_DAMAGED);
		snprintf(want, sizeof want,
		         "composite glyph %u runs past its end (%zu bytes) at component %u",
		         e_acute, len, i == 0 ? 2u : 3u);
		CHECK_STR(why, want);
	}

	/* a glyph past the font, and a checker spent by a problem */
	memcpy(d, base, base_len);
	CHECK(glyph_verdict(d, 3317, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, "glyph 3317 is past the font's 3317 glyphs");
	put16(component_at(d, e_acute, 0, NULL) + 2, e_acute);
	struct cv_sfnt_glyphs *gs = cv_sfnt_glyphs_new(d, base_len);
	CHECK(cv_sfnt_glyph_count(gs) == 3317);
	CHECK(cv_sfnt_check_glyph(gs, glyph_of('a'), why, sizeof why) == CV_SFNT_OK);
	CHECK(cv_sfnt_check_glyph(gs, e_acute, why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK(cv_sfnt_check_glyph(gs, glyph_of('a'), why, sizeof why) == CV_SFNT_DAMAGED);
	snprintf(want, sizeof want, "composite glyph %u refers to itself", e_acute);
	CHECK_STR(why, want);
	cv_sfnt_glyphs_free(gs);
	cv_sfnt_glyphs_free(NULL);
	x_free(d);
}

/*
 * Nesting: a chain of composites each made of the next, ending in one made
 * of simple glyphs.  64 composites put the last simple glyphs 64 levels
 * below the first (as deep as hb-subset follows); 65 go one deeper.  A
 * glyph read first from the middle of the chain is not taken as sound when
 * it is reached again deeper.  A chain where every composite holds the
 * next one twice (2^60 paths) is read once per glyph.
 */
static void test_composite_nesting(void)
{
	char why[256], want[256];
	unsigned chain[65];
	char *d = x_malloc(base_len);
	memcpy(d, base, base_len);
	CHECK(composites_of(d, 1, chain, 65) == 65);
	link_chain(d, chain, 64);
	CHECK(glyph_verdict(d, chain[0], why, sizeof why) == CV_SFNT_OK);
	CHECK_STR(why, "");
	memcpy(d, base, base_len);
	link_chain(d, chain, 65);
	CHECK(glyph_verdict(d, chain[0], why, sizeof why) == CV_SFNT_DAMAGED);
	snprintf(want, sizeof want, "glyph %u nests composite glyphs more than 64 levels deep",
	         chain[0]);
	CHECK_STR(why, want);
	CHECK(glyph_verdict(d, chain[1], why, sizeof why) == CV_SFNT_OK);
	struct cv_sfnt_glyphs *gs = cv_sfnt_glyphs_new(d, base_len);
	CHECK(cv_sfnt_check_glyph(gs, chain[10], why, sizeof why) == CV_SFNT_OK);
	CHECK(cv_sfnt_check_glyph(gs, chain[0], why, sizeof why) == CV_SFNT_DAMAGED);
	CHECK_STR(why, want);
	cv_sfnt_glyphs_free(gs);

	unsigned pairs[61];
	memcpy(d, base, base_len);
	CHECK(composites_of(d, 2, pairs, 61) == 61);
	link_chain(d, pairs, 61);
	CHECK(glyph_verdict(d, pairs[0], why, sizeof why) == CV_SFNT_OK);
	x_free(d);
}

/* Every glyph of every bundled font, and of their subsets, passes. */
static void test_composite_bundled(void)
{
	DIR *dir = opendir(FONTS);
	CHECK(dir != NULL);
	size_t fonts = 0;
	for (struct dirent *e; dir && (e = readdir(dir));) {
		size_t n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 4, ".ttf") != 0)
			continue;
		char path[512], why[256], *data = NULL;
		size_t len = 0;
		snprintf(path, sizeof path, FONTS "%s", e->d_name);
		CHECK(cv_file_read(path, 1u << 25, &data, &len) == 0);
		hb_blob_t *sub =
		    subset_of(data, len, "Łódź, Ελληνικά, Кириллица: ÅǺǻ AVATAR Hx ffi");
		unsigned sub_len = 0;
		const char *sub_data = hb_blob_get_data(sub, &sub_len);
		for (int k = 0; k < 2; k++) {
			struct cv_sfnt_glyphs *gs = k ? cv_sfnt_glyphs_new(sub_data, sub_len)
			                              : cv_sfnt_glyphs_new(data, len);
			unsigned count = cv_sfnt_glyph_count(gs), g = 0;
			while (g < count &&
			       cv_sfnt_check_glyph(gs, g, why, sizeof why) == CV_SFNT_OK)
				g++;
			CHECK(count > 0 && g == count);
			if (g < count)
				fprintf(stderr, "%s%s: %s\n", e->d_name, k ? " subset" : "", why);
			cv_sfnt_glyphs_free(gs);
		}
		hb_blob_destroy(sub);
		free(data);
		fonts++;
	}
	if (dir)
		closedir(dir);
	CHECK(fonts >= 10);
}

/* Cut or scrambled glyph data is read only inside the font's tables. */
static void test_composite_garbage(void)
{
	char why[256];
	size_t cuts[] = {0, 12, off_of(base, "glyf") + 100, off_of(base, "loca") + 50,
	                 base_len - 1};
	for (size_t i = 0; i < CV_COUNT(cuts); i++) {
		char *d = x_malloc(cuts[i] ? cuts[i] : 1);
		memcpy(d, base, cuts[i]);
		struct cv_sfnt_glyphs *gs = cv_sfnt_glyphs_new(d, cuts[i]);
		for (unsigned g = 0; g < cv_sfnt_glyph_count(gs); g++)
			(void)cv_sfnt_check_glyph(gs, g, why, sizeof why);
		cv_sfnt_glyphs_free(gs);
		x_free(d);
	}
	/* every byte of every composite's records set to 0xFF, one glyph at a time */
	char *d = x_malloc(base_len);
	unsigned some[40];
	memcpy(d, base, base_len);
	size_t n = composites_of(d, 1, some, 40);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		memcpy(d, base, base_len);
		char *p = glyph_at(d, some[i], &len);
		memset(p + 10, 0xFF, len - 10);
		CHECK(glyph_verdict(d, some[i], why, sizeof why) == CV_SFNT_DAMAGED);
	}
	x_free(d);
}

/*
 * Through the font module: a damaged composite of a character the text
 * uses is refused when the face is embedded (font-glyph-damaged, naming
 * the character); one the text does not use is not; TeX's check reads
 * every glyph and refuses it either way.
 */
static void test_composite_font_module(const char *dir)
{
	char path[256], text[1024], want[1024];
	snprintf(path, sizeof path, "%s/composite.ttf", dir);
	unsigned e_acute = glyph_of(0xE9);
	char *d = x_malloc(base_len);
	memcpy(d, base, base_len);
	put16(component_at(d, e_acute, 0, NULL) + 2, 0xFFFF);
	for (int uses = 0; uses < 2; uses++) {
		struct cv_fonts *f = open_bytes(d, base_len, path, text, sizeof text);
		CHECK(f != NULL);
		CHECK_STR(text, "");
		const char *words = uses ? "Café" : "Hx";
		cv_fonts_use(f, 0, CV_FACE_REGULAR, words, strlen(words), NULL);
		HPDF_Doc pdf = HPDF_New(NULL, NULL);
		FILE *log = tmpfile();
		cv_msg_set_stream(log);
		cv_msg_reset();
		void *font = cv_fonts_hpdf(f, pdf, 0, CV_FACE_REGULAR);
		bool all = cv_fonts_check_glyphs(f);
		fflush(log);
		rewind(log);
		size_t n = fread(text, 1, sizeof text - 1, log);
		text[n] = '\0';
		fclose(log);
		cv_msg_set_stream(stderr);
		CHECK(!all);
		CHECK(cv_msg_exit_status() == 1);
		CHECK_STR(cv_msg_last_id(), "font-glyph-damaged");
		if (uses) {
			CHECK(font == NULL);
			CHECK(cv_msg_count(CV_ERROR) == 2);
			snprintf(
			    want, sizeof want,
			    "layout.yaml:12:14: error: font \"%s\" has a damaged glyph for U+00E9 "
			    "\"é\": composite glyph %u refers to glyph 65535 (the font has 3317 "
			    "glyphs)\n"
			    "layout.yaml:12:14: error: font \"%s\" has a damaged glyph: composite "
			    "glyph %u refers to glyph 65535 (the font has 3317 glyphs)\n",
			    path, e_acute, path, e_acute);
		} else {
			CHECK(font != NULL);
			CHECK(cv_msg_count(CV_ERROR) == 1);
			snprintf(
			    want, sizeof want,
			    "layout.yaml:12:14: error: font \"%s\" has a damaged glyph: composite "
			    "glyph %u refers to glyph 65535 (the font has 3317 glyphs)\n",
			    path, e_acute);
		}
		CHECK_STR(text, want);
		HPDF_Free(pdf);
		cv_fonts_free(f);
	}
	/* .notdef: drawn for every missing character, always in the subset */
	memcpy(d, base, base_len);
	put16(glyph_at(d, 0, &(size_t){0}), (unsigned)-3 & 0xFFFF);
	struct cv_fonts *f = open_bytes(d, base_len, path, text, sizeof text);
	CHECK(f != NULL);
	cv_fonts_use(f, 0, CV_FACE_REGULAR, "Hx", 2, NULL);
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	CHECK(cv_fonts_hpdf(f, pdf, 0, CV_FACE_REGULAR) == NULL);
	fflush(log);
	rewind(log);
	size_t n = fread(text, 1, sizeof text - 1, log);
	text[n] = '\0';
	fclose(log);
	cv_msg_set_stream(stderr);
	snprintf(
	    want, sizeof want,
	    "layout.yaml:12:14: error: font \"%s\" has a damaged glyph (.notdef, drawn for "
	    "missing characters): glyph 0 has numberOfContours -3 (a composite glyph has -1)\n",
	    path);
	CHECK_STR(text, want);
	HPDF_Free(pdf);
	cv_fonts_free(f);
	cv_msg_reset();
	x_free(d);
}

/* The table lookup kern.c shares: as HarfBuzz, first match or binary search. */
/* The sfnt checksum of n bytes at p (zero-padded to whole words). */
static uint32_t sum_of(const char *p, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t w = 0;
		for (size_t k = 0; k < 4; k++)
			w = w << 8 | (i + k < n ? (unsigned char)p[i + k] : 0);
		sum += w;
	}
	return sum;
}

/*
 * cv_sfnt_widen: every hmtx advance and hhea.advanceWidthMax move by the
 * units, kept within 0..65535; the side bearings and every other table
 * stay; the two tables' checksums are right again; a collection, a font
 * without the tables and cut data are left alone.
 */
static void test_widen(void)
{
	char *d = x_malloc(base_len);
	memcpy(d, base, base_len);
	long hhea = (long)off_of(base, "hhea"), hmtx = (long)off_of(base, "hmtx");
	unsigned metrics = get16(base + hhea + 34);
	CHECK(metrics > 100);
	CHECK(cv_sfnt_widen(d, base_len, 300) == metrics);
	for (unsigned g = 0; g < metrics; g++) {
		unsigned was = get16(base + hmtx + 4 * g), now = get16(d + hmtx + 4 * g);
		CHECK(now == (was + 300 > 0xFFFF ? 0xFFFF : was + 300));
		CHECK(get16(d + hmtx + 4 * g + 2) == get16(base + hmtx + 4 * g + 2));
	}
	CHECK(get16(d + hhea + 10) == get16(base + hhea + 10) + 300);
	/* nothing else changed: hmtx, hhea.advanceWidthMax, the two checksums */
	long rec_hhea = (long)rec_of(d, "hhea"), rec_hmtx = (long)rec_of(d, "hmtx");
	CHECK(rec_hhea > 0 && rec_hmtx > 0);
	size_t stray = 0;
	for (size_t i = 0; i < base_len; i++) {
		long at = (long)i;
		bool expected = (at >= hmtx && at < hmtx + 4 * (long)metrics) || at == hhea + 10 ||
		                at == hhea + 11 || (at >= rec_hhea + 4 && at < rec_hhea + 8) ||
		                (at >= rec_hmtx + 4 && at < rec_hmtx + 8);
		stray += d[i] != base[i] && !expected;
	}
	CHECK(stray == 0);
	char why[256];
	memcpy(d, base, base_len);
	CHECK(cv_sfnt_widen(d, base_len, 300) == metrics);
	for (const char *const *t = (const char *const[]){"hhea", "hmtx", NULL}; *t; t++) {
		size_t rec = rec_of(d, *t);
		CHECK(get32(d + rec + 4) == sum_of(d + get32(d + rec + 8), get32(d + rec + 12)));
	}
	CHECK(cv_sfnt_check(d, base_len, CV_SFNT_LIBHARU, why, sizeof why) == CV_SFNT_OK);
	/* narrower: cut at 0 */
	memcpy(d, base, base_len);
	CHECK(cv_sfnt_widen(d, base_len, -200000) == metrics);
	for (unsigned g = 0; g < metrics; g++)
		CHECK(get16(d + hmtx + 4 * g) == 0);
	/* left alone */
	CHECK(cv_sfnt_widen(NULL, 0, 100) == 0);
	char *cut = x_malloc(300);
	memcpy(cut, base, 300);
	CHECK(cv_sfnt_widen(cut, 300, 100) == 0); /* the tables lie past the end */
	CHECK(memcmp(cut, base, 300) == 0);
	x_free(cut);
	memcpy(d, base, base_len);
	memcpy(d, "ttcf", 4);
	CHECK(cv_sfnt_widen(d, base_len, 100) == 0);
	x_free(d);
}

static void test_lookup(void)
{
	struct cv_sfnt_tab t = cv_sfnt_table(base, base_len, CV_SFNT_TAG('h', 'e', 'a', 'd'));
	CHECK(t.n == 54 && t.p == (const unsigned char *)base + off_of(base, "head"));
	t = cv_sfnt_table(base, base_len, CV_SFNT_TAG('k', 'e', 'r', 'n'));
	CHECK(t.p == NULL && t.n == 0);
	CHECK(cv_sfnt_u16(&t, 0, 0) == 0 && cv_sfnt_u32(&t, 0, 0) == 0);
	t = cv_sfnt_table(base, 100, CV_SFNT_TAG('h', 'e', 'a', 'd'));
	CHECK(t.p == NULL);
}

int main(void)
{
	if (cv_file_read(FONTS "NotoSans-Regular.ttf", 1u << 25, &base, &base_len) != 0) {
		fprintf(stderr, "cannot read the bundled font\n");
		return 1;
	}
	char dir[] = "/tmp/folio-sfnt-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	test_damages(dir);
	test_accepted();
	test_truncations();
	test_collection();
	test_libharu_rules();
	test_bundled();
	test_subset_checked();
	test_box_past_end();
	test_psname();
	test_psname_embedded(dir);
	test_composite_damage();
	test_composite_nesting();
	test_composite_bundled();
	test_composite_garbage();
	test_composite_font_module(dir);
	test_lookup();
	test_widen();
	char path[256];
	snprintf(path, sizeof path, "%s/damaged.ttf", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/composite.ttf", dir);
	unlink(path);
	rmdir(dir);
	free(base);
	return TEST_RESULT();
}
