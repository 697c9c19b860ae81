/*
 * The profile schema: which entry kinds exist, which fields each has, their
 * value types and which are required.  The profile loader validates against
 * it, the layout loader checks template placeholders against it, and
 * docs/profile.md describes it.  One table, one truth.
 */
#ifndef CV_SCHEMA_H
#define CV_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

enum cv_kind {
	CV_KIND_EDUCATION,
	CV_KIND_EXPERIENCE,
	CV_KIND_PUBLICATION,
	CV_KIND_AWARD,
	CV_KIND_TALK,
	CV_KIND_NEWS,
	CV_KIND_SKILL,
	CV_KIND_LANGUAGE,
	CV_KIND_PROJECT,
	CV_KIND_BULLET, /* entries are plain strings: a bullet list */
	CV_KIND_TEXT,   /* entries are plain strings: paragraphs */
	CV_KIND__COUNT
};

enum cv_value_type {
	CV_VALUE_TEXT,    /* one-line inline Markdown */
	CV_VALUE_LIST,    /* list of inline Markdown strings (highlights, items) */
	CV_VALUE_DATE,    /* YYYY, YYYY-MM, YYYY-MM-DD, present, or free text */
	CV_VALUE_AUTHORS, /* list of names or {name, equal, corresponding} */
	CV_VALUE_LINKS,   /* mapping label -> URL, or list of {label, url} */
	CV_VALUE_URL,     /* one http/https URL */
	CV_VALUE_MAP      /* a mapping whose keys the user names (variants); never an entry field */
};

/*
 * Length limits of profile values, in bytes (docs/profile.md, "Input
 * limits").  They are set so that every value the loader accepts builds in
 * every back end, the TeX engines included.
 */
#define CV_LIMIT_LINE_BYTES 1024  /* one-line text: names, titles, places, dates, labels */
#define CV_LIMIT_URL_BYTES 2048   /* a URL */
#define CV_LIMIT_TEXT_BYTES 65536 /* a paragraph: summaries, text entries, list items */
#define CV_LIMIT_TAG_BYTES 32     /* a tag or a variant name (docs/profile.md, "Tags and variants") */
/* Count limits of one profile. */
#define CV_LIMIT_SECTIONS 100 /* sections */
#define CV_LIMIT_ENTRIES 1000 /* entries of one section */
#define CV_LIMIT_ITEMS 200    /* items of a list, links of an entry or of the header */
#define CV_LIMIT_AUTHORS 500  /* authors of one publication */
#define CV_LIMIT_TAGS 32      /* tags of one section, entry or variant list */
#define CV_LIMIT_VARIANTS 64  /* variants of one profile */
/* A `level:` is N marks of CV_LEVEL_MARKS, or N/M with M from 1 to CV_LEVEL_MAX_MARKS. */
#define CV_LEVEL_MARKS 5
#define CV_LEVEL_MAX_MARKS 10

struct cv_field_spec {
	const char *name;
	enum cv_value_type type;
	bool required;
	const char *doc;  /* one line for docs and --help */
	size_t max_bytes; /* of the value, or of each item of a list */
};

struct cv_kind_spec {
	enum cv_kind kind;
	const char *name; /* as written in `kind:` */
	const char *doc;  /* one line */
	const char *const
	    *title_words; /* section titles that imply this kind (lower case), NULL-terminated */
	const struct cv_field_spec *fields;
	size_t nfields;
	bool plain_entries; /* entries are strings (bullet, text) stored as field "text" */
};

/*
 * The keys of a profile besides the entry fields (which are the kinds'
 * tables): dotted paths, "[]" for every item of a list ("links[].url",
 * "sections[].title"; "entry.authors[].name" inside an entry's field,
 * "entry.tags" beside an entry's fields), "*" for every key of a mapping
 * whose keys the user names ("variants.*.only").  One table: the loader
 * checks keys against it, tests enumerate it.
 */
struct cv_profile_key {
	const char *path;
	enum cv_value_type type;
	size_t max_bytes; /* of a value (or each item), 0 when not a string */
	bool required;    /* within its mapping */
	const char *doc;  /* one line for docs and the JSON Schema */
};
const struct cv_profile_key *cv_schema_profile_keys(size_t *count);

/* Spec of a kind (never NULL for a valid kind). */
const struct cv_kind_spec *cv_schema_kind(enum cv_kind kind);
/* Kind by its name ("education"); accepts the plural too ("publications"). */
bool cv_schema_kind_by_name(const char *name, enum cv_kind *out);
/* Kind implied by a section title (case-insensitive, see title_words); false if none. */
bool cv_schema_kind_by_title(const char *title, enum cv_kind *out);
/* Field spec by name, or NULL. */
const struct cv_field_spec *cv_schema_field(enum cv_kind kind, const char *name);
/*
 * Names a template of this kind may use: every field, plus the derived
 * placeholders "dates" (start–end range, or date) for kinds with dates and
 * "number" (the entry's place in its section) for every kind.
 */
bool cv_schema_template_name_ok(enum cv_kind kind, const char *name);
/* Closest field name to a misspelt one (for did-you-mean hints), or NULL. */
const char *cv_schema_suggest_field(enum cv_kind kind, const char *name);

/* Known social networks for the header's links: canonical name and URL prefix. */
struct cv_network_spec {
	const char *name;       /* "GitHub" */
	const char *url_prefix; /* "https://github.com/" (username appended) */
	const char *alias;      /* another name it answers to ("Twitter" for X), or NULL */
};
const struct cv_network_spec *
cv_schema_network(const char *name); /* case-insensitive, NULL if unknown */
const struct cv_network_spec *cv_schema_networks(size_t *count);

/* The words a profile's yes/no value takes for value (any case), NULL-terminated. */
const char *const *cv_schema_bool_words(bool value);

#endif
