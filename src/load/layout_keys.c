/*
 * The layout key table: every key a layout file (or a profile's `layout:`
 * overrides) may hold, with the kind of value it takes, a line of doc and
 * its fixed words; the role names and colour names.  The loader checks keys
 * and words against it (src/load/layout.c), `folio schema layout` prints it
 * as a JSON Schema (src/jsonschema.c); docs/layouts.md describes each.
 */
#include "../layout.h"

#include <string.h>

#include "../util.h"

#define K(path, type, doc)                                                                         \
	{                                                                                          \
		path, CV_LV_##type, doc, NULL                                                      \
	}
/* A key with fixed words (see struct cv_layout_key). */
#define KW(path, type, words, doc)                                                                 \
	{                                                                                          \
		path, CV_LV_##type, doc, words                                                     \
	}

/*
 * The roles, in enum cv_role order: the names of styles.* and
 * sidebar.styles.*, and the values of a row's or cell's style.
 */
static const char *const role_names[CV_ROLE__COUNT + 1] = {
    "body",           "name",       "headline",     "contact", "section.title", "entry.title",
    "entry.subtitle", "entry.date", "entry.detail", "bullet",  "footer",        NULL,
};

/* The words of the CHOICE keys, in the order of the enums the loader maps them to. */
static const char *const align_words[] = {"left", "center", "right", "justify", NULL};
static const char *const header_align_words[] = {"left", "center", "right", NULL};
static const char *const side_words[] = {"left", "right", NULL};
static const char *const case_words[] = {"as-is", "upper", "lower", NULL};
static const char *const paper_words[] = {"A4", "A5", "A3", "letter", "legal", NULL};
static const char *const contact_words[] = {"email", "phone", "website", "location", "links", NULL};
static const char *const shape_words[] = {"square", "circle", "rounded", NULL};
static const char *const place_words[] = {"top", "main", "sidebar", NULL};
static const char *const pages_words[] = {"first", "all", NULL};
static const char *const region_words[] = {"main", "sidebar", NULL};
static const char *const rule_words[] = {"none", "below", "fill", "gutter", NULL};
static const char *const owner_words[] = {"none", "bold", "underline", "bold-underline", NULL};
/* The % tokens of the FORMAT keys ("%%" is always allowed). */
static const char *const date_tokens[] = {"%Y", "%m", "%-m", "%d", "%-d", "%b", "%B", NULL};
static const char *const name_tokens[] = {"%n", NULL};
static const char *const page_tokens[] = {"%p", "%n", NULL};
static const char *const label_tokens[] = {"%s", NULL};

/* A template cell: a string, a list, or {parts, sep, style, chips}. */
#define CELL(side, doc)                                                                            \
	K("templates.*.rows[]." side, ANY, doc),                                                   \
	    K("templates.*.rows[]." side ".parts", TEMPLATE,                                       \
	      "template strings, joined by sep; parts that come out empty are dropped"),           \
	    K("templates.*.rows[]." side ".sep", STRING,                                           \
	      "joins the parts (default: list-separator)"),                                        \
	    KW("templates.*.rows[]." side ".style", NAME, role_names, "the cell's role"),          \
	    K("templates.*.rows[]." side ".chips", BOOL,                                           \
	      "every field the cell shows is a tag chip (each item of a list its own)")

/* The keys of one style, under styles.* or sidebar.styles.* */
#define STYLE(at)                                                                                  \
	K(at, MAP, "the look of one role's text; keys it does not set come from body"),            \
	    K(at ".font", NAME, "a font family defined under fonts"),                               \
	    K(at ".size", LENGTH, "type size, 1pt to 400pt"),                                       \
	    K(at ".leading", LENGTH, "baseline to baseline (scales with size when not set)"),       \
	    K(at ".bold", BOOL, "bold face"), K(at ".italic", BOOL, "italic face"),                 \
	    K(at ".color", COLOR, "text colour (may say accent, link, text, with a tint)"),         \
	    KW(at ".case", CHOICE, case_words, "letter case"),                                      \
	    K(at ".tracking", NUMBER, "extra letter spacing in 1/1000 em, -200 to 1000"),           \
	    KW(at ".align", CHOICE, align_words, "paragraph alignment"),                            \
	    K(at ".hyphenate", BOOL, "break words at hyphenation points"),                          \
	    K(at ".link-color", COLOR, "colour of links in this role's text")

static const struct cv_layout_key keys[] = {
    K("name", STRING, "the layout's name; not inherited through extends"),
    K("description", STRING, "one line for `folio layouts`"),
    K("extends", NAME, "the base layout: a name or a path to a .yaml file"),
    K("page", MAP, "paper size and margins"),
    KW("page.size", ANY, paper_words, "a paper name, or [width, height] (lengths, 1in to 200in)"),
    K("page.margins", ANY, "one length for all sides, or {top, right, bottom, left}"),
    K("page.margins.top", LENGTH, "top margin"),
    K("page.margins.right", LENGTH, "right margin"),
    K("page.margins.bottom", LENGTH, "bottom margin"),
    K("page.margins.left", LENGTH, "left margin"),
    K("fonts", MAP, "font families by a name of the layout's choice (serif, sans, mono ...)"),
    K("fonts.*", MAP, "one family's TrueType files"),
    K("fonts.*.regular", FILE, "the regular face (required): a .ttf file"),
    K("fonts.*.bold", FILE, "the bold face"),
    K("fonts.*.italic", FILE, "the italic face"),
    K("fonts.*.bold-italic", FILE, "the bold italic face"),
    K("fonts.*.tex", CHOICE, "the TeX Live package that stands in for the family under pdflatex"),
    K("colors", MAP, "the layout's colours"),
    K("colors.accent", COLOR, "the accent: rules, titles, bands, icons, tints"),
    K("colors.link", COLOR, "colour of links in running text (default: the accent)"),
    K("colors.text", COLOR, "colour of body text (default: black)"),
    KW("styles", MAP, role_names, "the look of each role (kind of text)"),
    STYLE("styles.*"),
    K("spacing", MAP, "vertical spacing: glue (a length, or '6pt plus 2pt minus 1pt')"),
    K("spacing.header-after", GLUE, "below the header"),
    K("spacing.section-before", GLUE, "above a section title"),
    K("spacing.section-after", GLUE, "between a section title (and rule) and its first entry"),
    K("spacing.entry-gap", GLUE, "between entries"),
    K("spacing.row-gap", GLUE, "extra space between rows of one entry"),
    K("spacing.paragraph-gap", GLUE, "before a paragraph or list inside an entry"),
    K("spacing.list-indent", LENGTH, "left edge of bullet text (the bullet hangs in the indent)"),
    K("spacing.item-gap", GLUE, "between list items"),
    K("spacing.stretch", PERCENT, "how far every gap may stretch, as a share of it (0% to 100%)"),
    K("spacing.shrink", PERCENT, "how far every gap may shrink, as a share of it (0% to 100%)"),
    K("header", MAP, "the name, headline, contact line and photo"),
    KW("header.align", CHOICE, header_align_words, "alignment of the header text"),
    K("header.separator", STRING, "between contact items"),
    KW("header.contact", LIST, contact_words, "the contact items, in order"),
    K("header.photo", MAP, "the profile's photo"),
    K("header.photo.show", BOOL, "show the photo when the profile has one"),
    K("header.photo.size", LENGTH, "side of the photo's square"),
    KW("header.photo.shape", CHOICE, shape_words, "the photo's outline"),
    KW("header.photo.side", CHOICE, side_words, "which side of the header text"),
    KW("header.place", CHOICE, place_words,
       "across the page (top), or at the top of the main column or the sidebar"),
    K("header.contact-lines", BOOL, "each contact item on a line of its own"),
    K("header.icons", BOOL, "an icon before each contact item and link"),
    K("header.icon-color", COLOR, "colour of the icons (default: their text's)"),
    K("header.banner", MAP, "a band of colour across the top of the first page, behind the header"),
    K("header.banner.color", COLOR, "the band's colour (default: the accent)"),
    K("header.banner.padding", LENGTH, "between the band's edges and the header"),
    K("sidebar", MAP, "a second column beside the main one"),
    KW("sidebar.side", CHOICE, side_words, "which side of the page"),
    K("sidebar.width", LENGTH, "width of the sidebar's text, at least 0.5in"),
    K("sidebar.gap", LENGTH, "between the sidebar's text and the main column's"),
    K("sidebar.background", COLOR, "a band of colour the full height of the page behind it"),
    K("sidebar.padding", LENGTH, "the band beyond the text on the gap side"),
    KW("sidebar.pages", CHOICE, pages_words, "on every page, or on the first only"),
    K("sidebar.sections", LIST, "section kinds or titles that go to the sidebar"),
    KW("sidebar.styles", MAP, role_names, "styles of the text in the sidebar, over the main ones"),
    STYLE("sidebar.styles.*"),
    K("sections", MAP, "which sections show, in which order and column"),
    K("sections.order", LIST, "section kinds or titles first, in this order"),
    K("sections.hide", LIST, "section kinds or titles not shown"),
    K("sections.main", LIST, "with a sidebar: section kinds or titles kept in the main column"),
    KW("sections.region", CHOICE, region_words,
       "with a sidebar: where the sections listed nowhere go"),
    K("gutter", MAP, "a date column at the left of the entries"),
    K("gutter.width", LENGTH, "width of the date column"),
    K("gutter.gap", LENGTH, "between the date column and the entry text"),
    K("section", MAP, "the look of section titles"),
    KW("section.rule", CHOICE, rule_words, "where the rule of a section title goes"),
    K("section.rule-width", LENGTH, "thickness of the rule"),
    K("section.rule-gap", LENGTH, "between the title and the rule"),
    K("section.rule-color", COLOR, "colour of the rule (default: the accent)"),
    K("dates", MAP, "how dates print"),
    KW("dates.year", FORMAT, date_tokens, "a date with only a year"),
    KW("dates.month", FORMAT, date_tokens, "a date with year and month"),
    KW("dates.day", FORMAT, date_tokens, "a full date"),
    K("dates.range-separator", STRING, "between the two dates of a range"),
    K("dates.present", STRING, "the word for an open end"),
    K("dates.month-names", LIST, "12 month names, January to December"),
    K("dates.month-abbreviations", LIST, "12 abbreviated month names, Jan to Dec"),
    K("publication", MAP, "author lists and links of publications"),
    KW("publication.owner", CHOICE, owner_words, "how the CV owner's name is marked"),
    K("publication.equal-mark", STRING, "appended to equal-contribution authors"),
    K("publication.corresponding-mark", STRING, "appended to corresponding authors"),
    K("publication.author-separator", STRING, "between authors"),
    K("publication.author-last-separator", STRING, "before the last author"),
    KW("publication.link-format", FORMAT, label_tokens, "one link; %s is its label"),
    K("publication.link-separator", STRING, "between links"),
    K("templates", MAP,
      "a template per entry kind, or per section title (with kind:)"),
    K("templates.*", MAP, "rows and body of the entries of one kind or section title"),
    K("templates.*.rows", LIST, "the rows of an entry, each with a left and a right cell"),
    K("templates.*.rows[]", MAP, "one row"),
    CELL("left", "the left cell: a template string, a list of them, or {parts, sep, style, chips}"),
    CELL("right", "the right cell, set flush right"),
    KW("templates.*.rows[].style", NAME, role_names, "role of the left cell"),
    KW("templates.*.rows[].right-style", NAME, role_names, "role of the right cell"),
    K("templates.*.body", LIST, "text and list fields shown under the rows, in order"),
    K("templates.*.kind", NAME, "the entry kind of a section title's template"),
    K("bullet", STRING, "the mark before list items, at most 8 characters"),
    K("list-separator", STRING, "joins a list field placed in a template"),
    K("grade-label", STRING, "printed before a grade that is a bare number (\"GPA 3.9/4.0\")"),
    KW("title", FORMAT, name_tokens, "the PDF title; %n is the person's name"),
    K("footer", MAP, "the page footer"),
    KW("footer.page-format", FORMAT, page_tokens,
       "page numbers: %p this page, %n the count; empty for none"),
    K("code", MAP, "inline `code`"),
    K("code.font", NAME, "the font family code is set in"),
    K("code.scale", NUMBER, "code's size as a fraction of the text around it, 0.5 to 2"),
    K("chip", MAP, "tag chips"),
    K("chip.background", COLOR, "the chip's band (default: the accent at 15%)"),
    K("chip.color", COLOR, "the chip's text (default: its style's colour)"),
    K("hyphenation", MAP, "how words break, for the roles that hyphenate"),
    K("hyphenation.left-min", NUMBER, "fewest letters before a hyphen, 1 to 10"),
    K("hyphenation.right-min", NUMBER, "fewest letters carried to the next line, 1 to 10"),
    K("hyphenation.capitalized", BOOL, "also hyphenate words that begin with a capital"),
    K("hyphenation.final-demerits", NUMBER,
      "cost of a hyphen ending a paragraph's next-to-last line, 0 to 1000000"),
};

static const struct cv_named_color named_colors[] = {
    {"black", 0x000000},     {"white", 0xffffff},     {"gray", 0x808080},
    {"grey", 0x808080},      {"darkgray", 0x404040},  {"darkgrey", 0x404040},
    {"lightgray", 0xc0c0c0}, {"lightgrey", 0xc0c0c0}, {"red", 0xcc0000},
    {"darkred", 0x8b0000},   {"maroon", 0x800000},    {"orange", 0xe67e22},
    {"brown", 0x8b4513},     {"green", 0x2e7d32},     {"darkgreen", 0x1b5e20},
    {"teal", 0x00766c},      {"blue", 0x1f5fbf},      {"darkblue", 0x00008b},
    {"navy", 0x1f3a5f},      {"purple", 0x6a1b9a},
};

static const char *const color_refs[] = {"accent", "link", "text", NULL};
static const char *const true_words[] = {"true", "yes", "on", NULL};
static const char *const false_words[] = {"false", "no", "off", NULL};

const char *cv_role_name(enum cv_role role)
{
	return (unsigned)role < CV_ROLE__COUNT ? role_names[role] : "body";
}

bool cv_role_by_name(const char *name, enum cv_role *out)
{
	size_t i;
	for (i = 0; name && i < CV_ROLE__COUNT; i++)
		if (strcmp(name, role_names[i]) == 0) {
			*out = (enum cv_role)i;
			return true;
		}
	return false;
}

const struct cv_named_color *cv_layout_named_colors(size_t *count)
{
	*count = CV_COUNT(named_colors);
	return named_colors;
}

const char *const *cv_layout_bool_words(bool value)
{
	return value ? true_words : false_words;
}

const char *const *cv_layout_color_refs(void)
{
	return color_refs;
}

/*
 * Font packages of TeX Live that pdflatex can use in place of a layout's
 * TrueType files: the package name and the NFSS family it loads.  Only
 * these: a layout must not make LaTeX load arbitrary packages.
 */
static const struct cv_tex_standin standins[] = {
    {"charter", "bch"},   {"helvet", "phv"},     {"times", "ptm"},    {"mathptmx", "ptm"},
    {"palatino", "ppl"},  {"mathpazo", "ppl"},   {"avant", "pag"},    {"bookman", "pbk"},
    {"courier", "pcr"},   {"newcent", "pnc"},    {"utopia", "put"},   {"lmodern", "lmr"},
    {"tgpagella", "qpl"}, {"tgtermes", "qtm"},   {"tgheros", "qhv"},  {"tgschola", "qcs"},
    {"tgbonum", "qbk"},   {"tgadventor", "qag"}, {"tgcursor", "qcr"}, {"lmss", "lmss"},
};

const struct cv_tex_standin *cv_layout_tex_standins(size_t *count)
{
	*count = CV_COUNT(standins);
	return standins;
}

const struct cv_layout_key *cv_layout_keys(size_t *count)
{
	*count = CV_COUNT(keys);
	return keys;
}

const struct cv_layout_key *cv_layout_key(const char *path)
{
	size_t i;
	for (i = 0; i < CV_COUNT(keys); i++)
		if (strcmp(keys[i].path, path) == 0)
			return &keys[i];
	return NULL;
}

const char *const *cv_layout_words(const char *path, size_t *count)
{
	const struct cv_layout_key *k = cv_layout_key(path);
	const char *const *w = k ? k->words : NULL;
	for (*count = 0; w && w[*count]; (*count)++)
		;
	return w;
}
