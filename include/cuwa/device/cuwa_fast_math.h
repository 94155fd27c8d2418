/* cuwa_fast_math.h (cuwa device pass): what nvcc's --use_fast_math does to
 * the single precision math functions: sinf, cosf, expf, logf, powf and
 * sincosf become their fast intrinsics (__sinf, ...). nvcc also maps
 * tanf, exp10f, log2f and log10f; cuwa keeps those (the WGSL back end
 * has no __tanf/__exp10f/__log2f/__log10f, and every cuwa device
 * computes a fast intrinsic as accurately as the plain function anyway,
 * docs/floating-point.md). Double precision functions are unchanged, as
 * with nvcc. Included by math_functions.h. */
#ifndef __CUWA_FAST_MATH_H
#define __CUWA_FAST_MATH_H
#ifdef __USE_FAST_MATH__
#define sinf(x) __sinf(x)
#define cosf(x) __cosf(x)
#define expf(x) __expf(x)
#define logf(x) __logf(x)
#define powf(x, y) __powf(x, y)
#define sincosf(x, s, c) __sincosf(x, s, c)
#endif
#endif
