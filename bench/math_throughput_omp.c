/* math_throughput_omp.c: the OpenMP baseline of math_throughput.cu
 * (glibc's scalar functions: without -ffast-math gcc does not vectorize
 * them). */
#include <math.h>

void omp_math(int fn, int n, const float *x, const float *y, float *out) {
  switch (fn) {
  case 0:
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++) out[i] = expf(x[i]);
    break;
  case 1:
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++) out[i] = sinf(x[i]);
    break;
  case 2:
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++) out[i] = logf(x[i]);
    break;
  default:
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++) out[i] = powf(x[i], y[i]);
    break;
  }
}
