/* STUB: replaced by its owner. */
#include "date.h"
bool cv_date_parse(const char *s, struct cv_date *out) { (void)s;(void)out; return false; }
bool cv_date_split_range(struct cv_arena *a, const char *s, char **st, char **en) { (void)a;(void)s;(void)st;(void)en; return false; }
int cv_date_compare(const struct cv_date *a, const struct cv_date *b) { (void)a;(void)b; return 0; }
char *cv_date_format(struct cv_arena *a, const struct cv_date *d, const struct cv_date_layout *dl) { (void)d;(void)dl; return cv_arena_strdup(a, ""); }
char *cv_date_format_range(struct cv_arena *a, const struct cv_date *s, const struct cv_date *e, const struct cv_date *d1, const struct cv_date_layout *dl) { (void)a;(void)s;(void)e;(void)d1;(void)dl; return NULL; }
