/* texture.h: what api_array.c, api_texture.c and api_memory3d.c share
 * about CUDA arrays: struct cudaArray (the handle cudaArray_t points to)
 * and the format and validity checks. Not for user programs. */
#ifndef CUWA_RUNTIME_TEXTURE_H
#define CUWA_RUNTIME_TEXTURE_H

#include "runtime/runtime.h"

/* A CUDA array: a device allocation of slices x rows x pitch bytes,
 * row-major without padding (pitch = width * elem), on its device. */
struct cudaArray {
  struct cudaChannelFormatDesc desc;
  struct cudaExtent extent;     /* as created (0 height/depth: absent) */
  unsigned flags;               /* cudaArrayLayered, ... */
  size_t elem;                  /* bytes per element */
  size_t pitch, rows, slices;   /* rows >= 1, slices >= 1 (depth or layers) */
  size_t slice;                 /* pitch * rows */
  char *data;                   /* device address (cudaMalloc) */
  int device;
  struct cudaArray *next;       /* Runtime.arrays */
};

/* Bytes per element of a format CUDA accepts for arrays and textures,
 * else 0; channels and bits (per channel) when non-NULL. */
size_t texture_format_size(const struct cudaChannelFormatDesc *d,
                           unsigned *channels, unsigned *bits);
/* Is a a live array (takes rt->lock)? */
int texture_array_valid(Runtime *rt, const struct cudaArray *a);

#endif
