/*
 * Hyphenation through libhyphen: find the language's dictionary on the
 * hyphenation search path, lower-case each stretch of letters of a word
 * (ASCII, Latin, Greek, Cyrillic), put it in the dictionary's encoding, ask
 * the patterns, and keep only the points that leave enough letters on both
 * sides; words that begin with a capital are left whole unless allowed.
 */
#include "hyphen.h"

#include <hyphen.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../layout.h"
#include "../locale.h"
#include "../msg.h"
#include "../paths.h"
#include "../util.h"

/* Longest word worth hyphenating [bytes]; longer strings are not words. */
#define HYPHEN_MAX_WORD 64
/* Dictionaries (languages) one process keeps loaded. */
#define HYPHEN_MAX_DICTS 16

/* The system directories searched after $FOLIO_HYPHEN_PATH and the data roots. */
static const char *const system_dirs[] = {"/usr/share/hyphen", "/usr/local/share/hyphen",
                                          "/usr/share/myspell/dicts", "/usr/share/myspell",
                                          "/opt/homebrew/share/hyphen"};
static const char *const english[] = {"hyph_en_US.dic", "hyph_en.dic"};

struct loaded {
	const char *key;  /* the first file name asked for (heap) */
	char *path;       /* the file found (heap), NULL when none was */
	bool tried;       /* the file was loaded, or failed to load */
	HyphenDict *dict; /* loaded on first use: a big one takes seconds (hyph_de_DE) */
	iconv_t to_dict;  /* UTF-8 -> the dictionary's 8-bit set; (iconv_t)-1 for UTF-8 */
};
static struct loaded cache[HYPHEN_MAX_DICTS];
static size_t ncache;

/* dir/name (heap) when that file is there; NULL otherwise. */
static char *try_dir(const char *dir, size_t dirlen, const char *name)
{
	struct cv_buf p = {0};
	FILE *f;
	cv_buf_printf(&p, "%.*s/%s", (int)dirlen, dir, name);
	if ((f = fopen(p.data, "rb")) != NULL) {
		fclose(f);
		return p.data;
	}
	cv_buf_free(&p);
	return NULL;
}

/* Search the path (hyphen.h) for one of names, first name first: heap path or NULL. */
static char *find_dict(const char *const *names, size_t n)
{
	const char *roots[CV_PATHS_MAX], *env = getenv("FOLIO_HYPHEN_PATH");
	size_t nroots = cv_paths_roots(roots, CV_PATHS_MAX), i, k;
	char *d = NULL;
	for (i = 0; i < n && !d; i++) {
		const char *s = env;
		while (s && *s && !d) {
			size_t len = strcspn(s, ":");
			if (len)
				d = try_dir(s, len, names[i]);
			s += len + (s[len] == ':');
		}
		for (k = 0; k < nroots && !d; k++) {
			struct cv_buf dir = {0};
			cv_buf_printf(&dir, "%s/hyphen", roots[k]);
			d = try_dir(dir.data, dir.len, names[i]);
			cv_buf_free(&dir);
		}
		for (k = 0; k < CV_COUNT(system_dirs) && !d; k++)
			d = try_dir(system_dirs[k], strlen(system_dirs[k]), names[i]);
	}
	return d;
}

/*
 * The cache entry of the language r names, its file found (with the
 * warning when there is none) but not loaded; NULL without a file.
 */
static struct loaded *find_entry(const struct cv_ts_hyphen_rules *r)
{
	const char *const *names = r->dicts ? r->dicts : english;
	size_t n = r->dicts ? r->ndicts : CV_COUNT(english), i;
	struct loaded *l;
	if (n == 0)
		return NULL;
	for (i = 0; i < ncache; i++)
		if (!strcmp(cache[i].key, names[0]))
			return cache[i].path ? &cache[i] : NULL;
	if (ncache == HYPHEN_MAX_DICTS)
		cv_ts_hyphen_release(); /* start over rather than go without */
	l = &cache[ncache++];
	memset(l, 0, sizeof *l);
	l->key = x_strdup(names[0]);
	l->path = find_dict(names, n);
	l->to_dict = (iconv_t)-1;
	if (!l->path) {
		struct cv_buf list = {0};
		for (i = 0; i < n; i++)
			cv_buf_printf(&list, "%s%s",
			              i == 0       ? ""
			              : i + 1 == n ? " or "
			                           : ", ",
			              names[i]);
		cv_msg(
		    CV_WARN, NULL, "hyphen-dict-missing",
		    "no hyphenation dictionary for language \"%s\" (%s, looked for in "
		    "$FOLIO_HYPHEN_PATH, hyphen/ of the data directories and /usr/share/hyphen): "
		    "its words are not hyphenated; install one (Debian: a hyphen-* package) or "
		    "name its directory in FOLIO_HYPHEN_PATH",
		    r->language ? r->language : "en", list.data);
		cv_buf_free(&list);
		return NULL;
	}
	return l;
}

/* The entry of r's language with its dictionary loaded (first use), or NULL. */
static struct loaded *get_dict(const struct cv_ts_hyphen_rules *r)
{
	struct loaded *l = find_entry(r);
	if (!l || l->tried)
		return l && l->dict ? l : NULL;
	l->tried = true;
	l->dict = hnj_hyphen_load(l->path);
	if (!l->dict) {
		cv_msg(CV_WARN, NULL, "hyphen-dict-missing",
		       "the hyphenation dictionary '%s' cannot be read: words in language \"%s\" "
		       "are not hyphenated",
		       l->path, r->language ? r->language : "en");
		return NULL;
	}
	if (!l->dict->utf8 && (l->to_dict = iconv_open(l->dict->cset, "UTF-8")) == (iconv_t)-1) {
		cv_msg(CV_WARN, NULL, "hyphen-dict-missing",
		       "the hyphenation dictionary '%s' is in %s, an encoding this system cannot "
		       "convert to: words in language \"%s\" are not hyphenated",
		       l->path, l->dict->cset, r->language ? r->language : "en");
		hnj_hyphen_free(l->dict);
		l->dict = NULL;
		return NULL;
	}
	return l;
}

struct cv_ts_hyphen_rules cv_ts_hyphen_rules_of(const struct cv_layout *l)
{
	const struct cv_locale *loc = l->locale;
	struct cv_ts_hyphen_rules r = {l->hyphenation.left_min,      l->hyphenation.right_min,
	                               l->hyphenation.capitalized,   loc ? loc->hyphen_dicts : NULL,
	                               loc ? loc->nhyphen_dicts : 0, loc ? loc->language : NULL,
	                               loc && loc->hyphen_none};
	return r;
}

bool cv_ts_hyphen_ready(const struct cv_ts_hyphen_rules *r)
{
	return !r->none && find_entry(r) != NULL;
}

void cv_ts_hyphen_release(void)
{
	size_t i;
	for (i = 0; i < ncache; i++) {
		if (cache[i].dict)
			hnj_hyphen_free(cache[i].dict);
		if (cache[i].to_dict != (iconv_t)-1)
			iconv_close(cache[i].to_dict);
		x_free((void *)cache[i].key);
		x_free(cache[i].path);
	}
	ncache = 0;
}

uint32_t cv_ts_hyphen_lower(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		return c + 0x20;
	if (c >= 0x100 && c <= 0x17F) {
		if (c == 0x130)
			return 'i';
		if (c == 0x178)
			return 0xFF;
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return c % 2 ? c + 1 : c;
		if (c != 0x138 && c != 0x149 && c != 0x17F)
			return c % 2 ? c : c + 1;
		return c;
	}
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 0x20;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 0x25;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 0x3F;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF))
		return c % 2 ? c : c + 1;
	return c;
}

/* A letter that patterns may hold: ASCII letters, and Latin, Greek and Cyrillic. */
static bool is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
	       (c >= 0x386 && c <= 0x3FF && c != 0x387) || (c >= 0x400 && c <= 0x52F) ||
	       (c >= 0x1E00 && c <= 0x1FFF);
}

/*
 * Hyphenate one stretch of n letters (cps, lower-cased, with their byte
 * offsets off in the word; off[n] is the end): set ok[] for its points.
 */
static size_t points_of(struct loaded *l, const uint32_t *cps, const size_t *off, size_t n,
                        size_t lmin, size_t rmin, bool *ok)
{
	char enc[HYPHEN_MAX_WORD * 4 + 1], hyph[HYPHEN_MAX_WORD * 4 + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	size_t elen = 0, i, count = 0;
	if (n < lmin + rmin)
		return 0;
	for (i = 0; i < n && cps[i] < 0x80; i++)
		enc[i] = (char)cps[i];
	if (i == n) { /* ASCII: the same bytes in every set a dictionary uses */
		elen = n;
	} else if (l->dict->utf8) {
		for (i = 0; i < n; i++)
			elen += cv_utf8_encode(cps[i], enc + elen);
	} else {
		char utf[HYPHEN_MAX_WORD * 4 + 1], *in = utf, *out = enc;
		size_t ulen = 0, inleft, outleft = sizeof enc - 1;
		for (i = 0; i < n; i++)
			ulen += cv_utf8_encode(cps[i], utf + ulen);
		inleft = ulen;
		iconv(l->to_dict, NULL, NULL, NULL, NULL);
		if (iconv(l->to_dict, &in, &inleft, &out, &outleft) == (size_t)-1 || inleft)
			return 0; /* a letter the dictionary's set does not have */
		elen = (size_t)(out - enc);
		if (elen != n)
			return 0;
	}
	enc[elen] = '\0';
	memset(hyph, 0, sizeof hyph);
	/* hyph[k] odd: a break is allowed after letter k (code points for UTF-8 dictionaries) */
	if (hnj_hyphen_hyphenate2(l->dict, enc, (int)elen, hyph, NULL, &rep, &pos, &cut) == 0 &&
	    !rep) {
		for (i = lmin; i + rmin <= n; i++)
			if (hyph[i - 1] & 1) {
				ok[off[i]] = true;
				count++;
			}
	}
	if (rep) {
		for (i = 0; i < elen; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return count;
}

size_t cv_ts_hyphen_points(const char *word, size_t len, const struct cv_ts_hyphen_rules *r,
                           bool *ok)
{
	uint32_t cps[HYPHEN_MAX_WORD];
	size_t off[HYPHEN_MAX_WORD + 1];
	bool letter[HYPHEN_MAX_WORD];
	size_t count = 0, n = 0, i = 0, start;
	size_t lmin = r->left_min > 1 ? (size_t)r->left_min : 1;
	size_t rmin = r->right_min > 1 ? (size_t)r->right_min : 1;
	struct loaded *l;

	memset(ok, 0, len);
	if (len > HYPHEN_MAX_WORD || r->none)
		return 0;
	while (i < len) {
		uint32_t cp;
		int k = cv_utf8_decode(word + i, len - i, &cp);
		if (k <= 0)
			return 0;
		off[n] = i;
		letter[n] = is_letter(cp);
		cps[n++] = cp;
		i += (size_t)k;
	}
	off[n] = len;
	if (n < lmin + rmin || !(l = get_dict(r)))
		return 0;
	for (i = 0; i < n;) {
		if (!letter[i]) {
			i++;
			continue;
		}
		for (start = i; i < n && letter[i]; i++)
			;
		if (!r->capitalized && cv_ts_hyphen_lower(cps[start]) != cps[start])
			continue; /* a proper noun or an acronym */
		for (size_t k = start; k < i; k++)
			cps[k] = cv_ts_hyphen_lower(cps[k]);
		count += points_of(l, cps + start, off + start, i - start, lmin, rmin, ok);
	}
	return count;
}
