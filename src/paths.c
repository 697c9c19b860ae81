/*
 * The data search path for layouts and fonts (order documented in paths.h).
 */
#include "paths.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FOLIO_SOURCE_DIR
#define FOLIO_SOURCE_DIR "."
#endif
#ifndef FOLIO_INSTALL_DATADIR
#define FOLIO_INSTALL_DATADIR "/usr/local/share/folio"
#endif

static const char *data_dir_option;

void cv_paths_set_data_dir(const char *dir)
{
	data_dir_option = dir;
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

size_t cv_paths_roots(const char **roots, size_t max)
{
	const char *cand[3];
	size_t i, n = 0;
	const char *only = getenv("FOLIO_DATA_DIR_ONLY");
	bool hermetic = only && *only && strcmp(only, "0") != 0;
	cand[0] = data_dir_option ? data_dir_option : getenv("FOLIO_DATA_DIR");
	cand[1] = hermetic ? NULL : FOLIO_SOURCE_DIR;
	cand[2] = hermetic ? NULL : FOLIO_INSTALL_DATADIR;
	for (i = 0; i < 3 && n < max; i++)
		if (is_dir(cand[i]))
			roots[n++] = cand[i];
	return n;
}

char *cv_paths_find(struct cv_arena *a, const char *subdir, const char *name)
{
	const char *roots[3];
	size_t i, n = cv_paths_roots(roots, 3);
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
