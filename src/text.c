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
