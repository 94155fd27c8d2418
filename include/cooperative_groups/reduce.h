/* cooperative_groups/reduce.h: cooperative_groups::reduce(group, value,
 * op) over a thread_block_tile<N> (N <= 32) or a coalesced_group: every
 * thread of the group gets op applied over all its values. Tiles reduce
 * by a shfl_xor butterfly, coalesced groups by shfl_down toward rank 0
 * and a broadcast. The value is a type the group's shuffles take (int,
 * unsigned, long long, unsigned long long, float, double); op is one of
 * functional.h's or any callable class. Not here: reduce_update_async,
 * reduce_store_async, tiles of more than 32 threads. */
#ifndef CUWA_COOPERATIVE_GROUPS_REDUCE_H
#define CUWA_COOPERATIVE_GROUPS_REDUCE_H

#include "../cooperative_groups.h"
#include "functional.h"

namespace cooperative_groups {

template <typename GroupT, typename T, typename OpT>
__device__ __forceinline__ T reduce(const GroupT &g, T value, OpT op) {
  unsigned n = g.num_threads();
  if (g.__cuwa_segment()) {  /* a tile: consecutive lanes, a power of two */
    for (unsigned i = 1; i < n; i *= 2) value = op(value, g.__cuwa_shfl_xor(value, i));
    return value;
  }
  unsigned rank = g.thread_rank();
  for (unsigned i = 1; i < n; i *= 2) {
    T other = g.shfl_down(value, i);
    if (rank + i < n) value = op(value, other);
  }
  return g.shfl(value, 0);
}

}  // namespace cooperative_groups

#endif
