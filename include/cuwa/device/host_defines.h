/* host_defines.h (cuwa device pass): the annotation macros of NVIDIA's
 * headers that cuwa's device headers and user code use. CUDA's
 * execution-space words (__device__, __global__, __forceinline__, ...)
 * are keywords of cuwa's parser, not macros. */
#ifndef __HOST_DEFINES_H__
#define __HOST_DEFINES_H__

#define __device_builtin__
#define __device_builtin_texture_type__
#define __device_builtin_surface_type__
#define __cudart_builtin__
#define __align__(n) __attribute__((aligned(n)))
#define __builtin_align__(n) __align__(n)
#define __no_return__ __attribute__((noreturn))
#define __specialization_static
#define CUDARTAPI
#define CUDART_CB
#define CUDAAPI

#endif
