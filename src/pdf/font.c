/*
 * Fonts for the PDF back end: HarfBuzz opens and measures the layout's
 * TrueType faces with libharu's integer 1/1000 em widths plus pair kerning
 * (read from GPOS by kern.c; shaped by HarfBuzz where that declines), then
 * hb-subset cuts each face down to the characters used and the subset is
 * loaded into libharu, whose ToUnicode map and CIDSystemInfo are repaired.
 */
#include "font.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb-subset.h>
#include <hb.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "../msg.h"
#include "../util.h"
#include "kern.h"
#include "sfnt_check.h"
#include "ttf_save.h"

#define FONT_MAX_BYTES (32u * 1024 * 1024)
#define BMP_SIZE 0x10000u
#define WIDTH_UNKNOWN (-1)
#define WIDTH_MISSING (-2)
#define KERN_EMPTY 0xFFFFFFFFu
/* Zero bytes after a subset: libharu reads the box of the glyphs of 'H' and
 * 'x' whatever their length, past the end for an empty glyph at the end. */
#define SUBSET_PAD 16

/* What char_width found for a code point. */
struct metric {
	int16_t width;  /* [1/1000 em] or WIDTH_* */
	uint32_t glyph; /* nominal glyph, if width >= 0 */
};

/* A subset of a face loaded into one libharu document. */
struct loaded {
	void *doc; /* document font belongs to */
	void *font;
	char name[HPDF_LIMIT_MAX_NAME_LEN + 1]; /* its base font "TAGXYZ+Name" */
};

/*
 * The face as drawn with one tracking: a subset of its own whose advances
 * carry the tracking, so that a letter-spaced word shows no gaps between
 * its letters for an extractor to read as word breaks (docs/extraction.md).
 */
struct tracked {
	int amount; /* [1/1000 em], never 0 */
	uint64_t used[BMP_SIZE / 64];
	struct loaded pdf;
};

/* One opened font file; shared by every (family, face) slot naming its path. */
struct face {
	char *path;
	char *name;        /* file name without directory and extension, for messages */
	struct cv_pos pos; /* where the layout named it first */
	hb_blob_t *blob;
	hb_face_t *hb_face;
	hb_font_t *hb_font;
	struct cv_kern *kern;     /* pair kerning from the font's tables */
	hb_buffer_t *buf;         /* for pairs kern declines: made on first use */
	hb_shape_plan_t *plan[8]; /* kerning-only shape plans, one per script met */
	hb_script_t plan_script[8];
	size_t nplans;
	unsigned upem;
	unsigned num_glyphs;        /* maxp.numGlyphs */
	double ascent, descent;     /* [em] both positive, from hhea as libharu reads it */
	struct metric *metric[256]; /* per BMP code point, in pages of 256 */
	uint64_t used[BMP_SIZE / 64];
	uint64_t warned[BMP_SIZE / 64];
	uint32_t *kern_key; /* open addressing: (a << 16 | b) or KERN_EMPTY */
	int16_t *kern_val;  /* [1/1000 em] */
	size_t kern_cap, kern_count;
	struct loaded pdf;       /* the subset drawn without tracking */
	struct tracked *tracked; /* ... and with each tracking met */
	size_t ntracked, cap_tracked;
};

struct cv_fonts {
	struct face **faces;
	size_t nfaces;
	struct face *(*slot)[4]; /* per family, per enum cv_face */
	size_t nfamilies;
	uint32_t *nonbmp_warned;
	size_t nonbmp_count, nonbmp_cap;
	void *cmap_attr; /* get_font's HPDF_CMapEncoderAttr, all zero between calls */
};

static bool bit_get(const uint64_t *set, uint32_t cp)
{
	return (set[cp >> 6] >> (cp & 63)) & 1u;
}

static void bit_set(uint64_t *set, uint32_t cp)
{
	set[cp >> 6] |= (uint64_t)1 << (cp & 63);
}

/* The first code point >= cp in set, or BMP_SIZE: for (cp = bit_next(s, 0); cp < BMP_SIZE; ...). */
static uint32_t bit_next(const uint64_t *set, uint32_t cp)
{
	for (uint32_t w = cp >> 6; w < BMP_SIZE / 64; w++) {
		uint64_t bits = set[w];
		if (w == cp >> 6)
			bits &= ~(uint64_t)0 << (cp & 63);
		if (bits)
			return w * 64 + (unsigned)__builtin_ctzll(bits);
	}
	return BMP_SIZE;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static char *face_name(const char *path)
{
	const char *b = base_name(path);
	const char *dot = strrchr(b, '.');
	return x_strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

/*
 * Check the sfnt header and table directory of a single font: every table
 * must lie inside the file.  Returns NULL if fine, else a message.
 */
static const char *check_directory(const unsigned char *d, size_t len, bool *cff)
{
	*cff = false;
	if (len < 12)
		return "is empty or truncated";
	uint32_t tag = be32(d);
	if (tag == 0x4F54544Fu) { /* OTTO */
		*cff = true;
		return NULL;
	}
	if (tag == 0x74746366u) /* ttcf: HarfBuzz checks the collection */
		return NULL;
	if (tag != 0x00010000u && tag != 0x74727565u) /* 'true' */
		return "is not a TrueType font";
	size_t ntables = (size_t)d[4] << 8 | d[5];
	if (ntables == 0)
		return "has no tables";
	if (12 + ntables * 16 > len)
		return "is truncated";
	for (size_t i = 0; i < ntables; i++) {
		const unsigned char *rec = d + 12 + i * 16;
		uint64_t off = be32(rec + 8), n = be32(rec + 12);
		if (off + n > len)
			return "is truncated";
	}
	return NULL;
}

static bool has_table(hb_face_t *face, const char *tag)
{
	hb_blob_t *b = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
	bool ok = hb_blob_get_length(b) > 0;
	hb_blob_destroy(b);
	return ok;
}

static void face_free(struct face *fc)
{
	if (!fc)
		return;
	for (size_t i = 0; i < fc->nplans; i++)
		hb_shape_plan_destroy(fc->plan[i]);
	hb_buffer_destroy(fc->buf);
	cv_kern_free(fc->kern);
	hb_font_destroy(fc->hb_font);
	hb_face_destroy(fc->hb_face);
	hb_blob_destroy(fc->blob);
	for (size_t i = 0; i < CV_COUNT(fc->metric); i++)
		x_free(fc->metric[i]);
	x_free(fc->kern_key);
	x_free(fc->kern_val);
	x_free(fc->tracked);
	x_free(fc->path);
	x_free(fc->name);
	x_free(fc);
}

/* A font file mapped into memory, unmapped when HarfBuzz drops its blob. */
struct mapping {
	void *addr;
	size_t len;
};

static void unmap_font(void *user)
{
	struct mapping *m = user;
	munmap(m->addr, m->len);
	x_free(m);
}

/*
 * The bytes of a font file as a HarfBuzz blob: a regular file is mapped
 * (only the pages HarfBuzz touches -- cmap, metrics, kerning, the glyphs
 * subset -- are ever read, and none count against the heap); anything else
 * is read whole.  Returns 0 or an errno value; *data and *len describe the
 * bytes.
 */
static int font_bytes(const char *path, hb_blob_t **blob, const char **data, size_t *len)
{
	*blob = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		int err = 0;
		if ((uintmax_t)st.st_size > FONT_MAX_BYTES) {
			err = EFBIG;
		} else {
			size_t n = (size_t)st.st_size;
			void *addr = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
			if (addr != MAP_FAILED) {
				struct mapping *m = x_malloc(sizeof *m);
				*m = (struct mapping){addr, n};
				*blob = hb_blob_create(addr, (unsigned)n, HB_MEMORY_MODE_READONLY,
				                       m, unmap_font);
			}
		}
		close(fd);
		if (err)
			return err;
	} else if (fd >= 0) {
		close(fd);
	}
	if (!*blob) {
		char *bytes = NULL;
		size_t n = 0;
		int err = cv_file_read(path, FONT_MAX_BYTES, &bytes, &n);
		if (err)
			return err;
		*blob = hb_blob_create(bytes, (unsigned)n, HB_MEMORY_MODE_READONLY, bytes, x_free);
	}
	/* From the blob: if HarfBuzz could not wrap the bytes, it has already
	 * released them and the blob is empty. */
	unsigned n = 0;
	*data = hb_blob_get_data(*blob, &n);
	*len = n;
	return 0;
}

/* Open one font file; NULL after reporting at pos. */
static struct face *face_open(const char *path, const struct cv_pos *pos)
{
	const char *data = NULL;
	size_t len = 0;
	hb_blob_t *blob = NULL;
	int err = font_bytes(path, &blob, &data, &len);
	if (err) {
		if (err == EFBIG)
			cv_msg(CV_ERROR, pos, "font-unreadable",
			       "cannot read font \"%s\": larger than %u MB", path,
			       FONT_MAX_BYTES / (1024 * 1024));
		else
			cv_msg(CV_ERROR, pos, "font-unreadable", "cannot read font \"%s\": %s",
			       path, strerror(err));
		return NULL;
	}
	bool cff = false;
	const char *problem = check_directory((const unsigned char *)data, len, &cff);
	if (cff) {
		cv_msg(CV_ERROR, pos, "font-cff",
		       "font \"%s\" has CFF outlines; folio needs TrueType (glyf) fonts", path);
		hb_blob_destroy(blob);
		return NULL;
	}
	if (problem) {
		cv_msg(CV_ERROR, pos, "font-corrupt", "font \"%s\" %s", path, problem);
		hb_blob_destroy(blob);
		return NULL;
	}
	struct face *fc = x_calloc(1, sizeof *fc);
	fc->path = x_strdup(path);
	fc->name = face_name(path);
	if (pos)
		fc->pos = *pos;
	fc->blob = blob;
	fc->hb_face = hb_face_create(fc->blob, 0);
	fc->upem = hb_face_get_upem(fc->hb_face);
	if (!has_table(fc->hb_face, "glyf") &&
	    (has_table(fc->hb_face, "CFF ") || has_table(fc->hb_face, "CFF2"))) {
		cv_msg(CV_ERROR, pos, "font-cff",
		       "font \"%s\" has CFF outlines; folio needs TrueType (glyf) fonts", path);
		face_free(fc);
		return NULL;
	}
	static const char *const required[] = {"head", "hhea", "hmtx", "maxp",
	                                       "cmap", "loca", "glyf"};
	for (size_t i = 0; i < CV_COUNT(required); i++) {
		if (!has_table(fc->hb_face, required[i])) {
			cv_msg(CV_ERROR, pos, "font-corrupt",
			       "font \"%s\" is corrupt: no valid \"%s\" table", path, required[i]);
			face_free(fc);
			return NULL;
		}
	}
	if (hb_face_get_glyph_count(fc->hb_face) == 0) {
		cv_msg(CV_ERROR, pos, "font-corrupt", "font \"%s\" is corrupt: no glyphs", path);
		face_free(fc);
		return NULL;
	}
	hb_set_t *mapped = hb_set_create();
	hb_face_collect_unicodes(fc->hb_face, mapped);
	bool empty = hb_set_is_empty(mapped);
	hb_set_destroy(mapped);
	if (empty) {
		cv_msg(CV_ERROR, pos, "font-corrupt",
		       "font \"%s\" is corrupt: its character map is empty", path);
		face_free(fc);
		return NULL;
	}
	/* The values libharu and hb-subset take on trust (sfnt_check.c). */
	char why[256];
	enum cv_sfnt_verdict verdict = cv_sfnt_check(data, len, CV_SFNT_SOURCE, why, sizeof why);
	if (verdict != CV_SFNT_OK) {
		if (verdict == CV_SFNT_NO_EMBEDDING)
			cv_msg(CV_ERROR, pos, "font-no-embedding",
			       "font \"%s\" may not be embedded in a PDF: %s", path, why);
		else
			cv_msg(CV_ERROR, pos, "font-damaged", "font \"%s\" is damaged: %s", path,
			       why);
		face_free(fc);
		return NULL;
	}
	fc->num_glyphs = hb_face_get_glyph_count(fc->hb_face);
	fc->hb_font = hb_font_create(fc->hb_face);
	hb_font_set_scale(fc->hb_font, (int)fc->upem, (int)fc->upem);
	/* Ascent and descent as libharu computes them: hhea, truncated to 1/1000 em. */
	hb_blob_t *hhea = hb_face_reference_table(fc->hb_face, HB_TAG('h', 'h', 'e', 'a'));
	unsigned hlen = 0;
	const unsigned char *h = (const unsigned char *)hb_blob_get_data(hhea, &hlen);
	int asc = 800, desc = -200;
	if (hlen >= 8) {
		asc = (int16_t)(h[4] << 8 | h[5]) * 1000 / (int)fc->upem;
		desc = (int16_t)(h[6] << 8 | h[7]) * 1000 / (int)fc->upem;
	}
	hb_blob_destroy(hhea);
	fc->ascent = asc / 1000.0;
	fc->descent = -desc / 1000.0;
	fc->kern = cv_kern_new(data, len);
	return fc;
}

/* Find or open the face for path (faces are shared by path). */
static struct face *face_get(struct cv_fonts *f, const char *path, const struct cv_pos *pos)
{
	for (size_t i = 0; i < f->nfaces; i++)
		if (strcmp(f->faces[i]->path, path) == 0)
			return f->faces[i];
	struct face *fc = face_open(path, pos);
	if (!fc)
		return NULL;
	f->faces = x_realloc(f->faces, (f->nfaces + 1) * sizeof *f->faces);
	f->faces[f->nfaces++] = fc;
	return fc;
}

/*
 * The layout loader has already reported missing faces and filled them in
 * from the family's other faces; a face still NULL here stands in for the
 * regular one silently.
 */
struct cv_fonts *cv_fonts_open(const struct cv_layout *l)
{
	struct cv_fonts *f = x_calloc(1, sizeof *f);
	bool ok = true;
	const char **bad = NULL; /* files already reported */
	size_t nbad = 0, badcap = 0;
	f->nfamilies = l->nfamilies;
	f->slot = x_calloc(l->nfamilies ? l->nfamilies : 1, sizeof *f->slot);
	for (size_t i = 0; i < l->nfamilies; i++) {
		const struct cv_font_family *fam = &l->families[i];
		int first = -1;
		for (int k = 0; k < 4 && first < 0; k++)
			if (fam->file[k])
				first = k;
		if (first < 0) {
			cv_msg(CV_ERROR, &fam->pos[CV_FACE_REGULAR], "font-unreadable",
			       "font family \"%s\" names no font file", fam->name ? fam->name : "");
			ok = false;
			continue;
		}
		for (int k = 0; k < 4; k++) {
			int src = fam->file[k]                 ? k
			          : fam->file[CV_FACE_REGULAR] ? CV_FACE_REGULAR
			                                       : first;
			bool known_bad = false;
			for (size_t b = 0; b < nbad; b++)
				known_bad = known_bad || strcmp(bad[b], fam->file[src]) == 0;
			if (known_bad) {
				ok = false;
				continue;
			}
			f->slot[i][k] = face_get(f, fam->file[src], &fam->pos[src]);
			if (!f->slot[i][k]) {
				bad = x_grow(bad, &badcap, nbad + 1, sizeof *bad);
				bad[nbad++] = fam->file[src];
				ok = false;
			}
		}
	}
	x_free(bad);
	if (!ok) {
		cv_fonts_free(f);
		return NULL;
	}
	return f;
}

void cv_fonts_free(struct cv_fonts *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nfaces; i++)
		face_free(f->faces[i]);
	x_free(f->faces);
	x_free(f->slot);
	x_free(f->nonbmp_warned);
	x_free(f->cmap_attr);
	x_free(f);
}

static struct face *slot_face(const struct cv_fonts *f, int family, int face)
{
	if (!f || family < 0 || (size_t)family >= f->nfamilies || face < 0 || face > 3)
		return NULL;
	return f->slot[family][face];
}

/* Width of cp in [1/1000 em] as libharu computes it, or WIDTH_MISSING. */
static int32_t char_width(struct face *fc, uint32_t cp)
{
	if (cp >= BMP_SIZE)
		return WIDTH_MISSING;
	struct metric *page = fc->metric[cp >> 8];
	if (!page) {
		page = fc->metric[cp >> 8] = x_malloc(256 * sizeof *page);
		for (size_t i = 0; i < 256; i++)
			page[i] = (struct metric){WIDTH_UNKNOWN, 0};
	}
	int32_t w = page[cp & 0xFF].width;
	if (w != WIDTH_UNKNOWN)
		return w;
	hb_codepoint_t g = 0;
	/* A glyph past numGlyphs is dropped by hb-subset: missing, as in the PDF. */
	if (cp == 0 || !hb_font_get_nominal_glyph(fc->hb_font, cp, &g) || g == 0 ||
	    g >= fc->num_glyphs) {
		w = WIDTH_MISSING;
	} else {
		hb_position_t adv = hb_font_get_glyph_h_advance(fc->hb_font, g);
		w = adv > 0 ? (int32_t)((uint64_t)adv * 1000u / fc->upem) : 0;
		if (w > INT16_MAX)
			w = INT16_MAX;
	}
	page[cp & 0xFF] = (struct metric){(int16_t)w, g};
	return w;
}

/* The nominal glyph of cp, a character char_width has found in the face. */
static uint32_t char_glyph(const struct face *fc, uint32_t cp)
{
	return fc->metric[cp >> 8][cp & 0xFF].glyph;
}

/* A change of advance [font units] as [1/1000 em], clamped to +-1 em. */
static int kern_units(const struct face *fc, hb_position_t delta)
{
	if (delta == 0)
		return 0;
	long k = lround((double)delta * 1000.0 / fc->upem);
	return k < -1000 ? -1000 : k > 1000 ? 1000 : (int)k;
}

/* Pair adjustment in [1/1000 em] found by shaping "ab" with only kerning on. */
static int shape_kern(struct face *fc, uint32_t a, uint32_t b)
{
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
	hb_codepoint_t ga, gb;
	if (!hb_font_get_nominal_glyph(fc->hb_font, a, &ga) ||
	    !hb_font_get_nominal_glyph(fc->hb_font, b, &gb))
		return 0;
	if (!fc->buf)
		fc->buf = hb_buffer_create();
	hb_buffer_clear_contents(fc->buf);
	hb_buffer_add(fc->buf, a, 0);
	hb_buffer_add(fc->buf, b, 1);
	hb_buffer_set_content_type(fc->buf, HB_BUFFER_CONTENT_TYPE_UNICODE);
	hb_buffer_set_direction(fc->buf, HB_DIRECTION_LTR);
	/* A fixed language, never the locale's: same input, same output. */
	hb_buffer_set_language(fc->buf, hb_language_from_string("und", -1));
	hb_buffer_guess_segment_properties(fc->buf); /* script from the letters */
	/* hb_shape would look its plan up again for every pair: keep them. */
	hb_segment_properties_t props;
	hb_buffer_get_segment_properties(fc->buf, &props);
	hb_shape_plan_t *plan = NULL;
	bool kept = true;
	for (size_t i = 0; i < fc->nplans && !plan; i++)
		if (fc->plan_script[i] == props.script)
			plan = fc->plan[i];
	if (!plan) {
		plan = hb_shape_plan_create_cached(fc->hb_face, &props, features,
		                                   CV_COUNT(features), NULL);
		kept = fc->nplans < CV_COUNT(fc->plan);
		if (kept) {
			fc->plan[fc->nplans] = plan;
			fc->plan_script[fc->nplans++] = props.script;
		}
	}
	hb_shape_plan_execute(plan, fc->hb_font, fc->buf, features, CV_COUNT(features));
	if (!kept)
		hb_shape_plan_destroy(plan);
	unsigned n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(fc->buf, &n);
	hb_glyph_position_t *p = hb_buffer_get_glyph_positions(fc->buf, NULL);
	if (n != 2 || info[0].codepoint != ga || info[1].codepoint != gb)
		return 0;
	hb_position_t delta = p[0].x_advance + p[1].x_advance -
	                      hb_font_get_glyph_h_advance(fc->hb_font, ga) -
	                      hb_font_get_glyph_h_advance(fc->hb_font, gb);
	return kern_units(fc, delta);
}

static int32_t glyph_advance(void *fc, uint32_t g)
{
	return hb_font_get_glyph_h_advance(((struct face *)fc)->hb_font, g);
}

/*
 * Pair adjustment in [1/1000 em] between characters char_width has found:
 * from kern.c, by shaping where it declines.
 */
static int find_kern(struct face *fc, uint32_t a, uint32_t b)
{
	int32_t delta;
	if (!cv_kern_pair(fc->kern, a, b, char_glyph(fc, a), char_glyph(fc, b), glyph_advance, fc,
	                  &delta))
		return shape_kern(fc, a, b);
	return kern_units(fc, delta);
}

static size_t kern_slot(const uint32_t *keys, size_t cap, uint32_t key)
{
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 32) & (cap - 1);
	while (keys[i] != KERN_EMPTY && keys[i] != key)
		i = (i + 1) & (cap - 1);
	return i;
}

static void kern_grow(struct face *fc)
{
	size_t cap = fc->kern_cap ? fc->kern_cap * 2 : 1024;
	uint32_t *keys = x_malloc(cap * sizeof *keys);
	int16_t *vals = x_malloc(cap * sizeof *vals);
	memset(keys, 0xFF, cap * sizeof *keys);
	for (size_t i = 0; i < fc->kern_cap; i++) {
		if (fc->kern_key[i] == KERN_EMPTY)
			continue;
		size_t j = kern_slot(keys, cap, fc->kern_key[i]);
		keys[j] = fc->kern_key[i];
		vals[j] = fc->kern_val[i];
	}
	x_free(fc->kern_key);
	x_free(fc->kern_val);
	fc->kern_key = keys;
	fc->kern_val = vals;
	fc->kern_cap = cap;
}

/* Cached pair kerning in [1/1000 em] between two BMP characters the face has. */
static int pair_kern(struct face *fc, uint32_t a, uint32_t b)
{
	uint32_t key = a << 16 | b;
	if (key == KERN_EMPTY)
		return 0;
	if ((fc->kern_count + 1) * 2 > fc->kern_cap)
		kern_grow(fc);
	size_t i = kern_slot(fc->kern_key, fc->kern_cap, key);
	if (fc->kern_key[i] == key)
		return fc->kern_val[i];
	int k = find_kern(fc, a, b);
	fc->kern_key[i] = key;
	fc->kern_val[i] = (int16_t)k;
	fc->kern_count++;
	return k;
}

/* Next code point of text at *i; invalid bytes are skipped and give 0 (never shown). */
static uint32_t next_cp(const char *text, size_t len, size_t *i)
{
	uint32_t cp;
	int n = cv_utf8_decode(text + *i, len - *i, &cp);
	if (n < 0) {
		*i += 1;
		return 0;
	}
	*i += (size_t)n;
	return cp;
}

double cv_fonts_width(void *ctx, int family, int face, const char *text, size_t len, double size)
{
	struct face *fc = slot_face(ctx, family, face);
	if (!fc || !text)
		return 0;
	long sum = 0;
	uint32_t prev = 0;
	bool have_prev = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp = next_cp(text, len, &i);
		int32_t w = char_width(fc, cp);
		if (w < 0)
			continue;
		sum += w;
		if (have_prev)
			sum += pair_kern(fc, prev, cp);
		prev = cp;
		have_prev = true;
	}
	return (double)sum * size / 1000.0;
}

double cv_fonts_ascent(void *ctx, int family, int face, double size)
{
	struct face *fc = slot_face(ctx, family, face);
	return fc ? fc->ascent * size : 0.8 * size;
}

double cv_fonts_descent(void *ctx, int family, int face, double size)
{
	struct face *fc = slot_face(ctx, family, face);
	return fc ? fc->descent * size : 0.2 * size;
}

bool cv_fonts_has(const struct cv_fonts *f, int family, int face, uint32_t cp)
{
	struct face *fc = slot_face(f, family, face);
	return fc && char_width(fc, cp) >= 0;
}

/* Font units added to every advance of the face's subset for tracking [1/1000 em]. */
static int tracking_units(const struct face *fc, int tracking)
{
	return (int)lround(tracking * (double)fc->upem / 1000.0);
}

/*
 * Width of cp, a character char_width has found, in the subset widened for
 * tracking, as libharu computes it from that subset's hmtx (cv_sfnt_widen).
 */
static int32_t tracked_width(struct face *fc, uint32_t cp, int tracking)
{
	hb_position_t adv = hb_font_get_glyph_h_advance(fc->hb_font, char_glyph(fc, cp));
	long v = (long)(adv > 0 ? adv : 0) + tracking_units(fc, tracking);
	v = v < 0 ? 0 : v > 0xFFFF ? 0xFFFF : v;
	int32_t w = (int32_t)(v * 1000 / (long)fc->upem);
	return w > INT16_MAX ? INT16_MAX : w;
}

size_t cv_fonts_shape(struct cv_fonts *f, int family, int face, const char *text, size_t len,
                      uint32_t *cps, int *kern_after, size_t max)
{
	return cv_fonts_shape_tracked(f, family, face, 0, text, len, cps, kern_after, max);
}

size_t cv_fonts_shape_tracked(struct cv_fonts *f, int family, int face, int tracking,
                              const char *text, size_t len, uint32_t *cps, int *kern_after,
                              size_t max)
{
	struct face *fc = slot_face(f, family, face);
	if (!fc || !text)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < len && n < max;) {
		uint32_t cp = next_cp(text, len, &i);
		int32_t w = char_width(fc, cp);
		if (w < 0)
			continue;
		if (n > 0)
			kern_after[n - 1] += pair_kern(fc, cps[n - 1], cp);
		cps[n] = cp;
		/* The widened advance rounds apart from width + tracking by a unit
		 * or so (or is cut at 0): the difference goes into the TJ array. */
		kern_after[n] = tracking ? w + tracking - tracked_width(fc, cp, tracking) : 0;
		n++;
	}
	return n;
}

/* The character itself for a message, or "" for controls (shown only as U+XXXX). */
static void show_char(uint32_t cp, char out[8])
{
	size_t n = 0;
	if (cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0) && cp <= 0x10FFFF &&
	    !(cp >= 0xD800 && cp <= 0xDFFF)) {
		out[n++] = ' ';
		out[n++] = '"';
		n += cv_utf8_encode(cp, out + n);
		out[n++] = '"';
	}
	out[n] = '\0';
}

#define LIST_MAX 8 /* characters named in one warning */

/* Append 'U+XXXX "c"' to a message list; "and N more" after LIST_MAX. */
static void list_char(struct cv_buf *b, size_t *n, uint32_t cp)
{
	char shown[8];
	if (*n < LIST_MAX) {
		show_char(cp, shown);
		cv_buf_printf(b, "%sU+%04X%s", *n ? ", " : "", (unsigned)cp, shown);
	}
	(*n)++;
}

static void end_list(struct cv_buf *b, size_t n)
{
	if (n > LIST_MAX)
		cv_buf_printf(b, " and %zu more", n - LIST_MAX);
}

static bool nonbmp_new(struct cv_fonts *f, uint32_t cp)
{
	for (size_t i = 0; i < f->nonbmp_count; i++)
		if (f->nonbmp_warned[i] == cp)
			return false;
	f->nonbmp_warned =
	    x_grow(f->nonbmp_warned, &f->nonbmp_cap, f->nonbmp_count + 1, sizeof(uint32_t));
	f->nonbmp_warned[f->nonbmp_count++] = cp;
	return true;
}

const char *cv_fonts_face_name(const struct cv_fonts *f, int family, int face)
{
	struct face *fc = slot_face(f, family, face);
	return fc && fc->name ? fc->name : "";
}

size_t cv_fonts_lacking(const struct cv_fonts *f, int family, int face, const char *text,
                        size_t len, struct cv_buf *list)
{
	struct face *fc = slot_face(f, family, face);
	size_t n = 0;
	if (!fc || !text)
		return 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = next_cp(text, len, &i);
		char tag[16];
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
		    (cp < BMP_SIZE && char_width(fc, cp) >= 0))
			continue;
		snprintf(tag, sizeof tag, "U+%04X", (unsigned)cp);
		if (list->data && strstr(list->data, tag)) /* listed already */
			continue;
		list_char(list, &n, cp);
	}
	end_list(list, n);
	return n;
}

/*
 * Missing characters are reported once per face (characters above U+FFFF
 * once per run), grouped: one warning per call lists them all.
 */
/* The tracked subset of fc for tracking (not 0), added (empty) on first use. */
static struct tracked *tracked_of(struct face *fc, int tracking)
{
	for (size_t i = 0; i < fc->ntracked; i++)
		if (fc->tracked[i].amount == tracking)
			return &fc->tracked[i];
	fc->tracked = x_grow(fc->tracked, &fc->cap_tracked, fc->ntracked + 1, sizeof *fc->tracked);
	struct tracked *t = &fc->tracked[fc->ntracked++];
	memset(t, 0, sizeof *t);
	t->amount = tracking;
	return t;
}

void cv_fonts_use(struct cv_fonts *f, int family, int face, const char *text, size_t len,
                  const struct cv_pos *pos)
{
	cv_fonts_use_tracked(f, family, face, 0, text, len, pos);
}

void cv_fonts_use_tracked(struct cv_fonts *f, int family, int face, int tracking, const char *text,
                          size_t len, const struct cv_pos *pos)
{
	struct face *fc = slot_face(f, family, face);
	if (!fc || !text)
		return;
	uint64_t *used = tracking ? tracked_of(fc, tracking)->used : fc->used;
	struct cv_buf lacking = {0}, outside = {0};
	size_t nlacking = 0, noutside = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = next_cp(text, len, &i);
		if (cp == 0)
			continue;
		if (cp >= BMP_SIZE) {
			if (nonbmp_new(f, cp))
				list_char(&outside, &noutside, cp);
			continue;
		}
		if (char_width(fc, cp) >= 0) {
			bit_set(used, cp);
			continue;
		}
		if (bit_get(fc->warned, cp) || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			continue;
		bit_set(fc->warned, cp);
		list_char(&lacking, &nlacking, cp);
	}
	if (nlacking) {
		end_list(&lacking, nlacking);
		if (nlacking == 1)
			cv_msg(CV_WARN, pos, "char-not-in-font",
			       "character %s is not in font %s; it is left out", lacking.data,
			       fc->name);
		else
			cv_msg(CV_WARN, pos, "char-not-in-font",
			       "characters %s are not in font %s; they are left out", lacking.data,
			       fc->name);
	}
	if (noutside) {
		end_list(&outside, noutside);
		if (noutside == 1)
			cv_msg(CV_WARN, pos, "char-outside-bmp",
			       "character %s is outside the Basic Multilingual Plane; it is left "
			       "out",
			       outside.data);
		else
			cv_msg(CV_WARN, pos, "char-outside-bmp",
			       "characters %s are outside the Basic Multilingual Plane; they are "
			       "left out",
			       outside.data);
	}
	cv_buf_free(&lacking);
	cv_buf_free(&outside);
}

/* ---- subsetting and loading into libharu ---------------------------- */

/* The font file's bytes (those HarfBuzz opened). */
static const char *face_data(const struct face *fc, size_t *len)
{
	unsigned n = 0;
	const char *data = hb_blob_get_data(fc->blob, &n);
	*len = n;
	return data;
}

/* Check the glyph of cp, a character the face has; false after reporting. */
static bool check_char_glyph(struct cv_sfnt_glyphs *g, struct face *fc, uint32_t cp)
{
	char why[256], shown[8];
	if (cv_sfnt_check_glyph(g, char_glyph(fc, cp), why, sizeof why) == CV_SFNT_OK)
		return true;
	show_char(cp, shown);
	cv_msg(CV_ERROR, &fc->pos, "font-glyph-damaged",
	       "font \"%s\" has a damaged glyph for U+%04X%s: %s", fc->path, (unsigned)cp, shown,
	       why);
	return false;
}

/*
 * The glyphs hb-subset will start from -- .notdef, the space's and those of
 * the characters recorded -- and the composite glyphs under them, checked
 * before the face is subset (sfnt_check.h).  False after reporting
 * font-glyph-damaged, naming the character.
 */
static bool check_used_glyphs(struct face *fc, const uint64_t *used)
{
	size_t len;
	const char *data = face_data(fc, &len);
	struct cv_sfnt_glyphs *g = cv_sfnt_glyphs_new(data, len);
	char why[256];
	bool ok = cv_sfnt_check_glyph(g, 0, why, sizeof why) == CV_SFNT_OK;
	if (!ok)
		cv_msg(
		    CV_ERROR, &fc->pos, "font-glyph-damaged",
		    "font \"%s\" has a damaged glyph (.notdef, drawn for missing characters): %s",
		    fc->path, why);
	if (ok && char_width(fc, ' ') >= 0)
		ok = check_char_glyph(g, fc, ' ');
	for (uint32_t cp = bit_next(used, 0); ok && cp < BMP_SIZE; cp = bit_next(used, cp + 1))
		ok = check_char_glyph(g, fc, cp);
	cv_sfnt_glyphs_free(g);
	return ok;
}

bool cv_fonts_check_glyphs(struct cv_fonts *f)
{
	bool ok = true;
	for (size_t i = 0; f && i < f->nfaces; i++) {
		struct face *fc = f->faces[i];
		size_t len;
		const char *data = face_data(fc, &len);
		char why[256];
		if (cv_sfnt_check_all_glyphs(data, len, why, sizeof why) == CV_SFNT_OK)
			continue;
		cv_msg(CV_ERROR, &fc->pos, "font-glyph-damaged",
		       "font \"%s\" has a damaged glyph: %s", fc->path, why);
		ok = false;
	}
	return ok;
}

/* hb-subset the face to the characters in used (plus space); NULL on failure. */
static hb_blob_t *subset_face(struct face *fc, const uint64_t *used)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return NULL;
	hb_set_t *unicodes = hb_subset_input_unicode_set(in);
	hb_set_add(unicodes, ' ');
	for (uint32_t cp = bit_next(used, 0); cp < BMP_SIZE; cp = bit_next(used, cp + 1))
		hb_set_add(unicodes, cp);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "kern", "DSIG", "gasp",
	                                      "vhea", "vmtx", "VORG", "BASE", "JSTF", "MATH"};
	for (size_t i = 0; i < CV_COUNT(dropped); i++)
		hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
	hb_face_t *sub = hb_subset_or_fail(fc->hb_face, in);
	hb_subset_input_destroy(in);
	if (!sub)
		return NULL;
	hb_blob_t *blob = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	if (hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		return NULL;
	}
	return blob;
}

/*
 * The subset with two more bytes in its 'cvt ' table (created if absent):
 * a control value no instruction reads (the subset has no hinting), which
 * moves the size of the font program libharu writes off a multiple of its
 * stream chunk size (ttf_save.h).  NULL on failure.
 */
static hb_blob_t *with_spare_cvt(hb_blob_t *blob)
{
	hb_face_t *face = hb_face_create(blob, 0);
	hb_face_t *builder = hb_face_builder_create();
	unsigned ntags = hb_face_get_table_tags(face, 0, NULL, NULL);
	hb_tag_t *tags = x_calloc(ntags + 1, sizeof *tags);
	hb_face_get_table_tags(face, 0, &ntags, tags);
	const hb_tag_t cvt = HB_TAG('c', 'v', 't', ' ');
	tags[ntags] = cvt; /* a sentinel, used only if the subset has no cvt */
	bool have_cvt = false;
	for (unsigned i = 0; i <= ntags; i++) {
		if (i == ntags && have_cvt)
			break;
		hb_blob_t *table = hb_face_reference_table(face, tags[i]);
		if (tags[i] == cvt) {
			unsigned n = 0;
			const char *old = hb_blob_get_data(table, &n);
			char *bytes = x_calloc((size_t)n + 2, 1);
			if (n)
				memcpy(bytes, old, n);
			hb_blob_destroy(table);
			table = hb_blob_create(bytes, n + 2, HB_MEMORY_MODE_WRITABLE, bytes, x_free);
			have_cvt = true;
		}
		hb_face_builder_add_table(builder, tags[i], table);
		hb_blob_destroy(table);
	}
	x_free(tags);
	hb_blob_t *out = hb_face_reference_blob(builder);
	hb_face_destroy(builder);
	hb_face_destroy(face);
	if (hb_blob_get_length(out) == 0) {
		hb_blob_destroy(out);
		return NULL;
	}
	return out;
}

/* Six upper-case letters from a hash of the subset bytes (deterministic). */
static void subset_tag(const char *data, size_t len, char tag[7])
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 1099511628211u;
	}
	for (int i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
}

/*
 * The bytes libharu is given for a subset: a copy with SUBSET_PAD zero bytes
 * after it, a PostScript name fit for a PDF name object and, for a tracked
 * face, its advances widened by the tracking; checked by
 * libharu's rules (what libharu parses is the subset).  NULL, reported at
 * the face's layout position, if the check fails.
 */
static char *subset_bytes(const struct face *fc, hb_blob_t *blob, int tracking, size_t *len)
{
	unsigned sub_len = 0;
	const char *sub = hb_blob_get_data(blob, &sub_len);
	*len = (size_t)sub_len + SUBSET_PAD;
	char *data = x_calloc(*len, 1);
	if (sub_len)
		memcpy(data, sub, sub_len);
	cv_sfnt_repair_psname(data, *len);
	/* a tracked face: the tracking goes into the advances (cv_sfnt_widen) */
	if (tracking)
		cv_sfnt_widen(data, *len, tracking_units(fc, tracking));
	char why[256];
	if (cv_sfnt_check(data, *len, CV_SFNT_LIBHARU, why, sizeof why) != CV_SFNT_OK) {
		cv_msg(CV_ERROR, &fc->pos, "font-damaged",
		       "font \"%s\" is damaged (found in its subset): %s", fc->path, why);
		x_free(data);
		return NULL;
	}
	return data;
}

/*
 * Load a TrueType subset from memory (libharu 2.3.0 has no public call).
 * NULL on failure, and also, with *save_fails set, when libharu could not
 * save this font program (ttf_save.h): load it with_spare_cvt() instead.
 */
static HPDF_FontDef load_fontdef(HPDF_Doc pdf, const char *data, size_t len, bool *save_fails)
{
	*save_fails = false;
	HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, 32 * 1024);
	if (!s)
		return NULL;
	if (HPDF_Stream_Write(s, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK) {
		HPDF_Stream_Free(s);
		return NULL;
	}
	/* On success the font definition owns the stream (embedding). */
	HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE);
	if (!def)
		return NULL;
	/* libharu appends ",Bold"/",Italic" from the style bits: the PostScript
	 * name of an embedded font needs no such hint. */
	char *comma = strchr(def->base_font, ',');
	if (comma)
		*comma = '\0';
	char tag[7];
	subset_tag(data, len, tag);
	HPDF_TTFontDef_SetTagName(def, tag);
	/*
	 * libharu finds font definitions and fonts by def->base_font: by the
	 * PostScript name alone, two faces of one name (two versions of a
	 * font, or names the repair made equal) would share the first face's
	 * subset.  The tagged name "TAGXYZ+Name" it writes as BaseFont and
	 * FontName stands for the subset's bytes: that becomes the key.
	 */
	HPDF_TTFontDefAttr attr = def->attr;
	memcpy(def->base_font, attr->base_font, sizeof def->base_font);
	HPDF_FontDef old = HPDF_Doc_FindFontDef(pdf, def->base_font);
	if (old) { /* the same bytes: the same subset */
		HPDF_FontDef_Free(def);
		return old;
	}
	/* Mark every glyph used: the subset holds only needed glyphs, and
	 * 2.3.0 loses components of nested composites otherwise. */
	for (HPDF_UINT i = 0; i < attr->num_glyphs; i++)
		attr->glyph_tbl.flgs[i] = 1;
	if (cv_ttf_save_fails(def)) {
		*save_fails = true;
		HPDF_FontDef_Free(def);
		return NULL;
	}
	if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		return NULL;
	}
	return def;
}

/* Append the ToUnicode entries for the code points in used (plus space). */
static void write_tounicode(struct cv_buf *b, const uint64_t *used)
{
	cv_buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
	               "12 dict begin\n"
	               "begincmap\n"
	               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	               "/CMapName /Adobe-Identity-UCS def\n"
	               "/CMapType 2 def\n"
	               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* Collect ranges of consecutive used codes, split at 256-code boundaries. */
	struct range {
		uint32_t lo, hi;
	};
	struct range *r = NULL;
	size_t nr = 0, cap = 0;
	for (uint32_t w = 0; w < BMP_SIZE / 64; w++) {
		uint64_t bits = used[w];
		if (w == ' ' / 64)
			bits |= (uint64_t)1 << (' ' % 64);
		if (w == 0)
			bits &= ~(uint64_t)1; /* U+0000 */
		if (w >= 0xD800 / 64 && w <= 0xDFFF / 64)
			bits = 0; /* surrogates */
		for (; bits; bits &= bits - 1) {
			uint32_t cp = w * 64 + (unsigned)__builtin_ctzll(bits);
			if (nr > 0 && r[nr - 1].hi + 1 == cp && (cp & 0xFF) != 0) {
				r[nr - 1].hi = cp;
				continue;
			}
			r = x_grow(r, &cap, nr + 1, sizeof *r);
			r[nr].lo = r[nr].hi = cp;
			nr++;
		}
	}
	/* Singles go to bfchar blocks, runs to bfrange blocks, at most 100 each. */
	size_t singles = 0, runs = 0;
	for (size_t i = 0; i < nr; i++) {
		if (r[i].lo == r[i].hi)
			singles++;
		else
			runs++;
	}
	size_t done = 0;
	for (size_t i = 0; i < nr && done < singles; i++) {
		if (r[i].lo != r[i].hi)
			continue;
		if (done % 100 == 0)
			cv_buf_printf(b, "%zu beginbfchar\n",
			              singles - done < 100 ? singles - done : (size_t)100);
		cv_buf_printf(b, "<%04X> <%04X>\n", (unsigned)r[i].lo, (unsigned)r[i].lo);
		done++;
		if (done % 100 == 0 || done == singles)
			cv_buf_puts(b, "endbfchar\n");
	}
	done = 0;
	for (size_t i = 0; i < nr && done < runs; i++) {
		if (r[i].lo == r[i].hi)
			continue;
		if (done % 100 == 0)
			cv_buf_printf(b, "%zu beginbfrange\n",
			              runs - done < 100 ? runs - done : (size_t)100);
		cv_buf_printf(b, "<%04X> <%04X> <%04X>\n", (unsigned)r[i].lo, (unsigned)r[i].hi,
		              (unsigned)r[i].lo);
		done++;
		if (done % 100 == 0 || done == runs)
			cv_buf_puts(b, "endbfrange\n");
	}
	x_free(r);
	cv_buf_puts(b, "endcmap\n"
	               "CMapName currentdict /CMap defineresource pop\n"
	               "end\n"
	               "end\n");
}

/* Replace libharu's bogus ToUnicode stream and fix the CIDSystemInfo ordering. */
static bool repair_font(HPDF_Doc pdf, HPDF_Font font, const uint64_t *used)
{
	HPDF_FontAttr attr = font->attr;
	HPDF_Dict cmap = attr->cmap_stream;
	if (!cmap || !cmap->stream || !attr->descendant_font)
		return false;
	static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode", "UseCMap"};
	for (size_t i = 0; i < CV_COUNT(keys); i++)
		HPDF_Dict_RemoveElement(cmap, keys[i]); /* absent keys: no error set */
	HPDF_MemStream_FreeData(cmap->stream);
	struct cv_buf b = {0};
	write_tounicode(&b, used);
	HPDF_STATUS st = HPDF_Stream_WriteStr(cmap->stream, b.data);
	cv_buf_free(&b);
	if (st != HPDF_OK)
		return false;
	HPDF_Dict csi = HPDF_Dict_GetItem(attr->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT);
	if (!csi)
		return false;
	HPDF_String ord = HPDF_String_New(pdf->mmgr, "Identity", NULL);
	return ord && HPDF_Dict_Add(csi, "Ordering", ord) == HPDF_OK;
}

/*
 * True if the font cached in ld belongs to pdf: a document freed and a new
 * one allocated at the same address must not get a dangling font.
 */
static bool still_loaded(HPDF_Doc pdf, const struct loaded *ld)
{
	HPDF_Font font = ld->font;
	if (ld->doc != pdf || !font || HPDF_List_Find(pdf->font_mgr, font) < 0)
		return false;
	HPDF_FontDef def = HPDF_Doc_FindFontDef(pdf, ld->name);
	return def && font->attr && ((HPDF_FontAttr)font->attr)->fontdef == def;
}

/*
 * HPDF_GetFont for a subset face without libharu's 65 536-entry loop.  With
 * the UTF-8 encoder, 2.3.0's CIDFontType2_New looks up the glyph of every
 * BMP code point and writes /W and the CIDToGIDMap (128 KB per face) up to
 * U+FFFF.  With a plain CMap encoder it looks up only the codes listed in
 * the encoder's cid_map and writes both tables up to the highest CID (that
 * one excluded).  So for the duration of the call the UTF-8 encoder gets a
 * CMap state listing the face's used code points as CID = code point, plus
 * one past the highest: below it /W and the map are byte for byte what the
 * full loop gives (unlisted codes have glyph 0 either way), and nothing the
 * content stream can address is cut off.  The CMap state (256 KB) is kept
 * in f for the next face, zeroed again entry by entry.
 */
static HPDF_Font get_font(struct cv_fonts *f, HPDF_Doc pdf, const char *name, const uint64_t *used)
{
	HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8"); /* initialised on first use */
	if (!enc || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE || !enc->attr)
		return HPDF_GetFont(pdf, name, "UTF-8");
	HPDF_CMapEncoderAttr real = enc->attr;
	if (!f->cmap_attr)
		f->cmap_attr = x_calloc(1, sizeof(HPDF_CMapEncoderAttr_Rec));
	HPDF_CMapEncoderAttr fake = f->cmap_attr;
	memcpy(fake->jww_line_head, real->jww_line_head, sizeof fake->jww_line_head);
	fake->cmap_range = real->cmap_range;
	fake->notdef_range = real->notdef_range;
	fake->code_space_range = real->code_space_range;
	fake->writing_mode = real->writing_mode;
	memcpy(fake->registry, real->registry, sizeof fake->registry);
	memcpy(fake->ordering, real->ordering, sizeof fake->ordering);
	fake->suppliment = real->suppliment;
	fake->is_lead_byte_fn = real->is_lead_byte_fn;
	fake->is_trial_byte_fn = real->is_trial_byte_fn;
	fake->uid_offset = real->uid_offset;
	memcpy(fake->xuid, real->xuid, sizeof fake->xuid);
	uint32_t hi = ' ';
	fake->cid_map[' ' >> 8][' ' & 0xFF] = ' ';
	fake->unicode_map[' ' >> 8][' ' & 0xFF] = ' ';
	for (uint32_t cp = bit_next(used, 0); cp < BMP_SIZE; cp = bit_next(used, cp + 1)) {
		fake->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
		fake->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
		hi = cp > hi ? cp : hi;
	}
	if (hi + 1 < BMP_SIZE) { /* the end marker: its own entry is not written */
		fake->cid_map[(hi + 1) >> 8][(hi + 1) & 0xFF] = (HPDF_UINT16)(hi + 1);
		fake->unicode_map[(hi + 1) >> 8][(hi + 1) & 0xFF] = 0;
	}
	HPDF_Encoder_ToUnicode_Func to_unicode = enc->to_unicode_fn;
	enc->attr = fake;
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
	enc->to_unicode_fn = to_unicode;
	enc->attr = real;
	/* Back to all zero: the entries written above, then the fields after the maps. */
	fake->cid_map[' ' >> 8][' ' & 0xFF] = 0;
	fake->unicode_map[' ' >> 8][' ' & 0xFF] = 0;
	for (uint32_t cp = bit_next(used, 0); cp < BMP_SIZE; cp = bit_next(used, cp + 1)) {
		fake->cid_map[cp >> 8][cp & 0xFF] = 0;
		fake->unicode_map[cp >> 8][cp & 0xFF] = 0;
	}
	if (hi + 1 < BMP_SIZE)
		fake->cid_map[(hi + 1) >> 8][(hi + 1) & 0xFF] = 0;
	memset(fake->jww_line_head, 0,
	       sizeof *fake - offsetof(HPDF_CMapEncoderAttr_Rec, jww_line_head));
	return font;
}

void *cv_fonts_hpdf(struct cv_fonts *f, void *pdf, int family, int face)
{
	return cv_fonts_hpdf_tracked(f, pdf, family, face, 0);
}

void *cv_fonts_hpdf_tracked(struct cv_fonts *f, void *pdf_, int family, int face, int tracking)
{
	struct face *fc = slot_face(f, family, face);
	HPDF_Doc pdf = pdf_;
	if (!fc || !pdf)
		return NULL;
	struct tracked *tr = tracking ? tracked_of(fc, tracking) : NULL;
	const uint64_t *used = tr ? tr->used : fc->used;
	struct loaded *ld = tr ? &tr->pdf : &fc->pdf;
	if (still_loaded(pdf, ld))
		return ld->font;
	if (!check_used_glyphs(fc, used))
		return NULL;
	hb_blob_t *blob = subset_face(fc, used);
	if (!blob) {
		cv_msg(CV_ERROR, &fc->pos, "font-corrupt",
		       "font \"%s\" is corrupt: HarfBuzz cannot subset it", fc->path);
		return NULL;
	}
	size_t len;
	char *data = subset_bytes(fc, blob, tracking, &len); /* reports why it fails */
	if (!data) {
		hb_blob_destroy(blob);
		return NULL;
	}
	if (!HPDF_Doc_FindEncoder(pdf, "UTF-8"))
		HPDF_UseUTFEncodings(pdf);
	bool save_fails;
	HPDF_FontDef def = load_fontdef(pdf, data, len, &save_fails);
	if (save_fails) {
		x_free(data);
		hb_blob_t *spare = with_spare_cvt(blob);
		data = spare ? subset_bytes(fc, spare, tracking, &len) : NULL;
		hb_blob_destroy(spare);
		if (spare && !data) {
			hb_blob_destroy(blob);
			return NULL;
		}
		def = data ? load_fontdef(pdf, data, len, &save_fails) : NULL;
	}
	hb_blob_destroy(blob);
	HPDF_Font font = def ? get_font(f, pdf, def->base_font, used) : NULL;
	x_free(data);
	if (!font || !repair_font(pdf, font, used)) {
		HPDF_STATUS code = HPDF_GetError(pdf);
		HPDF_ResetError(pdf);
		cv_msg(CV_ERROR, &fc->pos, "font-corrupt",
		       "font \"%s\" is corrupt: libharu cannot read its subset (error 0x%04X)",
		       fc->path, (unsigned)code);
		return NULL;
	}
	ld->doc = pdf;
	ld->font = font;
	snprintf(ld->name, sizeof ld->name, "%s", def->base_font);
	return font;
}
