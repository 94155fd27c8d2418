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
/* ... and, through crt/common_functions.h, <string.h> and <time.h>:
 * programs call memcpy, memset, strcmp, clock without including them. */
#include <string.h>
#include <time.h>
#ifdef __cplusplus
#include <cmath>
#include <cstdlib>
#endif

/* driver_functions.h: constructors of the 3D-copy structures. */
static inline struct cudaPitchedPtr make_cudaPitchedPtr(void *d, size_t p,
                                                        size_t xsz,
                                                        size_t ysz) {
  struct cudaPitchedPtr s;
  s.ptr = d;
  s.pitch = p;
  s.xsize = xsz;
  s.ysize = ysz;
  return s;
}

static inline struct cudaPos make_cudaPos(size_t x, size_t y, size_t z) {
  struct cudaPos p;
  p.x = x;
  p.y = y;
  p.z = z;
  return p;
}

static inline struct cudaExtent make_cudaExtent(size_t w, size_t h,
                                                size_t d) {
  struct cudaExtent e;
  e.width = w;
  e.height = h;
  e.depth = d;
  return e;
}

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

/* nvcc's host headers (crt/math_functions.hpp) give host code global
 * min/max overloads for every integer and floating pair; programs and
 * helper_math.h call them unqualified. Mixed signed/unsigned pairs
 * compare as unsigned, mixed float/double as double, as there. */
#define CUWA_MINMAX(R, A, B)                                              \
  static inline R min(A a, B b) { return (R)a < (R)b ? (R)a : (R)b; }    \
  static inline R max(A a, B b) { return (R)a > (R)b ? (R)a : (R)b; }
CUWA_MINMAX(int, int, int)
CUWA_MINMAX(unsigned int, unsigned int, unsigned int)
CUWA_MINMAX(unsigned int, int, unsigned int)
CUWA_MINMAX(unsigned int, unsigned int, int)
CUWA_MINMAX(long, long, long)
CUWA_MINMAX(unsigned long, unsigned long, unsigned long)
CUWA_MINMAX(unsigned long, long, unsigned long)
CUWA_MINMAX(unsigned long, unsigned long, long)
CUWA_MINMAX(long long, long long, long long)
CUWA_MINMAX(unsigned long long, unsigned long long, unsigned long long)
CUWA_MINMAX(unsigned long long, long long, unsigned long long)
CUWA_MINMAX(unsigned long long, unsigned long long, long long)
CUWA_MINMAX(double, double, double)
CUWA_MINMAX(double, float, double)
CUWA_MINMAX(double, double, float)
#undef CUWA_MINMAX
/* float: fminf/fmaxf semantics (a NaN operand gives the other one) */
static inline float min(float a, float b) { return fminf(a, b); }
static inline float max(float a, float b) { return fmaxf(a, b); }

/* channel_descriptor.h: cudaCreateChannelDesc<T>() for CUDA's element
 * types. */
template <class T>
static inline cudaChannelFormatDesc cudaCreateChannelDesc(void) {
  return ::cudaCreateChannelDesc(0, 0, 0, 0, cudaChannelFormatKindNone);
}
#define CUWA_CHANNEL(T, X, Y, Z, W, K)                                      \
  template <>                                                              \
  inline cudaChannelFormatDesc cudaCreateChannelDesc<T>(void) {            \
    return ::cudaCreateChannelDesc(X, Y, Z, W, K);                          \
  }
#define CUWA_CHANNEL4(T, B, K)                                              \
  CUWA_CHANNEL(T, B, 0, 0, 0, K)                                           \
  CUWA_CHANNEL(T##1, B, 0, 0, 0, K)                                        \
  CUWA_CHANNEL(T##2, B, B, 0, 0, K)                                        \
  CUWA_CHANNEL(T##4, B, B, B, B, K)
CUWA_CHANNEL(char, 8, 0, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(signed char, 8, 0, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(unsigned char, 8, 0, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(char1, 8, 0, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(char2, 8, 8, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(char4, 8, 8, 8, 8, cudaChannelFormatKindSigned)
CUWA_CHANNEL(uchar1, 8, 0, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(uchar2, 8, 8, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(uchar4, 8, 8, 8, 8, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(short, 16, 0, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(unsigned short, 16, 0, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(short1, 16, 0, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(short2, 16, 16, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(short4, 16, 16, 16, 16, cudaChannelFormatKindSigned)
CUWA_CHANNEL(ushort1, 16, 0, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(ushort2, 16, 16, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(ushort4, 16, 16, 16, 16, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(int, 32, 0, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(unsigned int, 32, 0, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(int1, 32, 0, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(int2, 32, 32, 0, 0, cudaChannelFormatKindSigned)
CUWA_CHANNEL(int4, 32, 32, 32, 32, cudaChannelFormatKindSigned)
CUWA_CHANNEL(uint1, 32, 0, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(uint2, 32, 32, 0, 0, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(uint4, 32, 32, 32, 32, cudaChannelFormatKindUnsigned)
CUWA_CHANNEL(float, 32, 0, 0, 0, cudaChannelFormatKindFloat)
CUWA_CHANNEL(float1, 32, 0, 0, 0, cudaChannelFormatKindFloat)
CUWA_CHANNEL(float2, 32, 32, 0, 0, cudaChannelFormatKindFloat)
CUWA_CHANNEL(float4, 32, 32, 32, 32, cudaChannelFormatKindFloat)
#undef CUWA_CHANNEL4
#undef CUWA_CHANNEL
static inline cudaChannelFormatDesc cudaCreateChannelDescHalf(void) {
  return ::cudaCreateChannelDesc(16, 0, 0, 0, cudaChannelFormatKindFloat);
}
static inline cudaChannelFormatDesc cudaCreateChannelDescHalf1(void) {
  return ::cudaCreateChannelDesc(16, 0, 0, 0, cudaChannelFormatKindFloat);
}
static inline cudaChannelFormatDesc cudaCreateChannelDescHalf2(void) {
  return ::cudaCreateChannelDesc(16, 16, 0, 0, cudaChannelFormatKindFloat);
}
static inline cudaChannelFormatDesc cudaCreateChannelDescHalf4(void) {
  return ::cudaCreateChannelDesc(16, 16, 16, 16, cudaChannelFormatKindFloat);
}

template <class T>
static inline cudaError_t cudaMallocAsync(T **devPtr, size_t size,
                                          cudaStream_t stream) {
  return ::cudaMallocAsync((void **)(void *)devPtr, size, stream);
}

template <class T>
static inline cudaError_t cudaMallocAsync(T **devPtr, size_t size,
                                          cudaMemPool_t memPool,
                                          cudaStream_t stream) {
  return ::cudaMallocFromPoolAsync((void **)(void *)devPtr, size, memPool,
                                   stream);
}

template <class T>
static inline cudaError_t cudaMallocFromPoolAsync(T **ptr, size_t size,
                                                  cudaMemPool_t memPool,
                                                  cudaStream_t stream) {
  return ::cudaMallocFromPoolAsync((void **)(void *)ptr, size, memPool,
                                   stream);
}

template <class T>
static inline cudaError_t cudaFuncSetSharedMemConfig(
    T *func, enum cudaSharedMemConfig config) {
  return ::cudaFuncSetSharedMemConfig((const void *)func, config);
}

/* CUDA 12's forms, with a device ordinal (cudaCpuDeviceId = host). */
static inline cudaError_t cudaMemPrefetchAsync(const void *devPtr,
                                               size_t count, int dstDevice,
                                               cudaStream_t stream = 0) {
  struct cudaMemLocation loc;
  loc.type = dstDevice == cudaCpuDeviceId ? cudaMemLocationTypeHost
                                          : cudaMemLocationTypeDevice;
  loc.id = dstDevice == cudaCpuDeviceId ? 0 : dstDevice;
  return ::cudaMemPrefetchAsync(devPtr, count, loc, 0, stream);
}

static inline cudaError_t cudaMemAdvise(const void *devPtr, size_t count,
                                        enum cudaMemoryAdvise advice,
                                        int device) {
  struct cudaMemLocation loc;
  loc.type = device == cudaCpuDeviceId ? cudaMemLocationTypeHost
                                       : cudaMemLocationTypeDevice;
  loc.id = device == cudaCpuDeviceId ? 0 : device;
  return ::cudaMemAdvise(devPtr, count, advice, loc);
}

/* CUDA 11's form, kept by CUDA 13's cuda_runtime.h as a C++ overload. */
static inline cudaError_t cudaGraphInstantiate(cudaGraphExec_t *pGraphExec,
                                               cudaGraph_t graph,
                                               cudaGraphNode_t *pErrorNode,
                                               char *pLogBuffer,
                                               size_t bufferSize) {
  (void)pErrorNode;
  (void)bufferSize;
  if (pLogBuffer && bufferSize)
    pLogBuffer[0] = 0;
  return ::cudaGraphInstantiate(pGraphExec, graph, 0);
}

template <class T>
static inline cudaError_t cudaLaunchCooperativeKernel(
    T *func, dim3 gridDim, dim3 blockDim, void **args, size_t sharedMem = 0,
    cudaStream_t stream = 0) {
  return ::cudaLaunchCooperativeKernel((const void *)func, gridDim, blockDim,
                                       args, sharedMem, stream);
}

template <class T>
static inline cudaError_t cudaGraphAddMemcpyNode1D(
    cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
    const cudaGraphNode_t *pDependencies, size_t numDependencies, T *dst,
    const T *src, size_t count, enum cudaMemcpyKind kind) {
  return ::cudaGraphAddMemcpyNode1D(pGraphNode, graph, pDependencies,
                                    numDependencies, (void *)dst,
                                    (const void *)src, count, kind);
}

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
