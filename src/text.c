/*
 * Run vectors and plain-text views of styled text.
 */
#include "text.h"

#include <string.h>

void cv_runs_add_at(struct cv_runvec *v, const char *text, unsigned flags, const char *href,
                    const struct cv_pos *pos)
{
	v->runs = x_grow(v->runs, &v->cap, v->n + 1, sizeof(*v->runs));
	v->runs[v->n].text = text;
	v->runs[v->n].flags = flags;
	v->runs[v->n].href = href;
	v->runs[v->n].pos = pos;
	v->n++;
}

void cv_runs_add(struct cv_runvec *v, const char *text, unsigned flags, const char *href)
{
	cv_runs_add_at(v, text, flags, href, NULL);
}

void cv_runs_append(struct cv_runvec *v, const struct cv_run *runs, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		cv_runs_add_at(v, runs[i].text, runs[i].flags, runs[i].href, runs[i].pos);
}

struct cv_text cv_runs_finish(struct cv_arena *a, struct cv_runvec *v)
{
	struct cv_text t = {0};
	struct cv_run *out;
	size_t i, n = 0;
	if (v->n == 0) {
		x_free(v->runs);
		v->runs = NULL;
		v->cap = 0;
		return t;
	}
	out = cv_arena_array(a, v->n, sizeof(*out));
	for (i = 0; i < v->n; i++) {
		const struct cv_run *r = &v->runs[i];
		size_t j;
		if (!(r->flags & CV_RUN_BREAK) && (!r->text || !*r->text))
			continue;
		out[n] = *r;
		if (!out[n].text)
			out[n].text = "";
		/* Merge the following runs of the same style in one pass (linear time). */
		for (j = i + 1; !(r->flags & CV_RUN_BREAK) && j < v->n; j++) {
			const struct cv_run *s = &v->runs[j];
			if (s->text && !*s->text && !(s->flags & CV_RUN_BREAK))
				continue;
			if (s->flags != r->flags || !cv_streq(s->href, r->href) || s->pos != r->pos)
				break;
		}
		if (j > i + 1) {
			struct cv_buf b = {0};
			size_t k;
			for (k = i; k < j; k++)
				if (v->runs[k].text)
					cv_buf_puts(&b, v->runs[k].text);
			out[n].text = cv_arena_strndup(a, b.data ? b.data : "", b.len);
			cv_buf_free(&b);
			i = j - 1;
		}
		n++;
	}
	x_free(v->runs);
	v->runs = NULL;
	v->n = v->cap = 0;
	t.runs = out;
	t.nruns = n;
	return t;
}

char *cv_text_plain(struct cv_arena *a, const struct cv_run *runs, size_t n)
{
	struct cv_buf b = {0};
	char *s;
	size_t i;
	for (i = 0; i < n; i++)
		cv_buf_puts(&b, (runs[i].flags & CV_RUN_BREAK) ? " " : runs[i].text);
	s = cv_arena_strndup(a, b.data ? b.data : "", b.len);
	cv_buf_free(&b);
	return s;
}

struct cv_text cv_text_literal(struct cv_arena *a, const char *s, unsigned flags, const char *href)
{
	struct cv_text t = {0};
	struct cv_run *r;
	if (!s || !*s)
		return t;
	r = cv_arena_alloc(a, sizeof(*r));
	r->text = s;
	r->flags = flags;
	r->href = href;
	t.runs = r;
	t.nruns = 1;
	return t;
}

/* True for a code point that continues a word after an apostrophe (letters, digits). */
static bool is_word_char(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
	       (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000);
}

void cv_text_localize_quotes(struct cv_arena *a, struct cv_text *t, const char *const quotes[4])
{
	struct cv_run *runs;
	struct cv_buf b = {0};
	size_t r, depth = 0;
	if (t->nruns == 0)
		return;
	runs = cv_arena_memdup(a, t->runs, t->nruns * sizeof *runs);
	for (r = 0; r < t->nruns; r++) {
		const char *s = runs[r].text;
		size_t i = 0, len = strlen(s);
		bool changed = false;
		if (runs[r].flags & (CV_RUN_CODE | CV_RUN_ICON | CV_RUN_LEVEL | CV_RUN_BREAK))
			continue;
		b.len = 0;
		while (i < len) {
			uint32_t cp, next = 0;
			int n = cv_utf8_decode(s + i, len - i, &cp);
			const char *put = NULL;
			if (n <= 0)
				n = 1, cp = 0;
			if (cp == 0x2019 && i + (size_t)n < len)
				(void)cv_utf8_decode(s + i + n, len - i - (size_t)n, &next);
			if (cp == 0x201C)
				put = quotes[0];
			else if (cp == 0x201D)
				put = quotes[1];
			else if (cp == 0x2018)
				put = quotes[2], depth++;
			else if (cp == 0x2019 && depth > 0 && !is_word_char(next))
				put = quotes[3], depth--;
			if (put) {
				cv_buf_puts(&b, put);
				changed = true;
			} else {
				cv_buf_put(&b, s + i, (size_t)n);
			}
			i += (size_t)n;
		}
		if (changed)
			runs[r].text = cv_arena_strndup(a, b.data, b.len);
	}
	cv_buf_free(&b);
	t->runs = runs;
}
