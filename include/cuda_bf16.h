/* cuda_bf16.h: CUDA's bfloat16 (__nv_bfloat16, __nv_bfloat162) for
 * device code (cuwa's device pass reads this file through
 * cuwa/device/cuda_bf16.h) and for host code (any C++ compiler). A
 * bfloat16 is the top 16 bits of a float; every operation converts to
 * float, computes there and rounds back with exact integer code (round to
 * nearest even unless the name says _rz/_ru/_rd; a NaN result is 0x7fff,
 * as cvt and CUDA's host code give), so results are bit-exact: float
 * carries 24 >= 2 * 8 + 2 bits, so + - * / sqrt through float round as if
 * done directly, and __hfma rounds the float sum to odd first. Built on
 * cuda_fp16.h's bit helpers; operators as there. Not here: atomicAdd on
 * bfloat16. */
#ifndef __CUDA_BF16_H__
#define __CUDA_BF16_H__

#include "cuda_fp16.h"

#define __CUWA_BFN static __inline__ __host__ __device__

typedef struct __nv_bfloat16 { unsigned short __x; } __nv_bfloat16;
typedef struct __nv_bfloat162 { __nv_bfloat16 x, y; } __nv_bfloat162;
typedef struct __nv_bfloat16_raw { unsigned short x; } __nv_bfloat16_raw;
typedef struct __nv_bfloat162_raw { unsigned short x, y; } __nv_bfloat162_raw;
typedef __nv_bfloat16 nv_bfloat16;
typedef __nv_bfloat162 nv_bfloat162;

/* ---- bits --------------------------------------------------------------- */

__CUWA_BFN __nv_bfloat16 __cuwa_mkbf(unsigned short x) { __nv_bfloat16 h; h.__x = x; return h; }
__CUWA_BFN __nv_bfloat162 __cuwa_mkbf2(__nv_bfloat16 a, __nv_bfloat16 b) {
  __nv_bfloat162 r;
  r.x = a;
  r.y = b;
  return r;
}

/* float -> bfloat16 bits; mode 0 nearest even, 1 toward zero, 2 up, 3
 * down. The 16 bits cut off decide; a carry out of the significand moves
 * the exponent (and past the largest finite value gives infinity), so the
 * same code serves subnormals, normals and overflow. */
__CUWA_BFN unsigned short __cuwa_f2bf(float f, int mode) {
  unsigned x = __cuwa_f2u(f), h = x >> 16, rem = x & 0xffffu;
  bool neg = (x >> 31) != 0;
  if ((x & 0x7fffffffu) > 0x7f800000u) return 0x7fffu;  /* NaN: canonical, as cvt */
  if (mode == 0) {
    if (rem > 0x8000u || (rem == 0x8000u && (h & 1u))) h++;
  } else if (rem && (mode == 2 ? !neg : mode == 3 ? neg : false)) {
    h++;
  }
  return (unsigned short)h;
}

#ifdef __CUDA_ARCH__
#define __cuwa_d2u(d) ((unsigned long long)__double_as_longlong(d))
#define __cuwa_u2d(u) __longlong_as_double((long long)(u))
#else
__CUWA_BFN unsigned long long __cuwa_d2u(double d) { unsigned long long u; __builtin_memcpy(&u, &d, 8); return u; }
__CUWA_BFN double __cuwa_u2d(unsigned long long u) { double d; __builtin_memcpy(&d, &u, 8); return d; }
#endif

__CUWA_BFN float __cuwa_bf2f(unsigned short h) { return __cuwa_u2f((unsigned)h << 16); }

/* A float that rounds to bfloat16 as x itself would in every mode: x
 * rounded to float with round-to-odd (24 >= 8 + 2 bits). */
__CUWA_BFN float __cuwa_d2f_odd(double x) {
  float f = (float)x;
  if (f == f && (double)f != x && !(f - f != 0.0f)) {
    unsigned u = __cuwa_f2u(f);
    /* f and its neighbour toward x bracket x; the odd one of them */
    if (!(u & 1u)) u = fabs(x) > fabs((double)f) ? u + 1u : u - 1u;
    f = __cuwa_u2f(u);
  }
  return f;
}

/* |i| of a 64-bit integer to float with round-to-odd (sticky bit) */
__CUWA_BFN float __cuwa_u64_f_odd(unsigned long long m) {
  int s = 0;
  unsigned long long sticky = 0;
  while (m >> 24) {
    sticky |= m & 1u;
    m >>= 1;
    s++;
  }
  return ldexpf((float)(m | sticky), s);
}

/* ---- conversions ----------------------------------------------------------- */

__CUWA_BFN float __bfloat162float(__nv_bfloat16 a) { return __cuwa_bf2f(a.__x); }
__CUWA_BFN __nv_bfloat16 __float2bfloat16(float a) { return __cuwa_mkbf(__cuwa_f2bf(a, 0)); }
__CUWA_BFN __nv_bfloat16 __float2bfloat16_rn(float a) { return __cuwa_mkbf(__cuwa_f2bf(a, 0)); }
__CUWA_BFN __nv_bfloat16 __float2bfloat16_rz(float a) { return __cuwa_mkbf(__cuwa_f2bf(a, 1)); }
__CUWA_BFN __nv_bfloat16 __float2bfloat16_ru(float a) { return __cuwa_mkbf(__cuwa_f2bf(a, 2)); }
__CUWA_BFN __nv_bfloat16 __float2bfloat16_rd(float a) { return __cuwa_mkbf(__cuwa_f2bf(a, 3)); }
__CUWA_BFN __nv_bfloat16 __double2bfloat16(double a) {
  return __cuwa_mkbf(__cuwa_f2bf(__cuwa_d2f_odd(a), 0));
}
__CUWA_BFN __nv_bfloat162 __float2bfloat162_rn(float a) {
  __nv_bfloat16 h = __float2bfloat16(a);
  return __cuwa_mkbf2(h, h);
}
__CUWA_BFN __nv_bfloat162 __floats2bfloat162_rn(float a, float b) {
  return __cuwa_mkbf2(__float2bfloat16(a), __float2bfloat16(b));
}
__CUWA_BFN __nv_bfloat162 __float22bfloat162_rn(float2 a) { return __floats2bfloat162_rn(a.x, a.y); }
__CUWA_BFN float2 __bfloat1622float2(__nv_bfloat162 a) {
  float2 r;
  r.x = __bfloat162float(a.x);
  r.y = __bfloat162float(a.y);
  return r;
}
__CUWA_BFN float __low2float(__nv_bfloat162 a) { return __bfloat162float(a.x); }
__CUWA_BFN float __high2float(__nv_bfloat162 a) { return __bfloat162float(a.y); }
__CUWA_BFN __nv_bfloat16 __low2bfloat16(__nv_bfloat162 a) { return a.x; }
__CUWA_BFN __nv_bfloat16 __high2bfloat16(__nv_bfloat162 a) { return a.y; }
__CUWA_BFN __nv_bfloat162 __halves2bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return __cuwa_mkbf2(a, b); }
__CUWA_BFN __nv_bfloat162 __bfloat162bfloat162(__nv_bfloat16 a) { return __cuwa_mkbf2(a, a); }
__CUWA_BFN __nv_bfloat162 __low2bfloat162(__nv_bfloat162 a) { return __cuwa_mkbf2(a.x, a.x); }
__CUWA_BFN __nv_bfloat162 __high2bfloat162(__nv_bfloat162 a) { return __cuwa_mkbf2(a.y, a.y); }
__CUWA_BFN __nv_bfloat162 __lows2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) { return __cuwa_mkbf2(a.x, b.x); }
__CUWA_BFN __nv_bfloat162 __highs2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) { return __cuwa_mkbf2(a.y, b.y); }
__CUWA_BFN __nv_bfloat162 __lowhigh2highlow(__nv_bfloat162 a) { return __cuwa_mkbf2(a.y, a.x); }
__CUWA_BFN short __bfloat16_as_short(__nv_bfloat16 a) { return (short)a.__x; }
__CUWA_BFN unsigned short __bfloat16_as_ushort(__nv_bfloat16 a) { return a.__x; }
__CUWA_BFN __nv_bfloat16 __short_as_bfloat16(short a) { return __cuwa_mkbf((unsigned short)a); }
__CUWA_BFN __nv_bfloat16 __ushort_as_bfloat16(unsigned short a) { return __cuwa_mkbf(a); }

/* bfloat16 -> integer: the exact float value rounded as named, then
 * saturated; NaN gives 0, or 1 << 63 for 64-bit targets (as cvt) */
__CUWA_BFN double __cuwa_bfround(__nv_bfloat16 a, int mode) {
  float f = __bfloat162float(a);
  return mode == 0 ? rintf(f) : mode == 1 ? truncf(f) : mode == 2 ? ceilf(f) : floorf(f);
}
__CUWA_BFN long long __cuwa_bfsat(__nv_bfloat16 a, int mode, long long lo, long long hi,
                                   double hi_excl, long long nan) {
  double f = __cuwa_bfround(a, mode);
  if (f != f) return nan;
  if (f <= (double)lo) return lo;
  if (f >= hi_excl) return hi;
  return (long long)f;
}
__CUWA_BFN unsigned long long __cuwa_bfsatu(__nv_bfloat16 a, int mode, unsigned long long hi,
                                            double hi_excl, unsigned long long nan) {
  double f = __cuwa_bfround(a, mode);
  if (f != f) return nan;
  if (f <= 0.0) return 0;
  if (f >= hi_excl) return hi;
  return (unsigned long long)f;
}
#define __CUWA_BF2I(NAME, T, LO, HI, HX, NAN)                                                   \
  __CUWA_BFN T NAME##_rn(__nv_bfloat16 a) { return (T)__cuwa_bfsat(a, 0, LO, HI, HX, NAN); } \
  __CUWA_BFN T NAME##_rz(__nv_bfloat16 a) { return (T)__cuwa_bfsat(a, 1, LO, HI, HX, NAN); } \
  __CUWA_BFN T NAME##_ru(__nv_bfloat16 a) { return (T)__cuwa_bfsat(a, 2, LO, HI, HX, NAN); } \
  __CUWA_BFN T NAME##_rd(__nv_bfloat16 a) { return (T)__cuwa_bfsat(a, 3, LO, HI, HX, NAN); }
#define __CUWA_BF2U(NAME, T, HI, HX, NAN)                                                   \
  __CUWA_BFN T NAME##_rn(__nv_bfloat16 a) { return (T)__cuwa_bfsatu(a, 0, HI, HX, NAN); } \
  __CUWA_BFN T NAME##_rz(__nv_bfloat16 a) { return (T)__cuwa_bfsatu(a, 1, HI, HX, NAN); } \
  __CUWA_BFN T NAME##_ru(__nv_bfloat16 a) { return (T)__cuwa_bfsatu(a, 2, HI, HX, NAN); } \
  __CUWA_BFN T NAME##_rd(__nv_bfloat16 a) { return (T)__cuwa_bfsatu(a, 3, HI, HX, NAN); }
__CUWA_BF2I(__bfloat162short, short, -32768LL, 32767LL, 32768.0, 0LL)
__CUWA_BF2I(__bfloat162int, int, -2147483647LL - 1, 2147483647LL, 2147483648.0, 0LL)
__CUWA_BF2I(__bfloat162ll, long long, -9223372036854775807LL - 1, 9223372036854775807LL,
            9223372036854775808.0, -9223372036854775807LL - 1)
__CUWA_BF2U(__bfloat162ushort, unsigned short, 65535ULL, 65536.0, 0ULL)
__CUWA_BF2U(__bfloat162uint, unsigned, 4294967295ULL, 4294967296.0, 0ULL)
__CUWA_BF2U(__bfloat162ull, unsigned long long, 18446744073709551615ULL, 18446744073709551616.0,
            9223372036854775808ULL)
__CUWA_BFN signed char __bfloat162char_rz(__nv_bfloat16 a) {
  return (signed char)__cuwa_bfsat(a, 1, -128LL, 127LL, 128.0, 0LL);
}
__CUWA_BFN unsigned char __bfloat162uchar_rz(__nv_bfloat16 a) {
  return (unsigned char)__cuwa_bfsatu(a, 1, 255ULL, 256.0, 0ULL);
}
/* integer -> bfloat16: through a round-to-odd float, so one rounding */
__CUWA_BFN __nv_bfloat16 __cuwa_ll2bf(long long i, int mode) {
  unsigned long long m = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
  float f = __cuwa_u64_f_odd(m);
  return __cuwa_mkbf(__cuwa_f2bf(i < 0 ? -f : f, mode));
}
__CUWA_BFN __nv_bfloat16 __cuwa_ull2bf(unsigned long long i, int mode) {
  return __cuwa_mkbf(__cuwa_f2bf(__cuwa_u64_f_odd(i), mode));
}
#define __CUWA_I2BF(NAME, T, F)                                                    \
  __CUWA_BFN __nv_bfloat16 NAME##_rn(T i) { return F(i, 0); }                   \
  __CUWA_BFN __nv_bfloat16 NAME##_rz(T i) { return F(i, 1); }                   \
  __CUWA_BFN __nv_bfloat16 NAME##_ru(T i) { return F(i, 2); }                   \
  __CUWA_BFN __nv_bfloat16 NAME##_rd(T i) { return F(i, 3); }
__CUWA_I2BF(__short2bfloat16, short, __cuwa_ll2bf)
__CUWA_I2BF(__ushort2bfloat16, unsigned short, __cuwa_ull2bf)
__CUWA_I2BF(__int2bfloat16, int, __cuwa_ll2bf)
__CUWA_I2BF(__uint2bfloat16, unsigned, __cuwa_ull2bf)
__CUWA_I2BF(__ll2bfloat16, long long, __cuwa_ll2bf)
__CUWA_I2BF(__ull2bfloat16, unsigned long long, __cuwa_ull2bf)

/* ---- arithmetic -------------------------------------------------------------- */

#define __CUWA_BF(a) __bfloat162float(a)
#define __CUWA_FB(f) __float2bfloat16(f)
__CUWA_BFN __nv_bfloat16 __cuwa_bfadd(__nv_bfloat16 a, __nv_bfloat16 b) { return __CUWA_FB(__CUWA_BF(a) + __CUWA_BF(b)); }
__CUWA_BFN __nv_bfloat16 __hsub(__nv_bfloat16 a, __nv_bfloat16 b) { return __CUWA_FB(__CUWA_BF(a) - __CUWA_BF(b)); }
__CUWA_BFN __nv_bfloat16 __hmul(__nv_bfloat16 a, __nv_bfloat16 b) { return __CUWA_FB(__CUWA_BF(a) * __CUWA_BF(b)); }
/* in double: a float quotient in float's subnormal range would round twice */
__CUWA_BFN __nv_bfloat16 __hdiv(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __double2bfloat16((double)__CUWA_BF(a) / (double)__CUWA_BF(b));
}
__CUWA_BFN __nv_bfloat16 __hadd_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return __cuwa_bfadd(a, b); }
__CUWA_BFN __nv_bfloat16 __hsub_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return __hsub(a, b); }
__CUWA_BFN __nv_bfloat16 __hmul_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return __hmul(a, b); }
__CUWA_BFN __nv_bfloat16 __hneg(__nv_bfloat16 a) { return __cuwa_mkbf((unsigned short)(a.__x ^ 0x8000u)); }
__CUWA_BFN __nv_bfloat16 __habs(__nv_bfloat16 a) { return __cuwa_mkbf((unsigned short)(a.__x & 0x7fffu)); }
/* a * b + c rounded once: the product is exact in double (8 + 8 bits;
 * in float it could overflow or underflow), the double sum is rounded to
 * odd (two-sum error decides), then to bfloat16 */
__CUWA_BFN __nv_bfloat16 __hfma(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
  double p = (double)__CUWA_BF(a) * (double)__CUWA_BF(b), q = __CUWA_BF(c), s = p + q;
  if (s - s == 0.0) {
    double bp = s - q, e = (p - bp) + (q - (s - bp));
    unsigned long long u = __cuwa_d2u(s);
    if (e != 0.0 && !(u & 1u)) s = __cuwa_u2d(((e > 0.0) == (s > 0.0)) ? u + 1u : u - 1u);
  }
  return __double2bfloat16(s);
}
__CUWA_BFN bool __hisnan(__nv_bfloat16 a) { return (a.__x & 0x7fffu) > 0x7f80u; }
/* -1, 1 or 0 for -inf, +inf, anything else */
__CUWA_BFN int __hisinf(__nv_bfloat16 a) { return a.__x == 0x7f80u ? 1 : a.__x == 0xff80u ? -1 : 0; }
/* fma then max(0, .); a NaN stays NaN */
__CUWA_BFN __nv_bfloat16 __hfma_relu(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
  __nv_bfloat16 r = __hfma(a, b, c);
  return __hisnan(r) ? __cuwa_mkbf(0x7fffu) : (r.__x & 0x8000u) ? __cuwa_mkbf(0) : r;
}
__CUWA_BFN __nv_bfloat16 __hadd_sat(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __CUWA_FB(__cuwa_sat(__CUWA_BF(__cuwa_bfadd(a, b))));
}
__CUWA_BFN __nv_bfloat16 __hsub_sat(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __CUWA_FB(__cuwa_sat(__CUWA_BF(__hsub(a, b))));
}
__CUWA_BFN __nv_bfloat16 __hmul_sat(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __CUWA_FB(__cuwa_sat(__CUWA_BF(__hmul(a, b))));
}
__CUWA_BFN __nv_bfloat16 __hfma_sat(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
  return __CUWA_FB(__cuwa_sat(__CUWA_BF(__hfma(a, b, c))));
}
__CUWA_BFN __nv_bfloat16 __hmax(__nv_bfloat16 a, __nv_bfloat16 b) {
  if (__hisnan(a)) return __hisnan(b) ? __cuwa_mkbf(0x7fffu) : b;
  if (__hisnan(b)) return a;
  return __CUWA_BF(a) > __CUWA_BF(b) || (__CUWA_BF(a) == __CUWA_BF(b) && !(a.__x & 0x8000u)) ? a : b;
}
__CUWA_BFN __nv_bfloat16 __hmin(__nv_bfloat16 a, __nv_bfloat16 b) {
  if (__hisnan(a)) return __hisnan(b) ? __cuwa_mkbf(0x7fffu) : b;
  if (__hisnan(b)) return a;
  return __CUWA_BF(a) < __CUWA_BF(b) || (__CUWA_BF(a) == __CUWA_BF(b) && (a.__x & 0x8000u)) ? a : b;
}
__CUWA_BFN __nv_bfloat16 __hmax_nan(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __hisnan(a) || __hisnan(b) ? __cuwa_mkbf(0x7fffu) : __hmax(a, b);
}
__CUWA_BFN __nv_bfloat16 __hmin_nan(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __hisnan(a) || __hisnan(b) ? __cuwa_mkbf(0x7fffu) : __hmin(a, b);
}

/* comparisons: ordered (false with a NaN) and unordered (u: true) */
#define __CUWA_BFCMP(NAME, OP)                                                                  \
  __CUWA_BFN bool NAME(__nv_bfloat16 a, __nv_bfloat16 b) { return __CUWA_BF(a) OP __CUWA_BF(b); } \
  __CUWA_BFN bool NAME##u(__nv_bfloat16 a, __nv_bfloat16 b) {                                    \
    return __hisnan(a) || __hisnan(b) || __CUWA_BF(a) OP __CUWA_BF(b);                          \
  }
__CUWA_BFCMP(__heq, ==)
__CUWA_BFCMP(__hlt, <)
__CUWA_BFCMP(__hle, <=)
__CUWA_BFCMP(__hgt, >)
__CUWA_BFCMP(__hge, >=)
__CUWA_BFN bool __hne(__nv_bfloat16 a, __nv_bfloat16 b) {
  return !__hisnan(a) && !__hisnan(b) && __CUWA_BF(a) != __CUWA_BF(b);
}
__CUWA_BFN bool __hneu(__nv_bfloat16 a, __nv_bfloat16 b) { return __CUWA_BF(a) != __CUWA_BF(b); }

/* ---- math: the float function rounded once ------------------------------------ */

#define __CUWA_BFMATH(NAME, F) \
  __CUWA_BFN __nv_bfloat16 NAME(__nv_bfloat16 a) { return __CUWA_FB(F(__CUWA_BF(a))); }
__CUWA_BFMATH(hsqrt, sqrtf)
__CUWA_BFMATH(hrsqrt, __cuwa_rsqrtf)
__CUWA_BFN __nv_bfloat16 hrcp(__nv_bfloat16 a) { return __double2bfloat16(1.0 / (double)__CUWA_BF(a)); }
__CUWA_BFMATH(hexp, expf)
__CUWA_BFMATH(hexp2, exp2f)
__CUWA_BFMATH(hexp10, __cuwa_exp10f)
__CUWA_BFMATH(hlog, logf)
__CUWA_BFMATH(hlog2, log2f)
__CUWA_BFMATH(hlog10, log10f)
__CUWA_BFMATH(hsin, sinf)
__CUWA_BFMATH(hcos, cosf)
__CUWA_BFMATH(htanh, tanhf)
__CUWA_BFMATH(hceil, ceilf)
__CUWA_BFMATH(hfloor, floorf)
__CUWA_BFMATH(htrunc, truncf)
__CUWA_BFMATH(hrint, rintf)

/* ---- __nv_bfloat162: each half independently ----------------------------------- */

#define __CUWA_BF2_1(NAME, F) \
  __CUWA_BFN __nv_bfloat162 NAME(__nv_bfloat162 a) { return __cuwa_mkbf2(F(a.x), F(a.y)); }
#define __CUWA_BF2_2(NAME, F)                                                 \
  __CUWA_BFN __nv_bfloat162 NAME(__nv_bfloat162 a, __nv_bfloat162 b) {        \
    return __cuwa_mkbf2(F(a.x, b.x), F(a.y, b.y));                            \
  }
#define __CUWA_BF2_3(NAME, F)                                                          \
  __CUWA_BFN __nv_bfloat162 NAME(__nv_bfloat162 a, __nv_bfloat162 b, __nv_bfloat162 c) { \
    return __cuwa_mkbf2(F(a.x, b.x, c.x), F(a.y, b.y, c.y));                           \
  }
__CUWA_BF2_2(__hadd2, __cuwa_bfadd)
__CUWA_BF2_2(__hsub2, __hsub)
__CUWA_BF2_2(__hmul2, __hmul)
__CUWA_BF2_2(__hadd2_rn, __cuwa_bfadd)
__CUWA_BF2_2(__hsub2_rn, __hsub)
__CUWA_BF2_2(__hmul2_rn, __hmul)
__CUWA_BF2_2(__h2div, __hdiv)
__CUWA_BF2_2(__hadd2_sat, __hadd_sat)
__CUWA_BF2_2(__hsub2_sat, __hsub_sat)
__CUWA_BF2_2(__hmul2_sat, __hmul_sat)
__CUWA_BF2_2(__hmax2, __hmax)
__CUWA_BF2_2(__hmin2, __hmin)
__CUWA_BF2_2(__hmax2_nan, __hmax_nan)
__CUWA_BF2_2(__hmin2_nan, __hmin_nan)
__CUWA_BF2_3(__hfma2, __hfma)
__CUWA_BF2_3(__hfma2_sat, __hfma_sat)
__CUWA_BF2_3(__hfma2_relu, __hfma_relu)
__CUWA_BF2_1(__hneg2, __hneg)
__CUWA_BF2_1(__habs2, __habs)
__CUWA_BF2_1(h2sqrt, hsqrt)
__CUWA_BF2_1(h2rsqrt, hrsqrt)
__CUWA_BF2_1(h2rcp, hrcp)
__CUWA_BF2_1(h2exp, hexp)
__CUWA_BF2_1(h2exp2, hexp2)
__CUWA_BF2_1(h2exp10, hexp10)
__CUWA_BF2_1(h2log, hlog)
__CUWA_BF2_1(h2log2, hlog2)
__CUWA_BF2_1(h2log10, hlog10)
__CUWA_BF2_1(h2sin, hsin)
__CUWA_BF2_1(h2cos, hcos)
__CUWA_BF2_1(h2tanh, htanh)
__CUWA_BF2_1(h2ceil, hceil)
__CUWA_BF2_1(h2floor, hfloor)
__CUWA_BF2_1(h2trunc, htrunc)
__CUWA_BF2_1(h2rint, hrint)
/* (a.x + i a.y) * (b.x + i b.y) + (c.x + i c.y) as CUDA computes it:
 * four bfloat16 fmas */
__CUWA_BFN __nv_bfloat162 __hcmadd(__nv_bfloat162 a, __nv_bfloat162 b, __nv_bfloat162 c) {
  __nv_bfloat16 re = __hfma(a.x, b.x, c.x), im = __hfma(a.x, b.y, c.y);
  return __cuwa_mkbf2(__hfma(__hneg(a.y), b.y, re), __hfma(a.y, b.x, im));
}
__CUWA_BFN __nv_bfloat162 __hisnan2(__nv_bfloat162 a) {
  return __cuwa_mkbf2(__cuwa_mkbf(__hisnan(a.x) ? 0x3f80u : 0u), __cuwa_mkbf(__hisnan(a.y) ? 0x3f80u : 0u));
}
/* comparisons of pairs: __heq2 gives 1.0/0.0 per half, __hbeq2 both */
#define __CUWA_BF2CMP(NAME)                                                                 \
  __CUWA_BFN __nv_bfloat162 NAME##2(__nv_bfloat162 a, __nv_bfloat162 b) {                    \
    return __cuwa_mkbf2(__cuwa_mkbf(NAME(a.x, b.x) ? 0x3f80u : 0u),                          \
                        __cuwa_mkbf(NAME(a.y, b.y) ? 0x3f80u : 0u));                         \
  }
#define __CUWA_BF2CMPS(OP)                                                                  \
  __CUWA_BF2CMP(__h##OP)                                                                    \
  __CUWA_BF2CMP(__h##OP##u)                                                                 \
  __CUWA_BFN bool __hb##OP##2(__nv_bfloat162 a, __nv_bfloat162 b) {                         \
    return __h##OP(a.x, b.x) && __h##OP(a.y, b.y);                                         \
  }                                                                                         \
  __CUWA_BFN bool __hb##OP##u2(__nv_bfloat162 a, __nv_bfloat162 b) {                        \
    return __h##OP##u(a.x, b.x) && __h##OP##u(a.y, b.y);                                    \
  }
__CUWA_BF2CMPS(eq)
__CUWA_BF2CMPS(ne)
__CUWA_BF2CMPS(lt)
__CUWA_BF2CMPS(le)
__CUWA_BF2CMPS(gt)
__CUWA_BF2CMPS(ge)

/* __hadd last: on the device, cuwa sends __hadd(int, int) to the integer
 * intrinsic and calls with bfloat16 arguments here */
__CUWA_BFN __nv_bfloat16 __hadd(__nv_bfloat16 a, __nv_bfloat16 b) { return __cuwa_bfadd(a, b); }

#ifdef __CUDA_ARCH__
/* warp shuffles of bfloat16: the bits travel as an unsigned int */
__CUWA_BFN unsigned __cuwa_bf2u(__nv_bfloat162 a) { return a.x.__x | ((unsigned)a.y.__x << 16); }
__CUWA_BFN __nv_bfloat162 __cuwa_u2bf2(unsigned u) {
  return __cuwa_mkbf2(__cuwa_mkbf((unsigned short)u), __cuwa_mkbf((unsigned short)(u >> 16)));
}
#define __CUWA_BFSHFL(NAME, T)                                                                  \
  static __inline__ __device__ __nv_bfloat16 NAME(unsigned m, __nv_bfloat16 v, T l, int w = 32) { \
    return __cuwa_mkbf((unsigned short)NAME(m, (unsigned)v.__x, l, w));                        \
  }                                                                                             \
  static __inline__ __device__ __nv_bfloat162 NAME(unsigned m, __nv_bfloat162 v, T l, int w = 32) { \
    return __cuwa_u2bf2(NAME(m, __cuwa_bf2u(v), l, w));                                         \
  }
__CUWA_BFSHFL(__shfl_sync, int)
__CUWA_BFSHFL(__shfl_up_sync, unsigned)
__CUWA_BFSHFL(__shfl_down_sync, unsigned)
__CUWA_BFSHFL(__shfl_xor_sync, int)
#undef __CUWA_BFSHFL

/* atomicAdd on a bfloat16 (CUDA: sm_80+; returns the old value): a
 * 16-bit compare-and-swap loop; the sum rounds as __hadd. */
static __inline__ __device__ __nv_bfloat16 atomicAdd(__nv_bfloat16 *address, __nv_bfloat16 val) {
  unsigned short *w = (unsigned short *)address;
  unsigned short old = *w, assumed;
  do {
    assumed = old;
    old = atomicCAS(w, assumed, __cuwa_bfadd(__cuwa_mkbf(assumed), val).__x);
  } while (assumed != old);
  return __cuwa_mkbf(old);
}
#endif

__CUWA_BFN __nv_bfloat16 operator+(__nv_bfloat16 a, __nv_bfloat16 b) { return __cuwa_bfadd(a, b); }
__CUWA_BFN __nv_bfloat16 operator-(__nv_bfloat16 a, __nv_bfloat16 b) { return __hsub(a, b); }
__CUWA_BFN __nv_bfloat16 operator*(__nv_bfloat16 a, __nv_bfloat16 b) { return __hmul(a, b); }
__CUWA_BFN __nv_bfloat16 operator/(__nv_bfloat16 a, __nv_bfloat16 b) { return __hdiv(a, b); }
__CUWA_BFN __nv_bfloat16 operator-(__nv_bfloat16 a) { return __hneg(a); }
__CUWA_BFN __nv_bfloat16 operator+(__nv_bfloat16 a) { return a; }
__CUWA_BFN __nv_bfloat16 &operator+=(__nv_bfloat16 &a, __nv_bfloat16 b) { a = __cuwa_bfadd(a, b); return a; }
__CUWA_BFN __nv_bfloat16 &operator-=(__nv_bfloat16 &a, __nv_bfloat16 b) { a = __hsub(a, b); return a; }
__CUWA_BFN __nv_bfloat16 &operator*=(__nv_bfloat16 &a, __nv_bfloat16 b) { a = __hmul(a, b); return a; }
__CUWA_BFN __nv_bfloat16 &operator/=(__nv_bfloat16 &a, __nv_bfloat16 b) { a = __hdiv(a, b); return a; }
__CUWA_BFN bool operator==(__nv_bfloat16 a, __nv_bfloat16 b) { return __heq(a, b); }
__CUWA_BFN bool operator!=(__nv_bfloat16 a, __nv_bfloat16 b) { return __hneu(a, b); }
__CUWA_BFN bool operator<(__nv_bfloat16 a, __nv_bfloat16 b) { return __hlt(a, b); }
__CUWA_BFN bool operator<=(__nv_bfloat16 a, __nv_bfloat16 b) { return __hle(a, b); }
__CUWA_BFN bool operator>(__nv_bfloat16 a, __nv_bfloat16 b) { return __hgt(a, b); }
__CUWA_BFN bool operator>=(__nv_bfloat16 a, __nv_bfloat16 b) { return __hge(a, b); }
__CUWA_BFN __nv_bfloat162 operator+(__nv_bfloat162 a, __nv_bfloat162 b) { return __hadd2(a, b); }
__CUWA_BFN __nv_bfloat162 operator-(__nv_bfloat162 a, __nv_bfloat162 b) { return __hsub2(a, b); }
__CUWA_BFN __nv_bfloat162 operator*(__nv_bfloat162 a, __nv_bfloat162 b) { return __hmul2(a, b); }
__CUWA_BFN __nv_bfloat162 operator/(__nv_bfloat162 a, __nv_bfloat162 b) { return __h2div(a, b); }
__CUWA_BFN __nv_bfloat162 &operator+=(__nv_bfloat162 &a, __nv_bfloat162 b) { a = __hadd2(a, b); return a; }
__CUWA_BFN __nv_bfloat162 &operator-=(__nv_bfloat162 &a, __nv_bfloat162 b) { a = __hsub2(a, b); return a; }
__CUWA_BFN __nv_bfloat162 &operator*=(__nv_bfloat162 &a, __nv_bfloat162 b) { a = __hmul2(a, b); return a; }
__CUWA_BFN __nv_bfloat162 &operator/=(__nv_bfloat162 &a, __nv_bfloat162 b) { a = __h2div(a, b); return a; }

#undef __CUWA_BFN
#endif
