/*
 * A generic YAML tree with source positions: what src/load/yaml.c builds
 * from libyaml events and what the profile and layout loaders read.  No
 * aliases (refused at parse time), duplicate keys already reported, scalars
 * are valid UTF-8 without NUL bytes.
 */
#ifndef CV_NODE_H
#define CV_NODE_H

#include <stdbool.h>
#include <stddef.h>

#include "msg.h"
#include "util.h"

enum cv_node_type { CV_NODE_SCALAR, CV_NODE_MAP, CV_NODE_SEQ };

struct cv_node {
	enum cv_node_type type;
	struct cv_pos pos; /* start of the node (1-based) */
	/* SCALAR */
	const char *value; /* NUL-terminated UTF-8 */
	size_t len;
	bool plain; /* unquoted plain scalar (so "~"/"null"/"" mean empty; quoted ones are text) */
	/* MAP: keys[i] (always scalars) -> values[i]; SEQ: values[i] */
	size_t n;
	struct cv_node **keys;
	struct cv_node **values;
};

/* Input limits, enforced by the YAML reader and documented in docs/profile.md. */
#define CV_LIMIT_FILE_BYTES (4u * 1024 * 1024) /* a profile or layout file */
#define CV_LIMIT_DEPTH 32                      /* nesting of maps and sequences */
#define CV_LIMIT_NODES 200000                  /* nodes in one file */
#define CV_LIMIT_SCALAR_BYTES (64u * 1024)     /* one scalar value */

/*
 * Parse YAML (or JSON) bytes into a tree in the arena.  file names the input
 * in messages.  Every problem is reported through cv_msg with its position;
 * returns NULL when the file cannot be turned into a tree (syntax error,
 * alias, limits, invalid UTF-8 ...).  A file with only a comment or nothing
 * yields NULL with an "empty-file" error.  A leading UTF-8 BOM and CRLF line
 * ends are accepted.
 */
struct cv_node *cv_yaml_parse(struct cv_arena *a, const char *file, const char *data, size_t len);
/* Read a file (reporting I/O problems as CV_SYSTEM, size as CV_ERROR) and parse it. */
struct cv_node *cv_yaml_load_file(struct cv_arena *a, const char *path);

/* Value of key in a MAP node, or NULL (also NULL when map is not a MAP). */
const struct cv_node *cv_node_get(const struct cv_node *map, const char *key);
/* Key node of key in a MAP node, or NULL. */
const struct cv_node *cv_node_key(const struct cv_node *map, const char *key);
/* True for a plain scalar "", "~", "null" or "Null"/"NULL" (YAML's empty value). */
bool cv_node_is_null(const struct cv_node *n);
/* Human name of the node's type for messages: "a mapping", "a list", "a string". */
const char *cv_node_type_name(const struct cv_node *n);

#endif
