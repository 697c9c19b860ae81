/*
 * Predicting libharu's TrueType font-program writer (see ttf_save.h).
 * Written against libharu 2.3.0's hpdf_fontdef_tt.c and checked against
 * 2.4.x's, whose writer and hpdf_fontdef.h fields used here are the same.
 */
#include "ttf_save.h"

#include <string.h>

#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_fontdef.h>

/* The tables libharu writes, in its order. */
static const char saved_tags[][4] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                     "hmtx", "loca", "maxp", "name", "post", "prep"};

/* The font's directory entry for tag, or NULL. */
static const HPDF_TTFTable *find_table(HPDF_TTFontDefAttr a, const char tag[4])
{
	for (HPDF_UINT i = 0; a->offset_tbl.table && i < a->offset_tbl.num_tables; i++)
		if (!memcmp(a->offset_tbl.table[i].tag, tag, 4))
			return &a->offset_tbl.table[i];
	return NULL;
}

/* glyf as rebuilt: the data of the glyphs marked used, in order. */
static uint64_t glyf_size(HPDF_TTFontDefAttr a)
{
	uint64_t n = 0;
	unsigned scale = a->header.index_to_loc_format == 0 ? 2 : 1; /* short loca: halved */
	for (HPDF_UINT i = 0; a->glyph_tbl.offsets && a->glyph_tbl.flgs && i < a->num_glyphs; i++)
		if (a->glyph_tbl.flgs[i] == 1)
			n += (uint64_t)(uint32_t)(a->glyph_tbl.offsets[i + 1] - a->glyph_tbl.offsets[i]) *
			     scale;
	return n;
}

/* name as rebuilt: header, records, strings; names 1 and 4 get the subset
 * tag ("ABCDEF+") in front, in UTF-16 for platforms 0 and 3. */
static uint64_t name_size(HPDF_TTFontDefAttr a)
{
	uint64_t n = 6;
	for (HPDF_UINT i = 0; a->name_tbl.name_records && i < a->name_tbl.count; i++) {
		const HPDF_TTF_NameRecord *r = &a->name_tbl.name_records[i];
		n += 12 + r->length;
		if (r->name_id == 1 || r->name_id == 4)
			n += (r->platform_id == 0 || r->platform_id == 3) ? sizeof a->tag_name2
			                                                  : sizeof a->tag_name;
	}
	return n;
}

uint64_t cv_ttf_saved_size(const void *fontdef, uint64_t *last_len)
{
	const struct _HPDF_FontDef_Rec *def = fontdef;
	HPDF_TTFontDefAttr a = def->attr;
	uint64_t total = 0, len = 0;
	for (size_t i = 0; i < sizeof saved_tags / sizeof saved_tags[0]; i++) {
		const char *tag = saved_tags[i];
		if (!memcmp(tag, "head", 4)) {
			len = 54; /* rewritten field by field, present or not */
		} else if (!memcmp(tag, "glyf", 4)) {
			len = glyf_size(a);
		} else if (!memcmp(tag, "loca", 4)) {
			len = ((uint64_t)a->num_glyphs + 1) * (a->header.index_to_loc_format == 0 ? 2 : 4);
		} else if (!memcmp(tag, "name", 4)) {
			len = name_size(a);
		} else { /* copied as is; a missing table is written empty */
			const HPDF_TTFTable *t = find_table(a, tag);
			len = t ? t->length : 0;
		}
		total += len;
	}
	if (last_len)
		*last_len = len;
	return total;
}

bool cv_ttf_save_fails(const void *fontdef)
{
	uint64_t last = 0;
	uint64_t total = cv_ttf_saved_size(fontdef, &last);
	return last == 0 && total > 0 && total % HPDF_STREAM_BUF_SIZ == 0;
}
