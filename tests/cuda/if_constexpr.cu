// if_constexpr: `if constexpr` in device function templates. The branch
// not taken for the current arguments is not instantiated, so it may be
// ill-formed for them (a member T lacks, a call with the wrong type);
// chains of else if constexpr, a constexpr trait as condition, a
// non-type parameter as condition, and if constexpr outside templates.
#include "check.h"

template <class A, class B> struct same_as { static constexpr bool value = false; };
template <class A> struct same_as<A, A> { static constexpr bool value = true; };

struct Pair { float first, second; };

template <typename T> __device__ float value_of(T x) {
  if constexpr (same_as<T, Pair>::value) {
    return x.first + x.second;  // only valid for Pair
  } else if constexpr (sizeof(T) == 8) {
    return (float)(x * 2);
  } else {
    return (float)x + 0.5f;
  }
}

template <int N> __device__ int unrolled_sum(const int *a) {
  if constexpr (N == 0) {
    return 0;
  } else {
    return a[N - 1] + unrolled_sum<N - 1>(a);  // not instantiated for N == 0
  }
}

template <bool Square> __device__ int maybe_square(int v) {
  int r = v;
  if constexpr (Square) r = v * v;
  return r;
}

__device__ int plain(int v) {
  if constexpr (sizeof(int) == 4) return v + 4;
  else return v;
}

__global__ void kernel(const int *in, float *fout, int *iout) {
  int i = threadIdx.x;
  Pair pr = {(float)i, 1.0f};
  fout[i * 3 + 0] = value_of(pr);
  fout[i * 3 + 1] = value_of((long long)i);
  fout[i * 3 + 2] = value_of(i);
  iout[i * 4 + 0] = unrolled_sum<4>(in + i);
  iout[i * 4 + 1] = maybe_square<true>(i);
  iout[i * 4 + 2] = maybe_square<false>(i);
  iout[i * 4 + 3] = plain(i);
}

int main() {
  const int n = 32;
  int hin[n + 4], hi[4 * n];
  float hf[3 * n];
  for (int i = 0; i < n + 4; i++) hin[i] = i * 3 - 7;
  int *din, *di;
  float *df;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  kernel<<<1, n>>>(din, df, di);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hi, di, sizeof hi, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    CHECK_NEAR(i + 1.0f, hf[i * 3 + 0], 0);
    CHECK_NEAR(2.0f * i, hf[i * 3 + 1], 0);
    CHECK_NEAR(i + 0.5f, hf[i * 3 + 2], 0);
    CHECK(hin[i] + hin[i + 1] + hin[i + 2] + hin[i + 3], hi[i * 4 + 0]);
    CHECK(i * i, hi[i * 4 + 1]);
    CHECK(i, hi[i * 4 + 2]);
    CHECK(i + 4, hi[i * 4 + 3]);
  }
  return check_done("if_constexpr");
}
