/*
 * The LaTeX back end: walks the cv_doc tree and writes one self-contained,
 * readable .tex file.  The preamble turns the layout into a few named macros
 * (\cvname, \cvsection, \cventryrow, \cvparagraph, the cvitems list); the
 * body is a plain sequence of them.  Every profile string goes through
 * cv_latex_escape (escape.c).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../backend.h"
#include "latex.h"

/* Letters-only stems of the role macros (\cvstyleSTEM, \cvshapeSTEM), by enum cv_role. */
static const char *const role_stem[CV_ROLE__COUNT] = {
    "body",     "name", "headline", "contact", "section", "title",
    "subtitle", "date", "detail",   "bullet",  "footer",
};

enum script {
	SCRIPT_GREEK = 1u << 0,
	SCRIPT_CYRILLIC = 1u << 1,
	SCRIPT_OTHER = 1u << 2,
};

struct tex {
	const struct cv_doc *doc;
	const struct cv_layout *l;
	bool used[CV_ROLE__COUNT]; /* roles the body refers to */
	unsigned scripts;          /* enum script bits: text pdflatex cannot set */
	uint32_t other_cp;         /* first such code point outside Greek/Cyrillic */
	struct cv_pos unicode_pos; /* where it was found */
	bool page_total;           /* the footer uses %n (lastpage) */
};

/* ---- what pdflatex can set ---------------------------------------------- */

/* True if pdflatex with T1 + utf8 inputenc + textcomp sets cp (measured, see docs/latex.md). */
static bool pdftex_ok(uint32_t cp)
{
	static const uint32_t latin_gaps[] = {0x126, 0x127, 0x138, 0x13f, 0x140,
	                                      0x149, 0x166, 0x167, 0x17f};
	static const uint32_t punct[] = {0x0192, 0x02c6, 0x02dc, 0x2010, 0x2011, 0x2012, 0x2013,
	                                 0x2014, 0x2015, 0x2016, 0x2018, 0x2019, 0x201a, 0x201c,
	                                 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030,
	                                 0x2031, 0x2039, 0x203a, 0x203b, 0x203d, 0x2044, 0x2052,
	                                 0x20ac, 0x2103, 0x2116, 0x2122, 0x2190, 0x2192, 0x25e6,
	                                 /* declared in the pdflatex branch of the preamble */
	                                 0x2002, 0x2003, 0x2007, 0x2008, 0x2009, 0x200a, 0x200b,
	                                 0x202f, 0x2060, 0x2212, 0x2032, 0x2033};
	size_t i;
	if (cp < 0x180) {
		for (i = 0; i < CV_COUNT(latin_gaps); i++)
			if (cp == latin_gaps[i])
				return false;
		return true;
	}
	for (i = 0; i < CV_COUNT(punct); i++)
		if (cp == punct[i])
			return true;
	return false;
}

static void scan_text(struct tex *t, const char *s, const struct cv_pos *pos)
{
	size_t len, i = 0;
	if (!s)
		return;
	len = strlen(s);
	while (i < len) {
		uint32_t cp;
		int n = cv_utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		i += (size_t)n;
		if (pdftex_ok(cp))
			continue;
		if (!t->scripts && pos)
			t->unicode_pos = *pos;
		if ((cp >= 0x370 && cp <= 0x3ff) || (cp >= 0x1f00 && cp <= 0x1fff)) {
			t->scripts |= SCRIPT_GREEK;
		} else if (cp >= 0x400 && cp <= 0x52f) {
			t->scripts |= SCRIPT_CYRILLIC;
		} else {
			if (!(t->scripts & SCRIPT_OTHER))
				t->other_cp = cp;
			t->scripts |= SCRIPT_OTHER;
		}
	}
}

static void scan_block(struct tex *t, const struct cv_block *b)
{
	const struct cv_block *c;
	size_t i;
	for (i = 0; i < b->nruns; i++)
		scan_text(t, b->runs[i].text, &b->pos);
	for (c = b->first; c; c = c->next)
		scan_block(t, c);
}

/* "Greek/Cyrillic text" etc.: why pdflatex cannot set this CV. */
static char *unicode_reason(const struct tex *t)
{
	struct cv_buf b = {0};
	const char *parts[2];
	size_t n = 0;
	if (t->scripts & SCRIPT_GREEK)
		parts[n++] = "Greek";
	if (t->scripts & SCRIPT_CYRILLIC)
		parts[n++] = "Cyrillic";
	if (n == 2)
		cv_buf_printf(&b, "%s/%s text", parts[0], parts[1]);
	else if (n == 1)
		cv_buf_printf(&b, "%s text", parts[0]);
	if (t->scripts & SCRIPT_OTHER)
		cv_buf_printf(&b, "%scharacters such as U+%04lX", n ? " and " : "",
		              (unsigned long)t->other_cp);
	return cv_buf_detach(&b);
}

/* ---- small writers ------------------------------------------------------ */

/* A length in points, shortest exact-enough form ("12pt", "10.5pt"). */
static void put_pt(struct cv_buf *out, double v)
{
	char s[64];
	size_t n;
	snprintf(s, sizeof s, "%.2f", v);
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0')
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	if (!strcmp(s, "-0"))
		strcpy(s, "0");
	cv_buf_printf(out, "%spt", s);
}

static void put_num(struct cv_buf *out, double v)
{
	char s[64];
	size_t n;
	snprintf(s, sizeof s, "%.3f", v);
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0')
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	cv_buf_puts(out, s);
}

static void put_rgb(struct cv_buf *out, const char *name, struct cv_color c)
{
	cv_buf_printf(out, "\\definecolor{%s}{rgb}{", name);
	put_num(out, c.r);
	cv_buf_putc(out, ',');
	put_num(out, c.g);
	cv_buf_putc(out, ',');
	put_num(out, c.b);
	cv_buf_puts(out, "}\n");
}

/* Family macro name suffix: A, B, ... Z, then AA... (letters only). */
static void put_family_macro(struct cv_buf *out, size_t i)
{
	char s[16];
	size_t n = 0;
	do {
		s[n++] = (char)('A' + i % 26);
		i = i / 26;
	} while (i > 0 && n < sizeof s - 1);
	cv_buf_puts(out, "\\cvfamily");
	while (n > 0)
		cv_buf_putc(out, s[--n]);
}

/* Paths that TeX reads verbatim enough: no spaces, no specials. */
static bool path_safe(const char *p)
{
	if (!p || !*p)
		return false;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("/._+-", c)))
			return false;
	}
	return true;
}

/* Absolute form of path (malloc'ed), or a copy when it cannot be resolved. */
static char *absolute(const char *path)
{
	char *r = realpath(path, NULL);
	char *copy;
	if (!r)
		return x_strdup(path);
	copy = x_strdup(r);
	free(r);
	return copy;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool contains_nocase(const char *s, const char *word)
{
	size_t n = strlen(word), i;
	if (!s)
		return false;
	for (; *s; s++) {
		for (i = 0; i < n && s[i]; i++)
			if ((s[i] | 0x20) != (word[i] | 0x20))
				break;
		if (i == n)
			return true;
	}
	return false;
}

/* ---- runs --------------------------------------------------------------- */

/* Text of a link or code run: escaped, with break points after / . @ so long URLs wrap. */
static void put_breakable(struct cv_buf *out, const char *s)
{
	const char *p = s, *start = s;
	char *piece;
	for (; *p; p++) {
		if ((*p == '/' || *p == '.' || *p == '@' || *p == '?' || *p == '&') && p[1] &&
		    p[1] != '/' && p[1] != ' ' && p - start >= 1) {
			piece = x_strndup(start, (size_t)(p - start + 1));
			cv_latex_escape(out, piece);
			x_free(piece);
			cv_buf_puts(out, "\\allowbreak{}");
			start = p + 1;
		}
	}
	cv_latex_escape(out, start);
}

/* Text never hyphenated: \cvkeep{...}, words with a hyphen boxed. */
static void put_nobreak(struct cv_buf *out, const char *s)
{
	const char *p = s;
	cv_buf_puts(out, "\\cvkeep{");
	while (*p) {
		size_t n = strcspn(p, " ");
		char *word = x_strndup(p, n);
		if (strchr(word, '-')) {
			cv_buf_puts(out, "\\mbox{");
			cv_latex_escape(out, word);
			cv_buf_putc(out, '}');
		} else {
			cv_latex_escape(out, word);
		}
		x_free(word);
		p += n;
		while (*p == ' ') {
			cv_buf_putc(out, ' ');
			p++;
		}
	}
	cv_buf_putc(out, '}');
}

/*
 * The runs as LaTeX.  lr: the text sits in a box that cannot break lines
 * (hard breaks become spaces there).
 */
static void put_runs(struct tex *t, struct cv_buf *out, const struct cv_run *runs, size_t n,
                     bool lr)
{
	size_t i;
	(void)t;
	for (i = 0; i < n; i++) {
		const struct cv_run *r = &runs[i];
		unsigned f = r->flags;
		int close = 0;
		if (f & CV_RUN_BREAK) {
			cv_buf_puts(out, lr ? " " : "\\newline{}");
			continue;
		}
		if (!r->text || !*r->text)
			continue;
		if (r->href) {
			cv_buf_puts(out, "\\href{");
			cv_latex_escape_url(out, r->href);
			cv_buf_puts(out, "}{");
			close++;
		}
		if (f & CV_RUN_BOLD)
			cv_buf_puts(out, "\\textbf{"), close++;
		if (f & CV_RUN_ITALIC)
			cv_buf_puts(out, "\\textit{"), close++;
		if (f & CV_RUN_UNDERLINE)
			cv_buf_puts(out, "\\underline{"), close++;
		if (f & CV_RUN_CODE)
			cv_buf_puts(out, "\\texttt{"), close++;
		if (f & CV_RUN_SUP)
			cv_buf_puts(out, "\\textsuperscript{"), close++;
		else if (f & CV_RUN_SUB)
			cv_buf_puts(out, "\\textsubscript{"), close++;
		if (f & CV_RUN_NOBREAK)
			put_nobreak(out, r->text);
		else if (r->href || (f & CV_RUN_CODE))
			put_breakable(out, r->text);
		else
			cv_latex_escape(out, r->text);
		while (close-- > 0)
			cv_buf_putc(out, '}');
	}
}

static void put_block_runs(struct tex *t, struct cv_buf *out, const struct cv_block *b, bool lr)
{
	put_runs(t, out, b->runs, b->nruns, lr);
}

/* ---- body --------------------------------------------------------------- */

static void put_header(struct tex *t, struct cv_buf *out, const struct cv_block *h)
{
	const struct cv_block *c, *photo = NULL;
	char *photo_path = NULL;
	for (c = h->first; c; c = c->next)
		if (c->type == CV_BLOCK_PHOTO && c->path)
			photo = c;
	if (photo) {
		photo_path = absolute(photo->path);
		if (!path_safe(photo_path)) {
			cv_buf_puts(out, "% (photo left out: its path has characters LaTeX reads "
			                 "specially)\n");
			x_free(photo_path);
			photo_path = NULL;
		}
	}
	if (photo_path)
		cv_buf_printf(out, "\\begin{cvheaderphoto}{%s}\n", photo_path);
	for (c = h->first; c; c = c->next) {
		const char *macro;
		if (c->type != CV_BLOCK_PARAGRAPH)
			continue;
		switch (c->role) {
		case CV_ROLE_NAME:
			macro = "\\cvname";
			break;
		case CV_ROLE_HEADLINE:
			macro = "\\cvheadline";
			break;
		case CV_ROLE_CONTACT:
			macro = "\\cvcontact";
			break;
		default:
			macro = NULL;
			break;
		}
		if (macro) {
			t->used[c->role] = true;
			cv_buf_printf(out, "%s{", macro);
		} else {
			t->used[c->role] = true;
			cv_buf_printf(out, "\\cvparagraph[%s]{", role_stem[c->role]);
		}
		put_block_runs(t, out, c, false);
		cv_buf_puts(out, "}\n");
	}
	if (photo_path) {
		cv_buf_puts(out, "\\end{cvheaderphoto}\n");
		x_free(photo_path);
	}
	cv_buf_puts(out, "\\cvheaderend\n");
}

static void put_row(struct tex *t, struct cv_buf *out, const struct cv_block *row)
{
	const struct cv_block *left = NULL, *right = NULL, *c;
	enum cv_role lrole = CV_ROLE_ENTRY_TITLE, rrole = CV_ROLE_ENTRY_DATE;
	for (c = row->first; c; c = c->next) {
		if (c->type != CV_BLOCK_CELL)
			continue;
		if (!left && c->align != CV_ALIGN_RIGHT)
			left = c;
		else if (!right)
			right = c;
	}
	if (left)
		lrole = left->role;
	if (right)
		rrole = right->role;
	t->used[lrole] = t->used[rrole] = true;
	cv_buf_puts(out, "\\cventryrow");
	if (lrole != CV_ROLE_ENTRY_TITLE || rrole != CV_ROLE_ENTRY_DATE)
		cv_buf_printf(out, "[%s]", role_stem[lrole]);
	if (rrole != CV_ROLE_ENTRY_DATE)
		cv_buf_printf(out, "[%s]", role_stem[rrole]);
	cv_buf_putc(out, '{');
	if (left)
		put_block_runs(t, out, left, false);
	cv_buf_puts(out, "}{");
	if (right)
		put_block_runs(t, out, right, true);
	cv_buf_puts(out, "}\n");
}

static void put_paragraph(struct tex *t, struct cv_buf *out, const struct cv_block *p)
{
	t->used[p->role] = true;
	cv_buf_puts(out, "\\cvparagraph");
	if (p->role != CV_ROLE_BODY)
		cv_buf_printf(out, "[%s]", role_stem[p->role]);
	cv_buf_putc(out, '{');
	put_block_runs(t, out, p, false);
	cv_buf_puts(out, "}\n");
}

static void put_list(struct tex *t, struct cv_buf *out, const struct cv_block *list)
{
	const struct cv_block *c;
	t->used[CV_ROLE_BULLET] = true;
	cv_buf_puts(out, "\\begin{cvitems}\n");
	for (c = list->first; c; c = c->next) {
		cv_buf_puts(out, "\\item{}");
		if (c->nruns)
			cv_buf_putc(out, ' ');
		put_block_runs(t, out, c, false);
		cv_buf_putc(out, '\n');
	}
	cv_buf_puts(out, "\\end{cvitems}\n");
}

static void put_entry_child(struct tex *t, struct cv_buf *out, const struct cv_block *c)
{
	switch (c->type) {
	case CV_BLOCK_ROW:
		put_row(t, out, c);
		break;
	case CV_BLOCK_PARAGRAPH:
	case CV_BLOCK_CELL:
	case CV_BLOCK_ITEM:
		put_paragraph(t, out, c);
		break;
	case CV_BLOCK_LIST:
		put_list(t, out, c);
		break;
	default:
		break;
	}
}

static void put_section(struct tex *t, struct cv_buf *out, const struct cv_block *s)
{
	const struct cv_block *c;
	size_t i;
	bool plain = true;
	t->used[CV_ROLE_SECTION_TITLE] = true;
	for (i = 0; i < s->nruns; i++)
		if (s->runs[i].flags || s->runs[i].href)
			plain = false;
	cv_buf_puts(out, "\n\\cvsection");
	if (!plain) { /* the outline entry needs plain text */
		struct cv_arena *a = cv_arena_new();
		cv_buf_putc(out, '[');
		cv_buf_puts(out, "{"); /* braces keep a "]" in the title from ending the option */
		cv_latex_escape(out, cv_text_plain(a, s->runs, s->nruns));
		cv_buf_puts(out, "}]");
		cv_arena_free(a);
	}
	cv_buf_putc(out, '{');
	put_block_runs(t, out, s, false);
	cv_buf_puts(out, "}\n");
	for (c = s->first; c; c = c->next) {
		if (c->type == CV_BLOCK_ENTRY) {
			const struct cv_block *k;
			cv_buf_puts(out, "\\cventry\n");
			for (k = c->first; k; k = k->next)
				put_entry_child(t, out, k);
		} else {
			put_entry_child(t, out, c);
		}
	}
}

static void put_body(struct tex *t, struct cv_buf *out)
{
	const struct cv_block *b;
	for (b = t->doc->root ? t->doc->root->first : NULL; b; b = b->next) {
		switch (b->type) {
		case CV_BLOCK_HEADER:
			put_header(t, out, b);
			break;
		case CV_BLOCK_SECTION:
			put_section(t, out, b);
			break;
		default:
			put_entry_child(t, out, b);
			break;
		}
	}
}

/* ---- preamble ----------------------------------------------------------- */

/* NFSS family of a pdflatex font package we know, or NULL. */
static const char *nfss_family(const char *pkg)
{
	static const struct {
		const char *pkg, *fam;
	} map[] = {
	    {"charter", "bch"},   {"helvet", "phv"},     {"times", "ptm"},    {"mathptmx", "ptm"},
	    {"palatino", "ppl"},  {"mathpazo", "ppl"},   {"avant", "pag"},    {"bookman", "pbk"},
	    {"courier", "pcr"},   {"newcent", "pnc"},    {"utopia", "put"},   {"lmodern", "lmr"},
	    {"tgpagella", "qpl"}, {"tgtermes", "qtm"},   {"tgheros", "qhv"},  {"tgschola", "qcs"},
	    {"tgbonum", "qbk"},   {"tgadventor", "qag"}, {"tgcursor", "qcr"}, {"lmss", "lmss"},
	};
	size_t i;
	for (i = 0; pkg && i < CV_COUNT(map); i++)
		if (!strcmp(map[i].pkg, pkg))
			return map[i].fam;
	return NULL;
}

static bool family_is_sans(const struct cv_font_family *f)
{
	return contains_nocase(f->name, "sans") ||
	       (f->file[0] && contains_nocase(base_name(f->file[0]), "sans"));
}

static bool family_is_mono(const struct cv_font_family *f)
{
	return contains_nocase(f->name, "mono") ||
	       (f->file[0] && contains_nocase(base_name(f->file[0]), "mono"));
}

static bool pkg_name_ok(const char *p)
{
	if (!p || !*p)
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static void put_pdftex_fonts(struct tex *t, struct cv_buf *out)
{
	size_t i;
	cv_buf_puts(out,
	            "  \\usepackage[T1]{fontenc}\n"
	            "  \\usepackage[utf8]{inputenc}\n"
	            "  \\usepackage{lmodern}\n"
	            "  \\usepackage{microtype}\n"
	            "  \\input{glyphtounicode}\\pdfgentounicode=1 % text extraction\n"
	            "  \\DeclareTextSymbol{\\textasciigrave}{T1}{0} % not every TS1 font has it\n");
	for (i = 0; i < t->l->nfamilies; i++) {
		const struct cv_font_family *f = &t->l->families[i];
		const char *pkg = pkg_name_ok(f->tex_package) ? f->tex_package : NULL;
		const char *fam = nfss_family(pkg);
		const char *fallback = family_is_mono(f)   ? "lmtt"
		                       : family_is_sans(f) ? "lmss"
		                                           : "lmr";
		const char *generic = family_is_mono(f)   ? "\\ttfamily"
		                      : family_is_sans(f) ? "\\sffamily"
		                                          : "\\rmfamily";
		cv_buf_printf(out, "  %% font family \"%s\"%s%s\n", f->name ? f->name : "",
		              pkg ? ": stand-in package " : "", pkg ? pkg : "");
		if (fam) {
			cv_buf_printf(
			    out, "  \\IfFileExists{t1%s.fd}{\\def\\cvfam{%s}}{\\def\\cvfam{%s}}\n",
			    fam, fam, fallback);
			cv_buf_puts(out, "  \\edef");
			put_family_macro(out, i);
			cv_buf_puts(out,
			            "{\\noexpand\\fontfamily{\\cvfam}\\noexpand\\selectfont}\n");
			continue;
		}
		cv_buf_puts(out, "  \\newcommand");
		put_family_macro(out, i);
		if (pkg) {
			cv_buf_printf(out, "{%s}\n", generic);
			cv_buf_printf(out, "  \\IfFileExists{%s.sty}{\\usepackage{%s}}{}\n", pkg,
			              pkg);
		} else {
			cv_buf_printf(out, "{\\fontfamily{%s}\\selectfont}\n", fallback);
		}
	}
	cv_buf_puts(out, "  \\newcommand\\cvtrack[3]{\\textls[#1]{#3}}\n"
	                 "  \\DeclareUnicodeCharacter{2002}{\\enspace}\n"
	                 "  \\DeclareUnicodeCharacter{2003}{\\quad}\n"
	                 "  \\DeclareUnicodeCharacter{2007}{\\enspace}\n"
	                 "  \\DeclareUnicodeCharacter{2008}{\\,}\n"
	                 "  \\DeclareUnicodeCharacter{2009}{\\,}\n"
	                 "  \\DeclareUnicodeCharacter{200A}{\\,}\n"
	                 "  \\DeclareUnicodeCharacter{200B}{\\hspace{0pt}}\n"
	                 "  \\DeclareUnicodeCharacter{202F}{\\,}\n"
	                 "  \\DeclareUnicodeCharacter{2060}{}\n"
	                 "  \\DeclareUnicodeCharacter{2212}{\\textminus}\n"
	                 "  \\DeclareUnicodeCharacter{2032}{\\ensuremath{\\prime}}\n"
	                 "  \\DeclareUnicodeCharacter{2033}{\\ensuremath{\\prime\\prime}}\n");
}

/*
 * One fontspec declaration: CMD (\setmainfont, \setmonofont, or
 * \newfontfamily followed by family *macro's name), the regular file, then
 * [Path=dir, Scale=scale if > 0, and the other faces that sit in the same
 * directory under a path LaTeX reads literally].
 */
static void put_fontspec_decl(struct cv_buf *out, const char *cmd, const size_t *macro,
                              char *const files[4], const char *dir, double scale)
{
	static const char *const keys[4] = {NULL, "BoldFont", "ItalicFont", "BoldItalicFont"};
	size_t dirlen = strlen(dir);
	cv_buf_printf(out, "  %s", cmd);
	if (macro)
		put_family_macro(out, *macro);
	cv_buf_printf(out, "{%s}[Path=%s", base_name(files[0]), dir);
	if (scale > 0)
		cv_buf_printf(out, ",\n    Scale=%.2f", scale);
	for (size_t k = 1; k < 4; k++)
		if (files[k] && path_safe(files[k]) && !strncmp(files[k], dir, dirlen) &&
		    !strchr(files[k] + dirlen, '/'))
			cv_buf_printf(out, ",\n    %s=%s", keys[k], base_name(files[k]));
	cv_buf_puts(out, "]\n");
}

/* The fontspec declaration of family i: \newfontfamily\cvfamilyX{file}[Path=...]. */
static void put_fontspec_family(struct cv_buf *out, const struct cv_font_family *f, size_t i,
                                bool main, double mono_scale)
{
	char *files[4] = {NULL, NULL, NULL, NULL};
	char *dir = NULL;
	size_t k, dirlen = 0;
	bool ok = f->file[0] != NULL;
	for (k = 0; k < 4 && ok; k++)
		if (f->file[k])
			files[k] = absolute(f->file[k]);
	if (ok) {
		dirlen = (size_t)(base_name(files[0]) - files[0]);
		dir = x_strndup(files[0], dirlen);
		ok = path_safe(files[0]);
	}
	cv_buf_printf(out, "  %% font family \"%s\"\n", f->name ? f->name : "");
	if (!ok) {
		cv_buf_puts(
		    out, "  % (font files left out: missing, or a path LaTeX reads specially)\n");
		cv_buf_puts(out, "  \\newcommand");
		put_family_macro(out, i);
		cv_buf_puts(out, "{\\rmfamily}\n");
		goto done;
	}
	if (main)
		put_fontspec_decl(out, "\\setmainfont", NULL, files, dir, 0);
	if (mono_scale > 0) /* the layout's family for `code`: \\texttt */
		put_fontspec_decl(out, "\\setmonofont", NULL, files, dir, mono_scale);
	put_fontspec_decl(out, "\\newfontfamily", &i, files, dir, 0);
done:
	for (k = 0; k < 4; k++)
		x_free(files[k]);
	x_free(dir);
}

static void put_fontspec_fonts(struct tex *t, struct cv_buf *out)
{
	size_t i;
	int body = t->l->styles[CV_ROLE_BODY].family;
	cv_buf_puts(out, "  \\usepackage{fontspec}\n");
	for (i = 0; i < t->l->nfamilies; i++)
		put_fontspec_family(out, &t->l->families[i], i, (int)i == body,
		                    (int)i == t->l->code.family ? t->l->code.scale : 0);
	cv_buf_puts(out, "  \\newcommand\\cvtrack[3]{{\\addfontfeature{LetterSpace=#2}#3}}\n");
}

static const char *align_decl(enum cv_align a)
{
	switch (a) {
	case CV_ALIGN_CENTER:
		return "\\centering";
	case CV_ALIGN_RIGHT:
		return "\\raggedleft";
	case CV_ALIGN_JUSTIFY:
		return "";
	case CV_ALIGN_LEFT:
		break;
	}
	return "\\raggedright";
}

static void put_styles(struct tex *t, struct cv_buf *out)
{
	size_t r;
	cv_buf_puts(
	    out, "\n% Text styles, one per role: \\cvstyleROLE switches font, size, color and\n"
	         "% alignment; \\cvshapeROLE{text} applies tracking.  Letter case is already\n"
	         "% in the text (folio applies the layout's case, leaving code and URLs alone).\n");
	for (r = 0; r < CV_ROLE__COUNT; r++) {
		const struct cv_style *s = &t->l->styles[r];
		char color[32];
		bool track = s->tracking > 0.5 || s->tracking < -0.5;
		if (!t->used[r])
			continue;
		snprintf(color, sizeof color, "cv%s", role_stem[r]);
		put_rgb(out, color, s->color);
		cv_buf_printf(out, "\\newcommand\\cvstyle%s{", role_stem[r]);
		if (s->family >= 0 && (size_t)s->family < t->l->nfamilies)
			put_family_macro(out, (size_t)s->family);
		cv_buf_puts(out, "\\fontsize{");
		put_pt(out, s->size > 0 ? s->size : 10);
		cv_buf_puts(out, "}{");
		put_pt(out, s->leading > 0 ? s->leading : (s->size > 0 ? s->size * 1.2 : 12));
		cv_buf_puts(out, "}\\selectfont");
		cv_buf_puts(out, s->bold ? "\\bfseries" : "\\mdseries");
		cv_buf_puts(out, s->italic ? "\\itshape" : "\\upshape");
		cv_buf_printf(out, "\\color{%s}%s", color, align_decl(s->align));
		if (!s->hyphenate)
			cv_buf_puts(out, "\\language=\\cvnohyphenation");
		cv_buf_puts(out, "}\n");
		cv_buf_printf(out, "\\newcommand\\cvshape%s[1]{", role_stem[r]);
		if (track) {
			cv_buf_printf(out, "\\cvtrack{%d}{",
			              (int)(s->tracking + (s->tracking > 0 ? 0.5 : -0.5)));
			put_num(out, s->tracking / 10);
			cv_buf_puts(out, "}{");
		}
		cv_buf_puts(out, "#1");
		if (track)
			cv_buf_putc(out, '}');
		cv_buf_puts(out, "}\n");
	}
}

static void put_footer(struct tex *t, struct cv_buf *out)
{
	const char *f = t->l->footer.page_format;
	const struct cv_style *s = &t->l->styles[CV_ROLE_FOOTER];
	const char *p;
	struct cv_buf lit = {0};
	if (!f || !*f) {
		cv_buf_puts(out, "\\pagestyle{empty}\n");
		return;
	}
	cv_buf_puts(out, "\\makeatletter\n\\def\\ps@cvfooter{\\let\\@oddhead\\@empty"
	                 "\\let\\@evenhead\\@empty\n  \\def\\@oddfoot{");
	cv_buf_puts(out, s->align == CV_ALIGN_LEFT ? "" : "\\hfil");
	cv_buf_puts(out, "{\\cvstylefooter ");
	for (p = f; *p; p++) {
		if (*p == '%' && (p[1] == 'p' || p[1] == 'n' || p[1] == '%')) {
			if (lit.len) {
				cv_latex_escape(out, lit.data);
				cv_buf_reset(&lit);
			}
			p++;
			if (*p == 'p')
				cv_buf_puts(out, "\\thepage{}");
			else if (*p == 'n')
				cv_buf_puts(out, "\\pageref*{LastPage}");
			else
				cv_buf_puts(out, "\\%");
		} else {
			cv_buf_putc(&lit, *p);
		}
	}
	if (lit.len)
		cv_latex_escape(out, lit.data);
	cv_buf_free(&lit);
	cv_buf_puts(out, "}");
	cv_buf_puts(out, s->align == CV_ALIGN_RIGHT ? "" : "\\hfil");
	cv_buf_puts(out, "}\\let\\@evenfoot\\@oddfoot}\n\\makeatother\n\\pagestyle{cvfooter}\n");
}

static void put_meta(struct cv_buf *out, const char *key, const char *val)
{
	if (!val || !*val)
		return;
	cv_buf_printf(out, ",\n  %s={", key);
	cv_latex_escape(out, val);
	cv_buf_putc(out, '}');
}

static const char *profile_stem(struct cv_arena *a, const struct cv_doc *doc)
{
	const char *path = doc->profile && doc->profile->path ? doc->profile->path : "cv.yaml";
	const char *base = base_name(path), *dot = strrchr(base, '.');
	if (!dot || dot == base)
		dot = base + strlen(base);
	if (!path_safe(base))
		return "cv";
	return cv_arena_strndup(a, base, (size_t)(dot - base));
}

static void put_preamble(struct tex *t, struct cv_buf *out, const struct cv_render_opts *opts,
                         const char *reason)
{
	const struct cv_layout *l = t->l;
	const struct cv_spacing *sp = &l->spacing;
	struct cv_arena *a = cv_arena_new();
	const char *stem = profile_stem(a, t->doc);
	const char *version = opts && opts->version ? opts->version : "";
	const struct cv_header_layout *h = &l->header;
	double rule_w = l->section.rule_width > 0 ? l->section.rule_width : 0.4;

	cv_buf_printf(out, "%% Generated by folio %s from a CV profile, layout \"%s\".\n", version,
	              path_safe(l->name) ? l->name : "?");
	if (reason) {
		cv_buf_printf(out,
		              "%% Build it with xelatex or lualatex (run twice for page numbers):\n"
		              "%%   xelatex %s.tex\n"
		              "%% pdflatex cannot set it: it contains %s.\n",
		              stem, reason);
		cv_buf_puts(out, "% folio-engine: xelatex\n");
	} else {
		cv_buf_printf(
		    out,
		    "%% Build it with pdflatex, xelatex or lualatex (run twice for "
		    "page numbers):\n"
		    "%%   pdflatex %s.tex\n"
		    "%% xelatex and lualatex use the layout's own TrueType fonts; pdflatex "
		    "uses stand-ins.\n",
		    stem);
		cv_buf_puts(out, "% folio-engine: pdflatex\n");
	}
	cv_buf_puts(out, "% The body below uses the macros defined here; edit them to restyle.\n");
	cv_buf_puts(out, "\\documentclass{article}\n\\usepackage{iftex}\n");
	cv_buf_puts(out, "\\usepackage[paperwidth=");
	put_pt(out, l->page.width);
	cv_buf_puts(out, ", paperheight=");
	put_pt(out, l->page.height);
	cv_buf_puts(out, ",\n  top=");
	put_pt(out, l->page.margin_top);
	cv_buf_puts(out, ", right=");
	put_pt(out, l->page.margin_right);
	cv_buf_puts(out, ", bottom=");
	put_pt(out, l->page.margin_bottom);
	cv_buf_puts(out, ", left=");
	put_pt(out, l->page.margin_left);
	cv_buf_puts(out, ", footskip=");
	put_pt(out, l->page.margin_bottom / 2);
	cv_buf_puts(out, "]{geometry}\n");

	cv_buf_puts(out, "\\ifPDFTeX\n");
	if (reason) {
		cv_buf_printf(out,
		              "  \\errmessage{this CV needs xelatex or lualatex (it contains %s)}\n"
		              "  \\csname @@end\\endcsname\n",
		              reason);
	} else {
		put_pdftex_fonts(t, out);
	}
	cv_buf_puts(out, "\\else\n");
	put_fontspec_fonts(t, out);
	cv_buf_puts(out, "\\fi\n");

	cv_buf_puts(out, "\\usepackage{xcolor}\n\\usepackage{graphicx}\n\\usepackage{enumitem}\n");
	if (t->page_total)
		cv_buf_puts(out, "\\usepackage{lastpage}\n");
	put_rgb(out, "cvaccent", l->accent);
	put_rgb(out, "cvlink", l->link_color);
	put_rgb(out, "cvrule", l->section.rule_color);
	cv_buf_puts(out, "\\usepackage[bookmarks=true, bookmarksopen=true, colorlinks=true,\n"
	                 "  urlcolor=cvlink, linkcolor=cvlink, pdfusetitle=false]{hyperref}\n");
	cv_buf_printf(out, "\\hypersetup{pdfcreator={folio %s}", version);
	put_meta(out, "pdftitle", t->doc->title);
	put_meta(out, "pdfauthor", t->doc->author);
	put_meta(out, "pdfsubject", t->doc->subject);
	put_meta(out, "pdfkeywords", t->doc->keywords);
	cv_buf_puts(out, "}\n");

	cv_buf_puts(out,
	            "\\setlength\\parindent{0pt}\n\\setlength\\parskip{0pt}\n"
	            "\\setlength\\emergencystretch{3em}\n"
	            "\\newlanguage\\cvnohyphenation % a language without patterns: no hyphens\n"
	            "\\DeclareRobustCommand\\cvkeep[1]{{\\language=\\cvnohyphenation #1}}\n");
	put_styles(t, out);

	cv_buf_puts(out, "\n% Role text inline: \\cvtext{ROLE}{text}.\n"
	                 "\\newcommand\\cvtext[2]{{\\csname cvstyle#1\\endcsname"
	                 "\\csname cvshape#1\\endcsname{#2}}}\n");

	cv_buf_puts(out, "\n% Header: name, headline, contact line.\n");
	cv_buf_printf(out, "\\newcommand\\cvheaderalign{%s}\n", align_decl(h->align));
	if (t->used[CV_ROLE_NAME])
		cv_buf_puts(out, "\\newcommand\\cvname[1]{{\\noindent\\cvstylename\\cvheaderalign"
		                 "\\cvshapename{#1}\\par}}\n");
	if (t->used[CV_ROLE_HEADLINE])
		cv_buf_puts(out, "\\newcommand\\cvheadline[1]{{\\noindent\\cvstyleheadline"
		                 "\\cvheaderalign\\cvshapeheadline{#1}\\par}}\n");
	if (t->used[CV_ROLE_CONTACT])
		cv_buf_puts(out, "\\newcommand\\cvcontact[1]{{\\noindent\\cvstylecontact"
		                 "\\cvheaderalign\\cvshapecontact{#1}\\par}}\n");
	cv_buf_puts(out, "\\newcommand\\cvheaderend{\\par\\vspace{");
	put_pt(out, sp->header_after);
	cv_buf_puts(out, "}}\n");
	cv_buf_puts(out, "\\newenvironment{cvheaderphoto}[1]{\\par\\noindent");
	if (h->photo_side == CV_ALIGN_LEFT) {
		cv_buf_puts(out, "\\includegraphics[width=");
		put_pt(out, h->photo_size);
		cv_buf_puts(out, ", height=");
		put_pt(out, h->photo_size);
		cv_buf_puts(out, ", keepaspectratio]{#1}\\hfill");
	} else {
		cv_buf_puts(out, "\\def\\cvphotofile{#1}");
	}
	cv_buf_puts(out, "\\begin{minipage}[c]{\\dimexpr\\linewidth-");
	put_pt(out, h->photo_size);
	cv_buf_puts(out, "-1em\\relax}}\n  {\\end{minipage}");
	if (h->photo_side != CV_ALIGN_LEFT) {
		cv_buf_puts(out, "\\hfill\\includegraphics[width=");
		put_pt(out, h->photo_size);
		cv_buf_puts(out, ", height=");
		put_pt(out, h->photo_size);
		cv_buf_puts(out, ", keepaspectratio]{\\cvphotofile}");
	}
	cv_buf_puts(out, "\\par}\n");

	cv_buf_puts(out,
	            "\n% Sections: \\cvsection[outline text]{title}; the title goes to the PDF "
	            "outline.\n"
	            "\\newcounter{cvsection}\n\\newif\\ifcvfirstentry\n\\newif\\ifcvfirstrow\n");
	cv_buf_puts(out, "\\NewDocumentCommand\\cvsection{om}{\\par\\addvspace{");
	put_pt(out, sp->section_before);
	cv_buf_puts(out, "}\\stepcounter{cvsection}%\n"
	                 "  \\IfValueTF{#1}{\\pdfbookmark[1]{#1}{cvsection.\\arabic{cvsection}}}%\n"
	                 "    {\\pdfbookmark[1]{#2}{cvsection.\\arabic{cvsection}}}%\n"
	                 "  {\\noindent\\cvstylesection\\cvshapesection{#2}");
	if (l->section.rule == CV_RULE_FILL) {
		cv_buf_puts(out, "\\hspace{0.5em}{\\color{cvrule}\\leaders\\hrule height "
		                 "\\dimexpr0.3em+");
		put_pt(out, rule_w);
		cv_buf_puts(out, "\\relax depth -0.3em\\hfill}");
	}
	cv_buf_puts(out, "\\par}%\n");
	if (l->section.rule == CV_RULE_BELOW) {
		cv_buf_puts(out, "  \\nobreak\\vspace{");
		put_pt(out, l->section.rule_gap);
		cv_buf_puts(out, "}{\\color{cvrule}\\hrule height ");
		put_pt(out, rule_w);
		cv_buf_puts(out, "}%\n");
	}
	cv_buf_puts(out, "  \\nobreak\\vspace{");
	put_pt(out, sp->section_after);
	cv_buf_puts(out, "}\\global\\cvfirstentrytrue}\n");

	cv_buf_puts(out,
	            "\n% Entries: \\cventry starts one; \\cventryrow[left role][right role]{left}"
	            "{right}\n% sets the left text in the width the right one leaves free.\n");
	cv_buf_puts(out, "\\newcommand\\cventry{\\par\\ifcvfirstentry\\global\\cvfirstentryfalse"
	                 "\\else\\addvspace{");
	put_pt(out, sp->entry_gap);
	cv_buf_puts(out, "}\\fi\\global\\cvfirstrowtrue}\n");
	cv_buf_puts(out, "\\newsavebox\\cvrightbox\n"
	                 "\\NewDocumentCommand\\cventryrow{O{title}O{date}mm}{\\par\n"
	                 "  \\ifcvfirstrow\\global\\cvfirstrowfalse\\else\\vspace{");
	put_pt(out, sp->row_gap);
	cv_buf_puts(
	    out,
	    "}\\fi\n"
	    "  \\sbox\\cvrightbox{\\cvtext{#2}{#4}}%\n"
	    "  \\ifdim\\wd\\cvrightbox>0.45\\linewidth\n"
	    "    {\\noindent\\csname cvstyle#1\\endcsname\\cvtext{#1}{#3}\\par}%\n"
	    "    {\\noindent\\csname cvstyle#2\\endcsname\\raggedleft\\cvtext{#2}{#4}\\par}%\n"
	    "  \\else\n"
	    "    "
	    "\\noindent\\begin{minipage}[t]{\\dimexpr\\linewidth-\\wd\\cvrightbox-1em\\relax}%\n"
	    "      \\noindent\\csname cvstyle#1\\endcsname\\cvtext{#1}{#3}\\par\\end{minipage}%\n"
	    "    \\hfill\\usebox\\cvrightbox\\par\n"
	    "  \\fi}\n");

	cv_buf_puts(out, "\n% Paragraphs: \\cvparagraph[role]{text} (role body by default).\n"
	                 "\\newcommand\\cvparagraph[2][body]{\\par\\addvspace{");
	put_pt(out, sp->paragraph_gap);
	cv_buf_puts(out,
	            "}{\\noindent\\csname cvstyle#1\\endcsname\\csname cvshape#1\\endcsname{#2}"
	            "\\par}}\n");

	cv_buf_puts(out, "\n% Bullet lists: hanging bullets.\n\\newlist{cvitems}{itemize}{1}\n"
	                 "\\setlist[cvitems]{label={\\cvstylebullet ");
	cv_latex_escape(out, l->bullet && *l->bullet ? l->bullet : "\xe2\x80\xa2");
	cv_buf_puts(out, "}, align=left, leftmargin=");
	put_pt(out, sp->list_indent > 0 ? sp->list_indent : 10);
	cv_buf_puts(out, ", labelindent=0pt,\n  labelwidth=");
	put_pt(out, sp->list_indent > 0 ? sp->list_indent : 10);
	cv_buf_puts(out, ", labelsep=0pt, itemsep=");
	put_pt(out, sp->item_gap);
	cv_buf_puts(out, ", parsep=0pt, topsep=");
	put_pt(out, sp->paragraph_gap);
	cv_buf_puts(out, ", partopsep=0pt,\n  before=\\cvstylebullet}\n");

	cv_buf_puts(out, "\n% Page footer.\n");
	put_footer(t, out);
	cv_arena_free(a);
}

bool cv_latex_render(const struct cv_doc *doc, const struct cv_render_opts *opts,
                     struct cv_buf *out)
{
	struct tex t;
	struct cv_buf body = {0};
	char *reason = NULL;
	const char *f;

	memset(&t, 0, sizeof t);
	t.doc = doc;
	t.l = doc->layout;
	if (doc->root)
		scan_block(&t, doc->root);
	scan_text(&t, t.l->bullet, NULL);
	scan_text(&t, t.l->footer.page_format, NULL);
	scan_text(&t, doc->title, NULL);
	scan_text(&t, doc->author, NULL);
	scan_text(&t, doc->subject, NULL);
	scan_text(&t, doc->keywords, NULL);
	f = t.l->footer.page_format;
	t.page_total = f && strstr(f, "%n") != NULL;
	/* the body first: it tells which role styles the preamble needs */
	t.used[CV_ROLE_BODY] = t.used[CV_ROLE_BULLET] = t.used[CV_ROLE_SECTION_TITLE] = true;
	t.used[CV_ROLE_ENTRY_TITLE] = t.used[CV_ROLE_ENTRY_DATE] = true;
	t.used[CV_ROLE_FOOTER] = f && *f;
	put_body(&t, &body);
	if (t.scripts) {
		reason = unicode_reason(&t);
		cv_msg(CV_NOTE, t.unicode_pos.file ? &t.unicode_pos : NULL,
		       "latex-needs-unicode-engine",
		       "the LaTeX file needs xelatex or lualatex (it contains %s); pdflatex "
		       "cannot set it",
		       reason);
	}
	put_preamble(&t, out, opts, reason);
	cv_buf_puts(out, "\n\\begin{document}\n");
	if (body.len)
		cv_buf_put(out, body.data, body.len);
	cv_buf_puts(out, "\\end{document}\n");
	cv_buf_free(&body);
	x_free(reason);
	return true;
}
