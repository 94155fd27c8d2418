/* string.h (cuwa device pass): the three string functions device code has
 * (memcpy and memset are also compiler builtins). */
#ifndef __CUWA_STRING_H
#define __CUWA_STRING_H

#include <stddef.h>

__host__ __device__ void *memcpy(void *dst, const void *src, size_t n);
__host__ __device__ void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);

#endif
