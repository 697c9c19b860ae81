/*
 * Hyphenation points for one word, from libhyphen's en_US patterns.  The
 * dictionary is loaded once, on first use; without it nothing hyphenates.
 */
#ifndef CV_TS_HYPHEN_H
#define CV_TS_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

/* What may break: the layout's hyphenation keys (struct cv_hyphenation_layout). */
struct cv_ts_hyphen_rules {
	int left_min, right_min; /* fewest letters before and after a point (< 1: 1) */
	bool capitalized;        /* a word that begins with a capital may break too */
};

/*
 * Find where word[0..len) may break.  Only words of ASCII letters are
 * hyphenated (the patterns are English); anything else yields no points,
 * and so does a word that begins with a capital (a proper noun, an
 * acronym) unless r->capitalized.  ok[k] (for 0 < k < len) is set true when
 * a hyphen may go before byte k, leaving at least r->left_min letters
 * before it and r->right_min after it; ok must hold len bytes.  Returns the
 * number of points.
 */
size_t cv_ts_hyphen_points(const char *word, size_t len, const struct cv_ts_hyphen_rules *r,
                           bool *ok);

#endif
