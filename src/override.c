/*
 * Overrides (override.h): parse a --set argument or take a variant's
 * `set:` entry, walk its path through the profile's YAML tree, making
 * mappings where keys are missing, and splice the value in.  Nothing here
 * judges the value: the profile and layout loaders do, afterwards, with
 * the positions the override gave its nodes.
 */
#include "override.h"

#include <stdlib.h>
#include <string.h>

#define OVERRIDE_FILE "--set" /* the "file" of a --set argument's positions */
#define LIMIT_PATH_STEPS 16   /* keys in one PATH */

/* A new node of type at pos, empty. */
static struct cv_node *node_new(struct cv_arena *a, enum cv_node_type type, struct cv_pos pos)
{
	struct cv_node *n = cv_arena_alloc(a, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->pos = pos;
	if (type == CV_NODE_SCALAR) {
		n->value = "";
		n->plain = true;
	}
	return n;
}

/* Append key -> value to a mapping (or value to a list, key NULL). */
static void append(struct cv_arena *a, struct cv_node *to, struct cv_node *key,
                   struct cv_node *value)
{
	struct cv_node **values = cv_arena_array(a, to->n + 1, sizeof(*values));
	if (to->n)
		memcpy(values, to->values, to->n * sizeof(*values));
	values[to->n] = value;
	if (to->type == CV_NODE_MAP) {
		struct cv_node **keys = cv_arena_array(a, to->n + 1, sizeof(*keys));
		if (to->n)
			memcpy(keys, to->keys, to->n * sizeof(*keys));
		keys[to->n] = key;
		to->keys = keys;
	}
	to->values = values;
	to->n++;
}

/* Index of key in a mapping, or -1. */
static long find_key(const struct cv_node *map, const char *key)
{
	size_t i;
	for (i = 0; i < map->n; i++)
		if (map->keys[i]->type == CV_NODE_SCALAR && !strcmp(map->keys[i]->value, key))
			return (long)i;
	return -1;
}

/* Index of the item of a list whose `title:` is title, or -1. */
static long find_titled(const struct cv_node *seq, const char *title)
{
	size_t i;
	for (i = 0; i < seq->n; i++) {
		const struct cv_node *t = cv_node_get(seq->values[i], "title");
		if (t && t->type == CV_NODE_SCALAR && !strcmp(t->value, title))
			return (long)i;
	}
	return -1;
}

/* True if s is a list position: decimal digits, no leading zero. */
static bool is_index(const char *s)
{
	return *s >= '0' && *s <= '9' && !s[strspn(s, "0123456789")] && (s[0] != '0' || !s[1]);
}

/*
 * `layout: NAME` turned into a mapping so that layout keys can go under it:
 * {extends: NAME}, or {} when -l is given (-l wins over NAME, and a mapping
 * without extends: builds on -l).
 */
static void layout_to_mapping(struct cv_arena *a, struct cv_node **slot, const char *layout_option)
{
	struct cv_node *old = *slot, *map = node_new(a, CV_NODE_MAP, old->pos);
	if (!layout_option && !cv_node_is_null(old)) {
		struct cv_node *k = node_new(a, CV_NODE_SCALAR, old->pos);
		k->value = "extends";
		k->len = 7;
		append(a, map, k, old);
	}
	*slot = map;
}

struct path {
	const char *text; /* the whole path, for messages */
	char *steps[LIMIT_PATH_STEPS];
	struct cv_pos pos[LIMIT_PATH_STEPS]; /* of each step */
	size_t n;
};

/*
 * Split text (at pos) at its dots into p; false after reporting a path
 * that is empty, has an empty step or too many.
 */
static bool split_path(struct cv_arena *a, const char *text, struct cv_pos pos, struct path *p)
{
	const char *s = text;
	p->text = text;
	p->n = 0;
	for (;;) {
		size_t len = strcspn(s, ".");
		if (len == 0 || p->n == LIMIT_PATH_STEPS) {
			cv_msg(
			    CV_ERROR, &pos, "set-path",
			    p->n == LIMIT_PATH_STEPS
			        ? "\"%s\" is not a path: more than 16 steps"
			        : "\"%s\" is not a path (keys and list positions joined by dots, "
			          "such as sections.0.title)",
			    cv_msg_show(a, text, strlen(text)));
			return false;
		}
		p->steps[p->n] = cv_arena_strndup(a, s, len);
		p->pos[p->n] = pos;
		p->pos[p->n].col += (unsigned)cv_utf8_length(text, (size_t)(s - text));
		p->n++;
		if (!s[len])
			return true;
		s += len + 1;
	}
}

/* "sections.0" for the first n steps of p. */
static const char *path_prefix(struct cv_arena *a, const struct path *p, size_t n)
{
	struct cv_buf b = {0};
	const char *r;
	size_t i;
	for (i = 0; i < n; i++)
		cv_buf_printf(&b, "%s%s", i ? "." : "", p->steps[i]);
	r = cv_arena_strdup(a, b.data ? b.data : "");
	cv_buf_free(&b);
	return r;
}

/* Put value at path p under root; false after reporting. */
static bool splice(struct cv_arena *a, struct cv_node *root, const struct path *p,
                   struct cv_node *value, const char *layout_option)
{
	struct cv_node **slot = NULL, *at = root;
	size_t i;
	for (i = 0; i < p->n; i++) {
		const char *step = p->steps[i];
		bool last = i + 1 == p->n;
		if (slot && i == 1 && at->type == CV_NODE_SCALAR &&
		    !strcmp(p->steps[0], "layout")) {
			layout_to_mapping(a, slot, layout_option);
			at = *slot;
		} else if (slot && at->type == CV_NODE_SCALAR && cv_node_is_null(at)) {
			*slot = node_new(a, CV_NODE_MAP, at->pos); /* key: (empty) */
			at = *slot;
		}
		if (at->type == CV_NODE_MAP) {
			long k = find_key(at, step);
			if (k < 0) {
				struct cv_node *key = node_new(a, CV_NODE_SCALAR, p->pos[i]);
				key->value = step;
				key->len = strlen(step);
				append(a, at, key,
				       last ? value : node_new(a, CV_NODE_MAP, p->pos[i]));
				k = (long)at->n - 1;
			} else if (last) {
				at->values[k] = value;
			}
			slot = &at->values[k];
		} else if (at->type == CV_NODE_SEQ) {
			long k = is_index(step)
			             ? (strlen(step) < 10 ? (long)strtoul(step, NULL, 10) : -1)
			             : find_titled(at, step);
			if (k < 0 || (size_t)k > at->n) {
				const char *where = path_prefix(a, p, i);
				if (!is_index(step))
					cv_msg(
					    CV_ERROR, &p->pos[i], "set-index",
					    "no item of \"%s\" has the title \"%s\" (or give its "
					    "position, from 0)",
					    where, cv_msg_show(a, step, strlen(step)));
				else
					cv_msg(CV_ERROR, &p->pos[i], "set-index",
					       "\"%s\" has %zu items: position %s is past its end "
					       "(0 to %zu replace one, %zu appends)",
					       where, at->n, step, at->n ? at->n - 1 : 0, at->n);
				return false;
			}
			if ((size_t)k == at->n)
				append(a, at, NULL,
				       last ? value : node_new(a, CV_NODE_MAP, p->pos[i]));
			else if (last)
				at->values[k] = value;
			slot = &at->values[k];
		} else {
			const char *where = path_prefix(a, p, i);
			cv_msg(CV_ERROR, &p->pos[i], "set-not-mapping",
			       "cannot set \"%s\": \"%s\" is %s, not a mapping or a list",
			       cv_msg_show(a, p->text, strlen(p->text)), where,
			       cv_node_type_name(at));
			return false;
		}
		at = *slot;
	}
	return true;
}

/*
 * VALUE of a --set argument starting at 1-based column col of line line:
 * YAML when it starts with [ { " or ', parsed with as many line breaks and
 * spaces before it as put it at that position, so that even libyaml's own
 * messages point into the argument; else the text as a plain scalar.
 */
static struct cv_node *parse_value(struct cv_arena *a, const char *value, unsigned line,
                                   unsigned col)
{
	struct cv_pos pos = {OVERRIDE_FILE, line, col};
	size_t len = strlen(value), bad;
	struct cv_node *n;
	if (strchr("[{\"'", value[0]) && value[0]) {
		struct cv_buf b = {0};
		unsigned i;
		for (i = 1; i < line; i++)
			cv_buf_putc(&b, '\n');
		for (i = 1; i < col; i++)
			cv_buf_putc(&b, ' ');
		cv_buf_put(&b, value, len);
		n = cv_yaml_parse(a, OVERRIDE_FILE, b.data, b.len);
		cv_buf_free(&b);
		return n;
	}
	if (!cv_utf8_valid(value, len, &bad)) {
		pos.col += (unsigned)cv_utf8_length(value, bad);
		cv_msg(CV_ERROR, &pos, "invalid-utf8", "invalid UTF-8 (byte 0x%02X) in the value",
		       (unsigned char)value[bad]);
		return NULL;
	}
	if (len > CV_LIMIT_SCALAR_BYTES) {
		cv_msg(CV_ERROR, &pos, "scalar-too-long",
		       "value too long: %zu bytes (the limit is %u)", len,
		       (unsigned)CV_LIMIT_SCALAR_BYTES);
		return NULL;
	}
	n = node_new(a, CV_NODE_SCALAR, pos);
	n->value = cv_arena_strdup(a, value);
	n->len = len;
	return n;
}

bool cv_override_arg(struct cv_arena *a, struct cv_node *root, const char *arg, unsigned ordinal,
                     const char *layout_option)
{
	struct cv_pos pos = {OVERRIDE_FILE, ordinal, 1};
	const char *eq = strchr(arg, '=');
	struct cv_node *value;
	struct path p;
	size_t bad;
	if (!cv_utf8_valid(arg, strlen(arg), &bad)) {
		pos.col += (unsigned)cv_utf8_length(arg, bad);
		cv_msg(CV_ERROR, &pos, "invalid-utf8", "invalid UTF-8 (byte 0x%02X) in --set",
		       (unsigned char)arg[bad]);
		return false;
	}
	if (!eq) {
		cv_msg(CV_ERROR, &pos, "set-syntax",
		       "--set takes PATH=VALUE, and \"%s\" has no \"=\" (an empty VALUE is written "
		       "PATH=)",
		       cv_msg_show(a, arg, strlen(arg)));
		return false;
	}
	if (!split_path(a, cv_arena_strndup(a, arg, (size_t)(eq - arg)), pos, &p))
		return false;
	value =
	    parse_value(a, eq + 1, ordinal, 2 + (unsigned)cv_utf8_length(arg, (size_t)(eq - arg)));
	if (!value)
		return false;
	return splice(a, root, &p, value, layout_option);
}

bool cv_override_node(struct cv_arena *a, struct cv_node *root, const struct cv_node *key,
                      const struct cv_node *value, const char *layout_option)
{
	struct path p;
	if (!split_path(a, key->value, key->pos, &p))
		return false;
	return splice(a, root, &p, (struct cv_node *)value, layout_option);
}

/* Merge the mapping over into the mapping into, key by key. */
static void merge(struct cv_arena *a, struct cv_node *into, const struct cv_node *over)
{
	size_t i;
	for (i = 0; i < over->n; i++) {
		long k = find_key(into, over->keys[i]->value);
		struct cv_node *v = over->values[i];
		if (k < 0)
			append(a, into, over->keys[i], v);
		else if (into->values[k]->type == CV_NODE_MAP && v->type == CV_NODE_MAP)
			merge(a, into->values[k], v);
		else
			into->values[k] = v;
	}
}

void cv_override_layout(struct cv_arena *a, struct cv_node *root, const struct cv_node *over,
                        const char *layout_option)
{
	long k = find_key(root, "layout");
	struct cv_node *copy;
	if (k < 0) {
		struct cv_node *key = node_new(a, CV_NODE_SCALAR, over->pos);
		key->value = "layout";
		key->len = 6;
		append(a, root, key, node_new(a, CV_NODE_MAP, over->pos));
		k = (long)root->n - 1;
	} else if (root->values[k]->type == CV_NODE_SCALAR) {
		layout_to_mapping(a, &root->values[k], layout_option);
	}
	if (root->values[k]->type != CV_NODE_MAP)
		return; /* a list: the profile loader reports it */
	/* a fresh top level, so that the variant's own node is never edited */
	copy = node_new(a, CV_NODE_MAP, root->values[k]->pos);
	merge(a, copy, root->values[k]);
	merge(a, copy, over);
	root->values[k] = copy;
}
