/*
 * Hyphenation through libhyphen: lower-case the word, ask the patterns, and
 * keep only the points that leave enough letters on both sides; words that
 * begin with a capital are left whole unless the layout allows them.
 */
#include "hyphen.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"

#ifndef FOLIO_HYPHEN_DICT
#define FOLIO_HYPHEN_DICT "/usr/share/hyphen/hyph_en_US.dic"
#endif

/* Longest word worth hyphenating; longer strings are not words. */
#define HYPHEN_MAX_WORD 64

static HyphenDict *dict;
static bool dict_tried;

static HyphenDict *get_dict(void)
{
	if (!dict_tried) {
		dict_tried = true;
		dict = hnj_hyphen_load(FOLIO_HYPHEN_DICT);
	}
	return dict;
}

static bool is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t cv_ts_hyphen_points(const char *word, size_t len, const struct cv_ts_hyphen_rules *r,
                           bool *ok)
{
	char lower[HYPHEN_MAX_WORD + 1];
	char hyph[HYPHEN_MAX_WORD + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	size_t count = 0;
	size_t lmin = r->left_min > 1 ? (size_t)r->left_min : 1;
	size_t rmin = r->right_min > 1 ? (size_t)r->right_min : 1;

	memset(ok, 0, len);
	if (len < lmin + rmin || len > HYPHEN_MAX_WORD)
		return 0;
	if (!r->capitalized && word[0] >= 'A' && word[0] <= 'Z')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (!is_ascii_letter(word[i]))
			return 0;
		lower[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] - 'A' + 'a' : word[i]);
	}
	lower[len] = '\0';
	HyphenDict *d = get_dict();
	if (!d)
		return 0;
	memset(hyph, 0, sizeof hyph);
	if (hnj_hyphen_hyphenate2(d, lower, (int)len, hyph, NULL, &rep, &pos, &cut) == 0 && !rep) {
		/* hyph[k] odd: a break is allowed after letter k, i.e. before k+1 */
		for (size_t k = lmin; k + rmin <= len; k++) {
			if (hyph[k - 1] & 1) {
				ok[k] = true;
				count++;
			}
		}
	}
	if (rep) {
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return count;
}
