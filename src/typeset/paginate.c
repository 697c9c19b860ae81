/*
 * Vertical flow of chunks and the page breaker with keep-together rules.
 */
#include "paginate.h"

#include <string.h>

#include "../msg.h"
#include "../util.h"

#define FIT_EPS 0.01       /* [pt] */
#define SHORT_PAGE_LINES 3 /* a last page with this many lines or fewer is worth avoiding */
#define KEEP_SHARE 0.5     /* a page ended early for the last page's sake stays this full */
#define SPILL_SHARE 0.25   /* a spill taller than this share of a page is not a few lines */
#define SHRINK_STEPS 12    /* bisections of the shrink ratio (1/4096 of the allowed shrink) */

void cv_ts_flow_open(struct cv_ts_flow *f, double before)
{
	f->chunks = x_grow(f->chunks, &f->capchunks, f->nchunks + 1, sizeof *f->chunks);
	f->chunks[f->nchunks++] = (struct cv_ts_chunk){
	    .before = before,
	    .text0 = f->ntexts,
	    .rule0 = f->nrules,
	    .image0 = f->nimages,
	    .link0 = f->nlinks,
	    .mark0 = f->nmarks,
	    .unit = f->unit,
	};
}

void cv_ts_flow_close(struct cv_ts_flow *f, double height, bool keep_next)
{
	struct cv_ts_chunk *c = &f->chunks[f->nchunks - 1];
	c->height = height;
	c->keep_next = keep_next;
}

void cv_ts_flow_text(struct cv_ts_flow *f, const struct cv_ts_text *t)
{
	f->texts = x_grow(f->texts, &f->captexts, f->ntexts + 1, sizeof *f->texts);
	f->texts[f->ntexts++] = *t;
}

void cv_ts_flow_rule(struct cv_ts_flow *f, const struct cv_ts_rule *r)
{
	f->rules = x_grow(f->rules, &f->caprules, f->nrules + 1, sizeof *f->rules);
	f->rules[f->nrules++] = *r;
}

void cv_ts_flow_image(struct cv_ts_flow *f, const struct cv_ts_image *im)
{
	f->images = x_grow(f->images, &f->capimages, f->nimages + 1, sizeof *f->images);
	f->images[f->nimages++] = *im;
}

void cv_ts_flow_link(struct cv_ts_flow *f, const struct cv_ts_link *k)
{
	f->links = x_grow(f->links, &f->caplinks, f->nlinks + 1, sizeof *f->links);
	f->links[f->nlinks++] = *k;
}

void cv_ts_flow_mark(struct cv_ts_flow *f, const struct cv_ts_mark *mk)
{
	f->marks = x_grow(f->marks, &f->capmarks, f->nmarks + 1, sizeof *f->marks);
	f->marks[f->nmarks++] = *mk;
}

void cv_ts_flow_free(struct cv_ts_flow *f)
{
	x_free(f->chunks);
	x_free(f->texts);
	x_free(f->rules);
	x_free(f->images);
	x_free(f->links);
	x_free(f->marks);
	memset(f, 0, sizeof *f);
}

/* Index range [first,last) of a chunk's drawables of one kind. */
#define RANGE_END(f, k, field, total)                                                              \
	((k) + 1 < (f)->nchunks ? (f)->chunks[(k) + 1].field : (total))

void cv_ts_flow_append(struct cv_ts_flow *dst, const struct cv_ts_flow *src, size_t c0, size_t c1)
{
	for (size_t k = c0; k < c1 && k < src->nchunks; k++) {
		const struct cv_ts_chunk *c = &src->chunks[k];
		unsigned unit = dst->unit;
		dst->unit = c->unit;
		cv_ts_flow_open(dst, c->before);
		dst->unit = unit;
		for (size_t i = c->text0; i < RANGE_END(src, k, text0, src->ntexts); i++)
			cv_ts_flow_text(dst, &src->texts[i]);
		for (size_t i = c->rule0; i < RANGE_END(src, k, rule0, src->nrules); i++)
			cv_ts_flow_rule(dst, &src->rules[i]);
		for (size_t i = c->image0; i < RANGE_END(src, k, image0, src->nimages); i++)
			cv_ts_flow_image(dst, &src->images[i]);
		for (size_t i = c->link0; i < RANGE_END(src, k, link0, src->nlinks); i++)
			cv_ts_flow_link(dst, &src->links[i]);
		for (size_t i = c->mark0; i < RANGE_END(src, k, mark0, src->nmarks); i++)
			cv_ts_flow_mark(dst, &src->marks[i]);
		cv_ts_flow_close(dst, c->height, c->keep_next);
		dst->chunks[dst->nchunks - 1].stretch = c->stretch;
		dst->chunks[dst->nchunks - 1].shrink = c->shrink;
		dst->chunks[dst->nchunks - 1].heading = c->heading;
		dst->chunks[dst->nchunks - 1].break_after = c->break_after;
	}
}

/* Height [pt] of chunks a..j (inclusive) set from the top of a page. */
static double span(const struct cv_ts_flow *f, size_t a, size_t j)
{
	double y = f->chunks[a].height;
	for (size_t k = a + 1; k <= j; k++)
		y += f->chunks[k].before + f->chunks[k].height;
	return y;
}

/* Height [pt] of the keep chain that starts with chunk b, set at the top of a page. */
static double chain_height(const struct cv_ts_flow *f, size_t b)
{
	size_t e = b;
	while (e + 1 < f->nchunks && f->chunks[e].keep_next)
		e++;
	return span(f, b, e);
}

/*
 * Chunk j does not fit and the keep chain it belongs to is taller than a
 * page, so the chain breaks: before j, or before the headings just above j
 * when a chunk after lo precedes them and they fit on a page with j.
 */
static size_t overflow_break(const struct cv_ts_flow *f, size_t lo, size_t j, double height)
{
	size_t k = j;
	while (k > lo && f->chunks[k - 1].heading)
		k--;
	if (k > lo && k < j && span(f, k, j) <= height + FIT_EPS)
		return k;
	return j;
}

/*
 * First chunk after the page that starts at s (always > s), with every gap
 * shrunk by q (0..1) of its shrink.
 */
static size_t page_end(const struct cv_ts_flow *f, size_t s, double height, double q)
{
	double y = 0;
	size_t j = s;
	for (; j < f->nchunks; j++) {
		const struct cv_ts_chunk *c = &f->chunks[j];
		double need = (j == s ? 0 : c->before - q * c->shrink) + c->height;
		if (j > s && y + need > height + FIT_EPS)
			break;
		y += need;
		if (c->break_after)
			return j + 1;
	}
	if (j == f->nchunks)
		return j;
	/* chunk j does not fit: break at the last allowed place */
	for (size_t b = j; b > s; b--) {
		if (f->chunks[b - 1].keep_next)
			continue;
		/* unless what follows is kept together over more than a page
		 * anyway: then it starts on this page and breaks where it
		 * overflows, if that leaves no heading at the foot, or if its
		 * headings would not share the next page with what follows them
		 * either */
		if (chain_height(f, b) > height + FIT_EPS) {
			size_t k = overflow_break(f, b, j, height);
			if (!f->chunks[k - 1].heading || span(f, b, j) > height + FIT_EPS)
				return k;
		}
		return b;
	}
	return overflow_break(f, s, j, height); /* a keep chain longer than a page */
}

/* Report text drawn past the bottom edge of the page (a line taller than the page). */
static void warn_off_page(struct cv_arena *a, const struct cv_ts_text *t, double over)
{
	cv_msg(CV_WARN, &t->pos, "overfull-page",
	       "\"%s\" does not fit on the page (%.1fpt past its bottom edge)",
	       cv_msg_show(a, t->text, t->len), over);
}

/* Does chunk k hold text (a line, not a rule or image alone)? */
static bool has_text(const struct cv_ts_flow *f, size_t k)
{
	return f->chunks[k].text0 < RANGE_END(f, k, text0, f->ntexts);
}

/* The breaks of f in area with the gaps shrunk by q: *starts[0..n] (n pages), returns n. */
static size_t find_breaks(const struct cv_ts_flow *f, const struct cv_ts_area *area, double q,
                          size_t **starts, size_t *cap)
{
	size_t n = 0;
	for (size_t s = 0; s < f->nchunks;) {
		*starts = x_grow(*starts, cap, n + 2, sizeof **starts);
		(*starts)[n++] = s;
		s = page_end(f, s, n == 1 ? area->first_height : area->height, q);
	}
	if (n == 0) { /* an empty document still has one page */
		*starts = x_grow(*starts, cap, 2, sizeof **starts);
		(*starts)[n++] = 0;
	}
	(*starts)[n] = f->nchunks;
	return n;
}

/* Lines on the page [s, e). */
static size_t page_lines(const struct cv_ts_flow *f, size_t s, size_t e)
{
	size_t n = 0;
	for (size_t k = s; k < e; k++)
		n += has_text(f, k);
	return n;
}

/* Is the last page, from s on, short: a few lines, or the tail of the entry the page before cuts?
 */
static bool short_last(const struct cv_ts_flow *f, size_t s)
{
	if (s == 0 || s >= f->nchunks)
		return false;
	if (page_lines(f, s, f->nchunks) <= SHORT_PAGE_LINES)
		return true;
	unsigned u = f->chunks[s - 1].unit;
	for (size_t k = s; k < f->nchunks; k++)
		if (f->chunks[k].unit != u)
			return false;
	return true;
}

/*
 * The last page starts at starts[n-1] and is short: end the page before it
 * earlier, at the latest allowed break that gives the last page more than
 * SHORT_PAGE_LINES lines and more than the tail of one entry (or, failing
 * that, at least more lines), if the last page still fits and the page
 * before stays KEEP_SHARE full.  Returns whether starts[n-1] moved.
 */
static bool fill_last(const struct cv_ts_flow *f, const struct cv_ts_area *area, size_t *starts,
                      size_t n)
{
	size_t p0 = starts[n - 2], s = starts[n - 1], end = f->nchunks;
	double prev_h = n == 2 ? area->first_height : area->height;
	if (f->chunks[s - 1].break_after)
		return false;
	double tail = span(f, s, end - 1), head = span(f, p0, s - 1);
	size_t lines = page_lines(f, s, end), more = 0; /* more: a break that only adds lines */
	bool few = lines <= SHORT_PAGE_LINES;
	bool one_unit = true; /* every chunk from b on is of chunk b's entry */
	for (size_t k = s + 1; k < end; k++)
		one_unit = one_unit && f->chunks[k].unit == f->chunks[s].unit;
	for (size_t b = s - 1; b > p0; b--) {
		/* the last page now starts at b */
		const struct cv_ts_chunk *c = &f->chunks[b];
		tail += c->height + f->chunks[b + 1].before;
		head -= c->before + c->height;
		lines += has_text(f, b);
		one_unit = one_unit && f->chunks[b + 1].unit == c->unit;
		if (tail > area->height + FIT_EPS || head < KEEP_SHARE * prev_h)
			break;
		const struct cv_ts_chunk *above = &f->chunks[b - 1];
		if (above->keep_next || above->heading || lines <= SHORT_PAGE_LINES)
			continue;
		if (!(one_unit && above->unit == c->unit)) {
			starts[n - 1] = b;
			return true;
		}
		if (few && !more)
			more = b;
	}
	if (more)
		starts[n - 1] = more;
	return more != 0;
}

/* How fit_breaks placed the pages. */
struct fit {
	double q;       /* the share of their shrink the gaps give where the lines need it */
	bool early;     /* the page before the last ends early, for the last page's sake */
	size_t spill;   /* lines that spilled onto a last page and could not be pulled back */
	double spill_h; /* [pt] their height */
	size_t moved;   /* lines the early break added to them */
};

/*
 * The page breaks of f in area, into *starts[0..n] (n pages, returned):
 * greedy with the natural spacing; when that leaves a short last page, with
 * the least shrink of the gaps that saves that page, else with the last
 * break moved earlier.
 */
static size_t fit_breaks(const struct cv_ts_flow *f, const struct cv_ts_area *area, size_t **starts,
                         size_t *cap, struct fit *fit)
{
	size_t n = find_breaks(f, area, 0, starts, cap);
	*fit = (struct fit){0};
	if (n < 2 || !short_last(f, (*starts)[n - 1]))
		return n;
	size_t *alt = NULL, acap = 0;
	if (find_breaks(f, area, 1, &alt, &acap) < n) {
		double lo = 0, hi = 1;
		for (int i = 0; i < SHRINK_STEPS; i++) {
			double mid = (lo + hi) / 2;
			if (find_breaks(f, area, mid, &alt, &acap) < n)
				hi = mid;
			else
				lo = mid;
		}
		fit->q = hi;
		n = find_breaks(f, area, hi, starts, cap);
	} else {
		size_t s = (*starts)[n - 1];
		fit->spill = page_lines(f, s, f->nchunks);
		fit->spill_h = f->chunks[s].before + span(f, s, f->nchunks - 1);
	}
	x_free(alt);
	if (n >= 2 && short_last(f, (*starts)[n - 1])) {
		size_t s = (*starts)[n - 1];
		fit->early = fill_last(f, area, *starts, n);
		fit->moved = page_lines(f, (*starts)[n - 1], s);
	}
	return n;
}

size_t cv_ts_first_page_end(const struct cv_ts_flow *f, const struct cv_ts_area *area)
{
	size_t *starts = NULL, cap = 0;
	struct fit fit;
	size_t n = fit_breaks(f, area, &starts, &cap, &fit);
	size_t end = n > 1 ? starts[1] : f->nchunks;
	x_free(starts);
	return end;
}

/*
 * A few lines (at most SHORT_PAGE_LINES, and SPILL_SHARE of a page) spilled
 * onto the last page, which starts at chunk s, and the spacing could not
 * shrink enough to pull them back: say so at its first line, with what
 * would help.
 */
static void note_spill(struct cv_arena *a, const struct cv_ts_flow *f,
                       const struct cv_ts_area *area, size_t s, size_t npages,
                       const struct fit *fit)
{
	size_t k = s;
	while (k < f->nchunks && !has_text(f, k))
		k++;
	if (fit->spill == 0 || fit->spill > SHORT_PAGE_LINES || k == f->nchunks ||
	    fit->spill_h > SPILL_SHARE * area->height)
		return;
	const char *moved =
	    fit->moved ? cv_arena_printf(a, "; %zu line%s of page %zu moved over to join them",
	                                 fit->moved, fit->moved == 1 ? "" : "s", npages - 1)
	               : "";
	cv_msg(CV_NOTE, &f->texts[f->chunks[k].text0].pos, "short-last-page",
	       "%zu line%s (%.0fpt) spill onto page %zu, more than the spacing can shrink to pull "
	       "back (spacing.shrink in the layout); to keep %zu page%s, cut %zu line%s, allow "
	       "more shrink or make the margins smaller%s",
	       fit->spill, fit->spill == 1 ? "" : "s", fit->spill_h, npages, npages - 1,
	       npages - 1 == 1 ? "" : "s", fit->spill, fit->spill == 1 ? "" : "s", moved);
}

/*
 * How far the gaps of the page [s, e) give: -1..0 of their shrink when the
 * lines are taller than height [pt], 0..1 of their stretch towards height
 * when fill (a page ended early so that the last page is not short).
 */
static double glue_ratio(const struct cv_ts_flow *f, size_t s, size_t e, double height, bool fill)
{
	if (e <= s + 1)
		return 0;
	double natural = span(f, s, e - 1), shrink = 0, stretch = 0;
	for (size_t k = s + 1; k < e; k++) {
		shrink += f->chunks[k].shrink;
		stretch += f->chunks[k].stretch;
	}
	if (natural > height + FIT_EPS && shrink > 0) {
		double r = (natural - height) / shrink;
		return r < 1 ? -r : -1;
	}
	if (fill && natural < height && stretch > 0) {
		double r = (height - natural) / stretch;
		return r < 1 ? r : 1;
	}
	return 0;
}

void cv_ts_paginate(struct cv_arena *a, const struct cv_ts_flow *f, const struct cv_ts_area *area,
                    size_t extra_texts, struct cv_ts_doc *doc)
{
	size_t cap = 0;
	size_t *starts = NULL;
	struct fit fit;
	size_t npages = fit_breaks(f, area, &starts, &cap, &fit);
	if (area->report && npages >= 2)
		note_spill(a, f, area, starts[npages - 1], npages, &fit);
	doc->npages = npages;
	doc->pages = cv_arena_array(a, npages, sizeof *doc->pages);
	for (size_t p = 0; p < npages; p++) {
		struct cv_ts_page *pg = &doc->pages[p];
		size_t s = starts[p], e = starts[p + 1];
		size_t t0 = s < f->nchunks ? f->chunks[s].text0 : f->ntexts;
		size_t r0 = s < f->nchunks ? f->chunks[s].rule0 : f->nrules;
		size_t i0 = s < f->nchunks ? f->chunks[s].image0 : f->nimages;
		size_t l0 = s < f->nchunks ? f->chunks[s].link0 : f->nlinks;
		size_t m0 = s < f->nchunks ? f->chunks[s].mark0 : f->nmarks;
		size_t t1 = e < f->nchunks ? f->chunks[e].text0 : f->ntexts;
		size_t r1 = e < f->nchunks ? f->chunks[e].rule0 : f->nrules;
		size_t i1 = e < f->nchunks ? f->chunks[e].image0 : f->nimages;
		size_t l1 = e < f->nchunks ? f->chunks[e].link0 : f->nlinks;
		size_t m1 = e < f->nchunks ? f->chunks[e].mark0 : f->nmarks;
		pg->texts = cv_arena_array(a, t1 - t0 + extra_texts, sizeof *pg->texts);
		pg->rules = cv_arena_array(a, r1 - r0 + 1, sizeof *pg->rules);
		pg->images = cv_arena_array(a, i1 - i0 + 1, sizeof *pg->images);
		pg->links = cv_arena_array(a, l1 - l0 + 1, sizeof *pg->links);
		pg->marks = cv_arena_array(a, m1 - m0 + 1, sizeof *pg->marks);
		double y = p == 0 ? area->first_top : area->top;
		double g = glue_ratio(f, s, e, p == 0 ? area->first_height : area->height,
		                      fit.early && p + 2 == npages);
		for (size_t k = s; k < e; k++) {
			const struct cv_ts_chunk *c = &f->chunks[k];
			if (k > s)
				y += c->before + g * (g < 0 ? c->shrink : c->stretch);
			size_t tn = RANGE_END(f, k, text0, f->ntexts);
			if (y + c->height > doc->height + FIT_EPS && c->text0 < tn)
				warn_off_page(a, &f->texts[c->text0], y + c->height - doc->height);
			for (size_t i = c->text0; i < tn; i++) {
				struct cv_ts_text t = f->texts[i];
				t.y += y;
				pg->texts[pg->ntexts++] = t;
			}
			for (size_t i = c->rule0; i < RANGE_END(f, k, rule0, f->nrules); i++) {
				struct cv_ts_rule r = f->rules[i];
				r.y0 += y;
				r.y1 += y;
				pg->rules[pg->nrules++] = r;
			}
			for (size_t i = c->image0; i < RANGE_END(f, k, image0, f->nimages); i++) {
				struct cv_ts_image im = f->images[i];
				im.y += y;
				pg->images[pg->nimages++] = im;
			}
			for (size_t i = c->link0; i < RANGE_END(f, k, link0, f->nlinks); i++) {
				struct cv_ts_link l = f->links[i];
				l.y0 += y;
				l.y1 += y;
				pg->links[pg->nlinks++] = l;
			}
			for (size_t i = c->mark0; i < RANGE_END(f, k, mark0, f->nmarks); i++) {
				struct cv_ts_mark mk = f->marks[i];
				mk.y += y;
				pg->marks[pg->nmarks++] = mk;
			}
			y += c->height;
		}
		doc->end_y = y;
	}
	x_free(starts);
}
