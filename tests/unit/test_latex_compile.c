/*
 * cv_latex_compile with fake engines (shell scripts put first on PATH) and,
 * when installed, the real pdflatex, xelatex and lualatex: arguments and
 * environment, PDF written only on success, errors mapped to FILE.tex:LINE
 * from real log excerpts of each engine, missing engine, timeout, and the
 * sandbox measured with hostile jobs (writes and reads outside the
 * temporary directory by TeX, by Lua and by links), also where the kernel
 * refuses Landlock.
 */
#define _DEFAULT_SOURCE /* syscall, symlink with the POSIX ones */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include "harness.h"
#include "latex/latex.h"
#include "msg.h"

static char dir[] = "/tmp/folio-test-latex-XXXXXX";
static char path_env[4096];
static FILE *msgs; /* where cv_msg writes: read back by messages() */

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

static const char *at(const char *name)
{
	static char p[4][512];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

/* text with every "@" replaced by the test directory (static buffer). */
static const char *with_dir(const char *text)
{
	static char out[8192];
	size_t n = 0, d = strlen(dir);
	for (; *text && n + d + 1 < sizeof out; text++) {
		if (*text == '@') {
			memcpy(out + n, dir, d);
			n += d;
		} else {
			out[n++] = *text;
		}
	}
	out[n] = '\0';
	return out;
}

/* Forget the messages so far. */
static void reset(void)
{
	cv_msg_reset();
	fflush(msgs);
	if (ftruncate(fileno(msgs), 0) != 0)
		perror("ftruncate");
	rewind(msgs);
}

/* The messages since reset() (static buffer), also shown on stdout. */
static const char *messages(void)
{
	static char text[16384];
	size_t n;
	fflush(msgs);
	rewind(msgs);
	n = fread(text, 1, sizeof text - 1, msgs);
	text[n] = '\0';
	fseek(msgs, 0, SEEK_END);
	fputs(text, stdout);
	return text;
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

/* Compile the .tex file name (in dir) as a job without assets. */
static bool compile_file(const char *name, const char *engine, const char *pdf)
{
	char *text = slurp(name);
	struct cv_tex_job j = job_of(text ? text : "", NULL, 0);
	bool ok = cv_latex_compile(&j, at(name), engine, pdf);
	free(text);
	return ok;
}

/* The kernel's Landlock ABI version, 0 when there is none. */
static int landlock_abi(void)
{
#if defined(__linux__) && defined(SYS_landlock_create_ruleset)
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, 1u);
	return v > 0 ? (int)v : 0;
#else
	return 0;
#endif
}

static void test_fake_engines(void)
{
	char *s;
	const char *tex = "% folio-engine: pdflatex\n\\documentclass{article}\n";
	put("cv.tex", tex, 0644);
	/* success: the engine sees the safe flags and environment, writes folio.pdf */
	put("bin/pdflatex",
	    "#!/bin/sh\n"
	    "echo x > \"$FAKE_DIR/escaped\"\n"
	    "printf '%%PDF-1.5 fake %s|openin_any=%s|openout_any=%s|shell_escape=%s|HOME=%s|"
	    "TEXMFCACHE=%s|TEXMFVAR=%s|XDG_CACHE_HOME=%s|pwd=%s' \"$*\" \"$openin_any\" "
	    "\"$openout_any\" \"$shell_escape\" \"$HOME\" \"$TEXMFCACHE\" \"$TEXMFVAR\" "
	    "\"$XDG_CACHE_HOME\" \"$(pwd)\" > folio.pdf\n",
	    0755);
	reset();
	CHECK(compile_file("cv.tex", NULL, at("cv.pdf")));
	s = slurp("cv.pdf");
	CHECK(s && !strncmp(s, "%PDF-1.5 fake", 13));
	CHECK(s && strstr(s, "-no-shell-escape") && strstr(s, "-halt-on-error") &&
	      strstr(s, "-interaction=nonstopmode") && strstr(s, "-file-line-error folio.tex|") &&
	      strstr(s, "|openin_any=p|") && strstr(s, "|openout_any=p|") &&
	      strstr(s, "|shell_escape=f|"));
	/* caches and home inside the temporary directory */
	CHECK(s && strstr(s, "|HOME=/tmp/folio-tex-") && strstr(s, "/home|") &&
	      strstr(s, "|TEXMFCACHE=/tmp/folio-tex-") && strstr(s, "|TEXMFVAR=/tmp/folio-tex-") &&
	      strstr(s, "|XDG_CACHE_HOME=/tmp/folio-tex-") && strstr(s, "|pwd=/tmp/folio-tex-"));
	free(s);
	if (landlock_abi() > 0)
		CHECK(access(at("escaped"), F_OK) != 0); /* its own directory only */

	/* the header picks the engine: xelatex is missing here */
	put("cv2.tex", "% folio-engine: xelatex\n", 0644);
	reset();
	CHECK(!compile_file("cv2.tex", NULL, at("cv2.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-engine-missing");
	CHECK(access(at("cv2.pdf"), F_OK) != 0);

	/* failure with nothing TeX-like in the log: latex-failed with the last words */
	put("bin/lualatex", "#!/bin/sh\necho nothing useful > folio.log\nexit 1\n", 0755);
	reset();
	CHECK(!compile_file("cv.tex", "lualatex", at("cv.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-failed");
	CHECK(strstr(messages(), "error: lualatex failed on '") &&
	      strstr(messages(), "cv.tex' (exit status 1): \"nothing useful\"\n"));
	s = slurp("cv.pdf"); /* the old PDF is kept */
	CHECK(s && !strncmp(s, "%PDF-1.5 fake", 13));
	free(s);

	/* an error in the log: reported at the .tex line */
	put("bin/xelatex",
	    "#!/bin/sh\nprintf '(./folio.tex\\n./folio.tex:7: Undefined control sequence.\\n"
	    "l.7 \\\\foo\\n\\n' > folio.log\nexit 1\n",
	    0755);
	reset();
	CHECK(!compile_file("cv.tex", "xelatex", at("x.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-error");
	CHECK(cv_msg_exit_status() == 1);

	/* ... and at the profile position that line was written from */
	{
		static const struct cv_pos lines[8] = {[6] = {"cv.yaml", 12, 7}};
		struct cv_tex_job j = job_of(tex, NULL, 0);
		j.line_pos = lines;
		j.nlines = 8;
		reset();
		CHECK(!cv_latex_compile(&j, at("cv.tex"), "xelatex", at("x.pdf")));
		CHECK_STR(cv_msg_last_id(), "latex-error-source");
		CHECK(cv_msg_count(CV_ERROR) == 1);
	}

	/* a hanging engine is stopped */
	put("bin/pdflatex", "#!/bin/sh\nwhile :; do :; done\n", 0755);
	setenv("FOLIO_LATEX_TIMEOUT", "1", 1);
	reset();
	CHECK(!compile_file("cv.tex", "pdflatex", at("t.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-timeout");
	CHECK(access(at("t.pdf"), F_OK) != 0);
	unsetenv("FOLIO_LATEX_TIMEOUT");

	/* an engine that cannot be started */
	put("bin/pdflatex", "#!/nonexistent/interpreter\n", 0755);
	reset();
	CHECK(!compile_file("cv.tex", "pdflatex", at("t.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-engine-start");
	CHECK(strstr(messages(), "folio: error: cannot run pdflatex ('") &&
	      strstr(messages(), "/bin/pdflatex'): No such file or directory\n"));

	/* an asset that cannot be read; no temporary directory */
	{
		static const struct cv_tex_asset gone[] = {
		    {"/nonexistent/font.ttf", "font-1.ttf", NULL, 0}};
		struct cv_tex_job j = job_of(tex, gone, 1);
		put("bin/pdflatex", "#!/bin/sh\nprintf '%%PDF-1.5 fake' > folio.pdf\n", 0755);
		reset();
		CHECK(!cv_latex_compile(&j, at("cv.tex"), "pdflatex", at("m.pdf")));
		CHECK_STR(cv_msg_last_id(), "latex-tempdir");
		CHECK(access(at("m.pdf"), F_OK) != 0);
	}
	setenv("TMPDIR", "/nonexistent/dir", 1);
	reset();
	CHECK(!compile_file("cv.tex", "lualatex", at("m.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-tempdir");
	unsetenv("TMPDIR");
}

/*
 * SOURCE_DATE_EPOCH: the engine gets the job's checked date, within what it
 * can take (latex-source-date beyond), and never the environment's own.
 */
static void test_source_date(void)
{
	static const struct {
		const char *engine;
		bool dated;
		long long epoch;
		const char *want; /* what the engine sees */
		bool warned;
	} cases[] = {
	    {"pdflatex", false, 0, "unset", false},
	    {"pdflatex", true, 0, "0", false},
	    {"pdflatex", true, 86400, "86400", false},
	    {"pdflatex", true, 253402300799LL, "253402300799", false}, /* 9999-12-31 */
	    {"pdflatex", true, 253402300800LL, "unset", true},
	    {"xelatex", true, 253402300799LL, "253402300799", false},
	    {"xelatex", true, 9223372036854775807LL, "unset", true},
	    {"lualatex", true, 2147483647LL, "2147483647", false}, /* 2038-01-19 */
	    {"lualatex", true, 2147483648LL, "unset", true},
	    {"lualatex", false, 0, "unset", false},
	};
	static const char *const env[] = {NULL, "", " 5", "x", "86400"};
	const char *tex = "% folio-engine: pdflatex\n";
	size_t i, e;
	static const char *const engines[] = {"bin/pdflatex", "bin/xelatex", "bin/lualatex"};
	for (i = 0; i < CV_COUNT(engines); i++)
		put(engines[i],
		    "#!/bin/sh\nprintf '%%PDF-1.5 fake SDE=[%s]' \"${SOURCE_DATE_EPOCH-unset}\" "
		    "> folio.pdf\n",
		    0755);
	for (e = 0; e < CV_COUNT(env); e++) {
		if (env[e])
			setenv("SOURCE_DATE_EPOCH", env[e], 1);
		else
			unsetenv("SOURCE_DATE_EPOCH");
		for (i = 0; i < CV_COUNT(cases); i++) {
			struct cv_tex_job j = job_of(tex, NULL, 0);
			char want[64], *s;
			j.dated = cases[i].dated;
			j.source_date_epoch = cases[i].epoch;
			reset();
			CHECK(cv_latex_compile(&j, at("cv.tex"), cases[i].engine, at("sde.pdf")));
			s = slurp("sde.pdf");
			snprintf(want, sizeof want, "%%PDF-1.5 fake SDE=[%s]", cases[i].want);
			CHECK_STR(s, want);
			free(s);
			CHECK(cv_msg_count(CV_WARN) == (cases[i].warned ? 1u : 0u));
			CHECK(!cases[i].warned ||
			      strstr(messages(), "warning: SOURCE_DATE_EPOCH ") != NULL);
		}
	}
	unsetenv("SOURCE_DATE_EPOCH");
	reset();
	{
		struct cv_tex_job j = job_of(tex, NULL, 0);
		j.dated = true;
		j.source_date_epoch = 2147483648LL;
		CHECK(cv_latex_compile(&j, at("cv.tex"), "lualatex", at("sde.pdf")));
		CHECK(
		    strstr(
		        messages(),
		        "folio: warning: SOURCE_DATE_EPOCH 2147483648 is past what lualatex can "
		        "take (2147483647, 2038-01-19 03:14:07 UTC); it is not passed on, and the "
		        "compiled PDF gets the time of the run\n") != NULL);
	}
}

/*
 * A TeX Live in its own tree (as in /opt or $HOME): the engine reads its
 * installation (R for R/bin/ARCH/ENGINE) and R/../texmf-local, nothing
 * else; when R holds HOME, only its bin directory.
 */
static void test_engine_roots(void)
{
	const char *fake =
	    "#!/bin/sh\n"
	    "tl=\"$FAKE_DIR/tl\"\n"
	    "got=\n"
	    "for f in 2022/texmf-dist/dist.sty texmf-local/local.sty other/secret.sty; do\n"
	    "  true < \"$tl/$f\" 2> /dev/null && got=\"$got $f\"\n"
	    "done\n"
	    "printf '%%PDF-1.5 read:%s' \"$got\" > folio.pdf\n";
	char *s, *home = getenv("HOME") ? x_strdup(getenv("HOME")) : NULL;
	if (system(with_dir("/bin/mkdir -p @/tl/2022/bin/x86_64-linux @/tl/2022/texmf-dist "
	                    "@/tl/texmf-local @/tl/other")) != 0) {
		CHECK(!"made the TeX Live tree");
		return;
	}
	put("tl/2022/texmf-dist/dist.sty", "%", 0644);
	put("tl/texmf-local/local.sty", "%", 0644);
	put("tl/other/secret.sty", "%", 0644);
	put("tl/2022/bin/x86_64-linux/pdflatex", fake, 0755);
	put("cv.tex", "\\documentclass{article}\n", 0644);
	snprintf(path_env, sizeof path_env, "%s/tl/2022/bin/x86_64-linux", dir);
	setenv("PATH", path_env, 1);
	reset();
	CHECK(compile_file("cv.tex", "pdflatex", at("tl.pdf")));
	s = slurp("tl.pdf");
	CHECK_STR(s, landlock_abi()
	                 ? "%PDF-1.5 read: 2022/texmf-dist/dist.sty texmf-local/local.sty"
	                 : "%PDF-1.5 read: 2022/texmf-dist/dist.sty texmf-local/local.sty "
	                   "other/secret.sty");
	free(s);
	/* an installation that is the home directory itself is not read whole */
	setenv("HOME", at("tl/2022"), 1);
	reset();
	CHECK(compile_file("cv.tex", "pdflatex", at("tl.pdf")));
	s = slurp("tl.pdf");
	if (landlock_abi())
		CHECK_STR(s, "%PDF-1.5 read:");
	free(s);
	if (home)
		setenv("HOME", home, 1);
	x_free(home);
	snprintf(path_env, sizeof path_env, "%s/bin", dir);
	setenv("PATH", path_env, 1);
}

/*
 * Log excerpts of real failures (TeX Live 2022, with folio's flags), each
 * written by a fake engine that then fails; want is the whole report.
 */
static const struct {
	const char *engine, *log, *term, *want;
} log_cases[] = {
    /* LuaTeX: a Lua error has neither "./folio.tex:N:" nor "!" */
    {"lualatex",
     "LaTeX Font Info:    ... okay on input line 2.\n"
     "[\\directlua]:1: boom from lua\n"
     "stack traceback:\n"
     "\t[C]: in function 'error'\n"
     "\t[\\directlua]:1: in main chunk.\n"
     "l.3 \\directlua{error(\"boom from lua\")}\n"
     "                                    \n\n"
     "Here is how much of LuaTeX's memory you used:\n"
     "./folio.tex:3:  ==> Fatal error occurred, no output PDF file produced!\n",
     NULL, "@:3:1: error: lualatex: [\\directlua]:1: boom from lua\n"},
    /* LuaTeX: an error in a Lua callback */
    {"lualatex",
     "LaTeX Font Info:    ... okay on input line 3.\n\n"
     "warning  (node filter): error: [\\directlua]:1: boom in callback\n\n"
     ".\n"
     "<argument> ...ype:D \\tex_hskip:D \\c_zero_dim \\fi: \\tex_par:D \n"
     "                                                  \\hook_use:n {para/after}\\@...\n"
     "l.5 \\end{document}\n"
     "                \n\n"
     "./folio.tex:5:  ==> Fatal error occurred, no output PDF file produced!\n",
     NULL,
     "@:5:1: error: lualatex: warning  (node filter): error: [\\directlua]:1: boom in "
     "callback\n"},
    /* fontspec: a font that is not there, with its l.N line */
    {"lualatex",
     "luaotfload | db : Reload initiated (formats: otf,ttf,ttc); reason: File not found: "
     "\"./NoSuchFont-Regular.ttf\".\n\n"
     "./folio.tex:3: Package fontspec Error: The font \"NoSuchFont-Regular\" cannot be found.\n\n"
     "For immediate help type H <return>.\n"
     " ->\\tex_errmessage:D  Package fontspec Error: The font \"NoSuchFont-Regular\" cannot be "
     "found.\n\n"
     "For immediate help type H <return>\\use_none:n            \n"
     "                                                          \n"
     "l.3 \\setmainfont{NoSuchFont-Regular.ttf}[Path=./]\n\n",
     NULL,
     "@:3:1: error: lualatex: Package fontspec Error: The font \"NoSuchFont-Regular\" cannot be "
     "found\n"},
    /* a TeX font that cannot be loaded */
    {"lualatex",
     "./folio.tex:2: Font \\x=nosuchfontxyz at 10pt not loadable: metric data not found or "
     "bad.\n"
     "l.2 \\font\\x=nosuchfontxyz at 10pt\n"
     "                               \n\n",
     NULL,
     "@:2:1: error: lualatex: Font \\x=nosuchfontxyz at 10pt not loadable: metric data not "
     "found or bad (at \"\\font\\x=nosuchfontxyz at 10pt\")\n"},
    /* a missing package: the Debian package that has it */
    {"xelatex",
     "\\bibindent=\\dimen140\n)\n\n"
     "! LaTeX Error: File `enumitem.sty' not found.\n\n"
     "Type X to quit or <RETURN> to proceed,\n"
     "or enter new name. (Default extension: sty)\n\n"
     "Enter file name: \n"
     "./folio.tex:3: Emergency stop.\n"
     "<read *> \n"
     "         \n"
     "l.3 \\begin\n"
     "          {document}^^M \n"
     "Here is how much of TeX's memory you used:\n",
     NULL,
     "@:3:1: error: xelatex: LaTeX Error: File `enumitem.sty' not found (at \"\\begin\")\n"
     "folio: note: enumitem.sty is in the Debian package texlive-latex-extra (apt install "
     "texlive-latex-extra)\n"},
    {"pdflatex", "! LaTeX Error: File `nosuchpkgxyz.sty' not found.\n\nl.3 \\begin\n\n", NULL,
     "@:3:1: error: pdflatex: LaTeX Error: File `nosuchpkgxyz.sty' not found (at \"\\begin\")\n"
     "folio: note: install the TeX package that has nosuchpkgxyz.sty (on Debian: apt-file "
     "search nosuchpkgxyz.sty)\n"},
    /* an error inside a package file */
    {"pdflatex",
     "./mypkg.sty:2: Undefined control sequence.\n"
     "<recently read> \\undefinedthing \n"
     "                                \n"
     "l.2 \\undefinedthing\n"
     "                    \n"
     "Here is how much of TeX's memory you used:\n\n"
     "./mypkg.sty:2:  ==> Fatal error occurred, no output PDF file produced!\n",
     NULL, "folio: error: pdflatex: Undefined control sequence (in ./mypkg.sty:2)\n"},
    /* XeTeX: the PDF driver fails after TeX succeeded (a truncated font) */
    {"xelatex",
     "(./folio.aux) ) \n"
     "Error 256 (driver return code) generating output;\n"
     "file folio.pdf may not be valid.\n",
     "(/usr/share/texlive/texmf-dist/tex/latex/base/ts1cmr.fd) [1] (./folio.aux)\n"
     "xdvipdfmx:fatal: File ended prematurely\n\n\n"
     "No output PDF file written.\n )\n"
     "Error 256 (driver return code) generating output;\n"
     "file folio.pdf may not be valid.\n"
     "Transcript written on folio.log.\n",
     "folio: error: xelatex: the PDF driver failed: File ended prematurely\n"},
    /* no log at all: the terminal's last words */
    {"lualatex", NULL,
     "This is LuaHBTeX, Version 1.15.0 (TeX Live 2022/Debian) \n"
     " restricted system commands enabled.\n"
     "I can't find the format file `lualatex.fmt'!\n",
     "folio: error: lualatex failed on '@' (exit status 1): \"I can't find the format file "
     "`lualatex.fmt'!\"\n"},
    /* control characters in engine output are shown escaped */
    {"pdflatex", "./folio.tex:4: Bad \x1b[2J thing.\nl.4 \\x\n\n", NULL,
     "@:4:1: error: pdflatex: Bad \\x1b[2J thing (at \"\\x\")\n"},
};

static void test_log_forms(void)
{
	const char *fake =
	    "#!/bin/sh\n"
	    "[ -f \"$FAKE_DIR/case.log\" ] && /bin/cat \"$FAKE_DIR/case.log\" > folio.log\n"
	    "[ -f \"$FAKE_DIR/case.term\" ] && /bin/cat \"$FAKE_DIR/case.term\"\n"
	    "exit 1\n";
	size_t i;
	put("cv.tex", "\\documentclass{article}\n", 0644);
	put("bin/pdflatex", fake, 0755);
	put("bin/xelatex", fake, 0755);
	put("bin/lualatex", fake, 0755);
	for (i = 0; i < CV_COUNT(log_cases); i++) {
		struct cv_buf want = {0};
		const char *w;
		unlink(at("case.log"));
		unlink(at("case.term"));
		if (log_cases[i].log)
			put("case.log", log_cases[i].log, 0644);
		if (log_cases[i].term)
			put("case.term", log_cases[i].term, 0644);
		for (w = log_cases[i].want; *w; w++)
			if (*w == '@')
				cv_buf_puts(&want, at("cv.tex"));
			else
				cv_buf_putc(&want, *w);
		reset();
		CHECK(!compile_file("cv.tex", log_cases[i].engine, at("x.pdf")));
		if (strcmp(messages(), want.data)) {
			printf("log case %zu\n", i);
			CHECK_STR(messages(), want.data);
		}
		cv_buf_free(&want);
	}
	/* an engine killed by a signal */
	put("bin/xelatex", "#!/bin/sh\necho '(./folio.tex' > folio.log\nkill -SEGV $$\n", 0755);
	reset();
	CHECK(!compile_file("cv.tex", "xelatex", at("x.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-killed");
	CHECK(strstr(messages(), "folio: error: xelatex was killed by signal 11 (") &&
	      strstr(messages(), ") on '"));
}

/*
 * The engine links folio.pdf to a file outside its directory and succeeds:
 * folio must not pick that file up as the PDF.  In the sandbox the link
 * cannot be made (the engine exits 3); without it, folio refuses a PDF that
 * is a symbolic link or has other hard links.
 */
static void test_pdf_links(const char *secret, bool sandboxed)
{
	static const char *const how[] = {"-sf", "-f"}; /* -f: it runs twice */
	char script[1200];
	size_t i;
	for (i = 0; i < CV_COUNT(how); i++) {
		char *s;
		snprintf(script, sizeof script,
		         "#!/bin/sh\n/bin/ln %s '%s' folio.pdf 2> /dev/null || exit 3\n", how[i],
		         secret);
		put("bin/pdflatex", script, 0755);
		reset();
		unlink(at("link.pdf"));
		CHECK(!compile_file("cv.tex", "pdflatex", at("link.pdf")));
		CHECK_STR(cv_msg_last_id(), "latex-failed");
		if (sandboxed)
			CHECK(strstr(messages(), "(exit status 3)"));
		else
			CHECK(strstr(messages(), "wrote no PDF for '") &&
			      strstr(messages(), i == 0 ? "(Too many levels of symbolic links)\n"
			                                : "(Operation not permitted)\n"));
		s = slurp("link.pdf");
		CHECK(!s || !strstr(s, "SECRET"));
		free(s);
	}
}

/* ---- hostile jobs under the real engines -------------------------------- */

/*
 * Reads and writes outside by TeX and by Lua: \openin, io.open, lfs.mkdir,
 * links (and TeX writing through one); what got through comes back as the
 * error message.
 */
static const char hostile_probe[] =
    "\\documentclass{article}\n"
    "\\newread\\r \\def\\res{}\n"
    "\\openin\\r=/etc/passwd \\ifeof\\r\\else\\edef\\res{\\res openin-passwd }\\fi\\closein\\r\n"
    "\\openin\\r=@/secret.tex \\ifeof\\r\\else\\edef\\res{\\res openin-secret }\\fi\\closein\\r\n"
    "\\ifdefined\\directlua\\directlua{\n"
    "  local function add(tag) token.set_macro('res', token.get_macro('res') .. tag .. ' ') end\n"
    "  local function try(p, tag) local f = io.open(p, 'r') if f then f:close() add(tag) end end\n"
    "  try('/etc/passwd', 'lua-passwd') try('@/secret.tex', 'lua-secret')\n"
    "  local f = io.open('@/lua-pwned', 'w') if f then f:write('x') f:close() add('lua-write') "
    "end\n"
    "  if lfs.mkdir('@/lua-dir') then add('lua-mkdir') end\n"
    "  local g = io.open('@/target', 'a')\n"
    "  if g then g:write('appended') g:close() add('lua-append') end\n"
    "  if lfs.link('@/target', 'sym.tex', true) then add('lua-symlink') end\n"
    "  if lfs.link('@/target', 'hard.tex') then add('lua-hardlink') end\n"
    "}\\fi\n"
    "\\IfFileExists{sym.tex}{\\immediate\\openout15=sym.tex \\immediate\\write15{through-a-link}"
    "\\immediate\\closeout15}{}\n"
    "\\errmessage{result:[\\res]}\n";

/* \openout to an absolute path. */
static const char hostile_openout[] = "\\documentclass{article}\n"
                                      "\\immediate\\openout15=@/tex-pwned.tex\n"
                                      "\\immediate\\write15{pwned}\n"
                                      "\\immediate\\closeout15\n"
                                      "\\errmessage{written}\n";

/* \input{/etc/passwd}: TeX looks for /etc/passwd.tex, then /etc/passwd. */
static const char hostile_input[] = "\\documentclass{article}\n"
                                    "\\input{/etc/passwd}\n"
                                    "\\begin{document}x\\end{document}\n";

static const char hostile_graphics[] = "\\documentclass{article}\n"
                                       "\\usepackage{graphicx}\n"
                                       "\\pagestyle{empty}\n"
                                       "\\begin{document}\n"
                                       "\\includegraphics{@/outside.png}\n"
                                       "\\end{document}\n";

/* The image primitives of each engine, past graphicx's own check of the file. */
static const char hostile_image_pdftex[] =
    "\\documentclass{article}\\begin{document}\n"
    "\\pdfximage{@/outside.png}\\leavevmode\\pdfrefximage\\pdflastximage\\par\n"
    "\\end{document}\n";
static const char hostile_image_luatex[] =
    "\\documentclass{article}\\begin{document}\n"
    "\\saveimageresource{@/outside.png}"
    "\\leavevmode\\useimageresource\\lastsavedimageresourceindex\\par\n"
    "\\end{document}\n";
static const char hostile_image_xetex[] =
    "\\documentclass{article}\\begin{document}\n"
    "\\leavevmode\\XeTeXpicfile \"@/outside.png\" \\par\n\\end{document}\n";

/* Fresh targets outside the sandbox. */
static void reset_targets(void)
{
	unlink(at("lua-pwned"));
	rmdir(at("lua-dir"));
	unlink(at("tex-pwned.tex"));
	put("target", "orig", 0644);
	put("secret.tex", "\\errmessage{SECRET-LEAKED}", 0644);
}

/* True if the PDF dir/name holds an image. */
static bool has_image(const char *name)
{
	char p[512], *data = NULL;
	size_t len = 0;
	bool found = false;
	size_t i;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	if (cv_file_read(p, 64 << 20, &data, &len))
		return false;
	for (i = 0; i + 6 <= len && !found; i++)
		found = !memcmp(data + i, "/Image", 6);
	free(data);
	return found;
}

static bool targets_untouched(void)
{
	char *t = slurp("target");
	bool ok = t && !strcmp(t, "orig") && access(at("lua-pwned"), F_OK) != 0 &&
	          access(at("lua-dir"), F_OK) != 0 && access(at("tex-pwned.tex"), F_OK) != 0;
	free(t);
	return ok;
}

/*
 * Run engine on text in a scratch directory the way a careless user would
 * (openin_any=a, openout_any=a), to show the payload works there.  Returns
 * the exit status; the log and PDF are kept as dir/plain.log, plain.pdf.
 */
static int run_plain(const char *engine, const char *text)
{
	char cmd[2048];
	int st;
	snprintf(cmd, sizeof cmd, "rm -rf '%s/plain' && mkdir '%s/plain'", dir, dir);
	if (system(cmd) != 0)
		return -1;
	put("plain/job.tex", text, 0644);
	snprintf(
	    cmd, sizeof cmd,
	    "cd '%s/plain' && openin_any=a openout_any=a shell_escape=f max_print_line=10000 %s "
	    "-interaction=nonstopmode -halt-on-error job.tex > /dev/null 2>&1; s=$?; "
	    "cp job.log ../plain.log 2>/dev/null; rm -f ../plain.pdf; "
	    "cp job.pdf ../plain.pdf 2>/dev/null; exit $s",
	    dir, engine);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * The hostile jobs under engine, through cv_latex_compile: sandboxed (with
 * Landlock) everything is refused; without Landlock TeX's own settings
 * still refuse \openout, \openin and \input, the rest is shown.  When
 * sandboxed, the payloads are first shown to work on a careless run.
 */
static void test_hostile(const char *engine, bool sandboxed)
{
	const char *image = !strcmp(engine, "pdflatex")   ? hostile_image_pdftex
	                    : !strcmp(engine, "lualatex") ? hostile_image_luatex
	                                                  : hostile_image_xetex;
	char *log, *pdf;
	bool lua = !strcmp(engine, "lualatex");
	printf("-- %s, %s\n", engine, sandboxed ? "sandboxed" : "without Landlock");

	/* reads and writes by TeX and Lua */
	reset_targets();
	if (sandboxed) {
		char *t;
		CHECK(run_plain(engine, with_dir(hostile_probe)) != 0);
		log = slurp("plain.log");
		t = slurp("target");
		CHECK(log && strstr(log, "result:[openin-passwd openin-secret "));
		if (lua) {
			CHECK(log &&
			      strstr(log, " lua-passwd lua-secret lua-write lua-mkdir lua-append "
			                  "lua-symlink lua-hardlink ]"));
			CHECK(t && strstr(t, "through-a-link")); /* TeX wrote through the link */
		}
		free(log);
		free(t);
		reset_targets();
	}
	put("h.tex", with_dir(hostile_probe), 0644);
	reset();
	CHECK(!compile_file("h.tex", engine, at("h.pdf")));
	if (sandboxed || !lua) {
		CHECK(strstr(messages(), "error: ") && strstr(messages(), ": result:[]\n"));
		CHECK(targets_untouched());
	} else {
		printf("without Landlock, Lua got through: %s\n", strstr(messages(), "result:["));
	}

	/* \openout to an absolute path */
	put("h.tex", with_dir(hostile_openout), 0644);
	reset();
	CHECK(!compile_file("h.tex", engine, at("h.pdf")));
	CHECK(strstr(messages(), "I can't write on file"));
	CHECK(access(at("tex-pwned.tex"), F_OK) != 0);

	/* \input{/etc/passwd} */
	if (sandboxed) {
		put("h.tex", hostile_input, 0644);
		reset();
		CHECK(!compile_file("h.tex", engine, at("h.pdf")));
		CHECK(strstr(messages(), "LaTeX Error: File `/etc/passwd.tex' not found"));
	}

	/* \includegraphics of a file outside */
	if (sandboxed) {
		CHECK(run_plain(engine, with_dir(hostile_graphics)) == 0);
		CHECK(has_image("plain.pdf"));
	}
	put("h.tex", with_dir(hostile_graphics), 0644);
	reset();
	unlink(at("h.pdf"));
	pdf = compile_file("h.tex", engine, at("h.pdf")) ? slurp("h.pdf") : NULL;
	if (sandboxed || strcmp(engine, "xelatex")) {
		CHECK(!pdf && strstr(messages(), "outside.png"));
	} else {
		printf("without Landlock, \\includegraphics from outside: %s\n",
		       pdf ? "embedded (xdvipdfmx reads it)" : "refused");
	}
	free(pdf);
	unlink(at("h.pdf"));

	/* the engine's own image primitive, past graphicx's check of the file */
	if (sandboxed) {
		CHECK(run_plain(engine, with_dir(image)) == 0);
		CHECK(has_image("plain.pdf"));
	}
	put("h.tex", with_dir(image), 0644);
	reset();
	unlink(at("h.pdf"));
	pdf = compile_file("h.tex", engine, at("h.pdf")) ? slurp("h.pdf") : NULL;
	if (sandboxed)
		CHECK(!pdf);
	else
		printf("without Landlock, the image primitive on a file outside: %s\n",
		       !pdf                 ? "refused"
		       : has_image("h.pdf") ? "embedded"
		                            : "no image");
	free(pdf);
	unlink(at("h.pdf"));
}

#if defined(__linux__) && defined(SYS_landlock_create_ruleset)
/* Make landlock_create_ruleset fail with ENOSYS in this process, as on an old kernel. */
static bool deny_landlock(void)
{
	struct sock_filter filter[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_landlock_create_ruleset, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {CV_COUNT(filter), filter};
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
	       prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
}
#endif

/*
 * Without Landlock (a child process where the kernel refuses it): a note
 * says so, and the rest still holds: TeX's own limits, no link taken for
 * the PDF.
 */
static void test_without_landlock(const char *old_path, const char *secret)
{
#if defined(__linux__) && defined(SYS_landlock_create_ruleset)
	static const char *const engines[] = {"pdflatex", "xelatex", "lualatex"};
	pid_t pid = fork();
	int status = 0;
	if (pid == 0) {
		size_t i;
		if (!deny_landlock())
			_exit(2);
		test_failures = 0;
		put("bin/pdflatex", "#!/bin/sh\nprintf '%%PDF-1.5 fake' > folio.pdf\n", 0755);
		reset();
		CHECK(compile_file("cv.tex", "pdflatex", at("nl.pdf")));
		CHECK(strstr(messages(),
		             "folio: note: no Landlock here (Function not implemented): "
		             "pdflatex runs without the file-system sandbox, confined only "
		             "by TeX's own settings (see docs/latex.md)\n"));
		CHECK_STR(cv_msg_last_id(), "latex-no-landlock");
		test_pdf_links(secret, false);
		setenv("PATH", old_path, 1);
#if defined(__SANITIZE_ADDRESS__)
		_exit(test_failures ? 1 : 0);
#endif
		for (i = 0; i < CV_COUNT(engines); i++) {
			char cmd[100];
			snprintf(cmd, sizeof cmd, "command -v %s > /dev/null 2>&1", engines[i]);
			if (system(cmd) == 0)
				test_hostile(engines[i], false);
		}
		fflush(stdout);
		_exit(test_failures ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
#else
	(void)old_path;
	(void)secret;
	printf("skip: no seccomp here to hide Landlock\n");
#endif
}

static void test_real_engines(const char *old_path)
{
	static const char *const engines[] = {"pdflatex", "xelatex", "lualatex"};
	char *s;
	size_t i;
	setenv("PATH", old_path, 1);
	if (system("command -v pdflatex > /dev/null 2>&1") != 0) {
		printf("skip: pdflatex not installed\n");
		return;
	}
	put("ok.tex", "\\documentclass{article}\n\\begin{document}\nHello.\n\\end{document}\n",
	    0644);
	reset();
	CHECK(compile_file("ok.tex", "pdflatex", at("ok.pdf")));
	s = slurp("ok.pdf");
	CHECK(s && !strncmp(s, "%PDF-", 5));
	free(s);
	put("bad.tex",
	    "\\documentclass{article}\n\\begin{document}\nHello.\n\\foo\n\\end{document}\n", 0644);
	reset();
	CHECK(!compile_file("bad.tex", "pdflatex", at("bad.pdf")));
	CHECK_STR(cv_msg_last_id(), "latex-error");
	CHECK(access(at("bad.pdf"), F_OK) != 0);
	/* \write18 is never run */
	put("w.tex",
	    "\\documentclass{article}\n\\begin{document}\n\\immediate\\write18{touch pwned}\nx\n"
	    "\\end{document}\n",
	    0644);
	reset();
	CHECK(compile_file("w.tex", "pdflatex", at("w.pdf")));
	CHECK(access("pwned", F_OK) != 0);
	if (landlock_abi() == 0) {
		printf("skip: hostile jobs need Landlock here\n");
		return;
	}
#if defined(__SANITIZE_ADDRESS__)
	printf("skip: hostile jobs under a sanitizer build (the TeX runs are the same)\n");
	return;
#endif
	for (i = 0; i < CV_COUNT(engines); i++) {
		char cmd[100];
		snprintf(cmd, sizeof cmd, "command -v %s > /dev/null 2>&1", engines[i]);
		if (system(cmd) == 0)
			test_hostile(engines[i], true);
		else
			printf("skip: %s not installed\n", engines[i]);
	}
}

int main(void)
{
	const char *old = getenv("PATH");
	char *old_path = x_strdup(old ? old : "/usr/bin:/bin");
	char cmd[600], secret_dir[] = "/tmp/folio-test-secret-XXXXXX", secret[600];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!mkdtemp(dir) || !mkdtemp(secret_dir))
		return 1;
	snprintf(secret, sizeof secret, "%s/secret", secret_dir);
	snprintf(cmd, sizeof cmd, "%s/bin", dir);
	mkdir(cmd, 0755);
	setenv("FAKE_DIR", dir, 1);
	msgs = tmpfile();
	if (!msgs)
		return 1;
	cv_msg_set_stream(msgs);
	{
		FILE *fp = fopen(secret, "w");
		if (!fp)
			return 1;
		fputs("SECRET", fp);
		fclose(fp);
	}
	if (system(with_dir("cp '" FOLIO_SOURCE_DIR "/tests/golden/tree/photo.png' "
	                    "'@/outside.png'")) != 0)
		return 1;
	/* only the fake engines and the shell's basics are found */
	snprintf(path_env, sizeof path_env, "%s/bin:/usr/bin:/bin", dir);
	setenv("PATH", path_env, 1);
	if (access("/usr/bin/xelatex", X_OK) == 0 || access("/bin/xelatex", X_OK) == 0) {
		/* real engines live in /usr/bin: hide them behind a bin-only PATH */
		snprintf(path_env, sizeof path_env, "%s/bin", dir);
		setenv("PATH", path_env, 1);
	}
	test_fake_engines();
	test_source_date();
	test_log_forms();
	test_engine_roots();
	put("cv.tex", "\\documentclass{article}\n", 0644);
	if (landlock_abi() > 0)
		test_pdf_links(secret, true);
	test_without_landlock(old_path, secret);
	test_real_engines(old_path);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, secret_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	fclose(msgs);
	x_free(old_path);
	return TEST_RESULT();
}
