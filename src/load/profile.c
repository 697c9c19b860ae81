/*
 * The profile loader: walks the generic YAML tree of a person's file and
 * builds the typed, validated cv_profile against the schema table.  Every
 * problem is reported with the offending node's position, all of them in
 * one run; Markdown in text fields goes through cv_md_parse.
 */
#include "profile.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "locale.h"
#include "paths.h"

struct loader {
	struct cv_arena *a;
	const char *file;
	const char *dir;     /* the profile's directory, for photo paths */
	const char **owners; /* normalised owner spellings */
	size_t nowners;
	struct cv_tag *tags; /* every tag declared so far (heap), first declaration each */
	size_t ntags, tags_cap;
	const struct cv_locale *locale; /* quotes and section titles; NULL: English */
};

/* Printable copy of s for messages (see cv_msg_show). */
static const char *show(struct cv_arena *a, const char *s)
{
	return cv_msg_show(a, s, strlen(s));
}

/* "a" or "an" before a kind name. */
static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

/* " (did you mean "x"?)" for the closest candidate, or "". */
static const char *suggest(struct cv_arena *a, const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	int best_d = 3;
	size_t i;
	for (i = 0; i < n; i++) {
		int d = cv_edit_distance(word, cands[i]);
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best ? cv_arena_printf(a, " (did you mean \"%s\"?)", best) : "";
}

static void unknown_key(struct loader *ld, const struct cv_node *key, const char *where,
                        const char *const *cands, size_t n)
{
	cv_msg(CV_ERROR, &key->pos, "unknown-key", "unknown key \"%s\" %s%s",
	       show(ld->a, key->value), where, suggest(ld->a, key->value, cands, n));
}

static bool is_known(const char *key, const char *const *cands, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(key, cands[i]) == 0)
			return true;
	return false;
}

/*
 * Report keys of map that the profile key table does not allow under
 * pattern ("" for the top level, "sections[]", "links[]", "entry.links[]").
 */
static void check_keys(struct loader *ld, const struct cv_node *map, const char *where,
                       const char *pattern)
{
	const char *cands[32];
	size_t nkeys, i, n = 0, plen = strlen(pattern);
	const struct cv_profile_key *keys = cv_schema_profile_keys(&nkeys);
	for (i = 0; i < nkeys && n < CV_COUNT(cands); i++) {
		const char *p = keys[i].path, *name;
		if (plen && (strncmp(p, pattern, plen) != 0 || p[plen] != '.'))
			continue;
		name = plen ? p + plen + 1 : p;
		if (!strchr(name, '.') && !strchr(name, '['))
			cands[n++] = name;
	}
	for (i = 0; i < map->n; i++)
		if (!is_known(map->keys[i]->value, cands, n))
			unknown_key(ld, map->keys[i], where, cands, n);
}

/* Position of item i of a list, or of key i of a mapping. */
static const struct cv_pos *item_pos(const struct cv_node *n, size_t i)
{
	return n->type == CV_NODE_MAP ? &n->keys[i]->pos : &n->values[i]->pos;
}

/* A value that is there: not absent, not YAML's null, not a blank string. */
static bool present(const struct cv_node *n)
{
	return n && !cv_node_is_null(n) && !(n->type == CV_NODE_SCALAR && cv_is_blank(n->value));
}

/*
 * True if the scalar n is at most max bytes long; else reports it (what
 * names the value) and returns false.
 */
static bool fits(struct loader *ld, const struct cv_node *n, const char *what, size_t max)
{
	const char *kind = max == CV_LIMIT_URL_BYTES    ? "a URL"
	                   : max == CV_LIMIT_TEXT_BYTES ? "a paragraph"
	                                                : "one line";
	if (n->type != CV_NODE_SCALAR || n->len <= max)
		return true;
	cv_msg(CV_ERROR, &n->pos, "value-too-long",
	       "%s is %zu bytes long; the limit for %s is %zu bytes", what, n->len, kind, max);
	return false;
}

static bool want_scalar(struct loader *ld, const struct cv_node *n, const char *what)
{
	if (n->type == CV_NODE_SCALAR)
		return true;
	cv_msg(CV_ERROR, &n->pos, "wrong-type", "%s must be a string, not %s", what,
	       cv_node_type_name(n));
	return false;
}

static const char *quoted(struct loader *ld, const char *key)
{
	return cv_arena_printf(ld->a, "\"%s\"", key);
}

static void parse_text(struct loader *ld, const struct cv_node *n, struct cv_text *out)
{
	cv_md_parse(ld->a, n->value, n->len, &n->pos, out);
	if (ld->locale && ld->locale->quotes[0])
		cv_text_localize_quotes(ld->a, out, ld->locale->quotes);
	if (!out->source)
		out->source = n->value;
	if (!out->pos.file)
		out->pos = n->pos;
}

/* The scheme of url ("https"), lower-cased, or NULL when it has none. */
static const char *url_scheme(struct loader *ld, const char *url)
{
	size_t i = 0;
	char *s;
	if (!((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z')))
		return NULL;
	while (url[i] && url[i] != ':') {
		char c = url[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '-' || c == '.'))
			return NULL;
		i++;
	}
	if (url[i] != ':')
		return NULL;
	s = cv_arena_strndup(ld->a, url, i);
	for (i = 0; s[i]; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	return s;
}

/* Check a URL value; web_only allows http and https only.  Returns the URL or NULL. */
static const char *check_url(struct loader *ld, const struct cv_node *n, bool web_only)
{
	const char *url = n->value, *scheme;
	size_t i;
	for (i = 0; url[i]; i++)
		if ((unsigned char)url[i] <= ' ') {
			cv_msg(CV_ERROR, &n->pos, "bad-url",
			       "\"%s\" is not a valid URL (it contains white space)",
			       show(ld->a, url));
			return NULL;
		}
	scheme = url_scheme(ld, url);
	if (!scheme) {
		cv_msg(CV_ERROR, &n->pos, "bad-url",
		       "\"%s\" is not a full URL (start it with https://)", show(ld->a, url));
		return NULL;
	}
	if (web_only && strcmp(scheme, "http") && strcmp(scheme, "https")) {
		cv_msg(CV_ERROR, &n->pos, "url-scheme",
		       "link scheme \"%s\" is not allowed here (use http or https)",
		       show(ld->a, scheme));
		return NULL;
	}
	if (strcmp(scheme, "http") && strcmp(scheme, "https") && strcmp(scheme, "mailto") &&
	    strcmp(scheme, "tel")) {
		cv_msg(CV_ERROR, &n->pos, "url-scheme",
		       "link scheme \"%s\" is not allowed (use http, https, mailto or tel)",
		       show(ld->a, scheme));
		return NULL;
	}
	if (!cv_url_allowed(url)) {
		cv_msg(CV_ERROR, &n->pos, "bad-url", "\"%s\" is not a valid URL (%s)",
		       show(ld->a, url),
		       strncmp(scheme, "http", 4) == 0 ? "write https://host/path"
		                                       : "nothing follows the scheme");
		return NULL;
	}
	return url;
}

/* A boolean: true/false/yes/no in any case. */
static bool parse_bool(struct loader *ld, const struct cv_node *n, const char *what, bool *out)
{
	const char *const *yes = cv_schema_bool_words(true), *const *no = cv_schema_bool_words(false);
	size_t i;
	if (!want_scalar(ld, n, what))
		return false;
	for (i = 0; yes[i] && no[i]; i++) {
		if (cv_strcaseeq(n->value, yes[i])) {
			*out = true;
			return true;
		}
		if (cv_strcaseeq(n->value, no[i])) {
			*out = false;
			return true;
		}
	}
	cv_msg(CV_ERROR, &n->pos, "bad-bool", "%s must be true or false, not \"%s\"", what,
	       show(ld->a, n->value));
	return false;
}

/* Owner matching: lower case (ASCII), dots and commas dropped, white space collapsed. */
static const char *normalise_name(struct cv_arena *a, const char *s)
{
	char *r = cv_arena_alloc(a, strlen(s) + 1), *o = r;
	bool space = false;
	for (; *s; s++) {
		char c = *s;
		if (c == '.' || c == ',')
			c = ' ';
		if (c == ' ' || c == '\t' || c == '\n') {
			space = o != r;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	*o = '\0';
	return r;
}

static bool is_owner(const struct loader *ld, const char *norm)
{
	size_t i;
	for (i = 0; i < ld->nowners; i++)
		if (strcmp(ld->owners[i], norm) == 0)
			return true;
	return false;
}

/* Date of one scalar; reports a malformed numeric date with a hint that fixes it. */
static bool parse_date(struct loader *ld, const struct cv_node *n, const char *s, struct cv_date *d)
{
	memset(d, 0, sizeof(*d));
	if (!cv_date_parse(s, d)) {
		cv_msg(CV_ERROR, &n->pos, "bad-date", "malformed date \"%s\" (%s)", show(ld->a, s),
		       cv_date_hint(ld->a, s));
		return false;
	}
	d->pos = n->pos;
	return true;
}

/* Whether a range's end comes before its start (both exact, at the precision both have). */
static bool reversed(const struct cv_date *start, const struct cv_date *end)
{
	return start->kind == CV_DATE_EXACT && end->kind == CV_DATE_EXACT &&
	       cv_date_compare(end, start) < 0;
}

/*
 * A range written as one string s (the scalar n) whose halves are start and
 * end: reports it if it ends before it starts, with the string turned round
 * (the separator kept as written) as the hint.  False when reported.
 */
static bool check_range_order(struct loader *ld, const struct cv_node *n, const char *s,
                              const char *start, const char *end, const struct cv_date *ds,
                              const struct cv_date *de)
{
	const char *p = strstr(s, start), *q = NULL, *r;
	size_t from, to;
	if (!reversed(ds, de))
		return true;
	for (r = s; (r = strstr(r, end)) != NULL; r++)
		q = r; /* the last occurrence: the end half */
	from = p ? (size_t)(p - s) + strlen(start) : 0;
	to = q && (size_t)(q - s) >= from ? (size_t)(q - s) : from;
	cv_msg(CV_ERROR, &n->pos, "end-before-start",
	       "the range \"%s\" ends before it starts (write the earlier date first: \"%s%s%s\")",
	       show(ld->a, s), show(ld->a, end),
	       show(ld->a, cv_arena_strndup(ld->a, s + from, to - from)), show(ld->a, start));
	return false;
}

/*
 * `date:` of a kind without start/end: one date, or a range written as one
 * string when one of its halves is a numeric date ("2023-2024", "2019.9 -
 * present"), kept as the date with its end.  Ranges of free text ("Fall 2019
 * – Spring 2020") stay text, printed as written.
 */
static bool parse_single_date(struct loader *ld, const struct cv_node *n, struct cv_date *d)
{
	char *s = NULL, *e = NULL;
	struct cv_date ds, de, *end;
	if (cv_date_split_range(ld->a, n->value, &s, &e)) {
		bool oks = cv_date_parse(s, &ds), oke = cv_date_parse(e, &de);
		if ((oks && ds.kind == CV_DATE_EXACT) || (oke && de.kind == CV_DATE_EXACT)) {
			/* Both halves, so that both are reported. */
			bool good_s = parse_date(ld, n, s, &ds);
			bool good_e = parse_date(ld, n, e, &de);
			if (!good_s || !good_e)
				return false;
			if (ds.kind == CV_DATE_PRESENT) {
				cv_msg(CV_ERROR, &n->pos, "start-present",
				       "a range cannot start at \"present\" (did you mean \"%s - "
				       "%s\"?)",
				       show(ld->a, e), show(ld->a, s));
				return false;
			}
			if (!check_range_order(ld, n, n->value, s, e, &ds, &de))
				return false;
			*d = ds;
			end = cv_arena_alloc(ld->a, sizeof(*end));
			*end = de;
			d->end = end;
			return true;
		}
	}
	return parse_date(ld, n, n->value, d);
}

/* LIST: a list of scalars, or one scalar as a one-item list. */
static void parse_list(struct loader *ld, const struct cv_node *n, const char *key, size_t max,
                       struct cv_field *f)
{
	struct cv_text *items;
	size_t i, k = 0;
	if (n->type == CV_NODE_MAP) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type", "\"%s\" must be a list of strings, not %s",
		       key, cv_node_type_name(n));
		return;
	}
	if (n->type == CV_NODE_SCALAR) {
		if (!fits(ld, n, quoted(ld, key), max))
			return;
		items = cv_arena_alloc(ld->a, sizeof(*items));
		parse_text(ld, n, &items[0]);
		f->items = items;
		f->nitems = 1;
		return;
	}
	if (n->n > CV_LIMIT_ITEMS) {
		cv_msg(CV_ERROR, &n->values[CV_LIMIT_ITEMS]->pos, "too-many-items",
		       "too many items in \"%s\": %zu (the limit is %d)", key, n->n, CV_LIMIT_ITEMS);
		return;
	}
	items = cv_arena_array(ld->a, n->n ? n->n : 1, sizeof(*items));
	for (i = 0; i < n->n; i++) {
		const struct cv_node *it = n->values[i];
		if (!present(it))
			continue;
		if (!want_scalar(ld, it, cv_arena_printf(ld->a, "an item of \"%s\"", key)) ||
		    !fits(ld, it, cv_arena_printf(ld->a, "an item of \"%s\"", key), max))
			continue;
		parse_text(ld, it, &items[k++]);
	}
	f->items = items;
	f->nitems = k;
}

static void parse_author_name(struct loader *ld, const struct cv_node *n, const char *s,
                              struct cv_author *au)
{
	struct cv_node tmp = *n;
	tmp.value = s;
	tmp.len = strlen(s);
	parse_text(ld, &tmp, &au->name);
	au->is_owner = is_owner(
	    ld, normalise_name(ld->a, cv_text_plain(ld->a, au->name.runs, au->name.nruns)));
}

static bool parse_author(struct loader *ld, const struct cv_node *n, struct cv_author *au)
{
	const struct cv_node *v;
	if (n->type == CV_NODE_SCALAR) {
		char *s;
		if (!fits(ld, n, "an author", CV_LIMIT_LINE_BYTES))
			return false;
		s = cv_arena_strdup(ld->a, n->value);
		size_t len = strlen(s);
		for (;;) {
			while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
				len--;
			if (len > 0 && s[len - 1] == '*') {
				au->equal = true;
				len--;
			} else if (len >= 3 && memcmp(s + len - 3, "\xE2\x80\xA0", 3) == 0) {
				au->corresponding = true;
				len -= 3;
			} else {
				break;
			}
		}
		s[len] = '\0';
		if (cv_is_blank(s)) {
			cv_msg(CV_ERROR, &n->pos, "missing-key", "author without a name");
			return false;
		}
		parse_author_name(ld, n, s, au);
		return true;
	}
	if (n->type != CV_NODE_MAP) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type",
		       "an author must be a name or a mapping with \"name\", not %s",
		       cv_node_type_name(n));
		return false;
	}
	check_keys(ld, n, "in author", "entry.authors[]");
	v = cv_node_get(n, "name");
	if (!present(v)) {
		cv_msg(CV_ERROR, &n->pos, "missing-key", "author lacks required key \"name\"");
		return false;
	}
	if ((v = cv_node_get(n, "equal")) && present(v))
		parse_bool(ld, v, "\"equal\"", &au->equal);
	if ((v = cv_node_get(n, "corresponding")) && present(v))
		parse_bool(ld, v, "\"corresponding\"", &au->corresponding);
	v = cv_node_get(n, "name");
	if (!want_scalar(ld, v, "\"name\"") || !fits(ld, v, "an author", CV_LIMIT_LINE_BYTES))
		return false;
	parse_author_name(ld, v, v->value, au);
	return true;
}

static void parse_authors(struct loader *ld, const struct cv_node *n, struct cv_field *f)
{
	struct cv_author *au;
	size_t i, k = 0;
	if (n->type != CV_NODE_SEQ) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type",
		       "\"authors\" must be a list (one name per item), not %s",
		       cv_node_type_name(n));
		return;
	}
	if (n->n > CV_LIMIT_AUTHORS) {
		cv_msg(CV_ERROR, &n->values[CV_LIMIT_AUTHORS]->pos, "too-many-authors",
		       "too many authors: %zu (the limit is %d)", n->n, CV_LIMIT_AUTHORS);
		return;
	}
	au = cv_arena_array(ld->a, n->n ? n->n : 1, sizeof(*au));
	for (i = 0; i < n->n; i++)
		if (parse_author(ld, n->values[i], &au[k]))
			k++;
	f->authors = au;
	f->nauthors = k;
}

/* LINKS: a mapping label -> URL, or a list of {label, url}. */
static void parse_links(struct loader *ld, const struct cv_node *n, struct cv_field *f)
{
	struct cv_link *links;
	size_t i, k = 0;
	if (n->type == CV_NODE_SCALAR) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type",
		       "\"links\" must be a mapping (label: URL) or a list of {label, url}, not %s",
		       cv_node_type_name(n));
		return;
	}
	if (n->n > CV_LIMIT_ITEMS) {
		cv_msg(CV_ERROR, item_pos(n, CV_LIMIT_ITEMS), "too-many-items",
		       "too many items in \"links\": %zu (the limit is %d)", n->n, CV_LIMIT_ITEMS);
		return;
	}
	links = cv_arena_array(ld->a, n->n ? n->n : 1, sizeof(*links));
	for (i = 0; i < n->n; i++) {
		const struct cv_node *label, *url;
		if (n->type == CV_NODE_MAP) {
			label = n->keys[i];
			url = n->values[i];
		} else {
			const struct cv_node *it = n->values[i];
			if (it->type != CV_NODE_MAP) {
				cv_msg(
				    CV_ERROR, &it->pos, "wrong-type",
				    "a link must be a mapping with \"label\" and \"url\", not %s",
				    cv_node_type_name(it));
				continue;
			}
			check_keys(ld, it, "in link", "entry.links[]");
			label = cv_node_get(it, "label");
			url = cv_node_get(it, "url");
			if (!present(label) || !present(url)) {
				cv_msg(CV_ERROR, &it->pos, "missing-key",
				       "link lacks required key \"%s\"",
				       present(label) ? "url" : "label");
				continue;
			}
			if (!want_scalar(ld, label, "\"label\""))
				continue;
		}
		if (!present(url)) {
			cv_msg(CV_ERROR, &label->pos, "missing-key", "link \"%s\" has no URL",
			       show(ld->a, label->value));
			continue;
		}
		if (!want_scalar(ld, url, "a link's URL") ||
		    !fits(ld, label, "a link's label", CV_LIMIT_LINE_BYTES) ||
		    !fits(ld, url, "a link's URL", CV_LIMIT_URL_BYTES) ||
		    !check_url(ld, url, false))
			continue;
		links[k].label = label->value;
		links[k].url = url->value;
		links[k].pos = label->pos;
		k++;
	}
	f->links = links;
	f->nlinks = k;
}

/*
 * A level: "N" (of 5) or "N/M" (M from 1 to 10, N from 0 to M), integers;
 * the normalised "N/M", or NULL after an error.
 */
static const char *check_level(struct loader *ld, const struct cv_node *n)
{
	const char *s = n->value;
	unsigned long have = 0, of = CV_LEVEL_MARKS;
	char *end;
	bool good = *s >= '0' && *s <= '9';
	if (good) {
		have = strtoul(s, &end, 10);
		if (*end == '/' && end[1] >= '0' && end[1] <= '9')
			of = strtoul(end + 1, &end, 10);
		good = *end == '\0' && of >= 1 && of <= CV_LEVEL_MAX_MARKS && have <= of;
	}
	if (!good) {
		cv_msg(
		    CV_ERROR, &n->pos, "bad-level",
		    "level \"%s\" is not a number of marks (write 1 to 5, or N/M with M up to 10: "
		    "\"4\", \"3/5\", \"7/10\")",
		    show(ld->a, n->value));
		return NULL;
	}
	return cv_arena_printf(ld->a, "%lu/%lu", have, of);
}

/* DOI: "10.NNNN/suffix"; a resolver prefix is stripped. */
static const char *check_doi(struct loader *ld, const struct cv_node *n)
{
	static const char *const prefixes[] = {"https://doi.org/", "http://doi.org/",
	                                       "https://dx.doi.org/", "http://dx.doi.org/", "doi:"};
	const char *s = n->value, *p;
	size_t i, digits = 0;
	for (i = 0; i < CV_COUNT(prefixes); i++) {
		size_t k = strlen(prefixes[i]);
		if (strlen(s) > k && strncmp(s, prefixes[i], k) == 0) {
			s += k;
			break;
		}
	}
	p = s;
	if (strncmp(p, "10.", 3) == 0)
		for (p += 3; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (digits < 4 || *p != '/' || !p[1] || strpbrk(p, " \t\n")) {
		cv_msg(CV_ERROR, &n->pos, "bad-doi",
		       "\"%s\" does not look like a DOI (write it as 10.NNNN/suffix)",
		       show(ld->a, n->value));
		return NULL;
	}
	return s;
}

bool cv_tag_name_ok(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= CV_LIMIT_TAG_BYTES && s[0] != '-' &&
	       !s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")];
}

void cv_profile_unknown_tag(struct cv_arena *a, const struct cv_pos *pos, const char *name,
                            const struct cv_tag *known, size_t nknown)
{
	const char *best = NULL;
	struct cv_buf b = {0};
	int best_d = 3;
	size_t i;
	for (i = 0; i < nknown; i++) {
		int d = cv_edit_distance(name, known[i].name);
		if (d < best_d) {
			best_d = d;
			best = known[i].name;
		}
		cv_buf_printf(&b, "%s%s", i ? ", " : "", known[i].name);
	}
	if (nknown == 0)
		cv_msg(CV_ERROR, pos, "unknown-tag",
		       "unknown tag \"%s\" (no section or entry of the profile has tags:)",
		       cv_msg_show(a, name, strlen(name)));
	else
		cv_msg(CV_ERROR, pos, "unknown-tag", "unknown tag \"%s\" (%s%s%sthe profile's tags: %s)",
		       cv_msg_show(a, name, strlen(name)), best ? "did you mean \"" : "",
		       best ? best : "", best ? "\"?; " : "", b.data);
	cv_buf_free(&b);
}

/*
 * `tags:` (or a variant's only:/except:): a tag or a list of tags, each a
 * valid name; duplicates dropped.  declare: add them to the profile's tags;
 * else each must be one of those already declared.
 */
static void parse_tags(struct loader *ld, const struct cv_node *n, const char *key, bool declare,
                       const struct cv_tag **out, size_t *count)
{
	const struct cv_node *const *items = &n;
	struct cv_tag *tags;
	size_t nitems = 1, i, j, k = 0;
	*out = NULL;
	*count = 0;
	if (n->type == CV_NODE_MAP) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type", "\"%s\" must be a tag or a list of tags, not %s",
		       key, cv_node_type_name(n));
		return;
	}
	if (n->type == CV_NODE_SEQ) {
		items = (const struct cv_node *const *)n->values;
		nitems = n->n;
	}
	if (nitems > CV_LIMIT_TAGS) {
		cv_msg(CV_ERROR, &items[CV_LIMIT_TAGS]->pos, "too-many-items",
		       "too many items in \"%s\": %zu (the limit is %d)", key, nitems, CV_LIMIT_TAGS);
		return;
	}
	tags = cv_arena_array(ld->a, nitems ? nitems : 1, sizeof(*tags));
	for (i = 0; i < nitems; i++) {
		const struct cv_node *it = items[i];
		bool dup = false;
		if (!present(it) ||
		    !want_scalar(ld, it, cv_arena_printf(ld->a, "a tag of \"%s\"", key)))
			continue;
		if (!cv_tag_name_ok(it->value)) {
			cv_msg(CV_ERROR, &it->pos, "bad-tag",
			       "\"%s\" is not a tag (1 to %d letters, digits, - and _, not starting "
			       "with -)",
			       show(ld->a, it->value), CV_LIMIT_TAG_BYTES);
			continue;
		}
		for (j = 0; j < k && !dup; j++)
			dup = !strcmp(tags[j].name, it->value);
		if (dup)
			continue;
		for (j = 0; j < ld->ntags && strcmp(ld->tags[j].name, it->value); j++)
			;
		if (!declare && j == ld->ntags) {
			cv_profile_unknown_tag(ld->a, &it->pos, it->value, ld->tags, ld->ntags);
			continue;
		}
		tags[k].name = it->value;
		tags[k].pos = it->pos;
		if (declare && j == ld->ntags) {
			ld->tags = x_grow(ld->tags, &ld->tags_cap, ld->ntags + 1, sizeof(*ld->tags));
			ld->tags[ld->ntags++] = tags[k];
		}
		k++;
	}
	*out = tags;
	*count = k;
}

/* One field value by schema type; false when nothing usable was stored. */
static bool parse_field(struct loader *ld, const struct cv_field_spec *spec,
                        const struct cv_node *n, struct cv_field *f)
{
	f->key = spec->name;
	f->type = spec->type;
	f->pos = n->pos;
	switch (spec->type) {
	case CV_VALUE_TEXT: {
		struct cv_node tmp;
		if (!want_scalar(ld, n, quoted(ld, spec->name)) ||
		    !fits(ld, n, quoted(ld, spec->name), spec->max_bytes))
			return false;
		tmp = *n;
		if (strcmp(spec->name, "doi") == 0) {
			if (!(tmp.value = check_doi(ld, n)))
				return false;
			tmp.len = strlen(tmp.value);
		}
		if (strcmp(spec->name, "level") == 0) {
			if (!(tmp.value = check_level(ld, n)))
				return false;
			tmp.len = strlen(tmp.value);
		}
		parse_text(ld, &tmp, &f->text);
		return true;
	}
	case CV_VALUE_LIST:
		parse_list(ld, n, spec->name, spec->max_bytes, f);
		return f->nitems > 0;
	case CV_VALUE_DATE:
		if (!want_scalar(ld, n, quoted(ld, spec->name)) ||
		    !fits(ld, n, quoted(ld, spec->name), spec->max_bytes))
			return false;
		if (strcmp(spec->name, "date") == 0)
			return parse_single_date(ld, n, &f->date);
		return parse_date(ld, n, n->value, &f->date);
	case CV_VALUE_AUTHORS:
		parse_authors(ld, n, f);
		return f->nauthors > 0;
	case CV_VALUE_LINKS:
		parse_links(ld, n, f);
		return f->nlinks > 0;
	case CV_VALUE_URL:
		if (!want_scalar(ld, n, quoted(ld, spec->name)) ||
		    !fits(ld, n, quoted(ld, spec->name), spec->max_bytes) ||
		    !check_url(ld, n, false))
			return false;
		f->url = n->value;
		f->text = cv_text_literal(ld->a, n->value, 0, n->value);
		f->text.source = n->value;
		f->text.pos = n->pos;
		return true;
	case CV_VALUE_MAP: /* not an entry field type */
		return false;
	}
	return false;
}

static int field_index(const struct cv_kind_spec *k, const char *name)
{
	size_t i;
	for (i = 0; i < k->nfields; i++)
		if (strcmp(k->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* A `date:` written as a range becomes start and end (kinds that have them). */
static bool split_date_range(struct loader *ld, const struct cv_kind_spec *k,
                             const struct cv_node *n, struct cv_field *fields, bool *have)
{
	int is = field_index(k, "start"), ie = field_index(k, "end"), id = field_index(k, "date");
	char *s = NULL, *e = NULL;
	if (is < 0 || ie < 0 || id < 0 || n->type != CV_NODE_SCALAR)
		return false;
	if (!cv_date_split_range(ld->a, n->value, &s, &e))
		return false;
	have[id] = false;
	fields[is].key = "start";
	fields[is].type = CV_VALUE_DATE;
	fields[is].pos = n->pos;
	have[is] = parse_date(ld, n, s, &fields[is].date);
	fields[ie].key = "end";
	fields[ie].type = CV_VALUE_DATE;
	fields[ie].pos = n->pos;
	have[ie] = parse_date(ld, n, e, &fields[ie].date);
	if (have[is] && have[ie] &&
	    !check_range_order(ld, n, n->value, s, e, &fields[is].date, &fields[ie].date))
		have[ie] = false; /* reported: check_dates need not */
	return true;
}

/* Cross-field date rules of one entry. */
static void check_dates(struct loader *ld, const struct cv_kind_spec *k,
                        const struct cv_node *entry, struct cv_field *fields, bool *have)
{
	int is = field_index(k, "start"), ie = field_index(k, "end");
	const struct cv_node *date = cv_node_get(entry, "date");
	if (is < 0 || ie < 0)
		return;
	if (present(date) &&
	    (present(cv_node_get(entry, "start")) || present(cv_node_get(entry, "end")))) {
		cv_msg(CV_ERROR, &date->pos, "date-and-range",
		       "an entry has either \"date\" or \"start\"/\"end\", not both");
		return;
	}
	if (have[is] && fields[is].date.kind == CV_DATE_PRESENT) {
		cv_msg(CV_ERROR, &fields[is].pos, "start-present",
		       "a start date cannot be \"present\" (did you mean end: present?)");
		have[is] = false;
	}
	if (have[is] && have[ie] && reversed(&fields[is].date, &fields[ie].date)) {
		const struct cv_node *s = cv_node_get(entry, "start"),
		                     *e = cv_node_get(entry, "end");
		cv_msg(CV_ERROR, &fields[ie].pos, "end-before-start",
		       "the end date \"%s\" comes before the start date \"%s\" (line %u); swap "
		       "them: start: %s, end: %s",
		       e ? show(ld->a, e->value) : "", s ? show(ld->a, s->value) : "",
		       fields[is].pos.line, e ? show(ld->a, e->value) : "",
		       s ? show(ld->a, s->value) : "");
	}
}

/* Length of the bullet mark that starts line s ("- ", "* ", "• "), or 0. */
static size_t bullet_mark(const char *s, size_t len)
{
	if (len >= 2 && (s[0] == '-' || s[0] == '*') && (s[1] == ' ' || s[1] == '\t'))
		return 2;
	if (len >= 4 && !memcmp(s, "\xe2\x80\xa2", 3) && (s[3] == ' ' || s[3] == '\t'))
		return 4;
	return 0;
}

/*
 * A summary written as a list, as JSON Resume files often have it
 * ("- Built X\n- Shipped Y"): at least two lines starting with "- ", "* " or
 * "• ", after an optional lead paragraph, become bullet points placed
 * before the entry's highlights; the lead stays the summary.  A line that
 * follows a bullet without a blank line continues it.  Text after the list
 * (a blank line, then a line that is not a bullet) leaves the summary as
 * written.  Kinds without highlights keep their summaries as they are.
 */
static void summary_bullets(struct loader *ld, const struct cv_kind_spec *k,
                            const struct cv_node *entry, struct cv_field *fields, bool *have)
{
	int is = field_index(k, "summary"), ih = field_index(k, "highlights");
	const struct cv_node *v = cv_node_get(entry, "summary");
	struct cv_buf lead = {0}, *items = NULL;
	size_t nitems = 0, cap = 0, at = 0, lead_len = 0, i;
	bool blank = false, give_up = false;
	if (is < 0 || ih < 0 || !have[is] || !v || v->type != CV_NODE_SCALAR)
		return;
	while (at < v->len && !give_up) {
		const char *line = v->value + at, *nl = memchr(line, '\n', v->len - at);
		size_t len = nl ? (size_t)(nl - line) : v->len - at, mark;
		at += len + (nl != NULL);
		while (len > 0 && (*line == ' ' || *line == '\t'))
			line++, len--;
		while (len > 0 &&
		       (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
			len--;
		if (len == 0) {
			blank = nitems > 0;
			if (!nitems)
				cv_buf_putc(&lead, '\n');
			continue;
		}
		mark = bullet_mark(line, len);
		if (mark) {
			if (nitems == cap) {
				cap = cap ? 2 * cap : 8;
				items = x_realloc(items, cap * sizeof(*items));
			}
			memset(&items[nitems], 0, sizeof(*items));
			cv_buf_put(&items[nitems++], line + mark, len - mark);
			blank = false;
		} else if (nitems && !blank) {
			cv_buf_putc(&items[nitems - 1], ' ');
			cv_buf_put(&items[nitems - 1], line, len);
		} else if (nitems) {
			give_up = true; /* a paragraph after the list */
		} else {
			cv_buf_put(&lead, line, len);
			cv_buf_putc(&lead, '\n');
			lead_len = lead.len;
		}
	}
	if (!give_up && nitems >= 2 && nitems + fields[ih].nitems * have[ih] <= CV_LIMIT_ITEMS) {
		struct cv_text *texts = cv_arena_array(ld->a, nitems + (have[ih] ? fields[ih].nitems : 0),
		                                       sizeof(*texts));
		for (i = 0; i < nitems; i++) {
			struct cv_node item = *v;
			item.value = cv_arena_strndup(ld->a, items[i].data, items[i].len);
			item.len = items[i].len;
			parse_text(ld, &item, &texts[i]);
		}
		if (have[ih])
			memcpy(texts + nitems, fields[ih].items,
			       fields[ih].nitems * sizeof(*texts));
		fields[ih].key = "highlights";
		fields[ih].type = CV_VALUE_LIST;
		fields[ih].items = texts;
		fields[ih].nitems = nitems + (have[ih] ? fields[ih].nitems : 0);
		if (!have[ih])
			fields[ih].pos = v->pos;
		have[ih] = true;
		if (lead_len) {
			struct cv_node rest = *v;
			rest.value = cv_arena_strndup(ld->a, lead.data, lead_len - 1);
			rest.len = lead_len - 1;
			memset(&fields[is].text, 0, sizeof(fields[is].text));
			parse_text(ld, &rest, &fields[is].text);
		} else {
			have[is] = false;
		}
	}
	for (i = 0; i < nitems; i++)
		cv_buf_free(&items[i]);
	x_free(items);
	cv_buf_free(&lead);
}

static bool parse_entry(struct loader *ld, const struct cv_kind_spec *k, const struct cv_node *n,
                        struct cv_entry *e)
{
	struct cv_field *fields;
	bool *have;
	size_t i, m = 0;
	e->kind = k->kind;
	e->pos = n->pos;
	e->tags = NULL; /* the slot may hold a skipped entry's */
	e->ntags = 0;
	if (k->plain_entries && n->type == CV_NODE_MAP &&
	    (cv_node_key(n, "text") || cv_node_key(n, "tags"))) {
		/* {text: ..., tags: [...]}: a plain entry with tags */
		const struct cv_node *text = cv_node_get(n, "text"), *tags = cv_node_get(n, "tags");
		for (i = 0; i < n->n; i++)
			if (strcmp(n->keys[i]->value, "text") && strcmp(n->keys[i]->value, "tags"))
				cv_msg(CV_ERROR, &n->keys[i]->pos, "unknown-field",
				       "unknown field \"%s\" in %s %s entry (it has text: and tags:)",
				       show(ld->a, n->keys[i]->value), article(k->name), k->name);
		if (present(tags))
			parse_tags(ld, tags, "tags", true, &e->tags, &e->ntags);
		if (!present(text)) {
			cv_msg(CV_ERROR, &n->pos, "missing-field",
			       "%s %s entry lacks required field \"text\"", article(k->name),
			       k->name);
			return false;
		}
		n = text;
	}
	if (k->plain_entries) {
		struct cv_field *f;
		if (n->type != CV_NODE_SCALAR) {
			cv_msg(CV_ERROR, &n->pos, "entry-type",
			       "entries of %s %s section are strings, not %s", article(k->name),
			       k->name, cv_node_type_name(n));
			return false;
		}
		if (!present(n) || !fits(ld, n, "an entry", k->fields[0].max_bytes))
			return false;
		f = cv_arena_alloc(ld->a, sizeof(*f));
		f->key = "text";
		f->type = CV_VALUE_TEXT;
		f->pos = n->pos;
		parse_text(ld, n, &f->text);
		e->fields = f;
		e->nfields = 1;
		return true;
	}
	if (n->type != CV_NODE_MAP) {
		cv_msg(CV_ERROR, &n->pos, "entry-type",
		       "entries of %s %s section are mappings of fields (such as %s: ...), not %s",
		       article(k->name), k->name, k->fields[0].name, cv_node_type_name(n));
		return false;
	}
	fields = cv_arena_array(ld->a, k->nfields, sizeof(*fields));
	have = x_calloc(k->nfields, sizeof(*have));
	for (i = 0; i < n->n; i++) {
		const struct cv_node *key = n->keys[i], *v = n->values[i];
		int fi = field_index(k, key->value);
		if (fi < 0 && !strcmp(key->value, "tags")) {
			if (present(v))
				parse_tags(ld, v, "tags", true, &e->tags, &e->ntags);
			continue;
		}
		if (fi < 0) {
			const char *s = cv_schema_suggest_field(k->kind, key->value);
			if (!s && cv_edit_distance(key->value, "tags") < 3)
				s = "tags";
			cv_msg(CV_ERROR, &key->pos, "unknown-field",
			       "unknown field \"%s\" in %s %s entry%s", show(ld->a, key->value),
			       article(k->name), k->name,
			       s ? cv_arena_printf(ld->a, " (did you mean \"%s\"?)", s) : "");
			continue;
		}
		if (!present(v))
			continue;
		if (strcmp(key->value, "date") == 0 && split_date_range(ld, k, v, fields, have))
			continue;
		have[fi] = parse_field(ld, &k->fields[fi], v, &fields[fi]);
	}
	check_dates(ld, k, n, fields, have);
	summary_bullets(ld, k, n, fields, have);
	for (i = 0; i < k->nfields; i++)
		if (k->fields[i].required && !present(cv_node_get(n, k->fields[i].name)))
			cv_msg(CV_ERROR, &n->pos, "missing-field",
			       "%s %s entry lacks required field \"%s\"", article(k->name), k->name,
			       k->fields[i].name);
	for (i = 0; i < k->nfields; i++)
		if (have[i])
			fields[m++] = fields[i];
	x_free(have);
	e->fields = fields;
	e->nfields = m;
	return true;
}

/* Names of all kinds, for messages: "education, experience, ...". */
static const char *kind_names(struct cv_arena *a)
{
	struct cv_buf b = {0};
	const char *r;
	int i;
	for (i = 0; i < CV_KIND__COUNT; i++)
		cv_buf_printf(&b, "%s%s", i ? ", " : "", cv_schema_kind((enum cv_kind)i)->name);
	r = cv_arena_strdup(a, b.data);
	cv_buf_free(&b);
	return r;
}

/* One section from its title node, optional kind node and entries node. */
static bool parse_section(struct loader *ld, const struct cv_node *title,
                          const struct cv_node *kind, const struct cv_node *entries,
                          const struct cv_node *tags, struct cv_section *s)
{
	const struct cv_kind_spec *k;
	struct cv_entry *es;
	const char *plain;
	size_t i, m = 0;
	bool ok = true;
	s->pos = title->pos;
	s->tags = NULL; /* the slot may hold a dropped section's */
	s->ntags = 0;
	if (present(tags))
		parse_tags(ld, tags, "tags", true, &s->tags, &s->ntags);
	parse_text(ld, title, &s->title);
	plain = cv_text_plain(ld->a, s->title.runs, s->title.nruns);
	if (present(kind)) {
		if (!want_scalar(ld, kind, "\"kind\""))
			return false;
		if (!cv_schema_kind_by_name(kind->value, &s->kind)) {
			const char *names[CV_KIND__COUNT], *hint;
			for (i = 0; i < CV_KIND__COUNT; i++)
				names[i] = cv_schema_kind((enum cv_kind)i)->name;
			hint = suggest(ld->a, kind->value, names, CV_KIND__COUNT);
			if (!*hint)
				hint =
				    cv_arena_printf(ld->a, " (use one of %s)", kind_names(ld->a));
			cv_msg(CV_ERROR, &kind->pos, "unknown-kind", "unknown kind \"%s\"%s",
			       show(ld->a, kind->value), hint);
			return false;
		}
	} else if (!cv_schema_kind_by_title(plain, &s->kind) &&
	           !cv_locale_kind_by_title(ld->locale, plain, &s->kind)) {
		bool all_strings = entries && entries->type == CV_NODE_SEQ && entries->n > 0;
		for (i = 0; all_strings && i < entries->n; i++)
			all_strings = entries->values[i]->type == CV_NODE_SCALAR;
		if (!all_strings) {
			cv_msg(CV_ERROR, &title->pos, "unknown-section-kind",
			       "cannot tell the kind of section \"%s\"; add kind: (one of %s)",
			       show(ld->a, plain), kind_names(ld->a));
			return false;
		}
		s->kind = CV_KIND_BULLET;
	}
	k = cv_schema_kind(s->kind);
	if (!present(entries)) {
		cv_msg(CV_WARN, &title->pos, "empty-section",
		       "section \"%s\" has no entries; it is left out", show(ld->a, plain));
		return false;
	}
	if (entries->type != CV_NODE_SEQ) {
		cv_msg(CV_ERROR, &entries->pos, "wrong-type",
		       "the entries of section \"%s\" must be a list, not %s", show(ld->a, plain),
		       cv_node_type_name(entries));
		return false;
	}
	if (entries->n == 0) {
		cv_msg(CV_WARN, &title->pos, "empty-section",
		       "section \"%s\" has no entries; it is left out", show(ld->a, plain));
		return false;
	}
	if (entries->n > CV_LIMIT_ENTRIES) {
		cv_msg(CV_ERROR, &entries->values[CV_LIMIT_ENTRIES]->pos, "too-many-entries",
		       "too many entries in section \"%s\": %zu (the limit is %d)",
		       show(ld->a, plain), entries->n, CV_LIMIT_ENTRIES);
		return false;
	}
	es = cv_arena_array(ld->a, entries->n, sizeof(*es));
	for (i = 0; i < entries->n; i++) {
		if (parse_entry(ld, k, entries->values[i], &es[m]))
			m++;
		else if (!(k->plain_entries && !present(entries->values[i])))
			ok = false;
	}
	s->entries = es;
	s->nentries = m;
	if (ok && m == 0) /* ["", ~]: as good as none */
		cv_msg(CV_WARN, &title->pos, "empty-section",
		       "section \"%s\" has only empty entries; it is left out", show(ld->a, plain));
	return ok && m > 0;
}

static void parse_sections(struct loader *ld, const struct cv_node *root, struct cv_profile *p)
{
	const struct cv_node *n = cv_node_get(root, "sections");
	struct cv_section *ss;
	size_t i, m = 0;
	if (!present(n)) {
		cv_msg(CV_ERROR, n ? &n->pos : &root->pos, "missing-key",
		       "missing required key \"sections\" (the list of CV sections)");
		return;
	}
	if (n->type == CV_NODE_SCALAR) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type",
		       "\"sections\" must be a list of sections or a mapping of title: entries, "
		       "not %s",
		       cv_node_type_name(n));
		return;
	}
	if (n->n == 0) {
		cv_msg(CV_ERROR, &n->pos, "missing-key",
		       "\"sections\" is empty; add at least one section");
		return;
	}
	if (n->n > CV_LIMIT_SECTIONS) {
		cv_msg(CV_ERROR, item_pos(n, CV_LIMIT_SECTIONS), "too-many-sections",
		       "too many sections: %zu (the limit is %d)", n->n, CV_LIMIT_SECTIONS);
		return;
	}
	ss = cv_arena_array(ld->a, n->n, sizeof(*ss));
	for (i = 0; i < n->n; i++) {
		const struct cv_node *title, *kind = NULL, *entries, *tags = NULL;
		if (n->type == CV_NODE_MAP) {
			title = n->keys[i];
			entries = n->values[i];
			if (!fits(ld, title, "a section title", CV_LIMIT_LINE_BYTES))
				continue;
		} else {
			const struct cv_node *sec = n->values[i];
			if (sec->type != CV_NODE_MAP) {
				cv_msg(
				    CV_ERROR, &sec->pos, "wrong-type",
				    "a section must be a mapping with \"title\" and \"entries\", "
				    "not %s",
				    cv_node_type_name(sec));
				continue;
			}
			check_keys(ld, sec, "in section", "sections[]");
			title = cv_node_get(sec, "title");
			kind = cv_node_get(sec, "kind");
			entries = cv_node_get(sec, "entries");
			tags = cv_node_get(sec, "tags");
			if (!present(title)) {
				cv_msg(CV_ERROR, &sec->pos, "missing-key",
				       "section lacks required key \"title\"");
				continue;
			}
			if (!want_scalar(ld, title, "\"title\"") ||
			    !fits(ld, title, "a section title", CV_LIMIT_LINE_BYTES))
				continue;
			if (!entries) {
				cv_msg(CV_ERROR, &sec->pos, "missing-key",
				       "section lacks required key \"entries\"");
				continue;
			}
		}
		if (parse_section(ld, title, kind, entries, tags, &ss[m]))
			m++;
	}
	p->sections = ss;
	p->nsections = m;
}

/* True if s can name a file in a directory: no '/', control character or leading '.'. */
static bool plain_file_name(const char *s)
{
	if (!*s || *s == '.' || *s == '-')
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == '\\' || (unsigned char)*s < ' ' || *s == 0x7f)
			return false;
	return true;
}

/* One variant: name -> {only, except, output, layout, set} (null: keeps everything). */
static void parse_variant(struct loader *ld, const struct cv_node *key, const struct cv_node *v,
                          struct cv_variant *out)
{
	const struct cv_node *n;
	out->name = key->value;
	out->pos = key->pos;
	if (!present(v))
		return;
	if (v->type != CV_NODE_MAP) {
		cv_msg(CV_ERROR, &v->pos, "wrong-type",
		       "variant \"%s\" must be a mapping (only:, except:, output:, layout:, set:), "
		       "not %s",
		       show(ld->a, key->value), cv_node_type_name(v));
		return;
	}
	check_keys(ld, v, "in variant", "variants.*");
	if (present(n = cv_node_get(v, "only")))
		parse_tags(ld, n, "only", false, &out->only, &out->nonly);
	if (present(n = cv_node_get(v, "except")))
		parse_tags(ld, n, "except", false, &out->except, &out->nexcept);
	if (present(n = cv_node_get(v, "output")) && want_scalar(ld, n, "\"output\"") &&
	    fits(ld, n, "\"output\"", CV_LIMIT_LINE_BYTES)) {
		if (!plain_file_name(n->value))
			cv_msg(CV_ERROR, &n->pos, "bad-output-name",
			       "output \"%s\" must be a file name without a directory (no /, not "
			       "starting with . or -); it is written in out/ or in -o DIR",
			       show(ld->a, n->value));
		out->output = n->value;
		out->output_pos = n->pos;
	}
	if (present(n = cv_node_get(v, "layout"))) {
		if (n->type != CV_NODE_MAP)
			cv_msg(CV_ERROR, &n->pos, "wrong-type",
			       "a variant's \"layout\" must be a mapping of layout settings, not %s",
			       cv_node_type_name(n));
		out->layout = n;
	}
	if (present(n = cv_node_get(v, "set"))) {
		if (n->type != CV_NODE_MAP)
			cv_msg(CV_ERROR, &n->pos, "wrong-type",
			       "\"set\" must be a mapping of PATH: VALUE (as with --set), not %s",
			       cv_node_type_name(n));
		out->set = n;
	}
}

/* `variants:`: checked after the sections, whose tags the variants name. */
static void parse_variants(struct loader *ld, const struct cv_node *n, struct cv_profile *p)
{
	struct cv_variant *vs;
	size_t i;
	if (n->type != CV_NODE_MAP) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type",
		       "\"variants\" must be a mapping of variant name: {only, except, output}, not %s",
		       cv_node_type_name(n));
		return;
	}
	if (n->n > CV_LIMIT_VARIANTS) {
		cv_msg(CV_ERROR, &n->keys[CV_LIMIT_VARIANTS]->pos, "too-many-items",
		       "too many items in \"variants\": %zu (the limit is %d)", n->n, CV_LIMIT_VARIANTS);
		return;
	}
	vs = cv_arena_array(ld->a, n->n ? n->n : 1, sizeof(*vs));
	for (i = 0; i < n->n; i++) {
		if (!cv_tag_name_ok(n->keys[i]->value))
			cv_msg(CV_ERROR, &n->keys[i]->pos, "bad-variant-name",
			       "\"%s\" is not a variant name (1 to %d letters, digits, - and _, not "
			       "starting with -)",
			       show(ld->a, n->keys[i]->value), CV_LIMIT_TAG_BYTES);
		parse_variant(ld, n->keys[i], n->values[i], &vs[i]);
	}
	p->variants = vs;
	p->nvariants = n->n;
}

/* A string or a list of strings (owner, keywords); arena array of the values. */
static const char *const *string_list(struct loader *ld, const struct cv_node *n, const char *key,
                                      size_t *count)
{
	const char **out;
	size_t i, k = 0;
	*count = 0;
	if (n->type == CV_NODE_SCALAR) {
		if (!fits(ld, n, quoted(ld, key), CV_LIMIT_LINE_BYTES))
			return NULL;
		out = cv_arena_alloc(ld->a, sizeof(*out));
		out[0] = n->value;
		*count = 1;
		return out;
	}
	if (n->type != CV_NODE_SEQ) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type", "\"%s\" must be a string or a list, not %s",
		       key, cv_node_type_name(n));
		return NULL;
	}
	if (n->n > CV_LIMIT_ITEMS) {
		cv_msg(CV_ERROR, &n->values[CV_LIMIT_ITEMS]->pos, "too-many-items",
		       "too many items in \"%s\": %zu (the limit is %d)", key, n->n, CV_LIMIT_ITEMS);
		return NULL;
	}
	out = cv_arena_array(ld->a, n->n ? n->n : 1, sizeof(*out));
	for (i = 0; i < n->n; i++)
		if (present(n->values[i]) &&
		    want_scalar(ld, n->values[i],
		                cv_arena_printf(ld->a, "an item of \"%s\"", key)) &&
		    fits(ld, n->values[i], cv_arena_printf(ld->a, "an item of \"%s\"", key),
		         CV_LIMIT_LINE_BYTES))
			out[k++] = n->values[i]->value;
	*count = k;
	return out;
}

/* True if s holds white space or a control character (C0, DEL). */
static bool has_space_or_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return true;
	return false;
}

/* Every scalar value of the mapping m within its limit (url: a URL, else one line). */
static bool fits_all(struct loader *ld, const struct cv_node *m)
{
	size_t i;
	bool ok = true;
	for (i = 0; i < m->n; i++) {
		bool url = !strcmp(m->keys[i]->value, "url");
		ok = fits(ld, m->values[i], quoted(ld, m->keys[i]->value),
		          url ? CV_LIMIT_URL_BYTES : CV_LIMIT_LINE_BYTES) &&
		     ok;
	}
	return ok;
}

/* Header links: {network, username} or {label, url}. */
static void parse_socials(struct loader *ld, const struct cv_node *n, struct cv_person *pe)
{
	struct cv_social *so;
	size_t i, k = 0, nnet;
	const struct cv_network_spec *nets = cv_schema_networks(&nnet);
	if (n->type != CV_NODE_SEQ) {
		cv_msg(CV_ERROR, &n->pos, "wrong-type",
		       "\"links\" must be a list of {network, username} or {label, url}, not %s",
		       cv_node_type_name(n));
		return;
	}
	if (n->n > CV_LIMIT_ITEMS) {
		cv_msg(CV_ERROR, &n->values[CV_LIMIT_ITEMS]->pos, "too-many-items",
		       "too many items in \"links\": %zu (the limit is %d)", n->n, CV_LIMIT_ITEMS);
		return;
	}
	so = cv_arena_array(ld->a, n->n ? n->n : 1, sizeof(*so));
	for (i = 0; i < n->n; i++) {
		const struct cv_node *it = n->values[i], *net, *user, *label, *url;
		struct cv_social *s = &so[k];
		if (it->type != CV_NODE_MAP) {
			cv_msg(
			    CV_ERROR, &it->pos, "wrong-type",
			    "a link must be a mapping ({network, username} or {label, url}), not "
			    "%s",
			    cv_node_type_name(it));
			continue;
		}
		check_keys(ld, it, "in link", "links[]");
		if (!fits_all(ld, it))
			continue;
		net = cv_node_get(it, "network");
		user = cv_node_get(it, "username");
		label = cv_node_get(it, "label");
		url = cv_node_get(it, "url");
		s->pos = it->pos;
		if (present(net)) {
			const struct cv_network_spec *spec;
			if (!want_scalar(ld, net, "\"network\""))
				continue;
			spec = cv_schema_network(net->value);
			if (!spec) {
				const char *names[32];
				size_t j;
				for (j = 0; j < nnet && j < CV_COUNT(names); j++)
					names[j] = nets[j].name;
				const char *hint = suggest(ld->a, net->value, names, j);
				if (!*hint) {
					struct cv_buf b = {0};
					for (j = 0; j < nnet; j++)
						cv_buf_printf(&b, "%s%s", j ? ", " : "",
						              nets[j].name);
					hint = cv_arena_printf(
					    ld->a, " (known: %s; or write label: and url:)",
					    b.data);
					cv_buf_free(&b);
				}
				cv_msg(CV_ERROR, &net->pos, "unknown-network",
				       "unknown network \"%s\"%s", show(ld->a, net->value), hint);
				continue;
			}
			if (!present(user)) {
				cv_msg(CV_ERROR, &it->pos, "missing-key",
				       "link lacks required key \"username\" (for %s)", spec->name);
				continue;
			}
			if (!want_scalar(ld, user, "\"username\""))
				continue;
			if (has_space_or_control(user->value)) {
				cv_msg(CV_ERROR, &user->pos, "bad-username",
				       "\"%s\" is not a %s username (no spaces, line breaks or "
				       "control "
				       "characters)",
				       show(ld->a, user->value), spec->name);
				continue;
			}
			s->network = spec->name;
			s->username = user->value;
			/* no label: compose shows something a reader can identify */
			s->label =
			    present(label) && label->type == CV_NODE_SCALAR ? label->value : NULL;
			if (present(url)) {
				if (!want_scalar(ld, url, "\"url\"") || !check_url(ld, url, true))
					continue;
				s->url = url->value;
			} else if (spec->url_prefix) {
				s->url =
				    cv_arena_printf(ld->a, "%s%s", spec->url_prefix, user->value);
			} else {
				/* Mastodon: user@instance -> https://instance/@user */
				const char *u =
				    user->value[0] == '@' ? user->value + 1 : user->value;
				const char *at = strchr(u, '@');
				if (!at || at == u || !at[1] || strchr(at + 1, '@')) {
					cv_msg(CV_ERROR, &user->pos, "bad-username",
					       "a %s username is written user@instance, not \"%s\"",
					       spec->name, show(ld->a, user->value));
					continue;
				}
				s->url = cv_arena_printf(ld->a, "https://%s/@%.*s", at + 1,
				                         (int)(at - u), u);
			}
			if (strpbrk(user->value, " \t/?#") && !present(url) && spec->url_prefix) {
				cv_msg(CV_ERROR, &user->pos, "bad-username",
				       "\"%s\" is not a %s username (no spaces, slashes, ? or #)",
				       show(ld->a, user->value), spec->name);
				continue;
			}
			k++;
			continue;
		}
		if (!present(label) || !present(url)) {
			cv_msg(
			    CV_ERROR, &it->pos, "missing-key",
			    "a link needs \"network\" and \"username\", or \"label\" and \"url\"");
			continue;
		}
		if (!want_scalar(ld, label, "\"label\"") || !want_scalar(ld, url, "\"url\"") ||
		    !check_url(ld, url, false))
			continue;
		s->label = label->value;
		s->url = url->value;
		k++;
	}
	pe->socials = so;
	pe->nsocials = k;
}

/* The e-mail and phone rules: src/jsonschema.c says the same as patterns. */
static void check_email(struct loader *ld, const struct cv_node *n)
{
	const char *s = n->value, *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strpbrk(s, " \t\n") ||
	    !strchr(at + 1, '.')) {
		cv_msg(CV_ERROR, &n->pos, "bad-email",
		       "\"%s\" does not look like an e-mail address (name@domain.org)",
		       show(ld->a, s));
		return;
	}
}

static void check_phone(struct loader *ld, const struct cv_node *n)
{
	const char *s;
	size_t digits = 0;
	for (s = n->value; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr(" +-().", *s))
			break;
	}
	if (*s || digits < 3)
		cv_msg(CV_ERROR, &n->pos, "bad-phone",
		       "\"%s\" does not look like a phone number (digits, spaces and + - ( ) . "
		       "only)",
		       show(ld->a, n->value));
}

static void parse_photo(struct loader *ld, const struct cv_node *n, struct cv_person *pe)
{
	struct stat st;
	/* relative to the file that names it: the profile, or "--set" (the
	 * current directory) for a command-line override */
	char *path = cv_paths_join(
	    ld->a, n->pos.file ? cv_paths_dirname(ld->a, n->pos.file) : ld->dir, n->value);
	if (stat(path, &st) != 0) {
		cv_msg(CV_ERROR, &n->pos, "photo-missing", "photo \"%s\" not found",
		       show(ld->a, n->value));
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		cv_msg(CV_ERROR, &n->pos, "photo-not-file", "photo \"%s\" is not a regular file",
		       show(ld->a, n->value));
		return;
	}
	pe->photo = path;
	pe->photo_pos = n->pos;
}

static void parse_person(struct loader *ld, const struct cv_node *root, struct cv_person *pe)
{
	const struct cv_node *n;
	size_t i;
	n = cv_node_get(root, "name");
	if (!n)
		cv_msg(CV_ERROR, &root->pos, "missing-key",
		       "missing required key \"name\" (the person's name)");
	else if (!present(n))
		cv_msg(CV_ERROR, &n->pos, "missing-key",
		       "\"name\" is empty; the person's name is required");
	else if (want_scalar(ld, n, "\"name\"") && fits(ld, n, "\"name\"", CV_LIMIT_LINE_BYTES))
		parse_text(ld, n, &pe->name);
	if (present(n = cv_node_get(root, "headline")) && want_scalar(ld, n, "\"headline\"") &&
	    fits(ld, n, "\"headline\"", CV_LIMIT_LINE_BYTES))
		parse_text(ld, n, &pe->headline);
	if (present(n = cv_node_get(root, "location")) && want_scalar(ld, n, "\"location\"") &&
	    fits(ld, n, "\"location\"", CV_LIMIT_LINE_BYTES))
		parse_text(ld, n, &pe->location);
	if (present(n = cv_node_get(root, "email")) && want_scalar(ld, n, "\"email\"") &&
	    fits(ld, n, "\"email\"", CV_LIMIT_LINE_BYTES)) {
		check_email(ld, n);
		pe->email = n->value;
		pe->email_pos = n->pos;
	}
	if (present(n = cv_node_get(root, "phone")) && want_scalar(ld, n, "\"phone\"") &&
	    fits(ld, n, "\"phone\"", CV_LIMIT_LINE_BYTES)) {
		check_phone(ld, n);
		pe->phone = n->value;
		pe->phone_pos = n->pos;
	}
	if (present(n = cv_node_get(root, "website")) && want_scalar(ld, n, "\"website\"") &&
	    fits(ld, n, "\"website\"", CV_LIMIT_URL_BYTES) && check_url(ld, n, true)) {
		pe->website = n->value;
		pe->website_pos = n->pos;
	}
	if (present(n = cv_node_get(root, "links")))
		parse_socials(ld, n, pe);
	if (present(n = cv_node_get(root, "photo")) && want_scalar(ld, n, "\"photo\""))
		parse_photo(ld, n, pe);
	if (present(n = cv_node_get(root, "keywords")))
		pe->keywords = string_list(ld, n, "keywords", &pe->nkeywords);

	/* owner spellings: the name first, then the aliases */
	{
		size_t nal = 0;
		const char *const *al = NULL;
		const char **all;
		if (present(n = cv_node_get(root, "owner")))
			al = string_list(ld, n, "owner", &nal);
		all = cv_arena_array(ld->a, nal + 1, sizeof(*all));
		ld->owners = cv_arena_array(ld->a, nal + 1, sizeof(*ld->owners));
		if (pe->name.nruns) {
			all[pe->nowner] = cv_text_plain(ld->a, pe->name.runs, pe->name.nruns);
			ld->owners[ld->nowners++] = normalise_name(ld->a, all[pe->nowner++]);
		}
		for (i = 0; i < nal; i++) {
			all[pe->nowner++] = al[i];
			ld->owners[ld->nowners++] = normalise_name(ld->a, al[i]);
		}
		pe->owner = all;
	}
}

struct cv_profile *cv_profile_parse(struct cv_arena *a, const char *file, const char *data,
                                    size_t len)
{
	struct cv_node *root = cv_yaml_parse(a, file, data, len);
	return root ? cv_profile_from_tree(a, root) : NULL;
}

struct cv_profile *cv_profile_from_tree(struct cv_arena *a, const struct cv_node *root)
{
	unsigned errors = cv_msg_count(CV_ERROR);
	struct cv_profile *p;
	struct loader ld = {0};
	const struct cv_node *n;
	if (root->type != CV_NODE_MAP) {
		cv_msg(CV_ERROR, &root->pos, "profile-not-mapping",
		       "a profile is a mapping of keys such as name: and sections:, not %s",
		       cv_node_type_name(root));
		return NULL;
	}
	p = cv_arena_alloc(a, sizeof(*p));
	p->path = root->pos.file;
	ld.a = a;
	ld.file = root->pos.file;
	ld.dir = cv_paths_dirname(a, p->path);
	check_keys(&ld, root, "in the profile", "");
	ld.locale = p->locale = cv_locale_for_profile(a, cv_node_get(root, "locale"));
	cv_date_set_locale_words(p->locale ? p->locale->present_words : NULL,
	                         p->locale ? p->locale->npresent_words : 0);
	parse_person(&ld, root, &p->person);
	n = cv_node_get(root, "layout");
	if (present(n)) {
		if (n->type == CV_NODE_SEQ)
			cv_msg(CV_ERROR, &n->pos, "wrong-type",
			       "\"layout\" must be a layout name or a mapping of layout settings, "
			       "not %s",
			       cv_node_type_name(n));
		else
			p->layout = n;
	}
	parse_sections(&ld, root, p);
	if (present(n = cv_node_get(root, "variants")))
		parse_variants(&ld, n, p);
	p->tags = ld.ntags ? cv_arena_memdup(a, ld.tags, ld.ntags * sizeof(*ld.tags)) : NULL;
	p->ntags = ld.ntags;
	x_free(ld.tags);
	if (cv_msg_count(CV_ERROR) > errors)
		return NULL;
	return p;
}

struct cv_profile *cv_profile_load(struct cv_arena *a, const char *path)
{
	unsigned errors = cv_msg_count(CV_ERROR);
	char *data = NULL;
	size_t len = 0;
	struct cv_profile *p;
	int err = cv_file_read(path, CV_LIMIT_FILE_BYTES, &data, &len);
	const char *file = cv_arena_strdup(a, path);
	if (err) {
		/* let the YAML reader word the problem (size, missing, directory) */
		x_free(data);
		(void)cv_yaml_load_file(a, file);
		return NULL;
	}
	p = cv_profile_parse(a, file, data, len);
	x_free(data);
	if (cv_msg_count(CV_ERROR) > errors)
		return NULL;
	return p;
}

const struct cv_field *cv_entry_field(const struct cv_entry *e, const char *key)
{
	size_t i;
	if (!e)
		return NULL;
	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].key, key) == 0)
			return &e->fields[i];
	return NULL;
}
