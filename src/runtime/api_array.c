/* api_array.c: CUDA arrays (cudaMallocArray, cudaMalloc3DArray,
 * cudaFreeArray, cudaArrayGetInfo, cudaGetChannelDesc) and the copies into
 * and out of them (cudaMemcpy*ToArray, *FromArray, *ArrayToArray). An
 * array is a plain device allocation (cudaMalloc, so it lives on the
 * current device, whichever it is) laid out row-major without padding,
 * plus the host-side shape kept here. cudaMemcpy3D with arrays is in
 * api_memory3d.c; texture and surface objects in api_texture.c. */
#include <stdlib.h>

#include "runtime/runtime.h"
#include "runtime/texture.h"

/* Bytes per element of a channel description, 0 when CUDA refuses it:
 * 1, 2 or 4 channels of equal size (8, 16 or 32 bits; floats 16 or 32). */
size_t texture_format_size(const struct cudaChannelFormatDesc *d,
                           unsigned *channels, unsigned *bits) {
  int b[4] = {d->x, d->y, d->z, d->w}, n = 0;
  while (n < 4 && b[n] != 0)
    n++;
  for (int i = n; i < 4; i++)
    if (b[i] != 0)
      return 0; /* a gap: (8, 0, 8, 0) */
  if (n == 0 || n == 3)
    return 0;
  for (int i = 1; i < n; i++)
    if (b[i] != b[0])
      return 0;
  if (b[0] != 8 && b[0] != 16 && b[0] != 32)
    return 0;
  switch (d->f) {
  case cudaChannelFormatKindSigned:
  case cudaChannelFormatKindUnsigned:
    break;
  case cudaChannelFormatKindFloat:
    if (b[0] == 8)
      return 0;
    break;
  default:
    return 0; /* none, NV12, block-compressed, packed normalized */
  }
  if (channels)
    *channels = (unsigned)n;
  if (bits)
    *bits = (unsigned)b[0];
  return (size_t)n * (size_t)b[0] / 8;
}

/* Under rt->lock: is a a live array? */
static int array_live_locked(Runtime *rt, const struct cudaArray *a) {
  for (struct cudaArray *x = rt->arrays; x; x = x->next)
    if (x == a)
      return 1;
  return 0;
}

int texture_array_valid(Runtime *rt, const struct cudaArray *a) {
  if (!a)
    return 0;
  pthread_mutex_lock(&rt->lock);
  int live = array_live_locked(rt, a);
  pthread_mutex_unlock(&rt->lock);
  return live;
}

/* CUDA's shape rules: width always; layered arrays need depth (the
 * layers); cubemaps are square with 6 faces per layer. */
static cudaError_t array_check_shape(struct cudaExtent x, unsigned flags) {
  const unsigned known = cudaArrayLayered | cudaArraySurfaceLoadStore |
                         cudaArrayCubemap | cudaArrayTextureGather;
  if (flags & ~known)
    return cudaErrorInvalidValue;
  if (!x.width || (x.depth && !x.height && !(flags & cudaArrayLayered)))
    return cudaErrorInvalidValue;
  if (flags & cudaArrayCubemap) {
    if (x.width != x.height || !x.depth || x.depth % 6 != 0)
      return cudaErrorInvalidValue;
    if (!(flags & cudaArrayLayered) && x.depth != 6)
      return cudaErrorInvalidValue;
  } else if ((flags & cudaArrayLayered) && !x.depth) {
    return cudaErrorInvalidValue;
  }
  if ((flags & cudaArrayTextureGather) && (!x.height || x.depth))
    return cudaErrorInvalidValue;
  return cudaSuccess;
}

static cudaError_t array_create(cudaArray_t *out,
                                const struct cudaChannelFormatDesc *desc,
                                struct cudaExtent x, unsigned flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return e;
  if (!out || !desc)
    return cudaErrorInvalidValue;
  size_t elem = texture_format_size(desc, NULL, NULL);
  if (!elem)
    return cudaErrorInvalidChannelDescriptor;
  e = array_check_shape(x, flags);
  if (e != cudaSuccess)
    return e;
  struct cudaArray *a = calloc(1, sizeof *a);
  if (!a)
    return cudaErrorMemoryAllocation;
  a->desc = *desc;
  a->extent = x;
  a->flags = flags;
  a->elem = elem;
  a->pitch = x.width * elem;
  a->rows = x.height ? x.height : 1;
  a->slices = x.depth ? x.depth : 1;
  a->slice = a->pitch * a->rows;
  a->device = rt_current();
  if (a->slice > ((size_t)-1) / a->slices) {
    free(a);
    return cudaErrorMemoryAllocation;
  }
  void *p = NULL;
  e = cudaMalloc(&p, a->slice * a->slices);
  if (e != cudaSuccess) {
    free(a);
    return e;
  }
  a->data = p;
  pthread_mutex_lock(&rt->lock);
  a->next = rt->arrays;
  rt->arrays = a;
  pthread_mutex_unlock(&rt->lock);
  *out = a;
  return cudaSuccess;
}

cudaError_t cudaMallocArray(cudaArray_t *array,
                            const struct cudaChannelFormatDesc *desc,
                            size_t width, size_t height, unsigned int flags) {
  if (flags & (cudaArrayLayered | cudaArrayCubemap))
    return rt_return(cudaErrorInvalidValue); /* 3D-array flags */
  return rt_return(array_create(array, desc, (struct cudaExtent){width, height, 0},
                                flags));
}

cudaError_t cudaMalloc3DArray(cudaArray_t *array,
                              const struct cudaChannelFormatDesc *desc,
                              struct cudaExtent extent, unsigned int flags) {
  return rt_return(array_create(array, desc, extent, flags));
}

cudaError_t cudaMallocMipmappedArray(cudaMipmappedArray_t *mipmappedArray,
                                     const struct cudaChannelFormatDesc *desc,
                                     struct cudaExtent extent,
                                     unsigned int numLevels,
                                     unsigned int flags) {
  (void)mipmappedArray, (void)desc, (void)extent, (void)numLevels, (void)flags;
  return rt_return(cudaErrorNotSupported); /* no mipmaps yet */
}

cudaError_t cudaFreeArray(cudaArray_t array) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!array)
    return cudaSuccess; /* as cudaFree(NULL) */
  pthread_mutex_lock(&rt->lock);
  struct cudaArray **p = &rt->arrays;
  while (*p && *p != array)
    p = &(*p)->next;
  int found = *p != NULL;
  if (found)
    *p = array->next;
  pthread_mutex_unlock(&rt->lock);
  if (!found)
    return rt_return(cudaErrorInvalidValue);
  e = cudaFree(array->data); /* records its own error */
  free(array);
  return e;
}

cudaError_t cudaArrayGetInfo(struct cudaChannelFormatDesc *desc,
                             struct cudaExtent *extent, unsigned int *flags,
                             cudaArray_t array) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!texture_array_valid(rt, array))
    return rt_return(cudaErrorInvalidResourceHandle);
  if (desc)
    *desc = array->desc;
  if (extent)
    *extent = array->extent;
  if (flags)
    *flags = array->flags;
  return cudaSuccess;
}

cudaError_t cudaGetChannelDesc(struct cudaChannelFormatDesc *desc,
                               cudaArray_const_t array) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!desc)
    return rt_return(cudaErrorInvalidValue);
  if (!texture_array_valid(rt, array))
    return rt_return(cudaErrorInvalidResourceHandle);
  *desc = array->desc;
  return cudaSuccess;
}

/* The byte address of (wOffset bytes, hOffset rows) of a, after checking
 * that width bytes by height rows fit there. */
static cudaError_t array_at(Runtime *rt, const struct cudaArray *a,
                            size_t wOffset, size_t hOffset, size_t width,
                            size_t height, char **out) {
  if (!texture_array_valid(rt, a))
    return cudaErrorInvalidResourceHandle;
  if (wOffset > a->pitch || width > a->pitch - wOffset ||
      hOffset > a->rows || height > a->rows - hOffset)
    return cudaErrorInvalidValue;
  *out = a->data + hOffset * a->pitch + wOffset;
  return cudaSuccess;
}

/* A 2D copy into or out of arrays, synchronous or on a stream. */
static cudaError_t array_copy2d(void *dst, size_t dpitch, const void *src,
                                size_t spitch, size_t width, size_t height,
                                enum cudaMemcpyKind kind, cudaStream_t stream,
                                int sync) {
  if (!width || !height)
    return cudaSuccess;
  if (sync)
    return cudaMemcpy2D(dst, dpitch, src, spitch, width, height, kind);
  return cudaMemcpy2DAsync(dst, dpitch, src, spitch, width, height, kind,
                           stream);
}

static cudaError_t to_array(cudaArray_t dst, size_t wOffset, size_t hOffset,
                            const void *src, size_t spitch, size_t width,
                            size_t height, enum cudaMemcpyKind kind,
                            cudaStream_t stream, int sync) {
  Runtime *rt;
  char *at = NULL;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = array_at(rt, dst, wOffset, hOffset, width, height, &at);
  if (e == cudaSuccess && height > 1 && width > spitch)
    e = cudaErrorInvalidPitchValue;
  if (e != cudaSuccess)
    return rt_return(e);
  return array_copy2d(at, dst->pitch, src, spitch, width, height, kind, stream,
                      sync);
}

static cudaError_t from_array(void *dst, size_t dpitch, cudaArray_const_t src,
                              size_t wOffset, size_t hOffset, size_t width,
                              size_t height, enum cudaMemcpyKind kind,
                              cudaStream_t stream, int sync) {
  Runtime *rt;
  char *at = NULL;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = array_at(rt, src, wOffset, hOffset, width, height, &at);
  if (e == cudaSuccess && height > 1 && width > dpitch)
    e = cudaErrorInvalidPitchValue;
  if (e != cudaSuccess)
    return rt_return(e);
  return array_copy2d(dst, dpitch, at, src->pitch, width, height, kind, stream,
                      sync);
}

cudaError_t cudaMemcpy2DToArray(cudaArray_t dst, size_t wOffset,
                                size_t hOffset, const void *src, size_t spitch,
                                size_t width, size_t height,
                                enum cudaMemcpyKind kind) {
  return to_array(dst, wOffset, hOffset, src, spitch, width, height, kind, 0, 1);
}

cudaError_t cudaMemcpy2DToArrayAsync(cudaArray_t dst, size_t wOffset,
                                     size_t hOffset, const void *src,
                                     size_t spitch, size_t width, size_t height,
                                     enum cudaMemcpyKind kind,
                                     cudaStream_t stream) {
  return to_array(dst, wOffset, hOffset, src, spitch, width, height, kind,
                  stream, 0);
}

cudaError_t cudaMemcpy2DFromArray(void *dst, size_t dpitch,
                                  cudaArray_const_t src, size_t wOffset,
                                  size_t hOffset, size_t width, size_t height,
                                  enum cudaMemcpyKind kind) {
  return from_array(dst, dpitch, src, wOffset, hOffset, width, height, kind, 0,
                    1);
}

cudaError_t cudaMemcpy2DFromArrayAsync(void *dst, size_t dpitch,
                                       cudaArray_const_t src, size_t wOffset,
                                       size_t hOffset, size_t width,
                                       size_t height, enum cudaMemcpyKind kind,
                                       cudaStream_t stream) {
  return from_array(dst, dpitch, src, wOffset, hOffset, width, height, kind,
                    stream, 0);
}

cudaError_t cudaMemcpy2DArrayToArray(cudaArray_t dst, size_t wOffsetDst,
                                     size_t hOffsetDst, cudaArray_const_t src,
                                     size_t wOffsetSrc, size_t hOffsetSrc,
                                     size_t width, size_t height,
                                     enum cudaMemcpyKind kind) {
  Runtime *rt;
  char *d = NULL, *s = NULL;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = array_at(rt, dst, wOffsetDst, hOffsetDst, width, height, &d);
  if (e == cudaSuccess)
    e = array_at(rt, src, wOffsetSrc, hOffsetSrc, width, height, &s);
  if (e == cudaSuccess && kind != cudaMemcpyDeviceToDevice &&
      kind != cudaMemcpyDefault)
    e = cudaErrorInvalidMemcpyDirection;
  if (e != cudaSuccess)
    return rt_return(e);
  return array_copy2d(d, dst->pitch, s, src->pitch, width, height, kind, 0, 1);
}

/* The deprecated linear forms: count bytes from (wOffset, hOffset) on,
 * running on into the next rows (rows have no padding here). */
static cudaError_t array_linear(Runtime *rt, const struct cudaArray *a,
                                size_t wOffset, size_t hOffset, size_t count,
                                char **out) {
  if (!texture_array_valid(rt, a))
    return cudaErrorInvalidResourceHandle;
  size_t total = a->slice * a->slices, off = hOffset * a->pitch + wOffset;
  if (wOffset >= a->pitch || hOffset >= a->rows * a->slices || count > total - off)
    return cudaErrorInvalidValue;
  *out = a->data + off;
  return cudaSuccess;
}

static cudaError_t linear_copy(void *dst, const void *src, size_t count,
                               enum cudaMemcpyKind kind, cudaStream_t stream,
                               int sync) {
  if (!count)
    return cudaSuccess;
  return sync ? cudaMemcpy(dst, src, count, kind)
              : cudaMemcpyAsync(dst, src, count, kind, stream);
}

static cudaError_t to_array_linear(cudaArray_t dst, size_t wOffset,
                                   size_t hOffset, const void *src,
                                   size_t count, enum cudaMemcpyKind kind,
                                   cudaStream_t stream, int sync) {
  Runtime *rt;
  char *at = NULL;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = array_linear(rt, dst, wOffset, hOffset, count, &at);
  if (e != cudaSuccess)
    return rt_return(e);
  return linear_copy(at, src, count, kind, stream, sync);
}

static cudaError_t from_array_linear(void *dst, cudaArray_const_t src,
                                     size_t wOffset, size_t hOffset,
                                     size_t count, enum cudaMemcpyKind kind,
                                     cudaStream_t stream, int sync) {
  Runtime *rt;
  char *at = NULL;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = array_linear(rt, src, wOffset, hOffset, count, &at);
  if (e != cudaSuccess)
    return rt_return(e);
  return linear_copy(dst, at, count, kind, stream, sync);
}

cudaError_t cudaMemcpyToArray(cudaArray_t dst, size_t wOffset, size_t hOffset,
                              const void *src, size_t count,
                              enum cudaMemcpyKind kind) {
  return to_array_linear(dst, wOffset, hOffset, src, count, kind, 0, 1);
}

cudaError_t cudaMemcpyToArrayAsync(cudaArray_t dst, size_t wOffset,
                                   size_t hOffset, const void *src,
                                   size_t count, enum cudaMemcpyKind kind,
                                   cudaStream_t stream) {
  return to_array_linear(dst, wOffset, hOffset, src, count, kind, stream, 0);
}

cudaError_t cudaMemcpyFromArray(void *dst, cudaArray_const_t src,
                                size_t wOffset, size_t hOffset, size_t count,
                                enum cudaMemcpyKind kind) {
  return from_array_linear(dst, src, wOffset, hOffset, count, kind, 0, 1);
}

cudaError_t cudaMemcpyFromArrayAsync(void *dst, cudaArray_const_t src,
                                     size_t wOffset, size_t hOffset,
                                     size_t count, enum cudaMemcpyKind kind,
                                     cudaStream_t stream) {
  return from_array_linear(dst, src, wOffset, hOffset, count, kind, stream, 0);
}

cudaError_t cudaMemcpyArrayToArray(cudaArray_t dst, size_t wOffsetDst,
                                   size_t hOffsetDst, cudaArray_const_t src,
                                   size_t wOffsetSrc, size_t hOffsetSrc,
                                   size_t count, enum cudaMemcpyKind kind) {
  Runtime *rt;
  char *d = NULL, *s = NULL;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = array_linear(rt, dst, wOffsetDst, hOffsetDst, count, &d);
  if (e == cudaSuccess)
    e = array_linear(rt, src, wOffsetSrc, hOffsetSrc, count, &s);
  if (e != cudaSuccess)
    return rt_return(e);
  return linear_copy(d, s, count, kind, 0, 1);
}
