/* vector_functions.h: make_char1 ... make_double4 (and the CUDA 13
 * _16a and _32a forms) for host code: static inline functions that fill
 * the fields in order, one per row of cuwa/vector_types.def. */
#ifndef __VECTOR_FUNCTIONS_H__
#define __VECTOR_FUNCTIONS_H__

#include "vector_types.h"

#define CUWA_VECTOR_FN static inline
#define VECTOR_TYPE CUWA_VECTOR_MAKE
#include "cuwa/vector_types.def"
#undef VECTOR_TYPE
#undef CUWA_VECTOR_FN

#endif /* __VECTOR_FUNCTIONS_H__ */
