/*
 * --compile: runs a TeX engine on the .tex of a job in a private temporary
 * directory, sandboxed (TeX's paranoid file settings, no shell escape, its
 * caches inside that directory, and a Landlock sandbox where the kernel has
 * one: see docs/latex.md), turns the log's errors into FILE.tex:LINE
 * diagnostics and writes the PDF atomically.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../msg.h"
#include "../output.h"
#include "../sys.h"
#include "latex.h"

#define TEX_MAX_BYTES (64u << 20)
#define PDF_MAX_BYTES (256u << 20)
#define ASSET_MAX_BYTES (64u << 20)
#define DEFAULT_TIMEOUT 120 /* [s] per engine run */

static const char *engine_package(const char *engine)
{
	if (!strcmp(engine, "xelatex"))
		return "texlive-xetex";
	if (!strcmp(engine, "lualatex"))
		return "texlive-luatex";
	return "texlive-latex-base";
}

/*
 * The latest SOURCE_DATE_EPOCH engine takes (measured, TeX Live 2022):
 * pdfTeX and XeTeX read it with strtoull and write a four-digit year into
 * the PDF (253402300800 became the year 1000, and values near 2^63 crash
 * them); LuaTeX keeps it in an int (2147483648 became the time of the run,
 * 2^32 the year 1970).
 */
static long long latest_epoch(const char *engine, const char **when)
{
	if (!strcmp(engine, "lualatex")) {
		*when = "2038-01-19 03:14:07 UTC";
		return 2147483647LL;
	}
	*when = "9999-12-31 23:59:59 UTC";
	return 253402300799LL;
}

static int timeout_seconds(void)
{
	const char *s = getenv("FOLIO_LATEX_TIMEOUT");
	int v = s ? atoi(s) : 0;
	return v > 0 ? v : DEFAULT_TIMEOUT;
}

/* Where the packages a folio .tex loads come from on Debian. */
static const struct {
	const char *file, *package;
} debian_files[] = {
    {"article.cls", "texlive-latex-base"},
    {"iftex.sty", "texlive-base"},
    {"geometry.sty", "texlive-latex-base"},
    {"fontenc.sty", "texlive-latex-base"},
    {"inputenc.sty", "texlive-latex-base"},
    {"lmodern.sty", "lmodern"},
    {"t1lmr.fd", "lmodern"},
    {"microtype.sty", "texlive-latex-recommended"},
    {"fontspec.sty", "texlive-latex-recommended"},
    {"xcolor.sty", "texlive-latex-recommended"},
    {"graphicx.sty", "texlive-latex-base"},
    {"enumitem.sty", "texlive-latex-extra"},
    {"lastpage.sty", "texlive-latex-extra"},
    {"hyperref.sty", "texlive-latex-base"},
    {"glyphtounicode.tex", "texlive-base"},
    {"luaotfload.sty", "texlive-luatex"},
};

/* Reporting the errors of one engine run. */
struct report {
	struct cv_arena *a;
	const struct cv_tex_job *job;
	const char *tex_path;
	const char *engine;
	unsigned count; /* errors reported */
};

enum { MAX_ERRORS = 5, MAX_SHOWN = 300 };

/* Engine output for a message: at most max bytes of s[0..n), control characters as \xNN. */
static const char *shown(struct cv_arena *a, const char *s, size_t n, size_t max)
{
	struct cv_buf b = {0};
	const char *r;
	size_t i;
	for (i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			cv_buf_printf(&b, "\\x%02x", c);
		else
			cv_buf_putc(&b, (char)c);
	}
	if (n > max)
		cv_buf_puts(&b, "...");
	r = cv_arena_strdup(a, b.data ? b.data : "");
	cv_buf_free(&b);
	return r;
}

/* A note at the profile position .tex line `line` was written from, if known. */
static void note_source(const struct cv_tex_job *job, unsigned line)
{
	if (line == 0 || line > job->nlines || !job->line_pos[line - 1].file)
		return;
	cv_msg(CV_NOTE, &job->line_pos[line - 1], "latex-error-source",
	       "the .tex line with the error was written from here");
}

/* After "LaTeX Error: File `NAME.sty' not found" (or .cls): which package to install. */
static void note_missing_file(const char *msg, size_t len)
{
	const char *at = "LaTeX Error: File `", *end;
	size_t i, n;
	if (len < strlen(at) || strncmp(msg, at, strlen(at)))
		return;
	at = msg + strlen(at);
	end = strstr(at, "' not found");
	if (!end || end > msg + len || end - at > 100)
		return;
	n = (size_t)(end - at);
	if (memchr(at, '/', n) || memchr(at, '\n', n) || n < 5 ||
	    (strncmp(end - 4, ".sty", 4) && strncmp(end - 4, ".cls", 4)))
		return;
	for (i = 0; i < CV_COUNT(debian_files); i++)
		if (strlen(debian_files[i].file) == n && !strncmp(at, debian_files[i].file, n)) {
			cv_msg(CV_NOTE, NULL, "latex-missing-package",
			       "%s is in the Debian package %s (apt install %s)",
			       debian_files[i].file, debian_files[i].package,
			       debian_files[i].package);
			return;
		}
	cv_msg(CV_NOTE, NULL, "latex-missing-package",
	       "install the TeX package that has %.*s (on Debian: apt-file search %.*s)", (int)n,
	       at, (int)n, at);
}

/* The source text TeX shows after "l.LINE " below an error (within 4000 bytes), or NULL. */
static const char *find_context(const char *from, unsigned line)
{
	char key[32];
	const char *p;
	snprintf(key, sizeof key, "\nl.%u ", line);
	p = strstr(from, key);
	if (!p || p - from > 4000)
		return NULL;
	p += strlen(key);
	while (*p == ' ')
		p++;
	return *p && *p != '\n' ? p : NULL;
}

/*
 * Report one error: msg[0..mlen) at .tex line `line` (0: unknown), with the
 * source context TeX printed after it, or at where[0..wlen) (another file's
 * "FILE:LINE") when that is where TeX stopped.
 */
static void report_error(struct report *r, unsigned line, const char *msg, size_t mlen,
                         const char *where, size_t wlen)
{
	struct cv_pos pos = {r->tex_path, line, 0};
	const char *ctx = line ? find_context(msg, line) : NULL;
	size_t clen = ctx ? strcspn(ctx, "\n") : 0;
	while (mlen > 0 && (msg[mlen - 1] == '.' || msg[mlen - 1] == ' ' || msg[mlen - 1] == '\r'))
		mlen--;
	if (ctx && (clen > 80 || memchr(ctx, '{', clen))) /* long or a whole macro call */
		ctx = NULL;
	if (ctx)
		cv_msg(CV_ERROR, &pos, "latex-error", "%s: %s (at \"%s\")", r->engine,
		       shown(r->a, msg, mlen, MAX_SHOWN), shown(r->a, ctx, clen, 60));
	else if (where)
		cv_msg(CV_ERROR, NULL, "latex-error", "%s: %s (in %s)", r->engine,
		       shown(r->a, msg, mlen, MAX_SHOWN), shown(r->a, where, wlen, 200));
	else
		cv_msg(CV_ERROR, line ? &pos : NULL, "latex-error", "%s: %s", r->engine,
		       shown(r->a, msg, mlen, MAX_SHOWN));
	note_source(r->job, line);
	note_missing_file(msg, mlen);
	r->count++;
}

/*
 * A -file-line-error line "PATH:LINE: message" (PATH from "/" or "./"):
 * the line number, *path_len and *msg set; 0 when p is not one.
 */
static unsigned file_line(const char *p, size_t n, size_t *path_len, const char **msg)
{
	size_t i;
	if (!(p[0] == '/' || (n > 2 && p[0] == '.' && p[1] == '/')))
		return 0;
	for (i = 1; i + 2 < n && p[i] != ' '; i++) {
		size_t j = i + 1;
		unsigned long v = 0;
		if (p[i] != ':')
			continue;
		while (j < n && p[j] >= '0' && p[j] <= '9' && v < 10000000)
			v = v * 10 + (unsigned long)(p[j++] - '0');
		if (j > i + 1 && j < n && p[j] == ':' && v > 0) {
			*path_len = i;
			*msg = p + j + 1;
			while (**msg == ' ')
				(*msg)++;
			return (unsigned)v;
		}
	}
	return 0;
}

static bool consequence(const char *msg)
{
	return !strncmp(msg, "==> Fatal error", 15) || !strncmp(msg, "Emergency stop", 14);
}

/*
 * The errors TeX itself reports: "./folio.tex:12: message" (-file-line-error),
 * "FILE:LINE: message" in another file, "! message" followed by "l.12 ...".
 */
static void report_tex_errors(struct report *r, const char *log)
{
	const char *p = log;
	while (p && *p && r->count < MAX_ERRORS) {
		const char *eol = strchr(p, '\n'), *msg = NULL, *where = NULL;
		size_t n = eol ? (size_t)(eol - p) : strlen(p), plen = 0, wlen = 0;
		unsigned line = file_line(p, n, &plen, &msg);
		if (line && !(plen == 11 && !strncmp(p, "./folio.tex", 11))) {
			where = p; /* an error inside a package or class file: "FILE:LINE" */
			wlen = (size_t)(strchr(p + plen + 1, ':') - p);
			line = 0;
		} else if (!msg && n > 2 && p[0] == '!' && p[1] == ' ') {
			const char *l = strstr(p, "\nl.");
			msg = p + 2;
			if (l && l - p < 4000)
				line = (unsigned)strtoul(l + 3, NULL, 10);
		}
		if (msg && !consequence(msg)) {
			report_error(r, line, msg, n - (size_t)(msg - p), where, wlen);
			/* one TeX error prints several lines; skip to the next blank line */
			p = strstr(p, "\n\n");
			continue;
		}
		p = eol ? eol + 1 : NULL;
	}
}

/* Lines that belong to the context TeX shows below a message, not to the message. */
static bool context_line(const char *s, size_t n)
{
	return n == 0 || s[0] == ' ' || s[0] == '\t' || s[0] == '<' || (n == 1 && s[0] == '.') ||
	       (n >= 16 && !strncmp(s, "stack traceback:", 16)) ||
	       (n >= 18 && !strncmp(s, "For immediate help", 18));
}

/*
 * An error TeX shows only by its "l.12 ..." context: a Lua error
 * ("[\directlua]:1: message", with its traceback) or a callback's
 * ("warning  (node filter): error: ...").  The message is the nearest line
 * above "l.N" that is not context.
 */
static void report_bare_error(struct report *r, const char *log)
{
	const char *l = log, *end, *start;
	unsigned line, k;
	while ((l = strstr(l, "\nl.")) && !(l[3] >= '0' && l[3] <= '9'))
		l += 3;
	if (!l)
		return;
	line = (unsigned)strtoul(l + 3, NULL, 10);
	end = l;
	for (k = 0; k < 30 && end > log; k++) {
		start = end;
		while (start > log && start[-1] != '\n')
			start--;
		if (!context_line(start, (size_t)(end - start))) {
			report_error(r, line, start, (size_t)(end - start), NULL, 0);
			return;
		}
		end = start > log ? start - 1 : log;
	}
}

/* The PDF driver's failure (xelatex runs xdvipdfmx), from the terminal output. */
static void report_driver_error(struct report *r, const char *term)
{
	static const char *const marks[] = {"dvipdfmx:fatal: ", "** ERROR ** "};
	size_t i;
	for (i = 0; i < CV_COUNT(marks) && r->count == 0; i++) {
		const char *p = strstr(term, marks[i]);
		if (p) {
			p += strlen(marks[i]);
			cv_msg(CV_ERROR, NULL, "latex-error", "%s: the PDF driver failed: %s",
			       r->engine, shown(r->a, p, strcspn(p, "\n"), MAX_SHOWN));
			r->count++;
		}
	}
}

/* The last line of the terminal output that says something, or NULL. */
static const char *last_words(const char *term, size_t *len)
{
	static const char *const noise[] = {"Transcript written", "Output written",
	                                    "(see the transcript", "This is "};
	const char *p = term, *best = NULL;
	while (p && *p) {
		size_t n = strcspn(p, "\n"), i, letters = 0;
		bool skip = false;
		for (i = 0; i < n; i++)
			letters += (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z');
		for (i = 0; i < CV_COUNT(noise); i++)
			skip = skip || !strncmp(p, noise[i], strlen(noise[i]));
		if (letters >= 3 && !skip) {
			best = p;
			*len = n;
		}
		p = p[n] ? p + n + 1 : NULL;
	}
	return best;
}

/*
 * Report why the engine failed: TeX's errors in the log, else an error
 * known only by its context line, else the PDF driver's, else how it ended
 * with its last words.  A signal is always reported.
 */
static void report_failure(struct report *r, const struct cv_sys_status *st, const char *log,
                           const char *term)
{
	const char *words;
	size_t wlen = 0;
	if (st->end == CV_SYS_SIGNALED)
		cv_msg(CV_ERROR, NULL, "latex-killed", "%s was killed by signal %d (%s) on '%s'",
		       r->engine, st->code, strsignal(st->code), r->tex_path);
	if (log)
		report_tex_errors(r, log);
	if (log && r->count == 0)
		report_bare_error(r, log);
	if (term && r->count == 0)
		report_driver_error(r, term);
	if (r->count > 0 || st->end == CV_SYS_SIGNALED)
		return;
	words = term ? last_words(term, &wlen) : NULL;
	if (!words && log)
		words = last_words(log, &wlen);
	if (words)
		cv_msg(CV_ERROR, NULL, "latex-failed", "%s failed on '%s' (exit status %d): \"%s\"",
		       r->engine, r->tex_path, st->code, shown(r->a, words, wlen, MAX_SHOWN));
	else
		cv_msg(CV_ERROR, NULL, "latex-failed", "%s failed on '%s' (exit status %d)",
		       r->engine, r->tex_path, st->code);
}

static bool write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	bool ok;
	if (!fp)
		return false;
	ok = fwrite(data, 1, len, fp) == len;
	ok = (fclose(fp) == 0) && ok;
	return ok;
}

/* Copy the file at from to to; false on failure (errno set). */
static bool copy_file(const char *from, const char *to)
{
	char *data = NULL;
	size_t len = 0;
	int err = cv_file_read(from, ASSET_MAX_BYTES, &data, &len);
	bool ok;
	if (err) {
		errno = err;
		return false;
	}
	ok = write_file(to, data, len);
	x_free(data);
	return ok;
}

/*
 * What the engine may read besides its directory: the TeX installation as
 * distributions lay it out, the font configuration, the loader's cache.
 * Not /etc/passwd, not the user's home.
 */
static const char *const system_reads[] = {
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/lib32",
    "/libx32",
    "/etc/texmf",
    "/etc/texlive",
    "/var/lib/texmf",
    "/var/cache/fonts",
    "/etc/fonts",
    "/var/cache/fontconfig",
    "/etc/ld.so.cache",
    "/etc/ld.so.preload",
    "/etc/localtime",
    "/etc/locale.alias",
    "/etc/papersize",
    "/etc/paperspecs",
    "/etc/libpaper.d",
    "/dev/urandom",
    "/dev/zero",
};

/* The directory part of path ("/" for "/x"). */
static char *parent_of(struct cv_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash != path ? cv_arena_strndup(a, path, (size_t)(slash - path))
	                              : cv_arena_strdup(a, "/");
}

static bool named(const char *dir, const char *base)
{
	const char *slash = strrchr(dir, '/');
	return slash && !strcmp(slash + 1, base);
}

/* True if dir is "/", HOME or above HOME: too wide to be read whole. */
static bool too_wide(const char *dir)
{
	const char *home = getenv("HOME");
	size_t n = strlen(dir);
	if (!strcmp(dir, "/"))
		return true;
	return home && !strncmp(home, dir, n) && (home[n] == '\0' || home[n] == '/');
}

/*
 * The root of the TeX installation the engine exe belongs to, so that one
 * outside /usr (TeX Live in /opt or $HOME) can be read: R for R/bin/ENGINE
 * or R/bin/ARCH/ENGINE (then also R/../texmf-local, TeX Live's
 * TEXMFLOCAL), only the engine's directory when R would be / or hold HOME.
 * Appends one or two paths to reads (*n counts them).
 */
static void engine_roots(struct cv_arena *a, const char *exe, const char **reads, size_t *n)
{
	struct cv_buf real = {0};
	const char *bin, *up, *root = NULL;
	if (!cv_sys_realpath(exe, &real))
		return;
	bin = parent_of(a, real.data);
	up = parent_of(a, bin);
	cv_buf_free(&real);
	if (named(bin, "bin")) {
		root = up;
	} else if (named(up, "bin")) {
		root = parent_of(a, up);
		if (!too_wide(root))
			reads[(*n)++] = cv_arena_printf(a, "%s/texmf-local", parent_of(a, root));
	}
	reads[(*n)++] = root && !too_wide(root) ? root : bin;
}

/*
 * Put the job into dir: folio.tex, copies of the assets under their local
 * names, and home/ for the engine's caches.  False on failure (reported,
 * unless a signal caused it).
 */
static bool stage(struct cv_arena *a, const struct cv_tex_job *job, const char *dir)
{
	const char *to = cv_arena_printf(a, "%s/folio.tex", dir);
	size_t i;
	if (!write_file(to, job->tex, job->len))
		goto fail;
	for (i = 0; i < job->nassets; i++) {
		const struct cv_tex_asset *as = &job->assets[i];
		to = cv_arena_printf(a, "%s/%s", dir, as->name);
		if (as->data ? !write_file(to, as->data, as->len) : !copy_file(as->path, to)) {
			if (!cv_sys_interrupted())
				cv_msg(CV_SYSTEM, NULL, "latex-tempdir",
				       "cannot copy '%s' to '%s': %s", job->assets[i].path, to,
				       strerror(errno));
			return false;
		}
	}
	to = cv_arena_printf(a, "%s/home", dir);
	if (mkdir(to, 0700) == 0)
		return true;
fail:
	if (!cv_sys_interrupted())
		cv_msg(CV_SYSTEM, NULL, "latex-tempdir", "cannot write '%s': %s", to,
		       strerror(errno));
	return false;
}

/*
 * An engine run as cv_sys_run takes it (all in the arena).  date is the
 * SOURCE_DATE_EPOCH entry: "SOURCE_DATE_EPOCH=N", or "SOURCE_DATE_EPOCH"
 * to take the environment's away.
 */
static struct cv_sys_job *engine_job(struct cv_arena *a, const char *engine, const char *exe,
                                     const char *dir, const char *date)
{
	static const char *const rw[] = {"/dev/null", NULL};
	struct cv_sys_job *run = cv_arena_alloc(a, sizeof *run);
	const char **reads = cv_arena_array(a, CV_COUNT(system_reads) + 3, sizeof *reads);
	const char *home = cv_arena_printf(a, "%s/home", dir);
	char **argv = cv_arena_array(a, 7, sizeof *argv);
	size_t i, n = 0;
	const char *env[] = {
	    "openin_any=p",
	    "openout_any=p",
	    "shell_escape=f",
	    "max_print_line=10000", /* whole messages in the log */
	    "error_line=254",
	    "half_error_line=238",
	    /* caches, configuration and temporary files: in the directory, gone after it */
	    cv_arena_printf(a, "HOME=%s", home),
	    cv_arena_printf(a, "TEXMFHOME=%s/texmf", home),
	    cv_arena_printf(a, "TEXMFVAR=%s/texmf-var", home),
	    cv_arena_printf(a, "TEXMFCACHE=%s/texmf-var", home),
	    cv_arena_printf(a, "TEXMFCONFIG=%s/texmf-config", home),
	    cv_arena_printf(a, "VARTEXFONTS=%s/texfonts", home),
	    cv_arena_printf(a, "XDG_CACHE_HOME=%s/cache", home),
	    cv_arena_printf(a, "XDG_CONFIG_HOME=%s/config", home),
	    cv_arena_printf(a, "XDG_DATA_HOME=%s/share", home),
	    cv_arena_printf(a, "TMPDIR=%s", home),
	    date,
	    NULL,
	};
	for (i = 0; i < CV_COUNT(system_reads); i++)
		reads[n++] = system_reads[i];
	engine_roots(a, exe, reads, &n);
	argv[0] = cv_arena_strdup(a, engine);
	argv[1] = "-interaction=nonstopmode";
	argv[2] = "-halt-on-error";
	argv[3] = "-no-shell-escape";
	argv[4] = "-file-line-error";
	argv[5] = "folio.tex";
	run->file = exe;
	run->argv = argv;
	run->env = cv_arena_memdup(a, env, sizeof env);
	run->dir = dir;
	run->output = "folio.term";
	run->read = reads;
	run->rw = rw;
	run->timeout = (unsigned)timeout_seconds();
	run->max_file = PDF_MAX_BYTES;
	return run;
}

/*
 * Run the engine until the document settles (twice at least: page totals
 * and the outline need the second run; a third when the log asks).  The
 * last run's status in *st and log in *log (NULL if none).  False when it
 * could not run, timed out or was interrupted (reported, but for a signal).
 */
static bool run_engine(const struct cv_sys_job *run, const char *engine, struct cv_sys_status *st,
                       char **log)
{
	size_t len;
	int pass;
	for (pass = 0; pass < 3; pass++) {
		cv_sys_run(run, st);
		if (pass == 0 && st->end != CV_SYS_NOT_STARTED && st->landlock_abi == 0)
			cv_msg(CV_NOTE, NULL, "latex-no-landlock",
			       "no Landlock here (%s): %s runs without the file-system sandbox, "
			       "confined only by TeX's own settings (see docs/latex.md)",
			       strerror(st->landlock_err), engine);
		if (st->end == CV_SYS_INTERRUPTED)
			return false;
		if (st->end == CV_SYS_NOT_STARTED) {
			cv_msg(CV_SYSTEM, NULL, "latex-engine-start", "cannot run %s ('%s'): %s",
			       engine, run->file, strerror(st->code));
			return false;
		}
		if (st->end == CV_SYS_TIMEOUT) {
			cv_msg(CV_SYSTEM, NULL, "latex-timeout",
			       "%s did not finish within %u s; stopped it", engine, run->timeout);
			return false;
		}
		x_free(*log);
		if (cv_sys_read_in(run->dir, "folio.log", TEX_MAX_BYTES, log, &len))
			*log = NULL;
		if (st->end != CV_SYS_EXITED || st->code != 0)
			return true;
		if (pass >= 1 &&
		    (!*log || (!strstr(*log, "Rerun to get") && !strstr(*log, "(rerunfilecheck)") &&
		               !strstr(*log, "may have changed. Rerun"))))
			return true;
	}
	return true;
}

bool cv_latex_compile(const struct cv_tex_job *job, const char *tex_path, const char *engine,
                      const char *pdf_path)
{
	struct cv_arena *a = cv_arena_new();
	struct cv_buf dir = {0}, exe = {0};
	struct cv_sys_status st;
	const struct cv_sys_job *run;
	const char *when = NULL, *date = "SOURCE_DATE_EPOCH";
	char *log = NULL, *term = NULL, *pdf = NULL;
	size_t term_len = 0, pdf_len = 0;
	bool ok = false, have_dir = false;
	int err;

	if (!engine || !*engine)
		engine = job->engine ? job->engine : "pdflatex";
	/* the date folio checked, or none: never the environment's unchecked one
	 * (TeX reads "" as 1970 and " 5" as 5, and stops on "x") */
	if (job->dated && job->source_date_epoch > latest_epoch(engine, &when))
		cv_msg(CV_WARN, NULL, "latex-source-date",
		       "SOURCE_DATE_EPOCH %lld is past what %s can take (%lld, %s); it is not "
		       "passed on, and the compiled PDF gets the time of the run",
		       job->source_date_epoch, engine, latest_epoch(engine, &when), when);
	else if (job->dated)
		date = cv_arena_printf(a, "SOURCE_DATE_EPOCH=%lld", job->source_date_epoch);
	if (!cv_sys_which(engine, &exe)) {
		cv_msg(CV_SYSTEM, NULL, "latex-engine-missing", "%s not found; install %s", engine,
		       engine_package(engine));
		goto done;
	}
	if (!cv_sys_tempdir_new("folio-tex-", &dir)) {
		const char *tmpdir = getenv("TMPDIR");
		cv_msg(CV_SYSTEM, NULL, "latex-tempdir",
		       "cannot make a temporary directory in '%s': %s",
		       tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
		goto done;
	}
	have_dir = true;
	if (!stage(a, job, dir.data))
		goto done;
	run = engine_job(a, engine, exe.data, dir.data, date);
	if (!run_engine(run, engine, &st, &log) || cv_sys_interrupted())
		goto done;
	if (st.end != CV_SYS_EXITED || st.code != 0) {
		struct report r = {a, job, tex_path, engine, 0};
		if (cv_sys_read_in(dir.data, "folio.term", TEX_MAX_BYTES, &term, &term_len))
			term = NULL;
		report_failure(&r, &st, log, term);
		goto done;
	}
	if ((err = cv_sys_read_in(dir.data, "folio.pdf", PDF_MAX_BYTES, &pdf, &pdf_len))) {
		cv_msg(CV_ERROR, NULL, "latex-failed", "%s wrote no PDF for '%s' (%s)", engine,
		       tex_path, strerror(err));
		goto done;
	}
	ok = true;
done:
	/* ends the process if a SIGINT, SIGTERM or SIGHUP came meanwhile */
	if (have_dir && !cv_sys_tempdir_free(dir.data))
		cv_msg(CV_WARN, NULL, "latex-tempdir", "could not remove all of '%s'", dir.data);
	if (ok)
		ok = cv_output_write(pdf_path, pdf, pdf_len, false);
	cv_buf_free(&dir);
	cv_buf_free(&exe);
	x_free(log);
	x_free(term);
	x_free(pdf);
	cv_arena_free(a);
	return ok;
}
