/* cuda_runtime_api.h (cuwa device pass): device code can name the
 * runtime's types (cudaError_t, ...) but calls no runtime API function
 * (no dynamic parallelism), so only the types are here. */
#ifndef __CUDA_RUNTIME_API_H__
#define __CUDA_RUNTIME_API_H__

#define CUDART_VERSION 13000
#define __CUDART_API_VERSION 13000

#include "host_defines.h"
#include "builtin_types.h"

#endif
