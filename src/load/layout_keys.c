/*
 * The layout key table: every key a layout file (or a profile's `layout:`
 * overrides) may hold, with the kind of value it takes.  The loader checks
 * keys against it (src/load/layout.c); docs/layouts.md describes each.
 */
#include "../layout.h"

#include "../util.h"

#define K(path, type)                                                                              \
	{                                                                                          \
		path, CV_LV_##type                                                                 \
	}

/* A template cell: a string, a list, or {parts, sep, style}. */
#define CELL(side)                                                                                 \
	K("templates.*.rows[]." side, ANY), K("templates.*.rows[]." side ".parts", TEMPLATE),      \
	    K("templates.*.rows[]." side ".sep", STRING),                                          \
	    K("templates.*.rows[]." side ".style", NAME),                                           \
	    K("templates.*.rows[]." side ".chips", BOOL)

/* The keys of one style, under styles.* or sidebar.styles.* */
#define STYLE(at)                                                                                  \
	K(at, MAP), K(at ".font", NAME), K(at ".size", LENGTH), K(at ".leading", LENGTH),          \
	    K(at ".bold", BOOL), K(at ".italic", BOOL), K(at ".color", COLOR),                     \
	    K(at ".case", CHOICE), K(at ".tracking", NUMBER), K(at ".align", CHOICE),              \
	    K(at ".hyphenate", BOOL), K(at ".link-color", COLOR)

static const struct cv_layout_key keys[] = {
    K("name", STRING),
    K("description", STRING),
    K("extends", NAME),
    K("page", MAP),
    K("page.size", ANY),
    K("page.margins", ANY),
    K("page.margins.top", LENGTH),
    K("page.margins.right", LENGTH),
    K("page.margins.bottom", LENGTH),
    K("page.margins.left", LENGTH),
    K("fonts", MAP),
    K("fonts.*", MAP),
    K("fonts.*.regular", FILE),
    K("fonts.*.bold", FILE),
    K("fonts.*.italic", FILE),
    K("fonts.*.bold-italic", FILE),
    K("fonts.*.tex", CHOICE),
    K("colors", MAP),
    K("colors.accent", COLOR),
    K("colors.link", COLOR),
    K("colors.text", COLOR),
    K("styles", MAP),
    STYLE("styles.*"),
    K("spacing", MAP),
    K("spacing.header-after", LENGTH),
    K("spacing.section-before", LENGTH),
    K("spacing.section-after", LENGTH),
    K("spacing.entry-gap", LENGTH),
    K("spacing.row-gap", LENGTH),
    K("spacing.paragraph-gap", LENGTH),
    K("spacing.list-indent", LENGTH),
    K("spacing.item-gap", LENGTH),
    K("header", MAP),
    K("header.align", CHOICE),
    K("header.separator", STRING),
    K("header.contact", LIST),
    K("header.photo", MAP),
    K("header.photo.show", BOOL),
    K("header.photo.size", LENGTH),
    K("header.photo.shape", CHOICE),
    K("header.photo.side", CHOICE),
    K("header.place", CHOICE),
    K("header.contact-lines", BOOL),
    K("header.icons", BOOL),
    K("header.icon-color", COLOR),
    K("header.banner", MAP),
    K("header.banner.color", COLOR),
    K("header.banner.padding", LENGTH),
    K("sidebar", MAP),
    K("sidebar.side", CHOICE),
    K("sidebar.width", LENGTH),
    K("sidebar.gap", LENGTH),
    K("sidebar.background", COLOR),
    K("sidebar.padding", LENGTH),
    K("sidebar.pages", CHOICE),
    K("sidebar.sections", LIST),
    K("sidebar.styles", MAP),
    STYLE("sidebar.styles.*"),
    K("sections", MAP),
    K("sections.order", LIST),
    K("sections.hide", LIST),
    K("sections.main", LIST),
    K("sections.region", CHOICE),
    K("gutter", MAP),
    K("gutter.width", LENGTH),
    K("gutter.gap", LENGTH),
    K("section", MAP),
    K("section.rule", CHOICE),
    K("section.rule-width", LENGTH),
    K("section.rule-gap", LENGTH),
    K("section.rule-color", COLOR),
    K("dates", MAP),
    K("dates.year", FORMAT),
    K("dates.month", FORMAT),
    K("dates.day", FORMAT),
    K("dates.range-separator", STRING),
    K("dates.present", STRING),
    K("dates.month-names", LIST),
    K("dates.month-abbreviations", LIST),
    K("publication", MAP),
    K("publication.owner", CHOICE),
    K("publication.equal-mark", STRING),
    K("publication.corresponding-mark", STRING),
    K("publication.author-separator", STRING),
    K("publication.author-last-separator", STRING),
    K("publication.link-format", FORMAT),
    K("publication.link-separator", STRING),
    K("templates", MAP),
    K("templates.*", MAP),
    K("templates.*.rows", LIST),
    K("templates.*.rows[]", MAP),
    CELL("left"),
    CELL("right"),
    K("templates.*.rows[].style", NAME),
    K("templates.*.rows[].right-style", NAME),
    K("templates.*.body", LIST),
    K("templates.*.kind", NAME),
    K("bullet", STRING),
    K("list-separator", STRING),
    K("title", FORMAT),
    K("footer", MAP),
    K("footer.page-format", FORMAT),
    K("code", MAP),
    K("code.font", NAME),
    K("code.scale", NUMBER),
    K("chip", MAP),
    K("chip.background", COLOR),
    K("chip.color", COLOR),
    K("hyphenation", MAP),
    K("hyphenation.left-min", NUMBER),
    K("hyphenation.right-min", NUMBER),
    K("hyphenation.capitalized", BOOL),
    K("hyphenation.final-demerits", NUMBER),
};

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
