/*
 * Hyphenation points for one word, from the libhyphen patterns of its
 * language.  Dictionaries are found at run time on a search path: the
 * directories in $FOLIO_HYPHEN_PATH (':'-separated), hyphen/ under each
 * data root (src/paths.h), then /usr/share/hyphen, /usr/local/share/hyphen,
 * /usr/share/myspell/dicts, /usr/share/myspell, /opt/homebrew/share/hyphen.
 * Each is loaded once, on first use; a language whose dictionary is not
 * found gets one warning ("hyphen-dict-missing") and is not hyphenated.
 */
#ifndef CV_TS_HYPHEN_H
#define CV_TS_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What may break: the layout's hyphenation keys (struct cv_hyphenation_layout). */
struct cv_ts_hyphen_rules {
	int left_min, right_min; /* fewest letters before and after a point (< 1: 1) */
	bool capitalized;        /* a word that begins with a capital may break too */
	/* the language's dictionary file names, first found wins; NULL: English
	 * (hyph_en_US.dic); an empty list is no dictionary, and warns */
	const char *const *dicts;
	size_t ndicts;
	const char *language; /* its BCP 47 tag, for the warning ("de"); NULL: English */
	bool none;            /* the language is not hyphenated (no points, no warning) */
};

/*
 * Find where the UTF-8 word[0..len) may break.  Each stretch of letters
 * (ASCII, Latin, Greek, Cyrillic; an apostrophe or a digit ends one) is
 * lower-cased and hyphenated on its own; a stretch that begins with a
 * capital (a proper noun, an acronym) is left whole unless r->capitalized.
 * ok[k] (for 0 < k < len) is set true when a hyphen may go before byte k,
 * leaving at least r->left_min letters of the stretch before it and
 * r->right_min after it; ok must hold len bytes.  Returns the number of
 * points; 0 for words over 64 bytes and invalid UTF-8.
 */
size_t cv_ts_hyphen_points(const char *word, size_t len, const struct cv_ts_hyphen_rules *r,
                           bool *ok);

/* The rules of layout l: its hyphenation keys and its locale's dictionaries. */
struct cv_layout;
struct cv_ts_hyphen_rules cv_ts_hyphen_rules_of(const struct cv_layout *l);

/*
 * Find the dictionary file of r's language now (the warning for a missing
 * one comes here, once per language and process, whether or not a word
 * needs it).  The file is loaded when a word is first hyphenated: German's
 * takes libhyphen 2.8.8 about 5 s, paid only by a CV whose lines need a
 * hyphen.  True when a dictionary was found.
 */
bool cv_ts_hyphen_ready(const struct cv_ts_hyphen_rules *r);

/* The lower-case letter of c for the scripts hyphenated (Latin, Greek, Cyrillic); else c. */
uint32_t cv_ts_hyphen_lower(uint32_t c);

/* Free the loaded dictionaries (the next use reloads).  libhyphen 2.8.8's
 * hnj_hyphen_free leaks parts of some dictionaries (908 bytes of German's). */
void cv_ts_hyphen_release(void);

#endif
