/*
 * Inline Markdown and a safe HTML subset -> styled runs, through cmark (the
 * only user of <cmark.h>).  Block structure is neutralised before parsing,
 * unsupported HTML is dropped with a warning and links other than http,
 * https, mailto and tel are refused.
 *
 * Rules: every line is left-trimmed, and a line whose first character could
 * open a block is prefixed with a sentinel character (U+2E3C, Unicode
 * punctuation, removed again from the output) so that no line can open a
 * list, heading, quote, code block, fence, thematic break, setext underline,
 * HTML block or link reference definition: a one-line field stays text
 * exactly as written.  A single newline is a space; a blank
 * line (paragraph break) becomes one CV_RUN_BREAK run, like a hard break
 * (backslash-newline, two trailing spaces, <br>).  Whitespace is collapsed
 * to one space and trimmed at the ends and around breaks; control characters
 * are removed; U+00A0 is kept.
 */
#include <cmark.h>
#include <ctype.h>
#include <string.h>

#include "profile.h"

#define SENTINEL 0x2E3Cu
#define SENTINEL_UTF8 "\xE2\xB8\xBC"
#define HTML_DEPTH 32 /* open HTML tags tracked; deeper ones are dropped */
#define QUOTE_MAX 30  /* code points of user text quoted in a message */

enum html_tag { TAG_OTHER, TAG_B, TAG_I, TAG_U, TAG_SUP, TAG_SUB, TAG_A, TAG_BR, TAG_SUPPRESS };

struct html_open {
	char name[16];    /* lower-case tag name, for matching the close tag */
	unsigned flags;   /* cv_run_flag bits the tag adds */
	const char *href; /* <a href> target (allowed) or NULL */
	bool suppress;    /* <script>/<style>: contents dropped */
};

struct md {
	struct cv_arena *a;
	const struct cv_pos *pos;
	struct cv_runvec raw; /* runs before whitespace normalisation */
	int emph, strong;     /* Markdown nesting depths */
	const char *md_href;  /* current Markdown link target, or NULL */
	struct html_open html[HTML_DEPTH];
	int nhtml;
	const char *warned[16]; /* HTML already reported in this field (each once) */
	int nwarned;
	bool warned_deep; /* nesting-depth warning given */
	bool failed;
	bool any_block; /* a block has produced output (for paragraph breaks) */
};

/* ASCII case-insensitive comparison of n bytes (no locale, no <strings.h>). */
static bool ncaseeq(const char *a, const char *b, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]) || !a[i])
			return false;
	return true;
}

static bool is_url_space(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

bool cv_url_allowed(const char *url)
{
	static const char *const schemes[] = {"http", "https", "mailto", "tel"};
	size_t i, n;
	const char *colon, *rest;
	if (!url || !*url)
		return false;
	for (i = 0; url[i]; i++)
		if (is_url_space((unsigned char)url[i]))
			return false;
	colon = strchr(url, ':');
	if (!colon)
		return false;
	n = (size_t)(colon - url);
	for (i = 0; i < CV_COUNT(schemes); i++)
		if (strlen(schemes[i]) == n && ncaseeq(url, schemes[i], n))
			break;
	if (i == CV_COUNT(schemes))
		return false;
	rest = colon + 1;
	if (i < 2) /* http(s): "//" and a non-empty host */
		return rest[0] == '/' && rest[1] == '/' && rest[2] && !strchr("/?#", rest[2]);
	return *rest != '\0';
}

/* The first QUOTE_MAX code points of s (len bytes) for a message, one line, "..." when cut. */
static char *quote(struct cv_arena *a, const char *s, size_t len)
{
	struct cv_buf b = {0};
	size_t i = 0, count = 0;
	char *r;
	while (i < len) {
		uint32_t cp;
		int n = cv_utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		if (count == QUOTE_MAX) {
			cv_buf_puts(&b, "...");
			break;
		}
		if (cp == SENTINEL)
			;
		else if (cp < 0x20 || cp == 0x7f)
			cv_buf_putc(&b, ' ');
		else
			cv_buf_put(&b, s + i, (size_t)n);
		if (cp != SENTINEL)
			count++;
		i += (size_t)n;
	}
	r = cv_arena_strndup(a, b.data ? b.data : "", b.len);
	cv_buf_free(&b);
	return r;
}

/* Report a refused link target; the link's text is kept without it. */
static void refuse_link(struct md *m, const char *url)
{
	const char *p = url ? url : "";
	const char *q = quote(m->a, p, strlen(p));
	size_t n = 0;
	if (isalpha((unsigned char)p[0]))
		while (isalnum((unsigned char)p[n]) || (p[n] && strchr("+-.", p[n])))
			n++;
	if (n > 0 && p[n] == ':' && !(n == 4 && ncaseeq(p, "http", 4)) &&
	    !(n == 5 && ncaseeq(p, "https", 5)) && !(n == 6 && ncaseeq(p, "mailto", 6)) &&
	    !(n == 3 && ncaseeq(p, "tel", 3)))
		cv_msg(CV_ERROR, m->pos, "link-scheme",
		       "link scheme \"%.*s\" is not allowed in \"%s\" (use http, https, mailto or "
		       "tel)",
		       (int)n, p, q);
	else
		cv_msg(CV_ERROR, m->pos, "link-scheme",
		       "link \"%s\" is not allowed: write a full http, https, mailto or tel URL",
		       q);
	m->failed = true;
}

/* The link target url if it may be used; else reports why and returns NULL. */
static const char *accept_link(struct md *m, const char *url)
{
	size_t len = url ? strlen(url) : 0;
	if (!cv_url_allowed(url)) {
		refuse_link(m, url);
		return NULL;
	}
	if (len > CV_LIMIT_URL_BYTES) {
		cv_msg(CV_ERROR, m->pos, "link-too-long",
		       "link \"%s\" is %zu bytes long; the limit for a URL is %d bytes",
		       quote(m->a, url, len), len, CV_LIMIT_URL_BYTES);
		m->failed = true;
		return NULL;
	}
	return url;
}

static unsigned cur_flags(const struct md *m)
{
	unsigned f = (m->emph ? CV_RUN_ITALIC : 0u) | (m->strong ? CV_RUN_BOLD : 0u);
	int i;
	for (i = 0; i < m->nhtml; i++)
		f |= m->html[i].flags;
	return f;
}

static const char *cur_href(const struct md *m)
{
	int i;
	for (i = m->nhtml - 1; i >= 0; i--)
		if (m->html[i].href)
			return m->html[i].href;
	return m->md_href;
}

static bool suppressed(const struct md *m)
{
	int i;
	for (i = 0; i < m->nhtml; i++)
		if (m->html[i].suppress)
			return true;
	return false;
}

static void add_text(struct md *m, const char *s, unsigned extra)
{
	if (!s || !*s || suppressed(m))
		return;
	cv_runs_add(&m->raw, cv_arena_strdup(m->a, s), cur_flags(m) | extra, cur_href(m));
}

static void add_break(struct md *m)
{
	cv_runs_add(&m->raw, "", CV_RUN_BREAK, NULL);
}

/* Warn about dropped HTML lit (what: "unsupported", "unmatched"), once per field and tag. */
static void drop_html(struct md *m, const char *what, const char *lit)
{
	const char *q = quote(m->a, lit, strlen(lit));
	int i;
	for (i = 0; i < m->nwarned; i++)
		if (strcmp(m->warned[i], q) == 0)
			return;
	if (m->nwarned < (int)CV_COUNT(m->warned))
		m->warned[m->nwarned++] = q;
	cv_msg(CV_WARN, m->pos, "html-dropped", "dropped %s HTML \"%s\"", what, q);
}

/* Map a lower-case tag name to what it does. */
static enum html_tag classify(const char *name, unsigned *flags)
{
	static const struct {
		const char *name;
		enum html_tag tag;
		unsigned flags;
	} tags[] = {
	    {"b", TAG_B, CV_RUN_BOLD},
	    {"strong", TAG_B, CV_RUN_BOLD},
	    {"i", TAG_I, CV_RUN_ITALIC},
	    {"em", TAG_I, CV_RUN_ITALIC},
	    {"u", TAG_U, CV_RUN_UNDERLINE},
	    {"sup", TAG_SUP, CV_RUN_SUP},
	    {"sub", TAG_SUB, CV_RUN_SUB},
	    {"a", TAG_A, 0},
	    {"br", TAG_BR, 0},
	    {"script", TAG_SUPPRESS, 0},
	    {"style", TAG_SUPPRESS, 0},
	};
	size_t i;
	*flags = 0;
	for (i = 0; i < CV_COUNT(tags); i++)
		if (strcmp(name, tags[i].name) == 0) {
			*flags = tags[i].flags;
			return tags[i].tag;
		}
	return TAG_OTHER;
}

/* Decode the few entities an attribute value needs; arena string. */
static char *attr_decode(struct cv_arena *a, const char *s, size_t n)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
	struct cv_buf b = {0};
	size_t i = 0, k;
	char *r;
	while (i < n) {
		for (k = 0; k < CV_COUNT(ents); k++) {
			size_t el = strlen(ents[k].ent);
			if (el <= n - i && ncaseeq(s + i, ents[k].ent, el))
				break;
		}
		if (k < CV_COUNT(ents)) {
			cv_buf_putc(&b, ents[k].c);
			i += strlen(ents[k].ent);
		} else {
			cv_buf_putc(&b, s[i++]);
		}
	}
	r = cv_arena_strndup(a, b.data ? b.data : "", b.len);
	cv_buf_free(&b);
	return r;
}

/* The href attribute of an open tag's attribute text (p points after the name), or NULL. */
static const char *find_href(struct cv_arena *a, const char *p)
{
	while (*p && *p != '>') {
		const char *name, *val;
		size_t nlen, vlen;
		while (*p && (isspace((unsigned char)*p) || *p == '/'))
			p++;
		name = p;
		while (*p && !isspace((unsigned char)*p) && !strchr("=>/", *p))
			p++;
		nlen = (size_t)(p - name);
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '=') {
			if (nlen == 0 && *p && *p != '>')
				p++;
			continue;
		}
		p++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '"' || *p == '\'') {
			char qc = *p++;
			val = p;
			while (*p && *p != qc)
				p++;
			vlen = (size_t)(p - val);
			if (*p)
				p++;
		} else {
			val = p;
			while (*p && !isspace((unsigned char)*p) && *p != '>')
				p++;
			vlen = (size_t)(p - val);
		}
		if (nlen == 4 && ncaseeq(name, "href", 4))
			return attr_decode(a, val, vlen);
	}
	return NULL;
}

/* One inline HTML token: an open tag, a close tag, or something dropped. */
static void html_token(struct md *m, const char *lit)
{
	const char *p = lit + 1;
	size_t len = strlen(lit), nlen = 0;
	bool closing = false, selfclose;
	char name[16];
	enum html_tag tag;
	unsigned flags;
	if (*p == '/') {
		closing = true;
		p++;
	}
	if (!isalpha((unsigned char)*p)) { /* comment, <?...?>, <!...>, CDATA */
		if (!suppressed(m))
			drop_html(m, "unsupported", lit);
		return;
	}
	while (isalnum((unsigned char)*p) || *p == '-') {
		if (nlen + 1 < sizeof(name))
			name[nlen++] = (char)tolower((unsigned char)*p);
		else
			nlen = sizeof(name); /* too long: matches nothing */
		p++;
	}
	if (nlen >= sizeof(name))
		strcpy(name, "-"); /* a name no tag has */
	else
		name[nlen] = '\0';
	selfclose = len >= 2 && lit[len - 2] == '/';
	tag = classify(name, &flags);
	if (closing) {
		int i;
		for (i = m->nhtml - 1; i >= 0; i--)
			if (strcmp(m->html[i].name, name) == 0)
				break;
		if (i >= 0) {
			m->nhtml = i; /* closes it and anything left open inside */
			return;
		}
		if (tag != TAG_BR && !suppressed(m))
			drop_html(m, "unmatched", lit);
		return;
	}
	if (suppressed(m))
		return;
	if (tag == TAG_BR) {
		add_break(m);
		return;
	}
	if (tag == TAG_OTHER || tag == TAG_SUPPRESS)
		drop_html(m, "unsupported", lit);
	if (selfclose)
		return;
	if (m->nhtml == HTML_DEPTH) {
		if (!m->warned_deep && tag != TAG_OTHER)
			cv_msg(CV_WARN, m->pos, "html-dropped",
			       "dropped HTML \"%s\" nested more than %d deep",
			       quote(m->a, lit, len), HTML_DEPTH);
		m->warned_deep = true;
		return;
	}
	{
		struct html_open *o = &m->html[m->nhtml++];
		memset(o, 0, sizeof(*o));
		strcpy(o->name, name);
		o->flags = flags;
		o->suppress = tag == TAG_SUPPRESS;
		if (tag == TAG_A) {
			const char *href = find_href(m->a, p);
			if (href)
				o->href = accept_link(m, href);
		}
	}
}

static void walk(struct md *m, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_BLOCK:
			if (enter && m->any_block)
				add_break(m);
			m->any_block = true;
			if (!enter)
				m->nhtml = 0; /* HTML tags do not span paragraphs */
			if (enter && (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK ||
			              cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK))
				add_text(m, cmark_node_get_literal(n), 0);
			break;
		case CMARK_NODE_TEXT:
			add_text(m, cmark_node_get_literal(n), 0);
			break;
		case CMARK_NODE_CODE:
			add_text(m, cmark_node_get_literal(n), CV_RUN_CODE);
			break;
		case CMARK_NODE_SOFTBREAK:
			add_text(m, " ", 0);
			break;
		case CMARK_NODE_LINEBREAK:
			if (!suppressed(m))
				add_break(m);
			break;
		case CMARK_NODE_EMPH:
			m->emph += enter ? 1 : -1;
			break;
		case CMARK_NODE_STRONG:
			m->strong += enter ? 1 : -1;
			break;
		case CMARK_NODE_LINK:
			if (enter) {
				const char *url = accept_link(m, cmark_node_get_url(n));
				if (url)
					m->md_href = cv_arena_strdup(m->a, url);
			} else {
				m->md_href = NULL;
			}
			break;
		case CMARK_NODE_IMAGE:
			if (enter) {
				const char *url = cmark_node_get_url(n);
				cv_msg(CV_WARN, m->pos, "md-image",
				       "dropped image \"%s\" (text fields cannot hold images; its "
				       "description is kept)",
				       quote(m->a, url ? url : "", url ? strlen(url) : 0));
			}
			break;
		case CMARK_NODE_HTML_INLINE:
			html_token(m, cmark_node_get_literal(n));
			break;
		default: /* document, lists, quotes, custom nodes: their content only */
			break;
		}
	}
	cmark_iter_free(it);
}

/* True if a line starting with c could open a block other than a paragraph. */
static bool may_open_block(char c)
{
	return c != '\0' && (strchr("#>-+*=_`~<[", c) || isdigit((unsigned char)c));
}

/* Line-start neutralisation (see the file comment); NULs and sentinels removed. */
static char *prepare(const char *src, size_t len, size_t *outlen)
{
	struct cv_buf b = {0};
	size_t i = 0;
	while (i < len) {
		size_t start, end, next;
		while (i < len && (src[i] == ' ' || src[i] == '\t'))
			i++;
		start = i;
		while (i < len && src[i] != '\n' && src[i] != '\r')
			i++;
		end = next = i;
		if (next < len && src[next] == '\r')
			next++;
		if (next < len && src[next] == '\n' && (next == end || src[end] == '\r'))
			next++;
		if (end > start && may_open_block(src[start]))
			cv_buf_puts(&b, SENTINEL_UTF8);
		for (; start < end; start++) {
			if (src[start] == '\0')
				continue;
			if (end - start >= 3 && memcmp(src + start, SENTINEL_UTF8, 3) == 0) {
				start += 2;
				continue;
			}
			cv_buf_putc(&b, src[start]);
		}
		cv_buf_putc(&b, '\n');
		i = next;
	}
	*outlen = b.len;
	return cv_buf_detach(&b);
}

static bool is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
	       cp == 0x2028 || cp == 0x2029;
}

/* Drop one trailing space from the last text run of v (breaks stop the search). */
static void trim_tail(struct cv_arena *a, struct cv_runvec *v)
{
	size_t i = v->n;
	while (i > 0) {
		struct cv_run *r = &v->runs[i - 1];
		size_t n;
		if (r->flags & CV_RUN_BREAK)
			return;
		n = strlen(r->text);
		if (n == 0) {
			i--;
			continue;
		}
		if (r->text[n - 1] == ' ')
			r->text = cv_arena_strndup(a, r->text, n - 1);
		return;
	}
}

/* Whitespace, control characters, sentinels and breaks cleaned up: raw -> out. */
static void normalise(struct cv_arena *a, struct cv_runvec *raw, struct cv_runvec *out)
{
	bool at_start = true, last_space = false;
	struct cv_buf b = {0};
	size_t k;
	for (k = 0; k < raw->n; k++) {
		const struct cv_run *r = &raw->runs[k];
		const char *s = r->text;
		size_t i = 0, len;
		if (r->flags & CV_RUN_BREAK) {
			if (at_start)
				continue;
			trim_tail(a, out);
			cv_runs_add(out, "", CV_RUN_BREAK, NULL);
			at_start = true;
			last_space = false;
			continue;
		}
		len = strlen(s);
		cv_buf_reset(&b);
		while (i < len) {
			uint32_t cp;
			int n = cv_utf8_decode(s + i, len - i, &cp);
			if (n < 0) {
				i++;
				continue;
			}
			if (is_space_cp(cp)) {
				if (!at_start && !last_space)
					cv_buf_putc(&b, ' ');
				last_space = true;
			} else if (cp == SENTINEL || cp < 0x20 || cp == 0x7f ||
			           (cp >= 0x80 && cp <= 0x9f)) {
				/* removed */
			} else {
				cv_buf_put(&b, s + i, (size_t)n);
				at_start = last_space = false;
			}
			i += (size_t)n;
		}
		cv_runs_add(out, cv_arena_strndup(a, b.data ? b.data : "", b.len), r->flags,
		            r->href);
	}
	cv_buf_free(&b);
	trim_tail(a, out);
	while (out->n > 0 &&
	       (out->runs[out->n - 1].flags & CV_RUN_BREAK || !*out->runs[out->n - 1].text)) {
		out->n--;
		trim_tail(a, out);
	}
}

bool cv_md_parse(struct cv_arena *a, const char *src, size_t len, const struct cv_pos *pos,
                 struct cv_text *out)
{
	static const struct cv_pos nopos = {0};
	struct md m;
	struct cv_runvec clean = {0};
	cmark_node *doc;
	size_t plen;
	char *prep;
	memset(&m, 0, sizeof(m));
	m.a = a;
	m.pos = pos ? pos : &nopos;
	if (!src)
		len = 0;
	prep = prepare(src ? src : "", len, &plen);
	doc = cmark_parse_document(prep, plen, CMARK_OPT_SMART);
	walk(&m, doc);
	cmark_node_free(doc);
	x_free(prep);
	normalise(a, &m.raw, &clean);
	x_free(m.raw.runs);
	*out = cv_runs_finish(a, &clean);
	out->source = src ? cv_arena_strndup(a, src, len) : NULL;
	out->pos = *m.pos;
	return !m.failed;
}
