/* cuda_device_runtime_api.h (cuwa device pass): the device runtime API of
 * dynamic parallelism (CUDA 12+ semantics; docs/dynamic-parallelism.md):
 * cudaGetLastError, cudaPeekAtLastError, cudaGetErrorString/Name,
 * cudaGetDevice, cudaStreamCreateWithFlags, cudaStreamDestroy, cudaMalloc,
 * cudaFree, cudaMemcpyAsync, cudaMemsetAsync, as device functions over
 * compiler built-ins. Kernel launches (k<<<...>>>) are built in too.
 * cudaDeviceSynchronize is not here: CUDA 12 removed it from device code. */
#ifndef __CUDA_DEVICE_RUNTIME_API_H__
#define __CUDA_DEVICE_RUNTIME_API_H__

#include <stddef.h>
#include "host_defines.h"
#include "driver_types.h"

/* Complete in device code, so that handles can be held and passed to
 * launches; device code never looks inside. */
struct CUstream_st { int __cuwa_opaque; };

/* streams in device code, values as NVIDIA's */
#ifndef cudaStreamNonBlocking
#define cudaStreamDefault 0x00
#define cudaStreamNonBlocking 0x01
#endif
#define cudaStreamTailLaunch ((cudaStream_t)0x3)
#define cudaStreamFireAndForget ((cudaStream_t)0x4)

#define __CUWA_DEVRT static __inline__ __device__

/* The last failed device-side launch of this thread. */
__CUWA_DEVRT cudaError_t cudaGetLastError(void) {
  return (cudaError_t)__cuwa_device_last_error(1);
}
__CUWA_DEVRT cudaError_t cudaPeekAtLastError(void) {
  return (cudaError_t)__cuwa_device_last_error(0);
}
__CUWA_DEVRT const char *cudaGetErrorString(cudaError_t error) {
  switch (error) {
#define CUDA_ERROR(name, value, text) case name: return text;
#include "../cuda_errors.def"
#undef CUDA_ERROR
  default: return "unrecognized error code";
  }
}
__CUWA_DEVRT const char *cudaGetErrorName(cudaError_t error) {
  switch (error) {
#define CUDA_ERROR(name, value, text) case name: return #name;
#include "../cuda_errors.def"
#undef CUDA_ERROR
  default: return "unrecognized error code";
  }
}
/* Only the CPU device runs device-side launches, as device 0. */
__CUWA_DEVRT cudaError_t cudaGetDevice(int *device) {
  *device = 0;
  return cudaSuccess;
}
/* Device streams must be non-blocking (as in CUDA). cuwa runs a grid's
 * children one after the other in launch order, which every stream
 * order allows, so a stream needs no state: any non-null handle will do. */
__CUWA_DEVRT cudaError_t cudaStreamCreateWithFlags(cudaStream_t *stream, unsigned int flags) {
  if (flags != cudaStreamNonBlocking) return cudaErrorInvalidValue;
  *stream = (cudaStream_t)0x100;
  return cudaSuccess;
}
__CUWA_DEVRT cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  return cudaSuccess;
}
/* The device runtime's heap, and copies in stream order */
__CUWA_DEVRT cudaError_t cudaMalloc(void **devPtr, size_t size) {
  *devPtr = (void *)__cuwa_device_malloc(size);
  return *devPtr ? cudaSuccess : cudaErrorMemoryAllocation;
}
__CUWA_DEVRT cudaError_t cudaFree(void *devPtr) {
  __cuwa_device_free((unsigned long long)devPtr);
  return cudaSuccess;
}
__CUWA_DEVRT cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count,
                                         enum cudaMemcpyKind kind, cudaStream_t stream = 0) {
  return (cudaError_t)__cuwa_device_memcpy_async((unsigned long long)dst,
                                                 (unsigned long long)src, count,
                                                 (unsigned long long)stream);
}
__CUWA_DEVRT cudaError_t cudaMemsetAsync(void *dst, int value, size_t count,
                                         cudaStream_t stream = 0) {
  return (cudaError_t)__cuwa_device_memset_async((unsigned long long)dst, value, count,
                                                 (unsigned long long)stream);
}

#endif
