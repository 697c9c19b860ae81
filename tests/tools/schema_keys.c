/*
 * Prints every key of the profile and layout schemas, one per line, for
 * the tests that must cover all of them (tests/e2e/injection.sh):
 *   profile PATH TYPE MAX_BYTES
 *   field KIND NAME TYPE MAX_BYTES REQUIRED
 *   layout PATH TYPE
 *   word PATH WORD        (the fixed words of a layout key, in order)
 *   network NAME          (a known social network; "_" for a space)
 * TYPE is the enum's name without its prefix (TEXT, URL, LENGTH...).
 */
#include <stdio.h>

#include "layout.h"
#include "schema.h"

static const char *const value_types[] = {"TEXT", "LIST", "DATE", "AUTHORS", "LINKS", "URL", "MAP"};
static const char *const layout_types[] = {"MAP",   "STRING",  "FORMAT", "TEMPLATE", "LENGTH",
                                           "GLUE",  "PERCENT", "NUMBER", "BOOL",     "CHOICE",
                                           "COLOR", "FILE",    "NAME",   "LIST",     "ANY"};

int main(void)
{
	size_t n, i, k;
	const struct cv_profile_key *pk = cv_schema_profile_keys(&n);
	const struct cv_layout_key *lk;
	const struct cv_network_spec *nets;
	for (i = 0; i < n; i++)
		printf("profile %s %s %zu\n", pk[i].path, value_types[pk[i].type], pk[i].max_bytes);
	for (k = 0; k < CV_KIND__COUNT; k++) {
		const struct cv_kind_spec *ks = cv_schema_kind((enum cv_kind)k);
		for (i = 0; i < ks->nfields; i++)
			printf("field %s %s %s %zu %s\n", ks->name, ks->fields[i].name,
			       value_types[ks->fields[i].type], ks->fields[i].max_bytes,
			       ks->fields[i].required ? "required" : "optional");
	}
	lk = cv_layout_keys(&n);
	for (i = 0; i < n; i++)
		printf("layout %s %s\n", lk[i].path, layout_types[lk[i].type]);
	for (i = 0; i < n; i++)
		for (k = 0; lk[i].words && lk[i].words[k]; k++)
			printf("word %s %s\n", lk[i].path, lk[i].words[k]);
	nets = cv_schema_networks(&n);
	for (i = 0; i < n; i++) {
		const char *c;
		fputs("network ", stdout);
		for (c = nets[i].name; *c; c++)
			putchar(*c == ' ' ? '_' : *c);
		putchar('\n');
	}
	return 0;
}
