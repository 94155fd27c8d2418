// grid_group::sync needs a cooperative launch (every block resident at
// once), which no cuwa device does yet: a call is an error, the rest of
// grid_group works.
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void k(int *out) {
  cg::grid_group grid = cg::this_grid();
  out[grid.thread_rank()] = (int)grid.size();
  grid.sync();
}
