/* driver_types.h (cuwa device pass): the runtime's types that device code
 * can name: cudaError_t with every CUDA 13 error code (values as NVIDIA's),
 * cudaMemcpyKind, and the stream/event handles. The host-side header of
 * the same name (include/driver_types.h) has the rest. */
#ifndef __DRIVER_TYPES_H__
#define __DRIVER_TYPES_H__

#include "host_defines.h"

enum __device_builtin__ cudaError {
#define CUDA_ERROR(name, value, text) name = value,
#include "../cuda_errors.def"
#undef CUDA_ERROR
};
typedef enum cudaError cudaError_t;

enum __device_builtin__ cudaMemcpyKind {
  cudaMemcpyHostToHost     = 0,
  cudaMemcpyHostToDevice   = 1,
  cudaMemcpyDeviceToHost   = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault        = 4,
};

typedef struct CUstream_st *cudaStream_t;
typedef struct CUevent_st *cudaEvent_t;

#endif
