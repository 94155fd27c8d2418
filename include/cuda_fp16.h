/* cuda_fp16.h: CUDA's half precision (__half, __half2) for device code
 * (cuwa's device pass reads this file through cuwa/device/cuda_fp16.h)
 * and for host code (any C++ compiler). A __half is its IEEE binary16
 * bits; every operation converts to float, computes there and rounds
 * back with exact integer code (round to nearest even unless the name
 * says _rz/_ru/_rd; subnormals, infinities and NaN as IEEE), so results
 * are bit-exact: float carries 24 >= 2 * 11 + 2 bits, so + - * / sqrt
 * through float round as if done directly, and __hfma uses round-to-odd.
 * Operators (a + b, a < b, ...) are defined for host and device code. */
#ifndef __CUDA_FP16_H__
#define __CUDA_FP16_H__

#if !defined(__CUDACC__) && !defined(__CUDA_ARCH__)
/* plain host C++: CUDA's function annotations mean nothing here */
#ifndef __host__
#define __host__
#endif
#ifndef __device__
#define __device__
#endif
#endif

#ifndef __CUDA_ARCH__
#include <math.h>
#include "vector_types.h"
#endif

#define __CUWA_HFN static __inline__ __host__ __device__

/* ---- bits --------------------------------------------------------------- */

#ifdef __CUDA_ARCH__
#define __cuwa_f2u(f) __float_as_uint(f)
#define __cuwa_u2f(u) __uint_as_float(u)
#else
__CUWA_HFN unsigned __cuwa_f2u(float f) { unsigned u; __builtin_memcpy(&u, &f, 4); return u; }
__CUWA_HFN float __cuwa_u2f(unsigned u) { float f; __builtin_memcpy(&f, &u, 4); return f; }
#endif

/* float -> binary16 bits; mode 0 nearest even, 1 toward zero, 2 up, 3 down */
__CUWA_HFN unsigned short __cuwa_f2h(float f, int mode) {
  unsigned x = __cuwa_f2u(f);
  unsigned sign = (x >> 16) & 0x8000u, a = x & 0x7fffffffu;
  if (a > 0x7f800000u) return 0x7fffu;                /* NaN: canonical, as cvt */
  if (a == 0x7f800000u) return (unsigned short)(sign | 0x7c00u);
  int e = (int)(a >> 23);
  bool up_ok = mode == 2 ? sign == 0 : mode == 3 ? sign != 0 : false;
  if (e > 142) {                                      /* beyond 65504 */
    if (mode == 0 || up_ok) return (unsigned short)(sign | 0x7c00u);
    return (unsigned short)(sign | 0x7bffu);
  }
  unsigned m = (a & 0x7fffffu) | (e ? 0x800000u : 0u), h, rem, halfway;
  int s;
  if (e >= 113) {                                     /* normal half */
    h = ((unsigned)(e - 112) << 10) | ((a & 0x7fffffu) >> 13);
    rem = a & 0x1fffu;
    halfway = 0x1000u;
  } else {                                            /* subnormal half or zero */
    s = 126 - (e ? e : 1);                            /* m counts 2^(e-150), a half 2^-24 */
    if (s > 31) { h = 0; rem = m ? 1u : 0u; halfway = 0x80000000u; }
    else { h = m >> s; rem = m & ((1u << s) - 1u); halfway = 1u << (s - 1); }
  }
  if (mode == 0) {
    if (rem > halfway || (rem == halfway && (h & 1u))) h++;
  } else if (up_ok && rem) {
    h++;
  }
  return (unsigned short)(sign | h);
}

__CUWA_HFN float __cuwa_h2f(unsigned short h) {
  unsigned sign = (unsigned)(h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
  if (e == 31) return __cuwa_u2f(sign | 0x7f800000u | (m << 13) | (m ? 0x400000u : 0u));
  if (e == 0) {
    float v = (float)m * 5.9604644775390625e-8f;     /* m * 2^-24, exact */
    return sign ? -v : v;
  }
  return __cuwa_u2f(sign | ((e + 112u) << 23) | (m << 13));
}

/* ---- the types ------------------------------------------------------------- */

/* As CUDA's: constructible from float (rounding to nearest even; other
 * arithmetic types convert to float first) and
 * convertible to float; __half2 is 4-byte aligned (atomicAdd, 32-bit
 * loads) and constructible from two halves. */
typedef struct __half {
  unsigned short __x;
  __host__ __device__ __half() = default;
  __host__ __device__ __half(float f) { __x = __cuwa_f2h(f, 0); }
  __host__ __device__ operator float() const { return __cuwa_h2f(__x); }
} __half;
typedef struct __attribute__((aligned(4))) __half2 {
  __half x, y;
  __host__ __device__ __half2() = default;
  __host__ __device__ __half2(__half a, __half b) { x = a; y = b; }
} __half2;
typedef struct __half_raw { unsigned short x; } __half_raw;
typedef struct __half2_raw { unsigned short x, y; } __half2_raw;
typedef __half half;
typedef __half2 half2;

__CUWA_HFN __half __cuwa_mkh(unsigned short x) { __half h; h.__x = x; return h; }
__CUWA_HFN __half2 __cuwa_mkh2(__half a, __half b) { __half2 r; r.x = a; r.y = b; return r; }

/* ---- conversions ----------------------------------------------------------- */

__CUWA_HFN float __half2float(__half a) { return __cuwa_h2f(a.__x); }
__CUWA_HFN __half __float2half(float a) { return __cuwa_mkh(__cuwa_f2h(a, 0)); }
__CUWA_HFN __half __float2half_rn(float a) { return __cuwa_mkh(__cuwa_f2h(a, 0)); }
__CUWA_HFN __half __float2half_rz(float a) { return __cuwa_mkh(__cuwa_f2h(a, 1)); }
__CUWA_HFN __half __float2half_ru(float a) { return __cuwa_mkh(__cuwa_f2h(a, 2)); }
__CUWA_HFN __half __float2half_rd(float a) { return __cuwa_mkh(__cuwa_f2h(a, 3)); }
/* double -> float -> half can round twice; through round-to-odd float it
 * cannot (24 >= 11 + 2) */
__CUWA_HFN __half __double2half(double a) {
  float f = (float)a;
  if (f == f && (double)f != a && !(f - f != 0.0f)) {
    unsigned u = __cuwa_f2u(f);
    /* away from zero when |a| > |f| (f may be a zero of either sign) */
    if (!(u & 1u)) u += fabs(a) > fabs((double)f) ? 1u : 0xffffffffu;
    f = __cuwa_u2f(u);
  }
  return __cuwa_mkh(__cuwa_f2h(f, 0));
}
__CUWA_HFN __half2 __float2half2_rn(float a) { __half h = __float2half(a); return __cuwa_mkh2(h, h); }
__CUWA_HFN __half2 __floats2half2_rn(float a, float b) {
  return __cuwa_mkh2(__float2half(a), __float2half(b));
}
__CUWA_HFN float __low2float(__half2 a) { return __half2float(a.x); }
__CUWA_HFN float __high2float(__half2 a) { return __half2float(a.y); }
__CUWA_HFN __half __low2half(__half2 a) { return a.x; }
__CUWA_HFN __half __high2half(__half2 a) { return a.y; }
__CUWA_HFN __half2 __halves2half2(__half a, __half b) { return __cuwa_mkh2(a, b); }
__CUWA_HFN __half2 __half2half2(__half a) { return __cuwa_mkh2(a, a); }
__CUWA_HFN __half2 __low2half2(__half2 a) { return __cuwa_mkh2(a.x, a.x); }
__CUWA_HFN __half2 __high2half2(__half2 a) { return __cuwa_mkh2(a.y, a.y); }
__CUWA_HFN __half2 __lows2half2(__half2 a, __half2 b) { return __cuwa_mkh2(a.x, b.x); }
__CUWA_HFN __half2 __highs2half2(__half2 a, __half2 b) { return __cuwa_mkh2(a.y, b.y); }
__CUWA_HFN __half2 __lowhigh2highlow(__half2 a) { return __cuwa_mkh2(a.y, a.x); }
__CUWA_HFN short __half_as_short(__half a) { return (short)a.__x; }
__CUWA_HFN unsigned short __half_as_ushort(__half a) { return a.__x; }
__CUWA_HFN __half __short_as_half(short a) { return __cuwa_mkh((unsigned short)a); }
__CUWA_HFN __half __ushort_as_half(unsigned short a) { return __cuwa_mkh(a); }

/* half -> integer: the exact float value rounded as named, saturating,
 * NaN -> 0 (as cvt) */
__CUWA_HFN float __cuwa_hround(__half a, int mode) {
  float f = __half2float(a);
  return mode == 0 ? rintf(f) : mode == 1 ? truncf(f) : mode == 2 ? ceilf(f) : floorf(f);
}
#define __CUWA_H2I(NAME, T, LO, HI)                                        \
  __CUWA_HFN T NAME##_rn(__half a) { return (T)__cuwa_hsat(a, 0, LO, HI); } \
  __CUWA_HFN T NAME##_rz(__half a) { return (T)__cuwa_hsat(a, 1, LO, HI); } \
  __CUWA_HFN T NAME##_ru(__half a) { return (T)__cuwa_hsat(a, 2, LO, HI); } \
  __CUWA_HFN T NAME##_rd(__half a) { return (T)__cuwa_hsat(a, 3, LO, HI); }
__CUWA_HFN long long __cuwa_hsat(__half a, int mode, long long lo, long long hi) {
  float f = __cuwa_hround(a, mode);
  if (f != f) return 0;
  if (f <= (float)lo) return lo;
  if (f >= (float)hi) return hi;
  return (long long)f;
}
__CUWA_H2I(__half2short, short, -32768LL, 32767LL)
__CUWA_H2I(__half2ushort, unsigned short, 0LL, 65535LL)
__CUWA_H2I(__half2int, int, -2147483647LL - 1, 2147483647LL)
__CUWA_H2I(__half2uint, unsigned, 0LL, 4294967295LL)
__CUWA_H2I(__half2ll, long long, -9223372036854775807LL - 1, 9223372036854775807LL)
__CUWA_H2I(__half2ull, unsigned long long, 0LL, 9223372036854775807LL)
/* integer -> half: exact in float below 2^24, and larger ones overflow
 * half in every mode, so the float's own rounding never matters */
#define __CUWA_I2H(NAME, T)                                                              \
  __CUWA_HFN __half NAME##_rn(T i) { return __cuwa_mkh(__cuwa_f2h((float)i, 0)); }      \
  __CUWA_HFN __half NAME##_rz(T i) { return __cuwa_mkh(__cuwa_f2h((float)i, 1)); }      \
  __CUWA_HFN __half NAME##_ru(T i) { return __cuwa_mkh(__cuwa_f2h((float)i, 2)); }      \
  __CUWA_HFN __half NAME##_rd(T i) { return __cuwa_mkh(__cuwa_f2h((float)i, 3)); }
__CUWA_I2H(__short2half, short)
__CUWA_I2H(__ushort2half, unsigned short)
__CUWA_I2H(__int2half, int)
__CUWA_I2H(__uint2half, unsigned)
__CUWA_I2H(__ll2half, long long)
__CUWA_I2H(__ull2half, unsigned long long)

/* ---- arithmetic -------------------------------------------------------------- */

#define __CUWA_HF(a) __half2float(a)
#define __CUWA_FH(f) __float2half(f)
__CUWA_HFN __half __hsub(__half a, __half b) { return __CUWA_FH(__CUWA_HF(a) - __CUWA_HF(b)); }
__CUWA_HFN __half __hmul(__half a, __half b) { return __CUWA_FH(__CUWA_HF(a) * __CUWA_HF(b)); }
__CUWA_HFN __half __hdiv(__half a, __half b) { return __CUWA_FH(__CUWA_HF(a) / __CUWA_HF(b)); }
__CUWA_HFN __half __hneg(__half a) { return __cuwa_mkh((unsigned short)(a.__x ^ 0x8000u)); }
__CUWA_HFN __half __habs(__half a) { return __cuwa_mkh((unsigned short)(a.__x & 0x7fffu)); }
/* a * b + c rounded once: the product is exact in float, the sum is
 * rounded to odd (two-sum error decides), then to half */
__CUWA_HFN __half __hfma(__half a, __half b, __half c) {
  float p = __CUWA_HF(a) * __CUWA_HF(b), q = __CUWA_HF(c), s = p + q;
  if (s - s == 0.0f) {
    float bp = s - q, e = (p - bp) + (q - (s - bp));
    unsigned u = __cuwa_f2u(s);
    if (e != 0.0f && !(u & 1u)) s = __cuwa_u2f(((e > 0.0f) == (s > 0.0f)) ? u + 1u : u - 1u);
  }
  return __CUWA_FH(s);
}
__CUWA_HFN float __cuwa_sat(float f) { return f >= 1.0f ? 1.0f : f > 0.0f ? f : 0.0f; }
__CUWA_HFN __half __hadd_sat(__half a, __half b) {
  return __CUWA_FH(__cuwa_sat(__CUWA_HF(__CUWA_FH(__CUWA_HF(a) + __CUWA_HF(b)))));
}
__CUWA_HFN __half __hsub_sat(__half a, __half b) {
  return __CUWA_FH(__cuwa_sat(__CUWA_HF(__hsub(a, b))));
}
__CUWA_HFN __half __hmul_sat(__half a, __half b) {
  return __CUWA_FH(__cuwa_sat(__CUWA_HF(__hmul(a, b))));
}
__CUWA_HFN __half __hfma_sat(__half a, __half b, __half c) {
  return __CUWA_FH(__cuwa_sat(__CUWA_HF(__hfma(a, b, c))));
}
__CUWA_HFN bool __hisnan(__half a) { return (a.__x & 0x7fffu) > 0x7c00u; }
/* -1, 1 or 0 for -inf, +inf, anything else */
__CUWA_HFN int __hisinf(__half a) {
  return a.__x == 0x7c00u ? 1 : a.__x == 0xfc00u ? -1 : 0;
}
__CUWA_HFN __half __hmax(__half a, __half b) {
  if (__hisnan(a)) return __hisnan(b) ? __cuwa_mkh(0x7fffu) : b;
  if (__hisnan(b)) return a;
  return __CUWA_HF(a) > __CUWA_HF(b) || (__CUWA_HF(a) == __CUWA_HF(b) && !(a.__x & 0x8000u)) ? a : b;
}
__CUWA_HFN __half __hmin(__half a, __half b) {
  if (__hisnan(a)) return __hisnan(b) ? __cuwa_mkh(0x7fffu) : b;
  if (__hisnan(b)) return a;
  return __CUWA_HF(a) < __CUWA_HF(b) || (__CUWA_HF(a) == __CUWA_HF(b) && (a.__x & 0x8000u)) ? a : b;
}
__CUWA_HFN __half __hmax_nan(__half a, __half b) {
  return __hisnan(a) || __hisnan(b) ? __cuwa_mkh(0x7fffu) : __hmax(a, b);
}
__CUWA_HFN __half __hmin_nan(__half a, __half b) {
  return __hisnan(a) || __hisnan(b) ? __cuwa_mkh(0x7fffu) : __hmin(a, b);
}

/* comparisons: ordered (false with a NaN) and unordered (u: true) */
#define __CUWA_HCMP(NAME, OP)                                                            \
  __CUWA_HFN bool NAME(__half a, __half b) { return __CUWA_HF(a) OP __CUWA_HF(b); }     \
  __CUWA_HFN bool NAME##u(__half a, __half b) {                                          \
    return __hisnan(a) || __hisnan(b) || __CUWA_HF(a) OP __CUWA_HF(b);                  \
  }
__CUWA_HCMP(__heq, ==)
__CUWA_HCMP(__hlt, <)
__CUWA_HCMP(__hle, <=)
__CUWA_HCMP(__hgt, >)
__CUWA_HCMP(__hge, >=)
__CUWA_HFN bool __hne(__half a, __half b) { return !__hisnan(a) && !__hisnan(b) && __CUWA_HF(a) != __CUWA_HF(b); }
__CUWA_HFN bool __hneu(__half a, __half b) { return __CUWA_HF(a) != __CUWA_HF(b); }

/* ---- math: computed in float, rounded once (CUDA documents these as
 * approximations; cuwa's are within 1 half ulp) ------------------------------- */

#define __CUWA_HMATH(NAME, F) \
  __CUWA_HFN __half NAME(__half a) { return __CUWA_FH(F(__CUWA_HF(a))); }
__CUWA_HFN float __cuwa_rcpf(float f) { return 1.0f / f; }
__CUWA_HFN float __cuwa_rsqrtf(float f) { return 1.0f / sqrtf(f); }
__CUWA_HFN float __cuwa_exp10f(float f) { return (float)pow(10.0, (double)f); }
__CUWA_HMATH(hsqrt, sqrtf)
__CUWA_HMATH(hrsqrt, __cuwa_rsqrtf)
__CUWA_HMATH(hrcp, __cuwa_rcpf)
__CUWA_HMATH(hexp, expf)
__CUWA_HMATH(hexp2, exp2f)
__CUWA_HMATH(hexp10, __cuwa_exp10f)
__CUWA_HMATH(hlog, logf)
__CUWA_HMATH(hlog2, log2f)
__CUWA_HMATH(hlog10, log10f)
__CUWA_HMATH(hsin, sinf)
__CUWA_HMATH(hcos, cosf)
__CUWA_HMATH(htanh, tanhf)
__CUWA_HMATH(hceil, ceilf)
__CUWA_HMATH(hfloor, floorf)
__CUWA_HMATH(htrunc, truncf)
__CUWA_HMATH(hrint, rintf)

/* ---- __half2: each half independently ------------------------------------------- */

#define __CUWA_H2_1(NAME, F) \
  __CUWA_HFN __half2 NAME(__half2 a) { return __cuwa_mkh2(F(a.x), F(a.y)); }
#define __CUWA_H2_2(NAME, F) \
  __CUWA_HFN __half2 NAME(__half2 a, __half2 b) { return __cuwa_mkh2(F(a.x, b.x), F(a.y, b.y)); }
__CUWA_HFN __half __cuwa_hadd(__half a, __half b) { return __CUWA_FH(__CUWA_HF(a) + __CUWA_HF(b)); }
__CUWA_H2_2(__hadd2, __cuwa_hadd)
__CUWA_H2_2(__hsub2, __hsub)
__CUWA_H2_2(__hmul2, __hmul)
__CUWA_H2_2(__h2div, __hdiv)
__CUWA_H2_2(__hadd2_sat, __hadd_sat)
__CUWA_H2_2(__hsub2_sat, __hsub_sat)
__CUWA_H2_2(__hmul2_sat, __hmul_sat)
__CUWA_H2_2(__hmax2, __hmax)
__CUWA_H2_2(__hmin2, __hmin)
__CUWA_H2_2(__hmax2_nan, __hmax_nan)
__CUWA_H2_2(__hmin2_nan, __hmin_nan)
__CUWA_H2_1(__hneg2, __hneg)
__CUWA_H2_1(__habs2, __habs)
__CUWA_H2_1(h2sqrt, hsqrt)
__CUWA_H2_1(h2rsqrt, hrsqrt)
__CUWA_H2_1(h2rcp, hrcp)
__CUWA_H2_1(h2exp, hexp)
__CUWA_H2_1(h2exp2, hexp2)
__CUWA_H2_1(h2exp10, hexp10)
__CUWA_H2_1(h2log, hlog)
__CUWA_H2_1(h2log2, hlog2)
__CUWA_H2_1(h2log10, hlog10)
__CUWA_H2_1(h2sin, hsin)
__CUWA_H2_1(h2cos, hcos)
__CUWA_H2_1(h2ceil, hceil)
__CUWA_H2_1(h2floor, hfloor)
__CUWA_H2_1(h2trunc, htrunc)
__CUWA_H2_1(h2rint, hrint)
__CUWA_HFN __half2 __hfma2(__half2 a, __half2 b, __half2 c) {
  return __cuwa_mkh2(__hfma(a.x, b.x, c.x), __hfma(a.y, b.y, c.y));
}
__CUWA_HFN __half2 __hfma2_sat(__half2 a, __half2 b, __half2 c) {
  return __cuwa_mkh2(__hfma_sat(a.x, b.x, c.x), __hfma_sat(a.y, b.y, c.y));
}
__CUWA_HFN __half2 __hisnan2(__half2 a) {
  return __cuwa_mkh2(__cuwa_mkh(__hisnan(a.x) ? 0x3c00u : 0u), __cuwa_mkh(__hisnan(a.y) ? 0x3c00u : 0u));
}
__CUWA_HFN float2 __half22float2(__half2 a) {
  float2 r;
  r.x = __half2float(a.x);
  r.y = __half2float(a.y);
  return r;
}
__CUWA_HFN __half2 __float22half2_rn(float2 a) { return __floats2half2_rn(a.x, a.y); }
/* comparisons of pairs: __heq2 gives 1.0/0.0 per half, __hbeq2 both */
#define __CUWA_H2CMP(NAME)                                                              \
  __CUWA_HFN __half2 NAME##2(__half2 a, __half2 b) {                                    \
    return __cuwa_mkh2(__cuwa_mkh(NAME(a.x, b.x) ? 0x3c00u : 0u),                        \
                       __cuwa_mkh(NAME(a.y, b.y) ? 0x3c00u : 0u));                       \
  }                                                                                     \
  __CUWA_HFN bool __hb##NAME##2_cuwa(__half2 a, __half2 b) { return NAME(a.x, b.x) && NAME(a.y, b.y); }
#define __CUWA_H2CMPS(OP)                                                               \
  __CUWA_H2CMP(__h##OP)                                                                 \
  __CUWA_H2CMP(__h##OP##u)                                                              \
  __CUWA_HFN bool __hb##OP##2(__half2 a, __half2 b) { return __hb__h##OP##2_cuwa(a, b); } \
  __CUWA_HFN bool __hb##OP##u2(__half2 a, __half2 b) { return __hb__h##OP##u2_cuwa(a, b); }
__CUWA_H2CMPS(eq)
__CUWA_H2CMPS(ne)
__CUWA_H2CMPS(lt)
__CUWA_H2CMPS(le)
__CUWA_H2CMPS(gt)
__CUWA_H2CMPS(ge)

/* __hadd last: on the device, cuwa sends __hadd(int, int) to the integer
 * intrinsic and calls with __half arguments here */
__CUWA_HFN __half __hadd(__half a, __half b) { return __cuwa_hadd(a, b); }

#ifdef __CUDA_ARCH__
/* warp shuffles of halves: the bits travel as an unsigned int */
__CUWA_HFN unsigned __cuwa_h2u(__half2 a) { return a.x.__x | ((unsigned)a.y.__x << 16); }
__CUWA_HFN __half2 __cuwa_u2h2(unsigned u) {
  return __cuwa_mkh2(__cuwa_mkh((unsigned short)u), __cuwa_mkh((unsigned short)(u >> 16)));
}
#define __CUWA_HSHFL(NAME, T)                                                              \
  static __inline__ __device__ __half NAME(unsigned m, __half v, T l, int w = 32) {        \
    return __cuwa_mkh((unsigned short)NAME(m, (unsigned)v.__x, l, w));                    \
  }                                                                                        \
  static __inline__ __device__ __half2 NAME(unsigned m, __half2 v, T l, int w = 32) {      \
    return __cuwa_u2h2(NAME(m, __cuwa_h2u(v), l, w));                                      \
  }
__CUWA_HSHFL(__shfl_sync, int)
__CUWA_HSHFL(__shfl_up_sync, unsigned)
__CUWA_HSHFL(__shfl_down_sync, unsigned)
__CUWA_HSHFL(__shfl_xor_sync, int)
#undef __CUWA_HSHFL

/* atomicAdd on halves (CUDA: sm_70+; returns the old value): a
 * compare-and-swap loop on the 16-bit (__half) or 32-bit (__half2, both
 * halves in one atomic step) word; the sum rounds as __hadd. */
static __inline__ __device__ __half atomicAdd(__half *address, __half val) {
  unsigned short *w = (unsigned short *)address;
  unsigned short old = *w, assumed;
  do {
    assumed = old;
    old = atomicCAS(w, assumed, __hadd(__cuwa_mkh(assumed), val).__x);
  } while (assumed != old);
  return __cuwa_mkh(old);
}
static __inline__ __device__ __half2 atomicAdd(__half2 *address, __half2 val) {
  unsigned *w = (unsigned *)address;
  unsigned old = *w, assumed;
  do {
    assumed = old;
    old = atomicCAS(w, assumed, __cuwa_h2u(__hadd2(__cuwa_u2h2(assumed), val)));
  } while (assumed != old);
  return __cuwa_u2h2(old);
}
#endif

__CUWA_HFN __half operator+(__half a, __half b) { return __cuwa_hadd(a, b); }
__CUWA_HFN __half operator-(__half a, __half b) { return __hsub(a, b); }
__CUWA_HFN __half operator*(__half a, __half b) { return __hmul(a, b); }
__CUWA_HFN __half operator/(__half a, __half b) { return __hdiv(a, b); }
__CUWA_HFN __half operator-(__half a) { return __hneg(a); }
__CUWA_HFN __half operator+(__half a) { return a; }
__CUWA_HFN __half &operator+=(__half &a, __half b) { a = __cuwa_hadd(a, b); return a; }
__CUWA_HFN __half &operator-=(__half &a, __half b) { a = __hsub(a, b); return a; }
__CUWA_HFN __half &operator*=(__half &a, __half b) { a = __hmul(a, b); return a; }
__CUWA_HFN __half &operator/=(__half &a, __half b) { a = __hdiv(a, b); return a; }
__CUWA_HFN bool operator==(__half a, __half b) { return __heq(a, b); }
__CUWA_HFN bool operator!=(__half a, __half b) { return __hneu(a, b); }
__CUWA_HFN bool operator<(__half a, __half b) { return __hlt(a, b); }
__CUWA_HFN bool operator<=(__half a, __half b) { return __hle(a, b); }
__CUWA_HFN bool operator>(__half a, __half b) { return __hgt(a, b); }
__CUWA_HFN bool operator>=(__half a, __half b) { return __hge(a, b); }
__CUWA_HFN __half2 operator+(__half2 a, __half2 b) { return __hadd2(a, b); }
__CUWA_HFN __half2 operator-(__half2 a, __half2 b) { return __hsub2(a, b); }
__CUWA_HFN __half2 operator*(__half2 a, __half2 b) { return __hmul2(a, b); }
__CUWA_HFN __half2 operator/(__half2 a, __half2 b) { return __h2div(a, b); }
__CUWA_HFN __half2 &operator+=(__half2 &a, __half2 b) { a = __hadd2(a, b); return a; }
__CUWA_HFN __half2 &operator*=(__half2 &a, __half2 b) { a = __hmul2(a, b); return a; }

#undef __CUWA_HFN
#endif
