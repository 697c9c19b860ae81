/*
 * Dates: parsing what a profile may write and formatting with a layout's
 * words and formats.
 */
#ifndef CV_DATE_H
#define CV_DATE_H

#include "layout.h"
#include "profile.h"

/*
 * Parse one date: "YYYY", "YYYY-MM", "YYYY-MM-DD", or the same with "." or
 * "/" for "-" (one separator per date), where month and day may also take
 * one digit: 2023.09, 2020.9, 2023/9/1 (validated: month 1-12, real day of
 * month); such a date may be followed by a note in parentheses, kept in
 * out->note ("2022.04 (expected)");  "present"/"now"/"current"/"ongoing"
 * (any case) and the locale's words (cv_date_set_locale_words); any other non-empty text not made
 * only of digits and "-./" becomes CV_DATE_TEXT.  Returns false for malformed numeric dates
 * ("2023-13", "2023-02-30", "23-01", "2023-1", "2023-2024") so the loader can
 * report them with cv_date_hint.  out->text and out->note point into s.
 * pos is not touched.
 */
bool cv_date_parse(const char *s, struct cv_date *out);
/* The words of an open end ("present", "now" ...; any case), NULL-terminated. */
const char *const *cv_date_present_words(void);
/*
 * More words for an open end, from the profile's locale ("heute",
 * "aujourd'hui"; any case for ASCII letters), accepted by cv_date_parse
 * beside the English ones until the next call; words[0..n) must outlive
 * their use.  NULL, 0 clears them.
 */
void cv_date_set_locale_words(const char *const *words, size_t n);
/*
 * Why cv_date_parse rejected s, and how to write it, as a phrase for a
 * message ("there is no month 13; months run from 1 to 12").  Static or
 * arena string.
 */
const char *cv_date_hint(struct cv_arena *a, const char *s);
/*
 * Split a range written as one string ("2019-09 – 2021", "2019 - present",
 * "2019-09 to 2020-01"; separators " – ", " — ", " - ", "–", "—", " to ";
 * without spaces, "2023-2024", "2018.09-2022.06", "2022.4-now" where
 * neither half uses "-" itself, and "2023/2024") into its two halves.
 * Returns false if s is not a range.  The halves are arena strings, trimmed.
 * The order of the halves is not checked.
 */
bool cv_date_split_range(struct cv_arena *a, const char *s, char **start, char **end);
/* Compare two EXACT dates at the precision both have: -1, 0 or 1. */
int cv_date_compare(const struct cv_date *a, const struct cv_date *b);
/*
 * Format one date with the layout's formats and words (arena string; "" for
 * NONE).  A date given to the day uses day_format only when the layout sets
 * one, else month_format.
 */
char *cv_date_format(struct cv_arena *a, const struct cv_date *d, const struct cv_date_layout *dl);
/*
 * Format start–end, or a single date when only one is present (a start
 * without an end, or an end without a start, prints alone).  Equal start
 * and end print once, as do two that format alike (days of one month).  "present" sorts after every
 * exact date.  NULL when nothing is present.
 */
char *cv_date_format_range(struct cv_arena *a, const struct cv_date *start,
                           const struct cv_date *end, const struct cv_date *single,
                           const struct cv_date_layout *dl);

#endif
