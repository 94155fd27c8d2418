/* sgemm_omp.c: the OpenMP baselines of sgemm.cu: the naive product as one
 * writes it for a CPU (rows in parallel, i-k-j order so the inner loop
 * runs along rows of B and C), and a version blocked in 16 x 16 tiles. */
#include <string.h>

void omp_sgemm_naive(int n, const float *a, const float *b, float *c) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++) {
    float *ci = c + (size_t)i * n;
    memset(ci, 0, n * sizeof(float));
    for (int k = 0; k < n; k++) {
      float aik = a[(size_t)i * n + k];
      const float *bk = b + (size_t)k * n;
#pragma omp simd
      for (int j = 0; j < n; j++) ci[j] += aik * bk[j];
    }
  }
}

#define T 16
void omp_sgemm_tiled(int n, const float *a, const float *b, float *c) {
#pragma omp parallel for collapse(2) schedule(static)
  for (int i0 = 0; i0 < n; i0 += T)
    for (int j0 = 0; j0 < n; j0 += T) {
      float acc[T][T];
      memset(acc, 0, sizeof acc);
      for (int k0 = 0; k0 < n; k0 += T)
        for (int i = 0; i < T; i++)
          for (int k = 0; k < T; k++) {
            float aik = a[(size_t)(i0 + i) * n + k0 + k];
            const float *bk = b + (size_t)(k0 + k) * n + j0;
#pragma omp simd
            for (int j = 0; j < T; j++) acc[i][j] += aik * bk[j];
          }
      for (int i = 0; i < T; i++) memcpy(c + (size_t)(i0 + i) * n + j0, acc[i], sizeof acc[i]);
    }
}
