/*
 * Inline layout: runs become boxes (word pieces), glue (spaces) and
 * penalties (hyphenation points, explicit hyphens, hard breaks); the breaker
 * picks the lines; each line becomes text stretches that merge neighbouring
 * words of one look, spaces included, so that the PDF holds real spaces.
 */
#include "inline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "hyphen.h"
#include "linebreak.h"

#define HYPHEN_PENALTY 50.0
#define EXHYPHEN_PENALTY 50.0
#define URL_PENALTY 100.0
#define SUP_SCALE 0.7
#define SUP_RAISE 0.33 /* [em of the base size] */
#define SUB_LOWER 0.14
#define RAGGED_STRETCH 3.0 /* [em] */
#define MAX_WORD_PIECES 256
/* [pt] overhang not worth a warning (kerning across merged pieces) */
#define OVERFULL_SLACK 0.5
/* stretch ratio past which a line's badness is capped (100 r^3 = 10000) */
#define AWFUL_STRETCH 4.64
/* a tied paragraph accepts any line the breaker does not cap in its first pass */
#define TIED_TOLERANCE 10000.0

/* The look of one run, resolved from its style and flags. */
struct look {
	int family, face;
	double size, dy; /* [pt] dy: baseline shift, y down */
	struct cv_color color;
	double tracking; /* [1/1000 em] */
	bool underline;
	bool chip; /* a tag chip: CV_TS_CHIP_PAD on both sides, a band behind */
	const char *href;
	const struct cv_pos *pos; /* the run's own position (a link label), or NULL */
	bool breakable;           /* hyphenation and breaks at hyphens allowed */
	bool exbreakable;         /* breaks at hyphens allowed when a line would overflow
	                             (names and links too: better than running off the page) */
	double space;             /* [pt] width of U+0020, tracking included; < 0 until measured */
};

/* What a box or glue item draws: bytes of one run (glue: run == SIZE_MAX for non-spaces). */
struct piece {
	size_t run, off, len;
};

struct build {
	const struct cv_ts_ctx *c;
	const struct cv_run *runs;
	size_t nruns;
	struct look *looks;
	bool ragged;
	bool hyphenate;
	bool capitals; /* hyphenate capitalised words too (the layout's choice, or a last resort) */
	bool exhyphen; /* break at explicit hyphens in every exbreakable look */
	bool urlbreak; /* last resort: break URLs, addresses and paths after / _ ? & = # (and -
	                  in those with a /) and before . @ */
	struct cv_lb_item *items;
	struct piece *pieces;
	size_t n, cap;
	struct piece word[MAX_WORD_PIECES]; /* fragments of the word being read */
	size_t nword;
	bool keep_items;   /* runs with separators: break only at them (not inside items) */
	bool absorb_space; /* the word just ended cannot be set: the next space goes with it */
	bool tie_last;     /* no break before the last word (unless the two overflow a line) */
};

static double measure_look(const struct cv_ts_ctx *c, const struct look *k, const char *s,
                           size_t len)
{
	if (len == 0)
		return 0;
	if (k->family == CV_TS_ICON_FAMILY)
		return (CV_TS_ICON_EM + CV_TS_ICON_GAP) * k->size;
	if (k->family == CV_TS_LEVEL_FAMILY) {
		const char *slash = memchr(s, '/', len);
		unsigned long marks = slash ? strtoul(slash + 1, NULL, 10) : 0;
		return marks ? ((marks - 1) * CV_TS_LEVEL_STEP + CV_TS_LEVEL_DOT) * k->size : 0;
	}
	double w = c->m->width(c->m->ctx, k->family, k->face, s, len, k->size);
	if (k->chip && !(len == 1 && *s == ' '))
		w += 2 * CV_TS_CHIP_PAD * k->size;
	return w + k->tracking / 1000.0 * k->size * (double)cv_utf8_length(s, len);
}

/* Ascender and descender of a look [pt]; an icon's box is one em, on the baseline. */
static double ascent_of(const struct cv_ts_ctx *c, const struct look *k)
{
	if (k->family < 0) /* icons and level marks */
		return CV_TS_ICON_ASCENT * k->size;
	return c->m->ascent(c->m->ctx, k->family, k->face, k->size);
}

static double descent_of(const struct cv_ts_ctx *c, const struct look *k)
{
	if (k->family < 0)
		return (1 - CV_TS_ICON_ASCENT) * k->size;
	return c->m->descent(c->m->ctx, k->family, k->face, k->size);
}

/* Width of a space in a look, measured once. */
static double space_of(const struct cv_ts_ctx *c, struct look *k)
{
	if (k->space < 0)
		k->space = measure_look(c, k, " ", 1);
	return k->space;
}

/* Whether a link shows in the link colour (typeset.h). */
bool cv_ts_link_coloured(enum cv_role role, unsigned flags)
{
	if (flags & CV_RUN_BOLD)
		return false;
	switch (role) {
	case CV_ROLE_BODY:
	case CV_ROLE_BULLET:
	case CV_ROLE_ENTRY_DETAIL:
	case CV_ROLE_CONTACT:
	case CV_ROLE_ENTRY_DATE:
	case CV_ROLE_FOOTER:
		return true;
	default:
		return false;
	}
}

static struct look look_of(const struct cv_ts_ctx *c, enum cv_role role, const struct cv_run *r)
{
	const struct cv_style *st = &c->l->styles[role];
	unsigned f = r ? r->flags : 0;
	struct look k = {
	    .family = st->family,
	    .face = ((st->bold || (f & CV_RUN_BOLD)) ? 1 : 0) +
	            ((st->italic || (f & CV_RUN_ITALIC)) ? 2 : 0),
	    .size = st->size,
	    .color = st->color,
	    .tracking = st->tracking,
	    .underline = (f & CV_RUN_UNDERLINE) != 0,
	    .href = r ? r->href : NULL,
	    .pos = r ? r->pos : NULL,
	    .breakable = st->hyphenate && !(f & (CV_RUN_NOBREAK | CV_RUN_CODE)) && !(r && r->href),
	    .exbreakable = !(f & CV_RUN_CODE),
	    .space = -1,
	};
	if ((f & CV_RUN_CODE) && c->l->code.family >= 0) {
		k.family = c->l->code.family;
		k.size *= c->l->code.scale;
	}
	if (f & CV_RUN_SUP) {
		k.size = st->size * SUP_SCALE;
		k.dy = -SUP_RAISE * st->size;
	} else if (f & CV_RUN_SUB) {
		k.size = st->size * SUP_SCALE;
		k.dy = SUB_LOWER * st->size;
	}
	if (k.href && cv_ts_link_coloured(role, f))
		k.color = st->link_color;
	if (f & CV_RUN_CHIP) {
		k.chip = true;
		k.size *= CV_TS_CHIP_SCALE;
		k.breakable = k.exbreakable = false;
		if (c->l->chip.color_set)
			k.color = c->l->chip.color;
	}
	if (f & CV_RUN_LEVEL) {
		k.family = CV_TS_LEVEL_FAMILY;
		k.face = 0;
		k.tracking = 0;
		k.underline = false;
		k.breakable = k.exbreakable = false;
	}
	if (f & CV_RUN_ICON) {
		k.family = CV_TS_ICON_FAMILY;
		k.face = 0;
		k.tracking = 0;
		k.underline = false;
		k.breakable = k.exbreakable = false;
		if (c->l->header.icon_color_set)
			k.color = c->l->header.icon_color;
	}
	return k;
}

static bool same_look(const struct look *a, const struct look *b)
{
	return a->family == b->family && a->face == b->face && a->size == b->size &&
	       a->dy == b->dy && a->color.r == b->color.r && a->color.g == b->color.g &&
	       a->color.b == b->color.b && a->tracking == b->tracking &&
	       a->underline == b->underline && a->chip == b->chip && cv_streq(a->href, b->href) &&
	       a->pos == b->pos;
}

static void push(struct build *b, struct cv_lb_item it, struct piece p)
{
	if (b->n == b->cap) {
		size_t cap = b->cap;
		b->items = x_grow(b->items, &cap, b->n + 1, sizeof *b->items);
		b->pieces = x_grow(b->pieces, &b->cap, b->n + 1, sizeof *b->pieces);
	}
	b->items[b->n] = it;
	b->pieces[b->n] = p;
	b->n++;
}

static void push_box(struct build *b, size_t run, size_t off, size_t len)
{
	if (len == 0)
		return;
	double w = measure_look(b->c, &b->looks[run], b->runs[run].text + off, len);
	push(b, (struct cv_lb_item){.type = CV_LB_BOX, .width = w}, (struct piece){run, off, len});
}

static void push_penalty(struct build *b, size_t run, double width, double pen, bool flagged)
{
	push(b,
	     (struct cv_lb_item){
	         .type = CV_LB_PENALTY, .width = width, .penalty = pen, .flagged = flagged},
	     (struct piece){run, 0, 0});
}

static bool last_is(const struct build *b, enum cv_lb_type t)
{
	return b->n > 0 && b->items[b->n - 1].type == t;
}

/* Drop trailing spaces, then end the line with fil glue and a forced break. */
static void push_forced_break(struct build *b)
{
	b->absorb_space = false;
	while (last_is(b, CV_LB_GLUE))
		b->n--;
	if (b->n == 0 || (last_is(b, CV_LB_PENALTY) && b->items[b->n - 1].penalty <= -CV_LB_INF))
		return; /* no empty lines */
	push(b, (struct cv_lb_item){.type = CV_LB_GLUE, .stretch = CV_LB_FIL},
	     (struct piece){SIZE_MAX, 0, 0});
	push_penalty(b, SIZE_MAX, 0, -CV_LB_INF, false);
}

static bool is_letter_byte(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

/* A word that must never break: digits, e-mail, paths, URLs. */
static bool word_is_code(const struct build *b)
{
	for (size_t i = 0; i < b->nword; i++) {
		const struct piece *p = &b->word[i];
		const char *s = b->runs[p->run].text + p->off;
		for (size_t j = 0; j < p->len; j++)
			if ((s[j] >= '0' && s[j] <= '9') || s[j] == '@' || s[j] == '/' ||
			    s[j] == '\\' || s[j] == '_')
				return true;
		if (p->len >= 4 && strncmp(s, "www.", 4) == 0)
			return true;
	}
	return false;
}

/*
 * Emit one fragment, split at its allowed break points.  lead_caps: the
 * fragment continues a word begun with a capital in an earlier run
 * ("**Penn**sylvania"), so its leading letters are not hyphenated either.
 */
static void emit_fragment(struct build *b, const struct piece *p, bool may_break, bool lead_caps)
{
	const char *s = b->runs[p->run].text + p->off;
	const struct look *k = &b->looks[p->run];
	bool code = !may_break; /* a URL, address, path or number */
	if (!(b->urlbreak && code) &&
	    (!may_break || !(k->breakable || (b->exhyphen && k->exbreakable)))) {
		push_box(b, p->run, p->off, p->len);
		return;
	}
	/* kind[j]: 1 = hyphenation point before byte j, 2 = break after the '-' at j-1,
	 * 3 = a break without a hyphen (URLs, addresses, paths) */
	unsigned char kind_buf[256];
	unsigned char *kind = p->len < sizeof kind_buf ? kind_buf : x_malloc(p->len + 1);
	memset(kind, 0, p->len + 1);
	if (b->urlbreak && code) {
		/* in an address with a path, after its hyphens too
		 * ("linkedin.com/in/katerina-" | "nguyen-...") */
		bool path = memchr(s, '/', p->len) != NULL;
		for (size_t j = 1; j + 1 < p->len; j++)
			if (strchr("/_?&=#", s[j - 1]) || (path && s[j - 1] == '-') ||
			    (strchr(".@", s[j]) && s[j - 1] != '/'))
				kind[j] = 3;
	}
	for (size_t j = 1; j + 1 < p->len && !code; j++)
		if (s[j] == '-' && is_letter_byte((unsigned char)s[j - 1]) &&
		    is_letter_byte((unsigned char)s[j + 1]))
			kind[j + 1] = 2;
	if (b->hyphenate && k->breakable && !code) {
		struct cv_ts_hyphen_rules rules = cv_ts_hyphen_rules_of(b->c->l);
		rules.capitalized = b->capitals;
		bool ok[64];
		size_t j = 0;
		while (j < p->len) {
			if (!is_letter_byte((unsigned char)s[j])) {
				j++;
				continue;
			}
			size_t e = j;
			while (e < p->len && is_letter_byte((unsigned char)s[e]))
				e++;
			if (j == 0 && lead_caps && !rules.capitalized) {
				j = e;
				continue;
			}
			if (e - j <= sizeof ok && cv_ts_hyphen_points(s + j, e - j, &rules, ok) > 0)
				for (size_t q = 1; q < e - j; q++)
					if (ok[q])
						kind[j + q] = 1;
			j = e;
		}
	}
	double hyphen_w = -1;
	size_t start = 0;
	for (size_t j = 1; j < p->len; j++) {
		if (!kind[j])
			continue;
		push_box(b, p->run, p->off + start, j - start);
		start = j;
		if (kind[j] == 2) {
			push_penalty(b, p->run, 0, EXHYPHEN_PENALTY, true);
		} else if (kind[j] == 3) {
			push_penalty(b, p->run, 0, URL_PENALTY, false);
		} else {
			if (hyphen_w < 0)
				hyphen_w = measure_look(b->c, k, "-", 1);
			push_penalty(b, p->run, hyphen_w, HYPHEN_PENALTY, true);
		}
	}
	push_box(b, p->run, p->off + start, p->len - start);
	if (kind != kind_buf)
		x_free(kind);
}

/*
 * Whether nothing of the word being read can be set: each of its characters
 * lacks from its font (the back end leaves them out and reports them), so
 * it measures nothing.  Icons and level marks are always drawn.
 */
static bool word_unset(const struct build *b)
{
	for (size_t i = 0; i < b->nword; i++) {
		const struct piece *p = &b->word[i];
		const struct look *k = &b->looks[p->run];
		if (k->family < 0 ||
		    b->c->m->width(b->c->m->ctx, k->family, k->face, b->runs[p->run].text + p->off,
		                   p->len, k->size) > 0)
			return false;
	}
	return true;
}

/*
 * A word that cannot be set stays in the text as boxes of no width (so the
 * back end still reports its characters) and takes one space with it, the
 * one before it or else the one after: "山田 joined" must not become
 * " joined", nor "Ada 山田 Quill" "Ada  Quill".
 */
static void drop_unset_word(struct build *b)
{
	if (last_is(b, CV_LB_GLUE))
		b->n--;
	else
		b->absorb_space = true;
	for (size_t i = 0; i < b->nword; i++)
		push(b, (struct cv_lb_item){.type = CV_LB_BOX, .width = 0}, b->word[i]);
	b->nword = 0;
}

static void end_word(struct build *b)
{
	if (b->nword == 0)
		return;
	if (word_unset(b)) {
		drop_unset_word(b);
		return;
	}
	b->absorb_space = false;
	bool may_break = !word_is_code(b);
	bool in_letters = false, caps = false; /* the letter run reaching this fragment */
	for (size_t i = 0; i < b->nword; i++) {
		const struct piece *p = &b->word[i];
		const unsigned char *s = (const unsigned char *)b->runs[p->run].text + p->off;
		emit_fragment(b, p, may_break, in_letters && caps);
		for (size_t j = 0; j < p->len; j++) {
			if (!is_letter_byte(s[j]))
				in_letters = false;
			else if (!in_letters) {
				in_letters = true;
				caps = s[j] >= 'A' && s[j] <= 'Z';
			}
		}
	}
	b->nword = 0;
}

static void add_fragment(struct build *b, size_t run, size_t off, size_t len)
{
	if (b->nword == MAX_WORD_PIECES)
		end_word(b); /* absurd words: let them break between runs */
	b->word[b->nword++] = (struct piece){run, off, len};
}

static void add_space(struct build *b, size_t run)
{
	end_word(b);
	if (b->absorb_space) {
		b->absorb_space = false;
		return;
	}
	if (b->n == 0 || last_is(b, CV_LB_GLUE) ||
	    (last_is(b, CV_LB_PENALTY) && b->items[b->n - 1].penalty <= -CV_LB_INF))
		return;
	double w = space_of(b->c, &b->looks[run]);
	struct cv_lb_item g = {.type = CV_LB_GLUE, .width = w};
	if (!b->ragged) {
		g.stretch = w / 2;
		g.shrink = w / 3;
	}
	push(b, g, (struct piece){run, 0, 1});
}

/*
 * A separator between items (a CV_RUN_SEP run, the contact line's " · "):
 * one glue item as wide as its text, so that a line broken there drops it
 * whole (Knuth-Plass discards the glue at a break and after it) and a line
 * not broken there draws its text (emit_lines).  Never at a line's start,
 * and it takes the place of a space before it.
 */
static void add_separator(struct build *b, size_t run)
{
	end_word(b);
	b->absorb_space = false;
	while (last_is(b, CV_LB_GLUE))
		b->n--;
	if (b->n == 0 || last_is(b, CV_LB_PENALTY))
		return;
	const char *s = b->runs[run].text;
	size_t len = strlen(s);
	struct cv_lb_item g = {.type = CV_LB_GLUE,
	                       .width = measure_look(b->c, &b->looks[run], s, len)};
	if (!b->ragged) {
		double w = space_of(b->c, &b->looks[run]);
		g.stretch = w / 2;
		g.shrink = w / 3;
	}
	push(b, g, (struct piece){run, 0, len});
}

/* Whether glue item i is a separator (add_separator), drawn as its text. */
static bool is_separator(const struct build *b, size_t i)
{
	const struct piece *p = &b->pieces[i];
	return p->run != SIZE_MAX && (b->runs[p->run].flags & CV_RUN_SEP);
}

/*
 * A space that must not break: a +inf penalty before the glue makes the glue
 * no legal breakpoint (Knuth-Plass breaks at glue only after a box).
 */
static void add_kept_space(struct build *b, size_t run)
{
	end_word(b);
	if (b->n > 0 && last_is(b, CV_LB_BOX))
		push_penalty(b, SIZE_MAX, 0, CV_LB_INF, false);
	add_space(b, run);
}

/*
 * Tie the last two words of the paragraph: an infinite penalty in front of
 * its last space, which is then no break.  (When the two do not fit one
 * line, the caller breaks again without the tie.)
 */
static void tie_last_word(struct build *b)
{
	size_t i = b->n; /* one past the last space (not the final fil glue) */
	while (i > 0 && !(b->items[i - 1].type == CV_LB_GLUE && b->pieces[i - 1].run != SIZE_MAX))
		i--;
	if (i < 2 || b->items[i - 2].type != CV_LB_BOX)
		return;                   /* one word */
	for (size_t k = i; k < b->n; k++) /* only a word (no second forced break) follows */
		if (b->items[k].type == CV_LB_PENALTY && b->items[k].penalty <= -CV_LB_INF &&
		    k + 1 < b->n)
			return;
	push(b, b->items[b->n - 1], b->pieces[b->n - 1]); /* room for one more */
	memmove(&b->items[i], &b->items[i - 1], (b->n - i) * sizeof *b->items);
	memmove(&b->pieces[i], &b->pieces[i - 1], (b->n - i) * sizeof *b->pieces);
	b->items[i - 1] = (struct cv_lb_item){.type = CV_LB_PENALTY, .penalty = CV_LB_INF};
	b->pieces[i - 1] = (struct piece){SIZE_MAX, 0, 0};
}

/* Runs -> items, ending with a forced break. */
static void build_items(struct build *b)
{
	b->n = 0;
	b->nword = 0;
	b->absorb_space = false;
	for (size_t r = 0; r < b->nruns; r++) {
		const struct cv_run *run = &b->runs[r];
		if (run->flags & CV_RUN_BREAK) {
			end_word(b);
			push_forced_break(b);
			continue;
		}
		const char *s = run->text ? run->text : "";
		size_t len = strlen(s), i = 0;
		if (run->flags &
		    (CV_RUN_ICON | CV_RUN_LEVEL)) { /* one box, glued to the text after it */
			if (len)
				add_fragment(b, r, 0, len);
			continue;
		}
		if (run->flags & CV_RUN_SEP) {
			if (len)
				add_separator(b, r);
			continue;
		}
		while (i < len) {
			if (s[i] == ' ') {
				/* items between separators stay whole until the emergency pass */
				if (b->keep_items)
					add_kept_space(b, r);
				else
					add_space(b, r);
				i++;
				continue;
			}
			size_t e = i;
			while (e < len && s[e] != ' ')
				e++;
			add_fragment(b, r, i, e - i);
			i = e;
		}
	}
	end_word(b);
	push_forced_break(b);
	if (b->tie_last)
		tie_last_word(b);
}

static void build_free(struct build *b)
{
	x_free(b->items);
	x_free(b->pieces);
	b->items = NULL;
	b->pieces = NULL;
	b->n = b->cap = 0;
}

static struct look *looks_of(const struct cv_ts_ctx *c, enum cv_role role,
                             const struct cv_run *runs, size_t n)
{
	struct look *k = x_calloc(n ? n : 1, sizeof *k);
	for (size_t i = 0; i < n; i++)
		k[i] = look_of(c, role, &runs[i]);
	return k;
}

double cv_ts_para_natural(const struct cv_ts_ctx *c, const struct cv_run *runs, size_t nruns,
                          enum cv_role role)
{
	struct look *looks = looks_of(c, role, runs, nruns);
	struct build b = {.c = c, .runs = runs, .nruns = nruns, .looks = looks, .ragged = true};
	build_items(&b);
	double best = 0, cur = 0;
	for (size_t i = 0; i < b.n; i++) {
		const struct cv_lb_item *it = &b.items[i];
		if (it->type == CV_LB_PENALTY) {
			if (it->penalty <= -CV_LB_INF) {
				if (cur > best)
					best = cur;
				cur = 0;
			}
			continue;
		}
		cur += it->width;
	}
	if (cur > best)
		best = cur;
	build_free(&b);
	x_free(looks);
	return best;
}

void cv_ts_para_free(struct cv_ts_para *p)
{
	x_free(p->texts);
	x_free(p->rules);
	x_free(p->links);
	x_free(p->lines);
	memset(p, 0, sizeof *p);
}

double cv_ts_role_ascent(const struct cv_ts_ctx *c, enum cv_role role)
{
	struct look k = look_of(c, role, NULL);
	return c->m->ascent(c->m->ctx, k.family, k.face, k.size);
}

double cv_ts_role_descent(const struct cv_ts_ctx *c, enum cv_role role)
{
	struct look k = look_of(c, role, NULL);
	return c->m->descent(c->m->ctx, k.family, k.face, k.size);
}

static struct cv_ts_text text_of(const struct cv_ts_ctx *c, const struct look *k, const char *s,
                                 size_t len, double x)
{
	struct cv_ts_text t = {
	    .x = x,
	    .y = k->dy,
	    .family = k->family,
	    .face = k->face,
	    .size = k->size,
	    .color = k->color,
	    .tracking = k->tracking,
	    .text = s,
	    .len = len,
	};
	t.width = measure_look(c, k, s, len);
	if (k->chip)
		t.inset = CV_TS_CHIP_PAD * k->size;
	return t;
}

struct cv_ts_text cv_ts_text_plain(const struct cv_ts_ctx *c, enum cv_role role, const char *text,
                                   double x, double y)
{
	struct look k = look_of(c, role, NULL);
	struct cv_ts_text t = text_of(c, &k, text, strlen(text), x);
	t.y = y;
	return t;
}

static size_t count_spaces(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == ' ';
	return n;
}

/* The stretch being collected for one line. */
struct stretch {
	bool open;
	size_t run; /* its look */
	struct cv_buf buf;
	size_t *looks; /* per text of the paragraph: the run whose look it has */
	size_t caplooks;
};

static void flush_stretch(const struct build *b, struct cv_ts_para *out, struct stretch *st,
                          double *x)
{
	if (!st->open)
		return;
	const struct look *k = &b->looks[st->run];
	const char *s = cv_arena_strndup(b->c->a, st->buf.data, st->buf.len);
	struct cv_ts_text t = text_of(b->c, k, s, st->buf.len, *x);
	if (k->pos)
		t.pos = *k->pos;
	out->texts = x_grow(out->texts, &out->captexts, out->ntexts + 1, sizeof *out->texts);
	st->looks = x_grow(st->looks, &st->caplooks, out->ntexts + 1, sizeof *st->looks);
	st->looks[out->ntexts] = st->run;
	out->texts[out->ntexts++] = t;
	*x += t.width;
	cv_buf_reset(&st->buf);
	st->open = false;
}

static void put_piece(const struct build *b, struct cv_ts_para *out, struct stretch *st, size_t run,
                      const char *s, size_t len, double *x)
{
	if (st->open && !same_look(&b->looks[st->run], &b->looks[run]))
		flush_stretch(b, out, st, x);
	if (!st->open) {
		st->open = true;
		st->run = run;
	}
	cv_buf_put(&st->buf, s, len);
}

/* Underlines and link areas of one finished line. */
static void decorate_line(const struct build *b, const struct stretch *st, struct cv_ts_para *out,
                          struct cv_ts_line *ln)
{
	const struct cv_ts_ctx *c = b->c;
	ln->rule0 = out->nrules;
	ln->link0 = out->nlinks;
	for (size_t i = ln->text0; i < ln->text0 + ln->ntexts; i++) {
		const struct cv_ts_text *t = &out->texts[i];
		struct look *k = &b->looks[st->looks[i]];
		if (k->chip && t->width > 0) { /* a band with round ends behind the text */
			double h = CV_TS_CHIP_HEIGHT * k->size,
			       y = k->dy - CV_TS_ICON_MIDDLE * k->size;
			out->rules =
			    x_grow(out->rules, &out->caprules, out->nrules + 1, sizeof *out->rules);
			out->rules[out->nrules++] = (struct cv_ts_rule){
			    t->x + h / 2,          y,   t->x + t->width - h / 2, y, h,
			    c->l->chip.background, true};
		}
		if (!k->underline && !k->href)
			continue;
		double w = t->width;
		if (t->len > 0 && t->text[t->len - 1] == ' ')
			w -= space_of(c, k) + t->word_space;
		if (k->underline && w > 0) {
			double y = k->dy + 0.1 * k->size;
			out->rules =
			    x_grow(out->rules, &out->caprules, out->nrules + 1, sizeof *out->rules);
			out->rules[out->nrules++] = (struct cv_ts_rule){
			    t->x, y, t->x + w, y, 0.05 * k->size, k->color, false};
		}
		if (k->href && w > 0) {
			double asc = ascent_of(c, k), desc = descent_of(c, k);
			struct cv_ts_link *prev =
			    out->nlinks > ln->link0 ? &out->links[out->nlinks - 1] : NULL;
			if (prev && strcmp(prev->href, k->href) == 0 &&
			    t->x - prev->x1 < 0.5 * k->size) {
				/* one area across a link split by looks (or a space) */
				prev->x1 = t->x + w;
				if (k->dy - asc < prev->y0)
					prev->y0 = k->dy - asc;
				if (k->dy + desc > prev->y1)
					prev->y1 = k->dy + desc;
				continue;
			}
			out->links =
			    x_grow(out->links, &out->caplinks, out->nlinks + 1, sizeof *out->links);
			out->links[out->nlinks++] =
			    (struct cv_ts_link){t->x, k->dy - asc, t->x + w, k->dy + desc, k->href};
		}
	}
	ln->nrules = out->nrules - ln->rule0;
	ln->nlinks = out->nlinks - ln->link0;
}

/* Report a line that sticks out of the measure, quoting its text. */
static void warn_overfull(const struct cv_ts_para *out, const struct cv_ts_line *ln, double right,
                          double width, const struct cv_pos *pos)
{
	struct cv_buf t = {0};
	for (size_t i = ln->text0; i < ln->text0 + ln->ntexts; i++)
		cv_buf_put(&t, out->texts[i].text, out->texts[i].len);
	while (t.len > 0 && t.data[t.len - 1] == ' ')
		t.len--;
	if (t.len > 60) { /* quote at most 60 bytes, cut at a character boundary */
		size_t cut = 60;
		while (cut > 0 && ((unsigned char)t.data[cut] & 0xC0) == 0x80)
			cut--;
		t.len = cut;
		cv_buf_puts(&t, "\xE2\x80\xA6"); /* … */
	}
	cv_buf_putc(&t, '\0');
	cv_msg(CV_WARN, pos, "overfull-line", "\"%s\" does not fit in the line (%.1fpt too wide)",
	       t.data, right - width);
	cv_buf_free(&t);
}

/* Whether a line of the chosen breaks is wider than width (natural widths). */
/*
 * Rebuild b's items from its current settings and break them again: within
 * the tolerance if possible, else in an emergency pass.  *breaks is resized
 * to the new item count.  The number of breaks (0 only if both passes fail).
 */
static size_t rebreak(struct build *b, struct cv_lb_params *p, size_t **breaks)
{
	build_items(b);
	*breaks = x_realloc(*breaks, (b->n ? b->n : 1) * sizeof **breaks);
	p->emergency = false;
	size_t n = cv_lb_break(b->items, b->n, p, *breaks);
	if (n == 0) {
		p->emergency = true;
		n = cv_lb_break(b->items, b->n, p, *breaks);
	}
	return n;
}

/* Width [pt] of line li (from 0) under p. */
static double line_width(const struct cv_lb_params *p, size_t li)
{
	return li < p->first_lines ? p->first_width : p->width;
}

static bool overfull(const struct build *b, const size_t *breaks, size_t nbreaks,
                     const struct cv_lb_params *p)
{
	size_t from = 0;
	for (size_t li = 0; li < nbreaks; li++) {
		size_t br = breaks[li];
		double w = b->items[br].type == CV_LB_PENALTY ? b->items[br].width : 0;
		while (from < br && b->items[from].type != CV_LB_BOX)
			from++;
		for (size_t i = from; i < br; i++)
			if (b->items[i].type != CV_LB_PENALTY)
				w += b->items[i].width;
		if (w > line_width(p, li) + OVERFULL_SLACK)
			return true;
		from = br + 1;
	}
	return false;
}

/*
 * Whether a line of the chosen breaks is overfull or stretched beyond
 * measure (its spaces more than AWFUL_STRETCH times their stretch wider:
 * the badness the breaker caps).
 */
static bool awful(const struct build *b, const size_t *breaks, size_t nbreaks,
                  const struct cv_lb_params *p)
{
	size_t from = 0;
	for (size_t li = 0; li < nbreaks; li++) {
		size_t br = breaks[li];
		double w = b->items[br].type == CV_LB_PENALTY ? b->items[br].width : 0;
		double st = p->ragged_stretch;
		while (from < br && b->items[from].type != CV_LB_BOX)
			from++;
		for (size_t i = from; i < br; i++) {
			if (b->items[i].type != CV_LB_PENALTY)
				w += b->items[i].width;
			if (b->items[i].type == CV_LB_GLUE)
				st += b->items[i].stretch;
		}
		double width = line_width(p, li);
		if (w > width + OVERFULL_SLACK || (w < width && (width - w) > AWFUL_STRETCH * st))
			return true;
		from = br + 1;
	}
	return false;
}

/* Turn the chosen breaks into lines of stretches. */
static void emit_lines(const struct build *b, const size_t *breaks, size_t nbreaks,
                       enum cv_align align, const struct cv_lb_params *p, const struct cv_pos *pos,
                       struct cv_ts_para *out)
{
	struct stretch st = {0};
	size_t from = 0;
	bool warned = false;
	for (size_t li = 0; li < nbreaks; li++) {
		size_t br = breaks[li];
		const struct cv_lb_item *bi = &b->items[br];
		bool forced = bi->type == CV_LB_PENALTY && bi->penalty <= -CV_LB_INF;
		double width = line_width(p, li);
		while (from < br && b->items[from].type != CV_LB_BOX)
			from++;
		struct cv_ts_line ln = {.text0 = out->ntexts};
		double x = 0;
		for (size_t i = from; i < br; i++) {
			const struct piece *pc = &b->pieces[i];
			if (b->items[i].type == CV_LB_BOX)
				put_piece(b, out, &st, pc->run, b->runs[pc->run].text + pc->off,
				          pc->len, &x);
			else if (b->items[i].type == CV_LB_GLUE && is_separator(b, i))
				put_piece(b, out, &st, pc->run, b->runs[pc->run].text + pc->off,
				          pc->len, &x);
			else if (b->items[i].type == CV_LB_GLUE && pc->run != SIZE_MAX && st.open &&
			         same_look(&b->looks[st.run], &b->looks[pc->run]))
				cv_buf_putc(&st.buf, ' ');
			else if (b->items[i].type == CV_LB_GLUE && pc->run != SIZE_MAX && st.open)
				/* in its own look, as the breaker measured it (a space after
				 * code is not as wide as code's) */
				put_piece(b, out, &st, pc->run, " ", 1, &x);
		}
		if (bi->type == CV_LB_PENALTY && bi->width > 0 && b->pieces[br].run != SIZE_MAX)
			put_piece(b, out, &st, b->pieces[br].run, "-", 1, &x);
		flush_stretch(b, out, &st, &x);
		ln.ntexts = out->ntexts - ln.text0;
		ln.natural = x;
		from = br + 1;

		/* justify or align */
		size_t nsp = 0;
		for (size_t i = ln.text0; i < out->ntexts; i++)
			nsp += count_spaces(out->texts[i].text, out->texts[i].len);
		double off = 0;
		bool last = li + 1 == nbreaks;
		bool stretch = !last && !forced;
		if (align == CV_ALIGN_JUSTIFY && nsp > 0 && (stretch || ln.natural > width)) {
			/* full lines, or a last line the breaker shrank to fit */
			double ws = (width - ln.natural) / (double)nsp;
			/* never squeeze spaces beyond their shrink (an overfull line stays
			 * overfull) */
			double min_ws = -space_of(b->c, &b->looks[st.looks[ln.text0]]) / 3;
			if (ws < min_ws)
				ws = min_ws;
			double xx = 0;
			for (size_t i = ln.text0; i < out->ntexts; i++) {
				struct cv_ts_text *t = &out->texts[i];
				t->word_space = ws;
				t->x = xx;
				t->width += ws * (double)count_spaces(t->text, t->len);
				xx += t->width;
			}
		} else if (align == CV_ALIGN_RIGHT) {
			off = width - ln.natural;
		} else if (align == CV_ALIGN_CENTER) {
			off = (width - ln.natural) / 2;
		}
		if (off < 0)
			off = 0;
		for (size_t i = ln.text0; i < out->ntexts; i++)
			out->texts[i].x += off;
		decorate_line(b, &st, out, &ln);
		double right =
		    ln.ntexts ? out->texts[out->ntexts - 1].x + out->texts[out->ntexts - 1].width
		              : 0;
		if (right > width + OVERFULL_SLACK && !warned) {
			warn_overfull(out, &ln, right, width, pos);
			warned = true;
		}
		out->lines =
		    x_grow(out->lines, &out->caplines, out->nlines + 1, sizeof *out->lines);
		out->lines[out->nlines++] = ln;
	}
	cv_buf_free(&st.buf);
	x_free(st.looks);
}

void cv_ts_para_layout(const struct cv_ts_ctx *c, const struct cv_run *runs, size_t nruns,
                       enum cv_role role, enum cv_align align, double width,
                       const struct cv_pos *pos, struct cv_ts_para *out)
{
	cv_ts_para_layout_shaped(c, runs, nruns, role, align, width, NULL, pos, out);
}

void cv_ts_para_layout_shaped(const struct cv_ts_ctx *c, const struct cv_run *runs, size_t nruns,
                              enum cv_role role, enum cv_align align, double width,
                              const struct cv_ts_shape *shape, const struct cv_pos *pos,
                              struct cv_ts_para *out)
{
	memset(out, 0, sizeof *out);
	out->ascent = cv_ts_role_ascent(c, role);
	out->descent = cv_ts_role_descent(c, role);
	out->leading = c->l->styles[role].leading;
	out->size = c->l->styles[role].size;
	if (out->leading <= 0)
		out->leading = 1.2 * c->l->styles[role].size;

	struct look *looks = looks_of(c, role, runs, nruns);
	bool ragged = align != CV_ALIGN_JUSTIFY;
	struct build b = {.c = c,
	                  .runs = runs,
	                  .nruns = nruns,
	                  .looks = looks,
	                  .ragged = ragged,
	                  .capitals = c->l->hyphenation.capitalized,
	                  .tie_last = shape && shape->tie_last_word};
	for (size_t i = 0; i < nruns; i++)
		if (runs[i].flags & CV_RUN_SEP)
			b.keep_items = true;
	struct cv_lb_params p = {
	    .width = width,
	    /* a tied paragraph may leave a line short rather than a word alone */
	    .tolerance = ragged ? (b.tie_last ? TIED_TOLERANCE : 1000) : 200,
	    .ragged_stretch = ragged ? RAGGED_STRETCH * c->l->styles[role].size : 0,
	    .final_hyphen_demerits = c->l->hyphenation.final_demerits,
	    .first_width = shape ? shape->first_width : width,
	    .first_lines = shape ? shape->first_lines : 0,
	};
	size_t *breaks = NULL, nbreaks = 0;

	build_items(&b);
	if (b.n == 0)
		goto done;
	breaks = x_malloc(b.n * sizeof *breaks);
	/* pass 1: no hyphenation; pass 2: hyphenation (of capitalised words only if
	 * nothing else fits); pass 3: anything goes */
	nbreaks = cv_lb_break(b.items, b.n, &p, breaks);
	if (nbreaks == 0) {
		b.hyphenate = true;
		nbreaks = rebreak(&b, &p, &breaks);
		if (p.emergency && !b.capitals && awful(&b, breaks, nbreaks, &p)) {
			/* nothing tolerable without splitting a capitalised word (a
			 * long proper noun, a word wider than the line): split one
			 * rather than stretch a line beyond measure or overflow */
			b.capitals = true;
			nbreaks = rebreak(&b, &p, &breaks);
		}
		if (b.keep_items && (nbreaks == 0 || overfull(&b, breaks, nbreaks, &p))) {
			/* an item wider than the line: break it after all */
			b.keep_items = false;
			nbreaks = rebreak(&b, &p, &breaks);
		}
		if (nbreaks == 0 || overfull(&b, breaks, nbreaks, &p)) {
			/*
			 * Still too wide (a long hyphenated name or title in a style
			 * that does not hyphenate): break after its explicit hyphens
			 * rather than run past the margin.
			 */
			b.exhyphen = true;
			size_t n0 = b.n;
			build_items(&b);
			if (b.n != n0) /* there were such hyphens */
				nbreaks = rebreak(&b, &p, &breaks);
			else
				b.exhyphen = false;
		}
		if (nbreaks == 0 || overfull(&b, breaks, nbreaks, &p)) {
			/* a URL, address or path wider than the line: break it after
			 * its slashes, before its dots, without a hyphen */
			b.urlbreak = true;
			size_t n0 = b.n;
			build_items(&b);
			if (b.n != n0)
				nbreaks = rebreak(&b, &p, &breaks);
		}
	}
	if (b.tie_last && (nbreaks == 0 || overfull(&b, breaks, nbreaks, &p))) {
		/* the last two words overflow a line together: let them part */
		b.tie_last = false;
		nbreaks = rebreak(&b, &p, &breaks);
	}
	emit_lines(&b, breaks, nbreaks, align, &p, pos, out);
	for (size_t i = 0; pos && i < out->ntexts; i++)
		if (!out->texts[i].pos.file) /* a run's own position wins */
			out->texts[i].pos = *pos;
done:
	x_free(breaks);
	build_free(&b);
	x_free(looks);
}
