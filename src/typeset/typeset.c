/*
 * Typesetting entry point: walks the document's blocks (header, sections,
 * entries with rows, paragraphs and lists), lays each out with the inline
 * module into chunks of a vertical flow with keep rules, paginates the flow
 * and adds page numbers.
 */
#include "typeset.h"

#include <string.h>

#include "../util.h"
#include "hyphen.h"
#include "inline.h"
#include "paginate.h"

#define ROW_GAP_EM 1.0     /* [em] between a row's left and right cells */
#define RIGHT_MAX 0.45     /* widest right cell, as a share of the text width */
#define WRAP_GAP_EM 1.5    /* [em] between a wrapped left cell's first line and the right cell */
#define RAISE 0.1          /* [pt] a right cell beside a wrapped left cell stands above its top */
#define PHOTO_GAP 12.0     /* [pt] between the photo and the header text */
#define KEEP_WHOLE_LINES 5 /* entries this short never split */
#define BULLET_SHARE 0.4   /* bullet offset: share of (list_indent - bullet width) */
#define CAP_HEIGHT 0.7     /* [em] usual height of capitals */
#define MIN_COLUMN_START 36.0 /* [pt] columns start on the next page when less is left under the header */

struct ts {
	struct cv_ts_ctx c;
	struct cv_ts_flow flow;
	double x0, width; /* [pt] text area */
	double prev_desc; /* [pt] descent of the last line placed */
	bool gap_only;    /* after a header or title: the next gap is exactly its spacing */
	bool at_top;      /* nothing placed yet */
	bool after_header;
	size_t lines;   /* lines in the chunks of the current entry */
	double gutter;  /* [pt] the date column's width (0: none); entries sit right of it */
	double gutter_gap; /* [pt] between the date column and the entry */
	bool stack_rows;   /* a narrow column: a row's right cell goes below its left cell */
	double plus, minus; /* [pt] glue of the last spacing gap taken, for the next chunk opened */
};

/*
 * The length [pt] of spacing gap g in t's layout; its stretch and shrink
 * (its own, or the layout's share of its length) go to the next chunk opened.
 */
static double gap(struct ts *t, enum cv_gap g)
{
	const struct cv_spacing *sp = &t->c.l->spacing;
	const double len[CV_GAP__COUNT] = {sp->header_after, sp->section_before, sp->section_after,
	                                   sp->entry_gap,    sp->row_gap,        sp->paragraph_gap,
	                                   sp->item_gap};
	t->plus = sp->plus[g] >= 0 ? sp->plus[g] : sp->stretch * len[g];
	t->minus = sp->minus[g] >= 0 ? sp->minus[g] : sp->shrink * len[g];
	return len[g];
}

/* Open a chunk of t's flow with space before [pt], carrying the glue of the last gap taken. */
static void open_chunk(struct ts *t, double before)
{
	cv_ts_flow_open(&t->flow, before);
	struct cv_ts_chunk *c = &t->flow.chunks[t->flow.nchunks - 1];
	c->stretch = t->plus;
	c->shrink = t->minus < before ? t->minus : before > 0 ? before : 0;
	t->plus = t->minus = 0;
}

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
	open_chunk(t, (first ? c->before : 0) + top - c->bottom);
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
		open_chunk(t, k == 0 ? first_extra : line_skip(t, p, 0));
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
	t->flow.unit++;
	const struct cv_block *photo = NULL;
	for (const struct cv_block *b = h->first; b; b = b->next)
		if (b->type == CV_BLOCK_PHOTO && b->path)
			photo = b;
	double x = t->x0, w = t->width, s = l->header.photo_size;
	enum cv_align align = l->header.align == CV_ALIGN_CENTER ? CV_ALIGN_CENTER : CV_ALIGN_LEFT;
	if (l->header.align == CV_ALIGN_RIGHT)
		align = CV_ALIGN_RIGHT;
	/* beside the text where the column has room, else (a sidebar) above it */
	bool stacked = false;
	double photo_x = l->header.photo_side == CV_ALIGN_LEFT ? t->x0 : t->x0 + t->width - s;
	if (photo && s > 0 && s + PHOTO_GAP < t->width / 2) {
		w -= s + PHOTO_GAP;
		if (l->header.photo_side == CV_ALIGN_LEFT)
			x += s + PHOTO_GAP;
	} else if (photo && s > 0 && s <= t->width) {
		stacked = true;
		photo_x = align == CV_ALIGN_CENTER  ? t->x0 + (t->width - s) / 2
		          : align == CV_ALIGN_RIGHT ? t->x0 + t->width - s
		                                    : t->x0;
	} else {
		photo = NULL;
	}

	/* one band per line, the photo with the first: a header taller than a
	 * page breaks between its lines */
	struct cv_ts_image im = {0};
	if (photo)
		im = (struct cv_ts_image){
		    .x = photo_x,
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
	if (stacked) {
		cut_band(t, &c, 0, s);
		cv_ts_flow_image(&t->flow, &im);
		y = s + PHOTO_GAP;
		photo = NULL;
	}
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
			double base = first ? y + p.ascent : y + gap + p.ascent;
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
	if (first && !stacked) { /* no text */
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
	                : t->after_header ? gap(t, CV_GAP_HEADER_AFTER)
	                                  : gap(t, CV_GAP_SECTION_BEFORE);
	struct cv_ts_para p;
	t->flow.unit++;
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
		                           sl->rule_color, false};
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
		rule = (struct cv_ts_rule){x0, ry, x1, ry, sl->rule_width, sl->rule_color, false};
		ruled = x1 - x0 > gap;
	} else if (sl->rule == CV_RULE_GUTTER && sl->rule_width > 0 && t->gutter > 0 &&
	           p.nlines > 0) {
		/* a bar filling the date column beside the title's first line, on its x-height */
		double size = l->styles[role].size;
		double ry = base - 0.3 * size;
		double x1 = t->x0 - t->gutter_gap;
		rule = (struct cv_ts_rule){x1 - t->gutter, ry, x1, ry, sl->rule_width, sl->rule_color, false};
		ruled = true;
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

/*
 * A row in a layout with a date column: the right cell right-aligned in the
 * column left of the entry (t->x0 - gutter - gap), its first line beside
 * the left cell's first line; a chunk per line, the right cell's line
 * before the left one's so that extractors read the date first.
 */
static void do_row_gutter(struct ts *t, const struct cv_block *left, const struct cv_block *right,
                          double extra)
{
	struct cv_ts_para lp = {0}, rp = {0};
	if (right && right->nruns > 0)
		cv_ts_para_layout(&t->c, right->runs, right->nruns, right->role, CV_ALIGN_RIGHT,
		                  t->gutter, &right->pos, &rp);
	struct cv_ts_shape tie = {.tie_last_word = true};
	if (left && left->nruns > 0)
		cv_ts_para_layout_shaped(&t->c, left->runs, left->nruns, left->role, CV_ALIGN_LEFT,
		                         t->width, &tie, &left->pos, &lp);
	if (lp.nlines == 0 && rp.nlines == 0) {
		cv_ts_para_free(&lp);
		cv_ts_para_free(&rp);
		return;
	}
	const struct cv_ts_para *first = lp.nlines ? &lp : &rp;
	double asc = lp.ascent > rp.ascent ? lp.ascent : rp.ascent;
	if (!lp.nlines)
		asc = rp.ascent;
	if (!rp.nlines)
		asc = lp.ascent;
	double rx = t->x0 - t->gutter_gap - t->gutter;
	size_t n = lp.nlines > rp.nlines ? lp.nlines : rp.nlines;
	struct cut c;
	cut_start(t, &c, line_skip(t, first, extra));
	double lbot = 0, rbot = 0;
	for (size_t k = 0; k < n; k++) {
		double lbl = asc + (double)k * lp.leading, rbl = asc + (double)k * rp.leading;
		double top = 1e9, bot = -1e9;
		if (k < lp.nlines) {
			top = lbl - lp.ascent;
			bot = lbot = lbl + lp.descent;
		}
		if (k < rp.nlines) {
			if (rbl - rp.ascent < top)
				top = rbl - rp.ascent;
			rbot = rbl + rp.descent;
			if (rbot > bot)
				bot = rbot;
		}
		cut_band(t, &c, top, bot);
		if (k < rp.nlines)
			put_line(t, &rp, k, rx, rbl - c.top);
		if (k < lp.nlines)
			put_line(t, &lp, k, t->x0, lbl - c.top);
	}
	bool whole = t->flow.nchunks - c.c0 <= KEEP_WHOLE_LINES;
	size_t nl = cut_end(t, &c, whole, true);
	for (size_t k = whole ? c.c0 : t->flow.nchunks - 1; k < t->flow.nchunks; k++)
		t->flow.chunks[k].heading = true;
	t->prev_desc = rbot > lbot ? rp.descent : lp.descent;
	t->gap_only = false;
	t->lines += nl;
	cv_ts_para_free(&lp);
	cv_ts_para_free(&rp);
}

/*
 * A row in a narrow column (a sidebar): the left cell's lines, then the
 * right cell's below them, flush left; a chunk per line, kept together
 * when short.
 */
static void do_row_stacked(struct ts *t, const struct cv_block *left, const struct cv_block *right,
                           double extra)
{
	const struct cv_block *cells[2] = {left, right};
	struct cv_ts_para ps[2] = {{0}, {0}};
	struct cv_ts_shape tie = {.tie_last_word = true};
	for (int i = 0; i < 2; i++)
		if (cells[i] && cells[i]->nruns > 0)
			cv_ts_para_layout_shaped(&t->c, cells[i]->runs, cells[i]->nruns,
			                         cells[i]->role, CV_ALIGN_LEFT, t->width, &tie,
			                         &cells[i]->pos, &ps[i]);
	struct cut c = {0};
	bool started = false;
	double y = 0; /* the last baseline placed */
	for (int i = 0; i < 2; i++) {
		const struct cv_ts_para *p = &ps[i];
		for (size_t k = 0; k < p->nlines; k++) {
			double bl;
			if (!started) {
				cut_start(t, &c, line_skip(t, p, extra));
				bl = p->ascent;
				started = true;
			} else {
				bl = y + p->leading;
			}
			cut_band(t, &c, bl - p->ascent, bl + p->descent);
			put_line(t, p, k, t->x0, bl - c.top);
			y = bl;
		}
	}
	if (started) {
		bool whole = t->flow.nchunks - c.c0 <= KEEP_WHOLE_LINES;
		size_t nl = cut_end(t, &c, whole, true);
		for (size_t k = whole ? c.c0 : t->flow.nchunks - 1; k < t->flow.nchunks; k++)
			t->flow.chunks[k].heading = true;
		t->prev_desc = ps[1].nlines ? ps[1].descent : ps[0].descent;
		t->gap_only = false;
		t->lines += nl;
	}
	cv_ts_para_free(&ps[0]);
	cv_ts_para_free(&ps[1]);
}

/*
 * Whether a row of a narrow column can stay one line: a right cell of level
 * marks ("German · C1" and its dots), both cells one line whose natural
 * widths leave STACK_MIN_GAP between them.  Dates, places and links always
 * go below, so that they keep one place in every entry.
 */
#define STACK_MIN_GAP 6.0 /* [pt] */
static bool fits_side_by_side(struct ts *t, const struct cv_block *left,
                              const struct cv_block *right)
{
	const struct cv_block *cells[2] = {left, right};
	struct cv_ts_para ps[2] = {{0}, {0}};
	bool fits = left && right && left->nruns > 0 && right->nruns > 0 &&
	            (right->runs[0].flags & CV_RUN_LEVEL);
	double used = STACK_MIN_GAP;
	for (int i = 0; i < 2 && fits; i++) {
		cv_ts_para_layout(&t->c, cells[i]->runs, cells[i]->nruns, cells[i]->role,
		                  CV_ALIGN_LEFT, t->width, &cells[i]->pos, &ps[i]);
		fits = ps[i].nlines == 1;
		if (fits)
			used += ps[i].lines[0].natural;
	}
	cv_ts_para_free(&ps[0]);
	cv_ts_para_free(&ps[1]);
	return fits && used <= t->width;
}

/*
 * A row: the right cell flush right beside the left cell's first line, the
 * left cell wrapping under it at the full width; a chunk per line.
 */
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
	if (t->gutter > 0) {
		do_row_gutter(t, left, right, extra);
		return;
	}
	if (t->stack_rows && !fits_side_by_side(t, left, right)) {
		do_row_stacked(t, left, right, extra);
		return;
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
	/*
	 * The left cell leaves room for the right one beside its first lines
	 * only: a long title keeps the full width below the date.  When it
	 * wraps, the room grows to WRAP_GAP_EM (see below).
	 */
	struct cv_ts_shape shape = {.first_width = t->width, .tie_last_word = true};
	double em = left ? t->c.l->styles[left->role].size : 0;
	if (rp.nlines > 0 && left) {
		shape.first_width = t->width - rw - ROW_GAP_EM * em;
		shape.first_lines = rp.nlines;
	}
	if (left && left->nruns > 0) {
		cv_ts_para_layout_shaped(&t->c, left->runs, left->nruns, left->role, CV_ALIGN_LEFT,
		                         t->width, &shape, &left->pos, &lp);
		if (lp.nlines > 1 && rp.nlines > 0) {
			cv_ts_para_free(&lp);
			shape.first_width = t->width - rw - WRAP_GAP_EM * em;
			cv_ts_para_layout_shaped(&t->c, left->runs, left->nruns, left->role,
			                         CV_ALIGN_LEFT, t->width, &shape, &left->pos, &lp);
		}
	}
	if (lp.nlines == 0 && rp.nlines == 0) {
		cv_ts_para_free(&lp);
		cv_ts_para_free(&rp);
		return;
	}
	const struct cv_ts_para *first = lp.nlines ? &lp : &rp;
	/* the cells' first lines share a baseline */
	double base = lp.ascent > rp.ascent ? lp.ascent : rp.ascent;
	if (!lp.nlines)
		base = rp.ascent;
	if (!rp.nlines)
		base = lp.ascent;
	/*
	 * Beside a wrapped left cell, the right cell's top is raised to the top
	 * of the left cell's first line, a hair above it (RAISE): pdftotext
	 * then reads the date before the title, not between its lines
	 * (docs/extraction.md, "Dates beside wrapped titles").
	 */
	double rbase = base;
	if (lp.nlines > 1 && rp.nlines > 0)
		rbase -= (lp.ascent > rp.ascent ? lp.ascent - rp.ascent : 0) + RAISE;
	/*
	 * One band per line, line k of both cells in band k.  The right cell is
	 * drawn apart from the left cell, so that extractors that follow the
	 * content stream (mutool) read the title whole: after it, in the last
	 * band, when the row keeps together (the usual case); else line k of
	 * the right cell before line k of the left one, in band k (a row taller
	 * than a page may break between its lines).
	 */
	size_t n = lp.nlines > rp.nlines ? lp.nlines : rp.nlines;
	bool whole = n <= KEEP_WHOLE_LINES;
	double rx = t->x0 + t->width - rw;
	struct cut c;
	cut_start(t, &c, line_skip(t, first, extra));
	double lbot = 0, rbot = 0;
	for (size_t k = 0; k < n; k++) {
		double lbl = base + (double)k * lp.leading, rbl = rbase + (double)k * rp.leading;
		double top = 1e9, bot = -1e9;
		if (k < lp.nlines) {
			top = lbl - lp.ascent;
			bot = lbot = lbl + lp.descent;
		}
		if (k < rp.nlines) {
			if (rbl - rp.ascent < top)
				top = rbl - rp.ascent;
			rbot = rbl + rp.descent;
			if (rbot > bot)
				bot = rbot;
		}
		cut_band(t, &c, top, bot);
		if (!whole && k < rp.nlines)
			put_line(t, &rp, k, rx, rbl - c.top);
		if (k < lp.nlines)
			put_line(t, &lp, k, t->x0, lbl - c.top);
	}
	for (size_t k = 0; whole && k < rp.nlines; k++)
		put_line(t, &rp, k, rx, rbase + (double)k * rp.leading - c.top);
	/* a short row (a heading) stays whole, a long one breaks between lines
	 * as a paragraph does; either keeps with what follows */
	size_t nl = cut_end(t, &c, whole, true);
	for (size_t k = whole ? c.c0 : t->flow.nchunks - 1; k < t->flow.nchunks; k++)
		t->flow.chunks[k].heading = true;
	t->prev_desc = rbot > lbot ? rp.descent : lp.descent;
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
			double above = first ? extra : gap(t, CV_GAP_ITEM);
			flow_para(t, &p, t->x0 + indent, line_skip(t, &p, above), &b);
			first = false;
		}
		cv_ts_para_free(&p);
	}
}

/* An entry (or a loose paragraph or list in a section): its chunks and keep rules. */
static void do_entry(struct ts *t, const struct cv_block *e, double before)
{
	size_t c0 = t->flow.nchunks;
	t->lines = 0;
	t->flow.unit++;
	if (e->type == CV_BLOCK_ENTRY) {
		bool first = true;
		for (const struct cv_block *b = e->first; b; b = b->next) {
			double extra = first ? before : 0;
			switch (b->type) {
			case CV_BLOCK_ROW:
				do_row(t, b, first ? before : gap(t, CV_GAP_ROW));
				break;
			case CV_BLOCK_PARAGRAPH:
				do_paragraph(t, b, extra + (first ? 0 : gap(t, CV_GAP_PARAGRAPH)));
				break;
			case CV_BLOCK_LIST:
				do_list(t, b, extra + (first ? 0 : gap(t, CV_GAP_PARAGRAPH)));
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
	size_t c0 = t->flow.nchunks;
	bool titled = sec->nruns > 0;
	if (titled)
		do_section_title(t, sec);
	bool first = true;
	for (const struct cv_block *e = sec->first; e; e = e->next) {
		double before = first ? (titled            ? gap(t, CV_GAP_SECTION_AFTER)
		                         : t->at_top       ? 0
		                         : t->after_header ? gap(t, CV_GAP_HEADER_AFTER)
		                                           : gap(t, CV_GAP_SECTION_BEFORE))
		                      : gap(t, CV_GAP_ENTRY);
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

/* A typesetter for one column: blocks placed at x0 [pt], width [pt] wide, in layout l's styles. */
static void ts_init(struct ts *t, struct cv_arena *a, const struct cv_layout *l,
                    const struct cv_metrics *m, double x0, double width)
{
	*t = (struct ts){.c = {a, l, m}, .x0 = x0, .width = width > 1 ? width : 1, .at_top = true};
	if (l->gutter.show && t->width - l->gutter.width - l->gutter.gap >= 1) {
		t->gutter = l->gutter.width;
		t->gutter_gap = l->gutter.gap;
	}
}

/* Lay out one block of a column (a header, a section, a loose entry) into t's flow. */
static void lay_blocks_one(struct ts *t, const struct cv_block *b)
{
	double shift = t->gutter > 0 ? t->gutter + t->gutter_gap : 0;
	if (b->type == CV_BLOCK_HEADER) {
		do_header(t, b);
		return;
	}
	if (b->type != CV_BLOCK_SECTION && b->type != CV_BLOCK_ENTRY &&
	    b->type != CV_BLOCK_PARAGRAPH && b->type != CV_BLOCK_LIST)
		return;
	/* entries and their titles sit right of the date column */
	t->x0 += shift;
	t->width -= shift;
	if (b->type == CV_BLOCK_SECTION)
		do_section(t, b);
	else
		do_entry(t, b, t->at_top ? 0 : gap(t, CV_GAP_ENTRY));
	t->x0 -= shift;
	t->width += shift;
}

/* Lay out blocks from first on into t's flow. */
static void lay_blocks(struct ts *t, const struct cv_block *first)
{
	for (const struct cv_block *b = first; b; b = b->next)
		lay_blocks_one(t, b);
}

/*
 * Append the drawables of page p of each source document to dst->pages[p +
 * offsets[i]] (allocated here, with room for extra texts and rules), in the
 * order of the sources: each column's text stays one run in the content
 * stream.
 */
static void merge_pages(struct cv_arena *a, struct cv_ts_doc *dst, const struct cv_ts_doc *const *src,
                        const size_t *offsets, size_t nsrc, size_t extra_texts,
                        size_t extra_rules)
{
	size_t n = 1;
	for (size_t i = 0; i < nsrc; i++)
		if (src[i] && offsets[i] + src[i]->npages > n)
			n = offsets[i] + src[i]->npages;
	dst->npages = n;
	dst->pages = cv_arena_array(a, n, sizeof *dst->pages);
	for (size_t p = 0; p < n; p++) {
		struct cv_ts_page *out = &dst->pages[p];
		size_t nt = extra_texts, nr = extra_rules, ni = 0, nl = 0, nm = 0;
		for (size_t i = 0; i < nsrc; i++) {
			if (!src[i] || p < offsets[i] || p - offsets[i] >= src[i]->npages)
				continue;
			const struct cv_ts_page *in = &src[i]->pages[p - offsets[i]];
			nt += in->ntexts;
			nr += in->nrules;
			ni += in->nimages;
			nl += in->nlinks;
			nm += in->nmarks;
		}
		out->texts = cv_arena_array(a, nt ? nt : 1, sizeof *out->texts);
		out->rules = cv_arena_array(a, nr ? nr : 1, sizeof *out->rules);
		out->images = cv_arena_array(a, ni ? ni : 1, sizeof *out->images);
		out->links = cv_arena_array(a, nl ? nl : 1, sizeof *out->links);
		out->marks = cv_arena_array(a, nm ? nm : 1, sizeof *out->marks);
		out->nrules = extra_rules; /* the backgrounds come first */
		for (size_t i = 0; i < nsrc; i++) {
			if (!src[i] || p < offsets[i] || p - offsets[i] >= src[i]->npages)
				continue;
			const struct cv_ts_page *in = &src[i]->pages[p - offsets[i]];
			memcpy(out->texts + out->ntexts, in->texts, in->ntexts * sizeof *in->texts);
			out->ntexts += in->ntexts;
			memcpy(out->rules + out->nrules, in->rules, in->nrules * sizeof *in->rules);
			out->nrules += in->nrules;
			memcpy(out->images + out->nimages, in->images, in->nimages * sizeof *in->images);
			out->nimages += in->nimages;
			memcpy(out->links + out->nlinks, in->links, in->nlinks * sizeof *in->links);
			out->nlinks += in->nlinks;
			memcpy(out->marks + out->nmarks, in->marks, in->nmarks * sizeof *in->marks);
			out->nmarks += in->nmarks;
		}
	}
}

/* A filled band from (x0, y0) to (x1, y1) [pt], drawn as a rule as wide as the band is tall. */
static struct cv_ts_rule band(double x0, double y0, double x1, double y1, struct cv_color color)
{
	double h = y1 - y0;
	return (struct cv_ts_rule){x0, y0 + h / 2, x1, y0 + h / 2, h > 0 ? h : 0, color, false};
}

/*
 * The main column of a sidebar shown on the first page only: lines set at
 * the narrow width on the first page, then at the full width from the
 * first entry that starts on a later page (an entry the page break cuts
 * finishes at the narrow width).  Returns the flow to paginate in out.
 */
static void splice_main(const struct cv_ts_flow *narrow, const struct cv_ts_flow *wide,
                        const struct cv_ts_area *area, struct cv_ts_flow *out)
{
	size_t k = cv_ts_first_page_end(narrow, area);
	if (k >= narrow->nchunks || k == 0) {
		cv_ts_flow_append(out, narrow, 0, narrow->nchunks);
		return;
	}
	unsigned u = narrow->chunks[k].unit;
	bool starts = narrow->chunks[k - 1].unit != u;
	size_t m = k;
	if (!starts)
		while (m < narrow->nchunks && narrow->chunks[m].unit == u)
			m++;
	cv_ts_flow_append(out, narrow, 0, m);
	out->chunks[k - 1].break_after = true;
	size_t w = 0;
	while (w < wide->nchunks && (starts ? wide->chunks[w].unit < u : wide->chunks[w].unit <= u))
		w++;
	cv_ts_flow_append(out, wide, w, wide->nchunks);
}

struct cv_ts_doc *cv_typeset(struct cv_arena *a, const struct cv_doc *doc,
                             const struct cv_metrics *m)
{
	const struct cv_layout *l = doc->layout;
	const struct cv_page_layout *pg = &l->page;
	double text_w = pg->width - pg->margin_left - pg->margin_right;
	double area_h = pg->height - pg->margin_top - pg->margin_bottom;
	if (area_h < 1)
		area_h = 1;
	const char *fmt = l->footer.page_format;
	bool numbers = fmt && *fmt;
	struct cv_ts_doc *out = cv_arena_alloc(a, sizeof *out);
	out->width = pg->width;
	out->height = pg->height;
	struct ts t;
	struct cv_ts_hyphen_rules hyphen = cv_ts_hyphen_rules_of(l);
	(void)cv_ts_hyphen_ready(&hyphen); /* a missing dictionary is said once, up front */
	ts_init(&t, a, l, m, pg->margin_left, text_w);

	const struct cv_block *root = doc->root;
	const struct cv_block *regions[2] = {NULL, NULL};
	size_t nregions = 0;
	for (const struct cv_block *b = root ? root->first : NULL; b; b = b->next)
		if (b->type == CV_BLOCK_REGION && nregions < 2)
			regions[nregions++] = b;

	if (nregions == 0 && !l->banner.show) {
		struct cv_ts_area area = {pg->margin_top, area_h, pg->margin_top, area_h, true};
		lay_blocks(&t, root ? root->first : NULL);
		cv_ts_paginate(a, &t.flow, &area, numbers ? 1 : 0, out);
		cv_ts_flow_free(&t.flow);
	} else {
		/* the header across the top (with its banner), then the columns */
		const struct cv_sidebar_layout *sb = &l->sidebar;
		double top = pg->margin_top;
		if (l->banner.show)
			top = l->banner.padding > 0 ? l->banner.padding : pg->margin_top;
		for (const struct cv_block *b = root->first; b; b = b->next)
			if (b->type == CV_BLOCK_HEADER)
				do_header(&t, b);
		struct cv_ts_doc *head = NULL;
		double below = pg->margin_top; /* where the columns start, on page skip */
		double banner_h = 0;
		size_t skip = 0; /* pages the header fills before the columns start */
		if (t.flow.nchunks > 0) {
			double head_h = pg->height - pg->margin_bottom - top;
			struct cv_ts_area harea = {pg->margin_top, area_h, top,
			                           head_h > 1 ? head_h : 1, false};
			head = cv_arena_alloc(a, sizeof *head);
			head->width = pg->width;
			head->height = pg->height;
			cv_ts_paginate(a, &t.flow, &harea, 0, head);
			skip = head->npages - 1;
			below = head->end_y + l->spacing.header_after;
			if (l->banner.show && skip == 0) {
				banner_h = head->end_y + l->banner.padding;
				below = banner_h + l->spacing.header_after;
				if (below < pg->margin_top)
					below = pg->margin_top;
			} else if (l->banner.show) {
				banner_h = pg->height; /* a header longer than a page */
			}
			/* no room for a line under a long header: the columns start on the next page */
			if (pg->height - pg->margin_bottom - below < MIN_COLUMN_START) {
				skip++;
				below = pg->margin_top;
			}
		}
		cv_ts_flow_free(&t.flow);
		double first_h = pg->height - pg->margin_bottom - below;
		if (first_h < 1)
			first_h = 1;
		struct cv_ts_area area = {pg->margin_top, area_h, below, first_h, false};

		double side_x = sb->side == CV_ALIGN_LEFT ? pg->margin_left
		                                          : pg->margin_left + text_w - sb->width;
		double main_w = text_w - sb->width - sb->gap;
		double main_x = sb->side == CV_ALIGN_LEFT ? pg->margin_left + sb->width + sb->gap
		                                          : pg->margin_left;
		struct cv_ts_doc *cols[2] = {NULL, NULL};
		if (nregions == 0) { /* a banner over one column: the rest below it */
			struct ts rt;
			ts_init(&rt, a, l, m, pg->margin_left, text_w);
			for (const struct cv_block *b = root->first; b; b = b->next)
				if (b->type != CV_BLOCK_HEADER)
					lay_blocks_one(&rt, b);
			cols[0] = cv_arena_alloc(a, sizeof *cols[0]);
			cols[0]->width = pg->width;
			cols[0]->height = pg->height;
			area.report = true;
			cv_ts_paginate(a, &rt.flow, &area, 0, cols[0]);
			area.report = false;
			cv_ts_flow_free(&rt.flow);
		}
		/* the sidebar first: one kept to the first page that does not fit
		 * there continues, and then the main column keeps its width */
		bool all_pages = sb->all_pages;
		for (int pass = 0; pass < 2; pass++)
			for (size_t r = 0; r < nregions; r++) {
				bool side = regions[r]->title && !strcmp(regions[r]->title, "sidebar");
				if (side != (pass == 0))
					continue;
				struct ts rt;
				ts_init(&rt, a, side ? sb->look : l, m, side ? side_x : main_x,
				        side ? sb->width : main_w);
				if (side) {
					rt.gutter = 0;
					rt.stack_rows = true;
				}
				lay_blocks(&rt, regions[r]->first);
				cols[r] = cv_arena_alloc(a, sizeof *cols[r]);
				cols[r]->width = pg->width;
				cols[r]->height = pg->height;
				area.report = !side; /* the main column's pages are the CV's */
				if (side && !all_pages && rt.flow.nchunks &&
				    cv_ts_first_page_end(&rt.flow, &area) < rt.flow.nchunks)
					all_pages = true; /* it continues, and so does the narrow main column */
				if (!side && !all_pages) {
					struct ts wt;
					ts_init(&wt, a, l, m, pg->margin_left, text_w);
					lay_blocks(&wt, regions[r]->first);
					struct cv_ts_flow spliced = {0};
					splice_main(&rt.flow, &wt.flow, &area, &spliced);
					cv_ts_paginate(a, &spliced, &area, 0, cols[r]);
					cv_ts_flow_free(&spliced);
					cv_ts_flow_free(&wt.flow);
				} else {
					cv_ts_paginate(a, &rt.flow, &area, 0, cols[r]);
				}
				cv_ts_flow_free(&rt.flow);
			}
		const struct cv_ts_doc *src[3] = {head, cols[0], cols[1]};
		const size_t offsets[3] = {0, skip, skip};
		size_t nbands = (sb->background ? 1 : 0) + (l->banner.show ? 1 : 0);
		merge_pages(a, out, src, offsets, 3, numbers ? 1 : 0, nbands);
		for (size_t p = 0; p < out->npages; p++) {
			struct cv_ts_page *page = &out->pages[p];
			size_t k = 0;
			if (sb->background) {
				double bx0 = sb->side == CV_ALIGN_LEFT ? 0 : side_x - sb->padding;
				double bx1 = sb->side == CV_ALIGN_LEFT ? side_x + sb->width + sb->padding
				                                       : pg->width;
				struct cv_ts_rule none = {0};
				page->rules[k++] = p == skip || (p > skip && all_pages)
				                       ? band(bx0, 0, bx1, pg->height, sb->color)
				                       : none;
			}
			if (l->banner.show) {
				struct cv_ts_rule none = {0};
				page->rules[k++] = p == 0 && banner_h > 0
				                       ? band(0, 0, pg->width, banner_h, l->banner.color)
				                       : none;
			}
		}
	}

	if (numbers && out->npages > 1) {
		double asc = cv_ts_role_ascent(&t.c, CV_ROLE_FOOTER);
		double desc = cv_ts_role_descent(&t.c, CV_ROLE_FOOTER);
		double base = pg->height - pg->margin_bottom / 2 + (asc - desc) / 2;
		for (size_t p = 0; p < out->npages; p++) {
			const char *s = page_label(a, fmt, p + 1, out->npages);
			struct cv_ts_text tx = cv_ts_text_plain(&t.c, CV_ROLE_FOOTER, s, 0, base);
			tx.x = pg->margin_left + (text_w - tx.width) / 2;
			struct cv_ts_page *page = &out->pages[p];
			page->texts[page->ntexts++] = tx;
		}
	}
	return out;
}
