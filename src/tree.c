/*
 * The tree back end: a stable, readable text dump of the document tree, one
 * block per line, for golden tests and for people debugging a layout.  The
 * format is described in docs/tree.md; it prints no paths that depend on the
 * machine and positions only on request (FOLIO_TREE_POS=1), so dumps do not
 * churn.
 */
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "locale.h"

static const char *align_name(enum cv_align a)
{
	switch (a) {
	case CV_ALIGN_LEFT:
		return "left";
	case CV_ALIGN_CENTER:
		return "center";
	case CV_ALIGN_RIGHT:
		return "right";
	case CV_ALIGN_JUSTIFY:
		return "justify";
	}
	return "left";
}

/* s JSON-style quoted (cv_buf_put_json_string). */
static void put_quoted(struct cv_buf *out, const char *s)
{
	cv_buf_put_json_string(out, s);
}

static void put_attr(struct cv_buf *out, const char *key, const char *val)
{
	if (!val)
		return;
	cv_buf_printf(out, " %s=", key);
	put_quoted(out, val);
}

static void put_flags(struct cv_buf *out, unsigned flags)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
	    {CV_RUN_BOLD, "b"},          {CV_RUN_ITALIC, "i"},  {CV_RUN_UNDERLINE, "u"},
	    {CV_RUN_CODE, "code"},       {CV_RUN_SUP, "sup"},   {CV_RUN_SUB, "sub"},
	    {CV_RUN_NOBREAK, "nobreak"}, {CV_RUN_ICON, "icon"}, {CV_RUN_LEVEL, "level"},
	    {CV_RUN_CHIP, "chip"},       {CV_RUN_SEP, "sep"},
	};
	size_t i;
	bool first = true;
	for (i = 0; i < CV_COUNT(names); i++) {
		if (!(flags & names[i].flag))
			continue;
		cv_buf_puts(out, first ? "[" : ",");
		cv_buf_puts(out, names[i].name);
		first = false;
	}
	if (!first)
		cv_buf_putc(out, ']');
}

static void put_runs(struct cv_buf *out, const struct cv_run *runs, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		const struct cv_run *r = &runs[i];
		cv_buf_putc(out, ' ');
		if (r->flags & CV_RUN_BREAK) {
			cv_buf_puts(out, "\xe2\x8f\x8e"); /* U+23CE ⏎ */
			continue;
		}
		put_flags(out, r->flags);
		put_quoted(out, r->text);
		if (r->href) {
			cv_buf_putc(out, '<');
			cv_buf_puts(out, r->href);
			cv_buf_putc(out, '>');
		}
	}
}

/* The last path component: dumps must not depend on where the tree lives. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void put_block(struct cv_buf *out, const struct cv_doc *doc, const struct cv_block *b,
                      int depth, bool positions)
{
	const struct cv_block *child;
	int i;
	for (i = 0; i < depth; i++)
		cv_buf_puts(out, "  ");
	cv_buf_puts(out, cv_block_type_name(b->type));
	switch (b->type) {
	case CV_BLOCK_DOCUMENT:
		put_attr(out, "title", doc->title);
		put_attr(out, "author", doc->author);
		put_attr(out, "subject", doc->subject);
		put_attr(out, "keywords", doc->keywords);
		if (doc->layout->locale) /* the language (PDF /Lang), only when a locale names it */
			put_attr(out, "lang", doc->layout->locale->language);
		break;
	case CV_BLOCK_SECTION:
		cv_buf_printf(out, " kind=%s role=%s", cv_schema_kind(b->kind)->name,
		              cv_role_name(b->role));
		break;
	case CV_BLOCK_ENTRY:
		cv_buf_printf(out, " kind=%s", cv_schema_kind(b->kind)->name);
		break;
	case CV_BLOCK_CELL:
		cv_buf_printf(out, " align=%s role=%s", align_name(b->align),
		              cv_role_name(b->role));
		break;
	case CV_BLOCK_PARAGRAPH:
		cv_buf_printf(out, " role=%s align=%s", cv_role_name(b->role),
		              align_name(b->align));
		break;
	case CV_BLOCK_ITEM:
		cv_buf_printf(out, " role=%s", cv_role_name(b->role));
		break;
	case CV_BLOCK_PHOTO:
		cv_buf_printf(out, " side=%s", align_name(b->align));
		put_attr(out, "file", b->path ? base_name(b->path) : NULL);
		break;
	case CV_BLOCK_REGION:
		cv_buf_printf(out, " name=%s side=%s", b->title, align_name(b->align));
		break;
	case CV_BLOCK_HEADER:
	case CV_BLOCK_ROW:
	case CV_BLOCK_LIST:
		break;
	}
	if (positions && b->pos.line > 0)
		cv_buf_printf(out, " @%u:%u", b->pos.line, b->pos.col);
	put_runs(out, b->runs, b->nruns);
	cv_buf_putc(out, '\n');
	for (child = b->first; child; child = child->next)
		put_block(out, doc, child, depth + 1, positions);
}

bool cv_tree_render(const struct cv_doc *doc, const struct cv_render_opts *opts, struct cv_buf *out)
{
	const char *env = getenv("FOLIO_TREE_POS");
	(void)opts;
	if (!doc || !doc->root)
		return false;
	put_block(out, doc, doc->root, 0, env && *env && strcmp(env, "0") != 0);
	return true;
}
