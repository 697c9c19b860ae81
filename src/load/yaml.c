/*
 * The YAML reader: libyaml events -> a generic cv_node tree with 1-based
 * positions, refusing what a CV never needs (anchors, aliases, several
 * documents) and enforcing the input limits of node.h while it reads.
 * The only user of <yaml.h> besides the layout loader.
 */
#include "node.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* A surrogate-pair escape merged before parsing: columns after it shift. */
struct edit {
	size_t line;    /* 0-based line of the edit */
	size_t col;     /* 0-based column (characters) in the edited text */
	unsigned delta; /* characters removed there */
};

struct frame {
	struct cv_node *node;
	struct cv_node **keys, **values;
	size_t n, cap;
	struct cv_node *key; /* MAP: pending key, NULL when a key is expected */
};

struct reader {
	struct cv_arena *a;
	const char *file;
	const char *data; /* the text given to libyaml */
	size_t len;
	const struct edit *edits;
	size_t nedits;
	struct frame stack[CV_LIMIT_DEPTH + 1];
	size_t depth;
	size_t nodes;
	unsigned docs;
	bool failed;
	bool stop; /* a fatal problem: stop reading events */
	struct cv_node *root;
	/* anchors and aliases: the first of each is reported, with a count */
	struct cv_pos anchor_pos, alias_pos;
	const char *anchor_name, *alias_name;
	size_t nanchors, naliases;
};

/* 1-based position of a libyaml mark, undoing the column shifts of merged escapes. */
static struct cv_pos mark_pos(const struct reader *r, yaml_mark_t m)
{
	struct cv_pos p = {r->file, (unsigned)m.line + 1, 0};
	size_t col = m.column, i;
	for (i = 0; i < r->nedits; i++)
		if (r->edits[i].line == m.line && r->edits[i].col < m.column)
			col += r->edits[i].delta;
	p.col = (unsigned)col + 1;
	return p;
}

/* 1-based position of a byte offset in data (columns count characters). */
static struct cv_pos offset_pos(const char *file, const char *data, size_t len, size_t off)
{
	struct cv_pos p = {file, 1, 1};
	size_t i;
	for (i = 0; i < off; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c == '\n' || (c == '\r' && (i + 1 >= len || data[i + 1] != '\n'))) {
			p.line++;
			p.col = 1;
		} else if (c != '\r' && (c & 0xC0) != 0x80) {
			p.col++;
		}
	}
	return p;
}

/* Byte offset of 0-based line/column (characters) in data, or len. */
static size_t mark_offset(const char *data, size_t len, size_t line, size_t col)
{
	size_t i = 0;
	while (line > 0 && i < len) {
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n')))
			line--;
		i++;
	}
	while (col > 0 && i < len) {
		i++;
		while (i < len && ((unsigned char)data[i] & 0xC0) == 0x80)
			i++;
		col--;
	}
	return i;
}

static struct cv_node *node_new(struct reader *r, enum cv_node_type type, yaml_mark_t m)
{
	struct cv_node *n = cv_arena_alloc(r->a, sizeof(*n));
	n->type = type;
	n->pos = mark_pos(r, m);
	if (++r->nodes == CV_LIMIT_NODES + 1) {
		cv_msg(CV_ERROR, &n->pos, "too-many-nodes",
		       "too many values in one file (the limit is %u)", (unsigned)CV_LIMIT_NODES);
		r->failed = r->stop = true;
	}
	return n;
}

/* Keys that are not scalars have no value (NULL, length 0): memcmp must not see them. */
static bool key_less(const struct cv_node *a, const struct cv_node *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = n ? memcmp(a->value, b->value, n) : 0;
	return c < 0 || (c == 0 && a->len < b->len);
}

static bool key_eq(const struct cv_node *a, const struct cv_node *b)
{
	if (a->type != CV_NODE_SCALAR || b->type != CV_NODE_SCALAR)
		return false; /* reported as non-scalar keys, never as duplicates */
	return a->len == b->len && (a->len == 0 || memcmp(a->value, b->value, a->len) == 0);
}

/* A key and its index in the mapping, for sorting. */
struct keyref {
	const struct cv_node *key;
	size_t index;
};

/* By text, then by position in the mapping (so the first of a group comes first). */
static int cmp_keyref(const void *pa, const void *pb)
{
	const struct keyref *a = pa, *b = pb;
	if (key_less(a->key, b->key))
		return -1;
	if (key_less(b->key, a->key))
		return 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int cmp_size(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	return a < b ? -1 : a > b;
}

/* Report every key that repeats an earlier one, in file order. */
static void check_duplicates(struct reader *r, struct cv_node *const *keys, size_t n)
{
	struct keyref *refs;
	size_t *first_of, *dups, ndups = 0, i, j;
	if (n < 2)
		return;
	if (n <= 16) {
		for (i = 1; i < n; i++)
			for (j = 0; j < i; j++)
				if (key_eq(keys[i], keys[j])) {
					cv_msg(CV_ERROR, &keys[i]->pos, "duplicate-key",
					       "duplicate key \"%s\" (first at line %u:%u)",
					       cv_msg_show(r->a, keys[i]->value, keys[i]->len),
					       keys[j]->pos.line, keys[j]->pos.col);
					r->failed = true;
					break;
				}
		return;
	}
	refs = x_malloc(n * sizeof(*refs));
	first_of = x_malloc(n * sizeof(*first_of));
	dups = x_malloc(n * sizeof(*dups));
	for (i = 0; i < n; i++)
		refs[i] = (struct keyref){keys[i], i};
	qsort(refs, n, sizeof(*refs), cmp_keyref);
	for (i = 1; i < n; i++) {
		size_t g = i - 1;
		while (i < n && key_eq(refs[i].key, refs[g].key)) {
			first_of[refs[i].index] = refs[g].index;
			dups[ndups++] = refs[i].index;
			i++;
		}
	}
	qsort(dups, ndups, sizeof(*dups), cmp_size);
	for (i = 0; i < ndups; i++) {
		const struct cv_node *k = keys[dups[i]], *f = keys[first_of[dups[i]]];
		cv_msg(CV_ERROR, &k->pos, "duplicate-key",
		       "duplicate key \"%s\" (first at line %u:%u)",
		       cv_msg_show(r->a, k->value, k->len), f->pos.line, f->pos.col);
	}
	if (ndups)
		r->failed = true;
	x_free(refs);
	x_free(first_of);
	x_free(dups);
}

/* Attach a finished node to the open container (or make it the root). */
static void attach(struct reader *r, struct cv_node *n)
{
	struct frame *f;
	if (r->depth == 0) {
		r->root = n;
		return;
	}
	f = &r->stack[r->depth - 1];
	if (f->node->type == CV_NODE_MAP && !f->key) {
		if (n->type != CV_NODE_SCALAR) {
			cv_msg(CV_ERROR, &n->pos, "non-scalar-key",
			       "a key must be a plain string, not %s", cv_node_type_name(n));
			r->failed = true;
		}
		f->key = n;
		return;
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->values = x_realloc(f->values, f->cap * sizeof(*f->values));
		if (f->node->type == CV_NODE_MAP)
			f->keys = x_realloc(f->keys, f->cap * sizeof(*f->keys));
	}
	if (f->node->type == CV_NODE_MAP) {
		f->keys[f->n] = f->key;
		f->key = NULL;
	}
	f->values[f->n++] = n;
}

static void open_container(struct reader *r, enum cv_node_type type, const yaml_event_t *ev)
{
	struct cv_node *n = node_new(r, type, ev->start_mark);
	struct frame *f;
	if (r->stop)
		return;
	if (r->depth == CV_LIMIT_DEPTH) {
		cv_msg(CV_ERROR, &n->pos, "too-deep",
		       "values nested too deeply (the limit is %d levels)", CV_LIMIT_DEPTH);
		r->failed = r->stop = true;
		return;
	}
	f = &r->stack[r->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
}

static void close_container(struct reader *r)
{
	struct frame *f = &r->stack[--r->depth];
	struct cv_node *n = f->node;
	n->n = f->n;
	if (f->n) {
		n->values = cv_arena_memdup(r->a, f->values, f->n * sizeof(*f->values));
		if (n->type == CV_NODE_MAP) {
			size_t i;
			bool scalar_keys = true;
			n->keys = cv_arena_memdup(r->a, f->keys, f->n * sizeof(*f->keys));
			for (i = 0; i < f->n; i++)
				scalar_keys = scalar_keys && f->keys[i]->type == CV_NODE_SCALAR;
			if (scalar_keys)
				check_duplicates(r, n->keys, n->n);
		}
	}
	x_free(f->values);
	x_free(f->keys);
	f->values = f->keys = NULL;
	attach(r, n);
}

static void refuse_anchor(struct reader *r, const yaml_event_t *ev, const yaml_char_t *anchor)
{
	if (!anchor)
		return;
	if (r->nanchors++ == 0) {
		r->anchor_pos = mark_pos(r, ev->start_mark);
		r->anchor_name =
		    cv_msg_show(r->a, (const char *)anchor, strlen((const char *)anchor));
	}
	r->failed = true;
}

/* " (and 3 more in the file)" or "". */
static const char *more(struct cv_arena *a, size_t n)
{
	return n > 1 ? cv_arena_printf(a, " (and %zu more in the file)", n - 1) : "";
}

/* The anchor and alias messages, once per file. */
static void report_anchors(struct reader *r)
{
	if (r->nanchors)
		cv_msg(CV_ERROR, &r->anchor_pos, "yaml-anchor",
		       "anchor \"&%s\" is not supported; write the value out in full%s",
		       r->anchor_name, more(r->a, r->nanchors));
	if (r->naliases)
		cv_msg(CV_ERROR, &r->alias_pos, "yaml-alias",
		       "alias \"*%s\" is not supported; write the value out in full%s",
		       r->alias_name, more(r->a, r->naliases));
}

static void on_scalar(struct reader *r, const yaml_event_t *ev)
{
	struct cv_node *n = node_new(r, CV_NODE_SCALAR, ev->start_mark);
	size_t len = ev->data.scalar.length;
	const char *v = (const char *)ev->data.scalar.value;
	refuse_anchor(r, ev, ev->data.scalar.anchor);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (len > CV_LIMIT_SCALAR_BYTES) {
		cv_msg(CV_ERROR, &n->pos, "scalar-too-long",
		       "value too long: %zu bytes (the limit is %u)", len,
		       (unsigned)CV_LIMIT_SCALAR_BYTES);
		r->failed = true;
		len = 0;
	} else if (memchr(v, '\0', len)) {
		/* only reachable through an escape such as "\0" */
		cv_msg(CV_ERROR, &n->pos, "nul-byte", "NUL character in a value is not allowed");
		r->failed = true;
		len = 0;
	}
	n->value = cv_arena_strndup(r->a, v, len);
	n->len = len;
	if (!r->stop)
		attach(r, n);
}

/* Report libyaml's error at its position, with a special word for tab indentation. */
static void report_syntax(struct reader *r, const yaml_parser_t *p)
{
	struct cv_pos pos;
	const char *problem = p->problem ? p->problem : "unknown problem";
	char *msg;
	size_t i;
	if (p->error == YAML_READER_ERROR) {
		pos = offset_pos(r->file, r->data, r->len, p->problem_offset);
		if (p->problem_value >= 0)
			cv_msg(CV_ERROR, &pos, "control-char",
			       "control character U+%04X is not allowed (write it as an escape "
			       "in a double-quoted string)",
			       (unsigned)p->problem_value);
		else
			cv_msg(CV_ERROR, &pos, "yaml-syntax", "syntax error: %s", problem);
		return;
	}
	pos = mark_pos(r, p->problem_mark);
	/* A tab in the leading white space of the problem line (or the one before). */
	for (i = 0; i < 2; i++) {
		size_t line = p->problem_mark.line, off;
		if (i > line)
			break;
		off = mark_offset(r->data, r->len, line - i, 0);
		while (off < r->len && (r->data[off] == ' ' || r->data[off] == '\t')) {
			if (r->data[off] == '\t') {
				struct cv_pos tp = offset_pos(r->file, r->data, r->len, off);
				cv_msg(CV_ERROR, &tp, "tab-indent",
				       "tab character used for indentation; use spaces");
				return;
			}
			off++;
		}
	}
	msg = cv_arena_strdup(r->a, problem);
	for (i = 0; msg[i]; i++)
		if (msg[i] >= 'A' && msg[i] <= 'Z' && !(i > 0 && msg[i - 1] == '\''))
			msg[i] = (char)(msg[i] - 'A' + 'a');
	if (p->context && (p->context_mark.line != p->problem_mark.line ||
	                   p->context_mark.column != p->problem_mark.column)) {
		struct cv_pos cp = mark_pos(r, p->context_mark);
		cv_msg(CV_ERROR, &pos, "yaml-syntax", "syntax error: %s (%s at line %u:%u)", msg,
		       p->context, cp.line, cp.col);
	} else if (p->context) {
		cv_msg(CV_ERROR, &pos, "yaml-syntax", "syntax error: %s (%s)", msg, p->context);
	} else {
		cv_msg(CV_ERROR, &pos, "yaml-syntax", "syntax error: %s", msg);
	}
}

/* Read all events; returns false on a libyaml error (already reported) or a fatal limit. */
static bool run_parser(struct reader *r, yaml_parser_t *p)
{
	yaml_event_t ev;
	bool done = false;
	while (!done) {
		if (!yaml_parser_parse(p, &ev)) {
			if (p->error == YAML_MEMORY_ERROR) {
				fputs("folio: error: out of memory\n", stderr);
				exit(3);
			}
			if (p->problem && strstr(p->problem, "invalid Unicode character escape")) {
				struct cv_pos pos = mark_pos(r, p->problem_mark);
				if (pos.col > 2)
					pos.col -= 2; /* at the backslash */
				cv_msg(
				    CV_ERROR, &pos, "bad-escape",
				    "invalid unicode escape: a surrogate (\\ud800-\\udfff) must "
				    "be a high one followed by a low one, and code points end at "
				    "\\U0010FFFF");
			} else {
				report_syntax(r, p);
			}
			r->failed = true;
			return false;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++r->docs == 2) {
				struct cv_pos pos = mark_pos(r, ev.start_mark);
				cv_msg(CV_ERROR, &pos, "multiple-documents",
				       "more than one document in the file; keep one (remove this "
				       "\"---\" and what follows)");
				r->failed = r->stop = true;
			}
			break;
		case YAML_ALIAS_EVENT: {
			const char *name = (const char *)ev.data.alias.anchor;
			if (r->naliases++ == 0) {
				r->alias_pos = mark_pos(r, ev.start_mark);
				r->alias_name = cv_msg_show(r->a, name, strlen(name));
			}
			r->failed = true;
			attach(r, node_new(r, CV_NODE_SCALAR, ev.start_mark));
			break;
		}
		case YAML_SCALAR_EVENT:
			on_scalar(r, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			refuse_anchor(r, &ev, ev.data.sequence_start.anchor);
			open_container(r, CV_NODE_SEQ, &ev);
			break;
		case YAML_MAPPING_START_EVENT:
			refuse_anchor(r, &ev, ev.data.mapping_start.anchor);
			open_container(r, CV_NODE_MAP, &ev);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			close_container(r);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (r->stop)
			return false;
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Value of the 4 hex digits of "\uXXXX" at s (6 bytes available), or -1. */
static long escape_u(const char *s)
{
	long v = 0;
	int i;
	if (s[0] != '\\' || s[1] != 'u')
		return -1;
	for (i = 2; i < 6; i++) {
		int h = hexval(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * Merge JSON surrogate-pair escapes ("\ud83d\ude00") into one "\U0001F600"
 * escape, which libyaml accepts.  Returns the new text (malloc'ed) and the
 * edits made, or NULL when there was nothing to merge.
 */
static char *merge_surrogates(const char *data, size_t len, size_t *out_len, struct edit **edits,
                              size_t *nedits)
{
	struct cv_buf b = {0};
	size_t i = 0, line = 0, col = 0, cap = 0;
	*edits = NULL;
	*nedits = 0;
	while (i < len) {
		long hi = i + 12 <= len ? escape_u(data + i) : -1;
		long lo = hi >= 0xD800 && hi <= 0xDBFF ? escape_u(data + i + 6) : -1;
		if (hi >= 0 && (data[i + 1] == 'u') && i > 0 && data[i - 1] == '\\') {
			/* an escaped backslash followed by "u": literal text, not an escape */
			hi = lo = -1;
		}
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			unsigned long cp = 0x10000 + (((unsigned long)hi - 0xD800) << 10) +
			                   ((unsigned long)lo - 0xDC00);
			*edits = x_grow(*edits, &cap, *nedits + 1, sizeof(**edits));
			(*edits)[(*nedits)++] = (struct edit){line, col, 2};
			cv_buf_printf(&b, "\\U%08lX", cp);
			col += 10;
			i += 12;
			continue;
		}
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n'))) {
			line++;
			col = 0;
		} else if (data[i] != '\r' && ((unsigned char)data[i] & 0xC0) != 0x80) {
			col++;
		}
		cv_buf_putc(&b, data[i]);
		i++;
	}
	if (*nedits == 0) {
		cv_buf_free(&b);
		return NULL;
	}
	*out_len = b.len;
	return cv_buf_detach(&b);
}

/* True if data holds something like a high-surrogate escape "\\ud83d". */
static bool has_surrogate_escape(const char *data, size_t len)
{
	size_t i;
	for (i = 0; i + 6 <= len; i++)
		if (data[i] == '\\' && data[i + 1] == 'u' &&
		    (data[i + 2] == 'd' || data[i + 2] == 'D') && strchr("89abAB", data[i + 3]) &&
		    data[i + 3])
			return true;
	return false;
}

/* A dry run of libyaml: true if it refuses a Unicode escape (a JSON surrogate pair). */
static bool escape_refused(const char *data, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool refused = false;
	if (!yaml_parser_initialize(&p)) {
		fputs("folio: error: out of memory\n", stderr);
		exit(3);
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	for (;;) {
		bool end;
		if (!yaml_parser_parse(&p, &ev)) {
			refused =
			    p.problem && strstr(p.problem, "invalid Unicode character escape");
			break;
		}
		end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	return refused;
}

static bool parse_text(struct reader *r)
{
	yaml_parser_t p;
	bool ok;
	if (!yaml_parser_initialize(&p)) {
		fputs("folio: error: out of memory\n", stderr);
		exit(3);
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)r->data, r->len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	ok = run_parser(r, &p);
	yaml_parser_delete(&p);
	return ok;
}

struct cv_node *cv_yaml_parse(struct cv_arena *a, const char *file, const char *data, size_t len)
{
	struct reader r;
	struct edit *edits = NULL;
	char *merged = NULL;
	const char *nul;
	size_t bad;
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.file = cv_arena_strdup(a, file ? file : "-");
	if (len > CV_LIMIT_FILE_BYTES) {
		struct cv_pos p = {r.file, 1, 1};
		cv_msg(CV_ERROR, &p, "file-too-large",
		       "file too large: %zu bytes (the limit is %u)", len,
		       (unsigned)CV_LIMIT_FILE_BYTES);
		return NULL;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	r.data = data;
	r.len = len;
	nul = memchr(data, '\0', len);
	if (nul) {
		struct cv_pos p = offset_pos(r.file, data, len, (size_t)(nul - data));
		cv_msg(CV_ERROR, &p, "nul-byte",
		       "NUL byte in the file (is it a text file in UTF-8?)");
		return NULL;
	}
	if (!cv_utf8_valid(data, len, &bad)) {
		struct cv_pos p = offset_pos(r.file, data, len, bad);
		cv_msg(CV_ERROR, &p, "invalid-utf8",
		       "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
		       (unsigned char)data[bad]);
		return NULL;
	}
	if (has_surrogate_escape(data, len) && escape_refused(data, len)) {
		merged = merge_surrogates(data, len, &r.len, &edits, &r.nedits);
		if (merged) {
			r.data = merged;
			r.edits = edits;
		}
	}
	parse_text(&r);
	report_anchors(&r);
	while (r.depth > 0) {
		struct frame *f = &r.stack[--r.depth];
		x_free(f->values);
		x_free(f->keys);
	}
	x_free(merged);
	x_free(edits);
	if (r.failed)
		return NULL;
	if (!r.root || cv_node_is_null(r.root)) {
		struct cv_pos p = {r.file, 1, 1};
		cv_msg(CV_ERROR, &p, "empty-file", "the file is empty");
		return NULL;
	}
	return r.root;
}

struct cv_node *cv_yaml_load_file(struct cv_arena *a, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	struct cv_node *root;
	const char *file = cv_arena_strdup(a, path);
	int err = cv_file_read(path, CV_LIMIT_FILE_BYTES, &data, &len);
	if (err == EFBIG) {
		struct cv_pos p = {file, 1, 1};
		cv_msg(CV_ERROR, &p, "file-too-large", "file too large (the limit is %u bytes)",
		       (unsigned)CV_LIMIT_FILE_BYTES);
		return NULL;
	}
	if (err) {
		struct cv_pos p = {file, 0, 0};
		cv_msg(CV_SYSTEM, &p, "file-unreadable", "cannot read the file: %s", strerror(err));
		return NULL;
	}
	root = cv_yaml_parse(a, file, data, len);
	x_free(data);
	return root;
}

const struct cv_node *cv_node_key(const struct cv_node *map, const char *key)
{
	size_t i;
	if (!map || map->type != CV_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->keys[i]->type == CV_NODE_SCALAR && strcmp(map->keys[i]->value, key) == 0)
			return map->keys[i];
	return NULL;
}

const struct cv_node *cv_node_get(const struct cv_node *map, const char *key)
{
	size_t i;
	if (!map || map->type != CV_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->keys[i]->type == CV_NODE_SCALAR && strcmp(map->keys[i]->value, key) == 0)
			return map->values[i];
	return NULL;
}

bool cv_node_is_null(const struct cv_node *n)
{
	if (!n || n->type != CV_NODE_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
	       strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0;
}

const char *cv_node_type_name(const struct cv_node *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case CV_NODE_MAP:
		return "a mapping";
	case CV_NODE_SEQ:
		return "a list";
	default:
		return cv_node_is_null(n) ? "an empty value" : "a string";
	}
}
