#ifndef HAKO_RUN_H
#define HAKO_RUN_H

#include "plan.h"

/*
 * Performs a plan: the intermediate's operations up to fork-init, then (in the forked init) the rest, ending in
 * exec. Returns only on failure of the intermediate's part (or when the plan has no fork-init), after reporting
 * the error to main; the init never returns.
 */
int stage_run(const struct plan *plan, int sync_fd);

#endif
