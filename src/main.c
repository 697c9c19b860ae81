/*
 * The folio command line: parses options, runs load -> compose -> render
 * -> write for `build` and the same without the write for `check`, lists
 * layouts, writes a starter profile for `new`, prints a JSON Schema for
 * `schema`, and turns the worst diagnostic into the exit status (0 ok, 1 bad
 * input, 2 usage, 3 system).
 * `watch` runs build's steps again on every change (src/watch.c).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend.h"
#include "cv.h"
#include "heap.h"
#include "jsonschema.h"
#include "latex/latex.h"
#include "layout.h"
#include "locale.h"
#include "msg.h"
#include "output.h"
#include "paths.h"
#include "profile.h"
#include "starter.h"
#include "sys.h"
#include "util.h"
#include "variants.h"
#include "watch.h"

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
	const char *name;   /* new --name */
	const char *locale; /* --locale: wins over the profile's locale: */
	bool compile;
	bool quiet;
	bool watch; /* build --watch */
	/* tailoring (src/variants.h): --set, --only, --except (repeatable), --variant,
	 * --all-variants */
	const char **sets, **only, **except; /* argc slots each, in order */
	size_t nsets, nonly, nexcept;
	const char *variant;
	bool all_variants;
};

static const char usage_main[] =
    "usage: folio COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  build PROFILE   render a CV (PDF by default) to out/<profile>.<ext>\n"
    "  check PROFILE   everything build does but writing: print every problem\n"
    "  layouts         list the layouts folio can find\n"
    "  new [FILE]      write a commented starter profile to FILE (default cv.yaml)\n"
    "  schema [layout] print the JSON Schema of a profile (or of a layout) for editors\n"
    "  watch PROFILE   build, then build again whenever a file it read changes\n"
    "\n"
    "Options:\n"
    "  -h, --help      help (also: folio COMMAND --help)\n"
    "  -V, --version   print the version\n"
    "\n"
    "Exit status: 0 ok (warnings allowed), 1 bad input, 2 bad usage, 3 system error.\n";

/* The tailoring options of build and check (src/variants.h, docs/profile.md). */
#define TAILORING_HELP                                                                             \
	"      --set PATH=VALUE  override a profile key (email, sections.0.title,\n"               \
	"                        layout.colors.accent...); repeatable\n"                           \
	"      --only TAG[,TAG]  keep only untagged content and content with one of the tags\n"    \
	"      --except TAG[,TAG] leave out content with one of the tags\n"                        \
	"      --variant NAME    build the profile's variant NAME (default output\n"               \
	"                        out/<profile-stem>-NAME.<ext>, or its output:)\n"                 \
	"      --all-variants    build every variant, into -o DIR (default out/); if one\n"        \
	"                        fails, nothing is written\n"

static const char usage_build[] =
    "usage: folio build PROFILE [-l LAYOUT] [--locale LOCALE] [-o OUTPUT] [-f FORMAT]\n"
    "                           [--compile[=ENGINE]] [--set PATH=VALUE]... [--only TAGS] [--except "
    "TAGS]\n"
    "                           [--variant NAME | --all-variants] [--data-dir DIR] [-q]\n"
    "\n"
    "Render PROFILE (YAML) through a layout.\n"
    "  -l, --layout LAYOUT   layout name (see `folio layouts`) or path to a .yaml file;\n"
    "                        default: the profile's `layout:` or \"classic\"\n"
    "      --locale LOCALE   the CV's language (de, fr, pt-BR, zh-Hant ...: dates,\n"
    "                        quotes, hyphenation); wins over the profile's `locale:`\n"
    "  -o, --output OUTPUT   output file; default out/<profile-stem>.<ext>; - for stdout\n"
    "  -f, --format FORMAT   pdf (default), tex (LaTeX source) or tree (document dump)\n"
    "      --compile[=ENGINE] with -f tex: also run ENGINE (pdflatex, xelatex, lualatex;\n"
    "                        default: the one the document needs) and write the PDF\n"
    "                        beside OUTPUT (x.tex -> x.pdf; both regular files)\n"
    "      --data-dir DIR    look for layouts/ and fonts/ in DIR first\n"
    "      --watch           build, then build again on every change (folio watch)\n"
    "  -q, --quiet           print errors only\n" TAILORING_HELP "\n"
    "Each option but -q, --set, --only and --except may be given once; options may\n"
    "come before or after PROFILE.\n"
    "\n"
    "SOURCE_DATE_EPOCH (seconds since 1970, digits only) gives the PDF its dates;\n"
    "without it folio's own PDF has none.  Either way identical input gives identical\n"
    "bytes, except for the PDF --compile writes: TeX dates it with the time of the\n"
    "run unless SOURCE_DATE_EPOCH is set, and lualatex's differs even then\n"
    "(docs/latex.md).\n";

static const char usage_check[] =
    "usage: folio check PROFILE [-l LAYOUT] [--locale LOCALE] [--set PATH=VALUE]...\n"
    "                           [--only TAGS] [--except TAGS] [--variant NAME | --all-variants]\n"
    "                           [--data-dir DIR] [-q]\n"
    "\n"
    "Do everything `folio build PROFILE` does (layout, fonts, photos, typesetting,\n"
    "the PDF in memory) but write nothing; print every problem as\n"
    "FILE:LINE:COL: error: message.  The exit status is the one build would give.\n"
    "The tailoring options are build's (see folio build --help); --all-variants\n"
    "checks every variant.\n";

static const char usage_watch[] =
    "usage: folio watch PROFILE [-l LAYOUT] [--locale LOCALE] [-o OUTPUT] [-f FORMAT]\n"
    "                           [--compile[=ENGINE]] [--data-dir DIR] [-q]\n"
    "\n"
    "Build PROFILE as `folio build` does (the same options), then build it again\n"
    "whenever the profile, its layout files, their fonts, the photo or the locale\n"
    "file change, until Ctrl-C (SIGINT) or SIGTERM, which end it with status 0.  A\n"
    "failed build prints its errors and leaves the last good output as it was.  -q\n"
    "silences the line each build prints, not errors.  FOLIO_WATCH_POLL=1 polls the\n"
    "files every 250 ms instead of using inotify.\n";

static const char usage_layouts[] =
    "usage: folio layouts [--data-dir DIR]\n"
    "\n"
    "List the layouts found on the search path, with a one-line description each.\n"
    "Search order: --data-dir, $FOLIO_DATA_DIR, the source tree folio was built\n"
    "from, the installed data directory.\n";

static const char usage_new[] =
    "usage: folio new [FILE] [--name NAME] [-l LAYOUT] [--locale LOCALE] [--data-dir DIR]\n"
    "                 [-q]\n"
    "\n"
    "Write a commented starter profile to FILE (default cv.yaml; - for stdout) that\n"
    "builds as it is and shows every common kind of section.  An existing FILE is\n"
    "never overwritten.\n"
    "      --name NAME       the name to put in it (default \"Your Name\")\n"
    "  -l, --layout LAYOUT   the layout it names (see `folio layouts`); default classic\n"
    "      --locale LOCALE   its language: `locale: LOCALE` and section titles in it\n"
    "      --data-dir DIR    look for templates/, layouts/ and locales/ in DIR first\n"
    "  -q, --quiet           print errors only\n";

static const char usage_schema[] =
    "usage: folio schema [profile|layout]\n"
    "\n"
    "Print a JSON Schema (draft 2020-12) of a profile (the default) or of a layout\n"
    "file, made from the tables folio checks them against, for editors to complete\n"
    "and check YAML with: folio schema > folio.schema.json (docs/profile.md).\n";

/* Report a usage error (id "usage", exit status 2) and return 2. */
static int usage_error(const char *fmt, ...) CV_PRINTF(1, 2);
static int usage_error(const char *fmt, ...)
{
	struct cv_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	cv_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cv_msg(CV_USAGE, NULL, "usage", "%s", b.data ? b.data : "");
	cv_buf_free(&b);
	return 2;
}

enum {
	OPT_COMPILE = 256,
	OPT_DATA_DIR,
	OPT_NAME,
	OPT_SET,
	OPT_ONLY,
	OPT_EXCEPT,
	OPT_VARIANT,
	OPT_ALL_VARIANTS,
	OPT_WATCH,
	OPT_LOCALE
};

/* Long options, matched exactly (no abbreviations: a new option must not
 * change what an existing command line means). */
static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"quiet", no_argument, NULL, 'q'},
    {"layout", required_argument, NULL, 'l'},
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, 'f'},
    {"compile", optional_argument, NULL, OPT_COMPILE},
    {"data-dir", required_argument, NULL, OPT_DATA_DIR},
    {"name", required_argument, NULL, OPT_NAME},
    {"watch", no_argument, NULL, OPT_WATCH},
    {"set", required_argument, NULL, OPT_SET},
    {"only", required_argument, NULL, OPT_ONLY},
    {"except", required_argument, NULL, OPT_EXCEPT},
    {"variant", required_argument, NULL, OPT_VARIANT},
    {"all-variants", no_argument, NULL, OPT_ALL_VARIANTS},
    {"locale", required_argument, NULL, OPT_LOCALE},
    {NULL, 0, NULL, 0},
};

/* "-": operands come back in order as option 1 (whatever POSIXLY_CORRECT
 * says), so options may follow the profile; ":": we word the errors. */
static const char short_options[] = "-:hVql:o:f:";

/* The closest long option to the unknown "--name[=value]" arg, or NULL. */
static const char *closest_option(const char *arg)
{
	char name[64];
	size_t n = strcspn(arg + 2, "=");
	const char *best = NULL;
	int best_d = 3, i;
	if (n >= sizeof(name))
		return NULL;
	memcpy(name, arg + 2, n);
	name[n] = '\0';
	for (i = 0; long_options[i].name; i++) {
		const char *o = long_options[i].name;
		size_t on = strlen(o);
		int d = cv_edit_distance(name, o);
		if (n > 0 && (!strncmp(name, o, n < on ? n : on)))
			d = 0; /* one is a prefix of the other: --out, --outputfoo */
		if (d < best_d) {
			best_d = d;
			best = o;
		}
	}
	return best;
}

/* The long option "--name[=value]" arg names exactly, or NULL. */
static const struct option *long_option_exact(const char *arg)
{
	size_t n = strcspn(arg + 2, "=");
	int i;
	for (i = 0; long_options[i].name; i++)
		if (strlen(long_options[i].name) == n && !strncmp(arg + 2, long_options[i].name, n))
			return &long_options[i];
	return NULL;
}

/* Usage error for the option that getopt_long refused in element arg. */
static int option_error(const char *arg, int optopt_, bool missing)
{
	char shown[3] = {'-', (char)optopt_, '\0'};
	const char *what = arg;
	const struct option *opt;
	const char *hint;
	if (arg[0] != '-' || arg[1] != '-') /* a short option, maybe in a cluster -qx */
		what = optopt_ ? shown : arg;
	if (missing)
		return usage_error("option '%.*s' needs a value", (int)strcspn(what, "="), what);
	opt = what[1] == '-' ? long_option_exact(what) : NULL;
	if (opt && opt->has_arg == no_argument) /* --quiet=x */
		return usage_error("option '--%s' takes no value", opt->name);
	hint = what[1] == '-' ? closest_option(what) : NULL;
	if (hint)
		return usage_error("unknown option '%s' (did you mean '--%s'?)", what, hint);
	return usage_error("unknown option '%s'", what);
}

/* Usage error for an option given twice (only -q may repeat: a second -o or
 * -l would otherwise silently win over the first). */
static int repeated_option(int c)
{
	int i;
	for (i = 0; long_options[i].name; i++)
		if (long_options[i].val == c)
			break;
	if (c < 256)
		return usage_error("option '-%c' (--%s) is given more than once", c,
		                   long_options[i].name);
	return usage_error("option '--%s' is given more than once", long_options[i].name);
}

/* Help text of a command (main usage for anything else). */
static const char *usage_of(const char *command)
{
	return !strcmp(command, "build")     ? usage_build
	       : !strcmp(command, "check")   ? usage_check
	       : !strcmp(command, "layouts") ? usage_layouts
	       : !strcmp(command, "new")     ? usage_new
	       : !strcmp(command, "schema")  ? usage_schema
	       : !strcmp(command, "watch")   ? usage_watch
	                                     : usage_main;
}

/* The commands, in the order the help lists them. */
static const char *const commands[] = {"build", "check", "layouts", "new", "schema", "watch"};

static bool known_command(const char *name)
{
	size_t i;
	for (i = 0; i < CV_COUNT(commands); i++)
		if (!strcmp(name, commands[i]))
			return true;
	return false;
}

/* Usage error for an unknown command, with the closest one when it is a
 * likely typo (at most two edits, or a prefix: "buil", "layout"). */
static int unknown_command(const char *name)
{
	const char *best = NULL;
	int best_d = 3;
	size_t i, n = strlen(name);
	for (i = 0; i < CV_COUNT(commands); i++) {
		size_t cn = strlen(commands[i]);
		int d = cv_edit_distance(name, commands[i]);
		if (n >= 3 && !strncmp(name, commands[i], n < cn ? n : cn))
			d = 0;
		if (d < best_d && (size_t)d < cn) {
			best_d = d;
			best = commands[i];
		}
	}
	if (best)
		return usage_error("unknown command '%s' (did you mean '%s'? see 'folio --help')",
		                   name, best);
	char list[128] = "";
	for (i = 0; i < CV_COUNT(commands); i++) {
		const char *sep = i == 0 ? "" : i + 1 == CV_COUNT(commands) ? " or " : ", ";
		size_t used = strlen(list);
		snprintf(list + used, sizeof list - used, "%s%s", sep, commands[i]);
	}
	return usage_error("unknown command '%s' (%s; see 'folio --help')", name, list);
}

/* True if s is a layout name that can stand unquoted in YAML: letters,
 * digits, '.', '_' and '-', not starting with '-' or '.'. */
static bool plain_layout_name(const char *s)
{
	return *s && *s != '-' && *s != '.' &&
	       !s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")];
}

/* The checks of `folio new`'s arguments once parsed; -1 to go on. */
static int parse_new_args(struct options *o)
{
	const char *problem;
	if (o->output || o->format || o->compile || o->nsets || o->nonly || o->nexcept ||
	    o->variant || o->all_variants)
		return usage_error("%s",
		                   "new takes FILE, --name, --layout, --locale, --data-dir and -q "
		                   "only");
	if (o->profile && !*o->profile)
		return usage_error("%s", "new: the FILE path is empty");
	if (o->name && (problem = cv_starter_name_problem(o->name)) != NULL)
		return usage_error("--name %s", problem);
	if (o->layout && !plain_layout_name(o->layout))
		return usage_error("new --layout takes the name of a layout (see 'folio layouts'), "
		                   "not '%s'",
		                   o->layout);
	return -1;
}

/* folio schema [profile|layout]: the JSON Schema on standard output (src/jsonschema.h). */
static int run_schema(int argc, char **argv)
{
	enum cv_jsonschema_doc doc = CV_JSONSCHEMA_PROFILE;
	struct cv_buf out = {0};
	int status = 0;
	if (argc > 0 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
		fputs(usage_schema, stdout);
		return 0;
	}
	if (argc > 0 && argv[0][0] == '-' && argv[0][1]) {
		usage_error("unknown option '%s' (schema takes profile or layout)", argv[0]);
		fputs(usage_schema, stderr);
		return 2;
	}
	if (argc > 0 && !cv_jsonschema_by_name(argv[0], &doc)) {
		usage_error("unknown schema '%s' (profile or layout)", argv[0]);
		fputs(usage_schema, stderr);
		return 2;
	}
	if (argc > 1) {
		usage_error("unexpected argument '%s'", argv[1]);
		fputs(usage_schema, stderr);
		return 2;
	}
	cv_jsonschema_write(doc, &out);
	if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0 ||
	    ferror(stdout)) {
		cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write to standard output: %s",
		       strerror(errno));
		status = 3;
	}
	cv_buf_free(&out);
	return status;
}

/*
 * Parse "folio COMMAND [OPTIONS] [PROFILE]" (options before or after the
 * profile, "--" ends them).  Returns an exit status when the run is over
 * (help, version, usage error), or -1 to go on with o filled in.
 */
static int parse_args(int argc, char **argv, struct options *o)
{
	bool seen_data_dir = false;
	int c, i;
	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	o->command = argv[1];
	if (!strcmp(o->command, "-h") || !strcmp(o->command, "--help") ||
	    !strcmp(o->command, "help")) {
		fputs(usage_of(argc > 2 ? argv[2] : ""), stdout);
		return 0;
	}
	if (!strcmp(o->command, "-V") || !strcmp(o->command, "--version")) {
		printf("folio %s\n", FOLIO_VERSION);
		return 0;
	}
	if (!strcmp(o->command, "schema"))
		return run_schema(argc - 2, argv + 2);
	if (!known_command(o->command))
		return unknown_command(o->command);

	/* getopt_long over the arguments after the command */
	opterr = 0;
	optind = 1;
	for (;;) {
		int before = optind;
		const char *arg;
		c = getopt_long(argc - 1, argv + 1, short_options, long_options, NULL);
		if (c == -1)
			break;
		arg = before < argc - 1 ? argv[1 + before] : "";
		if (c != 1 && arg[0] == '-' && arg[1] == '-' && !long_option_exact(arg))
			return option_error(arg, 0, false); /* getopt_long took a prefix */
		if ((c == 'l' && o->layout) || (c == 'o' && o->output) || (c == 'f' && o->format) ||
		    (c == OPT_COMPILE && o->compile) || (c == OPT_DATA_DIR && seen_data_dir) ||
		    (c == OPT_NAME && o->name) || (c == OPT_LOCALE && o->locale) ||
		    (c == OPT_VARIANT && o->variant) ||
		    (c == OPT_ALL_VARIANTS && o->all_variants) || (c == OPT_WATCH && o->watch))
			return repeated_option(c);
		switch (c) {
		case 1:
			if (!o->profile && strcmp(o->command, "layouts"))
				o->profile = optarg;
			else
				return usage_error("unexpected argument '%s'", optarg);
			break;
		case 'h':
			fputs(usage_of(o->command), stdout);
			return 0;
		case 'V':
			printf("folio %s\n", FOLIO_VERSION);
			return 0;
		case 'q':
			o->quiet = true;
			break;
		case 'l':
			if (!*optarg)
				return option_error(arg, c, true);
			o->layout = optarg;
			break;
		case 'o':
			if (!*optarg)
				return option_error(arg, c, true);
			o->output = optarg;
			break;
		case 'f':
			if (!*optarg)
				return option_error(arg, c, true);
			o->format = optarg;
			break;
		case OPT_COMPILE:
			o->compile = true;
			o->engine = optarg;
			break;
		case OPT_DATA_DIR:
			if (!*optarg)
				return option_error(arg, c, true);
			seen_data_dir = true;
			cv_paths_set_data_dir(optarg);
			break;
		case OPT_NAME:
			if (!*optarg)
				return option_error(arg, c, true);
			o->name = optarg;
			break;
		case OPT_LOCALE:
			if (!*optarg)
				return option_error(arg, c, true);
			o->locale = optarg;
			break;
		case OPT_WATCH:
			if (strcmp(o->command, "build"))
				return usage_error(
				    "%s", "--watch belongs to build (or run 'folio watch')");
			o->watch = true;
			o->command = "watch";
			break;
		case OPT_SET:
			o->sets[o->nsets++] = optarg;
			break;
		case OPT_ONLY:
			o->only[o->nonly++] = optarg;
			break;
		case OPT_EXCEPT:
			o->except[o->nexcept++] = optarg;
			break;
		case OPT_VARIANT:
			if (!*optarg)
				return option_error(arg, c, true);
			o->variant = optarg;
			break;
		case OPT_ALL_VARIANTS:
			o->all_variants = true;
			break;
		case ':':
			return option_error(arg, optopt, true);
		default:
			return option_error(arg, optopt, false);
		}
	}
	for (i = 1 + optind; i < argc; i++) { /* operands after "--" */
		if (o->profile || !strcmp(o->command, "layouts"))
			return usage_error("unexpected argument '%s'", argv[i]);
		o->profile = argv[i];
	}
	if (!strcmp(o->command, "new"))
		return parse_new_args(o);
	if (o->name)
		return usage_error("%s", "--name belongs to new");
	if (strcmp(o->command, "layouts") && !o->profile)
		return usage_error("%s: missing PROFILE", o->command);
	if (o->profile && !*o->profile)
		return usage_error("%s: the PROFILE path is empty", o->command);
	if (!strcmp(o->command, "check") && (o->output || o->format || o->compile))
		return usage_error("%s",
		                   "check writes nothing: -o, -f and --compile belong to build");
	if (!strcmp(o->command, "layouts") &&
	    (o->layout || o->locale || o->output || o->format || o->compile || o->nsets ||
	     o->nonly || o->nexcept || o->variant || o->all_variants))
		return usage_error("%s", "layouts takes only --data-dir");
	if (o->variant && o->all_variants)
		return usage_error("%s",
		                   "--variant builds one variant and --all-variants every one: "
		                   "give one of them");
	if (o->all_variants && !strcmp(o->command, "watch"))
		return usage_error("%s", "watch rebuilds one output: use --variant NAME with it");
	if (o->all_variants && o->compile)
		return usage_error("%s", "--compile goes with one output: use it with --variant");
	if (o->all_variants && o->output && !strcmp(o->output, "-"))
		return usage_error("%s", "--all-variants writes one file per variant: -o names a "
		                         "directory, not standard output");
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
	if (!strcmp(o->command, "watch") && o->output &&
	    cv_output_check(o->output, false) == CV_OUTPUT_NOT_FILE)
		return usage_error("watch writes its output again and again: -o must name a "
		                   "regular file, and '%s' is not one",
		                   o->output);
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

/*
 * SOURCE_DATE_EPOCH: decimal digits only (no sign, space or base prefix,
 * which strtoll would take), at most LLONG_MAX.  -1 when it is unset or
 * empty, or invalid: then it is dropped with a warning, never half-read.
 */
static long long source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH"), *p;
	long long v = 0;
	if (!s || !*s)
		return -1;
	for (p = s; *p >= '0' && *p <= '9'; p++) {
		if (v > (LLONG_MAX - (*p - '0')) / 10) {
			cv_msg(CV_WARN, NULL, "bad-source-date-epoch",
			       "SOURCE_DATE_EPOCH '%s' is too large; ignored", s);
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	if (*p) {
		cv_msg(CV_WARN, NULL, "bad-source-date-epoch",
		       "SOURCE_DATE_EPOCH '%s' is not a number of seconds (digits only); ignored",
		       s);
		return -1;
	}
	return v;
}

/* One line of `folio layouts`: the name padded to 12 characters, the
 * description; both come from files, so both are escaped like messages. */
static void print_layout(const char *name, const char *desc)
{
	struct cv_buf line = {0};
	size_t width;
	cv_msg_escape(&line, name, strlen(name));
	for (width = cv_utf8_length(line.data, line.len); width < 12; width++)
		cv_buf_putc(&line, ' ');
	cv_buf_putc(&line, ' ');
	cv_msg_escape(&line, desc, strlen(desc));
	cv_buf_putc(&line, '\n');
	fwrite(line.data, 1, line.len, stdout);
	cv_buf_free(&line);
}

static int list_layouts(void)
{
	const char *roots[CV_PATHS_MAX];
	size_t r, nroots = cv_paths_roots(roots, CV_PATHS_MAX);
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
					print_layout(name, desc ? desc : "");
				}
			}
			free(names[k]);
		}
		free(names);
	}
	if (nseen == 0) {
		cv_msg(CV_SYSTEM, NULL, "no-layouts",
		       "no layouts found (searched: %s); --data-dir or FOLIO_DATA_DIR can name a "
		       "directory with layouts/",
		       cv_paths_tried_list(a, "layouts"));
		cv_arena_free(a);
		return 3;
	}
	cv_arena_free(a);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write to standard output: %s",
		       strerror(errno));
		return 3;
	}
	return 0;
}

/* The PDF --compile writes beside the .tex output: NAME.tex -> NAME.pdf, else OUTPUT.pdf. */
static const char *compiled_pdf(struct cv_arena *a, const char *output)
{
	size_t n = strlen(output);
	if (n > 4 && !strcmp(output + n - 4, ".tex"))
		n -= 4;
	return cv_arena_printf(a, "%.*s.pdf", (int)n, output);
}

/*
 * --compile writes two regular files, the .tex and the PDF beside it: check
 * both before anything is loaded, so that a compile (minutes with
 * lualatex) never runs only to find it cannot write its result.  False
 * after reporting.
 */
static bool check_compile_targets(const char *tex, const char *pdf, bool make_parent)
{
	int r;
	if (!strcmp(tex, "-")) {
		cv_msg(CV_USAGE, NULL, "compile-stdout",
		       "--compile needs a .tex file, not standard output");
		return false;
	}
	r = cv_output_check(tex, make_parent);
	if (r == CV_OUTPUT_NOT_FILE) {
		cv_msg(
		    CV_USAGE, NULL, "compile-not-file",
		    "--compile writes a .tex and the PDF beside it: -o must name a regular file, "
		    "and '%s' is not one",
		    tex);
		return false;
	}
	if (r == 0)
		r = cv_output_check(pdf, make_parent);
	else
		pdf = tex;
	if (r == CV_OUTPUT_NOT_FILE) {
		cv_msg(CV_USAGE, NULL, "compile-not-file",
		       "--compile would write the PDF to '%s', which is not a regular file; choose "
		       "another -o",
		       pdf);
		return false;
	}
	if (r != 0) {
		cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write '%s': %s", pdf, strerror(r));
		return false;
	}
	return true;
}

/* True if output (not "-") names the file at input (or the same name). */
static bool is_file(const char *output, const char *input)
{
	return input && strcmp(output, "-") &&
	       (!strcmp(output, input) || cv_output_same_file(output, input));
}

/*
 * Which of the files the run reads target is: the profile, the layout file
 * or a file it extends, a font file, the photo.  *what names the kind and
 * the result is the input's path; NULL if none.
 */
static const char *input_at(const char *target, const char *profile_path,
                            const struct cv_profile *p, const struct cv_layout *l,
                            const char **what)
{
	size_t i, f;
	*what = "the input profile";
	if (is_file(target, profile_path))
		return profile_path;
	*what = "the layout file";
	for (i = 0; i < l->nfiles; i++)
		if (is_file(target, l->files[i]))
			return l->files[i];
	*what = "the font file";
	for (i = 0; i < l->nfamilies; i++)
		for (f = 0; f < 4; f++)
			if (is_file(target, l->families[i].file[f]))
				return l->families[i].file[f];
	*what = "the photo";
	return is_file(target, p->person.photo) ? p->person.photo : NULL;
}

/*
 * Refuse (output-is-input, a usage error) an output that is one of the
 * files the run reads (input_at).  pdf is the PDF --compile writes (it must
 * not be the .tex either), or NULL.  False after reporting.
 */
static bool check_not_input(const char *output, const char *pdf, const char *profile_path,
                            const struct cv_profile *p, const struct cv_layout *l)
{
	const char *what, *input = input_at(output, profile_path, p, l, &what);
	if (input == profile_path) {
		cv_msg(CV_USAGE, NULL, "output-is-input",
		       "output '%s' is the input profile; choose another -o", output);
		return false;
	}
	if (input) {
		cv_msg(CV_USAGE, NULL, "output-is-input",
		       "output '%s' is %s '%s', an input; choose another -o", output, what, input);
		return false;
	}
	if (!pdf)
		return true;
	input = input_at(pdf, profile_path, p, l, &what);
	if (!input && is_file(pdf, output))
		what = "the .tex it is compiled from", input = output;
	if (!input)
		return true;
	cv_msg(CV_USAGE, NULL, "output-is-input",
	       "--compile would write the PDF to '%s', which is %s '%s'; choose another -o", pdf,
	       what, input);
	return false;
}

/* The size of the file at path in bytes, or 0 when it cannot be read. */
static size_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}

/* The command line's tailoring options as a selection (src/variants.h). */
static struct cv_selection selection_of(const struct options *o, bool warn_empty)
{
	struct cv_selection sel = {o->sets,   o->nsets,   o->only,   o->nonly,
	                           o->except, o->nexcept, o->layout, warn_empty};
	return sel;
}

/* check_not_input for an output without --compile (cv_output_guard, src/variants.h). */
static bool output_not_input(const char *output, const char *profile_path,
                             const struct cv_profile *p, const struct cv_layout *l)
{
	return check_not_input(output, NULL, profile_path, p, l);
}

/* build and check; for watch, round gets what the build read (else NULL) */
static int run(const struct options *o, struct cv_watch_round *round)
{
	struct cv_arena *a = cv_arena_new();
	const struct cv_backend *be = cv_backend_find(o->format);
	struct cv_render_opts ropts = {source_date_epoch(), FOLIO_VERSION, NULL};
	bool check = !strcmp(o->command, "check");
	struct cv_selection sel = selection_of(o, check);
	struct cv_profile *profile = NULL;
	struct cv_layout *layout = NULL;
	struct cv_source src;
	struct cv_doc *doc;
	struct cv_buf out = {0};
	const char *output = NULL, *pdf = NULL;
	size_t pages = 0;
	bool have_src;

	/* the output is checked before anything is loaded (a --variant's default
	 * output depends on the profile: checked once it is loaded) */
	if (!check && (o->output || !o->variant) && !o->all_variants) {
		output = o->output ? o->output : default_output(a, o->profile, be->ext);
		pdf = o->compile ? compiled_pdf(a, output) : NULL;
		if (!cv_output_check_directory(output, o->output == NULL) ||
		    (o->compile && !check_compile_targets(output, pdf, o->output == NULL)))
			goto done;
	}
	have_src = cv_source_read(a, o->profile, &src);
	if (have_src && o->all_variants) {
		cv_variants_build_all(a, &src, &sel, o->output ? o->output : "out", be, &ropts,
		                      !check, output_not_input);
		goto done;
	}
	if (have_src)
		profile = cv_variant_load(a, &src, o->variant, &sel);
	if (profile)
		layout = cv_layout_load_locale(a, o->layout, profile->layout, profile->locale);
	else if (o->layout)
		layout = cv_layout_load(a, o->layout, NULL); /* still report layout problems */
	if (round)
		cv_watch_note(round, output, o->profile, o->layout, profile, layout);
	if (!profile || !layout)
		goto done;
	if (!check && !output) {
		output = cv_variant_output(a, "out", o->profile,
		                           cv_variant_find(profile, o->variant), be->ext);
		pdf = o->compile ? compiled_pdf(a, output) : NULL;
		if (o->compile && !check_compile_targets(output, pdf, true))
			goto done;
	}
	if (!check && !check_not_input(output, pdf, o->profile, profile, layout))
		goto done;
	/* check goes as far as build (compose, typeset, fonts, photos, the PDF in
	 * memory) so that it rejects exactly what build rejects; it only does not
	 * write */
	doc = cv_compose(a, profile, layout);
	if (!doc || cv_msg_failed())
		goto done;
	ropts.pages = strcmp(o->format, "pdf") ? NULL : &pages;
	if (!be->render(doc, &ropts, &out) || cv_msg_failed() || check)
		goto done;
	if (!cv_output_write(output, out.data ? out.data : "", out.len, o->output == NULL))
		goto done;
	if (!round) /* watch says what it built in its own line */
		cv_output_report(output, out.len, ropts.pages ? pages : 0);
	if (o->compile) {
		struct cv_tex_job job;
		if (cv_latex_render_job(a, doc, &ropts, &job) &&
		    cv_latex_compile(&job, output, o->engine, pdf) && !round)
			cv_output_report(pdf, file_size(pdf), 0);
	}
done:
	cv_buf_free(&out);
	cv_arena_free(a);
	return cv_msg_exit_status();
}

/* One build of folio watch (cv_watch_build_fn): ctx is the options. */
static int build_for_watch(void *ctx, struct cv_watch_round *round)
{
	return run(ctx, round);
}

/*
 * folio new: fill the starter template, check that the result builds (load,
 * layout, compose and the PDF in memory, exactly as `check` would; messages
 * point into the template, whose lines the result keeps), then create FILE,
 * never replacing anything already there.
 */
static int run_new(const struct options *o)
{
	struct cv_arena *a = cv_arena_new();
	struct cv_render_opts ropts = {-1, FOLIO_VERSION, NULL};
	const char *file = o->profile ? o->profile : "cv.yaml";
	const char *tpl;
	struct cv_buf text = {0}, pdf = {0};
	struct cv_profile *profile;
	struct cv_layout *layout;
	const struct cv_locale *loc = NULL;
	struct cv_doc *doc;
	struct stat st;
	bool exists = false;

	if (strcmp(file, "-") && lstat(file, &st) == 0) {
		exists = true;
		goto done;
	}
	tpl = cv_paths_find(a, "templates", "starter.yaml");
	if (!tpl) {
		cv_msg(CV_SYSTEM, NULL, "template-not-found",
		       "starter template not found (searched: %s); --data-dir or FOLIO_DATA_DIR "
		       "can name a directory with templates/starter.yaml",
		       cv_paths_tried_list(a, "templates"));
		goto done;
	}
	if (o->locale && !(loc = cv_locale_load(a, o->locale, NULL, NULL)))
		goto done;
	if (!cv_starter_fill(a, tpl, o->name ? o->name : "Your Name",
	                     o->layout ? o->layout : "classic", loc, file, &text))
		goto done;
	cv_locale_set_option(NULL); /* the starter's `locale:` line names it */
	profile = cv_profile_parse(a, tpl, text.data, text.len);
	if (!profile || cv_msg_failed())
		goto done;
	layout = cv_layout_load_locale(a, o->layout, profile->layout, profile->locale);
	if (!layout || cv_msg_failed())
		goto done;
	doc = cv_compose(a, profile, layout);
	if (!doc || cv_msg_failed() || !cv_backend_find("pdf")->render(doc, &ropts, &pdf) ||
	    cv_msg_failed())
		goto done;
	if (cv_output_create(file, text.data, text.len, &exists) && strcmp(file, "-"))
		cv_msg(CV_NOTE, NULL, "new-wrote",
		       "wrote '%s'; edit it, then run 'folio build' on it", file);
done:
	if (exists)
		cv_msg(CV_USAGE, NULL, "new-exists",
		       "'%s' already exists; folio new never overwrites a file (choose another "
		       "FILE)",
		       file);
	cv_buf_free(&text);
	cv_buf_free(&pdf);
	cv_arena_free(a);
	return cv_msg_exit_status();
}

int main(int argc, char **argv)
{
	struct options o = {0};
	int status;
	cv_heap_prepare();
	cv_paths_set_program(argc > 0 ? argv[0] : NULL);
	cv_sys_signals_init(); /* closed pipe, ulimit -f: an error message, not a silent death */
	o.sets = x_calloc((size_t)argc + 1, sizeof(*o.sets));
	o.only = x_calloc((size_t)argc + 1, sizeof(*o.only));
	o.except = x_calloc((size_t)argc + 1, sizeof(*o.except));
	status = parse_args(argc, argv, &o);
	if (status < 0) {
		cv_msg_set_quiet(o.quiet);
		cv_locale_set_option(o.locale);
		status = !strcmp(o.command, "layouts") ? list_layouts()
		         : !strcmp(o.command, "new")   ? run_new(&o)
		         : !strcmp(o.command, "watch")
		             ? cv_watch_run(o.profile, build_for_watch, &o)
		             : run(&o, NULL);
	}
	x_free(o.sets);
	x_free(o.only);
	x_free(o.except);
	return status;
}
