/*
 * Entry templates: parse "{field}", "[optional group]", "**bold**",
 * "*italic*" and "\x" into a small tree, and expand it against an entry.
 *
 * Expansion rules.  Inside a group, a missing placeholder (directly or inside
 * a bold/italic span) drops the group; a nested group that is dropped does
 * not drop its parent, but a group whose placeholders all came out empty is
 * dropped too.  At the top level a missing placeholder vanishes together
 * with the literal text that connected it: between two present values only
 * the text after the last missing value is kept ("{a}, {b}, {c}" without b
 * gives "a, c"), text between a missing value and the start or end of the
 * values is dropped ("{title} at {company}" without company gives "title"),
 * and text before the first value or after the last one is kept (so write
 * "{a}[ ({b})]", not "{a} ({b})").  Dropped
 * groups count as missing values, literal-only groups and spans as text.
 * When no placeholder produced text, the expansion is empty (false).
 */
#include "template.h"

#include <ctype.h>
#include <string.h>

#define TMPL_DEPTH 16 /* nesting of groups and spans */

enum tnode_type { T_SEQ, T_LIT, T_FIELD, T_GROUP, T_STYLE };

struct tnode {
	enum tnode_type type;
	const char *text; /* T_LIT: the text; T_FIELD: the name */
	unsigned flags;   /* T_STYLE: CV_RUN_BOLD or CV_RUN_ITALIC */
	struct tnode *kids;
	size_t nkids;
	bool has_fields; /* a placeholder somewhere inside */
};

struct cv_tmpl {
	struct tnode root; /* T_SEQ */
};

struct parser {
	struct cv_arena *a;
	const char *src;
	size_t i;
	const struct cv_pos *pos;
	bool oneline;
};

struct kidvec {
	struct tnode *v;
	size_t n, cap;
};

/* The template for a message: one line, at most 40 characters, "..." when cut. */
static char *shorten(struct cv_arena *a, const char *s)
{
	struct cv_buf b = {0};
	size_t i = 0, len = strlen(s), count = 0;
	char *r;
	while (i < len) {
		uint32_t cp;
		int n = cv_utf8_decode(s + i, len - i, &cp);
		if (count++ == 40) {
			cv_buf_puts(&b, "...");
			break;
		}
		if (n < 1 || cp < 0x20 || cp == 0x7f)
			cv_buf_putc(&b, ' ');
		else
			cv_buf_put(&b, s + i, (size_t)n);
		i += n < 1 ? 1 : (size_t)n;
	}
	r = cv_arena_strndup(a, b.data ? b.data : "", b.len);
	cv_buf_free(&b);
	return r;
}

/* Report a syntax error at byte offset off of the template; hint may be "". */
static void syntax(struct parser *p, size_t off, const char *what, const char *hint)
{
	struct cv_pos at = {0};
	if (p->pos)
		at = *p->pos;
	if (p->oneline && at.col > 0)
		at.col += (unsigned)cv_utf8_length(p->src, off);
	cv_msg(CV_ERROR, &at, "template-syntax", "%s in template \"%s\"%s", what,
	       shorten(p->a, p->src), hint);
}

static void add_kid(struct kidvec *k, const struct tnode *n)
{
	k->v = x_grow(k->v, &k->cap, k->n + 1, sizeof(*k->v));
	k->v[k->n++] = *n;
}

static void flush_lit(struct parser *p, struct kidvec *k, struct cv_buf *lit)
{
	struct tnode n = {0};
	if (lit->len == 0)
		return;
	n.type = T_LIT;
	n.text = cv_arena_strndup(p->a, lit->data, lit->len);
	add_kid(k, &n);
	cv_buf_reset(lit);
}

static bool name_ok(const char *s, size_t n)
{
	size_t i;
	if (n == 0 || !(islower((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (i = 1; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
			return false;
	return true;
}

/*
 * Parse items into node until closer: 0 (end of source), ']' (group), 'B'
 * ("**") or 'I' ("*").  open is the offset of the opening token.
 */
static bool parse_seq(struct parser *p, struct tnode *node, char closer, size_t open, int depth)
{
	struct kidvec k = {0};
	struct cv_buf lit = {0};
	bool ok = false;
	size_t j;
	if (depth > TMPL_DEPTH) {
		syntax(p, open, "groups and spans nested too deeply", "");
		goto done;
	}
	for (;;) {
		const char *s = p->src + p->i;
		struct tnode n = {0};
		if (*s == '\0') {
			if (closer) {
				syntax(p, open,
				       closer == ']'   ? "unclosed \"[\""
				       : closer == 'B' ? "unclosed \"**\""
				                       : "unclosed \"*\"",
				       "");
				goto done;
			}
			break;
		}
		if (*s == ']') {
			if (closer == ']') {
				p->i++;
				break;
			}
			if (closer) {
				syntax(p, open,
				       closer == 'B' ? "unclosed \"**\"" : "unclosed \"*\"", "");
				goto done;
			}
			syntax(p, p->i, "unmatched \"]\"", "");
			goto done;
		}
		if (*s == '}') {
			syntax(p, p->i, "unmatched \"}\"", "");
			goto done;
		}
		if (*s == '\\') {
			int len;
			uint32_t cp;
			if (!s[1]) {
				syntax(p, p->i, "trailing \"\\\"", "");
				goto done;
			}
			len = cv_utf8_decode(s + 1, strlen(s + 1), &cp);
			if (len < 1)
				len = 1;
			cv_buf_put(&lit, s + 1, (size_t)len);
			p->i += 1 + (size_t)len;
			continue;
		}
		if (*s == '{') {
			const char *e = strchr(s + 1, '}');
			size_t nlen;
			if (!e) {
				syntax(p, p->i, "unclosed \"{\"", "");
				goto done;
			}
			nlen = (size_t)(e - s - 1);
			const char *bar = memchr(s + 1, '|', nlen);
			unsigned field_flags = 0;
			if (bar) { /* {field|chip}: the value set as a tag chip */
				size_t mlen = (size_t)(e - bar - 1);
				if (mlen != 4 || memcmp(bar + 1, "chip", 4) != 0) {
					char *bad = cv_arena_printf(
					    p->a, "unknown placeholder option \"%.*s\"", (int)mlen,
					    bar + 1);
					syntax(p, p->i + (size_t)(bar - s) + 1, bad,
					       " (the only one is \"chip\": \"{venue|chip}\")");
					goto done;
				}
				field_flags = CV_RUN_CHIP;
				nlen = (size_t)(bar - s - 1);
			}
			if (nlen == 0) {
				syntax(p, p->i, "empty placeholder \"{}\"", "");
				goto done;
			}
			if (!name_ok(s + 1, nlen)) {
				char *bad = cv_arena_printf(
				    p->a, "invalid placeholder name \"%.*s\"", (int)nlen, s + 1);
				syntax(p, p->i + 1, bad,
				       " (names are lower-case letters, digits and \"_\")");
				goto done;
			}
			flush_lit(p, &k, &lit);
			n.type = T_FIELD;
			n.text = cv_arena_strndup(p->a, s + 1, nlen);
			n.flags = field_flags;
			n.has_fields = true;
			add_kid(&k, &n);
			p->i += (size_t)(e - s) + 1;
			continue;
		}
		if (*s == '*') {
			bool bold = s[1] == '*';
			if ((closer == 'B' && bold) || (closer == 'I' && !bold)) {
				p->i += bold ? 2 : 1;
				break;
			}
			flush_lit(p, &k, &lit);
			n.type = T_STYLE;
			n.flags = bold ? CV_RUN_BOLD : CV_RUN_ITALIC;
			open = p->i;
			p->i += bold ? 2 : 1;
			if (!parse_seq(p, &n, bold ? 'B' : 'I', open, depth + 1))
				goto done;
			add_kid(&k, &n);
			continue;
		}
		if (*s == '[') {
			size_t at = p->i;
			flush_lit(p, &k, &lit);
			n.type = T_GROUP;
			p->i++;
			if (!parse_seq(p, &n, ']', at, depth + 1))
				goto done;
			add_kid(&k, &n);
			continue;
		}
		cv_buf_putc(&lit, *s);
		p->i++;
	}
	flush_lit(p, &k, &lit);
	node->nkids = k.n;
	node->kids = k.n ? cv_arena_memdup(p->a, k.v, k.n * sizeof(*k.v)) : NULL;
	for (j = 0; j < k.n; j++)
		node->has_fields |= k.v[j].has_fields;
	ok = true;
done:
	x_free(k.v);
	cv_buf_free(&lit);
	return ok;
}

struct cv_tmpl *cv_tmpl_parse(struct cv_arena *a, const char *src, const struct cv_pos *pos)
{
	struct parser p = {0};
	struct cv_tmpl *t = cv_arena_alloc(a, sizeof(*t));
	p.a = a;
	p.src = src ? src : "";
	p.pos = pos;
	p.oneline = !strchr(p.src, '\n');
	t->root.type = T_SEQ;
	if (!parse_seq(&p, &t->root, 0, 0, 0))
		return NULL;
	return t;
}

static bool each_field(const struct tnode *n, bool (*fn)(void *ctx, const char *name), void *ctx)
{
	size_t i;
	if (n->type == T_FIELD)
		return fn(ctx, n->text);
	for (i = 0; i < n->nkids; i++)
		if (!each_field(&n->kids[i], fn, ctx))
			return false;
	return true;
}

bool cv_tmpl_each_field(const struct cv_tmpl *t, bool (*fn)(void *ctx, const char *name), void *ctx)
{
	return t ? each_field(&t->root, fn, ctx) : true;
}

/* Expansion context. */
struct exp {
	cv_tmpl_lookup_fn lookup;
	void *ctx;
	struct cv_arena *a;
};

struct result {
	bool missing;  /* a placeholder directly in this sequence (or its spans) was missing */
	bool produced; /* some placeholder produced text */
};

static bool runs_empty(const struct cv_run *runs, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if ((runs[i].flags & CV_RUN_BREAK) || (runs[i].text && !cv_is_blank(runs[i].text)))
			return false;
	return true;
}

/* A placeholder's runs with flags added; false when missing or empty. */
static bool expand_field(struct exp *x, const char *name, unsigned flags, struct cv_runvec *out)
{
	const struct cv_run *runs = NULL;
	size_t n = 0, i;
	if (!x->lookup(x->ctx, name, &runs, &n) || !runs || runs_empty(runs, n))
		return false;
	for (i = 0; i < n; i++) {
		const char *text = runs[i].text;
		if ((flags & CV_RUN_CHIP) && text && strchr(text, ' ')) {
			/* a chip stays on one line: its spaces become U+00A0 */
			struct cv_buf b = {0};
			for (const char *s = text; *s; s++)
				if (*s == ' ')
					cv_buf_puts(&b, "\xC2\xA0");
				else
					cv_buf_putc(&b, *s);
			text = cv_arena_strndup(x->a, b.data, b.len);
			cv_buf_free(&b);
		}
		cv_runs_add_at(out, text,
		               runs[i].flags | flags | ((flags & CV_RUN_CHIP) ? CV_RUN_NOBREAK : 0),
		               runs[i].href, runs[i].pos);
	}
	return true;
}

static struct result expand_top(struct exp *x, const struct tnode *seq, unsigned flags,
                                struct cv_runvec *out);

/* A group's content: any missing placeholder (not in nested groups) drops it. */
static struct result expand_group(struct exp *x, const struct tnode *seq, unsigned flags,
                                  struct cv_runvec *out)
{
	struct result r = {0}, sub;
	size_t i;
	for (i = 0; i < seq->nkids && !r.missing; i++) {
		const struct tnode *n = &seq->kids[i];
		struct cv_runvec tmp = {0};
		switch (n->type) {
		case T_LIT:
			cv_runs_add(out, n->text, flags, NULL);
			break;
		case T_FIELD:
			if (expand_field(x, n->text, flags | n->flags, out))
				r.produced = true;
			else
				r.missing = true;
			break;
		case T_STYLE:
			sub = expand_group(x, n, flags | n->flags, out);
			r.missing |= sub.missing;
			r.produced |= sub.produced;
			break;
		case T_GROUP:
			sub = expand_group(x, n, flags, &tmp);
			if (!sub.missing && (sub.produced || !n->has_fields)) {
				cv_runs_append(out, tmp.runs, tmp.n);
				r.produced |= sub.produced;
			}
			x_free(tmp.runs);
			break;
		case T_SEQ:
			break;
		}
	}
	return r;
}

/* Top level (and spans at top level): missing values vanish with their connectors. */
static struct result expand_top(struct exp *x, const struct tnode *seq, unsigned flags,
                                struct cv_runvec *out)
{
	struct result r = {0};
	struct cv_runvec pending = {0}; /* literal text since the last value */
	bool seen_value = false, seen_present = false;
	size_t i;
	for (i = 0; i < seq->nkids; i++) {
		const struct tnode *n = &seq->kids[i];
		struct cv_runvec tmp = {0};
		struct result sub = {0};
		bool present = false, literal = false;
		switch (n->type) {
		case T_LIT:
			literal = true;
			cv_runs_add(&tmp, n->text, flags, NULL);
			break;
		case T_FIELD:
			present = expand_field(x, n->text, flags | n->flags, &tmp);
			if (!present)
				r.missing = true;
			sub.produced = present;
			break;
		case T_STYLE:
			sub = expand_top(x, n, flags | n->flags, &tmp);
			literal = !n->has_fields;
			present = sub.produced;
			break;
		case T_GROUP:
			sub = expand_group(x, n, flags, &tmp);
			literal = !n->has_fields && !sub.missing;
			present = !sub.missing && sub.produced;
			break;
		case T_SEQ:
			break;
		}
		if (literal) {
			cv_runs_append(&pending, tmp.runs, tmp.n);
		} else if (present) {
			/* connector: kept after a present value (unless a missing one came
			 * after it, then only the text after that) and before the first
			 * value (when no value was missing before) */
			if (!seen_value || seen_present)
				cv_runs_append(out, pending.runs, pending.n);
			pending.n = 0;
			cv_runs_append(out, tmp.runs, tmp.n);
			seen_value = seen_present = true;
			r.produced = true;
		} else {
			if (!seen_value)
				cv_runs_append(out, pending.runs,
				               pending.n); /* leading text stays */
			pending.n = 0;
			seen_value = true;
		}
		x_free(tmp.runs);
	}
	cv_runs_append(out, pending.runs, pending.n); /* trailing text stays */
	x_free(pending.runs);
	return r;
}

/* Collapse spaces across runs and trim both ends, appending to out. */
static void tidy(struct cv_arena *a, const struct cv_runvec *in, struct cv_runvec *out)
{
	bool at_start = true, last_space = false;
	size_t k, first = out->n;
	struct cv_buf b = {0};
	for (k = 0; k < in->n; k++) {
		const struct cv_run *r = &in->runs[k];
		const char *s = r->text ? r->text : "";
		if (r->flags & CV_RUN_BREAK) {
			cv_runs_add_at(out, "", r->flags, r->href, r->pos);
			at_start = true;
			last_space = false;
			continue;
		}
		cv_buf_reset(&b);
		for (; *s; s++) {
			if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
				if (!at_start && !last_space)
					cv_buf_putc(&b, ' ');
				last_space = true;
			} else {
				cv_buf_putc(&b, *s);
				at_start = last_space = false;
			}
		}
		if (b.len)
			cv_runs_add_at(out, cv_arena_strndup(a, b.data, b.len), r->flags, r->href,
			               r->pos);
	}
	cv_buf_free(&b);
	/* trailing space (also before breaks) */
	for (k = out->n; k > first; k--) {
		struct cv_run *r = &out->runs[k - 1];
		size_t n = strlen(r->text);
		if (r->flags & CV_RUN_BREAK)
			continue;
		if (n && r->text[n - 1] == ' ' &&
		    (k == out->n || (out->runs[k].flags & CV_RUN_BREAK)))
			r->text = cv_arena_strndup(a, r->text, n - 1);
	}
}

bool cv_tmpl_expand(const struct cv_tmpl *t, cv_tmpl_lookup_fn lookup, void *ctx,
                    struct cv_arena *a, struct cv_runvec *out)
{
	struct exp x;
	struct cv_runvec tmp = {0};
	struct result r;
	size_t before = out->n, i;
	bool any = false;
	if (!t)
		return false;
	x.lookup = lookup;
	x.ctx = ctx;
	x.a = a;
	r = expand_top(&x, &t->root, 0, &tmp);
	if (r.produced)
		tidy(a, &tmp, out);
	x_free(tmp.runs);
	for (i = before; i < out->n; i++)
		if ((out->runs[i].flags & CV_RUN_BREAK) || *out->runs[i].text)
			any = true;
	if (!any)
		out->n = before;
	return any;
}
