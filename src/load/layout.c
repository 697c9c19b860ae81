/*
 * The layout loader: finds a layout file, follows its `extends:` chain and
 * the profile's `layout:` overrides by deep-merging cv_node trees, then types
 * the merged tree once into struct cv_layout, reporting every problem at the
 * node (and so the file) it came from.  docs/layouts.md is the reference.
 */
#include "layout.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "locale.h"
#include "paths.h"

#define MAX_EXTENDS 8      /* base layouts below the one named */
#define MIN_COLUMN_PT 72.0 /* [pt] the main column's least width beside a sidebar or gutter */

/* ---- small helpers -------------------------------------------------------- */

struct ld {
	struct cv_arena *a;
	struct cv_layout *l;
	struct cv_font_family *fam;
	size_t nfam;
};

static bool is_file(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Closest word of list to word, or NULL when nothing is close. */
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

static const char *hint(struct cv_arena *a, const char *suggestion)
{
	return suggestion ? cv_arena_printf(a, " (did you mean \"%s\"?)", suggestion) : "";
}

static const char *sub(struct ld *c, const char *path, const char *key)
{
	return path ? cv_arena_printf(c->a, "%s.%s", path, key) : key;
}

static bool expect(const struct cv_node *n, enum cv_node_type t, const char *what)
{
	static const char *const names[] = {"a string", "a mapping", "a list"};
	if (n->type == t)
		return true;
	cv_msg(CV_ERROR, &n->pos, "layout-type", "\"%s\" must be %s, not %s", what, names[t],
	       cv_node_type_name(n));
	return false;
}

/*
 * The names of the keys that the key table allows under pattern ("" for
 * the top level, "fonts.*" for a family): at most max of them into out.
 */
static size_t allowed_keys(const char *pattern, const char **out, size_t max)
{
	size_t nkeys, i, n = 0, plen = strlen(pattern);
	const struct cv_layout_key *keys = cv_layout_keys(&nkeys);
	for (i = 0; i < nkeys && n < max; i++) {
		const char *p = keys[i].path, *name;
		if (plen && (strncmp(p, pattern, plen) != 0 || p[plen] != '.'))
			continue;
		name = plen ? p + plen + 1 : p;
		if (strchr(name, '.') || !strcmp(name, "*") || strchr(name, '['))
			continue;
		out[n++] = name;
	}
	return n;
}

/*
 * Report keys of map that the key table does not allow under pattern;
 * false when map is not a mapping.  what names the map in messages (NULL
 * for the top level).
 */
static bool check_keys(struct ld *c, const struct cv_node *map, const char *what,
                       const char *pattern)
{
	const char *keys[32];
	size_t i, j, nkeys = allowed_keys(pattern, keys, CV_COUNT(keys));
	if (!expect(map, CV_NODE_MAP, what ? what : "layout"))
		return false;
	for (i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->value;
		for (j = 0; j < nkeys && strcmp(k, keys[j]) != 0; j++)
			;
		if (j < nkeys)
			continue;
		if (what)
			cv_msg(CV_ERROR, &map->keys[i]->pos, "layout-unknown-key",
			       "unknown key \"%s\" in \"%s\"%s", k, what,
			       hint(c->a, closest(k, keys, nkeys)));
		else
			cv_msg(CV_ERROR, &map->keys[i]->pos, "layout-unknown-key",
			       "unknown layout key \"%s\"%s", k,
			       hint(c->a, closest(k, keys, nkeys)));
	}
	return true;
}

/* Locale-free decimal number: [-+]digits[.digits]; *end set past it. */
static bool parse_decimal(const char *s, double *out, const char **end)
{
	double v = 0, scale = 1;
	bool neg = false, digits = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits = true)
		v = v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits = true)
			v += (*s - '0') * (scale /= 10);
	*out = neg ? -v : v;
	*end = s;
	return digits && isfinite(v) && v < 1e6;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* "10pt", "3.5mm", "1cm", "0.5in", "12" -> points. */
static bool parse_length(const char *s, double *out)
{
	static const struct {
		const char *unit;
		double pt;
	} units[] = {{"pt", 1}, {"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"in", 72}, {"", 1}};
	const char *end;
	double v;
	size_t i;
	if (!parse_decimal(skip_spaces(s), &v, &end))
		return false;
	end = skip_spaces(end);
	for (i = 0; i < CV_COUNT(units); i++) {
		size_t n = strlen(units[i].unit);
		if (strncmp(end, units[i].unit, n) == 0 && *skip_spaces(end + n) == '\0') {
			*out = v * units[i].pt;
			return true;
		}
	}
	return false;
}

static bool get_string(const struct cv_node *n, const char *what, const char **out)
{
	if (!expect(n, CV_NODE_SCALAR, what))
		return false;
	*out = cv_node_is_null(n) ? "" : n->value;
	return true;
}

/* A length of at least min and at most max points (min is 0 or more). */
static bool get_length(const struct cv_node *n, const char *what, double min, double max,
                       double *out)
{
	double v;
	if (!expect(n, CV_NODE_SCALAR, what))
		return false;
	if (!parse_length(n->value, &v)) {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-length",
		       "bad length \"%s\" for \"%s\" (write a number with pt, mm, cm or in, e.g. "
		       "\"18mm\")",
		       n->value, what);
		return false;
	}
	if (v < min && min > 0) {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-length",
		       "\"%s\" must be at least %gpt, not \"%s\"", what, min, n->value);
		return false;
	}
	if (v < min) {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-length",
		       "\"%s\" must be zero or more, not \"%s\"", what, n->value);
		return false;
	}
	if (v > max) {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-length",
		       "\"%s\" must be at most %gpt%s, not \"%s\"", what, max,
		       max == CV_LAYOUT_MAX_PT ? " (200 in)" : "", n->value);
		return false;
	}
	*out = v;
	return true;
}

static bool get_number(const struct cv_node *n, const char *what, double min, double max,
                       double *out)
{
	const char *end;
	double v;
	if (!expect(n, CV_NODE_SCALAR, what))
		return false;
	if (!parse_decimal(skip_spaces(n->value), &v, &end) || *skip_spaces(end) != '\0') {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-value", "\"%s\" must be a number, not \"%s\"",
		       what, n->value);
		return false;
	}
	if (v < min || v > max) {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-value",
		       "\"%s\" is %s; it must be between %g and %g", what, n->value, min, max);
		return false;
	}
	*out = v;
	return true;
}

static bool get_bool(const struct cv_node *n, const char *what, bool *out)
{
	const char *const *yes = cv_layout_bool_words(true), *const *no = cv_layout_bool_words(false);
	size_t i;
	if (!expect(n, CV_NODE_SCALAR, what))
		return false;
	for (i = 0; yes[i] && no[i]; i++) {
		if (cv_strcaseeq(n->value, yes[i]))
			return *out = true;
		if (cv_strcaseeq(n->value, no[i])) {
			*out = false;
			return true;
		}
	}
	cv_msg(CV_ERROR, &n->pos, "layout-bad-value", "\"%s\" must be true or false, not \"%s\"",
	       what, n->value);
	return false;
}

/* The words of the key table's key at path, and their number (the roles: "styles"). */
#define WORDS(path) words_of(path), words_count(path)

static const char *const *words_of(const char *path)
{
	size_t n;
	return cv_layout_words(path, &n);
}

static size_t words_count(const char *path)
{
	size_t n;
	cv_layout_words(path, &n);
	return n;
}

/* One of names[] (case-insensitive); *out = its index. */
static bool get_choice(struct ld *c, const struct cv_node *n, const char *what,
                       const char *const *names, size_t count, int *out)
{
	struct cv_buf list = {0};
	size_t i;
	if (!expect(n, CV_NODE_SCALAR, what))
		return false;
	for (i = 0; i < count; i++)
		if (cv_strcaseeq(n->value, names[i])) {
			*out = (int)i;
			return true;
		}
	for (i = 0; i < count; i++)
		cv_buf_printf(&list, "%s%s",
		              i == 0           ? ""
		              : i + 1 == count ? " or "
		                               : ", ",
		              names[i]);
	cv_msg(CV_ERROR, &n->pos, "layout-bad-value", "\"%s\" must be %s, not \"%s\"%s", what,
	       list.data, n->value, hint(c->a, closest(n->value, names, count)));
	cv_buf_free(&list);
	return false;
}

/* ---- colors ----------------------------------------------------------------- */

static struct cv_color rgb_color(unsigned rgb)
{
	struct cv_color col;
	col.r = ((rgb >> 16) & 0xff) / 255.0;
	col.g = ((rgb >> 8) & 0xff) / 255.0;
	col.b = (rgb & 0xff) / 255.0;
	return col;
}

static bool parse_hex(const char *s, unsigned *rgb)
{
	size_t n = strlen(s), i;
	unsigned v = 0;
	if (s[0] != '#' || (n != 4 && n != 7))
		return false;
	for (i = 1; i < n; i++) {
		char ch = s[i];
		unsigned d = ch >= '0' && ch <= '9'   ? (unsigned)(ch - '0')
		             : ch >= 'a' && ch <= 'f' ? (unsigned)(ch - 'a' + 10)
		             : ch >= 'A' && ch <= 'F' ? (unsigned)(ch - 'A' + 10)
		                                      : 16u;
		if (d > 15)
			return false;
		v = n == 4 ? (v << 8) | (d << 4) | d : (v << 4) | d;
	}
	*rgb = v;
	return true;
}

/* "15%" (0 to 100, digits and one point) as a share 0..1. */
static bool parse_percent(const char *s, double *share)
{
	char *end;
	if (!(*s >= '0' && *s <= '9'))
		return false;
	double v = strtod(s, &end);
	if (end == s || strcmp(end, "%") != 0 || !(v >= 0 && v <= 100))
		return false;
	*share = v / 100;
	return true;
}

/*
 * A color: "#rrggbb", "#rgb", a name from the table, or (refs) "accent",
 * "link", "text" meaning the layout's colors of those names, each optionally
 * followed by a percentage: that colour tinted towards white ("accent 15%").
 */
static bool get_color(struct ld *c, const struct cv_node *n, const char *what, bool refs,
                      const struct cv_color *text, struct cv_color *out)
{
	size_t ncolors, i, nn = 0;
	const struct cv_named_color *named_colors = cv_layout_named_colors(&ncolors);
	const char *names[32 + 3];
	unsigned rgb;
	if (!expect(n, CV_NODE_SCALAR, what))
		return false;
	if (parse_hex(n->value, &rgb)) {
		*out = rgb_color(rgb);
		return true;
	}
	for (i = 0; i < ncolors && i < 32; i++) {
		if (cv_strcaseeq(n->value, named_colors[i].name)) {
			*out = rgb_color(named_colors[i].rgb);
			return true;
		}
		names[nn++] = named_colors[i].name;
	}
	if (refs) {
		/* "accent 15%": the colour at 15 % on white (a tint that follows it) */
		const char *pct = strrchr(n->value, ' ');
		size_t len = pct ? (size_t)(pct - n->value) : strlen(n->value);
		double share = 1;
		while (len > 0 && n->value[len - 1] == ' ')
			len--;
		char *name = cv_arena_strndup(c->a, n->value, len);
		const struct cv_color *ref = cv_strcaseeq(name, "accent") ? &c->l->accent
		                             : cv_strcaseeq(name, "link") ? &c->l->link_color
		                             : cv_strcaseeq(name, "text") ? text
		                                                          : NULL;
		if (ref && pct && !parse_percent(pct + 1, &share)) {
			cv_msg(CV_ERROR, &n->pos, "layout-bad-color",
			       "bad tint \"%s\" for \"%s\" (write a percentage from 0%% to 100%% "
			       "after "
			       "the colour: \"%.*s 15%%\")",
			       n->value, what, (int)len, n->value);
			return false;
		}
		if (ref) {
			out->r = 1 - share * (1 - ref->r);
			out->g = 1 - share * (1 - ref->g);
			out->b = 1 - share * (1 - ref->b);
			return true;
		}
		for (i = 0; cv_layout_color_refs()[i]; i++)
			names[nn++] = cv_layout_color_refs()[i];
	}
	cv_msg(CV_ERROR, &n->pos, "layout-bad-color",
	       "bad color \"%s\" for \"%s\" (write \"#rrggbb\", \"#rgb\" or a name such as "
	       "\"navy\"%s)%s",
	       n->value, what, refs ? " or \"accent\"" : "",
	       hint(c->a, closest(n->value, names, nn)));
	return false;
}

/* ---- finding and merging layout files ---------------------------------------- */

static bool is_path_ref(const char *s)
{
	return strchr(s, '/') || ends_with(s, ".yaml") || ends_with(s, ".yml");
}

/* Names of the layouts on the search path (for did-you-mean). */
static size_t available_layouts(struct cv_arena *a, const char **names, size_t max)
{
	const char *roots[CV_PATHS_MAX];
	size_t r, nroots = cv_paths_roots(roots, CV_PATHS_MAX), n = 0;
	for (r = 0; r < nroots; r++) {
		DIR *d = opendir(cv_arena_printf(a, "%s/layouts", roots[r]));
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL && n < max) {
			size_t len = strlen(e->d_name);
			if (len > 5 && ends_with(e->d_name, ".yaml"))
				names[n++] = cv_arena_strndup(a, e->d_name, len - 5);
		}
		if (d)
			closedir(d);
	}
	return n;
}

/*
 * Path of the layout ref, named at node at (NULL: the command line), or NULL
 * after reporting it missing.  Paths are relative to the file naming them.
 */
static const char *find_layout(struct cv_arena *a, const char *ref, const struct cv_node *at)
{
	const struct cv_pos *pos = at ? &at->pos : NULL;
	const char *names[64], *roots[CV_PATHS_MAX], *dirs;
	struct cv_buf found = {0};
	size_t i, n;
	char *p;
	if (is_path_ref(ref)) {
		while (ref[0] == '.' && ref[1] == '/')
			ref += 2;
		p = at && at->pos.file ? cv_paths_join(a, cv_paths_dirname(a, at->pos.file), ref)
		                       : cv_arena_strdup(a, ref);
		if (is_file(p))
			return p;
		if (at)
			cv_msg(CV_ERROR, pos, "layout-not-found", "layout file \"%s\" not found",
			       p);
		else
			cv_msg(CV_USAGE, NULL, "layout-not-found", "layout file \"%s\" not found",
			       p);
		return NULL;
	}
	p = cv_paths_find(a, "layouts", cv_arena_printf(a, "%s.yaml", ref));
	if (p)
		return p;
	/* the directories that exist; when none holds a layout, every one tried */
	n = cv_paths_roots(roots, CV_PATHS_MAX);
	for (i = 0; i < n; i++)
		cv_buf_printf(&found, "%s%s/layouts", i ? ", " : "", roots[i]);
	dirs = cv_arena_strdup(a, found.data ? found.data : "nothing");
	cv_buf_free(&found);
	n = available_layouts(a, names, CV_COUNT(names));
	if (n == 0)
		dirs = cv_arena_printf(a,
		                       "%s; --data-dir or FOLIO_DATA_DIR can name a directory "
		                       "with layouts/",
		                       cv_paths_tried_list(a, "layouts"));
	if (at)
		cv_msg(CV_ERROR, pos, "layout-not-found",
		       "layout \"%s\" not found (searched: %s)%s", ref, dirs,
		       hint(a, closest(ref, names, n)));
	else
		cv_msg(CV_USAGE, NULL, "layout-not-found",
		       "layout \"%s\" not found (searched: %s)%s", ref, dirs,
		       hint(a, closest(ref, names, n)));
	return NULL;
}

/*
 * Deep merge: maps merge key by key (over wins, recursively), anything else
 * is replaced by over.  At the top level `extends` is dropped, and `name`
 * is not inherited from the base.  Shares the input nodes.
 */
static struct cv_node *merge(struct cv_arena *a, const struct cv_node *base,
                             const struct cv_node *over, bool top)
{
	struct cv_node *m;
	size_t i, j;
	if (!base || base->type != CV_NODE_MAP || over->type != CV_NODE_MAP)
		return (struct cv_node *)over;
	m = cv_arena_memdup(a, over, sizeof *m);
	m->keys = cv_arena_array(a, base->n + over->n, sizeof *m->keys);
	m->values = cv_arena_array(a, base->n + over->n, sizeof *m->values);
	m->n = 0;
	for (i = 0; i < base->n; i++) {
		if (top && !strcmp(base->keys[i]->value, "name"))
			continue;
		m->keys[m->n] = base->keys[i];
		m->values[m->n++] = base->values[i];
	}
	for (i = 0; i < over->n; i++) {
		const char *k = over->keys[i]->value;
		if (top && !strcmp(k, "extends"))
			continue;
		for (j = 0; j < m->n && strcmp(m->keys[j]->value, k) != 0; j++)
			;
		if (j == m->n)
			m->values[m->n++] = over->values[i];
		else
			m->values[j] = merge(a, m->values[j], over->values[i], false);
		m->keys[j] = over->keys[i];
	}
	return m;
}

/* The files being loaded, outermost first, identified by device and inode. */
struct chain {
	dev_t dev[MAX_EXTENDS + 2];
	ino_t ino[MAX_EXTENDS + 2];
	const char *shown[MAX_EXTENDS + 2];
	size_t n;
};

/*
 * Load the layout file ref (named at node at) and its extends chain; the
 * merged tree, or NULL after reporting why.  *path_out gets the file path.
 */
static struct cv_node *load_tree(struct cv_arena *a, const char *ref, const struct cv_node *at,
                                 struct chain *ch, const char **path_out)
{
	const struct cv_node *ext;
	struct cv_node *root, *base;
	const char *path;
	struct stat st;
	size_t i;

	if (!(path = find_layout(a, ref, at)))
		return NULL;
	*path_out = path;
	if (stat(path, &st) != 0)
		memset(&st, 0, sizeof st);
	for (i = 0; i < ch->n; i++)
		if (ch->dev[i] == st.st_dev && ch->ino[i] == st.st_ino) {
			struct cv_buf cyc = {0};
			size_t j;
			for (j = i; j < ch->n; j++)
				cv_buf_printf(&cyc, "%s -> ", ch->shown[j]);
			cv_buf_puts(&cyc, path);
			cv_msg(CV_ERROR, &at->pos, "layout-cycle", "layout extends itself: %s",
			       cyc.data);
			cv_buf_free(&cyc);
			return NULL;
		}
	if (ch->n > MAX_EXTENDS) {
		cv_msg(CV_ERROR, &at->pos, "layout-too-deep",
		       "layouts extend each other more than %d levels deep (at \"%s\")",
		       MAX_EXTENDS, ref);
		return NULL;
	}
	ch->dev[ch->n] = st.st_dev;
	ch->ino[ch->n] = st.st_ino;
	ch->shown[ch->n++] = path;
	if (!(root = cv_yaml_load_file(a, path)))
		return NULL;
	if (!expect(root, CV_NODE_MAP, "layout"))
		return NULL;
	ext = cv_node_get(root, "extends");
	if (!ext)
		return root;
	if (!expect(ext, CV_NODE_SCALAR, "extends") || cv_node_is_null(ext))
		return cv_node_is_null(ext) ? root : NULL;
	base = load_tree(a, ext->value, ext, ch, &path);
	return base ? merge(a, base, root, true) : NULL;
}

/* ---- typing ------------------------------------------------------------------- */

void cv_layout_default_dates(struct cv_date_layout *d)
{
	static const char *const months[12] = {"January",   "February", "March",    "April",
	                                       "May",       "June",     "July",     "August",
	                                       "September", "October",  "November", "December"};
	static const char *const abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	size_t i;
	d->year_format = "%Y";
	d->month_format = "%b %Y";
	d->day_format = NULL; /* a full date prints as its month unless asked */
	d->range_sep = " \xE2\x80\x93 ";
	d->present = "present";
	for (i = 0; i < 12; i++) {
		d->month_names[i] = months[i];
		d->month_abbr[i] = abbr[i];
	}
}

static void set_defaults(struct cv_layout *l)
{
	struct cv_style *body = &l->styles[CV_ROLE_BODY];
	l->page.width = 595.2756;
	l->page.height = 841.8898;
	l->page.margin_top = l->page.margin_bottom = 18 * 72 / 25.4;
	l->page.margin_left = l->page.margin_right = 20 * 72 / 25.4;
	body->size = 10;
	body->leading = 12.5;
	body->align = CV_ALIGN_LEFT;
	l->accent = rgb_color(0x1f3a5f);
	l->link_color = l->accent;
	l->spacing = (struct cv_spacing){.header_after = 10,
	                                 .section_before = 12,
	                                 .section_after = 5,
	                                 .entry_gap = 6,
	                                 .paragraph_gap = 2,
	                                 .list_indent = 12,
	                                 .item_gap = 1,
	                                 .stretch = CV_LAYOUT_STRETCH,
	                                 .shrink = CV_LAYOUT_SHRINK};
	for (size_t i = 0; i < CV_GAP__COUNT; i++)
		l->spacing.plus[i] = l->spacing.minus[i] = -1;
	l->header.align = CV_ALIGN_CENTER;
	l->header.separator = "  \xC2\xB7  ";
	l->header.contact = cv_layout_words("header.contact", &l->header.ncontact);
	l->header.photo = true;
	l->header.photo_size = 72;
	l->header.photo_shape = CV_PHOTO_CIRCLE;
	l->header.photo_side = CV_ALIGN_RIGHT;
	l->sidebar.side = CV_ALIGN_LEFT;
	l->sidebar.width = 160;
	l->sidebar.gap = 18;
	l->sidebar.padding = 12;
	l->sidebar.all_pages = true;
	l->banner.padding = 14;
	l->gutter.width = 80;
	l->gutter.gap = 10;
	l->section.rule = CV_RULE_BELOW;
	l->section.rule_width = 0.5;
	l->section.rule_gap = 2;
	l->section.rule_color = l->accent;
	cv_layout_default_dates(&l->dates);
	l->hyphenation.left_min = CV_LAYOUT_HYPHEN_LEFT_MIN;
	l->hyphenation.right_min = CV_LAYOUT_HYPHEN_RIGHT_MIN;
	l->hyphenation.capitalized = false;
	l->hyphenation.final_demerits = CV_LAYOUT_FINAL_HYPHEN_DEMERITS;
	l->publication.owner_flags = CV_RUN_BOLD;
	l->publication.equal_mark = "*";
	l->publication.corresponding_mark = "\xE2\x80\xA0";
	l->publication.author_sep = ", ";
	l->publication.author_last_sep = " and ";
	l->publication.link_format = "[%s]";
	l->publication.link_sep = " ";
	l->bullet = "\xE2\x80\xA2";
	l->list_sep = ", ";
	l->grade_label = "";
	l->title_format = "%n \xE2\x80\x94 Curriculum Vitae";
	l->footer.page_format = "%p / %n";
	l->code.family = -1;
	l->code.scale = 1;
}

/* A format string whose % tokens are all in tokens[] ("%%" always allowed). */
static bool get_format(struct ld *c, const struct cv_node *n, const char *what,
                       const char *const *tokens, size_t ntokens, const char **out)
{
	const char *s, *v;
	size_t i;
	if (!get_string(n, what, &v))
		return false;
	for (s = v; (s = strchr(s, '%')) != NULL;) {
		size_t len = 0;
		if (s[1] == '%') {
			s += 2;
			continue;
		}
		for (i = 0; i < ntokens && !len; i++)
			if (strncmp(s, tokens[i], strlen(tokens[i])) == 0)
				len = strlen(tokens[i]);
		if (!len) {
			struct cv_buf list = {0};
			for (i = 0; i < ntokens; i++)
				cv_buf_printf(&list, "%s ", tokens[i]);
			cv_msg(CV_ERROR, &n->pos, "layout-bad-value",
			       "unknown token \"%.*s\" in \"%s\" (known: %s%%%%)", s[1] ? 2 : 1, s,
			       what, list.data);
			cv_buf_free(&list);
			return false;
		}
		s += len;
	}
	*out = v;
	return true;
}

static void type_page(struct ld *c, const struct cv_node *n)
{
	/* the sizes of the paper names of page.size, in the key table's order */
	static const double dims[][2] = {{595.2756, 841.8898},
	                                 {419.5276, 595.2756},
	                                 {841.8898, 1190.5512},
	                                 {612, 792},
	                                 {612, 1008}};
	static const char *const sides[] = {"top", "right", "bottom", "left"};
	struct cv_page_layout *p = &c->l->page;
	double *side[4] = {&p->margin_top, &p->margin_right, &p->margin_bottom, &p->margin_left};
	const struct cv_node *v;
	int i;
	if (!check_keys(c, n, "page", "page"))
		return;
	if ((v = cv_node_get(n, "size")) != NULL) {
		if (v->type == CV_NODE_SEQ) {
			if (v->n != 2)
				cv_msg(
				    CV_ERROR, &v->pos, "layout-bad-value",
				    "\"page.size\" as a list needs two lengths, [width, height], "
				    "not %zu",
				    v->n);
			else {
				get_length(v->values[0], "page.size", 72, CV_LAYOUT_MAX_PT,
				           &p->width);
				get_length(v->values[1], "page.size", 72, CV_LAYOUT_MAX_PT,
				           &p->height);
			}
		} else if (get_choice(c, v, "page.size", WORDS("page.size"), &i) &&
		           i < (int)CV_COUNT(dims)) {
			p->width = dims[i][0];
			p->height = dims[i][1];
		}
	}
	if ((v = cv_node_get(n, "margins")) != NULL) {
		if (v->type == CV_NODE_SCALAR) {
			double m;
			if (get_length(v, "page.margins", 0, CV_LAYOUT_MAX_PT, &m))
				for (i = 0; i < 4; i++)
					*side[i] = m;
		} else if (check_keys(c, v, "page.margins", "page.margins")) {
			for (i = 0; i < 4; i++) {
				const struct cv_node *s = cv_node_get(v, sides[i]);
				if (s)
					get_length(s, sub(c, "page.margins", sides[i]), 0,
					           CV_LAYOUT_MAX_PT, side[i]);
			}
		}
	}
	if (p->width > 14400 || p->height > 14400)
		cv_msg(CV_ERROR, &n->pos, "layout-bad-value",
		       "the page is %.0f x %.0f pt; PDF pages are at most 14400 pt (200 in) a side",
		       p->width, p->height);
	else if (p->width - p->margin_left - p->margin_right < 72 ||
	         p->height - p->margin_top - p->margin_bottom < 72)
		cv_msg(CV_ERROR, &n->pos, "layout-bad-value",
		       "the page margins leave less than 1 inch for the text (page %.0f x %.0f "
		       "pt)",
		       p->width, p->height);
}

/* Font file named at node v: relative to the file that names it, then fonts/ on the search path. */
static const char *find_font(struct ld *c, const struct cv_node *v)
{
	char *p;
	if (v->value[0] == '/')
		return is_file(v->value) ? v->value : NULL;
	p = cv_paths_join(c->a, cv_paths_dirname(c->a, v->pos.file ? v->pos.file : "."), v->value);
	if (is_file(p))
		return p;
	return cv_paths_find(c->a, "fonts", v->value);
}

/* The stand-in package a family's `tex:` names (one of cv_layout_tex_standins), or NULL. */
static const char *get_standin(struct ld *c, const struct cv_node *v, const char *what)
{
	size_t n, i;
	const struct cv_tex_standin *all = cv_layout_tex_standins(&n);
	const char *names[32];
	int k;
	for (i = 0; i < n && i < CV_COUNT(names); i++)
		names[i] = all[i].package;
	return get_choice(c, v, what, names, i, &k) ? all[k].package : NULL;
}

static void type_fonts(struct ld *c, const struct cv_node *n)
{
	static const char *const keys[] = {"regular", "bold", "italic", "bold-italic", "tex"};
	static const char *const face_words[] = {"regular", "bold", "italic", "bold italic"};
	size_t i, f, src;
	if (!expect(n, CV_NODE_MAP, "fonts"))
		return;
	c->fam = cv_arena_array(c->a, n->n ? n->n : 1, sizeof *c->fam);
	for (i = 0; i < n->n; i++) {
		const struct cv_node *fn = n->values[i];
		const char *what = sub(c, "fonts", n->keys[i]->value);
		struct cv_font_family *fam = &c->fam[c->nfam++];
		bool have[4] = {false};
		struct cv_buf absent = {0};
		fam->name = n->keys[i]->value;
		for (f = 0; f < 4; f++)
			fam->pos[f] = n->keys[i]->pos;
		if (!check_keys(c, fn, what, "fonts.*"))
			continue;
		for (f = 0; f < 4; f++) {
			const struct cv_node *v = cv_node_get(fn, keys[f]);
			const char *s;
			if (!v || !get_string(v, sub(c, what, keys[f]), &s) || !*s)
				continue;
			fam->pos[f] = v->pos;
			if ((fam->file[f] = find_font(c, v)) != NULL)
				have[f] = true;
			else if (f == CV_FACE_REGULAR)
				cv_msg(CV_ERROR, &v->pos, "layout-font-missing",
				       "font file \"%s\" not found (next to the layout file or in "
				       "fonts/ on the search path)",
				       v->value);
		}
		if (!cv_node_get(fn, "regular"))
			cv_msg(CV_ERROR, &fn->pos, "layout-font-missing",
			       "font family \"%s\" has no regular face (add \"regular: FILE.ttf\")",
			       fam->name);
		for (f = 1; f < 4; f++) {
			const struct cv_node *v = cv_node_get(fn, keys[f]);
			if (have[f])
				continue;
			src = CV_FACE_REGULAR;
			if (f == CV_FACE_BOLD_ITALIC)
				src = have[CV_FACE_ITALIC] ? CV_FACE_ITALIC
				      : have[CV_FACE_BOLD] ? CV_FACE_BOLD
				                           : CV_FACE_REGULAR;
			fam->file[f] = fam->file[src];
			fam->pos[f] = fam->pos[src];
			if (v && v->type == CV_NODE_SCALAR && !cv_node_is_null(v))
				cv_msg(CV_WARN, &v->pos, "layout-font-fallback",
				       "font file \"%s\" not found; family \"%s\" uses its %s face "
				       "for %s",
				       v->value, fam->name, face_words[src], face_words[f]);
			else if (!v && have[CV_FACE_REGULAR])
				cv_buf_printf(&absent, "%s%s", absent.len ? " or " : "",
				              face_words[f]);
		}
		if (absent.len)
			cv_msg(CV_WARN, &fn->pos, "layout-font-fallback",
			       "font family \"%s\" has no %s face; other faces stand in", fam->name,
			       absent.data);
		cv_buf_free(&absent);
		if (cv_node_get(fn, "tex") && !cv_node_is_null(cv_node_get(fn, "tex")))
			fam->tex_package =
			    get_standin(c, cv_node_get(fn, "tex"), sub(c, what, "tex"));
	}
}

static bool get_family(struct ld *c, const struct cv_node *v, const char *what, int *out)
{
	const char *names[64];
	size_t i;
	if (!expect(v, CV_NODE_SCALAR, what))
		return false;
	for (i = 0; i < c->nfam; i++) {
		if (strcmp(c->fam[i].name, v->value) == 0) {
			*out = (int)i;
			return true;
		}
		if (i < CV_COUNT(names))
			names[i] = c->fam[i].name;
	}
	cv_msg(CV_ERROR, &v->pos, "layout-unknown-family",
	       "unknown font family \"%s\" for \"%s\" (families are defined under fonts:)%s",
	       v->value, what, hint(c->a, closest(v->value, names, c->nfam < 64 ? c->nfam : 64)));
	return false;
}

static void type_style(struct ld *c, const struct cv_node *n, const char *what, const char *pattern,
                       const struct cv_color *text, struct cv_style *s)
{
	const struct cv_style base = *s;
	const struct cv_node *v;
	int i;
	if (!check_keys(c, n, what, pattern))
		return;
	if ((v = cv_node_get(n, "font")) != NULL)
		get_family(c, v, sub(c, what, "font"), &s->family);
	if ((v = cv_node_get(n, "size")) != NULL)
		get_length(v, sub(c, what, "size"), 1, CV_LAYOUT_MAX_SIZE_PT, &s->size);
	if ((v = cv_node_get(n, "leading")) != NULL)
		get_length(v, sub(c, what, "leading"), 1, CV_LAYOUT_MAX_SPACE_PT, &s->leading);
	else if (s->size != base.size && base.size > 0)
		s->leading = s->size * base.leading / base.size;
	if ((v = cv_node_get(n, "bold")) != NULL)
		get_bool(v, sub(c, what, "bold"), &s->bold);
	if ((v = cv_node_get(n, "italic")) != NULL)
		get_bool(v, sub(c, what, "italic"), &s->italic);
	if ((v = cv_node_get(n, "color")) != NULL)
		get_color(c, v, sub(c, what, "color"), true, text, &s->color);
	if ((v = cv_node_get(n, "case")) != NULL &&
	    get_choice(c, v, sub(c, what, "case"), WORDS("styles.*.case"), &i))
		s->text_case = (enum cv_case)i;
	if ((v = cv_node_get(n, "tracking")) != NULL)
		get_number(v, sub(c, what, "tracking"), -200, 1000, &s->tracking);
	if ((v = cv_node_get(n, "align")) != NULL &&
	    get_choice(c, v, sub(c, what, "align"), WORDS("styles.*.align"), &i))
		s->align = (enum cv_align)i;
	if ((v = cv_node_get(n, "hyphenate")) != NULL)
		get_bool(v, sub(c, what, "hyphenate"), &s->hyphenate);
	if ((v = cv_node_get(n, "link-color")) != NULL)
		get_color(c, v, sub(c, what, "link-color"), true, text, &s->link_color);
}

static void type_styles(struct ld *c, const struct cv_node *n, const struct cv_color *text)
{
	struct cv_style *body = &c->l->styles[CV_ROLE_BODY];
	const struct cv_node *b = n ? cv_node_get(n, "body") : NULL;
	size_t i;
	int r;
	body->color = *text;
	body->link_color = c->l->link_color;
	if (b)
		type_style(c, b, "styles.body", "styles.*", text, body);
	for (r = 1; r < CV_ROLE__COUNT; r++)
		c->l->styles[r] = *body;
	if (!n || !expect(n, CV_NODE_MAP, "styles"))
		return;
	for (i = 0; i < n->n; i++) {
		const char *k = n->keys[i]->value;
		enum cv_role role;
		if (!cv_role_by_name(k, &role)) {
			cv_msg(CV_ERROR, &n->keys[i]->pos, "layout-unknown-role",
			       "unknown role \"%s\" in \"styles\"%s", k,
			       hint(c->a, closest(k, WORDS("styles"))));
			continue;
		}
		if (role != CV_ROLE_BODY)
			type_style(c, n->values[i], sub(c, "styles", k), "styles.*", text,
			           &c->l->styles[role]);
	}
}

static void type_colors(struct ld *c, const struct cv_node *n, struct cv_color *text)
{
	const struct cv_node *v;
	if (!check_keys(c, n, "colors", "colors"))
		return;
	if ((v = cv_node_get(n, "accent")) != NULL)
		get_color(c, v, "colors.accent", false, text, &c->l->accent);
	c->l->link_color = c->l->accent;
	c->l->section.rule_color = c->l->accent;
	if ((v = cv_node_get(n, "text")) != NULL)
		get_color(c, v, "colors.text", true, text, text);
	if ((v = cv_node_get(n, "link")) != NULL)
		get_color(c, v, "colors.link", true, text, &c->l->link_color);
}

/*
 * "LENGTH [plus LENGTH] [minus LENGTH]" (TeX's glue) -> points; *plus and
 * *minus are left alone when not written.  Reports a bad value at n.
 */
static bool get_glue(struct ld *c, const struct cv_node *n, const char *what, double *len,
                     double *plus, double *minus)
{
	static const char *const words[] = {"plus", "minus"};
	if (!expect(n, CV_NODE_SCALAR, what))
		return false;
	const char *s = n->value;
	char *text = cv_arena_strdup(c->a, s);
	char *field[3] = {text, NULL, NULL}; /* the length, its stretch, its shrink */
	/* the words "plus" and "minus" cut the value into its lengths */
	for (char *p = text; *p;) {
		if (*p++ != ' ')
			continue;
		while (*p == ' ')
			p++;
		char *w = p;
		while (*p >= 'a' && *p <= 'z')
			p++;
		size_t wl = (size_t)(p - w);
		if (wl == 0 || (*p && *p != ' '))
			continue;
		int k = wl == 4 && !strncmp(w, "plus", 4)    ? 1
		        : wl == 5 && !strncmp(w, "minus", 5) ? 2
		                                             : 0;
		if (k == 0) { /* a unit ("6 pt"), or a word mistyped */
			char word[8];
			const char *near = NULL;
			if (wl < sizeof word) {
				memcpy(word, w, wl);
				word[wl] = '\0';
				near = closest(word, words, CV_COUNT(words));
			}
			if (near) {
				cv_msg(CV_ERROR, &n->pos, "layout-bad-length",
				       "bad length \"%s\" for \"%s\": unknown word \"%s\"%s", s,
				       what, word, hint(c->a, near));
				return false;
			}
			continue;
		}
		if (field[k] || (k == 1 && field[2])) {
			cv_msg(
			    CV_ERROR, &n->pos, "layout-bad-length",
			    "bad length \"%s\" for \"%s\": write \"plus\" and \"minus\" once each, "
			    "in that order (\"6pt plus 2pt minus 1pt\")",
			    s, what);
			return false;
		}
		w[-1] = '\0'; /* the field before ends at the word */
		field[k] = p;
	}
	double v[3] = {0, 0, 0};
	for (int k = 0; k < 3; k++) {
		if (!field[k])
			continue;
		if (!parse_length(field[k], &v[k])) {
			cv_msg(
			    CV_ERROR, &n->pos, "layout-bad-length",
			    "bad length \"%s\" for \"%s\" (write a number with pt, mm, cm or in, "
			    "optionally with glue: \"6pt plus 2pt minus 1pt\")",
			    s, what);
			return false;
		}
		if (v[k] < 0) {
			cv_msg(CV_ERROR, &n->pos, "layout-bad-length",
			       "\"%s\" must be zero or more, not \"%s\"", what, s);
			return false;
		}
		if (v[k] > CV_LAYOUT_MAX_SPACE_PT) {
			cv_msg(CV_ERROR, &n->pos, "layout-bad-length",
			       "\"%s\" must be at most %gpt, not \"%s\"", what,
			       CV_LAYOUT_MAX_SPACE_PT, s);
			return false;
		}
	}
	if (v[2] > v[0]) {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-length",
		       "\"%s\" cannot shrink by more than its own length, not \"%s\"", what, s);
		return false;
	}
	*len = v[0];
	if (field[1])
		*plus = v[1];
	if (field[2])
		*minus = v[2];
	return true;
}

/* A percentage "0%" to "100%" as a share 0..1.  Reports a bad value at n. */
static bool get_percent(const struct cv_node *n, const char *what, double *share)
{
	if (!expect(n, CV_NODE_SCALAR, what))
		return false;
	if (!parse_percent(skip_spaces(n->value), share)) {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-value",
		       "\"%s\" must be a percentage from 0%% to 100%%, e.g. \"20%%\", not \"%s\"",
		       what, n->value);
		return false;
	}
	return true;
}

static void type_spacing(struct ld *c, const struct cv_node *n)
{
	/* the gaps in the order of enum cv_gap */
	static const char *const gaps[CV_GAP__COUNT] = {
	    "header-after", "section-before", "section-after", "entry-gap",
	    "row-gap",      "paragraph-gap",  "item-gap"};
	struct cv_spacing *s = &c->l->spacing;
	double *fields[CV_GAP__COUNT] = {&s->header_after, &s->section_before, &s->section_after,
	                                 &s->entry_gap,    &s->row_gap,        &s->paragraph_gap,
	                                 &s->item_gap};
	const struct cv_node *v;
	if (!check_keys(c, n, "spacing", "spacing"))
		return;
	for (size_t i = 0; i < CV_GAP__COUNT; i++)
		if ((v = cv_node_get(n, gaps[i])))
			get_glue(c, v, sub(c, "spacing", gaps[i]), fields[i], &s->plus[i],
			         &s->minus[i]);
	if ((v = cv_node_get(n, "list-indent")))
		get_length(v, "spacing.list-indent", 0, CV_LAYOUT_MAX_SPACE_PT, &s->list_indent);
	if ((v = cv_node_get(n, "shrink")))
		get_percent(v, "spacing.shrink", &s->shrink);
	if ((v = cv_node_get(n, "stretch")))
		get_percent(v, "spacing.stretch", &s->stretch);
}

static void type_header(struct ld *c, const struct cv_node *n)
{
	size_t nitems;
	const char *const *items = cv_layout_words("header.contact", &nitems);
	struct cv_header_layout *h = &c->l->header;
	const struct cv_node *v, *p;
	size_t i;
	int k;
	if (!check_keys(c, n, "header", "header"))
		return;
	if ((v = cv_node_get(n, "align")) && get_choice(c, v, "header.align", WORDS("header.align"), &k))
		h->align = (enum cv_align)k;
	if ((v = cv_node_get(n, "separator")))
		get_string(v, "header.separator", &h->separator);
	if ((v = cv_node_get(n, "contact-lines")))
		get_bool(v, "header.contact-lines", &h->contact_lines);
	if ((v = cv_node_get(n, "icons")))
		get_bool(v, "header.icons", &h->icons);
	if ((v = cv_node_get(n, "place")) && get_choice(c, v, "header.place", WORDS("header.place"), &k))
		c->l->header_place = (enum cv_header_place)k;
	if ((v = cv_node_get(n, "contact")) && expect(v, CV_NODE_SEQ, "header.contact")) {
		const char **list = cv_arena_array(c->a, v->n ? v->n : 1, sizeof *list);
		size_t m = 0;
		for (i = 0; i < v->n; i++)
			if (get_choice(c, v->values[i], "header.contact", items, nitems, &k))
				list[m++] = items[k];
		h->contact = list;
		h->ncontact = m;
	}
	if ((p = cv_node_get(n, "photo")) && check_keys(c, p, "header.photo", "header.photo")) {
		if ((v = cv_node_get(p, "show")))
			get_bool(v, "header.photo.show", &h->photo);
		if ((v = cv_node_get(p, "size")))
			get_length(v, "header.photo.size", 1, CV_LAYOUT_MAX_SPACE_PT,
			           &h->photo_size);
		if ((v = cv_node_get(p, "shape")) &&
		    get_choice(c, v, "header.photo.shape", WORDS("header.photo.shape"), &k))
			h->photo_shape = (enum cv_photo_shape)k;
		if ((v = cv_node_get(p, "side")) &&
		    get_choice(c, v, "header.photo.side", WORDS("header.photo.side"), &k))
			h->photo_side = k ? CV_ALIGN_RIGHT : CV_ALIGN_LEFT;
	}
}

/*
 * A list of section kinds or titles (sidebar.sections, sections.order,
 * sections.hide): strings, stored as written; *n gets the count.
 */
static const char *const *get_section_names(struct ld *c, const struct cv_node *v, const char *what,
                                            size_t *n)
{
	const char **list;
	size_t i;
	*n = 0;
	if (!expect(v, CV_NODE_SEQ, what))
		return NULL;
	list = cv_arena_array(c->a, v->n ? v->n : 1, sizeof *list);
	for (i = 0; i < v->n; i++) {
		const char *s;
		if (!get_string(v->values[i], what, &s))
			continue;
		if (!*s) {
			cv_msg(CV_ERROR, &v->values[i]->pos, "layout-bad-value",
			       "\"%s\" lists section kinds or titles: an empty one matches nothing",
			       what);
			continue;
		}
		list[(*n)++] = s;
	}
	return list;
}

static void type_banner(struct ld *c, const struct cv_node *n, const struct cv_color *text)
{
	struct cv_banner_layout *b = &c->l->banner;
	const struct cv_node *v;
	if (!check_keys(c, n, "header.banner", "header.banner"))
		return;
	b->show = true;
	b->color = c->l->accent;
	if ((v = cv_node_get(n, "color")))
		get_color(c, v, "header.banner.color", true, text, &b->color);
	if ((v = cv_node_get(n, "padding")))
		get_length(v, "header.banner.padding", 0, CV_LAYOUT_MAX_SPACE_PT, &b->padding);
}

/*
 * A role's style s follows a changed body (from was the body, to is the new
 * one) in every key where s had the body's value: as in the main styles, a
 * key a role does not set is the body's.
 */
static void inherit_body(struct cv_style *s, const struct cv_style *from, const struct cv_style *to)
{
	if (s->family == from->family)
		s->family = to->family;
	if (s->size == from->size) {
		s->size = to->size;
		if (s->leading == from->leading)
			s->leading = to->leading;
	}
	if (s->bold == from->bold)
		s->bold = to->bold;
	if (s->italic == from->italic)
		s->italic = to->italic;
	if (!memcmp(&s->color, &from->color, sizeof s->color))
		s->color = to->color;
	if (s->text_case == from->text_case)
		s->text_case = to->text_case;
	if (s->tracking == from->tracking)
		s->tracking = to->tracking;
	if (s->align == from->align)
		s->align = to->align;
	if (s->hyphenate == from->hyphenate)
		s->hyphenate = to->hyphenate;
	if (!memcmp(&s->link_color, &from->link_color, sizeof s->link_color))
		s->link_color = to->link_color;
}

/*
 * sidebar: its geometry and sections, and its styles: the main styles; then
 * sidebar.styles.body, followed by every role in the keys it had from the
 * main body; then sidebar.styles.ROLE.
 */
static void type_sidebar(struct ld *c, const struct cv_node *n, const struct cv_color *text)
{
	struct cv_sidebar_layout *sb = &c->l->sidebar;
	const struct cv_node *v, *st;
	size_t i;
	int k, r;
	for (r = 0; r < CV_ROLE__COUNT; r++)
		sb->styles[r] = c->l->styles[r];
	if (!n || !check_keys(c, n, "sidebar", "sidebar"))
		return;
	sb->show = true;
	if ((v = cv_node_get(n, "side")) && get_choice(c, v, "sidebar.side", WORDS("sidebar.side"), &k))
		sb->side = k ? CV_ALIGN_RIGHT : CV_ALIGN_LEFT;
	if ((v = cv_node_get(n, "width")))
		get_length(v, "sidebar.width", 36, CV_LAYOUT_MAX_PT, &sb->width);
	if ((v = cv_node_get(n, "gap")))
		get_length(v, "sidebar.gap", 0, CV_LAYOUT_MAX_SPACE_PT, &sb->gap);
	if ((v = cv_node_get(n, "background")) &&
	    get_color(c, v, "sidebar.background", true, text, &sb->color))
		sb->background = true;
	if ((v = cv_node_get(n, "padding")))
		get_length(v, "sidebar.padding", 0, CV_LAYOUT_MAX_SPACE_PT, &sb->padding);
	if ((v = cv_node_get(n, "pages")) && get_choice(c, v, "sidebar.pages", WORDS("sidebar.pages"), &k))
		sb->all_pages = k == 1;
	if ((v = cv_node_get(n, "sections")))
		sb->sections = get_section_names(c, v, "sidebar.sections", &sb->nsections);
	if (!(st = cv_node_get(n, "styles")) || !expect(st, CV_NODE_MAP, "sidebar.styles"))
		return;
	if ((v = cv_node_get(st, "body"))) {
		type_style(c, v, "sidebar.styles.body", "sidebar.styles.*", text,
		           &sb->styles[CV_ROLE_BODY]);
		for (r = 1; r < CV_ROLE__COUNT; r++)
			inherit_body(&sb->styles[r], &c->l->styles[CV_ROLE_BODY],
			             &sb->styles[CV_ROLE_BODY]);
	}
	for (i = 0; i < st->n; i++) {
		const char *key = st->keys[i]->value;
		enum cv_role role;
		if (!cv_role_by_name(key, &role)) {
			cv_msg(CV_ERROR, &st->keys[i]->pos, "layout-unknown-role",
			       "unknown role \"%s\" in \"sidebar.styles\"%s", key,
			       hint(c->a, closest(key, WORDS("styles"))));
			continue;
		}
		if (role != CV_ROLE_BODY)
			type_style(c, st->values[i], sub(c, "sidebar.styles", key),
			           "sidebar.styles.*", text, &sb->styles[role]);
	}
}

static void type_sections(struct ld *c, const struct cv_node *n)
{
	struct cv_sections_layout *s = &c->l->sections;
	const struct cv_node *v;
	int k;
	if (!check_keys(c, n, "sections", "sections"))
		return;
	if ((v = cv_node_get(n, "order")))
		s->order = get_section_names(c, v, "sections.order", &s->norder);
	if ((v = cv_node_get(n, "hide")))
		s->hide = get_section_names(c, v, "sections.hide", &s->nhide);
	if ((v = cv_node_get(n, "main")))
		s->main = get_section_names(c, v, "sections.main", &s->nmain);
	if ((v = cv_node_get(n, "region")) && get_choice(c, v, "sections.region", WORDS("sections.region"), &k))
		s->default_sidebar = k == 1;
}

static void type_gutter(struct ld *c, const struct cv_node *n)
{
	struct cv_gutter_layout *g = &c->l->gutter;
	const struct cv_node *v;
	if (!check_keys(c, n, "gutter", "gutter"))
		return;
	g->show = true;
	if ((v = cv_node_get(n, "width")))
		get_length(v, "gutter.width", 12, CV_LAYOUT_MAX_SPACE_PT, &g->width);
	if ((v = cv_node_get(n, "gap")))
		get_length(v, "gutter.gap", 0, CV_LAYOUT_MAX_SPACE_PT, &g->gap);
}

/* The node at a dotted path of at most two keys, for positions; else fallback. */
static const struct cv_node *node_at(const struct cv_node *root, const char *k1, const char *k2,
                                     const struct cv_node *fallback)
{
	const struct cv_node *v = cv_node_get(root, k1);
	if (v && k2) {
		const struct cv_node *w = cv_node_get(v, k2);
		v = w ? w : v;
	}
	return v ? v : fallback;
}

/*
 * What the region keys say together: the main column keeps at least
 * MIN_COLUMN_PT beside a sidebar and a gutter, a header or sections placed
 * in the sidebar need one, a banner sits behind a header at the top.
 */
static void check_regions(struct ld *c, const struct cv_node *root)
{
	const struct cv_layout *l = c->l;
	const struct cv_page_layout *pg = &l->page;
	double text = pg->width - pg->margin_left - pg->margin_right;
	double side = l->sidebar.show ? l->sidebar.width + l->sidebar.gap : 0;
	double gutter = l->gutter.show ? l->gutter.width + l->gutter.gap : 0;
	const struct cv_pos *sidebar_at = &node_at(root, "sidebar", "width", root)->pos;
	const struct cv_pos *gutter_at = &node_at(root, "gutter", "width", root)->pos;
	const struct cv_pos *place_at = &node_at(root, "header", "place", root)->pos;
	const struct cv_pos *region_at = &node_at(root, "sections", "region", root)->pos;
	const struct cv_pos *banner_at = &node_at(root, "header", "banner", root)->pos;
	if (l->sidebar.show && text - side < MIN_COLUMN_PT)
		cv_msg(CV_ERROR, sidebar_at, "layout-bad-value",
		       "the sidebar (%.0fpt with its gap) leaves the main column %.0fpt of the "
		       "%.0fpt between the margins; it needs at least %.0fpt",
		       side, text - side, text, MIN_COLUMN_PT);
	else if (l->gutter.show && text - side - gutter < MIN_COLUMN_PT)
		cv_msg(CV_ERROR, gutter_at, "layout-bad-value",
		       "the date column (%.0fpt with its gap) leaves the entries %.0fpt of the "
		       "%.0fpt column; they need at least %.0fpt",
		       gutter, text - side - gutter, text - side, MIN_COLUMN_PT);
	if (!l->sidebar.show && l->header_place == CV_HEADER_SIDEBAR)
		cv_msg(CV_ERROR, place_at, "layout-bad-value",
		       "\"header.place: sidebar\" needs a sidebar (add sidebar: with its width)");
	if (!l->sidebar.show && l->sections.default_sidebar)
		cv_msg(
		    CV_ERROR, region_at, "layout-bad-value",
		    "\"sections.region: sidebar\" needs a sidebar (add sidebar: with its width)");
	if (l->banner.show && l->header_place != CV_HEADER_TOP)
		cv_msg(CV_ERROR, banner_at, "layout-bad-value",
		       "\"header.banner\" is a band across the top of the page: it needs "
		       "\"header.place: top\"");
}

static void type_section(struct ld *c, const struct cv_node *n, const struct cv_color *text)
{
	struct cv_section_layout *s = &c->l->section;
	const struct cv_node *v;
	int k;
	if (!check_keys(c, n, "section", "section"))
		return;
	if ((v = cv_node_get(n, "rule")) && get_choice(c, v, "section.rule", WORDS("section.rule"), &k))
		s->rule = (enum cv_rule_pos)k;
	if ((v = cv_node_get(n, "rule-width")))
		get_length(v, "section.rule-width", 0, CV_LAYOUT_MAX_SPACE_PT, &s->rule_width);
	if ((v = cv_node_get(n, "rule-gap")))
		get_length(v, "section.rule-gap", 0, CV_LAYOUT_MAX_SPACE_PT, &s->rule_gap);
	if ((v = cv_node_get(n, "rule-color")))
		get_color(c, v, "section.rule-color", true, text, &s->rule_color);
}

static void get_twelve(struct ld *c, const struct cv_node *v, const char *what, const char **out)
{
	size_t i;
	if (!expect(v, CV_NODE_SEQ, what))
		return;
	if (v->n != 12) {
		cv_msg(CV_ERROR, &v->pos, "layout-bad-value",
		       "\"%s\" needs 12 names, January to December, not %zu", what, v->n);
		return;
	}
	for (i = 0; i < 12; i++)
		get_string(v->values[i], what, &out[i]);
}

static void type_dates(struct ld *c, const struct cv_node *n)
{
	static const char *const keys[] = {"year",
	                                   "month",
	                                   "day",
	                                   "range-separator",
	                                   "present",
	                                   "month-names",
	                                   "month-abbreviations"};
	struct cv_date_layout *d = &c->l->dates;
	const char **fmt[] = {&d->year_format, &d->month_format, &d->day_format};
	const struct cv_node *v;
	size_t i;
	if (!check_keys(c, n, "dates", "dates"))
		return;
	for (i = 0; i < 3; i++)
		if ((v = cv_node_get(n, keys[i])))
			get_format(c, v, sub(c, "dates", keys[i]), WORDS("dates.year"), fmt[i]);
	if ((v = cv_node_get(n, "range-separator")))
		get_string(v, "dates.range-separator", &d->range_sep);
	if ((v = cv_node_get(n, "present")))
		get_string(v, "dates.present", &d->present);
	if ((v = cv_node_get(n, "month-names")))
		get_twelve(c, v, "dates.month-names", d->month_names);
	if ((v = cv_node_get(n, "month-abbreviations")))
		get_twelve(c, v, "dates.month-abbreviations", d->month_abbr);
}

bool cv_layout_type_dates(struct cv_arena *a, const struct cv_node *n, struct cv_date_layout *d)
{
	unsigned errors = cv_msg_count(CV_ERROR);
	struct ld c = {a, NULL, NULL, 0};
	c.l = cv_arena_alloc(a, sizeof *c.l);
	c.l->dates = *d;
	type_dates(&c, n);
	*d = c.l->dates;
	return cv_msg_count(CV_ERROR) == errors;
}

static void type_code(struct ld *c, const struct cv_node *n)
{
	const struct cv_node *v;
	if (!check_keys(c, n, "code", "code"))
		return;
	if ((v = cv_node_get(n, "font")))
		get_family(c, v, "code.font", &c->l->code.family);
	if ((v = cv_node_get(n, "scale")))
		get_number(v, "code.scale", 0.5, 2, &c->l->code.scale);
}

/* chip: background (the accent at 15 % unless set) and text colour. */
static void type_chip(struct ld *c, const struct cv_node *n, const struct cv_color *text)
{
	const struct cv_node *v;
	struct cv_chip_layout *ch = &c->l->chip;
	const struct cv_color *a = &c->l->accent;
	ch->background =
	    (struct cv_color){1 - 0.15 * (1 - a->r), 1 - 0.15 * (1 - a->g), 1 - 0.15 * (1 - a->b)};
	if (!n || !check_keys(c, n, "chip", "chip"))
		return;
	if ((v = cv_node_get(n, "background")))
		get_color(c, v, "chip.background", true, text, &ch->background);
	if ((v = cv_node_get(n, "color")))
		ch->color_set = get_color(c, v, "chip.color", true, text, &ch->color);
}

/* A whole number between min and max (a letter count). */
static bool get_count(const struct cv_node *n, const char *what, int min, int max, int *out)
{
	double v;
	if (!get_number(n, what, min, max, &v))
		return false;
	if (v != floor(v)) {
		cv_msg(CV_ERROR, &n->pos, "layout-bad-value",
		       "\"%s\" is %s; it must be a whole number of letters", what, n->value);
		return false;
	}
	*out = (int)v;
	return true;
}

static void type_hyphenation(struct ld *c, const struct cv_node *n)
{
	struct cv_hyphenation_layout *h = &c->l->hyphenation;
	const struct cv_node *v;
	if (!check_keys(c, n, "hyphenation", "hyphenation"))
		return;
	if ((v = cv_node_get(n, "left-min")))
		get_count(v, "hyphenation.left-min", 1, CV_LAYOUT_HYPHEN_MAX_MIN, &h->left_min);
	if ((v = cv_node_get(n, "right-min")))
		get_count(v, "hyphenation.right-min", 1, CV_LAYOUT_HYPHEN_MAX_MIN, &h->right_min);
	if ((v = cv_node_get(n, "capitalized")))
		get_bool(v, "hyphenation.capitalized", &h->capitalized);
	if ((v = cv_node_get(n, "final-demerits")) &&
	    get_number(v, "hyphenation.final-demerits", 0, CV_LAYOUT_MAX_DEMERITS,
	               &h->final_demerits) &&
	    h->final_demerits != floor(h->final_demerits)) {
		cv_msg(CV_ERROR, &v->pos, "layout-bad-value",
		       "\"hyphenation.final-demerits\" is %s; it must be a whole number", v->value);
		h->final_demerits = CV_LAYOUT_FINAL_HYPHEN_DEMERITS;
	}
}

static void type_publication(struct ld *c, const struct cv_node *n)
{
	static const char *const keys[] = {"owner",
	                                   "equal-mark",
	                                   "corresponding-mark",
	                                   "author-separator",
	                                   "author-last-separator",
	                                   "link-format",
	                                   "link-separator"};
	static const unsigned owner_flags[] = {0, CV_RUN_BOLD, CV_RUN_UNDERLINE,
	                                       CV_RUN_BOLD | CV_RUN_UNDERLINE};
	struct cv_publication_layout *p = &c->l->publication;
	const char **strs[] = {&p->equal_mark, &p->corresponding_mark, &p->author_sep,
	                       &p->author_last_sep};
	const struct cv_node *v;
	size_t i;
	int k;
	if (!check_keys(c, n, "publication", "publication"))
		return;
	if ((v = cv_node_get(n, "owner")) && get_choice(c, v, "publication.owner", WORDS("publication.owner"), &k))
		p->owner_flags = owner_flags[k];
	for (i = 0; i < CV_COUNT(strs); i++)
		if ((v = cv_node_get(n, keys[i + 1])))
			get_string(v, sub(c, "publication", keys[i + 1]), strs[i]);
	if ((v = cv_node_get(n, "link-format")))
		get_format(c, v, "publication.link-format", WORDS("publication.link-format"),
		           &p->link_format);
	if ((v = cv_node_get(n, "link-separator")))
		get_string(v, "publication.link-separator", &p->link_sep);
}

/* ---- templates ------------------------------------------------------------------ */

struct field_check {
	struct ld *c;
	enum cv_kind kind;
	const struct cv_node *node;
};

static const char *suggest_field(enum cv_kind kind, const char *name)
{
	const char *s = cv_schema_suggest_field(kind, name);
	if (cv_schema_template_name_ok(kind, "dates") &&
	    cv_edit_distance(name, "dates") < (s ? cv_edit_distance(name, s) : 3))
		return "dates";
	return s;
}

static bool check_field(void *ctx, const char *name)
{
	struct field_check *fc = ctx;
	const char *src = fc->node->value, *at;
	struct cv_pos pos = fc->node->pos;
	char *needle;
	if (cv_schema_template_name_ok(fc->kind, name))
		return true;
	/* point at the placeholder when the template is one line */
	needle = cv_arena_printf(fc->c->a, "{%s}", name);
	if (pos.col && !strchr(src, '\n') && (at = strstr(src, needle)) != NULL)
		pos.col +=
		    (unsigned)cv_utf8_length(src, (size_t)(at - src)) + (fc->node->plain ? 0 : 1);
	cv_msg(CV_ERROR, &pos, "layout-unknown-field",
	       "unknown field \"%s\" in the \"%s\" template%s", name,
	       cv_schema_kind(fc->kind)->name, hint(fc->c->a, suggest_field(fc->kind, name)));
	return true;
}

static const struct cv_tmpl *parse_part(struct ld *c, const struct cv_node *n, enum cv_kind kind,
                                        const char *what)
{
	struct field_check fc = {c, kind, n};
	struct cv_pos pos = n->pos;
	struct cv_tmpl *t;
	if (!expect(n, CV_NODE_SCALAR, what) || cv_node_is_null(n))
		return NULL;
	if (!n->plain && pos.col && !strchr(n->value, '\n'))
		pos.col++; /* past the opening quote */
	if (!(t = cv_tmpl_parse(c->a, n->value, &pos)))
		return NULL;
	cv_tmpl_each_field(t, check_field, &fc);
	return t;
}

/* Fill cell from n: a template string, a list of them, or {parts, sep, style}. */
static void type_cell(struct ld *c, const struct cv_node *n, enum cv_kind kind, const char *what,
                      struct cv_tmpl_cell *cell)
{
	const struct cv_node *parts = n, *v;
	const struct cv_tmpl **list;
	size_t i;
	cell->sep = c->l->list_sep;
	if (cv_node_is_null(n))
		return;
	if (n->type == CV_NODE_MAP) {
		if (!check_keys(c, n, what, "templates.*.rows[].left"))
			return;
		if ((v = cv_node_get(n, "sep")))
			get_string(v, sub(c, what, "sep"), &cell->sep);
		if ((v = cv_node_get(n, "chips")))
			get_bool(v, sub(c, what, "chips"), &cell->chips);
		if ((v = cv_node_get(n, "style")) &&
		    expect(v, CV_NODE_SCALAR, sub(c, what, "style")) &&
		    !cv_role_by_name(v->value, &cell->role))
			cv_msg(CV_ERROR, &v->pos, "layout-unknown-role",
			       "unknown role \"%s\" in \"%s\"%s", v->value, sub(c, what, "style"),
			       hint(c->a, closest(v->value, WORDS("styles"))));
		if (!(parts = cv_node_get(n, "parts"))) {
			cv_msg(CV_ERROR, &n->pos, "layout-bad-value",
			       "\"%s\" as a mapping needs \"parts\"", what);
			return;
		}
	}
	if (parts->type == CV_NODE_MAP) {
		expect(parts, CV_NODE_SEQ, what);
		return;
	}
	if (parts->type == CV_NODE_SCALAR) {
		list = cv_arena_array(c->a, 1, sizeof *list);
		if ((list[0] = parse_part(c, parts, kind, what)) != NULL)
			cell->nparts = 1;
		cell->parts = list;
		return;
	}
	list = cv_arena_array(c->a, parts->n ? parts->n : 1, sizeof *list);
	for (i = 0; i < parts->n; i++)
		if ((list[cell->nparts] = parse_part(c, parts->values[i], kind, what)) != NULL)
			cell->nparts++;
	cell->parts = list;
}

static void get_role(struct ld *c, const struct cv_node *v, const char *what, enum cv_role *role)
{
	if (expect(v, CV_NODE_SCALAR, what) && !cv_role_by_name(v->value, role))
		cv_msg(CV_ERROR, &v->pos, "layout-unknown-role", "unknown role \"%s\" in \"%s\"%s",
		       v->value, what, hint(c->a, closest(v->value, WORDS("styles"))));
}

static void type_template(struct ld *c, const struct cv_node *n, enum cv_kind kind,
                          const char *what, struct cv_template *t)
{
	const struct cv_node *rows, *body;
	size_t i;
	if (!check_keys(c, n, what, "templates.*"))
		return;
	if ((rows = cv_node_get(n, "rows")) && !cv_node_is_null(rows) &&
	    expect(rows, CV_NODE_SEQ, sub(c, what, "rows"))) {
		struct cv_tmpl_row *r = cv_arena_array(c->a, rows->n ? rows->n : 1, sizeof *r);
		for (i = 0; i < rows->n; i++) {
			const struct cv_node *row = rows->values[i], *v;
			const char *rw = cv_arena_printf(c->a, "%s.rows[%zu]", what, i + 1);
			r[i].left.role = i == 0 ? CV_ROLE_ENTRY_TITLE : CV_ROLE_ENTRY_SUBTITLE;
			r[i].right.role = CV_ROLE_ENTRY_DATE;
			if (!check_keys(c, row, rw, "templates.*.rows[]"))
				continue;
			if ((v = cv_node_get(row, "style")))
				get_role(c, v, sub(c, rw, "style"), &r[i].left.role);
			if ((v = cv_node_get(row, "right-style")))
				get_role(c, v, sub(c, rw, "right-style"), &r[i].right.role);
			if ((v = cv_node_get(row, "left")))
				type_cell(c, v, kind, sub(c, rw, "left"), &r[i].left);
			if ((v = cv_node_get(row, "right")))
				type_cell(c, v, kind, sub(c, rw, "right"), &r[i].right);
		}
		t->rows = r;
		t->nrows = rows->n;
	}
	if ((body = cv_node_get(n, "body")) && !cv_node_is_null(body)) {
		const struct cv_node *one[1];
		const struct cv_node *const *items = one;
		const char **names;
		size_t count = 1;
		one[0] = body;
		if (body->type == CV_NODE_SEQ) {
			items = (const struct cv_node *const *)body->values;
			count = body->n;
		}
		names = cv_arena_array(c->a, count ? count : 1, sizeof *names);
		t->nbody = 0;
		for (i = 0; i < count; i++) {
			const struct cv_field_spec *f;
			if (!expect(items[i], CV_NODE_SCALAR, sub(c, what, "body")))
				continue;
			f = cv_schema_field(kind, items[i]->value);
			if (!f)
				cv_msg(CV_ERROR, &items[i]->pos, "layout-unknown-field",
				       "unknown field \"%s\" in the \"%s\" template%s",
				       items[i]->value, cv_schema_kind(kind)->name,
				       hint(c->a, cv_schema_suggest_field(kind, items[i]->value)));
			else if (f->type != CV_VALUE_TEXT && f->type != CV_VALUE_LIST)
				cv_msg(CV_ERROR, &items[i]->pos, "layout-bad-value",
				       "field \"%s\" cannot go in the body of a \"%s\" entry (only "
				       "text "
				       "and list fields can)",
				       f->name, cv_schema_kind(kind)->name);
			else
				names[t->nbody++] = f->name;
		}
		t->body = names;
	}
}

static void type_templates(struct ld *c, const struct cv_node *n, const struct cv_pos *at)
{
	bool seen[CV_KIND__COUNT] = {false};
	struct cv_buf missing = {0};
	const char *kinds[CV_KIND__COUNT];
	size_t i;
	for (i = 0; i < CV_KIND__COUNT; i++)
		kinds[i] = cv_schema_kind((enum cv_kind)i)->name;
	if (n && expect(n, CV_NODE_MAP, "templates")) {
		struct cv_title_template *tt = cv_arena_array(c->a, n->n ? n->n : 1, sizeof *tt);
		c->l->title_templates = tt;
		c->l->ntitle_templates = 0;
		for (i = 0; i < n->n; i++) {
			const char *k = n->keys[i]->value;
			const struct cv_node *v = n->values[i];
			const struct cv_node *kn =
			    v && v->type == CV_NODE_MAP ? cv_node_get(v, "kind") : NULL;
			enum cv_kind kind;
			if (kn) { /* a section title's own template */
				if (cv_schema_kind_by_name(k, &kind)) {
					seen[kind] = true; /* reported here, not as missing */
					cv_msg(CV_ERROR, &kn->pos, "layout-bad-value",
					       "\"kind\" belongs in a template named after a "
					       "section title, "
					       "not in the \"%s\" template",
					       k);
					continue;
				}
				if (!expect(kn, CV_NODE_SCALAR,
				            sub(c, sub(c, "templates", k), "kind")))
					continue;
				if (!cv_schema_kind_by_name(kn->value, &kind)) {
					cv_msg(
					    CV_ERROR, &kn->pos, "layout-unknown-kind",
					    "unknown entry kind \"%s\" for the \"%s\" template%s",
					    kn->value, k,
					    hint(c->a, closest(kn->value, kinds, CV_KIND__COUNT)));
					continue;
				}
				struct cv_title_template *t = &tt[c->l->ntitle_templates++];
				t->title = k;
				t->kind = kind;
				type_template(c, v, kind, sub(c, "templates", k), &t->t);
				continue;
			}
			if (!cv_schema_kind_by_name(k, &kind)) {
				cv_msg(CV_ERROR, &n->keys[i]->pos, "layout-unknown-kind",
				       "unknown entry kind \"%s\" in \"templates\"%s (a template "
				       "for the "
				       "sections of one title says which kind its entries are: "
				       "\"kind: experience\")",
				       k, hint(c->a, closest(k, kinds, CV_KIND__COUNT)));
				continue;
			}
			seen[kind] = true;
			type_template(c, n->values[i], kind, sub(c, "templates", k),
			              &c->l->templates[kind]);
		}
	}
	for (i = 0; i < CV_KIND__COUNT; i++)
		if (!seen[i])
			cv_buf_printf(&missing, "%s\"%s\"", missing.len ? ", " : "", kinds[i]);
	if (missing.len)
		cv_msg(CV_ERROR, at, "layout-missing-template",
		       "the layout has no template for %s entries (add them under templates:, or "
		       "extend \"classic\")",
		       missing.data);
	cv_buf_free(&missing);
}

static void type_layout(struct ld *c, const struct cv_node *root)
{
	struct cv_pos file_pos = {c->l->path, 0, 0};
	struct cv_color text = rgb_color(0);
	const struct cv_node *v;
	check_keys(c, root, NULL, "");
	if ((v = cv_node_get(root, "name")))
		get_string(v, "name", &c->l->name);
	if ((v = cv_node_get(root, "description")))
		get_string(v, "description", &c->l->description);
	if ((v = cv_node_get(root, "page")))
		type_page(c, v);
	if ((v = cv_node_get(root, "colors")))
		type_colors(c, v, &text);
	if ((v = cv_node_get(root, "fonts")))
		type_fonts(c, v);
	if (c->nfam == 0)
		cv_msg(CV_ERROR, v ? &v->pos : &file_pos, "layout-no-fonts",
		       "the layout defines no font family (add fonts: with a family and its "
		       "regular file)");
	c->l->families = c->fam;
	c->l->nfamilies = c->nfam;
	type_styles(c, cv_node_get(root, "styles"), &text);
	if ((v = cv_node_get(root, "spacing")))
		type_spacing(c, v);
	if ((v = cv_node_get(root, "header")))
		type_header(c, v);
	if ((v = cv_node_get(root, "header")) && v->type == CV_NODE_MAP) {
		const struct cv_node *w;
		if ((w = cv_node_get(v, "icon-color")) &&
		    get_color(c, w, "header.icon-color", true, &text, &c->l->header.icon_color))
			c->l->header.icon_color_set = true;
		if ((w = cv_node_get(v, "banner")))
			type_banner(c, w, &text);
	}
	type_sidebar(c, (v = cv_node_get(root, "sidebar")) ? v : NULL, &text);
	if ((v = cv_node_get(root, "sections")))
		type_sections(c, v);
	if ((v = cv_node_get(root, "gutter")))
		type_gutter(c, v);
	check_regions(c, root);
	if ((v = cv_node_get(root, "section")))
		type_section(c, v, &text);
	if ((v = cv_node_get(root, "dates")))
		type_dates(c, v);
	if ((v = cv_node_get(root, "publication")))
		type_publication(c, v);
	if ((v = cv_node_get(root, "code")))
		type_code(c, v);
	type_chip(c, cv_node_get(root, "chip"), &text);
	if ((v = cv_node_get(root, "hyphenation")))
		type_hyphenation(c, v);
	if ((v = cv_node_get(root, "bullet")) && get_string(v, "bullet", &c->l->bullet) &&
	    cv_utf8_length(c->l->bullet, strlen(c->l->bullet)) > CV_LAYOUT_BULLET_CHARS) {
		cv_msg(CV_ERROR, &v->pos, "layout-bad-value",
		       "\"bullet\" is the mark before list items: at most %d characters",
		       CV_LAYOUT_BULLET_CHARS);
		c->l->bullet = "\xE2\x80\xA2";
	}
	if ((v = cv_node_get(root, "list-separator")))
		get_string(v, "list-separator", &c->l->list_sep);
	if ((v = cv_node_get(root, "grade-label")))
		get_string(v, "grade-label", &c->l->grade_label);
	if ((v = cv_node_get(root, "title")))
		get_format(c, v, "title", WORDS("title"), &c->l->title_format);
	if ((v = cv_node_get(root, "footer")) && check_keys(c, v, "footer", "footer") &&
	    (v = cv_node_get(v, "page-format")))
		get_format(c, v, "footer.page-format", WORDS("footer.page-format"),
		           &c->l->footer.page_format);
	v = cv_node_key(root, "templates");
	type_templates(c, cv_node_get(root, "templates"), v ? &v->pos : &file_pos);
}

/*
 * Every string of the tree (keys and values) within CV_LAYOUT_STRING_BYTES,
 * font file names within CV_LAYOUT_PATH_BYTES; false after reporting the
 * ones that are not.
 */
static bool check_sizes(const struct cv_node *n, bool path)
{
	size_t i;
	bool ok = true;
	if (n->type == CV_NODE_SCALAR) {
		size_t max = path ? CV_LAYOUT_PATH_BYTES : CV_LAYOUT_STRING_BYTES;
		if (n->len <= max)
			return true;
		cv_msg(CV_ERROR, &n->pos, "layout-value-too-long",
		       "%s is %zu bytes long; the limit is %zu",
		       path ? "a font file name" : "a layout value", n->len, max);
		return false;
	}
	for (i = 0; i < n->n; i++) {
		bool face = path; /* fonts.FAMILY.FACE holds a file name */
		if (n->type == CV_NODE_MAP) {
			ok = check_sizes(n->keys[i], false) && ok;
			face = path || !strcmp(n->keys[i]->value, "fonts");
		}
		ok = check_sizes(n->values[i], face) && ok;
	}
	return ok;
}

/* "dir/classic.yaml" -> "classic" */
static const char *stem(struct cv_arena *a, const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return dot && dot != base ? cv_arena_strndup(a, base, (size_t)(dot - base))
	                          : cv_arena_strdup(a, base);
}

struct cv_layout *cv_layout_load(struct cv_arena *a, const char *name_or_path,
                                 const struct cv_node *profile_layout)
{
	return cv_layout_load_locale(a, name_or_path, profile_layout, NULL);
}

struct cv_layout *cv_layout_load_locale(struct cv_arena *a, const char *name_or_path,
                                        const struct cv_node *profile_layout,
                                        const struct cv_locale *locale)
{
	unsigned errors = cv_msg_count(CV_ERROR);
	const struct cv_node *at = NULL, *over = NULL;
	const char *ref = name_or_path, *path = NULL;
	struct chain ch = {{0}, {0}, {NULL}, 0};
	struct cv_node *tree;
	struct cv_layout *side;
	struct ld c = {a, NULL, NULL, 0};

	if (profile_layout && !cv_node_is_null(profile_layout)) {
		if (profile_layout->type == CV_NODE_SCALAR) {
			if (!ref) {
				ref = profile_layout->value;
				at = profile_layout;
			}
		} else if (expect(profile_layout, CV_NODE_MAP, "layout")) {
			const struct cv_node *ext = cv_node_get(profile_layout, "extends");
			over = profile_layout;
			if (ext && expect(ext, CV_NODE_SCALAR, "layout.extends") &&
			    !cv_node_is_null(ext)) {
				ref = ext->value;
				at = ext;
			}
		}
	}
	if (!ref)
		ref = "classic";
	if (!(tree = load_tree(a, ref, at, &ch, &path)))
		return NULL;
	if (over)
		tree = merge(a, tree, over, true);
	if (!check_sizes(tree, false))
		return NULL;
	c.l = cv_arena_alloc(a, sizeof *c.l);
	c.l->path = path;
	c.l->files = cv_arena_memdup(a, ch.shown, ch.n * sizeof *ch.shown);
	c.l->nfiles = ch.n;
	c.l->name = stem(a, path);
	set_defaults(c.l);
	if (locale) {
		c.l->locale = locale;
		c.l->dates = locale->dates;
		if (locale->hyphen_capitalized >= 0)
			c.l->hyphenation.capitalized = locale->hyphen_capitalized;
	}
	type_layout(&c, tree);
	if (cv_msg_count(CV_ERROR) > errors)
		return NULL;
	side = cv_arena_alloc(a, sizeof *side);
	*side = *c.l;
	memcpy(side->styles, c.l->sidebar.styles, sizeof side->styles);
	side->gutter.show = false; /* the sidebar never has a date column */
	c.l->sidebar.look = side;
	side->sidebar.look = side;
	return c.l;
}

/* Unquote a one-line YAML scalar as written after "key:" (enough for descriptions). */
static const char *unquote(struct cv_arena *a, const char *s, size_t n)
{
	struct cv_buf b = {0};
	const char *r;
	size_t i;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && (s[0] == '"' || s[0] == '\'')) {
		char q = s[0];
		for (i = 1; i < n; i++) {
			if (s[i] == q && !(q == '\'' && i + 1 < n && s[i + 1] == '\''))
				break;
			if (s[i] == q || (q == '"' && s[i] == '\\' && i + 1 < n))
				i++; /* '' in single quotes, \x in double quotes */
			cv_buf_putc(&b, s[i]);
		}
	} else {
		for (i = 0; i < n && !(s[i] == '#' && i > 0 && s[i - 1] == ' '); i++)
			;
		while (i && s[i - 1] == ' ')
			i--;
		cv_buf_put(&b, s, i);
	}
	r = cv_arena_strdup(a, b.data ? b.data : "");
	cv_buf_free(&b);
	return r;
}

const char *cv_layout_describe(struct cv_arena *a, const char *path)
{
	char *data = NULL, *line;
	const char *res = NULL;
	size_t len;
	if (cv_file_read(path, CV_LIMIT_FILE_BYTES, &data, &len) != 0)
		return NULL;
	for (line = data; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, "description:", 12) == 0) {
			const char *v = skip_spaces(line + 12), *end = strchr(v, '\n');
			res = unquote(a, v, end ? (size_t)(end - v) : strlen(v));
			break;
		}
	}
	free(data);
	return res;
}
