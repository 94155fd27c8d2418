/* texture_fetch.h (cuwa device pass): texture and surface object functions
 * (tex1D/2D/3D, tex1Dfetch, layered, cubemap and *Lod forms, surf*read and
 * surf*write) in software, for every device alike. A handle is the device
 * address of a CuwaTexDesc (include/cuwa/texture_desc.h) that the runtime
 * wrote; sampling follows what an H100 does (docs/textures.md: weights
 * rounded to 1/256, corner products rounded, 16-bit filtering of unsigned
 * normalized formats). No mipmaps (a *Lod fetch
 * reads level 0, the only one), no gather, no sparse residency. */
#ifndef CUWA_DEVICE_TEXTURE_FETCH_H
#define CUWA_DEVICE_TEXTURE_FETCH_H

#include "texture_types.h"
#include "surface_types.h"
#include "vector_types.h"
#include "../texture_desc.h"

__device__ __forceinline__ const CuwaTexDesc *__cuwa_tex_desc(unsigned long long h) {
  return (const CuwaTexDesc *)h;
}

/* A 16-bit float (cudaChannelFormatKindFloat, 16 bits) as a float. */
__device__ __forceinline__ float __cuwa_tex_half(unsigned int h) {
  unsigned int sign = (h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
  if (e == 31u) return __uint_as_float(sign | 0x7f800000u | (m << 13));
  if (e != 0u) return __uint_as_float(sign | ((e + 112u) << 23) | (m << 13));
  float f = (float)m * 5.9604644775390625e-8f; /* subnormal: m * 2^-24 */
  return sign ? -f : f;
}

/* v / d correctly rounded for d = 2^k - 1 (255, 65535, 127, 32767) and
 * integer |v| <= 2^16, from multiplies and adds only: WGSL's division is
 * not correctly rounded. The residual v - d * r is exact in float
 * (Sterbenz, twice), so one correction step rounds right (checked
 * for every 8- and 16-bit value). inv: 1 / d rounded to float. */
__device__ __forceinline__ float __cuwa_tex_div(float v, float d, float inv) {
  float r = v * inv;
  float e = (v - r * (d + 1.0f)) + r;
  return r + e * inv;
}

/* Channel c of the element at p as the float a fetch returns. */
__device__ __forceinline__ float __cuwa_tex_chan_f(const CuwaTexDesc *d,
                                                   const unsigned char *p, unsigned int c) {
  if (d->kind == CUWA_TEX_FLOAT) {
    if (d->bits == 32u) return ((const float *)p)[c];
    return __cuwa_tex_half(((const unsigned short *)p)[c]);
  }
  /* 8- and 16-bit integers read as normalized float */
  if (d->kind == CUWA_TEX_UNSIGNED) {
    if (d->bits == 8u) return __cuwa_tex_div((float)p[c], 255.0f, 3.921568859e-03f);
    return __cuwa_tex_div((float)((const unsigned short *)p)[c], 65535.0f, 1.525902189e-05f);
  }
  float v = d->bits == 8u ? __cuwa_tex_div((float)((const signed char *)p)[c], 127.0f, 7.874015719e-03f)
                          : __cuwa_tex_div((float)((const short *)p)[c], 32767.0f, 3.051850945e-05f);
  return v < -1.0f ? -1.0f : v;
}

/* Channel c of the element at p, raw (integer fetches): sign-extended. */
__device__ __forceinline__ unsigned int __cuwa_tex_chan_u(const CuwaTexDesc *d,
                                                          const unsigned char *p, unsigned int c) {
  if (d->bits == 32u) return ((const unsigned int *)p)[c];
  if (d->bits == 16u)
    return d->kind == CUWA_TEX_SIGNED ? (unsigned int)(int)((const short *)p)[c]
                                      : (unsigned int)((const unsigned short *)p)[c];
  return d->kind == CUWA_TEX_SIGNED ? (unsigned int)(int)((const signed char *)p)[c]
                                    : (unsigned int)p[c];
}

/* The element at (i, j, k) of layer or slice k: as floats (missing
 * channels 0, 0, 1) or raw bits. */
__device__ __forceinline__ const unsigned char *__cuwa_tex_at(const CuwaTexDesc *d, int i,
                                                              int j, int k) {
  return (const unsigned char *)d->data + (unsigned long long)k * d->slice +
         (unsigned long long)j * d->pitch + (unsigned long long)i * d->elem;
}

__device__ __forceinline__ float4 __cuwa_tex_texel_f(const CuwaTexDesc *d,
                                                     const unsigned char *p) {
  float4 r;
  r.x = __cuwa_tex_chan_f(d, p, 0u);
  r.y = d->channels > 1u ? __cuwa_tex_chan_f(d, p, 1u) : 0.0f;
  r.z = d->channels > 2u ? __cuwa_tex_chan_f(d, p, 2u) : 0.0f;
  r.w = d->channels > 3u ? __cuwa_tex_chan_f(d, p, 3u) : 1.0f;
  return r;
}

__device__ __forceinline__ uint4 __cuwa_tex_texel_u(const CuwaTexDesc *d,
                                                    const unsigned char *p) {
  uint4 r;
  r.x = __cuwa_tex_chan_u(d, p, 0u);
  r.y = d->channels > 1u ? __cuwa_tex_chan_u(d, p, 1u) : 0u;
  r.z = d->channels > 2u ? __cuwa_tex_chan_u(d, p, 2u) : 0u;
  r.w = d->channels > 3u ? __cuwa_tex_chan_u(d, p, 3u) : 1u;
  return r;
}

/* Integer coordinate i on an axis of n texels under an address mode;
 * -1 when it falls on the border. */
__device__ __forceinline__ int __cuwa_tex_address(int i, int n, unsigned int mode) {
  if ((unsigned int)i < (unsigned int)n) return i; /* inside: every mode agrees */
  if (mode == CUWA_TEX_WRAP) {
    int m = i % n;
    return m < 0 ? m + n : m;
  }
  if (mode == CUWA_TEX_MIRROR) {
    int p = 2 * n, m = i % p;
    if (m < 0) m += p;
    return m >= n ? p - 1 - m : m;
  }
  if (mode == CUWA_TEX_BORDER) return i < 0 || i >= n ? -1 : i;
  return i < 0 ? 0 : (i >= n ? n - 1 : i);
}

/* The texel coordinate u of x on an axis of n texels (scaled when the
 * coordinates are normalized), kept where floorf converts safely. */
__device__ __forceinline__ float __cuwa_tex_scale(const CuwaTexDesc *d, float x, int n) {
  float u = d->normalized ? x * (float)n : x;
  u = u > 1073741824.0f ? 1073741824.0f : u;
  return u >= -1073741824.0f ? u : -1073741824.0f; /* NaN -> -2^30 */
}

/* floor(u) as an int, for |u| <= 2^30 (what __cuwa_tex_scale leaves):
 * without floorf, which is a libm call for the CPU without SSE4.1. */
__device__ __forceinline__ int __cuwa_tex_floor(float u) {
  int i = (int)u;
  return (float)i > u ? i - 1 : i;
}

/* Texel coordinate u (already less 0.5) in 24.8 fixed point, rounded to
 * nearest as the hardware does: the texel index in *i, the weight of
 * texel *i + 1 in 1/256 (0..255) returned. */
__device__ __forceinline__ int __cuwa_tex_split(float u, int *i) {
  u = u > 4194304.0f ? 4194304.0f : (u < -4194304.0f ? -4194304.0f : u);
  int n = __cuwa_tex_floor(u);
  int s = __cuwa_tex_floor((u - (float)n) * 256.0f + 0.5f); /* exact: |u| <= 2^22 */
  if (s == 256) {
    n++;
    s = 0;
  }
  *i = n;
  return s;
}

/* The four weights (1/256) of the corners (i,j) (i+1,j) (i,j+1) (i+1,j+1)
 * for fractions a and b: the product of (i+1, j+1) rounded half up, the
 * others what is left of each marginal, so that they sum to 256. */
__device__ __forceinline__ void __cuwa_tex_weights2(int a, int b, int q[4]) {
  q[3] = (a * b + 128) >> 8;
  q[1] = a - q[3];
  q[2] = b - q[3];
  q[0] = 256 - a - b + q[3];
}

/* The border colour as a fetch returns it: clamped to the range of a
 * normalized-read integer format ([0, 1] or [-1, 1]). */
__device__ __forceinline__ float __cuwa_tex_border_c(const CuwaTexDesc *d, float v) {
  if (d->kind == CUWA_TEX_FLOAT) return v;
  float lo = d->kind == CUWA_TEX_UNSIGNED ? 0.0f : -1.0f;
  return v < lo ? lo : (v > 1.0f ? 1.0f : v);
}

__device__ __forceinline__ float4 __cuwa_tex_border_f(const CuwaTexDesc *d) {
  float4 r;
  r.x = __cuwa_tex_border_c(d, d->border[0]);
  r.y = __cuwa_tex_border_c(d, d->border[1]);
  r.z = __cuwa_tex_border_c(d, d->border[2]);
  r.w = __cuwa_tex_border_c(d, d->border[3]);
  return r;
}

/* The texel at integer coordinates (addressed), as floats. */
__device__ __forceinline__ float4 __cuwa_tex_point_f(const CuwaTexDesc *d, int i, int j,
                                                     int k, int layer) {
  int a = __cuwa_tex_address(i, (int)d->width, d->address[0]);
  int b = d->dims > 1u ? __cuwa_tex_address(j, (int)d->height, d->address[1]) : 0;
  int c = d->dims > 2u ? __cuwa_tex_address(k, (int)d->depth, d->address[2]) : layer;
  if (a < 0 || b < 0 || c < 0) return __cuwa_tex_border_f(d);
  return __cuwa_tex_texel_f(d, __cuwa_tex_at(d, a, b, c));
}

/* Unsigned normalized formats are filtered as 16-bit integers (an 8-bit
 * texel v as v * 257) and the result rounded to 16 bits, as an H100 does:
 * channel value f in [0, 1] -> 0..65535. */
__device__ __forceinline__ unsigned int __cuwa_tex_unorm16(float f) {
  return (unsigned int)(f * 65535.0f + 0.5f);
}

/* The weighted sum of n texels t[] with weights q[] (1/256 each): in
 * float, or for unsigned normalized formats in 16-bit fixed point. */
__device__ float4 __cuwa_tex_blend(const CuwaTexDesc *d, const float4 *t, const int *q,
                                   unsigned int n) {
  float4 r = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
  if (d->kind == CUWA_TEX_UNSIGNED) {
    unsigned int s0 = 0u, s1 = 0u, s2 = 0u, s3 = 0u;
    for (unsigned int c = 0; c < n; c++) {
      unsigned int w = (unsigned int)q[c];
      s0 += w * __cuwa_tex_unorm16(t[c].x);
      s1 += w * __cuwa_tex_unorm16(t[c].y);
      s2 += w * __cuwa_tex_unorm16(t[c].z);
      s3 += w * __cuwa_tex_unorm16(t[c].w);
    }
    r.x = __cuwa_tex_div((float)((s0 + 128u) >> 8), 65535.0f, 1.525902189e-05f);
    r.y = __cuwa_tex_div((float)((s1 + 128u) >> 8), 65535.0f, 1.525902189e-05f);
    r.z = __cuwa_tex_div((float)((s2 + 128u) >> 8), 65535.0f, 1.525902189e-05f);
    r.w = __cuwa_tex_div((float)((s3 + 128u) >> 8), 65535.0f, 1.525902189e-05f);
    return r;
  }
  for (unsigned int c = 0; c < n; c++) {
    float w = (float)q[c];
    r.x += w * t[c].x;
    r.y += w * t[c].y;
    r.z += w * t[c].z;
    r.w += w * t[c].w;
  }
  r.x *= 0.00390625f;
  r.y *= 0.00390625f;
  r.z *= 0.00390625f;
  r.w *= 0.00390625f;
  return r;
}

/* A float-returning fetch at texture coordinates (x, y, z) of a layer:
 * point filtering takes floor(u); linear filtering (verified against an
 * H100, docs/textures.md) splits u - 0.5 into a texel and a weight
 * rounded to 1/256, takes the corner weights of __cuwa_tex_weights2, and
 * reads a 1D texture as a 2D one of height 1 at y = 0 (so rows -1 and 0
 * at weight 1/2 each: the border colour shows under border addressing). */
__device__ float4 __cuwa_tex_sample_f(const CuwaTexDesc *d, float x, float y, float z,
                                      int layer) {
  float u = __cuwa_tex_scale(d, x, (int)d->width);
  float v = d->dims > 1u ? __cuwa_tex_scale(d, y, (int)d->height) : 0.0f;
  float w = d->dims > 2u ? __cuwa_tex_scale(d, z, (int)d->depth) : 0.0f;
  if (!d->linear)
    return __cuwa_tex_point_f(d, __cuwa_tex_floor(u), __cuwa_tex_floor(v), __cuwa_tex_floor(w),
                              layer);
  int i, j, k = 0, q[8];
  float4 t[8];
  int a = __cuwa_tex_split(u - 0.5f, &i);
  if (d->dims == 1u) {
    /* rows -1 and 0 of a texture of height 1 */
    __cuwa_tex_weights2(a, 128, q);
    int bord = d->address[1] == CUWA_TEX_BORDER;
    t[0] = bord ? __cuwa_tex_border_f(d) : __cuwa_tex_point_f(d, i, 0, 0, layer);
    t[1] = bord ? t[0] : __cuwa_tex_point_f(d, i + 1, 0, 0, layer);
    t[2] = __cuwa_tex_point_f(d, i, 0, 0, layer);
    t[3] = __cuwa_tex_point_f(d, i + 1, 0, 0, layer);
    return __cuwa_tex_blend(d, t, q, 4u);
  }
  int b = __cuwa_tex_split(v - 0.5f, &j);
  __cuwa_tex_weights2(a, b, q);
  unsigned int n = 4u;
  if (d->dims > 2u) {
    /* each 2D weight split by the third fraction, rounded the same way
     * (not verified on hardware: see docs/textures.md) */
    int c = __cuwa_tex_split(w - 0.5f, &k);
    for (unsigned int m = 0; m < 4u; m++) {
      int hi = (q[m] * c + 128) >> 8;
      q[m + 4u] = hi;
      q[m] -= hi;
    }
    n = 8u;
  }
  for (unsigned int m = 0; m < n; m++)
    t[m] = __cuwa_tex_point_f(d, i + (int)(m & 1u), j + (int)((m >> 1) & 1u),
                              k + (int)(m >> 2), layer);
  return __cuwa_tex_blend(d, t, q, n);
}

/* An integer fetch (cudaReadModeElementType on integer formats): point
 * filtering only (linear is refused when the object is created). */
__device__ uint4 __cuwa_tex_sample_u(const CuwaTexDesc *d, float x, float y, float z,
                                     int layer) {
  int i = __cuwa_tex_floor(__cuwa_tex_scale(d, x, (int)d->width));
  int j = d->dims > 1u ? __cuwa_tex_floor(__cuwa_tex_scale(d, y, (int)d->height)) : 0;
  int k = d->dims > 2u ? __cuwa_tex_floor(__cuwa_tex_scale(d, z, (int)d->depth)) : 0;
  int a = __cuwa_tex_address(i, (int)d->width, d->address[0]);
  int b = d->dims > 1u ? __cuwa_tex_address(j, (int)d->height, d->address[1]) : 0;
  int c = d->dims > 2u ? __cuwa_tex_address(k, (int)d->depth, d->address[2]) : layer;
  if (a < 0 || b < 0 || c < 0)
    return make_uint4((unsigned int)(int)d->border[0], (unsigned int)(int)d->border[1],
                      (unsigned int)(int)d->border[2], (unsigned int)(int)d->border[3]);
  return __cuwa_tex_texel_u(d, __cuwa_tex_at(d, a, b, c));
}

/* The fast path of 2D point fetches from 1-channel 32-bit floats (the
 * common case on the CPU, where the generic path costs ~15 loads' time);
 * same result as __cuwa_tex_sample_f. */
__device__ __forceinline__ float __cuwa_tex_point2d_f32(const CuwaTexDesc *d, float x, float y,
                                                        int layer) {
  int w = (int)d->width, hh = (int)d->height;
  int a = __cuwa_tex_address(__cuwa_tex_floor(__cuwa_tex_scale(d, x, w)), w, d->address[0]);
  int b = __cuwa_tex_address(__cuwa_tex_floor(__cuwa_tex_scale(d, y, hh)), hh, d->address[1]);
  if (a < 0 || b < 0) return d->border[0];
  return *(const float *)__cuwa_tex_at(d, a, b, layer);
}

/* Every fetch: four 32-bit words, float bits when the texture returns
 * floats, integer bits otherwise; __cuwa_tex_cvt makes the T asked for. */
__device__ uint4 __cuwa_tex_fetch_any(const CuwaTexDesc *d, float x, float y, float z,
                                      int layer) {
  if (d->ret_float) {
    float4 f = __cuwa_tex_sample_f(d, x, y, z, layer);
    return make_uint4(__float_as_uint(f.x), __float_as_uint(f.y), __float_as_uint(f.z),
                      __float_as_uint(f.w));
  }
  return __cuwa_tex_sample_u(d, x, y, z, layer);
}

/* Inlined into the caller, so that the CPU's thread loops keep the fast
 * path in line (and vectorizable). */
__device__ __forceinline__ uint4 __cuwa_tex_fetch(unsigned long long h, float x, float y,
                                                  float z, int layer) {
  const CuwaTexDesc *d = __cuwa_tex_desc(h);
  int layers = (int)d->layers;
  /* clamped as an unsigned number, as an H100 does: layer -1 reads the last */
  layer = (unsigned int)layer >= (unsigned int)layers ? layers - 1 : layer;
  if (d->fast_f32_2d && !d->linear)
    return make_uint4(__float_as_uint(__cuwa_tex_point2d_f32(d, x, y, layer)), 0u, 0u,
                      0x3f800000u);
  return __cuwa_tex_fetch_any(d, x, y, z, layer);
}

/* tex1Dfetch: element x of linear memory, no filtering or addressing;
 * outside the range it reads zero. */
__device__ uint4 __cuwa_tex_fetch_linear(unsigned long long h, int x) {
  const CuwaTexDesc *d = __cuwa_tex_desc(h);
  if (x < 0 || x >= (int)d->width) return make_uint4(0u, 0u, 0u, 0u);
  const unsigned char *p = __cuwa_tex_at(d, x, 0, 0);
  if (d->ret_float) {
    float4 f = __cuwa_tex_texel_f(d, p);
    return make_uint4(__float_as_uint(f.x), __float_as_uint(f.y), __float_as_uint(f.z),
                      __float_as_uint(f.w));
  }
  return __cuwa_tex_texel_u(d, p);
}

/* texCubemap: the face and the face coordinates of direction (x, y, z)
 * (the guide's cubemap table), fetched as a normalized 2D layer. */
__device__ uint4 __cuwa_tex_fetch_cube(unsigned long long h, float x, float y, float z,
                                       int layer) {
  float ax = fabsf(x), ay = fabsf(y), az = fabsf(z), m, s, t;
  int face;
  if (ax >= ay && ax >= az) {
    face = x >= 0.0f ? 0 : 1;
    m = ax;
    s = x >= 0.0f ? -z : z;
    t = -y;
  } else if (ay >= az) {
    face = y >= 0.0f ? 2 : 3;
    m = ay;
    s = x;
    t = y >= 0.0f ? z : -z;
  } else {
    face = z >= 0.0f ? 4 : 5;
    m = az;
    s = z >= 0.0f ? x : -x;
    t = -y;
  }
  const CuwaTexDesc *d = __cuwa_tex_desc(h);
  float u = (s / m + 1.0f) * 0.5f, v = (t / m + 1.0f) * 0.5f;
  if (!d->normalized) { /* unnormalized cubemap coordinates are texels */
    u *= (float)d->width;
    v *= (float)d->height;
  }
  return __cuwa_tex_fetch(h, u, v, 0.0f, layer * 6 + face);
}

/* The result types of texture fetches (CUDA's specializations). */
#define CUWA_TEX_CVT_F(T, body) \
  __device__ __forceinline__ void __cuwa_tex_cvt(T *r, uint4 b) { body; }
CUWA_TEX_CVT_F(float, *r = __uint_as_float(b.x))
CUWA_TEX_CVT_F(float1, r->x = __uint_as_float(b.x))
CUWA_TEX_CVT_F(float2, r->x = __uint_as_float(b.x); r->y = __uint_as_float(b.y))
CUWA_TEX_CVT_F(float4, r->x = __uint_as_float(b.x); r->y = __uint_as_float(b.y);
               r->z = __uint_as_float(b.z); r->w = __uint_as_float(b.w))
#define CUWA_TEX_CVT_I(S, T1, T2, T4)                                         \
  CUWA_TEX_CVT_F(S, *r = (S)b.x)                                              \
  CUWA_TEX_CVT_F(T1, r->x = (S)b.x)                                           \
  CUWA_TEX_CVT_F(T2, r->x = (S)b.x; r->y = (S)b.y)                            \
  CUWA_TEX_CVT_F(T4, r->x = (S)b.x; r->y = (S)b.y; r->z = (S)b.z; r->w = (S)b.w)
CUWA_TEX_CVT_I(int, int1, int2, int4)
CUWA_TEX_CVT_I(unsigned int, uint1, uint2, uint4)
CUWA_TEX_CVT_I(signed char, char1, char2, char4)
CUWA_TEX_CVT_I(unsigned char, uchar1, uchar2, uchar4)
CUWA_TEX_CVT_I(short, short1, short2, short4)
CUWA_TEX_CVT_I(unsigned short, ushort1, ushort2, ushort4)
#undef CUWA_TEX_CVT_I
#undef CUWA_TEX_CVT_F

template <class T> __device__ __forceinline__ T __cuwa_tex_as(uint4 b) {
  T r;
  __cuwa_tex_cvt(&r, b);
  return r;
}

/* Texture fetches: the template form tex2D<T>(obj, x, y) and the
 * out-parameter form tex2D(&v, obj, x, y). The out-parameter forms have a
 * second, defaulted template parameter so that their instances are named
 * apart from the template form's (tex2D<float, 1> and tex2D<float>):
 * cuwa's front end keys a function template's instances by name and
 * arguments only. They are declared after the template forms, which an
 * explicit tex2D<T>(...) call must find first. */
template <class T> __device__ __forceinline__ T tex1Dfetch(cudaTextureObject_t t, int x) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch_linear(t, x));
}
template <class T, int __cuwa_out = 1> __device__ __forceinline__ void tex1Dfetch(T *r, cudaTextureObject_t t, int x) {
  *r = __cuwa_tex_as<T>(__cuwa_tex_fetch_linear(t, x));
}
template <class T> __device__ __forceinline__ T tex1D(cudaTextureObject_t t, float x) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, 0.0f, 0.0f, 0));
}
template <class T, int __cuwa_out = 1> __device__ __forceinline__ void tex1D(T *r, cudaTextureObject_t t, float x) {
  *r = __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, 0.0f, 0.0f, 0));
}
template <class T> __device__ __forceinline__ T tex2D(cudaTextureObject_t t, float x, float y) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, y, 0.0f, 0));
}
template <class T, int __cuwa_out = 1> __device__ __forceinline__ void tex2D(T *r, cudaTextureObject_t t, float x, float y) {
  *r = __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, y, 0.0f, 0));
}
template <class T> __device__ __forceinline__ T tex3D(cudaTextureObject_t t, float x, float y, float z) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, y, z, 0));
}
template <class T, int __cuwa_out = 1>
__device__ __forceinline__ void tex3D(T *r, cudaTextureObject_t t, float x, float y, float z) {
  *r = __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, y, z, 0));
}
template <class T> __device__ __forceinline__ T tex1DLayered(cudaTextureObject_t t, float x, int layer) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, 0.0f, 0.0f, layer));
}
template <class T, int __cuwa_out = 1>
__device__ __forceinline__ void tex1DLayered(T *r, cudaTextureObject_t t, float x, int layer) {
  *r = __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, 0.0f, 0.0f, layer));
}
template <class T>
__device__ __forceinline__ T tex2DLayered(cudaTextureObject_t t, float x, float y, int layer) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, y, 0.0f, layer));
}
template <class T, int __cuwa_out = 1>
__device__ __forceinline__ void tex2DLayered(T *r, cudaTextureObject_t t, float x, float y, int layer) {
  *r = __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, y, 0.0f, layer));
}
template <class T> __device__ __forceinline__ T texCubemap(cudaTextureObject_t t, float x, float y, float z) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch_cube(t, x, y, z, 0));
}
template <class T, int __cuwa_out = 1>
__device__ __forceinline__ void texCubemap(T *r, cudaTextureObject_t t, float x, float y, float z) {
  *r = __cuwa_tex_as<T>(__cuwa_tex_fetch_cube(t, x, y, z, 0));
}
template <class T>
__device__ __forceinline__ T texCubemapLayered(cudaTextureObject_t t, float x, float y, float z, int layer) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch_cube(t, x, y, z, layer));
}
template <class T, int __cuwa_out = 1>
__device__ __forceinline__ void texCubemapLayered(T *r, cudaTextureObject_t t, float x, float y, float z,
                                  int layer) {
  *r = __cuwa_tex_as<T>(__cuwa_tex_fetch_cube(t, x, y, z, layer));
}
/* No mipmapped arrays: level 0 is the only level. */
template <class T> __device__ __forceinline__ T tex1DLod(cudaTextureObject_t t, float x, float level) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, 0.0f, 0.0f, 0));
}
template <class T>
__device__ __forceinline__ T tex2DLod(cudaTextureObject_t t, float x, float y, float level) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, y, 0.0f, 0));
}
template <class T>
__device__ __forceinline__ T tex3DLod(cudaTextureObject_t t, float x, float y, float z, float level) {
  return __cuwa_tex_as<T>(__cuwa_tex_fetch(t, x, y, z, 0));
}

/* Surfaces: x is a byte offset; T is stored as it is in memory. Out of
 * range, cudaBoundaryModeZero reads 0 and drops writes, Clamp moves to the
 * nearest element, Trap fails the launch (through __assert_fail, so the
 * launch reports cudaErrorAssert where CUDA reports a launch failure). */
#ifndef __CUWA_ASSERT_FAIL_DECLARED
#define __CUWA_ASSERT_FAIL_DECLARED
__host__ __device__ void __assert_fail(const char *expr, const char *file,
                                       unsigned line, const char *func);
#endif

/* The byte address of (x bytes, y, z) in a surface, or 0 when out of
 * range under cudaBoundaryModeZero. */
__device__ unsigned long long __cuwa_surf_addr(unsigned long long h, int x, int y, int z,
                                               unsigned int size, int mode) {
  const CuwaTexDesc *d = __cuwa_tex_desc(h);
  int row = (int)(d->width * d->elem), n = (int)d->height, m = (int)d->layers;
  if (d->dims > 2u) m = (int)d->depth;
  bool out = x < 0 || x + (int)size > row || y < 0 || y >= n || z < 0 || z >= m;
  if (out) {
    if (mode == cudaBoundaryModeZero) return 0ull;
    if (mode == cudaBoundaryModeTrap) {
      __assert_fail("surface access out of range (cudaBoundaryModeTrap)", __FILE__,
                    __LINE__, "surface function");
      return 0ull;
    }
    x = x < 0 ? 0 : (x + (int)size > row ? row - (int)d->elem : x);
    y = y < 0 ? 0 : (y >= n ? n - 1 : y);
    z = z < 0 ? 0 : (z >= m ? m - 1 : z);
  }
  return d->data + (unsigned long long)z * d->slice + (unsigned long long)y * d->pitch +
         (unsigned long long)x;
}

template <class T> __device__ T __cuwa_surf_read(unsigned long long h, int x, int y, int z,
                                                 int mode) {
  unsigned long long a = __cuwa_surf_addr(h, x, y, z, sizeof(T), mode);
  T r;
  if (a) {
    r = *(const T *)a;
  } else {
    /* zero, byte by byte: T may be any element type */
    unsigned char *p = (unsigned char *)&r;
    for (unsigned int i = 0; i < sizeof(T); i++) p[i] = 0;
  }
  return r;
}

template <class T> __device__ void __cuwa_surf_write(T v, unsigned long long h, int x, int y,
                                                     int z, int mode) {
  unsigned long long a = __cuwa_surf_addr(h, x, y, z, sizeof(T), mode);
  if (a) *(T *)a = v;
}

template <class T>
__device__ T surf1Dread(cudaSurfaceObject_t s, int x,
                        cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  return __cuwa_surf_read<T>(s, x, 0, 0, mode);
}
template <class T, int __cuwa_out = 1>
__device__ void surf1Dread(T *r, cudaSurfaceObject_t s, int x,
                           cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  *r = __cuwa_surf_read<T>(s, x, 0, 0, mode);
}
template <class T>
__device__ T surf2Dread(cudaSurfaceObject_t s, int x, int y,
                        cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  return __cuwa_surf_read<T>(s, x, y, 0, mode);
}
template <class T, int __cuwa_out = 1>
__device__ void surf2Dread(T *r, cudaSurfaceObject_t s, int x, int y,
                           cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  *r = __cuwa_surf_read<T>(s, x, y, 0, mode);
}
template <class T>
__device__ T surf3Dread(cudaSurfaceObject_t s, int x, int y, int z,
                        cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  return __cuwa_surf_read<T>(s, x, y, z, mode);
}
template <class T, int __cuwa_out = 1>
__device__ void surf3Dread(T *r, cudaSurfaceObject_t s, int x, int y, int z,
                           cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  *r = __cuwa_surf_read<T>(s, x, y, z, mode);
}
template <class T>
__device__ T surf1DLayeredread(cudaSurfaceObject_t s, int x, int layer,
                               cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  return __cuwa_surf_read<T>(s, x, 0, layer, mode);
}
template <class T, int __cuwa_out = 1>
__device__ void surf1DLayeredread(T *r, cudaSurfaceObject_t s, int x, int layer,
                                  cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  *r = __cuwa_surf_read<T>(s, x, 0, layer, mode);
}
template <class T>
__device__ T surf2DLayeredread(cudaSurfaceObject_t s, int x, int y, int layer,
                               cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  return __cuwa_surf_read<T>(s, x, y, layer, mode);
}
template <class T, int __cuwa_out = 1>
__device__ void surf2DLayeredread(T *r, cudaSurfaceObject_t s, int x, int y, int layer,
                                  cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  *r = __cuwa_surf_read<T>(s, x, y, layer, mode);
}
template <class T>
__device__ void surf1Dwrite(T v, cudaSurfaceObject_t s, int x,
                            cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  __cuwa_surf_write<T>(v, s, x, 0, 0, mode);
}
template <class T>
__device__ void surf2Dwrite(T v, cudaSurfaceObject_t s, int x, int y,
                            cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  __cuwa_surf_write<T>(v, s, x, y, 0, mode);
}
template <class T>
__device__ void surf3Dwrite(T v, cudaSurfaceObject_t s, int x, int y, int z,
                            cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  __cuwa_surf_write<T>(v, s, x, y, z, mode);
}
template <class T>
__device__ void surf1DLayeredwrite(T v, cudaSurfaceObject_t s, int x, int layer,
                                   cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  __cuwa_surf_write<T>(v, s, x, 0, layer, mode);
}
template <class T>
__device__ void surf2DLayeredwrite(T v, cudaSurfaceObject_t s, int x, int y, int layer,
                                   cudaSurfaceBoundaryMode mode = cudaBoundaryModeTrap) {
  __cuwa_surf_write<T>(v, s, x, y, layer, mode);
}

#endif
