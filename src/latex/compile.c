/*
 * --compile: runs a TeX engine on a written .tex file in a private temporary
 * directory (no shell escape, restricted file writes, a timeout), turns the
 * log's errors into FILE.tex:LINE diagnostics and writes the PDF atomically.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../msg.h"
#include "../output.h"
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

/* True if an executable named name is on PATH. */
static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	struct cv_buf b = {0};
	bool found = false;
	if (!path || !*path)
		return false;
	while (!found) {
		size_t n = strcspn(path, ":");
		cv_buf_reset(&b);
		if (n == 0)
			cv_buf_putc(&b, '.');
		else
			cv_buf_put(&b, path, n);
		cv_buf_printf(&b, "/%s", name);
		found = access(b.data, X_OK) == 0;
		if (!path[n])
			break;
		path += n + 1;
	}
	cv_buf_free(&b);
	return found;
}

static int timeout_seconds(void)
{
	const char *s = getenv("FOLIO_LATEX_TIMEOUT");
	int v = s ? atoi(s) : 0;
	return v > 0 ? v : DEFAULT_TIMEOUT;
}

/*
 * Run engine on folio.tex in dir.  Returns the exit status (0 ok), -1 when
 * it could not start, -2 on timeout.
 */
static int run_engine(const char *engine, const char *dir)
{
	int limit = timeout_seconds();
	struct timespec tick = {0, 50 * 1000 * 1000};
	long waited = 0;
	int status;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		setpgid(0, 0);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		if (chdir(dir) != 0)
			_exit(126);
		setenv("openout_any", "p", 1);
		setenv("openin_any", "a", 1);
		setenv("shell_escape", "f", 1);
		setenv("max_print_line", "10000", 1); /* whole messages in the log */
		setenv("error_line", "254", 1);
		setenv("half_error_line", "238", 1);
		execlp(engine, engine, "-interaction=nonstopmode", "-halt-on-error",
		       "-no-shell-escape", "-file-line-error", "folio.tex", (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -1;
		if (waited >= (long)limit * 20) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -2;
		}
		nanosleep(&tick, NULL);
		waited++;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
	return 128;
}

/* A note at the profile position .tex line `line` was written from, if known. */
static void note_source(const struct cv_tex_job *job, unsigned line)
{
	if (line == 0 || line > job->nlines || !job->line_pos[line - 1].file)
		return;
	cv_msg(CV_NOTE, &job->line_pos[line - 1], "latex-error-source",
	       "the .tex line with the error was written from here");
}

/* The source text TeX shows after "l.LINE " below an error, or NULL. */
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
 * Report the log's errors.  With -file-line-error they read
 * "./folio.tex:12: message"; without it "! message" followed by "l.12 ...".
 * Returns the number reported.
 */
static unsigned report_log(const char *log, const struct cv_tex_job *job, const char *tex_path,
                           const char *engine)
{
	const char *p = log;
	unsigned count = 0;
	while (p && *p && count < 5) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		unsigned line = 0;
		const char *msg = NULL;
		size_t mlen = 0;
		if (!strncmp(p, "./folio.tex:", 12)) {
			char *end;
			unsigned long v = strtoul(p + 12, &end, 10);
			if (end != p + 12 && *end == ':') {
				line = (unsigned)v;
				msg = end + 1;
				while (*msg == ' ')
					msg++;
				mlen = n - (size_t)(msg - p);
			}
		} else if (n > 2 && p[0] == '!' && p[1] == ' ') {
			const char *l = strstr(p, "\nl.");
			msg = p + 2;
			mlen = n - 2;
			if (l && l - p < 4000)
				line = (unsigned)strtoul(l + 3, NULL, 10);
		}
		if (msg &&
		    (!strncmp(msg, "==> Fatal error", 15) || !strncmp(msg, "Emergency stop", 14)))
			msg = NULL; /* the consequence, not the cause */
		if (msg) {
			struct cv_pos pos = {tex_path, line, 0};
			while (mlen > 0 && (msg[mlen - 1] == '.' || msg[mlen - 1] == ' ' ||
			                    msg[mlen - 1] == '\r'))
				mlen--;
			const char *ctx = line ? find_context(msg, line) : NULL;
			size_t clen = ctx ? strcspn(ctx, "\n") : 0;
			if (ctx &&
			    (clen > 80 || memchr(ctx, '{', clen))) /* long or a whole macro call */
				ctx = NULL;
			cv_msg(CV_ERROR, line ? &pos : NULL, "latex-error", "%s: %.*s%s%.*s%s",
			       engine, (int)(mlen > 300 ? 300 : mlen), msg, ctx ? " (at \"" : "",
			       (int)(clen > 60 ? 60 : clen), ctx ? ctx : "", ctx ? "\")" : "");
			note_source(job, line);
			count++;
			/* one TeX error prints several lines; skip to the next blank line */
			p = strstr(p, "\n\n");
			continue;
		}
		p = eol ? eol + 1 : NULL;
	}
	return count;
}

/* Remove dir and the files in it (no subdirectories are created there). */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct cv_buf b = {0};
	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			cv_buf_reset(&b);
			cv_buf_printf(&b, "%s/%s", dir, e->d_name);
			unlink(b.data);
		}
		closedir(d);
	}
	cv_buf_free(&b);
	rmdir(dir);
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

bool cv_latex_compile(const struct cv_tex_job *job, const char *tex_path, const char *engine,
                      const char *pdf_path)
{
	char *log = NULL, *pdf = NULL;
	size_t log_len = 0, pdf_len = 0, i;
	const char *tmpdir = getenv("TMPDIR");
	struct cv_buf dir = {0}, path = {0};
	bool ok = false, have_dir = false;
	int err, run, status = 0;

	if (!engine || !*engine)
		engine = job->engine ? job->engine : "pdflatex";
	if (!on_path(engine)) {
		cv_msg(CV_SYSTEM, NULL, "latex-engine-missing", "%s not found; install %s", engine,
		       engine_package(engine));
		goto done;
	}
	cv_buf_printf(&dir, "%s/folio-tex-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir.data)) {
		cv_msg(CV_SYSTEM, NULL, "latex-tempdir",
		       "cannot make a temporary directory in '%s': %s",
		       tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
		goto done;
	}
	have_dir = true;
	cv_buf_printf(&path, "%s/folio.tex", dir.data);
	if (!write_file(path.data, job->tex, job->len)) {
		cv_msg(CV_SYSTEM, NULL, "latex-tempdir", "cannot write '%s': %s", path.data,
		       strerror(errno));
		goto done;
	}
	for (i = 0; i < job->nassets; i++) {
		cv_buf_reset(&path);
		cv_buf_printf(&path, "%s/%s", dir.data, job->assets[i].name);
		if (!copy_file(job->assets[i].path, path.data)) {
			cv_msg(CV_SYSTEM, NULL, "latex-tempdir", "cannot copy '%s' to '%s': %s",
			       job->assets[i].path, path.data, strerror(errno));
			goto done;
		}
	}
	/* Twice at least: page totals and the outline settle on the second run. */
	for (run = 0; run < 3; run++) {
		status = run_engine(engine, dir.data);
		if (status == -1) {
			cv_msg(CV_SYSTEM, NULL, "latex-engine-missing", "%s not found; install %s",
			       engine, engine_package(engine));
			goto done;
		}
		if (status == -2) {
			cv_msg(CV_SYSTEM, NULL, "latex-timeout",
			       "%s did not finish within %d s; stopped it", engine,
			       timeout_seconds());
			goto done;
		}
		x_free(log);
		log = NULL;
		cv_buf_reset(&path);
		cv_buf_printf(&path, "%s/folio.log", dir.data);
		if (cv_file_read(path.data, TEX_MAX_BYTES, &log, &log_len))
			log = NULL;
		if (status != 0)
			break;
		if (run >= 1 &&
		    (!log || (!strstr(log, "Rerun to get") && !strstr(log, "(rerunfilecheck)") &&
		              !strstr(log, "may have changed. Rerun"))))
			break;
	}
	if (status != 0) {
		if (!log || report_log(log, job, tex_path, engine) == 0)
			cv_msg(CV_ERROR, NULL, "latex-failed", "%s failed on '%s' (exit status %d)",
			       engine, tex_path, status);
		goto done;
	}
	cv_buf_reset(&path);
	cv_buf_printf(&path, "%s/folio.pdf", dir.data);
	if ((err = cv_file_read(path.data, PDF_MAX_BYTES, &pdf, &pdf_len))) {
		cv_msg(CV_ERROR, NULL, "latex-failed", "%s wrote no PDF for '%s'", engine,
		       tex_path);
		goto done;
	}
	ok = cv_output_write(pdf_path, pdf, pdf_len, false);
done:
	if (have_dir)
		remove_dir(dir.data);
	cv_buf_free(&dir);
	cv_buf_free(&path);
	x_free(log);
	x_free(pdf);
	return ok;
}
