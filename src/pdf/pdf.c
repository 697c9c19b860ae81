/*
 * The PDF back end: typesets the document with the real font metrics, then
 * draws the pages with libharu (kerned text as raw TJ arrays, rules, cropped
 * and clipped photos, link annotations, bookmarks, document info) and hands
 * back the finished file.  Every libharu call is checked; any failure is
 * reported and nothing is returned.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_pages.h>

#include "../backend.h"
#include "../icon.h"
#include "../locale.h"
#include "../typeset/typeset.h"
#include "font.h"
#include "image.h"
#include "pdf_ops.h"

/* Text entries of the document info are cut to this many characters. */
#define PDF_INFO_CHARS 4000

/* The first libharu error since the last successful check. */
struct pdf_err {
	HPDF_STATUS no, detail;
	bool reported;
};

struct photo {
	const char *path;
	HPDF_Image image;
	unsigned w, h; /* [px] */
};

struct pdf_ctx {
	HPDF_Doc pdf;
	struct pdf_err err;
	struct cv_fonts *fonts;
	double page_w; /* [pt] */
	double page_h; /* [pt] for y-down -> y-up */
	struct photo *photos;
	size_t nphotos, cap_photos;
	struct cv_buf ops;      /* scratch for raw content-stream operators */
	struct cv_icons *icons; /* icon outlines, read on first use */
	struct cv_arena *arena; /* lives as long as the render */
	uint32_t *cps;          /* scratch for shaping */
	int *kerns;
	size_t cap_shape;
};

static void HPDF_STDCALL on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	struct pdf_err *e = user;
	if (e->no == HPDF_OK) {
		e->no = no;
		e->detail = detail;
	}
}

/*
 * True when st is HPDF_OK and the document carries no error; else reports
 * the failure (once per run) naming what was being done.  The font and
 * image modules reset errors they handle themselves, so an error recorded
 * by the handler counts only while the document still carries one.
 */
static bool ok(struct pdf_ctx *c, HPDF_STATUS st, const char *what)
{
	HPDF_STATUS doc = HPDF_GetError(c->pdf);
	if (st == HPDF_OK && doc == HPDF_OK) {
		c->err.no = c->err.detail = HPDF_OK;
		return true;
	}
	if (!c->err.reported) {
		HPDF_STATUS no = c->err.no != HPDF_OK ? c->err.no : doc != HPDF_OK ? doc : st;
		cv_msg(CV_SYSTEM, NULL, "pdf-library",
		       "the PDF library failed while %s (libharu error 0x%04X, detail %u)", what,
		       (unsigned)no, (unsigned)c->err.detail);
		c->err.reported = true;
	}
	return false;
}

/* Same check for calls that return a handle (NULL on failure). */
static bool got(struct pdf_ctx *c, const void *handle, const char *what)
{
	return ok(c, handle ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM, what);
}

static bool same_color(struct cv_color a, struct cv_color b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

static double unit(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Append raw operators to the page's content stream. */
static bool put_ops(struct pdf_ctx *c, HPDF_Page page, const struct cv_buf *b)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (!b->len)
		return true;
	return ok(c, HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len),
	          "writing text");
}

/* "x y " with two decimals (a hundredth of a point is below any device). */
static void put_point(struct cv_buf *b, double x, double y)
{
	cv_pdf_num(b, round(x * 100) / 100);
	cv_buf_putc(b, ' ');
	cv_pdf_num(b, round(y * 100) / 100);
	cv_buf_putc(b, ' ');
}

static bool draw_rules(struct pdf_ctx *c, HPDF_Page page, const struct cv_ts_page *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct cv_ts_rule *r = &p->rules[i];
		if (!(r->width > 0))
			continue;
		if (!ok(c, HPDF_Page_SetLineCap(page, r->round ? HPDF_ROUND_END : HPDF_BUTT_END),
		        "drawing a rule") ||
		    !ok(c, HPDF_Page_SetLineWidth(page, (HPDF_REAL)r->width), "drawing a rule") ||
		    !ok(c,
		        HPDF_Page_SetRGBStroke(page, (HPDF_REAL)unit(r->color.r),
		                               (HPDF_REAL)unit(r->color.g),
		                               (HPDF_REAL)unit(r->color.b)),
		        "drawing a rule") ||
		    !ok(c, HPDF_Page_MoveTo(page, (HPDF_REAL)r->x0, (HPDF_REAL)(c->page_h - r->y0)),
		        "drawing a rule") ||
		    !ok(c, HPDF_Page_LineTo(page, (HPDF_REAL)r->x1, (HPDF_REAL)(c->page_h - r->y1)),
		        "drawing a rule") ||
		    !ok(c, HPDF_Page_Stroke(page), "drawing a rule"))
			return false;
	}
	return true;
}

/* A rectangle with corners rounded by radius r as the current path (y up). */
static bool rounded_path(struct pdf_ctx *c, HPDF_Page page, double x, double y, double w, double h,
                         double r)
{
	const double k = 0.5522847498 * r; /* Bézier control distance for a quarter circle */
	const char *what = "clipping a photo";
	return ok(c, HPDF_Page_MoveTo(page, (HPDF_REAL)(x + r), (HPDF_REAL)y), what) &&
	       ok(c, HPDF_Page_LineTo(page, (HPDF_REAL)(x + w - r), (HPDF_REAL)y), what) &&
	       ok(c,
	          HPDF_Page_CurveTo(page, (HPDF_REAL)(x + w - r + k), (HPDF_REAL)y,
	                            (HPDF_REAL)(x + w), (HPDF_REAL)(y + r - k), (HPDF_REAL)(x + w),
	                            (HPDF_REAL)(y + r)),
	          what) &&
	       ok(c, HPDF_Page_LineTo(page, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h - r)), what) &&
	       ok(c,
	          HPDF_Page_CurveTo(page, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h - r + k),
	                            (HPDF_REAL)(x + w - r + k), (HPDF_REAL)(y + h),
	                            (HPDF_REAL)(x + w - r), (HPDF_REAL)(y + h)),
	          what) &&
	       ok(c, HPDF_Page_LineTo(page, (HPDF_REAL)(x + r), (HPDF_REAL)(y + h)), what) &&
	       ok(c,
	          HPDF_Page_CurveTo(page, (HPDF_REAL)(x + r - k), (HPDF_REAL)(y + h), (HPDF_REAL)x,
	                            (HPDF_REAL)(y + h - r + k), (HPDF_REAL)x,
	                            (HPDF_REAL)(y + h - r)),
	          what) &&
	       ok(c, HPDF_Page_LineTo(page, (HPDF_REAL)x, (HPDF_REAL)(y + r)), what) &&
	       ok(c,
	          HPDF_Page_CurveTo(page, (HPDF_REAL)x, (HPDF_REAL)(y + r - k),
	                            (HPDF_REAL)(x + r - k), (HPDF_REAL)y, (HPDF_REAL)(x + r),
	                            (HPDF_REAL)y),
	          what) &&
	       ok(c, HPDF_Page_ClosePath(page), what);
}

/* The photo loaded for path, loading it on first use; NULL after a reported error. */
static struct photo *photo_for(struct pdf_ctx *c, const struct cv_ts_image *im)
{
	for (size_t i = 0; i < c->nphotos; i++)
		if (!strcmp(c->photos[i].path, im->path))
			return &c->photos[i];
	unsigned w = 0, h = 0;
	HPDF_Image image = cv_image_load(c->pdf, im->path, &im->pos, im->w, im->h, &w, &h);
	if (!image)
		return NULL;
	c->photos = x_grow(c->photos, &c->cap_photos, c->nphotos + 1, sizeof *c->photos);
	c->photos[c->nphotos] = (struct photo){im->path, image, w, h};
	return &c->photos[c->nphotos++];
}

/* Each image scaled to cover its box (centred crop), clipped to the box's shape. */
static bool draw_images(struct pdf_ctx *c, HPDF_Page page, const struct cv_ts_page *p)
{
	const char *what = "drawing a photo";
	for (size_t i = 0; i < p->nimages; i++) {
		const struct cv_ts_image *im = &p->images[i];
		struct photo *ph = photo_for(c, im);
		if (!ph)
			return false;
		if (!(im->w > 0 && im->h > 0) || !ph->w || !ph->h)
			continue;
		double x = im->x, y = c->page_h - im->y - im->h;
		double s = fmax(im->w / ph->w, im->h / ph->h);
		double dw = ph->w * s, dh = ph->h * s;
		double side = fmin(im->w, im->h);
		double r = im->shape == CV_PHOTO_CIRCLE    ? side / 2
		           : im->shape == CV_PHOTO_ROUNDED ? side * 0.15
		                                           : 0;
		if (!ok(c, HPDF_Page_GSave(page), what))
			return false;
		bool path = r > 0 ? rounded_path(c, page, x, y, im->w, im->h, r)
		                  : ok(c,
		                       HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y,
		                                           (HPDF_REAL)im->w, (HPDF_REAL)im->h),
		                       what);
		if (!path || !ok(c, HPDF_Page_Clip(page), what) ||
		    !ok(c, HPDF_Page_EndPath(page), what) ||
		    !ok(c,
		        HPDF_Page_DrawImage(page, ph->image, (HPDF_REAL)(x + (im->w - dw) / 2),
		                            (HPDF_REAL)(y + (im->h - dh) / 2), (HPDF_REAL)dw,
		                            (HPDF_REAL)dh),
		        what) ||
		    !ok(c, HPDF_Page_GRestore(page), what))
			return false;
	}
	return true;
}

/* "r g b rg" for color at share on white (1: the colour itself). */
static void put_fill(struct cv_buf *b, struct cv_color col, double share)
{
	cv_pdf_num(b, round((1 - share * (1 - unit(col.r))) * 1000) / 1000);
	cv_buf_putc(b, ' ');
	cv_pdf_num(b, round((1 - share * (1 - unit(col.g))) * 1000) / 1000);
	cv_buf_putc(b, ' ');
	cv_pdf_num(b, round((1 - share * (1 - unit(col.b))) * 1000) / 1000);
	cv_buf_puts(b, " rg\n");
}

/* A circle of radius r around (x, y) as the current path (four Béziers). */
static void put_circle(struct cv_buf *b, double x, double y, double r)
{
	const double k = 0.5522847498 * r;
	put_point(b, x + r, y);
	cv_buf_puts(b, "m\n");
	put_point(b, x + r, y + k), put_point(b, x + k, y + r), put_point(b, x, y + r);
	cv_buf_puts(b, "c\n");
	put_point(b, x - k, y + r), put_point(b, x - r, y + k), put_point(b, x - r, y);
	cv_buf_puts(b, "c\n");
	put_point(b, x - r, y - k), put_point(b, x - k, y - r), put_point(b, x, y - r);
	cv_buf_puts(b, "c\n");
	put_point(b, x + k, y - r), put_point(b, x + r, y - k), put_point(b, x + r, y);
	cv_buf_puts(b, "c\nh\n");
}

/* Level marks "N/M": M dots, the first N in the text's colour, the rest in a tint; an artifact. */
static bool draw_level(struct pdf_ctx *c, HPDF_Page page, const struct cv_ts_text *t)
{
	char spec[32];
	unsigned have = 0, of = 0;
	snprintf(spec, sizeof spec, "%.*s", (int)(t->len < 31 ? t->len : 31), t->text);
	if (sscanf(spec, "%u/%u", &have, &of) != 2 || of == 0 || of > 10 || have > of)
		return true; /* the loader only lets "N/M" through */
	double r = CV_TS_LEVEL_DOT * t->size / 2;
	double y = c->page_h - t->y + CV_TS_ICON_MIDDLE * t->size;
	struct cv_buf *b = &c->ops;
	cv_buf_reset(b);
	cv_buf_puts(b, "/Artifact BMC\nq\n");
	for (int pass = 0; pass < 2; pass++) { /* filled dots, then the empty ones */
		if ((pass == 0 && have == 0) || (pass == 1 && have == of))
			continue;
		put_fill(b, t->color, pass == 0 ? 1 : CV_TS_LEVEL_TINT);
		for (unsigned i = pass == 0 ? 0 : have; i < (pass == 0 ? have : of); i++)
			put_circle(b, t->x + r + i * CV_TS_LEVEL_STEP * t->size, y, r);
		cv_buf_puts(b, "f\n");
	}
	cv_buf_puts(b, "Q\nEMC\n");
	return put_ops(c, page, b);
}

/*
 * Every icon of a page as a filled path outside any text object, marked as an
 * artifact: decoration that extractors and screen readers skip.  The glyph
 * is CV_TS_ICON_SCALE em high, centred in its CV_TS_ICON_EM box and around
 * CV_TS_ICON_MIDDLE above the baseline.
 */
static bool draw_icons(struct pdf_ctx *c, HPDF_Page page, const struct cv_ts_page *p)
{
	for (size_t i = 0; i < p->ntexts; i++) {
		const struct cv_ts_text *t = &p->texts[i];
		if (t->family == CV_TS_LEVEL_FAMILY && t->len && t->size > 0) {
			if (!draw_level(c, page, t))
				return false;
			continue;
		}
		if (t->family != CV_TS_ICON_FAMILY || !t->len || !(t->size > 0))
			continue;
		const char *name = cv_arena_strndup(c->arena, t->text, t->len);
		const struct cv_icon *ic =
		    cv_icons_get(c->icons, name, t->pos.file ? &t->pos : NULL);
		if (!ic)
			return false;
		if (!ic->nsegs)
			continue;
		double s = t->size * CV_TS_ICON_SCALE / 1000.0;
		double x0 =
		    t->x + (CV_TS_ICON_EM * t->size - (ic->xmax - ic->xmin) * s) / 2 - ic->xmin * s;
		double y0 =
		    c->page_h - t->y + CV_TS_ICON_MIDDLE * t->size - (ic->ymin + ic->ymax) / 2 * s;
		struct cv_buf *b = &c->ops;
		cv_buf_reset(b);
		cv_buf_puts(b, "/Artifact BMC\nq\n");
		put_fill(b, t->color, 1);
		for (size_t k = 0; k < ic->nsegs; k++) {
			const struct cv_icon_seg *g = &ic->segs[k];
			if (g->op == CV_ICON_CLOSE) {
				cv_buf_puts(b, "h\n");
				continue;
			}
			if (g->op == CV_ICON_CURVE) {
				put_point(b, x0 + g->x1 * s, y0 + g->y1 * s);
				put_point(b, x0 + g->x2 * s, y0 + g->y2 * s);
			}
			put_point(b, x0 + g->x * s, y0 + g->y * s);
			cv_buf_puts(b, g->op == CV_ICON_MOVE   ? "m\n"
			               : g->op == CV_ICON_LINE ? "l\n"
			                                       : "c\n");
		}
		cv_buf_puts(b, "f\nQ\nEMC\n");
		if (!put_ops(c, page, b))
			return false;
	}
	return true;
}

/*
 * The tracking of t rounded to whole 1/1000 em: the tracked subset it is
 * drawn with (font.h); the rest is character spacing.
 */
static int whole_tracking(const struct cv_ts_text *t)
{
	return (int)lround(t->tracking);
}

/*
 * All text of a page in one text object: font (the face's subset for the
 * text's tracking), size, colour and what is left of the tracking as
 * character spacing set only when they change, each stretch placed with Tm
 * and shown with one raw TJ array carrying kerning and justification.
 */
static bool draw_texts(struct pdf_ctx *c, HPDF_Page page, const struct cv_ts_page *p)
{
	const char *what = "writing text";
	if (!p->ntexts)
		return true;
	if (!ok(c, HPDF_Page_BeginText(page), what))
		return false;
	HPDF_Font cur_font = NULL;
	double cur_size = -1, cur_tc = 0;
	struct cv_color cur_color = {0, 0, 0};
	for (size_t i = 0; i < p->ntexts; i++) {
		const struct cv_ts_text *t = &p->texts[i];
		if (!t->len || !(t->size > 0) || t->family < 0) /* icons, marks: drawn */
			continue;
		c->cps = x_grow(c->cps, &c->cap_shape, t->len, sizeof *c->cps);
		c->kerns = x_realloc(c->kerns, c->cap_shape * sizeof *c->kerns);
		int tracking = whole_tracking(t);
		size_t n = cv_fonts_shape_tracked(c->fonts, t->family, t->face, tracking, t->text,
		                                  t->len, c->cps, c->kerns, t->len);
		if (!n)
			continue;
		HPDF_Font font =
		    cv_fonts_hpdf_tracked(c->fonts, c->pdf, t->family, t->face, tracking);
		if (!font)
			return false;
		if (font != cur_font || t->size != cur_size) {
			if (!ok(c, HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)t->size), what))
				return false;
			cur_font = font;
			cur_size = t->size;
		}
		if (!same_color(t->color, cur_color)) {
			if (!ok(c,
			        HPDF_Page_SetRGBFill(page, (HPDF_REAL)unit(t->color.r),
			                             (HPDF_REAL)unit(t->color.g),
			                             (HPDF_REAL)unit(t->color.b)),
			        what))
				return false;
			cur_color = t->color;
		}
		/*
		 * The tracking is in the font's advances (font.h); what a
		 * fractional tracking leaves over, under 1/1000 em, is character
		 * spacing (Tc), written raw: nothing here relies on libharu
		 * knowing Tc.
		 */
		double tc = (t->tracking - tracking) / 1000.0 * t->size;
		cv_buf_reset(&c->ops);
		if (tc != cur_tc) {
			cv_pdf_num(&c->ops, tc);
			cv_buf_puts(&c->ops, " Tc\n");
			cur_tc = tc;
		}
		if (!put_ops(c, page, &c->ops))
			return false;
		if (!ok(c,
		        HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, (HPDF_REAL)(t->x + t->inset),
		                                (HPDF_REAL)(c->page_h - t->y)),
		        what))
			return false;
		cv_buf_reset(&c->ops);
		cv_pdf_tj(&c->ops, c->cps, c->kerns, n, t->word_space / t->size * 1000.0);
		if (!put_ops(c, page, &c->ops))
			return false;
	}
	return ok(c, HPDF_Page_EndText(page), what);
}

static bool add_links(struct pdf_ctx *c, HPDF_Page page, const struct cv_ts_page *p)
{
	for (size_t i = 0; i < p->nlinks; i++) {
		const struct cv_ts_link *l = &p->links[i];
		if (!l->href || !*l->href)
			continue;
		/* Clamp to the page: an overlong unbreakable linked word runs past
		 * the edge, and libharu refuses coordinates beyond +-32767. */
		double x0 = fmax(0, fmin(l->x0, c->page_w)), x1 = fmax(0, fmin(l->x1, c->page_w));
		double y0 = fmax(0, fmin(l->y0, c->page_h)), y1 = fmax(0, fmin(l->y1, c->page_h));
		if (x1 <= x0 || y1 <= y0)
			continue; /* wholly off the page */
		HPDF_Rect rect = {(HPDF_REAL)x0, (HPDF_REAL)(c->page_h - y1), (HPDF_REAL)x1,
		                  (HPDF_REAL)(c->page_h - y0)};
		cv_buf_reset(&c->ops);
		cv_pdf_uri(&c->ops, l->href);
		HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(page, rect, c->ops.data);
		if (!got(c, a, "adding a link") ||
		    !ok(c, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0), "adding a link"))
			return false;
	}
	return true;
}

static bool add_marks(struct pdf_ctx *c, HPDF_Page page, const struct cv_ts_page *p,
                      HPDF_Encoder utf8)
{
	const char *what = "adding a bookmark";
	for (size_t i = 0; i < p->nmarks; i++) {
		const struct cv_ts_mark *m = &p->marks[i];
		if (!m->title || !*m->title)
			continue;
		HPDF_Outline o = HPDF_CreateOutline(c->pdf, NULL, m->title, utf8);
		if (!got(c, o, what))
			return false;
		HPDF_Destination d = HPDF_Page_CreateDestination(page);
		if (!got(c, d, what) ||
		    !ok(c, HPDF_Destination_SetXYZ(d, 0, (HPDF_REAL)(c->page_h - m->y), 1), what) ||
		    !ok(c, HPDF_Outline_SetDestination(o, d), what) ||
		    !ok(c, HPDF_Outline_SetOpened(o, HPDF_TRUE), what))
			return false;
	}
	return true;
}

/*
 * One text entry of the document info.  Cut to PDF_INFO_CHARS characters:
 * libharu refuses a string over 65535 bytes (error 0x105B), and keywords
 * may join 200 of 1 KiB.
 */
static bool set_text_info(struct pdf_ctx *c, HPDF_InfoType type, const char *value)
{
	struct cv_arena *a;
	bool done;
	if (!value || !*value)
		return true;
	a = cv_arena_new();
	done = ok(c, HPDF_SetInfoAttr(c->pdf, type, cv_utf8_shorten(a, value, PDF_INFO_CHARS)),
	          "writing the document info");
	cv_arena_free(a);
	return done;
}

static bool set_info(struct pdf_ctx *c, const struct cv_doc *doc, const struct cv_render_opts *opts)
{
	char tool[64];
	snprintf(tool, sizeof tool, "folio %s", opts && opts->version ? opts->version : "");
	if (!set_text_info(c, HPDF_INFO_TITLE, doc->title) ||
	    !set_text_info(c, HPDF_INFO_AUTHOR, doc->author) ||
	    !set_text_info(c, HPDF_INFO_SUBJECT, doc->subject) ||
	    !set_text_info(c, HPDF_INFO_KEYWORDS, doc->keywords) ||
	    !set_text_info(c, HPDF_INFO_CREATOR, tool) ||
	    !set_text_info(c, HPDF_INFO_PRODUCER, tool))
		return false;
	if (!opts || opts->source_date_epoch < 0)
		return true;
	time_t t = (time_t)opts->source_date_epoch;
	struct tm tm;
	if ((long long)t != opts->source_date_epoch || !gmtime_r(&t, &tm) ||
	    tm.tm_year + 1900 > 9999) {
		cv_msg(CV_WARN, NULL, "pdf-date-range",
		       "SOURCE_DATE_EPOCH %lld is beyond the year 9999; the PDF gets no dates",
		       opts->source_date_epoch);
		return true;
	}
	HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	               tm.tm_sec,         'Z',           0,          0};
	return ok(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, d),
	          "writing the document dates") &&
	       ok(c, HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, d),
	          "writing the document dates");
}

/*
 * A person's name that would lose characters is an error (a warning drops
 * them elsewhere): text names the name ("the name", "author"), runs its runs
 * in role's style of layout l.
 */
static bool name_whole(struct cv_fonts *fonts, const struct cv_layout *l, enum cv_role role,
                       const struct cv_run *runs, size_t nruns, const struct cv_pos *pos,
                       const char *what)
{
	const struct cv_style *st = &l->styles[role];
	struct cv_buf list = {0}, name = {0};
	size_t n = 0;
	int face = 0;
	for (size_t i = 0; i < nruns; i++) {
		const struct cv_run *r = &runs[i];
		if (r->flags & (CV_RUN_ICON | CV_RUN_LEVEL | CV_RUN_BREAK) || !r->text)
			continue;
		face = ((st->bold || (r->flags & CV_RUN_BOLD)) ? 1 : 0) +
		       ((st->italic || (r->flags & CV_RUN_ITALIC)) ? 2 : 0);
		n += cv_fonts_lacking(fonts, st->family, face, r->text, strlen(r->text), &list);
		cv_buf_puts(&name, r->text);
	}
	if (n > 0) {
		cv_msg(CV_ERROR, pos, "name-char-not-in-font",
		       "%s \"%s\" would lose %s %s: %s not in font %s (a name must print whole; "
		       "give the layout fonts that have %s)",
		       what, name.data ? name.data : "", n == 1 ? "character" : "characters",
		       list.data, n == 1 ? "it is" : "they are",
		       cv_fonts_face_name(fonts, st->family, face), n == 1 ? "it" : "them");
	}
	cv_buf_free(&list);
	cv_buf_free(&name);
	return n == 0;
}

/*
 * Every name the PDF shows (the header's, each author's) in full, checked
 * before anything is typeset.  Authors are checked in the body's font.
 */
static bool names_whole(struct cv_fonts *fonts, const struct cv_doc *doc, const struct cv_block *b)
{
	bool good = true;
	if (b->type == CV_BLOCK_PARAGRAPH && b->role == CV_ROLE_NAME)
		good = name_whole(fonts, cv_block_layout(doc, b), CV_ROLE_NAME, b->runs, b->nruns,
		                  b->pos.file ? &b->pos : NULL, "the name");
	for (const struct cv_block *c = b->first; c; c = c->next)
		good = names_whole(fonts, doc, c) && good;
	if (b != doc->root || !doc->profile)
		return good;
	for (size_t i = 0; i < doc->profile->nsections; i++) {
		const struct cv_section *s = &doc->profile->sections[i];
		for (size_t j = 0; j < s->nentries; j++)
			for (size_t k = 0; k < s->entries[j].nfields; k++) {
				const struct cv_field *f = &s->entries[j].fields[k];
				for (size_t m = 0; m < f->nauthors; m++) {
					const struct cv_text *t = &f->authors[m].name;
					good = name_whole(fonts, doc->layout, CV_ROLE_BODY, t->runs,
					                  t->nruns, t->pos.file ? &t->pos : NULL,
					                  "author") &&
					       good;
				}
			}
	}
	return good;
}

/*
 * The document language (/Lang in the catalog, a BCP 47 tag) for screen
 * readers and text extraction, when the profile names a locale.
 */
static bool set_lang(struct pdf_ctx *c, const struct cv_doc *doc)
{
	const struct cv_locale *loc = doc->layout->locale;
	HPDF_String lang;
	if (!loc || !loc->language)
		return true;
	lang = HPDF_String_New(c->pdf->mmgr, loc->language, NULL);
	return got(c, lang, "writing the document language") &&
	       ok(c, HPDF_Dict_Add(c->pdf->catalog, "Lang", lang), "writing the document language");
}

/* Record every code point before any face is subset. */
static void use_all_text(struct cv_fonts *fonts, const struct cv_ts_doc *ts)
{
	for (size_t i = 0; i < ts->npages; i++)
		for (size_t j = 0; j < ts->pages[i].ntexts; j++) {
			const struct cv_ts_text *t = &ts->pages[i].texts[j];
			if (t->family < 0) /* icons and level marks are drawn */
				continue;
			cv_fonts_use_tracked(fonts, t->family, t->face, whole_tracking(t), t->text,
			                     t->len, t->pos.file ? &t->pos : NULL);
		}
}

static bool draw_doc(struct pdf_ctx *c, const struct cv_ts_doc *ts)
{
	HPDF_Encoder utf8 = HPDF_GetEncoder(c->pdf, "UTF-8");
	if (!got(c, utf8, "loading the UTF-8 encoder"))
		return false;
	c->page_w = ts->width;
	c->page_h = ts->height;
	size_t npages = ts->npages ? ts->npages : 1;
	for (size_t i = 0; i < npages; i++) {
		HPDF_Page page = HPDF_AddPage(c->pdf);
		if (!got(c, page, "adding a page") ||
		    !ok(c, HPDF_Page_SetWidth(page, (HPDF_REAL)ts->width), "sizing a page") ||
		    !ok(c, HPDF_Page_SetHeight(page, (HPDF_REAL)ts->height), "sizing a page"))
			return false;
		if (!ts->npages)
			break;
		const struct cv_ts_page *p = &ts->pages[i];
		if (!draw_rules(c, page, p) || !draw_images(c, page, p) ||
		    !draw_icons(c, page, p) || !draw_texts(c, page, p) || !add_links(c, page, p) ||
		    !add_marks(c, page, p, utf8))
			return false;
	}
	return true;
}

/* Append the saved file to out. */
static bool save(struct pdf_ctx *c, struct cv_buf *out)
{
	if (!ok(c, HPDF_SaveToStream(c->pdf), "saving the PDF"))
		return false;
	HPDF_UINT32 size = HPDF_GetStreamSize(c->pdf);
	if (!got(c, size ? c : NULL, "saving the PDF"))
		return false;
	HPDF_BYTE *bytes = x_malloc(size);
	HPDF_UINT32 n = size;
	bool good = ok(c, HPDF_ReadFromStream(c->pdf, bytes, &n), "saving the PDF") &&
	            got(c, n == size ? c : NULL, "saving the PDF");
	if (good)
		cv_buf_put(out, bytes, n);
	x_free(bytes);
	return good;
}

bool cv_pdf_render(const struct cv_doc *doc, const struct cv_render_opts *opts, struct cv_buf *out)
{
	bool done = false;
	struct cv_arena *arena = cv_arena_new();
	struct pdf_ctx c = {0};
	c.arena = arena;
	c.icons = cv_icons_new(arena);
	c.fonts = cv_fonts_open(doc->layout);
	if (!c.fonts)
		goto cleanup;
	if (!names_whole(c.fonts, doc, doc->root))
		goto cleanup;
	struct cv_metrics m = {c.fonts, cv_fonts_width, cv_fonts_ascent, cv_fonts_descent};
	const struct cv_ts_doc *ts = cv_typeset(arena, doc, &m);
	if (!ts)
		goto cleanup;
	use_all_text(c.fonts, ts);

	c.pdf = HPDF_New(on_error, &c.err);
	if (!c.pdf) {
		cv_msg(CV_SYSTEM, NULL, "pdf-library", "the PDF library could not start");
		goto cleanup;
	}
	/* Photo soft masks (transparency) are PDF 1.4; libharu would say 1.3. */
	c.pdf->pdf_version = HPDF_VER_14;
	if (!ok(&c, HPDF_SetCompressionMode(c.pdf, HPDF_COMP_ALL), "setting compression") ||
	    !ok(&c, HPDF_UseUTFEncodings(c.pdf), "enabling UTF-8") ||
	    !ok(&c, HPDF_SetCurrentEncoder(c.pdf, "UTF-8"), "enabling UTF-8") ||
	    !set_info(&c, doc, opts) || !set_lang(&c, doc) || !draw_doc(&c, ts) || !save(&c, out))
		goto cleanup;
	done = true;
	if (opts->pages)
		*opts->pages = ts->npages ? ts->npages : 1;
cleanup:
	if (c.pdf)
		HPDF_Free(c.pdf);
	cv_fonts_free(c.fonts);
	cv_icons_free(c.icons);
	x_free(c.photos);
	x_free(c.cps);
	x_free(c.kerns);
	cv_buf_free(&c.ops);
	cv_arena_free(arena);
	return done;
}
