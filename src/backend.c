/*
 * The table of back ends the CLI dispatches on.
 */
#include "backend.h"

#include <string.h>

static const struct cv_backend backends[] = {
    {"pdf", "pdf", cv_pdf_render},
    {"tex", "tex", cv_latex_render},
    {"tree", "tree", cv_tree_render},
};

const struct cv_backend *cv_backend_find(const char *name)
{
	size_t i;
	for (i = 0; i < CV_COUNT(backends); i++)
		if (strcmp(backends[i].name, name) == 0)
			return &backends[i];
	return NULL;
}

const struct cv_backend *cv_backends(size_t *count)
{
	*count = CV_COUNT(backends);
	return backends;
}
