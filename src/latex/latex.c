/*
 * The LaTeX back end: walks the cv_doc tree and writes one self-contained,
 * readable .tex file.  The preamble turns the layout into a few named macros
 * (\cvname, \cvsection, \cventryrow, \cvparagraph, the cvitems list); the
 * body is a plain sequence of them.  Every byte goes through the TeX writer
 * (writer.h): folio's code as literals, every input string escaped there.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../backend.h"
#include "../icon.h"
#include "../pdf/files.h"
#include "../typeset/typeset.h" /* the icon box (CV_TS_ICON_*) and link colour rule, as the PDF's */
#include "latex.h"
#include "writer.h"
#include "../locale.h"

/* Letters-only stems of the role macros (\cvstyleSTEM, \cvshapeSTEM), by enum cv_role. */
static const char *const role_stem[CV_ROLE__COUNT] = {
    "body",     "name", "headline", "contact", "section", "title",
    "subtitle", "date", "detail",   "bullet",  "footer",
};

/* A right cell with more characters than this never goes beside the left one. */
#define RIGHT_CELL_BOX_CHARS 40
/* A box (a row's minipage) that could be taller than this is not made. */
#define SAFE_BOX_PT 8000.0
/* A hyphenated word longer than this is not boxed against breaking. */
#define NOBREAK_BOX_CHARS 32
/*
 * PDF metadata and outline entries are cut to this many characters:
 * hyperref's \pdfstringdef takes seconds for a few thousand (measured: 20 s
 * for a 1 KiB name of TeX specials in the title and author).
 */
#define PDF_STRING_CHARS 200

enum script {
	SCRIPT_GREEK = 1u << 0,
	SCRIPT_CYRILLIC = 1u << 1,
	SCRIPT_OTHER = 1u << 2,
};

struct tex {
	const struct cv_doc *doc;
	const struct cv_layout
	    *l; /* the styles of the blocks being written (the sidebar's look there) */
	bool used[CV_ROLE__COUNT];      /* roles the body refers to outside the sidebar */
	bool side_used[CV_ROLE__COUNT]; /* ... and inside it */
	bool in_side;                   /* writing the sidebar */
	double width;                   /* [pt] of the column being written (entry text) */
	bool units; /* sidebar on the first page only: \cvunit before each main section and entry */
	long nunits;                 /* units numbered so far */
	unsigned scripts;            /* enum script bits: text pdflatex cannot set */
	uint32_t other_cp;           /* first such code point outside Greek/Cyrillic */
	struct cv_pos unicode_pos;   /* where it was found */
	struct cv_icons *icons;      /* icon outlines, read on first use */
	const struct cv_icon **icon; /* the icons the body draws, \cvicon{N} is icon[N-1] */
	const char **icon_names;     /* their names */
	size_t nicons, icon_cap;
	bool icon_failed; /* an icon's outline could not be read (reported) */
	bool levels;      /* the body draws level marks (\cvlevel) */
	bool chips;       /* ... and tag chips (\cvchip) */
	bool page_total;  /* the footer uses %n (lastpage) */
	/* local assets: files named by short local names (for --compile) */
	struct cv_arena *a;
	bool local;
	struct cv_tex_asset *assets;
	size_t nassets, cap_assets;
	struct cv_photo_file photo; /* the photo as the PDF embeds it (local mode) */
};

/* ---- what pdflatex can set ---------------------------------------------- */

/*
 * True if pdflatex with T1 + utf8 inputenc + textcomp sets cp with outline
 * fonts (measured, see docs/latex.md): ← → № ◦ ※ ‱ ⁒ ¨ ¯ ´ are left out,
 * since every stand-in takes them from TS1, which exists only as bitmaps.
 */
static bool pdftex_ok(uint32_t cp)
{
	/* not in T1; ¨ ¯ ´ come from TS1, which the stand-ins have only as bitmaps */
	static const uint32_t latin_gaps[] = {0xa8,  0xaf,  0xb4,  0x126, 0x127, 0x138,
	                                      0x13f, 0x140, 0x149, 0x166, 0x167, 0x17f};
	static const uint32_t punct[] = {0x0192, 0x02c6, 0x02dc, 0x2010, 0x2011, 0x2012, 0x2013,
	                                 0x2014, 0x2015, 0x2016, 0x2018, 0x2019, 0x201a, 0x201c,
	                                 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030,
	                                 0x2039, 0x203a, 0x203d, 0x2044, 0x20ac, 0x2103, 0x2122,
	                                 /* declared in the pdflatex branch of the preamble */
	                                 0x2002, 0x2003, 0x2007, 0x2008, 0x2009, 0x200a, 0x200b,
	                                 0x202f, 0x2060, 0x2212, 0x2032, 0x2033,
	                                 /* written as spaces by the writer */
	                                 0x2028, 0x2029};
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

/* "Greek/Cyrillic text" etc.: why pdflatex cannot set this CV (arena string). */
static const char *unicode_reason(const struct tex *t)
{
	bool greek = t->scripts & SCRIPT_GREEK, cyrillic = t->scripts & SCRIPT_CYRILLIC;
	const char *scripts = greek && cyrillic ? "Greek/Cyrillic text"
	                      : greek           ? "Greek text"
	                      : cyrillic        ? "Cyrillic text"
	                                        : "";
	if (!(t->scripts & SCRIPT_OTHER))
		return scripts;
	return cv_arena_printf(t->a, "%s%scharacters such as U+%04lX", scripts,
	                       *scripts ? " and " : "", (unsigned long)t->other_cp);
}

/* ---- small writers ------------------------------------------------------ */

static void put_rgb(struct cv_texw *out, const char *name, struct cv_color c)
{
	cv_texw_code(out, "\\definecolor{");
	cv_texw_letters(out, name);
	cv_texw_code(out, "}{rgb}{");
	cv_texw_num(out, c.r);
	cv_texw_code(out, ",");
	cv_texw_num(out, c.g);
	cv_texw_code(out, ",");
	cv_texw_num(out, c.b);
	cv_texw_code(out, "}\n");
}

/* Family macro name: \cvfamilyA, B, ... Z, then AA... (letters only). */
static void put_family_macro(struct cv_texw *out, size_t i)
{
	char s[16];
	size_t n = 0, k;
	char name[16];
	do {
		s[n++] = (char)('A' + i % 26);
		i = i / 26;
	} while (i > 0 && n < sizeof s - 1);
	for (k = 0; k < n; k++)
		name[k] = s[n - 1 - k];
	name[n] = '\0';
	cv_texw_code(out, "\\cvfamily");
	cv_texw_letters(out, name);
}

/* Role r appears in the text being written (in the sidebar or elsewhere). */
static void use_role(struct tex *t, enum cv_role r)
{
	if (t->in_side)
		t->side_used[r] = true;
	else
		t->used[r] = true;
}

/* The role's stem after a macro prefix: \cvstyle + "title". */
static void put_stem(struct cv_texw *out, enum cv_role r)
{
	cv_texw_letters(out, role_stem[r]);
}

/* Absolute form of path (arena), or a copy when it cannot be resolved. */
static const char *absolute(struct cv_arena *a, const char *path)
{
	char *r = realpath(path, NULL);
	const char *copy;
	if (!r)
		return cv_arena_strdup(a, path);
	copy = cv_arena_strdup(a, r);
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

/* Lower-case extension of path if it is one of exts (NULL-terminated), else NULL. */
static const char *known_ext(const char *path, const char *const *exts)
{
	const char *dot = strrchr(base_name(path), '.');
	size_t i, k;
	if (!dot)
		return NULL;
	for (i = 0; exts[i]; i++) {
		for (k = 0; exts[i][k] && dot[1 + k] && (dot[1 + k] | 0x20) == exts[i][k]; k++)
			;
		if (!exts[i][k] && !dot[1 + k])
			return exts[i];
	}
	return NULL;
}

/* "png" or "jpg" from the first bytes of an image file (graphicx goes by the name). */
static const char *sniff_image(const char *path)
{
	unsigned char b[4] = {0, 0, 0, 0};
	FILE *fp = fopen(path, "rb");
	if (fp) {
		if (fread(b, 1, sizeof b, fp) != sizeof b)
			b[0] = 0;
		fclose(fp);
	}
	return b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' ? "png" : "jpg";
}

/*
 * The name the .tex gives the file at path.  Normal mode: its absolute path,
 * or NULL when TeX would not read that path literally.  Local mode: a short
 * name (stem + number + extension) recorded as an asset, the same file
 * always getting the same name.
 */
static const char *asset_name(struct tex *t, const char *path, const char *stem, const char *ext)
{
	const char *abs = absolute(t->a, path);
	size_t i;
	if (!t->local) {
		struct cv_texw *probe = cv_texw_new();
		bool ok = cv_texw_path(probe, abs);
		cv_texw_free(probe);
		return ok ? abs : NULL;
	}
	for (i = 0; i < t->nassets; i++)
		if (!strcmp(t->assets[i].path, abs))
			return t->assets[i].name;
	t->assets = x_grow(t->assets, &t->cap_assets, t->nassets + 1, sizeof *t->assets);
	memset(&t->assets[t->nassets], 0, sizeof t->assets[t->nassets]);
	t->assets[t->nassets].path = abs;
	t->assets[t->nassets].name = cv_arena_printf(t->a, "%s-%zu.%s", stem, t->nassets + 1, ext);
	return t->assets[t->nassets++].name;
}

/* ---- runs --------------------------------------------------------------- */

/*
 * Text of a contact item: its spaces break a line only when nothing else
 * fits (\cvbrk before each), so the line breaks between items, as in the
 * PDF.
 */
static void put_kept(struct cv_texw *out, const char *s)
{
	const char *p = s;
	while (*p) {
		size_t n = strcspn(p, " ");
		char *piece = x_strndup(p, n);
		cv_texw_text(out, piece);
		x_free(piece);
		p += n;
		if (*p == ' ') {
			cv_texw_code(out, "\\cvbrk{} ");
			while (*p == ' ')
				p++;
		}
	}
}

/*
 * Text of a link or code run: escaped, with break points after / . @ so long
 * URLs wrap.  last: taken only when nothing else fits (\cvbrk; the contact
 * line, whose items stay whole as in the PDF unless one is wider than the
 * line: its spaces too), else \allowbreak.
 */
static void put_breakable(struct cv_texw *out, const char *s, bool last)
{
	const char *p = s, *start = s;
	char *piece;
	for (; *p; p++) {
		if ((*p == '/' || *p == '.' || *p == '@' || *p == '?' || *p == '&') && p[1] &&
		    p[1] != '/' && p[1] != ' ' && p - start >= 1) {
			piece = x_strndup(start, (size_t)(p - start + 1));
			if (last)
				put_kept(out, piece);
			else
				cv_texw_text(out, piece);
			x_free(piece);
			if (last)
				cv_texw_code(out, "\\cvbrk{}");
			else
				cv_texw_code(out, "\\allowbreak{}");
			start = p + 1;
		}
	}
	if (last)
		put_kept(out, start);
	else
		cv_texw_text(out, start);
}

/*
 * The document language through babel's ini files (part of babel itself,
 * so no language package is needed): its captions, dates and, when the
 * engine has them, its hyphenation patterns.  Nothing without a locale.
 */
static void put_language(struct cv_texw *out, const struct cv_locale *loc)
{
	struct cv_texw *w;
	bool good;
	if (!loc || !loc->babel || !loc->language)
		return;
	w = cv_texw_new();
	cv_texw_code(w, "% The language of the CV (the profile's locale).\n"
	                "\\usepackage{babel}\n\\babelprovide[import=");
	good = cv_texw_word(w, loc->language);
	cv_texw_code(w, ", main]{");
	good = good && cv_texw_letters(w, loc->babel);
	cv_texw_code(w, "}\n");
	if (good)
		cv_texw_append(out, w);
	cv_texw_free(w);
}

/* The layout's hyphenation rules as TeX's parameters (the PDF back end's, see inline.c). */
static void put_hyphenation(struct cv_texw *out, const struct cv_hyphenation_layout *h)
{
	cv_texw_code(out, "% Hyphenation: fragment minima, proper nouns, a hyphen before the last "
	                  "line.\n\\lefthyphenmin=");
	cv_texw_int(out, h->left_min);
	cv_texw_code(out, " \\righthyphenmin=");
	cv_texw_int(out, h->right_min);
	cv_texw_code(out, " \\uchyph=");
	cv_texw_int(out, h->capitalized ? 1 : 0);
	cv_texw_code(out, "\n\\finalhyphendemerits=");
	cv_texw_int(out, (long)h->final_demerits);
	cv_texw_code(out, "\n");
}

/* Text never hyphenated: \cvkeep{...}, words with a hyphen boxed when shorter than safe. */
static void put_nobreak(struct cv_texw *out, const char *s, size_t safe)
{
	const char *p = s;
	cv_texw_code(out, "\\cvkeep{");
	while (*p) {
		size_t n = strcspn(p, " ");
		char *word = x_strndup(p, n);
		size_t chars = cv_utf8_length(word, n);
		if (strchr(word, '-') && chars <= NOBREAK_BOX_CHARS && chars <= safe) {
			cv_texw_code(out, "\\cvunbroken{");
			cv_texw_text(out, word);
			cv_texw_code(out, "}");
		} else {
			cv_texw_text(out, word);
		}
		x_free(word);
		p += n;
		while (*p == ' ') {
			cv_texw_text(out, " ");
			p++;
		}
	}
	cv_texw_code(out, "}");
}

/*
 * The number of the icon called name, \cvicon{N}: its outline read and
 * kept on first use.  0 when it cannot be read (reported; nothing drawn).
 */
static size_t icon_number(struct tex *t, const char *name, const struct cv_pos *pos)
{
	const struct cv_icon *ic;
	size_t i;
	for (i = 0; i < t->nicons; i++)
		if (!strcmp(t->icon_names[i], name))
			return i + 1;
	if (!t->icons)
		t->icons = cv_icons_new(t->a);
	ic = cv_icons_get(t->icons, name, pos);
	if (!ic) {
		t->icon_failed = true;
		return 0;
	}
	if (t->nicons == t->icon_cap) {
		t->icon_cap = t->icon_cap ? 2 * t->icon_cap : 8;
		t->icon = x_realloc(t->icon, t->icon_cap * sizeof *t->icon);
		t->icon_names = x_realloc(t->icon_names, t->icon_cap * sizeof *t->icon_names);
	}
	t->icon[t->nicons] = ic;
	t->icon_names[t->nicons] = cv_arena_strdup(t->a, name);
	return ++t->nicons;
}

/*
 * Text with separators of several spaces (the contact line's): each space
 * counts, as in the PDF; TeX would make one of them.  The first stays a
 * space (a place to break), the others are \cvspaces{N}, which vanish at a
 * line break as the space does.
 */
static void put_spaced(struct cv_texw *out, const char *s)
{
	const char *p = s;
	while (*p) {
		size_t n = strcspn(p, " "), k;
		char *piece = x_strndup(p, n);
		cv_texw_text(out, piece);
		x_free(piece);
		p += n;
		for (k = 0; p[k] == ' '; k++)
			;
		if (k > 0)
			cv_texw_text(out, " ");
		if (k > 1) {
			cv_texw_code(out, "\\cvspaces{");
			cv_texw_int(out, (long)(k - 1));
			cv_texw_code(out, "}");
		}
		p += k;
	}
}

/*
 * Level marks "N/M" (CV_RUN_LEVEL) as \cvlevel{\cvdot...}: M dots, the
 * first N filled in the text's colour, the rest in a tint of it, as the PDF
 * draws them.  Anything else (the loader lets only "N/M" through) draws
 * nothing, as in the PDF.
 */
static void put_level(struct tex *t, struct cv_texw *out, const char *spec)
{
	unsigned have = 0, of = 0, i;
	if (sscanf(spec, "%u/%u", &have, &of) != 2 || of == 0 || of > 10 || have > of)
		return;
	t->levels = true;
	cv_texw_code(out, "\\cvlevel{");
	for (i = 0; i < of; i++) {
		if (i)
			cv_texw_code(out, "\\cvdotgap");
		if (i < have)
			cv_texw_code(out, "\\cvdot");
		else
			cv_texw_code(out, "\\cvdotempty");
	}
	cv_texw_code(out, "}");
}

/*
 * The runs as LaTeX, in role's style.  lr: the text sits in a box that
 * cannot break lines (hard breaks become spaces there); safe: the longest
 * word that may be boxed against breaking (safe_chars).  A link in a role
 * that colours links is \cvlink{...}; an icon run is \cvicon{N}, never its
 * name.
 */
static void put_runs(struct tex *t, struct cv_texw *out, const struct cv_block *b, bool lr,
                     size_t safe)
{
	size_t i;
	for (i = 0; i < b->nruns; i++) {
		const struct cv_run *r = &b->runs[i];
		unsigned f = r->flags;
		int close = 0;
		if (f & CV_RUN_BREAK) {
			if (lr)
				cv_texw_text(out, " ");
			else
				cv_texw_code(out, "\\cvnewline{}");
			continue;
		}
		if (!r->text || !*r->text)
			continue;
		if (r->href) {
			cv_texw_code(out, "\\href{");
			cv_texw_url(out, r->href);
			cv_texw_code(out, "}{");
			close++;
			if (cv_ts_link_coloured(b->role, f))
				cv_texw_code(out, "\\cvlink{"), close++;
		}
		if (f & CV_RUN_ICON) {
			size_t n = icon_number(t, r->text, b->pos.file ? &b->pos : NULL);
			if (n) {
				cv_texw_code(out, "\\cvicon{");
				cv_texw_int(out, (long)n);
				cv_texw_code(out, "}");
			}
			while (close-- > 0)
				cv_texw_code(out, "}");
			continue;
		}
		if (f & CV_RUN_LEVEL) {
			put_level(t, out, r->text);
			while (close-- > 0)
				cv_texw_code(out, "}");
			continue;
		}
		if (f & CV_RUN_SEP) {
			/* shown only between items on one line, as in the PDF */
			cv_texw_code(out, "\\cvsep{");
			put_spaced(out, r->text);
			cv_texw_code(out, "}");
			while (close-- > 0)
				cv_texw_code(out, "}");
			continue;
		}
		if (f & CV_RUN_CHIP) {
			t->chips = true;
			cv_texw_code(out, "\\cvchip{"), close++;
		}
		if (f & CV_RUN_BOLD)
			cv_texw_code(out, "\\textbf{"), close++;
		if (f & CV_RUN_ITALIC)
			cv_texw_code(out, "\\textit{"), close++;
		if (f & CV_RUN_UNDERLINE)
			cv_texw_code(out, "\\underline{"), close++;
		if (f & CV_RUN_CODE)
			cv_texw_code(out, "\\texttt{"), close++;
		if (f & CV_RUN_SUP)
			cv_texw_code(out, "\\textsuperscript{"), close++;
		else if (f & CV_RUN_SUB)
			cv_texw_code(out, "\\textsubscript{"), close++;
		if (f & CV_RUN_NOBREAK)
			put_nobreak(out, r->text, safe);
		else if (r->href || (f & CV_RUN_CODE))
			put_breakable(out, r->text, b->role == CV_ROLE_CONTACT);
		else if (b->role == CV_ROLE_CONTACT)
			put_kept(out, r->text);
		else
			cv_texw_text(out, r->text);
		while (close-- > 0)
			cv_texw_code(out, "}");
	}
}

/* Characters of a block's text (what the right cell's box would hold). */
static size_t block_chars(const struct cv_block *b)
{
	size_t i, n = 0;
	for (i = 0; i < b->nruns; i++)
		if (b->runs[i].text)
			n += cv_utf8_length(b->runs[i].text, strlen(b->runs[i].text));
	return n;
}

/*
 * The most characters of one unbreakable piece in role r's style that stay
 * well inside TeX's 16383pt: a glyph is taken as 2 em plus the tracking,
 * at the size of inline code when code is set larger.
 */
static size_t safe_chars(const struct tex *t, enum cv_role r)
{
	const struct cv_style *s = &t->l->styles[r];
	double scale = t->l->code.scale > 1 ? t->l->code.scale : 1;
	double em = (s->size > 0 ? s->size : 10) * scale;
	double n = 12000 / (em * (2 + (s->tracking > 0 ? s->tracking / 1000 : 0)));
	return n > 1000 ? 1000 : (size_t)n;
}

/* The runs of block b, with breaks in long words for the size of its role. */
static void put_block(struct tex *t, struct cv_texw *out, const struct cv_block *b, bool lr)
{
	size_t safe = safe_chars(t, b->role);
	cv_texw_set_word_chars(out, safe);
	put_runs(t, out, b, lr, safe);
	cv_texw_set_word_chars(out, CV_TEXW_WORD_CHARS);
}

/* ---- body --------------------------------------------------------------- */

/* The header; banner: inside the cvbanner environment (a band of colour behind it). */
static void put_header(struct tex *t, struct cv_texw *out, const struct cv_block *h, bool banner)
{
	static const char *const photo_exts[] = {"jpg", "jpeg", "png", NULL};
	const struct cv_block *c, *photo = NULL;
	const char *photo_ref = NULL;
	for (c = h->first; c; c = c->next)
		if (c->type == CV_BLOCK_PHOTO && c->path)
			photo = c;
	if (photo) {
		const char *ext = known_ext(photo->path, photo_exts);
		cv_texw_at(out, &photo->pos);
		if (t->local && t->photo.changed) { /* downsampled or turned: folio's file */
			photo_ref = asset_name(t, photo->path, "photo", t->photo.ext);
			t->assets[t->nassets - 1].data = t->photo.data;
			t->assets[t->nassets - 1].len = t->photo.len;
		} else {
			photo_ref = asset_name(t, photo->path, "photo",
			                       ext ? ext : sniff_image(photo->path));
		}
		if (!photo_ref)
			cv_texw_code(out, "% (photo left out: its path has characters LaTeX reads "
			                  "specially)\n");
	}
	if (banner)
		cv_texw_code(out, "\\begin{cvbanner}\n");
	if (photo_ref) {
		cv_texw_code(out, "\\begin{cvheaderphoto}{");
		cv_texw_path(out, photo_ref);
		cv_texw_code(out, "}\n");
	}
	for (c = h->first; c; c = c->next) {
		if (c->type != CV_BLOCK_PARAGRAPH)
			continue;
		cv_texw_at(out, &c->pos);
		use_role(t, c->role);
		switch (c->role) {
		case CV_ROLE_NAME:
			cv_texw_code(out, "\\cvname{");
			break;
		case CV_ROLE_HEADLINE:
			cv_texw_code(out, "\\cvheadline{");
			break;
		case CV_ROLE_CONTACT:
			cv_texw_code(out, "\\cvcontact{");
			break;
		default:
			cv_texw_code(out, "\\cvparagraph[");
			put_stem(out, c->role);
			cv_texw_code(out, "]{");
			break;
		}
		put_block(t, out, c, false);
		cv_texw_code(out, "}\n");
	}
	cv_texw_at(out, NULL);
	if (photo_ref)
		cv_texw_code(out, "\\end{cvheaderphoto}\n");
	if (banner)
		cv_texw_code(out, "\\end{cvbanner}\n");
	else
		cv_texw_code(out, "\\cvheaderend\n");
}

/*
 * An upper bound of the height [pt] of the left cell of a row set in the
 * minipage \cventryrow gives it: at least 55 % of the column less an em
 * (the right part takes at most 45 %), glyphs at most 2 em plus tracking
 * wide (as safe_chars), one line per hard break more.
 */
static double left_cell_height(const struct tex *t, const struct cv_block *cell, enum cv_role r)
{
	const struct cv_style *s = &t->l->styles[r];
	double size = s->size > 0 ? s->size : 10;
	double scale = t->l->code.scale > 1 ? t->l->code.scale : 1;
	double glyph = size * scale * (2 + (s->tracking > 0 ? s->tracking / 1000 : 0));
	double width = 0.55 * t->width - size;
	double leading = s->leading > 0 ? s->leading : size * 1.2;
	double lines = 1;
	size_t i;
	if (width <= glyph)
		return 1e9;
	for (i = 0; i < cell->nruns; i++)
		if (cell->runs[i].flags & CV_RUN_BREAK)
			lines++;
	lines += (double)block_chars(cell) * glyph / width;
	return lines * leading;
}

static void put_row(struct tex *t, struct cv_texw *out, const struct cv_block *row)
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
	use_role(t, lrole);
	use_role(t, rrole);
	bool level = t->l->sidebar.show && right && right->nruns > 0 &&
	             (right->runs[0].flags & CV_RUN_LEVEL);
	cv_texw_at(out, &row->pos);
	if (level) /* in the sidebar, only level marks may stay beside their text */
		cv_texw_code(out, "\\cvrowleveltrue");
	cv_texw_code(out, "\\cventryrow");
	/*
	 * Stacked, without boxes, when the right part is long (its box could
	 * pass TeX's 16383pt) or the left part could make a minipage that tall.
	 */
	if ((right && (block_chars(right) > RIGHT_CELL_BOX_CHARS ||
	               block_chars(right) > safe_chars(t, rrole))) ||
	    (left && left_cell_height(t, left, lrole) > SAFE_BOX_PT))
		cv_texw_code(out, "*");
	if (lrole != CV_ROLE_ENTRY_TITLE || rrole != CV_ROLE_ENTRY_DATE) {
		cv_texw_code(out, "[");
		put_stem(out, lrole);
		cv_texw_code(out, "]");
	}
	if (rrole != CV_ROLE_ENTRY_DATE) {
		cv_texw_code(out, "[");
		put_stem(out, rrole);
		cv_texw_code(out, "]");
	}
	cv_texw_code(out, "{");
	if (left)
		put_block(t, out, left, false);
	cv_texw_code(out, "}{");
	if (right)
		put_block(t, out, right, true);
	if (level)
		cv_texw_code(out, "}\\cvrowlevelfalse\n");
	else
		cv_texw_code(out, "}\n");
}

static void put_paragraph(struct tex *t, struct cv_texw *out, const struct cv_block *p)
{
	use_role(t, p->role);
	cv_texw_at(out, &p->pos);
	cv_texw_code(out, "\\cvparagraph");
	if (p->role != CV_ROLE_BODY) {
		cv_texw_code(out, "[");
		put_stem(out, p->role);
		cv_texw_code(out, "]");
	}
	cv_texw_code(out, "{");
	put_block(t, out, p, false);
	cv_texw_code(out, "}\n");
}

static void put_list(struct tex *t, struct cv_texw *out, const struct cv_block *list)
{
	const struct cv_block *c;
	use_role(t, CV_ROLE_BULLET);
	cv_texw_at(out, &list->pos);
	cv_texw_code(out, "\\begin{cvitems}\n");
	for (c = list->first; c; c = c->next) {
		cv_texw_at(out, &c->pos);
		cv_texw_code(out, "\\item{}");
		if (c->nruns)
			cv_texw_code(out, " ");
		put_block(t, out, c, false);
		cv_texw_code(out, "\n");
	}
	cv_texw_at(out, &list->pos);
	cv_texw_code(out, "\\end{cvitems}\n");
}

static void put_entry_child(struct tex *t, struct cv_texw *out, const struct cv_block *c)
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

/*
 * Before a section or entry of the main column when the sidebar is on the
 * first page only: \cvunit{N} leaves the columns when the previous run
 * found this unit starting on a later page (see the preamble).
 */
static void put_unit(struct tex *t, struct cv_texw *out)
{
	if (!t->units || t->in_side)
		return;
	cv_texw_at(out, NULL);
	cv_texw_code(out, "\\cvunit{");
	cv_texw_int(out, ++t->nunits);
	cv_texw_code(out, "}\n");
}

static void put_section(struct tex *t, struct cv_texw *out, const struct cv_block *s)
{
	const struct cv_block *c;
	size_t i;
	bool plain = true;
	const char *outline = cv_text_plain(t->a, s->runs, s->nruns);
	use_role(t, CV_ROLE_SECTION_TITLE);
	for (i = 0; i < s->nruns; i++)
		if (s->runs[i].flags || s->runs[i].href)
			plain = false;
	if (cv_utf8_shorten(t->a, outline, PDF_STRING_CHARS) != outline)
		plain = false;
	cv_texw_at(out, NULL);
	cv_texw_code(out, "\n");
	put_unit(t, out);
	cv_texw_at(out, &s->pos);
	cv_texw_code(out, "\\cvsection");
	if (!plain) { /* the outline entry needs plain text */
		/* braces keep a "]" in the title from ending the option */
		cv_texw_code(out, "[{");
		cv_texw_text_plain(out, cv_utf8_shorten(t->a, outline, PDF_STRING_CHARS));
		cv_texw_code(out, "}]");
	}
	cv_texw_code(out, "{");
	put_block(t, out, s, false);
	cv_texw_code(out, "}\n");
	for (c = s->first; c; c = c->next) {
		if (c->type == CV_BLOCK_ENTRY) {
			const struct cv_block *k;
			put_unit(t, out);
			cv_texw_at(out, &c->pos);
			cv_texw_code(out, "\\cventry\n");
			for (k = c->first; k; k = k->next)
				put_entry_child(t, out, k);
		} else {
			put_entry_child(t, out, c);
		}
	}
}

/*
 * Blocks from first on: the header, then sections and loose blocks, the
 * latter inside cvmain (the date column) when the layout has a gutter and
 * this is not the sidebar.
 */
static void put_blocks(struct tex *t, struct cv_texw *out, const struct cv_block *first)
{
	const struct cv_block *b;
	bool gutter = t->l->gutter.show && !t->in_side, open = false;
	for (b = first; b; b = b->next) {
		if (b->type == CV_BLOCK_HEADER) {
			put_header(t, out, b,
			           t->l->banner.show && !t->in_side && b->parent == t->doc->root);
			continue;
		}
		if (b->type == CV_BLOCK_REGION)
			continue;
		if (gutter && !open) {
			cv_texw_at(out, NULL);
			cv_texw_code(out, "\\begin{cvmain}\n");
			open = true;
		}
		if (b->type == CV_BLOCK_SECTION)
			put_section(t, out, b);
		else
			put_entry_child(t, out, b);
	}
	cv_texw_at(out, NULL);
	if (open)
		cv_texw_code(out, "\n\\end{cvmain}\n");
}

/* Region r of the document ("sidebar" or "main"), or NULL. */
static const struct cv_block *find_region(const struct cv_doc *doc, const char *name)
{
	const struct cv_block *b;
	for (b = doc->root ? doc->root->first : NULL; b; b = b->next)
		if (b->type == CV_BLOCK_REGION && b->title && !strcmp(b->title, name))
			return b;
	return NULL;
}

/*
 * The body.  With a sidebar: the header placed at the top, then the two
 * columns (paracol), the sidebar's written first whatever its side (so that
 * the main column may leave the columns when the sidebar is on the first
 * page only), each a region's blocks.
 */
static void put_body(struct tex *t, struct cv_texw *out)
{
	const struct cv_layout *l = t->doc->layout;
	const struct cv_page_layout *pg = &l->page;
	const struct cv_block *side = find_region(t->doc, "sidebar");
	const struct cv_block *main = find_region(t->doc, "main");
	double text_w = pg->width - pg->margin_left - pg->margin_right;
	double gutter = l->gutter.show ? l->gutter.width + l->gutter.gap : 0;
	if (!side && !main) {
		t->width = text_w - gutter;
		put_blocks(t, out, t->doc->root ? t->doc->root->first : NULL);
		return;
	}
	/* the header at the top (its region blocks are skipped) */
	put_blocks(t, out, t->doc->root->first);
	cv_texw_code(out, "\n\\cvcolumns\n\\begin{cvsidebar}\n");
	if (side) {
		t->in_side = true;
		t->l = cv_block_layout(t->doc, side);
		t->width = l->sidebar.width;
		put_blocks(t, out, side->first);
		t->l = l;
		t->in_side = false;
	}
	cv_texw_code(out, "\\end{cvsidebar}\n\\cvmaincolumn\n");
	if (main) {
		t->width = text_w - l->sidebar.width - l->sidebar.gap - gutter;
		put_blocks(t, out, main->first);
	}
	cv_texw_code(out, "\\cvcolumnsend\n");
}

/* ---- preamble ----------------------------------------------------------- */

/* NFSS family of a stand-in package (cv_layout_tex_standins), or NULL. */
static const char *nfss_family(const char *pkg)
{
	size_t n, i;
	const struct cv_tex_standin *all = cv_layout_tex_standins(&n);
	for (i = 0; pkg && i < n; i++)
		if (!strcmp(all[i].package, pkg))
			return all[i].nfss;
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

/* "  % font family "NAME"" + newline: the name shown safely. */
static void put_family_comment(struct cv_texw *out, const struct cv_font_family *f, const char *pkg)
{
	cv_texw_code(out, "  % font family \"");
	cv_texw_comment(out, f->name ? f->name : "");
	cv_texw_code(out, "\"");
	if (pkg) {
		cv_texw_code(out, ": stand-in package ");
		cv_texw_word(out, pkg);
	}
	cv_texw_code(out, "\n");
}

static void put_pdftex_fonts(struct tex *t, struct cv_texw *out)
{
	size_t i;
	cv_texw_code(
	    out, "  \\usepackage[T1]{fontenc}\n"
	         "  \\usepackage[utf8]{inputenc}\n"
	         "  \\usepackage{lmodern}\n"
	         "  \\usepackage{microtype}\n"
	         "  \\input{glyphtounicode}\\pdfgentounicode=1 % text extraction\n"
	         "  \\DeclareTextSymbol{\\textasciigrave}{T1}{0} % not every TS1 font has it\n");
	for (i = 0; i < t->l->nfamilies; i++) {
		const struct cv_font_family *f = &t->l->families[i];
		const char *fam = nfss_family(f->tex_package);
		const char *pkg = fam ? f->tex_package : NULL;
		bool mono = family_is_mono(f), sans = family_is_sans(f);
		cv_texw_at(out, &f->pos[0]);
		put_family_comment(out, f, pkg);
		if (fam) {
			cv_texw_code(out, "  \\IfFileExists{t1");
			cv_texw_word(out, fam);
			cv_texw_code(out, ".fd}{\\def\\cvfam{");
			cv_texw_word(out, fam);
			cv_texw_code(out, "}}{\\def\\cvfam{");
			if (mono)
				cv_texw_code(out, "lmtt");
			else if (sans)
				cv_texw_code(out, "lmss");
			else
				cv_texw_code(out, "lmr");
			cv_texw_code(out, "}}\n  \\edef");
			put_family_macro(out, i);
			cv_texw_code(out,
			             "{\\noexpand\\fontfamily{\\cvfam}\\noexpand\\selectfont}\n");
			continue;
		}
		/* no stand-in: Latin Modern of the family's kind */
		cv_texw_code(out, "  \\newcommand");
		put_family_macro(out, i);
		if (mono) {
			cv_texw_code(out, "{\\fontfamily{lmtt}\\selectfont}\n");
		} else if (sans) {
			cv_texw_code(out, "{\\fontfamily{lmss}\\selectfont}\n");
		} else {
			cv_texw_code(out, "{\\fontfamily{lmr}\\selectfont}\n");
		}
	}
	cv_texw_at(out, NULL);
	cv_texw_code(out, "  \\newcommand\\cvtrack[3]{\\cvactualtext{#3}{\\textls[#1]{#3}}}\n"
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

/* The four faces of a family as the .tex names them (NULL: left out). */
struct family_files {
	const char *ref[4]; /* full reference (absolute path or local name) */
	const char *dir;    /* normal mode: directory of the regular face, with "/" */
};

/*
 * One fontspec declaration: \setmainfont, \setmonofont, or \newfontfamily
 * followed by the family macro (which 0/1/2), the regular file, then
 * [Path=dir, Scale=scale if > 0, and the other faces that sit in the same
 * directory].
 */
static void put_fontspec_decl(struct cv_texw *out, int which, size_t macro,
                              const struct family_files *ff, double scale)
{
	static const char *const keys[4] = {NULL, "BoldFont", "ItalicFont", "BoldItalicFont"};
	size_t dirlen = strlen(ff->dir), k;
	if (which == 0)
		cv_texw_code(out, "  \\setmainfont{");
	else if (which == 1)
		cv_texw_code(out, "  \\setmonofont{");
	else {
		cv_texw_code(out, "  \\newfontfamily");
		put_family_macro(out, macro);
		cv_texw_code(out, "{");
	}
	cv_texw_path(out, ff->ref[0] + dirlen);
	cv_texw_code(out, "}[Path=");
	cv_texw_path(out, ff->dir);
	if (scale > 0) {
		cv_texw_code(out, ",\n    Scale=");
		cv_texw_num(out, scale);
	}
	for (k = 1; k < 4; k++) {
		if (!ff->ref[k] || strncmp(ff->ref[k], ff->dir, dirlen) ||
		    strchr(ff->ref[k] + dirlen, '/'))
			continue;
		cv_texw_code(out, ",\n    ");
		cv_texw_letters(out, keys[k]);
		cv_texw_code(out, "=");
		cv_texw_path(out, ff->ref[k] + dirlen);
	}
	cv_texw_code(out, "]\n");
}

/* The fontspec declaration of family i: \newfontfamily\cvfamilyX{file}[Path=...]. */
static void put_fontspec_family(struct tex *t, struct cv_texw *out, size_t i, bool main,
                                double mono_scale)
{
	static const char *const exts[] = {"ttf", "otf", NULL};
	const struct cv_font_family *f = &t->l->families[i];
	struct family_files ff = {{NULL, NULL, NULL, NULL}, "./"};
	size_t k;
	for (k = 0; k < 4; k++) {
		const char *ext = f->file[k] ? known_ext(f->file[k], exts) : NULL;
		if (f->file[k])
			ff.ref[k] = asset_name(t, f->file[k], "font", ext ? ext : "ttf");
	}
	if (ff.ref[0] && !t->local) {
		const char *base = base_name(ff.ref[0]);
		ff.dir = cv_arena_strndup(t->a, ff.ref[0], (size_t)(base - ff.ref[0]));
	} else if (ff.ref[0]) { /* local names: "./" + the name */
		for (k = 0; k < 4; k++)
			if (ff.ref[k])
				ff.ref[k] = cv_arena_printf(t->a, "./%s", ff.ref[k]);
	}
	cv_texw_at(out, &f->pos[0]);
	put_family_comment(out, f, NULL);
	if (!ff.ref[0]) {
		cv_texw_code(out,
		             "  % (font files left out: missing, or a path LaTeX reads specially)\n"
		             "  \\newcommand");
		put_family_macro(out, i);
		cv_texw_code(out, "{\\rmfamily}\n");
		cv_texw_at(out, NULL);
		return;
	}
	if (main)
		put_fontspec_decl(out, 0, 0, &ff, 0);
	if (mono_scale > 0) /* the layout's family for `code`: \texttt */
		put_fontspec_decl(out, 1, 0, &ff, mono_scale);
	put_fontspec_decl(out, 2, i, &ff, 0);
	cv_texw_at(out, NULL);
}

static void put_fontspec_fonts(struct tex *t, struct cv_texw *out)
{
	size_t i;
	int body = t->l->styles[CV_ROLE_BODY].family;
	cv_texw_code(out, "  \\usepackage{fontspec}\n");
	for (i = 0; i < t->l->nfamilies; i++)
		put_fontspec_family(t, out, i, (int)i == body,
		                    (int)i == t->l->code.family ? t->l->code.scale : 0);
	cv_texw_code(out, "  \\newcommand\\cvtrack[3]"
	                  "{\\cvactualtext{#3}{{\\addfontfeature{LetterSpace=#2}#3}}}\n");
}

static void put_align(struct cv_texw *out, enum cv_align a)
{
	switch (a) {
	case CV_ALIGN_CENTER:
		cv_texw_code(out, "\\centering");
		break;
	case CV_ALIGN_RIGHT:
		cv_texw_code(out, "\\raggedleft");
		break;
	case CV_ALIGN_JUSTIFY:
		break;
	case CV_ALIGN_LEFT:
		cv_texw_code(out, "\\raggedright");
		break;
	}
}

/*
 * The style macros of the roles marked in used, from layout l: \cvstyleROLE
 * and \cvshapeROLE, or with side \cvsidestyleROLE and \cvsideshapeROLE
 * (colours cvROLE, cvsideROLE).
 */
static void put_styles(struct cv_texw *out, const struct cv_layout *l, const bool *used, bool side)
{
	size_t r;
	if (side)
		cv_texw_code(
		    out, "\n% The sidebar's text styles: the cvsidebar environment makes them the\n"
		         "% \\cvstyleROLE and \\cvshapeROLE of the text inside it.\n");
	else
		cv_texw_code(
		    out,
		    "\n% Text styles, one per role: \\cvstyleROLE switches font, size, color and\n"
		    "% alignment; \\cvshapeROLE{text} applies tracking.  Letter case is already\n"
		    "% in the text (folio applies the layout's case, leaving code and URLs "
		    "alone).\n");
	for (r = 0; r < CV_ROLE__COUNT; r++) {
		const struct cv_style *s = &l->styles[r];
		char color[32], link[32];
		bool track = s->tracking > 0.5 || s->tracking < -0.5;
		if (!used[r])
			continue;
		snprintf(color, sizeof color, "cv%s%s", side ? "side" : "", role_stem[r]);
		snprintf(link, sizeof link, "cv%slink%s", side ? "side" : "", role_stem[r]);
		put_rgb(out, color, s->color);
		if (cv_ts_link_coloured((enum cv_role)r, 0))
			put_rgb(out, link, s->link_color);
		if (side)
			cv_texw_code(out, "\\newcommand\\cvsidestyle");
		else
			cv_texw_code(out, "\\newcommand\\cvstyle");
		put_stem(out, (enum cv_role)r);
		cv_texw_code(out, "{");
		if (s->family >= 0 && (size_t)s->family < l->nfamilies)
			put_family_macro(out, (size_t)s->family);
		cv_texw_code(out, "\\fontsize{");
		cv_texw_dim(out, s->size > 0 ? s->size : 10);
		cv_texw_code(out, "}{");
		cv_texw_dim(out, s->leading > 0 ? s->leading : (s->size > 0 ? s->size * 1.2 : 12));
		cv_texw_code(out, "}\\selectfont");
		if (s->bold)
			cv_texw_code(out, "\\bfseries");
		else
			cv_texw_code(out, "\\mdseries");
		if (s->italic)
			cv_texw_code(out, "\\itshape");
		else
			cv_texw_code(out, "\\upshape");
		cv_texw_code(out, "\\color{");
		cv_texw_letters(out, color);
		cv_texw_code(out, "}");
		if (cv_ts_link_coloured((enum cv_role)r, 0)) {
			cv_texw_code(out, "\\def\\cvlinkcolor{");
			cv_texw_letters(out, link);
			cv_texw_code(out, "}");
		}
		put_align(out, s->align);
		if (!s->hyphenate)
			cv_texw_code(out, "\\language=\\cvnohyphenation");
		if (side)
			cv_texw_code(out, "}\n\\newcommand\\cvsideshape");
		else
			cv_texw_code(out, "}\n\\newcommand\\cvshape");
		put_stem(out, (enum cv_role)r);
		cv_texw_code(out, "[1]{");
		if (track) {
			cv_texw_code(out, "\\cvtrack{");
			cv_texw_int(out, (long)(s->tracking + (s->tracking > 0 ? 0.5 : -0.5)));
			cv_texw_code(out, "}{");
			cv_texw_num(out, s->tracking / 10);
			cv_texw_code(out, "}{");
		}
		cv_texw_code(out, "#1");
		if (track)
			cv_texw_code(out, "}");
		cv_texw_code(out, "}\n");
	}
}

static void put_footer(struct tex *t, struct cv_texw *out)
{
	const char *f = t->l->footer.page_format;
	const struct cv_style *s = &t->l->styles[CV_ROLE_FOOTER];
	const char *p, *lit;
	if (!f || !*f) {
		cv_texw_code(out, "\\pagestyle{empty}\n");
		return;
	}
	/* a paragraph box: a footer line longer than the page wraps instead of overflowing */
	cv_texw_code(out, "\\makeatletter\n\\def\\ps@cvfooter{\\let\\@oddhead\\@empty"
	                  "\\let\\@evenhead\\@empty\n  \\def\\@oddfoot{\\parbox[b]{\\textwidth}"
	                  "{\\cvstylefooter");
	put_align(out, s->align == CV_ALIGN_JUSTIFY ? CV_ALIGN_CENTER : s->align);
	cv_texw_code(out, " ");
	cv_texw_set_word_chars(out, safe_chars(t, CV_ROLE_FOOTER));
	for (p = lit = f; *p; p++) {
		if (*p != '%' || (p[1] != 'p' && p[1] != 'n' && p[1] != '%'))
			continue;
		if (p > lit)
			cv_texw_text(out, cv_arena_strndup(t->a, lit, (size_t)(p - lit)));
		p++;
		if (*p == 'p')
			cv_texw_code(out, "\\thepage{}");
		else if (*p == 'n')
			cv_texw_code(out, "\\pageref*{LastPage}");
		else
			cv_texw_code(out, "\\%");
		lit = p + 1;
	}
	cv_texw_text(out, lit);
	cv_texw_set_word_chars(out, CV_TEXW_WORD_CHARS);
	cv_texw_code(out, "}}\\let\\@evenfoot\\@oddfoot}\n\\makeatother\n\\pagestyle{cvfooter}\n");
}

/* ",\n  KEY={value}" for \hypersetup (value shortened); nothing when val is empty. */
static void put_meta(struct tex *t, struct cv_texw *out, const char *key, const char *val)
{
	if (!val || !*val)
		return;
	cv_texw_code(out, ",\n  ");
	cv_texw_letters(out, key);
	cv_texw_code(out, "={");
	cv_texw_text_plain(out, cv_utf8_shorten(t->a, val, PDF_STRING_CHARS));
	cv_texw_code(out, "}");
}

/* The profile file's stem for the "build it with" comment, or "cv". */
static const char *profile_stem(struct cv_arena *a, const struct cv_doc *doc)
{
	const char *path = doc->profile && doc->profile->path ? doc->profile->path : "cv.yaml";
	const char *base = base_name(path), *dot = strrchr(base, '.');
	const char *stem;
	struct cv_texw *probe = cv_texw_new();
	bool ok;
	if (!dot || dot == base)
		dot = base + strlen(base);
	stem = cv_arena_strndup(a, base, (size_t)(dot - base));
	ok = cv_texw_word(probe, stem);
	cv_texw_free(probe);
	return ok ? stem : "cv";
}

/* "\cvmark" where the first line of a unit may start (units only; see put_unit). */
static void put_mark(const struct tex *t, struct cv_texw *out)
{
	if (t->units)
		cv_texw_code(out, "\\cvmark");
}

/* The header macros: \cvname, \cvheadline, \cvcontact, \cvheaderend, cvheaderphoto, cvbanner. */
static void put_header_macros(struct tex *t, struct cv_texw *out)
{
	const struct cv_layout *l = t->l;
	const struct cv_header_layout *h = &l->header;
	const struct cv_page_layout *pg = &l->page;
	cv_texw_code(out, "\n% Header: name, headline, contact line.\n"
	                  "\\newcommand\\cvheaderalign{");
	put_align(out, h->align);
	cv_texw_code(out, "}\n");
	if (t->used[CV_ROLE_NAME] || t->side_used[CV_ROLE_NAME])
		cv_texw_code(out, "\\newcommand\\cvname[1]{{\\noindent\\cvstylename\\cvheaderalign"
		                  "\\cvshapename{#1}\\par}}\n");
	if (t->used[CV_ROLE_HEADLINE] || t->side_used[CV_ROLE_HEADLINE])
		cv_texw_code(out, "\\newcommand\\cvheadline[1]{{\\noindent\\cvstyleheadline"
		                  "\\cvheaderalign\\cvshapeheadline{#1}\\par}}\n");
	if (t->used[CV_ROLE_CONTACT] || t->side_used[CV_ROLE_CONTACT])
		cv_texw_code(out, "\\newcommand\\cvcontact[1]{{\\noindent\\cvstylecontact"
		                  "\\cvheaderalign\\cvshapecontact{#1}\\par}}\n");
	cv_texw_code(out, "\\newcommand\\cvheaderend{\\par\\vspace{");
	cv_texw_dim(out, l->spacing.header_after);
	cv_texw_code(out, "}}\n"
	                  "% The photo beside the header's text, or above it in a narrow column.\n"
	                  "\\newcommand\\cvphoto{\\includegraphics[width=");
	cv_texw_dim(out, h->photo_size);
	cv_texw_code(out, ", height=");
	cv_texw_dim(out, h->photo_size);
	cv_texw_code(out, ", keepaspectratio]{\\cvphotofile}}\n"
	                  "\\newif\\ifcvphotobeside\n"
	                  "\\newenvironment{cvheaderphoto}[1]{\\par\\def\\cvphotofile{#1}%\n"
	                  "  \\ifdim\\dimexpr");
	cv_texw_dim(out, h->photo_size);
	cv_texw_code(out, "+12bp\\relax<0.5\\linewidth \\cvphotobesidetrue\\else"
	                  "\\cvphotobesidefalse\\fi\n"
	                  "  \\ifcvphotobeside\\noindent");
	if (h->photo_side == CV_ALIGN_LEFT)
		cv_texw_code(out, "\\cvphoto\\hfill");
	cv_texw_code(out, "\\begin{minipage}[c]{\\dimexpr\\linewidth-");
	cv_texw_dim(out, h->photo_size);
	cv_texw_code(out, "-1em\\relax}%\n"
	                  "  \\else{\\noindent\\cvheaderalign\\cvphoto\\par}\\vspace{12bp}\\fi}\n"
	                  "  {\\ifcvphotobeside\\end{minipage}");
	if (h->photo_side != CV_ALIGN_LEFT)
		cv_texw_code(out, "\\hfill\\cvphoto");
	cv_texw_code(out, "\\fi\\par}\n");
	if (l->banner.show) {
		double top = l->banner.padding > 0 ? l->banner.padding : pg->margin_top;
		cv_texw_code(out,
		             "% The header over a band of colour across the top of the first page\n"
		             "% (drawn by \\cvbands): the header starts ");
		cv_texw_dim(out, top);
		cv_texw_code(out, " from the top of the page,\n"
		                  "% the band ends ");
		cv_texw_dim(out, l->banner.padding);
		cv_texw_code(out,
		             " below it.\n"
		             "\\newsavebox\\cvbannerbox\n"
		             "\\newenvironment{cvbanner}{\\par\\setbox\\cvbannerbox\\vbox\\bgroup}"
		             "{\\par\\egroup\n"
		             "  \\@tempdima=\\dimexpr\\ht\\cvbannerbox+\\dp\\cvbannerbox\\relax\n"
		             "  \\xdef\\cvbannerheight{\\the\\dimexpr");
		cv_texw_dim(out, top);
		cv_texw_code(out, "+\\@tempdima+");
		cv_texw_dim(out, l->banner.padding);
		cv_texw_code(out, "\\relax}%\n"
		                  "  \\@tempdimb=\\dimexpr");
		cv_texw_dim(out, pg->margin_top - top);
		cv_texw_code(out, "-\\@tempdima\\relax\n"
		                  "  \\ifdim\\@tempdimb<\\dimexpr");
		cv_texw_dim(out, l->banner.padding);
		cv_texw_code(out, "+");
		cv_texw_dim(out, l->spacing.header_after);
		cv_texw_code(out, "\\relax \\@tempdimb=\\dimexpr");
		cv_texw_dim(out, l->banner.padding);
		cv_texw_code(out, "+");
		cv_texw_dim(out, l->spacing.header_after);
		cv_texw_code(out, "\\relax\\fi\n"
		                  "  \\vspace*{\\dimexpr");
		cv_texw_dim(out, top - pg->margin_top);
		cv_texw_code(out, "-\\topskip\\relax}\\nointerlineskip\\box\\cvbannerbox"
		                  "\\vspace{\\@tempdimb}}\n");
	}
}

/* \cvsection: title, rule, outline entry. */
/* Whether section titles in the date column's text get a bar in it (rule: gutter). */
static bool gutter_bar(const struct cv_layout *l)
{
	return l->section.rule == CV_RULE_GUTTER && l->section.rule_width > 0 && l->gutter.show &&
	       l->gutter.width > 0;
}

static void put_section_macro(struct tex *t, struct cv_texw *out)
{
	const struct cv_layout *l = t->l;
	const struct cv_spacing *sp = &l->spacing;
	double rule_w = l->section.rule_width > 0 ? l->section.rule_width : 0.4;
	cv_texw_code(out,
	             "\n% Sections: \\cvsection[outline text]{title}; the title goes to the PDF "
	             "outline.\n"
	             "\\newcounter{cvsection}\n\\newif\\ifcvfirstentry\n\\newif\\ifcvfirstrow\n"
	             "\\newif\\ifcvgutterbar % true in the date column's text (cvmain)\n"
	             "\\NewDocumentCommand\\cvsection{om}{\\par\\addvspace{");
	cv_texw_dim(out, sp->section_before);
	cv_texw_code(out,
	             "}\\stepcounter{cvsection}%\n"
	             "  \\IfValueTF{#1}{\\pdfbookmark[1]{#1}{cvsection.\\arabic{cvsection}}}%\n"
	             "    {\\pdfbookmark[1]{#2}{cvsection.\\arabic{cvsection}}}%\n"
	             "  {\\noindent");
	put_mark(t, out);
	if (gutter_bar(l)) {
		/* a bar filling the date column beside the first line, on the x-height */
		double size = l->styles[CV_ROLE_SECTION_TITLE].size;
		cv_texw_code(out, "\\ifcvgutterbar\\llap{{\\color{cvrule}\\rule[");
		cv_texw_dim(out, 0.3 * size - l->section.rule_width / 2);
		cv_texw_code(out, "]{");
		cv_texw_dim(out, l->gutter.width);
		cv_texw_code(out, "}{");
		cv_texw_dim(out, l->section.rule_width);
		cv_texw_code(out, "}}\\hspace{");
		cv_texw_dim(out, l->gutter.gap);
		cv_texw_code(out, "}}\\fi\n  ");
	}
	cv_texw_code(out, "\\cvstylesection\\cvshapesection{#2}");
	if (l->section.rule == CV_RULE_FILL) {
		cv_texw_code(out, "\\hspace{0.5em}{\\color{cvrule}\\leaders\\hrule height "
		                  "\\dimexpr0.3em+");
		cv_texw_dim(out, rule_w);
		cv_texw_code(out, "\\relax depth -0.3em\\hfill}");
	}
	cv_texw_code(out, "\\par}%\n");
	if (l->section.rule == CV_RULE_BELOW) {
		/* a rule as wide as the text, where the text starts (lists: the date column) */
		cv_texw_code(out, "  \\nobreak\\vspace{");
		cv_texw_dim(out, l->section.rule_gap);
		cv_texw_code(out, "}\\nointerlineskip\\moveright\\@totalleftmargin\\vbox{{"
		                  "\\color{cvrule}\\hrule width\\linewidth height ");
		cv_texw_dim(out, rule_w);
		cv_texw_code(out, "}}\\prevdepth-1000pt\n");
	}
	cv_texw_code(out, "  \\nobreak\\vspace{");
	cv_texw_dim(out, sp->section_after);
	cv_texw_code(out, "}\\global\\cvfirstentrytrue}\n");
}

/*
 * \cventry and \cventryrow: beside, in the date column, or stacked in the
 * sidebar.  After a row of boxes, \prevdepth is the depth of the deeper
 * box's last line, so that the next row keeps the leading from it (not
 * \lineskip from the bottom of a box of several lines).
 */
static void put_row_macros(struct tex *t, struct cv_texw *out)
{
	const struct cv_layout *l = t->l;
	const struct cv_spacing *sp = &l->spacing;
	bool side = l->sidebar.show, gutter = l->gutter.show;
	cv_texw_code(out,
	             "\n% Entries: \\cventry starts one; \\cventryrow[left role][right role]{left}"
	             "{right}\n");
	if (gutter)
		cv_texw_code(out,
		             "% sets the right text in the date column, right-aligned, its first "
		             "line beside\n% the left text's first line (with \\cventryrow* the "
		             "left text may break\n% across pages).\n");
	else
		cv_texw_code(out,
		             "% sets the right text beside the left text's first line, which "
		             "leaves room\n% for it (the lines below take the full width), or the "
		             "right one on its\n% own line below when it is too wide (always "
		             "with \\cventryrow*).\n");
	if (side)
		cv_texw_code(out, "% In the sidebar the right text goes below the left one.\n");
	cv_texw_code(out, "\\newcommand\\cventry{\\par\\ifcvfirstentry\\global\\cvfirstentryfalse"
	                  "\\else\\addvspace{");
	cv_texw_dim(out, sp->entry_gap);
	cv_texw_code(out,
	             "}\\fi\\global\\cvfirstrowtrue}\n"
	             "\\newsavebox\\cvrightbox\n\\newsavebox\\cvleftbox\n"
	             "\\newdimen\\cvleftlast\n"
	             "\\newcommand\\cvlastdepth[1]{\\ifdim#1>-1000pt \\prevdepth=#1\\relax\\fi}\n");
	if (!gutter) {
		cv_texw_code(out, "\\newcommand\\cvrowstacked[4]{%\n"
		                  "  {\\noindent");
		put_mark(t, out);
		cv_texw_code(out,
		             "\\csname cvstyle#1\\endcsname\\raggedright\\cvtext{#1}{#3}\\par}%\n"
		             "  {\\noindent\\csname cvstyle#2\\endcsname\\raggedleft"
		             "\\cvtext{#2}{#4}\\par}}\n");
	} else {
		cv_texw_code(out,
		             "\\newdimen\\cvrightlast\n\\newcommand\\cvdatecell[2]{\\parbox[t]{");
		cv_texw_dim(out, l->gutter.width);
		cv_texw_code(
		    out,
		    "}{\\noindent\\csname cvstyle#1\\endcsname\\raggedleft\\cvtext{#1}{#2}\\par\n"
		    "  \\global\\cvrightlast=\\prevdepth}}\n");
	}
	if (side)
		cv_texw_code(
		    out,
		    "\\newif\\ifcvstackrows\n\\newif\\ifcvrowbelow\n"
		    "\\newif\\ifcvrowlevel\n"
		    "% (A row of level marks whose texts fit on one line with 6bp\n"
		    "% between them stays one line; dates, places, links go below.)\n"
		    "\\newcommand\\cvrowbelow[4]{%\n"
		    "  \\sbox\\cvleftbox{\\cvtext{#1}{#3}}\\sbox\\cvrightbox{\\cvtext{#2}{#4}}%\n"
		    "  \\ifdim\\dimexpr\\wd\\cvleftbox+\\wd\\cvrightbox+6bp\\relax>\\linewidth"
		    "\\cvrowbelowtrue\\else\\cvrowbelowfalse\\fi\n"
		    "  \\if\\relax\\detokenize{#4}\\relax\\cvrowbelowtrue\\fi\n"
		    "  \\ifcvrowlevel\\else\\cvrowbelowtrue\\fi\n"
		    "  \\ifcvrowbelow\n"
		    "  {\\noindent\\csname cvstyle#1\\endcsname\\raggedright"
		    "\\clubpenalty=10000 \\widowpenalty=10000\n"
		    "  \\cvtext{#1}{#3}\\par}%\n"
		    "  \\if\\relax\\detokenize{#4}\\relax\\else\\nobreak{\\noindent\\csname "
		    "cvstyle#2\\endcsname\\raggedright\\cvtext{#2}{#4}\\par}\\fi\n"
		    "  \\else{\\noindent\\csname cvstyle#1\\endcsname\\usebox\\cvleftbox"
		    "\\hfill\\usebox\\cvrightbox\\par}\\fi}\n");
	cv_texw_code(out, "\\NewDocumentCommand\\cventryrow{sO{title}O{date}mm}{\\par\n"
	                  "  \\ifcvfirstrow\\global\\cvfirstrowfalse\\else\\vspace{");
	cv_texw_dim(out, sp->row_gap);
	cv_texw_code(out, "}\\fi\n");
	if (side)
		cv_texw_code(out, "  \\ifcvstackrows\\cvrowbelow{#2}{#3}{#4}{#5}\\else\n");
	if (!gutter) {
		cv_texw_code(out,
		             "  \\IfBooleanTF{#1}{\\cvrowstacked{#2}{#3}{#4}{#5}}{%\n"
		             "  \\sbox\\cvrightbox{\\cvtext{#3}{#5}}%\n"
		             "  \\ifdim\\wd\\cvrightbox>0.45\\linewidth\n"
		             "    \\cvrowstacked{#2}{#3}{#4}{#5}%\n"
		             "  \\else\n"
		             "    \\sbox\\cvleftbox{\\begin{minipage}[t]{\\linewidth}%\n"
		             "      \\noindent\\csname cvstyle#2\\endcsname\\raggedright"
		             "\\parshape 2 0pt \\dimexpr\\linewidth-\\wd\\cvrightbox-1em\\relax\n"
		             "      0pt \\linewidth\\cvtext{#2}{#4}\\par"
		             "\\global\\cvleftlast=\\prevdepth\\end{minipage}}%\n"
		             "    \\noindent");
		put_mark(t, out);
		cv_texw_code(out, "\\hbox to\\linewidth{\\usebox\\cvleftbox\\hss}"
		                  "\\llap{\\usebox\\cvrightbox}\\par\n"
		                  "    \\ifdim\\dp\\cvrightbox>\\dp\\cvleftbox"
		                  "\\cvlastdepth{\\dp\\cvrightbox}\\else\\cvlastdepth\\cvleftlast"
		                  "\\fi\n"
		                  "  \\fi}");
	} else {
		cv_texw_code(out, "  \\IfBooleanTF{#1}{{\\noindent");
		put_mark(t, out);
		cv_texw_code(out, "\\llap{\\cvdatecell{#3}{#5}\\hspace{");
		cv_texw_dim(out, l->gutter.gap);
		cv_texw_code(
		    out, "}}\\csname cvstyle#2\\endcsname\\raggedright\\cvtext{#2}{#4}\\par}}{%\n"
		         "    \\sbox\\cvrightbox{\\cvdatecell{#3}{#5}}%\n"
		         "    \\sbox\\cvleftbox{\\begin{minipage}[t]{\\linewidth}\\noindent"
		         "\\csname cvstyle#2\\endcsname\\raggedright\n"
		         "      \\cvtext{#2}{#4}\\par\\global\\cvleftlast=\\prevdepth"
		         "\\end{minipage}}%\n"
		         "    \\noindent");
		put_mark(t, out);
		cv_texw_code(out, "\\llap{\\usebox\\cvrightbox\\hspace{");
		cv_texw_dim(out, l->gutter.gap);
		cv_texw_code(out,
		             "}}\\usebox\\cvleftbox\\par\n"
		             "    \\ifdim\\dp\\cvrightbox>\\dp\\cvleftbox\\cvlastdepth\\cvrightlast"
		             "\\else\\cvlastdepth\\cvleftlast\\fi}");
	}
	if (side)
		cv_texw_code(out, "\\fi");
	cv_texw_code(out, "}\n");
}

/*
 * The regions: the sidebar's column and the main one (paracol), the bands
 * of colour (sidebar, banner) drawn as each page is shipped out, the date
 * column (cvmain), and for a sidebar on the first page only the units that
 * leave the columns.
 */
static void put_region_macros(struct tex *t, struct cv_texw *out)
{
	const struct cv_layout *l = t->l;
	const struct cv_sidebar_layout *sb = &l->sidebar;
	const struct cv_page_layout *pg = &l->page;
	double text_w = pg->width - pg->margin_left - pg->margin_right;
	bool right = sb->side == CV_ALIGN_RIGHT;
	size_t r;
	if (l->gutter.show) {
		cv_texw_code(out,
		             "\n% The date column: section titles and entries sit right of it.\n"
		             "\\newenvironment{cvmain}{\\list{}{\\leftmargin=");
		cv_texw_dim(out, l->gutter.width + l->gutter.gap);
		cv_texw_code(
		    out, "\\rightmargin=0pt\\labelwidth=0pt\\labelsep=0pt\n"
		         "  \\itemindent=0pt\\listparindent=0pt\\topsep=0pt\\partopsep=0pt"
		         "\\parsep=0pt\\itemsep=0pt}\\item\\relax\\cvgutterbartrue}{\\endlist}\n");
	}
	if (sb->background || l->banner.show) {
		cv_texw_code(out,
		             "\n% Bands of colour behind the text, drawn as each page is shipped "
		             "out.\n");
		if (sb->background)
			put_rgb(out, "cvband", sb->color);
		if (l->banner.show)
			put_rgb(out, "cvbanner", l->banner.color);
		cv_texw_code(out, "\\newcommand\\cvbands{%\n");
		if (sb->background) {
			double x0 = right ? pg->margin_left + text_w - sb->width - sb->padding : 0;
			double x1 = right ? pg->width : pg->margin_left + sb->width + sb->padding;
			if (sb->all_pages)
				cv_texw_code(out, "  \\put(0,0){\\kern");
			else
				cv_texw_code(out,
				             "  \\ifnum\\value{page}>\\ifnum\\getpagerefnumber{"
				             "cvsidebarend}>1 16000\\else 1\\fi\\relax\\else\n"
				             "  \\put(0,0){\\kern");
			cv_texw_dim(out, x0);
			cv_texw_code(out, "\\color{cvband}\\rule[-\\paperheight]{");
			cv_texw_dim(out, x1 - x0);
			cv_texw_code(out, "}{\\paperheight}}");
			if (!sb->all_pages)
				cv_texw_code(out, "\\fi");
			cv_texw_code(out, "%\n");
		}
		if (l->banner.show)
			cv_texw_code(out,
			             "  \\ifnum\\value{page}=1 \\ifdefined\\cvbannerheight\n"
			             "    \\put(0,0){\\color{cvbanner}\\rule[-\\cvbannerheight]"
			             "{\\paperwidth}{\\cvbannerheight}}\\fi\\fi%\n");
		cv_texw_code(out, "}\n\\AddToHook{shipout/background}{\\cvbands}\n");
	}
	if (!sb->show)
		return;
	cv_texw_code(out, "\n% Columns: \\cvcolumns starts them in the sidebar's column, "
	                  "\\cvmaincolumn goes\n% to the main one, \\cvcolumnsend ends them.  "
	                  "The cvsidebar environment\n% gives the sidebar its styles and stacks "
	                  "rows.\n\\setcolumnwidth{");
	if (right) {
		cv_texw_code(out, "\\fill/");
		cv_texw_dim(out, sb->gap);
		cv_texw_code(out, ",");
		cv_texw_dim(out, sb->width);
	} else {
		cv_texw_dim(out, sb->width);
		cv_texw_code(out, "/");
		cv_texw_dim(out, sb->gap);
		cv_texw_code(out, ",\\fill");
	}
	cv_texw_code(out, "}\n\\globalcounter{cvsection}\n"
	                  "\\newenvironment{cvsidebar}{\\cvstackrowstrue");
	for (r = 0; r < CV_ROLE__COUNT; r++) {
		if (!t->side_used[r])
			continue;
		cv_texw_code(out, "%\n  \\let\\cvstyle");
		put_stem(out, (enum cv_role)r);
		cv_texw_code(out, "\\cvsidestyle");
		put_stem(out, (enum cv_role)r);
		cv_texw_code(out, "\\let\\cvshape");
		put_stem(out, (enum cv_role)r);
		cv_texw_code(out, "\\cvsideshape");
		put_stem(out, (enum cv_role)r);
	}
	cv_texw_code(out, "}{\\par}\n");
	if (sb->all_pages) {
		cv_texw_code(out, "\\newcommand\\cvcolumns{\\begin{paracol}{2}");
		if (right)
			cv_texw_code(out, "\\switchcolumn[1]");
		if (right)
			cv_texw_code(out, "}\n\\newcommand\\cvmaincolumn{\\switchcolumn[0]}\n");
		else
			cv_texw_code(out, "}\n\\newcommand\\cvmaincolumn{\\switchcolumn[1]}\n");
		cv_texw_code(out, "\\newcommand\\cvcolumnsend{\\end{paracol}}\n");
		return;
	}
	cv_texw_code(out,
	             "% The sidebar is on the first page only: \\cvunit{N} before each section "
	             "and entry\n"
	             "% of the main column ends the columns where the previous run found unit N\n"
	             "% starting on a later page (its first line carries \\label{cvunit-N}), so "
	             "from\n"
	             "% there on the main text has the whole width; the unit the page break cut\n"
	             "% ends in its column.  Unless the sidebar itself goes on (cvsidebarend).\n"
	             "\\newif\\ifcvincolumns\n"
	             "\\newcommand\\cvcolumns{\\begin{paracol}{2}");
	if (right)
		cv_texw_code(out, "\\switchcolumn[1]");
	cv_texw_code(out, "\\global\\cvincolumnstrue}\n"
	                  "\\newcommand\\cvmaincolumn{\\par\\label{cvsidebarend}\\switchcolumn");
	if (right)
		cv_texw_code(out, "[0]");
	else
		cv_texw_code(out, "[1]");
	cv_texw_code(out,
	             "}\n"
	             "\\newcommand\\cvcolumnsend{\\ifcvincolumns\\expandafter\\@firstofone\\else"
	             "\\expandafter\\@gobble\\fi\n"
	             "  {\\par\\global\\cvincolumnsfalse\\label{cvcolumnsend}\\end{paracol}%\n"
	             "   \\ifnum\\value{page}=1 \\newpage\\fi}}\n"
	             "\\newcommand\\cvmark{}\n"
	             "\\newcommand\\cvunit[1]{\\@tempswafalse\n"
	             "  \\ifcvincolumns\\ifnum\\getpagerefnumber{cvsidebarend}<2 "
	             "\\ifnum\\getpagerefnumber{cvunit-#1}>1\n"
	             "    \\@tempswatrue\\fi\\fi\\fi\n"
	             "  \\if@tempswa\\expandafter\\cvwiden\\fi\n"
	             "  \\gdef\\cvmark{\\label{cvunit-#1}\\gdef\\cvmark{}}}\n"
	             "\\newcommand\\cvwiden{");
	if (l->gutter.show)
		cv_texw_code(out, "\\end{cvmain}\\cvcolumnsend\\begin{cvmain}}\n");
	else
		cv_texw_code(out, "\\cvcolumnsend}\n");
}

/* \cvparagraph and the cvitems list. */
static void put_text_macros(struct tex *t, struct cv_texw *out)
{
	const struct cv_layout *l = t->l;
	const struct cv_spacing *sp = &l->spacing;
	cv_texw_code(out, "\n% Paragraphs: \\cvparagraph[role]{text} (role body by default).\n"
	                  "\\newcommand\\cvparagraph[2][body]{\\par\\addvspace{");
	cv_texw_dim(out, sp->paragraph_gap);
	cv_texw_code(out, "}{\\noindent");
	put_mark(t, out);
	cv_texw_code(out, "\\csname cvstyle#1\\endcsname\\csname cvshape#1\\endcsname{#2}"
	                  "\\par}}\n"
	                  "\n% Bullet lists: hanging bullets.\n\\newlist{cvitems}{itemize}{1}\n"
	                  "\\setlist[cvitems]{label={");
	put_mark(t, out);
	cv_texw_code(out, "\\cvstylebullet ");
	cv_texw_text_plain(out, l->bullet && *l->bullet ? l->bullet : "\xe2\x80\xa2");
	cv_texw_code(out, "}, align=left, leftmargin=");
	cv_texw_dim(out, sp->list_indent > 0 ? sp->list_indent : 10);
	cv_texw_code(out, ", labelindent=0pt,\n  labelwidth=");
	cv_texw_dim(out, sp->list_indent > 0 ? sp->list_indent : 10);
	cv_texw_code(out, ", labelsep=0pt, itemsep=");
	cv_texw_dim(out, sp->item_gap);
	cv_texw_code(out, ", parsep=0pt, topsep=");
	cv_texw_dim(out, sp->paragraph_gap);
	cv_texw_code(out, ", partopsep=0pt,\n  before=\\cvstylebullet}\n");
	if (t->levels) {
		cv_texw_code(out,
		             "\n% Level marks: \\cvlevel{\\cvdot\\cvdotgap\\cvdotempty...}, dots ");
		cv_texw_num(out, CV_TS_LEVEL_DOT);
		cv_texw_code(out, "em wide every ");
		cv_texw_num(out, CV_TS_LEVEL_STEP);
		cv_texw_code(out, "em,\n% centred ");
		cv_texw_num(out, CV_TS_ICON_MIDDLE);
		cv_texw_code(out, "em above the baseline; the empty ones in a tint of the colour.\n"
		                  "\\DeclareRobustCommand\\cvlevel[1]{\\mbox{"
		                  "\\setlength\\unitlength{0.001em}#1}}\n"
		                  "\\newcommand\\cvdot{\\begin{picture}(");
		cv_texw_num(out, CV_TS_LEVEL_DOT * 1000);
		cv_texw_code(out, ",0)\\put(");
		cv_texw_num(out, CV_TS_LEVEL_DOT * 500);
		cv_texw_code(out, ",");
		cv_texw_num(out, CV_TS_ICON_MIDDLE * 1000);
		cv_texw_code(out, "){\\circle*{");
		cv_texw_num(out, CV_TS_LEVEL_DOT * 1000);
		cv_texw_code(out, "}}\\end{picture}}\n"
		                  "\\newcommand\\cvdotempty{{\\color{.!");
		cv_texw_int(out, (long)(CV_TS_LEVEL_TINT * 100 + 0.5));
		cv_texw_code(out, "}\\cvdot}}\n\\newcommand\\cvdotgap{\\kern");
		cv_texw_num(out, CV_TS_LEVEL_STEP - CV_TS_LEVEL_DOT);
		cv_texw_code(out, "em\\relax}\n");
	}
	if (t->chips) {
		cv_texw_code(out, "\n% Tag chips: \\cvchip{text} at ");
		cv_texw_num(out, CV_TS_CHIP_SCALE);
		cv_texw_code(out, " of the size, on a band with round ends ");
		cv_texw_num(out, CV_TS_CHIP_HEIGHT);
		cv_texw_code(out, "em high\n% around ");
		cv_texw_num(out, CV_TS_ICON_MIDDLE);
		cv_texw_code(out, "em above the baseline, the text ");
		cv_texw_num(out, CV_TS_CHIP_PAD);
		cv_texw_code(out, "em inside its ends.\n");
		put_rgb(out, "cvchipback", l->chip.background);
		if (l->chip.color_set)
			put_rgb(out, "cvchiptext", l->chip.color);
		cv_texw_code(out, "\\newsavebox\\cvchipbox\n"
		                  "\\DeclareRobustCommand\\cvchip[1]{\\mbox{\\@tempdima=");
		cv_texw_num(out, CV_TS_CHIP_SCALE);
		cv_texw_code(out,
		             "\\dimexpr\\f@size pt\\relax\n"
		             "  \\fontsize{\\strip@pt\\@tempdima}{\\f@baselineskip}\\selectfont");
		if (l->chip.color_set)
			cv_texw_code(out, "\\color{cvchiptext}");
		cv_texw_code(out, "\n  \\sbox\\cvchipbox{\\kern");
		cv_texw_num(out, CV_TS_CHIP_PAD);
		cv_texw_code(out, "em#1\\kern");
		cv_texw_num(out, CV_TS_CHIP_PAD);
		cv_texw_code(out, "em}\\@tempdimb=");
		cv_texw_num(out, CV_TS_CHIP_HEIGHT);
		cv_texw_code(out, "em\\@tempdimc=");
		cv_texw_num(out, CV_TS_ICON_MIDDLE);
		cv_texw_code(
		    out, "em\n"
		         "  \\setlength\\unitlength{1pt}\\begin{picture}(0,0){\\color{cvchipback}"
		         "\\linethickness{\\@tempdimb}\\roundcap\n"
		         "  \\Line(\\strip@pt\\dimexpr\\@tempdimb/2\\relax,\\strip@pt\\@tempdimc)"
		         "(\\strip@pt\\dimexpr\\wd\\cvchipbox-\\@tempdimb/2\\relax,"
		         "\\strip@pt\\@tempdimc)}\\end{picture}%\n"
		         "  \\usebox\\cvchipbox}}\n");
	}
}

/*
 * The icons the body draws (header.icons), as the PDF draws them
 * (src/pdf/pdf.c, draw_icons): each a filled pict2e path of its outline, in
 * a picture CV_TS_ICON_EM em wide, the glyph CV_TS_ICON_SCALE em high,
 * centred in it and CV_TS_ICON_MIDDLE em above the baseline, then
 * CV_TS_ICON_GAP em before the text.  Paths, never text: no extractor sees
 * an icon.
 */
static void put_icon_macros(struct tex *t, struct cv_texw *out)
{
	const struct cv_header_layout *h = &t->l->header;
	double sc = CV_TS_ICON_SCALE, box = CV_TS_ICON_EM * 1000;
	size_t i, k;
	if (!t->nicons)
		return;
	cv_texw_code(out,
	             "\n% Icons: \\cvicon{N} draws icon N (\\cvicondef) as a filled path, in a\n"
	             "% picture ");
	cv_texw_num(out, CV_TS_ICON_EM);
	cv_texw_code(out, "em wide (coordinates in 1/1000 em), then a gap of ");
	cv_texw_num(out, CV_TS_ICON_GAP);
	cv_texw_code(out, "em.\n");
	if (h->icon_color_set)
		put_rgb(out, "cvicon", h->icon_color);
	cv_texw_code(out, "\\newcommand\\cvicondef[2]{\\expandafter\\def\\csname cvicon@\\number#1"
	                  "\\endcsname{#2}}\n"
	                  "\\DeclareRobustCommand\\cvicon[1]{{\\setlength\\unitlength{0.001em}"
	                  "\\begin{picture}(");
	cv_texw_num(out, box);
	cv_texw_code(out, ",0)");
	if (h->icon_color_set)
		cv_texw_code(out, "\\color{cvicon}");
	cv_texw_code(out, "\\csname cvicon@\\number#1\\endcsname\\end{picture}}"
	                  "\\kern");
	cv_texw_num(out, CV_TS_ICON_GAP);
	cv_texw_code(out, "em\\relax}\n");
	for (i = 0; i < t->nicons; i++) {
		const struct cv_icon *ic = t->icon[i];
		double x0 = (box - (ic->xmax - ic->xmin) * sc) / 2 - ic->xmin * sc;
		double y0 = CV_TS_ICON_MIDDLE * 1000 - (ic->ymin + ic->ymax) / 2 * sc;
		cv_texw_code(out, "\\cvicondef{");
		cv_texw_int(out, (long)(i + 1));
		cv_texw_code(out, "}{% ");
		cv_texw_comment(out, t->icon_names[i]);
		cv_texw_code(out, "\n");
		for (k = 0; k < ic->nsegs; k++) {
			const struct cv_icon_seg *g = &ic->segs[k];
			switch (g->op) {
			case CV_ICON_MOVE:
				cv_texw_code(out, "\\moveto(");
				break;
			case CV_ICON_LINE:
				cv_texw_code(out, "\\lineto(");
				break;
			case CV_ICON_CURVE:
				cv_texw_code(out, "\\curveto(");
				cv_texw_num(out, x0 + g->x1 * sc);
				cv_texw_code(out, ",");
				cv_texw_num(out, y0 + g->y1 * sc);
				cv_texw_code(out, ")(");
				cv_texw_num(out, x0 + g->x2 * sc);
				cv_texw_code(out, ",");
				cv_texw_num(out, y0 + g->y2 * sc);
				cv_texw_code(out, ")(");
				break;
			case CV_ICON_CLOSE:
				cv_texw_code(out, "\\closepath\n");
				continue;
			}
			cv_texw_num(out, x0 + g->x * sc);
			cv_texw_code(out, ",");
			cv_texw_num(out, y0 + g->y * sc);
			cv_texw_code(out, ")");
		}
		if (ic->nsegs) /* an empty glyph (a space) draws nothing */
			cv_texw_code(out, "\\fillpath");
		cv_texw_code(out, "}\n");
	}
}

static void put_preamble(struct tex *t, struct cv_texw *out, const struct cv_render_opts *opts,
                         const char *reason)
{
	const struct cv_layout *l = t->l;
	const char *stem = profile_stem(t->a, t->doc);
	const char *version = opts && opts->version ? opts->version : "";

	cv_texw_code(out, "% Generated by folio ");
	cv_texw_comment(out, version);
	cv_texw_code(out, " from a CV profile, layout \"");
	cv_texw_comment(out, l->name ? l->name : "?");
	cv_texw_code(out, "\".\n");
	if (reason) {
		if (t->units)
			cv_texw_code(out,
			             "% Build it with xelatex or lualatex (run three times: page "
			             "numbers, where the\n% first page ends):\n"
			             "%   xelatex ");
		else
			cv_texw_code(
			    out,
			    "% Build it with xelatex or lualatex (run twice for page numbers):\n"
			    "%   xelatex ");
		cv_texw_word(out, stem);
		cv_texw_code(out, ".tex\n% pdflatex cannot set it: it contains ");
		cv_texw_comment(out, reason);
		cv_texw_code(out, ".\n% folio-engine: xelatex\n");
	} else {
		if (t->units)
			cv_texw_code(out,
			             "% Build it with pdflatex, xelatex or lualatex (run three "
			             "times: page numbers,\n% where the first page ends):\n"
			             "%   pdflatex ");
		else
			cv_texw_code(out,
			             "% Build it with pdflatex, xelatex or lualatex (run twice for "
			             "page numbers):\n"
			             "%   pdflatex ");
		cv_texw_word(out, stem);
		cv_texw_code(out,
		             ".tex\n% xelatex and lualatex use the layout's own TrueType fonts; "
		             "pdflatex uses stand-ins.\n"
		             "% folio-engine: pdflatex\n");
	}
	cv_texw_code(out, "% The body below uses the macros defined here; edit them to restyle.\n"
	                  "\\documentclass{article}\n\\usepackage{iftex}\n"
	                  "\\usepackage[paperwidth=");
	cv_texw_dim(out, l->page.width);
	cv_texw_code(out, ", paperheight=");
	cv_texw_dim(out, l->page.height);
	cv_texw_code(out, ",\n  top=");
	cv_texw_dim(out, l->page.margin_top);
	cv_texw_code(out, ", right=");
	cv_texw_dim(out, l->page.margin_right);
	cv_texw_code(out, ", bottom=");
	cv_texw_dim(out, l->page.margin_bottom);
	cv_texw_code(out, ", left=");
	cv_texw_dim(out, l->page.margin_left);
	cv_texw_code(out, ", footskip=");
	cv_texw_dim(out, l->page.margin_bottom / 2);
	cv_texw_code(out, "]{geometry}\n\\ifPDFTeX\n");
	if (reason) {
		cv_texw_code(out, "  \\errmessage{this CV needs xelatex or lualatex (it contains ");
		cv_texw_text_plain(out, reason);
		cv_texw_code(out, ")}\n  \\csname @@end\\endcsname\n");
	} else {
		put_pdftex_fonts(t, out);
	}
	cv_texw_code(out, "\\else\n");
	put_fontspec_fonts(t, out);
	cv_texw_code(out, "\\fi\n"
	                  "\\usepackage{xcolor}\n\\usepackage{graphicx}\n\\usepackage{enumitem}\n");
	put_language(out, l->locale);
	if (t->page_total)
		cv_texw_code(out, "\\usepackage{lastpage}\n");
	if (l->sidebar.show)
		cv_texw_code(out, "\\usepackage{paracol}\n");
	if (t->units)
		cv_texw_code(out, "\\usepackage{refcount}\n");
	put_rgb(out, "cvaccent", l->accent);
	if (t->nicons || t->levels || t->chips)
		cv_texw_code(out, "\\usepackage{pict2e}\n");
	put_rgb(out, "cvlink", l->link_color);
	put_rgb(out, "cvrule", l->section.rule_color);
	cv_texw_code(out, "\\usepackage[bookmarks=true, bookmarksopen=true, hidelinks, "
	                  "pdfusetitle=false]{hyperref}\n"
	                  "\\hypersetup{pdfcreator={folio ");
	cv_texw_text_plain(out, version);
	cv_texw_code(out, "}");
	put_meta(t, out, "pdftitle", t->doc->title);
	put_meta(t, out, "pdfauthor", t->doc->author);
	put_meta(t, out, "pdfsubject", t->doc->subject);
	put_meta(t, out, "pdfkeywords", t->doc->keywords);
	cv_texw_code(out, "}\n");

	cv_texw_code(
	    out,
	    "\\setlength\\parindent{0pt}\n\\setlength\\parskip{0pt}\n"
	    "\\setlength\\emergencystretch{3em}\n"
	    "% Loose lines rather than lines into the margin (the PDF stretches the spaces\n"
	    "% of a justified line that has no break; capitalised words are not hyphenated).\n"
	    "\\tolerance=1000\n"
	    "\\newlanguage\\cvnohyphenation % a language without patterns: no hyphens\n"
	    "\\DeclareRobustCommand\\cvkeep[1]{{\\language=\\cvnohyphenation #1}}\n"
	    "% A word with a hyphen kept whole, unless it is wider than the line.\n"
	    "\\newsavebox\\cvwordbox\n"
	    "\\DeclareRobustCommand\\cvunbroken[1]{\\sbox\\cvwordbox{#1}%\n"
	    "  \\ifdim\\wd\\cvwordbox>\\linewidth #1\\else\\usebox\\cvwordbox\\fi}\n"
	    "% A break inside a very long word, taken only when nothing else fits\n"
	    "% (TeX's lengths end at 16383pt); nothing in the PDF outline.\n"
	    "\\DeclareRobustCommand\\cvbrk{\\penalty9999\\relax}\n"
	    "% A hard line break: \\newline, without its \\hfil where the text is ragged or\n"
	    "% centred (there it would push the line off its alignment).\n"
	    "\\DeclareRobustCommand\\cvnewline{\\ifvmode\\else\\unskip\n"
	    "  \\ifnum\\numexpr\\gluestretchorder\\leftskip+\\gluestretchorder\\rightskip"
	    "\\relax>0\n"
	    "  \\break\\else\\nobreak\\hfil\\break\\fi\\fi}\n"
	    "% Spaces of a separator after the first (each counts, as in the PDF).\n"
	    "\\DeclareRobustCommand\\cvspaces[1]{\\hskip#1\\fontdimen2\\font\\relax}\n"
	    "% A separator between contact items: a line may break there, and then it\n"
	    "% shows on neither line (a discretionary with nothing before or after the break).\n"
	    "\\DeclareRobustCommand\\cvsep[1]{\\unskip\\discretionary{}{}{\\mbox{#1}}"
	    "\\ignorespaces}\n"
	    "% Links show in the link colour of the role's style where the PDF shows\n"
	    "% one (running text: \\cvstyleROLE sets \\cvlinkcolor); elsewhere in its colour.\n"
	    "\\newcommand\\cvlinkcolor{cvlink}\n"
	    "\\DeclareRobustCommand\\cvlink[1]{{\\color{\\cvlinkcolor}#1}}\n"
	    "\\pdfstringdefDisableCommands{\\def\\cvbrk{}\\def\\cvunbroken#1{#1}"
	    "\\def\\cvnewline{ }\n"
	    "  \\def\\cvsep#1{#1}\\def\\cvspaces#1{ "
	    "}\\def\\cvlink#1{#1}\\def\\cvicon#1{}\\def\\cvlevel#1{}"
	    "\\def\\cvchip#1{#1}}\n"
	    "% Tracked text (\\cvtrack) carries its letters as ActualText, so that an\n"
	    "% extractor that honours it reads a letter-spaced word whole, not as\n"
	    "% letters apart (docs/extraction.md).  The marks go outside the text object.\n"
	    "% Over 400 characters of source, no ActualText: \\pdfstringdef would take\n"
	    "% seconds for a long run of escaped specials.\n"
	    "\\ifPDFTeX\\newcommand\\cvliteral[1]{\\pdfliteral page{#1}}\n"
	    "\\else\\ifXeTeX\\newcommand\\cvliteral[1]{\\special{pdf:literal direct #1}}\n"
	    "\\else\\newcommand\\cvliteral[1]{\\pdfextension literal page{#1}}\\fi\\fi\n"
	    "\\newcount\\cvtextlength\n"
	    "\\newif\\ifcvlongtext\n"
	    "\\def\\cvlengthof#1{\\cvtextlength=0 \\expandafter\\cvlengthstep\\detokenize{#1}\\relax}\n"
	    "\\def\\cvlengthstep#1{\\ifx\\relax#1\\else\\advance\\cvtextlength 1\n"
	    "  \\expandafter\\cvlengthstep\\fi}\n"
	    "\\DeclareRobustCommand\\cvactualtext[2]{\\cvlengthof{#1}%\n"
	    "  \\ifnum\\cvtextlength>400 \\cvlongtexttrue\\else\\cvlongtextfalse\\fi\n"
	    "  \\ifcvlongtext#2\\else\\pdfstringdef\\cvactualstring{#1}%\n"
	    "  \\cvliteral{/Span<</ActualText(\\cvactualstring)>>BDC}#2\\cvliteral{EMC}\\fi}\n");
	put_hyphenation(out, &t->l->hyphenation);
	put_styles(out, l, t->used, false);
	if (l->sidebar.show && l->sidebar.look)
		put_styles(out, l->sidebar.look, t->side_used, true);

	cv_texw_code(out, "\n% Role text inline: \\cvtext{ROLE}{text}.\n"
	                  "\\newcommand\\cvtext[2]{{\\csname cvstyle#1\\endcsname"
	                  "\\csname cvshape#1\\endcsname{#2}}}\n"
	                  "\\makeatletter\n");
	put_header_macros(t, out);
	put_section_macro(t, out);
	put_row_macros(t, out);
	put_text_macros(t, out);
	put_icon_macros(t, out);
	put_region_macros(t, out);
	cv_texw_code(out, "\\makeatother\n\n% Page footer.\n");
	put_footer(t, out);
}

/* The icon cache and list of a render (the outlines live in t->a). */
static void free_icons(struct tex *t)
{
	cv_icons_free(t->icons);
	x_free(t->icon);
	x_free(t->icon_names);
	t->icons = NULL;
	t->icon = NULL;
	t->icon_names = NULL;
	t->nicons = t->icon_cap = 0;
}

/*
 * The whole .tex into out; with t->local, files by local names (recorded in
 * t).  False, writing nothing, when a font or the photo cannot be used:
 * they are checked as the PDF back end uses them, so a file the PDF would
 * refuse never reaches TeX.
 */
static bool render(struct tex *t, const struct cv_render_opts *opts, struct cv_texw *out)
{
	struct cv_texw *body;
	const char *reason = NULL, *f;

	if (!cv_pdf_check_files(t->doc, t->local ? &t->photo : NULL))
		return false;
	body = cv_texw_new();

	if (t->doc->root)
		scan_block(t, t->doc->root);
	scan_text(t, t->l->bullet, NULL);
	scan_text(t, t->l->footer.page_format, NULL);
	scan_text(t, t->doc->title, NULL);
	scan_text(t, t->doc->author, NULL);
	scan_text(t, t->doc->subject, NULL);
	scan_text(t, t->doc->keywords, NULL);
	f = t->l->footer.page_format;
	t->page_total = f && strstr(f, "%n") != NULL;
	t->units = t->l->sidebar.show && !t->l->sidebar.all_pages;
	/* the body first: it tells which role styles the preamble needs */
	t->used[CV_ROLE_BODY] = t->used[CV_ROLE_BULLET] = t->used[CV_ROLE_SECTION_TITLE] = true;
	t->used[CV_ROLE_ENTRY_TITLE] = t->used[CV_ROLE_ENTRY_DATE] = true;
	t->used[CV_ROLE_FOOTER] = f && *f;
	put_body(t, body);
	if (t->icon_failed) { /* reported: a font file the PDF could not draw from either */
		cv_texw_free(body);
		free_icons(t);
		return false;
	}
	if (t->scripts)
		reason = unicode_reason(t);
	put_preamble(t, out, opts, reason);
	cv_texw_code(out, "\n\\begin{document}\n");
	cv_texw_append(out, body);
	cv_texw_code(out, "\\end{document}\n");
	cv_texw_free(body);
	free_icons(t);
	if (reason && !t->local)
		cv_msg(CV_NOTE, t->unicode_pos.file ? &t->unicode_pos : NULL,
		       "latex-needs-unicode-engine",
		       "the LaTeX file needs xelatex or lualatex (it contains %s); pdflatex "
		       "cannot set it",
		       reason);
	return true;
}

bool cv_latex_render(const struct cv_doc *doc, const struct cv_render_opts *opts,
                     struct cv_buf *result)
{
	struct tex t;
	struct cv_texw *w = cv_texw_new();
	const char *data;
	size_t len;
	bool ok;

	memset(&t, 0, sizeof t);
	t.doc = doc;
	t.l = doc->layout;
	t.a = cv_arena_new();
	ok = render(&t, opts, w);
	if (ok) {
		data = cv_texw_data(w, &len);
		cv_buf_put(result, data, len); /* the only write outside the TeX writer */
	}
	cv_texw_free(w);
	x_free(t.assets);
	cv_arena_free(t.a);
	return ok;
}

bool cv_latex_render_job(struct cv_arena *a, const struct cv_doc *doc,
                         const struct cv_render_opts *opts, struct cv_tex_job *job)
{
	struct tex t;
	struct cv_texw *w = cv_texw_new();
	const char *data;
	const struct cv_pos *lines;
	size_t len, n, i;
	struct cv_pos *copy;

	memset(&t, 0, sizeof t);
	memset(job, 0, sizeof *job);
	t.doc = doc;
	t.l = doc->layout;
	t.a = a;
	t.local = true;
	if (!render(&t, opts, w)) {
		x_free(t.assets);
		cv_texw_free(w);
		return false;
	}
	/* the photo's bytes live as long as the job: copy them to the arena */
	for (i = 0; i < t.nassets; i++)
		if (t.assets[i].data)
			t.assets[i].data = cv_arena_memdup(a, t.assets[i].data, t.assets[i].len);
	cv_photo_file_free(&t.photo);
	data = cv_texw_data(w, &len);
	job->tex = cv_arena_strndup(a, data, len);
	job->len = len;
	lines = cv_texw_lines(w, &n);
	copy = cv_arena_alloc(a, (n ? n : 1) * sizeof *copy);
	for (i = 0; i < n; i++)
		copy[i] = lines[i];
	job->line_pos = copy;
	job->nlines = n;
	job->assets = cv_arena_alloc(a, (t.nassets ? t.nassets : 1) * sizeof *job->assets);
	memcpy((void *)job->assets, t.assets, t.nassets * sizeof *t.assets);
	job->nassets = t.nassets;
	job->engine = t.scripts ? "xelatex" : "pdflatex";
	job->dated = opts && opts->source_date_epoch >= 0;
	job->source_date_epoch = job->dated ? opts->source_date_epoch : 0;
	x_free(t.assets);
	cv_texw_free(w);
	return true;
}
