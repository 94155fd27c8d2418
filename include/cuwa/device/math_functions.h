/* math_functions.h (cuwa device pass): CUDA's math functions are compiler
 * intrinsics (ir/intrinsics.def); this header brings math.h's constants
 * and defines, as device code over those intrinsics, the functions that
 * return through pointers (sincosf, frexpf, modff, remquof, ...) and
 * nan/nanf. */
#ifndef __MATH_FUNCTIONS_H__
#define __MATH_FUNCTIONS_H__

#include <math.h>

#define __CUWA_MATHFN static __inline__ __device__

__CUWA_MATHFN void sincosf(float x, float *s, float *c) { *s = sinf(x); *c = cosf(x); }
__CUWA_MATHFN void sincos(double x, double *s, double *c) { *s = sin(x); *c = cos(x); }
__CUWA_MATHFN void sincospif(float x, float *s, float *c) { *s = sinpif(x); *c = cospif(x); }
__CUWA_MATHFN void sincospi(double x, double *s, double *c) { *s = sinpi(x); *c = cospi(x); }
__CUWA_MATHFN void __sincosf(float x, float *s, float *c) { *s = __sinf(x); *c = __cosf(x); }

/* x = m * 2^e with 0.5 <= |m| < 1; the scaling is exact */
__CUWA_MATHFN float frexpf(float x, int *e) {
  if (x == 0.0f || isinf(x) || isnan(x)) { *e = 0; return x; }
  *e = ilogbf(x) + 1;
  return ldexpf(x, -*e);
}
__CUWA_MATHFN double frexp(double x, int *e) {
  if (x == 0.0 || isinf(x) || isnan(x)) { *e = 0; return x; }
  *e = ilogb(x) + 1;
  return ldexp(x, -*e);
}
/* the fraction keeps the sign of x (-0 for negative integers, +-0 for inf) */
__CUWA_MATHFN float modff(float x, float *ip) {
  *ip = truncf(x);
  return copysignf(isinf(x) ? 0.0f : x - truncf(x), x);
}
__CUWA_MATHFN double modf(double x, double *ip) {
  *ip = trunc(x);
  return copysign(isinf(x) ? 0.0 : x - trunc(x), x);
}
__CUWA_MATHFN float remquof(float x, float y, int *q) {
  *q = __cuwa_remquof_quo(x, y);
  return remainderf(x, y);
}
__CUWA_MATHFN double remquo(double x, double y, int *q) {
  *q = __cuwa_remquo_quo(x, y);
  return remainder(x, y);
}
/* a quiet NaN; CUDA ignores the tag too */
__CUWA_MATHFN float nanf(const char *tag) { return __builtin_nanf(""); }
__CUWA_MATHFN double nan(const char *tag) { return __builtin_nan(""); }

#undef __CUWA_MATHFN
#include "cuwa_fast_math.h" /* --use_fast_math: sinf -> __sinf, ... */
#endif
