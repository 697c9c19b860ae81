/*
 * Checkers for the .tex files folio writes, shared by test_latex_safety.c
 * and fuzz/fuzz_latex.c: no input can have become TeX code.  tex_check
 * looks at the whole file, tex_check_marked at what came from input.
 *
 * The vocabulary is read from folio's own sources: every control word
 * written in a C string literal of src/latex/latex.c and writer.c (as
 * "\\name").  In the .tex, then:
 *   - every control word is in that vocabulary (an input "\input" is written
 *     as \textbackslash{}input, so it never shows up as a control word);
 *   - control symbols are only the escapes \{ \} \% \# \$ \& \_ \, \;
 *   - "^^" never occurs (input ^ is \textasciicircum{});
 *   - # is only a macro parameter (#1..#9), $ and & and _ are never raw,
 *     except inside \href targets, which hold URL characters only;
 *   - braces balance, outside comments, and never go below zero.
 * Header-only: static functions, included once per program.
 */
#ifndef FOLIO_TEX_CHECK_H
#define FOLIO_TEX_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FOLIO_SOURCE_DIR
#error FOLIO_SOURCE_DIR must name the source tree
#endif

struct tex_vocab {
	char **words;
	size_t n, cap;
};

static int tex_vocab_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int tex_is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@';
}

/* Add the control words written as "\\word" in the C file at path. */
static int tex_vocab_add_file(struct tex_vocab *v, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long len, i;
	if (!fp)
		return -1;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	s = malloc((size_t)len + 1);
	if (!s || fread(s, 1, (size_t)len, fp) != (size_t)len) {
		fclose(fp);
		free(s);
		return -1;
	}
	fclose(fp);
	s[len] = '\0';
	for (i = 0; i + 2 < len; i++) {
		long j;
		if (s[i] != '\\' || s[i + 1] != '\\' || !tex_is_letter((unsigned char)s[i + 2]))
			continue;
		for (j = i + 2; j < len && tex_is_letter((unsigned char)s[j]); j++)
			;
		if (v->n == v->cap) {
			v->cap = v->cap ? 2 * v->cap : 256;
			v->words = realloc(v->words, v->cap * sizeof *v->words);
		}
		v->words[v->n] = malloc((size_t)(j - i - 2) + 1);
		memcpy(v->words[v->n], s + i + 2, (size_t)(j - i - 2));
		v->words[v->n++][j - i - 2] = '\0';
		i = j - 1;
	}
	free(s);
	return 0;
}

/* The vocabulary of folio's LaTeX back end; 0 on success. */
static int tex_vocab_load(struct tex_vocab *v)
{
	memset(v, 0, sizeof *v);
	if (tex_vocab_add_file(v, FOLIO_SOURCE_DIR "/src/latex/latex.c") ||
	    tex_vocab_add_file(v, FOLIO_SOURCE_DIR "/src/latex/writer.c"))
		return -1;
	qsort(v->words, v->n, sizeof *v->words, tex_vocab_cmp);
	return 0;
}

static void tex_vocab_free(struct tex_vocab *v)
{
	size_t i;
	for (i = 0; i < v->n; i++)
		free(v->words[i]);
	free(v->words);
}

static int tex_vocab_find(const struct tex_vocab *v, const char *w, size_t n)
{
	char key[64];
	const char *k = key;
	if (n >= sizeof key)
		return 0;
	memcpy(key, w, n);
	key[n] = '\0';
	return bsearch(&k, v->words, v->n, sizeof *v->words, tex_vocab_cmp) != NULL;
}

/*
 * True if the control word w (n letters) is folio's: written whole in its
 * sources, or made there from a prefix and a fixed tail -- \cvstyle,
 * \cvshape, \cvsidestyle and \cvsideshape + a role stem, \cvfamily +
 * capital letters (latex.c).
 */
static int tex_vocab_has(const struct tex_vocab *v, const char *w, size_t n)
{
	static const char *const stems[] = {"body",    "name",   "headline", "contact",
	                                    "section", "title",  "subtitle", "date",
	                                    "detail",  "bullet", "footer"};
	size_t i, k;
	if (tex_vocab_find(v, w, n))
		return 1;
	if (n > 8 && !memcmp(w, "cvfamily", 8) && tex_vocab_find(v, w, 8)) {
		for (k = 8; k < n && w[k] >= 'A' && w[k] <= 'Z'; k++)
			;
		return k == n;
	}
	for (k = 7; k <= 11; k += 4) /* \cvstyle..., \cvsidestyle... */
		if (n > k && tex_vocab_find(v, w, k) &&
		    (!memcmp(w, k == 7 ? "cvstyle" : "cvsidestyle", k) ||
		     !memcmp(w, k == 7 ? "cvshape" : "cvsideshape", k)))
			for (i = 0; i < sizeof stems / sizeof *stems; i++)
				if (strlen(stems[i]) == n - k && !memcmp(w + k, stems[i], n - k))
					return 1;
	return 0;
}

static int tex_url_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-._~:/?@!$'()*+,;=", c));
}

/*
 * Check tex (len bytes).  NULL when it is clean, else a description of the
 * first problem (a static buffer) with its byte offset.
 */
static const char *tex_check(const struct tex_vocab *v, const char *tex, size_t len)
{
	static char why[160];
	size_t i = 0;
	long depth = 0;
#define TEX_BAD(...)                                                                               \
	do {                                                                                       \
		snprintf(why, sizeof why, __VA_ARGS__);                                            \
		return why;                                                                        \
	} while (0)
	while (i < len) {
		unsigned char c = (unsigned char)tex[i];
		if (c == 0x01 || c == 0x02) { /* input marks (tex_check_marked) */
			i++;
			continue;
		}
		if (c == '%') { /* a comment: to the end of the line */
			while (i < len && tex[i] != '\n')
				i++;
			continue;
		}
		if (c == '^' && i + 1 < len && tex[i + 1] == '^')
			TEX_BAD("\"^^\" at byte %zu", i);
		if (c == '\\') {
			size_t j = i + 1;
			if (j < len && tex_is_letter((unsigned char)tex[j])) {
				while (j < len && tex_is_letter((unsigned char)tex[j]))
					j++;
				if (!tex_vocab_has(v, tex + i + 1, j - i - 1))
					TEX_BAD(
					    "control word \"\\%.*s\" at byte %zu is not folio's",
					    (int)(j - i - 1 > 40 ? 40 : j - i - 1), tex + i + 1, i);
				/* the one file folio reads: the text-extraction table */
				if (j - i - 1 == 5 && !memcmp(tex + i + 1, "input", 5) &&
				    strncmp(tex + j, "{glyphtounicode}", 16) != 0)
					TEX_BAD("\\input of another file at byte %zu", i);
				if (j - i - 1 == 4 && !memcmp(tex + i + 1, "href", 4) && j < len &&
				    tex[j] == '{') {
					/* the target: URL characters, \%XX, \# and \& only */
					for (j++; j < len && tex[j] != '}'; j++) {
						if (tex[j] == '\\' && j + 1 < len &&
						    strchr("%#&", tex[j + 1])) {
							j++;
							continue;
						}
						if (!tex_url_char((unsigned char)tex[j]) &&
						    tex[j] != 0x01 && tex[j] != 0x02)
							TEX_BAD("byte 0x%02x in an \\href target "
							        "at %zu",
							        (unsigned char)tex[j], j);
					}
					i = j + 1;
					continue;
				}
				i = j;
				continue;
			}
			if (j < len && strchr("{}%#$&_,;", tex[j])) {
				i = j + 1;
				continue;
			}
			TEX_BAD("control symbol \"\\%c\" at byte %zu", j < len ? tex[j] : ' ', i);
		}
		if (c == '#') {
			if (!(i + 1 < len && tex[i + 1] >= '1' && tex[i + 1] <= '9'))
				TEX_BAD("a raw # at byte %zu", i);
		} else if (c == '$' || c == '&' || c == '_') {
			TEX_BAD("a raw %c at byte %zu", c, i);
		} else if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (--depth < 0)
				TEX_BAD("an unbalanced } at byte %zu", i);
		}
		i++;
	}
	if (depth != 0)
		TEX_BAD("%ld braces left open at the end", depth);
	return NULL;
#undef TEX_BAD
}

/*
 * With the writer marking input (cv_texw_mark_input): every stretch between
 * \x01 and \x02 holds only what TeX reads as text -- letters, digits, UTF-8,
 * space and !'()*+,-./:;=?@[]~, the escapes \{ \} \% \# \$ \& \_, the text
 * commands folio's escaping uses (each followed by {}), the ligature breaker
 * {}, {[}, and a "%" ending a line; in an \href target also _ and $, in a
 * comment also _.  NULL
 * when clean, else the first problem.
 */
static const char *tex_check_marked(const char *tex, size_t len)
{
	static const char *const words[] = {
	    "textbackslash", "textasciitilde", "textasciicircum", "textless",       "textgreater",
	    "textbar",       "textquotedbl",   "textquotesingle", "textasciigrave", "cvbrk"};
	static char why[160];
	size_t i = 0, k;
	int inside = 0, url = 0, comment = 0;
	while (i < len) {
		unsigned char c = (unsigned char)tex[i];
		if (!inside && c == '\\' && i + 1 < len) { /* folio's code: skip escapes */
			i += 2;
			continue;
		}
		if (!inside && (c == '%' || c == '\n'))
			comment = c == '%';
		if (c == 0x01) {
			if (inside) {
				snprintf(why, sizeof why, "nested input mark at byte %zu", i);
				return why;
			}
			inside = 1;
			url = i >= 6 && !memcmp(tex + i - 6, "\\href{", 6);
			i++;
			continue;
		}
		if (c == 0x02) {
			inside = 0;
			i++;
			continue;
		}
		if (!inside || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c && strchr(" !'()*+,-./:;=?@[]~", c)) ||
		    (url && (c == '_' || c == '$')) || (comment && c == '_')) {
			i++;
			continue;
		}
		if (c == '\\' && i + 1 < len && tex[i + 1] && strchr("{}%#$&_", tex[i + 1])) {
			i += 2;
			continue;
		}
		if (c == '\\') {
			for (k = 0; k < sizeof words / sizeof *words; k++) {
				size_t n = strlen(words[k]);
				if (i + 1 + n + 2 <= len && !memcmp(tex + i + 1, words[k], n) &&
				    !memcmp(tex + i + 1 + n, "{}", 2))
					break;
			}
			if (k < sizeof words / sizeof *words) {
				i += 1 + strlen(words[k]) + 2;
				continue;
			}
		}
		if (c == '{' && i + 1 < len && tex[i + 1] == '}') {
			i += 2;
			continue;
		}
		if (c == '{' && i + 2 < len && tex[i + 1] == '[' && tex[i + 2] == '}') {
			i += 3;
			continue;
		}
		if (c == '%' && i + 1 < len && tex[i + 1] == '\n') {
			i += 2;
			continue;
		}
		snprintf(why, sizeof why, "input byte 0x%02x (%.20s) at %zu is not escaped", c,
		         tex + i, i);
		return why;
	}
	return inside ? "an input mark left open" : NULL;
}

#endif
