// template_deduction: deduction of template arguments from parameters
// that are template-ids (Vec<N> by value, const Box<T> & by reference,
// Pair<T, N> *), of a non-type parameter from an array extent
// (float (&)[N]), of both from one argument (T (&)[N]), and partial
// specialization on a non-type parameter.
#include "check.h"

template <int N> struct Vec { float d[N]; };
template <class T> struct Box { T v; };
template <class T, int N> struct Pair { T a[N]; };
template <class T, int N> struct Tag { static constexpr int kind = 0; };
template <int N> struct Tag<float, N> { static constexpr int kind = N; };

template <int N> __device__ float sum(Vec<N> v) {
  float s = 0;
  for (int i = 0; i < N; i++) s += v.d[i];
  return s;
}
template <class T> __device__ T unbox(const Box<T> &b) { return b.v; }
template <class T, int N> __device__ T last(const Pair<T, N> *p) { return p->a[N - 1]; }
template <int N> __device__ int extent(float (&a)[N]) { return N; }
template <class T, int N> __device__ T sum_array(const T (&a)[N]) {
  T s = 0;
  for (int i = 0; i < N; i++) s += a[i];
  return s;
}
template <int N> __device__ int count_of(Vec<N> *) { return N; }

__global__ void kernel(const float *in, float *fout, int *iout) {
  int i = threadIdx.x;
  Vec<3> v3 = {{in[i], in[i] + 1, in[i] + 2}};
  fout[i * 4 + 0] = sum(v3);
  Box<float> bf = {in[i] * 2};
  Box<int> bi = {i + 7};
  fout[i * 4 + 1] = unbox(bf);
  iout[i * 6 + 0] = unbox(bi);
  Pair<int, 4> pr = {{i, i + 1, i + 2, i + 3}};
  iout[i * 6 + 1] = last(&pr);
  float arr[5];
  iout[i * 6 + 2] = extent(arr);
  int ints[6] = {1, 2, 3, 4, 5, i};
  iout[i * 6 + 3] = sum_array(ints);
  float fl[2] = {in[i], 0.5f};
  fout[i * 4 + 2] = sum_array(fl);
  iout[i * 6 + 4] = count_of(&v3) * 10 + Tag<float, 7>::kind + Tag<int, 3>::kind;
  fout[i * 4 + 3] = sum(Vec<2>{{1.0f, in[i]}});
  iout[i * 6 + 5] = 0;
}

int main() {
  const int n = 32;
  float hin[n], hf[4 * n];
  int hi[6 * n];
  for (int i = 0; i < n; i++) hin[i] = i * 0.5f;
  float *din, *df;
  int *di;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  kernel<<<1, n>>>(din, df, di);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hi, di, sizeof hi, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    float x = hin[i];
    CHECK_NEAR(3 * x + 3, hf[i * 4 + 0], 0);
    CHECK_NEAR(2 * x, hf[i * 4 + 1], 0);
    CHECK(i + 7, hi[i * 6 + 0]);
    CHECK(i + 3, hi[i * 6 + 1]);
    CHECK(5, hi[i * 6 + 2]);
    CHECK(15 + i, hi[i * 6 + 3]);
    CHECK_NEAR(x + 0.5f, hf[i * 4 + 2], 0);
    CHECK(37, hi[i * 6 + 4]);
    CHECK_NEAR(1.0f + x, hf[i * 4 + 3], 0);
  }
  return check_done("template_deduction");
}
