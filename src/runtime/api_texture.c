/* api_texture.c: texture and surface objects (cudaCreateTextureObject,
 * cudaCreateSurfaceObject, their destroy and get-descriptor calls). An
 * object's handle is the device address of a CuwaTexDesc written into
 * device memory here (cudaMalloc + cudaMemcpy, so on any device); device
 * code samples through include/cuwa/device/texture_fetch.h. Mipmapped
 * arrays and resource views are refused with cudaErrorNotSupported. */
#include <stdlib.h>
#include <string.h>

#include "cuwa/texture_desc.h"
#include "runtime/runtime.h"
#include "runtime/texture.h"

/* A live object: its device descriptor and what the user gave. */
typedef struct TexObject {
  void *desc;                      /* device address = the handle */
  int surface;                     /* a surface object */
  struct cudaResourceDesc res;
  struct cudaTextureDesc tex;      /* textures only */
  struct TexObject *next;          /* Runtime.tex_objects */
} TexObject;

/* The shape of the resource in a descriptor, or an error. */
static cudaError_t tex_fill_resource(Runtime *rt,
                                     const struct cudaResourceDesc *r,
                                     CuwaTexDesc *t) {
  const struct cudaChannelFormatDesc *fmt;
  switch (r->resType) {
  case cudaResourceTypeArray: {
    const struct cudaArray *a = r->res.array.array;
    if (!a)
      return cudaErrorInvalidValue;
    if (!texture_array_valid(rt, a))
      return cudaErrorInvalidResourceHandle;
    fmt = &a->desc;
    t->data = (unsigned long long)(uintptr_t)a->data;
    t->pitch = (unsigned)a->pitch;
    t->slice = (unsigned)a->slice;
    t->width = (unsigned)a->extent.width;
    t->height = (unsigned)a->rows;
    if (a->flags & (cudaArrayLayered | cudaArrayCubemap)) {
      t->depth = 1;
      t->layers = (unsigned)a->slices;
      t->dims = a->extent.height ? 2 : 1;
    } else {
      t->depth = (unsigned)a->slices;
      t->layers = 1;
      t->dims = a->extent.depth ? 3 : a->extent.height ? 2 : 1;
    }
    break;
  }
  case cudaResourceTypeLinear:
    fmt = &r->res.linear.desc;
    if (!r->res.linear.devPtr)
      return cudaErrorInvalidValue;
    t->data = (unsigned long long)(uintptr_t)r->res.linear.devPtr;
    t->height = t->depth = t->layers = t->dims = 1;
    t->fetch_only = 1;
    break;
  case cudaResourceTypePitch2D:
    fmt = &r->res.pitch2D.desc;
    if (!r->res.pitch2D.devPtr || !r->res.pitch2D.width ||
        !r->res.pitch2D.height)
      return cudaErrorInvalidValue;
    t->data = (unsigned long long)(uintptr_t)r->res.pitch2D.devPtr;
    t->width = (unsigned)r->res.pitch2D.width;
    t->height = (unsigned)r->res.pitch2D.height;
    t->pitch = (unsigned)r->res.pitch2D.pitchInBytes;
    t->depth = t->layers = 1;
    t->dims = 2;
    break;
  case cudaResourceTypeMipmappedArray:
    return cudaErrorNotSupported;
  default:
    return cudaErrorInvalidValue;
  }
  size_t elem = texture_format_size(fmt, &t->channels, &t->bits);
  if (!elem)
    return cudaErrorInvalidChannelDescriptor;
  t->elem = (unsigned)elem;
  t->kind = fmt->f == cudaChannelFormatKindFloat      ? CUWA_TEX_FLOAT
            : fmt->f == cudaChannelFormatKindSigned ? CUWA_TEX_SIGNED
                                                    : CUWA_TEX_UNSIGNED;
  if (r->resType == cudaResourceTypeLinear) {
    t->width = (unsigned)(r->res.linear.sizeInBytes / elem);
    if (!t->width)
      return cudaErrorInvalidValue;
    t->pitch = t->width * t->elem;
  }
  if (r->resType == cudaResourceTypePitch2D &&
      (t->pitch < t->width * t->elem || t->pitch % t->elem))
    return cudaErrorInvalidPitchValue;
  if (!t->slice)
    t->slice = t->pitch * t->height;
  return cudaSuccess;
}

/* The sampling state of a descriptor, under CUDA's rules. */
static cudaError_t tex_fill_sampling(const struct cudaTextureDesc *d,
                                     CuwaTexDesc *t) {
  /* 8- and 16-bit integers may be read as normalized floats; 32-bit ones
   * are returned as they are (CUDA ignores the read mode for them) */
  int norm_read = d->readMode == cudaReadModeNormalizedFloat;
  if (d->readMode != cudaReadModeElementType && !norm_read)
    return cudaErrorInvalidValue;
  t->ret_float = t->kind == CUWA_TEX_FLOAT || (norm_read && t->bits <= 16);
  if (d->filterMode != cudaFilterModePoint &&
      d->filterMode != cudaFilterModeLinear)
    return cudaErrorInvalidValue;
  t->linear = d->filterMode == cudaFilterModeLinear;
  if (t->linear && !t->ret_float)
    return cudaErrorInvalidFilterSetting;
  t->normalized = d->normalizedCoords != 0;
  for (int i = 0; i < 3; i++) {
    unsigned m = (unsigned)d->addressMode[i];
    if (m > cudaAddressModeBorder)
      return cudaErrorInvalidValue;
    /* wrap and mirror need normalized coordinates: else clamp */
    if (!t->normalized && (m == cudaAddressModeWrap || m == cudaAddressModeMirror))
      m = cudaAddressModeClamp;
    t->address[i] = m == cudaAddressModeWrap     ? CUWA_TEX_WRAP
                    : m == cudaAddressModeMirror ? CUWA_TEX_MIRROR
                    : m == cudaAddressModeBorder ? CUWA_TEX_BORDER
                                                 : CUWA_TEX_CLAMP;
  }
  memcpy(t->border, d->borderColor, sizeof t->border);
  t->fast_f32_2d = t->kind == CUWA_TEX_FLOAT && t->bits == 32 && t->channels == 1 &&
                   t->dims == 2;
  return cudaSuccess;
}

/* Writes t to the device and records the object; the handle is its
 * device address. */
static cudaError_t tex_publish(Runtime *rt, const CuwaTexDesc *t,
                               const struct cudaResourceDesc *res,
                               const struct cudaTextureDesc *tex,
                               unsigned long long *handle) {
  TexObject *o = calloc(1, sizeof *o);
  if (!o)
    return cudaErrorMemoryAllocation;
  cudaError_t e = cudaMalloc(&o->desc, sizeof *t);
  if (e == cudaSuccess)
    e = cudaMemcpy(o->desc, t, sizeof *t, cudaMemcpyHostToDevice);
  if (e != cudaSuccess) {
    if (o->desc)
      cudaFree(o->desc);
    free(o);
    return e;
  }
  o->surface = tex == NULL;
  o->res = *res;
  if (tex)
    o->tex = *tex;
  pthread_mutex_lock(&rt->lock);
  o->next = rt->tex_objects;
  rt->tex_objects = o;
  pthread_mutex_unlock(&rt->lock);
  *handle = (unsigned long long)(uintptr_t)o->desc;
  return cudaSuccess;
}

cudaError_t cudaCreateTextureObject(
    cudaTextureObject_t *pTexObject, const struct cudaResourceDesc *pResDesc,
    const struct cudaTextureDesc *pTexDesc,
    const struct cudaResourceViewDesc *pResViewDesc) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!pTexObject || !pResDesc || !pTexDesc)
    return rt_return(cudaErrorInvalidValue);
  if (pResViewDesc)
    return rt_return(cudaErrorNotSupported); /* no resource views yet */
  CuwaTexDesc t;
  memset(&t, 0, sizeof t);
  e = tex_fill_resource(rt, pResDesc, &t);
  if (e == cudaSuccess)
    e = tex_fill_sampling(pTexDesc, &t);
  if (e == cudaSuccess)
    e = tex_publish(rt, &t, pResDesc, pTexDesc, pTexObject);
  return rt_return(e);
}

cudaError_t cudaCreateSurfaceObject(cudaSurfaceObject_t *pSurfObject,
                                    const struct cudaResourceDesc *pResDesc) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!pSurfObject || !pResDesc)
    return rt_return(cudaErrorInvalidValue);
  /* surfaces are arrays created with cudaArraySurfaceLoadStore */
  if (pResDesc->resType != cudaResourceTypeArray)
    return rt_return(cudaErrorInvalidValue);
  const struct cudaArray *a = pResDesc->res.array.array;
  if (a && texture_array_valid(rt, a) && !(a->flags & cudaArraySurfaceLoadStore))
    return rt_return(cudaErrorInvalidValue);
  CuwaTexDesc t;
  memset(&t, 0, sizeof t);
  e = tex_fill_resource(rt, pResDesc, &t);
  if (e == cudaSuccess)
    e = tex_publish(rt, &t, pResDesc, NULL, pSurfObject);
  return rt_return(e);
}

/* Under rt->lock: the live object of a handle and kind, or NULL. */
static TexObject **tex_find_locked(Runtime *rt, unsigned long long h,
                                   int surface) {
  for (TexObject **p = &rt->tex_objects; *p; p = &(*p)->next)
    if ((unsigned long long)(uintptr_t)(*p)->desc == h && (*p)->surface == surface)
      return p;
  return NULL;
}

static cudaError_t tex_destroy(unsigned long long h, int surface) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return e;
  if (!h)
    return cudaSuccess;
  pthread_mutex_lock(&rt->lock);
  TexObject **p = tex_find_locked(rt, h, surface), *o = p ? *p : NULL;
  if (o)
    *p = o->next;
  pthread_mutex_unlock(&rt->lock);
  if (!o) /* CUDA (13, H100) answers cudaSuccess for a handle already destroyed */
    return cudaSuccess;
  e = cudaFree(o->desc); /* waits for kernels that may still read it */
  free(o);
  return e;
}

cudaError_t cudaDestroyTextureObject(cudaTextureObject_t texObject) {
  return rt_return(tex_destroy(texObject, 0));
}

cudaError_t cudaDestroySurfaceObject(cudaSurfaceObject_t surfObject) {
  return rt_return(tex_destroy(surfObject, 1));
}

/* Copies what the user gave for a live object into res / tex. */
static cudaError_t tex_get(unsigned long long h, int surface,
                           struct cudaResourceDesc *res,
                           struct cudaTextureDesc *tex) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return e;
  if (!res && !tex)
    return cudaErrorInvalidValue;
  pthread_mutex_lock(&rt->lock);
  TexObject **p = tex_find_locked(rt, h, surface);
  if (p && res)
    *res = (*p)->res;
  if (p && tex)
    *tex = (*p)->tex;
  pthread_mutex_unlock(&rt->lock);
  return p ? cudaSuccess : cudaErrorInvalidValue;
}

cudaError_t cudaGetTextureObjectResourceDesc(struct cudaResourceDesc *pResDesc,
                                             cudaTextureObject_t texObject) {
  return rt_return(tex_get(texObject, 0, pResDesc, NULL));
}

cudaError_t cudaGetTextureObjectTextureDesc(struct cudaTextureDesc *pTexDesc,
                                            cudaTextureObject_t texObject) {
  return rt_return(tex_get(texObject, 0, NULL, pTexDesc));
}

cudaError_t cudaGetTextureObjectResourceViewDesc(
    struct cudaResourceViewDesc *pResViewDesc, cudaTextureObject_t texObject) {
  (void)pResViewDesc, (void)texObject;
  return rt_return(cudaErrorNotSupported); /* objects never have a view */
}

cudaError_t cudaGetSurfaceObjectResourceDesc(struct cudaResourceDesc *pResDesc,
                                             cudaSurfaceObject_t surfObject) {
  return rt_return(tex_get(surfObject, 1, pResDesc, NULL));
}
