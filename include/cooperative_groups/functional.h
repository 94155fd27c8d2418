/* cooperative_groups/functional.h: the function objects that
 * cooperative_groups::reduce and the scans take (plus, less, greater,
 * bit_and, bit_or, bit_xor), as CUDA defines them: less and greater give
 * the smaller and the larger operand, not a bool. reduce.h and scan.h
 * include it (CUDA keeps them in details/functional.h). */
#ifndef CUWA_COOPERATIVE_GROUPS_FUNCTIONAL_H
#define CUWA_COOPERATIVE_GROUPS_FUNCTIONAL_H

#include "../cooperative_groups.h"

namespace cooperative_groups {

template <typename T>
struct plus {
  char __cuwa_empty;  /* no empty structs in WGSL */
  __device__ T operator()(T a, T b) const { return a + b; }
};

template <typename T>
struct less {
  char __cuwa_empty;
  __device__ T operator()(T a, T b) const { return b < a ? b : a; }
};

template <typename T>
struct greater {
  char __cuwa_empty;
  __device__ T operator()(T a, T b) const { return a < b ? b : a; }
};

template <typename T>
struct bit_and {
  char __cuwa_empty;
  __device__ T operator()(T a, T b) const { return a & b; }
};

template <typename T>
struct bit_or {
  char __cuwa_empty;
  __device__ T operator()(T a, T b) const { return a | b; }
};

template <typename T>
struct bit_xor {
  char __cuwa_empty;
  __device__ T operator()(T a, T b) const { return a ^ b; }
};

}  // namespace cooperative_groups

#endif
