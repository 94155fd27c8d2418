/* api_memory3d.c: 3D memory on pitched pointers (cudaMalloc3D,
 * cudaMemcpy3D, cudaMemset3D), cudaMemset2DAsync and
 * cudaCreateChannelDesc. Built on the 2D calls, one slice at a time;
 * the async forms wait for their stream's earlier work, then run.
 * A side of cudaMemcpy3D that is a CUDA array becomes the pitched pointer
 * of its storage (api_array.c), positions and width scaled to bytes. */
#include "runtime/runtime.h"
#include "runtime/texture.h"

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

/* One side of a copy with arrays: the array as a pitched pointer, its
 * position in bytes; checks that the (byte-wide) box fits. */
static cudaError_t array_side(Runtime *rt, struct cudaArray *a,
                              struct cudaPitchedPtr ptr, struct cudaPos pos,
                              struct cudaExtent bytes,
                              struct cudaPitchedPtr *out_ptr,
                              struct cudaPos *out_pos) {
  if (!a) {
    *out_ptr = ptr;
    *out_pos = pos;
    return ptr.ptr ? cudaSuccess : cudaErrorInvalidValue;
  }
  if (!texture_array_valid(rt, a))
    return cudaErrorInvalidResourceHandle;
  if (ptr.ptr)
    return cudaErrorInvalidValue; /* an array and a pointer on one side */
  pos.x *= a->elem;
  if (pos.x > a->pitch || bytes.width > a->pitch - pos.x ||
      pos.y > a->rows || bytes.height > a->rows - pos.y ||
      pos.z > a->slices || bytes.depth > a->slices - pos.z)
    return cudaErrorInvalidValue;
  out_ptr->ptr = a->data;
  out_ptr->pitch = a->pitch;
  out_ptr->xsize = a->pitch;
  out_ptr->ysize = a->rows;
  *out_pos = pos;
  return cudaSuccess;
}

/* cudaMemcpy3D with an array on either side: the extent's width counts
 * the array's elements; a 0 height or depth (1D, 2D arrays) is 1. */
static cudaError_t memcpy3d_arrays(Runtime *rt, const struct cudaMemcpy3DParms *p) {
  struct cudaArray *arr = p->srcArray ? p->srcArray : p->dstArray;
  if (!texture_array_valid(rt, arr))
    return cudaErrorInvalidResourceHandle;
  struct cudaExtent x = p->extent;
  if (!x.width)
    return cudaSuccess;
  x.width *= arr->elem;
  x.height = x.height ? x.height : 1;
  x.depth = x.depth ? x.depth : 1;
  struct cudaMemcpy3DParms q = *p;
  q.srcArray = q.dstArray = NULL;
  q.extent = x;
  cudaError_t e = array_side(rt, p->srcArray, p->srcPtr, p->srcPos, x,
                             &q.srcPtr, &q.srcPos);
  if (e == cudaSuccess)
    e = array_side(rt, p->dstArray, p->dstPtr, p->dstPos, x, &q.dstPtr,
                   &q.dstPos);
  if (e != cudaSuccess)
    return e;
  return cudaMemcpy3D(&q);
}

cudaError_t cudaMemcpy3D(const struct cudaMemcpy3DParms *p) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!p)
    return rt_return(cudaErrorInvalidValue);
  if (p->srcArray || p->dstArray)
    return rt_return(memcpy3d_arrays(rt, p));
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
