/*
 * The Knuth-Plass total-fit algorithm with fitness classes, a strong
 * penalty for consecutive hyphenated lines, the caller's penalty for a hyphen
 * that leaves a fragment alone on a last line, and an emergency mode that lets
 * an unbreakable word overflow instead of failing.
 */
#include "linebreak.h"

#include <math.h>
#include <stdlib.h>

#include "../util.h"

#define LINE_PENALTY 10.0
#define DOUBLE_HYPHEN_DEMERITS 10000.0
#define ADJ_DEMERITS 10000.0
#define OVERFULL_DEMERITS 1e12
#define MAX_ACTIVE 64
#define BADNESS_CAP 1e4

struct node {
	size_t pos;     /* the break item (or SIZE_MAX for the paragraph start) */
	size_t line;    /* lines ending here */
	int fitness;    /* 0 very loose .. 3 tight */
	bool hyphen;    /* the line ending here ends with a flagged penalty */
	double w, y, z; /* sums of width/stretch/shrink after this break */
	double demerits;
	size_t prev; /* node index or SIZE_MAX */
};

struct cand {
	bool set;
	double demerits;
	size_t prev;
};

static double badness(double r)
{
	double b = 100.0 * fabs(r) * fabs(r) * fabs(r);
	return b;
}

static int fitness_of(double r)
{
	if (r < -0.5)
		return 3;
	if (r <= 0.5)
		return 2;
	if (r <= 1.0)
		return 1;
	return 0;
}

/* Sums after a break at b: skip the glue and penalties that follow it. */
static void sums_after(const struct cv_lb_item *it, size_t n, size_t b, double w, double y,
                       double z, double out[3])
{
	for (size_t i = b; i < n; i++) {
		if (it[i].type == CV_LB_BOX)
			break;
		if (it[i].type == CV_LB_GLUE) {
			w += it[i].width;
			y += it[i].stretch;
			z += it[i].shrink;
		} else if (it[i].penalty <= -CV_LB_INF && i > b) {
			break;
		}
	}
	out[0] = w;
	out[1] = y;
	out[2] = z;
}

size_t cv_lb_break(const struct cv_lb_item *it, size_t n, const struct cv_lb_params *p,
                   size_t *breaks)
{
	struct node *nodes = NULL;
	size_t nnodes = 0, capnodes = 0;
	size_t *active = NULL, nactive = 0, capactive = 0;
	double sw = 0, sy = 0, sz = 0; /* sums of items before i */
	size_t result = 0;

	nodes = x_grow(nodes, &capnodes, 1, sizeof *nodes);
	nodes[0] = (struct node){.pos = SIZE_MAX, .fitness = 2, .prev = SIZE_MAX};
	{
		double s[3];
		sums_after(it, n, 0, 0, 0, 0, s);
		/* leading glue is discarded too */
		nodes[0].w = s[0];
		nodes[0].y = s[1];
		nodes[0].z = s[2];
	}
	nnodes = 1;
	active = x_grow(active, &capactive, 1, sizeof *active);
	active[nactive++] = 0;

	for (size_t i = 0; i < n && nactive > 0; i++) {
		const struct cv_lb_item *x = &it[i];
		bool legal = false;
		double pw = 0, pen = 0;
		bool flagged = false;
		if (x->type == CV_LB_GLUE)
			legal = i > 0 && it[i - 1].type == CV_LB_BOX;
		else if (x->type == CV_LB_PENALTY && x->penalty < CV_LB_INF) {
			legal = true;
			pw = x->width;
			pen = x->penalty;
			flagged = x->flagged;
		}
		if (legal) {
			bool forced = x->type == CV_LB_PENALTY && pen <= -CV_LB_INF;
			struct cand best[4] = {{0}};
			double best_all = INFINITY;
			for (size_t k = 0; k < nactive;) {
				struct node *a = &nodes[active[k]];
				double len = sw - a->w + pw;
				double width = a->line < p->first_lines ? p->first_width : p->width;
				double r;
				bool remove = false, overfull = false;
				if (len < width) {
					double st = sy - a->y + p->ragged_stretch;
					r = st > 0 ? (width - len) / st : INFINITY;
				} else if (len > width) {
					double sh = sz - a->z;
					r = sh > 0 ? (width - len) / sh : -INFINITY;
				} else {
					r = 0;
				}
				if (r < -1) {
					remove = true;
					overfull = true;
				}
				if (forced)
					remove = true;
				double bad = r < -1 ? 0 : badness(r);
				bool feasible = !overfull && (bad <= p->tolerance || p->emergency);
				/* in emergency mode a node that cannot reach any break
				 * without overflowing still yields its shortest line */
				if (overfull && p->emergency)
					feasible = true;
				if (feasible) {
					/* capped so that an overfull line always costs more */
					double d =
					    LINE_PENALTY + (bad > BADNESS_CAP ? BADNESS_CAP : bad);
					d *= d;
					if (pen > 0)
						d += pen * pen;
					else if (pen > -CV_LB_INF)
						d -= pen * pen;
					if (flagged && a->hyphen)
						d += DOUBLE_HYPHEN_DEMERITS;
					if (forced && a->hyphen)
						d += p->final_hyphen_demerits;
					if (overfull)
						d += OVERFULL_DEMERITS + (len - width) * 1e9;
					int fc = overfull ? 3 : fitness_of(r);
					if (abs(fc - a->fitness) > 1)
						d += ADJ_DEMERITS;
					d += a->demerits;
					if (!best[fc].set || d < best[fc].demerits) {
						best[fc] = (struct cand){true, d, active[k]};
					}
					if (d < best_all)
						best_all = d;
				}
				if (remove) {
					for (size_t j = k + 1; j < nactive; j++)
						active[j - 1] = active[j];
					nactive--;
				} else {
					k++;
				}
			}
			double s[3] = {0, 0, 0};
			bool have_sums = false;
			for (int fc = 0; fc < 4; fc++) {
				if (!best[fc].set || best[fc].demerits > best_all + ADJ_DEMERITS)
					continue;
				if (!have_sums) {
					sums_after(it, n, i, sw, sy, sz, s);
					have_sums = true;
				}
				nodes = x_grow(nodes, &capnodes, nnodes + 1, sizeof *nodes);
				nodes[nnodes] = (struct node){
				    .pos = i,
				    .line = nodes[best[fc].prev].line + 1,
				    .fitness = fc,
				    .hyphen = flagged,
				    .w = s[0],
				    .y = s[1],
				    .z = s[2],
				    .demerits = best[fc].demerits,
				    .prev = best[fc].prev,
				};
				active = x_grow(active, &capactive, nactive + 1, sizeof *active);
				active[nactive++] = nnodes++;
			}
			/* keep the list short: drop the worst node (ties: the oldest) */
			while (nactive > MAX_ACTIVE) {
				size_t worst = 0;
				for (size_t k = 1; k < nactive; k++)
					if (nodes[active[k]].demerits >
					    nodes[active[worst]].demerits)
						worst = k;
				for (size_t j = worst + 1; j < nactive; j++)
					active[j - 1] = active[j];
				nactive--;
			}
		}
		if (x->type != CV_LB_PENALTY) {
			sw += x->width;
			sy += x->stretch;
			sz += x->shrink;
		}
	}

	/* the best node at the final break */
	size_t best = SIZE_MAX;
	for (size_t k = 0; k < nactive; k++) {
		struct node *a = &nodes[active[k]];
		if (a->pos == n - 1 && (best == SIZE_MAX || a->demerits < nodes[best].demerits))
			best = active[k];
	}
	if (best != SIZE_MAX) {
		result = nodes[best].line;
		size_t k = result;
		for (size_t b = best; b != SIZE_MAX && nodes[b].pos != SIZE_MAX; b = nodes[b].prev)
			breaks[--k] = nodes[b].pos;
	}
	x_free(nodes);
	x_free(active);
	return result;
}
