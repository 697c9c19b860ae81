/*
 * Locales: the language a CV is written in, as a data file
 * (locales/NAME.yaml on the data search path, src/paths.h) holding the date
 * words and formats, the "present" words a profile may write, typographic
 * quotes, the language tag and LaTeX language, the hyphenation dictionaries
 * and the section titles `folio new` writes.  docs/locales.md is the
 * reference.  English is built in: a run without a locale uses no file.
 */
#ifndef CV_LOCALE_H
#define CV_LOCALE_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "node.h"
#include "schema.h"

/* Section titles a locale names, for scaffolding and for telling a section's kind. */
enum cv_locale_section {
	CV_LSEC_SUMMARY,
	CV_LSEC_EXPERIENCE,
	CV_LSEC_EDUCATION,
	CV_LSEC_PROJECT,
	CV_LSEC_PUBLICATION,
	CV_LSEC_AWARD,
	CV_LSEC_TALK,
	CV_LSEC_NEWS,
	CV_LSEC_SKILL,
	CV_LSEC_LANGUAGE,
	CV_LSEC_INTERESTS,
	CV_LSEC__COUNT
};

struct cv_locale {
	const char *name;        /* the file's stem: "de", "zh-Hans" */
	const char *path;        /* the file it came from */
	const char *description; /* "German (Deutsch)" */
	const char *language;    /* BCP 47 tag for the PDF's /Lang: "de" */
	const char *babel;       /* babel's name of the language ("german"), or NULL */
	/* hyphenation dictionary file names, first found wins; none listed and
	 * hyphen_none: the language is not hyphenated (Chinese, Japanese, Korean) */
	const char *const *hyphen_dicts;
	size_t nhyphen_dicts;
	bool hyphen_none;
	int hyphen_capitalized;           /* -1 when not said, else 0/1 (German nouns: 1) */
	struct cv_date_layout dates;      /* English defaults with the locale's `dates:` keys */
	const char *const *present_words; /* more words for an open end ("heute") */
	size_t npresent_words;
	const char *quotes[4];                /* outer open, outer close, inner open, inner close */
	const char *sections[CV_LSEC__COUNT]; /* titles; English ones where the file is silent */
};

/*
 * Set the --locale option (NULL to clear): it wins over a profile's
 * `locale:`.  The string must outlive the run.
 */
void cv_locale_set_option(const char *name);
/* The --locale option, or NULL. */
const char *cv_locale_option(void);

/*
 * Find and load the locale named name ("de", "de_DE", "de-AT.UTF-8",
 * "zh-TW"; a name with '/' or ending in .yaml is a file path).  Aliases:
 * '_' reads as '-', an encoding suffix is dropped, case is forgiven, a name
 * listed under a file's `aliases:` selects that file, and a region the data
 * does not have falls back to its language ("de-AT" -> "de").  at is where
 * the name was written (NULL for the command line).  over, when not NULL,
 * is a mapping of locale keys laid over the file's key by key (a profile's
 * `locale: {extends: de, present: ...}`).  Reports every problem of the file
 * with its position; NULL after reporting.
 */
const struct cv_locale *cv_locale_load(struct cv_arena *a, const char *name,
                                       const struct cv_pos *at, const struct cv_node *over);

/*
 * The locale a profile asks for: the --locale option, else the profile's
 * `locale:` node (a name, or a mapping with `extends:` and overrides).
 * NULL without either (English, built in), and after reporting an error.
 */
const struct cv_locale *cv_locale_for_profile(struct cv_arena *a, const struct cv_node *node);

/* The names of every locale file on the search path, sorted, NULL-terminated (arena). */
const char **cv_locale_list(struct cv_arena *a, size_t *count);

/* The section title of loc (English when loc is NULL). */
const char *cv_locale_section(const struct cv_locale *loc, enum cv_locale_section s);
/* The key of a section title in a locale file ("experience"). */
const char *cv_locale_section_key(enum cv_locale_section s);

/*
 * The kind a section title names in loc (case-insensitive for ASCII
 * letters): true and *out set when it is one of loc's titles of a kind
 * with fields (experience ... language).
 */
bool cv_locale_kind_by_title(const struct cv_locale *loc, const char *title, enum cv_kind *out);

#endif
