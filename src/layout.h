/*
 * The typed layout: page geometry, fonts, styles per text role, spacing,
 * header and section looks, date words and the entry templates.  Loaded
 * from layouts/NAME.yaml (after `extends:` merging and the profile's own
 * overrides) by src/load/layout.c; read-only afterwards.  All lengths are
 * points; the YAML may write them as 10pt, 3.5mm, 1cm, 0.5in or a bare
 * number of points.
 */
#ifndef CV_LAYOUT_H
#define CV_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "node.h"
#include "schema.h"
#include "template.h"

/* Limits of layout values (docs/layouts.md, "Values"). */
#define CV_LAYOUT_MAX_PT 14400.0      /* page sides and margins: 200 in, PDF's largest page */
#define CV_LAYOUT_STRETCH 0.25        /* spacing.stretch by default */
#define CV_LAYOUT_SHRINK 0.4          /* spacing.shrink by default */
#define CV_LAYOUT_MAX_SPACE_PT 2000.0 /* other lengths: TeX adds a few of them up to 16383pt */
#define CV_LAYOUT_MAX_SIZE_PT 400.0   /* a type size */
#define CV_LAYOUT_STRING_BYTES 1024   /* any string: words, formats, templates, names */
#define CV_LAYOUT_PATH_BYTES 4096     /* a font file name */
#define CV_LAYOUT_BULLET_CHARS 8      /* the bullet mark */
#define CV_LAYOUT_HYPHEN_LEFT_MIN 2   /* hyphenation.left-min default */
#define CV_LAYOUT_HYPHEN_RIGHT_MIN 3  /* hyphenation.right-min default */
#define CV_LAYOUT_HYPHEN_MAX_MIN 10   /* largest left-min / right-min */
#define CV_LAYOUT_FINAL_HYPHEN_DEMERITS 100000.0 /* hyphenation.final-demerits default */
#define CV_LAYOUT_MAX_DEMERITS 1000000.0         /* largest final-demerits */

/* Text roles: every text block of the document has one; the layout styles each. */
enum cv_role {
	CV_ROLE_BODY,           /* "body": paragraphs, default */
	CV_ROLE_NAME,           /* "name": the person's name in the header */
	CV_ROLE_HEADLINE,       /* "headline" */
	CV_ROLE_CONTACT,        /* "contact": the contact line */
	CV_ROLE_SECTION_TITLE,  /* "section.title" */
	CV_ROLE_ENTRY_TITLE,    /* "entry.title": first row, left */
	CV_ROLE_ENTRY_SUBTITLE, /* "entry.subtitle": later rows, left */
	CV_ROLE_ENTRY_DATE,     /* "entry.date": right cells */
	CV_ROLE_ENTRY_DETAIL,   /* "entry.detail": authors line, small print */
	CV_ROLE_BULLET,         /* "bullet": list items */
	CV_ROLE_FOOTER,         /* "footer": page numbers */
	CV_ROLE__COUNT
};
const char *cv_role_name(enum cv_role role);
bool cv_role_by_name(const char *name, enum cv_role *out);

enum cv_align { CV_ALIGN_LEFT, CV_ALIGN_CENTER, CV_ALIGN_RIGHT, CV_ALIGN_JUSTIFY };
enum cv_case { CV_CASE_ASIS, CV_CASE_UPPER, CV_CASE_LOWER };
enum cv_face { CV_FACE_REGULAR = 0, CV_FACE_BOLD = 1, CV_FACE_ITALIC = 2, CV_FACE_BOLD_ITALIC = 3 };

struct cv_color {
	double r, g, b; /* 0..1 */
};

struct cv_font_family {
	const char *name;    /* the key under fonts: ("serif", "sans") */
	const char *file[4]; /* resolved TrueType paths, indexed by enum cv_face */
	struct cv_pos pos[4];
	const char *tex_package; /* pdflatex stand-in package ("tgpagella", "lmodern"...) or NULL */
};

struct cv_style {
	int family;     /* index into cv_layout.families */
	double size;    /* [pt] */
	double leading; /* [pt] baseline to baseline */
	bool bold, italic;
	struct cv_color color;
	enum cv_case text_case;
	double tracking; /* [1/1000 em] extra space between letters */
	enum cv_align align;
	bool hyphenate;
	struct cv_color
	    link_color; /* of links in the roles that colour links (colors.link unless set) */
};

struct cv_page_layout {
	double width, height;                                        /* [pt] */
	double margin_top, margin_right, margin_bottom, margin_left; /* [pt] */
};

/* The vertical gaps of spacing: (everything but list-indent), in the order of the keys. */
enum cv_gap {
	CV_GAP_HEADER_AFTER,
	CV_GAP_SECTION_BEFORE,
	CV_GAP_SECTION_AFTER,
	CV_GAP_ENTRY,
	CV_GAP_ROW,
	CV_GAP_PARAGRAPH,
	CV_GAP_ITEM,
	CV_GAP__COUNT
};

struct cv_spacing {
	double header_after;   /* [pt] below the header */
	double section_before; /* [pt] above a section title */
	double section_after;  /* [pt] between a section title (and rule) and its first entry */
	double entry_gap;      /* [pt] between entries */
	double row_gap;        /* [pt] extra between rows of one entry */
	double paragraph_gap;  /* [pt] before a paragraph or list inside an entry */
	double list_indent;    /* [pt] left edge of bullet text (hanging indent) */
	double item_gap;       /* [pt] between list items */
	/* Glue: how much a gap may grow or shrink when the page breaker fits pages */
	double stretch, shrink; /* share (0..1) of every gap (spacing.stretch, spacing.shrink) */
	double plus[CV_GAP__COUNT];  /* [pt] a gap's own stretch ("6pt plus 2pt"); < 0: the share */
	double minus[CV_GAP__COUNT]; /* [pt] a gap's own shrink ("6pt minus 1pt"); < 0: the share */
};

enum cv_rule_pos { CV_RULE_NONE, CV_RULE_BELOW, CV_RULE_FILL, CV_RULE_GUTTER };
enum cv_photo_shape { CV_PHOTO_SQUARE, CV_PHOTO_CIRCLE, CV_PHOTO_ROUNDED };

struct cv_header_layout {
	enum cv_align align;   /* left or center */
	const char *separator; /* between contact items, e.g. "  ·  " */
	bool contact_lines;    /* each contact item on a line of its own (no separator) */
	bool icons;            /* an icon before each contact item and link */
	bool icon_color_set;   /* icons in icon_color, else in their text's colour */
	struct cv_color icon_color;
	const char *const
	    *contact; /* contact items in order: email, phone, website, location, links */
	size_t ncontact;
	bool photo;        /* show the profile's photo if it has one */
	double photo_size; /* [pt] */
	enum cv_photo_shape photo_shape;
	enum cv_align photo_side; /* left or right */
};

struct cv_section_layout {
	enum cv_rule_pos rule;
	double rule_width; /* [pt] */
	double rule_gap;   /* [pt] between title baseline area and rule */
	struct cv_color rule_color;
};

struct cv_locale;

struct cv_date_layout {
	const char *year_format;  /* "%Y" */
	const char *month_format; /* "%b %Y"; tokens %Y %m %-m %d %-d %b %B %% */
	const char *day_format;   /* NULL: a full date prints with month_format */
	const char *range_sep;    /* " – " */
	const char *present;      /* "present" */
	const char *month_names[12];
	const char *month_abbr[12];
};

struct cv_publication_layout {
	unsigned owner_flags;   /* cv_run_flag bits for the owner's name (bold/underline) */
	const char *equal_mark; /* "*" appended (superscript) to equal-contribution authors */
	const char *corresponding_mark; /* "†" */
	const char *author_sep;         /* ", " */
	const char *author_last_sep;    /* ", " or " and " before the last author */
	const char *link_format;        /* "[%s]": %s is the label */
	const char *link_sep;           /* " " */
};

/* One cell of an entry row: parts expanded and joined by sep (empty parts dropped). */
struct cv_tmpl_cell {
	const struct cv_tmpl *const *parts;
	size_t nparts;
	const char *sep;
	enum cv_role role;
	bool chips; /* each field value (each item of a list) set as a tag chip */
};

/* Tag chips: text on a band with round ends. */
struct cv_chip_layout {
	struct cv_color background;
	bool color_set; /* the text in color, else in its style's colour */
	struct cv_color color;
};

struct cv_tmpl_row {
	struct cv_tmpl_cell left;
	struct cv_tmpl_cell right; /* nparts == 0: no right cell */
};

struct cv_template {
	const struct cv_tmpl_row *rows;
	size_t nrows;
	/* Fields shown under the rows, in order: TEXT -> paragraph, LIST -> bullet list. */
	const char *const *body;
	size_t nbody;
};

/*
 * A template for the entries of sections with one title ("Volunteering"
 * set unlike "Experience"): templates.TITLE with a kind: key.  Used for
 * entries of that kind in a section of that title (case ignored).
 */
struct cv_title_template {
	const char *title;
	enum cv_kind kind;
	struct cv_template t;
};

/* Inline `code`: its own family (e.g. a monospace one), scaled to sit with the text. */
struct cv_code_layout {
	int family;   /* index into cv_layout.families; -1: the surrounding style's */
	double scale; /* of the surrounding style's size: 0.9 */
};

/* Hyphenation rules of the whole document (which roles hyphenate is each style's choice). */
struct cv_hyphenation_layout {
	int left_min;          /* fewest letters before a hyphen: 2 (TeX's \lefthyphenmin) */
	int right_min;         /* fewest letters after it, on the next line: 3 (\righthyphenmin) */
	bool capitalized;      /* also hyphenate words that begin with a capital: false (\uchyph) */
	double final_demerits; /* added when a line before a paragraph's last line (or before
	                          a hard break) ends in a hyphen: 100000 (\finalhyphendemerits) */
};

struct cv_footer_layout {
	const char *page_format; /* "%p / %n"; empty string = no page numbers */
};

struct cv_layout;

/* Where the header (name, headline, contact, photo) goes. */
enum cv_header_place {
	CV_HEADER_TOP,  /* across the page above the regions (and the only place without a sidebar)
	                 */
	CV_HEADER_MAIN, /* at the top of the main column */
	CV_HEADER_SIDEBAR, /* at the top of the sidebar */
};

/* A coloured band across the top of the first page, behind a header placed at the top. */
struct cv_banner_layout {
	bool show;
	struct cv_color color;
	double padding; /* [pt] between the band's bottom edge and the header's last line */
};

/*
 * A second column beside the main one: a sidebar (narrow, own styles, maybe
 * a coloured band) or, at half the width, the second of two columns.
 * Sections go to it by kind or by title (sidebar.sections), or all that are
 * not listed elsewhere when sections.region says so.
 */
struct cv_sidebar_layout {
	bool show;
	enum cv_align side;    /* left or right */
	double width;          /* [pt] of its text */
	double gap;            /* [pt] between its text and the main column's */
	bool background;       /* a band of colour the full height of the page behind it */
	struct cv_color color; /* of the band */
	double padding; /* [pt] band beyond the text on the gap side (the page edge side bleeds) */
	bool all_pages; /* false: only on the first page; later pages give the main column all the
	                   width */
	const char *const *sections; /* kinds or titles */
	size_t nsections;
	/* the look of text in the sidebar: the main styles with sidebar.styles applied */
	struct cv_style styles[CV_ROLE__COUNT];
	/* the whole layout as the sidebar's text sees it: a copy with these styles */
	const struct cv_layout *look;
};

/* Which sections show, in which order, and where those not assigned go. */
struct cv_sections_layout {
	const char *const
	    *order; /* kinds or titles first, in this order; the rest keep the profile's order */
	size_t norder;
	const char *const *hide; /* kinds or titles not shown */
	size_t nhide;
	const char *const *main; /* kinds or titles that go to the main column (with a sidebar) */
	size_t nmain;
	bool default_sidebar; /* sections listed in neither sidebar.sections nor main go to the
	                         sidebar */
};

/*
 * A date column: right cells of entry rows go to a gutter of fixed width at
 * the left of the column, right-aligned, with the rest of the entry beside
 * it (the look of moderncv's classic style).
 */
struct cv_gutter_layout {
	bool show;
	double width; /* [pt] */
	double gap;   /* [pt] between the gutter and the entry text */
};

struct cv_layout {
	const char *name;
	const char *description;
	const char *path; /* the file it came from */
	/* that file and every file of its extends: chain, outermost first (files[0] == path) */
	const char *const *files;
	size_t nfiles;
	struct cv_page_layout page;
	const struct cv_font_family *families;
	size_t nfamilies;
	struct cv_style styles[CV_ROLE__COUNT];
	struct cv_color accent;
	struct cv_color link_color;
	struct cv_spacing spacing;
	struct cv_header_layout header;
	enum cv_header_place header_place;
	struct cv_banner_layout banner;
	struct cv_sidebar_layout sidebar;
	struct cv_sections_layout sections;
	struct cv_gutter_layout gutter;
	struct cv_section_layout section;
	struct cv_date_layout dates;
	struct cv_publication_layout publication;
	struct cv_template templates[CV_KIND__COUNT];
	const struct cv_title_template *title_templates; /* checked before templates[] */
	size_t ntitle_templates;
	const char *bullet;       /* bullet glyph, "•" */
	const char *list_sep;     /* joins a list field placed in a template: ", " */
	const char *grade_label;  /* before a numeric grade: "GPA" ("3.9/4.0"); "" none */
	const char *title_format; /* PDF title: "%n — Curriculum Vitae" (%n = name) */
	struct cv_footer_layout footer;
	struct cv_code_layout code;
	struct cv_chip_layout chip;
	struct cv_hyphenation_layout hyphenation;
	/* the profile's locale (src/locale.h), NULL for English: the date words
	 * under the layout's, the hyphenation language, the document language */
	const struct cv_locale *locale;
};

/*
 * Load a layout.  name_or_path is a layout name (found through the search
 * path, see paths.h) or a path to a .yaml file; NULL means the profile's
 * `layout:` choice or else "classic".  profile_layout is the profile's
 * `layout:` node (or NULL): a name, or a mapping of overrides applied on top.
 * Fonts are resolved to existing files.  Reports every problem; NULL on error.
 */
struct cv_layout *cv_layout_load(struct cv_arena *a, const char *name_or_path,
                                 const struct cv_node *profile_layout);
/*
 * The same for a profile written in locale (NULL: English): the locale's
 * dates and hyphenation.capitalized come first, the layout's keys and then
 * the profile's layout overrides win over them key by key.
 */
struct cv_layout *cv_layout_load_locale(struct cv_arena *a, const char *name_or_path,
                                        const struct cv_node *profile_layout,
                                        const struct cv_locale *locale);

/* The built-in date formats and words (English). */
void cv_layout_default_dates(struct cv_date_layout *d);
/*
 * Type a `dates:` mapping n (a layout's keys, docs/layouts.md) over *d,
 * reporting every problem at its node.  False after reporting.
 */
bool cv_layout_type_dates(struct cv_arena *a, const struct cv_node *n, struct cv_date_layout *d);

/* Description line of a layout file (for `folio layouts`), or NULL if unreadable. */
const char *cv_layout_describe(struct cv_arena *a, const char *path);

/* What a layout key holds (docs/layouts.md, "Values"). */
enum cv_layout_value {
	CV_LV_MAP,      /* a mapping of the keys listed below it */
	CV_LV_STRING,   /* text that appears in the CV or its metadata */
	CV_LV_FORMAT,   /* text with % tokens */
	CV_LV_TEMPLATE, /* a template: "{field}" text, or a list of them */
	CV_LV_LENGTH,
	CV_LV_GLUE,    /* a length with optional "plus LENGTH" and "minus LENGTH" */
	CV_LV_PERCENT, /* "20%" */
	CV_LV_NUMBER,
	CV_LV_BOOL,
	CV_LV_CHOICE, /* one of a few words */
	CV_LV_COLOR,
	CV_LV_FILE, /* a font file */
	CV_LV_NAME, /* the name of a layout, family, role or package */
	CV_LV_LIST, /* a list of words or strings */
	CV_LV_ANY   /* one of several forms (page.size, page.margins, a template cell) */
};

/* One key a layout may hold. */
struct cv_layout_key {
	/*
	 * Dotted path: "page.margins.top".  "*" stands for a name the layout
	 * chooses or picks from a set (a font family, a role, an entry kind),
	 * "[]" for every item of a list ("templates.*.rows[].left").
	 */
	const char *path;
	enum cv_layout_value type;
	const char *doc; /* one line: what it says (JSON Schema descriptions, docs) */
	/*
	 * The fixed words of the key, NULL-terminated, or NULL: a CHOICE's
	 * words (the loader's index order: it maps them to enums), a FORMAT's
	 * % tokens, the words a LIST's items take, the names a MAP's "*" or a
	 * NAME may take (roles), page.size's paper names.  Matched ignoring
	 * ASCII case, as the loader does.
	 */
	const char *const *words;
};

/* A pdflatex stand-in a font family may name (`fonts.FAMILY.tex`). */
struct cv_tex_standin {
	const char *package; /* as written in the layout: "charter" */
	const char *nfss;    /* the NFSS family it provides: "bch" */
};
/* The stand-ins folio knows (the only values `tex:` takes); *count gets the size. */
const struct cv_tex_standin *cv_layout_tex_standins(size_t *count);

/*
 * Every key a layout may hold, parents before children (the table the
 * loader checks keys against; tests enumerate it).  *count gets the size.
 */
const struct cv_layout_key *cv_layout_keys(size_t *count);
/* The key of that exact path ("styles.*.align"), or NULL. */
const struct cv_layout_key *cv_layout_key(const char *path);
/* The words of the key at path (see cv_layout_key.words); *count gets their number. */
const char *const *cv_layout_words(const char *path, size_t *count);

/* The colour names a layout may write ("navy"), with their RGB (0xRRGGBB). */
struct cv_named_color {
	const char *name;
	unsigned rgb;
};
const struct cv_named_color *cv_layout_named_colors(size_t *count);
/* The words a BOOL key takes for value (any case), NULL-terminated: "true", "yes", "on". */
const char *const *cv_layout_bool_words(bool value);
/* The words that name another colour of the layout: "accent", "link", "text" (NULL-terminated). */
const char *const *cv_layout_color_refs(void);

#endif
