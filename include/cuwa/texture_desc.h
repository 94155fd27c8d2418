/* texture_desc.h: the descriptor behind a cudaTextureObject_t or
 * cudaSurfaceObject_t. The handle is the device address of one of these,
 * written into device memory by cudaCreateTextureObject and
 * cudaCreateSurfaceObject (src/runtime/api_texture.c) and read by the
 * software sampler of include/cuwa/device/texture_fetch.h. Plain C that
 * both the host compiler and cuwa's device front end read: same layout. */
#ifndef CUWA_TEXTURE_DESC_H
#define CUWA_TEXTURE_DESC_H

/* CuwaTexDesc.kind */
#define CUWA_TEX_SIGNED   0u /* cudaChannelFormatKindSigned */
#define CUWA_TEX_UNSIGNED 1u /* cudaChannelFormatKindUnsigned */
#define CUWA_TEX_FLOAT    2u /* cudaChannelFormatKindFloat (32 or 16 bits) */

/* CuwaTexDesc.address[] after the host resolved CUDA's rules (wrap and
 * mirror need normalized coordinates, else they are clamp) */
#define CUWA_TEX_WRAP   0u
#define CUWA_TEX_CLAMP  1u
#define CUWA_TEX_MIRROR 2u
#define CUWA_TEX_BORDER 3u

typedef struct CuwaTexDesc {
  unsigned long long data;  /* device address of element (0, 0, 0) */
  unsigned int pitch;       /* bytes from one row to the next */
  unsigned int slice;       /* bytes from one depth slice or layer to the next */
  unsigned int width;       /* elements */
  unsigned int height;      /* rows (1 for 1D) */
  unsigned int depth;       /* slices (1 unless 3D) */
  unsigned int layers;      /* layers (1 unless layered; 6 per cubemap) */
  unsigned int channels;    /* 1, 2 or 4 */
  unsigned int bits;        /* bits per channel: 8, 16 or 32 */
  unsigned int kind;        /* CUWA_TEX_SIGNED / UNSIGNED / FLOAT */
  unsigned int elem;        /* bytes per element */
  unsigned int ret_float;   /* fetches return floats (float format, or
                               8/16-bit integers read as normalized float) */
  unsigned int linear;      /* cudaFilterModeLinear (only when ret_float) */
  unsigned int normalized;  /* normalized coordinates */
  unsigned int fetch_only;  /* linear memory: tex1Dfetch only */
  unsigned int address[3];  /* CUWA_TEX_* per coordinate */
  unsigned int dims;        /* 1, 2 or 3 sampled coordinates */
  unsigned int fast_f32_2d; /* 2D, one 32-bit float channel: a fast path */
  float border[4];          /* cudaAddressModeBorder colour */
} CuwaTexDesc;

#endif
