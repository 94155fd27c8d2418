/* cuda_runtime.h: what host code of a CUDA program sees (nvcc includes it
 * implicitly; cuwa's driver does too). Pulls in the types and the Runtime
 * API, and adds CUDA's C++ conveniences: cudaMalloc(T **),
 * cudaMemcpyToSymbol(const T &symbol, ...), cudaLaunchKernel(T *), ...
 * With __CUWA_HOST_FINAL__ defined, CUDA's qualifiers (__global__, ...)
 * are defined away; otherwise the driver has already removed them. */
#ifndef __CUDA_RUNTIME_H__
#define __CUDA_RUNTIME_H__

#include "driver_types.h"
#include "vector_types.h"
#include "vector_functions.h"
#include "cuda_runtime_api.h"

/* nvcc's cuda_runtime.h brings in the C math library (crt/math_functions.h),
 * and programs rely on it: host code calls fabs, ceil, sqrt without
 * including <math.h>. */
#include <math.h>
#include <stdlib.h>
#ifdef __cplusplus
#include <cmath>
#include <cstdlib>
#endif

#ifdef __CUWA_HOST_FINAL__
#define __host__
#define __device__
#define __global__
#define __shared__
#define __constant__
#define __managed__
#define __device_builtin__
#define __forceinline__ inline
#define __noinline__ __attribute__((noinline))
#define __launch_bounds__(...)
#define __restrict__ __restrict
#define __align__(n) __attribute__((aligned(n)))
#endif

#ifdef __cplusplus

template <class T>
static inline cudaError_t cudaMalloc(T **devPtr, size_t size) {
  return ::cudaMalloc((void **)(void *)devPtr, size);
}

template <class T>
static inline cudaError_t cudaMallocHost(T **ptr, size_t size,
                                         unsigned int flags = 0) {
  return ::cudaHostAlloc((void **)(void *)ptr, size, flags);
}

static inline cudaError_t cudaMallocHost(void **ptr, size_t size,
                                         unsigned int flags) {
  return ::cudaHostAlloc(ptr, size, flags);
}

template <class T>
static inline cudaError_t cudaHostAlloc(T **ptr, size_t size,
                                        unsigned int flags) {
  return ::cudaHostAlloc((void **)(void *)ptr, size, flags);
}

template <class T>
static inline cudaError_t cudaHostGetDevicePointer(T **pDevice, void *pHost,
                                                   unsigned int flags) {
  return ::cudaHostGetDevicePointer((void **)(void *)pDevice, pHost, flags);
}

template <class T>
static inline cudaError_t cudaMallocManaged(
    T **devPtr, size_t size, unsigned int flags = cudaMemAttachGlobal) {
  return ::cudaMallocManaged((void **)(void *)devPtr, size, flags);
}

template <class T>
static inline cudaError_t cudaMallocPitch(T **devPtr, size_t *pitch,
                                          size_t width, size_t height) {
  return ::cudaMallocPitch((void **)(void *)devPtr, pitch, width, height);
}

template <class T>
static inline cudaError_t cudaStreamAttachMemAsync(
    cudaStream_t stream, T *devPtr, size_t length = 0,
    unsigned int flags = cudaMemAttachSingle) {
  return ::cudaStreamAttachMemAsync(stream, (void *)devPtr, length, flags);
}

static inline cudaError_t cudaEventCreate(cudaEvent_t *event,
                                          unsigned int flags) {
  return ::cudaEventCreateWithFlags(event, flags);
}

/* Symbols: a __device__ variable in host code is its registered shadow,
 * so its address is the key the runtime looks up. */
template <class T>
static inline cudaError_t cudaMemcpyToSymbol(
    const T &symbol, const void *src, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyHostToDevice) {
  return ::cudaMemcpyToSymbol((const void *)&symbol, src, count, offset, kind);
}

template <class T>
static inline cudaError_t cudaMemcpyToSymbolAsync(
    const T &symbol, const void *src, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyHostToDevice,
    cudaStream_t stream = 0) {
  return ::cudaMemcpyToSymbolAsync((const void *)&symbol, src, count, offset,
                                   kind, stream);
}

template <class T>
static inline cudaError_t cudaMemcpyFromSymbol(
    void *dst, const T &symbol, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyDeviceToHost) {
  return ::cudaMemcpyFromSymbol(dst, (const void *)&symbol, count, offset,
                                kind);
}

template <class T>
static inline cudaError_t cudaMemcpyFromSymbolAsync(
    void *dst, const T &symbol, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyDeviceToHost,
    cudaStream_t stream = 0) {
  return ::cudaMemcpyFromSymbolAsync(dst, (const void *)&symbol, count, offset,
                                     kind, stream);
}

template <class T>
static inline cudaError_t cudaGetSymbolAddress(void **devPtr,
                                               const T &symbol) {
  return ::cudaGetSymbolAddress(devPtr, (const void *)&symbol);
}

template <class T>
static inline cudaError_t cudaGetSymbolSize(size_t *size, const T &symbol) {
  return ::cudaGetSymbolSize(size, (const void *)&symbol);
}

/* Kernels: a __global__ function in host code is its stub; the stub's
 * address is the key the runtime looks up. */
template <class T>
static inline cudaError_t cudaLaunchKernel(T *func, dim3 gridDim,
                                           dim3 blockDim, void **args,
                                           size_t sharedMem = 0,
                                           cudaStream_t stream = 0) {
  return ::cudaLaunchKernel((const void *)func, gridDim, blockDim, args,
                            sharedMem, stream);
}

template <class T>
static inline cudaError_t cudaFuncGetAttributes(struct cudaFuncAttributes *attr,
                                                T *entry) {
  return ::cudaFuncGetAttributes(attr, (const void *)entry);
}

template <class T>
static inline cudaError_t cudaFuncSetAttribute(T *entry,
                                               enum cudaFuncAttribute attr,
                                               int value) {
  return ::cudaFuncSetAttribute((const void *)entry, attr, value);
}

template <class T>
static inline cudaError_t cudaFuncSetCacheConfig(T *func,
                                                 enum cudaFuncCache config) {
  return ::cudaFuncSetCacheConfig((const void *)func, config);
}

template <class T>
static inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, T func, int blockSize, size_t dynamicSMemSize) {
  return ::cudaOccupancyMaxActiveBlocksPerMultiprocessor(
      numBlocks, (const void *)func, blockSize, dynamicSMemSize);
}

template <class T>
static inline cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, T func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags) {
  return ::cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, (const void *)func, blockSize, dynamicSMemSize, flags);
}

/* The largest block size (multiple of 32, within blockSizeLimit) whose
 * occupancy is highest, and the grid that fills the device with it. */
template <class T>
static inline cudaError_t cudaOccupancyMaxPotentialBlockSize(
    int *minGridSize, int *blockSize, T func, size_t dynamicSMemSize = 0,
    int blockSizeLimit = 0) {
  if (!minGridSize || !blockSize)
    return cudaErrorInvalidValue;
  int device = 0, max_threads = 0, sms = 0;
  cudaError_t e = ::cudaGetDevice(&device);
  if (e == cudaSuccess)
    e = ::cudaDeviceGetAttribute(&max_threads, cudaDevAttrMaxThreadsPerBlock,
                                 device);
  if (e == cudaSuccess)
    e = ::cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
  if (e != cudaSuccess)
    return e;
  int size = max_threads;
  if (blockSizeLimit > 0 && blockSizeLimit < size)
    size = blockSizeLimit;
  if (size > 32)
    size -= size % 32;
  int per_sm = 0;
  e = ::cudaOccupancyMaxActiveBlocksPerMultiprocessor(
      &per_sm, (const void *)func, size, dynamicSMemSize);
  if (e != cudaSuccess)
    return e;
  *blockSize = size;
  *minGridSize = per_sm * sms;
  return cudaSuccess;
}

#endif /* __cplusplus */

#endif /* __CUDA_RUNTIME_H__ */
