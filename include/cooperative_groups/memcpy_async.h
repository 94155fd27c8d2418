/* cooperative_groups/memcpy_async.h: cooperative_groups::memcpy_async
 * and wait / wait_prior for the block-wide (or tile-wide) copy of a 1-D
 * range, done at once: the threads of the group copy it in a strided loop
 * and wait() is the group's sync(), so the data is there after wait() as
 * with CUDA's asynchronous copy. Forms: (group, dst, src, bytes) and
 * (group, dst, dst_count, src, src_count) in elements. Not here:
 * cuda::aligned_size_t sizes, cuda::pipeline and cuda::barrier. */
#ifndef CUWA_COOPERATIVE_GROUPS_MEMCPY_ASYNC_H
#define CUWA_COOPERATIVE_GROUPS_MEMCPY_ASYNC_H

#include "../cooperative_groups.h"

namespace cooperative_groups {

template <typename GroupT, typename T>
__device__ __forceinline__ void memcpy_async(const GroupT &g, T *dst, const T *src, size_t bytes) {
  size_t n = bytes / sizeof(T), step = g.num_threads();
  for (size_t i = g.thread_rank(); i < n; i += step) dst[i] = src[i];
  if (n * sizeof(T) != bytes && g.thread_rank() == 0) {  /* a partial last element */
    char *d = (char *)(dst + n);
    const char *s = (const char *)(src + n);
    for (size_t b = 0; b < bytes - n * sizeof(T); b++) d[b] = s[b];
  }
}

template <typename GroupT, typename T>
__device__ __forceinline__ void memcpy_async(const GroupT &g, T *dst, size_t dst_count,
                                             const T *src, size_t src_count) {
  size_t n = dst_count < src_count ? dst_count : src_count, step = g.num_threads();
  for (size_t i = g.thread_rank(); i < n; i += step) dst[i] = src[i];
}

template <typename GroupT>
__device__ __forceinline__ void wait(const GroupT &g) {
  g.sync();
}

template <unsigned int Stage, typename GroupT>
__device__ __forceinline__ void wait_prior(const GroupT &g) {
  g.sync();
}

}  // namespace cooperative_groups

#endif
