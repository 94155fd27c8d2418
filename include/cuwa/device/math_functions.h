/* math_functions.h (cuwa device pass): CUDA's math functions are compiler
 * intrinsics; this header brings math.h's constants. */
#ifndef __MATH_FUNCTIONS_H__
#define __MATH_FUNCTIONS_H__

#include <math.h>

#endif
