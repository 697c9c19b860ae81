/*
 * The JSON Schema generator: walks the profile tables (kinds, fields,
 * profile keys, networks, limits: src/schema.c) and the layout key table
 * (src/load/layout_keys.c) and writes what the loaders accept as JSON
 * Schema 2020-12.  Nothing here lists a key: a key the tables gain shows up
 * in the schema by itself (tests/e2e/schema.sh checks every one).
 *
 * The data a schema checks is the YAML as an editor reads it (YAML 1.2:
 * `2020` is a number, `yes` a string), while folio reads every scalar as
 * text.  So where folio takes text, a number or a boolean is fine too, and
 * a date may be a bare year.  Words that folio matches ignoring case
 * (choices, kinds, networks, colour names) are an enum of the usual
 * spellings, for completion, or a pattern that takes any case.
 */
#include "jsonschema.h"

#include <string.h>

#include "date.h"
#include "layout.h"
#include "schema.h"

#ifndef FOLIO_VERSION
#define FOLIO_VERSION "0"
#endif

#define SCHEMA_DIALECT "https://json-schema.org/draft/2020-12/schema"
#define MAX_DEPTH 64

/* ---- a small JSON writer: two-space indents, commas placed for us ---------- */

struct jw {
	struct cv_buf *b;
	int depth;
	bool first[MAX_DEPTH]; /* nothing written yet inside the container at this depth */
	bool after_key;        /* a key was written: its value follows on the same line */
};

static void jw_newline(struct jw *w)
{
	int i;
	cv_buf_putc(w->b, '\n');
	for (i = 0; i < w->depth; i++)
		cv_buf_puts(w->b, "  ");
}

/* Before a key, or a value that has no key: the comma and line break. */
static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		cv_buf_putc(w->b, ',');
	w->first[w->depth] = false;
	jw_newline(w);
}

static void jw_open(struct jw *w, char c)
{
	jw_sep(w);
	cv_buf_putc(w->b, c);
	if (w->depth + 1 < MAX_DEPTH)
		w->first[++w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
	bool empty = w->first[w->depth];
	w->depth--;
	if (!empty)
		jw_newline(w);
	cv_buf_putc(w->b, c);
}

static void jw_key(struct jw *w, const char *key)
{
	jw_sep(w);
	cv_buf_put_json_string(w->b, key);
	cv_buf_puts(w->b, ": ");
	w->after_key = true;
}

static void jw_str(struct jw *w, const char *s)
{
	jw_sep(w);
	cv_buf_put_json_string(w->b, s);
}

static void jw_raw(struct jw *w, const char *json)
{
	jw_sep(w);
	cv_buf_puts(w->b, json);
}

static void jw_int(struct jw *w, long long v)
{
	jw_sep(w);
	cv_buf_printf(w->b, "%lld", v);
}

/* "key": { ... and "key": [ ... */
static void jw_obj(struct jw *w, const char *key)
{
	if (key)
		jw_key(w, key);
	jw_open(w, '{');
}

static void jw_arr(struct jw *w, const char *key)
{
	if (key)
		jw_key(w, key);
	jw_open(w, '[');
}

static void jw_end_obj(struct jw *w)
{
	jw_close(w, '}');
}

static void jw_end_arr(struct jw *w)
{
	jw_close(w, ']');
}

static void jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

static void jw_kint(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	jw_int(w, v);
}

static void jw_kraw(struct jw *w, const char *key, const char *json)
{
	jw_key(w, key);
	jw_raw(w, json);
}

/* {"$ref": "#/$defs/NAME"} */
static void jw_ref(struct jw *w, const char *key, const char *def)
{
	struct cv_buf r = {0};
	cv_buf_printf(&r, "#/$defs/%s", def);
	jw_obj(w, key);
	jw_kstr(w, "$ref", r.data);
	jw_end_obj(w);
	cv_buf_free(&r);
}

/* {"description": doc, "$ref": "#/$defs/NAME"} */
static void jw_ref_doc(struct jw *w, const char *key, const char *doc, const char *def)
{
	struct cv_buf r = {0};
	cv_buf_printf(&r, "#/$defs/%s", def);
	jw_obj(w, key);
	jw_kstr(w, "description", doc);
	jw_kstr(w, "$ref", r.data);
	jw_end_obj(w);
	cv_buf_free(&r);
}

/* ---- patterns ---------------------------------------------------------------- */

/* Append s to a regular expression, its metacharacters escaped. */
static void re_literal(struct cv_buf *re, const char *s)
{
	for (; *s; s++) {
		if (strchr(".^$*+?()[]{}|\\/", *s))
			cv_buf_putc(re, '\\');
		cv_buf_putc(re, *s);
	}
}

/* Append s as a pattern that matches it in any ASCII case: "Ab" -> "[Aa][Bb]". */
static void re_anycase(struct cv_buf *re, const char *s)
{
	for (; *s; s++) {
		char c = *s, up = c >= 'a' && c <= 'z' ? (char)(c - 32) : c,
		     low = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
		if (up != low)
			cv_buf_printf(re, "[%c%c]", up, low);
		else if (c == ' ')
			cv_buf_putc(re, ' ');
		else {
			char one[2] = {c, '\0'};
			re_literal(re, one);
		}
	}
}

/* "^(?:w1|w2|...)$" over the NULL-terminated words, in any case when anycase. */
static void re_words(struct cv_buf *re, const char *const *words, bool anycase)
{
	size_t i;
	cv_buf_puts(re, "^(?:");
	for (i = 0; words[i]; i++) {
		if (i)
			cv_buf_putc(re, '|');
		if (anycase)
			re_anycase(re, words[i]);
		else
			re_literal(re, words[i]);
	}
	cv_buf_puts(re, ")$");
}

/* The words of a choice: an enum of them, or (anycase) that or any case of them. */
static void put_words(struct jw *w, const char *key, const char *const *words, bool anycase)
{
	struct cv_buf re = {0};
	size_t i;
	jw_obj(w, key);
	if (anycase) {
		jw_arr(w, "anyOf");
		jw_obj(w, NULL);
	}
	jw_arr(w, "enum");
	for (i = 0; words[i]; i++)
		jw_str(w, words[i]);
	jw_end_arr(w);
	if (anycase) {
		jw_end_obj(w);
		re_words(&re, words, true);
		jw_obj(w, NULL);
		jw_kstr(w, "type", "string");
		jw_kstr(w, "pattern", re.data);
		jw_end_obj(w);
		jw_end_arr(w);
	}
	jw_end_obj(w);
	cv_buf_free(&re);
}

/* ---- values both schemas use -------------------------------------------------- */

/* Scalars as an editor's YAML reads them; folio reads each as text. */
#define SCALAR "[\"string\", \"number\", \"boolean\"]"
#define SCALAR_OR_NULL "[\"string\", \"number\", \"boolean\", \"null\"]"

/* A text value of at most max bytes (0: no limit); required: there and not blank. */
static void put_text(struct jw *w, const char *key, const char *doc, size_t max, bool required)
{
	jw_obj(w, key);
	if (doc)
		jw_kstr(w, "description", doc);
	jw_kraw(w, "type", required ? SCALAR : SCALAR_OR_NULL);
	if (required)
		jw_kstr(w, "pattern", "[^ \\t\\n]");
	if (max)
		jw_kint(w, "maxLength", (long long)max);
	jw_end_obj(w);
}

/* true/false, or (as text) one of the yes and no words in any case. */
static void put_bool(struct jw *w, const char *key, const char *doc, const char *const *yes,
                     const char *const *no)
{
	const char *words[16];
	size_t n = 0, i;
	for (i = 0; yes[i] && n + 2 < CV_COUNT(words); i++)
		words[n++] = yes[i];
	for (i = 0; no[i] && n + 1 < CV_COUNT(words); i++)
		words[n++] = no[i];
	words[n] = NULL;
	jw_obj(w, key);
	if (doc)
		jw_kstr(w, "description", doc);
	jw_arr(w, "anyOf");
	jw_raw(w, "{\"type\": \"boolean\"}");
	put_words(w, NULL, words, true);
	jw_end_arr(w);
	jw_end_obj(w);
}

/* ---- the profile ------------------------------------------------------------------ */

/* A date: YYYY, YYYY-MM, YYYY-MM-DD (or with "." or "/", one-digit months and days). */
#define RE_MONTH2 "(?:0[1-9]|1[0-2])"
#define RE_DAY2 "(?:0[1-9]|[12][0-9]|3[01])"
#define RE_MONTH1 "(?:0?[1-9]|1[0-2])"
#define RE_DAY1 "(?:0?[1-9]|[12][0-9]|3[01])"
#define RE_YEAR "(?!0000)[0-9]{4}"
#define RE_DOTTED(sep) RE_YEAR "(?:" sep RE_MONTH1 "(?:" sep RE_DAY1 ")?)?"
#define RE_EXACT                                                                                   \
	"(?:" RE_YEAR "(?:-" RE_MONTH2 "(?:-" RE_DAY2                                              \
	")?)?|" RE_DOTTED("\\.") "|" RE_DOTTED("/") ")"
/* An exact date, maybe with a note in parentheses; or text that is not made of digits and -./ */
#define RE_NOTE "(?:\\s+\\(.+\\))?"
#define RE_TEXT "(?![0-9./-]+" RE_NOTE "$)[\\s\\S]*"
#define RE_DATE "^(?:" RE_EXACT RE_NOTE "|" RE_TEXT ")$"
/* `date:` may also be a range without spaces: 2023-2024, 2018.09-2022.06, 2023/2024 */
#define RE_DATE_OR_RANGE                                                                           \
	"^(?:" RE_EXACT RE_NOTE                                                                    \
	"|(?:" RE_DOTTED("\\.") ")-(?:" RE_DOTTED("\\.") ")|" RE_YEAR "/" RE_YEAR "|" RE_TEXT ")$"
/* URLs: http(s) with a host; mailto: and tel: with something after the colon; no spaces. */
#define RE_URL_CHARS "[^\\x00-\\x20\\x7f]"
#define RE_WEB_URL "[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\x00-\\x20\\x7f]" RE_URL_CHARS "*"
#define RE_URL "^(?:" RE_WEB_URL "|(?:[Mm][Aa][Ii][Ll][Tt][Oo]|[Tt][Ee][Ll]):" RE_URL_CHARS "+)$"
/* The loader's e-mail and phone rules (check_email, check_phone in src/load/profile.c). */
#define RE_EMAIL "^[^@ \\t\\n]+@[^@ \\t\\n]*\\.[^@ \\t\\n]*$"
#define RE_PHONE "^(?:[ +().-]*[0-9]){3}[0-9 +().-]*$"
/* A DOI, a resolver prefix allowed. */
#define RE_DOI "^(?:[Hh][Tt][Tt][Pp][Ss]?://(?:dx\\.)?doi\\.org/|doi:)?10\\.[0-9]{4,}/[^ \\t\\n]+$"

/* A date; range: `date:`, which may be a range; start: never an open end. */
static void put_date(struct jw *w, const char *key, const char *doc, bool range, bool start)
{
	jw_obj(w, key);
	if (doc)
		jw_kstr(w, "description", doc);
	if (start) {
		struct cv_buf re = {0};
		re_words(&re, cv_date_present_words(), true);
		jw_obj(w, "not");
		jw_kstr(w, "description", "a start date cannot be an open end (end: present)");
		jw_kstr(w, "type", "string");
		jw_kstr(w, "pattern", re.data);
		jw_end_obj(w);
		cv_buf_free(&re);
	}
	jw_arr(w, "anyOf");
	jw_raw(w, "{\"type\": \"null\"}");
	jw_obj(w, NULL);
	jw_kstr(w, "description", "a year");
	jw_kstr(w, "type", "number");
	jw_kint(w, "minimum", 1);
	jw_kint(w, "exclusiveMaximum", 10000);
	jw_end_obj(w);
	jw_obj(w, NULL);
	jw_kstr(w, "description",
	        range ? "YYYY, YYYY-MM, YYYY-MM-DD, present, a range (2019-09 - 2021), or free text"
	              : "YYYY, YYYY-MM, YYYY-MM-DD, present, or free text");
	jw_kstr(w, "type", "string");
	jw_kint(w, "maxLength", CV_LIMIT_LINE_BYTES);
	jw_kstr(w, "pattern", range ? RE_DATE_OR_RANGE : RE_DATE);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
}

static void put_url(struct jw *w, const char *key, const char *doc, bool web_only, bool required)
{
	jw_obj(w, key);
	if (doc)
		jw_kstr(w, "description", doc);
	jw_kraw(w, "type", required ? "\"string\"" : "[\"string\", \"null\"]");
	jw_kint(w, "maxLength", CV_LIMIT_URL_BYTES);
	jw_kstr(w, "pattern", web_only ? "^" RE_WEB_URL "$" : RE_URL);
	jw_end_obj(w);
}

/* level: N of CV_LEVEL_MARKS, or N/M with M up to CV_LEVEL_MAX_MARKS and N at most M. */
static void put_level(struct jw *w, const struct cv_field_spec *f)
{
	struct cv_buf re = {0};
	int m;
	cv_buf_printf(&re, "^(?:0*[0-%d]", CV_LEVEL_MARKS);
	for (m = 1; m <= CV_LEVEL_MAX_MARKS; m++) /* N from 0 to M */
		if (m < 10)
			cv_buf_printf(&re, "|0*[0-%d]/0*%d", m, m);
		else
			cv_buf_printf(&re, "|0*(?:[0-9]|1[0-%d])/0*%d", m - 10, m);
	cv_buf_puts(&re, ")$");
	jw_obj(w, f->name);
	jw_kstr(w, "description", f->doc);
	jw_arr(w, "anyOf");
	jw_raw(w, "{\"type\": \"null\"}");
	jw_obj(w, NULL);
	jw_kstr(w, "type", "integer");
	jw_kint(w, "minimum", 0);
	jw_kint(w, "maximum", CV_LEVEL_MARKS);
	jw_end_obj(w);
	jw_obj(w, NULL);
	jw_kstr(w, "type", "string");
	jw_kint(w, "maxLength", (long long)f->max_bytes);
	jw_kstr(w, "pattern", re.data);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	cv_buf_free(&re);
}

/* A string, or a list of them (LIST fields, owner, keywords); each at most max bytes. */
static void put_list(struct jw *w, const char *key, const char *doc, size_t max, bool required)
{
	jw_obj(w, key);
	if (doc)
		jw_kstr(w, "description", doc);
	jw_arr(w, "anyOf");
	put_text(w, NULL, NULL, max, required);
	jw_obj(w, NULL);
	jw_kstr(w, "type", "array");
	jw_kint(w, "maxItems", CV_LIMIT_ITEMS);
	put_text(w, "items", NULL, max, false);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
}

/* The keys of the profile table directly under prefix ("", "links[]", "entry.authors[]"). */
static const char *profile_child(const struct cv_profile_key *k, const char *prefix)
{
	size_t plen = strlen(prefix);
	const char *name;
	if (plen && (strncmp(k->path, prefix, plen) != 0 || k->path[plen] != '.'))
		return NULL;
	name = plen ? k->path + plen + 1 : k->path;
	return strchr(name, '.') || strchr(name, '[') ? NULL : name;
}

/* "required": [...] of the profile keys under prefix. */
static void put_required_keys(struct jw *w, const char *prefix)
{
	size_t n, i;
	const struct cv_profile_key *keys = cv_schema_profile_keys(&n);
	jw_arr(w, "required");
	for (i = 0; i < n; i++)
		if (profile_child(&keys[i], prefix) && keys[i].required)
			jw_str(w, profile_child(&keys[i], prefix));
	jw_end_arr(w);
}

/* The definition name of a kind's entries and of one entry: "entries.education". */
static const char *def_name(struct cv_buf *b, const char *what, const char *kind)
{
	cv_buf_reset(b);
	cv_buf_printf(b, "%s.%s", what, kind);
	return b->data;
}

/* The names a `kind:` takes for kind k: its name in any case, or its name with an s. */
static void re_kind(struct cv_buf *re, const struct cv_kind_spec *k)
{
	re_anycase(re, k->name);
	cv_buf_putc(re, '|');
	re_literal(re, k->name);
	cv_buf_puts(re, "[sS]");
}

/* A pattern of the section titles that tell kind k (any case), or of every kind's (k NULL). */
static bool re_titles(struct cv_buf *re, const struct cv_kind_spec *k)
{
	size_t i, j, n = 0;
	cv_buf_puts(re, "^(?:");
	for (i = 0; i < CV_KIND__COUNT; i++) {
		const struct cv_kind_spec *ks = cv_schema_kind((enum cv_kind)i);
		if (k && ks != k)
			continue;
		for (j = 0; ks->title_words[j]; j++, n++) {
			if (n)
				cv_buf_putc(re, '|');
			re_anycase(re, ks->title_words[j]);
		}
	}
	cv_buf_puts(re, ")$");
	return n > 0;
}

/* The value of one field of an entry. */
static void put_field(struct jw *w, const struct cv_field_spec *f, bool has_range)
{
	size_t n, i;
	const struct cv_profile_key *keys = cv_schema_profile_keys(&n);
	switch (f->type) {
	case CV_VALUE_TEXT:
		if (!strcmp(f->name, "level")) {
			put_level(w, f);
		} else if (!strcmp(f->name, "doi")) {
			jw_obj(w, f->name);
			jw_kstr(w, "description", f->doc);
			jw_kraw(w, "type", "[\"string\", \"null\"]");
			jw_kint(w, "maxLength", (long long)f->max_bytes);
			jw_kstr(w, "pattern", RE_DOI);
			jw_end_obj(w);
		} else {
			put_text(w, f->name, f->doc, f->max_bytes, f->required);
		}
		return;
	case CV_VALUE_LIST:
		put_list(w, f->name, f->doc, f->max_bytes, f->required);
		return;
	case CV_VALUE_DATE:
		put_date(w, f->name, f->doc, !strcmp(f->name, "date"),
		         has_range && !strcmp(f->name, "start"));
		return;
	case CV_VALUE_URL:
		put_url(w, f->name, f->doc, false, f->required);
		return;
	case CV_VALUE_AUTHORS:
		jw_obj(w, f->name);
		jw_kstr(w, "description", f->doc);
		jw_kstr(w, "type", "array");
		jw_kint(w, "maxItems", CV_LIMIT_AUTHORS);
		jw_obj(w, "items");
		jw_arr(w, "anyOf");
		put_text(w, NULL,
		         "a name; a trailing * marks equal contribution, \xE2\x80\xA0 a "
		         "corresponding author",
		         CV_LIMIT_LINE_BYTES, true);
		jw_ref(w, NULL, "author");
		jw_end_arr(w);
		jw_end_obj(w);
		jw_end_obj(w);
		return;
	case CV_VALUE_LINKS:
		jw_obj(w, f->name);
		jw_kstr(w, "description", f->doc);
		jw_arr(w, "anyOf");
		jw_raw(w, "{\"type\": \"null\"}");
		jw_obj(w, NULL);
		jw_kstr(w, "description", "label: URL");
		jw_kstr(w, "type", "object");
		jw_kint(w, "maxProperties", CV_LIMIT_ITEMS);
		jw_obj(w, "propertyNames");
		jw_kint(w, "maxLength", CV_LIMIT_LINE_BYTES);
		jw_end_obj(w);
		for (i = 0; i < n && strcmp(keys[i].path, "entry.links[].url"); i++)
			;
		put_url(w, "additionalProperties", i < n ? keys[i].doc : NULL, false, true);
		jw_end_obj(w);
		jw_obj(w, NULL);
		jw_kstr(w, "type", "array");
		jw_kint(w, "maxItems", CV_LIMIT_ITEMS);
		jw_ref(w, "items", "link");
		jw_end_obj(w);
		jw_end_arr(w);
		jw_end_obj(w);
		return;
	case CV_VALUE_MAP: /* never an entry field (schema.h) */
		return;
	}
}

/* The value of the profile key k (path, doc and type from the table). */
static void put_profile_key(struct jw *w, const char *name, const struct cv_profile_key *k)
{
	bool web = !strcmp(k->path, "website"); /* links[].url: web with a network (below) */
	if (!strcmp(k->path, "layout")) {
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_arr(w, "anyOf");
		jw_raw(w, "{\"type\": \"null\"}");
		jw_obj(w, NULL);
		jw_kstr(w, "description",
		        "a layout name (see `folio layouts`) or a path to a .yaml file");
		jw_kstr(w, "type", "string");
		jw_end_obj(w);
		jw_ref(w, NULL, "layout");
		jw_end_arr(w);
		jw_end_obj(w);
	} else if (!strcmp(k->path, "locale")) {
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_kraw(w, "type", "[\"string\", \"object\", \"null\"]");
		jw_obj(w, "properties");
		jw_obj(w, "extends");
		jw_kstr(w, "description", "the locale this mapping changes key by key");
		jw_kstr(w, "type", "string");
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_obj(w);
	} else if (!strcmp(k->path, "links")) {
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_kraw(w, "type", "[\"array\", \"null\"]");
		jw_kint(w, "maxItems", CV_LIMIT_ITEMS);
		jw_ref(w, "items", "social-link");
		jw_end_obj(w);
	} else if (!strcmp(k->path, "sections")) {
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_arr(w, "anyOf");
		jw_obj(w, NULL);
		jw_kstr(w, "type", "array");
		jw_kint(w, "minItems", 1);
		jw_kint(w, "maxItems", CV_LIMIT_SECTIONS);
		jw_ref(w, "items", "section");
		jw_end_obj(w);
		jw_ref(w, NULL, "section-map");
		jw_end_arr(w);
		jw_end_obj(w);
	} else if (!strcmp(k->path, "variants")) {
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_kraw(w, "type", "[\"object\", \"null\"]");
		jw_kint(w, "maxProperties", CV_LIMIT_VARIANTS);
		jw_obj(w, "propertyNames");
		jw_kint(w, "maxLength", CV_LIMIT_TAG_BYTES);
		jw_end_obj(w);
		jw_ref(w, "additionalProperties", "variant");
		jw_end_obj(w);
	} else if (!strcmp(k->path, "variants.*.layout")) {
		jw_ref_doc(w, name, k->doc, "layout");
	} else if (k->type == CV_VALUE_MAP) {
		/* variants.*.set: override path -> a value of any shape, checked by the loader */
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_kraw(w, "type", "[\"object\", \"null\"]");
		jw_end_obj(w);
	} else if (!strcmp(k->path, "sections[].kind")) {
		jw_ref_doc(w, name, k->doc, "kind");
	} else if (!strcmp(k->path, "links[].network")) {
		jw_ref_doc(w, name, k->doc, "network");
	} else if (!strcmp(k->path, "entry.authors[].equal") ||
	           !strcmp(k->path, "entry.authors[].corresponding")) {
		put_bool(w, name, k->doc, cv_schema_bool_words(true), cv_schema_bool_words(false));
	} else if (k->type == CV_VALUE_URL) {
		put_url(w, name, k->doc, web, k->required);
	} else if (k->type == CV_VALUE_LIST && !strcmp(k->path, "sections[].entries")) {
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_end_obj(w); /* its items: by kind, in the section's conditions */
	} else if (k->type == CV_VALUE_LIST) {
		put_list(w, name, k->doc, k->max_bytes, k->required);
	} else if (!strcmp(k->path, "email") || !strcmp(k->path, "phone")) {
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_kraw(w, "type", SCALAR_OR_NULL);
		jw_kint(w, "maxLength", (long long)k->max_bytes);
		jw_kstr(w, "pattern", !strcmp(k->path, "email") ? RE_EMAIL : RE_PHONE);
		jw_end_obj(w);
	} else {
		put_text(w, name, k->doc, k->max_bytes, k->required);
	}
}

/* An object of the profile keys under prefix; unknown keys are errors. */
static void put_profile_object(struct jw *w, const char *prefix)
{
	size_t n, i;
	const struct cv_profile_key *keys = cv_schema_profile_keys(&n);
	jw_kstr(w, "type", "object");
	jw_obj(w, "properties");
	for (i = 0; i < n; i++)
		if (profile_child(&keys[i], prefix))
			put_profile_key(w, profile_child(&keys[i], prefix), &keys[i]);
	jw_end_obj(w);
	put_required_keys(w, prefix);
	jw_kraw(w, "additionalProperties", "false");
}

/* "tags": beside the fields of any entry (the profile key "entry.tags"). */
static void put_entry_tags(struct jw *w)
{
	size_t n, i;
	const struct cv_profile_key *keys = cv_schema_profile_keys(&n);
	for (i = 0; i < n; i++)
		if (!strcmp(keys[i].path, "entry.tags"))
			put_list(w, "tags", keys[i].doc, keys[i].max_bytes, false);
}

/* The schema of one entry of kind k. */
static void put_entry(struct jw *w, const struct cv_kind_spec *k)
{
	struct cv_buf b = {0};
	bool has_range = cv_schema_field(k->kind, "start") && cv_schema_field(k->kind, "end");
	size_t i;
	jw_obj(w, def_name(&b, "entry", k->name));
	jw_kstr(w, "title", k->name);
	jw_kstr(w, "description", k->doc);
	if (k->plain_entries) {
		/* the text, or {text, tags} */
		jw_arr(w, "anyOf");
		jw_obj(w, NULL);
		jw_kraw(w, "type", SCALAR_OR_NULL);
		jw_kint(w, "maxLength", (long long)k->fields[0].max_bytes);
		jw_end_obj(w);
		jw_obj(w, NULL);
		jw_kstr(w, "type", "object");
		jw_obj(w, "properties");
		put_text(w, "text", k->fields[0].doc, k->fields[0].max_bytes, true);
		put_entry_tags(w);
		jw_end_obj(w);
		jw_raw(w, "\"required\": [\"text\"]");
		jw_kraw(w, "additionalProperties", "false");
		jw_end_obj(w);
		jw_end_arr(w);
		jw_end_obj(w);
		cv_buf_free(&b);
		return;
	}
	jw_kstr(w, "type", "object");
	jw_obj(w, "properties");
	for (i = 0; i < k->nfields; i++)
		put_field(w, &k->fields[i], has_range);
	put_entry_tags(w);
	jw_end_obj(w);
	jw_arr(w, "required");
	for (i = 0; i < k->nfields; i++)
		if (k->fields[i].required)
			jw_str(w, k->fields[i].name);
	jw_end_arr(w);
	jw_kraw(w, "additionalProperties", "false");
	if (has_range && cv_schema_field(k->kind, "date")) {
		/* either date or start/end (those that are there and not null) */
		static const char *const ends[] = {"start", "end"};
		jw_obj(w, "not");
		jw_kstr(w, "description", "an entry has either date or start/end, not both");
		jw_arr(w, "anyOf");
		for (i = 0; i < 2; i++) {
			jw_obj(w, NULL);
			jw_arr(w, "required");
			jw_str(w, "date");
			jw_str(w, ends[i]);
			jw_end_arr(w);
			jw_obj(w, "properties");
			jw_kraw(w, "date", "{\"not\": {\"type\": \"null\"}}");
			jw_kraw(w, ends[i], "{\"not\": {\"type\": \"null\"}}");
			jw_end_obj(w);
			jw_end_obj(w);
		}
		jw_end_arr(w);
		jw_end_obj(w);
	}
	jw_end_obj(w);
	cv_buf_free(&b);
}

/* A section of the list form: title, kind, entries; the entries by kind. */
static void put_section(struct jw *w)
{
	struct cv_buf re = {0}, b = {0};
	size_t i;
	jw_obj(w, "section");
	jw_kstr(w, "description",
	        "a section: its title, its kind (else told from the title), its entries");
	put_profile_object(w, "sections[]");
	jw_arr(w, "allOf");
	for (i = 0; i < CV_KIND__COUNT; i++) {
		const struct cv_kind_spec *k = cv_schema_kind((enum cv_kind)i);
		/* kind: names it */
		cv_buf_reset(&re);
		cv_buf_puts(&re, "^(?:");
		re_kind(&re, k);
		cv_buf_puts(&re, ")$");
		jw_obj(w, NULL);
		jw_obj(w, "if");
		jw_arr(w, "required");
		jw_str(w, "kind");
		jw_end_arr(w);
		jw_obj(w, "properties");
		jw_obj(w, "kind");
		jw_kstr(w, "type", "string");
		jw_kstr(w, "pattern", re.data);
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_obj(w);
		jw_obj(w, "then");
		jw_obj(w, "properties");
		jw_ref(w, "entries", def_name(&b, "entries", k->name));
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_obj(w);
		/* no kind: the title tells it */
		cv_buf_reset(&re);
		if (!re_titles(&re, k))
			continue;
		jw_obj(w, NULL);
		jw_obj(w, "if");
		jw_arr(w, "required");
		jw_str(w, "title");
		jw_end_arr(w);
		jw_obj(w, "properties");
		jw_kraw(w, "kind", "{\"type\": \"null\"}");
		jw_obj(w, "title");
		jw_kstr(w, "type", "string");
		jw_kstr(w, "pattern", re.data);
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_obj(w);
		jw_obj(w, "then");
		jw_obj(w, "properties");
		jw_ref(w, "entries", def_name(&b, "entries", k->name));
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_obj(w);
	}
	/* neither: a list of strings, a bullet list */
	cv_buf_reset(&re);
	re_titles(&re, NULL);
	jw_obj(w, NULL);
	jw_obj(w, "if");
	jw_obj(w, "properties");
	jw_kraw(w, "kind", "{\"type\": \"null\"}");
	jw_obj(w, "title");
	jw_obj(w, "not");
	jw_kstr(w, "type", "string");
	jw_kstr(w, "pattern", re.data);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_obj(w, "then");
	jw_obj(w, "properties");
	jw_ref(w, "entries", "entries.untold");
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	cv_buf_free(&re);
	cv_buf_free(&b);
}

/* The mapping form of sections: title -> entries, the kind told by the title. */
static void put_section_map(struct jw *w)
{
	struct cv_buf re = {0}, b = {0};
	size_t i;
	jw_obj(w, "section-map");
	jw_kstr(w, "description", "sections as title: entries; the title tells the kind");
	jw_kstr(w, "type", "object");
	jw_kint(w, "minProperties", 1);
	jw_kint(w, "maxProperties", CV_LIMIT_SECTIONS);
	jw_obj(w, "propertyNames");
	jw_kint(w, "maxLength", CV_LIMIT_LINE_BYTES);
	jw_end_obj(w);
	jw_obj(w, "patternProperties");
	for (i = 0; i < CV_KIND__COUNT; i++) {
		const struct cv_kind_spec *k = cv_schema_kind((enum cv_kind)i);
		cv_buf_reset(&re);
		if (re_titles(&re, k))
			jw_ref(w, re.data, def_name(&b, "entries", k->name));
	}
	jw_end_obj(w);
	jw_ref(w, "additionalProperties", "entries.untold");
	jw_end_obj(w);
	cv_buf_free(&re);
	cv_buf_free(&b);
}

/* kind: any kind's name, in any case, or with an s */
static void put_kind_def(struct jw *w)
{
	struct cv_buf re = {0};
	size_t i;
	cv_buf_puts(&re, "^(?:");
	for (i = 0; i < CV_KIND__COUNT; i++) {
		if (i)
			cv_buf_putc(&re, '|');
		re_kind(&re, cv_schema_kind((enum cv_kind)i));
	}
	cv_buf_puts(&re, ")$");
	jw_obj(w, "kind");
	jw_kstr(w, "description", "the kind of the section's entries (a plural is fine)");
	jw_arr(w, "anyOf");
	jw_raw(w, "{\"type\": \"null\"}");
	jw_obj(w, NULL);
	jw_arr(w, "enum");
	for (i = 0; i < CV_KIND__COUNT; i++)
		jw_str(w, cv_schema_kind((enum cv_kind)i)->name);
	jw_end_arr(w);
	jw_end_obj(w);
	jw_obj(w, NULL);
	jw_kstr(w, "type", "string");
	jw_kstr(w, "pattern", re.data);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	cv_buf_free(&re);
}

static void put_profile_defs(struct jw *w)
{
	struct cv_buf b = {0};
	const char *names[64];
	size_t n, i, k;
	const struct cv_network_spec *nets = cv_schema_networks(&n);

	/* network: a known one, any case, or an alias */
	for (i = k = 0; i < n && k + 2 < CV_COUNT(names); i++) {
		names[k++] = nets[i].name;
		if (nets[i].alias)
			names[k++] = nets[i].alias;
	}
	names[k] = NULL;
	put_words(w, "network", names, true);

	jw_obj(w, "social-link");
	jw_kstr(w, "description", "{network, username} for a known network, or {label, url}");
	put_profile_object(w, "links[]");
	jw_arr(w, "anyOf");
	jw_obj(w, NULL);
	jw_raw(w, "\"required\": [\"network\", \"username\"]");
	jw_obj(w, "properties");
	put_url(w, "url", "replaces the URL made from the username", true, false);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_raw(w, "{\"required\": [\"label\", \"url\"]}");
	jw_end_arr(w);
	jw_end_obj(w);

	jw_obj(w, "author");
	jw_kstr(w, "description", "an author with marks");
	put_profile_object(w, "entry.authors[]");
	jw_end_obj(w);

	jw_obj(w, "link");
	jw_kstr(w, "description", "a named link");
	put_profile_object(w, "entry.links[]");
	jw_end_obj(w);

	jw_obj(w, "variant");
	jw_kstr(w, "description", "what one variant keeps, how it looks and where it is written");
	put_profile_object(w, "variants.*");
	jw_end_obj(w);

	put_section(w);
	put_section_map(w);

	for (i = 0; i < CV_KIND__COUNT; i++) {
		const struct cv_kind_spec *ks = cv_schema_kind((enum cv_kind)i);
		struct cv_buf entry = {0};
		cv_buf_printf(&entry, "#/$defs/%s", def_name(&b, "entry", ks->name));
		jw_obj(w, def_name(&b, "entries", ks->name));
		jw_kstr(w, "title", ks->name);
		jw_kstr(w, "description", ks->doc);
		jw_kraw(w, "type", "[\"array\", \"null\"]");
		jw_kint(w, "maxItems", CV_LIMIT_ENTRIES);
		jw_obj(w, "items");
		jw_kstr(w, "$ref", entry.data);
		jw_end_obj(w);
		jw_end_obj(w);
		cv_buf_free(&entry);
	}
	jw_obj(w, "entries.untold");
	jw_kstr(w, "description",
	        "a section whose kind neither kind: nor the title tells: a list of strings, set "
	        "as a bullet list");
	jw_kstr(w, "type", "array");
	jw_kint(w, "minItems", 1);
	jw_kint(w, "maxItems", CV_LIMIT_ENTRIES);
	jw_ref(w, "items", "entry.bullet");
	jw_end_obj(w);
	for (i = 0; i < CV_KIND__COUNT; i++)
		put_entry(w, cv_schema_kind((enum cv_kind)i));
	cv_buf_free(&b);
}

/* ---- the layout ------------------------------------------------------------------- */

/* The key of the layout table named path + "." + name (or path + name when name is "[]"). */
static const struct cv_layout_key *layout_child(const char *path, const char *name)
{
	struct cv_buf b = {0};
	const struct cv_layout_key *k;
	cv_buf_printf(&b, "%s%s%s", path, *path && strcmp(name, "[]") ? "." : "", name);
	k = cv_layout_key(b.data);
	cv_buf_free(&b);
	return k;
}

/* The name of a layout key directly under path, or NULL (also for "*" and "[]"). */
static const char *layout_child_name(const struct cv_layout_key *k, const char *path)
{
	size_t plen = strlen(path);
	const char *name;
	if (plen && (strncmp(k->path, path, plen) != 0 || k->path[plen] != '.'))
		return NULL;
	name = plen ? k->path + plen + 1 : k->path;
	return strchr(name, '.') || strchr(name, '[') || !strcmp(name, "*") ? NULL : name;
}

/* The definition of a mapping reached through "*" or "[]": "layout:styles.*". */
static const char *layout_def(struct cv_buf *b, const char *path)
{
	cv_buf_reset(b);
	cv_buf_printf(b, "layout:%s", path);
	return b->data;
}

static bool needs_def(const char *path)
{
	size_t n = strlen(path);
	return (n >= 2 && !strcmp(path + n - 2, ".*")) || (n >= 2 && !strcmp(path + n - 2, "[]"));
}

#define RE_NUMBER "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)"
#define RE_LENGTH "^ *\\+?" RE_NUMBER " *(?:pt|mm|cm|in)? *$"
#define RE_GLUE_LENGTH "\\+?" RE_NUMBER " *(?:pt|mm|cm|in)?"
#define RE_GLUE                                                                                    \
	"^ *" RE_GLUE_LENGTH "(?: +plus +" RE_GLUE_LENGTH ")?(?: +minus +" RE_GLUE_LENGTH ")? *$"
#define RE_PERCENT "^ *(?:100(?:\\.0*)?|[0-9]{1,2}(?:\\.[0-9]*)?)%$"
#define RE_DECIMAL "^ *[-+]?" RE_NUMBER " *$"
#define RE_HEX "#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}"
#define RE_TINT "(?: +(?:100(?:\\.0*)?|[0-9]{1,2}(?:\\.[0-9]*)?)%)?"

static void put_layout_value(struct jw *w, const char *name, const struct cv_layout_key *k);

/* A length, or (name NULL) the "length" definition. */
static void put_length(struct jw *w, const char *name, const char *doc)
{
	if (name) {
		jw_obj(w, name);
		if (doc)
			jw_kstr(w, "description", doc);
		jw_kstr(w, "$ref", "#/$defs/length");
		jw_end_obj(w);
		return;
	}
	jw_obj(w, "length");
	jw_kstr(w, "description", "a length: 10pt, 3.5mm, 1cm, 0.5in, or a number of points");
	jw_arr(w, "anyOf");
	jw_raw(w, "{\"type\": \"number\", \"minimum\": 0}");
	jw_obj(w, NULL);
	jw_kstr(w, "description", "a number with pt, mm, cm or in (points without)");
	jw_kstr(w, "type", "string");
	jw_kstr(w, "pattern", RE_LENGTH);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
}

/* A colour, or (name NULL) the "color" definition. */
static void put_color(struct jw *w, const char *name, const char *doc)
{
	struct cv_buf re = {0};
	size_t n, i;
	const struct cv_named_color *named = cv_layout_named_colors(&n);
	const char *const *refs = cv_layout_color_refs();
	if (name) {
		jw_obj(w, name);
		if (doc)
			jw_kstr(w, "description", doc);
		jw_kstr(w, "$ref", "#/$defs/color");
		jw_end_obj(w);
		return;
	}
	cv_buf_puts(&re, "^(?:" RE_HEX);
	for (i = 0; i < n; i++) {
		cv_buf_putc(&re, '|');
		re_anycase(&re, named[i].name);
	}
	cv_buf_puts(&re, "|(?:");
	for (i = 0; refs[i]; i++) {
		if (i)
			cv_buf_putc(&re, '|');
		re_anycase(&re, refs[i]);
	}
	cv_buf_puts(&re, ")" RE_TINT ")$");
	jw_obj(w, "color");
	jw_arr(w, "anyOf");
	jw_obj(w, NULL);
	jw_arr(w, "enum");
	for (i = 0; i < n; i++)
		jw_str(w, named[i].name);
	for (i = 0; refs[i]; i++)
		jw_str(w, refs[i]);
	jw_end_arr(w);
	jw_end_obj(w);
	jw_obj(w, NULL);
	jw_kstr(w, "description",
	        "\"#rrggbb\", \"#rgb\", a colour name, or accent, link or text, maybe with a tint "
	        "towards white (\"accent 15%\")");
	jw_kstr(w, "type", "string");
	jw_kstr(w, "pattern", re.data);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	cv_buf_free(&re);
}

/* A format: text whose % tokens are the key's words (or %%). */
static void put_format(struct jw *w, const char *name, const struct cv_layout_key *k)
{
	struct cv_buf re = {0};
	size_t i;
	cv_buf_puts(&re, "^(?:[^%]|%%");
	for (i = 0; k->words && k->words[i]; i++) {
		cv_buf_putc(&re, '|');
		re_literal(&re, k->words[i]);
	}
	cv_buf_puts(&re, ")*$");
	jw_obj(w, name);
	jw_kstr(w, "description", k->doc);
	jw_kraw(w, "type", SCALAR_OR_NULL);
	jw_kint(w, "maxLength", CV_LAYOUT_STRING_BYTES);
	jw_kstr(w, "pattern", re.data);
	jw_end_obj(w);
	cv_buf_free(&re);
}

/* The stand-in packages `fonts.*.tex` names (the one CHOICE whose words are a table of their own).
 */
static void put_standins(struct jw *w, const char *name, const char *doc)
{
	const char *names[64];
	size_t n, i;
	const struct cv_tex_standin *all = cv_layout_tex_standins(&n);
	for (i = 0; i < n && i + 1 < CV_COUNT(names); i++)
		names[i] = all[i].package;
	names[i] = NULL;
	jw_obj(w, name);
	jw_kstr(w, "description", doc);
	jw_arr(w, "anyOf");
	jw_raw(w, "{\"type\": \"null\"}");
	put_words(w, NULL, names, true);
	jw_end_arr(w);
	jw_end_obj(w);
}

/* An object of the layout keys under path; "*" children by the def of path.* */
static void put_layout_object(struct jw *w, const char *path)
{
	struct cv_buf b = {0};
	const struct cv_layout_key *self = cv_layout_key(path), *any = layout_child(path, "*");
	const struct cv_layout_key *keys;
	size_t n, i;
	keys = cv_layout_keys(&n);
	jw_kstr(w, "type", "object");
	jw_obj(w, "properties");
	for (i = 0; i < n; i++) {
		const char *name = layout_child_name(&keys[i], path);
		if (name)
			put_layout_value(w, name, &keys[i]);
	}
	if (any && self && self->words) /* "*" takes these names only */
		for (i = 0; self->words[i]; i++)
			jw_ref(w, self->words[i], layout_def(&b, any->path));
	jw_end_obj(w);
	if (any && !(self && self->words))
		jw_ref(w, "additionalProperties", layout_def(&b, any->path));
	else
		jw_kraw(w, "additionalProperties", "false");
	cv_buf_free(&b);
}

/* A list of names: section kinds or titles, contact items, month names. */
static void put_layout_list(struct jw *w, const char *name, const struct cv_layout_key *k)
{
	size_t len = strlen(k->path);
	bool months = len > 7 && strstr(k->path, "dates.month-") == k->path;
	jw_obj(w, name);
	jw_kstr(w, "description", k->doc);
	jw_kstr(w, "type", "array");
	if (months) {
		jw_kint(w, "minItems", 12);
		jw_kint(w, "maxItems", 12);
	}
	if (k->words)
		put_words(w, "items", k->words, true);
	else
		put_text(w, "items", NULL, CV_LAYOUT_STRING_BYTES, !months);
	jw_end_obj(w);
}

/* A template cell: a template string, a list of them, or {parts, sep, style, chips}. */
static void put_cell(struct jw *w, const char *name, const struct cv_layout_key *k)
{
	jw_obj(w, name);
	jw_kstr(w, "description", k->doc);
	jw_arr(w, "anyOf");
	put_text(w, NULL, "a template string: text with {field} placeholders",
	         CV_LAYOUT_STRING_BYTES, false);
	jw_obj(w, NULL);
	jw_kstr(w, "type", "array");
	put_text(w, "items", NULL, CV_LAYOUT_STRING_BYTES, false);
	jw_end_obj(w);
	jw_obj(w, NULL);
	put_layout_object(w, k->path);
	jw_arr(w, "required");
	jw_str(w, "parts");
	jw_end_arr(w);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
}

static void put_layout_value(struct jw *w, const char *name, const struct cv_layout_key *k)
{
	struct cv_buf b = {0};
	size_t len = strlen(k->path);
	switch (k->type) {
	case CV_LV_MAP:
		if (needs_def(k->path)) {
			jw_ref(w, name, layout_def(&b, k->path));
		} else if (!strcmp(k->path, "templates")) {
			jw_ref(w, name, "layout:templates");
		} else {
			jw_obj(w, name);
			jw_kstr(w, "description", k->doc);
			put_layout_object(w, k->path);
			jw_end_obj(w);
		}
		break;
	case CV_LV_STRING:
		put_text(w, name, k->doc,
		         !strcmp(k->path, "bullet") ? CV_LAYOUT_BULLET_CHARS
		                                    : CV_LAYOUT_STRING_BYTES,
		         false);
		break;
	case CV_LV_FORMAT:
		put_format(w, name, k);
		break;
	case CV_LV_TEMPLATE:
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_arr(w, "anyOf");
		put_text(w, NULL, NULL, CV_LAYOUT_STRING_BYTES, false);
		jw_obj(w, NULL);
		jw_kstr(w, "type", "array");
		put_text(w, "items", NULL, CV_LAYOUT_STRING_BYTES, false);
		jw_end_obj(w);
		jw_end_arr(w);
		jw_end_obj(w);
		break;
	case CV_LV_LENGTH:
		put_length(w, name, k->doc);
		break;
	case CV_LV_GLUE: /* a length, or "6pt plus 2pt minus 1pt" */
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_arr(w, "anyOf");
		jw_raw(w, "{\"type\": \"number\", \"minimum\": 0}");
		jw_obj(w, NULL);
		jw_kstr(w, "type", "string");
		jw_kstr(w, "pattern", RE_GLUE);
		jw_end_obj(w);
		jw_end_arr(w);
		jw_end_obj(w);
		break;
	case CV_LV_PERCENT:
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_kstr(w, "type", "string");
		jw_kstr(w, "pattern", RE_PERCENT);
		jw_end_obj(w);
		break;
	case CV_LV_NUMBER:
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_arr(w, "anyOf");
		jw_raw(w, "{\"type\": \"number\"}");
		jw_obj(w, NULL);
		jw_kstr(w, "type", "string");
		jw_kstr(w, "pattern", RE_DECIMAL);
		jw_end_obj(w);
		jw_end_arr(w);
		jw_end_obj(w);
		break;
	case CV_LV_BOOL:
		put_bool(w, name, k->doc, cv_layout_bool_words(true), cv_layout_bool_words(false));
		break;
	case CV_LV_CHOICE:
		if (k->words) {
			jw_obj(w, name);
			jw_kstr(w, "description", k->doc);
			jw_arr(w, "allOf");
			put_words(w, NULL, k->words, true);
			jw_end_arr(w);
			jw_end_obj(w);
		} else {
			put_standins(w, name, k->doc);
		}
		break;
	case CV_LV_COLOR:
		put_color(w, name, k->doc);
		break;
	case CV_LV_FILE:
		jw_obj(w, name);
		jw_kstr(w, "description", k->doc);
		jw_kraw(w, "type", "[\"string\", \"null\"]");
		jw_kint(w, "maxLength", CV_LAYOUT_PATH_BYTES);
		jw_end_obj(w);
		break;
	case CV_LV_NAME:
		if (k->words) {
			jw_obj(w, name);
			jw_kstr(w, "description", k->doc);
			jw_arr(w, "allOf");
			put_words(w, NULL, k->words, false);
			jw_end_arr(w);
			jw_end_obj(w);
		} else if (len > 5 && !strcmp(k->path + len - 5, ".kind")) {
			jw_obj(w, name);
			jw_kstr(w, "description", k->doc);
			jw_arr(w, "allOf");
			jw_ref(w, NULL, "kind");
			jw_raw(w, "{\"type\": \"string\"}");
			jw_end_arr(w);
			jw_end_obj(w);
		} else {
			put_text(w, name, k->doc, CV_LAYOUT_STRING_BYTES, true);
		}
		break;
	case CV_LV_LIST:
		if (!strcmp(k->path, "templates.*.rows")) {
			jw_obj(w, name);
			jw_kstr(w, "description", k->doc);
			jw_kraw(w, "type", "[\"array\", \"null\"]");
			jw_ref(w, "items", layout_def(&b, "templates.*.rows[]"));
			jw_end_obj(w);
		} else if (!strcmp(k->path, "templates.*.body")) {
			jw_obj(w, name);
			jw_kstr(w, "description", k->doc);
			jw_kraw(w, "type", "[\"array\", \"string\", \"null\"]");
			jw_end_obj(w);
		} else {
			put_layout_list(w, name, k);
		}
		break;
	case CV_LV_ANY:
		if (!strcmp(k->path, "page.size")) {
			jw_obj(w, name);
			jw_kstr(w, "description", k->doc);
			jw_arr(w, "anyOf");
			put_words(w, NULL, k->words, true);
			jw_obj(w, NULL);
			jw_kstr(w, "type", "array");
			jw_kint(w, "minItems", 2);
			jw_kint(w, "maxItems", 2);
			put_length(w, "items", "width, height");
			jw_end_obj(w);
			jw_end_arr(w);
			jw_end_obj(w);
		} else if (!strcmp(k->path, "page.margins")) {
			jw_obj(w, name);
			jw_kstr(w, "description", k->doc);
			jw_arr(w, "anyOf");
			jw_raw(w, "{\"$ref\": \"#/$defs/length\"}");
			jw_obj(w, NULL);
			put_layout_object(w, k->path);
			jw_end_obj(w);
			jw_end_arr(w);
			jw_end_obj(w);
		} else {
			put_cell(w, name, k);
		}
		break;
	}
	cv_buf_free(&b);
}

/* The body of a kind's template: its text and list fields. */
static void put_body(struct jw *w, const struct cv_kind_spec *k)
{
	const char *names[32];
	size_t i, n = 0;
	for (i = 0; i < k->nfields && n + 1 < CV_COUNT(names); i++)
		if (k->fields[i].type == CV_VALUE_TEXT || k->fields[i].type == CV_VALUE_LIST)
			names[n++] = k->fields[i].name;
	names[n] = NULL;
	jw_obj(w, "body");
	jw_arr(w, "anyOf");
	jw_raw(w, "{\"type\": \"null\"}");
	put_words(w, NULL, names, false);
	jw_obj(w, NULL);
	jw_kstr(w, "type", "array");
	put_words(w, "items", names, false);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
}

/* templates: one per kind (by its name in any case, or plural), else per title with kind: */
static void put_templates(struct jw *w)
{
	struct cv_buf re = {0}, b = {0};
	const struct cv_layout_key *k = cv_layout_key("templates");
	size_t i;
	jw_obj(w, "layout:templates");
	jw_kstr(w, "description", k ? k->doc : "");
	jw_kstr(w, "type", "object");
	jw_obj(w, "properties");
	for (i = 0; i < CV_KIND__COUNT; i++) {
		const struct cv_kind_spec *ks = cv_schema_kind((enum cv_kind)i);
		jw_ref(w, ks->name, def_name(&b, "layout:template", ks->name));
	}
	jw_end_obj(w);
	jw_obj(w, "patternProperties");
	for (i = 0; i < CV_KIND__COUNT; i++) {
		const struct cv_kind_spec *ks = cv_schema_kind((enum cv_kind)i);
		cv_buf_reset(&re);
		cv_buf_puts(&re, "^(?:");
		re_kind(&re, ks);
		cv_buf_puts(&re, ")$");
		jw_ref(w, re.data, def_name(&b, "layout:template", ks->name));
	}
	jw_end_obj(w);
	jw_obj(w, "additionalProperties");
	jw_kstr(w, "description",
	        "the template of the sections of this title: kind: says which entries");
	jw_kstr(w, "$ref", "#/$defs/layout:templates.*");
	jw_arr(w, "required");
	jw_str(w, "kind");
	jw_end_arr(w);
	jw_arr(w, "allOf");
	for (i = 0; i < CV_KIND__COUNT; i++) {
		const struct cv_kind_spec *ks = cv_schema_kind((enum cv_kind)i);
		cv_buf_reset(&re);
		cv_buf_puts(&re, "^(?:");
		re_kind(&re, ks);
		cv_buf_puts(&re, ")$");
		jw_obj(w, NULL);
		jw_obj(w, "if");
		jw_obj(w, "properties");
		jw_obj(w, "kind");
		jw_kstr(w, "pattern", re.data);
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_obj(w);
		jw_obj(w, "then");
		jw_obj(w, "properties");
		put_body(w, ks);
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
	jw_end_obj(w);
	for (i = 0; i < CV_KIND__COUNT; i++) {
		const struct cv_kind_spec *ks = cv_schema_kind((enum cv_kind)i);
		jw_obj(w, def_name(&b, "layout:template", ks->name));
		jw_kstr(w, "title", ks->name);
		jw_kstr(w, "description", ks->doc);
		jw_kstr(w, "$ref", "#/$defs/layout:templates.*");
		jw_obj(w, "properties");
		jw_kraw(w, "kind", "false");
		put_body(w, ks);
		jw_end_obj(w);
		jw_end_obj(w);
	}
	cv_buf_free(&re);
	cv_buf_free(&b);
}

static void put_layout_defs(struct jw *w)
{
	struct cv_buf b = {0};
	size_t n, i;
	const struct cv_layout_key *keys = cv_layout_keys(&n);
	jw_obj(w, "layout");
	jw_kstr(w, "title", "folio layout");
	jw_kstr(w, "description", "a layout, or a profile's overrides of one (docs/layouts.md)");
	put_layout_object(w, "");
	jw_end_obj(w);
	for (i = 0; i < n; i++) {
		if (keys[i].type != CV_LV_MAP || !needs_def(keys[i].path))
			continue;
		jw_obj(w, layout_def(&b, keys[i].path));
		jw_kstr(w, "description", keys[i].doc);
		put_layout_object(w, keys[i].path);
		jw_end_obj(w);
	}
	put_templates(w);
	put_length(w, NULL, NULL);
	put_color(w, NULL, NULL);
	cv_buf_free(&b);
}

/* ---- the documents ------------------------------------------------------------------- */

bool cv_jsonschema_by_name(const char *name, enum cv_jsonschema_doc *out)
{
	if (!strcmp(name, "profile"))
		*out = CV_JSONSCHEMA_PROFILE;
	else if (!strcmp(name, "layout"))
		*out = CV_JSONSCHEMA_LAYOUT;
	else
		return false;
	return true;
}

void cv_jsonschema_write(enum cv_jsonschema_doc doc, struct cv_buf *out)
{
	struct jw w = {out, 0, {false}, false};
	bool profile = doc == CV_JSONSCHEMA_PROFILE;
	jw_obj(&w, NULL);
	jw_kstr(&w, "$schema", SCHEMA_DIALECT);
	jw_kstr(&w, "$id",
	        profile ? "urn:folio:schema:profile:" FOLIO_VERSION
	                : "urn:folio:schema:layout:" FOLIO_VERSION);
	jw_kstr(&w, "title", profile ? "folio profile" : "folio layout");
	jw_kstr(&w, "description",
	        profile ? "A CV profile for folio " FOLIO_VERSION
	                  " (docs/profile.md); generated by "
	                  "`folio schema`"
	                : "A layout for folio " FOLIO_VERSION " (docs/layouts.md); generated by "
	                  "`folio schema layout`");
	if (profile) {
		put_profile_object(&w, "");
	} else {
		/* a layout that extends nothing defines its fonts and templates */
		jw_kstr(&w, "$ref", "#/$defs/layout");
		jw_obj(&w, "if");
		jw_obj(&w, "properties");
		jw_kraw(&w, "extends", "{\"type\": \"null\"}");
		jw_end_obj(&w);
		jw_end_obj(&w);
		jw_obj(&w, "then");
		jw_arr(&w, "required");
		jw_str(&w, "fonts");
		jw_str(&w, "templates");
		jw_end_arr(&w);
		jw_end_obj(&w);
	}
	jw_obj(&w, "$defs");
	put_kind_def(&w);
	if (profile)
		put_profile_defs(&w);
	put_layout_defs(&w);
	jw_end_obj(&w);
	jw_end_obj(&w);
	cv_buf_putc(out, '\n');
}
