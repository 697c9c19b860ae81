/*
 * Compose: apply a layout to a profile and build the document tree (cv_doc)
 * that every back end reads.  Entry rows come from the layout's templates,
 * placeholders are filled from the entry's fields, and the styles' text case
 * is applied here so that back ends draw the runs as they are.
 */
#include "cv.h"

#include <string.h>

#include "date.h"
#include "icon.h"

struct compose {
	struct cv_arena *a;
	const struct cv_layout *l;
	const struct cv_profile *p;
	const struct cv_entry *e; /* the entry being expanded */
	size_t number;            /* its place in its section, from 1 ({number}) */
	bool chips;               /* the cell being expanded sets its fields as chips */
	struct cv_pos hit;        /* where the first field a cell showed came from */
	const char *primary;      /* the field that carries the entry's link, or NULL */
	const char *primary_href; /* that link */
	size_t cell_bytes;        /* text placed by templates so far (the budget) */
	bool too_large;           /* the budget was exceeded (reported once) */
};

/*
 * Templates multiply text: a template repeating {title} 9000 times turns
 * 64 KiB of input into hundreds of MB.  Template output is capped at this
 * many bytes for the whole document (the size limit of a profile file).
 */
#define CV_LIMIT_COMPOSED_BYTES (4u * 1024 * 1024)

static const struct cv_date no_date; /* kind CV_DATE_NONE */

const char *cv_block_type_name(enum cv_block_type t)
{
	static const char *const names[] = {
	    "document",  "header", "section", "entry", "row",    "cell",
	    "paragraph", "list",   "item",    "photo", "region",
	};
	if ((size_t)t < CV_COUNT(names))
		return names[t];
	return "block";
}

const struct cv_layout *cv_block_layout(const struct cv_doc *doc, const struct cv_block *b)
{
	for (; b; b = b->parent)
		if (b->type == CV_BLOCK_REGION && b->title && strcmp(b->title, "sidebar") == 0)
			return doc->layout->sidebar.look;
	return doc->layout;
}

/* ---- text case (Latin-1, Latin Extended-A, Greek, Cyrillic; no locale) ---- */

static uint32_t upper_cp(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 0x20;
	if (c < 0x80)
		return c;
	if (c == 0xB5)
		return 0x39C;
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return c - 0x20;
	if (c == 0xFF)
		return 0x178;
	if (c == 0x131)
		return 'I';
	if (c == 0x17F)
		return 'S';
	if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return (c & 1) ? c - 1 : c;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c : c - 1;
	if (c >= 0x3B1 && c <= 0x3C9)
		return c == 0x3C2 ? 0x3A3 : c - 0x20;
	if (c >= 0x386 && c <= 0x3CE) { /* Greek all caps drop the tonos */
		switch (c) {
		case 0x386:
		case 0x3AC:
			return 0x391;
		case 0x388:
		case 0x3AD:
			return 0x395;
		case 0x389:
		case 0x3AE:
			return 0x397;
		case 0x38A:
		case 0x3AF:
			return 0x399;
		case 0x38C:
		case 0x3CC:
			return 0x39F;
		case 0x38E:
		case 0x3CD:
			return 0x3A5;
		case 0x38F:
		case 0x3CE:
			return 0x3A9;
		case 0x390:
		case 0x3CA:
			return 0x3AA;
		case 0x3B0:
		case 0x3CB:
			return 0x3AB;
		default:
			return c;
		}
	}
	if (c >= 0x430 && c <= 0x44F)
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45F)
		return c - 0x50;
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x4FF))
		return (c & 1) ? c - 1 : c;
	if (c >= 0x4C1 && c <= 0x4CE)
		return (c & 1) ? c : c - 1;
	if (c == 0x4CF)
		return 0x4C0;
	return c;
}

static uint32_t lower_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c < 0x80)
		return c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c == 0x178)
		return 0xFF;
	if (c == 0x130)
		return 'i';
	if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return (c & 1) ? c : c + 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 0x20;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 0x25;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 0x3F;
	if (c == 0x3AA || c == 0x3AB)
		return c + 0x20;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x4FF))
		return (c & 1) ? c : c + 1;
	if (c >= 0x4C1 && c <= 0x4CE)
		return (c & 1) ? c + 1 : c;
	if (c == 0x4C0)
		return 0x4CF;
	return c;
}

static bool is_greek_letter(uint32_t c)
{
	return (c >= 0x386 && c <= 0x3CE && c != 0x387) || (c >= 0x3D0 && c <= 0x3FF);
}

/* Next code point of s (after byte i), 0 at the end. */
static uint32_t peek_cp(const char *s, size_t len, size_t i)
{
	uint32_t c = 0;
	if (i >= len || cv_utf8_decode(s + i, len - i, &c) < 0)
		return 0;
	return c;
}

/* s in upper or lower case, as an arena string; s itself when nothing changes. */
static const char *apply_case(struct cv_arena *a, const char *s, enum cv_case tc)
{
	struct cv_buf b = {0};
	size_t len = strlen(s), i = 0;
	uint32_t prev = 0;
	const char *res;
	bool changed = false;
	while (i < len) {
		uint32_t c, m;
		char enc[4];
		int n = cv_utf8_decode(s + i, len - i, &c);
		if (n < 0) { /* invalid byte: keep it (runs are validated upstream) */
			cv_buf_putc(&b, s[i]);
			i++;
			prev = 0;
			continue;
		}
		if (tc == CV_CASE_UPPER && c == 0xDF) {
			cv_buf_puts(&b, "SS");
			changed = true;
			i += (size_t)n;
			prev = c;
			continue;
		}
		m = tc == CV_CASE_UPPER ? upper_cp(c) : lower_cp(c);
		if (m == 0x3C3 && c == 0x3A3 && is_greek_letter(prev) &&
		    !is_greek_letter(peek_cp(s, len, i + (size_t)n)))
			m = 0x3C2; /* final sigma */
		if (m != c)
			changed = true;
		cv_buf_put(&b, enc, cv_utf8_encode(m, enc));
		i += (size_t)n;
		prev = c;
	}
	res = changed ? cv_arena_strndup(a, b.data, b.len) : s;
	cv_buf_free(&b);
	return res;
}

/* The runs with the style's text case applied (code runs are left alone). */
static const struct cv_run *case_runs(struct compose *c, enum cv_role role,
                                      const struct cv_run *runs, size_t n)
{
	enum cv_case tc = c->l->styles[role].text_case;
	struct cv_run *out;
	size_t i;
	if (tc == CV_CASE_ASIS || n == 0)
		return runs;
	out = cv_arena_array(c->a, n, sizeof(*out));
	for (i = 0; i < n; i++) {
		out[i] = runs[i];
		if (!(runs[i].flags & (CV_RUN_CODE | CV_RUN_BREAK)) && runs[i].text)
			out[i].text = apply_case(c->a, runs[i].text, tc);
	}
	return out;
}

/* ---- blocks ---- */

static struct cv_block *add_block(struct compose *c, struct cv_block *parent,
                                  enum cv_block_type type, enum cv_role role,
                                  const struct cv_pos *pos)
{
	struct cv_block *b = cv_arena_alloc(c->a, sizeof(*b));
	b->type = type;
	b->role = role;
	b->align = c->l->styles[role].align;
	if (pos)
		b->pos = *pos;
	b->parent = parent;
	if (parent) {
		b->kind = parent->kind;
		if (parent->last)
			parent->last->next = b;
		else
			parent->first = b;
		parent->last = b;
	}
	return b;
}

/* Make b, the last child of parent, its first. */
static void move_to_front(struct cv_block *parent, struct cv_block *b)
{
	struct cv_block *prev = parent->first;
	if (prev == b)
		return;
	while (prev->next != b)
		prev = prev->next;
	prev->next = NULL;
	parent->last = prev;
	b->next = parent->first;
	parent->first = b;
}

static void set_runs(struct compose *c, struct cv_block *b, const struct cv_run *runs, size_t n)
{
	b->runs = case_runs(c, b->role, runs, n);
	b->nruns = n;
}

/* ---- small string helpers ---- */

static bool has_prefix_ci(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	size_t i;
	for (i = 0; i < n; i++) {
		char x = s[i], y = prefix[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x + 32);
		if (x != y)
			return false;
	}
	return true;
}

/* A URL as shown: without http(s):// or mailto:, without a trailing slash. */
static const char *url_display(struct cv_arena *a, const char *url)
{
	static const char *const schemes[] = {"https://", "http://", "mailto:", "tel:"};
	size_t i, n;
	for (i = 0; i < CV_COUNT(schemes); i++) {
		if (has_prefix_ci(url, schemes[i])) {
			url += strlen(schemes[i]);
			break;
		}
	}
	n = strlen(url);
	while (n > 1 && url[n - 1] == '/')
		n--;
	return cv_arena_strndup(a, url, n);
}

/* "%n"-style substitution: every occurrence of key in fmt replaced by val. */
static char *subst(struct cv_arena *a, const char *fmt, const char *key, const char *val)
{
	struct cv_buf b = {0};
	size_t klen = strlen(key);
	char *s;
	while (*fmt) {
		if (!strncmp(fmt, key, klen)) {
			cv_buf_puts(&b, val ? val : "");
			fmt += klen;
		} else {
			cv_buf_putc(&b, *fmt++);
		}
	}
	s = cv_arena_strndup(a, b.data ? b.data : "", b.len);
	cv_buf_free(&b);
	return s;
}

/* A DOI without any "https://doi.org/" or "doi:" prefix, trimmed. */
static const char *doi_bare(const char *s)
{
	static const char *const prefixes[] = {"https://doi.org/", "http://doi.org/",
	                                       "https://dx.doi.org/", "http://dx.doi.org/", "doi:"};
	size_t i;
	while (*s == ' ')
		s++;
	for (i = 0; i < CV_COUNT(prefixes); i++) {
		if (has_prefix_ci(s, prefixes[i])) {
			s += strlen(prefixes[i]);
			break;
		}
	}
	while (*s == ' ')
		s++;
	return s;
}

/* https://doi.org/ + the DOI, percent-encoding what a URL cannot hold. */
static const char *doi_url(struct cv_arena *a, const char *doi)
{
	struct cv_buf b = {0};
	const unsigned char *p;
	const char *s;
	cv_buf_puts(&b, "https://doi.org/");
	for (p = (const unsigned char *)doi; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>#%{}|\\^`", *p))
			cv_buf_printf(&b, "%%%02X", *p);
		else
			cv_buf_putc(&b, (char)*p);
	}
	s = cv_arena_strndup(a, b.data, b.len);
	cv_buf_free(&b);
	return s;
}

/* ---- placeholder lookup ---- */

static const struct cv_field *get_field(const struct cv_entry *e, const char *key)
{
	size_t i;
	for (i = 0; i < e->nfields; i++)
		if (cv_streq(e->fields[i].key, key))
			return &e->fields[i];
	return NULL;
}

static const struct cv_date *get_date(const struct cv_entry *e, const char *key)
{
	const struct cv_field *f = get_field(e, key);
	return f && f->type == CV_VALUE_DATE ? &f->date : &no_date;
}

static void add_authors(struct compose *c, const struct cv_field *f, struct cv_runvec *v)
{
	const struct cv_publication_layout *pl = &c->l->publication;
	size_t i, j;
	for (i = 0; i < f->nauthors; i++) {
		const struct cv_author *au = &f->authors[i];
		unsigned extra = CV_RUN_NOBREAK | (au->is_owner ? pl->owner_flags : 0);
		if (i > 0) {
			const char *sep =
			    i + 1 == f->nauthors ? pl->author_last_sep : pl->author_sep;
			cv_runs_add(v, sep ? sep : ", ", 0, NULL);
		}
		for (j = 0; j < au->name.nruns; j++) {
			const struct cv_run *r = &au->name.runs[j];
			cv_runs_add(v, r->text, r->flags | extra, r->href);
		}
		if (au->equal && pl->equal_mark && *pl->equal_mark)
			cv_runs_add(v, pl->equal_mark, CV_RUN_SUP, NULL);
		if (au->corresponding && pl->corresponding_mark && *pl->corresponding_mark)
			cv_runs_add(v, pl->corresponding_mark, CV_RUN_SUP, NULL);
	}
}

static void add_links(struct compose *c, const struct cv_field *f, struct cv_runvec *v)
{
	const struct cv_publication_layout *pl = &c->l->publication;
	const char *fmt = pl->link_format ? pl->link_format : "%s";
	size_t i;
	for (i = 0; i < f->nlinks; i++) {
		if (i > 0)
			cv_runs_add(v, pl->link_sep ? pl->link_sep : " ", 0, NULL);
		cv_runs_add_at(v, subst(c->a, fmt, "%s", f->links[i].label), 0, f->links[i].url,
		               &f->links[i].pos);
	}
}

/* Runs of one field (or of "dates"), appended to v. */
static void field_runs(struct compose *c, const struct cv_field *f, struct cv_runvec *v)
{
	const char *s;
	size_t i;
	if (cv_streq(f->key, "doi")) {
		const char *doi = doi_bare(cv_text_plain(c->a, f->text.runs, f->text.nruns));
		if (*doi)
			cv_runs_add(v, cv_arena_printf(c->a, "doi:%s", doi), 0, doi_url(c->a, doi));
		return;
	}
	switch (f->type) {
	case CV_VALUE_TEXT:
		cv_runs_append(v, f->text.runs, f->text.nruns);
		break;
	case CV_VALUE_LIST:
		for (i = 0; i < f->nitems; i++) {
			if (f->items[i].nruns == 0)
				continue;
			if (v->n > 0)
				cv_runs_add(v, c->l->list_sep ? c->l->list_sep : ", ", 0, NULL);
			cv_runs_append(v, f->items[i].runs, f->items[i].nruns);
		}
		break;
	case CV_VALUE_DATE:
		s = cv_date_format(c->a, &f->date, &c->l->dates);
		if (s && *s)
			cv_runs_add(v, s, 0, NULL);
		break;
	case CV_VALUE_AUTHORS:
		add_authors(c, f, v);
		break;
	case CV_VALUE_LINKS:
		add_links(c, f, v);
		break;
	case CV_VALUE_URL:
		if (f->url && *f->url)
			cv_runs_add(v, url_display(c->a, f->url), 0, f->url);
		break;
	case CV_VALUE_MAP: /* no entry field has this type */
		break;
	}
}

/* Report once that template output went over CV_LIMIT_COMPOSED_BYTES. */
static void report_too_large(struct compose *c)
{
	if (!c->too_large)
		cv_msg(CV_ERROR, c->hit.line ? &c->hit : &c->e->pos, "document-too-large",
		       "the layout's templates make more than %u MB of text from this profile; a "
		       "template repeats a field too often",
		       CV_LIMIT_COMPOSED_BYTES / (1024 * 1024));
	c->too_large = true;
}

/* Runs from..v->n as one chip: flagged, kept on one line (spaces made no-break). */
static void make_chip(struct compose *c, struct cv_runvec *v, size_t from)
{
	for (size_t i = from; i < v->n; i++) {
		struct cv_buf b = {0};
		for (const char *s = v->runs[i].text; s && *s; s++)
			if (*s == ' ')
				cv_buf_puts(&b, "\xC2\xA0"); /* U+00A0 */
			else
				cv_buf_putc(&b, *s);
		v->runs[i].text = cv_arena_strndup(c->a, b.data ? b.data : "", b.len);
		v->runs[i].flags |= CV_RUN_CHIP | CV_RUN_NOBREAK;
		cv_buf_free(&b);
	}
}

/* A field in a chips cell: one chip per list item (a space between), else one chip. */
static void chip_runs(struct compose *c, const struct cv_field *f, struct cv_runvec *v)
{
	if (f->type != CV_VALUE_LIST) {
		size_t from = v->n;
		field_runs(c, f, v);
		make_chip(c, v, from);
		return;
	}
	for (size_t i = 0; i < f->nitems; i++) {
		if (f->items[i].nruns == 0)
			continue;
		if (v->n > 0)
			cv_runs_add(v, " ", 0, NULL);
		size_t from = v->n;
		cv_runs_append(v, f->items[i].runs, f->items[i].nruns);
		make_chip(c, v, from);
	}
}

/*
 * Whether a grade is a bare number that needs a label to be read: its first
 * word is a digit followed by digits and . , / % only ("3.9/4.0", "9.6/10",
 * "85%", "3.9/4.0 (top 5%)"), and label does not occur in it.  "First class
 * honours", "summa cum laude", "2:1", "1st", "GPA 3.9" and "# 1 in class"
 * stand as written.
 */
static bool grade_needs_label(const char *grade, const char *label)
{
	if (!label || !*label || !(*grade >= '0' && *grade <= '9'))
		return false;
	const char *s = grade;
	while (*s && *s != ' ' && strchr("0123456789.,/%", *s))
		s++;
	if (*s && *s != ' ')
		return false;
	size_t n = strlen(label);
	for (s = grade; *s; s++) { /* already labelled ("3.9 GPA") */
		size_t i = 0;
		while (i < n && s[i] && (s[i] | 0x20) == (label[i] | 0x20))
			i++;
		if (i == n)
			return false;
	}
	return true;
}

static bool lookup(void *ctx, const char *name, const struct cv_run **runs, size_t *nruns)
{
	struct compose *c = ctx;
	struct cv_runvec v = {0};
	struct cv_text t;
	const struct cv_field *f = NULL;
	if (cv_streq(name, "number")) {
		cv_runs_add(&v, cv_arena_printf(c->a, "%zu", c->number), 0, NULL);
	} else if (cv_streq(name, "dates")) {
		const char *s =
		    cv_date_format_range(c->a, get_date(c->e, "start"), get_date(c->e, "end"),
		                         get_date(c->e, "date"), &c->l->dates);
		if (s && *s)
			cv_runs_add(&v, s, 0, NULL);
		if (!(f = get_field(c->e, "start")) && !(f = get_field(c->e, "date")))
			f = get_field(c->e, "end");
	} else if (cv_streq(name, "level") && (f = get_field(c->e, name)) != NULL) {
		/* marks, drawn by the back ends; the text "N/M" says how many */
		cv_runs_add(&v, cv_text_plain(c->a, f->text.runs, f->text.nruns),
		            CV_RUN_LEVEL | CV_RUN_NOBREAK, NULL);
	} else if ((f = get_field(c->e, name)) != NULL && c->chips) {
		chip_runs(c, f, &v);
	} else if ((f = get_field(c->e, name)) != NULL) {
		if (cv_streq(name, "grade") && f->type == CV_VALUE_TEXT &&
		    grade_needs_label(cv_text_plain(c->a, f->text.runs, f->text.nruns),
		                      c->l->grade_label)) /* "GPA" + U+00A0: one line */
			cv_runs_add(&v, cv_arena_printf(c->a, "%s\xC2\xA0", c->l->grade_label), 0,
			            NULL);
		field_runs(c, f, &v);
	}
	if (c->primary && cv_streq(name, c->primary))
		for (size_t i = 0; i < v.n; i++) /* the entry's url, on its own field */
			if (!v.runs[i].href && !(v.runs[i].flags & CV_RUN_BREAK))
				v.runs[i].href = c->primary_href;
	t = cv_runs_finish(c->a, &v);
	if (t.nruns == 0)
		return false;
	if (f && c->hit.line == 0)
		c->hit = f->pos;
	for (size_t i = 0; i < t.nruns; i++) /* charge the budget as text is placed */
		c->cell_bytes += strlen(t.runs[i].text);
	if (c->cell_bytes > CV_LIMIT_COMPOSED_BYTES) {
		report_too_large(c);
		return false;
	}
	*runs = t.runs;
	*nruns = t.nruns;
	return true;
}

/* ---- entries ---- */

static bool names_link(void *ctx, const char *name)
{
	bool *uses = ctx;
	if (cv_streq(name, "url") || cv_streq(name, "doi")) {
		*uses = true;
		return false;
	}
	return true;
}

/* The entry's own link: its url, or for a publication its doi; NULL if none. */
static const char *entry_link(struct compose *c)
{
	const struct cv_field *f = get_field(c->e, "url");
	if (f && f->type == CV_VALUE_URL && f->url && *f->url)
		return f->url;
	f = get_field(c->e, "doi");
	if (f && c->e->kind == CV_KIND_PUBLICATION) {
		const char *doi = doi_bare(cv_text_plain(c->a, f->text.runs, f->text.nruns));
		if (*doi)
			return doi_url(c->a, doi);
	}
	return NULL;
}

/* The link that the title row's left cell gets when it does not show {url}/{doi} itself. */
static const char *title_link(struct compose *c, const struct cv_tmpl_cell *cell)
{
	bool uses = false;
	size_t i;
	for (i = 0; i < cell->nparts && !uses; i++)
		if (cell->parts[i])
			cv_tmpl_each_field(cell->parts[i], names_link, &uses);
	return uses ? NULL : entry_link(c);
}

/*
 * The field that names what an entry's url points at: the school, the
 * employer (not the position), the work itself.  NULL for kinds without one.
 */
static const char *primary_field(enum cv_kind k)
{
	switch (k) {
	case CV_KIND_EDUCATION:
		return "institution";
	case CV_KIND_EXPERIENCE:
		return "organization";
	case CV_KIND_PUBLICATION:
	case CV_KIND_AWARD:
	case CV_KIND_TALK:
		return "title";
	case CV_KIND_PROJECT:
		return "name";
	default:
		return NULL;
	}
}

struct find_field {
	const char *name;
	bool found;
};

static bool finds_field(void *ctx, const char *name)
{
	struct find_field *ff = ctx;
	if (cv_streq(name, ff->name))
		ff->found = true;
	return !ff->found;
}

static bool cell_shows(const struct cv_tmpl_cell *cell, const char *name)
{
	struct find_field ff = {name, false};
	size_t i;
	for (i = 0; i < cell->nparts && !ff.found; i++)
		if (cell->parts[i])
			cv_tmpl_each_field(cell->parts[i], finds_field, &ff);
	return ff.found;
}

/*
 * Choose where the entry's link goes: on the primary field wherever the rows
 * show it (sets c->primary), else, as a fallback, on the whole title row.
 * Returns whether the fallback applies.
 */
static bool choose_link(struct compose *c, const struct cv_template *t)
{
	const char *name = primary_field(c->e->kind);
	const struct cv_field *f = name ? get_field(c->e, name) : NULL;
	const char *href = entry_link(c);
	size_t i;
	c->primary = c->primary_href = NULL;
	if (!href)
		return false;
	for (i = 0; f && i < t->nrows; i++) {
		const struct cv_tmpl_cell *cell =
		    cell_shows(&t->rows[i].left, name)    ? &t->rows[i].left
		    : cell_shows(&t->rows[i].right, name) ? &t->rows[i].right
		                                          : NULL;
		if (!cell)
			continue;
		if (title_link(c, cell)) { /* (NULL when the cell shows {url}/{doi} itself) */
			c->primary = name;
			c->primary_href = href;
		}
		return false;
	}
	return true;
}

/* Expand a cell's parts joined by its separator; empty parts are dropped. */
static struct cv_text expand_cell(struct compose *c, const struct cv_tmpl_cell *cell,
                                  const char *link)
{
	struct cv_runvec v = {0};
	size_t i, j;
	bool any = false;
	c->hit = (struct cv_pos){0};
	c->chips = cell->chips;
	for (i = 0; i < cell->nparts; i++) {
		struct cv_runvec part = {0};
		if (!cell->parts[i] || !cv_tmpl_expand(cell->parts[i], lookup, c, c->a, &part) ||
		    part.n == 0) {
			x_free(part.runs);
			continue;
		}
		if (any && cell->sep && *cell->sep)
			cv_runs_add(&v, cell->sep, 0, NULL);
		any = true;
		cv_runs_append(&v, part.runs, part.n);
		x_free(part.runs);
	}
	c->chips = false;
	if (c->too_large)
		v.n = 0;                  /* drop the cell: the run fails anyway */
	for (j = 0; link && j < v.n; j++) /* the whole title becomes clickable */
		if (!v.runs[j].href && !(v.runs[j].flags & CV_RUN_BREAK))
			v.runs[j].href = link;
	return cv_runs_finish(c->a, &v);
}

static void add_body(struct compose *c, struct cv_block *entry, const char *name)
{
	const struct cv_field *f = get_field(c->e, name);
	const struct cv_run *runs;
	size_t nruns, i;
	if (!f)
		return;
	if (f->type == CV_VALUE_LIST) {
		struct cv_block *list = NULL;
		for (i = 0; i < f->nitems; i++) {
			struct cv_block *item;
			if (f->items[i].nruns == 0)
				continue;
			if (!list)
				list = add_block(c, entry, CV_BLOCK_LIST, CV_ROLE_BULLET, &f->pos);
			item = add_block(c, list, CV_BLOCK_ITEM, CV_ROLE_BULLET, &f->items[i].pos);
			set_runs(c, item, f->items[i].runs, f->items[i].nruns);
		}
		return;
	}
	if (lookup(c, name, &runs, &nruns)) {
		struct cv_block *para =
		    add_block(c, entry, CV_BLOCK_PARAGRAPH, CV_ROLE_BODY, &f->pos);
		set_runs(c, para, runs, nruns);
	}
}

/* Fallback for a kind the layout gives no template: its first text field as the title. */
static void add_untemplated(struct compose *c, struct cv_block *entry)
{
	size_t i;
	for (i = 0; i < c->e->nfields; i++) {
		const struct cv_field *f = &c->e->fields[i];
		if (f->type == CV_VALUE_TEXT && f->text.nruns > 0) {
			struct cv_block *row =
			    add_block(c, entry, CV_BLOCK_ROW, CV_ROLE_BODY, &f->pos);
			struct cv_block *cell =
			    add_block(c, row, CV_BLOCK_CELL, CV_ROLE_ENTRY_TITLE, &f->pos);
			cell->align = CV_ALIGN_LEFT;
			set_runs(c, cell, f->text.runs, f->text.nruns);
			return;
		}
	}
}

/* The template of an entry: its section title's (templates.TITLE), else its kind's. */
static const struct cv_template *
entry_template(const struct compose *c, const struct cv_block *section, const struct cv_entry *e)
{
	for (size_t i = 0; i < c->l->ntitle_templates; i++) {
		const struct cv_title_template *tt = &c->l->title_templates[i];
		if (tt->kind == e->kind && section->title &&
		    cv_strcaseeq(tt->title, section->title))
			return &tt->t;
	}
	return &c->l->templates[e->kind];
}

static void add_entry(struct compose *c, struct cv_block *section, const struct cv_entry *e)
{
	const struct cv_template *t = entry_template(c, section, e);
	struct cv_block *entry = add_block(c, section, CV_BLOCK_ENTRY, CV_ROLE_BODY, &e->pos);
	bool titled = false, fallback;
	size_t i;
	entry->kind = e->kind;
	c->e = e;
	if (t->nrows == 0 && t->nbody == 0) {
		add_untemplated(c, entry);
		return;
	}
	fallback = choose_link(c, t);
	/*
	 * The first row whose left cell has content is the title line: when the
	 * template's first row came out empty (its field is optional), the next
	 * one takes over its role and its link.  When only its left cell came
	 * out empty, beside a right cell (a date), the next row's left cell
	 * moves up beside it, so that the date stays on the entry's first line.
	 */
	bool pulled = false; /* the row before took this row's left cell */
	for (i = 0; i < t->nrows; i++) {
		const struct cv_tmpl_row *r = &t->rows[i];
		const struct cv_tmpl_cell *lcell = pulled ? NULL : &r->left;
		const char *link = titled || !fallback || !lcell ? NULL : title_link(c, lcell);
		struct cv_text left = lcell ? expand_cell(c, lcell, link) : (struct cv_text){0};
		struct cv_pos lpos = c->hit.line ? c->hit : e->pos;
		struct cv_text right = expand_cell(c, &r->right, NULL);
		struct cv_pos rpos = c->hit.line ? c->hit : e->pos;
		struct cv_block *row, *cell;
		pulled = false;
		if (left.nruns == 0 && right.nruns > 0 && !titled && i + 1 < t->nrows) {
			/* "{degree}" | "{dates}" over "{institution}" | "{location}",
			 * without a degree */
			const struct cv_tmpl_cell *next = &t->rows[i + 1].left;
			link = fallback ? title_link(c, next) : NULL;
			left = expand_cell(c, next, link);
			if (left.nruns > 0) {
				lpos = c->hit.line ? c->hit : e->pos;
				pulled = true;
			}
		}
		if (left.nruns == 0 && right.nruns == 0)
			continue;
		row = add_block(c, entry, CV_BLOCK_ROW, CV_ROLE_BODY, left.nruns ? &lpos : &rpos);
		cell = add_block(c, row, CV_BLOCK_CELL,
		                 titled || left.nruns == 0 ? r->left.role : t->rows[0].left.role,
		                 &lpos);
		cell->align = CV_ALIGN_LEFT;
		set_runs(c, cell, left.runs, left.nruns);
		if (left.nruns > 0)
			titled = true;
		if (right.nruns > 0) {
			cell = add_block(c, row, CV_BLOCK_CELL, r->right.role, &rpos);
			cell->align = CV_ALIGN_RIGHT;
			set_runs(c, cell, right.runs, right.nruns);
			if (c->l->gutter.show) /* in the date column: read before the entry */
				move_to_front(row, cell);
		}
	}
	c->primary = NULL; /* the body's paragraphs keep their own links */
	for (i = 0; i < t->nbody; i++)
		add_body(c, entry, t->body[i]);
}

static void add_section(struct compose *c, struct cv_block *root, const struct cv_section *s)
{
	struct cv_block *sec = add_block(c, root, CV_BLOCK_SECTION, CV_ROLE_SECTION_TITLE, &s->pos);
	struct cv_block *entry = NULL, *list = NULL;
	size_t i;
	sec->kind = s->kind;
	sec->title = cv_text_plain(c->a, s->title.runs, s->title.nruns);
	set_runs(c, sec, s->title.runs, s->title.nruns);
	for (i = 0; i < s->nentries; i++) {
		const struct cv_entry *e = &s->entries[i];
		const struct cv_field *f;
		struct cv_block *b;
		if (s->kind != CV_KIND_BULLET && s->kind != CV_KIND_TEXT) {
			c->number = i + 1;
			add_entry(c, sec, e);
			continue;
		}
		f = get_field(e, "text");
		if (!f || f->text.nruns == 0)
			continue;
		if (s->kind == CV_KIND_TEXT) {
			entry = add_block(c, sec, CV_BLOCK_ENTRY, CV_ROLE_BODY, &e->pos);
			entry->kind = CV_KIND_TEXT;
			b = add_block(c, entry, CV_BLOCK_PARAGRAPH, CV_ROLE_BODY, &f->pos);
		} else {
			if (!list) {
				entry = add_block(c, sec, CV_BLOCK_ENTRY, CV_ROLE_BODY, &e->pos);
				entry->kind = CV_KIND_BULLET;
				list = add_block(c, entry, CV_BLOCK_LIST, CV_ROLE_BULLET, &e->pos);
			}
			b = add_block(c, list, CV_BLOCK_ITEM, CV_ROLE_BULLET, &f->pos);
		}
		set_runs(c, b, f->text.runs, f->text.nruns);
	}
}

/* ---- header ---- */

static void add_sep(struct compose *c, struct cv_runvec *v)
{
	const char *sep = c->l->header.separator ? c->l->header.separator : " · ";
	if (v->n > 0 && c->l->header.contact_lines)
		cv_runs_add(v, "", CV_RUN_BREAK, NULL);
	else if (v->n > 0)
		cv_runs_add(v, sep, CV_RUN_SEP, NULL);
}

static const char *tel_href(struct cv_arena *a, const char *phone)
{
	struct cv_buf b = {0};
	const char *s;
	cv_buf_puts(&b, "tel:");
	for (; *phone; phone++)
		if ((*phone >= '0' && *phone <= '9') || *phone == '+')
			cv_buf_putc(&b, *phone);
	s = cv_arena_strndup(a, b.data, b.len);
	cv_buf_free(&b);
	return s;
}

/*
 * With the layout's header.icons, the icon that marks a contact item: a run
 * flagged CV_RUN_ICON whose text is one of icon.h's names (a network the
 * icon fonts do not know gets "link"), linked like the item it marks.
 */
static void add_icon(struct compose *c, struct cv_runvec *v, const char *name, const char *href)
{
	const struct cv_icon_ref *ref = name ? cv_icon_resolve(name) : NULL;
	if (!c->l->header.icons)
		return;
	cv_runs_add(v, ref ? ref->name : "link", CV_RUN_ICON | CV_RUN_NOBREAK, href);
}

/*
 * The text of a social link: its label when the profile gives one, else what
 * a reader (and an applicant-tracking parser) can identify and type: the
 * address without its scheme and "www." ("github.com/ada",
 * "linkedin.com/in/ada", "orcid.org/0000-...", "fosstodon.org/@ada"), never
 * a bare username.  A Google Scholar address is an opaque query, so it shows
 * as "Google Scholar".  Arena string.
 */
static const char *social_text(struct cv_arena *a, const struct cv_social *so)
{
	const char *shown;
	if (so->label && *so->label)
		return so->label;
	if (so->network && cv_strcaseeq(so->network, "Google Scholar"))
		return so->network;
	shown = url_display(a, so->url);
	return has_prefix_ci(shown, "www.") ? shown + 4 : shown;
}

static void add_contact_item(struct compose *c, const char *item, struct cv_runvec *v)
{
	const struct cv_person *pp = &c->p->person;
	const char *href;
	size_t i;
	if (cv_streq(item, "email") && pp->email && *pp->email) {
		add_sep(c, v);
		href = cv_arena_printf(c->a, "mailto:%s", pp->email);
		add_icon(c, v, "email", href);
		cv_runs_add(v, pp->email, 0, href);
	} else if (cv_streq(item, "phone") && pp->phone && *pp->phone) {
		add_sep(c, v);
		href = tel_href(c->a, pp->phone);
		add_icon(c, v, "phone", href);
		cv_runs_add(v, pp->phone, 0, href);
	} else if (cv_streq(item, "website") && pp->website && *pp->website) {
		add_sep(c, v);
		add_icon(c, v, "website", pp->website);
		cv_runs_add(v, url_display(c->a, pp->website), 0, pp->website);
	} else if (cv_streq(item, "location") && pp->location.nruns > 0) {
		add_sep(c, v);
		add_icon(c, v, "location", NULL);
		cv_runs_append(v, pp->location.runs, pp->location.nruns);
	} else if (cv_streq(item, "links")) {
		for (i = 0; i < pp->nsocials; i++) {
			const struct cv_social *so = &pp->socials[i];
			if (!so->url || !*so->url)
				continue;
			add_sep(c, v);
			add_icon(c, v, so->network, so->url);
			cv_runs_add(v, social_text(c->a, so), 0, so->url);
		}
	}
}

static void add_header(struct compose *c, struct cv_block *root)
{
	const struct cv_person *pp = &c->p->person;
	const struct cv_header_layout *hl = &c->l->header;
	struct cv_block *hdr = add_block(c, root, CV_BLOCK_HEADER, CV_ROLE_BODY, &pp->name.pos);
	struct cv_block *b;
	struct cv_runvec v = {0};
	struct cv_text t;
	size_t i;

	if (pp->name.nruns > 0) {
		for (i = 0; i < pp->name.nruns; i++)
			cv_runs_add(&v, pp->name.runs[i].text,
			            pp->name.runs[i].flags | CV_RUN_NOBREAK, pp->name.runs[i].href);
		t = cv_runs_finish(c->a, &v);
		b = add_block(c, hdr, CV_BLOCK_PARAGRAPH, CV_ROLE_NAME, &pp->name.pos);
		b->align = hl->align;
		set_runs(c, b, t.runs, t.nruns);
	}
	if (pp->headline.nruns > 0) {
		b = add_block(c, hdr, CV_BLOCK_PARAGRAPH, CV_ROLE_HEADLINE, &pp->headline.pos);
		b->align = hl->align;
		set_runs(c, b, pp->headline.runs, pp->headline.nruns);
	}
	for (i = 0; i < hl->ncontact; i++)
		add_contact_item(c, hl->contact[i], &v);
	t = cv_runs_finish(c->a, &v);
	if (t.nruns > 0) {
		b = add_block(c, hdr, CV_BLOCK_PARAGRAPH, CV_ROLE_CONTACT, &pp->name.pos);
		b->align = hl->align;
		set_runs(c, b, t.runs, t.nruns);
	}
	if (hl->photo && pp->photo && *pp->photo) {
		b = add_block(c, hdr, CV_BLOCK_PHOTO, CV_ROLE_BODY, &pp->photo_pos);
		b->align = hl->photo_side;
		b->path = pp->photo;
	}
}

/* ---- sections and regions ---- */

/* True if a section is named in list (by kind or by title, case-insensitive). */
static bool section_listed(const struct cv_section *s, const char *const *list, size_t n,
                           const char *title)
{
	const char *kind = cv_schema_kind(s->kind)->name;
	for (size_t i = 0; i < n; i++)
		if (cv_strcaseeq(list[i], kind) || cv_strcaseeq(list[i], title))
			return true;
	return false;
}

static bool section_shown(struct cv_arena *a, const struct cv_layout *l, const struct cv_section *s)
{
	const struct cv_sections_layout *sl = &l->sections;
	return sl->nhide == 0 || !section_listed(s, sl->hide, sl->nhide,
	                                         cv_text_plain(a, s->title.runs, s->title.nruns));
}

/*
 * The order sections are shown in: those named by sections.order first,
 * in its order (each name taking every section it matches, in the
 * profile's order), then the others in the profile's order; hidden ones
 * left out.  Fills idx (p->nsections slots); returns the count.
 */
static size_t section_order(struct cv_arena *a, const struct cv_layout *l,
                            const struct cv_profile *p, size_t *idx)
{
	const struct cv_sections_layout *sl = &l->sections;
	bool *taken = x_calloc(p->nsections ? p->nsections : 1, sizeof *taken);
	size_t n = 0, i, k;
	for (k = 0; k <= sl->norder; k++)
		for (i = 0; i < p->nsections; i++) {
			const struct cv_section *s = &p->sections[i];
			if (taken[i])
				continue;
			if (k < sl->norder &&
			    !section_listed(s, &sl->order[k], 1,
			                    cv_text_plain(a, s->title.runs, s->title.nruns)))
				continue;
			taken[i] = true;
			if (section_shown(a, l, s))
				idx[n++] = i;
		}
	x_free(taken);
	return n;
}

/* True if the section goes to the sidebar: listed there, or not listed for main and sidebar is the
 * default. */
static bool in_sidebar(struct cv_arena *a, const struct cv_layout *l, const struct cv_section *s)
{
	const char *title = cv_text_plain(a, s->title.runs, s->title.nruns);
	if (section_listed(s, l->sidebar.sections, l->sidebar.nsections, title))
		return true;
	if (section_listed(s, l->sections.main, l->sections.nmain, title))
		return false;
	return l->sections.default_sidebar;
}

/*
 * The document of a layout with a sidebar: the header at the top (or at the
 * top of its region), then one REGION block per column in page order, each
 * with its sections.  Sidebar blocks are composed with the sidebar's look.
 */
static void add_regions(struct compose *c, struct cv_block *root)
{
	const struct cv_layout *l = c->l;
	size_t *idx = x_calloc(c->p->nsections ? c->p->nsections : 1, sizeof *idx);
	size_t n = section_order(c->a, l, c->p, idx), i;
	struct cv_block *region[2];
	bool side_first = l->sidebar.side == CV_ALIGN_LEFT;
	if (l->header_place == CV_HEADER_TOP)
		add_header(c, root);
	for (int r = 0; r < 2; r++) {
		bool side = (r == 0) == side_first;
		c->l = side ? l->sidebar.look : l;
		region[r] = add_block(c, root, CV_BLOCK_REGION, CV_ROLE_BODY, NULL);
		region[r]->title = side ? "sidebar" : "main";
		region[r]->align =
		    side ? l->sidebar.side
		         : (l->sidebar.side == CV_ALIGN_LEFT ? CV_ALIGN_RIGHT : CV_ALIGN_LEFT);
		region[r]->pos.file = c->p->path;
		if ((side && l->header_place == CV_HEADER_SIDEBAR) ||
		    (!side && l->header_place == CV_HEADER_MAIN))
			add_header(c, region[r]);
		for (i = 0; i < n && !c->too_large; i++) {
			const struct cv_section *s = &c->p->sections[idx[i]];
			if (in_sidebar(c->a, l, s) == side)
				add_section(c, region[r], s);
		}
	}
	c->l = l;
	x_free(idx);
}

static void set_metadata(struct compose *c, struct cv_doc *d)
{
	const struct cv_person *pp = &c->p->person;
	const char *name = cv_text_plain(c->a, pp->name.runs, pp->name.nruns);
	struct cv_buf b = {0};
	size_t i;
	if (*name) {
		d->author = name;
		d->title = c->l->title_format ? subst(c->a, c->l->title_format, "%n", name) : name;
	}
	if (pp->headline.nruns > 0)
		d->subject = cv_text_plain(c->a, pp->headline.runs, pp->headline.nruns);
	for (i = 0; i < pp->nkeywords; i++) {
		if (!pp->keywords[i] || !*pp->keywords[i])
			continue;
		if (b.len > 0)
			cv_buf_puts(&b, ", ");
		cv_buf_puts(&b, pp->keywords[i]);
	}
	if (b.len > 0)
		d->keywords = cv_arena_strndup(c->a, b.data, b.len);
	cv_buf_free(&b);
}

struct cv_doc *cv_compose(struct cv_arena *a, const struct cv_profile *p, const struct cv_layout *l)
{
	struct compose c = {0};
	struct cv_doc *d;
	size_t i;
	if (!a || !p || !l)
		return NULL;
	c.a = a;
	c.l = l;
	c.p = p;
	d = cv_arena_alloc(a, sizeof(*d));
	d->layout = l;
	d->profile = p;
	d->root = add_block(&c, NULL, CV_BLOCK_DOCUMENT, CV_ROLE_BODY, NULL);
	d->root->pos.file = p->path;
	set_metadata(&c, d);
	if (!l->sidebar.show) {
		size_t *idx = x_calloc(p->nsections ? p->nsections : 1, sizeof *idx);
		size_t n = section_order(a, l, p, idx);
		add_header(&c, d->root);
		for (i = 0; i < n && !c.too_large; i++)
			add_section(&c, d->root, &p->sections[idx[i]]);
		x_free(idx);
	} else {
		add_regions(&c, d->root);
	}
	return c.too_large ? NULL : d;
}
