/*
 * folio watch (watch.h): the loop of build, note what it read, wait for a
 * change to it, build again.  Noticing changes is the platform seam's
 * (cv_sys_watch_*); this file decides which files to watch and reports.
 */
#include "watch.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "icon.h"
#include "locale.h"
#include "msg.h"
#include "paths.h"
#include "sys.h"
#include "util.h"

/* A set of paths (heap copies). */
struct paths {
	char **path;
	size_t n, cap;
};

struct cv_watch_round {
	struct paths read; /* the files the build read */
	char *output;      /* where it writes, NULL if it did not get that far */
	bool complete;     /* profile and layout loaded: read is all there is */
};

static void paths_add(struct paths *s, const char *path)
{
	size_t i;
	if (!path)
		return;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->path[i], path))
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->path = x_realloc(s->path, s->cap * sizeof *s->path);
	}
	s->path[s->n++] = x_strdup(path);
}

static void paths_free(struct paths *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		x_free(s->path[i]);
	x_free(s->path);
	memset(s, 0, sizeof *s);
}

void cv_watch_note(struct cv_watch_round *r, const char *output, const char *profile_path,
                   const char *layout_arg, const struct cv_profile *p, const struct cv_layout *l)
{
	static const char *const icon_fonts[] = {CV_ICON_FONT_SOLID, CV_ICON_FONT_BRANDS};
	struct cv_arena *a;
	struct stat st;
	size_t i, face;
	x_free(r->output);
	r->output = output ? x_strdup(output) : NULL;
	paths_add(&r->read, profile_path);
	if (!l && layout_arg && stat(layout_arg, &st) == 0 && S_ISREG(st.st_mode))
		paths_add(&r->read, layout_arg);
	for (i = 0; l && i < l->nfiles; i++)
		paths_add(&r->read, l->files[i]);
	for (i = 0; l && i < l->nfamilies; i++)
		for (face = 0; face < CV_COUNT(l->families[i].file); face++)
			paths_add(&r->read, l->families[i].file[face]);
	if (l) { /* the bundled icon fonts, which a page with icons reads */
		a = cv_arena_new();
		for (i = 0; i < CV_COUNT(icon_fonts); i++)
			paths_add(&r->read, cv_paths_find(a, "fonts", icon_fonts[i]));
		cv_arena_free(a);
	}
	if (p)
		paths_add(&r->read, p->person.photo);
	if (p && p->locale) /* the locale file: a change of its words rebuilds */
		paths_add(&r->read, p->locale->path);
	r->complete = p && l;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* FOLIO_WATCH_POLL set and not "0". */
static bool poll_asked(void)
{
	const char *v = getenv("FOLIO_WATCH_POLL");
	return v && *v && strcmp(v, "0") != 0;
}

/* The note after a build: its result, its time, what set it off. */
static void report(int round, const struct cv_watch_round *r, int status, double ms,
                   const char *changed, size_t watched)
{
	const char *out = r->output ? r->output : "the output";
	if (status != 0)
		cv_msg(CV_NOTE, NULL, "watch-failed",
		       "build failed; '%s' left as it was; watching %zu file%s for a change", out,
		       watched, watched == 1 ? "" : "s");
	else if (round == 0)
		cv_msg(CV_NOTE, NULL, "watch-built",
		       "built '%s' in %.0f ms; watching %zu file%s (Ctrl-C stops)", out, ms,
		       watched, watched == 1 ? "" : "s");
	else
		cv_msg(CV_NOTE, NULL, "watch-rebuilt", "rebuilt '%s' in %.0f ms ('%s' changed)",
		       out, ms, changed ? changed : "a file");
}

int cv_watch_run(const char *profile_path, cv_watch_build_fn build, void *ctx)
{
	struct cv_sys_watch *w;
	struct paths watched = {0};
	char *changed = NULL;
	bool told_polling = false;
	int round, why;

	cv_sys_signals_watch();
	w = cv_sys_watch_new(poll_asked());
	paths_add(&watched, profile_path);
	/* watched before the first build reads it: a save meanwhile is not missed */
	cv_sys_watch_set(w, (const char *const *)watched.path, watched.n);
	for (round = 0;; round++) {
		struct cv_watch_round r = {{0}, NULL, false};
		const char *hit;
		double start, ms;
		int status;
		size_t i;

		cv_msg_reset(); /* each build is reported, and judged, on its own */
		start = now_ms();
		status = build(ctx, &r);
		ms = now_ms() - start;
		if (r.complete) { /* what this build read, and only that */
			paths_free(&watched);
			paths_add(&watched, profile_path);
		}
		for (i = 0; i < r.read.n; i++) /* else also what the last complete one read */
			paths_add(&watched, r.read.path[i]);
		cv_sys_watch_set(w, (const char *const *)watched.path, watched.n);
		report(round, &r, status, ms, changed, watched.n);
		paths_free(&r.read);
		x_free(r.output);
		if (!told_polling && cv_sys_watch_polling(w, &why)) {
			told_polling = true;
			if (why)
				cv_msg(CV_NOTE, NULL, "watch-polling",
				       "watching by polling every %d ms (inotify: %s)",
				       CV_SYS_WATCH_POLL_MS, strerror(why));
			else
				cv_msg(CV_NOTE, NULL, "watch-polling",
				       "watching by polling every %d ms", CV_SYS_WATCH_POLL_MS);
		}
		if (cv_sys_watch_wait(w, CV_WATCH_QUIET_MS, &hit) == CV_SYS_WATCH_STOPPED)
			break;
		x_free(changed);
		changed = hit ? x_strdup(hit) : NULL;
	}
	x_free(changed);
	paths_free(&watched);
	cv_sys_watch_free(w);
	cv_msg_reset();
	return 0;
}
