/* vector_functions.h (cuwa device pass): the make_<type>N constructors
 * of CUDA's vector types, as static inline __host__ __device__ functions
 * in plain C (a local struct filled field by field), one per row of
 * cuwa/vector_types.def. */
#ifndef __VECTOR_FUNCTIONS_H__
#define __VECTOR_FUNCTIONS_H__

#include "vector_types.h"

#define CUWA_VECTOR_FN static __inline__ __host__ __device__
#define VECTOR_TYPE CUWA_VECTOR_MAKE
#include "../vector_types.def"
#undef VECTOR_TYPE
#undef CUWA_VECTOR_FN

#endif
