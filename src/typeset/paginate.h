/*
 * The vertical flow and page breaking: the document is laid out as a list
 * of chunks (a header, a section title, a row, one line of a paragraph...),
 * each with its drawables relative to its own top, the space above it, and
 * whether a page break may follow it.  Pagination fills pages greedily and
 * moves back to the last allowed break when a chunk does not fit; a short
 * last page is pulled back by shrinking the gaps (their glue), or else
 * given more lines from the page before.
 */
#ifndef CV_TS_PAGINATE_H
#define CV_TS_PAGINATE_H

#include "typeset.h"

struct cv_ts_chunk {
	double before;  /* [pt] space above; dropped at the top of a page */
	double stretch, shrink; /* [pt] how much before may grow or shrink (a spacing gap's glue) */
	double height;  /* [pt] */
	bool keep_next; /* no page break between this chunk and the next */
	bool heading;   /* a title's line: not the last on a page, even where a chain breaks */
	bool break_after; /* the page ends after this chunk */
	unsigned unit;    /* the entry or section title it belongs to, counted from 1 in flow order */
	size_t text0, rule0, image0, link0, mark0; /* first drawables in the flow */
};

/* Drawables of all chunks, in order; y relative to the chunk's top.  Malloc'ed vectors. */
struct cv_ts_flow {
	struct cv_ts_chunk *chunks;
	size_t nchunks, capchunks;
	struct cv_ts_text *texts;
	size_t ntexts, captexts;
	struct cv_ts_rule *rules;
	size_t nrules, caprules;
	struct cv_ts_image *images;
	size_t nimages, capimages;
	struct cv_ts_link *links;
	size_t nlinks, caplinks;
	struct cv_ts_mark *marks;
	size_t nmarks, capmarks;
	unsigned unit; /* given to chunks opened now; the typesetter counts entries and titles */
};

/* Start a chunk with space before [pt]; later drawables belong to it. */
void cv_ts_flow_open(struct cv_ts_flow *f, double before);
/* Finish the open chunk. */
void cv_ts_flow_close(struct cv_ts_flow *f, double height, bool keep_next);
void cv_ts_flow_text(struct cv_ts_flow *f, const struct cv_ts_text *t);
void cv_ts_flow_rule(struct cv_ts_flow *f, const struct cv_ts_rule *r);
void cv_ts_flow_image(struct cv_ts_flow *f, const struct cv_ts_image *im);
void cv_ts_flow_link(struct cv_ts_flow *f, const struct cv_ts_link *k);
void cv_ts_flow_mark(struct cv_ts_flow *f, const struct cv_ts_mark *mk);
void cv_ts_flow_free(struct cv_ts_flow *f);
/* Append chunks [c0, c1) of src, with their drawables, to dst. */
void cv_ts_flow_append(struct cv_ts_flow *dst, const struct cv_ts_flow *src, size_t c0, size_t c1);

/* Where a flow goes on the page: below top [pt] for height [pt], the first page may differ. */
struct cv_ts_area {
	double top, height;             /* [pt] every page but the first */
	double first_top, first_height; /* [pt] the first page */
	bool report; /* note a short last page that could not be avoided (the main flow) */
};

/*
 * Break the flow into pages of the given content area and fill doc->pages
 * in the arena, moving
 * every drawable to page coordinates.  extra_texts slots are reserved at the
 * end of each page's text array (for footers; ntexts does not count them).
 * Pages end at the last break the keep rules allow, or, where a keep chain
 * is taller than the area, where it overflows (before the heading chunks
 * above that place, if they fit on a page with what follows them).  A chunk taller than the
 * area is placed alone at the top and overflows into the bottom margin;
 * text that reaches past the page's bottom edge (doc->height, set by the
 * caller) is reported (warning "overfull-page", at the text's position).
 * A last page of three lines or fewer, or holding only the tail of the
 * entry the page before cuts, is avoided: by the least shrink of the gaps
 * that saves it, else by ending the page before at an earlier allowed break
 * (its gaps then stretch); with area->report, lines that spill anyway are
 * noted ("short-last-page").
 */
void cv_ts_paginate(struct cv_arena *a, const struct cv_ts_flow *f, const struct cv_ts_area *area,
                    size_t extra_texts, struct cv_ts_doc *doc);

/*
 * Index of the first chunk after the first page of f in area, as
 * cv_ts_paginate breaks it (f->nchunks when all fit).
 */
size_t cv_ts_first_page_end(const struct cv_ts_flow *f, const struct cv_ts_area *area);

#endif
