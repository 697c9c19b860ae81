/*
 * The data search path for layouts and fonts (order documented in paths.h).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FOLIO_SOURCE_DIR
#define FOLIO_SOURCE_DIR "."
#endif
#ifndef FOLIO_DATA_FROM_BIN
#define FOLIO_DATA_FROM_BIN "../share/folio"
#endif
#ifndef FOLIO_INSTALL_DATADIR
#define FOLIO_INSTALL_DATADIR "/usr/local/share/folio"
#endif

static const char *data_dir_option;
static const char *program_path; /* argv[0], when /proc/self/exe is not there */
static char exe_data_dir[PATH_MAX];
static bool exe_data_dir_done;

void cv_paths_set_data_dir(const char *dir)
{
	data_dir_option = dir;
}

void cv_paths_set_program(const char *argv0)
{
	program_path = argv0;
	exe_data_dir_done = false;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * <prefix>/share/folio for the running executable <prefix>/bin/folio
 * (FOLIO_DATA_FROM_BIN, the install's data directory relative to its
 * binary directory): the executable's real path (/proc/self/exe on Linux,
 * else argv[0] when it names the file by a path) with its links resolved,
 * leading "../" taken off the directory.  NULL when unknown.  Computed once.
 */
static const char *exe_relative_dir(void)
{
	char exe[PATH_MAX], *slash;
	const char *rel = FOLIO_DATA_FROM_BIN;
	ssize_t n;
	if (exe_data_dir_done)
		return exe_data_dir[0] ? exe_data_dir : NULL;
	exe_data_dir_done = true;
	exe_data_dir[0] = '\0';
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0)
		exe[n] = '\0';
	else if (!program_path || !strchr(program_path, '/') || !realpath(program_path, exe))
		return NULL;
	if (exe[0] != '/' || !(slash = strrchr(exe, '/')))
		return NULL;
	*slash = '\0'; /* <prefix>/bin/folio -> <prefix>/bin ("" for /folio) */
	while (!strncmp(rel, "../", 3)) {
		if (!(slash = strrchr(exe, '/')))
			return NULL; /* above the root */
		*slash = '\0';
		rel += 3;
	}
	n = (ssize_t)strlen(exe);
	if ((size_t)n + 1 + strlen(rel) + 1 > sizeof(exe_data_dir))
		return NULL;
	memcpy(exe_data_dir, exe, (size_t)n);
	exe_data_dir[n] = '/';
	strcpy(exe_data_dir + n + 1, rel);
	return exe_data_dir;
}

size_t cv_paths_tried(const char **dirs, size_t max)
{
	const char *cand[4];
	size_t i, n = 0;
	const char *only = getenv("FOLIO_DATA_DIR_ONLY");
	bool hermetic = only && *only && strcmp(only, "0") != 0;
	cand[0] = data_dir_option ? data_dir_option : getenv("FOLIO_DATA_DIR");
	if (cand[0] && !*cand[0])
		cand[0] = NULL;
	cand[1] = hermetic ? NULL : exe_relative_dir();
	cand[2] = hermetic ? NULL : FOLIO_SOURCE_DIR;
	cand[3] = hermetic ? NULL : FOLIO_INSTALL_DATADIR;
	for (i = 0; i < 4 && n < max; i++) {
		size_t k;
		bool dup = !cand[i];
		for (k = 0; k < n && !dup; k++)
			dup = !strcmp(dirs[k], cand[i]);
		if (!dup)
			dirs[n++] = cand[i];
	}
	return n;
}

size_t cv_paths_roots(const char **roots, size_t max)
{
	const char *cand[CV_PATHS_MAX];
	size_t i, n = 0, nc = cv_paths_tried(cand, CV_PATHS_MAX);
	for (i = 0; i < nc && n < max; i++)
		if (is_dir(cand[i]))
			roots[n++] = cand[i];
	return n;
}

char *cv_paths_tried_list(struct cv_arena *a, const char *subdir)
{
	const char *dirs[CV_PATHS_MAX];
	size_t i, n = cv_paths_tried(dirs, CV_PATHS_MAX);
	struct cv_buf b = {0};
	char *s;
	for (i = 0; i < n; i++)
		cv_buf_printf(&b, "%s%s/%s", i ? ", " : "", dirs[i], subdir);
	s = cv_arena_strdup(a, b.data ? b.data : "nothing");
	cv_buf_free(&b);
	return s;
}

char *cv_paths_find(struct cv_arena *a, const char *subdir, const char *name)
{
	const char *roots[CV_PATHS_MAX];
	size_t i, n = cv_paths_roots(roots, CV_PATHS_MAX);
	for (i = 0; i < n; i++) {
		char *p = cv_arena_printf(a, "%s/%s/%s", roots[i], subdir, name);
		if (is_file(p))
			return p;
	}
	return NULL;
}

char *cv_paths_dirname(struct cv_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return cv_arena_strdup(a, ".");
	if (slash == path)
		return cv_arena_strdup(a, "/");
	return cv_arena_strndup(a, path, (size_t)(slash - path));
}

char *cv_paths_join(struct cv_arena *a, const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
		return cv_arena_strdup(a, name);
	return cv_arena_printf(a, "%s/%s", dir, name);
}
