/* cooperative_groups/scan.h: cooperative_groups::inclusive_scan and
 * exclusive_scan (group, value[, op]) over a thread_block_tile<N> (N <=
 * 32) or a coalesced_group, in rank order, op defaulting to plus: shfl_up
 * steps of 1, 2, 4, ... (Hillis-Steele). The exclusive scan gives rank 0
 * a value-initialized T (0), as CUDA does. Not here: the _update forms
 * (cuda::atomic), tiles of more than 32 threads. */
#ifndef CUWA_COOPERATIVE_GROUPS_SCAN_H
#define CUWA_COOPERATIVE_GROUPS_SCAN_H

#include "../cooperative_groups.h"
#include "functional.h"

namespace cooperative_groups {

template <typename GroupT, typename T, typename OpT>
__device__ __forceinline__ T inclusive_scan(const GroupT &g, T value, OpT op) {
  unsigned n = g.num_threads(), rank = g.thread_rank();
  for (unsigned i = 1; i < n; i *= 2) {
    T other = g.shfl_up(value, i);
    if (rank >= i) value = op(other, value);
  }
  return value;
}

template <typename GroupT, typename T>
__device__ __forceinline__ T inclusive_scan(const GroupT &g, T value) {
  return inclusive_scan(g, value, plus<T>());
}

template <typename GroupT, typename T, typename OpT>
__device__ __forceinline__ T exclusive_scan(const GroupT &g, T value, OpT op) {
  T sum = inclusive_scan(g, value, op);
  T before = g.shfl_up(sum, 1);
  return g.thread_rank() == 0 ? (T)0 : before;
}

template <typename GroupT, typename T>
__device__ __forceinline__ T exclusive_scan(const GroupT &g, T value) {
  return exclusive_scan(g, value, plus<T>());
}

}  // namespace cooperative_groups

#endif
