/*
 * Typesetting entry point: walks the document's blocks (header, sections,
 * entries with rows, paragraphs and lists), lays each out with the inline
 * module into chunks of a vertical flow with keep rules, paginates the flow
 * and adds page numbers.
 */
#include "typeset.h"

#include <string.h>

#include "../util.h"
#include "inline.h"
#include "paginate.h"

#define ROW_GAP_EM 1.0     /* [em] between a row's left and right cells */
#define RIGHT_MAX 0.45     /* widest right cell, as a share of the text width */
#define PHOTO_GAP 12.0     /* [pt] between the photo and the header text */
#define KEEP_WHOLE_LINES 5 /* entries this short never split */
#define BULLET_SHARE 0.4   /* bullet offset: share of (list_indent - bullet width) */
#define CAP_HEIGHT 0.7     /* [em] usual height of capitals */

struct ts {
	struct cv_ts_ctx c;
	struct cv_ts_flow flow;
	double x0, width; /* [pt] text area */
	double prev_desc; /* [pt] descent of the last line placed */
	bool gap_only;    /* after a header or title: the next gap is exactly its spacing */
	bool at_top;      /* nothing placed yet */
	bool after_header;
	size_t lines; /* lines in the chunks of the current entry */
};

/* Copy line k of p into the open chunk at x, baseline y. */
static void put_line(struct ts *t, const struct cv_ts_para *p, size_t k, double x, double y)
{
	const struct cv_ts_line *ln = &p->lines[k];
	for (size_t i = ln->text0; i < ln->text0 + ln->ntexts; i++) {
		struct cv_ts_text tx = p->texts[i];
		tx.x += x;
		tx.y += y;
		cv_ts_flow_text(&t->flow, &tx);
	}
	for (size_t i = ln->rule0; i < ln->rule0 + ln->nrules; i++) {
		struct cv_ts_rule r = p->rules[i];
		r.x0 += x;
		r.x1 += x;
		r.y0 += y;
		r.y1 += y;
		cv_ts_flow_rule(&t->flow, &r);
	}
	for (size_t i = ln->link0; i < ln->link0 + ln->nlinks; i++) {
		struct cv_ts_link l = p->links[i];
		l.x0 += x;
		l.x1 += x;
		l.y0 += y;
		l.y1 += y;
		cv_ts_flow_link(&t->flow, &l);
	}
}

/* Space above a line of p that follows the last line placed, plus extra [pt]. */
static double line_skip(const struct ts *t, const struct cv_ts_para *p, double extra)
{
	if (t->gap_only) {
		/* measured to the top of the capitals, not of the font's ascent */
		double over = p->ascent - CAP_HEIGHT * p->size;
		return extra - (over > 0 ? over : 0);
	}
	return extra + p->leading - p->ascent - t->prev_desc;
}

/*
 * A block cut into bands, each a chunk of the flow, so that a page may break
 * between them: lines of a row, of the header or of a section title.  Band
 * tops and bottoms are in the block's coordinates (y down from its top); the
 * chunks carry the space between one band and the lowest point of all
 * bands before it, so unbroken, the block is placed exactly as one chunk.
 */
struct cut {
	size_t c0;     /* first chunk of the block */
	double before; /* [pt] space above the block */
	double top;    /* [pt] top of the open band */
	double bottom; /* [pt] lowest point of the bands so far */
};

static void cut_start(struct ts *t, struct cut *c, double before)
{
	*c = (struct cut){.c0 = t->flow.nchunks, .before = before};
}

/* Open a band spanning [top, bottom]; drawables added next belong to it, at y - c->top. */
static void cut_band(struct ts *t, struct cut *c, double top, double bottom)
{
	bool first = t->flow.nchunks == c->c0;
	if (!first)
		cv_ts_flow_close(&t->flow, c->bottom - c->top, true);
	cv_ts_flow_open(&t->flow, (first ? c->before : 0) + top - c->bottom);
	c->top = top;
	if (first || bottom > c->bottom)
		c->bottom = bottom;
}

/*
 * Close the last band.  keep: the bands keep together (all but the last:
 * keep_next), else only the first two and the last two (as lines of a
 * paragraph); keep_last: the last keeps with what follows.  Returns the
 * number of bands.
 */
static size_t cut_end(struct ts *t, struct cut *c, bool keep, bool keep_last)
{
	size_t n = t->flow.nchunks - c->c0;
	if (n == 0)
		return 0;
	cv_ts_flow_close(&t->flow, c->bottom - c->top, keep_last);
	for (size_t k = 0; k + 1 < n; k++)
		t->flow.chunks[c->c0 + k].keep_next = keep || k == 0 || k + 2 == n;
	return n;
}

static enum cv_align para_align(const struct ts *t, const struct cv_block *b)
{
	if (b->align != CV_ALIGN_LEFT)
		return b->align;
	return t->c.l->styles[b->role].align;
}

/*
 * A paragraph as one chunk per line, with orphan and widow control: the
 * first two and the last two lines stay together.  first_extra is the gap
 * above the first line; lead is put before the first line (a bullet).
 */
static void flow_para(struct ts *t, const struct cv_ts_para *p, double x, double first_extra,
                      const struct cv_ts_text *lead)
{
	for (size_t k = 0; k < p->nlines; k++) {
		cv_ts_flow_open(&t->flow, k == 0 ? first_extra : line_skip(t, p, 0));
		if (k == 0 && lead) {
			struct cv_ts_text b = *lead;
			b.y += p->ascent;
			cv_ts_flow_text(&t->flow, &b);
		}
		put_line(t, p, k, x, p->ascent);
		bool keep = k + 1 < p->nlines && (k == 0 || k + 2 == p->nlines);
		cv_ts_flow_close(&t->flow, p->ascent + p->descent, keep);
		t->prev_desc = p->descent;
		t->gap_only = false;
		t->lines++;
	}
}

static void do_header(struct ts *t, const struct cv_block *h)
{
	const struct cv_layout *l = t->c.l;
	const struct cv_block *photo = NULL;
	for (const struct cv_block *b = h->first; b; b = b->next)
		if (b->type == CV_BLOCK_PHOTO && b->path)
			photo = b;
	double x = t->x0, w = t->width, s = l->header.photo_size;
	if (photo && s > 0 && s + PHOTO_GAP < t->width / 2) {
		w -= s + PHOTO_GAP;
		if (l->header.photo_side == CV_ALIGN_LEFT)
			x += s + PHOTO_GAP;
	} else {
		photo = NULL;
	}
	enum cv_align align = l->header.align == CV_ALIGN_CENTER ? CV_ALIGN_CENTER : CV_ALIGN_LEFT;
	if (l->header.align == CV_ALIGN_RIGHT)
		align = CV_ALIGN_RIGHT;

	/* one band per line, the photo with the first: a header taller than a
	 * page breaks between its lines */
	struct cv_ts_image im = {0};
	if (photo)
		im = (struct cv_ts_image){
		    .x = l->header.photo_side == CV_ALIGN_LEFT ? t->x0 : t->x0 + t->width - s,
		    .y = 0,
		    .w = s,
		    .h = s,
		    .path = photo->path,
		    .shape = l->header.photo_shape,
		    .pos = photo->pos,
		};
	struct cut c;
	cut_start(t, &c, 0);
	double y = 0; /* bottom of what is placed */
	bool first = true;
	for (const struct cv_block *b = h->first; b; b = b->next) {
		if (b->type != CV_BLOCK_PARAGRAPH || b->nruns == 0)
			continue;
		struct cv_ts_para p;
		cv_ts_para_layout(&t->c, b->runs, b->nruns, b->role, align, w, &b->pos, &p);
		if (p.nlines > 0) {
			double size = l->styles[b->role].size;
			double gap = p.leading - p.ascent - p.descent;
			if (gap < 0.2 * size)
				gap = 0.2 * size;
			double base = first ? p.ascent : y + gap + p.ascent;
			for (size_t k = 0; k < p.nlines; k++) {
				double bl = base + (double)k * p.leading, bot = bl + p.descent;
				bool lead = first && k == 0;
				cut_band(t, &c, bl - p.ascent, lead && photo && s > bot ? s : bot);
				if (lead && photo)
					cv_ts_flow_image(&t->flow, &im);
				put_line(t, &p, k, x, bl - c.top);
			}
			y = base + (double)(p.nlines - 1) * p.leading + p.descent;
			first = false;
		}
		cv_ts_para_free(&p);
	}
	if (first) { /* no text */
		cut_band(t, &c, 0, photo ? s : 0);
		if (photo)
			cv_ts_flow_image(&t->flow, &im);
	}
	cut_end(t, &c, true, false);
	t->prev_desc = 0;
	t->gap_only = true;
	t->at_top = false;
	t->after_header = true;
}

static void do_section_title(struct ts *t, const struct cv_block *sec)
{
	const struct cv_layout *l = t->c.l;
	enum cv_role role = CV_ROLE_SECTION_TITLE;
	double before = t->at_top         ? 0
	                : t->after_header ? l->spacing.header_after
	                                  : l->spacing.section_before;
	struct cv_ts_para p;
	cv_ts_para_layout(&t->c, sec->runs, sec->nruns, role, CV_ALIGN_LEFT, t->width, &sec->pos,
	                  &p);
	struct cv_ts_mark mk = {
	    sec->title ? sec->title : cv_text_plain(t->c.a, sec->runs, sec->nruns), 0};
	double base = p.ascent;
	double last = base + (double)(p.nlines ? p.nlines - 1 : 0) * p.leading;
	double bottom = last + p.descent;
	const struct cv_section_layout *sl = &l->section;
	struct cv_ts_rule rule = {0};
	bool ruled = false;
	if (sl->rule == CV_RULE_BELOW && sl->rule_width > 0) {
		double ry = bottom + sl->rule_gap + sl->rule_width / 2;
		rule = (struct cv_ts_rule){t->x0,         ry, t->x0 + t->width, ry, sl->rule_width,
		                           sl->rule_color};
		ruled = true;
		bottom = ry + sl->rule_width / 2;
	} else if (sl->rule == CV_RULE_FILL && sl->rule_width > 0 && p.nlines > 0) {
		double size = l->styles[role].size;
		double gap = 0.5 * size;
		const struct cv_ts_line *ln = &p.lines[p.nlines - 1];
		double end = 0;
		for (size_t i = ln->text0; i < ln->text0 + ln->ntexts; i++)
			if (p.texts[i].x + p.texts[i].width > end)
				end = p.texts[i].x + p.texts[i].width;
		double x0 = t->x0 + end + gap, x1 = t->x0 + t->width;
		double ry = last - 0.25 * size;
		rule = (struct cv_ts_rule){x0, ry, x1, ry, sl->rule_width, sl->rule_color};
		ruled = x1 - x0 > gap;
	}
	/* one band per line (the mark with the first, the rule with the last),
	 * kept together and with what follows unless taller than a page */
	struct cut c;
	cut_start(t, &c, before);
	size_t n = p.nlines ? p.nlines : 1;
	for (size_t k = 0; k < n; k++) {
		double bl = base + (double)k * p.leading;
		cut_band(t, &c, bl - p.ascent, k + 1 == n ? bottom : bl + p.descent);
		if (k == 0) {
			mk.y = -c.top;
			cv_ts_flow_mark(&t->flow, &mk);
		}
		if (k < p.nlines)
			put_line(t, &p, k, t->x0, bl - c.top);
	}
	if (ruled) {
		rule.y0 -= c.top;
		rule.y1 -= c.top;
		cv_ts_flow_rule(&t->flow, &rule);
	}
	cut_end(t, &c, true, true);
	for (size_t k = c.c0; k < t->flow.nchunks; k++)
		t->flow.chunks[k].heading = true;
	t->prev_desc = bottom - last; /* what hangs below the last baseline */
	t->gap_only = true;
	t->at_top = false;
	t->after_header = false;
	cv_ts_para_free(&p);
}

/* A row: left cell wrapped beside the right cell; a chunk per line. */
static void do_row(struct ts *t, const struct cv_block *row, double extra)
{
	const struct cv_block *left = NULL, *right = NULL;
	for (const struct cv_block *b = row->first; b; b = b->next) {
		if (b->type != CV_BLOCK_CELL)
			continue;
		if (b->align == CV_ALIGN_RIGHT && !right)
			right = b;
		else if (!left)
			left = b;
	}
	struct cv_ts_para lp = {0}, rp = {0};
	double rw = 0;
	if (right && right->nruns > 0) {
		/* (merged stretches may kern a hair differently: see OVERFULL_SLACK) */
		rw = cv_ts_para_natural(&t->c, right->runs, right->nruns, right->role) + 0.001;
		if (rw > RIGHT_MAX * t->width)
			rw = RIGHT_MAX * t->width;
		cv_ts_para_layout(&t->c, right->runs, right->nruns, right->role, CV_ALIGN_RIGHT, rw,
		                  &right->pos, &rp);
	}
	double lw = t->width;
	if (rp.nlines > 0 && left)
		lw -= rw + ROW_GAP_EM * t->c.l->styles[left->role].size;
	if (left && left->nruns > 0)
		cv_ts_para_layout(&t->c, left->runs, left->nruns, left->role, CV_ALIGN_LEFT, lw,
		                  &left->pos, &lp);
	if (lp.nlines == 0 && rp.nlines == 0) {
		cv_ts_para_free(&lp);
		cv_ts_para_free(&rp);
		return;
	}
	const struct cv_ts_para *first = lp.nlines ? &lp : &rp;
	double lbase = 0, rbase = 0;
	if (lp.nlines > 0 && rp.nlines > 0) {
		if (lp.nlines == 1) {
			double asc = lp.ascent > rp.ascent ? lp.ascent : rp.ascent;
			lbase = rbase = asc;
		} else {
			lbase = lp.ascent;
			rbase = lbase + (double)(lp.nlines - 1) * lp.leading;
		}
	} else {
		lbase = lp.ascent;
		rbase = rp.ascent;
	}
	/* One band per line: the left cell's lines, the last one with the
	 * right cell's first line beside it, then the right cell's further
	 * lines.  Drawn in this order, the whole left cell comes before the
	 * right one in the content stream, as before bands. */
	double rx = t->x0 + t->width - rw;
	struct cut c;
	cut_start(t, &c, line_skip(t, first, extra));
	for (size_t k = 0; k < lp.nlines; k++) {
		double bl = lbase + (double)k * lp.leading;
		double top = bl - lp.ascent, bot = bl + lp.descent;
		bool beside = k + 1 == lp.nlines && rp.nlines > 0;
		if (beside && rbase - rp.ascent < top)
			top = rbase - rp.ascent;
		if (beside && rbase + rp.descent > bot)
			bot = rbase + rp.descent;
		cut_band(t, &c, top, bot);
		put_line(t, &lp, k, t->x0, bl - c.top);
		if (beside)
			put_line(t, &rp, 0, rx, rbase - c.top);
	}
	for (size_t k = lp.nlines ? 1 : 0; k < rp.nlines; k++) {
		double bl = rbase + (double)k * rp.leading;
		cut_band(t, &c, bl - rp.ascent, bl + rp.descent);
		put_line(t, &rp, k, rx, bl - c.top);
	}
	double last_desc = lp.nlines ? lp.descent : 0;
	if (rp.nlines) {
		double lb =
		    lp.nlines ? lbase + (double)(lp.nlines - 1) * lp.leading + lp.descent : 0;
		double rb = rbase + (double)(rp.nlines - 1) * rp.leading + rp.descent;
		if (rb > lb)
			last_desc = rp.descent;
	}
	/* a short row (a heading) stays whole, a long one breaks between lines
	 * as a paragraph does; either keeps with what follows */
	bool whole = t->flow.nchunks - c.c0 <= KEEP_WHOLE_LINES;
	size_t nl = cut_end(t, &c, whole, true);
	for (size_t k = whole ? c.c0 : t->flow.nchunks - 1; k < t->flow.nchunks; k++)
		t->flow.chunks[k].heading = true;
	t->prev_desc = last_desc;
	t->gap_only = false;
	t->lines += nl;
	cv_ts_para_free(&lp);
	cv_ts_para_free(&rp);
}

static void do_paragraph(struct ts *t, const struct cv_block *b, double extra)
{
	struct cv_ts_para p;
	cv_ts_para_layout(&t->c, b->runs, b->nruns, b->role, para_align(t, b), t->width, &b->pos,
	                  &p);
	if (p.nlines > 0)
		flow_para(t, &p, t->x0, line_skip(t, &p, extra), NULL);
	cv_ts_para_free(&p);
}

static void do_list(struct ts *t, const struct cv_block *list, double extra)
{
	const struct cv_layout *l = t->c.l;
	const char *glyph = l->bullet && *l->bullet ? l->bullet : "\xE2\x80\xA2";
	double indent = l->spacing.list_indent;
	if (indent < 0 || indent > t->width / 2)
		indent = 0;
	bool first = true;
	for (const struct cv_block *it = list->first; it; it = it->next) {
		if (it->type != CV_BLOCK_ITEM || it->nruns == 0)
			continue;
		struct cv_ts_para p;
		enum cv_align al = para_align(t, it);
		cv_ts_para_layout(&t->c, it->runs, it->nruns, it->role, al, t->width - indent,
		                  &it->pos, &p);
		if (p.nlines > 0) {
			struct cv_ts_text b = cv_ts_text_plain(&t->c, CV_ROLE_BULLET, glyph, 0, 0);
			double off = (indent - b.width) * BULLET_SHARE;
			b.x = t->x0 + (off > 0 ? off : 0);
			double gap = first ? extra : l->spacing.item_gap;
			flow_para(t, &p, t->x0 + indent, line_skip(t, &p, gap), &b);
			first = false;
		}
		cv_ts_para_free(&p);
	}
}

/* An entry (or a loose paragraph or list in a section): its chunks and keep rules. */
static void do_entry(struct ts *t, const struct cv_block *e, double before)
{
	const struct cv_spacing *sp = &t->c.l->spacing;
	size_t c0 = t->flow.nchunks;
	t->lines = 0;
	if (e->type == CV_BLOCK_ENTRY) {
		bool first = true;
		for (const struct cv_block *b = e->first; b; b = b->next) {
			double extra = first ? before : 0;
			switch (b->type) {
			case CV_BLOCK_ROW:
				do_row(t, b, first ? before : sp->row_gap);
				break;
			case CV_BLOCK_PARAGRAPH:
				do_paragraph(t, b, extra + (first ? 0 : sp->paragraph_gap));
				break;
			case CV_BLOCK_LIST:
				do_list(t, b, extra + (first ? 0 : sp->paragraph_gap));
				break;
			default:
				continue;
			}
			if (t->flow.nchunks > c0)
				first = false;
		}
	} else if (e->type == CV_BLOCK_PARAGRAPH) {
		do_paragraph(t, e, before);
	} else if (e->type == CV_BLOCK_LIST) {
		do_list(t, e, before);
	}
	size_t c1 = t->flow.nchunks;
	if (c1 == c0)
		return;
	/* a short entry stays whole; a long one keeps its first row with what follows */
	if (t->lines <= KEEP_WHOLE_LINES)
		for (size_t k = c0; k + 1 < c1; k++)
			t->flow.chunks[k].keep_next = true;
	t->flow.chunks[c1 - 1].keep_next = false;
	t->flow.chunks[c1 - 1].heading = false; /* a row that ends its entry heads nothing */
	t->at_top = false;
	t->after_header = false;
}

static void do_section(struct ts *t, const struct cv_block *sec)
{
	const struct cv_spacing *sp = &t->c.l->spacing;
	size_t c0 = t->flow.nchunks;
	bool titled = sec->nruns > 0;
	if (titled)
		do_section_title(t, sec);
	bool first = true;
	for (const struct cv_block *e = sec->first; e; e = e->next) {
		double before = first ? (titled            ? sp->section_after
		                         : t->at_top       ? 0
		                         : t->after_header ? sp->header_after
		                                           : sp->section_before)
		                      : sp->entry_gap;
		size_t n0 = t->flow.nchunks;
		do_entry(t, e, before);
		if (t->flow.nchunks > n0)
			first = false;
	}
	/* the title keeps with its first entry's first lines: a row keeps with
	 * what follows it, a paragraph's first line with its second */
	if (titled && t->flow.nchunks > c0 + 1)
		t->flow.chunks[c0].keep_next = true;
}

/* "%p / %n" with the page number and count; arena string. */
static char *page_label(struct cv_arena *a, const char *fmt, size_t p, size_t n)
{
	struct cv_buf b = {0};
	for (const char *s = fmt; *s; s++) {
		if (s[0] == '%' && s[1] == 'p') {
			cv_buf_printf(&b, "%zu", p);
			s++;
		} else if (s[0] == '%' && s[1] == 'n') {
			cv_buf_printf(&b, "%zu", n);
			s++;
		} else if (s[0] == '%' && s[1] == '%') {
			cv_buf_putc(&b, '%');
			s++;
		} else {
			cv_buf_putc(&b, *s);
		}
	}
	char *raw = cv_buf_detach(&b);
	char *out = cv_arena_strdup(a, raw);
	x_free(raw);
	return out;
}

struct cv_ts_doc *cv_typeset(struct cv_arena *a, const struct cv_doc *doc,
                             const struct cv_metrics *m)
{
	const struct cv_layout *l = doc->layout;
	const struct cv_page_layout *pg = &l->page;
	struct ts t = {
	    .c = {a, l, m},
	    .x0 = pg->margin_left,
	    .width = pg->width - pg->margin_left - pg->margin_right,
	    .at_top = true,
	};
	if (t.width < 1)
		t.width = 1;
	for (const struct cv_block *b = doc->root ? doc->root->first : NULL; b; b = b->next) {
		switch (b->type) {
		case CV_BLOCK_HEADER:
			do_header(&t, b);
			break;
		case CV_BLOCK_SECTION:
			do_section(&t, b);
			break;
		case CV_BLOCK_ENTRY:
		case CV_BLOCK_PARAGRAPH:
		case CV_BLOCK_LIST:
			do_entry(&t, b, t.at_top ? 0 : l->spacing.entry_gap);
			break;
		default:
			break;
		}
	}
	struct cv_ts_doc *out = cv_arena_alloc(a, sizeof *out);
	out->width = pg->width;
	out->height = pg->height;
	double area = pg->height - pg->margin_top - pg->margin_bottom;
	if (area < 1)
		area = 1;
	const char *fmt = l->footer.page_format;
	bool numbers = fmt && *fmt;
	cv_ts_paginate(a, &t.flow, pg->margin_top, area, numbers ? 1 : 0, out);
	if (numbers && out->npages > 1) {
		double asc = cv_ts_role_ascent(&t.c, CV_ROLE_FOOTER);
		double desc = cv_ts_role_descent(&t.c, CV_ROLE_FOOTER);
		double base = pg->height - pg->margin_bottom / 2 + (asc - desc) / 2;
		for (size_t p = 0; p < out->npages; p++) {
			const char *s = page_label(a, fmt, p + 1, out->npages);
			struct cv_ts_text tx = cv_ts_text_plain(&t.c, CV_ROLE_FOOTER, s, 0, base);
			tx.x = t.x0 + (t.width - tx.width) / 2;
			struct cv_ts_page *page = &out->pages[p];
			page->texts[page->ntexts++] = tx;
		}
	}
	cv_ts_flow_free(&t.flow);
	return out;
}
