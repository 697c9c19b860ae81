/*
 * The document tree (cv_doc): the one intermediate form that compose builds
 * and every back end reads.  Blocks hold styled runs and style roles; no
 * coordinates, no LaTeX, no font handles.  Read-only after compose; owned by
 * the run's arena.
 *
 * Shape:
 *   DOCUMENT
 *     HEADER      children: PARAGRAPH(name) PARAGRAPH(headline)? PARAGRAPH(contact)? PHOTO?
 *     SECTION*    runs = the title (role section.title); children: ENTRY*
 *   or, when the layout has a sidebar, after a HEADER placed at the top:
 *     REGION*     title = "main" or "sidebar", align = its side, in page order
 *                 (left first); children: HEADER? SECTION*.  Blocks in the
 *                 sidebar are styled by layout->sidebar.look.
 *       ENTRY     kind = the entry kind; children in order:
 *         ROW*    children: CELL(align left) CELL(align right)?, or with a
 *                 date column (layout gutter) CELL(align right) first
 *         PARAGRAPH*
 *         LIST*   children: ITEM* (runs, role bullet)
 */
#ifndef CV_CV_H
#define CV_CV_H

#include "layout.h"
#include "profile.h"
#include "text.h"

enum cv_block_type {
	CV_BLOCK_DOCUMENT,
	CV_BLOCK_HEADER,
	CV_BLOCK_SECTION,
	CV_BLOCK_ENTRY,
	CV_BLOCK_ROW,
	CV_BLOCK_CELL,
	CV_BLOCK_PARAGRAPH,
	CV_BLOCK_LIST,
	CV_BLOCK_ITEM,
	CV_BLOCK_PHOTO,
	CV_BLOCK_REGION
};

struct cv_block {
	enum cv_block_type type;
	enum cv_role role;   /* style of the runs */
	enum cv_align align; /* CELL: left/right; PARAGRAPH: the style's unless set */
	enum cv_kind kind;   /* SECTION, ENTRY */
	struct cv_block *parent, *first, *last, *next;
	const struct cv_run *runs; /* PARAGRAPH, CELL, ITEM, SECTION (title) */
	size_t nruns;
	const char *path;  /* PHOTO: the image file */
	const char *title; /* SECTION: the title as plain text, as written (outlines, bookmarks);
	                      REGION: "main" or "sidebar" */
	struct cv_pos pos; /* origin in the profile (for messages) */
};

struct cv_doc {
	struct cv_block *root; /* DOCUMENT */
	const struct cv_layout *layout;
	const struct cv_profile *profile;
	/* Metadata, plain UTF-8 (NULL when absent) */
	const char *title;    /* from layout.title_format */
	const char *author;   /* the person's name */
	const char *subject;  /* the headline */
	const char *keywords; /* profile keywords joined with ", " */
};

/*
 * Apply the layout to the profile.  Reports problems it finds (none are
 * expected for a validated profile and layout) and returns the document, or
 * NULL on error.  Everything lives in the arena.
 */
struct cv_doc *cv_compose(struct cv_arena *a, const struct cv_profile *p,
                          const struct cv_layout *l);

/* The layout that styles block b: the sidebar's look inside the sidebar, else doc->layout. */
const struct cv_layout *cv_block_layout(const struct cv_doc *doc, const struct cv_block *b);

/* Name of a block type, lower case ("paragraph"), for dumps and messages. */
const char *cv_block_type_name(enum cv_block_type t);

#endif
