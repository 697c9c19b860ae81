/*
 * Vertical flow of chunks and the page breaker with keep-together rules.
 */
#include "paginate.h"

#include <string.h>

#include "../msg.h"
#include "../util.h"

#define FIT_EPS 0.01 /* [pt] */

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

/* First chunk after the page that starts at s (always > s). */
static size_t page_end(const struct cv_ts_flow *f, size_t s, double height)
{
	double y = 0;
	size_t j = s;
	for (; j < f->nchunks; j++) {
		const struct cv_ts_chunk *c = &f->chunks[j];
		double need = (j == s ? 0 : c->before) + c->height;
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

size_t cv_ts_first_page_end(const struct cv_ts_flow *f, const struct cv_ts_area *area)
{
	return f->nchunks ? page_end(f, 0, area->first_height) : 0;
}

void cv_ts_paginate(struct cv_arena *a, const struct cv_ts_flow *f, const struct cv_ts_area *area,
                    size_t extra_texts, struct cv_ts_doc *doc)
{
	size_t npages = 0, cap = 0;
	size_t *starts = NULL;
	for (size_t s = 0; s < f->nchunks;) {
		starts = x_grow(starts, &cap, npages + 2, sizeof *starts);
		starts[npages++] = s;
		s = page_end(f, s, npages == 1 ? area->first_height : area->height);
	}
	if (npages == 0) { /* an empty document still has one page */
		starts = x_grow(starts, &cap, 2, sizeof *starts);
		starts[npages++] = 0;
	}
	starts[npages] = f->nchunks;
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
		for (size_t k = s; k < e; k++) {
			const struct cv_ts_chunk *c = &f->chunks[k];
			if (k > s)
				y += c->before;
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
