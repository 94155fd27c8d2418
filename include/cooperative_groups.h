/* cooperative_groups.h: CUDA's cooperative groups as plain classes over
 * cuwa's intrinsics (__syncthreads, __syncwarp, __shfl_*_sync with a
 * width, __ballot_sync, __match_any_sync ...), for device code (through
 * cuwa/device/cooperative_groups.h) and host code, where the host pass
 * drops the __device__ members and leaves the types.
 * thread_block, thread_block_tile<N> (N <= 32), coalesced_group and the
 * dynamic thread_group; grid_group without grid-wide sync; tiles of more
 * than 32 threads and cluster groups are not here. reduce.h, scan.h and
 * memcpy_async.h are in cooperative_groups/. */
#ifndef CUWA_DEVICE_COOPERATIVE_GROUPS_H
#define CUWA_DEVICE_COOPERATIVE_GROUPS_H

#include <cuda_runtime.h>

/* What cuwa cannot do yet: an error where device code calls it. */
#ifdef __CUDA_ARCH__
#define CUWA_CG_UNAVAILABLE(what) __attribute__((unavailable(what)))
#else
#define CUWA_CG_UNAVAILABLE(what)
#endif

namespace cooperative_groups {

namespace details {

/* CUDA's group type ids (thread_group::get_type()) */
enum {
  coalesced_group_id = 1,
  grid_group_id = 3,
  thread_block_id = 4
};

/* The thread's rank in its block, x fastest: a warp is 32 consecutive
 * ranks, as everywhere in cuwa. */
__device__ __forceinline__ unsigned cta_rank() {
  return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ unsigned cta_size() {
  return blockDim.x * blockDim.y * blockDim.z;
}

__device__ __forceinline__ unsigned lane_id() { return cta_rank() & 31u; }

/* The lanes below this one. */
__device__ __forceinline__ unsigned lanemask_lt() { return (1u << lane_id()) - 1u; }

/* The lane of the n-th (from 0) set bit of mask, or 32 when it has fewer. */
__device__ __forceinline__ unsigned nth_lane(unsigned mask, unsigned n) {
  unsigned lane = 0;
  for (; lane < 32u; lane++) {
    if (mask >> lane & 1u) {
      if (n == 0u) break;
      n--;
    }
  }
  return lane;
}

/* bits (one per lane) renumbered by rank in mask: bit r of the result is
 * the bit of the r-th lane of mask. */
__device__ __forceinline__ unsigned pack_lanes(unsigned mask, unsigned bits) {
  unsigned out = 0, r = 0;
  for (unsigned lane = 0; lane < 32u; lane++) {
    if (mask >> lane & 1u) {
      out |= (bits >> lane & 1u) << r;
      r++;
    }
  }
  return out;
}

/* The lanes of this thread's tile of n lanes (n a power of two <= 32),
 * as CUDA builds them. */
__device__ __forceinline__ unsigned tile_mask(unsigned n) {
  if (n >= 32u) return 0xffffffffu;
  return ((1u << n) - 1u) << (lane_id() & ~(n - 1u));
}

}  // namespace details

/* A group known only at run time: a block, or some lanes of a warp (a
 * dynamic tile or a coalesced group). */
class thread_group {
 public:
  unsigned __cuwa_type;  /* details::*_id */
  unsigned __cuwa_mask;  /* the lanes of the group, for warp-level groups */
  unsigned __cuwa_size;  /* threads in the group */
  unsigned __cuwa_rank;  /* this thread's rank in it */

  __device__ unsigned long long size() const { return __cuwa_size; }
  __device__ unsigned long long num_threads() const { return __cuwa_size; }
  __device__ unsigned long long thread_rank() const { return __cuwa_rank; }
  __device__ unsigned int get_type() const { return __cuwa_type; }
  __device__ void sync() const {
    if (__cuwa_type == details::thread_block_id)
      __syncthreads();
    else
      __syncwarp(__cuwa_mask);
  }
};

namespace details {
__device__ __forceinline__ thread_group make_group(unsigned type, unsigned mask, unsigned size,
                                                   unsigned rank) {
  thread_group g;
  g.__cuwa_type = type;
  g.__cuwa_mask = mask;
  g.__cuwa_size = size;
  g.__cuwa_rank = rank;
  return g;
}
}  // namespace details

/* All threads of the block. */
class thread_block {
 public:
  char __cuwa_empty;  /* no empty structs in WGSL */

  static __device__ void sync() { __syncthreads(); }
  static __device__ unsigned int size() { return details::cta_size(); }
  static __device__ unsigned int num_threads() { return details::cta_size(); }
  static __device__ unsigned int thread_rank() { return details::cta_rank(); }
  static __device__ dim3 group_index() {
    dim3 d;
    d.x = blockIdx.x;
    d.y = blockIdx.y;
    d.z = blockIdx.z;
    return d;
  }
  static __device__ dim3 thread_index() {
    dim3 d;
    d.x = threadIdx.x;
    d.y = threadIdx.y;
    d.z = threadIdx.z;
    return d;
  }
  static __device__ dim3 group_dim() {
    dim3 d;
    d.x = blockDim.x;
    d.y = blockDim.y;
    d.z = blockDim.z;
    return d;
  }
  static __device__ dim3 dim_threads() { return thread_block::group_dim(); }
  static __device__ unsigned int get_type() { return details::thread_block_id; }
  __device__ operator thread_group() const {
    return details::make_group(details::thread_block_id, 0u, details::cta_size(),
                               details::cta_rank());
  }
};

__device__ __forceinline__ thread_block this_thread_block() {
  thread_block b;
  b.__cuwa_empty = 0;
  return b;
}

/* All threads of the grid. Its sync() needs every block resident at once
 * (a cooperative launch), which no cuwa device does yet. */
class grid_group {
 public:
  char __cuwa_empty;

  static __device__ unsigned long long size() {
    return (unsigned long long)gridDim.x * gridDim.y * gridDim.z * details::cta_size();
  }
  static __device__ unsigned long long num_threads() { return grid_group::size(); }
  static __device__ unsigned long long thread_rank() {
    return grid_group::block_rank() * details::cta_size() + details::cta_rank();
  }
  static __device__ unsigned long long num_blocks() {
    return (unsigned long long)gridDim.x * gridDim.y * gridDim.z;
  }
  static __device__ unsigned long long block_rank() {
    return ((unsigned long long)blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  }
  static __device__ dim3 group_dim() {
    dim3 d;
    d.x = blockDim.x;
    d.y = blockDim.y;
    d.z = blockDim.z;
    return d;
  }
  static __device__ dim3 dim_threads() { return grid_group::group_dim(); }
  static __device__ dim3 dim_blocks() {
    dim3 d;
    d.x = gridDim.x;
    d.y = gridDim.y;
    d.z = gridDim.z;
    return d;
  }
  static __device__ dim3 block_index() {
    dim3 d;
    d.x = blockIdx.x;
    d.y = blockIdx.y;
    d.z = blockIdx.z;
    return d;
  }
  static __device__ dim3 thread_index() {
    dim3 d;
    d.x = blockIdx.x * blockDim.x + threadIdx.x;
    d.y = blockIdx.y * blockDim.y + threadIdx.y;
    d.z = blockIdx.z * blockDim.z + threadIdx.z;
    return d;
  }
  /* false, as for a kernel not launched with cudaLaunchCooperativeKernel:
   * no cuwa launch can synchronize its grid yet */
  static __device__ bool is_valid() { return false; }
  static __device__ unsigned int get_type() { return details::grid_group_id; }
  __device__ CUWA_CG_UNAVAILABLE("grid-wide synchronization (grid_group::sync)") void sync() const;
};

__device__ __forceinline__ grid_group this_grid() {
  grid_group g;
  g.__cuwa_empty = 0;
  return g;
}

/* The shuffles, votes and matches of a warp-level group whose lanes are
 * mask() and whose shuffles run in segments of WIDTH lanes; one set per
 * type __shfl_sync takes. */
#define CUWA_CG_TILE_SHFL(T)                                                    \
  __device__ T shfl(T v, int src) const { return __shfl_sync(get_mask(), v, src, CUWA_CG_WIDTH); } \
  __device__ T shfl_up(T v, unsigned d) const {                                 \
    return __shfl_up_sync(get_mask(), v, d, CUWA_CG_WIDTH);                    \
  }                                                                             \
  __device__ T shfl_down(T v, unsigned d) const {                               \
    return __shfl_down_sync(get_mask(), v, d, CUWA_CG_WIDTH);                  \
  }                                                                             \
  __device__ T shfl_xor(T v, unsigned m) const {                                \
    return __shfl_xor_sync(get_mask(), v, m, CUWA_CG_WIDTH);                   \
  }                                                                             \
  __device__ T __cuwa_shfl_xor(T v, unsigned m) const { return shfl_xor(v, m); } \
  __device__ unsigned match_any(T v) const { return __match_any_sync(get_mask(), v) >> lane_base(); } \
  __device__ unsigned match_all(T v, int &pred) const {                          \
    return __match_all_sync(get_mask(), v, &pred) >> lane_base();                \
  }

/* Shuffles of CUDA's vector types, member by member (CUDA shuffles any
 * trivially copyable type). */
#define CUWA_CG_SHFL_OP2(T, OP, A)                                              \
  __device__ T OP(T v, A a) const {                                             \
    T r;                                                                        \
    r.x = OP(v.x, a);                                                           \
    r.y = OP(v.y, a);                                                           \
    return r;                                                                   \
  }
#define CUWA_CG_SHFL_OP4(T, OP, A)                                              \
  __device__ T OP(T v, A a) const {                                             \
    T r;                                                                        \
    r.x = OP(v.x, a);                                                           \
    r.y = OP(v.y, a);                                                           \
    r.z = OP(v.z, a);                                                           \
    r.w = OP(v.w, a);                                                           \
    return r;                                                                   \
  }
#define CUWA_CG_SHFL_VEC(T, N)                                                  \
  CUWA_CG_SHFL_OP##N(T, shfl, int)                                              \
  CUWA_CG_SHFL_OP##N(T, shfl_up, unsigned)                                      \
  CUWA_CG_SHFL_OP##N(T, shfl_down, unsigned)                                    \
  CUWA_CG_SHFL_OP##N(T, shfl_xor, unsigned)
#define CUWA_CG_SHFL_VECS                                                       \
  CUWA_CG_SHFL_VEC(int2, 2)                                                     \
  CUWA_CG_SHFL_VEC(uint2, 2)                                                    \
  CUWA_CG_SHFL_VEC(float2, 2)                                                   \
  CUWA_CG_SHFL_VEC(double2, 2)                                                  \
  CUWA_CG_SHFL_VEC(int4, 4)                                                     \
  CUWA_CG_SHFL_VEC(uint4, 4)                                                    \
  CUWA_CG_SHFL_VEC(float4, 4)

/* N consecutive threads of a block (N a power of two, at most 32); the
 * tiles of a warp split it evenly. ParentT is accepted and ignored:
 * tiled_partition<N>(g) gives thread_block_tile<N> for every parent. */
template <unsigned int N, typename ParentT = void>
class thread_block_tile {
 public:
#define CUWA_CG_WIDTH N
  unsigned __cuwa_meta_rank;  /* this tile's rank among the parent's tiles */
  unsigned __cuwa_meta_size;  /* tiles in the parent */

  static __device__ unsigned int size() { return N; }
  static __device__ unsigned int num_threads() { return N; }
  static __device__ unsigned int thread_rank() { return details::cta_rank() & (N - 1u); }
  static __device__ unsigned int get_type() { return details::coalesced_group_id; }
  static __device__ unsigned int get_mask() { return details::tile_mask(N); }
  static __device__ unsigned int lane_base() { return details::lane_id() & ~(N - 1u); }
  /* consecutive lanes, a power of two: shfl_xor works (reduce.h) */
  static __device__ unsigned int __cuwa_segment() { return N; }
  __device__ unsigned int meta_group_rank() const { return __cuwa_meta_rank; }
  __device__ unsigned int meta_group_size() const { return __cuwa_meta_size; }
  static __device__ void sync() { __syncwarp(details::tile_mask(N)); }
  __device__ int any(int pred) const { return __any_sync(get_mask(), pred); }
  __device__ int all(int pred) const { return __all_sync(get_mask(), pred); }
  __device__ unsigned int ballot(int pred) const {
    return __ballot_sync(get_mask(), pred) >> lane_base();
  }
  CUWA_CG_TILE_SHFL(int)
  CUWA_CG_TILE_SHFL(unsigned int)
  CUWA_CG_TILE_SHFL(long long)
  CUWA_CG_TILE_SHFL(unsigned long long)
  CUWA_CG_TILE_SHFL(float)
  CUWA_CG_TILE_SHFL(double)
  CUWA_CG_SHFL_VECS
  __device__ operator thread_group() const {
    return details::make_group(details::coalesced_group_id, get_mask(), N, thread_rank());
  }
#undef CUWA_CG_WIDTH
};

namespace details {
template <unsigned int N>
__device__ __forceinline__ thread_block_tile<N> make_tile(unsigned meta_rank, unsigned meta_size) {
  thread_block_tile<N> t;
  t.__cuwa_meta_rank = meta_rank;
  t.__cuwa_meta_size = meta_size;
  return t;
}
}  // namespace details

/* The thread's tile of N threads of a block or of a larger tile. (One
 * template for every parent: cuwa does not deduce M from a parameter of
 * type thread_block_tile<M> yet.) */
template <unsigned int N, typename ParentT>
__device__ __forceinline__ thread_block_tile<N> tiled_partition(const ParentT &parent) {
  unsigned size = parent.num_threads();
  return details::make_tile<N>(parent.thread_rank() / N, (size + N - 1u) / N);
}

/* Threads of a warp that are at this point together (from
 * coalesced_threads()) or a partition of such; ranks follow lane order. */
class coalesced_group {
 public:
  unsigned __cuwa_mask;       /* the lanes of the group */
  unsigned __cuwa_meta_rank;  /* as for a tile made by tiled_partition */
  unsigned __cuwa_meta_size;

  __device__ unsigned int get_mask() const { return __cuwa_mask; }
  __device__ unsigned int size() const { return __popc(__cuwa_mask); }
  __device__ unsigned int num_threads() const { return __popc(__cuwa_mask); }
  __device__ unsigned int thread_rank() const {
    return __popc(__cuwa_mask & details::lanemask_lt());
  }
  __device__ unsigned int meta_group_rank() const { return __cuwa_meta_rank; }
  __device__ unsigned int meta_group_size() const { return __cuwa_meta_size; }
  static __device__ unsigned int get_type() { return details::coalesced_group_id; }
  static __device__ unsigned int __cuwa_segment() { return 0; }
  __device__ void sync() const { __syncwarp(__cuwa_mask); }
  __device__ int any(int pred) const { return __any_sync(__cuwa_mask, pred); }
  __device__ int all(int pred) const { return __all_sync(__cuwa_mask, pred); }
  /* bit r: the predicate of the thread of rank r */
  __device__ unsigned int ballot(int pred) const {
    return details::pack_lanes(__cuwa_mask, __ballot_sync(__cuwa_mask, pred));
  }
  /* the lane of rank r, or this thread's own lane when there is none */
  __device__ int lane_of(unsigned r) const {
    unsigned lane = details::nth_lane(__cuwa_mask, r);
    return lane < 32u ? (int)lane : (int)details::lane_id();
  }
#define CUWA_CG_COALESCED_SHFL(T)                                               \
  __device__ T shfl(T v, unsigned src) const {                                  \
    return __shfl_sync(__cuwa_mask, v, lane_of(src));                           \
  }                                                                             \
  __device__ T shfl_up(T v, int d) const {                                      \
    int r = (int)thread_rank() - d;                                             \
    return __shfl_sync(__cuwa_mask, v, r >= 0 ? lane_of((unsigned)r) : (int)details::lane_id()); \
  }                                                                             \
  __device__ T shfl_down(T v, int d) const {                                    \
    return __shfl_sync(__cuwa_mask, v, lane_of(thread_rank() + (unsigned)d));   \
  }                                                                             \
  /* by rank, for reduce.h (which uses it on tiles only) */                     \
  __device__ T __cuwa_shfl_xor(T v, unsigned m) const {                         \
    return __shfl_sync(__cuwa_mask, v, lane_of(thread_rank() ^ m));             \
  }                                                                             \
  __device__ unsigned match_any(T v) const {                                    \
    return details::pack_lanes(__cuwa_mask, __match_any_sync(__cuwa_mask, v));  \
  }                                                                             \
  __device__ unsigned match_all(T v, int &pred) const {                          \
    return details::pack_lanes(__cuwa_mask, __match_all_sync(__cuwa_mask, v, &pred)); \
  }
  CUWA_CG_COALESCED_SHFL(int)
  CUWA_CG_COALESCED_SHFL(unsigned int)
  CUWA_CG_COALESCED_SHFL(long long)
  CUWA_CG_COALESCED_SHFL(unsigned long long)
  CUWA_CG_COALESCED_SHFL(float)
  CUWA_CG_COALESCED_SHFL(double)
#undef CUWA_CG_COALESCED_SHFL
  __device__ operator thread_group() const {
    return details::make_group(details::coalesced_group_id, __cuwa_mask, size(), thread_rank());
  }
};

namespace details {
__device__ __forceinline__ coalesced_group make_coalesced(unsigned mask, unsigned meta_rank,
                                                         unsigned meta_size) {
  coalesced_group g;
  g.__cuwa_mask = mask;
  g.__cuwa_meta_rank = meta_rank;
  g.__cuwa_meta_size = meta_size;
  return g;
}
}  // namespace details

/* The threads of this warp that reach this call together. */
__device__ __forceinline__ coalesced_group coalesced_threads() {
  return details::make_coalesced(__activemask(), 0u, 1u);
}

/* Tiles of n threads (a power of two, at most 32) made at run time. */
__device__ __forceinline__ thread_group tiled_partition(const thread_block &parent, unsigned n) {
  return details::make_group(details::coalesced_group_id, details::tile_mask(n), n,
                             details::cta_rank() & (n - 1u));
}

/* Tiles of n ranks of a coalesced group (the last one may be smaller). */
__device__ __forceinline__ coalesced_group tiled_partition(const coalesced_group &parent,
                                                          unsigned n) {
  unsigned mask = parent.get_mask(), rank = parent.thread_rank(), first = rank / n * n;
  unsigned tile = 0;
  for (unsigned r = first; r < first + n; r++) {
    unsigned lane = details::nth_lane(mask, r);
    if (lane < 32u) tile |= 1u << lane;
  }
  return details::make_coalesced(tile, rank / n, (parent.size() + n - 1u) / n);
}

__device__ __forceinline__ thread_group tiled_partition(const thread_group &parent, unsigned n) {
  if (parent.get_type() == details::thread_block_id) {
    return tiled_partition(this_thread_block(), n);
  }
  coalesced_group c = details::make_coalesced(parent.__cuwa_mask, 0u, 1u);
  coalesced_group t = tiled_partition(c, n);
  return t;
}

/* The threads of a tile or coalesced group whose predicate is the same
 * as this one's. */
template <typename GroupT>
__device__ __forceinline__ coalesced_group binary_partition(const GroupT &g, bool pred) {
  unsigned mask = g.get_mask(), yes = __ballot_sync(mask, pred);
  return details::make_coalesced(pred ? yes : mask & ~yes, 0u, 1u);
}

/* The threads of a tile or coalesced group whose label is the same as
 * this one's (an integer or floating-point label, compared bitwise). */
template <typename GroupT, typename LabelT>
__device__ __forceinline__ coalesced_group labeled_partition(const GroupT &g, LabelT label) {
  return details::make_coalesced(__match_any_sync(g.get_mask(), label), 0u, 1u);
}

template <class GroupT>
__device__ __forceinline__ void sync(const GroupT &g) {
  g.sync();
}

template <class GroupT>
__device__ __forceinline__ unsigned long long thread_rank(const GroupT &g) {
  return g.thread_rank();
}

template <class GroupT>
__device__ __forceinline__ unsigned long long group_size(const GroupT &g) {
  return g.num_threads();
}

}  // namespace cooperative_groups

#undef CUWA_CG_TILE_SHFL
#undef CUWA_CG_SHFL_OP2
#undef CUWA_CG_SHFL_OP4
#undef CUWA_CG_SHFL_VEC
#undef CUWA_CG_SHFL_VECS

#endif
