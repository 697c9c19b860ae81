/*
 * Hyphenation points for one word, from libhyphen's en_US patterns.  The
 * dictionary is loaded once, on first use; without it nothing hyphenates.
 */
#ifndef CV_TS_HYPHEN_H
#define CV_TS_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

/* Fewest letters kept before and after a hyphenation point. */
#define CV_HYPHEN_LEFT_MIN 2
#define CV_HYPHEN_RIGHT_MIN 3

/*
 * Find where word[0..len) may break.  Only words of ASCII letters are
 * hyphenated (the patterns are English); anything else yields no points.
 * ok[k] (for 0 < k < len) is set true when a hyphen may go before byte k,
 * false otherwise; ok must hold len bytes.  Returns the number of points.
 */
size_t cv_ts_hyphen_points(const char *word, size_t len, bool *ok);

#endif
