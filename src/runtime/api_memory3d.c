/* api_memory3d.c: 3D memory on pitched pointers (cudaMalloc3D,
 * cudaMemcpy3D, cudaMemset3D), cudaMemset2DAsync and
 * cudaCreateChannelDesc. Built on the 2D calls, one slice at a time;
 * the async forms wait for their stream's earlier work, then run.
 * cudaArray is not supported yet: parameters naming one are refused
 * with cudaErrorInvalidResourceHandle (no handle can be valid). */
#include "runtime/runtime.h"

cudaError_t cudaMalloc3D(struct cudaPitchedPtr *pitchedDevPtr,
                         struct cudaExtent extent) {
  if (!pitchedDevPtr)
    return rt_return(cudaErrorInvalidValue);
  size_t pitch = 0;
  void *p = NULL;
  cudaError_t e = cudaMallocPitch(&p, &pitch, extent.width,
                                  extent.height * extent.depth);
  if (e != cudaSuccess)
    return e; /* already recorded */
  pitchedDevPtr->ptr = p;
  pitchedDevPtr->pitch = pitch;
  pitchedDevPtr->xsize = extent.width;
  pitchedDevPtr->ysize = extent.height;
  return cudaSuccess;
}

/* Address of byte (x, y, z) of a pitched 3D block. */
static char *pitched_at(struct cudaPitchedPtr p, struct cudaPos pos) {
  return (char *)p.ptr + (pos.z * p.ysize + pos.y) * p.pitch + pos.x;
}

cudaError_t cudaMemcpy3D(const struct cudaMemcpy3DParms *p) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!p)
    return rt_return(cudaErrorInvalidValue);
  if (p->srcArray || p->dstArray)
    return rt_return(cudaErrorInvalidResourceHandle);
  const struct cudaExtent x = p->extent;
  if (!x.width || !x.height || !x.depth)
    return cudaSuccess; /* nothing to copy (CUDA accepts it) */
  if (!p->srcPtr.ptr || !p->dstPtr.ptr)
    return rt_return(cudaErrorInvalidValue);
  /* a slice needs ysize rows to step to the next; 2D copies have depth 1 */
  if (x.depth > 1 && (p->srcPtr.ysize < x.height || p->dstPtr.ysize < x.height))
    return rt_return(cudaErrorInvalidValue);
  for (size_t z = 0; z < x.depth; z++) {
    struct cudaPos s = p->srcPos, d = p->dstPos;
    s.z += z;
    d.z += z;
    e = cudaMemcpy2D(pitched_at(p->dstPtr, d), p->dstPtr.pitch,
                     pitched_at(p->srcPtr, s), p->srcPtr.pitch, x.width,
                     x.height, p->kind);
    if (e != cudaSuccess)
      return e; /* already recorded */
  }
  return cudaSuccess;
}

/* The async forms run once the stream's earlier work is done (they are
 * then ordered after it, if not concurrent with the host). */
static cudaError_t drain(cudaStream_t stream) {
  Runtime *rt;
  int bad = 0;
  cudaError_t e = rt_enter(&rt);
  struct CUstream_st *s = e == cudaSuccess ? stream_resolve(rt, stream, &bad) : NULL;
  if (e == cudaSuccess && bad)
    e = cudaErrorInvalidResourceHandle;
  if (s)
    stream_wait_idle(rt, s);
  return e;
}

cudaError_t cudaMemcpy3DAsync(const struct cudaMemcpy3DParms *p,
                              cudaStream_t stream) {
  cudaError_t e = drain(stream);
  if (e != cudaSuccess)
    return rt_return(e);
  return cudaMemcpy3D(p);
}

cudaError_t cudaMemset3D(struct cudaPitchedPtr pitchedDevPtr, int value,
                         struct cudaExtent extent) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!extent.width || !extent.height || !extent.depth)
    return cudaSuccess;
  if (extent.depth > 1 && pitchedDevPtr.ysize < extent.height)
    return rt_return(cudaErrorInvalidValue);
  for (size_t z = 0; z < extent.depth; z++) {
    struct cudaPos at = {0, 0, z};
    e = cudaMemset2D(pitched_at(pitchedDevPtr, at), pitchedDevPtr.pitch, value,
                     extent.width, extent.height);
    if (e != cudaSuccess)
      return e;
  }
  return cudaSuccess;
}

cudaError_t cudaMemset3DAsync(struct cudaPitchedPtr pitchedDevPtr, int value,
                              struct cudaExtent extent, cudaStream_t stream) {
  cudaError_t e = drain(stream);
  if (e != cudaSuccess)
    return rt_return(e);
  return cudaMemset3D(pitchedDevPtr, value, extent);
}

cudaError_t cudaMemset2DAsync(void *devPtr, size_t pitch, int value,
                              size_t width, size_t height,
                              cudaStream_t stream) {
  cudaError_t e = drain(stream);
  if (e != cudaSuccess)
    return rt_return(e);
  return cudaMemset2D(devPtr, pitch, value, width, height);
}

struct cudaChannelFormatDesc cudaCreateChannelDesc(
    int x, int y, int z, int w, enum cudaChannelFormatKind f) {
  struct cudaChannelFormatDesc d = {x, y, z, w, f};
  return d;
}
