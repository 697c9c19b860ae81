/*
 * The folio command line: parses options, runs load -> compose -> render
 * for `build`, validation for `check`, lists layouts, and turns the worst
 * diagnostic into the exit status (0 ok, 1 bad input, 2 usage, 3 system).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cv.h"
#include "heap.h"
#include "latex/latex.h"
#include "layout.h"
#include "msg.h"
#include "output.h"
#include "paths.h"
#include "profile.h"
#include "util.h"

#ifndef FOLIO_VERSION
#define FOLIO_VERSION "0"
#endif

struct options {
	const char *command;
	const char *profile;
	const char *layout;
	const char *output;
	const char *format;
	const char *engine; /* --compile[=ENGINE]; "" = the one the document needs */
	bool compile;
	bool quiet;
};

static const char usage_main[] =
    "usage: folio COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  build PROFILE   render a CV (PDF by default) to out/<profile>.<ext>\n"
    "  check PROFILE   validate a profile and its layout, print every problem\n"
    "  layouts         list the layouts folio can find\n"
    "\n"
    "Options:\n"
    "  -h, --help      help (also: folio COMMAND --help)\n"
    "  -V, --version   print the version\n"
    "\n"
    "Exit status: 0 ok (warnings allowed), 1 bad input, 2 bad usage, 3 system error.\n";

static const char usage_build[] =
    "usage: folio build PROFILE [-l LAYOUT] [-o OUTPUT] [-f FORMAT] [--compile[=ENGINE]]\n"
    "                           [--data-dir DIR] [-q]\n"
    "\n"
    "Render PROFILE (YAML) through a layout.\n"
    "  -l, --layout LAYOUT   layout name (see `folio layouts`) or path to a .yaml file;\n"
    "                        default: the profile's `layout:` or \"classic\"\n"
    "  -o, --output OUTPUT   output file; default out/<profile-stem>.<ext>; - for stdout\n"
    "  -f, --format FORMAT   pdf (default), tex (LaTeX source) or tree (document dump)\n"
    "      --compile[=ENGINE] with -f tex: also run ENGINE (pdflatex, xelatex, lualatex;\n"
    "                        default: the one the document needs) and write the PDF\n"
    "      --data-dir DIR    look for layouts/ and fonts/ in DIR first\n"
    "  -q, --quiet           print errors only\n"
    "\n"
    "SOURCE_DATE_EPOCH, when set, gives the PDF its creation date; otherwise the\n"
    "output has no dates and identical input gives identical bytes.\n";

static const char usage_check[] =
    "usage: folio check PROFILE [-l LAYOUT] [--data-dir DIR] [-q]\n"
    "\n"
    "Validate PROFILE and the layout it uses; print every problem as\n"
    "FILE:LINE:COL: error: message.  Nothing is written.\n";

static const char usage_layouts[] =
    "usage: folio layouts [--data-dir DIR]\n"
    "\n"
    "List the layouts found on the search path, with a one-line description each.\n"
    "Search order: --data-dir, $FOLIO_DATA_DIR, the source tree folio was built\n"
    "from, the installed data directory.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("folio: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\ntry 'folio --help'\n", stderr);
	return 2;
}

/* Value of an option that takes one: "-o X", "--output X" or "--output=X". */
static const char *option_value(int argc, char **argv, int *i, const char *arg,
                                const char *longname)
{
	size_t n = strlen(longname);
	if (strncmp(arg, longname, n) == 0 && arg[n] == '=')
		return arg + n + 1;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int parse_args(int argc, char **argv, struct options *o)
{
	int i;
	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	o->command = argv[1];
	if (!strcmp(o->command, "-h") || !strcmp(o->command, "--help") ||
	    !strcmp(o->command, "help")) {
		const char *topic = argc > 2 ? argv[2] : "";
		fputs(!strcmp(topic, "build")     ? usage_build
		      : !strcmp(topic, "check")   ? usage_check
		      : !strcmp(topic, "layouts") ? usage_layouts
		                                  : usage_main,
		      stdout);
		return 0;
	}
	if (!strcmp(o->command, "-V") || !strcmp(o->command, "--version")) {
		printf("folio %s\n", FOLIO_VERSION);
		return 0;
	}
	if (strcmp(o->command, "build") && strcmp(o->command, "check") &&
	    strcmp(o->command, "layouts"))
		return usage_error("unknown command '%s'", o->command);

	for (i = 2; i < argc; i++) {
		const char *arg = argv[i];
		const char *v;
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(!strcmp(o->command, "build")   ? usage_build
			      : !strcmp(o->command, "check") ? usage_check
			                                     : usage_layouts,
			      stdout);
			return 0;
		} else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
			o->quiet = true;
		} else if (!strcmp(arg, "-l") || !strncmp(arg, "--layout", 8)) {
			if (!(v = option_value(argc, argv, &i, arg, "--layout")))
				return usage_error("option '%s' needs a value", arg);
			o->layout = v;
		} else if (!strcmp(arg, "-o") || !strncmp(arg, "--output", 8)) {
			if (!(v = option_value(argc, argv, &i, arg, "--output")))
				return usage_error("option '%s' needs a value", arg);
			o->output = v;
		} else if (!strcmp(arg, "-f") || !strncmp(arg, "--format", 8)) {
			if (!(v = option_value(argc, argv, &i, arg, "--format")))
				return usage_error("option '%s' needs a value", arg);
			o->format = v;
		} else if (!strncmp(arg, "--data-dir", 10)) {
			if (!(v = option_value(argc, argv, &i, arg, "--data-dir")))
				return usage_error("option '%s' needs a value", arg);
			cv_paths_set_data_dir(v);
		} else if (!strcmp(arg, "--compile")) {
			o->compile = true;
			o->engine = NULL;
		} else if (!strncmp(arg, "--compile=", 10)) {
			o->compile = true;
			o->engine = arg + 10;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return usage_error("unknown option '%s'", arg);
		} else if (!o->profile && strcmp(o->command, "layouts")) {
			o->profile = arg;
		} else {
			return usage_error("unexpected argument '%s'", arg);
		}
	}
	if (strcmp(o->command, "layouts") && !o->profile)
		return usage_error("%s: missing PROFILE", o->command);
	if (!strcmp(o->command, "check") && (o->output || o->format || o->compile))
		return usage_error("%s",
		                   "check writes nothing: -o, -f and --compile belong to build");
	if (!o->format)
		o->format = "pdf";
	if (!cv_backend_find(o->format))
		return usage_error("unknown format '%s' (pdf, tex or tree)", o->format);
	if (o->compile && strcmp(o->format, "tex"))
		return usage_error("%s", "--compile goes with -f tex");
	if (o->engine && strcmp(o->engine, "pdflatex") && strcmp(o->engine, "xelatex") &&
	    strcmp(o->engine, "lualatex"))
		return usage_error("unknown engine '%s' (pdflatex, xelatex or lualatex)",
		                   o->engine);
	return -1; /* go on */
}

/* out/<stem>.<ext> for a profile path. */
static char *default_output(struct cv_arena *a, const char *profile, const char *ext)
{
	const char *base = strrchr(profile, '/');
	const char *dot;
	base = base ? base + 1 : profile;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		dot = base + strlen(base);
	return cv_arena_printf(a, "out/%.*s.%s", (int)(dot - base), base, ext);
}

static long long source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;
	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0) {
		cv_msg(CV_WARN, NULL, "bad-source-date-epoch",
		       "SOURCE_DATE_EPOCH '%s' is not a number of seconds; ignored", s);
		return -1;
	}
	return v;
}

static int list_layouts(void)
{
	const char *roots[3];
	size_t r, nroots = cv_paths_roots(roots, 3);
	struct cv_arena *a = cv_arena_new();
	char *seen[256];
	size_t nseen = 0, i;
	for (r = 0; r < nroots; r++) {
		char *dir = cv_arena_printf(a, "%s/layouts", roots[r]);
		struct dirent **names = NULL;
		int n = scandir(dir, &names, NULL, alphasort), k;
		for (k = 0; k < n; k++) {
			const char *fn = names[k]->d_name;
			size_t len = strlen(fn);
			bool dup = false;
			if (len > 5 && !strcmp(fn + len - 5, ".yaml")) {
				char *name = cv_arena_strndup(a, fn, len - 5);
				for (i = 0; i < nseen; i++)
					dup = dup || !strcmp(seen[i], name);
				if (!dup && nseen < CV_COUNT(seen)) {
					const char *desc = cv_layout_describe(
					    a, cv_arena_printf(a, "%s/%s", dir, fn));
					seen[nseen++] = name;
					printf("%-12s %s\n", name, desc ? desc : "");
				}
			}
			free(names[k]);
		}
		free(names);
	}
	cv_arena_free(a);
	if (nseen == 0) {
		cv_msg(CV_SYSTEM, NULL, "no-layouts", "no layouts found (searched %zu directories)",
		       nroots);
		return 3;
	}
	return 0;
}

static int run(const struct options *o)
{
	struct cv_arena *a = cv_arena_new();
	const struct cv_backend *be = cv_backend_find(o->format);
	struct cv_render_opts ropts = {source_date_epoch(), FOLIO_VERSION};
	struct cv_profile *profile;
	struct cv_layout *layout = NULL;
	struct cv_doc *doc;
	struct cv_buf out = {0};
	const char *output;

	profile = cv_profile_load(a, o->profile);
	if (profile)
		layout = cv_layout_load(a, o->layout, profile->layout);
	else if (o->layout)
		layout = cv_layout_load(a, o->layout, NULL); /* still report layout problems */
	if (!profile || !layout || !strcmp(o->command, "check"))
		goto done;

	output = o->output ? o->output : default_output(a, o->profile, be->ext);
	if (strcmp(output, "-") &&
	    (cv_output_same_file(output, o->profile) || !strcmp(output, o->profile))) {
		cv_msg(CV_USAGE, NULL, "output-is-input",
		       "output '%s' is the input profile; choose another -o", output);
		goto done;
	}
	doc = cv_compose(a, profile, layout);
	if (!doc || cv_msg_failed())
		goto done;
	if (!be->render(doc, &ropts, &out) || cv_msg_failed())
		goto done;
	if (!cv_output_write(output, out.data ? out.data : "", out.len, o->output == NULL))
		goto done;
	if (o->compile) {
		char *pdf = cv_arena_strdup(a, output);
		size_t n = strlen(pdf);
		struct cv_tex_job job;
		if (!strcmp(output, "-")) {
			cv_msg(CV_USAGE, NULL, "compile-stdout",
			       "--compile needs a .tex file, not standard output");
			goto done;
		}
		if (n > 4 && !strcmp(pdf + n - 4, ".tex"))
			pdf[n - 4] = '\0';
		pdf = cv_arena_printf(a, "%s.pdf", pdf);
		if (cv_latex_render_job(a, doc, &ropts, &job))
			cv_latex_compile(&job, output, o->engine, pdf);
	}
done:
	cv_buf_free(&out);
	cv_arena_free(a);
	return cv_msg_exit_status();
}

int main(int argc, char **argv)
{
	struct options o = {0};
	cv_heap_prepare();
	int status = parse_args(argc, argv, &o);
	if (status >= 0)
		return status;
	cv_msg_set_quiet(o.quiet);
	if (!strcmp(o.command, "layouts"))
		return list_layouts();
	return run(&o);
}
