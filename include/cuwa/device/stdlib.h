/* stdlib.h (cuwa device pass): malloc/free (device heap, __host__
 * __device__ as in CUDA) and the constants.
 * abs, labs, llabs are compiler intrinsics (not declared here). */
#ifndef __CUWA_STDLIB_H
#define __CUWA_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

__host__ __device__ void *malloc(size_t size);
__host__ __device__ void free(void *ptr);

#endif
