/* vector_types.h: CUDA's built-in vector types (char1..double4, the
 * CUDA 13 _16a and _32a variants), uint3 and dim3, with CUDA's sizes and
 * alignments so structs shared by host and device code lay out the same.
 * Host side; the device pass has its own header over the same table
 * (cuwa/vector_types.def). Works in C (dim3 is a plain struct) and C++
 * (dim3 has constructors). The make_* constructors are in
 * vector_functions.h. */
#ifndef __VECTOR_TYPES_H__
#define __VECTOR_TYPES_H__

#include "cuwa/vector_macros.h"

#define VECTOR_TYPE CUWA_VECTOR_STRUCT
#include "cuwa/vector_types.def"
#undef VECTOR_TYPE

/* dim3: grid and block sizes; unspecified components are 1 in C++. */
struct dim3 {
  unsigned int x, y, z;
#ifdef __cplusplus
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1,
                 unsigned int vz = 1)
      : x(vx), y(vy), z(vz) {}
  constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
  constexpr operator uint3() const { return uint3{x, y, z}; }
#endif
};
typedef struct dim3 dim3;

#endif /* __VECTOR_TYPES_H__ */
