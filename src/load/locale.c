/*
 * The locale loader: finds locales/NAME.yaml on the data search path
 * (through the aliases described in locale.h), lays a profile's overrides
 * over it key by key, and types it into struct cv_locale, reporting every
 * problem at the node (and so the file and line) it came from.
 */
#include "locale.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paths.h"

#define LOCALE_NAME_MAX 64 /* [bytes] longest locale name looked up */

static const char *option_name;

/* Keys of a locale file, as written. */
static const char *const top_keys[] = {"description", "language", "aliases",       "latex",
                                       "hyphenation", "dates",    "present-words", "quotes",
                                       "sections",    "extends"};
static const char *const hyphen_keys[] = {"dictionaries", "capitalized"};
static const char *const section_keys[CV_LSEC__COUNT] = {
    "summary", "experience", "education", "project",  "publication", "award",
    "talk",    "news",       "skill",     "language", "interests"};
static const char *const english_sections[CV_LSEC__COUNT] = {
    "Summary", "Experience", "Education", "Projects",  "Publications", "Awards",
    "Talks",   "News",       "Skills",    "Languages", "Interests"};
/* the kind each title names (CV_KIND__COUNT: none, the entries decide) */
static const enum cv_kind section_kinds[CV_LSEC__COUNT] = {
    CV_KIND__COUNT,      CV_KIND_EXPERIENCE, CV_KIND_EDUCATION, CV_KIND_PROJECT,
    CV_KIND_PUBLICATION, CV_KIND_AWARD,      CV_KIND_TALK,      CV_KIND_NEWS,
    CV_KIND_SKILL,       CV_KIND_LANGUAGE,   CV_KIND__COUNT};

void cv_locale_set_option(const char *name)
{
	option_name = name;
}

const char *cv_locale_option(void)
{
	return option_name;
}

const char *cv_locale_section(const struct cv_locale *loc, enum cv_locale_section s)
{
	return loc && loc->sections[s] ? loc->sections[s] : english_sections[s];
}

const char *cv_locale_section_key(enum cv_locale_section s)
{
	return section_keys[s];
}

bool cv_locale_kind_by_title(const struct cv_locale *loc, const char *title, enum cv_kind *out)
{
	size_t i;
	if (!loc || !title)
		return false;
	for (i = 0; i < CV_LSEC__COUNT; i++)
		if (section_kinds[i] != CV_KIND__COUNT && loc->sections[i] &&
		    cv_strcaseeq(title, loc->sections[i])) {
			*out = section_kinds[i];
			return true;
		}
	return false;
}

/* ---- finding the file --------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/*
 * The BCP 47 spelling of a POSIX or loose name: "de_DE.UTF-8" -> "de-DE",
 * "ZH-hant-tw" -> "zh-Hant-TW" (language lower case, a four-letter script
 * title case, a region upper case).  NULL when name is not letters, digits,
 * '-' and '_' (after the suffix is dropped) or is too long.
 */
static char *canonical(struct cv_arena *a, const char *name)
{
	char buf[LOCALE_NAME_MAX + 1];
	size_t n = strcspn(name, ".@"), i, start = 0, part = 0;
	if (n == 0 || n > LOCALE_NAME_MAX)
		return NULL;
	for (i = 0; i <= n; i++) {
		char ch = i < n ? name[i] : '-';
		if (ch == '_' || ch == '-') {
			size_t len = i - start, k;
			if (len == 0)
				return NULL;
			for (k = start; k < i; k++) {
				char c = buf[k];
				bool upper =
				    (part > 0 && len == 2) || (part > 0 && len == 4 && k == start);
				if (upper && c >= 'a' && c <= 'z')
					buf[k] = (char)(c - 'a' + 'A');
				else if (!upper && c >= 'A' && c <= 'Z')
					buf[k] = (char)(c - 'A' + 'a');
			}
			buf[i] = '-';
			start = i + 1;
			part++;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9')))
			return NULL;
		buf[i] = ch;
	}
	return cv_arena_strndup(a, buf, n);
}

/* locales/<name>.yaml on the search path, or NULL. */
static char *find_file(struct cv_arena *a, const char *name)
{
	return cv_paths_find(a, "locales", cv_arena_printf(a, "%s.yaml", name));
}

const char **cv_locale_list(struct cv_arena *a, size_t *count)
{
	const char *roots[CV_PATHS_MAX];
	size_t r, nroots = cv_paths_roots(roots, CV_PATHS_MAX), n = 0, cap = 64, i;
	const char **names = cv_arena_alloc(a, (cap + 1) * sizeof *names);
	for (r = 0; r < nroots; r++) {
		struct dirent **ents = NULL;
		int k,
		    m = scandir(cv_arena_printf(a, "%s/locales", roots[r]), &ents, NULL, alphasort);
		for (k = 0; k < m; k++) {
			const char *fn = ents[k]->d_name;
			size_t len = strlen(fn);
			bool dup = false;
			if (fn[0] != '.' && len > 5 && ends_with(fn, ".yaml")) {
				char *stem = cv_arena_strndup(a, fn, len - 5);
				for (i = 0; i < n && !dup; i++)
					dup = !strcmp(names[i], stem);
				if (!dup && n < cap)
					names[n++] = stem;
			}
			free(ents[k]);
		}
		free(ents);
	}
	names[n] = NULL;
	*count = n;
	return names;
}

/*
 * True if the locale file at path lists want (case-insensitive) in its
 * one-line `aliases: [a, b]` (read as text: a broken file is reported only
 * when it is the one chosen).
 */
static bool has_alias(const char *path, const char *want)
{
	char *data = NULL, *line;
	size_t len;
	bool hit = false;
	if (cv_file_read(path, CV_LIMIT_FILE_BYTES, &data, &len) != 0) {
		free(data);
		return false;
	}
	for (line = data; line && *line && !hit;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char *p;
		if (strncmp(line, "aliases:", 8))
			continue;
		for (p = line + 8; *p && *p != '\n' && *p != '#' && !hit;) {
			size_t n;
			p += strspn(p, " \t[],\"'");
			n = strcspn(p, " \t[],\"'#\n");
			hit = n > 0 && n == strlen(want) && !strncasecmp(p, want, n);
			p += n;
		}
	}
	free(data);
	return hit;
}

/*
 * The file a locale name selects (see cv_locale_load), or NULL; *stem gets
 * the name of the file found.
 */
static char *resolve(struct cv_arena *a, const char *name, const char **stem)
{
	size_t i, n;
	const char **all;
	char *canon = canonical(a, name), *p, *dash;
	if (!canon)
		return NULL;
	*stem = canon;
	if ((p = find_file(a, canon)))
		return p;
	all = cv_locale_list(a, &n);
	for (i = 0; i < n; i++)
		if (cv_strcaseeq(all[i], canon) && (p = find_file(a, all[i]))) {
			*stem = all[i];
			return p;
		}
	for (i = 0; i < n; i++)
		if ((p = find_file(a, all[i])) && has_alias(p, canon)) {
			*stem = all[i];
			return p;
		}
	while ((dash = strrchr(canon, '-')) != NULL) { /* de-AT -> de */
		*dash = '\0';
		if ((p = find_file(a, canon))) {
			*stem = canon;
			return p;
		}
	}
	return NULL;
}

/* ---- typing ------------------------------------------------------------------- */

struct lc {
	struct cv_arena *a;
	struct cv_locale *loc;
	bool failed;
};

static const char *closest(const char *word, const char *const *list, size_t n)
{
	const char *best = NULL;
	int best_d = 3;
	size_t i;
	for (i = 0; i < n; i++) {
		int d = cv_edit_distance(word, list[i]);
		if (d < best_d) {
			best_d = d;
			best = list[i];
		}
	}
	return best;
}

static bool expect(struct lc *c, const struct cv_node *n, enum cv_node_type t, const char *what)
{
	static const char *const names[] = {"a string", "a mapping", "a list"};
	if (n->type == t)
		return true;
	cv_msg(CV_ERROR, &n->pos, "locale-type", "locale key \"%s\" must be %s, not %s", what,
	       names[t], cv_node_type_name(n));
	c->failed = true;
	return false;
}

/* Report keys of map that are not in keys[0..n); what names the mapping. */
static void check_keys(struct lc *c, const struct cv_node *map, const char *what,
                       const char *const *keys, size_t n)
{
	size_t i, j;
	for (i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->value, *best;
		for (j = 0; j < n && strcmp(k, keys[j]); j++)
			;
		if (j < n)
			continue;
		best = closest(k, keys, n);
		cv_msg(CV_ERROR, &map->keys[i]->pos, "locale-unknown-key",
		       "unknown key \"%s\" in %s%s", k, what,
		       best ? cv_arena_printf(c->a, " (did you mean \"%s\"?)", best) : "");
		c->failed = true;
	}
}

/* A non-empty one-line string. */
static bool get_word(struct lc *c, const struct cv_node *n, const char *what, const char **out)
{
	if (!expect(c, n, CV_NODE_SCALAR, what))
		return false;
	if (cv_is_blank(n->value) || strchr(n->value, '\n')) {
		cv_msg(CV_ERROR, &n->pos, "locale-bad-value",
		       "locale key \"%s\" must be one line of text, not empty", what);
		c->failed = true;
		return false;
	}
	*out = n->value;
	return true;
}

/* A list of words (a single word is a list of one); arena array. */
static const char *const *get_words(struct lc *c, const struct cv_node *n, const char *what,
                                    size_t *count)
{
	const char **out;
	size_t i, k = 0;
	*count = 0;
	if (n->type == CV_NODE_SCALAR) {
		out = cv_arena_alloc(c->a, sizeof *out);
		if (!get_word(c, n, what, &out[0]))
			return NULL;
		*count = 1;
		return out;
	}
	if (!expect(c, n, CV_NODE_SEQ, what))
		return NULL;
	out = cv_arena_alloc(c->a, (n->n + 1) * sizeof *out);
	for (i = 0; i < n->n; i++)
		if (get_word(c, n->values[i], what, &out[k]))
			k++;
	*count = k;
	return out;
}

/* A BCP 47 language tag as PDF /Lang wants it: letters and digits in parts joined by '-'. */
static bool tag_ok(const char *s)
{
	size_t part = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (; *s; s++) {
		if (*s == '-') {
			if (part == 0 || part > 8)
				return false;
			part = 0;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		           (*s >= '0' && *s <= '9')) {
			part++;
		} else {
			return false;
		}
	}
	return part > 0 && part <= 8;
}

static void type_hyphenation(struct lc *c, const struct cv_node *n)
{
	const struct cv_node *v;
	if (!expect(c, n, CV_NODE_MAP, "hyphenation"))
		return;
	check_keys(c, n, "\"hyphenation\"", hyphen_keys, CV_COUNT(hyphen_keys));
	if ((v = cv_node_get(n, "dictionaries"))) {
		if (v->type == CV_NODE_SEQ && v->n == 0) {
			c->loc->hyphen_none = true;
			c->loc->hyphen_dicts = NULL;
			c->loc->nhyphen_dicts = 0;
		} else {
			size_t i;
			c->loc->hyphen_dicts =
			    get_words(c, v, "hyphenation.dictionaries", &c->loc->nhyphen_dicts);
			c->loc->hyphen_none = false;
			for (i = 0; i < c->loc->nhyphen_dicts; i++)
				if (strchr(c->loc->hyphen_dicts[i], '/') ||
				    !ends_with(c->loc->hyphen_dicts[i], ".dic")) {
					cv_msg(CV_ERROR,
					       &(v->type == CV_NODE_SEQ ? v->values[i] : v)->pos,
					       "locale-bad-value",
					       "a hyphenation dictionary is a file name such as "
					       "\"hyph_de_DE.dic\" (no directory), not \"%s\"",
					       c->loc->hyphen_dicts[i]);
					c->failed = true;
				}
		}
	}
	if ((v = cv_node_get(n, "capitalized")) &&
	    expect(c, v, CV_NODE_SCALAR, "hyphenation.capitalized")) {
		if (!strcmp(v->value, "true") || !strcmp(v->value, "false")) {
			c->loc->hyphen_capitalized = !strcmp(v->value, "true");
		} else {
			cv_msg(
			    CV_ERROR, &v->pos, "locale-bad-value",
			    "locale key \"hyphenation.capitalized\" is true or false, not \"%s\"",
			    v->value);
			c->failed = true;
		}
	}
}

static void type_sections(struct lc *c, const struct cv_node *n)
{
	size_t i;
	if (!expect(c, n, CV_NODE_MAP, "sections"))
		return;
	check_keys(c, n, "\"sections\"", section_keys, CV_LSEC__COUNT);
	for (i = 0; i < CV_LSEC__COUNT; i++) {
		const struct cv_node *v = cv_node_get(n, section_keys[i]);
		if (v)
			get_word(c, v, cv_arena_printf(c->a, "sections.%s", section_keys[i]),
			         &c->loc->sections[i]);
	}
}

static void type_locale(struct lc *c, const struct cv_node *root)
{
	const struct cv_node *v;
	struct cv_locale *loc = c->loc;
	check_keys(c, root, "a locale", top_keys, CV_COUNT(top_keys));
	if ((v = cv_node_get(root, "description")))
		get_word(c, v, "description", &loc->description);
	if ((v = cv_node_get(root, "language")) && get_word(c, v, "language", &loc->language) &&
	    !tag_ok(loc->language)) {
		cv_msg(CV_ERROR, &v->pos, "locale-bad-value",
		       "\"language\" is a BCP 47 tag such as \"de\", \"pt-BR\" or \"zh-Hant\", "
		       "not \"%s\"",
		       loc->language);
		c->failed = true;
	}
	if (!v) {
		cv_msg(CV_ERROR, &root->pos, "locale-missing-key",
		       "a locale needs \"language\" (its BCP 47 tag, such as \"de\")");
		c->failed = true;
	}
	if ((v = cv_node_get(root, "aliases"))) {
		size_t n;
		(void)get_words(c, v, "aliases", &n);
	}
	if ((v = cv_node_get(root, "latex")) && get_word(c, v, "latex", &loc->babel) &&
	    loc->babel[strspn(loc->babel, "abcdefghijklmnopqrstuvwxyz")]) {
		cv_msg(CV_ERROR, &v->pos, "locale-bad-value",
		       "\"latex\" is babel's name of the language in lower-case letters, such as "
		       "\"german\", not \"%s\"",
		       loc->babel);
		c->failed = true;
	}
	if ((v = cv_node_get(root, "hyphenation")))
		type_hyphenation(c, v);
	if ((v = cv_node_get(root, "dates")) && !cv_layout_type_dates(c->a, v, &loc->dates))
		c->failed = true;
	if ((v = cv_node_get(root, "present-words")))
		loc->present_words = get_words(c, v, "present-words", &loc->npresent_words);
	if ((v = cv_node_get(root, "quotes"))) {
		size_t n = 0, i;
		const char *const *q = get_words(c, v, "quotes", &n);
		if (q && n == 4) {
			for (i = 0; i < 4; i++)
				loc->quotes[i] = q[i];
		} else if (q) {
			cv_msg(CV_ERROR, &v->pos, "locale-bad-value",
			       "\"quotes\" lists four marks: outer open, outer close, inner open, "
			       "inner close (such as [\"\xE2\x80\x9E\", \"\xE2\x80\x9C\", "
			       "\"\xE2\x80\x9A\", \"\xE2\x80\x98\"]), not %zu",
			       n);
			c->failed = true;
		}
	}
	if ((v = cv_node_get(root, "sections")))
		type_sections(c, v);
	if (!loc->hyphen_none && loc->nhyphen_dicts == 0 && loc->language) {
		/* no list: the usual file name of the language, hyph_pt_BR.dic */
		char *name = cv_arena_printf(c->a, "hyph_%s.dic", loc->language), *p;
		const char **one = cv_arena_alloc(c->a, sizeof *one);
		for (p = name; *p; p++)
			if (*p == '-')
				*p = '_';
		one[0] = name;
		loc->hyphen_dicts = one;
		loc->nhyphen_dicts = 1;
	}
}

/* A copy of base with over's keys laid on it; mappings under "dates",
 * "sections" and "hyphenation" merge key by key. */
static struct cv_node *merge(struct cv_arena *a, const struct cv_node *base,
                             const struct cv_node *over, int depth)
{
	struct cv_node *m = cv_arena_alloc(a, sizeof *m);
	size_t i, j, n = 0;
	*m = *base;
	m->keys = cv_arena_alloc(a, (base->n + over->n + 1) * sizeof *m->keys);
	m->values = cv_arena_alloc(a, (base->n + over->n + 1) * sizeof *m->values);
	for (i = 0; i < base->n; i++, n++) {
		m->keys[n] = base->keys[i];
		m->values[n] = base->values[i];
	}
	for (j = 0; j < over->n; j++) {
		const char *k = over->keys[j]->value;
		if (!strcmp(k, "extends"))
			continue;
		for (i = 0; i < n && strcmp(m->keys[i]->value, k); i++)
			;
		if (i < n && depth == 0 && m->values[i]->type == CV_NODE_MAP &&
		    over->values[j]->type == CV_NODE_MAP)
			m->values[i] = merge(a, m->values[i], over->values[j], 1);
		else {
			m->keys[i] = over->keys[j];
			m->values[i] = over->values[j];
			if (i == n)
				n++;
		}
	}
	m->n = n;
	return m;
}

const struct cv_locale *cv_locale_load(struct cv_arena *a, const char *name,
                                       const struct cv_pos *at, const struct cv_node *over)
{
	struct lc c = {a, NULL, false};
	const char *stem = name, *path;
	struct cv_node *root;
	bool is_path = strchr(name, '/') || ends_with(name, ".yaml");
	path = is_path ? name : resolve(a, name, &stem);
	if (!path) {
		size_t n;
		const char **all = cv_locale_list(a, &n), *best = closest(name, all, n);
		struct cv_buf list = {0};
		size_t i;
		for (i = 0; i < n; i++)
			cv_buf_printf(&list, "%s%s", i ? ", " : "", all[i]);
		if (n == 0)
			cv_msg(CV_SYSTEM, at, "locale-not-found",
			       "unknown locale \"%s\": no locale files found (searched: %s); "
			       "--data-dir or FOLIO_DATA_DIR can name a directory with locales/",
			       name, cv_paths_tried_list(a, "locales"));
		else if (best) /* a bad --locale is a usage error */
			cv_msg(at ? CV_ERROR : CV_USAGE, at, "locale-unknown",
			       "unknown locale \"%s\" (did you mean \"%s\"?)", name, best);
		else
			cv_msg(at ? CV_ERROR : CV_USAGE, at, "locale-unknown",
			       "unknown locale \"%s\" (one of %s)", name, list.data);
		cv_buf_free(&list);
		return NULL;
	}
	if (is_path) {
		const char *base = strrchr(name, '/');
		base = base ? base + 1 : name;
		stem = cv_arena_strndup(a, base,
		                        ends_with(base, ".yaml") ? strlen(base) - 5 : strlen(base));
	}
	root = cv_yaml_load_file(a, cv_arena_strdup(a, path));
	if (!root)
		return NULL;
	if (!expect(&c, root, CV_NODE_MAP, "(the file)"))
		return NULL;
	if (over)
		root = merge(a, root, over, 0);
	c.loc = cv_arena_alloc(a, sizeof *c.loc);
	c.loc->name = stem;
	c.loc->path = path;
	c.loc->hyphen_capitalized = -1;
	cv_layout_default_dates(&c.loc->dates);
	type_locale(&c, root);
	return c.failed ? NULL : c.loc;
}

const struct cv_locale *cv_locale_for_profile(struct cv_arena *a, const struct cv_node *node)
{
	const struct cv_node *over = NULL, *name = node;
	if (node && node->type == CV_NODE_MAP)
		over = node;
	if (option_name) /* --locale names the locale; a mapping's other keys still apply */
		return cv_locale_load(a, option_name, NULL, over);
	if (!node || cv_node_is_null(node))
		return NULL;
	if (over && !(name = cv_node_get(node, "extends"))) {
		cv_msg(CV_ERROR, &node->pos, "locale-missing-key",
		       "a \"locale\" mapping names the locale it changes with \"extends\" (such as "
		       "extends: de)");
		return NULL;
	}
	if (name->type != CV_NODE_SCALAR || cv_node_is_null(name)) {
		cv_msg(CV_ERROR, &name->pos, "wrong-type",
		       "\"locale\" must be a locale name such as de or fr, or a mapping with "
		       "extends:, not %s",
		       cv_node_type_name(name));
		return NULL;
	}
	return cv_locale_load(a, name->value, &name->pos, over);
}
