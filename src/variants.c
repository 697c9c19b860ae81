/*
 * Variants (variants.h): load a profile with the overrides of a variant and
 * the command line, then filter its sections and entries by their tags.
 */
#include "variants.h"

#include <string.h>

#include "cv.h"
#include "output.h"
#include "override.h"

/* Tags one filter keeps and drops (names, no positions needed any more). */
struct filter {
	const char **only, **except;
	size_t nonly, nexcept;
};

bool cv_source_read(struct cv_arena *a, const char *path, struct cv_source *src)
{
	char *data = NULL;
	size_t len = 0;
	if (cv_file_read(path, CV_LIMIT_FILE_BYTES, &data, &len) != 0) {
		x_free(data);
		(void)cv_yaml_load_file(a, path); /* words the problem (size, missing, directory) */
		return false;
	}
	src->path = cv_arena_strdup(a, path);
	src->data = len ? cv_arena_memdup(a, data, len) : "";
	src->len = len;
	x_free(data);
	return true;
}

const struct cv_variant *cv_variant_find(const struct cv_profile *p, const char *name)
{
	size_t i;
	for (i = 0; i < p->nvariants; i++)
		if (!strcmp(p->variants[i].name, name))
			return &p->variants[i];
	return NULL;
}

/* The raw `variants: NAME:` mapping of root, or NULL. */
static const struct cv_node *raw_variant(const struct cv_node *root, const char *name)
{
	const struct cv_node *v = cv_node_get(cv_node_get(root, "variants"), name);
	return v && v->type == CV_NODE_MAP ? v : NULL;
}

/* Apply the variant's layout: and set: to root; false after reporting. */
static bool apply_variant(struct cv_arena *a, struct cv_node *root, const struct cv_node *v,
                          const char *layout_option)
{
	const struct cv_node *layout = cv_node_get(v, "layout"), *set = cv_node_get(v, "set");
	bool ok = true;
	size_t i;
	if (layout && layout->type == CV_NODE_MAP)
		cv_override_layout(a, root, layout, layout_option);
	if (set && set->type == CV_NODE_MAP)
		for (i = 0; i < set->n; i++)
			ok = cv_override_node(a, root, set->keys[i], set->values[i],
			                      layout_option) &&
			     ok;
	return ok;
}

/* Report an unknown --variant name, with the profile's variants. */
static void unknown_variant(struct cv_arena *a, const struct cv_profile *p, const char *name)
{
	struct cv_pos pos = {"--variant", 1, 1};
	struct cv_buf b = {0};
	const char *best = NULL;
	int best_d = 3;
	size_t i;
	for (i = 0; i < p->nvariants; i++) {
		int d = cv_edit_distance(name, p->variants[i].name);
		if (d < best_d) {
			best_d = d;
			best = p->variants[i].name;
		}
		cv_buf_printf(&b, "%s%s", i ? ", " : "", p->variants[i].name);
	}
	if (!p->nvariants)
		cv_msg(CV_ERROR, &pos, "unknown-variant",
		       "unknown variant \"%s\" (the profile has no variants:)",
		       cv_msg_show(a, name, strlen(name)));
	else
		cv_msg(CV_ERROR, &pos, "unknown-variant",
		       "unknown variant \"%s\" (%s%s%sthe profile's variants: %s)",
		       cv_msg_show(a, name, strlen(name)), best ? "did you mean \"" : "",
		       best ? best : "", best ? "\"?; " : "", b.data);
	cv_buf_free(&b);
}

/*
 * The tags of the --only (or --except) arguments args[0..n) into *out, each
 * checked against the profile's; option names the option in positions
 * ("--only:2:5").  False after reporting.
 */
static bool option_tags(struct cv_arena *a, const struct cv_profile *p, const char *option,
                        const char *const *args, size_t n, const char ***out, size_t *count)
{
	size_t i, total = 0, k = 0;
	bool ok = true;
	for (i = 0; i < n; i++)
		total += strlen(args[i]) / 2 + 1; /* at most this many tags in one argument */
	*out = cv_arena_array(a, total ? total : 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		const char *s = args[i];
		for (;;) {
			size_t len = strcspn(s, ","), j;
			struct cv_pos pos = {
			    option, (unsigned)i + 1,
			    1 + (unsigned)cv_utf8_length(args[i], (size_t)(s - args[i]))};
			char *tag = cv_arena_strndup(a, s, len);
			if (!cv_tag_name_ok(tag)) {
				cv_msg(CV_ERROR, &pos, "bad-tag",
				       "\"%s\" is not a tag (1 to %d letters, digits, - and _, not "
				       "starting with -; several are joined by commas)",
				       cv_msg_show(a, tag, len), CV_LIMIT_TAG_BYTES);
				ok = false;
			} else {
				for (j = 0; j < p->ntags && strcmp(p->tags[j].name, tag); j++)
					;
				if (j == p->ntags) {
					cv_profile_unknown_tag(a, &pos, tag, p->tags, p->ntags);
					ok = false;
				} else if (k < total) {
					(*out)[k++] = tag;
				}
			}
			if (!s[len])
				break;
			s += len + 1;
		}
	}
	*count = k;
	return ok;
}

static bool has_tag(const struct cv_tag *tags, size_t ntags, const char *const *names, size_t n)
{
	size_t i, j;
	for (i = 0; i < ntags; i++)
		for (j = 0; j < n; j++)
			if (!strcmp(tags[i].name, names[j]))
				return true;
	return false;
}

/* Whether something carrying tags passes the filter f. */
static bool passes(const struct cv_tag *tags, size_t ntags, const struct filter *f)
{
	if (has_tag(tags, ntags, f->except, f->nexcept))
		return false;
	return !f->nonly || !ntags || has_tag(tags, ntags, f->only, f->nonly);
}

/* The variant's tags as a filter. */
static struct filter variant_filter(struct cv_arena *a, const struct cv_variant *v)
{
	struct filter f = {NULL, NULL, 0, 0};
	size_t i;
	if (!v)
		return f;
	f.only = cv_arena_array(a, v->nonly ? v->nonly : 1, sizeof(*f.only));
	f.except = cv_arena_array(a, v->nexcept ? v->nexcept : 1, sizeof(*f.except));
	for (i = 0; i < v->nonly; i++)
		f.only[i] = v->only[i].name;
	for (i = 0; i < v->nexcept; i++)
		f.except[i] = v->except[i].name;
	f.nonly = v->nonly;
	f.nexcept = v->nexcept;
	return f;
}

/*
 * Keep in p the sections and entries that pass both filters (p's arrays are
 * replaced by arena copies).  what names the selection in warnings.  False
 * after reporting that nothing is left.
 */
static bool filter_profile(struct cv_arena *a, struct cv_profile *p, const struct filter *f1,
                           const struct filter *f2, const char *what, bool warn_empty)
{
	struct cv_section *ss = cv_arena_array(a, p->nsections ? p->nsections : 1, sizeof(*ss));
	size_t i, j, m = 0;
	for (i = 0; i < p->nsections; i++) {
		const struct cv_section *s = &p->sections[i];
		struct cv_entry *es;
		size_t k = 0;
		if (!passes(s->tags, s->ntags, f1) || !passes(s->tags, s->ntags, f2))
			continue;
		es = cv_arena_array(a, s->nentries ? s->nentries : 1, sizeof(*es));
		for (j = 0; j < s->nentries; j++) {
			const struct cv_entry *e = &s->entries[j];
			if (passes(e->tags, e->ntags, f1) && passes(e->tags, e->ntags, f2))
				es[k++] = *e;
		}
		if (k == 0) {
			if (warn_empty)
				cv_msg(CV_WARN, &s->pos, "variant-empty-section",
				       "section \"%s\" has no entries left %s; it is left out",
				       cv_text_plain(a, s->title.runs, s->title.nruns), what);
			continue;
		}
		ss[m] = *s;
		ss[m].entries = es;
		ss[m].nentries = k;
		m++;
	}
	if (m == 0 && p->nsections > 0) {
		struct cv_pos pos = {p->path, 0, 0};
		cv_msg(CV_ERROR, &pos, "variant-empty", "no section is left %s", what);
		return false;
	}
	p->sections = ss;
	p->nsections = m;
	return true;
}

struct cv_profile *cv_variant_load(struct cv_arena *a, const struct cv_source *src,
                                   const char *variant, const struct cv_selection *sel)
{
	unsigned errors = cv_msg_count(CV_ERROR);
	struct cv_node *root = cv_yaml_parse(a, src->path, src->data, src->len);
	const struct cv_variant *v = NULL;
	struct cv_profile *p;
	struct filter f1, f2 = {NULL, NULL, 0, 0};
	const char *what;
	bool ok = true;
	size_t i;
	if (!root)
		return NULL;
	if (root->type == CV_NODE_MAP) {
		const struct cv_node *raw = variant ? raw_variant(root, variant) : NULL;
		if (raw)
			ok = apply_variant(a, root, raw, sel->layout_option);
		for (i = 0; i < sel->nsets; i++)
			ok = cv_override_arg(a, root, sel->sets[i], (unsigned)i + 1,
			                     sel->layout_option) &&
			     ok;
	}
	p = cv_profile_from_tree(a, root);
	if (!p || !ok)
		return NULL;
	if (variant && !(v = cv_variant_find(p, variant))) {
		unknown_variant(a, p, variant);
		return NULL;
	}
	/* both checked, so that every unknown tag is reported */
	bool only_ok = option_tags(a, p, "--only", sel->only, sel->nonly, &f2.only, &f2.nonly);
	bool except_ok =
	    option_tags(a, p, "--except", sel->except, sel->nexcept, &f2.except, &f2.nexcept);
	if (!only_ok || !except_ok)
		return NULL;
	f1 = variant_filter(a, v);
	what = v ? cv_arena_printf(a, "in variant \"%s\"", v->name) : "with --only/--except";
	if ((v || sel->nonly || sel->nexcept) &&
	    !filter_profile(a, p, &f1, &f2, what, sel->warn_empty))
		return NULL;
	return cv_msg_count(CV_ERROR) > errors ? NULL : p;
}

const char *cv_variant_output(struct cv_arena *a, const char *dir, const char *profile_path,
                              const struct cv_variant *v, const char *ext)
{
	const char *base = strrchr(profile_path, '/'), *dot;
	size_t i, nb, n;
	const struct cv_backend *bs = cv_backends(&nb);
	base = base ? base + 1 : profile_path;
	if (v->output) {
		n = strlen(v->output);
		for (i = 0; i < nb; i++) {
			size_t e = strlen(bs[i].ext);
			if (n > e + 1 && v->output[n - e - 1] == '.' &&
			    !strcmp(v->output + n - e, bs[i].ext)) {
				n -= e + 1;
				break;
			}
		}
		return cv_arena_printf(a, "%s/%.*s.%s", dir, (int)n, v->output, ext);
	}
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		dot = base + strlen(base);
	return cv_arena_printf(a, "%s/%.*s-%s.%s", dir, (int)(dot - base), base, v->name, ext);
}

void cv_variants_build_all(struct cv_arena *a, const struct cv_source *src,
                           const struct cv_selection *sel, const char *dir,
                           const struct cv_backend *be, const struct cv_render_opts *ropts,
                           bool write, cv_output_guard guard)
{
	struct cv_selection quiet = *sel; /* the base profile: no empty-section warnings */
	const struct cv_profile *base;
	const char **outputs;
	struct cv_buf *outs;
	struct cv_render_opts variant_opts = *ropts;
	size_t *pages; /* of each variant's PDF, for the report */
	bool ok = true;
	size_t i, j;
	quiet.warn_empty = false;
	if (!(base = cv_variant_load(a, src, NULL, &quiet)))
		return;
	if (base->nvariants == 0) {
		struct cv_pos pos = {base->path, 0, 0};
		cv_msg(CV_ERROR, &pos, "no-variants",
		       "--all-variants: the profile has no variants: (docs/profile.md)");
		return;
	}
	outputs = cv_arena_array(a, base->nvariants, sizeof(*outputs));
	outs = x_calloc(base->nvariants, sizeof(*outs));
	pages = x_calloc(base->nvariants, sizeof(*pages));
	for (i = 0; i < base->nvariants; i++) {
		unsigned errors = cv_msg_count(CV_ERROR);
		const char *name = base->variants[i].name;
		struct cv_profile *p = cv_variant_load(a, src, name, sel);
		struct cv_layout *layout =
		    p ? cv_layout_load_locale(a, sel->layout_option, p->layout, p->locale) : NULL;
		struct cv_doc *doc;
		if (!layout) {
			ok = false;
			continue;
		}
		outputs[i] =
		    cv_variant_output(a, dir, src->path, cv_variant_find(p, name), be->ext);
		for (j = 0; j < i; j++)
			if (outputs[j] && (!strcmp(outputs[j], outputs[i]) ||
			                   cv_output_same_file(outputs[j], outputs[i]))) {
				cv_msg(
				    CV_ERROR, &base->variants[i].pos, "variant-output-clash",
				    "variants \"%s\" and \"%s\" would both write '%s'; give one an "
				    "output:",
				    base->variants[j].name, name, outputs[i]);
				ok = false;
			}
		if (write && !guard(outputs[i], src->path, p, layout)) {
			ok = false;
			continue;
		}
		doc = cv_compose(a, p, layout);
		variant_opts.pages = strcmp(be->ext, "pdf") ? NULL : &pages[i];
		if (!doc || cv_msg_count(CV_ERROR) > errors ||
		    !be->render(doc, &variant_opts, &outs[i]) || cv_msg_count(CV_ERROR) > errors)
			ok = false;
	}
	for (i = 0; ok && write && i < base->nvariants; i++) {
		ok = cv_output_write(outputs[i], outs[i].data ? outs[i].data : "", outs[i].len,
		                     true);
		if (ok)
			cv_output_report(outputs[i], outs[i].len, pages[i]);
	}
	for (i = 0; i < base->nvariants; i++)
		cv_buf_free(&outs[i]);
	x_free(outs);
	x_free(pages);
}
