/*
 * Pair kerning without shaping: reads GPOS PairPos/SinglePos lookups (or a
 * format 0 'kern' table) under the features HarfBuzz 6.0.0 leaves on when
 * folio shapes a pair with only 'kern' of the optional ones, and applies
 * them as HarfBuzz does to a two-glyph buffer.  Whatever it cannot answer
 * exactly it declines, and the caller shapes.
 */
#include "kern.h"

#include <hb-ot.h>
#include <hb.h>

#include "../util.h"
#include "sfnt_check.h"

#define TAG CV_SFNT_TAG
#define NUL ((size_t)-1) /* a null offset: every field reads as 0 */
#define NOT_COVERED 0xFFFFFFFFu
#define MAX_SUBTABLES 4096 /* kept per script; more and the caller shapes */
#define MAX_WORK 1000000   /* subtables and rules looked at per script, likewise */

enum { PROPS_BASE = 0x02, PROPS_MARK = 0x08 }; /* HarfBuzz glyph props */
enum { FLAG_IGNORE = 0x000E, FLAG_MARK_SET = 0x0010, FLAG_MARK_TYPE = 0xFF00 }; /* LookupFlag */

/* A PairPos or SinglePos subtable (extensions resolved) of a kept lookup. */
struct sub {
	size_t off; /* in GPOS */
	unsigned type;
};

struct lookup {
	uint32_t props;      /* LookupFlag | mark filtering set << 16 */
	size_t first, count; /* its subtables in plan.subs */
};

/* What shaping a pair of one script does: lookups in index order. */
struct plan {
	uint32_t script; /* hb_script_t */
	bool ok;         /* false: the caller shapes */
	bool kern_table; /* the legacy 'kern' table applies */
	struct lookup *lookups;
	size_t nlookups;
	struct sub *subs;
	size_t nsubs;
};

enum kern_state { KERN_ABSENT, KERN_NOOP, KERN_FORMAT0, KERN_UNSUPPORTED };

struct cv_kern {
	struct cv_sfnt_tab gdef, gsub, gpos, kern;
	bool aat;           /* morx, mort, kerx or trak: AAT shaping */
	bool gdef_blocked;  /* HarfBuzz ignores this GDEF */
	bool glyph_classes; /* GDEF classes glyphs (else: synthesized, all base here) */
	size_t class_def, attach_def, mark_sets; /* in GDEF, or NUL */
	enum kern_state kern_state;
	struct plan plans[4];
	size_t nplans;
};

/* ---- reads: cv_sfnt_u16/u32 (sfnt_check.h) read 0 out of range ---- */

/* The object at offset off from obj (NUL for a null offset). */
static size_t at(const struct cv_sfnt_tab *t, size_t obj, uint32_t off)
{
	return off == 0 || obj >= t->n ? NUL : obj + off;
}

static unsigned popcount16(unsigned v)
{
	return (unsigned)__builtin_popcount(v & 0xFFFF);
}

/*
 * HarfBuzz's binary search (hb_bsearch_impl) over count records of size
 * bytes at base (size >= 4 if range), comparing key with the 16-bit value
 * at each record's start (or its [first, last] range when range is set).
 * Returns the record's offset or NUL; on unsorted data it probes exactly as
 * HarfBuzz does.
 */
static size_t bsearch16(const struct cv_sfnt_tab *t, size_t base, unsigned count, size_t size,
                        uint32_t key, bool range)
{
	if (base > t->n || (t->n - base) / size < count)
		return NUL; /* the array runs out of the table: as if empty */
	const unsigned char *p = t->p + base;
	int lo = 0, hi = (int)count - 1;
	while (lo <= hi) {
		int mid = (int)(((unsigned)lo + (unsigned)hi) / 2);
		size_t rec = base + (size_t)mid * size;
		const unsigned char *q = p + (size_t)mid * size;
		uint32_t first = (uint32_t)q[0] << 8 | q[1];
		uint32_t last = range ? (uint32_t)q[2] << 8 | q[3] : first;
		if (key < first)
			hi = mid - 1;
		else if (key > last)
			lo = mid + 1;
		else
			return rec;
	}
	return NUL;
}

static uint32_t coverage(const struct cv_sfnt_tab *t, size_t cov, uint32_t g)
{
	switch (cv_sfnt_u16(t, cov, 0)) {
	case 1: {
		size_t r = bsearch16(t, cov + 4, cv_sfnt_u16(t, cov, 2), 2, g, false);
		return r == NUL ? NOT_COVERED : (uint32_t)((r - cov - 4) / 2);
	}
	case 2: {
		size_t r = bsearch16(t, cov + 4, cv_sfnt_u16(t, cov, 2), 6, g, true);
		return r == NUL ? NOT_COVERED : cv_sfnt_u16(t, r, 4) + (g - cv_sfnt_u16(t, r, 0));
	}
	default:
		return NOT_COVERED;
	}
}

static unsigned class_of(const struct cv_sfnt_tab *t, size_t cd, uint32_t g)
{
	switch (cv_sfnt_u16(t, cd, 0)) {
	case 1: {
		uint32_t i = g - cv_sfnt_u16(t, cd, 2);
		return i < cv_sfnt_u16(t, cd, 4) ? cv_sfnt_u16(t, cd, 6 + 2 * (size_t)i) : 0;
	}
	case 2: {
		size_t r = bsearch16(t, cd + 4, cv_sfnt_u16(t, cd, 2), 6, g, true);
		return r == NUL ? 0 : cv_sfnt_u16(t, r, 4);
	}
	default:
		return 0;
	}
}

/* ---- the font's tables ----------------------------------------------- */

/* GDEF tables HarfBuzz ignores (hb-ot-layout.cc): GDEF, GSUB, GPOS lengths. */
static const uint32_t gdef_blocklist[][3] = {
    {442, 2874, 42038},    {430, 2874, 40662},   {442, 2874, 39116},   {430, 2874, 39374},
    {490, 3046, 41638},    {478, 3046, 41902},   {898, 12554, 46470},  {910, 12566, 47732},
    {928, 23298, 59332},   {940, 23310, 60732},  {964, 23836, 60072},  {976, 23832, 61456},
    {994, 24474, 60336},   {1006, 24470, 61740}, {1006, 24576, 61346}, {1018, 24572, 62828},
    {1006, 24576, 61352},  {1018, 24572, 62834}, {832, 7324, 47162},   {844, 7302, 45474},
    {180, 13054, 7254},    {192, 12638, 7254},   {192, 12690, 7254},   {188, 248, 3852},
    {188, 264, 3426},      {1058, 47032, 11818}, {1046, 47030, 12600}, {1058, 71796, 16770},
    {1046, 71790, 17862},  {1046, 71788, 17112}, {1058, 71794, 17514}, {1330, 109904, 57938},
    {1330, 109904, 58972}, {1004, 59092, 14836},
};

static bool blocklisted(const struct cv_kern *k)
{
	for (size_t i = 0; i < CV_COUNT(gdef_blocklist); i++)
		if (k->gdef.n == gdef_blocklist[i][0] && k->gsub.n == gdef_blocklist[i][1] &&
		    k->gpos.n == gdef_blocklist[i][2])
			return true;
	return false;
}

/* Check the legacy 'kern' table as HarfBuzz's sanitizer and planner see it. */
static enum kern_state kern_check(const struct cv_sfnt_tab *t)
{
	if (t->n < 4 || cv_sfnt_u32(t, 0, 0) == 0)
		return KERN_ABSENT;
	if (cv_sfnt_u16(t, 0, 0) != 0) /* Apple's (1) or unknown versions */
		return cv_sfnt_u16(t, 0, 0) == 1 ? KERN_UNSUPPORTED : KERN_NOOP;
	unsigned count = cv_sfnt_u16(t, 0, 2);
	size_t st = 4;
	for (unsigned i = 0; i < count; i++) {
		unsigned length = cv_sfnt_u16(t, st, 2), format = cv_sfnt_u16(t, st, 4) >> 8;
		if (st + 6 > t->n || length < 6)
			return KERN_ABSENT;
		/* The last subtable may run past its 16-bit length. */
		size_t end = i + 1 < count ? st + length : t->n;
		if (end > t->n)
			return KERN_ABSENT;
		if (format == 1 || format == 2)
			return KERN_UNSUPPORTED; /* state machine, class kerning */
		if (format == 0 && (st + 14 > end || (end - st - 14) / 6 < cv_sfnt_u16(t, st, 6)))
			return KERN_ABSENT;
		st += length;
	}
	return KERN_FORMAT0;
}

struct cv_kern *cv_kern_new(const void *data, size_t len)
{
	struct cv_kern *k = x_calloc(1, sizeof *k);
	const unsigned char *d = data;
	k->gdef = cv_sfnt_table(d, len, TAG('G', 'D', 'E', 'F'));
	k->gsub = cv_sfnt_table(d, len, TAG('G', 'S', 'U', 'B'));
	k->gpos = cv_sfnt_table(d, len, TAG('G', 'P', 'O', 'S'));
	k->kern = cv_sfnt_table(d, len, TAG('k', 'e', 'r', 'n'));
	static const uint32_t aat[] = {TAG('m', 'o', 'r', 'x'), TAG('m', 'o', 'r', 't'),
	                               TAG('k', 'e', 'r', 'x'), TAG('t', 'r', 'a', 'k')};
	for (size_t i = 0; i < CV_COUNT(aat); i++)
		k->aat = k->aat || cv_sfnt_table(d, len, aat[i]).n > 0;
	k->gdef_blocked = k->gdef.n > 0 && blocklisted(k);
	k->class_def = k->attach_def = k->mark_sets = NUL;
	const struct cv_sfnt_tab *g = &k->gdef;
	if (g->n >= 12 && cv_sfnt_u16(g, 0, 0) == 1) {
		k->class_def = at(g, 0, cv_sfnt_u16(g, 0, 4));
		k->attach_def = at(g, 0, cv_sfnt_u16(g, 0, 10));
		if (cv_sfnt_u32(g, 0, 0) >= 0x00010002u)
			k->mark_sets = at(g, 0, cv_sfnt_u16(g, 0, 12));
		k->glyph_classes = k->class_def != NUL;
	}
	k->kern_state = kern_check(&k->kern);
	return k;
}

void cv_kern_free(struct cv_kern *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->nplans; i++) {
		x_free(k->plans[i].lookups);
		x_free(k->plans[i].subs);
	}
	x_free(k);
}

/* ---- planning: which lookups shaping a pair applies ------------------ */

/* GSUB/GPOS header: true if HarfBuzz sees the table at all. */
static bool layout_present(const struct cv_sfnt_tab *t)
{
	if (t->n < 4 || cv_sfnt_u32(t, 0, 0) == 0)
		return false;
	return cv_sfnt_u16(t, 0, 0) != 1 || t->n >= 10;
}

/* The LangSys HarfBuzz selects (NUL: the null one, no features). */
static size_t select_langsys(const struct cv_sfnt_tab *t, const hb_tag_t *stags, unsigned ns,
                             const hb_tag_t *ltags, unsigned nl)
{
	if (!layout_present(t) || cv_sfnt_u16(t, 0, 0) != 1)
		return NUL;
	size_t list = at(t, 0, cv_sfnt_u16(t, 0, 4)), script = NUL;
	unsigned count = cv_sfnt_u16(t, list, 0);
	static const hb_tag_t fallback[] = {HB_OT_TAG_DEFAULT_SCRIPT, HB_OT_TAG_DEFAULT_LANGUAGE,
	                                    TAG('l', 'a', 't', 'n')};
	for (unsigned i = 0; i < ns + CV_COUNT(fallback) && script == NUL; i++) {
		uint32_t tag = i < ns ? stags[i] : fallback[i - ns];
		size_t r = NUL;
		/* Tag records: 4-byte tag, 2-byte offset; search on the 32-bit tag. */
		int lo = 0, hi = (int)count - 1;
		while (lo <= hi) {
			int mid = (int)(((unsigned)lo + (unsigned)hi) / 2);
			uint32_t v = cv_sfnt_u32(t, list, 2 + 6 * (size_t)mid);
			if (tag < v)
				hi = mid - 1;
			else if (tag > v)
				lo = mid + 1;
			else {
				r = list + 2 + 6 * (size_t)mid;
				break;
			}
		}
		if (r != NUL)
			script = at(t, list, cv_sfnt_u16(t, r, 4));
		if (r != NUL && script == NUL)
			return NUL; /* found, but a null Script */
	}
	if (script == NUL)
		return NUL;
	unsigned nlang = cv_sfnt_u16(t, script, 2);
	for (unsigned i = 0; i < nl; i++) {
		int lo = 0, hi = (int)nlang - 1;
		while (lo <= hi) {
			int mid = (int)(((unsigned)lo + (unsigned)hi) / 2);
			uint32_t v = cv_sfnt_u32(t, script, 4 + 6 * (size_t)mid);
			if (ltags[i] < v)
				hi = mid - 1;
			else if (ltags[i] > v)
				lo = mid + 1;
			else
				return at(t, script,
				          cv_sfnt_u16(t, script, 4 + 6 * (size_t)mid + 4));
		}
	}
	return at(t, script, cv_sfnt_u16(t, script, 0));
}

/* The features HarfBuzz turns on for a horizontal LTR buffer in the default
 * shaper, less those folio's shaping turns off; fractions (frac, numr, dnom)
 * only act around U+2044, which is declined. */
static const uint32_t features_on[] = {
    TAG('r', 'v', 'r', 'n'), TAG('l', 't', 'r', 'a'), TAG('l', 't', 'r', 'm'),
    TAG('r', 'a', 'n', 'd'), TAG('t', 'r', 'a', 'k'), TAG('H', 'a', 'r', 'f'),
    TAG('H', 'A', 'R', 'F'), TAG('B', 'u', 'z', 'z'), TAG('B', 'U', 'Z', 'Z'),
    TAG('a', 'b', 'v', 'm'), TAG('b', 'l', 'w', 'm'), TAG('c', 'u', 'r', 's'),
    TAG('d', 'i', 's', 't'), TAG('k', 'e', 'r', 'n'),
};

/*
 * Mark in used[] (lookup_count bits) the lookups of the features on in the
 * LangSys ls, plus its required feature.  *has_kern tells whether 'kern'
 * is among its features.
 */
static void collect_lookups(const struct cv_sfnt_tab *t, size_t ls, unsigned char *used,
                            unsigned lookup_count, bool *has_kern)
{
	*has_kern = false;
	if (ls == NUL)
		return;
	size_t flist = at(t, 0, cv_sfnt_u16(t, 0, 6));
	unsigned nfeat = cv_sfnt_u16(t, flist, 0), nidx = cv_sfnt_u16(t, ls, 4);
	unsigned chosen[CV_COUNT(features_on) + 1];
	size_t nchosen = 0;
	unsigned req = cv_sfnt_u16(t, ls, 2);
	if (req != 0xFFFF)
		chosen[nchosen++] = req;
	for (size_t f = 0; f < CV_COUNT(features_on); f++) {
		for (unsigned i = 0; i < nidx; i++) { /* the first with the tag */
			unsigned fi = cv_sfnt_u16(t, ls, 6 + 2 * (size_t)i);
			if (fi < nfeat &&
			    cv_sfnt_u32(t, flist, 2 + 6 * (size_t)fi) == features_on[f]) {
				chosen[nchosen++] = fi;
				*has_kern = *has_kern || features_on[f] == TAG('k', 'e', 'r', 'n');
				break;
			}
		}
	}
	for (size_t c = 0; c < nchosen; c++) {
		if (chosen[c] >= nfeat)
			continue;
		size_t feat = at(t, flist, cv_sfnt_u16(t, flist, 2 + 6 * (size_t)chosen[c] + 4));
		unsigned n = cv_sfnt_u16(t, feat, 2);
		for (unsigned i = 0; i < n; i++) {
			unsigned li = cv_sfnt_u16(t, feat, 4 + 2 * (size_t)i);
			if (li < lookup_count)
				used[li >> 3] |= (unsigned char)(1u << (li & 7));
		}
	}
}

/*
 * Could a contextual (type 7) or chained contextual (type 8) subtable match
 * within two glyphs?  Only a rule of at most two glyphs in all can; true
 * also when the work budget runs out.
 */
static bool context_fits(const struct cv_sfnt_tab *t, unsigned type, size_t st, size_t *budget)
{
	unsigned format = cv_sfnt_u16(t, st, 0);
	if (format == 3) {
		if (type == 7)
			return cv_sfnt_u16(t, st, 2) <= 2;
		unsigned b = cv_sfnt_u16(t, st, 2), in = cv_sfnt_u16(t, st, 4 + 2 * (size_t)b);
		unsigned la = cv_sfnt_u16(t, st, 6 + 2 * (size_t)b + 2 * (size_t)in);
		return b + in + la <= 2;
	}
	if (format != 1 && format != 2)
		return false;
	/* Rule sets: count and offsets after coverage (and class defs). */
	size_t head = type == 7 ? (format == 1 ? 4 : 6) : (format == 1 ? 4 : 10);
	unsigned nsets = cv_sfnt_u16(t, st, head);
	for (unsigned s = 0; s < nsets; s++) {
		size_t set = at(t, st, cv_sfnt_u16(t, st, head + 2 + 2 * (size_t)s));
		unsigned nrules = cv_sfnt_u16(t, set, 0);
		for (unsigned r = 0; r < nrules; r++) {
			if ((*budget)-- == 0)
				return true;
			size_t rule = at(t, set, cv_sfnt_u16(t, set, 2 + 2 * (size_t)r));
			if (rule == NUL)
				continue;
			unsigned total;
			if (type == 7) {
				total = cv_sfnt_u16(t, rule, 0);
			} else {
				unsigned b = cv_sfnt_u16(t, rule, 0),
				         in = cv_sfnt_u16(t, rule, 2 + 2 * (size_t)b);
				size_t la = 4 + 2 * (size_t)b + 2 * (size_t)(in ? in - 1 : 0);
				total = b + in + cv_sfnt_u16(t, rule, la);
			}
			if (total <= 2)
				return true;
		}
	}
	return false;
}

/* Add lookup li of GPOS to the plan; false if the plan must decline. */
static bool plan_lookup(const struct cv_sfnt_tab *t, struct plan *pl, size_t llist, unsigned li,
                        size_t *budget)
{
	size_t lk = at(t, llist, cv_sfnt_u16(t, llist, 2 + 2 * (size_t)li));
	unsigned type = cv_sfnt_u16(t, lk, 0), flag = cv_sfnt_u16(t, lk, 2),
	         nsub = cv_sfnt_u16(t, lk, 4);
	uint32_t props = flag;
	if (flag & FLAG_MARK_SET)
		props |= (uint32_t)cv_sfnt_u16(t, lk, 6 + 2 * (size_t)nsub) << 16;
	size_t first = pl->nsubs;
	bool attach = false; /* a mark attachment subtable: stops the lookup where it applies */
	for (unsigned i = 0; i < nsub; i++) {
		if ((*budget)-- == 0)
			return false;
		size_t st = at(t, lk, cv_sfnt_u16(t, lk, 6 + 2 * (size_t)i));
		unsigned ty = type;
		if (ty == 9) { /* Extension */
			if (st == NUL || cv_sfnt_u16(t, st, 0) != 1)
				continue;
			ty = cv_sfnt_u16(t, st, 2);
			st = at(t, st, cv_sfnt_u32(t, st, 4));
			if (ty == 9)
				continue;
		}
		if (st == NUL)
			continue;
		switch (ty) {
		case 1: /* SinglePos */
		case 2: /* PairPos */
			if (pl->nsubs >= MAX_SUBTABLES)
				return false;
			pl->subs = x_realloc(pl->subs, (pl->nsubs + 1) * sizeof *pl->subs);
			pl->subs[pl->nsubs++] = (struct sub){st, ty};
			break;
		case 3: /* CursivePos moves advances */
			return false;
		case 7:
		case 8:
			if (context_fits(t, ty, st, budget))
				return false;
			break; /* never matches two glyphs */
		case 4:
		case 5:
		case 6: /* mark attachment moves offsets only */
			attach = true;
			break;
		default: /* unknown types do nothing */
			break;
		}
	}
	if (attach && pl->nsubs > first)
		return false;
	if (pl->nsubs > first) {
		pl->lookups = x_realloc(pl->lookups, (pl->nlookups + 1) * sizeof *pl->lookups);
		pl->lookups[pl->nlookups++] = (struct lookup){props, first, pl->nsubs - first};
	}
	return true;
}

static bool script_supported(uint32_t script)
{
	return script == HB_SCRIPT_INVALID || script == HB_SCRIPT_LATIN ||
	       script == HB_SCRIPT_GREEK || script == HB_SCRIPT_CYRILLIC;
}

static void plan_build(struct cv_kern *k, struct plan *pl)
{
	pl->ok = false;
	if (k->aat || k->gdef_blocked)
		return;
	hb_tag_t stags[HB_OT_MAX_TAGS_PER_SCRIPT], ltags[HB_OT_MAX_TAGS_PER_LANGUAGE];
	unsigned ns = HB_OT_MAX_TAGS_PER_SCRIPT, nl = HB_OT_MAX_TAGS_PER_LANGUAGE;
	hb_ot_tags_from_script_and_language(
	    (hb_script_t)pl->script, hb_language_from_string("und", -1), &ns, stags, &nl, ltags);
	const struct cv_sfnt_tab *tabs[2] = {&k->gsub, &k->gpos};
	bool gpos_kern = false, ok = true;
	for (int ti = 0; ti < 2 && ok; ti++) {
		const struct cv_sfnt_tab *t = tabs[ti];
		if (!layout_present(t) || cv_sfnt_u16(t, 0, 0) != 1)
			continue;
		if (cv_sfnt_u32(t, 0, 0) >= 0x00010001u && t->n >= 14 && cv_sfnt_u32(t, 0, 10) != 0)
			return; /* FeatureVariations: conditions may hold at default coordinates */
		size_t llist = at(t, 0, cv_sfnt_u16(t, 0, 8));
		unsigned nlookups = cv_sfnt_u16(t, llist, 0);
		unsigned char *used = x_calloc(nlookups / 8 + 1, 1);
		bool has_kern;
		collect_lookups(t, select_langsys(t, stags, ns, ltags, nl), used, nlookups,
		                &has_kern);
		size_t budget = MAX_WORK;
		for (unsigned li = 0; li < nlookups && ok; li++) {
			if (!(used[li >> 3] >> (li & 7) & 1))
				continue;
			ok = ti == 1 &&
			     plan_lookup(t, pl, llist, li, &budget); /* any GSUB lookup: decline */
		}
		x_free(used);
		if (ti == 1)
			gpos_kern = has_kern;
	}
	if (!ok)
		return;
	pl->kern_table = k->kern_state != KERN_ABSENT && !gpos_kern;
	if (pl->kern_table && k->kern_state == KERN_UNSUPPORTED)
		return;
	pl->kern_table = pl->kern_table && k->kern_state == KERN_FORMAT0;
	pl->ok = true;
}

static struct plan *plan_get(struct cv_kern *k, uint32_t script)
{
	if (!script_supported(script))
		return NULL;
	for (size_t i = 0; i < k->nplans; i++)
		if (k->plans[i].script == script)
			return &k->plans[i];
	if (k->nplans == CV_COUNT(k->plans))
		return NULL;
	struct plan *pl = &k->plans[k->nplans++];
	pl->script = script;
	plan_build(k, pl);
	return pl;
}

/* ---- applying a plan to two glyphs --------------------------------- */

static unsigned glyph_props(const struct cv_kern *k, uint32_t g)
{
	if (!k->glyph_classes)
		return PROPS_BASE; /* synthesized: marks are declined before */
	switch (class_of(&k->gdef, k->class_def, g)) {
	case 1:
		return PROPS_BASE;
	case 2:
		return 0x04;
	case 3:
		return (PROPS_MARK | class_of(&k->gdef, k->attach_def, g) << 8) & 0xFFFF;
	default:
		return 0;
	}
}

/* HarfBuzz's check_glyph_property: may a lookup with props see glyph g? */
static bool glyph_matches(const struct cv_kern *k, uint32_t g, unsigned gprops, uint32_t props)
{
	if (gprops & props & FLAG_IGNORE)
		return false;
	if (!(gprops & PROPS_MARK))
		return true;
	if (props & FLAG_MARK_SET) {
		const struct cv_sfnt_tab *t = &k->gdef;
		if (cv_sfnt_u16(t, k->mark_sets, 0) != 1 ||
		    (props >> 16) >= cv_sfnt_u16(t, k->mark_sets, 2))
			return false;
		size_t cov = at(t, k->mark_sets,
		                cv_sfnt_u32(t, k->mark_sets, 4 + 4 * (size_t)(props >> 16)));
		return coverage(t, cov, g) != NOT_COVERED;
	}
	if (props & FLAG_MARK_TYPE)
		return (props & FLAG_MARK_TYPE) == (gprops & FLAG_MARK_TYPE);
	return true;
}

/* XAdvance of the ValueRecord at rec with format fmt. */
static int32_t x_advance(const struct cv_sfnt_tab *t, size_t rec, unsigned fmt)
{
	if (!(fmt & 4))
		return 0;
	return (int16_t)cv_sfnt_u16(t, rec, 2 * (size_t)popcount16(fmt & 3));
}

/*
 * Apply subtable s at glyph p of two; second tells whether glyph 1 is
 * visible to the lookup.  Returns 0 if it does not apply, else the index of
 * the glyph the lookup goes on with (HarfBuzz's buffer->idx).
 */
static unsigned apply_sub(const struct cv_sfnt_tab *t, const struct sub *s, unsigned p,
                          const uint32_t g[2], bool second, int32_t adj[2])
{
	if (s->type == 2 && (p != 0 || !second))
		return 0; /* no glyph to pair with */
	uint32_t ci = coverage(t, at(t, s->off, cv_sfnt_u16(t, s->off, 2)), g[p]);
	if (ci == NOT_COVERED)
		return 0;
	unsigned format = cv_sfnt_u16(t, s->off, 0);
	if (s->type == 1) {
		unsigned vf = cv_sfnt_u16(t, s->off, 4);
		if (format == 1) {
			adj[p] += x_advance(t, s->off + 6, vf);
		} else if (format == 2) {
			if (ci >= cv_sfnt_u16(t, s->off, 6))
				return 0;
			adj[p] += x_advance(t, s->off + 8 + 2 * (size_t)popcount16(vf) * ci, vf);
		} else {
			return 0;
		}
		return p + 1;
	}
	unsigned vf1 = cv_sfnt_u16(t, s->off, 4), vf2 = cv_sfnt_u16(t, s->off, 6);
	size_t len1 = popcount16(vf1), len2 = popcount16(vf2);
	size_t rec;
	if (format == 1) {
		if (ci >= cv_sfnt_u16(t, s->off, 8))
			return 0;
		size_t set = at(t, s->off, cv_sfnt_u16(t, s->off, 10 + 2 * (size_t)ci));
		if (set == NUL)
			return 0;
		rec = bsearch16(t, set + 2, cv_sfnt_u16(t, set, 0), 2 * (1 + len1 + len2), g[1],
		                false);
		if (rec == NUL)
			return 0;
		rec += 2;
	} else if (format == 2) {
		unsigned k1 = class_of(t, at(t, s->off, cv_sfnt_u16(t, s->off, 8)), g[0]);
		unsigned k2 = class_of(t, at(t, s->off, cv_sfnt_u16(t, s->off, 10)), g[1]);
		unsigned n1 = cv_sfnt_u16(t, s->off, 12), n2 = cv_sfnt_u16(t, s->off, 14);
		if (k1 >= n1 || k2 >= n2)
			return 0;
		rec = s->off + 16 + 2 * (len1 + len2) * ((size_t)k1 * n2 + k2);
	} else {
		return 0;
	}
	adj[0] += x_advance(t, rec, vf1);
	adj[1] += x_advance(t, rec + 2 * len1, vf2);
	return len2 ? 2 : 1;
}

static void apply_lookup(const struct cv_kern *k, const struct plan *pl, const struct lookup *l,
                         const uint32_t g[2], const unsigned gp[2], int32_t adj[2])
{
	bool seen[2] = {glyph_matches(k, g[0], gp[0], l->props),
	                glyph_matches(k, g[1], gp[1], l->props)};
	unsigned p = 0;
	while (p < 2) {
		unsigned next = p + 1;
		if (seen[p]) {
			for (size_t i = 0; i < l->count; i++) {
				unsigned r = apply_sub(&k->gpos, &pl->subs[l->first + i], p, g,
				                       p == 0 && seen[1], adj);
				if (r) {
					next = r;
					break;
				}
			}
		}
		p = next;
	}
}

/* The legacy 'kern' table, format 0 subtables, as HarfBuzz's kern machine. */
static void apply_kern_table(const struct cv_kern *k, const uint32_t g[2], const unsigned gp[2],
                             int32_t adj[2])
{
	const struct cv_sfnt_tab *t = &k->kern;
	if (!glyph_matches(k, g[1], gp[1], 0x08)) /* IgnoreMarks */
		return;
	unsigned count = cv_sfnt_u16(t, 0, 2);
	size_t st = 4;
	uint32_t key = g[0] << 16 | g[1];
	for (unsigned i = 0; i < count; i++) {
		unsigned cov = cv_sfnt_u16(t, st, 4) & 0xFF, format = cv_sfnt_u16(t, st, 4) >> 8;
		if (format == 0 && (cov & 0x01) && !(cov & 0x04)) {
			int lo = 0, hi = (int)cv_sfnt_u16(t, st, 6) - 1;
			while (lo <= hi) {
				int mid = (int)(((unsigned)lo + (unsigned)hi) / 2);
				uint32_t v = cv_sfnt_u32(t, st, 14 + 6 * (size_t)mid);
				if (key < v) {
					hi = mid - 1;
				} else if (key > v) {
					lo = mid + 1;
				} else {
					int32_t kv =
					    (int16_t)cv_sfnt_u16(t, st, 14 + 6 * (size_t)mid + 4);
					adj[0] += kv >> 1;
					adj[1] += kv - (kv >> 1);
					break;
				}
			}
		}
		st += cv_sfnt_u16(t, st, 2);
	}
}

/* HarfBuzz's is_default_ignorable (hb-unicode.hh). */
static bool default_ignorable(uint32_t c)
{
	switch (c >> 8) {
	case 0x00:
		return c == 0x00AD;
	case 0x03:
		return c == 0x034F;
	case 0x06:
		return c == 0x061C;
	case 0x17:
		return c >= 0x17B4 && c <= 0x17B5;
	case 0x18:
		return c >= 0x180B && c <= 0x180E;
	case 0x20:
		return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
		       (c >= 0x2060 && c <= 0x206F);
	case 0xFE:
		return (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
	case 0xFF:
		return c >= 0xFFF0 && c <= 0xFFF8;
	default:
		return (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);
	}
}

/* Characters whose shaping is more than looking up their glyphs. */
static bool plain_char(hb_unicode_funcs_t *u, uint32_t c)
{
	if (c == 0x2044 || default_ignorable(c))
		return false;
	hb_unicode_general_category_t gc = hb_unicode_general_category(u, c);
	return gc != HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK &&
	       gc != HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK &&
	       gc != HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

static uint32_t guess_script(hb_unicode_funcs_t *u, uint32_t a, uint32_t b)
{
	uint32_t c[2] = {a, b};
	for (int i = 0; i < 2; i++) {
		hb_script_t s = hb_unicode_script(u, c[i]);
		if (s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN)
			return (uint32_t)s;
	}
	return HB_SCRIPT_INVALID;
}

bool cv_kern_pair(struct cv_kern *k, uint32_t a, uint32_t b, uint32_t ga, uint32_t gb,
                  int32_t (*advance)(void *ctx, uint32_t glyph), void *ctx, int32_t *delta)
{
	hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
	if (!plain_char(u, a) || !plain_char(u, b))
		return false;
	struct plan *pl = plan_get(k, guess_script(u, a, b));
	if (!pl || !pl->ok)
		return false;
	const uint32_t g[2] = {ga, gb};
	const unsigned gp[2] = {glyph_props(k, ga), glyph_props(k, gb)};
	int32_t adj[2] = {0, 0};
	for (size_t i = 0; i < pl->nlookups; i++)
		apply_lookup(k, pl, &pl->lookups[i], g, gp, adj);
	if (pl->kern_table)
		apply_kern_table(k, g, gp, adj);
	/* Marks lose their advance after positioning (zero width, by GDEF, late). */
	*delta = 0;
	for (int i = 0; i < 2; i++)
		*delta += gp[i] & PROPS_MARK ? -advance(ctx, g[i]) : adj[i];
	return true;
}
