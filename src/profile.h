/*
 * The typed profile: what a person's YAML file says, validated, with every
 * value carrying its file position.  Built by cv_profile_load, read-only
 * afterwards, owned by the run's arena.
 */
#ifndef CV_PROFILE_H
#define CV_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "node.h"
#include "schema.h"
#include "text.h"

struct cv_locale;

enum cv_date_kind {
	CV_DATE_NONE,    /* absent */
	CV_DATE_EXACT,   /* year, optionally month and day */
	CV_DATE_PRESENT, /* open end: "present" (also "now", "current", "ongoing") */
	CV_DATE_TEXT     /* free text such as "Fall 2023", printed as written */
};

struct cv_date {
	enum cv_date_kind kind;
	int year, month, day; /* month/day 0 when not given */
	const char *text;     /* CV_DATE_TEXT: the text as written */
	const char *note;     /* CV_DATE_EXACT: "(expected)" written after the date, or NULL */
	/* a range written in a field that holds one date (an award's "2023-2024"): its end */
	const struct cv_date *end;
	struct cv_pos pos;
};

struct cv_link {
	const char *label; /* "paper", "code" ... (as written) */
	const char *url;   /* validated: http, https, mailto or tel */
	struct cv_pos pos; /* of the label */
};

struct cv_author {
	struct cv_text name;
	bool equal;         /* equal contribution */
	bool corresponding; /* corresponding author */
	bool is_owner;      /* matches the profile's name or an owner alias */
};

/* One field of an entry; which members are meaningful depends on type. */
struct cv_field {
	const char *key; /* canonical name from the schema */
	enum cv_value_type type;
	struct cv_pos pos;
	struct cv_text text;         /* TEXT; URL (the URL as one linked run) */
	const struct cv_text *items; /* LIST */
	size_t nitems;
	struct cv_date date;             /* DATE */
	const struct cv_author *authors; /* AUTHORS */
	size_t nauthors;
	const struct cv_link *links; /* LINKS */
	size_t nlinks;
	const char *url; /* URL */
};

/* One tag (`tags:` of a section or entry, `only:`/`except:` of a variant). */
struct cv_tag {
	const char *name; /* letters, digits, '-' and '_'; at most CV_LIMIT_TAG_BYTES */
	struct cv_pos pos;
};

struct cv_entry {
	enum cv_kind kind;
	struct cv_pos pos;
	const struct cv_field *fields; /* in schema order, only those present */
	size_t nfields;
	const struct cv_tag *tags; /* `tags:`, duplicates dropped; none: always kept */
	size_t ntags;
};

/* Field of an entry by name, or NULL when absent or empty. */
const struct cv_field *cv_entry_field(const struct cv_entry *e, const char *key);

struct cv_section {
	struct cv_text title;
	enum cv_kind kind;
	struct cv_pos pos;
	const struct cv_entry *entries;
	size_t nentries;
	const struct cv_tag *tags; /* `tags:` of the list form, duplicates dropped */
	size_t ntags;
};

/*
 * One of the profile's `variants:`: which tagged content it keeps, where
 * --all-variants writes it, and the overrides it applies (src/variants.c).
 */
struct cv_variant {
	const char *name; /* the key, a name like a tag */
	struct cv_pos pos;
	const struct cv_tag *only, *except; /* tags, each declared by a section or entry */
	size_t nonly, nexcept;
	const char *output; /* file name without directory, or NULL (PROFILE-NAME) */
	struct cv_pos output_pos;
	const struct cv_node *layout; /* a mapping of layout keys, or NULL */
	const struct cv_node *set;    /* a mapping of override path -> value, or NULL */
};

struct cv_social {
	const char *network;  /* canonical network name, or NULL for a label + url link */
	const char *username; /* with network */
	const char *label;    /* the label written, or NULL (with network: compose picks) */
	const char *url;      /* resolved URL */
	struct cv_pos pos;
};

struct cv_person {
	struct cv_text name;
	struct cv_text headline;
	struct cv_text location;
	const char *email, *phone, *website; /* NULL when absent */
	struct cv_pos email_pos, phone_pos, website_pos;
	const struct cv_social *socials;
	size_t nsocials;
	const char *photo; /* path resolved against the profile's directory, or NULL */
	struct cv_pos photo_pos;
	const char *const *owner; /* spellings of the owner's name (the name first) */
	size_t nowner;
	const char *const *keywords; /* for PDF metadata */
	size_t nkeywords;
};

struct cv_profile {
	const char *path;
	struct cv_person person;
	const struct cv_section *sections;
	size_t nsections;
	/*
	 * The profile's `layout:` value: a scalar naming a layout, or a mapping
	 * of layout keys (with optional `extends:`) overriding the layout.
	 * NULL when absent.
	 */
	const struct cv_node *layout;
	/* the language (`locale:` or --locale, src/locale.h); NULL: English, built in */
	const struct cv_locale *locale;
	/* every tag a section or entry declares, once each (first declaration), in order */
	const struct cv_tag *tags;
	size_t ntags;
	const struct cv_variant *variants; /* in file order */
	size_t nvariants;
};

/*
 * Load and validate a profile file.  Reports every problem found (all of
 * them, not only the first) through cv_msg.  Returns NULL if any error was
 * reported; warnings alone still return the profile.
 */
struct cv_profile *cv_profile_load(struct cv_arena *a, const char *path);
/* The same from bytes already in memory (fuzzers, tests); file names them in messages. */
struct cv_profile *cv_profile_parse(struct cv_arena *a, const char *file, const char *data,
                                    size_t len);
/*
 * The same from a YAML tree (cv_yaml_parse's, possibly edited since by
 * src/override.c); messages carry the nodes' positions.  NULL if any error
 * was reported.
 */
struct cv_profile *cv_profile_from_tree(struct cv_arena *a, const struct cv_node *root);
/*
 * True if s is a valid tag or variant name: 1 to CV_LIMIT_TAG_BYTES ASCII
 * letters, digits, '-' and '_', not starting with '-' (it is used in file
 * names and on command lines).
 */
bool cv_tag_name_ok(const char *s);
/*
 * Report (error "unknown-tag" at pos) that name is none of the profile's
 * tags known[0..n), with the closest one and the list of them.
 */
void cv_profile_unknown_tag(struct cv_arena *a, const struct cv_pos *pos, const char *name,
                            const struct cv_tag *known, size_t nknown);

/*
 * Inline Markdown + safe HTML subset -> runs (src/load/markdown.c).  src is
 * one field's text, pos where it starts (for messages).  Never produces
 * block structure: a one-line field stays text.  Drops unsupported HTML with
 * a warning, refuses link schemes other than http, https, mailto, tel with an
 * error.  Returns false if an error was reported.
 */
bool cv_md_parse(struct cv_arena *a, const char *src, size_t len, const struct cv_pos *pos,
                 struct cv_text *out);
/* True if url has an allowed scheme (http, https, mailto, tel). */
bool cv_url_allowed(const char *url);

#endif
