/* vector_types.h (cuwa device pass): CUDA's built-in vector types
 * (char1 ... double4, uint3, dim3) as plain structs with CUDA's sizes and
 * alignments, from the table the host header uses too
 * (cuwa/vector_types.def). dim3 has no constructors here: device code
 * only reads it. */
#ifndef __VECTOR_TYPES_H__
#define __VECTOR_TYPES_H__

#include "host_defines.h"
#include "../vector_macros.h"

#define VECTOR_TYPE CUWA_VECTOR_STRUCT
#include "../vector_types.def"
#undef VECTOR_TYPE

struct dim3 {
  unsigned int x, y, z;
};
typedef struct dim3 dim3;

#endif
