/* builtin_types.h (cuwa device pass): the types every CUDA translation
 * unit has: driver_types.h and vector_types.h. */
#include "driver_types.h"
#include "vector_types.h"
