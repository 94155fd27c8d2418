// member_templates: member function templates of classes and of class
// templates, defined in the class: explicit and deduced arguments, calls
// through `.`, `->` and `.template`, from another member function (the
// implicit this), a non-type member template parameter, and a member
// template that uses both the class's and its own parameters.
#include "check.h"

struct Acc {
  float v;
  template <class U> __device__ U as() const { return (U)v; }
  template <class U> __device__ void add(U u) { v += (float)u; }
  template <int N> __device__ float times() const { return v * N; }
  __device__ int twice_as_int() const { return 2 * as<int>(); }
  template <class U> static __device__ U zero() { return (U)0; }
};

template <class T> struct Wrap {
  T value;
  template <class U> __device__ U convert() const { return (U)value; }
  template <class U> __device__ T scaled(U factor) const { return (T)(value * factor); }
  template <class U> __device__ void store(U *out, int i) const { out[i] = (U)value; }
};

__global__ void kernel(const float *in, float *fout, int *iout) {
  int i = threadIdx.x;
  Acc a = {in[i]};
  iout[i * 6 + 0] = a.as<int>();
  a.add(3);        // U deduced as int
  a.add(0.25f);    // U deduced as float
  fout[i * 4 + 0] = a.v;
  fout[i * 4 + 1] = a.times<4>();
  iout[i * 6 + 1] = a.twice_as_int();
  Acc *pa = &a;
  iout[i * 6 + 2] = pa->as<int>() + a.zero<int>();
  Wrap<float> w = {in[i] + 0.5f};
  iout[i * 6 + 3] = w.convert<int>();
  iout[i * 6 + 4] = w.template convert<int>() * 2;
  fout[i * 4 + 2] = w.scaled(2);
  Wrap<int> wi = {i};
  fout[i * 4 + 3] = wi.scaled(1.5f);  // T = int: truncates
  wi.store(iout, i * 6 + 5);
}

int main() {
  const int n = 32;
  float hin[n], hf[4 * n];
  int hi[6 * n];
  for (int i = 0; i < n; i++) hin[i] = i * 1.5f;
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
    float x = hin[i], v = x + 3 + 0.25f;
    CHECK((int)x, hi[i * 6 + 0]);
    CHECK_NEAR(v, hf[i * 4 + 0], 0);
    CHECK_NEAR(v * 4, hf[i * 4 + 1], 0);
    CHECK(2 * (int)v, hi[i * 6 + 1]);
    CHECK((int)v, hi[i * 6 + 2]);
    CHECK((int)(x + 0.5f), hi[i * 6 + 3]);
    CHECK(2 * (int)(x + 0.5f), hi[i * 6 + 4]);
    CHECK_NEAR((x + 0.5f) * 2, hf[i * 4 + 2], 0);
    CHECK_NEAR((float)(int)(i * 1.5f), hf[i * 4 + 3], 0);
    CHECK(i, hi[i * 6 + 5]);
  }
  return check_done("member_templates");
}
