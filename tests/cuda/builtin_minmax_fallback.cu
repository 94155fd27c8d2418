// builtin_minmax_fallback: a user's template<class T> T max(const T&, const
// T&) does not hide CUDA's own min/max: a call whose arguments differ in
// type (deduction fails) takes the built-in overload after the usual
// arithmetic conversions, as nvcc does (eigenvalues' util.h + bisect_util.cu).
#include "check.h"

template <class T> __host__ __device__ T max(const T &a, const T &b) { return a < b ? b : a; }
template <class T> __host__ __device__ T min(const T &a, const T &b) { return a < b ? a : b; }

__global__ void mix(const float *f, const int *i, float *of, unsigned *ou) {
  of[0] = max(f[0], f[1]);     /* the template */
  of[1] = max(f[0], 0.5f);     /* the template */
  ou[0] = max(i[0], 3u);       /* built-in max(int, unsigned): unsigned */
  ou[1] = min(7u, i[1]);       /* built-in min(unsigned, int) */
  ou[2] = (unsigned)max(i[1], i[0]);  /* the template */
}

int main() {
  float hf[2] = {1.25f, -2.0f}, rf[2], *df, *dof;
  int hi[2] = {-1, 5}, *di;
  unsigned ru[3], *dou;
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  CHECK_CUDA(cudaMalloc(&dof, sizeof rf));
  CHECK_CUDA(cudaMalloc(&dou, sizeof ru));
  CHECK_CUDA(cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(di, hi, sizeof hi, cudaMemcpyHostToDevice));
  mix<<<1, 1>>>(df, di, dof, dou);
  CHECK_CUDA(cudaMemcpy(rf, dof, sizeof rf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(ru, dou, sizeof ru, cudaMemcpyDeviceToHost));
  CHECK_NEAR(1.25, rf[0], 0);
  CHECK_NEAR(1.25, rf[1], 0);
  CHECK(0xffffffffu, ru[0]);  /* -1 converts to UINT_MAX */
  CHECK(5, ru[1]);
  CHECK(5, ru[2]);
  CHECK(7, max(3, 7));        /* host side: the template */
  return check_done("builtin_minmax_fallback");
}
