/*
 * cv_latex_compile with fake engines (shell scripts put first on PATH) and,
 * when installed, the real pdflatex: arguments and environment, PDF written
 * only on success, errors mapped to FILE.tex:LINE, missing engine, timeout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "latex/latex.h"
#include "msg.h"

static char dir[] = "/tmp/folio-test-latex-XXXXXX";
static char path_env[4096];

static void put(const char *name, const char *text, int mode)
{
	char p[512];
	FILE *fp;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	fp = fopen(p, "w");
	if (!fp)
		return;
	fputs(text, fp);
	fclose(fp);
	chmod(p, (mode_t)mode);
}

static char *slurp(const char *name)
{
	char p[512], *data = NULL;
	size_t len;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	if (cv_file_read(p, 1 << 20, &data, &len))
		return NULL;
	return data;
}

/* A job compiling text, with the given assets. */
static struct cv_tex_job job_of(const char *text, const struct cv_tex_asset *assets, size_t nassets)
{
	struct cv_tex_job j;
	memset(&j, 0, sizeof j);
	j.tex = text;
	j.len = strlen(text);
	j.assets = assets;
	j.nassets = nassets;
	j.engine = strstr(text, "folio-engine: xelatex") ? "xelatex" : "pdflatex";
	return j;
}

static const char *at(const char *name)
{
	static char p[4][512];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

/* Compile the .tex file name (in dir) as a job without assets. */
static bool compile_file(const char *name, const char *engine, const char *pdf)
{
	char *text = slurp(name);
	struct cv_tex_job j = job_of(text ? text : "", NULL, 0);
	bool ok = cv_latex_compile(&j, at(name), engine, pdf);
	free(text);
	return ok;
}

static void test_fake_engines(void)
{
	char *s;
	const char *tex = "% folio-engine: pdflatex\n\\documentclass{article}\n";
	put("cv.tex", tex, 0644);
	/* success: the engine sees the safe flags and environment, writes folio.pdf */
	put("bin/pdflatex",
	    "#!/bin/sh\n"
	    "echo \"$* openout_any=$openout_any shell_escape=$shell_escape\" > \"$FAKE_DIR/args\"\n"
	    "printf '%%PDF-1.5 fake' > folio.pdf\n",
	    0755);
	cv_msg_reset();
	CHECK(compile_file("cv.tex", NULL, at("cv.pdf")));
	s = slurp("cv.pdf");
	CHECK_STR(s, "%PDF-1.5 fake");
	free(s);
	s = slurp("args");
	CHECK(s && strstr(s, "-no-shell-escape") && strstr(s, "-halt-on-error") &&
	      strstr(s, "-interaction=nonstopmode") && strstr(s, "openout_any=p") &&
	      strstr(s, "shell_escape=f"));
	free(s);

	/* the header picks the engine: xelatex is missing here */
	put("cv2.tex", "% folio-engine: xelatex\n", 0644);
	cv_msg_reset();
	CHECK(!compile_file("cv2.tex", NULL, at("cv2.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-engine-missing");
	CHECK(access(at("cv2.pdf"), F_OK) != 0);

	/* failure without "!" lines: latex-failed, the old PDF is kept */
	put("bin/lualatex", "#!/bin/sh\necho nothing useful > folio.log\nexit 1\n", 0755);
	cv_msg_reset();
	CHECK(!compile_file("cv.tex", "lualatex", at("cv.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-failed");
	s = slurp("cv.pdf");
	CHECK_STR(s, "%PDF-1.5 fake");
	free(s);

	/* an error in the log: reported at the .tex line */
	put("bin/xelatex",
	    "#!/bin/sh\nprintf '(./folio.tex\\n./folio.tex:7: Undefined control sequence.\\n"
	    "l.7 \\\\foo\\n\\n' > folio.log\nexit 1\n",
	    0755);
	cv_msg_reset();
	CHECK(!compile_file("cv.tex", "xelatex", at("x.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-error");
	CHECK(cv_msg_exit_status() == 1);

	/* ... and at the profile position that line was written from */
	{
		static const struct cv_pos lines[8] = {[6] = {"cv.yaml", 12, 7}};
		struct cv_tex_job j = job_of(tex, NULL, 0);
		j.line_pos = lines;
		j.nlines = 8;
		cv_msg_reset();
		CHECK(!cv_latex_compile(&j, at("cv.tex"), "xelatex", at("x.pdf")));
		CHECK_STR(cv_msg_last_id(), "latex-error-source");
		CHECK(cv_msg_count(CV_ERROR) == 1);
	}

	/* a hanging engine is stopped */
	put("bin/pdflatex", "#!/bin/sh\nwhile :; do :; done\n", 0755);
	setenv("FOLIO_LATEX_TIMEOUT", "1", 1);
	cv_msg_reset();
	CHECK(!compile_file("cv.tex", "pdflatex", at("t.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-timeout");
	CHECK(access(at("t.pdf"), F_OK) != 0);
	unsetenv("FOLIO_LATEX_TIMEOUT");

	/* an asset that cannot be read; no temporary directory */
	{
		static const struct cv_tex_asset gone[] = {{"/nonexistent/font.ttf", "font-1.ttf"}};
		struct cv_tex_job j = job_of(tex, gone, 1);
		put("bin/pdflatex", "#!/bin/sh\nprintf '%%PDF-1.5 fake' > folio.pdf\n", 0755);
		cv_msg_reset();
		CHECK(!cv_latex_compile(&j, at("cv.tex"), "pdflatex", at("m.pdf")));
		CHECK_STR(cv_msg_last_id(), "latex-tempdir");
		CHECK(access(at("m.pdf"), F_OK) != 0);
	}
	setenv("TMPDIR", "/nonexistent/dir", 1);
	cv_msg_reset();
	CHECK(!compile_file("cv.tex", "lualatex", at("m.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-tempdir");
	unsetenv("TMPDIR");
}

static void test_real_pdflatex(const char *old_path)
{
	char *s;
	setenv("PATH", old_path, 1);
	if (system("command -v pdflatex > /dev/null 2>&1") != 0) {
		printf("skip: pdflatex not installed\n");
		return;
	}
	put("ok.tex", "\\documentclass{article}\n\\begin{document}\nHello.\n\\end{document}\n",
	    0644);
	cv_msg_reset();
	CHECK(compile_file("ok.tex", "pdflatex", at("ok.pdf")));
	s = slurp("ok.pdf");
	CHECK(s && !strncmp(s, "%PDF-", 5));
	free(s);
	put("bad.tex",
	    "\\documentclass{article}\n\\begin{document}\nHello.\n\\foo\n\\end{document}\n", 0644);
	cv_msg_reset();
	CHECK(!compile_file("bad.tex", "pdflatex", at("bad.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-error");
	CHECK(access(at("bad.pdf"), F_OK) != 0);
	/* \write18 is never run */
	put("w.tex",
	    "\\documentclass{article}\n\\begin{document}\n\\immediate\\write18{touch pwned}\nx\n"
	    "\\end{document}\n",
	    0644);
	cv_msg_reset();
	CHECK(compile_file("w.tex", "pdflatex", at("w.pdf")));
	CHECK(access("pwned", F_OK) != 0);
}

int main(void)
{
	const char *old = getenv("PATH");
	char *old_path = x_strdup(old ? old : "/usr/bin:/bin");
	char cmd[600];
	if (!mkdtemp(dir))
		return 1;
	snprintf(cmd, sizeof cmd, "%s/bin", dir);
	mkdir(cmd, 0755);
	setenv("FAKE_DIR", dir, 1);
	cv_msg_set_stream(stdout);
	/* only the fake engines and the shell's basics are found */
	snprintf(path_env, sizeof path_env, "%s/bin:/usr/bin:/bin", dir);
	setenv("PATH", path_env, 1);
	if (access("/usr/bin/xelatex", X_OK) == 0 || access("/bin/xelatex", X_OK) == 0) {
		/* real engines live in /usr/bin: hide them behind a bin-only PATH */
		snprintf(path_env, sizeof path_env, "%s/bin", dir);
		setenv("PATH", path_env, 1);
	}
	test_fake_engines();
	test_real_pdflatex(old_path);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	x_free(old_path);
	return TEST_RESULT();
}
